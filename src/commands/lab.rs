//! `netcalc lab FILE`: reads a lab file and runs it as `arp-sim` runs its LAN.

use std::io::Write;

use crate::cli::LabArgs;
use crate::commands::arp_sim::{View, simulate};
use crate::i18n::t;
use crate::output::Style;
use netcalc::error::{Error, Result};

/// The largest lab file read (a lab is a page of TOML).
const MAX_FILE: u64 = 1 << 20;

pub(crate) fn run(args: &LabArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let shown = args.file.display();
    let text = read(&args.file)
        .map_err(|e| Error::Io { context: t!("cannot-read", path = shown.to_string()), source: e })?;
    let lab = netcalc::lan::lab::parse(&text).map_err(|e| Error::invalid(format!("{shown}: {e}")))?;
    let (mut sim, seed) = (lab.sim, lab.seed);
    let header = t!(
        "lab-header",
        file = shown.to_string(),
        title = lab.title.as_deref().map_or(String::new(), |t| format!(" ({t})")),
        nodes = sim.nodes.len(),
        bridges = sim.bridges.len(),
        pings = sim.ping_count()
    );
    let view = View { show: &args.show, header, seed };
    simulate(&mut sim, &view, out, style)
}

/// The file's text, refusing what could only exhaust memory.
fn read(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)?.take(MAX_FILE + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "larger than 1 MiB: not a lab file",
        ));
    }
    Ok(text)
}
