//! Two captures compared in kind: what the simulator sent beside what a real kernel sent for the
//! same traffic. Each frame is reduced to what both must agree on ([`Kind`]: the MACs, who asks
//! whom in ARP, addresses, TTL, ICMP type and code, TCP flags and payload length, UDP length)
//! and the two sequences are aligned ([`align`]), so that a missing, an extra and a different
//! frame each show as such.
//!
//! Left out on purpose, because they are the kernel's free choice or not the lesson: timing,
//! sequence numbers, IP identification, TCP options and windows, checksums (a veth leaves them
//! to offload), and client ports Linux draws from its ephemeral range (32768 to 60999). IPv6
//! and the bridge's own link-local frames (STP, LLDP) are set aside and counted
//! ([`Ignored`]).

use std::net::Ipv4Addr;

use super::wire::{arp, ethernet, ipv4, tcp};
use crate::mac::MacAddr;

/// Linux's default ephemeral port range (net.ipv4.ip_local_port_range).
pub const EPHEMERAL: std::ops::RangeInclusive<u16> = 32768..=60999;

/// A frame reduced to what the simulator and a real kernel must agree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Kind {
    /// The Ethernet source.
    pub src_mac: MacAddr,
    /// The Ethernet destination.
    pub dst_mac: MacAddr,
    /// What it carries.
    #[serde(flatten)]
    pub what: What,
}

/// What a frame carries, in kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum What {
    /// An ARP request: `sender_ip` asks who has `target_ip`.
    ArpRequest {
        /// Who asks.
        sender_ip: Ipv4Addr,
        /// For whom.
        target_ip: Ipv4Addr,
    },
    /// An ARP reply: `sender_ip` is at the frame's source MAC, told to `target_ip`.
    ArpReply {
        /// Who answers.
        sender_ip: Ipv4Addr,
        /// To whom.
        target_ip: Ipv4Addr,
    },
    /// An ICMP message.
    Icmp {
        /// The IP source.
        src: Ipv4Addr,
        /// The IP destination.
        dst: Ipv4Addr,
        /// Time to live.
        ttl: u8,
        /// ICMP type (0 echo reply, 3 unreachable, 8 echo request, 11 time exceeded).
        icmp_type: u8,
        /// ICMP code.
        code: u8,
    },
    /// A TCP segment.
    Tcp {
        /// The IP source.
        src: Ipv4Addr,
        /// The IP destination.
        dst: Ipv4Addr,
        /// Time to live.
        ttl: u8,
        /// Source port, 0 for an ephemeral one.
        src_port: u16,
        /// Destination port, 0 for an ephemeral one.
        dst_port: u16,
        /// The control bits.
        flags: tcp::Flags,
        /// Payload bytes.
        len: usize,
    },
    /// A UDP datagram.
    Udp {
        /// The IP source.
        src: Ipv4Addr,
        /// The IP destination.
        dst: Ipv4Addr,
        /// Time to live.
        ttl: u8,
        /// Source port, 0 for an ephemeral one.
        src_port: u16,
        /// Destination port, 0 for an ephemeral one.
        dst_port: u16,
        /// Payload bytes.
        len: usize,
    },
    /// Another IPv4 protocol.
    OtherIp {
        /// The IP source.
        src: Ipv4Addr,
        /// The IP destination.
        dst: Ipv4Addr,
        /// Time to live.
        ttl: u8,
        /// The protocol number.
        protocol: u8,
    },
}

/// Why a frame is set aside rather than compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ignored {
    /// IPv6 (neighbour discovery, router solicitations, MLD): the simulated LAN is IPv4.
    Ipv6,
    /// Link-local control frames to 01:80:c2:00:00:0x (STP, LLDP), a bridge's own business.
    LinkControl,
    /// Another EtherType.
    OtherEtherType,
    /// Too short or malformed to read.
    Malformed,
}

/// A port as compared: an ephemeral one (the kernel's draw) as 0.
fn port(p: u16) -> u16 {
    if EPHEMERAL.contains(&p) { 0 } else { p }
}

/// Reduces an Ethernet frame to its kind, or says why it is set aside.
///
/// ```
/// use netcalc::lan::compare::{kind, What};
/// use netcalc::lan::wire::{arp, ethernet};
/// use netcalc::mac::MacAddr;
/// let me = MacAddr([2, 0, 0, 0, 0, 1]);
/// let req = arp::Repr {
///     operation: arp::Operation::Request,
///     sender_mac: me,
///     sender_ip: [192, 168, 1, 1].into(),
///     target_mac: MacAddr::ZERO,
///     target_ip: [192, 168, 1, 2].into(),
/// };
/// let eth = ethernet::Repr { dst: MacAddr::BROADCAST, src: me, ethertype: ethernet::EtherType::Arp };
/// let k = kind(&eth.frame(&req.emit())).unwrap();
/// assert_eq!(k.what, What::ArpRequest { sender_ip: [192, 168, 1, 1].into(), target_ip: [192, 168, 1, 2].into() });
/// ```
pub fn kind(frame: &[u8]) -> Result<Kind, Ignored> {
    let eth = ethernet::Repr::parse(frame).map_err(|_| Ignored::Malformed)?;
    if eth.dst.0[..5] == [0x01, 0x80, 0xc2, 0, 0] {
        return Err(Ignored::LinkControl);
    }
    let payload = &frame[ethernet::HEADER_LEN..];
    let what = match eth.ethertype {
        ethernet::EtherType::Arp => {
            let a = arp::Repr::parse(payload).map_err(|_| Ignored::Malformed)?;
            let (sender_ip, target_ip) = (a.sender_ip, a.target_ip);
            match a.operation {
                arp::Operation::Request => What::ArpRequest { sender_ip, target_ip },
                arp::Operation::Reply => What::ArpReply { sender_ip, target_ip },
                arp::Operation::Unknown(_) => return Err(Ignored::Malformed),
            }
        }
        ethernet::EtherType::Ipv4 => ip_kind(payload)?,
        ethernet::EtherType::Unknown(0x86dd) => return Err(Ignored::Ipv6),
        ethernet::EtherType::Unknown(_) => return Err(Ignored::OtherEtherType),
    };
    Ok(Kind { src_mac: eth.src, dst_mac: eth.dst, what })
}

/// The kind of an IPv4 packet. Transport headers are read field by field, not verified: a
/// real capture on a veth holds checksums the NIC was to finish (checksum offload).
fn ip_kind(p: &[u8]) -> Result<What, Ignored> {
    let ip = ipv4::Repr::parse(p).map_err(|_| Ignored::Malformed)?;
    let l4 = &p[ipv4::HEADER_LEN..ipv4::HEADER_LEN + ip.payload_len];
    let (src, dst, ttl) = (ip.src, ip.dst, ip.ttl);
    let ports =
        |l4: &[u8]| (port(u16::from_be_bytes([l4[0], l4[1]])), port(u16::from_be_bytes([l4[2], l4[3]])));
    Ok(match ip.protocol {
        ipv4::PROTO_ICMP if l4.len() >= 4 => What::Icmp { src, dst, ttl, icmp_type: l4[0], code: l4[1] },
        tcp::PROTO_TCP if l4.len() >= tcp::HEADER_LEN => {
            let offset = usize::from(l4[12] >> 4) * 4;
            if offset < tcp::HEADER_LEN || offset > l4.len() {
                return Err(Ignored::Malformed);
            }
            let (src_port, dst_port) = ports(l4);
            let flags = tcp::Flags::from_bits(l4[13]);
            What::Tcp { src, dst, ttl, src_port, dst_port, flags, len: l4.len() - offset }
        }
        super::wire::udp::PROTO_UDP if l4.len() >= 8 => {
            let (src_port, dst_port) = ports(l4);
            What::Udp { src, dst, ttl, src_port, dst_port, len: l4.len() - 8 }
        }
        ipv4::PROTO_ICMP | tcp::PROTO_TCP | super::wire::udp::PROTO_UDP => return Err(Ignored::Malformed),
        protocol => What::OtherIp { src, dst, ttl, protocol },
    })
}

/// One row of an alignment: indices into the two sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "row", rename_all = "kebab-case")]
pub enum Row {
    /// The same kind on both sides.
    Same {
        /// Index on the left.
        left: usize,
        /// Index on the right.
        right: usize,
    },
    /// Both sides sent a frame here, of different kinds.
    Differ {
        /// Index on the left.
        left: usize,
        /// Index on the right.
        right: usize,
    },
    /// Only the left side sent this one.
    LeftOnly {
        /// Index on the left.
        left: usize,
    },
    /// Only the right side sent this one.
    RightOnly {
        /// Index on the right.
        right: usize,
    },
    /// The same kind on both sides, at another place in the order: only the interleaving of
    /// different senders differs (a matter of timing), each sender's own frames are in the
    /// same order ([`align_runs`]).
    Moved {
        /// Index on the left.
        left: usize,
        /// Index on the right.
        right: usize,
    },
}

impl Row {
    /// Whether the row is a difference.
    pub fn differs(&self) -> bool {
        !matches!(self, Row::Same { .. } | Row::Moved { .. })
    }
}

/// Aligns two runs of frames, each frame with the segment (bridge) it was seen on, as
/// [`align`] does; then where a sender's own frames on a segment are the same in kind and order
/// on both sides, its frames that only changed place among other senders' frames (timing: an
/// ACK that overtook the next data segment of the other end) become [`Row::Moved`], not
/// differences.
///
/// ```
/// use netcalc::lan::compare::{align_runs, Row};
/// // Two senders (keys 1 and 2): the right side has 2's frame earlier.
/// let rows = align_runs(&[(0, 1, "data"), (0, 1, "data2"), (0, 2, "ack")], &[(0, 1, "data"), (0, 2, "ack"), (0, 1, "data2")]);
/// assert!(rows.iter().all(|r| !r.differs()));
/// // The same sender's frames swapped are a difference.
/// let rows = align_runs(&[(0, 1, "a"), (0, 1, "b")], &[(0, 1, "b"), (0, 1, "a")]);
/// assert!(rows.iter().any(|r| r.differs()));
/// ```
pub fn align_runs<S: PartialEq + Clone, T: PartialEq>(a: &[(usize, S, T)], b: &[(usize, S, T)]) -> Vec<Row> {
    let mut rows = matches(a, b);
    // A sender's frames on a segment, in order, on one side.
    let own = |side: &[(usize, S, T)], bridge: usize, sender: &S| -> Vec<usize> {
        (0..side.len()).filter(|&i| side[i].0 == bridge && side[i].1 == *sender).collect()
    };
    let same_order = |bridge: usize, sender: &S| {
        let (l, r) = (own(a, bridge, sender), own(b, bridge, sender));
        l.len() == r.len() && l.iter().zip(&r).all(|(&i, &j)| a[i].2 == b[j].2)
    };
    let mut k = 0;
    while k < rows.len() {
        if let Row::LeftOnly { left } = rows[k]
            && same_order(a[left].0, &a[left].1)
            && let Some(m) =
                rows.iter().position(|r| matches!(*r, Row::RightOnly { right } if b[right] == a[left]))
        {
            let Row::RightOnly { right } = rows[m] else { unreachable!("matched above") };
            rows[k] = Row::Moved { left, right };
            rows.remove(m);
            if m < k {
                k -= 1;
            }
        }
        k += 1;
    }
    pair(rows)
}

/// Cells of the alignment table above which [`align`] pairs frames by position instead.
const MAX_CELLS: usize = 16 << 20;

/// Aligns two sequences on their longest common subsequence; between matches, frames are
/// paired as [`Row::Differ`] in order, and what is left over is one-sided. Sequences too
/// long for the table (more than 16 Mi cells) are paired by position.
///
/// ```
/// use netcalc::lan::compare::{align, Row};
/// let rows = align(&["a", "b", "c"], &["a", "x", "c", "d"]);
/// assert_eq!(rows, [
///     Row::Same { left: 0, right: 0 },
///     Row::Differ { left: 1, right: 1 },
///     Row::Same { left: 2, right: 2 },
///     Row::RightOnly { right: 3 },
/// ]);
/// ```
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Row> {
    pair(matches(a, b))
}

/// The longest common subsequence as rows: [`Row::Same`] for its pairs, one-sided rows for the
/// rest, in order (no [`Row::Differ`] yet).
fn matches<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Row> {
    let (n, m) = (a.len(), b.len());
    let mut rows = Vec::with_capacity(n.max(m));
    if n.saturating_mul(m) > MAX_CELLS {
        gap(0..n, 0..m, &mut rows);
        return rows;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut gi, mut gj) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1 {
            gap(gi..i, gj..j, &mut rows);
            rows.push(Row::Same { left: i, right: j });
            i += 1;
            j += 1;
            (gi, gj) = (i, j);
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    gap(gi..n, gj..m, &mut rows);
    rows
}

/// The rows of a stretch with no match: the left side's, then the right side's.
fn gap(a: std::ops::Range<usize>, b: std::ops::Range<usize>, rows: &mut Vec<Row>) {
    rows.extend(a.map(|left| Row::LeftOnly { left }));
    rows.extend(b.map(|right| Row::RightOnly { right }));
}

/// Pairs the one-sided rows of each stretch between matches, in order, as [`Row::Differ`];
/// what is left over stays one-sided.
fn pair(rows: Vec<Row>) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    let mut k = 0;
    while k < rows.len() {
        let end = (k..rows.len()).find(|&i| !matches!(rows[i], Row::LeftOnly { .. } | Row::RightOnly { .. }));
        let end = end.unwrap_or(rows.len());
        if end == k {
            out.push(rows[k]);
            k += 1;
            continue;
        }
        let lefts: Vec<usize> = rows[k..end]
            .iter()
            .filter_map(|r| match *r {
                Row::LeftOnly { left } => Some(left),
                _ => None,
            })
            .collect();
        let rights: Vec<usize> = rows[k..end]
            .iter()
            .filter_map(|r| match *r {
                Row::RightOnly { right } => Some(right),
                _ => None,
            })
            .collect();
        let paired = lefts.len().min(rights.len());
        out.extend(lefts.iter().zip(&rights).map(|(&left, &right)| Row::Differ { left, right }));
        out.extend(lefts[paired..].iter().map(|&left| Row::LeftOnly { left }));
        out.extend(rights[paired..].iter().map(|&right| Row::RightOnly { right }));
        k = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lan::wire::udp;

    fn eth(ethertype: ethernet::EtherType, payload: &[u8]) -> Vec<u8> {
        ethernet::Repr { dst: MacAddr([2, 0, 0, 0, 0, 2]), src: MacAddr([2, 0, 0, 0, 0, 1]), ethertype }
            .frame(payload)
    }

    fn ip(protocol: u8, l4: &[u8]) -> Vec<u8> {
        let r = ipv4::Repr {
            src: [10, 0, 0, 1].into(),
            dst: [10, 0, 0, 2].into(),
            protocol,
            ttl: 63,
            ident: 7,
            payload_len: l4.len(),
        };
        eth(ethernet::EtherType::Ipv4, &r.emit(l4))
    }

    #[test]
    fn tcp_keeps_flags_length_and_fixed_ports_and_ignores_options_and_checksums() {
        let seg = tcp::Repr {
            src_port: 45678,
            dst_port: 8002,
            seq: 1,
            ack: 0,
            flags: tcp::Flags { syn: true, ..Default::default() },
            window: 64240,
            mss: Some(1460),
            payload: vec![],
        };
        let mut bytes = seg.emit([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        bytes[16] ^= 0xff; // a checksum left to offload
        let k = kind(&ip(tcp::PROTO_TCP, &bytes)).unwrap();
        let flags = tcp::Flags { syn: true, ..Default::default() };
        let want = What::Tcp {
            src: [10, 0, 0, 1].into(),
            dst: [10, 0, 0, 2].into(),
            ttl: 63,
            src_port: 0,
            dst_port: 8002,
            flags,
            len: 0,
        };
        assert_eq!(k.what, want);
        let data = tcp::Repr { payload: b"hello\n".to_vec(), flags: tcp::Flags::default(), mss: None, ..seg };
        let k = kind(&ip(tcp::PROTO_TCP, &data.emit([10, 0, 0, 1].into(), [10, 0, 0, 2].into()))).unwrap();
        assert!(matches!(k.what, What::Tcp { len: 6, .. }));
    }

    #[test]
    fn udp_icmp_and_what_is_set_aside() {
        let d = udp::Repr { src_port: 9, dst_port: 50000, payload: b"hi".to_vec() };
        let k = kind(&ip(udp::PROTO_UDP, &d.emit([10, 0, 0, 1].into(), [10, 0, 0, 2].into()))).unwrap();
        assert!(matches!(k.what, What::Udp { src_port: 9, dst_port: 0, len: 2, .. }));
        let k = kind(&ip(ipv4::PROTO_ICMP, &[3, 3, 0, 0, 0, 0, 0, 0])).unwrap();
        assert!(matches!(k.what, What::Icmp { icmp_type: 3, code: 3, ttl: 63, .. }));
        assert_eq!(kind(&eth(ethernet::EtherType::Unknown(0x86dd), &[0; 40])), Err(Ignored::Ipv6));
        assert_eq!(kind(&eth(ethernet::EtherType::Unknown(0x88cc), &[0; 40])), Err(Ignored::OtherEtherType));
        assert_eq!(kind(&[0; 10]), Err(Ignored::Malformed));
        assert_eq!(kind(&ip(tcp::PROTO_TCP, &[0; 8])), Err(Ignored::Malformed));
        let mut stp = eth(ethernet::EtherType::Unknown(0x0026), &[0; 40]);
        stp[..6].copy_from_slice(&[0x01, 0x80, 0xc2, 0, 0, 0]);
        assert_eq!(kind(&stp), Err(Ignored::LinkControl));
    }

    #[test]
    fn alignment_marks_missing_extra_and_different_frames() {
        assert_eq!(align::<u8>(&[], &[]), []);
        assert_eq!(align(&[1], &[]), [Row::LeftOnly { left: 0 }]);
        let rows = align(&[1, 2, 3, 4], &[1, 3, 5, 4, 6]);
        assert_eq!(
            rows,
            [
                Row::Same { left: 0, right: 0 },
                Row::LeftOnly { left: 1 },
                Row::Same { left: 2, right: 1 },
                Row::RightOnly { right: 2 },
                Row::Same { left: 3, right: 3 },
                Row::RightOnly { right: 4 },
            ]
        );
        assert_eq!(rows.iter().filter(|r| r.differs()).count(), 3);
    }

    proptest::proptest! {
        /// Every frame of each side appears exactly once, in order, and equal pairs are equal.
        #[test]
        fn alignment_covers_both_sides_in_order(a in proptest::collection::vec(0u8..4, 0..30),
                                                 b in proptest::collection::vec(0u8..4, 0..30)) {
            let rows = align(&a, &b);
            let (mut l, mut r) = (Vec::new(), Vec::new());
            for row in &rows {
                match *row {
                    Row::Same { left, right } | Row::Moved { left, right } => { assert_eq!(a[left], b[right]); l.push(left); r.push(right); }
                    Row::Differ { left, right } => { l.push(left); r.push(right); }
                    Row::LeftOnly { left } => l.push(left),
                    Row::RightOnly { right } => r.push(right),
                }
            }
            proptest::prop_assert_eq!(l, (0..a.len()).collect::<Vec<_>>());
            proptest::prop_assert_eq!(r, (0..b.len()).collect::<Vec<_>>());
        }

        /// Interleaving two senders' frames differently is never a difference; every frame of
        /// each side appears exactly once.
        #[test]
        fn interleaving_senders_is_not_a_difference(x in proptest::collection::vec(0u8..3, 0..12),
                                                     y in proptest::collection::vec(0u8..3, 0..12),
                                                     picks in proptest::collection::vec(proptest::bool::ANY, 24),
                                                     picks2 in proptest::collection::vec(proptest::bool::ANY, 24)) {
            let merge = |picks: &[bool]| {
                let (mut i, mut j, mut out) = (0, 0, Vec::new());
                for &p in picks.iter().chain(std::iter::repeat(&true)) {
                    if i == x.len() && j == y.len() { break; }
                    if (p && i < x.len()) || j == y.len() { out.push((0, 'x', x[i])); i += 1; }
                    else { out.push((0, 'y', y[j])); j += 1; }
                }
                out
            };
            let (a, b) = (merge(&picks), merge(&picks2));
            let rows = align_runs(&a, &b);
            proptest::prop_assert!(rows.iter().all(|r| !r.differs()), "{:?}", rows);
            let mut l: Vec<usize> = rows.iter().filter_map(|r| match *r {
                Row::Same { left, .. } | Row::Moved { left, .. } => Some(left), _ => None }).collect();
            l.sort_unstable();
            proptest::prop_assert_eq!(l, (0..a.len()).collect::<Vec<_>>());
        }
    }
}
