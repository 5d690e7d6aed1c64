#!/usr/bin/env bash
# `--real` beside the established way (bench/real-shell.sh: the same namespaces, bridge, captures
# and ping, built by a shell script with ip(8)), and beside the simulation alone.
# Root only. Usage: bash bench/real.sh   Figures: bench/out/real.md
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
cargo build --release --quiet --bin netcalc
NC=$BIN/netcalc
mkdir -p bench/out
for n in 2 4 8 16; do
    hyperfine --warmup 1 --runs 5 --export-markdown "bench/out/real-$n.md" \
        -n "netcalc arp-sim --hosts $n --ping 1:2 --real" "$NC arp-sim --hosts $n --ping 1:2 --real" \
        -n "shell: ip, tcpdump, ping ($n hosts)" "bash bench/real-shell.sh $n" \
        -n "netcalc arp-sim --hosts $n --ping 1:2 (simulation only)" "$NC arp-sim --hosts $n --ping 1:2"
done
hyperfine --warmup 1 --runs 5 --export-markdown bench/out/real-tcp.md \
    -n "netcalc tcp-sim --linux --real" "$NC tcp-sim --linux --real" \
    -n "netcalc tcp-sim --linux (simulation only)" "$NC tcp-sim --linux"
cat bench/out/real-*.md > bench/out/real.md
cat bench/out/real.md
echo "left behind: $(ip netns list | wc -l) namespace(s)"
