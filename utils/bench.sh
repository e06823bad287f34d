#!/usr/bin/env bash
# utils/bench.sh - throughput and memory comparison of our redis-server with
# Debian's redis-server, run side by side on this machine.
#
#   utils/bench.sh            full run (ROUNDS rounds, default 5)
#   utils/bench.sh --quick    smoke run: 1 round, small request counts
#
# Tests (redis-benchmark -t names): set get incr mset, and for the aggregate
# types lpush rpush lpop rpop sadd hset spop zadd zpopmin lrange_100
# lrange_300 lrange_600, each at -P 1 and -P 16.  Every run starts from
# FLUSHALL; the pops first get as many elements as the run has requests, so
# that every pop finds one, loaded the same way on both servers through
# redis-cli --pipe and not timed: LPOP/RPOP a list "mylist" of "xxx" (the
# benchmark's own 3-byte value), SPOP a set "myset" and ZPOPMIN a sorted set
# "myzset" of distinct "element:NNNNNNNNNNNN" members (scores 0, 1, 2...).
# The LRANGE tests fill "mylist" themselves (redis-benchmark's untimed
# "LPUSH (needed to benchmark LRANGE)" pass, reported apart and ignored here).
#
# Environment:
#   BENCH_TESTS       the tests to run, comma or space separated (default all)
#   ROUNDS            rounds of the throughput tests (default 5; --quick: 1)
#   BENCH_N           requests per redis-benchmark run (default 100000 with
#                     -P 1 and 200000 with -P 16; --quick: 5000 / 20000)
#   MEM_KEYS          keys loaded by the memory test (default 1000000;
#                     --quick: 50000)
#   OURS_SERVER       our server binary        (default src/redis-server)
#   REDIS_SERVER      the reference server     (default /usr/bin/redis-server)
#   REDIS_BENCHMARK   benchmark client         (default /usr/bin/redis-benchmark)
#   REDIS_CLI         CLI used for setup/--pipe (default /usr/bin/redis-cli)
#   SERVER_CPU        core the servers run on  (default 0)
#   CLIENT_CPU        core redis-benchmark runs on (default 1)
#
# Both servers are started by this script on free loopback ports with
# `--save '' --appendonly no`, pinned to SERVER_CPU; redis-benchmark is pinned
# to CLIENT_CPU.  Only one server is under load at a time.  Within a round,
# each test runs once against each server back to back; the order alternates
# between rounds (ours first in odd rounds, redis first in even rounds) so that
# neither server always gets the "second" slot.  The ratio ours/redis is taken
# per round and the table reports the median of those ratios, which is more
# robust than the ratio of medians on a noisy machine.
#
# Results are printed as a plain table and as markdown, and the markdown is
# written to bench-results/latest.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OURS_SERVER=${OURS_SERVER:-$ROOT/src/redis-server}
REDIS_SERVER=${REDIS_SERVER:-/usr/bin/redis-server}
REDIS_BENCHMARK=${REDIS_BENCHMARK:-/usr/bin/redis-benchmark}
REDIS_CLI=${REDIS_CLI:-/usr/bin/redis-cli}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}

QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h|--help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "bench.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

if [[ $QUICK == 1 ]]; then
    ROUNDS=1
    N_P1=${BENCH_N:-5000}
    N_P16=${BENCH_N:-20000}
    MEM_KEYS=${MEM_KEYS:-50000}
else
    ROUNDS=${ROUNDS:-5}
    N_P1=${BENCH_N:-100000}
    N_P16=${BENCH_N:-200000}
    MEM_KEYS=${MEM_KEYS:-1000000}
fi
ALL_TESTS="set get incr mset lpush rpush lpop rpop sadd hset spop zadd zpopmin lrange_100 lrange_300 lrange_600"
read -r -a TESTS <<<"$(tr ',' ' ' <<<"${BENCH_TESTS:-$ALL_TESTS}")"
PIPELINES=(1 16)
CLIENTS=50
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}

die() { echo "bench.sh: $*" >&2; exit 1; }

for tool in "$REDIS_SERVER" "$REDIS_BENCHMARK" "$REDIS_CLI"; do
    [[ -x $tool ]] || die "missing $tool"
done
[[ -x $OURS_SERVER ]] || die "missing $OURS_SERVER (build it with: make -C $ROOT/src)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"
command -v python3 >/dev/null || die "python3 not found"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
[[ $N_P1 =~ ^[1-9][0-9]*$ && $N_P16 =~ ^[1-9][0-9]*$ ]] || die "BENCH_N must be a positive integer"
[[ $MEM_KEYS =~ ^[1-9][0-9]*$ && $MEM_KEYS -le 10000000 ]] || die "MEM_KEYS must be 1..10000000"
(( ${#TESTS[@]} > 0 )) || die "BENCH_TESTS is empty"
for test in "${TESTS[@]}"; do
    [[ " $ALL_TESTS " == *" $test "* ]] || die "unknown test '$test' in BENCH_TESTS (known: $ALL_TESTS)"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
declare -A PID PORT LOG
NAMES=(ours redis)

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for name in "${NAMES[@]}"; do
        local pid=${PID[$name]:-}
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$TMP"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nobody listens on right now (the kernel picks it).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

cli() { local name=$1; shift; "$REDIS_CLI" -h 127.0.0.1 -p "${PORT[$name]}" "$@"; }

check_alive() {
    local name=$1
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
        echo "bench.sh: server '$name' (pid ${PID[$name]}, port ${PORT[$name]}) died; last log lines:" >&2
        tail -n 20 "${LOG[$name]}" >&2 || true
        PID[$name]=""
        exit 1
    fi
}

start_server() {
    local name=$1 bin=$2
    local port
    port=$(free_port)
    PORT[$name]=$port
    LOG[$name]=$TMP/$name.log
    mkdir -p "$TMP/$name-dir"
    (cd "$TMP/$name-dir" && exec taskset -c "$SERVER_CPU" "$bin" --port "$port" --bind 127.0.0.1 \
        --save '' --appendonly no --daemonize no) >"${LOG[$name]}" 2>&1 &
    PID[$name]=$!
    local i
    for i in $(seq 100); do
        check_alive "$name"
        if [[ $(cli "$name" ping 2>/dev/null) == PONG ]]; then
            echo "started $name: $bin on 127.0.0.1:$port (pid ${PID[$name]}, cpu $SERVER_CPU)"
            return 0
        fi
        sleep 0.1
    done
    die "server '$name' did not answer PING within 10s (log: $(tail -n 5 "${LOG[$name]}"))"
}

# The data a pop test consumes: the key, its length command and a generator
# kind for fill_file; nothing for the tests that need no data.
fill_spec() {
    case $1 in
        lpop|rpop) echo "mylist LLEN list" ;;
        spop) echo "myset SCARD set" ;;
        zpopmin) echo "myzset ZCARD zset" ;;
    esac
}

# A RESP file that loads N elements of the given kind (built once per size,
# 100 elements per command), for redis-cli --pipe; prints its path.
fill_file() {
    local kind=$1 n=$2
    local path=$TMP/fill-$kind-$n.resp
    if [[ ! -f $path ]]; then
        python3 - "$path" "$kind" "$n" <<'EOF' || die "could not write $path"
import sys
path, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def cmd(args):
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
with open(path, "wb") as f:
    for start in range(0, n, 100):
        idx = range(start, min(n, start + 100))
        if kind == "list":
            args = [b"RPUSH", b"mylist"] + [b"xxx" for _ in idx]
        elif kind == "set":
            args = [b"SADD", b"myset"] + [b"element:%012d" % i for i in idx]
        else:
            args = [b"ZADD", b"myzset"]
            for i in idx:
                args += [b"%d" % i, b"element:%012d" % i]
        f.write(cmd(args))
EOF
    fi
    echo "$path"
}

# Load what a test consumes into the (just flushed) server, and check it.
fill_for() {
    local name=$1 test=$2 n=$3
    local spec key lencmd kind
    spec=$(fill_spec "$test")
    [[ -n $spec ]] || return 0
    read -r key lencmd kind <<<"$spec"
    local file out len
    file=$(fill_file "$kind" "$n")
    out=$("$REDIS_CLI" -h 127.0.0.1 -p "${PORT[$name]}" --pipe <"$file" 2>&1) \
        || { check_alive "$name"; die "filling $key on $name failed: $out"; }
    grep -q "errors: 0," <<<"$out" || die "filling $key on $name: $out"
    len=$(cli "$name" "$lencmd" "$key" | tr -d '\r')
    [[ $len == "$n" ]] || die "$name: $lencmd $key is $len after loading $n elements"
}

# One redis-benchmark run; prints requests/second.
bench_once() {
    local name=$1 test=$2 pipe=$3 n=$4
    check_alive "$name"
    cli "$name" flushall >/dev/null || die "FLUSHALL failed on $name"
    fill_for "$name" "$test" "$n"
    local out
    if ! out=$(timeout "$BENCH_TIMEOUT" taskset -c "$CLIENT_CPU" "$REDIS_BENCHMARK" -h 127.0.0.1 \
            -p "${PORT[$name]}" -t "$test" -n "$n" -c "$CLIENTS" -P "$pipe" --csv 2>&1); then
        check_alive "$name"
        die "redis-benchmark failed against $name ($test -P $pipe): $out"
    fi
    check_alive "$name"
    # CSV: a header line, then "TEST","rps",... rows.  Take the row of this
    # test: "LRANGE_100 (first 100 elements)" for lrange_100, not the
    # "LPUSH (needed to benchmark LRANGE)" row that comes before it.
    local rps title
    title=$(tr '[:lower:]' '[:upper:]' <<<"$test")
    rps=$(printf '%s\n' "$out" | awk -F'","' -v t="$title" \
        'NR>1 && NF>=2 { name = substr($1, 2); if (name == t || index(name, t " (") == 1) { print $2; exit } }')
    [[ $rps =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "could not parse rps from redis-benchmark output: $out"
    echo "$rps"
}

used_memory() {
    cli "$1" info memory | tr -d '\r' | awk -F: '$1=="used_memory"{print $2}'
}

echo "== bench.sh: rounds=$ROUNDS n(-P1)=$N_P1 n(-P16)=$N_P16 clients=$CLIENTS mem_keys=$MEM_KEYS"
start_server ours "$OURS_SERVER"
start_server redis "$REDIS_SERVER"

RAW=$TMP/raw.tsv
: >"$RAW"
for round in $(seq "$ROUNDS"); do
    if (( round % 2 )); then order=(ours redis); else order=(redis ours); fi
    for test in "${TESTS[@]}"; do
        for pipe in "${PIPELINES[@]}"; do
            if [[ $pipe == 1 ]]; then n=$N_P1; else n=$N_P16; fi
            for name in "${order[@]}"; do
                rps=$(bench_once "$name" "$test" "$pipe" "$n")
                printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$test" "$pipe" "$name" "$rps" >>"$RAW"
                printf 'round %d/%d  %-10s -P %-2s  %-5s %12s rps\n' "$round" "$ROUNDS" "$test" "$pipe" "$name" "$rps"
            done
        done
    done
done

# Memory: MEM_KEYS SETs of key:NNNNNNN -> a 16-byte value, through --pipe.
MEMFILE=$TMP/mem-load.resp
python3 - "$MEMFILE" "$MEM_KEYS" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    out = []
    for i in range(n):
        key = b"key:%07d" % i
        val = b"val:%012d" % i  # exactly 16 bytes
        assert len(val) == 16
        out.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\n%s\r\n" % (len(key), key, val))
        if len(out) == 65536:
            f.write(b"".join(out)); out.clear()
    f.write(b"".join(out))
EOF
MEMRAW=$TMP/mem.tsv
: >"$MEMRAW"
for name in "${NAMES[@]}"; do
    check_alive "$name"
    cli "$name" flushall >/dev/null || die "FLUSHALL failed on $name"
    sleep 0.5
    before=$(used_memory "$name")
    pipe_out=$(taskset -c "$CLIENT_CPU" "$REDIS_CLI" -h 127.0.0.1 -p "${PORT[$name]}" --pipe <"$MEMFILE" 2>&1) \
        || { check_alive "$name"; die "redis-cli --pipe failed against $name: $pipe_out"; }
    check_alive "$name"
    grep -q "errors: 0, replies: $MEM_KEYS" <<<"$pipe_out" || die "unexpected --pipe result from $name: $pipe_out"
    dbsize=$(cli "$name" dbsize | tr -d '\r')
    [[ $dbsize == "$MEM_KEYS" ]] || die "$name has $dbsize keys after loading $MEM_KEYS"
    sleep 0.5
    after=$(used_memory "$name")
    [[ $before =~ ^[0-9]+$ && $after =~ ^[0-9]+$ ]] || die "could not read used_memory from $name"
    printf '%s\t%s\t%s\n' "$name" "$before" "$after" >>"$MEMRAW"
    echo "memory $name: used_memory $before -> $after for $MEM_KEYS keys"
done

mkdir -p "$ROOT/bench-results"
OURS_VERSION=$("$OURS_SERVER" --version 2>/dev/null | head -n1 || true)
REDIS_VERSION=$("$REDIS_SERVER" --version 2>/dev/null | head -n1 || true)
python3 - "$RAW" "$MEMRAW" "$ROOT/bench-results/latest.md" "${TESTS[*]}" <<EOF
import sys, statistics, datetime
raw, memraw, mdpath, tests = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
rps = {}
for line in open(raw):
    rnd, test, pipe, name, v = line.split("\t")
    rps.setdefault((test, int(pipe)), {}).setdefault(int(rnd), {})[name] = float(v)
rows = []
for test in tests:
    for pipe in [1, 16]:
        rounds = rps.get((test, pipe), {})
        ours = [r["ours"] for r in rounds.values()]
        redis = [r["redis"] for r in rounds.values()]
        ratios = [r["ours"] / r["redis"] for r in rounds.values() if r["redis"] > 0]
        rows.append((test.upper(), pipe, statistics.median(ours), statistics.median(redis),
                     statistics.median(ratios), min(ratios), max(ratios)))
mem = []
for line in open(memraw):
    name, before, after = line.split("\t")
    mem.append((name, int(before), int(after)))
nkeys = $MEM_KEYS
per = {name: (after - before) / nkeys for name, before, after in mem}

print()
print("%-10s %8s %14s %14s %12s %17s" % ("test", "pipeline", "ours rps", "redis rps", "ours/redis", "ratio min..max"))
for t, p, o, r, ratio, lo, hi in rows:
    print("%-10s %8d %14.0f %14.0f %12.3f %8.3f..%-8.3f" % (t, p, o, r, ratio, lo, hi))
print()
print("%-6s %14s %14s %14s" % ("server", "used before", "used after", "bytes/key"))
for name, before, after in mem:
    print("%-6s %14d %14d %14.1f" % (name, before, after, per[name]))
if per.get("redis"):
    print("memory ratio ours/redis: %.3f" % (per["ours"] / per["redis"]))

md = []
md.append("## Benchmark: ours vs redis-server 7.0 (%s)" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
md.append("")
md.append("- ours: \`$OURS_VERSION\`")
md.append("- redis: \`$REDIS_VERSION\`")
md.append("- redis-benchmark -c $CLIENTS, -n $N_P1 (-P 1) / $N_P16 (-P 16), $ROUNDS round(s), "
          "servers on cpu $SERVER_CPU, client on cpu $CLIENT_CPU; medians over rounds, "
          "ratio = median of per-round ours/redis")
md.append("")
md.append("| test | pipeline | ours rps (median) | redis rps (median) | ours/redis (median of rounds) | ratio min..max |")
md.append("|---|---:|---:|---:|---:|---:|")
for t, p, o, r, ratio, lo, hi in rows:
    md.append("| %s | %d | %.0f | %.0f | %.3f | %.3f..%.3f |" % (t, p, o, r, ratio, lo, hi))
md.append("")
md.append("Memory: %d x \`SET key:NNNNNNN <16-byte value>\` via redis-cli --pipe, used_memory delta / keys" % nkeys)
md.append("")
md.append("| server | used_memory before | used_memory after | bytes/key |")
md.append("|---|---:|---:|---:|")
for name, before, after in mem:
    md.append("| %s | %d | %d | %.1f |" % (name, before, after, per[name]))
if per.get("redis"):
    md.append("")
    md.append("Memory ratio ours/redis: **%.3f**" % (per["ours"] / per["redis"]))
text = "\n".join(md) + "\n"
print()
print(text, end="")
with open(mdpath, "w") as f:
    f.write(text)
print()
print("written to %s" % mdpath)
EOF
