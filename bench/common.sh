# Sourced by the bench scripts, from the repository root: where `cargo build --release` leaves
# its artefacts (BIN), and where scripts/build-static.sh leaves the opt-in static-pie build.
HOST=$(rustc -vV | sed -n 's/^host: //p')
BIN=$PWD/target/release
STATIC_BIN=$PWD/target/static/$HOST/release
