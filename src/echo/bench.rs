//! The load generator: C connections, each sending an L-byte message and reading the echo
//! back, for a duration; every echoed byte is checked; latency percentiles and the fairness of
//! the service (the least-served connection against the median) are reported.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Barrier;

use super::client::Conn;

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The server.
    pub addr: SocketAddr,
    /// Concurrent connections.
    pub connections: usize,
    /// Message length in bytes.
    pub length: usize,
    /// How long to measure.
    pub duration: Duration,
    /// UDP instead of TCP.
    pub udp: bool,
    /// Expect the server to upper-case what it echoes.
    pub upper: bool,
    /// Round trips so far, for a progress display: each connection adds its count every 256
    /// round trips and at its end (so the total is exact once the run is over).
    pub progress: Option<Arc<AtomicU64>>,
}

/// The measurement.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Connections that ran.
    pub connections: usize,
    /// Message length.
    pub length: usize,
    /// Seconds measured.
    pub seconds: f64,
    /// Round trips completed and verified.
    pub requests: u64,
    /// Round trips per second.
    pub requests_per_sec: f64,
    /// Payload megabytes per second, each way (10^6 bytes).
    pub mb_per_sec: f64,
    /// Median latency, microseconds.
    pub p50_us: u64,
    /// 99th percentile latency, microseconds.
    pub p99_us: u64,
    /// Worst latency, microseconds.
    pub max_us: u64,
    /// Round trips of the least-served connection.
    pub min_conn_requests: u64,
    /// Round trips of the median connection.
    pub median_conn_requests: u64,
    /// Echoes that differed from what was sent.
    pub mismatches: u64,
    /// UDP datagrams with no echo within 1 s.
    pub lost: u64,
    /// Connections asked for.
    pub requested_connections: usize,
    /// Connections that could not be opened, or failed while running (`connections` counts
    /// the others).
    pub failed_connections: usize,
    /// Connections that ran but got no echo at all in the duration (a server that accepts but
    /// does not answer, or keeps them waiting in its backlog).
    pub unserved_connections: usize,
    /// The first error of a failed connection, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

impl Report {
    /// Whether the run did what was asked: every connection opened, ran and was answered.
    pub fn complete(&self) -> bool {
        self.failed_connections == 0 && self.unserved_connections == 0 && self.requests > 0
    }
}

struct ConnResult {
    /// Kept open until every connection has stopped: closing one frees a slot on the server
    /// for a connection still waiting, which would slip in a round trip at the very end.
    link: Conn,
    requests: u64,
    mismatches: u64,
    lost: u64,
    hist: Histogram<u64>,
}

/// Runs the benchmark. Connections are all opened before the clock starts (each gets up to
/// the duration, between 1 and 10 s, to open); the run then stops at its duration whatever the
/// server does (a round trip still unanswered then is not counted). Errors only if no
/// connection could be opened at all; otherwise the report says how many failed
/// ([`Report::complete`]).
pub async fn run(cfg: Config) -> io::Result<Report> {
    let barrier = Arc::new(Barrier::new(cfg.connections + 1));
    let mut tasks = Vec::with_capacity(cfg.connections);
    for i in 0..cfg.connections {
        let cfg = cfg.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move { one(i, cfg, barrier).await }));
    }
    barrier.wait().await;
    let start = Instant::now();
    let mut hist = Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3).expect("valid bounds");
    let (mut requests, mut mismatches, mut lost) = (0, 0, 0);
    let mut per_conn = Vec::with_capacity(tasks.len());
    let mut first_error = None;
    let mut failed = 0;
    let mut links = Vec::with_capacity(tasks.len());
    for t in tasks {
        match t.await.map_err(io::Error::other)? {
            Ok(r) => {
                requests += r.requests;
                mismatches += r.mismatches;
                lost += r.lost;
                per_conn.push(r.requests);
                hist.add(&r.hist).expect("same bounds");
                links.push(r.link);
            }
            Err(e) => {
                failed += 1;
                first_error.get_or_insert(e);
            }
        }
    }
    if per_conn.is_empty() {
        return Err(first_error.unwrap_or_else(|| io::Error::other("no connection ran")));
    }
    let unserved = per_conn.iter().filter(|r| **r == 0).count();
    drop(links);
    let seconds = start.elapsed().as_secs_f64().max(cfg.duration.as_secs_f64());
    per_conn.sort_unstable();
    Ok(Report {
        connections: per_conn.len(),
        length: cfg.length,
        seconds,
        requests,
        requests_per_sec: requests as f64 / seconds,
        mb_per_sec: (requests as f64 * cfg.length as f64) / seconds / 1e6,
        p50_us: hist.value_at_quantile(0.5),
        p99_us: hist.value_at_quantile(0.99),
        max_us: hist.max(),
        min_conn_requests: per_conn[0],
        median_conn_requests: per_conn[per_conn.len() / 2],
        mismatches,
        lost,
        requested_connections: cfg.connections,
        failed_connections: failed,
        unserved_connections: unserved,
        first_error: first_error.map(|e| e.to_string()),
    })
}

/// A message that differs per connection and round, so a misrouted echo is caught.
fn fill(buf: &mut [u8], conn: usize, round: u64) {
    let mut x = (conn as u64) << 32 ^ round ^ 0x9e37_79b9_7f4a_7c15;
    for b in buf.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = b'a' + (x % 26) as u8;
    }
}

/// Whether `got` is the echo of `msg` (upper-cased if `upper`); `want` is scratch space.
fn echoed(msg: &[u8], got: &[u8], upper: bool, want: &mut [u8]) -> bool {
    want.copy_from_slice(msg);
    if upper {
        super::upper(want);
    }
    got == want
}

impl Conn {
    /// Sends `msg` and fills `got` with the echo: its length, or `None` for a lost datagram.
    async fn exchange(&mut self, msg: &[u8], got: &mut [u8]) -> io::Result<Option<usize>> {
        match self {
            Conn::Tcp(stream) => {
                let (mut rd, mut wr) = stream.split();
                let (w, r) = tokio::join!(wr.write_all(msg), rd.read_exact(got));
                w?;
                r?;
                Ok(Some(msg.len()))
            }
            Conn::Udp(sock) => {
                sock.send(msg).await?;
                match tokio::time::timeout(Duration::from_secs(1), sock.recv(got)).await {
                    Ok(r) => r.map(Some),
                    Err(_) => Ok(None),
                }
            }
        }
    }
}

async fn one(i: usize, cfg: Config, barrier: Arc<Barrier>) -> io::Result<ConnResult> {
    let mut hist = Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3).expect("valid bounds");
    let (mut msg, mut want) = (vec![0u8; cfg.length], vec![0u8; cfg.length]);
    // UDP receives into room for the largest datagram, so an over-long echo is caught.
    let mut got = vec![0u8; if cfg.udp { super::server::UDP_BUF } else { cfg.length }];
    let (mut requests, mut mismatches, mut lost) = (0u64, 0u64, 0u64);
    let opening = cfg.duration.clamp(Duration::from_secs(1), Duration::from_secs(10));
    let link = Conn::open(cfg.addr, cfg.udp, opening).await;
    barrier.wait().await;
    let mut link = link?;
    let end = tokio::time::Instant::now() + cfg.duration;
    let mut round = 0;
    while tokio::time::Instant::now() < end {
        fill(&mut msg, i, round);
        round += 1;
        let t = Instant::now();
        // The duration is kept whatever the server does: a round trip unanswered at the end
        // is not counted.
        let Ok(exchanged) = tokio::time::timeout_at(end, link.exchange(&msg, &mut got)).await else {
            break;
        };
        match exchanged? {
            Some(n) => {
                hist.saturating_record(t.elapsed().as_micros() as u64);
                mismatches += u64::from(!echoed(&msg, &got[..n], cfg.upper, &mut want));
                requests += 1;
                if requests.is_multiple_of(256)
                    && let Some(p) = &cfg.progress
                {
                    p.fetch_add(256, Ordering::Relaxed);
                }
            }
            None => lost += 1,
        }
    }
    if let Some(p) = &cfg.progress {
        p.fetch_add(requests % 256, Ordering::Relaxed);
    }
    Ok(ConnResult { link, requests, mismatches, lost, hist })
}
