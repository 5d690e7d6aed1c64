#!/usr/bin/env bash
# The echo benchmark (issue 6): netcalc echo server against a minimal tokio server (tokio's
# example shape + TCP_NODELAY) and a thread-per-connection std server, all driven by
# `netcalc echo bench` on 127.0.0.1, in one run. Also memory per idle connection.
# Usage: bash bench/echo.sh [SECONDS per case, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-3}
OUT=bench/out
mkdir -p "$OUT"
cargo build --release --quiet --bin netcalc --example min_tokio_echo --example thread_echo
NC=$PWD/target/release/netcalc
ulimit -n 65536 2>/dev/null || true

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
"$NC" echo server --listen 127.0.0.1:18010 --quiet --max-conns 4096 & pids+=($!)
target/release/examples/min_tokio_echo 127.0.0.1:18011 & pids+=($!)
target/release/examples/thread_echo 127.0.0.1:18012 & pids+=($!)
sleep 1
names=(netcalc min-tokio thread-per-conn)

echo "| case | server | requests/s | MB/s | p50 us | p99 us | max us | least-served / median |" > "$OUT/echo.md"
echo "|---|---|---:|---:|---:|---:|---:|---:|" >> "$OUT/echo.md"
for case in "1 64" "50 64" "500 64" "2000 64" "50 16384"; do
    set -- $case
    for i in 0 1 2; do
        port=$((18010 + i))
        json=$("$NC" echo bench "127.0.0.1:$port" --connections "$1" --length "$2" --duration "$SECS" --json)
        python3 - "$1" "$2" "${names[$i]}" "$json" >> "$OUT/echo.md" <<'PY'
import json, sys
c, l, name, j = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
print(f"| C={c}, {l} B | {name} | {j['requests_per_sec']:.0f} | {j['mb_per_sec']:.1f} | {j['p50_us']} | "
      f"{j['p99_us']} | {j['max_us']} | {j['min_conn_requests']} / {j['median_conn_requests']} |")
PY
    done
done
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
