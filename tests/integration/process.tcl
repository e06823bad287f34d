# The server as a process: supervision (the sd_notify exchange with systemd,
# checked with a stand-in listener), the start-up banner, the process title,
# signal-handler log lines and oom-score-adj.

# Start the notification listener; returns {pid socket outfile}.
proc start_notify_listener {dir {abstract 0}} {
    set out [file join $dir notify.out]
    if {$abstract} {
        set sock "@redis-test-notify-[pid]-[clock clicks]"
    } else {
        set sock [file join $dir notify.sock]
    }
    set lpid [exec python3 tests/helpers/notify_listener.py $sock $out 60 &]
    wait_for_condition 500 20 {
        [file exists $out] && [string match "LISTENING*" [read_file_text $out]]
    } else {
        fail "notify listener did not start"
    }
    return [list $lpid $sock $out]
}

proc notify_messages {out} {
    lrange [split [string trim [read_file_text $out]] "\n"] 1 end
}

# Start a bare server with NOTIFY_SOCKET set (when sock is not "").
proc start_notified_server {sock args} {
    if {$sock ne ""} { set ::env(NOTIFY_SOCKET) $sock }
    try {
        return [start_bare_server {*}$args]
    } finally {
        catch {unset ::env(NOTIFY_SOCKET)}
    }
}

proc bare_client {port} {
    return [redis 127.0.0.1 $port]
}

set ::proc_dir [file join $::tmp_dir process.[pid]]
file mkdir $::proc_dir

tags {"process external:skip"} {
    test {supervised systemd: STATUS, READY=1, then STOPPING=1 at shutdown} {
        lassign [start_notify_listener $::proc_dir] lpid sock out
        lassign [start_notified_server $sock --supervised systemd] pid port dir
        wait_for_condition 500 20 {"READY=1" in [notify_messages $out]} else {
            fail "no READY=1: [notify_messages $out]"
        }
        assert_equal {{STATUS=Redis is loading...} {STATUS=Ready to accept connections} READY=1} \
            [notify_messages $out]
        set log [read_file_text $dir/stdout]
        assert_match "*Supervised by systemd. Please make sure you set appropriate values for TimeoutStartSec and TimeoutStopSec in your service unit.*" $log
        set c [bare_client $port]
        stop_bare_server $c $pid $dir
        wait_for_condition 500 20 {"STOPPING=1" in [notify_messages $out]} else {
            fail "no STOPPING=1: [notify_messages $out]"
        }
        catch {exec kill $lpid}
        file delete $out
    }

    test {supervised auto finds systemd through NOTIFY_SOCKET (abstract socket)} {
        lassign [start_notify_listener $::proc_dir 1] lpid sock out
        lassign [start_notified_server $sock --supervised auto] pid port dir
        wait_for_condition 500 20 {"READY=1" in [notify_messages $out]} else {
            fail "no READY=1: [notify_messages $out]"
        }
        set c [bare_client $port]
        stop_bare_server $c $pid $dir
        catch {exec kill $lpid}
        file delete $out
    }

    test {supervised systemd without NOTIFY_SOCKET: a warning, and the server runs} {
        lassign [start_notified_server "" --supervised systemd] pid port dir
        set c [bare_client $port]
        assert_equal PONG [$c ping]
        # Said at start-up, then again by each notification that fails: the
        # two when the server is ready, and STOPPING at shutdown.
        assert_match "*systemd supervision error: NOTIFY_SOCKET not found!*Ready to accept connections*systemd supervision error: NOTIFY_SOCKET not found!*" \
            [read_file_text $dir/stdout]
        assert_no_match "*Supervised by systemd*" [read_file_text $dir/stdout]
        catch {$c shutdown nosave}
        wait_for_condition 100 50 {![pid_alive $pid]} else { fail "the server did not exit" }
        assert_match "*User requested shutdown*systemd supervision error: NOTIFY_SOCKET not found!*" \
            [read_file_text $dir/stdout]
        stop_bare_server $c $pid $dir
    }

    test {supervised with daemonize yes does not fork away} {
        lassign [start_notify_listener $::proc_dir] lpid sock out
        lassign [start_notified_server $sock --supervised systemd --daemonize yes \
            --pidfile [file join $::proc_dir s.pid]] pid port dir
        set c [bare_client $port]
        # The process we started is the server (it did not daemonize).
        assert_equal $pid [lindex [regexp -inline {process_id:(\d+)} [$c info server]] 1]
        stop_bare_server $c $pid $dir
        catch {exec kill $lpid}
        file delete $out
    }

    test {always-show-logo prints the banner with the PID} {
        lassign [start_bare_server --always-show-logo yes] pid port dir
        set log [read_file_text $dir/stdout]
        assert_match "* PID: $pid*" $log
        assert_match "* Port: $port*" $log
        assert_match "*Running in standalone mode*" $log
        assert {![string match "*Running mode=standalone*" $log]}
        stop_bare_server [bare_client $port] $pid $dir
    }

    test {Without the logo: one Running mode line, and the lines tools wait for} {
        lassign [start_bare_server] pid port dir
        set log [read_file_text $dir/stdout]
        assert_match "*Running mode=standalone, port=$port.*" $log
        assert_match "*Server initialized*" $log
        assert_match "*Ready to accept connections*" $log
        assert {![string match "* PID: *" $log]}
        # pid:role day month year time.ms level message
        assert {[regexp -line "^$pid:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\* Ready to accept connections\$" $log]}
        stop_bare_server [bare_client $port] $pid $dir
    }

    test {The process title follows proc-title-template} {
        lassign [start_bare_server] pid port dir
        assert_match "*redis-server 127.0.0.1:$port" [exec ps -o args= -p $pid]
        set c [bare_client $port]
        $c config set proc-title-template "{title} port={port} {server-mode}x"
        assert_match "*redis-server port=$port x" [exec ps -o args= -p $pid]
        assert_equal "{title} port={port} {server-mode}x" [lindex [$c config get proc-title-template] 1]
        catch {$c config set proc-title-template "{foo}"} e
        assert_match "*template format is invalid or contains unknown variables*" $e
        catch {$c config set proc-title-template "\{title"} e
        assert_match "*template format is invalid or contains unknown variables*" $e
        stop_bare_server $c $pid $dir
    }

    test {set-proc-title no leaves the command line alone} {
        lassign [start_bare_server --set-proc-title no] pid port dir
        assert_match "*redis-server --port $port *" [exec ps -o args= -p $pid]
        stop_bare_server [bare_client $port] $pid $dir
    }

    test {SIGTERM is logged from the handler in Redis's form, then a clean shutdown} {
        lassign [start_bare_server] pid port dir
        exec kill -TERM $pid
        wait_for_condition 100 50 {![pid_alive $pid]} else { fail "server did not exit on SIGTERM" }
        set log [read_file_text $dir/stdout]
        assert_match "*$pid:signal-handler (*) Received SIGTERM scheduling shutdown...*" $log
        assert_match "*User requested shutdown...*ready to exit, bye bye...*" $log
        file delete -force $dir
    }

    test {oom-score-adj absolute, relative and back to no} {
        lassign [start_bare_server] pid port dir
        set c [bare_client $port]
        set base [string trim [read_file_text /proc/$pid/oom_score_adj]]
        $c config set oom-score-adj-values "100 200 800" oom-score-adj absolute
        assert_equal 100 [string trim [read_file_text /proc/$pid/oom_score_adj]]
        $c config set oom-score-adj relative
        assert_equal [expr {min(1000, $base + 100)}] [string trim [read_file_text /proc/$pid/oom_score_adj]]
        $c config set oom-score-adj-values "300 200 800"
        assert_equal [expr {min(1000, $base + 300)}] [string trim [read_file_text /proc/$pid/oom_score_adj]]
        $c config set oom-score-adj no
        assert_equal $base [string trim [read_file_text /proc/$pid/oom_score_adj]]
        stop_bare_server $c $pid $dir
    }
}

file delete -force $::proc_dir
