# Sequential round trips for bench/echo-work.sh: connect to 127.0.0.1:PORT (retrying while the
# server starts), then N times send 64 bytes and read the 64 echoed back.
# Usage: python3 bench/pingpong.py PORT N
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
for _ in range(200):
    try:
        s = socket.create_connection(("127.0.0.1", port)); break
    except OSError:
        time.sleep(0.1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
msg = b"x" * 64
for _ in range(n):
    s.sendall(msg)
    got = b""
    while len(got) < 64:
        got += s.recv(64 - len(got))
s.close()
