//! `aggregate` and `range`: address space as sorted inclusive intervals, merged and cut back
//! into the fewest CIDR blocks.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{from_int, to_int};
use crate::addr::parse::net_of;
use crate::error::{Invalid, Result};

/// An inclusive range of addresses of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    /// IPv6 sorts after IPv4 (`false` < `true`).
    pub ipv6: bool,
    /// The first address, as an integer.
    pub start: u128,
    /// The last address, as an integer.
    pub end: u128,
}

impl Interval {
    /// The addresses of a network (host bits ignored).
    pub fn of_net(net: IpNet) -> Self {
        Interval { ipv6: !net.addr().is_ipv4(), start: to_int(net.network()), end: to_int(net.broadcast()) }
    }

    /// The fewest CIDR blocks that cover exactly this interval, in order.
    ///
    /// ```
    /// use netcalc::subnet::Interval;
    /// let i = Interval { ipv6: false, start: 0x0a000005, end: 0x0a00004d };
    /// let nets: Vec<String> = i.cidrs().map(|n| n.to_string()).collect();
    /// assert_eq!(nets.first().unwrap(), "10.0.0.5/32");
    /// assert_eq!(nets.last().unwrap(), "10.0.0.76/31");
    /// ```
    pub fn cidrs(self) -> impl Iterator<Item = IpNet> {
        let w = if self.ipv6 { 128u32 } else { 32 };
        let mut next = Some(self.start);
        std::iter::from_fn(move || {
            let start = next?;
            let align = if start == 0 { w } else { start.trailing_zeros().min(w) };
            let span = self.end - start;
            // The largest k with 2^k - 1 <= span.
            let fit = if span == u128::MAX { 128 } else { 127 - (span + 1).leading_zeros() };
            let k = align.min(fit);
            let last = start + if k == 128 { u128::MAX } else { (1u128 << k) - 1 };
            next = if last >= self.end { None } else { Some(last + 1) };
            Some(net_of(from_int(start, !self.ipv6), (w - k) as u8))
        })
    }
}

/// Sorts and merges intervals that overlap or touch.
pub fn merge(mut v: Vec<Interval>) -> Vec<Interval> {
    v.sort_unstable();
    let mut out: Vec<Interval> = Vec::with_capacity(v.len() / 2 + 1);
    for i in v {
        match out.last_mut() {
            Some(last) if last.ipv6 == i.ipv6 && (last.end == u128::MAX || i.start <= last.end + 1) => {
                last.end = last.end.max(i.end);
            }
            _ => out.push(i),
        }
    }
    out
}

/// Removes the addresses of `holes` from `space`; both must be merged (see [`merge`]).
pub fn exclude(space: Vec<Interval>, holes: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::with_capacity(space.len());
    let mut h = 0;
    for mut cur in space {
        while h < holes.len() && (holes[h].ipv6, holes[h].end) < (cur.ipv6, cur.start) {
            h += 1;
        }
        let mut j = h;
        let mut alive = true;
        while j < holes.len() && holes[j].ipv6 == cur.ipv6 && holes[j].start <= cur.end {
            let hole = holes[j];
            if hole.start > cur.start {
                out.push(Interval { end: hole.start - 1, ..cur });
            }
            if hole.end >= cur.end {
                alive = false;
                break;
            }
            cur.start = cur.start.max(hole.end + 1);
            j += 1;
        }
        if alive {
            out.push(cur);
        }
    }
    out
}

/// The minimal CIDR set covering exactly the union of `nets` less `holes` (IPv4 first, then
/// IPv6, each in address order). O(n log n).
///
/// ```
/// let nets = ["10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/24"].map(|s| s.parse().unwrap());
/// let out = netcalc::subnet::aggregate(nets, &[]);
/// assert_eq!(out, vec!["10.0.0.0/23".parse().unwrap()]);
/// ```
pub fn aggregate(nets: impl IntoIterator<Item = IpNet>, holes: &[IpNet]) -> Vec<IpNet> {
    let space = merge(nets.into_iter().map(Interval::of_net).collect());
    let holes = merge(holes.iter().copied().map(Interval::of_net).collect());
    exclude(space, &holes).into_iter().flat_map(Interval::cidrs).collect()
}

/// The minimal CIDR blocks covering exactly `first..=last`.
///
/// ```
/// let r = netcalc::subnet::range("10.0.0.0".parse().unwrap(), "10.0.1.255".parse().unwrap());
/// assert_eq!(r.unwrap(), vec!["10.0.0.0/23".parse().unwrap()]);
/// ```
pub fn range(first: IpAddr, last: IpAddr) -> Result<Vec<IpNet>> {
    if first.is_ipv4() != last.is_ipv4() {
        return Err(Invalid::MixedFamilies { a: first, b: last }.into());
    }
    let (start, end) = (to_int(first), to_int(last));
    if start > end {
        return Err(Invalid::RangeReversed { first, last }.into());
    }
    Ok(Interval { ipv6: !first.is_ipv4(), start, end }.cidrs().collect())
}
