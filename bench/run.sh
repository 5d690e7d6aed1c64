#!/usr/bin/env bash
# netcalc's benchmarks, side by side with the established tools, in one run.
# Usage: bash bench/run.sh [section...]   sections: startup classify filter aggregate list lan tcp
#                                           tcpscale (not in the default run: about 2 minutes)
# Needs hyperfine, ipcalc-ng, sipcalc, grepcidr, aggregate (Debian) and python3; installs them
# with apt-get when run as root. Figures go to bench/out/*.md; BENCHMARKS.md quotes them.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(startup classify filter aggregate list lan tcp)
# A mistyped section fails now, not after the builds.
known=" startup classify filter aggregate list lan tcp tcpscale "
for s in "${sections[@]}"; do
    [[ $known == *" $s "* ]] || { echo "unknown section $s (sections:${known% })" >&2; exit 2; }
done
# Whether any of the sections asked for is one of these.
wants() {
    local s w
    for s in "${sections[@]}"; do for w in "$@"; do [ "$s" = "$w" ] && return 0; done; done
    return 1
}

missing=()
for t in hyperfine ipcalc-ng sipcalc grepcidr aggregate python3; do
    command -v "$t" >/dev/null || missing+=("$t")
done
if [ ${#missing[@]} -gt 0 ]; then
    pkgs=("${missing[@]/python3/python3}")
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

echo "== building (release)"
cargo build --release --quiet --bin netcalc --example naive_classify --example naive_lan
. bench/common.sh
NC=$BIN/netcalc
NAIVE=$BIN/examples/naive_classify
# Measure the binaries as installed (`cargo install` copies the binary, as dpkg does for the
# other tools): the linker's own output file starts about 15% slower, its pages sitting in the
# page cache in smaller pieces (75 page faults against 67 for a copy; BENCHMARKS.md).
mkdir -p target/bench-bin
install -m 755 "$NC" target/bench-bin/netcalc
NC=$PWD/target/bench-bin/netcalc
if wants startup; then
    # For comparison at start-up: the opt-in static-pie build (scripts/build-static.sh), a
    # second release build of several minutes that the other sections do not need.
    bash scripts/build-static.sh >/dev/null
    install -m 755 "$STATIC_BIN/netcalc" target/bench-bin/netcalc-static
    NC_STATIC=$PWD/target/bench-bin/netcalc-static
fi

if wants classify filter aggregate; then
    echo "== data"
    python3 bench/gen.py "$OUT"
fi

hf() { hyperfine --style basic "$@"; }

for s in "${sections[@]}"; do
case $s in
startup)
    echo "== startup: info 172.16.10.1/24 (10 interleaved rounds of 300 runs)"
    # Interleaved rounds: a drifting machine moves all commands alike.
    python3 bench/startup.py 10 300 "$NC info 172.16.10.1/24" "$NC_STATIC info 172.16.10.1/24" \
        "sipcalc 172.16.10.1/24" "ipcalc-ng 172.16.10.1/24" | tee "$OUT/startup.md"
    echo "== startup: the lookups add nothing (mac vs info)"
    hf -N --warmup 50 --runs 1000 --export-markdown "$OUT/startup-lookups.md" \
        "$NC info 10.0.0.1/8" "$NC mac 00:00:0c:12:34:56" "$NC port 22"
    ;;
classify)
    echo "== classify: 2,000,000 random IPv4 lines"
    hf --warmup 2 --runs 10 --export-markdown "$OUT/classify.md" \
        "$NC classify < $OUT/v4-2m.txt > /dev/null" \
        "$NC classify --json < $OUT/v4-2m.txt > /dev/null" \
        "$NAIVE < $OUT/v4-2m.txt > /dev/null"
    hf --runs 1 --export-markdown "$OUT/classify-python.md" \
        "python3 bench/py_classify.py < $OUT/v4-2m.txt > /dev/null"
    echo "== classify: memory (max RSS, KiB) at 2M and 20M lines"
    for f in v4-2m v4-20m; do
        /usr/bin/time -f "$f %M KiB" "$NC" classify < "$OUT/$f.txt" > /dev/null
    done 2>&1 | tee "$OUT/classify-memory.txt"
    ;;
filter)
    echo "== filter 10/8,172.16/12,192.168/16: 2,000,000 random IPv4 lines"
    NETS=10.0.0.0/8,172.16.0.0/12,192.168.0.0/16
    hf --warmup 2 --runs 10 --export-markdown "$OUT/filter.md" \
        "$NC filter $NETS $OUT/v4-2m.txt > /dev/null" \
        "grepcidr $NETS $OUT/v4-2m.txt > /dev/null"
    hf --runs 1 --export-markdown "$OUT/filter-python.md" \
        "python3 bench/py_filter.py $NETS < $OUT/v4-2m.txt > /dev/null"
    ;;
aggregate)
    echo "== aggregate: 1,000,000 random IPv4 prefixes (100,000 for Debian's aggregate)"
    hf --warmup 1 --runs 5 --export-markdown "$OUT/aggregate.md" \
        "$NC aggregate < $OUT/prefixes-1m.txt > /dev/null" \
        "$NC aggregate < $OUT/prefixes-100k.txt > /dev/null"
    hf --runs 1 --export-markdown "$OUT/aggregate-others.md" \
        "python3 bench/py_aggregate.py < $OUT/prefixes-1m.txt > /dev/null" \
        "aggregate -q < $OUT/prefixes-100k.txt > /dev/null"
    ;;
list)
    echo "== hosts and split: streaming 16,777,214 lines"
    hf --warmup 1 --runs 5 --export-markdown "$OUT/list.md" \
        "$NC hosts 10.0.0.0/8 > /dev/null" \
        "$NC split 10.0.0.0/8 --prefix 32 > /dev/null" \
        "seq 16777214 > /dev/null"
    ;;
lan)
    echo "== arp-sim: 300 hosts, all pairs (13,634,400 deliveries)"
    hf --warmup 1 --runs 5 --export-markdown "$OUT/lan.md" \
        "$NC arp-sim --hosts 300 --subnet 10.0.0.0/16 --all-pairs --quiet > /dev/null" \
        "$BIN/examples/naive_lan 300 > /dev/null"
    echo "== arp-sim: one ping among 10,000 hosts"
    hf -N --warmup 3 --runs 20 --export-markdown "$OUT/lan-10k.md" \
        "$NC arp-sim --hosts 10000 --subnet 10.0.0.0/16 --ping 1:10000 --quiet"
    echo "== arp-sim: 1,000 hosts, all pairs: time and max RSS"
    /usr/bin/time -f "1000 hosts all pairs: %e s, %M KiB" "$NC" arp-sim --hosts 1000 --subnet 10.0.0.0/16 \
        --all-pairs --quiet --force > /dev/null 2> "$OUT/lan-1000.txt" || true
    cat "$OUT/lan-1000.txt"
    ;;
tcp)
    echo "== tcp-sim: 300 hosts, all pairs (89,700 connections) beside arp-sim's all pairs"
    # In the same run, to say where the time goes: the same 89,700 sessions with a second
    # message (4 more segments each: data, ACK, echo, ACK) give the cost of a segment at the
    # margin; UDP echo moves as many frames as the pings do, so UDP against arp-sim is the cost
    # of the sessions themselves.
    A="--hosts 300 --subnet 10.0.0.0/16 --all-pairs --quiet"
    hf --warmup 1 --runs 5 --export-markdown "$OUT/tcp.md" --export-json "$OUT/tcp-parts.json" \
        "$NC tcp-sim $A > /dev/null" "$NC tcp-sim $A --send hello --send world > /dev/null" \
        "$NC tcp-sim $A --udp > /dev/null" "$NC arp-sim $A > /dev/null"
    /usr/bin/time -f "tcp-sim 300 hosts all pairs: %e s, %M KiB" "$NC" tcp-sim $A \
        > /dev/null 2> "$OUT/tcp-mem.txt" || true
    cat "$OUT/tcp-mem.txt"
    segs() { "$NC" tcp-sim $A "$@" | sed -n 's/^TCP segments sent.*: //p'; }
    python3 bench/parts.py "$OUT/tcp-parts.json" "$(segs)" "$(segs --send hello --send world)" \
        | tee "$OUT/tcp-parts.txt"
    echo "== tcp-sim: 15 hosts, all pairs (210 connections): the trace beside the ladders"
    hf --warmup 2 --runs 20 --export-markdown "$OUT/tcp-ladder.md" \
        "$NC tcp-sim --hosts 15 --all-pairs > /dev/null" \
        "$NC tcp-sim --hosts 15 --all-pairs --ladder > /dev/null"
    ;;
tcpscale)
    echo "== tcp-sim beside arp-sim, all pairs, as the LAN grows (3 runs each)"
    # arp-sim's flooded requests grow as N^3, tcp-sim's segments as N^2: the ratio falls with N.
    : > "$OUT/tcpscale.md"
    for n in 100 200 300 500 700 1000; do
        hf --warmup 1 --runs 3 --export-markdown "$OUT/tcpscale-$n.md" \
            "$NC tcp-sim --hosts $n --subnet 10.0.0.0/16 --all-pairs --quiet --force > /dev/null" \
            "$NC arp-sim --hosts $n --subnet 10.0.0.0/16 --all-pairs --quiet --force > /dev/null"
        cat "$OUT/tcpscale-$n.md" >> "$OUT/tcpscale.md"
        /usr/bin/time -f "tcp-sim $n hosts all pairs: %e s, %M KiB" "$NC" tcp-sim --hosts "$n" \
            --subnet 10.0.0.0/16 --all-pairs --quiet --force > /dev/null 2>> "$OUT/tcpscale.md" || true
    done
    cat "$OUT/tcpscale.md"
    ;;
*) echo "unknown section $s" >&2; exit 2 ;;
esac
done
echo "== figures in $OUT/"
