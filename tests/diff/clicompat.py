#!/usr/bin/env python3
"""Our redis-cli against Debian's redis-cli 7.0.15, the same server.

Runs the examples of the Redis CLI documentation page ("Redis CLI",
redis.io/docs/ui/cli: one-shot commands, raw and CSV output, -x, -n, -r/-i,
commands from stdin, --eval, --bigkeys, --memkeys, --scan with patterns,
--rdb, --pipe, -a and -u with credentials...) plus the reply-type and
option cases the documentation describes, with both clients, and compares
stdout, stderr and the exit code.  Each case starts from the same data: the
server is flushed and the case's setup commands run before each client.

The server is Debian's redis-server (the only one with SYNC for --rdb and
the Lua debugger), or the one given with --server; -c runs against a 3 node
cluster of it.  Values that change between two runs (client
ids, timestamps, latency figures, RDB sizes) are masked by each case.

    python3 tests/diff/clicompat.py [--ours src/redis-cli] [--theirs /usr/bin/redis-cli]
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def wait_port(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Server:
    def __init__(self, binary, port, tmp, extra=()):
        self.port = port
        self.dir = os.path.join(tmp, "srv%d" % port)
        os.makedirs(self.dir, exist_ok=True)
        self.sock = os.path.join(self.dir, "redis.sock")
        args = [binary, "--port", str(port), "--save", "", "--appendonly", "no",
                "--dir", self.dir, "--unixsocket", self.sock,
                "--enable-debug-command", "yes", "--logfile", os.path.join(self.dir, "log")]
        self.proc = subprocess.Popen(args + list(extra))
        if not wait_port(port):
            raise SystemExit("server on port %d did not start" % port)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


# Each case: (name, args, dict of options)
#   setup: commands (lists) run with Debian's cli before each client
#   stdin: bytes fed to the client
#   mask:  regexes whose matches are replaced by "<masked>" in all streams
#   sort:  compare stdout lines sorted (hash-ordered output)
#   uniq:  collapse repeated lines (after masking: counts that vary)
#   stdout_len: compare only the length of stdout (an RDB file)
#   auth:  run against the server with requirepass
#   cluster: run against the cluster (its first node unless -p is given)
#   keep / cleanup: no FLUSHALL before each client; instead feed these
#          commands (stdin of Debian's cli) to a node
CASES = [
    # Command line usage
    ("incr", ["INCR", "mycounter"], {"setup": [["SET", "mycounter", "6"]]}),
    ("incr --raw", ["--raw", "INCR", "mycounter"], {"setup": [["SET", "mycounter", "8"]]}),
    ("incr --no-raw", ["--no-raw", "INCR", "mycounter"], {}),
    ("ping", ["PING"], {}),
    ("-a ping", ["-a", "myUnguessablePazzzzzword123", "PING"], {"auth": True}),
    ("-a wrong", ["-a", "wrong", "PING"], {"auth": True}),
    ("no auth", ["PING"], {"auth": True}),
    ("REDISCLI_AUTH", ["PING"], {"auth": True, "env": {"REDISCLI_AUTH": "myUnguessablePazzzzzword123"}}),
    ("-u", ["-u", "redis://default:myUnguessablePazzzzzword123@127.0.0.1:{authport}/0", "PING"], {"auth": True}),
    ("-u pct", ["-u", "redis://default:myUnguessable%50azzzzzword123@127.0.0.1:{authport}/2", "DBSIZE"], {"auth": True}),
    ("-u no user", ["-u", "redis://myUnguessablePazzzzzword123@127.0.0.1:{authport}", "PING"], {"auth": True}),
    ("-u bad scheme", ["-u", "http://127.0.0.1", "PING"], {}),
    ("--user", ["--user", "default", "--pass", "myUnguessablePazzzzzword123", "PING"], {"auth": True}),
    ("-3 no auth", ["-3", "PING"], {"auth": True}),
    ("-s", ["-s", "{sock}", "PING"], {}),
    ("-s missing", ["-s", "/nonexistent/redis.sock", "PING"], {}),
    ("refused", ["-p", "1", "PING"], {}),
    # Getting input from other programs
    ("-x", ["-x", "SET", "net_services"], {"stdin": b"tcpmux 1/tcp\necho 7/tcp\n"}),
    ("-x getrange", ["GETRANGE", "net_services", "0", "50"], {"setup": [["SET", "net_services", "tcpmux 1/tcp\necho 7/tcp\n"]]}),
    ("-X", ["-X", "tag", "SET", "k", "tag"], {"stdin": b"from stdin"}),
    ("-X no tag", ["-X", "tag", "SET", "k", "v"], {"stdin": b"x"}),
    ("stdin commands", [], {"stdin": b"SET item:3374 100\nINCR item:3374\nAPPEND item:3374 xxx\nGET item:3374\n"}),
    ("stdin commands --no-raw", ["--no-raw"], {"stdin": b"SET item:3374 100\nINCR item:3374\nAPPEND item:3374 xxx\nGET item:3374\n"}),
    ("stdin errors", [], {"stdin": b"NOSUCH\n\"unterminated\n3 PING\n0 PING\nSELECT 1\nINCR a\n"}),
    ("-n 1", ["-n", "1", "INCR", "a"], {}),
    ("-n 2", ["-n", "2", "INCR", "a"], {"setup": [["SELECT", "2"]]}),
    ("-n bad", ["-n", "99", "PING"], {}),
    # Continuously run the same command
    ("-r 5", ["-r", "5", "INCR", "counter_value"], {}),
    ("-r -i", ["-r", "3", "-i", "0.05", "INCR", "counter_value"], {}),
    ("-r info", ["-r", "2", "-i", "0.05", "INFO", "keyspace"], {}),
    # Mass insertion, CSV output
    ("--csv lrange", ["--csv", "LRANGE", "mylist", "0", "-1"], {"setup": [["LPUSH", "mylist", "a", "b", "c", "d"]]}),
    ("--csv types", ["--csv", "HGETALL", "h"], {"setup": [["HSET", "h", "f", "v\n\"x\""]]}),
    ("--pipe", ["--pipe"], {"stdin": b"SET a 1\r\nINCR a\r\nGET a\r\nINCR a x\r\n" +
                             b"*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$2\r\n22\r\n"}),
    ("--pipe empty", ["--pipe"], {"stdin": b""}),
    ("--pipe-timeout", ["--pipe", "--pipe-timeout", "1"], {"stdin": b"DEBUG SLEEP 3\r\nPING\r\n"}),
    # Running Lua scripts, and the Lua debugger
    ("--eval", ["--eval", "{script}", "location:hastings:temp", ",", "23"], {}),
    ("--eval missing", ["--eval", "/nonexistent.lua"], {}),
    ("--ldb", ["--ldb", "--eval", "{dbgscript}", "k1", ",", "v1"],
     {"stdin": b"step\nstep\nprint\neval redis.call('ping')\nlist\nbreak 4\nbreak\ntrace\nredis ping\n"
                b"print nosuch\nbogus\nhelp\nrestart\nstep\ncontinue\nping\n", "env": {"TERM": "xterm"}}),
    ("--ldb no colors", ["--ldb", "--eval", "{dbgscript}", "k1", ",", "v1"],
     {"stdin": b"step\nstep\nstep\ncontinue\n", "env": {"TERM": "dumb"}}),
    ("--ldb-sync-mode", ["--ldb-sync-mode", "--eval", "{dbgscript}", "k1", ",", "v1"],
     {"stdin": b"step\ncontinue\nget k1\n"}),
    ("--ldb bad script", ["--ldb", "--eval", "{badscript}"], {}),
    # Reply types and output forms
    ("array tty", ["--no-raw", "LRANGE", "mylist", "0", "-1"], {"setup": [["RPUSH", "mylist"] + ["v%d" % i for i in range(12)]]}),
    ("nested tty", ["--no-raw", "XRANGE", "s", "-", "+"], {"setup": [["XADD", "s", "1-1", "a", "1", "b", "2"]]}),
    ("escapes", ["--no-raw", "GET", "k"], {"setup": [["SET", "k", "a\tb\"c\\\x01\xe9"]]}),
    ("escapes json", ["--json", "GET", "k"], {"setup": [["SET", "k", "a\tb\"c\\\x01\xe9/"]]}),
    ("escapes quoted-json", ["--quoted-json", "GET", "k"], {"setup": [["SET", "k", "a\tb\"c\\\x01\xe9/"]]}),
    ("nil", ["--no-raw", "GET", "nokey"], {}),
    ("empty", ["--no-raw", "LRANGE", "nokey", "0", "-1"], {}),
    ("error", ["--no-raw", "INCR", "k"], {"setup": [["SET", "k", "x"]]}),
    ("error raw", ["INCR", "k"], {"setup": [["SET", "k", "x"]]}),
    ("error -e", ["-e", "INCR", "k"], {"setup": [["SET", "k", "x"]]}),
    ("error csv", ["--csv", "INCR", "k"], {"setup": [["SET", "k", "x"]]}),
    ("error json", ["--json", "INCR", "k"], {"setup": [["SET", "k", "x"]]}),
    ("resp3 map", ["-3", "--no-raw", "HGETALL", "h"], {"setup": [["HSET", "h", "a", "1", "b", "2"]]}),
    ("resp3 map raw", ["-3", "HGETALL", "h"], {"setup": [["HSET", "h", "a", "1", "b", "2"]]}),
    ("resp3 map json", ["--json", "HGETALL", "h"], {"setup": [["HSET", "h", "a", "1", "b", "2"]]}),
    ("resp2 json", ["-2", "--json", "HGETALL", "h"], {"setup": [["HSET", "h", "a", "1", "b", "2"]]}),
    ("resp3 set", ["-3", "--no-raw", "SMEMBERS", "s"], {"setup": [["SADD", "s", "x"]]}),
    ("resp3 double", ["-3", "--no-raw", "ZSCORE", "z", "m"], {"setup": [["ZADD", "z", "2.5", "m"]]}),
    ("resp3 withscores", ["-3", "--no-raw", "ZRANGE", "z", "0", "-1", "WITHSCORES"], {"setup": [["ZADD", "z", "2.5", "m", "3", "n"]]}),
    ("resp3 bool", ["-3", "--no-raw", "DEBUG", "PROTOCOL", "true"], {}),
    ("resp3 verbatim", ["-3", "--no-raw", "DEBUG", "PROTOCOL", "verbatim"], {}),
    ("resp3 null", ["-3", "--no-raw", "DEBUG", "PROTOCOL", "null"], {}),
    ("resp3 push", ["-3", "--no-raw", "DEBUG", "PROTOCOL", "push"], {}),
    ("resp3 empty hash", ["-3", "--no-raw", "HGETALL", "nokey"], {}),
    ("resp3 nested map", ["-3", "--no-raw", "COMMAND", "DOCS", "get"], {}),
    ("resp3 command info", ["-3", "--no-raw", "COMMAND", "INFO", "get", "set"], {}),
    ("hello 3", ["-3", "--no-raw", "HELLO"], {"mask": [r"\(integer\) \d+\n5#"]}),
    ("info raw in tty form", ["--no-raw", "INFO", "keyspace"], {"setup": [["SET", "k", "v"]]}),
    ("client list raw", ["--no-raw", "CLIENT", "LIST"], {"mask": [r"id=\d+", r"addr=\S+", r"laddr=\S+", r"fd=\d+", r"age=\d+", r"idle=\d+", r"tot-mem=\d+", r"qbuf=\d+", r"qbuf-free=\d+", r"argv-mem=\d+", r"rbs=\d+", r"rbp=\d+"]}),
    ("-d -D", ["-d", ",", "-D", ";", "-r", "2", "LRANGE", "mylist", "0", "-1"], {"setup": [["RPUSH", "mylist", "a", "b"]]}),
    ("--quoted-input", ["--quoted-input", "SET", '"null-\\x00-separated"', "value"], {}),
    ("--quoted-input bad", ["--quoted-input", "SET", '"broken', "value"], {}),
    # Options
    ("unknown option", ["--no-such-option"], {}),
    ("missing argument", ["-p"], {}),
    ("-x -X", ["-x", "-X", "t", "PING"], {}),
    ("--ldb without --eval", ["--ldb", "PING"], {"mask": [r"Try \S+ --help"]}),
    ("--version", ["--version"], {}),
    ("-v", ["-v"], {}),
    # HELP
    ("help", ["HELP"], {}),
    ("help get", ["HELP", "GET"], {}),
    ("help set", ["HELP", "SET"], {}),
    ("help @list", ["HELP", "@list"], {}),
    ("help client kill", ["HELP", "CLIENT", "KILL"], {}),
    ("help config", ["HELP", "CONFIG"], {}),
    ("help unknown", ["HELP", "NOSUCH"], {}),
    # Special modes
    ("--scan", ["--scan"], {"sort": True, "setup": [["MSET", "user:1", "a", "user:2", "b", "x-11-y", "c", "other", "d"]]}),
    ("--scan pattern", ["--scan", "--pattern", "*-11*"], {"setup": [["MSET", "user:1", "a", "user:2", "b", "x-11-y", "c", "other", "d"]]}),
    ("--scan user:*", ["--scan", "--pattern", "user:*"], {"sort": True, "setup": [["MSET", "user:1", "a", "user:2", "b", "x-11-y", "c"]]}),
    ("--scan quoted", ["--scan", "--quoted-pattern", '"us*"'], {"sort": True, "setup": [["MSET", "user:1", "a", "user:2", "b"]]}),
    ("--scan --no-raw", ["--no-raw", "--scan"], {"sort": True, "setup": [["MSET", "a b", "1", "c\"d", "2"]]}),
    ("--bigkeys", ["--bigkeys"], {"sort": True, "setup": [["RPUSH", "l", "1", "2", "3"], ["SET", "str", "hello"], ["HSET", "h", "f", "v"], ["SADD", "s", "a", "b"], ["ZADD", "z", "1", "a"], ["XADD", "st", "1-1", "f", "v"]]}),
    ("--memkeys", ["--memkeys"], {"sort": True, "setup": [["RPUSH", "l", "1", "2", "3"], ["SET", "str", "hello"], ["HSET", "h", "f", "v"]]}),
    ("--memkeys-samples", ["--memkeys-samples", "5"], {"sort": True, "setup": [["RPUSH", "l", "1", "2", "3"], ["SET", "str", "hello"]]}),
    ("--bigkeys empty", ["--bigkeys"], {"sort": True}),
    ("--hotkeys no lfu", ["--hotkeys"], {}),
    ("--hotkeys", ["--hotkeys"], {"setup": [["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"], ["SET", "hot", "1"], ["GET", "hot"], ["GET", "hot"]],
                                  "teardown": [["CONFIG", "SET", "maxmemory-policy", "noeviction"]],
                                  "mask": [r"counter:? \d+"]}),
    ("--latency raw", ["--latency", "--raw", "-i", "0.2"], {"mask": [r"[\d.]+"]}),
    ("--latency csv", ["--latency", "--csv", "-i", "0.2"], {"mask": [r"[\d.]+"]}),
    ("--intrinsic-latency", ["--intrinsic-latency", "1"], {"mask": [r"[\d.]+"], "uniq": True}),
    ("--rdb", ["--rdb", "{tmp}/dump.rdb"], {"mask": [r"after \d+ bytes", r"writing \d+ bytes"]}),
    ("--rdb -", ["--rdb", "-"], {"mask": [r"after \d+ bytes"], "stdout_len": True}),
    ("--functions-rdb", ["--functions-rdb", "{tmp}/f.rdb"], {"mask": [r"after \d+ bytes"]}),
    ("--rdb and --functions-rdb", ["--rdb", "a", "--functions-rdb", "b"], {}),
    # Cluster mode: -c follows MOVED redirections (a 3 node cluster of
    # Debian's servers, created with Debian's redis-cli --cluster create).
    ("-c set", ["-c", "SET", "foo", "bar"], {"cluster": True}),
    ("-c get", ["-c", "--no-raw", "GET", "foo"], {"cluster": True, "setup": [["-c", "SET", "foo", "bar"]]}),
    ("without -c", ["GET", "foo"], {"cluster": True}),
    ("-c stdin", ["-c"], {"cluster": True, "stdin": b"SET foo bar\nGET foo\nSET x 1\nGET x\nINCR foo\n"}),
    ("-c -r", ["-c", "-r", "3", "INCR", "foo"], {"cluster": True}),
]


def render(args, ctx):
    return [a.format(**ctx) for a in args]


def run_cli(binary, args, port, stdin, env):
    e = dict(os.environ)
    e.pop("REDISCLI_AUTH", None)
    e["REDISCLI_HISTFILE"] = "-"
    e.update(env)
    p = subprocess.run([binary, "-p", str(port)] + args, input=stdin,
                       capture_output=True, env=e, timeout=60)
    return p.stdout, p.stderr, p.returncode


def setup(theirs, port, cmds, auth, cluster_ports=()):
    pre = ["--no-auth-warning", "-a", "myUnguessablePazzzzzword123"] if auth else []
    for p in cluster_ports or [port]:
        subprocess.run([theirs, "-p", str(p)] + pre + ["FLUSHALL"], capture_output=True)
    for c in cmds:
        subprocess.run([theirs, "-p", str(port)] + pre + c, capture_output=True)


def setup_ask(theirs, ports):
    """Put the slot of "askkey" in migration from its node to another one,
    so that the source answers -ASK for the (missing) key.  Returns the two
    ports, or None."""
    def cli(port, *args):
        return subprocess.run([theirs, "-p", str(port)] + list(args),
                              capture_output=True).stdout.decode()
    slot = int(cli(ports[0], "CLUSTER", "KEYSLOT", "askkey").strip())
    ids, owner = {}, None
    for line in cli(ports[0], "CLUSTER", "NODES").splitlines():
        f = line.split()
        port = int(f[1].split(":")[1].split("@")[0])
        ids[port] = f[0]
        for r in f[8:]:
            lo, _, hi = r.partition("-")
            if lo.isdigit() and int(lo) <= slot <= int(hi or lo):
                owner = port
    if owner is None:
        return None
    dst = next(p for p in ports if p != owner)
    cli(dst, "CLUSTER", "SETSLOT", str(slot), "IMPORTING", ids[owner])
    cli(owner, "CLUSTER", "SETSLOT", str(slot), "MIGRATING", ids[dst])
    return owner, dst


def normalize(data, opts):
    text = data.decode("latin-1")
    for m in opts.get("mask", []):
        text = re.sub(m, "<masked>", text)
    if opts.get("sort"):
        text = "\n".join(sorted(text.split("\n")))
    if opts.get("uniq"):
        lines = []
        for line in text.split("\n"):
            if not lines or lines[-1] != line:
                lines.append(line)
        text = "\n".join(lines)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", default=os.path.join(ROOT, "src", "redis-cli"))
    ap.add_argument("--theirs", default="/usr/bin/redis-cli")
    ap.add_argument("--server", default="/usr/bin/redis-server")
    ap.add_argument("--port", type=int, default=8070)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    for b in (a.ours, a.theirs, a.server):
        if not os.access(b, os.X_OK):
            raise SystemExit("missing %s" % b)

    tmp = tempfile.mkdtemp(prefix="clicompat.")
    srv = Server(a.server, a.port, tmp)
    asrv = Server(a.server, a.port + 1, tmp, ["--requirepass", "myUnguessablePazzzzzword123"])
    script = os.path.join(tmp, "script.lua")
    with open(script, "w") as f:
        f.write("return {KEYS[1], ARGV[1], redis.call('set', KEYS[1], ARGV[1])}\n")
    cluster_ports = [a.port + 2 + i for i in range(3)]
    nodes = [Server(a.server, p, tmp, ["--cluster-enabled", "yes"]) for p in cluster_ports]
    subprocess.run([a.theirs, "--cluster", "create"] + ["127.0.0.1:%d" % p for p in cluster_ports] +
                   ["--cluster-yes"], capture_output=True)
    for _ in range(100):
        info = subprocess.run([a.theirs, "-p", str(cluster_ports[0]), "CLUSTER", "INFO"],
                              capture_output=True).stdout
        if b"cluster_state:ok" in info:
            break
        time.sleep(0.1)
    dbgscript = os.path.join(tmp, "debug.lua")
    with open(dbgscript, "w") as f:
        f.write('redis.debug("hi")\nlocal a = redis.call("set", KEYS[1], ARGV[1])\n'
                'redis.call("nosuch")\nreturn a\n')
    badscript = os.path.join(tmp, "bad.lua")
    with open(badscript, "w") as f:
        f.write("return foo(\n")
    ctx = {"sock": srv.sock, "authport": asrv.port, "tmp": tmp, "script": script,
           "dbgscript": dbgscript, "badscript": badscript}
    passed = failed = 0
    cases = list(CASES)
    ask = setup_ask(a.theirs, cluster_ports)
    if ask:
        src, dst = ask
        cleanup = [("stdin", dst, b"ASKING\nDEL askkey\n")]
        cases += [
            ("-c ASK", ["-c", "-p", str(src)], {"cluster": True, "keep": True, "cleanup": cleanup,
                                                  "stdin": b"SET askkey v\nGET askkey\nGET askkey\n"}),
            ("-c ASK one-shot", ["-c", "-p", str(src), "SET", "askkey", "v"],
             {"cluster": True, "keep": True, "cleanup": cleanup}),
        ]
    try:
        for name, args, opts in cases:
            port = asrv.port if opts.get("auth") else srv.port
            cports = cluster_ports if opts.get("cluster") else ()
            if cports:
                port = cports[0]
            results = []
            for binary in (a.theirs, a.ours):
                if not opts.get("keep"):
                    setup(a.theirs, port, opts.get("setup", []), opts.get("auth"), cports)
                for _, p, data in opts.get("cleanup", []):
                    subprocess.run([a.theirs, "-p", str(p)], input=data, capture_output=True)
                out = run_cli(binary, render(args, ctx), port, opts.get("stdin", b""), opts.get("env", {}))
                results.append(out)
                setup(a.theirs, port, opts.get("teardown", []), opts.get("auth"))
            (to, te, tr), (oo, oe, orc) = results
            if opts.get("stdout_len"):
                to, oo = b"%d bytes" % len(to), b"%d bytes" % len(oo)
            same = (normalize(to, opts) == normalize(oo, opts) and
                    normalize(te, opts) == normalize(oe, opts) and tr == orc)
            if same:
                passed += 1
                if a.verbose:
                    print("[ok] %s: %r" % (name, oo[:200]))
            else:
                failed += 1
                print("[DIFF] %s: redis-cli %s" % (name, " ".join(render(args, ctx))))
                for label, x, y in (("stdout", to, oo), ("stderr", te, oe)):
                    if normalize(x, opts) != normalize(y, opts):
                        print("  %s theirs: %r" % (label, x[:600]))
                        print("  %s ours:   %r" % (label, y[:600]))
                if tr != orc:
                    print("  exit code theirs %d ours %d" % (tr, orc))
    finally:
        srv.stop()
        asrv.stop()
        for n in nodes:
            n.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("clicompat: %d same, %d different" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
