//! Classic pcap files (LINKTYPE_ETHERNET), which Wireshark and tshark read: written by the
//! simulator, read back from `tcpdump -w` for the comparison with a real kernel.

use std::io::{self, Write};

/// Writes a pcap stream: the global header first, then one record per frame.
#[derive(Debug)]
pub struct PcapWriter<W: Write> {
    out: W,
}

impl<W: Write> PcapWriter<W> {
    /// Writes the global header: magic a1b2c3d4, version 2.4, snaplen 65535, Ethernet.
    pub fn new(mut out: W) -> io::Result<Self> {
        let mut h = Vec::with_capacity(24);
        h.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&4u16.to_le_bytes());
        h.extend_from_slice(&0i32.to_le_bytes()); // thiszone
        h.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        h.extend_from_slice(&65535u32.to_le_bytes());
        h.extend_from_slice(&1u32.to_le_bytes()); // LINKTYPE_ETHERNET
        out.write_all(&h)?;
        Ok(PcapWriter { out })
    }

    /// Records `frame` at `time_ns` after the epoch of the capture.
    pub fn frame(&mut self, time_ns: u64, frame: &[u8]) -> io::Result<()> {
        let mut h = [0u8; 16];
        h[0..4].copy_from_slice(&((time_ns / 1_000_000_000) as u32).to_le_bytes());
        h[4..8].copy_from_slice(&((time_ns % 1_000_000_000 / 1000) as u32).to_le_bytes());
        h[8..12].copy_from_slice(&(frame.len() as u32).to_le_bytes());
        h[12..16].copy_from_slice(&(frame.len() as u32).to_le_bytes());
        self.out.write_all(&h)?;
        self.out.write_all(frame)
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One frame of a capture that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Nanoseconds since the epoch.
    pub time_ns: u64,
    /// The frame as captured (at most the snap length).
    pub bytes: Vec<u8>,
}

/// Why a capture could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Not a classic pcap file (no known magic number).
    #[error("not a pcap file (magic number {0:#010x})")]
    Magic(u32),
    /// A link type other than Ethernet.
    #[error("link type {0} is not Ethernet (1)")]
    LinkType(u32),
    /// The file ends inside a header or a frame.
    #[error("the capture ends inside record {0}")]
    Truncated(usize),
}

/// Reads a classic pcap file with Ethernet frames: either byte order, microsecond or
/// nanosecond timestamps (as `tcpdump --time-stamp-precision nano` writes). An empty stream
/// after the header is an empty capture.
///
/// ```
/// use netcalc::lan::pcap::{PcapWriter, read};
/// let mut w = PcapWriter::new(Vec::new()).unwrap();
/// w.frame(2_000_001_000, &[0xaa; 60]).unwrap();
/// let records = read(&w.finish().unwrap()).unwrap();
/// assert_eq!((records[0].time_ns, records[0].bytes.len()), (2_000_001_000, 60));
/// ```
pub fn read(data: &[u8]) -> Result<Vec<Record>, ReadError> {
    let word = |at: usize, big: bool| -> Option<u32> {
        let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
        Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    let magic = word(0, false).ok_or(ReadError::Truncated(0))?;
    let (big, nano) = match magic {
        0xa1b2_c3d4 => (false, false),
        0xa1b2_3c4d => (false, true),
        0xd4c3_b2a1 => (true, false),
        0x4d3c_b2a1 => (true, true),
        m => return Err(ReadError::Magic(m)),
    };
    let link = word(20, big).ok_or(ReadError::Truncated(0))?;
    if link != 1 {
        return Err(ReadError::LinkType(link));
    }
    let mut records = Vec::new();
    let mut at = 24;
    while at < data.len() {
        let n = records.len() + 1;
        let field = |k: usize| word(at + 4 * k, big).ok_or(ReadError::Truncated(n));
        let (secs, frac, caplen) = (field(0)?, field(1)?, field(2)? as usize);
        let start = at + 16;
        let bytes = data.get(start..start.saturating_add(caplen)).ok_or(ReadError::Truncated(n))?;
        let frac_ns = if nano { u64::from(frac) } else { u64::from(frac) * 1000 };
        records.push(Record { time_ns: u64::from(secs) * 1_000_000_000 + frac_ns, bytes: bytes.to_vec() });
        at = start + caplen;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_byte_orders_and_nanoseconds_and_refuses_the_rest() {
        // Big-endian, nanosecond timestamps, one 3-byte frame.
        let mut b =
            vec![0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 1];
        b.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 3, 7, 8, 9]);
        assert_eq!(read(&b).unwrap(), [Record { time_ns: 1_000_000_005, bytes: vec![7, 8, 9] }]);
        assert_eq!(read(&b[..b.len() - 1]), Err(ReadError::Truncated(1)));
        assert_eq!(read(&b[..30]), Err(ReadError::Truncated(1)));
        assert_eq!(read(&b[..24]).unwrap(), []);
        assert_eq!(read(&b[..3]), Err(ReadError::Truncated(0)));
        let mut other = b.clone();
        other[23] = 113; // Linux cooked capture
        assert_eq!(read(&other), Err(ReadError::LinkType(113)));
        assert_eq!(read(&[0; 24]), Err(ReadError::Magic(0)));
    }

    #[test]
    fn header_and_record() {
        let mut w = PcapWriter::new(Vec::new()).unwrap();
        w.frame(1_500_000_000, &[0xaa; 60]).unwrap();
        let b = w.finish().unwrap();
        assert_eq!(&b[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
        assert_eq!(&b[20..24], &[1, 0, 0, 0]);
        assert_eq!(&b[24..28], &[1, 0, 0, 0]); // 1 s
        assert_eq!(&b[28..32], &500_000u32.to_le_bytes()); // 500,000 us
        assert_eq!(b.len(), 24 + 16 + 60);
    }
}
