//! `--ladder`: each ping and each connection of a run drawn in text as a ladder diagram, the
//! picture the course notes draw of the ARP story, the handshake and the close. The client's
//! (or pinging host's) time line is on the left and the server's on the right, with a line
//! between them for each router on the way; each frame is an arrow from the line of the node
//! that sent it to the line of the one it is for, labelled with what it is (flags, seq, ack
//! and length for a segment, and its TTL where routers pass it on); beside each end's line are
//! its socket calls, timers, state changes and what its ARP cache learned, each row at its
//! virtual time. A frame lost on the way stops short, at an `X`. (tshark draws TCP flows so
//! with `-z flow,tcp,standard`; the page draws the same ladders in SVG.)

use std::io::{self, Write};
use std::net::Ipv4Addr;

use netcalc::lan::event::{Call, Dropped, Event, FrameInfo, Packet, Route};
use netcalc::lan::sim::Sim;
use netcalc::lan::sim::transport::Outcome;
use netcalc::lan::tcp::Cause;
use netcalc::lan::topology::Role;
use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::trace::Words;
use crate::i18n::{Lang, t_in};

/// Node `n`'s name, `?` for none (an address nobody has).
fn node_name(sim: &Sim, n: Option<usize>) -> &str {
    n.and_then(|n| sim.nodes.get(n)).map_or("?", |n| n.name.as_str())
}

/// Whether the ladders want event `e` (a run keeps no other event for them).
pub(crate) fn wants(e: &Event) -> bool {
    matches!(
        e,
        Event::TcpState { .. }
            | Event::Timer { .. }
            | Event::Socket { .. }
            | Event::PingStart { .. }
            | Event::PingEnd { .. }
            | Event::Loopback { .. }
            | Event::ArpRequest { .. }
            | Event::ArpAnswer { .. }
            | Event::ArpResolved { .. }
            | Event::ArpFailed { .. }
            | Event::EchoIgnored { .. }
            | Event::RouterDrop { why: Dropped::MartianSource, .. }
            | Event::Send { .. }
            | Event::Released { .. }
            | Event::Lost { .. }
            | Event::Crash { .. }
            | Event::StillOpen { .. }
            | Event::Queued { .. }
            | Event::QueueFull { .. }
            | Event::SynCookie { .. }
    )
}

/// An event the ladders draw: its place among all of the run's events (the page's step), its
/// virtual time, and the event.
pub(crate) type Kept = (usize, u64, Event);

/// An address and port.
type End = (Ipv4Addr, u16);

/// A segment's or datagram's (source, destination); `None` for anything else.
fn ends(p: &Packet) -> Option<(End, End)> {
    match *p {
        Packet::Tcp { src, dst, src_port, dst_port, .. }
        | Packet::Udp { src, dst, src_port, dst_port, .. } => Some(((src, src_port), (dst, dst_port))),
        _ => None,
    }
}

/// The packet without its TTL: the same segment before and after a router.
fn routed(p: Packet) -> Packet {
    match p {
        Packet::Tcp { src, dst, src_port, dst_port, flags, seq, ack, len, .. } => {
            Packet::Tcp { src, dst, src_port, dst_port, flags, seq, ack, len, ttl: 0 }
        }
        Packet::Udp { src, dst, src_port, dst_port, len, .. } => {
            Packet::Udp { src, dst, src_port, dst_port, len, ttl: 0 }
        }
        other => other,
    }
}

/// One row of a ladder, at a virtual time.
enum Row {
    /// Words beside one end's line: event `i`'s (a broadcast ping's: `host`'s, on the
    /// right).
    Side { i: usize, time: u64, client: bool, text: String, host: Option<usize> },
    /// A frame from node `from`'s line to node `to`'s (`None`: to an address nobody has, or
    /// to everybody): from one end to the other, or to or from a router on the way.
    Arrow {
        /// The event that sent the frame.
        i: usize,
        time: u64,
        from: usize,
        to: Option<usize>,
        label: String,
        /// The packet's TTL, shown when routers stand between the ends (`None`: the label
        /// has it, or it has none).
        ttl: Option<u8>,
        number: u64,
        packet: Packet,
        /// The event that says the frame was lost on the way, if it was.
        lost: Option<usize>,
    },
}

impl Row {
    /// An arrow of `frame`, sent by `from` towards `to` in event `i`.
    fn arrow(i: usize, time: u64, from: usize, to: Option<usize>, label: String, frame: &FrameInfo) -> Row {
        let ttl = match frame.packet {
            Packet::Tcp { ttl, .. } | Packet::Udp { ttl, .. } | Packet::IcmpError { ttl, .. } => Some(ttl),
            _ => None,
        };
        let (number, packet) = (frame.number, routed(frame.packet));
        Row::Arrow { i, time, from, to, label, ttl, number, packet, lost: None }
    }
}

/// What a ladder is of.
#[derive(Clone, Copy)]
enum Kind {
    /// Ping `number` of the run.
    Ping { number: usize },
    /// Session `number` (from 1) of the run; `both`: two sockets that connected to each other
    /// (a simultaneous open), the later one on the right.
    Session { number: usize, both: bool },
}

/// A session's or a ping's ladder: its title, its ends, and its rows.
struct Ladder {
    kind: Kind,
    title: String,
    cnode: usize,
    /// The server's node (none: an address nobody has).
    snode: Option<usize>,
    client: End,
    server: End,
    udp: bool,
    rows: Vec<Row>,
    /// A ping to a broadcast or multicast address: what the right-hand line stands for
    /// (every host that hears it, rather than one), in words and as the page names it
    /// (`broadcast`, `multicast`).
    everyone: Option<(String, &'static str)>,
}

impl Ladder {
    /// Whether node `n` is a router that is neither end (a line of its own between them, once
    /// an arrow leaves or reaches it).
    fn between(&self, sim: &Sim, n: usize) -> bool {
        n != self.cnode && Some(n) != self.snode && sim.nodes.get(n).is_some_and(|n| n.role == Role::Router)
    }

    /// The routers whose lines stand between the two ends, in the order a packet from the
    /// client meets them (then any met only on the way back).
    fn routers(&self, sim: &Sim) -> Vec<usize> {
        let hops: Vec<(usize, Option<usize>)> = self
            .rows
            .iter()
            .filter_map(|r| match *r {
                Row::Arrow { from, to, .. } => Some((from, to)),
                Row::Side { .. } => None,
            })
            .collect();
        let mut out: Vec<usize> = Vec::new();
        let mut at = self.cnode;
        // From the client, one hop at a time (each router once: a loop ends it).
        while let Some(next) = hops
            .iter()
            .filter(|&&(from, _)| from == at)
            .find_map(|&(_, to)| to.filter(|&t| self.between(sim, t) && !out.contains(&t)))
        {
            out.push(next);
            at = next;
        }
        for n in hops.iter().flat_map(|&(from, to)| [Some(from), to]).flatten() {
            if self.between(sim, n) && !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

/// A TCP client's connect() not yet placed in a ladder, by (node, server): it goes first in
/// the ladder of the next session of that client and server to start, with the calls (none
/// that name no connection, in practice) the client made after it.
type Opened = rustc_hash::FxHashMap<(usize, End), (Row, Vec<Row>)>;

/// Every session's ladder, in one pass over the run's `events`.
fn ladders(sim: &Sim, events: &[Kept], words: &Words) -> Vec<Ladder> {
    let mut ladders: Vec<Ladder> = sim
        .transport
        .sessions
        .iter()
        .enumerate()
        .map(|(k, s)| Ladder {
            kind: Kind::Session { number: k + 1, both: false },
            title: t_in!(
                words.lang,
                "ladder-title",
                n = k + 1,
                proto = if s.udp { "UDP" } else { "TCP" },
                client = format!("{}:{}", sim.nodes[s.client].ip, s.port),
                server = format!("{}:{}", s.server.0, s.server.1)
            ),
            cnode: s.client,
            snode: sim.node_of(s.server.0),
            client: (sim.nodes[s.client].ip, s.port),
            server: s.server,
            udp: s.udp,
            rows: Vec::new(),
            everyone: None,
        })
        .collect();
    // Two sockets that connected to each other (a simultaneous open) are one connection: the
    // later one is drawn as the other end of the earlier one's ladder, on its right.
    let mirror_of: Vec<Option<usize>> =
        (0..sim.transport.sessions.len()).map(|k| sim.peer_session(k).filter(|&j| j < k)).collect();
    // Whose each connection is (session, client's end), and each pair of ends.
    let mut by_conn = rustc_hash::FxHashMap::default();
    let mut by_ends = rustc_hash::FxHashMap::default();
    // The mirrored sockets' connect() calls, by (node, peer), in the order they run.
    let mut mirror_next: rustc_hash::FxHashMap<(usize, End), std::collections::VecDeque<usize>> =
        Default::default();
    for (k, s) in sim.transport.sessions.iter().enumerate() {
        if let Some(j) = mirror_of[k] {
            by_conn.extend(s.conn.map(|c| (c, (j, false))));
            mirror_next.entry((s.client, s.server)).or_default().push_back(j);
            ladders[j].kind = Kind::Session { number: j + 1, both: true };
            ladders[j].title = t_in!(
                words.lang,
                "ladder-title-both",
                n = j + 1,
                m = k + 1,
                client = format!("{}:{}", sim.nodes[ladders[j].cnode].ip, ladders[j].client.1),
                server = format!("{}:{}", ladders[j].server.0, ladders[j].server.1)
            );
            continue;
        }
        by_conn.extend(s.conn.map(|c| (c, (k, true))));
        by_conn.extend(s.server_conn.into_iter().chain(sim.earlier_server_ends(k)).map(|c| (c, (k, false))));
        let l = &ladders[k];
        by_ends.insert((l.client, l.server), k);
    }
    // For each event, the next segment or datagram its node sends (a UDP echo server's recv
    // and send belong to the session its echo goes to).
    let mut next_sent = vec![None; events.len()];
    let mut seen: rustc_hash::FxHashMap<usize, Option<(End, End)>> = Default::default();
    for (k, (_, _, e)) in events.iter().enumerate().rev() {
        let Some(node) = e.node() else { continue };
        next_sent[k] = seen.get(&node).copied().flatten();
        if let Event::Send { frame, .. } | Event::Released { frame, .. } = e {
            seen.insert(node, ends(&frame.packet));
        }
    }
    let mut opened = Opened::default();
    // The UDP sessions of each client socket (node, port), in the order they run, and the one
    // each socket runs now: a UDP socket's calls name it by its port.
    let mut udp_next: rustc_hash::FxHashMap<(usize, u16), std::collections::VecDeque<usize>> =
        Default::default();
    // (A socket whose bind() failed never connected.)
    let connected = |s: &&netcalc::lan::sim::transport::Session| {
        !matches!(s.outcome, Some(Outcome::AddrInUse | Outcome::AddrNotAvail))
    };
    for (k, s) in sim.transport.sessions.iter().enumerate().filter(|(_, s)| s.udp && connected(s)) {
        udp_next.entry((s.client, s.port)).or_default().push_back(k);
    }
    let mut udp_sock: rustc_hash::FxHashMap<(usize, u16), usize> = Default::default();
    // The sessions whose bind() failed, by (node, port), in the order they ran: each has that
    // failure for its one row.
    let mut refused_bind: rustc_hash::FxHashMap<(usize, u16), std::collections::VecDeque<usize>> =
        Default::default();
    for (k, s) in sim.transport.sessions.iter().enumerate() {
        if matches!(s.outcome, Some(Outcome::AddrInUse | Outcome::AddrNotAvail)) {
            refused_bind.entry((s.client, s.port)).or_default().push_back(k);
        }
    }
    let what = |e: &Event| words.word(e).what;
    let start = |l: &mut Ladder, opened: &mut Opened| {
        if l.rows.is_empty()
            && let Some((row, calls)) = opened.remove(&(l.cnode, l.server))
        {
            l.rows.push(row);
            l.rows.extend(calls);
        }
    };
    // The last host to go off (a lab's crash step): its row goes beside each connection it
    // takes down, before that connection's end goes to CLOSED (once a ladder).
    let mut crash: Option<(usize, u64, usize)> = None;
    for (k, &(i, time, ref e)) in events.iter().enumerate() {
        match e {
            Event::Crash { node } => crash = Some((i, time, *node)),
            Event::Socket { node, conn: None, udp_port, call: Call::Connect { ip, port, .. } } => {
                let row = Row::Side { i, time, client: true, text: what(e), host: None };
                if let Some(p) = *udp_port {
                    // A UDP socket: the next session of this client's port starts.
                    if let Some(s) = udp_next.get_mut(&(*node, p)).and_then(|q| q.pop_front()) {
                        udp_sock.insert((*node, p), s);
                        by_ends.insert((ladders[s].client, ladders[s].server), s);
                        ladders[s].rows.push(row);
                    }
                } else if let Some(j) =
                    mirror_next.get_mut(&(*node, (*ip, *port))).and_then(|q| q.pop_front())
                {
                    // The other end of a simultaneous open: on the right of the first's ladder.
                    start(&mut ladders[j], &mut opened);
                    ladders[j].rows.push(Row::Side { i, time, client: false, text: what(e), host: None });
                } else {
                    opened.retain(|(n, _), _| n != node);
                    opened.insert((*node, (*ip, *port)), (row, Vec::new()));
                }
            }
            Event::Socket {
                node,
                conn: None,
                call:
                    Call::AddrInUse { port, server: false, .. } | Call::AddrNotAvail { local_port: port, .. },
                ..
            } if refused_bind.get(&(*node, *port)).is_some_and(|q| !q.is_empty()) => {
                if let Some(s) = refused_bind.get_mut(&(*node, *port)).and_then(|q| q.pop_front()) {
                    ladders[s].rows.push(Row::Side { i, time, client: true, text: what(e), host: None });
                }
            }
            Event::Socket { node, conn: None, udp_port, call }
                if !matches!(
                    call,
                    Call::Connect { .. }
                        | Call::Listen { .. }
                        | Call::Exit { .. }
                        | Call::AddrInUse { server: true, .. }
                ) =>
            {
                let row = |client| Row::Side { i, time, client, text: what(e), host: None };
                // A UDP client socket's, by its port; a UDP echo server's, if what the node
                // sends next is a session's echo.
                let echo = || {
                    next_sent[k]
                        .and_then(|(from, to)| by_ends.get(&(to, from)).copied())
                        .filter(|&s| ladders[s].udp && ladders[s].snode == Some(*node))
                };
                if let Some(&s) = udp_port.and_then(|p| udp_sock.get(&(*node, p))) {
                    ladders[s].rows.push(row(true));
                } else if let Some(s) = echo() {
                    ladders[s].rows.push(row(false));
                } else if let Some((_, calls)) = opened.iter_mut().find(|((n, _), _)| n == node) {
                    calls.1.push(row(true));
                }
            }
            Event::TcpState { conn, .. }
            | Event::Timer { conn, .. }
            | Event::StillOpen { conn, .. }
            | Event::Queued { conn, .. }
            | Event::Socket { conn: Some(conn), .. } => {
                let Some(&(s, client)) = by_conn.get(conn) else { continue };
                let l = &mut ladders[s];
                if matches!(e, Event::TcpState { .. }) {
                    // Its frames are this session's from now on (a later session of the same
                    // client port may connect to the same server).
                    by_ends.insert((l.client, l.server), s);
                }
                start(l, &mut opened);
                if let Event::TcpState { node, cause: Cause::HostDown, .. } = *e
                    && let Some((ci, ct, _)) = crash.filter(|&(_, _, cn)| cn == node)
                    && !l.rows.iter().any(|r| matches!(*r, Row::Side { i, .. } if i == ci))
                {
                    let text = words.word(&Event::Crash { node }).what;
                    l.rows.push(Row::Side { i: ci, time: ct, client, text, host: None });
                }
                l.rows.push(Row::Side { i, time, client, text: what(e), host: None });
            }
            Event::Send { node, frame, next_hop, .. } | Event::Released { node, frame, next_hop, .. } => {
                let to = sim.node_of(*next_hop);
                if let Packet::IcmpError { icmp_type, code, about, .. } = frame.packet {
                    // An ICMP error about a session's packet, as it quotes it: the server's
                    // about a datagram to its closed port, or a router's on the way (its own,
                    // or one it passes on).
                    let ends = about.and_then(|a| Some(((a.src, a.src_port?), (a.dst, a.dst_port?))));
                    if let Some(&s) = ends.and_then(|e| by_ends.get(&e))
                        && (ladders[s].snode == Some(*node) || ladders[s].between(sim, *node))
                    {
                        let label = icmp_error(words.lang, icmp_type, code);
                        ladders[s].rows.push(Row::arrow(i, time, *node, to, label, frame));
                    }
                    continue;
                }
                let Some((from, to_end)) = ends(&frame.packet) else { continue };
                let s = match (by_ends.get(&(from, to_end)), by_ends.get(&(to_end, from))) {
                    (Some(&s), _) if ladders[s].cnode == *node => s,
                    (_, Some(&s)) if ladders[s].snode == Some(*node) => s,
                    // A router on the way passing it on.
                    (Some(&s), _) | (_, Some(&s)) if ladders[s].between(sim, *node) => s,
                    _ => continue,
                };
                let l = &mut ladders[s];
                if !l.udp {
                    start(l, &mut opened);
                }
                let label = match frame.packet {
                    Packet::Tcp { flags, seq, ack, len, .. } => {
                        format!("{flags} seq={seq} ack={ack} len={len}")
                    }
                    Packet::Udp { len, .. } => format!("UDP len={len}"),
                    _ => continue,
                };
                l.rows.push(Row::arrow(i, time, *node, to, label, frame));
            }
            Event::QueueFull { server_ip, port, client_ip, client_port, .. }
            | Event::SynCookie { server_ip, port, client_ip, client_port, .. } => {
                // The server's side of the connection whose SYN (or ACK) it dropped, or
                // answered with a cookie.
                let Some(&s) = by_ends.get(&((*client_ip, *client_port), (*server_ip, *port))) else {
                    continue;
                };
                let l = &mut ladders[s];
                l.rows.push(Row::Side { i, time, client: false, text: what(e), host: None });
            }
            Event::Lost { frame, .. } => {
                let Some((from, to)) = ends(&frame.packet) else { continue };
                let Some(&s) = by_ends.get(&(from, to)).or_else(|| by_ends.get(&(to, from))) else {
                    continue;
                };
                mark_lost(&mut ladders[s].rows, frame, i);
            }
            _ => {}
        }
    }
    // A TCP session that never sent a thing still shows its connect().
    for l in ladders.iter_mut().filter(|l| !l.udp) {
        start(l, &mut opened);
    }
    ladders.into_iter().zip(mirror_of).filter(|(_, m)| m.is_none()).map(|(l, _)| l).collect()
}

/// Every ping's ladder: the pinging host on the left, the one that has the address on the
/// right (if any), and between them a line for each router on the way; the ARP exchanges
/// between neighbours among them (a host with its gateway, a router with the host it
/// delivers to), the ICMP echo, hop by hop, and a router's ICMP error about it. Pings run one
/// after another, each from its start to its end.
fn pings(sim: &Sim, events: &[Kept], words: &Words) -> Vec<Ladder> {
    let l = words.lang;
    let mut out: Vec<Ladder> = Vec::new();
    let mut current = None;
    let name = |n: Option<usize>| node_name(sim, n);
    let title = |number: usize, node: usize, src: Ipv4Addr, dst: Ipv4Addr, to: &str| {
        let from = name(Some(node));
        t_in!(l, "ladder-ping-title", n = number, src = src, from = from, dst = dst, to = to)
    };
    // The ping under way's number.
    let mut number = 0;
    for &(i, time, ref e) in events {
        if let Event::PingStart { node, src, dst, dst_node, number: n, .. } = *e {
            number = n;
            let title = title(number, node, src, dst, name(dst_node));
            let (client, server) = ((src, 0), (dst, 0));
            out.push(Ladder {
                kind: Kind::Ping { number },
                title,
                cnode: node,
                snode: dst_node,
                client,
                server,
                udp: false,
                rows: Vec::new(),
                everyone: None,
            });
            current = Some(out.len() - 1);
        }
        let Some(p) = current else { continue };
        let ladder = &mut out[p];
        let (src, dst) = (ladder.client.0, ladder.server.0);
        let side = |client: bool| Row::Side { i, time, client, text: words.word(e).what, host: None };
        match *e {
            Event::PingStart { .. } | Event::Loopback { .. } => ladder.rows.push(side(true)),
            Event::PingEnd { .. } => {
                ladder.rows.push(side(true));
                current = None;
            }
            Event::ArpResolved { node, ip, .. } | Event::ArpFailed { node, target: ip, .. }
                if node == ladder.cnode && ip == dst =>
            {
                ladder.rows.push(side(true));
            }
            // A pinging router's own echo come back round a loop: dropped, beside its line.
            Event::RouterDrop { node, why: Dropped::MartianSource, .. } if node == ladder.cnode => {
                ladder.rows.push(side(true));
            }
            Event::EchoIgnored { node, .. } if Some(node) == ladder.snode => ladder.rows.push(side(false)),
            // A broadcast's hosts on the right-hand line, each by its name.
            Event::EchoIgnored { node, .. } if ladder.everyone.is_some() => {
                let text = t_in!(l, "ladder-host-said", host = name(Some(node)), what = words.word(e).what);
                ladder.rows.push(Row::Side { i, time, client: false, text, host: Some(node) });
            }
            Event::ArpRequest { node, frame, .. }
            | Event::ArpAnswer { node, frame, .. }
            | Event::Send { node, frame, .. }
            | Event::Released { node, frame, .. } => {
                let from_client = node == ladder.cnode;
                if let Event::Send { route: route @ (Route::Broadcast | Route::Multicast), .. } = e
                    && from_client
                    && ladder.everyone.is_none()
                {
                    let group = if *route == Route::Broadcast { "broadcast" } else { "multicast" };
                    let everyone = crate::i18n::tr_in(l, &format!("ladder-{group}"), &[]);
                    ladder.title = title(number, node, src, dst, &everyone);
                    ladder.everyone = Some((everyone, group));
                }
                // The ladder's own nodes: its two ends and the routers between them.
                let on = |n: Option<usize>| n.is_some_and(|n| n == ladder.cnode || ladder.between(sim, n));
                if !on(Some(node)) && Some(node) != ladder.snode {
                    continue;
                }
                // ARP between two of them, and the echo between the two ends (hop by hop).
                let on_it = |ip: Ipv4Addr| ip == src || ip == dst || on(sim.node_of(ip));
                let (label, to) = match (e, frame.packet) {
                    (_, Packet::ArpRequest { target_ip, .. }) if on_it(target_ip) => {
                        (t_in!(l, "ladder-arp-request", target = target_ip), sim.node_of(target_ip))
                    }
                    (Event::ArpAnswer { asker_ip, .. }, Packet::ArpReply { sender_ip, sender_mac })
                        if on_it(*asker_ip) =>
                    {
                        (
                            t_in!(l, "ladder-arp-reply", sender = sender_ip, mac = sender_mac),
                            sim.node_of(*asker_ip),
                        )
                    }
                    (
                        Event::Send { next_hop, .. } | Event::Released { next_hop, .. },
                        Packet::Echo { request, src: s, dst: d, seq, ttl },
                    ) if (s, d) == (src, dst) || (s, d) == (dst, src) => {
                        let label = if request {
                            t_in!(l, "ladder-echo-request", seq = seq, ttl = ttl)
                        } else {
                            t_in!(l, "ladder-echo-reply", seq = seq, ttl = ttl)
                        };
                        (label, sim.node_of(*next_hop))
                    }
                    // A router's error about the echo request (no route, no answer to ARP, the
                    // TTL run out), and the routers passing it back.
                    (
                        Event::Send { next_hop, .. } | Event::Released { next_hop, .. },
                        Packet::IcmpError { icmp_type, code, about: Some(a), .. },
                    ) if a.proto == "icmp" && (a.src, a.dst) == (src, dst) => {
                        (icmp_error(l, icmp_type, code), sim.node_of(*next_hop))
                    }
                    _ => continue,
                };
                ladder.rows.push(Row::arrow(i, time, node, to, label, &frame));
            }
            Event::Lost { frame, .. } => mark_lost(&mut ladder.rows, &frame, i),
            _ => {}
        }
    }
    out
}

/// An ICMP error's arrow: the kinds the simulator sends by name, another by its numbers.
fn icmp_error(l: Lang, icmp_type: u8, code: u8) -> String {
    match (icmp_type, code) {
        (3, 0) => t_in!(l, "ladder-icmp-net"),
        (3, 1) => t_in!(l, "ladder-icmp-host"),
        (3, 3) => t_in!(l, "ladder-icmp-port"),
        (11, 0) => t_in!(l, "ladder-icmp-ttl"),
        _ => t_in!(l, "ladder-icmp-other", icmp_type = icmp_type, code = code),
    }
}

/// Marks the arrow of lost `frame` in `rows`: the frame its end sent, or (lost beyond a
/// router) the latest arrow of the same packet not lost yet.
fn mark_lost(rows: &mut [Row], frame: &FrameInfo, i: usize) {
    let packet = routed(frame.packet);
    let sent = rows.iter_mut().rev().find_map(|r| match r {
        Row::Arrow { number, packet: p, lost: lost @ None, .. }
            if *number == frame.number || *p == packet =>
        {
            Some(lost)
        }
        _ => None,
    });
    if let Some(lost) = sent {
        *lost = Some(i);
    }
}

/// `text` aligned right in `width` display columns (a Chinese character takes two).
fn right(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// An arrow `width` columns long with `label` in its middle, pointing right or left; a lost
/// one stops short of the far line, at an `X`.
fn arrow(label: &str, width: usize, right: bool, lost: bool) -> String {
    if width == 0 {
        return String::new();
    }
    // One cell a display column: a wide (Chinese) character fills its cell and leaves the
    // next one empty.
    let mut cells = vec![String::from("-"); width];
    let label = format!(" {label} ");
    let cols = label.width();
    let start = width.saturating_sub(cols) / 2;
    let mut at = start;
    for c in label.chars() {
        let w = c.width().unwrap_or(0);
        if w == 0 || at + w > width {
            continue;
        }
        cells[at] = c.to_string();
        if w == 2 {
            cells[at + 1].clear();
        }
        at += w;
    }
    // The columns between the label and the far line (before it, pointing left).
    let room = if right { width.saturating_sub(start + cols) } else { start };
    // A lost one leaves the last few of them empty, and ends at an X.
    let gap = if lost { (width / 6).max(2).min(room.saturating_sub(1)) } else { 0 };
    let (tip, head) = if right { (width - 1 - gap, ">") } else { (gap, "<") };
    let empty = if right { tip + 1..width } else { 0..tip };
    cells[empty].iter_mut().for_each(|c| *c = String::from(" "));
    cells[tip] = String::from(if lost { "X" } else { head });
    // A wide character cut in two by the tip or the gap leaves a blank.
    for i in 0..width {
        let torn = if cells[i].width() == 2 {
            cells.get(i + 1).is_none_or(|n| !n.is_empty())
        } else {
            cells[i].is_empty() && (i == 0 || cells[i - 1].width() != 2)
        };
        if torn {
            cells[i] = String::from(" ");
        }
    }
    cells.concat()
}

/// Every ladder of the run: its pings', then its sessions' (in the order they ran).
fn all(sim: &Sim, events: &[Kept], words: &Words) -> Vec<Ladder> {
    let mut ladders = pings(sim, events, words);
    ladders.extend(self::ladders(sim, events, words));
    ladders
}

/// A ladder as the page draws it: what it is of, its ends, the routers between them, and its
/// rows by the events they show (the page words them in its own language).
#[derive(Serialize)]
pub(crate) struct PageLadder {
    /// `ping`, `tcp` or `udp`.
    kind: &'static str,
    /// The ping's or the session's number.
    number: usize,
    /// Two sockets that connected to each other.
    both: bool,
    /// The client's (pinging host's) end and the server's: `ip:port`, a ping's `ip`.
    client: String,
    server: String,
    cnode: usize,
    snode: Option<usize>,
    /// A broadcast or multicast ping: `broadcast` or `multicast`.
    everyone: Option<&'static str>,
    /// The routers between the ends, each a time line, from the client's side.
    routers: Vec<usize>,
    rows: Vec<PageRow>,
}

/// A row of a [`PageLadder`], by the index of its event.
#[derive(Serialize)]
#[serde(untagged)]
enum PageRow {
    /// Words beside a line (`host`: a broadcast ping's host that said them).
    Side {
        i: usize,
        side: bool,
        client: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        host: Option<usize>,
    },
    /// A frame from node `from` to node `to` (none: an address nobody has), lost on the way in
    /// event `lost`.
    Arrow {
        i: usize,
        from: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        lost: Option<usize>,
    },
}

/// A ladder's end as the page shows it: `ip:port`, a ping's `ip`.
fn end((ip, port): End, ping: bool) -> String {
    if ping { ip.to_string() } else { format!("{ip}:{port}") }
}

/// Every ladder of the run for the page: the same ladders `--ladder` draws.
pub(crate) fn for_page(sim: &Sim, events: &[Kept], words: &Words) -> Vec<PageLadder> {
    all(sim, events, words)
        .into_iter()
        .map(|l| {
            let ping = matches!(l.kind, Kind::Ping { .. });
            let (kind, number, both) = match l.kind {
                Kind::Ping { number } => ("ping", number, false),
                Kind::Session { number, both } => (if l.udp { "udp" } else { "tcp" }, number, both),
            };
            let rows = l
                .rows
                .iter()
                .map(|r| match *r {
                    Row::Side { i, client, host, .. } => PageRow::Side { i, side: true, client, host },
                    Row::Arrow { i, from, to, lost, .. } => PageRow::Arrow { i, from, to, lost },
                })
                .collect();
            PageLadder {
                kind,
                number,
                both,
                client: end(l.client, ping),
                server: end(l.server, ping),
                cnode: l.cnode,
                snode: l.snode,
                everyone: l.everyone.as_ref().map(|(_, group)| *group),
                routers: l.routers(sim),
                rows,
            }
        })
        .collect()
}

/// Writes the ladder of every session of the run (in the order they ran) to `out`; a run
/// without one says so.
pub(crate) fn write(out: &mut dyn Write, sim: &Sim, events: &[Kept], words: &Words) -> io::Result<()> {
    let l = words.lang;
    let lost = t_in!(l, "ladder-lost");
    let ladders = all(sim, events, words);
    if ladders.is_empty() {
        writeln!(out, "\n{}", t_in!(l, "ladder-none"))?;
    }
    for ladder in &ladders {
        let name = |n: Option<usize>| node_name(sim, n);
        let (cname, sname) = (
            name(Some(ladder.cnode)),
            ladder.everyone.as_ref().map_or(name(ladder.snode), |(e, _)| e.as_str()),
        );
        // The lines: the client's, each router's on the way, the server's.
        let routers = ladder.routers(sim);
        let last = routers.len() + 1;
        let line_of = |n: Option<usize>| match n {
            Some(n) if n == ladder.cnode => 0,
            Some(n) => routers.iter().position(|&r| r == n).map_or(last, |k| k + 1),
            None => last,
        };
        let label = |label: &str, ttl: Option<u8>| match ttl {
            Some(ttl) if !routers.is_empty() => format!("{label} ttl={ttl}"),
            _ => label.to_string(),
        };
        // The client's column: as wide as its widest words (a lost arrow's note included).
        let left = ladder
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Side { client: true, text, .. } => Some(text.width()),
                Row::Arrow { from, to, lost: Some(_), .. } if line_of(*to) < line_of(Some(*from)) => {
                    Some(lost.width())
                }
                _ => None,
            })
            .chain([cname.width()])
            .max()
            .unwrap_or(0);
        let labels = ladder.rows.iter().filter_map(|r| match r {
            Row::Arrow { label: l, ttl, .. } => Some(label(l, *ttl).width()),
            _ => None,
        });
        // Each gap between two lines (narrower with routers: there are more of them).
        let width = labels.max().unwrap_or(0).max(24) + if routers.is_empty() { 12 } else { 6 };
        writeln!(out, "\n{}", ladder.title)?;
        // The time column is as wide as the latest time (keepalive's probes come hours in).
        let latest = ladder.rows.iter().map(|r| match r {
            Row::Side { time, .. } | Row::Arrow { time, .. } => *time,
        });
        let tw = format!("{:.6}", latest.max().unwrap_or(0) as f64 / 1e9).len().max(10);
        // The heading: the client's name left of its line, each router's over its own, the
        // server's right of its line.
        let mut heading = format!("{} ", right(cname, left));
        for (k, &r) in routers.iter().enumerate() {
            let n = name(Some(r));
            let at = (left + 1 + (k + 1) * (width + 1)).saturating_sub(n.width() / 2);
            heading += &" ".repeat(at.saturating_sub(heading.width()).max(1));
            heading += n;
        }
        let at = left + 1 + last * (width + 1) + 2;
        heading += &" ".repeat(at.saturating_sub(heading.width()).max(1));
        heading += sname;
        writeln!(out, "{}  {heading}", right(&t_in!(l, "sim-col-time"), tw))?;
        let blank = |from: usize, to: usize| {
            (from..to).map(|_| format!("{}|", " ".repeat(width))).collect::<String>()
        };
        for r in &ladder.rows {
            let (t, line) = match r {
                Row::Side { time, client: true, text, .. } => {
                    (time, format!("{} |{}", right(text, left), blank(0, last)))
                }
                Row::Side { time, client: false, text, .. } => {
                    (time, format!("{} |{} {text}", " ".repeat(left), blank(0, last)))
                }
                Row::Arrow { time, from, to, label: l, ttl, lost: lost_at, .. } => {
                    let is_lost = lost_at.is_some();
                    let (a, b) = (line_of(Some(*from)), line_of(*to));
                    let (lo, hi) = (a.min(b), a.max(b));
                    if lo == hi {
                        continue;
                    }
                    // Across every gap from one line to the other.
                    let span = (hi - lo) * (width + 1) - 1;
                    let drawn = arrow(&label(l, *ttl), span, a < b, is_lost);
                    // A lost one's note at the end that never got it.
                    let (at_client, at_server) = match (is_lost, a < b) {
                        (true, true) => ("", format!(" {lost}")),
                        (true, false) => (lost.as_str(), String::new()),
                        _ => ("", String::new()),
                    };
                    let row = format!("{}{drawn}|{}", blank(0, lo), blank(hi, last));
                    (time, format!("{} |{row}{at_server}", right(at_client, left)))
                }
            };
            writeln!(out, "{:>tw$.6}  {}", *t as f64 / 1e9, line.trim_end())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::arrow;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn arrows_point_their_way_and_a_lost_one_stops_short() {
        assert_eq!(arrow("SYN", 13, true, false), "---- SYN --->");
        assert_eq!(arrow("SYN", 13, false, false), "<--- SYN ----");
        let lost = arrow("SYN", 13, true, true);
        assert_eq!(lost, "---- SYN -X  ");
        assert_eq!(arrow("SYN", 13, false, true), "  X- SYN ----");
        // A label longer than the arrow is cut, never a panic.
        assert_eq!(arrow("a long label", 6, true, true).chars().count(), 6);
        assert_eq!(arrow("", 1, false, true).chars().count(), 1);
        // A Chinese label takes two columns a character: the arrow is as wide as asked.
        assert_eq!(arrow("回显请求 seq 1", 24, true, false), "---- 回显请求 seq 1 --->");
        for width in 1..30 {
            for (right, lost) in [(true, false), (false, false), (true, true), (false, true)] {
                assert_eq!(arrow("ICMP 回显请求 seq 1", width, right, lost).width(), width, "{width}");
            }
        }
    }
}
