//! netcalc's integration tests: one binary (a 2-core machine links it once), one module per
//! area, all driving the built `netcalc` through [`util`].

mod arp_sim;
mod build;
mod classify;
mod differential;
mod docs;
mod echo;
mod errors;
mod filter;
mod i18n;
mod ifaces;
mod info;
mod lab;
mod lookup;
mod page;
mod props;
mod readme;
mod real;
mod same_subnet;
mod subnetting;
mod tcp_sim;
mod util;
