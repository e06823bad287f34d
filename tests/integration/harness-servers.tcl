# Self-tests of the harness' server handling: nesting, overrides, restart,
# start failures and crash detection.

start_server {tags {"harness" "external:skip"}} {
    r set where outer

    test {The default client talks to the block's server} {
        r select 9
        r exists where
    } {1}

    start_server {overrides {databases 4}} {
        test {Nested blocks start a second server} {
            assert_not_equal [srv 0 port] [srv -1 port]
            assert_not_equal [srv 0 pid] [srv -1 pid]
            assert_equal [r exists where] 0
            assert_equal [r -1 get where] outer
            # Positive levels count from the outermost server.
            assert_equal [r 1 get where] outer
            assert_equal [srv 1 port] [srv -1 port]
            r set where inner
            r -1 get where
        } {outer}

        test {Overrides end up in the config file} {
            set fd [open [srv 0 config_file]]
            set conf [read $fd]
            close $fd
            assert_match "*databases 4*" $conf
            assert_error "*out of range*" {r select 5}
            r select 3
        } {OK}

        test {srv exposes the server process and its output} {
            assert {[pid_alive [srv 0 pid]]}
            assert {[file exists [srv 0 stdout]]}
            assert {[file exists [srv 0 stderr]]}
            wait_for_log_pattern "*Ready to accept connections*"
        }
    }

    test {The outer server is still the default after the nested block} {
        r get where
    } {outer}

    test {restart_server keeps the port and the directory} {
        set port [srv 0 port]
        set oldpid [srv 0 pid]
        restart_server
        assert_equal [srv 0 port] $port
        assert_not_equal [srv 0 pid] $oldpid
        assert {![pid_alive $oldpid]}
        r ping
    } {PONG}
}

start_server {tags {"harness"}} {
    test {Each block starts with an empty server (or a flushed one)} {
        r dbsize
    } {0}
}

test {A server that cannot start fails with its log} {
    set start [clock seconds]
    catch {
        start_server {overrides {no-such-directive-here yes}} {
            fail "the block must not run"
        }
    } e
    assert_match "*failed to start the server*" $e
    # The server's own complaint is part of the message.
    assert_match "*no-such-directive-here*" $e
    assert {[clock seconds] - $start < 15}
} {} {external:skip}

test {Crash reports in a server log are found} {
    set dir [file join $::tmp_dir crashlog.[pid]]
    file mkdir $dir
    set fd [open $dir/stdout w]
    puts $fd "1:M 01 Jan 2024 00:00:00.000 * Ready to accept connections"
    puts $fd "=== REDIS BUG REPORT START: Cut & paste starting from here ==="
    puts $fd "1:M 01 Jan 2024 00:00:01.000 # Redis 7.0.0 crashed by signal: 11"
    close $fd
    set fd [open $dir/stderr w]
    close $fd
    set report [server_crash_report $dir]
    assert_match "*crashed by signal: 11*" $report
    set fd [open $dir/stdout w]
    puts $fd "all is well"
    close $fd
    set clean [server_crash_report $dir]
    file delete -force $dir
    set clean
} {}

tags {"external:skip"} {
    test {Tests inside a tags block are skipped against an external server} {
        assert {!$::opt(external)}
    }
}
