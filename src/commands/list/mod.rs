//! The list commands: `split`, `aggregate`, `range`, `hosts`, `contains`. One item per line
//! when piped (JSON Lines with `--json`), a table on a terminal.

mod aggregate;
mod contains;
mod hosts;
mod range;
mod split;

pub(crate) use aggregate::aggregate;
pub(crate) use contains::contains;
pub(crate) use hosts::hosts;
pub(crate) use range::range;
pub(crate) use split::split;

use std::io::{self, Write};
use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use crate::i18n::t;
use crate::output::{Style, json_line};
use netcalc::addr::parse_net;
use netcalc::error::Result;
use netcalc::subnet::{self, Allocation, require_network, usable_hosts_text, usable_range};

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
        NetRecord {
            network: net,
            first_address: net.network(),
            last_address: net.broadcast(),
            broadcast: subnet::broadcast(net),
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
    table: Option<crate::output::Grid>,
    /// Plain lines, written in large pieces.
    buf: Vec<u8>,
}

impl<'o> NetList<'o> {
    fn new(out: &'o mut dyn Write, json: bool, style: Style, vlsm: bool) -> Self {
        let table = (style.tty && !json).then(|| {
            let mut h = vec![
                t!("list-network"),
                t!("list-first"),
                t!("list-last"),
                t!("list-broadcast"),
                t!("list-usable"),
            ];
            if vlsm {
                h.insert(0, t!("list-name"));
                h.insert(1, t!("list-requested"));
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
                row.insert(0, r.name.map_or_else(|| t!("list-free-row"), shown));
                row.insert(1, r.requested.unwrap_or("-").to_string());
            }
            t.add_row(row);
            return Ok(());
        }
        match (r.free, r.name) {
            (Some(false), Some(name)) => {
                let line = t!(
                    "list-allocated",
                    network = r.network.to_string(),
                    name = shown(name),
                    requested = r.requested.unwrap_or("?"),
                    usable = r.hosts.as_str()
                );
                writeln!(self.out, "{line}")
            }
            (Some(true), _) => {
                let line = t!("list-free", network = r.network.to_string(), usable = r.hosts.as_str());
                writeln!(self.out, "{line}")
            }
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

/// A user's text as the terminal shows it: control characters (escape sequences, newlines)
/// escaped, as classify shows a bad line.
fn shown(name: &str) -> String {
    if name.chars().any(char::is_control) { name.escape_debug().to_string() } else { name.to_string() }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::push_ipv4;

    proptest! {
        /// The hand-written dotted quad of `hosts` and `split` is std's.
        #[test]
        fn dotted_quads_are_std_display(v in any::<u32>()) {
            let mut buf = Vec::new();
            push_ipv4(&mut buf, v);
            prop_assert_eq!(String::from_utf8(buf).unwrap(), std::net::Ipv4Addr::from(v).to_string());
        }
    }
}
