//! `netcalc arp-sim`: runs the LAN simulation and renders its trace, tables, JSON and pcap.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::net::IpAddr;

use serde::Serialize;

use crate::cli::{ArpSimArgs, SimOutput};
use crate::commands::{YES, write_err};
use crate::i18n::{Lang, t, t_in, tr};
use crate::output::{Style, json_line};
use netcalc::addr::{parse_addr, parse_net};
use netcalc::error::{Error, Result};
use netcalc::lan::cache::State;
use netcalc::lan::event::Event;
use netcalc::lan::pcap::PcapWriter;
use netcalc::lan::pcapng::PcapngWriter;
use netcalc::lan::sim::transport::Outcome;
use netcalc::lan::sim::{Config, Endpoint, Missed, Node, Observer, Sim, Stats};
use netcalc::lan::tcp::State as TcpState;
use netcalc::subnet::require_network;

use super::page;
use super::trace::{self, Words};

/// Frames (estimated) above which a run needs --force.
const HUGE_FRAMES: u64 = 200_000_000;
/// Nodes above which the host list is plain lines and empty caches are only counted.
const BIG_LAN: usize = 200;
/// ARP cache entries above which the human table shows one summary line per host.
const CACHE_ROWS: usize = 2_000;
/// Trace lines (estimated) above which a traced run needs --quiet or --force.
const HUGE_TRACE: u64 = 1_000_000;

/// One side of `--ping`: `H3`, `3` or an IPv4 address.
pub(crate) fn endpoint(text: &str, whole: &str) -> Result<Endpoint> {
    let number = text.strip_prefix(['H', 'h']).unwrap_or(text);
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        return number
            .parse()
            .map(Endpoint::Host)
            .map_err(|_| Error::invalid(t!("sim-host-number-too-large", text = format!("{whole:?}"))));
    }
    match parse_addr(text)? {
        IpAddr::V4(a) => Ok(Endpoint::Ip(a)),
        IpAddr::V6(_) => Err(Error::invalid(t!("sim-ipv4-only", text = format!("{whole:?}")))),
    }
}

/// `--ping SRC:DST`. The simulated LAN is IPv4, so a ping has exactly one colon.
fn ping(text: &str) -> Result<(Endpoint, Endpoint)> {
    let bad = || Error::invalid(t!("sim-bad-ping", text = format!("{text:?}")));
    let (s, d) = text.split_once(':').ok_or_else(bad)?;
    if d.contains(':') {
        return Err(bad());
    }
    Ok((endpoint(s, text)?, endpoint(d, text)?))
}

/// Seconds as virtual nanoseconds.
pub(crate) fn virtual_ns(v: f64, what: &str) -> Result<u64> {
    Ok((super::seconds(v, what, 1e9)? * 1e9).round() as u64)
}

fn config(args: &ArpSimArgs) -> Result<Config> {
    let subnet = match require_network(parse_net(&args.subnet)?, &args.subnet)? {
        ipnet::IpNet::V4(n) => n,
        ipnet::IpNet::V6(_) => {
            return Err(Error::invalid(t!("sim-subnet-ipv4", text = format!("{:?}", args.subnet))));
        }
    };
    let pings = args.ping.iter().map(|p| ping(p)).collect::<Result<Vec<_>>>()?;
    let gateway = match args.gateway.as_deref() {
        None => None,
        Some("") => Some(None),
        Some(g) => match parse_addr(g)? {
            IpAddr::V4(a) => Some(Some(a)),
            IpAddr::V6(_) => return Err(Error::invalid(t!("sim-gateway-ipv4", text = format!("{g:?}")))),
        },
    };
    Ok(Config {
        hosts: args.hosts,
        subnet,
        seed: args.seed,
        pings,
        all_pairs: args.all_pairs,
        gateway,
        aging_ns: virtual_ns(args.aging, "--aging")?,
        interval_ns: virtual_ns(args.interval, "--interval")?,
        hub: args.hub,
        segments: args.segments,
    })
}

/// One event of `--json`: the words of the text trace, then the event's own fields.
#[derive(Serialize)]
struct JsonEvent {
    time: f64,
    at: String,
    event: String,
    reason: String,
    #[serde(flatten)]
    detail: Event,
}

/// Where the frames go: classic pcap, or pcapng with the reason for each frame as its comment.
enum Capture {
    Pcap(PcapWriter<io::BufWriter<Box<dyn Write>>>),
    Pcapng {
        w: PcapngWriter<io::BufWriter<Box<dyn Write>>>,
        /// The words of the event that sent each frame not yet captured, by frame number.
        comments: HashMap<u64, String>,
    },
}

impl Capture {
    /// pcapng, unless the file is named `*.pcap`; `-` is standard output (as `tcpdump -w -`),
    /// refused on a terminal. An existing file is replaced.
    fn create(path: &std::path::Path, interfaces: &[&str]) -> Result<Capture> {
        let file: Box<dyn Write> = if to_stdout(path) {
            if io::stdout().is_terminal() {
                return Err(Error::invalid(t!("sim-pcap-to-terminal")));
            }
            Box::new(io::stdout())
        } else {
            Box::new(std::fs::File::create(path).map_err(|e| Error::Io {
                context: t!("cannot-create", path = path.display().to_string()),
                source: e,
            })?)
        };
        let out = io::BufWriter::with_capacity(1 << 16, file);
        let classic = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pcap"));
        Ok(if classic {
            Capture::Pcap(PcapWriter::new(out).map_err(|e| pcap_err(path, e))?)
        } else {
            let w = PcapngWriter::new(out, interfaces).map_err(|e| pcap_err(path, e))?;
            Capture::Pcapng { w, comments: HashMap::new() }
        })
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Capture::Pcap(w) => w.finish().map(drop),
            Capture::Pcapng { w, .. } => w.finish().map(drop),
        }
    }
}

/// Writes the trace as it happens, or gathers it for JSON; drives the progress bar.
struct Render<'o> {
    out: &'o mut dyn Write,
    /// Print the text trace.
    print: bool,
    /// Events are wanted at all: printed, gathered for JSON, or as capture comments (asked
    /// on every step of the run, so worked out once).
    wanted: bool,
    words: Words,
    /// The terminal's width, where the trace wraps; `None` into a pipe (one line an event).
    width: Option<usize>,
    /// The time column's width, for the run's expected length.
    time_cols: usize,
    line: String,
    json_events: Option<Vec<JsonEvent>>,
    error: Option<io::Error>,
    bar: Option<indicatif::ProgressBar>,
    /// The capture, written frame by frame as the run goes (only the comments of frames
    /// still on a wire are kept).
    pcap: Option<Capture>,
    pcap_error: Option<io::Error>,
    /// For `--html`: every event in Chinese and every frame's bytes.
    page: Option<page::Gathered>,
    /// For `--ladder` and the page: the events the ladders draw, at their times.
    ladder: Option<Vec<super::ladder::Kept>>,
    /// How many events came before this one.
    seen: usize,
}

impl Observer for Render<'_> {
    fn tracing(&self) -> bool {
        self.wanted
    }

    fn event(&mut self, time_ns: u64, e: Event) {
        let w = self.words.word(&e);
        if let (Some(Capture::Pcapng { comments, .. }), Some(f)) = (&mut self.pcap, e.frame())
            && sends(&e)
        {
            let en;
            let c = if self.words.lang == crate::i18n::Lang::En {
                &w
            } else {
                en = self.words.word_in(&e, crate::i18n::Lang::En);
                &en
            };
            comments.insert(f.number, format!("{}: {} ({})", c.at, c.what, c.why));
        }
        if let Some(p) = &mut self.page {
            p.words.push(self.words.word_in(&e, crate::i18n::Lang::Zh));
        }
        let i = self.seen;
        self.seen += 1;
        if let Some(kept) = &mut self.ladder
            && super::ladder::wants(&e)
        {
            kept.push((i, time_ns, e));
        }
        if self.json_events.is_some() {
            // Gathered (in English) for JSON or the page; printed too, in the run's language,
            // when the page is written beside the text trace.
            if self.print {
                // `words` speaks English for the gathered events; the trace, the run's language.
                let shown = self.words.word_in(&e, crate::i18n::lang());
                self.print_line(time_ns, &shown);
            }
            if let Some(v) = &mut self.json_events {
                v.push(JsonEvent {
                    time: time_ns as f64 / 1e9,
                    at: w.at,
                    event: w.what,
                    reason: w.why,
                    detail: e,
                });
            }
            return;
        }
        if self.print {
            self.print_line(time_ns, &w);
        }
    }

    fn capturing(&self) -> bool {
        self.pcap.is_some() || self.page.is_some()
    }

    fn frame(&mut self, time_ns: u64, bridge: usize, number: u64, bytes: &[u8]) {
        if let Some(p) = &mut self.page {
            p.frame(number, bytes);
        }
        let written = match &mut self.pcap {
            None => return,
            Some(Capture::Pcap(w)) => w.frame(time_ns, bytes),
            Some(Capture::Pcapng { w, comments }) => {
                let comment = comments.remove(&number);
                w.frame(bridge as u32, time_ns, bytes, comment.as_deref())
            }
        };
        if let Err(e) = written {
            self.pcap = None;
            self.pcap_error = Some(e);
        }
    }

    fn progress(&mut self, done: usize, _total: usize) {
        if let Some(b) = &self.bar
            && done.is_multiple_of(256)
        {
            b.set_position(done as u64);
        }
    }
}

impl Render<'_> {
    /// Prints one event of the text trace; a closed pipe stops the printing.
    fn print_line(&mut self, time_ns: u64, w: &trace::Worded) {
        trace::line(&mut self.line, time_ns, self.time_cols, w, self.width);
        if let Err(err) = writeln!(self.out, "{}", self.line) {
            // A closed pipe: stop writing, let the run end, report it once.
            self.print = false;
            self.wanted = self.json_events.is_some() || matches!(self.pcap, Some(Capture::Pcapng { .. }));
            self.error = Some(err);
        }
    }
}

#[derive(Serialize)]
struct HostRow<'a> {
    name: &'a str,
    ip: std::net::Ipv4Addr,
    prefix: u8,
    mac: String,
    switch: &'a str,
    port: usize,
    router: bool,
}

#[derive(Serialize)]
struct MacRow<'a> {
    switch: &'a str,
    mac: String,
    port: usize,
    host: &'a str,
    last_seen: f64,
}

/// Every host's ARP cache as of the end of the run (the second field, virtual nanoseconds),
/// serialized straight from the caches (a 1,000-host run holds a million entries: they are not
/// copied into rows first).
struct Caches<'a>(&'a [Node], u64);

impl Serialize for Caches<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|n| CacheOf { host: &n.name, entries: Entries(&n.cache, self.1) }))
    }
}

#[derive(Serialize)]
struct CacheOf<'a> {
    host: &'a str,
    entries: Entries<'a>,
}

struct Entries<'a>(&'a netcalc::lan::cache::Cache, u64);

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row {
            ip: std::net::Ipv4Addr,
            mac: netcalc::mac::MacAddr,
            state: &'static str,
        }
        s.collect_seq(self.0.entries(self.1).into_iter().map(|(ip, e)| Row {
            ip,
            mac: e.mac,
            state: e.state.name(),
        }))
    }
}

#[derive(Serialize)]
struct PingRow<'a> {
    src: &'a str,
    dst: std::net::Ipv4Addr,
    ok: bool,
}

/// Every ping and whether it was answered, generated while serializing.
struct Pings<'a>(&'a Sim);

impl Serialize for Pings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let sim = self.0;
        s.collect_seq((0..sim.ping_count()).map(|i| {
            let (src, dst) = sim.ping(i);
            PingRow { src: &sim.nodes[src].name, dst, ok: !sim.failed.contains(&i) }
        }))
    }
}

#[derive(Serialize)]
struct Report<'a> {
    subnet: String,
    seed: u64,
    hosts: Vec<HostRow<'a>>,
    mac_table: Vec<MacRow<'a>>,
    arp_caches: Caches<'a>,
    pings: Pings<'a>,
    events: Vec<JsonEvent>,
    #[serde(skip_serializing_if = "Conns::is_empty")]
    connections: Conns<'a>,
    stats: StatsJson,
    /// More than one switch or hub: tables name them.
    #[serde(skip)]
    several: bool,
}

/// The run's counters as `--json` shows them, and `frames` beside them: every frame put on a
/// link, once, as the capture holds them (the frames into switches and hubs: DESIGN's
/// `tcp-sim` count, the same as `frames_in`).
#[derive(Serialize)]
struct StatsJson {
    #[serde(flatten)]
    counters: Stats,
    frames: u64,
}

/// One client session of `tcp-sim` (or a lab): who talked to whom, the states each end went
/// through, and how it ended.
#[derive(Serialize)]
struct ConnRow {
    client: String,
    server: String,
    protocol: &'static str,
    client_states: Vec<&'static str>,
    server_states: Vec<&'static str>,
    /// The states of server ends before the last, oldest first: one dropped during its
    /// handshake, then made again by the client's next SYN (rare; absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    earlier_server_states: Vec<Vec<&'static str>>,
    bytes_sent: u64,
    bytes_received: u64,
    outcome: Option<Outcome>,
}

/// Every client session as a [`ConnRow`], generated while serializing (a run of 89,700
/// sessions that shows only their outcomes counted builds no rows).
struct Conns<'a>(&'a Sim);

impl Conns<'_> {
    fn is_empty(&self) -> bool {
        self.0.transport.sessions.is_empty()
    }

    fn len(&self) -> usize {
        self.0.transport.sessions.len()
    }

    /// How each session ended (`None`: it has not).
    fn outcomes(&self) -> impl Iterator<Item = Option<Outcome>> + '_ {
        self.0.transport.sessions.iter().map(|s| s.outcome)
    }

    fn rows(&self) -> impl Iterator<Item = ConnRow> + '_ {
        let sim = self.0;
        let t = &sim.transport;
        t.sessions.iter().enumerate().map(move |(k, s)| {
            let client = format!("{}:{}", sim.nodes[s.client].ip, s.port);
            let c = s.conn.map(|ci| &t.conns[ci].conn);
            let server_conn = s.server_conn.map(|ci| &t.conns[ci]);
            let names = |states: &[TcpState]| states.iter().map(|s| s.name()).collect::<Vec<_>>();
            let sent: u64 = if s.udp { s.udp_bytes_sent() } else { c.map_or(0, |c| c.bytes_sent) };
            let received: u64 = if s.udp {
                s.replies.iter().map(|m| m.len() as u64).sum()
            } else {
                c.map_or(0, |c| c.bytes_received)
            };
            ConnRow {
                client,
                server: format!("{}:{}", s.server.0, s.server.1),
                protocol: if s.udp { "udp" } else { "tcp" },
                client_states: c.map_or_else(Vec::new, |c| names(&c.states)),
                server_states: server_conn.map_or_else(Vec::new, |x| names(&x.conn.states)),
                earlier_server_states: sim
                    .earlier_server_ends(k)
                    .map(|ci| names(&t.conns[ci].conn.states))
                    .collect(),
                bytes_sent: sent,
                bytes_received: received,
                outcome: s.outcome,
            }
        })
    }
}

impl Serialize for Conns<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.rows())
    }
}

/// How a simulation's run is shown: the shared options, and the run's title.
pub(crate) struct View<'a> {
    pub(crate) show: &'a SimOutput,
    /// The title in English and in Chinese (the page has both).
    pub(crate) titles: [String; 2],
    pub(crate) seed: u64,
    /// `--ladder`: each connection as a ladder diagram in place of the trace.
    pub(crate) ladder: bool,
}

impl<'a> View<'a> {
    /// A view whose title is `title` in each language.
    pub(crate) fn new(show: &'a SimOutput, seed: u64, title: impl Fn(Lang) -> String) -> Self {
        View { show, titles: [title(Lang::En), title(Lang::Zh)], seed, ladder: false }
    }

    /// The first line of the text output: the title in the run's language.
    pub(crate) fn header(&self) -> &str {
        match crate::i18n::lang() {
            Lang::En => &self.titles[0],
            Lang::Zh => &self.titles[1],
        }
    }
}

pub(crate) fn run(args: &ArpSimArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let cfg = config(args)?;
    let mut sim = Sim::new(&cfg)?;
    let mut view = View::new(&args.show, cfg.seed, |l| {
        t_in!(l, "sim-header", layout = layout(&sim, &cfg, l), seed = cfg.seed, pings = sim.ping_count())
    });
    view.ladder = args.ladder;
    if args.real {
        super::real::check_exchanges(sim.ping_count())?;
        let pings = (0..sim.ping_count())
            .map(|i| {
                let (node, dst) = sim.ping(i);
                let net = sim.nodes[node].ifaces[0].net;
                (node, dst, dst.is_broadcast() || dst.is_multicast() || dst == net.broadcast())
            })
            .collect();
        let traffic = super::real::Traffic::Pings(pings);
        return super::real::compare(&mut sim, &traffic, view.header(), args.show.json, out, style);
    }
    simulate(sim, &view, out, style)
}

/// Runs `sim` and shows it as `view` says: the trace as it happens (or gathered for JSON), the
/// capture, then the tables or the JSON report. The command ends the process: the simulation's
/// memory (89,700 connections with their buffers in an all-pairs run) is left for the process's
/// end to free, not freed piece by piece.
pub(crate) fn simulate(mut sim: Sim, view: &View<'_>, out: &mut dyn Write, style: Style) -> Result<u8> {
    let code = run_and_show(&mut sim, view, out, style);
    if code.is_ok() {
        for m in sim.missed_losses() {
            super::warn(missed(m));
        }
    }
    std::mem::forget(sim);
    code
}

/// A loss the run was asked for and did not make, as a note after its output.
fn missed(m: Missed) -> String {
    match m {
        Missed::Frame { number, frames } if number > frames => {
            t!("sim-missed-frame-beyond", number = number, frames = frames)
        }
        Missed::Frame { number, .. } => t!("sim-missed-frame-unseen", number = number),
        Missed::Lose(l) if l.udp => {
            t!("sim-missed-datagram", connection = l.connection, nth = l.nth, sent = l.seen)
        }
        Missed::Lose(l) => t!("sim-missed-segment", connection = l.connection, nth = l.nth, sent = l.seen),
    }
}

/// Refuses, unless `--force` is given, a run of `pings` pings and `sessions` client sessions
/// on `nodes` nodes that would take minutes, or print a trace nobody reads. A ping moves about
/// N + 3 frames (its ARP request is flooded to every node); a TCP session about 12 frames and
/// 40 lines of trace, and, when it is the first between its two hosts, a flooded ARP request
/// too.
pub(crate) fn check_size(pings: u64, sessions: u64, nodes: u64, args: &SimOutput) -> Result<()> {
    let estimate = pings.saturating_mul(nodes + 3).saturating_add(sessions.saturating_mul(nodes + 40));
    if estimate > HUGE_FRAMES && !args.force {
        return Err(Error::invalid(t!("sim-huge-run", estimate = estimate)));
    }
    if (!args.quiet || args.html.is_some()) && estimate > HUGE_TRACE && !args.force {
        return Err(Error::invalid(if args.json || args.html.is_some() {
            t!("sim-huge-trace-events", estimate = estimate)
        } else {
            t!("sim-huge-trace-lines", estimate = estimate)
        }));
    }
    Ok(())
}

fn run_and_show(sim: &mut Sim, view: &View<'_>, out: &mut dyn Write, style: Style) -> Result<u8> {
    let args = view.show;
    let sessions = sim.transport.sessions.len() as u64;
    check_size(sim.ping_count() as u64, sessions, sim.nodes.len() as u64, args)?;
    let pcap = match args.pcap.as_deref() {
        Some(path) => {
            let names: Vec<&str> = sim.bridges.iter().map(|b| b.name.as_str()).collect();
            Some(Capture::create(path, &names)?)
        }
        None => None,
    };
    // With the capture on standard output, the trace and tables go to standard error.
    let mut stderr;
    let out: &mut dyn Write = if args.pcap.as_deref().is_some_and(to_stdout) {
        stderr = io::stderr().lock();
        &mut stderr
    } else {
        out
    };
    let bar = (io::stderr().is_terminal() && sim.ping_count() >= 10_000).then(|| {
        let b = indicatif::ProgressBar::new(sim.ping_count() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("pings {pos}/{len} {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    if !args.json && !args.quiet {
        writeln!(out, "{}", style.bold(view.header())).map_err(write_err)?;
    }
    let time_cols = trace::time_cols(sim.length_hint());
    if !args.json && !args.quiet && !view.ladder {
        let (time, at, event) = (t!("sim-col-time"), t!("sim-col-at"), t!("sim-col-event"));
        // Aligned by display columns, as the trace's lines are.
        use unicode_width::UnicodeWidthStr;
        let (left, right) = (time_cols.saturating_sub(time.width()), 6usize.saturating_sub(at.width()));
        writeln!(out, "{:left$}{time}  {at}{:right$}  {event}", "", "").map_err(write_err)?;
    }
    let html = args.html.is_some();
    let wanted = !args.quiet || html || matches!(pcap, Some(Capture::Pcapng { .. }));
    let mut render = Render {
        out,
        print: !args.quiet && !args.json && !view.ladder,
        wanted,
        // Wording needs every node's name: only gathered when events are wanted.
        // The text trace speaks the run's language; --json and pcap comments stay English.
        words: if wanted {
            let lang =
                if !args.quiet && !args.json && !html { crate::i18n::lang() } else { crate::i18n::Lang::En };
            Words::new(&sim.nodes, &sim.bridges, lang)
        } else {
            Words::new(&[], &[], crate::i18n::Lang::En)
        },
        width: style.tty.then(terminal_width),
        time_cols,
        line: String::new(),
        json_events: ((args.json && !args.quiet) || html).then(Vec::new),
        error: None,
        bar,
        pcap,
        pcap_error: None,
        page: html.then(page::Gathered::default),
        ladder: (view.ladder || html).then(Vec::new),
        seen: 0,
    };
    sim.run(&mut render);
    if let Some(b) = &render.bar {
        b.finish_and_clear();
    }
    if let Some(e) = render.error.take() {
        return Err(write_err(e));
    }
    let events = render.json_events.take().unwrap_or_default();
    let drawn = render.ladder.take();
    let words = render.words;
    let out = render.out;
    if let Some(drawn) = drawn.as_deref().filter(|_| view.ladder) {
        super::ladder::write(out, sim, drawn, &words).map_err(write_err)?;
    }
    if let Some(path) = args.pcap.as_deref() {
        if let Some(e) = render.pcap_error.take() {
            return Err(pcap_err(path, e));
        }
        if let Some(w) = render.pcap.take() {
            w.finish().map_err(|e| pcap_err(path, e))?;
        }
    }
    let page = render.page.take();
    let report = report(sim, view.seed, events);
    if let (Some(path), Some(gathered)) = (args.html.as_deref(), page) {
        let run = serde_json::to_string(&report).map_err(|e| Error::invalid(e.to_string()))?;
        let ladders = super::ladder::for_page(sim, drawn.as_deref().unwrap_or_default(), &words);
        page::write(path, &view.titles, &run, sim, gathered, &ladders)?;
        if args.json {
            writeln!(out, "{run}").map_err(write_err)?;
            return Ok(YES);
        }
    }
    if args.json {
        json_line(out, &report).map_err(write_err)?;
    } else {
        tables(&report, out, style).map_err(write_err)?;
    }
    Ok(YES)
}

fn outcome_name(o: Outcome) -> String {
    match o {
        Outcome::Echoed => t!("outcome-echoed"),
        Outcome::Mismatch => t!("outcome-mismatch"),
        Outcome::Refused => t!("outcome-refused"),
        Outcome::TimedOut => t!("outcome-timed-out"),
        Outcome::Unreachable => t!("outcome-unreachable"),
        Outcome::AddrInUse => t!("outcome-addr-in-use"),
        Outcome::AddrNotAvail => t!("outcome-addr-not-avail"),
        Outcome::Reset => t!("outcome-reset"),
        Outcome::BrokenPipe => t!("outcome-broken-pipe"),
        Outcome::Closed => t!("outcome-closed"),
    }
}

/// Whether `e` is the sending of its frame (whose reason is the frame's comment).
fn sends(e: &Event) -> bool {
    matches!(
        e,
        Event::Send { .. } | Event::ArpRequest { .. } | Event::ArpAnswer { .. } | Event::Released { .. }
    )
}

/// `--pcap -`: the capture goes to standard output.
fn to_stdout(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

fn pcap_err(path: &std::path::Path, e: io::Error) -> Error {
    let context = if to_stdout(path) {
        t!("sim-writing-capture-stdout")
    } else {
        t!("writing-file", path = path.display().to_string())
    };
    Error::Io { context, source: e }
}

/// The terminal's width in columns (`COLUMNS` first, as a user may set it), 80 if unknown.
fn terminal_width() -> usize {
    crate::output::columns()
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .unwrap_or(80)
}

/// `5 hosts on 192.168.1.0/24 behind one switch, stand-in gateway at ...` and the like.
fn layout(sim: &Sim, cfg: &Config, l: Lang) -> String {
    let device = if cfg.hub { t_in!(l, "sim-hub") } else { t_in!(l, "sim-switch") };
    if sim.subnets.len() > 1 {
        let nets: Vec<String> = sim.subnets.iter().map(|n| n.to_string()).collect();
        return t_in!(
            l,
            "sim-layout-segments",
            hosts = cfg.hosts,
            segments = nets.len(),
            nets = nets.join(", "),
            device = device
        );
    }
    let gateway = sim.gateway.map_or(String::new(), |g| t_in!(l, "sim-stand-in", gateway = g.to_string()));
    t_in!(
        l,
        "sim-layout",
        hosts = cfg.hosts,
        subnet = sim.subnet.to_string(),
        device = device,
        gateway = gateway
    )
}

fn report(sim: &Sim, seed: u64, events: Vec<JsonEvent>) -> Report<'_> {
    let name_of = |mac| {
        sim.nodes.iter().find(|n| n.ifaces.iter().any(|i| i.mac == mac)).map_or("?", |n| n.name.as_str())
    };
    Report {
        subnet: sim.subnet.to_string(),
        seed,
        hosts: sim
            .nodes
            .iter()
            .flat_map(|n| {
                n.ifaces.iter().map(move |i| HostRow {
                    name: &n.name,
                    ip: i.ip,
                    prefix: i.net.prefix_len(),
                    mac: i.mac.to_string(),
                    switch: &sim.bridges[i.bridge].name,
                    port: i.port,
                    router: n.router,
                })
            })
            .collect(),
        mac_table: sim
            .bridges
            .iter()
            .flat_map(|b| {
                b.switch.entries(sim.now).into_iter().map(move |(mac, port, seen)| MacRow {
                    switch: &b.name,
                    mac: mac.to_string(),
                    port,
                    host: name_of(mac),
                    last_seen: seen as f64 / 1e9,
                })
            })
            .collect(),
        arp_caches: Caches(&sim.nodes, sim.now),
        pings: Pings(sim),
        events,
        stats: StatsJson { counters: sim.stats, frames: sim.stats.frames_in },
        several: sim.bridges.len() > 1,
        connections: Conns(sim),
    }
}

fn tables(r: &Report<'_>, out: &mut dyn Write, s: Style) -> io::Result<()> {
    let big = r.hosts.len() > BIG_LAN;
    writeln!(out, "\n{}", s.bold(&t!("table-hosts")))?;
    let (host, state, port_h) = (t!("col-host"), t!("col-state"), t!("col-switch-port"));
    let router = |name: &str| t!("table-router", name = name);
    if big {
        // Laying out a table of thousands of rows costs more than the simulation: plain lines.
        writeln!(out, "{host:<8} {:<15} {:<17} {port_h}", "IP", "MAC")?;
        for h in &r.hosts {
            let name = if h.router { router(h.name) } else { h.name.to_string() };
            writeln!(out, "{name:<8} {:<15} {:<17} {}", h.ip.to_string(), h.mac, h.port)?;
        }
    } else {
        let mut t = s.table([host.as_str(), "IP", "MAC", &port_h]);
        for h in &r.hosts {
            let name = if h.router { router(h.name) } else { h.name.to_string() };
            let port = if r.several {
                t!("table-port-of", switch = h.switch, port = h.port)
            } else {
                h.port.to_string()
            };
            t.add_row([name, format!("{}/{}", h.ip, h.prefix), h.mac.clone(), port]);
        }
        writeln!(out, "{t}")?;
    }
    let mut t = s.table([t!("col-port"), "MAC".into(), host.clone(), t!("col-last-seen")]);
    for m in &r.mac_table {
        let port = if r.several {
            t!("table-port-of", switch = m.switch, port = m.port)
        } else {
            m.port.to_string()
        };
        t.add_row([port, m.mac.clone(), m.host.to_string(), format!("{:.6}", m.last_seen)]);
    }
    writeln!(out, "\n{}\n{t}", s.bold(&t!("table-mac")))?;
    let total: usize = r.arp_caches.0.iter().map(|n| n.cache.len()).sum();
    let t = if total <= CACHE_ROWS {
        let mut t = s.table([host.as_str(), "IP", "MAC", &state]);
        for n in r.arp_caches.0 {
            let entries = n.cache.entries(r.arp_caches.1);
            if entries.is_empty() && !big {
                t.add_row([n.name.clone(), t!("table-empty"), String::new(), String::new()]);
            }
            for (ip, e) in entries {
                t.add_row([n.name.clone(), ip.to_string(), e.mac.to_string(), e.state.name().to_string()]);
            }
        }
        t
    } else {
        // Too many rows to read: one line per host (--json has every entry).
        let mut t = s.table([
            host.clone(),
            t!("col-entries"),
            "REACHABLE".into(),
            "STALE".into(),
            "INCOMPLETE".into(),
            "FAILED".into(),
        ]);
        for n in r.arp_caches.0.iter().filter(|n| !(big && n.cache.is_empty())) {
            let mut counts = [0usize; 4];
            for (_, e) in n.cache.entries(r.arp_caches.1) {
                counts[match e.state {
                    State::Reachable { .. } => 0,
                    State::Stale => 1,
                    State::Incomplete { .. } => 2,
                    State::Failed => 3,
                }] += 1;
            }
            let mut row = vec![n.name.clone(), n.cache.len().to_string()];
            row.extend(counts.iter().map(|c| c.to_string()));
            t.add_row(row);
        }
        t
    };
    writeln!(out, "\n{}\n{t}", s.bold(&t!("table-arp")))?;
    let empty = r.arp_caches.0.iter().filter(|n| n.cache.is_empty()).count();
    if big && empty > 0 {
        writeln!(out, "{}", t!("table-empty-not-shown", empty = empty))?;
    }
    if r.connections.len() > BIG_LAN {
        // Thousands of rows are for --json; the terminal gets the outcomes counted.
        let mut t = s.table([t!("col-outcome"), t!("col-connections")]);
        let all = [
            Outcome::Echoed,
            Outcome::Mismatch,
            Outcome::Refused,
            Outcome::TimedOut,
            Outcome::Unreachable,
            Outcome::Closed,
            Outcome::AddrInUse,
            Outcome::AddrNotAvail,
            Outcome::Reset,
            Outcome::BrokenPipe,
        ];
        for o in all {
            let n = r.connections.outcomes().filter(|c| *c == Some(o)).count();
            if n > 0 {
                t.add_row([outcome_name(o), n.to_string()]);
            }
        }
        let open = r.connections.outcomes().filter(Option::is_none).count();
        if open > 0 {
            t.add_row([t!("outcome-unfinished"), open.to_string()]);
        }
        writeln!(out, "\n{}\n{t}", s.bold(&t!("table-connections-n", n = r.connections.len())))?;
    } else if !r.connections.is_empty() {
        let mut t = s.table([
            t!("col-client"),
            t!("col-server"),
            t!("col-client-states"),
            t!("col-server-states"),
            t!("col-bytes"),
            t!("col-outcome"),
        ]);
        for c in r.connections.rows() {
            t.add_row([
                format!("{} {}", c.protocol, c.client),
                c.server.clone(),
                c.client_states.join(" > "),
                (c.earlier_server_states.iter().chain([&c.server_states]))
                    .map(|states| states.join(" > "))
                    .collect::<Vec<_>>()
                    .join("; "),
                format!("{}/{}", c.bytes_sent, c.bytes_received),
                c.outcome.map_or_else(|| t!("outcome-unfinished"), outcome_name),
            ]);
        }
        writeln!(out, "\n{}\n{t}", s.bold(&t!("table-connections")))?;
    }
    let st = &r.stats.counters;
    let mut t = s.pairs([t!("col-counter"), t!("col-value")]);
    // (key, value, shown even at 0): the router's and the transport's counters only when used.
    for (k, v, always) in [
        ("counter-frames-in", st.frames_in, true),
        ("counter-frames-out", st.frames_out, true),
        ("counter-arp-requests", st.arp_requests, true),
        ("counter-arp-replies", st.arp_replies, true),
        ("counter-deliveries", st.deliveries, true),
        ("counter-not-for-me", st.dropped_not_for_me, true),
        ("counter-pings-ok", st.pings_ok, true),
        ("counter-pings-lost", st.pings_failed, true),
        ("counter-forwarded", st.forwarded, false),
        ("counter-icmp-errors", st.icmp_errors, false),
        ("counter-segments", st.segments, false),
        ("counter-retransmissions", st.retransmissions, false),
        ("counter-datagrams", st.datagrams, false),
        ("counter-lost", st.lost, false),
    ] {
        if v > 0 || always {
            t.add_row([tr(k, &[]), v.to_string()]);
        }
    }
    writeln!(out, "\n{}\n{t}", s.bold(&t!("table-counters")))
}
