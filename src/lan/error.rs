//! Why a simulation cannot be built as asked, as values: the binary words each one and names
//! the option to change.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

/// A simulation that cannot be built as configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The gateway address is not a usable host address of the subnet.
    #[error("gateway {gateway} is not a usable address of {subnet} (choose one from {first} to {last})")]
    GatewayNotUsable {
        /// The gateway asked for.
        gateway: Ipv4Addr,
        /// The hosts' subnet.
        subnet: Ipv4Net,
        /// Its first usable address.
        first: Ipv4Addr,
        /// Its last usable address.
        last: Ipv4Addr,
    },
    /// No hosts, or more than the simulator takes.
    #[error("the host count must be from 1 to {max}: {hosts}")]
    HostCount {
        /// The count asked for.
        hosts: usize,
        /// [`super::sim::MAX_HOSTS`].
        max: usize,
    },
    /// No segments, or more than one router joins.
    #[error("the segment count must be from 1 to {max}: {segments}")]
    SegmentCount {
        /// The count asked for.
        segments: usize,
        /// [`super::topology::MAX_SEGMENTS`].
        max: usize,
    },
    /// A stand-in gateway asked for beside real segments and their router.
    #[error("a stand-in gateway is for one segment; with segments the router is every host's gateway")]
    GatewayWithSegments,
    /// More segments than hosts to put in them.
    #[error("{segments} segments need at least {segments} hosts, one each: {hosts}")]
    SegmentsWithoutHosts {
        /// The segments asked for.
        segments: usize,
        /// The hosts.
        hosts: usize,
    },
    /// The segments' subnets would run past 255.255.255.255.
    #[error("{segments} subnets the size of {subnet} do not fit after it in the IPv4 space")]
    SegmentsPastTheEnd {
        /// The first segment's subnet.
        subnet: Ipv4Net,
        /// The segments asked for.
        segments: usize,
    },
    /// More hosts than the subnet has addresses for.
    #[error("{asked} hosts do not fit in {subnet}: it has room for {room}")]
    TooManyHosts {
        /// The hosts asked for.
        asked: usize,
        /// The hosts' subnet.
        subnet: Ipv4Net,
        /// How many fit.
        room: u64,
        /// Whether the gateway takes one of the addresses.
        beside_gateway: bool,
        /// The smallest 10.0.0.0 network that would hold them all.
        suggest: Ipv4Net,
    },
    /// Every pair talking would fill every ARP cache with every host: too much memory.
    #[error("every pair of {hosts} hosts fills every ARP cache with every host: about {gib} GiB")]
    AllPairsTooLarge {
        /// The hosts asked for.
        hosts: usize,
        /// The memory it would take.
        gib: u64,
        /// The most hosts that fit.
        max: usize,
    },
    /// All pairs with fewer than two hosts.
    #[error("all pairs needs at least 2 hosts")]
    AllPairsNeedsTwo,
    /// One host and nothing to ping.
    #[error("one host has nobody to ping: give a destination address (through a gateway)")]
    NothingToPing,
    /// A host number out of range.
    #[error("there is no host {number}: hosts are numbered 1 to {hosts}")]
    NoSuchHost {
        /// The number given.
        number: usize,
        /// How many hosts there are.
        hosts: usize,
    },
    /// A ping's source or a connection's client that is no host's address.
    #[error(
        "no host has {ip}: the sending end (a ping's source, a connection's client) is a host number (1-{hosts}) or a host's address"
    )]
    NotAHost {
        /// The address given.
        ip: Ipv4Addr,
        /// How many hosts there are.
        hosts: usize,
    },
    /// The limited broadcast or a multicast group from a host with no default route (Linux
    /// routes them by it).
    #[error("{ip}: network unreachable (no default route on {subnet})")]
    NoRouteFor {
        /// The destination.
        ip: Ipv4Addr,
        /// The host's subnet.
        subnet: Ipv4Net,
    },
    /// An off-subnet destination with no gateway to send it to.
    #[error("{ip} is outside {subnet} and there is no gateway to send it to")]
    OffSubnet {
        /// The destination.
        ip: Ipv4Addr,
        /// The hosts' subnet.
        subnet: Ipv4Net,
    },
}
