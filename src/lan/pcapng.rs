//! pcapng files (the format Wireshark writes): one interface per capture point, nanosecond
//! timestamps, and a comment on each packet, which Wireshark shows as `frame.comment`. The
//! simulator puts there why the frame was sent.
//!
//! Block layouts per the pcapng specification (draft-ietf-opsawg-pcapng): every block is
//! type, total length, body, total length again; bodies and options are padded to 32 bits.

use std::io::{self, Write};

/// Section Header Block.
const SHB: u32 = 0x0A0D_0D0A;
/// Interface Description Block.
const IDB: u32 = 0x0000_0001;
/// Enhanced Packet Block.
const EPB: u32 = 0x0000_0006;
/// LINKTYPE_ETHERNET.
const ETHERNET: u16 = 1;
/// Option codes.
const OPT_END: u16 = 0;
const OPT_COMMENT: u16 = 1;
const SHB_USERAPPL: u16 = 4;
const IF_NAME: u16 = 2;
const IF_TSRESOL: u16 = 9;

/// Writes a pcapng stream: the section header and an interface per capture point first, then
/// one enhanced packet block per frame.
///
/// ```
/// use netcalc::lan::pcapng::PcapngWriter;
/// let mut w = PcapngWriter::new(Vec::new(), &["switch"]).unwrap();
/// w.frame(0, 1_500, &[0u8; 60], Some("ARP request: who has 192.168.1.2?")).unwrap();
/// let bytes = w.finish().unwrap();
/// assert_eq!(&bytes[..4], &[0x0a, 0x0d, 0x0d, 0x0a]);
/// ```
#[derive(Debug)]
pub struct PcapngWriter<W: Write> {
    out: W,
    block: Vec<u8>,
}

impl<W: Write> PcapngWriter<W> {
    /// Writes the section header and one interface (Ethernet, nanosecond timestamps) for each
    /// of `interfaces`, named as given; frames name their interface by its index.
    pub fn new(out: W, interfaces: &[&str]) -> io::Result<Self> {
        let mut w = PcapngWriter { out, block: Vec::with_capacity(256) };
        let mut body = Vec::new();
        body.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes()); // byte-order magic
        body.extend_from_slice(&1u16.to_le_bytes()); // version 1.0
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&(-1i64).to_le_bytes()); // section length: not given
        option(&mut body, SHB_USERAPPL, concat!("netcalc ", env!("CARGO_PKG_VERSION")).as_bytes());
        option(&mut body, OPT_END, &[]);
        w.write_block(SHB, &body)?;
        for name in interfaces {
            let mut body = Vec::new();
            body.extend_from_slice(&ETHERNET.to_le_bytes());
            body.extend_from_slice(&0u16.to_le_bytes());
            body.extend_from_slice(&65535u32.to_le_bytes()); // snaplen
            option(&mut body, IF_NAME, name.as_bytes());
            option(&mut body, IF_TSRESOL, &[9]); // 10^-9 s
            option(&mut body, OPT_END, &[]);
            w.write_block(IDB, &body)?;
        }
        Ok(w)
    }

    /// Records `frame`, seen on interface `interface` at `time_ns`, with an optional comment.
    pub fn frame(
        &mut self,
        interface: u32,
        time_ns: u64,
        frame: &[u8],
        comment: Option<&str>,
    ) -> io::Result<()> {
        let mut body = std::mem::take(&mut self.block);
        body.clear();
        body.extend_from_slice(&interface.to_le_bytes());
        body.extend_from_slice(&((time_ns >> 32) as u32).to_le_bytes());
        body.extend_from_slice(&(time_ns as u32).to_le_bytes());
        body.extend_from_slice(&(frame.len() as u32).to_le_bytes()); // captured
        body.extend_from_slice(&(frame.len() as u32).to_le_bytes()); // on the wire
        body.extend_from_slice(frame);
        pad(&mut body);
        if let Some(c) = comment {
            option(&mut body, OPT_COMMENT, c.as_bytes());
            option(&mut body, OPT_END, &[]);
        }
        let r = self.write_block(EPB, &body);
        self.block = body;
        r
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }

    fn write_block(&mut self, kind: u32, body: &[u8]) -> io::Result<()> {
        let total = (12 + body.len()) as u32;
        self.out.write_all(&kind.to_le_bytes())?;
        self.out.write_all(&total.to_le_bytes())?;
        self.out.write_all(body)?;
        self.out.write_all(&total.to_le_bytes())
    }
}

/// An option: code, length, value padded to 32 bits. Values longer than an option can hold
/// are cut (at a character boundary is not needed: pcapng comments are read as UTF-8 by
/// Wireshark, and the simulator's are far shorter).
fn option(body: &mut Vec<u8>, code: u16, value: &[u8]) {
    let value = &value[..value.len().min(u16::MAX as usize - 3)];
    body.extend_from_slice(&code.to_le_bytes());
    body.extend_from_slice(&(value.len() as u16).to_le_bytes());
    body.extend_from_slice(value);
    pad(body);
}

fn pad(body: &mut Vec<u8>) {
    while !body.len().is_multiple_of(4) {
        body.push(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    #[test]
    fn blocks_are_framed_and_padded() {
        let mut w = PcapngWriter::new(Vec::new(), &["S1", "S2"]).unwrap();
        w.frame(1, (5u64 << 32) + 7, &[0xaa; 61], Some("why")).unwrap();
        let b = w.finish().unwrap();
        // Walk the blocks: each total length is repeated at its end and is a multiple of 4.
        let mut at = 0;
        let mut kinds = Vec::new();
        while at < b.len() {
            let (kind, len) = (u32_at(&b, at), u32_at(&b, at + 4) as usize);
            assert_eq!(len % 4, 0);
            assert_eq!(u32_at(&b, at + len - 4) as usize, len);
            kinds.push(kind);
            if kind == EPB {
                assert_eq!(u32_at(&b, at + 8), 1, "interface 1");
                assert_eq!((u32_at(&b, at + 12), u32_at(&b, at + 16)), (5, 7), "timestamp high, low");
                assert_eq!(u32_at(&b, at + 20), 61);
                let opt = at + 28 + 64; // 61 bytes padded to 64
                assert_eq!(&b[opt..opt + 4], &[1, 0, 3, 0]);
                assert_eq!(&b[opt + 4..opt + 7], b"why");
            }
            at += len;
        }
        assert_eq!(kinds, [SHB, IDB, IDB, EPB]);
    }
}
