#!/usr/bin/env python3
"""Holds N connections to an echo server at once and echoes through every 97th; prints the
server's RSS before and after. Usage: python3 bench/echo-10k.py PID PORT [N, default 10000]
(start the server with --max-conns above N; this raises its own open-file limit)."""
import resource
import socket
import sys
import time

pid, port = int(sys.argv[1]), int(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 100), hard))


def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])


before = rss()
conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
checked = 0
for i, s in enumerate(conns[::97]):
    msg = f"connection {i * 97}\n".encode()
    s.sendall(msg)
    got = b""
    while len(got) < len(msg):
        got += s.recv(len(msg) - len(got))
    assert got == msg, (got, msg)
    checked += 1
time.sleep(1)
after = rss()
print(f"{n} connections held, {checked} sampled echoes correct; "
      f"server RSS {before} -> {after} KiB: {(after - before) / n:.1f} KiB each")
for s in conns:
    s.close()
