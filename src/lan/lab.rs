//! Lab files: any topology and its timed steps, in TOML, read through serde.
//!
//! ```toml
//! seed = 1
//! [[switch]]
//! name = "S1"
//! [[host]]
//! name = "A"
//! ip = "192.168.1.1/24"
//! link = "S1"
//! [[host]]
//! name = "B"
//! ip = "192.168.1.2/24"
//! link = "S1"
//! [[step]]
//! ping = "A -> B"
//! ```
//!
//! Devices are `[[switch]]`, `[[hub]]`, `[[host]]` (one interface: `ip` with its prefix,
//! `link` to a switch or hub, an optional `gateway` and `mac`) and `[[router]]` (its
//! `interfaces`, each an `ip` and a `link`; `routes` to networks beyond the next router, each
//! `to` a network and `via` that router; a `gateway`, its default route); `[[link]]` joins two
//! switches or hubs (`between`).
//! `[[step]]`s run in order: `ping = "A -> B"` (a name or an address after the arrow),
//! `wait = SECONDS`, `link_down = "A"` (a host's cable) or `link_down = "S1 -> S2"` (a
//! link between bridges). `until = SECONDS` at the top ends the run at that virtual time. A `[[lose]]` loses a packet by its connection (`connection`: the
//! connect steps, from 1) and its place among what the connection's two ends send (`segment`
//! for TCP, `datagram` for UDP: from 1, both ways), where `drop = [...]` names frames by
//! number. Every error names the line and the field.

use std::net::Ipv4Addr;
use std::ops::Range;

use ipnet::Ipv4Net;
use serde::Deserialize;
use toml::Spanned;

use super::sim::transport::{MAX_DATAGRAM, Mode, SockCall};
use super::sim::{Lose, Sim, Step};
use super::topology::{Peer, Role, Topology};
use crate::mac::MacAddr;

/// The longest wait a step takes, in seconds (a day: keepalive's two hours fit).
pub const MAX_WAIT_S: f64 = 86_400.0;
/// The latest end of virtual time a lab may set (`until`), in seconds: a thousand days.
pub const MAX_UNTIL_S: f64 = 86_400_000.0;
/// The most frames a lab lets into bridges unless it says otherwise; a storm stops here.
pub const DEFAULT_FRAME_CAP: u64 = 10_000;
/// The largest backlog listen() takes (Linux's somaxconn: a larger one is cut to it).
const SOMAXCONN: u32 = 4096;
/// An iterative server's backlog when its step gives none: Python's `listen()` without an
/// argument (the course's servers are Python).
const DEFAULT_BACKLOG: u32 = 128;

/// A lab file that cannot be read: where, which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {field}{}{problem}", if .field.is_empty() { "" } else { ": " })]
pub struct LabError {
    /// The line (1-based).
    pub line: usize,
    /// The field, as `host.link`; empty when the file is not TOML at all.
    pub field: String,
    /// What is wrong.
    pub problem: LabProblem,
}

/// What is wrong in a lab file, as a value (the binary words each one in its language; this
/// `Display` is the English).
///
/// ```
/// use netcalc::lan::lab::{LabProblem, parse};
/// let e = parse("[[switch]]\nname = \"S 1\"\n").err().unwrap();
/// assert_eq!(e.problem, LabProblem::BadName);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LabProblem {
    /// Not TOML, or not the lab's fields: the TOML reader's own words.
    #[error("{0}")]
    Toml(String),
    /// An interface address without its prefix.
    #[error("an address with its prefix, e.g. 192.168.1.1/24: {0:?}")]
    NeedsPrefix(String),
    /// An address that does not parse.
    #[error("{0}")]
    Address(crate::error::ParseError),
    /// An IPv6 address: the lab is IPv4.
    #[error("the lab is IPv4: {0:?}")]
    Ipv4Only(String),
    /// A prefix length that is not 0 to 32.
    #[error("a prefix length from 0 to 32: {0:?}")]
    PrefixLength(String),
    /// An interface given its subnet's network or broadcast address.
    #[error("{ip} is the network or broadcast address of {net}, not a host's")]
    NotAHostAddress {
        /// The address.
        ip: Ipv4Addr,
        /// Its subnet.
        net: Ipv4Net,
    },
    /// An ageing time out of range.
    #[error("seconds from 0 to 1e9")]
    Aging,
    /// A name that is empty, too long or has other characters.
    #[error("a name of 1 to 32 letters, digits, - and _")]
    BadName,
    /// Two devices of the same name.
    #[error("{0:?} is named twice")]
    NamedTwice(String),
    /// A link to a switch or hub the lab does not have.
    #[error("no switch or hub named {0:?}")]
    NoBridge(String),
    /// A MAC address that does not parse.
    #[error("{0}")]
    Mac(crate::mac::MacParseError),
    /// A gateway off the host's subnet.
    #[error("{gateway} is not on {net}: a gateway is on-link")]
    GatewayOffLink {
        /// The gateway.
        gateway: Ipv4Addr,
        /// The host's subnet.
        net: Ipv4Net,
    },
    /// A router with no interface.
    #[error("a router needs at least one interface")]
    RouterWithoutInterfaces,
    /// A lab without a host or a router: nothing would happen (an empty file, or the wrong
    /// one).
    #[error("a lab needs at least one [[host]] or [[router]] (data/labs/ has examples)")]
    NoDevices,
    /// A route's network given with host bits (as `ip route` refuses it).
    #[error("{given:?} has host bits: the network is {net}")]
    RouteHostBits {
        /// As the lab gives it.
        given: String,
        /// The network it is in.
        net: Ipv4Net,
    },
    /// A route's next hop (or a router's gateway) on none of the router's networks.
    #[error("{0} is on none of the router's networks: the next router is a neighbour, on-link")]
    NextHopOffLink(Ipv4Addr),
    /// A route's next hop (or a router's gateway) that is the router's own address.
    #[error("{0} is the router's own address: the next hop is another router")]
    NextHopIsMine(Ipv4Addr),
    /// A link that does not name two devices.
    #[error("two switch or hub names")]
    LinkNeedsTwo,
    /// A link whose ends are not this lab's switches or hubs.
    #[error("both ends must be switches or hubs of this lab")]
    LinkEnds,
    /// A frame cap out of range.
    #[error("from 1 to 100000000 frames")]
    FrameCap,
    /// A `[[lose]]` connection the lab does not open (it has this many connect steps).
    #[error("the lab has {0} connect step(s): connection counts them from 1, in order")]
    LoseConnection(usize),
    /// A `[[lose]]` without the count its connection's protocol takes (`segment` for TCP,
    /// `datagram` for UDP), or with both.
    #[error("connection {connection} is {}: give {}", if *.udp { "UDP" } else { "TCP" }, if *.udp { "datagram = N" } else { "segment = N" })]
    LoseWhich {
        /// The connection, as the lab counts it.
        connection: u64,
        /// Whether it is UDP.
        udp: bool,
    },
    /// A ping's TTL out of range.
    #[error("a TTL is 1 to 255")]
    Ttl,
    /// A backlog out of range.
    #[error("a backlog is 0 to 4096 (Linux's somaxconn)")]
    Backlog,
    /// An iterative UDP server: UDP has no connections to accept.
    #[error("UDP has no connections to accept: iterative is for TCP")]
    IterativeUdp,
    /// A backlog on a UDP server, which accepts no connections.
    #[error("UDP has no connections to accept: backlog is for TCP")]
    BacklogUdp,
    /// A frame number of 0 in `drop`.
    #[error("frames are numbered from 1, as the trace and the capture count them")]
    DropFrame,
    /// A `[[lose]]` segment or datagram number of 0.
    #[error("counted from 1, both ways, as the connection's two ends send them")]
    LoseSegment,
    /// A step that is no kind of step, or two kinds at once.
    #[error("a step is one of ping, wait, link_down, listen, restart, connect, call or crash")]
    StepKind,
    /// An option on a kind of step it does not belong to.
    #[error("{option} goes with {}", .allowed.join(" or "))]
    Stray {
        /// The option.
        option: String,
        /// The kinds of step it goes with.
        allowed: Vec<&'static str>,
    },
    /// A framing other than `length` or `none`.
    #[error("\"length\" (a 2-byte length before each message) or \"none\"")]
    Framing,
    /// Framing asked for on UDP.
    #[error("UDP keeps message boundaries: framing is for TCP")]
    FramingUdp,
    /// A ping step that is not `FROM -> TO`.
    #[error("FROM -> TO, e.g. \"A -> B\" or \"A -> 10.0.0.9\"")]
    PingSyntax,
    /// A connect step that is not `FROM -> TO:PORT`.
    #[error("FROM -> TO:PORT, e.g. \"A -> B:8002\"")]
    ConnectSyntax,
    /// Messages that are empty or too long.
    #[error("one or more messages of 1 to 65536 bytes")]
    Messages,
    /// A mode that is not one of the four.
    #[error("one-by-one, burst, half-close or keep-open")]
    Mode,
    /// A mode other than one-by-one on UDP.
    #[error("UDP sends one datagram a message")]
    UdpMode,
    /// A named socket given messages or a mode.
    #[error("a named socket sends in call = \"send\" steps, not with send or mode")]
    SocketWithSend,
    /// `nonblocking` on a connect step that is not a named TCP socket's.
    #[error("nonblocking is for a named TCP socket (socket = NAME): its connect() returns at once")]
    Nonblocking,
    /// A socket name that is empty or taken.
    #[error("a new, non-empty name for the socket")]
    SocketName,
    /// A call without a socket.
    #[error("a call needs socket = NAME, from a connect step")]
    CallWithoutSocket,
    /// A call on a socket no connect step named.
    #[error("no connect step named this socket before")]
    UnknownSocket,
    /// A call on a socket an earlier step closed.
    #[error("an earlier step closed this socket")]
    SocketClosed,
    /// Data on a call other than send.
    #[error("data goes with call = \"send\"")]
    DataWithoutSend,
    /// Data that is empty or too long.
    #[error("1 to 65536 bytes")]
    DataSize,
    /// A send call without data.
    #[error("send needs data = \"...\"")]
    SendWithoutData,
    /// A UDP message longer than a datagram holds.
    #[error("a UDP datagram holds at most 65507 bytes")]
    UdpSize,
    /// shutdown on a UDP socket.
    #[error("a UDP socket has no connection to shut down")]
    UdpShutdown,
    /// A call that is not one of the four.
    #[error("send, recv, shutdown or close")]
    Call,
    /// A step naming a node the lab does not have.
    #[error("no node named {0:?}")]
    NoNode(String),
    /// A number of seconds out of range.
    #[error("seconds from 0 to {max}")]
    Seconds {
        /// The most allowed, in whole seconds.
        max: u32,
    },
    /// A step naming a host the lab does not have.
    #[error("no host named {0:?}")]
    NoHost(String),
    /// A ping from a name that is neither a host nor a router of the lab.
    #[error("no host or router named {0:?}")]
    NoPinger(String),
    /// A ping from a router to an address none of its networks or routes covers.
    #[error(
        "{ip}: network unreachable: router {router} has no route to it (Linux says \"Network is unreachable\"); give it routes = [...] or gateway = \"...\""
    )]
    RouterNoRoute {
        /// The destination.
        ip: Ipv4Addr,
        /// The router's name.
        router: String,
    },
    /// A destination that is neither a node's name nor an address.
    #[error("{0:?} is neither a node nor an address")]
    NotNodeNorAddress(String),
    /// A port that is not 1 to 65535.
    #[error("a port is 1 to 65535: {0:?}")]
    Port(String),
    /// A pulled cable between devices that are not switches or hubs.
    #[error("{0:?}: both ends must be switches or hubs")]
    LinkDownEnds(String),
    /// A pulled cable between two switches that are not linked.
    #[error("no link between {0} and {1}")]
    NoLinkBetween(String, String),
    /// A step for a node that crashed at an earlier step.
    #[error("{0:?} crashed at an earlier step: it does nothing any more")]
    Crashed(String),
    /// A connection from a host to itself (its own address, loopback, 0.0.0.0).
    #[error(
        "a host reaches itself through lo, which the lab simulates for ping only: connect to another host"
    )]
    ConnectToSelf,
    /// A connection to a broadcast or multicast address.
    #[error(
        "{0} is a broadcast or multicast address: TCP connects to one host (Linux: connect() fails with \"Network is unreachable\"), and the lab's UDP sockets talk to one host too"
    )]
    ConnectToGroup(Ipv4Addr),
    /// A destination the host has no route to: off its subnet (or the limited broadcast, or a
    /// multicast group) without a gateway.
    #[error(
        "{ip}: network unreachable: a host on {subnet} without a gateway has no route to it (Linux says \"Network is unreachable\"); give the host gateway = \"...\""
    )]
    NoRoute {
        /// The destination.
        ip: Ipv4Addr,
        /// The host's subnet.
        subnet: Ipv4Net,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    title_zh: Option<String>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    frame_cap: Option<Spanned<u64>>,
    #[serde(default)]
    aging: Option<Spanned<f64>>,
    #[serde(default)]
    msl: Option<Spanned<f64>>,
    #[serde(default)]
    until: Option<Spanned<f64>>,
    #[serde(default)]
    linux: Option<bool>,
    #[serde(default)]
    drop: Option<Spanned<Vec<u64>>>,
    #[serde(default)]
    lose: Vec<LoseSpec>,
    #[serde(default)]
    switch: Vec<BridgeSpec>,
    #[serde(default)]
    hub: Vec<BridgeSpec>,
    #[serde(default)]
    host: Vec<HostSpec>,
    #[serde(default)]
    router: Vec<RouterSpec>,
    #[serde(default)]
    link: Vec<LinkSpec>,
    #[serde(default)]
    step: Vec<StepSpec>,
}

/// A packet to lose, by its connection (the lab's connect steps, from 1) and its place among
/// what that connection's two ends send (from 1, both ways): a TCP connection's `segment`, a
/// UDP one's `datagram`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoseSpec {
    connection: Spanned<u64>,
    #[serde(default)]
    segment: Option<Spanned<u64>>,
    #[serde(default)]
    datagram: Option<Spanned<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BridgeSpec {
    name: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostSpec {
    name: Spanned<String>,
    ip: Spanned<String>,
    link: Spanned<String>,
    #[serde(default)]
    gateway: Option<Spanned<String>>,
    #[serde(default)]
    mac: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouterSpec {
    name: Spanned<String>,
    interfaces: Vec<IfaceSpec>,
    /// Its default route: the next router for everything no other route matches.
    #[serde(default)]
    gateway: Option<Spanned<String>>,
    #[serde(default)]
    routes: Vec<RouteSpec>,
}

/// A router's static route: `to` a network, `via` the next router (on-link).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteSpec {
    to: Spanned<String>,
    via: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IfaceSpec {
    ip: Spanned<String>,
    link: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkSpec {
    between: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    #[serde(default)]
    ping: Option<Spanned<String>>,
    #[serde(default)]
    ttl: Option<Spanned<i64>>,
    #[serde(default)]
    wait: Option<Spanned<f64>>,
    #[serde(default)]
    link_down: Option<Spanned<String>>,
    #[serde(default)]
    listen: Option<Spanned<String>>,
    #[serde(default)]
    upper: Option<bool>,
    #[serde(default)]
    read_delay: Option<Spanned<f64>>,
    #[serde(default)]
    udp: Option<bool>,
    #[serde(default)]
    connect: Option<Spanned<String>>,
    #[serde(default)]
    send: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    mode: Option<Spanned<String>>,
    #[serde(default)]
    crash: Option<Spanned<String>>,
    #[serde(default)]
    restart: Option<Spanned<String>>,
    #[serde(default)]
    reuseaddr: Option<bool>,
    #[serde(default)]
    close_first: Option<bool>,
    #[serde(default)]
    iterative: Option<bool>,
    #[serde(default)]
    backlog: Option<Spanned<i64>>,
    #[serde(default)]
    keepalive: Option<bool>,
    #[serde(default)]
    framing: Option<Spanned<String>>,
    #[serde(default)]
    nagle: Option<bool>,
    #[serde(default)]
    port: Option<Spanned<i64>>,
    #[serde(default)]
    nonblocking: Option<Spanned<bool>>,
    #[serde(default)]
    socket: Option<Spanned<String>>,
    #[serde(default)]
    call: Option<Spanned<String>>,
    #[serde(default)]
    data: Option<Spanned<String>>,
}

/// A lab, read and checked: the simulation with its steps, ready to run.
pub struct Lab {
    /// The file's title, if it gives one.
    pub title: Option<String>,
    /// Its title in Chinese (`title_zh`), if it gives one: what a run in Chinese shows.
    pub title_zh: Option<String>,
    /// The seed its MACs were drawn from.
    pub seed: u64,
    /// The simulation.
    pub sim: Sim,
}

/// Reads a lab file's text.
///
/// ```
/// let lab = netcalc::lan::lab::parse(r#"
/// [[switch]]
/// name = "S1"
/// [[host]]
/// name = "A"
/// ip = "10.0.0.1/24"
/// link = "S1"
/// [[host]]
/// name = "B"
/// ip = "10.0.0.2/24"
/// link = "S1"
/// [[step]]
/// ping = "A -> B"
/// "#).unwrap();
/// assert_eq!(lab.sim.ping_count(), 1);
/// let err = netcalc::lan::lab::parse("[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S9\"\n").err().unwrap();
/// assert_eq!((err.line, err.field.as_str()), (4, "host.link"));
/// ```
pub fn parse(text: &str) -> Result<Lab, LabError> {
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        LabError { line, field: String::new(), problem: LabProblem::Toml(e.message().trim().to_string()) }
    })?;
    Reader { text }.build(file)
}

/// The 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn err(&self, span: Range<usize>, field: &str, problem: LabProblem) -> LabError {
        LabError { line: line_of(self.text, span.start), field: field.to_string(), problem }
    }

    /// An address with its prefix length, `10.0.1.1/24`: the address and its network.
    fn prefixed(&self, s: &Spanned<String>, field: &str) -> Result<(Ipv4Addr, Ipv4Net), LabError> {
        let bad = |p: LabProblem| self.err(s.span(), field, p);
        let text = || s.get_ref().clone();
        let (addr, prefix) =
            s.get_ref().split_once('/').ok_or_else(|| bad(LabProblem::NeedsPrefix(text())))?;
        let ip: Ipv4Addr = match crate::addr::parse_addr(addr).map_err(|e| bad(LabProblem::Address(e)))? {
            std::net::IpAddr::V4(a) => a,
            std::net::IpAddr::V6(_) => return Err(bad(LabProblem::Ipv4Only(text()))),
        };
        let len: u8 =
            prefix.parse().ok().filter(|p| *p <= 32).ok_or_else(|| bad(LabProblem::PrefixLength(text())))?;
        let net = Ipv4Net::new(ip, len).map_err(|_| bad(LabProblem::PrefixLength(text())))?.trunc();
        Ok((ip, net))
    }

    /// An interface's address with its prefix length: a host's address on its network.
    fn net(&self, s: &Spanned<String>, field: &str) -> Result<(Ipv4Addr, Ipv4Net), LabError> {
        let (ip, net) = self.prefixed(s, field)?;
        if crate::subnet::has_broadcast(net.prefix_len(), 32)
            && (ip == net.network() || ip == net.broadcast())
        {
            return Err(self.err(s.span(), field, LabProblem::NotAHostAddress { ip, net }));
        }
        Ok((ip, net))
    }

    /// A route's network, `10.0.3.0/24`, without host bits.
    fn network(&self, s: &Spanned<String>, field: &str) -> Result<Ipv4Net, LabError> {
        let (ip, net) = self.prefixed(s, field)?;
        if ip != net.network() {
            let given = s.get_ref().clone();
            return Err(self.err(s.span(), field, LabProblem::RouteHostBits { given, net }));
        }
        Ok(net)
    }

    /// A router's next hop: an address on one of `node`'s networks, and that interface.
    fn next_hop(
        &self,
        s: &Spanned<String>,
        field: &str,
        node: &super::topology::Node,
    ) -> Result<(Ipv4Addr, usize), LabError> {
        let via = self.addr(s, field)?;
        let problem = match node.iface_on_link(via) {
            Some(_) if node.iface_of(via).is_some() => LabProblem::NextHopIsMine(via),
            Some(k) => return Ok((via, k)),
            None => LabProblem::NextHopOffLink(via),
        };
        Err(self.err(s.span(), field, problem))
    }

    fn addr(&self, s: &Spanned<String>, field: &str) -> Result<Ipv4Addr, LabError> {
        match crate::addr::parse_addr(s.get_ref().trim()) {
            Ok(std::net::IpAddr::V4(a)) => Ok(a),
            Ok(_) => Err(self.err(s.span(), field, LabProblem::Ipv4Only(s.get_ref().trim().to_string()))),
            Err(e) => Err(self.err(s.span(), field, LabProblem::Address(e))),
        }
    }

    fn build(&self, f: File) -> Result<Lab, LabError> {
        let mut topo = Topology::default();
        let aging_ns = match &f.aging {
            Some(a) if !a.get_ref().is_finite() || !(0.0..=1e9).contains(a.get_ref()) => {
                return Err(self.err(a.span(), "aging", LabProblem::Aging));
            }
            Some(a) => (a.get_ref() * 1e9).round() as u64,
            None => super::switch::DEFAULT_AGING_NS,
        };
        let mut names: Vec<String> = Vec::new();
        let mut taken = |name: &Spanned<String>, field: &str, this: &Self| -> Result<(), LabError> {
            let n = name.get_ref();
            if n.is_empty()
                || n.len() > 32
                || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(this.err(name.span(), field, LabProblem::BadName));
            }
            if names.contains(n) {
                return Err(this.err(name.span(), field, LabProblem::NamedTwice(n.clone())));
            }
            names.push(n.clone());
            Ok(())
        };
        for (specs, hub, what) in [(&f.switch, false, "switch"), (&f.hub, true, "hub")] {
            for b in specs {
                taken(&b.name, &format!("{what}.name"), self)?;
                topo.add_bridge(b.name.get_ref().clone(), hub, aging_ns);
            }
        }
        let bridge = |name: &Spanned<String>, field: &str, topo: &Topology| {
            topo.bridges
                .iter()
                .position(|b| &b.name == name.get_ref())
                .ok_or_else(|| self.err(name.span(), field, LabProblem::NoBridge(name.get_ref().clone())))
        };
        let mut macs = super::topology::Macs::new(f.seed.unwrap_or(1));
        for h in &f.host {
            taken(&h.name, "host.name", self)?;
            let (ip, net) = self.net(&h.ip, "host.ip")?;
            let b = bridge(&h.link, "host.link", &topo)?;
            let mac = match &h.mac {
                Some(m) => m
                    .get_ref()
                    .parse::<MacAddr>()
                    .map_err(|e| self.err(m.span(), "host.mac", LabProblem::Mac(e)))?,
                None => macs.next_mac(),
            };
            let node = topo.add_host(h.name.get_ref().clone(), ip, net, mac, b);
            if let Some(g) = &h.gateway {
                let gw = self.addr(g, "host.gateway")?;
                if !net.contains(&gw) {
                    return Err(self.err(
                        g.span(),
                        "host.gateway",
                        LabProblem::GatewayOffLink { gateway: gw, net },
                    ));
                }
                topo.nodes[node].gateway = Some(gw);
            }
        }
        for r in &f.router {
            taken(&r.name, "router.name", self)?;
            let Some((first, rest)) = r.interfaces.split_first() else {
                return Err(self.err(
                    r.name.span(),
                    "router.interfaces",
                    LabProblem::RouterWithoutInterfaces,
                ));
            };
            let (ip, net) = self.net(&first.ip, "router.interfaces.ip")?;
            let b = bridge(&first.link, "router.interfaces.link", &topo)?;
            let node = topo.add_host(r.name.get_ref().clone(), ip, net, macs.next_mac(), b);
            for i in rest {
                let (ip, net) = self.net(&i.ip, "router.interfaces.ip")?;
                let b = bridge(&i.link, "router.interfaces.link", &topo)?;
                topo.add_iface(node, ip, net, macs.next_mac(), b);
            }
            topo.nodes[node].router = true;
            topo.nodes[node].role = Role::Router;
            for route in &r.routes {
                let net = self.network(&route.to, "router.routes.to")?;
                let (via, iface) = self.next_hop(&route.via, "router.routes.via", &topo.nodes[node])?;
                topo.nodes[node].routes.push(super::topology::StaticRoute { net, via, iface });
            }
            if let Some(g) = &r.gateway {
                let (via, _) = self.next_hop(g, "router.gateway", &topo.nodes[node])?;
                topo.nodes[node].gateway = Some(via);
            }
        }
        for l in &f.link {
            let [a, b] = l.between.get_ref().as_slice() else {
                return Err(self.err(l.between.span(), "link.between", LabProblem::LinkNeedsTwo));
            };
            let find = |n: &str| topo.bridges.iter().position(|x| x.name == n);
            let (Some(a), Some(b)) = (find(a), find(b)) else {
                return Err(self.err(l.between.span(), "link.between", LabProblem::LinkEnds));
            };
            topo.link_bridges(a, b);
        }
        for n in &topo.nodes {
            for i in &n.ifaces {
                if !topo.subnets.contains(&i.net) {
                    topo.subnets.push(i.net);
                }
            }
        }
        let mut sim = Sim::with(topo, 0);
        sim.frame_cap = match &f.frame_cap {
            Some(c) if *c.get_ref() == 0 || *c.get_ref() > 100_000_000 => {
                return Err(self.err(c.span(), "frame_cap", LabProblem::FrameCap));
            }
            Some(c) => *c.get_ref(),
            None => DEFAULT_FRAME_CAP,
        };
        if let Some(m) = &f.msl {
            sim.transport.msl_ns = self.seconds(m, "msl", 3600.0)?;
        }
        if let Some(u) = &f.until {
            sim.until = self.seconds(u, "until", MAX_UNTIL_S)?;
        }
        sim.transport.seed = f.seed.unwrap_or(1);
        sim.transport.linux = f.linux.unwrap_or(false);
        if let Some(d) = &f.drop {
            if d.get_ref().contains(&0) {
                return Err(self.err(d.span(), "drop", LabProblem::DropFrame));
            }
            sim.drop = d.get_ref().iter().copied().collect();
        }
        let mut steps = Vec::with_capacity(f.step.len());
        let mut sockets = std::collections::HashMap::new();
        let mut crashed = std::collections::HashSet::new();
        let mut closed = std::collections::HashSet::new();
        for s in &f.step {
            steps.push(self.step(s, &mut sim, &mut sockets, &mut crashed, &mut closed)?);
        }
        sim.script(steps);
        // Every connect step made a session, in order.
        let sessions = sim.transport.sessions.len();
        for l in &f.lose {
            let connection = *l.connection.get_ref();
            let session = match usize::try_from(connection) {
                Ok(k) if (1..=sessions).contains(&k) => k - 1,
                _ => {
                    let problem = LabProblem::LoseConnection(sessions);
                    return Err(self.err(l.connection.span(), "lose.connection", problem));
                }
            };
            let udp = sim.transport.sessions[session].udp;
            let (nth, field) = match (&l.segment, &l.datagram, udp) {
                (Some(n), None, false) => (n, "lose.segment"),
                (None, Some(n), true) => (n, "lose.datagram"),
                _ => {
                    let problem = LabProblem::LoseWhich { connection, udp };
                    return Err(self.err(l.connection.span(), "lose", problem));
                }
            };
            if *nth.get_ref() == 0 {
                return Err(self.err(nth.span(), field, LabProblem::LoseSegment));
            }
            sim.lose.push(Lose { session, connection, nth: *nth.get_ref(), udp, seen: 0 });
        }
        // Last, so that what is wrong in the file is said first.
        if f.host.is_empty() && f.router.is_empty() {
            return Err(self.err(0..0, "host", LabProblem::NoDevices));
        }
        Ok(Lab { title: f.title, title_zh: f.title_zh, seed: f.seed.unwrap_or(1), sim })
    }

    fn step(
        &self,
        s: &StepSpec,
        sim: &mut Sim,
        sockets: &mut std::collections::HashMap<String, usize>,
        crashed: &mut std::collections::HashSet<usize>,
        closed: &mut std::collections::HashSet<usize>,
    ) -> Result<Step, LabError> {
        // A node that crashed at an earlier step does nothing any more.
        let alive = |node: usize, span: Range<usize>, field: &str| {
            if crashed.contains(&node) {
                return Err(self.err(span, field, LabProblem::Crashed(sim.nodes[node].name.clone())));
            }
            Ok(node)
        };
        let kinds = [
            ("ping", s.ping.as_ref().map(|x| x.span())),
            ("wait", s.wait.as_ref().map(|x| x.span())),
            ("link_down", s.link_down.as_ref().map(|x| x.span())),
            ("listen", s.listen.as_ref().map(|x| x.span())),
            ("connect", s.connect.as_ref().map(|x| x.span())),
            ("crash", s.crash.as_ref().map(|x| x.span())),
            ("restart", s.restart.as_ref().map(|x| x.span())),
            ("call", s.call.as_ref().map(|x| x.span())),
        ];
        let given: Vec<_> = kinds.iter().filter_map(|(k, span)| span.clone().map(|sp| (*k, sp))).collect();
        let [(kind, span)] = given.as_slice() else {
            let span = given.get(1).map_or(0..0, |g| g.1.clone());
            return Err(self.err(span, "step", LabProblem::StepKind));
        };
        // Options that belong to another kind of step are mistakes worth saying.
        let stray = |name: &str, present: bool, allowed: &[&'static str]| -> Result<(), LabError> {
            if present && !allowed.contains(kind) {
                return Err(self.err(
                    span.clone(),
                    &format!("step.{name}"),
                    LabProblem::Stray { option: name.to_string(), allowed: allowed.to_vec() },
                ));
            }
            Ok(())
        };
        stray("ttl", s.ttl.is_some(), &["ping"])?;
        stray("upper", s.upper.is_some(), &["listen", "restart"])?;
        stray("read_delay", s.read_delay.is_some(), &["listen", "restart"])?;
        stray("close_first", s.close_first.is_some(), &["listen", "restart"])?;
        stray("iterative", s.iterative.is_some(), &["listen", "restart"])?;
        stray("backlog", s.backlog.is_some(), &["listen", "restart"])?;
        stray("reuseaddr", s.reuseaddr.is_some(), &["listen", "restart", "connect"])?;
        stray("keepalive", s.keepalive.is_some(), &["listen", "restart", "connect"])?;
        stray("udp", s.udp.is_some(), &["listen", "restart", "connect"])?;
        stray("send", s.send.is_some(), &["connect"])?;
        stray("mode", s.mode.is_some(), &["connect"])?;
        stray("framing", s.framing.is_some(), &["listen", "restart", "connect"])?;
        stray("nagle", s.nagle.is_some(), &["connect"])?;
        stray("port", s.port.is_some(), &["connect"])?;
        stray("nonblocking", s.nonblocking.is_some(), &["connect"])?;
        stray("socket", s.socket.is_some(), &["connect", "call"])?;
        stray("data", s.data.is_some(), &["call"])?;
        let framed = match &s.framing {
            None => false,
            Some(f) if f.get_ref() == "length" => true,
            Some(f) if f.get_ref() == "none" => false,
            Some(f) => {
                return Err(self.err(f.span(), "step.framing", LabProblem::Framing));
            }
        };
        if framed && s.udp == Some(true) {
            return Err(self.err(span.clone(), "step.framing", LabProblem::FramingUdp));
        }
        match *kind {
            "ping" => {
                let p = s.ping.as_ref().expect("kind ping");
                let (from, to) = p
                    .get_ref()
                    .split_once("->")
                    .ok_or_else(|| self.err(p.span(), "step.ping", LabProblem::PingSyntax))?;
                let from = alive(self.pinger(sim, from, p)?, p.span(), "step.ping")?;
                let to = self.target(sim, to, p, "step.ping")?;
                self.route(sim, from, to, p, "step.ping")?;
                let ttl = s
                    .ttl
                    .as_ref()
                    .map(|t| {
                        let ttl = u8::try_from(*t.get_ref()).ok().filter(|t| *t > 0);
                        ttl.ok_or_else(|| self.err(t.span(), "step.ttl", LabProblem::Ttl))
                    })
                    .transpose()?;
                Ok(Step::Ping { from, to, ttl })
            }
            "wait" => {
                let w = s.wait.as_ref().expect("kind wait");
                Ok(Step::Wait(self.seconds(w, "step.wait", MAX_WAIT_S)?))
            }
            "link_down" => self.link_down(s.link_down.as_ref().expect("kind link_down"), sim),
            "listen" | "restart" => {
                let l = s.listen.as_ref().or(s.restart.as_ref()).expect("kind listen or restart");
                let (name, port) = self.host_port(l, "step.listen")?;
                let node = alive(self.host(sim, name, l, "step.listen")?, l.span(), "step.listen")?;
                let read_delay_ns = match &s.read_delay {
                    Some(r) => self.seconds(r, "step.read_delay", MAX_WAIT_S)?,
                    None => 0,
                };
                let iterative = s.iterative == Some(true);
                if iterative && s.udp == Some(true) {
                    return Err(self.err(span.clone(), "step.iterative", LabProblem::IterativeUdp));
                }
                let backlog = match &s.backlog {
                    Some(b) if s.udp == Some(true) => {
                        return Err(self.err(b.span(), "step.backlog", LabProblem::BacklogUdp));
                    }
                    Some(b) => Some(
                        u32::try_from(*b.get_ref())
                            .ok()
                            .filter(|b| *b <= SOMAXCONN)
                            .ok_or_else(|| self.err(b.span(), "step.backlog", LabProblem::Backlog))?,
                    ),
                    None => iterative.then_some(DEFAULT_BACKLOG),
                };
                // Whether the port is free is known only when the step runs (bind() fails then,
                // "address already in use").
                Ok(Step::Listen {
                    node,
                    port,
                    udp: s.udp.unwrap_or(false),
                    upper: s.upper.unwrap_or(true),
                    read_delay_ns,
                    close_first: s.close_first.unwrap_or(false),
                    restart: *kind == "restart",
                    reuseaddr: s.reuseaddr.unwrap_or(false),
                    keepalive: s.keepalive.unwrap_or(false),
                    framed,
                    iterative,
                    backlog,
                })
            }
            "connect" => {
                let c = s.connect.as_ref().expect("kind connect");
                let (from, to) = c
                    .get_ref()
                    .split_once("->")
                    .ok_or_else(|| self.err(c.span(), "step.connect", LabProblem::ConnectSyntax))?;
                let from = alive(self.host(sim, from, c, "step.connect")?, c.span(), "step.connect")?;
                let to_port = Spanned::new(c.span(), to.trim().to_string());
                let (to, port) = self.host_port(&to_port, "step.connect")?;
                let to = self.target(sim, to, c, "step.connect")?;
                if sim.is_own(from, to) {
                    return Err(self.err(c.span(), "step.connect", LabProblem::ConnectToSelf));
                }
                if sim.is_group(from, to) {
                    return Err(self.err(c.span(), "step.connect", LabProblem::ConnectToGroup(to)));
                }
                self.route(sim, from, to, c, "step.connect")?;
                let messages: Vec<Vec<u8>> = match &s.send {
                    Some(m)
                        if m.get_ref().is_empty()
                            || m.get_ref().iter().any(|x| x.is_empty() || x.len() > 1 << 16) =>
                    {
                        return Err(self.err(m.span(), "step.send", LabProblem::Messages));
                    }
                    Some(m) => m.get_ref().iter().map(|x| x.as_bytes().to_vec()).collect(),
                    None => vec![b"hello".to_vec()],
                };
                let mode = match s.mode.as_ref().map(|m| (m.get_ref().as_str(), m.span())) {
                    None | Some(("one-by-one", _)) => Mode::OneByOne,
                    Some(("burst", _)) => Mode::Burst,
                    Some(("half-close", _)) => Mode::HalfClose,
                    Some(("keep-open", _)) => Mode::KeepOpen,
                    Some((_, span)) => {
                        return Err(self.err(span, "step.mode", LabProblem::Mode));
                    }
                };
                let udp = s.udp.unwrap_or(false);
                if let Some(m) = &s.send
                    && udp
                    && messages.iter().any(|x| x.len() > MAX_DATAGRAM)
                {
                    return Err(self.err(m.span(), "step.send", LabProblem::UdpSize));
                }
                if udp && mode != Mode::OneByOne {
                    return Err(self.err(c.span(), "step.mode", LabProblem::UdpMode));
                }
                // A named socket: connect only, and `call` steps do the rest.
                let (mode, messages) = match &s.socket {
                    Some(name) if s.send.is_some() || s.mode.is_some() => {
                        return Err(self.err(name.span(), "step.socket", LabProblem::SocketWithSend));
                    }
                    Some(_) => (Mode::Manual, Vec::new()),
                    None => (mode, messages),
                };
                let nonblocking = s.nonblocking.as_ref().is_some_and(|n| *n.get_ref());
                if let Some(n) = &s.nonblocking
                    && (udp || s.socket.is_none())
                {
                    return Err(self.err(n.span(), "step.nonblocking", LabProblem::Nonblocking));
                }
                // bind() to a port of its own before connect(): whether another socket holds it
                // is known only when the step runs.
                let local = match &s.port {
                    Some(p) => {
                        let port = u16::try_from(*p.get_ref()).ok().filter(|p| *p > 0);
                        Some(port.ok_or_else(|| {
                            self.err(p.span(), "step.port", LabProblem::Port(p.get_ref().to_string()))
                        })?)
                    }
                    None => None,
                };
                let session = sim.add_session(from, (to, port), udp, messages);
                if let Some(port) = local {
                    sim.bind_session(session, port);
                }
                sim.transport.sessions[session].nonblocking = nonblocking;
                sim.transport.sessions[session].reuseaddr = s.reuseaddr.unwrap_or(false);
                if let Some(name) = &s.socket {
                    let key = name.get_ref().trim().to_string();
                    if key.is_empty() || sockets.insert(key, session).is_some() {
                        return Err(self.err(name.span(), "step.socket", LabProblem::SocketName));
                    }
                }
                sim.transport.sessions[session].mode = mode;
                sim.transport.sessions[session].keepalive = s.keepalive.unwrap_or(false);
                sim.transport.sessions[session].framed = framed;
                sim.transport.sessions[session].nagle = s.nagle.unwrap_or(false);
                Ok(Step::Session(session))
            }
            "call" => {
                let c = s.call.as_ref().expect("kind call");
                let Some(name) = &s.socket else {
                    return Err(self.err(c.span(), "step.socket", LabProblem::CallWithoutSocket));
                };
                let Some(&session) = sockets.get(name.get_ref().trim()) else {
                    return Err(self.err(name.span(), "step.socket", LabProblem::UnknownSocket));
                };
                alive(sim.transport.sessions[session].client, c.span(), "step.call")?;
                // close() gave the descriptor back: a call on it would fail with EBADF.
                if closed.contains(&session) {
                    return Err(self.err(name.span(), "step.socket", LabProblem::SocketClosed));
                }
                if c.get_ref() == "close" {
                    closed.insert(session);
                }
                let udp = sim.transport.sessions[session].udp;
                if s.data.is_some() && c.get_ref() != "send" {
                    return Err(self.err(c.span(), "step.data", LabProblem::DataWithoutSend));
                }
                let call = match c.get_ref().as_str() {
                    "send" => {
                        let data = match &s.data {
                            Some(d) if !d.get_ref().is_empty() && d.get_ref().len() <= 1 << 16 => d.get_ref(),
                            Some(d) => return Err(self.err(d.span(), "step.data", LabProblem::DataSize)),
                            None => return Err(self.err(c.span(), "step.data", LabProblem::SendWithoutData)),
                        };
                        if udp && data.len() > MAX_DATAGRAM {
                            let span = s.data.as_ref().map_or(c.span(), |d| d.span());
                            return Err(self.err(span, "step.data", LabProblem::UdpSize));
                        }
                        let messages = std::rc::Rc::make_mut(&mut sim.transport.sessions[session].messages);
                        messages.push(data.as_bytes().to_vec());
                        SockCall::Send(messages.len() - 1)
                    }
                    "recv" => SockCall::Recv,
                    "shutdown" if udp => {
                        return Err(self.err(c.span(), "step.call", LabProblem::UdpShutdown));
                    }
                    "shutdown" => SockCall::Shutdown,
                    "close" => SockCall::Close,
                    _ => return Err(self.err(c.span(), "step.call", LabProblem::Call)),
                };
                Ok(Step::Call { session, call })
            }
            _ => {
                let c = s.crash.as_ref().expect("kind crash");
                let node = sim.node_named(c.get_ref().trim()).ok_or_else(|| {
                    self.err(c.span(), "step.crash", LabProblem::NoNode(c.get_ref().clone()))
                })?;
                alive(node, c.span(), "step.crash")?;
                crashed.insert(node);
                Ok(Step::Crash { node })
            }
        }
    }

    fn seconds(&self, v: &Spanned<f64>, field: &str, max: f64) -> Result<u64, LabError> {
        let x = *v.get_ref();
        if !x.is_finite() || !(0.0..=max).contains(&x) {
            return Err(self.err(v.span(), field, LabProblem::Seconds { max: max as u32 }));
        }
        Ok((x * 1e9).round() as u64)
    }

    /// A host or a router by name: what a ping may start from.
    fn pinger(&self, sim: &Sim, name: &str, at: &Spanned<String>) -> Result<usize, LabError> {
        sim.node_named(name.trim())
            .filter(|n| matches!(sim.nodes[*n].role, Role::Host | Role::Router))
            .ok_or_else(|| self.err(at.span(), "step.ping", LabProblem::NoPinger(name.trim().to_string())))
    }

    /// A host by name.
    fn host(&self, sim: &Sim, name: &str, at: &Spanned<String>, field: &str) -> Result<usize, LabError> {
        sim.node_named(name.trim())
            .filter(|n| sim.nodes[*n].role == Role::Host)
            .ok_or_else(|| self.err(at.span(), field, LabProblem::NoHost(name.trim().to_string())))
    }

    /// A node's address by its name, or an address.
    fn target(&self, sim: &Sim, to: &str, at: &Spanned<String>, field: &str) -> Result<Ipv4Addr, LabError> {
        match sim.node_named(to.trim()) {
            Some(n) => Ok(sim.nodes[n].ip),
            None => self
                .addr(&Spanned::new(at.span(), to.trim().to_string()), field)
                .map_err(|e| LabError { problem: LabProblem::NotNodeNorAddress(to.trim().to_string()), ..e }),
        }
    }

    /// Refuses a destination `from` has no route to, as Linux would at once.
    fn route(
        &self,
        sim: &Sim,
        from: usize,
        to: Ipv4Addr,
        at: &Spanned<String>,
        field: &str,
    ) -> Result<(), LabError> {
        sim.check_route(from, to).map_err(|_| {
            let n = &sim.nodes[from];
            let problem = match n.role {
                Role::Router => LabProblem::RouterNoRoute { ip: to, router: n.name.clone() },
                _ => LabProblem::NoRoute { ip: to, subnet: n.ifaces[0].net },
            };
            self.err(at.span(), field, problem)
        })
    }

    /// `NAME:PORT` (the port 8002 unless given).
    fn host_port<'s>(&self, s: &'s Spanned<String>, field: &str) -> Result<(&'s str, u16), LabError> {
        match s.get_ref().rsplit_once(':') {
            None => Ok((s.get_ref().as_str(), crate::echo::DEFAULT_PORT)),
            Some((name, port)) => {
                let port = port
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| self.err(s.span(), field, LabProblem::Port(s.get_ref().clone())))?;
                Ok((name, port))
            }
        }
    }

    fn link_down(&self, l: &Spanned<String>, sim: &Sim) -> Result<Step, LabError> {
        let text = l.get_ref();
        let bad = |p: LabProblem| self.err(l.span(), "step.link_down", p);
        if let Some((a, b)) = text.split_once("->") {
            let find = |n: &str| sim.bridges.iter().position(|x| x.name == n.trim());
            let (Some(a), Some(b)) = (find(a), find(b)) else {
                return Err(bad(LabProblem::LinkDownEnds(text.clone())));
            };
            let port = sim.bridges[a]
                .peers
                .iter()
                .position(|p| matches!(p, Peer::Bridge { bridge, .. } if *bridge == b));
            return port.map(|p| Step::LinkDown { bridge: a, port: p + 1 }).ok_or_else(|| {
                bad(LabProblem::NoLinkBetween(sim.bridges[a].name.clone(), sim.bridges[b].name.clone()))
            });
        }
        let node = sim.node_named(text.trim()).ok_or_else(|| bad(LabProblem::NoNode(text.clone())))?;
        let i = sim.nodes[node].ifaces[0];
        Ok(Step::LinkDown { bridge: i.bridge, port: i.port })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\n[[host]]\nname = \"B\"\nip = \"10.0.0.2/24\"\nlink = \"S1\"\n";

    fn err(text: &str) -> LabError {
        parse(text).err().expect("an error")
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        let e = err(&format!("{TWO}[[step]]\nping = \"A -> C\"\n"));
        assert_eq!((e.line, e.field.as_str()), (12, "step.ping"));
        assert_eq!(e.problem, LabProblem::NotNodeNorAddress("C".into()));
        let e =
            err("[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.256/24\"\nlink = \"S1\"\n");
        assert_eq!((e.line, e.field.as_str()), (5, "host.ip"));
        let e = err("[[switch]]\nname = \"S1\"\ncolour = \"red\"\n");
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("colour"), "{e}");
        let e = err("[[switch]\n");
        assert_eq!(e.line, 1);
        let e = err(&format!("{TWO}[[step]]\nwait = -1\n"));
        assert_eq!((e.line, e.field.as_str()), (12, "step.wait"));
        let e = err(&format!("{TWO}[[host]]\nname = \"A\"\nip = \"10.0.0.3/24\"\nlink = \"S1\"\n"));
        assert_eq!((e.line, e.field.as_str()), (12, "host.name"));
        assert_eq!(e.to_string(), "line 12: host.name: \"A\" is named twice");
    }

    #[test]
    fn a_destination_linux_would_refuse_at_once_is_refused_at_load() {
        // To itself: through lo, which the lab simulates for ping only.
        for to in ["A", "10.0.0.1", "127.0.0.1", "0.0.0.0"] {
            let e = err(&format!("{TWO}[[step]]\nconnect = \"A -> {to}:80\"\n"));
            assert_eq!((e.line, e.problem), (12, LabProblem::ConnectToSelf), "{to}");
        }
        // To a group: TCP cannot connect to one; the lab's UDP sockets talk to one host.
        for (to, udp) in [("10.0.0.255", false), ("255.255.255.255", true), ("224.0.0.1", false)] {
            let e = err(&format!("{TWO}[[step]]\nconnect = \"A -> {to}\"\nudp = {udp}\n"));
            assert_eq!(e.problem, LabProblem::ConnectToGroup(to.parse().unwrap()), "{to}");
        }
        // Off the subnet without a gateway: no route, for a connection and for a ping.
        let subnet: Ipv4Net = "10.0.0.0/24".parse().unwrap();
        for step in ["connect = \"A -> 8.8.8.8:53\"", "ping = \"B -> 8.8.8.8\""] {
            let e = err(&format!("{TWO}[[step]]\n{step}\n"));
            assert_eq!(e.problem, LabProblem::NoRoute { ip: "8.8.8.8".parse().unwrap(), subnet }, "{step}");
        }
        // What the lab does simulate still loads: a ping to itself, and with a gateway, off-subnet.
        assert!(parse(&format!("{TWO}[[step]]\nping = \"A -> A\"\n")).is_ok());
        let routed = TWO.replacen("link = \"S1\"\n", "link = \"S1\"\ngateway = \"10.0.0.254\"\n", 1);
        assert!(parse(&format!("{routed}[[step]]\nconnect = \"A -> 8.8.8.8:53\"\n")).is_ok());
    }

    #[test]
    fn a_crashed_node_takes_no_more_steps_but_can_still_be_called() {
        let crash = format!(
            "{TWO}[[step]]\nlisten = \"B:7\"\n[[step]]\nconnect = \"A -> B:7\"\nsocket = \"s\"\n[[step]]\ncrash = \"A\"\n"
        );
        for (step, field) in [
            ("ping = \"A -> B\"", "step.ping"),
            ("connect = \"A -> B\"", "step.connect"),
            ("listen = \"A:80\"", "step.listen"),
            ("restart = \"A:80\"", "step.listen"),
            ("call = \"close\"\nsocket = \"s\"", "step.call"),
            ("crash = \"A\"", "step.crash"),
        ] {
            let e = err(&format!("{crash}[[step]]\n{step}\n"));
            assert_eq!((e.field.as_str(), e.problem), (field, LabProblem::Crashed("A".into())), "{step}");
        }
        // Others may still try to reach it: that is what a crash lab shows.
        assert!(
            parse(&format!("{crash}[[step]]\nping = \"B -> A\"\n[[step]]\nconnect = \"B -> A:7\"\n")).is_ok()
        );
    }

    #[test]
    fn a_lab_runs_its_steps_in_order() {
        let mut lab = parse(&format!(
            "{TWO}[[step]]\nping = \"A -> B\"\n[[step]]\nwait = 2\n[[step]]\nlink_down = \"B\"\n[[step]]\nping = \"A -> 10.0.0.2\"\n"
        ))
        .unwrap();
        lab.sim.run(&mut super::super::sim::Quiet);
        assert_eq!((lab.sim.stats.pings_ok, lab.sim.stats.pings_failed), (1, 1), "B's cable is pulled");
        assert!(lab.sim.now >= 2_000_000_000, "the wait passed");
    }
}
