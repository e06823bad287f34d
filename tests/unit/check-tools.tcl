# redis-check-rdb and redis-check-aof: the offline checkers, run on files
# written by the server under test (valid ones, then truncated and corrupted
# copies), their report lines and exit codes, --fix and
# --truncate-to-timestamp, and the server loading a repaired AOF.
#
# The checkers are taken next to the server binary (src/redis-check-rdb,
# links to redis-server; /usr/bin/redis-check-rdb beside Debian's server).

proc ck_tool {name} {
    file join [file dirname $::opt(server_binary)] $name
}

# Run a checker: returns {exit-status output}.  `input` is fed to stdin.
proc ck_run {name args} {
    ck_run_input "" $name {*}$args
}

proc ck_run_input {input name args} {
    set rc 0
    if {[catch {exec [ck_tool $name] {*}$args << $input 2>@1} out opts]} {
        set rc 1
        set code [dict get $opts -errorcode]
        if {[lindex $code 0] eq "CHILDSTATUS"} { set rc [lindex $code 2] }
        # exec's own note, not the program's output.
        regsub {\nchild process exited abnormally$} $out {} out
    }
    list $rc $out
}

# `out` holds `str` literally.
proc ck_contains {out str} {
    if {[string first $str $out] < 0} { fail "'$str' not in:\n$out" }
}

# Reading and writing files whole: aof_read_bytes and aof_write_bytes
# (tests/support/aof.tcl).

# A scratch directory for copies, emptied first.
proc ck_scratch {name} {
    set dir [file join $::tmp_dir check-tools.[pid].$name]
    file delete -force $dir
    file mkdir $dir
    return $dir
}

# Overwrite one byte of a file.
proc ck_poke {path offset byte} {
    set fd [open $path r+b]
    seek $fd $offset
    puts -nonewline $fd $byte
    close $fd
}

proc ck_truncate {path size} {
    aof_write_bytes $path [string range [aof_read_bytes $path] 0 [expr {$size - 1}]]
}

proc ck_aof_dir {} {
    file join [lindex [r config get dir] 1] [lindex [r config get appenddirname] 1]
}

proc ck_manifest_path {} {
    file join [ck_aof_dir] "[lindex [r config get appendfilename] 1].manifest"
}

# The AOF analyzed line's fields, as a dict.
proc ck_analyzed {out name} {
    set re "AOF analyzed: filename=[string map {. \\.} $name], size=(\\d+), ok_up_to=(\\d+), ok_up_to_line=(\\d+), diff=(\\d+)"
    if {![regexp $re $out -> size ok line diff]} { fail "no analyzed line for $name in:\n$out" }
    dict create size $size ok_up_to $ok line $line diff $diff
}

start_server {tags {"check-tools"}} {
    r select 0
    r set str v
    r set ttl v px 100000000
    r rpush list a b c
    r hset hash f v
    r sadd set 1 2 3
    r zadd zset 1 a
    r xadd stream 1-1 f v
    r select 9
    r set other 1
    r save
    set rdb [file join [lindex [r config get dir] 1] [lindex [r config get dbfilename] 1]]
    set dir [ck_scratch rdb]
    file copy $rdb [file join $dir dump.rdb]
    set good [file join $dir dump.rdb]
    set size [file size $good]

    test {redis-check-rdb: a valid file is reported OK, with its keys and expires} {
        lassign [ck_run redis-check-rdb $good] rc out
        assert_equal $rc 0
        assert_match "\\\[offset 0\\\] Checking RDB file $good\n*" $out
        assert_match {*] AUX FIELD redis-ver = '*'*} $out
        ck_contains $out "\] Selecting DB ID 0\n"
        ck_contains $out "\] Selecting DB ID 9\n"
        assert_match "*\\\[offset $size\\\] Checksum OK\n\\\[offset $size\\\] \\\\o/ RDB looks OK! \\\\o/\n*" $out
        assert_match "*\n\\\[info\\\] 8 keys read\n\\\[info\\\] 1 expires\n\\\[info\\\] 0 already expired" $out
    }

    test {redis-check-rdb: a truncated file is an unexpected EOF, exit status 1} {
        set bad [file join $dir cut.rdb]
        file copy -force $good $bad
        ck_truncate $bad [expr {$size - 20}]
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        assert_match "*--- RDB ERROR DETECTED ---\n\\\[offset *\\\] Unexpected EOF reading RDB file\n\\\[additional info\\\] While doing: *" $out
        assert_no_match {*RDB looks OK*} $out
    }

    test {redis-check-rdb: a changed checksum is a CRC error} {
        set bad [file join $dir crc.rdb]
        file copy -force $good $bad
        set last [string index [aof_read_bytes $good] end]
        ck_poke $bad [expr {$size - 1}] [format %c [expr {([scan $last %c] + 1) % 256}]]
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        assert_match "*\\\[offset $size\\\] RDB CRC error\n\\\[additional info\\\] While doing: check-sum\n\\\[info\\\] 8 keys read*" $out
    }

    test {redis-check-rdb: a bad signature, a bad version, an empty file} {
        set bad [file join $dir bad.rdb]
        aof_write_bytes $bad "REDIX0010xxxxxxxx"
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        ck_contains $out {[offset 9] Wrong signature trying to load DB from file}
        aof_write_bytes $bad "REDIS0099xxxxxxxx"
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        ck_contains $out {[offset 9] Can't handle RDB format version 99}
        aof_write_bytes $bad ""
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        ck_contains $out {[offset 0] Unexpected EOF reading RDB file}
    }

    test {redis-check-rdb: an unknown value type names the state and keeps the counts} {
        # A file that selects db 0 and then holds a key of type 99.
        set bad [file join $dir type.rdb]
        aof_write_bytes $bad "REDIS0010\xfe\x00\x63\x01k"
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        assert_match "*\\\[offset 12\\\] Invalid object type: 99\n\\\[additional info\\\] While doing: read-type\n*\\\[info\\\] 0 keys read*" $out
    }

    test {redis-check-rdb: a corrupt value names the key and its type} {
        # The small hash is a listpack stored as is: type 16, "hash", its
        # length, then the listpack whose total-bytes header is changed.
        set bad [file join $dir value.rdb]
        file copy -force $good $bad
        set at [string first "\x10\x04hash" [aof_read_bytes $good]]
        assert_morethan $at 0
        ck_poke $bad [expr {$at + 7}] "\xee"
        lassign [ck_run redis-check-rdb $bad] rc out
        assert_equal $rc 1
        assert_match "*--- RDB ERROR DETECTED ---\n*\n\\\[additional info\\\] While doing: read-object-value\n\\\[additional info\\\] Reading key 'hash'\n\\\[additional info\\\] Reading type 16 (hash-listpack)\n*" $out
        assert_no_match {*RDB looks OK*} $out
    }

    test {redis-check-rdb: a file saved without checksum is accepted} {
        set nock [file join $dir nock.rdb]
        aof_write_bytes $nock "REDIS0010\xff\x00\x00\x00\x00\x00\x00\x00\x00"
        lassign [ck_run redis-check-rdb $nock] rc out
        assert_equal $rc 0
        ck_contains $out "\[offset 18\] RDB file was saved with checksum disabled: no check performed.\n\[offset 18\] \\o/ RDB looks OK! \\o/"
    }

    test {redis-check-rdb: usage and a missing file exit with status 1} {
        lassign [ck_run redis-check-rdb] rc out
        assert_equal $rc 1
        assert_match {*Usage: *redis-check-rdb <rdb-file-name>*} $out
        lassign [ck_run redis-check-rdb [file join $dir nosuchfile.rdb]] rc out
        assert_equal $rc 1
        assert_no_match {*RDB looks OK*} $out
    }
}

start_server {tags {"check-tools"} overrides {appendonly yes aof-use-rdb-preamble yes}} {
    test {redis-check-aof: a manifest with an RDB base and an incr file is valid} {
        r set a 1
        r rpush l x y
        r bgrewriteaof
        wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0 && [s aof_rewrite_scheduled] == 0} else {
            fail "the rewrite did not finish"
        }
        r set b 2
        r incr a
        lassign [ck_run redis-check-aof [ck_manifest_path]] rc out
        assert_equal $rc 0
        assert_match "Start checking Multi Part AOF\nStart to check BASE AOF (RDB format).\n\\\[offset 0\\\] Checking RDB file appendonly.aof.*.base.rdb\n*" $out
        assert_match "*RDB looks OK*\nRDB preamble is OK, proceeding with AOF tail...\nAOF analyzed: filename=appendonly.aof.*.base.rdb, size=*, ok_up_to=*, ok_up_to_line=1, diff=0\nBASE AOF appendonly.aof.*.base.rdb is valid\nStart to check INCR files.\n*" $out
        assert_match "*INCR AOF appendonly.aof.*.incr.aof is valid\nAll AOF files and manifest are valid" $out
    }

    test {redis-check-aof: a truncated incr tail is found, --fix asks, then truncates it} {
        set dir [ck_scratch aof1]
        foreach f [glob -directory [ck_aof_dir] *] { file copy $f $dir }
        set manifest [file join $dir [file tail [ck_manifest_path]]]
        set incr [lindex [lsort [glob -directory $dir *.incr.aof]] end]
        set good [file size $incr]
        aof_write_bytes $incr "*3\r\n\$3\r\nset\r\n\$1\r\nc\r\n\$1" ab
        set name [file tail $incr]

        lassign [ck_run redis-check-aof $manifest] rc out
        assert_equal $rc 1
        set an [ck_analyzed $out $name]
        assert_equal [dict get $an ok_up_to] $good
        assert_equal [dict get $an diff] 22
        assert_match "*\nAOF $name is not valid. Use the --fix option to try fixing it." $out

        # Declined: nothing changes.
        lassign [ck_run_input "n\n" redis-check-aof --fix $manifest] rc out
        assert_equal $rc 1
        assert_match "*This will shrink the AOF $name from [expr {$good + 22}] bytes, with 22 bytes, to $good bytes\nContinue? \\\[y/N\\\]: Aborting..." $out
        assert_equal [file size $incr] [expr {$good + 22}]

        lassign [ck_run_input "y\n" redis-check-aof --fix $manifest] rc out
        assert_equal $rc 0
        assert_match "*Continue? \\\[y/N\\\]: Successfully truncated AOF $name\nAll AOF files and manifest are valid" $out
        assert_equal [file size $incr] $good
        lindex [ck_run redis-check-aof $manifest] 0
    } {0}

    test {redis-check-aof: only the last file of a manifest may be truncated} {
        set dir [ck_scratch aof2]
        foreach f [glob -directory [ck_aof_dir] *] { file copy $f $dir }
        set manifest [file join $dir [file tail [ck_manifest_path]]]
        set incr [lindex [lsort [glob -directory $dir *.incr.aof]] end]
        set name [file tail $incr]
        # A second incr file after the damaged one.
        aof_write_bytes [file join $dir second.incr.aof] "*1\r\n\$4\r\nPING\r\n"
        aof_write_bytes $manifest "file second.incr.aof seq 99 type i\n" ab
        aof_write_bytes $incr "*2\r\n\$3\r\nGET" ab
        lassign [ck_run_input "y\n" redis-check-aof --fix $manifest] rc out
        assert_equal $rc 1
        assert_match "*\nFailed to truncate AOF $name because it is not the last file" $out
        assert_no_match {*second.incr.aof*} $out
    }

    test {redis-check-aof --truncate-to-timestamp on a manifest cuts the last incr file} {
        set dir [ck_scratch aof5]
        foreach f [glob -directory [ck_aof_dir] *] { file copy $f $dir }
        set manifest [file join $dir [file tail [ck_manifest_path]]]
        set incr [lindex [lsort [glob -directory $dir *.incr.aof]] end]
        set name [file tail $incr]
        set good [file size $incr]
        aof_write_bytes $incr "#TS:1000\r\n*1\r\n\$4\r\nPING\r\n" ab
        lassign [ck_run redis-check-aof --truncate-to-timestamp 999 $manifest] rc out
        assert_equal $rc 0
        assert_match "*\nStart to check INCR files.\nSuccessfully truncated AOF $name to timestamp 999\nAll AOF files and manifest are valid" $out
        assert_equal [file size $incr] $good
    }

    test {redis-check-aof: a damaged RDB base is not sane, with or without --fix} {
        set dir [ck_scratch aof3]
        foreach f [glob -directory [ck_aof_dir] *] { file copy $f $dir }
        set manifest [file join $dir [file tail [ck_manifest_path]]]
        set base [lindex [glob -directory $dir *.base.rdb] 0]
        ck_truncate $base [expr {[file size $base] - 12}]
        lassign [ck_run_input "y\n" redis-check-aof --fix $manifest] rc out
        assert_equal $rc 1
        assert_match "*--- RDB ERROR DETECTED ---*\nRDB preamble of AOF file is not sane, aborting." $out
    }

    test {redis-check-aof: a missing file of the manifest} {
        set dir [ck_scratch aof4]
        foreach f [glob -directory [ck_aof_dir] *] { file copy $f $dir }
        set manifest [file join $dir [file tail [ck_manifest_path]]]
        set base [lindex [glob -directory $dir *.base.rdb] 0]
        file delete $base
        lassign [ck_run redis-check-aof $manifest] rc out
        assert_equal $rc 1
        assert_match "Start checking Multi Part AOF\nCannot open file $base: No such file or directory" $out
    }

    test {The server loads an AOF repaired by redis-check-aof --fix} {
        r config set aof-load-truncated no
        r config rewrite
        r set c 3
        set incr [lindex [lsort [glob -directory [ck_aof_dir] *.incr.aof]] end]
        aof_write_bytes $incr "*3\r\n\$3\r\nset\r\n\$1\r\nd\r\n\$1" ab
        lassign [ck_run_input "y\n" redis-check-aof --fix [ck_manifest_path]] rc out
        assert_equal $rc 0
        restart_server
        list [r get a] [r get b] [r get c] [r exists d] [r lrange l 0 -1]
    } {2 2 3 0 {x y}}
}

start_server {tags {"check-tools"} overrides {appendonly yes aof-use-rdb-preamble no}} {
    test {redis-check-aof: a base of commands is checked as RESP} {
        r set a 1
        r bgrewriteaof
        wait_for_condition 100 50 {[s aof_rewrite_in_progress] == 0 && [s aof_rewrite_scheduled] == 0} else {
            fail "the rewrite did not finish"
        }
        lassign [ck_run redis-check-aof [ck_manifest_path]] rc out
        assert_equal $rc 0
        assert_match "Start checking Multi Part AOF\nStart to check BASE AOF (RESP format).\nAOF analyzed: filename=appendonly.aof.*.base.aof, size=*, diff=0\nBASE AOF appendonly.aof.*.base.aof is valid\n*All AOF files and manifest are valid" $out
    }
}

# Single-file ("old-style") AOFs, written by hand.
start_server {tags {"check-tools"}} {
    set dir [ck_scratch old]
    set ping "*1\r\n\$4\r\nPING\r\n"

    test {redis-check-aof: a valid single-file AOF, with annotations} {
        set f [file join $dir ok.aof]
        aof_write_bytes $f "#TS:100\r\n$ping#note\r\n$ping"
        lassign [ck_run redis-check-aof $f] rc out
        assert_equal $rc 0
        # Annotation lines are not counted in ok_up_to_line.
        set out
    } "Start checking Old-Style AOF\nAOF analyzed: filename=$dir/ok.aof, size=44, ok_up_to=44, ok_up_to_line=7, diff=0\nAOF $dir/ok.aof is valid"

    test {redis-check-aof: an empty file} {
        set f [file join $dir empty.aof]
        aof_write_bytes $f ""
        ck_run redis-check-aof $f
    } [list 0 "Start checking Old-Style AOF\nAOF $dir/empty.aof is empty"]

    test {redis-check-aof: each kind of damage, with the offset of the failing read} {
        set cases [list \
            "$ping*2\r\n\$3\r\nGET\r\n\$1\r\nab\r\n" "0x              1f: Expected \\r\\n, got: 620d" 14 \
            "$ping*2\r\n\$3\r\nGET\r\nX1\r\n" "0x              1b: Expected prefix '\$', got: 'X'" 14 \
            "$ping*1\r\n\$4\r\nPI" "0x              16: Expected to read 6 bytes, got 2 bytes" 14 \
            "$ping*1\r\n\$5\r\nMULTI\r\n$ping" "0x              25: Reached EOF before reading EXEC for MULTI" 14 \
            "$ping*1\r\n\$4\r\nEXEC\r\n" "0x              16: Unexpected EXEC in AOF $dir/bad.aof" 14 \
            "$ping*1\r\n\$5\r\nMULTI\r\n*1\r\n\$5\r\nMULTI\r\n" "0x              25: Unexpected MULTI in AOF $dir/bad.aof" 14 \
        ]
        set f [file join $dir bad.aof]
        foreach {data err ok} $cases {
            aof_write_bytes $f $data
            lassign [ck_run redis-check-aof $f] rc out
            assert_equal $rc 1
            assert_equal [lindex [split $out "\n"] 1] $err
            set an [ck_analyzed $out $f]
            assert_equal [dict get $an ok_up_to] $ok
            assert_equal [dict get $an diff] [expr {[string length $data] - $ok}]
        }
    }

    test {redis-check-aof: a line that is not a command is a format error} {
        set f [file join $dir garbage.aof]
        aof_write_bytes $f "$ping garbage\r\n"
        lassign [ck_run redis-check-aof $f] rc out
        assert_equal $rc 1
        assert_match "*\nAOF $f format error\nAOF analyzed: filename=$f, size=24, ok_up_to=14, ok_up_to_line=4, diff=10\n*" $out
        lassign [ck_run_input "y\n" redis-check-aof --fix $f] rc out
        assert_equal $rc 0
        aof_read_bytes $f
    } "*1\r\n\$4\r\nPING\r\n"

    test {redis-check-aof: an RDB preamble, then commands} {
        r set k v
        r save
        set rdb [file join [lindex [r config get dir] 1] [lindex [r config get dbfilename] 1]]
        set f [file join $dir preamble.aof]
        aof_write_bytes $f "[aof_read_bytes $rdb]$ping"
        lassign [ck_run redis-check-aof $f] rc out
        assert_equal $rc 0
        assert_match "Start checking Old-Style AOF\n\\\[offset 0\\\] Checking RDB file $f\n*RDB looks OK*\nRDB preamble is OK, proceeding with AOF tail...\nAOF analyzed: filename=$f, size=*, diff=0\nAOF $f is valid" $out
    }

    test {redis-check-aof --truncate-to-timestamp cuts before the first later annotation} {
        set f [file join $dir ts.aof]
        set data "#TS:100\r\n$ping#TS:200\r\n$ping#TS:300\r\n$ping"
        aof_write_bytes $f $data
        lassign [ck_run redis-check-aof --truncate-to-timestamp 200 $f] rc out
        assert_equal $rc 0
        assert_equal $out "Start checking Old-Style AOF\nSuccessfully truncated AOF $f to timestamp 200"
        assert_equal [file size $f] 46

        # Nothing later: nothing to cut.
        lassign [ck_run redis-check-aof --truncate-to-timestamp 500 $f] rc out
        assert_equal $rc 0
        assert_equal $out "Start checking Old-Style AOF\nTruncate nothing in AOF $f to timestamp 500\nAOF $f is valid"

        # Everything later: refused, the file stays.
        lassign [ck_run redis-check-aof --truncate-to-timestamp 50 $f] rc out
        assert_equal $rc 1
        assert_equal $out "Start checking Old-Style AOF\nAOF $f has nothing before timestamp 50, aborting..."
        file size $f
    } {46}

    test {redis-check-aof: usage errors and a missing file} {
        set usage {*Usage: *redis-check-aof \[--fix|--truncate-to-timestamp $timestamp\] <file.manifest|file.aof>*}
        lassign [ck_run redis-check-aof] rc out
        assert_equal $rc 1
        assert_match $usage $out
        lassign [ck_run redis-check-aof --bogus x] rc out
        assert_equal $rc 1
        assert_match $usage $out
        ck_run redis-check-aof [file join $dir nosuch.aof]
    } [list 1 "Cannot open file [file join $dir nosuch.aof]: No such file or directory"]
}
