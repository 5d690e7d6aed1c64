//! Property tests of the TCP model: two ends joined by a channel that loses, duplicates,
//! delays and reorders segments, driven only through the public calls (connect, accept, send,
//! close, shutdown, read, on_segment, on_timer); a segment for an end that is CLOSED is
//! answered by its host, with RST. Whatever the channel does for its first segments, once it
//! stops losing, both ends open, both byte streams arrive whole and in order, both reach CLOSED, every
//! state change is one RFC 9293 allows, and the segments sent stay within a few per data
//! segment (no ACK storm). The server's end may connect too, its SYN crossing the client's
//! (a simultaneous open).

use std::net::Ipv4Addr;

use proptest::prelude::*;

use super::{Conn, Output, State};
use crate::lan::wire::tcp::Repr;

const CLIENT: (Ipv4Addr, u16) = (Ipv4Addr::new(10, 0, 0, 1), 40_000);
const SERVER: (Ipv4Addr, u16) = (Ipv4Addr::new(10, 0, 0, 2), 8002);
/// One way through the channel, before its extra delay.
const HOP_NS: u64 = 100_000;
const MSL_NS: u64 = 500_000_000;

/// What the channel does to the n-th segment put on it (counted over both directions).
#[derive(Debug, Clone, Copy)]
struct Fate {
    lose: bool,
    twice: bool,
    /// Extra delay: segments sent close together overtake each other.
    extra_ns: u64,
}

/// A run's settings and the channel's behaviour.
#[derive(Debug, Clone)]
struct Case {
    client_sends: Vec<usize>,
    server_sends: Vec<usize>,
    /// The client shuts down writing (rather than closing) after its data.
    shutdown: bool,
    /// The server too closes once its data is written, without waiting for the client's FIN
    /// (both may close at once: CLOSING).
    server_closes_first: bool,
    linux: bool,
    nagle: bool,
    /// The server end connects too, at the same moment, rather than listening: the two SYNs
    /// cross (a simultaneous open, unless the channel loses or delays one).
    simultaneous: bool,
    mss: u16,
    /// The first segments' fates; after them nothing is lost, duplicated or delayed.
    fates: Vec<Fate>,
}

fn case() -> impl Strategy<Value = Case> {
    let fate = (0u8..100, 0u8..100, prop_oneof![4 => 0u64..3_000_000, 1 => 0u64..3_000_000_000])
        .prop_map(|(l, t, extra_ns)| Fate { lose: l < 15, twice: t < 10, extra_ns });
    (
        prop::collection::vec(prop_oneof![1usize..4_000, 20_000usize..70_000], 0..4),
        prop::collection::vec(1usize..4_000, 0..3),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::sample::select(vec![64u16, 536, 1460]),
        prop::collection::vec(fate, 0..120),
    )
        .prop_map(
            |(
                client_sends,
                server_sends,
                (shutdown, server_closes_first, linux, nagle, simultaneous),
                mss,
                mut fates,
            )| {
                // At most five losses: neither end runs out of retries (a SYN or a SYN+ACK goes 7
                // times, data 16), so every run must end with both streams whole.
                let mut lost = 0;
                for f in &mut fates {
                    f.lose &= lost < 5;
                    lost += usize::from(f.lose);
                }
                Case {
                    client_sends,
                    server_sends,
                    shutdown,
                    server_closes_first,
                    linux,
                    nagle,
                    simultaneous,
                    mss,
                    fates,
                }
            },
        )
}

/// Bytes `n` of a stream that says which end wrote them and where.
fn data(from: u8, at: usize, n: usize) -> Vec<u8> {
    (at..at + n).map(|i| from.wrapping_mul(101).wrapping_add((i % 251) as u8)).collect()
}

/// The state changes RFC 9293 allows (section 3.3.2), as this model makes them.
fn allowed(from: State, to: State) -> bool {
    use State::*;
    matches!(
        (from, to),
        (Closed, SynSent)
            | (SynSent, SynReceived | Established | Closed)
            | (Listen, SynReceived)
            | (SynReceived, Established | FinWait1 | CloseWait | Closed)
            | (Established, FinWait1 | CloseWait | Closed)
            | (FinWait1, FinWait2 | Closing | TimeWait | Closed)
            | (FinWait2, TimeWait | Closed)
            | (CloseWait, LastAck | Closed)
            | (Closing, TimeWait | Closed)
            | (LastAck, Closed)
            | (TimeWait, Closed)
    )
}

/// One end and its application: what it wrote, what it read, what it still has to do.
struct End {
    conn: Option<Conn>,
    wrote: Vec<u8>,
    read: Vec<u8>,
    sends: Vec<usize>,
    closed: bool,
    changes: Vec<(State, State)>,
}

impl End {
    fn new(sends: Vec<usize>) -> End {
        End { conn: None, wrote: Vec::new(), read: Vec::new(), sends, closed: false, changes: Vec::new() }
    }
}

/// The run: both ends, the segments on their way (delivery time, order, to the server?), the
/// clock.
struct Run {
    ends: [End; 2],
    wire: Vec<(u64, u64, bool, Repr)>,
    now: u64,
    sent: usize,
    case: Case,
    /// What happened, one line each: shown when a property fails.
    log: Vec<String>,
}

/// A segment in one line: flags, seq, ack, length.
fn show(s: &Repr) -> String {
    let f = s.flags;
    let flags: String = [(f.syn, 'S'), (f.fin, 'F'), (f.rst, 'R'), (f.psh, 'P'), (f.ack, '.')]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, c)| *c)
        .collect();
    format!("[{flags}] seq {} ack {} len {}", s.seq, s.ack, s.payload.len())
}

impl Run {
    /// Puts what end `e` asked for on the wire, records its state changes, and lets its
    /// application act (read, write once established, close once done).
    fn handle(&mut self, e: usize, out: Output) {
        for seg in out.send {
            self.put(e, seg);
        }
        for &(from, to, cause) in &out.changes {
            self.log.push(format!("{:>12} {e} {from:?} -> {to:?} ({cause:?})", self.now));
            self.ends[e].changes.push((from, to));
        }
        self.app(e);
    }

    /// Segment `seg` from end `e` meets its fate on the channel.
    fn put(&mut self, e: usize, seg: Repr) {
        let fate = self.case.fates.get(self.sent).copied();
        self.sent += 1;
        let fate = fate.unwrap_or(Fate { lose: false, twice: false, extra_ns: 0 });
        self.log.push(format!("{:>12} {e} sends {} {fate:?}", self.now, show(&seg)));
        if fate.lose {
            return;
        }
        let at = self.now + HOP_NS + fate.extra_ns;
        let order = self.sent as u64;
        if fate.twice {
            self.wire.push((at + HOP_NS, order, e == 0, seg.clone()));
        }
        self.wire.push((at, order, e == 0, seg));
    }

    fn app(&mut self, e: usize) {
        let now = self.now;
        let from = e as u8;
        let end = &mut self.ends[e];
        let Some(c) = end.conn.as_mut() else { return };
        let got = c.read();
        if !got.is_empty() {
            self.log.push(format!("{now:>12} {e} reads {}", got.len()));
        }
        end.read.extend_from_slice(&got);
        let open = matches!(c.state, State::Established | State::CloseWait);
        let mut outs = Vec::new();
        if open && !end.sends.is_empty() {
            for n in std::mem::take(&mut end.sends) {
                let d = data(from, end.wrote.len(), n);
                end.wrote.extend_from_slice(&d);
                outs.push(c.send(&d, now));
            }
        }
        // The client closes once its data is written; the server once it has read the
        // client's FIN (as the course's echo server does), or as soon as the client.
        let done = e == 0 || self.case.server_closes_first || (c.eof && c.received().is_empty());
        let done = done && open;
        if done && end.sends.is_empty() && !end.closed {
            end.closed = true;
            // An end that may still have data coming shuts down its writing side only: after
            // close(), data arriving is answered with RST (RFC 1122 4.2.2.13), and the
            // streams would not arrive whole.
            let reading = !(c.eof && c.received().is_empty());
            outs.push(if reading || (e == 0 && self.case.shutdown) { c.shutdown(now) } else { c.close(now) });
        }
        for out in outs {
            self.handle(e, out);
        }
    }

    /// The next thing due, and the end it is for: a segment's arrival (`Some(index)` on the
    /// wire) or the end's timer (`None`).
    fn next(&self) -> Option<(u64, Option<usize>, usize)> {
        let seg = (0..self.wire.len())
            .min_by_key(|&i| (self.wire[i].0, self.wire[i].1))
            .map(|i| (self.wire[i].0, Some(i), usize::from(self.wire[i].2)));
        let timers = (0..2).filter_map(|e| {
            let c = self.ends[e].conn.as_ref()?;
            c.next_deadline().map(|t| (t.max(self.now), None, e))
        });
        seg.into_iter().chain(timers).min_by_key(|&(t, i, _)| (t, i.is_none()))
    }

    fn step(&mut self) -> bool {
        let Some((t, seg, e)) = self.next() else { return false };
        self.now = t;
        match seg {
            Some(i) => {
                let (_, _, _, seg) = self.wire.swap_remove(i);
                self.log.push(format!("{t:>12} {e} gets {}", show(&seg)));
                let out = match self.ends[e].conn.as_mut() {
                    // A CLOSED end's host has no connection for it: RST (RFC 9293 3.10.7.1).
                    Some(c) if c.state == State::Closed => {
                        if !seg.flags.rst {
                            self.put(e, super::reset_for(&seg));
                        }
                        return true;
                    }
                    Some(c) => c.on_segment(&seg, t),
                    // The listener: a SYN opens the server's end.
                    None if seg.flags.syn && !seg.flags.ack => {
                        let (mut c, out) =
                            Conn::accept(SERVER, CLIENT, &seg, 7_000, self.case.mss, MSL_NS, t);
                        c.set_linux(self.case.linux);
                        self.ends[1].conn = Some(c);
                        out
                    }
                    None => return true,
                };
                self.handle(e, out);
            }
            None => {
                let c = self.ends[e].conn.as_mut().expect("a timer has a connection");
                self.log.push(format!("{t:>12} {e} timer"));
                let out = c.on_timer(t);
                self.handle(e, out);
            }
        }
        true
    }
}

fn run(case: Case) -> Run {
    let (mut c, out) = Conn::connect(CLIENT, SERVER, 1_000, case.mss, MSL_NS, 0);
    c.set_linux(case.linux);
    c.set_nagle(case.nagle);
    let ends = [End::new(case.client_sends.clone()), End::new(case.server_sends.clone())];
    let mut r = Run { ends, wire: Vec::new(), now: 0, sent: 0, case, log: Vec::new() };
    r.ends[0].conn = Some(c);
    r.handle(0, out);
    if r.case.simultaneous {
        let (mut s, out) = Conn::connect(SERVER, CLIENT, 7_000, r.case.mss, MSL_NS, 0);
        s.set_linux(r.case.linux);
        r.ends[1].conn = Some(s);
        r.handle(1, out);
    }
    // Bounded: a few thousand events, ten minutes of virtual time.
    for _ in 0..20_000 {
        if r.now > 600_000_000_000 || !r.step() {
            break;
        }
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn streams_arrive_whole_through_a_channel_that_loses_and_reorders(case in case()) {
        let r = run(case);
        let [client, server] = &r.ends;
        let log = r.log.join("\n");
        prop_assert_eq!(&server.read, &client.wrote, "the server read what the client wrote\n{}", log);
        prop_assert_eq!(&client.read, &server.wrote, "the client read what the server wrote\n{}", log);
        for (name, end) in [("client", client), ("server", server)] {
            let c = end.conn.as_ref().expect("both ends opened");
            prop_assert!(c.states.contains(&State::Established), "{} was ESTABLISHED\n{}", name, log);
            prop_assert_eq!(c.state, State::Closed, "{} ends CLOSED\n{}", name, log);
            for &(from, to) in &end.changes {
                prop_assert!(allowed(from, to), "{}: {:?} -> {:?} in {:?}", name, from, to, end.changes);
            }
            let states: Vec<State> = end.changes.iter().map(|c| c.1).collect();
            prop_assert_eq!(&c.states[c.states.len() - states.len()..], &states[..], "{} history", name);
        }
        let c = client.conn.as_ref().unwrap();
        prop_assert_eq!((c.bytes_sent, c.bytes_received), (client.wrote.len() as u64, client.read.len() as u64));
        // No storm: the data's segments, their ACKs, the losses and the timeouts account for
        // every segment sent, not thousands more.
        let mss = usize::from(r.case.mss);
        let data: usize = r.case.client_sends.iter().chain(&r.case.server_sends).map(|n| n.div_ceil(mss)).sum();
        prop_assert!(r.sent < 4 * data + 200, "{} segments for {} of data\n{}", r.sent, data, log);
    }
}
