//! The list commands: `split`, `aggregate`, `range`, `hosts`, `contains`. One item per line
//! when piped (JSON Lines with `--json`), a table on a terminal.

use std::io::{self, Write};
use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use crate::cli::{AggregateArgs, ContainsArgs, HostsArgs, RangeArgs, SplitArgs};
use crate::commands::{ERROR, NO, YES, guard, reads_stdin, warn, write_err};
use crate::output::{Style, json_line};
use netcalc::addr::{parse_addr, parse_net, parse_prefixed};
use netcalc::bulk::{Line, for_each_line, trim_cr};
use netcalc::error::{Error, ParseError, Result};
use netcalc::subnet::{
    self, Allocation, Interval, Request, hosts as host_iter, require_network, split_count, split_prefix,
    usable_hosts_text, usable_range, vlsm,
};

/// The JSON record of one network in a list.
#[derive(Serialize)]
struct NetRecord<'a> {
    network: IpNet,
    first_address: IpAddr,
    last_address: IpAddr,
    #[serde(skip_serializing_if = "Option::is_none")]
    broadcast: Option<IpAddr>,
    first_host: IpAddr,
    last_host: IpAddr,
    hosts: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    free: Option<bool>,
}

impl<'a> NetRecord<'a> {
    fn new(net: IpNet) -> Self {
        let (first_host, last_host) = usable_range(net);
        let ipv4 = net.addr().is_ipv4();
        NetRecord {
            network: net,
            first_address: net.network(),
            last_address: net.broadcast(),
            broadcast: (ipv4 && net.prefix_len() <= 30).then(|| net.broadcast()),
            first_host,
            last_host,
            hosts: usable_hosts_text(net.prefix_len(), subnet::width(net.addr())),
            name: None,
            requested: None,
            free: None,
        }
    }

    fn of_allocation(a: &'a Allocation) -> Self {
        NetRecord {
            name: a.name.as_deref(),
            requested: a.requested.as_deref(),
            free: Some(a.name.is_none()),
            ..NetRecord::new(a.network)
        }
    }
}

/// Writes networks as lines, JSON Lines or (on a terminal) a table.
struct NetList<'o> {
    out: &'o mut dyn Write,
    json: bool,
    table: Option<comfy_table::Table>,
    /// Plain lines, written in large pieces.
    buf: Vec<u8>,
}

impl<'o> NetList<'o> {
    fn new(out: &'o mut dyn Write, json: bool, style: Style, vlsm: bool) -> Self {
        let table = (style.tty && !json).then(|| {
            let mut h = vec!["network", "first", "last", "broadcast", "usable hosts"];
            if vlsm {
                h.insert(0, "name");
                h.insert(1, "requested");
            }
            style.table(h)
        });
        NetList { out, json, table, buf: Vec::with_capacity(1 << 17) }
    }

    /// A plain network: piped without `--json` it is just the CIDR, with nothing computed.
    fn push_net(&mut self, net: IpNet) -> io::Result<()> {
        if self.json || self.table.is_some() {
            return self.push(&NetRecord::new(net));
        }
        match net {
            IpNet::V4(n) => {
                push_ipv4(&mut self.buf, u32::from(n.addr()));
                self.buf.push(b'/');
                push_u8(&mut self.buf, n.prefix_len());
                self.buf.push(b'\n');
            }
            IpNet::V6(n) => {
                let _ = writeln!(self.buf, "{n}");
            }
        }
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn push(&mut self, r: &NetRecord<'_>) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        if self.json {
            return json_line(self.out, r);
        }
        if let Some(t) = &mut self.table {
            let mut row = vec![
                r.network.to_string(),
                r.first_address.to_string(),
                r.last_address.to_string(),
                r.broadcast.map_or_else(|| "-".into(), |b| b.to_string()),
                r.hosts.clone(),
            ];
            if r.free.is_some() {
                row.insert(0, r.name.unwrap_or("(free)").to_string());
                row.insert(1, r.requested.unwrap_or("-").to_string());
            }
            t.add_row(row);
            return Ok(());
        }
        match (r.free, r.name) {
            (Some(false), Some(name)) => writeln!(
                self.out,
                "{} {name} ({} hosts requested, {} usable)",
                r.network,
                r.requested.unwrap_or("?"),
                r.hosts
            ),
            (Some(true), _) => writeln!(self.out, "{} free ({} usable)", r.network, r.hosts),
            _ => writeln!(self.out, "{}", r.network),
        }
    }

    fn finish(self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        if let Some(t) = self.table {
            writeln!(self.out, "{t}")?;
        }
        Ok(())
    }
}

/// A NET argument: a network address with a prefix (a bare address is a single host).
fn network_arg(text: &str) -> Result<IpNet> {
    require_network(parse_net(text)?, text)
}

pub(crate) fn split(args: &SplitArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let net = network_arg(&args.net)?;
    if !args.hosts.is_empty() {
        let requests = parse_requests(&args.hosts)?;
        let plan = vlsm(net, &requests)?;
        let mut list = NetList::new(out, args.json, style, true);
        for a in plan.allocations.iter().chain(&plan.free) {
            list.push(&NetRecord::of_allocation(a)).map_err(write_err)?;
        }
        list.finish().map_err(write_err)?;
        return Ok(YES);
    }
    let prefix = match (&args.prefix, args.count) {
        (Some(p), _) => {
            let text = p.strip_prefix('/').unwrap_or(p);
            let mask = netcalc::addr::parse_mask(text)?;
            mask.for_family(net.addr().is_ipv4()).map_err(|e| ParseError::new(e, p.as_str()))?
        }
        (None, Some(n)) => split_count(net, n)?,
        (None, None) => return Err(Error::invalid("give --prefix, --count or --hosts")),
    };
    let subnets = split_prefix(net, prefix)?;
    let count = 1u128.checked_shl(u32::from(prefix.saturating_sub(net.prefix_len())));
    guard(style, count, args.force)?;
    let mut list = NetList::new(out, args.json, style, false);
    for s in subnets {
        list.push_net(s).map_err(write_err)?;
    }
    list.finish().map_err(write_err)?;
    Ok(YES)
}

/// `sales=50,eng=20,10` -> named requests (unnamed ones are numbered by position).
fn parse_requests(items: &[String]) -> Result<Vec<Request>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (name, count) = match item.split_once('=') {
                Some((n, c)) => (n.to_string(), c),
                None => (format!("#{}", i + 1), item.as_str()),
            };
            let hosts =
                count.parse::<u128>().ok().filter(|_| count.bytes().all(|b| b.is_ascii_digit())).ok_or_else(
                    || {
                        Error::invalid(format!(
                            "host count must be a positive whole number: {item:?} (e.g. sales=50)"
                        ))
                    },
                )?;
            Ok(Request { name, hosts })
        })
        .collect()
}

pub(crate) fn aggregate(args: &AggregateArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let mut holes = Vec::new();
    for text in &args.exclude {
        holes.push(network_arg(text)?);
    }
    let mut nets = Vec::new();
    let mut bad = 0u64;
    let mut line = 0u64;
    let mut take = |text: &[u8]| {
        line += 1;
        let text = String::from_utf8_lossy(text);
        let parsed = parse_net(&text)
            .map_err(Error::from)
            .and_then(|n| if args.truncate { Ok(n.trunc()) } else { require_network(n, &text) });
        match parsed {
            Ok(n) => nets.push(n),
            Err(e) => {
                bad += 1;
                if bad <= 10 {
                    warn(format_args!("input {line}: {e}"));
                }
            }
        }
    };
    for a in args.nets.iter().filter(|a| *a != "-") {
        take(a.as_bytes());
    }
    if reads_stdin(&args.nets) {
        for_each_line(io::stdin().lock(), |l| {
            match l {
                Line::Text(t) => take(trim_cr(t)),
                Line::TooLong(t) => take(t),
            }
            Ok(())
        })
        .map_err(|e| Error::Io { context: "reading standard input".into(), source: e })?;
    }
    let result = subnet::aggregate(nets, &holes);
    let mut list = NetList::new(out, args.json, style, false);
    for n in result {
        list.push_net(n).map_err(write_err)?;
    }
    list.finish().map_err(write_err)?;
    if bad > 0 {
        out.flush().map_err(write_err)?;
        warn(format_args!("{bad} of {line} inputs were not valid networks and were left out"));
        return Ok(ERROR);
    }
    Ok(YES)
}

pub(crate) fn range(args: &RangeArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let (first, last) = match &args.last {
        Some(l) => (parse_addr(&args.first)?, parse_addr(l)?),
        None => {
            let (f, l) = args.first.split_once('-').ok_or_else(|| {
                Error::invalid(format!(
                    "give FIRST LAST or FIRST-LAST (e.g. 10.0.0.5-10.0.0.77): {:?}",
                    args.first
                ))
            })?;
            (parse_addr(f)?, parse_addr(l)?)
        }
    };
    let nets = subnet::range(first, last)?;
    let mut list = NetList::new(out, args.json, style, false);
    for n in nets {
        list.push_net(n).map_err(write_err)?;
    }
    list.finish().map_err(write_err)?;
    Ok(YES)
}

pub(crate) fn hosts(args: &HostsArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let net = network_arg(&args.net)?;
    let mut it = host_iter(net);
    guard(style, it.remaining(), args.force)?;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
    let ipv4 = it.is_ipv4();
    while let Some(v) = it.next_int() {
        if args.json {
            buf.extend_from_slice(b"{\"address\":\"");
        }
        if ipv4 {
            push_ipv4(&mut buf, v as u32);
        } else {
            let _ = write!(buf, "{}", std::net::Ipv6Addr::from(v));
        }
        buf.extend_from_slice(if args.json { b"\"}\n" } else { b"\n" });
        if buf.len() >= 1 << 16 {
            out.write_all(&buf).map_err(write_err)?;
            buf.clear();
        }
    }
    out.write_all(&buf).map_err(write_err)?;
    Ok(YES)
}

/// Dotted-quad formatting without the formatter machinery: `hosts` and `split` are
/// output-bound.
#[inline]
fn push_ipv4(buf: &mut Vec<u8>, v: u32) {
    for (i, o) in v.to_be_bytes().into_iter().enumerate() {
        if i > 0 {
            buf.push(b'.');
        }
        push_u8(buf, o);
    }
}

#[inline]
fn push_u8(buf: &mut Vec<u8>, o: u8) {
    if o >= 100 {
        buf.push(b'0' + o / 100);
    }
    if o >= 10 {
        buf.push(b'0' + (o / 10) % 10);
    }
    buf.push(b'0' + o % 10);
}

#[derive(Serialize)]
struct ContainsItem<'a> {
    input: &'a str,
    inside: bool,
}

#[derive(Serialize)]
struct ContainsAnswer<'a> {
    network: IpNet,
    all_inside: bool,
    items: Vec<ContainsItem<'a>>,
}

pub(crate) fn contains(args: &ContainsArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let net = network_arg(&args.net)?;
    let outer = Interval::of_net(net);
    let mut items = Vec::with_capacity(args.items.len());
    for text in &args.items {
        let p = parse_prefixed(text)?;
        if p.addr.is_ipv4() != net.addr().is_ipv4() {
            return Err(Error::invalid(format!(
                "mixed address families: {text:?} is not of the family of {net} (compare IPv4 with IPv4, IPv6 with IPv6)"
            )));
        }
        let inner = Interval::of_net(p.with_default(subnet::width(p.addr)));
        items
            .push(ContainsItem { input: text, inside: outer.start <= inner.start && inner.end <= outer.end });
    }
    let all_inside = items.iter().all(|i| i.inside);
    let answer = ContainsAnswer { network: net, all_inside, items };
    if args.json {
        json_line(out, &answer).map_err(write_err)?;
    } else {
        for i in &answer.items {
            let verdict = if i.inside {
                style.green(&format!("inside {net}"))
            } else {
                style.red(&format!("not inside {net}"))
            };
            writeln!(out, "{:<18} {verdict}", i.input).map_err(write_err)?;
        }
    }
    Ok(if all_inside { YES } else { NO })
}
