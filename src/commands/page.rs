//! `--html FILE`: a simulation's run as one self-contained web page (HTML, CSS, SVG and
//! JavaScript inline, no network fetch, works opened from disk) to step through in a browser.
//!
//! The page's data is the run's `--json` document, byte for byte, under `run`; beside it what
//! that document does not carry: the topology's links, every frame's bytes (for the hex view
//! and the decoder), every event worded in Chinese (the JSON's words are English), and the
//! page's own labels in both languages. The page itself lives in `data/page/` (`page.html`,
//! `page.css`, `page.js`) and is compiled in.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::ladder::PageLadder;
use super::trace::Worded;
use crate::i18n::{Arg, Lang, tr_in};
use netcalc::error::{Error, Result};
use netcalc::lan::sim::Sim;
use netcalc::lan::topology::{Peer, Role};

const HTML: &str = include_str!("../../data/page/page.html");
const CSS: &str = include_str!("../../data/page/page.css");
const JS: &str = include_str!("../../data/page/page.js");

/// The page's labels: `page-*` messages of the catalogues, by their names without `page-`.
const LABELS: &[&str] = &[
    "title",
    "counter",
    "first",
    "back",
    "play",
    "pause",
    "forward",
    "last",
    "keys",
    "language",
    "topology",
    "ladder",
    "ladder-none",
    "ladder-of",
    "ladder-both",
    "event",
    "events",
    "time",
    "at",
    "reason",
    "colon",
    "frame",
    "frame-none",
    "frame-number",
    "bytes",
    "bytes-hint",
    "tables",
    "arp",
    "mac",
    "sockets",
    "none",
    "rows-more",
    "col-host",
    "col-ip",
    "col-mac",
    "col-state",
    "col-switch",
    "col-port",
    "col-socket",
    "client",
    "server",
    "layer-eth",
    "layer-arp",
    "layer-ipv4",
    "layer-icmp",
    "layer-tcp",
    "layer-udp",
    "layer-data",
    "f-eth-dst",
    "f-eth-src",
    "f-eth-type",
    "f-arp-htype",
    "f-arp-ptype",
    "f-arp-hlen",
    "f-arp-plen",
    "f-arp-op",
    "f-arp-sha",
    "f-arp-spa",
    "f-arp-tha",
    "f-arp-tpa",
    "f-ip-version",
    "f-ip-ihl",
    "f-ip-dscp",
    "f-ip-len",
    "f-ip-id",
    "f-ip-flags",
    "f-ip-ttl",
    "f-ip-proto",
    "f-ip-checksum",
    "f-ip-src",
    "f-ip-dst",
    "f-icmp-type",
    "f-icmp-code",
    "f-icmp-checksum",
    "f-icmp-id",
    "f-icmp-seq",
    "f-tcp-srcport",
    "f-tcp-dstport",
    "f-tcp-seq",
    "f-tcp-ack",
    "f-tcp-hlen",
    "f-tcp-flags",
    "f-tcp-window",
    "f-tcp-checksum",
    "f-tcp-urgent",
    "f-tcp-mss",
    "f-udp-srcport",
    "f-udp-dstport",
    "f-udp-len",
    "f-udp-checksum",
    "f-data",
    "m-broadcast",
    "m-arp",
    "m-ipv4",
    "m-request",
    "m-reply",
    "m-echo-request",
    "m-echo-reply",
    "m-unreachable",
    "m-time-exceeded",
    "m-icmp",
    "m-tcp",
    "m-udp",
    "m-ttl",
    "m-checksum",
    "m-mss",
];

/// Labels the page shares with `--ladder`: (the page's name, the ladder's message, its
/// arguments), each argument left as `$name` for the page to fill in.
const LADDER_LABELS: &[(&str, &str, &[&str])] = &[
    ("ladder-ping", "ladder-ping-title", &["n", "src", "from", "dst", "to"]),
    ("ladder-arp-request", "ladder-arp-request", &["target"]),
    ("ladder-arp-reply", "ladder-arp-reply", &["sender", "mac"]),
    ("ladder-echo-request", "ladder-echo-request", &["seq", "ttl"]),
    ("ladder-echo-reply", "ladder-echo-reply", &["seq", "ttl"]),
    ("ladder-icmp-net", "ladder-icmp-net", &[]),
    ("ladder-icmp-host", "ladder-icmp-host", &[]),
    ("ladder-icmp-port", "ladder-icmp-port", &[]),
    ("ladder-icmp-ttl", "ladder-icmp-ttl", &[]),
    ("ladder-icmp-other", "ladder-icmp-other", &["icmp_type", "code"]),
    ("ladder-broadcast", "ladder-broadcast", &[]),
    ("ladder-multicast", "ladder-multicast", &[]),
    ("ladder-host-said", "ladder-host-said", &["host", "what"]),
];

/// What a run gives the page beyond its JSON, gathered as it goes.
#[derive(Default)]
pub(crate) struct Gathered {
    /// Every event in Chinese, in order.
    pub(crate) words: Vec<Worded>,
    /// Each frame's bytes (hex), by its number, as it first entered a switch or hub.
    frames: BTreeMap<u64, String>,
}

impl Gathered {
    /// Keeps frame `number`'s bytes, the first time it is seen.
    pub(crate) fn frame(&mut self, number: u64, bytes: &[u8]) {
        self.frames.entry(number).or_insert_with(|| {
            let mut hex = String::with_capacity(bytes.len() * 2);
            for b in bytes {
                let _ = write!(hex, "{b:02x}");
            }
            hex
        });
    }
}

#[derive(Serialize)]
struct Extra<'a> {
    /// The run's first line, in English and in Chinese.
    titles: BTreeMap<&'static str, &'a str>,
    lang: &'static str,
    labels: BTreeMap<&'static str, BTreeMap<&'static str, String>>,
    topology: Topo<'a>,
    bytes: &'a BTreeMap<u64, String>,
    zh: Vec<[&'a str; 3]>,
    /// Every ping's and session's ladder, as `--ladder` draws them.
    ladders: &'a [PageLadder],
}

#[derive(Serialize)]
struct Topo<'a> {
    nodes: Vec<NodeOut<'a>>,
    bridges: Vec<BridgeOut<'a>>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    name: &'a str,
    role: &'static str,
    ifaces: Vec<IfaceOut>,
}

#[derive(Serialize)]
struct IfaceOut {
    ip: std::net::Ipv4Addr,
    prefix: u8,
    mac: String,
    bridge: usize,
    port: usize,
}

#[derive(Serialize)]
struct BridgeOut<'a> {
    name: &'a str,
    hub: bool,
    /// Port `k + 1`'s peer: `{"node", "iface"}` or `{"bridge", "port"}`.
    peers: Vec<PeerOut>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum PeerOut {
    Node { node: usize, iface: usize },
    Bridge { bridge: usize, port: usize },
}

/// Writes the page of a finished run to `path`: `run` is its `--json` document.
pub(crate) fn write(
    path: &Path,
    titles: &[String; 2],
    run: &str,
    sim: &Sim,
    gathered: Gathered,
    ladders: &[PageLadder],
) -> Result<()> {
    let page = render(titles, run, sim, &gathered, ladders)?;
    std::fs::write(path, page).map_err(|e| Error::Io {
        context: crate::i18n::t!("cannot-create", path = path.display().to_string()),
        source: e,
    })
}

/// The page's text.
fn render(
    titles: &[String; 2],
    run: &str,
    sim: &Sim,
    gathered: &Gathered,
    ladders: &[PageLadder],
) -> Result<String> {
    let zh = crate::i18n::lang() == Lang::Zh;
    let (title, tag) = if zh { (&titles[1], "zh") } else { (&titles[0], "en") };
    let labels = [(Lang::En, "en"), (Lang::Zh, "zh")]
        .into_iter()
        .map(|(l, tag)| {
            let mut words: BTreeMap<&str, String> =
                LABELS.iter().map(|k| (*k, tr_in(l, &format!("page-{k}"), &[]))).collect();
            for (name, key, args) in LADDER_LABELS {
                let args: Vec<_> = args.iter().map(|a| (*a, Arg::from(format!("${a}")))).collect();
                words.insert(name, tr_in(l, key, &args));
            }
            (tag, words)
        })
        .collect();
    let topology = Topo {
        nodes: sim
            .nodes
            .iter()
            .map(|n| NodeOut {
                name: &n.name,
                role: match n.role {
                    Role::Host => "host",
                    Role::Router => "router",
                    Role::StandIn => "stand-in",
                },
                ifaces: n
                    .ifaces
                    .iter()
                    .map(|i| IfaceOut {
                        ip: i.ip,
                        prefix: i.net.prefix_len(),
                        mac: i.mac.to_string(),
                        bridge: i.bridge,
                        port: i.port,
                    })
                    .collect(),
            })
            .collect(),
        bridges: sim
            .bridges
            .iter()
            .map(|b| BridgeOut {
                name: &b.name,
                hub: b.switch.hub,
                peers: b
                    .peers
                    .iter()
                    .map(|p| match *p {
                        Peer::Node { node, iface } => PeerOut::Node { node, iface },
                        Peer::Bridge { bridge, port } => PeerOut::Bridge { bridge, port },
                    })
                    .collect(),
            })
            .collect(),
    };
    let extra = Extra {
        titles: [("en", titles[0].as_str()), ("zh", titles[1].as_str())].into_iter().collect(),
        lang: tag,
        labels,
        topology,
        bytes: &gathered.frames,
        zh: gathered.words.iter().map(|w| [w.at.as_str(), w.what.as_str(), w.why.as_str()]).collect(),
        ladders,
    };
    let extra = serde_json::to_string(&extra).map_err(|e| Error::invalid(e.to_string()))?;
    // JSON has `<` only inside strings, where `\u003c` means the same: nothing in the data
    // can close the script element it sits in.
    let data = format!("{{\"run\":{run},\"page\":{extra}}}").replace('<', "\\u003c");
    let mut out = String::with_capacity(HTML.len() + CSS.len() + JS.len() + data.len());
    for (i, part) in HTML.split("/*@").enumerate() {
        if i == 0 {
            out.push_str(part);
            continue;
        }
        let (name, rest) = part.split_once("@*/").unwrap_or(("", part));
        match name {
            "CSS" => out.push_str(CSS),
            "JS" => out.push_str(JS),
            "DATA" => out.push_str(&data),
            "TITLE" => out.push_str(&escape(title)),
            "LANG" => out.push_str(tag),
            _ => {}
        }
        out.push_str(rest);
    }
    Ok(out)
}

/// `text` for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
