//! A host's ARP cache (neighbour table), in the states Linux uses, driven by a clock passed in
//! (nothing here reads a wall clock, so the simulation is deterministic).

use std::net::Ipv4Addr;

use rustc_hash::FxHashMap;

use crate::mac::MacAddr;

/// How long a confirmed entry stays reachable (Linux's base_reachable_time, 30 s).
pub const REACHABLE_NS: u64 = 30_000_000_000;
/// Time between ARP requests while resolving (Linux's retrans_time, 1 s).
pub const RETRANS_NS: u64 = 1_000_000_000;
/// Requests sent before resolution fails (Linux's mcast_solicit, 3).
pub const MAX_TRIES: u8 = 3;

/// The state of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Resolving: `tries` requests sent so far.
    Incomplete {
        /// Requests sent.
        tries: u8,
    },
    /// Confirmed by a reply at `since_ms` (virtual milliseconds, saturating: 32 bits keep
    /// the 1,000,000 entries of a 1,000-host run small).
    Reachable {
        /// When it was confirmed, in virtual milliseconds.
        since_ms: u32,
    },
    /// Known but unconfirmed: learned from someone else's request, or reachable for longer than
    /// [`REACHABLE_NS`]. Still used to send.
    Stale,
    /// Resolution failed after [`MAX_TRIES`] requests.
    Failed,
}

impl State {
    /// Reachable as of `now_ns`.
    pub fn reachable(now_ns: u64) -> State {
        State::Reachable { since_ms: u32::try_from(now_ns / 1_000_000).unwrap_or(u32::MAX) }
    }

    /// A reachable entry unconfirmed for longer than [`REACHABLE_NS`] at `now_ns`: stale from
    /// then on (Linux's neighbour timer moves it; here the next look at it does).
    pub fn expired(&self, now_ns: u64) -> bool {
        matches!(*self, State::Reachable { since_ms } if now_ns.saturating_sub(u64::from(since_ms) * 1_000_000) > REACHABLE_NS)
    }

    /// The state's name, as `ip neigh` prints it.
    pub fn name(&self) -> &'static str {
        match self {
            State::Incomplete { .. } => "INCOMPLETE",
            State::Reachable { .. } => "REACHABLE",
            State::Stale => "STALE",
            State::Failed => "FAILED",
        }
    }
}

/// One neighbour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Its MAC (zero while incomplete or failed).
    pub mac: MacAddr,
    /// Its state.
    pub state: State,
}

/// The answer to "where do I send a frame for this IP?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Send to this MAC; `stale` if the entry is unconfirmed.
    Found {
        /// The neighbour's MAC.
        mac: MacAddr,
        /// Whether the entry was stale.
        stale: bool,
    },
    /// Resolution is under way: queue the packet.
    Pending,
    /// Nothing usable: start resolving.
    Missing,
}

/// An ARP cache.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    entries: FxHashMap<Ipv4Addr, Entry>,
    /// The entry last looked up, kept equal to its copy in `entries`: a host sends to the
    /// same neighbour many times in a row, and the table (hundreds of entries on a big LAN)
    /// need not be searched each time.
    last: Option<(Ipv4Addr, Entry)>,
}

impl Cache {
    /// An empty cache with room for `n` neighbours (no regrowth on the way there: a thousand
    /// caches growing in step fragment the heap).
    pub fn with_capacity(n: usize) -> Self {
        Cache { entries: FxHashMap::with_capacity_and_hasher(n, Default::default()), last: None }
    }

    /// Where to send to `ip` at time `now` (ageing reachable entries to stale on the way).
    pub fn lookup(&mut self, ip: Ipv4Addr, now: u64) -> Lookup {
        let mut e = match self.last {
            Some((last, e)) if last == ip => e,
            _ => match self.entries.get(&ip) {
                Some(&e) => e,
                None => return Lookup::Missing,
            },
        };
        let found = match e.state {
            State::Reachable { .. } if e.state.expired(now) => {
                e.state = State::Stale;
                if let Some(stored) = self.entries.get_mut(&ip) {
                    *stored = e;
                }
                Lookup::Found { mac: e.mac, stale: true }
            }
            State::Reachable { .. } => Lookup::Found { mac: e.mac, stale: false },
            State::Stale => Lookup::Found { mac: e.mac, stale: true },
            State::Incomplete { .. } => Lookup::Pending,
            State::Failed => Lookup::Missing,
        };
        self.last = Some((ip, e));
        found
    }

    /// Keeps the remembered entry equal to the table's after `ip`'s entry became `e`.
    fn changed(&mut self, ip: Ipv4Addr, e: Entry) {
        if let Some((last, remembered)) = &mut self.last
            && *last == ip
        {
            *remembered = e;
        }
    }

    /// Marks `ip` as being resolved, with one request sent.
    pub fn start(&mut self, ip: Ipv4Addr) {
        let e = Entry { mac: MacAddr::ZERO, state: State::Incomplete { tries: 1 } };
        self.entries.insert(ip, e);
        self.changed(ip, e);
    }

    /// Counts a retry; `false` once [`MAX_TRIES`] were sent (the entry is then failed).
    pub fn retry(&mut self, ip: Ipv4Addr) -> bool {
        let Some(e) = self.entries.get_mut(&ip) else { return false };
        let more = match e.state {
            State::Incomplete { tries } if tries < MAX_TRIES => {
                e.state = State::Incomplete { tries: tries + 1 };
                true
            }
            State::Incomplete { .. } => {
                e.state = State::Failed;
                false
            }
            _ => false,
        };
        let e = *e;
        self.changed(ip, e);
        more
    }

    /// The state of the entry for `ip`, if there is one.
    pub fn state(&self, ip: Ipv4Addr) -> Option<State> {
        self.entries.get(&ip).map(|e| e.state)
    }

    /// Whether `ip` is still being resolved.
    pub fn is_incomplete(&self, ip: Ipv4Addr) -> bool {
        matches!(self.entries.get(&ip), Some(Entry { state: State::Incomplete { .. }, .. }))
    }

    /// RFC 826's merge step: if `ip` is in the table, update its MAC and return true.
    /// `confirmed` (a reply to us) makes the entry reachable. Anything else (a request, a
    /// reply to someone else) proves nothing about reachability: it makes a new or changed
    /// binding stale, but leaves a usable entry with the same MAC as it was, reachable or not
    /// (Linux's `__neigh_update`: "if entry was valid and address is not changed, do not
    /// change entry state, if new one is STALE").
    ///
    /// ```
    /// use netcalc::lan::cache::{Cache, State};
    /// use netcalc::mac::MacAddr;
    /// let (ip, mac) = ([10, 0, 0, 2].into(), MacAddr([2, 0, 0, 0, 0, 2]));
    /// let mut c = Cache::default();
    /// c.insert(ip, mac, State::reachable(1_000_000));
    /// assert!(c.merge(ip, mac, 2_000_000, false)); // its broadcast request, heard
    /// assert_eq!(c.state(ip), Some(State::reachable(1_000_000)));
    /// assert!(c.merge(ip, MacAddr([2, 0, 0, 0, 0, 9]), 3_000_000, false)); // a new MAC
    /// assert_eq!(c.state(ip), Some(State::Stale));
    /// ```
    pub fn merge(&mut self, ip: Ipv4Addr, mac: MacAddr, now: u64, confirmed: bool) -> bool {
        let Some(e) = self.entries.get_mut(&ip) else { return false };
        let valid = matches!(e.state, State::Reachable { .. } | State::Stale);
        if !confirmed && valid && e.mac == mac {
            return true;
        }
        e.mac = mac;
        e.state = if confirmed { State::reachable(now) } else { State::Stale };
        let e = *e;
        self.changed(ip, e);
        true
    }

    /// Adds (or replaces) an entry.
    pub fn insert(&mut self, ip: Ipv4Addr, mac: MacAddr, state: State) {
        self.entries.insert(ip, Entry { mac, state });
        self.changed(ip, Entry { mac, state });
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries as of `now`, sorted by IP: as `ip neigh` would show them then, a reachable
    /// entry unconfirmed for longer than [`REACHABLE_NS`] is stale.
    ///
    /// ```
    /// use netcalc::lan::cache::{Cache, State, REACHABLE_NS};
    /// use netcalc::mac::MacAddr;
    /// let mut c = Cache::default();
    /// c.insert([10, 0, 0, 2].into(), MacAddr([2, 0, 0, 0, 0, 2]), State::reachable(0));
    /// assert_eq!(c.entries(REACHABLE_NS)[0].1.state.name(), "REACHABLE");
    /// assert_eq!(c.entries(REACHABLE_NS + 1)[0].1.state.name(), "STALE");
    /// ```
    pub fn entries(&self, now: u64) -> Vec<(Ipv4Addr, Entry)> {
        let aged = |e: &Entry| if e.state.expired(now) { Entry { state: State::Stale, ..*e } } else { *e };
        let mut v: Vec<_> = self.entries.iter().map(|(k, e)| (*k, aged(e))).collect();
        v.sort_by_key(|(ip, _)| *ip);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 2);
    const MAC: MacAddr = MacAddr([2, 0, 0, 0, 0, 2]);

    #[test]
    fn resolution_tries_three_times_then_fails() {
        let mut c = Cache::default();
        assert_eq!(c.lookup(IP, 0), Lookup::Missing);
        c.start(IP);
        assert!(c.is_incomplete(IP));
        assert_eq!(c.lookup(IP, 0), Lookup::Pending, "packets queue while resolving");
        assert!(c.retry(IP), "second request");
        assert!(c.retry(IP), "third request");
        assert!(!c.retry(IP), "no fourth: failed");
        assert_eq!(c.entries(0)[0].1.state, State::Failed);
        assert_eq!(c.lookup(IP, 0), Lookup::Missing, "a failed entry resolves again from scratch");
        assert!(!c.retry("10.0.0.1".parse().unwrap()), "nothing to retry for an unknown address");
    }

    #[test]
    fn a_reply_confirms_and_time_makes_it_stale() {
        let mut c = Cache::default();
        c.start(IP);
        assert!(c.merge(IP, MAC, 1_000_000_000, true));
        assert_eq!(c.lookup(IP, 1_000_000_000), Lookup::Found { mac: MAC, stale: false });
        let later = 1_000_000_000 + REACHABLE_NS;
        assert_eq!(c.lookup(IP, later), Lookup::Found { mac: MAC, stale: false }, "still within");
        assert_eq!(c.lookup(IP, later + 1), Lookup::Found { mac: MAC, stale: true }, "aged to stale");
        assert_eq!(c.entries(0)[0].1.state, State::Stale);
    }

    #[test]
    fn merge_updates_only_what_is_there() {
        // RFC 826: a host that does not have the sender does not add it on a merge.
        let mut c = Cache::default();
        assert!(!c.merge(IP, MAC, 0, false));
        assert!(c.is_empty());
        c.insert(IP, MacAddr([2, 0, 0, 0, 0, 9]), State::Stale);
        assert!(c.merge(IP, MAC, 0, false), "a known sender is updated");
        assert_eq!(c.entries(0), vec![(IP, Entry { mac: MAC, state: State::Stale })]);
        assert_eq!(c.len(), 1);
    }

    proptest::proptest! {
        /// The remembered last entry never answers differently from the table: any sequence
        /// of lookups, resolutions, merges and inserts over a few addresses gives the same
        /// answers and the same table as the table alone (a cache that forgets its memo after
        /// every call).
        #[test]
        fn the_remembered_entry_agrees_with_the_table(
            ops in proptest::collection::vec((0u8..6, 0u8..3, 0u64..100, proptest::bool::ANY), 0..60)
        ) {
            let (mut memo, mut plain) = (Cache::default(), Cache::default());
            for (op, k, t, flag) in ops {
                let ip = Ipv4Addr::new(10, 0, 0, k);
                let now = t * 1_000_000_000;
                let mac = MacAddr([2, 0, 0, 0, k, t as u8]);
                let state = if flag { State::Stale } else { State::reachable(now) };
                let (a, b) = match op {
                    0 | 1 => (format!("{:?}", memo.lookup(ip, now)), format!("{:?}", plain.lookup(ip, now))),
                    2 => { memo.start(ip); plain.start(ip); (String::new(), String::new()) }
                    3 => (memo.retry(ip).to_string(), plain.retry(ip).to_string()),
                    4 => (memo.merge(ip, mac, now, flag).to_string(), plain.merge(ip, mac, now, flag).to_string()),
                    _ => { memo.insert(ip, mac, state); plain.insert(ip, mac, state); (String::new(), String::new()) }
                };
                plain.last = None;
                proptest::prop_assert_eq!(a, b);
                proptest::prop_assert_eq!(memo.entries(0), plain.entries(0));
            }
        }
    }

    #[test]
    fn entries_are_sorted_by_address() {
        let mut c = Cache::with_capacity(3);
        for last in [9u8, 1, 5] {
            c.insert(Ipv4Addr::new(10, 0, 0, last), MAC, State::Stale);
        }
        let ips: Vec<u8> = c.entries(0).iter().map(|(ip, _)| ip.octets()[3]).collect();
        assert_eq!(ips, [1, 5, 9]);
        assert_eq!(State::reachable(2_500_000).name(), "REACHABLE");
    }
}
