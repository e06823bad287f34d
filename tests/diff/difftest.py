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
import os, shlex, sys, tempfile

from servers import OURS, REF, RawConn, Server

def main():
    args = sys.argv[1:]
    ours = ref = None
    if "--ours" in args:
        i = args.index("--ours"); ours = int(args[i + 1]); del args[i:i + 2]
    if "--ref" in args:
        i = args.index("--ref"); ref = int(args[i + 1]); del args[i:i + 2]
    corpora = args or sorted(os.path.join(os.path.dirname(__file__), f)
                             for f in os.listdir(os.path.dirname(__file__)) if f.endswith(".txt"))
    servers = []
    tmp = tempfile.mkdtemp(prefix="difftest.")
    ports = {"ours": ours, "redis": ref}
    for name, binary in (("ours", OURS), ("redis", REF)):
        if ports[name] is None:
            srv = Server(binary, name, dir=os.path.join(tmp, name))
            os.mkdir(srv.dir)
            srv.start().close()
            servers.append(srv)
            ports[name] = srv.port
    ours, ref = ports["ours"], ports["redis"]
    passed = failed = 0
    try:
        for corpus in corpora:
            conns = None
            def fresh(proto):
                nonlocal conns
                if conns:
                    for c in conns: c.close()
                conns = [RawConn(ours), RawConn(ref)]
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
        for srv in servers:
            srv.stop()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
