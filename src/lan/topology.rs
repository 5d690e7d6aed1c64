//! What is plugged into what: nodes (hosts and routers) with their interfaces, bridges
//! (switches and hubs) with their ports, and the links between them. [`Topology::lan`] builds
//! the ones `arp-sim` makes from its flags: N hosts on one switch or hub, optionally a stand-in
//! gateway, or K segments joined by one router.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::SetupError;
use super::cache::Cache;
use super::switch::Switch;
use crate::mac::MacAddr;
use crate::subnet::to_int;

/// What a node does with packets that are not for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An end host: packets not for it are dropped.
    Host,
    /// A real router: forwards by longest prefix, decrements TTL, sends ICMP errors.
    Router,
    /// `--gateway`: a stand-in for the Internet that answers every echo request for an address
    /// off its subnet itself.
    StandIn,
}

/// One network interface of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Iface {
    /// Its address.
    pub ip: Ipv4Addr,
    /// Its network (address and prefix length, host bits clear).
    pub net: Ipv4Net,
    /// Its MAC (locally administered unicast).
    pub mac: MacAddr,
    /// The bridge it is plugged into.
    pub bridge: usize,
    /// The bridge port (1-based).
    pub port: usize,
}

/// A host or a router.
#[derive(Debug, Clone)]
pub struct Node {
    /// `H1`..`HN`, or `R` for the router.
    pub name: String,
    /// Its first interface's address.
    pub ip: Ipv4Addr,
    /// Its first interface's MAC.
    pub mac: MacAddr,
    /// Its first interface's bridge port (1-based).
    pub port: usize,
    /// Whether it forwards (a router or the stand-in).
    pub router: bool,
    /// What it does with packets not for it.
    pub role: Role,
    /// Its interfaces, the first one first.
    pub ifaces: Vec<Iface>,
    /// Its default gateway, if any (a router's default route).
    pub gateway: Option<Ipv4Addr>,
    /// A router's static routes, as `ip route add NET via HOP` makes them.
    pub routes: Vec<StaticRoute>,
    /// Its ARP cache.
    pub cache: Cache,
    /// The ICMP identifier of its pings.
    pub(crate) ident: u16,
    /// IPv4 packets waiting for the MAC of a next hop: (next hop, interface, packet).
    pub(crate) queue: Vec<(Ipv4Addr, usize, super::sim::IpPacket)>,
}

/// A router's route to a network through the next router: packets for `net` go to `via`, a
/// neighbour on interface `iface`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticRoute {
    /// The destination network.
    pub net: Ipv4Net,
    /// The next hop (on-link).
    pub via: Ipv4Addr,
    /// The interface `via` is on.
    pub iface: usize,
}

impl Node {
    /// The interface whose subnet has `ip` on it (the first, if two have), if one does.
    pub fn iface_on_link(&self, ip: Ipv4Addr) -> Option<usize> {
        self.ifaces.iter().position(|i| i.net.contains(&ip))
    }

    /// A router's default route: 0.0.0.0/0 to its `gateway`, on the interface that reaches it.
    pub fn default_route(&self) -> Option<StaticRoute> {
        let via = self.gateway?;
        Some(StaticRoute { net: Ipv4Net::default(), via, iface: self.iface_on_link(via)? })
    }

    /// The interface that owns `ip`, if one does.
    pub fn iface_of(&self, ip: Ipv4Addr) -> Option<usize> {
        self.ifaces.iter().position(|i| i.ip == ip)
    }
}

/// What a bridge port leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// A node's interface.
    Node {
        /// The node.
        node: usize,
        /// Its interface.
        iface: usize,
    },
    /// Another bridge's port.
    Bridge {
        /// The bridge.
        bridge: usize,
        /// Its port (1-based).
        port: usize,
    },
}

/// A switch or a hub.
#[derive(Debug, Clone)]
pub struct Bridge {
    /// `switch`, `hub`, or `S1`, `S2` ... when there are several.
    pub name: String,
    /// Its table and forwarding decision.
    pub switch: Switch,
    /// What each port leads to (port `p` is `peers[p - 1]`).
    pub peers: Vec<Peer>,
}

/// Nodes, bridges and links.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    /// The hosts first (H1..HN), then routers.
    pub nodes: Vec<Node>,
    /// The switches and hubs.
    pub bridges: Vec<Bridge>,
    /// The subnets, one a segment.
    pub subnets: Vec<Ipv4Net>,
    /// The stand-in gateway's address, if there is one.
    pub stand_in: Option<Ipv4Addr>,
}

/// How [`Topology::lan`] lays a LAN out.
#[derive(Debug, Clone)]
pub struct LanPlan {
    /// Number of hosts, H1..HN.
    pub hosts: usize,
    /// The first segment's subnet; further segments take the next subnets of the same size.
    pub subnet: Ipv4Net,
    /// Segments, each behind its own switch, joined by one router (1: no router).
    pub segments: usize,
    /// A stand-in gateway on the (single) segment: `Some(None)` at its last usable address.
    pub gateway: Option<Option<Ipv4Addr>>,
    /// Hubs instead of switches.
    pub hub: bool,
    /// The switches' ageing time.
    pub aging_ns: u64,
    /// The seed of the ChaCha8 generator that draws the MACs.
    pub seed: u64,
    /// Room to reserve in each host's ARP cache.
    pub neighbours: usize,
}

/// The most segments one router joins.
pub const MAX_SEGMENTS: usize = 64;

/// Draws distinct locally administered unicast MACs from a seed.
pub struct Macs {
    rng: ChaCha8Rng,
    used: rustc_hash::FxHashSet<[u8; 6]>,
}

impl Macs {
    /// The MACs of seed `seed`, in order.
    pub fn new(seed: u64) -> Self {
        Macs { rng: ChaCha8Rng::seed_from_u64(seed), used: Default::default() }
    }

    /// The next one.
    pub fn next_mac(&mut self) -> MacAddr {
        loop {
            let mut m = [0u8; 6];
            self.rng.fill(&mut m[1..]);
            m[0] = 0x02;
            if self.used.insert(m) {
                return MacAddr(m);
            }
        }
    }
}

/// The usable range of an IPv4 network as integers (RFC 3021 for /31).
fn usable(net: Ipv4Net) -> (u32, u32) {
    let (first, last) = crate::subnet::usable_range(IpNet::V4(net));
    (to_int(first) as u32, to_int(last) as u32)
}

impl Topology {
    /// A node with one interface, plugged into the next port of `bridge`.
    pub fn add_host(
        &mut self,
        name: String,
        ip: Ipv4Addr,
        net: Ipv4Net,
        mac: MacAddr,
        bridge: usize,
    ) -> usize {
        let node = self.nodes.len();
        let port = self.plug(bridge, Peer::Node { node, iface: 0 });
        self.nodes.push(Node {
            name,
            ip,
            mac,
            port,
            router: false,
            role: Role::Host,
            ifaces: vec![Iface { ip, net, mac, bridge, port }],
            gateway: None,
            routes: Vec::new(),
            cache: Cache::default(),
            ident: u16::from_be_bytes([mac.0[4], mac.0[5]]),
            queue: Vec::new(),
        });
        node
    }

    /// Adds an interface to `node`, plugged into the next port of `bridge`.
    pub fn add_iface(&mut self, node: usize, ip: Ipv4Addr, net: Ipv4Net, mac: MacAddr, bridge: usize) {
        let iface = self.nodes[node].ifaces.len();
        let port = self.plug(bridge, Peer::Node { node, iface });
        self.nodes[node].ifaces.push(Iface { ip, net, mac, bridge, port });
    }

    /// A new bridge with no ports yet.
    pub fn add_bridge(&mut self, name: String, hub: bool, aging_ns: u64) -> usize {
        let switch = if hub { Switch::hub(0) } else { Switch::new(0, aging_ns) };
        self.bridges.push(Bridge { name, switch, peers: Vec::new() });
        self.bridges.len() - 1
    }

    /// Joins two bridges with a link between new ports of each.
    pub fn link_bridges(&mut self, a: usize, b: usize) {
        let pa = self.bridges[a].peers.len() + 1;
        let pb = if a == b { pa + 1 } else { self.bridges[b].peers.len() + 1 };
        self.plug(a, Peer::Bridge { bridge: b, port: pb });
        self.plug(b, Peer::Bridge { bridge: a, port: pa });
    }

    fn plug(&mut self, bridge: usize, peer: Peer) -> usize {
        let b = &mut self.bridges[bridge];
        b.peers.push(peer);
        b.switch.ports = b.peers.len();
        b.peers.len()
    }

    /// The LAN `arp-sim` builds: hosts numbered in order from the first usable address of
    /// each segment's subnet, hosts split in order across the segments, one switch (or hub) a
    /// segment, and with two or more segments one router `R` with an interface at each
    /// subnet's last usable address, every host's default gateway.
    pub fn lan(plan: &LanPlan) -> Result<Topology, SetupError> {
        let LanPlan { hosts, subnet, segments, gateway, hub, aging_ns, seed, neighbours } = *plan;
        let subnet = subnet.trunc();
        if hosts == 0 || hosts > super::sim::MAX_HOSTS {
            return Err(SetupError::HostCount { hosts, max: super::sim::MAX_HOSTS });
        }
        if segments == 0 || segments > MAX_SEGMENTS {
            return Err(SetupError::SegmentCount { segments, max: MAX_SEGMENTS });
        }
        if segments > 1 && gateway.is_some() {
            return Err(SetupError::GatewayWithSegments);
        }
        if segments > hosts {
            return Err(SetupError::SegmentsWithoutHosts { segments, hosts });
        }
        // Segment k's subnet: the k-th network of the first one's size.
        let size = 1u64 << (32 - u32::from(subnet.prefix_len()));
        let subnets = (0..segments as u64)
            .map(|k| {
                let start = u64::from(u32::from(subnet.network())) + k * size;
                u32::try_from(start)
                    .ok()
                    .and_then(|s| Ipv4Net::new(Ipv4Addr::from(s), subnet.prefix_len()).ok())
                    .ok_or(SetupError::SegmentsPastTheEnd { subnet, segments })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (first, last) = usable(subnet);
        let stand_in = match gateway {
            None => None,
            Some(None) => Some(Ipv4Addr::from(last)),
            Some(Some(g)) if (first..=last).contains(&u32::from(g)) => Some(g),
            Some(Some(g)) => {
                return Err(SetupError::GatewayNotUsable {
                    gateway: g,
                    subnet,
                    first: Ipv4Addr::from(first),
                    last: Ipv4Addr::from(last),
                });
            }
        };
        // Hosts split in order: the first segments take one more when they do not divide.
        let per = |k: usize| hosts / segments + usize::from(k < hosts % segments);
        let routed = segments > 1 || stand_in.is_some();
        for (k, net) in subnets.iter().enumerate() {
            let (first, last) = usable(*net);
            let room = u64::from(last - first) + 1 - u64::from(routed);
            if per(k) as u64 > room {
                return Err(SetupError::TooManyHosts {
                    asked: if segments == 1 { hosts } else { per(k) },
                    subnet: *net,
                    room,
                    beside_gateway: routed,
                    suggest: suggest_subnet(per(k) + usize::from(routed)),
                });
            }
        }
        let mut topo = Topology { subnets: subnets.clone(), stand_in, ..Topology::default() };
        let mut macs = Macs::new(seed);
        for k in 0..segments {
            let name = match (segments, hub) {
                (1, true) => "hub".to_string(),
                (1, false) => "switch".to_string(),
                (_, true) => format!("HUB{}", k + 1),
                (_, false) => format!("S{}", k + 1),
            };
            topo.add_bridge(name, hub, aging_ns);
        }
        let mut number = 0;
        for (k, net) in subnets.iter().enumerate() {
            let (first, last) = usable(*net);
            let gw = if segments > 1 { Some(Ipv4Addr::from(last)) } else { stand_in };
            let mut addr = first;
            for _ in 0..per(k) {
                if Some(Ipv4Addr::from(addr)) == gw {
                    addr += 1;
                }
                number += 1;
                let node =
                    topo.add_host(format!("H{number}"), Ipv4Addr::from(addr), *net, macs.next_mac(), k);
                let n = &mut topo.nodes[node];
                n.gateway = gw;
                n.cache = Cache::with_capacity(neighbours);
                addr += 1;
            }
        }
        if let Some(g) = stand_in {
            let node = topo.add_host("R".into(), g, subnet, macs.next_mac(), 0);
            topo.nodes[node].router = true;
            topo.nodes[node].role = Role::StandIn;
        }
        if segments > 1 {
            let last = |net: &Ipv4Net| Ipv4Addr::from(usable(*net).1);
            let node = topo.add_host("R".into(), last(&subnets[0]), subnets[0], macs.next_mac(), 0);
            for (k, net) in subnets.iter().enumerate().skip(1) {
                topo.add_iface(node, last(net), *net, macs.next_mac(), k);
            }
            topo.nodes[node].router = true;
            topo.nodes[node].role = Role::Router;
        }
        Ok(topo)
    }
}

/// The smallest subnet (in 10.0.0.0/8 style) with room for `n` addresses.
fn suggest_subnet(n: usize) -> Ipv4Net {
    let p = crate::subnet::prefix_for_hosts(n as u128, 32).unwrap_or(8).max(8);
    Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), p).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(hosts: usize, segments: usize) -> LanPlan {
        LanPlan {
            hosts,
            subnet: "192.168.1.0/24".parse().unwrap(),
            segments,
            gateway: None,
            hub: false,
            aging_ns: 1,
            seed: 1,
            neighbours: 0,
        }
    }

    #[test]
    fn segments_split_hosts_in_order_behind_one_router() {
        let t = Topology::lan(&plan(5, 2)).unwrap();
        let names: Vec<(&str, String, usize)> =
            t.nodes.iter().map(|n| (n.name.as_str(), n.ip.to_string(), n.ifaces[0].bridge)).collect();
        assert_eq!(
            names,
            [
                ("H1", "192.168.1.1".to_string(), 0),
                ("H2", "192.168.1.2".to_string(), 0),
                ("H3", "192.168.1.3".to_string(), 0),
                ("H4", "192.168.2.1".to_string(), 1),
                ("H5", "192.168.2.2".to_string(), 1),
                ("R", "192.168.1.254".to_string(), 0),
            ]
        );
        let r = &t.nodes[5];
        assert_eq!(r.ifaces[1].ip, "192.168.2.254".parse::<Ipv4Addr>().unwrap());
        assert_eq!(r.role, Role::Router);
        assert_eq!(t.nodes[3].gateway, Some("192.168.2.254".parse().unwrap()));
        assert_eq!((t.bridges[0].peers.len(), t.bridges[1].peers.len()), (4, 3));
        assert_eq!(t.bridges[1].peers[2], Peer::Node { node: 5, iface: 1 });
        assert_eq!(t.bridges[1].switch.ports, 3);
    }

    #[test]
    fn one_segment_is_the_classic_lan() {
        let t = Topology::lan(&plan(3, 1)).unwrap();
        assert_eq!(t.bridges.len(), 1);
        assert_eq!(t.bridges[0].name, "switch");
        assert!(t.nodes.iter().all(|n| n.gateway.is_none() && n.role == Role::Host));
        assert_eq!(t.nodes[2].port, 3);
    }

    #[test]
    fn impossible_plans_are_errors() {
        assert!(matches!(Topology::lan(&plan(2, 3)), Err(SetupError::SegmentsWithoutHosts { .. })));
        assert!(matches!(Topology::lan(&plan(2, 0)), Err(SetupError::SegmentCount { .. })));
        let mut p = plan(4, 2);
        p.subnet = "255.255.255.0/24".parse().unwrap();
        assert!(matches!(Topology::lan(&p), Err(SetupError::SegmentsPastTheEnd { .. })));
        let mut p = plan(600, 2);
        p.subnet = "10.0.0.0/24".parse().unwrap();
        assert!(matches!(Topology::lan(&p), Err(SetupError::TooManyHosts { .. })));
    }
}
