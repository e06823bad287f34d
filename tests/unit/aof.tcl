# The append only file: what write commands propagate (the determinism
# rewrites of Redis 7.0), the multi-part AOF directory and its manifest,
# loading at start-up (RDB preamble or commands, truncated tails, old
# single-file AOFs), fsync policies, BGREWRITEAOF, CONFIG SET appendonly and
# the automatic rewrite.

# The AOF helpers (aof_dir, aof_parse, aof_appended...) are in
# tests/support/aof.tcl.

# The pid of the running child, from the log.
proc get_child_pid {level} {
    set pids [regexp -all -inline {(?:Background append only file rewriting|Background saving) started by pid (\d+)} \
        [read_file_text [srv $level stdout]]]
    lindex $pids end
}

proc aof_fill_all_types {} {
    r flushall
    r set s:int 12345
    r set s:str hello
    r set s:bin "a\x00b\r\nc"
    r set s:ttl v px 100000000
    r rpush l:small a b 1 2
    for {set i 0} {$i < 200} {incr i} { r rpush l:big "element-$i" }
    r sadd set:int 1 2 3
    r sadd set:str a b c
    for {set i 0} {$i < 600} {incr i} { r sadd set:big $i }
    r zadd z:lp 1 a 2 b -1.5 c
    for {set i 0} {$i < 200} {incr i} { r zadd z:sl $i m$i }
    r zadd z:inf inf up -inf down
    r hset h:lp f1 v1 f2 2
    for {set i 0} {$i < 600} {incr i} { r hset h:ht f$i v$i }
    r expire h:ht 100000
    r xadd st 1-1 f v
    r xadd st 2-1 f v
    r xgroup create st g 0
    r xreadgroup group g c count 1 streams st >
    r select 3
    r set other:db 1
    r select 9
}

# ------------------------------------------------------------ propagation

start_server {tags {"aof"} overrides {appendonly yes appendfsync always}} {
    test {AOF directory and manifest are created at start-up} {
        set m [aof_manifest]
        assert_equal $m [list "file appendonly.aof.1.base.rdb seq 1 type b" \
                             "file appendonly.aof.1.incr.aof seq 1 type i"]
        assert {[file exists [file join [aof_dir] appendonly.aof.1.base.rdb]]}
        assert_equal [s aof_enabled] 1
    }

    test {A write propagates as sent, with a SELECT when the db changes} {
        r flushall
        set got [aof_appended {
            r set a 1
            r rpush l x y
            r select 3
            r set b 2
            r select 9
            r get a
        } 1]
        set got
    } {{set a 1} {rpush l x y} {SELECT 3} {set b 2}}

    test {Commands that change nothing propagate nothing} {
        r flushall
        r set a 1
        r set str abc
        aof_appended {
            r del nokey
            r expire nokey 100
            r set a 2 nx
            r get a
            r persist a
            r pexpire a 1000000 gt
            r spop nokey
            catch {r incr str}
        }
    } {}

    test {EXPIRE family propagates PEXPIREAT with the absolute time} {
        r set k v
        set now [clock milliseconds]
        set got [aof_appended {
            r expire k 100
            r pexpire k 200000
            r expireat k 3000000000
            r pexpireat k 3000000001000
            r expire k 500 gt
            r expire k 3000000000 gt
        }]
        assert_aof_match {{PEXPIREAT k *} {PEXPIREAT k *} {PEXPIREAT k 3000000000000}
                          {pexpireat k 3000000001000} {PEXPIREAT k * gt}} $got
        set t [lindex [split [lindex $got 0]] 2]
        assert_range $t [expr {$now + 99000}] [expr {$now + 110000}]
    }

    test {EXPIRE with a time in the past propagates DEL, or UNLINK with lazyfree-lazy-expire} {
        r set k1 v
        r set k2 v
        set got [aof_appended {
            r expire k1 -1
            r config set lazyfree-lazy-expire yes
            r pexpireat k2 1
            r config set lazyfree-lazy-expire no
        }]
        assert_equal [r exists k1 k2] 0
        set got
    } {{DEL k1} {UNLINK k2}}

    test {SET with a TTL, SETEX and PSETEX propagate SET key value PXAT} {
        set got [aof_appended {
            r set a 1 ex 100
            r set b 2 px 100000 nx get
            r set c 3 exat 3000000000
            r set d 4 pxat 3000000000000
            r setex e 100 5
            r psetex f 100000 6
            r set g 7 keepttl
        }]
        assert_aof_match {{SET a 1 PXAT *} {SET b 2 PXAT *} {SET c 3 PXAT 3000000000000}
                          {SET d 4 PXAT 3000000000000} {SET e 5 PXAT *} {SET f 6 PXAT *}
                          {set g 7 keepttl}} $got
    }

    test {GETEX and GETDEL propagate what they did} {
        r set k v
        set got [aof_appended {
            r getex k
            r getex k ex 100
            r getex k persist
            r getex k persist
            r getdel k
            r getdel k
            r set k2 v
            r getex k2 pxat 1
        }]
        assert_aof_match {{PEXPIREAT k *} {PERSIST k} {DEL k} {set k2 v} {DEL k2}} $got
    }

    test {INCRBYFLOAT and HINCRBYFLOAT propagate the value they produced} {
        r del f h
        aof_appended {
            r incrbyfloat f 1.5
            r incrbyfloat f 1e3
            r hincrbyfloat h fld 2.5
        }
    } {{SET f 1.5 KEEPTTL} {SET f 1001.5 KEEPTTL} {HSET h fld 2.5}}

    test {Blocking list pops propagate their non-blocking forms} {
        r del l l2 l3
        r rpush l a b c d e f g
        aof_appended {
            r blpop l 0
            r brpop l 0
            r blmpop 0 1 l left count 2
            r lmpop 1 l right count 10
            r rpush l2 a b c
            r blmove l2 l3 left right 0
            r brpoplpush l2 l3 0
        }
    } {{LPOP l} {RPOP l} {LPOP l 2} {RPOP l 3} {rpush l2 a b c} {LMOVE l2 l3 left right} {RPOPLPUSH l2 l3}}

    test {A blocked client served later propagates the pop after the push} {
        r del bl
        set rd [redis_deferring_client]
        set got [aof_appended {
            $rd blpop bl 0
            wait_for_blocked_client
            r rpush bl v
            assert_equal [$rd read] {bl v}
        }]
        $rd close
        set got
    } {{rpush bl v} {LPOP bl}}

    test {Blocking sorted set pops propagate ZPOPMIN / ZPOPMAX} {
        r del z
        r zadd z 1 a 2 b 3 c 4 d
        aof_appended {
            r bzpopmin z 0
            r bzpopmax z 0
            r zmpop 1 z min count 10
            r zadd z 1 a
            r bzmpop 0 1 z max
        }
    } {{ZPOPMIN z} {ZPOPMAX z} {ZPOPMIN z 2} {zadd z 1 a} {ZPOPMAX z 1}}

    test {SPOP propagates SREM of the popped members, DEL when it takes all} {
        r del s
        r sadd s a b c d e f
        set popped {}
        set got [aof_appended {
            lappend popped [r spop s]
            lappend popped {*}[r spop s 3]
            r spop s 10
        }]
        assert_equal [llength $got] 7
        assert_equal [lindex $got 0] "SREM s [lindex $popped 0]"
        assert_equal [lindex $got 1] MULTI
        set members {}
        foreach c [lrange $got 2 4] {
            assert_match {SREM s ?} $c
            lappend members [lindex [split $c] 2]
        }
        assert_equal [lsort $members] [lsort [lrange $popped 1 end]]
        lrange $got 5 6
    } {EXEC {DEL s}}

    test {XADD propagates the ID it generated and an approximate trim as the exact one} {
        r del st
        set got [aof_appended {
            r xadd st 5-* a 1
            r xadd st 5-* a 2
            r xadd st 6-1 a 3
            set id [r xadd st * a 4]
            r xadd st maxlen ~ 1 * a 5
            r xadd st maxlen 2 * a 6
            r xtrim st maxlen ~ 0
            r xtrim st minid 0-1
        }]
        assert_equal [lindex $got 3] "xadd st $id a 4"
        assert_aof_match {{xadd st 5-0 a 1} {xadd st 5-1 a 2} {xadd st 6-1 a 3} {xadd st *-* a 4}
                          {xadd st maxlen = 5 *-* a 5} {xadd st maxlen 2 *-* a 6} {xtrim st maxlen = 0}} $got
    }

    test {XREADGROUP, XCLAIM and XAUTOCLAIM propagate XCLAIM and XGROUP SETID} {
        r del st
        r xadd st 1-1 a 1
        r xadd st 2-1 a 2
        r xadd st 3-1 a 3
        r xgroup create st g 0
        set got [aof_appended {
            r xreadgroup group g c1 count 1 streams st >
            r xreadgroup group g c1 streams st >
            r xreadgroup group g c1 streams st 0
            r xadd st 4-1 a 4
            r xreadgroup group g c2 noack streams st >
            r xclaim st g c2 0 1-1
            r xclaim st g c3 0 2-1 justid
            r xautoclaim st g c4 0 0-0 count 1
            r xack st g 3-1
        }]
        assert_aof_match {
            {XCLAIM st g c1 0 1-1 TIME * RETRYCOUNT 1 FORCE JUSTID LASTID 1-1}
            MULTI
            {XCLAIM st g c1 0 2-1 TIME * RETRYCOUNT 1 FORCE JUSTID LASTID 2-1}
            {XCLAIM st g c1 0 3-1 TIME * RETRYCOUNT 1 FORCE JUSTID LASTID 3-1}
            EXEC
            {xadd st 4-1 a 4}
            MULTI
            {XGROUP CREATECONSUMER st g c2}
            {XGROUP SETID st g 4-1 ENTRIESREAD 4}
            EXEC
            {XCLAIM st g c2 0 1-1 TIME * RETRYCOUNT 3 FORCE JUSTID LASTID 4-1}
            {XCLAIM st g c3 0 2-1 TIME * RETRYCOUNT 2 FORCE JUSTID LASTID 4-1}
            {XCLAIM st g c4 0 1-1 TIME * RETRYCOUNT 4 FORCE JUSTID LASTID 4-1}
            {xack st g 3-1}
        } $got
    }

    test {A lazily expired key propagates DEL, wrapped with the command that found it} {
        r debug set-active-expire 0
        r set x 1 px 1
        r set y 1 px 1
        after 20
        set got [aof_appended {
            r get x
            r set y 2
        }]
        r debug set-active-expire 1
        set got
    } {{DEL x} MULTI {DEL y} {set y 2} EXEC}

    test {An actively expired key propagates DEL on its own} {
        r debug set-active-expire 0
        r set ax 1 px 1
        after 20
        set got [aof_appended {
            r debug set-active-expire 1
            wait_for_condition 100 20 {[r dbsize] == 0 || ![r exists ax]} else { fail "ax not expired" }
        }]
        set got
    } {{DEL ax}}

    test {MULTI/EXEC: several writes are wrapped, a single one or none is not} {
        r del m1 m2
        aof_appended {
            r multi
            r set m1 1
            r incr m1
            r get m1
            r exec
            r multi
            r set m2 1
            r get m2
            r exec
            r multi
            r get m2
            r exec
        }
    } {MULTI {set m1 1} {incr m1} EXEC {set m2 1}}

    test {Everything propagated above replays to the same dataset (DEBUG LOADAOF)} {
        set digest [r debug digest]
        set m1 [r get m1]
        assert_equal [r debug loadaof] OK
        assert_equal [r get m1] $m1
        assert_equal [r debug digest] $digest
    }

    test {INFO persistence shows the AOF state} {
        set size [s aof_current_size]
        r set growing [string repeat x 100]
        assert_morethan [s aof_current_size] $size
        list [s aof_enabled] [s aof_rewrite_in_progress] [s aof_last_write_status] [s aof_buffer_length]
    } {1 0 ok 0}
}

# ---------------------------------------------------------------- loading

foreach preamble {yes no} {
    start_server [list tags {"aof"} overrides [list appendonly yes aof-use-rdb-preamble $preamble]] {
        test "Restart with appendonly yes restores every type (preamble $preamble)" {
            aof_fill_all_types
            set digest [r debug digest]
            set ttl [r pttl s:ttl]
            restart_server
            assert_equal [r debug digest] $digest
            assert_range [r pttl s:ttl] [expr {$ttl - 10000}] $ttl
            r select 3
            assert_equal [r get other:db] 1
            r select 9
            wait_for_log_pattern "*DB loaded from append only file*"
        }

        test "BGREWRITEAOF writes a new base, and the AOF still restores the dataset (preamble $preamble)" {
            set old [aof_manifest]
            assert_equal [r bgrewriteaof] {Background append only file rewriting started}
            wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0 && [s aof_rewrites] >= 1} else {
                fail "the rewrite did not finish"
            }
            set ext [expr {$preamble eq "yes" ? "rdb" : "aof"}]
            assert_equal [aof_manifest] [list "file appendonly.aof.2.base.$ext seq 2 type b" \
                                             "file appendonly.aof.2.incr.aof seq 2 type i"]
            wait_for_condition 100 20 {
                ![file exists [file join [aof_dir] appendonly.aof.1.incr.aof]]
            } else { fail "the old incr file was not deleted" }
            assert_equal [s aof_last_bgrewrite_status] ok
            r set after:rewrite 1
            r incr after:rewrite
            set digest [r debug digest]
            restart_server
            assert_equal [r get after:rewrite] 2
            assert_equal [r debug digest] $digest
        }

        test "DEBUG LOADAOF reloads the dataset from the AOF (preamble $preamble)" {
            r set loadaof 1
            set digest [r debug digest]
            assert_equal [r debug loadaof] OK
            assert_equal [r debug digest] $digest
        }
    }
}

start_server {tags {"aof"} overrides {appendonly yes}} {
    test {A truncated tail is cut off with aof-load-truncated yes} {
        r flushall
        r set a 1
        r set b 2
        set incr [aof_current_incr]
        set good [file size $incr]
        aof_write_bytes $incr "*3\r\n\$3\r\nset\r\n\$1\r\nc\r\n\$1" ab
        restart_server
        assert_equal [lsort [r keys *]] {a b}
        assert_equal [file size $incr] $good
        wait_for_log_pattern "*!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!*"
        wait_for_log_pattern "*AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled*"
    }

    test {An incomplete MULTI at the end of the AOF is reverted} {
        set incr [aof_current_incr]
        set good [file size $incr]
        aof_write_bytes $incr "*1\r\n\$5\r\nMULTI\r\n*3\r\n\$3\r\nset\r\n\$3\r\nfoo\r\n\$3\r\nbar\r\n" ab
        restart_server
        assert_equal [r exists foo] 0
        assert_equal [file size $incr] $good
        wait_for_log_pattern "*Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof*"
    }

    test {A truncated tail stops the server with aof-load-truncated no} {
        r config set aof-load-truncated no
        r config rewrite
        set incr [aof_current_incr]
        set good [aof_read_bytes $incr]
        aof_write_bytes $incr "*2\r\n\$3\r\ndel" ab
        # A fresh log: the harness would read an old "Address already in
        # use" in it as a busy port.
        aof_write_bytes [srv 0 stdout] ""
        assert_error {*failed to restart*} {restart_server}
        assert_match {*Unexpected end of file reading the append only file appendonly.aof.1.incr.aof*} \
            [read_file_text [srv 0 stdout]]
        # Put the good file back so that the server can start again.
        aof_write_bytes $incr $good
        restart_server
        lsort [r keys *]
    } {a b}

    test {An unknown command in the AOF stops the server} {
        set incr [aof_current_incr]
        set good [aof_read_bytes $incr]
        aof_write_bytes $incr "*1\r\n\$10\r\nNOSUCHCMD1\r\n" ab
        # A fresh log: the harness would read an old "Address already in
        # use" in it as a busy port.
        aof_write_bytes [srv 0 stdout] ""
        assert_error {*failed to restart*} {restart_server}
        assert_match {*Unknown command 'NOSUCHCMD1' reading the append only file appendonly.aof.1.incr.aof*} \
            [read_file_text [srv 0 stdout]]
        aof_write_bytes $incr $good
        restart_server
        lsort [r keys *]
    } {a b}

    test {BGREWRITEAOF while a rewrite runs is an error; BGSAVE is refused} {
        r config set rdb-key-save-delay 100000
        r debug populate 20 rw
        assert_equal [r bgrewriteaof] {Background append only file rewriting started}
        assert_error {*Background append only file rewriting already in progress*} {r bgrewriteaof}
        assert_error {*Another child process is active (AOF?): can't BGSAVE right now*} {r bgsave}
        assert_equal [s aof_rewrite_in_progress] 1
        r config set rdb-key-save-delay 0
        catch {exec kill -9 [get_child_pid 0]}
        wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0} else { fail "child still running" }
        s aof_last_bgrewrite_status
    } {err}

    test {BGREWRITEAOF during a BGSAVE is scheduled, then runs} {
        r config set rdb-key-save-delay 100000
        r bgsave
        assert_equal [r bgrewriteaof] {Background append only file rewriting scheduled}
        assert_equal [s aof_rewrite_scheduled] 1
        r config set rdb-key-save-delay 0
        catch {exec kill -9 [get_child_pid 0]}
        wait_for_condition 100 50 {
            [s aof_rewrite_scheduled] == 0 && [s aof_rewrite_in_progress] == 0 && [s aof_last_bgrewrite_status] eq "ok"
        } else { fail "the scheduled rewrite did not run" }
        restart_server
        r dbsize
    } {22}

    test {appendfsync accepts always, everysec and no} {
        foreach p {always no everysec} {
            r config set appendfsync $p
            assert_equal [lindex [r config get appendfsync] 1] $p
            r incr fsynced
        }
        assert_error {*argument(s) must be one of the following*} {r config set appendfsync sometimes}
        restart_server
        r get fsynced
    } {3}
}


# ------------------------------------------------------ turning it on/off

start_server {tags {"aof"}} {
    test {CONFIG SET appendonly yes creates the AOF from the dataset} {
        r set before 1
        r rpush list a b c
        assert_equal [s aof_enabled] 0
        r config set appendonly yes
        r set during 1
        wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0 && [s aof_rewrites] == 1} else {
            fail "the initial rewrite did not finish"
        }
        assert_equal [aof_manifest] [list "file appendonly.aof.1.base.rdb seq 1 type b" \
                                         "file appendonly.aof.1.incr.aof seq 1 type i"]
        r set after 1
        set digest [r debug digest]
        r config rewrite
        restart_server
        assert_equal [s aof_enabled] 1
        assert_equal [r debug digest] $digest
        lsort [r keys *]
    } {after before during list}

    test {CONFIG SET appendonly no stops writing the AOF} {
        set size [file size [aof_current_incr]]
        r config set appendonly no
        r set not:logged 1
        assert_equal [s aof_enabled] 0
        assert_equal [file size [aof_current_incr]] $size
    }

    test {auto-aof-rewrite-percentage rewrites the AOF once it grew enough} {
        r config set appendonly yes
        wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0 && [s aof_enabled] == 1} else {
            fail "AOF not enabled"
        }
        set rewrites [s aof_rewrites]
        r config set auto-aof-rewrite-min-size 1024
        r config set auto-aof-rewrite-percentage 100
        for {set i 0} {$i < 100} {incr i} { r set grow:$i [string repeat x 100] }
        wait_for_condition 100 50 {[s aof_rewrites] > $rewrites && [s aof_rewrite_in_progress] == 0} else {
            fail "no automatic rewrite"
        }
        wait_for_log_pattern "*Starting automatic rewriting of AOF on *% growth*"
        r config set auto-aof-rewrite-percentage 0
        r dbsize
    } {105}
}

start_server {tags {"aof"}} {
    test {An old single-file appendonly.aof is loaded and moved into the AOF directory} {
        set dir [lindex [r config get dir] 1]
        aof_write_bytes [file join $dir appendonly.aof] \
            "*2\r\n\$6\r\nSELECT\r\n\$1\r\n9\r\n*3\r\n\$3\r\nset\r\n\$3\r\nold\r\n\$5\r\nstyle\r\n"
        r config set appendonly yes
        wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0 && [s aof_enabled] == 1} else {
            fail "AOF not enabled"
        }
        r config rewrite
        # Start over from the old file alone.
        file delete -force [aof_dir]
        r flushall
        restart_server
        assert_equal [r get old] style
        assert {![file exists [file join $dir appendonly.aof]]}
        aof_manifest
    } {{file appendonly.aof seq 1 type b} {file appendonly.aof.1.incr.aof seq 1 type i}}
}

start_server {tags {"aof"} overrides {appendonly yes aof-use-rdb-preamble no}} {
    test {While an AOF loads at start-up, commands get -LOADING and INFO shows the progress} {
        for {set i 0} {$i < 5000} {incr i} { r set key:$i [string repeat x 50] }
        set dir [lindex [r config get dir] 1]
        set port [next_free_port]
        # A second server on a copy of the AOF directory, slowed down per
        # command, so that the load lasts long enough to be seen.
        set copy [file join $dir loadcopy]
        file mkdir $copy
        file copy [aof_dir] [file join $copy [lindex [r config get appenddirname] 1]]
        set pid [exec $::opt(server_binary) --port $port --bind 127.0.0.1 --save "" --dir $copy \
            --appendonly yes --key-load-delay 200 >$copy/loading.log 2>@1 &]
        wait_for_condition 100 20 {
            ![catch {socket 127.0.0.1 $port} fd]
        } else {
            fail "the loading server did not listen"
        }
        close $fd
        set c [redis 127.0.0.1 $port]
        set errmsg {}
        catch {$c get key:1} errmsg
        set info [$c info persistence]
        $c close
        catch {exec kill -KILL $pid}
        wait_for_condition 100 20 {![pid_alive $pid]} else {fail "the loading server did not exit"}
        assert_match "LOADING*" $errmsg
        assert_match "*loading:1*" $info
        regexp {loading_total_bytes:(\d+)} $info -> total
        assert_morethan $total 0
    }
}
