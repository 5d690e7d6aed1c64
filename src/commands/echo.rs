//! `netcalc echo server|client|bench`: the runtime, addresses, errors and reports around
//! [`netcalc::echo`].

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use super::errors::io_words;
use crate::cli::{EchoBenchArgs, EchoClientArgs, EchoCommand, EchoServerArgs};
use crate::commands::{YES, write_err};
use crate::i18n::t;
use crate::output::{Style, json_line};
use netcalc::addr::parse_addr;
use netcalc::echo::{bench, client, server};
use netcalc::error::{Error, Result};

pub(crate) fn run(cmd: &EchoCommand, out: &mut dyn Write, style: Style) -> Result<u8> {
    match cmd {
        EchoCommand::Server(a) => serve(a, out),
        EchoCommand::Client(a) => chat(a, out),
        EchoCommand::Bench(a) => load(a, out, style),
    }
}

/// Connections `echo bench` opens at most.
const MAX_CONNECTIONS: usize = 100_000;
/// The longest `echo bench` message.
const MAX_LENGTH: usize = 64 << 20;
/// The most the client sends at once from standard input.
const CHUNK: u64 = 1 << 20;

/// `IP:PORT`, `[IPv6]:PORT` or `NAME:PORT`: the addresses to try, in order. A literal address
/// is taken strictly; a name (`localhost`) is resolved by the system, as every client does.
fn socket_addrs(text: &str) -> Result<Vec<SocketAddr>> {
    let bad = || Error::invalid(t!("echo-bad-address", text = format!("{text:?}")));
    let (host, port) = text.rsplit_once(':').ok_or_else(bad)?;
    let host = match host.strip_prefix('[') {
        Some(h) => h.strip_suffix(']').ok_or_else(bad)?,
        None if host.contains(':') => return Err(bad()),
        None => host,
    };
    if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let port: u16 =
        port.parse().map_err(|_| Error::invalid(t!("port-out-of-range", q = format!("{text:?}"))))?;
    let is_name = !host.is_empty()
        && host.bytes().any(|b| b.is_ascii_alphabetic())
        && !host.contains(':')
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !is_name {
        return Ok(vec![SocketAddr::new(parse_addr(host)?, port)]);
    }
    let found: Vec<SocketAddr> = std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
        .map_err(|e| {
            Error::invalid(t!("echo-cannot-resolve", host = format!("{host:?}"), error = io_words(&e)))
        })?
        .collect();
    if found.is_empty() {
        return Err(Error::invalid(t!("echo-no-address-for", host = format!("{host:?}"))));
    }
    Ok(found)
}

/// A connection to the first of `addrs` that takes one, as every client tries a name's
/// addresses (`localhost` is often `::1` first, and a server listens on one); the last
/// failure, worded, if none does.
async fn open_first(
    addrs: &[SocketAddr],
    udp: bool,
    timeout: Duration,
) -> Result<(SocketAddr, client::Conn)> {
    let mut last = Error::invalid(t!("echo-no-address"));
    for &addr in addrs {
        match client::Conn::open(addr, udp, timeout).await {
            Ok(conn) => return Ok((addr, conn)),
            Err(e) => last = client_error(addr, e),
        }
    }
    Err(last)
}

fn seconds(v: f64, what: &str) -> Result<Duration> {
    super::seconds(v, what, 1e7).map(Duration::from_secs_f64)
}

fn runtime(multi: bool) -> Result<tokio::runtime::Runtime> {
    let mut b = if multi {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    b.enable_all().build().map_err(|e| Error::Io { context: t!("echo-starting-runtime"), source: e })
}

fn bind_error(addr: SocketAddr, e: io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::AddrInUse => Error::invalid(t!("echo-addr-in-use", addr = addr.to_string())),
        io::ErrorKind::PermissionDenied => Error::invalid(t!("echo-bind-denied", addr = addr.to_string())),
        io::ErrorKind::AddrNotAvailable => Error::invalid(t!("echo-not-local", addr = addr.to_string())),
        _ => Error::Io { context: t!("echo-cannot-listen", addr = addr.to_string()), source: e },
    }
}

fn serve(a: &EchoServerArgs, out: &mut dyn Write) -> Result<u8> {
    let addr = socket_addrs(&a.listen)?[0];
    let (tcp, udp) = (!a.udp, a.udp || a.both);
    let (idle_timeout, grace) = (seconds(a.idle_timeout, "--idle-timeout")?, seconds(a.grace, "--grace")?);
    if idle_timeout.is_zero() {
        return Err(Error::invalid(t!("echo-idle-timeout-zero")));
    }
    // Connections are served by worker threads of their own; accepting, the idle sweeper,
    // UDP and signals run here, on the main thread.
    let workers = if tcp {
        Some(
            server::worker_runtime()
                .map_err(|e| Error::Io { context: t!("echo-starting-workers"), source: e })?,
        )
    } else {
        None
    };
    let cfg = server::Config {
        upper: a.upper,
        // Checked by clap: 1 to 1,000,000.
        max_conns: a.max_conns as usize,
        idle_timeout,
        grace,
        busy_poll: Duration::from_micros(a.busy_poll),
        events: (!a.quiet).then(|| server::Events::new(say)),
        workers: workers.as_ref().map(|rt| rt.handle().clone()),
        // Checked by clap: 1 to 10,000,000.
        udp_rate: a.udp_rate,
        cut_grace: Some(Arc::new(tokio::sync::Notify::new())),
        // Checked by clap: 1 to 1,000,000.
        max_conns_per_source: a.max_conns_per_source as usize,
    };
    let limit = server::raise_fd_limit();
    let rt = runtime(false)?;
    let summary = rt.block_on(async {
        let listener =
            if tcp { Some(server::bind_tcp(addr).map_err(|e| bind_error(addr, e))?) } else { None };
        // With both, UDP takes the port TCP was given (port 0 asks the kernel for one).
        let addr = match &listener {
            Some(l) => l.local_addr().unwrap_or(addr),
            None => addr,
        };
        let socket = if udp {
            Some(tokio::net::UdpSocket::bind(addr).await.map_err(|e| bind_error(addr, e))?)
        } else {
            None
        };
        let local = listener.as_ref().map(|l| l.local_addr()).or(socket.as_ref().map(|s| s.local_addr()));
        if !a.quiet {
            let protos = match (tcp, udp) {
                (true, true) => t!("echo-tcp-and-udp"),
                (true, false) => "tcp".to_string(),
                _ => "udp".to_string(),
            };
            let shown = local.and_then(|l| l.ok()).unwrap_or(addr);
            let limit = limit.map_or_else(|| t!("echo-limit-unchanged"), |l| l.to_string());
            let mode = if a.upper { t!("echo-upper-case") } else { t!("echo-verbatim") };
            let max = cfg.max_conns;
            let line = t!(
                "echo-listening",
                at = shown.to_string(),
                protos = protos,
                mode = mode,
                max = max,
                limit = limit
            );
            log_line(&line);
        }
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|s| *s).await;
        };
        let t = listener.map(|l| tokio::spawn(server::serve_tcp(l, cfg.clone(), stopped(stop_rx.clone()))));
        let u = socket.map(|s| tokio::spawn(server::serve_udp(s, cfg.clone(), stopped(stop_rx.clone()))));
        signals().await;
        let _ = stop_tx.send(true);
        // A second signal during the grace period cuts the open connections at once.
        let cut = cfg.cut_grace.clone();
        let quiet = a.quiet;
        tokio::spawn(async move {
            signals().await;
            if !quiet {
                log_line(&t!("echo-second-signal"));
            }
            if let Some(cut) = cut {
                cut.notify_one();
            }
        });
        let mut total = server::Summary::default();
        for h in [t, u].into_iter().flatten() {
            if let Ok(s) = h.await {
                total += s;
            }
        }
        Ok::<_, Error>(total)
    })?;
    // Every connection has ended or been aborted: do not wait for the threads to wind down.
    if let Some(w) = workers {
        w.shutdown_background();
    }
    if !a.quiet {
        let line = t!(
            "echo-stopped",
            connections = summary.connections,
            datagrams = summary.datagrams,
            bytes_in = summary.bytes_in,
            bytes_out = summary.bytes_out,
            idle = summary.idle_closed,
            cut = summary.aborted
        );
        log_line(&line);
        if summary.refused_per_source > 0 {
            log_line(&t!("echo-refused-per-source", n = summary.refused_per_source));
        }
        let ignored = summary.refused_low_ports + summary.udp_from_self + summary.udp_throttled;
        if ignored > 0 {
            let line = t!(
                "echo-datagrams-ignored",
                low = summary.refused_low_ports,
                own = summary.udp_from_self,
                rate = summary.udp_throttled
            );
            log_line(&line);
        }
    }
    if a.json {
        json_line(out, &summary).map_err(write_err)?;
    }
    Ok(YES)
}

/// A future that completes on Ctrl-C, SIGTERM or SIGHUP (a closed terminal: stop as for
/// SIGTERM, with the summary, rather than die without one).
async fn signals() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (signal(SignalKind::terminate()), signal(SignalKind::hangup())) {
            (Ok(mut term), Ok(mut hup)) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                    _ = hup.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A line on standard error, `netcalc echo: ...` (a closed stderr is ignored).
fn log_line(msg: &str) {
    let _ = writeln!(io::stderr().lock(), "netcalc echo: {msg}");
}

/// The server's events, worded.
fn say(e: server::Event) {
    use server::{Close, Event};
    let secs = |d: Duration| d.as_secs_f64();
    match e {
        Event::Full { max_conns } => log_line(&t!("echo-full", max = max_conns)),
        Event::Opened { peer } => log_line(&t!("echo-open", peer = peer.to_string())),
        Event::Closed { peer, why, bytes_in, bytes_out, open_for } => {
            let why = match why {
                Close::ByPeer => t!("echo-closed-by-peer"),
                Close::Idle => t!("echo-idle-timeout"),
                Close::Shutdown => t!("echo-closed-for-shutdown"),
            };
            let line = t!(
                "echo-close",
                peer = peer.to_string(),
                why = why,
                bytes_in = bytes_in,
                bytes_out = bytes_out,
                secs = format!("{:.3}", secs(open_for))
            );
            log_line(&line)
        }
        Event::Dropped { peer, error, bytes_in, bytes_out, open_for } => {
            let line = t!(
                "echo-drop",
                peer = peer.to_string(),
                error = io_words(&error),
                bytes_in = bytes_in,
                bytes_out = bytes_out,
                secs = format!("{:.3}", secs(open_for))
            );
            log_line(&line)
        }
        Event::AcceptFailed { error, retry_in } => {
            let line = t!(
                "echo-accept-failed",
                error = io_words(&error),
                retry = retry_in.as_millis() as u64,
                max = server::ACCEPT_BACKOFF_MAX.as_millis() as u64
            );
            log_line(&line)
        }
        Event::Draining { open, grace } => {
            log_line(&t!("echo-draining", grace = format!("{grace:?}"), open = open))
        }
        Event::UdpReceiveFailed { error } => {
            log_line(&t!("echo-udp-receive-failed", error = io_words(&error)))
        }
        Event::UdpLowPort { peer } => log_line(&t!("echo-udp-low-port", peer = peer.to_string())),
        Event::UdpSendFailed { peer, error } => {
            let line = t!("echo-udp-send-failed", peer = peer.to_string(), error = io_words(&error));
            log_line(&line)
        }
        Event::SourceCapped { source, max } => {
            let line = t!("echo-source-capped", source = source.to_string(), max = max);
            log_line(&line)
        }
        Event::UdpThrottled { peer } => log_line(&t!("echo-udp-throttled", peer = peer.to_string())),
        _ => {}
    }
}

fn client_error(addr: SocketAddr, e: io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Error::invalid(t!("echo-refused", addr = addr.to_string())),
        io::ErrorKind::TimedOut => {
            Error::invalid(t!("echo-timed-out", addr = addr.to_string(), error = io_words(&e)))
        }
        _ => Error::Io { context: t!("echo-with", addr = addr.to_string()), source: e },
    }
}

fn chat(a: &EchoClientArgs, out: &mut dyn Write) -> Result<u8> {
    let addrs = socket_addrs(&a.addr)?;
    let timeout = seconds(a.timeout, "--timeout")?;
    let rt = runtime(false)?;
    let (addr, mut conn) = rt.block_on(open_first(&addrs, a.udp, timeout))?;
    let mut send = |msg: &[u8], out: &mut dyn Write| -> Result<()> {
        let echo = rt.block_on(conn.roundtrip(msg, timeout, a.tries)).map_err(|e| client_error(addr, e))?;
        out.write_all(&echo).and_then(|_| out.flush()).map_err(write_err)
    };
    if !a.messages.is_empty() {
        for m in &a.messages {
            send(format!("{m}\n").as_bytes(), out)?;
        }
        return Ok(YES);
    }
    let interactive = io::stdin().is_terminal();
    let mut input = io::stdin().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        // A line, or 1 MiB of one: the echo is byte-exact either way, and memory stays bounded.
        let n = (&mut input)
            .take(CHUNK)
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::Io { context: t!("reading-stdin"), source: e })?;
        if n == 0 {
            return Ok(YES);
        }
        if interactive && matches!(line.trim_ascii(), b"bye" | b"q") {
            return Ok(YES);
        }
        send(&line, out)?;
    }
}

fn load(a: &EchoBenchArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let addrs = socket_addrs(&a.addr)?;
    if a.connections == 0 || a.connections > MAX_CONNECTIONS {
        return Err(Error::invalid(t!("bench-connections-range", max = MAX_CONNECTIONS, n = a.connections)));
    }
    if a.length == 0 || a.length > MAX_LENGTH {
        return Err(Error::invalid(t!("bench-length-range", max = MAX_LENGTH, n = a.length)));
    }
    if a.udp && a.length > server::UDP_BUF - 1 {
        return Err(Error::invalid(t!("bench-udp-length")));
    }
    server::raise_fd_limit();
    let rt = runtime(true)?;
    // The first address that takes a TCP connection; UDP, which cannot tell, takes the first.
    let first = *addrs.first().ok_or_else(|| Error::invalid(t!("echo-no-address")))?;
    let addr = if a.udp || addrs.len() == 1 {
        first
    } else {
        rt.block_on(open_first(&addrs, false, Duration::from_secs(1))).map_or(first, |(addr, _)| addr)
    };
    let cfg = bench::Config {
        addr,
        connections: a.connections,
        length: a.length,
        duration: seconds(a.duration, "--duration")?,
        udp: a.udp,
        upper: a.upper,
        progress: None,
    };
    // A progress line on a terminal (standard error), nothing into a pipe.
    let bar = io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(cfg.duration.as_millis().try_into().unwrap_or(u64::MAX));
        b.set_style(
            indicatif::ProgressStyle::with_template("bench {msg} {wide_bar} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let counted = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let cfg = bench::Config { progress: bar.as_ref().map(|_| counted.clone()), ..cfg };
    let r = rt
        .block_on(async {
            let run = bench::run(cfg);
            let Some(bar) = &bar else { return run.await };
            tokio::pin!(run);
            let started = tokio::time::Instant::now();
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tokio::select! {
                    r = &mut run => {
                        bar.finish_and_clear();
                        return r;
                    }
                    _ = tick.tick() => {
                        bar.set_position(started.elapsed().as_millis().try_into().unwrap_or(u64::MAX));
                        let n = counted.load(std::sync::atomic::Ordering::Relaxed);
                        bar.set_message(format!("{n} round trips"));
                    }
                }
            }
        })
        .map_err(|e| client_error(addr, e))?;
    if a.json {
        json_line(out, &r).map_err(write_err)?;
    } else {
        let mut t = style.pairs([t!("bench-measure"), t!("bench-value")]);
        for (k, v) in [
            ("bench-connections", r.connections.to_string()),
            ("bench-message-bytes", r.length.to_string()),
            ("bench-seconds", format!("{:.2}", r.seconds)),
            ("bench-requests", r.requests.to_string()),
            ("bench-requests-per-s", format!("{:.0}", r.requests_per_sec)),
            ("bench-mb-per-s", format!("{:.2}", r.mb_per_sec)),
            ("bench-p50", format!("{} us", r.p50_us)),
            ("bench-p99", format!("{} us", r.p99_us)),
            ("bench-max", format!("{} us", r.max_us)),
            (
                "bench-least-served",
                t!("bench-least-served-value", least = r.min_conn_requests, median = r.median_conn_requests),
            ),
            ("bench-mismatched", r.mismatches.to_string()),
            ("bench-lost", r.lost.to_string()),
            ("bench-failed", r.failed_connections.to_string()),
            ("bench-unserved", r.unserved_connections.to_string()),
        ] {
            t.add_row([crate::i18n::tr(k, &[]), v]);
        }
        writeln!(out, "{t}").map_err(write_err)?;
    }
    // Less than what was asked is said, and is not success.
    if r.failed_connections > 0 {
        out.flush().map_err(write_err)?;
        let why = r.first_error.clone().unwrap_or_else(|| t!("bench-no-reason"));
        crate::commands::warn(t!(
            "bench-some-failed",
            failed = r.failed_connections,
            requested = r.requested_connections,
            why = why,
            rest = r.connections
        ));
    }
    if r.unserved_connections > 0 {
        out.flush().map_err(write_err)?;
        crate::commands::warn(t!(
            "bench-unanswered",
            unserved = r.unserved_connections,
            open = r.connections,
            secs = format!("{:.1}", r.seconds)
        ));
    }
    Ok(if r.mismatches == 0 && r.complete() { YES } else { crate::commands::ERROR })
}
