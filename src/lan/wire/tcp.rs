//! TCP segments (RFC 9293): the 20-byte header, the MSS option on SYNs, and the checksum over
//! the IPv4 pseudo-header, header and data.

use std::net::Ipv4Addr;

use super::{WireError, checksum};

mod field {
    use std::ops::Range;
    pub const SRC_PORT: Range<usize> = 0..2;
    pub const DST_PORT: Range<usize> = 2..4;
    pub const SEQ: Range<usize> = 4..8;
    pub const ACK: Range<usize> = 8..12;
    pub const OFFSET: usize = 12;
    pub const FLAGS: usize = 13;
    pub const WINDOW: Range<usize> = 14..16;
    pub const CHECKSUM: Range<usize> = 16..18;
    pub const URGENT: Range<usize> = 18..20;
    pub const OPTIONS: usize = 20;
}

/// The header length without options.
pub const HEADER_LEN: usize = field::OPTIONS;
/// IP protocol number of TCP.
pub const PROTO_TCP: u8 = 6;

/// The control bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    /// FIN: no more data from the sender.
    pub fin: bool,
    /// SYN: synchronize sequence numbers.
    pub syn: bool,
    /// RST: reset the connection.
    pub rst: bool,
    /// PSH: push (the last segment of a write).
    pub psh: bool,
    /// ACK: the acknowledgment field is significant.
    pub ack: bool,
}

impl Flags {
    fn bits(self) -> u8 {
        u8::from(self.fin)
            | u8::from(self.syn) << 1
            | u8::from(self.rst) << 2
            | u8::from(self.psh) << 3
            | u8::from(self.ack) << 4
    }

    pub(crate) fn from_bits(b: u8) -> Flags {
        Flags { fin: b & 1 != 0, syn: b & 2 != 0, rst: b & 4 != 0, psh: b & 8 != 0, ack: b & 16 != 0 }
    }
}

impl serde::Serialize for Flags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Flags {
    /// As Wireshark lists them: `SYN, ACK`, `PSH, ACK`, `FIN, ACK`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names =
            [(self.fin, "FIN"), (self.syn, "SYN"), (self.rst, "RST"), (self.psh, "PSH"), (self.ack, "ACK")];
        let on: Vec<&str> = names.iter().filter(|(b, _)| *b).map(|(_, n)| *n).collect();
        f.write_str(&on.join(", "))
    }
}

/// A TCP segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repr {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Sequence number.
    pub seq: u32,
    /// Acknowledgment number (meaningful with ACK).
    pub ack: u32,
    /// Control bits.
    pub flags: Flags,
    /// Receive window.
    pub window: u16,
    /// The maximum segment size option (sent on SYNs).
    pub mss: Option<u16>,
    /// The data.
    pub payload: Vec<u8>,
}

/// The ones' complement sum of the IPv4 pseudo-header, as a prefix to checksum with the
/// segment.
fn pseudo(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, len: usize) -> Vec<u8> {
    let mut p = Vec::with_capacity(12);
    p.extend_from_slice(&src.octets());
    p.extend_from_slice(&dst.octets());
    p.push(0);
    p.push(protocol);
    p.extend_from_slice(&(len as u16).to_be_bytes());
    p
}

/// The Internet checksum of the pseudo-header followed by `segment`.
pub(crate) fn transport_checksum(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, segment: &[u8]) -> u16 {
    let mut all = pseudo(src, dst, protocol, segment.len());
    all.extend_from_slice(segment);
    checksum(&all)
}

impl Repr {
    /// Parses and verifies a segment carried from `src` to `dst`.
    pub fn parse(p: &[u8], src: Ipv4Addr, dst: Ipv4Addr) -> Result<Repr, WireError> {
        if p.len() < HEADER_LEN {
            return Err(WireError::Truncated);
        }
        let offset = usize::from(p[field::OFFSET] >> 4) * 4;
        if offset < HEADER_LEN || offset > p.len() {
            return Err(WireError::Truncated);
        }
        if transport_checksum(src, dst, PROTO_TCP, p) != 0 {
            return Err(WireError::Checksum);
        }
        let mut mss = None;
        let mut o = &p[field::OPTIONS..offset];
        while let [kind, rest @ ..] = o {
            match kind {
                0 => break,
                1 => o = rest,
                _ => {
                    let len = usize::from(*rest.first().ok_or(WireError::Truncated)?);
                    if len < 2 || len > o.len() {
                        return Err(WireError::Truncated);
                    }
                    if *kind == 2 && len == 4 {
                        mss = Some(u16::from_be_bytes([o[2], o[3]]));
                    }
                    o = &o[len..];
                }
            }
        }
        let be32 = |r: std::ops::Range<usize>| {
            u32::from_be_bytes([p[r.start], p[r.start + 1], p[r.start + 2], p[r.start + 3]])
        };
        Ok(Repr {
            src_port: u16::from_be_bytes([p[0], p[1]]),
            dst_port: u16::from_be_bytes([p[2], p[3]]),
            seq: be32(field::SEQ),
            ack: be32(field::ACK),
            flags: Flags::from_bits(p[field::FLAGS]),
            window: u16::from_be_bytes([p[14], p[15]]),
            mss,
            payload: p[offset..].to_vec(),
        })
    }

    /// The segment's bytes, checksummed for `src` to `dst`.
    pub fn emit(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Vec<u8> {
        let options = if self.mss.is_some() { 4 } else { 0 };
        let offset = HEADER_LEN + options;
        let mut p = vec![0u8; offset + self.payload.len()];
        p[field::SRC_PORT].copy_from_slice(&self.src_port.to_be_bytes());
        p[field::DST_PORT].copy_from_slice(&self.dst_port.to_be_bytes());
        p[field::SEQ].copy_from_slice(&self.seq.to_be_bytes());
        p[field::ACK].copy_from_slice(&self.ack.to_be_bytes());
        p[field::OFFSET] = ((offset / 4) as u8) << 4;
        p[field::FLAGS] = self.flags.bits();
        p[field::WINDOW].copy_from_slice(&self.window.to_be_bytes());
        p[field::URGENT].copy_from_slice(&[0, 0]);
        if let Some(mss) = self.mss {
            p[field::OPTIONS..field::OPTIONS + 4].copy_from_slice(&[2, 4, (mss >> 8) as u8, mss as u8]);
        }
        p[offset..].copy_from_slice(&self.payload);
        let sum = transport_checksum(src, dst, PROTO_TCP, &p);
        p[field::CHECKSUM].copy_from_slice(&sum.to_be_bytes());
        p
    }

    /// How many bytes [`emit`](Self::emit) writes: the header, its option, the data.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + if self.mss.is_some() { 4 } else { 0 } + self.payload.len()
    }

    /// Sequence space the segment takes: its data, plus one for SYN and one for FIN.
    pub fn seq_len(&self) -> u32 {
        self.payload.len() as u32 + u32::from(self.flags.syn) + u32::from(self.flags.fin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 1);
    const B: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 2);

    #[test]
    fn syn_with_mss_round_trips_and_checks() {
        let syn = Repr {
            src_port: 40000,
            dst_port: 8002,
            seq: 0x1234_5678,
            ack: 0,
            flags: Flags { syn: true, ..Flags::default() },
            window: 64240,
            mss: Some(1460),
            payload: vec![],
        };
        let p = syn.emit(A, B);
        assert_eq!(p.len(), 24);
        assert_eq!(syn.buffer_len(), 24);
        assert_eq!(p[12], 6 << 4, "data offset 6 words");
        assert_eq!(&p[20..24], &[2, 4, 0x05, 0xb4]);
        assert_eq!(Repr::parse(&p, A, B), Ok(syn.clone()));
        assert_eq!(
            Repr::parse(&p, A, Ipv4Addr::new(192, 168, 1, 3)),
            Err(WireError::Checksum),
            "the pseudo-header counts"
        );
        assert_eq!(syn.seq_len(), 1);
        assert_eq!(syn.flags.to_string(), "SYN");
    }

    #[test]
    fn data_segment() {
        let d = Repr {
            src_port: 8002,
            dst_port: 40000,
            seq: 7,
            ack: 9,
            flags: Flags { psh: true, ack: true, ..Flags::default() },
            window: 64240,
            mss: None,
            payload: b"HELLO".to_vec(),
        };
        let p = d.emit(B, A);
        assert_eq!(p.len(), d.buffer_len());
        assert_eq!(Repr::parse(&p, B, A).unwrap(), d);
        assert_eq!(d.seq_len(), 5);
        assert_eq!(d.flags.to_string(), "PSH, ACK");
        let mut bad = p;
        bad[21] ^= 1;
        assert_eq!(Repr::parse(&bad, B, A), Err(WireError::Checksum));
    }
}
