//! Strict parsing of addresses, prefixes and masks (the README's "Parsing policy").
//!
//! IPv4 is exactly four decimal octets without leading zeros; IPv6 is RFC 4291 text with an
//! optional dotted IPv4 tail, no zone ID, at most 45 characters. Nothing is reinterpreted:
//! `010.0.0.1`, `127.1`, `0x7f.0.0.1` and `2130706433` are errors, because libraries that read
//! them "helpfully" have been the root of SSRF bypasses.
//!
//! The byte-level functions are the hot path of the bulk commands: they allocate nothing and
//! only work out *why* an input is bad once it has failed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::error::{ParseError, Problem};

/// The longest valid IPv6 text (`0000:0000:0000:0000:0000:ffff:255.255.255.255`).
pub const MAX_IPV6_LEN: usize = 45;

/// Parses an IPv4 or IPv6 address, strictly.
///
/// ```
/// use netcalc::addr::parse_addr;
/// assert_eq!(parse_addr("172.16.10.1").unwrap().to_string(), "172.16.10.1");
/// assert_eq!(parse_addr("FE80::0001").unwrap().to_string(), "fe80::1");
/// assert!(parse_addr("127.1").is_err());
/// assert!(parse_addr("fe80::1%eth0").is_err());
/// ```
pub fn parse_addr(s: &str) -> Result<IpAddr, ParseError> {
    parse_addr_bytes(s.as_bytes()).map_err(|p| ParseError::new(p, s))
}

/// Parses an address from bytes (a line of bulk input), strictly; allocation-free.
///
/// ```
/// use netcalc::addr::parse_addr_bytes;
/// assert!(parse_addr_bytes(b"10.0.0.1").is_ok());
/// assert!(parse_addr_bytes(b"10.0.0.1\r").is_err());
/// ```
#[inline(always)]
pub fn parse_addr_bytes(s: &[u8]) -> Result<IpAddr, Problem> {
    // IPv4 first: it is the common case in bulk input, and fails fast on IPv6 text.
    if let Some(a) = ipv4_fast(s) {
        return Ok(IpAddr::V4(a));
    }
    if s.contains(&b':') { parse_ipv6_bytes(s).map(IpAddr::V6) } else { Err(diagnose(s)) }
}

/// Parses a strict dotted-quad IPv4 address from bytes.
///
/// ```
/// use netcalc::{addr::parse_ipv4_bytes, Problem};
/// assert_eq!(parse_ipv4_bytes(b"192.0.2.1").unwrap(), std::net::Ipv4Addr::new(192, 0, 2, 1));
/// assert_eq!(parse_ipv4_bytes(b"010.0.0.1"), Err(Problem::Ipv4LeadingZero(1)));
/// assert_eq!(parse_ipv4_bytes(b"127.1"), Err(Problem::Ipv4PartCount(2)));
/// ```
#[inline]
pub fn parse_ipv4_bytes(s: &[u8]) -> Result<Ipv4Addr, Problem> {
    match ipv4_fast(s) {
        Some(a) => Ok(a),
        None => Err(diagnose(s)),
    }
}

/// Parses RFC 4291 IPv6 text from bytes (hex case-insensitive, embedded IPv4 allowed last).
///
/// ```
/// use netcalc::{addr::parse_ipv6_bytes, Problem};
/// assert_eq!(parse_ipv6_bytes(b"::ffff:192.0.2.1").unwrap().to_string(), "::ffff:192.0.2.1");
/// assert_eq!(parse_ipv6_bytes(b"1::2::3"), Err(Problem::Ipv6DoubleColons));
/// ```
#[inline]
pub fn parse_ipv6_bytes(s: &[u8]) -> Result<Ipv6Addr, Problem> {
    ipv6(s).map_err(|_| diagnose(s))
}

/// The four octets, or `None` for anything not strictly valid. Kept small so that it inlines
/// into the bulk loops; the reason for a failure is worked out by [`diagnose`].
#[inline]
fn ipv4_fast(s: &[u8]) -> Option<Ipv4Addr> {
    if s.len() < 7 || s.len() > 15 {
        return None;
    }
    let mut octets = [0u8; 4];
    let mut i = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        let start = i;
        let mut v: u32 = 0;
        while i < s.len() && i - start < 3 && s[i].is_ascii_digit() {
            v = v * 10 + u32::from(s[i] - b'0');
            i += 1;
        }
        let len = i - start;
        if len == 0 || (len > 1 && s[start] == b'0') || v > 255 {
            return None;
        }
        *octet = v as u8;
        if k < 3 {
            if i < s.len() && s[i] == b'.' {
                i += 1;
            } else {
                return None;
            }
        }
    }
    (i == s.len()).then_some(Ipv4Addr::from(octets))
}

/// Strict IPv6 text parser. The problem it returns is refined by [`diagnose`] (which first
/// checks for whitespace, non-ASCII and other input-wide faults).
fn ipv6(s: &[u8]) -> Result<Ipv6Addr, Problem> {
    if s.len() > MAX_IPV6_LEN {
        return Err(Problem::TooLong);
    }
    let n = s.len();
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let (mut hn, mut tn) = (0usize, 0usize);
    let mut compressed = false;
    let mut i = 0;
    if s.starts_with(b"::") {
        compressed = true;
        i = 2;
        if n == 2 {
            return Ok(Ipv6Addr::UNSPECIFIED);
        }
    }
    loop {
        let start = i;
        let mut v: u32 = 0;
        while i < n && s[i].is_ascii_hexdigit() {
            if i - start == 4 {
                return Err(Problem::Ipv6GroupLength);
            }
            v = (v << 4) | u32::from(hex_value(s[i]));
            i += 1;
        }
        if i < n && s[i] == b'.' {
            // A dotted IPv4 tail: it must run to the end and fill the last two groups.
            if hn + tn > 6 {
                return Err(Problem::Ipv6GroupCount);
            }
            let v4 = ipv4_fast(&s[start..]).ok_or(Problem::Ipv6EmbeddedIpv4)?;
            let [a, b, c, d] = v4.octets();
            for group in [u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])] {
                push(&mut head, &mut hn, &mut tail, &mut tn, compressed, group);
            }
            break;
        }
        if i == start {
            return Err(match s.get(i) {
                Some(b'%') => Problem::Ipv6Zone,
                Some(b':') | None => Problem::Ipv6EmptyGroup,
                Some(_) => Problem::Ipv6Char,
            });
        }
        if hn + tn == 8 {
            return Err(Problem::Ipv6GroupCount);
        }
        push(&mut head, &mut hn, &mut tail, &mut tn, compressed, v as u16);
        if i == n {
            break;
        }
        match s[i] {
            b':' => i += 1,
            b'%' => return Err(Problem::Ipv6Zone),
            _ => return Err(Problem::Ipv6Char),
        }
        if i < n && s[i] == b':' {
            if compressed {
                return Err(Problem::Ipv6DoubleColons);
            }
            compressed = true;
            i += 1;
            if i == n {
                break;
            }
        } else if i == n {
            return Err(Problem::Ipv6EmptyGroup);
        }
    }
    let total = hn + tn;
    if (compressed && total > 7) || (!compressed && total != 8) {
        return Err(Problem::Ipv6GroupCount);
    }
    let mut groups = [0u16; 8];
    groups[..hn].copy_from_slice(&head[..hn]);
    groups[8 - tn..].copy_from_slice(&tail[..tn]);
    Ok(Ipv6Addr::from(groups))
}

fn push(head: &mut [u16; 8], hn: &mut usize, tail: &mut [u16; 8], tn: &mut usize, after_gap: bool, g: u16) {
    if after_gap {
        tail[*tn] = g;
        *tn += 1;
    } else {
        head[*hn] = g;
        *hn += 1;
    }
}

fn hex_value(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

/// Why `s` is not a valid address. Only called once parsing has failed.
#[cold]
fn diagnose(s: &[u8]) -> Problem {
    if s.is_empty() {
        return Problem::Empty;
    }
    if !s.is_ascii() {
        return Problem::NonAscii;
    }
    if s.iter().any(u8::is_ascii_whitespace) {
        return Problem::Whitespace;
    }
    if s.iter().any(u8::is_ascii_control) {
        return Problem::Control;
    }
    if let Some(slash) = memchr::memchr(b'/', s) {
        return match parse_addr_bytes(&s[..slash]) {
            Ok(_) => Problem::PrefixNotAllowed,
            Err(p) => p,
        };
    }
    if memchr::memchr(b':', s).is_some() {
        return ipv6(s).err().unwrap_or(Problem::NotAnAddress);
    }
    diagnose_ipv4(s)
}

fn diagnose_ipv4(s: &[u8]) -> Problem {
    if s.windows(2).any(|w| w[0] == b'0' && matches!(w[1], b'x' | b'X')) {
        return Problem::Ipv4Hex;
    }
    if !s.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        // Dots make it look like an IPv4 address with a stray character; otherwise it is
        // not an address at all (a word, a URL, "1,2,3,4").
        return if s.contains(&b'.') { Problem::Ipv4Char } else { Problem::NotAnAddress };
    }
    let parts: Vec<&[u8]> = s.split(|b| *b == b'.').collect();
    if parts.len() != 4 {
        return Problem::Ipv4PartCount(parts.len().min(255) as u8);
    }
    for (i, part) in parts.iter().enumerate() {
        let index = i as u8 + 1;
        if part.is_empty() {
            return Problem::Ipv4EmptyOctet(index);
        }
        if part.len() > 1 && part[0] == b'0' {
            return Problem::Ipv4LeadingZero(index);
        }
        if part.len() > 3 || part.iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0')) > 255 {
            return Problem::Ipv4OctetRange(index);
        }
    }
    Problem::NotAnAddress
}

/// An address with the prefix it was written with, if any (`172.16.10.2/24`, `10.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefixed {
    /// The address as written (host bits kept).
    pub addr: IpAddr,
    /// The prefix length, if one was written (a dotted mask is converted).
    pub prefix: Option<u8>,
}

impl Prefixed {
    /// The network `addr/prefix` with host bits kept, using `default` where no prefix was given.
    pub fn with_default(&self, default: u8) -> IpNet {
        net_of(self.addr, self.prefix.unwrap_or(default))
    }
}

/// Builds an [`IpNet`] from an address and a prefix already checked against its family.
pub(crate) fn net_of(addr: IpAddr, prefix: u8) -> IpNet {
    match addr {
        IpAddr::V4(a) => IpNet::V4(Ipv4Net::new_assert(a, prefix)),
        IpAddr::V6(a) => IpNet::V6(Ipv6Net::new_assert(a, prefix)),
    }
}

/// Parses `ADDR` or `ADDR/PREFIX`, where PREFIX is a length or (IPv4) a contiguous dotted mask.
///
/// ```
/// use netcalc::addr::parse_prefixed;
/// assert_eq!(parse_prefixed("10.0.0.1/255.255.255.0").unwrap().prefix, Some(24));
/// assert_eq!(parse_prefixed("2001:db8::1").unwrap().prefix, None);
/// assert!(parse_prefixed("10.0.0.1/33").is_err());
/// assert!(parse_prefixed("10.0.0.1/255.0.255.0").is_err());
/// ```
pub fn parse_prefixed(s: &str) -> Result<Prefixed, ParseError> {
    let err = |p| ParseError::new(p, s);
    let (addr_text, prefix_text) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let addr = parse_addr_bytes(addr_text.as_bytes()).map_err(err)?;
    let prefix = match prefix_text {
        None => None,
        Some(p) => Some(parse_prefix_for(p, addr.is_ipv4()).map_err(err)?),
    };
    Ok(Prefixed { addr, prefix })
}

/// Parses a network `ADDR/PREFIX` (a bare address is a /32 or /128), keeping host bits.
///
/// ```
/// let net = netcalc::addr::parse_net("192.168.1.77/24").unwrap();
/// assert_eq!(net.to_string(), "192.168.1.77/24");
/// assert_eq!(net.trunc().to_string(), "192.168.1.0/24");
/// ```
pub fn parse_net(s: &str) -> Result<IpNet, ParseError> {
    let p = parse_prefixed(s)?;
    Ok(p.with_default(if p.addr.is_ipv4() { 32 } else { 128 }))
}

/// A mask given on its own (apart from any address): a length fits either family, a dotted or colon form only
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask {
    /// The prefix length.
    pub prefix: u8,
    /// `Some(true)` if written as an IPv4 mask, `Some(false)` as IPv6, `None` as a bare length.
    pub ipv4: Option<bool>,
}

impl Mask {
    /// The prefix length for an address of the given family, or why the mask does not fit it.
    pub fn for_family(&self, ipv4: bool) -> Result<u8, Problem> {
        match self.ipv4 {
            Some(f) if f != ipv4 => Err(Problem::MaskFamily),
            _ if ipv4 && self.prefix > 32 => Err(Problem::PrefixRange(32)),
            _ => Ok(self.prefix),
        }
    }
}

/// Parses a mask: `24`, `/24`, `255.255.255.0` or `ffff:ffff::`.
///
/// ```
/// use netcalc::addr::parse_mask;
/// assert_eq!(parse_mask("255.255.240.0").unwrap().prefix, 20);
/// assert_eq!(parse_mask("/64").unwrap().prefix, 64);
/// let err = parse_mask("255.0.255.0").unwrap_err();
/// assert!(err.to_string().contains("bit 17"));
/// ```
pub fn parse_mask(s: &str) -> Result<Mask, ParseError> {
    let text = s.strip_prefix('/').unwrap_or(s);
    let err = |p| ParseError::new(p, s);
    if text.contains('.') {
        Ok(Mask { prefix: parse_prefix_for(text, true).map_err(err)?, ipv4: Some(true) })
    } else if text.contains(':') {
        Ok(Mask { prefix: parse_prefix_for(text, false).map_err(err)?, ipv4: Some(false) })
    } else {
        Ok(Mask { prefix: parse_length(text, 128).map_err(err)?, ipv4: None })
    }
}

/// The prefix after the `/` of an address of the given family.
fn parse_prefix_for(text: &str, ipv4: bool) -> Result<u8, Problem> {
    let bytes = text.as_bytes();
    if ipv4 && bytes.contains(&b'.') {
        let mask = ipv4_fast(bytes).ok_or(Problem::PrefixSyntax)?;
        return mask_to_prefix(u128::from(u32::from(mask)) << 96);
    }
    if !ipv4 && bytes.contains(&b':') {
        let mask = ipv6(bytes).map_err(|_| Problem::PrefixSyntax)?;
        return mask_to_prefix(u128::from(mask));
    }
    parse_length(text, if ipv4 { 32 } else { 128 })
}

/// A decimal prefix length 0..=max, without sign, leading zero or anything else.
fn parse_length(text: &str, max: u8) -> Result<u8, Problem> {
    let b = text.as_bytes();
    if b.is_empty() || b.len() > 3 || !b.iter().all(u8::is_ascii_digit) {
        return Err(Problem::PrefixSyntax);
    }
    if b.len() > 1 && b[0] == b'0' {
        return Err(Problem::PrefixSyntax);
    }
    let v: u32 = text.parse().map_err(|_| Problem::PrefixSyntax)?;
    if v > u32::from(max) {
        return Err(Problem::PrefixRange(max));
    }
    Ok(v as u8)
}

/// The prefix length of a left-aligned 128-bit mask, or the 1-based position of its first
/// 1 bit after a 0.
fn mask_to_prefix(mask: u128) -> Result<u8, Problem> {
    let ones = mask.leading_ones();
    if ones == 128 {
        return Ok(128);
    }
    let rest = mask << ones;
    if rest == 0 {
        Ok(ones as u8)
    } else {
        Err(Problem::MaskNotContiguous((ones + rest.leading_zeros() + 1) as u8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(s: &str) -> Problem {
        parse_addr(s).unwrap_err().problem
    }

    #[test]
    fn ipv4_strict_forms() {
        assert_eq!(problem("010.0.0.1"), Problem::Ipv4LeadingZero(1));
        assert_eq!(problem("0.0.0.00"), Problem::Ipv4LeadingZero(4));
        assert_eq!(problem("256.1.1.1"), Problem::Ipv4OctetRange(1));
        assert_eq!(problem("1.2.3"), Problem::Ipv4PartCount(3));
        assert_eq!(problem("2130706433"), Problem::Ipv4PartCount(1));
        assert_eq!(problem("0x7f.0.0.1"), Problem::Ipv4Hex);
        assert_eq!(problem(".1.2.3"), Problem::Ipv4EmptyOctet(1));
        assert_eq!(problem("1.2.3.4 "), Problem::Whitespace);
        assert_eq!(problem("1.2.3.4\0"), Problem::Control);
        assert_eq!(problem("１.2.3.4"), Problem::NonAscii);
        assert_eq!(problem("1.2.3.4/32"), Problem::PrefixNotAllowed);
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem("-1.2.3.4"), Problem::Ipv4Char);
        assert_eq!(problem("bad"), Problem::NotAnAddress);
        assert_eq!(problem("0x"), Problem::Ipv4Hex);
    }

    #[test]
    fn ipv6_forms() {
        assert_eq!(parse_addr("::").unwrap(), "::".parse::<IpAddr>().unwrap());
        assert_eq!(parse_addr("1::").unwrap(), "1::".parse::<IpAddr>().unwrap());
        assert_eq!(parse_addr("1:2:3:4:5:6:7::").unwrap(), "1:2:3:4:5:6:7:0".parse::<IpAddr>().unwrap());
        assert_eq!(problem("fe80::1%eth0"), Problem::Ipv6Zone);
        assert_eq!(problem("fe80::1%"), Problem::Ipv6Zone);
        assert_eq!(problem("1::2::3"), Problem::Ipv6DoubleColons);
        assert_eq!(problem("12345::"), Problem::Ipv6GroupLength);
        assert_eq!(problem("1:2:3:4::5:6:7:8"), Problem::Ipv6GroupCount);
        assert_eq!(problem("::ffff:127.1"), Problem::Ipv6EmbeddedIpv4);
        assert_eq!(problem("1.2.3.4::"), Problem::Ipv6EmbeddedIpv4);
        assert_eq!(problem(":1::"), Problem::Ipv6EmptyGroup);
        assert_eq!(problem("1::2:"), Problem::Ipv6EmptyGroup);
    }

    #[test]
    fn masks_and_prefixes() {
        assert_eq!(mask_to_prefix(0), Ok(0));
        assert_eq!(mask_to_prefix(u128::MAX), Ok(128));
        // 255.0.255.0: ones 1-8, zeros 9-16, then a 1 at bit 17.
        assert_eq!(parse_prefix_for("255.0.255.0", true), Err(Problem::MaskNotContiguous(17)));
        assert_eq!(parse_prefix_for("255.255.255.255", true), Ok(32));
        assert_eq!(parse_prefix_for("0.0.0.0", true), Ok(0));
        assert_eq!(parse_prefix_for("33", true), Err(Problem::PrefixRange(32)));
        assert_eq!(parse_prefix_for("129", false), Err(Problem::PrefixRange(128)));
        assert_eq!(parse_prefix_for("024", true), Err(Problem::PrefixSyntax));
        assert_eq!(parse_prefix_for("", true), Err(Problem::PrefixSyntax));
        assert_eq!(parse_prefix_for("ffff:ffff::", false), Ok(32));
    }
}
