//! `netcalc same-subnet`: the AND-masking lesson, then the verdict.

use std::io::Write;
use std::net::IpAddr;

use crate::cli::SameSubnetArgs;
use crate::commands::{NO, YES, write_err};
use crate::i18n::t;
use crate::output::{Style, json_line};
use netcalc::addr::{binary_with_boundary, parse_mask, parse_prefixed};
use netcalc::error::Result;
use netcalc::subnet::{HostView, SameSubnet, same_subnet};

pub(crate) fn run(args: &SameSubnetArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let a = parse_prefixed(&args.a)?;
    let b = parse_prefixed(&args.b)?;
    let mask = args.mask.as_deref().map(parse_mask).transpose()?;
    let r = same_subnet(a, b, mask)?;
    if args.json {
        json_line(out, &r).map_err(write_err)?;
    } else {
        render(&r, out, style).map_err(write_err)?;
    }
    Ok(if r.same_subnet { YES } else { NO })
}

pub(crate) fn render(r: &SameSubnet, out: &mut dyn Write, s: Style) -> std::io::Result<()> {
    let [a, b] = &r.hosts;
    let col = if a.address.is_ipv4() { 15 } else { 39 };
    let row = |out: &mut dyn Write, op: &str, addr: IpAddr, prefix: u8, label: &str| {
        writeln!(out, "  {op:<3} {addr:<col$}  {}  {}", binary_with_boundary(addr, prefix), s.dim(label))
    };
    // One AND: `host AND mask = masked`, labelled.
    let and = |out: &mut dyn Write, host: IpAddr, who: &str, v: &HostView, masked: IpAddr, result: &str| {
        row(out, "", host, v.prefix, who)?;
        row(out, "AND", v.mask, v.prefix, &t!("same-subnet-mask", prefix = v.prefix))?;
        row(out, "=", masked, v.prefix, result)
    };
    if a.prefix == b.prefix {
        let head = t!("same-subnet-both-masks", mask = a.mask.to_string(), prefix = a.prefix);
        writeln!(out, "{}", s.bold(&head))?;
        let (host_a, host_b) = (t!("same-subnet-host", name = "A"), t!("same-subnet-host", name = "B"));
        and(out, a.address, &host_a, a, a.network, &t!("same-subnet-network-of", name = "A"))?;
        writeln!(out)?;
        and(out, b.address, &host_b, a, a.other_network, &t!("same-subnet-network-of", name = "B"))?;
        writeln!(out)?;
        let verdict = if r.same_subnet {
            s.green(&t!("same-subnet-same", network = format!("{}/{}", a.network, a.prefix)))
        } else {
            s.red(&t!(
                "same-subnet-different",
                a = format!("{}/{}", a.network, a.prefix),
                b = format!("{}/{}", b.network, b.prefix)
            ))
        };
        return writeln!(out, "{verdict}");
    }
    for (me, other, my, their) in [("A", "B", a, b), ("B", "A", b, a)] {
        let head = t!(
            "same-subnet-own-mask",
            me = me,
            address = my.address.to_string(),
            prefix = my.prefix,
            mask = my.mask.to_string()
        );
        writeln!(out, "{}", s.bold(&head))?;
        let (host_me, net_me) = (t!("same-subnet-host", name = me), t!("same-subnet-network-of", name = me));
        and(out, my.address, &host_me, my, my.network, &net_me)?;
        let masked = my.other_network;
        let (host_other, under) =
            (t!("same-subnet-host", name = other), t!("same-subnet-under-mask", other = other, me = me));
        and(out, their.address, &host_other, my, masked, &under)?;
        let (masked, network) = (masked.to_string(), my.network.to_string());
        let line = if my.sees_other_on_link {
            t!("same-subnet-on-link", masked = masked, network = network, me = me, other = other)
        } else {
            t!("same-subnet-via-gateway", masked = masked, network = network, me = me, other = other)
        };
        writeln!(out, "  {line}\n")?;
    }
    let verdict = match (a.sees_other_on_link, b.sees_other_on_link) {
        (true, true) => s.green(&t!("same-subnet-same-masks-differ")),
        (false, false) => s.red(&t!("same-subnet-neither")),
        (true, false) => s.red(&t!("same-subnet-one-way", me = "A", other = "B")),
        (false, true) => s.red(&t!("same-subnet-one-way", me = "B", other = "A")),
    };
    writeln!(out, "{verdict}")
}
