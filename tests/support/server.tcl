# Starting and stopping servers for tests.
#
#   start_server {options} {code}
#
# Options (all optional):
#   tags {a b}             tags for every test in the block
#   overrides {name value ...}
#                          config directives written into the config file
#   config FILE            base config, relative to tests/assets/
#                          (default: default.conf)
#   args {--name value}    extra command line arguments
#   keep_persistence true  keep the server's directory after the block
#   expect_crash true      the block crashes the server on purpose: its crash
#                          report is not a failure
#
# Each server gets a fresh directory tests/tmp/server.<pid>.<n>/ holding its
# config file (redis.conf) and its stdout / stderr.  The block's code runs
# with a client connected to the new server (db 9 selected, like Redis's
# own suite); blocks nest and the innermost server is level 0:
#
#   r set foo bar          ;# default client of the innermost server
#   r -1 get foo           ;# the server of the enclosing block
#   r 1 get foo            ;# positive levels count from the outermost (1)
#   srv 0 port / srv -1 host / srv client / srv pid / srv stdout ...
#
# When the block ends the server is stopped (SIGTERM, then SIGKILL) and its
# output is searched for signs of a crash, which fail the block.
# A server that cannot start (bad config, port trouble) fails the block with
# its log and the block's code is skipped; inside a `test` body the failure
# is raised as a Tcl error instead, so tests can check for it.
# With --host/--port no server is started: blocks reuse the external
# server after a FLUSHALL, and blocks tagged external:skip are skipped.

set ::servers {}          ;# stack of server dicts, innermost last
set ::server_seq 0
set ::crash_patterns {
    "*crashed by signal*"
    "*ASSERTION FAILED*"
    "*AddressSanitizer*"
    "*LeakSanitizer*"
    "*runtime error:*"
    "*Guru Meditation*"
}

# ----------------------------------------------------------- access helpers

proc server_index {level} {
    set n [llength $::servers]
    if {![string is integer -strict $level]} {
        error "bad server level '$level'"
    }
    if {$level > 0} {
        set idx [expr {$level - 1}]
    } else {
        set idx [expr {$n - 1 + $level}]
    }
    if {$idx < 0 || $idx >= $n} {
        error "no server at level $level ($n server(s) running)"
    }
    return $idx
}

# srv ?level? property
proc srv {args} {
    if {[llength $args] == 1} {
        set level 0
        set property [lindex $args 0]
    } else {
        lassign $args level property
    }
    set s [lindex $::servers [server_index $level]]
    if {![dict exists $s $property]} {
        error "unknown server property '$property'"
    }
    return [dict get $s $property]
}

# r ?level? command args...
proc r {args} {
    set level 0
    if {[string is integer -strict [lindex $args 0]]} {
        set level [lindex $args 0]
        set args [lrange $args 1 end]
    }
    [srv $level client] {*}$args
}

proc server_select_db {client} {
    catch {$client select 9}
}

# A new client for the server at `level`; closed when its block ends.
proc redis_client {{level 0}} {
    set c [redis [srv $level host] [srv $level port]]
    server_select_db $c
    lappend ::server_clients([srv $level id]) $c
    return $c
}

proc redis_deferring_client {{level 0}} {
    set c [redis [srv $level host] [srv $level port] 1]
    $c select 9
    catch {$c read}
    lappend ::server_clients([srv $level id]) $c
    return $c
}

# Replace the default client of the server at `level` by a new connection.
proc reconnect {{level 0}} {
    set idx [server_index $level]
    set s [lindex $::servers $idx]
    catch {[dict get $s client] close}
    set c [redis [dict get $s host] [dict get $s port]]
    server_select_db $c
    dict set s client $c
    lset ::servers $idx $s
    return $c
}

# ------------------------------------------------------------- processes

proc pid_alive {pid} {
    if {[catch {open /proc/$pid/status r} fd]} { return 0 }
    set status [read $fd]
    close $fd
    return [expr {![regexp {State:\s+[ZX]} $status]}]
}

proc stop_process {pid} {
    if {![pid_alive $pid]} return
    catch {exec kill -TERM $pid}
    set deadline [expr {[clock milliseconds] + 10000}]
    while {[pid_alive $pid] && [clock milliseconds] < $deadline} {
        after 20
    }
    if {[pid_alive $pid]} {
        catch {exec kill -KILL $pid}
        set deadline [expr {[clock milliseconds] + 5000}]
        while {[pid_alive $pid] && [clock milliseconds] < $deadline} {
            after 20
        }
    }
}

proc port_is_free {port} {
    if {[catch {socket -server server_port_probe -myaddr 127.0.0.1 $port} s]} {
        return 0
    }
    close $s
    return 1
}
proc server_port_probe {sock args} { close $sock }

# Ports are handed out from this worker's own range, so parallel workers
# never compete for the same port.
proc next_free_port {} {
    for {set i 0} {$i < $::opt(portcount)} {incr i} {
        set port [expr {$::opt(baseport) + $::next_port_offset}]
        set ::next_port_offset [expr {($::next_port_offset + 1) % $::opt(portcount)}]
        if {[port_is_free $port]} { return $port }
    }
    error "no free port in $::opt(baseport)..[expr {$::opt(baseport) + $::opt(portcount) - 1}]"
}
set ::next_port_offset 0

proc read_file_text {path} {
    if {[catch {open $path r} fd]} { return "" }
    fconfigure $fd -translation binary
    set data [read $fd]
    close $fd
    return $data
}

# The last `n` lines of a server's output files.
proc server_log_tail {dir {n 30}} {
    set out ""
    foreach f {stdout stderr} {
        set lines [split [string trimright [read_file_text $dir/$f] "\n"] "\n"]
        if {[llength $lines] == 0 || $lines eq {{}}} continue
        append out "---- $f (last lines) ----\n"
        append out [join [lrange $lines end-[expr {$n - 1}] end] "\n"] "\n"
    }
    if {$out eq ""} { set out "(the server wrote nothing to stdout/stderr)\n" }
    return $out
}

# Search the server output for crash reports; returns an excerpt or "".
proc server_crash_report {dir} {
    foreach f {stdout stderr} {
        set lines [split [read_file_text $dir/$f] "\n"]
        set i 0
        foreach line $lines {
            foreach pattern $::crash_patterns {
                if {[string match $pattern $line]} {
                    set from [expr {max(0, $i - 5)}]
                    return "---- $dir/$f ----\n[join [lrange $lines $from [expr {$i + 20}]] \n]"
                }
            }
            incr i
        }
    }
    return ""
}

# ---------------------------------------------------------- config files

proc config_quote {value} {
    if {$value eq "" || [regexp {[\s"'\\]} $value]} {
        return "\"[string map {\\ \\\\ \" \\\" \n \\n} $value]\""
    }
    return $value
}

# Write the config: the base file with directives named in `overrides`
# replaced, followed by the overrides, port and dir.
proc write_server_config {path base overrides port dir} {
    set names [list port dir]
    foreach {name value} $overrides { lappend names [string tolower $name] }
    set out ""
    foreach line [split [read_file_text $base] "\n"] {
        set trimmed [string trim $line]
        if {$trimmed eq "" || [string index $trimmed 0] eq "#"} continue
        set name [string tolower [lindex [split $trimmed " \t"] 0]]
        if {$name in $names} continue
        append out $trimmed "\n"
    }
    foreach {name value} $overrides {
        append out "$name [config_quote $value]\n"
    }
    append out "port $port\n"
    append out "dir [config_quote $dir]\n"
    set fd [open $path w]
    puts -nonewline $fd $out
    close $fd
}

# Launch the server described by dict `s` and wait until it answers PING.
# Returns {ok pid}, {busy msg} when the port was taken, or {error msg}.
proc launch_server {s} {
    set dir [dict get $s dir]
    set cmd [list $::opt(server_binary) [dict get $s config_file] {*}[dict get $s args]]
    if {[catch {exec {*}$cmd >>$dir/stdout 2>>$dir/stderr &} pid]} {
        return [list error "cannot execute $::opt(server_binary): $pid"]
    }
    harness_report server-pid $pid $dir
    if {$::opt(verbose)} {
        harness_report log "started server pid $pid port [dict get $s port] dir $dir"
    }
    set deadline [expr {[clock milliseconds] + $::opt(server_start_timeout) * 1000}]
    while 1 {
        if {![pid_alive $pid]} {
            set log "[read_file_text $dir/stdout][read_file_text $dir/stderr]"
            if {[string match "*Address already in use*" $log] ||
                [string match "*Failed listening on port*" $log]} {
                return [list busy "port [dict get $s port] is in use"]
            }
            return [list error "the server exited during startup"]
        }
        if {[server_answers_ping [dict get $s host] [dict get $s port]]} {
            return [list ok $pid]
        }
        if {[clock milliseconds] > $deadline} {
            stop_process $pid
            return [list error "the server did not answer PING within\
                $::opt(server_start_timeout) seconds"]
        }
        after 50
    }
}

# Send a PING and wait at most `timeout` ms for +PONG, or -NOAUTH from a
# server started with a password (a bounded check: whatever listens on the
# port might never answer).
proc server_answers_ping {host port {timeout 1000}} {
    if {[catch {socket $host $port} fd]} { return 0 }
    set ok 0
    catch {
        fconfigure $fd -translation binary -blocking 0
        puts -nonewline $fd "PING\r\n"
        flush $fd
        set deadline [expr {[clock milliseconds] + $timeout}]
        while {[clock milliseconds] < $deadline && ![eof $fd]} {
            if {[gets $fd line] >= 0} {
                set ok [expr {[string match "+PONG*" $line] || [string match "-NOAUTH*" $line]}]
                break
            }
            after 10
        }
    }
    catch {close $fd}
    return $ok
}

# Where the caller of start_server is, as "file:line" (for messages).
proc caller_location {} {
    set loc [code_location]
    if {$loc eq {}} { return $::current_file }
    return [join $loc :]
}

# ---------------------------------------------------------- start_server

proc start_server {options {code {}}} {
    set tags {}
    set overrides {}
    set config default.conf
    set cmdargs {}
    set keep 0
    set expect_crash 0
    foreach {key value} $options {
        switch -exact -- $key {
            tags             { set tags $value }
            overrides        { set overrides $value }
            config           { set config $value }
            args             { set cmdargs $value }
            keep_persistence { set keep [string is true -strict $value] }
            expect_crash     { set expect_crash [string is true -strict $value] }
            default { error "start_server: unknown option '$key'" }
        }
    }
    set where "start_server at [caller_location]"
    set saved_tags $::tags
    # A tag element holding spaces counts as several tags.
    lappend ::tags {*}[concat {*}$tags]

    set verdict [tags_verdict $::tags]
    if {[string match skip:* $verdict]} {
        set ::tags $saved_tags
        harness_report skip "$where" [string range $verdict 6 end]
        return
    }
    if {$verdict ne {}} {
        # --tags given and the block lacks them: tests inside might still
        # carry them, but if the names appear nowhere, skip the server.
        set mentioned 0
        foreach t $::opt(allow_tags) {
            if {[string first $t $code] >= 0} { set mentioned 1 }
        }
        if {!$mentioned} {
            set ::tags $saved_tags
            return
        }
    }

    set id [incr ::server_seq]
    if {$::opt(external)} {
        set s [dict create id $id host $::opt(host) port $::opt(port) pid 0 \
            dir {} config_file {} stdout {} stderr {} args {} external 1]
        if {[catch {
            set c [redis $::opt(host) $::opt(port)]
            server_select_db $c
            $c flushall
        } err]} {
            set ::tags $saved_tags
            set msg "$where: cannot use the external server\
                $::opt(host):$::opt(port): $err"
            if {$::in_test} { error $msg }
            harness_report err $where $msg
            return
        }
        dict set s client $c
    } else {
        set dir [file join $::tmp_dir server.[pid].$id]
        file delete -force $dir
        file mkdir $dir
        set s [dict create id $id host 127.0.0.1 port 0 pid 0 dir $dir \
            config_file $dir/redis.conf stdout $dir/stdout \
            stderr $dir/stderr args $cmdargs external 0 keep $keep \
            expect_crash $expect_crash]
        set result [list error "no attempt"]
        for {set attempt 0} {$attempt < 5} {incr attempt} {
            if {[catch {next_free_port} port]} {
                set result [list error $port]
                break
            }
            dict set s port $port
            write_server_config $dir/redis.conf \
                [file join $::assets_dir $config] $overrides $port $dir
            set result [launch_server $s]
            if {[lindex $result 0] ne "busy"} break
        }
        if {[lindex $result 0] ne "ok"} {
            set ::tags $saved_tags
            set msg "$where: failed to start the server: [lindex $result 1]\
                \nbinary: $::opt(server_binary)\n[server_log_tail $dir]"
            if {!$::opt(dont_clean)} { file delete -force $dir }
            if {$::in_test} { error $msg }
            harness_report err $where $msg
            return
        }
        dict set s pid [lindex $result 1]
        if {[catch {
            set c [redis 127.0.0.1 [dict get $s port]]
            server_select_db $c
        } err]} {
            set c {}
        }
        dict set s client $c
    }

    lappend ::servers $s
    set rc [catch {uplevel 1 $code} result options]
    set s [lindex $::servers end]
    set ::servers [lrange $::servers 0 end-1]
    set ::tags $saved_tags
    finish_server $s $where
    return -options $options $result
}

# Close the clients of a server, stop it, look for a crash, clean up.
proc finish_server {s where} {
    set id [dict get $s id]
    catch {[dict get $s client] close}
    if {[info exists ::server_clients($id)]} {
        foreach c $::server_clients($id) { catch {$c close} }
        unset ::server_clients($id)
    }
    if {[dict get $s external]} return
    set pid [dict get $s pid]
    stop_process $pid
    harness_report server-gone $pid
    set crash [server_crash_report [dict get $s dir]]
    if {$crash ne "" && ![dict get $s expect_crash]} {
        harness_report err "$where: server crash check" \
            "the server (pid $pid) crashed:\n$crash"
    } elseif {!$::opt(dont_clean) && ![dict get $s keep]} {
        file delete -force [dict get $s dir]
    }
}

# Stop the server at `level` and start it again with the same config, dir
# and port (e.g. to test persistence); its default client is reconnected.
proc restart_server {{level 0}} {
    set idx [server_index $level]
    set s [lindex $::servers $idx]
    if {[dict get $s external]} { error "cannot restart an external server" }
    catch {[dict get $s client] close}
    stop_process [dict get $s pid]
    harness_report server-gone [dict get $s pid]
    set crash [server_crash_report [dict get $s dir]]
    if {$crash ne ""} { error "server crashed before restart:\n$crash" }
    set result [launch_server $s]
    if {[lindex $result 0] ne "ok"} {
        error "failed to restart the server: [lindex $result 1]\
            \n[server_log_tail [dict get $s dir]]"
    }
    dict set s pid [lindex $result 1]
    set c [redis [dict get $s host] [dict get $s port]]
    server_select_db $c
    dict set s client $c
    lset ::servers $idx $s
    return
}
