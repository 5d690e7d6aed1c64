"""Python's ipaddress doing filter's job: print the lines whose first field is in the networks."""
import ipaddress
import sys

nets = [ipaddress.ip_network(n) for n in sys.argv[1].split(",")]
out = sys.stdout
for line in sys.stdin:
    field = line.split(None, 1)[0] if line.strip() else ""
    try:
        a = ipaddress.ip_address(field)
    except ValueError:
        continue
    if any(a in n for n in nets):
        out.write(line)
