# RDB persistence: SAVE, BGSAVE, LASTSAVE, save points, DEBUG RELOAD,
# loading at start-up (including files written by Redis 7.0.15, committed in
# tests/assets/ by tests/helpers/make_rdb_fixtures.py), refusal of corrupt
# files, rdbcompression / rdbchecksum, stop-writes-on-bgsave-error and the
# INFO persistence fields.

# A dataset with every type in every encoding, some keys with TTLs.
proc rdb_fill_all_types {} {
    r flushall
    r set s:emb "hello"
    r set s:int 12345
    r set s:raw [string repeat x 100]
    r set s:bin "a\x00b\r\nc"
    r set s:ttl v
    r pexpire s:ttl 100000000
    r rpush l:small a b 1 2
    for {set i 0} {$i < 300} {incr i} { r rpush l:big "element-$i" }
    r sadd set:int 1 2 3
    r sadd set:str a b c
    for {set i 0} {$i < 600} {incr i} { r sadd set:bigint $i }
    r zadd z:lp 1 a 2 b -1.5 c
    for {set i 0} {$i < 200} {incr i} { r zadd z:sl $i m$i }
    r zadd z:inf inf up -inf down
    r hset h:lp f1 v1 f2 2
    for {set i 0} {$i < 600} {incr i} { r hset h:ht f$i v$i }
    r expire h:ht 100000
}

# OBJECT ENCODING of every key, as a dict.
proc rdb_encodings {} {
    set out {}
    foreach k [lsort [r keys *]] { dict set out $k [r object encoding $k] }
    return $out
}

# The server's working directory and its dump file.
proc rdb_dir {} { lindex [r config get dir] 1 }
proc rdb_file {} { file join [rdb_dir] [lindex [r config get dbfilename] 1] }

proc rdb_read_bytes {path} {
    set fd [open $path rb]
    set data [read $fd]
    close $fd
    return $data
}

proc rdb_write_bytes {path data} {
    set fd [open $path wb]
    puts -nonewline $fd $data
    close $fd
}

# The pid of the last BGSAVE child, from the log.
proc rdb_last_bgsave_pid {} {
    set pids [regexp -all -inline {Background saving started by pid (\d+)} [read_file_text [srv 0 stdout]]]
    lindex $pids end
}

# Copy a fixture from tests/assets over the server's dump file and load it.
proc rdb_load_fixture {name} {
    file copy -force [file join $::assets_dir $name] [rdb_file]
    r debug reload nosave
}

start_server {tags {"rdb"}} {
    test {SAVE writes the dump file, resets the change counter and sets LASTSAVE} {
        r flushall
        r set a 1
        r set b 2
        assert_morethan [s rdb_changes_since_last_save] 0
        set before [clock seconds]
        assert_equal [r save] OK
        assert {[file exists [rdb_file]]}
        assert_equal [s rdb_changes_since_last_save] 0
        assert_range [r lastsave] [expr {$before - 1}] [expr {[clock seconds] + 1}]
        assert_equal [s rdb_last_save_time] [r lastsave]
        wait_for_log_pattern "*DB saved on disk*"
        string range [rdb_read_bytes [rdb_file]] 0 8
    } {REDIS0010}

    test {SAVE has no arguments} {
        assert_error {*wrong number of arguments*} {r save now}
    }

    test {DEBUG RELOAD keeps every type, value and TTL} {
        rdb_fill_all_types
        set dump [csvdump]
        set digest [r debug digest]
        set ttl [r pttl s:ttl]
        assert_equal [r debug reload] OK
        assert_equal [csvdump] $dump
        assert_equal [r debug digest] $digest
        assert_range [r pttl s:ttl] [expr {$ttl - 10000}] $ttl
        assert_range [r ttl h:ht] 90000 100000
        assert_equal [r ttl l:big] -1
        wait_for_log_pattern "*DB reloaded by DEBUG RELOAD*"
        wait_for_log_pattern "*Done loading RDB, keys loaded: *, keys expired: 0.*"
    }

    test {DEBUG RELOAD keeps the encodings} {
        rdb_fill_all_types
        set enc [rdb_encodings]
        r debug reload
        assert_equal [rdb_encodings] $enc
        assert_encoding embstr s:emb
        assert_encoding int s:int
        assert_encoding raw s:raw
        assert_encoding quicklist l:big
        assert_encoding intset set:int
        assert_encoding hashtable set:str
        assert_encoding hashtable set:bigint
        assert_encoding listpack z:lp
        assert_encoding skiplist z:sl
        assert_encoding listpack h:lp
        assert_encoding hashtable h:ht
    }

    test {DEBUG RELOAD keeps streams: XINFO STREAM FULL is the same} {
        r flushall
        r config set stream-node-max-entries 4
        for {set i 1} {$i <= 30} {incr i} { r xadd s 1-$i f $i name n$i }
        r xadd s 2-0 other [string repeat abcdefghij 30]
        r xdel s 1-2 1-5 1-6 1-7 1-8 1-30
        r xgroup create s g1 0
        r xgroup create s g2 $ entriesread 31
        r xreadgroup group g1 alice count 3 streams s >
        r xreadgroup group g1 bob count 2 streams s >
        r xclaim s g1 bob 0 1-1 TIME 1700000000000 RETRYCOUNT 4
        r xgroup createconsumer s g1 carol
        r xadd x 3-1 a b
        r xsetid x 99-7 entriesadded 40 maxdeletedid 50-0
        r xadd e 1-1 a 1
        r xdel e 1-1
        r xgroup create empty g $ mkstream
        r config set stream-node-max-entries 100
        set before {}
        foreach k {s x e empty} { lappend before [r xinfo stream $k full] [r debug digest-value $k] }
        assert_equal [r debug reload] OK
        set after {}
        foreach k {s x e empty} { lappend after [r xinfo stream $k full] [r debug digest-value $k] }
        assert_equal $after $before
        # The reloaded groups work: bob's entries, then new reads.
        set first [lindex [r xpending s g1 - + 10 bob] 0]
        assert_equal [list [lindex $first 0] [lindex $first 1] [lindex $first 3]] {1-1 bob 4}
        r xreadgroup group g1 carol count 1 streams s >
    } {{s {{1-11 {f 11 name n11}}}}}

    test {Loading converts values that are over the limits now} {
        r flushall
        r hset h a 1 b 2 c 3
        r zadd z 1 a 2 b 3 c
        r sadd s 1 2 3
        r config set hash-max-listpack-entries 2
        r config set zset-max-listpack-entries 2
        r config set set-max-intset-entries 2
        r debug reload
        set enc [list [r object encoding h] [r object encoding z] [r object encoding s]]
        r config set hash-max-listpack-entries 512
        r config set zset-max-listpack-entries 128
        r config set set-max-intset-entries 512
        assert_equal [lsort [r hgetall h]] {1 2 3 a b c}
        assert_equal [r zrange z 0 -1 withscores] {a 1 b 2 c 3}
        set enc
    } {hashtable skiplist hashtable}

    test {Loading makes small hash tables compact again, as Redis 7.0 does} {
        r flushall
        r config set hash-max-listpack-entries 1
        r config set zset-max-listpack-entries 1
        r config set set-max-intset-entries 1
        r hset h a 1 b 2
        r zadd z 1 a 2 b
        r sadd s 1 2
        r config set hash-max-listpack-entries 512
        r config set zset-max-listpack-entries 128
        r config set set-max-intset-entries 512
        assert_equal [list [r object encoding h] [r object encoding z] [r object encoding s]] \
            {hashtable skiplist hashtable}
        r debug reload
        list [r object encoding h] [r object encoding z] [r object encoding s]
    } {listpack listpack intset}

    test {A listpack with long values stays a listpack: only the entry count is checked} {
        r flushall
        r hset h a [string repeat x 100]
        r zadd z 1 [string repeat y 100]
        r config set hash-max-listpack-value 10
        r config set zset-max-listpack-value 10
        # Long values went straight to hash tables...
        assert_equal [list [r object encoding h] [r object encoding z]] {hashtable skiplist}
        r config set hash-max-listpack-value 1000
        r config set zset-max-listpack-value 1000
        r del h z
        r hset h a [string repeat x 100]
        r zadd z 1 [string repeat y 100]
        r config set hash-max-listpack-value 10
        r config set zset-max-listpack-value 10
        r debug reload
        set enc [list [r object encoding h] [r object encoding z]]
        r config set hash-max-listpack-value 64
        r config set zset-max-listpack-value 64
        set enc
    } {listpack listpack}

    test {DEBUG RELOAD NOSAVE loads the file as it is on disk} {
        r flushall
        r set k before
        r save
        r set k after
        r set other x
        r debug reload nosave
        list [r get k] [r exists other]
    } {before 0}

    test {DEBUG RELOAD NOSAVE NOFLUSH MERGE adds the file to the dataset} {
        r flushall
        r set k fromfile
        r set shared fromfile
        r save
        r del k
        r set shared inmemory
        r set onlymem 1
        r debug reload nosave noflush merge
        list [r get k] [r get shared] [r get onlymem]
    } {fromfile fromfile 1}

    test {DEBUG RELOAD rejects unknown options} {
        assert_error {*DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options*} {r debug reload foo}
    }

    test {Keys in several databases are reloaded into their databases} {
        r flushall
        r set k9 nine
        r select 12
        r set k12 twelve
        r debug reload
        set in12 [r get k12]
        r select 9
        list [r get k9] $in12 [r exists k12]
    } {nine twelve 0}

    test {Expired keys in the file are not loaded and are counted} {
        r flushall
        r debug set-active-expire 0
        r set gone v px 1
        r set stays v
        after 20
        r save
        r debug reload nosave
        r debug set-active-expire 1
        list [r exists gone] [r exists stays] [s rdb_last_load_keys_expired] [s rdb_last_load_keys_loaded]
    } {0 1 1 1}

    test {Empty data set: the file has no database and loads as empty} {
        r flushall
        r debug reload
        r dbsize
    } {0}

    test {DEBUG OBJECT serializedlength is the RDB size of the value} {
        r flushall
        r set str hello
        r set int 100
        r set big 1000000
        r hset h a 1
        list [regexp -inline {serializedlength:\d+} [r debug object str]] \
            [regexp -inline {serializedlength:\d+} [r debug object int]] \
            [regexp -inline {serializedlength:\d+} [r debug object big]] \
            [regexp -inline {serializedlength:\d+} [r debug object h]]
    } {serializedlength:6 serializedlength:2 serializedlength:5 serializedlength:13}

    test {rdbcompression: long repetitive strings are compressed} {
        r flushall
        r set long [string repeat abcdefgh 1000]
        r config set rdbcompression no
        r save
        set plain [file size [rdb_file]]
        r config set rdbcompression yes
        r save
        set compressed [file size [rdb_file]]
        assert_morethan $plain 8000
        assert_lessthan $compressed 1000
        r debug reload nosave
        string length [r get long]
    } {8000}

    # ------------------------------------------------- files from Redis 7.0.15

    test {A file written by Redis 7.0.15 loads: every type and encoding} {
        r flushall
        rdb_load_fixture rdb-oracle-types.rdb
        r select 0
        set res {}
        lappend res [r get str:int] [r object encoding str:int] [r get str:neg] [r get str:bigint]
        lappend res [r get str:emb] [r object encoding str:emb] [string length [r get str:raw]]
        lappend res [r pexpiretime str:ttl] [r pexpiretime hash:ht]
        lappend res [r lrange list:small 0 -1] [r llen list:big] [r lindex list:big 999]
        lappend res [r object encoding list:big]
        lappend res [r scard set:int] [r object encoding set:int] [r scard set:big] [r object encoding set:big]
        lappend res [r sismember set:str m49] [r object encoding set:str]
        lappend res [r zrange zset:lp 0 -1 withscores] [r object encoding zset:lp]
        lappend res [r zscore zset:sl member-199] [r zcard zset:sl] [r object encoding zset:sl]
        lappend res [r hgetall hash:lp] [r object encoding hash:lp]
        lappend res [r hget hash:ht field-599] [r hlen hash:ht] [r object encoding hash:ht]
        r select 5
        lappend res [r get db5:key] [r exists db5:expired]
        r select 9
        lappend res [s rdb_last_load_keys_loaded] [s rdb_last_load_keys_expired]
        set res
    } [list 12345 int -7 9223372036854775807 {hello world} embstr 100 4102444800000 4102444800000 \
        {a b 1 -2 300000 4294967296} 1000 element-999 quicklist 100 intset 600 hashtable 1 hashtable \
        {e -inf c -3 a 1 b 2.5 d inf} listpack 298.5 200 skiplist \
        [list f1 v1 f2 2 f3 [string repeat x 60]] listpack value-599 600 hashtable {in db 5} 0 16 1]

    test {A file written by Redis 7.0.15 logs its version, age and memory} {
        wait_for_log_pattern "*Loading RDB produced by version 7.0.15*"
        wait_for_log_pattern "*RDB age * seconds*"
        wait_for_log_pattern "*RDB memory usage when created * Mb*"
    }

    test {A file saved without compression and without checksum loads, unverified} {
        r flushall
        rdb_load_fixture rdb-oracle-plain.rdb
        r select 0
        set res [list [string length [r get plain:long]] [r llen plain:list] [r lindex plain:list 99]]
        r select 9
        wait_for_log_pattern "*RDB file was saved with checksum disabled: no check performed.*"
        set res
    } {100 100 element-99}

    test {A file written by Redis 7.0.15 with streams loads, and saves back the same} {
        r flushall
        rdb_load_fixture rdb-oracle-streams.rdb
        r select 0
        set info [r xinfo stream stream:s full]
        set res {}
        foreach f {length radix-tree-keys radix-tree-nodes last-generated-id max-deleted-entry-id
                   entries-added recorded-first-entry-id} {
            lappend res [dict get $info $f]
        }
        lappend res [r xrange stream:s 1-3 1-5]
        set g1 [lindex [dict get $info groups] 0]
        lappend res [dict get $g1 name] [dict get $g1 last-delivered-id] [dict get $g1 pending]
        foreach c [dict get $g1 consumers] { lappend res [dict get $c name] [dict get $c pending] }
        lappend res [dict get [lindex [dict get $info groups] 1] last-delivered-id]
        lappend res [string length [lindex [r xrange stream:long - +] 0 1 1]]
        set x [r xinfo stream stream:setid]
        lappend res [dict get $x last-generated-id] [dict get $x entries-added] [dict get $x max-deleted-entry-id]
        lappend res [r xlen stream:empty] [r exists stream:empty] [llength [r xinfo groups stream:nostream]]
        # Saved by us and loaded again: nothing changes.
        set before {}
        foreach k [lsort [r keys *]] { lappend before $k [r xinfo stream $k full] }
        r debug reload
        set after {}
        foreach k [lsort [r keys *]] { lappend after $k [r xinfo stream $k full] }
        assert_equal $after $before
        r select 9
        set res
    } {18 4 6 1-20 1-20 20 1-1 {{1-4 {g v4 h w}} {1-5 {f 5}}} g1 1-4 {{1-1 alice 1700000000000 7} {1-2 alice 1700000000250 1} {1-4 bob 1700000000500 2}} alice {{1-1 1700000000000 7} {1-2 1700000000250 1}} bob {{1-4 1700000000500 2}} 1-20 300 99-7 40 50-0 0 1 1}

    test {Function libraries in a file are kept and saved again} {
        r flushall
        rdb_load_fixture rdb-oracle-function.rdb
        r select 0
        assert_equal [r get fn:key] "with a function library"
        r select 9
        r config set rdbcompression no
        r save
        r config set rdbcompression yes
        set data [rdb_read_bytes [rdb_file]]
        assert_morethan [string first "#!lua name=rdbtestlib" $data] 0
        # And they survive a reload of our own file.
        r debug reload
        set data [rdb_read_bytes [rdb_file]]
        assert_morethan [string first "#!lua name=rdbtestlib" $data] 0
        # The library is loaded, not only kept: its function runs.
        assert_equal [r fcall rdbtestfn 0] 42
        r select 0
        r get fn:key
    } {with a function library}

    test {rdbchecksum no is immutable} {
        assert_error {*can't set immutable config*} {r config set rdbchecksum no}
    }
}

start_server {tags {"rdb"} overrides {rdbchecksum no}} {
    test {rdbchecksum no: the stored checksum is zero and the file loads} {
        r set k v
        r save
        set data [rdb_read_bytes [rdb_file]]
        binary scan [string range $data end-7 end] H* crc
        r debug reload nosave
        list $crc [r get k]
    } {0000000000000000 v}
}

# ------------------------------------------------------------ start-up loading

start_server {tags {"rdb"}} {
    test {The dataset is loaded at start-up} {
        rdb_fill_all_types
        set dump [csvdump]
        r save
        restart_server
        wait_for_log_pattern "*DB loaded from disk: * seconds*"
        assert_equal [csvdump] $dump
        r get s:emb
    } {hello}

    test {SHUTDOWN SAVE saves even without save points} {
        r set saved-at-shutdown yes
        catch {r shutdown save}
        restart_server
        r get saved-at-shutdown
    } {yes}

    test {SHUTDOWN NOSAVE does not save} {
        r set not-saved yes
        catch {r shutdown nosave}
        restart_server
        r exists not-saved
    } {0}
}

# A corrupt dump file must stop the server with a clear log line: each case
# gets its own server, which is expected to die on restart.
proc rdb_corrupt_case {name mutate pattern} {
    start_server {tags {"rdb"} overrides {rdbcompression no}} {
        test "Corrupt file refused at start-up: $name" {
            r flushall
            r set key1 [string repeat "value" 20]
            r rpush list a b c
            r save
            set path [rdb_file]
            set data [rdb_read_bytes $path]
            rdb_write_bytes $path [apply [list data $mutate] $data]
            set dir [srv 0 dir]
            catch {restart_server} err
            assert_match "*failed to restart*" $err
            assert_match $pattern [read_file_text $dir/stdout]
        }
    }
}

rdb_corrupt_case {truncated} {string range $data 0 end-30} \
    "*Short read or OOM loading DB. Unrecoverable error, aborting now.*"
rdb_corrupt_case {a flipped byte in a value} {
    set i [string first "valuevalue" $data]
    string replace $data $i $i "W"
} "*Wrong RDB checksum expected: (*) but got (*). Aborting now.*"
rdb_corrupt_case {an unknown value type} {
    # The type byte of "key1" (a string, type 0) becomes 100.
    set i [expr {[string first "\x04key1" $data] - 1}]
    string replace $data $i $i "\x64"
} "*Internal error in RDB reading offset*"

start_server {tags {"rdb"}} {
    test {A file that is not an RDB file is refused at start-up} {
        r set k v
        r save
        rdb_write_bytes [rdb_file] "NOTREDIS0010garbage"
        set dir [srv 0 dir]
        catch {restart_server} err
        assert_match "*failed to restart*" $err
        assert_match "*Wrong signature trying to load DB from file*" [read_file_text $dir/stdout]
    }
}

start_server {tags {"rdb"}} {
    test {A file of a newer RDB version is refused at start-up} {
        r set k v
        r save
        set data [rdb_read_bytes [rdb_file]]
        rdb_write_bytes [rdb_file] "REDIS0099[string range $data 9 end]"
        set dir [srv 0 dir]
        catch {restart_server} err
        assert_match "*failed to restart*" $err
        assert_match "*Can't handle RDB format version 99*" [read_file_text $dir/stdout]
    }
}

# ---------------------------------------------------------------- loading

start_server {tags {"rdb"}} {
    test {While loading, commands get -LOADING and INFO shows the progress} {
        for {set i 0} {$i < 2000} {incr i} { r set key:$i [string repeat x 100] }
        r save
        set dir [rdb_dir]
        set port [next_free_port]
        set pid [exec $::opt(server_binary) --port $port --bind 127.0.0.1 --save "" --dir $dir \
            --dbfilename [lindex [r config get dbfilename] 1] --key-load-delay 500 \
            --loading-process-events-interval-bytes 1024 >$dir/loading.log 2>@1 &]
        set fd {}
        wait_for_condition 100 20 {
            ![catch {socket 127.0.0.1 $port} fd]
        } else {
            fail "the loading server did not listen"
        }
        fconfigure $fd -translation binary
        set c [redis 127.0.0.1 $port]
        set errmsg {}
        catch {$c set foo bar} errmsg
        set info [$c info persistence]
        $c close
        close $fd
        catch {exec kill -KILL $pid}
        wait_for_condition 100 20 {![pid_alive $pid]} else {fail "the loading server did not exit"}
        assert_match "LOADING*" $errmsg
        assert_match "*loading:1*" $info
        assert_match "*loading_total_bytes:*" $info
        assert_match "*loading_loaded_perc:*" $info
        assert_match "*loading_eta_seconds:*" $info
    }
}

# ------------------------------------------------------------- BGSAVE

start_server {tags {"rdb"}} {
    test {BGSAVE writes the file in a child and updates LASTSAVE and INFO} {
        r flushall
        r set k v
        set saves [s rdb_saves]
        assert_equal [r bgsave] {Background saving started}
        wait_for_condition 100 50 {[s rdb_bgsave_in_progress] == 0} else {fail "BGSAVE did not finish"}
        wait_for_log_pattern "*Background saving started by pid*"
        wait_for_log_pattern "*Background saving terminated with success*"
        assert_equal [s rdb_last_bgsave_status] ok
        assert_equal [s rdb_saves] [expr {$saves + 1}]
        assert_morethan [s rdb_last_bgsave_time_sec] -1
        assert_equal [s rdb_current_bgsave_time_sec] -1
        assert_equal [s rdb_changes_since_last_save] 0
        r debug reload nosave
        r get k
    } {v}

    test {BGSAVE while a BGSAVE runs; SAVE while a BGSAVE runs} {
        for {set i 0} {$i < 100} {incr i} { r set slow:$i x }
        r config set rdb-key-save-delay 100000
        r bgsave
        wait_for_condition 50 20 {[s rdb_bgsave_in_progress] == 1} else {fail "no BGSAVE running"}
        assert_error {*Background save already in progress*} {r bgsave}
        assert_error {*Background save already in progress*} {r bgsave schedule}
        assert_error {*Background save already in progress*} {r save}
        assert_equal [s rdb_current_bgsave_time_sec] [s rdb_current_bgsave_time_sec]
        assert_morethan [s rdb_current_bgsave_time_sec] -1
        r config set rdb-key-save-delay 0
        # SIGUSR1 stops a saving child on purpose: not a failure.
        exec kill -USR1 [rdb_last_bgsave_pid]
        wait_for_condition 500 20 {[s rdb_bgsave_in_progress] == 0} else {fail "BGSAVE did not stop"}
        wait_for_log_pattern "*Background saving terminated by signal 10*"
        assert_equal [s rdb_last_bgsave_status] ok
        r ping
    } {PONG}

    test {BGSAVE arguments} {
        assert_error {*syntax error*} {r bgsave now}
        assert_error {*syntax error*} {r bgsave schedule extra}
    }

    test {Save points start a BGSAVE once enough changes are made} {
        wait_for_condition 500 20 {[s rdb_bgsave_in_progress] == 0} else {fail "BGSAVE did not finish"}
        r config set save "1 1"
        r set trigger 1
        wait_for_log_pattern "*changes in 1 seconds. Saving...*" 200 50
        wait_for_condition 200 50 {[s rdb_changes_since_last_save] == 0} else {fail "the save point did not save"}
        r config set save ""
        s rdb_last_bgsave_status
    } {ok}

    test {CONFIG GET save shows the save points} {
        r config set save "100 10 20 5"
        set v [lindex [r config get save] 1]
        r config set save ""
        set v
    } {100 10 20 5}
}

start_server {tags {"rdb"} overrides {enable-protected-configs yes}} {
    test {stop-writes-on-bgsave-error: writes get -MISCONF after a failed BGSAVE} {
        set sub [file join [rdb_dir] sub]
        file mkdir $sub
        r config set dir $sub
        r config set save "3600 1"
        file delete -force $sub
        r set k v
        r bgsave
        wait_for_condition 100 50 {[s rdb_last_bgsave_status] eq "err"} else {fail "BGSAVE did not fail"}
        wait_for_log_pattern "*Background saving error*"
        assert_error {MISCONF Redis is configured to save RDB snapshots*} {r set k v2}
        assert_error {MISCONF*} {r ping}
        # Reads go on.
        assert_equal [r get k] v
        assert_error {ERR*} {r save}
        r config set stop-writes-on-bgsave-error no
        r set k v3
        r config set stop-writes-on-bgsave-error yes
        # Without save points there is nothing to protect.
        r config set save ""
        r set k v4
        r get k
    } {v4}
}
