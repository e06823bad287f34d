# Stream consumer groups: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER,
# DELCONSUMER, HELP), XREADGROUP (new entries, history, NOACK, blocking and
# what happens to a blocked reader when its group or key goes away), XACK,
# XPENDING, XCLAIM, XAUTOCLAIM, XINFO GROUPS / CONSUMERS / STREAM FULL, with
# Redis 7.0's replies and error texts.  Idle times are only checked against
# ranges; time is moved with XCLAIM TIME / IDLE, never with sleeps in
# assertions.

# A stream `key` with entries 1-0 .. n-0, field f = the number, and a group
# g at 0 (nothing delivered yet).
proc cg_setup {key n {group g}} {
    r del $key
    for {set i 1} {$i <= $n} {incr i} { r xadd $key $i-0 f $i }
    r xgroup create $key $group 0 mkstream
}

proc cg_ids {reply} {
    lmap e $reply {lindex $e 0}
}

# The entries of a one-stream XREADGROUP / XREAD reply.
proc cg_entries {reply} {
    lindex $reply 0 1
}

# The XINFO GROUPS record of `group` as a dict.
proc cg_group {key group} {
    foreach g [r xinfo groups $key] {
        if {[dict get $g name] eq $group} { return $g }
    }
    return {}
}

# The XINFO CONSUMERS record of `consumer` as a dict.
proc cg_consumer {key group consumer} {
    foreach c [r xinfo consumers $key $group] {
        if {[dict get $c name] eq $consumer} { return $c }
    }
    return {}
}

start_server {tags {"stream"}} {
    # ------------------------------------------------------------- XGROUP

    test {XGROUP CREATE at 0, at $ and at an ID} {
        cg_setup s 3
        assert_equal [r xgroup create s g2 $] OK
        assert_equal [r xgroup create s g3 2-0] OK
        assert_equal [r xgroup create s g4 2] OK
        assert_equal [cg_ids [cg_entries [r xreadgroup group g c streams s >]]] {1-0 2-0 3-0}
        assert_equal [r xreadgroup group g2 c streams s >] {}
        assert_equal [cg_ids [cg_entries [r xreadgroup group g3 c streams s >]]] {3-0}
        assert_equal [cg_ids [cg_entries [r xreadgroup group g4 c streams s >]]] {3-0}
        llength [r xinfo groups s]
    } {4}

    test {XGROUP CREATE MKSTREAM and on a missing key} {
        r del s
        assert_error "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically." {
            r xgroup create s g 0
        }
        assert_equal [r exists s] 0
        assert_equal [r xgroup create s g $ mkstream] OK
        assert_equal [r type s] stream
        assert_equal [r xlen s] 0
        # MKSTREAM on an existing stream is fine.
        assert_equal [r xgroup create s g2 0 MKSTREAM] OK
        r xadd s 1-0 a 1
        cg_entries [r xreadgroup group g c streams s >]
    } {{1-0 {a 1}}}

    test {XGROUP CREATE BUSYGROUP and argument errors} {
        cg_setup s 2
        assert_error "BUSYGROUP Consumer Group name already exists" {r xgroup create s g 0}
        assert_error "BUSYGROUP Consumer Group name already exists" {r xgroup create s g $ mkstream}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xgroup create s g2 abc}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xgroup create s g2 >}
        assert_error "ERR value for ENTRIESREAD must be positive or -1" {r xgroup create s g2 0 entriesread -5}
        assert_error "ERR value is not an integer or out of range" {r xgroup create s g2 0 entriesread x}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP." {
            r xgroup create s g2 0 foo
        }
        assert_error "ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP." {
            r xgroup create s g2 0 entriesread
        }
        assert_error "ERR wrong number of arguments for 'xgroup|create' command" {r xgroup create s g2}
        assert_error "ERR wrong number of arguments for 'xgroup' command" {r xgroup}
        assert_error "ERR unknown subcommand 'foo'. Try XGROUP HELP." {r xgroup foo s}
        llength [r xinfo groups s]
    } {1}

    test {XGROUP CREATE ENTRIESREAD sets entries-read and the lag} {
        cg_setup s 5
        r xgroup create s g2 3-0 entriesread 3
        r xgroup create s g3 0 entriesread -1
        set g2 [cg_group s g2]
        assert_equal [dict get $g2 entries-read] 3
        assert_equal [dict get $g2 lag] 2
        set g3 [cg_group s g3]
        assert_equal [dict get $g3 entries-read] {}
        # From 0 on a stream without deletions the lag is known.
        dict get $g3 lag
    } {5}

    test {XGROUP SETID} {
        cg_setup s 5
        r xreadgroup group g c count 2 streams s >
        assert_equal [r xgroup setid s g 4-0] OK
        assert_equal [cg_ids [cg_entries [r xreadgroup group g c streams s >]]] {5-0}
        assert_equal [r xgroup setid s g 0] OK
        assert_equal [dict get [cg_group s g] last-delivered-id] 0-0
        assert_equal [r xgroup setid s g $] OK
        assert_equal [dict get [cg_group s g] last-delivered-id] 5-0
        assert_equal [r xreadgroup group g c streams s >] {}
        assert_equal [r xgroup setid s g 1-0 ENTRIESREAD 1] OK
        set g [cg_group s g]
        assert_equal [dict get $g entries-read] 1
        assert_equal [dict get $g lag] 4
        # The PEL is left alone.
        assert_equal [dict get $g pending] 3
        assert_error "NOGROUP No such consumer group 'nog' for key name 's'" {r xgroup setid s nog 0}
        assert_error "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically." {
            r xgroup setid nokey g 0
        }
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xgroup setid s g abc}
        assert_error "ERR value for ENTRIESREAD must be positive or -1" {r xgroup setid s g 0 entriesread -2}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'setid'. Try XGROUP HELP." {
            r xgroup setid s g 0 foo 1
        }
        r xgroup setid s g 0 entriesread -1
    } {OK}

    test {XGROUP DESTROY} {
        cg_setup s 3
        r xreadgroup group g c streams s >
        assert_equal [r xgroup destroy s g] 1
        assert_equal [r xgroup destroy s g] 0
        assert_equal [r xgroup destroy s nog] 0
        assert_equal [r xinfo groups s] {}
        assert_error "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option" {
            r xreadgroup group g c streams s >
        }
        assert_error "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically." {
            r xgroup destroy nokey g
        }
        # The entries are still there.
        r xlen s
    } {3}

    test {XGROUP CREATECONSUMER and DELCONSUMER} {
        cg_setup s 5
        assert_equal [r xgroup createconsumer s g alice] 1
        assert_equal [r xgroup createconsumer s g alice] 0
        assert_equal [dict get [cg_group s g] consumers] 1
        r xreadgroup group g bob count 3 streams s >
        r xreadgroup group g alice count 1 streams s >
        assert_equal [dict get [cg_group s g] consumers] 2
        assert_equal [dict get [cg_group s g] pending] 4
        # DELCONSUMER answers how many pending entries the consumer had, and
        # these leave the group's PEL.
        assert_equal [r xgroup delconsumer s g bob] 3
        assert_equal [r xgroup delconsumer s g bob] 0
        assert_equal [r xgroup delconsumer s g nosuch] 0
        set g [cg_group s g]
        assert_equal [dict get $g consumers] 1
        assert_equal [dict get $g pending] 1
        assert_equal [cg_ids [r xpending s g - + 10]] {4-0}
        assert_error "NOGROUP No such consumer group 'nog' for key name 's'" {r xgroup createconsumer s nog c}
        assert_error "NOGROUP No such consumer group 'nog' for key name 's'" {r xgroup delconsumer s nog c}
        assert_error "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically." {
            r xgroup createconsumer nokey g c
        }
        assert_error "ERR wrong number of arguments for 'xgroup|createconsumer' command" {r xgroup createconsumer s g}
        assert_error "ERR wrong number of arguments for 'xgroup|delconsumer' command" {r xgroup delconsumer s g}
        r xgroup delconsumer s g alice
    } {1}

    test {XGROUP HELP} {
        set help [r xgroup help]
        assert_match "XGROUP <subcommand>*" [lindex $help 0]
        foreach sub {CREATE CREATECONSUMER DELCONSUMER DESTROY SETID HELP} {
            assert_match "*$sub *" $help
        }
        llength $help
    } {17}

    # --------------------------------------------------------- XREADGROUP

    test {XREADGROUP > delivers each entry once to the group} {
        cg_setup s 5
        assert_equal [r xreadgroup group g alice count 2 streams s >] {{s {{1-0 {f 1}} {2-0 {f 2}}}}}
        assert_equal [r xreadgroup group g bob count 2 streams s >] {{s {{3-0 {f 3}} {4-0 {f 4}}}}}
        assert_equal [r xreadgroup group g alice streams s >] {{s {{5-0 {f 5}}}}}
        assert_equal [r xreadgroup group g alice streams s >] {}
        # COUNT 0 is no limit.
        r xadd s 6-0 f 6
        r xadd s 7-0 f 7
        assert_equal [cg_ids [cg_entries [r xreadgroup group g bob count 0 streams s >]]] {6-0 7-0}
        set g [cg_group s g]
        list [dict get $g pending] [dict get $g last-delivered-id] [dict get $g consumers]
    } {7 7-0 2}

    test {XREADGROUP with an ID reads the consumer's own history} {
        cg_setup s 5
        r xreadgroup group g alice count 2 streams s >
        r xreadgroup group g bob count 2 streams s >
        assert_equal [r xreadgroup group g alice streams s 0] {{s {{1-0 {f 1}} {2-0 {f 2}}}}}
        assert_equal [r xreadgroup group g alice streams s 1-0] {{s {{2-0 {f 2}}}}}
        assert_equal [r xreadgroup group g alice count 1 streams s 0] {{s {{1-0 {f 1}}}}}
        assert_equal [r xreadgroup group g bob streams s 0] {{s {{3-0 {f 3}} {4-0 {f 4}}}}}
        # An empty history is an empty array for the stream, not a null.
        assert_equal [r xreadgroup group g carol streams s 0] {{s {}}}
        assert_equal [r xreadgroup group g alice streams s 2-0] {{s {}}}
        # History reads count as deliveries.
        set p [r xpending s g 1-0 1-0 1]
        assert_equal [lindex $p 0 3] 3
        # Acked entries leave the history.
        r xack s g 1-0
        r xreadgroup group g alice streams s 0
    } {{s {{2-0 {f 2}}}}}

    test {XREADGROUP history shows deleted entries with a null field list} {
        cg_setup s 3
        r xreadgroup group g alice streams s >
        r xdel s 2-0
        assert_equal [r xreadgroup group g alice streams s 0] {{s {{1-0 {f 1}} {2-0 {}} {3-0 {f 3}}}}}
        set res {}
        foreach proto {2 3} {
            set c [redis_client]
            if {$proto == 3} { $c hello 3 }
            $c readraw 1
            lappend res [raw_reply_lines $c [$c xreadgroup group g alice streams s 1-0]]
            $c close
        }
        set res
    } {{*1 *2 {$1} s *2 *2 {$3} 2-0 *-1 *2 {$3} 3-0 *2 {$1} f {$1} 3} {%1 {$1} s *2 *2 {$3} 2-0 _ *2 {$3} 3-0 *2 {$1} f {$1} 3}}

    test {XREADGROUP NOACK does not add to the PEL but creates the consumer} {
        cg_setup s 3
        assert_equal [cg_ids [cg_entries [r xreadgroup group g alice noack streams s >]]] {1-0 2-0 3-0}
        set g [cg_group s g]
        assert_equal [dict get $g pending] 0
        assert_equal [dict get $g consumers] 1
        assert_equal [dict get $g last-delivered-id] 3-0
        assert_equal [r xreadgroup group g alice streams s 0] {{s {}}}
        assert_equal [dict get [cg_consumer s g alice] pending] 0
        lindex [r xpending s g] 0
    } {0}

    test {XREADGROUP on several streams} {
        cg_setup s1 3
        cg_setup s2 2
        r del s3
        r xadd s3 1-0 x 1
        r xgroup create s3 g $
        assert_equal [r xreadgroup group g c count 2 streams s1 s2 s3 > > >] \
            {{s1 {{1-0 {f 1}} {2-0 {f 2}}}} {s2 {{1-0 {f 1}} {2-0 {f 2}}}}}
        assert_equal [r xreadgroup group g c streams s1 s2 s3 > > >] {{s1 {{3-0 {f 3}}}}}
        # Mixing history and new entries: a history read always answers its
        # stream, a > read only when there is something new.
        assert_equal [r xreadgroup group g c streams s1 s2 s3 2-0 > 0] {{s1 {{3-0 {f 3}}}} {s3 {}}}
        # The group must exist on every stream.
        r xgroup destroy s3 g
        assert_error "NOGROUP No such key 's3' or consumer group 'g' in XREADGROUP with GROUP option" {
            r xreadgroup group g c streams s1 s3 > >
        }
        assert_error "NOGROUP No such key 'nokey' or consumer group 'g' in XREADGROUP with GROUP option" {
            r xreadgroup group g c streams s1 nokey > >
        }
        lindex [r xpending s1 g] 0
    } {3}

    test {XREADGROUP errors} {
        cg_setup s 2
        assert_error "ERR Missing GROUP option for XREADGROUP" {r xreadgroup count 1 streams s 0 a b}
        assert_error "ERR wrong number of arguments for 'xreadgroup' command" {r xreadgroup group g c streams s}
        assert_error "ERR wrong number of arguments for 'xreadgroup' command" {r xreadgroup group g streams s >}
        assert_error "ERR Unbalanced XREAD list of streams: for each stream key an ID or '\$' must be specified." {
            r xreadgroup group g c streams s s2 >
        }
        assert_error "ERR The \$ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The \$ ID would just return an empty result set." {
            r xreadgroup group g c streams s $
        }
        assert_error "NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option" {
            r xreadgroup group nog c streams s >
        }
        assert_error "NOGROUP No such key 'nokey' or consumer group 'g' in XREADGROUP with GROUP option" {
            r xreadgroup group g c streams nokey >
        }
        assert_error "ERR value is not an integer or out of range" {r xreadgroup group g c count x streams s >}
        assert_error "ERR timeout is negative" {r xreadgroup group g c block -1 streams s >}
        assert_error "ERR timeout is not an integer or out of range" {r xreadgroup group g c block x streams s >}
        assert_error "ERR syntax error" {r xreadgroup group g c foo streams s >}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xreadgroup group g c streams s abc}
        # Nothing was delivered by the failed calls.
        assert_equal [dict get [cg_group s g] consumers] 0
        dict get [cg_group s g] last-delivered-id
    } {0-0}

    tags {"resp3"} {
        test {XREADGROUP is a map in RESP3, an array of pairs in RESP2} {
            cg_setup s 1
            r xgroup create s g2 0
            set c [redis_client]
            $c readraw 1
            set r2 [raw_reply_lines $c [$c xreadgroup group g c streams s >]]
            lappend r2 {*}[raw_reply_lines $c [$c xreadgroup group g c streams s >]]
            $c readraw 0
            $c hello 3
            $c readraw 1
            set r3 [raw_reply_lines $c [$c xreadgroup group g2 c streams s >]]
            lappend r3 {*}[raw_reply_lines $c [$c xreadgroup group g2 c streams s >]]
            $c close
            assert_equal $r2 {*1 *2 {$1} s *1 *2 {$3} 1-0 *2 {$1} f {$1} 1 *-1}
            set r3
        } {%1 {$1} s *1 *2 {$3} 1-0 *2 {$1} f {$1} 1 _}
    }

    # ---------------------------------------------------- XREADGROUP BLOCK

    test {XREADGROUP BLOCK is woken by XADD} {
        cg_setup s 2
        r xreadgroup group g alice streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g bob block 0 streams s >
        wait_for_blocked_client
        r xadd s 3-0 new 1
        assert_equal [$rd read] {{s {{3-0 {new 1}}}}}
        assert_equal [dict get [cg_consumer s g bob] pending] 1
        $rd close
    }

    test {XREADGROUP BLOCK times out with a null} {
        cg_setup s 1
        r xreadgroup group g alice streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g alice block 50 streams s >
        assert_equal [$rd read] {}
        $rd readraw 1
        $rd xreadgroup group g alice block 50 streams s >
        assert_equal [$rd read] {*-1}
        $rd close
        # A > read that gets nothing does not create the consumer, a history
        # read does.
        r xreadgroup group g zed block 20 streams s >
        r xreadgroup group g zed2 streams s >
        assert_equal [cg_consumer s g zed] {}
        assert_equal [cg_consumer s g zed2] {}
        r xreadgroup group g zed3 streams s 0
        dict get [cg_consumer s g zed3] pending
    } {0}

    test {XREADGROUP BLOCK with a history ID answers at once} {
        cg_setup s 1
        set rd [redis_deferring_client]
        $rd xreadgroup group g alice block 0 streams s 0
        assert_equal [$rd read] {{s {}}}
        $rd close
        s blocked_clients
    } {0}

    test {Two consumers blocked on a group: one entry goes to the first only} {
        cg_setup s 0
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        $rd1 xreadgroup group g c1 block 0 streams s >
        wait_for_blocked_clients_count 1
        $rd2 xreadgroup group g c2 block 0 streams s >
        wait_for_blocked_clients_count 2
        r xadd s 1-0 a 1
        assert_equal [$rd1 read] {{s {{1-0 {a 1}}}}}
        assert_equal [s blocked_clients] 1
        r xadd s 2-0 b 2
        assert_equal [$rd2 read] {{s {{2-0 {b 2}}}}}
        $rd1 close
        $rd2 close
        list [dict get [cg_consumer s g c1] pending] [dict get [cg_consumer s g c2] pending]
    } {1 1}

    test {XREADGROUP BLOCK NOACK delivers without a PEL entry} {
        cg_setup s 0
        set rd [redis_deferring_client]
        $rd xreadgroup group g c noack block 0 streams s >
        wait_for_blocked_client
        r xadd s 1-0 a 1
        assert_equal [$rd read] {{s {{1-0 {a 1}}}}}
        $rd close
        dict get [cg_group s g] pending
    } {0}

    test {XREADGROUP BLOCK: XGROUP DESTROY unblocks with NOGROUP} {
        cg_setup s 1
        r xreadgroup group g c streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g c block 0 streams s >
        wait_for_blocked_client
        r xgroup destroy s g
        assert_error "NOGROUP the consumer group this client was blocked on no longer exists" {$rd read}
        assert_equal [s blocked_clients] 0
        $rd close
    }

    test {XREADGROUP BLOCK: DEL of the key unblocks with an error} {
        cg_setup s 1
        r xreadgroup group g c streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g c block 0 streams s >
        wait_for_blocked_client
        r del s
        assert_error "UNBLOCKED the stream key no longer exists" {$rd read}
        assert_equal [s blocked_clients] 0
        $rd close
    }

    test {XREADGROUP BLOCK: key overwritten by another type unblocks with an error} {
        cg_setup s 1
        r xreadgroup group g c streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g c block 0 streams s >
        wait_for_blocked_client
        r set s string
        assert_error "UNBLOCKED the stream key no longer exists" {$rd read}
        $rd close
        r type s
    } {string}

    test {XREADGROUP BLOCK: RENAME of the key away unblocks with an error} {
        cg_setup s 1
        r del s2
        r xreadgroup group g c streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g c block 0 streams s >
        wait_for_blocked_client
        r rename s s2
        assert_error "UNBLOCKED the stream key no longer exists" {$rd read}
        $rd close
        r exists s2
    } {1}

    test {XREADGROUP BLOCK: trimming the stream to nothing keeps it blocked} {
        cg_setup s 1
        r xreadgroup group g c streams s >
        set rd [redis_deferring_client]
        $rd xreadgroup group g c block 0 streams s >
        wait_for_blocked_client
        r xtrim s maxlen 0
        r xdel s 1-0
        assert_equal [s blocked_clients] 1
        r xadd s 2-0 b 2
        assert_equal [$rd read] {{s {{2-0 {b 2}}}}}
        $rd close
    }

    test {XREADGROUP BLOCK inside MULTI does not block} {
        cg_setup s 1
        r xreadgroup group g c streams s >
        set c [redis_client]
        $c multi
        $c xreadgroup group g c block 0 streams s >
        $c xreadgroup group g c block 0 streams s 0
        set res [$c exec]
        $c close
        set res
    } {{} {{s {{1-0 {f 1}}}}}}

    # --------------------------------------------------------------- XACK

    test {XACK} {
        cg_setup s 5
        r xreadgroup group g c streams s >
        assert_equal [r xack s g 1-0] 1
        assert_equal [r xack s g 1-0] 0
        assert_equal [r xack s g 2-0 3-0 3-0 9-0] 2
        assert_equal [r xack s nog 4-0] 0
        assert_equal [r xack nokey g 4-0] 0
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xack s g abc}
        # One invalid ID and nothing is acked.
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xack s g 4-0 abc}
        assert_error "ERR wrong number of arguments for 'xack' command" {r xack s g}
        assert_equal [dict get [cg_consumer s g c] pending] 2
        cg_ids [r xpending s g - + 10]
    } {4-0 5-0}

    # ----------------------------------------------------------- XPENDING

    test {XPENDING summary form} {
        cg_setup s 6
        assert_equal [r xpending s g] {0 {} {} {}}
        r xreadgroup group g bob count 2 streams s >
        r xreadgroup group g alice count 3 streams s >
        r xreadgroup group g carol noack count 1 streams s >
        r xpending s g
    } {5 1-0 5-0 {{alice 3} {bob 2}}}

    tags {"resp3"} {
        test {XPENDING summary form in RESP2 and RESP3} {
            cg_setup s 2
            r xreadgroup group g bob streams s >
            set res {}
            foreach proto {2 3} {
                set c [redis_client]
                if {$proto == 3} { $c hello 3 }
                $c readraw 1
                lappend res [raw_reply_lines $c [$c xpending s g]]
                $c close
            }
            r xack s g 1-0 2-0
            set c [redis_client]
            $c readraw 1
            lappend res [raw_reply_lines $c [$c xpending s g]]
            $c close
            set c [redis_client]
            $c hello 3
            $c readraw 1
            lappend res [raw_reply_lines $c [$c xpending s g]]
            $c close
            set res
        } {{*4 :2 {$3} 1-0 {$3} 2-0 *1 *2 {$3} bob {$1} 2} {*4 :2 {$3} 1-0 {$3} 2-0 *1 *2 {$3} bob {$1} 2} {*4 :0 {$-1} {$-1} *-1} {*4 :0 _ _ _}}
    }

    test {XPENDING extended form} {
        cg_setup s 6
        r xreadgroup group g bob count 2 streams s >
        r xreadgroup group g alice count 3 streams s >
        set p [r xpending s g - + 10]
        assert_equal [cg_ids $p] {1-0 2-0 3-0 4-0 5-0}
        foreach e $p consumer {bob bob alice alice alice} {
            assert_equal [llength $e] 4
            assert_equal [lindex $e 1] $consumer
            assert_range [lindex $e 2] 0 60000
            assert_equal [lindex $e 3] 1
        }
        assert_equal [cg_ids [r xpending s g - + 2]] {1-0 2-0}
        assert_equal [cg_ids [r xpending s g 2 4 10]] {2-0 3-0 4-0}
        assert_equal [cg_ids [r xpending s g (2-0 (5-0 10]] {3-0 4-0}
        assert_equal [cg_ids [r xpending s g - + 10 alice]] {3-0 4-0 5-0}
        assert_equal [cg_ids [r xpending s g - + 1 alice]] {3-0}
        assert_equal [cg_ids [r xpending s g 4 + 10 bob]] {}
        assert_equal [r xpending s g - + 10 nosuch] {}
        assert_equal [r xpending s g - + 0] {}
        assert_equal [r xpending s g - + -1] {}
        assert_equal [r xpending s g 5 1 10] {}
        lindex [r xpending s g - + 10 bob] 1 1
    } {bob}

    test {XPENDING IDLE filter} {
        cg_setup s 4
        r xreadgroup group g alice streams s >
        # Make 1-0 and 2-0 look idle for an hour, the others are fresh.
        r xclaim s g alice 0 1-0 2-0 idle 3600000 justid
        assert_equal [cg_ids [r xpending s g idle 1800000 - + 10]] {1-0 2-0}
        assert_equal [cg_ids [r xpending s g IDLE 1800000 - + 10 alice]] {1-0 2-0}
        assert_equal [cg_ids [r xpending s g idle 1800000 - + 10 bob]] {}
        assert_equal [cg_ids [r xpending s g idle 1800000 2 + 10]] {2-0}
        assert_equal [cg_ids [r xpending s g idle 0 - + 10]] {1-0 2-0 3-0 4-0}
        assert_equal [cg_ids [r xpending s g idle 7200000 - + 10]] {}
        foreach e [r xpending s g idle 1800000 - + 10] {
            assert_range [lindex $e 2] 3600000 3700000
        }
        # A negative IDLE filters nothing.
        llength [r xpending s g idle -1 - + 10]
    } {4}

    tags {"resp3"} {
        test {XPENDING extended form in RESP2 and RESP3} {
            cg_setup s 1
            r xreadgroup group g bob streams s >
            set res {}
            foreach proto {2 3} {
                set c [redis_client]
                if {$proto == 3} { $c hello 3 }
                $c readraw 1
                set raw [raw_reply_lines $c [$c xpending s g - + 10]]
                # The idle time varies: keep its type only.
                lset raw 6 [string index [lindex $raw 6] 0]
                lappend res $raw
                lappend res [raw_reply_lines $c [$c xpending s g - + 10 nosuch]]
                $c close
            }
            set res
        } {{*1 *4 {$3} 1-0 {$3} bob : :1} *0 {*1 *4 {$3} 1-0 {$3} bob : :1} *0}
    }

    test {XPENDING errors} {
        cg_setup s 2
        r xreadgroup group g c streams s >
        assert_error "NOGROUP No such key 's' or consumer group 'nog'" {r xpending s nog}
        assert_error "NOGROUP No such key 'nokey' or consumer group 'g'" {r xpending nokey g}
        assert_error "NOGROUP No such key 'nokey' or consumer group 'g'" {r xpending nokey g - + 10}
        assert_error "ERR syntax error" {r xpending s g - +}
        assert_error "ERR syntax error" {r xpending s g foo}
        # Arguments after the consumer are ignored.
        assert_equal [cg_ids [r xpending s g - + 10 c extra]] {1-0 2-0}
        assert_error "ERR value is not an integer or out of range" {r xpending s g - + x}
        assert_error "ERR value is not an integer or out of range" {r xpending s g idle x - + 10}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xpending s g abc + 10}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xpending s g (- + 10}
        assert_error "ERR wrong number of arguments for 'xpending' command" {r xpending s}
        lindex [r xpending s g] 0
    } {2}

    # ------------------------------------------------------------- XCLAIM

    test {XCLAIM moves entries between consumers and counts deliveries} {
        cg_setup s 3
        r xreadgroup group g alice streams s >
        # min-idle-time not reached: nothing is claimed.
        assert_equal [r xclaim s g bob 3600000 1-0 2-0] {}
        assert_equal [r xclaim s g bob 0 1-0 2-0] {{1-0 {f 1}} {2-0 {f 2}}}
        set p [r xpending s g - + 10]
        assert_equal [lindex $p 0 1] bob
        assert_equal [lindex $p 0 3] 2
        assert_equal [lindex $p 2 1] alice
        assert_equal [dict get [cg_consumer s g alice] pending] 1
        assert_equal [dict get [cg_consumer s g bob] pending] 2
        # JUSTID answers IDs and does not count a delivery.
        assert_equal [r xclaim s g carol 0 1-0 justid] {1-0}
        assert_equal [lindex [r xpending s g 1-0 1-0 1] 0 3] 2
        # IDs not pending in the group are ignored.
        assert_equal [r xclaim s g carol 0 9-0 justid] {}
        assert_equal [r xclaim s g carol 0 3-0 9-0 justid] {3-0}
        dict get [cg_consumer s g carol] pending
    } {2}

    test {XCLAIM IDLE, TIME and RETRYCOUNT} {
        cg_setup s 3
        r xreadgroup group g alice streams s >
        r xclaim s g bob 0 1-0 idle 500000 retrycount 7 justid
        set e [lindex [r xpending s g 1-0 1-0 1] 0]
        assert_equal [lindex $e 1] bob
        assert_range [lindex $e 2] 500000 560000
        assert_equal [lindex $e 3] 7
        set t [expr {[clock milliseconds] - 900000}]
        r xclaim s g bob 0 2-0 time $t justid
        set e [lindex [r xpending s g 2-0 2-0 1] 0]
        assert_range [lindex $e 2] 900000 960000
        assert_equal [lindex $e 3] 1
        # A TIME in the future is taken as now.
        r xclaim s g bob 0 3-0 time [expr {[clock milliseconds] + 3600000}] justid
        set e [lindex [r xpending s g 3-0 3-0 1] 0]
        assert_range [lindex $e 2] 0 60000
        # Without JUSTID the count is RETRYCOUNT, not RETRYCOUNT+1.
        r xclaim s g bob 0 1-0 retrycount 3
        lindex [r xpending s g 1-0 1-0 1] 0 3
    } {3}

    test {XCLAIM FORCE creates PEL entries for entries of the stream only} {
        cg_setup s 3
        # Nothing delivered: without FORCE nothing happens.
        assert_equal [r xclaim s g bob 0 2-0 justid] {}
        assert_equal [r xclaim s g bob 0 2-0 force justid] {2-0}
        # FORCE does not invent entries that are not in the stream.
        assert_equal [r xclaim s g bob 0 9-0 force justid] {}
        assert_equal [r xclaim s g bob 0 3-0 FORCE] {{3-0 {f 3}}}
        set g [cg_group s g]
        assert_equal [dict get $g pending] 2
        # FORCE does not move last-delivered-id.
        assert_equal [dict get $g last-delivered-id] 0-0
        cg_ids [r xpending s g - + 10 bob]
    } {2-0 3-0}

    test {XCLAIM LASTID moves last-delivered-id forward only} {
        cg_setup s 5
        r xreadgroup group g alice count 2 streams s >
        r xclaim s g bob 0 1-0 lastid 4-0 justid
        assert_equal [dict get [cg_group s g] last-delivered-id] 4-0
        r xclaim s g bob 0 1-0 lastid 3-0 justid
        assert_equal [dict get [cg_group s g] last-delivered-id] 4-0
        # Even when nothing is claimed.
        r xclaim s g bob 3600000 2-0 lastid 4-5
        dict get [cg_group s g] last-delivered-id
    } {4-5}

    test {XCLAIM of deleted entries drops them from the PEL} {
        cg_setup s 3
        r xreadgroup group g alice streams s >
        r xdel s 2-0
        assert_equal [r xclaim s g bob 0 1-0 2-0 3-0] {{1-0 {f 1}} {3-0 {f 3}}}
        assert_equal [cg_ids [r xpending s g - + 10]] {1-0 3-0}
        r xdel s 3-0
        assert_equal [r xclaim s g bob 0 3-0 justid] {}
        lindex [r xpending s g] 0
    } {1}

    test {XCLAIM errors and odd arguments} {
        cg_setup s 2
        r xreadgroup group g alice streams s >
        assert_error "NOGROUP No such key 's' or consumer group 'nog'" {r xclaim s nog bob 0 1-0}
        assert_error "NOGROUP No such key 'nokey' or consumer group 'g'" {r xclaim nokey g bob 0 1-0}
        assert_error "ERR Invalid min-idle-time argument for XCLAIM" {r xclaim s g bob x 1-0}
        assert_error "ERR Invalid IDLE option argument for XCLAIM" {r xclaim s g bob 0 1-0 idle x}
        assert_error "ERR Invalid TIME option argument for XCLAIM" {r xclaim s g bob 0 1-0 time x}
        assert_error "ERR Invalid RETRYCOUNT option argument for XCLAIM" {r xclaim s g bob 0 1-0 retrycount x}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xclaim s g bob 0 1-0 lastid abc}
        # IDs end at the first word that is not an ID: the rest are options.
        assert_error "ERR Unrecognized XCLAIM option 'abc'" {r xclaim s g bob 0 abc}
        assert_error "ERR Unrecognized XCLAIM option 'foo'" {r xclaim s g bob 0 1-0 foo}
        assert_error "ERR Unrecognized XCLAIM option 'idle'" {r xclaim s g bob 0 1-0 idle}
        assert_error "ERR wrong number of arguments for 'xclaim' command" {r xclaim s g bob 0}
        # Negative min-idle-time, IDLE and RETRYCOUNT are accepted.
        assert_equal [r xclaim s g bob -1 1-0 justid] {1-0}
        assert_equal [r xclaim s g bob 0 1-0 idle -5 justid] {1-0}
        assert_equal [r xclaim s g bob 0 1-0 retrycount -1 justid] {1-0}
        assert_equal [dict get [cg_consumer s g alice] pending] 1
        dict get [cg_consumer s g bob] pending
    } {1}

    # --------------------------------------------------------- XAUTOCLAIM

    test {XAUTOCLAIM claims idle entries and returns a cursor} {
        cg_setup s 5
        r xreadgroup group g alice streams s >
        r xclaim s g alice 0 1-0 2-0 3-0 idle 3600000 justid
        set res [r xautoclaim s g bob 1800000 0 count 2]
        assert_equal $res {3-0 {{1-0 {f 1}} {2-0 {f 2}}} {}}
        set res [r xautoclaim s g bob 1800000 3-0 count 2]
        assert_equal $res {0-0 {{3-0 {f 3}}} {}}
        assert_equal [cg_ids [r xpending s g - + 10 bob]] {1-0 2-0 3-0}
        # Claimed entries are fresh again.
        assert_equal [r xautoclaim s g carol 1800000 0] {0-0 {} {}}
        # A missing start begins at the first pending entry.
        set res [r xautoclaim s g carol 0 0 count 10 justid]
        assert_equal $res {0-0 {1-0 2-0 3-0 4-0 5-0} {}}
        dict get [cg_consumer s g carol] pending
    } {5}

    test {XAUTOCLAIM counts deliveries except with JUSTID} {
        cg_setup s 2
        r xreadgroup group g alice streams s >
        r xautoclaim s g bob 0 0
        assert_equal [lindex [r xpending s g 1-0 1-0 1] 0 3] 2
        r xautoclaim s g carol 0 0 justid
        lindex [r xpending s g 1-0 1-0 1] 0
    } {1-0 carol * 2}

    test {XAUTOCLAIM reports and drops deleted entries} {
        cg_setup s 5
        r xreadgroup group g alice streams s >
        r xdel s 2-0 4-0
        set res [r xautoclaim s g bob 0 0]
        assert_equal $res {0-0 {{1-0 {f 1}} {3-0 {f 3}} {5-0 {f 5}}} {2-0 4-0}}
        assert_equal [cg_ids [r xpending s g - + 10]] {1-0 3-0 5-0}
        r xdel s 3-0
        assert_equal [r xautoclaim s g carol 0 0 justid] {0-0 {1-0 5-0} 3-0}
        lindex [r xpending s g] 0
    } {2}

    test {XAUTOCLAIM COUNT counts the examined entries, deleted ones too} {
        cg_setup s 6
        r xreadgroup group g alice streams s >
        r xdel s 2-0 3-0
        assert_equal [r xautoclaim s g bob 0 0 count 2] {3-0 {{1-0 {f 1}}} 2-0}
        assert_equal [r xautoclaim s g bob 0 3-0 count 2] {5-0 {{4-0 {f 4}}} 3-0}
        assert_equal [r xautoclaim s g bob 0 5-0 count 2 justid] {0-0 {5-0 6-0} {}}
        # An exclusive start is accepted.
        assert_equal [r xautoclaim s g carol 0 (4-0 justid] {0-0 {5-0 6-0} {}}
        lindex [r xpending s g] 0
    } {4}

    tags {"resp3"} {
        test {XAUTOCLAIM in RESP2 and RESP3} {
            cg_setup s 2
            r xreadgroup group g alice streams s >
            r xdel s 2-0
            set res {}
            foreach proto {2 3} {
                set c [redis_client]
                if {$proto == 3} { $c hello 3 }
                $c readraw 1
                lappend res [raw_reply_lines $c [$c xautoclaim s g bob 0 0 count 1]]
                lappend res [raw_reply_lines $c [$c xautoclaim s g bob 0 0 justid]]
                $c close
            }
            set res
        } {{*3 {$3} 2-0 *1 *2 {$3} 1-0 *2 {$1} f {$1} 1 *0} {*3 {$3} 0-0 *1 {$3} 1-0 *1 {$3} 2-0} {*3 {$3} 0-0 *1 *2 {$3} 1-0 *2 {$1} f {$1} 1 *0} {*3 {$3} 0-0 *1 {$3} 1-0 *0}}
    }

    test {XAUTOCLAIM errors} {
        cg_setup s 2
        r xreadgroup group g alice streams s >
        assert_error "NOGROUP No such key 's' or consumer group 'nog'" {r xautoclaim s nog bob 0 0}
        assert_error "NOGROUP No such key 'nokey' or consumer group 'g'" {r xautoclaim nokey g bob 0 0}
        assert_error "ERR COUNT must be > 0" {r xautoclaim s g bob 0 0 count 0}
        assert_error "ERR COUNT must be > 0" {r xautoclaim s g bob 0 0 count -1}
        assert_error "ERR COUNT must be > 0" {r xautoclaim s g bob 0 0 count x}
        assert_error "ERR Invalid min-idle-time argument for XAUTOCLAIM" {r xautoclaim s g bob x 0}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xautoclaim s g bob 0 abc}
        assert_error "ERR syntax error" {r xautoclaim s g bob 0 0 foo}
        assert_error "ERR syntax error" {r xautoclaim s g bob 0 0 count}
        assert_error "ERR wrong number of arguments for 'xautoclaim' command" {r xautoclaim s g bob 0}
        # A negative min-idle-time and a big COUNT are accepted.
        assert_equal [r xautoclaim s g bob -1 0 count 100000000 justid] {0-0 {1-0 2-0} {}}
        dict get [cg_consumer s g alice] pending
    } {0}

    # ------------------------------------------------------------- XINFO

    test {XINFO GROUPS} {
        cg_setup s 5
        r xgroup create s g2 $
        r xreadgroup group g alice count 2 streams s >
        r xreadgroup group g bob count 1 streams s >
        r xinfo groups s
    } {{name g consumers 2 pending 3 last-delivered-id 3-0 entries-read 3 lag 2} {name g2 consumers 0 pending 0 last-delivered-id 5-0 entries-read {} lag 0}}

    test {XINFO GROUPS lag: known, then unknown after XDEL in the middle} {
        cg_setup s 5
        set g [cg_group s g]
        assert_equal [dict get $g entries-read] {}
        assert_equal [dict get $g lag] 5
        r xreadgroup group g a count 2 streams s >
        set g [cg_group s g]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {2 3}
        # A deletion after the last delivered entry makes the lag unknown...
        r xdel s 4-0
        set g [cg_group s g]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {2 {}}
        # ...and entries-read too once the group reads past it...
        r xreadgroup group g a count 1 streams s >
        set g [cg_group s g]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {{} {}}
        # ...until it reaches the last entry.
        r xreadgroup group g a count 1 streams s >
        set g [cg_group s g]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {5 0}
        r xadd s 6-0 f 6
        set g [cg_group s g]
        list [dict get $g entries-read] [dict get $g lag]
    } {5 1}

    test {XINFO GROUPS lag: a deletion before the last delivered entry is fine} {
        cg_setup s 5
        r xreadgroup group g a count 2 streams s >
        r xdel s 1-0
        set g [cg_group s g]
        list [dict get $g entries-read] [dict get $g lag]
    } {2 3}

    test {XINFO GROUPS lag after XGROUP CREATE at an ID and SETID with ENTRIESREAD} {
        cg_setup s 5
        r xgroup create s g3 3-0
        set g [cg_group s g3]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {{} {}}
        r xgroup setid s g3 0 entriesread 0
        set g [cg_group s g3]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {0 5}
        r xgroup setid s g3 $
        set g [cg_group s g3]
        list [dict get $g entries-read] [dict get $g lag]
    } {{} 0}

    test {XINFO GROUPS lag after XTRIM and after XSETID} {
        cg_setup s 5
        r xgroup create s g2 0 entriesread 0
        r xtrim s maxlen 2
        # g knows nothing: the lag is the number of entries left.  g2 counts
        # from the first entry ever added.
        set g [cg_group s g]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {{} 2}
        set g2 [cg_group s g2]
        assert_equal [list [dict get $g2 entries-read] [dict get $g2 lag]] {0 5}
        r xreadgroup group g a streams s >
        set g [cg_group s g]
        assert_equal [list [dict get $g entries-read] [dict get $g lag]] {5 0}
        # XSETID with a MAXDELETEDID after the group's position.
        r xsetid s 10-0 entriesadded 5 maxdeletedid 8-0
        set g [cg_group s g]
        assert_equal [dict get $g lag] {}
        r xadd s 11-0 f 11
        r xreadgroup group g a streams s >
        set g [cg_group s g]
        list [dict get $g entries-read] [dict get $g lag]
    } {6 0}

    test {XINFO GROUPS errors} {
        cg_setup s 1
        assert_error "ERR no such key" {r xinfo groups nokey}
        assert_error "ERR wrong number of arguments for 'xinfo|groups' command" {r xinfo groups}
        assert_error "ERR wrong number of arguments for 'xinfo|groups' command" {r xinfo groups s x}
        r xgroup destroy s g
        r xinfo groups s
    } {}

    test {XINFO CONSUMERS} {
        cg_setup s 5
        r xgroup createconsumer s g carol
        r xreadgroup group g alice count 2 streams s >
        r xreadgroup group g bob count 1 streams s >
        set cs [r xinfo consumers s g]
        assert_equal [lmap c $cs {dict get $c name}] {alice bob carol}
        assert_equal [lmap c $cs {dict get $c pending}] {2 1 0}
        foreach c $cs {
            assert_equal [dict keys $c] {name pending idle}
            assert_range [dict get $c idle] 0 60000
        }
        llength $cs
    } {3}

    test {XINFO CONSUMERS idle follows the last interaction} {
        cg_setup s 3
        r xreadgroup group g alice count 1 streams s >
        # DEBUG SLEEP moves the server's clock by half a second.
        r debug sleep 0.5
        set idle1 [dict get [cg_consumer s g alice] idle]
        assert_morethan $idle1 499
        # A read makes the consumer fresh again.
        r xreadgroup group g alice count 1 streams s >
        set idle2 [dict get [cg_consumer s g alice] idle]
        assert_lessthan $idle2 $idle1
        # XCLAIM refreshes the claiming consumer.
        r xclaim s g bob 0 1-0 justid
        assert_range [dict get [cg_consumer s g bob] idle] 0 60000
        dict get [cg_consumer s g bob] pending
    } {1}

    test {XINFO CONSUMERS errors} {
        cg_setup s 1
        assert_error "ERR no such key" {r xinfo consumers nokey g}
        assert_error "NOGROUP No such consumer group 'nog' for key name 's'" {r xinfo consumers s nog}
        assert_error "ERR wrong number of arguments for 'xinfo|consumers' command" {r xinfo consumers s}
        r xinfo consumers s g
    } {}

    tags {"resp3"} {
        test {XINFO GROUPS and CONSUMERS are arrays of maps in RESP3} {
            cg_setup s 1
            r xreadgroup group g alice streams s >
            set c [redis_client]
            $c readraw 1
            set g2 [raw_reply_lines $c [$c xinfo groups s]]
            set c2 [raw_reply_lines $c [$c xinfo consumers s g]]
            $c readraw 0
            $c hello 3
            $c readraw 1
            set g3 [raw_reply_lines $c [$c xinfo groups s]]
            set c3 [raw_reply_lines $c [$c xinfo consumers s g]]
            $c close
            assert_equal $g2 {*1 *12 {$4} name {$1} g {$9} consumers :1 {$7} pending :1 {$17} last-delivered-id {$3} 1-0 {$12} entries-read :1 {$3} lag :0}
            assert_equal $g3 {*1 %6 {$4} name {$1} g {$9} consumers :1 {$7} pending :1 {$17} last-delivered-id {$3} 1-0 {$12} entries-read :1 {$3} lag :0}
            lset c2 end [string index [lindex $c2 end] 0]
            lset c3 end [string index [lindex $c3 end] 0]
            list $c2 $c3
        } {{*1 *6 {$4} name {$5} alice {$7} pending :1 {$4} idle :} {*1 %3 {$4} name {$5} alice {$7} pending :1 {$4} idle :}}
    }

    test {XINFO STREAM FULL with groups, consumers and PEL} {
        cg_setup s 4
        r xgroup create s g2 $
        r xreadgroup group g alice count 2 streams s >
        r xreadgroup group g bob count 1 streams s >
        r xgroup createconsumer s g carol
        set info [r xinfo stream s full]
        assert_equal [dict keys $info] {length radix-tree-keys radix-tree-nodes last-generated-id max-deleted-entry-id entries-added recorded-first-entry-id entries groups}
        set groups [dict get $info groups]
        assert_equal [llength $groups] 2
        set g [lindex $groups 0]
        assert_equal [dict keys $g] {name last-delivered-id entries-read lag pel-count pending consumers}
        assert_equal [dict get $g name] g
        assert_equal [dict get $g last-delivered-id] 3-0
        assert_equal [dict get $g entries-read] 3
        assert_equal [dict get $g lag] 1
        assert_equal [dict get $g pel-count] 3
        set now [clock milliseconds]
        set pel [dict get $g pending]
        assert_equal [lmap e $pel {lindex $e 0}] {1-0 2-0 3-0}
        assert_equal [lmap e $pel {lindex $e 1}] {alice alice bob}
        assert_equal [lmap e $pel {lindex $e 3}] {1 1 1}
        foreach e $pel { assert_range [lindex $e 2] [expr {$now - 60000}] [expr {$now + 60000}] }
        set consumers [dict get $g consumers]
        assert_equal [lmap c $consumers {dict get $c name}] {alice bob carol}
        assert_equal [dict keys [lindex $consumers 0]] {name seen-time pel-count pending}
        assert_equal [lmap c $consumers {dict get $c pel-count}] {2 1 0}
        set alice [lindex $consumers 0]
        assert_range [dict get $alice seen-time] [expr {$now - 60000}] [expr {$now + 60000}]
        assert_equal [lmap e [dict get $alice pending] {lindex $e 0}] {1-0 2-0}
        assert_equal [lmap e [dict get $alice pending] {lindex $e 2}] {1 1}
        assert_equal [llength [lindex [dict get $alice pending] 0]] 3
        assert_equal [dict get [lindex $consumers 2] pending] {}
        set g2 [lindex $groups 1]
        list [dict get $g2 name] [dict get $g2 entries-read] [dict get $g2 lag] \
            [dict get $g2 pel-count] [dict get $g2 pending] [dict get $g2 consumers]
    } {g2 {} 0 0 {} {}}

    test {XINFO STREAM FULL COUNT limits the PELs too} {
        cg_setup s 20
        r xreadgroup group g alice streams s >
        set g [lindex [dict get [r xinfo stream s full count 3] groups] 0]
        assert_equal [dict get $g pel-count] 20
        assert_equal [llength [dict get $g pending]] 3
        assert_equal [llength [dict get [lindex [dict get $g consumers] 0] pending]] 3
        set g [lindex [dict get [r xinfo stream s full] groups] 0]
        assert_equal [llength [dict get $g pending]] 10
        set g [lindex [dict get [r xinfo stream s full count 0] groups] 0]
        llength [dict get $g pending]
    } {20}

    tags {"resp3"} {
        test {XINFO STREAM FULL with groups is nested maps in RESP3} {
            cg_setup s 1
            r xreadgroup group g alice streams s >
            set c [redis_client]
            $c hello 3
            $c readraw 1
            set raw [raw_reply_lines $c [$c xinfo stream s full]]
            $c close
            set i [lsearch -exact $raw groups]
            # groups: an array of one map of 7 fields, starting with the name.
            assert_equal [lrange $raw $i [expr {$i + 6}]] {groups *1 %7 {$4} name {$1} g}
            set j [lsearch -exact $raw consumers]
            assert_equal [lrange $raw $j [expr {$j + 6}]] {consumers *1 %4 {$4} name {$5} alice}
            set k [lsearch -exact $raw pending]
            # A group PEL entry: id, consumer, delivery time, count.
            lrange $raw $k [expr {$k + 6}]
        } {pending *1 *4 {$3} 1-0 {$5} alice}
    }

    test {XINFO STREAM plain counts the groups} {
        cg_setup s 2
        r xgroup create s g2 0
        dict get [r xinfo stream s] groups
    } {2}

    test {A consumer group survives DEBUG RELOAD} {
        cg_setup s 5
        r xreadgroup group g alice count 2 streams s >
        r xreadgroup group g bob count 1 streams s >
        r xdel s 4-0
        set groups [r xinfo groups s]
        set pending [r xpending s g - + 10]
        r debug reload
        assert_equal [r xinfo groups s] $groups
        set after [r xpending s g - + 10]
        assert_equal [lmap e $after {lreplace $e 2 2}] [lmap e $pending {lreplace $e 2 2}]
        cg_ids [cg_entries [r xreadgroup group g carol streams s >]]
    } {5-0}
}
