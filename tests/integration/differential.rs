//! Differential test against Python's `ipaddress` over 100,000+ random addresses biased to
//! block edges and embedded forms. The comparison lives in `tests/data/py_differential.py`,
//! with the list of documented disagreements (Python lags the registries) and their reasons.

use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::util::{require_tool, run_stdin};

/// SplitMix64: a named generator, so the addresses are the same on every run and platform.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Random addresses: plain, near the edges of every registry block, and embedded forms.
fn addresses(n: usize) -> Vec<String> {
    let blocks: Vec<String> =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/ipv4-special.csv"))
            .unwrap()
            .lines()
            .chain(
                std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/ipv6-special.csv"))
                    .unwrap()
                    .lines(),
            )
            .chain(
                std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/extra-blocks.csv"))
                    .unwrap()
                    .lines(),
            )
            .filter_map(|l| l.split(',').next().filter(|p| p.contains('/')).map(str::to_string))
            .collect();
    let edges: Vec<ipnet::IpNet> = blocks.iter().map(|b| b.parse().unwrap()).collect();
    let mut rng = SplitMix(0x006e_6574_6361_6c63);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let r = rng.next();
        let pick = rng.next();
        let s = match r % 8 {
            0 => Ipv4Addr::from(pick as u32).to_string(),
            1 => Ipv6Addr::from(u128::from(pick) << 64 | u128::from(rng.next())).to_string(),
            2 | 3 => {
                // Near a block edge: first/last address +-3.
                let net = edges[(pick % edges.len() as u64) as usize];
                let delta = (rng.next() % 7) as i128 - 3;
                let at_end = rng.next().is_multiple_of(2);
                match net {
                    ipnet::IpNet::V4(n) => {
                        let base = u32::from(if at_end { n.broadcast() } else { n.network() });
                        Ipv4Addr::from((i128::from(base) + delta).clamp(0, i128::from(u32::MAX)) as u32)
                            .to_string()
                    }
                    ipnet::IpNet::V6(n) => {
                        let base = u128::from(if at_end { n.broadcast() } else { n.network() });
                        let v = if delta < 0 {
                            base.saturating_sub(delta.unsigned_abs())
                        } else {
                            base.saturating_add(delta as u128)
                        };
                        Ipv6Addr::from(v).to_string()
                    }
                }
            }
            4 => format!("::ffff:{}", Ipv4Addr::from(pick as u32)),
            5 => format!("64:ff9b::{}", Ipv4Addr::from(pick as u32)),
            6 => Ipv6Addr::from(
                (0x2002u128 << 112) | (u128::from(pick as u32) << 80) | u128::from(rng.next() as u16),
            )
            .to_string(),
            _ => {
                // An embedded form of an address near an IPv4 block edge.
                let net = edges[(pick % edges.len() as u64) as usize];
                match net {
                    ipnet::IpNet::V4(n) => format!("::ffff:{}", n.network()),
                    ipnet::IpNet::V6(n) => n.network().to_string(),
                }
            }
        };
        out.push(s);
    }
    out
}

#[test]
#[ignore = "needs python3 (bash scripts/test.sh installs it)"]
fn agrees_with_python_ipaddress() {
    require_tool("python3");
    let addrs = addresses(120_000);
    let o = run_stdin(&["classify", "--json"], addrs.join("\n") + "\n");
    assert_eq!(crate::util::code(&o), 0, "{}", crate::util::stderr(&o));
    let mut ours = tempfile::NamedTempFile::new().unwrap();
    ours.write_all(&o.stdout).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/py_differential.py");
    let py = std::process::Command::new("python3").arg(script).arg(ours.path()).output().unwrap();
    let report = String::from_utf8_lossy(&py.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&py.stderr));
    assert!(py.status.success(), "disagreements with Python's ipaddress:\n{report}");
    let compared: usize = report
        .lines()
        .find_map(|l| l.strip_prefix("compared ").and_then(|r| r.split_whitespace().next()?.parse().ok()))
        .expect("the script reports how many it compared");
    assert!(compared >= 100_000, "only {compared} addresses compared");
}
