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
trace-ping-of-ttl = ping { $number } of { $total }; TTL { $ttl } (ping -t): a router that gets it with TTL 1 drops it and answers ICMP time exceeded, so it names the hop (traceroute by hand)
trace-ping-of-from = ping { $number } of { $total }; from { $src }, my address on the interface the route leaves by
trace-ping-of-from-ttl = ping { $number } of { $total }; from { $src }, my address on the interface the route leaves by; TTL { $ttl } (ping -t): a router that gets it with TTL 1 drops it and answers ICMP time exceeded, so it names the hop
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
# Two reasons of one line, one after the other.
trace-reasons = { $first }; { $then }
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
trace-arp-answer-known-why = the request is for my IP { $target }; { $ip } = { $mac } is known and confirmed: a request confirms nothing, so the entry stays REACHABLE
trace-arp-resolved = ARP cache: { $ip } = { $mac } (REACHABLE)
trace-arp-resolved-why = { $released ->
    [0] reply to my request
   *[other] reply to my request; sending { $released } queued packet(s)
    }
trace-arp-resolved-stale = ARP cache: { $ip } = { $mac } (STALE)
trace-arp-resolved-stale-why = its own ARP request came before the reply to mine: that is its MAC too, so the { $released } queued packet(s) go now (Linux); the entry is stale until confirmed
trace-released-why = queued until { $hop } answered ARP
trace-released-stale-why = queued until { $hop } was resolved: its own ARP request told its MAC
trace-router-forward = forward to { $dst } out of { $iface }
trace-router-forward-why = in on { $iface }; { $dst } matches { $network }, a connected network (longest prefix); TTL one less
trace-router-forward-via-why = in on { $iface }; { $dst } matches { $network }, a route via { $via } (longest prefix); TTL one less
trace-router-drop = drop { $src } > { $dst }
trace-router-drop-ttl = its TTL would reach 0 here: ICMP time exceeded back to the source
trace-router-drop-no-route = no route matches it: ICMP network unreachable back to the source
trace-router-drop-next-hop = the next hop never answered ARP: ICMP host unreachable back to the source
trace-router-drop-martian = its source is my own address: a packet of mine came back; Linux drops such a martian without an error (accept_local = 0)
trace-no-route = drop { $src } > { $dst }: no route
trace-no-route-host = { $dst } is off my network { $network } and I have no gateway: the packet never leaves (Linux: "Network is unreachable")
trace-no-route-router = none of my connected networks holds { $dst }: the packet never leaves
trace-not-forwarded = drop { $src } > { $dst }: not forwarded
trace-not-forwarded-why = { $dst } is a broadcast address or a multicast group: a router passes neither on (Linux forwards no directed broadcast, RFC 2644, and routes no multicast by itself), and nothing here takes it
trace-listen = listen on port { $port }
trace-listen-reuse = listen on port { $port } with SO_REUSEADDR
trace-listen-why = the echo server starts
trace-listen-upper = the echo server starts, upper-casing what it reads
trace-listen-iterative = one client at a time: it calls accept() again only when done with the last (listen backlog { $backlog })
trace-listen-backlog = listen backlog { $backlog }: it accepts each connection at once, and more handshakes half-open than that get SYN cookies
trace-connect = connect({ $to })
trace-connect-why = the client opens a TCP connection: SYN first
trace-connect-udp-why = UDP: nothing goes on the wire; the socket only keeps its peer, and an ICMP error about what it sends comes back to it
trace-call-send = send { $len } { $len ->
        [one] byte
       *[other] bytes
    }: { $data }
trace-call-send-why = the application writes
trace-call-recv-eof = recv: end of file
trace-call-recv-eof-why = the peer closed its side (FIN): no more data
trace-call-recv = recv { $len } { $len ->
        [one] byte
       *[other] bytes
    }: { $data }
trace-call-recv-why = the application reads
trace-call-message = one message: { $len } { $len ->
        [one] byte
       *[other] bytes
    }, { $data }
trace-call-message-why = length-prefixed: the 2-byte length before it says where it ends, however the stream was cut or glued
trace-call-partial = part of a message: { $have } bytes here, and its 2-byte length { $prefix } says { $need }
trace-call-partial-why = recv waits for the rest, for ever if the peer sends no lengths (then its first two bytes were read as one)
trace-call-partial-prefix = part of a message: 1 byte of its 2-byte length
trace-call-partial-prefix-why = recv waits for the rest
trace-call-accept = accept(): { $ip }:{ $port }
trace-call-accept-why = { $waiting ->
        [0] the server takes the next connection the kernel completed for it, and serves it to its end before it calls accept() again
       *[other] the server takes the oldest connection the kernel completed for it ({ $waiting } more still waiting), and serves it to its end before it calls accept() again
    }
trace-call-shutdown = shutdown(write)
trace-call-shutdown-why = a half-close: FIN after the data, and this side still reads
trace-call-shutdown-unopened-why = the handshake is not done: Linux drops the attempt rather than send a FIN, and leaves ECONNRESET for the socket's next call
trace-call-in-progress = connect() returns at once: in progress
trace-call-in-progress-why = a non-blocking socket (EINPROGRESS): the handshake goes on while the program does other things
trace-call-close = close()
trace-call-close-why = the application is done: FIN after the data
trace-call-close-udp-why = the UDP socket goes: nothing on the wire
trace-call-close-unread-why = { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } it never read still waiting: it closes with RST, not FIN
trace-call-close-ended-why = its connection has already ended: the socket goes, nothing on the wire
trace-call-close-after-shutdown-why = its FIN went with shutdown(): close() sends nothing more, and the connection ends its close on its own
trace-call-close-unread-shut-why = { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } it never read still waiting: its FIN went with shutdown(), and now RST resets the connection
trace-exit = the server on port { $port } exits
trace-exit-why = its listening socket closes
trace-addr-in-use = bind(port { $port }): Address already in use
trace-addr-in-use-why = a connection in TIME-WAIT still holds the port, and the socket has no SO_REUSEADDR
trace-addr-in-use-reuse-why = a connection in TIME-WAIT still holds the port; this socket set SO_REUSEADDR, but the socket that made that connection did not, and both must
trace-addr-in-use-open-reuse-why = an open connection still uses the port; this socket set SO_REUSEADDR, but the socket that made that connection did not, and both must
trace-addr-in-use-open-why = an open connection still uses the port, and the socket has no SO_REUSEADDR
trace-addr-in-use-listener-why = another socket of this host listens on the port
trace-addr-in-use-udp-why = another UDP socket of this host is bound to the port
trace-addr-not-avail = connect({ $ip }:{ $port }): Cannot assign requested address
trace-addr-not-avail-why = SO_REUSEADDR let bind() through, but a connection with these very ends (this port, that server's address and port) is still in TIME-WAIT: connect() cannot make it again (Linux would let it, had the old connection used TCP timestamps; the simulator sends none)
trace-addr-not-avail-open-why = SO_REUSEADDR let bind() through, but a connection with these very ends (this port, that server's address and port) is still open
trace-refused = connection refused
trace-refused-why = nothing listens there (RST or ICMP port unreachable)
trace-refused-udp-why = ICMP port unreachable came back for its datagram: a connected UDP socket reports it (ECONNREFUSED)
trace-reset = connection reset by peer
trace-reset-why = a RST on the open connection (ECONNRESET): the peer closed with data it had not read, or data reached it after it closed
trace-disconnected = connection reset (ECONNRESET)
trace-disconnected-why = the error the shutdown left: it dropped the attempt to connect (no RST came from the peer)
trace-not-connected = recv: not connected (ENOTCONN)
trace-not-connected-why = the socket has no connection: its attempt to connect was dropped
trace-broken-pipe-reset = broken pipe (EPIPE)
trace-broken-pipe-reset-why = a RST came after the peer's FIN (it had closed, and reset when more data reached it): Linux records EPIPE then, not ECONNRESET; reads return what arrived, then the end of file, and sends fail
trace-broken-pipe = send: broken pipe (EPIPE)
trace-broken-pipe-why = this socket can send no more (its writing side is shut down, or its connection is gone): nothing is sent
trace-timed-out = no answer
trace-timed-out-why = ETIMEDOUT: the retransmissions, or the keepalive probes, ran out unanswered
trace-timed-out-udp-why = the echo did not come within the wait: UDP sends nothing again
trace-unreachable = connect() fails: { $error }
trace-unreachable-net = network is unreachable
trace-unreachable-host = no route to host
trace-unreachable-why = ICMP destination unreachable (code { $code }) from { $from } about the SYN: Linux gives up a connection still opening at once (RFC 5461)
trace-cause-connect = connect(): SYN sent
trace-cause-syn-received = a SYN for a listening port: SYN+ACK sent
trace-cause-syn-ack-received = the SYN+ACK arrived: ACK sent (handshake 3 of 3)
trace-cause-handshake-ack = the ACK of our SYN+ACK arrived: the handshake is done
trace-cause-simultaneous-open = a SYN arrived while ours was on its way (simultaneous open): SYN+ACK sent
trace-cause-crossed-syn-acked = the peer's SYN+ACK acknowledged our SYN: open (a simultaneous open: each end sends a SYN and a SYN+ACK, four segments where a handshake takes three, then acknowledges the SYN it already had)
trace-cause-close = close(): FIN sent
trace-cause-close-unopened = close() before the handshake was done: the connection is dropped, no FIN
trace-cause-shutdown = shutdown(write): FIN sent, still reading
trace-cause-close-fin-waits = close(): the window is full, so the FIN goes later, after any data still waiting
trace-cause-shutdown-fin-waits = shutdown(write): the window is full, so the FIN goes later, after any data still waiting; still reading
trace-cause-shutdown-unopened = shutdown(write) before the handshake was done: the attempt is dropped (Linux disconnects the socket), no FIN
trace-cause-fin-received = the peer's FIN arrived: ACK sent
trace-cause-fin-acked = the ACK of our FIN arrived
trace-cause-fin-and-ack = the peer's FIN arrived with the ACK of ours
trace-cause-time-wait-over = 2 x MSL passed: no stray segment can arrive any more
trace-cause-reset = a RST arrived: connection refused or reset
trace-cause-reset-time-wait = a RST at the sequence number we expect: TIME-WAIT ends early (Linux lets it, RFC 1337's "TIME-WAIT assassination")
trace-cause-new-syn = a new SYN for the same ends, numbered beyond the old connection: TIME-WAIT ends early and the listener takes it (RFC 1122 4.2.2.13)
trace-cause-abort-on-close = close() with data not read: RST, so that the peer knows it was lost (RFC 1122 4.2.2.13; Linux)
trace-cause-data-after-close = new data after close(): nobody will read it, RST (RFC 1122 4.2.2.13; Linux)
trace-cause-not-accepted = its listening socket closed while it waited in the accept queue: never accepted, it is reset (RST)
trace-cause-syn-cookie = this segment returns the SYN cookie its listening socket sent: the connection is made from it, nothing having been kept
trace-cause-fin-timeout = the peer's FIN did not come within tcp_fin_timeout: the connection goes, nothing sent
trace-cause-gave-up = retransmissions ran out
trace-cause-unreachable = an ICMP destination unreachable came back about the SYN
trace-cause-keepalive-gave-up = 9 keepalive probes unanswered: the peer is gone
trace-cause-host-down = its host went off: the connection is gone with it, and nothing is sent
trace-cause-listener-closed = its listening socket closed before the handshake was done: dropped, nothing sent (the peer's next segment meets RST)
trace-retransmit = retransmission timer fired: try { $attempt }
trace-retransmit-why = no ACK in time: the segment goes again; next timeout { $rto } s (doubled)
trace-keepalive-probe = keepalive probe { $probe } of 9
trace-keepalive-first = 2 hours without a word from the peer (SO_KEEPALIVE): is it still there?
trace-keepalive-next = no answer to the last probe within 75 s
trace-time-wait = TIME-WAIT timer: { $seconds } s
trace-time-wait-why = 2 x MSL, so that a retransmitted FIN still gets its ACK and old segments die out
trace-fin-timeout = FIN-WAIT-2 timer: { $seconds } s
trace-fin-timeout-why = its application has closed it: it waits this long at most for the peer's FIN, then goes (Linux's tcp_fin_timeout; a shutdown(write) alone waits for ever)
trace-nagle = Nagle: { $held } bytes wait
trace-nagle-why = less than a full segment while an earlier small segment is unacknowledged: it waits for the ACK, and what is written meanwhile joins it
trace-ack-quick = ACK at once (quick ACK)
trace-ack-quick-why = a new connection, not interactive yet: Linux acknowledges its first data at once (quickack mode, as a real kernel does)
trace-ack-delayed = hold the ACK (delayed ACK, up to 40 ms)
trace-ack-delayed-why = interactive (we replied within 40 ms, or the peer closed): Linux waits for data or our FIN to send the ACK with
trace-ack-piggybacked = the held ACK rides on this segment
trace-ack-piggybacked-why = piggy-backed: one segment instead of two
trace-ack-timer = delayed ACK timer fired: pure ACK
trace-ack-timer-why = no data to ride on within 40 ms
trace-ack-out-of-order = segment out of order: kept; ACK at once of what we have (a duplicate ACK)
trace-ack-out-of-order-why = a segment before it is missing: its data waits for the gap to be filled, and the repeated ACK tells the sender what is missing
trace-ack-gap-filled = the missing segment: the data that waited goes to the application too; ACK at once
trace-ack-gap-filled-why = it fills the gap, so everything up to the end of what waited is now in order
trace-fast-retransmit = third duplicate ACK: the missing segment goes again at once (fast retransmit)
trace-fast-retransmit-why = three ACKs of the same point mean the segments after it arrived: no need to wait for the timeout (RFC 5681)
trace-syn-again = the client's SYN again: SYN+ACK again at once (Linux)
trace-syn-again-why = a second SYN means our SYN+ACK was lost; Linux sends it again without waiting for its timer, where the textbook answers with an ACK and waits
trace-wrong-ack-reset = an ACK of nothing we sent: RST back, SYN again in 8 ms
trace-wrong-ack-reset-why = it is an old connection's, from an end still in TIME-WAIT at the same ends: the RST carries its ack number, so that end takes it and goes (RFC 9293 3.10.7.3); Linux then sends its SYN again after TCP_TIMEOUT_MIN instead of a whole timeout
trace-queued = the connection from { $ip }:{ $port } waits in the accept queue ({ $waiting } waiting, backlog { $backlog })
trace-queued-why = the kernel has done its handshake (and acknowledges its data), but the server is busy with another connection: connect() has returned, and the server has not called accept() yet
trace-queue-full-syn = the accept queue of port { $port } is full (backlog { $backlog }): SYN dropped
trace-queue-full-syn-why = more connections than the backlog wait for accept(): Linux drops the SYN without a word, and the client sends it again when its timer runs out
trace-queue-full-ack = the accept queue of port { $port } is full (backlog { $backlog }): the handshake's ACK dropped
trace-queue-full-ack-why = the connection stays half-open (SYN-RECEIVED) until there is room: its SYN+ACK goes again on its timer, and the client's next ACK completes it
trace-queue-full-cookie-why = the listening socket kept nothing of this handshake (it answered with a SYN cookie): no connection is made, and nothing sends the SYN+ACK again; the client, connected as far as it knows, gets in with a later segment that returns the cookie once there is room
trace-syn-cookie = port { $port } has { $half_open } { $half_open ->
        [one] handshake
       *[other] handshakes
    } half-open, more than its backlog ({ $backlog }): SYN+ACK with a SYN cookie, nothing kept
trace-syn-cookie-why = Linux's defence against SYN floods (tcp_syncookies = 1, its default): the ends, the time and the client's MSS are coded into the SYN+ACK's sequence number, so no request waits and none is sent again; the ACK that returns the cookie makes the connection (lost, the client's data does it: it carries the same ACK)
trace-no-listener = nothing listens on port { $port }
trace-no-listener-udp = ICMP port unreachable goes back
trace-no-listener-tcp = RST goes back: connection refused
trace-no-connection = no connection on port { $port } for this segment
trace-no-connection-tcp = this segment belongs to no connection, say one that has ended: RST goes back and resets the sender's
trace-lose = lose { $frame }
trace-lose-why = dropped on purpose (--drop, or drop = [...] in a lab): the frame does not arrive (as if damaged on the wire)
trace-lose-segment-why = [[lose]]: segment { $segment } of connection { $connection } does not arrive (as if damaged on the wire)
trace-lose-datagram-why = [[lose]]: datagram { $datagram } of connection { $connection } does not arrive (as if damaged on the wire)
trace-crash = off
trace-crash-why = a step of the lab: the host vanishes, and answers nothing any more
trace-wait = wait { $seconds } s
trace-lab-step = a step of the lab
trace-link-down = cable pulled from { $bridge } port { $port }
trace-link-down-why = a step of the lab: nothing passes that port any more
trace-frame-cap = stop after { $frames } frames
trace-storm = broadcast storm: a loop of switches without a spanning tree floods the same frame forever
trace-frame-cap-why = the run reached its frame cap
trace-still-open = still { $state } at the end
trace-still-open-why = nothing more is to happen to it: no segment on the way, no timer running (an idle connection without keepalive lasts for ever)
trace-time-up = stop at { $seconds } s
trace-time-up-why = the lab's time is up (until): what is still to happen does not
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
frame-icmp-about = { $frame }, about { $what }
frame-other = frame

## route

route-on-link = { $dst } AND mask = { $masked } = my network: on-link
route-via-gateway = { $dst } is off my network { $network }: via the gateway
route-via-router = { $dst } matches my route to { $network }: on to the next router
route-back = back to the host that asked
route-broadcast = { $dst } is a broadcast address: to ff:ff:ff:ff:ff:ff, no ARP
route-multicast = { $dst } is a multicast group: to its 01:00:5e MAC, no ARP, TTL 1 (Linux keeps multicast on the link)

## sim

sim-header = { $layout }, seed { $seed }: { $pings } ping(s)
sim-col-time = time s
ladder-title = connection { $n } ({ $proto }): client { $client }, server { $server }
ladder-title-both = connections { $n } and { $m } (TCP): { $client } and { $server } connect to each other
ladder-lost = lost on the way
ladder-ping-title = ping { $n }: { $src } ({ $from }) to { $dst } ({ $to })
ladder-arp-request = ARP who has { $target }? (broadcast)
ladder-arp-reply = ARP { $sender } is at { $mac }
ladder-echo-request = ICMP echo request seq { $seq } ttl { $ttl }
ladder-echo-reply = ICMP echo reply seq { $seq } ttl { $ttl }
ladder-icmp-net = ICMP network unreachable
ladder-icmp-host = ICMP host unreachable
ladder-icmp-port = ICMP port unreachable
ladder-icmp-ttl = ICMP time exceeded
ladder-icmp-other = ICMP type { $icmp_type } code { $code }
ladder-broadcast = broadcast
ladder-multicast = multicast
ladder-host-said = { $host }: { $what }
ladder-none = nothing to draw: a ladder draws each ping, TCP connection and UDP exchange
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
tcp-header-all-pairs = { $first ->
        [yes] { $client } connects to { $server }, then every host to every other in turn
       *[no] every host connects to every other in turn
    }: { $connections } connections ({ $upper ->
        [yes] upper-casing echo servers
       *[no] echo servers
    } on port { $port }), seed { $seed }

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
outcome-closed = closed (no echo to check)
outcome-refused = connection refused
outcome-timed-out = timed out
outcome-unreachable = unreachable
outcome-addr-in-use = bind() failed: address already in use
outcome-addr-not-avail = connect() failed: cannot assign requested address
outcome-reset = connection reset by peer
outcome-broken-pipe = broken pipe
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

lab-header = lab { $file }{ $title }: { $nodes } { $nodes ->
        [one] node
       *[other] nodes
    }, { $bridges } { $bridges ->
        [one] switch or hub
       *[other] switches and hubs
    }, { $pings } { $pings ->
        [one] ping
       *[other] pings
    }, { $sessions } { $sessions ->
        [one] connection
       *[other] connections
    }

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
error-io = { $context }: { $error }
error-mask-option = { $problem }: "--mask { $prefix }"
error-host-bits-set = host bits set in network (did you mean { $network }?): { $input }
error-range-reversed = FIRST is after LAST: { $first } > { $last } (swap them: { $last } { $first })
error-prefix-too-long = prefix /{ $prefix } is longer than /{ $width }
error-split-shorter = cannot split { $network } into /{ $prefix }: that is shorter than /{ $own } (choose /{ $own } to /{ $width })
error-zero-count = --count must be at least 1
error-too-many-subnets = { $network } cannot be split into { $count } subnets: it holds at most 2^{ $bits } (/{ $width } each)
error-zero-hosts = request { $name } asks for 0 hosts
error-request-too-large = request { $name } for { $hosts } hosts does not fit in { $network } ({ $usable } usable at most)
error-plan-too-large = the plan needs { $needed } addresses but { $network } has { $available }: short by { $short } (use a larger network or fewer hosts)
error-plan-beyond = the plan needs more addresses than { $network } (or any network) has: use fewer or smaller requests
error-gateway-not-usable = --gateway { $gateway } is not a usable address of { $subnet } (choose one from { $first } to { $last })
error-host-count = --hosts must be from 1 to { $max }: { $hosts }
error-too-many-hosts = { $asked } hosts do not fit in { $subnet }: it has room for { $room } (use a larger --subnet, e.g. { $suggest })
error-too-many-hosts-gateway = { $asked } hosts do not fit in { $subnet }: it has room for { $room } beside the gateway (use a larger --subnet, e.g. { $suggest })
error-all-pairs-too-large = --all-pairs with { $hosts } hosts fills every ARP cache with every host: about { $gib } GiB; use at most { $max } hosts
error-segment-count = --segments must be from 1 to { $max }: { $segments }
error-gateway-with-segments = --gateway is a stand-in for one segment; with --segments the router R is every host's gateway
error-segments-without-hosts = --segments { $segments } needs at least { $segments } hosts (--hosts), one a segment: { $hosts }
error-segments-past-the-end = { $segments } subnets the size of { $subnet } do not fit after it in the IPv4 space
error-all-pairs-needs-two = --all-pairs needs at least 2 hosts
error-nothing-to-ping = with one host, give --ping 1:ADDRESS (through --gateway)
error-no-such-host = there is no host { $number }: hosts are numbered 1 to { $hosts }
error-not-a-host = no host has { $ip }: the sending end (a ping's source, a connection's client) is a host number (1-{ $hosts }) or a host's address
error-no-route-for = { $ip }: network unreachable: Linux sends the limited broadcast and multicast by the default route, and a host on { $subnet } without --gateway or --segments has none (as ping says on a real one); the subnet's own broadcast, { $broadcast }, needs no route
error-off-subnet = { $ip } is outside { $subnet }: add --gateway so a router can answer for it


## command errors

cannot-create = cannot create { $path }
cannot-open = cannot open { $path }
cannot-read = cannot read { $path }
writing-file = writing { $path }
writing-output = writing output
reading-input = reading input
seconds-range = { $what } must be a number of seconds from 0 to { $max }: { $value }
tty-guard = that would print { $n } lines to the terminal; pipe it (| head, > file) or add --force
sim-host-number-too-large = host number too large: { $text }
sim-ipv4-only = the simulated LAN is IPv4: { $text }
sim-bad-ping = --ping takes SRC:DST, e.g. H1:H5, 1:5 or 1:192.168.1.5: { $text }
sim-subnet-ipv4 = --subnet must be IPv4: { $text }
sim-gateway-ipv4 = --gateway must be IPv4: { $text }
sim-pcap-to-terminal = --pcap - writes a binary capture to standard output, which is a terminal; pipe it (| tshark -r -) or redirect it (> run.pcapng)
sim-missed-frame-beyond = note: frame { $number } was to be dropped, but the run numbered only { $frames } frames: nothing was lost there
sim-missed-frame-unseen = note: frame { $number } was to be dropped, but it never reached a switch or hub: nothing was lost there
sim-missed-segment = note: segment { $nth } of connection { $connection } was to be lost, but its two ends sent only { $sent }: nothing was lost there
sim-missed-datagram = note: datagram { $nth } of connection { $connection } was to be lost, but its two ends sent only { $sent }: nothing was lost there
sim-huge-run = this run may move about { $estimate } frames (minutes, and memory for --pcap); add --force to run it
sim-huge-trace-events = the trace would run to about { $estimate } events; add --quiet for the tables only, or --force
sim-huge-trace-lines = the trace would run to about { $estimate } lines; add --quiet for the tables only, or --force
sim-writing-capture-stdout = writing the capture to standard output
tcp-all-pairs-too-large = --all-pairs with { $hosts } hosts makes { $connections } connections, each kept until the report: about { $gib } GiB; use at most { $max } hosts
tcp-bad-connect = --connect takes SRC:DST[:PORT], e.g. H1:H2 or 1:2:8002: { $text }
tcp-port-range = a port is 1 to 65535: { $text }
tcp-no-server-host = no host has { $ip }: the server is one of the hosts
tcp-same-host = the client and the server are the same host: choose two
tcp-msl-range = --msl must be from 0 to 3600 seconds: { $msl }
tcp-send-size = each --send is 1 byte to 1 MiB of text
tcp-udp-size = with --udp, each --send is at most 65507 bytes (what a UDP datagram holds)
real-mss = --real uses the kernel's MSS (1460 on Ethernet): leave --mss out to compare like with like
mac-none-given = give one or more MAC addresses, or --random
range-bad = give FIRST LAST or FIRST-LAST (e.g. 10.0.0.5-10.0.0.77): { $text }
contains-mixed = mixed address families: { $text } is not of the family of { $net } (compare IPv4 with IPv4, IPv6 with IPv6)
split-how = give --prefix, --count or --hosts
split-bad-count = host count must be a positive whole number: { $item } (e.g. sales=50)
filter-too-long = line { $line }: longer than 1 MiB, skipped
filter-bad-line = line { $line }: field { $field }: { $problem }: { $text }
filter-bad-summary = { $bad } of { $lines } lines had no valid address in field { $field } (--ignore-invalid to skip them)
aggregate-bad-input = input { $line }: { $error }
aggregate-bad-summary = { $bad } of { $inputs } inputs were not valid networks and were left out


## real

real-head-real = real Linux { $kernel }
real-head-switch = switch
real-head-simulator = simulator
real-legend = = the same   ~ the same, elsewhere among the other end's frames (timing)   != different   < simulator only   > real only
real-counts = frames into the bridges: simulator { $sim_in }, real { $real_in }; out of them: simulator { $sim_out }, real { $real_out }
real-counts-aside = { $counts }; { $n } real frame(s) set aside (IPv6, STP, other)
real-same = the same, frame by frame in kind
real-arp-title = ARP caches at the end (real: ip neigh)
real-arp-same = the same, entry by entry
real-arp-differences = { $n } ARP entr(y/ies) differ
real-head-real-short = real Linux
real-differences = { $n } difference(s)
real-differences-out = { $n } difference(s), and the bridges sent a different number of frames
real-not-compared = not compared:
real-not-timing = timing (the simulator's clock is virtual)
real-not-numbers = sequence numbers, IP identification, windows and TCP options (the kernel's own choices; Linux adds SACK and window scaling to its SYNs)
real-not-checksums = checksums (a veth leaves them to offload)
real-not-settings = the namespaces run as the simulator assumes: TCP timestamps off (a full segment carries the MSS), one segment per packet (no segmentation offload on the veths), IPv6 off
real-not-ports = client ports drawn from Linux's ephemeral range 32768-60999 (shown as *)
real-not-delay = the kernel's ARP states DELAY and PROBE (a stale entry in use, checked again after 5 s): counted as STALE, which the simulator does not tell apart
real-not-interleave = how the segments interleave: each switch's frames are compared in their own order
real-all = all
real-kind-arp-request = ARP who has { $target }? tell { $sender }
real-kind-arp-reply = ARP { $sender } is at { $mac } (to { $target })
real-icmp-echo-reply = echo reply
real-icmp-echo-request = echo request
real-icmp-port-unreachable = port unreachable
real-icmp-host-unreachable = host unreachable
real-icmp-network-unreachable = network unreachable
real-icmp-time-exceeded = time exceeded
real-icmp-other = type { $icmp_type } code { $code }
real-kind-icmp = ICMP { $name } { $src } > { $dst } ttl { $ttl }
real-kind-tcp = TCP { $from } > { $to } [{ $flags }] len { $len } ttl { $ttl }
real-kind-udp = UDP { $from } > { $to } len { $len } ttl { $ttl }
real-kind-ip = IP protocol { $protocol } { $src } > { $dst } ttl { $ttl }
real-too-many-exchanges = --real sends real traffic: at most { $max } pings or connections (this run: { $n })
real-no-stand-in = --real cannot build --gateway's stand-in for the Internet; use --segments for a real router
real-too-many-hosts = --real builds real hosts: at most { $max } (this run: { $n })
real-no-bridge-chains = --real builds bridges with hosts on them, not bridges joined to bridges
real-failed = --real: { $what }: { $detail }
real-no-binary = --real: cannot find the netcalc binary: { $error }
real-interrupted = --real: interrupted; the network namespaces it made are removed
real-linux-only = --real builds Linux network namespaces: it runs on Linux only
real-needs-root = --real makes network namespaces, veth pairs and bridges, which needs root: run it with sudo
real-needs-tool = --real needs `{ $tool }` (Debian and Ubuntu: apt-get install { $package })
real-stopped-early = stopped before it was ready: { $said }
real-not-ready = not ready within { $secs } s


## lab errors

lab-error = { $file }: line { $line }: { $problem }
lab-error-field = { $file }: line { $line }: { $field }: { $problem }
lab-toml = { $words }
lab-needs-prefix = an address with its prefix, e.g. 192.168.1.1/24: { $text }
lab-ipv4-only = the lab is IPv4: { $text }
lab-prefix-length = a prefix length from 0 to 32: { $text }
lab-not-a-host-address = { $ip } is the network or broadcast address of { $net }, not a host's
lab-aging = seconds from 0 to 1e9
lab-bad-name = a name of 1 to 32 letters, digits, - and _
lab-named-twice = { $name } is named twice
lab-no-bridge = no switch or hub named { $name }
lab-gateway-off-link = { $gateway } is not on { $net }: a gateway is on-link
lab-router-without-interfaces = a router needs at least one interface
lab-no-devices = a lab needs at least one [[host]] or [[router]] (data/labs/ has examples)
lab-route-host-bits = { $given } has host bits: the network is { $net }
lab-next-hop-off-link = { $ip } is on none of the router's networks: the next router is a neighbour, on-link
lab-next-hop-is-mine = { $ip } is the router's own address: the next hop is another router
lab-link-needs-two = two switch or hub names
lab-link-ends = both ends must be switches or hubs of this lab
lab-frame-cap = from 1 to 100000000 frames
lab-lose-connection = the lab has { $count } connect step(s): connection counts them from 1, in order
lab-lose-which-tcp = connection { $connection } is TCP: give segment = N
lab-lose-which-udp = connection { $connection } is UDP: give datagram = N
lab-ttl = a TTL is 1 to 255
lab-backlog = a backlog is 0 to 4096 (Linux's somaxconn)
lab-iterative-udp = UDP has no connections to accept: iterative is for TCP
lab-backlog-udp = UDP has no connections to accept: backlog is for TCP
lab-drop-frame = frames are numbered from 1, as the trace and the capture count them
lab-lose-segment = counted from 1, both ways, as the connection's two ends send them
lab-step-kind = a step is one of ping, wait, link_down, listen, restart, connect, call or crash
lab-or = {" "}or{" "}
lab-stray = { $option } goes with { $allowed }
lab-framing = "length" (a 2-byte length before each message) or "none"
lab-framing-udp = UDP keeps message boundaries: framing is for TCP
lab-ping-syntax = FROM -> TO, e.g. "A -> B" or "A -> 10.0.0.9"
lab-connect-syntax = FROM -> TO:PORT, e.g. "A -> B:8002"
lab-messages = one or more messages of 1 to 65536 bytes
lab-mode = one-by-one, burst, half-close or keep-open
lab-udp-mode = UDP sends one datagram a message
lab-socket-with-send = a named socket sends in call = "send" steps, not with send or mode
lab-nonblocking = nonblocking is for a named TCP socket (socket = NAME): its connect() returns at once
lab-socket-name = a new, non-empty name for the socket
lab-call-without-socket = a call needs socket = NAME, from a connect step
lab-unknown-socket = no connect step named this socket before
lab-data-without-send = data goes with call = "send"
lab-data-size = 1 to 65536 bytes
lab-send-without-data = send needs data = "..."
lab-udp-shutdown = a UDP socket has no connection to shut down
lab-socket-closed = an earlier step closed this socket: close() gave its descriptor back, and a call on it would fail (EBADF)
lab-udp-size = a UDP datagram holds at most 65507 bytes
lab-call = send, recv, shutdown or close
lab-no-node = no node named { $name }
lab-seconds = seconds from 0 to { $max }
lab-no-host = no host named { $name }
lab-no-pinger = no host or router named { $name }
lab-router-no-route = { $ip }: network unreachable: router { $router } has no route to it (Linux says "Network is unreachable"); give it routes = [...] or gateway = "..."
lab-not-node-nor-address = { $name } is neither a node nor an address
lab-port = a port is 1 to 65535: { $text }
lab-link-down-ends = { $text }: both ends must be switches or hubs
lab-no-link-between = no link between { $a } and { $b }
lab-crashed = { $name } crashed at an earlier step: it does nothing any more
lab-connect-to-self = a host reaches itself through lo, which the lab simulates for ping only: connect to another host
lab-connect-to-group = { $ip } is a broadcast or multicast address: TCP connects to one host (Linux: connect() fails with "Network is unreachable"), and the lab's UDP sockets talk to one host too
lab-no-route = { $ip }: network unreachable: a host on { $subnet } without a gateway has no route to it (Linux says "Network is unreachable"); give the host gateway = "..."

## mac errors

mac-error = { $reason }; a MAC address is 6 hex octets, e.g. 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E, 001a.2b3c.4d5e or 001a2b3c4d5e: { $input }
mac-error-empty = empty MAC address
mac-error-non-ascii = non-ASCII character
mac-error-digits = a MAC without separators has 12 hex digits
mac-error-hex = bad hex digit
mac-error-separators = mixed or unexpected separators
mac-error-octets = expected 6 octets
mac-error-octet-length = each octet is 1 or 2 hex digits
mac-error-dotted = the dotted form is three groups of 4 hex digits
mac-error-character = unexpected character


## usage errors (clap words them in English; these are for the other languages)

usage-error = error: { $text }
usage-unknown-argument = unexpected argument '{ $arg }'
usage-unknown-subcommand = unrecognized subcommand '{ $name }'
usage-missing-value = a value is required for '{ $arg }' but none was supplied
usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
usage-value-validation = invalid value '{ $value }' for '{ $arg }': { $why }
usage-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
usage-missing-argument = the following required arguments were not provided: { $args }
usage-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
usage-no-equals = equal sign is needed when assigning values to '{ $arg }'
usage-number-of-values = wrong number of values for '{ $arg }'
usage-invalid-utf8 = invalid UTF-8 was detected in one or more arguments
usage-possible-values = {" "}[possible values: { $values }]
usage-did-you-mean = {" "}(tip: a similar one exists: '{ $suggestion }')
usage-usage = Usage: { $usage }
usage-more = For more information, try '--help'.


## page (--html)

page-title = netcalc
page-counter = Step $n of $total
page-first = « First
page-back = ‹ Back
page-play = ▶ Play
page-pause = ■ Pause
page-forward = Forward ›
page-last = Last »
page-keys = Keys: ← and → step, space plays and pauses, Home and End go to the first and last event
page-language = Language
page-topology = Topology
page-ladder = Ladder
page-ladder-none = nothing to draw: no ping, TCP segment or UDP datagram in this run
page-ladder-of = $client to $server
page-ladder-both = $client and $server connect to each other
page-event = This step
page-events = Every event
page-time = time
page-at = at
page-reason = why
page-colon = :{" "}
page-frame = Frame
page-frame-none = This event moves no frame.
page-frame-number = #$n, $len bytes
page-bytes = Bytes
page-bytes-hint = Choose a field to mark its bytes.
page-tables = Tables as of this step
page-arp = ARP caches
page-mac = MAC tables
page-sockets = Sockets
page-none = (empty)
page-rows-more = … and $n more rows, of other hosts and switches
page-col-host = host
page-col-ip = IP
page-col-mac = MAC
page-col-state = state
page-col-switch = switch
page-col-port = port
page-col-socket = socket
page-client = client
page-server = server
page-layer-eth = Ethernet II
page-layer-arp = ARP
page-layer-ipv4 = IPv4
page-layer-icmp = ICMP
page-layer-tcp = TCP
page-layer-udp = UDP
page-layer-data = Data
page-f-eth-dst = destination MAC
page-f-eth-src = source MAC
page-f-eth-type = type
page-f-arp-htype = hardware type
page-f-arp-ptype = protocol type
page-f-arp-hlen = hardware size
page-f-arp-plen = protocol size
page-f-arp-op = opcode
page-f-arp-sha = sender MAC
page-f-arp-spa = sender IP
page-f-arp-tha = target MAC
page-f-arp-tpa = target IP
page-f-ip-version = version
page-f-ip-ihl = header length
page-f-ip-dscp = DSCP and ECN
page-f-ip-len = total length
page-f-ip-id = identification
page-f-ip-flags = flags
page-f-ip-ttl = time to live
page-f-ip-proto = protocol
page-f-ip-checksum = header checksum
page-f-ip-src = source address
page-f-ip-dst = destination address
page-f-icmp-type = type
page-f-icmp-code = code
page-f-icmp-checksum = checksum
page-f-icmp-id = identifier
page-f-icmp-seq = sequence number
page-f-tcp-srcport = source port
page-f-tcp-dstport = destination port
page-f-tcp-seq = sequence number (raw)
page-f-tcp-ack = acknowledgment number (raw)
page-f-tcp-hlen = header length
page-f-tcp-flags = flags
page-f-tcp-window = window
page-f-tcp-checksum = checksum
page-f-tcp-urgent = urgent pointer
page-f-tcp-mss = maximum segment size
page-f-udp-srcport = source port
page-f-udp-dstport = destination port
page-f-udp-len = length
page-f-udp-checksum = checksum
page-f-data = data
page-m-broadcast = broadcast: every host on the LAN
page-m-arp = ARP
page-m-ipv4 = IPv4
page-m-request = request: who has this IP?
page-m-reply = reply: this IP is at this MAC
page-m-echo-request = echo request (ping)
page-m-echo-reply = echo reply
page-m-unreachable = destination unreachable
page-m-time-exceeded = time exceeded (TTL reached 0)
page-m-icmp = ICMP
page-m-tcp = TCP
page-m-udp = UDP
page-m-ttl = each router takes 1; at 0 the packet is dropped
page-m-checksum = the receiver recomputes it to find damage
page-m-mss = the most data this end takes in one segment

## io

io-not-found = { $error }
io-permission-denied = { $error }
io-already-exists = { $error }
io-is-a-directory = { $error }
io-not-a-directory = { $error }
io-storage-full = { $error }
io-connection-refused = { $error }
io-connection-reset = { $error }
io-connection-aborted = { $error }
io-broken-pipe = { $error }
io-timed-out = { $error }
io-addr-in-use = { $error }
io-addr-not-available = { $error }
io-host-unreachable = { $error }
io-network-unreachable = { $error }
io-invalid-data = { $error }
io-unexpected-eof = { $error }
io-interrupted = { $error }
io-other = { $error }

## classify

classify-embeds =  (embeds { $ipv4 }: { $category })
classify-mixed = mixed: { $n } more specific block(s) inside: { $inside }
classify-bad = { $bad } of { $total } inputs were not valid addresses (first, input { $line }: { $msg })
classify-error = error: { $problem }
classify-too-long = line longer than 1 MiB

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
echo-accept-failed = accept failed: { $error }; retrying in { $retry } ms, then less often while it fails (at most every { $max } ms)
echo-udp-receive-failed = udp receive error: { $error }
echo-udp-low-port = ignored a datagram from { $peer }: source port below 1024
echo-udp-send-failed = udp send to { $peer } failed: { $error }
echo-source-capped = { $source } has { $max } connections open (--max-conns-per-source): its further connections are closed at once
echo-udp-throttled = { $peer } passed the reply rate (--udp-rate): its datagrams are dropped until it slows down
echo-bad-address = expected ADDR:PORT, e.g. 127.0.0.1:8002, [::1]:8002 or localhost:8002: { $text }
echo-cannot-resolve = cannot resolve { $host }: { $error }
echo-no-address-for = { $host } has no address
echo-no-address = no address to connect to
echo-starting-runtime = starting the async runtime
echo-starting-workers = starting the worker threads
echo-addr-in-use = { $addr } is already in use: another server listens there (stop it, or choose another port with --listen)
echo-bind-denied = binding { $addr } is not permitted (ports below 1024 need privileges): choose a port above 1023
echo-not-local = { $addr } is not an address of this machine: use 127.0.0.1, ::1 or 0.0.0.0
echo-cannot-listen = cannot listen on { $addr }
echo-idle-timeout-zero = --idle-timeout 0 would close every connection at once: give a number of seconds above 0
echo-timed-out = { $addr }: { $error }
echo-with = echo with { $addr }
reading-stdin = reading standard input
bench-connections-range = --connections must be from 1 to { $max }: { $n }
bench-length-range = --length must be from 1 to { $max } bytes (64 MiB): { $n }
bench-udp-length = a UDP message is at most 65,507 bytes
bench-no-reason = no reason given
bench-some-failed = { $failed } of { $requested } connections could not be opened or failed ({ $why }); the figures are for the other { $rest }
bench-unanswered = { $unserved } of { $open } open connections got no echo in { $secs } s: the server accepts them but does not answer (its --max-conns?)

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
