//! Wire formats of the simulated LAN, written by hand because they are the lesson: Ethernet II,
//! ARP (RFC 826), IPv4 (RFC 791) and ICMP echo (RFC 792).
//!
//! Each protocol has a high-level `Repr` with `parse` (bytes -> value, checking everything a
//! receiver checks) and `emit` (value -> bytes, computing lengths and checksums), and a private
//! `field` module naming the byte ranges. `emit(parse(x)) == x` for every valid frame.

pub mod arp;
pub mod ethernet;
pub mod icmp;
pub mod ipv4;
pub mod tcp;
pub mod udp;

/// Why bytes did not parse as a protocol's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// Fewer bytes than the header needs.
    #[error("truncated")]
    Truncated,
    /// A field holds a value this implementation does not handle (hardware type, version...).
    #[error("unsupported {0}")]
    Unsupported(&'static str),
    /// A checksum does not verify.
    #[error("bad checksum")]
    Checksum,
}

/// The Internet checksum (RFC 1071) of `data`: the ones' complement of the ones' complement sum
/// of its 16-bit words.
///
/// ```
/// // The IPv4 header from RFC 1071's example family: a correct header sums to zero.
/// let hdr = [0x45, 0, 0, 0x54, 0, 0, 0x40, 0, 0x40, 1, 0xb7, 0x55, 192, 168, 1, 1, 192, 168, 1, 2];
/// assert_eq!(netcalc::lan::wire::checksum(&hdr), 0);
/// ```
pub fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u32::from(*last) << 8;
    }
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}
