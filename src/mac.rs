//! The MAC address type: parsing of every common notation, and the two bits in the first
//! octet that say what kind of address it is.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// A 48-bit IEEE 802 MAC address.
///
/// ```
/// use netcalc::mac::MacAddr;
/// for text in ["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e", "001a2b3c4d5e"] {
///     assert_eq!(text.parse::<MacAddr>().unwrap().to_string(), "00:1a:2b:3c:4d:5e");
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    /// ff:ff:ff:ff:ff:ff.
    pub const BROADCAST: MacAddr = MacAddr([0xff; 6]);
    /// 00:00:00:00:00:00 (an ARP request's unknown target).
    pub const ZERO: MacAddr = MacAddr([0; 6]);

    /// The I/G bit (bit 0 of the first octet): a group (multicast or broadcast) address.
    pub fn is_group(&self) -> bool {
        self.0[0] & 1 == 1
    }

    /// The U/L bit (bit 1 of the first octet): locally administered, not from a vendor.
    pub fn is_local(&self) -> bool {
        self.0[0] & 2 == 2
    }

    /// ff:ff:ff:ff:ff:ff.
    pub fn is_broadcast(&self) -> bool {
        *self == Self::BROADCAST
    }

    /// The address as a 48-bit integer.
    pub fn to_u64(self) -> u64 {
        self.0.iter().fold(0u64, |v, b| v << 8 | u64::from(*b))
    }

    /// What the address is for: broadcast, an IPv4 or IPv6 multicast mapping, another group
    /// address, or unicast.
    ///
    /// ```
    /// use netcalc::mac::{MacAddr, MacKind};
    /// let m: MacAddr = "01:00:5e:00:00:fb".parse().unwrap();
    /// let MacKind::Ipv4Multicast { groups } = m.kind() else { panic!() };
    /// assert_eq!(groups.len(), 32); // 5 bits of the group are lost in the mapping
    /// assert!(groups.contains(&"224.0.0.251".parse().unwrap()));
    /// assert_eq!(MacAddr::BROADCAST.kind(), MacKind::Broadcast);
    /// ```
    pub fn kind(&self) -> MacKind {
        let [a, b, c, d, e, f] = self.0;
        if self.is_broadcast() {
            MacKind::Broadcast
        } else if [a, b, c] == [0x01, 0x00, 0x5e] && d & 0x80 == 0 {
            // RFC 1112: the low 23 bits of the group; the 5 bits above them are lost, so 32
            // groups share each MAC.
            let groups = (224u8..=239)
                .flat_map(|first| [Ipv4Addr::new(first, d, e, f), Ipv4Addr::new(first, d | 0x80, e, f)])
                .collect();
            MacKind::Ipv4Multicast { groups }
        } else if [a, b] == [0x33, 0x33] {
            MacKind::Ipv6Multicast { low32: u32::from_be_bytes([c, d, e, f]) }
        } else if self.is_group() {
            MacKind::Multicast
        } else {
            MacKind::Unicast
        }
    }

    /// The first three octets (the OUI), as `00:1a:2b`.
    pub fn oui(&self) -> String {
        format!("{:02x}:{:02x}:{:02x}", self.0[0], self.0[1], self.0[2])
    }
}

/// What a MAC address is for ([`MacAddr::kind`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacKind {
    /// ff:ff:ff:ff:ff:ff: every station on the LAN.
    Broadcast,
    /// 01:00:5e with the 24th bit clear: IPv4 multicast (RFC 1112), one MAC for 32 groups.
    Ipv4Multicast {
        /// The groups that map to it, in order.
        groups: Vec<Ipv4Addr>,
    },
    /// 33:33: IPv6 multicast (RFC 2464), the group's last 32 bits.
    Ipv6Multicast {
        /// The last 32 bits of every group that maps to it.
        low32: u32,
    },
    /// Another group address.
    Multicast,
    /// An individual address.
    Unicast,
}

impl MacKind {
    /// `broadcast`, `multicast` or `unicast`.
    pub fn as_str(&self) -> &'static str {
        match self {
            MacKind::Broadcast => "broadcast",
            MacKind::Ipv4Multicast { .. } | MacKind::Ipv6Multicast { .. } | MacKind::Multicast => "multicast",
            MacKind::Unicast => "unicast",
        }
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl serde::Serialize for MacAddr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a MAC address did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{reason}; a MAC address is 6 hex octets, e.g. 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E, \
     001a.2b3c.4d5e or 001a2b3c4d5e: {input:?}"
)]
pub struct MacParseError {
    /// What was wrong.
    pub reason: &'static str,
    /// The input.
    pub input: String,
}

impl FromStr for MacAddr {
    type Err = MacParseError;

    fn from_str(s: &str) -> Result<Self, MacParseError> {
        let err = |reason| MacParseError { reason, input: s.to_string() };
        if s.is_empty() {
            return Err(err("empty MAC address"));
        }
        if !s.is_ascii() {
            return Err(err("non-ASCII character"));
        }
        let seps: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_hexdigit()).collect();
        let hex_of = |part: &str| u8::from_str_radix(part, 16).ok();
        let mut out = [0u8; 6];
        match seps.first() {
            None => {
                if s.len() != 12 {
                    return Err(err("a MAC without separators has 12 hex digits"));
                }
                for (i, o) in out.iter_mut().enumerate() {
                    *o = hex_of(&s[2 * i..2 * i + 2]).ok_or_else(|| err("bad hex digit"))?;
                }
            }
            Some(&sep @ (b':' | b'-')) => {
                if seps.iter().any(|b| *b != sep) {
                    return Err(err("mixed or unexpected separators"));
                }
                let parts: Vec<&str> = s.split(sep as char).collect();
                if parts.len() != 6 {
                    return Err(err("expected 6 octets"));
                }
                for (o, p) in out.iter_mut().zip(&parts) {
                    if p.is_empty() || p.len() > 2 {
                        return Err(err("each octet is 1 or 2 hex digits"));
                    }
                    *o = hex_of(p).ok_or_else(|| err("bad hex digit"))?;
                }
            }
            Some(b'.') => {
                let parts: Vec<&str> = s.split('.').collect();
                if parts.len() != 3 || parts.iter().any(|p| p.len() != 4) {
                    return Err(err("the dotted form is three groups of 4 hex digits"));
                }
                for (i, p) in parts.iter().enumerate() {
                    out[2 * i] = hex_of(&p[..2]).ok_or_else(|| err("bad hex digit"))?;
                    out[2 * i + 1] = hex_of(&p[2..]).ok_or_else(|| err("bad hex digit"))?;
                }
            }
            Some(_) => return Err(err("unexpected character")),
        }
        Ok(MacAddr(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notations_and_errors() {
        let m: MacAddr = "0:1a:2b:3c:4d:5e".parse().unwrap();
        assert_eq!(m.to_string(), "00:1a:2b:3c:4d:5e");
        for bad in [
            "",
            "00:1a:2b:3c:4d",
            "00:1a:2b:3c:4d:5e:6f",
            "00:1a-2b:3c:4d:5e",
            "001a.2b3c.4d5",
            "00:1g:2b:3c:4d:5e",
            "001a2b3c4d5",
            "00:1a:2b:3c:4d:5e ",
            "000:1a:2b:3c:4d:5e",
        ] {
            assert!(bad.parse::<MacAddr>().is_err(), "{bad:?}");
        }
        assert!(MacAddr::BROADCAST.is_group() && MacAddr::BROADCAST.is_broadcast());
        assert!("02:00:00:00:00:01".parse::<MacAddr>().unwrap().is_local());
    }
}
