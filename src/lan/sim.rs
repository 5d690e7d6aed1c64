//! The discrete-event simulation: hosts (and an optional router) on one learning switch, a
//! virtual clock, and a trace that gives the reason for every decision.
//!
//! Frames are real bytes: each is emitted by [`wire`](super::wire), captured as it enters the
//! switch, and parsed back by the receiver. A flood is one event whose copies are handed to
//! every other port in a loop (they arrive at the same instant), so the cost of a delivery is
//! a MAC comparison and, for ARP, one cache lookup.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::{IpAddr, Ipv4Addr};
use std::rc::Rc;

use ipnet::{IpNet, Ipv4Net};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::SetupError;
use super::cache::{self, Cache, Lookup, State};
use super::event::{Event, FrameInfo, Ignored, Packet, PingOutcome, Resolved, Route};
use super::switch::{Decision, Switch};
use super::wire::{arp, ethernet, icmp, ipv4};
use crate::error::Result;
use crate::mac::MacAddr;
use crate::subnet::to_int;

/// One hop (host to switch, or switch to host): 50 µs of virtual time.
pub const LINK_NS: u64 = 50_000;
/// A ping with no answer after this long counts as lost (Linux ping's default wait, 10 s, is
/// longer; 5 s is past every ARP retry).
pub const PING_TIMEOUT_NS: u64 = 5_000_000_000;
/// The most hosts a simulation takes (a million use about 250 MB; more would only exhaust
/// memory).
pub const MAX_HOSTS: usize = 1_000_000;
/// Bytes of echo data, as Linux ping sends (56, for 98-byte frames).
pub const PING_DATA_LEN: usize = 56;

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
    /// The subnet they are numbered from, in order.
    pub subnet: Ipv4Net,
    /// The seed of the ChaCha8 generator that draws the MACs.
    pub seed: u64,
    /// Pings, in order.
    pub pings: Vec<(Endpoint, Endpoint)>,
    /// Every ordered pair of hosts pings once (after `pings`).
    pub all_pairs: bool,
    /// A router on the switch: `Some(None)` at the subnet's last usable address.
    pub gateway: Option<Option<Ipv4Addr>>,
    /// The switch's ageing time.
    pub aging_ns: u64,
    /// Virtual time between one ping's end and the next one's start.
    pub interval_ns: u64,
    /// A hub instead of the switch: every frame out of every other port, nothing learned.
    pub hub: bool,
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
        }
    }
}

/// A host or the router.
#[derive(Debug, Clone)]
pub struct Node {
    /// `H1`..`HN`, or `R` for the router.
    pub name: String,
    /// Its address.
    pub ip: Ipv4Addr,
    /// Its MAC (locally administered unicast).
    pub mac: MacAddr,
    /// The switch port it is plugged into (1-based).
    pub port: usize,
    /// Whether it is the router, which answers pings for every off-subnet address.
    pub router: bool,
    /// Its ARP cache.
    pub cache: Cache,
    ident: u16,
    /// IPv4 packets waiting for the MAC of a next hop.
    queue: Vec<(Ipv4Addr, Vec<u8>)>,
}

/// The run's counters (`arp-sim --json`'s `stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Frames entering the switch.
    pub frames_in: u64,
    /// Frames leaving the switch (each flooded copy counts).
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
}

/// Receives the events and progress of a run.
pub trait Observer {
    /// Whether events are wanted (building them costs time).
    fn tracing(&self) -> bool;
    /// An event at virtual time `time_ns`.
    fn event(&mut self, time_ns: u64, e: Event);
    /// `done` of `total` pings finished.
    fn progress(&mut self, _done: usize, _total: usize) {}
    /// Whether frames are wanted, as they enter the switch (for a capture).
    fn capturing(&self) -> bool {
        false
    }
    /// A frame entering the switch at `time_ns`: record `number` of the capture.
    fn frame(&mut self, _time_ns: u64, _number: u64, _bytes: &[u8]) {}
}

/// An observer that wants nothing.
pub struct Quiet;

impl Observer for Quiet {
    fn tracing(&self) -> bool {
        false
    }
    fn event(&mut self, _: u64, _: Event) {}
}

/// A frame with its parsed headers (parsed once, shared by every copy of a flood).
#[derive(Debug)]
struct Frame {
    bytes: Vec<u8>,
    eth: ethernet::Repr,
    body: Body,
    /// Its record number in the capture.
    number: u64,
}

#[derive(Debug)]
enum Body {
    Arp(arp::Repr),
    Icmp(ipv4::Repr, icmp::Repr),
    Other,
}

impl Frame {
    fn parse(bytes: Vec<u8>, number: u64) -> Frame {
        let eth = ethernet::Repr::parse(&bytes).expect("frames are emitted with a header");
        let payload = &bytes[ethernet::HEADER_LEN..];
        let body = match eth.ethertype {
            ethernet::EtherType::Arp => arp::Repr::parse(payload).map(Body::Arp).unwrap_or(Body::Other),
            ethernet::EtherType::Ipv4 => match ipv4::Repr::parse(payload) {
                Ok(ip) if ip.protocol == ipv4::PROTO_ICMP => {
                    let data = &payload[ipv4::HEADER_LEN..ipv4::HEADER_LEN + ip.payload_len];
                    icmp::Repr::parse(data).map(|m| Body::Icmp(ip, m)).unwrap_or(Body::Other)
                }
                _ => Body::Other,
            },
            ethernet::EtherType::Unknown(_) => Body::Other,
        };
        Frame { bytes, eth, body, number }
    }

    /// The frame as events show it.
    fn info(&self) -> FrameInfo {
        let packet = match &self.body {
            Body::Arp(a) if a.operation == arp::Operation::Request => {
                Packet::ArpRequest { sender_ip: a.sender_ip, target_ip: a.target_ip }
            }
            Body::Arp(a) => Packet::ArpReply { sender_ip: a.sender_ip, sender_mac: a.sender_mac },
            Body::Icmp(ip, m) => {
                Packet::Echo { request: m.request, src: ip.src, dst: ip.dst, seq: m.seq, ttl: ip.ttl }
            }
            Body::Other => Packet::Other,
        };
        FrameInfo { number: self.number, src: self.eth.src, dst: self.eth.dst, packet }
    }
}

#[derive(Debug)]
enum Ev {
    StartPing(usize),
    PingTimeout(usize),
    AtSwitch { port: usize, frame: Rc<Frame> },
    ToNode { node: usize, frame: Rc<Frame> },
    Flood { except: usize, frame: Rc<Frame> },
    ArpTimer { node: usize, ip: Ipv4Addr },
}

struct Scheduled {
    time: u64,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Scheduled {
    fn eq(&self, o: &Self) -> bool {
        (self.time, self.seq) == (o.time, o.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.time, self.seq).cmp(&(o.time, o.seq))
    }
}

/// A simulation, ready to run.
pub struct Sim {
    /// The hosts, then the router if any.
    pub nodes: Vec<Node>,
    /// The switch.
    pub switch: Switch,
    /// The subnet.
    pub subnet: Ipv4Net,
    /// The router's address, if any.
    pub gateway: Option<Ipv4Addr>,
    /// The pings given one by one, resolved to (source node, destination address).
    listed: Vec<(usize, Ipv4Addr)>,
    /// Then, if set, every ordered pair of the first this-many hosts (generated, not stored:
    /// a 1,000-host run has 999,000 pings).
    all_pairs: usize,
    /// The pings that were not answered, by index.
    pub failed: Vec<usize>,
    /// The counters.
    pub stats: Stats,
    /// The virtual time now.
    pub now: u64,
    interval_ns: u64,
    queue: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    /// Frames put on a wire so far (the last frame's number).
    sent: u64,
    current: Option<usize>,
}

impl Sim {
    /// Builds the LAN for `cfg`, checking it: too many hosts for the subnet, an unknown host,
    /// or an off-subnet destination without a gateway are errors that say what to change.
    pub fn new(cfg: &Config) -> Result<Sim> {
        let net = cfg.subnet.trunc();
        let (first, last) = crate::subnet::usable_range(IpNet::V4(net));
        let (first_usable, last_usable) = (to_int(first) as u32, to_int(last) as u32);
        let gateway = match cfg.gateway {
            None => None,
            Some(None) => Some(Ipv4Addr::from(last_usable)),
            Some(Some(g)) => {
                if !(first_usable..=last_usable).contains(&u32::from(g)) {
                    return Err(SetupError::GatewayNotUsable {
                        gateway: g,
                        subnet: net,
                        first: Ipv4Addr::from(first_usable),
                        last: Ipv4Addr::from(last_usable),
                    }
                    .into());
                }
                Some(g)
            }
        };
        if cfg.hosts == 0 || cfg.hosts > MAX_HOSTS {
            return Err(SetupError::HostCount { hosts: cfg.hosts, max: MAX_HOSTS }.into());
        }
        // Hosts take the usable addresses in order, skipping the gateway's.
        let usable = u64::from(last_usable - first_usable) + 1;
        let room = usable - u64::from(gateway.is_some());
        if cfg.hosts as u64 > room {
            return Err(SetupError::TooManyHosts {
                asked: cfg.hosts,
                subnet: net,
                room,
                beside_gateway: gateway.is_some(),
                suggest: suggest_subnet(cfg.hosts + usize::from(gateway.is_some())),
            }
            .into());
        }
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        let mut used = rustc_hash::FxHashSet::default();
        let mut mac = || loop {
            let mut m = [0u8; 6];
            rng.fill(&mut m[1..]);
            m[0] = 0x02;
            if used.insert(m) {
                break MacAddr(m);
            }
        };
        let mut nodes = Vec::with_capacity(cfg.hosts + 1);
        // With every pair talking, every host ends up knowing every other node: size the caches
        // for that once (regrowing a thousand caches in step fragments the heap), but only for
        // LANs whose caches are small enough to hold.
        let neighbours = if cfg.all_pairs && cfg.hosts <= 4096 { cfg.hosts } else { 0 };
        if cfg.all_pairs {
            let bytes = (cfg.hosts as u128).pow(2) * 24;
            if bytes > 8 << 30 {
                return Err(SetupError::AllPairsTooLarge {
                    hosts: cfg.hosts,
                    gib: (bytes >> 30) as u64,
                    max: 18_000,
                }
                .into());
            }
        }
        let mut addr = first_usable;
        for i in 0..cfg.hosts {
            if Some(Ipv4Addr::from(addr)) == gateway {
                addr += 1;
            }
            let m = mac();
            nodes.push(Node {
                name: format!("H{}", i + 1),
                ip: Ipv4Addr::from(addr),
                mac: m,
                port: i + 1,
                router: false,
                cache: Cache::with_capacity(neighbours),
                ident: u16::from_be_bytes([m.0[4], m.0[5]]),
                queue: Vec::new(),
            });
            addr += 1;
        }
        if let Some(g) = gateway {
            let m = mac();
            nodes.push(Node {
                name: "R".to_string(),
                ip: g,
                mac: m,
                port: cfg.hosts + 1,
                router: true,
                cache: Cache::default(),
                ident: 0,
                queue: Vec::new(),
            });
        }
        let mut sim = Sim {
            switch: if cfg.hub { Switch::hub(nodes.len()) } else { Switch::new(nodes.len(), cfg.aging_ns) },
            sent: 0,
            nodes,
            subnet: net,
            gateway,
            listed: Vec::new(),
            all_pairs: 0,
            failed: Vec::new(),
            stats: Stats::default(),
            now: 0,
            interval_ns: cfg.interval_ns,
            queue: BinaryHeap::new(),
            seq: 0,
            current: None,
        };
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
        sim.listed = pings;
        Ok(sim)
    }

    /// How many pings the run has.
    pub fn ping_count(&self) -> usize {
        let n = self.all_pairs;
        self.listed.len() + n * n.saturating_sub(1)
    }

    /// Ping `i`: (source node, destination address).
    pub fn ping(&self, i: usize) -> (usize, Ipv4Addr) {
        if let Some(p) = self.listed.get(i) {
            return *p;
        }
        // Pair k of the all-pairs sequence 1->2, 1->3, ..., 1->N, 2->1, 2->3, ...
        let k = i - self.listed.len();
        let others = self.all_pairs - 1;
        let (a, j) = (k / others, k % others);
        let b = if j >= a { j + 1 } else { j };
        (a, self.nodes[b].ip)
    }

    fn host_ip(&self, n: usize) -> Result<Ipv4Addr> {
        let hosts = self.nodes.iter().filter(|n| !n.router).count();
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
        let Some(s) = self.nodes.iter().position(|n| n.ip == src_ip && !n.router) else {
            return Err(SetupError::NotAHost {
                ip: src_ip,
                hosts: self.nodes.iter().filter(|n| !n.router).count(),
            }
            .into());
        };
        let d = match dst {
            Endpoint::Host(n) => self.host_ip(n)?,
            Endpoint::Ip(ip) => ip,
        };
        // Every destination is simulated as Linux treats it: the host itself and loopback
        // through lo, broadcast and multicast by their MACs, an on-link address nobody owns by
        // three unanswered ARP requests. Only an off-link one without a gateway has no route.
        let special = d.is_loopback() || d.is_unspecified() || d.is_broadcast() || d.is_multicast();
        if !special
            && !crate::subnet::on_link(IpNet::V4(self.subnet), IpAddr::V4(d))
            && self.gateway.is_none()
        {
            return Err(SetupError::OffSubnet { ip: d, subnet: self.subnet }.into());
        }
        Ok((s, d))
    }

    fn schedule(&mut self, delay: u64, ev: Ev) {
        self.seq += 1;
        self.queue.push(Reverse(Scheduled { time: self.now + delay, seq: self.seq, ev }));
    }

    fn node_of_port(&self, port: usize) -> usize {
        port - 1
    }

    /// Runs every ping to the end.
    pub fn run(&mut self, obs: &mut dyn Observer) {
        if self.ping_count() > 0 {
            self.schedule(0, Ev::StartPing(0));
        }
        while let Some(Reverse(s)) = self.queue.pop() {
            self.now = s.time;
            match s.ev {
                Ev::StartPing(i) => self.start_ping(i, obs),
                Ev::PingTimeout(i) => {
                    if self.current == Some(i) {
                        self.finish_ping(i, PingOutcome::Timeout, obs);
                    }
                }
                Ev::AtSwitch { port, frame } => self.at_switch(port, frame, obs),
                Ev::ToNode { node, frame } => self.at_node(node, &frame, obs),
                Ev::Flood { except, frame } => {
                    for node in 0..self.nodes.len() {
                        if node != except {
                            self.at_node(node, &frame, obs);
                        }
                    }
                }
                Ev::ArpTimer { node, ip } => self.arp_timer(node, ip, obs),
            }
        }
    }

    fn emit(&self, obs: &mut dyn Observer, e: Event) {
        obs.event(self.now, e);
    }

    fn start_ping(&mut self, i: usize, obs: &mut dyn Observer) {
        let (src, dst) = self.ping(i);
        self.current = Some(i);
        if obs.tracing() {
            let dst_node = self.nodes.iter().position(|n| n.ip == dst);
            let (number, total) = (i + 1, self.ping_count());
            self.emit(obs, Event::PingStart { node: src, dst, dst_node, number, total });
        }
        // Loopback, 0.0.0.0 (Linux takes it as this host) and the host's own address go
        // through the loopback interface: answered at once, nothing on the wire.
        if dst.is_loopback() || dst.is_unspecified() || dst == self.nodes[src].ip {
            if obs.tracing() {
                self.emit(obs, Event::Loopback { node: src, dst });
            }
            self.finish_ping(i, PingOutcome::Replied, obs);
            return;
        }
        let node = &self.nodes[src];
        let m = icmp::Repr {
            request: true,
            ident: node.ident,
            seq: (i + 1) as u16,
            data: (0..PING_DATA_LEN as u8).map(|b| b.wrapping_add(0x10)).collect(),
        };
        let own = node.ip;
        self.send_ip(src, own, dst, m, obs);
        self.schedule(PING_TIMEOUT_NS, Ev::PingTimeout(i));
    }

    fn finish_ping(&mut self, i: usize, outcome: PingOutcome, obs: &mut dyn Observer) {
        self.current = None;
        if outcome == PingOutcome::Replied {
            self.stats.pings_ok += 1;
        } else {
            self.failed.push(i);
            self.stats.pings_failed += 1;
        }
        if obs.tracing() {
            let (node, dst) = self.ping(i);
            self.emit(obs, Event::PingEnd { node, dst, outcome });
        }
        obs.progress(i + 1, self.ping_count());
        if i + 1 < self.ping_count() {
            self.schedule(self.interval_ns, Ev::StartPing(i + 1));
        }
    }

    /// How `node` reaches `dst`: the route and, where the address alone decides it, the MAC.
    fn route(&self, node: usize, dst: Ipv4Addr) -> (Route, Ipv4Addr, Option<MacAddr>) {
        let n = &self.nodes[node];
        if dst.is_broadcast() || dst == self.subnet.broadcast() && self.subnet.prefix_len() <= 30 {
            return (Route::Broadcast, dst, Some(MacAddr::BROADCAST));
        }
        if dst.is_multicast() {
            return (Route::Multicast, dst, Some(multicast_mac(dst)));
        }
        if n.router {
            // The router sends straight back to the host that asked.
            return (Route::Back, dst, None);
        }
        let own = IpNet::V4(Ipv4Net::new(n.ip, self.subnet.prefix_len()).expect("valid prefix"));
        if crate::subnet::on_link(own, IpAddr::V4(dst)) {
            (Route::OnLink { masked: mask_and(dst, self.subnet) }, dst, None)
        } else {
            let via = self.gateway.expect("checked when the pings were resolved");
            (
                Route::ViaGateway { network: self.subnet.network(), prefix: self.subnet.prefix_len() },
                via,
                None,
            )
        }
    }

    /// Sends an ICMP message from `node` to `dst`: on-link or through the gateway, decided by
    /// AND-masking as `same-subnet` does; resolving the next hop's MAC first if needed.
    /// `src` is the node's own address, except when the router answers for an off-subnet host.
    fn send_ip(&mut self, node: usize, src: Ipv4Addr, dst: Ipv4Addr, m: icmp::Repr, obs: &mut dyn Observer) {
        let (route, next_hop, mapped) = self.route(node, dst);
        let ip = ipv4::Repr { src, dst, protocol: ipv4::PROTO_ICMP, ttl: 64, ident: m.seq, payload_len: 0 };
        let packet = ip.emit(&m.emit());
        let found = match mapped {
            Some(mac) => Some((mac, Resolved::Mapped)),
            None => match self.nodes[node].cache.lookup(next_hop, self.now) {
                Lookup::Found { mac, stale } => {
                    Some((mac, if stale { Resolved::Stale } else { Resolved::Hit }))
                }
                Lookup::Pending => {
                    self.nodes[node].queue.push((next_hop, packet));
                    if obs.tracing() {
                        self.emit(obs, Event::Queue { node, route, next_hop, dst, starts: false });
                    }
                    return;
                }
                Lookup::Missing => {
                    self.nodes[node].queue.push((next_hop, packet));
                    self.nodes[node].cache.start(next_hop);
                    if obs.tracing() {
                        self.emit(obs, Event::Queue { node, route, next_hop, dst, starts: true });
                    }
                    self.send_arp_request(node, next_hop, 1, obs);
                    self.schedule(cache::RETRANS_NS, Ev::ArpTimer { node, ip: next_hop });
                    return;
                }
            },
        };
        if let Some((mac, resolved)) = found {
            let frame = self.transmit(node, mac, ethernet::EtherType::Ipv4, &packet);
            if obs.tracing() {
                self.emit(obs, Event::Send { node, route, next_hop, resolved, frame: frame.info() });
            }
        }
    }

    fn send_arp_request(&mut self, node: usize, target: Ipv4Addr, attempt: u8, obs: &mut dyn Observer) {
        let n = &self.nodes[node];
        let a = arp::Repr {
            operation: arp::Operation::Request,
            sender_mac: n.mac,
            sender_ip: n.ip,
            target_mac: MacAddr::ZERO,
            target_ip: target,
        };
        self.stats.arp_requests += 1;
        let frame = self.transmit(node, MacAddr::BROADCAST, ethernet::EtherType::Arp, &a.emit());
        if obs.tracing() {
            self.emit(obs, Event::ArpRequest { node, target, attempt, frame: frame.info() });
        }
    }

    /// Puts a frame on `node`'s link: it reaches the switch one hop later, where it is the next
    /// record of the capture (every link takes the same time, so frames enter the switch in the
    /// order they are sent).
    fn transmit(
        &mut self,
        node: usize,
        dst: MacAddr,
        ethertype: ethernet::EtherType,
        payload: &[u8],
    ) -> Rc<Frame> {
        let n = &self.nodes[node];
        let bytes = ethernet::Repr { dst, src: n.mac, ethertype }.frame(payload);
        let port = n.port;
        self.sent += 1;
        let frame = Rc::new(Frame::parse(bytes, self.sent));
        self.schedule(LINK_NS, Ev::AtSwitch { port, frame: frame.clone() });
        frame
    }

    fn arp_timer(&mut self, node: usize, ip: Ipv4Addr, obs: &mut dyn Observer) {
        if !self.nodes[node].cache.is_incomplete(ip) {
            return;
        }
        if self.nodes[node].cache.retry(ip) {
            let attempt = match self.nodes[node].cache.state(ip) {
                Some(State::Incomplete { tries }) => tries,
                _ => cache::MAX_TRIES,
            };
            self.send_arp_request(node, ip, attempt, obs);
            self.schedule(cache::RETRANS_NS, Ev::ArpTimer { node, ip });
            return;
        }
        let dropped = {
            let q = &mut self.nodes[node].queue;
            let before = q.len();
            q.retain(|(hop, _)| *hop != ip);
            before - q.len()
        };
        if obs.tracing() {
            self.emit(obs, Event::ArpFailed { node, target: ip, tries: cache::MAX_TRIES, dropped });
        }
        if let Some(i) = self.current
            && self.ping(i).0 == node
        {
            self.finish_ping(i, PingOutcome::HostUnreachable, obs);
        }
    }

    fn at_switch(&mut self, port: usize, frame: Rc<Frame>, obs: &mut dyn Observer) {
        self.stats.frames_in += 1;
        if obs.capturing() {
            obs.frame(self.now, frame.number, &frame.bytes);
        }
        let (src, dst) = (frame.eth.src, frame.eth.dst);
        let learned = self.switch.learn(src, port, self.now);
        let decision = self.switch.decide(dst, port, self.now);
        let others = self.switch.ports - 1;
        let copies = match decision {
            Decision::Flood(_) => others,
            Decision::Forward(_) => 1,
            Decision::Filter => 0,
        };
        if obs.tracing() {
            let aging_ns = self.switch.aging_ns;
            self.emit(
                obs,
                Event::SwitchIn { port, frame: frame.info(), learned, decision, copies, aging_ns },
            );
        }
        self.stats.frames_out += copies as u64;
        match decision {
            Decision::Flood(_) => {
                let except = self.node_of_port(port);
                self.schedule(LINK_NS, Ev::Flood { except, frame });
            }
            Decision::Forward(p) => {
                let node = self.node_of_port(p);
                self.schedule(LINK_NS, Ev::ToNode { node, frame });
            }
            Decision::Filter => {}
        }
    }

    fn at_node(&mut self, node: usize, frame: &Frame, obs: &mut dyn Observer) {
        let me = self.nodes[node].mac;
        let dst = frame.eth.dst;
        // A NIC takes its own address, broadcast, and the all-hosts group every host joins.
        if dst != me && !dst.is_broadcast() && dst != ALL_HOSTS_MAC {
            self.stats.dropped_not_for_me += 1;
            if obs.tracing() {
                self.emit(obs, Event::NotForMe { node, frame: frame.info(), me });
            }
            return;
        }
        self.stats.deliveries += 1;
        match &frame.body {
            Body::Arp(a) => self.on_arp(node, a, frame, obs),
            Body::Icmp(ip, m) => self.on_icmp(node, ip, m, obs),
            Body::Other => {}
        }
    }

    /// RFC 826 reception: merge the sender if known; if the target is me, add the sender and
    /// answer a request.
    fn on_arp(&mut self, node: usize, a: &arp::Repr, frame: &Frame, obs: &mut dyn Observer) {
        let now = self.now;
        let n = &mut self.nodes[node];
        let for_me = a.target_ip == n.ip;
        let reply_to_me = for_me && a.operation == arp::Operation::Reply;
        let merged = n.cache.merge(a.sender_ip, a.sender_mac, now, reply_to_me);
        if !for_me {
            if obs.tracing() {
                self.emit(obs, Event::ArpIgnored { node, frame: frame.info(), merged });
            }
            return;
        }
        if !merged {
            let state = if reply_to_me { State::reachable(now) } else { State::Stale };
            n.cache.insert(a.sender_ip, a.sender_mac, state);
        }
        match a.operation {
            arp::Operation::Request => {
                let n = &self.nodes[node];
                let reply = arp::Repr {
                    operation: arp::Operation::Reply,
                    sender_mac: n.mac,
                    sender_ip: n.ip,
                    target_mac: a.sender_mac,
                    target_ip: a.sender_ip,
                };
                self.stats.arp_replies += 1;
                let sent = self.transmit(node, a.sender_mac, ethernet::EtherType::Arp, &reply.emit());
                if obs.tracing() {
                    self.emit(
                        obs,
                        Event::ArpAnswer {
                            node,
                            asker_ip: a.sender_ip,
                            asker_mac: a.sender_mac,
                            target: a.target_ip,
                            frame: sent.info(),
                        },
                    );
                }
            }
            arp::Operation::Reply => {
                let waiting: Vec<Vec<u8>> = {
                    let q = &mut self.nodes[node].queue;
                    let (go, stay): (Vec<_>, Vec<_>) = q.drain(..).partition(|(hop, _)| *hop == a.sender_ip);
                    *q = stay;
                    go.into_iter().map(|(_, p)| p).collect()
                };
                if obs.tracing() {
                    let (ip, mac, released) = (a.sender_ip, a.sender_mac, waiting.len());
                    self.emit(obs, Event::ArpResolved { node, ip, mac, released });
                }
                for p in waiting {
                    let frame = self.transmit(node, a.sender_mac, ethernet::EtherType::Ipv4, &p);
                    if obs.tracing() {
                        self.emit(obs, Event::Released { node, next_hop: a.sender_ip, frame: frame.info() });
                    }
                }
            }
            arp::Operation::Unknown(_) => {}
        }
    }

    fn on_icmp(&mut self, node: usize, ip: &ipv4::Repr, m: &icmp::Repr, obs: &mut dyn Observer) {
        let n = &self.nodes[node];
        if m.request {
            // Linux answers no echo sent to a broadcast or multicast address
            // (net.ipv4.icmp_echo_ignore_broadcasts = 1).
            let group = ip.dst.is_broadcast()
                || ip.dst == self.subnet.broadcast() && self.subnet.prefix_len() <= 30
                || ip.dst.is_multicast();
            if group {
                if obs.tracing() {
                    let why = if ip.dst.is_multicast() { Ignored::Multicast } else { Ignored::Broadcast };
                    self.emit(obs, Event::EchoIgnored { node, from: ip.src, why });
                }
                return;
            }
            let stand_in = n.router && !crate::subnet::on_link(IpNet::V4(self.subnet), IpAddr::V4(ip.dst));
            if ip.dst == n.ip || stand_in {
                if obs.tracing() {
                    self.emit(obs, Event::EchoAnswer { node, to: ip.src, dst: ip.dst, stand_in });
                }
                let reply = icmp::Repr { request: false, ident: m.ident, seq: m.seq, data: m.data.clone() };
                // The stand-in answers for an off-subnet host with that host's address as the
                // source.
                self.send_ip(node, ip.dst, ip.src, reply, obs);
            }
            return;
        }
        if let Some(i) = self.current
            && self.ping(i) == (node, ip.src)
            // The wire's sequence number is 16 bits: it wraps after 65,535 pings.
            && m.seq == (i + 1) as u16
        {
            self.finish_ping(i, PingOutcome::Replied, obs);
        }
    }
}

fn mask_and(a: Ipv4Addr, net: Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(a) & u32::from(net.netmask()))
}

/// The MAC of an IPv4 multicast group: 01:00:5e and the group's low 23 bits (RFC 1112).
fn multicast_mac(group: Ipv4Addr) -> MacAddr {
    let [_, b, c, d] = group.octets();
    MacAddr([0x01, 0x00, 0x5e, b & 0x7f, c, d])
}

/// 224.0.0.1's MAC: the all-hosts group, which every IPv4 host joins.
const ALL_HOSTS_MAC: MacAddr = MacAddr([0x01, 0x00, 0x5e, 0, 0, 1]);

/// The smallest subnet (in 10.0.0.0/8 style) with room for `n` addresses.
fn suggest_subnet(n: usize) -> Ipv4Net {
    let p = crate::subnet::prefix_for_hosts(n as u128, 32).unwrap_or(8).max(8);
    Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), p).unwrap_or_default()
}

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
        fn frame(&mut self, time_ns: u64, number: u64, bytes: &[u8]) {
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
