//! Languages: `--lang`, LC_ALL / LC_MESSAGES / LANG, and Chinese output with no English left
//! in it (for the commands the catalogues cover so far: same-subnet and info).

use std::process::Output;

use crate::util::{code, netcalc, stderr, stdout};

fn run_env(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = netcalc();
    for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    c.envs(env.iter().copied()).args(args).output().expect("netcalc runs")
}

/// English words left in `text`: purely alphabetic ASCII words of three letters or more,
/// outside parentheses (where the IANA term stands beside the Chinese one on purpose) and
/// quotes (the bytes a socket call moved: data, not words), other than protocol names and
/// abbreviations.
pub(crate) fn english(text: &str) -> Vec<String> {
    const KEEP: &[&str] = &[
        // Abbreviations and names.
        "AND",
        "RFC",
        "IETF",
        "NAT",
        "CGN",
        "SIDs",
        "SRv",
        "Teredo",
        "ARP",
        "ICMP",
        "TCP",
        "UDP",
        "MAC",
        "TTL",
        "MSL",
        "EOF",
        "Linux",
        "Nagle",
        "SO",
        "REUSEADDR",
        "KEEPALIVE",
        "tcp",
        "udp",
        // TCP's flags and fields, RFC 9293's state names, the ARP cache's states, as the notes
        // write them.
        "SYN",
        "ACK",
        "FIN",
        "PSH",
        "RST",
        "seq",
        "ack",
        "len",
        "ttl",
        "CLOSED",
        "LISTEN",
        "SENT",
        "RECEIVED",
        "ESTABLISHED",
        "WAIT",
        "CLOSE",
        "CLOSING",
        "LAST",
        "TIME",
        "REACHABLE",
        "STALE",
        "INCOMPLETE",
        "FAILED",
        "DELAY",
        "PROBE",
        // The socket calls, by their names in C.
        "connect",
        "send",
        "recv",
        "shutdown",
        "write",
        "close",
        "bind",
        "accept",
        // listen()'s argument, by its name in C and in the notes.
        "backlog",
        // SYN cookies, as Chinese texts name them, and Linux's setting for them.
        "cookie",
        "syncookies",
        // Linux's name for its quick acknowledgments; the lab keys that lose frames.
        "quickack",
        "drop",
        "lose",
        // The command, as the notes call it; a character set.
        "ping",
        "netcalc",
        "ASCII",
    ];
    // Inside quotes, `\"` is a quote of the data, not its end.
    let mut outside = String::new();
    let (mut depth, mut quoted, mut escaped) = (0, false, false);
    for ch in text.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ if depth == 0 => outside.push(ch),
            _ => {}
        }
    }
    outside
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '/' | '_')))
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !KEEP.contains(w))
        .map(str::to_string)
        .collect()
}

/// The reasons of a trace's lines (the last column, in parentheses, which [`english`] leaves
/// out), one a line, without their own parentheses.
fn reasons(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.split_once("  (").map(|(_, r)| r.strip_suffix(')').unwrap_or(r)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every code path of same-subnet and info the other tests cover, in Chinese.
const CASES: &[&[&str]] = &[
    &["same-subnet", "172.16.10.1", "172.16.10.2/24"],
    &["same-subnet", "172.16.10.1/24", "172.16.11.2/24"],
    &["same-subnet", "10.0.0.1/8", "10.1.0.1/16"],
    &["same-subnet", "10.1.0.1/16", "10.0.0.1/8"],
    &["same-subnet", "10.0.0.1/16", "10.0.0.2/24"],
    &["same-subnet", "10.0.0.1/16", "10.1.0.2/24"],
    &["same-subnet", "2001:db8::1/64", "2001:db8::2/64"],
    &["same-subnet", "192.168.1.10", "192.168.1.20", "--mask", "255.255.255.0"],
    &[
        "info",
        "172.16.10.1/24",
        "10.0.0.1",
        "192.168.1.0/31",
        "8.8.8.8",
        "2001:db8::1/64",
        "::1",
        "100.64.0.1/10",
    ],
    &[
        "classify",
        "192.168.1.10",
        "8.8.8.8",
        "127.0.0.1",
        "::1",
        "::ffff:10.0.0.1",
        "100.64.1.1",
        "x.y",
        "01.2.3.4",
    ],
    &["classify", "--networks", "10.0.0.0/7", "192.168.0.0/16"],
    &[
        "mac",
        "02:00:00:00:00:01",
        "33:33:00:00:00:01",
        "03:00:5e:7f:00:01",
        "ff:ff:ff:ff:ff:ff",
        "12:34:56:78:9a:bc",
    ],
    &["port", "8002", "65000", "nosuch9"],
    &["split", "192.168.1.0/24", "--hosts", "a1=50,b2=20"],
    &["contains", "10.0.0.0/8", "10.1.1.1", "11.0.0.1"],
    &["tcp-sim"],
    &["tcp-sim", "--linux", "--send", "hello", "--send", "again"],
    &["tcp-sim", "--connect", "1:2:9"],
    &["tcp-sim", "--udp", "--connect", "1:2:9"],
    &["tcp-sim", "--udp", "--drop", "3"],
    &["tcp-sim", "--drop", "3", "--drop", "12", "--msl", "1"],
    &["tcp-sim", "--hosts", "4", "--segments", "2", "--connect", "1:4", "--verbatim"],
    &["tcp-sim", "--hosts", "3", "--all-pairs"],
    &["tcp-sim", "--ladder", "--drop", "3", "--send", "a", "--send", "b"],
    &["arp-sim", "--hosts", "3", "--ping", "1:2", "--ping", "1:192.168.1.200", "--ladder"],
    &["arp-sim", "--hosts", "3", "--all-pairs"],
    &["arp-sim", "--hosts", "4", "--hub", "--ping", "1:2", "--ping", "1:2"],
    &[
        "arp-sim",
        "--hosts",
        "3",
        "--ping",
        "1:192.168.1.200",
        "--ping",
        "1:127.0.0.1",
        "--ping",
        "1:192.168.1.255",
    ],
    &["arp-sim", "--hosts", "3", "--gateway", "--ping", "1:8.8.8.8", "--ping", "1:0.0.0.0", "--ping", "1:1"],
    &[
        "arp-sim",
        "--hosts",
        "4",
        "--segments",
        "2",
        "--ping",
        "1:4",
        "--ping",
        "1:192.168.2.77",
        "--ping",
        "1:10.9.9.9",
    ],
    &["arp-sim", "--hosts", "4", "--segments", "2", "--ping", "1:224.0.0.1", "--ping", "1:255.255.255.255"],
];

/// Every shipped lab, in Chinese.
#[test]
fn every_lab_in_chinese_has_no_english_left() {
    let labs = crate::util::shipped_labs();
    assert!(labs.len() >= 10);
    for lab in labs {
        let o = run_env(&[], &["--lang", "zh", "lab", lab.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let text = stdout(&o);
        // The lab's own names for its devices are data, not words.
        let file = std::fs::read_to_string(&lab).unwrap();
        let names: Vec<&str> = file
            .lines()
            .filter_map(|l| l.trim().strip_prefix("name = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .collect();
        let words = format!("{text}\n{}", reasons(&text));
        let left: Vec<String> =
            english(&words).into_iter().filter(|w| !names.contains(&w.as_str())).collect();
        assert_eq!(left, Vec::<String>::new(), "{}: English left", lab.display());
        // Chinese punctuation: reasons are joined by a full-width semicolon.
        assert!(!text.contains("; "), "{}: '; ' in\n{text}", lab.display());
    }
}

#[test]
fn chinese_output_has_no_english_left_and_the_same_exit_codes() {
    for args in CASES {
        let zh = run_env(&[], &[&["--lang", "zh"], *args].concat());
        let en = run_env(&[], &[&["--lang", "en"], *args].concat());
        assert_eq!(code(&zh), code(&en), "{args:?}");
        let text = stdout(&zh);
        assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{args:?}: {text}");
        assert_eq!(english(&text), Vec::<String>::new(), "{args:?}: English left in\n{text}");
        // A trace's reasons too (the English ones show the check can fail).
        assert_eq!(english(&reasons(&text)), Vec::<String>::new(), "{args:?}: English left in\n{text}");
        assert!(!text.contains("; "), "{args:?}: '; ' in\n{text}");
        let en_reasons = reasons(&stdout(&en));
        assert!(en_reasons.is_empty() || !english(&en_reasons).is_empty(), "{args:?}");
        // The check can fail: the English output is full of English words.
        assert!(english(&stdout(&en)).len() >= 2, "{args:?}");
    }
}

#[test]
fn the_notes_example_in_chinese() {
    let o = run_env(&[("LANG", "zh_CN.UTF-8")], &["same-subnet", "172.16.10.1", "172.16.10.2/24"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    for want in ["子网掩码都是 255.255.255.0", "主机 A", "A 的网段", "同一网段：都在 172.16.10.0/24"]
    {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn the_environment_chooses_the_language_and_the_flag_overrides_it() {
    let args = ["same-subnet", "10.0.0.1/24", "10.0.1.1/24"];
    let zh = |o: &Output| stdout(o).contains("不同网段");
    assert!(zh(&run_env(&[("LANG", "zh_CN.UTF-8")], &args)));
    assert!(zh(&run_env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_TW.UTF-8")], &args)));
    assert!(!zh(&run_env(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C.UTF-8")], &args)), "LC_ALL wins");
    assert!(!zh(&run_env(&[], &args)), "English by default");
    assert!(!zh(&run_env(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en", args[0], args[1], args[2]])));
    assert!(zh(&run_env(&[("LC_ALL", "C")], &[args[0], args[1], args[2], "--lang", "zh"])));
    let bad = run_env(&[], &["--lang", "fr", "info", "10.0.0.1"]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn machine_output_never_changes_with_the_language() {
    for args in [
        &["same-subnet", "10.0.0.1/8", "10.1.0.1/16", "--json"][..],
        &["info", "172.16.10.1/24", "10.0.0.1", "--json"][..],
        &["tcp-sim", "--linux", "--json"][..],
        &["classify", "--json", "192.168.1.10", "::ffff:10.0.0.1", "x.y"][..],
        &["classify", "--csv", "192.168.1.10", "::ffff:10.0.0.1", "x.y"][..],
        &["arp-sim", "--hosts", "3", "--all-pairs", "--json"][..],
        &["lab", concat!(env!("CARGO_MANIFEST_DIR"), "/data/labs/socket-calls.toml"), "--json"][..],
    ] {
        let en = run_env(&[("LANG", "en_US.UTF-8")], args);
        let zh = run_env(&[("LANG", "zh_CN.UTF-8")], args);
        assert_eq!(stdout(&en), stdout(&zh), "{args:?}");
        assert_eq!(code(&en), code(&zh));
    }
}

/// A capture's comments (each frame's reason) are the same whatever the trace's language.
#[test]
fn captures_are_the_same_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for lang in ["en", "zh"] {
        let path = dir.path().join(format!("{lang}.pcapng"));
        let o = run_env(&[], &["--lang", lang, "tcp-sim", "--pcap", path.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        bytes.push(std::fs::read(&path).unwrap());
    }
    assert!(bytes[0].windows(6).any(|w| w == b"SYN+AC" || w == b"learne"), "English comments");
    assert_eq!(bytes[0], bytes[1]);
}

/// The address parser's errors and the addressing commands' refusals, in Chinese, with the
/// same exit code.
#[test]
fn errors_of_the_addressing_commands_in_chinese() {
    for args in [
        &["same-subnet", "010.0.0.1", "10.0.0.2/8"][..],
        &["same-subnet", "10.0.0.1", "10.0.0.2"][..],
        &["same-subnet", "10.0.0.1/8", "::1/64"][..],
        &["same-subnet", "fe80::1", "fe80::2"][..],
        &[
            "info",
            "1.2.3",
            "256.1.1.1/24",
            "10.0.0.1/33",
            "fe80::1%eth0",
            "10.0.0.1/255.0.255.0",
            "0x7f.0.0.1",
        ][..],
        &[
            "info",
            "",
            " 10.0.0.1",
            "1..2.3",
            "10.0.0.1/x",
            "2001:db8:::1",
            "1:2:3",
            "12345::1",
            "::ffff:1.2.3",
        ][..],
    ] {
        let zh = run_env(&[], &[&["--lang", "zh"], args].concat());
        let en = run_env(&[], &[&["--lang", "en"], args].concat());
        assert_eq!(code(&zh), 2, "{args:?}");
        assert_eq!(code(&en), 2, "{args:?}");
        let text = stderr(&zh);
        assert!(text.lines().all(|l| l.starts_with("netcalc: ")), "{text}");
        // The input itself, quoted, is data: leave it out of the check.
        let words: String = text.lines().map(|l| l.rsplit_once('"').map_or(l, |(a, _)| a)).collect();
        let words: String = words.split('"').step_by(2).collect();
        assert_eq!(english(&words), Vec::<String>::new(), "{args:?}: English left in\n{text}");
        assert!(english(&stderr(&en)).len() >= 2, "{args:?}: the check can fail");
    }
}

/// Every other error a user meets, in Chinese, with the same exit code as in English: the
/// simulators' and the echo pair's options, the subnetting requests, lab files, MAC
/// addresses, files that are not there. Quoted input and the system's own words (in
/// parentheses) are data.
#[test]
fn every_error_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let lab = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    const TWO: &str = "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\n[[host]]\nname = \"B\"\nip = \"10.0.0.2/24\"\nlink = \"S1\"\n";
    let labs = [
        lab("toml.toml", "[[switch]\n"),
        lab("stray.toml", &format!("{TWO}[[step]]\nwait = 1\nupper = true\n")),
        lab("name.toml", "[[switch]]\nname = \"S 1\"\n"),
        lab("host.toml", &format!("{TWO}[[step]]\nping = \"C -> A\"\n")),
        lab("target.toml", &format!("{TWO}[[step]]\nping = \"A -> nowhere\"\n")),
        lab(
            "gw.toml",
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\ngateway = \"10.9.0.1\"\n",
        ),
        lab(
            "mac.toml",
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\nmac = \"zz\"\n",
        ),
        lab(
            "addr.toml",
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.256/24\"\nlink = \"S1\"\n",
        ),
        lab("call.toml", &format!("{TWO}[[step]]\ncall = \"send\"\n")),
        lab("mode.toml", &format!("{TWO}[[step]]\nconnect = \"A -> B\"\nmode = \"fast\"\n")),
        lab(
            "datagram.toml",
            &format!(
                "{TWO}[[step]]\nconnect = \"A -> B\"\nudp = true\nsend = [\"{}\"]\n",
                "x".repeat(65_508)
            ),
        ),
    ];
    let missing = dir.path().join("no-such-file.toml");
    let mut cases: Vec<Vec<String>> = [
        &["split", "10.0.0.0/24", "--prefix", "8"][..],
        &["split", "10.0.0.0/24", "--hosts", "a=300"],
        &["split", "10.0.0.0/24", "--hosts", "a=x"],
        &["split", "10.0.0.0/24", "--count", "1000"],
        &["split", "10.0.0.1/24", "--prefix", "25"],
        &["range", "10.0.0.9", "10.0.0.1"],
        &["range", "10.0.0.9"],
        &["contains", "10.0.0.0/8", "::1"],
        &["aggregate", "10.0.0.1/8", "x"],
        &["mac", "zz", "00:11", "0011.2233", "00:11:22:33:44:5g"],
        &["arp-sim", "--hosts", "0"],
        &["arp-sim", "--hosts", "300", "--subnet", "10.0.0.0/24"],
        &["arp-sim", "--ping", "1:2:3"],
        &["arp-sim", "--ping", "1:::1"],
        &["arp-sim", "--ping", "9:1"],
        &["arp-sim", "--ping", "1:224.0.0.1"],
        &["arp-sim", "--ping", "1:8.8.8.8"],
        &["arp-sim", "--gateway", "10.0.0.1"],
        &["arp-sim", "--segments", "2", "--gateway"],
        &["arp-sim", "--segments", "3", "--hosts", "2"],
        &["arp-sim", "--aging=-1"],
        &["tcp-sim", "--connect", "1:1"],
        &["tcp-sim", "--connect", "1"],
        &["tcp-sim", "--connect", "1:2:0"],
        &["tcp-sim", "--msl", "4000"],
        &["tcp-sim", "--subnet", "2001:db8::/64"],
        &["echo", "client", "127.0.0.1:x", "hi"],
        &["echo", "client", "127.0.0.1:99999", "hi"],
        &["echo", "bench", "127.0.0.1:1", "--length", "0"],
        &["echo", "server", "--listen", "127.0.0.1:0", "--idle-timeout", "0"],
        &["echo", "server", "--listen", "192.0.2.1:8002"],
    ]
    .iter()
    .map(|a| a.iter().map(|s| s.to_string()).collect())
    .collect();
    cases.push(vec!["lab".into(), missing.to_str().unwrap().into()]);
    cases.push(vec!["filter".into(), "10.0.0.0/8".into(), missing.to_str().unwrap().into()]);
    cases.extend(labs.iter().map(|l| vec!["lab".to_string(), l.clone()]));
    cases.push(vec!["tcp-sim".into(), "--udp".into(), "--send".into(), "x".repeat(65_508)]);
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let zh = run_env(&[], &[&["--lang", "zh"], &args[..]].concat());
        let en = run_env(&[], &[&["--lang", "en"], &args[..]].concat());
        assert_eq!(code(&zh), code(&en), "{args:?}");
        assert_ne!(code(&zh), 0, "{args:?}");
        let text = stderr(&zh);
        assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{args:?}: {text}");
        // Quoted input and file paths are data.
        let words: String = text
            .lines()
            .map(|l| l.replace(dir.path().to_str().unwrap(), ""))
            .map(|l| l.split('"').step_by(2).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        // A lab file's keys and values are its syntax, written as the file writes them.
        const LAB_SYNTAX: &[&str] = &[
            "ping",
            "wait",
            "link",
            "down",
            "listen",
            "restart",
            "connect",
            "call",
            "crash",
            "upper",
            "reuseaddr",
            "keepalive",
            "udp",
            "send",
            "mode",
            "framing",
            "nagle",
            "socket",
            "data",
            "burst",
            "length",
            "none",
            "recv",
            "shutdown",
            "close",
            "NAME",
            "FROM",
        ];
        let left: Vec<String> = english(&words)
            .into_iter()
            .filter(|w| args[0] != "lab" || !LAB_SYNTAX.contains(&w.as_str()))
            .collect();
        assert_eq!(left, Vec::<String>::new(), "{args:?}: English left in\n{text}");
        assert!(!english(&stderr(&en)).is_empty(), "{args:?}: the check can fail: {}", stderr(&en));
    }
}

/// clap's usage errors in Chinese: what was wrong, clap's suggestion, the usage line; exit
/// code 2 as in English, and English unchanged.
#[test]
fn usage_errors_in_chinese() {
    for args in [
        &["split", "10.0.0.0/24"][..],
        &["info", "--bogus", "10.0.0.1"],
        &["arp-sim", "--hots", "3"],
        &["arp-sim", "--hosts", "abc"],
        &["frob"],
        &["classify", "--json", "--csv", "1.1.1.1"],
        &["tcp-sim", "--udp=3"],
        &["same-subnet", "10.0.0.1", "10.0.0.2", "--mask"],
        &["completions", "tcsh"],
    ] {
        let zh = run_env(&[("LANG", "zh_CN.UTF-8")], args);
        let en = run_env(&[], args);
        assert_eq!((code(&zh), code(&en)), (2, 2), "{args:?}");
        let text = stderr(&zh);
        assert!(text.starts_with("错误："), "{args:?}: {text}");
        assert!(stderr(&en).starts_with("error: "), "{args:?}: English is clap's own");
        // The usage line, argument names, values and Rust's own parse errors (in
        // parentheses) are data; the sentence around them is Chinese.
        let words: String = text
            .lines()
            .filter(|l| !l.starts_with("用法："))
            .map(|l| l.split('\'').step_by(2).collect::<String>())
            .map(|l| l.split_once("［可选值：").map_or(l.clone(), |(a, _)| a.to_string()))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(english(&words), Vec::<String>::new(), "{args:?}: English left in\n{text}");
    }
    let o = run_env(&[("LANG", "zh_CN.UTF-8")], &["arp-sim", "--hots", "3"]);
    assert!(stderr(&o).contains("'--hosts'"), "clap's suggestion is kept: {}", stderr(&o));
}

/// The page's labels in Chinese (`page-*`): no English word left but protocol names, the
/// keys' names and what stands in parentheses.
#[test]
fn the_pages_labels_in_chinese() {
    let zh = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/i18n/zh.ftl")).unwrap();
    let labels: Vec<&str> = zh.lines().filter(|l| l.starts_with("page-")).collect();
    assert!(labels.len() > 100, "{} labels", labels.len());
    for line in labels {
        let (key, text) = line.split_once(" = ").unwrap();
        // `$n`, `$total`: the page's placeholders.
        let text: String = text.split(' ').filter(|w| !w.starts_with('$')).collect::<Vec<_>>().join(" ");
        let left: Vec<String> =
            english(&text).into_iter().filter(|w| !["Home", "End", "II"].contains(&w.as_str())).collect();
        assert_eq!(left, Vec::<String>::new(), "{key}: {text}");
    }
}

/// The echo server's status lines and the client's refusal, in Chinese.
#[test]
fn the_echo_pair_in_chinese() {
    use std::io::{BufRead, BufReader, Read};
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_netcalc"))
        .args(["--lang", "zh", "echo", "server", "--listen", "127.0.0.1:0", "--upper"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(server.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let port: String = first
        .split("127.0.0.1:")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    assert!(!port.is_empty(), "{first}");
    let o = run_env(&[], &["--lang", "zh", "echo", "client", &format!("127.0.0.1:{port}"), "hello"]);
    assert_eq!((code(&o), stdout(&o).trim()), (0, "HELLO"), "{}", stderr(&o));
    let bench = run_env(
        &[],
        &["--lang", "zh", "echo", "bench", &format!("127.0.0.1:{port}"), "--upper", "-c", "2", "-d", "0.3"],
    );
    assert_eq!(code(&bench), 0, "{}", stderr(&bench));
    assert!(stdout(&bench).contains("每秒请求数"), "{}", stdout(&bench));
    assert_eq!(english(&stdout(&bench)), Vec::<String>::new(), "{}", stdout(&bench));
    // A port nothing listens on: the kernel's pick, released at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let o = run_env(&[], &["--lang", "zh", "echo", "client", &format!("127.0.0.1:{closed}"), "hello"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("拒绝"), "{}", stderr(&o));
    assert_eq!(english(&stderr(&o)), Vec::<String>::new(), "{}", stderr(&o));
    let kill =
        std::process::Command::new("sh").args(["-c", &format!("kill -s TERM {}", server.id())]).status();
    assert!(kill.unwrap().success());
    assert!(server.wait().unwrap().success());
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    let log = format!("{first}{rest}");
    assert!(log.contains("打开 127.0.0.1:") && log.contains("已停止"), "{log}");
    assert_eq!(english(&log), Vec::<String>::new(), "English left in\n{log}");
}

/// `ifaces` in Chinese: every interface and address of this machine explained in the notes'
/// terms; JSON the same in both languages.
#[test]
fn ifaces_in_chinese() {
    let json = run_env(&[], &["ifaces", "--json"]);
    assert_eq!(code(&json), 0, "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    // Interface names and vendors are data.
    let mut data: Vec<String> = Vec::new();
    for i in v["interfaces"].as_array().unwrap() {
        data.push(i["name"].as_str().unwrap().to_string());
        if let Some(vendor) = i["vendor"].as_str() {
            data.extend(vendor.split(|c: char| !c.is_ascii_alphanumeric()).map(str::to_string));
        }
    }
    for args in [&["ifaces"][..], &["ifaces", "--explain"][..]] {
        let o = run_env(&[], &[&["--lang", "zh"], args].concat());
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("网段"), "{text}");
        let left: Vec<String> = english(&text).into_iter().filter(|w| !data.contains(w)).collect();
        assert_eq!(left, Vec::<String>::new(), "{args:?}: English left in\n{text}");
    }
    let zh = run_env(&[], &["--lang", "zh", "ifaces", "--json"]);
    let parse = |o: &Output| -> serde_json::Value { serde_json::from_str(&stdout(o)).unwrap() };
    let names = |v: &serde_json::Value| -> Vec<String> {
        let mut n: Vec<String> = v["interfaces"].as_array().unwrap().iter().map(|i| i.to_string()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&parse(&zh)), names(&v), "JSON does not change with the language");
}
