#!/usr/bin/env bash
# The echo benchmark (issue 6): netcalc echo server against a minimal tokio server (tokio's
# example shape + TCP_NODELAY) and a thread-per-connection std server, all driven by
# `netcalc echo bench` on 127.0.0.1 (and the minimal tokio server reading 16 KiB at a time), in one run (three interleaved rounds per case, median
# reported). Also memory per idle connection.
# Usage: bash bench/echo.sh [SECONDS per case, default 3]
#   ROUNDS=7 (default 3) for more rounds; CASES="500 64,50 16384" for some cases only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-3}
OUT=bench/out
mkdir -p "$OUT"
cargo build --release --quiet --bin netcalc --example min_tokio_echo --example thread_echo
. bench/common.sh
NC=$BIN/netcalc
ulimit -n 65536 2>/dev/null || true

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
"$NC" echo server --listen 127.0.0.1:18010 --quiet --max-conns 4096 --max-conns-per-source 4096 & pids+=($!)
"$BIN"/examples/min_tokio_echo 127.0.0.1:18011 & pids+=($!)
"$BIN"/examples/thread_echo 127.0.0.1:18012 & pids+=($!)
"$BIN"/examples/min_tokio_echo 127.0.0.1:18013 16384 & pids+=($!)
sleep 1
names=(netcalc min-tokio thread-per-conn min-tokio-16k)

# Three rounds, the servers interleaved within each (A B C A B C ...), so that the machine's
# drift hits all of them alike; each case reports its median round by requests/s.
ROUNDS=${ROUNDS:-3}
raw="$OUT/echo-rounds.jsonl"
: > "$raw"
IFS=, read -r -a cases <<< "${CASES:-1 64,50 64,500 64,2000 64,50 16384}"
for case in "${cases[@]}"; do
    set -- $case
    for round in $(seq "$ROUNDS"); do
        for i in 0 1 2 3; do
            port=$((18010 + i))
            json=$("$NC" echo bench "127.0.0.1:$port" --connections "$1" --length "$2" --duration "$SECS" --json)
            echo "{\"case\": \"C=$1, $2 B\", \"server\": \"${names[$i]}\", \"round\": $round, \"r\": $json}" >> "$raw"
        done
    done
done
python3 - "$raw" > "$OUT/echo.md" <<'PY'
import json, sys
from collections import defaultdict
runs = defaultdict(list)
order = []
for line in open(sys.argv[1]):
    d = json.loads(line)
    key = (d["case"], d["server"])
    if key not in runs:
        order.append(key)
    runs[key].append(d["r"])
print("| case | server | requests/s (median of rounds) | rounds | MB/s | p50 us | p99 us | p99 us, median of rounds | max us | least-served / median |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
for key in order:
    rs = sorted(runs[key], key=lambda r: r["requests_per_sec"])
    m = rs[len(rs) // 2]
    all_rps = ", ".join(f"{r['requests_per_sec']:.0f}" for r in runs[key])
    print(f"| {key[0]} | {key[1]} | {m['requests_per_sec']:.0f} | {all_rps} | {m['mb_per_sec']:.1f} | {m['p50_us']} | "
          f"{m['p99_us']} | {sorted(r['p99_us'] for r in rs)[len(rs) // 2]} | {m['max_us']} | "
          f"{m['min_conn_requests']} / {m['median_conn_requests']} |")
PY
cat "$OUT/echo.md"

echo "== memory per idle connection (2000 connections held open)"
for i in 0 1; do
    pid=${pids[$i]}
    python3 - "$pid" "$((18010 + i))" "${names[$i]}" <<'PY' | tee -a "$OUT/echo-memory.txt"
import socket, sys, time
pid, port, name = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
before = rss()
conns = []
for _ in range(2000):
    s = socket.create_connection(("127.0.0.1", port))
    conns.append(s)
for s in conns[:10]:
    s.sendall(b"x"); s.recv(1)
time.sleep(1)
after = rss()
print(f"{name}: {before} KiB -> {after} KiB with 2000 idle connections: {(after - before) / 2000:.1f} KiB each")
for s in conns:
    s.close()
PY
done
