//! `netcalc info`: a table of facts per address, or JSON.

use std::io::Write;

use crate::cli::InfoArgs;
use crate::commands::{ERROR, YES, warn, write_err};
use crate::i18n::{t, tr};
use crate::output::{Style, json_line};
use netcalc::addr::{binary_with_boundary, parse_prefixed};
use netcalc::error::Result;
use netcalc::subnet::{Info, info};

pub(crate) fn run(args: &InfoArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let mut code = YES;
    for (i, text) in args.addrs.iter().enumerate() {
        let host = match parse_prefixed(text) {
            Ok(h) => h,
            Err(e) => {
                warn(crate::commands::describe(&e.into()));
                code = ERROR;
                continue;
            }
        };
        let facts = info(host);
        if args.json {
            json_line(out, &facts).map_err(write_err)?;
        } else {
            if i > 0 {
                writeln!(out).map_err(write_err)?;
            }
            render(&facts, out, style).map_err(write_err)?;
        }
    }
    Ok(code)
}

fn render(f: &Info, out: &mut dyn Write, s: Style) -> std::io::Result<()> {
    let mut t = s.pairs(["", &f.cidr]);
    let ipv4 = f.address.is_ipv4();
    let mut row = |key: &str, value: &str| {
        t.add_row([tr(key, &[]), value.to_string()]);
    };
    row("info-address", &f.address.to_string());
    row("info-netmask", &format!("{} = /{}", f.netmask, f.prefix));
    row("info-wildcard", &f.wildcard.to_string());
    row("info-network", &format!("{}/{}", f.network, f.prefix));
    if let Some(b) = f.broadcast {
        row("info-broadcast", &b.map_or_else(|| t!("info-broadcast-none"), |b| b.to_string()));
    }
    row("info-first-host", &f.first_host.to_string());
    row("info-last-host", &f.last_host.to_string());
    row("info-usable-hosts", &f.hosts);
    row("info-addresses", &f.addresses);
    let block = f.block.map_or_else(String::new, |b| format!(" ({b})"));
    let category = tr(&format!("category-{}", f.category), &[]);
    row("info-category", &format!("{category}{block}"));
    let global = match f.globally_reachable {
        Some(true) => t!("yes"),
        Some(false) => t!("no"),
        None => t!("not-applicable"),
    };
    row("info-global", &global);
    if let Some(c) = f.class {
        row("info-class", &c.to_string());
    }
    if ipv4 {
        row("info-binary", &f.binary);
        row("info-mask-binary", &binary_with_boundary(f.netmask, f.prefix));
        row("info-network-binary", &binary_with_boundary(f.network, f.prefix));
    } else {
        row("info-boundary", &f.binary);
    }
    if let (Some(e), Some(c)) = (&f.expanded, &f.compressed) {
        row("info-expanded", e);
        row("info-compressed", c);
    }
    row("info-hex", &f.hex);
    row("info-integer", &f.integer);
    row("info-reverse-dns", &f.reverse_dns);
    writeln!(out, "{t}")?;
    if f.note.is_some() {
        let bits = if ipv4 { 32 } else { 128 };
        let note = t!("info-no-prefix", bits = bits, address = f.address.to_string());
        writeln!(out, "{}", s.dim(&t!("info-note", note = note)))?;
    }
    Ok(())
}
