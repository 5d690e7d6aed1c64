//! Frames as the simulator hands them from NIC to bridge to NIC: headers as the
//! [`wire`](crate::lan::wire) representations, not bytes. Bytes are emitted only when something
//! looks at them (a capture, the page, a router quoting a packet in an ICMP error), so a run
//! without a capture builds none and verifies no checksum; what it would build is exactly what
//! the `wire` modules emit, and parsing those bytes gives the same values back (the tests
//! check both).

use std::net::Ipv4Addr;

use rustc_hash::FxHashMap;

use crate::lan::event::{About, FrameInfo, Packet};
use crate::lan::wire::{arp, ethernet, icmp, ipv4, tcp, udp};

/// One direction of a TCP connection: the sender's (address, port), then the receiver's.
pub(crate) type Direction = ((Ipv4Addr, u16), (Ipv4Addr, u16));

/// An IPv4 packet: its header and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IpPacket {
    /// An ICMP message.
    Icmp(ipv4::Repr, icmp::Repr),
    /// A TCP segment.
    Tcp(ipv4::Repr, tcp::Repr),
    /// A UDP datagram.
    Udp(ipv4::Repr, udp::Repr),
}

impl IpPacket {
    /// An ICMP message from `src` to `dst` (its IP identification is the message's sequence
    /// number, as netcalc has always sent it).
    pub(crate) fn icmp(src: Ipv4Addr, dst: Ipv4Addr, ttl: u8, m: icmp::Repr) -> IpPacket {
        let payload_len = m.buffer_len();
        let ip = ipv4::Repr { src, dst, protocol: ipv4::PROTO_ICMP, ttl, ident: m.seq, payload_len };
        IpPacket::Icmp(ip, m)
    }

    /// A TCP segment from `src` to `dst`.
    pub(crate) fn tcp(src: Ipv4Addr, dst: Ipv4Addr, ttl: u8, seg: tcp::Repr) -> IpPacket {
        let payload_len = seg.buffer_len();
        let ip = ipv4::Repr { src, dst, protocol: tcp::PROTO_TCP, ttl, ident: 0, payload_len };
        IpPacket::Tcp(ip, seg)
    }

    /// A UDP datagram from `src` to `dst`.
    pub(crate) fn udp(src: Ipv4Addr, dst: Ipv4Addr, ttl: u8, d: udp::Repr) -> IpPacket {
        let payload_len = d.buffer_len();
        let ip = ipv4::Repr { src, dst, protocol: udp::PROTO_UDP, ttl, ident: 0, payload_len };
        IpPacket::Udp(ip, d)
    }

    /// The IPv4 header.
    pub(crate) fn ip(&self) -> &ipv4::Repr {
        match self {
            IpPacket::Icmp(ip, _) | IpPacket::Tcp(ip, _) | IpPacket::Udp(ip, _) => ip,
        }
    }

    fn ip_mut(&mut self) -> &mut ipv4::Repr {
        match self {
            IpPacket::Icmp(ip, _) | IpPacket::Tcp(ip, _) | IpPacket::Udp(ip, _) => ip,
        }
    }

    /// Whether it is an ICMP error (about which no error is sent, RFC 1122 3.2.2).
    pub(crate) fn is_icmp_error(&self) -> bool {
        matches!(self, IpPacket::Icmp(_, m) if m.kind.is_error())
    }

    /// What an ICMP error about this packet quotes of it (RFC 792): its header and the first
    /// 8 bytes of its payload.
    pub(crate) fn quoted(&self) -> Vec<u8> {
        let mut bytes = self.emit();
        bytes.truncate(ipv4::HEADER_LEN + 8);
        bytes
    }

    /// The packet's bytes, checksums filled in.
    pub(crate) fn emit(&self) -> Vec<u8> {
        match self {
            IpPacket::Icmp(ip, m) => ip.emit(&m.emit()),
            IpPacket::Tcp(ip, t) => ip.emit(&t.emit(ip.src, ip.dst)),
            IpPacket::Udp(ip, u) => ip.emit(&u.emit(ip.src, ip.dst)),
        }
    }

    /// The packet as a router sends it on: one hop less to live (`None` at TTL 0).
    pub(crate) fn forwarded(&self) -> Option<IpPacket> {
        let mut p = self.clone();
        let ip = p.ip_mut();
        ip.ttl = ip.ttl.checked_sub(1)?;
        Some(p)
    }
}

/// What a frame carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// An ARP packet.
    Arp(arp::Repr),
    /// An IPv4 packet.
    Ip(IpPacket),
}

impl Body {
    fn ethertype(&self) -> ethernet::EtherType {
        match self {
            Body::Arp(_) => ethernet::EtherType::Arp,
            Body::Ip(_) => ethernet::EtherType::Ipv4,
        }
    }
}

/// A frame on its way, shared by every copy of a flood.
#[derive(Debug)]
pub(crate) struct Frame {
    /// Its Ethernet header.
    pub(crate) eth: ethernet::Repr,
    /// What it carries.
    pub(crate) body: Body,
    /// Its record number in the capture.
    pub(crate) number: u64,
    /// Bridges it has crossed (a copy that keeps going round a loop is a storm).
    pub(crate) hops: u32,
}

impl Frame {
    /// A frame from `src` to `dst` carrying `body`.
    pub(crate) fn new(src: crate::mac::MacAddr, dst: crate::mac::MacAddr, body: Body, number: u64) -> Frame {
        let eth = ethernet::Repr { dst, src, ethertype: body.ethertype() };
        Frame { eth, body, number, hops: 0 }
    }

    /// The same frame as a new record, one bridge further.
    pub(crate) fn onward(&self, number: u64) -> Frame {
        Frame { eth: self.eth, body: self.body.clone(), number, hops: self.hops + 1 }
    }

    /// The frame's bytes, padded to Ethernet's minimum as a NIC sends them.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        match &self.body {
            Body::Arp(a) => self.eth.frame(&a.emit()),
            Body::Ip(p) => self.eth.frame(&p.emit()),
        }
    }

    /// The frame as events show it; TCP numbers are relative to `isn` of each direction.
    pub(crate) fn info(&self, isn: &FxHashMap<Direction, u32>) -> FrameInfo {
        let packet = match &self.body {
            Body::Arp(a) if a.operation == arp::Operation::Request => {
                Packet::ArpRequest { sender_ip: a.sender_ip, target_ip: a.target_ip }
            }
            Body::Arp(a) => Packet::ArpReply { sender_ip: a.sender_ip, sender_mac: a.sender_mac },
            Body::Ip(IpPacket::Icmp(ip, m)) if m.kind.is_error() => {
                let (icmp_type, code) = m.kind.type_code();
                let about = m.quote().map(About::from);
                Packet::IcmpError { icmp_type, code, src: ip.src, dst: ip.dst, ttl: ip.ttl, about }
            }
            Body::Ip(IpPacket::Icmp(ip, m)) => Packet::Echo {
                request: m.kind == icmp::Kind::EchoRequest,
                src: ip.src,
                dst: ip.dst,
                seq: m.seq,
                ttl: ip.ttl,
            },
            Body::Ip(IpPacket::Tcp(ip, t)) => {
                let (here, there) = ((ip.src, t.src_port), (ip.dst, t.dst_port));
                let rel = |dir: Direction, n: u32| isn.get(&dir).map_or(n, |i| n.wrapping_sub(*i));
                Packet::Tcp {
                    src: ip.src,
                    dst: ip.dst,
                    src_port: t.src_port,
                    dst_port: t.dst_port,
                    flags: t.flags,
                    seq: rel((here, there), t.seq),
                    ack: if t.flags.ack { rel((there, here), t.ack) } else { 0 },
                    len: t.payload.len(),
                    ttl: ip.ttl,
                }
            }
            Body::Ip(IpPacket::Udp(ip, u)) => Packet::Udp {
                src: ip.src,
                dst: ip.dst,
                src_port: u.src_port,
                dst_port: u.dst_port,
                len: u.payload.len(),
                ttl: ip.ttl,
            },
        };
        FrameInfo { number: self.number, src: self.eth.src, dst: self.eth.dst, packet }
    }
}

/// Frames on their way, each in a numbered slot: an event names its frame by slot, so that
/// events stay small and a frame costs no allocation of its own (a freed slot is the next one
/// used, still in the cache).
#[derive(Debug, Default)]
pub(crate) struct Slots {
    slots: Vec<Option<Frame>>,
    free: Vec<u32>,
}

impl Slots {
    /// Keeps `frame` until it is taken; returns its slot.
    pub(crate) fn put(&mut self, frame: Frame) -> u32 {
        match self.free.pop() {
            Some(k) => {
                self.slots[k as usize] = Some(frame);
                k
            }
            None => {
                self.slots.push(Some(frame));
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// The frame in slot `k`, which is free again (`None` if it held none: every event takes
    /// the frame it was given once, so that is never).
    pub(crate) fn take(&mut self, k: u32) -> Option<Frame> {
        let frame = self.slots.get_mut(k as usize)?.take()?;
        self.free.push(k);
        Some(frame)
    }

    /// The frame in slot `k`, left there.
    pub(crate) fn get(&self, k: u32) -> Option<&Frame> {
        self.slots.get(k as usize).and_then(Option::as_ref)
    }

    /// Drops every frame.
    pub(crate) fn clear(&mut self) {
        self.slots.clear();
        self.free.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mac::MacAddr;

    /// Parses a frame's bytes back into values, as a receiver of the real bytes would.
    fn parse(bytes: &[u8]) -> (ethernet::Repr, Body) {
        let eth = ethernet::Repr::parse(bytes).unwrap();
        let payload = &bytes[ethernet::HEADER_LEN..];
        let body = match eth.ethertype {
            ethernet::EtherType::Arp => Body::Arp(arp::Repr::parse(payload).unwrap()),
            _ => {
                let ip = ipv4::Repr::parse(payload).unwrap();
                let data = &payload[ipv4::HEADER_LEN..ipv4::HEADER_LEN + ip.payload_len];
                Body::Ip(match ip.protocol {
                    ipv4::PROTO_ICMP => IpPacket::Icmp(ip, icmp::Repr::parse(data).unwrap()),
                    tcp::PROTO_TCP => IpPacket::Tcp(ip, tcp::Repr::parse(data, ip.src, ip.dst).unwrap()),
                    _ => IpPacket::Udp(ip, udp::Repr::parse(data, ip.src, ip.dst).unwrap()),
                })
            }
        };
        (eth, body)
    }

    #[test]
    fn a_slot_holds_its_frame_until_taken_then_serves_the_next() {
        let arp = |n: u8| arp::Repr {
            operation: arp::Operation::Request,
            sender_mac: MacAddr([2, 0, 0, 0, 0, n]),
            sender_ip: Ipv4Addr::new(10, 0, 0, n),
            target_mac: MacAddr::ZERO,
            target_ip: Ipv4Addr::new(10, 0, 0, 9),
        };
        let frame =
            |n: u8| Frame::new(MacAddr([2, 0, 0, 0, 0, n]), MacAddr::BROADCAST, Body::Arp(arp(n)), n.into());
        let mut slots = Slots::default();
        let (a, b) = (slots.put(frame(1)), slots.put(frame(2)));
        assert_ne!(a, b);
        assert_eq!(slots.get(b).map(|f| f.number), Some(2), "get leaves it there");
        assert_eq!(slots.take(a).map(|f| f.number), Some(1));
        assert!(slots.take(a).is_none() && slots.get(a).is_none(), "taken once");
        assert_eq!(slots.put(frame(3)), a, "a freed slot is the next one used");
        assert_eq!(slots.take(b).map(|f| f.number), Some(2));
        assert!(slots.take(99).is_none());
        slots.clear();
        assert!(slots.get(a).is_none());
    }

    proptest::proptest! {
        /// What a frame's bytes say is what the frame holds: every header field, the lengths,
        /// and (since parsing verifies them) every checksum.
        #[test]
        fn bytes_parse_back_to_the_values(
            kind in 0u8..4,
            a in proptest::prelude::any::<[u8; 4]>(),
            b in proptest::prelude::any::<[u8; 4]>(),
            ports in proptest::prelude::any::<(u16, u16)>(),
            numbers in proptest::prelude::any::<(u32, u32, u16, u8)>(),
            data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1600),
            mss in proptest::option::of(536u16..9000),
        ) {
            let (src, dst) = (Ipv4Addr::from(a), Ipv4Addr::from(b));
            let (seq, ack, window, bits) = numbers;
            let body = match kind {
                0 => Body::Arp(arp::Repr {
                    operation: if bits & 1 == 0 { arp::Operation::Request } else { arp::Operation::Reply },
                    sender_mac: MacAddr([2, 0, 0, 0, 0, 1]),
                    sender_ip: src,
                    target_mac: MacAddr::ZERO,
                    target_ip: dst,
                }),
                1 => {
                    let kind = if bits & 1 == 0 { icmp::Kind::EchoRequest } else { icmp::Kind::DestUnreachable(3) };
                    Body::Ip(IpPacket::icmp(src, dst, bits, icmp::Repr { kind, ident: ports.0, seq: ports.1, data }))
                }
                2 => {
                    let flags = tcp::Flags::from_bits(bits & 0x1f);
                    let seg = tcp::Repr { src_port: ports.0, dst_port: ports.1, seq, ack, flags, window, mss, payload: data };
                    Body::Ip(IpPacket::tcp(src, dst, bits, seg))
                }
                _ => Body::Ip(IpPacket::udp(src, dst, bits, udp::Repr { src_port: ports.0, dst_port: ports.1, payload: data })),
            };
            let frame = Frame::new(MacAddr([2, 0, 0, 0, 0, 1]), MacAddr::BROADCAST, body, 1);
            let bytes = frame.bytes();
            proptest::prop_assert!(bytes.len() >= ethernet::MIN_FRAME_LEN);
            let (eth, parsed) = parse(&bytes);
            proptest::prop_assert_eq!(eth, frame.eth);
            proptest::prop_assert_eq!(&parsed, &frame.body);
            if let Body::Ip(p) = &frame.body {
                let forwarded = p.forwarded();
                let expected = ipv4::forwarded(&p.emit());
                proptest::prop_assert_eq!(forwarded.map(|f| f.emit()), expected);
            }
        }
    }
}
