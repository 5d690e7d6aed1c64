#!/usr/bin/env python3
"""Compare netcalc's classify --json records with Python's ipaddress.

Usage: py_differential.py RECORDS.jsonl. Prints "compared N addresses", the disagreements
found (at most 20), and exits 1 if there were any.

Python's flags are checked against netcalc's category and globally_reachable:
  is_multicast, is_loopback, is_link_local, is_unspecified  <=> category of the same name
  is_private                                               <=  category private
  is_reserved                                              <=> category reserved (see below)
  is_global                                                 == globally_reachable (non-null)
IPv4-mapped addresses (::ffff:a.b.c.d) are compared as their IPv4 address, as RFC 4291
2.5.5.2 and netcalc's policy say (CPython >= 3.13 does this itself; 3.11 does not).

Documented disagreements, where is_global is not compared (Python lags the registries):
"""
import ipaddress
import json
import sys

N = ipaddress.ip_network
SKIP_GLOBAL = [
    (N("192.0.0.0/24"), "CPython < 3.12.4 treats only 192.0.0.0/29 and 192.0.0.170/31 as non-global; "
     "the registry makes all of 192.0.0.0/24 non-global but .9 and .10"),
    (N("192.88.99.0/24"), "6a44 relay 192.88.99.2/32 (RFC 6751) is not globally reachable; Python says global"),
    (N("64:ff9b::/96"), "RFC 6052 3.1: NAT64 is global only if the embedded IPv4 is; Python ignores the embedding"),
    (N("64:ff9b:1::/48"), "local-use NAT64 (RFC 8215): non-global in the registry, global in CPython < 3.12.4"),
    (N("2001::/23"), "CVE-2024-4032: CPython < 3.12.4 calls all of 2001::/23 private, "
     "including the globally reachable 2001:1::1-3, 2001:3::/32, 2001:4:112::/48, 2001:20::/28, 2001:30::/28"),
    (N("100:0:0:1::/64"), "Dummy IPv6 prefix (RFC 9780, 2025): newer than Python's table"),
    (N("3fff::/20"), "Documentation (RFC 9637, 2024): newer than Python's table"),
    (N("5f00::/16"), "SRv6 SIDs (RFC 9602, 2024): newer than Python's table"),
    (N("fec0::/10"), "deprecated site-local, reserved by the IETF: Python's is_global says global"),
]
# Python's IPv6 is_global does not consult the IPv6 Address Space registry: unassigned space
# outside 2000::/3, fc00::/7, fe80::/10 and ff00::/8 is "global" to it, "reserved" to netcalc.
# There is_reserved is compared instead.
IPV6_ASSIGNED = [N("2000::/3"), N("fc00::/7"), N("fe80::/10"), N("ff00::/8")]

# ::/8 (reserved to Python) holds ::1, ::, and the NAT64 prefixes 64:ff9b::/96 and 64:ff9b:1::/48.
# 5f00::/16 (SRv6, RFC 9602) was carved out of the reserved 4000::/3 in 2024.
RESERVED_NEIGHBOURS = {"reserved", "loopback", "unspecified", "discard", "dummy", "broadcast", "nat64", "nat64-local", "srv6"}


def disagreements(rec):
    cat = rec["category"]
    glob = rec["globally_reachable"]
    a = ipaddress.ip_address(rec["address"])
    if a.version == 6 and a.ipv4_mapped is not None:
        a = a.ipv4_mapped
    out = []
    for flag, name in [("is_multicast", "multicast"), ("is_loopback", "loopback"),
                       ("is_link_local", "link-local"), ("is_unspecified", "unspecified")]:
        if getattr(a, flag) != (cat == name):
            out.append(f"{flag}={getattr(a, flag)} but category {cat}")
    if cat == "private" and not a.is_private:
        out.append("category private but is_private=False")
    if a.is_reserved and cat not in RESERVED_NEIGHBOURS:
        out.append(f"is_reserved=True but category {cat}")
    if cat == "reserved" and not (a.is_reserved or (a.version == 6 and a.is_site_local)):
        out.append("category reserved but is_reserved=False")
    unassigned = a.version == 6 and not any(a in n for n in IPV6_ASSIGNED)
    skipped = unassigned or any(a.version == n.version and a in n for n, _ in SKIP_GLOBAL)
    if glob is not None and not skipped and a.is_global != glob:
        out.append(f"is_global={a.is_global} but globally_reachable={glob}")
    return out


def main():
    compared, bad = 0, []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if "error" in rec:
                bad.append(f"{rec['input']}: netcalc rejected it: {rec['error']}")
                continue
            compared += 1
            for d in disagreements(rec):
                bad.append(f"{rec['address']} ({rec['category']}): {d}")
    print(f"compared {compared} addresses with Python {sys.version.split()[0]} ipaddress")
    print("documented disagreements (is_global not compared):")
    for net, why in SKIP_GLOBAL:
        print(f"  {net}: {why}")
    print("  IPv6 outside 2000::/3, fc00::/7, fe80::/10, ff00::/8: is_reserved compared instead")
    for b in bad[:20]:
        print("MISMATCH", b)
    if bad:
        print(f"{len(bad)} mismatches")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
