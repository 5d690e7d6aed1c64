//! `netcalc same-subnet`: the AND-masking lesson, then the verdict.

use std::io::Write;
use std::net::IpAddr;

use crate::cli::SameSubnetArgs;
use crate::commands::{NO, YES, write_err};
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
        row(out, "AND", v.mask, v.prefix, &format!("mask /{}", v.prefix))?;
        row(out, "=", masked, v.prefix, result)
    };
    if a.prefix == b.prefix {
        writeln!(out, "{}", s.bold(&format!("Both hosts use mask {} (/{}):", a.mask, a.prefix)))?;
        and(out, a.address, "host A", a, a.network, "network of A")?;
        writeln!(out)?;
        and(out, b.address, "host B", a, a.other_network, "network of B")?;
        writeln!(out)?;
        let verdict = if r.same_subnet {
            s.green(&format!("same subnet: both on {}/{}", a.network, a.prefix))
        } else {
            s.red(&format!(
                "different subnets: {}/{} and {}/{} (they talk through a router)",
                a.network, a.prefix, b.network, b.prefix
            ))
        };
        return writeln!(out, "{verdict}");
    }
    for (me, other, my, their) in [("A", "B", a, b), ("B", "A", b, a)] {
        writeln!(
            out,
            "{}",
            s.bold(&format!("Host {me} ({}/{}) with its own mask {}:", my.address, my.prefix, my.mask))
        )?;
        and(out, my.address, &format!("host {me}"), my, my.network, &format!("network of {me}"))?;
        let masked = my.other_network;
        and(out, their.address, &format!("host {other}"), my, masked, &format!("{other} under {me}'s mask"))?;
        if my.sees_other_on_link {
            writeln!(out, "  {masked} = {}: {me} sends to {other} directly (on-link)\n", my.network)?;
        } else {
            writeln!(out, "  {masked} != {}: {me} sends to {other} through its gateway\n", my.network)?;
        }
    }
    let verdict = match (a.sees_other_on_link, b.sees_other_on_link) {
        (true, true) => {
            s.green("same subnet: each host sees the other on-link (but the masks differ: fix that)")
        }
        (false, false) => s.red("different subnets: neither host sees the other on-link"),
        (true, false) => s.red("different subnets: A sees B on-link, but B sends to A through its gateway"),
        (false, true) => s.red("different subnets: B sees A on-link, but A sends to B through its gateway"),
    };
    writeln!(out, "{verdict}")
}
