#!/usr/bin/env python3
"""AOF compatibility with Redis 7.0.15, both ways, and the two AOF checkers.

    tests/diff/aofcompat.py [--keep]

For each variant (aof-use-rdb-preamble yes/no, with or without a
BGREWRITEAOF in the middle, timestamps annotations on or off), one server
("the writer") runs with appendonly yes and receives the same dataset as
rdbcompat.py uses (every type and encoding, streams with groups and PELs,
several databases, TTLs) plus a MULTI block and writes after the rewrite.
The writer is stopped, and its AOF directory is loaded

  - by the writer's own kind of server again (the baseline), and
  - by the other server (a copy of the directory),

and the two datasets must be the same: a full read-back of every key (type,
encoding, elements, TTL within a second).  Consumers' seen-time is the time
of the replay on each side, so it is left out.  This is done with Redis
writing and ours loading, then ours writing and Redis loading.

Each AOF directory is also given to Debian's redis-check-aof and to ours
(src/redis-check-aof): the reports must be identical.

Ends with "N passed, N failed"; exit 1 on any difference.
"""
import os, shutil, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servers import OURS, REF, ROOT, Server  # noqa: E402
from rdbcompat import Report, populate, read_all  # noqa: E402

OURS_CHECK = os.path.join(ROOT, "src", "redis-check-aof")
REF_CHECK = "/usr/bin/redis-check-aof"


def wait_rewrite(c):
    for _ in range(400):
        info = c.call("INFO", "persistence").decode()
        if "aof_rewrite_in_progress:0" in info and "aof_rewrite_scheduled:0" in info:
            return
        time.sleep(0.05)
    raise RuntimeError("the AOF rewrite did not finish")


def write_dataset(c, rewrite):
    """The writes a writer receives; with rewrite, a BGREWRITEAOF in the
    middle so that the AOF is a new base plus a new incr file."""
    populate(c, 0)
    c.call("SELECT", 5)
    c.call("SET", "ttl:sec", "v", "EX", 5000)
    c.call("SET", "ttl:pxat", "v", "PXAT", int(time.time() * 1000) + 9000000)
    c.call("RPUSH", "ttl:list", "a", "b")
    c.call("PEXPIRE", "ttl:list", 7000000)
    if rewrite:
        c.call("BGREWRITEAOF")
        wait_rewrite(c)
    # Writes after the rewrite (in the new incr file): a transaction, more
    # TTLs, a deletion, stream group traffic.
    c.call("MULTI")
    c.call("SET", "multi:a", "1")
    c.call("INCR", "multi:a")
    c.call("RPUSH", "multi:l", "x", "y")
    c.call("EXPIRE", "multi:l", 100000)
    c.call("EXEC")
    c.call("DEL", "ttl:sec")
    c.call("SELECT", 0)
    c.call("XADD", "stream:groups", "20-1", "late", "entry")
    c.call("XREADGROUP", "GROUP", "g1", "erin", "COUNT", 1, "STREAMS", "stream:groups", ">")
    c.call("XAUTOCLAIM", "stream:groups", "g1", "erin", 0, "0-0", "COUNT", 1)
    c.call("HINCRBYFLOAT", "hash:lp", "float", "1.5")
    c.call("ZINCRBY", "zset:lp", 2, "a")
    c.call("SETRANGE", "str:raw", 5, "yy")


def mask_seen_time(v):
    """Consumers' seen-time is the replay's clock: leave it out."""
    if isinstance(v, list):
        out = []
        skip = False
        for x in v:
            if skip:
                out.append(None)
                skip = False
                continue
            if x == b"seen-time":
                skip = True
            out.append(mask_seen_time(x))
        return out
    if isinstance(v, tuple):
        return tuple(mask_seen_time(x) for x in v)
    return v


def snapshot(c):
    """Every key's content, and its TTL in ms (or -1)."""
    data = {k: mask_seen_time(v) for k, v in read_all(c).items()}
    ttls = {}
    for (db, key) in data:
        c.call("SELECT", db)
        ttls[(db, key)] = c.call("PTTL", key)
    c.call("SELECT", 0)
    return data, ttls


def compare(rep, name, a, b):
    da, ta = a
    db, tb = b
    ok = True
    for k in sorted(set(da) | set(db)):
        if da.get(k) != db.get(k):
            ok = False
            rep.check("%s key %r" % (name, k), False,
                      "\n    baseline: %r\n    other:    %r" % (str(da.get(k))[:300], str(db.get(k))[:300]))
        elif (ta[k] == -1) != (tb[k] == -1) or abs(ta[k] - tb[k]) > 1000:
            ok = False
            rep.check("%s TTL of %r" % (name, k), False, "%r vs %r" % (ta[k], tb[k]))
    if ok:
        rep.check(name, True)
    return ok


def check_tools_agree(rep, name, aofdir):
    manifest = os.path.join(aofdir, "appendonly.aof.manifest")
    outs = []
    for tool in (REF_CHECK, OURS_CHECK):
        p = subprocess.run([tool, manifest], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
        outs.append((p.returncode, p.stdout.decode(errors="replace")))
    # The AUX used-mem and ctime of an RDB base are the same file's on both
    # sides, so the reports compare as they are.
    rep.check("%s: redis-check-aof reports agree" % name, outs[0] == outs[1] and outs[0][0] == 0,
              "\n    ref:  %r\n    ours: %r" % outs[0:2] if outs[0] != outs[1] else "\n    exit %d" % outs[0][0])


def run_variant(rep, writer_bin, loader_bin, extra, rewrite, label):
    args = ["--appendonly", "yes"] + extra
    writer = Server(writer_bin, "writer", args)
    loader = Server(loader_bin, "loader", args)
    cw = cl = None
    try:
        cw = writer.start()
        write_dataset(cw, rewrite)
        cw.close()
        cw = None
        writer.stop()
        aofdir = os.path.join(writer.dir, "appendonlydir")
        check_tools_agree(rep, label, aofdir)
        shutil.copytree(aofdir, os.path.join(loader.dir, "appendonlydir"))
        # Loaded by the writer's kind of server, then by the other one.
        cw = writer.start()
        cl = loader.start()
        base, other = snapshot(cw), snapshot(cl)
        # A load that silently skipped the AOF would compare two empty sets.
        rep.check("%s: the dataset was loaded" % label, len(base[0]) >= 30 and (5, b"multi:l") in base[0],
                  "%d keys" % len(base[0]))
        compare(rep, label, base, other)
    except Exception as e:  # a server that does not start is a failure, not a crash of the script
        rep.check(label, False, "%s\n--- writer log:\n%s\n--- loader log:\n%s" % (e, writer.log(), loader.log()))
    finally:
        for c in (cw, cl):
            if c:
                c.close()
        for s in (writer, loader):
            s.stop()
            if "--keep" not in sys.argv:
                shutil.rmtree(s.dir, ignore_errors=True)


def main():
    for path in (REF, REF_CHECK):
        if not os.path.exists(path):
            print("aofcompat: %s not found" % path)
            return 1
    rep = Report()
    variants = [
        (["--aof-use-rdb-preamble", "yes"], False, "preamble yes"),
        (["--aof-use-rdb-preamble", "yes"], True, "preamble yes, after BGREWRITEAOF"),
        (["--aof-use-rdb-preamble", "no"], False, "preamble no"),
        (["--aof-use-rdb-preamble", "no"], True, "preamble no, after BGREWRITEAOF"),
        (["--aof-use-rdb-preamble", "no", "--aof-timestamp-enabled", "yes"], True,
         "preamble no, timestamps, after BGREWRITEAOF"),
    ]
    for extra, rewrite, label in variants:
        run_variant(rep, REF, OURS, extra, rewrite, "Redis writes, ours loads: " + label)
        run_variant(rep, OURS, REF, extra, rewrite, "ours writes, Redis loads: " + label)
    print("aofcompat: %d passed, %d failed" % (rep.passed, rep.failed))
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
