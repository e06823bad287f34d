# server_cpulist, bio_cpulist, bgsave_cpulist, aof_rewrite_cpulist: the CPU
# affinity of the main thread, the background threads and the children.
# Linux only (read back from /proc).

proc cpus_allowed {path} {
    set fd [open $path/status r]
    set status [read $fd]
    close $fd
    regexp {Cpus_allowed_list:\s*(\S+)} $status -> list
    return $list
}

# The threads of pid whose name starts with prefix.
proc threads_named {pid prefix} {
    set found {}
    foreach task [glob -nocomplain /proc/$pid/task/*] {
        set fd [open $task/comm r]
        set name [string trim [read $fd]]
        close $fd
        if {[string match $prefix* $name]} { lappend found $task }
    }
    return $found
}

if {[file exists /proc/self/status]} {
    start_server {tags {"cpulist"} overrides {server_cpulist 0 bio_cpulist 0 bgsave_cpulist 0 aof_rewrite_cpulist 0}} {
        test {server_cpulist and bio_cpulist pin the main thread and the bio threads} {
            set pid [srv pid]
            assert_equal 0 [cpus_allowed /proc/$pid]
            set bio [threads_named $pid bio_]
            assert_morethan [llength $bio] 0
            foreach t $bio { assert_equal 0 [cpus_allowed $t] }
            lsort [r config get *_cpulist]
        } {0 0 0 0 aof_rewrite_cpulist bgsave_cpulist bio_cpulist server_cpulist}

        test {The cpulists are read-only at runtime} {
            assert_error {*can't set immutable config*} {r config set bio_cpulist 1}
        }
    }

    if {[exec nproc] >= 2} {
        start_server {tags {"cpulist"} overrides {bgsave_cpulist 1 rdb-key-save-delay 1000}} {
            test {bgsave_cpulist pins the BGSAVE child} {
                for {set i 0} {$i < 200} {incr i} { r set k$i v }
                r bgsave
                set child {}
                wait_for_condition 100 20 {
                    [set child [string trim [exec ps -o pid= --ppid [srv pid]]]] ne ""
                } else {
                    fail "no BGSAVE child"
                }
                set allowed [cpus_allowed /proc/[lindex $child 0]]
                catch {exec kill -KILL {*}$child}
                set allowed
            } {1}
        }
    }

    start_server {tags {"cpulist"} overrides {server_cpulist 0-1:1,0}} {
        test {Ranges with a step are accepted} {
            assert_match {0*} [cpus_allowed /proc/[srv pid]]
        }
    }
}
