# The DEBUG command: its help, argument checking and error texts, and each
# subcommand that does not crash the server (the crashing ones, SEGFAULT,
# PANIC, ASSERT and OOM, are in integration/crash-report.tcl).  DEBUG
# PROTOCOL is covered byte for byte in unit/protocol.tcl.
#
# The replies are Redis 7.0's; where our server legitimately differs (the
# digest bytes, memory layouts) the tests check the shape and the behaviour,
# not the numbers, so that they pass against both.

# The error DEBUG gives for an unknown subcommand or a wrong argument count.
proc debug_syntax_error {sub} {
    return "ERR unknown subcommand or wrong number of arguments for '$sub'. Try DEBUG HELP."
}

# A field of INFO server, read fresh.
proc debug_info_field {field} {
    if {[regexp -line "^$field:(.*?)\r?$" [r info server] -> value]} { return $value }
    return ""
}

start_server {tags {"debug needs:debug"}} {
    # ------------------------------------------------------------ help, errors

    test {DEBUG HELP lists every subcommand} {
        set help [r debug help]
        assert_equal [lindex $help 0] "DEBUG <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:"
        assert_equal [lindex $help end-1] "HELP"
        assert_equal [lindex $help end] "    Prints this help."
        assert_equal [llength $help] 106
        foreach line {
            "ASSERT" "CHANGE-REPL-ID" "CONFIG-REWRITE-FORCE-ALL" "DIGEST"
            "DIGEST-VALUE <key> \[<key> ...\]" "ERROR <string>" "LEAK <string>" "LOG <message>"
            "HTSTATS <dbid>" "HTSTATS-KEY <key>" "MALLCTL <key> \[<val>\]" "MALLCTL-STR <key> \[<val>\]"
            "OBJECT <key>" "OOM" "PANIC" "POPULATE <count> \[<prefix>\] \[<size>\]" "PROTOCOL <type>"
            "SDSLEN <key>" "SEGFAULT" "SET-ACTIVE-EXPIRE <0|1>" "QUICKLIST-PACKED-THRESHOLD <size>"
            "SET-SKIP-CHECKSUM-VALIDATION <0|1>" "SLEEP <seconds>" "STRINGMATCH-TEST" "STRUCTSIZE"
            "LISTPACK <key>" "QUICKLIST <key> \[<0|1>\]" "CLIENT-EVICTION" "PAUSE-CRON <0|1>"
            "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>" "REPLYBUFFER RESIZING <0|1>"
        } {
            assert {$line in $help}
        }
    }

    test {DEBUG without a subcommand, and unknown subcommands} {
        assert_error "ERR wrong number of arguments for 'debug' command" {r debug}
        assert_error [debug_syntax_error nosuch] {r debug nosuch}
        # The name is echoed as typed.
        assert_error [debug_syntax_error NoSuch] {r debug NoSuch}
        # Subcommands of later versions or of other servers.
        assert_error [debug_syntax_error jmap] {r debug jmap}
        assert_error [debug_syntax_error stringmatch-len] {r debug stringmatch-len}
        assert_error [debug_syntax_error help] {r debug help extra}
    }

    test {DEBUG subcommands with a wrong number of arguments} {
        foreach cmd {
            {digest x} {structsize x} {change-repl-id x} {client-eviction x} {stringmatch-test x}
            {htstats} {htstats 0 full} {htstats-key} {htstats-key k full} {sdslen} {sdslen k v}
            {object} {object k v} {listpack} {listpack k v} {quicklist} {quicklist k 1 2}
            {quicklist-packed-threshold} {quicklist-packed-threshold 1 2}
            {pause-cron} {pause-cron 1 2} {replybuffer} {replybuffer peak-reset-time}
            {replybuffer resizing 1 2} {set-skip-checksum-validation} {set-disable-deny-scripts}
            {set-disable-deny-scripts 1 2} {set-active-expire} {sleep} {log} {error} {leak}
            {leak a b} {protocol} {populate} {populate 1 2 3 4} {mallctl} {mallctl-str}
        } {
            assert_error [debug_syntax_error [lindex $cmd 0]] [list r debug {*}$cmd]
        }
    }

    # ------------------------------------------------------------ DIGEST

    test {DEBUG DIGEST of an empty server is 40 zeros} {
        r flushall
        r debug digest
    } [string repeat 0 40]

    test {DEBUG DIGEST is 40 hex digits and changes with the data} {
        r flushall
        r set k v
        set d1 [r debug digest]
        assert_match [string repeat {[0-9a-f]} 40] $d1
        assert_not_equal $d1 [string repeat 0 40]
        r set k v2
        set d2 [r debug digest]
        assert_not_equal $d1 $d2
        r set k v
        assert_equal [r debug digest] $d1
    }

    test {DEBUG DIGEST does not depend on the order keys were written in} {
        r flushall
        for {set i 0} {$i < 200} {incr i} { r set key:$i val:$i }
        set d1 [r debug digest]
        r flushall
        for {set i 199} {$i >= 0} {incr i -1} { r set key:$i val:$i }
        assert_equal [r debug digest] $d1
    }

    test {DEBUG DIGEST tells keys, values, TTLs and databases apart} {
        r flushall
        r set a 1
        set base [r debug digest]
        r rename a b
        set renamed [r debug digest]
        r rename b a
        assert_equal [r debug digest] $base
        r set a 2
        set changed [r debug digest]
        r set a 1
        r expire a 1000
        set withttl [r debug digest]
        r persist a
        assert_equal [r debug digest] $base
        r move a 10
        set moved [r debug digest]
        r select 10
        r move a 9
        r select 9
        assert_equal [r debug digest] $base
        set all [list $base $renamed $changed $withttl $moved]
        assert_equal [llength [lsort -unique $all]] 5
    }

    test {DEBUG DIGEST: swapping two values changes it, XOR cancelling does not hide keys} {
        r flushall
        r mset a x b y
        set d1 [r debug digest]
        r mset a y b x
        assert_not_equal [r debug digest] $d1
        # Two keys with the same value still count.
        r flushall
        r mset a same b same
        assert_not_equal [r debug digest] [string repeat 0 40]
    }

    test {DEBUG DIGEST and DIGEST-VALUE see through string encodings} {
        r flushall
        r set k 12
        r append k 3
        assert_equal [r object encoding k] raw
        set raw [r debug digest]
        set rawvalue [r debug digest-value k]
        r set k 123
        assert_equal [r object encoding k] int
        assert_equal [r debug digest] $raw
        assert_equal [r debug digest-value k] $rawvalue
    }

    test {DEBUG DIGEST-VALUE: one digest per key, zeros for a missing key} {
        r flushall
        r mset a x b x c y
        set d [r debug digest-value a b c nokey]
        assert_equal [llength $d] 4
        lassign $d da db dc dn
        assert_equal $da $db
        assert_not_equal $da $dc
        assert_equal $dn [string repeat 0 40]
        assert_match [string repeat {[0-9a-f]} 40] $da
        assert_equal [r debug digest-value] {}
    }

    test {DEBUG DIGEST-VALUE counts whether the key has a TTL} {
        r flushall
        r set a x
        r set b x px 100000
        lassign [r debug digest-value a b] da db
        assert_not_equal $da $db
    }

    # ------------------------------------------------------------ introspection

    test {DEBUG OBJECT} {
        r flushall
        r set foo bar
        assert_match {Value at:* refcount:1 encoding:embstr serializedlength:4 lru:* lru_seconds_idle:*} \
            [r debug object foo]
        assert_error "ERR no such key" {r debug object nokey}
    }

    test {DEBUG OBJECT serializedlength counts like RDB} {
        r flushall
        r set empty ""
        r set small 100
        r set mid 100000
        r set big 10000000000
        r set short abcdefghij
        assert_match {*serializedlength:1 *} [r debug object empty]
        assert_match {*serializedlength:2 *} [r debug object small]
        assert_match {*serializedlength:5 *} [r debug object mid]
        assert_match {*serializedlength:12 *} [r debug object big]
        assert_match {*serializedlength:11 *} [r debug object short]
    }

    test {DEBUG SDSLEN} {
        r flushall
        r set foo bar
        assert_match {key_sds_len:3, key_sds_avail:*, key_zmalloc: *, val_sds_len:3, val_sds_avail:*, val_zmalloc: *} \
            [r debug sdslen foo]
        r set n 12345
        assert_error "ERR Not an sds encoded string." {r debug sdslen n}
        assert_error "ERR no such key" {r debug sdslen nokey}
    }

    test {DEBUG SDSLEN of a grown string shows its free space} {
        r flushall
        r set s [string repeat x 100]
        r append s [string repeat y 100]
        regexp {val_sds_len:(\d+), val_sds_avail:(\d+), val_zmalloc: (\d+)} [r debug sdslen s] -> len avail alloc
        assert_equal $len 200
        assert {$alloc >= $len + $avail}
    }

    test {DEBUG HTSTATS} {
        r flushall
        set empty [r debug htstats 9]
        assert_equal $empty "\[Dictionary HT\]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n\[Expires HT\]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n"
        r set a 1
        r set b 2 ex 100
        set stats [r debug htstats 9]
        assert_match "\\\[Dictionary HT\\\]\nHash table 0 stats (main hash table):\n table size: *\n number of elements: 2\n*\\\[Expires HT\\\]\nHash table 0 stats (main hash table):\n table size: *\n number of elements: 1\n*" $stats
        assert_match "* Chain length distribution:\n*" $stats
        assert_error "ERR Out of range database" {r debug htstats 16}
        assert_error "ERR Out of range database" {r debug htstats -1}
        assert_error "ERR value is not an integer or out of range" {r debug htstats x}
    }

    test {DEBUG HTSTATS-KEY} {
        r flushall
        r set s v
        assert_error "ERR The value stored at the specified key is not represented using an hash table" \
            {r debug htstats-key s}
        assert_error "ERR no such key" {r debug htstats-key nokey}
    }

    test {DEBUG STRUCTSIZE} {
        assert_match {bits:* robj:* dictentry:* sdshdr5:1 sdshdr8:3 sdshdr16:5 sdshdr32:9 sdshdr64:17 } \
            [r debug structsize]
        regexp {^bits:(\d+) robj:(\d+) dictentry:(\d+) } [r debug structsize] -> bits robj entry
        assert {$bits == 32 || $bits == 64}
        assert {$robj >= 12 && $entry >= 4}
    }

    test {DEBUG LISTPACK and QUICKLIST on a string or a missing key} {
        r flushall
        r set s v
        assert_error "ERR Not a listpack encoded object." {r debug listpack s}
        assert_error "ERR Not a quicklist encoded object." {r debug quicklist s}
        assert_error "ERR Not a quicklist encoded object." {r debug quicklist s 1}
        assert_error "ERR no such key" {r debug listpack nokey}
        assert_error "ERR no such key" {r debug quicklist nokey}
    }

    test {DEBUG CLIENT-EVICTION without maxmemory-clients} {
        assert_error "ERR maxmemory-clients is disabled." {r debug client-eviction}
    }

    test {DEBUG MALLCTL and MALLCTL-STR} {
        if {[string match jemalloc* [status r mem_allocator]]} {
            assert_match {*.*.*} [r debug mallctl-str version]
            assert_morethan [r debug mallctl stats.allocated] 0
            assert_error "ERR No such file or directory" {r debug mallctl no.such.setting}
            assert_error "ERR No such file or directory" {r debug mallctl-str no.such.setting}
            assert_error "ERR Operation not permitted" {r debug mallctl stats.allocated 1}
            assert_error "ERR value is not an integer or out of range" {r debug mallctl arenas.dirty_decay_ms x}
            # A write replies with the value before it.
            set old [r debug mallctl arenas.dirty_decay_ms]
            assert_equal [r debug mallctl arenas.dirty_decay_ms 1234] $old
            assert_equal [r debug mallctl arenas.dirty_decay_ms $old] 1234
            assert_equal [r debug mallctl arenas.dirty_decay_ms] $old
        } else {
            # Not built with jemalloc: the subcommands do not exist.
            assert_error [debug_syntax_error mallctl] {r debug mallctl stats.allocated}
            assert_error [debug_syntax_error mallctl-str] {r debug mallctl-str version}
        }
    }

    # ------------------------------------------------------------ settings

    test {DEBUG PAUSE-CRON stops the cron, and 0 restarts it} {
        # INFO's lru_clock is refreshed by the cron only (1 s resolution).
        assert_equal [r debug pause-cron 1] OK
        set clock [debug_info_field lru_clock]
        after 2100
        assert_equal [debug_info_field lru_clock] $clock
        assert_equal [r debug pause-cron 0] OK
        wait_for_condition 100 50 {
            [debug_info_field lru_clock] != $clock
        } else {
            fail "the cron did not run again after DEBUG PAUSE-CRON 0"
        }
    }

    test {DEBUG REPLYBUFFER} {
        assert_equal [r debug replybuffer peak-reset-time never] OK
        assert_equal [r debug replybuffer peak-reset-time NEVER] OK
        assert_equal [r debug replybuffer peak-reset-time 100] OK
        assert_equal [r debug replybuffer peak-reset-time -5] OK
        assert_equal [r debug replybuffer peak-reset-time reset] OK
        assert_error "ERR value is not an integer or out of range" {r debug replybuffer peak-reset-time soon}
        assert_equal [r debug replybuffer resizing 0] OK
        assert_equal [r debug replybuffer resizing 1] OK
        assert_error [debug_syntax_error replybuffer] {r debug replybuffer nosuch 1}
    }

    test {DEBUG QUICKLIST-PACKED-THRESHOLD accepts memory values up to 4GB - 1MB} {
        foreach ok {0 1 100 1k 1gb 4293918720} {
            assert_equal [r debug quicklist-packed-threshold $ok] OK
        }
        foreach bad {x -1 4293918721 4294967296 5000000000} {
            assert_error "ERR argument must be a memory value bigger than 1 and smaller than 4gb" \
                [list r debug quicklist-packed-threshold $bad]
        }
        r debug quicklist-packed-threshold 0
    }

    test {DEBUG settings switches reply OK} {
        foreach sub {set-skip-checksum-validation set-disable-deny-scripts pause-cron} {
            assert_equal [r debug $sub 1] OK
            assert_equal [r debug $sub 0] OK
        }
        assert_equal [r debug set-active-expire 0] OK
        assert_equal [r debug set-active-expire 1] OK
    }

    test {DEBUG SET-ACTIVE-EXPIRE 0 keeps expired keys until they are touched} {
        r flushall
        r debug set-active-expire 0
        r set k v px 1
        after 300
        # Still in the keyspace (DBSIZE does not expire keys)...
        assert_equal [r dbsize] 1
        # ...until an access finds it expired.
        assert_equal [r exists k] 0
        assert_equal [r dbsize] 0
        r debug set-active-expire 1
        r set k v px 1
        wait_for_condition 100 20 {
            [r dbsize] == 0
        } else {
            fail "active expiry did not resume"
        }
    }

    test {DEBUG CHANGE-REPL-ID} {
        r debug change-repl-id
    } {OK}

    # ------------------------------------------------------------ helpers

    test {DEBUG POPULATE} {
        r flushall
        assert_equal [r debug populate 10] OK
        assert_equal [r dbsize] 10
        assert_equal [r get key:0] value:0
        assert_equal [r get key:9] value:9
        r debug populate 3 p
        assert_equal [r get p:2] value:2
        # A size pads (or cuts) the value.
        r debug populate 2 sized 20
        assert_equal [r strlen sized:1] 20
        assert_match "value:1*" [r get sized:1]
        r debug populate 1 short 3
        assert_equal [r get short:0] val
        # Existing keys are kept.
        r set key:0 mine
        r debug populate 10
        assert_equal [r get key:0] mine
        assert_equal [r debug populate 0] OK
        assert_error "ERR value is out of range, must be positive" {r debug populate -1}
        assert_error "ERR value is out of range, must be positive" {r debug populate x}
        assert_error "ERR value is out of range, must be positive" {r debug populate 2 p -1}
    }

    test {DEBUG SLEEP} {
        assert_equal [r debug sleep 0] OK
        assert_equal [r debug sleep 0.01] OK
        # Not a number: sleeps 0 seconds.
        assert_equal [r debug sleep x] OK
    }

    test {DEBUG ERROR replies with the given error} {
        assert_error "MYERR something odd" {r debug error "MYERR something odd"}
        assert_error "ERR plain" {r debug error "ERR plain"}
    }

    test {DEBUG STRINGMATCH-TEST} {
        r debug stringmatch-test
    } {Apparently Redis did not crash: test passed}

    test {DEBUG PROTOCOL, in short (see unit/protocol.tcl)} {
        assert_equal [r debug protocol integer] 12345
        assert_equal [r debug protocol string] "Hello World"
        assert_error "ERR Wrong protocol type name.*" {r debug protocol nosuch}
    }

    test {DEBUG CONFIG-REWRITE-FORCE-ALL writes every directive, defaults included} {
        set path [lindex [r config get dir] 1]/redis.conf
        set before [read_file_text $path]
        assert_no_match "*\nmaxmemory-policy *" "\n$before"
        assert_equal [r debug config-rewrite-force-all] OK
        set after [read_file_text $path]
        assert_match "*\nmaxmemory-policy noeviction\n*" "\n$after"
        assert_match "*\nlazyfree-lazy-user-del no\n*" "\n$after"
        # What the file said is still there.
        assert_match "*\nenable-debug-command yes\n*" "\n$after"
        assert_error [debug_syntax_error config-rewrite-force-all] {r debug config-rewrite-force-all x}
    } {} {external:skip}

    test {DEBUG LOG and CHANGE-REPL-ID write to the server log} {
        r debug log "a line from the debug test"
        wait_for_log_pattern "*DEBUG LOG: a line from the debug test*"
        r debug change-repl-id
        wait_for_log_pattern "*Changing replication IDs after receiving DEBUG change-repl-id*"
    } {} {external:skip}
}

tags {"debug needs:debug external:skip"} {
    test {DEBUG CONFIG-REWRITE-FORCE-ALL without a config file} {
        lassign [start_bare_server --enable-debug-command yes] pid port dir
        set c [redis 127.0.0.1 $port]
        assert_error "ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address" {$c debug config-rewrite-force-all}
        stop_bare_server $c $pid $dir
    }
}
