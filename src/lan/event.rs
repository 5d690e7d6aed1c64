//! What the simulator reports, as values: every decision a host or the switch makes, with the
//! facts behind it. The library words none of it; the binary renders events as text (with
//! its reasons), as JSON, or anywhere else, in any language.
//!
//! Nodes are named by their index into [`Sim::nodes`](super::sim::Sim::nodes); frames by
//! [`FrameInfo`], whose `number` is the frame's record number in the capture.

use std::net::Ipv4Addr;

use serde::Serialize;

use super::switch::{Decision, FloodReason, Learned};
use super::tcp::{Cause, State};
use super::wire::icmp::Quote;
use super::wire::ipv4::PROTO_ICMP;
use super::wire::tcp::{Flags, PROTO_TCP};
use super::wire::udp::PROTO_UDP;
use crate::mac::MacAddr;

/// A frame as the trace shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FrameInfo {
    /// The frame's record number in the capture (1-based): frames are numbered in the order
    /// they enter the switch, as the capture holds them.
    pub number: u64,
    /// The Ethernet source.
    pub src: MacAddr,
    /// The Ethernet destination (ff:ff:ff:ff:ff:ff for a broadcast).
    pub dst: MacAddr,
    /// What it carries.
    pub packet: Packet,
}

/// What a frame carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Packet {
    /// ARP request: who has `target_ip`? tell `sender_ip`.
    ArpRequest {
        /// The asker's address.
        sender_ip: Ipv4Addr,
        /// The address asked about.
        target_ip: Ipv4Addr,
    },
    /// ARP reply: `sender_ip` is at `sender_mac`.
    ArpReply {
        /// The answering address.
        sender_ip: Ipv4Addr,
        /// Its MAC.
        sender_mac: MacAddr,
    },
    /// ICMP echo request or reply in IPv4.
    Echo {
        /// Request (true) or reply.
        request: bool,
        /// IPv4 source.
        src: Ipv4Addr,
        /// IPv4 destination.
        dst: Ipv4Addr,
        /// ICMP sequence number.
        seq: u16,
        /// IPv4 time to live.
        ttl: u8,
    },
    /// An ICMP error (destination unreachable, time exceeded) about an IPv4 packet.
    IcmpError {
        /// ICMP type (3 or 11).
        icmp_type: u8,
        /// ICMP code.
        code: u8,
        /// IPv4 source: the router that sends it.
        src: Ipv4Addr,
        /// IPv4 destination: the offending packet's source.
        dst: Ipv4Addr,
        /// IPv4 time to live.
        ttl: u8,
        /// The packet it is about, as it quotes it (`None`: a quote too short to tell).
        about: Option<About>,
    },
    /// A TCP segment in IPv4.
    Tcp {
        /// IPv4 source.
        src: Ipv4Addr,
        /// IPv4 destination.
        dst: Ipv4Addr,
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// Control bits, as `SYN, ACK`.
        flags: Flags,
        /// Sequence number, relative to the sender's initial one (as Wireshark shows it).
        seq: u32,
        /// Acknowledgment number, relative to the receiver's initial one.
        ack: u32,
        /// Bytes of data.
        len: usize,
        /// IPv4 time to live.
        ttl: u8,
    },
    /// A UDP datagram in IPv4.
    Udp {
        /// IPv4 source.
        src: Ipv4Addr,
        /// IPv4 destination.
        dst: Ipv4Addr,
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// Bytes of data.
        len: usize,
        /// IPv4 time to live.
        ttl: u8,
    },
    /// Anything else.
    Other,
}

/// The packet an ICMP error is about, as the error quotes it: what a host matches the error
/// to its socket by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct About {
    /// `tcp`, `udp`, `icmp`, or `ip` (another protocol).
    pub proto: &'static str,
    /// Its IPv4 source.
    pub src: Ipv4Addr,
    /// Its IPv4 destination.
    pub dst: Ipv4Addr,
    /// Its source port (TCP and UDP).
    pub src_port: Option<u16>,
    /// Its destination port (TCP and UDP).
    pub dst_port: Option<u16>,
}

impl From<Quote> for About {
    fn from(q: Quote) -> About {
        let proto = match q.proto {
            PROTO_ICMP => "icmp",
            PROTO_TCP => "tcp",
            PROTO_UDP => "udp",
            _ => "ip",
        };
        let (src_port, dst_port) = (q.ports.map(|p| p.0), q.ports.map(|p| p.1));
        About { proto, src: q.src, dst: q.dst, src_port, dst_port }
    }
}

/// How a host chose where to send an IPv4 packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "route", rename_all = "kebab-case")]
pub enum Route {
    /// `dst AND mask == my network`: straight to it.
    OnLink {
        /// `dst AND mask`.
        masked: Ipv4Addr,
    },
    /// A router's route to the network, through the next router (a static route, or its
    /// default route: 0.0.0.0/0): to that router.
    ViaRouter {
        /// The route's network.
        network: Ipv4Addr,
        /// Its prefix length.
        prefix: u8,
    },
    /// Off my network: to the gateway.
    ViaGateway {
        /// The host's own network (address and prefix length).
        network: Ipv4Addr,
        /// Its prefix length.
        prefix: u8,
    },
    /// The router sends its answer straight back to the host that asked.
    Back,
    /// A broadcast address (the subnet's own or 255.255.255.255): to ff:ff:ff:ff:ff:ff, no ARP.
    Broadcast,
    /// A multicast group: to its 01:00:5e MAC, no ARP.
    Multicast,
}

/// How the next hop's MAC was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolved {
    /// A reachable ARP entry.
    Hit,
    /// A stale entry, used as it is.
    Stale,
    /// No ARP needed: the MAC follows from the address.
    Mapped,
}

/// How a ping ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PingOutcome {
    /// The echo reply came back.
    Replied,
    /// No reply within the ping's timeout.
    Timeout,
    /// The next hop never answered ARP: Linux's ping says "Destination Host Unreachable".
    HostUnreachable,
    /// A router answered with ICMP destination unreachable.
    Unreachable {
        /// The router.
        from: Ipv4Addr,
        /// The code (0 network, 1 host).
        code: u8,
    },
    /// A router answered with ICMP time exceeded: the TTL ran out on the way.
    TimeExceeded {
        /// The router.
        from: Ipv4Addr,
    },
}

/// What holds a port that bind() finds in use (Linux's bind conflicts, for a socket without
/// SO_REUSEADDR unless said).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holder {
    /// A listening TCP socket.
    Listener,
    /// An open TCP connection with the port for its own (SO_REUSEADDR lets a bind() through
    /// if the connection's socket set it too).
    Connection,
    /// A connection in TIME-WAIT (SO_REUSEADDR lets a bind() through if the connection's
    /// socket set it too).
    TimeWait,
    /// A UDP socket.
    Udp,
}

/// A socket call of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "call", rename_all = "kebab-case")]
pub enum Call {
    /// The server listens on a port.
    Listen {
        /// The port.
        port: u16,
        /// It set SO_REUSEADDR before bind() (left out of JSON when not).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        reuseaddr: bool,
        /// Whether it upper-cases what it echoes.
        upper: bool,
        /// An iterative server: one client at a time (left out of JSON when not).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        iterative: bool,
        /// listen()'s backlog, if its step gave one (an iterative server always has one; left
        /// out of JSON when not).
        #[serde(skip_serializing_if = "Option::is_none")]
        backlog: Option<u32>,
    },
    /// connect() to an address and port: TCP sends its SYN; UDP only keeps its peer (and then
    /// hears of ICMP errors about what it sends, as a connected UDP socket does).
    Connect {
        /// The server's address.
        ip: Ipv4Addr,
        /// Its port.
        port: u16,
        /// UDP rather than TCP.
        udp: bool,
    },
    /// send(): bytes written.
    Send {
        /// How many.
        len: usize,
        /// The first of them.
        data: Snippet,
    },
    /// recv(): bytes read (0: end of file).
    Recv {
        /// How many.
        len: usize,
        /// The first of them: what the application sees in one read, however many sends it
        /// holds.
        data: Snippet,
    },
    /// A whole message taken from what was read: its 2-byte length prefix said how long.
    Message {
        /// Its length, without the prefix.
        len: usize,
        /// The first of its bytes.
        data: Snippet,
    },
    /// After a length-prefixed read, part of a message is left: the reader waits for the rest
    /// (for ever, if the peer does not frame what it sends).
    Partial {
        /// Bytes of the message here, its length prefix included.
        have: usize,
        /// How long its length prefix says the message is (`None`: only one byte of the prefix
        /// has come).
        need: Option<usize>,
        /// The prefix bytes as they came (two bytes of text, if the peer sends no prefix).
        prefix: Snippet,
    },
    /// close().
    Close {
        /// Its connection had already ended (reset, timed out): close() only lets the socket
        /// go, and nothing is sent (left out of JSON when not).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        ended: bool,
        /// How many bytes it never read were waiting: close() sends RST instead of FIN (RFC
        /// 1122 4.2.2.13; left out of JSON when none).
        #[serde(skip_serializing_if = "Option::is_none")]
        unread: Option<usize>,
        /// Its FIN went already (or waits after the data): a shutdown(write) asked for it,
        /// and close() adds none (left out of JSON when not).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        fin_sent: bool,
    },
    /// accept(): an iterative server takes the oldest connection the kernel completed for it
    /// (it may have waited in the accept queue, its data read by the kernel meanwhile).
    Accept {
        /// The client's address.
        ip: Ipv4Addr,
        /// Its port.
        port: u16,
        /// Connections still waiting in the accept queue after this one.
        waiting: usize,
    },
    /// shutdown(SHUT_WR): a FIN after the data, and reading goes on (a half-close).
    Shutdown {
        /// The handshake was not done (a non-blocking connect() in progress): Linux drops the
        /// attempt instead (its tcp_disconnect), and the socket's next call fails with
        /// [`Call::Disconnected`] (left out of JSON when not).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        unopened: bool,
    },
    /// A non-blocking connect() returned at once (EINPROGRESS): the handshake goes on while
    /// the application does other things.
    InProgress,
    /// The server process exits (its listening socket closes).
    Exit {
        /// The port it listened on.
        port: u16,
    },
    /// bind() failed with "address already in use": a server's listening socket (a `listen`
    /// or `restart` step), or a client's socket that binds its port before connect() (a
    /// `connect` step with `port`), whose application then gives up.
    AddrInUse {
        /// The port.
        port: u16,
        /// What holds it.
        held_by: Holder,
        /// The socket set SO_REUSEADDR (which the holder's did not): left out of JSON when
        /// not.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        reuseaddr: bool,
        /// A server's listening socket (a `listen` or `restart` step), not a client's (left
        /// out of JSON when not).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        server: bool,
    },
    /// connect() failed with "cannot assign requested address" (EADDRNOTAVAIL): the socket
    /// bound its port with SO_REUSEADDR, but a connection with the same ends is still there.
    AddrNotAvail {
        /// The port the socket bound.
        local_port: u16,
        /// The server's address.
        ip: Ipv4Addr,
        /// Its port.
        port: u16,
        /// That connection: open, or in TIME-WAIT.
        held_by: Holder,
    },
    /// The call failed: connection refused (RST, or ICMP port unreachable).
    Refused,
    /// The call failed: connection reset by peer (a RST on an open connection, ECONNRESET).
    Reset,
    /// The call failed with ECONNRESET, though no RST came: the socket's own shutdown(write)
    /// dropped its connect() in progress, and Linux leaves that error for the next call.
    Disconnected,
    /// recv() failed: the socket is not connected (ENOTCONN), its attempt to connect having
    /// been dropped.
    NotConnected,
    /// Broken pipe (EPIPE): the socket can send no more. `reset`: a RST came after the peer's
    /// FIN (in CLOSE-WAIT, where Linux records EPIPE rather than ECONNRESET: reads return what
    /// arrived, then the end of file, and the next send fails); otherwise a send() failed, the
    /// socket's writing side being shut down or its connection gone.
    BrokenPipe {
        /// A RST arrived (rather than a send failing).
        reset: bool,
    },
    /// The call failed: no answer before the retries ran out.
    TimedOut,
    /// connect() failed: an ICMP destination unreachable came back about the SYN (Linux gives
    /// up a connection still opening on any, RFC 5461 4.1).
    Unreachable {
        /// Who sent the ICMP error (a router, or the host's own stack).
        from: Ipv4Addr,
        /// Its code: 0 network, 1 host unreachable, ...
        code: u8,
    },
}

/// The first bytes of what a socket call wrote or read (at most [`Snippet::MAX`]), kept in the
/// event itself. Shown as text: UTF-8 as it is, and every other byte, control characters, `"`
/// and `\` escaped (`\x00`, `\n`, `\"`), so that a length prefix or a binary byte is
/// visible and the text gives the bytes back exactly.
///
/// ```
/// use netcalc::lan::event::Snippet;
/// assert_eq!(Snippet::new(b"\x00\x05hello").to_string(), r"\x00\x05hello");
/// assert_eq!(Snippet::new("你好\n".as_bytes()).to_string(), r"你好\n");
/// let long = Snippet::new(&[b'a'; 100]);
/// assert_eq!(long.as_bytes().len(), Snippet::MAX);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Snippet {
    bytes: [u8; Snippet::MAX],
    len: u8,
}

impl Snippet {
    /// The most bytes a snippet keeps.
    pub const MAX: usize = 40;

    /// The first bytes of `data`: [`Snippet::MAX`] of them, or fewer so as not to cut a UTF-8
    /// character in two.
    pub fn new(data: &[u8]) -> Snippet {
        let mut n = data.len().min(Snippet::MAX);
        if n < data.len() {
            // Back off over the continuation bytes of a character the cut would split (a
            // character is at most 4 bytes).
            let start = n;
            while n > 0 && start - n < 3 && data[n] & 0xC0 == 0x80 {
                n -= 1;
            }
            if data[n] & 0xC0 == 0x80 {
                n = start;
            }
        }
        let mut bytes = [0; Snippet::MAX];
        bytes[..n].copy_from_slice(&data[..n]);
        Snippet { bytes, len: n as u8 }
    }

    /// The bytes kept.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl std::fmt::Display for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        for chunk in self.as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '"' => f.write_str("\\\"")?,
                    '\\' => f.write_str("\\\\")?,
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    c if c.is_control() => {
                        let mut buf = [0; 4];
                        for b in c.encode_utf8(&mut buf).bytes() {
                            write!(f, "\\x{b:02x}")?;
                        }
                    }
                    c => f.write_char(c)?,
                }
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

impl std::fmt::Debug for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl Serialize for Snippet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What becomes of an acknowledgment that Linux holds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AckEvent {
    /// Sent at once: the connection is new and not interactive yet (Linux's quickack mode).
    Quick,
    /// Held back up to 40 ms, in the hope of riding on data.
    Delayed,
    /// It rides on the segment sent now (piggy-backed).
    Piggybacked,
    /// Nothing to ride on within 40 ms: a pure ACK goes.
    TimerFired,
    /// Data beyond a gap (a segment before it is missing): kept, and what we have is
    /// acknowledged at once (a duplicate ACK, RFC 5681 4.2).
    OutOfOrder,
    /// The missing segment came: the data that waited beyond it goes to the application
    /// too, and the ACK goes at once.
    GapFilled,
    /// The third duplicate ACK: the oldest segment in flight goes again at once, without
    /// waiting for the retransmission timeout (fast retransmit, RFC 5681 3.2).
    FastRetransmit,
    /// Linux: the peer's SYN came again in SYN-RECEIVED, so our SYN+ACK goes again at once
    /// (the textbook answers with an ACK).
    SynAgain,
    /// In SYN-SENT, an ACK of something never sent (from an old connection's end in TIME-WAIT
    /// at the same ends): a RST with its ack number went back, which ends that TIME-WAIT, and
    /// the SYN goes again soon (RFC 9293 3.10.7.3; Linux after TCP_TIMEOUT_MIN).
    WrongAckReset,
}

/// What a TCP timer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "timer", rename_all = "kebab-case")]
pub enum TimerEvent {
    /// The retransmission timer fires: the oldest unacknowledged segment goes again, and the
    /// timeout doubles to `next_rto_ns`.
    Retransmit {
        /// Which retransmission.
        attempt: u8,
        /// The timeout now.
        next_rto_ns: u64,
    },
    /// A keepalive probe goes out after the peer's silence.
    KeepaliveProbe {
        /// Which probe (1 to 9).
        probe: u8,
    },
    /// TIME-WAIT begins: CLOSED after 2 x MSL.
    TimeWaitStarts {
        /// How long.
        ns: u64,
    },
    /// A connection its application has closed is in FIN-WAIT-2: CLOSED if the peer's FIN
    /// has not come within this long (Linux's tcp_fin_timeout).
    FinTimeoutStarts {
        /// How long.
        ns: u64,
    },
}

/// Why a router drops a packet (and answers its source with an ICMP error, but for a
/// martian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dropped {
    /// Its TTL would reach 0 here.
    TtlExceeded,
    /// No route matches its destination.
    NoRoute,
    /// Its next hop did not answer ARP.
    NextHopFailed,
    /// It came in with one of the router's own addresses as its source: a packet of its own
    /// come back (round a loop, say). Linux drops such a "martian source" without a word
    /// (`accept_local` is off).
    MartianSource,
}

/// Why a host answers nothing to an echo request it accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ignored {
    /// Addressed to a broadcast address (Linux: icmp_echo_ignore_broadcasts = 1).
    Broadcast,
    /// Addressed to a multicast group (the same setting covers it).
    Multicast,
}

/// One thing that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    /// A host (or a lab's router) starts a ping.
    PingStart {
        /// The host or router.
        node: usize,
        /// The source address: the address of the interface the route to `dst` leaves by,
        /// as Linux chooses it (a host's only address; on a router, the one on that side).
        src: Ipv4Addr,
        /// The destination.
        dst: Ipv4Addr,
        /// The node that has that address, if any.
        dst_node: Option<usize>,
        /// Which ping (1-based).
        number: usize,
        /// Of how many.
        total: usize,
        /// The TTL the ping asks for (`ping -t`), if not the default.
        ttl: Option<u8>,
    },
    /// A ping ends.
    PingEnd {
        /// The host.
        node: usize,
        /// The destination.
        dst: Ipv4Addr,
        /// How.
        outcome: PingOutcome,
    },
    /// A ping to a loopback address (127.0.0.0/8, or 0.0.0.0, which Linux takes as this
    /// host) is answered inside the host: no frame.
    Loopback {
        /// The host.
        node: usize,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// A host sends an IPv4 packet whose next hop's MAC it has.
    Send {
        /// The host.
        node: usize,
        /// How it chose the next hop.
        route: Route,
        /// The next hop.
        next_hop: Ipv4Addr,
        /// How its MAC was found.
        resolved: Resolved,
        /// The frame.
        frame: FrameInfo,
    },
    /// A host queues an IPv4 packet until the next hop's MAC is known.
    Queue {
        /// The host.
        node: usize,
        /// How it chose the next hop.
        route: Route,
        /// The next hop.
        next_hop: Ipv4Addr,
        /// The packet's destination.
        dst: Ipv4Addr,
        /// Whether this starts resolution (else one is under way).
        starts: bool,
    },
    /// A host broadcasts an ARP request.
    ArpRequest {
        /// The host.
        node: usize,
        /// The address asked about.
        target: Ipv4Addr,
        /// Which try (1 to 3).
        attempt: u8,
        /// The frame.
        frame: FrameInfo,
    },
    /// Resolution failed after every try.
    ArpFailed {
        /// The host.
        node: usize,
        /// The address that did not answer.
        target: Ipv4Addr,
        /// Requests sent.
        tries: u8,
        /// Queued packets thrown away.
        dropped: usize,
    },
    /// A frame enters a switch or hub.
    SwitchIn {
        /// Which one (an index into the simulation's bridges).
        bridge: usize,
        /// The ingress port (1-based).
        port: usize,
        /// The frame.
        frame: FrameInfo,
        /// What learning did with its source.
        learned: Learned,
        /// Where it goes.
        decision: Decision,
        /// Copies sent out.
        copies: usize,
        /// The switch's ageing time, for the reason of an aged entry.
        aging_ns: u64,
    },
    /// A NIC drops a frame addressed to someone else.
    NotForMe {
        /// The node.
        node: usize,
        /// The frame.
        frame: FrameInfo,
        /// The node's own MAC.
        me: MacAddr,
    },
    /// A node ignores an ARP request for someone else.
    ArpIgnored {
        /// The node.
        node: usize,
        /// The request.
        frame: FrameInfo,
        /// Whether it updated an entry it had for the sender (RFC 826's merge).
        merged: bool,
    },
    /// A node answers an ARP request for its address.
    ArpAnswer {
        /// The node.
        node: usize,
        /// Who asked.
        asker_ip: Ipv4Addr,
        /// The asker's MAC, now in the cache as STALE (unless `known`).
        asker_mac: MacAddr,
        /// The asker was known by this MAC and confirmed (REACHABLE): a request confirms
        /// nothing and changes nothing, so the entry stays REACHABLE (Linux does the same).
        known: bool,
        /// The address asked about (the node's own).
        target: Ipv4Addr,
        /// The reply.
        frame: FrameInfo,
    },
    /// A reply to our ARP request: the entry is REACHABLE, queued packets go. Or, before the
    /// reply, anything heard from the address we are resolving (its own ARP request): the
    /// entry is STALE, and the queued packets go at once, as on Linux.
    ArpResolved {
        /// The node.
        node: usize,
        /// The address.
        ip: Ipv4Addr,
        /// Its MAC.
        mac: MacAddr,
        /// Queued packets now sent.
        released: usize,
        /// Learned from a request, not a reply to ours: the entry is STALE.
        stale: bool,
    },
    /// A packet that waited for ARP leaves, now that the next hop's MAC is known.
    Released {
        /// The node.
        node: usize,
        /// The next hop whose MAC is now known.
        next_hop: Ipv4Addr,
        /// The frame.
        frame: FrameInfo,
        /// Its MAC came in its own request, before a reply (see [`Event::ArpResolved`]).
        stale: bool,
    },
    /// A router forwards a packet: TTL one less, out of the interface whose network holds
    /// the destination (the longest prefix that matches).
    Forward {
        /// The router.
        node: usize,
        /// The interface it came in on.
        from_iface: usize,
        /// The interface it leaves by.
        to_iface: usize,
        /// The destination.
        dst: Ipv4Addr,
        /// The network that matched (address and prefix length).
        network: Ipv4Addr,
        /// Its prefix length.
        prefix: u8,
        /// The next router, where a route through one matched (`None`: a connected network).
        via: Option<Ipv4Addr>,
    },
    /// A router drops a packet; an ICMP error goes back to its source.
    RouterDrop {
        /// The router.
        node: usize,
        /// The packet's source.
        src: Ipv4Addr,
        /// Its destination.
        dst: Ipv4Addr,
        /// Why.
        why: Dropped,
    },
    /// A node has no route for a packet it would send (a host off its subnet without a
    /// gateway, a router with no connected network that matches): the packet is dropped
    /// where it was made, as Linux fails the send with "Network is unreachable".
    NoRoute {
        /// The node.
        node: usize,
        /// The packet's source.
        src: Ipv4Addr,
        /// Its destination.
        dst: Ipv4Addr,
        /// The node's (first) network.
        network: Ipv4Addr,
        /// Its prefix length.
        prefix: u8,
        /// The node is a router (a host has a default gateway or none).
        router: bool,
    },
    /// A router does not pass on a packet for a broadcast address or a multicast group.
    NotForwarded {
        /// The router.
        node: usize,
        /// The packet's source.
        src: Ipv4Addr,
        /// Its destination.
        dst: Ipv4Addr,
    },
    /// An application calls its socket.
    Socket {
        /// The node.
        node: usize,
        /// The connection (an index into the node's connections), if there is one yet.
        conn: Option<usize>,
        /// A UDP socket's local port (a UDP socket has no connection to name it by).
        udp_port: Option<u16>,
        /// The call.
        call: Call,
    },
    /// A TCP connection changes state.
    TcpState {
        /// The node.
        node: usize,
        /// The connection (an index into the node's connections).
        conn: usize,
        /// The state it leaves.
        from: State,
        /// The state it enters.
        to: State,
        /// Why.
        cause: Cause,
    },
    /// A timer is set or fires.
    Timer {
        /// The node.
        node: usize,
        /// The connection.
        conn: usize,
        /// Which, and what happens.
        timer: TimerEvent,
    },
    /// A segment or datagram came for a port nothing listens on: RST (TCP) or ICMP port
    /// unreachable (UDP) goes back.
    NoListener {
        /// The node.
        node: usize,
        /// The port.
        port: u16,
        /// UDP rather than TCP.
        udp: bool,
        /// A TCP SYN (a connection refused); any other TCP segment belongs to no connection
        /// (one that has ended, say), and its RST resets the peer's.
        syn: bool,
    },
    /// A connection's handshake is done, but its iterative server is busy with another: it
    /// waits in the listening socket's accept queue (the kernel acknowledges its data
    /// meanwhile) until the server calls accept().
    Queued {
        /// The node.
        node: usize,
        /// The server's end of the connection.
        conn: usize,
        /// The client's address.
        ip: Ipv4Addr,
        /// Its port.
        port: u16,
        /// Connections waiting in the queue, this one included.
        waiting: usize,
        /// The listening socket's backlog (listen()'s argument).
        backlog: u32,
    },
    /// A segment for a listening port whose accept queue is full (more than its backlog wait):
    /// a SYN is dropped, and so is the ACK (or data) that would complete a handshake, as
    /// Linux does (`tcp_conn_request`, `tcp_v4_syn_recv_sock`; tcp_abort_on_overflow off).
    QueueFull {
        /// The node.
        node: usize,
        /// The address the segment came to.
        server_ip: Ipv4Addr,
        /// The listening port.
        port: u16,
        /// The client's address.
        client_ip: Ipv4Addr,
        /// Its port.
        client_port: u16,
        /// Its backlog.
        backlog: u32,
        /// A SYN (else the handshake's last ACK, or data with it).
        syn: bool,
        /// The ACK returned a SYN cookie (the listening socket kept nothing of the handshake).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        cookie: bool,
    },
    /// A SYN for a listening socket that has more handshakes half-open (SYN-RECEIVED) than
    /// its backlog: as Linux (`tcp_syncookies` 1, its default), the listening socket answers
    /// with a SYN+ACK whose sequence number is a SYN cookie and keeps nothing (no request, no
    /// SYN+ACK sent again); the ACK that returns the cookie makes the connection.
    SynCookie {
        /// The node.
        node: usize,
        /// The address the SYN came to.
        server_ip: Ipv4Addr,
        /// The listening port.
        port: u16,
        /// The client's address.
        client_ip: Ipv4Addr,
        /// Its port.
        client_port: u16,
        /// Handshakes half-open on the port.
        half_open: usize,
        /// Its backlog.
        backlog: u32,
    },
    /// Nagle's algorithm holds written bytes: less than a full segment while an earlier small
    /// segment is unacknowledged (what is written meanwhile joins them).
    Nagle {
        /// The node.
        node: usize,
        /// The connection.
        conn: usize,
        /// The bytes waiting.
        held: usize,
    },
    /// What happens to an acknowledgment in Linux's way of acknowledging (`--linux`).
    Ack {
        /// The node.
        node: usize,
        /// The connection.
        conn: usize,
        /// What.
        ack: AckEvent,
    },
    /// A frame is lost on its way into a switch (`--drop`, or a lab's `drop` or `[[lose]]`):
    /// it reaches the port damaged, and the switch drops it.
    Lost {
        /// The switch or hub.
        bridge: usize,
        /// The port it came to (1-based).
        port: usize,
        /// The frame.
        frame: FrameInfo,
        /// The `[[lose]]` that named it: its connection (from 1, as the lab's connect steps
        /// come)...
        #[serde(skip_serializing_if = "Option::is_none")]
        connection: Option<u64>,
        /// ... and its place among that connection's segments (TCP, from 1)...
        #[serde(skip_serializing_if = "Option::is_none")]
        segment: Option<u64>,
        /// ... or datagrams (UDP, from 1).
        #[serde(skip_serializing_if = "Option::is_none")]
        datagram: Option<u64>,
    },
    /// A host goes off (a lab's step): it answers nothing any more.
    Crash {
        /// The node.
        node: usize,
    },
    /// A scripted wait.
    Wait {
        /// How long, in virtual nanoseconds.
        ns: u64,
    },
    /// A cable is pulled from a bridge port.
    LinkDown {
        /// The bridge.
        bridge: usize,
        /// The port.
        port: usize,
    },
    /// A connection's end is still open when the run ends by itself: no segment on the way
    /// and no timer running, so nothing more would happen to it (an idle connection without
    /// keepalive, one only shut down for writing waiting for the peer's FIN, one whose
    /// application never closed it after the peer's FIN).
    StillOpen {
        /// The node.
        node: usize,
        /// The connection.
        conn: usize,
        /// Its state.
        state: State,
    },
    /// The run stopped at its end of virtual time (a lab's `until`), with something still to
    /// happen.
    TimeUp {
        /// The end, in nanoseconds of virtual time.
        ns: u64,
    },
    /// The run stopped at its frame cap.
    FrameCap {
        /// Frames that had entered a bridge.
        frames: u64,
        /// Whether a frame was going round a loop of bridges (a broadcast storm).
        storm: bool,
    },
    /// A node answers an echo request.
    EchoAnswer {
        /// The node.
        node: usize,
        /// The asker.
        to: Ipv4Addr,
        /// The request's destination.
        dst: Ipv4Addr,
        /// The stand-in for the Internet answering for an address that is not its own.
        stand_in: bool,
    },
    /// A node accepts an echo request and answers nothing.
    EchoIgnored {
        /// The node.
        node: usize,
        /// The asker.
        from: Ipv4Addr,
        /// Why.
        why: Ignored,
    },
}

impl Event {
    /// The node the event happened at; `None` for the switch.
    pub fn node(&self) -> Option<usize> {
        use Event::*;
        match *self {
            PingStart { node, .. }
            | PingEnd { node, .. }
            | Loopback { node, .. }
            | Send { node, .. }
            | Queue { node, .. }
            | ArpRequest { node, .. }
            | ArpFailed { node, .. }
            | NotForMe { node, .. }
            | ArpIgnored { node, .. }
            | ArpAnswer { node, .. }
            | ArpResolved { node, .. }
            | Released { node, .. }
            | EchoAnswer { node, .. }
            | Socket { node, .. }
            | Ack { node, .. }
            | Nagle { node, .. }
            | NoListener { node, .. }
            | Queued { node, .. }
            | QueueFull { node, .. }
            | SynCookie { node, .. }
            | Crash { node }
            | TcpState { node, .. }
            | StillOpen { node, .. }
            | Timer { node, .. }
            | Forward { node, .. }
            | RouterDrop { node, .. }
            | NoRoute { node, .. }
            | NotForwarded { node, .. }
            | EchoIgnored { node, .. } => Some(node),
            SwitchIn { .. }
            | FrameCap { .. }
            | TimeUp { .. }
            | Wait { .. }
            | LinkDown { .. }
            | Lost { .. } => None,
        }
    }

    /// The frame the event is about, if any.
    pub fn frame(&self) -> Option<&FrameInfo> {
        use Event::*;
        match self {
            Send { frame, .. }
            | ArpRequest { frame, .. }
            | SwitchIn { frame, .. }
            | NotForMe { frame, .. }
            | ArpIgnored { frame, .. }
            | ArpAnswer { frame, .. }
            | Lost { frame, .. }
            | Released { frame, .. } => Some(frame),
            _ => None,
        }
    }
}

impl Serialize for Decision {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Decision", 2)?;
        match *self {
            Decision::Flood(r) => {
                st.serialize_field("action", "flood")?;
                st.serialize_field("why", &r)?;
            }
            Decision::Forward(p) => {
                st.serialize_field("action", "forward")?;
                st.serialize_field("port", &p)?;
            }
            Decision::Filter => {
                st.serialize_field("action", "filter")?;
            }
        }
        st.end()
    }
}

impl Serialize for FloodReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FloodReason::Group => s.serialize_str("group"),
            FloodReason::Unknown => s.serialize_str("unknown"),
            FloodReason::Aged { .. } => s.serialize_str("aged"),
            FloodReason::Hub => s.serialize_str("hub"),
        }
    }
}

impl Serialize for Learned {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Learned::New => s.serialize_str("new"),
            Learned::Moved(_) => s.serialize_str("moved"),
            Learned::Refreshed => s.serialize_str("refreshed"),
            Learned::Relearned => s.serialize_str("relearned"),
            Learned::Nothing => s.serialize_str("nothing"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Snippet;

    /// The bytes the text of a snippet stands for: the escapes back to bytes, the rest as UTF-8.
    fn unescape(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
            match chars.next() {
                Some('n') => out.push(b'\n'),
                Some('r') => out.push(b'\r'),
                Some('t') => out.push(b'\t'),
                Some('x') => {
                    let hex: String = chars.by_ref().take(2).collect();
                    out.push(u8::from_str_radix(&hex, 16).unwrap());
                }
                Some(c) => out.push(c as u8),
                None => panic!("a lone backslash"),
            }
        }
        out
    }

    #[test]
    fn text_shows_prefixes_controls_and_quotes_escaped() {
        assert_eq!(Snippet::new(b"\x00\x05hello").to_string(), r"\x00\x05hello");
        assert_eq!(Snippet::new(b"a\"b\\c\r\n\t\x7f").to_string(), r#"a\"b\\c\r\n\t\x7f"#);
        assert_eq!(Snippet::new(&[0xff, b'A', 0xc3]).to_string(), r"\xffA\xc3");
        assert_eq!(Snippet::new("粘包".as_bytes()).to_string(), "粘包");
        assert_eq!(Snippet::new(b"").to_string(), "");
    }

    #[test]
    fn a_long_write_keeps_its_first_bytes_and_cuts_no_character() {
        assert_eq!(Snippet::new(&[b'x'; 100]).as_bytes(), &[b'x'; Snippet::MAX]);
        // 13 three-byte characters are 39 bytes; the 14th would end at byte 42: it is left out
        // whole rather than cut.
        let text = "粘".repeat(20);
        let s = Snippet::new(text.as_bytes());
        assert_eq!(s.as_bytes().len(), 39);
        assert_eq!(s.to_string(), "粘".repeat(13));
        // Bytes that are not UTF-8 are cut where they are.
        assert_eq!(Snippet::new(&[0x80; 50]).as_bytes().len(), Snippet::MAX);
    }

    proptest::proptest! {
        /// The text gives the bytes back exactly.
        #[test]
        fn the_text_gives_the_bytes_back(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60)) {
            let s = Snippet::new(&data);
            proptest::prop_assert!(data.starts_with(s.as_bytes()));
            proptest::prop_assert!(s.as_bytes().len() >= data.len().min(Snippet::MAX - 3));
            proptest::prop_assert_eq!(unescape(&s.to_string()), s.as_bytes());
        }
    }
}
