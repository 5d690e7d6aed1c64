//! `info`: the facts, JSON keys, RFC 3021, IPv6 counting.

use crate::util::{code, json_lines, json_ok, run, stdout};

fn info(arg: &str) -> serde_json::Value {
    json_ok(&["info", arg, "--json"]).remove(0)
}

#[test]
fn ipv4_network_facts() {
    let v = info("172.16.10.1/24");
    assert_eq!(v["address"], "172.16.10.1");
    assert_eq!(v["prefix"], 24);
    assert_eq!(v["netmask"], "255.255.255.0");
    assert_eq!(v["wildcard"], "0.0.0.255");
    assert_eq!(v["network"], "172.16.10.0");
    assert_eq!(v["broadcast"], "172.16.10.255");
    assert_eq!(v["first_host"], "172.16.10.1");
    assert_eq!(v["last_host"], "172.16.10.254");
    assert_eq!(v["hosts"], "254");
    assert_eq!(v["class"], "B");
    assert_eq!(v["category"], "private");
    assert_eq!(v["globally_reachable"], false);
    assert_eq!(v["hex"], "0xac100a01");
    assert_eq!(v["integer"], "2886732289");
    assert_eq!(v["reverse_dns"], "1.10.16.172.in-addr.arpa");
    assert_eq!(v["binary"], "10101100.00010000.00001010|00000001");
}

#[test]
fn slash_31_32_and_0() {
    let v = info("10.0.0.0/31");
    assert_eq!((v["first_host"].as_str(), v["last_host"].as_str()), (Some("10.0.0.0"), Some("10.0.0.1")));
    assert_eq!(v["hosts"], "2");
    assert!(v["broadcast"].is_null());
    let v = info("10.0.0.7/32");
    assert_eq!((v["first_host"].as_str(), v["last_host"].as_str()), (Some("10.0.0.7"), Some("10.0.0.7")));
    assert_eq!(v["hosts"], "1");
    let v = info("0.0.0.0/0");
    assert_eq!(v["hosts"], "4294967294");
    assert_eq!(v["netmask"], "0.0.0.0");
    assert_eq!(v["broadcast"], "255.255.255.255");
    let v = info("10.1.2.3/255.255.240.0");
    assert_eq!(v["prefix"], 20);
    assert_eq!(v["network"], "10.1.0.0");
}

#[test]
fn ipv6_counts_every_address() {
    let v = info("2001:db8::1/64");
    assert_eq!(v["network"], "2001:db8::");
    assert_eq!(v["first_host"], "2001:db8::");
    assert_eq!(v["last_host"], "2001:db8::ffff:ffff:ffff:ffff");
    assert_eq!(v["hosts"], "18446744073709551616");
    assert!(v.get("broadcast").is_none() && v.get("class").is_none());
    assert_eq!(v["expanded"], "2001:0db8:0000:0000:0000:0000:0000:0001");
    assert_eq!(v["category"], "documentation");
    assert_eq!(info("::/0")["hosts"], "340282366920938463463374607431768211456");
    assert_eq!(info("::1/128")["hosts"], "1");
}

#[test]
fn bare_address_is_a_host_with_a_note() {
    let v = info("192.0.2.7");
    assert_eq!(v["prefix"], 32);
    assert!(v["note"].as_str().unwrap().contains("single host"));
    let text = stdout(&run(&["info", "192.0.2.7"]));
    assert!(text.contains("note: no prefix given"), "{text}");
}

#[test]
fn several_addresses_and_a_bad_one() {
    let o = run(&["info", "10.0.0.1/8", "nonsense", "::1", "--json"]);
    assert_eq!(code(&o), 2, "a bad argument makes the run an error");
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2, "the good ones are still printed");
    assert_eq!(lines[1]["category"], "loopback");
}

#[test]
fn human_table() {
    let text = stdout(&run(&["info", "172.16.10.1/24"]));
    for want in [
        "broadcast",
        "172.16.10.255",
        "usable hosts",
        "254",
        "reverse DNS",
        "11111111.11111111.11111111|00000000",
    ] {
        assert!(text.contains(want), "missing {want}: {text}");
    }
}
