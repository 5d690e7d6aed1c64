"""Benchmark inputs, reproducible (fixed seeds): random IPv4 lines and random prefixes."""
import os
import random
import sys

out = sys.argv[1]


def write(name, n, line):
    path = os.path.join(out, name)
    if os.path.exists(path):
        return
    rng = random.Random(name)
    with open(path, "w") as f:
        f.writelines(line(rng) + "\n" for _ in range(n))


def v4(rng):
    return "%d.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randrange(256))


def prefix(rng):
    p = rng.randrange(8, 33)
    a = rng.getrandbits(32) & ~((1 << (32 - p)) - 1) & 0xFFFFFFFF
    return "%d.%d.%d.%d/%d" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, p)


write("v4-2m.txt", 2_000_000, v4)
write("v4-20m.txt", 20_000_000, v4)
write("prefixes-1m.txt", 1_000_000, prefix)
write("prefixes-100k.txt", 100_000, prefix)
