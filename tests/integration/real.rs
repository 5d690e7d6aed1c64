//! `--real`: the simulator beside real Linux hosts in network namespaces the run builds and
//! removes. These need root, iproute2, tcpdump and ping (CI runs as root; `bash scripts/test.sh`
//! installs the tools).

use std::process::{Command, Stdio};

use crate::util::{code, require_tool, stderr, stdout};

fn can_build() {
    can_build_with(&[]);
}

/// As [`can_build`], and the test needs these tools too.
fn can_build_with(more: &[&str]) {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    assert!(root, "network namespaces need root (CI runs as root)");
    for tool in ["ip", "tcpdump", "ping"].iter().chain(more) {
        require_tool(tool);
    }
}

/// Namespaces whose names start with `prefix`.
fn namespaces(prefix: &str) -> Vec<String> {
    let o = Command::new("ip").args(["netns", "list"]).output().expect("ip runs");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| n.starts_with(prefix))
        .map(str::to_string)
        .collect()
}

/// Runs netcalc with `args` and `--real --json`; asserts it left no namespace behind and made
/// no interface in the machine's own namespace; returns the exit code and the report.
fn real(args: &[&str]) -> (i32, serde_json::Value) {
    can_build();
    let child = Command::new(env!("CARGO_BIN_EXE_netcalc"))
        .args(args)
        .args(["--real", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("netcalc starts");
    let pid = child.id();
    let o = child.wait_with_output().expect("netcalc runs");
    assert!(namespaces(&format!("nc{pid}-")).is_empty(), "namespaces left behind");
    let links = Command::new("ip").args(["-o", "link"]).output().expect("ip runs");
    let links = String::from_utf8_lossy(&links.stdout);
    assert!(
        !links.lines().any(|l| l.contains(": b0p1")),
        "a bridge port in the machine's namespace: {links}"
    );
    assert!([0, 1].contains(&code(&o)), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    (code(&o), v)
}

/// The frames of one side as "KIND FLAGS/TYPE", for messages.
fn kinds(v: &serde_json::Value, side: &str) -> Vec<String> {
    v[side]["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let detail = match f["kind"].as_str().unwrap() {
                "tcp" => format!(" {} {}", f["flags"].as_str().unwrap(), f["len"]),
                "icmp" => format!(" {}/{} ttl {}", f["icmp_type"], f["code"], f["ttl"]),
                _ => String::new(),
            };
            format!("{}{detail}", f["kind"].as_str().unwrap())
        })
        .collect()
}

/// Asserts the two runs agree frame by frame and in the frames the bridges sent, with `n`
/// frames into the bridges and `out` out of them; returns the real frames in brief.
fn agree(args: &[&str], n: usize, out: u64) -> Vec<String> {
    let (code, v) = real(args);
    let (sim, kernel) = (kinds(&v, "simulator"), kinds(&v, "real"));
    assert_eq!(code, 0, "{args:?}: the runs differ:\nsimulator {sim:?}\nreal      {kernel:?}\n{v:#}");
    assert_eq!(v["same"], true);
    assert_eq!(v["differences"], 0);
    assert_eq!(v["arp_differences"], 0, "ARP caches at the end: {:#}", v["arp"]);
    assert_eq!(sim.len(), n, "{sim:?}");
    assert_eq!(v["real"]["frames_out"], out);
    assert_eq!(v["simulator"]["frames_out"], out);
    kernel
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn one_ping_for_two_to_four_hosts() {
    for n in 2..=4 {
        let hosts = n.to_string();
        // I = 4, E = N + 2 (the request flooded to the N - 1 others, three unicast frames).
        let k = agree(&["arp-sim", "--hosts", &hosts, "--ping", "1:2"], 4, n as u64 + 2);
        assert_eq!(k, ["arp-request", "arp-reply", "icmp 8/0 ttl 64", "icmp 0/0 ttl 64"]);
    }
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn a_second_ping_needs_no_arp_and_all_pairs_of_three() {
    let k = agree(&["arp-sim", "--hosts", "3", "--ping", "1:2", "--ping", "1:2"], 6, 7);
    assert_eq!(k[4..], ["icmp 8/0 ttl 64", "icmp 0/0 ttl 64"]);
    agree(&["arp-sim", "--hosts", "3", "--all-pairs"], 18, 21);
}

/// H1 resolves H2 (REACHABLE), then H2 asks for H3 and H1 hears it: the kernel leaves H1's
/// entry REACHABLE, as the simulator does; H2's entry for H1, learned from H1's request and
/// used for the echo reply, is the kernel's DELAY (a stale entry in use), the simulator's
/// STALE.
#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn the_arp_caches_end_as_the_kernels() {
    agree(&["arp-sim", "--hosts", "3", "--ping", "1:2", "--ping", "2:3"], 8, 10);
    let (_, v) = real(&["arp-sim", "--hosts", "3", "--ping", "1:2", "--ping", "2:3"]);
    let row = |host: &str, ip: &str| {
        v["arp"].as_array().unwrap().iter().find(|r| r["host"] == host && r["ip"] == ip).unwrap().clone()
    };
    let h1 = row("H1", "192.168.1.2");
    assert_eq!((&h1["simulator"]["state"], &h1["real"]["state"]), (&"REACHABLE".into(), &"REACHABLE".into()));
    let h2 = row("H2", "192.168.1.1");
    assert_eq!(h2["simulator"]["state"], "STALE");
    assert!(["STALE", "DELAY", "PROBE"].contains(&h2["real"]["state"].as_str().unwrap()), "{h2}");
    assert_eq!(h2["same"], true);
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn an_absent_address_gets_three_arp_requests_and_a_hub_floods_everything() {
    let k = agree(&["arp-sim", "--hosts", "3", "--ping", "1:192.168.1.200"], 3, 6);
    assert_eq!(k, ["arp-request", "arp-request", "arp-request"]);
    // A hub: every frame out of every other port, I = 4, E = 4 (N - 1).
    agree(&["arp-sim", "--hosts", "4", "--hub", "--ping", "1:2"], 4, 12);
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn two_subnets_through_a_router_decrement_the_ttl() {
    // I = 8, E = n1 + n2 + 6.
    let k = agree(&["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:4"], 8, 10);
    let ttls: Vec<&String> = k.iter().filter(|f| f.starts_with("icmp")).collect();
    assert_eq!(ttls, ["icmp 8/0 ttl 64", "icmp 0/0 ttl 63", "icmp 8/0 ttl 63", "icmp 0/0 ttl 64"]);
    // The limited broadcast and a multicast group leave by the default route, on the host's
    // own segment; multicast with TTL 1 (both found by this comparison, and fixed).
    agree(&["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:255.255.255.255"], 1, 2);
    let k = agree(&["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:224.0.0.1"], 1, 2);
    assert_eq!(k, ["icmp 8/0 ttl 1"]);
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn the_router_answers_unreachable_and_nobody_answers_a_directed_broadcast() {
    // No route: network unreachable at once.
    let k = agree(&["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:10.9.9.9"], 4, 5);
    assert_eq!(k[2..], ["icmp 8/0 ttl 64", "icmp 3/0 ttl 64"]);
    // On the far segment nobody owns it: three ARP requests from the router, host unreachable.
    let k = agree(&["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:192.168.2.77"], 7, 11);
    assert_eq!(k.iter().filter(|f| *f == "icmp 3/1 ttl 64").count(), 1, "{k:?}");
    assert_eq!(k.iter().filter(|f| *f == "arp-request").count(), 4, "{k:?}");
    let k = agree(&["arp-sim", "--hosts", "3", "--ping", "1:192.168.1.255"], 1, 2);
    assert_eq!(k, ["icmp 8/0 ttl 64"]);
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn the_tcp_echo_matches_tcp_sim_linux_and_the_textbook_close_differs() {
    let k = agree(&["tcp-sim", "--linux"], 12, 12);
    assert_eq!(
        k[2..],
        [
            "tcp SYN 0",
            "tcp SYN, ACK 0",
            "tcp ACK 0",
            "tcp PSH, ACK 6",
            "tcp ACK 0",
            "tcp PSH, ACK 6",
            "tcp ACK 0",
            "tcp FIN, ACK 0",
            "tcp FIN, ACK 0",
            "tcp ACK 0"
        ]
    );
    // The textbook acknowledges the client's FIN at once: one ACK the kernel does not send.
    let (code, v) = real(&["tcp-sim"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["differences"], 1);
    let lone: Vec<&serde_json::Value> =
        v["rows"].as_array().unwrap().iter().filter(|r| r["same"] == false).collect();
    assert!(lone[0]["real"].is_null(), "{lone:?}");
    let i = lone[0]["simulator"].as_u64().unwrap() as usize;
    assert_eq!(v["simulator"]["frames"][i]["flags"], "ACK");
    assert_eq!(v["simulator"]["frames"][i]["src_port"], 8002);
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn closed_ports_give_rst_and_icmp_port_unreachable() {
    let k = agree(&["tcp-sim", "--connect", "1:2:9"], 4, 4);
    assert_eq!(k[2..], ["tcp SYN 0", "tcp RST, ACK 0"]);
    let k = agree(&["tcp-sim", "--udp", "--connect", "1:2:9"], 4, 4);
    assert_eq!(k[2..], ["udp", "icmp 3/3 ttl 64"]);
    agree(&["tcp-sim", "--udp"], 4, 4);
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn the_side_by_side_marks_a_difference() {
    can_build();
    let o = Command::new(env!("CARGO_BIN_EXE_netcalc")).args(["tcp-sim", "--real"]).output().unwrap();
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("real Linux"), "{text}");
    let marked: Vec<&str> = text.lines().filter(|l| l.contains(" <  -")).collect();
    assert_eq!(marked.len(), 1, "{text}");
    assert!(marked[0].contains("H2 > H1: TCP 192.168.1.2:8002 > 192.168.1.1:* [ACK] len 0 ttl 64"), "{text}");
    assert!(text.contains("1 difference(s)"), "{text}");
    assert!(text.contains("not compared:"), "{text}");
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn ctrl_c_removes_the_namespaces() {
    can_build();
    // Three ARP requests a second apart: time to interrupt it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_netcalc"))
        .args(["arp-sim", "--hosts", "2", "--ping", "1:192.168.1.99", "--real"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let prefix = format!("nc{}-", child.id());
    let mut seen = false;
    for _ in 0..200 {
        if namespaces(&prefix).len() >= 3 {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(seen, "the run made its namespaces");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let kill = Command::new("sh").args(["-c", &format!("kill -s INT {}", child.id())]).status().unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(namespaces(&prefix).is_empty(), "namespaces left behind: {:?}", namespaces(&prefix));
}

#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn refused_without_root_and_with_options_it_cannot_build() {
    can_build();
    require_tool("setpriv");
    let o = Command::new("setpriv")
        .args(["--reuid", "65534", "--regid", "65534", "--clear-groups", env!("CARGO_BIN_EXE_netcalc")])
        .args(["arp-sim", "--hosts", "2", "--real"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("needs root: run it with sudo"), "{}", stderr(&o));
    for (args, says) in [
        (&["arp-sim", "--gateway", "--ping", "1:8.8.8.8", "--real"][..], "stand-in"),
        (&["arp-sim", "--hosts", "17", "--real"][..], "at most 16"),
        (&["arp-sim", "--hosts", "11", "--all-pairs", "--real"][..], "at most 100 pings"),
        (&["tcp-sim", "--mss", "500", "--real"][..], "--mss"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_netcalc")).args(args).output().unwrap();
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_netcalc"))
        .args(["tcp-sim", "--real", "--drop", "3"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "clap refuses --drop with --real");
}

/// `--real`'s comparison in Chinese: the table, the legend, the counts, the verdict and what is
/// not compared, with no English left but protocol names, flags and the kernel's name.
#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn the_comparison_in_chinese() {
    can_build();
    let o = Command::new(env!("CARGO_BIN_EXE_netcalc"))
        .args(["--lang", "zh", "tcp-sim", "--linux", "--real"])
        .output()
        .expect("netcalc runs");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    for want in
        ["模拟器", "真实 Linux", "不参与对比的", "相同：逐帧看种类都一样", "ARP 谁是", "相同：逐条一致"]
    {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    assert_eq!(crate::i18n::english(&text), Vec::<String>::new(), "English left in\n{text}");
}

/// Two namespaces joined by a veth pair, removed when dropped.
struct Pair(String, String);

impl Pair {
    /// Namespaces `nc{tag}{pid}a` and `b`, joined by veths `{tag}-a` (10.9.0.1/24) and
    /// `{tag}-b` (10.9.0.2/24), up, each with IPv6 off (nothing but the test's own packets)
    /// and these sysctl `settings`.
    fn build(tag: &str, settings: &[&str]) -> Pair {
        let pid = std::process::id();
        let pair = Pair(format!("nc{tag}{pid}a"), format!("nc{tag}{pid}b"));
        let (a, b) = (pair.0.as_str(), pair.1.as_str());
        ip(&["netns", "add", a]);
        ip(&["netns", "add", b]);
        let (dev_a, dev_b) = (format!("{tag}-a"), format!("{tag}-b"));
        ip(&["link", "add", &dev_a, "netns", a, "type", "veth", "peer", "name", &dev_b, "netns", b]);
        for (ns, dev, addr) in [(a, &dev_a, "10.9.0.1/24"), (b, &dev_b, "10.9.0.2/24")] {
            for setting in [&["net.ipv6.conf.all.disable_ipv6=1"][..], settings].concat() {
                let o = Command::new("ip")
                    .args(["netns", "exec", ns, "sysctl", "-qw", setting])
                    .output()
                    .expect("sysctl runs");
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            }
            ip(&["-n", ns, "addr", "add", addr, "dev", dev]);
            ip(&["-n", ns, "link", "set", dev, "up"]);
        }
        pair
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for ns in [&self.0, &self.1] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}

/// tcpdump capturing TCP on `dev` in namespace `ns` into `cap` (at most `count` segments, if
/// given), given half a second to start. Each packet is written as it is caught
/// (`--immediate-mode -U`: by default libpcap hands packets over in blocks, up to a second
/// late, and a capture stopped meanwhile missed them).
fn tcpdump(ns: &str, dev: &str, cap: &std::path::Path, count: Option<&str>) -> std::process::Child {
    let count = count.map_or(Vec::new(), |n| vec!["-c", n]);
    let dump = Command::new("ip")
        .args(
            [&["netns", "exec", ns, "tcpdump", "-ni", dev, "--immediate-mode", "-U"][..], &count, &["-w"]]
                .concat(),
        )
        .arg(cap)
        .arg("tcp")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tcpdump starts");
    std::thread::sleep(std::time::Duration::from_millis(500));
    dump
}

/// Waits for a tcpdump started with a count to stop by itself (it may hold what it caught up
/// to a second), four seconds at most, then stops it.
fn stop_when_counted(mut dump: std::process::Child) {
    for _ in 0..40 {
        if dump.try_wait().expect("tcpdump").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    stop(dump);
}

/// Stops a tcpdump as Ctrl-C would (SIGINT: it writes what it holds and ends), or, if it has
/// not ended within two seconds, for good.
fn stop(mut dump: std::process::Child) {
    let _ = Command::new("kill").args(["-INT", &dump.id().to_string()]).status();
    for _ in 0..20 {
        if dump.try_wait().expect("tcpdump").is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = dump.kill();
    let _ = dump.wait();
}

/// Runs `ip ARGS`, which must succeed.
fn ip(args: &[&str]) {
    let o = Command::new("ip").args(args).output().expect("ip runs");
    assert!(o.status.success(), "ip {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

/// What each end of the real simultaneous open runs: bind, then a non-blocking connect to the
/// other, as the lab's sockets do. First two datagrams to an address nobody has empty the
/// token bucket in front of its interface, so that its SYN waits there about 0.36 s: both
/// programs are in SYN-SENT before either SYN leaves, and the SYNs cross. Then, as the lab's
/// steps: one end sends "hello" and closes, the other reads it and closes. The bucket holds
/// each segment about 66 ms (8 kbit/s), so the reader has closed before the sender's FIN (one
/// segment behind "hello") arrives, and its own FIN, sent at once, is already out: the FINs
/// cross.
const CROSSING_CONNECT: &str = r#"
import select, socket, sys, time
me, peer, lport, rport, role = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in (1400, 400):
    u.sendto(b"x" * n, ("10.9.0.99", 9))
s = socket.socket()
s.bind((me, lport))
s.setblocking(False)
s.connect_ex((peer, rport))
_, w, _ = select.select([], [s], [], 5)
err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
print("connected" if w and err == 0 else "failed %d" % err, flush=True)
s.setblocking(True)
s.settimeout(5)
if role == "send":
    s.sendall(b"hello")
else:
    got = b""
    while len(got) < 5:
        d = s.recv(5 - len(got))
        if not d:
            break
        got += d
    print(got.decode(), flush=True)
s.close()
time.sleep(0.5)
"#;

/// The lab's simultaneous open and close are what a real kernel does when two sockets connect
/// to each other and their SYNs cross: the same six segments (SYN, SYN, SYN+ACK, SYN+ACK, ACK,
/// ACK), each SYN+ACK with its SYN's sequence number; then "hello" and its ACK, and the FINs
/// crossing: each end's FIN acknowledges no FIN (the peer's had not come when it was sent), and
/// each end's last ACK acknowledges the peer's FIN. Each direction's segments are compared with
/// the lab's (the two directions interleave by a few milliseconds either way on a real wire).
/// The SYNs are made to cross by a token bucket (tc tbf, 8 kbit/s) emptied in front of each
/// end before it connects; the same bucket makes the FINs cross.
#[test]
#[ignore = "needs root, iproute2, tcpdump and python3, to build network namespaces (CI runs as root)"]
fn a_real_simultaneous_open_sends_what_the_lab_shows() {
    can_build_with(&["tc", "python3"]);
    let pid = std::process::id();
    // (IPv6 off: nothing but the test's own packets may take the bucket's tokens.)
    let pair = Pair::build("so", &[]);
    let (a, b) = (pair.0.as_str(), pair.1.as_str());
    let mut macs = Vec::new();
    for (ns, dev) in [(a, "so-a"), (b, "so-b")] {
        let rate = ["root", "tbf", "rate", "8kbit", "burst", "1600", "latency", "5s"];
        ip(&[&["netns", "exec", ns, "tc", "qdisc", "add", "dev", dev][..], &rate].concat());
        let o = Command::new("ip").args(["-n", ns, "-br", "link", "show", dev]).output().expect("ip runs");
        macs.push(
            String::from_utf8_lossy(&o.stdout).split_whitespace().nth(2).unwrap_or_default().to_string(),
        );
    }
    // No ARP: each knows the other, and the drain address leads nowhere.
    for (ns, dev, other, mac) in [(a, "so-a", "10.9.0.2", &macs[1]), (b, "so-b", "10.9.0.1", &macs[0])] {
        ip(&["-n", ns, "neigh", "add", other, "lladdr", mac, "dev", dev, "nud", "permanent"]);
        ip(&[
            "-n",
            ns,
            "neigh",
            "add",
            "10.9.0.99",
            "lladdr",
            "02:00:00:00:00:99",
            "dev",
            dev,
            "nud",
            "permanent",
        ]);
    }
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("so.pcap");
    let dump = tcpdump(a, "so-a", &cap, Some("12"));
    let end = |ns: &str, me: &str, peer: &str, lport: &str, rport: &str, role: &str| {
        Command::new("ip")
            .args(["netns", "exec", ns, "python3", "-c", CROSSING_CONNECT, me, peer, lport, rport, role])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 starts")
    };
    let ends = [
        end(a, "10.9.0.1", "10.9.0.2", "5000", "6000", "send"),
        end(b, "10.9.0.2", "10.9.0.1", "6000", "5000", "recv"),
    ];
    for (e, want) in ends.into_iter().zip(["connected", "connected\nhello"]) {
        let o = e.wait_with_output().expect("python3 runs");
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), want);
    }
    // Twelve segments stop the capture; it is given four seconds more at most.
    stop_when_counted(dump);
    let o = Command::new("tcpdump").args(["-nr"]).arg(&cap).output().expect("tcpdump reads");
    let text = String::from_utf8_lossy(&o.stdout);
    // "IP 10.9.0.1.5000 > 10.9.0.2.6000: Flags [S.], seq 3655341593, ack ..."; after the
    // handshake tcpdump writes numbers relative to each direction's first, as the lab does.
    let number = |l: &str, field: &str| {
        l.split(field).nth(1).map_or(String::new(), |s| s.split([',', ':']).next().unwrap_or("").to_string())
    };
    let segments: Vec<(String, String, String, String)> = text
        .lines()
        .filter_map(|l| {
            let from = l.split(" IP ").nth(1)?.split(' ').next()?.to_string();
            let flags = l.split("Flags [").nth(1)?.split(']').next()?.to_string();
            Some((from, flags, number(l, ", seq "), number(l, ", ack ")))
        })
        .collect();
    assert_eq!(segments.len(), 12, "{text}");
    let flags: Vec<&str> = segments.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(flags[..6], ["S", "S", "S.", "S.", ".", "."], "{text}");
    // Each SYN+ACK is its sender's SYN again.
    for synack in &segments[2..4] {
        let syn = segments[..2].iter().find(|s| s.0 == synack.0).expect("its SYN");
        assert_eq!(syn.2, synack.2, "{text}");
    }
    // The lab's segments, as tcpdump writes flags, with the sender's host number (A 1, B 2)
    // and the acknowledgment number.
    let lab = crate::util::shipped_lab("simultaneous-open.toml");
    let v = crate::util::json_ok(&["lab", &lab, "--json"]).remove(0);
    let sim: Vec<(String, String, String)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "switch-in")
        .map(|e| &e["frame"]["packet"])
        .filter_map(|p| {
            let f = p["flags"].as_str()?;
            let tcpdump = crate::util::tcpdump_flags(f);
            let host = p["src"].as_str()?.rsplit('.').next()?.to_string();
            Some((host, tcpdump, p["ack"].to_string()))
        })
        .collect();
    assert_eq!(sim.len(), 12, "{sim:?}");
    assert_eq!(sim[..6].iter().map(|s| s.1.as_str()).collect::<Vec<_>>(), flags[..6]);
    // After the handshake, each direction in order: flags and what each acknowledges.
    for host in ["1", "2"] {
        let real: Vec<(&str, &str)> = (segments[6..].iter())
            .filter(|s| s.0.starts_with(&format!("10.9.0.{host}.")))
            .map(|s| (s.1.as_str(), s.3.as_str()))
            .collect();
        let lab: Vec<(&str, &str)> =
            sim[6..].iter().filter(|s| s.0 == host).map(|s| (s.1.as_str(), s.2.as_str())).collect();
        assert_eq!(real, lab, "host {host}: {text}");
    }
    drop(pair);
    assert!(namespaces(&format!("ncso{pid}")).is_empty(), "namespaces left behind");
}

/// The server of the TIME-WAIT reopening: two clients in turn, each read, echoed upper-cased,
/// and closed first (so the server's side waits in TIME-WAIT).
const CLOSING_FIRST_SERVER: &str = r#"
import socket, sys
s = socket.socket()
s.bind((sys.argv[1], 8002))
s.listen()
s.settimeout(10)
print("listening", flush=True)
for _ in range(2):
    c, _ = s.accept()
    c.settimeout(5)
    c.sendall(c.recv(100).upper())
    c.close()
"#;

/// The client of the TIME-WAIT reopening: twice, bind port 5000, connect, send "hello", read
/// the echo and the end of file, close.
const SAME_PORT_CLIENT: &str = r#"
import socket, sys, time
for _ in range(2):
    c = socket.socket()
    c.bind((sys.argv[1], 5000))
    c.settimeout(5)
    c.connect((sys.argv[2], 8002))
    c.sendall(b"hello")
    got = b"".join(iter(lambda: c.recv(100), b""))
    print(got.decode(), flush=True)
    c.close()
    time.sleep(0.05)
"#;

/// Starts python3 `server` in the pair's namespace b (its argument: b's address) and, once it
/// prints "listening", runs python3 `client` in a (its arguments: a's address and b's): the
/// client's output, and the server, still to be waited for.
fn server_then_client(
    pair: &Pair,
    server: &str,
    client: &str,
) -> (std::process::Output, std::process::Child) {
    let mut server = Command::new("ip")
        .args(["netns", "exec", &pair.1, "python3", "-c", server, "10.9.0.2"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(server.stdout.take().unwrap()), &mut line)
        .unwrap();
    assert_eq!(line.trim(), "listening");
    let client = Command::new("ip")
        .args(["netns", "exec", &pair.0, "python3", "-c", client, "10.9.0.1", "10.9.0.2"])
        .output()
        .expect("python3 runs");
    (client, server)
}

/// tcpdump's reading of a capture, absolute sequence numbers: (source, flags, seq) of each TCP
/// segment.
fn tcpdump_segments(cap: &std::path::Path) -> Vec<(String, String, u64)> {
    let o = Command::new("tcpdump").args(["-S", "-nr"]).arg(cap).output().expect("tcpdump reads");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let from = l.split(" IP ").nth(1)?.split(' ').next()?.to_string();
            let flags = l.split("Flags [").nth(1)?.split(']').next()?.to_string();
            let seq = l.split(", seq ").nth(1)?.split([',', ':']).next()?.parse().ok()?;
            Some((from, flags, seq))
        })
        .collect()
}

/// Of a capture where a client reconnects from the same port to a server whose side is in
/// TIME-WAIT: the flags of the server's answer to the second SYN, and its sequence number less
/// the server's next number on the old connection (its FIN's + 1).
fn reopening(segments: &[(String, String, u64)], server: &str) -> (String, u64) {
    let syns: Vec<usize> = (0..segments.len()).filter(|&k| segments[k].1 == "S").collect();
    assert_eq!(syns.len(), 2, "{segments:?}");
    let fin =
        (segments[..syns[1]].iter()).rfind(|s| s.0 == server && s.1.contains('F')).expect("the old FIN");
    let answer = (segments[syns[1]..].iter()).find(|s| s.0 == server).expect("an answer");
    (answer.1.clone(), answer.2.wrapping_sub(fin.2 + 1) & 0xFFFF_FFFF)
}

/// A client that binds its port again at once, to a server whose side of their last
/// connection is in TIME-WAIT (it closed first): the kernel's TIME-WAIT takes the new SYN and
/// answers with SYN+ACK at once, its ISN the old connection's next number + 65,537, and the
/// lab does the same (the segments carry no timestamps in either: the kernels are told not to
/// use them, as the simulator has none).
#[test]
#[ignore = "needs root, iproute2, tcpdump and ping, to build network namespaces (CI runs as root)"]
fn a_syn_to_a_server_in_time_wait_reopens_as_in_the_kernel() {
    can_build();
    require_tool("python3");
    let pid = std::process::id();
    let pair = Pair::build("tw", &["net.ipv4.tcp_timestamps=0"]);
    let a = pair.0.as_str();
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("tw.pcap");
    let dump = tcpdump(a, "tw-a", &cap, None);
    let (client, mut server) = server_then_client(&pair, CLOSING_FIRST_SERVER, SAME_PORT_CLIENT);
    assert_eq!(String::from_utf8_lossy(&client.stdout).trim(), "HELLO\nHELLO", "{}", stderr(&client));
    assert!(server.wait().expect("the server ends").success());
    std::thread::sleep(std::time::Duration::from_millis(300));
    stop(dump);
    let kernel = reopening(&tcpdump_segments(&cap), "10.9.0.2.8002");
    drop(pair);
    assert!(namespaces(&format!("nctw{pid}")).is_empty(), "namespaces left behind");
    assert_eq!(kernel, ("S.".to_string(), 65_537));
    // The lab's, from its capture.
    let mut text = crate::util::hosts_on_one_switch(&["A", "B"]);
    text += "[[step]]\nlisten = \"B:8002\"\nclose_first = true\n";
    text += &"[[step]]\nconnect = \"A -> B:8002\"\nport = 5000\n".repeat(2);
    let (_lab_dir, lab) = crate::util::lab_file(&text);
    let sim_cap = dir.path().join("lab.pcapng");
    let o = crate::util::run(&["lab", &lab, "--quiet", "--pcap", sim_cap.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(reopening(&tcpdump_segments(&sim_cap), "192.168.1.2.8002"), kernel);
}

/// The server of the client SO_REUSEADDR check: upper-casing echo servers on 8002 and 8003,
/// one connection each, in turn; each closes when its client has.
const TWO_PORT_SERVER: &str = r#"
import socket, sys
ls = []
for port in (8002, 8003):
    s = socket.socket()
    s.bind((sys.argv[1], port))
    s.listen()
    s.settimeout(10)
    ls.append(s)
print("listening", flush=True)
for s in ls:
    c, _ = s.accept()
    c.settimeout(5)
    c.sendall(c.recv(100).upper())
    c.recv(100)
    c.close()
"#;

/// The client of the check: from port 5000 with SO_REUSEADDR to 8002 (echo, then close
/// first: TIME-WAIT here); then again to 8002 with it, without it, and to 8003 with it. Prints
/// each attempt's outcome as the lab names them.
const REUSING_CLIENT: &str = r#"
import errno, socket, sys
def attempt(reuse, port):
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, int(reuse))
    c.settimeout(5)
    try:
        c.bind((sys.argv[1], 5000))
        c.connect((sys.argv[2], port))
    except OSError as e:
        return {errno.EADDRINUSE: "addr-in-use", errno.EADDRNOTAVAIL: "addr-not-avail"}.get(e.errno, str(e))
    c.sendall(b"hello")
    got = c.recv(100)
    c.close()
    return "echoed" if got == b"HELLO" else repr(got)
for reuse, port in ((True, 8002), (True, 8002), (False, 8002), (True, 8003)):
    print(attempt(reuse, port), flush=True)
"#;

/// A client socket with SO_REUSEADDR binds a port its own connection holds in TIME-WAIT, but
/// cannot connect() to the same server port again ("cannot assign requested address": the
/// ends are that connection's, and without TCP timestamps Linux does not reuse them); without
/// SO_REUSEADDR its bind() fails; to another server port it connects. The kernel (timestamps
/// off, as the simulator has none) and the lab agree on each.
#[test]
#[ignore = "needs root, iproute2 and python3, to build network namespaces (CI runs as root)"]
fn a_client_with_so_reuseaddr_binds_but_cannot_reuse_its_time_wait_ends() {
    can_build();
    require_tool("python3");
    let pid = std::process::id();
    let pair = Pair::build("cr", &["net.ipv4.tcp_timestamps=0"]);
    let (client, mut server) = server_then_client(&pair, TWO_PORT_SERVER, REUSING_CLIENT);
    let kernel: Vec<String> = String::from_utf8_lossy(&client.stdout).lines().map(str::to_string).collect();
    assert!(server.wait().expect("the server ends").success());
    drop(pair);
    assert!(namespaces(&format!("nccr{pid}")).is_empty(), "namespaces left behind");
    assert_eq!(kernel, ["echoed", "addr-not-avail", "addr-in-use", "echoed"], "{}", stderr(&client));
    let mut text = crate::util::hosts_on_one_switch(&["A", "B"]);
    text += "[[step]]\nlisten = \"B:8002\"\n[[step]]\nlisten = \"B:8003\"\n";
    for (reuse, port) in [(true, 8002), (true, 8002), (false, 8002), (true, 8003)] {
        text += &format!("[[step]]\nconnect = \"A -> B:{port}\"\nport = 5000\nreuseaddr = {reuse}\n");
    }
    let (_dir, lab) = crate::util::lab_file(&text);
    let v = crate::util::json_ok(&["lab", &lab, "--json"]).remove(0);
    let sim: Vec<&str> =
        v["connections"].as_array().unwrap().iter().map(|c| c["outcome"].as_str().unwrap()).collect();
    assert_eq!(sim, kernel);
}

/// Two sockets of a real kernel: each connects without blocking to an address nobody answers
/// (its SYN waits for ARP, so it stays in SYN-SENT), shuts its writing side down, then makes
/// the calls given as arguments (recv or send) and prints what each returned, errno names.
const DROPPED_CONNECT: &str = r#"
import errno, signal, socket, sys
signal.signal(signal.SIGPIPE, signal.SIG_IGN)
for calls in (sys.argv[2].split(","), sys.argv[3].split(",")):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex((sys.argv[1], 8002))
    s.shutdown(socket.SHUT_WR)
    out = []
    for call in calls:
        try:
            s.recv(10) if call == "recv" else s.send(b"x")
            out.append("ok")
        except OSError as e:
            out.append(errno.errorcode[e.errno])
    print(" ".join(out), flush=True)
    s.close()
"#;

/// A shutdown(write) during a non-blocking connect: the kernel drops the attempt
/// (inet_shutdown's tcp_disconnect in SYN-SENT), and the socket's next call fails with
/// ECONNRESET, then recv with ENOTCONN and send with EPIPE. The lab's socket does the same.
#[test]
#[ignore = "needs root, iproute2 and python3, to build network namespaces (CI runs as root)"]
fn a_shutdown_during_connect_fails_the_next_calls_as_in_the_kernel() {
    can_build();
    require_tool("python3");
    let pid = std::process::id();
    let pair = Pair::build("sd", &[]);
    let calls = [["recv", "recv", "send"], ["send", "send", "recv"]];
    let o = Command::new("ip")
        .args(["netns", "exec", &pair.0, "python3", "-c", DROPPED_CONNECT, "10.9.0.99"])
        .args(calls.map(|c| c.join(",")))
        .output()
        .expect("python3 runs");
    drop(pair);
    assert!(namespaces(&format!("ncsd{pid}")).is_empty(), "namespaces left behind");
    assert!(o.status.success(), "{}", stderr(&o));
    let kernel: Vec<Vec<String>> =
        stdout(&o).lines().map(|l| l.split(' ').map(str::to_string).collect()).collect();
    assert_eq!(kernel, [["ECONNRESET", "ENOTCONN", "EPIPE"], ["ECONNRESET", "EPIPE", "ENOTCONN"]]);
    assert_eq!(crate::lab::calls_after_a_dropped_connect(calls), kernel);
}

/// Waits (5 s at most) for file `name` in the directory given as the last argument, then
/// makes file `then` there: how the two ends of a kernel check take turns.
const TURNS: &str = r#"
import os, sys, time
def turn(name, then):
    for _ in range(500 if name else 0):
        if os.path.exists(os.path.join(sys.argv[-1], name)):
            break
        time.sleep(0.01)
    open(os.path.join(sys.argv[-1], then), "w").close()
"#;

/// A server that listens, exits once the client has connected, and listens again on the same
/// port (no SO_REUSEADDR); it exits with 0 if that bind went through, 3 if not.
const RESTARTING_SERVER: &str = r#"
import socket
l = socket.socket()
l.bind((sys.argv[1], 8002))
l.listen(8)
turn(None, "listening")
turn("connected", "closing")
l.close()
again = socket.socket()
try:
    again.bind((sys.argv[1], 8002))
    again.listen(8)
except OSError:
    sys.exit(3)
turn("closing", "restarted")
turn("done", "end")
"#;

/// A client that connects, waits until the server has restarted, sends "hello" and reads:
/// prints what the read returned (the data, "eof", or the error).
const LATE_SENDER: &str = r#"
import errno, socket
turn("listening", "starting")
s = socket.create_connection((sys.argv[1], 8002), timeout=2)
turn(None, "connected")
turn("restarted", "sending")
s.sendall(b"hello")
try:
    d = s.recv(10)
    print("data:" + d.decode() if d else "eof", flush=True)
except OSError as e:
    print("reset" if e.errno == errno.ECONNRESET else "error %s" % e, flush=True)
turn(None, "done")
"#;

/// Namespace `ns`'s bare ACKs go nowhere (a handshake's last one, say): an nftables rule on
/// its output drops TCP segments whose flags are ACK alone.
fn drop_bare_acks(ns: &str) {
    let chain = "{ type filter hook output priority 0; }";
    for rule in [&["add", "table", "inet", "t"][..], &["add", "chain", "inet", "t", "out", chain]] {
        ip(&[&["netns", "exec", ns, "nft"][..], rule].concat());
    }
    ip(&["netns", "exec", ns, "nft", "add", "rule", "inet", "t", "out", "tcp", "flags", "==", "ack", "drop"]);
}

/// Starts `script` (after [`TURNS`]) in namespace `ns`, with B's address (10.9.0.2) and the
/// directory where the two ends take turns as its arguments.
fn taking_turns(ns: &str, script: &str, dir: &std::path::Path) -> std::process::Child {
    Command::new("ip")
        .args(["netns", "exec", ns, "python3", "-c", &format!("{TURNS}{script}"), "10.9.0.2"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts")
}

/// A server that exits while a connection is in its handshake (the client's last ACK lost:
/// an nftables rule drops A's bare ACKs; the two programs take turns through files) drops it
/// without a segment, and the restart binds; the
/// client's data then gets RST from the new listening socket, and its recv fails with
/// "connection reset". The kernel and the lab agree on what B sends (SYN+ACK, then only RST),
/// on the bind and on the client's recv.
#[test]
#[ignore = "needs root, iproute2, tcpdump, nftables and python3, to build network namespaces (CI runs as root)"]
fn a_server_that_exits_during_a_handshake_sends_nothing_as_in_the_kernel() {
    can_build_with(&["nft", "python3"]);
    let pid = std::process::id();
    let pair = Pair::build("hr", &[]);
    drop_bare_acks(&pair.0);
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("hr.pcap");
    let dump = tcpdump(&pair.1, "hr-b", &cap, Some("4"));
    let server = taking_turns(&pair.1, RESTARTING_SERVER, dir.path());
    let client = taking_turns(&pair.0, LATE_SENDER, dir.path()).wait_with_output().expect("the client ends");
    let server = server.wait_with_output().expect("the server ends");
    let bound = server.status.success();
    // B sees four segments (SYN, SYN+ACK, "hello", RST), which stop the capture; it is
    // given four seconds at most (tcpdump may hold what it caught up to a second).
    stop_when_counted(dump);
    let segments = tcpdump_segments(&cap);
    drop(pair);
    assert!(namespaces(&format!("nchr{pid}")).is_empty(), "namespaces left behind");
    let b_sends: Vec<String> = (segments.iter())
        .filter(|s| s.0.starts_with("10.9.0.2."))
        .map(|s| match s.1.as_str() {
            "S." => "SYN, ACK".to_string(),
            "R" => "RST".to_string(),
            "R." => "RST, ACK".to_string(),
            other => other.to_string(),
        })
        .collect();
    let b_calls = vec!["exit".to_string(), if bound { "listen" } else { "addr-in-use" }.to_string()];
    let a_calls = vec![stdout(&client).trim().to_string()];
    let context =
        format!("the kernel: {segments:?} {b_calls:?} {a_calls:?} {} {}", stderr(&client), stderr(&server));
    assert_eq!(b_sends, ["SYN, ACK", "RST"], "{context}");
    assert_eq!(b_calls, ["exit", "listen"], "{context}");
    assert_eq!(a_calls, ["reset"], "{context}");
    let (sim_sends, sim_b, sim_a, _) = crate::lab::handshake_restart_lab(true);
    assert_eq!((sim_sends, sim_b, sim_a), (b_sends, b_calls, a_calls));
}

/// An iterative server with listen(1): it accepts a connection, reads it to its end, prints
/// what it read, and takes the next, three times.
const ONE_AT_A_TIME: &str = r#"
import socket
l = socket.socket()
l.bind((sys.argv[1], 8002))
l.listen(1)
l.settimeout(8)
turn(None, "listening")
got = []
for _ in range(3):
    c, _ = l.accept()
    c.settimeout(5)
    data = b""
    while True:
        d = c.recv(64)
        if not d:
            break
        data += d
    got.append(data.decode())
    c.close()
print(" ".join(got), flush=True)
"#;

/// Three non-blocking connects, 50 ms apart; 1.5 s later each sends its word and closes, 0.2 s
/// apart (time for the server to take the last: data that finds the accept queue full is
/// dropped, and a FIN right after it, its sequence number past the cookie's, gets RST).
const THREE_LATE_SENDERS: &str = r#"
import socket, time
turn("listening", "connecting")
socks = []
for _ in range(3):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect((sys.argv[1], 8002))
    except BlockingIOError:
        pass
    socks.append(s)
    time.sleep(0.05)
time.sleep(1.5)
for s, word in zip(socks, [b"one", b"two", b"three"]):
    s.setblocking(True)
    s.sendall(word)
    s.close()
    time.sleep(0.2)
time.sleep(1)
"#;

/// SYN cookies on this machine's kernel: A's handshake ACKs are lost (an nftables rule drops
/// A's bare ACKs) while it opens three connections to a server that called listen(1). The
/// kernel keeps two requests (backlog + 1) and sends their SYN+ACKs again after 1 s; the
/// third SYN gets a SYN cookie, whose SYN+ACK never goes again. Each client's data, 1.5 s on,
/// completes its handshake (the third's by returning the cookie), and the server reads all
/// three. The lab (`lab::syn_cookie_lab`) shows the same SYN+ACKs and reads.
#[test]
#[ignore = "needs root, iproute2, tcpdump, nftables and python3, to build network namespaces (CI runs as root)"]
fn a_syn_beyond_the_backlog_gets_a_cookie_as_in_the_kernel() {
    can_build_with(&["nft", "python3"]);
    let pid = std::process::id();
    let pair = Pair::build("ck", &["net.ipv4.tcp_syncookies=1"]);
    drop_bare_acks(&pair.0);
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("ck.pcap");
    let dump = tcpdump(&pair.1, "ck-b", &cap, None);
    let server = taking_turns(&pair.1, ONE_AT_A_TIME, dir.path());
    let client =
        taking_turns(&pair.0, THREE_LATE_SENDERS, dir.path()).wait_with_output().expect("the client ends");
    let server = server.wait_with_output().expect("the server ends");
    stop(dump);
    let o = Command::new("tcpdump").args(["-nr"]).arg(&cap).output().expect("tcpdump reads");
    drop(pair);
    assert!(namespaces(&format!("ncck{pid}")).is_empty(), "namespaces left behind");
    // SYN+ACKs by the client port they go to, in the order of the first to each.
    let capture = String::from_utf8_lossy(&o.stdout);
    let kernel = crate::util::tally_in_order(
        (capture.lines().filter(|l| l.contains("Flags [S.]")))
            .filter_map(|l| l.split(" > ").nth(1)?.split(':').next()),
    );
    let reads: Vec<String> = stdout(&server).split_whitespace().map(str::to_string).collect();
    let context = format!("{kernel:?} {reads:?} {} {}\n{capture}", stderr(&server), stderr(&client),);
    assert_eq!(kernel, [2, 2, 1], "{context}");
    assert_eq!(reads, ["one", "two", "three"], "{context}");
    let (lab_synacks, lab_reads, _) = crate::lab::syn_cookie_lab();
    assert_eq!((lab_synacks, lab_reads), (kernel, reads));
}

/// A server that accepts, waits 0.5 s, then reads to the end of file: it prints its first
/// read ("data:" and up to 40 bytes) and how much it read in all ("total N"), and closes.
const LATE_READER: &str = r#"
import socket, sys, time
s = socket.socket()
s.bind((sys.argv[1], 8002))
s.listen()
s.settimeout(10)
print("listening", flush=True)
c, _ = s.accept()
time.sleep(0.5)
c.settimeout(5)
first = c.recv(65536)
rest = b"".join(iter(lambda: c.recv(65536), b""))
print("data:" + first[:40].decode(), flush=True)
print("total %d" % (len(first) + len(rest)), flush=True)
c.close()
"#;

/// A client (Nagle on, Python's default) that connects and, for each argument after the two
/// addresses, writes it ("N": N bytes of "x"; "sleep=S": waits S seconds; else the text),
/// then closes.
const WRITER: &str = r#"
import socket, sys, time
c = socket.socket()
c.settimeout(5)
c.connect((sys.argv[2], 8002))
for w in sys.argv[3:]:
    if w.startswith("sleep="):
        time.sleep(float(w[6:]))
    else:
        c.sendall(b"x" * int(w) if w.isdigit() else w.encode())
c.close()
print("closed", flush=True)
"#;

/// A's TCP segments, as (time, flags as tcpdump writes them, length), caught on A's veth while
/// [`WRITER`] in A writes `writes` to [`LATE_READER`] in B, with B's bare ACKs lost (an
/// nftables rule), so that what A holds for an ACK waits for a timer; and what B's server
/// printed after "listening". The namespaces (`tag`, with these sysctl `settings`) are gone
/// when it returns.
fn with_b_acks_lost(tag: &str, settings: &[&str], writes: &[&str]) -> (Vec<(f64, String, u64)>, Vec<String>) {
    can_build_with(&["nft", "python3"]);
    let pid = std::process::id();
    let pair = Pair::build(tag, settings);
    drop_bare_acks(&pair.1);
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("a.pcap");
    let dump = tcpdump(&pair.0, &format!("{tag}-a"), &cap, None);
    let mut server = Command::new("ip")
        .args(["netns", "exec", &pair.1, "python3", "-c", LATE_READER, "10.9.0.2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(server.stdout.take().unwrap()));
    assert_eq!(lines.next().and_then(Result::ok).as_deref(), Some("listening"));
    let client = Command::new("ip")
        .args(["netns", "exec", &pair.0, "python3", "-c", WRITER, "10.9.0.1", "10.9.0.2"])
        .args(writes)
        .output()
        .expect("python3 runs");
    let heard: Vec<String> = lines.map_while(Result::ok).collect();
    let server = server.wait_with_output().expect("the server ends");
    stop(dump);
    let o = Command::new("tcpdump").args(["-tt", "-nr"]).arg(&cap).output().expect("tcpdump reads");
    drop(pair);
    assert!(namespaces(&format!("nc{tag}{pid}")).is_empty(), "namespaces left behind");
    let capture = String::from_utf8_lossy(&o.stdout);
    let context = format!("{capture}\n{} {}", stderr(&client), stderr(&server));
    assert_eq!(stdout(&client).trim(), "closed", "{context}");
    assert_eq!(heard.len(), 2, "{context}");
    // "1733256000.123456 IP 10.9.0.1.40000 > 10.9.0.2.8002: Flags [FP.], seq 6:11, ack 1,
    // win 502, length 5"
    let a_sends = (capture.lines())
        .filter(|l| l.contains(" IP 10.9.0.1."))
        .filter_map(|l| {
            let time = l.split(' ').next()?.parse().ok()?;
            let flags = l.split("Flags [").nth(1)?.split(']').next()?.to_string();
            let len = l.rsplit("length ").next()?.trim().parse().ok()?;
            Some((time, flags, len))
        })
        .collect();
    (a_sends, heard)
}

/// A close() while Nagle holds a write: the kernel sends the held data at once with the FIN on
/// it (tcp_send_fin), as the lab does (`lab::nagle_close_lab`). B's ACK of "hello" is lost, so
/// "world" is still held when A closes, whatever the timing; the FIN goes well before any
/// timer could have sent it. A's segments up to its FIN, and B's first read, are the lab's.
#[test]
#[ignore = "needs root, iproute2, tcpdump, nftables and python3, to build network namespaces (CI runs as root)"]
fn a_close_sends_what_nagle_holds_with_the_fin_on_it_as_in_the_kernel() {
    let (mut a_sends, heard) = with_b_acks_lost("nf", &[], &["hello", "world"]);
    let fin = a_sends.iter().position(|s| s.1.contains('F')).expect("A's FIN");
    a_sends.truncate(fin + 1);
    let kernel: Vec<(String, u64)> = a_sends.iter().map(|s| (s.1.clone(), s.2)).collect();
    let context = format!("{a_sends:?} {heard:?}");
    assert_eq!(
        kernel,
        [("S", 0), (".", 0), ("P.", 5), ("FP.", 5)].map(|(f, n)| (f.to_string(), n)),
        "{context}"
    );
    let waited = a_sends[fin].0 - a_sends[fin - 1].0;
    assert!(waited < 0.001, "the FIN went {waited} s after \"hello\": {context}");
    assert_eq!(heard[0], "data:helloworld", "{context}");
    let (lab, lab_read, _) = crate::lab::nagle_close_lab();
    assert_eq!((lab, lab_read), (kernel, heard[0].clone()));
}

/// A close() while the congestion window is full: this kernel holds the FIN, on the last data
/// segment, until the window has room, as the lab does (`lab::cwnd_close_lab`). B's ACKs are
/// lost, so the first ten segments of a 16,060-byte write fill the first window; the
/// eleventh, with the FIN on it, leaves only when the tail-loss probe sends it (milliseconds
/// later: it would leave within microseconds if a final FIN passed the congestion window, as
/// in older kernels). Without timestamps each segment carries 1,460 bytes, as in the lab; the
/// veth's offload may send the first ten as fewer, larger packets, so they are counted in
/// bytes. Five segments, for contrast, leave room, and the FIN follows them at once.
#[test]
#[ignore = "needs root, iproute2, tcpdump, nftables and python3, to build network namespaces (CI runs as root)"]
fn a_full_congestion_window_holds_the_fin_as_in_the_kernel() {
    // And five segments, which leave room: the FIN follows them at once, alone.
    for (size, want) in [(16_060, (14_600, "FP.", 1460, true)), (7300, (7300, "F.", 0, false))] {
        let size_arg = size.to_string();
        let (a_sends, heard) = with_b_acks_lost("cw", &["net.ipv4.tcp_timestamps=0"], &[&size_arg]);
        let context = format!("{a_sends:?} {heard:?}");
        assert_eq!(heard[1], format!("total {size}"), "{context}");
        let fin = a_sends.iter().position(|s| s.1.contains('F')).expect(&context);
        let before: u64 = a_sends[..fin].iter().map(|s| s.2).sum();
        let waited = a_sends[fin].0 - a_sends[fin - 1].0;
        let kernel = (before, a_sends[fin].1.clone(), a_sends[fin].2, waited > 0.001);
        assert_eq!(kernel, (want.0, want.1.to_string(), want.2, want.3), "waited {waited} s: {context}");
        let (lab, _) = crate::lab::cwnd_close_lab(size);
        assert_eq!(lab, kernel);
    }
}

/// Nagle as Linux has it (Minshall's variant): a 2,000-byte write goes at once, its 540-byte
/// tail too, since no earlier small segment is unacknowledged (RFC 896's Nagle would hold the
/// tail for the ACK of the first 1,460 bytes), while "abc" written next waits behind that
/// tail, as the lab does (`lab::nagle_tail_lab`). B's ACKs are lost, so what is sent within a
/// millisecond of the first byte is what went without waiting. (The veth's offload may send
/// the two segments as one packet, so they are counted in bytes.)
#[test]
#[ignore = "needs root, iproute2, tcpdump, nftables and python3, to build network namespaces (CI runs as root)"]
fn nagle_sends_a_writes_small_tail_at_once_as_in_the_kernel() {
    let (a_sends, heard) =
        with_b_acks_lost("ng", &["net.ipv4.tcp_timestamps=0"], &["2000", "abc", "sleep=0.1"]);
    let context = format!("{a_sends:?} {heard:?}");
    assert_eq!(heard[1], "total 2003", "{context}");
    let data: Vec<&(f64, String, u64)> = a_sends.iter().filter(|s| s.2 > 0).collect();
    let kernel: u64 = data.iter().filter(|s| s.0 - data[0].0 < 0.001).map(|s| s.2).sum();
    assert_eq!(kernel, 2000, "{context}");
    let (lab, _) = crate::lab::nagle_tail_lab();
    assert_eq!(lab, kernel);
}
