//! `netcalc ifaces`: this machine's own interfaces and addresses, read from the OS (netdev:
//! netlink on Linux), each address classified and explained, and each default gateway checked
//! for being on-link by AND-masking.

use std::io::Write;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use crate::cli::IfacesArgs;
use crate::commands::{YES, write_err};
use crate::output::{Style, json_line};
use netcalc::Category;
use netcalc::addr::Prefixed;
use netcalc::classify::classify;
use netcalc::error::{Error, Result};
use netcalc::mac::MacAddr;
use netcalc::subnet::{broadcast, on_link};

/// One interface as `--json` shows it.
#[derive(Serialize)]
struct Iface {
    name: String,
    index: u32,
    state: &'static str,
    up: bool,
    loopback: bool,
    mac: Option<String>,
    vendor: Option<&'static str>,
    mac_local: Option<bool>,
    addresses: Vec<Address>,
}

/// One address of an interface.
#[derive(Serialize)]
struct Address {
    address: IpAddr,
    prefix: u8,
    network: IpAddr,
    broadcast: Option<IpAddr>,
    category: Category,
    globally_reachable: Option<bool>,
    /// What it means, in a sentence.
    explanation: String,
}

/// A default gateway and whether it is on-link.
#[derive(Serialize)]
struct Gateway {
    address: IpAddr,
    interface: String,
    /// Whether an address of the interface has the gateway on its network (AND-masking).
    on_link: bool,
    /// That address, with its prefix.
    via: Option<String>,
}

#[derive(Serialize)]
struct Report {
    interfaces: Vec<Iface>,
    gateways: Vec<Gateway>,
}

/// What an address is, as the course notes ask it: public or private, and why it matters.
fn explanation(a: IpAddr, c: Category) -> String {
    let v6 = a.is_ipv6();
    match c {
        Category::Loopback => {
            format!("{a} is a loopback address (回环地址): traffic to it never leaves this machine")
        }
        Category::Private if v6 => format!(
            "{a} is a unique local address (fc00::/7, IPv6's private range): routed inside a site, never on the Internet"
        ),
        Category::Private => format!(
            "{a} is a private (内网) address: the Internet sees this machine through your router's public address, which no local command can know"
        ),
        Category::LinkLocal if v6 => format!(
            "{a} is link-local (fe80::/10): every IPv6 interface has one, for its own link only (neighbour discovery, router advertisements)"
        ),
        Category::LinkLocal => {
            format!(
                "{a} is link-local (169.254.0.0/16): self-assigned, usually because no DHCP server answered"
            )
        }
        Category::Shared => {
            format!(
                "{a} is in the shared address space (100.64.0.0/10): your provider translates it (carrier-grade NAT)"
            )
        }
        Category::Global if v6 => {
            format!("{a} is a global IPv6 address (公网): this machine's own address on the Internet")
        }
        Category::Global => format!(
            "{a} is a public (公网) address: reachable from the Internet, unless a firewall says otherwise"
        ),
        Category::Documentation => {
            format!("{a} is from a documentation range: it belongs in examples, not on a real network")
        }
        other => format!("{a} is {other} (see `netcalc classify {a}`)"),
    }
}

fn address(a: IpAddr, prefix: u8) -> Address {
    let net = IpNet::new(a, prefix).unwrap_or_else(|_| IpNet::from(a));
    let c = classify(a);
    Address {
        address: a,
        prefix,
        network: net.network(),
        broadcast: broadcast(net),
        category: c.verdict.category,
        globally_reachable: c.verdict.globally_reachable,
        explanation: explanation(a, c.verdict.category),
    }
}

fn iface(i: &netdev::Interface) -> Iface {
    let mac = i.mac_addr.map(|m| MacAddr(m.octets())).filter(|m| *m != MacAddr::ZERO);
    let mut addresses: Vec<Address> =
        i.ipv4.iter().map(|n| address(IpAddr::V4(n.addr()), n.prefix_len())).collect();
    addresses.extend(i.ipv6.iter().map(|n| address(IpAddr::V6(n.addr()), n.prefix_len())));
    Iface {
        name: i.name.clone(),
        index: i.index,
        state: i.oper_state.as_str(),
        up: i.is_up(),
        loopback: i.is_loopback(),
        mac: mac.map(|m| m.to_string()),
        vendor: mac.and_then(netcalc::lookup::oui::vendor).map(|v| v.name),
        mac_local: mac.map(|m| m.is_local()),
        addresses,
    }
}

/// The gateways of `i`, each checked against the interface's own networks.
fn gateways(i: &netdev::Interface) -> Vec<Gateway> {
    let Some(g) = &i.gateway else { return Vec::new() };
    let nets: Vec<IpNet> =
        i.ipv4.iter().map(|n| IpNet::V4(*n)).chain(i.ipv6.iter().map(|n| IpNet::V6(*n))).collect();
    g.ipv4
        .iter()
        .map(|a| IpAddr::V4(*a))
        .chain(g.ipv6.iter().map(|a| IpAddr::V6(*a)))
        .map(|address| {
            let via = nets.iter().find(|n| on_link(**n, address));
            Gateway {
                address,
                interface: i.name.clone(),
                on_link: via.is_some(),
                via: via.map(|n| n.to_string()),
            }
        })
        .collect()
}

pub(crate) fn run(args: &IfacesArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let all = netdev::get_interfaces();
    for name in &args.names {
        if !all.iter().any(|i| &i.name == name) {
            let known: Vec<&str> = all.iter().map(|i| i.name.as_str()).collect();
            return Err(Error::invalid(format!(
                "no interface {name:?} on this machine (it has {})",
                known.join(", ")
            )));
        }
    }
    let chosen: Vec<&netdev::Interface> =
        all.iter().filter(|i| args.names.is_empty() || args.names.contains(&i.name)).collect();
    let report = Report {
        interfaces: chosen.iter().map(|i| iface(i)).collect(),
        gateways: chosen.iter().flat_map(|i| gateways(i)).collect(),
    };
    if args.json {
        json_line(out, &report).map_err(write_err)?;
        return Ok(YES);
    }
    render(&report, args.explain, out, style).map_err(write_err)?;
    Ok(YES)
}

fn render(r: &Report, explain: bool, out: &mut dyn Write, s: Style) -> std::io::Result<()> {
    for i in &r.interfaces {
        let mac = match (&i.mac, i.vendor, i.mac_local) {
            (Some(m), Some(v), _) => format!("  MAC {m} ({v})"),
            (Some(m), None, Some(true)) => format!("  MAC {m} (locally administered: no vendor)"),
            (Some(m), None, _) => format!("  MAC {m} (vendor unknown)"),
            (None, ..) => String::new(),
        };
        let what = if i.loopback { ", loopback" } else { "" };
        writeln!(out, "{}  {}{what}{mac}", s.bold(&i.name), i.state)?;
        for a in &i.addresses {
            let mut facts = format!("network {}", a.network);
            if let Some(b) = a.broadcast {
                facts.push_str(&format!(", broadcast {b}"));
            }
            writeln!(out, "  {}/{}  {facts}", a.address, a.prefix)?;
            writeln!(out, "      {}", s.dim(&a.explanation))?;
        }
    }
    for g in &r.gateways {
        let verdict = match &g.via {
            Some(v) => {
                s.green(&format!("on-link: {} AND the mask of {v} falls on the same network", g.address))
            }
            None => {
                s.red(&format!("not on-link: no address of {} has {} on its network", g.interface, g.address))
            }
        };
        writeln!(out, "default gateway {} via {}: {verdict}", g.address, g.interface)?;
        if explain && let Some(v) = &g.via {
            let own = netcalc::addr::parse_prefixed(v).map_err(std::io::Error::other)?;
            let other = Prefixed { addr: g.address, prefix: None };
            if let Ok(same) = netcalc::subnet::same_subnet(own, other, None) {
                super::same_subnet::render(&same, out, s)?;
            }
        }
    }
    if r.gateways.is_empty() {
        writeln!(out, "no default gateway: this machine reaches only its own networks")?;
    }
    Ok(())
}
