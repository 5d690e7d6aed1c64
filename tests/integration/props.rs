//! Property tests of the library: parsing round-trips and never panics, and the subnet
//! algorithms agree with independent, obviously-correct computations.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net};
use netcalc::addr::{parse_addr, parse_addr_bytes, parse_mask, parse_net, parse_prefixed};
use netcalc::subnet::{self, Interval};
use proptest::prelude::*;

fn any_ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<u32>().prop_map(|v| IpAddr::V4(Ipv4Addr::from(v))),
        any::<u128>().prop_map(|v| IpAddr::V6(Ipv6Addr::from(v))),
        // Addresses with long zero runs and embedded IPv4, where text forms get tricky.
        (any::<u32>(), 0u8..4).prop_map(|(v, k)| {
            let hi: u128 = [0, 0xffff, 0x64_ff9b << 80, 0x2002 << 112][k as usize];
            IpAddr::V6(Ipv6Addr::from(hi << if k == 1 { 32 } else { 0 } | u128::from(v)))
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn addresses_round_trip(a in any_ip()) {
        prop_assert_eq!(parse_addr(&a.to_string()).unwrap(), a);
        if let IpAddr::V6(v6) = a {
            prop_assert_eq!(parse_addr(&netcalc::addr::expanded(v6)).unwrap(), a);
            prop_assert_eq!(parse_addr(&v6.to_string().to_uppercase()).unwrap(), a);
        }
    }

    #[test]
    fn prefixes_round_trip(a in any_ip(), p in 0u8..=128) {
        let p = p % (subnet::width(a) + 1);
        let net = IpNet::new(a, p).unwrap();
        prop_assert_eq!(parse_net(&net.to_string()).unwrap(), net);
        if a.is_ipv4() {
            let dotted = format!("{}/{}", a, net.netmask());
            prop_assert_eq!(parse_prefixed(&dotted).unwrap().prefix, Some(p));
        }
    }

    /// std's parsers are strict too (no octal, short or zone forms): on text built from the
    /// characters addresses are made of, we accept exactly what std accepts.
    #[test]
    fn agrees_with_std(s in "[0-9a-fA-F:.]{0,46}") {
        let ours = parse_addr(&s).ok();
        let std = s.parse::<IpAddr>().ok();
        prop_assert_eq!(ours, std, "{:?}", s);
    }

    #[test]
    fn arbitrary_input_never_panics(b in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = parse_addr_bytes(&b);
        let s = String::from_utf8_lossy(&b);
        let _ = parse_prefixed(&s);
        let _ = parse_mask(&s);
        let _ = parse_net(&s);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,50}") {
        let _ = parse_prefixed(&s);
        let _ = parse_mask(&s);
    }

    /// same-subnet agrees with comparing the top `p` bits, computed with shifts.
    #[test]
    fn same_subnet_matches_integers(a in any::<u32>(), b in any::<u32>(), pa in 0u8..=32, pb in 0u8..=32) {
        let top = |x: u32, p: u8| if p == 0 { 0 } else { x >> (32 - p) };
        let sees = |own: u32, p: u8, other: u32| top(own, p) == top(other, p);
        let ha = parse_prefixed(&format!("{}/{pa}", Ipv4Addr::from(a))).unwrap();
        let hb = parse_prefixed(&format!("{}/{pb}", Ipv4Addr::from(b))).unwrap();
        let r = subnet::same_subnet(ha, hb, None).unwrap();
        prop_assert_eq!(r.hosts[0].sees_other_on_link, sees(a, pa, b));
        prop_assert_eq!(r.hosts[1].sees_other_on_link, sees(b, pb, a));
        prop_assert_eq!(r.same_subnet, sees(a, pa, b) && sees(b, pb, a));
    }

    #[test]
    fn split_then_aggregate_is_identity(a in any::<u32>(), p in 8u8..=32, extra in 0u8..8) {
        let net = IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), p).unwrap().trunc());
        let q = (p + extra).min(32);
        let parts: Vec<IpNet> = subnet::split_prefix(net, q).unwrap().collect();
        prop_assert_eq!(parts.len(), 1usize << (q - p));
        prop_assert_eq!(subnet::aggregate(parts, &[]), vec![net]);
    }

    #[test]
    fn range_is_exact_and_minimal(x in any::<u32>(), y in any::<u32>()) {
        let (first, last) = (x.min(y), x.max(y));
        let nets = subnet::range(Ipv4Addr::from(first).into(), Ipv4Addr::from(last).into()).unwrap();
        let mut next = u64::from(first);
        for n in &nets {
            let i = Interval::of_net(*n);
            prop_assert_eq!(i.start as u64, next, "contiguous, no overlap");
            next = i.end as u64 + 1;
            // Minimal: the parent block would reach outside the range.
            if n.prefix_len() > 0 {
                let parent = Interval::of_net(n.supernet().unwrap());
                prop_assert!(parent.start < u128::from(first) || parent.end > u128::from(last));
            }
        }
        prop_assert_eq!(next, u64::from(last) + 1);
    }

    /// aggregate covers exactly the union, checked address by address inside a /22.
    #[test]
    fn aggregate_covers_exactly_the_union(
        nets in proptest::collection::vec((0u32..1024, 22u8..=32), 0..20),
        holes in proptest::collection::vec((0u32..1024, 24u8..=32), 0..4),
    ) {
        let base = 0x0a00_0000u32;
        let mk = |(off, p): (u32, u8)| IpNet::V4(Ipv4Net::new(Ipv4Addr::from(base + off), p).unwrap().trunc());
        let nets: Vec<IpNet> = nets.into_iter().map(mk).collect();
        let holes: Vec<IpNet> = holes.into_iter().map(mk).collect();
        let out = subnet::aggregate(nets.clone(), &holes);
        let inside = |set: &[IpNet], a: Ipv4Addr| set.iter().any(|n| n.contains(&IpAddr::V4(a)));
        for off in 0..1024 {
            let a = Ipv4Addr::from(base + off);
            prop_assert_eq!(inside(&out, a), inside(&nets, a) && !inside(&holes, a), "{}", a);
        }
        // Minimal: no two output blocks are siblings that would merge.
        for w in out.windows(2) {
            prop_assert!(w[0].supernet().is_none() || w[0].supernet() != w[1].supernet());
        }
    }
}

/// VLSM block sizes at every 2^k-2, 2^k-1 and 2^k host count.
#[test]
fn vlsm_prefix_at_powers_of_two() {
    for k in 1..=31u32 {
        for n in [(1u128 << k) - 2, (1u128 << k) - 1, 1u128 << k] {
            if n == 0 {
                continue;
            }
            let p = subnet::prefix_for_hosts(n, 32).unwrap();
            let usable = subnet::usable_hosts(p, 32).unwrap();
            assert!(usable >= n, "{n} hosts in /{p}");
            if p < 32 {
                assert!(subnet::usable_hosts(p + 1, 32).unwrap() < n, "/{p} is the smallest for {n}");
            }
            // The textbook answer: 2^k - 2 hosts fit a block of 2^k; the one exception is
            // 2 hosts, which fit a /31 point-to-point link (RFC 3021), as `info` counts.
            if k >= 2 && n == (1 << k) - 2 {
                let want = if n == 2 { 31 } else { 32 - k };
                assert_eq!(u32::from(p), want, "{n} hosts");
            }
            if k >= 2 && n >= (1 << k) - 1 {
                assert_eq!(u32::from(p), 31 - k, "{n} hosts");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The bulk path through the binary: arbitrary bytes (invalid UTF-8, NUL, CR, very long
    /// lines) give exactly one record per line.
    #[test]
    fn bulk_classify_one_record_per_line(lines in proptest::collection::vec(
        prop_oneof![
            proptest::collection::vec(any::<u8>().prop_filter("no newline", |b| *b != b'\n'), 0..40),
            any_ip().prop_map(|a| a.to_string().into_bytes()),
        ], 1..40)) {
        let mut input = lines.join(&b'\n');
        input.push(b'\n');
        let o = crate::util::run_stdin(&["classify", "--json"], input);
        let records = crate::util::json_lines(&o);
        prop_assert_eq!(records.len(), lines.len());
        prop_assert!(matches!(crate::util::code(&o), 0 | 2));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random arguments to every command whose output is bounded: an answer or a clean error,
    /// never a panic (101) or an abort (134).
    #[test]
    fn commands_never_panic(
        cmd in prop::sample::select(vec!["same-subnet", "info", "classify", "contains", "range", "mac", "port", "aggregate"]),
        args in proptest::collection::vec("[0-9a-fA-F.:/%x -]{0,24}|\\PC{0,8}", 1..4),
    ) {
        let mut argv = vec![cmd.to_string()];
        argv.extend(args.into_iter().filter(|a| !a.starts_with('-')));
        let refs: Vec<&str> = argv.iter().map(String::as_str).collect();
        let o = crate::util::run_stdin(&refs, "");
        let code = crate::util::code(&o);
        prop_assert!(matches!(code, 0..=2), "{argv:?} exited {code}: {}", crate::util::stderr(&o));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A lab of random sessions (one by one, burst or half-close; Nagle or not; messages
    /// length-prefixed or not; a slow reader or not; Linux's ACKs or the textbook's; a short
    /// MSL) on one switch or across a router, each session losing up to three of its
    /// segments: every session gets its whole echo back, and the run ends by itself, inside
    /// its frame cap.
    #[test]
    fn every_session_of_a_lossy_lab_echoes(
        (routed, linux, short_msl, framing, slow) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        sessions in prop::collection::vec(
            (0usize..3, any::<bool>(), prop::collection::vec(1usize..1600, 1..4), prop::collection::btree_set(1u64..25, 0..4)),
            1..4,
        ),
    ) {
        let framing = if framing { "\nframing = \"length\"" } else { "" };
        let mut text = format!("linux = {linux}\n{}", if short_msl { "msl = 0.5\n" } else { "" });
        text += &if routed {
            crate::util::hosts_across_a_router("gateway = \"10.0.2.254\"\n")
        } else {
            crate::util::hosts_on_one_switch(&["A", "B"])
        };
        text += &format!("[[step]]\nlisten = \"B:8002\"{framing}{}\n", if slow { "\nread_delay = 0.05" } else { "" });
        let mut lose = String::new();
        for (k, (mode, nagle, sizes, lost)) in sessions.iter().enumerate() {
            let mode = ["one-by-one", "burst", "half-close"][*mode];
            let send: Vec<String> = sizes.iter().enumerate()
                .map(|(i, n)| format!("\"{}\"", (0..*n).map(|j| char::from(b'a' + ((i + j) % 26) as u8)).collect::<String>()))
                .collect();
            text += &format!(
                "[[step]]\nconnect = \"A -> B:8002\"\nsend = [{}]\nmode = \"{mode}\"\nnagle = {nagle}{framing}\n",
                send.join(", ")
            );
            for s in lost {
                lose += &format!("[[lose]]\nconnection = {}\nsegment = {s}\n", k + 1);
            }
        }
        text += &lose;
        let mut lab = netcalc::lan::lab::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        lab.sim.run(&mut netcalc::lan::sim::Quiet);
        for s in &lab.sim.transport.sessions {
            prop_assert_eq!(s.outcome, Some(netcalc::lan::sim::transport::Outcome::Echoed), "{}", text);
        }
        prop_assert!(lab.sim.stats.frames_in < lab.sim.frame_cap, "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any shipped lab with some of its digits changed (addresses, prefix lengths, routes,
    /// ports, times, counts: mostly still a lab, often a strange one) or its end cut off is
    /// refused with a message or runs to its end (inside a frame cap), and never panics.
    #[test]
    fn a_mutated_lab_is_refused_or_runs(
        pick in any::<prop::sample::Index>(),
        digits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..10), 1..4),
        cut in any::<Option<prop::sample::Index>>(),
    ) {
        let labs = crate::util::shipped_labs();
        let mut text = std::fs::read_to_string(pick.get(&labs)).unwrap().into_bytes();
        let at: Vec<usize> = (0..text.len()).filter(|&i| text[i].is_ascii_digit()).collect();
        for (i, d) in &digits {
            let k = *i.get(&at);
            text[k] = b'0' + d;
        }
        if let Some(c) = cut {
            text.truncate(c.index(text.len() + 1));
        }
        let text = String::from_utf8_lossy(&text).into_owned();
        if let Ok(mut lab) = netcalc::lan::lab::parse(&text) {
            lab.sim.frame_cap = lab.sim.frame_cap.min(20_000);
            lab.sim.run(&mut netcalc::lan::sim::Quiet);
            prop_assert!(lab.sim.stats.frames_in <= lab.sim.frame_cap, "{}", text);
        }
    }
}
