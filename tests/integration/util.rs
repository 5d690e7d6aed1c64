//! The harness: `netcalc` commands in a clean environment, and small helpers on their output.

use std::process::Output;

use assert_cmd::Command;

/// The built binary, with the variables that change output removed.
pub fn netcalc() -> Command {
    Command::from_std(netcalc_env(std::process::Command::new(env!("CARGO_BIN_EXE_netcalc"))))
}

/// The environment variables that change what netcalc prints.
const CHANGE_OUTPUT: [&str; 6] = ["NO_COLOR", "COLUMNS", "LINES", "CLICOLOR", "CLICOLOR_FORCE", "TERM"];

/// Any command with those variables removed.
pub fn netcalc_env(mut c: std::process::Command) -> std::process::Command {
    for v in CHANGE_OUTPUT {
        c.env_remove(v);
    }
    c
}

/// Runs `netcalc ARGS` and returns its output.
pub fn run(args: &[&str]) -> Output {
    netcalc().args(args).output().expect("netcalc runs")
}

/// Runs `netcalc ARGS` with `stdin` and returns its output.
pub fn run_stdin(args: &[&str], stdin: impl Into<Vec<u8>>) -> Output {
    netcalc().args(args).write_stdin(stdin.into()).output().expect("netcalc runs")
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `netcalc ARGS`, which must succeed, and returns its JSON Lines.
pub fn json_ok(args: &[&str]) -> Vec<serde_json::Value> {
    let o = run(args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    json_lines(&o)
}

/// Standard output as JSON Lines.
pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// Fails the test unless an external tool is on PATH. Tests that call this are
/// `#[ignore = "needs TOOL"]`, so plain `cargo test` lists them as ignored; `bash
/// scripts/test.sh` installs the tools and runs them with `--include-ignored`.
pub fn require_tool(tool: &str) {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found, "{tool} is not installed: `bash scripts/test.sh` installs it (as root, with apt-get)");
}

/// The lab files netcalc ships (`data/labs/*.toml`), sorted.
pub fn shipped_labs() -> Vec<std::path::PathBuf> {
    let mut labs: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/labs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    labs.sort();
    labs
}

/// The path of a lab file netcalc ships, by its name (`arp-story.toml`).
/// Runs `tshark -r PCAP ARGS`, which must succeed, and returns what it printed.
pub fn tshark(pcap: &std::path::Path, args: &[&str]) -> String {
    let o = std::process::Command::new("tshark").arg("-r").arg(pcap).args(args).output().unwrap();
    assert!(o.status.success(), "tshark {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A TCP segment's flags as the report writes them ("FIN, PSH, ACK") in tcpdump's letters
/// ("FP."): S, F, P, R in that order, then "." for ACK.
pub fn tcpdump_flags(flags: &str) -> String {
    let mut letters: String = [("SYN", 'S'), ("FIN", 'F'), ("PSH", 'P'), ("RST", 'R')]
        .iter()
        .filter(|(name, _)| flags.contains(name))
        .map(|(_, c)| *c)
        .collect();
    if flags.contains("ACK") {
        letters.push('.');
    }
    letters
}

/// How many times each item occurs, in the order each first appears.
pub fn tally_in_order<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<usize> {
    let mut seen: Vec<(T, usize)> = Vec::new();
    for item in items {
        match seen.iter_mut().find(|(s, _)| *s == item) {
            Some((_, n)) => *n += 1,
            None => seen.push((item, 1)),
        }
    }
    seen.into_iter().map(|(_, n)| n).collect()
}

pub fn shipped_lab(name: &str) -> String {
    format!("{}/data/labs/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `text` written as a lab file in a directory of its own (removed when the first value is
/// dropped), and the file's path.
pub fn lab_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lab.toml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

/// A lab of hosts on one switch, S1: the `names` in turn get 192.168.1.1/24, .2, ...
pub fn hosts_on_one_switch(names: &[&str]) -> String {
    let mut text = String::from("[[switch]]\nname = \"S1\"\n");
    for (k, name) in names.iter().enumerate() {
        text += &format!("[[host]]\nname = \"{name}\"\nip = \"192.168.1.{}/24\"\nlink = \"S1\"\n", k + 1);
    }
    text
}

/// A lab of two subnets joined by router R (10.0.1.254 and 10.0.2.254): host A (10.0.1.1,
/// gateway R) on switch S1, host B (10.0.2.1) on S2 with `b_fields` among its fields (its
/// gateway, or none).
pub fn hosts_across_a_router(b_fields: &str) -> String {
    format!(
        "[[switch]]\nname = \"S1\"\n[[switch]]\nname = \"S2\"\n\
         [[host]]\nname = \"A\"\nip = \"10.0.1.1/24\"\ngateway = \"10.0.1.254\"\nlink = \"S1\"\n\
         [[host]]\nname = \"B\"\nip = \"10.0.2.1/24\"\n{b_fields}link = \"S2\"\n\
         [[router]]\nname = \"R\"\ninterfaces = [{{ ip = \"10.0.1.254/24\", link = \"S1\" }}, {{ ip = \"10.0.2.254/24\", link = \"S2\" }}]\n"
    )
}

/// A JSON array of strings, as `&str`s.
pub fn strings(v: &serde_json::Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect()
}

/// A lab where host A opens two UDP sockets to B's echo server on 8003 and uses them in turn:
/// sends "one" on the first and "two" on the second, reads each echo, closes each.
pub fn two_udp_sockets() -> String {
    let mut text = hosts_on_one_switch(&["A", "B"]) + "[[step]]\nlisten = \"B:8003\"\nudp = true\n";
    for sock in ["u1", "u2"] {
        text += &format!("[[step]]\nconnect = \"A -> B:8003\"\nudp = true\nsocket = \"{sock}\"\n");
    }
    for call in ["send", "recv", "close"] {
        for (sock, data) in [("u1", "one"), ("u2", "two")] {
            let data = if call == "send" { format!("data = \"{data}\"\n") } else { String::new() };
            text += &format!("[[step]]\ncall = \"{call}\"\nsocket = \"{sock}\"\n{data}");
        }
    }
    text
}

/// A lab where host A opens two UDP sockets to B's port 9999, where nothing listens, and
/// sends "one" on the first, then at once "two" on the second: two ICMP port unreachable come
/// back, one about each datagram.
pub fn two_udp_sockets_to_a_closed_port() -> String {
    let mut text = hosts_on_one_switch(&["A", "B"]);
    for sock in ["u1", "u2"] {
        text += &format!("[[step]]\nconnect = \"A -> B:9999\"\nudp = true\nsocket = \"{sock}\"\n");
    }
    for (sock, data) in [("u1", "one"), ("u2", "two")] {
        text += &format!("[[step]]\ncall = \"send\"\nsocket = \"{sock}\"\ndata = \"{data}\"\n");
    }
    text + "[[step]]\nwait = 1\n"
}

/// Lab steps: a UDP socket from host A to `a_to` and one from B to `b_to`, then each
/// sends at the same instant, A first.
pub fn a_and_b_send(a_to: &str, b_to: &str) -> String {
    format!(
        "[[step]]\nconnect = \"A -> {a_to}\"\nudp = true\nsocket = \"a\"\n\
         [[step]]\nconnect = \"B -> {b_to}\"\nudp = true\nsocket = \"b\"\n\
         [[step]]\ncall = \"send\"\nsocket = \"a\"\ndata = \"from A\"\n\
         [[step]]\ncall = \"send\"\nsocket = \"b\"\ndata = \"from B\"\n"
    )
}

/// Each end's state changes, as the trace gives them (`tcp-state` events, by connection) and
/// as the connections table lists them, as sets of sequences: a simultaneous open lists each
/// connection twice (as one session's client and the other's server); a session's server
/// ends before the last are listed apart (`earlier_server_states`).
pub fn traced_and_tabled_states(v: &serde_json::Value) -> (Vec<Vec<&str>>, Vec<Vec<&str>>) {
    let mut traced = std::collections::BTreeMap::<u64, Vec<&str>>::new();
    for e in v["events"].as_array().into_iter().flatten().filter(|e| e["kind"] == "tcp-state") {
        traced.entry(e["conn"].as_u64().unwrap()).or_default().push(e["to"].as_str().unwrap());
    }
    let mut traced: Vec<Vec<&str>> = traced.into_values().collect();
    let mut tabled = Vec::new();
    for c in v["connections"].as_array().into_iter().flatten().filter(|c| c["protocol"] == "tcp") {
        let earlier = c["earlier_server_states"].as_array().into_iter().flatten();
        let ends = [&c["client_states"], &c["server_states"]].into_iter().chain(earlier);
        for end in ends {
            let states = strings(end);
            // The table starts a client's list at CLOSED, before any change.
            let changes = states.strip_prefix(&["CLOSED"][..]).unwrap_or(&states);
            if !changes.is_empty() {
                tabled.push(changes.to_vec());
            }
        }
    }
    for list in [&mut traced, &mut tabled] {
        list.sort();
        list.dedup();
    }
    (traced, tabled)
}
