#!/usr/bin/env python3
"""utils/memtable.py - memory used by the aggregate types, ours against
Debian's redis-server, as a markdown table.

    utils/memtable.py [--quick] [--only NAME,...] [--ours HOST:PORT] [--redis HOST:PORT]
                      [--ours-binary PATH] [--redis-binary PATH] [--output FILE]

Both servers are started on free loopback ports with the same options
(save "", appendonly no, default encoding thresholds).  For each scenario,
on each server: FLUSHALL, read INFO memory used_memory, load the data over
one pipelined raw connection (standard library only), close that connection
(its query buffer is then freed and not counted), check the data is there
(key count, element count of a sample key), read used_memory again.  The
table shows the two deltas, their ratio ours/redis and the target:

    100,000 hashes / sets / sorted sets / lists of 10 small elements  <= 1.0
    one hash / set (non-integer members) / sorted set of 1,000,000    <= 0.9

Exit status 1 if a target is missed (or a scenario could not run on ours,
e.g. "ERR unknown command" while the type is being written), else 0.
--quick divides every size by 10 for a smoke run (the targets still apply,
but small sizes are noisier).  The table also goes to --output if given.
"""
import argparse, os, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "diff"))
from servers import OURS, REF, Client, RespError, Server, encode  # noqa: E402


def connect(addr):
    return Client(addr[1], addr[0], timeout=120)


# ------------------------------------------------------------ scenarios

def small_hashes(n):
    return [encode(["HSET", "hash:%07d" % i] + [x for f in range(10) for x in ("f%d" % f, "v%d" % (i % 1000 + f))])
            for i in range(n)]

def small_sets(n):
    return [encode(["SADD", "set:%07d" % i] + [str((i + 7 * f) % 100) for f in range(10)]) for i in range(n)]

def small_zsets(n):
    return [encode(["ZADD", "zset:%07d" % i] + [x for f in range(10) for x in (str(f), "m%d" % f)])
            for i in range(n)]

def small_lists(n):
    return [encode(["RPUSH", "list:%07d" % i] + ["e%d" % f for f in range(10)]) for i in range(n)]

def batched(key, cmd, n, item, per=100):
    out = []
    for start in range(0, n, per):
        args = [cmd, key]
        for i in range(start, min(n, start + per)):
            args += item(i)
        out.append(encode(args))
    return out

def big_hash(n):
    return batched("bighash", "HSET", n, lambda i: ["field:%07d" % i, "value:%d" % i])

def big_set(n):
    return batched("bigset", "SADD", n, lambda i: ["member:%07d" % i])

def big_zset(n):
    return batched("bigzset", "ZADD", n, lambda i: [str(i * 1.5), "member:%07d" % i])

# name, label ({} is the size), size, loader, sample key, element count command, target.
# A size of 100,000 is a number of keys of 10 elements; 1,000,000 is the
# number of elements of one key.
SCENARIOS = [
    ("hashes", "{} hashes of 10 small fields", 100000, small_hashes, "hash:0000000", "HLEN", 1.0),
    ("sets", "{} sets of 10 small integers", 100000, small_sets, "set:0000000", "SCARD", 1.0),
    ("zsets", "{} sorted sets of 10 members", 100000, small_zsets, "zset:0000000", "ZCARD", 1.0),
    ("lists", "{} lists of 10 small elements", 100000, small_lists, "list:0000000", "LLEN", 1.0),
    ("bighash", "1 hash of {} fields", 1000000, big_hash, "bighash", "HLEN", 0.9),
    ("bigset", "1 set of {} non-integer members", 1000000, big_set, "bigset", "SCARD", 0.9),
    ("bigzset", "1 sorted set of {} members", 1000000, big_zset, "bigzset", "ZCARD", 0.9),
]


# ------------------------------------------------------------ measuring

def used_memory(addr):
    c = connect(addr)
    try:
        info = c.call("INFO", "memory").decode()
    finally:
        c.close()
    for line in info.splitlines():
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    raise RuntimeError("no used_memory in INFO memory")

def measure(addr, commands, nkeys, sample, card_cmd, per_key):
    """used_memory delta of loading commands into an empty server; None and
    the reason if the server refuses them."""
    c = connect(addr)
    c.call("FLUSHALL")
    c.close()
    time.sleep(0.2)
    before = used_memory(addr)
    c = connect(addr)
    try:
        c.pipeline(commands)
    except RespError as e:
        c.close()
        return None, str(e), None
    c.close()
    time.sleep(0.3)  # let the server notice the closed connection and free it
    c = connect(addr)
    try:
        dbsize = c.call("DBSIZE")
        card = c.call(card_cmd, sample)
        encoding = c.call("OBJECT", "ENCODING", sample).decode()
    finally:
        c.close()
    if dbsize != nkeys or card != per_key:
        return None, "loaded %d keys, %s %s = %s; expected %d and %d" % (
            dbsize, card_cmd, sample, card, nkeys, per_key), None
    return used_memory(addr) - before, None, encoding


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="sizes divided by 10")
    ap.add_argument("--only", default="", help="scenarios to run: " + ",".join(s[0] for s in SCENARIOS))
    ap.add_argument("--ours", help="HOST:PORT of a running server (it is FLUSHALLed)")
    ap.add_argument("--redis", help="HOST:PORT of a running reference (it is FLUSHALLed)")
    ap.add_argument("--ours-binary", default=OURS)
    ap.add_argument("--redis-binary", default=REF)
    ap.add_argument("--output", help="also write the markdown table to this file")
    opts = ap.parse_args()
    only = {x.strip() for x in opts.only.split(",") if x.strip()}
    unknown = only - {s[0] for s in SCENARIOS}
    if unknown:
        ap.error("unknown scenario(s): %s" % ", ".join(sorted(unknown)))
    scale = 10 if opts.quick else 1

    procs = []
    tmp = tempfile.mkdtemp(prefix="memtable.")
    try:
        addrs = {}
        for name, given, binary in (("ours", opts.ours, opts.ours_binary), ("redis", opts.redis, opts.redis_binary)):
            if given:
                host, _, port = given.rpartition(":")
                addrs[name] = (host or "127.0.0.1", int(port))
            else:
                d = os.path.join(tmp, name)
                os.mkdir(d)
                srv = Server(binary, name, dir=d)
                try:
                    srv.start().close()
                except RuntimeError as e:
                    sys.exit("memtable: %s" % e)
                procs.append(srv)
                addrs[name] = ("127.0.0.1", srv.port)
        rows, failed = [], 0
        for key, label, n, loader, sample, card_cmd, target in SCENARIOS:
            if only and key not in only:
                continue
            small = n == 100000
            n //= scale
            label = label.format("{:,}".format(n))
            commands = loader(n)
            nkeys, per_key = (n, 10) if small else (1, n)
            res = {}
            for who in ("ours", "redis"):
                res[who] = measure(addrs[who], commands, nkeys, sample, card_cmd, per_key)
                print("memtable: %-8s %-6s %s" % (key, who, res[who][0] if res[who][0] is not None
                                                   else "FAILED: " + res[who][1]), file=sys.stderr)
            (o, oerr, oenc), (r, rerr, renc) = res["ours"], res["redis"]
            if r is None:
                sys.exit("memtable: the reference failed %s: %s" % (key, rerr))
            if o is None:
                failed += 1
                rows.append((label, "n/a (%s)" % oerr[:60], str(r), "n/a", "<= %.1f" % target, "MISSED", "", renc))
                continue
            ratio = o / r
            ok = ratio <= target
            failed += not ok
            rows.append((label, str(o), str(r), "%.3f" % ratio, "<= %.1f" % target, "ok" if ok else "MISSED",
                         oenc, renc))
        md = ["| scenario | ours bytes | redis bytes | ratio | target |", "|---|---:|---:|---:|---|"]
        for label, o, r, ratio, target, verdict, oenc, renc in rows:
            enc = oenc if oenc == renc else "%s vs %s" % (oenc, renc)
            md.append("| %s (%s) | %s | %s | %s | %s %s |" % (label, enc, o, r, ratio, target, verdict))
        text = "\n".join(md) + "\n"
        print(text, end="")
        if opts.output:
            with open(opts.output, "w") as f:
                f.write(text)
        if failed:
            print("memtable: %d target(s) missed" % failed, file=sys.stderr)
        sys.exit(1 if failed else 0)
    finally:
        for srv in procs:
            srv.stop()


if __name__ == "__main__":
    main()
