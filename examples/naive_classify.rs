//! The baseline the classify benchmark must beat: the straightforward Rust loop (read_line,
//! `Ipv4Addr::from_str`, a small table, a `BufWriter`). Not part of netcalc; see bench/run.sh.

use std::io::{self, BufRead, BufWriter, Write};
use std::net::Ipv4Addr;

const TABLE: &[(u32, u32, &str)] = &[
    (0x0000_0000, 0x00ff_ffff, "this-network"),
    (0x0a00_0000, 0x0aff_ffff, "private"),
    (0x6440_0000, 0x647f_ffff, "shared"),
    (0x7f00_0000, 0x7fff_ffff, "loopback"),
    (0xa9fe_0000, 0xa9fe_ffff, "link-local"),
    (0xac10_0000, 0xac1f_ffff, "private"),
    (0xc0a8_0000, 0xc0a8_ffff, "private"),
    (0xe000_0000, 0xefff_ffff, "multicast"),
    (0xf000_0000, 0xffff_ffff, "reserved"),
];

fn main() -> io::Result<()> {
    let mut input = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut line = String::new();
    while input.read_line(&mut line)? > 0 {
        let text = line.trim_end();
        match text.parse::<Ipv4Addr>() {
            Ok(a) => {
                let v = u32::from(a);
                let cat = TABLE.iter().find(|(s, e, _)| *s <= v && v <= *e).map_or("global", |t| t.2);
                writeln!(out, "{text} {cat}")?;
            }
            Err(_) => writeln!(out, "{text} error")?,
        }
        line.clear();
    }
    out.flush()
}
