//! Masks, networks and the questions asked of them: are two hosts on one subnet, what are a
//! network's facts, how to split, aggregate and enumerate address space.
//!
//! Addresses are handled as integers of their family's width (`u128` for both, with the width
//! carried alongside), so every algorithm is written once for IPv4 and IPv6.

mod aggregate;
mod hosts;
mod info;
mod same;
mod set;
mod split;

pub use aggregate::{Interval, aggregate, exclude, merge, range};
pub use hosts::{Hosts, hosts};
pub use info::{Info, info};
pub use same::{HostView, SameSubnet, same_subnet};
pub use set::NetSet;
pub use split::{Allocation, Request, VlsmPlan, prefix_for_hosts, split_count, split_prefix, vlsm};

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use crate::error::{Invalid, Result};

/// The width in bits of an address's family (32 or 128).
pub fn width(addr: IpAddr) -> u8 {
    if addr.is_ipv4() { 32 } else { 128 }
}

/// An address as an integer.
pub fn to_int(addr: IpAddr) -> u128 {
    match addr {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// The address of the given family with integer value `v` (truncated to the family's width).
pub fn from_int(v: u128, ipv4: bool) -> IpAddr {
    if ipv4 { IpAddr::V4(Ipv4Addr::from(v as u32)) } else { IpAddr::V6(Ipv6Addr::from(v)) }
}

/// The mask of a prefix length as an integer of `width` bits.
///
/// ```
/// assert_eq!(netcalc::subnet::mask_int(24, 32), 0xffff_ff00);
/// assert_eq!(netcalc::subnet::mask_int(0, 128), 0);
/// assert_eq!(netcalc::subnet::mask_int(128, 128), u128::MAX);
/// ```
pub fn mask_int(prefix: u8, width: u8) -> u128 {
    let all = if width == 128 { u128::MAX } else { (1u128 << width) - 1 };
    match prefix {
        0 => 0,
        p if p >= width => all,
        p => all & !(all >> p),
    }
}

/// Whether a host configured as `own` (its address and prefix) would send to `other` directly,
/// on-link, rather than through a gateway: `other AND mask == own AND mask`.
///
/// ```
/// let own = "172.16.10.1/24".parse().unwrap();
/// assert!(netcalc::subnet::on_link(own, "172.16.10.2".parse().unwrap()));
/// assert!(!netcalc::subnet::on_link(own, "172.16.11.2".parse().unwrap()));
/// ```
pub fn on_link(own: IpNet, other: IpAddr) -> bool {
    if own.addr().is_ipv4() != other.is_ipv4() {
        return false;
    }
    let m = mask_int(own.prefix_len(), width(other));
    to_int(own.addr()) & m == to_int(other) & m
}

/// The usable host count of a network: all but network and broadcast for IPv4 up to /30,
/// both addresses of a /31 (RFC 3021), the one address of a /32, and every address of an IPv6
/// prefix. `None` only for IPv6 `/0` (2^128 does not fit a `u128`); see [`usable_hosts_text`].
///
/// ```
/// use netcalc::subnet::usable_hosts;
/// assert_eq!(usable_hosts(24, 32), Some(254));
/// assert_eq!(usable_hosts(31, 32), Some(2));
/// assert_eq!(usable_hosts(32, 32), Some(1));
/// assert_eq!(usable_hosts(64, 128), Some(1 << 64));
/// ```
pub fn usable_hosts(prefix: u8, width: u8) -> Option<u128> {
    let size = 1u128.checked_shl(u32::from(width - prefix))?;
    Some(if has_broadcast(prefix, width) { size - 2 } else { size })
}

/// The one place of the rule: a network has a network address and a broadcast address that
/// are not hosts only for IPv4 up to /30. A /31 is a point-to-point link whose two addresses
/// are both hosts (RFC 3021), a /32 is one host, and IPv6 has no broadcast.
///
/// ```
/// use netcalc::subnet::has_broadcast;
/// assert!(has_broadcast(30, 32));
/// assert!(!has_broadcast(31, 32) && !has_broadcast(32, 32));
/// assert!(!has_broadcast(64, 128));
/// ```
pub fn has_broadcast(prefix: u8, width: u8) -> bool {
    width == 32 && prefix <= 30
}

/// The broadcast address of an IPv4 network up to /30; `None` for /31, /32 and IPv6.
///
/// ```
/// let net = "10.0.0.0/24".parse().unwrap();
/// assert_eq!(netcalc::subnet::broadcast(net), Some("10.0.0.255".parse().unwrap()));
/// assert_eq!(netcalc::subnet::broadcast("10.0.0.0/31".parse().unwrap()), None);
/// ```
pub fn broadcast(net: IpNet) -> Option<IpAddr> {
    has_broadcast(net.prefix_len(), width(net.addr())).then(|| net.broadcast())
}

/// [`usable_hosts`] as a decimal string, exact for every prefix.
pub fn usable_hosts_text(prefix: u8, width: u8) -> String {
    usable_hosts(prefix, width)
        .map_or_else(|| "340282366920938463463374607431768211456".to_string(), |n| n.to_string())
}

/// The first and last usable addresses of a network (RFC 3021 for /31; IPv6 counts all).
pub fn usable_range(net: IpNet) -> (IpAddr, IpAddr) {
    let ipv4 = net.addr().is_ipv4();
    let (first, last) = (to_int(net.network()), to_int(net.broadcast()));
    if has_broadcast(net.prefix_len(), width(net.addr())) {
        (from_int(first + 1, true), from_int(last - 1, true))
    } else {
        (from_int(first, ipv4), from_int(last, ipv4))
    }
}

/// Rejects a network written with host bits set, naming the network that was probably meant.
///
/// ```
/// let net = netcalc::addr::parse_net("10.0.0.1/24").unwrap();
/// let err = netcalc::subnet::require_network(net, "10.0.0.1/24").unwrap_err();
/// assert!(err.to_string().contains("10.0.0.0/24"));
/// ```
pub fn require_network(net: IpNet, input: &str) -> Result<IpNet> {
    if net.addr() == net.network() {
        Ok(net)
    } else {
        Err(Invalid::HostBitsSet { network: net.trunc(), input: input.to_string() }.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn masks_at_both_ends() {
        assert_eq!(mask_int(0, 32), 0);
        assert_eq!(mask_int(32, 32), 0xffff_ffff);
        assert_eq!(mask_int(31, 32), 0xffff_fffe);
        assert_eq!(mask_int(1, 128), 1 << 127);
        assert_eq!(mask_int(127, 128), u128::MAX - 1);
        assert_eq!(mask_int(128, 128), u128::MAX);
    }

    #[test]
    fn usable_hosts_at_the_edges() {
        assert_eq!(usable_hosts(0, 32), Some((1 << 32) - 2));
        assert_eq!(usable_hosts(30, 32), Some(2));
        assert_eq!(usable_hosts(31, 32), Some(2), "RFC 3021");
        assert_eq!(usable_hosts(32, 32), Some(1));
        assert_eq!(usable_hosts(0, 128), None, "2^128 does not fit");
        assert_eq!(usable_hosts_text(0, 128), "340282366920938463463374607431768211456");
        assert_eq!(usable_hosts(1, 128), Some(1 << 127));
        assert_eq!(usable_hosts(127, 128), Some(2));
        assert_eq!(usable_hosts(128, 128), Some(1));
    }

    #[test]
    fn usable_ranges_at_the_top_of_the_space() {
        assert_eq!(usable_range(net("255.255.255.254/31")), (ip("255.255.255.254"), ip("255.255.255.255")));
        assert_eq!(usable_range(net("255.255.255.255/32")), (ip("255.255.255.255"), ip("255.255.255.255")));
        assert_eq!(usable_range(net("255.255.255.252/30")), (ip("255.255.255.253"), ip("255.255.255.254")));
        assert_eq!(usable_range(net("0.0.0.0/0")), (ip("0.0.0.1"), ip("255.255.255.254")));
        let top = ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assert_eq!(
            usable_range(net("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127")),
            (ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), top)
        );
        assert_eq!(usable_range(net("::/0")), (ip("::"), top));
        assert_eq!(broadcast(net("255.255.255.252/30")), Some(ip("255.255.255.255")));
        assert_eq!(broadcast(net("::/0")), None);
    }

    #[test]
    fn hosts_and_splits_end_at_the_top() {
        let all: Vec<IpAddr> = hosts(net("255.255.255.254/31")).collect();
        assert_eq!(all, [ip("255.255.255.254"), ip("255.255.255.255")]);
        let all: Vec<IpAddr> = hosts(net("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")).collect();
        assert_eq!(all.len(), 1);
        let subs: Vec<IpNet> = split_prefix(net("255.255.255.0/24"), 26).unwrap().collect();
        assert_eq!(subs.last(), Some(&net("255.255.255.192/26")));
        assert_eq!(split_prefix(net("::/0"), 1).unwrap().count(), 2);
        assert_eq!(split_prefix(net("10.0.0.0/8"), 8).unwrap().count(), 1);
        assert_eq!(split_count(net("0.0.0.0/0"), 1 << 32).unwrap(), 32);
        assert!(split_count(net("0.0.0.0/0"), (1 << 32) + 1).is_err());
    }

    #[test]
    fn a_vlsm_plan_that_cannot_fit_is_an_error_at_every_size() {
        let req = |hosts: u128| Request { name: "r".into(), hosts };
        let all = net("::/0");
        assert!(vlsm(all, &[req(u128::MAX), req(u128::MAX)]).is_err(), "two /0 in one /0");
        assert!(vlsm(all, &[req(1 << 127), req(1 << 127), req(1)]).is_err(), "a /1, a /1 and one more");
        let plan = vlsm(all, &[req(1 << 127), req(1 << 127)]).unwrap();
        assert_eq!(plan.allocations.len(), 2, "two /1 fill ::/0 exactly");
        assert!(plan.free.is_empty());
        assert!(vlsm(net("10.0.0.0/24"), &[req(200), req(100)]).is_err());
    }

    #[test]
    fn ranges_and_aggregates_reach_the_last_address() {
        assert_eq!(range(ip("0.0.0.0"), ip("255.255.255.255")).unwrap(), [net("0.0.0.0/0")]);
        assert_eq!(range(ip("255.255.255.255"), ip("255.255.255.255")).unwrap(), [net("255.255.255.255/32")]);
        assert_eq!(range(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).unwrap(), [net("::/0")]);
        let merged = merge(vec![Interval::of_net(net("::/1")), Interval::of_net(net("8000::/1"))]);
        assert_eq!(merged, [Interval { ipv6: true, start: 0, end: u128::MAX }]);
        assert!(range(ip("10.0.0.2"), ip("10.0.0.1")).is_err());
    }

    #[test]
    fn on_link_at_prefix_zero_and_full_length() {
        assert!(on_link(net("10.0.0.1/0"), ip("200.1.1.1")), "/0: everything is on-link");
        assert!(!on_link(net("10.0.0.1/32"), ip("10.0.0.2")));
        assert!(on_link(net("10.0.0.1/31"), ip("10.0.0.0")));
        assert!(!on_link(net("10.0.0.1/24"), ip("::1")), "another family is never on-link");
        assert!(on_link(net("2001:db8::1/128"), ip("2001:db8::1")));
    }
}
