//! `split`: equal subnets by prefix or count, and VLSM plans by host counts.

use ipnet::IpNet;
use serde::Serialize;

use super::{Interval, from_int, to_int, usable_hosts, usable_hosts_text, width};
use crate::addr::parse::net_of;
use crate::error::{Invalid, Result};

/// The subnets of `net` with prefix `new_prefix`, lazily (there may be 2^64 of them).
///
/// ```
/// let net = "10.0.0.0/24".parse().unwrap();
/// let subs: Vec<String> = netcalc::subnet::split_prefix(net, 26).unwrap().map(|n| n.to_string()).collect();
/// assert_eq!(subs, ["10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26"]);
/// ```
pub fn split_prefix(net: IpNet, new_prefix: u8) -> Result<impl Iterator<Item = IpNet>> {
    let w = width(net.addr());
    if new_prefix > w {
        return Err(Invalid::PrefixTooLong { prefix: new_prefix, width: w }.into());
    }
    if new_prefix < net.prefix_len() {
        return Err(Invalid::SplitShorter { network: net, prefix: new_prefix, width: w }.into());
    }
    let ipv4 = net.addr().is_ipv4();
    let step_bits = u32::from(w - new_prefix);
    let count_bits = u32::from(new_prefix - net.prefix_len());
    let base = to_int(net.network());
    let mut i: u128 = 0;
    let total = 1u128.checked_shl(count_bits);
    Ok(std::iter::from_fn(move || {
        if total.is_some_and(|t| i >= t) || (total.is_none() && i == u128::MAX) {
            return None;
        }
        let start = base + (i << step_bits);
        i += 1;
        Some(net_of(from_int(start, ipv4), new_prefix))
    }))
}

/// The prefix that splits `net` into at least `count` equal subnets.
///
/// ```
/// let net = "10.0.0.0/24".parse().unwrap();
/// assert_eq!(netcalc::subnet::split_count(net, 5).unwrap(), 27);
/// ```
pub fn split_count(net: IpNet, count: u128) -> Result<u8> {
    if count == 0 {
        return Err(Invalid::ZeroCount.into());
    }
    let bits = 128 - (count - 1).leading_zeros();
    let w = width(net.addr());
    let p = u32::from(net.prefix_len()) + if count == 1 { 0 } else { bits };
    if p > u32::from(w) {
        return Err(Invalid::TooManySubnets { network: net, count, width: w }.into());
    }
    Ok(p as u8)
}

/// A named host-count request of a VLSM plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The user's name for it (`sales`), or its position (`#2`).
    pub name: String,
    /// How many usable hosts it needs.
    pub hosts: u128,
}

/// One allocated subnet of a VLSM plan, or (with `name` = None) free space left over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// The subnet.
    pub network: IpNet,
    /// The request's name; `None` for free space.
    pub name: Option<String>,
    /// The host count asked for (`None` for free space).
    pub requested: Option<String>,
    /// The usable hosts the subnet holds, in decimal.
    pub usable: String,
}

/// A VLSM plan: the allocations in address order, then the free blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VlsmPlan {
    /// The allocated subnets, in address order (largest request first).
    pub allocations: Vec<Allocation>,
    /// What is left, as the fewest CIDR blocks.
    pub free: Vec<Allocation>,
}

/// The smallest prefix whose usable host count holds `hosts`, or `None` if even /0 does not.
///
/// ```
/// use netcalc::subnet::prefix_for_hosts;
/// assert_eq!(prefix_for_hosts(62, 32), Some(26));
/// assert_eq!(prefix_for_hosts(63, 32), Some(25));
/// assert_eq!(prefix_for_hosts(2, 32), Some(31)); // RFC 3021 point-to-point
/// assert_eq!(prefix_for_hosts(1, 32), Some(32));
/// ```
pub fn prefix_for_hosts(hosts: u128, width: u8) -> Option<u8> {
    (0..=width).rev().find(|&p| usable_hosts(p, width).is_none_or(|n| n >= hosts))
}

/// Allocates each request the smallest block holding its hosts, largest first, aligned, from
/// the start of `net`.
///
/// ```
/// use netcalc::subnet::{vlsm, Request};
/// let net = "192.168.1.0/24".parse().unwrap();
/// let reqs = vec![Request { name: "a".into(), hosts: 50 }, Request { name: "b".into(), hosts: 100 }];
/// let plan = vlsm(net, &reqs).unwrap();
/// assert_eq!(plan.allocations[0].network.to_string(), "192.168.1.0/25"); // b, the larger
/// assert_eq!(plan.allocations[1].network.to_string(), "192.168.1.128/26");
/// assert_eq!(plan.free[0].network.to_string(), "192.168.1.192/26");
/// ```
pub fn vlsm(net: IpNet, requests: &[Request]) -> Result<VlsmPlan> {
    let w = width(net.addr());
    let ipv4 = net.addr().is_ipv4();
    let mut sized = Vec::with_capacity(requests.len());
    for r in requests {
        if r.hosts == 0 {
            return Err(Invalid::ZeroHosts { name: r.name.clone() }.into());
        }
        let p = prefix_for_hosts(r.hosts, w).filter(|p| *p >= net.prefix_len()).ok_or_else(|| {
            Invalid::RequestTooLarge {
                name: r.name.clone(),
                hosts: r.hosts,
                network: net,
                usable: usable_hosts_text(net.prefix_len(), w),
            }
        })?;
        sized.push((p, r));
    }
    // Largest blocks first keeps every allocation aligned; ties keep the user's order.
    sized.sort_by_key(|(p, _)| *p);
    let size = |p: u8| 1u128.checked_shl(u32::from(w - p));
    let (start, end) = (to_int(net.network()), to_int(net.broadcast()));
    // The addresses needed, as (multiples of 2^128, the rest): an IPv6 /0 alone is 2^128, and
    // a sum of large blocks can pass u128::MAX. None of that may wrap into a plan that fits.
    let (mut carries, mut low) = (0u32, 0u128);
    for (p, _) in &sized {
        match size(*p) {
            None => carries = carries.saturating_add(1),
            Some(s) => {
                let (sum, over) = low.overflowing_add(s);
                low = sum;
                carries = carries.saturating_add(u32::from(over));
            }
        }
    }
    let available = (end - start).checked_add(1);
    let fits = match available {
        Some(a) => carries == 0 && low <= a,
        // The whole IPv6 space: 2^128 addresses.
        None => carries == 0 || (carries == 1 && low == 0),
    };
    match (fits, available) {
        (true, _) => {}
        (false, Some(a)) if carries == 0 => {
            return Err(Invalid::PlanTooLarge { needed: low, available: a, network: net }.into());
        }
        (false, _) => return Err(Invalid::PlanBeyondTheSpace { network: net }.into()),
    }
    let mut cursor = start;
    let mut allocations = Vec::with_capacity(sized.len());
    let mut full = false;
    for (p, r) in sized {
        let block = net_of(from_int(cursor, ipv4), p);
        allocations.push(Allocation {
            network: block,
            name: Some(r.name.clone()),
            requested: Some(r.hosts.to_string()),
            usable: usable_hosts_text(p, w),
        });
        match size(p).and_then(|s| cursor.checked_add(s)) {
            Some(next) if next <= end => cursor = next,
            _ => full = true,
        }
    }
    let free = if full {
        Vec::new()
    } else {
        Interval { ipv6: !ipv4, start: cursor, end }
            .cidrs()
            .map(|n| Allocation {
                network: n,
                name: None,
                requested: None,
                usable: usable_hosts_text(n.prefix_len(), w),
            })
            .collect()
    };
    Ok(VlsmPlan { allocations, free })
}
