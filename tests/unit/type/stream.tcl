# Stream commands without consumer groups: XADD, XLEN, XRANGE, XREVRANGE,
# XDEL, XTRIM, XREAD (plain and blocking), XSETID, XINFO STREAM, plus the
# generic commands on streams (TYPE, OBJECT ENCODING, COPY, DEBUG
# DIGEST-VALUE, SCAN TYPE) and the stream-node-max-* configs.  Replies and
# error texts are Redis 7.0's, word for word.  Multi-node streams are built
# with a small stream-node-max-entries / -bytes so that node splits, the
# per-node master entry and trimming by whole nodes are exercised.

# Add n entries with IDs 1-0 .. n-0 and one field "f" holding the number.
proc stream_fill {key n} {
    r del $key
    set rd [redis_deferring_client]
    for {set i 1} {$i <= $n} {incr i} { $rd xadd $key $i-0 f $i }
    for {set i 1} {$i <= $n} {incr i} { $rd read }
    $rd close
}

# The IDs of an XRANGE-like reply.
proc stream_ids {reply} {
    lmap e $reply {lindex $e 0}
}

# Compare two IDs "ms-seq"; -1, 0 or 1.
proc stream_cmp {a b} {
    lassign [split $a -] ams aseq
    lassign [split $b -] bms bseq
    if {$ams != $bms} { return [expr {$ams < $bms ? -1 : 1}] }
    if {$aseq != $bseq} { return [expr {$aseq < $bseq ? -1 : 1}] }
    return 0
}

# The id of the one blocked client, from CLIENT LIST.
proc stream_blocked_id {} {
    foreach line [split [string trim [r client list]] "\n"] {
        if {[regexp {^id=(\d+) .* flags=b } $line -> id]} { return $id }
    }
    return ""
}

start_server {tags {"stream"}} {
    # --------------------------------------------------------------- XADD

    test {XADD with auto IDs returns increasing IDs, XLEN counts them} {
        r del s
        set prev 0-0
        for {set i 0} {$i < 20} {incr i} {
            set id [r xadd s * item $i]
            assert_match {[0-9]*-[0-9]*} $id
            assert_equal [stream_cmp $id $prev] 1
            set prev $id
        }
        assert_equal [r xlen s] 20
        # The entries come back in order with their fields.
        set items [r xrange s - +]
        assert_equal [lindex $items 0 1] {item 0}
        assert_equal [lindex $items end 1] {item 19}
        assert_equal [lindex $items end 0] $prev
        r xlen nokey
    } {0}

    test {XADD auto ID uses the current time in milliseconds} {
        r del s
        set before [clock milliseconds]
        set id [r xadd s * a 1]
        set after [clock milliseconds]
        lassign [split $id -] ms seq
        assert_range $ms [expr {$before - 1000}] [expr {$after + 1000}]
        set seq
    } {0}

    test {XADD with explicit IDs, partial IDs and ms-*} {
        r del s
        assert_equal [r xadd s 1-1 a 1] 1-1
        assert_equal [r xadd s 1-5 a 2] 1-5
        # A bare number is ms-0.
        assert_equal [r xadd s 2 a 3] 2-0
        # ms-* takes the next sequence of the same ms, or 0 for a new ms.
        assert_equal [r xadd s 2-* a 4] 2-1
        assert_equal [r xadd s 2-* a 5] 2-2
        assert_equal [r xadd s 7-* a 6] 7-0
        assert_equal [r xadd s 18446744073709551615-18446744073709551614 a 7] \
            18446744073709551615-18446744073709551614
        assert_equal [r xadd s 18446744073709551615-* a 8] \
            18446744073709551615-18446744073709551615
        # Now nothing can follow.
        assert_error "ERR The stream has exhausted the last possible ID, unable to add more items" {
            r xadd s * a 9
        }
        assert_error "ERR The stream has exhausted the last possible ID, unable to add more items" {
            r xadd s 18446744073709551615-* a 9
        }
        assert_equal [r xlen s] 8
        # On a new stream 0-* is 0-1, since 0-0 is never valid.
        r del s2
        assert_equal [r xadd s2 0-* a 1] 0-1
        assert_equal [r xadd s2 0-* a 1] 0-2
        r xlen s2
    } {2}

    test {XADD with an ID equal to or smaller than the top item fails} {
        r del s
        r xadd s 5-5 a 1
        foreach id {5-5 5-4 4-9 1 5 4-*} {
            assert_error "ERR The ID specified in XADD is equal or smaller than the target stream top item" \
                [list r xadd s $id a 1]
        }
        assert_equal [r xadd s 5-* a 1] 5-6
        r xlen s
    } {2}

    test {XADD with ID 0-0 fails, also on an empty stream} {
        r del s
        assert_error "ERR The ID specified in XADD must be greater than 0-0" {r xadd s 0-0 a 1}
        assert_error "ERR The ID specified in XADD must be greater than 0-0" {r xadd s 0 a 1}
        assert_equal [r exists s] 0
        r xadd s 1-0 a 1
        assert_error "ERR The ID specified in XADD must be greater than 0-0" {r xadd s 0-0 a 1}
        r xlen s
    } {1}

    test {XADD with invalid IDs} {
        r del s
        foreach id {abc 1-2-3 -1 1- -1-1 1-x 18446744073709551616 1-18446744073709551616
                    (5 + - $ > 1.5 *-1 ""} {
            assert_error "ERR Invalid stream ID specified as stream command argument" \
                [list r xadd s $id a 1]
        }
        # Like strtoull, the number parser skips leading spaces.
        assert_equal [r exists s] 0
        r xadd s " 1" a 1
    } {1-0}

    test {XADD with an odd number of field/value arguments is an arity error} {
        r del s
        assert_error "ERR wrong number of arguments for 'xadd' command" {r xadd s * a}
        assert_error "ERR wrong number of arguments for 'xadd' command" {r xadd s * a 1 b}
        assert_error "ERR wrong number of arguments for 'xadd' command" {r xadd s maxlen 5 * a}
        assert_error "ERR wrong number of arguments for 'xadd' command" {r xadd s nomkstream *}
        assert_error "ERR wrong number of arguments for 'xadd' command" {r xadd s *}
        assert_error "ERR wrong number of arguments for 'xadd' command" {r xadd s}
        r exists s
    } {0}

    test {XADD with many fields, binary and empty values} {
        r del s
        set bin "a\x00b\r\nc"
        set id [r xadd s 1-0 f1 v1 f2 "" "" v3 $bin $bin f1 dup]
        set e [lindex [r xrange s - +] 0]
        assert_equal [lindex $e 0] 1-0
        # Fields are kept in order, duplicates included.
        lindex $e 1
    } [list f1 v1 f2 {} {} v3 "a\x00b\r\nc" "a\x00b\r\nc" f1 dup]

    test {XADD with numbers as fields and values keeps them as given} {
        r del s
        r xadd s 1-0 1 2 -3 4.5 0012 99999999999999999999 10 -0
        lindex [r xrange s - +] 0 1
    } {1 2 -3 4.5 0012 99999999999999999999 10 -0}

    test {XADD NOMKSTREAM} {
        r del s
        assert_equal [r xadd s nomkstream * a 1] {}
        assert_equal [r exists s] 0
        assert_equal [r xadd s nomkstream maxlen 5 1-0 a 1] {}
        assert_equal [r exists s] 0
        r xadd s 1-0 a 1
        assert_equal [r xadd s nomkstream 2-0 b 2] 2-0
        assert_equal [r xadd s NOMKSTREAM MAXLEN 1 3-0 c 3] 3-0
        assert_equal [r xlen s] 1
        r xrange s - +
    } {{3-0 {c 3}}}

    tags {"resp3"} {
        test {XADD NOMKSTREAM on a missing key is a null in RESP2 and RESP3} {
            r del s
            set c [redis_client]
            $c readraw 1
            set res [list [$c xadd s nomkstream * a 1]]
            $c readraw 0
            $c hello 3
            $c readraw 1
            lappend res [$c xadd s nomkstream * a 1]
            $c close
            set res
        } {{$-1} _}
    }

    test {XADD MAXLEN trims exactly, = is the same} {
        r del s
        for {set i 1} {$i <= 10} {incr i} { r xadd s maxlen 5 $i-0 f $i }
        assert_equal [r xlen s] 5
        assert_equal [stream_ids [r xrange s - +]] {6-0 7-0 8-0 9-0 10-0}
        r xadd s MAXLEN = 2 11-0 f 11
        assert_equal [stream_ids [r xrange s - +]] {10-0 11-0}
        # MAXLEN 0 leaves the stream empty but existing.
        r xadd s maxlen 0 12-0 f 12
        assert_equal [r xlen s] 0
        assert_equal [r exists s] 1
        r xadd s 13-0 f 13
    } {13-0}

    test {XADD MINID trims exactly} {
        r del s
        for {set i 1} {$i <= 10} {incr i} { r xadd s $i-0 f $i }
        r xadd s minid 7 11-0 f 11
        assert_equal [stream_ids [r xrange s - +]] {7-0 8-0 9-0 10-0 11-0}
        r xadd s MINID = 9-0 12-0 f 12
        assert_equal [stream_ids [r xrange s - +]] {9-0 10-0 11-0 12-0}
        # A MINID above the new entry removes it too.
        r xadd s minid 100 13-0 f 13
        assert_equal [r xlen s] 0
        r exists s
    } {1}

    test {XADD MAXLEN ~ trims only whole nodes} {
        r config set stream-node-max-entries 10
        r del s
        for {set i 1} {$i <= 35} {incr i} { r xadd s $i-0 f $i }
        # Four nodes: 10+10+10+5.  ~ 25 removes one node only.
        r xadd s maxlen ~ 25 36-0 f 36
        assert_equal [r xlen s] 26
        assert_equal [lindex [r xrange s - + count 1] 0 0] 11-0
        # ~ 20 cannot remove a node without going under 20.
        r xadd s maxlen ~ 20 37-0 f 37
        assert_equal [r xlen s] 27
        # ~ 0 removes every node, the one just added to included.
        r xadd s maxlen ~ 0 38-0 f 38
        assert_equal [r xlen s] 0
        assert_equal [dict get [r xinfo stream s] last-generated-id] 38-0
        r config set stream-node-max-entries 100
        r exists s
    } {1}

    test {XADD MAXLEN ~ with LIMIT removes at most LIMIT entries, by nodes} {
        r config set stream-node-max-entries 10
        r del s
        for {set i 1} {$i <= 50} {incr i} { r xadd s $i-0 f $i }
        # LIMIT 25 allows two nodes (20 entries), not three.
        r xadd s maxlen ~ 0 limit 25 51-0 f 51
        assert_equal [r xlen s] 31
        # LIMIT below a node's size removes nothing.
        r xadd s maxlen ~ 0 limit 9 52-0 f 52
        assert_equal [r xlen s] 32
        # LIMIT 0 means no limit.
        r xadd s maxlen ~ 0 limit 0 53-0 f 53
        assert_equal [r xlen s] 0
        # The single entry node is within a LIMIT of 10.
        r xadd s minid ~ 100 limit 10 54-0 f 54
        r config set stream-node-max-entries 100
        r xlen s
    } {0}

    test {XADD MINID ~ trims whole nodes below the id} {
        r config set stream-node-max-entries 10
        stream_fill s 40
        r xadd s minid ~ 25 41-0 f 41
        assert_equal [lindex [r xrange s - + count 1] 0 0] 21-0
        assert_equal [r xlen s] 21
        r config set stream-node-max-entries 100
        r xadd s minid ~ 0 42-0 f 42
        r xlen s
    } {22}

    test {XADD trimming errors} {
        r del s
        assert_error "ERR The MAXLEN argument must be >= 0." {r xadd s maxlen -1 * a 1}
        assert_error "ERR The MAXLEN argument must be >= 0." {r xadd s maxlen ~ -5 * a 1}
        assert_error "ERR value is not an integer or out of range" {r xadd s maxlen abc * a 1}
        assert_error "ERR value is not an integer or out of range" {r xadd s maxlen 1.5 * a 1}
        assert_error "ERR value is not an integer or out of range" {r xadd s maxlen ~ 1 limit x * a 1}
        assert_error "ERR The LIMIT argument must be >= 0." {r xadd s maxlen ~ 1 limit -1 * a 1}
        assert_error "ERR The LIMIT argument must be >= 0." {r xadd s minid ~ 1 limit -1 * a 1}
        assert_error "ERR syntax error, LIMIT cannot be used without the special ~ option" {
            r xadd s maxlen 1 limit 10 * a 1
        }
        assert_error "ERR syntax error, LIMIT cannot be used without the special ~ option" {
            r xadd s minid = 1 limit 10 * a 1
        }
        assert_error "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy" {
            r xadd s limit 10 * a 1
        }
        assert_error "ERR syntax error, MAXLEN and MINID options at the same time are not compatible" {
            r xadd s maxlen 1 minid 1 * a 1
        }
        assert_error "ERR syntax error, MAXLEN and MINID options at the same time are not compatible" {
            r xadd s minid 1 maxlen 1 * a 1
        }
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xadd s minid abc * a 1}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xadd s minid ~ -1 * a 1}
        # A huge LIMIT is accepted.
        assert_match {*-*} [r xadd s maxlen ~ 1 limit 99999999999 * a 1]
        r xlen s
    } {1}

    # ----------------------------------------------------- XRANGE, XREVRANGE

    test {XRANGE and XREVRANGE over - and +, with COUNT} {
        stream_fill s 5
        assert_equal [stream_ids [r xrange s - +]] {1-0 2-0 3-0 4-0 5-0}
        assert_equal [stream_ids [r xrevrange s + -]] {5-0 4-0 3-0 2-0 1-0}
        assert_equal [r xrange s - + count 2] {{1-0 {f 1}} {2-0 {f 2}}}
        assert_equal [r xrevrange s + - COUNT 2] {{5-0 {f 5}} {4-0 {f 4}}}
        assert_equal [llength [r xrange s - + count 100]] 5
        # COUNT 0 and negative counts give an empty array.
        assert_equal [r xrange s - + count 0] {}
        assert_equal [r xrange s - + count -1] {}
        assert_equal [r xrevrange s + - count 0] {}
        assert_equal [r xrange nokey - +] {}
        r xrevrange nokey + -
    } {}

    test {XRANGE with exact, partial and exclusive IDs} {
        r del s
        foreach id {1-0 1-1 1-2 2-0 2-5 3-0} { r xadd s $id f v }
        # A bare start is ms-0, a bare end is ms-max.
        assert_equal [stream_ids [r xrange s 1 1]] {1-0 1-1 1-2}
        assert_equal [stream_ids [r xrange s 2 3]] {2-0 2-5 3-0}
        assert_equal [stream_ids [r xrange s 1-1 2-0]] {1-1 1-2 2-0}
        assert_equal [stream_ids [r xrevrange s 2 1]] {2-5 2-0 1-2 1-1 1-0}
        # ( excludes the id itself.
        assert_equal [stream_ids [r xrange s (1-1 (2-5]] {1-2 2-0}
        assert_equal [stream_ids [r xrange s (1-2 +]] {2-0 2-5 3-0}
        assert_equal [stream_ids [r xrevrange s (3-0 (1-0]] {2-5 2-0 1-2 1-1}
        assert_equal [stream_ids [r xrange s (1 2]] {1-1 1-2 2-0 2-5}
        # A bare end is ms-max, so (2 as an end still takes all of ms 2.
        assert_equal [stream_ids [r xrange s - (2]] {1-0 1-1 1-2 2-0 2-5}
        assert_equal [stream_ids [r xrange s - (2-0]] {1-0 1-1 1-2}
        assert_equal [stream_ids [r xrange s (0-0 (1-1]] {1-0}
        # Empty and inverted ranges.
        assert_equal [r xrange s 3 1] {}
        assert_equal [r xrevrange s 1 3] {}
        assert_equal [r xrange s (1-0 (1-1] {}
        assert_equal [r xrange s 4 +] {}
        r xrange s 1-3 1-9
    } {}

    test {XRANGE exclusive ranges at the limits and ID errors} {
        stream_fill s 3
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrange s (- +}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrange s - (+}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrevrange s (+ -}
        assert_error "ERR invalid start ID for the interval" {
            r xrange s (18446744073709551615-18446744073709551615 +
        }
        assert_error "ERR invalid end ID for the interval" {r xrange s - (0-0}
        assert_equal [r xrange s - (0] {}
        # XREVRANGE takes the end first.
        assert_error "ERR invalid end ID for the interval" {r xrevrange s (0-0 -}
        assert_error "ERR invalid start ID for the interval" {
            r xrevrange s + (18446744073709551615-18446744073709551615
        }
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrange s x +}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrange s - 1-x}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrange s * +}
        assert_error "ERR syntax error" {r xrange s - + count}
        assert_error "ERR syntax error" {r xrange s - + foo 1}
        assert_error "ERR syntax error" {r xrange s - + count 1 count}
        assert_error "ERR value is not an integer or out of range" {r xrange s - + count x}
        assert_error "ERR wrong number of arguments for 'xrange' command" {r xrange s -}
        assert_error "ERR wrong number of arguments for 'xrevrange' command" {r xrevrange s +}
        # A missing key still checks its IDs.
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xrange nokey x +}
        r xrange s (1-0 (3-0
    } {{2-0 {f 2}}}

    tags {"resp3"} {
        test {XRANGE is an array of [id, [field, value...]] in RESP2 and RESP3} {
            r del s
            r xadd s 1-0 a 1 b 2
            set res {}
            foreach proto {2 3} {
                set c [redis_client]
                if {$proto == 3} { $c hello 3 }
                $c readraw 1
                lappend res [raw_reply_lines $c [$c xrange s - +]]
                lappend res [raw_reply_lines $c [$c xrange nokey - +]]
                $c close
            }
            set res
        } {{*1 *2 {$3} 1-0 *4 {$1} a {$1} 1 {$1} b {$1} 2} *0 {*1 *2 {$3} 1-0 *4 {$1} a {$1} 1 {$1} b {$1} 2} *0}
    }

    # ---------------------------------------------------- multi-node streams

    test {Big stream across many nodes: XRANGE and XREVRANGE agree with a model} {
        r config set stream-node-max-entries 7
        r del s
        set model {}
        set ms 1000
        for {set i 0} {$i < 500} {incr i} {
            # Several entries per ms, and fields that change now and then so
            # that entries differ from their node's master entry.
            incr ms [randomInt 3]
            set fields [list a $i]
            if {$i % 3 == 0} { lappend fields b x$i }
            if {$i % 11 == 0} { set fields [list other $i c [string repeat z [randomInt 20]]] }
            set id [r xadd s $ms-* {*}$fields]
            lappend model [list $id $fields]
        }
        assert_equal [r xlen s] 500
        assert_equal [r xrange s - +] $model
        assert_equal [r xrevrange s + -] [lreverse $model]
        # Random sub-ranges, inclusive and exclusive, with counts.
        for {set j 0} {$j < 100} {incr j} {
            set a [randomInt 500]
            set b [randomInt 500]
            if {$a > $b} { lassign [list $a $b] b a }
            set start [lindex $model $a 0]
            set end [lindex $model $b 0]
            assert_equal [r xrange s $start $end] [lrange $model $a $b]
            assert_equal [r xrevrange s $end $start] [lreverse [lrange $model $a $b]]
            assert_equal [r xrange s ($start $end] [lrange $model [expr {$a + 1}] $b]
            assert_equal [r xrevrange s ($end $start] [lreverse [lrange $model $a [expr {$b - 1}]]]
            set n [randomRange 1 20]
            assert_equal [r xrange s $start + count $n] [lrange $model $a [expr {$a + $n - 1}]]
            assert_equal [r xrevrange s $end - count $n] \
                [lreverse [lrange $model [expr {max(0, $b - $n + 1)}] $b]]
        }
        r config set stream-node-max-entries 100
    } {OK}

    test {Nodes limited by stream-node-max-bytes} {
        r config set stream-node-max-bytes 50
        r del s
        for {set i 1} {$i <= 20} {incr i} { r xadd s $i-0 field $i }
        set info [r xinfo stream s]
        assert_equal [dict get $info length] 20
        assert_equal [dict get $info radix-tree-keys] 7
        assert_equal [dict get $info radix-tree-nodes] 16
        # A value bigger than the limit still gets a node of its own.
        r xadd s 21-0 big [string repeat x 200]
        r xadd s 22-0 field 22
        assert_equal [stream_ids [r xrange s 19 +]] {19-0 20-0 21-0 22-0}
        assert_equal [string length [lindex [r xrange s 21 21] 0 1 1]] 200
        r config set stream-node-max-bytes 4096
        r xlen s
    } {22}

    test {Unlimited node sizes when both limits are 0} {
        r config set stream-node-max-bytes 0
        r config set stream-node-max-entries 0
        stream_fill s 300
        set keys [dict get [r xinfo stream s] radix-tree-keys]
        r config set stream-node-max-bytes 4096
        r config set stream-node-max-entries 100
        list $keys [llength [r xrange s - +]]
    } {1 300}

    test {XINFO STREAM radix tree figures for a 10 nodes stream} {
        r config set stream-node-max-entries 10
        stream_fill s 100
        set info [r xinfo stream s]
        r config set stream-node-max-entries 100
        list [dict get $info radix-tree-keys] [dict get $info radix-tree-nodes]
    } {10 22}

    # --------------------------------------------------------------- XDEL

    test {XDEL existing, missing and repeated IDs} {
        stream_fill s 5
        assert_equal [r xdel s 3-0] 1
        assert_equal [r xdel s 3-0] 0
        # Each entry counts once even when named twice.
        assert_equal [r xdel s 2-0 2-0 9-0] 1
        assert_equal [r xdel s 1 4] 2
        assert_equal [r xdel nokey 1-0] 0
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xdel s abc}
        # An invalid ID rejects the whole command.
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xdel s 5-0 abc}
        assert_equal [r xlen s] 1
        assert_error "ERR wrong number of arguments for 'xdel' command" {r xdel s}
        r xrange s - +
    } {{5-0 {f 5}}}

    test {XDEL everything keeps the key and its last ID} {
        stream_fill s 5
        assert_equal [r xdel s 1-0 2-0 3-0 4-0 5-0] 5
        assert_equal [r xlen s] 0
        assert_equal [r exists s] 1
        assert_equal [r type s] stream
        set info [r xinfo stream s]
        assert_equal [dict get $info last-generated-id] 5-0
        assert_equal [dict get $info max-deleted-entry-id] 5-0
        assert_equal [dict get $info entries-added] 5
        assert_equal [dict get $info recorded-first-entry-id] 0-0
        assert_equal [dict get $info radix-tree-keys] 0
        assert_equal [dict get $info first-entry] {}
        assert_equal [dict get $info last-entry] {}
        assert_error "ERR The ID specified in XADD is equal or smaller than the target stream top item" {
            r xadd s 5-0 f x
        }
        assert_equal [r xadd s 5-* f x] 5-1
        set info [r xinfo stream s]
        assert_equal [dict get $info recorded-first-entry-id] 5-1
        assert_equal [dict get $info entries-added] 6
        r xrange s - +
    } {{5-1 {f x}}}

    test {XDEL across nodes, then XRANGE agrees with a model} {
        r config set stream-node-max-entries 5
        stream_fill s 100
        set model {}
        for {set i 1} {$i <= 100} {incr i} { lappend model [list $i-0 [list f $i]] }
        # Delete whole nodes, the first and last entries of nodes, and
        # scattered entries.
        set del {}
        for {set i 1} {$i <= 100} {incr i} {
            if {($i >= 11 && $i <= 20) || $i % 7 == 0 || $i == 1 || $i == 100} {
                lappend del $i-0
            }
        }
        assert_equal [r xdel s {*}$del] [llength $del]
        set model [lmap e $model {
            if {[lindex $e 0] in $del} continue
            set e
        }]
        assert_equal [r xlen s] [llength $model]
        assert_equal [r xrange s - +] $model
        assert_equal [r xrevrange s + -] [lreverse $model]
        assert_equal [stream_ids [r xrange s 8 22]] {8-0 9-0 10-0 22-0}
        assert_equal [r xrange s 8 22] [lrange $model 5 8]
        assert_equal [r xrevrange s 22 8 count 1] [list [lindex $model 8]]
        set info [r xinfo stream s]
        assert_equal [dict get $info first-entry] {2-0 {f 2}}
        assert_equal [dict get $info last-entry] {99-0 {f 99}}
        assert_equal [dict get $info max-deleted-entry-id] 100-0
        r config set stream-node-max-entries 100
    } {OK}

    # --------------------------------------------------------------- XTRIM

    test {XTRIM MAXLEN and MINID, exact} {
        stream_fill s 20
        assert_equal [r xtrim s maxlen 15] 5
        assert_equal [r xtrim s MAXLEN = 15] 0
        assert_equal [r xtrim s maxlen 100] 0
        assert_equal [lindex [r xrange s - + count 1] 0 0] 6-0
        assert_equal [r xtrim s minid 10] 4
        assert_equal [r xtrim s minid = 10-0] 0
        assert_equal [r xtrim s minid 12-1] 3
        assert_equal [r xlen s] 8
        assert_equal [r xtrim s minid 0] 0
        assert_equal [r xtrim s maxlen 0] 8
        assert_equal [r exists s] 1
        assert_equal [r xtrim nokey maxlen 0] 0
        # Trimming does not move max-deleted-entry-id.
        set info [r xinfo stream s]
        list [dict get $info max-deleted-entry-id] [dict get $info last-generated-id] \
            [dict get $info entries-added]
    } {0-0 20-0 20}

    test {XTRIM ~ on a multi-node stream gives Redis's lengths} {
        r config set stream-node-max-entries 10
        stream_fill s 100
        assert_equal [r xtrim s maxlen ~ 55] 40
        assert_equal [r xlen s] 60
        assert_equal [r xtrim s maxlen ~ 0 limit 25] 20
        assert_equal [r xlen s] 40
        assert_equal [r xtrim s maxlen 43] 0
        assert_equal [r xtrim s minid ~ 75] 10
        assert_equal [r xlen s] 30
        assert_equal [lindex [r xrange s - + count 1] 0 0] 71-0
        assert_equal [r xtrim s minid 75] 4
        assert_equal [r xlen s] 26
        assert_equal [r xtrim s minid ~ 0 limit 0] 0
        # LIMIT 0 is no limit: everything but the partial first node goes,
        # and then the partial node too since it is a full node of its own.
        assert_equal [r xtrim s maxlen ~ 0 limit 0] 26
        r config set stream-node-max-entries 100
        r xlen s
    } {0}

    test {XTRIM ~ uses a default LIMIT of 100 nodes' worth of entries} {
        r config set stream-node-max-entries 2
        stream_fill s 500
        # 100 * stream-node-max-entries = 200 entries at most per call.
        assert_equal [r xtrim s maxlen ~ 0] 200
        assert_equal [r xtrim s maxlen ~ 0] 200
        assert_equal [r xtrim s maxlen ~ 0] 100
        r config set stream-node-max-entries 100
        r xlen s
    } {0}

    test {XTRIM ~ with XDEL holes counts live entries} {
        r config set stream-node-max-entries 10
        stream_fill s 30
        r xdel s 1-0 2-0 3-0 15-0
        # The first node has 7 live entries, the second 9.
        assert_equal [r xtrim s maxlen ~ 15] 7
        assert_equal [r xlen s] 19
        assert_equal [r xtrim s maxlen ~ 10] 9
        r config set stream-node-max-entries 100
        r xlen s
    } {10}

    test {XTRIM errors} {
        stream_fill s 3
        assert_error "ERR wrong number of arguments for 'xtrim' command" {r xtrim s}
        assert_error "ERR wrong number of arguments for 'xtrim' command" {r xtrim s maxlen}
        assert_error "ERR syntax error" {r xtrim s foo 1}
        assert_error "ERR syntax error" {r xtrim s maxlen 1 2}
        assert_error "ERR value is not an integer or out of range" {r xtrim s maxlen ~}
        assert_error "ERR The MAXLEN argument must be >= 0." {r xtrim s maxlen -1}
        assert_error "ERR value is not an integer or out of range" {r xtrim s maxlen x}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xtrim s minid =}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xtrim s minid xyz}
        assert_error "ERR syntax error, LIMIT cannot be used without the special ~ option" {
            r xtrim s maxlen = 1 limit 5
        }
        assert_error "ERR syntax error, LIMIT cannot be used without the special ~ option" {
            r xtrim s maxlen 1 limit 5
        }
        assert_error "ERR The LIMIT argument must be >= 0." {r xtrim s maxlen ~ 1 limit -1}
        assert_error "ERR syntax error, MAXLEN and MINID options at the same time are not compatible" {
            r xtrim s maxlen 1 minid 1
        }
        r xlen s
    } {3}

    # --------------------------------------------------------------- XREAD

    test {XREAD from one stream, with COUNT} {
        stream_fill s 5
        assert_equal [r xread streams s 0] {{s {{1-0 {f 1}} {2-0 {f 2}} {3-0 {f 3}} {4-0 {f 4}} {5-0 {f 5}}}}}
        assert_equal [r xread count 2 streams s 2] {{s {{3-0 {f 3}} {4-0 {f 4}}}}}
        assert_equal [r xread COUNT 1 STREAMS s 4-0] {{s {{5-0 {f 5}}}}}
        # An ID with only the ms part means ms-0 here (strictly greater).
        assert_equal [r xread streams s 4] {{s {{5-0 {f 5}}}}}
        # COUNT 0 or negative is no limit.
        assert_equal [llength [lindex [r xread count 0 streams s 0] 0 1]] 5
        assert_equal [llength [lindex [r xread count -1 streams s 0] 0 1]] 5
        # Nothing after the ID, or a missing key: a null.
        assert_equal [r xread streams s 5-0] {}
        assert_equal [r xread streams s 99] {}
        assert_equal [r xread streams nokey 0] {}
        r xread streams s $
    } {}

    test {XREAD from several streams returns only those with data, in order} {
        stream_fill s1 3
        r del s2 s3
        r xadd s3 7-0 x y
        assert_equal [r xread streams s1 s2 s3 1 0 0] \
            {{s1 {{2-0 {f 2}} {3-0 {f 3}}}} {s3 {{7-0 {x y}}}}}
        assert_equal [r xread count 1 streams s3 s1 0 2] \
            {{s3 {{7-0 {x y}}}} {s1 {{3-0 {f 3}}}}}
        assert_equal [r xread streams s1 s3 3 7] {}
        # The same stream named twice is answered twice.
        r xread streams s3 s3 0 0
    } {{s3 {{7-0 {x y}}}} {s3 {{7-0 {x y}}}}}

    test {XREAD errors} {
        stream_fill s 1
        assert_error "ERR wrong number of arguments for 'xread' command" {r xread streams s}
        assert_error "ERR wrong number of arguments for 'xread' command" {r xread count 1}
        assert_error "ERR Unbalanced XREAD list of streams: for each stream key an ID or '\$' must be specified." {
            r xread streams s s2 0
        }
        assert_error "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option." {
            r xread streams s >
        }
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xread streams s +}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xread streams s abc}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xread streams nokey abc}
        assert_error "ERR value is not an integer or out of range" {r xread count x streams s 0}
        assert_error "ERR timeout is negative" {r xread block -1 streams s 0}
        assert_error "ERR timeout is not an integer or out of range" {r xread block x streams s 0}
        assert_error "ERR timeout is not an integer or out of range" {r xread block 1.5 streams s 0}
        assert_error "ERR syntax error" {r xread foo streams s 0}
        assert_error "ERR syntax error" {r xread count 1 foo 2}
        assert_error "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead." {
            r xread group g c streams s 0
        }
        assert_error "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead." {
            r xread noack streams s 0
        }
        assert_equal [s blocked_clients] 0
    } {}

    tags {"resp3"} {
        test {XREAD is a map in RESP3, an array of pairs in RESP2} {
            r del s s2
            r xadd s 1-0 a 1
            r xadd s2 2-0 b 2
            set c [redis_client]
            $c readraw 1
            set r2 [raw_reply_lines $c [$c xread streams s s2 0 0]]
            lappend r2 {*}[raw_reply_lines $c [$c xread streams s 1-0]]
            $c readraw 0
            $c hello 3
            $c readraw 1
            set r3 [raw_reply_lines $c [$c xread streams s s2 0 0]]
            lappend r3 {*}[raw_reply_lines $c [$c xread streams s 1-0]]
            $c readraw 0
            # The client flattens maps: the content is the same.
            set flat [$c xread streams s s2 0 0]
            $c close
            assert_equal $r2 {*2 *2 {$1} s *1 *2 {$3} 1-0 *2 {$1} a {$1} 1 *2 {$2} s2 *1 *2 {$3} 2-0 *2 {$1} b {$1} 2 *-1}
            assert_equal $r3 {%2 {$1} s *1 *2 {$3} 1-0 *2 {$1} a {$1} 1 {$2} s2 *1 *2 {$3} 2-0 *2 {$1} b {$1} 2 _}
            set flat
        } {s {{1-0 {a 1}}} s2 {{2-0 {b 2}}}}
    }

    # -------------------------------------------------------- XREAD BLOCK

    test {XREAD BLOCK with data available answers at once} {
        stream_fill s 3
        assert_equal [r xread block 0 streams s 2] {{s {{3-0 {f 3}}}}}
        assert_equal [r xread block 1000 count 1 streams s 0] {{s {{1-0 {f 1}}}}}
        s blocked_clients
    } {0}

    tags {"resp3"} {
        test {XREAD BLOCK times out with a null, RESP2 and RESP3} {
            stream_fill s 1
            set rd [redis_deferring_client]
            $rd xread block 50 streams s $
            assert_equal [$rd read] {}
            $rd readraw 1
            $rd xread block 50 streams s nokey 1-0 0
            assert_equal [$rd read] {*-1}
            $rd readraw 0
            $rd hello 3
            $rd read
            $rd readraw 1
            $rd xread block 50 streams s $
            assert_equal [$rd read] {_}
            $rd close
            s blocked_clients
        } {0}
    }

    test {XREAD BLOCK 0 is woken by XADD} {
        stream_fill s 2
        set rd [redis_deferring_client]
        $rd xread block 0 streams s $
        wait_for_blocked_client
        assert_match "*cmd=xread*" [r client list id [stream_blocked_id]]
        r xadd s 3-0 new 1
        assert_equal [$rd read] {{s {{3-0 {new 1}}}}}
        assert_equal [s blocked_clients] 0
        $rd close
    }

    test {XREAD BLOCK with $ does not return entries added before it blocked} {
        stream_fill s 2
        set rd [redis_deferring_client]
        $rd xread block 0 streams s $
        wait_for_blocked_client
        r xadd s 3-0 a 1
        assert_equal [$rd read] {{s {{3-0 {a 1}}}}}
        # Blocking again with $: 3-0 is now old.
        $rd xread block 0 streams s $
        wait_for_blocked_client
        r xadd s 4-0 b 2
        assert_equal [$rd read] {{s {{4-0 {b 2}}}}}
        $rd close
    }

    test {XREAD BLOCK on a missing key is woken when the stream is created} {
        r del s
        set rd [redis_deferring_client]
        $rd xread block 0 streams s $
        wait_for_blocked_client
        r xadd s 1-5 a 1
        assert_equal [$rd read] {{s {{1-5 {a 1}}}}}
        $rd close
    }

    test {XREAD BLOCK with an explicit ID waits for an entry above it} {
        stream_fill s 3
        set rd [redis_deferring_client]
        $rd xread block 0 streams s 10-0
        wait_for_blocked_client
        # 5-0 is new but not above 10-0.
        r xadd s 5-0 a 1
        assert_equal [s blocked_clients] 1
        r xadd s 11-0 b 2
        assert_equal [$rd read] {{s {{11-0 {b 2}}}}}
        $rd close
    }

    test {XREAD BLOCK on several streams is served by the one that grows} {
        r del s1 s2 s3
        r xadd s2 1-0 old 1
        set rd [redis_deferring_client]
        $rd xread block 0 count 10 streams s1 s2 s3 $ $ $
        wait_for_blocked_client
        r xadd s3 1-0 a 1
        assert_equal [$rd read] {{s3 {{1-0 {a 1}}}}}
        $rd xread block 0 streams s1 s2 s3 $ $ $
        wait_for_blocked_client
        r xadd s2 2-0 b 2
        assert_equal [$rd read] {{s2 {{2-0 {b 2}}}}}
        $rd close
    }

    test {Two clients blocked on the same stream are both served} {
        stream_fill s 1
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        $rd1 xread block 0 streams s $
        $rd2 xread block 0 streams s 1-0
        wait_for_blocked_clients_count 2
        r xadd s 2-0 x 1
        assert_equal [$rd1 read] {{s {{2-0 {x 1}}}}}
        assert_equal [$rd2 read] {{s {{2-0 {x 1}}}}}
        assert_equal [s blocked_clients] 0
        $rd1 close
        $rd2 close
    }

    test {XREAD BLOCK woken inside MULTI/EXEC gets all entries of the transaction} {
        stream_fill s 1
        set rd [redis_deferring_client]
        $rd xread block 0 streams s $
        wait_for_blocked_client
        set c [redis_client]
        $c multi
        $c xadd s 2-0 a 1
        $c xadd s 3-0 b 2
        $c exec
        $c close
        set res [$rd read]
        $rd close
        set res
    } {{s {{2-0 {a 1}} {3-0 {b 2}}}}}

    test {XREAD BLOCK stays blocked when the key is deleted or replaced by another type} {
        r del s
        r xadd s 1-0 a 1
        set rd [redis_deferring_client]
        $rd xread block 0 streams s $
        wait_for_blocked_client
        r del s
        r set s string
        r lpush other x
        assert_equal [s blocked_clients] 1
        r del s
        r xadd s 2-0 b 2
        assert_equal [$rd read] {{s {{2-0 {b 2}}}}}
        $rd close
    }

    test {XREAD BLOCK inside MULTI does not block} {
        stream_fill s 1
        set c [redis_client]
        $c multi
        $c xread block 0 streams s $
        $c xread block 0 streams s 0
        set res [$c exec]
        $c close
        set res
    } {{} {{s {{1-0 {f 1}}}}}}

    test {XREAD BLOCK: CLIENT UNBLOCK answers a null or an error} {
        stream_fill s 1
        set rd [redis_deferring_client]
        $rd xread block 0 streams s $
        wait_for_blocked_client
        assert_equal [r client unblock [stream_blocked_id]] 1
        assert_equal [$rd read] {}
        $rd xread block 0 streams s $
        wait_for_blocked_client
        assert_equal [r client unblock [stream_blocked_id] error] 1
        assert_error "UNBLOCKED client unblocked via CLIENT UNBLOCK" {$rd read}
        $rd close
    }

    test {XREAD BLOCK with a timeout is served before the deadline} {
        stream_fill s 1
        set rd [redis_deferring_client]
        $rd xread block 10000 streams s $
        wait_for_blocked_client
        r xadd s 2-0 a 1
        assert_equal [$rd read] {{s {{2-0 {a 1}}}}}
        $rd close
    }

    # --------------------------------------------------------------- XSETID

    test {XSETID moves the last ID, XADD follows it} {
        stream_fill s 2
        assert_equal [r xsetid s 10-5] OK
        assert_equal [dict get [r xinfo stream s] last-generated-id] 10-5
        assert_equal [r xadd s 10-* a 1] 10-6
        assert_error "ERR The ID specified in XADD is equal or smaller than the target stream top item" {
            r xadd s 10-6 a 1
        }
        # Setting the same ID as the top item is allowed.
        assert_equal [r xsetid s 10-6] OK
        r xrange s (2-0 +
    } {{10-6 {a 1}}}

    test {XSETID ENTRIESADDED and MAXDELETEDID} {
        r del s
        r xadd s 5-0 a 1
        r xadd s 6-0 a 1
        assert_equal [r xsetid s 10-0 entriesadded 2] OK
        assert_equal [r xsetid s 10-0 ENTRIESADDED 7 MAXDELETEDID 9-0] OK
        set info [r xinfo stream s]
        assert_equal [dict get $info last-generated-id] 10-0
        assert_equal [dict get $info entries-added] 7
        assert_equal [dict get $info max-deleted-entry-id] 9-0
        # The options in any order; MAXDELETEDID may equal the ID.
        assert_equal [r xsetid s 10-0 maxdeletedid 10-0 entriesadded 2] OK
        set info [r xinfo stream s]
        list [dict get $info entries-added] [dict get $info max-deleted-entry-id]
    } {2 10-0}

    test {XSETID errors} {
        r del s
        r xadd s 5-0 a 1
        r xadd s 6-0 a 1
        assert_error "ERR The ID specified in XSETID is smaller than the target stream top item" {r xsetid s 5-0}
        assert_error "ERR The ID specified in XSETID is smaller than the target stream top item" {r xsetid s 0-0}
        assert_error "ERR The entries_added specified in XSETID is smaller than the target stream length" {
            r xsetid s 10-0 entriesadded 1
        }
        assert_error "ERR The entries_added specified in XSETID is smaller than the target stream length" {
            r xsetid s 10-0 entriesadded 0
        }
        assert_error "ERR entries_added must be positive" {r xsetid s 10-0 entriesadded -1}
        assert_error "ERR value is not an integer or out of range" {r xsetid s 10-0 entriesadded x}
        assert_error "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id" {
            r xsetid s 10-0 maxdeletedid 10-1
        }
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xsetid s 10-0 maxdeletedid abc}
        assert_error "ERR syntax error" {r xsetid s 10-0 foo 1}
        assert_error "ERR syntax error" {r xsetid s 10-0 entriesadded}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xsetid s abc}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xsetid s *}
        assert_error "ERR Invalid stream ID specified as stream command argument" {r xsetid s $}
        assert_error "ERR no such key" {r xsetid nokey 1-0}
        assert_error "ERR wrong number of arguments for 'xsetid' command" {r xsetid s}
        dict get [r xinfo stream s] last-generated-id
    } {6-0}

    test {XSETID on an empty stream may go backwards, even to 0-0} {
        r del s
        r xadd s 5-0 a 1
        r xadd s 6-0 a 1
        r xdel s 5-0 6-0
        assert_equal [r xsetid s 1-0] OK
        assert_equal [dict get [r xinfo stream s] last-generated-id] 1-0
        assert_equal [r xsetid s 0-0] OK
        set info [r xinfo stream s]
        # max-deleted-entry-id is left alone, even above the last ID.
        assert_equal [dict get $info max-deleted-entry-id] 6-0
        assert_equal [dict get $info last-generated-id] 0-0
        assert_equal [r xadd s 0-* a 1] 0-1
        r xlen s
    } {1}

    # -------------------------------------------------------- XINFO STREAM

    test {XINFO STREAM on a small stream} {
        r del s
        r xadd s 1-1 a 1
        r xadd s 2-1 b 2 c 3
        r xinfo stream s
    } {length 2 radix-tree-keys 1 radix-tree-nodes 2 last-generated-id 2-1 max-deleted-entry-id 0-0 entries-added 2 recorded-first-entry-id 1-1 groups 0 first-entry {1-1 {a 1}} last-entry {2-1 {b 2 c 3}}}

    test {XINFO STREAM FULL without groups} {
        r del s
        r xadd s 1-1 a 1
        r xadd s 2-1 b 2 c 3
        r xinfo stream s full
    } {length 2 radix-tree-keys 1 radix-tree-nodes 2 last-generated-id 2-1 max-deleted-entry-id 0-0 entries-added 2 recorded-first-entry-id 1-1 entries {{1-1 {a 1}} {2-1 {b 2 c 3}}} groups {}}

    test {XINFO STREAM FULL COUNT limits entries, 0 means all} {
        stream_fill s 30
        assert_equal [llength [dict get [r xinfo stream s full] entries]] 10
        assert_equal [stream_ids [dict get [r xinfo stream s full count 3] entries]] {1-0 2-0 3-0}
        assert_equal [llength [dict get [r xinfo stream s full count 0] entries]] 30
        assert_equal [llength [dict get [r xinfo stream s full count 100] entries]] 30
        # A negative COUNT is the default of 10.
        assert_equal [llength [dict get [r xinfo stream s FULL COUNT -1] entries]] 10
        assert_equal [llength [dict get [r xinfo stream s FULL COUNT -100] entries]] 10
        r xinfo stream s full count 1
    } {length 30 radix-tree-keys 1 radix-tree-nodes 2 last-generated-id 30-0 max-deleted-entry-id 0-0 entries-added 30 recorded-first-entry-id 1-0 entries {{1-0 {f 1}}} groups {}}

    test {XINFO STREAM errors} {
        stream_fill s 1
        assert_error "ERR no such key" {r xinfo stream nokey}
        assert_error "ERR no such key" {r xinfo stream nokey full}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP." {
            r xinfo stream s foo
        }
        assert_error "ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP." {
            r xinfo stream s full foo
        }
        assert_error "ERR value is not an integer or out of range" {r xinfo stream s full count x}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP." {
            r xinfo stream s full count
        }
        assert_error "ERR unknown subcommand 'foo'. Try XINFO HELP." {r xinfo foo s}
        assert_error "ERR wrong number of arguments for 'xinfo|stream' command" {r xinfo stream}
        assert_error "ERR wrong number of arguments for 'xinfo' command" {r xinfo}
        set help [r xinfo help]
        assert_match "XINFO <subcommand>*" [lindex $help 0]
        assert_match "*STREAM <key> \[FULL \[COUNT <count>\]*" $help
        llength $help
    } {9}

    tags {"resp3"} {
        test {XINFO STREAM is a map in RESP3} {
            r del s
            r xadd s 1-1 a 1
            set c [redis_client]
            $c hello 3
            $c readraw 1
            set plain [raw_reply_lines $c [$c xinfo stream s]]
            set full [raw_reply_lines $c [$c xinfo stream s full]]
            $c close
            assert_equal [lrange $plain 0 4] {%10 {$6} length :1 {$15}}
            assert_equal [lrange $plain end-19 end] {{$11} first-entry *2 {$3} 1-1 *2 {$1} a {$1} 1 {$10} last-entry *2 {$3} 1-1 *2 {$1} a {$1} 1}
            assert_equal [lrange $full 0 2] {%9 {$6} length}
            # The entries of FULL are an array, groups an empty array.
            set i [lsearch -exact $full entries]
            assert_equal [lrange $full $i end] {entries *1 *2 {$3} 1-1 *2 {$1} a {$1} 1 {$6} groups *0}
        }
    }

    # ---------------------------------------------- generic commands on streams

    test {TYPE and OBJECT ENCODING of a stream} {
        r del s
        r xadd s * a 1
        assert_encoding stream s
        r type s
    } {stream}

    test {Every stream command on a key of another type is WRONGTYPE} {
        r del str
        r set str x
        set wt "WRONGTYPE Operation against a key holding the wrong kind of value"
        foreach cmd {
            {xadd str * a 1} {xadd str nomkstream * a 1} {xadd str 1-0 a 1}
            {xlen str} {xrange str - +} {xrevrange str + -} {xdel str 1-0}
            {xtrim str maxlen 0} {xread streams str 0} {xread streams str $}
            {xread block 0 streams str $}
            {xsetid str 1-0} {xinfo stream str} {xinfo stream str full}
            {xinfo groups str} {xinfo consumers str g}
            {xgroup create str g 0} {xgroup create str g $ mkstream}
            {xgroup setid str g 0} {xgroup destroy str g}
            {xgroup createconsumer str g c} {xgroup delconsumer str g c}
            {xreadgroup group g c streams str >} {xack str g 1-0}
            {xpending str g} {xpending str g - + 10} {xclaim str g c 0 1-0}
            {xautoclaim str g c 0 0}
        } {
            assert_error $wt [list r {*}$cmd]
        }
        assert_equal [s blocked_clients] 0
        r get str
    } {x}

    test {COPY of a stream with groups is equal and independent} {
        r del s s2
        for {set i 1} {$i <= 10} {incr i} { r xadd s $i-0 f $i }
        r xdel s 3-0
        r xgroup create s g1 0
        r xgroup create s g2 5-0
        r xreadgroup group g1 alice count 4 streams s >
        r xreadgroup group g1 bob count 2 streams s >
        r xgroup createconsumer s g2 carol
        assert_equal [r copy s s2] 1
        assert_equal [r debug digest-value s] [r debug digest-value s2]
        assert_equal [r xrange s2 - +] [r xrange s - +]
        assert_equal [r xinfo groups s2] [r xinfo groups s]
        # Idle times move on between the two calls: compare the rest.
        set strip {lmap e $p {lreplace $e 2 2}}
        set p [r xpending s2 g1 - + 10]
        set copied [eval $strip]
        set p [r xpending s g1 - + 10]
        assert_equal $copied [eval $strip]
        assert_equal [llength $p] 6
        assert_equal [r xinfo stream s2] [r xinfo stream s]
        # Changing the copy leaves the original alone.
        r xack s2 g1 1-0
        r xadd s2 11-0 f 11
        r xgroup destroy s2 g2
        assert_not_equal [r debug digest-value s] [r debug digest-value s2]
        assert_equal [r xlen s] 9
        assert_equal [lindex [r xpending s g1] 0] 6
        assert_equal [llength [r xinfo groups s]] 2
        assert_equal [r copy s s2] 0
        assert_equal [r copy s s2 replace] 1
        assert_equal [r debug digest-value s] [r debug digest-value s2]
        # The copy's PEL entries point to its own consumers.
        assert_equal [r xclaim s2 g1 bob 0 1-0 justid] {1-0}
        assert_equal [lindex [r xpending s g1 - + 10 alice] 0 1] alice
        r type s2
    } {stream}

    test {DEBUG DIGEST-VALUE of streams depends on content} {
        r del a b
        r xadd a 1-0 f v
        r xadd b 1-0 f v
        assert_equal [r debug digest-value a] [r debug digest-value b]
        # Only the entries count: not the last ID, not the groups.
        r xadd b 2-0 f v
        r xdel b 2-0
        r xsetid b 5-0
        r xgroup create b g 0
        set d1 [r debug digest-value a]
        assert_equal [r debug digest-value b] $d1
        r del b
        r xadd b 1-0 f w
        assert_not_equal [r debug digest-value a] [r debug digest-value b]
        r del b
        r xadd b 1-1 f v
        assert_not_equal [r debug digest-value a] [r debug digest-value b]
        r del b
        r xadd b 1-0 f v x y
        assert_not_equal [r debug digest-value a] [r debug digest-value b]
        list [string length $d1] [expr {$d1 ne "0000000000000000000000000000000000000000"}]
    } {40 1}

    test {SCAN TYPE stream} {
        r flushdb
        r xadd s1 * a 1
        r xadd s2 * a 1
        r set str x
        r lpush l x
        set found {}
        set cursor 0
        while 1 {
            lassign [r scan $cursor type stream] cursor keys
            lappend found {*}$keys
            if {$cursor == 0} break
        }
        lsort $found
    } {s1 s2}

    test {stream-node-max-entries and stream-node-max-bytes CONFIG GET/SET} {
        assert_equal [r config get stream-node-max-entries] {stream-node-max-entries 100}
        assert_equal [r config get stream-node-max-bytes] {stream-node-max-bytes 4096}
        assert_equal [r config set stream-node-max-bytes 1kb] OK
        assert_equal [r config get stream-node-max-bytes] {stream-node-max-bytes 1024}
        assert_equal [r config set stream-node-max-entries 0] OK
        assert_equal [r config get stream-node-max-entries] {stream-node-max-entries 0}
        assert_error "*argument must be between 0 and 9223372036854775807 inclusive*" {
            r config set stream-node-max-entries -1
        }
        assert_error "*argument couldn't be parsed into an integer*" {
            r config set stream-node-max-entries 1k
        }
        assert_error "*argument must be a memory value*" {
            r config set stream-node-max-bytes -1
        }
        r config set stream-node-max-entries 100
        r config set stream-node-max-bytes 4096
        lsort [r config get stream-node-max-*]
    } {100 4096 stream-node-max-bytes stream-node-max-entries}

    test {DEBUG RELOAD keeps streams} {
        r flushdb
        r config set stream-node-max-entries 5
        for {set i 1} {$i <= 23} {incr i} { r xadd s $i-0 f $i }
        r xdel s 7-0
        r xgroup create s g 0
        r xreadgroup group g c count 3 streams s >
        set before [r debug digest-value s]
        set info [r xinfo stream s full]
        assert_equal OK [r debug reload]
        assert_equal [r debug digest-value s] $before
        assert_equal [r xinfo stream s full] $info
        r config set stream-node-max-entries 100
    } {OK}

    test {XRANGE finds entries appended to a trimmed node after XSETID lowered the last ID} {
        # The trim leaves the emptied node in place; the smaller ID then goes
        # into that node, whose master ID is greater than the entry's.
        r del s
        r xadd s 10-1 f v
        r xadd s 10-2 f v
        r xdel s 10-2
        r xtrim s minid 10-2
        r xsetid s 5-0
        r xadd s 6-1 f w
        assert_equal {{6-1 {f w}}} [r xrange s 6-0 6-5]
        assert_equal {{6-1 {f w}}} [r xrevrange s 6-5 6-0]
        assert_equal {{6-1 {f w}}} [r xrange s - +]
        assert_equal 1 [r xlen s]
    }
}
