# Lazy freeing: UNLINK, FLUSHALL/FLUSHDB ASYNC and the lazyfree-lazy-*
# configs hand big values and whole databases to a background thread.
#
# What INFO memory reports is the observable: lazyfree_pending_objects
# (handed over, not yet freed) and lazyfreed_objects (freed by the thread; a
# database counts as its number of keys).  A value is handed over only when
# freeing it takes more than 64 allocations (LAZYFREE_THRESHOLD): list
# quicklist nodes, or elements of a hash table encoded set, hash or sorted
# set.  Every "was it lazy?" check first waits for pending to reach 0, so a
# value that did go to the thread has been counted by then.

proc lazyfree_settle {} {
    wait_for_condition 100 20 {
        [s lazyfree_pending_objects] == 0
    } else {
        fail "lazy free jobs still pending: [s lazyfree_pending_objects]"
    }
}

# lazyfreed_objects once the thread is idle.
proc lazyfreed {} {
    lazyfree_settle
    return [s lazyfreed_objects]
}

# A hash table encoded set of n string members, added in batches.
proc lazyfree_big_set {key n {prefix m}} {
    set batch {}
    for {set i 0} {$i < $n} {incr i} {
        lappend batch $prefix$i
        if {[llength $batch] == 1000} {
            r sadd $key {*}$batch
            set batch {}
        }
    }
    if {[llength $batch]} { r sadd $key {*}$batch }
}

start_server {tags {"lazyfree"}} {
    test {INFO memory reports lazyfree_pending_objects and lazyfreed_objects} {
        set mem [r info memory]
        assert_match "*\r\nlazyfree_pending_objects:*" $mem
        assert_match "*\r\nlazyfreed_objects:*" $mem
        # Not in the Stats section.
        assert_no_match "*lazyfree*" [r info stats]
    }

    test {UNLINK of a big set: the key is gone at once, the memory comes back} {
        r flushall
        lazyfree_settle
        set orig_mem [s used_memory]
        lazyfree_big_set myset 100000
        assert_equal 100000 [r scard myset]
        set peak_mem [s used_memory]
        set before [lazyfreed]
        assert_equal 1 [r unlink myset]
        # Gone for every later command, whatever the thread is doing.
        assert_equal 0 [r exists myset]
        assert_equal 0 [r dbsize]
        # The name is free for a new value right away.
        assert_equal 1 [r sadd myset x]
        assert_equal {x} [r smembers myset]
        wait_for_condition 100 50 {
            [s used_memory] < $peak_mem - ($peak_mem - $orig_mem) * 0.8
        } else {
            fail "memory not reclaimed: orig $orig_mem peak $peak_mem now [s used_memory]"
        }
        assert_equal [expr {$before + 1}] [lazyfreed]
        r del myset
    }

    test {UNLINK of many keys counts the big values only} {
        r flushall
        set before [lazyfreed]
        lazyfree_big_set big1 1000
        lazyfree_big_set big2 1000
        r set str foo
        r sadd small a b c
        assert_equal 4 [r unlink big1 str nokey small big2]
        assert_equal 0 [r dbsize]
        assert_equal [expr {$before + 2}] [lazyfreed]
    }

    test {UNLINK of a missing key} {
        assert_equal 0 [r unlink nosuchkey]
    }

    test {UNLINK arity} {
        assert_error "ERR wrong number of arguments for 'unlink' command" {r unlink}
    }

    test {UNLINK of a string value is freed at once} {
        set before [lazyfreed]
        r set s [string repeat x 100000]
        assert_equal 1 [r unlink s]
        assert_equal $before [lazyfreed]
    }

    # The threshold is "more than 64 allocations", for each encoding that
    # can reach it.  64 is freed in place, 65 in the background.
    test {Free effort threshold: hash table set of 64 vs 65 members} {
        foreach {n delta} {64 0 65 1} {
            set before [lazyfreed]
            lazyfree_big_set s $n
            assert_encoding hashtable s
            r unlink s
            assert_equal [expr {$before + $delta}] [lazyfreed] "set of $n"
        }
    }

    test {Free effort threshold: a list of 64 vs 65 quicklist nodes} {
        r config set list-max-listpack-size 1
        foreach {n delta} {64 0 65 1} {
            set before [lazyfreed]
            set elems {}
            for {set i 0} {$i < $n} {incr i} { lappend elems $i }
            r rpush l {*}$elems
            assert_encoding quicklist l
            r unlink l
            assert_equal [expr {$before + $delta}] [lazyfreed] "list of $n nodes"
        }
        # The same element count in few nodes is cheap to free.
        r config set list-max-listpack-size -2
        set before [lazyfreed]
        r rpush l {*}$elems
        r unlink l
        assert_equal $before [lazyfreed]
    }

    test {Free effort threshold: hash table hash of 64 vs 65 fields} {
        r config set hash-max-listpack-entries 0
        foreach {n delta} {64 0 65 1} {
            set before [lazyfreed]
            set args {}
            for {set i 0} {$i < $n} {incr i} { lappend args f$i v$i }
            r hset h {*}$args
            assert_encoding hashtable h
            r unlink h
            assert_equal [expr {$before + $delta}] [lazyfreed] "hash of $n"
        }
        r config set hash-max-listpack-entries 512
    }

    test {Free effort threshold: skiplist sorted set of 64 vs 65 members} {
        r config set zset-max-listpack-entries 0
        foreach {n delta} {64 0 65 1} {
            set before [lazyfreed]
            set args {}
            for {set i 0} {$i < $n} {incr i} { lappend args $i m$i }
            r zadd z {*}$args
            assert_encoding skiplist z
            r unlink z
            assert_equal [expr {$before + $delta}] [lazyfreed] "zset of $n"
        }
        r config set zset-max-listpack-entries 128
    }

    test {Compact encodings are one allocation: listpack hash, intset, listpack zset} {
        set before [lazyfreed]
        set args {}
        for {set i 0} {$i < 120} {incr i} { lappend args f$i v$i }
        r hset h {*}$args
        assert_encoding listpack h
        set ints {}
        for {set i 0} {$i < 400} {incr i} { lappend ints $i }
        r sadd is {*}$ints
        assert_encoding intset is
        set args {}
        for {set i 0} {$i < 120} {incr i} { lappend args $i m$i }
        r zadd z {*}$args
        assert_encoding listpack z
        assert_equal 3 [r unlink h is z]
        assert_equal $before [lazyfreed]
    }

    test {DEL frees in place unless lazyfree-lazy-user-del is yes} {
        set before [lazyfreed]
        lazyfree_big_set s 200
        assert_equal 1 [r del s]
        assert_equal $before [lazyfreed]

        r config set lazyfree-lazy-user-del yes
        lazyfree_big_set s 200
        assert_equal 1 [r del s]
        assert_equal 0 [r exists s]
        assert_equal [expr {$before + 1}] [lazyfreed]
        # Small values stay synchronous.
        r set k v
        assert_equal 1 [r del k]
        assert_equal [expr {$before + 1}] [lazyfreed]
        r config set lazyfree-lazy-user-del no
    } {OK} {needs:config}

    test {CONFIG RESETSTAT clears lazyfreed_objects} {
        lazyfree_big_set s 200
        r unlink s
        assert_morethan [lazyfreed] 0
        r config resetstat
        assert_equal 0 [s lazyfreed_objects]
        assert_equal 0 [s lazyfree_pending_objects]
    }
}

start_server {tags {"lazyfree"}} {
    test {FLUSHDB ASYNC empties the current database at once and counts its keys} {
        r config resetstat
        r select 10
        r set other 1
        r select 9
        r debug populate 100
        lazyfree_big_set big 1000
        assert_equal OK [r flushdb async]
        assert_equal 0 [r dbsize]
        assert_equal 101 [lazyfreed]
        # The other database is untouched.
        r select 10
        assert_equal 1 [r dbsize]
        assert_equal 1 [r get other]
        r select 9
    } {OK} {needs:debug}

    test {FLUSHDB ASYNC of an empty database} {
        set before [lazyfreed]
        assert_equal OK [r flushdb async]
        assert_equal $before [lazyfreed]
    }

    test {FLUSHALL ASYNC counts the keys of every database} {
        r flushall sync
        set before [lazyfreed]
        r set a 1
        r set b 2
        r rpush l a b c
        r select 10
        r set c 3
        r select 9
        assert_equal OK [r flushall async]
        assert_equal 0 [r dbsize]
        r select 10
        assert_equal 0 [r dbsize]
        r select 9
        assert_equal [expr {$before + 4}] [lazyfreed]
    }

    test {FLUSHALL ASYNC gives the memory back} {
        r flushall
        lazyfree_settle
        set orig_mem [s used_memory]
        lazyfree_big_set s1 50000
        lazyfree_big_set s2 50000 n
        set peak_mem [s used_memory]
        assert_equal OK [r flushall async]
        assert_equal 0 [r dbsize]
        wait_for_condition 100 50 {
            [s used_memory] < $peak_mem - ($peak_mem - $orig_mem) * 0.8
        } else {
            fail "memory not reclaimed: orig $orig_mem peak $peak_mem now [s used_memory]"
        }
    }

    test {Keys with a TTL are flushed asynchronously too} {
        set before [lazyfreed]
        r set k1 v ex 100
        lazyfree_big_set k2 100
        r expire k2 100
        assert_equal OK [r flushdb async]
        assert_equal 0 [r dbsize]
        assert_equal -2 [r ttl k1]
        assert_equal [expr {$before + 2}] [lazyfreed]
        # The new tables work: keys and TTLs again.
        r set k1 v ex 100
        assert_range [r ttl k1] 1 100
    }

    test {FLUSHALL and FLUSHDB SYNC, and plain ones, free in place} {
        set before [lazyfreed]
        r debug populate 10
        assert_equal OK [r flushdb sync]
        r debug populate 10
        assert_equal OK [r flushall SYNC]
        r debug populate 10
        assert_equal OK [r flushall]
        r debug populate 10
        assert_equal OK [r flushdb]
        assert_equal $before [lazyfreed]
    } {} {needs:debug}

    test {lazyfree-lazy-user-flush makes plain FLUSHALL/FLUSHDB asynchronous, not SYNC ones} {
        r config set lazyfree-lazy-user-flush yes
        set before [lazyfreed]
        r debug populate 10
        assert_equal OK [r flushall]
        assert_equal [expr {$before + 10}] [lazyfreed]
        r debug populate 5
        assert_equal OK [r flushdb]
        assert_equal [expr {$before + 15}] [lazyfreed]
        r debug populate 7
        assert_equal OK [r flushall sync]
        r debug populate 7
        assert_equal OK [r flushdb sync]
        assert_equal [expr {$before + 15}] [lazyfreed]
        r config set lazyfree-lazy-user-flush no
    } {OK} {needs:debug needs:config}

    test {FLUSHALL / FLUSHDB option errors} {
        assert_error "ERR syntax error" {r flushall foo}
        assert_error "ERR syntax error" {r flushall async sync}
        assert_error "ERR syntax error" {r flushdb foo}
        assert_error "ERR syntax error" {r flushdb sync async}
    }
}

start_server {tags {"lazyfree"}} {
    test {lazyfree-lazy-server-del: an overwritten big value is freed in the background} {
        set before [lazyfreed]
        # Off (the default): SET over a big set frees it in place.
        lazyfree_big_set s 200
        r set s x
        assert_equal $before [lazyfreed]

        r config set lazyfree-lazy-server-del yes
        lazyfree_big_set s2 200
        assert_equal OK [r set s2 x]
        assert_equal x [r get s2]
        assert_equal [expr {$before + 1}] [lazyfreed]
        # RENAME over a big destination.
        r del s s2
        lazyfree_big_set dst 200
        r set src v
        r rename src dst
        assert_equal v [r get dst]
        assert_equal [expr {$before + 2}] [lazyfreed]
        # A STORE command over a big destination.
        r del dst
        lazyfree_big_set dst 200
        r sadd one a
        assert_equal 1 [r sunionstore dst one]
        assert_equal {a} [r smembers dst]
        assert_equal [expr {$before + 3}] [lazyfreed]
        # COPY ... REPLACE over a big destination.
        r del dst
        lazyfree_big_set dst 200
        assert_equal 1 [r copy one dst replace]
        assert_equal [expr {$before + 4}] [lazyfreed]
        # Small values still go in place.
        r set k v1
        r set k v2
        assert_equal [expr {$before + 4}] [lazyfreed]
        r config set lazyfree-lazy-server-del no
    } {OK} {needs:config}

    test {lazyfree-lazy-expire: expired big values are freed in the background} {
        r config set lazyfree-lazy-expire yes
        set before [lazyfreed]
        # EXPIRE with a time in the past deletes the key.
        lazyfree_big_set s 200
        assert_equal 1 [r expire s -1]
        assert_equal 0 [r exists s]
        assert_equal [expr {$before + 1}] [lazyfreed]
        # A key that expires and is then accessed.
        lazyfree_big_set s 200
        r pexpire s 1
        wait_for_condition 100 10 {
            [r exists s] == 0
        } else {
            fail "the key did not expire"
        }
        assert_equal [expr {$before + 2}] [lazyfreed]

        r config set lazyfree-lazy-expire no
        lazyfree_big_set s 200
        assert_equal 1 [r expire s -1]
        assert_equal [expr {$before + 2}] [lazyfreed]
    } {} {needs:config}

    test {Big values of every type through UNLINK, with the keyspace still consistent} {
        r flushall
        set before [lazyfreed]
        r config set list-max-listpack-size 4
        for {set i 0} {$i < 500} {incr i} { r rpush l $i }
        for {set i 0} {$i < 600} {incr i} { r hset h f$i $i }
        for {set i 0} {$i < 500} {incr i} { r zadd z $i m$i }
        lazyfree_big_set s 500
        assert_equal {quicklist hashtable skiplist hashtable} \
            [list [r object encoding l] [r object encoding h] [r object encoding z] [r object encoding s]]
        r set keep me
        assert_equal 4 [r unlink l h z s]
        assert_equal {keep} [r keys *]
        assert_equal me [r get keep]
        assert_equal [expr {$before + 4}] [lazyfreed]
        r config set list-max-listpack-size -2
    } {OK}
}
