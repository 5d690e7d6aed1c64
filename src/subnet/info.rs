//! `info`: every fact about an address and its network.

use std::net::IpAddr;

use serde::Serialize;

use super::{from_int, mask_int, to_int, usable_hosts_text, usable_range, width};
use crate::addr::{self, Prefixed, classify};

/// The facts `info` shows. Field names are its `--json` keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Info {
    /// The address as given.
    pub address: IpAddr,
    /// The prefix length (32 or 128 for a bare address).
    pub prefix: u8,
    /// `address/prefix`.
    pub cidr: String,
    /// The mask in address form.
    pub netmask: IpAddr,
    /// The inverted mask (Cisco ACL form).
    pub wildcard: IpAddr,
    /// The network address (address AND mask).
    pub network: IpAddr,
    /// IPv4 only: the broadcast address; `null` for /31 and /32, which have none (RFC 3021).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broadcast: Option<Option<IpAddr>>,
    /// The first usable host address.
    pub first_host: IpAddr,
    /// The last usable host address.
    pub last_host: IpAddr,
    /// The usable host count, in decimal (IPv6 counts overflow 64 bits).
    pub hosts: String,
    /// Every address in the network, in decimal.
    pub addresses: String,
    /// The classification category of the address.
    pub category: classify::Category,
    /// Whether the address is globally reachable (`null`: not applicable).
    pub globally_reachable: Option<bool>,
    /// The registry block that decided the category.
    pub block: Option<&'static str>,
    /// IPv4 only: the historic class, A-E.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<char>,
    /// The address in binary with `|` at the network/host boundary.
    pub binary: String,
    /// The address in hexadecimal.
    pub hex: String,
    /// The address as one integer, in decimal.
    pub integer: String,
    /// The reverse-DNS (PTR) name of the address.
    pub reverse_dns: String,
    /// IPv6 only: all eight groups in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expanded: Option<String>,
    /// IPv6 only: the RFC 5952 compressed form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compressed: Option<String>,
    /// A remark, e.g. that a bare address was taken as a single host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The facts of `host` (a bare address is a single host, /32 or /128, with a note).
///
/// ```
/// let i = netcalc::subnet::info(netcalc::addr::parse_prefixed("172.16.10.1/24").unwrap());
/// assert_eq!(i.network.to_string(), "172.16.10.0");
/// assert_eq!(i.broadcast, Some(Some("172.16.10.255".parse().unwrap())));
/// assert_eq!(i.hosts, "254");
/// assert_eq!(i.class, Some('B'));
/// ```
pub fn info(host: Prefixed) -> Info {
    let address = host.addr;
    let w = width(address);
    let ipv4 = address.is_ipv4();
    let prefix = host.prefix.unwrap_or(w);
    let net = host.with_default(w);
    let mask = mask_int(prefix, w);
    let all = mask_int(w, w);
    let (first_host, last_host) = usable_range(net);
    let c = classify::classify(address);
    let note = host.prefix.is_none().then(|| {
        format!(
            "no prefix given: shown as a single host (/{w}); write {address}/24 or similar for its network"
        )
    });
    Info {
        address,
        prefix,
        cidr: format!("{address}/{prefix}"),
        netmask: from_int(mask, ipv4),
        wildcard: from_int(all & !mask, ipv4),
        network: net.network(),
        broadcast: ipv4.then(|| super::broadcast(net)),
        first_host,
        last_host,
        hosts: usable_hosts_text(prefix, w),
        addresses: 1u128
            .checked_shl(u32::from(w - prefix))
            .map_or_else(|| usable_hosts_text(0, 128), |n| n.to_string()),
        category: c.verdict.category,
        globally_reachable: c.verdict.globally_reachable,
        block: c.verdict.block.map(|b| b.network),
        class: match address {
            IpAddr::V4(a) => Some(classify::ipv4_class(a)),
            IpAddr::V6(_) => None,
        },
        binary: addr::binary_with_boundary(address, prefix),
        hex: addr::hex(address),
        integer: to_int(address).to_string(),
        reverse_dns: addr::reverse_dns(address),
        expanded: match address {
            IpAddr::V6(a) => Some(addr::expanded(a)),
            IpAddr::V4(_) => None,
        },
        compressed: (!ipv4).then(|| address.to_string()),
        note,
    }
}
