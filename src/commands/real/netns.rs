//! Real Linux hosts for `--real`: network namespaces the run makes, the processes it starts in
//! them, and their removal. Every namespace is named `nc<pid>-<name>`, so that only what this
//! run made is ever touched; interfaces are created inside namespaces, never in the machine's
//! own. Everything is removed when the [`Netns`] is dropped (an error, a panic), and on Ctrl-C,
//! SIGTERM or SIGHUP by a watcher thread that removes them and exits 130.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use netcalc::error::{Error, Result};

/// Namespaces alive in this process, for the signal watcher.
static LIVE: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// The signal watcher, started once.
static WATCHER: OnceLock<()> = OnceLock::new();

/// How long a started process may take to say it is ready.
const READY_WITHIN: Duration = Duration::from_secs(10);

/// A process started in a namespace, its output collected by threads.
struct Proc {
    child: Child,
    stdout: Option<JoinHandle<Vec<u8>>>,
    /// Says once that the process is ready, or what it said before it stopped.
    ready: mpsc::Receiver<std::result::Result<(), String>>,
    /// Its program, for messages.
    what: String,
}

/// The namespaces of one run and the processes in them.
pub(crate) struct Netns {
    prefix: String,
    names: Vec<String>,
    procs: Vec<Proc>,
}

/// A process handle: the index of a started process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProcId(usize);

fn failed(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::invalid(crate::i18n::t!("real-failed", what = what, detail = detail.to_string()))
}

/// Runs a command to completion; a failure carries its standard error.
fn run(cmd: &mut Command) -> Result<std::process::Output> {
    let shown = format!("{cmd:?}").replace('"', "");
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| failed(&shown, e))?;
    if !out.status.success() {
        return Err(failed(&shown, String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(out)
}

/// Sends `signal` (TERM, KILL) to processes by their ids, through the shell's `kill`.
fn signal(pids: &[u32], signal: &str) {
    if pids.is_empty() {
        return;
    }
    let pids: Vec<String> = pids.iter().map(u32::to_string).collect();
    let _ = Command::new("sh")
        .args(["-c", "s=$1; shift; kill -s \"$s\" \"$@\" 2>/dev/null", "sh", signal])
        .args(&pids)
        .stdin(Stdio::null())
        .status();
}

/// Kills whatever still runs in namespace `ns`, then removes it (its interfaces go with it).
fn remove(ns: &str) {
    if let Ok(out) = Command::new("ip").args(["netns", "pids", ns]).stderr(Stdio::null()).output() {
        let pids: Vec<u32> =
            String::from_utf8_lossy(&out.stdout).split_whitespace().filter_map(|p| p.parse().ok()).collect();
        signal(&pids, "KILL");
    }
    let _ = Command::new("ip").args(["netns", "del", ns]).stderr(Stdio::null()).status();
}

/// On Ctrl-C, SIGTERM or SIGHUP: remove every live namespace and exit 130.
fn watch_signals() {
    WATCHER.get_or_init(|| {
        std::thread::spawn(|| {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                use tokio::signal::unix::{SignalKind, signal};
                let (Ok(mut int), Ok(mut term), Ok(mut hup)) = (
                    signal(SignalKind::interrupt()),
                    signal(SignalKind::terminate()),
                    signal(SignalKind::hangup()),
                ) else {
                    return;
                };
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                    _ = hup.recv() => {}
                }
            });
            let names = LIVE.lock().map(|l| l.clone()).unwrap_or_default();
            for ns in names {
                remove(&ns);
            }
            super::super::warn(crate::i18n::t!("real-interrupted"));
            std::process::exit(130);
        });
    });
}

impl Netns {
    /// Checks that this can work here (Linux, root, `ip` and the tools named), and starts the
    /// signal watcher.
    pub(crate) fn new(tools: &[(&str, &str)]) -> Result<Netns> {
        if !cfg!(target_os = "linux") {
            return Err(Error::invalid(crate::i18n::t!("real-linux-only")));
        }
        if !is_root() {
            return Err(Error::invalid(crate::i18n::t!("real-needs-root")));
        }
        for (tool, package) in [("ip", "iproute2")].iter().chain(tools) {
            if !on_path(tool) {
                return Err(Error::invalid(crate::i18n::t!(
                    "real-needs-tool",
                    tool = *tool,
                    package = *package
                )));
            }
        }
        watch_signals();
        Ok(Netns { prefix: format!("nc{}", std::process::id()), names: Vec::new(), procs: Vec::new() })
    }

    /// Makes namespace `short` (named `nc<pid>-short`) with IPv6 off (no neighbour discovery
    /// chatter), TCP timestamps off and its loopback up; returns its full name.
    pub(crate) fn add(&mut self, short: &str) -> Result<String> {
        let name = format!("{}-{short}", self.prefix);
        run(Command::new("ip").args(["netns", "add", &name]))?;
        self.names.push(name.clone());
        if let Ok(mut live) = LIVE.lock() {
            live.push(name.clone());
        }
        // The simulator's TCP sends no timestamps: nor do these hosts, so that a full segment
        // carries the MSS (1460, not 1448) on both sides.
        self.exec(
            &name,
            &[
                "sysctl",
                "-qw",
                "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1",
                "net.ipv4.tcp_timestamps=0",
            ],
        )?;
        self.ip(&name, &["link", "set", "lo", "up"])?;
        Ok(name)
    }

    /// A veth pair from `a_if` in namespace `a` to `b_if` in namespace `b`, made inside them:
    /// the machine's own namespace never holds either end.
    pub(crate) fn veth(&self, a: &str, a_if: &str, b: &str, b_if: &str) -> Result<()> {
        let args = ["link", "add", a_if, "netns", a, "type", "veth", "peer", "name", b_if, "netns", b];
        run(Command::new("ip").args(args)).map(drop)
    }

    /// `ip -n NS ARGS...`.
    pub(crate) fn ip(&self, ns: &str, args: &[&str]) -> Result<()> {
        run(Command::new("ip").arg("-n").arg(ns).args(args)).map(drop)
    }

    /// Runs a command in namespace `ns` to completion; a non-zero exit is an error.
    pub(crate) fn exec(&self, ns: &str, cmd: &[&str]) -> Result<std::process::Output> {
        run(Command::new("ip").args(["netns", "exec", ns]).args(cmd))
    }

    /// Runs a command in namespace `ns` to completion, whatever its exit status.
    pub(crate) fn exec_any(&self, ns: &str, cmd: &[&str]) -> Result<std::process::Output> {
        Command::new("ip")
            .args(["netns", "exec", ns])
            .args(cmd)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| failed(cmd.first().copied().unwrap_or("?"), e))
    }

    /// Starts a command in namespace `ns` and waits until a line of its standard error contains
    /// `ready`; its standard output is collected until [`Netns::stop`].
    pub(crate) fn spawn(&mut self, ns: &str, cmd: &[&str], ready: &str) -> Result<ProcId> {
        let id = self.start(ns, cmd, ready)?;
        self.ready(id)?;
        Ok(id)
    }

    /// Starts a command in namespace `ns` without waiting: [`Netns::ready`] waits until a line
    /// of its standard error contains `ready`. Starting several, then waiting for each, lets
    /// them get ready side by side.
    pub(crate) fn start(&mut self, ns: &str, cmd: &[&str], ready: &str) -> Result<ProcId> {
        let what = cmd.first().copied().unwrap_or("?");
        let mut child = Command::new("ip")
            .args(["netns", "exec", ns])
            .args(cmd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| failed(what, e))?;
        let mut out = child.stdout.take().map(BufReader::new);
        let stdout = std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(o) = &mut out {
                let _ = o.read_to_end(&mut buf);
            }
            buf
        });
        let err = child.stderr.take();
        let (tx, rx) = mpsc::channel();
        let marker = ready.to_string();
        std::thread::spawn(move || {
            let Some(err) = err else { return };
            let mut said = String::new();
            for line in BufReader::new(err).lines().map_while(|l| l.ok()) {
                if line.contains(&marker) {
                    let _ = tx.send(Ok(()));
                } else if said.len() < 4096 {
                    said.push_str(&line);
                    said.push('\n');
                }
            }
            let _ = tx.send(Err(said));
        });
        self.procs.push(Proc { child, stdout: Some(stdout), ready: rx, what: what.to_string() });
        Ok(ProcId(self.procs.len() - 1))
    }

    /// Waits until a started process says it is ready (at most 10 s).
    pub(crate) fn ready(&self, id: ProcId) -> Result<()> {
        let p = &self.procs[id.0];
        match p.ready.recv_timeout(READY_WITHIN) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(said)) => Err(failed(&p.what, crate::i18n::t!("real-stopped-early", said = said.trim()))),
            Err(_) => Err(failed(&p.what, crate::i18n::t!("real-not-ready", secs = READY_WITHIN.as_secs()))),
        }
    }

    /// Stops started processes with SIGTERM, all at once (SIGKILL for any that lingers 5 s),
    /// and returns what each wrote to standard output, in the order given.
    pub(crate) fn stop(&mut self, ids: &[ProcId]) -> Vec<Vec<u8>> {
        let pids: Vec<u32> = ids.iter().map(|id| self.procs[id.0].child.id()).collect();
        signal(&pids, "TERM");
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        ids.iter()
            .map(|id| {
                let p = &mut self.procs[id.0];
                while std::time::Instant::now() < deadline && matches!(p.child.try_wait(), Ok(None)) {
                    std::thread::sleep(Duration::from_millis(2));
                }
                let _ = p.child.kill();
                let _ = p.child.wait();
                p.stdout.take().and_then(|h| h.join().ok()).unwrap_or_default()
            })
            .collect()
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        for p in &mut self.procs {
            let _ = p.child.kill();
            let _ = p.child.wait();
        }
        for ns in &self.names {
            remove(ns);
        }
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|n| !self.names.contains(n));
        }
    }
}

/// Whether the effective user is root (from /proc/self/status).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").ok().is_some_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1).map(|e| e == "0"))
            .unwrap_or(false)
    })
}

/// Whether `tool` is an executable on PATH.
fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}
