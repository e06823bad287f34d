# The blocking list commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP.
# Serving at once, waiting and being woken up by every way a list can
# appear under a key, FIFO order between waiting clients, timeouts and
# their errors, CLIENT UNBLOCK, and the Redis 7.0 rule that a client
# waiting on a key of another type stays blocked.

# The id of the one blocked client, from CLIENT LIST.
proc blist_blocked_id {} {
    foreach line [split [string trim [r client list]] "\n"] {
        if {[regexp {^id=(\d+) .* flags=b } $line -> id]} { return $id }
    }
    return ""
}

# Read the next reply of a deferring client, or the error it carries.
proc blist_read {rd} {
    if {[catch {$rd read} reply]} { return "error: $reply" }
    return $reply
}

start_server {tags {"list"}} {
    # ----------------------------------------------------- serving at once

    test {BLPOP and BRPOP serve a non-empty list at once} {
        r del l
        r rpush l a b c
        assert_equal [r blpop l 0] {l a}
        assert_equal [r brpop l 0] {l c}
        assert_equal [r blpop l 1] {l b}
        r exists l
    } {0}

    test {BLPOP on several keys serves the first one holding a list} {
        r del a b c
        r rpush b x
        r rpush c y z
        assert_equal [r blpop a b c 0] {b x}
        assert_equal [r brpop a b c 0] {c z}
        assert_equal [r blpop a b c 0] {c y}
        assert_equal [s blocked_clients] 0
        r exists a b c
    } {0}

    test {BLMOVE and BRPOPLPUSH move at once from a non-empty list} {
        r del src dst
        r rpush src a b c
        assert_equal [r blmove src dst left right 0] a
        assert_equal [r brpoplpush src dst 0] c
        assert_equal [r blmove src dst RIGHT LEFT 0] b
        assert_equal [r exists src] 0
        r lrange dst 0 -1
    } {b c a}

    test {BLMPOP serves at once with a count} {
        r del a b
        r rpush b 1 2 3
        assert_equal [r blmpop 0 2 a b right count 2] {b {3 2}}
        assert_equal [r blmpop 0 2 a b left] {b 1}
        r exists b
    } {0}

    # --------------------------------------------------- waiting and waking

    test {BLPOP waits and LPUSH wakes it with the head element} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0
        wait_for_blocked_client
        assert_match "*flags=b *cmd=blpop *" [r client list id [blist_blocked_id]]
        assert_equal [r lpush l a b c] 3
        assert_equal [$rd read] {l c}
        assert_equal [s blocked_clients] 0
        assert_equal [r lrange l 0 -1] {b a}
        $rd close
    }

    test {BRPOP waits and RPUSH wakes it with the tail element} {
        r del l
        set rd [redis_deferring_client]
        $rd brpop l 0
        wait_for_blocked_client
        r rpush l a b
        assert_equal [$rd read] {l b}
        assert_equal [r lrange l 0 -1] {a}
        $rd close
    }

    test {A served client's list is deleted when it empties} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0
        wait_for_blocked_client
        r rpush l only
        assert_equal [$rd read] {l only}
        assert_equal [r exists l] 0
        $rd close
    }

    test {BLPOP on several keys is woken by the one that gets a list} {
        r del a b c
        set rd [redis_deferring_client]
        $rd blpop a b c 0
        wait_for_blocked_client
        r rpush c v
        assert_equal [$rd read] {c v}
        $rd close
    }

    test {BLPOP naming the same key twice waits once} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l l 0
        wait_for_blocked_client
        r rpush l a b
        assert_equal [$rd read] {l a}
        assert_equal [s blocked_clients] 0
        assert_equal [r lrange l 0 -1] {b}
        $rd close
    }

    test {Clients waiting on the same key are served in FIFO order} {
        r del l
        set clients {}
        for {set i 1} {$i <= 3} {incr i} {
            set rd [redis_deferring_client]
            $rd blpop l 0
            wait_for_blocked_clients_count $i
            lappend clients $rd
        }
        r rpush l a b c
        set got {}
        foreach rd $clients { lappend got [$rd read] }
        assert_equal $got {{l a} {l b} {l c}}
        # One element at a time: the first waiter gets it.
        foreach rd $clients { $rd brpop l 0 }
        wait_for_blocked_clients_count 3
        foreach v {x y z} { r rpush l $v }
        set got {}
        foreach rd $clients { lappend got [$rd read]; $rd close }
        set got
    } {{l x} {l y} {l z}}

    test {A client whose element was taken by an earlier waiter stays blocked} {
        r del l other
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        $rd1 blmove l other left left 0
        wait_for_blocked_clients_count 1
        $rd2 blpop l 0
        wait_for_blocked_clients_count 2
        r rpush l x
        assert_equal [$rd1 read] x
        assert_equal [s blocked_clients] 1
        assert_equal [r exists l] 0
        r rpush l y
        assert_equal [$rd2 read] {l y}
        assert_equal [r lrange other 0 -1] {x}
        $rd1 close
        $rd2 close
    }

    test {Clients blocked in another database are not woken} {
        r del k
        set rd [redis_deferring_client]
        $rd blpop k 0
        wait_for_blocked_client
        r select 10
        r rpush k other-db
        r select 9
        assert_equal [s blocked_clients] 1
        r rpush k mine
        assert_equal [$rd read] {k mine}
        r select 10
        assert_equal [r lrange k 0 -1] {other-db}
        r del k
        r select 9
        $rd close
    }

    test {Pipelined commands behind a blocked one run after it is served} {
        r del l l2
        set rd [redis_deferring_client]
        $rd blpop l 0
        $rd rpush l2 after
        wait_for_blocked_client
        assert_equal [r exists l2] 0
        r rpush l v
        assert_equal [$rd read] {l v}
        assert_equal [$rd read] 1
        $rd close
        r lrange l2 0 -1
    } {after}

    test {A client that disconnects while blocked leaves the key alone} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0
        wait_for_blocked_client
        $rd close
        wait_for_blocked_clients_count 0
        r rpush l a
        r lrange l 0 -1
    } {a}

    # ------------------------------------- every way a list can appear

    test {Woken by LMOVE and RPOPLPUSH into the key} {
        r del src dst
        set rd [redis_deferring_client]
        $rd blpop dst 0
        wait_for_blocked_client
        r rpush src a b
        assert_equal [r lmove src dst left left] a
        assert_equal [$rd read] {dst a}
        $rd brpop dst 0
        wait_for_blocked_client
        assert_equal [r rpoplpush src dst] b
        assert_equal [$rd read] {dst b}
        $rd close
        r exists src dst
    } {0}

    test {One push feeds several waiters} {
        # The first waiter served leaves an element for the second.
        r del l
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        $rd1 blpop l 0
        wait_for_blocked_clients_count 1
        $rd2 blpop l 0
        wait_for_blocked_clients_count 2
        r rpush l a b
        assert_equal [$rd1 read] {l a}
        assert_equal [$rd2 read] {l b}
        $rd1 close
        $rd2 close
    }

    test {Woken by RENAME} {
        r del src dst
        set rd [redis_deferring_client]
        $rd blpop dst 0
        wait_for_blocked_client
        r rpush src a
        r rename src dst
        assert_equal [$rd read] {dst a}
        $rd close
        r exists src dst
    } {0}

    test {Woken by MOVE from another database} {
        r del k
        set rd [redis_deferring_client]
        $rd blpop k 0
        wait_for_blocked_client
        r select 10
        r del k
        r rpush k moved
        assert_equal [r move k 9] 1
        r select 9
        assert_equal [$rd read] {k moved}
        $rd close
        r exists k
    } {0}

    test {Woken by COPY} {
        r del src dst
        r rpush src x y
        set rd [redis_deferring_client]
        $rd brpop dst 0
        wait_for_blocked_client
        assert_equal [r copy src dst] 1
        assert_equal [$rd read] {dst y}
        assert_equal [r lrange src 0 -1] {x y}
        assert_equal [r lrange dst 0 -1] {x}
        $rd close
    }

    test {Woken by SWAPDB} {
        r flushall
        set rd [redis_deferring_client]
        $rd blpop k 0
        wait_for_blocked_client
        r select 10
        r rpush k swapped
        r select 9
        assert_equal [r swapdb 9 10] OK
        assert_equal [$rd read] {k swapped}
        assert_equal [r exists k] 0
        r swapdb 9 10
        $rd close
    }

    test {A list created by BLMOVE feeds the next waiter (chained)} {
        r del a b c
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        set rd3 [redis_deferring_client]
        $rd1 blmove a b right left 0
        wait_for_blocked_clients_count 1
        $rd2 brpoplpush b c 0
        wait_for_blocked_clients_count 2
        $rd3 blpop c 0
        wait_for_blocked_clients_count 3
        r rpush a x
        assert_equal [$rd1 read] x
        assert_equal [$rd2 read] x
        assert_equal [$rd3 read] {c x}
        assert_equal [s blocked_clients] 0
        foreach rd [list $rd1 $rd2 $rd3] { $rd close }
        r exists a b c
    } {0}

    test {BLMOVE with the same source and destination} {
        r del l
        set rd [redis_deferring_client]
        $rd blmove l l left right 0
        wait_for_blocked_client
        r rpush l x
        assert_equal [$rd read] x
        assert_equal [r lrange l 0 -1] {x}
        r rpush l y
        $rd blmove l l right left 0
        assert_equal [$rd read] y
        $rd close
        r lrange l 0 -1
    } {y x}

    test {BLMPOP waits and pops up to COUNT elements} {
        r del a b
        set rd [redis_deferring_client]
        $rd blmpop 0 2 a b left count 3
        wait_for_blocked_client
        r rpush b 1 2 3 4
        assert_equal [$rd read] {b {1 2 3}}
        assert_equal [r lrange b 0 -1] {4}
        $rd blmpop 0 2 a b right count 10
        assert_equal [$rd read] {b 4}
        $rd blmpop 0 1 a right
        wait_for_blocked_client
        r lpush a p q
        assert_equal [$rd read] {a p}
        $rd close
        r lrange a 0 -1
    } {q}

    # ------------------------------------------------ keys of another type

    test {A client waiting on a key that becomes a string stays blocked} {
        r del k
        set rd [redis_deferring_client]
        $rd blpop k 0
        wait_for_blocked_client
        r set k string
        assert_equal [s blocked_clients] 1
        r del k
        r rpush k v
        # Had the SET woken it, this read would give an error.
        assert_equal [$rd read] {k v}
        $rd close
    }

    test {A client woken by another key ignores a key of another type} {
        r del a b
        set rd [redis_deferring_client]
        $rd blpop a b 0
        wait_for_blocked_client
        r set a string
        r rpush b v
        assert_equal [$rd read] {b v}
        $rd close
        r get a
    } {string}

    test {A list waiter queued behind a sorted set waiter on the same key is served} {
        r del k
        set rdz [redis_deferring_client]
        set rdl [redis_deferring_client]
        $rdz bzpopmin k 0
        wait_for_blocked_clients_count 1
        $rdl blpop k 0
        wait_for_blocked_clients_count 2
        r rpush k x
        assert_equal [$rdl read] {k x}
        assert_equal [s blocked_clients] 1
        # The sorted set waiter keeps waiting and still gets its turn.
        r zadd k 1 m
        assert_equal [$rdz read] {k m 1}
        $rdz close
        $rdl close
    }

    test {BLMOVE woken with a destination of another type gets WRONGTYPE} {
        r del src dst
        r set dst string
        set rd [redis_deferring_client]
        $rd blmove src dst left left 0
        wait_for_blocked_client
        r rpush src x
        assert_match "error: WRONGTYPE*" [blist_read $rd]
        assert_equal [s blocked_clients] 0
        # The element stays in the source.
        assert_equal [r lrange src 0 -1] {x}
        $rd close
    }

    test {BLMOVE with a wrong destination does not keep the element from later waiters} {
        r del src dst
        r set dst string
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        $rd1 blmove src dst left left 0
        wait_for_blocked_clients_count 1
        $rd2 blpop src 0
        wait_for_blocked_clients_count 2
        r rpush src x
        assert_match "error: WRONGTYPE*" [blist_read $rd1]
        assert_equal [$rd2 read] {src x}
        $rd1 close
        $rd2 close
        r exists src
    } {0}

    test {The blocking commands refuse a key of another type at once} {
        r del s l
        r set s string
        assert_error "WRONGTYPE*" {r blpop s 0}
        assert_error "WRONGTYPE*" {r blpop l s 0}
        assert_error "WRONGTYPE*" {r blmpop 0 2 l s left}
        assert_error "WRONGTYPE*" {r blmove s l left left 0}
        r rpush l a
        # A source with data and a destination of another type.
        assert_error "WRONGTYPE*" {r brpoplpush l s 0}
        r lrange l 0 -1
    } {a}

    # ---------------------------------------------------------- timeouts

    test {Sub-second timeouts answer nil} {
        r del l dst
        set rd [redis_deferring_client]
        $rd blpop l 0.1
        assert_equal [$rd read] {}
        $rd brpop l 0.05
        assert_equal [$rd read] {}
        $rd blmove l dst left left 0.05
        assert_equal [$rd read] {}
        $rd brpoplpush l dst 0.05
        assert_equal [$rd read] {}
        $rd blmpop 0.05 1 l left count 2
        assert_equal [$rd read] {}
        $rd close
        assert_equal [s blocked_clients] 0
        r exists dst
    } {0}

    test {The timeout reply is a null array in RESP2 and a null in RESP3} {
        r del l
        set rd [redis_deferring_client]
        $rd readraw 1
        foreach cmd {{blpop l 0.05} {brpoplpush l d 0.05} {blmove l d left left 0.05} {blmpop 0.05 1 l left}} {
            $rd {*}$cmd
            assert_equal [$rd read] {*-1} $cmd
        }
        $rd readraw 0
        $rd hello 3
        $rd read
        $rd readraw 1
        foreach cmd {{brpop l 0.05} {brpoplpush l d 0.05} {blmpop 0.05 1 l right count 3}} {
            $rd {*}$cmd
            assert_equal [$rd read] {_} $cmd
        }
        r rpush l a
        $rd blpop l 0
        assert_equal [join [list [$rd read] [$rd read] [$rd read] [$rd read] [$rd read]] " "] {*2 $1 l $1 a}
        $rd close
    }

    test {A client served before its deadline gets one reply only} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0.5
        wait_for_blocked_client
        r rpush l a
        assert_equal [$rd read] {l a}
        # Past the deadline: a stray timeout reply would come before PONG.
        after 600
        $rd ping
        assert_equal [$rd read] PONG
        $rd close
    }

    test {A timed out client is no longer waiting on the key} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0.05
        assert_equal [$rd read] {}
        r rpush l a
        assert_equal [r lrange l 0 -1] {a}
        $rd close
    }

    test {Timeout errors of every blocking list command} {
        r del l
        foreach {bad err} {abc "ERR timeout is not a float or out of range"
                           nan "ERR timeout is not a float or out of range"
                           -1 "ERR timeout is negative"
                           -0.5 "ERR timeout is negative"
                           1e400 "ERR timeout is negative"} {
            assert_error $err [list r blpop l $bad]
            assert_error $err [list r brpop l l $bad]
            assert_error $err [list r blmove l d left left $bad]
            assert_error $err [list r brpoplpush l d $bad]
            assert_error $err [list r blmpop $bad 1 l left]
        }
        # BLMPOP and BLMOVE check their other arguments first.
        assert_error "ERR count should be greater than 0" {r blmpop abc 1 l left count 0}
        assert_error "ERR numkeys should be greater than 0" {r blmpop -1 0 l left}
        assert_error "ERR syntax error" {r blmpop abc 1 l middle}
        assert_error "ERR syntax error" {r blmove l d left middle abc}
        assert_equal [s blocked_clients] 0
    }

    test {Inside MULTI the blocking commands answer at once as on a timeout} {
        # BLMOVE and BRPOPLPUSH answer a null bulk there, the others a null
        # array.
        r del l
        set c [redis_client]
        assert_equal OK [$c multi]
        foreach cmd {{blpop l 0} {brpoplpush l d 0} {blmove l d left left 0} {blmpop 0 1 l left} {brpop l 0.01}} {
            assert_equal [$c {*}$cmd] QUEUED
        }
        $c readraw 1
        assert_equal *5 [$c exec]
        set lines {}
        for {set i 0} {$i < 5} {incr i} { lappend lines [$c read] }
        assert_equal [join $lines " "] {*-1 $-1 $-1 *-1 *-1}
        assert_equal [s blocked_clients] 0
        $c close
    }

    # -------------------------------------------------- CLIENT UNBLOCK, INFO

    test {CLIENT UNBLOCK answers the client as a timeout or with an error} {
        r del l
        set rd [redis_deferring_client]
        foreach cmd {{blpop l 0} {brpoplpush l d 0} {blmpop 0 1 l left}} {
            $rd {*}$cmd
            wait_for_blocked_client
            set id [blist_blocked_id]
            assert_equal [r client unblock $id] 1
            assert_equal [$rd read] {}
            assert_equal [r client unblock $id] 0
            $rd {*}$cmd
            wait_for_blocked_client
            assert_equal [r client unblock $id timeout] 1
            assert_equal [$rd read] {}
            $rd {*}$cmd
            wait_for_blocked_client
            assert_equal [r client unblock $id error] 1
            assert_equal [blist_read $rd] "error: UNBLOCKED client unblocked via CLIENT UNBLOCK"
        }
        # No longer waiting: a push stays in the list.
        r rpush l a
        $rd close
        r lrange l 0 -1
    } {a}

    test {INFO blocked_clients and CLIENT LIST flags follow blocked clients} {
        r del l1 l2
        assert_equal [s blocked_clients] 0
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        $rd1 brpop l1 0
        $rd2 blmove l2 l1 left left 0
        wait_for_blocked_clients_count 2
        set blocked 0
        foreach line [split [string trim [r client list]] "\n"] {
            if {[string match "*flags=b *" $line]} {
                incr blocked
                assert_match "*cmd=b*" $line
            }
        }
        assert_equal $blocked 2
        r rpush l2 v
        # BLMOVE serves, then feeds the BRPOP waiter.
        assert_equal [$rd2 read] v
        assert_equal [$rd1 read] {l1 v}
        assert_equal [s blocked_clients] 0
        assert_no_match "*flags=b *" [r client list]
        $rd1 close
        $rd2 close
    }
}
