//! Text forms of an address beyond `Display`: binary with the network/host boundary marked,
//! the fully expanded IPv6 form, and the reverse-DNS name.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv6Addr};

/// The binary form with `|` at the network/host boundary: dotted octets for IPv4; for IPv6 the
/// eight groups in hex, except the group the boundary falls inside, which is written in
/// binary (so the boundary is exact without 143 characters of ones and zeros).
///
/// ```
/// use netcalc::addr::binary_with_boundary;
/// let a = "172.16.10.1".parse().unwrap();
/// assert_eq!(binary_with_boundary(a, 24), "10101100.00010000.00001010|00000001");
/// assert_eq!(binary_with_boundary(a, 20), "10101100.00010000.0000|1010.00000001");
/// let b = "2001:db8::1".parse().unwrap();
/// assert_eq!(binary_with_boundary(b, 32), "2001:0db8|0000:0000:0000:0000:0000:0001");
/// assert_eq!(binary_with_boundary(b, 20), "2001:0000|110110111000:0000:0000:0000:0000:0000:0001");
/// ```
pub fn binary_with_boundary(addr: IpAddr, prefix: u8) -> String {
    let mut out = String::with_capacity(48);
    match addr {
        IpAddr::V4(a) => {
            let bits = u32::from(a);
            for i in 0..32u8 {
                if i == prefix && prefix != 0 {
                    out.push('|');
                } else if i > 0 && i % 8 == 0 {
                    out.push('.');
                }
                out.push(if bits >> (31 - i) & 1 == 1 { '1' } else { '0' });
            }
            if prefix == 32 {
                out.push('|');
            }
            if prefix == 0 {
                out.insert(0, '|');
            }
        }
        IpAddr::V6(a) => {
            let p = usize::from(prefix);
            for (i, g) in a.segments().iter().enumerate() {
                let (lo, hi) = (i * 16, i * 16 + 16);
                if i > 0 {
                    out.push(if p == lo { '|' } else { ':' });
                } else if p == 0 {
                    out.push('|');
                }
                if p > lo && p < hi {
                    let bin = format!("{g:016b}");
                    out.push_str(&bin[..p - lo]);
                    out.push('|');
                    out.push_str(&bin[p - lo..]);
                } else {
                    let _ = write!(out, "{g:04x}");
                }
            }
            if p == 128 {
                out.push('|');
            }
        }
    }
    out
}

/// Plain binary, dotted per octet (IPv4) or colon-separated per group (IPv6).
///
/// ```
/// assert_eq!(netcalc::addr::binary("10.0.0.1".parse().unwrap()),
///            "00001010.00000000.00000000.00000001");
/// ```
pub fn binary(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => a.octets().map(|o| format!("{o:08b}")).join("."),
        IpAddr::V6(a) => a.segments().map(|g| format!("{g:016b}")).join(":"),
    }
}

/// All eight groups, four hex digits each.
///
/// ```
/// assert_eq!(netcalc::addr::expanded("2001:db8::1".parse().unwrap()),
///            "2001:0db8:0000:0000:0000:0000:0000:0001");
/// ```
pub fn expanded(a: Ipv6Addr) -> String {
    a.segments().map(|g| format!("{g:04x}")).join(":")
}

/// The hexadecimal form: `0xac100a01`, or the 32 hex digits of an IPv6 address.
pub fn hex(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => format!("0x{:08x}", u32::from(a)),
        IpAddr::V6(a) => format!("0x{:032x}", u128::from(a)),
    }
}

/// The name a PTR lookup of the address asks for.
///
/// ```
/// use netcalc::addr::reverse_dns;
/// assert_eq!(reverse_dns("192.0.2.1".parse().unwrap()), "1.2.0.192.in-addr.arpa");
/// assert!(reverse_dns("2001:db8::1".parse().unwrap()).starts_with("1.0.0.0.0.0.0.0"));
/// ```
pub fn reverse_dns(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => {
            let [a, b, c, d] = a.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        IpAddr::V6(a) => {
            let mut out = String::with_capacity(73);
            let v = u128::from(a);
            for i in 0..32 {
                let _ = write!(out, "{:x}.", (v >> (i * 4)) & 0xf);
            }
            out.push_str("ip6.arpa");
            out
        }
    }
}
