//! The simulator's events in words: what happened, where, and why. One event is one line on a
//! wide screen; where it would not fit the terminal, its reason goes on the next line.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use netcalc::lan::event::{
    AckEvent, Call, Dropped, Event, FrameInfo, Ignored, Packet, PingOutcome, Resolved, Route, TimerEvent,
};
use netcalc::lan::sim::Node;
use netcalc::lan::switch::{Decision, FloodReason, Learned};
use netcalc::lan::tcp::Cause;
use netcalc::lan::topology::Bridge;

/// An event as text: where it happened, what happened, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Worded {
    /// A node's name, or `switch` / `hub`.
    pub(crate) at: String,
    /// What happened.
    pub(crate) what: String,
    /// Why.
    pub(crate) why: String,
}

/// Names and addresses of the simulation's nodes, for wording its events.
#[derive(Default)]
pub(crate) struct Words {
    nodes: Vec<(String, Vec<Ipv4Addr>)>,
    bridges: Vec<String>,
}

impl Words {
    /// The words for a simulation of `nodes` on `bridges`.
    pub(crate) fn new(nodes: &[Node], bridges: &[Bridge]) -> Self {
        Words {
            nodes: nodes.iter().map(|n| (n.name.clone(), n.ifaces.iter().map(|i| i.ip).collect())).collect(),
            bridges: bridges.iter().map(|b| b.name.clone()).collect(),
        }
    }

    fn name(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("?", |n| n.0.as_str())
    }

    /// The node with this address, as ` (H3)`, or nothing.
    fn owner(&self, ip: Ipv4Addr) -> String {
        self.nodes.iter().find(|n| n.1.contains(&ip)).map_or(String::new(), |n| format!(" ({})", n.0))
    }

    /// A node's interface, as `R eth1 (192.168.2.254)`.
    fn iface(&self, node: usize, iface: usize) -> String {
        let ip = self.nodes.get(node).and_then(|n| n.1.get(iface)).copied().unwrap_or(Ipv4Addr::UNSPECIFIED);
        format!("eth{iface} ({ip})")
    }

    /// `e` in words.
    pub(crate) fn word(&self, e: &Event) -> Worded {
        let at = match (e.node(), e) {
            (Some(n), _) => self.name(n).to_string(),
            (None, Event::SwitchIn { bridge, .. } | Event::LinkDown { bridge, .. }) => {
                self.bridges.get(*bridge).cloned().unwrap_or_default()
            }
            (None, _) => "lab".to_string(),
        };
        let (what, why) = match *e {
            Event::PingStart { dst, number, total, .. } => {
                (format!("ping {dst}{}", self.owner(dst)), format!("ping {number} of {total}"))
            }
            Event::PingEnd { dst, outcome, .. } => match outcome {
                PingOutcome::Replied => {
                    (format!("ping {dst}: reply received"), "echo reply matches the request".into())
                }
                PingOutcome::Timeout => (format!("ping {dst}: lost"), "no reply within 5 s".into()),
                PingOutcome::HostUnreachable => (
                    format!("ping {dst}: Destination Host Unreachable"),
                    "the next hop did not answer ARP".into(),
                ),
                PingOutcome::Unreachable { from, code } => (
                    format!(
                        "ping {dst}: From {from}: Destination {} Unreachable",
                        if code == 0 { "Net" } else { "Host" }
                    ),
                    format!("ICMP destination unreachable (code {code}) from router {from}"),
                ),
                PingOutcome::TimeExceeded { from } => (
                    format!("ping {dst}: From {from}: Time to live exceeded"),
                    format!("ICMP time exceeded from router {from}: the TTL ran out on the way"),
                ),
            },
            Event::Loopback { dst, .. } => (
                format!("ping {dst}: answered through loopback"),
                if dst.is_loopback() {
                    "127.0.0.0/8 never leaves the host: the lo interface answers".to_string()
                } else if dst.is_unspecified() {
                    "0.0.0.0 means this host: the lo interface answers".to_string()
                } else {
                    format!("{dst} is my own address: the lo interface answers, no frame")
                },
            ),
            Event::Send { route, next_hop, resolved, frame, .. } => {
                let how = match resolved {
                    Resolved::Hit => format!("cache hit {next_hop} = {}, no ARP needed", frame.dst),
                    Resolved::Stale => format!("stale entry used: {next_hop} = {}", frame.dst),
                    Resolved::Mapped => format!("the MAC follows from the address: {}", frame.dst),
                };
                (
                    format!("send {}", frame_text(&frame)),
                    format!("{}; {how}", route_text(route, packet_dst(&frame))),
                )
            }
            Event::Queue { route, next_hop, dst, starts, .. } => {
                let why = if starts {
                    format!("no ARP entry for {next_hop}: resolving (INCOMPLETE)")
                } else {
                    format!("ARP for {next_hop} already in progress")
                };
                (format!("queue packet for {dst}"), format!("{}; {why}", route_text(route, dst)))
            }
            Event::ArpRequest { target, attempt, frame, .. } => {
                let why = if attempt <= 1 {
                    format!("to learn the MAC of {target}: broadcast, so every host hears it")
                } else {
                    format!("no reply within 1 s: try {attempt} of 3")
                };
                (format!("send {}", frame_text(&frame)), why)
            }
            Event::ArpFailed { target, tries, dropped, .. } => (
                format!("ARP for {target} FAILED"),
                format!("{tries} requests unanswered; {dropped} queued packet(s) dropped"),
            ),
            Event::SwitchIn { port, frame, learned, decision, copies, aging_ns, .. } => {
                let src = frame.src;
                let learn = match learned {
                    Learned::New => format!("learned {src} on port {port}"),
                    Learned::Moved(p) => format!("{src} moved from port {p} to port {port}"),
                    Learned::Refreshed => format!("{src} already on port {port}"),
                    Learned::Relearned => {
                        format!("{src} learned again on port {port} (its entry had aged out)")
                    }
                    Learned::Nothing => "a hub learns nothing".to_string(),
                };
                let dst = frame.dst;
                let (out, why) = match decision {
                    Decision::Flood(r) => (
                        format!("flood to {copies} port(s)"),
                        match r {
                            FloodReason::Group if dst.is_broadcast() => "broadcast".to_string(),
                            FloodReason::Group => format!("{dst} is a multicast group"),
                            FloodReason::Unknown => format!("{dst} unknown"),
                            FloodReason::Aged { idle_ns } => format!(
                                "{dst} aged out (idle {:.1} s > {:.0} s)",
                                idle_ns as f64 / 1e9,
                                aging_ns as f64 / 1e9
                            ),
                            FloodReason::Hub => {
                                "a hub repeats every frame out of every other port".to_string()
                            }
                        },
                    ),
                    Decision::Forward(p) => (format!("forward to port {p}"), format!("{dst} is on port {p}")),
                    Decision::Filter => {
                        ("filter".to_string(), format!("{dst} is on the ingress port {port}"))
                    }
                };
                (format!("port {port} in: {}; {out}", frame_text(&frame)), format!("{learn}; {why}"))
            }
            Event::NotForMe { frame, me, .. } => {
                (format!("drop {}", frame_text(&frame)), format!("not for me: to {}, I am {me}", frame.dst))
            }
            Event::ArpIgnored { frame, merged, .. } => {
                let (target, sender) = match frame.packet {
                    Packet::ArpRequest { target_ip, sender_ip } => (target_ip, sender_ip),
                    _ => (Ipv4Addr::UNSPECIFIED, Ipv4Addr::UNSPECIFIED),
                };
                let why = if merged {
                    format!("target {target} is not me; updated my entry for {sender} (RFC 826 merge)")
                } else {
                    format!("target {target} is not me; no entry for {sender}, so none added")
                };
                (format!("ignore #{} ARP request", frame.number), why)
            }
            Event::ArpAnswer { asker_ip, asker_mac, target, frame, .. } => (
                format!("send {}", frame_text(&frame)),
                format!("the request is for my IP {target}; learned {asker_ip} = {asker_mac} (STALE)"),
            ),
            Event::ArpResolved { ip, mac, released, .. } => (
                format!("ARP cache: {ip} = {mac} (REACHABLE)"),
                format!("reply to my request; sending {released} queued packet(s)"),
            ),
            Event::Released { next_hop, frame, .. } => {
                (format!("send {}", frame_text(&frame)), format!("queued until {next_hop} answered ARP"))
            }
            Event::Forward { node, from_iface, to_iface, dst, network, prefix } => (
                format!("forward to {dst} out of {}", self.iface(node, to_iface)),
                format!(
                    "in on {}; {dst} matches {network}/{prefix}, a connected network (longest prefix); TTL one less",
                    self.iface(node, from_iface)
                ),
            ),
            Event::RouterDrop { src, dst, why, .. } => (
                format!("drop {src} > {dst}"),
                match why {
                    Dropped::TtlExceeded => {
                        "its TTL would reach 0 here: ICMP time exceeded back to the source"
                    }
                    Dropped::NoRoute => "no route matches it: ICMP network unreachable back to the source",
                    Dropped::NextHopFailed => {
                        "the next hop never answered ARP: ICMP host unreachable back to the source"
                    }
                }
                .to_string(),
            ),
            Event::Socket { call, .. } => match call {
                Call::Listen { port, upper } => (
                    format!("listen on port {port}"),
                    format!(
                        "the echo server starts{}",
                        if upper { ", upper-casing what it reads" } else { "" }
                    ),
                ),
                Call::Connect { ip, port, udp: false } => (
                    format!("connect({ip}:{port})"),
                    "the client opens a TCP connection: SYN first".to_string(),
                ),
                Call::Connect { ip, port, udp: true } => (
                    format!("sendto({ip}:{port})"),
                    "UDP: no connection, each datagram on its own".to_string(),
                ),
                Call::Send { len } => (format!("send {len} bytes"), "the application writes".to_string()),
                Call::Recv { len: 0 } => (
                    "recv: end of file".to_string(),
                    "the peer closed its side (FIN): no more data".to_string(),
                ),
                Call::Recv { len } => (format!("recv {len} bytes"), "the application reads".to_string()),
                Call::Message { len } => (
                    format!("one message: {len} bytes"),
                    "length-prefixed: the 2-byte length before it says where it ends, however the \
                     stream was cut or glued"
                        .to_string(),
                ),
                Call::Shutdown => (
                    "shutdown(write)".to_string(),
                    "a half-close: FIN after the data, and this side still reads".to_string(),
                ),
                Call::Close if matches!(e, Event::Socket { conn: None, .. }) => {
                    ("close()".to_string(), "the UDP socket goes: nothing on the wire".to_string())
                }
                Call::Close => {
                    ("close()".to_string(), "the application is done: FIN after the data".to_string())
                }
                Call::Exit { port } => {
                    (format!("the server on port {port} exits"), "its listening socket closes".to_string())
                }
                Call::AddrInUse { port } => (
                    format!("bind(port {port}): Address already in use"),
                    "a connection in TIME-WAIT still holds the port, and the socket has no SO_REUSEADDR"
                        .to_string(),
                ),
                Call::Refused => (
                    "connection refused".to_string(),
                    "nothing listens there (RST or ICMP port unreachable)".to_string(),
                ),
                Call::TimedOut => ("no answer".to_string(), "the retries ran out".to_string()),
            },
            Event::TcpState { from, to, cause, .. } => (
                format!("{} -> {}", from.name(), to.name()),
                match cause {
                    Cause::Connect => "connect(): SYN sent",
                    Cause::SynReceived => "a SYN for a listening port: SYN+ACK sent",
                    Cause::SynAckReceived => "the SYN+ACK arrived: ACK sent (handshake 3 of 3)",
                    Cause::HandshakeAck => "the ACK of our SYN+ACK arrived: the handshake is done",
                    Cause::Close => "close(): FIN sent",
                    Cause::Shutdown => "shutdown(write): FIN sent, still reading",
                    Cause::FinReceived => "the peer's FIN arrived: ACK sent",
                    Cause::FinAcked => "the ACK of our FIN arrived",
                    Cause::FinAndAck => "the peer's FIN arrived with the ACK of ours",
                    Cause::TimeWaitOver => "2 x MSL passed: no stray segment can arrive any more",
                    Cause::Reset => "a RST arrived: connection refused or reset",
                    Cause::GaveUp => "retransmissions ran out",
                    Cause::KeepaliveGaveUp => "9 keepalive probes unanswered: the peer is gone",
                }
                .to_string(),
            ),
            Event::Timer { timer, .. } => match timer {
                TimerEvent::Retransmit { attempt, next_rto_ns } => (
                    format!("retransmission timer fired: try {attempt}"),
                    format!(
                        "no ACK in time: the segment goes again; next timeout {} s (doubled)",
                        next_rto_ns / 1_000_000_000
                    ),
                ),
                TimerEvent::KeepaliveProbe { probe } => (
                    format!("keepalive probe {probe} of 9"),
                    if probe == 1 {
                        "2 hours without a word from the peer (SO_KEEPALIVE): is it still there?".to_string()
                    } else {
                        "no answer to the last probe within 75 s".to_string()
                    },
                ),
                TimerEvent::TimeWaitStarts { ns } => (
                    format!("TIME-WAIT timer: {} s", ns / 1_000_000_000),
                    "2 x MSL, so that a retransmitted FIN still gets its ACK and old segments die out"
                        .to_string(),
                ),
            },
            Event::Nagle { held, .. } => (
                format!("Nagle: {held} bytes wait"),
                "less than a full segment while data is unacknowledged: it waits for the ACK, and \
                 what is written meanwhile joins it"
                    .to_string(),
            ),
            Event::Ack { ack, .. } => match ack {
                AckEvent::Quick => (
                    "ACK at once (quick ACK)".to_string(),
                    "a new connection, not interactive yet: Linux acknowledges its first data at once \
                     (quickack mode, as a real kernel does)"
                        .to_string(),
                ),
                AckEvent::Delayed => (
                    "hold the ACK (delayed ACK, up to 40 ms)".to_string(),
                    "interactive (we replied within 40 ms, or the peer closed): Linux waits for \
                     data or our FIN to send the ACK with"
                        .to_string(),
                ),
                AckEvent::Piggybacked => (
                    "the held ACK rides on this segment".to_string(),
                    "piggy-backed: one segment instead of two".to_string(),
                ),
                AckEvent::TimerFired => (
                    "delayed ACK timer fired: pure ACK".to_string(),
                    "no data to ride on within 40 ms".to_string(),
                ),
            },
            Event::NoListener { port, udp, .. } => (
                format!("nothing listens on port {port}"),
                if udp { "ICMP port unreachable goes back" } else { "RST goes back: connection refused" }
                    .to_string(),
            ),
            Event::Lost { frame } => (
                format!("lose {}", frame_text(&frame)),
                "--drop: the frame does not arrive (as if damaged on the wire)".to_string(),
            ),
            Event::Crash { .. } => (
                "off".to_string(),
                "a step of the lab: the host vanishes, and answers nothing any more".to_string(),
            ),
            Event::Wait { ns } => (format!("wait {} s", ns as f64 / 1e9), "a step of the lab".to_string()),
            Event::LinkDown { bridge, port } => (
                format!(
                    "cable pulled from {} port {port}",
                    self.bridges.get(bridge).map_or("?", |b| b.as_str())
                ),
                "a step of the lab: nothing passes that port any more".to_string(),
            ),
            Event::FrameCap { frames, storm } => (
                format!("stop after {frames} frames"),
                if storm {
                    "broadcast storm: a loop of switches without a spanning tree floods the same frame forever"
                        .to_string()
                } else {
                    "the run reached its frame cap".to_string()
                },
            ),
            Event::EchoAnswer { to, dst, stand_in, .. } => (
                format!("echo reply to {to}"),
                if stand_in {
                    format!("the gateway is a stand-in for the Internet: it answers for {dst}")
                } else {
                    "an echo request for my IP".to_string()
                },
            ),
            Event::EchoIgnored { from, why, .. } => (
                format!("no echo reply to {from}"),
                match why {
                    Ignored::Broadcast => {
                        "sent to a broadcast address: Linux ignores it (icmp_echo_ignore_broadcasts)"
                    }
                    Ignored::Multicast => {
                        "sent to a multicast group: Linux ignores it (icmp_echo_ignore_broadcasts)"
                    }
                }
                .to_string(),
            ),
        };
        Worded { at, what, why }
    }
}

/// `#3 02:..:01 > ff:ff:ff:ff:ff:ff ARP who has 192.168.1.5? tell 192.168.1.1`.
fn frame_text(f: &FrameInfo) -> String {
    let mut t = format!("#{} {} > {} ", f.number, f.src, f.dst);
    let _ = packet_text(&mut t, f);
    t
}

fn packet_text(t: &mut String, f: &FrameInfo) -> std::fmt::Result {
    match f.packet {
        Packet::ArpRequest { sender_ip, target_ip } => write!(t, "ARP who has {target_ip}? tell {sender_ip}"),
        Packet::ArpReply { sender_ip, sender_mac } => write!(t, "ARP {sender_ip} is at {sender_mac}"),
        Packet::Echo { request, src, dst, seq, ttl } => write!(
            t,
            "ICMP echo {} {src} > {dst} seq {seq} ttl {ttl}",
            if request { "request" } else { "reply" }
        ),
        Packet::IcmpError { icmp_type, code, src, dst, ttl } => write!(
            t,
            "ICMP {} (code {code}) {src} > {dst} ttl {ttl}",
            if icmp_type == 11 { "time exceeded" } else { "destination unreachable" }
        ),
        Packet::Tcp { src, dst, src_port, dst_port, flags, seq, ack, len, .. } => {
            write!(t, "TCP {src}:{src_port} > {dst}:{dst_port} [{flags}] seq {seq}")?;
            if flags.ack {
                write!(t, " ack {ack}")?;
            }
            write!(t, " len {len}")
        }
        Packet::Udp { src, dst, src_port, dst_port, len, .. } => {
            write!(t, "UDP {src}:{src_port} > {dst}:{dst_port} len {len}")
        }
        Packet::Other => write!(t, "frame"),
    }
}

fn packet_dst(f: &FrameInfo) -> Ipv4Addr {
    match f.packet {
        Packet::Echo { dst, .. }
        | Packet::IcmpError { dst, .. }
        | Packet::Tcp { dst, .. }
        | Packet::Udp { dst, .. } => dst,
        Packet::ArpRequest { target_ip, .. } => target_ip,
        Packet::ArpReply { sender_ip, .. } => sender_ip,
        Packet::Other => Ipv4Addr::UNSPECIFIED,
    }
}

fn route_text(r: Route, dst: Ipv4Addr) -> String {
    match r {
        Route::OnLink { masked } => format!("{dst} AND mask = {masked} = my network: on-link"),
        Route::ViaGateway { network, prefix } => {
            format!("{dst} is off my network {network}/{prefix}: via the gateway")
        }
        Route::Back => "back to the host that asked".to_string(),
        Route::Broadcast => format!("{dst} is a broadcast address: to ff:ff:ff:ff:ff:ff, no ARP"),
        Route::Multicast => {
            format!(
                "{dst} is a multicast group: to its 01:00:5e MAC, no ARP, TTL 1 (Linux keeps multicast on the link)"
            )
        }
    }
}

/// The text trace's layout: `time  at  what  (why)`, one line an event into a pipe (`width`
/// is `None`). On a terminal of `width` columns, what and why wrap at word boundaries onto
/// lines indented under the event, the reason starting a line of its own when it does not fit.
pub(crate) fn line(out: &mut String, time_ns: u64, w: &Worded, width: Option<usize>) {
    out.clear();
    let _ = write!(out, "{:>10.6}  {:<6}  ", time_ns as f64 / 1e9, w.at);
    let why = if w.why.is_empty() { String::new() } else { format!("({})", w.why) };
    let Some(width) = width else {
        out.push_str(&w.what);
        if !why.is_empty() {
            out.push_str("  ");
            out.push_str(&why);
        }
        return;
    };
    let indent = out.chars().count();
    let mut col = indent;
    wrap(out, &mut col, &w.what, indent, width);
    if !why.is_empty() {
        if col + 2 + why.chars().count() > width {
            let _ = write!(out, "\n{:indent$}", "");
            col = indent;
        } else {
            out.push_str("  ");
            col += 2;
        }
        wrap(out, &mut col, &why, indent, width);
    }
}

/// Appends `text` at column `col`, breaking before a word that would pass `width` (a word
/// longer than a line stays whole).
fn wrap(out: &mut String, col: &mut usize, text: &str, indent: usize, width: usize) {
    let line_start = *col;
    for (i, word) in text.split(' ').enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if *col + 1 + len > width && *col > indent {
                let _ = write!(out, "\n{:indent$}", "");
                *col = indent;
            } else {
                out.push(' ');
                *col += 1;
            }
        } else if *col + len > width && *col > indent && *col != line_start {
            let _ = write!(out, "\n{:indent$}", "");
            *col = indent;
        }
        out.push_str(word);
        *col += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn worded(what: &str, why: &str) -> Worded {
        Worded { at: "switch".into(), what: what.into(), why: why.into() }
    }

    #[test]
    fn a_pipe_gets_one_line_an_event() {
        let mut out = String::new();
        line(&mut out, 50_000, &worded("port 1 in: #1 a > b", "learned a"), None);
        assert_eq!(out, "  0.000050  switch  port 1 in: #1 a > b  (learned a)");
    }

    #[test]
    fn a_terminal_gets_lines_no_wider_than_it() {
        let what = "port 1 in: #1 02:b1:0d:a4:8c:ea > ff:ff:ff:ff:ff:ff ARP who has 192.168.1.3? tell 192.168.1.1; flood to 4 port(s)";
        let why = "learned 02:b1:0d:a4:8c:ea on port 1; broadcast";
        let mut out = String::new();
        line(&mut out, 50_000, &worded(what, why), Some(80));
        for l in out.lines() {
            assert!(l.chars().count() <= 80, "{l:?} in\n{out}");
        }
        assert!(out.lines().skip(1).all(|l| l.starts_with(&" ".repeat(20))), "{out}");
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&out)[2..], words(&format!("{what} ({why})"))[..], "nothing lost or reordered");
        let mut short = String::new();
        line(&mut short, 0, &worded("filter", "same port"), Some(80));
        assert_eq!(short.lines().count(), 1);
    }
}
