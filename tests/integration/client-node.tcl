# Real Node.js client libraries from the npm registry: ioredis (scripts
# defined with defineCommand, the EVALSHA-then-EVAL fallback, Lua reply
# types, psubscribe, pipelines, MULTI) and BullMQ (a job queue built almost
# entirely on Lua scripts: retries with backoff, delayed and prioritised
# jobs).  The libraries are pinned by tests/helpers/node/package-lock.json
# and installed by deps/install-node-deps.sh (run by `make test`).  Each
# script prints OK or fails with a stack trace, which becomes the error.
# Both pass against Redis 7.0.15 too.

set node_dir [file join $::tests_dir helpers node]

start_server {tags {"clients scripting"}} {
    test {ioredis: defineCommand scripts, Lua reply types, psubscribe, pipelines, MULTI} {
        exec node [file join $node_dir ioredis_patterns.js] [srv port]
    } {OK}

    test {BullMQ: 40 jobs with retries, backoff, delays, priorities and one that fails for good} {
        exec node [file join $node_dir bullmq_queue.js] [srv port]
    } {OK}
}
