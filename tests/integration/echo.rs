//! The echo pair on 127.0.0.1, port 0: correctness under many clients, however TCP splits the
//! stream, half-close, backpressure (bounded server memory), limits, timeouts, shutdown.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use netcalc::echo::{client, server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::util::{code, netcalc, stderr, stdout};

const T: Duration = Duration::from_secs(20);

fn quiet() -> server::Config {
    server::Config { events: None, ..server::Config::default() }
}

struct Running {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    handle: JoinHandle<server::Summary>,
}

impl Running {
    async fn stop(self) -> server::Summary {
        let _ = self.stop.send(true);
        self.handle.await.unwrap()
    }
}

async fn start(cfg: server::Config) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, mut rx) = watch::channel(false);
    let handle = tokio::spawn(server::serve_tcp(listener, cfg, async move {
        let _ = rx.wait_for(|s| *s).await;
    }));
    Running { addr, stop, handle }
}

/// Deterministic pseudo-random bytes.
fn bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[tokio::test]
async fn tcp_verbatim_and_upper() {
    let s = start(quiet()).await;
    let mut c = client::connect(s.addr, T).await.unwrap();
    let msg = "Hello, wörld! 123\n".as_bytes();
    assert_eq!(client::roundtrip(&mut c, msg, T).await.unwrap(), msg);
    let binary = bytes(70_000, 1);
    assert_eq!(client::roundtrip(&mut c, &binary, T).await.unwrap(), binary);
    drop(c);
    let summary = s.stop().await;
    assert_eq!(summary.connections, 1);
    assert_eq!(summary.bytes_in, (msg.len() + binary.len()) as u64);

    let s = start(server::Config { upper: true, ..quiet() }).await;
    let mut c = client::connect(s.addr, T).await.unwrap();
    let echo = client::roundtrip(&mut c, msg, T).await.unwrap();
    assert_eq!(echo, "HELLO, WöRLD! 123\n".as_bytes(), "ASCII letters only, lengths unchanged");
    s.stop().await;
}

#[tokio::test]
async fn udp_verbatim_upper_and_large_datagrams() {
    for upper in [false, true] {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = sock.local_addr().unwrap();
        let (stop, mut rx) = watch::channel(false);
        let h = tokio::spawn(server::serve_udp(sock, server::Config { upper, ..quiet() }, async move {
            let _ = rx.wait_for(|s| *s).await;
        }));
        let c = client::udp_connect(addr).await.unwrap();
        let echo = client::udp_roundtrip(&c, b"ping me", T, 3).await.unwrap();
        assert_eq!(echo, if upper { &b"PING ME"[..] } else { &b"ping me"[..] });
        let big = vec![b'x'; 60_000];
        let echo = client::udp_roundtrip(&c, &big, T, 3).await.unwrap();
        assert_eq!(echo.len(), 60_000, "no silent truncation");
        let _ = stop.send(true);
        let summary = h.await.unwrap();
        assert_eq!(summary.datagrams, 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_clients_one_mib_each() {
    let s = start(quiet()).await;
    let mut tasks = Vec::new();
    for i in 0..200u64 {
        let addr = s.addr;
        tasks.push(tokio::spawn(async move {
            let data = bytes(1 << 20, i + 7);
            let mut c = client::connect(addr, T).await.unwrap();
            let echo = client::roundtrip(&mut c, &data, T).await.unwrap();
            assert!(echo == data, "client {i}: every byte echoed");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let summary = s.stop().await;
    assert_eq!(summary.connections, 200);
    assert_eq!(summary.bytes_out, 200 << 20);
}

#[tokio::test]
async fn one_mib_arrives_in_many_reads() {
    let s = start(quiet()).await;
    let stream = TcpStream::connect(s.addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    let data = bytes(1 << 20, 3);
    let sent = data.clone();
    let writer = tokio::spawn(async move { wr.write_all(&sent).await.unwrap() });
    let (mut got, mut reads) = (Vec::new(), 0);
    let mut buf = vec![0u8; 1 << 20];
    while got.len() < data.len() {
        let n = rd.read(&mut buf).await.unwrap();
        assert!(n > 0);
        got.extend_from_slice(&buf[..n]);
        reads += 1;
    }
    writer.await.unwrap();
    assert!(reads > 1, "TCP split the echo ({reads} reads), and all of it arrived");
    assert!(got == data);
    s.stop().await;
}

#[tokio::test]
async fn half_close_still_gets_everything() {
    let s = start(quiet()).await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    let data = bytes(300_000, 5);
    stream.write_all(&data).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut got = Vec::new();
    tokio::time::timeout(T, stream.read_to_end(&mut got)).await.unwrap().unwrap();
    assert!(got == data, "all {} bytes echoed before the server closed", data.len());
    s.stop().await;
}

#[tokio::test(start_paused = true)]
async fn idle_connections_are_closed() {
    // The paused clock jumps ahead while everything waits: no real sleeping.
    let s = start(server::Config { idle_timeout: Duration::from_secs(300), ..quiet() }).await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    let started = tokio::time::Instant::now();
    let mut buf = [0u8; 1];
    let n = stream.read(&mut buf).await.unwrap();
    assert_eq!(n, 0, "the server closed the idle connection");
    assert!(started.elapsed() >= Duration::from_secs(300), "only after the idle timeout");
    let summary = s.stop().await;
    assert_eq!(summary.idle_closed, 1);
}

#[tokio::test]
async fn max_conns_makes_extra_connections_wait() {
    let s = start(server::Config { max_conns: 2, ..quiet() }).await;
    let mut a = client::connect(s.addr, T).await.unwrap();
    let mut b = client::connect(s.addr, T).await.unwrap();
    assert_eq!(client::roundtrip(&mut a, b"a", T).await.unwrap(), b"a");
    assert_eq!(client::roundtrip(&mut b, b"b", T).await.unwrap(), b"b");
    let mut c = client::connect(s.addr, T).await.unwrap();
    let waiting = client::roundtrip(&mut c, b"c", Duration::from_millis(300)).await;
    assert!(waiting.is_err(), "the third connection waits while two are open");
    drop(a);
    let mut rest = [0u8; 1];
    tokio::time::timeout(T, c.read_exact(&mut rest)).await.unwrap().unwrap();
    assert_eq!(&rest, b"c", "served as soon as one closed");
    drop((b, c));
    assert_eq!(s.stop().await.connections, 3);
}

#[tokio::test]
async fn shutdown_closes_idle_connections_and_reports() {
    let s = start(quiet()).await;
    let mut c = client::connect(s.addr, T).await.unwrap();
    client::roundtrip(&mut c, b"bye", T).await.unwrap();
    let summary = tokio::time::timeout(T, s.stop()).await.expect("stops promptly");
    assert_eq!((summary.connections, summary.bytes_in, summary.aborted), (1, 3, 0));
    let mut buf = [0u8; 1];
    assert_eq!(c.read(&mut buf).await.unwrap(), 0, "the connection was closed");
}

/// A connection cut at the grace period (its client sends but never reads, so the server is
/// stuck writing) still has every byte it moved counted.
#[tokio::test]
async fn a_connection_cut_at_the_grace_period_is_counted() {
    let s = start(server::Config { grace: Duration::from_millis(200), ..quiet() }).await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    let writer = tokio::spawn(async move {
        let chunk = vec![b'x'; 1 << 16];
        // Until the server stops reading (its writes back are blocked) or closes.
        while c.write_all(&chunk).await.is_ok() {}
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let summary = tokio::time::timeout(T, s.stop()).await.expect("stops after the grace period");
    assert_eq!(summary.aborted, 1);
    // Kernel buffers both ways hold megabytes on loopback: well over 64 KiB went through.
    assert!(summary.bytes_in > 1 << 16 && summary.bytes_out > 1 << 16, "{summary:?}");
    assert!(summary.bytes_in >= summary.bytes_out);
    writer.abort();
}

/// A runtime of two workers for connections, as the binary has on two CPUs or more.
fn two_workers() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_io().build().unwrap()
}

/// Connections served on `workers` with a generous polling budget: a client's next message
/// surely comes within it, on a busy machine too.
fn polling(workers: &tokio::runtime::Runtime) -> server::Config {
    server::Config {
        busy_poll: Duration::from_millis(20),
        workers: Some(workers.handle().clone()),
        ..quiet()
    }
}

/// A blocking client with TCP_NODELAY: a process of its own, as far as the server can tell.
fn blocking_client(addr: SocketAddr) -> std::net::TcpStream {
    let c = std::net::TcpStream::connect(addr).unwrap();
    c.set_nodelay(true).unwrap();
    c
}

/// `n` round trips of varied sizes on a blocking client, every echo checked upper-cased;
/// returns the bytes sent.
fn quick_client(stream: &mut std::net::TcpStream, n: u64) -> u64 {
    let mut total = 0;
    for i in 0..n {
        let msg = bytes(1 + (i as usize * 37) % 9000, i);
        stream.write_all(&msg).unwrap();
        let mut echo = vec![0; msg.len()];
        stream.read_exact(&mut echo).unwrap();
        assert!(echo == msg.to_ascii_uppercase(), "message {i} echoed upper-cased");
        total += msg.len() as u64;
    }
    total
}

#[tokio::test]
async fn busy_polling_serves_a_lone_quick_client() {
    let workers = two_workers();
    for busy_poll in [polling(&workers).busy_poll, Duration::ZERO] {
        let s = start(server::Config { upper: true, busy_poll, ..polling(&workers) }).await;
        let addr = s.addr;
        let total = tokio::task::spawn_blocking(move || {
            quick_client(&mut blocking_client(addr), 300)
            // Closed while the server is likely polling: the end is seen there too.
        })
        .await
        .unwrap();
        let summary = tokio::time::timeout(T, s.stop()).await.unwrap();
        assert_eq!((summary.bytes_in, summary.bytes_out, summary.aborted), (total, total, 0));
        if busy_poll.is_zero() {
            assert_eq!(summary.busy_polled, 0, "--busy-poll 0 turns it off");
        } else {
            assert!(summary.busy_polled > 0, "a lone client's next messages were found by polling");
        }
    }
    workers.shutdown_background();
}

#[tokio::test]
async fn busy_polling_gives_way_to_newcomers_and_shutdown() {
    let workers = two_workers();
    let s = start(server::Config { upper: true, ..polling(&workers) }).await;
    let addr = s.addr;
    // A client that never pauses: its connection always has the next message ready.
    let (warm_tx, warm_rx) = tokio::sync::oneshot::channel();
    let hot = std::thread::spawn(move || {
        let mut c = blocking_client(addr);
        quick_client(&mut c, 200);
        warm_tx.send(()).unwrap();
        let mut buf = [0u8; 64];
        // Until the server closes the connection.
        while c.write_all(b"ping").is_ok() && c.read_exact(&mut buf[..4]).is_ok() {}
    });
    warm_rx.await.unwrap();
    // Accepting and serving a newcomer do not wait for the busy connection to pause.
    let mut c = client::connect(addr, T).await.unwrap();
    assert_eq!(client::roundtrip(&mut c, b"hi", T).await.unwrap(), b"HI");
    drop(c);
    // Nor does shutdown: the busy connection is closed at its next pause (it pauses after
    // every message, waiting for the echo), well within the grace period.
    let summary = tokio::time::timeout(T, s.stop()).await.expect("stops");
    assert_eq!((summary.connections, summary.aborted), (2, 0));
    assert!(summary.busy_polled > 0);
    hot.join().unwrap();
    workers.shutdown_background();
}

#[tokio::test]
async fn busy_polling_only_for_a_lone_connection() {
    let workers = two_workers();
    let s = start(polling(&workers)).await;
    let mut a = client::connect(s.addr, T).await.unwrap();
    let mut b = client::connect(s.addr, T).await.unwrap();
    // b's echo proves both are accepted before any reply.
    assert_eq!(client::roundtrip(&mut b, b"b", T).await.unwrap(), b"b");
    for _ in 0..100 {
        assert_eq!(client::roundtrip(&mut a, b"ping", T).await.unwrap(), b"ping");
        assert_eq!(client::roundtrip(&mut b, b"pong", T).await.unwrap(), b"pong");
    }
    drop((a, b));
    let summary = s.stop().await;
    assert_eq!(summary.busy_polled, 0, "two connections, no polling");
    assert_eq!(summary.bytes_out, 1 + 800);
    workers.shutdown_background();
}

/// The binary serving, and everything it has written to standard error so far.
struct Server {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Waits until the log holds `what`.
    fn logged(&self, what: &str) {
        let deadline = Instant::now() + T;
        while !self.log().contains(what) {
            assert!(Instant::now() < deadline, "no {what:?} in the log: {}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGTERM; the server must exit 0 with its `--json` summary on stdout, returned.
    fn stop_json(&mut self) -> serde_json::Value {
        self.signal("-TERM");
        self.exit_json()
    }

    fn signal(&self, sig: &str) {
        assert!(Command::new("kill").args([sig, &self.child.id().to_string()]).status().unwrap().success());
    }

    /// Waits for the server to exit 0 with its `--json` summary on stdout, and returns it.
    fn exit_json(&mut self) -> serde_json::Value {
        let deadline = Instant::now() + T;
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            assert!(Instant::now() < deadline, "server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(0));
        let mut out = String::new();
        self.child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
        serde_json::from_str(out.trim()).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_server(args: &[&str]) -> (Server, u16) {
    spawn_server_limited(None, args)
}

/// The server on a port of the kernel's choosing (read back from its first line), with its
/// open-file limit (soft and hard) set to `files` if given.
fn spawn_server_limited(files: Option<u32>, args: &[&str]) -> (Server, u16) {
    let mut cmd = match files {
        None => Command::new(env!("CARGO_BIN_EXE_netcalc")),
        Some(n) => {
            let mut c = Command::new("sh");
            c.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), env!("CARGO_BIN_EXE_netcalc")]);
            c
        }
    };
    let child = cmd
        .args(["echo", "server", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = child;
    // Standard error is read as it comes (a full pipe would stall the server), into the log.
    let log = Arc::new(Mutex::new(String::new()));
    let (mut err, sink) = (child.stderr.take().unwrap(), log.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = err.read(&mut buf) {
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let server = Server { child, log };
    server.logged("listening on");
    let port = bound_port(&server.log()).expect("the server says where it listens");
    (server, port)
}

/// The port in the server's first line, `netcalc echo: listening on 127.0.0.1:PORT (...`.
fn bound_port(log: &str) -> Option<u16> {
    let addr = log.split("listening on ").nth(1)?.split(' ').next()?;
    Some(addr.parse::<SocketAddr>().ok()?.port())
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .unwrap()
        .trim()
        .trim_end_matches(" kB")
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn out_of_file_descriptors_the_server_backs_off_and_goes_on() {
    let (mut server, port) = spawn_server_limited(Some(24), &[]);
    // More connections than descriptors: the kernel queues them, the server cannot take them.
    let mut held: Vec<_> =
        (0..40).map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap()).collect();
    server.logged("accept failed");
    let echo = |s: &mut std::net::TcpStream, msg: &[u8]| {
        s.set_read_timeout(Some(T)).unwrap();
        s.write_all(msg).unwrap();
        let mut got = vec![0; msg.len()];
        s.read_exact(&mut got).unwrap();
        assert_eq!(got, msg);
    };
    echo(&mut held[0], b"still serving\n");
    // Descriptors come back as connections close, and the queued ones are taken in turn.
    let last = held.pop().unwrap();
    held.truncate(1);
    let mut last = last;
    echo(&mut last, b"served after the back-off\n");
    echo(&mut held[0], b"and the first one too\n");
    assert!(server.child.try_wait().unwrap().is_none(), "the server is still running");
}

#[test]
fn a_client_that_never_reads_cannot_grow_the_server() {
    let (server, port) = spawn_server(&[]);
    let before = rss_kib(server.child.id());
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(1))).unwrap();
    let chunk = vec![b'z'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 100 << 20 {
        match s.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break, // stalled for a second: the server stopped reading
        }
    }
    let after = rss_kib(server.child.id());
    assert!(sent < 40 << 20, "backpressure: only {} MiB of 100 could be sent", sent >> 20);
    assert!(
        after < before + 16 * 1024,
        "server RSS {before} KiB -> {after} KiB while {} MiB were pushed at it",
        sent >> 20
    );
}

#[test]
fn sigterm_stops_gracefully_with_a_summary() {
    let (mut server, port) = spawn_server(&["--json"]);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    // A lone client that sends again at once: the default server does not busy-poll it.
    s.set_nodelay(true).unwrap();
    for _ in 0..2000 {
        s.write_all(b"hello\n").unwrap();
        let mut buf = [0u8; 6];
        s.read_exact(&mut buf).unwrap();
    }
    let v = server.stop_json();
    assert_eq!((v["connections"].as_u64(), v["bytes_in"].as_u64()), (Some(1), Some(12_000)));
    assert_eq!(v["busy_polled"], 0, "busy polling is opt-in");
    server.logged("stopped;");
    let err = server.log();
    assert!(
        err.contains("listening on") && err.contains("stopped;") && err.contains("open 127.0.0.1:"),
        "{err}"
    );
}

/// One source gets at most --udp-rate replies a second (after a second's burst); the rest
/// are dropped, counted and reported once, and another source is still answered.
#[test]
fn udp_replies_to_one_source_are_rate_limited() {
    let (mut server, port) = spawn_server(&["--udp", "--udp-rate", "100", "--json"]);
    let flood = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    flood.connect(("127.0.0.1", port)).unwrap();
    let start = Instant::now();
    for _ in 0..2000 {
        flood.send(b"x").unwrap();
    }
    let sending = start.elapsed().as_secs_f64();
    flood.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
    let mut answered = 0u64;
    while uninterrupted(|| flood.recv(&mut [0u8; 8])).is_ok() {
        answered += 1;
    }
    // The burst of 100, and 100 a second while the flood lasted.
    let most = 100 + (100.0 * (sending + 0.6)).ceil() as u64;
    assert!((100..=most).contains(&answered), "{answered} answered, at most {most}");
    let other = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    other.set_read_timeout(Some(T)).unwrap();
    other.send_to(b"hi", ("127.0.0.1", port)).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(uninterrupted(|| other.recv(&mut buf)).unwrap(), 2, "another source is answered");
    server.logged("passed the reply rate");
    let v = server.stop_json();
    assert_eq!(v["datagrams"].as_u64().unwrap(), answered + 1);
    // Datagrams the kernel dropped (a full receive buffer) never reach the count.
    let throttled = v["udp_throttled"].as_u64().unwrap();
    assert!(throttled > 0 && throttled + answered <= 2000, "{v}");
}

/// A datagram whose source is the server's own address and port (spoofed, through a raw
/// socket) is not answered: answering would echo to itself forever.
#[test]
#[ignore = "needs root, for a raw socket (CI runs as root)"]
fn udp_from_the_server_itself_is_not_answered() {
    let (mut server, port) = spawn_server(&["--udp", "--json"]);
    let raw = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::RAW, Some(socket2::Protocol::UDP))
        .expect("a raw socket (root)");
    // The UDP header (source and destination port the server's, checksum 0: none, as IPv4
    // allows), then the payload; the kernel adds the IP header, from 127.0.0.1.
    let mut dgram = Vec::new();
    for field in [port, port, 8 + 4, 0] {
        dgram.extend_from_slice(&field.to_be_bytes());
    }
    dgram.extend_from_slice(b"loop");
    raw.send_to(&dgram, &SocketAddr::from(([127, 0, 0, 1], 0)).into()).unwrap();
    // A loop would answer itself hundreds of thousands of times in this second.
    std::thread::sleep(Duration::from_millis(500));
    let v = server.stop_json();
    assert_eq!((v["udp_from_self"].as_u64(), v["datagrams"].as_u64()), (Some(1), Some(0)), "{v}");
}

/// `echo bench` keeps its duration whatever the server does, and says (exit 2) when it could
/// not use what it asked for: a server that accepts and never answers, or one that serves
/// fewer connections than asked.
#[test]
fn bench_stops_on_time_and_says_when_it_was_not_served() {
    // Accepted by the kernel (the backlog), never answered.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let started = Instant::now();
    let o = netcalc()
        .args(["echo", "bench", &addr, "-c", "3", "-d", "0.5", "--json"])
        .timeout(T)
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "the bench ran past its duration");
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["requests"].as_u64(), v["unserved_connections"].as_u64()), (Some(0), Some(3)));
    assert!(stderr(&o).contains("got no echo"), "{}", stderr(&o));
    // Two served, three waiting in the server's backlog for the whole run.
    let (_server, port) = spawn_server(&["--max-conns", "2"]);
    let o = netcalc()
        .args(["echo", "bench", &format!("127.0.0.1:{port}"), "-c", "5", "-d", "0.5", "--json"])
        .timeout(T)
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["requested_connections"], 5);
    // Exactly three: no connection closes before all have stopped, which would free a slot
    // for a waiting one at the very end.
    assert_eq!(v["unserved_connections"], 3, "{v}");
    assert!(v["requests"].as_u64().unwrap() > 0, "{v}");
    assert!(stderr(&o).contains("3 of 5 open connections got no echo"), "{}", stderr(&o));
}

/// `echo bench` shows its progress on a terminal, and writes nothing but its report into a pipe.
#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal"]
fn bench_progress_only_on_a_terminal() {
    crate::util::require_tool("script");
    let (_server, port) = spawn_server(&[]);
    let addr = format!("127.0.0.1:{port}");
    let o = netcalc().args(["echo", "bench", &addr, "-c", "2", "-d", "0.5", "--json"]).output().unwrap();
    assert_eq!(code(&o), 0);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let cmd = format!("'{}' echo bench {addr} -c 2 -d 0.5 --json", env!("CARGO_BIN_EXE_netcalc"));
    let o = Command::new("script").args(["-qec", &cmd, "/dev/null"]).env("TERM", "xterm").output().unwrap();
    let seen = String::from_utf8_lossy(&o.stdout);
    assert!(seen.contains("round trips"), "{seen}");
}

/// A slowloris from one address holds at most --max-conns-per-source slots: its further
/// connections are closed at once, and a client from another address is served.
#[test]
fn one_source_cannot_take_every_slot() {
    let (mut server, port) = spawn_server(&["--max-conns", "10", "--max-conns-per-source", "3", "--json"]);
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.write_all(b"x").unwrap();
        let mut b = [0u8; 1];
        c.read_exact(&mut b).unwrap();
        held.push(c);
    }
    let mut fourth = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    fourth.set_read_timeout(Some(T)).unwrap();
    let _ = fourth.write_all(b"x");
    let mut b = [0u8; 1];
    assert!(matches!(fourth.read(&mut b), Ok(0) | Err(_)), "the fourth connection is closed at once");
    // Another address on loopback (all of 127/8 is local on Linux) is another source.
    let other = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    other.bind(&SocketAddr::from(([127, 0, 0, 2], 0)).into()).unwrap();
    other.connect(&SocketAddr::from(([127, 0, 0, 1], port)).into()).unwrap();
    let mut other: std::net::TcpStream = other.into();
    other.set_read_timeout(Some(T)).unwrap();
    other.write_all(b"y").unwrap();
    other.read_exact(&mut b).unwrap();
    assert_eq!(&b, b"y");
    server.logged("--max-conns-per-source");
    drop((held, other, fourth));
    let v = server.stop_json();
    assert_eq!((v["connections"].as_u64(), v["refused_per_source"].as_u64()), (Some(4), Some(1)), "{v}");
}

/// SIGHUP stops the server as SIGTERM does, with its summary; a second signal during a long
/// grace period cuts the open connections at once, their bytes still counted.
#[test]
fn sighup_stops_and_a_second_signal_cuts_the_grace_short() {
    let (mut server, _) = spawn_server(&["--json"]);
    server.signal("-HUP");
    assert_eq!(server.exit_json()["connections"], 0);
    let (mut server, port) = spawn_server(&["--json", "--grace", "1000"]);
    let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_write_timeout(Some(Duration::from_millis(300))).unwrap();
    let chunk = vec![b'x'; 1 << 16];
    // Send, never read, until the buffers both ways are full and the server is stuck writing.
    while c.write_all(&chunk).is_ok() {}
    server.signal("-TERM");
    server.logged("shutting down");
    let started = Instant::now();
    server.signal("-TERM");
    let v = server.exit_json();
    assert!(started.elapsed() < T, "the second signal did not wait out --grace 1000");
    assert_eq!(v["aborted"], 1, "{v}");
    assert!(v["bytes_in"].as_u64().unwrap() > 1 << 16, "{v}");
    server.logged("second signal");
}

/// Runs a socket read again while a signal interrupts it. With a read timeout set, Linux
/// never restarts a socket read after a signal handler ran (signal(7)), and this CI run saw
/// one fail with EINTR; `read_exact` retries by itself, a single `read` or `recv` does not.
fn uninterrupted<R>(mut read: impl FnMut() -> std::io::Result<R>) -> std::io::Result<R> {
    loop {
        match read() {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

/// The binary serves connections on worker threads of their own and sweeps idle ones from the
/// main thread (the in-process test above has one runtime and a paused clock): check that path
/// with a short real timeout.
#[test]
fn binary_closes_idle_connections() {
    let (_server, port) = spawn_server(&["--idle-timeout", "0.3"]);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"ping\n").unwrap();
    let mut buf = [0u8; 5];
    s.read_exact(&mut buf).unwrap();
    let started = Instant::now();
    s.set_read_timeout(Some(T)).unwrap();
    assert_eq!(uninterrupted(|| s.read(&mut buf)).unwrap(), 0, "the idle connection was closed");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(250), "closed after {waited:?}, before the idle timeout");
}

#[test]
fn port_already_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = netcalc().args(["echo", "server", "--listen", &addr]).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already in use"), "{}", stderr(&o));
}

#[test]
fn busy_poll_takes_microseconds_up_to_a_second() {
    for bad in ["2000000", "-1", "0.5", "lots"] {
        let o = netcalc().args(["echo", "server", &format!("--busy-poll={bad}")]).output().unwrap();
        assert_eq!(code(&o), 2, "--busy-poll {bad}");
        assert!(stderr(&o).contains("--busy-poll"), "{}", stderr(&o));
    }
}

#[test]
fn client_binary_prints_exactly_the_echo() {
    let (_server, port) = spawn_server(&["--upper", "--both"]);
    let addr = format!("127.0.0.1:{port}");
    let o = netcalc().args(["echo", "client", &addr, "hello", "bye"]).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "HELLO\nBYE\n");
    let o = netcalc().args(["echo", "client", &addr]).write_stdin("line one\nline two\n").output().unwrap();
    assert_eq!(stdout(&o), "LINE ONE\nLINE TWO\n");
    let o = netcalc().args(["echo", "client", &addr, "--udp", "dgram"]).output().unwrap();
    assert_eq!(stdout(&o), "DGRAM\n");
    let o = netcalc()
        .args(["echo", "bench", &addr, "-c", "3", "-d", "0.3", "--upper", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["requests"].as_u64().unwrap() > 0);
    assert_eq!(v["mismatches"], 0);
    // A client resolves names, trying each address (localhost may be ::1 first): the server
    // listens on 127.0.0.1 only.
    let named = format!("localhost:{port}");
    let o = netcalc().args(["echo", "client", &named, "hi"]).output().unwrap();
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "HI\n"), "{}", stderr(&o));
    let o = netcalc()
        .args(["echo", "bench", &named, "-c", "1", "-d", "0.2", "--upper", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// Every numeric option is checked before anything starts.
#[test]
fn out_of_range_options_are_refused_up_front() {
    for args in [
        &["echo", "server", "--max-conns", "18446744073709551615"][..],
        &["echo", "server", "--max-conns", "0"][..],
        &["echo", "server", "--idle-timeout", "0"][..],
        &["echo", "client", "127.0.0.1:9", "hi", "--udp", "--tries", "0"][..],
    ] {
        let o = netcalc().args(args).timeout(T).output().unwrap();
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("listening"), "{args:?}: nothing starts");
    }
}

#[test]
fn client_errors() {
    // A port that is bound, so nobody else can take it, but not listening: connections to it are
    // refused.
    let held = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    held.bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into()).unwrap();
    let port = held.local_addr().unwrap().as_socket().unwrap().port();
    let o = netcalc().args(["echo", "client", &format!("127.0.0.1:{port}"), "hi"]).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("connection refused"), "{}", stderr(&o));
    for bad in ["127.0.0.1", "local_host:80", "localhost:", "127.0.0.1:99999", "::1:80", "010.0.0.1:80"] {
        let o = netcalc().args(["echo", "client", bad, "hi"]).output().unwrap();
        assert_eq!(code(&o), 2, "{bad}");
    }
    // Sizes that would only exhaust memory are refused up front, not aborted on.
    for args in
        [&["--length", "100000000000"][..], &["--connections", "100000000"][..], &["--length", "0"][..]]
    {
        let o = netcalc().args(["echo", "bench", &format!("127.0.0.1:{port}")]).args(args).output().unwrap();
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("must be from 1 to"), "{args:?}: {}", stderr(&o));
    }
}

#[tokio::test]
#[ignore = "needs root, to bind UDP port 1000 (CI runs as root)"]
async fn udp_ignores_low_source_ports() {
    let low = UdpSocket::bind("127.0.0.1:1000").await.expect("binding UDP port 1000 (root only)");
    let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = sock.local_addr().unwrap();
    let (stop, mut rx) = watch::channel(false);
    let h = tokio::spawn(server::serve_udp(sock, quiet(), async move {
        let _ = rx.wait_for(|s| *s).await;
    }));
    low.connect(addr).await.unwrap();
    assert!(client::udp_roundtrip(&low, b"loop?", Duration::from_millis(200), 1).await.is_err());
    let _ = stop.send(true);
    assert_eq!(h.await.unwrap().refused_low_ports, 1);
}
