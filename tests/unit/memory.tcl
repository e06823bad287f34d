# MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP.  Byte counts
# are each server's own (our entries are laid out differently from Redis's),
# so the tests check how figures move, not their values.

start_server {tags {"memory"}} {
    test {MEMORY USAGE of a missing key is nil} {
        r flushall
        assert_equal {} [r memory usage nosuchkey]
    }

    test {MEMORY USAGE grows with the value} {
        r set small x
        r set large [string repeat x 5000]
        set a [r memory usage small]
        set b [r memory usage large]
        assert_morethan $a 0
        assert_morethan $b [expr {$a + 4999}]
    }

    test {MEMORY USAGE counts every type and encoding} {
        r rpush list a b c
        r hset hash f v
        r sadd intset 1 2 3
        r sadd hset a b c
        r zadd zset 1 a
        r set int 12345
        foreach k {list hash intset hset zset int} {
            assert_morethan [r memory usage $k] 0
        }
        # A hash converted to a hash table costs more than its listpack form.
        set before [r memory usage hash]
        for {set i 0} {$i < 600} {incr i} { r hset hash field$i value$i }
        assert_encoding hashtable hash
        assert_morethan [r memory usage hash] $before
    }

    test {MEMORY USAGE SAMPLES: 0 measures everything, big aggregates are sampled} {
        r del big
        for {set i 0} {$i < 300} {incr i} { r sadd big [string repeat m 20]$i }
        assert_encoding hashtable big
        set all [r memory usage big samples 0]
        set some [r memory usage big samples 5]
        assert_morethan $all [expr {300 * 20}]
        # Every member has the same size: sampling extrapolates closely.
        assert_range $some [expr {$all * 0.8}] [expr {$all * 1.2}]
        assert_equal [r memory usage big SAMPLES 0] $all
    }

    test {MEMORY USAGE of streams: nodes, sampled listpacks, groups and pending entries} {
        r del st
        r xadd st 1-1 f v
        set one [r memory usage st]
        assert_morethan $one 0
        r config set stream-node-max-entries 10
        for {set i 2} {$i <= 500} {incr i} { r xadd st 1-$i field-$i [string repeat v 40] }
        r config set stream-node-max-entries 100
        set entries [r memory usage st samples 0]
        assert_morethan $entries [expr {$one + 499 * 40}]
        # Nodes of the same shape: sampling extrapolates closely.
        assert_range [r memory usage st samples 3] [expr {$entries * 0.8}] [expr {$entries * 1.2}]
        r xgroup create st g 0
        set group [r memory usage st samples 0]
        assert_morethan $group $entries
        r xreadgroup group g alice count 400 streams st >
        assert_morethan [r memory usage st samples 0] $group
    }

    test {MEMORY USAGE errors} {
        r set foo bar
        assert_error {ERR syntax error} {r memory usage foo samples}
        assert_error {ERR syntax error} {r memory usage foo samples -1}
        assert_error {ERR syntax error} {r memory usage foo bar}
        assert_error {ERR syntax error} {r memory usage foo samples 1 x}
        assert_error {ERR value is not an integer or out of range} {r memory usage foo samples abc}
        assert_error {ERR value is not an integer or out of range} {r memory usage foo samples 99999999999999999999}
        assert_error {ERR wrong number of arguments for 'memory|usage' command} {r memory usage}
    }

    test {MEMORY STATS reports the breakdown} {
        r flushall
        r select 9
        r set a 1
        r select 0
        r set b 2
        r set c 3
        set stats [r memory stats]
        foreach field {peak.allocated total.allocated startup.allocated replication.backlog clients.slaves
                       clients.normal cluster.links aof.buffer lua.caches functions.caches overhead.total
                       keys.count keys.bytes-per-key dataset.bytes dataset.percentage peak.percentage
                       allocator.allocated allocator.active allocator.resident allocator-fragmentation.ratio
                       allocator-fragmentation.bytes allocator-rss.ratio allocator-rss.bytes
                       rss-overhead.ratio rss-overhead.bytes fragmentation fragmentation.bytes} {
            assert {[dict exists $stats $field]}
        }
        assert_equal 3 [dict get $stats keys.count]
        # Only databases that hold keys are listed.
        assert {[dict exists $stats db.0] && [dict exists $stats db.9] && ![dict exists $stats db.1]}
        assert_equal {overhead.hashtable.main overhead.hashtable.expires overhead.hashtable.slot-to-keys} \
            [dict keys [dict get $stats db.0]]
        assert_morethan [dict get $stats total.allocated] [dict get $stats startup.allocated]
        assert {[dict get $stats peak.allocated] >= [dict get $stats total.allocated]}
        r select 9
        r flushdb
        r select 0
    }

    test {MEMORY STATS in RESP3 is a map with doubles} {
        r hello 3
        set stats [r memory stats]
        r hello 2
        assert_equal 3 [expr {[dict size $stats] - 25}]
        assert_match {*.*} [dict get $stats fragmentation]
    } {} {resp3}

    test {MEMORY DOCTOR, MALLOC-STATS, PURGE, HELP} {
        assert_morethan [string length [r memory doctor]] 10
        assert_equal OK [r memory purge]
        assert_morethan [string length [r memory malloc-stats]] 10
        set help [r memory help]
        assert_match {MEMORY <subcommand>*} [lindex $help 0]
        assert_equal 14 [llength $help]
        assert_error {ERR unknown subcommand 'foo'. Try MEMORY HELP.} {r memory foo}
        assert_error {ERR wrong number of arguments for 'memory|stats' command} {r memory stats x}
        assert_error {ERR wrong number of arguments for 'memory|doctor' command} {r memory doctor x}
        assert_error {ERR wrong number of arguments for 'memory|purge' command} {r memory purge x}
    }
}
