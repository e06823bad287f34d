# redis-benchmark (src/redis-benchmark): the report formats (full, -q,
# --csv), test selection with -t, and that the server really receives what
# the options ask for (commandstats, keys written with -r and -d, -P, -k 0,
# --threads, --dbnum, -a/--user/-u, -s, -3, --enable-tracking, -l, -I, -x),
# plus error exits.  Never asserts on timings: only on formats and on what
# the server saw.  The tool is our own; the server may be ours or Debian's.

set ::bench_path [file normalize [file join [file dirname [info script]] .. .. src redis-benchmark]]

# Run the benchmark: returns {exit-status stdout stderr}.  Output is read
# untranslated: the progress line's carriage returns must stay as they are.
proc bench_exec {input args} {
    set errfile [file join [srv dir] bench-stderr.txt]
    set cmd [list | $::bench_path {*}$args 2> $errfile]
    if {$input ne {}} { lappend cmd << $input } else { lappend cmd < /dev/null }
    set fd [open $cmd r]
    fconfigure $fd -translation binary
    set out [read $fd]
    set rc 0
    if {[catch {close $fd} msg opts]} {
        set code [dict get $opts -errorcode]
        set rc 1
        if {[lindex $code 0] eq "CHILDSTATUS"} { set rc [lindex $code 2] }
    }
    # Like exec: without the last newline.
    regsub {\n$} $out {} out
    set fd [open $errfile r]
    set err [read $fd]
    close $fd
    list $rc $out $err
}

# The usual target: this server, database 9 (the one `r` uses).
proc bench {args} {
    bench_exec {} -p [srv port] --dbnum 9 {*}$args
}

# Output as lines, with the progress updates (everything up to the last
# carriage return of a line) removed.
proc bench_lines {out} {
    set lines {}
    foreach l [split $out "\n"] {
        set cr [string last "\r" $l]
        if {$cr >= 0} { set l [string range $l [expr {$cr + 1}] end] }
        lappend lines $l
    }
    return $lines
}

# The -q result lines: {title rps p50} per test (rps is "inf" when a test
# takes less than a millisecond, as in Redis 7.0's tool).
proc bench_quiet_results {out} {
    set res {}
    foreach l [bench_lines $out] {
        if {[regexp {^(.+): ([0-9.]+|inf) requests per second, p50=([0-9]+\.[0-9]{3}) msec$} $l -> t rps p50]} {
            lappend res [list $t $rps $p50]
        }
    }
    return $res
}

proc bench_titles {out} {
    set titles {}
    foreach r [bench_quiet_results $out] { lappend titles [lindex $r 0] }
    return $titles
}

# calls=N of a command in INFO commandstats, 0 if absent.
proc cmdstat_calls {name} {
    if {[regexp "cmdstat_${name}:calls=(\\d+)" [r info commandstats] -> n]} { return $n }
    return 0
}

# Run body while the background benchmark `pid` runs, then kill it, even
# when the body fails (an idle benchmark would otherwise stay forever).
proc with_bench_process {pid body} {
    catch {uplevel 1 $body} res opts
    catch {exec kill {*}$pid}
    return -options $opts $res
}

proc bench_ok {res} {
    lassign $res rc out err
    if {$rc != 0} { fail "benchmark failed ($rc): $err\n$out" }
    return $out
}

start_server {tags {"benchmark"}} {
    test {Full report of one test: header, percentile ladders, summary} {
        r config resetstat
        set out [bench_ok [bench -t set -n 1000 -c 10]]
        set lines [bench_lines $out]
        set save [lindex [r config get save] 1]
        set aof [lindex [r config get appendonly] 1]
        assert_equal "====== SET ======" [lindex $lines 0]
        assert_match {  1000 requests completed in *.?? seconds} [lindex $lines 1]
        assert_equal [list "  10 parallel clients" "  3 bytes payload" "  keep alive: 1" \
                          "  host configuration \"save\": $save" \
                          "  host configuration \"appendonly\": $aof" \
                          "  multi-thread: no" "" "Latency by percentile distribution:"] \
            [lrange $lines 2 9]

        # The percentile ladder: 0% first, then rising, two lines at the end
        # with the full count (the last stop and 100%).
        set i 10
        set ladder {}
        while {[regexp {^([0-9]+\.[0-9]{3})% <= ([0-9]+\.[0-9]{3}) milliseconds \(cumulative count ([0-9]+)\)$} \
                    [lindex $lines $i] -> pct ms count]} {
            lappend ladder [list $pct $ms $count]
            incr i
        }
        assert_morethan [llength $ladder] 2
        assert_equal 0.000 [lindex $ladder 0 0]
        assert_equal {100.000} [lindex $ladder end 0]
        assert_equal 1000 [lindex $ladder end 2]
        assert_equal 1000 [lindex $ladder end-1 2]
        set prev_pct -1
        set prev_ms -1
        foreach step $ladder {
            lassign $step pct ms count
            assert {$pct > $prev_pct && $ms >= $prev_ms}
            set prev_pct $pct
            set prev_ms $ms
        }
        if {[llength $ladder] > 2} { assert_equal 50.000 [lindex $ladder 1 0] }

        # The cumulative distribution, ending with everything counted.
        assert_equal "" [lindex $lines $i]
        assert_equal "Cumulative distribution of latencies:" [lindex $lines [incr i]]
        set cumulative {}
        while {[regexp {^([0-9]+\.[0-9]{3})% <= ([0-9]+\.[0-9]{3}) milliseconds \(cumulative count ([0-9]+)\)$} \
                    [lindex $lines [incr i]] -> pct ms count]} {
            lappend cumulative [list $pct $ms $count]
        }
        assert_equal {100.000} [lindex $cumulative end 0]
        assert_equal 1000 [lindex $cumulative end 2]
        # Steps end in 03 or 07 microseconds (8 us slots below 16 ms).
        foreach step $cumulative { assert_match {*.[0-9][0][37]} [lindex $step 1] }

        assert_equal [list "" "Summary:"] [lrange $lines $i [expr {$i + 1}]]
        assert_match {  throughput summary: *.?? requests per second} [lindex $lines [incr i 2]]
        assert_equal "  latency summary (msec):" [lindex $lines [incr i]]
        assert_equal "          avg       min       p50       p95       p99       max" [lindex $lines [incr i]]
        set row [lindex $lines [incr i]]
        assert {[regexp {^    ( *[0-9]+\.[0-9]{3}){6}$} $row]}
        lassign [string trim [regsub -all { +} $row " "]] avg min p50 p95 p99 max
        assert {$min <= $p50 && $p50 <= $p95 && $p95 <= $p99 && $p99 <= $max}
        # The run ends with an empty line.
        assert_equal "" [lindex $lines end]
        assert_equal 1000 [cmdstat_calls set]
    }

    test {The report prints a progress line with carriage returns, CSV does not} {
        set out [bench_ok [bench -t get -n 500 -q]]
        assert_match " \r*" $out
        set out [bench_ok [bench -t get -n 500 --csv]]
        assert_equal -1 [string first "\r" $out]
    }

    test {-q: one line per test, default test list in order} {
        set out [bench_ok [bench -n 200 -q -c 5]]
        assert_equal {PING_INLINE PING_MBULK SET GET INCR LPUSH RPUSH LPOP RPOP SADD HSET SPOP ZADD ZPOPMIN {LPUSH (needed to benchmark LRANGE)} {LRANGE_100 (first 100 elements)} {LRANGE_300 (first 300 elements)} {LRANGE_500 (first 500 elements)} {LRANGE_600 (first 600 elements)} {MSET (10 keys)}} \
            [bench_titles $out]
        foreach res [bench_quiet_results $out] {
            assert {[lindex $res 1] > 0}
        }
    }

    test {-t picks tests by name, case-insensitive, with the ping and lrange groups} {
        assert_equal {SET GET} [bench_titles [bench_ok [bench -n 100 -q -t Get,SET]]]
        assert_equal {PING_INLINE PING_MBULK} [bench_titles [bench_ok [bench -n 100 -q -t ping]]]
        assert_equal {PING_MBULK} [bench_titles [bench_ok [bench -n 100 -q -t ping_mbulk]]]
        assert_equal {{LPUSH (needed to benchmark LRANGE)} {LRANGE_300 (first 300 elements)}} \
            [bench_titles [bench_ok [bench -n 100 -q -t lrange_300]]]
        # The order is the tool's, not the option's.
        assert_equal {INCR {MSET (10 keys)}} [bench_titles [bench_ok [bench -n 100 -q -t mset,incr]]]
    }

    test {-t with no known test runs nothing} {
        r config resetstat
        lassign [bench -n 100 -q -t nosuchtest] rc out err
        assert_equal 0 $rc
        assert_equal "" [string trim $out]
        assert_equal 0 [cmdstat_calls set]
    }

    test {--csv: header and one quoted row per test} {
        set out [bench_ok [bench -n 200 --csv -t ping,set,mset]]
        set lines [split [string trim $out] "\n"]
        assert_equal {"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"} \
            [lindex $lines 0]
        assert_equal 5 [llength $lines]
        set names {}
        foreach row [lrange $lines 1 end] {
            assert {[regexp {^"([^"]+)","([0-9.]+|inf)","([0-9]+\.[0-9]{3})","([0-9]+\.[0-9]{3})","([0-9]+\.[0-9]{3})","([0-9]+\.[0-9]{3})","([0-9]+\.[0-9]{3})","([0-9]+\.[0-9]{3})"$} $row -> name]}
            lappend names $name
        }
        assert_equal {PING_INLINE PING_MBULK SET {MSET (10 keys)}} $names
    }

    test {The server receives exactly -n requests per test} {
        r config resetstat
        bench_ok [bench -n 700 -q -t set,get,incr,lpush,rpush,sadd,hset,zadd,mset]
        foreach cmd {set get incr lpush rpush sadd hset zadd mset} {
            assert_equal 700 [cmdstat_calls $cmd]
        }
    }

    test {Without -r every request uses the literal key} {
        r flushdb
        bench_ok [bench -n 100 -q -t set,incr,sadd,hset,zadd]
        assert_equal {counter:__rand_int__ key:__rand_int__ myhash myset myzset} [lsort [r keys *]]
        assert_equal 100 [r get counter:__rand_int__]
        assert_equal {element:__rand_int__} [r smembers myset]
        assert_equal {element:__rand_int__ 0} [r zrange myzset 0 -1 withscores]
    }

    test {-r: random 12-digit zero-padded numbers below the keyspace length} {
        r flushdb
        bench_ok [bench -n 3000 -q -r 100 -t set]
        # 3000 draws over 100 keys: missing one is a 1 in 10^11 event.
        assert_equal 100 [r dbsize]
        foreach k [r keys *] {
            assert {[regexp {^key:([0-9]{12})$} $k -> n]}
            assert {[scan $n %d] < 100}
        }
        r flushdb
        bench_ok [bench -n 500 -q -r 10 -t zadd,sadd]
        foreach {m s} [r zrange myzset 0 -1 withscores] {
            assert {[regexp {^element:[0-9]{12}$} $m]}
            assert {[regexp {^[0-9]+$} $s] && $s < 10}
        }
        assert_equal 10 [r scard myset]
    }

    test {--seed makes the random numbers reproducible} {
        # One client: the same seed draws the same numbers in the same order.
        r flushdb
        bench_ok [bench -c 1 -n 30 -r 1000000000 --seed 7 -q -t set]
        set first [lsort [r keys *]]
        assert_equal 30 [llength $first]
        r flushdb
        bench_ok [bench -c 1 -n 30 -r 1000000000 --seed 7 -q -t set]
        assert_equal $first [lsort [r keys *]]
        r flushdb
        bench_ok [bench -c 1 -n 30 -r 1000000000 --seed 8 -q -t set]
        assert_not_equal $first [lsort [r keys *]]
    }

    test {-d sets the payload size, shown in the report} {
        r flushdb
        set out [bench_ok [bench -n 50 -d 100 -t set]]
        assert_equal "  100 bytes payload" [lindex [bench_lines $out] 3]
        # Redis 7.0's payload: a fixed pseudo-random run of the characters
        # '0' to 'o', the same in every test and every run.
        set v [r get key:__rand_int__]
        assert_equal 100 [string length $v]
        assert_match {VXKeHogKgJ=\[5V9_X^b?48OKF2jGA<f:iR@50o7d*} $v
        assert {[regexp {^[0-o]+$} $v]}
        bench_ok [bench -n 50 -d 100 -q -t lpush,hset]
        assert_equal $v [r lindex mylist 0]
        assert_equal $v [r hget myhash element:__rand_int__]
        bench_ok [bench -n 50 -d 0 -q -t set]
        assert_equal V [r get key:__rand_int__]
    }

    test {MSET sends ten pairs} {
        r flushdb
        bench_ok [bench -n 100 -q -r 1000 -t mset]
        assert_morethan [r dbsize] 100
        r flushdb
        bench_ok [bench -n 10 -q -d 7 -t mset]
        assert_equal {key:__rand_int__} [r keys *]
        assert_equal VXKeHog [r get key:__rand_int__]
    }

    test {-P pipelines: fewer reads for the same requests, whole batches sent} {
        r config resetstat
        bench_ok [bench -n 1000 -c 1 -P 10 -q -t set]
        set reads [s total_reads_processed]
        assert_equal 1000 [cmdstat_calls set]
        assert_lessthan $reads 400
        # Batches are taken whole: 63 batches of 16 for 1000 requests.
        r config resetstat
        set out [bench_ok [bench -n 1000 -P 16 -t set]]
        assert_equal 1008 [cmdstat_calls set]
        assert_equal "  1008 requests completed in" [string range [lindex [bench_lines $out] 1] 0 27]
    }

    test {--threads runs the clients on several loops} {
        r config resetstat
        set out [bench_ok [bench -n 2000 --threads 3 -c 9 -t set,get]]
        assert_equal 2000 [cmdstat_calls set]
        assert_equal 2000 [cmdstat_calls get]
        set lines [bench_lines $out]
        assert_equal {  multi-thread: yes} [lindex $lines 7]
        assert_equal {  threads: 3} [lindex $lines 8]
        assert_equal "" [lindex $lines 9]
    }

    test {-k 0 reconnects for every request} {
        r config resetstat
        set before [s total_connections_received]
        lassign [bench -n 200 -c 4 -k 0 -t ping_mbulk] rc out err
        assert_equal 0 $rc
        assert_match {WARNING: Keepalive disabled.*} $err
        assert_equal "  keep alive: 0" [lindex [bench_lines $out] 4]
        assert_equal 200 [cmdstat_calls ping]
        # One connection per request, plus the CONFIG fetch.
        assert_morethan [expr {[s total_connections_received] - $before}] 199
    }

    test {--dbnum selects the database} {
        r flushall
        bench_exec {} -p [srv port] --dbnum 3 -n 10 -q -t set
        r select 3
        set n [r dbsize]
        r select 9
        assert_equal 1 $n
        assert_equal 0 [r dbsize]
        # Database 0 without --dbnum, and no SELECT at all.
        r config resetstat
        bench_exec {} -p [srv port] -n 10 -q -t set
        assert_equal 0 [cmdstat_calls select]
    }

    test {-3 switches the connections to RESP3, --enable-tracking turns tracking on} {
        r config resetstat
        bench_ok [bench -3 -n 100 -c 4 -q -t set,zpopmin,lrange_100]
        assert_equal 16 [cmdstat_calls hello] ;# 4 tests of 4 clients
        # The server may not know CLIENT TRACKING: then its error, naming the
        # subcommand, shows that the benchmark sent it.
        r config resetstat
        lassign [bench --enable-tracking -n 100 -c 4 -q -t get] rc out err
        if {$rc == 0} {
            assert_equal 4 [cmdstat_calls client\\|tracking]
            assert_equal 100 [cmdstat_calls get]
        } else {
            assert_match {*Error from server: *TRACKING*} $err
        }
    }

    test {A command given on the command line, with __rand_int__ and -r} {
        r flushdb
        set out [bench_ok [bench -n 100 -r 10 -q rpush mylist __rand_int__]]
        assert_equal {{rpush mylist __rand_int__}} [bench_titles $out]
        assert_equal 100 [r llen mylist]
        foreach e [r lrange mylist 0 -1] { assert {[regexp {^0000000000[0-9]{2}$} $e] && $e < 10} }
        # No -r: the placeholder stays as it is; -t is ignored.
        r flushdb
        bench_ok [bench -n 5 -q -t get sadd s __rand_int__ {two words}]
        assert_equal {__rand_int__ {two words}} [lsort [r smembers s]]
    }

    test {A command given on the command line: full report and CSV titles} {
        set out [bench_ok [bench -n 20 hset h f v]]
        assert_equal "====== hset h f v ======" [lindex [bench_lines $out] 0]
        # No empty line after the report of a command line.
        assert_match {*[0-9]} $out
        set out [bench_ok [bench -n 20 --csv ping]]
        assert_match {*"ping","*} $out
    }

    test {-x reads the last argument from standard input} {
        r flushdb
        lassign [bench_exec "hello\nworld" -p [srv port] --dbnum 9 -n 10 -q -x set fromstdin] rc out err
        assert_equal 0 $rc
        assert_equal "hello\nworld" [r get fromstdin]
        assert_equal {{set fromstdin}} [bench_titles $out]
    }

    test {Error replies stop the benchmark and are printed} {
        lassign [bench -n 10 -q lpush onlykey] rc out err
        assert_equal 1 $rc
        assert_match "*Error from server: ERR wrong number of arguments for 'lpush' command*" $err
        r set str value
        lassign [bench -n 10 -q -e lpush str x] rc out err
        assert_equal 1 $rc
        assert_match {*WARNING: -e option has no effect*} $err
        assert_match {*Error from server: WRONGTYPE Operation against a key holding the wrong kind of value*} $err
    }

    test {-l loops until killed} {
        r config resetstat
        set errfile [file join [srv dir] bench-loop.txt]
        set pid [exec $::bench_path -p [srv port] -n 100 -c 2 -q -l -t ping_mbulk > $errfile 2>@1 &]
        with_bench_process $pid {
            wait_for_condition 200 50 {[cmdstat_calls ping] >= 300} else {
                fail "the loop did not go on"
            }
        }
    }

    test {-I opens idle connections} {
        # Only our client left (the connections of earlier runs are gone).
        wait_for_condition 100 50 {[s connected_clients] == 1} else {
            fail "clients of earlier tests still connected"
        }
        set before 1
        set pid [exec $::bench_path -p [srv port] -I -c 7 > [file join [srv dir] bench-idle.txt] 2>@1 &]
        with_bench_process $pid {
            wait_for_condition 200 50 {[s connected_clients] == $before + 7} else {
                fail "idle clients did not connect"
            }
        }
        set fd [open [file join [srv dir] bench-idle.txt]]
        set out [read $fd]
        close $fd
        assert_match "Creating 7 idle connections and waiting forever (Ctrl+C when done)\n*" $out
    }

    test {--precision changes the histogram, not the output format} {
        set out [bench_ok [bench -n 300 --precision 1 -t get]]
        assert_match {*Latency by percentile distribution:*100.000% <= *Summary:*} $out
        set out [bench_ok [bench -n 300 --precision 9 -q -t get]]
        assert_equal {GET} [bench_titles $out]
    }

    test {Usage errors, --help and --version} {
        lassign [bench_exec {} --foo] rc out err
        assert_equal 1 $rc
        assert_match "Invalid option \"--foo\" or option argument missing\n\nUsage: redis-benchmark*" $out
        lassign [bench_exec {} -p [srv port] -n] rc out err
        assert_equal 1 $rc
        assert_match "Invalid option \"-n\" or option argument missing*" $out
        lassign [bench_exec {} --help] rc out err
        assert_equal 0 $rc
        assert_match {Usage: redis-benchmark \[OPTIONS\] \[COMMAND ARGS...\]*} $out
        lassign [bench_exec {} --version] rc out err
        assert_equal 0 $rc
        assert_equal "redis-benchmark 7.0.15" $out
    }

    test {Connection failures exit with the reason} {
        # A port nothing listens on: the server's own port + 1 of a stopped range.
        set s [socket -server {apply {{c a p} {close $c}}} -myaddr 127.0.0.1 0]
        set port [lindex [fconfigure $s -sockname] 2]
        close $s
        lassign [bench_exec {} -p $port -n 10 -q ping] rc out err
        assert_equal 1 $rc
        assert_match "Could not connect to Redis at 127.0.0.1:$port: Connection refused*" $err
        lassign [bench_exec {} -s [file join [srv dir] nosuch.sock] -n 10 -q ping] rc out err
        assert_equal 1 $rc
        assert_match "Could not connect to Redis at *nosuch.sock: No such file or directory*" $err
    }
}

start_server {tags {"benchmark"} overrides {requirepass s3cret}} {
    r auth s3cret
    test {-a authenticates every connection} {
        r config resetstat
        set out [bench_ok [bench_exec {} -p [srv port] -a s3cret -n 100 -c 5 -q -t set]]
        assert_equal {SET} [bench_titles $out]
        assert_equal 100 [cmdstat_calls set]
        assert_equal 6 [cmdstat_calls auth] ;# 5 clients and the CONFIG fetch
    }

    test {--user sends AUTH user password, -u takes a URI} {
        bench_ok [bench_exec {} -p [srv port] --user default -a s3cret -n 10 -q -t get]
        r config resetstat
        bench_ok [bench_exec {} -u redis://default:s3cret@127.0.0.1:[srv port]/5 -n 10 -q -t set]
        r select 5
        set n [r dbsize]
        r select 9
        assert_equal 1 $n
        assert_equal 10 [cmdstat_calls set]
    }

    test {Missing or wrong credentials: the server's error and exit 1} {
        lassign [bench_exec {} -p [srv port] -n 10 -q ping] rc out err
        assert_equal 1 $rc
        assert_equal "Node 127.0.0.1:[srv port] replied with error:\nNOAUTH Authentication required.\n" $err
        lassign [bench_exec {} -p [srv port] -a wrong -n 10 -q ping] rc out err
        assert_equal 1 $rc
        assert_match "Node 127.0.0.1:[srv port] replied with error:\nWRONGPASS *" $err
    }
}

set ::bench_sock /tmp/bench-[pid]-[clock clicks].sock
start_server [list tags {"benchmark"} overrides [list unixsocket $::bench_sock]] {
    set sock $::bench_sock
    test {-s connects through a unix socket} {
        r config resetstat
        set out [bench_ok [bench_exec {} -s $sock -n 100 -c 3 -q -t incr]]
        assert_equal {INCR} [bench_titles $out]
        assert_equal 100 [cmdstat_calls incr]
    }
}
