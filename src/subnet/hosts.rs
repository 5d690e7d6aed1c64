//! `hosts`: the usable addresses of a network, as a lazy iterator (an IPv6 /64 streams too).

use std::net::IpAddr;

use ipnet::IpNet;

use super::{from_int, to_int, usable_range};

/// The usable addresses of a network, in order (see [`hosts`]).
#[derive(Debug, Clone)]
pub struct Hosts {
    next: Option<u128>,
    last: u128,
    ipv4: bool,
}

impl Hosts {
    /// How many addresses are still to come (`None` only for all of IPv6, 2^128).
    pub fn remaining(&self) -> Option<u128> {
        self.next.map_or(Some(0), |n| (self.last - n).checked_add(1))
    }

    /// The next address as an integer, for callers that format addresses themselves.
    #[inline]
    pub fn next_int(&mut self) -> Option<u128> {
        let cur = self.next?;
        self.next = if cur == self.last { None } else { Some(cur + 1) };
        Some(cur)
    }

    /// Whether the addresses are IPv4.
    pub fn is_ipv4(&self) -> bool {
        self.ipv4
    }
}

impl Iterator for Hosts {
    type Item = IpAddr;

    fn next(&mut self) -> Option<IpAddr> {
        let ipv4 = self.ipv4;
        self.next_int().map(|v| from_int(v, ipv4))
    }
}

/// The usable host addresses of `net`: without network and broadcast up to /30, both of a /31
/// (RFC 3021), the one of a /32, every address of an IPv6 prefix.
///
/// ```
/// let net = "192.168.1.0/30".parse().unwrap();
/// let all: Vec<String> = netcalc::subnet::hosts(net).map(|a| a.to_string()).collect();
/// assert_eq!(all, ["192.168.1.1", "192.168.1.2"]);
/// ```
pub fn hosts(net: IpNet) -> Hosts {
    let (first, last) = usable_range(net);
    Hosts { next: Some(to_int(first)), last: to_int(last), ipv4: net.addr().is_ipv4() }
}
