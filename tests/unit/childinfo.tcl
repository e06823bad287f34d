# Child processes: what a fork looks like from outside, through BGSAVE (the
# one command that forks): INFO total_forks / latest_fork_usec, the child's
# progress reports (current_save_keys_*, current_fork_perc, current_cow_*),
# its process title and oom score, and the parent's handling of a child that
# is killed.
#
# rdb-key-save-delay (microseconds per key) keeps the child busy long enough
# to look at it; tests that need it running kill it themselves.

# The pids of the server's child processes (bio threads are not processes).
proc child_pids {} {
    set out {}
    catch {set out [exec ps -o pid= --ppid [srv pid]]}
    return [string trim $out]
}

proc wait_for_child {} {
    wait_for_condition 100 20 {
        [llength [child_pids]] == 1
    } else {
        fail "no child process"
    }
    return [lindex [child_pids] 0]
}

proc wait_for_no_child {} {
    wait_for_condition 200 50 {
        [s rdb_bgsave_in_progress] == 0 && [llength [child_pids]] == 0
    } else {
        fail "the child is still there"
    }
}

start_server {tags {"childinfo external:skip"}} {
    test {BGSAVE forks: total_forks and latest_fork_usec} {
        r config resetstat
        assert_equal 0 [s total_forks]
        assert_equal 0 [s latest_fork_usec]
        r debug populate 1000
        r bgsave
        wait_for_no_child
        assert_equal 1 [s total_forks]
        assert_morethan [s latest_fork_usec] 0
        # The child's final copy-on-write report reached the log.
        wait_for_condition 50 20 {
            [count_log_lines "*Fork CoW for RDB: current * MB, peak * MB, average * MB*"] > 0
        } else {
            fail "no CoW report from the child"
        }
        r bgsave
        wait_for_no_child
        assert_equal 2 [s total_forks]
    } {} {needs:debug}

    test {CONFIG RESETSTAT clears total_forks and latest_fork_usec} {
        assert_morethan [s total_forks] 0
        r config resetstat
        assert_equal 0 [s total_forks]
        assert_equal 0 [s latest_fork_usec]
    }

    test {No child: the current_* fields are zero} {
        foreach f {current_cow_peak current_cow_size current_cow_size_age current_save_keys_processed
                   current_save_keys_total} {
            assert_equal 0 [s $f] $f
        }
        assert_equal 0.00 [s current_fork_perc]
    }

    test {A running child: title, progress reports, and one child at a time} {
        r flushall
        r debug populate 100000
        r config set rdb-key-save-delay 100
        r bgsave
        set child [wait_for_child]
        assert_match "redis-rdb-bgsave*" [string trim [exec ps -o args= -p $child]]
        assert_equal 1 [s rdb_bgsave_in_progress]
        assert_equal 100000 [s current_save_keys_total]
        # Progress comes every 1024 keys at most once a second (the first
        # report may say 1 key), and the parent reads it once a second.
        wait_for_condition 100 50 {
            [s current_save_keys_processed] > 1024
        } else {
            fail "no progress report"
        }
        assert_morethan [s current_fork_perc] 0
        assert_lessthan [s current_save_keys_processed] 100001
        assert_error "*already in progress*" {r bgsave}
        exec kill -9 $child
        wait_for_no_child
    } {} {needs:debug}

    test {A child killed by a signal: the parent logs it and keeps serving} {
        assert_equal 1 [count_log_lines "*Background saving terminated by signal 9*"]
        assert_equal err [s rdb_last_bgsave_status]
        assert_equal PONG [r ping]
        assert_equal 100000 [r dbsize]
        # The state of the child is gone with it.
        assert_equal 0 [s current_save_keys_total]
        assert_equal 0 [s current_save_keys_processed]
        assert_equal 0.00 [s current_fork_perc]
        # And the next child can start.
        r config set rdb-key-save-delay 0
        r bgsave
        wait_for_no_child
        assert_equal ok [s rdb_last_bgsave_status]
    }

    test {FLUSHALL stops a saving child (SIGUSR1), which is not an error} {
        r debug populate 10000
        r config set rdb-key-save-delay 1000
        r bgsave
        wait_for_child
        assert_equal OK [r flushall]
        wait_for_no_child
        r config set rdb-key-save-delay 0
        wait_for_condition 50 20 {
            [count_log_lines "*Received SIGUSR1 in child, exiting now.*"] == 1
        } else {
            fail "the child did not log its exit"
        }
        assert_equal 1 [count_log_lines "*Background saving terminated by signal 10*"]
        assert_equal ok [s rdb_last_bgsave_status]
        assert_equal 0 [r dbsize]
    } {} {needs:debug}

    test {The child takes the background child's oom-score-adj} {
        r debug populate 10000
        r config set oom-score-adj-values "0 0 800"
        r config set oom-score-adj absolute
        r config set rdb-key-save-delay 1000
        r bgsave
        set child [wait_for_child]
        set score [string trim [read_file_text /proc/$child/oom_score_adj]]
        exec kill -9 $child
        wait_for_no_child
        r config set oom-score-adj no
        r config set rdb-key-save-delay 0
        set score
    } {800} {needs:debug}
}

start_server {tags {"childinfo external:skip"}} {
    # The main table of db 9, from DEBUG HTSTATS: its size, and whether a
    # rehash (to a "rehashing target") is under way.
    proc childinfo_table_size {} {
        regexp {table size: (\d+)} [r debug htstats 9] -> size
        return $size
    }
    proc childinfo_rehashing {} {
        string match "*rehashing target*" [r debug htstats 9]
    }

    test {While a child runs, the keyspace table does not grow (copy-on-write)} {
        r debug populate 1000
        assert_equal 1024 [childinfo_table_size]
        r config set rdb-key-save-delay 10000
        r bgsave
        set child [wait_for_child]
        # Past the size that would make it grow: 1200 keys in 1024 buckets.
        set args {}
        for {set i 0} {$i < 200} {incr i} { lappend args x:$i v }
        r mset {*}$args
        assert_equal 1200 [r dbsize]
        assert_equal 1024 [childinfo_table_size]
        assert_equal 0 [childinfo_rehashing]
        exec kill -9 $child
        wait_for_no_child
        r config set rdb-key-save-delay 0
        # The child gone, the next insertion grows it.
        r set one more
        assert {[childinfo_table_size] == 2048 || [childinfo_rehashing]}
    } {} {needs:debug}
}

start_server {tags {"childinfo external:skip"}} {
    test {SHUTDOWN kills a saving child} {
        r debug populate 10000
        r config set rdb-key-save-delay 100000
        r bgsave
        set child [wait_for_child]
        catch {r shutdown nosave}
        wait_for_condition 100 50 {
            ![pid_alive $child] || [string match "*Z*" [exec ps -o stat= -p $child]]
        } else {
            fail "the child survived the shutdown"
        }
        assert_equal 1 [count_log_lines "*There is a child saving an .rdb. Killing it!*"]
        # Started again, so that the block ends with a live server.
        restart_server
    } {} {needs:debug}
}
