//! `netcalc split`: equal subnets by prefix or count, or a VLSM plan by host counts.

use std::io::Write;

use crate::cli::SplitArgs;
use crate::commands::{YES, guard, write_err};
use crate::output::Style;
use netcalc::error::{Error, ParseError, Result};
use netcalc::subnet::{Request, split_count, split_prefix, vlsm};

use super::*;

pub(crate) fn split(args: &SplitArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let net = network_arg(&args.net)?;
    if !args.hosts.is_empty() {
        let requests = parse_requests(&args.hosts)?;
        let plan = vlsm(net, &requests)?;
        let mut list = NetList::new(out, args.json, style, true);
        for a in plan.allocations.iter().chain(&plan.free) {
            list.push(&NetRecord::of_allocation(a)).map_err(write_err)?;
        }
        list.finish().map_err(write_err)?;
        return Ok(YES);
    }
    let prefix = match (&args.prefix, args.count) {
        (Some(p), _) => {
            let text = p.strip_prefix('/').unwrap_or(p);
            let mask = netcalc::addr::parse_mask(text)?;
            mask.for_family(net.addr().is_ipv4()).map_err(|e| ParseError::new(e, p.as_str()))?
        }
        (None, Some(n)) => split_count(net, n)?,
        (None, None) => return Err(Error::invalid(t!("split-how"))),
    };
    let subnets = split_prefix(net, prefix)?;
    let count = 1u128.checked_shl(u32::from(prefix.saturating_sub(net.prefix_len())));
    guard(style, count, args.force)?;
    let mut list = NetList::new(out, args.json, style, false);
    for s in subnets {
        list.push_net(s).map_err(write_err)?;
    }
    list.finish().map_err(write_err)?;
    Ok(YES)
}

/// `sales=50,eng=20,10` -> named requests (unnamed ones are numbered by position).
fn parse_requests(items: &[String]) -> Result<Vec<Request>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (name, count) = match item.split_once('=') {
                Some((n, c)) => (n.to_string(), c),
                None => (format!("#{}", i + 1), item.as_str()),
            };
            let hosts = count
                .parse::<u128>()
                .ok()
                .filter(|_| count.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| Error::invalid(t!("split-bad-count", item = format!("{item:?}"))))?;
            Ok(Request { name, hosts })
        })
        .collect()
}
