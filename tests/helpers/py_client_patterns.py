#!/usr/bin/python3
"""Client-library patterns with Debian's python3-redis (redis-py 4.3):
pub/sub listeners (subscribe, psubscribe, a listener thread), pipelines,
transactions and optimistic locking with WATCH (Redis.transaction), against
the server on the given port.  Prints "OK" and exits 0, or raises."""
import sys, threading, time
import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port, db=9, decode_responses=True)
r.flushdb()

# ---- pub/sub: get_message polling
p = r.pubsub()
p.subscribe("news")
p.psubscribe("ev.*")
first = [p.get_message(timeout=2), p.get_message(timeout=2)]
assert [m["type"] for m in first] == ["subscribe", "psubscribe"], first
assert r.publish("news", "hello") == 1
assert r.publish("ev.login", "bob") == 1
got = []
deadline = time.time() + 5
while len(got) < 2 and time.time() < deadline:
    m = p.get_message(timeout=1)
    if m:
        got.append(m)
assert got[0]["type"] == "message" and got[0]["channel"] == "news" and got[0]["data"] == "hello", got
assert got[1]["type"] == "pmessage" and got[1]["pattern"] == "ev.*" and got[1]["channel"] == "ev.login", got
assert r.pubsub_numsub("news") == [("news", 1)]
assert r.pubsub_numpat() == 1
p.unsubscribe()
p.punsubscribe()
p.close()

# ---- pub/sub: a listener thread with handlers
received = []
done = threading.Event()
def handler(msg):
    received.append(msg["data"])
    if len(received) == 50:
        done.set()
p2 = r.pubsub(ignore_subscribe_messages=True)
p2.subscribe(**{"jobs": handler})
worker = p2.run_in_thread(sleep_time=0.01, daemon=True)
deadline = time.time() + 5
while r.pubsub_numsub("jobs")[0][1] == 0 and time.time() < deadline:
    time.sleep(0.01)
for i in range(50):
    r.publish("jobs", "job-%d" % i)
assert done.wait(5), received
worker.stop()
assert received == ["job-%d" % i for i in range(50)], received

# ---- pipelines and transactions
pipe = r.pipeline(transaction=True)
pipe.set("a", 1).incr("a").lpush("l", "x", "y").lrange("l", 0, -1)
assert pipe.execute() == [True, 2, 2, ["y", "x"]]
pipe = r.pipeline(transaction=False)
for i in range(100):
    pipe.set("k%d" % i, i)
assert all(pipe.execute())
assert r.mget("k0", "k99") == ["0", "99"]

# ---- optimistic locking: concurrent increments through WATCH/MULTI/EXEC
r.set("counter", 0)
def bump(n):
    c = redis.Redis(host="127.0.0.1", port=port, db=9)
    for _ in range(n):
        def step(pipe):
            v = int(pipe.get("counter"))
            pipe.multi()
            pipe.set("counter", v + 1)
        c.transaction(step, "counter")
threads = [threading.Thread(target=bump, args=(100,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert r.get("counter") == "400", r.get("counter")

# ---- a WATCHed key changed by another client makes EXEC fail
with r.pipeline() as pipe:
    pipe.watch("w")
    r.set("w", "changed")
    pipe.multi()
    pipe.set("w", "mine")
    try:
        pipe.execute()
        raise AssertionError("EXEC should have failed")
    except redis.WatchError:
        pass
assert r.get("w") == "changed"

# ---- streams through the client: a consumer group round trip
r.xgroup_create("q", "g", id="0", mkstream=True)
ids = [r.xadd("q", {"n": i}) for i in range(10)]
msgs = r.xreadgroup("g", "c1", {"q": ">"}, count=10, block=100)
assert [m[0] for m in msgs[0][1]] == ids
assert r.xack("q", "g", *ids) == 10
assert r.xpending("q", "g")["pending"] == 0

print("OK")
