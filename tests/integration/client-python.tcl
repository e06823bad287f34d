# Real client-library patterns with Debian's python3-redis (installed by
# deps/install-deps.sh): pub/sub listeners, pipelines, transactions,
# optimistic locking with WATCH, a stream consumer group.  The script is
# tests/helpers/py_client_patterns.py; it prints OK or fails with a Python
# traceback, which becomes the test's error.  It passes against Redis 7.0.15
# too.  /usr/bin/python3 is named on purpose: the Debian package installs
# the module for the system interpreter.

start_server {tags {"clients"}} {
    test {python3-redis: pub/sub listeners, pipelines, transactions, WATCH, streams} {
        exec /usr/bin/python3 [file join $::tests_dir helpers py_client_patterns.py] [srv port]
    } {OK}

    # tests/helpers/py_client_scripting.py: register_script (EVALSHA, and
    # EVAL again after SCRIPT FLUSH) and redis.lock.Lock across threads.
    test {python3-redis: register_script and Lock (acquire, extend, release) across threads} {
        exec /usr/bin/python3 [file join $::tests_dir helpers py_client_scripting.py] [srv port]
    } {OK}
}
