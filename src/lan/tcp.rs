//! TCP as the state machine of RFC 9293, for the simulator's hosts: the three-way handshake,
//! data with at-once acknowledgments (the textbook's model), the four-way close with
//! half-close, TIME-WAIT for 2 x MSL, RST, and retransmission with a 1 s RTO that doubles
//! (RFC 6298) and Linux's retry limits.
//!
//! A [`Conn`] takes segments and calls (connect, send, close) and answers with what to send
//! and which state it moved to and why; it keeps no clock of its own: time is passed in.

use std::net::Ipv4Addr;

use serde::Serialize;
use smallvec::SmallVec;

use super::wire::tcp::{Flags, Repr};

/// The window every simulated socket offers (Linux's initial 64,240).
pub const WINDOW: u16 = 64_240;
/// The MSS a SYN offers unless told otherwise (1500-byte Ethernet MTU less 40).
pub const DEFAULT_MSS: u16 = 1460;
/// The first retransmission timeout (RFC 6298).
pub const RTO_NS: u64 = 1_000_000_000;
/// The retransmission timeout as data transmission begins after a SYN (or SYN+ACK) had to go
/// again: no round-trip time could be measured from the handshake (Karn), so RFC 6298 5.7
/// falls back to 3 s until an ACK of data sent once gives one. (So does Linux,
/// `tcp_init_metrics`, when no timestamp option measured it either: the simulated segments
/// carry none.)
pub const RTO_AFTER_SYN_LOSS_NS: u64 = 3_000_000_000;
/// SYN retransmissions before giving up (Linux's tcp_syn_retries).
pub const SYN_RETRIES: u8 = 6;
/// SYN+ACK retransmissions before a half-open connection is dropped (Linux's
/// tcp_synack_retries).
pub const SYNACK_RETRIES: u8 = 5;
/// Data retransmissions before giving up (Linux's tcp_retries2).
pub const DATA_RETRIES: u8 = 15;
/// Retransmissions before giving up for a connection its application has closed (an orphan:
/// Linux's tcp_orphan_retries, whose default 0 means 8 while the peer may still be there):
/// nobody is left to be told, so it gives up sooner.
pub const ORPHAN_RETRIES: u8 = 8;
/// The longest retransmission timeout (Linux's TCP_RTO_MAX): doubling stops there.
pub const MAX_RTO_NS: u64 = 120_000_000_000;
/// How soon Linux sends its SYN again after answering a wrong ACK with a RST, when it has not
/// sent it again yet (TCP_TIMEOUT_MIN: 2 jiffies, 8 ms at Debian's 250 Hz).
pub const TIMEOUT_MIN_NS: u64 = 8_000_000;

/// How long a connection whose data is never acknowledged retransmits before it gives up:
/// each of its [`DATA_RETRIES`] timeouts and the last one, from 3 s (the timeout after a lost
/// SYN, the longest start) doubling up to [`MAX_RTO_NS`].
///
/// ```
/// assert_eq!(netcalc::lan::tcp::give_up_ns(), (3 + 6 + 12 + 24 + 48 + 96 + 120 * 10) * 1_000_000_000);
/// ```
pub fn give_up_ns() -> u64 {
    lost_time_ns(usize::from(DATA_RETRIES) + 1)
}

/// The longest that `lost` lost segments can hold a run up: each costs at most one
/// retransmission timeout, and a timeout can only be the k-th doubling if k losses came
/// before it, so no more than the first `lost` timeouts of the longest schedule (from 3 s,
/// doubling up to [`MAX_RTO_NS`]). A connection gives up after [`DATA_RETRIES`] + 1 of them
/// at most, so more losses add nothing.
///
/// ```
/// use netcalc::lan::tcp::{give_up_ns, lost_time_ns};
/// assert_eq!(lost_time_ns(0), 0);
/// assert_eq!(lost_time_ns(2), 9_000_000_000, "3 s, then 6 s");
/// assert_eq!(lost_time_ns(1000), give_up_ns());
/// ```
pub fn lost_time_ns(lost: usize) -> u64 {
    let timeouts = lost.min(usize::from(DATA_RETRIES) + 1) as u32;
    (0..timeouts).map(|k| (RTO_AFTER_SYN_LOSS_NS << k).min(MAX_RTO_NS)).sum()
}
/// Segments a connection may have in flight before its first ACK: its initial congestion
/// window (RFC 6928, Linux's TCP_INIT_CWND).
pub const INIT_CWND: u32 = 10;
/// How long Linux holds an ACK back in the hope of sending it with data (its minimum delayed
/// ACK timeout, 40 ms).
pub const DELAYED_ACK_NS: u64 = 40_000_000;
/// Data segments a new connection acknowledges at once before Linux starts delaying ACKs
/// (its quickack mode, TCP_MAX_QUICKACKS).
pub const QUICK_ACKS: u8 = 16;
/// Idle time before the first keepalive probe (Linux's tcp_keepalive_time, 2 hours).
pub const KEEPALIVE_IDLE_NS: u64 = 7_200_000_000_000;
/// Time between keepalive probes (tcp_keepalive_intvl, 75 s).
pub const KEEPALIVE_INTERVAL_NS: u64 = 75_000_000_000;
/// Unanswered probes before the connection is dropped (tcp_keepalive_probes).
pub const KEEPALIVE_PROBES: u8 = 9;
/// How long a connection its application has closed waits in FIN-WAIT-2 for the peer's FIN
/// before it goes, nothing sent (Linux's tcp_fin_timeout, 60 s): a peer that never closes
/// cannot keep it for ever. A shutdown(write) alone sets no such limit.
pub const FIN_TIMEOUT_NS: u64 = 60_000_000_000;

/// The states of RFC 9293, section 3.3.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No connection.
    Closed,
    /// Waiting for a connection request.
    Listen,
    /// SYN sent, waiting for the SYN+ACK.
    SynSent,
    /// SYN received and answered, waiting for its ACK.
    SynReceived,
    /// Open: data flows both ways.
    Established,
    /// Closed by us, our FIN not yet acknowledged.
    FinWait1,
    /// Our FIN acknowledged; waiting for the peer's.
    FinWait2,
    /// The peer closed; we may still send.
    CloseWait,
    /// Both FINs sent at once; waiting for the ACK of ours.
    Closing,
    /// We closed after the peer; waiting for the ACK of our FIN.
    LastAck,
    /// Both sides closed; waiting 2 x MSL for stray segments.
    TimeWait,
}

impl Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl State {
    /// The RFC's name: `SYN-SENT`, `TIME-WAIT`.
    pub fn name(self) -> &'static str {
        match self {
            State::Closed => "CLOSED",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECEIVED",
            State::Established => "ESTABLISHED",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        }
    }
}

/// Why a connection changed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The application called connect: SYN sent.
    Connect,
    /// A SYN arrived at a listening socket: SYN+ACK sent.
    SynReceived,
    /// The SYN+ACK arrived: ACK sent.
    SynAckReceived,
    /// The ACK of our SYN+ACK arrived.
    HandshakeAck,
    /// A SYN arrived while ours was on its way (a simultaneous open): SYN+ACK sent.
    SimultaneousOpen,
    /// After a simultaneous open, the peer's SYN+ACK acknowledged our SYN: open.
    CrossedSynAcked,
    /// The application called close: FIN sent.
    Close,
    /// The application called shutdown for writing: FIN sent, and it still reads.
    Shutdown,
    /// The application called close, but the windows (the peer's, the congestion window)
    /// have no room yet for its FIN and any data before it: the FIN goes later (RFC 9293
    /// 3.10.4: FIN-WAIT-1 or LAST-ACK at once in any case, as Linux's `tcp_close`).
    CloseFinWaits,
    /// As [`Cause::CloseFinWaits`], for shutdown(write).
    ShutdownFinWaits,
    /// The peer's FIN arrived: ACK sent.
    FinReceived,
    /// The ACK of our FIN arrived.
    FinAcked,
    /// The peer's FIN arrived together with the ACK of ours.
    FinAndAck,
    /// 2 x MSL passed in TIME-WAIT.
    TimeWaitOver,
    /// A RST arrived.
    Reset,
    /// Retransmissions ran out.
    GaveUp,
    /// Nine keepalive probes went unanswered: the peer is gone.
    KeepaliveGaveUp,
    /// The listening socket that made it closed before the handshake was done: dropped,
    /// nothing sent (see [`Conn::drop_request`]).
    ListenerClosed,
    /// Its host went off (a lab's crash step): the connection is gone with it, nothing sent
    /// (see [`Conn::vanish`]).
    HostDown,
    /// An ICMP destination unreachable came back about our SYN.
    Unreachable,
    /// In TIME-WAIT, a new SYN for the same ends whose sequence number is beyond the old
    /// connection's: TIME-WAIT ends early and the listener takes the SYN (RFC 1122 4.2.2.13).
    NewSyn,
    /// The application closed with data it had not read: RST instead of FIN, the data lost
    /// (RFC 1122 4.2.2.13; Linux's `tcp_close`).
    AbortOnClose,
    /// New data arrived after the application closed (FIN-WAIT-1 or 2, not a shutdown): RST,
    /// as nobody will read it (RFC 1122 4.2.2.13; Linux).
    DataAfterClose,
    /// Closed by its application, it waited [`FIN_TIMEOUT_NS`] in FIN-WAIT-2 and the peer's
    /// FIN never came: it goes, nothing sent (Linux's tcp_fin_timeout).
    FinTimeout,
    /// Its listening socket closed while it waited, established, in the accept queue: never
    /// accepted, it is reset (see [`Conn::disconnect`]).
    NotAccepted,
    /// The ACK (or data) that returns a SYN cookie arrived at a listening socket that had
    /// answered the SYN with one and kept nothing: the connection is made from it, in
    /// SYN-RECEIVED for the moment the ACK takes to open it (Linux's `cookie_v4_check`).
    SynCookie,
}

/// A connection's timers, as data: when each fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Retransmit the oldest unacknowledged segment at `at`; `rto` is the current timeout.
    Retransmit {
        /// When.
        at: u64,
        /// The timeout that set it.
        rto: u64,
    },
    /// Leave TIME-WAIT at `at`.
    TimeWait {
        /// When.
        at: u64,
    },
    /// Stop waiting in FIN-WAIT-2 for the peer's FIN at `at` ([`FIN_TIMEOUT_NS`]).
    FinWait2 {
        /// When.
        at: u64,
    },
}

/// What a connection asks for after a call or a segment.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    /// Segments to send, in order (two at most, but for data longer than two segments: kept
    /// inline, as a connection's every event returns an `Output`).
    pub send: SmallVec<[Repr; 2]>,
    /// State changes, in order: (from, to, why).
    pub changes: SmallVec<[(State, State, Cause); 2]>,
    /// Bytes of data that arrived in order (the application may read them).
    pub data: usize,
    /// Segments that are retransmissions.
    pub retransmitted: usize,
    /// The retransmission timer fired and the oldest segment went again: which of the
    /// connection's timeouts in a row this is (1 for the first; an ACK of something new starts
    /// the count again).
    pub timeout: Option<u8>,
    /// A keepalive probe was sent: which one (1 to 9).
    pub probe: Option<u8>,
    /// An acknowledgment is held back (Linux's delayed ACK).
    pub ack_delayed: bool,
    /// Data was acknowledged at once because the connection is new (Linux's quickack mode).
    pub ack_quick: bool,
    /// A held-back acknowledgment rode on a segment sent now (piggy-backed).
    pub ack_piggybacked: bool,
    /// Nagle's algorithm holds this many bytes until what is in flight is acknowledged.
    pub nagle_held: usize,
    /// The delayed-ACK timer fired: a pure ACK went out.
    pub ack_timer_fired: bool,
    /// Data arrived beyond a gap: kept for later, and acknowledged at once with what we have
    /// (a duplicate ACK, RFC 5681 4.2).
    pub out_of_order: bool,
    /// Data arrived that fills a gap: what waited beyond it goes to the application too, and
    /// the ACK goes at once.
    pub gap_filled: bool,
    /// The third duplicate ACK came: the oldest segment in flight went again at once (fast
    /// retransmit, RFC 5681 3.2).
    pub fast_retransmit: bool,
    /// Linux: the peer's SYN came again while we were in SYN-RECEIVED (our SYN+ACK was
    /// probably lost): the SYN+ACK went again at once.
    pub syn_again: bool,
    /// In SYN-SENT, an ACK of something we never sent (an old connection's, from an end in
    /// TIME-WAIT at the same ends): answered with a RST carrying its ack number, which that
    /// end takes and goes (RFC 9293 3.10.7.3); the SYN goes again soon.
    pub wrong_ack_reset: bool,
    /// Closed by its application, the connection waits in FIN-WAIT-2 for the peer's FIN at
    /// most [`FIN_TIMEOUT_NS`] from now (it entered FIN-WAIT-2, or was closed in it).
    pub fin_timer: bool,
}

/// One end of a TCP connection.
///
/// What only an open connection needs (its send buffer and segments in flight, its
/// retransmission and keepalive settings, Linux's acknowledgment modes) is kept apart and
/// goes when the connection enters TIME-WAIT or CLOSED: like a Linux timewait socket, a
/// connection in TIME-WAIT keeps only what it needs to acknowledge what still arrives (a
/// retransmitted FIN, an old duplicate), and a closed one only its history. A host that made
/// 90,000 connections keeps a few dozen bytes for each.
#[derive(Debug, Clone)]
pub struct Conn {
    /// Our address and port.
    pub local: (Ipv4Addr, u16),
    /// The peer's address and port.
    pub remote: (Ipv4Addr, u16),
    /// The state now.
    pub state: State,
    /// Every state it has been in, from the first to the last.
    pub states: SmallVec<[State; 8]>,
    /// Our initial sequence number.
    pub iss: u32,
    /// The peer's initial sequence number (once its SYN arrived).
    pub irs: u32,
    snd_nxt: u32,
    rcv_nxt: u32,
    /// The peer's FIN arrived: reads reach the end once [`Conn::received`] is empty.
    pub eof: bool,
    /// The retransmission or TIME-WAIT timer, if one runs.
    pub timer: Option<Timer>,
    msl_ns: u64,
    /// Data bytes sent (first transmissions only) and received in order.
    pub bytes_sent: u64,
    /// Data bytes received in order.
    pub bytes_received: u64,
    /// What an open connection needs; `None` in TIME-WAIT and CLOSED (but until the
    /// application has read what arrived before).
    open: Option<Box<Open>>,
}

/// The part of a connection that only an open one needs.
#[derive(Debug, Clone)]
struct Open {
    /// Data that arrived in order and the application has not read.
    received: Vec<u8>,
    /// The connection is in TIME-WAIT or CLOSED: this part stays only for `received`.
    done: bool,
    snd_una: u32,
    /// The window the peer offers (in its last acceptable segment): data in flight stays
    /// within it (RFC 9293 3.8.6.2.1).
    snd_wnd: u32,
    /// The MSS the peer offered (or ours, before it has).
    mss: u16,
    our_mss: u16,
    /// Data the application wrote that the peer has not acknowledged: the first `flight_bytes`
    /// are sent, the rest wait to be.
    buf: FrontQueue<[u8; 32]>,
    flight_bytes: usize,
    /// Segments sent and not yet acknowledged that take sequence space, oldest first (their
    /// data is the front of `buf`).
    in_flight: FrontQueue<[Flight; 4]>,
    /// The application closed: a FIN follows the data.
    closing: bool,
    /// Whether that was shutdown(write) rather than close(), for the state change's cause.
    shut: bool,
    /// The application has closed the socket (close(), perhaps after a shutdown): nothing
    /// more will be read (Linux's RCV_SHUTDOWN), so new data gets RST.
    app_closed: bool,
    rto: u64,
    tries: u8,
    /// SO_KEEPALIVE: when the next probe is due, and how many went unanswered.
    keepalive: Option<(u64, u8)>,
    /// Acknowledge as Linux does: hold ACKs back up to 40 ms so that they ride on data.
    linux: bool,
    /// A delayed acknowledgment is due at this time.
    delack_at: Option<u64>,
    /// Linux: data segments still acknowledged at once (quickack mode; a new connection).
    quick: u8,
    /// Linux: the connection is interactive (we answered data within 40 ms, or the peer
    /// closed), so ACKs wait for something to ride on (its pingpong mode).
    pingpong: bool,
    /// When data last arrived.
    last_rx: Option<u64>,
    /// Segments that arrived beyond a gap, kept until it is filled: (seq, data, FIN), in the
    /// order they came.
    out_of_order: Vec<(u32, Vec<u8>, bool)>,
    /// ACKs in a row that acknowledged nothing new while data was in flight.
    dup_acks: u8,
    /// The congestion window, in segments: at most this many in flight (RFC 5681).
    cwnd: u32,
    /// Slow start's threshold: below it the window grows by each segment acknowledged, above
    /// it by one segment a window's worth of ACKs.
    ssthresh: u32,
    /// Segments acknowledged towards the next one-segment growth above the threshold.
    cwnd_acked: u32,
    /// Linux: SYN+ACKs sent again at once for a SYN that came again (they count, as the
    /// timeouts do, towards the first window).
    syn_again: u8,
    /// Nagle's algorithm (RFC 896) in Minshall's variant, as Linux has it: a segment smaller
    /// than the MSS waits while an earlier small segment is unacknowledged, and what is
    /// written meanwhile joins it. Linux's default; off with TCP_NODELAY.
    nagle: bool,
    /// The end of the last segment smaller than the MSS sent (Linux's `snd_sml`): Nagle holds
    /// a small segment only while this is unacknowledged.
    snd_sml: u32,
}

impl Open {
    /// Whether as many segments are in flight as the congestion window allows.
    fn cwnd_full(&self) -> bool {
        self.in_flight.len() as u32 >= self.cwnd
    }

    /// Slow start's threshold after a loss: half of what is in flight, at least two segments
    /// (RFC 5681 equation 4).
    fn threshold_after_loss(&self) -> u32 {
        (self.in_flight.len() as u32 / 2).max(2)
    }

    /// The congestion window and the retransmission timeout as data transmission begins,
    /// after our SYN (or SYN+ACK) went again `syn_timeouts` times. The window: one segment if
    /// it had to go more than twice, else [`INIT_CWND`] (RFC 5681 3.1 asks for one after any
    /// lost SYN; Linux, `tcp_init_transfer`, waits for a second timeout, since with RFC
    /// 6298's 1-second first timeout the first may be spurious). The timeout: 3 s if it went
    /// again at all ([`RTO_AFTER_SYN_LOSS_NS`], RFC 6298 5.7), until data sent once is
    /// acknowledged.
    fn start_transfer(&mut self, syn_timeouts: u8) {
        if syn_timeouts > 1 {
            self.cwnd = 1;
        }
        if syn_timeouts > 0 {
            self.rto = RTO_AFTER_SYN_LOSS_NS;
        }
    }

    /// A loss: the threshold halves to [`Open::threshold_after_loss`], and the window becomes
    /// `cwnd` segments.
    fn lost(&mut self, cwnd: u32) {
        self.ssthresh = self.threshold_after_loss();
        self.cwnd = cwnd;
        self.cwnd_acked = 0;
    }
}

/// Items that leave from the front in amortised constant time: a few inline (no allocation
/// of their own), the rest on the heap. A connection's send buffer and its segments in flight
/// are both acknowledged from the front, one segment at a time (a bulk transfer has thousands).
struct FrontQueue<A: smallvec::Array> {
    items: SmallVec<A>,
    /// Items at the front of `items` that have left, not yet dropped.
    head: usize,
}

impl<A: smallvec::Array> Clone for FrontQueue<A>
where
    A::Item: Clone,
{
    fn clone(&self) -> Self {
        FrontQueue { items: self.items.clone(), head: self.head }
    }
}

impl<A: smallvec::Array> std::fmt::Debug for FrontQueue<A>
where
    A::Item: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<A: smallvec::Array> Default for FrontQueue<A> {
    fn default() -> Self {
        FrontQueue { items: SmallVec::new(), head: 0 }
    }
}

impl<A: smallvec::Array> FrontQueue<A> {
    fn len(&self) -> usize {
        self.items.len() - self.head
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn as_slice(&self) -> &[A::Item] {
        &self.items[self.head..]
    }

    fn front_mut(&mut self) -> Option<&mut A::Item> {
        self.items.get_mut(self.head)
    }

    fn push(&mut self, item: A::Item) {
        self.items.push(item);
    }

    fn clear(&mut self) {
        self.items.clear();
        self.head = 0;
    }

    /// Drops the `n` oldest; the space is reused once all have left, or once those that left
    /// are more than half of it.
    fn drop_front(&mut self, n: usize) {
        self.head = (self.head + n).min(self.items.len());
        if self.head == self.items.len() {
            self.clear();
        } else if self.head > self.items.len() / 2 {
            self.items.drain(..self.head);
            self.head = 0;
        }
    }
}

impl<A: smallvec::Array<Item = u8>> FrontQueue<A> {
    fn extend_from_slice(&mut self, more: &[u8]) {
        self.items.extend_from_slice(more);
    }
}

/// A segment in flight, as needed to retransmit it: its data is in the send buffer.
#[derive(Debug, Clone, Copy)]
struct Flight {
    seq: u32,
    len: u32,
    flags: Flags,
    /// It has gone again (a timeout or a fast retransmit): an ACK of it measures no round
    /// trip, since it cannot say which copy it answers (Karn's algorithm, RFC 6298 3).
    again: bool,
}

impl Flight {
    fn seq_len(&self) -> u32 {
        self.len + u32::from(self.flags.syn) + u32::from(self.flags.fin)
    }
}

/// `a` is before `b` in sequence space (RFC 9293's modular comparison).
fn before(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

impl Conn {
    fn new(
        local: (Ipv4Addr, u16),
        remote: (Ipv4Addr, u16),
        iss: u32,
        mss: u16,
        msl_ns: u64,
        state: State,
    ) -> Conn {
        Conn {
            local,
            remote,
            state,
            // A whole life (eight states at most) fits inline.
            states: smallvec::smallvec![state],
            iss,
            irs: 0,
            snd_nxt: iss,
            rcv_nxt: 0,
            eof: false,
            timer: None,
            msl_ns,
            bytes_sent: 0,
            bytes_received: 0,
            open: Some(Box::new(Open {
                received: Vec::new(),
                done: false,
                snd_una: iss,
                snd_sml: iss,
                snd_wnd: 0,
                mss,
                our_mss: mss,
                buf: FrontQueue::default(),
                flight_bytes: 0,
                in_flight: FrontQueue::default(),
                closing: false,
                shut: false,
                app_closed: false,
                rto: RTO_NS,
                tries: 0,
                keepalive: None,
                linux: false,
                delack_at: None,
                quick: QUICK_ACKS,
                pingpong: false,
                last_rx: None,
                out_of_order: Vec::new(),
                dup_acks: 0,
                cwnd: INIT_CWND,
                ssthresh: u32::MAX,
                cwnd_acked: 0,
                syn_again: 0,
                nagle: false,
            })),
        }
    }

    /// Runs `f` on the open connection, if it is open; afterwards its open part goes if the
    /// connection is now in TIME-WAIT or CLOSED (once what arrived is read). Returns whether it
    /// was open.
    fn opened(&mut self, out: &mut Output, f: impl FnOnce(&mut Conn, &mut Open, &mut Output)) -> bool {
        let Some(mut o) = self.open.take() else { return false };
        if o.done {
            self.open = Some(o);
            return false;
        }
        f(self, &mut o, out);
        o.done = matches!(self.state, State::TimeWait | State::Closed);
        if !o.done || !o.received.is_empty() {
            self.open = Some(o);
        }
        true
    }

    /// An active open at `now`: the connection in SYN-SENT and its SYN.
    ///
    /// ```
    /// use netcalc::lan::tcp::{Conn, State};
    /// let (c, out) = Conn::connect(([10, 0, 0, 1].into(), 40000), ([10, 0, 0, 2].into(), 8002), 100, 1460, 30_000_000_000, 0);
    /// assert_eq!(c.state, State::SynSent);
    /// assert!(out.send[0].flags.syn && out.send[0].mss == Some(1460));
    /// ```
    pub fn connect(
        local: (Ipv4Addr, u16),
        remote: (Ipv4Addr, u16),
        iss: u32,
        mss: u16,
        msl_ns: u64,
        now: u64,
    ) -> (Conn, Output) {
        let mut c = Conn::new(local, remote, iss, mss, msl_ns, State::Closed);
        let mut out = Output::default();
        c.opened(&mut out, |c, o, out| {
            let syn = c.syn(o, Flags { syn: true, ..Flags::default() });
            c.transmit(o, syn, now, out);
            c.go(State::SynSent, Cause::Connect, out);
        });
        (c, out)
    }

    /// A passive open: a SYN arrived at a listening socket; the connection in SYN-RECEIVED and
    /// its SYN+ACK.
    pub fn accept(
        local: (Ipv4Addr, u16),
        remote: (Ipv4Addr, u16),
        syn: &Repr,
        iss: u32,
        mss: u16,
        msl_ns: u64,
        now: u64,
    ) -> (Conn, Output) {
        let mut c = Conn::new(local, remote, iss, mss, msl_ns, State::Listen);
        // The connection's own states start at SYN-RECEIVED; LISTEN is the listening socket's.
        c.states.clear();
        let mut out = Output::default();
        c.opened(&mut out, |c, o, out| {
            c.learn_syn(o, syn);
            let synack = c.syn(o, Flags { syn: true, ack: true, ..Flags::default() });
            c.transmit(o, synack, now, out);
            c.go(State::SynReceived, Cause::SynReceived, out);
        });
        (c, out)
    }

    /// A segment for this connection: our ports, the next sequence number, the ACK of what we
    /// have received (except on a first SYN).
    fn segment(&self, mut flags: Flags, payload: Vec<u8>) -> Repr {
        flags.ack |= !(flags.syn && !flags.ack && self.state == State::Closed);
        Repr {
            src_port: self.local.1,
            dst_port: self.remote.1,
            seq: self.snd_nxt,
            ack: if flags.ack { self.rcv_nxt } else { 0 },
            flags,
            window: WINDOW,
            mss: None,
            payload,
        }
    }

    /// A SYN (or SYN+ACK), with our MSS.
    fn syn(&self, o: &Open, flags: Flags) -> Repr {
        Repr { mss: Some(o.our_mss), ..self.segment(flags, Vec::new()) }
    }

    /// Sends `seg`, keeping it for retransmission if it takes sequence space.
    fn transmit(&mut self, o: &mut Open, seg: Repr, now: u64, out: &mut Output) {
        if seg.flags.ack && o.delack_at.take().is_some() {
            out.ack_piggybacked = true;
        }
        // Linux: data sent within 40 ms of data received makes the connection interactive.
        if !seg.payload.is_empty() && o.last_rx.is_some_and(|t| now.saturating_sub(t) < DELAYED_ACK_NS) {
            o.pingpong = true;
        }
        self.snd_nxt = self.snd_nxt.wrapping_add(seg.seq_len());
        if seg.seq_len() > 0 {
            let len = seg.payload.len();
            self.bytes_sent += len as u64;
            if o.in_flight.is_empty() {
                self.timer = Some(Timer::Retransmit { at: now + o.rto, rto: o.rto });
            }
            o.in_flight.push(Flight { seq: seg.seq, len: len as u32, flags: seg.flags, again: false });
            o.flight_bytes += len;
        }
        out.send.push(seg);
    }

    fn go(&mut self, to: State, why: Cause, out: &mut Output) {
        if to != self.state {
            out.changes.push((self.state, to, why));
            self.state = to;
            self.states.push(to);
        }
    }

    /// A pure acknowledgment of everything received.
    fn ack_now(&mut self, o: &mut Open, out: &mut Output) {
        o.delack_at = None;
        out.send.push(self.segment(Flags { ack: true, ..Flags::default() }, Vec::new()));
    }

    /// Acknowledges what arrived: at once (the textbook), or as Linux does: at once for the
    /// first data of a connection that is not interactive yet (quickack), for a second segment
    /// while one is held, and when `now_please` (out of order, a FIN that ends our side's
    /// wait); otherwise held back up to 40 ms.
    fn acknowledge(&mut self, o: &mut Open, now: u64, now_please: bool, data: bool, out: &mut Output) {
        if o.linux && data && !now_please && o.quick > 0 && !o.pingpong && o.delack_at.is_none() {
            o.quick -= 1;
            out.ack_quick = true;
            self.ack_now(o, out);
        } else if !o.linux || now_please || o.delack_at.is_some() {
            self.ack_now(o, out);
        } else {
            o.delack_at = Some(now + DELAYED_ACK_NS);
            out.ack_delayed = true;
        }
    }

    /// Acknowledge as Linux does (delayed, piggy-backed) instead of at once.
    pub fn set_linux(&mut self, on: bool) {
        if let Some(o) = &mut self.open {
            o.linux = on;
        }
    }

    /// Nagle's algorithm on (Linux's default) or off (TCP_NODELAY, the simulator's default,
    /// as netcalc's own echo pair sets it).
    pub fn set_nagle(&mut self, on: bool) {
        if let Some(o) = &mut self.open {
            o.nagle = on;
        }
    }

    /// The application writes `data`: it goes out in MSS-sized segments, PSH on the last.
    /// (Once the connection is in TIME-WAIT or CLOSED, nothing can be written.)
    pub fn send(&mut self, data: &[u8], now: u64) -> Output {
        let mut out = Output::default();
        self.send_into(data, now, &mut out);
        out
    }

    /// As [`Conn::send`], into the caller's `out` (the simulator's own calls: an `Output` is
    /// too big to return by value on every segment).
    pub(crate) fn send_into(&mut self, data: &[u8], now: u64, out: &mut Output) {
        self.opened(out, |c, o, out| {
            o.buf.extend_from_slice(data);
            c.push(o, now, out);
        });
    }

    /// The application closes (or shuts down writing): a FIN follows any unsent data.
    pub fn close(&mut self, now: u64) -> Output {
        let mut out = Output::default();
        self.close_into(now, &mut out);
        out
    }

    /// As [`Conn::close`], into the caller's `out`.
    pub(crate) fn close_into(&mut self, now: u64, out: &mut Output) {
        let resets = self.close_resets();
        if let Some(o) = &mut self.open {
            o.app_closed = true;
        }
        self.fin_into(now, resets, out);
        if self.state == State::FinWait2 && !matches!(self.timer, Some(Timer::FinWait2 { .. })) {
            self.start_fin_timer(now, out);
        }
    }

    /// A FIN after the data (a close or a shutdown(write)), or RST instead if `resets`.
    fn fin_into(&mut self, now: u64, resets: bool, out: &mut Output) {
        self.opened(out, |c, o, out| match c.state {
            _ if resets => {
                // Data arrived that the application will never read: RFC 1122 4.2.2.13 says
                // RST, so that the peer knows it was lost, and Linux does so.
                o.received.clear();
                let rst = c.segment(Flags { rst: true, ack: true, ..Flags::default() }, Vec::new());
                c.abort(o, rst, Cause::AbortOnClose, out);
            }
            State::Established | State::CloseWait => {
                // The state changes at once (RFC 9293 3.10.4, Linux's tcp_close_state); the FIN
                // goes now, on the last of any data not sent yet if it can (Linux's
                // tcp_send_fin), or follows what waits for the windows.
                o.closing = true;
                c.push(o, now, out);
                // The FIN went (and the state changed with it), or it waits.
                if o.closing {
                    let why = if o.shut { Cause::ShutdownFinWaits } else { Cause::CloseFinWaits };
                    c.go(c.after_fin(), why, out);
                }
            }
            State::SynReceived => {
                // The FIN goes once the handshake is done.
                o.closing = true;
                c.push(o, now, out);
            }
            State::SynSent | State::Listen => {
                // Nothing to close with a FIN yet: the attempt is dropped (a shutdown too, as
                // Linux's inet_shutdown disconnects a socket still in SYN-SENT).
                c.timer = None;
                c.go(State::Closed, if o.shut { Cause::Shutdown } else { Cause::Close }, out);
            }
            _ => {}
        });
    }

    /// Sends `rst` and goes to CLOSED: nothing more goes either way.
    fn abort(&mut self, o: &mut Open, rst: Repr, why: Cause, out: &mut Output) {
        out.send.push(rst);
        o.in_flight.clear();
        o.closing = false;
        self.timer = None;
        self.go(State::Closed, why, out);
    }

    /// Whether a [`Conn::close`] now would send RST: data arrived that the application has not
    /// read, and the connection is not yet in TIME-WAIT or CLOSED (RFC 1122 4.2.2.13, as
    /// Linux's `__tcp_close` does it: the data would be lost, and the peer is told). A
    /// shutdown(write) before it changes nothing: its FIN went, and the RST follows it.
    ///
    /// ```
    /// use netcalc::lan::tcp::Conn;
    /// let (a, b) = (([10, 0, 0, 1].into(), 40000), ([10, 0, 0, 2].into(), 8002));
    /// let (mut c, out) = Conn::connect(a, b, 100, 1460, 30_000_000_000, 0);
    /// let (mut s, out) = Conn::accept(b, a, &out.send[0], 900, 1460, 30_000_000_000, 0);
    /// let out = c.on_segment(&out.send[0], 1);
    /// let _ = s.on_segment(&out.send[0], 2);
    /// assert!(!s.close_resets(), "nothing arrived");
    /// let out = c.send(b"hi", 3);
    /// let _ = s.on_segment(&out.send[0], 4);
    /// assert!(s.close_resets(), "\"hi\" is unread");
    /// let _ = s.shutdown(5);
    /// assert!(s.close_resets() && s.fin_sent(), "still unread after shutdown(write)");
    /// let _ = s.read();
    /// assert!(!s.close_resets());
    /// ```
    pub fn close_resets(&self) -> bool {
        // (Only a connection that has been open can have data to read.)
        !matches!(self.state, State::TimeWait | State::Closed)
            && self.open.as_ref().is_some_and(|o| !o.received.is_empty())
    }

    /// Whether our FIN has gone or waits to go after the data (a close or a shutdown(write)
    /// was asked for): a close() now sends no FIN of its own.
    ///
    /// ```
    /// use netcalc::lan::tcp::Conn;
    /// let (a, b) = (([10, 0, 0, 1].into(), 40000), ([10, 0, 0, 2].into(), 8002));
    /// let (mut c, out) = Conn::connect(a, b, 100, 1460, 30_000_000_000, 0);
    /// let (_s, out) = Conn::accept(b, a, &out.send[0], 900, 1460, 30_000_000_000, 0);
    /// let _ = c.on_segment(&out.send[0], 1);
    /// assert!(!c.fin_sent());
    /// let _ = c.shutdown(2);
    /// assert!(c.fin_sent());
    /// ```
    pub fn fin_sent(&self) -> bool {
        matches!(
            self.state,
            State::FinWait1 | State::FinWait2 | State::Closing | State::LastAck | State::TimeWait
        ) || self.open.as_ref().is_some_and(|o| o.closing)
    }

    /// The application shuts down writing: as [`Conn::close`] (a FIN follows any unsent
    /// data), but the state change says so, and data not read yet never makes it a RST;
    /// reading goes on either way in this model.
    pub fn shutdown(&mut self, now: u64) -> Output {
        if let Some(o) = &mut self.open {
            o.shut = true;
        }
        // Data not read yet stays readable: no RST, whatever has arrived.
        let mut out = Output::default();
        self.fin_into(now, false, &mut out);
        out
    }

    /// Whether the application can still send: the connection is opening or open and it has
    /// not closed or shut down its writing side (else send() fails with EPIPE).
    ///
    /// ```
    /// use netcalc::lan::tcp::Conn;
    /// let (mut c, _) = Conn::connect(([10, 0, 0, 1].into(), 40000), ([10, 0, 0, 2].into(), 8002), 100, 1460, 30_000_000_000, 0);
    /// assert!(c.can_send());
    /// let _ = c.shutdown(0);
    /// assert!(!c.can_send());
    /// ```
    pub fn can_send(&self) -> bool {
        matches!(self.state, State::SynSent | State::SynReceived | State::Established | State::CloseWait)
            && self.open.as_ref().is_some_and(|o| !o.closing && !o.done)
    }

    /// Sends what can be sent: data, then the FIN (on the last data segment if that goes
    /// after the close, as Linux's `tcp_send_fin` puts it on a segment not sent yet).
    fn push(&mut self, o: &mut Open, now: u64, out: &mut Output) {
        let open = matches!(self.state, State::Established | State::CloseWait);
        // Closed with data still to send: it goes on after the state change.
        let draining = o.closing && matches!(self.state, State::FinWait1 | State::LastAck | State::Closing);
        if !open && !draining {
            return;
        }
        while o.buf.len() > o.flight_bytes {
            let unsent = o.buf.len() - o.flight_bytes;
            // Nagle: less than a full segment waits while an earlier small segment is
            // unacknowledged (Minshall's variant: Linux's tcp_minshall_check; full segments in
            // flight hold nothing); not the last one once the FIN goes on it (Linux's
            // tcp_nagle_test passes a FIN).
            if o.nagle
                && !o.closing
                && unsent < usize::from(o.mss)
                && !o.in_flight.is_empty()
                && before(o.snd_una, o.snd_sml)
            {
                out.nagle_held = unsent;
                break;
            }
            let n = unsent.min(usize::from(o.mss));
            // A segment goes only if it fits in the peer's window and the congestion window;
            // the rest waits for ACKs to open them again, the FIN on the last too (Linux 6.18's
            // tcp_cwnd_test makes no exception for a final FIN, as older kernels did).
            if o.flight_bytes + n > o.snd_wnd as usize || o.cwnd_full() {
                break;
            }
            let chunk = o.buf.as_slice()[o.flight_bytes..o.flight_bytes + n].to_vec();
            let psh = n == unsent;
            let fin = psh && o.closing;
            let seg = self.segment(Flags { psh, fin, ack: true, ..Flags::default() }, chunk);
            if n < usize::from(o.mss) {
                o.snd_sml = seg.seq.wrapping_add(n as u32);
            }
            self.transmit(o, seg, now, out);
            if fin {
                self.fin_went(o, out);
            }
        }
        // A FIN alone takes no room in the peer's window, but waits for the congestion window.
        if o.closing && o.buf.len() == o.flight_bytes && !o.cwnd_full() {
            let fin = self.segment(Flags { fin: true, ack: true, ..Flags::default() }, Vec::new());
            self.transmit(o, fin, now, out);
            self.fin_went(o, out);
        }
    }

    /// Our FIN has gone: a connection that was still opening when the application closed
    /// (its state changes when the FIN goes) changes now.
    fn fin_went(&mut self, o: &mut Open, out: &mut Output) {
        o.closing = false;
        if matches!(self.state, State::Established | State::CloseWait) {
            self.go(self.after_fin(), if o.shut { Cause::Shutdown } else { Cause::Close }, out);
        }
    }

    /// The state an open connection goes to when its application closes: LAST-ACK once the
    /// peer's FIN came (CLOSE-WAIT), else FIN-WAIT-1.
    fn after_fin(&self) -> State {
        if self.state == State::CloseWait { State::LastAck } else { State::FinWait1 }
    }

    /// Whether our FIN has been sent and acknowledged.
    fn fin_acked(&self, o: &Open) -> bool {
        o.in_flight.is_empty()
            && !o.closing
            && matches!(self.state, State::FinWait1 | State::Closing | State::LastAck)
    }

    /// A segment from the peer, at `now`.
    pub fn on_segment(&mut self, seg: &Repr, now: u64) -> Output {
        let mut out = Output::default();
        self.on_segment_into(seg, now, &mut out);
        out
    }

    /// As [`Conn::on_segment`], into the caller's `out`.
    pub(crate) fn on_segment_into(&mut self, seg: &Repr, now: u64, out: &mut Output) {
        if !self.opened(out, |c, o, out| c.on_segment_open(o, seg, now, out)) {
            self.on_segment_closed(seg, now, out);
        }
    }

    /// A SYN for this connection's ends that a listener could take, while the connection is
    /// in TIME-WAIT: if the SYN's sequence number is beyond the old connection's (RFC 1122
    /// 4.2.2.13; Linux's `tcp_timewait_state_process`, the segments having no timestamps),
    /// TIME-WAIT ends at once and the new connection's ISN is returned, the old one's next
    /// sequence number + 65,537 as Linux chooses it. Otherwise nothing changes, and the SYN
    /// is for [`Conn::on_segment`] (which answers it with an ACK).
    ///
    /// ```
    /// use netcalc::lan::tcp::{Cause, Conn, Output, State};
    /// use netcalc::lan::wire::tcp::{Flags, Repr};
    /// let (a, b) = (([10, 0, 0, 1].into(), 40000), ([10, 0, 0, 2].into(), 8002));
    /// // B accepts A's SYN (sequence number 100), closes first, and ends in TIME-WAIT.
    /// let syn = |seq| Repr { src_port: 40000, dst_port: 8002, seq, ack: 0, flags: Flags { syn: true, ..Flags::default() }, window: 64240, mss: None, payload: vec![] };
    /// let (mut c, out) = Conn::accept(b, a, &syn(100), 5000, 1460, 1_000_000, 0);
    /// let ack = |seq, ack, fin| Repr { flags: Flags { ack: true, fin, ..Flags::default() }, seq, ack, ..syn(0) };
    /// c.on_segment(&ack(101, out.send[0].seq.wrapping_add(1), false), 1);
    /// c.close(2);
    /// c.on_segment(&ack(101, 5002, true), 3);
    /// assert_eq!(c.state, State::TimeWait);
    /// // An old sequence number: TIME-WAIT stays; a newer one takes the ends over.
    /// assert_eq!(c.take_new_syn(&syn(50), &mut Output::default()), None);
    /// let mut out = Output::default();
    /// assert_eq!(c.take_new_syn(&syn(9000), &mut out), Some(5002 + 65_537));
    /// assert_eq!(out.changes[..], [(State::TimeWait, State::Closed, Cause::NewSyn)]);
    /// ```
    pub fn take_new_syn(&mut self, seg: &Repr, out: &mut Output) -> Option<u32> {
        let new = self.state == State::TimeWait
            && seg.flags.syn
            && !seg.flags.ack
            && !seg.flags.rst
            && before(self.rcv_nxt, seg.seq);
        if !new {
            return None;
        }
        self.timer = None;
        self.go(State::Closed, Cause::NewSyn, out);
        Some(self.snd_nxt.wrapping_add(65_537).max(1))
    }

    /// A segment for a connection in TIME-WAIT (or CLOSED, which takes none).
    ///
    /// RFC 9293 3.10.7.4: everything but a RST and a bare ACK of what we expect is answered
    /// with an ACK of what we have: an old duplicate fails the sequence check, a SYN gets a
    /// challenge ACK (RFC 5961 4), and a retransmitted FIN (our last ACK was lost) also
    /// restarts the 2 MSL wait. A bare ACK at our next sequence number passes the check and
    /// asks nothing (when both ends are in TIME-WAIT, answering it would answer the answer,
    /// for ever). Linux does the same (`tcp_timewait_state_process`).
    fn on_segment_closed(&mut self, seg: &Repr, now: u64, out: &mut Output) {
        if self.state != State::TimeWait {
            return;
        }
        if seg.flags.rst {
            if seg.seq == self.rcv_nxt {
                self.timer = None;
                self.go(State::Closed, Cause::Reset, out);
            }
            return;
        }
        if seg.seq_len() == 0 && seg.seq == self.rcv_nxt {
            return;
        }
        out.send.push(self.segment(Flags { ack: true, ..Flags::default() }, Vec::new()));
        if seg.flags.fin {
            self.timer = Some(Timer::TimeWait { at: now + 2 * self.msl_ns });
        }
    }

    fn on_segment_open(&mut self, o: &mut Open, seg: &Repr, now: u64, out: &mut Output) {
        // Anything from the peer shows it is alive: the keepalive's idle time starts again.
        if let Some(k) = &mut o.keepalive {
            *k = (now + KEEPALIVE_IDLE_NS, 0);
        }
        if seg.flags.rst {
            // RFC 9293 3.10.7: in SYN-SENT a RST is acceptable if it acknowledges our SYN.
            let ok = match self.state {
                State::SynSent => seg.flags.ack && seg.ack == self.snd_nxt,
                _ => seg.seq == self.rcv_nxt,
            };
            if ok {
                self.timer = None;
                self.go(State::Closed, Cause::Reset, out);
            }
            return;
        }
        if self.state == State::SynReceived && seg.flags.syn && !seg.flags.ack && seg.seq == self.irs {
            // The peer's SYN again: it has not had our SYN+ACK. RFC 9293 answers an
            // unacceptable segment with an ACK (below); Linux (`tcp_check_req`) sends the
            // SYN+ACK again at once and restarts its timer.
            if o.linux
                && let Some(first) = o.in_flight.as_slice().first().copied()
            {
                self.send_again(o, first, now, out);
                o.syn_again = o.syn_again.saturating_add(1);
                out.syn_again = true;
                return;
            }
        }
        if matches!(self.state, State::FinWait1 | State::FinWait2)
            && o.app_closed
            && !seg.payload.is_empty()
            && before(self.rcv_nxt, seg.seq.wrapping_add(seg.payload.len() as u32))
        {
            // New data after close(): nobody will read it (Linux, `tcp_rcv_state_process`:
            // the answer is a RST as to a segment of no connection).
            self.abort(o, reset_for(seg), Cause::DataAfterClose, out);
            return;
        }
        if self.state == State::SynSent {
            if seg.flags.ack && seg.ack != self.snd_nxt {
                // RFC 9293 3.10.7.3: an unacceptable ACK gets <SEQ=SEG.ACK><CTL=RST>. Linux
                // (`tcp_rcv_synsent_state_process`) also sends its SYN again after
                // TCP_TIMEOUT_MIN rather than a whole timeout, if it has not yet: the RST
                // has just cleared the way.
                out.send.push(reset_for(seg));
                out.wrong_ack_reset = true;
                if o.tries == 0 {
                    self.timer = Some(Timer::Retransmit { at: now + TIMEOUT_MIN_NS, rto: o.rto });
                }
                return;
            }
            if seg.flags.syn && seg.flags.ack && seg.ack == self.snd_nxt {
                self.learn_syn(o, seg);
                let syn_timeouts = o.tries;
                self.acked(o, seg.ack, now);
                o.start_transfer(syn_timeouts);
                self.go(State::Established, Cause::SynAckReceived, out);
                self.ack_now(o, out);
                self.push(o, now, out);
            } else if seg.flags.syn && !seg.flags.ack {
                self.simultaneous_open(o, seg, out);
            }
            return;
        }
        if seg.flags.ack {
            // The window of any ACK that is not older than what we have (it carries news).
            if !before(seg.ack, o.snd_una) {
                o.snd_wnd = u32::from(seg.window);
            }
            // A duplicate ACK: nothing new acknowledged, nothing carried, data in flight (RFC
            // 5681 2). The third in a row means a segment was lost and those after it arrived.
            let duplicate = seg.ack == o.snd_una
                && seg.payload.is_empty()
                && !seg.flags.syn
                && !seg.flags.fin
                && !o.in_flight.is_empty();
            o.dup_acks = if duplicate { o.dup_acks.saturating_add(1) } else { 0 };
            if o.dup_acks == 3 {
                self.fast_retransmit(o, now, out);
            }
            let syn_timeouts = o.tries.saturating_add(o.syn_again);
            self.acked(o, seg.ack, now);
            if self.state == State::SynReceived && !before(o.snd_una, self.snd_nxt) {
                o.start_transfer(syn_timeouts);
                // After crossing SYNs, the ACK of ours comes with the peer's SYN+ACK.
                let crossed = self.states.contains(&State::SynSent);
                let why = if crossed { Cause::CrossedSynAcked } else { Cause::HandshakeAck };
                self.go(State::Established, why, out);
            }
        }
        // Data and FIN in order go to the application; beyond a gap they wait for it to be
        // filled; anything else is answered with an ACK of what we have.
        let in_order = seg.seq == self.rcv_nxt;
        let mut ack = false;
        // A FIN reached in order: this segment's, or one that waited beyond a gap.
        let mut fin = seg.flags.fin && in_order && !self.eof;
        if !seg.payload.is_empty() {
            if in_order && !self.eof {
                self.take(o, &seg.payload, now, out);
                if !o.out_of_order.is_empty() && !seg.flags.fin {
                    fin = self.take_waiting(o, now, out);
                }
            }
            ack = true;
        }
        if !in_order && !self.eof && (!seg.payload.is_empty() || seg.flags.fin) {
            let ahead = seg.seq.wrapping_sub(self.rcv_nxt);
            if ahead < u32::from(WINDOW) && !o.out_of_order.iter().any(|q| q.0 == seg.seq) {
                o.out_of_order.push((seg.seq, seg.payload.clone(), seg.flags.fin));
                out.out_of_order = true;
            }
        }
        let fin_acked = self.fin_acked(o);
        if fin {
            self.rcv_nxt = self.rcv_nxt.wrapping_add(1);
            self.eof = true;
            ack = true;
            match self.state {
                State::Established | State::SynReceived => {
                    // Linux: the peer's FIN makes the connection interactive: the ACK waits for
                    // our own FIN if the application closes soon.
                    o.pingpong = true;
                    self.go(State::CloseWait, Cause::FinReceived, out)
                }
                State::FinWait1 if fin_acked => self.enter_time_wait(now, Cause::FinAndAck, out),
                State::FinWait1 => self.go(State::Closing, Cause::FinReceived, out),
                State::FinWait2 => self.enter_time_wait(now, Cause::FinReceived, out),
                _ => {}
            }
        } else if fin_acked {
            match self.state {
                State::FinWait1 => {
                    self.go(State::FinWait2, Cause::FinAcked, out);
                    if o.app_closed {
                        self.start_fin_timer(now, out);
                    }
                }
                State::Closing => self.enter_time_wait(now, Cause::FinAcked, out),
                State::LastAck => {
                    self.timer = None;
                    self.go(State::Closed, Cause::FinAcked, out);
                }
                _ => {}
            }
        }
        // Data, a FIN, or anything out of order that asks for it (an old duplicate, a keepalive
        // probe) is answered with an ACK of what we have. Linux holds it back, except out of
        // order and for a FIN that moves us to CLOSING or TIME-WAIT.
        if ack || (!in_order && self.asks_for_ack(seg)) {
            let now_please =
                !in_order || out.gap_filled || matches!(self.state, State::TimeWait | State::Closing);
            let data = !seg.payload.is_empty() && !seg.flags.fin;
            self.acknowledge(o, now, now_please, data, out);
        }
        self.push(o, now, out);
    }

    /// What the peer's SYN (or SYN+ACK) tells: its initial sequence number, the next byte
    /// expected after it, its window, and the MSS both ends keep to (the smaller of the two;
    /// 536 if it offers none, RFC 9293 3.7.1).
    fn learn_syn(&mut self, o: &mut Open, syn: &Repr) {
        self.irs = syn.seq;
        self.rcv_nxt = syn.seq.wrapping_add(1);
        o.mss = syn.mss.unwrap_or(536).min(o.our_mss);
        o.snd_wnd = u32::from(syn.window);
    }

    /// The peer's SYN crossed ours (RFC 9293 3.5, figure 8; 3.10.7.3): it is acknowledged by
    /// our SYN sent again as a SYN+ACK (the same sequence number: it is the segment in
    /// flight, and goes again as a SYN+ACK if it must), and the connection waits in
    /// SYN-RECEIVED for the ACK of it, which the peer's own SYN+ACK brings. Linux does the
    /// same (`tcp_rcv_synsent_state_process`, then `tcp_send_synack`).
    #[cold]
    #[inline(never)]
    fn simultaneous_open(&mut self, o: &mut Open, seg: &Repr, out: &mut Output) {
        self.learn_syn(o, seg);
        let flags = Flags { syn: true, ack: true, ..Flags::default() };
        if let Some(syn) = o.in_flight.front_mut() {
            syn.flags = flags;
        }
        out.send.push(Repr { seq: self.iss, ..self.syn(o, flags) });
        self.go(State::SynReceived, Cause::SimultaneousOpen, out);
    }

    /// Whether a segment that is not at our next sequence number asks for an ACK: all do but
    /// one that takes no sequence space and starts beyond what we have, within the window.
    /// That one is acceptable (RFC 9293 3.10.7.4) and needs no answer: the peer sent
    /// something we have not had (a FIN, data that was lost) before this ACK, and answering it
    /// would have the peer answer our answer, and so on: an ACK storm (Linux drops it
    /// silently, `tcp_data_queue`). Out of line: segments come in order nearly always.
    #[cold]
    #[inline(never)]
    fn asks_for_ack(&self, seg: &Repr) -> bool {
        !(seg.seq_len() == 0 && seg.seq.wrapping_sub(self.rcv_nxt) < u32::from(WINDOW))
    }

    /// Data that arrived in order: for the application.
    fn take(&mut self, o: &mut Open, data: &[u8], now: u64, out: &mut Output) {
        self.rcv_nxt = self.rcv_nxt.wrapping_add(data.len() as u32);
        o.received.extend_from_slice(data);
        self.bytes_received += data.len() as u64;
        o.last_rx = Some(now);
        out.data += data.len();
    }

    /// The gap is filled: what waited beyond it follows, as far as it is contiguous (a
    /// segment partly received already gives its new part). Returns whether a FIN that
    /// waited is reached.
    #[cold]
    fn take_waiting(&mut self, o: &mut Open, now: u64, out: &mut Output) -> bool {
        let mut fin = false;
        while let Some(i) = o.out_of_order.iter().position(|q| !before(self.rcv_nxt, q.0)) {
            let (seq, data, seg_fin) = o.out_of_order.swap_remove(i);
            let skip = self.rcv_nxt.wrapping_sub(seq) as usize;
            if skip < data.len() {
                self.take(o, &data[skip..], now, out);
            }
            if seg_fin && seq.wrapping_add(data.len() as u32) == self.rcv_nxt {
                fin = true;
                break;
            }
        }
        out.gap_filled = true;
        if fin {
            o.out_of_order.clear();
        }
        fin
    }

    /// Closed by its application and in FIN-WAIT-2: the peer's FIN must come within
    /// [`FIN_TIMEOUT_NS`].
    fn start_fin_timer(&mut self, now: u64, out: &mut Output) {
        self.timer = Some(Timer::FinWait2 { at: now + FIN_TIMEOUT_NS });
        out.fin_timer = true;
    }

    /// Our FIN is acknowledged and the peer's has come: 2 x MSL to wait. (Nothing is in
    /// flight or left to send: the open part goes once this call returns.)
    fn enter_time_wait(&mut self, now: u64, why: Cause, out: &mut Output) {
        self.timer = Some(Timer::TimeWait { at: now + 2 * self.msl_ns });
        self.go(State::TimeWait, why, out);
    }

    /// An ICMP destination unreachable came back about one of our segments. RFC 1122
    /// (4.2.3.9) calls network and host unreachable soft errors that must not abort a
    /// connection; Linux nevertheless gives up one still in SYN-SENT at once, whatever the code
    /// (RFC 5461 4.1), so connect() fails in milliseconds rather than after a minute of SYNs.
    /// In any other state the error changes nothing: the retransmissions go on.
    ///
    /// ```
    /// use netcalc::lan::tcp::{Cause, Conn, State};
    /// let (mut c, _) = Conn::connect(([10, 0, 1, 1].into(), 40000), ([10, 0, 3, 1].into(), 80), 7, 1460, 30_000_000_000, 0);
    /// let out = c.on_unreachable(300_000);
    /// assert_eq!(out.changes[..], [(State::SynSent, State::Closed, Cause::Unreachable)]);
    /// ```
    pub fn on_unreachable(&mut self, _now: u64) -> Output {
        let mut out = Output::default();
        self.opened(&mut out, |c, _, out| {
            if c.state == State::SynSent {
                c.timer = None;
                c.go(State::Closed, Cause::Unreachable, out);
            }
        });
        out
    }

    /// Drops what `ack` acknowledges from the segments in flight and their data.
    fn acked(&mut self, o: &mut Open, ack: u32, now: u64) {
        if before(o.snd_una, ack) && !before(self.snd_nxt, ack) {
            o.snd_una = ack;
            let (mut segments, mut bytes, mut again) = (0, 0, false);
            for f in o.in_flight.as_slice() {
                if before(ack, f.seq.wrapping_add(f.seq_len())) {
                    break;
                }
                segments += 1;
                bytes += f.len as usize;
                again |= f.again;
            }
            // The window grows only while it is what limits the sender (RFC 7661; Linux's
            // tcp_is_cwnd_limited): in slow start while at least half of it was in use.
            let used = o.in_flight.len() as u32;
            o.in_flight.drop_front(segments);
            o.buf.drop_front(bytes);
            let segments = segments as u32;
            if o.cwnd < o.ssthresh {
                if o.cwnd < 2 * used {
                    o.cwnd = (o.cwnd + segments).min(o.ssthresh);
                }
            } else if used >= o.cwnd {
                o.cwnd_acked += segments;
                if o.cwnd_acked >= o.cwnd {
                    o.cwnd_acked -= o.cwnd;
                    o.cwnd += 1;
                }
            }
            o.flight_bytes = o.flight_bytes.saturating_sub(bytes);
            // An ACK of segments sent once measures a round trip (on a LAN, far below RFC
            // 6298's 1-s floor): the timeout is 1 s again. One that covers a segment that went
            // again measures none, and the backed-off timeout stays (Karn's algorithm, RFC
            // 6298 3 and 5.5; Linux too, "only reset backoff on valid RTT measurement", when no
            // timestamp option measured it, and the simulated segments carry none).
            if !again {
                o.rto = RTO_NS;
            }
            o.tries = 0;
            self.timer = match o.in_flight.is_empty() {
                true => None,
                false => Some(Timer::Retransmit { at: now + o.rto, rto: o.rto }),
            };
        }
    }

    /// The timer fired at `now`: retransmit (with the timeout doubled), give up, or leave
    /// TIME-WAIT.
    pub fn on_timer(&mut self, now: u64) -> Output {
        let mut out = Output::default();
        self.on_timer_into(now, &mut out);
        out
    }

    /// As [`Conn::on_timer`], into the caller's `out`.
    pub(crate) fn on_timer_into(&mut self, now: u64, out: &mut Output) {
        if !self.opened(out, |c, o, out| c.on_timer_open(o, now, out))
            && let Some(Timer::TimeWait { at }) = self.timer
            && at <= now
        {
            self.timer = None;
            self.go(State::Closed, Cause::TimeWaitOver, out);
        }
    }

    fn on_timer_open(&mut self, o: &mut Open, now: u64, out: &mut Output) {
        if o.delack_at.is_some_and(|at| at <= now) {
            self.ack_now(o, out);
            // Linux: a delayed ACK that had to go alone ends the interactive mode.
            o.pingpong = false;
            out.ack_timer_fired = true;
            return;
        }
        if let Some((at, sent)) = o.keepalive
            && at <= now
            && self.state == State::Established
            && o.in_flight.is_empty()
        {
            if sent >= KEEPALIVE_PROBES {
                o.keepalive = None;
                self.go(State::Closed, Cause::KeepaliveGaveUp, out);
                return;
            }
            // A probe: one byte before what the peer expects, no data: it must answer with an
            // ACK (RFC 9293 3.8.4), if it is there.
            let mut probe = self.segment(Flags { ack: true, ..Flags::default() }, Vec::new());
            probe.seq = self.snd_nxt.wrapping_sub(1);
            out.send.push(probe);
            out.probe = Some(sent + 1);
            o.keepalive = Some((now + KEEPALIVE_INTERVAL_NS, sent + 1));
            return;
        }
        if let Some(Timer::FinWait2 { at }) = self.timer {
            if at <= now && self.state == State::FinWait2 {
                self.timer = None;
                self.go(State::Closed, Cause::FinTimeout, out);
            }
            return;
        }
        let Some(Timer::Retransmit { at, .. }) = self.timer else { return };
        if at > now {
            return;
        }
        let limit = match self.state {
            State::SynSent => SYN_RETRIES,
            State::SynReceived => SYNACK_RETRIES,
            _ if o.app_closed => ORPHAN_RETRIES,
            _ => DATA_RETRIES,
        };
        let Some(first) = o.in_flight.as_slice().first().copied() else {
            self.timer = None;
            return;
        };
        if o.tries >= limit {
            self.timer = None;
            o.in_flight.clear();
            self.go(State::Closed, Cause::GaveUp, out);
            return;
        }
        o.tries += 1;
        out.timeout = Some(o.tries);
        o.rto = (o.rto * 2).min(MAX_RTO_NS);
        // A timeout of data: the network may be congested, the window one segment (RFC 5681
        // 3.1). (A SYN's timeouts set the window when the handshake ends: `start_transfer`.)
        if !first.flags.syn {
            o.lost(1);
        }
        self.send_again(o, first, now, out);
    }

    /// The oldest segment in flight again, at once: the third duplicate ACK says it was lost
    /// while those after it arrived. Its retransmission timer starts again.
    #[cold]
    fn fast_retransmit(&mut self, o: &mut Open, now: u64, out: &mut Output) {
        let Some(first) = o.in_flight.as_slice().first().copied() else { return };
        // A loss the ACKs reported: the window is the new threshold (RFC 5681 3.2, without
        // the temporary inflation).
        o.lost(o.threshold_after_loss());
        self.send_again(o, first, now, out);
        out.fast_retransmit = true;
    }

    /// Segment `first` (the oldest in flight) again: the same bytes (the front of the send
    /// buffer), acknowledging what we have now; its retransmission timer starts again.
    fn send_again(&mut self, o: &mut Open, first: Flight, now: u64, out: &mut Output) {
        self.timer = Some(Timer::Retransmit { at: now + o.rto, rto: o.rto });
        if let Some(f) = o.in_flight.front_mut() {
            f.again = true;
        }
        let payload = o.buf.as_slice()[..(first.len as usize).min(o.buf.len())].to_vec();
        let again = Repr {
            seq: first.seq,
            ack: if first.flags.ack { self.rcv_nxt } else { 0 },
            flags: first.flags,
            mss: first.flags.syn.then_some(o.our_mss),
            ..self.segment(first.flags, payload)
        };
        out.send.push(again);
        out.retransmitted += 1;
    }

    /// The host is gone (crashed, switched off): the connection ends without a segment, and its
    /// timers stop. Returns the change to CLOSED, if it was not CLOSED already.
    ///
    /// ```
    /// use netcalc::lan::tcp::{Cause, Conn, State};
    /// let (a, b) = (([10, 0, 0, 1].into(), 40000), ([10, 0, 0, 2].into(), 8002));
    /// let (mut c, _) = Conn::connect(a, b, 100, 1460, 30_000_000_000, 0);
    /// assert_eq!(c.vanish(), Some((State::SynSent, State::Closed, Cause::HostDown)));
    /// assert_eq!((c.vanish(), c.next_deadline()), (None, None));
    /// ```
    pub fn vanish(&mut self) -> Option<(State, State, Cause)> {
        let mut out = Output::default();
        self.drop_silently(Cause::HostDown, &mut out);
        out.changes.pop()
    }

    /// Goes to CLOSED for `why` without a segment: timers stopped, buffers freed.
    fn drop_silently(&mut self, why: Cause, out: &mut Output) {
        self.timer = None;
        self.open = None;
        self.go(State::Closed, why, out);
    }

    /// The listening socket that made this connection, still in SYN-RECEIVED, is closed (its
    /// server exited): the half-open connection is dropped without a segment, as Linux drops
    /// a request whose listener is gone (`reqsk_timer_handler`, `tcp_v4_rcv`); the peer's
    /// next segment then meets RST. A connection in any other state is left as it is.
    ///
    /// ```
    /// use netcalc::lan::tcp::{Cause, Conn, State};
    /// let (a, b) = (("10.0.0.1".parse().unwrap(), 40000), ("10.0.0.2".parse().unwrap(), 80));
    /// let (_, out) = Conn::connect(a, b, 1000, 1460, 30_000_000_000, 0);
    /// let (mut server, _) = Conn::accept(b, a, &out.send[0], 5000, 1460, 30_000_000_000, 0);
    /// let out = server.drop_request();
    /// assert_eq!(out.changes[..], [(State::SynReceived, State::Closed, Cause::ListenerClosed)]);
    /// assert!(out.send.is_empty());
    /// assert_eq!(server.next_deadline(), None);
    /// ```
    pub fn drop_request(&mut self) -> Output {
        let mut out = Output::default();
        if self.state == State::SynReceived {
            self.drop_silently(Cause::ListenerClosed, &mut out);
        }
        out
    }

    /// The listening socket that made this connection is closed while the connection waits,
    /// established, for accept() (in the accept queue): Linux resets it (`inet_csk_listen_stop`
    /// disconnects each child nobody accepted: RST). A connection in any other state is left
    /// as it is.
    ///
    /// ```
    /// use netcalc::lan::tcp::{Cause, Conn, State};
    /// let (a, b) = (("10.0.0.1".parse().unwrap(), 40000), ("10.0.0.2".parse().unwrap(), 80));
    /// let (mut client, out) = Conn::connect(a, b, 1000, 1460, 30_000_000_000, 0);
    /// let (mut server, out) = Conn::accept(b, a, &out.send[0], 5000, 1460, 30_000_000_000, 0);
    /// let out = client.on_segment(&out.send[0], 1);
    /// let _ = server.on_segment(&out.send[0], 2);
    /// let out = server.disconnect();
    /// assert_eq!(out.changes[..], [(State::Established, State::Closed, Cause::NotAccepted)]);
    /// assert!(out.send[0].flags.rst);
    /// ```
    pub fn disconnect(&mut self) -> Output {
        let mut out = Output::default();
        if matches!(self.state, State::Established | State::CloseWait) {
            self.opened(&mut out, |c, o, out| {
                let rst = c.segment(Flags { rst: true, ack: true, ..Flags::default() }, Vec::new());
                c.abort(o, rst, Cause::NotAccepted, out);
            });
        }
        out
    }

    /// Frees the buffers of a CLOSED connection (its history stays), but for data that
    /// arrived and the application has not read: as in Linux, a reset connection's reads
    /// still return it (then the end of file or the error), and [`Conn::read`] frees the rest.
    pub fn release(&mut self) {
        match &mut self.open {
            Some(o) if !o.received.is_empty() => {
                o.done = true;
                o.buf = FrontQueue::default();
                o.in_flight = FrontQueue::default();
                o.out_of_order = Vec::new();
            }
            _ => self.open = None,
        }
    }

    /// SO_KEEPALIVE: probe the peer after 2 hours of silence, every 75 s, 9 times.
    pub fn enable_keepalive(&mut self, now: u64) {
        if let Some(o) = &mut self.open {
            o.keepalive = Some((now + KEEPALIVE_IDLE_NS, 0));
        }
    }

    /// When a timer of this connection is next due (retransmission, TIME-WAIT or keepalive).
    pub fn next_deadline(&self) -> Option<u64> {
        let timer = match self.timer {
            Some(Timer::Retransmit { at, .. } | Timer::TimeWait { at } | Timer::FinWait2 { at }) => Some(at),
            None => None,
        };
        let Some(o) = self.open.as_ref().filter(|o| !o.done) else { return timer };
        let keep = o.keepalive.filter(|_| self.state == State::Established && o.in_flight.is_empty());
        [timer, keep.map(|k| k.0), o.delack_at].into_iter().flatten().min()
    }

    /// Takes what arrived in order for the application to read.
    pub fn read(&mut self) -> Vec<u8> {
        let Some(o) = &mut self.open else { return Vec::new() };
        let data = std::mem::take(&mut o.received);
        if o.done {
            self.open = None;
        }
        data
    }

    /// What arrived in order and the application has not read yet.
    pub fn received(&self) -> &[u8] {
        self.open.as_ref().map_or(&[], |o| &o.received)
    }
}

/// The answer of a host with no listener on the port: RST (RFC 9293 3.10.7.1).
pub fn reset_for(seg: &Repr) -> Repr {
    let (seq, ack, flags) = if seg.flags.ack {
        (seg.ack, 0, Flags { rst: true, ..Flags::default() })
    } else {
        (0, seg.seq.wrapping_add(seg.seq_len()), Flags { rst: true, ack: true, ..Flags::default() })
    };
    Repr {
        src_port: seg.dst_port,
        dst_port: seg.src_port,
        seq,
        ack,
        flags,
        window: 0,
        mss: None,
        payload: Vec::new(),
    }
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    const C: (Ipv4Addr, u16) = (Ipv4Addr::new(10, 0, 0, 1), 40000);
    const S: (Ipv4Addr, u16) = (Ipv4Addr::new(10, 0, 0, 2), 8002);
    const MSL: u64 = 30_000_000_000;

    /// A client end (C, ISN 1) and a server end (S, ISN 2), both ESTABLISHED at time 0,
    /// MSS 1460.
    fn established() -> (Conn, Conn) {
        let (mut c, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 2, 1460, MSL, 0);
        let ack = deliver(&synack, &mut c, 0);
        deliver(&ack, &mut s, 0);
        (c, s)
    }

    /// Delivers every segment of `out` to `to`, returning what it answers.
    fn deliver(out: &Output, to: &mut Conn, now: u64) -> Output {
        let mut all = Output::default();
        for s in &out.send {
            let o = to.on_segment(s, now);
            all.send.extend(o.send);
            all.changes.extend(o.changes);
            all.data += o.data;
            all.ack_quick |= o.ack_quick;
            all.ack_delayed |= o.ack_delayed;
            all.ack_piggybacked |= o.ack_piggybacked;
        }
        all
    }

    fn flags(out: &Output) -> Vec<String> {
        out.send.iter().map(|s| s.flags.to_string()).collect()
    }

    /// A bare ACK from beyond what we have (the peer's FIN was lost before it) is acceptable
    /// and asks nothing; answered, the peer would answer the answer, and so on (an ACK storm).
    /// In TIME-WAIT too: a bare ACK at our next sequence number asks nothing, while the peer's
    /// FIN again gets its ACK.
    #[test]
    fn a_bare_ack_asks_for_no_answer() {
        let (mut c, syn) = Conn::connect(C, S, 1000, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
        deliver(&deliver(&synack, &mut c, 1), &mut s, 2);
        let fin = c.shutdown(3);
        assert!(fin.send[0].flags.fin, "lost: the server never has it");
        let data = s.send(b"hi", 4);
        let ack = c.on_segment(&data.send[0], 5);
        assert_eq!((ack.send[0].seq, s.rcv_nxt), (1002, 1001), "one beyond the server's next");
        assert!(s.on_segment(&ack.send[0], 6).send.is_empty(), "acceptable: nothing to answer");
        // Out of the window the other way (a keepalive probe, an old duplicate): answered.
        let mut old = ack.send[0].clone();
        old.seq = 1000;
        assert_eq!(s.on_segment(&old, 7).send[0].ack, 1001);
        // TIME-WAIT.
        let (mut c, syn) = Conn::connect(C, S, 1000, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
        deliver(&deliver(&synack, &mut c, 1), &mut s, 2);
        deliver(&deliver(&c.close(3), &mut s, 4), &mut c, 5);
        let server_fin = s.close(6);
        deliver(&server_fin, &mut c, 7);
        assert_eq!(c.state, State::TimeWait);
        let mut bare = server_fin.send[0].clone();
        bare.flags.fin = false;
        bare.seq = bare.seq.wrapping_add(1);
        assert!(c.on_segment(&bare, 8).send.is_empty(), "a bare ACK at our next sequence number");
        let again = c.on_segment(&server_fin.send[0], 9);
        assert!(again.send.len() == 1 && again.send[0].flags.ack && !again.send[0].flags.fin);
    }

    /// Segments beyond a gap wait for it: a duplicate ACK for each, then the missing one
    /// brings them all to the application in order, a FIN among them; a segment that arrives
    /// twice, or overlaps what came already, gives only its new bytes.
    #[test]
    fn data_beyond_a_gap_waits_for_it() {
        let (mut c, syn) = Conn::connect(C, S, 1000, 4, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 4, MSL, 0);
        deliver(&deliver(&synack, &mut c, 1), &mut s, 2);
        let mut out = c.send(b"abcdefghij", 3);
        out.send.extend(c.close(3).send);
        let segs: Vec<Repr> = out.send.to_vec();
        assert_eq!(segs.iter().map(|s| s.payload.len()).collect::<Vec<_>>(), [4, 4, 2, 0], "MSS 4, then FIN");
        let (first, rest) = segs.split_first().unwrap();
        for (k, seg) in rest.iter().enumerate() {
            let a = s.on_segment(seg, 4);
            assert!(a.out_of_order && a.data == 0, "{k}: kept, not delivered");
            assert_eq!(a.send[0].ack, 1001, "{k}: a duplicate ACK of what we have");
        }
        // The same segment again is kept once.
        assert!(!s.on_segment(&rest[0], 4).out_of_order);
        let a = s.on_segment(first, 5);
        assert_eq!((a.data, a.gap_filled), (10, true), "the first four, and six that waited");
        assert_eq!(s.read(), b"abcdefghij");
        assert!(s.eof && s.state == State::CloseWait, "the FIN that waited counts");
        assert_eq!(a.send.last().unwrap().ack, 1012, "ten bytes and the FIN");
        // The sender: three duplicate ACKs bring the oldest segment back at once.
        let (mut c, syn) = Conn::connect(C, S, 1000, 4, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 4, MSL, 0);
        deliver(&deliver(&synack, &mut c, 1), &mut s, 2);
        let out = c.send(b"abcdefghijklmnop", 3);
        let dups: Vec<Repr> = out.send[1..].iter().flat_map(|seg| s.on_segment(seg, 4).send).collect();
        assert_eq!(dups.len(), 3);
        let answers: Vec<Output> = dups.iter().map(|d| c.on_segment(d, 5)).collect();
        assert!(!answers[0].fast_retransmit && !answers[1].fast_retransmit);
        assert!(answers[2].fast_retransmit && answers[2].retransmitted == 1);
        assert_eq!(answers[2].send[0].seq, out.send[0].seq);
        assert_eq!(answers[2].send[0].payload, b"abcd");
    }

    /// A sender keeps within the window its peer offers, and within its congestion window:
    /// ten segments at first, one more for each acknowledged while it grows (slow start), one
    /// after a timeout.
    #[test]
    fn the_peers_window_and_the_congestion_window_bound_what_is_in_flight() {
        let (mut c, syn) = Conn::connect(C, S, 1000, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
        let mut small = synack.send[0].clone();
        small.window = 3000;
        deliver(&c.on_segment(&small, 1), &mut s, 2);
        let out = c.send(&[b'x'; 10_000], 3);
        assert_eq!(out.send.len(), 2, "two segments of 1460 fit in 3000 bytes, a third does not");
        // A window that is no limit: the congestion window is, ten segments.
        let (mut c, syn) = Conn::connect(C, S, 1000, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
        deliver(&deliver(&synack, &mut c, 1), &mut s, 2);
        let out = c.send(&[b'x'; 30_000], 3);
        assert_eq!(out.send.len(), 10);
        // The first two acknowledged: four more go (two freed, two grown).
        let acks: Vec<Repr> = out.send[..2].iter().flat_map(|seg| s.on_segment(seg, 4).send).collect();
        let more: usize = acks.iter().map(|a| c.on_segment(a, 5).send.len()).sum();
        assert_eq!(more, 4);
        // A timeout: one segment, the oldest, and nothing new until it is acknowledged.
        let t = c.on_timer(5 + RTO_NS);
        assert_eq!((t.send.len(), t.retransmitted), (1, 1));
    }

    #[test]
    fn handshake_data_and_the_four_way_close() {
        let (mut c, syn) = Conn::connect(C, S, 1000, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
        assert_eq!(flags(&synack), ["SYN, ACK"]);
        let ack = deliver(&synack, &mut c, 1);
        assert_eq!(flags(&ack), ["ACK"]);
        assert_eq!(c.state, State::Established);
        deliver(&ack, &mut s, 2);
        assert_eq!(s.state, State::Established);
        let hello = c.send(b"hello", 3);
        assert_eq!(flags(&hello), ["PSH, ACK"]);
        let a = deliver(&hello, &mut s, 4);
        assert_eq!((flags(&a), a.data), (vec!["ACK".to_string()], 5), "textbook: acknowledged at once");
        assert_eq!(s.read(), b"hello");
        let up = s.send(b"HELLO", 4);
        deliver(&a, &mut c, 5);
        let a2 = deliver(&up, &mut c, 5);
        assert_eq!(c.read(), b"HELLO");
        deliver(&a2, &mut s, 6);
        let fin = c.close(7);
        assert_eq!((flags(&fin), c.state), (vec!["FIN, ACK".to_string()], State::FinWait1));
        let a3 = deliver(&fin, &mut s, 8);
        assert_eq!((flags(&a3), s.state, s.eof), (vec!["ACK".to_string()], State::CloseWait, true));
        deliver(&a3, &mut c, 9);
        assert_eq!(c.state, State::FinWait2);
        let fin2 = s.close(10);
        assert_eq!(s.state, State::LastAck);
        let a4 = deliver(&fin2, &mut c, 11);
        assert_eq!(c.state, State::TimeWait);
        deliver(&a4, &mut s, 12);
        assert_eq!(s.state, State::Closed);
        assert_eq!(c.timer, Some(Timer::TimeWait { at: 11 + 2 * MSL }));
        assert!(c.on_timer(11 + 2 * MSL - 1).changes.is_empty());
        c.on_timer(11 + 2 * MSL);
        assert_eq!(c.state, State::Closed);
        let names = |x: &Conn| x.states.iter().map(|s| s.name()).collect::<Vec<_>>();
        assert_eq!(
            names(&c),
            ["CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSED"]
        );
        // The listening socket stays LISTEN; the connection's own states start at SYN-RECEIVED.
        assert_eq!(names(&s), ["SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"]);
    }

    /// Two connected ends (client, server) at time 2, handshake done.
    fn connected(mss: u16) -> (Conn, Conn) {
        let (mut c, syn) = Conn::connect(C, S, 1000, mss, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, mss, MSL, 0);
        let ack = deliver(&synack, &mut c, 1);
        deliver(&ack, &mut s, 2);
        (c, s)
    }

    /// RFC 1122 4.2.2.13: close() with data not read sends RST (with what it has), not FIN;
    /// data arriving after close() gets RST; after shutdown() it is read, until a close().
    #[test]
    fn close_with_data_unread_or_arriving_resets() {
        let (mut c, mut s) = connected(1460);
        deliver(&s.send(b"unread", 3), &mut c, 4);
        let out = c.close(5);
        assert_eq!(
            (flags(&out), out.send[0].seq, out.send[0].ack),
            (vec!["RST, ACK".to_string()], 1001, 5007)
        );
        assert_eq!(out.changes[..], [(State::Established, State::Closed, Cause::AbortOnClose)]);
        assert_eq!(deliver(&out, &mut s, 6).changes[..], [(State::Established, State::Closed, Cause::Reset)]);
        let (mut c, mut s) = connected(1460);
        deliver(&deliver(&c.close(3), &mut s, 4), &mut c, 5);
        assert_eq!(c.state, State::FinWait2);
        let data = s.send(b"late", 6);
        let out = deliver(&data, &mut c, 7);
        assert_eq!((flags(&out), out.send[0].seq), (vec!["RST".to_string()], data.send[0].ack));
        assert_eq!(out.changes[..], [(State::FinWait2, State::Closed, Cause::DataAfterClose)]);
        let (mut c, mut s) = connected(1460);
        deliver(&deliver(&c.shutdown(3), &mut s, 4), &mut c, 5);
        deliver(&s.send(b"late", 6), &mut c, 7);
        assert_eq!((c.state, c.read()), (State::FinWait2, b"late".to_vec()));
        // Closed after the shutdown (Linux's __tcp_close and RCV_SHUTDOWN, whatever the
        // state): with data unread, RST after the FIN; new data after it, RST.
        let out = c.shutdown(8);
        assert!(out.send.is_empty() && out.changes.is_empty(), "a second shutdown does nothing");
        deliver(&s.send(b"unread", 8), &mut c, 9);
        assert!(c.close_resets() && c.fin_sent());
        let out = c.close(10);
        assert_eq!(flags(&out), ["RST, ACK"]);
        assert_eq!(out.changes[..], [(State::FinWait2, State::Closed, Cause::AbortOnClose)]);
        let (mut c, mut s) = connected(1460);
        deliver(&deliver(&c.shutdown(3), &mut s, 4), &mut c, 5);
        let out = c.close(6);
        assert!(out.send.is_empty() && out.changes.is_empty(), "nothing unread: the FIN went");
        let data = s.send(b"late", 7);
        let out = deliver(&data, &mut c, 8);
        assert_eq!(out.changes[..], [(State::FinWait2, State::Closed, Cause::DataAfterClose)]);
    }

    /// In SYN-SENT, an ACK of something never sent (an old connection's, from an end in
    /// TIME-WAIT) gets <SEQ=SEG.ACK><CTL=RST>, and the SYN goes again after TCP_TIMEOUT_MIN.
    #[test]
    fn a_wrong_ack_in_syn_sent_is_reset_and_the_syn_goes_again_soon() {
        let (mut c, _) = Conn::connect(C, S, 1000, 1460, MSL, 0);
        let old = Repr {
            src_port: S.1,
            dst_port: C.1,
            seq: 77,
            ack: 555,
            flags: Flags { ack: true, ..Flags::default() },
            window: WINDOW,
            mss: None,
            payload: Vec::new(),
        };
        let out = c.on_segment(&old, 10);
        assert_eq!((flags(&out), out.send[0].seq, out.wrong_ack_reset), (vec!["RST".to_string()], 555, true));
        assert_eq!(
            (c.state, c.timer),
            (State::SynSent, Some(Timer::Retransmit { at: 10 + TIMEOUT_MIN_NS, rto: RTO_NS }))
        );
        let again = c.on_timer(10 + TIMEOUT_MIN_NS);
        assert!(again.send[0].flags.syn && again.send[0].seq == 1000);
    }

    #[test]
    fn lost_data_is_sent_again_from_the_send_buffer_oldest_first() {
        let (mut c, mut s) = connected(1000);
        let data: Vec<u8> = (0..2500u32).map(|i| (i % 251) as u8).collect();
        let sent = c.send(&data, 3);
        assert_eq!(sent.send.iter().map(|x| x.payload.len()).collect::<Vec<_>>(), [1000, 1000, 500]);
        // All three lost: the timer sends the first again, the same bytes.
        let again = c.on_timer(3 + RTO_NS);
        assert_eq!(again.retransmitted, 1);
        assert_eq!((again.send[0].seq, &again.send[0].payload[..]), (sent.send[0].seq, &data[..1000]));
        // The first arrives and is acknowledged: the next timeout sends the second. That ACK
        // answers a segment sent twice, so it measures no round trip and the timeout stays
        // backed off (Karn): 2 s, then 4.
        let ack = deliver(&again, &mut s, 4 + RTO_NS);
        deliver(&ack, &mut c, 5 + RTO_NS);
        assert_eq!(c.timer, Some(Timer::Retransmit { at: 5 + 3 * RTO_NS, rto: 2 * RTO_NS }));
        let next = c.on_timer(5 + 3 * RTO_NS);
        assert_eq!((next.send[0].seq, &next.send[0].payload[..]), (sent.send[1].seq, &data[1000..2000]));
        let ack = deliver(&next, &mut s, 6 + 3 * RTO_NS);
        deliver(&ack, &mut c, 7 + 3 * RTO_NS);
        assert_eq!(c.timer, Some(Timer::Retransmit { at: 7 + 7 * RTO_NS, rto: 4 * RTO_NS }));
        let last = c.on_timer(7 + 7 * RTO_NS);
        assert_eq!(&last.send[0].payload[..], &data[2000..]);
        deliver(&deliver(&last, &mut s, 8 + 7 * RTO_NS), &mut c, 9 + 7 * RTO_NS);
        assert_eq!((c.timer, s.read()), (None, data), "all acknowledged, all read, in order");
    }

    #[test]
    fn a_bulk_write_is_acknowledged_segment_by_segment() {
        let (mut c, mut s) = connected(100);
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 253) as u8).collect();
        // In flight: what the client sent and the server has not had yet.
        let mut flight: std::collections::VecDeque<Repr> = c.send(&data, 3).send.into_iter().collect();
        assert_eq!(flight.len(), INIT_CWND as usize, "the initial congestion window");
        let mut k = 0u64;
        while let Some(seg) = flight.pop_front() {
            let ack = s.on_segment(&seg, 4 + k);
            let back = c.on_segment(&ack.send[0], 5 + k);
            assert_eq!(back.retransmitted, 0);
            // Each ACK lets two more go while the window grows (slow start).
            assert!(back.send.len() <= 2, "after ACK {k}");
            flight.extend(back.send);
            // The retransmission timer runs while anything is unacknowledged, from the last ACK.
            let want = (!flight.is_empty()).then_some(Timer::Retransmit { at: 5 + k + RTO_NS, rto: RTO_NS });
            assert_eq!(c.timer, want, "after ACK {k}");
            k += 1;
        }
        assert_eq!(k, 500, "every segment acknowledged on its own");
        assert_eq!(s.read(), data);
        // Nothing left to send again.
        assert!(c.on_timer(10 * RTO_NS).send.is_empty());
    }

    #[test]
    fn time_wait_acknowledges_a_retransmitted_fin_and_keeps_what_was_not_read() {
        let (mut c, mut s) = connected(1460);
        // shutdown(write): it still reads (after close(), data would get RST).
        let fin = c.shutdown(3);
        let ack = deliver(&fin, &mut s, 4);
        deliver(&ack, &mut c, 5);
        assert_eq!(c.state, State::FinWait2);
        // The server's last data and its FIN arrive together: the client goes to TIME-WAIT with
        // the data still unread.
        let mut last = s.send(b"bye", 6);
        last.send.extend(s.close(6).send);
        let acks = deliver(&last, &mut c, 7);
        assert_eq!((c.state, c.received()), (State::TimeWait, &b"bye"[..]));
        assert_eq!(c.next_deadline(), Some(7 + 2 * MSL), "only the 2 MSL timer runs");
        // Our ACK of the FIN was lost: the FIN comes again, is acknowledged again, and 2 MSL
        // starts over.
        let fin_again = last.send.iter().find(|x| x.flags.fin).expect("the server's FIN");
        let re = c.on_segment(fin_again, 8);
        assert_eq!((flags(&re), re.send[0].ack), (vec!["ACK".to_string()], acks.send.last().unwrap().ack));
        assert_eq!(c.timer, Some(Timer::TimeWait { at: 8 + 2 * MSL }));
        assert_eq!(c.read(), b"bye");
        assert!(c.read().is_empty() && c.send(b"late", 9).send.is_empty(), "nothing more to read or send");
        // A retransmitted data segment (an old duplicate) is acknowledged too, and the 2 MSL
        // wait goes on: RFC 9293 3.10.7.4.
        let old = last.send.iter().find(|x| !x.payload.is_empty()).expect("the server's data");
        let re = c.on_segment(old, 9);
        assert_eq!((flags(&re), re.send[0].ack), (vec!["ACK".to_string()], acks.send.last().unwrap().ack));
        assert_eq!(c.timer, Some(Timer::TimeWait { at: 8 + 2 * MSL }));
        c.on_timer(8 + 2 * MSL);
        assert_eq!(c.state, State::Closed);
    }

    #[test]
    fn a_lost_syn_is_sent_again_after_one_second_then_two() {
        let (mut c, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let again = c.on_timer(RTO_NS);
        assert_eq!((again.send[0].clone(), again.retransmitted), (syn.send[0].clone(), 1));
        assert_eq!(again.timeout, Some(1), "the connection's first timeout");
        assert_eq!(c.timer, Some(Timer::Retransmit { at: 3 * RTO_NS, rto: 2 * RTO_NS }));
        let mut now = 3 * RTO_NS;
        for k in 1..SYN_RETRIES {
            let out = c.on_timer(now);
            assert_eq!((out.retransmitted, out.timeout), (1, Some(k + 1)));
            let Some(Timer::Retransmit { at, .. }) = c.timer else { panic!() };
            now = at;
        }
        let last = c.on_timer(now);
        assert_eq!(last.changes[..], [(State::SynSent, State::Closed, Cause::GaveUp)]);
    }

    /// A SYN+ACK that is never acknowledged goes 5 more times (Linux's tcp_synack_retries, one
    /// fewer than a SYN's 6), 1, 2, 4, 8 and 16 s apart; the half-open connection is dropped 32
    /// s after the last, 63 s after the first.
    #[test]
    fn an_unanswered_syn_ack_goes_five_more_times_then_the_connection_is_dropped() {
        let (_, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let (mut s, _) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
        let mut now = RTO_NS;
        for k in 1..=SYNACK_RETRIES {
            let out = s.on_timer(now);
            assert!(out.send[0].flags.syn && out.send[0].flags.ack, "the SYN+ACK again");
            assert_eq!(out.timeout, Some(k));
            let Some(Timer::Retransmit { at, .. }) = s.timer else { panic!() };
            now = at;
        }
        assert_eq!(now, 63 * RTO_NS);
        let last = s.on_timer(now);
        assert_eq!(last.changes[..], [(State::SynReceived, State::Closed, Cause::GaveUp)]);
    }

    #[test]
    fn after_a_lost_syn_the_first_data_waits_three_seconds_before_going_again() {
        // RFC 6298 5.7: no round-trip time from a handshake whose SYN was sent twice, so the
        // retransmission timeout starts at 3 s (doubling from there) until data sent once is
        // acknowledged; without a lost SYN it is the usual 1 s.
        for (syn_timeouts, first_rto) in [(0, RTO_NS), (1, RTO_AFTER_SYN_LOSS_NS), (2, RTO_AFTER_SYN_LOSS_NS)]
        {
            let (mut c, syn) = Conn::connect(C, S, 1000, 536, MSL, 0);
            let mut now = 0;
            for _ in 0..syn_timeouts {
                let Some(Timer::Retransmit { at, .. }) = c.timer else { panic!("a SYN timer") };
                now = at;
                c.on_timer(now);
            }
            let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 536, MSL, now);
            let ack = deliver(&synack, &mut c, now + 1);
            deliver(&ack, &mut s, now + 2);
            let hello = c.send(b"hello", now + 3);
            let Some(Timer::Retransmit { at, rto }) = c.timer else { panic!("a data timer") };
            assert_eq!((at - (now + 3), rto), (first_rto, first_rto), "after {syn_timeouts} SYN timeout(s)");
            // Had it been lost, it would go again when that runs out, the next wait twice as long.
            let mut lost = c.clone();
            assert_eq!(lost.on_timer(at).send.len(), 1);
            let Some(Timer::Retransmit { rto, .. }) = lost.timer else { panic!("a data timer") };
            assert_eq!(rto, 2 * first_rto);
            // Its ACK gives a round-trip time: the next data waits the usual 1 s.
            deliver(&deliver(&hello, &mut s, now + 4), &mut c, now + 5);
            c.send(b"again", now + 6);
            let Some(Timer::Retransmit { at: next, .. }) = c.timer else { panic!("a data timer") };
            assert_eq!(next - (now + 6), RTO_NS);
        }
        // The passive side, after its SYN+ACK went again, the same.
        let (mut c, syn) = Conn::connect(C, S, 1000, 536, MSL, 0);
        let (mut s, _) = Conn::accept(S, C, &syn.send[0], 5000, 536, MSL, 0);
        let Some(Timer::Retransmit { at, .. }) = s.timer else { panic!("a SYN+ACK timer") };
        let synack = s.on_timer(at);
        deliver(&deliver(&synack, &mut c, at + 1), &mut s, at + 2);
        s.send(b"HELLO", at + 3);
        let Some(Timer::Retransmit { rto, .. }) = s.timer else { panic!("a data timer") };
        assert_eq!(rto, RTO_AFTER_SYN_LOSS_NS);
    }

    /// After its SYN timed out twice, a sender starts with one segment (Linux; RFC 5681 asks it
    /// after one), then slow start opens the window; after one timeout it starts with ten.
    #[test]
    fn a_syn_lost_twice_makes_the_first_window_one_segment() {
        let data = vec![b'x'; 3000];
        for (timeouts, first_flight) in [(0, 6), (1, 6), (2, 1), (3, 1)] {
            let (mut c, syn) = Conn::connect(C, S, 1000, 536, MSL, 0);
            let mut now = 0;
            for _ in 0..timeouts {
                now = match c.timer {
                    Some(Timer::Retransmit { at, .. }) => at,
                    _ => panic!("a SYN timer"),
                };
                c.on_timer(now);
            }
            let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 536, MSL, now);
            let ack = deliver(&synack, &mut c, now + 1);
            deliver(&ack, &mut s, now + 2);
            let out = c.send(&data, now + 3);
            let segments = out.send.iter().filter(|x| !x.payload.is_empty()).count();
            assert_eq!(segments, first_flight, "after {timeouts} SYN timeout(s)");
            if first_flight == 1 {
                // Its ACK opens the window to two (slow start).
                let ack = deliver(&out, &mut s, now + 4);
                let next = deliver(&ack, &mut c, now + 5);
                assert_eq!(next.send.iter().filter(|x| !x.payload.is_empty()).count(), 2);
            }
        }
        // The passive side counts its SYN+ACK's timeouts the same way.
        let (mut c, syn) = Conn::connect(C, S, 1000, 536, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 536, MSL, 0);
        let mut last = synack;
        for _ in 0..2 {
            let Some(Timer::Retransmit { at, .. }) = s.timer else { panic!("a SYN+ACK timer") };
            last = s.on_timer(at);
        }
        let ack = deliver(&last, &mut c, 10 * RTO_NS);
        deliver(&ack, &mut s, 10 * RTO_NS + 1);
        let out = s.send(&data, 10 * RTO_NS + 2);
        assert_eq!(out.send.iter().filter(|x| !x.payload.is_empty()).count(), 1);
    }

    /// A SYN that comes again in SYN-RECEIVED (our SYN+ACK was lost): the textbook answers
    /// with an ACK (RFC 9293: an unacceptable segment) and waits for its own timer; Linux
    /// sends the SYN+ACK again at once.
    #[test]
    fn a_repeated_syn_gets_an_ack_or_on_linux_the_syn_ack_again() {
        for linux in [false, true] {
            let (_, syn) = Conn::connect(C, S, 1000, 1460, MSL, 0);
            let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 5000, 1460, MSL, 0);
            s.set_linux(linux);
            let again = s.on_segment(&syn.send[0], RTO_NS);
            let answer = &again.send[0];
            if linux {
                assert_eq!(answer, &synack.send[0], "the same SYN+ACK");
                assert!(again.syn_again && again.retransmitted == 1);
                let Some(Timer::Retransmit { at, .. }) = s.timer else { panic!() };
                assert_eq!(at, 2 * RTO_NS, "its timer starts again");
            } else {
                assert!(!answer.flags.syn && answer.flags.ack && answer.seq == 5001 && answer.ack == 1001);
                assert!(!again.syn_again && again.retransmitted == 0);
            }
            assert_eq!(s.state, State::SynReceived);
        }
    }

    #[test]
    fn a_closed_port_answers_rst_and_the_client_closes() {
        let (mut c, syn) = Conn::connect(C, S, 77, 1460, MSL, 0);
        let rst = reset_for(&syn.send[0]);
        assert_eq!((rst.flags.to_string(), rst.ack), ("RST, ACK".to_string(), 78));
        let o = c.on_segment(&rst, 1);
        assert_eq!(o.changes[..], [(State::SynSent, State::Closed, Cause::Reset)]);
    }

    #[test]
    fn simultaneous_close_goes_through_closing() {
        let (mut c, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 2, 1460, MSL, 0);
        let ack = deliver(&synack, &mut c, 1);
        deliver(&ack, &mut s, 1);
        let (fc, fs) = (c.close(2), s.close(2));
        deliver(&fs, &mut c, 3);
        assert_eq!(c.state, State::Closing);
        let a = deliver(&fc, &mut s, 3);
        deliver(&a, &mut c, 4);
        assert_eq!(c.state, State::TimeWait);
    }

    /// Two SYNs cross (RFC 9293 figure 8): each end answers the other's with its own SYN
    /// again as a SYN+ACK, each SYN+ACK brings the ACK of the other's SYN, and each end
    /// acknowledges the SYN in it, which it had already: six segments, as a real Linux sends
    /// them (`real::a_real_simultaneous_open_sends_what_the_lab_shows` in the integration
    /// tests: two network namespaces, both SYNs held back by a token bucket until they cross).
    #[test]
    fn crossing_syns_open_through_syn_received() {
        let (mut a, syn_a) = Conn::connect(C, S, 100, 1460, MSL, 0);
        let (mut b, syn_b) = Conn::connect(S, C, 300, 536, MSL, 0);
        let synack_a = deliver(&syn_b, &mut a, 1);
        let synack_b = deliver(&syn_a, &mut b, 1);
        assert_eq!(synack_a.changes[..], [(State::SynSent, State::SynReceived, Cause::SimultaneousOpen)]);
        assert_eq!(flags(&synack_a), ["SYN, ACK"]);
        let s = &synack_a.send[0];
        assert_eq!((s.seq, s.ack, s.mss), (100, 301, Some(1460)), "our SYN's number again, with our MSS");
        let ack_a = deliver(&synack_b, &mut a, 2);
        let ack_b = deliver(&synack_a, &mut b, 2);
        assert_eq!(ack_a.changes[..], [(State::SynReceived, State::Established, Cause::CrossedSynAcked)]);
        assert_eq!(flags(&ack_a), ["ACK"]);
        assert_eq!((ack_a.send[0].seq, ack_a.send[0].ack), (101, 301));
        assert!(deliver(&ack_a, &mut b, 3).send.is_empty() && deliver(&ack_b, &mut a, 3).send.is_empty());
        assert_eq!(a.states[..], [State::Closed, State::SynSent, State::SynReceived, State::Established]);
        assert_eq!(b.state, State::Established);
        assert_eq!(a.timer, None, "nothing in flight");
        // The smaller MSS holds both ways, and data flows.
        let hello = a.send(b"hello", 4);
        assert_eq!(deliver(&hello, &mut b, 5).data, 5);
        assert_eq!(a.open.as_ref().map(|o| o.mss), Some(536));
    }

    /// After crossing SYNs, our SYN that must go again (the peer's SYN+ACK was lost) goes as
    /// the SYN+ACK it became.
    #[test]
    fn a_crossing_syn_goes_again_as_a_syn_ack() {
        let (mut a, _lost) = Conn::connect(C, S, 100, 1460, MSL, 0);
        let (_b, syn_b) = Conn::connect(S, C, 300, 1460, MSL, 0);
        deliver(&syn_b, &mut a, 1);
        let again = a.on_timer(a.next_deadline().unwrap_or(0));
        assert_eq!(flags(&again), ["SYN, ACK"]);
        assert_eq!((again.send[0].seq, again.send[0].ack, again.send[0].mss), (100, 301, Some(1460)));
        assert_eq!(a.state, State::SynReceived);
    }

    #[test]
    fn an_icmp_unreachable_ends_only_a_connection_still_opening() {
        let (mut c, _s) = connected(1460);
        let before = (c.state, c.timer);
        let out = c.on_unreachable(5);
        assert!(out.changes.is_empty() && out.send.is_empty(), "a soft error once established");
        assert_eq!((c.state, c.timer), before);
        let (mut c, _) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let out = c.on_unreachable(300);
        assert_eq!(out.changes[..], [(State::SynSent, State::Closed, Cause::Unreachable)]);
        assert_eq!((c.timer, c.next_deadline()), (None, None), "no SYN goes again");
        assert!(c.on_unreachable(301).changes.is_empty(), "closed already");
    }

    #[test]
    fn keepalive_probes_a_silent_peer_and_an_answer_resets_it() {
        let (mut c, mut s) = established();
        c.enable_keepalive(0);
        assert_eq!(c.next_deadline(), Some(KEEPALIVE_IDLE_NS));
        let probe = c.on_timer(KEEPALIVE_IDLE_NS);
        assert_eq!(probe.probe, Some(1));
        // A living peer answers the probe (one byte behind) with an ACK; the idle time restarts.
        let answer = deliver(&probe, &mut s, KEEPALIVE_IDLE_NS);
        assert_eq!(flags(&answer), ["ACK"]);
        deliver(&answer, &mut c, KEEPALIVE_IDLE_NS);
        assert_eq!(c.next_deadline(), Some(2 * KEEPALIVE_IDLE_NS));
        // A silent one: nine probes 75 s apart, then the connection is dropped.
        let mut now = 2 * KEEPALIVE_IDLE_NS;
        for n in 1..=KEEPALIVE_PROBES {
            assert_eq!(c.on_timer(now).probe, Some(n));
            now += KEEPALIVE_INTERVAL_NS;
        }
        assert_eq!(
            c.on_timer(now).changes[..],
            [(State::Established, State::Closed, Cause::KeepaliveGaveUp)]
        );
    }

    #[test]
    fn linux_acks_a_new_connection_at_once_then_holds_the_ack_once_it_is_interactive() {
        let (mut c, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 2, 1460, MSL, 0);
        s.set_linux(true);
        let ack = deliver(&synack, &mut c, 0);
        deliver(&ack, &mut s, 0);
        // Quickack: the first data of a new connection is acknowledged at once.
        let data = c.send(b"hello", 10);
        let quick = deliver(&data, &mut s, 10);
        assert!(quick.ack_quick && !quick.ack_delayed);
        assert_eq!(flags(&quick), ["ACK"]);
        // Answering within 40 ms makes the connection interactive (pingpong)...
        let reply = s.send(b"HELLO", 20);
        assert!(!reply.ack_piggybacked);
        deliver(&reply, &mut c, 20);
        // ...so the next data's ACK is held, and rides on the next reply.
        let more = c.send(b"again", 30);
        let held = deliver(&more, &mut s, 30);
        assert!(held.send.is_empty() && held.ack_delayed, "no ACK yet");
        assert_eq!(s.next_deadline(), Some(30 + DELAYED_ACK_NS));
        let reply = s.send(b"AGAIN", 40);
        assert!(reply.ack_piggybacked && reply.send[0].ack == c.snd_nxt);
        deliver(&reply, &mut c, 40);
        // No data to ride on: the timer sends it alone, and the connection is not
        // interactive any more (the next data is acknowledged at once again).
        let more = c.send(b"third", 50);
        deliver(&more, &mut s, 50);
        assert!(s.on_timer(50 + DELAYED_ACK_NS - 1).send.is_empty());
        let fired = s.on_timer(50 + DELAYED_ACK_NS);
        assert!(fired.ack_timer_fired);
        assert_eq!(flags(&fired), ["ACK"]);
        let more = c.send(b"fourth", 60 + DELAYED_ACK_NS);
        assert!(deliver(&more, &mut s, 60 + DELAYED_ACK_NS).ack_quick);
    }

    #[test]
    fn linux_holds_the_ack_of_a_fin_for_its_own_fin() {
        let (mut c, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let (mut s, synack) = Conn::accept(S, C, &syn.send[0], 2, 1460, MSL, 0);
        s.set_linux(true);
        let ack = deliver(&synack, &mut c, 0);
        deliver(&ack, &mut s, 0);
        let fin = c.close(10);
        let held = deliver(&fin, &mut s, 10);
        assert!(held.send.is_empty() && held.ack_delayed);
        assert_eq!(s.state, State::CloseWait);
        let last = s.close(11);
        assert!(last.ack_piggybacked);
        assert_eq!(flags(&last), ["FIN, ACK"]);
    }

    #[test]
    fn nagle_holds_a_small_write_while_data_is_in_flight_and_joins_the_next() {
        let (mut c, mut s) = established();
        c.set_nagle(true);
        let first = c.send(b"hello", 1);
        assert_eq!(first.send.len(), 1, "nothing in flight: it goes at once");
        let held = c.send(b"world", 2);
        assert!(held.send.is_empty());
        assert_eq!(held.nagle_held, 5);
        let more = c.send(b"again", 3);
        assert_eq!(more.nagle_held, 10);
        // The ACK of "hello" lets the two writes go as one segment.
        let acked = deliver(&first, &mut s, 4);
        let out = deliver(&acked, &mut c, 5);
        assert_eq!(out.send[0].payload, b"worldagain");
        assert_eq!(out.send.len(), 1);
    }

    /// A close() with data that Nagle holds: the FIN goes on that data at once (Linux's
    /// tcp_send_fin marks the segment not sent yet, and tcp_nagle_test lets a FIN through),
    /// and FIN-WAIT-1 starts with the close (RFC 9293 3.10.4).
    #[test]
    fn a_close_sends_the_data_nagle_holds_with_the_fin_on_it() {
        let (mut c, mut s) = established();
        c.set_nagle(true);
        let first = c.send(b"hello", 1);
        assert_eq!(c.send(b"world", 2).nagle_held, 5);
        let closing = c.close(2);
        assert_eq!(flags(&closing), ["FIN, PSH, ACK"]);
        assert_eq!(closing.send[0].payload, b"world");
        assert_eq!(closing.changes[..], [(State::Established, State::FinWait1, Cause::Close)]);
        // The ACK of "hello" alone leaves the FIN unacknowledged; the next one acknowledges it.
        let acked = deliver(&first, &mut s, 3);
        deliver(&acked, &mut c, 4);
        assert_eq!(c.state, State::FinWait1);
        let acked = deliver(&closing, &mut s, 5);
        deliver(&acked, &mut c, 6);
        assert_eq!(c.state, State::FinWait2);
    }

    /// A close() while data waits for the congestion window: FIN-WAIT-1 at once (cause
    /// close-fin-waits), nothing sent; the FIN rides on the last data segment when the
    /// window lets it go, and FIN-WAIT-2 waits for the ACK of that FIN, not of the data.
    #[test]
    fn a_close_behind_data_changes_state_at_once_and_its_fin_follows_the_data() {
        let (mut c, mut s) = connected(100);
        let sent = c.send(&[7u8; 2000], 1);
        assert!(sent.send.len() < 20, "the congestion window holds some back");
        let closing = c.close(1);
        assert!(closing.send.is_empty());
        assert_eq!(closing.changes[..], [(State::Established, State::FinWait1, Cause::CloseFinWaits)]);
        let mut flight = sent;
        let mut last = None;
        for t in 2..40 {
            let acks = deliver(&flight, &mut s, t);
            flight = deliver(&acks, &mut c, t);
            if let Some(fin) = flight.send.iter().find(|x| x.flags.fin) {
                last = Some(fin.clone());
            }
            if flight.send.is_empty() {
                break;
            }
            assert_ne!(c.state, State::FinWait2, "not before the FIN is acknowledged");
        }
        let fin = last.expect("the FIN went");
        assert_eq!((fin.payload.len(), fin.flags.psh), (100, true), "on the last data segment");
        assert_eq!(c.state, State::FinWait2);
        assert_eq!(s.state, State::CloseWait);
    }

    #[test]
    fn data_is_cut_at_the_mss_with_psh_on_the_last() {
        let (mut c, syn) = Conn::connect(C, S, 1, 1460, MSL, 0);
        let (_, mut synack) = Conn::accept(S, C, &syn.send[0], 2, 100, MSL, 0);
        synack.send[0].mss = Some(100);
        c.on_segment(&synack.send[0], 1);
        let out = c.send(&[7u8; 250], 2);
        let sizes: Vec<(usize, bool)> = out.send.iter().map(|s| (s.payload.len(), s.flags.psh)).collect();
        assert_eq!(sizes, [(100, false), (100, false), (50, true)]);
    }
}
