//! `netcalc ifaces`: this machine's own interfaces and addresses, read from the OS (netdev:
//! netlink on Linux), each address classified and explained, and each default gateway checked
//! for being on-link by AND-masking.

use std::io::Write;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use crate::cli::IfacesArgs;
use crate::commands::{YES, write_err};
use crate::i18n::{Lang, t, t_in};
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

/// What an address is, as the course notes ask it: public or private, and why it matters, in
/// language `l` (`--json` is always English).
fn explanation(a: IpAddr, c: Category, l: Lang) -> String {
    let v6 = a.is_ipv6();
    let a = a.to_string();
    match c {
        Category::Loopback => t_in!(l, "ifaces-loopback", a = a),
        Category::Private if v6 => t_in!(l, "ifaces-ula", a = a),
        Category::Private => t_in!(l, "ifaces-private", a = a),
        Category::LinkLocal if v6 => t_in!(l, "ifaces-link-local-v6", a = a),
        Category::LinkLocal => t_in!(l, "ifaces-link-local", a = a),
        Category::Shared => t_in!(l, "ifaces-shared", a = a),
        Category::Global if v6 => t_in!(l, "ifaces-global-v6", a = a),
        Category::Global => t_in!(l, "ifaces-public", a = a),
        Category::Documentation => t_in!(l, "ifaces-documentation", a = a),
        other => {
            let name = if l == Lang::En {
                other.to_string()
            } else {
                crate::i18n::tr_in(l, &format!("category-{}", other.as_str()), &[])
            };
            t_in!(l, "ifaces-other", a = a, category = name)
        }
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
        explanation: explanation(a, c.verdict.category, Lang::En),
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
            return Err(Error::invalid(t!(
                "ifaces-no-such",
                name = format!("{name:?}"),
                known = known.join(", ")
            )));
        }
    }
    let mut chosen: Vec<&netdev::Interface> =
        all.iter().filter(|i| args.names.is_empty() || args.names.contains(&i.name)).collect();
    // In the kernel's order (by index), the same on every run: netdev's order varies.
    chosen.sort_by_key(|i| i.index);
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
            (Some(m), Some(v), _) => format!("  {}", t!("ifaces-mac-vendor", mac = m, vendor = v)),
            (Some(m), None, Some(true)) => format!("  {}", t!("ifaces-mac-local", mac = m)),
            (Some(m), None, _) => format!("  {}", t!("ifaces-mac-unknown", mac = m)),
            (None, ..) => String::new(),
        };
        let what = if i.loopback { t!("ifaces-loopback-flag") } else { String::new() };
        let state = match i.state {
            "up" => t!("ifaces-up"),
            "down" => t!("ifaces-down"),
            "unknown" => t!("ifaces-unknown"),
            other => other.to_string(),
        };
        writeln!(out, "{}  {state}{what}{mac}", s.bold(&i.name))?;
        for a in &i.addresses {
            let facts = match a.broadcast {
                Some(b) => {
                    t!("ifaces-network-broadcast", network = a.network.to_string(), broadcast = b.to_string())
                }
                None => t!("ifaces-network", network = a.network.to_string()),
            };
            writeln!(out, "  {}/{}  {facts}", a.address, a.prefix)?;
            let why = if crate::i18n::lang() == Lang::En {
                a.explanation.clone()
            } else {
                explanation(a.address, a.category, crate::i18n::lang())
            };
            writeln!(out, "      {}", s.dim(&why))?;
        }
    }
    for g in &r.gateways {
        let verdict = match &g.via {
            Some(v) => s.green(&t!("ifaces-on-link", gateway = g.address.to_string(), via = v)),
            None => s.red(&t!(
                "ifaces-not-on-link",
                interface = g.interface.as_str(),
                gateway = g.address.to_string()
            )),
        };
        let head = t!("ifaces-gateway", gateway = g.address.to_string(), interface = g.interface.as_str());
        writeln!(out, "{head}: {verdict}")?;
        if explain && let Some(v) = &g.via {
            let own = netcalc::addr::parse_prefixed(v).map_err(std::io::Error::other)?;
            let other = Prefixed { addr: g.address, prefix: None };
            if let Ok(same) = netcalc::subnet::same_subnet(own, other, None) {
                super::same_subnet::render(&same, out, s)?;
            }
        }
    }
    if r.gateways.is_empty() {
        writeln!(out, "{}", t!("ifaces-no-gateway"))?;
    }
    Ok(())
}
