# Sourced by the bench scripts, from the repository root. .cargo/config.toml builds for the
# host's own target, so release artefacts are under its name: HOST, and BIN their folder.
HOST=$(rustc -vV | sed -n 's/^host: //p')
BIN=$PWD/target/$HOST/release
