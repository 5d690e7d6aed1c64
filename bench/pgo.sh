#!/usr/bin/env bash
# Profile-guided optimisation measured, not adopted: does a PGO build bring `tcp-sim`'s all
# pairs nearer `arp-sim`'s (issue 14's bar, at most 2 times)? Builds netcalc twice more, once
# instrumented and once with the merged profile (about 10 minutes on 2 cores), trains it on
# both simulators' all-pairs runs, every shipped lab and the Linux and UDP variants, then
# times the release build and the PGO build side by side. BENCHMARKS.md quotes the figures.
# Needs rustup's llvm-tools component (for an llvm-profdata of rustc's own LLVM; installed
# here when missing) and hyperfine. Leaves everything under target/pgo/.
# Usage: bash bench/pgo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
. bench/common.sh
profdata=$(rustc --print sysroot)/lib/rustlib/$HOST/bin/llvm-profdata
[ -x "$profdata" ] || rustup component add llvm-tools-preview
DIR=$PWD/target/pgo
OUT=bench/out
rm -rf "$DIR/raw"
mkdir -p "$DIR" "$OUT"

echo "== building: release, instrumented, then with the profile"
cargo build --release --quiet --bin netcalc
RUSTFLAGS="-Cprofile-generate=$DIR/raw" cargo build --release --quiet --bin netcalc --target-dir "$DIR/gen"
GEN=$DIR/gen/release/netcalc
ALL=(--hosts 300 --subnet 10.0.0.0/16 --all-pairs --quiet)
"$GEN" tcp-sim "${ALL[@]}" > /dev/null
"$GEN" arp-sim "${ALL[@]}" > /dev/null
for lab in data/labs/*.toml; do "$GEN" lab "$lab" > /dev/null; done
"$GEN" tcp-sim --linux > /dev/null
"$GEN" tcp-sim --udp > /dev/null
"$profdata" merge -o "$DIR/merged.profdata" "$DIR/raw"
RUSTFLAGS="-Cprofile-use=$DIR/merged.profdata" cargo build --release --quiet --bin netcalc --target-dir "$DIR/use"

# Installed copies, as bench/run.sh measures them.
install -m 755 "$BIN/netcalc" "$DIR/netcalc-release"
install -m 755 "$DIR/use/release/netcalc" "$DIR/netcalc-pgo"
echo "== 300 hosts, all pairs: release build, then PGO build"
hyperfine -N --warmup 1 --runs 8 --export-markdown "$OUT/pgo.md" \
    "$DIR/netcalc-release tcp-sim ${ALL[*]}" "$DIR/netcalc-release arp-sim ${ALL[*]}" \
    "$DIR/netcalc-pgo tcp-sim ${ALL[*]}" "$DIR/netcalc-pgo arp-sim ${ALL[*]}"
