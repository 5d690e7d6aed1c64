//! `ifaces`: this machine's interfaces, read in a network namespace the test builds (a veth
//! with 192.168.1.23/24 and fd00::23/64, a default route via 192.168.1.1, loopback) and removes.

use std::process::Command;

use serde_json::Value;

use crate::util::{code, run, stderr};

/// Two network namespaces joined by a veth pair, removed when dropped (also on a failed assert).
struct Netns {
    host: String,
    peer: String,
}

impl Netns {
    fn ip(args: &[&str]) {
        let o = Command::new("ip").args(args).output().expect("ip runs");
        assert!(o.status.success(), "ip {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }

    fn new() -> Netns {
        let id = std::process::id();
        let n = Netns { host: format!("netcalc-ifaces-{id}"), peer: format!("netcalc-peer-{id}") };
        Netns::ip(&["netns", "add", &n.host]);
        Netns::ip(&["netns", "add", &n.peer]);
        Netns::ip(&[
            "link", "add", "eth0", "netns", &n.host, "type", "veth", "peer", "name", "peer0", "netns",
            &n.peer,
        ]);
        let h = |args: &[&str]| Netns::ip(&[&["-n", n.host.as_str()][..], args].concat());
        h(&["link", "set", "lo", "up"]);
        h(&["link", "set", "eth0", "address", "02:00:00:00:00:23"]);
        h(&["addr", "add", "192.168.1.23/24", "dev", "eth0"]);
        h(&["-6", "addr", "add", "fd00::23/64", "dev", "eth0", "nodad"]);
        h(&["link", "set", "eth0", "up"]);
        Netns::ip(&["-n", &n.peer, "link", "set", "peer0", "up"]);
        h(&["route", "add", "default", "via", "192.168.1.1"]);
        n
    }

    /// `netcalc ARGS` inside the namespace.
    fn netcalc(&self, args: &[&str]) -> std::process::Output {
        Command::new("ip")
            .args(["netns", "exec", &self.host, env!("CARGO_BIN_EXE_netcalc")])
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .output()
            .expect("ip netns exec runs")
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        // Deleting a namespace deletes the veth in it.
        for n in [&self.host, &self.peer] {
            let _ = Command::new("ip").args(["netns", "del", n]).status();
        }
    }
}

fn can_make_namespaces() {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    assert!(root, "network namespaces need root (CI runs as root)");
    crate::util::require_tool("ip");
}

#[test]
#[ignore = "needs root and iproute2, to build network namespaces (CI runs as root)"]
fn a_namespace_with_known_interfaces() {
    can_make_namespaces();
    let ns = Netns::new();
    let o = ns.netcalc(&["ifaces", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ifaces = v["interfaces"].as_array().unwrap();
    let names: Vec<&str> = ifaces.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names.iter().filter(|n| **n == "eth0" || **n == "lo").count(), 2, "{names:?}");
    let eth0 = ifaces.iter().find(|i| i["name"] == "eth0").unwrap();
    assert_eq!(
        (eth0["mac"].as_str(), eth0["mac_local"].as_bool(), eth0["up"].as_bool()),
        (Some("02:00:00:00:00:23"), Some(true), Some(true))
    );
    let addr =
        |a: &str| eth0["addresses"].as_array().unwrap().iter().find(|x| x["address"] == a).cloned().unwrap();
    let v4 = addr("192.168.1.23");
    assert_eq!(
        (v4["prefix"].as_u64(), v4["network"].as_str(), v4["broadcast"].as_str()),
        (Some(24), Some("192.168.1.0"), Some("192.168.1.255"))
    );
    assert_eq!((v4["category"].as_str(), v4["globally_reachable"].as_bool()), (Some("private"), Some(false)));
    let ula = addr("fd00::23");
    assert_eq!((ula["category"].as_str(), ula["broadcast"].is_null()), (Some("private"), true));
    let lo = ifaces.iter().find(|i| i["name"] == "lo").unwrap();
    assert_eq!(lo["addresses"][0]["category"], "loopback");
    let gw = &v["gateways"].as_array().unwrap()[0];
    assert_eq!(
        (gw["address"].as_str(), gw["interface"].as_str(), gw["on_link"].as_bool()),
        (Some("192.168.1.1"), Some("eth0"), Some(true))
    );
    assert_eq!(gw["via"], "192.168.1.23/24");
    // The human form says it plainly.
    let o = ns.netcalc(&["ifaces", "eth0", "--explain"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("192.168.1.23 is a private (内网) address: the Internet sees this machine through your router's public address, which no local command can know"), "{text}");
    assert!(text.contains("default gateway 192.168.1.1 via eth0: on-link"), "{text}");
    assert!(text.contains("AND 255.255.255.0"), "the binary view: {text}");
    assert!(!text.contains("\nlo "), "only the interface named: {text}");
    let o = ns.netcalc(&["ifaces", "wlan9"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no interface \"wlan9\""), "{}", stderr(&o));
}

#[test]
fn an_unknown_interface_is_an_error() {
    let o = run(&["ifaces", "netcalc-no-such-interface"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no interface"), "{}", stderr(&o));
}
