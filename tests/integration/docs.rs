//! Man pages (generated from the clap definitions, committed, checked for staleness and
//! rendered by man) and shell completions.

use std::path::Path;

use clap::CommandFactory;

use crate::util::{code, require_tool, run, stdout};

/// The binary's clap definitions, compiled into the tests as they are into the binary, so that
/// the pages can be generated from them here.
#[allow(dead_code, unreachable_pub)]
#[path = "../../src/cli/mod.rs"]
mod cli;

/// Every page: netcalc.1 and netcalc-<command>.1, with an EXAMPLES section from the help.
fn pages() -> Vec<(String, Vec<u8>)> {
    let root = cli::Cli::command();
    let version = root.get_version().unwrap_or_default().to_string();
    let mut out = vec![("netcalc.1".to_string(), page(root.clone(), "netcalc"))];
    // Depth-first: netcalc-echo.1, then netcalc-echo-server.1, ...
    let mut stack: Vec<(Vec<String>, clap::Command)> =
        root.get_subcommands().map(|c| (vec![c.get_name().to_string()], c.clone())).collect();
    stack.reverse();
    while let Some((path, cmd)) = stack.pop() {
        let name = format!("netcalc-{}", path.join("-"));
        let bin = format!("netcalc {}", path.join(" "));
        let subs: Vec<&clap::Command> = cmd.get_subcommands().collect();
        for sub in subs.into_iter().rev() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            stack.push((p, sub.clone()));
        }
        let cmd = cmd.name(name.clone()).version(version.clone());
        out.push((format!("{name}.1"), page(cmd, &bin)));
    }
    out
}

fn page(cmd: clap::Command, bin: &str) -> Vec<u8> {
    let cmd = cmd.bin_name(bin.to_string());
    let man =
        clap_mangen::Man::new(cmd.clone()).date("2026-11-22").source("netcalc").manual("netcalc manual");
    let mut buf = Vec::new();
    man.render(&mut buf).unwrap();
    buf
}

#[test]
fn man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let update = std::env::var_os("NETCALC_UPDATE_MAN").is_some();
    let mut stale = Vec::new();
    for (file, text) in pages() {
        let path = dir.join(&file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&text[..]) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "man pages differ from the CLI: {stale:?}; regenerate with `NETCALC_UPDATE_MAN=1 cargo test man_pages` and commit man/"
    );
}

#[test]
#[ignore = "needs man (bash scripts/test.sh installs it)"]
fn man_pages_render_without_warnings() {
    require_tool("man");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    for (file, _) in pages() {
        let o = std::process::Command::new("man")
            .args(["--warnings", "-E", "UTF-8", "-l"])
            .arg(dir.join(&file))
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "0")
            .output()
            .unwrap();
        assert!(o.status.success(), "{file}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(o.stderr.is_empty(), "{file}: warnings: {}", String::from_utf8_lossy(&o.stderr));
        // Drop overstrike formatting (X\bX), which man keeps on some pages when piped.
        let mut text = String::new();
        for c in String::from_utf8_lossy(&o.stdout).chars() {
            if c == '\u{8}' {
                text.pop();
            } else {
                text.push(c);
            }
        }
        assert!(text.contains("NAME"), "{file}");
        if file != "netcalc.1" && file != "netcalc-echo.1" {
            assert!(text.contains("Examples:"), "{file} shows examples");
        }
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef netcalc"),
        ("fish", "complete -c netcalc"),
        ("elvish", "netcalc"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = run(&["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}");
        let text = stdout(&o);
        assert!(text.contains(marker), "{shell}: {}", &text[..text.len().min(200)]);
        assert!(text.contains("same-subnet"), "{shell} completes the commands");
    }
    assert_eq!(code(&run(&["completions", "tcsh"])), 2);
}
