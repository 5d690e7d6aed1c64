"""Splits tcp-sim's all-pairs time into its parts, from bench/run.sh's hyperfine JSON.

Usage: python3 bench/parts.py TCP-PARTS.json SEGMENTS SEGMENTS-WITH-A-SECOND-EXCHANGE

The JSON holds four runs in order: tcp-sim all pairs, the same with a second message each,
tcp-sim --udp, arp-sim. A segment's cost at the margin is the second run's extra time over
its extra segments; what the issue-14 bar (tcp-sim at most twice arp-sim) would need of it is
that cost with everything else as it is.
"""

import json
import sys


def main() -> None:
    path, segs, segs2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path) as f:
        tcp, tcp2, udp, arp = (r["mean"] for r in json.load(f)["results"])
    per_seg = (tcp2 - tcp) / (segs2 - segs)
    print(f"tcp-sim {tcp * 1e3:.1f} ms, arp-sim {arp * 1e3:.1f} ms: {tcp / arp:.2f} times")
    print(f"a segment at the margin: {per_seg * 1e9:.0f} ns ({segs2 - segs:,} more segments "
          f"take {(tcp2 - tcp) * 1e3:.1f} ms more)")
    print(f"the {segs:,} segments at that cost: {segs * per_seg * 1e3:.1f} ms; the rest of tcp-sim "
          f"(ARP floods, sessions, connections opened and closed, output): "
          f"{(tcp - segs * per_seg) * 1e3:.1f} ms")
    print(f"UDP echo, as many frames as the pings: {udp * 1e3:.1f} ms, "
          f"{(udp - arp) * 1e3:.1f} ms over arp-sim")
    need = (tcp - 2 * arp) / segs
    print(f"for tcp-sim to take twice arp-sim with all else equal, a segment must cost "
          f"{(per_seg - need) * 1e9:.0f} ns, not {per_seg * 1e9:.0f}")


if __name__ == "__main__":
    main()
