//! Invalid input everywhere: exit 2, a clear message naming the input, never a panic; and a
//! closed pipe ends quietly.

use crate::util::{code, netcalc, netcalc_env, run, run_stdin, stderr, stdout};

#[test]
fn invalid_inputs_exit_2_with_a_reason() {
    let cases: &[(&str, &str)] = &[
        ("256.1.1.1", "octet 1 is above 255"),
        ("010.0.0.1", "leading zero"),
        ("1.2.3", "3 parts"),
        ("127.1", "2 parts"),
        ("2130706433", "1 part"),
        ("1.2.3.4/33", "prefix length out of range (0-32)"),
        ("::1/129", "prefix length out of range (0-128)"),
        ("0x7f.0.0.1", "hexadecimal"),
        ("fe80::1%eth0", "zone"),
        ("10.0.0.1/255.0.255.0", "bit 17"),
        ("", "empty"),
        ("1.2.3.4 ", "whitespace"),
        (" 1.2.3.4", "whitespace"),
        ("１.2.3.4", "non-ASCII"),
        ("1::2::3", "more than one '::'"),
        ("12345::", "longer than 4"),
        ("::ffff:1.2.3", "embedded IPv4"),
        ("1.2.3.4/024", "invalid prefix"),
        ("hello", "not an IP address"),
    ];
    for (input, want) in cases {
        let o = run(&["info", input]);
        assert_eq!(code(&o), 2, "{input:?}");
        let err = stderr(&o);
        assert!(err.starts_with("netcalc: "), "{input:?}: {err}");
        assert!(err.contains(want), "{input:?}: expected {want:?} in {err}");
        assert!(err.contains(&format!("{input:?}")), "{input:?}: the input is shown: {err}");
        assert!(!err.contains("panicked"), "{input:?}: {err}");
        let o = run(&["same-subnet", input, "10.0.0.1/24"]);
        assert_eq!(code(&o), 2, "same-subnet {input:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&run(&[])), 2);
    assert_eq!(code(&run(&["same-subnet", "10.0.0.1"])), 2);
    assert_eq!(code(&run(&["frobnicate"])), 2);
    assert_eq!(code(&run(&["split", "10.0.0.0/8"])), 2);
}

#[test]
fn closed_pipe_ends_quietly() {
    let exe = env!("CARGO_BIN_EXE_netcalc");
    let script = format!("'{exe}' hosts 10.0.0.0/8 | head -n 1 >/dev/null; echo ${{PIPESTATUS[0]}}");
    let o = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "0");
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let script = format!(
        "yes 10.0.0.1 | head -n 300000 | '{exe}' classify | head -n 1 >/dev/null; echo ${{PIPESTATUS[2]}}"
    );
    let o = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "0");
}

/// Output into a full disk is a writing error (exit 2, saying "writing"), for the streaming
/// commands and for `--help` and `--version` alike; help into a closed pipe is still success.
#[test]
fn a_full_disk_is_a_writing_error() {
    let exe = env!("CARGO_BIN_EXE_netcalc");
    let cases: [(&[&str], &str); 5] = [
        (&["classify"], "10.0.0.1\n"),
        (&["filter", "10.0.0.0/8"], "10.0.0.1\n"),
        (&["aggregate"], "10.0.0.0/24\n10.0.1.0/24\n"),
        (&["--help"], ""),
        (&["--version"], ""),
    ];
    for (args, input) in cases {
        let script = format!("printf '{input}' | '{exe}' {} >/dev/full", args.join(" "));
        let o = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
        assert_eq!(code(&o), 2, "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("writing output") && !err.contains("reading"), "{args:?}: {err}");
    }
    let script = format!("'{exe}' --help | head -n 1 >/dev/null; echo ${{PIPESTATUS[0]}}");
    let o = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "0");
}

/// `netcalc ARGS` on a terminal (util-linux's `script` gives it a pseudo-terminal), with the
/// extra environment; what it wrote there.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let cmd = format!("'{}' {args}", env!("CARGO_BIN_EXE_netcalc"));
    let mut c = netcalc_env(std::process::Command::new("script"));
    c.args(["-qec", &cmd, "/dev/null"]).env("TERM", "xterm");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("script runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Hundreds of thousands of lines are not printed to a terminal without --force, whichever
/// command would print them; into a pipe they flow.
#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal"]
fn a_terminal_is_not_flooded_without_force() {
    crate::util::require_tool("script");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("nets");
    // 100,001 networks that do not merge: every other /32.
    let nets: String =
        (0..100_001u32).map(|i| format!("{}\n", std::net::Ipv4Addr::from(0x0a00_0000 + 2 * i))).collect();
    std::fs::write(&input, &nets).unwrap();
    let aggregate = format!("aggregate < '{}'", input.display());
    for args in [aggregate.as_str(), "hosts 10.0.0.0/8", "split 10.0.0.0/8 --prefix 30"] {
        let refused = on_a_terminal(args, &[]);
        assert!(refused.contains("--force") && refused.lines().count() < 5, "{args}: {refused:.300}");
    }
    let forced = on_a_terminal(&format!("{aggregate} --force"), &[("COLUMNS", "100")]);
    assert!(forced.contains("10.0.0.0/32") && forced.contains("10.3.13.64/32"), "{forced:.300}");
    let piped = run_stdin(&["aggregate"], nets);
    assert_eq!(code(&piped), 0);
    assert_eq!(stdout(&piped).lines().count(), 100_001);
}

/// Into a pipe, no box: `name: value` lines for info and the counters, one record per line
/// in aligned columns for the other tables.
#[test]
fn tables_stay_on_the_terminal() {
    let info = stdout(&run(&["info", "192.168.1.10/24"]));
    assert!(info.lines().any(|l| l == "address: 192.168.1.10"), "{info}");
    let sim = stdout(&run(&["arp-sim", "--hosts", "2", "--quiet"]));
    assert!(sim.lines().any(|l| l == "frames into the switch: 4"), "{sim}");
    assert!(
        sim.lines().any(|l| l.split_whitespace().eq(["H1", "192.168.1.1/24", "02:b1:0d:a4:8c:ea", "1"])),
        "{sim}"
    );
    for out in [&info, &sim] {
        assert!(!out.contains(['│', '┆', '─', '═', '+']), "{out}");
    }
}

/// On a terminal: box characters in a UTF-8 locale, ASCII in the C locale; a narrow terminal
/// wraps between words, never inside an address.
#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal"]
fn terminal_tables_follow_the_locale_and_never_split_an_address() {
    crate::util::require_tool("script");
    let utf8 = on_a_terminal("info 10.0.0.1/8", &[("LANG", "C.UTF-8"), ("COLUMNS", "100")]);
    assert!(utf8.contains('│'), "{utf8}");
    let c = on_a_terminal("info 10.0.0.1/8", &[("LANG", "C"), ("LC_ALL", ""), ("COLUMNS", "100")]);
    assert!(!c.contains('│') && c.contains('|'), "{c}");
    let narrow = [("LANG", "C.UTF-8"), ("COLUMNS", "60")];
    let split = on_a_terminal("split 2001:db8:abcd:1234::/64 --prefix 66", &narrow);
    for net in
        ["2001:db8:abcd:1234::/66", "2001:db8:abcd:1234:c000::/66", "2001:db8:abcd:1234:ffff:ffff:ffff:ffff"]
    {
        assert!(split.contains(net), "{net} split across lines: {split}");
    }
    let agg = on_a_terminal("aggregate 192.168.0.0/24 192.168.1.0/24", &narrow);
    assert!(agg.contains("192.168.0.0/23") && agg.contains("192.168.1.255"), "{agg}");
}

#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal"]
fn colour_on_a_terminal_unless_no_color_or_never() {
    crate::util::require_tool("script");
    let args = "same-subnet 10.0.0.1/24 10.0.1.1/24";
    assert!(on_a_terminal(args, &[]).contains('\x1b'), "a terminal gets colour");
    assert!(!on_a_terminal(args, &[("NO_COLOR", "1")]).contains('\x1b'), "NO_COLOR is honoured");
    assert!(!on_a_terminal(&format!("{args} --color never"), &[]).contains('\x1b'));
    assert!(on_a_terminal(&format!("{args} --color always"), &[("NO_COLOR", "1")]).contains('\x1b'));
}

#[test]
fn colour_into_a_pipe_only_when_always() {
    let args = ["same-subnet", "10.0.0.1/24", "10.0.1.1/24"];
    assert!(!stdout(&run(&args)).contains('\x1b'), "a pipe gets no colour by default");
    let o = netcalc().args(args).args(["--color", "always"]).output().unwrap();
    assert!(stdout(&o).contains('\x1b'), "--color always colours a pipe");
    let o = netcalc().args(["--color", "never"]).args(args).output().unwrap();
    assert!(!stdout(&o).contains('\x1b'));
    assert_eq!(code(&run(&["same-subnet", "10.0.0.1/24", "10.0.0.2/24", "--color", "sometimes"])), 2);
}

/// Records keep pace with slow input: a line written to a still-open stdin comes back before
/// the next one is sent (`tail -f log | netcalc filter ...`).
#[test]
fn output_keeps_pace_with_slow_input() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    for args in [&["filter", "10.0.0.0/8"][..], &["classify"][..], &["classify", "--json"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_netcalc"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap()).is_err() {
                    return;
                }
            }
        });
        for ip in ["10.0.0.1", "10.0.0.2"] {
            // filter reads a log line; classify a bare address.
            let line = if args[0] == "filter" { format!("{ip} GET /") } else { ip.to_string() };
            writeln!(stdin, "{line}").unwrap_or_else(|e| panic!("{args:?}: {e}"));
            stdin.flush().unwrap();
            let got =
                rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the record arrives at once");
            assert!(got.contains(ip) && !got.contains("error"), "{args:?}: {got}");
        }
        drop(stdin);
        let o = child.wait_with_output().unwrap();
        assert!(
            o.status.success() && o.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
