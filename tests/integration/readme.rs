//! The README's examples show real output: every `$ command` of its `console` blocks runs (in
//! a scratch directory that has the repository's `data/`, with the built `netcalc` first on
//! the `PATH`) and what it prints is compared with what the README says it prints. A line
//! `...` in the README stands for any number of lines, and `...` inside a line for any text,
//! where the README leaves part out. Examples that need root, another machine's interfaces, a
//! running server or randomness are left out, each for a reason given here; the rest must
//! match, or the README has gone stale.

use std::path::Path;
use std::process::Command;

use crate::util::{netcalc_env, require_tool};

/// One `$ command` of a `console` block and the lines the README shows after it.
#[derive(Debug)]
struct Example {
    /// The README's line of the command (1-based).
    line: usize,
    /// Which console block it is in (commands of one block share a directory).
    block: usize,
    command: String,
    expected: Vec<String>,
}

/// How an example is checked.
#[derive(Debug, PartialEq, Eq)]
enum Check {
    /// Run into a pipe, as most examples are shown.
    Pipe,
    /// Run on a terminal (its output has a box-drawn table): needs `script`.
    Terminal,
    /// Needs these tools, which `scripts/test.sh` installs.
    Tools(Vec<&'static str>),
    /// Not run, for this reason.
    Skip(&'static str),
}

/// Examples the test cannot reproduce, by a piece of their command, and why.
const SKIPPED: &[(&str, &str)] = &[
    ("sudo ", "needs root (the real kernel's run is checked by tests/integration/real.rs)"),
    ("xdg-open", "opens a browser"),
    ("--random", "random by design"),
    ("netcalc ifaces", "shows the interfaces of the machine it ran on"),
    ("netcalc echo ", "talks to a server running in the background (checked by echo.rs)"),
    ("kill ", "stops that server"),
    ("server.log", "that server's log"),
];

fn check_of(e: &Example) -> Check {
    if let Some((_, why)) = SKIPPED.iter().find(|(k, _)| e.command.contains(k)) {
        return Check::Skip(why);
    }
    let tools: Vec<&'static str> =
        ["tshark", "jq"].into_iter().filter(|t| e.command.split_whitespace().any(|w| w == *t)).collect();
    if !tools.is_empty() {
        Check::Tools(tools)
    } else if e.expected.iter().any(|l| l.contains(['│', '┌', '└'])) {
        Check::Terminal
    } else {
        Check::Pipe
    }
}

/// Every `$ command` of the README's `console` blocks, with what follows it up to the next.
fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut out: Vec<Example> = Vec::new();
    let (mut in_console, mut block) = (false, 0);
    for (k, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            in_console = !in_console && line == "```console";
            block += usize::from(in_console);
        } else if in_console {
            if let Some(command) = line.strip_prefix("$ ") {
                out.push(Example { line: k + 1, block, command: command.to_string(), expected: Vec::new() });
            } else if let Some(e) = out.last_mut().filter(|e| e.block == block) {
                e.expected.push(line.to_string());
            }
        }
    }
    out
}

/// Whether `got` is `want`, where `...` in `want` is any text.
fn line_matches(want: &str, got: &str) -> bool {
    let (want, got) = (want.trim_end(), got.trim_end());
    let parts: Vec<&str> = want.split("...").collect();
    if parts.len() == 1 {
        return want == got;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !got.starts_with(first) || got.len() < first.len() + last.len() || !got.ends_with(last) {
        return false;
    }
    let mut rest = &got[first.len()..got.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        let Some(at) = rest.find(middle) else { return false };
        rest = &rest[at + middle.len()..];
    }
    true
}

/// Whether `got` is `want`, where a line `...` in `want` is any number of lines.
fn lines_match(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w.trim() == "..." => (0..=got.len()).any(|k| lines_match(rest, &got[k..])),
        Some((w, rest)) => {
            got.split_first().is_some_and(|(g, more)| line_matches(w, g) && lines_match(rest, more))
        }
    }
}

/// Runs `command` with bash in `dir`, `netcalc` being the built one: standard output and
/// error together, as a terminal shows them.
fn run_example(command: &str, dir: &Path, terminal: bool) -> String {
    let exe = Path::new(env!("CARGO_BIN_EXE_netcalc"));
    let path = format!("{}:{}", exe.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let script = format!("{{ {command}\n}} 2>&1");
    let mut c = if terminal {
        let mut c = netcalc_env(Command::new("script"));
        let quoted = format!("bash -c '{}'", script.replace('\'', r"'\''"));
        c.args(["-qec", &quoted, "/dev/null"]).env("TERM", "xterm").env("COLUMNS", "100");
        c
    } else {
        let mut c = netcalc_env(Command::new("bash"));
        c.args(["-c", &script]);
        c
    };
    let o =
        c.current_dir(dir).env("PATH", path).env("LANG", "C.UTF-8").env_remove("LC_ALL").output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).replace("\r\n", "\n");
    // tshark warns root (CI) on standard error; the README shows a user's run.
    out.lines().filter(|l| !l.starts_with("Running as user \"root\"")).map(|l| format!("{l}\n")).collect()
}

/// Runs the examples `wanted` picks, each block in a directory of its own, and returns how
/// many ran; fails with every example whose output differs.
fn check(wanted: impl Fn(&Check) -> bool) -> usize {
    let all = examples();
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut dirs: std::collections::HashMap<usize, tempfile::TempDir> = Default::default();
    for e in &all {
        let how = check_of(e);
        if !wanted(&how) {
            continue;
        }
        if let Check::Tools(tools) = &how {
            tools.iter().for_each(|t| require_tool(t));
        }
        let dir = dirs.entry(e.block).or_insert_with(|| {
            let d = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(concat!(env!("CARGO_MANIFEST_DIR"), "/data"), d.path().join("data"))
                .unwrap();
            d
        });
        let got = run_example(&e.command, dir.path(), how == Check::Terminal);
        let lines: Vec<&str> = got.lines().collect();
        let mut want = e.expected.clone();
        while want.last().is_some_and(|l| l.trim().is_empty()) {
            want.pop();
        }
        if !lines_match(&want, &lines) {
            failures.push(format!(
                "README.md:{}: $ {}\n--- the README shows:\n{}\n--- it prints:\n{got}",
                e.line,
                e.command,
                want.join("\n")
            ));
        }
        ran += 1;
    }
    assert!(failures.is_empty(), "{} README example(s) differ:\n\n{}", failures.len(), failures.join("\n\n"));
    ran
}

#[test]
fn the_readme_examples_print_what_it_shows() {
    let ran = check(|how| *how == Check::Pipe);
    // The README has dozens; a parser that found none would pass without this.
    assert!(ran >= 20, "only {ran} examples ran");
}

#[test]
#[ignore = "needs tshark, jq and script (util-linux)"]
fn the_readme_examples_with_tools_or_a_terminal_print_what_it_shows() {
    require_tool("script");
    let ran = check(|how| matches!(how, Check::Terminal | Check::Tools(_)));
    assert!(ran >= 3, "only {ran} examples ran");
}

#[test]
fn the_example_matcher_takes_elisions_and_nothing_else() {
    let want: Vec<String> = ["a", "...", "x ... z"].map(String::from).into();
    assert!(lines_match(&want, &["a", "b", "c", "x y z"]));
    assert!(lines_match(&want, &["a", "x  z"]));
    assert!(!lines_match(&want, &["a", "b", "x y"]));
    assert!(!lines_match(&want, &["b", "x y z"]));
    assert!(!lines_match(&["a".to_string()], &["a", "b"]));
    assert!(line_matches("first (...: \"127.1\")", "first (input 7: bad: \"127.1\")"));
    assert!(!line_matches("ab...ba", "aba"));
    // Every skipped example is still in the README (a stale entry would hide nothing).
    let all = examples();
    for (piece, _) in SKIPPED {
        assert!(all.iter().any(|e| e.command.contains(piece)), "no README example has {piece:?}");
    }
}
