//! `netcalc info`: a table of facts per address, or JSON.

use std::io::Write;

use crate::cli::InfoArgs;
use crate::commands::{ERROR, YES, warn, write_err};
use crate::output::{Style, json_line, yes_no};
use netcalc::addr::{binary_with_boundary, parse_prefixed};
use netcalc::error::Result;
use netcalc::subnet::{Info, info};

pub(crate) fn run(args: &InfoArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let mut code = YES;
    for (i, text) in args.addrs.iter().enumerate() {
        let host = match parse_prefixed(text) {
            Ok(h) => h,
            Err(e) => {
                warn(&e);
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
    t.add_row(["address", &f.address.to_string()]);
    t.add_row(["netmask", &format!("{} = /{}", f.netmask, f.prefix)]);
    t.add_row(["wildcard", &f.wildcard.to_string()]);
    t.add_row(["network", &format!("{}/{}", f.network, f.prefix)]);
    if let Some(b) = f.broadcast {
        t.add_row(["broadcast", &b.map_or_else(|| "none (RFC 3021 /31 or a /32)".into(), |b| b.to_string())]);
    }
    t.add_row(["first host", &f.first_host.to_string()]);
    t.add_row(["last host", &f.last_host.to_string()]);
    t.add_row(["usable hosts", &f.hosts]);
    t.add_row(["addresses", &f.addresses]);
    let block = f.block.map_or_else(String::new, |b| format!(" ({b})"));
    t.add_row(["category", &format!("{}{block}", f.category)]);
    t.add_row(["global", yes_no(f.globally_reachable)]);
    if let Some(c) = f.class {
        t.add_row(["class", &c.to_string()]);
    }
    if ipv4 {
        t.add_row(["binary", &f.binary]);
        t.add_row(["mask binary", &binary_with_boundary(f.netmask, f.prefix)]);
        t.add_row(["network binary", &binary_with_boundary(f.network, f.prefix)]);
    } else {
        t.add_row(["boundary", &f.binary]);
    }
    if let (Some(e), Some(c)) = (&f.expanded, &f.compressed) {
        t.add_row(["expanded", e]);
        t.add_row(["compressed", c]);
    }
    t.add_row(["hex", &f.hex]);
    t.add_row(["integer", &f.integer]);
    t.add_row(["reverse DNS", &f.reverse_dns]);
    writeln!(out, "{t}")?;
    if let Some(n) = &f.note {
        writeln!(out, "{}", s.dim(&format!("note: {n}")))?;
    }
    Ok(())
}
