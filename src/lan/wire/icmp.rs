//! ICMP (RFC 792): echo request and reply, and the two errors a router sends, destination
//! unreachable and time exceeded, with the ICMP checksum over header and data.

use std::net::Ipv4Addr;

use super::tcp::PROTO_TCP;
use super::udp::PROTO_UDP;
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

/// The ICMP messages the simulator sends and understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Type 0.
    EchoReply,
    /// Type 3, with its code (0 network, 1 host, 3 port unreachable).
    DestUnreachable(u8),
    /// Type 8.
    EchoRequest,
    /// Type 11, with its code (0: TTL exceeded in transit).
    TimeExceeded(u8),
}

impl Kind {
    /// (type, code) on the wire.
    pub fn type_code(self) -> (u8, u8) {
        match self {
            Kind::EchoReply => (0, 0),
            Kind::DestUnreachable(c) => (3, c),
            Kind::EchoRequest => (8, 0),
            Kind::TimeExceeded(c) => (11, c),
        }
    }

    /// Whether this is an error about another packet (whose header the data carries).
    pub fn is_error(self) -> bool {
        matches!(self, Kind::DestUnreachable(_) | Kind::TimeExceeded(_))
    }
}

/// The packet an ICMP error is about, read from its quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Its IPv4 protocol number (1 ICMP, 6 TCP, 17 UDP).
    pub proto: u8,
    /// Its IPv4 source.
    pub src: Ipv4Addr,
    /// Its IPv4 destination.
    pub dst: Ipv4Addr,
    /// Its (source, destination) ports, for TCP and UDP.
    pub ports: Option<(u16, u16)>,
}

impl Quote {
    /// Its (source, destination) address and port, if it is of protocol `proto`.
    fn ends(self, proto: u8) -> Option<((Ipv4Addr, u16), (Ipv4Addr, u16))> {
        let (sp, dp) = self.ports.filter(|_| self.proto == proto)?;
        Some(((self.src, sp), (self.dst, dp)))
    }
}

/// An ICMP message. For echoes `ident` and `seq` are the identifier and sequence number; for
/// errors those four bytes are unused (zero) and `data` holds the offending packet's IPv4
/// header and first eight bytes of payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repr {
    /// What the message is.
    pub kind: Kind,
    /// Identifier (Linux uses the process's).
    pub ident: u16,
    /// Sequence number.
    pub seq: u16,
    /// The data, echoed back unchanged (echo), or the start of the offending packet (errors).
    pub data: Vec<u8>,
}

impl Repr {
    /// Parses and verifies a message; types other than [`Kind`]'s are unsupported.
    pub fn parse(p: &[u8]) -> Result<Repr, WireError> {
        if p.len() < field::DATA {
            return Err(WireError::Truncated);
        }
        let kind = match (p[field::TYPE], p[field::CODE]) {
            (8, 0) => Kind::EchoRequest,
            (0, 0) => Kind::EchoReply,
            (3, c) if c <= 15 => Kind::DestUnreachable(c),
            (11, c) if c <= 1 => Kind::TimeExceeded(c),
            _ => return Err(WireError::Unsupported("ICMP type")),
        };
        if checksum(p) != 0 {
            return Err(WireError::Checksum);
        }
        Ok(Repr {
            kind,
            ident: u16::from_be_bytes([p[4], p[5]]),
            seq: u16::from_be_bytes([p[6], p[7]]),
            data: p[field::DATA..].to_vec(),
        })
    }

    /// For an error: the packet it is about, as its quote shows it (the IPv4 header and the
    /// first bytes of payload, where a TCP or UDP packet has its ports). `None` for an echo,
    /// or a quote too short to name an IPv4 packet.
    ///
    /// ```
    /// use netcalc::lan::wire::icmp::{Kind, Repr};
    /// let mut quoted = vec![0x45, 0, 0, 33, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
    /// quoted.extend_from_slice(&[0x9c, 0x40, 0x1f, 0x42, 0, 13, 0, 0]); // 40000 -> 8002
    /// let e = Repr { kind: Kind::DestUnreachable(3), ident: 0, seq: 0, data: quoted };
    /// let q = e.quote().unwrap();
    /// assert_eq!((q.proto, q.src.to_string(), q.dst.to_string(), q.ports), (17, "10.0.0.1".into(), "10.0.0.2".into(), Some((40000, 8002))));
    /// ```
    pub fn quote(&self) -> Option<Quote> {
        let q = &self.data;
        let first = *q.first()?;
        let ihl = usize::from(first & 0x0f) * 4;
        if !self.kind.is_error() || first >> 4 != 4 || ihl < 20 || q.len() < 20 {
            return None;
        }
        let addr = |at: usize| Ipv4Addr::new(q[at], q[at + 1], q[at + 2], q[at + 3]);
        let proto = q[9];
        let ports = q
            .get(ihl..ihl + 4)
            .filter(|_| matches!(proto, PROTO_TCP | PROTO_UDP))
            .map(|p| (u16::from_be_bytes([p[0], p[1]]), u16::from_be_bytes([p[2], p[3]])));
        Some(Quote { proto, src: addr(12), dst: addr(16), ports })
    }

    /// For an error about a UDP datagram: that datagram's (source, destination) address and
    /// port (what a host matches the error to its socket by). `None` if the data quotes no UDP
    /// datagram.
    pub fn quoted_udp(&self) -> Option<((Ipv4Addr, u16), (Ipv4Addr, u16))> {
        self.quote().and_then(|q| q.ends(PROTO_UDP))
    }

    /// For an error about a TCP segment: its (source, destination) address and port. `None`
    /// if the data quotes no TCP segment.
    pub fn quoted_tcp(&self) -> Option<((Ipv4Addr, u16), (Ipv4Addr, u16))> {
        self.quote().and_then(|q| q.ends(PROTO_TCP))
    }

    /// How many bytes [`emit`](Self::emit) writes: the 8-byte header and the data.
    pub fn buffer_len(&self) -> usize {
        field::DATA + self.data.len()
    }

    /// The message bytes with the checksum filled in.
    pub fn emit(&self) -> Vec<u8> {
        let mut p = vec![0u8; field::DATA + self.data.len()];
        let (t, c) = self.kind.type_code();
        p[field::TYPE] = t;
        p[field::CODE] = c;
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
        let r = Repr { kind: Kind::EchoRequest, ident: 0x1234, seq: 1, data: b"abcd".to_vec() };
        let p = r.emit();
        assert_eq!(p.len(), r.buffer_len());
        // 0800 + 1234 + 0001 + 6162 + 6364 = 0xdefb -> checksum !0xdefb = 0x2104.
        assert_eq!(p, [8, 0, 0x21, 0x04, 0x12, 0x34, 0, 1, b'a', b'b', b'c', b'd']);
        assert_eq!(Repr::parse(&p), Ok(r));
        let mut bad = p;
        bad[9] ^= 0xff;
        assert_eq!(Repr::parse(&bad), Err(WireError::Checksum));
    }

    #[test]
    fn errors_round_trip() {
        for kind in [Kind::DestUnreachable(1), Kind::DestUnreachable(3), Kind::TimeExceeded(0)] {
            let r = Repr { kind, ident: 0, seq: 0, data: vec![0x45; 28] };
            let p = r.emit();
            assert_eq!((p[0], p[1]), kind.type_code());
            assert_eq!(Repr::parse(&p), Ok(r));
            assert!(kind.is_error());
        }
        // A quoted header that is too short, not UDP, or in an echo: no UDP datagram.
        for (kind, data) in [
            (Kind::DestUnreachable(3), vec![0x45; 28]),
            (Kind::DestUnreachable(3), vec![0x45, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0]),
            (Kind::DestUnreachable(3), vec![0x41; 28]),
            (Kind::DestUnreachable(3), vec![]),
            (Kind::EchoReply, [&[0x45, 0, 0, 0, 0, 0, 0, 0, 0, 17][..], &[0; 18]].concat()),
        ] {
            assert_eq!(Repr { kind, ident: 0, seq: 0, data }.quoted_udp(), None);
        }
        let mut p = Repr { kind: Kind::EchoReply, ident: 0, seq: 0, data: vec![] }.emit();
        p[0] = 13; // timestamp
        assert_eq!(Repr::parse(&p), Err(WireError::Unsupported("ICMP type")));
    }
}
