//! IPv4 headers (RFC 791), 20 bytes without options, with the header checksum.

use std::net::Ipv4Addr;

use super::{WireError, checksum};

mod field {
    use std::ops::Range;
    pub const VER_IHL: usize = 0;
    pub const DSCP_ECN: usize = 1;
    pub const LENGTH: Range<usize> = 2..4;
    pub const IDENT: Range<usize> = 4..6;
    pub const FLAGS_FRAG: Range<usize> = 6..8;
    pub const TTL: usize = 8;
    pub const PROTOCOL: usize = 9;
    pub const CHECKSUM: Range<usize> = 10..12;
    pub const SRC: Range<usize> = 12..16;
    pub const DST: Range<usize> = 16..20;
}

/// The header length without options.
pub const HEADER_LEN: usize = field::DST.end;
/// IP protocol number of ICMP.
pub const PROTO_ICMP: u8 = 1;

/// An IPv4 header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// The payload protocol (1 = ICMP).
    pub protocol: u8,
    /// Time to live.
    pub ttl: u8,
    /// Identification.
    pub ident: u16,
    /// Length of the payload after the header.
    pub payload_len: usize,
}

impl Repr {
    /// Parses and verifies a header (version 4, no options, checksum, length); the payload is
    /// `&packet[HEADER_LEN..HEADER_LEN + payload_len]` (Ethernet padding excluded).
    pub fn parse(p: &[u8]) -> Result<Repr, WireError> {
        if p.len() < HEADER_LEN {
            return Err(WireError::Truncated);
        }
        if p[field::VER_IHL] != 0x45 {
            return Err(WireError::Unsupported("IP version or header length"));
        }
        if checksum(&p[..HEADER_LEN]) != 0 {
            return Err(WireError::Checksum);
        }
        let total = usize::from(u16::from_be_bytes([p[2], p[3]]));
        if total < HEADER_LEN || total > p.len() {
            return Err(WireError::Truncated);
        }
        let ip = |r: std::ops::Range<usize>| Ipv4Addr::from(<[u8; 4]>::try_from(&p[r]).expect("4 bytes"));
        Ok(Repr {
            src: ip(field::SRC),
            dst: ip(field::DST),
            protocol: p[field::PROTOCOL],
            ttl: p[field::TTL],
            ident: u16::from_be_bytes([p[4], p[5]]),
            payload_len: total - HEADER_LEN,
        })
    }

    /// The header followed by `payload`, with length and checksum filled in (DF set, as Linux
    /// sends pings).
    pub fn emit(&self, payload: &[u8]) -> Vec<u8> {
        let mut p = vec![0u8; HEADER_LEN + payload.len()];
        p[field::VER_IHL] = 0x45;
        p[field::DSCP_ECN] = 0;
        let total = p.len() as u16;
        p[field::LENGTH].copy_from_slice(&total.to_be_bytes());
        p[field::IDENT].copy_from_slice(&self.ident.to_be_bytes());
        p[field::FLAGS_FRAG].copy_from_slice(&0x4000u16.to_be_bytes());
        p[field::TTL] = self.ttl;
        p[field::PROTOCOL] = self.protocol;
        p[field::SRC].copy_from_slice(&self.src.octets());
        p[field::DST].copy_from_slice(&self.dst.octets());
        let sum = checksum(&p[..HEADER_LEN]);
        p[field::CHECKSUM].copy_from_slice(&sum.to_be_bytes());
        p[HEADER_LEN..].copy_from_slice(payload);
        p
    }
}

/// The same packet one hop on: TTL one less and the header checksum updated, as a router
/// forwards it. `None` if it is not a well-formed IPv4 packet or its TTL is already 0.
///
/// ```
/// use netcalc::lan::wire::ipv4::{Repr, PROTO_ICMP, forwarded};
/// let r = Repr { src: [10, 0, 0, 1].into(), dst: [10, 0, 1, 1].into(), protocol: PROTO_ICMP, ttl: 64, ident: 7, payload_len: 0 };
/// let next = forwarded(&r.emit(&[1, 2, 3, 4])).unwrap();
/// assert_eq!(Repr::parse(&next).unwrap().ttl, 63);
/// ```
pub fn forwarded(packet: &[u8]) -> Option<Vec<u8>> {
    let r = Repr::parse(packet).ok()?;
    let mut p = packet[..HEADER_LEN + r.payload_len].to_vec();
    p[field::TTL] = r.ttl.checked_sub(1)?;
    p[field::CHECKSUM].copy_from_slice(&[0, 0]);
    let sum = checksum(&p[..HEADER_LEN]);
    p[field::CHECKSUM].copy_from_slice(&sum.to_be_bytes());
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_header() {
        let r = Repr {
            src: Ipv4Addr::new(192, 168, 1, 1),
            dst: Ipv4Addr::new(192, 168, 1, 2),
            protocol: PROTO_ICMP,
            ttl: 64,
            ident: 0,
            payload_len: 64,
        };
        let p = r.emit(&[0; 64]);
        assert_eq!(
            &p[..20],
            &[0x45, 0, 0, 84, 0, 0, 0x40, 0, 64, 1, 0xb7, 0x55, 192, 168, 1, 1, 192, 168, 1, 2]
        );
        assert_eq!(Repr::parse(&p), Ok(r));
        let mut bad = p.clone();
        bad[15] ^= 1;
        assert_eq!(Repr::parse(&bad), Err(WireError::Checksum));
    }
}
