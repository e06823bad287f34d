# maxmemory and key eviction: every maxmemory-policy keeps used memory near
# the limit by evicting the right keys (volatile-* only keys with a TTL,
# volatile-ttl the soonest to expire, LRU/LFU the least recently/frequently
# used), noeviction and "nothing left to evict" answer -OOM to commands that
# may grow memory (and to anything queued in MULTI), evictions are counted,
# notified, propagated to the AOF, and may be freed lazily.
#
# Limits are set relative to the used memory measured at the start of each
# test, so the numbers hold for any server whose keys cost a few hundred bytes
# or less.  Statistical checks (LRU, LFU, TTL) compare a "should survive"
# group with a "should go" group and leave a wide margin.

set ::mm_oom "OOM command not allowed when used memory > 'maxmemory'."

proc mm_used {} { s used_memory }

# Empty the dataset, zero the counters and choose the policy; maxmemory is
# left unlimited.
proc mm_reset {policy} {
    r config set maxmemory 0
    r flushall
    r config resetstat
    r config set maxmemory-policy $policy
}

# Set maxmemory to the memory in use now plus `headroom` bytes.
proc mm_limit_above_used {headroom} {
    set limit [expr {[mm_used] + $headroom}]
    r config set maxmemory $limit
    return $limit
}

# Write n keys prefix:0 .. prefix:n-1 with ~100 byte values; every key whose
# index is not a multiple of `persist_every` gets a TTL (0: no TTLs).
proc mm_fill {prefix n {persist_every 0}} {
    set val [string repeat x 100]
    for {set i 0} {$i < $n} {incr i} {
        if {$persist_every && $i % $persist_every != 0} {
            r set $prefix:$i $val ex 100000
        } else {
            r set $prefix:$i $val
        }
    }
}

# How many of prefix:from .. prefix:to-1 exist.  Call with maxmemory off, so
# that counting evicts nothing more.
proc mm_count {prefix from to} {
    set n 0
    for {set i $from} {$i < $to} {incr i} {
        incr n [r exists $prefix:$i]
    }
    return $n
}

# Keys with a TTL in the current db (INFO keyspace).
proc mm_expires {} {
    if {![regexp {db9:keys=\d+,expires=(\d+)} [r info keyspace] -> n]} { return 0 }
    return $n
}

# Fill (no limit), then set maxmemory halfway between the memory used before
# and after the data went in: about half of the data must go.
# Eviction spreads over several event loop iterations (the time budget of
# maxmemory-eviction-tenacity): wait until it is done, then lift the limit.
proc mm_shrink_to_half {base} {
    set full [mm_used]
    set limit [expr {$base + ($full - $base) / 2}]
    r config set maxmemory $limit
    mm_wait_under $limit
    r config set maxmemory 0
}

# Wait until eviction has brought memory down to the limit.  INFO counts
# the memory of its own reply being built: allow a few KB for it.
proc mm_wait_under {limit} {
    wait_for_condition 100 20 {
        [s used_memory] <= $limit + 8192
    } else {
        fail "eviction did not bring used_memory under $limit"
    }
}

# Latency tracking allocates a histogram the first time each command runs:
# memory that would move while a test measures.
start_server {tags {"maxmemory"} overrides {latency-tracking no}} {
    foreach policy {allkeys-random allkeys-lru allkeys-lfu volatile-lru volatile-lfu volatile-random volatile-ttl} {
        test "maxmemory-policy $policy keeps used memory near the limit" {
            mm_reset $policy
            set limit [mm_limit_above_used 300000]
            set volatile [string match volatile-* $policy]
            # Volatile policies: one key in four has no TTL and must stay.
            mm_fill k 4000 [expr {$volatile ? 4 : 0}]
            set used [mm_used]
            r config set maxmemory 0
            set evicted [s evicted_keys]
            set left [r dbsize]
            assert_lessthan $used [expr {$limit + 20000}]
            assert_morethan $evicted 0
            # Nothing else deletes keys here: evicted + left = written.
            assert_equal 4000 [expr {$evicted + $left}]
            if {$volatile} {
                set persistent 0
                for {set i 0} {$i < 4000} {incr i 4} { incr persistent [r exists k:$i] }
                assert_equal 1000 $persistent
                assert_equal [expr {$left - 1000}] [mm_expires]
            }
        }
    }

    test {volatile-* policies answer -OOM once no key has a TTL} {
        foreach policy {volatile-lru volatile-lfu volatile-random volatile-ttl} {
            mm_reset $policy
            r set ttl-key v ex 1000
            mm_limit_above_used 50000
            set err {}
            for {set i 0} {$i < 2000} {incr i} {
                if {[catch {r set p:$i [string repeat x 100]} err]} break
            }
            assert_match $::mm_oom $err
            assert_equal 0 [r exists ttl-key]
            assert_equal 1 [s evicted_keys]
            assert_equal 0 [mm_expires]
            # Reads and deletions still work.
            assert_equal [string repeat x 100] [r get p:0]
            assert_equal 1 [r del p:0]
        }
        r config set maxmemory 0
    }

    test {noeviction: -OOM for writes that may grow memory, not for GET or DEL} {
        mm_reset noeviction
        r set keep value
        set limit [mm_limit_above_used 50000]
        set err {}
        for {set i 0} {$i < 2000} {incr i} {
            if {[catch {r set n:$i [string repeat x 100]} err]} break
        }
        assert_equal "$::mm_oom" $err
        # Memory hovers at the limit: go well over it for the checks.
        r config set maxmemory 1
        assert_error $::mm_oom {r set another v}
        assert_error $::mm_oom {r lpush list a}
        assert_error $::mm_oom {r incr counter}
        assert_equal value [r get keep]
        assert_equal 1 [r exists keep]
        assert_equal 1 [r del keep]
        assert_equal 0 [s evicted_keys]
        # Freeing enough memory lets writes in again.
        r flushall
        r config set maxmemory $limit
        assert_equal OK [r set again v]
        r config set maxmemory 0
    }

    test {-OOM inside MULTI refuses every queued command and aborts EXEC} {
        mm_reset noeviction
        r set foo bar
        r multi
        r set a b
        r get foo
        r config set maxmemory 1
        assert_equal {OK bar OK} [r exec]
        r multi
        # Even reads would be queued: refused, the transaction is doomed.
        assert_error $::mm_oom {r get foo}
        assert_error $::mm_oom {r set x y}
        assert_error $::mm_oom {r ping}
        assert_error $::mm_oom {r watch x}
        assert_error {EXECABORT Transaction discarded because of previous errors.} {r exec}
        # DISCARD and EXEC themselves get through.
        r multi
        assert_equal OK [r discard]
        r multi
        assert_equal {} [r exec]
        r config set maxmemory 0
    }

    test {EXEC with a queued write is refused when memory is over the limit} {
        mm_reset noeviction
        set r2 [redis_client]
        r multi
        r set q 1
        r get q
        $r2 config set maxmemory 1
        assert_error "EXECABORT Transaction discarded because of: $::mm_oom" {r exec}
        assert_equal 0 [r exists q]
        # A transaction of reads runs.
        $r2 config set maxmemory 0
        r set q 1
        r multi
        r get q
        $r2 config set maxmemory 1
        assert_equal {1} [r exec]
        $r2 config set maxmemory 0
        $r2 close
    }

    test {RESP3: the -OOM error is the same} {
        mm_reset noeviction
        r hello 3
        r config set maxmemory 1
        assert_error $::mm_oom {r set x y}
        r config set maxmemory 0
        r hello 2
    }

    test {CONFIG SET maxmemory below the used memory evicts at once} {
        mm_reset allkeys-random
        set base [mm_used]
        mm_fill c 3000
        mm_shrink_to_half $base
        set left [r dbsize]
        set evicted [s evicted_keys]
        assert_morethan $evicted 500
        assert_equal 3000 [expr {$left + $evicted}]
    }

    test {volatile-ttl evicts the keys that expire soonest} {
        mm_reset volatile-ttl
        set base [mm_used]
        # Later keys get shorter TTLs, so that age does not decide.
        set val [string repeat x 100]
        for {set i 0} {$i < 3000} {incr i} {
            r set t:$i $val ex [expr {100000 - $i * 10}]
        }
        mm_shrink_to_half $base
        set long_ttl [mm_count t 0 1000]
        set short_ttl [mm_count t 2000 3000]
        assert_morethan [s evicted_keys] 500
        assert_morethan $long_ttl [expr {$short_ttl + 500}]
    }

    test {allkeys-lru keeps recently read keys} {
        mm_reset allkeys-lru
        set base [mm_used]
        mm_fill lru 3000
        # One tick of the LRU clock (1 s), then keys 0..999 are read: from
        # then on they are strictly more recent than the others.
        wait_for_condition 50 100 {
            [r object idletime lru:2999] >= 1
        } else {
            fail "LRU clock did not move"
        }
        for {set i 0} {$i < 1000} {incr i} { r get lru:$i }
        mm_shrink_to_half $base
        set hot [mm_count lru 0 1000]
        set cold [mm_count lru 1000 2000]
        assert_morethan [s evicted_keys] 500
        assert_morethan $hot [expr {$cold + 400}]
    }

    test {allkeys-lfu keeps frequently read keys} {
        mm_reset allkeys-lfu
        set base [mm_used]
        mm_fill lfu 3000
        for {set j 0} {$j < 5} {incr j} {
            for {set i 0} {$i < 1000} {incr i} { r get lfu:$i }
        }
        mm_shrink_to_half $base
        set hot [mm_count lfu 0 1000]
        set cold [mm_count lfu 1000 2000]
        assert_morethan [s evicted_keys] 500
        assert_morethan $hot [expr {$cold + 400}]
    }

    test {OBJECT FREQ and OBJECT IDLETIME under LFU and LRU policies} {
        mm_reset allkeys-lfu
        r set f v
        assert_equal 5 [r object freq f]
        # The first access from the initial value always counts.
        r get f
        assert_equal 6 [r object freq f]
        assert_error {*An LFU maxmemory policy is selected, idle time not tracked*} {r object idletime f}
        r config set maxmemory-policy allkeys-lru
        r set g v
        assert_range [r object idletime g] 0 2
        assert_error {*An LFU maxmemory policy is not selected, access frequency not tracked*} {r object freq g}
        r config set maxmemory-policy noeviction
    }

    test {The evicted keyspace event} {
        mm_reset allkeys-random
        r config set notify-keyspace-events Ee
        set rd [redis_deferring_client]
        $rd subscribe __keyevent@9__:evicted
        $rd read
        # Unread events pile up in the subscriber's output buffer, which
        # counts as used memory: leave room for them.
        mm_limit_above_used 250000
        mm_fill e 3000
        r config set maxmemory 0
        set evicted [s evicted_keys]
        assert_morethan $evicted 0
        # Every eviction is announced with the key's name.
        set names {}
        for {set i 0} {$i < $evicted} {incr i} {
            set m [$rd read]
            assert_equal __keyevent@9__:evicted [lindex $m 1]
            lappend names [lindex $m 2]
        }
        foreach key $names {
            assert_match e:* $key
            assert_equal 0 [r exists $key]
        }
        assert_equal [expr {3000 - $evicted}] [r dbsize]
        $rd close
        r config set notify-keyspace-events ""
    }

    test {maxmemory-eviction-tenacity: bounds, and eviction still completes at 0} {
        assert_error {*must be between 0 and 100*} {r config set maxmemory-eviction-tenacity 101}
        assert_error {*must be between 0 and 100*} {r config set maxmemory-eviction-tenacity -1}
        assert_equal {maxmemory-eviction-tenacity 10} [r config get maxmemory-eviction-tenacity]
        mm_reset allkeys-random
        set base [mm_used]
        mm_fill ten 3000
        # No time budget: 16 keys per call, the rest from the event loop.
        r config set maxmemory-eviction-tenacity 0
        set limit [expr {$base + ([mm_used] - $base) / 2}]
        r config set maxmemory $limit
        mm_wait_under $limit
        assert_morethan [s evicted_keys] 500
        r config set maxmemory 0
        r config set maxmemory-eviction-tenacity 10
    }

    test {lazyfree-lazy-eviction frees evicted values in the background} {
        mm_reset allkeys-random
        r config set lazyfree-lazy-eviction yes
        assert_equal {lazyfree-lazy-eviction yes} [r config get lazyfree-lazy-eviction]
        set base [mm_used]
        # Hash table encoded hashes: freeing each takes hundreds of frees,
        # so an evicted one goes to the lazyfree thread.
        for {set i 0} {$i < 40} {incr i} {
            set fields {}
            for {set j 0} {$j < 600} {incr j} { lappend fields f$j [string repeat v 20] }
            r hset big:$i {*}$fields
        }
        set freed_before [s lazyfreed_objects]
        set limit [expr {$base + ([mm_used] - $base) / 2}]
        r config set maxmemory $limit
        mm_wait_under $limit
        wait_for_condition 100 20 {
            [s lazyfree_pending_objects] == 0
        } else {
            fail "lazy free jobs still pending"
        }
        set evicted [s evicted_keys]
        assert_morethan $evicted 0
        assert_equal [expr {40 - $evicted}] [r dbsize]
        assert_morethan [s lazyfreed_objects] $freed_before
        r config set maxmemory 0
        r config set lazyfree-lazy-eviction no
    }

    test {INFO reports the eviction fields} {
        set info [r info]
        foreach field {evicted_keys total_eviction_exceeded_time current_eviction_exceeded_time mem_not_counted_for_evict} {
            assert_match "*$field:*" $info
        }
        r config set appendonly no
        assert_equal 0 [s mem_not_counted_for_evict]
        r config resetstat
        assert_equal 0 [s evicted_keys]
        assert_equal 0 [s total_eviction_exceeded_time]
    }
}

start_server {tags {"maxmemory"} overrides {latency-tracking no appendonly yes appendfsync always}} {
    test {Evicted keys are deleted in the AOF too} {
        mm_reset allkeys-random
        mm_limit_above_used 100000
        mm_fill a 2000
        r config set maxmemory 0
        assert_morethan [s evicted_keys] 0
        set left [r dbsize]
        set digest [r debug digest]
        r debug loadaof
        assert_equal $left [r dbsize]
        assert_equal $digest [r debug digest]
    } {} {needs:debug}
}
