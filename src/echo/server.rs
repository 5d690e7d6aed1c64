//! The echo service. One task per TCP connection with TCP_NODELAY; reads go into a buffer
//! that exists only while data flows (an idle connection holds no buffer), and each read is
//! written back before the next, so a client that sends without reading stops being read:
//! backpressure, not buffering. Byte counts of a connection reach the summary when it closes.
//! A semaphore caps connections; accept errors such as running out of file descriptors back
//! off and go on; shutdown stops accepting and gives open connections a grace period.
//! Connections can be served on a runtime of their own ([`Config::workers`]), where a lone
//! connection whose client sends again quickly is busy-polled ([`Config::busy_poll`]).

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, AtomicU32, AtomicUsize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use atomic_waker::AtomicWaker;
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream, UdpSocket};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Bytes a connection first reads at once. The read size adapts (see [`MAX_READ_BUF`]): it
/// doubles after each read that fills the buffer and halves after a run of reads that use a
/// quarter of it or less, so small messages keep small reads (and their p99) and large ones
/// get large reads (throughput). BENCHMARKS.md.
pub const READ_BUF: usize = 4 * 1024;
/// The largest read size a connection grows to.
pub const MAX_READ_BUF: usize = 64 * 1024;
/// Read sizes: READ_BUF << class, class 0 to SIZE_CLASSES - 1.
const SIZE_CLASSES: usize = 5;
const _: () = assert!(READ_BUF << (SIZE_CLASSES - 1) == MAX_READ_BUF);

/// The read size a connection uses next, from what its reads have been filling.
#[derive(Debug, Default)]
struct ReadSize {
    class: usize,
    /// Reads in a row that used a quarter of the buffer or less.
    small: u8,
}

impl ReadSize {
    /// Learns from a read of `n` bytes into a buffer of `len`.
    fn saw(&mut self, n: usize, len: usize) {
        if n == len {
            self.class = (self.class + 1).min(SIZE_CLASSES - 1);
            self.small = 0;
        } else if n <= len / 4 {
            self.small += 1;
            if self.small >= 4 {
                self.class = self.class.saturating_sub(1);
                self.small = 0;
            }
        } else {
            self.small = 0;
        }
    }
}
/// A good busy-polling budget after each reply (Linux suggests 50 µs for its own `busy_read`):
/// at one connection it took p99 from 33-34 to 25-26 µs, ahead of a thread per connection
/// (31-32 µs). BENCHMARKS.md. Not the default: it spends a core on one chatty client.
pub const BUSY_POLL: Duration = Duration::from_micros(50);
/// A UDP datagram can be this long: no silent truncation.
pub const UDP_BUF: usize = 64 * 1024;

/// How the service behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Upper-case ASCII letters instead of echoing verbatim.
    pub upper: bool,
    /// Connections served at once; more wait in the listen backlog.
    pub max_conns: usize,
    /// A connection with no progress (nothing read, or a write blocked) for this long is closed.
    pub idle_timeout: Duration,
    /// After shutdown is asked for, open connections get this long to finish.
    pub grace: Duration,
    /// Where the server reports what happens (connections opened and closed, accept errors,
    /// shutdown); `None` reports nothing. The library never writes to a terminal itself.
    pub events: Option<Events>,
    /// Where connections are served: `None` on the runtime that runs [`serve_tcp`] (tests use
    /// its paused clock), or another one ([`worker_runtime`]). The binary keeps the accept
    /// loop, the idle sweeper and signals on a runtime of their own, so that a busy-polling
    /// connection (which holds its worker) cannot delay them, and the serving runtime has no
    /// timer to consult each time a worker parks (about 350 instructions per request).
    pub workers: Option<tokio::runtime::Handle>,
    /// After each reply, keep reading the connection directly for up to this long before
    /// going back to the event loop; zero never does. Only for the one open
    /// connection, on [`Config::workers`] with two or more threads, and less often after each
    /// poll that found nothing (the spin backs off).
    pub busy_poll: Duration,
    /// UDP replies a second to any one source address and port (a burst of one second's worth
    /// first); more are dropped ([`throttle`](super::throttle)), so that a spoofed loop between
    /// two echo services or a flood is bounded.
    pub udp_rate: u32,
    /// Notified during the grace period (a second Ctrl-C), open connections are cut at once
    /// rather than at its end; `None` always waits the grace period out.
    pub cut_grace: Option<Arc<tokio::sync::Notify>>,
    /// TCP connections open at once from any one source address; more are closed as soon as
    /// accepted, so that one client (a slowloris holding slots with a byte every few seconds)
    /// cannot take every slot of [`Config::max_conns`].
    pub max_conns_per_source: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            upper: false,
            max_conns: 1024,
            idle_timeout: Duration::from_secs(300),
            grace: Duration::from_secs(5),
            events: None,
            workers: None,
            busy_poll: Duration::ZERO,
            udp_rate: 10_000,
            cut_grace: None,
            max_conns_per_source: 256,
        }
    }
}

/// What a server did, reported when it stops.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// TCP connections accepted.
    pub connections: u64,
    /// Bytes (TCP) or datagram bytes (UDP) received.
    pub bytes_in: u64,
    /// Bytes sent back.
    pub bytes_out: u64,
    /// UDP datagrams answered.
    pub datagrams: u64,
    /// UDP datagrams ignored because their source port was below 1024.
    pub refused_low_ports: u64,
    /// UDP datagrams ignored because they came from the server's own address and port (a
    /// spoofed source: answering would echo to itself forever).
    pub udp_from_self: u64,
    /// UDP datagrams dropped by the per-source rate limit ([`Config::udp_rate`]).
    pub udp_throttled: u64,
    /// TCP connections closed at once because their source had
    /// [`Config::max_conns_per_source`] open.
    pub refused_per_source: u64,
    /// Connections closed by the idle timeout.
    pub idle_closed: u64,
    /// Connections still open when the grace period ended.
    pub aborted: u64,
    /// TCP reads of data that busy polling found ([`Config::busy_poll`]) rather than the
    /// event loop.
    pub busy_polled: u64,
}

impl std::ops::AddAssign for Summary {
    /// Totals of two services (TCP and UDP on one port).
    fn add_assign(&mut self, o: Summary) {
        // Destructured whole, so that a new field cannot be left out of the total.
        let Summary {
            connections,
            bytes_in,
            bytes_out,
            datagrams,
            refused_low_ports,
            udp_from_self,
            udp_throttled,
            refused_per_source,
            idle_closed,
            aborted,
            busy_polled,
        } = o;
        self.refused_per_source += refused_per_source;
        self.udp_from_self += udp_from_self;
        self.udp_throttled += udp_throttled;
        self.connections += connections;
        self.bytes_in += bytes_in;
        self.bytes_out += bytes_out;
        self.datagrams += datagrams;
        self.refused_low_ports += refused_low_ports;
        self.idle_closed += idle_closed;
        self.aborted += aborted;
        self.busy_polled += busy_polled;
    }
}

#[derive(Default)]
struct Counters {
    connections: AtomicU64,
    /// Connections open now.
    open: AtomicUsize,
    bytes_in: AtomicU64,
    bytes_out: AtomicU64,
    idle_closed: AtomicU64,
    busy_polled: AtomicU64,
    capped: AtomicU64,
}

/// Something the server did that its operator may want to know, handed to [`Config::events`].
/// None of these is on the per-message path.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event {
    /// Every connection slot is taken: new connections wait in the listen backlog.
    Full {
        /// The cap ([`Config::max_conns`]).
        max_conns: usize,
    },
    /// A source reached [`Config::max_conns_per_source`]: its further connections are closed
    /// at once (reported once each time it reaches the cap).
    SourceCapped {
        /// The source.
        source: std::net::IpAddr,
        /// The cap.
        max: usize,
    },
    /// A TCP connection was accepted.
    Opened {
        /// The client.
        peer: SocketAddr,
    },
    /// A TCP connection ended in order.
    Closed {
        /// The client.
        peer: SocketAddr,
        /// Why.
        why: Close,
        /// Bytes read from it and written back.
        bytes_in: u64,
        /// Bytes written to it.
        bytes_out: u64,
        /// How long it was open.
        open_for: Duration,
    },
    /// A TCP connection ended with an error.
    Dropped {
        /// The client.
        peer: SocketAddr,
        /// What went wrong.
        error: io::Error,
        /// Bytes read from it.
        bytes_in: u64,
        /// Bytes written to it.
        bytes_out: u64,
        /// How long it was open.
        open_for: Duration,
    },
    /// `accept` failed (out of file descriptors, a connection aborted in the backlog...). The
    /// listener is fine: it waits `retry_in` and tries again. Reported once per burst of
    /// failures; the wait doubles with each failure of a burst, up to [`ACCEPT_BACKOFF_MAX`].
    AcceptFailed {
        /// The first error of the burst.
        error: io::Error,
        /// The first wait.
        retry_in: Duration,
    },
    /// Shutdown was asked for while connections were open.
    Draining {
        /// Connections still open.
        open: usize,
        /// How long they get ([`Config::grace`]).
        grace: Duration,
    },
    /// Receiving a datagram failed (on Linux, an ICMP port unreachable from an earlier reply).
    UdpReceiveFailed {
        /// The error.
        error: io::Error,
    },
    /// A datagram from a source port below 1024 was not answered.
    UdpLowPort {
        /// Its source.
        peer: SocketAddr,
    },
    /// A source passed its reply rate ([`Config::udp_rate`]): its datagrams are dropped until
    /// it slows down (reported once each time it starts).
    UdpThrottled {
        /// The source.
        peer: SocketAddr,
    },
    /// Sending an echo datagram failed.
    UdpSendFailed {
        /// Where it was going.
        peer: SocketAddr,
        /// The error.
        error: io::Error,
    },
}

/// Why a connection ended in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Close {
    /// The client closed its side; everything it sent was echoed first.
    ByPeer,
    /// No progress for [`Config::idle_timeout`].
    Idle,
    /// The server is shutting down and the connection was idle.
    Shutdown,
}

/// The receiver of a server's [`Event`]s: any function, called from the server's tasks.
///
/// ```
/// use netcalc::echo::server::{Config, Event, Events};
/// let cfg = Config {
///     events: Some(Events::new(|e: Event| if let Event::Opened { peer } = e { let _ = peer; })),
///     ..Config::default()
/// };
/// assert!(cfg.events.is_some());
/// ```
#[derive(Clone)]
pub struct Events(Arc<dyn Fn(Event) + Send + Sync>);

impl Events {
    /// Events handed to `f`.
    pub fn new(f: impl Fn(Event) + Send + Sync + 'static) -> Self {
        Events(Arc::new(f))
    }
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Events(..)")
    }
}

fn report(cfg: &Config, event: impl FnOnce() -> Event) {
    if let Some(events) = &cfg.events {
        (events.0)(event());
    }
}

/// The first wait after an `accept` fails; each further failure in a row doubles it.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(10);
/// The longest wait between two `accept` attempts that fail.
pub const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Binds a TCP listener with SO_REUSEADDR (a restarted server does not wait out TIME_WAIT);
/// an address in use is an error that says so.
pub fn bind_tcp(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

/// Raises the soft limit on open files to the hard limit, so that 10,000 connections can be
/// held; returns the new soft limit.
pub fn raise_fd_limit() -> Option<u64> {
    rlimit::increase_nofile_limit(u64::MAX).ok()
}

/// How many tasks a worker runs before it looks at epoll again while it still has work
/// (tokio's default is 61). A connection's turn is short, so a worker that finishes what one
/// look at epoll woke before the next look serves connections in turn: at 500 connections
/// p99 went from 13.3-14.1 ms to 9.7-10.0 ms, with requests/s unchanged (BENCHMARKS.md).
pub const EVENT_INTERVAL: u32 = 1023;

/// The runtime that serves connections for the binary ([`Config::workers`]): a worker thread
/// per CPU, I/O only (connections need no timer: the sweeper watches them), and epoll looked
/// at every [`EVENT_INTERVAL`] tasks when busy.
pub fn worker_runtime() -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .event_interval(EVENT_INTERVAL)
        .thread_name("echo-worker")
        .build()
}

/// Serves TCP echo on `listener` until `shutdown` completes, then lets open connections
/// finish within the grace period.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// use netcalc::echo::{client, server};
/// let listener = server::bind_tcp("127.0.0.1:0".parse().unwrap()).unwrap();
/// let addr = listener.local_addr().unwrap();
/// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
/// let cfg = server::Config { upper: true, ..server::Config::default() };
/// let served = tokio::spawn(server::serve_tcp(listener, cfg, async { let _ = stopped.await; }));
/// let mut conn = client::connect(addr, std::time::Duration::from_secs(5)).await.unwrap();
/// let echo = client::roundtrip(&mut conn, b"hello", std::time::Duration::from_secs(5)).await.unwrap();
/// assert_eq!(echo, b"HELLO");
/// drop(conn);
/// stop.send(()).unwrap();
/// assert_eq!(served.await.unwrap().bytes_in, 5);
/// # });
/// ```
pub async fn serve_tcp(listener: TcpListener, cfg: Config, shutdown: impl Future<Output = ()>) -> Summary {
    let mut server = Listener::new(listener, cfg);
    server.run(shutdown).await;
    server.finish().await
}

/// The accepting side: takes a connection slot, accepts, and hands the connection to a
/// [`Handler`] task; on shutdown, tells every connection and waits out the grace period.
struct Listener {
    listener: TcpListener,
    cfg: Arc<Config>,
    counters: Arc<Counters>,
    /// One permit per connection slot ([`Config::max_conns`]).
    permits: Arc<Semaphore>,
    /// Every open connection's control block. Connections hear about idleness and shutdown
    /// through their own atomics; one sweeper task watches their activity counters (no timer
    /// per connection, no lock per message).
    registry: Arc<Mutex<Vec<Weak<Control>>>>,
    sweeper: tokio::task::JoinHandle<()>,
    tasks: JoinSet<()>,
    /// Connections open from each source address, and whether its reaching the cap was told.
    sources: Arc<Mutex<HashMap<std::net::IpAddr, (usize, bool)>>>,
}

impl Listener {
    fn new(listener: TcpListener, cfg: Config) -> Self {
        let registry: Arc<Mutex<Vec<Weak<Control>>>> = Arc::default();
        Listener {
            listener,
            permits: Arc::new(Semaphore::new(cfg.max_conns.clamp(1, Semaphore::MAX_PERMITS))),
            sweeper: tokio::spawn(sweep(registry.clone(), cfg.idle_timeout)),
            cfg: Arc::new(cfg),
            counters: Arc::default(),
            registry,
            tasks: JoinSet::new(),
            sources: Arc::default(),
        }
    }

    /// Counts a connection from `source` in (until the slot is dropped), or refuses it at the
    /// per-source cap.
    fn admit(&self, source: std::net::IpAddr) -> Option<SourceSlot> {
        let max = self.cfg.max_conns_per_source.max(1);
        let mut sources = lock(&self.sources);
        let (open, told) = sources.entry(source).or_insert((0, false));
        if *open >= max {
            self.counters.capped.fetch_add(1, Ordering::Relaxed);
            if !*told {
                *told = true;
                report(&self.cfg, || Event::SourceCapped { source, max });
            }
            return None;
        }
        *open += 1;
        Some(SourceSlot { sources: self.sources.clone(), source })
    }

    /// Accepts until `shutdown` completes.
    async fn run(&mut self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut reported_full = false;
        // The wait after the last failed accept; zero when the last one succeeded.
        let mut backoff = Duration::ZERO;
        loop {
            if self.permits.available_permits() == 0 && !reported_full {
                report(&self.cfg, || Event::Full { max_conns: self.cfg.max_conns });
                reported_full = true;
            }
            let permit = tokio::select! {
                _ = &mut shutdown => return,
                p = self.permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => return },
            };
            let accepted = tokio::select! {
                _ = &mut shutdown => return,
                a = self.listener.accept() => a,
            };
            while self.tasks.try_join_next().is_some() {}
            match accepted {
                Ok((stream, peer)) => {
                    reported_full = false;
                    backoff = Duration::ZERO;
                    match self.admit(peer.ip()) {
                        Some(slot) => self.spawn(stream, peer, permit, slot),
                        // Closed at once, with a FIN (SO_LINGER 0 would reset it, harsher).
                        None => drop((stream, permit)),
                    }
                }
                Err(error) => {
                    // EMFILE, ENFILE, ECONNABORTED...: the listener is fine; back off, longer
                    // while it keeps failing, and say so once per burst.
                    if backoff.is_zero() {
                        backoff = ACCEPT_BACKOFF;
                        report(&self.cfg, || Event::AcceptFailed { error, retry_in: backoff });
                    } else {
                        backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                    }
                    tokio::select! {
                        _ = &mut shutdown => return,
                        _ = tokio::time::sleep(backoff) => {}
                    }
                }
            }
        }
    }

    /// Starts a [`Handler`] for an accepted connection, holding `permit` until it ends.
    fn spawn(
        &mut self,
        stream: TcpStream,
        peer: SocketAddr,
        permit: tokio::sync::OwnedSemaphorePermit,
        slot: SourceSlot,
    ) {
        self.counters.connections.fetch_add(1, Ordering::Relaxed);
        self.counters.open.fetch_add(1, Ordering::Relaxed);
        let ctl = Arc::new(Control::default());
        lock(&self.registry).push(Arc::downgrade(&ctl));
        let (cfg, counters) = (self.cfg.clone(), self.counters.clone());
        let serve = async move |stream: io::Result<TcpStream>| {
            let _held = (permit, slot);
            match stream {
                Ok(stream) => Handler { stream, peer, ctl }.run(&cfg, &counters).await,
                Err(error) => report(&cfg, || Event::Dropped {
                    peer,
                    error,
                    bytes_in: 0,
                    bytes_out: 0,
                    open_for: Duration::ZERO,
                }),
            }
            counters.open.fetch_sub(1, Ordering::Relaxed);
        };
        match &self.cfg.workers {
            None => drop(self.tasks.spawn(serve(Ok(stream)))),
            // A socket belongs to the runtime that registered it: move it across.
            Some(rt) => {
                let stream = stream.into_std();
                drop(
                    self.tasks.spawn_on(async move { serve(stream.and_then(TcpStream::from_std)).await }, rt),
                );
            }
        }
    }

    /// Stops accepting, tells every connection to finish, waits up to the grace period, and
    /// totals what was served.
    async fn finish(self) -> Summary {
        let Listener { listener, cfg, counters, registry, sweeper, mut tasks, .. } = self;
        drop(listener);
        sweeper.abort();
        // The verdict stays set, so a connection busy right now sees it when it next waits.
        for ctl in lock(&registry).iter().filter_map(Weak::upgrade) {
            ctl.tell(Told::Shutdown);
        }
        while tasks.try_join_next().is_some() {}
        let open = tasks.len();
        if open > 0 {
            report(&cfg, || Event::Draining { open, grace: cfg.grace });
        }
        let mut aborted = 0;
        let cut = cfg.cut_grace.clone();
        let deadline = async move {
            match cut {
                Some(cut) => {
                    tokio::select! {
                        _ = tokio::time::sleep(cfg.grace) => {}
                        _ = cut.notified() => {}
                    }
                }
                None => tokio::time::sleep(cfg.grace).await,
            }
        };
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                next = tasks.join_next() => if next.is_none() { break },
                _ = &mut deadline => {
                    aborted = tasks.len() as u64;
                    tasks.abort_all();
                    // Wait for the aborted tasks to be dropped: their byte counts land then.
                    while tasks.join_next().await.is_some() {}
                    break;
                }
            }
        }
        Summary {
            connections: counters.connections.load(Ordering::Relaxed),
            bytes_in: counters.bytes_in.load(Ordering::Relaxed),
            bytes_out: counters.bytes_out.load(Ordering::Relaxed),
            idle_closed: counters.idle_closed.load(Ordering::Relaxed),
            busy_polled: counters.busy_polled.load(Ordering::Relaxed),
            refused_per_source: counters.capped.load(Ordering::Relaxed),
            aborted,
            ..Summary::default()
        }
    }
}

/// One open connection counted against its source's cap ([`Config::max_conns_per_source`]);
/// dropped however the connection ends (an abort at the grace period included).
struct SourceSlot {
    sources: Arc<Mutex<HashMap<std::net::IpAddr, (usize, bool)>>>,
    source: std::net::IpAddr,
}

impl Drop for SourceSlot {
    fn drop(&mut self) {
        let mut sources = lock(&self.sources);
        if let Some((open, told)) = sources.get_mut(&self.source) {
            *open -= 1;
            *told = false;
            if *open == 0 {
                sources.remove(&self.source);
            }
        }
    }
}

/// What a connection is told from outside its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Told {
    /// Carry on.
    Nothing = 0,
    /// No progress for the idle timeout: close.
    Idle = 1,
    /// The server is shutting down: close once idle.
    Shutdown = 2,
}

impl Told {
    fn from_u8(v: u8) -> Told {
        match v {
            0 => Told::Nothing,
            1 => Told::Idle,
            _ => Told::Shutdown,
        }
    }
}

/// A connection's control block: an activity counter the connection bumps, a verdict others
/// set, and the waker to call when they do. Waiting on it is an atomic swap, not a lock.
#[derive(Default)]
struct Control {
    /// Bumped on every read and write.
    activity: AtomicU64,
    /// A [`Told`], as its `u8`.
    verdict: AtomicU8,
    waker: AtomicWaker,
    /// The sweeper's own bookkeeping: the activity it saw last, and for how many ticks.
    seen: AtomicU64,
    still: AtomicU32,
}

impl Control {
    fn tell(&self, verdict: Told) {
        self.verdict.store(verdict as u8, Ordering::Release);
        self.waker.wake();
    }

    /// The verdict as it stands, without waiting.
    fn verdict(&self, order: Ordering) -> Told {
        Told::from_u8(self.verdict.load(order))
    }

    /// Records progress. Only the connection's own task writes the counter, so a load and a
    /// store do (no locked read-modify-write on every message).
    fn bump(&self) {
        self.activity.store(self.activity.load(Ordering::Relaxed).wrapping_add(1), Ordering::Relaxed);
    }

    /// Completes with [`Told::Nothing`] once `stream` is readable, or with the verdict once
    /// there is one.
    ///
    /// Readiness comes through tokio's single reader slot (`poll_read_ready`), and our waker is
    /// registered for the verdict only when the socket has nothing: a busy connection pays no
    /// lock and no registration here. Data comes first: a connection still sending when
    /// shutdown comes is served until it pauses (or the grace period ends).
    fn readable_or_told<'a>(&'a self, stream: &'a TcpStream) -> impl Future<Output = io::Result<Told>> + 'a {
        std::future::poll_fn(move |cx| match stream.poll_read_ready(cx) {
            Poll::Ready(r) => Poll::Ready(r.map(|()| Told::Nothing)),
            Poll::Pending => self.poll_told(cx).map(Ok),
        })
    }

    /// Completes with the verdict once there is one.
    fn told(&self) -> impl Future<Output = Told> + '_ {
        std::future::poll_fn(move |cx| self.poll_told(cx))
    }

    /// The verdict if there is one; otherwise our waker is registered for it (and the verdict
    /// checked again, in case it came in between).
    fn poll_told(&self, cx: &mut Context<'_>) -> Poll<Told> {
        let v = self.verdict(Ordering::Acquire);
        if v != Told::Nothing {
            return Poll::Ready(v);
        }
        self.waker.register(cx.waker());
        match self.verdict(Ordering::Acquire) {
            Told::Nothing => Poll::Pending,
            v => Poll::Ready(v),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Every tick, tells connections whose activity counter has not moved for the idle timeout
/// that they are idle. A connection is closed between `idle` and `idle` + one tick after its
/// last progress.
async fn sweep(registry: Arc<Mutex<Vec<Weak<Control>>>>, idle: Duration) {
    let tick = (idle / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
    // One more still tick than idle/tick: the first may have begun just before the last
    // activity.
    let needed = (idle.as_nanos() / tick.as_nanos().max(1)) as u32 + 1;
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    interval.tick().await;
    loop {
        interval.tick().await;
        lock(&registry).retain(|w| match w.upgrade() {
            None => false,
            Some(c) => {
                let now = c.activity.load(Ordering::Relaxed);
                if c.seen.swap(now, Ordering::Relaxed) != now {
                    c.still.store(0, Ordering::Relaxed);
                } else if c.still.fetch_add(1, Ordering::Relaxed) + 1 >= needed {
                    c.tell(Told::Idle);
                }
                true
            }
        });
    }
}

/// One connection: read, transform, write back, until the peer closes (its half-close is
/// honoured: everything read is echoed before we close), an error, the idle timeout, or
/// shutdown while idle.
///
/// The hot path costs three system calls per message (the event loop's wait, a read, a write)
/// and little else: no timer of its own (the sweeper watches the activity counter), waiting
/// is a readiness check plus one atomic waker, writes try the socket directly and only wait
/// when it is full, and byte counts reach the shared counters once, at the end. With
/// [`Config::busy_poll`], the only connection of a runtime with workers to spare skips the
/// wait.
struct Handler {
    stream: TcpStream,
    peer: SocketAddr,
    /// What the listener and the sweeper tell this connection.
    ctl: Arc<Control>,
}

impl Handler {
    async fn run(self, cfg: &Config, counters: &Counters) {
        let Handler { mut stream, peer, ctl } = self;
        // Polling holds a worker: only where accepting and shutdown live elsewhere, with another
        // worker left, and never on one CPU (the client would wait for it).
        let may_poll = !cfg.busy_poll.is_zero()
            && cfg.workers.is_some()
            && tokio::runtime::Handle::current().metrics().num_workers() >= 2;
        let _ = stream.set_nodelay(true);
        report(cfg, || Event::Opened { peer });
        let started = Instant::now();
        // Counted into `counters` when dropped: at the end, or when the task is aborted at the
        // grace period (every byte that passed is counted, however the connection ended).
        let mut tally = Tally { counters, bytes_in: 0, bytes_out: 0, polled: 0 };
        let idle = |counters: &Counters| {
            counters.idle_closed.fetch_add(1, Ordering::Relaxed);
            Ok(Close::Idle)
        };
        let mut spin = Spin::default();
        let mut size = ReadSize::default();
        let outcome: io::Result<Close> = async {
            loop {
                match ctl.readable_or_told(&stream).await? {
                    Told::Nothing => {}
                    Told::Idle => return idle(counters),
                    Told::Shutdown => return Ok(Close::Shutdown),
                }
                // The buffer is held only while data flows (idle connections hold none), and comes
                // from a per-thread pool rather than a fresh allocation per message.
                let mut buf = Pooled::take(size.class);
                let buf = &mut buf.buf[..];
                let mut got = read_now(&mut stream, buf).await;
                while let Some(read) = got {
                    let n = match read {
                        Ok(0) => {
                            stream.shutdown().await?;
                            return Ok(Close::ByPeer);
                        }
                        Ok(n) => n,
                        Err(e) => return Err(e),
                    };
                    ctl.bump();
                    size.saw(n, buf.len());
                    tally.bytes_in += n as u64;
                    if cfg.upper {
                        super::upper(&mut buf[..n]);
                    }
                    let mut off = 0;
                    while off < n {
                        match stream.try_write(&buf[off..n]) {
                            Ok(k) => off += k,
                            // The peer is not reading: wait (and stop reading it meanwhile). Only
                            // the idle verdict ends this; a shutdown lets the write finish.
                            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                                if ctl.verdict(Ordering::Acquire) == Told::Shutdown {
                                    stream.writable().await?;
                                } else {
                                    tokio::select! {
                                        biased;
                                        r = stream.writable() => r?,
                                        v = ctl.told() => if v == Told::Idle { return idle(counters) },
                                    }
                                }
                                ctl.bump();
                            }
                            Err(e) => return Err(e),
                        }
                    }
                    tally.bytes_out += n as u64;
                    // The only connection, with a client that has been quick to send again: look
                    // for its next message here rather than asleep. A newcomer, or anything told
                    // (shutdown, idle), sends it back to the event loop.
                    got = None;
                    if may_poll
                        && counters.open.load(Ordering::Relaxed) == 1
                        && ctl.verdict(Ordering::Relaxed) == Told::Nothing
                        && spin.now()
                    {
                        got = busy_read(&stream, buf, cfg.busy_poll, &ctl);
                        spin.found(got.is_some());
                        tally.polled += u64::from(matches!(got, Some(Ok(n)) if n > 0));
                    }
                }
            }
        }
        .await;
        let (bytes_in, bytes_out) = (tally.bytes_in, tally.bytes_out);
        drop(tally);
        let open_for = started.elapsed();
        report(cfg, || match outcome {
            Ok(why) => Event::Closed { peer, why, bytes_in, bytes_out, open_for },
            Err(error) => Event::Dropped { peer, error, bytes_in, bytes_out, open_for },
        });
    }
}

/// A connection's byte counts, added to the server's when dropped (so an aborted connection's
/// count is not lost).
struct Tally<'c> {
    counters: &'c Counters,
    bytes_in: u64,
    bytes_out: u64,
    polled: u64,
}

impl Drop for Tally<'_> {
    fn drop(&mut self) {
        self.counters.bytes_in.fetch_add(self.bytes_in, Ordering::Relaxed);
        self.counters.bytes_out.fetch_add(self.bytes_out, Ordering::Relaxed);
        self.counters.busy_polled.fetch_add(self.polled, Ordering::Relaxed);
    }
}

/// One read into `buf` if the socket has data now; `None` if it has not (the readiness was
/// stale).
///
/// This goes through tokio's `AsyncRead` rather than `try_read_buf` on purpose: a read shorter
/// than the buffer tells tokio that the socket is drained, so the next wait goes straight to
/// epoll instead of costing one more `read` that fails with EAGAIN. That is one system call
/// less per message, the difference that matters most with thousands of connections.
async fn read_now(stream: &mut TcpStream, buf: &mut [u8]) -> Option<io::Result<usize>> {
    let mut read = std::pin::pin!(stream.read(buf));
    std::future::poll_fn(|cx| match read.as_mut().poll(cx) {
        Poll::Ready(r) => Poll::Ready(Some(r)),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}

/// Reads `stream` with plain non-blocking `read` calls, bypassing the event loop, until data
/// (or the end, or an error) comes, or `budget` has passed or `ctl` been told something
/// (`None`).
///
/// This is busy polling, as Linux's `SO_BUSY_POLL` does inside a blocking read: the thread
/// stays on its CPU instead of sleeping in epoll and being woken, which is most of a round
/// trip's latency on loopback (BENCHMARKS.md). It holds its worker thread for up to `budget`,
/// so callers only do it when there is a worker to spare. Yielding to the runtime between
/// tries instead was measured too: each yield cost a wake-up of the other worker, and the
/// connection lost more than it gained (37,600 requests/s against 41,500 without polling).
fn busy_read(
    stream: &TcpStream,
    buf: &mut [u8],
    budget: Duration,
    ctl: &Control,
) -> Option<io::Result<usize>> {
    use std::io::Read;
    let sock = socket2::SockRef::from(stream);
    let start = Instant::now();
    loop {
        match (&*sock).read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if start.elapsed() >= budget || ctl.verdict(Ordering::Relaxed) != Told::Nothing {
                    return None;
                }
                std::hint::spin_loop();
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            r => return Some(r),
        }
    }
}

/// When to busy-poll: after a poll that found nothing, the next 1, 3, 7, ... up to 1023
/// replies skip it, so a client that sends slowly costs almost no spinning; one that found
/// something starts over.
#[derive(Default)]
struct Spin {
    /// Polls that found nothing in a row (at most 10).
    misses: u8,
    /// Replies still to skip.
    skip: u16,
}

impl Spin {
    /// Whether to poll after this reply.
    fn now(&mut self) -> bool {
        if self.skip == 0 {
            return true;
        }
        self.skip -= 1;
        false
    }

    /// Records what the poll found.
    fn found(&mut self, hit: bool) {
        if hit {
            self.misses = 0;
        } else {
            self.misses = (self.misses + 1).min(10);
            self.skip = (1u16 << self.misses) - 1;
        }
    }
}

/// A read buffer borrowed from a small per-thread pool (one per read size) and given back on
/// drop. Buffers are zeroed once, when the pool first makes them, and reused as they are.
struct Pooled {
    buf: Box<[u8]>,
    class: usize,
}

thread_local! {
    static POOL: [std::cell::RefCell<Vec<Box<[u8]>>>; SIZE_CLASSES] =
        const { [const { std::cell::RefCell::new(Vec::new()) }; SIZE_CLASSES] };
}

impl Pooled {
    fn take(class: usize) -> Pooled {
        let class = class.min(SIZE_CLASSES - 1);
        let buf = POOL
            .with(|p| p[class].borrow_mut().pop())
            .unwrap_or_else(|| vec![0; READ_BUF << class].into_boxed_slice());
        Pooled { buf, class }
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        // A few per thread cover every connection active at one instant on it (256 KiB of each
        // size at most); the rest free.
        POOL.with(|p| {
            let mut p = p[self.class].borrow_mut();
            if p.len() < 64 >> self.class {
                p.push(buf);
            }
        });
    }
}

/// Serves UDP echo on `socket` until `shutdown`: each datagram (up to 64 KiB) is answered with
/// the same bytes, except from source ports below 1024 or from the server's own address and
/// port (two echo services answering each other forever, or one answering itself, is a
/// classic attack), and beyond [`Config::udp_rate`] replies a second to one source.
pub async fn serve_udp(socket: UdpSocket, cfg: Config, shutdown: impl Future<Output = ()>) -> Summary {
    let mut buf = vec![0u8; UDP_BUF];
    let mut s = Summary::default();
    let local = socket.local_addr().ok();
    let mut limit = super::throttle::PerSource::new(cfg.udp_rate);
    tokio::pin!(shutdown);
    loop {
        let (n, peer) = tokio::select! {
            _ = &mut shutdown => break,
            r = socket.recv_from(&mut buf) => match r {
                Ok(r) => r,
                Err(error) => {
                    // ICMP port unreachable from an earlier reply surfaces here on Linux.
                    report(&cfg, || Event::UdpReceiveFailed { error });
                    continue;
                }
            },
        };
        s.bytes_in += n as u64;
        if peer.port() < 1024 {
            s.refused_low_ports += 1;
            report(&cfg, || Event::UdpLowPort { peer });
            continue;
        }
        if local.is_some_and(|l| is_self(l, peer)) {
            s.udp_from_self += 1;
            continue;
        }
        match limit.check(peer, tokio::time::Instant::now().into_std()) {
            super::throttle::Verdict::Allow => {}
            verdict => {
                s.udp_throttled += 1;
                if verdict == super::throttle::Verdict::FirstDrop {
                    report(&cfg, || Event::UdpThrottled { peer });
                }
                continue;
            }
        }
        if cfg.upper {
            super::upper(&mut buf[..n]);
        }
        match socket.send_to(&buf[..n], peer).await {
            Ok(sent) => {
                s.bytes_out += sent as u64;
                s.datagrams += 1;
            }
            Err(error) => report(&cfg, || Event::UdpSendFailed { peer, error }),
        }
    }
    s
}

/// Whether `peer` is the server's own socket: its address and port, or, bound to every
/// address, its port on a loopback address.
fn is_self(local: SocketAddr, peer: SocketAddr) -> bool {
    peer == local
        || (peer.port() == local.port()
            && local.ip().is_unspecified()
            && (peer.ip().is_loopback() || peer.ip().is_unspecified()))
}

#[cfg(test)]
mod tests {
    use super::{ReadSize, SIZE_CLASSES, Spin};

    #[test]
    fn the_read_size_grows_with_full_reads_and_shrinks_after_small_ones() {
        let mut r = ReadSize::default();
        let len = |r: &ReadSize| super::READ_BUF << r.class;
        // 16 KiB messages: 4 KiB full, 8 KiB full, 16 KiB full, then 32 KiB reads of 16 KiB.
        for _ in 0..10 {
            let l = len(&r);
            r.saw(l.min(16 * 1024), l);
        }
        assert_eq!(len(&r), 32 * 1024);
        // Bulk streams grow to the cap and stay there.
        for _ in 0..10 {
            let l = len(&r);
            r.saw(l, l);
        }
        assert_eq!(r.class, SIZE_CLASSES - 1);
        // 64-byte messages afterwards: back down to 4 KiB, four small reads a step.
        for _ in 0..4 * SIZE_CLASSES {
            let l = len(&r);
            r.saw(64, l);
        }
        assert_eq!(len(&r), super::READ_BUF);
    }

    #[test]
    fn busy_polling_backs_off_after_misses_and_starts_over_after_a_hit() {
        let mut spin = Spin::default();
        let polls = |spin: &mut Spin, replies: usize| (0..replies).filter(|_| spin.now()).count();
        assert_eq!(polls(&mut spin, 5), 5, "hits keep polling");
        // Each miss doubles the gap: after misses 1, 2, 3 the next poll comes 2, 4, 8 replies on.
        for gap in [2, 4, 8] {
            spin.found(false);
            assert_eq!(polls(&mut spin, gap - 1), 0);
            assert!(spin.now());
        }
        for _ in 0..20 {
            spin.found(false);
        }
        assert_eq!(polls(&mut spin, 1024), 1, "at most one poll in 1024 replies for a slow client");
        spin.found(true);
        assert_eq!(polls(&mut spin, 3), 3);
    }
}
