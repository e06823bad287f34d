# Test runner for the server's integration tests.
#
# Run from the repository root:
#
#   ./runtest [options]            (same as: tclsh tests/test_helper.tcl ...)
#
# Options:
#   --single UNIT        run only this test file, e.g. unit/keyspace or
#                        unit/type/list (repeatable)
#   --only PATTERN       run only tests whose name matches the glob PATTERN
#                        (repeatable)
#   --tags TAGS          TAG: run only tests carrying one of these tags;
#                        -TAG: skip tests carrying it (repeatable; one
#                        argument may hold several, e.g. --tags "a -slow")
#   --host H --port P    test an already running server; no server is
#                        started, blocks are FLUSHALLed first, tests tagged
#                        external:skip are skipped; implies --clients 1
#   --clients N          parallel worker processes (default 4)
#   --timeout SECONDS    time limit for one test file (default 600); a file
#                        over it is killed and counts as failed
#   --server-binary PATH server to test (default src/redis-server)
#   --baseport PORT      first port for started servers (default 21111)
#   --verbose            show each test as it starts, skips, error traces
#                        and server starts
#   --dont-clean         keep the servers' directories under tests/tmp/
#   --loop               run everything again and again until a failure
#   --list-tests         list the test files (and test names found in them)
#   --help               this text
#
# Layout:
#   tests/test_helper.tcl   this file: options, the coordinator, the workers
#   tests/support/redis.tcl  a Redis client in pure Tcl (RESP2 and RESP3)
#   tests/support/server.tcl start_server, srv, r, restart_server
#   tests/support/test.tcl   test, tags, assert_* commands
#   tests/support/util.tcl   wait_for_condition, randstring, csvdump, ...
#   tests/support/aof.tcl    reading the AOF directory: aof_parse, aof_appended, ...
#   tests/assets/            config files (default.conf) and other data
#   tests/unit/*.tcl, tests/unit/type/*.tcl, tests/integration/*.tcl
#                           the test files; all are run unless --single
#   tests/helpers/           programs used by tests (resp_replay.tcl)
#   tests/tmp/               servers' working directories (git-ignored)
#
# How it works: the coordinator (this process) listens on a loopback socket
# and starts --clients worker processes (tclsh running this file with
# --worker).  Each worker connects back, gets one test file at a time,
# sources it and reports every result as a message; each worker starts its
# servers on ports of its own range.  Files whose tags include "serial" are
# run after all the others, one at a time.  The run ends with the list of
# failures and a final line "N passed, N failed" (", N skipped" added when
# something was skipped).  The exit status is 0 only when nothing failed;
# a test file that dies or times out counts as a failure.
#
# Results: a failing assertion or any Tcl error inside a test fails that
# test only and the file goes on.  A Tcl error outside of tests aborts the
# rest of the file (one failure).  A server that cannot start, or whose log
# shows a crash when its block ends, fails that block (crashed servers keep
# their directory).  "Skipped" counts tests and blocks left out because of
# a -TAG or external:skip; tests filtered out by --only or an include TAG
# are not counted at all.
#
# A test file looks like this (the default client `r` has db 9 selected):
#
#   start_server {tags {"keyspace"} overrides {maxmemory 10mb}} {
#       test {SET and GET} {
#           r set foo bar
#           assert_equal [r get foo] bar
#           r get foo
#       } {bar}
#   }

set ::root [file normalize [file join [file dirname [info script]] ..]]
set ::tests_dir $::root/tests
set ::support_dir $::tests_dir/support
set ::assets_dir $::tests_dir/assets
set ::tmp_dir $::tests_dir/tmp
set ::current_file {}
set ::invocation_dir [pwd]

source $::support_dir/redis.tcl
source $::support_dir/server.tcl
source $::support_dir/test.tcl
source $::support_dir/util.tcl
source $::support_dir/aof.tcl

array set ::opt {
    single {} only {} allow_tags {} deny_tags {}
    host 127.0.0.1 port 6379 external 0
    clients 4 timeout 600 verbose 0 dont_clean 0 loop 0 list 0
    server_binary {} baseport 21111 portcount 200 server_start_timeout 10
    worker {}
}

proc usage {} {
    set fd [open [info script] r]
    set text [read $fd]
    close $fd
    foreach line [split $text "\n"] {
        if {![string match "#*" $line]} break
        puts [string range $line 2 end]
    }
}

proc parse_options {argv} {
    set host_given 0
    for {set i 0} {$i < [llength $argv]} {incr i} {
        set arg [lindex $argv $i]
        set val [lindex $argv [expr {$i + 1}]]
        set has_val [expr {$i + 1 < [llength $argv]}]
        switch -exact -- $arg {
            --help { usage; exit 0 }
            --verbose { set ::opt(verbose) 1; continue }
            --dont-clean { set ::opt(dont_clean) 1; continue }
            --loop { set ::opt(loop) 1; continue }
            --list-tests { set ::opt(list) 1; continue }
        }
        if {![string match --* $arg]} {
            puts stderr "Unexpected argument '$arg' (see --help)"
            exit 1
        }
        if {$arg ni {--single --only --tags --host --port --clients --timeout
                --baseport --server-binary --worker}} {
            puts stderr "Unknown option '$arg' (see --help)"
            exit 1
        }
        if {!$has_val} {
            puts stderr "Option $arg needs a value (see --help)"
            exit 1
        }
        incr i
        switch -exact -- $arg {
            --single { lappend ::opt(single) $val }
            --only { lappend ::opt(only) $val }
            --tags {
                foreach t $val {
                    if {[string index $t 0] eq "-"} {
                        lappend ::opt(deny_tags) [string range $t 1 end]
                    } else {
                        lappend ::opt(allow_tags) $t
                    }
                }
            }
            --host { set ::opt(host) $val; set ::opt(external) 1 }
            --port { set ::opt(port) $val; set ::opt(external) 1 }
            --clients - --timeout - --baseport {
                if {![string is integer -strict $val] || $val < 1} {
                    puts stderr "Option $arg needs a positive integer"
                    exit 1
                }
                set ::opt([string range $arg 2 end]) $val
            }
            --server-binary {
                set ::opt(server_binary) [file normalize \
                    [file join $::invocation_dir $val]]
            }
            --worker {
                # Internal: --worker {slot coordinator-port options}
                set ::opt(worker) $val
            }
        }
    }
    if {$::opt(server_binary) eq ""} {
        set ::opt(server_binary) $::root/src/redis-server
    }
    if {$::opt(external)} { set ::opt(clients) 1 }
}

# ---------------------------------------------------------------- messages
# Messages between coordinator and workers are Tcl lists, sent as a line
# with the byte length followed by the UTF-8 encoded list.

proc send_msg {sock args} {
    set data [encoding convertto utf-8 $args]
    puts -nonewline $sock "[string length $data]\n$data"
    flush $sock
}

# Returns the message, or raises an error on EOF.
proc recv_msg {sock} {
    if {[gets $sock len] < 0 || ![string is integer -strict $len]} {
        error "connection closed"
    }
    set data [read $sock $len]
    if {[string length $data] != $len} { error "connection closed" }
    return [encoding convertfrom utf-8 $data]
}

# ------------------------------------------------------------------ worker

proc harness_report {type args} {
    if {![info exists ::coord_sock]} {
        puts "$type: $args"
        return
    }
    if {[catch {send_msg $::coord_sock $type {*}$args}]} {
        # The coordinator is gone (interrupted?): stop our servers and quit.
        foreach s $::servers {
            if {![dict get $s external]} { catch {stop_process [dict get $s pid]} }
        }
        exit 1
    }
}

proc worker_main {} {
    lassign $::opt(worker) slot port options
    array set ::opt $options
    set ::opt(baseport) [expr {$::opt(baseport) + $slot * $::opt(portcount)}]
    set ::coord_sock [socket 127.0.0.1 $port]
    fconfigure $::coord_sock -translation binary -blocking 1
    send_msg $::coord_sock hello $slot [pid]
    while 1 {
        if {[catch {recv_msg $::coord_sock} msg]} { exit 0 }
        switch -exact -- [lindex $msg 0] {
            run  { run_test_file [lindex $msg 1] }
            quit { exit 0 }
        }
    }
}

proc run_test_file {unit} {
    set ::current_file $unit
    set ::tags {}
    set ::servers {}
    set ::in_test 0
    set start [clock milliseconds]
    if {[catch {uplevel #0 [list source $::tests_dir/$unit.tcl]} err opts]} {
        harness_report exception $err [dict get $opts -errorinfo]
    }
    # A file that escaped its blocks through an error leaves nothing
    # running: start_server cleans up on the way out.
    harness_report done $unit [expr {[clock milliseconds] - $start}]
}

# ------------------------------------------------------------- coordinator

proc unit_name {path} {
    set rel [string range $path [string length $::tests_dir/] end]
    return [file rootname $rel]
}

proc discover_units {} {
    if {[llength $::opt(single)]} {
        set units {}
        foreach s $::opt(single) {
            set s [file rootname [regsub {^(\./)?tests/} $s {}]]
            if {![file exists $::tests_dir/$s.tcl]} {
                puts stderr "No such test file: tests/$s.tcl"
                exit 1
            }
            lappend units $s
        }
        return $units
    }
    set files {}
    foreach pattern {unit/*.tcl unit/type/*.tcl integration/*.tcl} {
        lappend files {*}[lsort [glob -nocomplain -type f $::tests_dir/$pattern]]
    }
    return [lmap f $files {unit_name $f}]
}

proc file_text {unit} {
    return [read_file_text $::tests_dir/$unit.tcl]
}

proc unit_is_serial {unit} {
    regexp {tags\s+\{[^{}]*\yserial\y} [file_text $unit]
}

proc list_tests {units} {
    foreach u $units {
        puts $u
        foreach {-> name} [regexp -all -inline -line \
                {^\s*test\s+[\{"]([^\}"]*)[\}"]} [file_text $u]] {
            puts "    $name"
        }
    }
}

proc say {text} {
    puts $text
    flush stdout
}

proc indent {text {prefix "    "}} {
    return "$prefix[string map [list "\n" "\n$prefix"] [string trimright $text]]"
}

proc record_failure {unit name msg} {
    incr ::stats(failed)
    lappend ::failures [list $unit $name $msg]
}

proc spawn_worker {slot} {
    set options [array get ::opt]
    set args [list --worker [list $slot $::coord_port $options]]
    set pid [exec [info nameofexecutable] [file join $::tests_dir test_helper.tcl] \
        {*}$args >@stdout 2>@stderr &]
    set ::workers($slot) [dict create pid $pid sock {} unit {} start 0 \
        spawned [clock seconds] servers {}]
}

proc accept_worker {sock addr port} {
    fconfigure $sock -translation binary -blocking 1
    fileevent $sock readable [list worker_readable $sock]
}

proc worker_readable {sock} {
    if {[catch {recv_msg $sock} msg]} {
        worker_lost $sock "the worker process exited unexpectedly"
        return
    }
    handle_msg $sock $msg
}

proc slot_of {sock} {
    foreach slot [array names ::workers] {
        if {[dict get $::workers($slot) sock] eq $sock} { return $slot }
    }
    return {}
}

proc handle_msg {sock msg} {
    set args [lassign $msg type]
    if {$type eq "hello"} {
        lassign $args slot pid
        dict set ::workers($slot) sock $sock
        schedule
        return
    }
    set slot [slot_of $sock]
    if {$slot eq {}} return
    set unit [dict get $::workers($slot) unit]
    switch -exact -- $type {
        testing {
            if {$::opt(verbose)} { say "\[testing\]: [lindex $args 0] ($unit)" }
        }
        ok {
            incr ::stats(passed)
            say "\[ok\]: [lindex $args 0] ([lindex $args 1] ms)"
        }
        err {
            lassign $args name message
            record_failure $unit $name $message
            say "\[err\]: $name in $unit\n[indent $message]"
        }
        skip {
            incr ::stats(skipped)
            if {$::opt(verbose)} {
                say "\[skip\]: [lindex $args 0] ([lindex $args 1])"
            }
        }
        exception {
            lassign $args message info
            set text "Tcl error outside of any test: $message"
            if {$::opt(verbose)} { append text "\n$info" } else {
                append text "\n[join [lrange [split $info \n] 0 8] \n]"
            }
            record_failure $unit "(file aborted)" $text
            say "\[exception\]: $unit\n[indent $text]"
        }
        log { say "\[$unit\] [lindex $args 0]" }
        server-pid {
            dict set ::workers($slot) servers [lindex $args 0] [lindex $args 1]
        }
        server-gone {
            dict unset ::workers($slot) servers [lindex $args 0]
        }
        done {
            set secs [format %.1f [expr {[lindex $args 1] / 1000.0}]]
            say "\[done\]: $unit ($secs s)"
            dict set ::workers($slot) unit {}
            schedule
        }
    }
}

# Kill a worker (and the servers it started), record why, start another.
proc worker_lost {sock reason} {
    set slot [slot_of $sock]
    catch {close $sock}
    if {$slot eq {}} return
    set w $::workers($slot)
    catch {exec kill -KILL [dict get $w pid]}
    set dirs {}
    dict for {pid dir} [dict get $w servers] {
        catch {exec kill -KILL $pid}
        lappend dirs $dir
    }
    set unit [dict get $w unit]
    if {$unit ne {}} {
        if {[llength $dirs]} {
            append reason "\nthe servers it ran were killed; their files:\
                [join $dirs {, }]"
        }
        record_failure $unit "(file aborted)" $reason
        say "\[err\]: (file aborted) in $unit\n[indent $reason]"
    }
    unset ::workers($slot)
    if {[llength $::queue] || [llength $::serial_queue]} {
        spawn_worker $slot
    }
    schedule
}

proc busy_count {} {
    set n 0
    foreach slot [array names ::workers] {
        if {[dict get $::workers($slot) unit] ne {}} { incr n }
    }
    return $n
}

# Hand files to idle workers; serial files only when nothing else runs.
proc schedule {} {
    foreach slot [lsort -integer [array names ::workers]] {
        set w $::workers($slot)
        if {[dict get $w sock] eq {} || [dict get $w unit] ne {}} continue
        if {[llength $::queue]} {
            set ::queue [lassign $::queue unit]
        } elseif {[llength $::serial_queue] && [busy_count] == 0} {
            set ::serial_queue [lassign $::serial_queue unit]
        } else {
            continue
        }
        dict set ::workers($slot) unit $unit
        dict set ::workers($slot) start [clock seconds]
        if {$::opt(verbose)} { say "\[start\]: $unit (worker $slot)" }
        if {[catch {send_msg [dict get $w sock] run $unit}]} {
            worker_lost [dict get $w sock] "could not reach the worker"
            return
        }
    }
    if {[llength $::queue] == 0 && [llength $::serial_queue] == 0 &&
        [busy_count] == 0} {
        set ::iteration_done 1
    }
}

proc watchdog {} {
    set now [clock seconds]
    foreach slot [array names ::workers] {
        if {![info exists ::workers($slot)]} continue
        set w $::workers($slot)
        if {[dict get $w sock] eq {}} {
            # Not connected yet: it must connect soon and stay alive.
            if {![pid_alive [dict get $w pid]] ||
                $now - [dict get $w spawned] > 30} {
                puts stderr "A worker process could not start; giving up."
                exit 1
            }
            continue
        }
        if {[dict get $w unit] ne {} &&
            $now - [dict get $w start] > $::opt(timeout)} {
            worker_lost [dict get $w sock] \
                "timed out: still running after $::opt(timeout) seconds"
        }
    }
    after 1000 watchdog
}

proc print_summary {} {
    say "\n==================== Summary ===================="
    if {[llength $::failures]} {
        say "Failed tests:"
        foreach f $::failures {
            lassign $f unit name msg
            say "\[err\]: $name in $unit"
            say [indent $msg]
        }
    } else {
        say "All tests passed."
    }
    set line "$::stats(passed) passed, $::stats(failed) failed"
    if {$::stats(skipped)} { append line ", $::stats(skipped) skipped" }
    say $line
}

proc coordinator_main {} {
    set units [discover_units]
    if {$::opt(list)} {
        list_tests $units
        exit 0
    }
    if {!$::opt(external) && ![file executable $::opt(server_binary)]} {
        puts stderr "Server binary not found or not executable:\
            $::opt(server_binary)\n(build it first, or pass --server-binary PATH)"
        exit 1
    }
    file mkdir $::tmp_dir
    set ::parallel_units {}
    set ::serial_units {}
    foreach u $units {
        if {[unit_is_serial $u]} {
            lappend ::serial_units $u
        } else {
            lappend ::parallel_units $u
        }
    }
    set listener [socket -server accept_worker -myaddr 127.0.0.1 0]
    set ::coord_port [lindex [fconfigure $listener -sockname] 2]
    array set ::stats {passed 0 failed 0 skipped 0}
    set ::failures {}
    after 1000 watchdog

    set iteration 0
    while 1 {
        incr iteration
        set ::queue $::parallel_units
        set ::serial_queue $::serial_units
        set nworkers [expr {min($::opt(clients), max(1, [llength $::queue]))}]
        for {set slot 0} {$slot < $nworkers} {incr slot} {
            if {![info exists ::workers($slot)]} { spawn_worker $slot }
        }
        set ::iteration_done 0
        schedule
        if {!$::iteration_done} { vwait ::iteration_done }
        if {!$::opt(loop) || $::stats(failed)} break
        say "\[loop\]: iteration $iteration done: $::stats(passed) passed so far"
    }

    foreach slot [array names ::workers] {
        set sock [dict get $::workers($slot) sock]
        if {$sock ne {}} { catch {send_msg $sock quit}; catch {close $sock} }
    }
    print_summary
    exit [expr {$::stats(failed) == 0 ? 0 : 1}]
}

parse_options $argv
cd $::root
if {$::opt(worker) ne {}} {
    worker_main
} else {
    coordinator_main
}
