#!/usr/bin/env bash
# Installs what the tests need (python3, man, tshark, jq, script, ip, tcpdump, nft, ping, setpriv, chromium and a Chinese font for
# the page's screenshots) when run as root with apt (CI, a
# fresh machine), then runs the whole test suite, the tests that need those tools included.
# This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v man >/dev/null 2>&1 || need+=(man-db groff-base)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v script >/dev/null 2>&1 || need+=(bsdutils)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing test tools: ${need[*]}"
        apt-get update -qq
        # tshark's package asks whether non-root users may capture: answer before installing.
        echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "!!! missing test tools: ${need[*]} (install them; the tests that need them will say so)" >&2
    fi
fi

# Tests that need the tools above (or root) are #[ignore]d under plain `cargo test`; here they run.
cargo test --locked "$@" -- --include-ignored
