//! `--real` on `arp-sim` and `tcp-sim`: the same LAN built of real Linux hosts (network
//! namespaces, veth pairs into Linux bridges, a forwarding namespace as the router), the same
//! traffic sent by real programs (`ping`; `netcalc echo server` and `netcalc echo client`),
//! every frame captured as it enters a bridge port (`tcpdump -Q in`) and as it leaves one
//! (`-Q out`), and the two runs compared frame by frame in kind ([`netcalc::lan::compare`]).
//! Exit 0 when they agree, 1 when they differ, 2 when the real run cannot be made.

mod neigh;
mod netns;

use std::collections::HashMap;
use std::io::Write;
use std::net::Ipv4Addr;
use std::time::Duration;

use serde::Serialize;

use crate::commands::errors::io_words;
use crate::commands::{NO, YES, write_err};
use crate::i18n::{Lang, t, tr, tr_in};
use crate::output::{Style, json_line};
use netcalc::error::{Error, Result};
use netcalc::lan::compare::{Ignored, Kind, Row, What, align_runs, kind};
use netcalc::lan::event::Event;
use netcalc::lan::sim::{Observer, Sim};
use netcalc::lan::topology::{Peer, Role};
use netcalc::mac::MacAddr;

use netns::{Netns, ProcId};

/// Hosts a real run builds at most (a namespace and two captures each).
const MAX_HOSTS: usize = 16;
/// Pings or connections a real run sends at most.
const MAX_EXCHANGES: usize = 100;
/// How long a ping waits for its reply: an on-link address nobody owns takes Linux three
/// ARP requests one second apart before it gives up.
const PING_WAIT_S: &str = "4";
/// How long a ping to a broadcast or multicast address waits: nobody answers those
/// (icmp_echo_ignore_broadcasts), so this only bounds the wait.
const GROUP_WAIT_S: &str = "1";
/// Time for the last frames of an exchange (the final ACKs) to reach the captures.
const SETTLE: Duration = Duration::from_millis(200);

/// The traffic of a run, as real programs send it.
pub(crate) enum Traffic {
    /// Pings, one after the other: (source node, destination, whether it is a broadcast or
    /// multicast address).
    Pings(Vec<(usize, Ipv4Addr, bool)>),
    /// Echo servers on port `port` of `servers`, then each client session in turn.
    Echo {
        /// UDP instead of TCP.
        udp: bool,
        /// Servers upper-case.
        upper: bool,
        /// The nodes with a server.
        servers: Vec<usize>,
        /// The port the servers listen on.
        port: u16,
        /// (client node, server address, port).
        sessions: Vec<(usize, Ipv4Addr, u16)>,
        /// The lines each client sends.
        messages: Vec<String>,
    },
}

/// Collects the simulator's frames as they enter a bridge, as the real captures see them:
/// (bridge, bytes); and the time of the last one.
#[derive(Default)]
struct Frames(Vec<(usize, Vec<u8>)>, u64);

impl Observer for Frames {
    fn tracing(&self) -> bool {
        false
    }
    fn event(&mut self, _: u64, _: Event) {}
    fn capturing(&self) -> bool {
        true
    }
    fn frame(&mut self, time_ns: u64, bridge: usize, _: u64, bytes: &[u8]) {
        self.0.push((bridge, bytes.to_vec()));
        self.1 = time_ns;
    }
}

/// One side of the comparison: frames in kind, and what it set aside.
#[derive(Serialize)]
struct Side {
    /// Frames into the bridges, in kind, in order: each bridge's in turn when there are
    /// several (how two segments interleave is a matter of microseconds, not of behaviour).
    frames: Vec<Kind>,
    /// The bridge each frame entered.
    bridges: Vec<usize>,
    /// Frames out of the bridges (each copy a bridge sends counts).
    frames_out: u64,
    /// Frames set aside, by why.
    ignored: HashMap<Ignored, u64>,
}

/// `--real --json`.
#[derive(Serialize)]
struct Report<'a> {
    kernel: String,
    simulator: &'a Side,
    real: &'a Side,
    rows: Vec<JsonRow>,
    differences: usize,
    frames_out_match: bool,
    /// The ARP caches at the end, entry by entry.
    arp: &'a [neigh::Row],
    arp_differences: usize,
    same: bool,
    not_compared: Vec<String>,
}

/// A row of `--json`: indices into the two frame lists, `null` where a side has none.
#[derive(Serialize)]
struct JsonRow {
    same: bool,
    /// The same kind, at another place among other senders' frames (timing).
    moved: bool,
    simulator: Option<usize>,
    real: Option<usize>,
}

impl From<&Row> for JsonRow {
    fn from(r: &Row) -> JsonRow {
        let (simulator, real) = match *r {
            Row::Same { left, right } | Row::Differ { left, right } | Row::Moved { left, right } => {
                (Some(left), Some(right))
            }
            Row::LeftOnly { left } => (Some(left), None),
            Row::RightOnly { right } => (None, Some(right)),
        };
        JsonRow { same: !r.differs(), moved: matches!(r, Row::Moved { .. }), simulator, real }
    }
}

/// What the comparison leaves out, and why: `real-not-*` of the catalogues (`--json` has them
/// in English). The last is said only when several switches were compared.
const NOT_COMPARED: [&str; 7] = [
    "real-not-timing",
    "real-not-numbers",
    "real-not-checksums",
    "real-not-settings",
    "real-not-ports",
    "real-not-delay",
    "real-not-interleave",
];
/// How many of [`NOT_COMPARED`] apply to a run with one switch: all but the last.
const ONE_SWITCH: usize = NOT_COMPARED.len() - 1;

/// Runs `sim` and the same LAN and traffic on real Linux hosts, and prints the two side by
/// side. `header` says what ran.
pub(crate) fn compare(
    sim: &mut Sim,
    traffic: &Traffic,
    header: &str,
    json: bool,
    out: &mut dyn Write,
    style: Style,
) -> Result<u8> {
    check_size(sim, traffic)?;
    let mut tools = vec![("tcpdump", "tcpdump")];
    if matches!(traffic, Traffic::Pings(_)) {
        tools.push(("ping", "iputils-ping"));
    }
    let mut ns = Netns::new(&tools)?;
    let mut frames = Frames::default();
    sim.run(&mut frames);
    let simulated = side(frames.0, sim.stats.frames_out);
    // The caches as the last frame left them: the real run ends there (it does not wait out
    // TIME-WAIT), and only ageing, which takes 30 s, changes a cache without a frame.
    let simulated_arp = neigh::simulated(sim, frames.1);
    let (real, real_arp) = real_run(&mut ns, sim, traffic)?;
    drop(ns);
    let keyed = |s: &Side| -> Vec<(usize, MacAddr, Kind)> {
        s.frames.iter().zip(&s.bridges).map(|(k, &b)| (b, k.src_mac, *k)).collect()
    };
    let rows = align_runs(&keyed(&simulated), &keyed(&real));
    let differences = rows.iter().filter(|r| r.differs()).count();
    let frames_out_match = simulated.frames_out == real.frames_out;
    let arp = neigh::compare(&simulated_arp, &real_arp);
    let arp_differences = arp.iter().filter(|r| !r.same).count();
    let same = differences == 0 && frames_out_match && arp_differences == 0;
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim().to_string();
    if json {
        let report = Report {
            kernel,
            simulator: &simulated,
            real: &real,
            rows: rows.iter().map(JsonRow::from).collect(),
            differences,
            frames_out_match,
            arp: &arp,
            arp_differences,
            same,
            not_compared: NOT_COMPARED[..ONE_SWITCH].iter().map(|k| tr_in(Lang::En, k, &[])).collect(),
        };
        json_line(out, &report).map_err(write_err)?;
    } else {
        let names = names(sim);
        let several = sim.bridges.len() > 1;
        let real_head = t!("real-head-real", kernel = kernel.to_string());
        let (switch, simulator) = (t!("real-head-switch"), t!("real-head-simulator"));
        let head: Vec<&str> = if several {
            vec!["#", &switch, &simulator, "", &real_head]
        } else {
            vec!["#", &simulator, "", &real_head]
        };
        let mut t = style.table(head);
        let show = |k: Option<&Kind>| k.map_or_else(|| "-".to_string(), |k| describe(k, &names));
        for (i, row) in rows.iter().enumerate() {
            let (l, r, mark) = match *row {
                Row::Same { left, right } => (Some(left), Some(right), "="),
                Row::Moved { left, right } => (Some(left), Some(right), "~"),
                Row::Differ { left, right } => (Some(left), Some(right), "!="),
                Row::LeftOnly { left } => (Some(left), None, "<"),
                Row::RightOnly { right } => (None, Some(right), ">"),
            };
            let mark = if row.differs() { style.red(mark) } else { mark.to_string() };
            let mut cells = vec![(i + 1).to_string()];
            if several {
                let b = l.map_or_else(|| r.map(|r| real.bridges[r]), |l| Some(simulated.bridges[l]));
                cells.push(b.map(|b| sim.bridges[b].name.clone()).unwrap_or_default());
            }
            cells.extend([show(l.map(|l| &simulated.frames[l])), mark, show(r.map(|r| &real.frames[r]))]);
            t.add_row(cells);
        }
        let w = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(write_err);
        w(out, style.bold(header))?;
        w(out, format!("{t}"))?;
        w(out, t!("real-legend"))?;
        let ignored = |s: &Side| s.ignored.values().sum::<u64>();
        let counts = t!(
            "real-counts",
            sim_in = simulated.frames.len(),
            real_in = real.frames.len(),
            sim_out = simulated.frames_out,
            real_out = real.frames_out
        );
        w(
            out,
            match ignored(&real) {
                0 => counts,
                n => t!("real-counts-aside", counts = counts, n = n),
            },
        )?;
        let verdict = if differences == 0 && frames_out_match {
            style.green(&t!("real-same"))
        } else if frames_out_match {
            style.red(&t!("real-differences", n = differences))
        } else {
            style.red(&t!("real-differences-out", n = differences))
        };
        w(out, verdict)?;
        w(out, arp_table(&arp, arp_differences, style))?;
        w(out, t!("real-not-compared"))?;
        for key in NOT_COMPARED.iter().take(if several { NOT_COMPARED.len() } else { ONE_SWITCH }) {
            w(out, format!("  - {}", tr(key, &[])))?;
        }
    }
    Ok(if same { YES } else { NO })
}

/// The ARP caches of both sides, entry by entry, and what the comparison found.
fn arp_table(rows: &[neigh::Row], differences: usize, style: Style) -> String {
    let (sim, real) = (t!("real-head-simulator"), t!("real-head-real-short"));
    let mut t = style.table([t!("col-host"), "IP".to_string(), sim, String::new(), real]);
    let show = |e: &Option<neigh::Entry>| {
        e.as_ref().map_or_else(
            || "-".to_string(),
            |e| format!("{} {}", e.mac.map_or_else(|| "-".to_string(), |m| m.to_string()), e.state),
        )
    };
    for r in rows {
        let mark = if r.same { "=".to_string() } else { style.red("!=") };
        t.add_row([r.host.clone(), r.ip.to_string(), show(&r.simulator), mark, show(&r.real)]);
    }
    let verdict = match differences {
        0 => style.green(&t!("real-arp-same")),
        n => style.red(&t!("real-arp-differences", n = n)),
    };
    format!("\n{}\n{t}\n{verdict}", style.bold(&t!("real-arp-title")))
}

/// Refuses more pings or connections than a real run sends.
pub(crate) fn check_exchanges(n: usize) -> Result<()> {
    if n > MAX_EXCHANGES {
        return Err(Error::invalid(t!("real-too-many-exchanges", max = MAX_EXCHANGES, n = n)));
    }
    Ok(())
}

/// Refuses runs that have no real counterpart or are too big to build for real.
fn check_size(sim: &Sim, traffic: &Traffic) -> Result<()> {
    if sim.nodes.iter().any(|n| n.role == Role::StandIn) {
        return Err(Error::invalid(t!("real-no-stand-in")));
    }
    let hosts = sim.nodes.iter().filter(|n| n.role == Role::Host).count();
    if hosts > MAX_HOSTS {
        return Err(Error::invalid(t!("real-too-many-hosts", max = MAX_HOSTS, n = hosts)));
    }
    check_exchanges(match traffic {
        Traffic::Pings(p) => p.len(),
        Traffic::Echo { sessions, .. } => sessions.len(),
    })?;
    if sim.bridges.iter().any(|b| b.peers.iter().any(|p| matches!(p, Peer::Bridge { .. }))) {
        return Err(Error::invalid(t!("real-no-bridge-chains")));
    }
    Ok(())
}

/// Frames (bridge, bytes) in the order they entered, reduced to their kind and ordered bridge
/// by bridge, with what was set aside counted.
fn side(mut frames: Vec<(usize, Vec<u8>)>, frames_out: u64) -> Side {
    frames.sort_by_key(|f| f.0); // stable: each bridge's frames keep their order
    let n = frames.len();
    let mut s = Side {
        frames: Vec::with_capacity(n),
        bridges: Vec::with_capacity(n),
        frames_out,
        ignored: HashMap::new(),
    };
    for (bridge, f) in frames {
        match kind(&f) {
            Ok(k) => {
                s.frames.push(k);
                s.bridges.push(bridge);
            }
            Err(why) => *s.ignored.entry(why).or_default() += 1,
        }
    }
    s
}

/// Namespace names: `h1`, `r`.
fn short(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// A bridge port's interface, in the bridges' namespace: `b0p1`.
fn port_name(bridge: usize, port: usize) -> String {
    format!("b{bridge}p{port}")
}

/// Builds the simulator's LAN of namespaces, sends the traffic, and returns what the bridges
/// saw and the hosts' ARP caches at the end.
fn real_run(ns: &mut Netns, sim: &Sim, traffic: &Traffic) -> Result<(Side, neigh::Caches)> {
    let sw = ns.add("sw")?;
    for (b, bridge) in sim.bridges.iter().enumerate() {
        // Ageing time in hundredths of a second; a hub is a bridge that remembers nothing.
        let ageing = if bridge.switch.hub { 0 } else { bridge.switch.aging_ns / 10_000_000 };
        let ageing = ageing.to_string();
        let name = format!("br{b}");
        ns.ip(
            &sw,
            &[
                "link",
                "add",
                &name,
                "type",
                "bridge",
                "stp_state",
                "0",
                "forward_delay",
                "0",
                "ageing_time",
                &ageing,
            ],
        )?;
    }
    let mut names = Vec::with_capacity(sim.nodes.len());
    for node in &sim.nodes {
        let n = ns.add(&short(&node.name))?;
        for (k, iface) in node.ifaces.iter().enumerate() {
            let eth = format!("eth{k}");
            let port = port_name(iface.bridge, iface.port);
            ns.veth(&n, &eth, &sw, &port)?;
            ns.ip(&n, &["link", "set", &eth, "address", &iface.mac.to_string()])?;
            // One segment a packet, as on a wire: a veth would otherwise carry a TCP write of
            // several MSS as one large segment (segmentation offload), never cut.
            ns.ip(&n, &["link", "set", &eth, "gso_max_segs", "1"])?;
            let addr = format!("{}/{}", iface.ip, iface.net.prefix_len());
            ns.ip(&n, &["addr", "add", &addr, "dev", &eth])?;
            ns.ip(&n, &["link", "set", &eth, "up"])?;
            ns.ip(&sw, &["link", "set", &port, "master", &format!("br{}", iface.bridge), "up"])?;
        }
        if let Some(gw) = node.gateway {
            ns.ip(&n, &["route", "add", "default", "via", &gw.to_string()])?;
        }
        if node.role == Role::Router {
            ns.exec(&n, &["sysctl", "-qw", "net.ipv4.ip_forward=1"])?;
        }
        names.push(n);
    }
    for b in 0..sim.bridges.len() {
        ns.ip(&sw, &["link", "set", &format!("br{b}"), "up"])?;
    }
    // Two captures a port: frames into the bridge, and frames out of it.
    let mut captures: Vec<(ProcId, usize, bool)> = Vec::new();
    for node in &sim.nodes {
        for iface in &node.ifaces {
            let port = port_name(iface.bridge, iface.port);
            for dir in ["in", "out"] {
                let cmd = [
                    "tcpdump",
                    "-U",
                    "--immediate-mode",
                    "-n",
                    "-i",
                    &port,
                    "-Q",
                    dir,
                    "-s",
                    "262144",
                    "--time-stamp-precision",
                    "nano",
                    "-w",
                    "-",
                ];
                captures.push((ns.start(&sw, &cmd, "listening on")?, iface.bridge, dir == "in"));
            }
        }
    }
    for (id, _, _) in &captures {
        ns.ready(*id)?;
    }
    let ips: Vec<Ipv4Addr> = sim.nodes.iter().map(|n| n.ip).collect();
    send(ns, &names, &ips, traffic)?;
    std::thread::sleep(SETTLE);
    let mut arp = neigh::Caches::new();
    for (node, n) in sim.nodes.iter().zip(&names) {
        let o = ns.exec(n, &["ip", "-4", "-j", "neigh", "show"])?;
        neigh::add_real(&mut arp, &node.name, &o.stdout)
            .map_err(|detail| Error::invalid(t!("real-failed", what = "ip neigh", detail = detail)))?;
    }
    let mut into = Vec::new();
    let mut frames_out = 0;
    let ids: Vec<ProcId> = captures.iter().map(|c| c.0).collect();
    let outputs = ns.stop(&ids);
    for ((_, bridge, incoming), bytes) in captures.into_iter().zip(outputs) {
        let records = netcalc::lan::pcap::read(&bytes)
            .map_err(|e| Error::invalid(t!("real-failed", what = "tcpdump", detail = e.to_string())))?;
        if incoming {
            into.extend(records.into_iter().map(|r| (r.time_ns, bridge, r.bytes)));
        } else {
            frames_out += records.iter().filter(|r| kind(&r.bytes).is_ok()).count() as u64;
        }
    }
    // One order across the ports: the kernel's clock is the same for every capture.
    into.sort_by_key(|r| r.0);
    Ok((side(into.into_iter().map(|(_, bridge, bytes)| (bridge, bytes)).collect(), frames_out), arp))
}

/// Sends the traffic with real programs, one exchange after the other.
fn send(ns: &mut Netns, names: &[String], ips: &[Ipv4Addr], traffic: &Traffic) -> Result<()> {
    match traffic {
        Traffic::Pings(pings) => {
            for &(node, dst, group) in pings {
                // Unanswered pings are part of the lesson: the exit status is not an error.
                let wait = if group { GROUP_WAIT_S } else { PING_WAIT_S };
                ns.exec_any(&names[node], &["ping", "-n", "-b", "-c", "1", "-W", wait, &dst.to_string()])?;
            }
        }
        Traffic::Echo { udp, upper, servers, port, sessions, messages } => {
            let exe = std::env::current_exe()
                .map_err(|e| Error::invalid(t!("real-no-binary", error = io_words(&e))))?;
            let exe = exe.to_string_lossy().into_owned();
            let mut started = Vec::new();
            for &s in servers {
                let ip = ips[s];
                let listen = format!("{ip}:{port}");
                let mut cmd = vec![exe.as_str(), "echo", "server", "--listen", &listen];
                if *upper {
                    cmd.push("--upper");
                }
                if *udp {
                    cmd.push("--udp");
                }
                started.push(ns.spawn(&names[s], &cmd, "listening on")?);
            }
            for (client, ip, p) in sessions {
                let to = format!("{ip}:{p}");
                let mut cmd = vec![exe.as_str(), "echo", "client", &to];
                cmd.extend(messages.iter().map(String::as_str));
                if *udp {
                    cmd.extend(["--udp", "--tries", "1", "--timeout", "1"]);
                }
                // A refused connection is part of the lesson too.
                ns.exec_any(&names[*client], &cmd)?;
                std::thread::sleep(SETTLE);
            }
            ns.stop(&started);
        }
    }
    Ok(())
}

/// Names for MACs and addresses: the simulator's node names.
struct Names {
    macs: HashMap<MacAddr, String>,
}

fn names(sim: &Sim) -> Names {
    let mut macs = HashMap::new();
    for n in &sim.nodes {
        for i in &n.ifaces {
            macs.insert(i.mac, n.name.clone());
        }
    }
    Names { macs }
}

/// A frame in kind, in a line: who sent it to whom, and what it is.
fn describe(k: &Kind, names: &Names) -> String {
    let mac = |m: MacAddr| {
        if m.is_broadcast() {
            t!("real-all")
        } else {
            names.macs.get(&m).cloned().unwrap_or_else(|| m.to_string())
        }
    };
    let port = |p: u16| if p == 0 { "*".to_string() } else { p.to_string() };
    let what = match k.what {
        What::ArpRequest { sender_ip, target_ip } => {
            t!("real-kind-arp-request", target = target_ip, sender = sender_ip)
        }
        What::ArpReply { sender_ip, target_ip } => {
            t!("real-kind-arp-reply", sender = sender_ip, mac = k.src_mac, target = target_ip)
        }
        What::Icmp { src, dst, ttl, icmp_type, code } => {
            let name = match (icmp_type, code) {
                (0, _) => t!("real-icmp-echo-reply"),
                (8, _) => t!("real-icmp-echo-request"),
                (3, 3) => t!("real-icmp-port-unreachable"),
                (3, 1) => t!("real-icmp-host-unreachable"),
                (3, 0) => t!("real-icmp-network-unreachable"),
                (11, 0) => t!("real-icmp-time-exceeded"),
                (ty, c) => t!("real-icmp-other", icmp_type = ty, code = c),
            };
            t!("real-kind-icmp", name = name, src = src, dst = dst, ttl = ttl)
        }
        What::Tcp { src, dst, ttl, src_port, dst_port, flags, len } => {
            let (from, to) = (format!("{src}:{}", port(src_port)), format!("{dst}:{}", port(dst_port)));
            t!("real-kind-tcp", from = from, to = to, flags = flags.to_string(), len = len, ttl = ttl)
        }
        What::Udp { src, dst, ttl, src_port, dst_port, len } => {
            let (from, to) = (format!("{src}:{}", port(src_port)), format!("{dst}:{}", port(dst_port)));
            t!("real-kind-udp", from = from, to = to, len = len, ttl = ttl)
        }
        What::OtherIp { src, dst, ttl, protocol } => {
            t!("real-kind-ip", protocol = protocol, src = src, dst = dst, ttl = ttl)
        }
    };
    format!("{} > {}: {what}", mac(k.src_mac), mac(k.dst_mac))
}
