#!/usr/bin/env bash
# The page (--html) of a run with over 10,000 events (tcp-sim, all pairs of 15 hosts): its size,
# and in headless Chromium the time to open it (navigation start to the first step drawn) and
# to step through every event (the page's own #bench hook: go(i) for every i, each step drawing
# the topology, frame, tables and ladder). Beside it, tshark reading the same run's capture.
# Usage: bash bench/page.sh   Figures: bench/out/page.md
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
cargo build --release --quiet --bin netcalc
NC=$BIN/netcalc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p bench/out
$NC tcp-sim --hosts 15 --all-pairs --quiet --html "$OUT/run.html" --pcap "$OUT/run.pcapng" > /dev/null
events=$($NC tcp-sim --hosts 15 --all-pairs --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["events"]))')
{
    echo "| what | figure |"
    echo "|---|---:|"
    echo "| events | $events |"
    echo "| page size | $(stat -c %s "$OUT/run.html") bytes |"
    for round in 1 2 3; do
        line=$(chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$OUT/run.html#bench" 2>/dev/null \
            | sed -n 's/.*<pre id="bench">\([^<]*\)<.*/\1/p')
        echo "| round $round in Chromium $(chromium --version | awk '{print $2}'): $line | |"
    done
} > bench/out/page.md
hyperfine --warmup 1 --runs 5 --export-markdown bench/out/page-tools.md \
    -n "netcalc tcp-sim --hosts 15 --all-pairs --html (the page written)" "$NC tcp-sim --hosts 15 --all-pairs --quiet --html $OUT/again.html" \
    -n "netcalc tcp-sim --hosts 15 --all-pairs (the text trace)" "$NC tcp-sim --hosts 15 --all-pairs > /dev/null" \
    -n "tshark -r (the same run's capture, decoded)" "tshark -r $OUT/run.pcapng > /dev/null"
cat bench/out/page.md bench/out/page-tools.md
