//! The vendor of a MAC address, from the IEEE MA-L, MA-M, MA-S (and older IAB) registries.
//! The longest assignment wins: MA-M and MA-S blocks sit inside MA-L blocks registered to the
//! IEEE Registration Authority itself.

use super::tables::{OUI_NAMES, OUI24, OUI28, OUI36};
use crate::mac::MacAddr;

/// A registry assignment that covers a MAC address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    /// `MA-L` (24 bits), `MA-M` (28), `MA-S` (36) or `IAB` (36).
    pub registry: &'static str,
    /// The assigned prefix in hex, as the registry writes it (`00000C`, `70B3D5F2F`).
    pub assignment: String,
    /// The organisation's name.
    pub name: &'static str,
}

/// The vendor of `mac`, if its prefix is assigned.
///
/// ```
/// let mac = "00:00:0c:12:34:56".parse().unwrap();
/// assert_eq!(netcalc::lookup::oui::vendor(mac).unwrap().name, "Cisco Systems, Inc");
/// ```
pub fn vendor(mac: MacAddr) -> Option<Vendor> {
    let v = mac.to_u64();
    let find = |table: &[(u64, u32, u8, u8)], key: u64, digits: usize| {
        let i = table.binary_search_by_key(&key, |e| e.0).ok()?;
        let (_, off, len, reg) = table[i];
        Some(Vendor {
            registry: ["MA-L", "MA-M", "MA-S", "IAB"][usize::from(reg)],
            assignment: format!("{key:0digits$X}"),
            name: &OUI_NAMES[off as usize..off as usize + usize::from(len)],
        })
    };
    find(&OUI36, v >> 12, 9).or_else(|| find(&OUI28, v >> 20, 7)).or_else(|| find(&OUI24, v >> 24, 6))
}
