#!/usr/bin/env python3
"""Compare our redis-benchmark with Debian's on the same server.

Both tools load the same server in turn, three rounds of every default test
(TESTS to choose), -n 200000 -c 50, once without pipelining and once with -P 16,
each test run by one tool right after the other (taking turns at going
first), reporting requests per second in CSV.  For
every test the ratio ours/Debian's is printed per round and as the median of
the rounds.  A load generator must measure what the server does, not
itself: the script fails if a median ratio is off by more than 10%.

Not part of `make test` (it needs Debian's redis-benchmark and takes a
while); `make test-diff` runs it.

Environment: SERVER (default src/redis-server), PORT (default 8150),
REQUESTS (200000), ROUNDS (3), TOLERANCE (0.10), PIN (1: server on cpu 0,
tools on cpu 1, when there are two CPUs or more).
"""
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OURS = os.path.join(ROOT, "src", "redis-benchmark")
DEBIAN = "/usr/bin/redis-benchmark"
SERVER = os.environ.get("SERVER", os.path.join(ROOT, "src", "redis-server"))
PORT = int(os.environ.get("PORT", "8150"))
REQUESTS = int(os.environ.get("REQUESTS", "200000"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
TOLERANCE = float(os.environ.get("TOLERANCE", "0.10"))
# Redis 7.0's default test list (-t all but the LRANGE variants, which the
# lrange_* names select; lpush is run before them by both tools).
TESTS = os.environ.get("TESTS", "ping_inline,ping_mbulk,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,"
                                "zadd,zpopmin,lrange_100,lrange_300,lrange_600,mset")
# With two CPUs or more, the server runs on cpu 0 and the tools on cpu 1, so
# that they do not take turns on one core (PIN=0 turns it off).
PIN = os.environ.get("PIN", "1") == "1" and (os.cpu_count() or 1) >= 2


def pinned(cpu, argv):
    return ["taskset", "-c", str(cpu)] + argv if PIN else argv
PIPELINES = (1, 16)


def start_server(workdir):
    proc = subprocess.Popen(
        pinned(0, [SERVER, "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", workdir, "--logfile", os.path.join(workdir, "server.log")]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            out = subprocess.run(["redis-cli", "-p", str(PORT), "ping"], capture_output=True,
                                 text=True, timeout=2).stdout
            if out.strip() == "PONG":
                return proc
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.05)
    proc.kill()
    sys.exit("the server did not start")


def run(tool, test, pipeline):
    """{test: rps} from one CSV run of `tool`."""
    res = subprocess.run(
        pinned(1, [tool, "-p", str(PORT), "-t", test, "-n", str(REQUESTS), "-c", "50",
                   "-P", str(pipeline), "--csv"]),
        capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        sys.exit("%s failed: %s" % (tool, res.stderr))
    rows = list(csv.reader(io.StringIO(res.stdout)))
    return {row[0]: float(row[1]) for row in rows[1:] if row}


def main():
    for path in (OURS, DEBIAN, SERVER):
        if not os.access(path, os.X_OK):
            sys.exit("missing %s (build with make, install redis-tools)" % path)
    workdir = tempfile.mkdtemp(prefix="benchcompat-")
    server = start_server(workdir)
    ratios = {}  # (pipeline, test) -> [ratio per round]
    try:
        for rnd in range(1, ROUNDS + 1):
            for pipeline in PIPELINES:
                for name in TESTS.split(","):
                    # The two runs of a pair follow each other closely, and
                    # take turns going first, so that a change of load on
                    # the machine hits both alike.
                    order = (DEBIAN, OURS) if rnd % 2 else (OURS, DEBIAN)
                    rps = {}
                    for tool in order:
                        subprocess.run(["redis-cli", "-p", str(PORT), "flushall"],
                                       capture_output=True)
                        rps[tool] = run(tool, name, pipeline)
                    for test, theirs in rps[DEBIAN].items():
                        ours = rps[OURS][test]
                        r = ours / theirs
                        ratios.setdefault((pipeline, test), []).append(r)
                        print("round %d  -P %-2d  %-6s  debian %11.2f  ours %11.2f  ratio %.3f"
                              % (rnd, pipeline, test, theirs, ours, r), flush=True)
    finally:
        server.terminate()
        server.wait()

    print("\nmedian ratio ours/debian (%d rounds, -n %d -c 50):" % (ROUNDS, REQUESTS))
    bad = []
    for (pipeline, test), rs in sorted(ratios.items()):
        m = statistics.median(rs)
        flag = "" if abs(m - 1) <= TOLERANCE else "   <-- off by more than %d%%" % (TOLERANCE * 100)
        print("  -P %-2d  %-6s  %.3f%s" % (pipeline, test, m, flag))
        if flag:
            bad.append((pipeline, test))
    if bad:
        print("FAIL: %d median ratio(s) outside 1 +/- %.2f" % (len(bad), TOLERANCE))
        return 1
    print("OK: every median ratio within 1 +/- %.2f" % TOLERANCE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
