//! Lookups in registries compiled in from `data/`: MAC vendors (IEEE) and services by port
//! (IANA, as Debian's netbase ships them).

pub mod oui;
pub mod port;

mod tables {
    include!(concat!(env!("OUT_DIR"), "/lookups.rs"));
}
