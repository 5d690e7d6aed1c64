# netcalc's words in English. Every message here has a counterpart in zh.ftl with the same
# variables (a test checks). Terms: data/i18n/GLOSSARY.md.

## same-subnet

same-subnet-both-masks = Both hosts use mask { $mask } (/{ $prefix }):
same-subnet-host = host { $name }
same-subnet-mask = mask /{ $prefix }
same-subnet-network-of = network of { $name }
same-subnet-under-mask = { $other } under { $me }'s mask
same-subnet-own-mask = Host { $me } ({ $address }/{ $prefix }) with its own mask { $mask }:
same-subnet-on-link = { $masked } = { $network }: { $me } sends to { $other } directly (on-link)
same-subnet-via-gateway = { $masked } != { $network }: { $me } sends to { $other } through its gateway
same-subnet-same = same subnet: both on { $network }
same-subnet-different = different subnets: { $a } and { $b } (they talk through a router)
same-subnet-same-masks-differ = same subnet: each host sees the other on-link (but the masks differ: fix that)
same-subnet-neither = different subnets: neither host sees the other on-link
same-subnet-one-way = different subnets: { $me } sees { $other } on-link, but { $other } sends to { $me } through its gateway

## info

info-address = address
info-netmask = netmask
info-wildcard = wildcard
info-network = network
info-broadcast = broadcast
info-broadcast-none = none (RFC 3021 /31 or a /32)
info-first-host = first host
info-last-host = last host
info-usable-hosts = usable hosts
info-addresses = addresses
info-category = category
info-global = global
info-class = class
info-binary = binary
info-mask-binary = mask binary
info-network-binary = network binary
info-boundary = boundary
info-expanded = expanded
info-compressed = compressed
info-hex = hex
info-integer = integer
info-reverse-dns = reverse DNS
info-note = note: { $note }
info-no-prefix = no prefix given: shown as a single host (/{ $bits }); write { $address }/24 or similar for its network

## category

category-unspecified = unspecified
category-this-network = this-network
category-loopback = loopback
category-private = private
category-shared = shared
category-link-local = link-local
category-ietf-protocol = ietf-protocol
category-dummy = dummy
category-documentation = documentation
category-benchmarking = benchmarking
category-multicast = multicast
category-reserved = reserved
category-broadcast = broadcast
category-deprecated = deprecated
category-discard = discard
category-nat64 = nat64
category-nat64-local = nat64-local
category-teredo = teredo
category-6to4 = 6to4
category-srv6 = srv6
category-global = global

## common

yes = yes
no = no
not-applicable = n/a

## trace

trace-at-lab = lab
trace-ping = ping { $dst }{ $owner }
trace-ping-of = ping { $number } of { $total }
trace-ping-replied = ping { $dst }: reply received
trace-ping-replied-why = echo reply matches the request
trace-ping-lost = ping { $dst }: lost
trace-ping-lost-why = no reply within 5 s
trace-ping-host-unreachable = ping { $dst }: Destination Host Unreachable
trace-ping-host-unreachable-why = the next hop did not answer ARP
trace-ping-net-unreachable-from = ping { $dst }: From { $from }: Destination Net Unreachable
trace-ping-host-unreachable-from = ping { $dst }: From { $from }: Destination Host Unreachable
trace-ping-unreachable-why = ICMP destination unreachable (code { $code }) from router { $from }
trace-ping-ttl-exceeded = ping { $dst }: From { $from }: Time to live exceeded
trace-ping-ttl-exceeded-why = ICMP time exceeded from router { $from }: the TTL ran out on the way
trace-loopback = ping { $dst }: answered through loopback
trace-loopback-127 = 127.0.0.0/8 never leaves the host: the lo interface answers
trace-loopback-zero = 0.0.0.0 means this host: the lo interface answers
trace-loopback-own = { $dst } is my own address: the lo interface answers, no frame
trace-cache-hit = cache hit { $hop } = { $mac }, no ARP needed
trace-cache-stale = stale entry used: { $hop } = { $mac }
trace-cache-mapped = the MAC follows from the address: { $mac }
trace-send = send { $frame }
trace-queue = queue packet for { $dst }
trace-queue-resolving = no ARP entry for { $hop }: resolving (INCOMPLETE)
trace-queue-in-progress = ARP for { $hop } already in progress
trace-arp-request-why = to learn the MAC of { $target }: broadcast, so every host hears it
trace-arp-request-retry = no reply within 1 s: try { $attempt } of 3
trace-arp-failed = ARP for { $target } FAILED
trace-arp-failed-why = { $tries } requests unanswered; { $dropped } queued packet(s) dropped
trace-learned = learned { $mac } on port { $port }
trace-moved = { $mac } moved from port { $from } to port { $port }
trace-refreshed = { $mac } already on port { $port }
trace-relearned = { $mac } learned again on port { $port } (its entry had aged out)
trace-hub-learns-nothing = a hub learns nothing
trace-flood = flood to { $copies } port(s)
trace-flood-broadcast = broadcast
trace-flood-multicast = { $mac } is a multicast group
trace-flood-unknown = { $mac } unknown
trace-flood-aged = { $mac } aged out (idle { $idle } s > { $aging } s)
trace-flood-hub = a hub repeats every frame out of every other port
trace-forward-port = forward to port { $port }
trace-forward-port-why = { $mac } is on port { $port }
trace-filter = filter
trace-filter-why = { $mac } is on the ingress port { $port }
trace-switch-in = port { $port } in: { $frame }; { $out }
trace-drop = drop { $frame }
trace-not-for-me = not for me: to { $to }, I am { $me }
trace-arp-ignored-merged = target { $target } is not me; updated my entry for { $sender } (RFC 826 merge)
trace-arp-ignored = target { $target } is not me; no entry for { $sender }, so none added
trace-ignore-arp-request = ignore #{ $number } ARP request
trace-arp-answer-why = the request is for my IP { $target }; learned { $ip } = { $mac } (STALE)
trace-arp-resolved = ARP cache: { $ip } = { $mac } (REACHABLE)
trace-arp-resolved-why = reply to my request; sending { $released } queued packet(s)
trace-released-why = queued until { $hop } answered ARP
trace-router-forward = forward to { $dst } out of { $iface }
trace-router-forward-why = in on { $iface }; { $dst } matches { $network }, a connected network (longest prefix); TTL one less
trace-router-drop = drop { $src } > { $dst }
trace-router-drop-ttl = its TTL would reach 0 here: ICMP time exceeded back to the source
trace-router-drop-no-route = no route matches it: ICMP network unreachable back to the source
trace-router-drop-next-hop = the next hop never answered ARP: ICMP host unreachable back to the source
trace-listen = listen on port { $port }
trace-listen-why = the echo server starts
trace-listen-upper = the echo server starts, upper-casing what it reads
trace-connect = connect({ $to })
trace-connect-why = the client opens a TCP connection: SYN first
trace-sendto = sendto({ $to })
trace-sendto-why = UDP: no connection, each datagram on its own
trace-call-send = send { $len } bytes
trace-call-send-why = the application writes
trace-call-recv-eof = recv: end of file
trace-call-recv-eof-why = the peer closed its side (FIN): no more data
trace-call-recv = recv { $len } bytes
trace-call-recv-why = the application reads
trace-call-message = one message: { $len } bytes
trace-call-message-why = length-prefixed: the 2-byte length before it says where it ends, however the stream was cut or glued
trace-call-shutdown = shutdown(write)
trace-call-shutdown-why = a half-close: FIN after the data, and this side still reads
trace-call-close = close()
trace-call-close-why = the application is done: FIN after the data
trace-call-close-udp-why = the UDP socket goes: nothing on the wire
trace-exit = the server on port { $port } exits
trace-exit-why = its listening socket closes
trace-addr-in-use = bind(port { $port }): Address already in use
trace-addr-in-use-why = a connection in TIME-WAIT still holds the port, and the socket has no SO_REUSEADDR
trace-refused = connection refused
trace-refused-why = nothing listens there (RST or ICMP port unreachable)
trace-timed-out = no answer
trace-timed-out-why = the retries ran out
trace-cause-connect = connect(): SYN sent
trace-cause-syn-received = a SYN for a listening port: SYN+ACK sent
trace-cause-syn-ack-received = the SYN+ACK arrived: ACK sent (handshake 3 of 3)
trace-cause-handshake-ack = the ACK of our SYN+ACK arrived: the handshake is done
trace-cause-close = close(): FIN sent
trace-cause-shutdown = shutdown(write): FIN sent, still reading
trace-cause-fin-received = the peer's FIN arrived: ACK sent
trace-cause-fin-acked = the ACK of our FIN arrived
trace-cause-fin-and-ack = the peer's FIN arrived with the ACK of ours
trace-cause-time-wait-over = 2 x MSL passed: no stray segment can arrive any more
trace-cause-reset = a RST arrived: connection refused or reset
trace-cause-gave-up = retransmissions ran out
trace-cause-keepalive-gave-up = 9 keepalive probes unanswered: the peer is gone
trace-retransmit = retransmission timer fired: try { $attempt }
trace-retransmit-why = no ACK in time: the segment goes again; next timeout { $rto } s (doubled)
trace-keepalive-probe = keepalive probe { $probe } of 9
trace-keepalive-first = 2 hours without a word from the peer (SO_KEEPALIVE): is it still there?
trace-keepalive-next = no answer to the last probe within 75 s
trace-time-wait = TIME-WAIT timer: { $seconds } s
trace-time-wait-why = 2 x MSL, so that a retransmitted FIN still gets its ACK and old segments die out
trace-nagle = Nagle: { $held } bytes wait
trace-nagle-why = less than a full segment while data is unacknowledged: it waits for the ACK, and what is written meanwhile joins it
trace-ack-quick = ACK at once (quick ACK)
trace-ack-quick-why = a new connection, not interactive yet: Linux acknowledges its first data at once (quickack mode, as a real kernel does)
trace-ack-delayed = hold the ACK (delayed ACK, up to 40 ms)
trace-ack-delayed-why = interactive (we replied within 40 ms, or the peer closed): Linux waits for data or our FIN to send the ACK with
trace-ack-piggybacked = the held ACK rides on this segment
trace-ack-piggybacked-why = piggy-backed: one segment instead of two
trace-ack-timer = delayed ACK timer fired: pure ACK
trace-ack-timer-why = no data to ride on within 40 ms
trace-no-listener = nothing listens on port { $port }
trace-no-listener-udp = ICMP port unreachable goes back
trace-no-listener-tcp = RST goes back: connection refused
trace-lose = lose { $frame }
trace-lose-why = --drop: the frame does not arrive (as if damaged on the wire)
trace-crash = off
trace-crash-why = a step of the lab: the host vanishes, and answers nothing any more
trace-wait = wait { $seconds } s
trace-lab-step = a step of the lab
trace-link-down = cable pulled from { $bridge } port { $port }
trace-link-down-why = a step of the lab: nothing passes that port any more
trace-frame-cap = stop after { $frames } frames
trace-storm = broadcast storm: a loop of switches without a spanning tree floods the same frame forever
trace-frame-cap-why = the run reached its frame cap
trace-echo-answer = echo reply to { $to }
trace-echo-answer-stand-in = the gateway is a stand-in for the Internet: it answers for { $dst }
trace-echo-answer-why = an echo request for my IP
trace-echo-ignored = no echo reply to { $from }
trace-echo-ignored-broadcast = sent to a broadcast address: Linux ignores it (icmp_echo_ignore_broadcasts)
trace-echo-ignored-multicast = sent to a multicast group: Linux ignores it (icmp_echo_ignore_broadcasts)

## frame

frame-arp-request = ARP who has { $target }? tell { $sender }
frame-arp-reply = ARP { $sender } is at { $mac }
frame-echo-request = ICMP echo request { $src } > { $dst } seq { $seq } ttl { $ttl }
frame-echo-reply = ICMP echo reply { $src } > { $dst } seq { $seq } ttl { $ttl }
frame-time-exceeded = ICMP time exceeded (code { $code }) { $src } > { $dst } ttl { $ttl }
frame-unreachable = ICMP destination unreachable (code { $code }) { $src } > { $dst } ttl { $ttl }
frame-other = frame

## route

route-on-link = { $dst } AND mask = { $masked } = my network: on-link
route-via-gateway = { $dst } is off my network { $network }: via the gateway
route-back = back to the host that asked
route-broadcast = { $dst } is a broadcast address: to ff:ff:ff:ff:ff:ff, no ARP
route-multicast = { $dst } is a multicast group: to its 01:00:5e MAC, no ARP, TTL 1 (Linux keeps multicast on the link)

## sim

sim-header = { $layout }, seed { $seed }: { $pings } ping(s)
sim-col-time = time s
sim-col-at = at
sim-col-event = event  (reason)
sim-hub = hub
sim-switch = switch
sim-layout-segments = { $hosts } hosts on { $segments } segments ({ $nets }), a { $device } each, joined by router R
sim-stand-in = , stand-in gateway for the Internet at { $gateway }
sim-layout = { $hosts } hosts on { $subnet } behind one { $device }{ $gateway }

## tcp

tcp-header-upper = { $client } connects to { $server } (upper-casing echo server on port { $port }), seed { $seed }
tcp-header = { $client } connects to { $server } (echo server on port { $port }), seed { $seed }

## table

table-hosts = Hosts
table-router = { $name } (router)
table-port-of = { $switch } port { $port }
table-mac = Switch MAC table
table-arp = ARP caches
table-empty = (empty)
table-empty-not-shown = ({ $empty } hosts with empty caches not shown)
table-connections = Connections
table-connections-n = Connections ({ $n })
table-counters = Counters

## col

col-host = host
col-state = state
col-switch-port = switch port
col-port = port
col-last-seen = last seen (s)
col-entries = entries
col-outcome = outcome
col-connections = connections
col-client = client
col-server = server
col-client-states = client states
col-server-states = server states
col-bytes = bytes out/in
col-counter = counter
col-value = value

## outcome

outcome-echoed = echoed
outcome-mismatch = echo differs
outcome-refused = connection refused
outcome-timed-out = timed out
outcome-unfinished = unfinished

## counter

counter-frames-in = frames into the switch
counter-frames-out = frames out of the switch (each flooded copy counts)
counter-arp-requests = ARP requests
counter-arp-replies = ARP replies
counter-deliveries = deliveries (frames accepted by a NIC)
counter-not-for-me = copies dropped by a NIC (not for me)
counter-pings-ok = pings answered
counter-pings-lost = pings lost
counter-forwarded = packets forwarded by a router
counter-icmp-errors = ICMP errors sent by a router
counter-segments = TCP segments sent (a transport's counter)
counter-retransmissions = TCP retransmissions (a transport's counter)
counter-datagrams = UDP datagrams sent (a transport's counter)
counter-lost = frames lost on purpose (a transport's counter)

## lab

lab-header = lab { $file }{ $title }: { $nodes } nodes, { $bridges } switches and hubs, { $pings } ping(s)

## error

error-parse = { $problem }: { $input }
error-empty = empty address; expected e.g. 192.168.1.10 or 2001:db8::1
error-whitespace = whitespace in address (remove it)
error-non-ascii = non-ASCII character in address (only ASCII digits, a-f, '.', ':' and '/' are valid)
error-control = control character in address
error-too-long = too long for an address (IPv6 text is at most 45 characters)
error-ipv4-parts = IPv4 address has { $n } { $n ->
        [one] part
       *[other] parts
    } (short and integer forms are not accepted); an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10
error-ipv4-leading-zero = octet { $octet } has a leading zero (octal or decimal is ambiguous, so it is rejected); an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10
error-ipv4-octet-range = octet { $octet } is above 255; an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10
error-ipv4-empty-octet = octet { $octet } is empty; an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10
error-ipv4-hex = hexadecimal IPv4 forms are not accepted; an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10
error-ipv4-char = unexpected character in IPv4 address; an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10
error-ipv6-zone = IPv6 zone IDs (%eth0) are not accepted; give the address without its zone
error-ipv6-double-colons = more than one '::' in IPv6 address (at most one is allowed)
error-ipv6-group-length = IPv6 group longer than 4 hex digits
error-ipv6-empty-group = empty IPv6 group (a lone ':' at the start or end, or ':::')
error-ipv6-group-count = wrong number of IPv6 groups (8 groups, or fewer with one '::', e.g. 2001:db8::1)
error-ipv6-char = unexpected character in IPv6 address (hex digits, ':' and '.')
error-ipv6-embedded-ipv4 = invalid embedded IPv4 in IPv6 address (four decimal octets, last, e.g. ::ffff:192.0.2.1)
error-prefix-syntax = invalid prefix (a decimal length like /24, or for IPv4 a dotted mask like /255.255.255.0)
error-prefix-range = prefix length out of range (0-{ $max })
error-mask-not-contiguous = mask is not contiguous: bit { $bit } is 1 after a 0 (a mask is ones then zeros, e.g. 255.255.255.0)
error-mask-family = mask and address are of different families
error-prefix-not-allowed = expected an address, not a network (drop the /prefix)
error-not-an-address = not an IP address; expected e.g. 192.168.1.10 or 2001:db8::1
error-mixed-families = mixed address families: { $a } and { $b } (compare IPv4 with IPv4, IPv6 with IPv6)
error-no-prefix-v6 = no prefix given: write one host with its prefix ({ $example }/64) or pass --mask /64
error-no-mask = no mask given: write one host with its prefix ({ $example }/24) or pass --mask 255.255.255.0

## classify

classify-embeds =  (embeds { $ipv4 }: { $category })
classify-mixed = mixed: { $n } more specific block(s) inside: { $inside }
classify-bad = { $bad } of { $total } inputs were not valid addresses (first, input { $line }: { $msg })
classify-error = error: { $problem }

## echo

echo-tcp-and-udp = tcp and udp
echo-limit-unchanged = unchanged
echo-upper-case = upper-case
echo-verbatim = verbatim
echo-listening = listening on { $at } ({ $protos }, { $mode }); max { $max } connections, open-file limit { $limit }; Ctrl-C to stop
echo-second-signal = second signal: cutting the open connections now
echo-stopped = stopped; { $connections } connection(s), { $datagrams } datagram(s), { $bytes_in } bytes in, { $bytes_out } bytes out, { $idle } closed idle, { $cut } cut at the grace period
echo-refused-per-source = connections closed at once, their source at --max-conns-per-source: { $n }
echo-datagrams-ignored = datagrams not answered: { $low } from ports below 1024, { $own } from the server's own address, { $rate } over the rate
echo-full = at --max-conns { $max }: new connections wait
echo-open = open { $peer }
echo-closed-by-peer = closed by peer
echo-idle-timeout = idle timeout
echo-closed-for-shutdown = closed for shutdown
echo-close = close { $peer }: { $why }; { $bytes_in } bytes in, { $bytes_out } out, { $secs } s
echo-drop = drop { $peer }: { $error }; { $bytes_in } bytes in, { $bytes_out } out, { $secs } s
echo-draining = shutting down: waiting up to { $grace } for { $open } connection(s)
echo-refused = connection refused by { $addr }: nothing listens there (start one with `netcalc echo server --listen { $addr }`)

## ifaces

ifaces-loopback = { $a } is a loopback address (回环地址): traffic to it never leaves this machine
ifaces-ula = { $a } is a unique local address (fc00::/7, IPv6's private range): routed inside a site, never on the Internet
ifaces-private = { $a } is a private (内网) address: the Internet sees this machine through your router's public address, which no local command can know
ifaces-link-local-v6 = { $a } is link-local (fe80::/10): every IPv6 interface has one, for its own link only (neighbour discovery, router advertisements)
ifaces-link-local = { $a } is link-local (169.254.0.0/16): self-assigned, usually because no DHCP server answered
ifaces-shared = { $a } is in the shared address space (100.64.0.0/10): your provider translates it (carrier-grade NAT)
ifaces-global-v6 = { $a } is a global IPv6 address (公网): this machine's own address on the Internet
ifaces-public = { $a } is a public (公网) address: reachable from the Internet, unless a firewall says otherwise
ifaces-documentation = { $a } is from a documentation range: it belongs in examples, not on a real network
ifaces-other = { $a } is { $category } (see `netcalc classify { $a }`)
ifaces-no-such = no interface { $name } on this machine (it has { $known })
ifaces-mac-vendor = MAC { $mac } ({ $vendor })
ifaces-mac-local = MAC { $mac } (locally administered: no vendor)
ifaces-mac-unknown = MAC { $mac } (vendor unknown)
ifaces-loopback-flag = , loopback
ifaces-up = up
ifaces-down = down
ifaces-unknown = unknown
ifaces-network-broadcast = network { $network }, broadcast { $broadcast }
ifaces-network = network { $network }
ifaces-on-link = on-link: { $gateway } AND the mask of { $via } falls on the same network
ifaces-not-on-link = not on-link: no address of { $interface } has { $gateway } on its network
ifaces-gateway = default gateway { $gateway } via { $interface }
ifaces-no-gateway = no default gateway: this machine reaches only its own networks

## mac

mac-broadcast = broadcast
mac-local = no vendor: locally administered
mac-unknown-vendor = unknown vendor (prefix not in the IEEE registries)
mac-first-octet = first octet { $hex } = { $bits }: I/G bit { $ig } -> { $group }, U/L bit { $ul } -> { $local }
mac-group = group (multicast/broadcast)
mac-individual = individual (unicast)
mac-locally-administered = locally administered
mac-universal = universally administered (vendor-assigned)
mac-maps-broadcast = every station on the LAN (ARP requests, DHCP discovery)
mac-maps-ipv4 = IPv4 multicast (RFC 1112): groups 224-239.{ $d }.{ $e }.{ $f } and 224-239.{ $d2 }.{ $e }.{ $f } (32 groups share this MAC)
mac-maps-ipv6 = IPv6 multicast (RFC 2464): every ff00::/8 group whose last 32 bits are { $bits } (e.g. { $example })
mac-kind-broadcast = broadcast
mac-kind-ipv4-multicast = ipv4-multicast
mac-kind-ipv6-multicast = ipv6-multicast
mac-kind-multicast = multicast
mac-kind-unicast = unicast

## port

port-out-of-range = port out of range (0-65535): { $q }
port-not-a-port = not a port number (0-65535) or service name (like ssh or mysql): { $q }
port-no-service = (no registered service; { $range } port)
port-no-such-name = { $q }: no service of that name
port-range-well-known = well-known
port-range-registered = registered
port-range-dynamic = dynamic

## list

list-network = network
list-first = first
list-last = last
list-broadcast = broadcast
list-usable = usable hosts
list-name = name
list-requested = requested
list-free-row = (free)
list-allocated = { $network } { $name } ({ $requested } hosts requested, { $usable } usable)
list-free = { $network } free ({ $usable } usable)
list-inside = inside { $net }
list-not-inside = not inside { $net }

## bench

bench-measure = measure
bench-value = value
bench-connections = connections
bench-message-bytes = message bytes
bench-seconds = seconds
bench-requests = requests
bench-requests-per-s = requests/s
bench-mb-per-s = MB/s each way
bench-p50 = latency p50
bench-p99 = latency p99
bench-max = latency max
bench-least-served = least-served connection
bench-least-served-value = { $least } requests (median { $median })
bench-mismatched = mismatched echoes
bench-lost = lost (UDP)
bench-failed = connections failed
bench-unserved = connections never answered
