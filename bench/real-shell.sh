#!/usr/bin/env bash
# The established way, for bench/real.sh to measure `--real` beside: N hosts in network
# namespaces on a Linux bridge, built with ip(8) as shared netns recipes do, a tcpdump on each
# bridge port (in and out), one ping H1 -> H2, the captures stopped, everything removed.
# Usage (root): bash bench/real-shell.sh N
set -euo pipefail
N=${1:-2}
P=rs$$
dir=$(mktemp -d)
cleanup() {
    for ns in $(ip netns list | awk '{print $1}' | grep "^$P-" || true); do
        ip netns pids "$ns" | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns"
    done
    rm -rf "$dir"
}
trap cleanup EXIT
add() {
    ip netns add "$P-$1"
    ip netns exec "$P-$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$P-$1" link set lo up
}
add sw
ip -n "$P-sw" link add br0 type bridge stp_state 0 forward_delay 0
for i in $(seq 1 "$N"); do
    add "h$i"
    ip link add eth0 netns "$P-h$i" type veth peer name "p$i" netns "$P-sw"
    ip -n "$P-h$i" link set eth0 address "02:00:00:00:00:$(printf %02x "$i")"
    ip -n "$P-h$i" addr add "192.168.1.$i/24" dev eth0
    ip -n "$P-h$i" link set eth0 up
    ip -n "$P-sw" link set "p$i" master br0 up
done
ip -n "$P-sw" link set br0 up
pids=()
for i in $(seq 1 "$N"); do
    for dir_ in in out; do
        ip netns exec "$P-sw" tcpdump -U --immediate-mode -n -i "p$i" -Q "$dir_" -w "$dir/p$i-$dir_.pcap" 2>"$dir/p$i-$dir_.log" &
        pids+=($!)
    done
done
for i in $(seq 1 "$N"); do
    for dir_ in in out; do
        until grep -q "listening on" "$dir/p$i-$dir_.log" 2>/dev/null; do sleep 0.01; done
    done
done
ip netns exec "$P-h1" ping -n -c 1 -W 4 192.168.1.2 >/dev/null
sleep 0.2
kill "${pids[@]}"
wait
