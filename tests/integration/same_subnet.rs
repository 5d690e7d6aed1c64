//! `same-subnet`: the used-by example, exit codes, asymmetric masks, IPv6, JSON.

use crate::util::{code, json_lines, run, stdout};

#[test]
fn used_by_example_shows_the_and_and_says_same() {
    let o = run(&["same-subnet", "172.16.10.1", "172.16.10.2/24"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.contains("10101100.00010000.00001010|00000001"), "{out}");
    assert!(out.contains("AND 255.255.255.0    11111111.11111111.11111111|00000000"), "{out}");
    assert!(out.contains("172.16.10.0"), "{out}");
    assert!(out.lines().last().unwrap().starts_with("same subnet: both on 172.16.10.0/24"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped");
}

#[test]
fn different_subnets_exit_1() {
    let o = run(&["same-subnet", "172.16.10.1/24", "172.16.11.1/24"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("different subnets"));
}

#[test]
fn json_keys() {
    let o = run(&["same-subnet", "10.0.0.1", "10.0.0.200", "--mask", "255.255.255.0", "--json"]);
    assert_eq!(code(&o), 0);
    let v = &json_lines(&o)[0];
    assert_eq!(v["same_subnet"], true);
    assert_eq!(v["hosts"][0]["address"], "10.0.0.1");
    assert_eq!(v["hosts"][0]["prefix"], 24);
    assert_eq!(v["hosts"][0]["mask"], "255.255.255.0");
    assert_eq!(v["hosts"][0]["network"], "10.0.0.0");
    assert_eq!(v["hosts"][1]["sees_other_on_link"], true);
}

#[test]
fn asymmetric_masks_give_two_views() {
    // A (/24) sends to B through its gateway; B (/16) thinks A is on-link.
    let o = run(&["same-subnet", "10.0.0.1/24", "10.0.1.1/16", "--json"]);
    assert_eq!(code(&o), 1);
    let v = &json_lines(&o)[0];
    assert_eq!(v["hosts"][0]["sees_other_on_link"], false);
    assert_eq!(v["hosts"][1]["sees_other_on_link"], true);
    assert_eq!(v["same_subnet"], false);
    let text = stdout(&run(&["same-subnet", "10.0.0.1/24", "10.0.1.1/16"]));
    assert!(text.contains("Host A (10.0.0.1/24)") && text.contains("Host B (10.0.1.1/16)"), "{text}");
    assert!(text.contains("B sees A on-link, but A sends to B through its gateway"), "{text}");
    // Different masks that still agree: both on-link, answer yes.
    let o = run(&["same-subnet", "10.0.0.1/16", "10.0.0.2/24", "--json"]);
    assert_eq!(code(&o), 0);
}

#[test]
fn dotted_masks_and_mask_option() {
    assert_eq!(code(&run(&["same-subnet", "10.0.0.1/255.255.254.0", "10.0.1.1"])), 0);
    assert_eq!(code(&run(&["same-subnet", "10.0.0.1", "10.0.1.1", "--mask", "255.255.255.0"])), 1);
    assert_eq!(code(&run(&["same-subnet", "10.0.0.1", "10.0.1.1", "--mask", "/23"])), 0);
    assert_eq!(code(&run(&["same-subnet", "10.0.0.1", "10.0.1.1", "-m", "23"])), 0);
}

#[test]
fn ipv6_and_edges() {
    let o = run(&["same-subnet", "2001:db8::1/64", "2001:db8::ffff:1", "--json"]);
    assert_eq!(code(&o), 0);
    assert_eq!(json_lines(&o)[0]["hosts"][0]["mask"], "ffff:ffff:ffff:ffff::");
    assert_eq!(code(&run(&["same-subnet", "2001:db8::1/64", "2001:db8:0:1::1"])), 1);
    let text = stdout(&run(&["same-subnet", "2001:db8::1/60", "2001:db8:0:f::1"]));
    assert!(text.contains("2001:0db8:0000:000000000000|0000:"), "{text}");
    // /0: everything is on-link; /32: only the host itself.
    assert_eq!(code(&run(&["same-subnet", "1.2.3.4/0", "200.1.1.1"])), 0);
    assert_eq!(code(&run(&["same-subnet", "1.2.3.4/32", "1.2.3.5"])), 1);
    assert_eq!(code(&run(&["same-subnet", "1.2.3.4/31", "1.2.3.5"])), 0);
}

#[test]
fn needs_a_mask_and_one_family() {
    let o = run(&["same-subnet", "10.0.0.1", "10.0.0.2"]);
    assert_eq!(code(&o), 2);
    assert!(crate::util::stderr(&o).contains("--mask"));
    let o = run(&["same-subnet", "10.0.0.1/24", "::1"]);
    assert_eq!(code(&o), 2);
    assert!(crate::util::stderr(&o).contains("mixed address families"));
    let o = run(&["same-subnet", "10.0.0.1", "10.0.0.2", "--mask", "ffff::"]);
    assert_eq!(code(&o), 2);
}

/// IPv6 gets an IPv6 example.
#[test]
fn ipv6_without_a_prefix_gets_an_ipv6_example() {
    let o = run(&["same-subnet", "2001:db8::1", "2001:db8::2"]);
    assert_eq!(code(&o), 2);
    let err = crate::util::stderr(&o);
    assert!(err.contains("2001:db8::2/64") && err.contains("--mask /64") && !err.contains("255"), "{err}");
}
