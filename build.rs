//! Compiles the registries in `data/` into sorted static tables: the address registries into
//! `$OUT_DIR/registry.rs`, the MAC vendors and ports into `$OUT_DIR/lookups.rs`; and the
//! binary's message catalogues (`data/i18n/*.ftl`) into `$OUT_DIR/i18n.rs`, an index of every
//! message, each simple one already cut into text and values (nothing to parse at start-up).
//!
//! Every block becomes a `Block`; for each family the blocks are flattened into disjoint,
//! sorted ranges, each naming its most specific block, so that a lookup is one binary search.
//! Any malformed row (bad prefix, host bits set, unknown category or flag, duplicate prefix)
//! fails the build with the file and line, so bad data never reaches a user's run.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::Path;

// The category names: the same list the classifier's `Category` is checked against.
include!("src/addr/categories.rs");

struct Row {
    ipv4: bool,
    start: u128,
    prefix: u8,
    text: String,
    name: String,
    rfc: String,
    category: String,
    global: Option<bool>,
}

fn main() {
    i18n();
    println!("cargo::rerun-if-changed=src/addr/categories.rs");
    for f in ["data/ipv4-special.csv", "data/ipv6-special.csv", "data/extra-blocks.csv"] {
        println!("cargo::rerun-if-changed={f}");
    }
    let mut rows = Vec::new();
    read_special("data/ipv4-special.csv", true, &mut rows);
    read_special("data/ipv6-special.csv", false, &mut rows);
    read_extra("data/extra-blocks.csv", &mut rows);

    let mut seen = BTreeSet::new();
    for r in &rows {
        if !seen.insert((r.ipv4, r.start, r.prefix)) {
            panic!("duplicate block {} in data/", r.text);
        }
    }

    let mut out = String::new();
    writeln!(out, "/// Every registry block, in file order.").unwrap();
    writeln!(out, "pub static BLOCKS: [Block; {}] = [", rows.len()).unwrap();
    for r in &rows {
        let embedding = match r.category.as_str() {
            "ipv4-mapped" => "Embedding::Mapped",
            "nat64" => "Embedding::Nat64",
            "6to4" => "Embedding::SixToFour",
            "teredo" => "Embedding::Teredo",
            _ => "Embedding::None",
        };
        writeln!(
            out,
            "    Block {{ network: {:?}, name: {:?}, rfc: {:?}, category: Category::{}, globally_reachable: {:?}, embedding: {embedding} }},",
            r.text, r.name, r.rfc, variant(&r.category), r.global
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();

    let v4 = flatten(&rows, true);
    writeln!(out, "/// Disjoint IPv4 ranges (start, index into BLOCKS or NONE), sorted.").unwrap();
    writeln!(out, "pub(crate) static V4_RANGES: [(u32, u16); {}] = [", v4.len()).unwrap();
    for (start, idx) in &v4 {
        writeln!(out, "    ({}, {}),", (*start >> 96) as u32, idx).unwrap();
    }
    writeln!(out, "];").unwrap();
    // For each first octet, the slice of V4_RANGES that can hold its addresses.
    writeln!(out, "/// For each first octet, the range indices [lo, hi) to search.").unwrap();
    writeln!(out, "pub(crate) static V4_BY_OCTET: [(u16, u16); 256] = [").unwrap();
    for octet in 0u128..256 {
        let lo_addr = octet << 120;
        let hi_addr = ((octet + 1) << 120).wrapping_sub(1);
        let lo = v4.iter().rposition(|(s, _)| *s <= lo_addr).unwrap();
        let hi = v4.iter().rposition(|(s, _)| *s <= hi_addr).unwrap() + 1;
        writeln!(out, "    ({lo}, {hi}),").unwrap();
    }
    writeln!(out, "];").unwrap();

    let v6 = flatten(&rows, false);
    writeln!(out, "/// Disjoint IPv6 ranges (start, index into BLOCKS or NONE), sorted.").unwrap();
    writeln!(out, "pub(crate) static V6_RANGES: [(u128, u16); {}] = [", v6.len()).unwrap();
    for (start, idx) in &v6 {
        writeln!(out, "    ({start:#x}, {idx}),").unwrap();
    }
    writeln!(out, "];").unwrap();

    let dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&dir).join("registry.rs"), out).unwrap();
    let mut lookups = String::new();
    oui_tables(&mut lookups);
    port_table(&mut lookups);
    std::fs::write(Path::new(&dir).join("lookups.rs"), lookups).unwrap();
}

/// Left-aligned ranges over a 128-bit space: IPv4 addresses sit in the top 32 bits, so one
/// algorithm serves both families.
fn flatten(rows: &[Row], ipv4: bool) -> Vec<(u128, u16)> {
    let blocks: Vec<(u128, u128, u8, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.ipv4 == ipv4)
        .map(|(i, r)| {
            let (width, shift) = if ipv4 { (32, 96) } else { (128, 0) };
            let host = width - u32::from(r.prefix);
            let host_mask = if host == 128 { u128::MAX } else { (1u128 << host) - 1 };
            // Left-align: an IPv4 block's end also covers the 96 unused low bits.
            let low = if ipv4 { (1u128 << 96) - 1 } else { 0 };
            (r.start << shift, ((r.start | host_mask) << shift) | low, r.prefix, i)
        })
        .collect();
    let mut bounds: BTreeSet<u128> = BTreeSet::from([0]);
    for (s, e, _, _) in &blocks {
        bounds.insert(*s);
        if let Some(next) = e.checked_add(1) {
            bounds.insert(next);
        }
    }
    let mut ranges: Vec<(u128, u16)> = Vec::new();
    for b in bounds {
        let best = blocks
            .iter()
            .filter(|(s, e, _, _)| *s <= b && b <= *e)
            .max_by_key(|(_, _, p, _)| *p)
            .map_or(u16::MAX, |(_, _, _, i)| *i as u16);
        if ranges.last().map(|(_, i)| *i) != Some(best) {
            ranges.push((b, best));
        }
    }
    ranges
}

fn variant(category: &str) -> String {
    let mut v = String::new();
    for part in category.split('-') {
        let mut c = part.chars();
        if let Some(first) = c.next() {
            v.push(first.to_ascii_uppercase());
            v.extend(c);
        }
    }
    if v == "6to4" { "SixToFour".into() } else { v }
}

fn reader(path: &str) -> csv::Reader<std::fs::File> {
    csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_special(path: &str, ipv4: bool, rows: &mut Vec<Row>) {
    let mut rdr = reader(path);
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{path}: no column {name}"))
    };
    let (c_prefix, c_name, c_rfc, c_term, c_global, c_cat) = (
        col("prefix"),
        col("name"),
        col("rfc"),
        col("termination_date"),
        col("globally_reachable"),
        col("netcalc_category"),
    );
    for (line, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap_or_else(|e| panic!("{path}: {e}"));
        let at = format!("{path}:{}", line + 2);
        let terminated = rec[c_term].trim() != "N/A";
        let global = if terminated { None } else { flag(&rec[c_global], &at) };
        rows.push(row(&at, ipv4, &rec[c_prefix], &rec[c_name], &rec[c_rfc], &rec[c_cat], global));
    }
}

fn read_extra(path: &str, rows: &mut Vec<Row>) {
    let mut rdr = reader(path);
    for (line, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap_or_else(|e| panic!("{path}: {e}"));
        let at = format!("{path}:{}", line + 2);
        // The classful rows document the historic classes, which are computed from the first
        // bits; they are not classification blocks.
        if rec[1].starts_with("Class ") {
            continue;
        }
        let ipv4 = !rec[0].contains(':');
        let global = flag(&rec[4], &at);
        rows.push(row(&at, ipv4, &rec[0], &rec[1], &rec[2], &rec[3], global));
    }
}

fn flag(text: &str, at: &str) -> Option<bool> {
    match text.trim() {
        "True" => Some(true),
        "False" => Some(false),
        "N/A" | "" => None,
        other => panic!("{at}: globally_reachable must be True, False or N/A, not {other:?}"),
    }
}

fn row(
    at: &str,
    ipv4: bool,
    prefix: &str,
    name: &str,
    rfc: &str,
    category: &str,
    global: Option<bool>,
) -> Row {
    let (addr, len) = prefix.split_once('/').unwrap_or_else(|| panic!("{at}: prefix without /: {prefix:?}"));
    let addr: IpAddr = addr.parse().unwrap_or_else(|e| panic!("{at}: {prefix:?}: {e}"));
    let len: u8 = len.parse().unwrap_or_else(|e| panic!("{at}: {prefix:?}: {e}"));
    if addr.is_ipv4() != ipv4 {
        panic!("{at}: {prefix:?} is of the wrong family for this file");
    }
    let (start, width) = match addr {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32u32),
        IpAddr::V6(a) => (u128::from(a), 128u32),
    };
    if u32::from(len) > width {
        panic!("{at}: prefix length of {prefix:?} is too long");
    }
    let host_bits = width - u32::from(len);
    if host_bits > 0 && host_bits < 128 && start & ((1u128 << host_bits) - 1) != 0 {
        panic!("{at}: {prefix:?} has host bits set");
    }
    if !CATEGORY_NAMES.contains(&category) {
        panic!("{at}: unknown netcalc_category {category:?}");
    }
    if name.trim().is_empty() {
        panic!("{at}: empty name");
    }
    Row {
        ipv4,
        start,
        prefix: len,
        text: prefix.to_string(),
        name: name.trim().trim_matches('"').to_string(),
        rfc: rfc.replace("][", ", ").replace(['[', ']'], "").trim().to_string(),
        category: category.to_string(),
        global,
    }
}

/// `data/oui.tsv` -> tables keyed by the assignment, with vendor names in one string, so that
/// the 46,000 entries need no pointer relocations at start-up.
pub fn oui_tables(out: &mut String) {
    println!("cargo::rerun-if-changed=data/oui.tsv");
    let text = std::fs::read_to_string("data/oui.tsv").expect("data/oui.tsv");
    let mut names = String::new();
    let mut name_at: std::collections::HashMap<String, (usize, usize)> = Default::default();
    let mut tables: [Vec<(u64, usize, usize, u8)>; 3] = Default::default();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
        let at = format!("data/oui.tsv:{}", i + 1);
        let mut f = line.split('\t');
        let (Some(reg), Some(hex), Some(org), None) = (f.next(), f.next(), f.next(), f.next()) else {
            panic!("{at}: expected registry, assignment, organization");
        };
        let value = u64::from_str_radix(hex, 16).unwrap_or_else(|e| panic!("{at}: {hex:?}: {e}"));
        let (slot, regcode) = match (reg, hex.len()) {
            ("MA-L", 6) => (0, 0u8),
            ("MA-M", 7) => (1, 1),
            ("MA-S", 9) => (2, 2),
            ("IAB", 9) => (2, 3),
            _ => panic!("{at}: registry {reg} with a {}-digit assignment", hex.len()),
        };
        if org.is_empty() || org.len() > 255 {
            panic!("{at}: organization name must be 1-255 bytes");
        }
        let (off, len) = *name_at.entry(org.to_string()).or_insert_with(|| {
            names.push_str(org);
            (names.len() - org.len(), org.len())
        });
        tables[slot].push((value, off, len, regcode));
    }
    writeln!(out, "pub(crate) static OUI_NAMES: &str = {names:?};").unwrap();
    for (t, name) in tables.iter_mut().zip(["OUI24", "OUI28", "OUI36"]) {
        t.sort();
        if let Some(w) = t.windows(2).find(|w| w[0].0 == w[1].0) {
            panic!("data/oui.tsv: assignment {:x} twice in {name}", w[0].0);
        }
        writeln!(out, "/// (assignment, name offset, name length, registry) sorted by assignment.").unwrap();
        writeln!(out, "pub(crate) static {name}: [(u64, u32, u8, u8); {}] = [", t.len()).unwrap();
        for (v, off, len, reg) in t.iter() {
            writeln!(out, "({v},{off},{len},{reg}),").unwrap();
        }
        writeln!(out, "];").unwrap();
    }
}

/// `data/services` (netbase's /etc/services) and `data/extra-ports.csv` -> one sorted table.
pub fn port_table(out: &mut String) {
    println!("cargo::rerun-if-changed=data/services");
    println!("cargo::rerun-if-changed=data/extra-ports.csv");
    let mut rows: Vec<(u16, String, String, String, String)> = Vec::new();
    let text = std::fs::read_to_string("data/services").expect("data/services");
    for (i, line) in text.lines().enumerate() {
        let at = format!("data/services:{}", i + 1);
        let (body, comment) = line.split_once('#').unwrap_or((line, ""));
        let mut f = body.split_whitespace();
        let Some(name) = f.next() else { continue };
        let spec = f.next().unwrap_or_else(|| panic!("{at}: no port/protocol"));
        let (port, proto) = spec.split_once('/').unwrap_or_else(|| panic!("{at}: {spec:?}"));
        let port: u16 = port.parse().unwrap_or_else(|e| panic!("{at}: {port:?}: {e}"));
        let aliases: Vec<&str> = f.collect();
        rows.push((port, proto.to_string(), name.to_string(), aliases.join(" "), comment.trim().to_string()));
    }
    let mut rdr = csv::Reader::from_path("data/extra-ports.csv").expect("data/extra-ports.csv");
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap_or_else(|e| panic!("data/extra-ports.csv:{}: {e}", i + 2));
        let port: u16 = rec[0].parse().unwrap_or_else(|e| panic!("data/extra-ports.csv:{}: {e}", i + 2));
        // An application name the registry does not use: add it as an alias of the registry's
        // entry when there is one, else as an entry of its own.
        match rows.iter_mut().find(|r| r.0 == port && r.1 == rec[1]) {
            Some(r) if r.2 == rec[2] || r.3.split(' ').any(|a| a == &rec[2]) => {
                if r.4.is_empty() {
                    r.4 = rec[3].to_string();
                }
            }
            Some(r) => {
                r.3 = format!("{} {}", r.3, &rec[2]).trim().to_string();
                r.4 = if r.4.is_empty() { rec[3].to_string() } else { format!("{}; {}", r.4, &rec[3]) };
            }
            None => {
                rows.push((port, rec[1].to_string(), rec[2].to_string(), String::new(), rec[3].to_string()))
            }
        }
    }
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    // The texts in one string and the table as offsets into it: a table of `&str` would need
    // one relocation a pointer at every start (four a row), offsets need none (BENCHMARKS.md).
    let mut text = String::new();
    let mut table = String::new();
    for r in &rows {
        let mut cuts = vec![text.len()];
        for field in [&r.1, &r.2, &r.3, &r.4] {
            text.push_str(field);
            cuts.push(text.len());
        }
        writeln!(table, "({}, {:?}),", r.0, cuts.iter().map(|&c| c as u32).collect::<Vec<_>>()).unwrap();
    }
    writeln!(out, "/// Every protocol, service, aliases and comment of [`PORTS`], back to back.").unwrap();
    writeln!(out, "pub(crate) static PORT_TEXT: &str = {text:?};").unwrap();
    writeln!(
        out,
        "/// (port, where its protocol, service, aliases and comment start and the last ends in [`PORT_TEXT`]) sorted by port."
    )
    .unwrap();
    writeln!(out, "pub(crate) static PORTS: [(u16, [u32; 5]); {}] = [", rows.len()).unwrap();
    out.push_str(&table);
    writeln!(out, "];").unwrap();
}

/// `$OUT_DIR/i18n.rs`: for each catalogue, `EN`/`ZH`, a table of (key, text, pieces) and a
/// function from key to index. A message's text is its `key = ...` line and the indented lines
/// that continue it; it is simple when it is one line of text and `{ $name }` values, and then
/// its pieces are given, else `None` (the binary formats it through Fluent).
fn i18n() {
    let mut out = String::new();
    for (name, path) in [("EN", "data/i18n/en.ftl"), ("ZH", "data/i18n/zh.ftl")] {
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut continues = false;
        for line in text.split_inclusive('\n') {
            if line.starts_with(' ') && continues {
                if let Some(last) = entries.last_mut() {
                    last.1.push_str(line);
                }
                continue;
            }
            continues = false;
            if !line.starts_with('#')
                && let Some((key, _)) = line.split_once('=')
            {
                let key = key.trim().to_string();
                if entries.iter().any(|(k, _)| *k == key) {
                    panic!("{path}: message {key} is defined twice");
                }
                entries.push((key, line.to_string()));
                continues = true;
            }
        }
        // One string holds every text; the tables hold offsets into it, not pointers, so that
        // loading the binary relocates nothing for them (a PIE would fix up each pointer).
        let mut all = String::new();
        let mut msgs = Vec::new();
        let mut pieces: Vec<(u8, usize, usize)> = Vec::new();
        for (_, text) in &entries {
            let start = all.len();
            all.push_str(text);
            let (first, simple) = (pieces.len(), simple_pieces(text));
            if let Some(ps) = &simple {
                for (kind, piece) in ps {
                    let at = all.len();
                    all.push_str(piece);
                    pieces.push((*kind, at, all.len()));
                }
            }
            let count = if simple.is_some() { pieces.len() - first } else { usize::MAX };
            msgs.push((start, start + text.len(), first, count));
        }
        writeln!(out, "/// Every text of `{path}`, one after the other.").unwrap();
        writeln!(out, "static {name}_TEXT: &str = {all:?};").unwrap();
        writeln!(out, "/// Each message of `{path}`: its text (start, end), its pieces (first, count; count")
            .unwrap();
        writeln!(out, "/// `u32::MAX`: not simple).").unwrap();
        writeln!(out, "static {name}_MSGS: [(u32, u32, u32, u32); {}] = [", msgs.len()).unwrap();
        for (a, b, first, count) in &msgs {
            let count = if *count == usize::MAX { u32::MAX } else { *count as u32 };
            writeln!(out, "    ({a}, {b}, {first}, {count}),").unwrap();
        }
        writeln!(out, "];").unwrap();
        writeln!(out, "/// The pieces of the simple messages: (0 text, 1 value name; start, end).").unwrap();
        writeln!(out, "static {name}_PIECES: [(u8, u32, u32); {}] = [", pieces.len()).unwrap();
        for (k, a, b) in &pieces {
            writeln!(out, "    ({k}, {a}, {b}),").unwrap();
        }
        writeln!(out, "];").unwrap();
        writeln!(out, "/// The index of a message of `{path}` by its key.").unwrap();
        writeln!(out, "fn {}_index(key: &str) -> Option<usize> {{", name.to_lowercase()).unwrap();
        writeln!(out, "    match key {{").unwrap();
        for (i, (key, _)) in entries.iter().enumerate() {
            writeln!(out, "        {key:?} => Some({i}),").unwrap();
        }
        writeln!(out, "        _ => None,\n    }}\n}}").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n.rs");
    std::fs::write(&dest, out).expect("OUT_DIR is writable");
}

/// The pieces of a simple message, (0, text) or (1, value name), or `None`.
fn simple_pieces(line: &str) -> Option<Vec<(u8, String)>> {
    let (_, value) = line.split_once('=')?;
    let value = value.trim();
    if value.contains('\n') {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push((0, rest[..open].to_string()));
        }
        let close = rest[open..].find('}')? + open;
        let name = rest[open + 1..close].trim().strip_prefix('$')?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return None;
        }
        out.push((1, name.to_string()));
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return None;
    }
    if !rest.is_empty() {
        out.push((0, rest.to_string()));
    }
    Some(out)
}
