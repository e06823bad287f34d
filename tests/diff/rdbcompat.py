#!/usr/bin/env python3
"""RDB and DUMP/RESTORE compatibility with Redis 7.0.15, both ways.

    tests/diff/rdbcompat.py [--keep]

Starts our server (src/redis-server) and the reference (/usr/bin/redis-server)
on free loopback ports, fills both with the same dataset (every type and
encoding, TTLs, several databases, compressed and plain list nodes), then:

  1. ours SAVEs, the reference restarts on that file: same content?
  2. the reference SAVEs, ours restarts on that file: same content?
  3. every key DUMPed by ours RESTOREs into the reference, and the other way
     round, with the same content and OBJECT ENCODING; for the compact
     encodings (strings, listpacks, intsets, quicklists) the payloads must
     be byte-identical.
  4. the same with rdbcompression no and rdbchecksum no.

"Same content" is a full read-back of every key (type, encoding, TTL
present or not, and the elements), since DEBUG DIGEST is computed
differently by the two servers.  Ends with "N passed, N failed"; exit 1 on
any difference.
"""
import os, shutil, sys, time

from servers import OURS, REF, RespError, Server

RANDOM_BYTES = bytes((i * 7919 + 13) % 256 for i in range(300))  # the same on both servers


def populate(c, compress_depth):
    """The same dataset on any server: every type and encoding."""
    c.call("FLUSHALL")
    c.call("CONFIG", "SET", "list-compress-depth", compress_depth)
    c.call("SELECT", 0)
    c.call("SET", "str:int", "12345")
    c.call("SET", "str:neg", "-7")
    c.call("SET", "str:bigint", "9223372036854775807")
    c.call("SET", "str:notint", "0123")
    c.call("SET", "str:emb", "hello world")
    c.call("SET", "str:raw", "x" * 100)
    c.call("SET", "str:rand", RANDOM_BYTES)
    c.call("SET", "str:empty", "")
    c.call("SET", "str:ttl", "v", "PX", 100000000)
    c.call("RPUSH", "list:small", "a", "b", "1", "-2", "300000", "4294967296")
    c.call("RPUSH", "list:big", *["element-%d" % i for i in range(2000)])
    c.call("RPUSH", "list:nums", *[str(i * 7919) for i in range(500)])
    c.call("SADD", "set:int", *[str(i) for i in range(100)])
    c.call("SADD", "set:bigint", *[str(i * 1000) for i in range(600)])
    c.call("SADD", "set:str", *["m%d" % i for i in range(50)])
    c.call("SADD", "set:mixed", "1", "2", "x")
    c.call("ZADD", "zset:lp", 1, "a", 2.5, "b", -3, "c", "inf", "d", "-inf", "e")
    args = []
    for i in range(300):
        args += [str(i * 1.5), "member-%d" % i]
    c.call("ZADD", "zset:sl", *args)
    c.call("ZADD", "zset:long", 1, "y" * 100)
    c.call("HSET", "hash:lp", "f1", "v1", "f2", "2", "f3", "x" * 60)
    args = []
    for i in range(600):
        args += ["field-%d" % i, "value-%d" % i]
    c.call("HSET", "hash:ht", *args)
    c.call("HSET", "hash:longval", "f", "z" * 100)
    c.call("EXPIRE", "hash:ht", 100000)
    populate_streams(c)
    c.call("SELECT", 3)
    c.call("SET", "db3:key", "in db 3")
    c.call("RPUSH", "db3:list", "x")
    c.call("SELECT", 0)


def populate_streams(c):
    """Streams in every shape the RDB format has to carry.  Explicit IDs, so
    both servers hold the same entries; delivery and seen times differ
    between the servers but travel with the data."""
    # Entries with the master fields, entries with their own, integers,
    # and one long repetitive value that LZF compresses.
    for i in range(1, 60):
        c.call("XADD", "stream:plain", "1000-%d" % i, "name", "n%d" % i, "count", i)
    c.call("XADD", "stream:plain", "2000-0", "other", "field", "third", "x" * 200)
    c.call("XADD", "stream:plain", "2000-1", "123", "-456", "7", "8")
    # Many nodes, some with deleted entries, one fully emptied in the middle.
    c.call("CONFIG", "SET", "stream-node-max-entries", 4)
    for i in range(1, 30):
        c.call("XADD", "stream:multi", "5-%d" % i, "f", i)
    c.call("XDEL", "stream:multi", "5-2", "5-3", "5-9", "5-10", "5-11", "5-12", "5-29")
    c.call("CONFIG", "SET", "stream-node-max-entries", 100)
    # Groups, consumers, pending entries (delivered once and twice), a
    # consumer without pending entries, a group with no consumer, an
    # acknowledged entry, and entries-read known or not.
    for i in range(1, 11):
        c.call("XADD", "stream:groups", "10-%d" % i, "k", "v%d" % i)
    c.call("XGROUP", "CREATE", "stream:groups", "g1", "0")
    c.call("XGROUP", "CREATE", "stream:groups", "g2", "$")
    c.call("XGROUP", "CREATE", "stream:groups", "g3", "10-5", "ENTRIESREAD", 5)
    c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", 3, "STREAMS", "stream:groups", ">")
    c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", 2, "STREAMS", "stream:groups", ">")
    c.call("XCLAIM", "stream:groups", "g1", "bob", 0, "10-1")
    c.call("XACK", "stream:groups", "g1", "10-2")
    c.call("XGROUP", "CREATECONSUMER", "stream:groups", "g1", "carol")
    c.call("XREADGROUP", "GROUP", "g3", "dave", "STREAMS", "stream:groups", ">")
    c.call("XDEL", "stream:groups", "10-4", "10-7")
    # XSETID: last ID, entries-added and max-deleted-id set by hand.
    c.call("XADD", "stream:setid", "3-1", "a", "b")
    c.call("XSETID", "stream:setid", "99-7", "ENTRIESADDED", 40, "MAXDELETEDID", "50-0")
    # Empty streams: every entry deleted, or trimmed away (no nodes left),
    # one of them keeping a group.
    c.call("XADD", "stream:empty-del", "1-1", "a", "1")
    c.call("XADD", "stream:empty-del", "1-2", "a", "2")
    c.call("XDEL", "stream:empty-del", "1-1", "1-2")
    for i in range(1, 8):
        c.call("XADD", "stream:empty-trim", "7-%d" % i, "f", "v")
    c.call("XGROUP", "CREATE", "stream:empty-trim", "g", "0")
    c.call("XREADGROUP", "GROUP", "g", "c1", "COUNT", 2, "STREAMS", "stream:empty-trim", ">")
    c.call("XTRIM", "stream:empty-trim", "MAXLEN", 0)
    c.call("XGROUP", "CREATE", "stream:nostream", "g", "$", "MKSTREAM")
    c.call("EXPIRE", "stream:plain", 100000)


def read_key(c, key):
    t = c.call("TYPE", key)
    enc = c.call("OBJECT", "ENCODING", key)
    has_ttl = c.call("PTTL", key) > 0
    if t == b"string":
        v = c.call("GET", key)
    elif t == b"list":
        v = c.call("LRANGE", key, 0, -1)
    elif t == b"set":
        v = sorted(c.call("SMEMBERS", key))
    elif t == b"zset":
        v = c.call("ZRANGE", key, 0, -1, "WITHSCORES")
    elif t == b"hash":
        h = c.call("HGETALL", key)
        v = sorted(zip(h[0::2], h[1::2]))
    elif t == b"stream":
        # Everything: entries, IDs and counters, radix tree sizes, groups,
        # consumers and PELs with their times.
        v = (c.call("XINFO", "STREAM", key, "FULL"), c.call("XRANGE", key, "-", "+"))
    else:
        v = None
    return (t, enc, has_ttl, v)


def read_all(c):
    out = {}
    for db in range(16):
        c.call("SELECT", db)
        for key in sorted(c.call("KEYS", "*")):
            out[(db, key)] = read_key(c, key)
    c.call("SELECT", 0)
    return out


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s %s" % (name, detail))


def compare(rep, name, a, b):
    if a == b:
        rep.check(name, True)
        return
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            va, vb = a.get(k), b.get(k)
            rep.check("%s key %r" % (name, k), False,
                      "\n    ours-side: %r\n    ref-side:  %r" % (str(va)[:300], str(vb)[:300]))


def file_round_trips(rep, ours, ref, co, cr, label):
    expected = read_all(co)
    # Ours writes, the reference loads.
    co.call("SAVE")
    cr.close()
    ref.stop()
    shutil.copy(ours.rdb(), ref.rdb())
    cr = ref.start()
    compare(rep, "%s: ours SAVE -> reference load" % label, expected, read_all(cr))
    # The reference writes, ours loads.
    cr.call("SAVE")
    co.close()
    ours.stop()
    shutil.copy(ref.rdb(), ours.rdb())
    co = ours.start()
    compare(rep, "%s: reference SAVE -> ours load" % label, expected, read_all(co))
    return co, cr


COMPACT = {b"embstr", b"int", b"raw", b"listpack", b"intset", b"quicklist"}


def dump_round_trips(rep, co, cr, label):
    for db in (0, 3):
        co.call("SELECT", db)
        cr.call("SELECT", db)
        for key in sorted(co.call("KEYS", "*")):
            want = read_key(co, key)
            po, pr = co.call("DUMP", key), cr.call("DUMP", key)
            if want[1] in COMPACT:
                rep.check("%s: DUMP payload bytes of %r" % (label, key), po == pr,
                          "\n    ours: %r\n    ref:  %r" % (po[:80], pr[:80]))
            ttl = "0"
            cr.call("RESTORE", b"copy:" + key, ttl, po)
            got = read_key(cr, b"copy:" + key)
            if want[0] == b"stream":
                # The same value (times included) dumps to the same bytes:
                # the reference's DUMP of what it restored from ours.
                prr = cr.call("DUMP", b"copy:" + key)
                rep.check("%s: DUMP payload bytes of stream %r" % (label, key), po == prr,
                          "\n    ours: %r\n    ref:  %r" % (po[:120], prr[:120]))
            rep.check("%s: ours DUMP -> reference RESTORE %r" % (label, key), got[:2] + got[3:] == want[:2] + want[3:],
                      "\n    %r\n    %r" % (str(want)[:200], str(got)[:200]))
            if want[0] == b"stream":
                # Delivery and seen times are the reference's own here.
                want = read_key(cr, key)
            co.call("RESTORE", b"copy:" + key, ttl, pr)
            got = read_key(co, b"copy:" + key)
            if want[0] == b"stream":
                por = co.call("DUMP", b"copy:" + key)
                rep.check("%s: ours re-DUMP of reference stream %r" % (label, key), por == pr,
                          "\n    ours: %r\n    ref:  %r" % (por[:120], pr[:120]))
            rep.check("%s: reference DUMP -> ours RESTORE %r" % (label, key), got[:2] + got[3:] == want[:2] + want[3:],
                      "\n    %r\n    %r" % (str(want)[:200], str(got)[:200]))
            co.call("DEL", b"copy:" + key)
            cr.call("DEL", b"copy:" + key)
    co.call("SELECT", 0)
    cr.call("SELECT", 0)


# ---------------------------------------------------------------------------
# Old encodings (never written by 7.0, still loaded): payloads built here.

CRC_TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ 0x95AC9329AC4BC9B5 if c & 1 else c >> 1
    CRC_TABLE.append(c)


def crc64(data):
    crc = 0
    for b in data:
        crc = CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def payload(body):
    p = body + bytes([10, 0])
    return p + crc64(p).to_bytes(8, "little")


def rdb_len(n):
    if n < 64:
        return bytes([n])
    if n < 16384:
        return bytes([0x40 | (n >> 8), n & 0xFF])
    return b"\x80" + n.to_bytes(4, "big")


def rdb_str(s):
    s = s if isinstance(s, bytes) else str(s).encode()
    return rdb_len(len(s)) + s


def zl_entry(v, prevlen):
    head = bytes([prevlen]) if prevlen < 254 else b"\xfe" + prevlen.to_bytes(4, "little")
    if isinstance(v, int):
        if 0 <= v <= 12:
            enc = bytes([0xF1 + v])
        elif -128 <= v < 128:
            enc = b"\xfe" + v.to_bytes(1, "little", signed=True)
        elif -32768 <= v < 32768:
            enc = b"\xc0" + v.to_bytes(2, "little", signed=True)
        elif -(1 << 23) <= v < (1 << 23):
            enc = b"\xf0" + v.to_bytes(3, "little", signed=True)
        elif -(1 << 31) <= v < (1 << 31):
            enc = b"\xd0" + v.to_bytes(4, "little", signed=True)
        else:
            enc = b"\xe0" + v.to_bytes(8, "little", signed=True)
    else:
        b = v.encode() if isinstance(v, str) else v
        if len(b) < 64:
            enc = bytes([len(b)]) + b
        elif len(b) < 16384:
            enc = bytes([0x40 | (len(b) >> 8), len(b) & 0xFF]) + b
        else:
            enc = b"\x80" + len(b).to_bytes(4, "big") + b
    return head + enc


def ziplist(values):
    entries, prev, tail = b"", 0, 10
    for v in values:
        e = zl_entry(v, prev)
        tail = 10 + len(entries)
        entries += e
        prev = len(e)
    total = 10 + len(entries) + 1
    return total.to_bytes(4, "little") + tail.to_bytes(4, "little") + \
        min(len(values), 65535).to_bytes(2, "little") + entries + b"\xff"


def zipmap(pairs):
    def zl(n):
        return bytes([n]) if n < 254 else b"\xfe" + n.to_bytes(4, "little")
    out = bytes([min(len(pairs), 254)])
    for k, v in pairs:
        out += zl(len(k)) + k.encode() + zl(len(v)) + b"\x00" + v.encode()
    return out + b"\xff"


def lp_element(v):
    """One listpack element: small integers (7-bit or 13-bit form) or strings
    under 64 bytes (6-bit length form), each with its back length."""
    if isinstance(v, int):
        if 0 <= v < 128:
            return bytes([v, 1])
        assert -4096 <= v < 4096  # 13-bit signed form
        u = v & 0x1FFF
        return bytes([0xC0 | (u >> 8), u & 0xFF, 2])
    b = v.encode() if isinstance(v, str) else v
    assert len(b) < 64
    return bytes([0x80 | len(b)]) + b + bytes([1 + len(b)])


def listpack(values):
    body = b"".join(lp_element(v) for v in values)
    return (6 + len(body) + 1).to_bytes(4, "little") + len(values).to_bytes(2, "little") + body + b"\xff"


def stream_id(ms, seq):
    return ms.to_bytes(8, "big") + seq.to_bytes(8, "big")


def legacy_stream():
    """A STREAM_LISTPACKS (type 15, Redis 5.0 to 6.2) value: one node with
    master ID 100-1 and fields a, b; entries 100-1 (same fields), 100-2
    (deleted), 101-0 (own fields); a group g1 at 100-1 with consumer c1
    owning 100-1, and a group g2 at 101-0 with no consumer."""
    master = [2, 1, 2, "a", "b", 0]
    e1 = [2, 0, 0, "x", "y", 5]
    e2 = [3, 0, 1, "x2", "y2", 5]
    e3 = [0, 1, -1, 1, "c", "z", 6]  # the seq delta is negative
    lp = listpack(master + e1 + e2 + e3)
    body = b"\x0f" + rdb_len(1) + rdb_str(stream_id(100, 1)) + rdb_str(lp)
    body += rdb_len(2) + rdb_len(101) + rdb_len(0)  # length, last ID
    body += rdb_len(2)  # groups
    body += rdb_str("g1") + rdb_len(100) + rdb_len(1)
    body += rdb_len(1) + stream_id(100, 1) + (1700000000000).to_bytes(8, "little") + rdb_len(3)
    body += rdb_len(1) + rdb_str("c1") + (1700000000001).to_bytes(8, "little") + rdb_len(1) + stream_id(100, 1)
    body += rdb_str("g2") + rdb_len(101) + rdb_len(0) + rdb_len(0) + rdb_len(0)
    return body


LEGACY = {
    "stream listpacks v1": legacy_stream(),
    "list ziplist": b"\x0a" + rdb_str(ziplist(["a", 1, -200, 70000, 1 << 40, "x" * 100, 12, 0])),
    "zset ziplist": b"\x0c" + rdb_str(ziplist(["a", "1", "b", 2, "c", "3.5"])),
    "hash ziplist": b"\x0d" + rdb_str(ziplist(["f1", "v1", "f2", 2, "f3", "x" * 80])),
    "hash ziplist big": b"\x0d" + rdb_str(ziplist(sum([["f%d" % i, i] for i in range(600)], []))),
    "hash zipmap": b"\x09" + rdb_str(zipmap([("name", "redis"), ("ver", "2.2"), ("long", "y" * 300)])),
    "list quicklist v1": b"\x0e" + rdb_len(2) + rdb_str(ziplist(["a", "b", 3])) + rdb_str(ziplist([4, "e"])),
    "zset text scores": b"\x03" + rdb_len(3) + rdb_str("a") + b"\x031.5" + rdb_str("b") + b"\xfe" +
                        rdb_str("c") + b"\xff",
    "list linked": b"\x01" + rdb_len(3) + rdb_str("a") + rdb_str("12") + rdb_str("c"),
    "zset ziplist big": b"\x0c" + rdb_str(ziplist(sum([["m%d" % i, i] for i in range(300)], []))),
}


def legacy_payloads(rep, co, cr):
    for name, body in sorted(LEGACY.items()):
        p = payload(body)
        got = []
        for c in (co, cr):
            c.call("DEL", "legacy")
            try:
                c.call("RESTORE", "legacy", 0, p)
                got.append(read_key(c, b"legacy"))
            except RespError as e:
                got.append("error: %s" % e)
        rep.check("old encoding %s: ours == reference" % name, got[0] == got[1] and "error" not in str(got[1]),
                  "\n    ours: %r\n    ref:  %r" % (str(got[0])[:300], str(got[1])[:300]))


def run(rep, extra, label):
    ours, ref = Server(OURS, "ours", extra), Server(REF, "ref", extra)
    co = cr = None
    try:
        co, cr = ours.start(), ref.start()
        legacy_payloads(rep, co, cr)
        for depth in (0, 1):
            populate(co, depth)
            populate(cr, depth)
            sub = "%s, list-compress-depth %d" % (label, depth)
            dump_round_trips(rep, co, cr, sub)
            co, cr = file_round_trips(rep, ours, ref, co, cr, sub)
    finally:
        for c in (co, cr):
            if c:
                c.close()
        for s in (ours, ref):
            s.stop()
            if "--keep" not in sys.argv:
                shutil.rmtree(s.dir, ignore_errors=True)


def main():
    if not os.path.exists(REF):
        print("rdbcompat: %s not found" % REF)
        return 1
    rep = Report()
    run(rep, [], "defaults")
    run(rep, ["--rdbcompression", "no", "--rdbchecksum", "no"], "no compression, no checksum")
    run(rep, ["--sanitize-dump-payload", "yes"], "sanitize-dump-payload yes")
    print("rdbcompat: %d passed, %d failed" % (rep.passed, rep.failed))
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
