//! ARP for IPv4 over Ethernet (RFC 826): 28 bytes after the Ethernet header.

use std::net::Ipv4Addr;

use super::WireError;
use crate::mac::MacAddr;

mod field {
    use std::ops::Range;
    pub const HTYPE: Range<usize> = 0..2;
    pub const PTYPE: Range<usize> = 2..4;
    pub const HLEN: usize = 4;
    pub const PLEN: usize = 5;
    pub const OPER: Range<usize> = 6..8;
    pub const SHA: Range<usize> = 8..14;
    pub const SPA: Range<usize> = 14..18;
    pub const THA: Range<usize> = 18..24;
    pub const TPA: Range<usize> = 24..28;
}

/// The length of an Ethernet/IPv4 ARP packet.
pub const PACKET_LEN: usize = field::TPA.end;

/// The ARP operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// 1: who has TPA? tell SPA.
    Request,
    /// 2: SPA is at SHA.
    Reply,
    /// Anything else, kept as is.
    Unknown(u16),
}

impl From<u16> for Operation {
    fn from(v: u16) -> Self {
        match v {
            1 => Operation::Request,
            2 => Operation::Reply,
            other => Operation::Unknown(other),
        }
    }
}

impl From<Operation> for u16 {
    fn from(o: Operation) -> u16 {
        match o {
            Operation::Request => 1,
            Operation::Reply => 2,
            Operation::Unknown(v) => v,
        }
    }
}

/// An Ethernet/IPv4 ARP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// Request or reply.
    pub operation: Operation,
    /// SHA: the sender's MAC.
    pub sender_mac: MacAddr,
    /// SPA: the sender's IPv4 address.
    pub sender_ip: Ipv4Addr,
    /// THA: the target's MAC (all zeros in a request).
    pub target_mac: MacAddr,
    /// TPA: the target's IPv4 address.
    pub target_ip: Ipv4Addr,
}

impl Repr {
    /// Parses an ARP packet; anything but Ethernet (1) / IPv4 (0x0800) / 6 / 4 is unsupported.
    pub fn parse(p: &[u8]) -> Result<Repr, WireError> {
        if p.len() < PACKET_LEN {
            return Err(WireError::Truncated);
        }
        let u16_at = |r: std::ops::Range<usize>| u16::from_be_bytes([p[r.start], p[r.start + 1]]);
        if u16_at(field::HTYPE) != 1 || p[field::HLEN] != 6 {
            return Err(WireError::Unsupported("ARP hardware type"));
        }
        if u16_at(field::PTYPE) != 0x0800 || p[field::PLEN] != 4 {
            return Err(WireError::Unsupported("ARP protocol type"));
        }
        let mac = |r: std::ops::Range<usize>| MacAddr(p[r].try_into().expect("6 bytes"));
        let ip = |r: std::ops::Range<usize>| Ipv4Addr::from(<[u8; 4]>::try_from(&p[r]).expect("4 bytes"));
        Ok(Repr {
            operation: u16_at(field::OPER).into(),
            sender_mac: mac(field::SHA),
            sender_ip: ip(field::SPA),
            target_mac: mac(field::THA),
            target_ip: ip(field::TPA),
        })
    }

    /// The 28 bytes of this packet.
    pub fn emit(&self) -> [u8; PACKET_LEN] {
        let mut p = [0u8; PACKET_LEN];
        p[field::HTYPE].copy_from_slice(&1u16.to_be_bytes());
        p[field::PTYPE].copy_from_slice(&0x0800u16.to_be_bytes());
        p[field::HLEN] = 6;
        p[field::PLEN] = 4;
        p[field::OPER].copy_from_slice(&u16::from(self.operation).to_be_bytes());
        p[field::SHA].copy_from_slice(&self.sender_mac.0);
        p[field::SPA].copy_from_slice(&self.sender_ip.octets());
        p[field::THA].copy_from_slice(&self.target_mac.0);
        p[field::TPA].copy_from_slice(&self.target_ip.octets());
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request from 02:00:00:00:00:01 (10.0.0.1) for 10.0.0.2, as tshark decodes it.
    const REQUEST: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0,
        2,
    ];

    fn repr() -> Repr {
        Repr {
            operation: Operation::Request,
            sender_mac: MacAddr([2, 0, 0, 0, 0, 1]),
            sender_ip: Ipv4Addr::new(10, 0, 0, 1),
            target_mac: MacAddr::ZERO,
            target_ip: Ipv4Addr::new(10, 0, 0, 2),
        }
    }

    #[test]
    fn parse_and_emit_known_bytes() {
        assert_eq!(Repr::parse(&REQUEST), Ok(repr()));
        assert_eq!(repr().emit(), REQUEST);
        let mut bad = REQUEST;
        bad[5] = 16;
        assert!(Repr::parse(&bad).is_err(), "a wrong protocol length is refused");
        assert_eq!(Repr::parse(&REQUEST[..27]), Err(WireError::Truncated));
        assert_eq!(Operation::from(9), Operation::Unknown(9));
    }
}
