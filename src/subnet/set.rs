//! A set of networks, for the questions "is this address in any of them?" (`filter`) and "is
//! this network inside?" (`contains`): merged, sorted ranges per family, scanned when few and
//! binary-searched when many.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{Interval, merge};

/// Networks of both families as merged, sorted, disjoint ranges.
///
/// ```
/// use netcalc::subnet::NetSet;
/// let set = NetSet::new(["10.0.0.0/8".parse().unwrap(), "2001:db8::/32".parse().unwrap()]);
/// assert!(set.contains("10.1.2.3".parse().unwrap()));
/// assert!(!set.contains("11.0.0.1".parse().unwrap()));
/// assert!(set.contains_net("10.20.0.0/16".parse().unwrap()));
/// assert!(!set.contains_net("10.0.0.0/7".parse().unwrap()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetSet {
    v4: Vec<(u32, u32)>,
    v6: Vec<(u128, u128)>,
}

impl NetSet {
    /// The set of `nets` (host bits ignored; overlaps and duplicates merge).
    pub fn new(nets: impl IntoIterator<Item = IpNet>) -> Self {
        let mut s = NetSet::default();
        for i in merge(nets.into_iter().map(Interval::of_net).collect()) {
            if i.ipv6 {
                s.v6.push((i.start, i.end));
            } else {
                s.v4.push((i.start as u32, i.end as u32));
            }
        }
        s
    }

    /// Whether `a` is in one of the networks.
    #[inline]
    pub fn contains(&self, a: IpAddr) -> bool {
        match a {
            IpAddr::V4(a) => find(&self.v4, u32::from(a)).is_some(),
            IpAddr::V6(a) => find(&self.v6, u128::from(a)).is_some(),
        }
    }

    /// Whether every address of `net` is in the set (host bits ignored).
    pub fn contains_net(&self, net: IpNet) -> bool {
        let i = Interval::of_net(net);
        if i.ipv6 {
            find(&self.v6, i.start).is_some_and(|end| i.end <= end)
        } else {
            find(&self.v4, i.start as u32).is_some_and(|end| i.end as u32 <= end)
        }
    }
}

/// The end of the range holding `v`, if one does.
#[inline]
fn find<T: Ord + Copy>(ranges: &[(T, T)], v: T) -> Option<T> {
    if ranges.len() <= 8 {
        ranges.iter().find(|&&(s, e)| s <= v && v <= e).map(|&(_, e)| e)
    } else {
        let i = ranges.partition_point(|&(s, _)| s <= v);
        (i > 0 && v <= ranges[i - 1].1).then(|| ranges[i - 1].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subnet::on_link;

    #[test]
    fn a_set_of_one_network_agrees_with_and_masking() {
        // Containment by ranges and the on-link test by AND-masking are one idea: check them
        // against each other at the edges of every prefix length.
        for (net, width) in [("172.16.10.77/24", 32u8), ("2001:db8::1/64", 128)] {
            let base: IpNet = net.parse().unwrap();
            for p in 0..=width {
                let own = IpNet::new(base.addr(), p).unwrap();
                let set = NetSet::new([own]);
                let (lo, hi) = (own.network(), own.broadcast());
                let around = [lo, hi, step(lo, -1), step(hi, 1), base.addr()];
                for a in around {
                    assert_eq!(set.contains(a), on_link(own, a), "{own} and {a}");
                }
            }
        }
    }

    fn step(a: IpAddr, by: i8) -> IpAddr {
        let ipv4 = a.is_ipv4();
        let v = crate::subnet::to_int(a);
        let max = if ipv4 { u128::from(u32::MAX) } else { u128::MAX };
        let v = if by < 0 {
            v.checked_sub(1).unwrap_or(max)
        } else if v == max {
            0
        } else {
            v + 1
        };
        crate::subnet::from_int(v, ipv4)
    }

    #[test]
    fn contains_net_needs_the_whole_network_in_one_range() {
        let set = NetSet::new(["10.0.0.0/25".parse().unwrap(), "10.0.0.128/25".parse().unwrap()]);
        assert!(set.contains_net("10.0.0.0/24".parse().unwrap()), "adjacent ranges merge");
        assert!(!set.contains_net("10.0.0.0/23".parse().unwrap()));
        assert!(!set.contains_net("::/0".parse().unwrap()), "no IPv6 in the set");
        let all = NetSet::new(["::/0".parse().unwrap(), "0.0.0.0/0".parse().unwrap()]);
        assert!(all.contains_net("ffff::/16".parse().unwrap()));
        assert!(all.contains("255.255.255.255".parse().unwrap()));
        // Many ranges: the binary search path.
        let many = NetSet::new((0..20u8).map(|i| format!("10.{}.0.0/16", i * 2).parse().unwrap()));
        assert!(many.contains("10.38.255.255".parse().unwrap()));
        assert!(!many.contains("10.39.0.0".parse().unwrap()));
        assert!(many.contains_net("10.2.128.0/17".parse().unwrap()));
    }
}
