# Key expiry: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT and their NX/XX/GT/LT
# conditions, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST, how writes keep
# or clear a TTL, lazy expiry on access, active expiry, and the counters in
# INFO.  No assertion depends on how long something took: waits are
# wait_for_condition loops, and sleeps only make sure a key of a
# millisecond is past its time.

# The "db9:keys=..,expires=..,avg_ttl=.." line of INFO keyspace as a dict,
# or an empty dict when db 9 is empty.
proc expire_db9_info {} {
    set info [r info keyspace]
    if {![regexp {db9:keys=(\d+),expires=(\d+),avg_ttl=(\d+)} $info -> keys expires avg]} {
        return {}
    }
    dict create keys $keys expires $expires avg_ttl $avg
}

start_server {tags {"expire"}} {
    # ------------------------------------------------- setting a time to live

    test {EXPIRE sets a TTL and keeps the value} {
        r set x foobar
        assert_equal [r expire x 100] 1
        assert_range [r ttl x] 1 100
        assert_range [r pttl x] 1 100000
        r get x
    } {foobar}

    test {EXPIRE replaces an existing TTL} {
        r set x v ex 100
        assert_equal [r expire x 1000] 1
        assert_range [r ttl x] 101 1000
        r expire x 50
        r ttl x
    } {*}

    test {EXPIRE of a missing key is 0} {
        r del nokey
        assert_equal [r expire nokey 100] 0
        assert_equal [r pexpire nokey 100] 0
        assert_equal [r expireat nokey 4000000000] 0
        assert_equal [r pexpireat nokey 4000000000000] 0
        r exists nokey
    } {0}

    test {PEXPIRE sets a TTL in milliseconds} {
        r set x v
        assert_equal [r pexpire x 100000] 1
        assert_range [r pttl x] 1 100000
        r ttl x
    } {*}

    test {EXPIREAT and PEXPIREAT set an absolute time} {
        r set x v
        set at [expr {[clock seconds] + 1000}]
        assert_equal [r expireat x $at] 1
        assert_equal [r expiretime x] $at
        assert_equal [r pexpiretime x] [expr {$at * 1000}]
        set pat [expr {[clock milliseconds] + 2000000}]
        assert_equal [r pexpireat x $pat] 1
        assert_equal [r pexpiretime x] $pat
        r get x
    } {v}

    test {EXPIRETIME rounds to the nearest second} {
        r set x v
        r pexpireat x 4000000000499
        assert_equal [r expiretime x] 4000000000
        r pexpireat x 4000000000500
        assert_equal [r expiretime x] 4000000001
        r pexpireat x 4000000000999
        list [r expiretime x] [r pexpiretime x]
    } {4000000001 4000000000999}

    test {A very large TTL} {
        r set x v
        assert_equal [r expire x 100000000] 1
        assert_equal [r ttl x] 100000000
        # The largest absolute time in milliseconds is accepted.
        assert_equal [r pexpireat x 9223372036854775807] 1
        assert_equal [r pexpiretime x] 9223372036854775807
        assert {[r ttl x] > 9000000000000000}
        r get x
    } {v}

    test {EXPIRE keeps the integer encoding} {
        r set x 123
        r expire x 100
        assert_encoding int x
        r get x
    } {123}

    test {A key whose TTL ran out disappears} {
        r set short v
        r pexpire short 20
        wait_for_condition 100 10 {
            [r exists short] == 0
        } else {
            fail "the key did not expire"
        }
        list [r get short] [r ttl short]
    } {{} -2}

    test {SET EX key disappears after its TTL} {
        r set short v px 20
        r psetex short2 20 v
        wait_for_condition 100 10 {
            [r exists short short2] == 0
        } else {
            fail "the keys did not expire"
        }
    }

    # ------------------------------------------------ times in the past

    test {EXPIRE with a negative or past time deletes the key} {
        foreach cmd {{expire x -1} {expire x 0} {pexpire x 0} {pexpire x -100}
                     {expireat x 1} {expireat x 0} {pexpireat x 1}
                     {pexpireat x -100} {expire x -9223372036854775}
                     {pexpireat x -9223372036854775808}} {
            r set x v
            assert_equal [r {*}$cmd] 1 $cmd
            assert_equal [r exists x] 0 $cmd
        }
    }

    test {Deleting by a past time is not counted as an expired key} {
        r config resetstat
        r set x v
        r expire x -1
        r set x v
        r getex x pxat 1
        r set x v exat 1
        s expired_keys
    } {0}

    # -------------------------------------------------------------- errors

    test {EXPIRE overflow errors} {
        r set x v
        foreach {cmd val} {
            expire 9223372036854775807 expire -9223372036854775808
            expire 9223372036854775 expire -9223372036854776
            pexpire 9223372036854775807 pexpire 9223372036854775806
            expireat 9223372036854775807 expireat -9223372036854775808
            expireat 9223372036854776
        } {
            assert_error "ERR invalid expire time in '$cmd' command" {r $cmd x $val}
        }
        # The checks come before the key lookup.
        r del nokey
        assert_error "ERR invalid expire time in 'expire' command" {
            r expire nokey 9223372036854775807
        }
        assert_equal [r ttl x] -1
        r get x
    } {v}

    test {EXPIRE with a non-integer time} {
        r set x v
        foreach cmd {expire pexpire expireat pexpireat} {
            foreach bad {abc 1.5 "" " 1" 9223372036854775808} {
                assert_error "ERR value is not an integer or out of range" {r $cmd x $bad}
            }
        }
        r ttl x
    } {-1}

    test {EXPIRE option errors} {
        r set x v
        set nx "ERR NX and XX, GT or LT options at the same time are not compatible"
        set gtlt "ERR GT and LT options at the same time are not compatible"
        foreach cmd {expire pexpire expireat pexpireat} {
            assert_error $nx {r $cmd x 100 nx xx}
            assert_error $nx {r $cmd x 100 xx nx}
            assert_error $nx {r $cmd x 100 nx gt}
            assert_error $nx {r $cmd x 100 lt nx}
            assert_error $nx {r $cmd x 100 nx xx gt lt}
            assert_error $gtlt {r $cmd x 100 gt lt}
            assert_error $gtlt {r $cmd x 100 xx lt gt}
            assert_error "ERR Unsupported option foo" {r $cmd x 100 foo}
            assert_error "ERR Unsupported option 10" {r $cmd x 100 nx 10}
            assert_error "ERR wrong number of arguments for '$cmd' command" {r $cmd x}
        }
        # Options are checked before the time and the key.
        assert_error "ERR Unsupported option bar" {r expire nokey abc bar}
        assert_error $nx {r pexpire nokey abc nx xx}
        r ttl x
    } {-1}

    test {TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST arity errors} {
        foreach cmd {ttl pttl expiretime pexpiretime persist} {
            assert_error "ERR wrong number of arguments for '$cmd' command" {r $cmd}
            assert_error "ERR wrong number of arguments for '$cmd' command" {r $cmd a b}
        }
    }

    # ---------------------------------------------------- NX, XX, GT, LT

    test {EXPIRE NX sets a TTL only on a key without one} {
        r set x v
        assert_equal [r expire x 100 nx] 1
        assert_range [r ttl x] 1 100
        assert_equal [r expire x 1000 nx] 0
        assert_range [r ttl x] 1 100
        assert_equal [r expire x 200 NX] 0
        r ttl x
    } {*}

    test {EXPIRE XX sets a TTL only on a key that has one} {
        r set x v
        assert_equal [r expire x 100 xx] 0
        assert_equal [r ttl x] -1
        r expire x 100
        assert_equal [r expire x 1000 xx] 1
        r ttl x
    } {*}

    test {EXPIRE GT only makes the TTL longer} {
        r set x v
        # A key without TTL counts as never expiring: nothing is greater.
        assert_equal [r expire x 100 gt] 0
        assert_equal [r ttl x] -1
        r expire x 100
        assert_equal [r expire x 1000 gt] 1
        assert_range [r ttl x] 101 1000
        assert_equal [r expire x 500 gt] 0
        assert_range [r ttl x] 501 1000
        # An equal time is not greater.
        set at [expr {[clock seconds] + 2000}]
        r expireat x $at
        assert_equal [r expireat x $at gt] 0
        assert_equal [r expireat x $at lt] 0
        assert_equal [r expireat x [expr {$at + 1}] gt] 1
        assert_equal [r expiretime x] [expr {$at + 1}]
    }

    test {EXPIRE LT only makes the TTL shorter} {
        r set x v
        # A key without TTL counts as never expiring: anything is less.
        assert_equal [r expire x 1000 lt] 1
        assert_range [r ttl x] 1 1000
        assert_equal [r expire x 2000 lt] 0
        assert_range [r ttl x] 1 1000
        assert_equal [r expire x 100 lt] 1
        r ttl x
    } {*}

    test {EXPIRE XX GT and XX LT} {
        r set x v
        assert_equal [r expire x 100 xx gt] 0
        assert_equal [r expire x 100 xx lt] 0
        assert_equal [r ttl x] -1
        r expire x 100
        assert_equal [r expire x 1000 xx gt] 1
        assert_equal [r expire x 2000 gt xx] 1
        assert_equal [r expire x 10 xx lt] 1
        assert_equal [r expire x 20 lt xx] 0
        r ttl x
    } {*}

    test {EXPIRE with the same option repeated} {
        r set x v
        assert_equal [r expire x 10 nx nx] 1
        assert_equal [r expire x 20 xx xx gt gt] 1
        assert_range [r ttl x] 11 20
    }

    test {PEXPIRE, EXPIREAT and PEXPIREAT honour NX, XX, GT and LT} {
        r set x v
        set base [expr {[clock milliseconds] + 1000000}]
        assert_equal [r pexpireat x $base xx] 0
        assert_equal [r pexpireat x $base nx] 1
        assert_equal [r pexpireat x [expr {$base + 1}] nx] 0
        assert_equal [r pexpireat x [expr {$base - 1}] gt] 0
        assert_equal [r pexpireat x $base gt] 0
        assert_equal [r pexpireat x [expr {$base + 5}] gt] 1
        assert_equal [r pexpiretime x] [expr {$base + 5}]
        assert_equal [r pexpireat x [expr {$base + 5}] lt] 0
        assert_equal [r pexpireat x [expr {$base + 4}] lt] 1
        assert_equal [r pexpiretime x] [expr {$base + 4}]
        set at [expr {[clock seconds] + 5000}]
        assert_equal [r expireat x $at lt] 0
        assert_equal [r expireat x $at gt xx] 1
        assert_equal [r expiretime x] $at
        assert_equal [r pexpire x 100000 gt] 0
        assert_equal [r pexpire x 100000 lt] 1
        assert_range [r pttl x] 1 100000
        r persist x
        assert_equal [r pexpire x 100000 gt] 0
        assert_equal [r expireat x $at xx] 0
        assert_equal [r expireat x $at lt] 1
        assert_equal [r expiretime x] $at
    }

    test {A past time with a condition that fails leaves the key alone} {
        r set x v
        assert_equal [r expire x -1 xx] 0
        assert_equal [r expire x 0 gt] 0
        assert_equal [r pexpireat x 1 xx] 0
        assert_equal [r exists x] 1
        r expire x 100
        assert_equal [r expire x -1 nx] 0
        assert_equal [r expire x -1 gt] 0
        assert_equal [r exists x] 1
        # When the condition holds the key is deleted.
        assert_equal [r expire x -1 lt] 1
        assert_equal [r exists x] 0
        r set x v
        assert_equal [r expire x -1 nx] 1
        r exists x
    } {0}

    # ------------------------------------------ TTL, PTTL, *EXPIRETIME

    test {TTL, PTTL, EXPIRETIME and PEXPIRETIME of a missing key are -2} {
        r del nokey
        list [r ttl nokey] [r pttl nokey] [r expiretime nokey] [r pexpiretime nokey]
    } {-2 -2 -2 -2}

    test {TTL, PTTL, EXPIRETIME and PEXPIRETIME of a persistent key are -1} {
        r set x v
        list [r ttl x] [r pttl x] [r expiretime x] [r pexpiretime x]
    } {-1 -1 -1 -1}

    test {PTTL is never more than the TTL given} {
        r set x v px 5000
        set a [r pttl x]
        assert_range $a 1 5000
        set b [r pttl x]
        assert {$b <= $a}
    }

    # ------------------------------------------------------------- PERSIST

    test {PERSIST removes the TTL} {
        r set x v ex 100
        assert_equal [r persist x] 1
        assert_equal [r ttl x] -1
        assert_equal [r persist x] 0
        r get x
    } {v}

    test {PERSIST of a missing key} {
        r del nokey
        r persist nokey
    } {0}

    test {PERSIST and a new EXPIRE} {
        r set x v ex 100
        r persist x
        assert_equal [r expire x 200] 1
        assert_range [r ttl x] 101 200
        r persist x
        r ttl x
    } {-1}

    # ------------------------------------------ writes that keep or clear it

    test {SET clears the TTL, SET KEEPTTL keeps it} {
        r set x v ex 100
        r set x w
        assert_equal [r ttl x] -1
        r set x v ex 100
        r set x w keepttl
        assert_range [r ttl x] 1 100
        r get x
    } {w}

    test {Overwriting writes clear the TTL} {
        foreach cmd {{set x w} {set x w xx} {set x w get} {getset x w} {mset x w}} {
            r set x v ex 100
            r {*}$cmd
            assert_equal [r ttl x] -1 $cmd
        }
        # SETEX and PSETEX replace it with their own.
        foreach cmd {{setex x 1000 w} {psetex x 1000000 w} {set x w px 1000000}} {
            r set x v ex 100
            r {*}$cmd
            assert_range [r ttl x] 101 1000
        }
    }

    test {Modifying writes keep the TTL} {
        foreach cmd {{append x 1} {setrange x 0 2} {incr x} {decr x}
                     {incrby x 5} {decrby x 5} {incrbyfloat x 1.5}
                     {getex x} {set x 9 keepttl} {set x 9 xx keepttl}} {
            r set x 1 ex 100
            r {*}$cmd
            assert_range [r ttl x] 1 100
        }
    }

    test {DEL then SET gives a key without TTL} {
        r set x v ex 100
        r del x
        r set x v
        r ttl x
    } {-1}

    test {RENAME and COPY carry the TTL, MOVE too} {
        r set x v ex 100
        r rename x y
        assert_range [r ttl y] 1 100
        r copy y z
        assert_range [r ttl z] 1 100
        r select 10
        r del z
        r select 9
        r move z 10
        r select 10
        set ttl [r ttl z]
        r del z
        r select 9
        assert_range $ttl 1 100
    }

    # ------------------------------------------------------- lazy expiry

    test {Lazy expiry: an expired key stays until someone looks at it} {
        r flushdb
        r config resetstat
        r debug set-active-expire 0
        try {
            r set keep v
            r set gone v px 1
            after 5
            # Nobody touched it: it still takes space.
            assert_equal [r dbsize] 2
            assert_equal [s expired_keys] 0
            # The first access finds it expired and deletes it.
            assert_equal [r get gone] {}
            assert_equal [r dbsize] 1
            assert_equal [s expired_keys] 1
        } finally {
            r debug set-active-expire 1
        }
        r get keep
    } {v} {needs:debug}

    test {Lazy expiry: every command sees an expired key as missing} {
        r flushdb
        r debug set-active-expire 0
        try {
            set checks {
                {get k} {}
                {exists k} 0
                {ttl k} -2
                {pttl k} -2
                {expiretime k} -2
                {type k} none
                {strlen k} 0
                {getrange k 0 -1} {}
                {mget k k} {{} {}}
                {object encoding k} {}
                {persist k} 0
                {expire k 100} 0
                {getdel k} {}
                {getex k persist} {}
                {touch k} 0
                {copy k k2} 0
                {move k 10} 0
                {renamenx k k2} error
                {incr k} 1
                {append k x} 1
                {setnx k x} 1
                {set k x nx} OK
                {msetnx k x} 1
                {set k x get} {}
                {setrange k 1 x} 2
                {lcs k k} {}
                {incrbyfloat k 1.5} 1.5
                {del k} 0
            }
            set wrong {}
            foreach {cmd expected} $checks {
                r del k
                r set k old px 1
                after 2
                if {[catch {r {*}$cmd} res]} {
                    if {$expected ne "error" || ![string match "ERR no such key" $res]} {
                        lappend wrong "$cmd -> $res"
                    }
                } elseif {$res ne $expected} {
                    lappend wrong "$cmd -> '$res' (expected '$expected')"
                }
            }
        } finally {
            r debug set-active-expire 1
        }
        set wrong
    } {} {needs:debug}

    test {Lazy expiry: an expired destination counts as missing} {
        r flushall
        r debug set-active-expire 0
        try {
            set res {}
            # RENAMENX and MSETNX to an expired key.
            r set src v
            r set dst old px 1
            after 2
            lappend res [r renamenx src dst]
            r set dst old px 1
            after 2
            lappend res [r msetnx dst new other new]
            # COPY without REPLACE.
            r set dst old px 1
            after 2
            lappend res [r copy other dst]
            # MOVE into a database where the key has expired.
            r select 10
            r set mv old px 1
            r select 9
            r set mv new
            after 2
            lappend res [r move mv 10]
            r select 10
            lappend res [r get mv] [r ttl mv]
            r select 9
        } finally {
            r debug set-active-expire 1
        }
        set res
    } {1 1 1 1 new -1} {needs:debug}

    test {Lazy expiry: a write that creates the key starts with no TTL} {
        r debug set-active-expire 0
        try {
            r set k old px 1
            after 2
            r incr k
            set ttl [r ttl k]
            r set k old px 1
            after 2
            r append k x
            lappend ttl [r ttl k]
        } finally {
            r debug set-active-expire 1
        }
        set ttl
    } {-1 -1} {needs:debug}

    test {Lazy expiry: KEYS, SCAN and RANDOMKEY do not return expired keys} {
        r flushdb
        r debug set-active-expire 0
        try {
            r set live v
            for {set i 0} {$i < 20} {incr i} { r set dead:$i v px 1 }
            after 5
            set res [list [r keys *] [lindex [r scan 0 count 1000] 1] [r randomkey]]
        } finally {
            r debug set-active-expire 1
        }
        set res
    } {live live live} {needs:debug}

    test {Lazy expiry: EXISTS counts expired keys in expired_keys} {
        r flushdb
        r config resetstat
        r debug set-active-expire 0
        try {
            for {set i 0} {$i < 3} {incr i} { r set e:$i v px 1 }
            after 5
            assert_equal [r exists e:0 e:1 e:2 e:0] 0
        } finally {
            r debug set-active-expire 1
        }
        list [s expired_keys] [r dbsize]
    } {3 0} {needs:debug}

    # ------------------------------------------------------ active expiry

    test {Active expiry reclaims keys nobody touches} {
        r flushdb
        for {set i 0} {$i < 100} {incr i} { r set short:$i v px 10 }
        for {set i 0} {$i < 5} {incr i} { r set long:$i v ex 1000 }
        for {set i 0} {$i < 5} {incr i} { r set forever:$i v }
        wait_for_condition 100 50 {
            [r dbsize] == 10
        } else {
            fail "active expiry left [r dbsize] keys"
        }
        lsort [r keys *:0]
    } {forever:0 long:0}

    test {Active expiry counts the keys in expired_keys} {
        r flushdb
        r config resetstat
        for {set i 0} {$i < 50} {incr i} { r set a:$i v px 5 }
        wait_for_condition 100 50 {
            [r dbsize] == 0
        } else {
            fail "active expiry left [r dbsize] keys"
        }
        s expired_keys
    } {50}

    test {Active expiry works in every database} {
        r flushall
        foreach db {0 9 15} {
            r select $db
            for {set i 0} {$i < 20} {incr i} { r set k:$i v px 5 }
            r set stay v
        }
        r select 9
        wait_for_condition 100 50 {
            [llength [regexp -all -inline {keys=1,} [r info keyspace]]] == 3
        } else {
            fail "active expiry did not reach every db: [r info keyspace]"
        }
        r dbsize
    } {1}

    test {Active expiry of many keys at once} {
        r flushdb
        for {set i 0} {$i < 10000} {incr i} {
            r set many:$i v px 20
        }
        wait_for_condition 200 50 {
            [r dbsize] == 0
        } else {
            fail "active expiry left [r dbsize] of 10000 keys"
        }
    }

    test {Turning active expiry off leaves expired keys in place} {
        r flushdb
        r config resetstat
        r debug set-active-expire 0
        try {
            for {set i 0} {$i < 20} {incr i} { r set k:$i v px 1 }
            # Long enough for several runs of the cron (hz 10) to have had
            # their chance at the keys.
            after 300
            assert_equal [r dbsize] 20
            assert_equal [s expired_keys] 0
        } finally {
            r debug set-active-expire 1
        }
        wait_for_condition 100 50 {
            [r dbsize] == 0
        } else {
            fail "active expiry did not resume"
        }
        s expired_keys
    } {20} {needs:debug}

    # -------------------------------------------------------- INFO keyspace

    test {INFO keyspace counts keys and keys with a TTL} {
        r flushall
        assert_equal [expire_db9_info] {}
        r mset a 1 b 2 c 3
        r expire a 100
        r pexpire b 100000
        set info [expire_db9_info]
        assert_equal [dict get $info keys] 3
        assert_equal [dict get $info expires] 2
        r persist a
        assert_equal [dict get [expire_db9_info] expires] 1
        r set b x
        assert_equal [dict get [expire_db9_info] expires] 0
        r set c y ex 100
        r del c
        set info [expire_db9_info]
        list [dict get $info keys] [dict get $info expires]
    } {2 0}

    test {INFO keyspace follows SET EX, GETEX, RENAME and expiry} {
        r flushall
        r set a v ex 100
        r set b v
        r getex b px 100000
        assert_equal [dict get [expire_db9_info] expires] 2
        r rename a c
        assert_equal [dict get [expire_db9_info] expires] 2
        r getex c persist
        assert_equal [dict get [expire_db9_info] expires] 1
        r pexpire b 5
        wait_for_condition 100 20 {
            [dict get [expire_db9_info] keys] == 1
        } else {
            fail "the key did not expire"
        }
        dict get [expire_db9_info] expires
    } {0}

    test {INFO keyspace lists only databases with keys} {
        r flushall
        r select 3
        r set k v
        r select 9
        set info [r info keyspace]
        assert_match "*db3:keys=1,expires=0,avg_ttl=0*" $info
        assert_no_match "*db9:*" $info
        assert_no_match "*db0:*" $info
        r flushall
    } {OK}
}
