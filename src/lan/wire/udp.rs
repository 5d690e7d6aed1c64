//! UDP datagrams (RFC 768), with the checksum over the IPv4 pseudo-header.

use std::net::Ipv4Addr;

use super::WireError;
use super::tcp::transport_checksum;

/// The header length.
pub const HEADER_LEN: usize = 8;
/// IP protocol number of UDP.
pub const PROTO_UDP: u8 = 17;

/// A UDP datagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repr {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// The data.
    pub payload: Vec<u8>,
}

impl Repr {
    /// Parses and verifies a datagram carried from `src` to `dst`.
    pub fn parse(p: &[u8], src: Ipv4Addr, dst: Ipv4Addr) -> Result<Repr, WireError> {
        if p.len() < HEADER_LEN {
            return Err(WireError::Truncated);
        }
        let len = usize::from(u16::from_be_bytes([p[4], p[5]]));
        if len < HEADER_LEN || len > p.len() {
            return Err(WireError::Truncated);
        }
        let p = &p[..len];
        // A zero checksum means "none" (RFC 768).
        if p[6..8] != [0, 0] && transport_checksum(src, dst, PROTO_UDP, p) != 0 {
            return Err(WireError::Checksum);
        }
        Ok(Repr {
            src_port: u16::from_be_bytes([p[0], p[1]]),
            dst_port: u16::from_be_bytes([p[2], p[3]]),
            payload: p[HEADER_LEN..].to_vec(),
        })
    }

    /// How many bytes [`emit`](Self::emit) writes: the header and the data.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + self.payload.len()
    }

    /// The datagram's bytes, checksummed for `src` to `dst`.
    pub fn emit(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Vec<u8> {
        let mut p = vec![0u8; HEADER_LEN + self.payload.len()];
        p[0..2].copy_from_slice(&self.src_port.to_be_bytes());
        p[2..4].copy_from_slice(&self.dst_port.to_be_bytes());
        let len = p.len() as u16;
        p[4..6].copy_from_slice(&len.to_be_bytes());
        p[HEADER_LEN..].copy_from_slice(&self.payload);
        let sum = match transport_checksum(src, dst, PROTO_UDP, &p) {
            0 => 0xffff, // a computed zero is sent as all ones
            s => s,
        };
        p[6..8].copy_from_slice(&sum.to_be_bytes());
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_checksum() {
        let (a, b) = (Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2));
        let d = Repr { src_port: 40000, dst_port: 8002, payload: b"hello".to_vec() };
        let p = d.emit(a, b);
        assert_eq!(p.len(), 13);
        assert_eq!(d.buffer_len(), 13);
        assert_eq!(Repr::parse(&p, a, b), Ok(d));
        let mut bad = p;
        bad[9] ^= 1;
        assert_eq!(Repr::parse(&bad, a, b), Err(WireError::Checksum));
    }
}
