//! The simulator's events in words: what happened, where, and why. One event is one line on a
//! wide screen; where it would not fit the terminal, its reason goes on the next line.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use netcalc::lan::event::{
    About, AckEvent, Call, Dropped, Event, FrameInfo, Holder, Ignored, Packet, PingOutcome, Resolved, Route,
    Snippet, TimerEvent,
};
use netcalc::lan::sim::Node;
use netcalc::lan::switch::{Decision, FloodReason, Learned};
use netcalc::lan::tcp::{Cause, State};
use netcalc::lan::topology::Bridge;

use crate::i18n::{Lang, t_in};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
pub(crate) struct Words {
    nodes: Vec<(String, Vec<Ipv4Addr>)>,
    bridges: Vec<String>,
    /// The language of the words (`--json` and pcap comments are always English).
    pub(crate) lang: Lang,
}

/// What a socket call wrote or read, in quotes, as [`Snippet`] shows bytes; `...` after it
/// when the call moved more (`len`) than the snippet keeps.
fn quoted(data: Snippet, len: usize) -> String {
    let more = if len > data.as_bytes().len() { "..." } else { "" };
    format!("\"{data}{more}\"")
}

/// A virtual duration in seconds, as short as it can be said exactly: "60", "0.2", "0.0015".
fn seconds(ns: u64) -> String {
    format!("{}", ns as f64 / 1e9)
}

/// How long a switch entry was idle, beside the ageing time it exceeded: to a tenth of a
/// second, or to as many more places as it takes to read as more than the ageing time (an
/// entry idle for 0.52 s against 0.5 s is "0.52", not "0.5"; 300.04 s against 300 s is
/// "300.04", not "300.0").
fn idle_seconds(idle_ns: u64, aging_ns: u64) -> String {
    // The idle time rounded to `places` decimal places of a second, in nanoseconds.
    let rounded_ns = |places: u32| {
        let unit = 10u64.pow(9 - places);
        idle_ns.saturating_add(unit / 2) / unit * unit
    };
    let places = (1..=9).find(|&d| rounded_ns(d) > aging_ns).unwrap_or(9);
    let (ns, unit) = (rounded_ns(places), 10u64.pow(9 - places));
    format!("{}.{:0width$}", ns / 1_000_000_000, ns % 1_000_000_000 / unit, width = places as usize)
}

impl Words {
    /// The words for a simulation of `nodes` on `bridges`.
    pub(crate) fn new(nodes: &[Node], bridges: &[Bridge], lang: Lang) -> Self {
        Words {
            nodes: nodes.iter().map(|n| (n.name.clone(), n.ifaces.iter().map(|i| i.ip).collect())).collect(),
            bridges: bridges.iter().map(|b| b.name.clone()).collect(),
            lang,
        }
    }

    fn name(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("?", |n| n.0.as_str())
    }

    /// A bridge's name; the one switch or hub of a simple LAN by what it is, in `l`.
    fn bridge(&self, bridge: usize, l: Lang) -> String {
        match self.bridges.get(bridge).map(String::as_str) {
            Some("switch") => t_in!(l, "sim-switch"),
            Some("hub") => t_in!(l, "sim-hub"),
            Some(name) => name.to_string(),
            None => "?".to_string(),
        }
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

    /// `e` in words, in the words' language.
    pub(crate) fn word(&self, e: &Event) -> Worded {
        self.word_in(e, self.lang)
    }

    /// `e` in words, in language `l`.
    pub(crate) fn word_in(&self, e: &Event, l: Lang) -> Worded {
        let at = match (e.node(), e) {
            (Some(n), _) => self.name(n).to_string(),
            (
                None,
                Event::SwitchIn { bridge, .. } | Event::LinkDown { bridge, .. } | Event::Lost { bridge, .. },
            ) => self.bridge(*bridge, l),
            (None, _) => t_in!(l, "trace-at-lab"),
        };
        let (what, why) = match *e {
            Event::PingStart { node, src, dst, number, total, ttl, .. } => {
                (t_in!(l, "trace-ping", dst = dst, owner = self.owner(dst)), {
                    // A router has an address on each side: which one the ping comes from.
                    let router = self.nodes.get(node).is_some_and(|n| n.1.len() > 1);
                    match ttl {
                        Some(ttl) if router => t_in!(
                            l,
                            "trace-ping-of-from-ttl",
                            number = number,
                            total = total,
                            src = src,
                            ttl = ttl
                        ),
                        Some(ttl) => t_in!(l, "trace-ping-of-ttl", number = number, total = total, ttl = ttl),
                        None if router => {
                            t_in!(l, "trace-ping-of-from", number = number, total = total, src = src)
                        }
                        None => t_in!(l, "trace-ping-of", number = number, total = total),
                    }
                })
            }
            Event::PingEnd { dst, outcome, .. } => match outcome {
                PingOutcome::Replied => {
                    (t_in!(l, "trace-ping-replied", dst = dst), t_in!(l, "trace-ping-replied-why"))
                }
                PingOutcome::Timeout => {
                    (t_in!(l, "trace-ping-lost", dst = dst), t_in!(l, "trace-ping-lost-why"))
                }
                PingOutcome::HostUnreachable => (
                    t_in!(l, "trace-ping-host-unreachable", dst = dst),
                    t_in!(l, "trace-ping-host-unreachable-why"),
                ),
                PingOutcome::Unreachable { from, code } => (
                    if code == 0 {
                        t_in!(l, "trace-ping-net-unreachable-from", dst = dst, from = from)
                    } else {
                        t_in!(l, "trace-ping-host-unreachable-from", dst = dst, from = from)
                    },
                    t_in!(l, "trace-ping-unreachable-why", code = code, from = from),
                ),
                PingOutcome::TimeExceeded { from } => (
                    t_in!(l, "trace-ping-ttl-exceeded", dst = dst, from = from),
                    t_in!(l, "trace-ping-ttl-exceeded-why", from = from),
                ),
            },
            Event::Loopback { dst, .. } => (
                t_in!(l, "trace-loopback", dst = dst),
                if dst.is_loopback() {
                    t_in!(l, "trace-loopback-127")
                } else if dst.is_unspecified() {
                    t_in!(l, "trace-loopback-zero")
                } else {
                    t_in!(l, "trace-loopback-own", dst = dst)
                },
            ),
            Event::Send { route, next_hop, resolved, frame, .. } => {
                let (hop, mac) = (next_hop.to_string(), frame.dst.to_string());
                let how = match resolved {
                    Resolved::Hit => t_in!(l, "trace-cache-hit", hop = hop, mac = mac),
                    Resolved::Stale => t_in!(l, "trace-cache-stale", hop = hop, mac = mac),
                    Resolved::Mapped => t_in!(l, "trace-cache-mapped", mac = mac),
                };
                (
                    t_in!(l, "trace-send", frame = frame_text(&frame, l)),
                    t_in!(l, "trace-reasons", first = route_text(route, packet_dst(&frame), l), then = how),
                )
            }
            Event::Queue { route, next_hop, dst, starts, .. } => {
                let why = if starts {
                    t_in!(l, "trace-queue-resolving", hop = next_hop)
                } else {
                    t_in!(l, "trace-queue-in-progress", hop = next_hop)
                };
                (
                    t_in!(l, "trace-queue", dst = dst),
                    t_in!(l, "trace-reasons", first = route_text(route, dst, l), then = why),
                )
            }
            Event::ArpRequest { target, attempt, frame, .. } => {
                let why = if attempt <= 1 {
                    t_in!(l, "trace-arp-request-why", target = target)
                } else {
                    t_in!(l, "trace-arp-request-retry", attempt = attempt)
                };
                (t_in!(l, "trace-send", frame = frame_text(&frame, l)), why)
            }
            Event::ArpFailed { target, tries, dropped, .. } => (
                t_in!(l, "trace-arp-failed", target = target),
                t_in!(l, "trace-arp-failed-why", tries = tries, dropped = dropped),
            ),
            Event::SwitchIn { port, frame, learned, decision, copies, aging_ns, .. } => {
                let src = frame.src;
                let learn = match learned {
                    Learned::New => t_in!(l, "trace-learned", mac = src, port = port),
                    Learned::Moved(p) => t_in!(l, "trace-moved", mac = src, from = p, port = port),
                    Learned::Refreshed => t_in!(l, "trace-refreshed", mac = src, port = port),
                    Learned::Relearned => t_in!(l, "trace-relearned", mac = src, port = port),
                    Learned::Nothing => t_in!(l, "trace-hub-learns-nothing"),
                };
                let dst = frame.dst;
                let (out, why) = match decision {
                    Decision::Flood(r) => (
                        t_in!(l, "trace-flood", copies = copies),
                        match r {
                            FloodReason::Group if dst.is_broadcast() => t_in!(l, "trace-flood-broadcast"),
                            FloodReason::Group => t_in!(l, "trace-flood-multicast", mac = dst),
                            FloodReason::Unknown => t_in!(l, "trace-flood-unknown", mac = dst),
                            FloodReason::Aged { idle_ns } => t_in!(
                                l,
                                "trace-flood-aged",
                                mac = dst,
                                idle = idle_seconds(idle_ns, aging_ns),
                                aging = seconds(aging_ns)
                            ),
                            FloodReason::Hub => t_in!(l, "trace-flood-hub"),
                        },
                    ),
                    Decision::Forward(p) => (
                        t_in!(l, "trace-forward-port", port = p),
                        t_in!(l, "trace-forward-port-why", mac = dst, port = p),
                    ),
                    Decision::Filter => {
                        (t_in!(l, "trace-filter"), t_in!(l, "trace-filter-why", mac = dst, port = port))
                    }
                };
                (
                    t_in!(l, "trace-switch-in", port = port, frame = frame_text(&frame, l), out = out),
                    t_in!(l, "trace-reasons", first = learn, then = why),
                )
            }
            Event::NotForMe { frame, me, .. } => (
                t_in!(l, "trace-drop", frame = frame_text(&frame, l)),
                t_in!(l, "trace-not-for-me", to = frame.dst, me = me),
            ),
            Event::ArpIgnored { frame, merged, .. } => {
                let (target, sender) = match frame.packet {
                    Packet::ArpRequest { target_ip, sender_ip } => (target_ip, sender_ip),
                    _ => (Ipv4Addr::UNSPECIFIED, Ipv4Addr::UNSPECIFIED),
                };
                let (target, sender) = (target.to_string(), sender.to_string());
                let why = if merged {
                    t_in!(l, "trace-arp-ignored-merged", target = target, sender = sender)
                } else {
                    t_in!(l, "trace-arp-ignored", target = target, sender = sender)
                };
                (t_in!(l, "trace-ignore-arp-request", number = frame.number), why)
            }
            Event::ArpAnswer { asker_ip, asker_mac, known, target, frame, .. } => (
                t_in!(l, "trace-send", frame = frame_text(&frame, l)),
                if known {
                    t_in!(l, "trace-arp-answer-known-why", target = target, ip = asker_ip, mac = asker_mac)
                } else {
                    t_in!(l, "trace-arp-answer-why", target = target, ip = asker_ip, mac = asker_mac)
                },
            ),
            Event::ArpResolved { ip, mac, released, stale: false, .. } => (
                t_in!(l, "trace-arp-resolved", ip = ip, mac = mac),
                t_in!(l, "trace-arp-resolved-why", released = released),
            ),
            Event::ArpResolved { ip, mac, released, stale: true, .. } => (
                t_in!(l, "trace-arp-resolved-stale", ip = ip, mac = mac),
                t_in!(l, "trace-arp-resolved-stale-why", released = released),
            ),
            Event::Released { next_hop, frame, stale, .. } => (
                t_in!(l, "trace-send", frame = frame_text(&frame, l)),
                if stale {
                    t_in!(l, "trace-released-stale-why", hop = next_hop)
                } else {
                    t_in!(l, "trace-released-why", hop = next_hop)
                },
            ),
            Event::Forward { node, from_iface, to_iface, dst, network, prefix, via } => (
                t_in!(l, "trace-router-forward", dst = dst, iface = self.iface(node, to_iface)),
                match via {
                    None => t_in!(
                        l,
                        "trace-router-forward-why",
                        iface = self.iface(node, from_iface),
                        dst = dst,
                        network = format!("{network}/{prefix}")
                    ),
                    Some(via) => t_in!(
                        l,
                        "trace-router-forward-via-why",
                        iface = self.iface(node, from_iface),
                        dst = dst,
                        network = format!("{network}/{prefix}"),
                        via = via
                    ),
                },
            ),
            Event::RouterDrop { src, dst, why, .. } => (
                t_in!(l, "trace-router-drop", src = src, dst = dst),
                match why {
                    Dropped::TtlExceeded => t_in!(l, "trace-router-drop-ttl"),
                    Dropped::NoRoute => t_in!(l, "trace-router-drop-no-route"),
                    Dropped::NextHopFailed => t_in!(l, "trace-router-drop-next-hop"),
                    Dropped::MartianSource => t_in!(l, "trace-router-drop-martian"),
                },
            ),
            Event::Socket { call, udp_port, .. } => match call {
                Call::Listen { port, upper, reuseaddr, iterative, backlog } => (
                    if reuseaddr {
                        t_in!(l, "trace-listen-reuse", port = port)
                    } else {
                        t_in!(l, "trace-listen", port = port)
                    },
                    {
                        let why =
                            if upper { t_in!(l, "trace-listen-upper") } else { t_in!(l, "trace-listen-why") };
                        let then = backlog.map(|backlog| {
                            if iterative {
                                t_in!(l, "trace-listen-iterative", backlog = backlog)
                            } else {
                                t_in!(l, "trace-listen-backlog", backlog = backlog)
                            }
                        });
                        match then {
                            Some(then) => t_in!(l, "trace-reasons", first = why, then = then),
                            None => why,
                        }
                    },
                ),
                Call::Connect { ip, port, udp: false } => {
                    (t_in!(l, "trace-connect", to = format!("{ip}:{port}")), t_in!(l, "trace-connect-why"))
                }
                Call::Connect { ip, port, udp: true } => (
                    t_in!(l, "trace-connect", to = format!("{ip}:{port}")),
                    t_in!(l, "trace-connect-udp-why"),
                ),
                Call::Send { len, data } => (
                    t_in!(l, "trace-call-send", len = len, data = quoted(data, len)),
                    t_in!(l, "trace-call-send-why"),
                ),
                Call::Recv { len: 0, .. } => {
                    (t_in!(l, "trace-call-recv-eof"), t_in!(l, "trace-call-recv-eof-why"))
                }
                Call::Recv { len, data } => (
                    t_in!(l, "trace-call-recv", len = len, data = quoted(data, len)),
                    t_in!(l, "trace-call-recv-why"),
                ),
                Call::Message { len, data } => (
                    t_in!(l, "trace-call-message", len = len, data = quoted(data, len)),
                    t_in!(l, "trace-call-message-why"),
                ),
                Call::Partial { have, need: Some(need), prefix } => (
                    t_in!(l, "trace-call-partial", have = have, need = need, prefix = quoted(prefix, 2)),
                    t_in!(l, "trace-call-partial-why"),
                ),
                Call::Partial { need: None, .. } => {
                    (t_in!(l, "trace-call-partial-prefix"), t_in!(l, "trace-call-partial-prefix-why"))
                }
                Call::Accept { ip, port, waiting } => (
                    t_in!(l, "trace-call-accept", ip = ip.to_string(), port = port),
                    t_in!(l, "trace-call-accept-why", waiting = waiting),
                ),
                Call::Shutdown { unopened: true } => {
                    (t_in!(l, "trace-call-shutdown"), t_in!(l, "trace-call-shutdown-unopened-why"))
                }
                Call::Shutdown { .. } => {
                    (t_in!(l, "trace-call-shutdown"), t_in!(l, "trace-call-shutdown-why"))
                }
                Call::InProgress => {
                    (t_in!(l, "trace-call-in-progress"), t_in!(l, "trace-call-in-progress-why"))
                }
                Call::Close { .. } if matches!(e, Event::Socket { conn: None, .. }) => {
                    (t_in!(l, "trace-call-close"), t_in!(l, "trace-call-close-udp-why"))
                }
                Call::Close { ended: true, .. } => {
                    (t_in!(l, "trace-call-close"), t_in!(l, "trace-call-close-ended-why"))
                }
                Call::Close { unread: Some(bytes), fin_sent: true, .. } => (
                    t_in!(l, "trace-call-close"),
                    t_in!(l, "trace-call-close-unread-shut-why", bytes = bytes),
                ),
                Call::Close { unread: Some(bytes), .. } => {
                    (t_in!(l, "trace-call-close"), t_in!(l, "trace-call-close-unread-why", bytes = bytes))
                }
                Call::Close { fin_sent: true, .. } => {
                    (t_in!(l, "trace-call-close"), t_in!(l, "trace-call-close-after-shutdown-why"))
                }
                Call::Close { .. } => (t_in!(l, "trace-call-close"), t_in!(l, "trace-call-close-why")),
                Call::Exit { port } => (t_in!(l, "trace-exit", port = port), t_in!(l, "trace-exit-why")),
                Call::AddrInUse { port, held_by, reuseaddr, .. } => {
                    let why = match held_by {
                        Holder::TimeWait if reuseaddr => t_in!(l, "trace-addr-in-use-reuse-why"),
                        Holder::TimeWait => t_in!(l, "trace-addr-in-use-why"),
                        Holder::Connection if reuseaddr => t_in!(l, "trace-addr-in-use-open-reuse-why"),
                        Holder::Connection => t_in!(l, "trace-addr-in-use-open-why"),
                        Holder::Listener => t_in!(l, "trace-addr-in-use-listener-why"),
                        Holder::Udp => t_in!(l, "trace-addr-in-use-udp-why"),
                    };
                    (t_in!(l, "trace-addr-in-use", port = port), why)
                }
                Call::AddrNotAvail { ip, port, held_by, .. } => {
                    let why = if held_by == Holder::TimeWait {
                        t_in!(l, "trace-addr-not-avail-why")
                    } else {
                        t_in!(l, "trace-addr-not-avail-open-why")
                    };
                    (t_in!(l, "trace-addr-not-avail", ip = ip.to_string(), port = port), why)
                }
                Call::Refused if udp_port.is_some() => {
                    (t_in!(l, "trace-refused"), t_in!(l, "trace-refused-udp-why"))
                }
                Call::Refused => (t_in!(l, "trace-refused"), t_in!(l, "trace-refused-why")),
                Call::Reset => (t_in!(l, "trace-reset"), t_in!(l, "trace-reset-why")),
                Call::Disconnected => (t_in!(l, "trace-disconnected"), t_in!(l, "trace-disconnected-why")),
                Call::NotConnected => (t_in!(l, "trace-not-connected"), t_in!(l, "trace-not-connected-why")),
                Call::BrokenPipe { reset: true } => {
                    (t_in!(l, "trace-broken-pipe-reset"), t_in!(l, "trace-broken-pipe-reset-why"))
                }
                Call::BrokenPipe { reset: false } => {
                    (t_in!(l, "trace-broken-pipe"), t_in!(l, "trace-broken-pipe-why"))
                }
                Call::TimedOut if matches!(e, Event::Socket { conn: None, .. }) => {
                    (t_in!(l, "trace-timed-out"), t_in!(l, "trace-timed-out-udp-why"))
                }
                Call::TimedOut => (t_in!(l, "trace-timed-out"), t_in!(l, "trace-timed-out-why")),
                Call::Unreachable { from, code } => {
                    // The error connect() returns, as Linux converts the ICMP code.
                    let error = match code {
                        0 | 6 => t_in!(l, "trace-unreachable-net"),
                        3 => t_in!(l, "trace-refused"),
                        _ => t_in!(l, "trace-unreachable-host"),
                    };
                    (
                        t_in!(l, "trace-unreachable", error = error),
                        t_in!(l, "trace-unreachable-why", from = from, code = code),
                    )
                }
            },
            Event::TcpState { from, to, cause, .. } => (
                format!("{} -> {}", from.name(), to.name()),
                match cause {
                    Cause::Connect => t_in!(l, "trace-cause-connect"),
                    Cause::SynReceived => t_in!(l, "trace-cause-syn-received"),
                    Cause::SynAckReceived => t_in!(l, "trace-cause-syn-ack-received"),
                    Cause::HandshakeAck => t_in!(l, "trace-cause-handshake-ack"),
                    Cause::SimultaneousOpen => t_in!(l, "trace-cause-simultaneous-open"),
                    Cause::CrossedSynAcked => t_in!(l, "trace-cause-crossed-syn-acked"),
                    // Before the handshake is done there is nothing to close with a FIN.
                    Cause::Close if to == State::Closed => t_in!(l, "trace-cause-close-unopened"),
                    Cause::Close => t_in!(l, "trace-cause-close"),
                    Cause::Shutdown if to == State::Closed => t_in!(l, "trace-cause-shutdown-unopened"),
                    Cause::Shutdown => t_in!(l, "trace-cause-shutdown"),
                    Cause::CloseFinWaits => t_in!(l, "trace-cause-close-fin-waits"),
                    Cause::ShutdownFinWaits => t_in!(l, "trace-cause-shutdown-fin-waits"),
                    Cause::FinReceived => t_in!(l, "trace-cause-fin-received"),
                    Cause::FinAcked => t_in!(l, "trace-cause-fin-acked"),
                    Cause::FinAndAck => t_in!(l, "trace-cause-fin-and-ack"),
                    Cause::TimeWaitOver => t_in!(l, "trace-cause-time-wait-over"),
                    // RFC 1337's "TIME-WAIT assassination": Linux lets a RST end it.
                    Cause::Reset if from == State::TimeWait => t_in!(l, "trace-cause-reset-time-wait"),
                    Cause::Reset => t_in!(l, "trace-cause-reset"),
                    Cause::NewSyn => t_in!(l, "trace-cause-new-syn"),
                    Cause::AbortOnClose => t_in!(l, "trace-cause-abort-on-close"),
                    Cause::DataAfterClose => t_in!(l, "trace-cause-data-after-close"),
                    Cause::FinTimeout => t_in!(l, "trace-cause-fin-timeout"),
                    Cause::NotAccepted => t_in!(l, "trace-cause-not-accepted"),
                    Cause::SynCookie => t_in!(l, "trace-cause-syn-cookie"),
                    Cause::GaveUp => t_in!(l, "trace-cause-gave-up"),
                    Cause::KeepaliveGaveUp => t_in!(l, "trace-cause-keepalive-gave-up"),
                    Cause::ListenerClosed => t_in!(l, "trace-cause-listener-closed"),
                    Cause::HostDown => t_in!(l, "trace-cause-host-down"),
                    Cause::Unreachable => t_in!(l, "trace-cause-unreachable"),
                },
            ),
            Event::Timer { timer, .. } => match timer {
                TimerEvent::Retransmit { attempt, next_rto_ns } => (
                    t_in!(l, "trace-retransmit", attempt = attempt),
                    t_in!(l, "trace-retransmit-why", rto = next_rto_ns / 1_000_000_000),
                ),
                TimerEvent::KeepaliveProbe { probe } => (
                    t_in!(l, "trace-keepalive-probe", probe = probe),
                    if probe == 1 {
                        t_in!(l, "trace-keepalive-first")
                    } else {
                        t_in!(l, "trace-keepalive-next")
                    },
                ),
                TimerEvent::TimeWaitStarts { ns } => {
                    (t_in!(l, "trace-time-wait", seconds = seconds(ns)), t_in!(l, "trace-time-wait-why"))
                }
                TimerEvent::FinTimeoutStarts { ns } => {
                    (t_in!(l, "trace-fin-timeout", seconds = seconds(ns)), t_in!(l, "trace-fin-timeout-why"))
                }
            },
            Event::Nagle { held, .. } => (t_in!(l, "trace-nagle", held = held), t_in!(l, "trace-nagle-why")),
            Event::Ack { ack, .. } => match ack {
                AckEvent::Quick => (t_in!(l, "trace-ack-quick"), t_in!(l, "trace-ack-quick-why")),
                AckEvent::Delayed => (t_in!(l, "trace-ack-delayed"), t_in!(l, "trace-ack-delayed-why")),
                AckEvent::Piggybacked => {
                    (t_in!(l, "trace-ack-piggybacked"), t_in!(l, "trace-ack-piggybacked-why"))
                }
                AckEvent::TimerFired => (t_in!(l, "trace-ack-timer"), t_in!(l, "trace-ack-timer-why")),
                AckEvent::OutOfOrder => {
                    (t_in!(l, "trace-ack-out-of-order"), t_in!(l, "trace-ack-out-of-order-why"))
                }
                AckEvent::GapFilled => {
                    (t_in!(l, "trace-ack-gap-filled"), t_in!(l, "trace-ack-gap-filled-why"))
                }
                AckEvent::FastRetransmit => {
                    (t_in!(l, "trace-fast-retransmit"), t_in!(l, "trace-fast-retransmit-why"))
                }
                AckEvent::SynAgain => (t_in!(l, "trace-syn-again"), t_in!(l, "trace-syn-again-why")),
                AckEvent::WrongAckReset => {
                    (t_in!(l, "trace-wrong-ack-reset"), t_in!(l, "trace-wrong-ack-reset-why"))
                }
            },
            Event::NoRoute { src, dst, network, prefix, router, .. } => (
                t_in!(l, "trace-no-route", src = src, dst = dst),
                if router {
                    t_in!(l, "trace-no-route-router", dst = dst)
                } else {
                    t_in!(l, "trace-no-route-host", dst = dst, network = format!("{network}/{prefix}"))
                },
            ),
            Event::NotForwarded { src, dst, .. } => (
                t_in!(l, "trace-not-forwarded", src = src, dst = dst),
                t_in!(l, "trace-not-forwarded-why", dst = dst),
            ),
            Event::Queued { ip, port, waiting, backlog, .. } => (
                t_in!(
                    l,
                    "trace-queued",
                    ip = ip.to_string(),
                    port = port,
                    waiting = waiting,
                    backlog = backlog
                ),
                t_in!(l, "trace-queued-why"),
            ),
            Event::QueueFull { port, backlog, syn: true, .. } => (
                t_in!(l, "trace-queue-full-syn", port = port, backlog = backlog),
                t_in!(l, "trace-queue-full-syn-why"),
            ),
            Event::QueueFull { port, backlog, cookie, .. } => (
                t_in!(l, "trace-queue-full-ack", port = port, backlog = backlog),
                if cookie {
                    t_in!(l, "trace-queue-full-cookie-why")
                } else {
                    t_in!(l, "trace-queue-full-ack-why")
                },
            ),
            Event::SynCookie { port, half_open, backlog, .. } => (
                t_in!(l, "trace-syn-cookie", port = port, half_open = half_open, backlog = backlog),
                t_in!(l, "trace-syn-cookie-why"),
            ),
            Event::NoListener { port, udp, syn, .. } => (
                // A segment other than a SYN wants a connection, not a listener (one may listen).
                if udp || syn {
                    t_in!(l, "trace-no-listener", port = port)
                } else {
                    t_in!(l, "trace-no-connection", port = port)
                },
                match (udp, syn) {
                    (true, _) => t_in!(l, "trace-no-listener-udp"),
                    (false, true) => t_in!(l, "trace-no-listener-tcp"),
                    (false, false) => t_in!(l, "trace-no-connection-tcp"),
                },
            ),
            Event::Lost { frame, connection, segment, datagram, .. } => (
                t_in!(l, "trace-lose", frame = frame_text(&frame, l)),
                match (connection, segment, datagram) {
                    (Some(connection), Some(segment), _) => {
                        t_in!(l, "trace-lose-segment-why", connection = connection, segment = segment)
                    }
                    (Some(connection), _, Some(datagram)) => {
                        t_in!(l, "trace-lose-datagram-why", connection = connection, datagram = datagram)
                    }
                    _ => t_in!(l, "trace-lose-why"),
                },
            ),
            Event::Crash { .. } => (t_in!(l, "trace-crash"), t_in!(l, "trace-crash-why")),
            Event::Wait { ns } => (t_in!(l, "trace-wait", seconds = seconds(ns)), t_in!(l, "trace-lab-step")),
            Event::LinkDown { bridge, port } => (
                t_in!(l, "trace-link-down", bridge = self.bridge(bridge, l), port = port),
                t_in!(l, "trace-link-down-why"),
            ),
            Event::StillOpen { state, .. } => {
                (t_in!(l, "trace-still-open", state = state.name()), t_in!(l, "trace-still-open-why"))
            }
            Event::TimeUp { ns } => {
                (t_in!(l, "trace-time-up", seconds = seconds(ns)), t_in!(l, "trace-time-up-why"))
            }
            Event::FrameCap { frames, storm } => (
                t_in!(l, "trace-frame-cap", frames = frames),
                if storm { t_in!(l, "trace-storm") } else { t_in!(l, "trace-frame-cap-why") },
            ),
            Event::EchoAnswer { to, dst, stand_in, .. } => (
                t_in!(l, "trace-echo-answer", to = to),
                if stand_in {
                    t_in!(l, "trace-echo-answer-stand-in", dst = dst)
                } else {
                    t_in!(l, "trace-echo-answer-why")
                },
            ),
            Event::EchoIgnored { from, why, .. } => (
                t_in!(l, "trace-echo-ignored", from = from),
                match why {
                    Ignored::Broadcast => t_in!(l, "trace-echo-ignored-broadcast"),
                    Ignored::Multicast => t_in!(l, "trace-echo-ignored-multicast"),
                },
            ),
        };
        Worded { at, what, why }
    }
}

/// `#3 02:..:01 > ff:ff:ff:ff:ff:ff ARP who has 192.168.1.5? tell 192.168.1.1`.
fn frame_text(f: &FrameInfo, l: Lang) -> String {
    format!("#{} {} > {} {}", f.number, f.src, f.dst, packet_text(f, l))
}

fn packet_text(f: &FrameInfo, l: Lang) -> String {
    match f.packet {
        Packet::ArpRequest { sender_ip, target_ip } => {
            t_in!(l, "frame-arp-request", target = target_ip, sender = sender_ip)
        }
        Packet::ArpReply { sender_ip, sender_mac } => {
            t_in!(l, "frame-arp-reply", sender = sender_ip, mac = sender_mac)
        }
        Packet::Echo { request, src, dst, seq, ttl } => {
            let (src, dst) = (src.to_string(), dst.to_string());
            if request {
                t_in!(l, "frame-echo-request", src = src, dst = dst, seq = seq, ttl = ttl)
            } else {
                t_in!(l, "frame-echo-reply", src = src, dst = dst, seq = seq, ttl = ttl)
            }
        }
        Packet::IcmpError { icmp_type, code, src, dst, ttl, about } => {
            let (src, dst) = (src.to_string(), dst.to_string());
            let frame = if icmp_type == 11 {
                t_in!(l, "frame-time-exceeded", code = code, src = src, dst = dst, ttl = ttl)
            } else {
                t_in!(l, "frame-unreachable", code = code, src = src, dst = dst, ttl = ttl)
            };
            match about {
                Some(a) => t_in!(l, "frame-icmp-about", frame = frame, what = about_text(&a)),
                None => frame,
            }
        }
        Packet::Tcp { src, dst, src_port, dst_port, flags, seq, ack, len, .. } => {
            let mut t = format!("TCP {src}:{src_port} > {dst}:{dst_port} [{flags}] seq {seq}");
            if flags.ack {
                let _ = write!(t, " ack {ack}");
            }
            let _ = write!(t, " len {len}");
            t
        }
        Packet::Udp { src, dst, src_port, dst_port, len, .. } => {
            format!("UDP {src}:{src_port} > {dst}:{dst_port} len {len}")
        }
        Packet::Other => t_in!(l, "frame-other"),
    }
}

/// The packet an ICMP error quotes, as `UDP 10.0.0.1:40000 > 10.0.0.2:9999` (tcpdump's
/// protocol names; ports where it has them).
fn about_text(a: &About) -> String {
    let end = |ip: Ipv4Addr, port: Option<u16>| match port {
        Some(p) => format!("{ip}:{p}"),
        None => ip.to_string(),
    };
    format!("{} {} > {}", a.proto.to_uppercase(), end(a.src, a.src_port), end(a.dst, a.dst_port))
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

fn route_text(r: Route, dst: Ipv4Addr, l: Lang) -> String {
    match r {
        Route::OnLink { masked } => t_in!(l, "route-on-link", dst = dst, masked = masked),
        Route::ViaGateway { network, prefix } => {
            t_in!(l, "route-via-gateway", dst = dst, network = format!("{network}/{prefix}"))
        }
        Route::ViaRouter { network, prefix } => {
            t_in!(l, "route-via-router", dst = dst, network = format!("{network}/{prefix}"))
        }
        Route::Back => t_in!(l, "route-back"),
        Route::Broadcast => t_in!(l, "route-broadcast", dst = dst),
        Route::Multicast => t_in!(l, "route-multicast", dst = dst),
    }
}

/// The time column's least width: seconds up to 999 with six decimals.
pub(crate) const TIME_COLS: usize = 10;

/// How wide the time column must be for a run that lasts about `length_ns` (at least
/// [`TIME_COLS`]: the column of a longer run is wider from its first line, not from the first
/// line past 1,000 s).
pub(crate) fn time_cols(length_ns: u64) -> usize {
    ((length_ns / 1_000_000_000).max(1).ilog10() as usize + 8).max(TIME_COLS)
}

/// The text trace's layout: `time  at  what  (why)`, one line an event into a pipe (`width`
/// is `None`), the time right-aligned in `time_cols` columns (see [`time_cols`]). On a
/// terminal of `width` columns, what and why wrap at word boundaries onto lines indented
/// under the event, the reason starting a line of its own when it does not fit.
pub(crate) fn line(out: &mut String, time_ns: u64, time_cols: usize, w: &Worded, width: Option<usize>) {
    out.clear();
    // Padded by display columns: a Chinese name (交换机) is two columns a character.
    let pad = 6usize.saturating_sub(w.at.width());
    let _ = write!(out, "{:>time_cols$.6}  {}{:pad$}  ", time_ns as f64 / 1e9, w.at, "");
    let why = if w.why.is_empty() { String::new() } else { format!("({})", w.why) };
    let Some(width) = width else {
        out.push_str(&w.what);
        if !why.is_empty() {
            out.push_str("  ");
            out.push_str(&why);
        }
        return;
    };
    let indent = out.width();
    let mut col = indent;
    wrap(out, &mut col, &w.what, indent, width);
    if !why.is_empty() {
        if col + 2 + why.width() > width {
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
/// longer than a line stays whole). Columns are display columns: a Chinese character takes
/// two, and a line may break before or after one (not before closing punctuation, nor after
/// opening), as Chinese text has no spaces to break at.
fn wrap(out: &mut String, col: &mut usize, text: &str, indent: usize, width: usize) {
    let line_start = *col;
    for (i, word) in text.split(' ').enumerate() {
        for (j, piece) in pieces(word).enumerate() {
            let len = piece.width();
            if j == 0 && i > 0 {
                if *col + 1 + len > width && *col > indent {
                    let _ = write!(out, "\n{:indent$}", "");
                    *col = indent;
                } else {
                    out.push(' ');
                    *col += 1;
                }
            } else if *col + len > width && *col > indent && (j > 0 || *col != line_start) {
                let _ = write!(out, "\n{:indent$}", "");
                *col = indent;
            }
            out.push_str(piece);
            *col += len;
        }
    }
}

/// A word cut where a line may break inside it: around each wide (CJK) character, keeping
/// closing punctuation with what it closes and opening punctuation with what it opens. A word
/// without wide characters is one piece.
fn pieces(word: &str) -> impl Iterator<Item = &str> {
    const CLOSING: &str = "，。：；、！？）」』》】";
    const OPENING: &str = "（「『《【";
    let mut cuts = vec![0];
    let mut prev: Option<char> = None;
    for (at, c) in word.char_indices() {
        if let Some(p) = prev {
            let wide = |c: char| c.width().unwrap_or(0) >= 2;
            if (wide(c) || wide(p)) && !CLOSING.contains(c) && !OPENING.contains(p) {
                cuts.push(at);
            }
        }
        prev = Some(c);
    }
    cuts.push(word.len());
    cuts.dedup();
    (0..cuts.len().saturating_sub(1))
        .map(move |k| &word[cuts[k]..cuts[k + 1]])
        .chain((word.is_empty()).then_some(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_time_reads_as_more_than_the_ageing_time_it_exceeded() {
        let s = 1_000_000_000;
        assert_eq!(idle_seconds(301_270_000_000, 300 * s), "301.3");
        assert_eq!(idle_seconds(300_040_000_000, 300 * s), "300.04");
        assert_eq!(idle_seconds(520_000_000, s / 2), "0.52");
        assert_eq!(idle_seconds(500_000_001, s / 2), "0.500000001");
        assert_eq!(idle_seconds(960_000_000, 0), "1.0");
        assert_eq!(idle_seconds(u64::MAX, u64::MAX - 1), "18446744073.709551615");
    }

    fn worded(what: &str, why: &str) -> Worded {
        Worded { at: "switch".into(), what: what.into(), why: why.into() }
    }

    #[test]
    fn a_pipe_gets_one_line_an_event() {
        let mut out = String::new();
        line(&mut out, 50_000, TIME_COLS, &worded("port 1 in: #1 a > b", "learned a"), None);
        assert_eq!(out, "  0.000050  switch  port 1 in: #1 a > b  (learned a)");
    }

    #[test]
    fn a_terminal_gets_lines_no_wider_than_it() {
        let what = "port 1 in: #1 02:b1:0d:a4:8c:ea > ff:ff:ff:ff:ff:ff ARP who has 192.168.1.3? tell 192.168.1.1; flood to 4 port(s)";
        let why = "learned 02:b1:0d:a4:8c:ea on port 1; broadcast";
        let mut out = String::new();
        line(&mut out, 50_000, TIME_COLS, &worded(what, why), Some(80));
        for l in out.lines() {
            assert!(l.chars().count() <= 80, "{l:?} in\n{out}");
        }
        assert!(out.lines().skip(1).all(|l| l.starts_with(&" ".repeat(20))), "{out}");
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&out)[2..], words(&format!("{what} ({why})"))[..], "nothing lost or reordered");
        let mut short = String::new();
        line(&mut short, 0, TIME_COLS, &worded("filter", "same port"), Some(80));
        assert_eq!(short.lines().count(), 1);
    }

    #[test]
    fn chinese_wraps_at_display_width_and_keeps_its_punctuation() {
        let what = "端口 1 进：#1 02:b1:0d:a4:8c:ea > ff:ff:ff:ff:ff:ff ARP 谁是 192.168.1.3？请告诉 192.168.1.1；泛洪到 4 个端口";
        let why = "在端口 1 学到 02:b1:0d:a4:8c:ea；目的地址是广播地址，所以向除入口以外的每个端口转发一份（交换机不认识广播地址）";
        let mut out = String::new();
        line(
            &mut out,
            50_000,
            TIME_COLS,
            &Worded { at: "交换机".into(), what: what.into(), why: why.into() },
            Some(60),
        );
        assert!(out.lines().count() >= 3, "{out}");
        for l in out.lines() {
            assert!(l.width() <= 60, "{l:?} ({} columns) in\n{out}", l.width());
            let body = l.trim_start();
            assert!(
                !body.starts_with(['，', '。', '：', '；', '）', '？']),
                "{l:?} starts with closing punctuation"
            );
            assert!(!l.trim_end().ends_with(['（']), "{l:?} ends with opening punctuation");
        }
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(squeeze(&out).contains(&squeeze(what)), "nothing lost or reordered:\n{out}");
        assert!(squeeze(&out).contains(&squeeze(why)), "nothing lost or reordered:\n{out}");
    }
}
