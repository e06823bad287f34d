#!/usr/bin/env python3
"""Write the RDB test fixtures of tests/assets/ with Redis 7.0.15.

    python3 tests/helpers/make_rdb_fixtures.py

Needs /usr/bin/redis-server (Debian's 7.0.15).  The files are committed, so
that tests/unit/rdb.tcl checks "a dump.rdb written by Redis 7.0.15 loads
into ours" without Redis installed; run this only to regenerate them.

  rdb-oracle-types.rdb       every type and encoding, TTLs (absolute, far
                             future), keys in db 0 and db 5, one key already
                             expired when saved, compressed list nodes
  rdb-oracle-plain.rdb       the same strings with rdbcompression no and
                             rdbchecksum no (stored CRC is 0)
  rdb-oracle-function.rdb    a function library and one key
  rdb-oracle-streams.rdb     streams: several nodes (stream-node-max-entries
                             5) with deleted entries, an LZF compressed node,
                             consumer groups with consumers and pending
                             entries (fixed delivery time and count through
                             XCLAIM TIME / RETRYCOUNT), XSETID, an empty
                             stream, a stream with a group and no entries

    python3 tests/helpers/make_rdb_fixtures.py [file.rdb ...]

writes only the named fixtures (all of them by default).
"""
import os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "diff"))
from rdbcompat import Server, REF  # noqa: E402

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets")
FAR = 4102444800000  # 2100-01-01, in ms


def types_dataset(c):
    c.call("FLUSHALL")
    c.call("SELECT", 0)
    c.call("SET", "str:int", "12345")
    c.call("SET", "str:neg", "-7")
    c.call("SET", "str:bigint", "9223372036854775807")
    c.call("SET", "str:emb", "hello world")
    c.call("SET", "str:raw", "abcdefghij" * 10)
    c.call("SET", "str:ttl", "v")
    c.call("PEXPIREAT", "str:ttl", FAR)
    c.call("RPUSH", "list:small", "a", "b", "1", "-2", "300000", "4294967296")
    c.call("RPUSH", "list:big", *["element-%d" % i for i in range(1000)])
    c.call("SADD", "set:int", *[str(i) for i in range(100)])
    c.call("SADD", "set:big", *[str(i * 1000) for i in range(600)])
    c.call("SADD", "set:str", *["m%d" % i for i in range(50)])
    c.call("ZADD", "zset:lp", 1, "a", 2.5, "b", -3, "c", "inf", "d", "-inf", "e")
    args = []
    for i in range(200):
        args += [str(i * 1.5), "member-%d" % i]
    c.call("ZADD", "zset:sl", *args)
    c.call("HSET", "hash:lp", "f1", "v1", "f2", "2", "f3", "x" * 60)
    args = []
    for i in range(600):
        args += ["field-%d" % i, "value-%d" % i]
    c.call("HSET", "hash:ht", *args)
    c.call("PEXPIREAT", "hash:ht", FAR)
    c.call("SELECT", 5)
    c.call("SET", "db5:key", "in db 5")
    # Expired by the time the file is loaded: never loaded by a master.
    c.call("DEBUG", "SET-ACTIVE-EXPIRE", 0)
    c.call("SET", "db5:expired", "gone", "PX", 1)
    time.sleep(0.05)
    c.call("SELECT", 0)


def write(name, extra, fill):
    s = Server(REF, "fixture", extra)
    c = s.start()
    try:
        fill(c)
        c.call("SAVE")
        shutil.copy(s.rdb(), os.path.join(ASSETS, name))
        print("wrote", name, os.path.getsize(os.path.join(ASSETS, name)), "bytes")
    finally:
        c.close()
        s.stop()
        shutil.rmtree(s.dir, ignore_errors=True)


def plain_dataset(c):
    c.call("FLUSHALL")
    c.call("SET", "plain:long", "abcdefghij" * 10)
    c.call("RPUSH", "plain:list", *["element-%d" % i for i in range(100)])


def function_dataset(c):
    c.call("FLUSHALL")
    c.call("FUNCTION", "LOAD", "#!lua name=rdbtestlib\nredis.register_function('rdbtestfn', function() return 42 end)")
    c.call("SET", "fn:key", "with a function library")


def streams_dataset(c):
    c.call("FLUSHALL")
    for i in range(1, 21):
        fields = ["f", i] if i % 4 else ["g", "v%d" % i, "h", "w"]
        c.call("XADD", "stream:s", "1-%d" % i, *fields)
    c.call("XDEL", "stream:s", "1-3", "1-20")
    c.call("XGROUP", "CREATE", "stream:s", "g1", "0")
    c.call("XGROUP", "CREATE", "stream:s", "g2", "$")
    c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", 3, "STREAMS", "stream:s", ">")
    c.call("XCLAIM", "stream:s", "g1", "alice", 0, "1-1", "TIME", 1700000000000, "RETRYCOUNT", 7)
    c.call("XCLAIM", "stream:s", "g1", "bob", 0, "1-4", "TIME", 1700000000500, "RETRYCOUNT", 2)
    c.call("XCLAIM", "stream:s", "g1", "alice", 0, "1-2", "TIME", 1700000000250, "RETRYCOUNT", 1)
    c.call("XADD", "stream:long", "5-0", "text", "abcdefghij" * 30)
    c.call("XADD", "stream:setid", "3-1", "a", "b")
    c.call("XSETID", "stream:setid", "99-7", "ENTRIESADDED", 40, "MAXDELETEDID", "50-0")
    c.call("XADD", "stream:empty", "1-1", "a", "1")
    c.call("XDEL", "stream:empty", "1-1")
    c.call("XGROUP", "CREATE", "stream:nostream", "g", "$", "MKSTREAM")


FIXTURES = [
    ("rdb-oracle-types.rdb", ["--list-compress-depth", "1"], types_dataset),
    ("rdb-oracle-plain.rdb", ["--rdbcompression", "no", "--rdbchecksum", "no"], plain_dataset),
    ("rdb-oracle-function.rdb", [], function_dataset),
    ("rdb-oracle-streams.rdb", ["--stream-node-max-entries", "5"], streams_dataset),
]


def main():
    wanted = sys.argv[1:]
    for name, extra, fill in FIXTURES:
        if not wanted or name in wanted:
            write(name, extra, fill)


if __name__ == "__main__":
    main()
