//! `netcalc hosts`: every usable address of a network, streamed.

use std::io::Write;

use crate::cli::HostsArgs;
use crate::commands::{YES, guard, write_err};
use crate::output::Style;
use netcalc::error::Result;
use netcalc::subnet::hosts as host_iter;

use super::*;

pub(crate) fn hosts(args: &HostsArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let net = network_arg(&args.net)?;
    let mut it = host_iter(net);
    guard(style, it.remaining(), args.force)?;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
    let ipv4 = it.is_ipv4();
    while let Some(v) = it.next_int() {
        if args.json {
            buf.extend_from_slice(b"{\"address\":\"");
        }
        if ipv4 {
            push_ipv4(&mut buf, v as u32);
        } else {
            let _ = write!(buf, "{}", std::net::Ipv6Addr::from(v));
        }
        buf.extend_from_slice(if args.json { b"\"}\n" } else { b"\n" });
        if buf.len() >= 1 << 16 {
            out.write_all(&buf).map_err(write_err)?;
            buf.clear();
        }
    }
    out.write_all(&buf).map_err(write_err)?;
    Ok(YES)
}
