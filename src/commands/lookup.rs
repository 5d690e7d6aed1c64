//! `netcalc mac` and `netcalc port`: registry lookups, explained.

use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use crate::cli::{MacArgs, PortArgs};
use crate::commands::{ERROR, NO, YES, warn, write_err};
use crate::i18n::{t, tr};
use crate::output::{Style, json_line};
use netcalc::error::{Error, Result};
use netcalc::lookup::{oui, port};
use netcalc::mac::{MacAddr, MacKind};

/// What `mac` reports of one address. Field names are its JSON keys.
#[derive(Debug, Serialize)]
struct MacFacts {
    mac: String,
    oui: String,
    vendor: Option<&'static str>,
    registry: Option<&'static str>,
    assignment: Option<String>,
    group: bool,
    local: bool,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    maps: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ipv4_groups: Vec<Ipv4Addr>,
}

fn facts(mac: MacAddr) -> MacFacts {
    // A group address's OUI is its owner's with the I/G bit set (01:00:5e is IANA's 00:00:5e).
    let mut owner = mac;
    owner.0[0] &= !1;
    let v = if mac.is_broadcast() { None } else { oui::vendor(owner) };
    let kind = mac.kind();
    let maps = match &kind {
        MacKind::Broadcast => Some("every station on the LAN (ARP requests, DHCP discovery)".to_string()),
        MacKind::Ipv4Multicast { .. } => {
            let [_, _, _, d, e, f] = mac.0;
            Some(format!(
                "IPv4 multicast (RFC 1112): groups 224-239.{d}.{e}.{f} and 224-239.{}.{e}.{f} (32 groups share this MAC)",
                d | 0x80
            ))
        }
        MacKind::Ipv6Multicast { low32 } => {
            let example = Ipv6Addr::from(0xff02u128 << 112 | u128::from(*low32));
            let [c, d, e, f] = low32.to_be_bytes();
            Some(format!(
                "IPv6 multicast (RFC 2464): every ff00::/8 group whose last 32 bits are {c:02x}{d:02x}:{e:02x}{f:02x} (e.g. {example})"
            ))
        }
        MacKind::Multicast | MacKind::Unicast => None,
    };
    let ipv4_groups = match &kind {
        MacKind::Ipv4Multicast { groups } => groups.clone(),
        _ => Vec::new(),
    };
    MacFacts {
        mac: mac.to_string(),
        oui: mac.oui(),
        vendor: v.as_ref().map(|v| v.name),
        registry: v.as_ref().map(|v| v.registry),
        assignment: v.map(|v| v.assignment),
        group: mac.is_group(),
        local: mac.is_local(),
        kind: kind.as_str(),
        maps,
        ipv4_groups,
    }
}

pub(crate) fn mac(args: &MacArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    if args.random {
        let mut m = MacAddr(rand::random::<[u8; 6]>());
        // Unicast always; locally administered only if asked (else a random, possibly assigned, OUI).
        m.0[0] &= !1;
        if args.local {
            m.0[0] |= 2;
        } else {
            m.0[0] &= !2;
        }
        if args.json {
            json_line(out, &facts(m)).map_err(write_err)?;
        } else {
            writeln!(out, "{m}").map_err(write_err)?;
        }
        return Ok(YES);
    }
    if args.macs.is_empty() {
        return Err(Error::invalid(t!("mac-none-given")));
    }
    let mut code = YES;
    for text in &args.macs {
        let mac: MacAddr = match text.parse() {
            Ok(m) => m,
            Err(e) => {
                warn(super::errors::mac_words(&e));
                code = ERROR;
                continue;
            }
        };
        let f = facts(mac);
        if args.json {
            json_line(out, &f).map_err(write_err)?;
            continue;
        }
        render(&f, mac, out, style).map_err(write_err)?;
    }
    Ok(code)
}

fn render(f: &MacFacts, mac: MacAddr, out: &mut dyn Write, s: Style) -> std::io::Result<()> {
    let vendor = match (&f.vendor, &f.registry, &f.assignment) {
        (Some(v), Some(r), Some(a)) => format!("{v} ({r} {a})"),
        _ if mac.is_broadcast() => t!("mac-broadcast"),
        _ if f.local => t!("mac-local"),
        _ => t!("mac-unknown-vendor"),
    };
    writeln!(out, "{}  {}", s.bold(&f.mac), vendor)?;
    let first = mac.0[0];
    let line = t!(
        "mac-first-octet",
        hex = format!("{first:02x}"),
        bits = format!("{first:08b}"),
        ig = first & 1,
        group = if f.group { t!("mac-group") } else { t!("mac-individual") },
        ul = (first >> 1) & 1,
        local = if f.local { t!("mac-locally-administered") } else { t!("mac-universal") }
    );
    writeln!(out, "  {line}")?;
    if let Some(m) = &f.maps {
        // The JSON's sentence is English; the text view words the same facts in the run's
        // language.
        let m = match (crate::i18n::lang(), mac.kind()) {
            (crate::i18n::Lang::En, _) => m.clone(),
            (_, MacKind::Broadcast) => t!("mac-maps-broadcast"),
            (_, MacKind::Ipv4Multicast { .. }) => {
                let [_, _, _, d, e, f] = mac.0;
                t!("mac-maps-ipv4", d = d, d2 = d | 0x80, e = e, f = f)
            }
            (_, MacKind::Ipv6Multicast { low32 }) => {
                let example = Ipv6Addr::from(0xff02u128 << 112 | u128::from(low32));
                let [c, d, e, f] = low32.to_be_bytes();
                t!(
                    "mac-maps-ipv6",
                    bits = format!("{c:02x}{d:02x}:{e:02x}{f:02x}"),
                    example = example.to_string()
                )
            }
            _ => m.clone(),
        };
        writeln!(out, "  {}: {m}", tr(&format!("mac-kind-{}", f.kind), &[]))?;
    }
    Ok(())
}

/// The JSON record of a port with no entry.
#[derive(Serialize)]
struct NoService {
    port: u16,
    protocol: Option<&'static str>,
    service: Option<&'static str>,
    range: &'static str,
}

pub(crate) fn port(args: &PortArgs, out: &mut dyn Write, _style: Style) -> Result<u8> {
    let mut code = YES;
    for q in &args.queries {
        // A bad item is reported and skipped; the others are still answered (as info and mac
        // do), and the exit code is 2.
        let digits = q.strip_prefix(['+', '-']).unwrap_or(q);
        let (entries, number) = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            match q.parse::<u16>().ok().filter(|_| q.len() <= 5 && digits.len() == q.len()) {
                Some(n) => (port::by_port(n), Some(n)),
                None => {
                    warn(t!("port-out-of-range", q = format!("{q:?}")));
                    code = ERROR;
                    continue;
                }
            }
        } else {
            if q.is_empty() || !q.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.+".contains(&b)) {
                warn(t!("port-not-a-port", q = format!("{q:?}")));
                code = ERROR;
                continue;
            }
            (port::by_name(q), None)
        };
        if entries.is_empty() {
            if code == YES {
                code = NO;
            }
            if args.json {
                if let Some(n) = number {
                    let rec =
                        NoService { port: n, protocol: None, service: None, range: port::range_class(n) };
                    json_line(out, &rec).map_err(write_err)?;
                }
            } else {
                match number {
                    Some(n) => {
                        let range = tr(&format!("port-range-{}", port::range_class(n)), &[]);
                        writeln!(out, "{n:<5}  -     {}", t!("port-no-service", range = range))
                    }
                    None => writeln!(out, "{}", t!("port-no-such-name", q = q.as_str())),
                }
                .map_err(write_err)?;
            }
            continue;
        }
        for e in entries {
            if args.json {
                json_line(out, &e).map_err(write_err)?;
            } else {
                let aliases =
                    if e.aliases.is_empty() { String::new() } else { format!(" ({})", e.aliases.join(", ")) };
                let comment = if e.comment.is_empty() { String::new() } else { format!("  # {}", e.comment) };
                let range = tr(&format!("port-range-{}", e.range), &[]);
                writeln!(out, "{:<5}  {:<4}  {}{aliases}  [{range}]{comment}", e.port, e.protocol, e.service)
                    .map_err(write_err)?;
            }
        }
    }
    Ok(code)
}
