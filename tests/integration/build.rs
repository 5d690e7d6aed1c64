//! The build as a newcomer meets it: the Rust version Cargo.toml promises is enough for every
//! dependency, and the library builds without the command line's crates.

use std::process::Command;

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn version(text: &str) -> Vec<u32> {
    text.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// cargo metadata has each package's own `rust-version`: none may exceed ours, or a user of
/// the Rust we name gets a build error instead of the tool.
#[test]
fn rust_version_covers_every_dependency() {
    let host = Command::new("rustc").arg("-vV").output().expect("rustc runs");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc names its host");
    let o = cargo()
        .args(["metadata", "--format-version", "1", "--locked", "--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ours = version(env!("CARGO_PKG_RUST_VERSION"));
    let mut newer = Vec::new();
    for p in meta["packages"].as_array().unwrap() {
        if let Some(v) = p["rust_version"].as_str()
            && version(v) > ours
        {
            newer.push(format!("{} {} needs Rust {v}", p["name"], p["version"]));
        }
    }
    assert!(
        newer.is_empty(),
        "Cargo.toml says rust-version {}, but {newer:?}",
        env!("CARGO_PKG_RUST_VERSION")
    );
}

/// The library alone pulls in no command-line crate.
#[test]
fn the_library_needs_no_command_line_crates() {
    let o = cargo()
        .args(["tree", "--locked", "--no-default-features", "-e", "normal", "--prefix", "none"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tree = String::from_utf8_lossy(&o.stdout);
    for name in ["clap ", "clap_complete ", "comfy-table ", "indicatif "] {
        assert!(!tree.lines().any(|l| l.starts_with(name)), "{name}in the library's tree:\n{tree}");
    }
    assert!(tree.lines().any(|l| l.starts_with("ipnet ")), "the tree is read: {tree}");
}
