//! `netcalc classify`: one record per input, streamed.
//!
//! The hot path is IPv4: a valid strict dotted quad is already in canonical form, so its record
//! is the input bytes followed by a tail rendered once per registry block at start-up. Every
//! other record (IPv6, errors) goes through [`Record`], which renders the same tails, so the two
//! paths cannot drift apart. JSON records are serde's ([`JsonRecord`]); the IPv4 tail is the
//! serialized verdict, and a property test checks the fast path against serde's whole record.

use std::io::{self, Read, Write};
use std::net::IpAddr;

use crate::cli::{ClassifyArgs, Format};
use crate::commands::{ERROR, YES, reads_stdin, stream_err, warn, write_err};
use crate::i18n::{t, tr};
use crate::output::{Style, yes_no};
use netcalc::addr::classify::{self, BLOCKS, Block, Category, Classification, Embedding, Verdict};
use netcalc::addr::parse_addr_bytes;
use netcalc::bulk::{Event, Line, StreamError, for_each_event, trim_cr};
use netcalc::error::{Error, Problem, Result};
use serde::Serialize;

/// Output is gathered here and written in large pieces.
const FLUSH_AT: usize = 1 << 16;

/// Which verdicts to keep (`--only`, `--global`, `--non-global`).
struct Keep {
    only: Vec<Category>,
    global: Option<bool>,
}

impl Keep {
    fn keeps(&self, v: &Verdict) -> bool {
        (self.only.is_empty() || self.only.contains(&v.category))
            && match self.global {
                None => true,
                Some(true) => v.globally_reachable == Some(true),
                Some(false) => v.globally_reachable != Some(true),
            }
    }
}

/// The state of one classify run.
struct Classifier<'o> {
    format: Format,
    keep: Keep,
    /// For each IPv4 block index (and one past the end for "no block"): the rendered tail, or
    /// `None` if the verdict is filtered out.
    v4_tails: Vec<Option<Vec<u8>>>,
    buf: Vec<u8>,
    out: &'o mut dyn Write,
    /// `--networks`: classify networks too.
    networks: bool,
    line: u64,
    bad: u64,
    first_bad: Option<(u64, String)>,
}

pub(crate) fn run(args: &ClassifyArgs, out: &mut dyn Write, _style: Style) -> Result<u8> {
    let only = args
        .only
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<Category>().map_err(Error::invalid))
        .collect::<Result<Vec<_>>>()?;
    let format = if args.json {
        Format::Json
    } else if args.csv {
        Format::Csv
    } else {
        Format::Text
    };
    let keep = Keep {
        only,
        global: if args.global {
            Some(true)
        } else if args.non_global {
            Some(false)
        } else {
            None
        },
    };
    let mut c = Classifier::new(format, keep, out);
    c.networks = args.networks;
    if format == Format::Csv {
        c.buf.extend_from_slice(b"input,address,category,globally_reachable,block,name,rfc,error\n");
    }
    if reads_stdin(&args.addrs) {
        for a in args.addrs.iter().filter(|a| *a != "-") {
            c.record(a.as_bytes()).map_err(write_err)?;
        }
        c.lines(io::stdin().lock()).map_err(|e| stream_err(e, &t!("reading-stdin")))?;
    } else {
        for a in &args.addrs {
            c.record(a.as_bytes()).map_err(write_err)?;
        }
    }
    c.finish().map_err(write_err)
}

impl<'o> Classifier<'o> {
    fn new(format: Format, keep: Keep, out: &'o mut dyn Write) -> Self {
        let v4_tails = (0..=BLOCKS.len())
            .map(|i| {
                let block = BLOCKS.get(i).filter(|b| !b.network.contains(':'));
                if i < BLOCKS.len() && block.is_none() {
                    return None;
                }
                let verdict = match block {
                    Some(b) => {
                        Verdict { category: b.category, globally_reachable: b.globally_reachable, block }
                    }
                    None => classify::verdict_of(None),
                };
                // Text records pad the address to 16 columns: the tail carries the padding, and
                // a record copies it from offset len(address).
                let pad = if format == Format::Text { " ".repeat(16) } else { String::new() };
                keep.keeps(&verdict).then(|| (pad + &tail(format, &verdict)).into_bytes())
            })
            .collect();
        Classifier {
            format,
            keep,
            v4_tails,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            out,
            networks: false,
            line: 0,
            bad: 0,
            first_bad: None,
        }
    }

    fn lines(&mut self, input: impl Read) -> std::result::Result<(), StreamError> {
        for_each_event(input, |e| match e {
            Event::Line(Line::Text(t)) => self.record(trim_cr(t)),
            Event::Line(Line::TooLong(head)) => {
                self.line += 1;
                let words = (crate::i18n::lang() == crate::i18n::Lang::Zh).then(|| t!("classify-too-long"));
                self.error(head, "line longer than 1 MiB", words.as_deref())
            }
            Event::Drained => {
                self.flush()?;
                self.out.flush()
            }
        })
    }

    #[inline]
    fn record(&mut self, input: &[u8]) -> io::Result<()> {
        self.line += 1;
        match parse_addr_bytes(input) {
            Ok(IpAddr::V4(a)) => {
                let idx = classify::ipv4_block_index(a);
                let slot = if idx == u16::MAX { BLOCKS.len() } else { idx as usize };
                if let Some(t) = &self.v4_tails[slot] {
                    let mut t = &t[..];
                    match self.format {
                        Format::Text => {
                            self.buf.extend_from_slice(input);
                            t = &t[input.len()..];
                        }
                        Format::Json => {
                            self.buf.extend_from_slice(b"{\"input\":\"");
                            self.buf.extend_from_slice(input);
                            self.buf.extend_from_slice(b"\",\"address\":\"");
                            self.buf.extend_from_slice(input);
                            self.buf.extend_from_slice(b"\",");
                        }
                        Format::Csv => {
                            self.buf.extend_from_slice(input);
                            self.buf.push(b',');
                            self.buf.extend_from_slice(input);
                            self.buf.push(b',');
                        }
                    }
                    self.buf.extend_from_slice(t);
                }
            }
            Ok(addr) => {
                let c = classify::classify(addr);
                if self.keep.keeps(&c.verdict) {
                    let r = Record { input, c: &c };
                    r.render(self.format, &mut self.buf);
                }
            }
            Err(_) if self.networks && input.contains(&b'/') && self.network(input) => {}
            Err(p) => return self.problem(input, p),
        }
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// A network (`192.168.0.0/16`): its category when one block holds it all, else the blocks
    /// it spans. False if `input` is not a network.
    #[cold]
    fn network(&mut self, input: &[u8]) -> bool {
        let Ok(text) = std::str::from_utf8(input) else { return false };
        let Ok(net) = netcalc::addr::parse_net(text) else { return false };
        if net.addr() != net.network() {
            return false;
        }
        let v = classify::classify_network(net);
        if let Some(verdict) = &v.whole
            && !self.keep.keeps(verdict)
        {
            return true;
        }
        if v.whole.is_none() && !self.keep.only.is_empty() {
            return true;
        }
        let inside: Vec<&str> = v.inside.iter().map(|b| b.network).collect();
        match self.format {
            Format::Text => {
                let what = match &v.whole {
                    Some(w) => tail(Format::Text, w).trim_end().to_string(),
                    None => t!("classify-mixed", n = inside.len(), inside = inside.join(", ")),
                };
                let _ = writeln!(self.buf, "{text:<15} {what}");
            }
            Format::Json => {
                let fields = v.whole.as_ref().map(VerdictFields::of);
                let rec = NetworkRecord { input: text, network: net, verdict: fields, inside };
                let _ = serde_json::to_writer(&mut self.buf, &rec);
                self.buf.push(b'\n');
            }
            Format::Csv => {
                let cat = v.whole.map_or("mixed", |w| w.category.as_str());
                let _ = writeln!(self.buf, "{},{text},{cat},,,,,", csv_field(text));
            }
        }
        true
    }

    #[cold]
    fn problem(&mut self, input: &[u8], p: Problem) -> io::Result<()> {
        // JSON and CSV keep the English words; the text view and the summary speak the
        // run's language.
        let words =
            (crate::i18n::lang() == crate::i18n::Lang::Zh).then(|| super::errors::problem_words(p)).flatten();
        self.error(input, &p.to_string(), words.as_deref())
    }

    #[cold]
    fn error(&mut self, input: &[u8], msg: &str, words: Option<&str>) -> io::Result<()> {
        let text = String::from_utf8_lossy(input);
        self.bad += 1;
        if self.first_bad.is_none() {
            self.first_bad = Some((self.line, format!("{}: {text:?}", words.unwrap_or(msg))));
        }
        match self.format {
            Format::Text if words.is_some() => {
                let what = t!("classify-error", problem = words.unwrap_or(msg));
                let _ = writeln!(self.buf, "{:<15} {what}", text.escape_debug().to_string());
            }
            Format::Text => {
                let _ = writeln!(self.buf, "{:<15} error: {msg}", text.escape_debug().to_string());
            }
            Format::Json => {
                let _ = serde_json::to_writer(&mut self.buf, &ErrorRecord { input: &text, error: msg });
                self.buf.push(b'\n');
            }
            Format::Csv => {
                let _ = writeln!(self.buf, "{},,,,,,,{}", csv_field(&text), csv_field(msg));
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn finish(mut self) -> io::Result<u8> {
        self.flush()?;
        if let Some((line, msg)) = &self.first_bad {
            self.out.flush()?;
            warn(t!("classify-bad", bad = self.bad, total = self.line, line = *line, msg = msg.as_str()));
            return Ok(ERROR);
        }
        Ok(YES)
    }
}

/// The part of a record that depends only on the verdict, ending with the newline.
fn tail(format: Format, v: &Verdict) -> String {
    let (block, name, rfc) = block_fields(v.block);
    match format {
        // In Chinese: the notes' name for the category, the IANA block in parentheses.
        Format::Text if crate::i18n::lang() == crate::i18n::Lang::Zh => {
            let category = tr(&format!("category-{}", v.category.as_str()), &[]);
            let global = match v.globally_reachable {
                Some(true) => t!("yes"),
                Some(false) => t!("no"),
                None => t!("not-applicable"),
            };
            let pad = 13usize.saturating_sub(category.chars().count() * 2);
            let block = v.block.map_or_else(String::new, |b| format!("  （{} {}）", b.network, b.name));
            format!("{category}{:pad$} {}={global}{block}\n", "", t!("info-global"))
        }
        Format::Text => format!(
            "{:<13} global={:<3}  {}\n",
            v.category.as_str(),
            yes_no(v.globally_reachable),
            v.block.map_or_else(|| "-".to_string(), |b| format!("{} {}", b.network, b.name))
        ),
        Format::Json => {
            // The verdict's fields as serde writes them, without the opening brace: a record
            // is `{"input":..,"address":..,` and this.
            let fields = serde_json::to_string(&VerdictFields::of(v)).unwrap_or_default();
            format!("{}\n", &fields[1..])
        }
        Format::Csv => format!(
            "{},{},{},{},{},\n",
            v.category.as_str(),
            v.globally_reachable.map_or("", |g| if g { "true" } else { "false" }),
            csv_field(block.unwrap_or("")),
            csv_field(name.unwrap_or("")),
            csv_field(rfc.unwrap_or(""))
        ),
    }
}

fn block_fields(b: Option<&Block>) -> (Option<&'static str>, Option<&'static str>, Option<&'static str>) {
    match b {
        Some(b) => (Some(b.network), Some(b.name), Some(b.rfc)),
        None => (None, None, None),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A record rendered the general way (IPv6, embedded IPv4).
struct Record<'a> {
    input: &'a [u8],
    c: &'a Classification,
}

impl Record<'_> {
    fn render(&self, format: Format, buf: &mut Vec<u8>) {
        let input = String::from_utf8_lossy(self.input);
        let address = self.c.address.to_string();
        let mut t = tail(format, &self.c.verdict);
        match format {
            Format::Text => {
                t.pop();
                if let Some(e) = &self.c.embedded {
                    let category = e.verdict.category.as_str();
                    if crate::i18n::lang() == crate::i18n::Lang::Zh {
                        let category = tr(&format!("category-{category}"), &[]);
                        t.push_str(&t!("classify-embeds", ipv4 = e.ipv4, category = category));
                    } else {
                        t.push_str(&format!(" (embeds {}: {})", e.ipv4, category));
                    }
                }
                let _ = writeln!(buf, "{address:<15} {t}");
            }
            Format::Json => {
                let _ = serde_json::to_writer(&mut *buf, &JsonRecord::of(&input, self.c));
                buf.push(b'\n');
            }
            Format::Csv => {
                let _ = write!(buf, "{},{address},{t}", csv_field(&input));
            }
        }
    }
}

/// A record of `classify --json`.
#[derive(Serialize)]
struct JsonRecord<'a> {
    input: &'a str,
    address: IpAddr,
    category: Category,
    globally_reachable: Option<bool>,
    block: Option<&'static str>,
    name: Option<&'static str>,
    rfc: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embedded: Option<EmbeddedFields>,
}

impl<'a> JsonRecord<'a> {
    fn of(input: &'a str, c: &Classification) -> Self {
        let VerdictFields { category, globally_reachable, block, name, rfc } = VerdictFields::of(&c.verdict);
        JsonRecord {
            input,
            address: c.address,
            category,
            globally_reachable,
            block,
            name,
            rfc,
            embedded: c.embedded.as_ref().map(|e| EmbeddedFields {
                kind: e.how,
                via: e.via.network,
                ipv4: e.ipv4,
                category: e.verdict.category,
                globally_reachable: e.verdict.globally_reachable,
                block: e.verdict.block.map(|b| b.network),
            }),
        }
    }
}

/// What a verdict contributes to a record (the same fields, in the same order, as
/// [`JsonRecord`]'s middle: serde's flatten would cost the general path a map).
#[derive(Serialize)]
struct VerdictFields {
    category: Category,
    globally_reachable: Option<bool>,
    block: Option<&'static str>,
    name: Option<&'static str>,
    rfc: Option<&'static str>,
}

impl VerdictFields {
    fn of(v: &Verdict) -> Self {
        let (block, name, rfc) = block_fields(v.block);
        VerdictFields { category: v.category, globally_reachable: v.globally_reachable, block, name, rfc }
    }
}

/// The IPv4 address inside an IPv6 one.
#[derive(Serialize)]
struct EmbeddedFields {
    kind: Embedding,
    via: &'static str,
    ipv4: std::net::Ipv4Addr,
    category: Category,
    globally_reachable: Option<bool>,
    block: Option<&'static str>,
}

/// A network's record: its verdict if it has one, and the blocks inside it.
#[derive(Serialize)]
struct NetworkRecord<'a> {
    input: &'a str,
    network: ipnet::IpNet,
    #[serde(flatten)]
    verdict: Option<VerdictFields>,
    inside: Vec<&'static str>,
}

/// A line that is not an address.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    input: &'a str,
    error: &'a str,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn classify_json(inputs: &[String]) -> String {
        let mut out = Vec::new();
        let keep = Keep { only: Vec::new(), global: None };
        let mut c = Classifier::new(Format::Json, keep, &mut out);
        for i in inputs {
            c.record(i.as_bytes()).unwrap();
        }
        c.flush().unwrap();
        drop(c);
        String::from_utf8(out).unwrap()
    }

    fn serde_record(input: &str) -> String {
        match netcalc::addr::parse_addr(input) {
            Ok(a) => serde_json::to_string(&JsonRecord::of(input, &classify::classify(a))).unwrap(),
            Err(e) => serde_json::to_string(&ErrorRecord { input, error: &e.problem.to_string() }).unwrap(),
        }
    }

    proptest! {
        /// The pre-rendered IPv4 path writes exactly what serde writes for the whole record.
        #[test]
        fn the_fast_path_is_serde_byte_for_byte(v in any::<u32>(), v6 in any::<u128>()) {
            let inputs = [
                std::net::Ipv4Addr::from(v).to_string(),
                std::net::Ipv6Addr::from(v6).to_string(),
                format!("::ffff:{}", std::net::Ipv4Addr::from(v)),
                format!("64:ff9b::{}", std::net::Ipv4Addr::from(v)),
            ];
            let got = classify_json(&inputs);
            let want: String = inputs.iter().map(|i| serde_record(i) + "\n").collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn every_block_and_errors_match_serde() {
        let mut inputs: Vec<String> = BLOCKS
            .iter()
            .map(|b| b.network.split('/').next().unwrap().to_string())
            .chain(["8.8.8.8", "bad \"input\"", "2001:db8::1", "010.0.0.1"].map(String::from))
            .collect();
        inputs.push("\u{1b}[31m".to_string());
        let got = classify_json(&inputs);
        let want: String = inputs.iter().map(|i| serde_record(i) + "\n").collect();
        assert_eq!(got, want);
    }
}
