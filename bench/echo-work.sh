#!/usr/bin/env bash
# The echo servers' work per request, counted rather than timed (wall-clock figures on a
# shared machine move by 10%): each server serves a Python client making N sequential
# 64-byte round trips, (1) under callgrind, with N = 2,000 and 12,000: the difference of the
# instruction totals over 10,000 is the user-space cost of one request; (2) under `perf stat -e
# raw_syscalls:sys_enter` with N = 10,000: system calls per request, the kernel's side that
# callgrind does not see. (strace -f -c missed most calls of tokio's worker threads here.)
# Needs valgrind, perf (linux-perf) and python3, as root. Usage: bash bench/echo-work.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin netcalc --example min_tokio_echo
. bench/common.sh
OUT=bench/out
mkdir -p "$OUT"
# server NAME PORT -> the command line of that server.
server() {
    case $1 in
    # The event-loop path: busy polling (on by default for a lone client) spends CPU on purpose.
    netcalc) echo "$BIN/netcalc echo server --listen 127.0.0.1:$2 --quiet --busy-poll 0" ;;
    min-tokio) echo "$BIN/examples/min_tokio_echo 127.0.0.1:$2" ;;
    esac
}

# stop PORT: SIGTERM to the server listening there (itself or under valgrind), then wait.
# (Not SIGINT: a shell ignores it in its background jobs.)
stop() {
    pkill -TERM -f -- "127.0.0.1:$1" || true
    while pgrep -f -- "127.0.0.1:$1" > /dev/null; do sleep 0.1; done
}

instructions() { # NAME N PORT -> total instructions of the server process
    local f="$OUT/cg.$1.$2"
    # shellcheck disable=SC2046
    valgrind --tool=callgrind --callgrind-out-file="$f" $(server "$1" "$3") > /dev/null 2>&1 &
    python3 bench/pingpong.py "$3" "$2"
    stop "$3"
    sed -n 's/^summary: //p' "$f"
    rm -f "$f"
}

syscalls() { # NAME PORT -> system calls per request over 10,000 round trips
    # shellcheck disable=SC2046
    $(server "$1" "$2") > /dev/null 2>&1 &
    local pid=$!
    sleep 0.5
    perf stat -x, -e raw_syscalls:sys_enter -p $pid -o "$OUT/perf.$1" &
    local perf=$!
    sleep 0.3
    python3 bench/pingpong.py "$2" 10000
    kill -INT $perf; wait $perf 2>/dev/null || true
    stop "$2"
    awk -F, '/sys_enter/ { printf "%.2f", $1 / 10000 }' "$OUT/perf.$1"
    rm -f "$OUT/perf.$1"
}

{
    echo "| server | instructions per request | system calls per request |"
    echo "|---|---:|---:|"
    port=18030
    for name in netcalc min-tokio; do
        a=$(instructions $name 2000 $((port + 1)))
        b=$(instructions $name 12000 $((port + 2)))
        calls=$(syscalls $name $((port + 3)))
        port=$((port + 3))
        echo "| $name | $(( (b - a) / 10000 )) | $calls |"
    done
} | tee "$OUT/echo-work.md"
