//! `netcalc tcp-sim`: one client and the course's echo server on a simulated LAN, over TCP
//! (handshake, data, four-way close, TIME-WAIT) or UDP.

use std::io::Write;

use crate::cli::{SimOutput, TcpSimArgs};
use crate::commands::arp_sim::{View, check_size, endpoint, simulate, virtual_ns};
use crate::i18n::{Lang, t, t_in};
use crate::output::Style;
use netcalc::addr::parse_net;
use netcalc::error::{Error, Result};
use netcalc::lan::sim::transport::MAX_DATAGRAM;
use netcalc::lan::sim::{ALL_PAIRS_MAX_BYTES, Config, Endpoint, Sim, Step};
use netcalc::subnet::require_network;

/// The port the course's echo server listens on.
const SERVER_PORT: u16 = netcalc::echo::DEFAULT_PORT;
/// Bytes each connection of an all-pairs run holds until the report: both ends' records, the
/// session, their timers, the TIME-WAIT entry, and the ARP entries every pair adds (measured:
/// 759 MB for the 999,001 connections of 1,000 hosts).
const CONN_BYTES: u128 = 800;

/// Refuses an all-pairs run of `hosts` hosts (and `first`, --connect's session, before them)
/// that would not fit in memory, or (without `--force`) would take minutes: before its
/// sessions are made, which already takes memory in proportion.
fn all_pairs_fit(hosts: usize, first: bool, show: &SimOutput) -> Result<()> {
    let connections = |n: u128| n * n.saturating_sub(1) + u128::from(first);
    let bytes = |n: u128| connections(n) * CONN_BYTES;
    let n = hosts as u128;
    if bytes(n) > ALL_PAIRS_MAX_BYTES {
        // n(n-1)+1 <= n^2: the square root is at most 1 below the answer (2 without the +1).
        let mut max = ((ALL_PAIRS_MAX_BYTES / CONN_BYTES) as f64).sqrt() as u128 + 2;
        while bytes(max) > ALL_PAIRS_MAX_BYTES {
            max -= 1;
        }
        return Err(Error::invalid(t!(
            "tcp-all-pairs-too-large",
            hosts = hosts,
            connections = super::errors::thousands(connections(n) as usize),
            gib = (bytes(n) >> 30) as u64,
            max = max as u64
        )));
    }
    check_size(0, connections(n) as u64, n as u64, show)
}

/// `SRC:DST[:PORT]`.
fn connect(text: &str) -> Result<(Endpoint, Endpoint, u16)> {
    let bad = || Error::invalid(t!("tcp-bad-connect", text = format!("{text:?}")));
    let mut parts = text.split(':');
    let (Some(s), Some(d)) = (parts.next(), parts.next()) else { return Err(bad()) };
    let port = match parts.next() {
        None => SERVER_PORT,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| Error::invalid(t!("tcp-port-range", text = format!("{text:?}"))))?,
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok((endpoint(s, text)?, endpoint(d, text)?, port))
}

pub(crate) fn run(args: &TcpSimArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let subnet = match require_network(parse_net(&args.subnet)?, &args.subnet)? {
        ipnet::IpNet::V4(n) => n,
        ipnet::IpNet::V6(_) => {
            return Err(Error::invalid(t!("sim-subnet-ipv4", text = format!("{:?}", args.subnet))));
        }
    };
    // The default connection, unless all pairs run instead (as arp-sim's default ping).
    let first = args.connect.is_some() || !args.all_pairs;
    let (src, dst, port) = connect(args.connect.as_deref().unwrap_or("1:2"))?;
    if args.all_pairs {
        all_pairs_fit(args.hosts, first, &args.show)?;
    }
    let cfg = Config {
        hosts: args.hosts,
        subnet,
        seed: args.seed,
        pings: vec![(src, dst)],
        segments: args.segments,
        ..Config::default()
    };
    let mut sim = Sim::new(&cfg)?;
    let (client, server_ip) = sim.ping(0);
    let Some(server) = sim.node_of(server_ip) else {
        return Err(Error::invalid(t!("tcp-no-server-host", ip = server_ip)));
    };
    if server == client {
        return Err(Error::invalid(t!("tcp-same-host")));
    }
    // One message for every --msl out of range (NaN and 1e300 too), as a lab file's `msl` has.
    if !(0.0..=3600.0).contains(&args.msl) {
        return Err(Error::invalid(t!("tcp-msl-range", msl = super::short_number(args.msl))));
    }
    let msl_ns = virtual_ns(args.msl, "--msl")?;
    if args.send.iter().any(|m| m.is_empty() || m.len() > 1 << 20) {
        return Err(Error::invalid(t!("tcp-send-size")));
    }
    let lines: Vec<String> = if args.send.is_empty() { vec!["hello".into()] } else { args.send.clone() };
    if args.real && args.mss != 1460 {
        return Err(Error::invalid(t!("real-mss")));
    }
    // The real echo client sends each message as a line: so does the simulated one, with --real.
    let newline = if args.real { "\n" } else { "" };
    let messages: Vec<Vec<u8>> = lines.iter().map(|m| format!("{m}{newline}").into_bytes()).collect();
    if args.udp && messages.iter().any(|m| m.len() > MAX_DATAGRAM) {
        return Err(Error::invalid(t!("tcp-udp-size")));
    }
    sim.transport.mss = args.mss;
    sim.transport.msl_ns = msl_ns;
    sim.transport.seed = args.seed;
    sim.transport.linux = args.linux;
    sim.drop = args.drop.iter().copied().collect();
    let upper = !args.verbatim;
    let mut steps = Vec::new();
    let hosts: Vec<usize> = if args.all_pairs { (0..args.hosts).collect() } else { vec![server] };
    for &h in &hosts {
        steps.push(Step::Listen {
            node: h,
            port: SERVER_PORT,
            udp: args.udp,
            upper,
            read_delay_ns: 0,
            close_first: false,
            restart: false,
            reuseaddr: false,
            keepalive: false,
            framed: false,
            iterative: false,
            backlog: None,
        });
    }
    // One copy of the messages, shared by every session.
    let messages = std::rc::Rc::new(messages);
    if first {
        let session = sim.add_session(client, (server_ip, port), args.udp, messages.clone());
        steps.push(Step::Session(session));
    }
    if args.all_pairs {
        for &a in &hosts {
            for &b in &hosts {
                if a != b {
                    let ip = sim.nodes[b].ip;
                    let s = sim.add_session(a, (ip, SERVER_PORT), args.udp, messages.clone());
                    steps.push(Step::Session(s));
                }
            }
        }
    }
    sim.script(steps);
    let client_at = format!("{} {}", sim.nodes[client].name, sim.nodes[client].ip);
    let server_at = format!("{} {}:{}", sim.nodes[server].name, server_ip, port);
    let connections = sim.transport.sessions.len();
    let mut view = View::new(&args.show, args.seed, |l: Lang| {
        let (client, server) = (client_at.as_str(), server_at.as_str());
        if args.all_pairs {
            t_in!(
                l,
                "tcp-header-all-pairs",
                first = if first { "yes" } else { "no" },
                client = client,
                server = server,
                connections = super::errors::thousands(connections),
                upper = if upper { "yes" } else { "no" },
                port = SERVER_PORT,
                seed = args.seed
            )
        } else if upper {
            t_in!(
                l,
                "tcp-header-upper",
                client = client,
                server = server,
                port = SERVER_PORT,
                seed = args.seed
            )
        } else {
            t_in!(l, "tcp-header", client = client, server = server, port = SERVER_PORT, seed = args.seed)
        }
    });
    view.ladder = args.ladder;
    if args.real {
        // The same sessions the simulation runs, in its order.
        let sessions: Vec<_> =
            sim.transport.sessions.iter().map(|s| (s.client, s.server.0, s.server.1)).collect();
        super::real::check_exchanges(sessions.len())?;
        let traffic = super::real::Traffic::Echo {
            udp: args.udp,
            upper,
            servers: hosts.clone(),
            port: SERVER_PORT,
            sessions,
            messages: lines,
        };
        return super::real::compare(&mut sim, &traffic, view.header(), args.show.json, out, style);
    }
    simulate(sim, &view, out, style)
}
