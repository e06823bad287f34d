# Helpers for test files.

# wait_for_condition maxtries delay_ms {condition} else {script}
# Evaluates the expr condition in the caller up to maxtries times, sleeping
# delay_ms between tries; runs the else script if it never became true.
proc wait_for_condition {maxtries delay cond else elsescript} {
    if {$else ne "else"} {
        error "usage: wait_for_condition maxtries delay {cond} else {script}"
    }
    for {set i 0} {$i < $maxtries} {incr i} {
        if {[uplevel 1 [list expr $cond]]} return
        after $delay
    }
    uplevel 1 $elsescript
}

# A field of INFO, e.g. [s connected_clients] or [s -1 used_memory].
proc status {client field} {
    set info [$client info]
    if {[regexp -line "^$field:(.*?)\r?$" $info -> value]} {
        return $value
    }
    return ""
}

proc s {args} {
    set level 0
    if {[string is integer -strict [lindex $args 0]]} {
        set level [lindex $args 0]
        set args [lrange $args 1 end]
    }
    return [status [srv $level client] [lindex $args 0]]
}

proc wait_for_blocked_clients_count {count {maxtries 100} {delay 10} {level 0}} {
    wait_for_condition $maxtries $delay {
        [s $level blocked_clients] == $count
    } else {
        fail "expected $count blocked clients, got [s $level blocked_clients]"
    }
}

proc wait_for_blocked_client {{level 0}} {
    wait_for_blocked_clients_count 1 100 10 $level
}

# Make the server at `level` sleep (DEBUG SLEEP) for `seconds`.
proc debug_sleep {seconds {level 0}} {
    r $level debug sleep $seconds
}

# Lines of the server log (stdout) matching a glob pattern.
proc count_log_lines {pattern {level 0}} {
    set n 0
    foreach line [split [read_file_text [srv $level stdout]] "\n"] {
        if {[string match $pattern $line]} { incr n }
    }
    return $n
}

proc wait_for_log_pattern {pattern {maxtries 100} {delay 50} {level 0}} {
    wait_for_condition $maxtries $delay {
        [count_log_lines $pattern $level] > 0
    } else {
        fail "no line matching '$pattern' in the server log"
    }
}

# A random integer in [0, max).
proc randomInt {max} {
    expr {int(rand() * $max)}
}

# A random integer in [min, max].
proc randomRange {min max} {
    expr {$min + int(rand() * ($max - $min + 1))}
}

# randstring min max ?type?   type: alpha (letters and digits, the
# default), binary (any byte), compr (only "0".."4", compresses well).
proc randstring {min max {type alpha}} {
    set len [randomRange $min $max]
    set out ""
    switch -exact -- $type {
        alpha {
            set chars abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789
            for {set i 0} {$i < $len} {incr i} {
                append out [string index $chars [randomInt 62]]
            }
        }
        binary {
            for {set i 0} {$i < $len} {incr i} {
                append out [format %c [randomInt 256]]
            }
        }
        compr {
            for {set i 0} {$i < $len} {incr i} {
                append out [randomInt 5]
            }
        }
        default { error "randstring: unknown type '$type'" }
    }
    return $out
}

# randpath {script} {script} ...: evaluates one of the scripts at random.
proc randpath {args} {
    uplevel 1 [lindex $args [randomInt [llength $args]]]
}

# A random value: an integer, a float-ish string or a string.
proc randomValue {} {
    randpath {randomRange -1000000 1000000} \
             {return "[randomInt 1000].[randomInt 1000]"} \
             {randstring 0 64 alpha} \
             {randstring 0 64 binary}
}

proc randomKey {} {
    randpath {randomInt 1000} {randstring 1 32 alpha}
}

# The content of the current database of `client` as text, one key per
# line (sorted), to compare datasets, e.g. before and after a reload.
proc csvdump {{client r}} {
    set out ""
    foreach key [lsort [$client keys *]] {
        set type [$client type $key]
        append out [csv_quote $key] "," [csv_quote $type]
        switch -exact -- $type {
            string { set fields [list [$client get $key]] }
            list   { set fields [$client lrange $key 0 -1] }
            set    { set fields [lsort [$client smembers $key]] }
            zset   { set fields [$client zrange $key 0 -1 withscores] }
            hash   {
                set fields {}
                set h [$client hgetall $key]
                foreach f [lsort [dict keys $h]] {
                    lappend fields $f [dict get $h $f]
                }
            }
            default { set fields [list "(type $type not dumped)"] }
        }
        foreach f $fields { append out "," [csv_quote $f] }
        append out "\n"
    }
    return $out
}

proc csv_quote {s} {
    return "\"[string map {\" \"\"} $s]\""
}

# A new raw connection (blocking, binary, unbuffered) to the innermost
# server, with db 9 selected like the default client's unless select is 0.
proc raw_connect {{select 1}} {
    set fd [socket [srv host] [srv port]]
    fconfigure $fd -translation binary -buffering none -blocking 1
    if {$select} {
        puts -nonewline $fd "SELECT 9\r\n"
        flush $fd
        gets $fd
    }
    return $fd
}

# A server started directly from the command line, without a config file
# (what start_server cannot do): returns {pid port dir}.  Its output goes to
# <dir>/stdout.  Stop it with stop_bare_server.
proc start_bare_server {args} {
    set port [next_free_port]
    set dir [file join $::tmp_dir bare.[pid].$port]
    file mkdir $dir
    set pid [exec $::opt(server_binary) --port $port --bind 127.0.0.1 --save "" \
        --dir $dir {*}$args >$dir/stdout 2>@1 &]
    wait_for_condition 200 25 {
        [server_answers_ping 127.0.0.1 $port]
    } else {
        catch {exec kill -KILL $pid}
        fail "the server did not start on port $port"
    }
    return [list $pid $port $dir]
}

# SHUTDOWN through client `c` (closed afterwards), wait for the process to
# exit, and remove its directory; kills it if it does not go.
proc stop_bare_server {c pid dir} {
    catch {$c shutdown nosave}
    catch {$c close}
    wait_for_condition 100 50 {
        ![pid_alive $pid]
    } else {
        catch {exec kill -KILL $pid}
        file delete -force $dir
        fail "the server did not exit"
    }
    file delete -force $dir
}

# One whole reply of a client in raw mode (`$c readraw 1`), as a flat list
# of protocol lines: the header line and, for an aggregate, its elements in
# order.  `first` is the header line when the caller already has it (a
# readraw command returns the first line of its reply); empty to read it.
proc raw_reply_lines {c {first {}}} {
    if {$first eq {}} { set first [$c read] }
    set out [list $first]
    set type [string index $first 0]
    if {$type in {* ~ % >} && [string range $first 1 end] > 0} {
        set n [string range $first 1 end]
        if {$type eq "%"} { set n [expr {$n * 2}] }
        for {set i 0} {$i < $n} {incr i} { lappend out {*}[raw_reply_lines $c] }
    } elseif {$type in {$ = !} && [string range $first 1 end] >= 0} {
        lappend out [$c read]
    }
    return $out
}
