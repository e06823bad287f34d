# redis-cli in one-shot mode against a test server: every reply type in
# RESP2 and RESP3 in the human (TTY), raw, CSV and JSON forms, the options
# that shape a command (-x, -X, -r, -n, -u, -a, -e, -s, -d, -D, --quoted-input),
# error exits, commands read from a non-terminal stdin, and the tools
# (--pipe, --scan, --bigkeys, --memkeys, --hotkeys, --latency, --stat,
# --intrinsic-latency, --rdb, --eval) and HELP.
#
# The expected outputs were recorded from Debian's redis-cli 7.0.15 against
# the same data (run this file with REDIS_CLI_BINARY=/usr/bin/redis-cli to
# check them again); the few places where ours deliberately differs say so.
# The interactive prompt is tested in integration/cli-interactive.tcl.

if {[info exists ::env(REDIS_CLI_BINARY)]} {
    set ::cli_bin $::env(REDIS_CLI_BINARY)
} else {
    set ::cli_bin $::root/src/redis-cli
}

# Run the cli: returns {exit-code stdout stderr}.  `input` feeds its stdin
# (an empty stdin otherwise, so it never waits on the terminal).
proc cli_exec {input args} {
    set outfile [file join $::tmp_dir cli-stdout.[pid]]
    set errfile [file join $::tmp_dir cli-stderr.[pid]]
    set rc 0
    if {[catch {exec $::cli_bin {*}$args << $input > $outfile 2> $errfile} msg opts]} {
        set code [dict get $opts -errorcode]
        if {[lindex $code 0] ne "CHILDSTATUS"} { error $msg }
        set rc [lindex $code 2]
    }
    # Byte for byte: the replies are binary.
    set res [list $rc]
    foreach f [list $outfile $errfile] {
        set fd [open $f rb]
        lappend res [read $fd]
        close $fd
        file delete $f
    }
    return $res
}

# The cli on the test server (db 9, like the harness client): stdout of a
# run that must succeed without anything on stderr.
proc cli {args} {
    cli_input "" {*}$args
}

proc cli_input {input args} {
    lassign [cli_exec $input -p [srv 0 port] -n 9 {*}$args] rc out err
    if {$rc != 0 || $err ne ""} { fail "redis-cli $args: exit $rc, stderr: $err" }
    return $out
}

# `out` holds `str` literally (no glob: replies are full of brackets).
proc cli_contains {out str} {
    if {[string first $str $out] < 0} { fail "'$str' not in:\n$out" }
}

proc cli_server_has {cmd} {
    expr {[llength [lindex [r command info $cmd] 0]] > 0}
}

start_server {tags {"cli"}} {
    r flushall

    # ------------------------------------------------------------ RESP2 forms

    test {Status, integer, bulk and nil replies in the TTY form} {
        assert_equal "OK\n" [cli --no-raw set foo bar]
        assert_equal "\"bar\"\n" [cli --no-raw get foo]
        assert_equal "(integer) 3\n" [cli --no-raw strlen foo]
        assert_equal "(nil)\n" [cli --no-raw get nokey]
        assert_equal "PONG\n" [cli --no-raw ping]
    }

    test {Raw form is the default when stdout is not a terminal} {
        assert_equal "OK\n" [cli set foo bar]
        assert_equal "bar\n" [cli get foo]
        assert_equal "3\n" [cli strlen foo]
        assert_equal "\n" [cli get nokey]
        assert_equal "bar\n" [cli --raw get foo]
    }

    test {Strings are quoted with escapes in the TTY form, as is in raw} {
        r set esc "a\nb\"c\\d\t\x01\xff"
        assert_equal "\"a\\nb\\\"c\\\\d\\t\\x01\\xff\"\n" [cli --no-raw get esc]
        assert_equal "a\nb\"c\\d\t\x01\xff\n" [cli get esc]
    }

    test {Arrays are numbered, nested ones indented} {
        r del l
        r rpush l a "b c" ""
        assert_equal "1) \"a\"\n2) \"b c\"\n3) \"\"\n" [cli --no-raw lrange l 0 -1]
        assert_equal "a\nb c\n\n" [cli lrange l 0 -1]
        assert_equal "(empty array)\n" [cli --no-raw lrange nolist 0 -1]
        assert_equal "\n" [cli lrange nolist 0 -1]
        r del st
        r xadd st 1-1 f v g w
        assert_equal "1) 1) \"1-1\"\n   2) 1) \"f\"\n      2) \"v\"\n      3) \"g\"\n      4) \"w\"\n" \
            [cli --no-raw xrange st - +]
    }

    test {Big replies arrive over many reads} {
        r del biglist bigval
        set items {}
        for {set i 0} {$i < 20000} {incr i} { lappend items item:$i }
        r rpush biglist {*}$items
        set out [cli lrange biglist 0 -1]
        assert_equal [join $items "\n"] [string trimright $out "\n"]
        set out [cli --no-raw lrange biglist 0 -1]
        assert_match "    1) \"item:0\"\n*\n20000) \"item:19999\"\n" $out
        r set bigval [string repeat "0123456789" 200000]
        assert_equal 2000001 [string length [cli get bigval]]
    }

    test {Indexes are right aligned to the widest one} {
        r del big
        r rpush big 1 2 3 4 5 6 7 8 9 10 11
        set out [cli --no-raw lrange big 0 -1]
        assert_match " 1) \"1\"\n 2) \"2\"\n*\n 9) \"9\"\n10) \"10\"\n11) \"11\"\n" $out
    }

    test {Error replies: (error) in TTY form, plain in raw, exit code 0 without -e} {
        r set foo bar
        assert_equal "(error) ERR value is not an integer or out of range\n" [cli --no-raw incr foo]
        assert_equal "ERR value is not an integer or out of range\n\n" [cli incr foo]
    }

    test {-e: exit code 1 and the error on stderr} {
        lassign [cli_exec "" -p [srv 0 port] -n 9 -e incr foo] rc out err
        assert_equal 1 $rc
        assert_equal "" $out
        assert_equal "ERR value is not an integer or out of range\n" $err
        lassign [cli_exec "" -p [srv 0 port] -e ping] rc out err
        list $rc $out $err
    } [list 0 "PONG\n" ""]

    # ------------------------------------------------------------ RESP3 forms

    test {RESP3: maps, sets, doubles, nulls and booleans in TTY form} {
        r del h s z
        r hset h f1 v1 f2 v2
        r sadd s only
        r zadd z 1.5 m
        assert_equal "1# \"f1\" => \"v1\"\n2# \"f2\" => \"v2\"\n" [cli -3 --no-raw hgetall h]
        assert_equal "1~ \"only\"\n" [cli -3 --no-raw smembers s]
        assert_equal "(double) 1.5\n" [cli -3 --no-raw zscore z m]
        assert_equal "(nil)\n" [cli -3 --no-raw get nokey]
        assert_equal "(true)\n" [cli -3 --no-raw debug protocol true]
        assert_equal "(false)\n" [cli -3 --no-raw debug protocol false]
        assert_equal "(empty hash)\n" [cli -3 --no-raw hgetall nokey]
        assert_equal "(empty set)\n" [cli -3 --no-raw smembers nokey]
        assert_equal "1) 1) \"m\"\n   2) (double) 1.5\n" [cli -3 --no-raw zrange z 0 -1 withscores]
    }

    test {RESP3: verbatim strings and maps holding aggregates} {
        assert_equal "This is a verbatim\nstring\n" [cli -3 --no-raw debug protocol verbatim]
        assert_equal "This is a verbatim\nstring\n" [cli -3 debug protocol verbatim]
        assert_equal "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n3# (integer) 2 => (false)\n" \
            [cli -3 --no-raw debug protocol map]
        assert_equal "0 (false)\n1 (true)\n2 (false)\n" [cli -3 debug protocol map]
        # A map value of several lines starts on the next line, indented.
        set out [cli -3 --no-raw command docs get]
        assert_match "1# \"get\" => \n   1# \"summary\" => \"Get the value of a key\"\n*   5# \"arguments\" => \n      1) 1# \"name\" => \"key\"\n*" $out
    }

    test {RESP3: big numbers (ours: 7.0's cli cannot print them)} {
        # Deliberate: Debian's 7.0.15 cli fails with "Unknown reply type: 13".
        if {[string match */usr/bin/* $::cli_bin]} { return }
        assert_equal "(big number) 1234567999999999999999999999999999999\n" \
            [cli -3 --no-raw debug protocol bignum]
    }

    test {RESP3: HELLO 3 switches the protocol; -2 keeps RESP2} {
        assert_match "*3# \"proto\" => (integer) 3\n*" [cli -3 --no-raw hello]
        assert_equal "1) \"f1\"\n2) \"v1\"\n3) \"f2\"\n4) \"v2\"\n" [cli -2 --no-raw hgetall h]
    }

    # ------------------------------------------------------------ CSV and JSON

    test {--csv output} {
        assert_equal "\"a\",\"b c\",\"\"\n" [cli --csv lrange l 0 -1]
        assert_equal "\"a\\nb\\\"c\\\\d\\t\\x01\\xff\"\n" [cli --csv get esc]
        assert_equal "3\n" [cli --csv strlen foo]
        assert_equal "NULL\n" [cli --csv get nokey]
        assert_equal "ERROR,\"ERR value is not an integer or out of range\"\n" [cli --csv incr foo]
        assert_equal "\"f1\",\"v1\",\"f2\",\"v2\"\n" [cli -3 --csv hgetall h]
        assert_equal "1.5\n" [cli -3 --csv zscore z m]
        assert_equal "true\n" [cli -3 --csv debug protocol true]
    }

    test {--json output (RESP3 by default, -2 for RESP2)} {
        assert_equal "\[\"a\",\"b c\",\"\"\]\n" [cli --json lrange l 0 -1]
        assert_equal "{\"f1\":\"v1\",\"f2\":\"v2\"}\n" [cli --json hgetall h]
        assert_equal "\[\"f1\",\"v1\",\"f2\",\"v2\"\]\n" [cli -2 --json hgetall h]
        assert_equal "null\n" [cli --json get nokey]
        assert_equal "3\n" [cli --json strlen foo]
        assert_equal "error:\"ERR value is not an integer or out of range\"\n" [cli --json incr foo]
        assert_equal "{\"0\":false,\"1\":true,\"2\":false}\n" [cli --json debug protocol map]
        assert_equal "\[\]\n" [cli -2 --json hgetall nokey]
        assert_equal "{}\n" [cli --json hgetall nokey]
    }

    test {--json escapes control characters, --quoted-json stays ASCII} {
        r set j "a/b\\c\t\n\r\x01\xc3\xa9\""
        assert_equal "\"a/b\\\\c\\t\\n\\r\\u0001\xc3\xa9\\\"\"\n" [cli --json get j]
        assert_equal "\"a/b\\\\\\\\c\\\\t\\\\n\\\\r\\\\x01\\\\xc3\\\\xa9\\\\\"\"\n" [cli --quoted-json get j]
    }

    # ------------------------------------------------------------ options

    test {-x reads the last argument from stdin} {
        assert_equal "OK\n" [cli_input "hello\nworld\n" -x set fromstdin]
        r get fromstdin
    } "hello\nworld\n"

    test {-X replaces the tagged argument with stdin} {
        assert_equal "OK\n" [cli_input "tagged" -X TAG set TAG value]
        assert_equal "value" [r get tagged]
        lassign [cli_exec "x" -p [srv 0 port] -X TAG set k v] rc out err
        list $rc $err
    } [list 1 "Using -X option but stdin tag not match.\n"]

    test {-x and -X together are refused} {
        lassign [cli_exec "" -p [srv 0 port] -x -X t ping] rc out err
        list $rc $err
    } [list 1 "Options -x and -X are mutually exclusive.\n"]

    test {-r repeats the command, -i waits between runs} {
        r del counter
        assert_equal "1\n2\n3\n" [cli -r 3 incr counter]
        assert_equal "4\n5\n" [cli -r 2 -i 0.01 incr counter]
        r get counter
    } {5}

    test {-d and -D set the raw delimiters} {
        assert_equal "a,b c,X" [cli -d , -D X lrange l 0 -1]
        assert_equal "PONGxPONGx" [cli -D x -r 2 ping]
    }

    test {-n selects the database} {
        r select 3
        r set indb3 yes
        r select 9
        lassign [cli_exec "" -p [srv 0 port] -n 3 get indb3] rc out err
        assert_equal [list 0 "yes\n" ""] [list $rc $out $err]
        lassign [cli_exec "" -p [srv 0 port] -n 300 ping] rc out err
        list $rc $out $err
    } [list 0 "PONG\n" "SELECT 300 failed: ERR DB index is out of range\n"]

    test {-u with host, port and database} {
        set uri "redis://127.0.0.1:[srv 0 port]/3"
        lassign [cli_exec "" -u $uri get indb3] rc out err
        list $rc $out $err
    } [list 0 "yes\n" ""]

    test {-u with an unknown scheme} {
        lassign [cli_exec "" -u http://127.0.0.1 ping] rc out err
        list $rc $out $err
    } [list 1 "" "Invalid URI scheme\n"]

    test {--quoted-input parses quoted arguments} {
        assert_equal "OK\n" [cli --quoted-input set {"q\x00key"} {"v\n"}]
        assert_equal "v\n" [r get "q\x00key"]
        lassign [cli_exec "" -p [srv 0 port] --quoted-input set {"broken} v] rc out err
        list $rc $out
    } [list 1 "Invalid quoted string\n"]

    test {Unknown options and missing option arguments exit 1} {
        lassign [cli_exec "" -p [srv 0 port] --no-such-option ping] rc out err
        assert_equal [list 1 "" "Unrecognized option or bad number of args for: '--no-such-option'\n"] \
            [list $rc $out $err]
        lassign [cli_exec "" -p] rc out err
        list $rc $err
    } [list 1 "Unrecognized option or bad number of args for: '-p'\n"]

    test {-v and --version} {
        lassign [cli_exec "" -v] rc out err
        assert_match {redis-cli 7.0.15*} $out
        lassign [cli_exec "" --version] rc out2 err
        list $rc [string equal $out $out2]
    } {0 1}

    test {--help prints the usage on stdout} {
        lassign [cli_exec "" --help] rc out err
        assert_equal 0 $rc
        foreach o {-h -p -s -a --user --pass --askpass -u -r -i -n -2 -3 -x -X -d -D -c -e
                     --raw --no-raw --quoted-input --csv --json --quoted-json --show-pushes
                     --stat --latency --latency-history --latency-dist --lru-test --replica
                     --rdb --functions-rdb --pipe --pipe-timeout --bigkeys --memkeys
                     --memkeys-samples --hotkeys --scan --pattern --quoted-pattern
                     --intrinsic-latency --eval --ldb --ldb-sync-mode --verbose
                     --no-auth-warning --help --version} {
            # (7.0 indents --functions-rdb by one space only)
            if {![string match "*\n  $o *" $out] && ![string match "*\n $o *" $out]} {
                fail "$o missing from the usage"
            }
        }
    }

    test {Connection refused exits 1 with the 7.0 message} {
        # A port nothing listens on.
        set port [next_free_port]
        lassign [cli_exec "" -p $port ping] rc out err
        assert_equal "Could not connect to Redis at 127.0.0.1:$port: Connection refused\n" $err
        list $rc $out
    } [list 1 ""]

    # ------------------------------------------------ commands from stdin

    test {Without a command, lines of a non-terminal stdin are commands} {
        set in "set fromin 1\nincr fromin\n\nget fromin\n\"unterminated\n2 ping\nselect 9\n"
        cli_input $in
    } "OK\n2\n2\nInvalid argument(s)\nPONG\nPONG\nOK\n"

    test {Commands from stdin in the TTY form; MULTI and EXEC} {
        cli_input "multi\nincr fromin\nexec\n" --no-raw
    } "OK\nQUEUED\n1) (integer) 3\n"

    test {An invalid repeat count is refused} {
        cli_input "0 ping\n-1 ping\n"
    } "Invalid redis-cli repeat command option value.\nInvalid redis-cli repeat command option value.\n"

    # ------------------------------------------------------------ HELP

    test {HELP command prints its syntax, summary, version and group} {
        cli help get
    } "\r\n  \x1b\[1mGET\x1b\[0m \x1b\[90mkey\x1b\[0m\r\n  \x1b\[33msummary:\x1b\[0m Get the value of a key\r\n  \x1b\[33msince:\x1b\[0m 1.0.0\r\n  \x1b\[33mgroup:\x1b\[0m string\r\n\r\n"

    test {HELP builds the argument syntax from COMMAND DOCS} {
        cli_contains [cli help set] "SET\x1b\[0m \x1b\[90mkey value \[NX|XX\] \[GET\] \[EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL\]\x1b\[0m\r\n"
        cli_contains [cli help client list] "CLIENT LIST\x1b\[0m \x1b\[90m\[TYPE NORMAL|MASTER|REPLICA|PUBSUB\] \[ID client-id \[client-id ...\]\]\x1b\[0m\r\n"
    }

    test {HELP @group lists the group's commands without the group line} {
        set out [cli help @hash]
        cli_contains $out "\r\n  \x1b\[1mHDEL\x1b\[0m \x1b\[90mkey field \[field ...\]\x1b\[0m\r\n  \x1b\[33msummary:\x1b\[0m Delete one or more hash fields\r\n  \x1b\[33msince:\x1b\[0m 2.0.0\r\n\r\n  \x1b\[1mHEXISTS"
        assert_equal -1 [string first "group:" $out]
        cli_contains $out "HVALS"
    }

    test {HELP of a container lists its subcommands; unknown topics print nothing} {
        set out [cli help client]
        foreach sub {"CLIENT\x1b" "CLIENT GETNAME" "CLIENT LIST" "CLIENT SETNAME"} {
            cli_contains $out $sub
        }
        cli help nosuchcommand
    } "\r\n"

    test {HELP alone prints the generic help} {
        set out [cli help]
        assert_match "redis-cli 7.0.15\nTo get help about Redis commands type:\n*\"help @<group>\"*:set hints*Set your preferences in ~/.redisclirc\n" $out
    }

    # ------------------------------------------------------------ --pipe

    test {--pipe sends raw protocol and counts replies and errors} {
        set proto ""
        for {set i 0} {$i < 1000} {incr i} {
            append proto "*3\r\n\$3\r\nSET\r\n\$[string length k$i]\r\nk$i\r\n\$[string length $i]\r\n$i\r\n"
        }
        lassign [cli_exec $proto -p [srv 0 port] -n 9 --pipe] rc out err
        assert_equal [list 0 ""] [list $rc $err]
        assert_equal "All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 0, replies: 1000\n" $out
        assert_equal 999 [r get k999]
    }

    test {--pipe reports error replies on stderr and exits 1} {
        set proto "SET pa 1\r\nINCR pa x\r\nGET pa\r\nNOSUCHCMD\r\n"
        lassign [cli_exec $proto -p [srv 0 port] -n 9 --pipe] rc out err
        assert_equal "All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 2, replies: 4\n" $out
        assert_match "ERR wrong number of arguments for 'incr' command\nERR unknown command 'NOSUCHCMD'*\n" $err
        set rc
    } {1}

    # ------------------------------------------------------------ --scan

    test {--scan lists every key; --pattern and --quoted-pattern filter} {
        r flushdb
        foreach k {user:1 user:2 order:1 "sp ace"} { r set $k x }
        set keys [lsort [split [string trimright [cli --scan] "\n"] "\n"]]
        assert_equal [list order:1 "sp ace" user:1 user:2] $keys
        set keys [lsort [split [string trimright [cli --scan --pattern user:*] "\n"] "\n"]]
        assert_equal {user:1 user:2} $keys
        assert_equal "sp ace\n" [cli --scan --quoted-pattern {"sp *"}]
        assert_equal "\"sp ace\"\n" [cli --no-raw --scan --pattern {sp*}]
    }

    # ------------------------------------------------ --bigkeys --memkeys

    test {--bigkeys reports the biggest key of each type and the totals} {
        r flushdb
        r rpush mylist a b c
        r hset myhash f v
        r set mystr hello
        r sadd myset a b
        r zadd myzset 1 a
        r xadd mystream 1-1 f v
        set out [cli --bigkeys]
        set expected_head "\n# Scanning the entire keyspace to find biggest keys as well as\n# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n# per 100 SCAN commands (not usually needed).\n\n"
        assert_equal $expected_head [string range $out 0 [string length $expected_head]-1]
        cli_contains $out "\[00.00%\] Biggest list   found so far '\"mylist\"' with 3 items\n"
        cli_contains $out "Biggest string found so far '\"mystr\"' with 5 bytes\n"
        set summary [string range $out [string first "-------- summary" $out] end]
        # The order of the per-type lines follows 7.0's hash table order,
        # which is not part of the format: compare them sorted.
        set lines [lsort [split [string trimright $summary "\n"] "\n"]]
        assert_equal [lsort [list "-------- summary -------" "" "" "" \
            "Sampled 6 keys in the keyspace!" \
            "Total key length in bytes is 36 (avg len 6.00)" \
            "Biggest   list found '\"mylist\"' has 3 items" \
            "Biggest   hash found '\"myhash\"' has 1 fields" \
            "Biggest string found '\"mystr\"' has 5 bytes" \
            "Biggest stream found '\"mystream\"' has 1 entries" \
            "Biggest    set found '\"myset\"' has 2 members" \
            "Biggest   zset found '\"myzset\"' has 1 members" \
            "1 lists with 3 items (16.67% of keys, avg size 3.00)" \
            "1 hashs with 1 fields (16.67% of keys, avg size 1.00)" \
            "1 strings with 5 bytes (16.67% of keys, avg size 5.00)" \
            "1 streams with 1 entries (16.67% of keys, avg size 1.00)" \
            "1 sets with 2 members (16.67% of keys, avg size 2.00)" \
            "1 zsets with 1 members (16.67% of keys, avg size 1.00)"]] $lines
    }

    test {--memkeys reports sizes in bytes from MEMORY USAGE} {
        set out [cli --memkeys]
        assert_match "*Biggest list   found so far '\"mylist\"' with * bytes\n*" $out
        cli_contains $out "Sampled 6 keys in the keyspace!\n"
        assert_match "*\n1 lists with * bytes (16.67% of keys, avg size *" $out
        set out [cli --memkeys-samples 10]
        assert_match "*\n1 zsets with * bytes (16.67% of keys, avg size *" $out
    }

    test {--bigkeys with --pattern samples the matching keys only} {
        set out [cli --bigkeys --pattern my*t]
        cli_contains $out "Sampled 3 keys in the keyspace!"
        cli_contains $out "\n1 lists with 3 items"
        cli_contains $out "\n1 sets with 2 members"
        cli_contains $out "\n1 zsets with 1 members"
        cli_contains $out "\n0 strings with 0 bytes"
    }

    test {--hotkeys needs an LFU policy} {
        lassign [cli_exec "" -p [srv 0 port] -n 9 --hotkeys] rc out err
        assert_equal 1 $rc
        assert_match "*# Scanning the entire keyspace to find hot keys*" $out
        set err
    } "Error: ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\n"

    test {--hotkeys lists the keys by access frequency} {
        r config set maxmemory-policy allkeys-lfu
        for {set i 0} {$i < 20} {incr i} { r get mystr }
        set out [cli --hotkeys]
        r config set maxmemory-policy noeviction
        cli_contains $out "Hot key '\"mystr\"' found so far with counter "
        cli_contains $out "Sampled 6 keys in the keyspace!\n"
        assert_match "*hot key found with counter: *\tkeyname: \"mystr\"\n*" $out
    }

    # ------------------------------------------------------------ latency

    test {--latency without a terminal prints one raw line} {
        set out [cli --latency -i 0.2]
        assert_match {[0-9]* [0-9]* [0-9]*.[0-9][0-9] [0-9]*} $out
        assert_equal 1 [llength [split [string trimright $out "\n"] "\n"]]
        assert_equal 4 [llength $out]
    }

    test {--latency --csv prints one CSV line} {
        set out [cli --latency --csv -i 0.2]
        assert_equal 4 [llength [split [string trimright $out "\n"] ","]]
    }

    test {--intrinsic-latency runs for the given seconds and summarizes} {
        lassign [cli_exec "" --intrinsic-latency 1] rc out err
        assert_equal 0 $rc
        assert_match "Max latency so far: * microseconds.\n*\n* total runs (avg latency: * microseconds / * nanoseconds per run).\nWorst run took *x longer than the average latency.\n" $out
    }

    test {--stat prints the header and one line per interval} {
        # --stat runs until stopped: read two lines of figures, then kill it.
        set fd [open "|$::cli_bin -p [srv 0 port] --stat -i 0.1" r]
        set lines {}
        while {[llength $lines] < 4 && [gets $fd line] >= 0} { lappend lines $line }
        exec kill [pid $fd]
        catch {close $fd}
        assert_equal "------- data ------ --------------------- load -------------------- - child -" [lindex $lines 0]
        assert_equal "keys       mem      clients blocked requests            connections          " [lindex $lines 1]
        # keys, memory, clients, blocked, requests (+new), connections
        set re {^[0-9]+ +[0-9.]+[BKMG] +[0-9]+ +0 +[0-9]+ \(\+[0-9]+\) +[0-9]+ +$}
        assert_match 1 [regexp $re [lindex $lines 2]]
        assert_match 1 [regexp $re [lindex $lines 3]]
    }

    # ------------------------------------------------------------ pub/sub

    test {SUBSCRIBE streams the messages} {
        set fd [open "|$::cli_bin -p [srv 0 port] subscribe clichan" r]
        fconfigure $fd -blocking 1
        wait_for_condition 50 20 {[lindex [r pubsub numsub clichan] 1] == 1} else {
            fail "the cli did not subscribe"
        }
        r publish clichan hello
        set lines {}
        while {[llength $lines] < 6 && [gets $fd line] >= 0} { lappend lines $line }
        exec kill [pid $fd]
        catch {close $fd}
        set lines
    } {subscribe clichan 1 message clichan hello}
}

# ------------------------------------------------------------ authentication

start_server {tags {"cli"} overrides {requirepass clisecret}} {
    r auth clisecret

    test {-a authenticates and warns on stderr} {
        lassign [cli_exec "" -p [srv 0 port] -a clisecret ping] rc out err
        list $rc $out $err
    } [list 0 "PONG\n" "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n"]

    test {--no-auth-warning, --pass, --user and REDISCLI_AUTH} {
        lassign [cli_exec "" -p [srv 0 port] --no-auth-warning --pass clisecret ping] rc out err
        assert_equal [list 0 "PONG\n" ""] [list $rc $out $err]
        lassign [cli_exec "" -p [srv 0 port] --no-auth-warning --user default -a clisecret ping] rc out err
        assert_equal [list 0 "PONG\n" ""] [list $rc $out $err]
        set ::env(REDISCLI_AUTH) clisecret
        set res [cli_exec "" -p [srv 0 port] ping]
        unset ::env(REDISCLI_AUTH)
        set res
    } [list 0 "PONG\n" ""]

    test {A wrong password: AUTH failed, then the server's NOAUTH} {
        lassign [cli_exec "" -p [srv 0 port] --no-auth-warning -a wrong ping] rc out err
        list $rc $out $err
    } [list 0 "NOAUTH Authentication required.\n\n" "AUTH failed: WRONGPASS invalid username-password pair or user is disabled.\n"]

    test {Without a password: NOAUTH; -3 reports the failed HELLO} {
        lassign [cli_exec "" -p [srv 0 port] ping] rc out err
        assert_equal [list 0 "NOAUTH Authentication required.\n\n" ""] [list $rc $out $err]
        lassign [cli_exec "" -p [srv 0 port] -3 ping] rc out err
        assert_match "HELLO 3 failed: NOAUTH HELLO must be called with the client already authenticated*" $err
        set rc
    } {0}

    test {-u with user, password (percent-encoded) and database} {
        r select 5
        r set udb five
        r select 9
        lassign [cli_exec "" -u "redis://default:cli%73ecret@127.0.0.1:[srv 0 port]/5" get udb] rc out err
        assert_equal [list 0 "five\n"] [list $rc $out]
        assert_equal "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n" $err
        lassign [cli_exec "" --no-auth-warning -u "redis://clisecret@127.0.0.1:[srv 0 port]/5" get udb] rc out err
        list $rc $out $err
    } [list 0 "five\n" ""]
}

# ------------------------------------------------------------ unix socket

set ::cli_sock [file join $::tmp_dir cli.[pid].sock]
start_server [list tags {"cli"} overrides [list unixsocket $::cli_sock]] {
    test {-s connects through the unix socket} {
        r set sockkey viasocket
        lassign [cli_exec "" -s $::cli_sock -n 9 get sockkey] rc out err
        list $rc $out $err
    } [list 0 "viasocket\n" ""]

    test {-s to a missing socket} {
        lassign [cli_exec "" -s $::cli_sock.missing ping] rc out err
        list $rc $out $err
    } [list 1 "" "Could not connect to Redis at $::cli_sock.missing: No such file or directory\n"]
}

# ------------------------------------------------ scripting and replication
# These need EVAL and SYNC in the server; they run where it has them.

start_server {tags {"cli"}} {
    if {[cli_server_has eval]} {
        test {--eval runs a script file with keys and arguments} {
            set f [file join $::tmp_dir cli.[pid].lua]
            set fd [open $f w]
            puts $fd "return {KEYS\[1\], KEYS\[2\], ARGV\[1\], #ARGV}"
            close $fd
            set out [cli --eval $f k1 k2 , a1 a2]
            file delete $f
            set out
        } "k1\nk2\na1\n2\n"
    }

    test {--eval of a missing file} {
        lassign [cli_exec "" -p [srv 0 port] --eval /nonexistent/script.lua] rc out err
        list $rc $err
    } [list 1 "Can't open file '/nonexistent/script.lua': No such file or directory\n"]

    if {[cli_server_has sync]} {
        test {--rdb saves the server's dataset} {
            r set rdbkey 1
            set f [file join $::tmp_dir cli.[pid].rdb]
            lassign [cli_exec "" -p [srv 0 port] --rdb $f] rc out err
            assert_equal 0 $rc
            assert_match "sending REPLCONF capa eof\nsending REPLCONF rdb-only 1\nSYNC sent to master, writing * to '$f'\nTransfer finished with success*" $err
            set fd [open $f rb]
            set head [read $fd 5]
            close $fd
            file delete $f
            set head
        } {REDIS}
    }
}
