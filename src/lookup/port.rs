//! Services by port number or name, from IANA's registry as Debian's netbase ships it
//! (`data/services`), plus the application defaults every developer meets
//! (`data/extra-ports.csv`: Flask 5000, Django 8000, Tomcat 8080, MongoDB 27017...).

use serde::Serialize;

use super::tables::{PORT_TEXT, PORTS};

/// One service entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The port.
    pub port: u16,
    /// `tcp`, `udp`, `sctp` or `ddp`.
    pub protocol: &'static str,
    /// The registry's name.
    pub service: &'static str,
    /// Other names for it.
    pub aliases: Vec<&'static str>,
    /// The registry's comment or netcalc's note.
    pub comment: &'static str,
    /// The range class of the port.
    pub range: &'static str,
}

/// The IANA range class: `well-known` (0-1023), `registered` (1024-49151), `dynamic`.
///
/// ```
/// use netcalc::lookup::port::range_class;
/// assert_eq!((range_class(22), range_class(3306), range_class(50000)), ("well-known", "registered", "dynamic"));
/// ```
pub fn range_class(port: u16) -> &'static str {
    match port {
        0..=1023 => "well-known",
        1024..=49151 => "registered",
        _ => "dynamic",
    }
}

/// Field `k` (protocol, service, aliases, comment) of a row of [`PORTS`].
fn field(e: &(u16, [u32; 5]), k: usize) -> &'static str {
    &PORT_TEXT[e.1[k] as usize..e.1[k + 1] as usize]
}

fn service(e: &(u16, [u32; 5])) -> Service {
    Service {
        port: e.0,
        protocol: field(e, 0),
        service: field(e, 1),
        aliases: field(e, 2).split_whitespace().collect(),
        comment: field(e, 3),
        range: range_class(e.0),
    }
}

/// The entries for a port number.
///
/// ```
/// let s = netcalc::lookup::port::by_port(53);
/// assert_eq!(s.iter().map(|e| e.protocol).collect::<Vec<_>>(), ["tcp", "udp"]);
/// ```
pub fn by_port(port: u16) -> Vec<Service> {
    let start = PORTS.partition_point(|e| e.0 < port);
    PORTS[start..].iter().take_while(|e| e.0 == port).map(service).collect()
}

/// The entries whose name or alias is `name` (case-insensitive).
///
/// ```
/// let s = netcalc::lookup::port::by_name("Django");
/// assert_eq!(s[0].port, 8000);
/// ```
pub fn by_name(name: &str) -> Vec<Service> {
    PORTS
        .iter()
        .filter(|e| {
            field(e, 1).eq_ignore_ascii_case(name)
                || field(e, 2).split_whitespace().any(|a| a.eq_ignore_ascii_case(name))
        })
        .map(service)
        .collect()
}
