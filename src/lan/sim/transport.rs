//! The transport layer of the simulated hosts: TCP connections ([`Conn`]) and UDP sockets,
//! and the two applications that use them, the course's upper-casing echo server and a
//! client that sends its messages one by one, reads each echo back, and closes.

use std::net::Ipv4Addr;
use std::rc::Rc;

use super::{Ev, Observer, Sim, Step};
use crate::lan::event::{AckEvent, Call, Event, Holder, Snippet, TimerEvent};
use crate::lan::tcp::{self as tcp_sm, Cause, Conn, Output, State, Timer};
use crate::lan::wire::{icmp, ipv4, tcp, udp};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// How long a UDP client waits for an echo before it gives up.
pub const UDP_WAIT_NS: u64 = 1_000_000_000;
/// The most data a UDP datagram carries over IPv4: 65,535 bytes less the IPv4 and UDP
/// headers (a longer sendto fails with EMSGSIZE on Linux).
pub const MAX_DATAGRAM: usize = 65_535 - 20 - 8;
/// The first ephemeral port a client takes (Linux's range starts at 32768).
pub const FIRST_PORT: u16 = 40_000;

/// A connection's (local, remote) address and port.
type Endpoints = ((Ipv4Addr, u16), (Ipv4Addr, u16));

/// Every socket of every node, and the settings they share.
#[derive(Debug)]
pub struct Transport {
    /// TCP connections, each with its node and application.
    pub conns: Vec<ConnOf>,
    /// Each connection's timer, as the queue knows it (apart from the connections: a timer
    /// that fires for nothing, a retransmission timeout long since cancelled, finds so without
    /// touching its connection).
    timers: Vec<ConnTimer>,
    /// Listening TCP sockets by (node, port): whether the echo upper-cases.
    pub listeners: FxHashMap<(usize, u16), bool>,
    /// UDP echo servers by (node, port): whether the echo upper-cases.
    pub udp_servers: FxHashMap<(usize, u16), bool>,
    /// Servers that read only this long after data arrives, by (node, port).
    pub read_delays: FxHashMap<(usize, u16), u64>,
    /// Servers that close first, after their first echo, by (node, port).
    pub close_first: rustc_hash::FxHashSet<(usize, u16)>,
    /// Servers whose connections use SO_KEEPALIVE, by (node, port).
    pub keepalive: rustc_hash::FxHashSet<(usize, u16)>,
    /// Servers that read and write length-prefixed messages, by (node, port).
    pub framed: rustc_hash::FxHashSet<(usize, u16)>,
    /// Listening sockets with a backlog (iterative servers, one connection at a time, and
    /// those whose step gives one), by (node, port): their accept queues and SYN cookies.
    backlogs: FxHashMap<(usize, u16), Listening>,
    /// Listening sockets that set SO_REUSEADDR, by (node, port).
    pub reuseaddr: rustc_hash::FxHashSet<(usize, u16)>,
    /// Bytes a framed server's connection has read that do not make a whole message yet, by
    /// connection.
    pending: FxHashMap<usize, Vec<u8>>,
    /// Connections neither CLOSED nor in TIME-WAIT, by (local, remote) address and port: a
    /// few at a time, however many connections a run makes.
    active: FxHashMap<Endpoints, usize>,
    /// Connections in TIME-WAIT, by node, then by (local, remote) address and port. A run of
    /// all pairs ends with tens of thousands: apart, by node, they keep `active` small, and
    /// each node's few hundred are found without searching everybody's.
    time_wait: Vec<FxHashMap<Endpoints, usize>>,
    /// Each node's connection last found or opened: a connection's segments come one after
    /// another.
    last_active: Vec<Option<(Endpoints, usize)>>,
    /// UDP clients waiting for an echo, by (node, port): their session.
    udp_waiting: FxHashMap<(usize, u16), usize>,
    /// The clients' sessions, in the order they run.
    pub sessions: Vec<Session>,
    /// The MSS every SYN offers.
    pub mss: u16,
    /// The maximum segment lifetime (TIME-WAIT lasts twice this).
    pub msl_ns: u64,
    /// The seed of the initial sequence numbers.
    pub seed: u64,
    /// Acknowledge as Linux does (delayed, piggy-backed) rather than at once.
    pub linux: bool,
    next_port: u16,
    /// Ports client sockets bound, by (node, port): an ephemeral port skips them.
    bound: rustc_hash::FxHashSet<(usize, u16)>,
    /// Server ends a session had before its `server_conn`, as (session, connection), in the
    /// order they were replaced: one dropped in its handshake (its listener restarted, say)
    /// whose client's retried SYN then made another. Rare, so a list.
    earlier_servers: Vec<(usize, usize)>,
}

impl Transport {
    /// Node `node`'s connection with these endpoints, if it is not CLOSED.
    fn find_active(&mut self, node: usize, key: Endpoints) -> Option<usize> {
        if let Some(Some((k, ci))) = self.last_active.get(node)
            && *k == key
        {
            return Some(*ci);
        }
        let ci = match self.active.get(&key).copied().filter(|ci| self.conns[*ci].node == node) {
            Some(ci) => ci,
            None => self.time_wait.get(node).and_then(|m| m.get(&key)).copied()?,
        };
        self.remember_active(node, key, ci);
        Some(ci)
    }

    /// The backlog of the iterative server on `port` of `node`, if its accept queue is full
    /// (more than the backlog wait: Linux's `sk_acceptq_is_full`).
    fn queue_full(&self, node: usize, port: u16) -> Option<u32> {
        if self.backlogs.is_empty() {
            return None;
        }
        let it = self.backlogs.get(&(node, port))?;
        (it.queue.len() > it.backlog as usize).then_some(it.backlog)
    }

    /// The handshakes half-open (SYN-RECEIVED) on the listening socket at `port` of `node`,
    /// and its backlog, if they are more than the backlog: a SYN then gets a SYN cookie
    /// (Linux's `inet_csk_reqsk_queue_is_full`; this machine's kernel keeps N + 1 requests
    /// with a backlog of N, then sends cookies).
    fn wants_cookie(&self, node: usize, port: u16) -> Option<(usize, u32)> {
        if self.backlogs.is_empty() {
            return None;
        }
        let it = self.backlogs.get(&(node, port))?;
        let half_open = (self.active.values().map(|&ci| &self.conns[ci]))
            .filter(|c| c.node == node && c.session.is_none() && c.conn.local.1 == port)
            .filter(|c| c.conn.state == State::SynReceived)
            .count();
        (half_open > it.backlog as usize).then_some((half_open, it.backlog))
    }

    /// The SYN cookie that `seg`, for the listening socket at `ends.0` of `node` from
    /// `ends.1`, returns, if it does: an ACK (no SYN, no RST) with the sequence number after
    /// the client's ISN and the acknowledgment number after the cookie, in the minute the
    /// cookie was sent or the next.
    fn returned_cookie(&self, node: usize, ends: Endpoints, seg: &tcp::Repr, now: u64) -> Option<Cookie> {
        if self.backlogs.is_empty() || !completes_handshake(seg) {
            return None;
        }
        let c = *self.backlogs.get(&(node, ends.0.1))?.cookies.get(&ends)?;
        let valid = seg.ack == c.iss.wrapping_add(1)
            && seg.seq == c.client_isn.wrapping_add(1)
            && now / MINUTE_NS - c.minute < 2;
        valid.then_some(c)
    }

    /// Whether server connection `ci` of `node` waits in its iterative server's accept queue
    /// (its application has not accepted it, so it reads nothing).
    fn unaccepted(&self, node: usize, ci: usize) -> bool {
        let c = &self.conns[ci];
        !self.backlogs.is_empty()
            && c.session.is_none()
            && !c.closed
            && (self.backlogs.get(&(node, c.conn.local.1)))
                .is_some_and(|it| it.iterative && it.serving != Some(ci))
    }

    /// What holds `port` of `node` for a new socket of its protocol, if anything: a listening
    /// socket, an open connection, one in TIME-WAIT (TCP), or a bound socket (UDP). A socket
    /// with SO_REUSEADDR (`reuseaddr`) goes through a connection whose socket set it too, as
    /// on Linux (checked there: with it on one socket only, bind() fails).
    fn port_holder(&self, node: usize, port: u16, udp: bool, reuseaddr: bool) -> Option<Holder> {
        if udp {
            let taken =
                self.udp_servers.contains_key(&(node, port)) || self.udp_waiting.contains_key(&(node, port));
            return taken.then_some(Holder::Udp);
        }
        let on_port = |ci: &usize| {
            let c = &self.conns[*ci];
            c.conn.local.1 == port && !(reuseaddr && c.reuseaddr)
        };
        if self.listeners.contains_key(&(node, port)) {
            Some(Holder::Listener)
        } else if self.active.values().any(|ci| self.conns[*ci].node == node && on_port(ci)) {
            Some(Holder::Connection)
        } else if self.time_wait.get(node).is_some_and(|m| m.values().any(on_port)) {
            Some(Holder::TimeWait)
        } else {
            None
        }
    }

    /// The session whose client, at `client` and connecting to `server`, closed its
    /// connection before the server took its SYN (a non-blocking connect() closed at once):
    /// the latest such session with no server end yet. Rare, so a scan.
    #[cold]
    fn gone_client(&self, client: (Ipv4Addr, u16), server: (Ipv4Addr, u16)) -> Option<usize> {
        self.sessions.iter().enumerate().rev().find_map(|(s, sess)| {
            let c = &self.conns[sess.conn?].conn;
            let gone = c.state == State::Closed && (c.local, c.remote) == (client, server);
            (gone && sess.server_conn.is_none()).then_some(s)
        })
    }

    /// Connection `ci` of `node` enters TIME-WAIT.
    fn enter_time_wait(&mut self, node: usize, key: Endpoints, ci: usize) {
        self.leave_active(key, ci);
        if self.time_wait.len() <= node {
            self.time_wait.resize_with(node + 1, FxHashMap::default);
        }
        self.time_wait[node].insert(key, ci);
    }

    fn remember_active(&mut self, node: usize, key: Endpoints, ci: usize) {
        if self.last_active.len() <= node {
            self.last_active.resize(node + 1, None);
        }
        self.last_active[node] = Some((key, ci));
    }

    /// Connection `ci` of `node` opens with these endpoints.
    fn add_active(&mut self, node: usize, key: Endpoints, ci: usize) {
        self.active.insert(key, ci);
        self.remember_active(node, key, ci);
    }

    /// Connection `ci` leaves the open connections' table (unless a newer connection with the
    /// same endpoints has its place there).
    fn leave_active(&mut self, key: Endpoints, ci: usize) {
        if self.active.get(&key) == Some(&ci) {
            self.active.remove(&key);
        }
    }

    /// Connection `ci` of `node` is CLOSED.
    fn remove_active(&mut self, node: usize, key: Endpoints, ci: usize) {
        self.leave_active(key, ci);
        if let Some(m) = self.time_wait.get_mut(node)
            && m.get(&key) == Some(&ci)
        {
            m.remove(&key);
        }
        if let Some(last) = self.last_active.get_mut(node)
            && last.is_some_and(|(k, c)| k == key && c == ci)
        {
            *last = None;
        }
    }
}

impl Default for Transport {
    fn default() -> Self {
        Transport {
            conns: Vec::new(),
            timers: Vec::new(),
            listeners: FxHashMap::default(),
            udp_servers: FxHashMap::default(),
            active: FxHashMap::default(),
            time_wait: Vec::new(),
            last_active: Vec::new(),
            read_delays: FxHashMap::default(),
            close_first: Default::default(),
            keepalive: Default::default(),
            framed: Default::default(),
            backlogs: Default::default(),
            reuseaddr: Default::default(),
            pending: FxHashMap::default(),
            udp_waiting: FxHashMap::default(),
            sessions: Vec::new(),
            mss: tcp_sm::DEFAULT_MSS,
            msl_ns: 30_000_000_000,
            seed: 1,
            linux: false,
            next_port: FIRST_PORT,
            bound: Default::default(),
            earlier_servers: Vec::new(),
        }
    }
}

/// A listening socket with a backlog: an iterative server's (the course's server loop, which
/// accepts one connection, serves it to its end, then accepts the next), or one whose step
/// gives a backlog.
#[derive(Debug, Default)]
struct Listening {
    /// An iterative server's: its connections wait in the accept queue while it serves
    /// another (else the server takes each at once, and the queue stays empty).
    iterative: bool,
    /// listen()'s backlog: the accept queue is full once more than this many wait (Linux's
    /// `sk_acceptq_is_full`).
    backlog: u32,
    /// Connections whose handshake is done, waiting for accept(), oldest first.
    queue: std::collections::VecDeque<usize>,
    /// The connection being served.
    serving: Option<usize>,
    /// The SYN cookies it sent, by the connection's (local, remote) ends, until one comes
    /// back.
    cookies: FxHashMap<Endpoints, Cookie>,
}

/// What a SYN cookie codes: Linux hashes the ends, a minute counter and the client's MSS
/// (one of [`COOKIE_MSS`]) into the SYN+ACK's sequence number, and recomputes the hash when
/// an ACK returns it; the simulator keeps them instead, to the same effect.
#[derive(Debug, Clone, Copy)]
struct Cookie {
    /// The SYN+ACK's sequence number (the cookie).
    iss: u32,
    /// The client's ISN (its SYN's sequence number).
    client_isn: u32,
    /// The MSS the cookie codes for the client.
    mss: u16,
    /// The minute it was sent in (Linux's `tcp_cookie_time`).
    minute: u64,
}

/// The MSS values a SYN cookie can code (Linux's `msstab` for IPv4): a client's MSS becomes
/// the largest of them it reaches (the least, if it reaches none).
const COOKIE_MSS: [u16; 4] = [536, 1300, 1440, 1460];

/// A minute of virtual time: a cookie is good in the minute it was sent and the next
/// (Linux's `MAX_SYNCOOKIE_AGE`).
const MINUTE_NS: u64 = 60_000_000_000;

/// Whether `seg` may complete a handshake at the server: an ACK (alone or with data or a
/// FIN), no SYN, no RST.
fn completes_handshake(seg: &tcp::Repr) -> bool {
    seg.flags.ack && !seg.flags.syn && !seg.flags.rst
}

/// The MSS a SYN cookie codes for a client that offered `offered`.
fn cookie_mss(offered: Option<u16>) -> u16 {
    let offered = offered.unwrap_or(COOKIE_MSS[0]);
    COOKIE_MSS.into_iter().rev().find(|&m| offered >= m).unwrap_or(COOKIE_MSS[0])
}

/// A TCP connection of a node, and what the application on it does.
#[derive(Debug)]
pub struct ConnOf {
    /// The node.
    pub node: usize,
    /// The connection.
    pub conn: Conn,
    /// The session it serves, if it is a client's.
    pub session: Option<usize>,
    /// The server's application upper-cases its echo.
    upper: bool,
    /// The application has called close.
    closed: bool,
    /// How long the application waits before it reads (a slow reader).
    read_delay: u64,
    /// The server's application reads and writes length-prefixed messages.
    framed: bool,
    /// Its socket has SO_REUSEADDR (from the listening socket that accepted it).
    reuseaddr: bool,
    /// A server's socket error (Linux's sk_err), set when its connection ended under an
    /// application that had not closed it (a reset, a broken pipe, a time-out): its echo
    /// server's next call gets it. Client sessions keep theirs in [`Session`].
    error: Option<Outcome>,
}

/// When a connection's timer event is queued for, and when its next deadline is (`NEVER`:
/// none); the deadline is the connection's [`Conn::next_deadline`] as of its last event.
#[derive(Debug, Clone, Copy)]
struct ConnTimer {
    scheduled: u64,
    deadline: u64,
}

const NEVER: u64 = u64::MAX;

impl ConnTimer {
    const NONE: ConnTimer = ConnTimer { scheduled: NEVER, deadline: NEVER };
}

/// A TCP socket call of connection `ci` of `node`, as an event (a TCP socket names its
/// connection, not a UDP port).
fn tcp_call(node: usize, ci: usize, call: Call) -> Event {
    Event::Socket { node, conn: Some(ci), udp_port: None, call }
}

/// The failed call that reports socket error `e` (a reset, a broken pipe, a time-out).
fn error_call(e: Outcome) -> Call {
    match e {
        Outcome::BrokenPipe => Call::BrokenPipe { reset: true },
        Outcome::TimedOut => Call::TimedOut,
        _ => Call::Reset,
    }
}

/// A call on the UDP socket bound to `port` of `node`, as an event (a UDP socket has no
/// connection to name it by: its port names it).
fn udp_call(node: usize, port: u16, call: Call) -> Event {
    Event::Socket { node, conn: None, udp_port: Some(port), call }
}

/// A message with its 2-byte big-endian length before it.
fn frame_message(msg: &[u8]) -> Vec<u8> {
    let len = u16::try_from(msg.len()).unwrap_or(u16::MAX);
    let mut out = Vec::with_capacity(msg.len() + 2);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&msg[..usize::from(len)]);
    out
}

/// Takes the whole length-prefixed messages off the front of `buf`.
fn take_messages(buf: &mut Vec<u8>) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while buf.len() - at >= 2 {
        let len = usize::from(u16::from_be_bytes([buf[at], buf[at + 1]]));
        if buf.len() - at - 2 < len {
            break;
        }
        out.push(buf[at + 2..at + 2 + len].to_vec());
        at += 2 + len;
    }
    buf.drain(..at);
    out
}

/// send() of `data`, as the trace shows it.
fn send(data: &[u8]) -> Call {
    Call::Send { len: data.len(), data: Snippet::new(data) }
}

/// recv() of `data` (nothing: the end of file), as the trace shows it.
fn recv(data: &[u8]) -> Call {
    Call::Recv { len: data.len(), data: Snippet::new(data) }
}

/// A whole length-prefixed message, as the trace shows it.
fn message(data: &[u8]) -> Call {
    Call::Message { len: data.len(), data: Snippet::new(data) }
}

/// What is left of a length-prefixed stream after its whole messages were taken (`rest`), if
/// anything: part of a message, for which the reader waits.
fn partial(rest: &[u8]) -> Option<Call> {
    let prefix = rest.get(..2).unwrap_or(rest);
    let need = rest.get(..2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
    (!rest.is_empty()).then(|| Call::Partial { have: rest.len(), need, prefix: Snippet::new(prefix) })
}

/// One client's exchange: connect (or the first datagram), each message and its echo, close.
#[derive(Debug, Clone)]
pub struct Session {
    /// The client node.
    pub client: usize,
    /// The server's address and port.
    pub server: (Ipv4Addr, u16),
    /// UDP rather than TCP.
    pub udp: bool,
    /// The messages, in order (shared by the sessions that send the same: all pairs).
    pub messages: Rc<Vec<Vec<u8>>>,
    /// The echoes read back, in order.
    pub replies: Vec<Vec<u8>>,
    /// The client's port.
    pub port: u16,
    /// Its TCP connection, once it connects.
    pub conn: Option<usize>,
    /// The server's end of it, once the server accepts.
    pub server_conn: Option<usize>,
    /// How it ended, once it has.
    pub outcome: Option<Outcome>,
    got: Vec<u8>,
    /// The step to run when the session ends.
    after: Option<u32>,
    /// How the client uses its socket.
    pub mode: Mode,
    /// The client's socket has SO_KEEPALIVE.
    pub keepalive: bool,
    /// Each message goes with its 2-byte length before it, and echoes are read as whole
    /// messages (the fix for sticky packets).
    pub framed: bool,
    /// Nagle's algorithm on the client's socket (off: TCP_NODELAY, as netcalc's echo pair).
    pub nagle: bool,
    /// connect() returns at once (a non-blocking socket: EINPROGRESS), and the next step runs
    /// while the handshake goes on.
    pub nonblocking: bool,
    /// A `Manual` session's recv waits: the step that follows when data comes.
    waiting: Option<u32>,
    /// A `Manual` UDP session's datagrams not read yet.
    inbox: std::collections::VecDeque<Vec<u8>>,
    /// How many of its messages a UDP session has sent (one datagram each, in order).
    datagrams_sent: u32,
    /// A `Manual` TCP session's pending socket error (Linux's sk_err): a reset (ECONNRESET),
    /// a reset after the peer's FIN (EPIPE) or a time-out, set when its connection ended so,
    /// reported by its next call.
    error: Option<Outcome>,
    /// SO_REUSEADDR on the client's socket: its bind() goes through a port that a connection
    /// made with it holds (its connect() then fails if that connection had the same ends).
    pub reuseaddr: bool,
    /// A `Manual` session's shutdown(write) dropped its connect() in progress (Linux's
    /// tcp_disconnect): the socket is not connected, and the ECONNRESET that leaves is
    /// pending while this is `Some(true)`, reported (by the next call) once `Some(false)`.
    dropped: Option<bool>,
}

/// How a client session uses its socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Send a message, read its echo, then the next; close at the end.
    #[default]
    OneByOne,
    /// Send every message at once, then read until all came back, then close.
    Burst,
    /// Send every message, then shut down writing (FIN) at once, and read the echoes that still
    /// come after it: a half-close.
    HalfClose,
    /// One by one, and then stay connected without a word (the next step runs meanwhile).
    KeepOpen,
    /// Connect only: the lab's `call` steps send, receive, shut down and close, one call
    /// each.
    Manual,
}

/// One socket call of a `Manual` session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SockCall {
    /// send() the session's message with this index.
    Send(usize),
    /// recv(): what has arrived (waits until something has, or the peer's FIN).
    Recv,
    /// shutdown(SHUT_WR): FIN after the data; reading goes on.
    Shutdown,
    /// close().
    Close,
}

/// How a client's session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every message came back as the server should send it.
    Echoed,
    /// An echo differed from what was expected.
    Mismatch,
    /// Connection refused: a RST, or ICMP port unreachable.
    Refused,
    /// No answer before the retries ran out.
    TimedOut,
    /// An ICMP destination unreachable came back about the SYN: connect() failed.
    Unreachable,
    /// Closed with no echo to check: the peer was another client, not an echo server (the
    /// two connected to each other), the application closed before the handshake was done,
    /// or (a lab's socket calls) it closed before reading the whole echo, and what it read
    /// was right.
    Closed,
    /// bind() of the port the socket asked for failed, "address already in use": nothing was
    /// sent.
    AddrInUse,
    /// connect() failed with "cannot assign requested address": the socket bound its port
    /// with SO_REUSEADDR, but a connection with the same ends (its port, the server's address
    /// and port) is still there, in TIME-WAIT or open. Nothing was sent.
    AddrNotAvail,
    /// Connection reset by peer: a RST on the open connection (the peer closed with data it
    /// had not read, or data reached it after it closed).
    Reset,
    /// Broken pipe: a RST after the peer's FIN, while the application had not closed (the
    /// peer had closed, and reset when more data reached it; Linux's EPIPE).
    BrokenPipe,
}

impl Session {
    /// The bytes a UDP session has sent: its messages that went out as datagrams (lost or
    /// not), not those it never sent (it gave up waiting for an echo first, or its bind()
    /// failed).
    ///
    /// ```
    /// let text = include_str!("../../../data/labs/udp-echo.toml");
    /// let mut sim = netcalc::lan::lab::parse(text).unwrap().sim;
    /// sim.run(&mut netcalc::lan::sim::Quiet);
    /// let sent: Vec<u64> = sim.transport.sessions.iter().map(|s| s.udp_bytes_sent()).collect();
    /// assert_eq!(sent, [5, 5], "the second's one datagram was lost, but sent");
    /// ```
    pub fn udp_bytes_sent(&self) -> u64 {
        let sent = self.messages.iter().take(self.datagrams_sent as usize);
        sent.map(|m| m.len() as u64).sum()
    }

    /// Keeps an echo read back (room for as many as there are messages, and no more: a run
    /// of all pairs keeps 89,700 sessions).
    fn reply(&mut self, r: Vec<u8>) {
        if self.replies.capacity() == 0 {
            self.replies.reserve_exact(self.messages.len().max(1));
        }
        self.replies.push(r);
    }

    /// The session's messages as the echo server sends them back (upper-cased or not).
    fn echo(&self, upper: bool) -> impl Iterator<Item = u8> + '_ {
        self.messages.iter().flatten().map(move |b| echo_byte(b, upper))
    }

    /// Whether everything sent came back, as the server sends it (in whatever pieces).
    fn echoed(&self, upper: bool) -> bool {
        // Mostly one echo for each message: compared pair by pair.
        if self.messages.len() == self.replies.len()
            && self.messages.iter().zip(&self.replies).all(|(m, r)| m.len() == r.len())
        {
            return (self.messages.iter().zip(&self.replies))
                .all(|(m, r)| m.iter().map(|b| echo_byte(b, upper)).eq(r.iter().copied()));
        }
        self.echo(upper).eq(self.replies.iter().flatten().copied())
    }

    /// Whether what was read is the start of the echo, but not all of it: the application
    /// closed before it read the rest (a lab's socket calls), and nothing it read differs.
    fn read_part_of_echo(&self, upper: bool) -> bool {
        let read: usize = self.replies.iter().map(Vec::len).sum();
        let total: usize = self.messages.iter().map(Vec::len).sum();
        read < total && self.echo(upper).take(read).eq(self.replies.iter().flatten().copied())
    }
}

/// Byte `b` as the echo server sends it back.
fn echo_byte(b: &u8, upper: bool) -> u8 {
    if upper { b.to_ascii_uppercase() } else { *b }
}

/// splitmix64's mixing step.
fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The initial sequence number of a connection from `local` to `remote` opened at `now_ns`,
/// as RFC 6528 and Linux (`secure_tcp_seq`) make it: a keyed hash of the two ends (the seed is
/// the key, so a run is the same every time) plus a clock that ticks every 64 ns. A new
/// connection between the same ends starts beyond the old one's numbers, which is what lets
/// an end in TIME-WAIT take its SYN.
fn isn(seed: u64, local: (Ipv4Addr, u16), remote: (Ipv4Addr, u16), now_ns: u64) -> u32 {
    let ips = u64::from(u32::from(local.0)) << 32 | u64::from(u32::from(remote.0));
    let ports = u64::from(local.1) << 16 | u64::from(remote.1);
    let key = mix(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ mix(ips) ^ ports);
    (key as u32).wrapping_add((now_ns >> 6) as u32)
}

impl Sim {
    /// Adds a client session (run by a [`Step::Session`] step); returns its index.
    pub fn add_session(
        &mut self,
        client: usize,
        server: (Ipv4Addr, u16),
        udp: bool,
        messages: impl Into<Rc<Vec<Vec<u8>>>>,
    ) -> usize {
        let t = &mut self.transport;
        let mut port = t.next_port;
        // A port this node's sockets bound is not free (the set is empty but in a lab that
        // binds), and an ephemeral port wraps round to the first.
        while !t.bound.is_empty() && t.bound.contains(&(client, port)) {
            port = port.wrapping_add(1).max(FIRST_PORT);
        }
        t.next_port = port.wrapping_add(1).max(FIRST_PORT);
        t.sessions.push(Session {
            client,
            server,
            udp,
            messages: messages.into(),
            replies: Vec::new(),
            port,
            conn: None,
            server_conn: None,
            outcome: None,
            got: Vec::new(),
            after: None,
            mode: Mode::OneByOne,
            keepalive: false,
            framed: false,
            nagle: false,
            nonblocking: false,
            waiting: None,
            inbox: Default::default(),
            datagrams_sent: 0,
            error: None,
            reuseaddr: false,
            dropped: None,
        });
        t.sessions.len() - 1
    }

    /// The session of session `s`'s peer, when the peer is another client that connected to
    /// it (a simultaneous open) rather than a server that accepted it.
    ///
    /// ```
    /// let text = include_str!("../../../data/labs/simultaneous-open.toml");
    /// let mut sim = netcalc::lan::lab::parse(text).unwrap().sim;
    /// sim.run(&mut netcalc::lan::sim::Quiet);
    /// assert_eq!((sim.peer_session(0), sim.peer_session(1)), (Some(1), Some(0)));
    /// ```
    pub fn peer_session(&self, s: usize) -> Option<usize> {
        let peer = self.transport.sessions.get(s)?.server_conn?;
        self.transport.conns[peer].session
    }

    /// The server ends that session `s` had before its `server_conn`, oldest first: an end
    /// dropped during its handshake (its listening socket closed, its SYN+ACK lost) is
    /// made again by the client's next SYN, a new socket on the server.
    ///
    /// ```
    /// // B's SYN+ACK is lost and its server restarts: A's next SYN makes a new end.
    /// let text = r#"
    /// [[switch]]
    /// name = "S1"
    /// [[host]]
    /// name = "A"
    /// ip = "192.168.1.1/24"
    /// link = "S1"
    /// [[host]]
    /// name = "B"
    /// ip = "192.168.1.2/24"
    /// link = "S1"
    /// [[lose]]
    /// connection = 1
    /// segment = 2
    /// [[step]]
    /// listen = "B:8002"
    /// [[step]]
    /// connect = "A -> B:8002"
    /// nonblocking = true
    /// socket = "s"
    /// [[step]]
    /// wait = 0.5
    /// [[step]]
    /// restart = "B:8002"
    /// "#;
    /// let mut sim = netcalc::lan::lab::parse(text).unwrap().sim;
    /// sim.run(&mut netcalc::lan::sim::Quiet);
    /// let earlier: Vec<usize> = sim.earlier_server_ends(0).collect();
    /// assert_eq!(earlier.len(), 1);
    /// let first = &sim.transport.conns[earlier[0]].conn;
    /// assert_eq!(first.state, netcalc::lan::tcp::State::Closed);
    /// let last = sim.transport.sessions[0].server_conn.unwrap();
    /// assert_eq!(sim.transport.conns[last].conn.state, netcalc::lan::tcp::State::Established);
    /// ```
    pub fn earlier_server_ends(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        (self.transport.earlier_servers.iter()).filter(move |(k, _)| *k == s).map(|(_, ci)| *ci)
    }

    /// Session `s`'s client socket binds `port` before it connects, rather than taking the
    /// next ephemeral port (which goes back, if `s` was the last to take one); later sessions
    /// of its node take no ephemeral port it bound.
    ///
    /// ```
    /// use netcalc::lan::sim::{Config, Sim};
    /// let mut sim = Sim::new(&Config::default()).unwrap();
    /// let server = ([192, 168, 1, 2].into(), 8002);
    /// let a = sim.add_session(0, server, false, vec![b"hi".to_vec()]);
    /// sim.bind_session(a, 5000);
    /// let b = sim.add_session(0, server, false, vec![b"hi".to_vec()]);
    /// let ports = (sim.transport.sessions[a].port, sim.transport.sessions[b].port);
    /// assert_eq!(ports, (5000, 40000));
    /// // b binds 40001 instead, giving 40000 back; a bound port is not taken again.
    /// sim.bind_session(b, 40001);
    /// let c = sim.add_session(0, server, false, vec![b"hi".to_vec()]);
    /// let d = sim.add_session(0, server, false, vec![b"hi".to_vec()]);
    /// let ports = (sim.transport.sessions[c].port, sim.transport.sessions[d].port);
    /// assert_eq!(ports, (40000, 40002));
    /// ```
    pub fn bind_session(&mut self, s: usize, port: u16) {
        let t = &mut self.transport;
        let last = s + 1 == t.sessions.len();
        if let Some(sess) = t.sessions.get_mut(s) {
            if last && sess.port.wrapping_add(1).max(FIRST_PORT) == t.next_port {
                t.next_port = sess.port;
            }
            sess.port = port;
            t.bound.insert((sess.client, port));
        }
    }

    fn isn_for(&self, local: (Ipv4Addr, u16), remote: (Ipv4Addr, u16)) -> u32 {
        isn(self.transport.seed, local, remote, self.now)
    }

    /// Starts session `s`; step `after` follows when it ends.
    pub(super) fn start_session(&mut self, s: usize, after: usize, obs: &mut dyn Observer) {
        let now = self.now;
        let sess = &mut self.transport.sessions[s];
        sess.after = u32::try_from(after).ok();
        let (node, (ip, port), udp) = (sess.client, sess.server, sess.udp);
        let local = self.client_end(s);
        // A socket that binds its own port first: bind() fails while another socket holds
        // it, even a connection in TIME-WAIT (unless both set SO_REUSEADDR), and the
        // application gives up.
        let bound = !self.transport.bound.is_empty() && self.transport.bound.contains(&(node, local.1));
        let reuseaddr = self.transport.sessions[s].reuseaddr;
        if let Some(held_by) =
            bound.then(|| self.transport.port_holder(node, local.1, udp, reuseaddr)).flatten()
        {
            if self.tracing {
                let call = Call::AddrInUse { port: local.1, held_by, reuseaddr, server: false };
                self.emit(obs, Event::Socket { node, conn: None, udp_port: udp.then_some(local.1), call });
            }
            self.end_session(s, Outcome::AddrInUse);
            return;
        }
        // Through bind() by SO_REUSEADDR, connect() still needs ends no connection has
        // (Linux's __inet_check_established: a TIME-WAIT one gives way only to a socket using
        // TCP timestamps, which the simulator does not send).
        if bound
            && !udp
            && let Some(held) = self.transport.find_active(node, (local, (ip, port)))
        {
            let held_by = match self.transport.conns[held].conn.state {
                State::TimeWait => Holder::TimeWait,
                _ => Holder::Connection,
            };
            if self.tracing {
                let call = Call::AddrNotAvail { local_port: local.1, ip, port, held_by };
                self.emit(obs, Event::Socket { node, conn: None, udp_port: None, call });
            }
            self.end_session(s, Outcome::AddrNotAvail);
            return;
        }
        if self.tracing {
            self.emit(
                obs,
                Event::Socket {
                    node,
                    conn: None,
                    udp_port: udp.then_some(local.1),
                    call: Call::Connect { ip, port, udp },
                },
            );
        }
        if udp {
            self.transport.udp_waiting.insert((node, local.1), s);
            if self.transport.sessions[s].mode == Mode::Manual {
                // A UDP socket with its peer set: nothing on the wire yet.
                if let Some(k) = self.transport.sessions[s].after.take().map(|k| k as usize) {
                    self.schedule(0, Ev::Step(k));
                }
            } else {
                self.udp_send_next(s, obs);
            }
            return;
        }
        let iss = self.isn_for(local, (ip, port));
        let (conn, mut out) =
            Conn::connect(local, (ip, port), iss, self.transport.mss, self.transport.msl_ns, now);
        self.transport.conns.push(ConnOf {
            node,
            conn,
            session: Some(s),
            upper: false,
            closed: false,
            read_delay: 0,
            framed: false,
            reuseaddr,
            error: None,
        });
        self.transport.timers.push(ConnTimer::NONE);
        let ci = self.transport.conns.len() - 1;
        self.transport.conns[ci].conn.set_linux(self.transport.linux);
        self.transport.conns[ci].conn.set_nagle(self.transport.sessions[s].nagle);
        self.transport.add_active(node, (local, (ip, port)), ci);
        if self.transport.sessions[s].keepalive {
            self.transport.conns[ci].conn.enable_keepalive(now);
        }
        self.transport.sessions[s].conn = Some(ci);
        // The other end connecting to us from where we connect to (a simultaneous open, if
        // the SYNs cross): each session's connection has the other for its peer.
        if let Some(&peer) = self.transport.active.get(&((ip, port), local))
            && let Some(other) = self.transport.conns[peer].session
        {
            self.transport.sessions[s].server_conn = Some(peer);
            self.transport.sessions[other].server_conn = Some(ci);
        }
        self.handle(ci, &mut out, obs);
        if self.transport.sessions[s].nonblocking {
            if self.tracing {
                self.emit(obs, tcp_call(node, ci, Call::InProgress));
            }
            if let Some(k) = self.transport.sessions[s].after.take() {
                self.schedule(0, Ev::Step(k as usize));
            }
        }
    }

    /// Runs `call` on connection `ci`, which writes what the connection asks for into an
    /// [`Output`] (too big to return by value on every segment), and handles that.
    fn conn_call(&mut self, ci: usize, call: impl FnOnce(&mut Conn, &mut Output), obs: &mut dyn Observer) {
        let mut out = Output::default();
        call(&mut self.transport.conns[ci].conn, &mut out);
        self.handle(ci, &mut out, obs);
    }

    /// Sends what a connection asked for, reports its state changes, sets its timer, and lets
    /// its application act.
    fn handle(&mut self, ci: usize, out: &mut Output, obs: &mut dyn Observer) {
        let node = self.transport.conns[ci].node;
        let msl = self.transport.msl_ns;
        // The echo server acts on data and on the client's FIN only: woken for its connection
        // being established or closed, it would find nothing to do.
        let server = self.transport.conns[ci].session.is_none();
        let mut wake = out.data > 0;
        for &(from, to, cause) in &out.changes {
            if self.tracing {
                self.emit(obs, Event::TcpState { node, conn: ci, from, to, cause });
                if to == State::TimeWait {
                    self.emit(
                        obs,
                        Event::Timer { node, conn: ci, timer: TimerEvent::TimeWaitStarts { ns: 2 * msl } },
                    );
                }
            }
            if to == State::Closed && server {
                // The echo server, blocked in recv, learns of an error at once.
                let error = self.socket_error(ci, from, cause);
                self.transport.conns[ci].error = error;
            }
            if to == State::Established && server && !self.transport.backlogs.is_empty() {
                self.enqueue(node, ci, obs);
            }
            wake |= match to {
                State::CloseWait => true,
                State::Established => !server,
                State::Closed => !server || self.transport.conns[ci].error.is_some(),
                _ => false,
            };
            if to == State::TimeWait {
                let c = &self.transport.conns[ci].conn;
                let key = (c.local, c.remote);
                self.transport.enter_time_wait(node, key, ci);
            }
            if to == State::Closed {
                if self.transport.conns[ci].framed {
                    self.transport.pending.remove(&ci);
                }
                let c = &mut self.transport.conns[ci].conn;
                c.release();
                let key = (c.local, c.remote);
                self.transport.remove_active(node, key, ci);
            }
            // The client's close returns once both FINs are through: TIME-WAIT is the kernel's
            // business, and the next session need not wait for it (as on a real host).
            if matches!(to, State::Closed | State::TimeWait) {
                self.session_closed(ci, from, cause, obs);
            }
        }
        if self.tracing && out.fin_timer {
            // After the change to FIN-WAIT-2 (always the last of its output), or alone when
            // the socket was closed in FIN-WAIT-2 after a shutdown.
            let timer = TimerEvent::FinTimeoutStarts { ns: tcp_sm::FIN_TIMEOUT_NS };
            self.emit(obs, Event::Timer { node, conn: ci, timer });
        }
        if self.tracing {
            let acks = [
                (out.ack_quick, AckEvent::Quick),
                (out.ack_delayed, AckEvent::Delayed),
                (out.ack_piggybacked, AckEvent::Piggybacked),
                (out.ack_timer_fired, AckEvent::TimerFired),
                (out.out_of_order, AckEvent::OutOfOrder),
                (out.gap_filled, AckEvent::GapFilled),
                (out.fast_retransmit, AckEvent::FastRetransmit),
                (out.syn_again, AckEvent::SynAgain),
                (out.wrong_ack_reset, AckEvent::WrongAckReset),
            ];
            for (_, ack) in acks.into_iter().filter(|(on, _)| *on) {
                self.emit(obs, Event::Ack { node, conn: ci, ack });
            }
        }
        // What Nagle holds is said after the segments that went before it.
        let held = if self.tracing { out.nagle_held } else { 0 };
        self.stats.retransmissions += out.retransmitted as u64;
        let (local, remote) = (self.transport.conns[ci].conn.local, self.transport.conns[ci].conn.remote);
        for seg in out.send.drain(..) {
            self.send_segment(node, local.0, remote.0, seg, obs);
        }
        if held > 0 {
            self.nagle_held(node, ci, held, obs);
        }
        self.arm(node, ci);
        if wake {
            let delay = self.transport.conns[ci].read_delay;
            self.schedule(delay, Ev::App { node, conn: ci });
        }
    }

    /// The trace's word that Nagle holds `held` bytes of connection `ci`: apart, so that the
    /// untraced path of `handle` stays as short as it was (inline, a quiet run took 0.6% more
    /// instructions).
    #[cold]
    #[inline(never)]
    fn nagle_held(&mut self, node: usize, ci: usize, held: usize, obs: &mut dyn Observer) {
        self.emit(obs, Event::Nagle { node, conn: ci, held });
    }

    /// At the end of a run that ended by itself, the connections' ends still open, each with
    /// its state: nothing more would happen to them (no segment on the way, no timer running).
    /// They are said at the time of the run's last event (a timer that found nothing to do
    /// may have moved the clock on since, unseen).
    pub(super) fn still_open(&mut self, obs: &mut dyn Observer) {
        let at = self.last_event_ns;
        for (ci, c) in self.transport.conns.iter().enumerate() {
            let (node, state) = (c.node, c.conn.state);
            if !matches!(state, State::Closed | State::TimeWait | State::Listen) && obs.tracing() {
                obs.event(at, Event::StillOpen { node, conn: ci, state });
            }
        }
    }

    /// A TCP segment from `src` out of `node`.
    fn send_segment(
        &mut self,
        node: usize,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        seg: tcp::Repr,
        obs: &mut dyn Observer,
    ) {
        // Events show sequence numbers relative to the ISN: kept only for them.
        if seg.flags.syn && self.tracing {
            self.isn.insert(((src, seg.src_port), (dst, seg.dst_port)), seg.seq);
        }
        self.stats.segments += 1;
        self.send_l4(node, super::IpPacket::tcp(src, dst, super::TTL, seg), obs);
    }

    /// An IPv4 packet from `node`, routed as any other.
    fn send_l4(&mut self, node: usize, packet: super::IpPacket, obs: &mut dyn Observer) {
        let dst = packet.ip().dst;
        let Some((route, next_hop, iface, mapped)) = self.route_again(node, dst) else {
            self.no_route(node, packet.ip().src, dst, obs);
            return;
        };
        self.send_packet(node, iface, route, next_hop, mapped, dst, packet, obs);
    }

    /// Makes sure a timer event is queued no later than the connection's next deadline. Lazily:
    /// a deadline that moves later (the retransmission timer re-armed by every segment) queues
    /// nothing; the event already queued finds it not due and queues the next one then. So the
    /// queue holds about one event per connection, not one per segment sent.
    fn arm(&mut self, node: usize, ci: usize) {
        let at = self.transport.conns[ci].conn.next_deadline().unwrap_or(NEVER);
        self.transport.timers[ci].deadline = at;
        self.queue_timer(node, ci);
    }

    /// Queues the timer event of connection `ci` for its deadline, unless one is queued for
    /// no later.
    fn queue_timer(&mut self, node: usize, ci: usize) {
        let t = &mut self.transport.timers[ci];
        if t.deadline != NEVER && t.deadline < t.scheduled {
            t.scheduled = t.deadline;
            let delay = t.deadline.saturating_sub(self.now);
            self.schedule(delay, Ev::TcpTimer { node, conn: ci });
        }
    }

    /// A connection's timer event fired (perhaps early: its deadline moved later).
    pub(super) fn tcp_timer(&mut self, node: usize, ci: usize, obs: &mut dyn Observer) {
        let now = self.now;
        let t = &mut self.transport.timers[ci];
        if t.scheduled <= now {
            // The event it was waiting for; a later-scheduled one is stale and changes nothing.
            t.scheduled = NEVER;
        }
        if t.deadline > now {
            self.queue_timer(node, ci);
            return;
        }
        t.scheduled = NEVER;
        let c = &mut self.transport.conns[ci];
        let mut out = Output::default();
        c.conn.on_timer_into(now, &mut out);
        if let Some(probe) = out.probe
            && self.tracing
        {
            let node = c.node;
            self.emit(obs, Event::Timer { node, conn: ci, timer: TimerEvent::KeepaliveProbe { probe } });
        } else if let Some(attempt) = out.timeout
            && self.tracing
        {
            let node = c.node;
            let next_rto_ns = match c.conn.timer {
                Some(Timer::Retransmit { rto, .. }) => rto,
                _ => 0,
            };
            self.emit(
                obs,
                Event::Timer { node, conn: ci, timer: TimerEvent::Retransmit { attempt, next_rto_ns } },
            );
        }
        self.handle(ci, &mut out, obs);
    }

    /// A TCP segment for `node`: to its connection, to a listening socket, or answered by RST.
    pub(super) fn on_tcp(&mut self, node: usize, ip: &ipv4::Repr, seg: &tcp::Repr, obs: &mut dyn Observer) {
        let (local, remote) = ((ip.dst, seg.dst_port), (ip.src, seg.src_port));
        let found = self.transport.find_active(node, (local, remote));
        let now = self.now;
        // The ISN of the connection a listener makes of a SYN: its own, or the one that an end
        // in TIME-WAIT at the same ends gives way with.
        let mut given = None;
        if let Some(ci) = found {
            let listening = seg.flags.syn && self.transport.listeners.contains_key(&(node, seg.dst_port));
            let mut out = Output::default();
            if listening && self.transport.conns[ci].conn.state == State::TimeWait {
                given = self.transport.conns[ci].conn.take_new_syn(seg, &mut out);
            }
            if given.is_none() {
                let c = &self.transport.conns[ci];
                let completes =
                    c.conn.state == State::SynReceived && c.session.is_none() && completes_handshake(seg);
                if completes && let Some(backlog) = self.transport.queue_full(node, local.1) {
                    // No room in the accept queue for the connection this ACK would complete:
                    // Linux drops it, and the request stays (tcp_abort_on_overflow off).
                    self.queue_full_drop(node, (local, remote), backlog, false, false, obs);
                    return;
                }
                self.conn_call(ci, |c, out| c.on_segment_into(seg, now, out), obs);
                return;
            }
            self.handle(ci, &mut out, obs);
        }
        let listener = self.transport.listeners.get(&(node, seg.dst_port)).copied();
        let syn = seg.flags.syn && !seg.flags.ack;
        let full =
            if syn && listener.is_some() { self.transport.queue_full(node, seg.dst_port) } else { None };
        match listener {
            Some(_) if let Some(backlog) = full => {
                // The accept queue is full: Linux drops the SYN (tcp_conn_request), and the
                // client's timer sends it again.
                self.queue_full_drop(node, (local, remote), backlog, true, false, obs);
            }
            Some(_) if syn && self.route_again(node, ip.src).is_none() => {
                // No way back for the SYN+ACK: Linux drops the SYN before making a connection
                // of it, and the listener stays as it was.
                self.no_route(node, ip.dst, ip.src, obs);
            }
            Some(_)
                if syn
                    && given.is_none()
                    && let Some(crowd) = self.transport.wants_cookie(node, local.1) =>
            {
                self.send_cookie(node, (local, remote), seg, crowd, obs);
            }
            Some(upper) if syn => {
                let iss = given.unwrap_or_else(|| self.isn_for(local, remote));
                let (ci, mut out) = self.server_conn(node, (local, remote), seg, iss, upper);
                self.handle(ci, &mut out, obs);
            }
            Some(upper)
                if let Some(cookie) = self.transport.returned_cookie(node, (local, remote), seg, now) =>
            {
                if let Some(backlog) = self.transport.queue_full(node, local.1) {
                    // As a handshake's ACK (tcp_v4_syn_recv_sock), but no request stays.
                    self.queue_full_drop(node, (local, remote), backlog, false, true, obs);
                    return;
                }
                if let Some(it) = self.transport.backlogs.get_mut(&(node, local.1)) {
                    it.cookies.remove(&(local, remote));
                }
                // The connection the SYN would have made, made now from what the cookie
                // codes (its SYN+ACK went then), and the segment that returned it.
                let syn = tcp::Repr {
                    src_port: remote.1,
                    dst_port: local.1,
                    seq: cookie.client_isn,
                    ack: 0,
                    flags: tcp::Flags { syn: true, ..tcp::Flags::default() },
                    window: seg.window,
                    mss: Some(cookie.mss),
                    payload: Vec::new(),
                };
                let (ci, mut out) = self.server_conn(node, (local, remote), &syn, cookie.iss, upper);
                out.send.clear();
                if let Some(change) = out.changes.last_mut() {
                    change.2 = Cause::SynCookie;
                }
                self.transport.conns[ci].conn.on_segment_into(seg, now, &mut out);
                self.handle(ci, &mut out, obs);
            }
            _ if seg.flags.rst => {}
            _ => {
                // Nothing listens: RST (RFC 9293 3.10.7.1).
                if self.tracing {
                    let syn = seg.flags.syn;
                    self.emit(obs, Event::NoListener { node, port: seg.dst_port, udp: false, syn });
                }
                self.send_segment(node, ip.dst, ip.src, tcp_sm::reset_for(seg), obs);
            }
        }
    }

    /// The server's end of a connection that the listening socket at `ends.0` of `node`
    /// makes of SYN `syn` from `ends.1`, with ISN `iss` (`upper`: its echo upper-cases): in
    /// SYN-RECEIVED, its SYN+ACK in the output.
    fn server_conn(
        &mut self,
        node: usize,
        ends: Endpoints,
        syn: &tcp::Repr,
        iss: u32,
        upper: bool,
    ) -> (usize, Output) {
        let (now, (local, remote), port) = (self.now, ends, ends.0.1);
        let (conn, out) =
            Conn::accept(local, remote, syn, iss, self.transport.mss, self.transport.msl_ns, now);
        self.transport.conns.push(ConnOf {
            node,
            conn,
            session: None,
            upper,
            closed: false,
            read_delay: self.transport.read_delays.get(&(node, port)).copied().unwrap_or(0),
            framed: self.transport.framed.contains(&(node, port)),
            reuseaddr: self.transport.reuseaddr.contains(&(node, port)),
            error: None,
        });
        self.transport.timers.push(ConnTimer::NONE);
        let ci = self.transport.conns.len() - 1;
        self.transport.conns[ci].conn.set_linux(self.transport.linux);
        if self.transport.keepalive.contains(&(node, port)) {
            self.transport.conns[ci].conn.enable_keepalive(now);
        }
        self.transport.add_active(node, (local, remote), ci);
        // The client's end, if a session of this run opened it (and perhaps closed it
        // already, its SYN still on the way).
        let peer = self.transport.active.get(&(remote, local)).copied();
        let session = peer.map_or_else(
            || self.transport.gone_client(remote, local),
            |peer| self.transport.conns[peer].session,
        );
        if let Some(s) = session
            && let Some(old) = self.transport.sessions[s].server_conn.replace(ci)
        {
            self.transport.earlier_servers.push((s, old));
        }
        (ci, out)
    }

    /// Answers SYN `seg` for the listening socket at `ends.0` of `node`, from `ends.1`, with a
    /// SYN cookie: the SYN+ACK the connection would send, and nothing kept but the cookie.
    /// `crowd`: the handshakes half-open there, and its backlog.
    #[cold]
    fn send_cookie(
        &mut self,
        node: usize,
        ends: Endpoints,
        seg: &tcp::Repr,
        crowd: (usize, u32),
        obs: &mut dyn Observer,
    ) {
        let (now, (local, remote)) = (self.now, ends);
        let iss = self.isn_for(local, remote);
        let (_, mut out) =
            Conn::accept(local, remote, seg, iss, self.transport.mss, self.transport.msl_ns, now);
        if self.tracing {
            let ((server_ip, port), (client_ip, client_port)) = ends;
            let (half_open, backlog) = crowd;
            self.emit(
                obs,
                Event::SynCookie { node, server_ip, port, client_ip, client_port, half_open, backlog },
            );
        }
        let cookie = Cookie { iss, client_isn: seg.seq, mss: cookie_mss(seg.mss), minute: now / MINUTE_NS };
        if let Some(it) = self.transport.backlogs.get_mut(&(node, local.1)) {
            it.cookies.insert(ends, cookie);
        }
        for s in out.send.drain(..) {
            self.send_segment(node, local.0, remote.0, s, obs);
        }
    }

    /// A SYN (`syn`), or the ACK that would complete a handshake, for the listening end
    /// `ends.0` from `ends.1` is dropped: its iterative server's accept queue is full (more
    /// than `backlog` wait). `cookie`: the ACK returned a SYN cookie. The trace says so;
    /// nothing is sent.
    #[cold]
    fn queue_full_drop(
        &mut self,
        node: usize,
        ends: Endpoints,
        backlog: u32,
        syn: bool,
        cookie: bool,
        obs: &mut dyn Observer,
    ) {
        if self.tracing {
            let ((server_ip, port), (client_ip, client_port)) = ends;
            let e = Event::QueueFull { node, server_ip, port, client_ip, client_port, backlog, syn, cookie };
            self.emit(obs, e);
        }
    }

    /// The application of connection `ci` acts on what arrived.
    pub(super) fn app(&mut self, node: usize, ci: usize, obs: &mut dyn Observer) {
        let now = self.now;
        if self.transport.unaccepted(node, ci) {
            // Not accepted yet: what arrives waits in the kernel for the server.
            return;
        }
        if let Some(s) = self.transport.conns[ci].session
            && self.transport.sessions[s].mode == Mode::Manual
        {
            self.manual_wake(ci, s, obs);
            return;
        }
        let c = &mut self.transport.conns[ci];
        let data = c.conn.read();
        match c.session {
            None => {
                // The echo server: what it reads goes back, upper-cased if so; at the end of
                // the client's data it closes too.
                let upper = c.upper;
                if !data.is_empty() && c.framed {
                    // Length-prefixed: one recv may hold several messages, or part of one.
                    if self.tracing {
                        self.emit(obs, tcp_call(node, ci, recv(&data)));
                    }
                    let pending = self.transport.pending.entry(ci).or_default();
                    pending.extend_from_slice(&data);
                    for mut msg in take_messages(pending) {
                        if self.tracing {
                            self.emit(obs, tcp_call(node, ci, message(&msg)));
                        }
                        if !self.transport.conns[ci].conn.can_send() {
                            self.server_send_fails(node, ci, obs);
                            return;
                        }
                        if upper {
                            crate::echo::upper(&mut msg);
                        }
                        let reply = frame_message(&msg);
                        if self.tracing {
                            self.emit(obs, tcp_call(node, ci, send(&reply)));
                        }
                        self.conn_call(ci, |c, out| c.send_into(&reply, now, out), obs);
                    }
                    if self.tracing
                        && let Some(call) = self.transport.pending.get(&ci).and_then(|p| partial(p))
                    {
                        self.emit(obs, tcp_call(node, ci, call));
                    }
                } else if !data.is_empty() {
                    let read = self.tracing.then(|| recv(&data));
                    if !c.conn.can_send() {
                        // Its connection ended with the data unread (a reset): the read
                        // returns it, and the echo's send fails.
                        if let Some(call) = read {
                            self.emit(obs, tcp_call(node, ci, call));
                        }
                        self.server_send_fails(node, ci, obs);
                        return;
                    }
                    let mut reply = data;
                    if upper {
                        crate::echo::upper(&mut reply);
                    }
                    if let Some(call) = read {
                        self.emit(obs, tcp_call(node, ci, call));
                        self.emit(obs, tcp_call(node, ci, send(&reply)));
                    }
                    self.conn_call(ci, |c, out| c.send_into(&reply, now, out), obs);
                    // A server that closes first (as an HTTP/1.0 server does): it will be the
                    // one in TIME-WAIT.
                    let c = &self.transport.conns[ci];
                    if self.transport.close_first.contains(&(node, c.conn.local.1)) && !c.closed {
                        self.app_close(ci, obs);
                        return;
                    }
                }
                let c = &mut self.transport.conns[ci];
                let ended = c.conn.state == State::Closed && c.error.is_some();
                if c.closed || !(ended || c.conn.eof && c.conn.state == State::CloseWait) {
                    return;
                }
                // The end of file (the client's FIN came first), else the error its recv
                // fails with (Linux's tcp_recvmsg); either way it closes.
                let call =
                    if c.conn.eof { recv(&[]) } else { c.error.take().map_or(Call::Reset, error_call) };
                if self.tracing {
                    self.emit(obs, tcp_call(node, ci, call));
                }
                self.app_close(ci, obs);
            }
            Some(s) => {
                let (state, fresh) = (c.conn.state, c.conn.bytes_sent == 0 && !c.closed);
                let sess = &mut self.transport.sessions[s];
                let (len, empty) = (data.len(), data.is_empty());
                if sess.got.is_empty() {
                    // Most reads hold exactly what the client waits for: kept without a copy.
                    sess.got = data;
                } else {
                    sess.got.extend_from_slice(&data);
                }
                if state == State::Established && fresh {
                    match sess.mode {
                        // Handled by manual_wake before the data was read.
                        Mode::Manual => {}
                        Mode::OneByOne | Mode::KeepOpen => self.client_send(ci, s, obs),
                        Mode::Burst | Mode::HalfClose => {
                            for k in 0..self.transport.sessions[s].messages.len() {
                                self.client_send_nth(ci, s, k, obs);
                            }
                            if self.transport.sessions[s].mode == Mode::HalfClose {
                                self.app_shutdown(ci, obs);
                            }
                        }
                    }
                    return;
                }
                let sess = &mut self.transport.sessions[s];
                if sess.framed {
                    // Whole messages, however the stream cut or glued them.
                    if !empty && self.tracing {
                        let got = &self.transport.sessions[s].got;
                        let call = recv(&got[got.len() - len..]);
                        self.emit(obs, tcp_call(node, ci, call));
                    }
                    let n = self.take_framed(node, ci, s, obs);
                    if !empty
                        && self.tracing
                        && let Some(call) = partial(&self.transport.sessions[s].got)
                    {
                        self.emit(obs, tcp_call(node, ci, call));
                    }
                    let sess = &self.transport.sessions[s];
                    let all = sess.replies.len() >= sess.messages.len();
                    if n > 0 && !all && matches!(sess.mode, Mode::OneByOne | Mode::KeepOpen) {
                        self.client_send(ci, s, obs);
                    } else if all && sess.mode == Mode::KeepOpen {
                        let outcome = self.echo_outcome(s);
                        self.end_session(s, outcome);
                    } else if all && sess.mode != Mode::HalfClose {
                        self.app_close(ci, obs);
                    }
                    return;
                }
                if matches!(sess.mode, Mode::Burst | Mode::HalfClose) {
                    // Read as it comes; a burst closes once everything is back.
                    if !empty {
                        let got = std::mem::take(&mut sess.got);
                        let read = self.tracing.then(|| recv(&got[got.len() - len..]));
                        sess.reply(got);
                        if let Some(call) = read {
                            self.emit(obs, tcp_call(node, ci, call));
                        }
                    }
                    let sess = &self.transport.sessions[s];
                    let total: usize = sess.messages.iter().map(Vec::len).sum();
                    let back: usize = sess.replies.iter().map(Vec::len).sum();
                    // A burst closes once everything is back, or at the end of file (the
                    // peer closed before it all came).
                    if sess.mode == Mode::Burst {
                        if back >= total {
                            self.app_close(ci, obs);
                        } else if self.transport.conns[ci].conn.eof {
                            self.client_gives_up_on_eof(node, ci, s, obs);
                        }
                    }
                    return;
                }
                let sent = sess.replies.len();
                let waiting = sess.messages.get(sent).map(Vec::len);
                if let Some(len) = waiting
                    && sess.got.len() >= len
                {
                    let reply = if sess.got.len() == len {
                        std::mem::take(&mut sess.got)
                    } else {
                        sess.got.drain(..len).collect()
                    };
                    let read = self.tracing.then(|| recv(&reply));
                    sess.reply(reply);
                    if let Some(call) = read {
                        self.emit(obs, tcp_call(node, ci, call));
                    }
                    let sess = &self.transport.sessions[s];
                    if sess.replies.len() < sess.messages.len() {
                        self.client_send(ci, s, obs);
                    } else if sess.mode == Mode::KeepOpen {
                        // The connection stays; the session (and the next step) moves on.
                        let outcome = self.echo_outcome(s);
                        self.end_session(s, outcome);
                    } else {
                        self.app_close(ci, obs);
                    }
                } else if waiting.is_some() && self.transport.conns[ci].conn.eof {
                    // The peer closed before the whole echo came back: recv gives what there
                    // is, then end of file, and the client closes (its echo differs).
                    self.client_gives_up_on_eof(node, ci, s, obs);
                }
            }
        }
    }

    /// The echo server's send on connection `ci`, which can send no more: it fails with the
    /// pending error, else EPIPE (Linux's sk_stream_error), sends nothing, and the server
    /// closes its socket.
    #[cold]
    fn server_send_fails(&mut self, node: usize, ci: usize, obs: &mut dyn Observer) {
        let error = self.transport.conns[ci].error.take();
        if self.tracing {
            self.emit(obs, tcp_call(node, ci, error.map_or(Call::BrokenPipe { reset: false }, error_call)));
        }
        self.app_close(ci, obs);
    }

    /// A client whose peer closed before the whole echo it waits for came: it reads what
    /// there is, then end of file, and closes.
    #[cold]
    fn client_gives_up_on_eof(&mut self, node: usize, ci: usize, s: usize, obs: &mut dyn Observer) {
        if self.transport.conns[ci].closed {
            // It gave up at an earlier wake-up already.
            return;
        }
        let rest = std::mem::take(&mut self.transport.sessions[s].got);
        if self.tracing {
            if !rest.is_empty() {
                self.emit(obs, tcp_call(node, ci, recv(&rest)));
            }
            self.emit(obs, tcp_call(node, ci, recv(&[])));
        }
        if !rest.is_empty() {
            self.transport.sessions[s].reply(rest);
        }
        self.app_close(ci, obs);
    }

    /// The last read of a framed session, as its connection closes (`len` bytes came with the
    /// peer's FIN): whole messages, as the reads before; a part of one left means the echo did
    /// not come back whole.
    #[cold]
    #[inline(never)]
    fn framed_last_read(&mut self, node: usize, ci: usize, s: usize, len: usize, obs: &mut dyn Observer) {
        if len > 0 && self.tracing {
            let got = &self.transport.sessions[s].got;
            let call = recv(&got[got.len() - len..]);
            self.emit(obs, tcp_call(node, ci, call));
        }
        self.take_framed(node, ci, s, obs);
        let rest = std::mem::take(&mut self.transport.sessions[s].got);
        if !rest.is_empty() {
            self.transport.sessions[s].reply(rest);
        }
    }

    /// A framed session's whole messages out of what it has read, each an echo read back;
    /// returns how many.
    fn take_framed(&mut self, node: usize, ci: usize, s: usize, obs: &mut dyn Observer) -> usize {
        let messages = take_messages(&mut self.transport.sessions[s].got);
        let n = messages.len();
        for m in messages {
            if self.tracing {
                self.emit(obs, tcp_call(node, ci, message(&m)));
            }
            self.transport.sessions[s].reply(m);
        }
        n
    }

    fn client_send(&mut self, ci: usize, s: usize, obs: &mut dyn Observer) {
        let k = self.transport.sessions[s].replies.len();
        self.client_send_nth(ci, s, k, obs);
    }

    fn client_send_nth(&mut self, ci: usize, s: usize, k: usize, obs: &mut dyn Observer) {
        let now = self.now;
        let node = self.transport.conns[ci].node;
        let t = &mut self.transport;
        let sess = &t.sessions[s];
        let framed;
        let msg: &[u8] = if sess.framed {
            framed = frame_message(&sess.messages[k]);
            &framed
        } else {
            &sess.messages[k]
        };
        let call = self.tracing.then(|| send(msg));
        let mut out = Output::default();
        t.conns[ci].conn.send_into(msg, now, &mut out);
        if let Some(call) = call {
            self.emit(obs, tcp_call(node, ci, call));
        }
        self.handle(ci, &mut out, obs);
    }

    /// A `Manual` session's connection has news: established (the connect step returns), or
    /// data or the peer's FIN for a recv that waits.
    fn manual_wake(&mut self, ci: usize, s: usize, obs: &mut dyn Observer) {
        let node = self.transport.conns[ci].node;
        let established =
            matches!(self.transport.conns[ci].conn.state, State::Established | State::CloseWait);
        if established && let Some(k) = self.transport.sessions[s].after.take().map(|k| k as usize) {
            self.schedule(0, Ev::Step(k));
        }
        let c = &self.transport.conns[ci];
        let ready = !c.conn.received().is_empty() || c.conn.eof || c.conn.state == State::Closed;
        if ready && let Some(k) = self.transport.sessions[s].waiting.take().map(|k| k as usize) {
            self.manual_read(ci, s, node, obs);
            self.schedule(0, Ev::Step(k));
        }
    }

    /// recv() on a `Manual` session's connection: everything that has arrived (0 at the end).
    fn manual_read(&mut self, ci: usize, s: usize, node: usize, obs: &mut dyn Observer) {
        let data = self.transport.conns[ci].conn.read();
        // Nothing to read and no FIN: a pending error is the answer (Linux's tcp_recvmsg), or,
        // on a socket whose attempt to connect was dropped, "not connected".
        if data.is_empty() && !self.transport.conns[ci].conn.eof {
            let sess = &mut self.transport.sessions[s];
            let call = match (sess.error.take(), sess.dropped) {
                (Some(e), _) => Some(error_call(e)),
                (None, Some(pending)) => {
                    sess.dropped = Some(false);
                    Some(if pending { Call::Disconnected } else { Call::NotConnected })
                }
                (None, None) => None,
            };
            if let Some(call) = call {
                if self.tracing {
                    self.emit(obs, tcp_call(node, ci, call));
                }
                return;
            }
        }
        let call = self.tracing.then(|| recv(&data));
        if !data.is_empty() {
            self.transport.sessions[s].reply(data);
        }
        if let Some(call) = call {
            self.emit(obs, tcp_call(node, ci, call));
        }
    }

    /// A lab's socket call on `Manual` session `s`; step `next` follows when it returns.
    pub(super) fn socket_call(&mut self, s: usize, call: SockCall, next: usize, obs: &mut dyn Observer) {
        let now = self.now;
        let sess = &self.transport.sessions[s];
        let (node, udp, conn) = (sess.client, sess.udp, sess.conn);
        if matches!(sess.outcome, Some(Outcome::AddrInUse | Outcome::AddrNotAvail)) {
            // Its application gave up when bind() or connect() failed: there is no
            // connection to call.
            self.schedule(0, Ev::Step(next));
            return;
        }
        match (call, udp, conn) {
            (SockCall::Send(k), true, _) => {
                let sess = &self.transport.sessions[s];
                let (msg, (dst, dport), sport) = (sess.messages[k].clone(), sess.server, sess.port);
                self.transport.sessions[s].datagrams_sent += 1;
                if self.tracing {
                    self.emit(obs, udp_call(node, sport, send(&msg)));
                }
                let src = self.nodes[node].ip;
                self.send_datagram(node, src, dst, sport, dport, msg, obs);
            }
            (SockCall::Recv, true, _) => {
                let sess = &mut self.transport.sessions[s];
                if let Some(d) = sess.inbox.pop_front() {
                    let call = self.tracing.then(|| recv(&d));
                    let port = sess.port;
                    sess.reply(d);
                    if let Some(call) = call {
                        self.emit(obs, udp_call(node, port, call));
                    }
                } else if sess.outcome.is_none() {
                    // Waits for a datagram, at most as long as a client waits for an echo.
                    sess.waiting = u32::try_from(next).ok();
                    let sent = sess.replies.len();
                    self.schedule(UDP_WAIT_NS, Ev::UdpTimeout { session: s, sent });
                    return;
                }
            }
            (SockCall::Close, true, _) => {
                if self.tracing {
                    self.emit(
                        obs,
                        udp_call(
                            node,
                            self.transport.sessions[s].port,
                            Call::Close { ended: false, unread: None, fin_sent: false },
                        ),
                    );
                }
                let outcome = self.echo_outcome(s);
                self.end_session(s, outcome);
            }
            (SockCall::Shutdown, true, _) | (_, false, None) => {}
            (SockCall::Send(k), false, Some(ci)) if !self.transport.conns[ci].conn.can_send() => {
                // Its writing side shut down, or its connection gone: nothing is sent (so no
                // echo of it is due), and the call fails with the pending error, else EPIPE
                // (Linux's sk_stream_wait_connect and sk_stream_error).
                let sess = &mut self.transport.sessions[s];
                Rc::make_mut(&mut sess.messages)[k].clear();
                let call = match (sess.error.take(), sess.dropped) {
                    (Some(e), _) => error_call(e),
                    (None, Some(true)) => {
                        sess.dropped = Some(false);
                        Call::Disconnected
                    }
                    _ => Call::BrokenPipe { reset: false },
                };
                if self.tracing {
                    self.emit(obs, tcp_call(node, ci, call));
                }
            }
            (SockCall::Send(k), false, Some(ci)) => {
                let msg = self.transport.sessions[s].messages[k].clone();
                if self.tracing {
                    self.emit(obs, tcp_call(node, ci, send(&msg)));
                }
                self.conn_call(ci, |c, out| c.send_into(&msg, now, out), obs);
            }
            (SockCall::Recv, false, Some(ci)) => {
                let c = &self.transport.conns[ci];
                if c.conn.received().is_empty() && !c.conn.eof && c.conn.state != State::Closed {
                    self.transport.sessions[s].waiting = u32::try_from(next).ok();
                    return;
                }
                self.manual_read(ci, s, node, obs);
            }
            (SockCall::Shutdown, false, Some(ci)) => self.app_shutdown(ci, obs),
            (SockCall::Close, false, Some(ci)) => self.app_close(ci, obs),
        }
        self.schedule(0, Ev::Step(next));
    }

    /// The application on connection `ci` closes its socket (once).
    fn app_close(&mut self, ci: usize, obs: &mut dyn Observer) {
        let now = self.now;
        let c = &mut self.transport.conns[ci];
        if c.closed {
            return;
        }
        c.closed = true;
        if self.tracing {
            let unread = c.conn.close_resets().then(|| c.conn.received().len());
            let (node, ended, fin_sent) = (c.node, c.conn.state == State::Closed, c.conn.fin_sent());
            self.emit(obs, tcp_call(node, ci, Call::Close { ended, unread, fin_sent }));
        }
        self.conn_call(ci, |c, out| c.close_into(now, out), obs);
        let c = &self.transport.conns[ci];
        let key = (c.node, c.conn.local.1);
        if c.session.is_none()
            && let Some(it) = self.transport.backlogs.get_mut(&key)
            && it.serving == Some(ci)
        {
            // The iterative server is done with it, and calls accept() again.
            it.serving = None;
            self.accept_next(key.0, key.1, obs);
        }
    }

    /// A server connection is established (its handshake done by the kernel): an iterative
    /// server that is free accepts it at once; a busy one leaves it in the accept queue.
    fn enqueue(&mut self, node: usize, ci: usize, obs: &mut dyn Observer) {
        let port = self.transport.conns[ci].conn.local.1;
        let Some(it) = self.transport.backlogs.get_mut(&(node, port)).filter(|it| it.iterative) else {
            return;
        };
        let backlog = it.backlog;
        it.queue.push_back(ci);
        if it.serving.is_none() {
            self.accept_next(node, port, obs);
        } else if self.tracing {
            let waiting = it.queue.len();
            let (ip, port) = self.transport.conns[ci].conn.remote;
            self.emit(obs, Event::Queued { node, conn: ci, ip, port, waiting, backlog });
        }
    }

    /// The iterative server on `port` of `node`, free, calls accept(): it takes the oldest
    /// connection waiting, and reads what it sent meanwhile (if anything waits).
    fn accept_next(&mut self, node: usize, port: u16, obs: &mut dyn Observer) {
        let Some(it) = self.transport.backlogs.get_mut(&(node, port)) else { return };
        let Some(ci) = it.queue.pop_front() else { return };
        it.serving = Some(ci);
        let waiting = it.queue.len();
        if self.tracing {
            let (ip, port) = self.transport.conns[ci].conn.remote;
            self.emit(obs, tcp_call(node, ci, Call::Accept { ip, port, waiting }));
        }
        let delay = self.transport.conns[ci].read_delay;
        self.schedule(delay, Ev::App { node, conn: ci });
    }

    /// The application on connection `ci` shuts down its writing side (shutdown(SHUT_WR)): a
    /// FIN after its data, and it goes on reading.
    fn app_shutdown(&mut self, ci: usize, obs: &mut dyn Observer) {
        let now = self.now;
        if self.tracing {
            let c = &self.transport.conns[ci];
            let unopened = c.conn.state == State::SynSent;
            self.emit(obs, tcp_call(c.node, ci, Call::Shutdown { unopened }));
        }
        let mut out = self.transport.conns[ci].conn.shutdown(now);
        self.handle(ci, &mut out, obs);
    }

    /// A client connection reached CLOSED: its session ends, and the next step may run.
    fn session_closed(&mut self, ci: usize, from: State, cause: Cause, obs: &mut dyn Observer) {
        let Some(s) = self.transport.conns[ci].session else { return };
        let node = self.transport.conns[ci].node;
        if self.transport.sessions[s].outcome.is_some() {
            return;
        }
        let manual = self.transport.sessions[s].mode == Mode::Manual;
        let error = self.socket_error(ci, from, cause);
        if manual {
            // Only the lab's recv steps read; one waiting returns now (what arrived, the end
            // of file, or the error). The error waits for the next call otherwise, as
            // Linux's sk_err does; a shutdown in SYN-SENT leaves ECONNRESET so.
            self.transport.sessions[s].error = error;
            if cause == Cause::Shutdown && from == State::SynSent {
                self.transport.sessions[s].dropped = Some(true);
            }
            self.manual_wake(ci, s, obs);
        } else {
            // What arrived with the peer's FIN is read before the session ends.
            let pending = self.transport.conns[ci].conn.read();
            let sess = &mut self.transport.sessions[s];
            sess.got.extend_from_slice(&pending);
            if sess.framed {
                self.framed_last_read(node, ci, s, pending.len(), obs);
            } else if !sess.got.is_empty() {
                let got = std::mem::take(&mut sess.got);
                let call = self.tracing.then(|| recv(&got));
                sess.reply(got);
                if let Some(call) = call {
                    self.emit(obs, tcp_call(node, ci, call));
                }
            }
        }
        // A RST ends a connect() as "refused"; an open connection's error (reset, broken
        // pipe, timed out) is the application's.
        let established = self.transport.conns[ci].conn.states.contains(&State::Established);
        let outcome = match cause {
            Cause::Reset if !established => Outcome::Refused,
            Cause::Unreachable => Outcome::Unreachable,
            _ => error.unwrap_or_else(|| self.echo_outcome(s)),
        };
        if self.tracing {
            // A manual session's error is said by the call that gets it.
            match outcome {
                Outcome::Refused => self.emit(obs, tcp_call(node, ci, Call::Refused)),
                Outcome::Reset | Outcome::BrokenPipe | Outcome::TimedOut if !manual => {
                    self.emit(obs, tcp_call(node, ci, error_call(outcome)));
                }
                _ => {}
            }
        }
        self.end_session(s, outcome);
    }

    /// The error an application that has not closed its socket gets when connection `ci`
    /// ended from state `from` for `cause` (Linux's tcp_reset and tcp_write_err): a RST
    /// resets it (ECONNRESET), but after the peer's FIN, in CLOSE-WAIT, it is a broken pipe
    /// (EPIPE); retries or keepalive probes that ran out time it out (ETIMEDOUT). None for an
    /// application that closed, or an end without error.
    fn socket_error(&self, ci: usize, from: State, cause: Cause) -> Option<Outcome> {
        let c = &self.transport.conns[ci];
        let opened = c.conn.states.contains(&State::Established);
        match cause {
            Cause::Reset if c.closed || !opened => None,
            // A server's handshake that never finished was never accepted: its application
            // knows nothing of it (Linux drops the request, reqsk_timer_handler).
            Cause::GaveUp if !opened && c.session.is_none() => None,
            Cause::Reset if from == State::CloseWait => Some(Outcome::BrokenPipe),
            Cause::Reset => Some(Outcome::Reset),
            Cause::GaveUp | Cause::KeepaliveGaveUp => Some(Outcome::TimedOut),
            _ => None,
        }
    }

    /// How session `s` ended when its echoes are all it had to check: echoed, or not as the
    /// server should have sent them.
    fn echo_outcome(&self, s: usize) -> Outcome {
        let sess = &self.transport.sessions[s];
        // Closed by its application before the handshake was done: nothing was exchanged.
        let never_opened =
            sess.conn.is_some_and(|c| !self.transport.conns[c].conn.states.contains(&State::Established));
        if self.peer_session(s).is_some() || never_opened {
            Outcome::Closed
        } else if sess.echoed(self.server_upper(s)) {
            Outcome::Echoed
        } else if sess.mode == Mode::Manual && sess.read_part_of_echo(self.server_upper(s)) {
            // Its socket calls stopped reading before the whole echo: there is none to check.
            Outcome::Closed
        } else {
            Outcome::Mismatch
        }
    }

    fn end_session(&mut self, s: usize, outcome: Outcome) {
        let sess = &mut self.transport.sessions[s];
        if sess.outcome.is_some() {
            return;
        }
        sess.outcome = Some(outcome);
        if sess.udp {
            // Its socket goes (not another that holds the port, when its own bind() failed).
            let key = (sess.client, sess.port);
            if self.transport.udp_waiting.get(&key) == Some(&s) {
                self.transport.udp_waiting.remove(&key);
            }
        }
        let sess = &mut self.transport.sessions[s];
        if let Some(k) = sess.after.take().map(|k| k as usize) {
            self.schedule(0, Ev::Step(k));
        }
        if let Some(k) = self.transport.sessions[s].waiting.take().map(|k| k as usize) {
            self.schedule(0, Ev::Step(k));
        }
    }

    /// Session `s`'s client address and port (its node's first address: the one it connects
    /// from).
    pub(super) fn client_end(&self, s: usize) -> (Ipv4Addr, u16) {
        let sess = &self.transport.sessions[s];
        (self.nodes[sess.client].ip, sess.port)
    }

    /// Whether the server the session talks to upper-cases (as far as the sockets show).
    fn server_upper(&self, s: usize) -> bool {
        let sess = &self.transport.sessions[s];
        let (ip, port) = sess.server;
        let list = if sess.udp { &self.transport.udp_servers } else { &self.transport.listeners };
        self.owner.get(&ip).and_then(|n| list.get(&(*n, port))) == Some(&true)
    }

    /// The client of UDP session `s` sends its next message.
    fn udp_send_next(&mut self, s: usize, obs: &mut dyn Observer) {
        let sess = &self.transport.sessions[s];
        let Some(msg) = sess.messages.get(sess.replies.len()).cloned() else {
            let outcome = self.echo_outcome(s);
            self.end_session(s, outcome);
            return;
        };
        let (node, (dst, dport), sport) = (sess.client, sess.server, sess.port);
        let sent = sess.replies.len();
        self.transport.sessions[s].datagrams_sent += 1;
        if self.tracing {
            self.emit(obs, udp_call(node, sport, send(&msg)));
        }
        let src = self.nodes[node].ip;
        self.send_datagram(node, src, dst, sport, dport, msg, obs);
        self.schedule(UDP_WAIT_NS, Ev::UdpTimeout { session: s, sent });
    }

    #[allow(clippy::too_many_arguments)]
    fn send_datagram(
        &mut self,
        node: usize,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        src_port: u16,
        dst_port: u16,
        payload: Vec<u8>,
        obs: &mut dyn Observer,
    ) {
        self.stats.datagrams += 1;
        let d = udp::Repr { src_port, dst_port, payload };
        self.send_l4(node, super::IpPacket::udp(src, dst, super::TTL, d), obs);
    }

    /// A UDP session's echo did not come within its wait.
    pub(super) fn udp_timeout(&mut self, s: usize, sent: usize, obs: &mut dyn Observer) {
        let sess = &self.transport.sessions[s];
        if sess.outcome.is_some() || sess.replies.len() != sent {
            return;
        }
        if sess.mode == Mode::Manual {
            // A recv that waited in vain returns with nothing; the socket stays.
            if let Some(k) = self.transport.sessions[s].waiting.take().map(|k| k as usize) {
                if self.tracing {
                    let sess = &self.transport.sessions[s];
                    self.emit(obs, udp_call(sess.client, sess.port, Call::TimedOut));
                }
                self.schedule(0, Ev::Step(k));
            }
            return;
        }
        if self.tracing {
            let (node, port) = (sess.client, sess.port);
            self.emit(obs, udp_call(node, port, Call::TimedOut));
        }
        self.end_session(s, Outcome::TimedOut);
    }

    /// A UDP datagram for `node`: to its echo server, to a waiting client, or answered with
    /// ICMP port unreachable.
    pub(super) fn on_udp(
        &mut self,
        node: usize,
        ip: &ipv4::Repr,
        d: &udp::Repr,
        frame: &super::Frame,
        obs: &mut dyn Observer,
    ) {
        let server = self.transport.udp_servers.get(&(node, d.dst_port)).copied();
        if let Some(upper) = server {
            let mut reply = d.payload.clone();
            if upper {
                crate::echo::upper(&mut reply);
            }
            if self.tracing {
                self.emit(obs, udp_call(node, d.dst_port, recv(&d.payload)));
                self.emit(obs, udp_call(node, d.dst_port, send(&reply)));
            }
            self.send_datagram(node, ip.dst, ip.src, d.dst_port, d.src_port, reply, obs);
            return;
        }
        let client = self
            .transport
            .udp_waiting
            .get(&(node, d.dst_port))
            .copied()
            .filter(|s| (ip.src, d.src_port) == self.transport.sessions[*s].server);
        if let Some(s) = client
            && self.transport.sessions[s].mode == Mode::Manual
        {
            let sess = &mut self.transport.sessions[s];
            match sess.waiting.take().map(|k| k as usize) {
                Some(k) => {
                    sess.reply(d.payload.clone());
                    if self.tracing {
                        self.emit(obs, udp_call(node, d.dst_port, recv(&d.payload)));
                    }
                    self.schedule(0, Ev::Step(k));
                }
                None => sess.inbox.push_back(d.payload.clone()),
            }
            return;
        }
        if let Some(s) = client {
            self.transport.sessions[s].reply(d.payload.clone());
            if self.tracing {
                self.emit(obs, udp_call(node, d.dst_port, recv(&d.payload)));
            }
            self.udp_send_next(s, obs);
            return;
        }
        // Nothing bound there: ICMP port unreachable with the datagram's header (RFC 1122).
        if self.tracing {
            self.emit(obs, Event::NoListener { node, port: d.dst_port, udp: true, syn: false });
        }
        let super::Body::Ip(packet) = &frame.body else { return };
        let data = packet.quoted();
        let m = icmp::Repr { kind: icmp::Kind::DestUnreachable(3), ident: 0, seq: 0, data };
        self.send_ip(node, ip.dst, ip.src, m, obs);
    }

    /// An ICMP destination unreachable reached `node` from `from`: if the segment it quotes is
    /// of a connection of the node still opening, connect() fails (see
    /// [`Conn::on_unreachable`]).
    pub(super) fn tcp_unreachable(
        &mut self,
        node: usize,
        from: Ipv4Addr,
        code: u8,
        error: &icmp::Repr,
        obs: &mut dyn Observer,
    ) {
        // Fragmentation needed (code 4) is path MTU discovery's business, not a failure.
        if code == 4 {
            return;
        }
        let Some(key) = error.quoted_tcp() else { return };
        let Some(ci) = self.transport.find_active(node, key) else { return };
        let c = &mut self.transport.conns[ci];
        if c.node != node {
            return;
        }
        // The connection decides whether the error ends it (only while it opens).
        let mut out = c.conn.on_unreachable(self.now);
        if out.changes.is_empty() {
            return;
        }
        if self.tracing {
            self.emit(obs, tcp_call(node, ci, Call::Unreachable { from, code }));
        }
        self.handle(ci, &mut out, obs);
    }

    /// ICMP port unreachable reached a UDP client: the session of the socket whose datagram
    /// it quotes (by its port, and the address and port it was sent to, as a host matches the
    /// error to its socket) is refused.
    pub(super) fn udp_refused(&mut self, node: usize, error: &icmp::Repr, obs: &mut dyn Observer) {
        let Some(((_, port), server)) = error.quoted_udp() else { return };
        let s = self
            .transport
            .udp_waiting
            .get(&(node, port))
            .copied()
            .filter(|&s| self.transport.sessions[s].server == server);
        if let Some(s) = s {
            if self.tracing {
                self.emit(obs, udp_call(node, self.transport.sessions[s].port, Call::Refused));
            }
            self.end_session(s, Outcome::Refused);
        }
    }

    /// Runs a listen step.
    pub(super) fn listen_step(&mut self, step: Step, obs: &mut dyn Observer) {
        let Step::Listen {
            node,
            port,
            udp,
            upper,
            read_delay_ns,
            close_first,
            restart,
            reuseaddr,
            keepalive,
            framed,
            iterative,
            backlog,
        } = step
        else {
            return;
        };
        if restart {
            // The old server process exits: its listening socket goes, and so do the
            // connections it accepted, closed as by close(): FIN, or RST where data is unread.
            // Those closing and in TIME-WAIT stay with the kernel (and hold the port); those
            // still in the handshake are dropped without a word.
            let tcp = self.transport.listeners.remove(&(node, port)).is_some();
            let was_udp = self.transport.udp_servers.remove(&(node, port)).is_some();
            if (tcp || was_udp) && self.tracing {
                // The socket that goes: a UDP one if the old server was UDP.
                self.emit(
                    obs,
                    Event::Socket {
                        node,
                        conn: None,
                        udp_port: was_udp.then_some(port),
                        call: Call::Exit { port },
                    },
                );
            }
            // Those an iterative server never accepted are reset (Linux's inet_csk_listen_stop).
            let queued = self.transport.backlogs.remove(&(node, port)).map(|it| it.queue);
            for ci in queued.into_iter().flatten() {
                let mut out = self.transport.conns[ci].conn.disconnect();
                self.handle(ci, &mut out, obs);
            }
            if tcp {
                let accepted: Vec<usize> = (self.transport.conns.iter().enumerate())
                    .filter(|(_, c)| {
                        c.node == node
                            && c.session.is_none()
                            && !c.closed
                            && c.conn.local.1 == port
                            && matches!(
                                c.conn.state,
                                State::SynReceived | State::Established | State::CloseWait
                            )
                    })
                    .map(|(ci, _)| ci)
                    .collect();
                for ci in accepted {
                    if self.transport.conns[ci].conn.state == State::SynReceived {
                        let mut out = self.transport.conns[ci].conn.drop_request();
                        self.handle(ci, &mut out, obs);
                    } else {
                        self.app_close(ci, obs);
                    }
                }
            }
        }
        if let Some(held_by) = self.transport.port_holder(node, port, udp, reuseaddr) {
            if self.tracing {
                let call = Call::AddrInUse { port, held_by, reuseaddr, server: true };
                self.emit(obs, Event::Socket { node, conn: None, udp_port: udp.then_some(port), call });
            }
            return;
        }
        // The new server is as its step says (a restart's settings are its own).
        let key = (node, port);
        let t = &mut self.transport;
        if read_delay_ns > 0 {
            t.read_delays.insert(key, read_delay_ns);
        } else {
            t.read_delays.remove(&key);
        }
        match backlog {
            Some(backlog) if !udp => {
                t.backlogs.insert(key, Listening { iterative, backlog, ..Listening::default() });
            }
            _ => {
                t.backlogs.remove(&key);
            }
        }
        for (set, on) in [
            (&mut t.close_first, close_first),
            (&mut t.keepalive, keepalive),
            (&mut t.framed, framed),
            (&mut t.reuseaddr, reuseaddr),
        ] {
            if on {
                set.insert(key);
            } else {
                set.remove(&key);
            }
        }
        // The listening socket (TCP) or the bound one (UDP), with the echo server behind it.
        if udp {
            self.transport.udp_servers.insert(key, upper);
        } else {
            self.transport.listeners.insert(key, upper);
        }
        if self.tracing {
            let (iterative, backlog) = (iterative && !udp, backlog.filter(|_| !udp));
            let call = Call::Listen { port, upper, reuseaddr, iterative, backlog };
            self.emit(obs, Event::Socket { node, conn: None, udp_port: udp.then_some(port), call });
        }
    }

    /// A host goes off: its sockets vanish without a word on the wire (each connection's end
    /// is traced going to CLOSED), its ARP cache with them, and it answers nothing any more.
    pub(super) fn crash(&mut self, node: usize, obs: &mut dyn Observer) {
        self.transport.listeners.retain(|(n, _), _| *n != node);
        self.transport.backlogs.retain(|(n, _), _| *n != node);
        self.transport.udp_servers.retain(|(n, _), _| *n != node);
        let t = &mut self.transport;
        let mut gone = Vec::new();
        for (ci, (c, timer)) in t.conns.iter_mut().zip(&mut t.timers).enumerate() {
            if c.node == node {
                gone.extend(c.conn.vanish().map(|change| (ci, change)));
                timer.deadline = NEVER;
            }
        }
        if self.tracing {
            for (conn, (from, to, cause)) in gone {
                self.emit(obs, Event::TcpState { node, conn, from, to, cause });
            }
        }
        let t = &mut self.transport;
        t.active.retain(|_, ci| t.conns[*ci].node != node);
        if let Some(m) = t.time_wait.get_mut(node) {
            m.clear();
        }
        if let Some(last) = t.last_active.get_mut(node) {
            *last = None;
        }
        // What it knew is gone with it: its ARP cache, and the packets waiting for an answer
        // (so it sends no more requests for them either).
        let n = &mut self.nodes[node];
        n.cache = crate::lan::cache::Cache::default();
        n.queue.clear();
        self.off.insert(node);
    }
}

#[cfg(test)]
mod tests {
    use super::isn;

    #[test]
    fn an_icmp_quote_names_the_tcp_connection_or_nothing() {
        use crate::lan::wire::icmp;
        let seg = crate::lan::wire::tcp::Repr {
            src_port: 40000,
            dst_port: 80,
            seq: 7,
            ack: 0,
            flags: crate::lan::wire::tcp::Flags { syn: true, ..Default::default() },
            window: 64240,
            mss: Some(1460),
            payload: Vec::new(),
        };
        let (a, b) = ([10, 0, 1, 1].into(), [10, 0, 3, 1].into());
        let error = |data: &[u8]| icmp::Repr {
            kind: icmp::Kind::DestUnreachable(1),
            ident: 0,
            seq: 0,
            data: data.to_vec(),
        };
        let quote = super::super::IpPacket::tcp(a, b, 64, seg).quoted();
        assert_eq!(error(&quote).quoted_tcp(), Some(((a, 40000), (b, 80))));
        // Cut short, not TCP, or not IPv4 at all: nothing, and no panic.
        for n in 0..quote.len() - 4 {
            assert_eq!(error(&quote[..n]).quoted_tcp(), None, "{n} bytes");
        }
        let mut udp = quote.clone();
        udp[9] = 17;
        assert_eq!(error(&udp).quoted_tcp(), None);
        assert_eq!(error(&udp).quoted_udp(), Some(((a, 40000), (b, 80))));
        assert_eq!(error(&[0x41; 40]).quoted_tcp(), None, "a header length under 20");
        let mut v6 = quote.clone();
        v6[0] = 0x65;
        assert_eq!(error(&v6).quote(), None, "not IPv4");
        let mut echo = quote;
        echo[9] = 1;
        let q = error(&echo).quote().unwrap();
        assert_eq!((q.proto, q.src, q.dst, q.ports), (1, a, b, None), "ICMP: no ports");
    }

    #[test]
    fn initial_sequence_numbers_follow_the_seed_the_ends_and_the_clock() {
        let (a, b) =
            ((std::net::Ipv4Addr::new(10, 0, 0, 1), 40000), (std::net::Ipv4Addr::new(10, 0, 0, 2), 8002));
        assert_eq!(isn(1, a, b, 0), isn(1, a, b, 0));
        assert_ne!(isn(1, a, b, 0), isn(2, a, b, 0));
        assert_ne!(isn(1, a, b, 0), isn(1, b, a, 0));
        assert_ne!(isn(1, a, b, 0), isn(1, (a.0, 40001), b, 0));
        // The same ends later: 1 ms of clock is 15,625 ticks of 64 ns further on.
        assert_eq!(isn(1, a, b, 1_000_000).wrapping_sub(isn(1, a, b, 0)), 15_625);
    }
}
