//! `same-subnet`: does each of two hosts, AND-masking with its own mask, find the other on its
//! own network? Real hosts decide this independently, so two views are kept.

use std::net::IpAddr;

use serde::Serialize;

use super::{from_int, mask_int, on_link, to_int, width};
use crate::addr::{Mask, Prefixed};
use crate::error::{Invalid, Result};

/// One host's configuration and its view of the other host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HostView {
    /// The host's address.
    pub address: IpAddr,
    /// Its prefix length.
    pub prefix: u8,
    /// Its mask in address form (255.255.255.0).
    pub mask: IpAddr,
    /// address AND mask.
    pub network: IpAddr,
    /// Whether the other host's address AND this mask equals this network.
    pub sees_other_on_link: bool,
    /// The other host's address AND this mask: the network this host thinks the other is on
    /// (not in the JSON, which keeps the documented keys).
    #[serde(skip)]
    pub other_network: IpAddr,
}

/// The answer of `same-subnet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SameSubnet {
    /// True only if both hosts see each other on-link.
    pub same_subnet: bool,
    /// The two hosts, in the order given.
    pub hosts: [HostView; 2],
}

/// Decides whether `a` and `b` share a subnet. A host without its own prefix takes `mask`, or
/// failing that the other host's prefix.
///
/// ```
/// use netcalc::addr::parse_prefixed;
/// let a = parse_prefixed("172.16.10.1").unwrap();
/// let b = parse_prefixed("172.16.10.2/24").unwrap();
/// let r = netcalc::subnet::same_subnet(a, b, None).unwrap();
/// assert!(r.same_subnet);
/// assert_eq!(r.hosts[0].network.to_string(), "172.16.10.0");
/// ```
pub fn same_subnet(a: Prefixed, b: Prefixed, mask: Option<Mask>) -> Result<SameSubnet> {
    if a.addr.is_ipv4() != b.addr.is_ipv4() {
        return Err(Invalid::MixedFamilies { a: a.addr, b: b.addr }.into());
    }
    let ipv4 = a.addr.is_ipv4();
    let given = match mask {
        Some(m) => Some(m.for_family(ipv4).map_err(|problem| Invalid::MaskFamily {
            prefix: m.prefix,
            family: if ipv4 { "IPv4" } else { "IPv6" },
            problem,
        })?),
        None => None,
    };
    let pa = a.prefix.or(given).or(b.prefix);
    let pb = b.prefix.or(given).or(a.prefix);
    let (Some(pa), Some(pb)) = (pa, pb) else {
        return Err(Invalid::NoMask { example: b.addr }.into());
    };
    let view = |own: IpAddr, prefix: u8, other: IpAddr| {
        let mask = mask_int(prefix, width(own));
        let net = crate::addr::parse::net_of(own, prefix);
        HostView {
            address: own,
            prefix,
            mask: from_int(mask, ipv4),
            network: from_int(to_int(own) & mask, ipv4),
            sees_other_on_link: on_link(net, other),
            other_network: from_int(to_int(other) & mask, ipv4),
        }
    };
    let hosts = [view(a.addr, pa, b.addr), view(b.addr, pb, a.addr)];
    Ok(SameSubnet { same_subnet: hosts[0].sees_other_on_link && hosts[1].sees_other_on_link, hosts })
}
