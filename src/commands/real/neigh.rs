//! The ARP caches at the end of a `--real` comparison: the simulator's, and what `ip neigh`
//! says in each real host's namespace, compared entry by entry. Linux's DELAY and PROBE (a
//! stale entry in use, re-checked after 5 s) count as STALE: the simulator does not tell
//! them apart.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use serde::Serialize;

use netcalc::lan::sim::Sim;
use netcalc::mac::MacAddr;

/// A cache entry as both sides can say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Entry {
    /// Its MAC; none while resolving or after failing.
    pub(crate) mac: Option<MacAddr>,
    /// Its state as the side names it (the kernel's DELAY and PROBE included).
    pub(crate) state: String,
}

/// Every entry of every host, by (host, address).
pub(crate) type Caches = BTreeMap<(String, Ipv4Addr), Entry>;

/// The simulator's caches as of `now` (virtual nanoseconds).
pub(crate) fn simulated(sim: &Sim, now: u64) -> Caches {
    let mut all = Caches::new();
    for n in &sim.nodes {
        for (ip, e) in n.cache.entries(now) {
            let mac = (e.mac != MacAddr::ZERO).then_some(e.mac);
            all.insert((n.name.clone(), ip), Entry { mac, state: e.state.name().to_string() });
        }
    }
    all
}

/// Adds the entries of `ip -j neigh show` run in `host`'s namespace (IPv4 unicast only: the
/// kernel's NOARP and PERMANENT entries are not a cache's learning).
pub(crate) fn add_real(all: &mut Caches, host: &str, json: &[u8]) -> Result<(), String> {
    #[derive(serde::Deserialize)]
    struct Neigh {
        dst: String,
        lladdr: Option<String>,
        #[serde(default)]
        state: Vec<String>,
    }
    let list: Vec<Neigh> = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    for n in list {
        let (Ok(ip), Some(state)) = (n.dst.parse::<Ipv4Addr>(), n.state.first()) else { continue };
        if matches!(state.as_str(), "NOARP" | "PERMANENT" | "NONE") {
            continue;
        }
        let mac = n.lladdr.as_deref().and_then(|m| m.parse::<MacAddr>().ok());
        all.insert((host.to_string(), ip), Entry { mac, state: state.clone() });
    }
    Ok(())
}

/// The state in the simulator's terms.
fn modelled(state: &str) -> &str {
    match state {
        "DELAY" | "PROBE" => "STALE",
        s => s,
    }
}

/// One (host, address) of either side.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub(crate) host: String,
    pub(crate) ip: Ipv4Addr,
    pub(crate) simulator: Option<Entry>,
    pub(crate) real: Option<Entry>,
    /// Both have it, in the same state (DELAY and PROBE as STALE), with the same MAC where
    /// both have one.
    pub(crate) same: bool,
}

/// Both sides' entries, row by row in (host, address) order.
pub(crate) fn compare(sim: &Caches, real: &Caches) -> Vec<Row> {
    let keys: std::collections::BTreeSet<&(String, Ipv4Addr)> = sim.keys().chain(real.keys()).collect();
    keys.into_iter()
        .map(|key| {
            let (s, r) = (sim.get(key), real.get(key));
            let same = match (s, r) {
                (Some(s), Some(r)) => {
                    modelled(&s.state) == modelled(&r.state)
                        && (s.mac.is_none() || r.mac.is_none() || s.mac == r.mac)
                }
                _ => false,
            };
            Row { host: key.0.clone(), ip: key.1, simulator: s.cloned(), real: r.cloned(), same }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernels_list_is_read_and_compared_in_the_simulators_terms() {
        let json = br#"[{"dst":"10.9.0.2","dev":"eth0","lladdr":"02:00:00:00:00:02","state":["REACHABLE"]},
            {"dst":"10.9.0.3","dev":"eth0","lladdr":"02:00:00:00:00:03","state":["DELAY"]},
            {"dst":"10.9.0.9","dev":"eth0","state":["FAILED"]},
            {"dst":"224.0.0.1","dev":"eth0","lladdr":"01:00:5e:00:00:01","state":["NOARP"]},
            {"dst":"fe80::1","dev":"eth0","lladdr":"02:00:00:00:00:02","state":["STALE"]}]"#;
        let mut real = Caches::new();
        add_real(&mut real, "H1", json).unwrap();
        assert_eq!(real.len(), 3, "{real:?}");
        let entry = |mac: Option<&str>, state: &str| Entry {
            mac: mac.map(|m| m.parse().unwrap()),
            state: state.into(),
        };
        let mut sim = Caches::new();
        sim.insert(("H1".into(), [10, 9, 0, 2].into()), entry(Some("02:00:00:00:00:02"), "REACHABLE"));
        sim.insert(("H1".into(), [10, 9, 0, 3].into()), entry(Some("02:00:00:00:00:03"), "STALE"));
        sim.insert(("H1".into(), [10, 9, 0, 9].into()), entry(None, "FAILED"));
        let rows = compare(&sim, &real);
        assert!(rows.iter().all(|r| r.same), "{rows:?}");
        // A state that differs, and an entry only one side has.
        sim.insert(("H1".into(), [10, 9, 0, 2].into()), entry(Some("02:00:00:00:00:02"), "STALE"));
        sim.insert(("H2".into(), [10, 9, 0, 1].into()), entry(Some("02:00:00:00:00:01"), "STALE"));
        let differ: Vec<_> = compare(&sim, &real).into_iter().filter(|r| !r.same).map(|r| r.ip).collect();
        assert_eq!(differ, [Ipv4Addr::new(10, 9, 0, 2), Ipv4Addr::new(10, 9, 0, 1)]);
        assert!(add_real(&mut real, "H1", b"not json").is_err());
    }
}
