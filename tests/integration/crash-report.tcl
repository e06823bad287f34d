# The crash report: what the server writes to its log when it dies of a
# fatal signal, a failed assertion, a panic or an out-of-memory error, and
# what crash-log-enabled no leaves out.  Each test crashes its own server
# (start_server ... expect_crash 1, so the harness does not count the report
# as a failure) and reads the log once the process is gone.

set ::crash_log_seq 0

# A fresh log file path outside the server's directory (the logfile
# directive is checked before the server moves to its dir).
proc crash_log_path {} {
    file normalize [file join $::tmp_dir crash-report.[pid].[incr ::crash_log_seq].log]
}

proc crash_wait_exit {pid} {
    wait_for_condition 200 50 {
        ![pid_alive $pid]
    } else {
        fail "the server (pid $pid) is still alive"
    }
}

# The part of a log between the START and END markers, both included.
proc crash_report_text {text} {
    set start [string first "=== REDIS BUG REPORT START: Cut & paste starting from here ===" $text]
    set end [string first "=== REDIS BUG REPORT END. Make sure to include from START to END. ===" $text]
    assert {$start >= 0}
    assert {$end > $start}
    return [string range $text $start [expr {$end + 70}]]
}

# Every section header of a report, in order.
proc crash_sections {report} {
    regexp -all -inline -line {^------ [A-Z ]+ ------$} $report
}

# A backtrace has at least one frame line: "where(symbol+off)[0xaddr]".
proc crash_has_frames {report} {
    regexp -line {^\S.*\[0x[0-9a-f]+\]$} $report
}

tags {"crash-report external:skip"} {
    set log [crash_log_path]
    start_server [list overrides [list logfile $log] expect_crash 1] {
        test {A SIGSEGV sent from outside: the report in the log file} {
            set pid [srv pid]
            r set k v
            exec kill -SEGV $pid
            crash_wait_exit $pid
            set report [crash_report_text [read_file_text $log]]
            assert_match "*Redis * crashed by signal: 11, si_code: 0\n*" $report
            assert_match "*Accessing address: *" $report
            assert_match "*Killed by PID: *, UID: *" $report
            assert_match "*Crashed running the instruction at: 0x*" $report
            assert_match "*------ STACK TRACE ------\nEIP:\n*\n\nBacktrace:\n*" $report
            assert [crash_has_frames $report]
            assert_match "*------ INFO OUTPUT ------\n# Server\r\nredis_version:*# Keyspace\r\ndb9:keys=1,expires=0*" $report
            assert_match "*------ CLIENT LIST OUTPUT ------\nid=* cmd=set *" $report
            # Killed from outside: no command was running.
            assert_no_match "*CURRENT CLIENT INFO*" $report
            set sections [crash_sections $report]
            assert_equal [lindex $sections 0] "------ STACK TRACE ------"
            assert {[lsearch $sections "------ INFO OUTPUT ------"] < [lsearch $sections "------ CLIENT LIST OUTPUT ------"]}
        }
    }
    file delete $log

    set log [crash_log_path]
    start_server [list tags needs:debug overrides [list logfile $log] expect_crash 1] {
        test {DEBUG SEGFAULT: a real invalid access, with the command that ran} {
            set pid [srv pid]
            catch {r debug segfault}
            crash_wait_exit $pid
            set report [crash_report_text [read_file_text $log]]
            assert_match "*crashed by signal: 11, si_code: *" $report
            assert_no_match "*si_code: 0\n*" $report
            assert_no_match "*Killed by PID*" $report
            assert_match "*Accessing address: 0x*" $report
            assert_match "*------ STACK TRACE ------\nEIP:\n*Backtrace:\n*debugCommand*" $report
            assert [crash_has_frames $report]
            assert_match "*------ CURRENT CLIENT INFO ------\nid=* cmd=debug *\nargv\\\[0\\\]: '\"debug\"'\nargv\\\[1\\\]: '\"segfault\"'\n*" $report
            # Only one report, even though the signal is raised again.
            assert_equal [regexp -all {REDIS BUG REPORT START} [read_file_text $log]] 1
        }
    }
    file delete $log

    # This one logs to stdout, where the harness looks for crashes.
    start_server {tags needs:debug expect_crash 1} {
        test {DEBUG ASSERT: the assertion, its client context, then the report} {
            set pid [srv pid]
            catch {r debug assert}
            crash_wait_exit $pid
            set text [read_file_text [srv stdout]]
            set report [crash_report_text $text]
            assert_match "*# === ASSERTION FAILED CLIENT CONTEXT ===\n*client->argc = 2\n*client->argv\\\[0\\\] = \"debug\" (refcount: *)\n*client->argv\\\[1\\\] = \"assert\" (refcount: *)\n*" $report
            assert_match "*# === ASSERTION FAILED OBJECT CONTEXT ===\n*Object type: 0\n*" $report
            assert_match "*# === ASSERTION FAILED ===\n*# ==> debug.c:* '1 == 2' is not true\n*" $report
            assert_match "*------ STACK TRACE ------\n\nBacktrace:\n*" $report
            assert [crash_has_frames $report]
            assert_match "*------ INFO OUTPUT ------*------ CLIENT LIST OUTPUT ------*------ CURRENT CLIENT INFO ------*" $report
            # The abort() that ends it is not reported a second time.
            assert_no_match "*crashed by signal*" $text
            assert_equal [regexp -all {REDIS BUG REPORT START} $text] 1
        }
    }

    set log [crash_log_path]
    start_server [list tags needs:debug overrides [list logfile $log] expect_crash 1] {
        test {DEBUG PANIC} {
            set pid [srv pid]
            catch {r debug panic}
            crash_wait_exit $pid
            set text [read_file_text $log]
            set report [crash_report_text $text]
            assert_match "*# !!! Software Failure. Press left mouse button to continue\n*# Guru Meditation: DEBUG PANIC called at Unix time * #debug.c:*" $report
            assert_match "*------ STACK TRACE ------\n\nBacktrace:\n*------ INFO OUTPUT ------*" $report
            assert [crash_has_frames $report]
            assert_equal [regexp -all {REDIS BUG REPORT START} $text] 1
        }
    }
    file delete $log

    # In an AddressSanitizer build the huge allocation must fail like a real
    # out-of-memory (NULL), not stop the process with ASan's own report.
    set saved_asan [expr {[info exists ::env(ASAN_OPTIONS)] ? $::env(ASAN_OPTIONS) : ""}]
    set ::env(ASAN_OPTIONS) [string trimleft "$saved_asan:allocator_may_return_null=1" :]
    set log [crash_log_path]
    start_server [list tags needs:debug overrides [list logfile $log] expect_crash 1] {
        test {DEBUG OOM: the out-of-memory handler logs and panics} {
            set pid [srv pid]
            catch {r debug oom}
            crash_wait_exit $pid
            set text [read_file_text $log]
            assert_match "*# Out Of Memory allocating 9223372036854775807 bytes!\n*" $text
            set report [crash_report_text $text]
            assert_match "*Guru Meditation: Redis aborting for OUT OF MEMORY. Allocating 9223372036854775807 bytes! #*" $report
            assert_match "*------ STACK TRACE ------*------ INFO OUTPUT ------*" $report
        }
    }
    file delete $log
    if {$saved_asan eq ""} { unset ::env(ASAN_OPTIONS) } else { set ::env(ASAN_OPTIONS) $saved_asan }

    foreach {sig num} {ABRT 6 FPE 8 BUS 7 ILL 4} {
        set log [crash_log_path]
        start_server [list overrides [list logfile $log] expect_crash 1] {
            test "SIG$sig is reported like SIGSEGV" {
                set pid [srv pid]
                exec kill -$sig $pid
                crash_wait_exit $pid
                set report [crash_report_text [read_file_text $log]]
                assert_match "*crashed by signal: $num, si_code: 0\n*" $report
                assert_match "*Killed by PID: *" $report
                if {$sig eq "BUS"} {
                    assert_match "*Accessing address: *" $report
                } else {
                    assert_no_match "*Accessing address*" $report
                }
                assert_match "*------ STACK TRACE ------*------ INFO OUTPUT ------*" $report
            }
        }
        file delete $log
    }

    set log [crash_log_path]
    start_server [list overrides [list logfile $log crash-log-enabled no] expect_crash 1] {
        test {crash-log-enabled no: a fatal signal leaves no report} {
            set pid [srv pid]
            r ping
            exec kill -SEGV $pid
            crash_wait_exit $pid
            set text [read_file_text $log]
            assert_match "*Ready to accept connections*" $text
            assert_no_match "*REDIS BUG REPORT*" $text
            assert_no_match "*crashed by signal*" $text
        }
    }
    file delete $log

    set log [crash_log_path]
    start_server [list tags needs:debug overrides [list logfile $log crash-log-enabled no] expect_crash 1] {
        test {crash-log-enabled no: an assertion logs only itself} {
            set pid [srv pid]
            catch {r debug assert}
            crash_wait_exit $pid
            set report [crash_report_text [read_file_text $log]]
            assert_match "*=== ASSERTION FAILED ===*is not true*" $report
            assert_no_match "*STACK TRACE*" $report
            assert_no_match "*INFO OUTPUT*" $report
        }
    }
    file delete $log

    set log [crash_log_path]
    start_server [list overrides [list logfile $log] expect_crash 1] {
        test {CONFIG SET crash-log-enabled no takes effect at once} {
            set pid [srv pid]
            r config set crash-log-enabled no
            exec kill -SEGV $pid
            crash_wait_exit $pid
            assert_no_match "*REDIS BUG REPORT*" [read_file_text $log]
        }
    }
    file delete $log
}
