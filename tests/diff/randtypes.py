#!/usr/bin/env python3
"""Differential random tester for the data types (hash, list, set, zset,
SORT, bitmaps, HyperLogLog, geo, streams): the same seeded pseudo-random command
stream goes to our server and to a reference Redis, and the replies are
compared.

    tests/diff/randtypes.py [--type hash,list,set,zset,sort,bitmap,hll,geo,stream|all] [--ops N]
                            [--seed S] [--ours HOST:PORT] [--redis HOST:PORT]
                            [--ours-binary PATH] [--redis-binary PATH]
                            [--keep-going] [--exclude CMD,...] [--no-encoding]
                            [--log FILE] [--port-base P]

Without --ours/--redis both servers are started on free loopback ports with
identical options (save "", appendonly no, hz 100 so that 10 ms blocking
timeouts fire on time).  Each type runs as its own phase: FLUSHALL, default
encoding thresholds, then N operations drawn from that type's commands
(valid and invalid arguments, a small key space so that keys collide, small
and long values, few and many elements), the generic commands that touch
keys (TYPE, DEL, EXISTS, RENAME, COPY, OBJECT ENCODING), CONFIG SET of the
encoding thresholds now and then, and a random 30% of the operations on a
second connection that said HELLO 3.

How replies are compared:
  - ordered replies: byte for byte;
  - replies whose order is unspecified (SMEMBERS, SINTER..., HKEYS, HVALS,
    HGETALL): as multisets (HGETALL as a multiset of field/value pairs);
  - *SCAN: each server is scanned to cursor 0 on its own and the sets of
    returned elements are compared;
  - random replies (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, SPOP): the reply
    skeleton (types and lengths) must match, and each server's reply must be
    plausible against the key's content read just before (members exist,
    values/scores match, distinct when the count is positive, the right
    count).  After an SPOP that popped different members on the two servers,
    the key is rebuilt identically on both from our server's remainder;
  - lex range commands run only when all scores of the key are equal (with
    mixed scores their result is unspecified and differs between two Redis);
  - SORT: byte for byte, except where Redis leaves the order unspecified: a
    set read unsorted (a BY pattern without '*', no STORE) and ALPHA with a
    BY pattern (ties stay in qsort's order).  Those compare as multisets of
    GET groups, or by shape only with LIMIT (which elements make the cut is
    unspecified too); ALPHA + BY pattern + STORE is not generated;
  - bitmaps and HyperLogLogs are strings: the read-back compares their bytes,
    so an HLL must be byte-identical (header, cached cardinality, sparse and
    dense registers), including after deliberate corruption with SETRANGE;
  - geo: distances, coordinates and hashes as printed, results in order
    (coordinates are random reals, so distance ties do not occur);
  - streams: byte for byte, except the values that read the wall clock,
    which are masked: the idle time in XPENDING's extended form and in XINFO
    CONSUMERS, the consumers' seen-time in XINFO STREAM FULL, and the PELs'
    delivery times there when they are clock readings (>= 10^12 ms; a small
    XCLAIM TIME value is compared).  IDs never come from the clock: explicit
    ms-seq and ms-*, and "*" only on a stream whose last ID is in the future
    (or where the reply is an error or a null).  Minimum idle times (XCLAIM,
    XAUTOCLAIM, XPENDING IDLE) are 0, 10^8 ms or 10^15 ms and XCLAIM IDLE/TIME
    values leave an entry clearly on one side of them, so which entries
    qualify never depends on timing.  XREAD/XREADGROUP BLOCK use 1-20 ms
    timeouts.  stream-node-max-bytes stays >= 4096 or 0 (a smaller value can
    crash Redis 7.0.15 itself: see CONFIG_CHOICES);
  - every ~250 operations the whole key space is read back and compared
    (TYPE, content, OBJECT ENCODING; for a stream XRANGE - +, XINFO STREAM,
    XINFO GROUPS and XINFO STREAM FULL with the clock masked), and OBJECT
    ENCODING of touched keys is compared after a random 30% of the operations.

On the first difference it prints the seed, the phase, the operation index,
the command, both replies and the last commands, and exits 1 (--keep-going:
report, FLUSHALL both and go on).  A reply that does not come in time (3 s
for blocking commands, --timeout for the others) is a difference too; with
--keep-going the connections are then reopened.  A type whose commands our server does not
serve yet ("ERR unknown command") is reported SKIPPED, not failed.  Only the
Python standard library is used.
"""
import argparse, collections, itertools, os, random, socket, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servers import OURS, RawConn, Server, encode, free_port, port_is_free  # noqa: E402
BASE_TYPES = ["hash", "list", "set", "zset"]
ALL_TYPES = BASE_TYPES + ["sort", "bitmap", "hll", "geo", "stream"]

# Redis 7.0 defaults, restored at the start of each phase.
DEFAULT_CONFIG = [
    ("hash-max-listpack-entries", "512"), ("hash-max-listpack-value", "64"),
    ("set-max-intset-entries", "512"),
    ("zset-max-listpack-entries", "128"), ("zset-max-listpack-value", "64"),
    ("list-max-listpack-size", "-2"), ("list-compress-depth", "0"),
    ("hll-sparse-max-bytes", "3000"), ("proto-max-bulk-len", "512mb"),
]
# Values the phases switch the thresholds to now and then (both names work).
CONFIG_CHOICES = {
    "hash": [("hash-max-listpack-entries", "hash-max-ziplist-entries", ["128", "0", "1", "2", "5", "16", "512"]),
             ("hash-max-listpack-value", "hash-max-ziplist-value", ["64", "0", "1", "5", "16", "200"])],
    "list": [("list-max-listpack-size", "list-max-ziplist-size", ["-2", "-1", "-3", "-4", "-5", "1", "2", "3", "8", "128"]),
             ("list-compress-depth", None, ["0", "1", "2", "3"])],
    "set": [("set-max-intset-entries", None, ["512", "0", "1", "3", "16", "100"])],
    "zset": [("zset-max-listpack-entries", "zset-max-ziplist-entries", ["128", "0", "1", "3", "16"]),
             ("zset-max-listpack-value", "zset-max-ziplist-value", ["64", "0", "3", "16", "200"])],
    "bitmap": [("proto-max-bulk-len", None, ["512mb", "1mb"])],
    "hll": [("hll-sparse-max-bytes", None, ["3000", "0", "1", "100", "500", "20000"])],
    "geo": [("zset-max-listpack-entries", "zset-max-ziplist-entries", ["128", "0", "1", "16"])],
    # stream-node-max-bytes stays >= 4096 (or 0): with a smaller value Redis 7.0.15
    # preallocates a new node smaller than its first entry, and if the node's
    # growth lands on the address of the node just shrunk (lpShrinkToFit),
    # streamAppendItem skips updating the tree and the oracle crashes
    # (e.g. CONFIG SET stream-node-max-bytes 100, XADD s 1-0 f1 v5, CONFIG SET
    # stream-node-max-bytes 1, XADD s 2-3 123 16 f1 <63 bytes> f3 v19,
    # XREAD STREAMS s $).  StreamGen's entries also stay below 4096 bytes.
    "stream": [("stream-node-max-entries", None, ["100", "0", "1", "2", "3", "5", "10"]),
               ("stream-node-max-bytes", None, ["4096", "0", "5000", "65536"])],
}
# Set at the start of the stream phase only (the other phases' setup is unchanged).
STREAM_DEFAULT_CONFIG = [("stream-node-max-entries", "100"), ("stream-node-max-bytes", "4096")]


# ---------------------------------------------------------------- RESP trees

def parse(raw):
    """Parse one raw reply into (tag, value): tag is the RESP type character;
    aggregates hold a list (maps a list of (key, value) pairs); nulls None."""
    tree, _ = _parse(raw, 0)
    return tree

def _parse(b, i):
    j = b.index(b"\r\n", i)
    t, rest, i = b[i:i + 1].decode(), b[i + 1:j], j + 2
    if t in "+-,#(":
        return (t, rest), i
    if t == ":":
        return (t, int(rest)), i
    if t == "_":
        return (t, None), i
    if t in "$=!":
        n = int(rest)
        if n < 0:
            return (t, None), i
        return (t, b[i:i + n]), i + n + 2
    if t in "*~>":
        n = int(rest)
        if n < 0:
            return (t, None), i
        items = []
        for _ in range(n):
            x, i = _parse(b, i)
            items.append(x)
        return (t, items), i
    if t == "%":
        pairs = []
        for _ in range(int(rest)):
            k, i = _parse(b, i)
            v, i = _parse(b, i)
            pairs.append((k, v))
        return (t, pairs), i
    if t == "|":  # attribute: skip it, the reply follows
        for _ in range(2 * int(rest)):
            _, i = _parse(b, i)
        return _parse(b, i)
    raise ValueError("unknown RESP type %r" % t)

def canon(t):
    """A hashable, comparable form of a tree."""
    tag, v = t
    if tag == "%":
        return (tag, tuple((canon(a), canon(b)) for a, b in v))
    if isinstance(v, list):
        return (tag, tuple(canon(x) for x in v))
    return t

def skeleton(t):
    """Types and lengths only: what must match between two random replies."""
    tag, v = t
    if tag == "%":
        return (tag, tuple((skeleton(a), skeleton(b)) for a, b in v))
    if isinstance(v, list):
        return (tag, tuple(skeleton(x) for x in v))
    return (tag, v is None)

def is_agg(t):
    return t[0] in "*~%" and t[1] is not None

def pairs_of(t):
    """Field/value (member/score) pairs of a map, a flat array or an array of
    2-element arrays (RESP3 WITHSCORES shapes)."""
    tag, items = t
    if tag == "%":
        return list(items)
    if items and items[0][0] == "*":
        return [(x[1][0], x[1][1]) for x in items]
    return list(zip(items[0::2], items[1::2]))

def text(t):
    """The bytes of a scalar (bulk, double, simple string, integer)."""
    return t[1] if isinstance(t[1], bytes) else str(t[1]).encode()

def sorted_canon(items):
    return sorted((canon(x) for x in items), key=repr)


def quote(a):
    """One argument the way redis-cli reads it back."""
    b = a.encode("latin1") if isinstance(a, str) else a
    if b and all(33 <= c < 127 and c not in b'"\'\\' for c in b):
        return b.decode()
    out = []
    for c in b:
        if c in b'"\\':
            out.append("\\" + chr(c))
        elif 32 <= c < 127:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return '"' + "".join(out) + '"'

def fmt_cmd(args):
    return " ".join(quote(a) for a in args)


# ---------------------------------------------------------------- servers

def parse_addr(s):
    host, _, port = s.rpartition(":")
    return (host or "127.0.0.1", int(port))


# ---------------------------------------------------------------- comparing

class Difference(Exception):
    def __init__(self, args, raw_o, raw_r, note, fatal=False, reconnect=False):
        Exception.__init__(self, note)
        self.cmd, self.raw_o, self.raw_r, self.note, self.fatal = args, raw_o, raw_r, note, fatal
        self.reconnect = reconnect  # the connections are out of step: open new ones before going on

BLOCKING = {"BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP",
            "XREAD", "XREADGROUP"}

class Runner:
    """Two connections (RESP2 and RESP3) to each server; sends one command to
    both servers, reads both replies, and compares them in a given way."""

    def __init__(self, ours, redis, timeout, log=None):
        self.addrs = (ours, redis)
        self.timeout = timeout
        self.history = collections.deque(maxlen=20)
        self.log = log  # a file that gets every command sent (--log), or None
        self.auditing = False
        self.opno = 0
        self.proto = 2
        self.connect()

    def connect(self):
        """(Re)open the RESP2 and RESP3 connections; old ones are closed, which
        also frees a client left blocked by a server that did not time out."""
        for pair in getattr(self, "conns", {}).values():
            for c in pair:
                c.close()
        self.conns = {}
        for proto in (2, 3):
            pair = tuple(RawConn(p, h, self.timeout) for h, p in self.addrs)
            if proto == 3:
                for c in pair:
                    c.call(["HELLO", "3"])
            self.conns[proto] = pair

    def send(self, args, proto=None):
        """(raw ours, raw redis) for one command.  A closed connection is fatal;
        no reply in time is a difference after which the caller reconnects
        (blocking commands get a short wait: their own timeouts are <= 20 ms)."""
        proto = proto or self.proto
        self.note(proto, args)
        pair = self.conns[proto]
        data = encode(args)
        wait = min(self.timeout, 3.0) if args[0].upper() in BLOCKING else self.timeout
        raws = []
        for c in pair:
            try:
                c.s.sendall(data)
            except OSError:
                pass
        for c in pair:
            c.s.settimeout(wait)
            try:
                raws.append(c.read_reply())
            except socket.timeout:
                raws.append(b"<no reply within %ss>" % str(wait).encode())
            except (OSError, EOFError):
                raws.append(b"<connection closed>")
            finally:
                c.s.settimeout(self.timeout)
        if raws[0].startswith(b"<") or raws[1].startswith(b"<"):
            died = b"<connection closed>" in raws
            raise Difference(args, raws[0], raws[1], "server died" if died else "no reply in time (hung)",
                             fatal=died, reconnect=True)
        return raws

    def one(self, who, args, proto=None):
        """Send to one server only (0 ours, 1 redis): for per-server SCAN loops."""
        proto = proto or self.proto
        self.note(proto, ["(%s)" % ("ours", "redis")[who]] + list(args))
        c = self.conns[proto][who]
        try:
            c.s.sendall(encode(args))
            return c.read_reply()
        except (OSError, EOFError) as e:
            raws = [b"", b""]
            raws[who] = b"<%s>" % str(e).encode()
            hung = isinstance(e, socket.timeout)
            raise Difference(args, raws[0], raws[1], "no reply in time (hung)" if hung else "server died",
                             fatal=not hung, reconnect=True)

    def note(self, proto, args):
        if not self.auditing:  # the audit's reads would push the culprit out of the history
            self.history.append((self.opno, proto, args))
        if self.log:
            self.log.write("%d resp%d %s\n" % (self.opno, proto, fmt_cmd(args)))

    def exact(self, args, proto=None):
        ro, rr = self.send(args, proto)
        if ro != rr:
            raise Difference(args, ro, rr, "replies differ (exact compare)")
        return ro

    def unordered(self, args, pairs=False, proto=None):
        """Compare as a multiset of elements (or of pairs); errors, nulls and
        scalars byte for byte.  Returns ours, parsed."""
        ro, rr = self.send(args, proto)
        to, tr = parse(ro), parse(rr)
        if not (is_agg(to) and is_agg(tr)):
            if ro != rr:
                raise Difference(args, ro, rr, "replies differ (exact compare)")
            return to
        if pairs:
            if len(to[1]) != len(tr[1]) and to[0] != "%":
                raise Difference(args, ro, rr, "pair replies of different lengths")
            ko = sorted(((canon(a), canon(b)) for a, b in pairs_of(to)), key=repr)
            kr = sorted(((canon(a), canon(b)) for a, b in pairs_of(tr)), key=repr)
        else:
            ko, kr = sorted_canon(to[1]), sorted_canon(tr[1])
        if to[0] != tr[0] or ko != kr:
            raise Difference(args, ro, rr, "replies differ as multisets (order ignored)")
        return to


# ---------------------------------------------------------------- value pools

LETTERS = list("abcdefghijklmnopqrst")
SMALL_INTS = [str(i) for i in range(-5, 26)]
EDGE_INTS = ["32767", "32768", "-32768", "-32769", "2147483647", "2147483648", "-2147483649",
             "9223372036854775807", "-9223372036854775808", "4294967296"]
ODD = ["", "007", " 1", "1 ", "1.0", "1e3", "0x10", "-0", "+1", "9223372036854775808",
       "-9223372036854775809", "\x00", "a\x00b", "\xff\xfe", "\xc3\xa9", "A", "Z", "a b"]
LONG = ["L" * 70, "long-" + "x" * 100, "y" * 64, "y" * 65, "w" * 200, "v" * 63]
BAD_INT = ["abc", "1.5", "", " 1", "99999999999999999999", "0x10", "1e3"]
BAD_FLOAT = ["abc", "nan", "", "1.5.5", "1e400", " 1", "-nan"]


class Gen:
    """Base of the per-type generators: key choice, values, generic commands,
    threshold changes, the read-back audit, and the random-result checks."""
    name = prefix = probe = None
    needs = []           # other types the phase writes (skipped unless ours serves them)
    nkeys = 6
    cap = 800            # a key bigger than this is deleted at the next audit
    mutate_rate = 0.015  # share of commands sent truncated or with a junk argument
    check_encoding = True  # --no-encoding: compare everything but OBJECT ENCODING

    def __init__(self, run, rnd, enabled, exclude):
        self.r, self.rnd, self.enabled = run, rnd, enabled
        self.keys = ["%s%d" % (self.prefix, i) for i in range(self.nkeys)]
        self.foreign = ["str"] + ["x" + t[0] for t in enabled if t != self.name]
        table = [(w, f) for w, f in self.op_table() + self.generic_table()
                 if f.__name__.split("_", 1)[1].upper() not in exclude]
        self.ops = [f for _, f in table]
        self.cum = list(itertools.accumulate(w for w, _ in table))
        self.skipped = 0
        self.touched = []

    # -- one operation
    def step(self):
        rnd = self.rnd
        self.r.proto = 3 if rnd.random() < 0.3 else 2
        self.touched = []
        rnd.choices(self.ops, cum_weights=self.cum)[0]()
        if self.touched and rnd.random() < 0.3 and self.check_encoding:
            self.r.exact(["OBJECT", "ENCODING", self.touched[0]])

    def x(self, args, mode="exact", mutate=True):
        """Send a generated command (sometimes mutilated) and compare."""
        if mutate:
            args = self.mangle(args)
        if mode == "exact":
            return parse(self.r.exact(args))
        return self.r.unordered(args, pairs=(mode == "pairs"))

    def mangle(self, args):
        """Now and then (mutate_rate) a truncated copy of args, or one with a
        junk argument appended or an argument replaced; else args."""
        rnd = self.rnd
        if rnd.random() < self.mutate_rate:
            args = list(args)
            how = rnd.random()
            if how < 0.4 and len(args) > 1:
                args = args[:rnd.randrange(1, len(args))]
            elif how < 0.7:
                args.append(rnd.choice(["junk", "1", "-1", "WITHSCORES", "COUNT", "LIMIT"]))
            elif len(args) > 2:
                args[rnd.randrange(2, len(args))] = rnd.choice(["abc", "-1", "", "99999999999999999999", "0"])
        return args

    # -- choices
    def key(self):
        if self.rnd.random() < 0.08:
            return self.rnd.choice(self.foreign)
        return self.rnd.choice(self.keys)

    def own_key(self):
        return self.rnd.choice(self.keys)

    def pick(self, seq):
        return self.rnd.choice(seq)

    def member(self):
        r = self.rnd.random()
        if r < 0.45:
            return self.pick(LETTERS)
        if r < 0.70:
            return self.pick(SMALL_INTS)
        if r < 0.80:
            return "m%d" % self.rnd.randrange(300)
        if r < 0.87:
            return self.pick(LONG)
        if r < 0.93:
            return self.pick(EDGE_INTS)
        return self.pick(ODD)

    def count_tok(self, allow_neg=True):
        r = self.rnd.random()
        if r < 0.75:
            return str(self.pick([0, 1, 1, 2, 3, 5, 10, 50]))
        if r < 0.88 and allow_neg:
            return str(self.pick([-1, -3, -10]))
        return self.pick(BAD_INT + ["-9223372036854775808", "9223372036854775807"])

    # -- generic commands
    def generic_table(self):
        return [(1, self.g_type), (1, self.g_exists), (1.5, self.g_del), (1, self.g_rename),
                (1, self.g_copy), (1, self.g_encoding), (0.08, self.g_config)]

    def g_type(self):
        self.x(["TYPE", self.key()])

    def g_exists(self):
        self.x(["EXISTS"] + [self.key() for _ in range(self.rnd.randint(1, 3))])

    def g_del(self):
        ks = [self.own_key() for _ in range(self.rnd.choice([1, 1, 2]))]
        self.x([self.pick(["DEL", "UNLINK"])] + ks)

    def g_rename(self):
        a, b = self.key(), self.own_key()
        self.touched = [b]
        self.x([self.pick(["RENAME", "RENAME", "RENAMENX"]), a, b])

    def g_copy(self):
        a, b = self.key(), self.own_key()
        args = ["COPY", a, b]
        r = self.rnd.random()
        if r < 0.5:
            args.append("REPLACE")
        elif r < 0.6:
            args += ["DB", "0"]
        elif r < 0.63:
            args += ["DB", "1", "REPLACE"]
        elif r < 0.66:
            args.append("BADOPT")
        self.touched = [b]
        self.x(args)

    def g_encoding(self):
        if self.check_encoding:
            self.x(["OBJECT", "ENCODING", self.key()])

    def g_config(self):
        name, alias, values = self.pick(CONFIG_CHOICES[self.name])
        if alias and self.rnd.random() < 0.3:
            name = alias
        self.r.exact(["CONFIG", "SET", name, self.pick(values)])

    # -- setup and audit
    def setup(self):
        r = self.r
        r.exact(["FLUSHALL"], proto=2)
        for name, value in DEFAULT_CONFIG:
            r.exact(["CONFIG", "SET", name, value], proto=2)
        self.make_foreign()

    def make_foreign(self):
        r = self.r
        r.exact(["SET", "str", "hello"], proto=2)
        if "list" in self.enabled:
            r.exact(["RPUSH", "xl", "a", "b", "1"], proto=2)
        if "set" in self.enabled:
            r.exact(["SADD", "xs", "a", "b", "1", "2"], proto=2)
        if "zset" in self.enabled:
            r.exact(["ZADD", "xz", "1", "a", "2", "b", "3", "c"], proto=2)
        if "hash" in self.enabled:
            r.exact(["HSET", "xh", "a", "1", "b", "2"], proto=2)

    def read_content(self, k, proto=2):
        """Compare the whole value of k on both servers; returns (type, ours parsed)."""
        r = self.r
        t = parse(r.exact(["TYPE", k], proto=proto))[1].decode()
        if t == "hash":
            c = r.unordered(["HGETALL", k], pairs=True, proto=proto)
        elif t == "list":
            c = parse(r.exact(["LRANGE", k, "0", "-1"], proto=proto))
        elif t == "set":
            c = r.unordered(["SMEMBERS", k], proto=proto)
        elif t == "zset":
            c = parse(r.exact(["ZRANGE", k, "0", "-1", "WITHSCORES"], proto=proto))
        elif t == "string":
            c = parse(r.exact(["GET", k], proto=proto))
        else:
            c = None
        return t, c

    def audit(self):
        """Read back every key; its reads stay out of the history shown with a
        difference, so that the history ends with the operations before it."""
        self.r.auditing = True
        try:
            self.audit_keys()
        except Difference as d:
            d.note += "; found by the read-back audit of all keys: the cause may be older than the " \
                      "history below (--log FILE records every command)"
            raise
        finally:
            self.r.auditing = False

    def audit_keys(self):
        r = self.r
        r.exact(["DBSIZE"], proto=2)
        for k in self.keys + self.foreign:
            t, c = self.read_content(k)
            if t == "none":
                continue
            if self.check_encoding:
                r.exact(["OBJECT", "ENCODING", k], proto=2)
            if t in ("hash", "zset"):
                n = len(pairs_of(c))
            else:
                n = len(c[1]) if isinstance(c[1], list) else 0
            if n > self.cap:
                r.exact(["DEL", k], proto=2)
        if any(r.exact(["EXISTS", k], proto=2) == b":0\r\n" for k in self.foreign):
            self.make_foreign()

    # -- random-result commands
    def check_random(self, args, ro, rr, content, count, with_values, distinct_ok=True):
        """Validate a random reply: skeletons equal, each reply plausible
        against content (dict member -> value bytes, or None for sets)."""
        to, tr = parse(ro), parse(rr)
        if to[0] in "-_" or tr[0] in "-_" or to[1] is None or tr[1] is None or not content:
            if ro != rr:
                raise Difference(args, ro, rr, "replies differ (exact compare)")
            return to, tr
        if skeleton(to) != skeleton(tr):
            raise Difference(args, ro, rr, "random replies of different shapes")
        for who, t, raw in (("ours", to, ro), ("redis", tr, rr)):
            problem = self.implausible(t, content, count, with_values)
            if problem:
                note = "%s reply implausible: %s" % (who, problem)
                if who == "redis":
                    note += " (the ORACLE fails the check: checker bug)"
                raise Difference(args, ro, rr, note)
        return to, tr

    @staticmethod
    def implausible(t, content, count, with_values):
        if count is None:
            if t[0] != "$" or t[1] not in content:
                return "not a member: %r" % (t[1],)
            return None
        if with_values:
            items = [(text(a), text(b)) for a, b in pairs_of(t)]
        else:
            items = [(text(a), None) for a in t[1]]
        want = min(count, len(content)) if count >= 0 else -count
        if len(items) != want:
            return "%d elements, expected %d" % (len(items), want)
        for m, v in items:
            if m not in content:
                return "not a member: %r" % (m,)
            if with_values and content[m] != v:
                return "value of %r is %r, expected %r" % (m, v, content[m])
        if count >= 0 and len(set(m for m, _ in items)) != len(items):
            return "repeated elements with a positive count"
        return None


# ---------------------------------------------------------------- hash

class HashGen(Gen):
    name, prefix, probe = "hash", "h", ["HLEN", "__probe__"]
    cap = 600

    def field(self):
        r = self.rnd.random()
        if r < 0.6:
            return "f%d" % self.rnd.randrange(12)
        if r < 0.75:
            return self.pick(LETTERS)
        return self.member()

    def value(self):
        r = self.rnd.random()
        if r < 0.35:
            return "v%d" % self.rnd.randrange(20)
        if r < 0.60:
            return self.pick(SMALL_INTS + ["1.5", "-2.25", "10.50", "3e2"])
        if r < 0.72:
            return self.pick(LONG)
        if r < 0.80:
            return self.pick(EDGE_INTS)
        return self.member()

    def op_table(self):
        return [(20, self.c_hset), (4, self.c_hsetnx), (8, self.c_hget), (4, self.c_hmget),
                (3, self.c_hmset), (8, self.c_hdel), (3, self.c_hlen), (3, self.c_hstrlen),
                (3, self.c_hexists), (2, self.c_hkeys), (2, self.c_hvals), (3, self.c_hgetall),
                (5, self.c_hincrby), (5, self.c_hincrbyfloat), (4, self.c_hrandfield), (2.5, self.c_hscan),
                (1, self.c_hbulk)]

    def pairs(self, n):
        out = []
        for _ in range(n):
            out += [self.field(), self.value()]
        return out

    def c_hset(self):
        k = self.key()
        args = ["HSET", k] + self.pairs(self.pick([1, 1, 1, 2, 3]))
        if self.rnd.random() < 0.03:
            args.append(self.field())  # odd pairs: the handler's own arity error
        self.touched = [k]
        self.x(args)

    def c_hbulk(self):
        k = self.own_key()
        n = self.pick([20, 60, 130, 200])
        args = ["HSET", k]
        for _ in range(n):
            args += ["m%d" % self.rnd.randrange(400), self.value()]
        self.touched = [k]
        self.x(args)

    def c_hsetnx(self):
        k = self.key()
        self.touched = [k]
        self.x(["HSETNX", k, self.field(), self.value()])

    def c_hget(self):
        self.x(["HGET", self.key(), self.field()])

    def c_hmget(self):
        self.x(["HMGET", self.key()] + [self.field() for _ in range(self.rnd.randint(1, 4))])

    def c_hmset(self):
        k = self.key()
        args = ["HMSET", k] + self.pairs(self.pick([1, 2, 3]))
        if self.rnd.random() < 0.03:
            args.pop()
        self.touched = [k]
        self.x(args)

    def c_hdel(self):
        k = self.key()
        self.touched = [k]
        self.x(["HDEL", k] + [self.field() for _ in range(self.pick([1, 1, 2, 4]))])

    def c_hlen(self):
        self.x(["HLEN", self.key()])

    def c_hstrlen(self):
        self.x(["HSTRLEN", self.key(), self.field()])

    def c_hexists(self):
        self.x(["HEXISTS", self.key(), self.field()])

    def c_hkeys(self):
        self.x(["HKEYS", self.key()], mode="set")

    def c_hvals(self):
        self.x(["HVALS", self.key()], mode="set")

    def c_hgetall(self):
        self.x(["HGETALL", self.key()], mode="pairs")

    def c_hincrby(self):
        k = self.key()
        r = self.rnd.random()
        if r < 0.7:
            inc = self.pick(["1", "-1", "2", "10", "-100", "0", "5"])
        elif r < 0.85:
            inc = self.pick(["9223372036854775807", "-9223372036854775808", "4611686018427387904"])
        else:
            inc = self.pick(BAD_INT)
        self.touched = [k]
        self.x(["HINCRBY", k, self.field(), inc])

    def c_hincrbyfloat(self):
        k = self.key()
        r = self.rnd.random()
        if r < 0.75:
            inc = self.pick(["1", "-1", "0.5", "1.1", "-2.25", "1e3", "3.0e-5", "10.50", "0", "-0.1",
                             "5.0e3", "1234567.125", "0.3333333333333333"])
        elif r < 0.85:
            inc = self.pick(["inf", "-inf", "1e308", "-1e308", "1.7976931348623157e308"])
        else:
            inc = self.pick(BAD_FLOAT + ["0x10"])
        self.touched = [k]
        self.x(["HINCRBYFLOAT", k, self.field(), inc])

    def c_hscan(self):
        k = self.key()
        scan(self, "HSCAN", k, pairs=True)

    def c_hrandfield(self):
        k = self.key()
        r = self.rnd.random()
        args = ["HRANDFIELD", k]
        count = None
        with_values = False
        if r < 0.25:
            pass
        else:
            tok = self.count_tok()
            args.append(tok)
            if self.rnd.random() < 0.5:
                args.append("WITHVALUES")
            if self.rnd.random() < 0.03:
                args.append(self.pick(["WITHVALUES", "junk"]))
            try:
                count = int(tok)
            except ValueError:
                count = None
            with_values = "WITHVALUES" in args
        t, c = self.read_content(k, self.r.proto)
        content = {text(a): text(b) for a, b in pairs_of(c)} if t == "hash" else None
        ro, rr = self.r.send(args)
        if len(args) > 2 and (count is None or len(args) > 4 or (len(args) == 4 and not with_values)):
            if ro != rr:  # an error either way: compare as is
                raise Difference(args, ro, rr, "replies differ (exact compare)")
            return
        self.check_random(args, ro, rr, content, count, with_values)


# ---------------------------------------------------------------- list

class ListGen(Gen):
    name, prefix, probe = "list", "l", ["LLEN", "__probe__"]
    cap = 1500

    def elem(self):
        r = self.rnd.random()
        if r < 0.5:
            return self.pick(LETTERS[:8])
        if r < 0.75:
            return self.pick(SMALL_INTS[:12])
        if r < 0.85:
            return self.pick(LONG)
        if r < 0.88:
            return "B" * self.pick([600, 1500, 3000, 9000])  # crosses the size-based node limits
        return self.member()

    def idx(self):
        r = self.rnd.random()
        if r < 0.85:
            return str(self.rnd.randint(-12, 12))
        if r < 0.93:
            return self.pick(["9223372036854775807", "-9223372036854775808", "1000", "-1000"])
        return self.pick(BAD_INT)

    def direction(self):
        return self.pick(["LEFT", "RIGHT"]) if self.rnd.random() < 0.97 else self.pick(["UP", "left", "right"])

    def timeout(self, keys, kind="list"):
        """A blocking timeout; 0 (forever) only when some key exists, so the
        call returns at once (single client: nobody else would serve it)."""
        r = self.rnd.random()
        if r < 0.7:
            tok = self.pick(["0.01", "0.01", "0.02", "0"])
        elif r < 0.8:
            tok = self.pick(["-1", "abc", "-0.01", "1e400", "inf"])
        else:
            tok = self.pick(["0.01", "0.001"])
        if tok in ("0", "inf", "1e400"):  # forever, or maybe forever on a lenient parser
            n = parse(self.r.exact(["EXISTS"] + keys))[1]
            if n == 0:
                tok = "0.01"
        return tok

    def op_table(self):
        return [(10, self.c_lpush), (10, self.c_rpush), (2, self.c_lpushx), (2, self.c_rpushx),
                (6, self.c_lpop), (6, self.c_rpop), (3, self.c_llen), (5, self.c_lindex),
                (4, self.c_linsert), (6, self.c_lrange), (4, self.c_lrem), (4, self.c_lset),
                (2, self.c_ltrim), (5, self.c_lpos), (3, self.c_lmove), (2, self.c_rpoplpush),
                (3, self.c_lmpop), (1.5, self.c_blpop), (1.5, self.c_brpop), (1, self.c_blmove),
                (0.7, self.c_brpoplpush), (1.5, self.c_blmpop), (1, self.c_lbulk)]

    def push(self, cmd):
        k = self.key()
        self.touched = [k]
        self.x([cmd, k] + [self.elem() for _ in range(self.pick([1, 1, 1, 2, 3, 5]))])

    def c_lpush(self):
        self.push("LPUSH")

    def c_rpush(self):
        self.push("RPUSH")

    def c_lpushx(self):
        self.push("LPUSHX")

    def c_rpushx(self):
        self.push("RPUSHX")

    def c_lbulk(self):
        k = self.own_key()
        self.touched = [k]
        n = self.pick([50, 150, 400])
        self.x([self.pick(["RPUSH", "LPUSH"]), k] + [self.elem() for _ in range(n)])

    def pop(self, cmd):
        k = self.key()
        args = [cmd, k]
        if self.rnd.random() < 0.5:
            args.append(self.count_tok())
        self.touched = [k]
        self.x(args)

    def c_lpop(self):
        self.pop("LPOP")

    def c_rpop(self):
        self.pop("RPOP")

    def c_llen(self):
        self.x(["LLEN", self.key()])

    def c_lindex(self):
        self.x(["LINDEX", self.key(), self.idx()])

    def c_linsert(self):
        k = self.key()
        where = self.pick(["BEFORE", "AFTER"]) if self.rnd.random() < 0.96 else self.pick(["MIDDLE", "before"])
        self.touched = [k]
        self.x(["LINSERT", k, where, self.elem(), self.elem()])

    def c_lrange(self):
        self.x(["LRANGE", self.key(), self.idx(), self.idx()])

    def c_lrem(self):
        k = self.key()
        self.touched = [k]
        self.x(["LREM", k, self.pick(["0", "1", "2", "-1", "-2", "5"]) if self.rnd.random() < 0.95
                else self.pick(BAD_INT), self.elem()])

    def c_lset(self):
        k = self.key()
        self.touched = [k]
        self.x(["LSET", k, self.idx(), self.elem()])

    def c_ltrim(self):
        k = self.key()
        self.touched = [k]
        self.x(["LTRIM", k, self.idx(), self.pick(["-1", "-2", "10", "100", "3"]) if self.rnd.random() < 0.7
                else self.idx()])

    def c_lpos(self):
        args = ["LPOS", self.key(), self.elem()]
        opts = []
        if self.rnd.random() < 0.4:
            opts.append(["RANK", self.pick(["1", "2", "-1", "-2", "3", "0", "abc", "-9223372036854775808",
                                            "9223372036854775807"])])
        if self.rnd.random() < 0.4:
            opts.append(["COUNT", self.pick(["0", "1", "2", "5", "-1", "abc"])])
        if self.rnd.random() < 0.3:
            opts.append(["MAXLEN", self.pick(["0", "1", "3", "10", "-1", "abc"])])
        if self.rnd.random() < 0.03:
            opts.append([self.pick(["FOO", "RANK"])])
        self.rnd.shuffle(opts)
        for o in opts:
            args += o
        self.x(args)

    def c_lmove(self):
        a, b = self.key(), self.key()
        self.touched = [b]
        self.x(["LMOVE", a, b, self.direction(), self.direction()])

    def c_rpoplpush(self):
        a, b = self.key(), self.key()
        self.touched = [b]
        self.x(["RPOPLPUSH", a, b])

    def mpop_tail(self, keys, ends):
        n = len(keys)
        r = self.rnd.random()
        numkeys = str(n) if r < 0.9 else self.pick(["0", "-1", str(n + 1), "abc"])
        args = [numkeys] + keys + [self.pick(ends) if self.rnd.random() < 0.97 else "MIDDLE"]
        if self.rnd.random() < 0.5:
            args += ["COUNT", self.pick(["1", "2", "5", "100"]) if self.rnd.random() < 0.9
                     else self.pick(["0", "-1", "abc"])]
        if self.rnd.random() < 0.03:
            args += [self.pick(["COUNT", "junk"])]
        return args

    def c_lmpop(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        self.x(["LMPOP"] + self.mpop_tail(keys, ["LEFT", "RIGHT"]))

    def c_blpop(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        self.x(["BLPOP"] + keys + [self.timeout(keys)], mutate=False)

    def c_brpop(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        self.x(["BRPOP"] + keys + [self.timeout(keys)], mutate=False)

    def c_blmove(self):
        a, b = self.key(), self.key()
        self.touched = [b]
        self.x(["BLMOVE", a, b, self.direction(), self.direction(), self.timeout([a])], mutate=False)

    def c_brpoplpush(self):
        a, b = self.key(), self.key()
        self.touched = [b]
        self.x(["BRPOPLPUSH", a, b, self.timeout([a])], mutate=False)

    def c_blmpop(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        tail = self.mpop_tail(keys, ["LEFT", "RIGHT"])
        self.x(["BLMPOP", self.timeout(keys)] + tail, mutate=False)


# ---------------------------------------------------------------- set

class SetGen(Gen):
    name, prefix, probe = "set", "s", ["SCARD", "__probe__"]
    cap = 1200

    def smember(self):
        r = self.rnd.random()
        if r < 0.35:
            return self.pick(SMALL_INTS)
        if r < 0.45:
            return self.pick(EDGE_INTS)
        return self.member()

    def op_table(self):
        return [(20, self.c_sadd), (8, self.c_srem), (3, self.c_scard), (4, self.c_sismember),
                (3, self.c_smismember), (3, self.c_smembers), (4, self.c_srandmember), (4, self.c_spop),
                (3, self.c_smove), (3, self.c_sinter), (2, self.c_sintercard), (2, self.c_sinterstore),
                (3, self.c_sunion), (2, self.c_sunionstore), (3, self.c_sdiff), (2, self.c_sdiffstore),
                (2.5, self.c_sscan), (1.5, self.c_sbulk)]

    def c_sadd(self):
        k = self.key()
        self.touched = [k]
        self.x(["SADD", k] + [self.smember() for _ in range(self.pick([1, 1, 1, 2, 3, 6]))])

    def c_sbulk(self):
        k = self.own_key()
        self.touched = [k]
        if self.rnd.random() < 0.6:  # integers only: big intsets and the 512 conversion point
            n = self.pick([100, 300, 520, 600])
            mem = [str(self.rnd.randrange(-1000, 1000)) for _ in range(n)]
        else:
            mem = ["m%d" % self.rnd.randrange(600) for _ in range(self.pick([50, 200]))]
        self.x(["SADD", k] + mem)

    def c_srem(self):
        k = self.key()
        self.touched = [k]
        self.x(["SREM", k] + [self.smember() for _ in range(self.pick([1, 1, 2, 4]))])

    def c_scard(self):
        self.x(["SCARD", self.key()])

    def c_sismember(self):
        self.x(["SISMEMBER", self.key(), self.smember()])

    def c_smismember(self):
        self.x(["SMISMEMBER", self.key()] + [self.smember() for _ in range(self.rnd.randint(1, 4))])

    def c_smembers(self):
        self.x(["SMEMBERS", self.key()], mode="set")

    def c_smove(self):
        a, b = self.key(), self.key()
        self.touched = [b]
        self.x(["SMOVE", a, b, self.smember()])

    def keys_n(self):
        return [self.key() for _ in range(self.pick([1, 2, 2, 3, 4]))]

    def c_sinter(self):
        self.x(["SINTER"] + self.keys_n(), mode="set")

    def c_sunion(self):
        self.x(["SUNION"] + self.keys_n(), mode="set")

    def c_sdiff(self):
        self.x(["SDIFF"] + self.keys_n(), mode="set")

    def store(self, cmd):
        d = self.own_key()
        self.touched = [d]
        self.x([cmd, d] + self.keys_n())

    def c_sinterstore(self):
        self.store("SINTERSTORE")

    def c_sunionstore(self):
        self.store("SUNIONSTORE")

    def c_sdiffstore(self):
        self.store("SDIFFSTORE")

    def c_sintercard(self):
        keys = self.keys_n()
        r = self.rnd.random()
        numkeys = str(len(keys)) if r < 0.9 else self.pick(["0", "-1", str(len(keys) + 1), "abc"])
        args = ["SINTERCARD", numkeys] + keys
        if self.rnd.random() < 0.5:
            args += ["LIMIT", self.pick(["0", "1", "2", "5", "-1", "abc"])]
        if self.rnd.random() < 0.03:
            args.append("junk")
        self.x(args)

    def c_sscan(self):
        scan(self, "SSCAN", self.key(), pairs=False)

    def set_content(self, k, proto):
        t, c = self.read_content(k, proto)
        return {text(m): None for m in c[1]} if t == "set" else None

    def c_srandmember(self):
        k = self.key()
        args = ["SRANDMEMBER", k]
        count = None
        if self.rnd.random() < 0.7:
            tok = self.count_tok()
            args.append(tok)
            try:
                count = int(tok)
            except ValueError:
                count = "bad"
        if self.rnd.random() < 0.02:
            args.append("junk")
        content = self.set_content(k, self.r.proto)
        ro, rr = self.r.send(args)
        if count == "bad" or len(args) > 3 or (len(args) == 3 and count is None):
            if ro != rr:
                raise Difference(args, ro, rr, "replies differ (exact compare)")
            return
        self.check_random(args, ro, rr, content, count, False)

    def c_spop(self):
        """SPOP pops different members on the two servers: check both, then
        make the two sets equal again (rebuilt on both from ours' remainder)."""
        k = self.key()
        args = ["SPOP", k]
        count = None
        if self.rnd.random() < 0.6:
            tok = self.count_tok(allow_neg=False) if self.rnd.random() < 0.95 else "-1"
            args.append(tok)
            try:
                count = int(tok)
            except ValueError:
                count = "bad"
        if self.rnd.random() < 0.02:
            args.append("junk")
        self.touched = [k]
        content = self.set_content(k, self.r.proto)
        ro, rr = self.r.send(args)
        if count == "bad" or len(args) > 3 or (count is not None and count < 0):
            if ro != rr:
                raise Difference(args, ro, rr, "replies differ (exact compare)")
            return
        to, tr = self.check_random(args, ro, rr, content, count, False)
        if not content or to[0] == "-":
            return
        def popped(t):
            return {t[1]} if count is None else {text(m) for m in t[1]}
        po, pr = popped(to), popped(tr)
        remaining = set(content) - po
        # Each server must have removed exactly what it returned.
        got = self.r.send(["SMEMBERS", k], proto=2)
        for who, raw, p in (("ours", got[0], po), ("redis", got[1], pr)):
            t = parse(raw)
            have = {text(m) for m in t[1]} if is_agg(t) else set()
            if have != set(content) - p:
                raise Difference(["SMEMBERS", k], got[0], got[1],
                                 "after SPOP, %s's set is not its content minus what it popped" % who)
        if po != pr:
            self.r.exact(["DEL", k], proto=2)
            if remaining:
                self.r.exact(["SADD", k] + sorted(m.decode("latin1") for m in remaining), proto=2)


# ---------------------------------------------------------------- sorted set

SCORES = ["0", "1", "2", "3", "-1", "1.5", "2.5", "-2.25", "0.1", "100", "1e3", "10", "7", "-0",
          "9007199254740993", "3.0000000000000004"]
SCORE_EDGE = ["inf", "-inf", "+inf", "1e300", "-1e300", "1.7976931348623157e308", "5e-324"]
SRANGE = ["-inf", "+inf", "inf", "0", "1", "2", "3", "(1", "(2", "1.5", "(1.5", "-1", "(-inf", "(+inf",
          "5", "10", "100", "(0"]
SRANGE_BAD = ["abc", "(abc", "nan", "[1", "", "((1"]
LRANGE = ["-", "+", "[a", "(a", "[c", "(c", "[m", "[m1", "(z", "[", "(", "[zzz", "[e", "(h", "[1"]
LRANGE_BAD = ["a", "", "x", "*", "-a", "+b"]

class ZsetGen(Gen):
    name, prefix, probe = "zset", "z", ["ZCARD", "__probe__"]
    cap = 600
    lex_keys = ["z4", "z5"]   # kept with all scores 0 by ZADD/ZINCRBY, for the lex commands

    def zmember(self):
        return self.member()

    def score(self, k=None):
        if k in self.lex_keys:
            return "0"
        r = self.rnd.random()
        if r < 0.85:
            return self.pick(SCORES)
        if r < 0.95:
            return self.pick(SCORE_EDGE)
        return self.pick(BAD_FLOAT)

    def srange(self):
        return self.pick(SRANGE) if self.rnd.random() < 0.95 else self.pick(SRANGE_BAD)

    def lrange(self):
        return self.pick(LRANGE) if self.rnd.random() < 0.95 else self.pick(LRANGE_BAD)

    def rank(self):
        r = self.rnd.random()
        if r < 0.9:
            return str(self.rnd.randint(-10, 10))
        if r < 0.95:
            return self.pick(["9223372036854775807", "-9223372036854775808", "1000"])
        return self.pick(BAD_INT)

    def lex_key(self):
        return self.pick(self.lex_keys) if self.rnd.random() < 0.8 else self.key()

    def zkeys(self, with_sets=True):
        """Input keys of the multi-key commands: zsets, and sets when enabled."""
        n = self.pick([1, 2, 2, 3])
        out = []
        for _ in range(n):
            if with_sets and "set" in self.enabled and self.rnd.random() < 0.15:
                out.append("xs")
            else:
                out.append(self.key())
        return out

    def lex_ok(self, k):
        """True when a lex command on k is deterministic: k is not a zset, is
        empty, or all its scores are equal."""
        lo = parse(self.r.exact(["ZRANGE", k, "0", "0", "WITHSCORES"], proto=2))
        if lo[0] != "*" or not lo[1]:
            return True
        hi = parse(self.r.exact(["ZRANGE", k, "-1", "-1", "WITHSCORES"], proto=2))
        if lo[1][1] == hi[1][1]:
            return True
        self.skipped += 1
        return False

    def op_table(self):
        return [(20, self.c_zadd), (4, self.c_zincrby), (6, self.c_zrem), (3, self.c_zcard),
                (3, self.c_zcount), (2, self.c_zlexcount), (4, self.c_zscore), (3, self.c_zmscore),
                (3, self.c_zrank), (3, self.c_zrevrank), (8, self.c_zrange), (3, self.c_zrangestore),
                (3, self.c_zrevrange), (3, self.c_zrangebyscore), (3, self.c_zrevrangebyscore),
                (2, self.c_zrangebylex), (2, self.c_zrevrangebylex), (2, self.c_zremrangebyrank),
                (2, self.c_zremrangebyscore), (1.5, self.c_zremrangebylex), (3, self.c_zpopmin),
                (3, self.c_zpopmax), (2, self.c_zmpop), (1, self.c_bzpopmin), (1, self.c_bzpopmax),
                (1, self.c_bzmpop), (3, self.c_zrandmember), (2, self.c_zunion), (2, self.c_zunionstore),
                (2, self.c_zinter), (2, self.c_zinterstore), (1.5, self.c_zintercard), (2, self.c_zdiff),
                (1.5, self.c_zdiffstore), (2.5, self.c_zscan), (1.5, self.c_zbulk)]

    def c_zadd(self):
        k = self.key()
        flags = [f for f in ["NX", "XX", "GT", "LT", "CH", "INCR"] if self.rnd.random() < 0.1]
        self.rnd.shuffle(flags)
        if self.rnd.random() < 0.02:
            flags.append(self.pick(["FOO", "nx", "incr"]))
        n = 1 if "INCR" in flags and self.rnd.random() < 0.9 else self.pick([1, 1, 2, 3])
        pairs = []
        for _ in range(n):
            pairs += [self.score(k), self.zmember()]
        if self.rnd.random() < 0.03:
            pairs.pop()
        self.touched = [k]
        self.x(["ZADD", k] + flags + pairs)

    def c_zbulk(self):
        k = self.own_key()
        n = self.pick([50, 130, 200])
        args = ["ZADD", k]
        for _ in range(n):
            if k in self.lex_keys or self.rnd.random() < 0.5:
                sc = self.score(k)
            else:
                sc = str(self.rnd.randrange(1000))
            args += [sc, "m%d" % self.rnd.randrange(400)]
        self.touched = [k]
        self.x(args)

    def c_zincrby(self):
        k = self.key()
        self.touched = [k]
        self.x(["ZINCRBY", k, self.score(k), self.zmember()])

    def c_zrem(self):
        k = self.key()
        self.touched = [k]
        self.x(["ZREM", k] + [self.zmember() for _ in range(self.pick([1, 1, 2, 4]))])

    def c_zcard(self):
        self.x(["ZCARD", self.key()])

    def c_zcount(self):
        self.x(["ZCOUNT", self.key(), self.srange(), self.srange()])

    def c_zlexcount(self):
        k = self.lex_key()
        if self.lex_ok(k):
            self.x(["ZLEXCOUNT", k, self.lrange(), self.lrange()])

    def c_zscore(self):
        self.x(["ZSCORE", self.key(), self.zmember()])

    def c_zmscore(self):
        self.x(["ZMSCORE", self.key()] + [self.zmember() for _ in range(self.rnd.randint(1, 4))])

    def c_zrank(self):
        self.x(["ZRANK", self.key(), self.zmember()])

    def c_zrevrank(self):
        self.x(["ZREVRANK", self.key(), self.zmember()])

    def zrange_args(self, k):
        """start stop and the options of ZRANGE/ZRANGESTORE; None if lex and unsafe."""
        mode = self.pick(["rank", "rank", "score", "lex"])
        if mode == "lex":
            if not self.lex_ok(k):
                return None
            args = [self.lrange(), self.lrange()]
        elif mode == "score":
            args = [self.srange(), self.srange()]
        else:
            args = [self.rank(), self.rank()]
        opts = []
        if mode == "score" or (mode != "lex" and self.rnd.random() < 0.03):
            opts.append(["BYSCORE"])
        if mode == "lex":
            opts.append(["BYLEX"])
        if self.rnd.random() < 0.3:
            opts.append(["REV"])
        if self.rnd.random() < (0.3 if mode != "rank" else 0.05):
            opts.append(["LIMIT", self.pick(["0", "1", "2", "-1", "5"]), self.pick(["1", "2", "-1", "10", "0", "abc"])])
        return args, opts

    def c_zrange(self):
        k = self.lex_key() if self.rnd.random() < 0.2 else self.key()
        got = self.zrange_args(k)
        if got is None:
            return
        args, opts = got
        if self.rnd.random() < 0.4:
            opts.append(["WITHSCORES"])
        self.rnd.shuffle(opts)
        self.x(["ZRANGE", k] + args + [o for opt in opts for o in opt])

    def c_zrangestore(self):
        src = self.lex_key() if self.rnd.random() < 0.2 else self.key()
        dst = self.own_key()
        got = self.zrange_args(src)
        if got is None:
            return
        args, opts = got
        if self.rnd.random() < 0.03:
            opts.append(["WITHSCORES"])
        self.rnd.shuffle(opts)
        self.touched = [dst]
        self.x(["ZRANGESTORE", dst, src] + args + [o for opt in opts for o in opt])

    def c_zrevrange(self):
        args = ["ZREVRANGE", self.key(), self.rank(), self.rank()]
        if self.rnd.random() < 0.5:
            args.append("WITHSCORES")
        self.x(args)

    def byscore(self, cmd):
        args = [cmd, self.key(), self.srange(), self.srange()]
        opts = []
        if self.rnd.random() < 0.5:
            opts.append(["WITHSCORES"])
        if self.rnd.random() < 0.3:
            opts.append(["LIMIT", self.pick(["0", "1", "2", "-1"]), self.pick(["1", "3", "-1", "0", "abc"])])
        if self.rnd.random() < 0.02:
            opts.append(["FOO"])
        self.rnd.shuffle(opts)
        self.x(args + [o for opt in opts for o in opt])

    def c_zrangebyscore(self):
        self.byscore("ZRANGEBYSCORE")

    def c_zrevrangebyscore(self):
        self.byscore("ZREVRANGEBYSCORE")

    def bylex(self, cmd):
        k = self.lex_key()
        if not self.lex_ok(k):
            return
        args = [cmd, k, self.lrange(), self.lrange()]
        if self.rnd.random() < 0.3:
            args += ["LIMIT", self.pick(["0", "1", "2", "-1"]), self.pick(["1", "3", "-1", "0"])]
        if self.rnd.random() < 0.03:
            args.append(self.pick(["WITHSCORES", "FOO"]))
        self.x(args)

    def c_zrangebylex(self):
        self.bylex("ZRANGEBYLEX")

    def c_zrevrangebylex(self):
        self.bylex("ZREVRANGEBYLEX")

    def c_zremrangebyrank(self):
        k = self.key()
        self.touched = [k]
        self.x(["ZREMRANGEBYRANK", k, self.rank(), self.rank()])

    def c_zremrangebyscore(self):
        k = self.key()
        self.touched = [k]
        self.x(["ZREMRANGEBYSCORE", k, self.srange(), self.srange()])

    def c_zremrangebylex(self):
        k = self.lex_key()
        if not self.lex_ok(k):
            return
        self.touched = [k]
        self.x(["ZREMRANGEBYLEX", k, self.lrange(), self.lrange()])

    def zpop(self, cmd):
        k = self.key()
        args = [cmd, k]
        if self.rnd.random() < 0.5:
            args.append(self.count_tok())
        self.touched = [k]
        self.x(args)

    def c_zpopmin(self):
        self.zpop("ZPOPMIN")

    def c_zpopmax(self):
        self.zpop("ZPOPMAX")

    def mpop_tail(self, keys):
        return ListGen.mpop_tail(self, keys, ["MIN", "MAX"])

    def c_zmpop(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        self.x(["ZMPOP"] + self.mpop_tail(keys))

    def c_bzpopmin(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        self.x(["BZPOPMIN"] + keys + [ListGen.timeout(self, keys)], mutate=False)

    def c_bzpopmax(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        self.x(["BZPOPMAX"] + keys + [ListGen.timeout(self, keys)], mutate=False)

    def c_bzmpop(self):
        keys = [self.key() for _ in range(self.rnd.randint(1, 3))]
        self.touched = keys[:1]
        tail = self.mpop_tail(keys)
        self.x(["BZMPOP", ListGen.timeout(self, keys)] + tail, mutate=False)

    def setop(self, cmd, store):
        keys = self.zkeys()
        n = len(keys)
        numkeys = str(n) if self.rnd.random() < 0.93 else self.pick(["0", "-1", str(n + 1), "abc"])
        args = [cmd] + ([self.own_key()] if store else []) + [numkeys] + keys
        opts = []
        if cmd.startswith(("ZUNION", "ZINTER")):
            if self.rnd.random() < 0.3:
                w = [self.pick(["1", "2", "-1", "0.5", "0", "3"]) for _ in range(n)]
                r = self.rnd.random()
                if r < 0.05:
                    w.pop()
                elif r < 0.1:
                    w[0] = self.pick(["abc", "nan", "inf", "-inf"])
                opts.append(["WEIGHTS"] + w)
            if self.rnd.random() < 0.3:
                opts.append(["AGGREGATE", self.pick(["SUM", "MIN", "MAX", "max"]) if self.rnd.random() < 0.95
                             else "AVG"])
        if (not store and self.rnd.random() < 0.5) or (store and self.rnd.random() < 0.02):
            opts.append(["WITHSCORES"])
        if self.rnd.random() < 0.02:
            opts.append(["FOO"])
        self.rnd.shuffle(opts)
        if store:
            self.touched = [args[1]]
        self.x(args + [o for opt in opts for o in opt])

    def c_zunion(self):
        self.setop("ZUNION", False)

    def c_zunionstore(self):
        self.setop("ZUNIONSTORE", True)

    def c_zinter(self):
        self.setop("ZINTER", False)

    def c_zinterstore(self):
        self.setop("ZINTERSTORE", True)

    def c_zdiff(self):
        self.setop("ZDIFF", False)

    def c_zdiffstore(self):
        self.setop("ZDIFFSTORE", True)

    def c_zintercard(self):
        keys = self.zkeys()
        numkeys = str(len(keys)) if self.rnd.random() < 0.93 else self.pick(["0", "-1", str(len(keys) + 1)])
        args = ["ZINTERCARD", numkeys] + keys
        if self.rnd.random() < 0.4:
            args += ["LIMIT", self.pick(["0", "1", "2", "-1", "abc"])]
        self.x(args)

    def c_zscan(self):
        scan(self, "ZSCAN", self.key(), pairs=True)

    def c_zrandmember(self):
        k = self.key()
        args = ["ZRANDMEMBER", k]
        count = None
        if self.rnd.random() < 0.75:
            tok = self.count_tok()
            args.append(tok)
            if self.rnd.random() < 0.5:
                args.append("WITHSCORES")
            if self.rnd.random() < 0.03:
                args.append(self.pick(["WITHSCORES", "junk"]))
            try:
                count = int(tok)
            except ValueError:
                count = "bad"
        with_scores = "WITHSCORES" in args
        t, c = self.read_content(k, self.r.proto)
        content = {text(a): text(b) for a, b in pairs_of(c)} if t == "zset" else None
        ro, rr = self.r.send(args)
        if count == "bad" or len(args) > 4 or (len(args) == 4 and not with_scores):
            if ro != rr:
                raise Difference(args, ro, rr, "replies differ (exact compare)")
            return
        self.check_random(args, ro, rr, content, count, with_scores)


# ---------------------------------------------------------------- SORT

class SortGen(Gen):
    """SORT / SORT_RO over lists, sets and sorted sets, with BY/GET patterns
    reading string weights (w_<elem>) and hash fields (o_<elem> f|g)."""
    name, prefix, probe = "sort", "k", ["SORT", "__probe__"]
    kinds = {"k0": "list", "k1": "list", "k2": "set", "k3": "set", "k4": "zset", "k5": "zset",
             "xl": "list", "xs": "set", "xz": "zset"}
    needs = ["hash", "list", "set", "zset"]  # the phase writes all of these types
    ELEMS = [str(i) for i in range(-3, 15)] + ["1.5", "2.5", "-0.5", "1e2", "a", "b", "c", "abc", "B"]
    NUMERIC = [str(i) for i in range(-3, 15)] + ["1.5", "2.5", "-0.5", "1e2"]

    def generic_table(self):
        return [(1, self.g_type), (1, self.g_exists), (1, self.g_del), (0.5, self.g_encoding)]

    def elem(self, numeric):
        return self.pick(self.NUMERIC if numeric else self.ELEMS)

    def op_table(self):
        return [(6, self.c_fill), (3, self.c_weight), (3, self.c_hfield), (20, self.c_sort), (8, self.c_sort_ro)]

    def c_fill(self):
        k = self.own_key()
        numeric = self.rnd.random() < 0.6
        n = self.pick([1, 2, 3, 10, 40])
        kind = self.kinds[k]
        elems = [self.elem(numeric) for _ in range(n)]
        if kind == "list":
            self.x(["RPUSH", k] + elems)
        elif kind == "set":
            self.x(["SADD", k] + elems)
        else:
            args = ["ZADD", k]
            for e in elems:
                args += [str(self.rnd.randrange(-5, 20)), e]
            self.x(args)
        if self.rnd.random() < 0.1:
            self.x(["DEL", k])

    def c_weight(self):
        e = self.elem(False)
        v = self.pick(["1", "2", "-1", "0.5", "10", "3", "abc", "x", "", "1e1"])
        self.x(["SET", "w_" + e, v])

    def c_hfield(self):
        e = self.elem(False)
        self.x(["HSET", "o_" + e, self.pick(["f", "g"]), self.pick(["1", "5", "-2", "7.5", "zz", "aa", ""])])

    def sort_args(self, ro):
        k = self.key()
        args = [k]
        by = None
        r = self.rnd.random()
        if r < 0.25:
            by = "nosort"
        elif r < 0.45:
            by = "w_*"
        elif r < 0.55:
            by = "o_*->f"
        elif r < 0.58:
            by = self.pick(["nokey_*", "w_", "o_*->", "*"])
        if by:
            args += ["BY", by]
        limit = self.rnd.random() < 0.25
        if limit:
            args += ["LIMIT", self.pick(["0", "1", "2", "-1", "5"]), self.pick(["1", "2", "3", "-1", "0", "100"])]
        gets = []
        for _ in range(self.pick([0, 0, 1, 2])):
            gets.append(self.pick(["#", "w_*", "o_*->g", "o_*->f", "nokey_*", "w_*->x"]))
        for g in gets:
            args += ["GET", g]
        if self.rnd.random() < 0.3:
            args.append(self.pick(["ASC", "DESC"]))
        alpha = self.rnd.random() < 0.4
        if alpha:
            args.append("ALPHA")
        store = not ro and self.rnd.random() < 0.25
        if store:
            args += ["STORE", self.own_key()]
        if self.rnd.random() < 0.02:
            args.append(self.pick(["FOO", "LIMIT", "GET"]))
        return k, args, by, limit, len(gets), alpha, store

    def do_sort(self, cmd, ro):
        k, args, by, limit, ngets, alpha, store = self.sort_args(ro)
        kind = self.kinds.get(k, "other")
        # A BY pattern without '*' means "do not sort" (BY nosort, BY w_).
        nosort = by is not None and "*" not in by
        # With BY + ALPHA, equal weights keep qsort's (unspecified) order.
        unordered_ties = alpha and by is not None and not nosort
        if unordered_ties and store:
            return  # the stored order would differ: nothing stable to compare afterwards
        # A set read without sorting comes in hash table order (with STORE the
        # server sorts it anyway, so that the stored list is deterministic).
        set_nosort = kind == "set" and nosort and not store
        if not (set_nosort or unordered_ties):
            # No random mutation here: a BY pattern turned into one without '*'
            # would read a set in hash table order (sort_args adds its own junk).
            self.x([cmd] + args, mutate=False)
            return
        ro_, rr_ = self.r.send([cmd] + args)
        to, tr = parse(ro_), parse(rr_)
        if not (is_agg(to) and is_agg(tr)):
            if ro_ != rr_:
                raise Difference([cmd] + args, ro_, rr_, "replies differ (exact compare)")
            return
        if limit:  # an arbitrary subset (or arbitrary tie breaks at the cut): compare the length only
            if to[0] != tr[0] or len(to[1]) != len(tr[1]):
                raise Difference([cmd] + args, ro_, rr_, "replies of different lengths")
            return
        g = max(ngets, 1)
        def groups(t):
            it = [canon(x) for x in t[1]]
            return sorted((tuple(it[i:i + g]) for i in range(0, len(it), g)), key=repr)
        if to[0] != tr[0] or groups(to) != groups(tr):
            raise Difference([cmd] + args, ro_, rr_, "replies differ as multisets of GET groups")

    def c_sort(self):
        self.do_sort("SORT", False)

    def c_sort_ro(self):
        self.do_sort("SORT_RO", True)


# ---------------------------------------------------------------- bitmaps

BIT_TYPES = ["i1", "i5", "i8", "i16", "i31", "i32", "i63", "i64", "u1", "u3", "u8", "u16", "u32", "u62", "u63"]
BIT_TYPES_BAD = ["i65", "u64", "i0", "u0", "x8", "8", "i", ""]
BIT_RANGE = ["0", "1", "2", "-1", "-2", "-5", "3", "7", "8", "15", "100", "-100", "9223372036854775807",
             "-9223372036854775808"]

class BitmapGen(Gen):
    """SETBIT/GETBIT/BITCOUNT/BITPOS/BITOP/BITFIELD(_RO) over string keys,
    mixed with the string commands that write the same bytes."""
    name, prefix, probe = "bitmap", "b", ["GETBIT", "__probe__", "0"]

    def offset(self, limit=4000):
        r = self.rnd.random()
        if r < 0.8:
            return str(self.rnd.randrange(limit))
        if r < 0.9:
            return str(self.rnd.randrange(100000))
        if r < 0.995:
            return self.pick(["-1", "abc", "4294967296", "1.5", "", "9223372036854775807"])
        return "8388608"  # the first offset past a 1mb proto-max-bulk-len

    def brange(self):
        return self.pick(BIT_RANGE) if self.rnd.random() < 0.97 else self.pick(BAD_INT)

    def unit(self):
        r = self.rnd.random()
        if r < 0.4:
            return []
        if r < 0.97:
            return [self.pick(["BYTE", "BIT", "byte", "bit"])]
        return [self.pick(["BITS", "", "WORD"])]

    def op_table(self):
        return [(14, self.c_setbit), (6, self.c_getbit), (6, self.c_bitcount), (6, self.c_bitpos),
                (4, self.c_bitop), (10, self.c_bitfield), (3, self.c_bitfield_ro), (3, self.c_set),
                (2, self.c_append), (3, self.c_setrange), (2, self.c_getrange), (2, self.c_strlen)]

    def c_setbit(self):
        k = self.key()
        self.touched = [k]
        v = self.pick(["0", "1", "1"]) if self.rnd.random() < 0.97 else self.pick(["2", "-1", "a", ""])
        self.x(["SETBIT", k, self.offset(), v])

    def c_getbit(self):
        self.x(["GETBIT", self.key(), self.offset()])

    def c_bitcount(self):
        args = ["BITCOUNT", self.key()]
        r = self.rnd.random()
        if r < 0.7:
            args += [self.brange(), self.brange()] + self.unit()
        elif r < 0.75:
            args.append(self.brange())  # start without end: a syntax error
        self.x(args)

    def c_bitpos(self):
        bit = self.pick(["0", "1"]) if self.rnd.random() < 0.97 else self.pick(["2", "-1", "x"])
        args = ["BITPOS", self.key(), bit]
        r = self.rnd.random()
        if r < 0.3:
            args.append(self.brange())
        elif r < 0.8:
            args += [self.brange(), self.brange()] + self.unit()
        self.x(args)

    def c_bitop(self):
        op = self.pick(["AND", "OR", "XOR", "NOT", "and", "not"]) if self.rnd.random() < 0.97 \
            else self.pick(["NAND", "", "ANDX"])
        n = 1 if op.upper() == "NOT" and self.rnd.random() < 0.9 else self.pick([1, 2, 2, 3, 4])
        dest = self.own_key()
        self.touched = [dest]
        self.x(["BITOP", op, dest] + [self.key() for _ in range(n)])

    def field_type(self):
        return self.pick(BIT_TYPES) if self.rnd.random() < 0.97 else self.pick(BIT_TYPES_BAD)

    def field_offset(self):
        r = self.rnd.random()
        if r < 0.75:
            return str(self.rnd.randrange(300))
        if r < 0.95:
            return "#%d" % self.rnd.randrange(40)
        return self.pick(["-1", "#-1", "#", "abc", "4294967296", "#99999999999"])

    def field_value(self, t):
        r = self.rnd.random()
        bits = int(t[1:]) if t[1:].isdigit() and int(t[1:]) > 0 else 8
        if r < 0.6:
            return str(self.rnd.randrange(-300, 300))
        if r < 0.9:
            edge = [2 ** (bits - 1) - 1, -2 ** (bits - 1), 2 ** bits - 1, 2 ** bits, 2 ** 63 - 1, -2 ** 63]
            return str(self.pick(edge) + self.pick([-1, 0, 0, 1]))
        return self.pick(BAD_INT)

    def subcommands(self, readonly):
        args = []
        for _ in range(self.pick([1, 1, 2, 3, 5])):
            r = self.rnd.random()
            if readonly or r < 0.35:
                args += ["GET", self.field_type(), self.field_offset()]
            elif r < 0.6:
                t = self.field_type()
                args += ["SET", t, self.field_offset(), self.field_value(t)]
            elif r < 0.85:
                t = self.field_type()
                args += ["INCRBY", t, self.field_offset(), self.field_value(t)]
            elif r < 0.98:
                args += ["OVERFLOW", self.pick(["WRAP", "SAT", "FAIL", "sat", "fail"])]
            else:
                args += [self.pick(["OVERFLOW", "GET", "FOO", "SET"])]
        if readonly and self.rnd.random() < 0.03:
            args += ["SET", "u8", "0", "1"]
        return args

    def c_bitfield(self):
        k = self.key()
        self.touched = [k]
        self.x(["BITFIELD", k] + (self.subcommands(False) if self.rnd.random() < 0.98 else []))

    def c_bitfield_ro(self):
        self.x(["BITFIELD_RO", self.key()] + self.subcommands(True))

    def bytes_value(self):
        r = self.rnd.random()
        if r < 0.3:
            return self.pick(["", "a", "\xff", "\x00\x00", "foobar", "12345", "-1"])
        n = self.pick([1, 3, 8, 17, 40, 64, 200])
        return "".join(chr(self.rnd.randrange(256)) for _ in range(n))

    def c_set(self):
        k = self.own_key()
        self.touched = [k]
        self.x(["SET", k, self.bytes_value()])

    def c_append(self):
        k = self.key()
        self.touched = [k]
        self.x(["APPEND", k, self.bytes_value()])

    def c_setrange(self):
        k = self.key()
        self.touched = [k]
        self.x(["SETRANGE", k, str(self.rnd.randrange(600)) if self.rnd.random() < 0.95 else "-1",
                self.bytes_value()])

    def c_getrange(self):
        self.x(["GETRANGE", self.key(), self.brange(), self.brange()])

    def c_strlen(self):
        self.x(["STRLEN", self.key()])

    def audit_keys(self):
        Gen.audit_keys(self)
        for k in self.keys:  # keep values small: an offset near 2^23 makes a 1mb string
            n = parse(self.r.exact(["STRLEN", k], proto=2))
            if n[0] == ":" and n[1] > 20000:
                self.r.exact(["DEL", k], proto=2)


# ---------------------------------------------------------------- HyperLogLog

class HllGen(Gen):
    """PFADD/PFCOUNT/PFMERGE/PFDEBUG on values that are byte-identical in both
    servers (the audit compares GET of each key), including corrupted and
    foreign strings."""
    name, prefix, probe = "hll", "p", ["PFCOUNT", "__probe__"]

    def elem(self):
        r = self.rnd.random()
        if r < 0.7:
            return "e%d" % self.rnd.randrange(30000)
        return self.member()

    def op_table(self):
        return [(16, self.c_pfadd), (4, self.c_pfbulk), (8, self.c_pfcount), (4, self.c_pfcount_multi),
                (5, self.c_pfmerge), (4, self.c_pfdebug), (0.7, self.c_corrupt), (0.5, self.c_set_foreign),
                (0.5, self.c_append), (2, self.c_get)]

    def c_pfadd(self):
        k = self.key()
        self.touched = [k]
        self.x(["PFADD", k] + [self.elem() for _ in range(self.pick([0, 1, 1, 2, 5]))])

    def c_pfbulk(self):
        k = self.own_key()
        self.touched = [k]
        base = self.rnd.randrange(1000000)
        n = self.pick([50, 200, 800, 2000])
        self.x(["PFADD", k] + ["b%d" % (base + i) for i in range(n)])

    def c_pfcount(self):
        self.x(["PFCOUNT", self.key()])

    def c_pfcount_multi(self):
        self.x(["PFCOUNT"] + [self.key() for _ in range(self.pick([2, 2, 3, 4]))])

    def c_pfmerge(self):
        dest = self.own_key()
        self.touched = [dest]
        self.x(["PFMERGE", dest] + [self.key() for _ in range(self.pick([0, 1, 2, 3]))])

    def c_pfdebug(self):
        sub = self.pick(["GETREG", "ENCODING", "TODENSE", "DECODE", "encoding"]) if self.rnd.random() < 0.97 \
            else self.pick(["FOO", ""])
        k = self.key()
        if sub.upper() == "TODENSE":
            self.touched = [k]
        self.x(["PFDEBUG", sub, k])

    def c_corrupt(self):
        """Overwrite a few bytes of an HLL: header, sparse opcodes or registers."""
        k = self.own_key()
        self.touched = [k]
        off = self.pick([0, 3, 4, 5, 8, 15, 16, 17, 18, 20]) if self.rnd.random() < 0.5 \
            else self.rnd.randrange(16, 2000)
        junk = "".join(chr(self.rnd.randrange(256)) for _ in range(self.pick([1, 1, 2, 4])))
        self.x(["SETRANGE", k, str(off), junk])

    def c_set_foreign(self):
        k = self.own_key()
        self.touched = [k]
        v = self.pick(["HYLL", "HYLL\x00", "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
                       "HYLL\x02" + "\x00" * 11, "hello", "", "HYLL" + "\x00" * 12])
        self.x(["SET", k, v])

    def c_append(self):
        k = self.own_key()
        self.touched = [k]
        self.x(["APPEND", k, self.pick(["x", "\x00" * 10, "abc"])])

    def c_get(self):
        self.x(["GET", self.key()])


# ---------------------------------------------------------------- geo

GEO_UNITS = ["m", "km", "ft", "mi", "M", "KM"]
GEO_UNITS_BAD = ["meters", "", "cm", "kmm"]

class GeoGen(Gen):
    """GEOADD and every geo query on sorted sets: distances, positions and
    hashes printed by both servers must agree to the digit; results are
    compared in order (distinct random coordinates make distance ties
    practically impossible)."""
    name, prefix, probe = "geo", "g", ["GEOPOS", "__probe__", "m"]
    cap = 600

    def gmember(self):
        return "m%d" % self.rnd.randrange(60) if self.rnd.random() < 0.9 else self.member()

    def lonlat(self):
        r = self.rnd.random()
        if r < 0.6:  # a cluster, so that searches find something
            return ["%.6f" % self.rnd.uniform(12.0, 16.0), "%.6f" % self.rnd.uniform(36.0, 40.0)]
        if r < 0.95:
            return ["%.6f" % self.rnd.uniform(-180, 180), "%.6f" % self.rnd.uniform(-85.05112878, 85.05112878)]
        return self.pick([["181", "0"], ["0", "86"], ["-180", "-85.05112878"], ["180", "85.05112878"],
                          ["abc", "1"], ["1", ""], ["0", "85.05112879"], ["nan", "0"], ["inf", "0"]])

    def radius(self):
        r = self.rnd.random()
        if r < 0.9:
            return self.pick(["1", "10", "50", "100", "200", "500", "2000", "0", "0.5", "100000", "400000"])
        return self.pick(["-1", "abc", "1e400", "", "inf"])

    def unit(self):
        return self.pick(GEO_UNITS) if self.rnd.random() < 0.97 else self.pick(GEO_UNITS_BAD)

    def op_table(self):
        return [(14, self.c_geoadd), (3, self.c_geodist), (3, self.c_geohash), (3, self.c_geopos),
                (8, self.c_geosearch), (3, self.c_geosearchstore), (4, self.c_georadius),
                (3, self.c_georadiusbymember), (2, self.c_zrem), (1, self.c_zadd), (2, self.c_zscore),
                (1, self.c_geobulk)]

    def c_geoadd(self):
        k = self.key()
        self.touched = [k]
        flags = [f for f in ["NX", "XX", "CH"] if self.rnd.random() < 0.1]
        if self.rnd.random() < 0.02:
            flags.append(self.pick(["GT", "INCR", "nx"]))
        items = []
        for _ in range(self.pick([1, 1, 2, 3])):
            items += self.lonlat() + [self.gmember()]
        if self.rnd.random() < 0.02:
            items = items[:-1]
        self.x(["GEOADD", k] + flags + items)

    def c_geobulk(self):
        k = self.own_key()
        self.touched = [k]
        items = []
        for i in range(self.pick([50, 150, 300])):
            items += ["%.6f" % self.rnd.uniform(12.0, 16.0), "%.6f" % self.rnd.uniform(36.0, 40.0), "b%d" % i]
        self.x(["GEOADD", k] + items)

    def c_geodist(self):
        args = ["GEODIST", self.key(), self.gmember(), self.gmember()]
        if self.rnd.random() < 0.7:
            args.append(self.unit())
        self.x(args)

    def c_geohash(self):
        self.x(["GEOHASH", self.key()] + [self.gmember() for _ in range(self.pick([0, 1, 2, 4]))])

    def c_geopos(self):
        self.x(["GEOPOS", self.key()] + [self.gmember() for _ in range(self.pick([0, 1, 2, 4]))])

    def shape(self):
        if self.rnd.random() < 0.55:
            return ["BYRADIUS", self.radius(), self.unit()]
        return ["BYBOX", self.radius(), self.radius(), self.unit()]

    def origin(self):
        if self.rnd.random() < 0.5:
            return ["FROMMEMBER", self.gmember()]
        return ["FROMLONLAT"] + self.lonlat()

    def query_opts(self, store=False):
        opts = []
        if self.rnd.random() < 0.4:
            opts.append([self.pick(["ASC", "DESC"])])
        if self.rnd.random() < 0.4:
            c = ["COUNT", self.pick(["1", "2", "5", "20"]) if self.rnd.random() < 0.95 else self.pick(["0", "-1", "x"])]
            if self.rnd.random() < 0.3:
                c.append("ANY")
            opts.append(c)
        if not store:
            for w in ("WITHCOORD", "WITHDIST", "WITHHASH"):
                if self.rnd.random() < 0.3:
                    opts.append([w])
        if self.rnd.random() < 0.02:
            opts.append([self.pick(["ANY", "FOO", "STOREDIST", "WITHCOORD"])])
        self.rnd.shuffle(opts)
        return [o for opt in opts for o in opt]

    def c_geosearch(self):
        parts = [self.origin(), self.shape()]
        self.rnd.shuffle(parts)
        args = ["GEOSEARCH", self.key()] + parts[0] + parts[1] + self.query_opts()
        if self.rnd.random() < 0.02:
            args += self.origin()
        self.x(args)

    def c_geosearchstore(self):
        dest = self.own_key()
        self.touched = [dest]
        args = ["GEOSEARCHSTORE", dest, self.key()] + self.origin() + self.shape() + self.query_opts(store=True)
        if self.rnd.random() < 0.3:
            args.append("STOREDIST")
        self.x(args)

    def radius_opts(self):
        opts = self.query_opts()
        r = self.rnd.random()
        if r < 0.1:
            opts += ["STORE", self.own_key()]
        elif r < 0.2:
            opts += ["STOREDIST", self.own_key()]
        return opts

    def c_georadius(self):
        cmd = self.pick(["GEORADIUS", "GEORADIUS_RO"])
        opts = self.radius_opts() if cmd == "GEORADIUS" else self.query_opts()
        self.x([cmd, self.key()] + self.lonlat() + [self.radius(), self.unit()] + opts)

    def c_georadiusbymember(self):
        cmd = self.pick(["GEORADIUSBYMEMBER", "GEORADIUSBYMEMBER_RO"])
        opts = self.radius_opts() if cmd == "GEORADIUSBYMEMBER" else self.query_opts()
        self.x([cmd, self.key(), self.gmember(), self.radius(), self.unit()] + opts)

    def c_zrem(self):
        k = self.key()
        self.touched = [k]
        self.x(["ZREM", k] + [self.gmember() for _ in range(self.pick([1, 2]))])

    def c_zadd(self):
        """Scores written directly: invalid geohashes (negative, 2^52 and
        above) or random valid ones (a repeated valid score would place two
        members at one point, and the order of distance ties is unspecified)."""
        k = self.key()
        self.touched = [k]
        if self.rnd.random() < 0.5:
            score = self.pick(["-1", "1e20", "4503599627370496", "-inf"])
        else:
            score = str(self.rnd.randrange(1 << 52))
        self.x(["ZADD", k, score, self.gmember()])

    def c_zscore(self):
        self.x(["ZSCORE", self.key(), self.gmember()])


# ---------------------------------------------------------------- streams

# Stream replies that carry wall-clock values, and only those, are masked:
#   XPENDING (extended form)   idle time of each entry          always
#   XINFO CONSUMERS            "idle" of each consumer           always
#   XINFO STREAM FULL          consumers' "seen-time"            always
#                              delivery times in the PELs        when clock-like (>= 10^12 ms)
# A delivery time set by XCLAIM TIME with a small value is not a clock
# reading and is compared; one set by IDLE (now - idle) or by a delivery is.
TIME_LIKE = 10 ** 12
MASKED = ("T", b"<time>")
ALWAYS_MASKED_FIELDS = {b"idle", b"seen-time", b"active-time", b"inactive"}

def kv_map(t, fn):
    """t with each value of its map (RESP3) or flat field/value array (RESP2)
    replaced by fn(field name, value); t itself if it is neither."""
    tag, v = t
    if tag == "%":
        return (tag, [(k, fn(text(k) if k[0] in "$+" else None, val)) for k, val in v])
    if tag == "*" and isinstance(v, list) and len(v) % 2 == 0:
        out = []
        for i in range(0, len(v), 2):
            k = v[i]
            out += [k, fn(text(k) if k[0] in "$+" else None, v[i + 1])]
        return (tag, out)
    return t

def mask_at(t, i, always):
    """An array t with its element i masked (always, or when clock-like)."""
    tag, v = t
    if tag != "*" or not isinstance(v, list) or len(v) <= i:
        return t
    x = v[i]
    if x[0] == ":" and (always or x[1] >= TIME_LIKE):
        return (tag, v[:i] + [MASKED] + v[i + 1:])
    return t

def each(t, fn):
    """An array t with fn applied to each element."""
    if t[0] != "*" or not isinstance(t[1], list):
        return t
    return (t[0], [fn(x) for x in t[1]])

def mask_consumer(c):
    def field(name, v):
        if name in ALWAYS_MASKED_FIELDS and v[0] == ":":
            return MASKED
        if name == b"pending":  # FULL: [id, delivery-time, delivery-count]
            return each(v, lambda e: mask_at(e, 1, False))
        return v
    return kv_map(c, field)

def mask_group(g):
    def field(name, v):
        if name == b"pending":  # FULL: [id, consumer, delivery-time, delivery-count]
            return each(v, lambda e: mask_at(e, 2, False))
        if name == b"consumers":
            return each(v, mask_consumer)
        return v
    return kv_map(g, field)

def mask_stream_reply(args, t):
    """The parsed reply t of a stream command with its clock readings masked."""
    name = args[0].upper() if args else ""
    sub = args[1].upper() if len(args) > 1 else ""
    if t[0] in "-_" or t[1] is None:
        return t
    if name == "XPENDING":
        # The extended form is an array of [id, consumer, idle, count]; the
        # summary form starts with an integer and holds no time.
        if all(x[0] == "*" and isinstance(x[1], list) and len(x[1]) == 4 for x in t[1] or []):
            return each(t, lambda e: mask_at(e, 2, True))
        return t
    if name == "XINFO" and sub == "CONSUMERS":
        return each(t, mask_consumer)
    if name == "XINFO" and sub == "STREAM":
        return kv_map(t, lambda k, v: each(v, mask_group) if k == b"groups" else v)
    return t


class StreamGen(Gen):
    """Every stream command, with IDs drawn so that both servers agree: explicit
    ms-seq and ms-* near a slowly growing counter, "*" only where the new ID
    does not come from the clock (a stream whose last ID is in the future, or
    a reply that is an error or a null).  Keys st4 and st5 live in the future
    (their IDs are offset by FUTURE) so that "*" gets exercised.  Minimum idle
    times and XCLAIM IDLE/TIME values are chosen far from each other so that
    which entries qualify never depends on timing (see idle_threshold)."""
    name, prefix, probe = "stream", "st", ["XLEN", "__probe__"]
    cap = 500
    FUTURE = 10 ** 13          # ms of year 2286: "*" after such an ID is last-ms + seq
    future_keys = ("st4", "st5")
    GROUPS = ["g1", "g2"]
    CONSUMERS = ["c1", "c2", "c3", "Alice"]
    FIELDS = ["f1", "f2", "f3", "123", "-5", "field", "a" * 70]

    def __init__(self, *a):
        Gen.__init__(self, *a)
        self.ms = 1  # IDs cluster around base + ms, so that reads, acks and claims hit
        self.recent = collections.deque(maxlen=40)  # (key, ID) returned by XADD: PEL material

    # -- choices
    def base(self, k):
        return self.FUTURE if k in self.future_keys else 0

    def near_ms(self, k):
        return self.base(k) + self.rnd.randint(max(0, self.ms - 3), self.ms + 2)

    def sid(self, k, special=False):
        """An ID for key k: mostly ms-seq near the counter; sometimes a bare ms,
        an odd or invalid one, and with special the range forms - + (id."""
        r = self.rnd.random()
        if r < 0.35 and self.recent:
            got = [i for kk, i in self.recent if kk == k]
            if got:
                return self.pick(got)
        if special and r < 0.12:
            return self.pick(["-", "+", "-", "+", "(%d-%d" % (self.near_ms(k), self.rnd.randint(0, 4)),
                              "(%d" % self.near_ms(k)])
        if r < 0.3:
            return str(self.near_ms(k))
        if r < 0.36:
            return self.pick(["abc", "1-x", "-1", "0-0", "0-1", "", "1-", "-5-1", "18446744073709551616",
                              "18446744073709551615-18446744073709551615", "1-18446744073709551615",
                              "(0-0" if special else "0", "(18446744073709551615-18446744073709551615"
                              if special else "2-1"])
        return "%d-%d" % (self.near_ms(k), self.rnd.randint(0, 4))

    def group(self):
        return self.pick(self.GROUPS) if self.rnd.random() < 0.97 else self.pick(["nogroup", ""])

    def consumer(self):
        return self.pick(self.CONSUMERS) if self.rnd.random() < 0.98 else ""

    def fvalue(self):
        r = self.rnd.random()
        if r < 0.4:
            return "v%d" % self.rnd.randrange(20)
        if r < 0.7:
            return self.pick(SMALL_INTS + EDGE_INTS)
        if r < 0.8:
            return self.pick(LONG)
        if r < 0.83:
            # Fills 4096-byte nodes in a few entries; an entry (master
            # included) stays below 4096 bytes: see CONFIG_CHOICES["stream"].
            return "B" * self.pick([300, 700, 1000])
        return self.member()

    def fields(self):
        n = self.pick([1, 1, 2, 2, 3])
        if self.rnd.random() < 0.7:  # the master entry's fields: SAMEFIELDS entries
            names = ["f1", "f2", "f3"][:n]
        else:
            names = [self.pick(self.FIELDS) for _ in range(n)]
        out = []
        for f in names:
            out += [f, self.fvalue()]
        if self.rnd.random() < 0.02:
            out.pop()  # odd field/value count
        return out

    def count_val(self):
        return self.pick(["0", "1", "2", "3", "5", "10", "100"]) if self.rnd.random() < 0.95 \
            else self.pick(["-1", "abc", "9223372036854775807", ""])

    def trim(self, k):
        """MAXLEN|MINID [=|~] threshold [LIMIT n]."""
        strat = self.pick(["MAXLEN", "MINID"]) if self.rnd.random() < 0.98 else self.pick(["MAXLENX", "maxlen"])
        out = [strat]
        op = self.pick(["", "=", "~", "~"])
        if op:
            out.append(op)
        if strat == "MINID":
            out.append(self.sid(k))
        elif self.rnd.random() < 0.95:
            out.append(str(self.pick([0, 1, 2, 3, 5, 10, 20, self.rnd.randint(0, 60)])))
        else:
            out.append(self.pick(["-1", "abc", "9223372036854775807"]))
        if self.rnd.random() < 0.3:
            out += ["LIMIT", self.pick(["0", "1", "2", "5", "10", "100", "-1", "abc"])]
        return out

    def min_idle(self):
        """0 (every entry), 10^8 ms (only entries made old by IDLE 10^9 or a
        small TIME: the others are younger than the run), or more than any idle."""
        r = self.rnd.random()
        if r < 0.75:
            return "0"
        if r < 0.97:
            return self.pick(["100000000", "1000000000000000"])
        return self.pick(["-1", "abc"])

    def block_ms(self):
        return self.pick(["10", "10", "20", "1"]) if self.rnd.random() < 0.95 else self.pick(["-1", "abc", "1.5"])

    # -- comparing with the clock masked
    def xm(self, args, mutate=True, proto=None):
        """x() for streams: byte for byte, or else equal once the clock
        readings of both replies are masked (mask_stream_reply)."""
        if mutate:
            args = self.mangle(args)
        ro, rr = self.r.send(args, proto)
        if ro == rr:
            t = parse(ro)
            if args[0] == "XADD" and t[0] == "$" and t[1]:
                self.recent.append((args[1], t[1].decode()))
            return t
        to, tr = parse(ro), parse(rr)
        if canon(mask_stream_reply(args, to)) != canon(mask_stream_reply(args, tr)):
            raise Difference(args, ro, rr, "replies differ (clock readings masked)")
        return to

    def field_of(self, t, name):
        out = []
        kv_map(t, lambda k, v: out.append(v) if k == name else None)
        return out[0] if out else None

    def last_ms(self, k):
        """The ms of k's last-generated-id, None unless k is a stream."""
        if parse(self.r.exact(["TYPE", k], proto=2))[1] != b"stream":
            return None
        info = parse(self.r.exact(["XINFO", "STREAM", k], proto=2))
        last = self.field_of(info, b"last-generated-id")
        return int(text(last).split(b"-")[0])

    def star_ok(self, k, nomkstream):
        """True when XADD k * ... does not take its ID from the clock."""
        t = parse(self.r.exact(["TYPE", k], proto=2))[1]
        if t == b"none":
            return nomkstream  # a null reply
        if t != b"stream":
            return True        # WRONGTYPE
        return self.last_ms(k) > time.time() * 1000 + 86400000

    # -- operations
    def generic_table(self):
        # Fewer deletions and renames than the other phases: consumer groups
        # must live long enough for reads, acks and claims to find them.
        return [(1, self.g_type), (1, self.g_exists), (0.4, self.g_del), (0.6, self.g_rename),
                (0.6, self.g_copy), (1, self.g_encoding), (0.1, self.g_config)]

    def op_table(self):
        return [(24, self.c_xadd), (1, self.c_xbulk), (4, self.c_xdel), (3, self.c_xtrim), (5, self.c_xrange),
                (3, self.c_xrevrange), (2, self.c_xlen), (5, self.c_xread), (1.5, self.c_xread_block),
                (9, self.c_xgroup), (8, self.c_xreadgroup), (1.5, self.c_xreadgroup_block), (4, self.c_xack),
                (4, self.c_xpending), (4, self.c_xclaim), (3, self.c_xautoclaim), (5, self.c_xinfo),
                (1.5, self.c_xsetid), (0.2, self.c_help)]

    def setup(self):
        Gen.setup(self)
        for name, value in STREAM_DEFAULT_CONFIG:
            self.r.exact(["CONFIG", "SET", name, value], proto=2)

    def c_xadd(self):
        k = self.key()
        opts = []
        if self.rnd.random() < 0.1:
            opts.append(["NOMKSTREAM"])
        if self.rnd.random() < 0.15:
            opts.append(self.trim(k))
        self.rnd.shuffle(opts)
        opts = [o for opt in opts for o in opt]
        self.ms += self.pick([0, 0, 1])
        ms = self.base(k) + self.ms
        r = self.rnd.random()
        if r < 0.6:
            eid = "%d-%d" % (ms, self.rnd.randint(0, 3))
        elif r < 0.8:
            eid = "%d-*" % ms
        elif r < 0.85:
            eid = str(ms)
        elif r < 0.95:
            eid = "*"
        else:
            eid = self.sid(k)
        args = ["XADD", k] + opts + [eid] + self.fields()
        self.touched = [k]
        if eid == "*":
            if self.star_ok(k, "NOMKSTREAM" in opts):
                self.xm(args, mutate=False)  # a mutation could make the ID the clock's after all
            return
        self.xm(args)

    def c_xbulk(self):
        """Many entries in a row: several nodes, big PELs, trimming material."""
        k = self.own_key()
        self.touched = [k]
        for _ in range(self.pick([20, 50, 120])):
            self.ms += self.pick([0, 1])
            self.xm(["XADD", k, "%d-*" % (self.base(k) + self.ms)] + self.fields(), mutate=False)

    def c_xdel(self):
        k = self.key()
        self.touched = [k]
        self.xm(["XDEL", k] + [self.sid(k) for _ in range(self.pick([1, 1, 2, 4]))])

    def c_xtrim(self):
        k = self.key()
        self.touched = [k]
        args = ["XTRIM", k] + self.trim(k)
        if self.rnd.random() < 0.02:
            args = ["XTRIM", k]
        self.xm(args)

    def range(self, cmd):
        k = self.key()
        args = [cmd, k, self.sid(k, True), self.sid(k, True)]
        if self.rnd.random() < 0.4:
            args += ["COUNT", self.count_val()]
        self.xm(args)

    def c_xrange(self):
        self.range("XRANGE")

    def c_xrevrange(self):
        self.range("XREVRANGE")

    def c_xlen(self):
        self.xm(["XLEN", self.key()])

    def read_ids(self, keys, group):
        out = []
        for k in keys:
            r = self.rnd.random()
            if group:
                out.append(">" if r < 0.6 else "0" if r < 0.75 else self.sid(k) if r < 0.98 else "$")
            else:
                out.append("$" if r < 0.2 else "0" if r < 0.35 else self.sid(k) if r < 0.98 else
                           self.pick([">", "+"]))
        return out

    def xread_args(self, block):
        keys = [self.key() for _ in range(self.pick([1, 1, 2, 3]))]
        opts = []
        if self.rnd.random() < 0.4:
            opts.append(["COUNT", self.count_val()])
        if block:
            opts.append(["BLOCK", self.block_ms()])
        self.rnd.shuffle(opts)
        ids = self.read_ids(keys, False)
        if self.rnd.random() < 0.02:
            ids = ids[:-1]  # unbalanced
        return keys, [o for opt in opts for o in opt] + ["STREAMS"] + keys + ids

    def c_xread(self):
        keys, tail = self.xread_args(False)
        self.xm(["XREAD"] + tail)

    def c_xread_block(self):
        """BLOCK with a tiny timeout: the reply comes at once or after 1-20 ms."""
        keys, tail = self.xread_args(True)
        self.xm(["XREAD"] + tail, mutate=False)  # a mutation could turn the timeout into 0

    def xreadgroup_args(self, block):
        keys = [self.key() for _ in range(self.pick([1, 1, 2]))]
        opts = []
        if self.rnd.random() < 0.4:
            opts.append(["COUNT", self.count_val()])
        if self.rnd.random() < 0.2:
            opts.append(["NOACK"])
        if block:
            opts.append(["BLOCK", self.block_ms()])
        self.rnd.shuffle(opts)
        ids = self.read_ids(keys, True)
        self.touched = keys[:1]
        return ["XREADGROUP", "GROUP", self.group(), self.consumer()] + [o for opt in opts for o in opt] + \
            ["STREAMS"] + keys + ids

    def c_xreadgroup(self):
        self.xm(self.xreadgroup_args(False))

    def c_xreadgroup_block(self):
        self.xm(self.xreadgroup_args(True), mutate=False)

    def c_xgroup(self):
        k = self.key()
        g = self.group()
        r = self.rnd.random()
        self.touched = [k]
        if r < 0.5:
            args = ["XGROUP", "CREATE", k, g, self.pick(["$", "0", "$", self.sid(k)])]
            if self.rnd.random() < 0.5:
                args.append("MKSTREAM")
            if self.rnd.random() < 0.25:
                args += ["ENTRIESREAD", self.pick(["-1", "0", "1", "3", "10", "1000", "-2", "abc"])]
            if self.rnd.random() < 0.02:
                args.append("FOO")
        elif r < 0.65:
            args = ["XGROUP", "SETID", k, g, self.pick(["$", "0", self.sid(k), self.sid(k)])]
            if self.rnd.random() < 0.25:
                args += ["ENTRIESREAD", self.pick(["-1", "0", "1", "3", "10", "1000", "-2", "abc"])]
        elif r < 0.7:
            args = ["XGROUP", "DESTROY", k, g]
        elif r < 0.85:
            args = ["XGROUP", "CREATECONSUMER", k, g, self.consumer()]
        elif r < 0.98:
            args = ["XGROUP", "DELCONSUMER", k, g, self.consumer()]
        else:
            args = ["XGROUP", self.pick(["FOO", "create", "setid"]), k, g]
        self.xm(args)

    def c_xack(self):
        k = self.key()
        self.touched = [k]
        self.xm(["XACK", k, self.group()] + [self.sid(k) for _ in range(self.pick([1, 1, 2, 4]))])

    def c_xpending(self):
        k = self.key()
        args = ["XPENDING", k, self.group()]
        if self.rnd.random() < 0.65:
            if self.rnd.random() < 0.3:
                args += ["IDLE", self.min_idle()]
            if self.rnd.random() < 0.4:  # the whole PEL: entries to compare
                args += ["-", "+", self.pick(["10", "100"])]
            else:
                args += [self.sid(k, True), self.sid(k, True), self.count_val()]
            if self.rnd.random() < 0.4:
                args.append(self.consumer())
        self.xm(args)

    def claim_time(self):
        """XCLAIM IDLE/TIME values: each leaves the entry clearly younger or
        older than the 10^8 ms threshold of min_idle (a future TIME and an IDLE
        longer than the epoch become "now")."""
        if self.rnd.random() < 0.5:
            v = self.pick(["0", "1000", "3600000", "1000000000", "1000000000000000"])
            return ["IDLE", v]
        return ["TIME", self.pick(["0", "1", "1000", "123456789", "-5", "1000000000000000"])]

    def c_xclaim(self):
        k = self.key()
        self.touched = [k]
        args = ["XCLAIM", k, self.group(), self.consumer(), self.min_idle()] + \
            [self.sid(k) for _ in range(self.pick([1, 1, 2, 3]))]
        opts = []
        for _ in range(self.pick([0, 1, 1, 2, 3])):
            o = self.pick(["FORCE", "JUSTID", "RETRYCOUNT", "LASTID", "TIME"])
            if o == "RETRYCOUNT":
                opts.append([o, self.pick(["0", "1", "5", "-1", "abc"])])
            elif o == "LASTID":
                opts.append([o, self.sid(k)])
            elif o == "TIME":
                opts.append(self.claim_time())
            else:
                opts.append([o])
        if self.rnd.random() < 0.02:
            opts.append(["FOO"])
        self.rnd.shuffle(opts)
        self.xm(args + [o for opt in opts for o in opt])

    def c_xautoclaim(self):
        k = self.key()
        self.touched = [k]
        args = ["XAUTOCLAIM", k, self.group(), self.consumer(), self.min_idle(), self.sid(k, True)]
        if self.rnd.random() < 0.5:
            args += ["COUNT", self.pick(["1", "2", "3", "100", "0", "-1", "abc", "9223372036854775807"])]
        if self.rnd.random() < 0.3:
            args.append("JUSTID")
        if self.rnd.random() < 0.02:
            args.append("FOO")
        self.xm(args)

    def c_xinfo(self):
        k = self.key()
        r = self.rnd.random()
        if r < 0.3:
            args = ["XINFO", "STREAM", k]
        elif r < 0.55:
            args = ["XINFO", "STREAM", k, "FULL"]
            if self.rnd.random() < 0.6:
                args += ["COUNT", self.pick(["0", "1", "2", "5", "-1", "abc"])]
        elif r < 0.75:
            args = ["XINFO", "GROUPS", k]
        elif r < 0.97:
            args = ["XINFO", "CONSUMERS", k, self.group()]
        else:
            args = ["XINFO", self.pick(["FOO", "STREAM"]), k, "BAR"]
        self.xm(args)

    def c_xsetid(self):
        k = self.key()
        self.touched = [k]
        args = ["XSETID", k, self.sid(k) if self.rnd.random() < 0.9 else "%d-%d" % (self.base(k) + self.ms + 5, 0)]
        if self.rnd.random() < 0.3:
            args += ["ENTRIESADDED", self.pick(["0", "1", "5", "30", "1000", "-1", "abc"])]
        if self.rnd.random() < 0.3:
            args += ["MAXDELETEDID", self.sid(k)]
        self.xm(args)

    def c_help(self):
        self.xm([self.pick(["XINFO", "XGROUP"]), self.pick(["HELP", "help"])], mutate=False)

    # -- audit
    def read_content(self, k, proto=2):
        """Streams: entries (XRANGE - +), the plain XINFO STREAM counters and IDs,
        XINFO GROUPS, and the PELs and consumers of XINFO STREAM FULL (masked)."""
        t = parse(self.r.exact(["TYPE", k], proto=proto))[1].decode()
        if t != "stream":
            return Gen.read_content(self, k, proto)
        c = parse(self.r.exact(["XRANGE", k, "-", "+"], proto=proto))
        self.r.exact(["XINFO", "STREAM", k], proto=proto)
        self.r.exact(["XINFO", "GROUPS", k], proto=proto)
        self.xm(["XINFO", "STREAM", k, "FULL", "COUNT", "0"], mutate=False, proto=proto)
        return t, c


# ---------------------------------------------------------------- SCAN

SCAN_MATCH = ["*", "a*", "m1*", "*[0-9]", "f?", "?", "[a-c]*", "*x*", "\\*", "nomatch*"]

def scan(gen, cmd, k, pairs):
    """Scan k to cursor 0 on each server separately; compare the sets of
    elements returned (cursors and page sizes are the servers' own)."""
    rnd = gen.rnd
    opts = []
    if rnd.random() < 0.4:
        opts.append(["MATCH", rnd.choice(SCAN_MATCH)])
    if rnd.random() < 0.4:
        opts.append(["COUNT", rnd.choice(["1", "2", "10", "1000"]) if rnd.random() < 0.9
                     else rnd.choice(["0", "-1", "abc"])])
    if rnd.random() < 0.03:
        opts.append([rnd.choice(["NOVALUES", "FOO", "TYPE"])])
    rnd.shuffle(opts)
    opts = [o for opt in opts for o in opt]
    start = "0" if rnd.random() < 0.95 else rnd.choice(["abc", "1.5", " 1", "18446744073709551616"])
    first = [cmd, k, start] + opts
    results, raws = [], []
    for who in (0, 1):
        raw = gen.r.one(who, first)
        raws.append(raw)
        t = parse(raw)
        if t[0] != "*" or start != "0":
            results.append(raw)
            continue
        seen = set()
        pages = 0
        while True:
            cursor, items = t[1][0], t[1][1]
            if pairs:
                seen.update((canon(a), canon(b)) for a, b in zip(items[1][0::2], items[1][1::2]))
            else:
                seen.update(canon(x) for x in items[1])
            if cursor[1] == b"0":
                break
            pages += 1
            if pages > 100000:
                raise Difference(first, raws[0], raw, "%s does not return to cursor 0" % ("ours", "redis")[who])
            t = parse(gen.r.one(who, [cmd, k, cursor[1]] + opts))
        results.append(seen)
    if isinstance(results[0], bytes) or isinstance(results[1], bytes):
        if results[0] != results[1]:
            raise Difference(first, raws[0], raws[1], "first %s replies differ" % cmd)
        return
    if skeleton(parse(raws[0]))[0] != skeleton(parse(raws[1]))[0] or results[0] != results[1]:
        only_o = sorted(results[0] - results[1], key=repr)[:5]
        only_r = sorted(results[1] - results[0], key=repr)[:5]
        raise Difference(first, raws[0], raws[1],
                         "full %s iterations return different elements: only ours %r, only redis %r"
                         % (cmd, only_o, only_r))


# ---------------------------------------------------------------- driver

GENS = {"hash": HashGen, "list": ListGen, "set": SetGen, "zset": ZsetGen, "sort": SortGen,
        "bitmap": BitmapGen, "hll": HllGen, "geo": GeoGen, "stream": StreamGen}

def report(d, phase, seed, opno, run):
    print()
    print("DIFFERENCE  type=%s seed=%d op=%d  (%s)" % (phase, seed, opno, d.note))
    print("  command: %s" % fmt_cmd(d.cmd))
    print("  ours:    %r" % d.raw_o[:600])
    print("  redis:   %r" % d.raw_r[:600])
    print("  last commands (op, protocol, command):")
    for n, proto, args in run.history:
        print("    %6d resp%d  %s" % (n, proto, fmt_cmd(args)[:300]))
    print("  replay: tests/diff/randtypes.py --type %s --seed %d --ops %d" % (phase, seed, opno + 1))
    sys.stdout.flush()

def main():
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--type", default="all",
                    help="hash,list,set,zset,sort,bitmap,hll,geo,stream (a comma list) or all")
    ap.add_argument("--ops", type=int, default=100000, help="operations per type (default 100000)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--ours", help="HOST:PORT of a running server instead of starting one")
    ap.add_argument("--redis", help="HOST:PORT of a running reference instead of starting one")
    ap.add_argument("--ours-binary", default=OURS)
    ap.add_argument("--redis-binary", default="/usr/bin/redis-server")
    ap.add_argument("--port-base", type=int, default=0, help="start the servers on this port and the next")
    ap.add_argument("--keep-going", action="store_true", help="report every difference, FLUSHALL and go on")
    ap.add_argument("--max-diffs", type=int, default=50, help="with --keep-going, stop after this many")
    ap.add_argument("--exclude", default="", help="commands not to generate, e.g. HRANDFIELD,SPOP")
    ap.add_argument("--audit-every", type=int, default=250)
    ap.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for one reply")
    ap.add_argument("--require-all", action="store_true", help="fail (not skip) a type ours does not serve")
    ap.add_argument("--log", help="write every command sent (op, protocol, command) to this file")
    ap.add_argument("--no-encoding", action="store_true",
                    help="do not compare OBJECT ENCODING (to look past a known conversion difference)")
    opts = ap.parse_args()

    types = ALL_TYPES if opts.type == "all" else [t.strip() for t in opts.type.split(",") if t.strip()]
    for t in types:
        if t not in GENS:
            ap.error("unknown type %r" % t)
    seed = opts.seed if opts.seed is not None else int.from_bytes(os.urandom(4), "big")
    exclude = {c.strip().upper() for c in opts.exclude.split(",") if c.strip()}
    Gen.check_encoding = not opts.no_encoding
    print("randtypes: seed=%d types=%s ops/type=%d  (replay: --seed %d)" % (seed, ",".join(types), opts.ops, seed))
    sys.stdout.flush()

    procs = []
    tmp = tempfile.mkdtemp(prefix="randtypes.")
    try:
        addrs = []
        for i, (given, binary) in enumerate(((opts.ours, opts.ours_binary), (opts.redis, opts.redis_binary))):
            if given:
                addrs.append(parse_addr(given))
                continue
            port = opts.port_base + i if opts.port_base else free_port()
            if opts.port_base and not port_is_free(port):
                sys.exit("randtypes: port %d is busy" % port)
            d = os.path.join(tmp, str(i))
            os.mkdir(d)
            srv = Server(binary, "ours" if i == 0 else "redis", ["--hz", "100"], port=port, dir=d)
            try:
                srv.start().close()
            except RuntimeError as e:
                sys.exit("randtypes: %s" % e)
            procs.append(srv)
            addrs.append(("127.0.0.1", port))
        run = Runner(addrs[0], addrs[1], opts.timeout, open(opts.log, "w", buffering=1) if opts.log else None)

        # Which types does our server serve at all?  (SORT also needs the four
        # types: its phase fills lists, sets, sorted sets and hashes.)
        served = {t: not run.send(g.probe, proto=2)[0].startswith(b"-ERR unknown command")
                  for t, g in GENS.items()}
        enabled, skipped = [], []
        for t in types:
            if served[t] and all(served[n] for n in GENS[t].needs):
                enabled.append(t)
            else:
                skipped.append(t)

        summary = []
        total_diffs = 0
        fatal = False
        for t in types:
            if t in skipped:
                missing = [n for n in [t] + GENS[t].needs if not served[n]]
                summary.append((t, 0, 0, 0, "SKIPPED: ours does not serve %s (ERR unknown command)"
                                % ", ".join(GENS[n].probe[0] for n in missing)))
                continue
            rnd = random.Random("%d:%s" % (seed, t))
            # The other types ours serves give the phase its wrong-type keys;
            # they do not depend on --type, so that a replay of one type with
            # the printed seed sends the very same commands.
            gen = GENS[t](run, rnd, [b for b in BASE_TYPES if served[b]], exclude)
            diffs = 0
            started = time.time()
            done = 0
            run.opno = 0
            try:
                gen.setup()
            except Difference as d:
                report(d, t, seed, 0, run)
                summary.append((t, 0, 1, 0, "setup failed"))
                total_diffs += 1
                fatal = d.fatal
                break
            for i in range(opts.ops):
                run.opno = i
                try:
                    gen.step()
                    if i % opts.audit_every == opts.audit_every - 1 or i == opts.ops - 1:
                        gen.audit()
                except Difference as d:
                    diffs += 1
                    report(d, t, seed, i, run)
                    if d.fatal or not opts.keep_going or diffs >= opts.max_diffs:
                        fatal = True
                        done = i + 1
                        break
                    try:
                        if d.reconnect:
                            run.connect()
                        gen.setup()  # FLUSHALL both and go on from equal datasets
                    except (OSError, EOFError, Difference) as e:
                        print("randtypes: cannot go on after the difference: %s" % e)
                        fatal = True
                        done = i + 1
                        break
                done = i + 1
            total_diffs += diffs
            summary.append((t, done, diffs, gen.skipped, "%.1fs" % (time.time() - started)))
            print("randtypes: %-5s %7d ops, %d difference(s)  (%s)" % (t, done, diffs, summary[-1][4]))
            sys.stdout.flush()
            if fatal:
                break

        print()
        print("type   ops run  differences  lex ops skipped (mixed scores)  note")
        for t, done, diffs, sk, note in summary:
            print("%-5s %8d  %11d  %30d  %s" % (t, done, diffs, sk, note))
        if skipped and opts.require_all:
            total_diffs += len(skipped)
        sys.exit(1 if total_diffs else 0)
    finally:
        for srv in procs:
            srv.stop()


if __name__ == "__main__":
    main()
