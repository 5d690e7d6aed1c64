//! `split`, `aggregate`, `range`, `hosts`, `contains`: IPv4 and IPv6, and every error.

use crate::util::{code, json_lines, run, run_stdin, stderr, stdout};

fn lines(args: &[&str]) -> Vec<String> {
    let o = run(args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    stdout(&o).lines().map(str::to_string).collect()
}

#[test]
fn split_by_prefix_and_count() {
    assert_eq!(
        lines(&["split", "10.0.0.0/24", "--prefix", "26"]),
        ["10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26"]
    );
    assert_eq!(lines(&["split", "10.0.0.0/24", "--count", "5"]).len(), 8);
    assert_eq!(lines(&["split", "10.0.0.0/24", "--count", "1"]), ["10.0.0.0/24"]);
    assert_eq!(
        lines(&["split", "2001:db8::/32", "--prefix", "34"]),
        ["2001:db8::/34", "2001:db8:4000::/34", "2001:db8:8000::/34", "2001:db8:c000::/34"]
    );
    let r = json_lines(&run(&["split", "10.0.0.0/30", "--prefix", "31", "--json"]));
    assert_eq!(r[1]["network"], "10.0.0.2/31");
    assert_eq!(r[1]["hosts"], "2");
}

#[test]
fn split_streams_huge_ipv6() {
    let exe = env!("CARGO_BIN_EXE_netcalc");
    let o = std::process::Command::new("bash")
        .args(["-c", &format!("'{exe}' split 2001:db8::/32 --prefix 96 | head -n 2")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2001:db8::/96\n2001:db8::1:0:0/96\n");
}

#[test]
fn vlsm_plan() {
    let out = lines(&["split", "192.168.0.0/24", "--hosts", "lab=5,sales=50,eng=20"]);
    assert_eq!(out[0], "192.168.0.0/26 sales (50 hosts requested, 62 usable)");
    assert_eq!(out[1], "192.168.0.64/27 eng (20 hosts requested, 30 usable)");
    assert_eq!(out[2], "192.168.0.96/29 lab (5 hosts requested, 6 usable)");
    assert!(out[3..].iter().all(|l| l.contains(" free ")), "{out:?}");
    let r = json_lines(&run(&["split", "192.168.0.0/24", "--hosts", "31,62", "--json"]));
    assert_eq!(r[0]["network"], "192.168.0.0/26", "31 hosts need a /26, not a /27");
    assert_eq!(r[0]["name"], "#1", "equal blocks keep the user's order");
    assert_eq!(r[1]["network"], "192.168.0.64/26");
    assert_eq!(r[1]["name"], "#2");
    assert_eq!(r[2]["free"], true);
    // IPv6 counts every address.
    let r = json_lines(&run(&["split", "2001:db8::/64", "--hosts", "256", "--json"]));
    assert_eq!(r[0]["network"], "2001:db8::/120");
}

#[test]
fn vlsm_that_does_not_fit() {
    let o = run(&["split", "192.168.0.0/24", "--hosts", "200,100"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("short by 128"), "{}", stderr(&o));
    let o = run(&["split", "192.168.0.0/24", "--hosts", "300"]);
    assert_eq!(code(&o), 2);
    assert_eq!(code(&run(&["split", "192.168.0.0/24", "--hosts", "0"])), 2);
    assert_eq!(code(&run(&["split", "192.168.0.0/24", "--hosts", "x=-1"])), 2);
}

#[test]
fn split_errors() {
    let o = run(&["split", "10.0.0.0/24", "--prefix", "23"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("shorter than /24"));
    assert_eq!(code(&run(&["split", "10.0.0.0/24", "--prefix", "33"])), 2);
    assert_eq!(code(&run(&["split", "10.0.0.0/33", "--prefix", "30"])), 2);
    assert_eq!(code(&run(&["split", "10.0.0.1/24", "--prefix", "26"])), 2);
    assert_eq!(code(&run(&["split", "10.0.0.0/24", "--count", "1000"])), 2);
}

#[test]
fn aggregate_mixed_families_and_exclude() {
    let input = "10.0.0.0/25\n10.0.0.128/25\n10.0.1.0/24\n10.0.1.0/24\n2001:db8::/33\n2001:db8:8000::/33\n192.0.2.1\n";
    let o = run_stdin(&["aggregate"], input);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), "10.0.0.0/23\n192.0.2.1/32\n2001:db8::/32\n");
    assert_eq!(lines(&["aggregate", "10.0.0.0/8", "--exclude", "10.0.0.0/9"]), ["10.128.0.0/9"]);
    assert_eq!(lines(&["aggregate", "10.0.0.0/30", "--exclude", "10.0.0.1"]), ["10.0.0.0/32", "10.0.0.2/31"]);
    let r = json_lines(&run(&["aggregate", "--json", "::/1", "8000::/1"]));
    assert_eq!(r[0]["network"], "::/0");
}

#[test]
fn aggregate_host_bits_and_bad_lines() {
    let o = run_stdin(&["aggregate"], "10.0.0.1/24\n10.0.1.0/24\nnonsense\n");
    assert_eq!(code(&o), 2);
    assert_eq!(stdout(&o), "10.0.1.0/24\n", "the good lines are still aggregated");
    assert!(stderr(&o).contains("did you mean 10.0.0.0/24"));
    let o = run_stdin(&["aggregate", "--truncate"], "10.0.0.1/24\n10.0.1.0/24\n");
    assert_eq!(stdout(&o), "10.0.0.0/23\n");
}

#[test]
fn range_is_minimal() {
    assert_eq!(
        lines(&["range", "10.0.0.5", "10.0.0.77"]),
        [
            "10.0.0.5/32",
            "10.0.0.6/31",
            "10.0.0.8/29",
            "10.0.0.16/28",
            "10.0.0.32/27",
            "10.0.0.64/29",
            "10.0.0.72/30",
            "10.0.0.76/31"
        ]
    );
    assert_eq!(lines(&["range", "10.0.0.0-10.0.1.255"]), ["10.0.0.0/23"]);
    assert_eq!(lines(&["range", "0.0.0.0", "255.255.255.255"]), ["0.0.0.0/0"]);
    assert_eq!(lines(&["range", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]), ["::/0"]);
    assert_eq!(lines(&["range", "2001:db8::1", "2001:db8::2"]), ["2001:db8::1/128", "2001:db8::2/128"]);
}

#[test]
fn range_errors() {
    let o = run(&["range", "10.0.0.9", "10.0.0.1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("FIRST is after LAST"));
    let o = run(&["range", "10.0.0.1", "::1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("mixed address families"));
    assert_eq!(code(&run(&["range", "10.0.0.1"])), 2);
    assert_eq!(code(&run(&["range", "10.0.0.1", "10.0.0.256"])), 2);
}

#[test]
fn hosts_streams_usable_addresses() {
    assert_eq!(lines(&["hosts", "192.168.1.0/30"]), ["192.168.1.1", "192.168.1.2"]);
    assert_eq!(lines(&["hosts", "192.168.1.0/31"]), ["192.168.1.0", "192.168.1.1"]);
    assert_eq!(lines(&["hosts", "192.168.1.9/32"]), ["192.168.1.9"]);
    assert_eq!(
        lines(&["hosts", "2001:db8::/126"]),
        ["2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3"]
    );
    let r = json_lines(&run(&["hosts", "10.255.255.252/30", "--json"]));
    assert_eq!(r[1]["address"], "10.255.255.254");
    assert_eq!(lines(&["hosts", "10.0.0.0/8"]).len(), 16_777_214);
    assert_eq!(code(&run(&["hosts", "10.0.0.0/33"])), 2);
}

#[test]
fn contains_answers_per_item() {
    let o = run(&["contains", "10.0.0.0/8", "10.1.2.3", "10.2.0.0/16"]);
    assert_eq!(code(&o), 0);
    let o = run(&["contains", "10.0.0.0/8", "10.1.2.3", "11.0.0.0", "--json"]);
    assert_eq!(code(&o), 1);
    let v = &json_lines(&o)[0];
    assert_eq!(v["all_inside"], false);
    assert_eq!(v["items"][0]["inside"], true);
    assert_eq!(v["items"][1]["inside"], false);
    assert_eq!(code(&run(&["contains", "10.0.0.0/8", "0.0.0.0/0"])), 1);
    assert_eq!(code(&run(&["contains", "2001:db8::/32", "2001:db8:ffff::/48"])), 0);
    let o = run(&["contains", "10.0.0.0/8", "::1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("mixed address families"));
}

/// A network with host bits set is refused in contains too, as for every NET.
#[test]
fn contains_refuses_host_bits() {
    let o = run(&["contains", "10.0.0.0/8", "10.0.0.1/24"]);
    assert_eq!(code(&o), 2);
    assert!(crate::util::stderr(&o).contains("did you mean 10.0.0.0/24"), "{}", crate::util::stderr(&o));
    assert_eq!(
        code(&run(&["contains", "10.0.0.0/8", "10.0.0.1", "10.0.0.0/24"])),
        0,
        "an address has no host bits"
    );
}

/// Names reach the terminal with control characters escaped.
#[test]
fn split_escapes_control_characters_in_names() {
    let o = run(&["split", "10.0.0.0/24", "--hosts", "evil\u{1b}[31m\nname=10"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}') && out.contains("\\u{1b}[31m\\nname"), "{out}");
}
