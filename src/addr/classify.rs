//! Classification of addresses against the IANA special-purpose registries (the README's
//! classification policy).
//!
//! The tables are compiled from `data/*.csv` by `build.rs` into disjoint sorted ranges, each
//! naming its most specific block, so a lookup is a table index (IPv4, by first octet) and a
//! short binary search. IPv4 embedded in IPv6 (mapped, NAT64, 6to4, Teredo) is extracted and
//! classified too; the policy decides whose verdict the record carries.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use serde::Serialize;

/// Defines [`Category`] from one list of variants, and `VARIANTS`, the same list as values.
macro_rules! categories {
    ($($(#[$doc:meta])* $variant:ident,)+) => {
        /// The verdict of a classification: the README's category set.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Category {
            $($(#[$doc])* $variant,)+
        }

        /// Every variant, in order: `VARIANTS[c as usize] == c`.
        const VARIANTS: &[Category] = &[$(Category::$variant,)+];
    };
}

categories! {
    /// 0.0.0.0/32, ::/128.
    Unspecified,
    /// 0.0.0.0/8.
    ThisNetwork,
    /// 127.0.0.0/8, ::1/128.
    Loopback,
    /// RFC 1918, and IPv6 unique local addresses.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT.
    Shared,
    /// 169.254.0.0/16, fe80::/10.
    LinkLocal,
    /// 192.0.0.0/24 and IPv6's protocol assignments.
    IetfProtocol,
    /// 192.0.0.8/32, 100:0:0:1::/64.
    Dummy,
    /// The documentation ranges (192.0.2.0/24, 2001:db8::/32, 3fff::/20 ...).
    Documentation,
    /// 198.18.0.0/15, 2001:2::/48.
    Benchmarking,
    /// 224.0.0.0/4, ff00::/8.
    Multicast,
    /// Reserved space (240.0.0.0/4, IPv6 outside the assigned blocks).
    Reserved,
    /// 255.255.255.255/32.
    Broadcast,
    /// Deprecated blocks (192.88.99.0/24, fec0::/10 ...).
    Deprecated,
    /// 100::/64, the discard prefix.
    Discard,
    /// 64:ff9b::/96.
    Nat64,
    /// 64:ff9b:1::/48.
    Nat64Local,
    /// 2001::/32.
    Teredo,
    /// 2002::/16.
    SixToFour,
    /// 5f00::/16, segment routing.
    Srv6,
    /// Everything else: global unicast.
    Global,
    /// The category of the `::ffff:0:0/96` *block* only: an address in it is given the verdict
    /// of its embedded IPv4 address, so this never appears in a [`Classification`].
    Ipv4Mapped,
}

// The category names, shared with build.rs, which checks data/ against them.
include!("categories.rs");

const _: () = assert!(VARIANTS.len() == CATEGORY_NAMES.len(), "a name for every category");

impl Category {
    /// Every category a classification can return, in the README's order (all but
    /// [`Category::Ipv4Mapped`]).
    pub const ALL: [Category; 21] = {
        let mut all = [Category::Global; 21];
        let mut i = 0;
        while i < all.len() {
            all[i] = VARIANTS[i];
            i += 1;
        }
        all
    };

    /// The category's name as printed and parsed (`link-local`, `6to4`).
    pub fn as_str(self) -> &'static str {
        CATEGORY_NAMES[self as usize]
    }
}

impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;

    /// ```
    /// use netcalc::Category;
    /// assert_eq!("link-local".parse::<Category>(), Ok(Category::LinkLocal));
    /// assert_eq!("6to4".parse::<Category>(), Ok(Category::SixToFour));
    /// assert!("lan".parse::<Category>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
        // "public" is what people (and the course notes' 公网) call global addresses.
        if s == "public" {
            return Ok(Category::Global);
        }
        Category::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown category {s:?}; valid: {}", names.join(", "))
        })
    }
}

/// How a block embeds an IPv4 address in IPv6 addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Embedding {
    /// No embedded address.
    None,
    /// `::ffff:a.b.c.d` (RFC 4291 2.5.5.2): the address *is* the IPv4 address.
    #[serde(rename = "ipv4-mapped")]
    Mapped,
    /// `64:ff9b::a.b.c.d` (RFC 6052 well-known prefix), low 32 bits.
    Nat64,
    /// `2002:AABB:CCDD::/48` (RFC 3056), bits 16-47.
    #[serde(rename = "6to4")]
    SixToFour,
    /// Teredo (RFC 4380): the client's address, inverted, in the low 32 bits.
    Teredo,
}

/// One registry block, compiled in from `data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The block in CIDR form, as the registry writes it.
    pub network: &'static str,
    /// The registry's name for it.
    pub name: &'static str,
    /// The defining RFCs.
    pub rfc: &'static str,
    /// netcalc's category for the block.
    pub category: Category,
    /// IANA's "Globally Reachable" (`None` for N/A and terminated rows).
    pub globally_reachable: Option<bool>,
    /// Whether addresses in the block carry an IPv4 address.
    #[serde(skip)]
    pub embedding: Embedding,
}

const NONE: u16 = u16::MAX;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// The most specific IPv4 block holding `a`, if any (none means plain global unicast).
#[inline]
pub fn ipv4_block(a: Ipv4Addr) -> Option<&'static Block> {
    let idx = ipv4_block_index(a);
    (idx != NONE).then(|| &BLOCKS[idx as usize])
}

/// The index into [`BLOCKS`] of the most specific IPv4 block holding `a` (`u16::MAX` for
/// none); the bulk path keys its pre-rendered output on it.
///
/// ```
/// use netcalc::classify::{BLOCKS, ipv4_block_index};
/// assert_eq!(BLOCKS[ipv4_block_index("10.1.2.3".parse().unwrap()) as usize].network, "10.0.0.0/8");
/// assert_eq!(ipv4_block_index("8.8.8.8".parse().unwrap()), u16::MAX);
/// ```
#[inline]
pub fn ipv4_block_index(a: Ipv4Addr) -> u16 {
    let v = u32::from(a);
    let (lo, hi) = V4_BY_OCTET[(v >> 24) as usize];
    let ranges = &V4_RANGES[lo as usize..hi as usize];
    if ranges.len() == 1 {
        return ranges[0].1;
    }
    let i = ranges.partition_point(|(start, _)| *start <= v);
    ranges[i - 1].1
}

/// The most specific IPv6 block holding `a`. Every IPv6 address is in some block (the
/// registry of the whole space is compiled in), so `None` only if the data were incomplete.
#[inline]
pub fn ipv6_block(a: Ipv6Addr) -> Option<&'static Block> {
    let v = u128::from(a);
    let i = V6_RANGES.partition_point(|(start, _)| *start <= v);
    let idx = V6_RANGES[i - 1].1;
    (idx != NONE).then(|| &BLOCKS[idx as usize])
}

/// An IPv4 address found inside an IPv6 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedded {
    /// How it is embedded.
    pub how: Embedding,
    /// The IPv6 block that embeds it.
    pub via: &'static Block,
    /// The IPv4 address.
    pub ipv4: Ipv4Addr,
    /// The embedded address's own classification.
    pub verdict: Verdict,
}

/// Category, reachability and block: what classification decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The category.
    pub category: Category,
    /// `Some(true)` globally reachable, `Some(false)` not, `None` not applicable.
    pub globally_reachable: Option<bool>,
    /// The most specific block that decided it (none: IPv4 global unicast).
    pub block: Option<&'static Block>,
}

/// A classified address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    /// The address.
    pub address: IpAddr,
    /// The verdict (for IPv4-mapped addresses, that of the embedded IPv4 address).
    pub verdict: Verdict,
    /// The embedded IPv4 address, for mapped, NAT64, 6to4 and Teredo addresses.
    pub embedded: Option<Embedded>,
}

/// What a whole network is: the verdict of the most specific block that holds all of it, and
/// the more specific blocks inside it, if any (then the network is of mixed kinds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkVerdict {
    /// The verdict every address shares, if the network lies in one block with nothing more
    /// specific inside it.
    pub whole: Option<Verdict>,
    /// The smallest block holding the whole network (none: global unicast).
    pub within: Option<&'static Block>,
    /// The blocks inside the network that classify parts of it differently.
    pub inside: Vec<&'static Block>,
}

/// Classifies a whole network.
///
/// ```
/// use netcalc::{classify::classify_network, Category};
/// let v = classify_network("192.168.0.0/16".parse().unwrap());
/// assert_eq!(v.whole.unwrap().category, Category::Private);
/// let v = classify_network("192.0.0.0/24".parse().unwrap());
/// assert!(v.whole.is_none() && !v.inside.is_empty()); // 192.0.0.9/32 is global inside it
/// ```
pub fn classify_network(net: ipnet::IpNet) -> NetworkVerdict {
    let net = net.trunc();
    let parsed = |b: &'static Block| b.network.parse::<ipnet::IpNet>().ok().map(|n| (n, b));
    let blocks: Vec<(ipnet::IpNet, &'static Block)> = BLOCKS.iter().filter_map(parsed).collect();
    let within =
        blocks.iter().filter(|(n, _)| n.contains(&net)).max_by_key(|(n, _)| n.prefix_len()).map(|(_, b)| *b);
    let inside: Vec<&'static Block> =
        blocks.iter().filter(|(n, _)| net.contains(n) && *n != net).map(|(_, b)| *b).collect();
    // Inside ::ffff:0:0/96 each address takes its IPv4 verdict: no one verdict for the whole.
    let mapped = within.is_some_and(|b| b.category == Category::Ipv4Mapped);
    let whole = (inside.is_empty() && !mapped).then(|| verdict_of(within));
    NetworkVerdict { whole, within, inside }
}

/// The verdict for an IPv4 address.
///
/// ```
/// use netcalc::{classify::classify_ipv4, Category};
/// let v = classify_ipv4("192.0.0.9".parse().unwrap());
/// assert_eq!(v.category, Category::Global); // most specific block wins over 192.0.0.0/24
/// assert_eq!(v.globally_reachable, Some(true));
/// ```
#[inline]
pub fn classify_ipv4(a: Ipv4Addr) -> Verdict {
    verdict_of(ipv4_block(a))
}

/// The verdict a block gives (no block: IPv4 global unicast).
///
/// ```
/// use netcalc::{classify::verdict_of, Category};
/// assert_eq!(verdict_of(None).category, Category::Global);
/// ```
pub fn verdict_of(block: Option<&'static Block>) -> Verdict {
    match block {
        Some(b) => Verdict { category: b.category, globally_reachable: b.globally_reachable, block },
        None => Verdict { category: Category::Global, globally_reachable: Some(true), block: None },
    }
}

/// Classifies any address.
///
/// ```
/// use netcalc::{classify::classify, Category};
/// let c = classify("::ffff:127.0.0.1".parse().unwrap());
/// assert_eq!(c.verdict.category, Category::Loopback);
/// let c = classify("64:ff9b::8.8.8.8".parse().unwrap());
/// assert_eq!((c.verdict.category, c.verdict.globally_reachable), (Category::Nat64, Some(true)));
/// let c = classify("::127.0.0.1".parse().unwrap());
/// assert_eq!(c.verdict.category, Category::Reserved);
/// ```
pub fn classify(address: IpAddr) -> Classification {
    match address {
        IpAddr::V4(a) => Classification { address, verdict: classify_ipv4(a), embedded: None },
        IpAddr::V6(a) => classify_ipv6(a),
    }
}

fn classify_ipv6(a: Ipv6Addr) -> Classification {
    let address = IpAddr::V6(a);
    let block = ipv6_block(a);
    let mut verdict = match block {
        Some(b) => verdict_of(Some(b)),
        None => Verdict { category: Category::Reserved, globally_reachable: Some(false), block: None },
    };
    let Some(via) = block.filter(|b| b.embedding != Embedding::None) else {
        return Classification { address, verdict, embedded: None };
    };
    let bits = u128::from(a);
    let ipv4 = Ipv4Addr::from(match via.embedding {
        Embedding::SixToFour => (bits >> 80) as u32,
        Embedding::Teredo => !(bits as u32),
        _ => bits as u32,
    });
    let inner = classify_ipv4(ipv4);
    match via.embedding {
        Embedding::Mapped => verdict = inner,
        // RFC 6052 3.1: the well-known prefix must not carry non-global IPv4 addresses.
        Embedding::Nat64 => verdict.globally_reachable = Some(inner.globally_reachable == Some(true)),
        _ => {}
    }
    Classification {
        address,
        verdict,
        embedded: Some(Embedded { how: via.embedding, via, ipv4, verdict: inner }),
    }
}

/// The historic class (A-E) of an IPv4 address, from its first bits.
///
/// ```
/// assert_eq!(netcalc::classify::ipv4_class("172.16.10.1".parse().unwrap()), 'B');
/// ```
pub fn ipv4_class(a: Ipv4Addr) -> char {
    match a.octets()[0].leading_ones() {
        0 => 'A',
        1 => 'B',
        2 => 'C',
        3 => 'D',
        _ => 'E',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(s: &str) -> (Category, Option<bool>) {
        let c = classify(s.parse().unwrap());
        (c.verdict.category, c.verdict.globally_reachable)
    }

    #[test]
    fn every_category_has_its_name_in_order() {
        for (i, c) in VARIANTS.iter().enumerate() {
            assert_eq!(*c as usize, i);
            assert_eq!(c.as_str(), CATEGORY_NAMES[i]);
        }
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
        }
        assert!(!Category::ALL.contains(&Category::Ipv4Mapped));
        assert_eq!(Category::SixToFour.as_str(), "6to4");
        assert_eq!(Category::LinkLocal.as_str(), "link-local");
        // Every category a block of data/ names is one of ours (build.rs also checks this).
        assert!(BLOCKS.iter().all(|b| VARIANTS.contains(&b.category)));
    }

    #[test]
    fn most_specific_wins() {
        assert_eq!(cat("192.0.0.8"), (Category::Dummy, Some(false)));
        assert_eq!(cat("192.0.0.9"), (Category::Global, Some(true)));
        assert_eq!(cat("192.0.0.169"), (Category::IetfProtocol, Some(false)));
        assert_eq!(cat("192.88.99.2"), (Category::IetfProtocol, Some(false)));
        assert_eq!(cat("192.88.99.1"), (Category::Deprecated, None));
        assert_eq!(cat("255.255.255.255"), (Category::Broadcast, Some(false)));
        assert_eq!(cat("255.255.255.254"), (Category::Reserved, Some(false)));
        assert_eq!(cat("0.0.0.0"), (Category::Unspecified, Some(false)));
        assert_eq!(cat("0.1.2.3"), (Category::ThisNetwork, Some(false)));
        assert_eq!(cat("8.8.8.8"), (Category::Global, Some(true)));
        assert_eq!(cat("224.0.0.251"), (Category::Multicast, None));
    }

    #[test]
    fn ipv6_and_embedded() {
        assert_eq!(cat("::"), (Category::Unspecified, Some(false)));
        assert_eq!(cat("::1"), (Category::Loopback, Some(false)));
        assert_eq!(cat("::ffff:10.0.0.1"), (Category::Private, Some(false)));
        assert_eq!(cat("::ffff:0:0"), (Category::Unspecified, Some(false)));
        assert_eq!(cat("64:ff9b::10.0.0.1"), (Category::Nat64, Some(false)));
        assert_eq!(cat("64:ff9b::224.0.0.1"), (Category::Nat64, Some(false)));
        assert_eq!(cat("2002:c0a8:101::1"), (Category::SixToFour, None));
        assert_eq!(cat("2001::1"), (Category::Teredo, None));
        assert_eq!(cat("fc00::1"), (Category::Private, Some(false)));
        assert_eq!(cat("ff02::1"), (Category::Multicast, None));
        assert_eq!(cat("2001:20::1"), (Category::Global, Some(true)));
        assert_eq!(cat("4000::1"), (Category::Reserved, Some(false)));
        let c = classify("2002:c0a8:101::1".parse().unwrap());
        assert_eq!(c.embedded.unwrap().ipv4, Ipv4Addr::new(192, 168, 1, 1));
        // Teredo client 192.0.2.45 is stored inverted: 3fff:fdd2.
        let c = classify("2001:0:4136:e378:8000:63bf:3fff:fdd2".parse().unwrap());
        assert_eq!(c.embedded.unwrap().ipv4, Ipv4Addr::new(192, 0, 2, 45));
    }

    #[test]
    fn tables_cover_everything() {
        assert_eq!(V4_RANGES[0].0, 0);
        assert_eq!(V6_RANGES[0].0, 0);
        assert!(V6_RANGES.iter().all(|(_, i)| *i != NONE), "all IPv6 space is in some block");
        assert!(V4_RANGES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
