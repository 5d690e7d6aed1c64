#!/usr/bin/env bash
# An opt-in build for the fastest start-up: one static, position-independent executable
# (static-pie: no dynamic loader, no shared-library symbol lookups; ASLR kept). On x86_64 Linux
# with glibc it starts `netcalc info` in about two thirds of the time of the default build
# (BENCHMARKS.md). The default `cargo build --release` stays the usual dynamic PIE.
# Usage: bash scripts/build-static.sh   -> target/static/<host>/release/netcalc
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
# --target keeps the flags off build scripts and proc-macros, which must stay dynamic.
RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --bin netcalc \
    --target "$host" --target-dir target/static
echo "target/static/$host/release/netcalc"
