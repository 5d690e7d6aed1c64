//! `tcp-sim`: the course's whole arc in one run (ARP, the three-way handshake, data both
//! ways, the four-way close, TIME-WAIT, CLOSED), loss and retransmission, a closed port, UDP;
//! and tshark reading the capture.

use serde_json::Value;

use crate::util::{code, json_ok, netcalc, netcalc_env, require_tool, run, stderr, stdout, strings};

fn sim(args: &[&str]) -> Value {
    json_ok(&[&["tcp-sim", "--json"][..], args].concat()).remove(0)
}

/// Each frame as it entered the switch: `ARP request`, `SYN`, `PSH, ACK 5` ...
fn frames(v: &Value) -> Vec<String> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "switch-in")
        .map(|e| {
            let p = &e["frame"]["packet"];
            match p["type"].as_str().unwrap() {
                "arp-request" => "ARP request".to_string(),
                "arp-reply" => "ARP reply".to_string(),
                "tcp" if p["len"] != 0 => format!("{} {}", p["flags"].as_str().unwrap(), p["len"]),
                "tcp" => p["flags"].as_str().unwrap().to_string(),
                other => other.to_string(),
            }
        })
        .collect()
}

/// The ARP caches are shown as of the end of the run, as `ip neigh` would show them then: H1's
/// entry for H2, confirmed by H2's reply at the start, is stale once TIME-WAIT's 60 s are
/// over (unconfirmed for longer than 30 s); with a 20-second TIME-WAIT it is still reachable.
#[test]
fn arp_entries_age_by_the_end_of_the_run() {
    let h1_entry = |v: &Value| v["arp_caches"][0]["entries"][0]["state"].as_str().unwrap().to_string();
    assert_eq!(h1_entry(&sim(&[])), "STALE");
    assert_eq!(h1_entry(&sim(&["--msl", "10"])), "REACHABLE");
}

/// A segment lost among five is not waited for: the receiver keeps the three after it and
/// answers each with a duplicate ACK; the third brings the lost one back at once (fast
/// retransmit), and when it arrives the data that waited goes to the application with it.
/// (Without both, each segment after the loss cost a one-second timeout of its own.)
#[test]
fn a_lost_segment_comes_back_after_three_duplicate_acks() {
    let long = "x".repeat(3000);
    let v = sim(&["--mss", "536", "--send", &long, "--drop", "7"]);
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    assert_eq!(v["stats"]["retransmissions"], 1);
    let acks = |what: &str| -> Vec<(String, f64)> {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "ack" && e["ack"] == what)
            .map(|e| (e["at"].as_str().unwrap().to_string(), e["time"].as_f64().unwrap()))
            .collect()
    };
    let kept = acks("out-of-order");
    assert!(kept.len() >= 3 && kept.iter().all(|(at, _)| at == "H2"), "{kept:?}");
    let fast = acks("fast-retransmit");
    assert!(fast.len() == 1 && fast[0].0 == "H1" && fast[0].1 < 0.001, "{fast:?}");
    assert_eq!(acks("gap-filled").len(), 1);
    // Nothing waited for a timeout: the client's close is done within a millisecond.
    let tw =
        v["events"].as_array().unwrap().iter().find(|e| e["kind"] == "tcp-state" && e["to"] == "TIME-WAIT");
    assert!(tw.unwrap()["time"].as_f64().unwrap() < 0.01);
}

/// Client data segments into the switch, counted by the instant they entered: the flights.
fn flights(v: &Value) -> Vec<usize> {
    let mut out: Vec<(f64, usize)> = Vec::new();
    for e in v["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "switch-in") {
        let p = &e["frame"]["packet"];
        if p["type"] == "tcp" && p["src_port"] != 8002 && p["len"].as_u64().unwrap() > 0 {
            let t = e["time"].as_f64().unwrap();
            match out.last_mut() {
                Some((at, n)) if *at == t => *n += 1,
                _ => out.push((t, 1)),
            }
        }
    }
    out.into_iter().map(|(_, n)| n).collect()
}

/// The most bytes the client had sent and not yet seen acknowledged, as the switch saw them.
fn most_in_flight(v: &Value) -> i64 {
    let (mut acked, mut most) = (0i64, 0i64);
    for e in v["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "switch-in") {
        let p = &e["frame"]["packet"];
        if p["type"] != "tcp" {
            continue;
        }
        if p["src_port"] == 8002 {
            acked = acked.max(p["ack"].as_i64().unwrap());
        } else if p["len"].as_i64().unwrap() > 0 {
            most = most.max(p["seq"].as_i64().unwrap() + p["len"].as_i64().unwrap() - acked);
        }
    }
    most
}

/// A long write goes out as TCP's congestion control allows: ten segments first (the initial
/// window, RFC 6928, as Linux), then twice as many each round trip (slow start); and never more
/// than the peer's window (64,240 bytes) in flight.
#[test]
fn a_long_write_starts_slow_and_keeps_within_the_peers_window() {
    let v = sim(&["--send", &"y".repeat(100_000)]);
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    assert_eq!(flights(&v), [10, 20, 39], "69 segments of 1460: 10, 20, then the rest");
    assert!(most_in_flight(&v) <= 64_240);
    let v = sim(&["--mss", "536", "--send", &"y".repeat(120_000)]);
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    assert_eq!(flights(&v)[..4], [10, 20, 40, 80]);
    assert!(most_in_flight(&v) <= 64_240);
}

#[test]
fn the_whole_arc_hello_and_back() {
    let v = sim(&[]);
    assert_eq!(
        frames(&v),
        [
            "ARP request",
            "ARP reply",
            "SYN",
            "SYN, ACK",
            "ACK",
            "PSH, ACK 5",
            "ACK",
            "PSH, ACK 5",
            "ACK",
            "FIN, ACK",
            "ACK",
            "FIN, ACK",
            "ACK"
        ]
    );
    let c = &v["connections"][0];
    assert_eq!(
        strings(&c["client_states"]),
        ["CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSED"]
    );
    assert_eq!(
        strings(&c["server_states"]),
        ["SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"]
    );
    assert_eq!(
        (c["bytes_sent"].as_u64(), c["bytes_received"].as_u64(), c["outcome"].as_str()),
        (Some(5), Some(5), Some("echoed"))
    );
    // DESIGN's counters: the 13 frames on the wire, 11 of them TCP segments, none sent again.
    let st = &v["stats"];
    assert_eq!(
        (st["frames"].as_u64(), st["segments"].as_u64(), st["retransmissions"].as_u64()),
        (Some(13), Some(11), Some(0))
    );
    // TIME-WAIT lasts 2 x MSL: 60 s by default.
    let states: Vec<&Value> =
        v["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "tcp-state").collect();
    let at =
        |to: &str| states.iter().find(|e| e["to"] == to && e["node"] == 0).unwrap()["time"].as_f64().unwrap();
    assert!((at("CLOSED") - at("TIME-WAIT") - 60.0).abs() < 1e-6, "{} {}", at("CLOSED"), at("TIME-WAIT"));
    let v = sim(&["--msl", "5"]);
    let states: Vec<&Value> =
        v["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "tcp-state").collect();
    let last = states.iter().rev().find(|e| e["to"] == "CLOSED" && e["node"] == 0).unwrap();
    assert!((last["time"].as_f64().unwrap() - 10.0).abs() < 0.01);
    // The default data is the course's: "hello" goes out, "HELLO" comes back.
    let calls: Vec<String> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "socket")
        .map(|e| format!("{} {}", e["at"].as_str().unwrap(), e["call"]["call"].as_str().unwrap()))
        .collect();
    assert_eq!(
        calls,
        [
            "H2 listen",
            "H1 connect",
            "H1 send",
            "H2 recv",
            "H2 send",
            "H1 recv",
            "H1 close",
            "H2 recv",
            "H2 close"
        ]
    );
}

/// Linux's way, as a real kernel did it (checked in network namespaces): a new connection's
/// first data is acknowledged at once (quickack), so "hello" and "HELLO" each get their own ACK;
/// the server, which replied at once, is interactive by then, so the ACK of the client's FIN
/// rides on the server's FIN: the close is three segments, and the client goes from
/// FIN-WAIT-1 straight to TIME-WAIT.
#[test]
fn linux_acks_new_data_at_once_and_the_fin_rides_on_the_fin() {
    let v = sim(&["--linux"]);
    assert_eq!(
        frames(&v),
        [
            "ARP request",
            "ARP reply",
            "SYN",
            "SYN, ACK",
            "ACK",
            "PSH, ACK 5",
            "ACK",
            "PSH, ACK 5",
            "ACK",
            "FIN, ACK",
            "FIN, ACK",
            "ACK"
        ]
    );
    let c = &v["connections"][0];
    assert_eq!(
        strings(&c["client_states"]),
        ["CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "TIME-WAIT", "CLOSED"]
    );
    assert_eq!(acks(&v, "quick"), 2);
    assert_eq!(acks(&v, "piggybacked"), 1);
}

/// Once both ends have answered within 40 ms they are interactive: the ACK of the second
/// message rides on its echo, and the ACK of that echo on the client's FIN.
#[test]
fn linux_acks_ride_on_data_once_the_connection_is_interactive() {
    let v = sim(&["--linux", "--send", "hello", "--send", "again"]);
    let f = frames(&v);
    assert_eq!(f[9..], ["PSH, ACK 5", "PSH, ACK 5", "FIN, ACK", "FIN, ACK", "ACK"], "{f:?}");
    assert_eq!(acks(&v, "quick"), 2);
    assert_eq!(acks(&v, "delayed"), 3);
    assert_eq!(acks(&v, "piggybacked"), 3);
}

/// How many ACK events of this kind the run reports.
fn acks(v: &serde_json::Value, kind: &str) -> usize {
    v["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "ack" && e["ack"] == kind).count()
}

/// When the events `pick` chooses happened, in order.
fn times(v: &Value, pick: impl Fn(&Value) -> bool) -> Vec<f64> {
    v["events"].as_array().unwrap().iter().filter(|e| pick(e)).map(|e| e["time"].as_f64().unwrap()).collect()
}

#[test]
fn loss_closed_ports_and_udp() {
    // The SYN (frame 3) is lost: it goes again 1 s later, and the rest follows.
    let v = sim(&["--drop", "3"]);
    assert_eq!(v["stats"]["retransmissions"], 1);
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    let syns = times(&v, |e| {
        (e["kind"] == "send" || e["kind"] == "released") && e["frame"]["packet"]["flags"] == "SYN"
    });
    // The timer starts when TCP hands the SYN down (connect, at 0), as Linux's does; ARP
    // held the first copy 0.2 ms.
    assert!(syns.len() == 2 && (syns[1] - 1.0).abs() < 1e-6 && syns[0] < 0.001, "{syns:?}");
    // Then "hello" (frame 7) is lost too: no round-trip time from that handshake, so it goes
    // again 3 s after it was sent, not 1 s (RFC 6298 5.7).
    let v = sim(&["--drop", "3", "--drop", "7"]);
    let hellos = times(&v, |e| e["kind"] == "send" && e["frame"]["packet"]["len"] == 5 && e["at"] == "H1");
    assert!(hellos.len() == 2 && (hellos[1] - hellos[0] - 3.0).abs() < 1e-6, "{hellos:?}");
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    // "hello" (frame 6) lost, sent again after 1 s and acknowledged; then the client's FIN
    // (frame 11) is lost: that ACK answered a segment sent twice, so the timeout stays at 2 s
    // (Karn's algorithm), and the FIN goes again 2 s after it was sent.
    let v = sim(&["--drop", "6", "--drop", "11"]);
    let fins =
        times(&v, |e| e["kind"] == "send" && e["frame"]["packet"]["flags"] == "FIN, ACK" && e["at"] == "H1");
    assert!(fins.len() == 2 && (fins[1] - fins[0] - 2.0).abs() < 1e-6, "{fins:?}");
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    // The final ACK is lost: the server sends its FIN again, the client in TIME-WAIT answers.
    let v = sim(&["--drop", "13"]);
    assert_eq!(v["connections"][0]["server_states"].as_array().unwrap().last().unwrap(), "CLOSED");
    assert_eq!(frames(&v).iter().filter(|f| *f == "FIN, ACK").count(), 3, "the client's, the server's twice");
    // A closed port answers RST: connection refused.
    let v = sim(&["--connect", "H1:H2:9999"]);
    assert_eq!(frames(&v)[2..], ["SYN", "RST, ACK"]);
    assert_eq!(v["connections"][0]["outcome"], "refused");
    // UDP: one datagram each way; to a closed port, ICMP port unreachable.
    let v = sim(&["--udp"]);
    assert_eq!(frames(&v)[2..], ["udp", "udp"]);
    assert_eq!(
        (v["connections"][0]["outcome"].as_str(), v["stats"]["datagrams"].as_u64()),
        (Some("echoed"), Some(2))
    );
    let v = sim(&["--udp", "--connect", "1:2:9999"]);
    let err = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "switch-in" && e["frame"]["packet"]["type"] == "icmp-error");
    let p = &err.unwrap()["frame"]["packet"];
    assert_eq!((p["icmp_type"].as_u64(), p["code"].as_u64()), (Some(3), Some(3)));
    // What it is about, read from its quote: the client's datagram.
    assert_eq!(
        p["about"],
        serde_json::json!({"proto": "udp", "src": "192.168.1.1", "src_port": 40000, "dst": "192.168.1.2", "dst_port": 9999})
    );
    assert_eq!(v["connections"][0]["outcome"], "refused");
    let v = sim(&["--udp", "--drop", "3"]);
    assert_eq!(v["connections"][0]["outcome"], "timed-out", "UDP does not retransmit");
    // Across a router: the same exchange, every segment forwarded.
    let v = sim(&["--segments", "2", "--hosts", "4", "--connect", "H1:H3", "--send", "hi", "--send", "bye"]);
    assert_eq!(v["connections"][0]["outcome"], "echoed");
    assert_eq!(v["stats"]["forwarded"], v["stats"]["segments"]);
}

#[test]
fn bad_options_say_what_to_change() {
    for (args, want) in [
        (&["--connect", "1:1"][..], "same host"),
        (&["--connect", "1"][..], "SRC:DST[:PORT]"),
        (&["--connect", "1:2:0"][..], "1 to 65535"),
        (&["--mss", "10"][..], "64..=9000"),
        // Frames are numbered from 1: a 0 would drop nothing, silently.
        (&["--drop", "0"][..], "0 is not in 1.."),
        // One range whatever the number (a NaN and a 1e300 as well), and the number as typed.
        (&["--msl", "99999"][..], "--msl must be from 0 to 3600 seconds: 99999"),
        (&["--msl", "1e300"][..], "--msl must be from 0 to 3600 seconds: 1e300"),
        (&["--msl", "nan"][..], "--msl must be from 0 to 3600 seconds: NaN"),
        (&["--send", ""][..], "--send"),
        // 65,508 bytes and the headers overflow IPv4's 16-bit length (Linux says EMSGSIZE).
        (&["--udp", "--send", &"x".repeat(65_508)][..], "at most 65507 bytes"),
        (&["--hosts", "1"][..], "host"),
        // An address no host has, worded for a connection (not only for a ping).
        (&["--connect", "10.9.9.9:2"][..], "a connection's client) is a host number (1-2)"),
    ] {
        let o = run(&[&["tcp-sim"][..], args].concat());
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

/// An all-pairs run too big for memory is refused, `--force` or not, and one that would take
/// minutes needs `--force`: both before its sessions are made (run with 600 MB of address
/// space, the 9 million sessions of 3,000 hosts would abort the process while being made).
#[test]
fn a_huge_all_pairs_run_is_refused_before_it_takes_memory() {
    let limited = |hosts: &str, more: &[&str]| {
        let mut c = std::process::Command::new("sh");
        c.args(["-c", r#"ulimit -v 600000 && exec "$0" "$@""#, env!("CARGO_BIN_EXE_netcalc")]);
        c.args(["tcp-sim", "--hosts", hosts, "--subnet", "10.0.0.0/16", "--all-pairs", "--quiet"]);
        c.args(more);
        netcalc_env(c).output().unwrap()
    };
    let o = limited("3000", &[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    // Every pair, and with --connect one connection more, as the run would make them.
    for (more, connections) in [
        (&["--force"][..], "24,995,000 connections"),
        (&["--force", "--connect", "1:2"][..], "24,995,001 connections"),
    ] {
        let o = limited("5000", more);
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        assert!(
            stderr(&o).contains(connections) && stderr(&o).contains("at most 3277 hosts"),
            "{more:?}: {}",
            stderr(&o)
        );
    }
}

/// tshark reads the capture: valid checksums, no analysis warnings when nothing is lost, the
/// stream holds "hello" and "HELLO"; a lost SYN is marked as a retransmission 1 s later; a
/// closed port gives RST.
#[test]
#[ignore = "needs tshark (bash scripts/test.sh installs it)"]
fn tshark_agrees() {
    require_tool("tshark");
    let dir = tempfile::tempdir().unwrap();
    let cap = |name: &str, args: &[&str]| {
        let path = dir.path().join(name);
        let o = netcalc().args(["tcp-sim", "--quiet", "--pcap"]).arg(&path).args(args).output().unwrap();
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        path
    };
    let tshark = crate::util::tshark;
    let clean = cap("clean.pcapng", &[]);
    let sums = tshark(
        &clean,
        &[
            "-Y",
            "tcp",
            "-o",
            "ip.check_checksum:TRUE",
            "-o",
            "tcp.check_checksum:TRUE",
            "-T",
            "fields",
            "-e",
            "ip.checksum.status",
            "-e",
            "tcp.checksum.status",
        ],
    );
    assert_eq!(sums.lines().count(), 11);
    assert!(sums.lines().all(|l| l.trim() == "1\t1"), "{sums}");
    let warned = tshark(
        &clean,
        &["-Y", "tcp.analysis.flags || _ws.expert.severity >= warning", "-T", "fields", "-e", "frame.number"],
    );
    assert!(warned.trim().is_empty(), "analysis warnings in a lossless run: {warned}");
    let follow = tshark(&clean, &["-q", "-z", "follow,tcp,ascii,0"]);
    assert!(follow.contains("hello") && follow.contains("HELLO"), "{follow}");
    // The segments tshark marks as retransmissions: (time, flags as it writes them).
    let retransmissions = |path: &std::path::Path| -> Vec<(f64, String)> {
        let out = tshark(
            path,
            &[
                "-Y",
                "tcp.analysis.retransmission",
                "-T",
                "fields",
                "-e",
                "frame.time_relative",
                "-e",
                "tcp.flags.str",
            ],
        );
        out.lines()
            .map(|l| {
                let (t, flags) = l.split_once('\t').unwrap();
                (t.parse().unwrap(), flags.to_string())
            })
            .collect()
    };
    let lost = cap("lost.pcapng", &["--drop", "3"]);
    let rtx = retransmissions(&lost);
    let (t, flags) = rtx.first().cloned().unwrap_or_default();
    assert!((t - 1.00005).abs() < 0.001 && flags.contains('S'), "{rtx:?}");
    // A lost segment among five: the three after it arrive, their duplicate ACKs bring it
    // back at once, as tshark sees it (fast retransmit, no 1-second timeout).
    let long = "x".repeat(3000);
    let fast = cap("fast.pcapng", &["--mss", "536", "--send", &long, "--drop", "7"]);
    let flagged = |filter: &str| {
        let out = tshark(&fast, &["-Y", filter, "-T", "fields", "-e", "frame.time_relative"]);
        out.lines().map(|t| t.parse::<f64>().unwrap()).collect::<Vec<_>>()
    };
    assert!(flagged("tcp.analysis.duplicate_ack").len() >= 3);
    let again = flagged("tcp.analysis.fast_retransmission");
    assert!(again.len() == 1 && again[0] < 0.001, "{again:?}");
    assert_eq!(flagged("tcp.analysis.retransmission"), again, "no other retransmission");
    // The SYN+ACK lost, with --linux: the client's SYN goes again after 1 s and the server's
    // SYN+ACK at once after it, both marked as retransmissions; nothing else is.
    let synack = cap("synack.pcapng", &["--linux", "--drop", "4"]);
    let marked: Vec<(f64, bool)> =
        retransmissions(&synack).into_iter().map(|(t, flags)| (t, flags.contains('A'))).collect();
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!((marked[0].0 - 1.00005).abs() < 0.001 && !marked[0].1, "the SYN: {marked:?}");
    assert!((marked[1].0 - 1.00015).abs() < 0.001 && marked[1].1, "the SYN+ACK: {marked:?}");
    let refused = cap("refused.pcapng", &["--connect", "1:2:9999"]);
    assert_eq!(
        tshark(&refused, &["-Y", "tcp.flags.reset == 1", "-T", "fields", "-e", "frame.number"]).trim(),
        "4"
    );
    let udp = cap("udp.pcapng", &["--udp", "--connect", "1:2:9999"]);
    assert_eq!(
        tshark(&udp, &["-Y", "icmp.type == 3 && icmp.code == 3", "-T", "fields", "-e", "frame.number"])
            .trim(),
        "4"
    );
}

/// Every ordered pair: each host's server listens, each host connects to every other, once
/// (the default H1 to H2 is not run on top, as arp-sim runs no default ping with all pairs);
/// every session echoes, and each ends with its client in TIME-WAIT, then CLOSED. A
/// `--connect` given goes first.
#[test]
fn all_pairs_every_session_echoes() {
    for n in [2u64, 3, 5] {
        let v = sim(&["--hosts", &n.to_string(), "--all-pairs", "--quiet"]);
        let conns = v["connections"].as_array().unwrap();
        assert_eq!(conns.len() as u64, n * (n - 1), "every pair, once");
        let pairs: std::collections::BTreeSet<(&str, &str)> = conns
            .iter()
            .map(|c| {
                (c["client"].as_str().unwrap().split(':').next().unwrap(), c["server"].as_str().unwrap())
            })
            .collect();
        assert_eq!(pairs.len() as u64, n * (n - 1), "no pair twice");
        assert!(conns.iter().all(|c| c["outcome"] == "echoed"), "N={n}");
        assert!(conns.iter().all(|c| c["client_states"].as_array().unwrap().last().unwrap() == "CLOSED"));
        // One ARP exchange per pair of hosts, as arp-sim's all pairs.
        assert_eq!(v["stats"]["arp_requests"].as_u64(), Some(n * (n - 1) / 2), "N={n}");
    }
    let v = sim(&["--hosts", "3", "--all-pairs", "--quiet", "--connect", "3:1"]);
    let conns = v["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 7, "--connect's session, then every pair");
    assert_eq!(
        (conns[0]["client"].as_str(), conns[0]["server"].as_str()),
        (Some("192.168.1.3:40000"), Some("192.168.1.1:8002"))
    );
    let header =
        |args: &[&str]| stdout(&run(&[&["tcp-sim", "--hosts", "3", "--all-pairs"][..], args].concat()));
    assert!(
        header(&[]).starts_with("every host connects to every other in turn: 6 connections"),
        "{}",
        header(&[])
    );
    assert!(
        header(&["--connect", "3:1"])
            .starts_with("H3 192.168.1.3 connects to H1 192.168.1.1:8002, then every host")
    );
}

/// Each end counts its own timeouts: when the SYN+ACK is lost, the client's SYN and the
/// server's SYN+ACK each go again as their first retransmission ("try 1" both), whatever
/// other connections did before.
#[test]
fn retransmission_tries_are_counted_by_connection() {
    let v = sim(&["--drop", "4"]);
    let tries: Vec<(u64, u64)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "timer" && e["timer"]["timer"] == "retransmit")
        .map(|e| (e["node"].as_u64().unwrap(), e["timer"]["attempt"].as_u64().unwrap()))
        .collect();
    assert_eq!(tries, [(0, 1), (1, 1)], "H1's SYN, then H2's SYN+ACK, each its first");
    assert_eq!(v["stats"]["retransmissions"], 2);
}

/// The SYN+ACK lost: the client's SYN goes again after 1 s. The textbook server answers it
/// with a bare ACK and sends its SYN+ACK when its own timer fires; with `--linux` it sends the
/// SYN+ACK again at once, and the trace says why.
#[test]
fn a_lost_syn_ack_is_sent_again_by_its_timer_or_on_linux_at_once() {
    let after_loss = |v: &Value| frames(v)[3..6].to_vec();
    let textbook = sim(&["--drop", "4"]);
    assert_eq!(after_loss(&textbook), ["SYN", "ACK", "SYN, ACK"]);
    let linux = sim(&["--drop", "4", "--linux"]);
    assert_eq!(after_loss(&linux), ["SYN", "SYN, ACK", "ACK"]);
    let again = |v: &Value| v["events"].as_array().unwrap().iter().any(|e| e["ack"] == "syn-again");
    assert!(again(&linux) && !again(&textbook));
    for v in [&textbook, &linux] {
        assert_eq!(v["connections"][0]["outcome"], "echoed");
    }
}

/// The ladders of the lab file at `path` (`lab PATH --ladder`, which must succeed).
fn ladder_of(path: &str) -> String {
    let o = run(&["lab", path, "--ladder"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// The rows of a `--ladder` between its first and second blank line (the first connection):
/// (time, what is left of the client's line, between the lines, right of the server's).
/// For a ladder of two lines (no router between); [`hops`] reads any.
fn ladder_rows(text: &str) -> Vec<(String, String, String, String)> {
    text.split("\n\n")
        .nth(1)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| {
            let (time, rest) = l.trim_start().split_once("  ").unwrap();
            let (left, rest) = rest.split_once('|').unwrap();
            let (mid, right) = rest.rsplit_once('|').unwrap();
            (time.to_string(), left.trim().to_string(), mid.to_string(), right.trim().to_string())
        })
        .collect()
}

/// The arrows of one ladder (its text from its title on), of any number of lines: (the line
/// it leaves, the line it reaches, its label), lines counted from the client's, 0.
fn hops(block: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for row in block.lines().skip(2) {
        let gaps: Vec<&str> = row.split('|').collect();
        // Between the first and the last bar: the gaps between lines, one an arrow's.
        let inner = &gaps[1..gaps.len().saturating_sub(1)];
        let Some(g) = inner.iter().position(|g| !g.trim().is_empty()) else { continue };
        let label = inner[g].trim_matches(|c| "<>-X ".contains(c)).to_string();
        let (from, to) = if inner[g].trim_end().ends_with('>') { (g, g + 1) } else { (g + 1, g) };
        out.push((from, to, label));
    }
    out
}

/// The arrows of ladder rows: (to the server, label, lost).
fn arrows(rows: &[(String, String, String, String)]) -> Vec<(bool, String, bool)> {
    rows.iter()
        .filter(|r| !r.2.trim().is_empty())
        .map(|(_, _, mid, _)| {
            let to_server = !mid.starts_with('<') && !mid.trim_start().starts_with('X');
            let label = mid.trim_matches(|c| "<>-X ".contains(c)).to_string();
            (to_server, label, mid.contains('X'))
        })
        .collect()
}

/// A simultaneous open (two sockets connecting to each other) is one ladder, both ends
/// connecting, the SYNs and the FINs crossing, each end's states beside its own line.
#[test]
fn a_simultaneous_open_is_one_ladder() {
    let text = ladder_of(&crate::util::shipped_lab("simultaneous-open.toml"));
    assert!(
        text.contains(
            "connections 1 and 2 (TCP): 192.168.1.1:5000 and 192.168.1.2:6000 connect to each other"
        )
    );
    assert!(!text.contains("connection 2 "), "one ladder: {text}");
    let rows = ladder_rows(&text);
    let got: Vec<(bool, String)> = arrows(&rows)
        .into_iter()
        .map(|(to, l, _)| (to, l.split(" seq").next().unwrap().to_string()))
        .collect();
    // Each pair crosses: one each way (the order in which the two go at one time is the run's).
    for pair in got[..6].chunks(2) {
        assert_eq!(pair[0].1, pair[1].1, "{got:?}");
        assert_ne!(pair[0].0, pair[1].0, "{got:?}");
    }
    let labels: Vec<&str> = got[..6].iter().step_by(2).map(|g| g.1.as_str()).collect();
    assert_eq!(labels, ["SYN", "SYN, ACK", "ACK"]);
    let side = |client: bool| -> Vec<&str> {
        rows.iter()
            .map(|r| if client { r.1.as_str() } else { r.3.as_str() })
            .filter(|t| t.contains(" -> "))
            .collect()
    };
    let both = [
        "CLOSED -> SYN-SENT",
        "SYN-SENT -> SYN-RECEIVED",
        "SYN-RECEIVED -> ESTABLISHED",
        "ESTABLISHED -> FIN-WAIT-1",
        "FIN-WAIT-1 -> CLOSING",
        "CLOSING -> TIME-WAIT",
        "TIME-WAIT -> CLOSED",
    ];
    assert_eq!((side(true), side(false)), (both.to_vec(), both.to_vec()));
    assert_eq!(rows.first().map(|r| r.1.as_str()), Some("connect(192.168.1.2:6000)"));
    assert!(rows.iter().any(|r| r.3 == "connect(192.168.1.1:5000)"));
}

/// `--ladder`: the handshake, the data and the close as the notes draw them, each segment an
/// arrow the right way between the two time lines, each end's states beside its own line.
#[test]
fn a_ladder_draws_the_whole_arc() {
    let o = run(&["tcp-sim", "--ladder"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("connection 1 (TCP): client 192.168.1.1:40000, server 192.168.1.2:8002"), "{text}");
    assert!(!text.contains("send #"), "no trace beside the ladder");
    let rows = ladder_rows(&text);
    let got: Vec<(bool, String)> = arrows(&rows)
        .into_iter()
        .map(|(to, l, lost)| {
            assert!(!lost);
            (to, l.split(" seq").next().unwrap().to_string())
        })
        .collect();
    let want = [
        (true, "SYN"),
        (false, "SYN, ACK"),
        (true, "ACK"),
        (true, "PSH, ACK"),
        (false, "ACK"),
        (false, "PSH, ACK"),
        (true, "ACK"),
        (true, "FIN, ACK"),
        (false, "ACK"),
        (false, "FIN, ACK"),
        (true, "ACK"),
    ];
    assert_eq!(got, want.map(|(to, l)| (to, l.to_string())));
    let side = |client: bool| -> Vec<&str> {
        rows.iter()
            .map(|r| if client { r.1.as_str() } else { r.3.as_str() })
            .filter(|t| t.contains(" -> "))
            .collect()
    };
    assert_eq!(
        side(true),
        [
            "CLOSED -> SYN-SENT",
            "SYN-SENT -> ESTABLISHED",
            "ESTABLISHED -> FIN-WAIT-1",
            "FIN-WAIT-1 -> FIN-WAIT-2",
            "FIN-WAIT-2 -> TIME-WAIT",
            "TIME-WAIT -> CLOSED"
        ]
    );
    assert_eq!(
        side(false),
        [
            "LISTEN -> SYN-RECEIVED",
            "SYN-RECEIVED -> ESTABLISHED",
            "ESTABLISHED -> CLOSE-WAIT",
            "CLOSE-WAIT -> LAST-ACK",
            "LAST-ACK -> CLOSED"
        ]
    );
    assert_eq!(rows.first().map(|r| r.1.as_str()), Some("connect(192.168.1.2:8002)"));
    assert!(rows.iter().any(|r| r.1 == r#"send 5 bytes: "hello""#));
    assert!(rows.iter().any(|r| r.3 == r#"send 5 bytes: "HELLO""#));
    assert_eq!(rows.last().map(|r| (r.0.as_str(), r.1.as_str())), Some(("60.000800", "TIME-WAIT -> CLOSED")));
    // The time lines stand in one column on every row.
    let columns: std::collections::BTreeSet<Vec<usize>> = text
        .split("\n\n")
        .nth(1)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| l.match_indices('|').map(|(i, _)| i).collect())
        .collect();
    assert_eq!(columns.len(), 1, "{columns:?}");
}

/// A lost SYN stops short at an X, and the SYN sent again 1 s later arrives; in Chinese too.
#[test]
fn a_ladder_shows_a_lost_segment_and_its_retransmission() {
    let text = String::from_utf8(run(&["tcp-sim", "--ladder", "--drop", "3"]).stdout).unwrap();
    let rows = ladder_rows(&text);
    let a = arrows(&rows);
    assert_eq!(
        a[..2],
        [
            (true, "SYN seq=0 ack=0 len=0".to_string(), true),
            (true, "SYN seq=0 ack=0 len=0".to_string(), false)
        ]
    );
    let lost = rows.iter().find(|r| r.2.contains('X')).unwrap();
    assert_eq!((lost.0.as_str(), lost.3.as_str()), ("0.000200", "lost on the way"));
    assert!(rows.iter().any(|r| r.0 == "1.000000" && r.2.contains("SYN") && r.2.ends_with('>')));
    let zh = String::from_utf8(run(&["--lang", "zh", "tcp-sim", "--ladder", "--drop", "3"]).stdout).unwrap();
    assert!(zh.contains("连接 1（TCP）：客户端 192.168.1.1:40000，服务器 192.168.1.2:8002"), "{zh}");
    assert!(zh.contains("途中丢失"), "{zh}");
    // A ladder is text for a person: not with --json or --quiet.
    for other in ["--json", "--quiet"] {
        let o = run(&["tcp-sim", "--ladder", other]);
        assert_eq!(code(&o), 2, "{other}");
    }
}

/// A lab's UDP sessions: the datagrams and the calls at each end, and the lost one.
#[test]
fn a_ladder_of_each_lab_session_udp_too() {
    let text = ladder_of(&crate::util::shipped_lab("udp-echo.toml"));
    assert!(text.contains("connection 2 (UDP): client 192.168.1.1:40001, server 192.168.1.2:8002"), "{text}");
    let rows = ladder_rows(&text);
    assert_eq!(
        arrows(&rows),
        [(true, "UDP len=5".to_string(), false), (false, "UDP len=5".to_string(), false)]
    );
    assert!(rows.iter().any(|r| r.3 == r#"recv 5 bytes: "hello""#), "{rows:?}");
    assert!(rows.iter().any(|r| r.1 == r#"recv 5 bytes: "HELLO""#), "{rows:?}");
    let second = text.split("\n\n").nth(2).unwrap();
    assert!(second.contains("-X") && second.contains("lost on the way"), "{second}");
}

/// Two UDP sockets of one host, used in turn: each socket's calls go in its own session's
/// ladder (a UDP call names its socket by its port); so do a host's own client calls in a run
/// of all pairs, where it is also everybody's echo server.
#[test]
fn each_udp_socket_has_its_own_calls_on_the_ladder() {
    let text = ladder_of(&crate::util::lab_file(&crate::util::two_udp_sockets()).1);
    for (k, data) in [(1, "one"), (2, "two")] {
        let ladder = text.split("\n\n").nth(k).unwrap();
        let client: Vec<&str> = ladder
            .lines()
            .skip(2)
            .filter_map(|l| l.split('|').next())
            .map(|l| l.trim_start().split_once("  ").map_or("", |x| x.1).trim())
            .filter(|l| !l.is_empty())
            .collect();
        let echo = data.to_uppercase();
        let want = [
            "connect(192.168.1.2:8003)".to_string(),
            format!("send 3 bytes: \"{data}\""),
            format!("recv 3 bytes: \"{echo}\""),
            "close()".into(),
        ];
        assert_eq!(client, want, "connection {k}: {ladder}");
        assert!(ladder.contains(&format!("| recv 3 bytes: \"{data}\"")), "{ladder}");
    }
    let all = String::from_utf8(run(&["tcp-sim", "--udp", "--hosts", "3", "--all-pairs", "--ladder"]).stdout)
        .unwrap();
    for ladder in all.split("\n\n").filter(|l| l.starts_with("connection")) {
        let rows = ladder.lines().skip(2).collect::<Vec<_>>();
        assert!(rows[0].contains("connect(") && rows[1].contains("send 5 bytes"), "{ladder}");
        let last = rows.last().unwrap();
        assert!(last.contains(r#"recv 5 bytes: "HELLO" |"#), "the client's last call, on its side: {ladder}");
    }
}

/// ICMP port unreachable goes to the socket whose datagram it quotes: of two UDP sockets to
/// the same closed port, the one that sent is refused and the other waits on.
#[test]
fn port_unreachable_refuses_the_socket_that_sent() {
    let mut text = crate::util::hosts_on_one_switch(&["A", "B"]);
    for sock in ["u1", "u2"] {
        text += &format!("[[step]]\nconnect = \"A -> B:9999\"\nudp = true\nsocket = \"{sock}\"\n");
    }
    text += "[[step]]\ncall = \"send\"\nsocket = \"u2\"\ndata = \"two\"\n[[step]]\nwait = 1\n";
    let (_dir, lab) = crate::util::lab_file(&text);
    let o = run(&["lab", &lab, "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let outcomes: Vec<&serde_json::Value> =
        json["connections"].as_array().unwrap().iter().map(|c| &c["outcome"]).collect();
    assert_eq!(outcomes, [&serde_json::Value::Null, &serde_json::json!("refused")]);
    assert_eq!(json["connections"][1]["client"], "192.168.1.1:40001");

    // Both send, one right after the other: each error goes to the ladder of the datagram it
    // quotes (not both to the socket that sent last).
    let (_dir, lab) = crate::util::lab_file(&crate::util::two_udp_sockets_to_a_closed_port());
    let ladder = ladder_of(&lab);
    for k in 1..=2 {
        let one = ladder.split("\n\n").skip(k).collect::<Vec<_>>().join("\n\n");
        let got: Vec<(bool, String, bool)> = arrows(&ladder_rows(&format!("\n\n{one}")));
        let want = [(true, "UDP len=3"), (false, "ICMP port unreachable")];
        assert_eq!(got, want.map(|(to, l)| (to, l.to_string(), false)), "connection {k}: {ladder}");
    }
}

/// Across a router, a connection's ladder has a line for the router between the two ends:
/// each segment goes to it and on from it, its TTL one less; a router's ICMP error about a
/// SYN comes back from its line.
#[test]
fn a_ladder_across_a_router_has_a_line_for_it() {
    let text = ladder_of(&crate::util::shipped_lab("tcp-across-subnets.toml"));
    let block = text.split("\n\n").nth(1).unwrap();
    let heading: Vec<&str> = block.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(heading[heading.len() - 3..], ["A", "R", "B"], "{text}");
    let all = hops(block);
    let first: Vec<_> = all.iter().take(4).cloned().collect();
    let want = [
        (0, 1, "SYN seq=0 ack=0 len=0 ttl=64"),
        (1, 2, "SYN seq=0 ack=0 len=0 ttl=63"),
        (2, 1, "SYN, ACK seq=0 ack=1 len=0 ttl=64"),
        (1, 0, "SYN, ACK seq=0 ack=1 len=0 ttl=63"),
    ];
    assert_eq!(first, want.map(|(a, b, l)| (a, b, l.to_string())), "{text}");
    // The textbook run's 11 segments, each twice: to the router and from it.
    assert_eq!(all.len(), 22, "{text}");
    assert!(all.iter().all(|(a, b, _)| a.abs_diff(*b) == 1), "{text}");
    // Nothing listens beyond a network the router has no route to: its error, at once.
    let lab = crate::util::hosts_across_a_router("") + "[[step]]\nconnect = \"A -> 10.9.9.9:80\"\n";
    let text = ladder_of(&crate::util::lab_file(&lab).1);
    let got = hops(text.split("\n\n").nth(1).unwrap());
    let want = [(0, 1, "SYN seq=0 ack=0 len=0 ttl=64"), (1, 0, "ICMP network unreachable ttl=64")];
    assert_eq!(got, want.map(|(a, b, l)| (a, b, l.to_string())), "{text}");
}

/// The notes' ARP story as a ladder: the broadcast request, the unicast reply, then the echo;
/// the second ping needs no ARP. Across a router only the echo is between the two ends; a
/// lost reply stops short and the request goes again a second later.
#[test]
fn a_ladder_of_each_ping() {
    let text = ladder_of(&crate::util::shipped_lab("arp-story.toml"));
    assert!(text.contains("ping 1: 192.168.1.1 (A) to 192.168.1.2 (B)"), "{text}");
    let first: Vec<(bool, String, bool)> = arrows(&ladder_rows(&text));
    let want = [
        (true, "ARP who has 192.168.1.2? (broadcast)"),
        (false, "ARP 192.168.1.2 is at 02:6b:8e:0e:fc:d8"),
        (true, "ICMP echo request seq 1 ttl 64"),
        (false, "ICMP echo reply seq 1 ttl 64"),
    ];
    assert_eq!(first, want.map(|(to, l)| (to, l.to_string(), false)));
    let second = text.split("\n\n").nth(2).unwrap();
    assert!(second.starts_with("ping 2:") && !second.contains("ARP who has"), "{second}");
    let routed = String::from_utf8(
        run(&["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:4", "--ladder"]).stdout,
    )
    .unwrap();
    let lab = |text: String| ladder_of(&crate::util::lab_file(&text).1);
    // Across a router: a line for it between the two, ARP on each segment (H1 for its gateway,
    // R for H4), and the echo hop by hop, its TTL one less past the router.
    let block = routed.split("\n\n").nth(1).unwrap();
    let heading: Vec<&str> = block.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(heading[heading.len() - 3..], ["H1", "R", "H4"], "{routed}");
    let want = [
        (0, 1, "ARP who has 192.168.1.254? (broadcast)"),
        (1, 0, "ARP 192.168.1.254 is at 02:e5:cb:1b:d5:53"),
        (0, 1, "ICMP echo request seq 1 ttl 64"),
        (1, 2, "ARP who has 192.168.2.2? (broadcast)"),
        (2, 1, "ARP 192.168.2.2 is at 02:42:0d:08:63:dc"),
        (1, 2, "ICMP echo request seq 1 ttl 63"),
        (2, 1, "ICMP echo reply seq 1 ttl 64"),
        (1, 0, "ICMP echo reply seq 1 ttl 63"),
    ];
    assert_eq!(hops(block), want.map(|(a, b, l)| (a, b, l.to_string())), "{routed}");
    // A router's error about the echo: drawn back to the host it goes to.
    let unreachable = lab(crate::util::hosts_across_a_router("") + "[[step]]\nping = \"A -> 10.9.9.9\"\n");
    let want = [(0, 1, "ICMP echo request seq 1 ttl 64"), (1, 0, "ICMP network unreachable ttl=64")];
    let got = hops(unreachable.split("\n\n").nth(1).unwrap());
    assert_eq!(got[got.len() - 2..], want.map(|(a, b, l)| (a, b, l.to_string())), "{unreachable}");
    // The routing loop's TTL runs out at R2 (the third line): time exceeded, named in the
    // ladder's language, goes back through R1 to A.
    let looped = ladder_of(&crate::util::shipped_lab("routing-loop.toml"));
    let got = hops(looped.split("\n\n").nth(4).unwrap());
    let want = [(2, 1, "ICMP time exceeded ttl=64"), (1, 0, "ICMP time exceeded ttl=63")];
    assert_eq!(got[got.len() - 2..], want.map(|(a, b, l)| (a, b, l.to_string())), "{looped}");
    let o = run(&["lab", &crate::util::shipped_lab("routing-loop.toml"), "--ladder", "--lang", "zh"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("<------ ICMP 超时 ttl=63 -------|"));
    let two = crate::util::hosts_on_one_switch(&["A", "B"]);
    let lost = lab(format!("drop = [2]\n{two}[[step]]\nping = \"A -> B\"\n"));
    let a = arrows(&ladder_rows(&lost));
    assert_eq!(a[1], (false, "ARP 192.168.1.2 is at 02:6b:8e:0e:fc:d8".to_string(), true), "{lost}");
    assert_eq!(a[2].1, "ARP who has 192.168.1.2? (broadcast)", "asked again: {lost}");
    // A lab with nothing to draw says so.
    let nothing = lab(format!("{two}[[step]]\nwait = 1\n"));
    assert!(nothing.contains("nothing to draw"), "{nothing}");
}

/// A ping to the subnet's broadcast address: the right-hand line is every host that hears it,
/// each saying it does not answer. In Chinese the arrows' words are two columns a character
/// and the time lines stay in their columns.
#[test]
fn a_ladder_of_a_broadcast_ping_and_in_chinese() {
    let ladder = |lang: &str| {
        let o = run(&[
            "--lang",
            lang,
            "arp-sim",
            "--hosts",
            "3",
            "--ping",
            "1:192.168.1.255",
            "--ping",
            "2:3",
            "--ladder",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    let en = ladder("en");
    assert!(en.contains("ping 1: 192.168.1.1 (H1) to 192.168.1.255 (broadcast)"), "{en}");
    let rows = ladder_rows(&en);
    let right: Vec<&str> = rows.iter().map(|r| r.3.as_str()).filter(|r| !r.is_empty()).collect();
    assert_eq!(right, ["H2: no echo reply to 192.168.1.1", "H3: no echo reply to 192.168.1.1"]);
    let zh = ladder("zh");
    assert!(zh.contains("到 192.168.1.255（广播）") && zh.contains("H2：不给 192.168.1.1 回显应答"), "{zh}");
    for block in zh.split("\n\n").filter(|b| b.starts_with("ping")) {
        let columns: std::collections::BTreeSet<Vec<usize>> = block
            .lines()
            .skip(2)
            .map(|l| {
                let mut at = 0;
                let mut bars = Vec::new();
                for c in l.chars() {
                    if c == '|' {
                        bars.push(at);
                    }
                    at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                }
                bars
            })
            .collect();
        assert_eq!(columns.len(), 1, "every row's lines in the same two columns:\n{block}");
    }
}

/// A text run's trace lines (its heading first), and the columns of the decimal points of
/// their times (one column when they line up).
fn trace_and_points(text: &str) -> (Vec<&str>, std::collections::BTreeSet<usize>) {
    let trace: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    let points = trace[1..].iter().map(|l| l.find('.').unwrap()).collect();
    (trace, points)
}

/// The text trace of a run that lasts hours (keepalive's lab: 6 h 11 min) has its time column
/// wide enough from the first line: every time's decimal point in one column, the header's
/// "time s" ending there too.
#[test]
fn a_trace_of_hours_keeps_its_time_column() {
    let o = run(&["lab", &crate::util::shipped_lab("keepalive.toml")]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let (trace, points) = trace_and_points(&text);
    assert_eq!(points.len(), 1, "{points:?}");
    assert!(trace.iter().any(|l| l.trim_start().starts_with("22275.")), "{text}");
    assert_eq!(
        trace[0].find("time s").unwrap() + "time s".len(),
        points.first().unwrap() + 7,
        "{}",
        trace[0]
    );
    // A run of seconds keeps the column it always had.
    let short = String::from_utf8(run(&["tcp-sim"]).stdout).unwrap();
    assert!(short.lines().nth(2).unwrap().starts_with("  0.000000  H2"), "{short}");
    // A peer gone in mid-connection (its cable pulled): the client retransmits for 20 minutes
    // before it gives up, and the column is as wide from the first line.
    let lab = crate::util::hosts_on_one_switch(&["A", "B"])
        + "[[step]]\nlisten = \"B:8002\"\n[[step]]\nconnect = \"A -> B:8002\"\nsocket = \"s\"\n\
           [[step]]\nlink_down = \"B\"\n[[step]]\ncall = \"send\"\nsocket = \"s\"\ndata = \"hi\"\n";
    let (_dir, lab) = crate::util::lab_file(&lab);
    let text = String::from_utf8(run(&["lab", &lab]).stdout).unwrap();
    let (trace, points) = trace_and_points(&text);
    assert_eq!(points.len(), 1, "{points:?}: {text}");
    assert!(
        trace.iter().any(|l| l.contains("ESTABLISHED -> CLOSED") && l.trim_start().starts_with("1")),
        "{text}"
    );
    // No crash, only lost frames: "hello" (frame 6) and its 15 retransmissions all dropped, so
    // the client gives up at 1207 s; the column was sized for a minute and shifted there.
    let drops: Vec<String> = (6..=21).flat_map(|n| ["--drop".to_string(), n.to_string()]).collect();
    let text = String::from_utf8(
        run(&[&["tcp-sim"][..], &drops.iter().map(String::as_str).collect::<Vec<_>>()].concat()).stdout,
    )
    .unwrap();
    let (trace, points) = trace_and_points(&text);
    assert_eq!(points.len(), 1, "{points:?}: {text}");
    assert!(
        trace.iter().any(|l| l.contains("ESTABLISHED -> CLOSED") && l.trim_start().starts_with("1207.")),
        "{text}"
    );
}

/// Hours of virtual time (keepalive's probes) widen the time column, and the time lines stay
/// in one column; the probes and their answers are arrows.
#[test]
fn a_ladder_of_hours_stays_aligned() {
    let text = ladder_of(&crate::util::shipped_lab("keepalive.toml"));
    let ladder = text.split("\n\n").nth(1).unwrap();
    let columns: std::collections::BTreeSet<Vec<usize>> =
        ladder.lines().skip(2).map(|l| l.match_indices('|').map(|(i, _)| i).collect()).collect();
    assert_eq!(columns.len(), 1, "{ladder}");
    let rows = ladder_rows(&text);
    let probes = rows.iter().filter(|r| r.2.contains("ACK seq=5 ack=6 len=0")).count();
    assert_eq!(probes, 11, "2 answered, then 9: {ladder}");
    assert!(rows.iter().any(|r| r.0 == "22275.001000" && r.1 == "ESTABLISHED -> CLOSED"), "{ladder}");
    // B's crash: beside its line, the host going off, then its end of the connection gone.
    let b: Vec<(&str, &str)> =
        rows.iter().filter(|r| r.0.starts_with("18000.")).map(|r| (r.1.as_str(), r.3.as_str())).collect();
    assert_eq!(b, [("", "off"), ("", "ESTABLISHED -> CLOSED")], "{ladder}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Random lossy labs (on one switch or across a router; one-by-one, burst or half-close;
    /// up to three lost segments a session): the ladders draw one arrow for every segment sent,
    /// by the two ends and by the router passing them on, and as many lost ones as were lost.
    #[test]
    fn every_segment_an_ends_sends_is_one_arrow(
        routed in proptest::prelude::any::<bool>(),
        sessions in proptest::collection::vec(
            (0usize..3, proptest::collection::vec(1usize..2000, 1..3), proptest::collection::btree_set(1u64..20, 0..4)),
            1..3,
        ),
    ) {
        let mut text = if routed {
            crate::util::hosts_across_a_router("gateway = \"10.0.2.254\"\n")
        } else {
            crate::util::hosts_on_one_switch(&["A", "B"])
        };
        text += "[[step]]\nlisten = \"B:8002\"\n";
        let mut lose = String::new();
        for (k, (mode, sizes, lost)) in sessions.iter().enumerate() {
            let mode = ["one-by-one", "burst", "half-close"][*mode];
            let send: Vec<String> = sizes.iter().map(|n| format!("\"{}\"", "x".repeat(*n))).collect();
            text += &format!("[[step]]\nconnect = \"A -> B:8002\"\nsend = [{}]\nmode = \"{mode}\"\n", send.join(", "));
            for s in lost {
                lose += &format!("[[lose]]\nconnection = {}\nsegment = {s}\n", k + 1);
            }
        }
        text += &lose;
        let (_dir, path) = crate::util::lab_file(&text);
        let path = path.as_str();
        let o = run(&["lab", path, "--ladder"]);
        proptest::prop_assert_eq!(code(&o), 0, "{}", stderr(&o));
        let ladder = String::from_utf8(o.stdout).unwrap();
        let arrows: Vec<&str> = ladder.lines().filter(|l| l.contains(" seq=")).collect();
        let v = json_ok(&["lab", path, "--json"]).remove(0);
        let events = v["events"].as_array().unwrap();
        let sent = events.iter().filter(|e| {
            (e["kind"] == "send" || e["kind"] == "released") && e["frame"]["packet"]["type"] == "tcp" && ["A", "B", "R"].contains(&e["at"].as_str().unwrap())
        }).count();
        proptest::prop_assert_eq!(arrows.len(), sent, "{}\n{}", text, ladder);
        let lost = events.iter().filter(|e| e["kind"] == "lost").count();
        let crossed = arrows.iter().filter(|l| l.contains('X')).count();
        proptest::prop_assert_eq!(crossed, lost, "{}\n{}", text, ladder);
        // And every state change the connections table lists is in the trace.
        let (traced, tabled) = crate::util::traced_and_tabled_states(&v);
        proptest::prop_assert_eq!(traced, tabled, "{}", text);
    }
}

/// `--drop` of a frame the run never numbers (the default run has 13) loses nothing and says
/// so after the run; one it does is lost without a word.
#[test]
fn a_drop_beyond_the_run_is_said() {
    let o = run(&["tcp-sim", "--drop", "14", "--quiet"]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        stderr(&o),
        "netcalc: note: frame 14 was to be dropped, but the run numbered only 13 frames: nothing was lost there\n"
    );
    let o = run(&["tcp-sim", "--drop", "13", "--quiet"]);
    assert_eq!((code(&o), stderr(&o).as_str()), (0, ""));
}
