//! `arp-sim`: the exact counts of the README's LAN model (a real Linux bridge gives the same), tables, ageing,
//! determinism, errors, and a pcap that tshark decodes cleanly.

use serde_json::Value;

use crate::util::{code, json_ok, netcalc, require_tool, run, stderr, stdout};

fn sim(args: &[&str]) -> Value {
    let mut a = vec!["arp-sim", "--json"];
    a.extend_from_slice(args);
    json_ok(&a).remove(0)
}

fn stat(v: &Value, k: &str) -> u64 {
    v["stats"][k].as_u64().unwrap()
}

#[test]
fn one_ping_then_a_second() {
    for n in 2..=10u64 {
        let hosts = n.to_string();
        let v = sim(&["--hosts", &hosts]);
        assert_eq!((stat(&v, "arp_requests"), stat(&v, "arp_replies")), (1, 1), "N={n}");
        assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (4, n + 2), "N={n}");
        assert_eq!(stat(&v, "pings_ok"), 1);
        // A second identical ping: caches are warm, I = 2 and E = 2 more.
        let ping = format!("1:{n}");
        let v = sim(&["--hosts", &hosts, "--ping", &ping, "--ping", &ping]);
        assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (6, n + 4), "N={n}");
        assert_eq!(stat(&v, "arp_requests"), 1);
    }
}

#[test]
fn all_pairs_counts() {
    for n in 2..=10u64 {
        let v = sim(&["--hosts", &n.to_string(), "--all-pairs", "--quiet"]);
        assert_eq!(stat(&v, "arp_requests"), n * (n - 1) / 2, "N={n}");
        assert_eq!(stat(&v, "frames_in"), 3 * n * (n - 1), "N={n}");
        assert_eq!(stat(&v, "frames_out"), n * n * (n - 1) / 2 + 2 * n * (n - 1), "N={n}");
        assert_eq!(stat(&v, "pings_ok"), n * (n - 1));
        // Everyone has learned everyone: full switch table and full caches.
        assert_eq!(v["mac_table"].as_array().unwrap().len() as u64, n);
        for c in v["arp_caches"].as_array().unwrap() {
            assert_eq!(c["entries"].as_array().unwrap().len() as u64, n - 1, "{c}");
        }
    }
}

#[test]
fn tables_after_one_ping() {
    let v = sim(&["--hosts", "4", "--ping", "1:3"]);
    let hosts = v["hosts"].as_array().unwrap();
    assert_eq!(hosts[0]["ip"], "192.168.1.1");
    assert_eq!(hosts[3]["ip"], "192.168.1.4");
    assert_eq!(hosts[2]["port"], 3);
    let table: Vec<(u64, &str)> = v["mac_table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["port"].as_u64().unwrap(), m["host"].as_str().unwrap()))
        .collect();
    assert_eq!(table, [(1, "H1"), (3, "H3")], "the switch learned the two talkers only");
    let caches = v["arp_caches"].as_array().unwrap();
    assert_eq!(caches[0]["entries"][0]["ip"], "192.168.1.3");
    assert_eq!(caches[0]["entries"][0]["state"], "REACHABLE", "confirmed by the reply");
    assert_eq!(caches[0]["entries"][0]["mac"], hosts[2]["mac"]);
    assert_eq!(caches[2]["entries"][0]["ip"], "192.168.1.1");
    assert_eq!(caches[2]["entries"][0]["state"], "STALE", "learned from the request (RFC 826)");
    assert!(caches[1]["entries"].as_array().unwrap().is_empty(), "H2 saw the broadcast but adds nothing");
    assert!(caches[3]["entries"].as_array().unwrap().is_empty());
}

/// A request heard from a neighbour already in the cache with the same MAC leaves its entry as
/// it was: H1 resolved H2 (REACHABLE), then H2 broadcasts a request for H3, which H1 hears.
/// Linux keeps H1's entry REACHABLE (`__neigh_update`; checked in network namespaces: `ip
/// neigh` shows REACHABLE after the second ping); it does not fall back to STALE.
#[test]
fn a_heard_request_does_not_demote_a_reachable_entry() {
    let v = sim(&["--hosts", "3", "--ping", "1:2", "--ping", "2:3"]);
    let state = |host: usize, ip: &str| {
        let entries = v["arp_caches"][host]["entries"].as_array().unwrap();
        entries.iter().find(|e| e["ip"] == ip).unwrap()["state"].as_str().unwrap().to_string()
    };
    assert_eq!(state(0, "192.168.1.2"), "REACHABLE", "H1 still has H2 as confirmed by its reply");
    assert_eq!(state(1, "192.168.1.3"), "REACHABLE");
    assert_eq!(state(2, "192.168.1.2"), "STALE", "H3 learned H2 from its request");
    // H1 did hear the request, and merged it (RFC 826) into the entry it had.
    let heard = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "arp-ignored" && e["node"] == 0 && e["merged"] == true);
    assert!(heard, "H1 heard H2's request for H3");
}

#[test]
fn gateway_for_off_subnet() {
    for n in [2u64, 5, 9] {
        let v = sim(&["--hosts", &n.to_string(), "--gateway", "--ping", "1:8.8.8.8"]);
        assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (4, n + 3), "N={n}");
        assert_eq!(stat(&v, "pings_ok"), 1);
        let events = v["events"].as_array().unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["event"].as_str().unwrap().contains("who has 192.168.1.254? tell 192.168.1.1")),
            "the request asks for the gateway's IP"
        );
        assert_eq!(v["arp_caches"][0]["entries"][0]["ip"], "192.168.1.254");
    }
    let v = sim(&["--hosts", "3", "--gateway", "192.168.1.100", "--ping", "2:10.9.9.9"]);
    assert_eq!(v["hosts"][3]["ip"], "192.168.1.100");
    assert_eq!(v["hosts"][3]["router"], true);
}

#[test]
fn ageing_floods_again() {
    // 301 s later the switch has forgotten H3 (ageing 300 s): the echo request is flooded
    // (unknown unicast), the other hosts' NICs drop it, and H3's reply is learned again.
    let n = 4u64;
    let v = sim(&["--hosts", "4", "--ping", "1:3", "--ping", "1:3", "--interval", "301"]);
    assert_eq!(stat(&v, "frames_in"), 6);
    assert_eq!(stat(&v, "frames_out"), (n + 2) + (n - 1) + 1);
    assert_eq!(stat(&v, "dropped_not_for_me"), n - 2);
    let events = v["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["reason"].as_str().unwrap().contains("aged out")), "trace says why");
    // An ageing time under a second is said as it is, not rounded to 0 or 1.
    let v = sim(&["--hosts", "4", "--ping", "1:3", "--ping", "1:3", "--interval", "1", "--aging", "0.5"]);
    let said = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .any(|r| r.contains("> 0.5 s)"));
    assert!(said, "the ageing time, 0.5 s");
    // Within the ageing time, no flood.
    let v = sim(&["--hosts", "4", "--ping", "1:3", "--ping", "1:3", "--interval", "299"]);
    assert_eq!(stat(&v, "frames_out"), (n + 2) + 2);
    // A shorter --aging has the same effect.
    let v = sim(&["--hosts", "4", "--ping", "1:3", "--ping", "1:3", "--interval", "11", "--aging", "10"]);
    assert_eq!(stat(&v, "frames_out"), (n + 2) + (n - 1) + 1);
}

#[test]
fn trace_explains_each_step() {
    let text = stdout(&run(&["arp-sim", "--hosts", "3"]));
    for want in [
        "no ARP entry for 192.168.1.3: resolving",
        "flood to 2 port(s)",
        "learned 02:",
        "target 192.168.1.3 is not me",
        "the request is for my IP 192.168.1.3",
        "forward to port 1",
        "REACHABLE",
        "reply received",
        "Switch MAC table",
        "ARP caches",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    let text = stdout(&run(&["arp-sim", "--hosts", "3", "--ping", "1:3", "--ping", "1:3"]));
    assert!(text.contains("cache hit 192.168.1.3"), "{text}");
}

#[test]
fn deterministic_by_seed() {
    let a = run(&["arp-sim", "--hosts", "6", "--all-pairs", "--seed", "7"]);
    let b = run(&["arp-sim", "--hosts", "6", "--all-pairs", "--seed", "7"]);
    assert_eq!(a.stdout, b.stdout, "same arguments, same bytes");
    let c = run(&["arp-sim", "--hosts", "6", "--all-pairs", "--seed", "8"]);
    assert_ne!(a.stdout, c.stdout);
    let macs = |v: &Value| -> Vec<String> {
        v["hosts"].as_array().unwrap().iter().map(|h| h["mac"].as_str().unwrap().to_string()).collect()
    };
    let (x, y) = (sim(&["--seed", "7"]), sim(&["--seed", "8"]));
    assert_ne!(macs(&x), macs(&y));
    for m in macs(&x) {
        assert!(m.starts_with("02:"), "locally administered unicast: {m}");
    }
    // The seed means the same MACs on every platform: ChaCha8, pinned here.
    assert_eq!(macs(&sim(&["--seed", "1", "--hosts", "2"]))[0], "02:b1:0d:a4:8c:ea");
}

#[test]
fn errors_say_what_to_change() {
    let cases: &[(&[&str], &str)] = &[
        (&["--hosts", "300"], "do not fit in 192.168.1.0/24"),
        (&["--hosts", "5", "--ping", "1:9"], "there is no host 9"),
        (&["--hosts", "5", "--ping", "1:8.8.8.8"], "add --gateway"),
        (&["--hosts", "5", "--ping", "1:2:3"], "SRC:DST"),
        (&["--hosts", "5", "--ping", "H1:H9"], "there is no host 9"),
        (&["--subnet", "192.168.1.1/24"], "host bits set"),
        (&["--hosts", "5", "--ping", "1-2"], "SRC:DST"),
        (&["--hosts", "5", "--ping", "1:010.0.0.1"], "leading zero"),
        (&["--subnet", "2001:db8::/64"], "IPv4"),
        (&["--hosts", "0"], "from 1 to 1000000"),
        (&["--hosts", "5000000", "--subnet", "10.0.0.0/8"], "from 1 to 1000000"),
        (&["--hosts", "2", "--gateway", "10.0.0.1"], "not a usable address"),
        (&["--aging=-1"], "--aging"),
        (&["--hosts", "2000", "--subnet", "10.0.0.0/16", "--all-pairs"], "--force"),
        (&["--hosts", "100000", "--subnet", "10.0.0.0/8", "--all-pairs", "--force"], "GiB"),
    ];
    for (args, want) in cases {
        let mut a = vec!["arp-sim"];
        a.extend_from_slice(args);
        let o = run(&a);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: expected {want:?} in {}", stderr(&o));
    }
}

#[test]
fn many_hosts_one_ping() {
    let v = sim(&["--hosts", "10000", "--subnet", "10.0.0.0/16", "--ping", "1:10000", "--quiet"]);
    assert_eq!(stat(&v, "frames_out"), 10_002);
}

/// `--pcap -` writes the capture to standard output, byte for byte the file `--pcap FILE`
/// writes, and the trace to standard error (as `tcpdump -w -`); a file named `-` is not made.
#[test]
fn pcap_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lan.pcapng");
    const RUN: [&str; 6] = ["arp-sim", "--hosts", "3", "--seed", "7", "--pcap"];
    let o = netcalc().args(RUN).arg(&file).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let trace = stdout(&o);
    let o = netcalc().current_dir(dir.path()).args(RUN).arg("-").output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(o.stdout, std::fs::read(&file).unwrap());
    assert_eq!(stderr(&o), trace);
    assert!(!dir.path().join("-").exists());
}

/// tshark decodes every frame: ARP fields right, 60-byte ARP frames, good checksums, nothing
/// malformed or worth a warning.
#[test]
#[ignore = "needs tshark (bash scripts/test.sh installs it)"]
fn pcap_decodes_cleanly_in_tshark() {
    require_tool("tshark");
    let dir = tempfile::tempdir().unwrap();
    let pcap = dir.path().join("lan.pcap");
    const RUN: [&str; 10] =
        ["--hosts", "4", "--gateway", "--ping", "1:3", "--ping", "1:3", "--ping", "2:8.8.8.8", "--quiet"];
    let o = netcalc().arg("arp-sim").args(RUN).arg("--pcap").arg(&pcap).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = sim(&RUN);
    let tshark = |args: &[&str]| crate::util::tshark(&pcap, args);
    let all = tshark(&["-T", "fields", "-e", "frame.number"]);
    assert_eq!(
        all.lines().count() as u64,
        stat(&v, "frames_in"),
        "every frame once, as it enters the switch"
    );
    let arp = tshark(&[
        "-Y",
        "arp",
        "-T",
        "fields",
        "-E",
        "separator=,",
        "-E",
        "occurrence=f",
        "-e",
        "frame.len",
        "-e",
        "eth.dst",
        "-e",
        "eth.src",
        "-e",
        "arp.hw.type",
        "-e",
        "arp.proto.type",
        "-e",
        "arp.hw.size",
        "-e",
        "arp.proto.size",
        "-e",
        "arp.opcode",
        "-e",
        "arp.src.hw_mac",
        "-e",
        "arp.src.proto_ipv4",
        "-e",
        "arp.dst.hw_mac",
        "-e",
        "arp.dst.proto_ipv4",
    ]);
    let rows: Vec<Vec<&str>> = arp.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4, "two requests, two replies:\n{arp}");
    let hosts = v["hosts"].as_array().unwrap();
    let mac = |i: usize| hosts[i]["mac"].as_str().unwrap().to_string();
    // H1 asks for H3.
    assert_eq!(
        rows[0],
        [
            "60",
            "ff:ff:ff:ff:ff:ff",
            &mac(0),
            "1",
            "0x0800",
            "6",
            "4",
            "1",
            &mac(0),
            "192.168.1.1",
            "00:00:00:00:00:00",
            "192.168.1.3"
        ]
    );
    // H3 answers H1.
    assert_eq!(
        rows[1],
        [
            "60",
            &mac(0),
            &mac(2),
            "1",
            "0x0800",
            "6",
            "4",
            "2",
            &mac(2),
            "192.168.1.3",
            &mac(0),
            "192.168.1.1"
        ]
    );
    // H2 asks for the gateway, not for 8.8.8.8.
    assert_eq!(rows[2][11], "192.168.1.254");
    for r in &rows {
        assert!(!r[9].is_empty() && !r[11].is_empty(), "protocol addresses decode: {r:?}");
    }
    let sums = tshark(&[
        "-Y",
        "icmp",
        "-o",
        "ip.check_checksum:TRUE",
        "-T",
        "fields",
        "-e",
        "ip.checksum.status",
        "-e",
        "icmp.checksum.status",
    ]);
    assert_eq!(sums.lines().count(), 6, "three pings, request and reply each");
    for l in sums.lines() {
        assert_eq!(l.trim(), "1\t1", "IPv4 and ICMP checksums good: {sums}");
    }
    let bad = tshark(&["-Y", "_ws.malformed || _ws.expert.severity >= warning"]);
    assert!(bad.trim().is_empty(), "malformed or warned frames:\n{bad}");
    let replies = tshark(&["-Y", "icmp.type == 0 && icmp.resp_to", "-T", "fields", "-e", "frame.number"]);
    assert_eq!(replies.lines().count(), 3, "tshark pairs each reply with its request");
}

fn pings(v: &Value) -> (u64, u64) {
    (stat(v, "pings_ok"), stat(v, "pings_failed"))
}

/// A hub repeats every frame out of every other port and learns nothing: one ping (request
/// broadcast, reply, echo request, echo reply) is 4 frames in and 4(N-1) out.
#[test]
fn a_hub_repeats_everything() {
    for n in 2..=8u64 {
        let v = sim(&["--hosts", &n.to_string(), "--hub"]);
        assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (4, 4 * (n - 1)), "N={n}");
        assert_eq!(pings(&v), (1, 0));
        assert_eq!(v["mac_table"].as_array().unwrap().len(), 0, "a hub has no table");
        // Every unicast copy reaches every other NIC: all but the addressee drop it.
        assert_eq!(stat(&v, "dropped_not_for_me"), 3 * (n - 2), "N={n}");
    }
}

/// An on-link address nobody owns: three ARP requests 1 s apart, each flooded, no reply, and
/// the ping fails as Linux's does ("Destination Host Unreachable").
#[test]
fn an_absent_host_gets_three_arp_requests_then_fails() {
    for n in 2..=8u64 {
        let v = sim(&["--hosts", &n.to_string(), "--ping", "1:192.168.1.200"]);
        assert_eq!((stat(&v, "arp_requests"), stat(&v, "arp_replies")), (3, 0), "N={n}");
        assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (3, 3 * (n - 1)), "N={n}");
        assert_eq!(pings(&v), (0, 1));
        let events = v["events"].as_array().unwrap();
        let times: Vec<f64> = events
            .iter()
            .filter(|e| e["kind"] == "arp-request")
            .map(|e| e["time"].as_f64().unwrap())
            .collect();
        assert_eq!(times, [0.0, 1.0, 2.0], "1 s apart");
        let end = events.iter().find(|e| e["kind"] == "ping-end").unwrap();
        assert_eq!(end["outcome"], "host-unreachable");
        assert!(end["event"].as_str().unwrap().contains("Destination Host Unreachable"));
        let cache = &v["arp_caches"][0]["entries"][0];
        assert_eq!((cache["ip"].as_str(), cache["state"].as_str()), (Some("192.168.1.200"), Some("FAILED")));
    }
}

/// Broadcast (directed or limited) goes to ff:ff:ff:ff:ff:ff and is not answered; multicast
/// goes to its 01:00:5e MAC with TTL 1 and is not answered either; loopback never leaves the
/// host. The limited broadcast and multicast need a default route, as a real kernel showed
/// (`--real`): without one they are refused, as ping is refused on Linux.
#[test]
fn every_destination_as_linux_treats_it() {
    for n in 2..=8u64 {
        let hosts = n.to_string();
        let v = sim(&["--hosts", &hosts, "--ping", "1:192.168.1.255"]);
        assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (1, n - 1), "N={n}");
        assert_eq!(stat(&v, "arp_requests"), 0, "no ARP for a broadcast");
        assert_eq!(pings(&v), (0, 1), "no reply to a broadcast ping");
        let send = v["events"].as_array().unwrap().iter().find(|e| e["kind"] == "send").unwrap();
        assert_eq!(send["frame"]["dst"], "ff:ff:ff:ff:ff:ff");
        for dst in ["127.0.0.1", "127.9.9.9", "0.0.0.0", "192.168.1.1"] {
            let v = sim(&["--hosts", &hosts, "--ping", &format!("H1:{dst}")]);
            assert_eq!(stat(&v, "frames_in"), 0, "{dst} never leaves the host");
            assert_eq!(pings(&v), (1, 0), "{dst} is answered by lo");
        }
    }
    for dst in ["255.255.255.255", "224.0.0.1"] {
        let o = run(&["arp-sim", "--hosts", "3", "--ping", &format!("1:{dst}")]);
        assert_eq!(code(&o), 2, "{dst}");
        assert!(stderr(&o).contains("network unreachable"), "{}", stderr(&o));
        assert!(stderr(&o).contains("192.168.1.255"), "names the broadcast that works: {}", stderr(&o));
    }
    // With a router, they leave by the default route's interface, onto the host's own segment.
    let v = sim(&["--hosts", "4", "--segments", "2", "--ping", "1:255.255.255.255"]);
    assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (1, 2));
    let v = sim(&["--hosts", "4", "--segments", "2", "--ping", "1:224.0.0.1"]);
    assert_eq!((stat(&v, "frames_in"), stat(&v, "frames_out")), (1, 2));
    let send = v["events"].as_array().unwrap().iter().find(|e| e["kind"] == "send").unwrap();
    assert_eq!(send["frame"]["dst"], "01:00:5e:00:00:01");
    assert_eq!(send["frame"]["packet"]["ttl"], 1, "{send}");
}

/// With a gateway, special destinations still never go to the router, and nothing answers for
/// them.
#[test]
fn the_gateway_answers_for_the_internet_only() {
    for dst in ["127.0.0.1", "0.0.0.0"] {
        let v = sim(&["--hosts", "3", "--gateway", "--ping", &format!("1:{dst}")]);
        assert_eq!(stat(&v, "frames_in"), 0, "{dst}");
    }
    for dst in ["224.0.0.1", "255.255.255.255"] {
        let v = sim(&["--hosts", "3", "--gateway", "--ping", &format!("1:{dst}")]);
        assert_eq!((stat(&v, "frames_in"), stat(&v, "arp_requests")), (1, 0), "{dst}");
        assert_eq!(pings(&v), (0, 1), "{dst}: nobody answers, the router neither");
    }
    let v = sim(&["--hosts", "3", "--gateway", "--ping", "1:8.8.8.8"]);
    let answer = v["events"].as_array().unwrap().iter().find(|e| e["kind"] == "echo-answer").unwrap();
    assert_eq!(answer["stand_in"], true);
    assert!(answer["reason"].as_str().unwrap().contains("stand-in"), "{answer}");
}

/// The trace names hosts as --ping does, numbers frames as the capture does and shows MACs.
#[test]
fn the_trace_shows_frame_numbers_and_macs() {
    let o = run(&["arp-sim", "--hosts", "3", "--ping", "H1:H3"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("#1 02:") && out.contains("> ff:ff:ff:ff:ff:ff ARP who has 192.168.1.3?"), "{out}");
    for k in 1..=4 {
        assert!(
            out.contains(&format!("port 1 in: #{k} ")) || out.contains(&format!("port 3 in: #{k} ")),
            "#{k}: {out}"
        );
    }
    // Ageing: the sender's own entry aged out too, and the trace says it was learned again.
    let v = sim(&["--hosts", "3", "--ping", "1:2", "--ping", "1:2", "--interval", "400"]);
    let relearned = v["events"].as_array().unwrap().iter().filter(|e| e["learned"] == "relearned").count();
    assert!(relearned >= 1, "{}", v["events"]);
}

/// --json obeys the trace-size guard; --quiet leaves the events out.
#[test]
fn json_events_are_bounded() {
    let o = run(&["arp-sim", "--json", "--hosts", "100", "--subnet", "10.0.0.0/24", "--all-pairs"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--quiet"), "{}", stderr(&o));
    let v = sim(&["--hosts", "100", "--subnet", "10.0.0.0/24", "--all-pairs", "--quiet"]);
    assert_eq!(v["events"].as_array().unwrap().len(), 0);
    assert_eq!(stat(&v, "pings_ok"), 9900);
}

/// pcapng: every frame once, numbered as the trace numbers it, with the reason it was sent as
/// its comment; and nothing tshark warns about, lost pings included.
#[test]
#[ignore = "needs tshark (bash scripts/test.sh installs it)"]
fn pcapng_comments_agree_with_the_trace_in_tshark() {
    require_tool("tshark");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lan.pcapng");
    const RUN: [&str; 10] = [
        "--hosts",
        "4",
        "--ping",
        "H1:H3",
        "--ping",
        "1:192.168.1.200",
        "--ping",
        "2:192.168.1.255",
        "--ping",
        "1:3",
    ];
    let o = netcalc().arg("arp-sim").args(RUN).args(["--quiet", "--pcap"]).arg(&file).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = sim(&RUN);
    let o = std::process::Command::new("tshark")
        .arg("-r")
        .arg(&file)
        .args(["-T", "fields", "-E", "separator=|", "-e", "frame.number", "-e", "eth.src", "-e", "eth.dst"])
        .args(["-e", "frame.comment", "-e", "frame.interface_name"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('|').collect()).collect();
    // The trace's switch events, in order, name the same frames.
    let at_switch: Vec<&Value> =
        v["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "switch-in").collect();
    assert_eq!(rows.len(), at_switch.len());
    assert_eq!(rows.len() as u64, stat(&v, "frames_in"));
    let sent: Vec<&Value> =
        v["events"].as_array().unwrap().iter().filter(|e| e["frame"].is_object()).collect();
    for (row, e) in rows.iter().zip(&at_switch) {
        let f = &e["frame"];
        assert_eq!(row[0], f["number"].to_string(), "{row:?}");
        assert_eq!((row[1], row[2]), (f["src"].as_str().unwrap(), f["dst"].as_str().unwrap()));
        assert_eq!(row[4], "switch");
        // The comment is the sending event's words.
        let by =
            sent.iter().find(|s| s["frame"]["number"] == f["number"] && s["kind"] != "switch-in").unwrap();
        let want = format!(
            "{}: {} ({})",
            by["at"].as_str().unwrap(),
            by["event"].as_str().unwrap(),
            by["reason"].as_str().unwrap()
        );
        assert_eq!(row[3], want);
    }
    assert!(out.contains("ARP who has 192.168.1.200? tell 192.168.1.1"), "{out}");
    let o = std::process::Command::new("tshark")
        .arg("-r")
        .arg(&file)
        .args(["-Y", "_ws.malformed || _ws.expert.severity >= warning", "-T", "fields", "-e", "frame.number"])
        .output()
        .unwrap();
    let warned = String::from_utf8(o.stdout).unwrap();
    assert!(warned.trim().is_empty(), "malformed or warned frames:\n{warned}");
}

/// Two segments through a real router, cold caches: H1 pings the first host of segment 2.
/// 8 frames in (ARP for the gateway and its reply, the request, the router's ARP on the far
/// side and its reply, the forwarded request, the reply, the forwarded reply), n1 + n2 + 6 out,
/// the request at TTL 64 on segment 1 and 63 on segment 2.
#[test]
fn two_segments_through_a_router() {
    for n in 2..=8usize {
        let (n1, n2) = (n.div_ceil(2), n / 2);
        let dst = format!("H1:H{}", n1 + 1);
        let v = sim(&["--hosts", &n.to_string(), "--segments", "2", "--ping", &dst]);
        assert_eq!(stat(&v, "frames_in"), 8, "N={n}");
        assert_eq!(stat(&v, "frames_out"), (n1 + n2 + 6) as u64, "N={n}");
        assert_eq!((stat(&v, "pings_ok"), stat(&v, "forwarded")), (1, 2));
        let requests: Vec<(String, u64)> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "switch-in" && e["frame"]["packet"]["type"] == "echo")
            .filter(|e| e["frame"]["packet"]["request"] == true)
            .map(|e| (e["at"].as_str().unwrap().to_string(), e["frame"]["packet"]["ttl"].as_u64().unwrap()))
            .collect();
        assert_eq!(requests, [("S1".to_string(), 64), ("S2".to_string(), 63)], "N={n}");
        // The router answers ARP for its own addresses and has its own cache.
        let r = v["arp_caches"].as_array().unwrap().iter().find(|c| c["host"] == "R").unwrap();
        assert_eq!(r["entries"].as_array().unwrap().len(), 2, "H1 and the destination");
    }
    // Hosts split in order: 5 hosts over 2 segments are 3 and 2.
    let v = sim(&["--hosts", "5", "--segments", "2", "--ping", "1:5"]);
    let hosts = v["hosts"].as_array().unwrap();
    assert_eq!(hosts[3]["ip"], "192.168.2.1");
    assert_eq!((hosts[5]["name"].as_str(), hosts[5]["ip"].as_str()), (Some("R"), Some("192.168.1.254")));
    assert_eq!(hosts[6]["ip"], "192.168.2.254");
    // --subnet sets the first segment; the next ones follow at its size.
    let v = sim(&["--hosts", "3", "--segments", "3", "--subnet", "10.0.0.0/30", "--ping", "1:3"]);
    assert_eq!(v["hosts"][2]["ip"], "10.0.0.9");
}

/// What the router says when it cannot deliver: network unreachable for an address no
/// segment holds, host unreachable after three unanswered ARP requests on the far side.
#[test]
fn the_router_answers_with_icmp_errors() {
    let v = sim(&["--hosts", "4", "--segments", "2", "--ping", "1:10.9.9.9"]);
    let end = v["events"].as_array().unwrap().iter().find(|e| e["kind"] == "ping-end").unwrap();
    assert_eq!(end["outcome"]["unreachable"]["code"], 0, "{end}");
    assert!(end["event"].as_str().unwrap().contains("Destination Net Unreachable"));
    assert_eq!(stat(&v, "icmp_errors"), 1);
    let v = sim(&["--hosts", "4", "--segments", "2", "--ping", "1:192.168.2.77"]);
    let end = v["events"].as_array().unwrap().iter().find(|e| e["kind"] == "ping-end").unwrap();
    assert_eq!(end["outcome"]["unreachable"]["code"], 1, "{end}");
    let far_arp = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "arp-request" && e["at"] == "R")
        .count();
    assert_eq!(far_arp, 3, "the router tries three times");
    for (args, want) in [
        (&["--segments", "0"][..], "--segments must be from 1"),
        (&["--hosts", "2", "--segments", "3"][..], "at least 3 hosts"),
        (&["--segments", "2", "--gateway"][..], "--gateway"),
    ] {
        let o = run(&[&["arp-sim"][..], args].concat());
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}
