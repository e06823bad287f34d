# Scripting through python3-redis (tests/integration/client-python.tcl):
# register_script (EVALSHA with the EVAL fallback on NOSCRIPT, after
# SCRIPT FLUSH too) and redis.lock.Lock, whose acquire, extend and release
# are Lua scripts, shared by threads.  Prints OK or raises.
import sys
import threading
import time

import redis
from redis.exceptions import LockError, LockNotOwnedError, ResponseError

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port, db=9, decode_responses=True)
r.delete("counter", "lock:c", "lock:x", "zs")

# register_script: EVALSHA, loading the script again after SCRIPT FLUSH.
incr_by = r.register_script("return redis.call('incrby', KEYS[1], ARGV[1])")
assert incr_by(keys=["counter"], args=[5]) == 5
r.script_flush()
assert incr_by(keys=["counter"], args=[2]) == 7
assert r.script_exists(incr_by.sha) == [True]
# A pipeline sends EVALSHA and loads missing scripts first.
r.script_flush()
pipe = r.pipeline()
incr_by(keys=["counter"], args=[1], client=pipe)
incr_by(keys=["counter"], args=[1], client=pipe)
assert pipe.execute() == [8, 9]
# Errors from the script reach the client as ResponseError.
bad = r.register_script("return redis.call('incr', KEYS[1])")
r.set("str", "abc")
try:
    bad(keys=["str"])
    raise AssertionError("no error")
except ResponseError as e:
    assert "value is not an integer or out of range" in str(e), str(e)
# Replies: tables, status and nil.
multi = r.register_script("return {1, 'two', redis.status_reply('THREE'), false}")
assert multi() == [1, "two", "THREE", None]

# Lock: four threads, each taking the lock 25 times around a
# read-modify-write that would lose updates without it.
r.set("counter", 0)
def worker():
    for _ in range(25):
        with r.lock("lock:c", timeout=5, blocking_timeout=10):
            v = int(r.get("counter"))
            time.sleep(0.0005)
            r.set("counter", v + 1)
threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert r.get("counter") == "100", r.get("counter")

# extend, reacquire, owned, and release by someone else.
lock = r.lock("lock:x", timeout=1)
assert lock.acquire(blocking=False)
assert lock.owned() and lock.locked()
assert lock.extend(10)
assert 9000 < r.pttl("lock:x") <= 11000
assert lock.extend(5, replace_ttl=True)
assert 4000 < r.pttl("lock:x") <= 5000
assert lock.reacquire()
assert 900 < r.pttl("lock:x") <= 1000
other = r.lock("lock:x", timeout=1)
assert not other.acquire(blocking=False)
try:
    other.release()
    raise AssertionError("released a lock it does not hold")
except LockError:
    pass
lock.release()
assert not lock.locked()
# The release script refuses when the key holds someone else's token.
assert lock.acquire(blocking=False)
r.set("lock:x", "stolen")
try:
    lock.release()
    raise AssertionError("released a lock taken over by another")
except LockNotOwnedError:
    pass
assert lock.acquire(blocking=False) is False
r.delete("lock:x")
try:
    lock.extend(1)
    raise AssertionError("extended a lock it no longer holds")
except LockError:
    pass
print("OK")
