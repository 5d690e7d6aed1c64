//! Classification of addresses against the IANA special-purpose registries (DESIGN's
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

/// The verdict of a classification: exactly DESIGN's category set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Category {
    Unspecified,
    ThisNetwork,
    Loopback,
    Private,
    Shared,
    LinkLocal,
    IetfProtocol,
    Dummy,
    Documentation,
    Benchmarking,
    Multicast,
    Reserved,
    Broadcast,
    Deprecated,
    Discard,
    Nat64,
    Nat64Local,
    Teredo,
    #[serde(rename = "6to4")]
    SixToFour,
    Srv6,
    Global,
    /// The category of the `::ffff:0:0/96` *block* only: an address in it is given the verdict
    /// of its embedded IPv4 address, so this never appears in a [`Classification`].
    Ipv4Mapped,
}

impl Category {
    /// Every category a classification can return, in DESIGN's order.
    pub const ALL: [Category; 21] = [
        Category::Unspecified,
        Category::ThisNetwork,
        Category::Loopback,
        Category::Private,
        Category::Shared,
        Category::LinkLocal,
        Category::IetfProtocol,
        Category::Dummy,
        Category::Documentation,
        Category::Benchmarking,
        Category::Multicast,
        Category::Reserved,
        Category::Broadcast,
        Category::Deprecated,
        Category::Discard,
        Category::Nat64,
        Category::Nat64Local,
        Category::Teredo,
        Category::SixToFour,
        Category::Srv6,
        Category::Global,
    ];

    /// The category's name as printed and parsed (`link-local`, `6to4`).
    pub fn as_str(self) -> &'static str {
        use Category::*;
        match self {
            Unspecified => "unspecified",
            ThisNetwork => "this-network",
            Loopback => "loopback",
            Private => "private",
            Shared => "shared",
            LinkLocal => "link-local",
            IetfProtocol => "ietf-protocol",
            Dummy => "dummy",
            Documentation => "documentation",
            Benchmarking => "benchmarking",
            Multicast => "multicast",
            Reserved => "reserved",
            Broadcast => "broadcast",
            Deprecated => "deprecated",
            Discard => "discard",
            Nat64 => "nat64",
            Nat64Local => "nat64-local",
            Teredo => "teredo",
            SixToFour => "6to4",
            Srv6 => "srv6",
            Global => "global",
            Ipv4Mapped => "ipv4-mapped",
        }
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
    /// assert!("lan".parse::<Category>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
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
