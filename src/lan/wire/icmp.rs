//! ICMP echo request and reply (RFC 792), with the ICMP checksum over header and data.

use super::{WireError, checksum};

mod field {
    use std::ops::Range;
    pub const TYPE: usize = 0;
    pub const CODE: usize = 1;
    pub const CHECKSUM: Range<usize> = 2..4;
    pub const IDENT: Range<usize> = 4..6;
    pub const SEQ: Range<usize> = 6..8;
    pub const DATA: usize = 8;
}

/// Echo request (type 8) or reply (type 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repr {
    /// true: echo request; false: echo reply.
    pub request: bool,
    /// Identifier (Linux uses the process's).
    pub ident: u16,
    /// Sequence number.
    pub seq: u16,
    /// The data, echoed back unchanged.
    pub data: Vec<u8>,
}

impl Repr {
    /// Parses and verifies an echo message; other ICMP types are unsupported.
    pub fn parse(p: &[u8]) -> Result<Repr, WireError> {
        if p.len() < field::DATA {
            return Err(WireError::Truncated);
        }
        let request = match (p[field::TYPE], p[field::CODE]) {
            (8, 0) => true,
            (0, 0) => false,
            _ => return Err(WireError::Unsupported("ICMP type")),
        };
        if checksum(p) != 0 {
            return Err(WireError::Checksum);
        }
        Ok(Repr {
            request,
            ident: u16::from_be_bytes([p[4], p[5]]),
            seq: u16::from_be_bytes([p[6], p[7]]),
            data: p[field::DATA..].to_vec(),
        })
    }

    /// The message bytes with the checksum filled in.
    pub fn emit(&self) -> Vec<u8> {
        let mut p = vec![0u8; field::DATA + self.data.len()];
        p[field::TYPE] = if self.request { 8 } else { 0 };
        p[field::CODE] = 0;
        p[field::IDENT].copy_from_slice(&self.ident.to_be_bytes());
        p[field::SEQ].copy_from_slice(&self.seq.to_be_bytes());
        p[field::DATA..].copy_from_slice(&self.data);
        let sum = checksum(&p);
        p[field::CHECKSUM].copy_from_slice(&sum.to_be_bytes());
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_echo_request() {
        let r = Repr { request: true, ident: 0x1234, seq: 1, data: b"abcd".to_vec() };
        let p = r.emit();
        // 0800 + 1234 + 0001 + 6162 + 6364 = 0xdefb -> checksum !0xdefb = 0x2104.
        assert_eq!(p, [8, 0, 0x21, 0x04, 0x12, 0x34, 0, 1, b'a', b'b', b'c', b'd']);
        assert_eq!(Repr::parse(&p), Ok(r));
        let mut bad = p;
        bad[9] ^= 0xff;
        assert_eq!(Repr::parse(&bad), Err(WireError::Checksum));
    }
}
