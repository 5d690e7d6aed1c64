//! The command line, as clap derive definitions. The doc comments are the help text (and so
//! the man pages). Values are taken as strings and parsed by the library's strict parsers, so
//! that every error reads the same way whatever its source.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use deferred::Deferred;

mod deferred;

/// IPv4/IPv6 addressing calculator and classifier.
///
/// Exit codes: 0 success or "yes", 1 "no" (different subnets, not contained, nothing matched),
/// 2 error.
#[derive(Debug, Parser)]
#[command(name = "netcalc", version, max_term_width = 100)]
#[command(after_help = "Examples:\n  netcalc same-subnet 172.16.10.1 172.16.10.2/24\n  \
    netcalc info 10.0.0.1/255.255.255.0\n  netcalc classify < addresses.txt\n  \
    netcalc split 192.168.0.0/24 --hosts sales=50,eng=20,lab=5")]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set or TERM is
    /// dumb; the default), always, or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorWhen>,
    /// The language of the words (not of JSON, CSV or pcap): en or zh (中文), before or after
    /// the command. Default: from LC_ALL, LC_MESSAGES or LANG (zh_* is Chinese), else English.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

/// `--lang`: a language netcalc speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Chinese (simplified), in the course notes' terms.
    Zh,
}

/// `--color`: when output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set or TERM is dumb.
    Auto,
    /// Always, even into a pipe (for `less -R`).
    Always,
    /// Never.
    Never,
}

/// netcalc's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Are two hosts on the same subnet? Shows the AND-masking bit by bit.
    ///
    /// A host may carry its own prefix (172.16.10.2/24, 10.0.0.1/255.255.255.0); --mask fills
    /// it in for hosts without one; if only one host has a prefix it applies to both. When the
    /// masks differ, each host decides with its own mask, as a real host does, and the answer
    /// is yes only if both see the other on-link. Exit 0 same, 1 different, 2 error.
    #[command(after_help = "Examples:\n  netcalc same-subnet 172.16.10.1 172.16.10.2/24\n  \
        netcalc same-subnet 10.0.0.1 10.0.1.1 --mask 255.255.254.0\n  \
        netcalc same-subnet 2001:db8::1/64 2001:db8::ffff --json")]
    SameSubnet(Deferred<SameSubnetArgs>),
    /// Network facts: mask, network, broadcast, usable hosts, class, category, binary view.
    ///
    /// A bare address is shown as a single host (/32 or /128). /31 follows RFC 3021 (both
    /// addresses usable, no broadcast); IPv6 counts every address of the prefix.
    #[command(
        after_help = "Examples:\n  netcalc info 172.16.10.1/24\n  netcalc info 10.0.0.1/255.255.255.252 --json\n  \
        netcalc info 2001:db8::1/48"
    )]
    Info(Deferred<InfoArgs>),
    /// Classify addresses: public, private, loopback and every IANA special-purpose range.
    ///
    /// Reads the arguments, or standard input (one address per line) when there are none or
    /// the argument is -. One record per input line, in order, written as it goes; a bad line
    /// gives an error record and the run goes on, exiting 2 at the end.
    #[command(after_help = "Examples:\n  netcalc classify 10.1.2.3 ::ffff:127.0.0.1 64:ff9b::8.8.8.8\n  \
        netcalc classify --json < addresses.txt\n  netcalc classify --only private,loopback - < log.txt")]
    Classify(Deferred<ClassifyArgs>),
    /// Print the lines whose address falls in any of the networks (like grepcidr).
    ///
    /// The address is the first whitespace-separated field (or --field N). Exit 0 if a line was
    /// printed, 1 if none, 2 on error (including lines without a valid address, unless
    /// --ignore-invalid).
    #[command(
        after_help = "Examples:\n  netcalc filter 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16 access.log\n  \
        netcalc filter --invert 2001:db8::/32 - < addresses.txt"
    )]
    Filter(Deferred<FilterArgs>),
    /// Split a network: equal subnets (--prefix, --count) or a VLSM plan (--hosts).
    #[command(
        after_help = "Examples:\n  netcalc split 10.0.0.0/24 --prefix 26\n  netcalc split 10.0.0.0/24 --count 5\n  \
        netcalc split 192.168.0.0/24 --hosts sales=50,eng=20,lab=5"
    )]
    Split(Deferred<SplitArgs>),
    /// The minimal set of CIDR blocks covering exactly the union of the inputs.
    ///
    /// Reads the arguments, or standard input when there are none or the argument is -.
    /// IPv4 and IPv6 may be mixed; overlaps and duplicates are fine; a network written with
    /// host bits set is an error unless --truncate.
    #[command(after_help = "Examples:\n  netcalc aggregate 10.0.0.0/25 10.0.0.128/25\n  \
        netcalc aggregate 10.0.0.0/8 --exclude 10.1.0.0/16 < /dev/null")]
    Aggregate(Deferred<AggregateArgs>),
    /// The minimal CIDR blocks covering exactly the range FIRST..LAST.
    #[command(
        after_help = "Examples:\n  netcalc range 10.0.0.5 10.0.0.77\n  netcalc range 10.0.0.5-10.0.0.77 --json"
    )]
    Range(Deferred<RangeArgs>),
    /// The usable host addresses of a network, streamed.
    #[command(after_help = "Examples:\n  netcalc hosts 192.168.1.0/29\n  netcalc hosts 2001:db8::/64 | head")]
    Hosts(Deferred<HostsArgs>),
    /// Simulate a LAN: ARP, a learning switch (or a hub), routers, pings, every step explained.
    ///
    /// Hosts H1..HN sit on one switch (H1 on port 1, ...), addressed in order from --subnet, or
    /// across --segments K subnets joined by a router. Each ping is a real ICMP echo: the host
    /// decides on-link or gateway by AND-masking, resolves the MAC with ARP (broadcast request,
    /// unicast reply), the switch learns, floods and forwards, the router forwards with the
    /// TTL one less. With no traffic option the run is --ping 1:N. The output is a trace with
    /// the reason for each decision, then the hosts, the MAC tables, every ARP cache and the
    /// counters; identical arguments give identical output.
    #[command(
        after_help = "Examples:\n  netcalc arp-sim --hosts 5\n  netcalc arp-sim --hosts 4 --ping 1:3 --ping 3:1 --ping 2:4\n  \
        netcalc arp-sim --hosts 3 --gateway --ping 1:8.8.8.8\n  netcalc arp-sim --hosts 10 --all-pairs --quiet --json\n  \
        netcalc arp-sim --hosts 4 --segments 2 --ping H1:H3\n  netcalc arp-sim --hosts 4 --hub\n  \
        netcalc arp-sim --hosts 3 --pcap lan.pcapng && tshark -r lan.pcapng -T fields -e frame.comment"
    )]
    ArpSim(Deferred<ArpSimArgs>),
    /// Run a lab file: any topology of hosts, switches, hubs and routers, and its steps.
    ///
    /// FILE is TOML: [[switch]], [[hub]], [[host]] (name, ip with prefix, link, gateway, mac),
    /// [[router]] (name, interfaces, routes = [{ to, via }], gateway), [[link]] (between two
    /// switches or hubs), [[lose]] (a
    /// packet to lose: connection, and segment or datagram), at the top title (title_zh: in Chinese), seed, aging, msl,
    /// linux, drop, frame_cap and until (the end of virtual time, in seconds), and [[step]]s
    /// run in order: ping = "A -> B" (from a host or a router; ttl), wait = SECONDS,
    /// link_down = "A" or "S1 -> S2", listen = "B:8002" (the echo server; upper, udp,
    /// read_delay, close_first, keepalive, framing, reuseaddr, iterative, backlog), restart =
    /// "B:8002" (the server exits, closing the connections it accepted, and binds again; the
    /// same keys),
    /// connect =
    /// "A -> B:8002" (a client; send = [...], udp, keepalive, nagle, framing, mode =
    /// one-by-one|burst|half-close|keep-open; or socket = NAME: connect only, nonblocking;
    /// port = N: bind first, reuseaddr), call =
    /// send|recv|shutdown|close (socket = NAME; data for send), crash = "B". data/labs/ holds
    /// the course's scenarios, each saying what it teaches. A malformed file is exit 2 with its
    /// line and field.
    #[command(after_help = "Examples:\n  netcalc lab data/labs/arp-story.toml\n  \
        netcalc lab data/labs/two-subnets.toml --pcap lab.pcapng && tshark -r lab.pcapng\n  \
        netcalc lab data/labs/broadcast-storm.toml --quiet --json\n  \
        netcalc lab data/labs/tcp-across-subnets.toml --ladder")]
    Lab(Deferred<LabArgs>),
    /// Simulate TCP (or UDP) end to end: ARP, the three-way handshake, data, the four-way close,
    /// TIME-WAIT, with both ends' states.
    ///
    /// By default H1 connects to H2 port 8002, where the course's upper-casing echo server
    /// listens, sends "hello", reads "HELLO" and closes; the server reads end-of-file and closes
    /// too. Every segment is real (ISN from the seed, MSS option on SYNs, PSH, valid checksums)
    /// and acknowledged at once, as the textbook draws it. Retransmission: RTO 1 s, doubling,
    /// 6 SYN retries. TIME-WAIT lasts 2 x --msl.
    #[command(after_help = "Examples:\n  netcalc tcp-sim\n  netcalc tcp-sim --send hello --send bye\n  \
        netcalc tcp-sim --drop 3 (lose the SYN: it goes again 1 s later)\n  \
        netcalc tcp-sim --ladder (each segment an arrow between the two ends)\n  \
        netcalc tcp-sim --connect 1:2:9999 (a closed port: RST)\n  netcalc tcp-sim --udp\n  \
        netcalc tcp-sim --segments 2 --hosts 4 --connect H1:H3\n  \
        netcalc tcp-sim --pcap tcp.pcapng && tshark -r tcp.pcapng -qz follow,tcp,ascii,0")]
    TcpSim(Deferred<TcpSimArgs>),
    /// A real TCP/UDP echo service (RFC 862), its client, and a load generator.
    #[command(subcommand)]
    Echo(EchoCommand),
    /// The vendor and kind of MAC addresses, or a random one (--random).
    ///
    /// Accepts 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E, 001a.2b3c.4d5e and 001a2b3c4d5e. The
    /// vendor comes from the IEEE MA-L, MA-M and MA-S registries (longest match); the I/G and
    /// U/L bits are explained; broadcast and IPv4/IPv6 multicast MACs are recognised.
    #[command(after_help = "Examples:\n  netcalc mac 00:00:0c:12:34:56 3c22.fb01.0203\n  \
        netcalc mac 01:00:5e:01:02:03 --json\n  netcalc mac --random --local")]
    Mac(Deferred<MacArgs>),
    /// This machine's own interfaces: each address classified and explained, each default
    /// gateway checked for being on-link.
    ///
    /// Reads the interfaces and routes from the OS (netlink on Linux), not from `ip` output.
    /// Every interface (or the ones named), its state, MAC and vendor, and each IPv4 and IPv6
    /// address with its network, broadcast and category: is it private (内网) or public
    /// (公网)? Exit 2 if a named interface does not exist.
    #[command(
        after_help = "Examples:\n  netcalc ifaces\n  netcalc ifaces eth0 --explain\n  netcalc ifaces --json"
    )]
    Ifaces(Deferred<IfacesArgs>),
    /// Services by port number or name, and the port's range class.
    ///
    /// From IANA's registry as Debian's netbase ships it, plus common application defaults
    /// (Flask 5000, Django 8000, Tomcat 8080, MongoDB 27017). Exit 1 if a query matched
    /// nothing, 2 for a port out of range.
    #[command(after_help = "Examples:\n  netcalc port 22 3306 8080\n  netcalc port ssh redis --json")]
    Port(Deferred<PortArgs>),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Examples:\n  netcalc completions bash > /etc/bash_completion.d/netcalc\n  \
        netcalc completions zsh > ~/.zfunc/_netcalc")]
    Completions(Deferred<CompletionsArgs>),
    /// Is every ADDR or NET inside NET? Exit 0 if all are, 1 if not.
    #[command(after_help = "Examples:\n  netcalc contains 10.0.0.0/8 10.1.2.3 10.2.0.0/16\n  \
        netcalc contains 192.168.0.0/16 192.169.0.1 --json")]
    Contains(Deferred<ContainsArgs>),
}

/// Arguments of `same-subnet`.
#[derive(Debug, Args)]
pub struct SameSubnetArgs {
    /// The first host: ADDR or ADDR/PREFIX (prefix length or dotted mask).
    pub a: String,
    /// The second host: ADDR or ADDR/PREFIX.
    pub b: String,
    /// The mask for hosts written without a prefix: 24, /24 or 255.255.255.0.
    #[arg(long, short = 'm', value_name = "MASK")]
    pub mask: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Addresses, each ADDR or ADDR/PREFIX.
    #[arg(required = true, value_name = "ADDR[/PREFIX]")]
    pub addrs: Vec<String>,
    /// Print JSON (one object per line for several addresses).
    #[arg(long)]
    pub json: bool,
}

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text, one line per input.
    Text,
    /// JSON Lines.
    Json,
    /// CSV with a header.
    Csv,
}

/// Arguments of `classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Addresses; none or - reads standard input, one per line.
    #[arg(value_name = "ADDR")]
    pub addrs: Vec<String>,
    /// Print JSON Lines.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with a header line.
    #[arg(long)]
    pub csv: bool,
    /// Keep only these categories (comma-separated, e.g. private,loopback).
    #[arg(long, value_delimiter = ',', value_name = "CATEGORY,...")]
    pub only: Vec<String>,
    /// Keep only globally reachable addresses.
    #[arg(long, conflicts_with = "non_global")]
    pub global: bool,
    /// Keep only addresses that are not globally reachable (n/a included).
    #[arg(long)]
    pub non_global: bool,
    /// Also take networks (192.168.0.0/16): the category when one block holds all of it, else
    /// the more specific blocks inside it. Without it a network is an error, as for every
    /// other input that is not an address.
    #[arg(long)]
    pub networks: bool,
}

/// Arguments of `filter`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Networks, comma-separated (10.0.0.0/8,2001:db8::/32); a bare address matches itself.
    #[arg(value_name = "NET[,NET...]")]
    pub nets: String,
    /// The input file; - or none reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print the lines whose address is in none of the networks.
    #[arg(long, short = 'v')]
    pub invert: bool,
    /// The whitespace-separated field that holds the address (1 = first).
    #[arg(long, short = 'f', default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub field: u32,
    /// Treat lines without a valid address as non-matching instead of an error.
    #[arg(long)]
    pub ignore_invalid: bool,
}

/// Arguments of `split`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("how").required(true).args(["prefix", "count", "hosts"])))]
pub struct SplitArgs {
    /// The network to split, e.g. 10.0.0.0/24.
    pub net: String,
    /// Equal subnets of this prefix length.
    #[arg(long, short = 'p', value_name = "N")]
    pub prefix: Option<String>,
    /// The fewest equal subnets giving at least N.
    #[arg(long, short = 'c', value_name = "N")]
    pub count: Option<u128>,
    /// VLSM: host counts, optionally named (sales=50,eng=20,10).
    #[arg(long, value_delimiter = ',', value_name = "[NAME=]N,...")]
    pub hosts: Vec<String>,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
    /// Print even millions of lines to a terminal.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `aggregate`.
#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Networks or addresses; none or - reads standard input, one per line.
    #[arg(value_name = "NET")]
    pub nets: Vec<String>,
    /// Networks to remove from the result (comma-separated).
    #[arg(long, short = 'x', value_delimiter = ',', value_name = "NET,...")]
    pub exclude: Vec<String>,
    /// Accept networks with host bits set by clearing them (10.0.0.1/24 -> 10.0.0.0/24).
    #[arg(long)]
    pub truncate: bool,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
    /// Print even millions of lines to a terminal.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `range`.
#[derive(Debug, Args)]
pub struct RangeArgs {
    /// The first address, or FIRST-LAST as one argument.
    pub first: String,
    /// The last address.
    pub last: Option<String>,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `hosts`.
#[derive(Debug, Args)]
pub struct HostsArgs {
    /// The network, e.g. 192.168.1.0/24.
    pub net: String,
    /// Print JSON Lines ({"address": ...}).
    #[arg(long)]
    pub json: bool,
    /// Print even millions of lines to a terminal.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `contains`.
#[derive(Debug, Args)]
pub struct ContainsArgs {
    /// The containing network.
    pub net: String,
    /// Addresses or networks to test.
    #[arg(required = true, value_name = "ADDR|NET")]
    pub items: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `mac`.
#[derive(Debug, Args)]
pub struct MacArgs {
    /// MAC addresses in any common notation.
    #[arg(value_name = "MAC", required_unless_present = "random")]
    pub macs: Vec<String>,
    /// Print a random valid unicast MAC instead.
    #[arg(long, conflicts_with = "macs")]
    pub random: bool,
    /// With --random: locally administered (02:...), as virtual machines and simulators use.
    #[arg(long, requires = "random")]
    pub local: bool,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `port`.
#[derive(Debug, Args)]
pub struct PortArgs {
    /// Port numbers or service names.
    #[arg(required = true, value_name = "PORT|NAME")]
    pub queries: Vec<String>,
    /// Print JSON Lines, one object per matching entry.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// How a simulator's run is shown: `arp-sim`, `tcp-sim` and `lab` share these.
#[derive(Debug, Args)]
pub struct SimOutput {
    /// Write every frame, as it enters a switch or hub, to a capture for Wireshark or tshark:
    /// pcapng with the reason for each frame as its comment and one interface per switch or
    /// hub, or classic pcap if FILE ends in .pcap. An existing FILE is replaced; `-` is
    /// standard output (the trace then goes to standard error).
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<PathBuf>,
    /// Also write the run as one self-contained web page to step through in a browser: the
    /// topology, each frame on its link and decoded beside its bytes, the tables as of each
    /// step, a ladder diagram of each ping, TCP connection and UDP exchange; English and
    /// Chinese. An existing FILE is replaced.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// No trace: only the tables (or, with --json, no events).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Run even when the estimated frame count or trace is huge.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `ifaces`.
#[derive(Debug, Args)]
pub struct IfacesArgs {
    /// Interfaces to show (all when none is named).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Print JSON: {"interfaces": [...], "gateways": [...]}.
    #[arg(long)]
    pub json: bool,
    /// Show the AND-masking that puts each gateway on-link, bit by bit (as same-subnet does).
    #[arg(long)]
    pub explain: bool,
}

/// Arguments of `tcp-sim`.
#[derive(Debug, Args)]
pub struct TcpSimArgs {
    /// Number of hosts.
    #[arg(long, short = 'n', default_value_t = 2, value_name = "N")]
    pub hosts: usize,
    /// The subnet the hosts are numbered from.
    #[arg(long, default_value = "192.168.1.0/24", value_name = "CIDR")]
    pub subnet: String,
    /// K subnets joined by a router (as arp-sim --segments).
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub segments: usize,
    /// The client, the server and the port: SRC:DST[:PORT] with host names (H1), numbers or
    /// addresses. The server listens on 8002; another port is a closed one. [default: 1:2,
    /// unless --all-pairs]
    #[arg(long, value_name = "SRC:DST[:PORT]")]
    pub connect: Option<String>,
    /// A message the client sends and reads back (repeatable, in order).
    #[arg(long, value_name = "TEXT")]
    pub send: Vec<String>,
    /// UDP datagrams instead of a TCP connection.
    #[arg(long)]
    pub udp: bool,
    /// Every ordered pair of hosts: each host's server listens on 8002, and each host connects
    /// to every other in turn (after --connect's session, if it is given).
    #[arg(long)]
    pub all_pairs: bool,
    /// The server echoes what it reads as it is, instead of upper-casing it.
    #[arg(long)]
    pub verbatim: bool,
    /// Acknowledge as Linux does: ACKs held back up to 40 ms ride on the next data or FIN
    /// (so the close is often three segments). Default: every segment acknowledged at once,
    /// as the textbook draws it.
    #[arg(long)]
    pub linux: bool,
    /// Lose the frame with this number (as the trace and capture number them); repeatable.
    #[arg(long, value_name = "FRAME", value_parser = clap::value_parser!(u64).range(1..))]
    pub drop: Vec<u64>,
    /// The MSS every SYN offers, in bytes (64 to 9000).
    #[arg(long, default_value_t = 1460, value_name = "BYTES", value_parser = clap::value_parser!(u16).range(64..=9000))]
    pub mss: u16,
    /// The maximum segment lifetime, in seconds: TIME-WAIT lasts twice this (0 to 3600).
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    pub msl: f64,
    /// Seed of the generator that draws the MACs and the initial sequence numbers.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Also run the same exchange between real Linux hosts (network namespaces, veth pairs,
    /// Linux bridges): the real `netcalc echo server` and `netcalc echo client`, which send
    /// each message as a line (so the simulation does too), every frame captured on the bridge
    /// ports with tcpdump, and print the simulator's frames and the kernel's side by side, the
    /// differences marked (exit 1 if any). Use with --linux to compare like with like. Root
    /// only; removes everything it made.
    #[arg(long, conflicts_with_all = ["pcap", "drop"])]
    pub real: bool,
    /// Draw each connection as a ladder diagram instead of the trace: the client's time line
    /// on the left, the server's on the right (a router on the way a line between them), every
    /// segment an arrow with its flags, seq, ack and length (a lost one stops short at an X),
    /// and beside each end's line its socket calls, timers and state changes.
    #[arg(long, conflicts_with_all = ["json", "quiet"])]
    pub ladder: bool,
    /// How the run is shown.
    #[command(flatten)]
    pub show: SimOutput,
}

/// Arguments of `lab`.
#[derive(Debug, Args)]
pub struct LabArgs {
    /// The lab file (TOML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Draw each connection as a ladder diagram instead of the trace: the client's time line
    /// on the left, the server's on the right (a router on the way a line between them), every
    /// segment an arrow with its flags, seq, ack and length (a lost one stops short at an X),
    /// and beside each end's line its socket calls, timers and state changes.
    #[arg(long, conflicts_with_all = ["json", "quiet"])]
    pub ladder: bool,
    /// How the run is shown.
    #[command(flatten)]
    pub show: SimOutput,
}

/// Arguments of `arp-sim`.
#[derive(Debug, Args)]
pub struct ArpSimArgs {
    /// Number of hosts.
    #[arg(long, short = 'n', default_value_t = 5, value_name = "N")]
    pub hosts: usize,
    /// The subnet the hosts are numbered from.
    #[arg(long, default_value = "192.168.1.0/24", value_name = "CIDR")]
    pub subnet: String,
    /// Seed of the generator (ChaCha8) that draws the MACs.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// A ping from SRC to DST: host names (H1), numbers (1-based) or IP addresses; repeatable,
    /// run in order. Any destination is simulated as Linux treats it: loopback and the host's
    /// own address never leave it, broadcast and multicast go to their MACs and get no reply,
    /// an on-link address nobody owns ends in three unanswered ARP requests.
    #[arg(long, value_name = "SRC:DST")]
    pub ping: Vec<String>,
    /// Every ordered pair of hosts pings once.
    #[arg(long)]
    pub all_pairs: bool,
    /// Add a stand-in for the Internet on the switch (at the subnet's last usable address
    /// unless given): the hosts' gateway, answering every echo for an off-subnet address.
    #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "IP")]
    pub gateway: Option<String>,
    /// A hub instead of the switch: every frame out of every other port, nothing learned.
    #[arg(long)]
    pub hub: bool,
    /// K subnets (192.168.1.0/24, 192.168.2.0/24 ..., or --subnet and the next ones of its
    /// size), the hosts split across them in order, a switch each, joined by one router R at
    /// each subnet's last usable address, every host's default gateway.
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub segments: usize,
    /// The switch's MAC ageing time, in seconds.
    #[arg(long, default_value_t = 300.0, value_name = "SECS")]
    pub aging: f64,
    /// Virtual seconds between one ping's end and the next one's start.
    #[arg(long, default_value_t = 0.0, value_name = "SECS")]
    pub interval: f64,
    /// Also build the LAN of real Linux hosts (network namespaces, veth pairs, Linux bridges,
    /// a forwarding namespace as the router), send the same pings with ping(8), capture every
    /// frame on the bridge ports with tcpdump, and print the simulator's frames and the
    /// kernel's side by side, the differences marked (exit 1 if any). Root only; removes
    /// everything it made. At most 16 hosts and 100 pings.
    #[arg(long, conflicts_with = "pcap")]
    pub real: bool,
    /// Draw each ping as a ladder diagram instead of the trace: the pinging host's time line on
    /// the left, the pinged one's on the right (a router on the way a line between them), the
    /// ARP requests and replies and the ICMP echo as arrows (a lost one stops short at an X),
    /// and beside the lines what each end learns.
    #[arg(long, conflicts_with_all = ["json", "quiet"])]
    pub ladder: bool,
    /// How the run is shown.
    #[command(flatten)]
    pub show: SimOutput,
}

/// The echo pair's commands.
#[derive(Debug, Subcommand)]
pub enum EchoCommand {
    /// Serve echo (or upper-cased echo) to many clients at once, until Ctrl-C or SIGTERM.
    ///
    /// One task per connection with TCP_NODELAY; a client that sends without reading stops
    /// being read (memory stays bounded); --max-conns caps connections (more wait), idle
    /// connections are closed after --idle-timeout; on Ctrl-C, SIGTERM or SIGHUP it stops
    /// accepting, gives open connections --grace seconds (a second signal cuts them at once),
    /// prints a summary and exits 0. Connections are logged to standard error (--quiet
    /// silences them). With --busy-poll, a lone client that sends again quickly is polled for
    /// latency. UDP answers datagrams up to 64 KiB, never to source ports below 1024 or to the
    /// server itself, and at most --udp-rate a second to one source.
    #[command(
        after_help = "Examples:\n  netcalc echo server\n  netcalc echo server --listen 0.0.0.0:7 --upper\n  \
        netcalc echo server --listen [::1]:9000 --both --max-conns 10000"
    )]
    Server(Deferred<EchoServerArgs>),
    /// Send messages to an echo server and print exactly the echoed bytes.
    ///
    /// Each MESSAGE is sent as a line (with a newline); with none, lines are read from standard
    /// input and sent one by one (on a terminal, a chat that `bye` or `q` ends). The echo is
    /// read back in full however TCP splits it. Refused or unreachable is exit 2.
    #[command(after_help = "Examples:\n  netcalc echo client 127.0.0.1:8002 hello\n  \
        netcalc echo client 127.0.0.1:8002 < notes.txt\n  netcalc echo client 127.0.0.1:8002 --udp ping")]
    Client(Deferred<EchoClientArgs>),
    /// Load an echo server: C connections of L-byte messages, every byte verified.
    #[command(after_help = "Examples:\n  netcalc echo bench 127.0.0.1:8002\n  \
        netcalc echo bench 127.0.0.1:8002 --connections 500 --length 64 --duration 10 --json")]
    Bench(Deferred<EchoBenchArgs>),
}

/// Arguments of `echo server`.
#[derive(Debug, Args)]
pub struct EchoServerArgs {
    /// The address and port to listen on; a name (localhost:8002) listens on its first address.
    #[arg(long, short = 'l', default_value = "127.0.0.1:8002", value_name = "ADDR:PORT")]
    pub listen: String,
    /// Serve UDP instead of TCP.
    #[arg(long, conflicts_with = "both")]
    pub udp: bool,
    /// Serve TCP and UDP on the same port.
    #[arg(long)]
    pub both: bool,
    /// Upper-case ASCII letters (lengths unchanged) instead of echoing verbatim.
    #[arg(long)]
    pub upper: bool,
    /// Connections served at once (1 to 1000000); more wait until one closes.
    #[arg(long, default_value_t = 1024, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_conns: u64,
    /// Close a connection with no progress for this many seconds (more than 0).
    #[arg(long, default_value_t = 300.0, value_name = "SECS")]
    pub idle_timeout: f64,
    /// Seconds open connections get to finish after Ctrl-C, SIGTERM or SIGHUP (a second signal
    /// cuts them at once).
    #[arg(long, default_value_t = 5.0, value_name = "SECS")]
    pub grace: f64,
    /// After each reply to the only open connection, poll it for this many microseconds before
    /// sleeping, while its client has been quick to send again (two CPUs or more): lower
    /// latency for a lone busy client, for CPU time (a core, for a client that never pauses).
    /// Off (0) by default; 50 is a good value; at most 1000000 (1 s).
    #[arg(
        long,
        default_value_t = 0,
        value_parser = clap::value_parser!(u64).range(0..=1_000_000),
        value_name = "MICROS"
    )]
    pub busy_poll: u64,
    /// TCP connections open at once from any one source address (1 to 1000000); more are
    /// closed as soon as accepted, so that one client cannot hold every --max-conns slot (a
    /// slowloris). Raise it to load-test from one machine with more connections.
    #[arg(
        long,
        default_value_t = 256,
        value_parser = clap::value_parser!(u64).range(1..=1_000_000),
        value_name = "N"
    )]
    pub max_conns_per_source: u64,
    /// UDP replies a second to any one source address and port (after a burst of one second's
    /// worth); more are dropped, so that a spoofed echo loop or a flood is bounded. 1 to
    /// 10000000.
    #[arg(
        long,
        default_value_t = 10_000,
        value_parser = clap::value_parser!(u32).range(1..=10_000_000),
        value_name = "N"
    )]
    pub udp_rate: u32,
    /// Do not log connections.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print the final summary as JSON on standard output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `echo client`.
#[derive(Debug, Args)]
pub struct EchoClientArgs {
    /// The server: 127.0.0.1:8002, [::1]:8002, or a name such as localhost:8002 (each of its
    /// addresses is tried in turn).
    #[arg(value_name = "ADDR:PORT")]
    pub addr: String,
    /// Messages, each sent as a line; none reads lines from standard input.
    #[arg(value_name = "MESSAGE")]
    pub messages: Vec<String>,
    /// Use UDP.
    #[arg(long)]
    pub udp: bool,
    /// Seconds to wait to connect, and for each echo.
    #[arg(long, default_value_t = 5.0, value_name = "SECS")]
    pub timeout: f64,
    /// UDP: datagrams sent before giving up on an echo (1 to 100).
    #[arg(long, default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub tries: u32,
}

/// Arguments of `echo bench`.
#[derive(Debug, Args)]
pub struct EchoBenchArgs {
    /// The server: 127.0.0.1:8002, [::1]:8002, or a name such as localhost:8002 (each of its
    /// addresses is tried in turn).
    #[arg(value_name = "ADDR:PORT")]
    pub addr: String,
    /// Concurrent connections.
    #[arg(long, short = 'c', default_value_t = 50, value_name = "C")]
    pub connections: usize,
    /// Message length in bytes.
    #[arg(long, short = 'L', default_value_t = 64, value_name = "L")]
    pub length: usize,
    /// Seconds to measure.
    #[arg(long, short = 'd', default_value_t = 5.0, value_name = "SECS")]
    pub duration: f64,
    /// Use UDP.
    #[arg(long)]
    pub udp: bool,
    /// Expect upper-cased echoes (a server started with --upper).
    #[arg(long)]
    pub upper: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
