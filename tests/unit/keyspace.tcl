# The generic key commands: DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME,
# RENAMENX, MOVE, COPY, SWAPDB, SELECT, KEYS, SCAN, RANDOMKEY, DBSIZE,
# FLUSHDB, FLUSHALL and OBJECT.  The default client has db 9 selected; the
# tests that cross databases use db 10 and back.


# Every key a complete SCAN returns, in order, duplicates included.  The
# optional `between` script runs in the caller after each call but the
# last, to change the keyspace during the iteration.
proc keyspace_scan_all {options {between {}}} {
    set cursor 0
    set keys {}
    set calls 0
    while 1 {
        lassign [r scan $cursor {*}$options] cursor batch
        lappend keys {*}$batch
        incr calls
        if {$cursor == 0} break
        if {$between ne {}} { uplevel 1 $between }
        if {$calls > 100000} { error "SCAN did not finish" }
    }
    return $keys
}

# MSET of keys prefix0..prefix(n-1), in batches, each with value "v".
proc keyspace_fill {prefix n {first 0}} {
    set args {}
    for {set i $first} {$i < $first + $n} {incr i} {
        lappend args $prefix$i v
        if {[llength $args] >= 2000} {
            r mset {*}$args
            set args {}
        }
    }
    if {[llength $args]} { r mset {*}$args }
}

# The size of the main hash table of db 9, from DEBUG HTSTATS; and whether
# it is being rehashed.
proc keyspace_table_size {} {
    set stats [r debug htstats 9]
    if {![regexp {table size: (\d+)} $stats -> size]} { return 0 }
    return $size
}
proc keyspace_rehashing {} {
    string match "*rehashing target*" [r debug htstats 9]
}

start_server {tags {"keyspace"}} {
    # ---------------------------------------------------------- DEL, UNLINK

    test {DEL of one key} {
        r set x foo
        assert_equal [r del x] 1
        assert_equal [r exists x] 0
        r get x
    } {}

    test {DEL of several keys counts the ones that existed} {
        r mset d1 a d2 b d3 c
        assert_equal [r del d1 d2 nokey d3] 3
        r exists d1 d2 d3
    } {0}

    test {DEL of the same key twice counts it once} {
        r set dd v
        r del dd dd dd
    } {1}

    test {DEL of missing keys is 0} {
        r del nokey1 nokey2
    } {0}

    test {UNLINK behaves like DEL} {
        r mset u1 a u2 b u3 [string repeat x 1000]
        assert_equal [r unlink u1 u2 u3 u1 nokey] 3
        assert_equal [r exists u1 u2 u3] 0
        r unlink u1
    } {0}

    test {DEL of a volatile key drops its TTL too} {
        r set dv v ex 100
        assert_equal [r del dv] 1
        r set dv w
        r ttl dv
    } {-1}

    test {DEL and UNLINK of many keys} {
        keyspace_fill many: 1000
        set keys {}
        for {set i 0} {$i < 1000} {incr i} { lappend keys many:$i }
        assert_equal [r del {*}[lrange $keys 0 499]] 500
        assert_equal [r unlink {*}$keys] 500
        r exists {*}$keys
    } {0}

    # -------------------------------------------------------- EXISTS, TYPE

    test {EXISTS counts every argument, duplicates included} {
        r del e1 e2
        r set e1 v
        assert_equal [r exists e1] 1
        assert_equal [r exists e2] 0
        assert_equal [r exists e1 e1 e1] 3
        assert_equal [r exists e1 e2 e1 e2] 2
        r del e1
        r exists e1 e1
    } {0}

    test {EXISTS of a key whose value is empty} {
        r set empty ""
        r exists empty
    } {1}

    test {TYPE of missing and string keys} {
        r del t1
        assert_equal [r type t1] none
        r set t1 v
        assert_equal [r type t1] string
        r set t1 123
        assert_equal [r type t1] string
        r set t1 [string repeat x 100]
        r type t1
    } {string}

    test {TYPE of a list key} {
        r del tl
        r rpush tl a
        r type tl
    } {list}

    # --------------------------------------------------------------- TOUCH

    test {TOUCH counts the keys that exist} {
        r mset to1 a to2 b
        r del to3
        assert_equal [r touch to1 to2 to3] 2
        assert_equal [r touch to1 to1] 2
        r touch to3
    } {0}

    test {TOUCH and reads reset the idle time, EXISTS, TYPE and TTL do not} {
        # The idle time counts whole seconds: wait until two have passed,
        # so that a reset shows even if the clock ticks right after it.
        r set idle1 value
        r set idle2 value
        wait_for_condition 50 100 {
            [r object idletime idle1] >= 2 && [r object idletime idle2] >= 2
        } else {
            fail "the idle time never grew"
        }
        foreach k {idle1 idle2} {
            r exists $k
            r type $k
            r ttl $k
            r object encoding $k
            assert {[r object idletime $k] >= 2}
        }
        assert_equal [r touch idle1] 1
        assert_lessthan [r object idletime idle1] 2
        r get idle2
        assert_lessthan [r object idletime idle2] 2
    }

    test {OBJECT IDLETIME of a small integer is at most the server's uptime} {
        # Small integers share preallocated objects stamped at start-up.
        r set smallint 5
        assert_lessthan [r object idletime smallint] [expr {[s uptime_in_seconds] + 2}]
    }

    test {Arity errors of DEL, UNLINK, EXISTS, TYPE and TOUCH} {
        foreach cmd {del unlink exists touch type} {
            assert_error "ERR wrong number of arguments for '$cmd' command" {r $cmd}
        }
        assert_error "ERR wrong number of arguments for 'type' command" {r type a b}
    }

    # ------------------------------------------------------ RENAME, RENAMENX

    test {RENAME moves the value to the new name} {
        r del src dst
        r set src hello
        assert_equal [r rename src dst] OK
        assert_equal [r exists src] 0
        r get dst
    } {hello}

    test {RENAME keeps the encoding of the value} {
        r set src 12345
        r rename src dst
        assert_encoding int dst
        r set src [string repeat x 100]
        r rename src dst
        assert_encoding raw dst
        r set src short
        r rename src dst
        assert_encoding embstr dst
        r get dst
    } {short}

    test {RENAME overwrites an existing destination} {
        r set src new
        r set dst old
        assert_equal [r rename src dst] OK
        assert_equal [r exists src] 0
        r get dst
    } {new}

    test {RENAME carries the TTL over} {
        r set src v ex 100
        r rename src dst
        assert_range [r ttl dst] 1 100
        assert_equal [r ttl src] -2
        r get dst
    } {v}

    test {RENAME of a persistent key over a volatile one leaves no TTL} {
        r set src persistent
        r set dst volatile ex 100
        r rename src dst
        assert_equal [r get dst] persistent
        r ttl dst
    } {-1}

    test {RENAME of a key to itself} {
        r set self v ex 100
        assert_equal [r rename self self] OK
        assert_range [r ttl self] 1 100
        assert_equal [r renamenx self self] 0
        r get self
    } {v}

    test {RENAME and RENAMENX of a missing key} {
        r del nosrc
        assert_error "ERR no such key" {r rename nosrc dst}
        assert_error "ERR no such key" {r renamenx nosrc dst}
        assert_error "ERR no such key" {r rename nosrc nosrc}
        assert_error "ERR no such key" {r renamenx nosrc nosrc}
    }

    test {RENAMENX renames only when the destination is missing} {
        r set src a
        r del dst
        assert_equal [r renamenx src dst] 1
        assert_equal [r get dst] a
        r set src b
        assert_equal [r renamenx src dst] 0
        assert_equal [r get src] b
        r get dst
    } {a}

    test {RENAMENX carries the TTL over} {
        r set src v px 100000
        r del dst
        assert_equal [r renamenx src dst] 1
        assert_range [r pttl dst] 1 100000
    }

    test {RENAME many times keeps every value} {
        for {set i 0} {$i < 100} {incr i} { r set chain:$i val$i ex 1000 }
        for {set i 0} {$i < 100} {incr i} { r rename chain:$i renamed:$i }
        set bad 0
        for {set i 0} {$i < 100} {incr i} {
            if {[r get renamed:$i] ne "val$i"} { incr bad }
            if {[r ttl renamed:$i] < 1} { incr bad }
            if {[r exists chain:$i]} { incr bad }
        }
        set bad
    } {0}

    test {RENAME and RENAMENX arity errors} {
        assert_error "ERR wrong number of arguments for 'rename' command" {r rename a}
        assert_error "ERR wrong number of arguments for 'rename' command" {r rename a b c}
        assert_error "ERR wrong number of arguments for 'renamenx' command" {r renamenx a}
    }

    # ---------------------------------------------------------------- MOVE

    test {MOVE to another database} {
        r select 10
        r del mv
        r select 9
        r set mv hello
        assert_equal [r move mv 10] 1
        assert_equal [r exists mv] 0
        r select 10
        set v [r get mv]
        r del mv
        r select 9
        set v
    } {hello}

    test {MOVE carries the TTL over} {
        r select 10
        r del mv
        r select 9
        r set mv v ex 100
        r move mv 10
        r select 10
        set ttl [r ttl mv]
        r del mv
        r select 9
        assert_range $ttl 1 100
    }

    test {MOVE does nothing when the key exists in the target} {
        r select 10
        r set mv target
        r select 9
        r set mv source
        assert_equal [r move mv 10] 0
        assert_equal [r get mv] source
        r select 10
        set v [r get mv]
        r del mv
        r select 9
        set v
    } {target}

    test {MOVE of a missing key} {
        r del mvnone
        r move mvnone 10
    } {0}

    test {MOVE errors} {
        r set mv v
        assert_error "ERR source and destination objects are the same" {r move mv 9}
        assert_error "ERR source and destination objects are the same" {r move mvnone 9}
        assert_error "ERR DB index is out of range" {r move mv 16}
        assert_error "ERR DB index is out of range" {r move mv -1}
        assert_error "ERR value is not an integer or out of range" {r move mv abc}
        assert_error "ERR value is not an integer or out of range" {r move mv 1.0}
        assert_error "ERR value is out of range, value must between -2147483648 and 2147483647" {
            r move mv 99999999999
        }
        assert_error "ERR wrong number of arguments for 'move' command" {r move mv}
        r get mv
    } {v}

    # ---------------------------------------------------------------- COPY

    test {COPY in the same database} {
        r del cpsrc cpdst
        r set cpsrc hello
        assert_equal [r copy cpsrc cpdst] 1
        assert_equal [r get cpsrc] hello
        r get cpdst
    } {hello}

    test {COPY makes an independent value} {
        r set cpsrc hello
        r del cpdst
        r copy cpsrc cpdst
        r append cpdst " world"
        r setrange cpsrc 0 J
        list [r get cpsrc] [r get cpdst]
    } {Jello {hello world}}

    test {COPY keeps the encoding of the value} {
        foreach {val enc} [list 42 int short embstr [string repeat x 100] raw] {
            r set cpsrc $val
            r del cpdst
            r copy cpsrc cpdst
            assert_encoding $enc cpdst
            assert_equal [r get cpdst] $val
        }
    }

    test {COPY to an existing key needs REPLACE} {
        r set cpsrc new
        r set cpdst old
        assert_equal [r copy cpsrc cpdst] 0
        assert_equal [r get cpdst] old
        assert_equal [r copy cpsrc cpdst replace] 1
        assert_equal [r get cpdst] new
        r copy cpsrc cpdst REPLACE REPLACE
    } {1}

    test {COPY copies the TTL} {
        r set cpsrc v ex 100
        r del cpdst
        r copy cpsrc cpdst
        assert_range [r ttl cpdst] 1 100
        # Replacing a volatile destination with a persistent source.
        r set cpsrc persistent
        r copy cpsrc cpdst replace
        r ttl cpdst
    } {-1}

    test {COPY to another database} {
        r select 10
        r del cpdb
        r select 9
        r set cpdb v px 100000
        assert_equal [r copy cpdb cpdb db 10] 1
        assert_equal [r get cpdb] v
        r select 10
        set v [r get cpdb]
        set ttl [r pttl cpdb]
        r select 9
        assert_range $ttl 1 100000
        # Again, without and with REPLACE.
        assert_equal [r copy cpdb cpdb db 10] 0
        r set cpdb w
        assert_equal [r copy cpdb cpdb DB 10 REPLACE] 1
        r select 10
        lappend v [r get cpdb]
        r del cpdb
        r select 9
        set v
    } {v w}

    test {COPY of a missing key} {
        r del cpnone
        assert_equal [r copy cpnone cpdst] 0
        r copy cpnone cpnone db 10
    } {0}

    test {COPY errors} {
        r set cpsrc v
        set same "ERR source and destination objects are the same"
        assert_error $same {r copy cpsrc cpsrc}
        assert_error $same {r copy cpsrc cpsrc db 9}
        assert_error $same {r copy cpnone cpnone}
        assert_error "ERR DB index is out of range" {r copy cpsrc cpdst db 16}
        assert_error "ERR DB index is out of range" {r copy cpsrc cpdst db -1}
        assert_error "ERR value is not an integer or out of range" {r copy cpsrc cpdst db abc}
        assert_error "ERR syntax error" {r copy cpsrc cpdst db}
        assert_error "ERR syntax error" {r copy cpsrc cpdst foo}
        assert_error "ERR syntax error" {r copy cpsrc cpdst replace foo}
        assert_error "ERR wrong number of arguments for 'copy' command" {r copy cpsrc}
    }

    # -------------------------------------------------------------- SWAPDB

    test {SWAPDB swaps the contents and the TTLs} {
        r select 10
        r flushdb
        r set only10 ten
        r set vol10 x ex 100
        r select 9
        r flushdb
        r set only9 nine
        r set vol9 y px 500000
        assert_equal [r swapdb 9 10] OK
        # The client stays on db 9, which now holds what db 10 had.
        assert_equal [r get only10] ten
        assert_equal [r exists only9] 0
        assert_range [r ttl vol10] 1 100
        assert_equal [r dbsize] 2
        r select 10
        assert_equal [r get only9] nine
        assert_range [r ttl vol9] 101 500
        r select 9
        # Swapping back.
        r swapdb 10 9
        list [r get only9] [r exists only10]
    } {nine 0}

    test {SWAPDB of a database with itself} {
        r set sameswap v
        assert_equal [r swapdb 9 9] OK
        r get sameswap
    } {v}

    test {SWAPDB is seen by other clients of both databases} {
        set c [redis_client]
        $c select 10
        $c set seen ten
        r set seen nine
        r swapdb 9 10
        set res [list [$c get seen] [r get seen]]
        r swapdb 9 10
        $c close
        set res
    } {nine ten}

    test {SWAPDB errors} {
        assert_error "ERR invalid first DB index" {r swapdb a 1}
        assert_error "ERR invalid first DB index" {r swapdb 1.5 1}
        assert_error "ERR invalid first DB index" {r swapdb 99999999999 1}
        assert_error "ERR invalid second DB index" {r swapdb 1 b}
        assert_error "ERR invalid second DB index" {r swapdb 1 99999999999}
        assert_error "ERR DB index is out of range" {r swapdb 1 16}
        assert_error "ERR DB index is out of range" {r swapdb -1 1}
        assert_error "ERR wrong number of arguments for 'swapdb' command" {r swapdb 1}
        assert_error "ERR wrong number of arguments for 'swapdb' command" {r swapdb 1 2 3}
    }

    # -------------------------------------------------------------- SELECT

    test {SELECT errors} {
        assert_error "ERR DB index is out of range" {r select 16}
        assert_error "ERR DB index is out of range" {r select -1}
        assert_error "ERR value is not an integer or out of range" {r select abc}
        assert_error "ERR value is not an integer or out of range" {r select 1.5}
        assert_error "ERR value is not an integer or out of range" {r select ""}
        assert_error "ERR value is out of range, value must between -2147483648 and 2147483647" {
            r select 99999999999999
        }
        assert_error "ERR wrong number of arguments for 'select' command" {r select}
        assert_error "ERR wrong number of arguments for 'select' command" {r select 1 2}
        # Still on db 9.
        r set where nine
        r select 9
        r get where
    } {nine}

    test {Databases are independent} {
        r set indep nine
        r select 0
        r set indep zero
        r select 15
        assert_equal [r exists indep] 0
        r select 0
        assert_equal [r get indep] zero
        r del indep
        r select 9
        r get indep
    } {nine}

    # ---------------------------------------------------------------- KEYS

    test {KEYS with glob patterns} {
        r flushdb
        foreach k {foo fao fbo f*o f?o {f[o} {f\o} bar fooo fo f-o Foo} {
            r set $k 1
        }
        assert_equal [lsort [r keys *]] \
            [lsort {foo fao fbo f*o f?o {f[o} {f\o} bar fooo fo f-o Foo}]
        assert_equal [lsort [r keys f?o]] [lsort {foo fao fbo f*o f?o {f[o} {f\o} f-o}]
        assert_equal [lsort [r keys {f[ab]o}]] {fao fbo}
        assert_equal [lsort [r keys {f[a-c]o}]] {fao fbo}
        # A reversed range works the same.
        assert_equal [lsort [r keys {f[c-a]o}]] {fao fbo}
        assert_equal [lsort [r keys {f[^a]o}]] [lsort {foo fbo f*o f?o {f[o} {f\o} f-o}]
        assert_equal [lsort [r keys fo*]] {fo foo fooo}
        assert_equal [lsort [r keys *o]] [lsort {foo fao fbo f*o f?o {f[o} {f\o} fooo fo f-o Foo}]
        assert_equal [lsort [r keys {[fF]oo}]] {Foo foo}
        assert_equal [r keys nomatch*] {}
        # Matching is case sensitive.
        r keys F*
    } {Foo}

    test {KEYS with escaped special characters} {
        assert_equal [r keys {f\*o}] {f*o}
        assert_equal [r keys {f\?o}] {f?o}
        assert_equal [r keys {f\[o}] [list {f[o}]
        assert_equal [r keys {f\\o}] [list {f\o}]
        assert_equal [r keys {\f\o\o}] {foo}
        assert_equal [r keys {f[\-]o}] {f-o}
        r keys {f[*]o}
    } {f*o}

    test {KEYS with an unterminated bracket} {
        assert_equal [r keys {f[}] {}
        assert_equal [r keys {*[}] {}
        assert_equal [r keys {[}] {}
        assert_equal [r keys {f[a-}] {}
        # The class runs to the end of the pattern: "f[o" is f then [o].
        r keys {f[o}
    } {fo}

    test {KEYS of the empty key} {
        r flushdb
        r set "" empty
        r set a b
        assert_equal [r keys ""] {{}}
        lsort [r keys *]
    } {{} a}

    test {KEYS does not return expired keys} {
        r flushdb
        r debug set-active-expire 0
        try {
            r set live v
            r set dead v px 1
            after 5
            set res [r keys *]
        } finally {
            r debug set-active-expire 1
        }
        set res
    } {live} {needs:debug}

    test {KEYS arity errors} {
        assert_error "ERR wrong number of arguments for 'keys' command" {r keys}
        assert_error "ERR wrong number of arguments for 'keys' command" {r keys a b}
    }

    # ---------------------------------------------------------------- SCAN

    test {SCAN of an empty database} {
        r flushdb
        r scan 0
    } {0 {}}

    test {SCAN returns every key, default COUNT} {
        r flushdb
        keyspace_fill key: 1000
        set keys [lsort -unique [keyspace_scan_all {}]]
        assert_equal [llength $keys] 1000
        set expected {}
        for {set i 0} {$i < 1000} {incr i} { lappend expected key:$i }
        assert_equal $keys [lsort $expected]
    }

    test {SCAN returns every key with COUNT 1, 5, 100 and 10000} {
        foreach count {1 5 100 10000} {
            set keys [lsort -unique [keyspace_scan_all [list count $count]]]
            assert_equal [llength $keys] 1000 "COUNT $count"
        }
    }

    test {SCAN with a large COUNT is done in one call} {
        lassign [r scan 0 count 10000] cursor keys
        assert_equal $cursor 0
        llength $keys
    } {1000}

    test {SCAN cursors are numbers that end at 0} {
        lassign [r scan 0 count 10] cursor keys
        assert {[string is digit -strict $cursor]}
        assert {$cursor != 0}
        assert_range [llength $keys] 1 1000
    }

    test {SCAN MATCH} {
        r flushdb
        keyspace_fill user: 200
        keyspace_fill other: 300
        set keys [lsort -unique [keyspace_scan_all {match user:*}]]
        assert_equal [llength $keys] 200
        foreach k $keys { assert_match user:* $k }
        set keys [lsort -unique [keyspace_scan_all {match user:1? count 100}]]
        assert_equal $keys [lsort {user:10 user:11 user:12 user:13 user:14
                                   user:15 user:16 user:17 user:18 user:19}]
        assert_equal [keyspace_scan_all {match nomatch*}] {}
        llength [lsort -unique [keyspace_scan_all {match *}]]
    } {500}

    test {SCAN MATCH with escapes} {
        r flushdb
        r mset a*b 1 axb 2 a?b 3
        assert_equal [keyspace_scan_all [list match {a\*b}]] {a*b}
        lsort [keyspace_scan_all [list match {a[*?]b}]]
    } {a*b a?b}

    test {SCAN TYPE string} {
        r flushdb
        keyspace_fill str: 100
        set keys [lsort -unique [keyspace_scan_all {type string count 20}]]
        assert_equal [llength $keys] 100
        set keys [lsort -unique [keyspace_scan_all {type STRING}]]
        llength $keys
    } {100}

    test {SCAN TYPE with a type no key has, or an unknown type} {
        assert_equal [keyspace_scan_all {type hash}] {}
        assert_equal [keyspace_scan_all {type zset}] {}
        keyspace_scan_all {type nosuchtype}
    } {}

    test {SCAN TYPE separates types} {
        r flushdb
        keyspace_fill str: 50
        for {set i 0} {$i < 30} {incr i} { r rpush list:$i a }
        set lists [lsort -unique [keyspace_scan_all {type list}]]
        assert_equal [llength $lists] 30
        foreach k $lists { assert_match list:* $k }
        set strs [lsort -unique [keyspace_scan_all {type string match str:*}]]
        assert_equal [llength $strs] 50
        keyspace_scan_all {type string match list:*}
    } {}

    test {SCAN MATCH, COUNT and TYPE together} {
        r flushdb
        keyspace_fill a: 100
        keyspace_fill b: 100
        set keys [lsort -unique [keyspace_scan_all {count 7 match a:* type string}]]
        llength $keys
    } {100}

    test {SCAN does not return expired keys} {
        r flushdb
        r debug set-active-expire 0
        try {
            keyspace_fill live: 20
            for {set i 0} {$i < 20} {incr i} { r set dead:$i v px 1 }
            after 5
            set keys [lsort -unique [keyspace_scan_all {count 5}]]
        } finally {
            r debug set-active-expire 1
        }
        assert_equal [llength $keys] 20
        foreach k $keys { assert_match live:* $k }
        # Scanning reclaimed the expired keys it came across.
        r dbsize
    } {20} {needs:debug}

    test {SCAN errors} {
        assert_error "ERR invalid cursor" {r scan abc}
        assert_error "ERR invalid cursor" {r scan 1.5}
        assert_error "ERR invalid cursor" {r scan " 1"}
        assert_error "ERR invalid cursor" {r scan 18446744073709551616}
        assert_error "ERR syntax error" {r scan 0 count 0}
        assert_error "ERR syntax error" {r scan 0 count -1}
        assert_error "ERR value is not an integer or out of range" {r scan 0 count abc}
        assert_error "ERR syntax error" {r scan 0 count}
        assert_error "ERR syntax error" {r scan 0 match}
        assert_error "ERR syntax error" {r scan 0 type}
        assert_error "ERR syntax error" {r scan 0 foo bar}
        assert_error "ERR syntax error" {r scan 0 match * foo}
        assert_error "ERR wrong number of arguments for 'scan' command" {r scan}
    }

    test {SCAN accepts any cursor, even one it never returned} {
        # A cursor is only a position: a made-up one starts somewhere in
        # the middle and still ends at 0.
        r flushdb
        keyspace_fill k: 100
        foreach cursor {12345 18446744073709551615} {
            set calls 0
            while 1 {
                lassign [r scan $cursor] cursor keys
                incr calls
                if {$cursor == 0 || $calls > 10000} break
            }
            assert_equal $cursor 0
        }
        # Negative numbers are read as unsigned.
        lindex [r scan -1] 0
    } {0}

    test {SCAN returns every key that exists the whole time, while keys are added} {
        r flushdb
        keyspace_fill orig: 1000
        set n 0
        set keys [keyspace_scan_all {count 10} {
            # 20 new keys after each call.
            keyspace_fill added: 20 $n
            incr n 20
        }]
        set seen [lsort -unique $keys]
        set missing 0
        for {set i 0} {$i < 1000} {incr i} {
            if {[lsearch -sorted $seen orig:$i] < 0} { incr missing }
        }
        assert {$n > 0}
        set missing
    } {0}

    test {SCAN returns every original key when the table grows during the scan} {
        r flushdb
        keyspace_fill orig: 1000
        set step 0
        set keys [keyspace_scan_all {count 10} {
            # After the first call, eight times as many keys arrive at
            # once: the table grows, and rehashes, under the cursor.
            if {[incr step] == 1} { keyspace_fill grow: 8000 }
            if {$step == 5} { keyspace_fill grow2: 20000 }
        }]
        set seen [lsort -unique $keys]
        set missing {}
        for {set i 0} {$i < 1000} {incr i} {
            if {[lsearch -sorted $seen orig:$i] < 0} { lappend missing orig:$i }
        }
        assert_equal [r dbsize] 29000
        set missing
    } {}

    test {SCAN returns every surviving key when the table shrinks during the scan} {
        r flushdb
        keyspace_fill orig: 5000
        set size_before [keyspace_table_size]
        # Scan part of the table.
        set cursor 0
        set keys {}
        for {set i 0} {$i < 20} {incr i} {
            lassign [r scan $cursor count 10] cursor batch
            lappend keys {*}$batch
        }
        assert {$cursor != 0}
        # Delete all but every 50th key, and let the server shrink the
        # table.
        set dead {}
        for {set i 0} {$i < 5000} {incr i} {
            if {$i % 50} { lappend dead orig:$i }
            if {[llength $dead] >= 1000} { r del {*}$dead; set dead {} }
        }
        if {[llength $dead]} { r del {*}$dead }
        assert_equal [r dbsize] 100
        wait_for_condition 100 20 {
            [keyspace_table_size] < $size_before && ![keyspace_rehashing]
        } else {
            fail "the table never shrank ([r debug htstats 9])"
        }
        while {$cursor != 0} {
            lassign [r scan $cursor count 10] cursor batch
            lappend keys {*}$batch
        }
        set seen [lsort -unique $keys]
        set missing {}
        for {set i 0} {$i < 5000} {incr i 50} {
            if {[lsearch -sorted $seen orig:$i] < 0} { lappend missing orig:$i }
        }
        set missing
    } {} {needs:debug}

    # ------------------------------------------------- keys of every size

    test {Keys and values of many sizes survive every key operation} {
        r flushdb
        set bad {}
        # The key's length header grows at 32 and 256 bytes.
        foreach klen {1 31 32 33 63 64 255 256 257 3000} {
            foreach val [list 7 -123456789 x [string repeat v 44] \
                             [string repeat w 45] [string repeat z 3000]] {
                set key [string repeat k [expr {$klen - 1}]]a
                set key2 [string repeat m [expr {$klen - 1}]]b
                r set $key $val
                # Adding a TTL to an entry without one.
                r expire $key 1000
                if {[r get $key] ne $val} { lappend bad "$klen expire" }
                r rename $key $key2
                if {[r get $key2] ne $val || [r ttl $key2] < 1} {
                    lappend bad "$klen rename"
                }
                r copy $key2 $key
                if {[r get $key] ne $val || [r ttl $key] < 1} {
                    lappend bad "$klen copy"
                }
                r persist $key
                r pexpire $key 500000
                r getex $key persist
                if {[r get $key] ne $val || [r ttl $key] != -1} {
                    lappend bad "$klen persist"
                }
                r append $key2 tail
                if {[r get $key2] ne "${val}tail"} { lappend bad "$klen append" }
                r move $key2 10
                r select 10
                if {[r get $key2] ne "${val}tail" || [r ttl $key2] < 1} {
                    lappend bad "$klen move"
                }
                r del $key2
                r select 9
                if {[string is integer -strict $val]} {
                    r expire $key 1000
                    r incrby $key 3
                    if {[r get $key] != $val + 3 || [r ttl $key] < 1} {
                        lappend bad "$klen incr"
                    }
                }
                r setrange $key 1 ab
                r getdel $key
                if {[r exists $key $key2] != 0} { lappend bad "$klen del" }
            }
        }
        list $bad [r dbsize]
    } {{} 0}

    test {Keys of 64 KB and more} {
        # Longer keys need wider length headers.  (Few commands: the test
        # client is slow to send arguments this large.)
        set res {}
        foreach klen {65535 65536} {
            set key [string repeat k [expr {$klen - 1}]]a
            set key2 [string repeat m [expr {$klen - 1}]]b
            r set $key [string repeat v 44] ex 1000
            r rename $key $key2
            lappend res [r strlen $key2] [expr {[r ttl $key2] > 0}]
            lappend res [expr {[r keys m*b] eq [list $key2]}]
            r del $key2
        }
        set res
    } {44 1 1 44 1 1}

    # ----------------------------------------------------------- RANDOMKEY

    test {RANDOMKEY of an empty database is nil} {
        r flushdb
        r randomkey
    } {}

    test {RANDOMKEY of a database with one key} {
        r set only v
        r randomkey
    } {only}

    test {RANDOMKEY returns each of a few keys sooner or later} {
        r flushdb
        r mset ka 1 kb 2 kc 3
        set seen {}
        for {set i 0} {$i < 200 && [llength $seen] < 3} {incr i} {
            set k [r randomkey]
            if {$k ni $seen} { lappend seen $k }
        }
        lsort $seen
    } {ka kb kc}

    test {RANDOMKEY does not return expired keys} {
        r flushdb
        r debug set-active-expire 0
        try {
            for {set i 0} {$i < 10} {incr i} { r set gone:$i v px 1 }
            after 5
            set res [list [r randomkey]]
            r set stays v
            for {set i 0} {$i < 10} {incr i} { r set gone2:$i v px 1 }
            after 5
            lappend res [r randomkey]
        } finally {
            r debug set-active-expire 1
        }
        set res
    } {{} stays} {needs:debug}

    test {RANDOMKEY arity error} {
        assert_error "ERR wrong number of arguments for 'randomkey' command" {r randomkey x}
    }

    # -------------------------------------------------- DBSIZE, FLUSHDB/ALL

    test {DBSIZE counts the keys of the current database} {
        r flushdb
        assert_equal [r dbsize] 0
        r mset a 1 b 2 c 3
        assert_equal [r dbsize] 3
        r del a
        assert_equal [r dbsize] 2
        r select 10
        r flushdb
        assert_equal [r dbsize] 0
        r select 9
        assert_error "ERR wrong number of arguments for 'dbsize' command" {r dbsize x}
        r dbsize
    } {2}

    test {FLUSHDB empties only the current database} {
        r select 10
        r set other v
        r select 9
        r mset a 1 b 2
        r set vol v ex 100
        assert_equal [r flushdb] OK
        assert_equal [r dbsize] 0
        assert_equal [r ttl vol] -2
        r select 10
        set n [r dbsize]
        r flushdb
        r select 9
        set n
    } {1}

    test {FLUSHDB SYNC and ASYNC} {
        keyspace_fill f: 1000
        assert_equal [r flushdb sync] OK
        assert_equal [r dbsize] 0
        keyspace_fill f: 1000
        assert_equal [r flushdb ASYNC] OK
        assert_equal [r dbsize] 0
        # Usable right away.
        r set after v
        r get after
    } {v}

    test {FLUSHALL empties every database} {
        r set a 1
        r select 0
        r set a 1
        r select 15
        r set a 1
        assert_equal [r flushall] OK
        set sizes {}
        foreach db {0 9 15} {
            r select $db
            lappend sizes [r dbsize]
        }
        r select 9
        set sizes
    } {0 0 0}

    test {FLUSHALL SYNC and ASYNC} {
        keyspace_fill f: 100
        assert_equal [r flushall SYNC] OK
        assert_equal [r dbsize] 0
        keyspace_fill f: 100
        assert_equal [r flushall async] OK
        r dbsize
    } {0}

    test {FLUSHDB and FLUSHALL errors} {
        r set keepme v
        foreach cmd {flushdb flushall} {
            assert_error "ERR syntax error" {r $cmd foo}
            assert_error "ERR syntax error" {r $cmd sync async}
            assert_error "ERR syntax error" {r $cmd async x}
            assert_error "ERR syntax error" {r $cmd a b}
        }
        r get keepme
    } {v}

    # ---------------------------------------------------------------- OBJECT

    test {OBJECT HELP} {
        set help [r object help]
        assert_match "OBJECT <subcommand> *" [lindex $help 0]
        foreach sub {ENCODING FREQ IDLETIME REFCOUNT} {
            assert {[lsearch $help "$sub <key>"] >= 0}
        }
        assert {[lsearch $help HELP] >= 0}
        assert_equal [r object HeLp] $help
    }

    test {OBJECT subcommands of a missing key are nil} {
        r del objnone
        assert_equal [r object encoding objnone] {}
        assert_equal [r object refcount objnone] {}
        assert_equal [r object idletime objnone] {}
        r object freq objnone
    } {}

    test {OBJECT ENCODING is case insensitive} {
        r set objk hello
        r object EnCoDiNg objk
    } {embstr}

    test {OBJECT errors} {
        assert_error "ERR unknown subcommand 'foo'. Try OBJECT HELP." {r object foo}
        assert_error "ERR unknown subcommand 'foo'. Try OBJECT HELP." {r object foo bar}
        assert_error "ERR wrong number of arguments for 'object' command" {r object}
        foreach sub {encoding refcount idletime freq} {
            assert_error "ERR wrong number of arguments for 'object|$sub' command" {r object $sub}
            assert_error "ERR wrong number of arguments for 'object|$sub' command" {r object $sub a b}
        }
        assert_error "ERR wrong number of arguments for 'object|help' command" {r object help x}
    }

    test {OBJECT IDLETIME of a new key is about 0} {
        r set objk v
        assert_range [r object idletime objk] 0 1
    }

    test {OBJECT FREQ without an LFU policy} {
        r set objk v
        assert_error "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust." {
            r object freq objk
        }
    }

    test {OBJECT FREQ with an LFU policy} {
        r config set maxmemory-policy allkeys-lfu
        # No decay while the test runs, even across a minute boundary.
        r config set lfu-decay-time 0
        try {
            r del lfu
            r set lfu value
            # A new key starts at 5; the first access always counts.
            assert_equal [r object freq lfu] 5
            r get lfu
            assert_equal [r object freq lfu] 6
            # OBJECT itself is not an access.
            assert_equal [r object freq lfu] 6
            # Overwriting keeps the counter (SET's own lookup may add one).
            r set lfu other
            assert_range [r object freq lfu] 6 7
            assert_error "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust." {
                r object idletime lfu
            }
            # Many accesses make it grow, but slowly.
            set before [r object freq lfu]
            for {set i 0} {$i < 200} {incr i} { r get lfu }
            assert_range [r object freq lfu] $before 255
        } finally {
            r config set maxmemory-policy noeviction
            r config set lfu-decay-time 1
        }
    }

    test {OBJECT IDLETIME works again after leaving the LFU policy} {
        r set objk v
        assert_range [r object idletime objk] 0 1
    }

    # --------------------------------------------------------------- stats

    test {keyspace_hits and keyspace_misses} {
        r config resetstat
        r set hit v
        r del miss
        r get hit
        r get hit
        r get miss
        r mget hit miss miss
        assert_equal [list [s keyspace_hits] [s keyspace_misses]] {3 3}
        # Reads count, whether or not they touch the access time; writes,
        # deletions and the whole-keyspace commands do not.
        r config resetstat
        r exists hit miss
        r type hit
        r ttl miss
        r touch hit miss
        r object encoding hit
        r strlen miss
        r getrange hit 0 0
        r lcs hit miss
        r set hit v get
        r copy hit hitcopy
        assert_equal [list [s keyspace_hits] [s keyspace_misses]] {8 5}
        r config resetstat
        r set hit w
        r incr counter
        r append hit x
        r expire hit 100
        r persist hit
        r del hitcopy miss
        r rename hit hit2
        r keys *
        r scan 0
        r randomkey
        list [s keyspace_hits] [s keyspace_misses]
    } {0 0}
}
