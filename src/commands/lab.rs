//! `netcalc lab FILE`: reads a lab file and runs it as `arp-sim` runs its LAN.

use std::io::Write;

use crate::cli::LabArgs;
use crate::commands::arp_sim::{View, simulate};
use crate::i18n::{Lang, t, t_in};
use crate::output::Style;
use netcalc::error::{Error, Result};
use netcalc::lan::lab::{LabError, LabProblem};

/// The largest lab file read (a lab is a page of TOML).
const MAX_FILE: u64 = 1 << 20;

pub(crate) fn run(args: &LabArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let shown = args.file.display();
    let text = read(&args.file)
        .map_err(|e| Error::Io { context: t!("cannot-read", path = shown.to_string()), source: e })?;
    let lab =
        netcalc::lan::lab::parse(&text).map_err(|e| Error::invalid(lab_error(&shown.to_string(), &e)))?;
    let (sim, seed) = (lab.sim, lab.seed);
    let mut view = View::new(&args.show, seed, |l: Lang| {
        t_in!(
            l,
            "lab-header",
            file = shown.to_string(),
            title = title(lab.title.as_deref(), lab.title_zh.as_deref(), l),
            nodes = sim.nodes.len(),
            bridges = sim.bridges.len(),
            pings = sim.ping_count(),
            sessions = sim.transport.sessions.len()
        )
    });
    view.ladder = args.ladder;
    simulate(sim, &view, out, style)
}

/// A lab's title in language `l`, in brackets after the file's name (nothing if it has
/// none): in Chinese its `title_zh`, else its `title`.
fn title(en: Option<&str>, zh: Option<&str>, l: Lang) -> String {
    match (l, zh, en) {
        (Lang::Zh, Some(t), _) | (Lang::Zh, None, Some(t)) => format!("（{t}）"),
        (Lang::En, _, Some(t)) => format!(" ({t})"),
        _ => String::new(),
    }
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

/// A lab file's error in this run's language: the file, the line, the field and the problem.
fn lab_error(file: &str, e: &LabError) -> String {
    let problem = problem(&e.problem);
    if e.field.is_empty() {
        t!("lab-error", file = file, line = e.line, problem = problem)
    } else {
        t!("lab-error-field", file = file, line = e.line, field = &e.field, problem = problem)
    }
}

/// What is wrong in a lab file, in this run's language.
fn problem(p: &LabProblem) -> String {
    use LabProblem::*;
    let q = |s: &str| format!("{s:?}");
    match p {
        Toml(words) => t!("lab-toml", words = words),
        NeedsPrefix(s) => t!("lab-needs-prefix", text = q(s)),
        Address(e) => crate::commands::describe(&Error::Parse(e.clone())),
        Ipv4Only(s) => t!("lab-ipv4-only", text = q(s)),
        PrefixLength(s) => t!("lab-prefix-length", text = q(s)),
        NotAHostAddress { ip, net } => t!("lab-not-a-host-address", ip = *ip, net = net.to_string()),
        Aging => t!("lab-aging"),
        BadName => t!("lab-bad-name"),
        NamedTwice(n) => t!("lab-named-twice", name = q(n)),
        NoBridge(n) => t!("lab-no-bridge", name = q(n)),
        Mac(e) => crate::commands::errors::mac_words(e),
        GatewayOffLink { gateway, net } => {
            t!("lab-gateway-off-link", gateway = *gateway, net = net.to_string())
        }
        RouterWithoutInterfaces => t!("lab-router-without-interfaces"),
        NoDevices => t!("lab-no-devices"),
        RouteHostBits { given, net } => t!("lab-route-host-bits", given = q(given), net = net.to_string()),
        NextHopOffLink(ip) => t!("lab-next-hop-off-link", ip = *ip),
        NextHopIsMine(ip) => t!("lab-next-hop-is-mine", ip = *ip),
        LinkNeedsTwo => t!("lab-link-needs-two"),
        LinkEnds => t!("lab-link-ends"),
        FrameCap => t!("lab-frame-cap"),
        LoseConnection(n) => t!("lab-lose-connection", count = *n),
        LoseWhich { connection, udp: false } => t!("lab-lose-which-tcp", connection = *connection),
        LoseWhich { connection, udp: true } => t!("lab-lose-which-udp", connection = *connection),
        LoseSegment => t!("lab-lose-segment"),
        DropFrame => t!("lab-drop-frame"),
        Ttl => t!("lab-ttl"),
        Backlog => t!("lab-backlog"),
        IterativeUdp => t!("lab-iterative-udp"),
        BacklogUdp => t!("lab-backlog-udp"),
        StepKind => t!("lab-step-kind"),
        Stray { option, allowed } => {
            t!("lab-stray", option = option, allowed = allowed.join(&t!("lab-or")))
        }
        Framing => t!("lab-framing"),
        FramingUdp => t!("lab-framing-udp"),
        PingSyntax => t!("lab-ping-syntax"),
        ConnectSyntax => t!("lab-connect-syntax"),
        Messages => t!("lab-messages"),
        Mode => t!("lab-mode"),
        UdpMode => t!("lab-udp-mode"),
        SocketWithSend => t!("lab-socket-with-send"),
        SocketName => t!("lab-socket-name"),
        Nonblocking => t!("lab-nonblocking"),
        CallWithoutSocket => t!("lab-call-without-socket"),
        UnknownSocket => t!("lab-unknown-socket"),
        DataWithoutSend => t!("lab-data-without-send"),
        SocketClosed => t!("lab-socket-closed"),
        DataSize => t!("lab-data-size"),
        SendWithoutData => t!("lab-send-without-data"),
        UdpShutdown => t!("lab-udp-shutdown"),
        UdpSize => t!("lab-udp-size"),
        Call => t!("lab-call"),
        NoNode(n) => t!("lab-no-node", name = q(n)),
        Seconds { max } => t!("lab-seconds", max = *max),
        NoHost(n) => t!("lab-no-host", name = q(n)),
        NoPinger(n) => t!("lab-no-pinger", name = q(n)),
        RouterNoRoute { ip, router } => t!("lab-router-no-route", ip = *ip, router = router.as_str()),
        NotNodeNorAddress(n) => t!("lab-not-node-nor-address", name = q(n)),
        Port(s) => t!("lab-port", text = q(s)),
        LinkDownEnds(s) => t!("lab-link-down-ends", text = q(s)),
        NoLinkBetween(a, b) => t!("lab-no-link-between", a = a, b = b),
        ConnectToSelf => t!("lab-connect-to-self"),
        Crashed(n) => t!("lab-crashed", name = q(n)),
        ConnectToGroup(ip) => t!("lab-connect-to-group", ip = *ip),
        NoRoute { ip, subnet } => t!("lab-no-route", ip = *ip, subnet = subnet.to_string()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netcalc::lan::lab::parse;

    /// The catalogue's English is the library's, problem by problem (the lab files the tests
    /// break cover every kind of problem a user meets).
    #[test]
    fn the_english_words_are_the_librarys() {
        const ROUTER: &str = "[[switch]]\nname = \"S1\"\n[[router]]\nname = \"R\"\ninterfaces = [{ ip = \"10.0.0.1/24\", link = \"S1\" }]\n";
        const TWO: &str = "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\n[[host]]\nname = \"B\"\nip = \"10.0.0.2/24\"\nlink = \"S1\"\n";
        let broken = [
            "[[switch]\n".to_string(),
            "[[switch]]\nname = \"S 1\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1\"\nlink = \"S1\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.0/24\"\nlink = \"S9\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S9\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"::1/64\"\nlink = \"S1\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/40\"\nlink = \"S1\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\nmac = \"zz\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[host]]\nname = \"A\"\nip = \"10.0.0.1/24\"\nlink = \"S1\"\ngateway = \"10.9.0.1\"\n".into(),
            "[[switch]]\nname = \"S1\"\n[[switch]]\nname = \"S1\"\n".into(),
            "aging = -1\n".into(),
            "frame_cap = 0\n".into(),
            format!("{TWO}[[step]]\nping = \"A\"\n"),
            format!("{TWO}[[step]]\nping = \"A -> nowhere\"\n"),
            format!("{TWO}[[step]]\nping = \"C -> A\"\n"),
            format!("{TWO}[[step]]\nwait = 1\nupper = true\n"),
            format!("{TWO}[[step]]\nwait = 1e12\n"),
            format!("{TWO}[[step]]\n"),
            format!("{TWO}[[step]]\nconnect = \"A\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> B:0\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> B\"\nmode = \"fast\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> B\"\nsend = []\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> B\"\nframing = \"xml\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> B\"\nframing = \"length\"\nudp = true\n"),
            format!("{TWO}[[step]]\ncall = \"send\"\n"),
            format!("{TWO}[[step]]\ncall = \"send\"\nsocket = \"s\"\n"),
            format!("{TWO}[[step]]\ncrash = \"Z\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> B\"\nudp = true\nsend = [\"{}\"]\n", "x".repeat(65_508)),
            format!("{TWO}[[step]]\nlink_down = \"Z\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> A\"\n"),
            format!("{TWO}[[step]]\nconnect = \"A -> 10.0.0.255\"\nudp = true\n"),
            format!("{TWO}[[step]]\nping = \"A -> 8.8.8.8\"\n"),
            format!("{TWO}[[step]]\ncrash = \"A\"\n[[step]]\nping = \"A -> B\"\n"),
            format!("{ROUTER}routes = [{{ to = \"10.0.3.5/24\", via = \"10.0.0.2\" }}]\n"),
            format!("{ROUTER}routes = [{{ to = \"10.0.3.0/24\", via = \"10.0.9.2\" }}]\n"),
            format!("{ROUTER}gateway = \"10.0.0.1\"\n"),
        ];
        let mut seen = std::collections::HashSet::new();
        for text in &broken {
            let Err(e) = parse(text) else { panic!("{text}") };
            seen.insert(std::mem::discriminant(&e.problem));
            assert_eq!(problem(&e.problem), e.problem.to_string(), "{text}");
            assert_eq!(lab_error("f.toml", &e), format!("f.toml: {e}"));
        }
        assert!(seen.len() >= 20, "{} kinds of problem", seen.len());
    }
}
