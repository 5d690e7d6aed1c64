//! Ethernet II frames: destination, source, EtherType, payload, padded to the 60-byte minimum
//! (64 on the wire with the FCS, which captures and this model leave out).

use super::WireError;
use crate::mac::MacAddr;

mod field {
    use std::ops::Range;
    pub const DST: Range<usize> = 0..6;
    pub const SRC: Range<usize> = 6..12;
    pub const ETHERTYPE: Range<usize> = 12..14;
    pub const PAYLOAD: usize = 14;
}

/// The length of the Ethernet II header.
pub const HEADER_LEN: usize = field::PAYLOAD;
/// The minimum frame length without FCS; shorter frames are padded with zeros.
pub const MIN_FRAME_LEN: usize = 60;

/// The protocol of the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EtherType {
    /// 0x0800.
    Ipv4,
    /// 0x0806.
    Arp,
    /// Anything else, kept as is.
    Unknown(u16),
}

impl From<u16> for EtherType {
    fn from(v: u16) -> Self {
        match v {
            0x0800 => EtherType::Ipv4,
            0x0806 => EtherType::Arp,
            other => EtherType::Unknown(other),
        }
    }
}

impl From<EtherType> for u16 {
    fn from(t: EtherType) -> u16 {
        match t {
            EtherType::Ipv4 => 0x0800,
            EtherType::Arp => 0x0806,
            EtherType::Unknown(v) => v,
        }
    }
}

/// An Ethernet II header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// Destination MAC.
    pub dst: MacAddr,
    /// Source MAC.
    pub src: MacAddr,
    /// What the payload is.
    pub ethertype: EtherType,
}

impl Repr {
    /// Parses the header of `frame`; the payload is `&frame[HEADER_LEN..]` (with any padding).
    pub fn parse(frame: &[u8]) -> Result<Repr, WireError> {
        if frame.len() < HEADER_LEN {
            return Err(WireError::Truncated);
        }
        let mac = |r: std::ops::Range<usize>| MacAddr(frame[r].try_into().expect("6 bytes"));
        Ok(Repr {
            dst: mac(field::DST),
            src: mac(field::SRC),
            ethertype: u16::from_be_bytes([frame[12], frame[13]]).into(),
        })
    }

    /// A whole frame: this header, `payload`, and zero padding up to 60 bytes.
    pub fn frame(&self, payload: &[u8]) -> Vec<u8> {
        let mut f = vec![0u8; (HEADER_LEN + payload.len()).max(MIN_FRAME_LEN)];
        f[field::DST].copy_from_slice(&self.dst.0);
        f[field::SRC].copy_from_slice(&self.src.0);
        f[field::ETHERTYPE].copy_from_slice(&u16::from(self.ethertype).to_be_bytes());
        f[field::PAYLOAD..field::PAYLOAD + payload.len()].copy_from_slice(payload);
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_60_and_parses_back() {
        let r = Repr { dst: MacAddr::BROADCAST, src: MacAddr([2, 0, 0, 0, 0, 1]), ethertype: EtherType::Arp };
        let f = r.frame(&[0xaa; 28]);
        assert_eq!(f.len(), 60);
        assert_eq!(&f[..14], &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06]);
        assert!(f[42..].iter().all(|b| *b == 0));
        assert_eq!(Repr::parse(&f), Ok(r));
        assert_eq!(Repr::parse(&f[..13]), Err(WireError::Truncated));
        assert_eq!(EtherType::from(0x86dd), EtherType::Unknown(0x86dd));
    }
}
