# The latency monitor and LATENCY: latency-monitor-threshold, the "command"
# and "expire-cycle" events, LATEST, HISTORY, GRAPH (its exact layout),
# RESET, DOCTOR (its fixed sentences), HISTOGRAM (per-command latency
# distributions), HELP, errors and RESP3 reply types.  Spikes are made with
# DEBUG SLEEP; the only assertions on durations are lower bounds that a
# DEBUG SLEEP guarantees.

# The HISTOGRAM bucket keys: HDR-style buckets of two significant digits,
# read at 1024ns, 2048ns, ... and shown in microseconds; the last one is the
# top of the histogram's range (about 1.07 seconds).
set ::latency_bucket_keys {1 2 4 8 16 33 66 132 264 528 1056 2113 4227 8454 16908 33816
    67633 135266 270532 541065 1073741}

# Check a LATENCY GRAPH text against the event's HISTORY and all-time max.
proc latency_check_graph {graph history alltime event} {
    set lines [split $graph "\n"]
    assert_equal [lindex $lines end] "" "the graph ends with a newline"
    set lines [lrange $lines 0 end-1]
    set values [lmap s $history {lindex $s 1}]
    set n [llength $values]
    set high [tcl::mathfunc::max {*}$values]
    set low [tcl::mathfunc::min {*}$values]
    assert_equal [lindex $lines 0] "$event - high $high ms, low $low ms (all time high $alltime ms)"
    assert_equal [lindex $lines 1] [string repeat - 80]
    # Four chart rows, an empty row, then the labels written top-down.
    set chart [lrange $lines 2 5]
    assert_equal [lindex $lines 6] [string repeat " " $n]
    set labels [lrange $lines 7 end]
    foreach row [concat $chart $labels] { assert_equal [string length $row] $n }
    set span [expr {$high - $low ? $high - $low : 1}]
    for {set j 0} {$j < $n} {incr j} {
        set column ""
        foreach row $chart { append column [string index $row $j] }
        # 12 levels: three per row ('_' 'o' '#'), '|' under the top.
        set level [expr {min(11, ([lindex $values $j] - $low) * 12 / $span)}]
        set toprow [expr {3 - $level / 3}]
        set expected "[string repeat " " $toprow][string index "_o#" [expr {$level % 3}]]"
        append expected [string repeat | [expr {3 - $toprow}]]
        assert_equal $column $expected "column $j of the chart"
        set label ""
        foreach row $labels { append label [string index $row $j] }
        assert {[regexp {^[0-9]+[smhd] *$} $label]}
    }
}

start_server {tags {"latency-monitor"} overrides {latency-monitor-threshold 200}} {
    test {LATENCY - the threshold directive} {
        assert_equal [r config get latency-monitor-threshold] {latency-monitor-threshold 200}
        assert_error "*argument must be between 0 and 9223372036854775807 inclusive*" \
            {r config set latency-monitor-threshold -1}
        assert_error "*argument couldn't be parsed into an integer*" \
            {r config set latency-monitor-threshold abc}
    }

    test {LATENCY - nothing recorded before the first spike} {
        r latency reset
        assert_equal [r latency latest] {}
        assert_equal [r latency history command] {}
        assert_error "ERR No samples available for event 'command'" {r latency graph command}
        r latency reset
    } {0}

    test {LATENCY - a command over the threshold is a "command" sample} {
        set t0 [clock seconds]
        r debug sleep 0.25
        set t1 [clock seconds]
        r ping
        set latest [r latency latest]
        assert_equal [llength $latest] 1
        lassign [lindex $latest 0] event time last max
        assert_equal $event command
        assert_range $time $t0 $t1
        assert {$last >= 250}
        assert_equal $max $last
        assert_equal [r latency history command] [list [list $time $last]]
        # PING is fast and far under the threshold.
        assert_equal [r latency history fast-command] {}
    } {} {needs:debug}

    test {LATENCY HISTORY - at most one sample a second, oldest first} {
        r latency reset
        # Five sleeps last more than a second: at least two samples.
        foreach t {0.21 0.3 0.25 0.4 0.22} { r debug sleep $t }
        set history [r latency history command]
        assert_range [llength $history] 2 5
        set times [lmap s $history {lindex $s 0}]
        assert_equal $times [lsort -integer -unique $times]
        set max [tcl::mathfunc::max {*}[lmap s $history {lindex $s 1}]]
        assert {$max >= 400}
        lassign [lindex [r latency latest] 0] event time last alltime
        assert_equal [list $time $last] [lindex $history end]
        assert_equal $alltime $max
    } {} {needs:debug}

    test {LATENCY GRAPH - layout} {
        set history [r latency history command]
        set alltime [lindex [r latency latest] 0 3]
        latency_check_graph [r latency graph command] $history $alltime command
    } {} {needs:debug}

    test {LATENCY GRAPH - a single sample} {
        r latency reset
        r debug sleep 0.21
        set history [r latency history command]
        set graph [r latency graph command]
        latency_check_graph $graph $history [lindex $history 0 1] command
        # The only column sits at the bottom, labelled with its age.
        assert_match "*\n \n \n \n_\n \n*s\n" $graph
    } {} {needs:debug}

    test {LATENCY GRAPH / HISTORY - unknown event, event names are case-sensitive} {
        assert_error "ERR No samples available for event 'nosuchevent'" {r latency graph nosuchevent}
        assert_equal [r latency history nosuchevent] {}
        assert_equal [r latency history COMMAND] {}
    }

    test {LATENCY RESET - by name and all, returns the count} {
        r debug sleep 0.21
        assert_equal [llength [r latency latest]] 1
        assert_equal [r latency reset nosuchevent] 0
        assert_equal [r latency reset command command] 1
        assert_equal [r latency latest] {}
        r debug sleep 0.21
        assert_equal [r latency reset nosuchevent command] 1
        r debug sleep 0.21
        assert_equal [r latency reset] 1
        assert_equal [r latency reset] 0
        r latency latest
    } {} {needs:debug}

    test {LATENCY - a threshold of 0 stops the sampling} {
        r latency reset
        r config set latency-monitor-threshold 0
        r debug sleep 0.21
        assert_equal [r latency latest] {}
        r config set latency-monitor-threshold 200
        r debug sleep 0.21
        llength [r latency latest]
    } {1} {needs:debug}

    test {LATENCY DOCTOR - with events} {
        r latency reset
        foreach t {0.21 0.3 0.25 0.4 0.22} { r debug sleep $t }
        set history [r latency history command]
        set report [r latency doctor]
        assert_match "Dave, I have observed latency spikes in this Redis instance.*" $report
        set re {\n1\. command: (\d+) latency spikes \(average (\d+)ms, mean deviation (\d+)ms, period ([0-9.]+) sec\)\. Worst all time event (\d+)ms\.}
        assert {[regexp $re $report -> samples avg mad period worst]}
        set values [lmap s $history {lindex $s 1}]
        assert_equal $samples [llength $values]
        assert_equal $worst [tcl::mathfunc::max {*}$values]
        set sum 0
        foreach v $values { incr sum $v }
        assert_equal $avg [expr {$sum / [llength $values]}]
        set dev 0
        foreach v $values { incr dev [expr {abs($v - $avg)}] }
        assert_equal $mad [expr {$dev / [llength $values]}]
        assert_match "*\nI have a few advices for you:\n\n- *" $report
    } {} {needs:debug}

    test {LATENCY DOCTOR - no spikes} {
        r latency reset
        r latency doctor
    } {Dave, no latency spike was observed during the lifetime of this Redis instance*}

    test {LATENCY DOCTOR - monitor disabled} {
        r config set latency-monitor-threshold 0
        set report [r latency doctor]
        r config set latency-monitor-threshold 200
        set report
    } {I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance.*}

    test {LATENCY DOCTOR and GRAPH - verbatim strings in RESP3, bulk strings in RESP2} {
        r debug sleep 0.21
        set c [redis_client]
        $c readraw 1
        assert_match {$*} [$c latency doctor]
        assert_match {Dave, I have observed latency spikes*} [$c read]
        $c close
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_match {=*} [$c latency doctor]
        assert_match {txt:Dave, I have observed latency spikes*} [$c read]
        $c close
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_match {=*} [$c latency graph command]
        assert_match {txt:command - high * ms, low * ms (all time high * ms)} [$c read]
        $c close
    } {} {needs:debug}

    test {LATENCY LATEST and HISTORY - RESP3 types} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        set lines [list [$c latency latest]]
        for {set i 0} {$i < 6} {incr i} { lappend lines [$c read] }
        assert_equal [lrange $lines 0 3] [list *1 *4 {$7} command]
        foreach l [lrange $lines 4 6] { assert_match {:[0-9]*} $l }
        set lines [list [$c latency history command]]
        for {set i 0} {$i < 3} {incr i} { lappend lines [$c read] }
        assert_match {\*[1-9]*} [lindex $lines 0]
        assert_equal [lindex $lines 1] *2
        assert_match {:[0-9]*} [lindex $lines 2]
        assert_match {:[0-9]*} [lindex $lines 3]
        $c close
    } {} {needs:debug}

    test {LATENCY HISTOGRAM - calls and cumulative buckets} {
        r config resetstat
        r set k v
        r set k v2
        r set k v3
        r get k
        r get k
        set h [r latency histogram set get]
        assert_equal [lsort [dict keys $h]] {get set}
        foreach {cmd calls} {set 3 get 2} {
            set entry [dict get $h $cmd]
            assert_equal [dict keys $entry] {calls histogram_usec}
            assert_equal [dict get $entry calls] $calls
            set buckets [dict get $entry histogram_usec]
            set keys [dict keys $buckets]
            set counts [dict values $buckets]
            assert_equal $keys [lsort -integer -unique $keys]
            assert_equal $counts [lsort -integer -unique $counts]
            assert_equal [lindex $counts end] $calls
            foreach k $keys { assert {$k in $::latency_bucket_keys} }
        }
    }

    test {LATENCY HISTOGRAM - all commands, containers, unknown names} {
        r config resetstat
        r set k v
        r config get maxmemory
        set all [r latency histogram]
        assert_equal [lsort [dict keys $all]] {config|get config|resetstat set}
        assert_equal [lsort [dict keys [r latency histogram config]]] {config|get config|resetstat}
        assert_equal [dict keys [r latency histogram config|get]] {config|get}
        assert_equal [dict keys [r latency histogram SET nosuchcommand]] {set}
        assert_equal [r latency histogram nosuchcommand] {}
        assert_equal [dict keys [r latency histogram latency]] {latency|histogram}
    }

    test {LATENCY HISTOGRAM - a slow call lands in a high bucket} {
        r config resetstat
        r debug sleep 0.3
        set buckets [dict get [r latency histogram debug] debug histogram_usec]
        assert_equal [dict size $buckets] 1
        assert {[lindex [dict keys $buckets] 0] >= 300000}
    } {} {needs:debug}

    test {LATENCY HISTOGRAM - nothing recorded with latency-tracking off} {
        r config set latency-tracking no
        r config resetstat
        r set k v
        set h [r latency histogram set]
        r config set latency-tracking yes
        set h
    } {}

    test {LATENCY HISTOGRAM - RESP3 maps} {
        r config resetstat
        r set k v
        set c [redis_client]
        $c hello 3
        $c readraw 1
        set lines [list [$c latency histogram set]]
        for {set i 0} {$i < 8} {incr i} { lappend lines [$c read] }
        $c close
        assert_equal [lrange $lines 0 6] [list %1 {$3} set %2 {$5} calls :1]
        assert_equal [lrange $lines 7 8] [list {$14} histogram_usec]
    }

    test {LATENCY - errors} {
        assert_error "ERR wrong number of arguments for 'latency' command" {r latency}
        assert_error "ERR unknown subcommand 'foo'. Try LATENCY HELP." {r latency foo}
        assert_error "ERR wrong number of arguments for 'latency|graph' command" {r latency graph}
        assert_error "ERR wrong number of arguments for 'latency|graph' command" {r latency graph a b}
        assert_error "ERR wrong number of arguments for 'latency|history' command" {r latency history}
        assert_error "ERR wrong number of arguments for 'latency|latest' command" {r latency latest x}
        assert_error "ERR wrong number of arguments for 'latency|doctor' command" {r latency doctor x}
        assert_error "ERR wrong number of arguments for 'latency|help' command" {r latency help x}
    }

    test {LATENCY HELP} {
        set help [r latency help]
        assert_equal [llength $help] 17
        assert_equal [lindex $help 0] {LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:}
        set heads {}
        foreach l $help { if {[string index $l 0] ne " "} { lappend heads $l } }
        assert_equal $heads [list [lindex $help 0] DOCTOR {GRAPH <event>} {HISTORY <event>} LATEST {RESET [<event> ...]} \
                 {HISTOGRAM [COMMAND ...]} HELP]
    }
}

start_server {tags {"latency-monitor"} overrides {latency-monitor-threshold 1}} {
    test {LATENCY - a long active expire cycle is an "expire-cycle" sample} {
        r debug set-active-expire 0
        set buf ""
        for {set i 0} {$i < 50000} {incr i} {
            append buf [::redis::encode_command [list set key:$i v px 1]]
        }
        set rd [redis_deferring_client]
        $rd write $buf
        $rd flush
        for {set i 0} {$i < 50000} {incr i} { $rd read }
        $rd close
        after 2
        r latency reset
        r debug set-active-expire 1
        wait_for_condition 100 50 {[r dbsize] == 0} else {
            fail "the keys did not expire"
        }
        assert_morethan [llength [r latency history expire-cycle]] 0
        assert_equal [lindex [r latency history expire-cycle] end] \
            [lrange [lsearch -inline -index 0 [r latency latest] expire-cycle] 1 2]
    } {} {needs:debug}
}
