"""Python's ipaddress doing classify's job: one line per address, with its kind."""
import ipaddress
import sys

out = sys.stdout
for line in sys.stdin:
    text = line.rstrip("\n")
    try:
        a = ipaddress.ip_address(text)
    except ValueError:
        out.write(f"{text} error\n")
        continue
    kind = ("loopback" if a.is_loopback else "private" if a.is_private else
            "multicast" if a.is_multicast else "reserved" if a.is_reserved else
            "global" if a.is_global else "other")
    out.write(f"{text} {kind} {a.is_global}\n")
