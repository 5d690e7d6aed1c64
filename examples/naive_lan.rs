//! The baseline the arp-sim benchmark must beat: a straightforward byte-level model of the same
//! LAN (all-pairs pings, ARP with the RFC 826 merge rule, a learning switch), with a
//! binary-heap event queue, HashMap tables and a 60-byte frame copied for every delivery.
//! Not part of netcalc; see bench/run.sh. Usage: naive_lan HOSTS

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Ev {
    time: u64,
    seq: u64,
    to_switch: bool,
    node: usize,
    frame: [u8; 60],
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let mac = |i: usize| -> [u8; 6] { [2, 0, 0, (i >> 16) as u8, (i >> 8) as u8, i as u8] };
    let ip = |i: usize| -> [u8; 4] { [10, 0, (i >> 8) as u8, i as u8 + 1] };
    let mut caches: Vec<HashMap<[u8; 4], [u8; 6]>> = vec![HashMap::new(); n];
    let mut table: HashMap<[u8; 6], usize> = HashMap::new();
    let mut heap = BinaryHeap::new();
    let (mut seq, mut deliveries, mut now) = (0u64, 0u64, 0u64);
    let frame = |dst: [u8; 6], src: [u8; 6], kind: u8, sip: [u8; 4], tip: [u8; 4]| {
        let mut f = [0u8; 60];
        f[0..6].copy_from_slice(&dst);
        f[6..12].copy_from_slice(&src);
        f[12] = kind; // 1 ARP request, 2 ARP reply, 3 echo request, 4 echo reply
        f[14..18].copy_from_slice(&sip);
        f[18..22].copy_from_slice(&tip);
        f
    };
    for a in 0..n {
        for b in (0..n).filter(|b| *b != a) {
            let kind = if caches[a].contains_key(&ip(b)) { 3 } else { 1 };
            let dst = if kind == 3 { caches[a][&ip(b)] } else { [0xff; 6] };
            seq += 1;
            heap.push(Reverse(Ev {
                time: now + 1,
                seq,
                to_switch: true,
                node: a,
                frame: frame(dst, mac(a), kind, ip(a), ip(b)),
            }));
            while let Some(Reverse(ev)) = heap.pop() {
                now = ev.time;
                let f = ev.frame;
                let (dst, src): ([u8; 6], [u8; 6]) =
                    (f[0..6].try_into().unwrap(), f[6..12].try_into().unwrap());
                if ev.to_switch {
                    table.insert(src, ev.node);
                    let out: Vec<usize> = match table.get(&dst) {
                        Some(p) if dst[0] & 1 == 0 => vec![*p],
                        _ => (0..n).filter(|p| *p != ev.node).collect(),
                    };
                    for p in out {
                        seq += 1;
                        heap.push(Reverse(Ev { time: now + 1, seq, to_switch: false, node: p, frame: f }));
                    }
                    continue;
                }
                let me = ev.node;
                if dst != mac(me) && dst != [0xff; 6] {
                    continue;
                }
                deliveries += 1;
                let (sip, tip): ([u8; 4], [u8; 4]) =
                    (f[14..18].try_into().unwrap(), f[18..22].try_into().unwrap());
                let reply = match f[12] {
                    1 | 2 => {
                        let merged = caches[me].contains_key(&sip);
                        if merged || tip == ip(me) {
                            caches[me].insert(sip, src);
                        }
                        match f[12] {
                            1 if tip == ip(me) => Some(frame(src, mac(me), 2, ip(me), sip)),
                            2 => Some(frame(src, mac(me), 3, ip(me), sip)),
                            _ => None,
                        }
                    }
                    3 => Some(frame(src, mac(me), 4, ip(me), sip)),
                    _ => None,
                };
                if let Some(r) = reply {
                    seq += 1;
                    heap.push(Reverse(Ev { time: now + 1, seq, to_switch: true, node: me, frame: r }));
                }
            }
        }
    }
    println!("{deliveries} deliveries");
}
