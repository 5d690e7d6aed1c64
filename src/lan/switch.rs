//! A learning switch (IEEE 802.1D transparent bridging): learn source MACs per ingress port,
//! flood broadcast and unknown unicast, forward known unicast, filter same-port frames, age
//! entries out.

use rustc_hash::FxHashMap;

use crate::mac::MacAddr;

/// The default ageing time (802.1D and Linux bridges: 300 s).
pub const DEFAULT_AGING_NS: u64 = 300_000_000_000;

/// Where a frame goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// To every port but the ingress one.
    Flood(FloodReason),
    /// To one port.
    Forward(usize),
    /// Nowhere: the destination is on the port it came from.
    Filter,
}

/// Why a frame is flooded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloodReason {
    /// Broadcast or multicast destination.
    Group,
    /// Destination not in the table.
    Unknown,
    /// Destination was in the table but aged out.
    Aged {
        /// How long ago it was last seen.
        idle_ns: u64,
    },
    /// A hub repeats every frame out of every other port: it has no table.
    Hub,
}

/// What learning did with the source address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learned {
    /// A new entry.
    New,
    /// The MAC moved from another port.
    Moved(usize),
    /// Already known on this port: its timer was refreshed.
    Refreshed,
    /// Known on this port, but its entry had aged out: learned again.
    Relearned,
    /// Nothing: a hub learns nothing.
    Nothing,
}

/// The switch's MAC table.
#[derive(Debug, Clone)]
pub struct Switch {
    /// Number of ports (1-based port numbers).
    pub ports: usize,
    /// The ageing time.
    pub aging_ns: u64,
    /// A hub: no table, every frame out of every other port.
    pub hub: bool,
    table: FxHashMap<MacAddr, (usize, u64)>,
}

impl Switch {
    /// A switch with `ports` ports and an empty table.
    pub fn new(ports: usize, aging_ns: u64) -> Self {
        Switch { ports, aging_ns, hub: false, table: FxHashMap::default() }
    }

    /// A hub with `ports` ports: a physical-layer repeater that learns nothing.
    pub fn hub(ports: usize) -> Self {
        Switch { ports, aging_ns: 0, hub: true, table: FxHashMap::default() }
    }

    /// Learns `src` on `port` at `now`.
    pub fn learn(&mut self, src: MacAddr, port: usize, now: u64) -> Learned {
        if self.hub {
            return Learned::Nothing;
        }
        match self.table.insert(src, (port, now)) {
            None => Learned::New,
            Some((p, _)) if p != port => Learned::Moved(p),
            Some((_, seen)) if now - seen > self.aging_ns => Learned::Relearned,
            Some(_) => Learned::Refreshed,
        }
    }

    /// Decides where a frame for `dst` that came in on `port` goes at `now`.
    pub fn decide(&mut self, dst: MacAddr, port: usize, now: u64) -> Decision {
        if self.hub {
            return Decision::Flood(FloodReason::Hub);
        }
        if dst.is_group() {
            return Decision::Flood(FloodReason::Group);
        }
        match self.table.get(&dst).copied() {
            None => Decision::Flood(FloodReason::Unknown),
            Some((_, seen)) if now - seen > self.aging_ns => {
                self.table.remove(&dst);
                Decision::Flood(FloodReason::Aged { idle_ns: now - seen })
            }
            Some((p, _)) if p == port => Decision::Filter,
            Some((p, _)) => Decision::Forward(p),
        }
    }

    /// The table as (MAC, port, last seen), sorted by port then MAC, without aged entries.
    pub fn entries(&self, now: u64) -> Vec<(MacAddr, usize, u64)> {
        let mut v: Vec<_> = self
            .table
            .iter()
            .filter(|(_, (_, seen))| now - seen <= self.aging_ns)
            .map(|(m, (p, s))| (*m, *p, *s))
            .collect();
        v.sort_by_key(|(m, p, _)| (*p, *m));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_floods_forwards_filters_ages() {
        let (a, b) = (MacAddr([2, 0, 0, 0, 0, 1]), MacAddr([2, 0, 0, 0, 0, 2]));
        let mut s = Switch::new(4, 10);
        assert_eq!(s.learn(a, 1, 0), Learned::New);
        assert_eq!(s.decide(b, 1, 0), Decision::Flood(FloodReason::Unknown));
        assert_eq!(s.decide(MacAddr::BROADCAST, 1, 0), Decision::Flood(FloodReason::Group));
        assert_eq!(s.decide(a, 2, 5), Decision::Forward(1));
        assert_eq!(s.decide(a, 1, 5), Decision::Filter);
        assert_eq!(s.decide(a, 2, 11), Decision::Flood(FloodReason::Aged { idle_ns: 11 }));
        assert_eq!(s.learn(a, 3, 12), Learned::New);
        assert_eq!(s.learn(a, 2, 13), Learned::Moved(3));
        assert_eq!(s.learn(a, 2, 30), Learned::Relearned, "aged out, then seen again");
        assert_eq!(s.learn(a, 2, 31), Learned::Refreshed);
    }

    #[test]
    fn a_hub_repeats_everything_and_learns_nothing() {
        let a = MacAddr([2, 0, 0, 0, 0, 1]);
        let mut h = Switch::hub(4);
        assert_eq!(h.learn(a, 1, 0), Learned::Nothing);
        assert_eq!(h.decide(a, 2, 1), Decision::Flood(FloodReason::Hub));
        assert!(h.entries(1).is_empty());
    }
}
