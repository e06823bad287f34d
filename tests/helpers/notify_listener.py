#!/usr/bin/env python3
"""Stand-in for systemd's notification socket in the tests.

Usage: notify_listener.py <socket-path> <output-file> [seconds]

Binds a unix datagram socket at <socket-path> (a leading '@' means the
abstract namespace, as in NOTIFY_SOCKET), appends every datagram received to
<output-file> (one per line, trailing newline stripped), and exits after a
STOPPING=1 message or when the time is up (default 60 s)."""
import os
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
limit = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
addr = "\0" + path[1:] if path.startswith("@") else path
if not path.startswith("@"):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(addr)
sock.settimeout(0.1)
with open(out, "a") as f:
    f.write("LISTENING\n")
    f.flush()
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            data = sock.recv(4096)
        except socket.timeout:
            continue
        f.write(data.decode("utf-8", "replace").rstrip("\n") + "\n")
        f.flush()
        if data.startswith(b"STOPPING=1"):
            break
if not path.startswith("@"):
    os.unlink(path)
