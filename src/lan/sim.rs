//! The discrete-event simulation: hosts and routers on switches and hubs (a
//! [`super::topology::Topology`]), a virtual clock, and an [`Event`] for every
//! decision.
//!
//! Frames are headers as values (`frame`), waiting in numbered slots that events name; the
//! bytes a capture records are emitted by [`wire`](super::wire) from them, only when something
//! records them. A flood is one event whose copies are handed to every other port in a loop
//! (they arrive at the same instant), so the cost of a delivery is a MAC comparison and, for
//! ARP, one cache lookup. A copy that goes on to another bridge is a frame of its own, with its
//! own number in the capture.

use std::net::{IpAddr, Ipv4Addr};
use std::rc::Rc;

use ipnet::{IpNet, Ipv4Net};
use serde::Serialize;

use super::SetupError;
use super::cache::{self, Lookup, State};
use super::event::{Dropped, Event, FrameInfo, Ignored, PingOutcome, Resolved, Route};
use super::switch::Decision;
use super::topology::{Bridge, LanPlan, Peer, Role, Topology};
use super::wire::{arp, icmp, ipv4};
use crate::error::Result;
use crate::mac::MacAddr;

pub use super::topology::Node;

/// One hop (host to switch, or switch to host): 50 µs of virtual time.
pub const LINK_NS: u64 = 50_000;
/// A ping with no answer after this long counts as lost (Linux ping's default wait, 10 s, is
/// longer; 5 s is past every ARP retry).
pub const PING_TIMEOUT_NS: u64 = 5_000_000_000;
/// The most hosts a simulation takes (a million use about 250 MB; more would only exhaust
/// memory).
pub const MAX_HOSTS: usize = 1_000_000;
/// The most memory a run of every pair may take, `--force` or not (`arp-sim`'s caches,
/// `tcp-sim`'s connections).
pub const ALL_PAIRS_MAX_BYTES: u128 = 8 << 30;
/// Bytes of echo data, as Linux ping sends (56, for 98-byte frames).
pub const PING_DATA_LEN: usize = 56;
/// The TTL Linux gives the packets it sends.
pub const TTL: u8 = 64;
/// The TTL Linux gives multicast packets (IP_MULTICAST_TTL's default): they stay on the link.
pub const MULTICAST_TTL: u8 = 1;

/// A ping's source or destination as written: a host number (1-based) or an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `H<n>`, 1-based.
    Host(usize),
    /// An IPv4 address.
    Ip(Ipv4Addr),
}

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Number of hosts, H1..HN.
    pub hosts: usize,
    /// The subnet they are numbered from, in order (the first segment's).
    pub subnet: Ipv4Net,
    /// The seed of the ChaCha8 generator that draws the MACs.
    pub seed: u64,
    /// Pings, in order.
    pub pings: Vec<(Endpoint, Endpoint)>,
    /// Every ordered pair of hosts pings once (after `pings`).
    pub all_pairs: bool,
    /// A stand-in router on the switch: `Some(None)` at the subnet's last usable address.
    pub gateway: Option<Option<Ipv4Addr>>,
    /// The switch's ageing time.
    pub aging_ns: u64,
    /// Virtual time between one ping's end and the next one's start.
    pub interval_ns: u64,
    /// Hubs instead of switches: every frame out of every other port, nothing learned.
    pub hub: bool,
    /// Segments, each behind its own switch, joined by one router (1: one LAN, no router).
    pub segments: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hosts: 5,
            subnet: "192.168.1.0/24".parse().expect("valid"),
            seed: 1,
            pings: Vec::new(),
            all_pairs: false,
            gateway: None,
            aging_ns: super::switch::DEFAULT_AGING_NS,
            interval_ns: 0,
            hub: false,
            segments: 1,
        }
    }
}

/// The run's counters (`arp-sim --json`'s `stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Frames entering a switch or hub.
    pub frames_in: u64,
    /// Frames leaving a switch or hub (each flooded copy counts).
    pub frames_out: u64,
    /// ARP requests sent.
    pub arp_requests: u64,
    /// ARP replies sent.
    pub arp_replies: u64,
    /// Frames accepted by a NIC (addressed to it, or broadcast).
    pub deliveries: u64,
    /// Copies a NIC dropped because they were addressed to someone else.
    pub dropped_not_for_me: u64,
    /// Pings answered.
    pub pings_ok: u64,
    /// Pings lost.
    pub pings_failed: u64,
    /// Packets a router forwarded.
    pub forwarded: u64,
    /// ICMP errors a router sent (time exceeded, destination unreachable).
    pub icmp_errors: u64,
    /// Whether the run stopped at its frame cap with a frame going round a loop of bridges.
    pub storm: bool,
    /// Whether the run stopped at its end of virtual time ([`Sim::until`]) with something
    /// still to happen.
    pub time_up: bool,
    /// Frames lost on purpose (`--drop`).
    pub lost: u64,
    /// TCP segments sent (retransmissions included).
    pub segments: u64,
    /// TCP segments sent again after a timeout.
    pub retransmissions: u64,
    /// UDP datagrams sent.
    pub datagrams: u64,
}

/// One step of a scripted run (a lab file): steps run in order, each when the one before it
/// has finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A ping from a node to an address; the next step starts when it ends.
    Ping {
        /// The pinging node.
        from: usize,
        /// The destination.
        to: Ipv4Addr,
        /// The echo request's TTL, if not the default (`ping -t`): the router that would
        /// take it to 0 answers with ICMP time exceeded instead, so a lab can trace the way
        /// by hand.
        ttl: Option<u8>,
    },
    /// Virtual time passes.
    Wait(u64),
    /// A server's socket listens (TCP) or is bound (UDP), the echo server behind it.
    Listen {
        /// The node.
        node: usize,
        /// The port.
        port: u16,
        /// UDP rather than TCP.
        udp: bool,
        /// The server upper-cases what it echoes.
        upper: bool,
        /// The server reads only this long after data arrives (a slow reader); 0 at once.
        read_delay_ns: u64,
        /// The server closes first, after its first echo (so it is the one in TIME-WAIT).
        close_first: bool,
        /// A restart: the old server process exits first (its listening socket closes; its
        /// connections stay with the kernel).
        restart: bool,
        /// The listening socket sets SO_REUSEADDR before bind(), and the connections it
        /// accepts keep it: as on Linux, bind() goes through a port that connections (open or
        /// in TIME-WAIT) still hold only if their sockets set it too.
        reuseaddr: bool,
        /// Accepted connections probe a silent peer (SO_KEEPALIVE).
        keepalive: bool,
        /// The server reads and writes length-prefixed messages (2-byte length first).
        framed: bool,
        /// An iterative server: it accepts one connection, serves it to its end, then accepts
        /// the next, as the course's server loop does; the others wait in the accept queue.
        /// Otherwise the server takes each connection at once (as with a thread for each).
        iterative: bool,
        /// listen()'s backlog, if the step gives one (an iterative server always has one): it
        /// bounds the accept queue, and more handshakes half-open than it get SYN cookies.
        /// `None`: Linux's default of 128 is taken not to be reached (no cookies).
        backlog: Option<u32>,
    },
    /// A socket call on a client's connection opened by a `Manual` session (a lab's
    /// `call` step): the next step follows when the call returns (a recv waits for data).
    Call {
        /// The session whose socket it is.
        session: usize,
        /// The call.
        call: transport::SockCall,
    },
    /// A host goes off: it sends and answers nothing any more, and its sockets are gone.
    Crash {
        /// The node.
        node: usize,
    },
    /// A client session (see [`Sim::add_session`]); the next step follows when it ends.
    Session(usize),
    /// A cable is pulled: nothing passes a bridge's port any more.
    LinkDown {
        /// The bridge.
        bridge: usize,
        /// Its port (1-based).
        port: usize,
    },
}

/// Receives the events and progress of a run.
pub trait Observer {
    /// Whether events are wanted (building them costs time). Read when a run starts and after
    /// each event.
    fn tracing(&self) -> bool;
    /// An event at virtual time `time_ns`.
    fn event(&mut self, time_ns: u64, e: Event);
    /// `done` of `total` pings finished.
    fn progress(&mut self, _done: usize, _total: usize) {}
    /// Whether frames are wanted, as they enter a bridge (for a capture). Read when a run
    /// starts and after each frame.
    fn capturing(&self) -> bool {
        false
    }
    /// A frame entering bridge `bridge` at `time_ns`: record `number` of the capture.
    fn frame(&mut self, _time_ns: u64, _bridge: usize, _number: u64, _bytes: &[u8]) {}
}

/// An observer that wants nothing.
pub struct Quiet;

impl Observer for Quiet {
    fn tracing(&self) -> bool {
        false
    }
    fn event(&mut self, _: u64, _: Event) {}
}

#[derive(Debug)]
enum Ev {
    StartPing(usize),
    Step(usize),
    PingTimeout(usize),
    // A frame is named by its slot in `Sim::frames`.
    AtBridge { bridge: usize, port: usize, frame: u32 },
    ToPort { bridge: usize, port: usize, frame: u32 },
    Flood { bridge: usize, except: usize, frame: u32 },
    ArpTimer { node: usize, iface: usize, ip: Ipv4Addr },
    TcpTimer { node: usize, conn: usize },
    App { node: usize, conn: usize },
    UdpTimeout { session: usize, sent: usize },
}

/// A loss a run was asked for that did not happen (see [`Sim::missed_losses`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    /// A frame to drop (`--drop`, a lab's `drop`) that never reached a switch or hub: the run
    /// numbered only `frames` frames, or that one never got there.
    Frame {
        /// The frame's number.
        number: u64,
        /// How many frames the run numbered.
        frames: u64,
    },
    /// A `[[lose]]` packet its connection never sent: the connection sent only
    /// [`Lose::seen`] of them.
    Lose(Lose),
}

/// How a node sends to an address: the route, the next hop, the interface, and where the
/// address alone decides it, the MAC.
type Routed = (Route, Ipv4Addr, usize, Option<MacAddr>);

/// A packet to lose (a lab's `[[lose]]`): the `nth` TCP segment or UDP datagram that the two
/// ends of a session's connection send, counted both ways from 1, retransmissions and lost
/// ones included. It is lost on the cable into the sender's switch, as `--drop` loses a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lose {
    /// The session whose connection it is.
    pub session: usize,
    /// The connection's number as the lab names it (from 1, in the order of its connect
    /// steps), for the trace.
    pub connection: u64,
    /// Which of the connection's segments (TCP) or datagrams (UDP).
    pub nth: u64,
    /// Whether the connection is UDP.
    pub udp: bool,
    /// The connection's packets sent so far.
    pub seen: u64,
}

/// A simulation, ready to run.
pub struct Sim {
    /// The hosts, then the routers.
    pub nodes: Vec<Node>,
    /// The switches and hubs.
    pub bridges: Vec<Bridge>,
    /// The first segment's subnet.
    pub subnet: Ipv4Net,
    /// Every segment's subnet.
    pub subnets: Vec<Ipv4Net>,
    /// The stand-in gateway's address, if any.
    pub gateway: Option<Ipv4Addr>,
    /// The pings given one by one, resolved to (source node, destination address, the TTL
    /// asked for if not the default).
    listed: Vec<(usize, Ipv4Addr, Option<u8>)>,
    /// Where a script has its pings: ping `i` is step `ping_steps[i]`.
    ping_steps: Vec<usize>,
    /// Then, if set, every ordered pair of the first this-many hosts (generated, not stored:
    /// a 1,000-host run has 999,000 pings).
    all_pairs: usize,
    /// The pings that were not answered, by index.
    pub failed: Vec<usize>,
    /// The counters.
    pub stats: Stats,
    /// The virtual time now.
    pub now: u64,
    /// Frames into bridges after which the run stops (a storm never ends by itself).
    pub frame_cap: u64,
    /// The virtual time at which the run stops, if it has not ended by then (a connection
    /// kept open with keepalive probes for ever).
    pub until: u64,
    interval_ns: u64,
    queue: queue::Queue<Ev>,
    /// The frames the queue's events carry.
    frames: frame::Slots,
    /// Frames put on a wire so far (the last frame's number).
    sent: u64,
    /// The frames of `drop` that were dropped, by number.
    dropped: Vec<u64>,
    current: Option<usize>,
    /// Each bridge's ports, shared so that a flood can walk them while nodes change.
    links: Vec<Rc<[Peer]>>,
    /// A scripted run's steps (instead of the pings' own order).
    script: Vec<Step>,
    /// The step that follows the ping under way.
    after_ping: Option<usize>,
    /// Pings finished (they finish in order).
    done: usize,
    /// Bridge ports whose cable is pulled.
    down: rustc_hash::FxHashSet<(usize, usize)>,
    /// Nodes that are off.
    off: rustc_hash::FxHashSet<usize>,
    /// Frames lost on their way into a bridge (`--drop`), by number.
    pub drop: rustc_hash::FxHashSet<u64>,
    /// TCP segments and UDP datagrams lost on their way into the sender's switch, by
    /// connection and place (a lab's `[[lose]]`).
    pub lose: Vec<Lose>,
    /// Each TCP sender's initial sequence number, by its (address, port) and its peer's:
    /// events show relative numbers, as Wireshark does (a server's connections from several
    /// clients at once each have theirs).
    isn: rustc_hash::FxHashMap<frame::Direction, u32>,
    /// The transport layer: sockets, connections and the applications using them.
    pub transport: transport::Transport,
    /// Whether a bridge has a port that leads to another bridge.
    joined: Vec<bool>,
    /// Each address's node (the first that has it).
    owner: rustc_hash::FxHashMap<Ipv4Addr, usize>,
    /// Each node's last route for a transport's packet: (destination, how), as
    /// [`Sim::route`] decides it. Routes do not change during a run, and a connection's
    /// packets go to the same place one after another.
    last_route: Vec<Option<(Ipv4Addr, Option<Routed>)>>,
    /// The observer's [`Observer::tracing`], as of its last event.
    tracing: bool,
    /// The virtual time of the last event handed to the observer.
    last_event_ns: u64,
    /// The observer's [`Observer::capturing`], as of its last frame.
    capturing: bool,
}

impl Sim {
    /// Builds the LAN for `cfg`, checking it: too many hosts for the subnet, an unknown host,
    /// or an off-subnet destination without a gateway are errors that say what to change.
    pub fn new(cfg: &Config) -> Result<Sim> {
        if cfg.all_pairs {
            let bytes = (cfg.hosts as u128).pow(2) * 24;
            if bytes > ALL_PAIRS_MAX_BYTES {
                return Err(SetupError::AllPairsTooLarge {
                    hosts: cfg.hosts,
                    gib: (bytes >> 30) as u64,
                    max: 18_000,
                }
                .into());
            }
        }
        // With every pair talking, every host ends up knowing every other node: size the caches
        // for that once (regrowing a thousand caches in step fragments the heap), but only for
        // LANs whose caches are small enough to hold.
        let neighbours = if cfg.all_pairs && cfg.hosts <= 4096 { cfg.hosts } else { 0 };
        let topo = Topology::lan(&LanPlan {
            hosts: cfg.hosts,
            subnet: cfg.subnet,
            segments: cfg.segments,
            gateway: cfg.gateway,
            hub: cfg.hub,
            aging_ns: cfg.aging_ns,
            seed: cfg.seed,
            neighbours,
        })?;
        let mut sim = Sim::with(topo, cfg.interval_ns);
        let mut pings = Vec::new();
        for (src, dst) in &cfg.pings {
            pings.push(sim.resolve_ping(*src, *dst)?);
        }
        if cfg.all_pairs {
            if cfg.hosts < 2 {
                return Err(SetupError::AllPairsNeedsTwo.into());
            }
            sim.all_pairs = cfg.hosts;
        }
        if pings.is_empty() && !cfg.all_pairs {
            if cfg.hosts < 2 {
                return Err(SetupError::NothingToPing.into());
            }
            pings.push(sim.resolve_ping(Endpoint::Host(1), Endpoint::Host(cfg.hosts))?);
        }
        sim.listed = pings.into_iter().map(|(from, to)| (from, to, None)).collect();
        Ok(sim)
    }

    /// A simulation of `topo` with no traffic yet.
    pub fn with(topo: Topology, interval_ns: u64) -> Sim {
        let Topology { nodes, bridges, subnets, stand_in } = topo;
        let links: Vec<Rc<[Peer]>> = bridges.iter().map(|b| Rc::from(b.peers.as_slice())).collect();
        let joined = links.iter().map(|l| l.iter().any(|p| matches!(p, Peer::Bridge { .. }))).collect();
        let mut owner = rustc_hash::FxHashMap::default();
        for (k, n) in nodes.iter().enumerate() {
            for i in &n.ifaces {
                owner.entry(i.ip).or_insert(k);
            }
        }
        Sim {
            last_route: vec![None; nodes.len()],
            links,
            joined,
            owner,
            tracing: false,
            last_event_ns: 0,
            capturing: false,
            script: Vec::new(),
            after_ping: None,
            done: 0,
            down: Default::default(),
            off: Default::default(),
            drop: Default::default(),
            lose: Vec::new(),
            isn: Default::default(),
            transport: transport::Transport::default(),
            nodes,
            bridges,
            subnet: subnets.first().copied().unwrap_or_default(),
            subnets,
            gateway: stand_in,
            listed: Vec::new(),
            ping_steps: Vec::new(),
            all_pairs: 0,
            failed: Vec::new(),
            stats: Stats::default(),
            now: 0,
            frame_cap: u64::MAX,
            until: u64::MAX,
            interval_ns,
            queue: queue::Queue::new(LINK_NS),
            frames: frame::Slots::default(),
            sent: 0,
            dropped: Vec::new(),
            current: None,
        }
    }

    /// How long the run can be expected to last in virtual time, known before it starts: its
    /// stop time if that comes first, else the script's waits, keepalive's probing (two hours
    /// idle, then its probes) if a socket uses it, a connection's retransmissions until it
    /// gives up if the run loses a peer (a crash, a pulled cable), the timeouts its lost
    /// frames can cost ([`lost_time_ns`](crate::lan::tcp::lost_time_ns)), and TIME-WAIT. A
    /// bound for laying out what is printed as the run goes (the trace's time column), not a
    /// promise: connections that each retransmit in turn can go on longer.
    ///
    /// ```
    /// use netcalc::lan::sim::{Config, Sim, Step};
    /// let mut sim = Sim::new(&Config::default()).unwrap();
    /// assert_eq!(sim.length_hint(), 60_000_000_000, "TIME-WAIT: 2 x 30 s");
    /// sim.script(vec![Step::Wait(5_000_000_000)]);
    /// assert_eq!(sim.length_hint(), 65_000_000_000);
    /// sim.drop.insert(3);
    /// assert_eq!(sim.length_hint(), 68_000_000_000, "a lost frame: one timeout, 3 s at most");
    /// ```
    pub fn length_hint(&self) -> u64 {
        use crate::lan::tcp::{KEEPALIVE_IDLE_NS, KEEPALIVE_INTERVAL_NS, KEEPALIVE_PROBES};
        let waits = self.script.iter().map(|s| if let Step::Wait(ns) = *s { ns } else { 0 });
        let keepalive = self.script.iter().any(|s| matches!(s, Step::Listen { keepalive: true, .. }))
            || self.transport.sessions.iter().any(|s| s.keepalive);
        let probing = KEEPALIVE_IDLE_NS + u64::from(KEEPALIVE_PROBES) * KEEPALIVE_INTERVAL_NS;
        // A crashed host or a pulled cable can lose everything after it; otherwise only the
        // frames `--drop` and `[[lose]]` name are lost, each costing a timeout at most.
        let vanishing = self.script.iter().any(|s| matches!(s, Step::Crash { .. } | Step::LinkDown { .. }));
        let lost = if vanishing {
            crate::lan::tcp::give_up_ns()
        } else {
            crate::lan::tcp::lost_time_ns(self.drop.len().saturating_add(self.lose.len()))
        };
        waits
            .fold(0, u64::saturating_add)
            .saturating_add(if keepalive { probing } else { 0 })
            .saturating_add(lost)
            .saturating_add(self.transport.msl_ns.saturating_mul(2))
            .min(self.until)
    }

    /// Runs `steps` in order instead of a list of pings.
    pub fn script(&mut self, steps: Vec<Step>) {
        (self.listed, self.ping_steps) = steps
            .iter()
            .enumerate()
            .filter_map(|(k, s)| match *s {
                Step::Ping { from, to, ttl } => Some(((from, to, ttl), k)),
                _ => None,
            })
            .unzip();
        self.all_pairs = 0;
        self.script = steps;
    }

    /// A name's node, if a node has it.
    pub fn node_named(&self, name: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.name == name)
    }

    /// The node with address `ip` on one of its interfaces (the first, if two have it), if
    /// any.
    ///
    /// ```
    /// use netcalc::lan::sim::{Config, Sim};
    /// let sim = Sim::new(&Config::default()).unwrap();
    /// assert_eq!(sim.node_of("192.168.1.2".parse().unwrap()), sim.node_named("H2"));
    /// assert_eq!(sim.node_of("192.168.1.200".parse().unwrap()), None);
    /// ```
    pub fn node_of(&self, ip: Ipv4Addr) -> Option<usize> {
        self.owner.get(&ip).copied()
    }

    /// How many pings the run has.
    pub fn ping_count(&self) -> usize {
        let n = self.all_pairs;
        self.listed.len() + n * n.saturating_sub(1)
    }

    /// Ping `i`: (source node, destination address).
    pub fn ping(&self, i: usize) -> (usize, Ipv4Addr) {
        if let Some(&(from, to, _)) = self.listed.get(i) {
            return (from, to);
        }
        // Pair k of the all-pairs sequence 1->2, 1->3, ..., 1->N, 2->1, 2->3, ...
        let k = i - self.listed.len();
        let others = self.all_pairs - 1;
        let (a, j) = (k / others, k % others);
        let b = if j >= a { j + 1 } else { j };
        (a, self.nodes[b].ip)
    }

    fn hosts(&self) -> usize {
        self.nodes.iter().filter(|n| n.role == Role::Host).count()
    }

    fn host_ip(&self, n: usize) -> Result<Ipv4Addr> {
        let hosts = self.hosts();
        if n == 0 || n > hosts {
            return Err(SetupError::NoSuchHost { number: n, hosts }.into());
        }
        Ok(self.nodes[n - 1].ip)
    }

    fn resolve_ping(&self, src: Endpoint, dst: Endpoint) -> Result<(usize, Ipv4Addr)> {
        let src_ip = match src {
            Endpoint::Host(n) => self.host_ip(n)?,
            Endpoint::Ip(ip) => ip,
        };
        let Some(s) = self.nodes.iter().position(|n| n.ip == src_ip && n.role == Role::Host) else {
            return Err(SetupError::NotAHost { ip: src_ip, hosts: self.hosts() }.into());
        };
        let d = match dst {
            Endpoint::Host(n) => self.host_ip(n)?,
            Endpoint::Ip(ip) => ip,
        };
        self.check_route(s, d)?;
        Ok((s, d))
    }

    /// Whether host `s` has a route to `d` (the error says why not), as Linux decides it: the
    /// host itself and loopback go through lo, broadcast and multicast by their MACs, an
    /// on-link address nobody owns by three unanswered ARP requests. An off-link one without a
    /// gateway has no route; nor, as a real kernel showed, have the limited broadcast and
    /// multicast groups: Linux sends them by the default route, and says "Network is
    /// unreachable" without one.
    pub(crate) fn check_route(&self, s: usize, d: Ipv4Addr) -> std::result::Result<(), SetupError> {
        let own = self.nodes[s].ifaces[0].net;
        if (d.is_broadcast() || d.is_multicast()) && self.nodes[s].gateway.is_none() {
            return Err(SetupError::NoRouteFor { ip: d, subnet: own });
        }
        let special = d.is_loopback() || d.is_unspecified() || d.is_broadcast() || d.is_multicast();
        // A router: its connected networks, its routes and its default route, as it forwards.
        if self.nodes[s].role == Role::Router {
            if special || self.route(s, d).is_some() {
                return Ok(());
            }
            return Err(SetupError::NoRouteFor { ip: d, subnet: own });
        }
        if !special
            && !crate::subnet::on_link(IpNet::V4(own), IpAddr::V4(d))
            && self.nodes[s].gateway.is_none()
        {
            return Err(SetupError::OffSubnet { ip: d, subnet: own });
        }
        Ok(())
    }

    /// The source address node `s` gives a packet of its own to `d`: the address of the
    /// interface its route to `d` leaves by (Linux's choice for a route without a `src`). A
    /// host has one; a router has one on each side. Without a route, its first.
    ///
    /// ```
    /// let lab = netcalc::lan::lab::parse(include_str!("../../data/labs/routing-loop.toml"));
    /// let sim = lab.unwrap().sim;
    /// let r1 = sim.node_named("R1").unwrap();
    /// assert_eq!(sim.source_for(r1, "10.0.1.10".parse().unwrap()).to_string(), "10.0.1.1");
    /// assert_eq!(sim.source_for(r1, "10.0.2.20".parse().unwrap()).to_string(), "10.0.12.1", "via R2");
    /// ```
    pub fn source_for(&self, s: usize, d: Ipv4Addr) -> Ipv4Addr {
        let n = &self.nodes[s];
        if n.role != Role::Router {
            return n.ip;
        }
        self.route(s, d).map_or(n.ip, |(_, _, iface, _)| n.ifaces[iface].ip)
    }

    /// Whether `d` is node `s` itself: one of its addresses, loopback, or the unspecified
    /// address (which Linux takes as the host itself).
    pub(crate) fn is_own(&self, s: usize, d: Ipv4Addr) -> bool {
        d.is_loopback() || d.is_unspecified() || self.nodes[s].iface_of(d).is_some()
    }

    /// Whether `d` is a group rather than one host for node `s`, sending or receiving: the
    /// limited broadcast, a multicast group, or the broadcast address of one of its own
    /// subnets. (Another subnet's broadcast address is an address like any other: only the
    /// router on that subnet knows it for a broadcast.)
    pub(crate) fn is_group(&self, s: usize, d: Ipv4Addr) -> bool {
        d.is_broadcast()
            || d.is_multicast()
            || self.nodes[s].ifaces.iter().any(|i| directed_broadcast(i.net) == Some(d))
    }

    #[inline(always)]
    fn schedule(&mut self, delay: u64, ev: Ev) {
        self.queue.push(self.now, delay, ev);
    }

    /// The losses the run was asked for that did not happen, once it has run: a frame to drop
    /// whose number it never reached, a `[[lose]]` packet its connection never sent. In order
    /// (frames by number, then the lab's `[[lose]]` rules as it gives them). A mistyped number
    /// otherwise makes a lossless run that looks like a lesson about loss.
    ///
    /// ```
    /// use netcalc::lan::sim::{Config, Missed, Quiet, Sim};
    /// let mut sim = Sim::new(&Config::default()).unwrap();
    /// sim.drop.extend([3, 99]);
    /// sim.run(&mut Quiet);
    /// // A ping of three frames: ARP request, reply, and the echo request, dropped.
    /// assert_eq!(sim.missed_losses(), [Missed::Frame { number: 99, frames: 3 }]);
    /// ```
    pub fn missed_losses(&self) -> Vec<Missed> {
        let mut frames: Vec<u64> = self.drop.iter().copied().filter(|n| !self.dropped.contains(n)).collect();
        frames.sort_unstable();
        let frames = frames.into_iter().map(|number| Missed::Frame { number, frames: self.sent });
        frames.chain(self.lose.iter().filter(|l| l.seen < l.nth).map(|l| Missed::Lose(*l))).collect()
    }

    /// Runs every ping to the end (or to the frame cap).
    pub fn run(&mut self, obs: &mut dyn Observer) {
        self.tracing = obs.tracing();
        self.capturing = obs.capturing();
        if !self.script.is_empty() {
            self.schedule(0, Ev::Step(0));
        } else if self.ping_count() > 0 {
            self.schedule(0, Ev::StartPing(0));
        }
        while let Some(s) = self.queue.pop() {
            if s.time > self.until {
                self.now = self.until;
                self.stats.time_up = true;
                self.emit(obs, Event::TimeUp { ns: self.until });
                self.stop();
                return;
            }
            self.now = s.time;
            match s.ev {
                Ev::StartPing(i) => self.start_ping(i, obs),
                Ev::Step(k) => self.step(k, obs),
                Ev::PingTimeout(i) => {
                    if self.current == Some(i) {
                        self.finish_ping(i, PingOutcome::Timeout, obs);
                    }
                }
                Ev::AtBridge { bridge, port, frame } => {
                    if self.stats.frames_in >= self.frame_cap {
                        let storm =
                            self.frames.get(frame).is_some_and(|f| f.hops as usize > self.bridges.len());
                        self.stats.storm = storm;
                        self.emit(obs, Event::FrameCap { frames: self.stats.frames_in, storm });
                        self.stop();
                        return;
                    }
                    self.at_bridge(bridge, port, frame, obs)
                }
                Ev::ToPort { bridge, port, frame } => {
                    let Some(frame) = self.frames.take(frame) else { continue };
                    if let Some(&Peer::Node { node, iface }) = self.links[bridge].get(port - 1)
                        && !self.is_down(bridge, port)
                    {
                        self.at_node(node, iface, &frame, obs);
                    }
                }
                Ev::Flood { bridge, except, frame } => {
                    let Some(frame) = self.frames.take(frame) else { continue };
                    let links = self.links[bridge].clone();
                    let any_down = !self.down.is_empty();
                    for (i, peer) in links.iter().enumerate() {
                        if let Peer::Node { node, iface } = *peer
                            && i + 1 != except
                            && !(any_down && self.down.contains(&(bridge, i + 1)))
                        {
                            self.at_node(node, iface, &frame, obs);
                        }
                    }
                }
                Ev::ArpTimer { node, iface, ip } => self.arp_timer(node, iface, ip, obs),
                Ev::TcpTimer { node, conn } => self.tcp_timer(node, conn, obs),
                Ev::App { node, conn } => self.app(node, conn, obs),
                Ev::UdpTimeout { session, sent } => self.udp_timeout(session, sent, obs),
            }
        }
        if self.tracing {
            self.still_open(obs);
        }
    }

    /// Ends the run where it is: what is queued is dropped, and the pings that did not finish
    /// count as lost.
    #[cold]
    fn stop(&mut self) {
        self.queue.clear();
        self.frames.clear();
        let unfinished = self.done..self.ping_count();
        self.stats.pings_failed += unfinished.len() as u64;
        self.failed.extend(unfinished);
    }

    /// Whether the cable of a bridge port is pulled (nothing is, outside a lab's steps).
    #[inline]
    fn is_down(&self, bridge: usize, port: usize) -> bool {
        !self.down.is_empty() && self.down.contains(&(bridge, port))
    }

    /// As [`Sim::route`], remembering the node's last answer.
    fn route_again(&mut self, node: usize, dst: Ipv4Addr) -> Option<Routed> {
        match self.last_route.get(node) {
            Some(&Some((last, routed))) if last == dst => routed,
            _ => {
                let routed = self.route(node, dst);
                if let Some(slot) = self.last_route.get_mut(node) {
                    *slot = Some((dst, routed));
                }
                routed
            }
        }
    }

    /// Hands `e` to the observer, and asks it again whether it wants events (it stops when,
    /// say, the pipe it prints to is closed).
    fn emit(&mut self, obs: &mut dyn Observer, e: Event) {
        obs.event(self.now, e);
        self.tracing = obs.tracing();
        self.last_event_ns = self.now;
    }

    /// Step `k` of the script: a ping (the next step follows when it ends), a wait, or a
    /// cable pulled.
    fn step(&mut self, k: usize, obs: &mut dyn Observer) {
        let Some(&step) = self.script.get(k) else { return };
        match step {
            Step::Ping { .. } => {
                // The pings before it (a search, not a count: a lab may have thousands).
                let i = self.ping_steps.partition_point(|&s| s < k);
                self.after_ping = Some(k + 1);
                self.start_ping(i, obs);
            }
            Step::Wait(ns) => {
                if self.tracing {
                    self.emit(obs, Event::Wait { ns });
                }
                self.schedule(ns, Ev::Step(k + 1));
            }
            Step::Listen { .. } => {
                self.listen_step(step, obs);
                self.schedule(0, Ev::Step(k + 1));
            }
            Step::Session(s) => self.start_session(s, k + 1, obs),
            Step::Call { session, call } => self.socket_call(session, call, k + 1, obs),
            Step::Crash { node } => {
                if self.tracing {
                    self.emit(obs, Event::Crash { node });
                }
                self.crash(node, obs);
                self.schedule(0, Ev::Step(k + 1));
            }
            Step::LinkDown { bridge, port } => {
                self.down.insert((bridge, port));
                if self.tracing {
                    self.emit(obs, Event::LinkDown { bridge, port });
                }
                self.schedule(0, Ev::Step(k + 1));
            }
        }
    }

    fn start_ping(&mut self, i: usize, obs: &mut dyn Observer) {
        let (src, dst) = self.ping(i);
        self.current = Some(i);
        let own = self.source_for(src, dst);
        let ttl = self.listed.get(i).and_then(|p| p.2);
        if self.tracing {
            let dst_node = self.owner.get(&dst).copied();
            let (number, total) = (i + 1, self.ping_count());
            self.emit(obs, Event::PingStart { node: src, src: own, dst, dst_node, number, total, ttl });
        }
        // Loopback, 0.0.0.0 (Linux takes it as this host) and the host's own address go
        // through the loopback interface: answered at once, nothing on the wire.
        if dst.is_loopback() || dst.is_unspecified() || self.nodes[src].iface_of(dst).is_some() {
            if self.tracing {
                self.emit(obs, Event::Loopback { node: src, dst });
            }
            self.finish_ping(i, PingOutcome::Replied, obs);
            return;
        }
        let node = &self.nodes[src];
        let m = icmp::Repr {
            kind: icmp::Kind::EchoRequest,
            ident: node.ident,
            seq: (i + 1) as u16,
            data: (0..PING_DATA_LEN as u8).map(|b| b.wrapping_add(0x10)).collect(),
        };
        self.send_ip_ttl(src, own, dst, m, ttl, obs);
        self.schedule(PING_TIMEOUT_NS, Ev::PingTimeout(i));
    }

    fn finish_ping(&mut self, i: usize, outcome: PingOutcome, obs: &mut dyn Observer) {
        self.current = None;
        self.done = i + 1;
        if outcome == PingOutcome::Replied {
            self.stats.pings_ok += 1;
        } else {
            self.failed.push(i);
            self.stats.pings_failed += 1;
        }
        if self.tracing {
            let (node, dst) = self.ping(i);
            self.emit(obs, Event::PingEnd { node, dst, outcome });
        }
        obs.progress(i + 1, self.ping_count());
        if let Some(k) = self.after_ping.take() {
            self.schedule(0, Ev::Step(k));
        } else if i + 1 < self.ping_count() {
            self.schedule(self.interval_ns, Ev::StartPing(i + 1));
        }
    }

    /// How `node` reaches `dst`: the route, the next hop, the interface, and where the
    /// address alone decides it, the MAC. `None`: no route.
    fn route(&self, node: usize, dst: Ipv4Addr) -> Option<Routed> {
        let n = &self.nodes[node];
        // The limited broadcast and multicast groups leave by the default route's interface
        // (a host's only one), as Linux sends them without a bound device.
        let default_iface = || match n.role {
            Role::Router => n.default_route().map_or(0, |r| r.iface),
            _ => 0,
        };
        if dst.is_broadcast() {
            return Some((Route::Broadcast, dst, default_iface(), Some(MacAddr::BROADCAST)));
        }
        // A host has one interface: look at the others only on a router.
        if (n.role != Role::Host || directed_broadcast(n.ifaces[0].net) == Some(dst))
            && let Some(k) = n.ifaces.iter().position(|i| directed_broadcast(i.net) == Some(dst))
        {
            return Some((Route::Broadcast, dst, k, Some(MacAddr::BROADCAST)));
        }
        if dst.is_multicast() {
            return Some((Route::Multicast, dst, default_iface(), Some(multicast_mac(dst))));
        }
        let on_link = |net: Ipv4Net| crate::subnet::on_link(IpNet::V4(net), IpAddr::V4(dst));
        match n.role {
            // The stand-in sends straight back to the host that asked.
            Role::StandIn => Some((Route::Back, dst, 0, None)),
            Role::Router => {
                // Longest prefix match over the connected networks, then the static routes and
                // the default route (a connected network wins a tie, as its metric is lower).
                let connected = n
                    .ifaces
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| on_link(i.net))
                    .max_by_key(|(_, i)| i.net.prefix_len());
                let routed = n
                    .routes
                    .iter()
                    .copied()
                    .chain(n.default_route())
                    .filter(|r| on_link(r.net))
                    .max_by_key(|r| r.net.prefix_len());
                match (connected, routed) {
                    (_, Some(r))
                        if connected.is_none_or(|(_, i)| r.net.prefix_len() > i.net.prefix_len()) =>
                    {
                        let route = Route::ViaRouter { network: r.net.network(), prefix: r.net.prefix_len() };
                        Some((route, r.via, r.iface, None))
                    }
                    (Some((k, i)), _) => Some((Route::OnLink { masked: i.net.network() }, dst, k, None)),
                    (None, _) => None,
                }
            }
            Role::Host => {
                let own = n.ifaces[0].net;
                if on_link(own) {
                    Some((Route::OnLink { masked: mask_and(dst, own) }, dst, 0, None))
                } else {
                    let via = n.gateway?;
                    Some((
                        Route::ViaGateway { network: own.network(), prefix: own.prefix_len() },
                        via,
                        0,
                        None,
                    ))
                }
            }
        }
    }

    /// Sends an ICMP message from `node` to `dst`: on-link or through the gateway, decided by
    /// AND-masking as `same-subnet` does; resolving the next hop's MAC first if needed.
    /// `src` is the node's own address, except when the stand-in answers for an off-subnet
    /// host.
    fn send_ip(&mut self, node: usize, src: Ipv4Addr, dst: Ipv4Addr, m: icmp::Repr, obs: &mut dyn Observer) {
        self.send_ip_ttl(node, src, dst, m, None, obs);
    }

    /// As [`Sim::send_ip`], with this TTL rather than the default (`ping -t`, which sets the
    /// multicast TTL too).
    fn send_ip_ttl(
        &mut self,
        node: usize,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        m: icmp::Repr,
        ttl: Option<u8>,
        obs: &mut dyn Observer,
    ) {
        let Some((route, next_hop, iface, mapped)) = self.route(node, dst) else {
            self.no_route(node, src, dst, obs);
            return;
        };
        let ttl = ttl.unwrap_or(if dst.is_multicast() { MULTICAST_TTL } else { TTL });
        let packet = IpPacket::icmp(src, dst, ttl, m);
        self.send_packet(node, iface, route, next_hop, mapped, dst, packet, obs);
    }

    /// Node `node` has no route for a packet from `src` to `dst`: it is dropped before it
    /// leaves, and the trace says why.
    #[cold]
    pub(super) fn no_route(&mut self, node: usize, src: Ipv4Addr, dst: Ipv4Addr, obs: &mut dyn Observer) {
        if self.tracing {
            let n = &self.nodes[node];
            let net = n.ifaces[0].net;
            let (network, prefix, router) = (net.network(), net.prefix_len(), n.role == Role::Router);
            self.emit(obs, Event::NoRoute { node, src, dst, network, prefix, router });
        }
    }

    /// Puts an IPv4 packet on `iface` towards `next_hop`, or queues it while ARP resolves the
    /// next hop's MAC.
    #[allow(clippy::too_many_arguments)]
    fn send_packet(
        &mut self,
        node: usize,
        iface: usize,
        route: Route,
        next_hop: Ipv4Addr,
        mapped: Option<MacAddr>,
        dst: Ipv4Addr,
        packet: IpPacket,
        obs: &mut dyn Observer,
    ) {
        let (mac, resolved) = match mapped {
            Some(mac) => (mac, Resolved::Mapped),
            None => match self.nodes[node].cache.lookup(next_hop, self.now) {
                Lookup::Found { mac, stale } => (mac, if stale { Resolved::Stale } else { Resolved::Hit }),
                Lookup::Pending => {
                    self.nodes[node].queue.push((next_hop, iface, packet));
                    if self.tracing {
                        self.emit(obs, Event::Queue { node, route, next_hop, dst, starts: false });
                    }
                    return;
                }
                Lookup::Missing => {
                    self.nodes[node].queue.push((next_hop, iface, packet));
                    self.nodes[node].cache.start(next_hop);
                    if self.tracing {
                        self.emit(obs, Event::Queue { node, route, next_hop, dst, starts: true });
                    }
                    self.send_arp_request(node, iface, next_hop, 1, obs);
                    self.schedule(cache::RETRANS_NS, Ev::ArpTimer { node, iface, ip: next_hop });
                    return;
                }
            },
        };
        if let Some(frame) = self.transmit(node, iface, mac, Body::Ip(packet)) {
            self.emit(obs, Event::Send { node, route, next_hop, resolved, frame });
        }
    }

    /// A router forwards a packet that came in on `from_iface`, or drops it with an ICMP error
    /// to its source.
    fn forward(
        &mut self,
        node: usize,
        from_iface: usize,
        ip: &ipv4::Repr,
        frame: &Frame,
        obs: &mut dyn Observer,
    ) {
        let Body::Ip(packet) = &frame.body else { return };
        if self.nodes[node].iface_of(ip.src).is_some() {
            if self.tracing {
                let (src, dst) = (ip.src, ip.dst);
                self.emit(obs, Event::RouterDrop { node, src, dst, why: Dropped::MartianSource });
            }
            return;
        }
        if ip.ttl <= 1 {
            self.router_drop(node, packet, Dropped::TtlExceeded, obs);
            return;
        }
        let route = self.route(node, ip.dst);
        let (Some((route, next_hop, to_iface, mapped)), Some(forwarded)) = (route, packet.forwarded()) else {
            self.router_drop(node, packet, Dropped::NoRoute, obs);
            return;
        };
        self.stats.forwarded += 1;
        if self.tracing {
            let (network, prefix, via) = match route {
                Route::ViaRouter { network, prefix } => (network, prefix, Some(next_hop)),
                _ => {
                    let net = self.nodes[node].ifaces[to_iface].net;
                    (net.network(), net.prefix_len(), None)
                }
            };
            let e = Event::Forward { node, from_iface, to_iface, dst: ip.dst, network, prefix, via };
            self.emit(obs, e);
        }
        self.send_packet(node, to_iface, route, next_hop, mapped, ip.dst, forwarded, obs);
    }

    /// Drops `packet` at router `node` and tells its source why (RFC 792, RFC 1812): time
    /// exceeded, network unreachable, or host unreachable.
    fn router_drop(&mut self, node: usize, packet: &IpPacket, why: Dropped, obs: &mut dyn Observer) {
        let ip = *packet.ip();
        if self.tracing {
            self.emit(obs, Event::RouterDrop { node, src: ip.src, dst: ip.dst, why });
        }
        // No error about an error.
        if packet.is_icmp_error() {
            return;
        }
        let kind = match why {
            Dropped::TtlExceeded => icmp::Kind::TimeExceeded(0),
            Dropped::NoRoute => icmp::Kind::DestUnreachable(0),
            Dropped::NextHopFailed => icmp::Kind::DestUnreachable(1),
            Dropped::MartianSource => return,
        };
        let data = packet.quoted();
        let Some((_, _, iface, _)) = self.route(node, ip.src) else { return };
        let src = self.nodes[node].ifaces[iface].ip;
        self.stats.icmp_errors += 1;
        self.send_ip(node, src, ip.src, icmp::Repr { kind, ident: 0, seq: 0, data }, obs);
    }

    fn send_arp_request(
        &mut self,
        node: usize,
        iface: usize,
        target: Ipv4Addr,
        attempt: u8,
        obs: &mut dyn Observer,
    ) {
        let i = &self.nodes[node].ifaces[iface];
        let a = arp::Repr {
            operation: arp::Operation::Request,
            sender_mac: i.mac,
            sender_ip: i.ip,
            target_mac: MacAddr::ZERO,
            target_ip: target,
        };
        self.stats.arp_requests += 1;
        if let Some(frame) = self.transmit(node, iface, MacAddr::BROADCAST, Body::Arp(a)) {
            self.emit(obs, Event::ArpRequest { node, target, attempt, frame });
        }
    }

    /// Puts a frame on the link of `node`'s interface `iface`: it reaches the bridge one hop
    /// later, where it is the next record of the capture (every link takes the same time, so
    /// frames enter bridges in the order they are sent). Returns the frame as events show it,
    /// when they are wanted.
    fn transmit(&mut self, node: usize, iface: usize, dst: MacAddr, body: Body) -> Option<FrameInfo> {
        let i = self.nodes[node].ifaces[iface];
        self.sent += 1;
        let frame = Frame::new(i.mac, dst, body, self.sent);
        let info = self.tracing.then(|| self.info(&frame));
        let frame = self.frames.put(frame);
        self.schedule(LINK_NS, Ev::AtBridge { bridge: i.bridge, port: i.port, frame });
        info
    }

    fn arp_timer(&mut self, node: usize, iface: usize, ip: Ipv4Addr, obs: &mut dyn Observer) {
        if !self.nodes[node].cache.is_incomplete(ip) {
            return;
        }
        if self.nodes[node].cache.retry(ip) {
            let attempt = match self.nodes[node].cache.state(ip) {
                Some(State::Incomplete { tries }) => tries,
                _ => cache::MAX_TRIES,
            };
            self.send_arp_request(node, iface, ip, attempt, obs);
            self.schedule(cache::RETRANS_NS, Ev::ArpTimer { node, iface, ip });
            return;
        }
        let dropped: Vec<IpPacket> = {
            let q = &mut self.nodes[node].queue;
            let (gone, stay): (Vec<_>, Vec<_>) = q.drain(..).partition(|(hop, _, _)| *hop == ip);
            *q = stay;
            gone.into_iter().map(|(_, _, p)| p).collect()
        };
        if self.tracing {
            self.emit(
                obs,
                Event::ArpFailed { node, target: ip, tries: cache::MAX_TRIES, dropped: dropped.len() },
            );
        }
        if self.nodes[node].role == Role::Router {
            // What it forwarded gets an error back; its own (a lab's ping from it) ends below,
            // as a host's does.
            let n = &self.nodes[node];
            let forwarded: Vec<IpPacket> =
                dropped.into_iter().filter(|p| n.iface_of(p.ip().src).is_none()).collect();
            for p in forwarded {
                self.router_drop(node, &p, Dropped::NextHopFailed, obs);
            }
        }
        if let Some(i) = self.current
            && self.ping(i).0 == node
        {
            self.finish_ping(i, PingOutcome::HostUnreachable, obs);
        }
    }

    /// Frame `id` (in its slot) enters `bridge` on `port`: captured, learned from, and sent on
    /// (the same slot) or dropped (its slot freed).
    fn at_bridge(&mut self, bridge: usize, port: usize, id: u32, obs: &mut dyn Observer) {
        if let Some(ev) = self.bridge_in(bridge, port, id, obs) {
            self.schedule(LINK_NS, ev);
        } else {
            self.frames.take(id);
        }
    }

    /// What becomes of frame `id` at `bridge`: the event that carries it on, if any.
    fn bridge_in(&mut self, bridge: usize, port: usize, id: u32, obs: &mut dyn Observer) -> Option<Ev> {
        if self.is_down(bridge, port) {
            return None;
        }
        let frame = self.frames.get(id)?;
        self.stats.frames_in += 1;
        if self.capturing {
            obs.frame(self.now, bridge, frame.number, &frame.bytes());
            // A capture that failed to write wants no more frames.
            self.capturing = obs.capturing();
        }
        let named = if !self.lose.is_empty() { self.loses(id) } else { None };
        let frame = self.frames.get(id)?;
        let dropped = !self.drop.is_empty() && self.drop.contains(&frame.number);
        if dropped {
            self.dropped.push(frame.number);
        }
        if named.is_some() || dropped {
            // Captured as it arrived, then lost (as a frame with a bad FCS is).
            self.stats.lost += 1;
            if self.tracing {
                let connection = named.map(|r| r.connection);
                let segment = named.filter(|r| !r.udp).map(|r| r.nth);
                let datagram = named.filter(|r| r.udp).map(|r| r.nth);
                let frame = self.info(frame);
                self.emit(obs, Event::Lost { bridge, port, frame, connection, segment, datagram });
            }
            return None;
        }
        let (src, dst) = (frame.eth.src, frame.eth.dst);
        let info = self.tracing.then(|| self.info(frame));
        let b = &mut self.bridges[bridge];
        let learned = b.switch.learn(src, port, self.now);
        let decision = b.switch.decide(dst, port, self.now);
        let copies = match decision {
            Decision::Flood(_) => b.peers.len() - 1,
            Decision::Forward(_) => 1,
            Decision::Filter => 0,
        };
        if let Some(info) = info {
            let aging_ns = self.bridges[bridge].switch.aging_ns;
            self.emit(
                obs,
                Event::SwitchIn { bridge, port, frame: info, learned, decision, copies, aging_ns },
            );
        }
        self.stats.frames_out += copies as u64;
        match decision {
            Decision::Flood(_) => {
                // Copies that go on to another bridge are frames of their own there.
                if self.joined[bridge] {
                    for p in 1..=self.links[bridge].len() {
                        if p != port {
                            self.onward(bridge, p, id);
                        }
                    }
                }
                Some(Ev::Flood { bridge, except: port, frame: id })
            }
            Decision::Forward(p) => (!(self.joined[bridge] && self.onward(bridge, p, id)))
                .then_some(Ev::ToPort { bridge, port: p, frame: id }),
            Decision::Filter => None,
        }
    }

    /// The [`Lose`] that names frame `id`, if one does. Every rule counts the TCP segments or
    /// UDP datagrams of its connection that an end of it sends (the copies a router forwards,
    /// or a switch passes to another, are the same packet).
    #[inline(never)]
    fn loses(&mut self, id: u32) -> Option<Lose> {
        let f = self.frames.get(id)?;
        let (ip, ports, udp) = match &f.body {
            Body::Ip(IpPacket::Tcp(ip, seg)) => (ip, (seg.src_port, seg.dst_port), false),
            Body::Ip(IpPacket::Udp(ip, d)) => (ip, (d.src_port, d.dst_port), true),
            _ => return None,
        };
        let from_an_end = f.hops == 0
            && self
                .owner
                .get(&ip.src)
                .is_some_and(|&n| self.nodes[n].ifaces.iter().any(|i| i.mac == f.eth.src));
        if !from_an_end {
            return None;
        }
        let ends = ((ip.src, ports.0), (ip.dst, ports.1));
        let mut named = None;
        for k in 0..self.lose.len() {
            let rule = self.lose[k];
            if rule.udp != udp {
                continue;
            }
            let Some(s) = self.transport.sessions.get(rule.session) else { continue };
            let (local, remote) = match s.conn {
                Some(ci) => (self.transport.conns[ci].conn.local, self.transport.conns[ci].conn.remote),
                None if udp => (self.client_end(rule.session), s.server),
                None => continue,
            };
            if ends == (local, remote) || ends == (remote, local) {
                let rule = &mut self.lose[k];
                rule.seen += 1;
                if rule.seen == rule.nth {
                    named = Some(*rule);
                }
            }
        }
        named
    }

    /// If `port` of `bridge` leads to another bridge, sends a copy of frame `id` there (a new
    /// frame in the capture) and returns true.
    fn onward(&mut self, bridge: usize, port: usize, id: u32) -> bool {
        let Peer::Bridge { bridge: next, port: next_port } = self.links[bridge][port - 1] else {
            return false;
        };
        if self.is_down(bridge, port) {
            return true;
        }
        self.sent += 1;
        let Some(copy) = self.frames.get(id).map(|f| f.onward(self.sent)) else { return true };
        let copy = self.frames.put(copy);
        self.schedule(LINK_NS, Ev::AtBridge { bridge: next, port: next_port, frame: copy });
        true
    }

    #[inline]
    fn at_node(&mut self, node: usize, iface: usize, frame: &Frame, obs: &mut dyn Observer) {
        if !self.off.is_empty() && self.off.contains(&node) {
            return;
        }
        let n = &self.nodes[node];
        let me = if iface == 0 { n.mac } else { n.ifaces[iface].mac };
        let dst = frame.eth.dst;
        // A NIC takes its own address, broadcast, and the all-hosts group every host joins.
        if dst != me && !dst.is_broadcast() && dst != ALL_HOSTS_MAC {
            self.stats.dropped_not_for_me += 1;
            if self.tracing {
                self.emit(obs, Event::NotForMe { node, frame: self.info(frame), me });
            }
            return;
        }
        self.stats.deliveries += 1;
        match &frame.body {
            Body::Arp(a) => self.on_arp(node, iface, a, frame, obs),
            Body::Ip(IpPacket::Icmp(ip, m)) => self.on_icmp(node, iface, ip, m, frame, obs),
            Body::Ip(IpPacket::Tcp(ip, t)) => {
                if self.for_me(node, iface, ip, frame, obs) {
                    self.on_tcp(node, ip, t, obs);
                }
            }
            Body::Ip(IpPacket::Udp(ip, u)) => {
                if self.for_me(node, iface, ip, frame, obs) {
                    self.on_udp(node, ip, u, frame, obs);
                }
            }
        }
    }

    /// RFC 826 reception: merge the sender if known; if the target is the receiving
    /// interface's address, add the sender and answer a request.
    fn on_arp(&mut self, node: usize, iface: usize, a: &arp::Repr, frame: &Frame, obs: &mut dyn Observer) {
        let now = self.now;
        let n = &mut self.nodes[node];
        let for_me = a.target_ip == if iface == 0 { n.ip } else { n.ifaces[iface].ip };
        let reply_to_me = for_me && a.operation == arp::Operation::Reply;
        let merged = n.cache.merge(a.sender_ip, a.sender_mac, now, reply_to_me);
        if !for_me {
            // Heard from an address we are resolving (the one we asked for, asking someone
            // else): what waited for it goes (only an INCOMPLETE entry has packets waiting; a
            // flood's copies rarely find any).
            if self.tracing || (merged && !self.nodes[node].queue.is_empty()) {
                self.arp_for_others(node, a, frame, merged, obs);
            }
            return;
        }
        self.arp_for_me(node, iface, a, merged, obs);
    }

    /// The rest of [`Sim::on_arp`] for an ARP packet for someone else: the trace says so, and
    /// if it came from an address `node` is resolving, the packets that waited for it go.
    #[inline(never)]
    fn arp_for_others(
        &mut self,
        node: usize,
        a: &arp::Repr,
        frame: &Frame,
        merged: bool,
        obs: &mut dyn Observer,
    ) {
        if self.tracing {
            self.emit(obs, Event::ArpIgnored { node, frame: self.info(frame), merged });
        }
        if merged {
            self.release(node, a.sender_ip, a.sender_mac, true, obs);
        }
    }

    /// The rest of [`Sim::on_arp`] for an ARP packet whose target is `node`'s interface: learn
    /// the sender, answer a request, release what waited. Apart, so that the copies of a flood
    /// (nearly all for others) take a short path.
    #[inline(never)]
    fn arp_for_me(&mut self, node: usize, iface: usize, a: &arp::Repr, merged: bool, obs: &mut dyn Observer) {
        let now = self.now;
        let reply_to_me = a.operation == arp::Operation::Reply;
        let n = &mut self.nodes[node];
        if !merged {
            let state = if reply_to_me { State::reachable(now) } else { State::Stale };
            n.cache.insert(a.sender_ip, a.sender_mac, state);
        }
        match a.operation {
            arp::Operation::Request => {
                // Heard from an address we are resolving, before its reply: the entry is STALE
                // now, and what waited for it goes (Linux's neigh_update), before our reply.
                if merged {
                    self.release(node, a.sender_ip, a.sender_mac, true, obs);
                }
                let i = &self.nodes[node].ifaces[iface];
                let reply = arp::Repr {
                    operation: arp::Operation::Reply,
                    sender_mac: i.mac,
                    sender_ip: i.ip,
                    target_mac: a.sender_mac,
                    target_ip: a.sender_ip,
                };
                self.stats.arp_replies += 1;
                if let Some(frame) = self.transmit(node, iface, a.sender_mac, Body::Arp(reply)) {
                    let (asker_ip, asker_mac, target) = (a.sender_ip, a.sender_mac, a.target_ip);
                    // Merged into a reachable entry (a stale or new one is stale now).
                    let known = merged
                        && matches!(self.nodes[node].cache.state(asker_ip), Some(State::Reachable { .. }));
                    self.emit(obs, Event::ArpAnswer { node, asker_ip, asker_mac, known, target, frame });
                }
            }
            arp::Operation::Reply => self.release(node, a.sender_ip, a.sender_mac, false, obs),
            arp::Operation::Unknown(_) => {}
        }
    }

    /// `ip` is resolved to `mac` at `node` (by a reply to our request, or `stale`: by its own
    /// request, heard first, which says something only if packets wait for it): the packets
    /// that waited for it go.
    #[inline(never)]
    fn release(&mut self, node: usize, ip: Ipv4Addr, mac: MacAddr, stale: bool, obs: &mut dyn Observer) {
        if stale && !self.nodes[node].queue.iter().any(|(hop, _, _)| *hop == ip) {
            return;
        }
        let waiting: Vec<(usize, IpPacket)> = {
            let q = &mut self.nodes[node].queue;
            let (go, stay): (Vec<_>, Vec<_>) = q.drain(..).partition(|(hop, _, _)| *hop == ip);
            *q = stay;
            go.into_iter().map(|(_, i, p)| (i, p)).collect()
        };
        if self.tracing {
            self.emit(obs, Event::ArpResolved { node, ip, mac, released: waiting.len(), stale });
        }
        for (i, p) in waiting {
            if let Some(frame) = self.transmit(node, i, mac, Body::Ip(p)) {
                self.emit(obs, Event::Released { node, next_hop: ip, frame, stale });
            }
        }
    }

    fn on_icmp(
        &mut self,
        node: usize,
        iface: usize,
        ip: &ipv4::Repr,
        m: &icmp::Repr,
        frame: &Frame,
        obs: &mut dyn Observer,
    ) {
        let n = &self.nodes[node];
        let mine = ip.dst == n.ip || n.iface_of(ip.dst).is_some();
        if !mine {
            if self.is_group(node, ip.dst) {
                // Linux answers no echo sent to a broadcast or multicast address
                // (net.ipv4.icmp_echo_ignore_broadcasts = 1).
                if m.kind == icmp::Kind::EchoRequest && self.tracing {
                    let why = if ip.dst.is_multicast() { Ignored::Multicast } else { Ignored::Broadcast };
                    self.emit(obs, Event::EchoIgnored { node, from: ip.src, why });
                }
                return;
            }
            match n.role {
                Role::Router => return self.forward(node, iface, ip, frame, obs),
                Role::Host => return,
                // The stand-in answers every echo request for an address off its subnet.
                Role::StandIn if m.kind != icmp::Kind::EchoRequest => return,
                Role::StandIn if crate::subnet::on_link(IpNet::V4(n.ifaces[0].net), IpAddr::V4(ip.dst)) => {
                    return;
                }
                Role::StandIn => {}
            }
        }
        match m.kind {
            icmp::Kind::EchoRequest => {
                if self.tracing {
                    let stand_in = !mine;
                    self.emit(obs, Event::EchoAnswer { node, to: ip.src, dst: ip.dst, stand_in });
                }
                let reply = icmp::Repr {
                    kind: icmp::Kind::EchoReply,
                    ident: m.ident,
                    seq: m.seq,
                    data: m.data.clone(),
                };
                // The reply's source is the address that was pinged (for the stand-in, the
                // off-subnet host's).
                self.send_ip(node, ip.dst, ip.src, reply, obs);
            }
            icmp::Kind::EchoReply => {
                if let Some(i) = self.current
                    && self.ping(i) == (node, ip.src)
                    // The wire's sequence number is 16 bits: it wraps after 65,535 pings.
                    && m.seq == (i + 1) as u16
                {
                    self.finish_ping(i, PingOutcome::Replied, obs);
                }
            }
            icmp::Kind::DestUnreachable(code) => {
                if code == 3 {
                    self.udp_refused(node, m, obs);
                }
                self.tcp_unreachable(node, ip.src, code, m, obs);
                if let Some(i) = self.current
                    && self.ping(i).0 == node
                {
                    self.finish_ping(i, PingOutcome::Unreachable { from: ip.src, code }, obs);
                }
            }
            icmp::Kind::TimeExceeded(_) => {
                if let Some(i) = self.current
                    && self.ping(i).0 == node
                {
                    self.finish_ping(i, PingOutcome::TimeExceeded { from: ip.src }, obs);
                }
            }
        }
    }
}

impl Sim {
    /// The frame as events show it.
    fn info(&self, f: &Frame) -> FrameInfo {
        f.info(&self.isn)
    }

    /// Whether an IPv4 packet that reached `node`'s NIC is for it; a router forwards what is
    /// not (a host drops it).
    fn for_me(
        &mut self,
        node: usize,
        iface: usize,
        ip: &ipv4::Repr,
        frame: &Frame,
        obs: &mut dyn Observer,
    ) -> bool {
        let n = &self.nodes[node];
        if ip.dst == n.ip || n.iface_of(ip.dst).is_some() {
            return true;
        }
        if n.role == Role::Router {
            self.router_in(node, iface, ip, frame, obs);
        }
        false
    }

    /// A TCP or UDP packet reached a router and is not for it: forwarded, unless it is for a
    /// broadcast address or a multicast group. Those are not passed on: Linux forwards no
    /// directed broadcast (bc_forwarding off, as RFC 2644 asks) and routes no multicast
    /// without a multicast router; nothing on the router takes them either. (Apart from
    /// [`Sim::for_me`], which every host runs for every packet, to keep that path short.)
    #[inline(never)]
    fn router_in(
        &mut self,
        node: usize,
        iface: usize,
        ip: &ipv4::Repr,
        frame: &Frame,
        obs: &mut dyn Observer,
    ) {
        if !self.is_group(node, ip.dst) {
            self.forward(node, iface, ip, frame, obs);
        } else if self.tracing {
            self.emit(obs, Event::NotForwarded { node, src: ip.src, dst: ip.dst });
        }
    }
}

mod frame;
mod queue;
pub mod transport;

pub(crate) use frame::IpPacket;
use frame::{Body, Frame};

/// `a AND net's mask`.
fn mask_and(a: Ipv4Addr, net: Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(a) & u32::from(net.netmask()))
}

/// A network's broadcast address, for IPv4 networks that have one (up to /30).
fn directed_broadcast(net: Ipv4Net) -> Option<Ipv4Addr> {
    crate::subnet::has_broadcast(net.prefix_len(), 32).then(|| net.broadcast())
}

/// The MAC of an IPv4 multicast group: 01:00:5e and the group's low 23 bits (RFC 1112).
fn multicast_mac(group: Ipv4Addr) -> MacAddr {
    let [_, b, c, d] = group.octets();
    MacAddr([0x01, 0x00, 0x5e, b & 0x7f, c, d])
}

/// 224.0.0.1's MAC: the all-hosts group, which every IPv4 host joins.
const ALL_HOSTS_MAC: MacAddr = MacAddr([0x01, 0x00, 0x5e, 0, 0, 1]);

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps every trace event and every frame as it enters the switch.
    #[derive(Default)]
    struct Record {
        events: Vec<(u64, Event)>,
        frames: Vec<(u64, Vec<u8>)>,
    }

    impl Observer for Record {
        fn tracing(&self) -> bool {
            true
        }
        fn event(&mut self, time_ns: u64, e: Event) {
            self.events.push((time_ns, e));
        }
        fn capturing(&self) -> bool {
            true
        }
        fn frame(&mut self, time_ns: u64, _bridge: usize, number: u64, bytes: &[u8]) {
            assert_eq!(number, self.frames.len() as u64 + 1, "records are numbered in order");
            self.frames.push((time_ns, bytes.to_vec()));
        }
    }

    /// What a frame is, from its bytes: ("arp", oper) or ("icmp", type).
    fn kind(f: &[u8]) -> (&'static str, u8) {
        match u16::from_be_bytes([f[12], f[13]]) {
            0x0806 => ("arp", f[21]),
            0x0800 => ("icmp", f[34]),
            other => panic!("unexpected ethertype {other:#x}"),
        }
    }

    fn run(cfg: &Config) -> (Sim, Record) {
        let mut sim = Sim::new(cfg).unwrap();
        let mut rec = Record::default();
        sim.run(&mut rec);
        (sim, rec)
    }

    #[test]
    fn a_cold_ping_is_request_reply_echo_echo_reply_in_time_order() {
        let (sim, rec) = run(&Config {
            hosts: 3,
            pings: vec![(Endpoint::Host(1), Endpoint::Host(3))],
            ..Config::default()
        });
        let kinds: Vec<_> = rec.frames.iter().map(|(_, f)| kind(f)).collect();
        assert_eq!(kinds, [("arp", 1), ("arp", 2), ("icmp", 8), ("icmp", 0)]);
        assert!(rec.frames.windows(2).all(|w| w[0].0 < w[1].0), "each frame after the one that caused it");
        assert!(rec.events.windows(2).all(|w| w[0].0 <= w[1].0), "the trace is in time order");
        assert!(matches!(rec.events[0].1, Event::PingStart { node: 0, .. }), "the sender acts first");
        // Every event about a frame names the record the capture holds for it.
        for (_, e) in &rec.events {
            if let Some(f) = e.frame() {
                let (_, bytes) = &rec.frames[f.number as usize - 1];
                assert_eq!(&bytes[0..6], &f.dst.0, "{e:?}");
                assert_eq!(&bytes[6..12], &f.src.0, "{e:?}");
            }
        }
        let kinds: Vec<&str> = rec
            .events
            .iter()
            .map(|(_, e)| match e {
                Event::PingStart { .. } => "start",
                Event::Queue { .. } => "queue",
                Event::ArpRequest { .. } => "arp-request",
                Event::SwitchIn { .. } => "switch",
                Event::ArpIgnored { .. } => "ignored",
                Event::ArpAnswer { .. } => "answer",
                Event::ArpResolved { .. } => "resolved",
                Event::EchoAnswer { .. } => "echo-answer",
                Event::PingEnd { .. } => "end",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "start",
                "queue",
                "arp-request",
                "switch",
                "ignored",
                "answer",
                "switch",
                "resolved",
                "other",
                "switch",
                "echo-answer",
                "other",
                "switch",
                "end"
            ]
        );
        assert_eq!((sim.stats.frames_in, sim.stats.frames_out), (4, 3 + 2));
        assert_eq!(sim.stats.pings_ok, 1);
    }

    /// H2 asks for H1, which knows H2 as REACHABLE by the same MAC: H1 answers, and its
    /// entry stays REACHABLE (a request confirms nothing), and the event says so.
    #[test]
    fn a_request_from_a_confirmed_neighbour_leaves_it_confirmed() {
        let cfg =
            Config { hosts: 2, pings: vec![(Endpoint::Host(2), Endpoint::Host(1))], ..Config::default() };
        let mut sim = Sim::new(&cfg).unwrap();
        let (h2_ip, h2_mac) = (sim.nodes[1].ip, sim.nodes[1].mac);
        sim.nodes[0].cache.insert(h2_ip, h2_mac, State::reachable(0));
        let mut rec = Record::default();
        sim.run(&mut rec);
        let known = rec.events.iter().find_map(|(_, e)| match e {
            Event::ArpAnswer { node: 0, known, .. } => Some(*known),
            _ => None,
        });
        assert_eq!(known, Some(true));
        assert_eq!(sim.nodes[0].cache.state(h2_ip), Some(State::reachable(0)));
        // Without the confirmed entry, H1 learns H2 from its request: stale.
        let (sim, rec) = run(&cfg);
        assert!(rec.events.iter().any(|(_, e)| matches!(e, Event::ArpAnswer { node: 0, known: false, .. })));
        assert_eq!(sim.nodes[0].cache.state(h2_ip), Some(State::Stale));
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let cfg = Config { hosts: 4, all_pairs: true, seed: 7, ..Config::default() };
        let (a, ra) = run(&cfg);
        let (b, rb) = run(&cfg);
        assert_eq!(ra.frames, rb.frames);
        assert_eq!(a.stats, b.stats);
        let (_, rc) = run(&Config { seed: 8, ..cfg });
        assert_ne!(ra.frames, rc.frames, "another seed draws other MACs");
    }

    #[test]
    fn setup_errors_are_values() {
        let err = |cfg: Config| match Sim::new(&cfg) {
            Err(crate::Error::Invalid(crate::Invalid::Lan(e))) => e,
            other => panic!("expected a setup error, got {:?}", other.map(|_| ())),
        };
        assert_eq!(
            err(Config { hosts: 0, ..Config::default() }),
            SetupError::HostCount { hosts: 0, max: MAX_HOSTS }
        );
        assert!(matches!(
            err(Config { hosts: 300, ..Config::default() }),
            SetupError::TooManyHosts { asked: 300, room: 254, beside_gateway: false, .. }
        ));
        let off = Config {
            pings: vec![(Endpoint::Host(1), Endpoint::Ip(Ipv4Addr::new(8, 8, 8, 8)))],
            ..Config::default()
        };
        assert!(matches!(err(off), SetupError::OffSubnet { .. }));
        let gw = Config { gateway: Some(Some(Ipv4Addr::new(192, 168, 1, 255))), ..Config::default() };
        assert!(
            matches!(err(gw), SetupError::GatewayNotUsable { .. }),
            "the broadcast address is no gateway"
        );
    }
}
