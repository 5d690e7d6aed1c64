//! `mac` and `port`: vendors in every notation, the bits, multicast mappings, bad input.

use crate::util::{code, json_lines, json_ok, run, stderr, stdout};

fn mac(arg: &str) -> serde_json::Value {
    json_ok(&["mac", arg, "--json"]).remove(0)
}

#[test]
fn vendors_in_every_notation() {
    for text in ["00:00:0c:12:34:56", "00-00-0C-12-34-56", "0000.0c12.3456", "00000c123456"] {
        let v = mac(text);
        assert_eq!(v["mac"], "00:00:0c:12:34:56");
        assert_eq!(v["oui"], "00:00:0c");
        assert_eq!(v["vendor"], "Cisco Systems, Inc");
    }
    assert_eq!(mac("00:50:56:aa:bb:cc")["vendor"], "VMware, Inc.");
    assert_eq!(mac("3c:22:fb:01:02:03")["vendor"], "Apple, Inc.");
}

#[test]
fn longer_assignments_win() {
    // 74:1A:E0:9x:xx:xx is MA-M 741AE09 inside an MA-L of the IEEE Registration Authority.
    let v = mac("74:1a:e0:91:23:45");
    assert_eq!(v["registry"], "MA-M");
    assert_eq!(v["assignment"], "741AE09");
    // 70:B3:D5:F2:Fx:xx is MA-S 70B3D5F2F.
    let v = mac("70:b3:d5:f2:f1:23");
    assert_eq!(v["registry"], "MA-S");
    assert_eq!(v["vendor"], "TELEPLATFORMS");
}

#[test]
fn group_local_and_multicast() {
    let v = mac("02:00:00:00:00:01");
    assert_eq!((v["group"].as_bool(), v["local"].as_bool()), (Some(false), Some(true)));
    assert!(v["vendor"].is_null());
    let v = mac("ff:ff:ff:ff:ff:ff");
    assert_eq!((v["kind"].as_str(), v["group"].as_bool()), (Some("broadcast"), Some(true)));
    let v = mac("01:00:5e:01:02:03");
    assert_eq!(v["kind"], "multicast");
    let groups = v["ipv4_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 32);
    assert!(groups.contains(&"224.1.2.3".into()) && groups.contains(&"239.129.2.3".into()));
    let v = mac("33:33:00:00:00:01");
    assert!(v["maps"].as_str().unwrap().contains("ff02::1"), "{v}");
    let text = stdout(&run(&["mac", "00:00:0c:12:34:56"]));
    assert!(text.contains("I/G bit 0") && text.contains("U/L bit 0"), "{text}");
}

#[test]
fn random_macs() {
    for _ in 0..20 {
        let v = json_lines(&run(&["mac", "--random", "--local", "--json"])).remove(0);
        assert_eq!((v["group"].as_bool(), v["local"].as_bool()), (Some(false), Some(true)));
        let v = json_lines(&run(&["mac", "--random", "--json"])).remove(0);
        assert_eq!((v["group"].as_bool(), v["local"].as_bool()), (Some(false), Some(false)));
    }
    let a = stdout(&run(&["mac", "--random"]));
    let b = stdout(&run(&["mac", "--random"]));
    assert_ne!(a, b);
}

#[test]
fn bad_macs() {
    for bad in ["00:00:0c:12:34", "00:00:0c:12:34:5g", "00-00:0c:12:34:56", "hello", "0000.0c12.345"] {
        let o = run(&["mac", bad]);
        assert_eq!(code(&o), 2, "{bad}");
        assert!(stderr(&o).contains("a MAC address is 6 hex octets"), "{bad}: {}", stderr(&o));
    }
}

fn port(q: &str) -> Vec<serde_json::Value> {
    json_lines(&run(&["port", q, "--json"]))
}

#[test]
fn ports_by_number_and_name() {
    let ssh = port("22");
    assert_eq!(ssh[0]["service"], "ssh");
    assert_eq!(ssh[0]["protocol"], "tcp");
    assert_eq!(ssh[0]["range"], "well-known");
    let dns: Vec<_> = port("53").iter().map(|v| v["protocol"].as_str().unwrap().to_string()).collect();
    assert_eq!(dns, ["tcp", "udp"]);
    assert_eq!(port("69")[0]["protocol"], "udp");
    for (n, name) in [
        (21, "ftp"),
        (20, "ftp-data"),
        (23, "telnet"),
        (25, "smtp"),
        (80, "http"),
        (3306, "mysql"),
        (6379, "redis"),
    ] {
        assert_eq!(port(&n.to_string())[0]["service"], name, "{n}");
        assert_eq!(port(name)[0]["port"], n, "{name}");
    }
    // Application defaults the registry names differently.
    for (n, name) in [(5000, "flask"), (8000, "django"), (8080, "tomcat"), (27017, "mongodb")] {
        assert_eq!(port(name)[0]["port"], n, "{name}");
    }
    assert_eq!(port("3306")[0]["range"], "registered");
    assert_eq!(port("SSH")[0]["port"], 22);
}

#[test]
fn port_misses_and_errors() {
    let o = run(&["port", "50001", "--json"]);
    assert_eq!(code(&o), 1, "no service there");
    assert_eq!(json_lines(&o)[0]["range"], "dynamic");
    assert_eq!(code(&run(&["port", "no-such-service"])), 1);
    for bad in ["65536", "-1", "99999999999", "a b"] {
        assert_eq!(code(&run(&["port", bad])), 2, "{bad}");
    }
    assert!(stdout(&run(&["port", "8080"])).contains("http-alt"));
}

/// A bad item is reported and the rest are still answered; signs are numbers out of range, not
/// service names.
#[test]
fn port_goes_on_past_a_bad_item() {
    let o = run(&["port", "22", "99999", "80"]);
    assert_eq!(code(&o), 2);
    let out = stdout(&o);
    assert!(out.contains("ssh") && out.contains("http"), "{out}");
    assert!(stderr(&o).contains("out of range"), "{}", stderr(&o));
    for bad in ["-1", "+22"] {
        let o = run(&["port", "--", bad]);
        assert_eq!(code(&o), 2, "{bad}");
        assert!(stderr(&o).contains("out of range (0-65535)"), "{bad}: {}", stderr(&o));
    }
}

/// The everyday names find their ports.
#[test]
fn everyday_service_names() {
    for (name, port) in [("dns", 53), ("mongo", 27017), ("mongodb", 27017)] {
        let v = json_ok(&["port", name, "--json"]);
        assert!(v.iter().any(|e| e["port"] == port), "{name}: {v:?}");
    }
}
