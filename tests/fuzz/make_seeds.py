#!/usr/bin/env python3
"""Write the seed corpora of the persistence fuzz targets with Redis 7.0.15.

    python3 tests/fuzz/make_seeds.py       (or: make -C tests/fuzz seeds)

corpus-restore/   one file per value: the mode byte (1: sanitize yes; a few
                  seeds with 0: no) then the DUMP payload without its footer,
                  for every type and encoding, and the old encodings built by
                  tests/diff/rdbcompat.py (ziplists, zipmap, STREAM_LISTPACKS).
corpus-rdbload/   small RDB files, one per group of types, each after a
                  mode byte 1 (one copy of the streams file with 0).

Needs /usr/bin/redis-server; the output is committed.
"""
import os, shutil, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "diff"))
from rdbcompat import Server, REF, LEGACY  # noqa: E402


def values(c):
    """Small values of every type and encoding: name -> commands."""
    c.call("SET", "str-int", "12345")
    c.call("SET", "str-emb", "hello world")
    c.call("SET", "str-lzf", "abcdefghij" * 8)
    c.call("RPUSH", "list-lp", "a", "b", "1", "-2", "300000", "4294967296")
    c.call("CONFIG", "SET", "list-max-listpack-size", 4)
    c.call("RPUSH", "list-nodes", *["e%d" % i for i in range(10)])
    c.call("CONFIG", "SET", "list-max-listpack-size", -2)
    c.call("SADD", "set-intset", 1, 2, 300, 70000, -5)
    c.call("SADD", "set-ht", "a", "b", "c", "1")
    c.call("ZADD", "zset-lp", 1, "a", 2.5, "b", "-inf", "c")
    c.call("CONFIG", "SET", "zset-max-listpack-entries", 2)
    c.call("ZADD", "zset-sl", 1, "a", 2, "b", 3, "c")
    c.call("CONFIG", "SET", "zset-max-listpack-entries", 128)
    c.call("HSET", "hash-lp", "f1", "v1", "f2", "2")
    c.call("CONFIG", "SET", "hash-max-listpack-entries", 2)
    c.call("HSET", "hash-ht", "f1", "v1", "f2", "2", "f3", "x")
    c.call("CONFIG", "SET", "hash-max-listpack-entries", 128)
    c.call("XADD", "stream-plain", "1-1", "a", "1", "b", "2")
    c.call("XADD", "stream-plain", "1-2", "a", "3", "b", "4")
    c.call("XADD", "stream-plain", "2-0", "c", "5")
    c.call("XDEL", "stream-plain", "1-2")
    c.call("CONFIG", "SET", "stream-node-max-entries", 2)
    for i in range(1, 6):
        c.call("XADD", "stream-groups", "5-%d" % i, "f", i)
    c.call("CONFIG", "SET", "stream-node-max-entries", 100)
    c.call("XGROUP", "CREATE", "stream-groups", "g", "0")
    c.call("XGROUP", "CREATE", "stream-groups", "g2", "$")
    c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", 2, "STREAMS", "stream-groups", ">")
    c.call("XREADGROUP", "GROUP", "g", "bob", "COUNT", 1, "STREAMS", "stream-groups", ">")
    c.call("XGROUP", "CREATECONSUMER", "stream-groups", "g", "carol")
    c.call("XADD", "stream-empty", "1-1", "a", "1")
    c.call("XDEL", "stream-empty", "1-1")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def restore_seeds(c, outdir):
    c.call("FLUSHALL")
    values(c)
    for key in sorted(c.call("KEYS", "*")):
        body = c.call("DUMP", key)[:-10]
        name = key.decode()
        write(os.path.join(outdir, name), b"\x01" + body)
        if name in ("list-lp", "hash-lp", "stream-groups"):
            write(os.path.join(outdir, name + "-nosanitize"), b"\x00" + body)
    for name, body in sorted(LEGACY.items()):
        write(os.path.join(outdir, "old-" + name.replace(" ", "-")), b"\x01" + body)


GROUPS = {
    "strings-lists": ["str-*", "list-*"],
    "sets": ["set-*"],
    "zsets": ["zset-*"],
    "hashes": ["hash-*"],
    "streams": ["stream-*"],
}


def rdb_seeds(s, c, outdir):
    for name, patterns in sorted(GROUPS.items()):
        c.call("FLUSHALL")
        values(c)
        keep = set()
        for p in patterns:
            keep.update(c.call("KEYS", p))
        for key in c.call("KEYS", "*"):
            if key not in keep:
                c.call("DEL", key)
        c.call("EXPIRE", sorted(keep)[0], 100000)
        c.call("SAVE")
        with open(s.rdb(), "rb") as f:
            data = f.read()
        write(os.path.join(outdir, name + ".rdb"), b"\x01" + data)
        if name == "streams":
            write(os.path.join(outdir, name + "-nosanitize.rdb"), b"\x00" + data)
    # Several databases, a function library.
    c.call("FLUSHALL")
    c.call("FUNCTION", "LOAD", "#!lua name=seedlib\nredis.register_function('seedfn', function() return 1 end)")
    c.call("SET", "k", "v")
    c.call("SELECT", 3)
    c.call("RPUSH", "l", "x")
    c.call("SELECT", 0)
    c.call("SAVE")
    with open(s.rdb(), "rb") as f:
        write(os.path.join(outdir, "dbs-function.rdb"), b"\x01" + f.read())
    c.call("FUNCTION", "FLUSH")


def main():
    if not os.path.exists(REF):
        print("make_seeds: %s not found" % REF)
        return 1
    s = Server(REF, "seeds")
    c = s.start()
    try:
        for sub in ("corpus-restore", "corpus-rdbload"):
            d = os.path.join(HERE, sub)
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        restore_seeds(c, os.path.join(HERE, "corpus-restore"))
        rdb_seeds(s, c, os.path.join(HERE, "corpus-rdbload"))
    finally:
        c.close()
        s.stop()
        shutil.rmtree(s.dir, ignore_errors=True)
    for sub in ("corpus-restore", "corpus-rdbload"):
        d = os.path.join(HERE, sub)
        print(sub, len(os.listdir(d)), "files,", sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)),
              "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
