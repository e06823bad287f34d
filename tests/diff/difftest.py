#!/usr/bin/env python3
"""Differential test: send the same commands to our server and to a reference
Redis, and compare the raw replies byte for byte, in RESP2 and RESP3.

    tests/diff/difftest.py [--ours PORT] [--ref PORT] [corpus ...]

Without ports, both servers are started on free loopback ports (ours from
src/redis-server, the reference from /usr/bin/redis-server).  A corpus file
has one command per line in redis-cli quoting; '#' starts a comment; a line
"@resp3" / "@resp2" switches the protocol for the following lines (each
switch starts a fresh connection, after FLUSHALL).  A line prefixed with
"~" is sent but its reply is not compared (non-deterministic replies).
Ends with "N passed, N failed"; exit 1 on any difference.
"""
import os, shlex, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def encode(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a.encode("latin1") if isinstance(a, str) else a
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)

class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def _fill(self):
        d = self.s.recv(65536)
        if not d:
            raise EOFError("connection closed")
        self.buf += d

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_reply(self):
        """The raw bytes of one complete reply."""
        line = self._line()
        t, rest = line[:1], line[1:]
        raw = line + b"\r\n"
        if t in (b"$", b"=", b"!"):
            n = int(rest)
            if n >= 0:
                raw += self._exact(n + 2)
        elif t in (b"*", b"~", b">", b"%", b"|"):
            n = int(rest)
            if n > 0:
                count = n * 2 if t in (b"%", b"|") else n
                for _ in range(count):
                    raw += self.read_reply()
            if t == b"|":  # attribute: the real reply follows
                raw += self.read_reply()
        return raw

    def call(self, args):
        self.s.sendall(encode(args))
        return self.read_reply()

    def close(self):
        self.s.close()

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p

def start(binary, workdir):
    port = free_port()
    p = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no",
                          "--bind", "127.0.0.1", "--enable-debug-command", "yes", "--dir", workdir],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return p, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server %s did not start" % binary)

def main():
    args = sys.argv[1:]
    ours = ref = None
    if "--ours" in args:
        i = args.index("--ours"); ours = int(args[i + 1]); del args[i:i + 2]
    if "--ref" in args:
        i = args.index("--ref"); ref = int(args[i + 1]); del args[i:i + 2]
    corpora = args or sorted(os.path.join(os.path.dirname(__file__), f)
                             for f in os.listdir(os.path.dirname(__file__)) if f.endswith(".txt"))
    procs = []
    tmp = tempfile.mkdtemp(prefix="difftest.")
    if ours is None:
        p, ours = start(os.path.join(ROOT, "src", "redis-server"), tmp); procs.append(p)
    if ref is None:
        p, ref = start("/usr/bin/redis-server", tmp); procs.append(p)
    passed = failed = 0
    try:
        for corpus in corpora:
            conns = None
            def fresh(proto):
                nonlocal conns
                if conns:
                    for c in conns: c.close()
                conns = [Conn(ours), Conn(ref)]
                for c in conns:
                    c.call(["FLUSHALL"])
                    if proto == 3:
                        c.call(["HELLO", "3"])
            fresh(2)
            for lineno, line in enumerate(open(corpus, encoding="latin1"), 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line in ("@resp2", "@resp3"):
                    fresh(3 if line == "@resp3" else 2)
                    continue
                compare = not line.startswith("~")
                cmd = shlex.split(line.lstrip("~"))
                replies = []
                for c in conns:
                    try:
                        replies.append(c.call(cmd))
                    except EOFError:
                        replies.append(b"<connection closed>")
                if not compare:
                    continue
                if replies[0] == replies[1]:
                    passed += 1
                else:
                    failed += 1
                    print("DIFF %s:%d: %s\n   ours: %r\n  redis: %r" % (os.path.basename(corpus), lineno, line,
                                                                        replies[0][:300], replies[1][:300]))
                if b"<connection closed>" in replies:
                    fresh(2)
    finally:
        for p in procs:
            p.terminate()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
