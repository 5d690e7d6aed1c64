"""Python's ipaddress.collapse_addresses doing aggregate's job."""
import ipaddress
import sys

nets = [ipaddress.ip_network(line.strip()) for line in sys.stdin if line.strip()]
for n in ipaddress.collapse_addresses(nets):
    print(n)
