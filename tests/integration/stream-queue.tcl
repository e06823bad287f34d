# A job queue on a stream, the way BullMQ-like libraries use one: several
# producers XADD jobs in pipelines, two consumer groups each with three
# consumers loop on XREADGROUP ... BLOCK and XACK what they got, one consumer
# per group "crashes" leaving jobs pending, and a reclaimer takes the stuck
# jobs over with XAUTOCLAIM and acks them.  Checked at the end, with no
# timing in any assertion: every group saw every job, no job was acked
# twice in a group, nothing is left pending, and XINFO GROUPS agrees.

set ::queue_jobs 2000       ;# jobs in all
set ::queue_producers 4
set ::queue_chunk 50        ;# XADDs a producer pipelines per round
set ::queue_groups {g1 g2}

# Send a chunk of XADDs from each producer that still has jobs, then read
# the replies.  Returns the number of jobs added.
proc queue_produce_round {} {
    set added 0
    foreach p [array names ::queue_prod] {
        set rd $::queue_prod($p)
        set n 0
        while {$n < $::queue_chunk && $::queue_next($p) < $::queue_quota} {
            $rd xadd q * job $p:$::queue_next($p)
            incr ::queue_next($p)
            incr n
        }
        set ::queue_sent($p) $n
    }
    foreach p [array names ::queue_prod] {
        for {set i 0} {$i < $::queue_sent($p)} {incr i} {
            set id [$::queue_prod($p) read]
            # IDs come back increasing across all producers.
            lappend ::queue_ids $id
            set ::queue_payload($id) 1
            incr added
        }
    }
    return $added
}

# Record the delivery of `entries` (XREADGROUP or XAUTOCLAIM entries) to
# `group`; a second delivery through > would be a bug.
proc queue_seen {group entries how} {
    foreach e $entries {
        lassign $e id fields
        if {$how eq "new"} {
            if {[info exists ::queue_seen($group,$id)]} {
                fail "$id delivered twice through > in $group"
            }
        }
        set ::queue_seen($group,$id) 1
        assert_equal [lindex $fields 0] job
    }
}

# Compare two stream IDs for lsort -command.
proc queue_cmp {a b} {
    lassign [split $a -] ams aseq
    lassign [split $b -] bms bseq
    if {$ams != $bms} { return [expr {$ams < $bms ? -1 : 1}] }
    if {$aseq != $bseq} { return [expr {$aseq < $bseq ? -1 : 1}] }
    return 0
}

# One pass of the reclaimer on `group` through client `c`: XAUTOCLAIM the
# jobs idle for 200 ms or more, in batches of 10 following the cursor, and
# ack them.  Deleted jobs the server reports are remembered.  Returns the
# number of jobs still pending in the group.
proc queue_reclaim {c group} {
    set cursor 0-0
    while 1 {
        lassign [$c xautoclaim q $group reclaimer 200 $cursor count 10] cursor entries deleted
        queue_seen $group $entries claimed
        lappend ::queue_deleted($group) {*}$deleted
        queue_ack $c $group [lmap e $entries {lindex $e 0}]
        if {$cursor eq "0-0"} break
    }
    lindex [$c xpending q $group] 0
}

# Ack `ids` in `group` through client `c` and count each ack.
proc queue_ack {c group ids} {
    if {![llength $ids]} return
    set acked [$c xack q $group {*}$ids]
    assert_equal $acked [llength $ids] "XACK in $group"
    foreach id $ids {
        if {[incr ::queue_acks($group,$id)] > 1} {
            fail "$id acked twice in $group"
        }
    }
}

start_server {tags {"stream"}} {
    test {Job queue: producers, two groups of consumers, a crash and a reclaimer} {
        r del q
        foreach g $::queue_groups { r xgroup create q $g 0 mkstream }
        array unset ::queue_seen
        array unset ::queue_acks
        array unset ::queue_payload
        array unset ::queue_prod
        set ::queue_ids {}
        set ::queue_quota [expr {$::queue_jobs / $::queue_producers}]
        for {set p 0} {$p < $::queue_producers} {incr p} {
            set ::queue_prod($p) [redis_deferring_client]
            set ::queue_next($p) 0
        }
        # Consumers c1..c3 of each group; c3 crashes after its 5th batch,
        # having acked only its first two.
        set consumers {}
        foreach g $::queue_groups {
            foreach name {c1 c2 c3} {
                set rd [redis_deferring_client]
                dict set consumers $g,$name [dict create client $rd batches 0 alive 1]
            }
        }
        set produced 0
        set rounds 0
        while 1 {
            incr produced [queue_produce_round]
            # Every live consumer asks for work, then each answer is read
            # and acked.
            set asked {}
            dict for {key cs} $consumers {
                if {![dict get $cs alive]} continue
                lassign [split $key ,] g name
                [dict get $cs client] xreadgroup group $g $name count 10 block 100 streams q >
                lappend asked $key
            }
            set got 0
            foreach key $asked {
                lassign [split $key ,] g name
                set rd [dict get $consumers $key client]
                set reply [$rd read]
                if {$reply eq {}} continue
                set entries [lindex $reply 0 1]
                incr got [llength $entries]
                queue_seen $g $entries new
                set batches [dict get $consumers $key batches]
                dict set consumers $key batches [incr batches]
                if {$name eq "c3" && $batches > 2} {
                    # Crashed: got the jobs, never acks them.
                    if {$batches >= 5} { dict set consumers $key alive 0 }
                    continue
                }
                set ids [lmap e $entries {lindex $e 0}]
                $rd xack q $g {*}$ids
                set acked [$rd read]
                assert_equal $acked [llength $ids]
                foreach id $ids {
                    if {[incr ::queue_acks($g,$id)] > 1} { fail "$id acked twice in $g" }
                }
            }
            incr rounds
            if {$produced == $::queue_jobs && $got == 0} break
            if {$rounds > 10000} { fail "the consumers never drained the queue" }
        }
        assert_equal [r xlen q] $::queue_jobs
        assert_equal [llength $::queue_ids] $::queue_jobs
        assert_equal [lsort -unique $::queue_ids] [lsort $::queue_ids]

        # Each crashed consumer holds three unacked batches.
        foreach g $::queue_groups {
            assert_equal [dict get $consumers $g,c3 alive] 0
            assert_equal [llength [r xpending q $g - + 100 c3]] 30
            assert_equal [lindex [r xpending q $g] 0] 30
        }
        # The job queue cancels two of g1's stuck jobs.
        set stuck [lmap e [r xpending q g1 - + 100 c3] {lindex $e 0}]
        set cancelled [lrange $stuck 0 1]
        assert_equal [r xdel q {*}$cancelled] 2

        # The reclaimer takes over jobs idle for 200 ms and acks them.  The
        # wait only decides when to stop; the checks come after.
        set rc [redis_client]
        foreach g $::queue_groups {
            set ::queue_deleted($g) {}
            wait_for_condition 500 20 {
                [queue_reclaim $rc $g] == 0
            } else {
                fail "jobs stay pending in $g: [r xpending q $g]"
            }
        }

        foreach g $::queue_groups {
            # Every job was delivered to the group, and acked exactly once
            # unless it was cancelled while pending.
            set missing 0
            set acked 0
            foreach id $::queue_ids {
                if {![info exists ::queue_seen($g,$id)]} { incr missing }
                if {[info exists ::queue_acks($g,$id)]} { incr acked }
            }
            assert_equal $missing 0 "jobs never delivered in $g"
            if {$g eq "g1"} {
                assert_equal [lsort $::queue_deleted($g)] [lsort $cancelled]
                assert_equal $acked [expr {$::queue_jobs - 2}]
                foreach id $cancelled {
                    assert_equal [info exists ::queue_acks($g,$id)] 0
                }
            } else {
                # g2 had acked or kept pending other jobs: any cancelled job
                # it still held is reported as deleted, not acked.
                assert_equal [expr {$acked + [llength $::queue_deleted($g)]}] $::queue_jobs
            }
            # A second XACK of a done job changes nothing.
            assert_equal [r xack q $g [lindex $::queue_ids 0] [lindex $::queue_ids end]] 0
            assert_equal [r xpending q $g] {0 {} {} {}}
            set info [lindex [lmap x [r xinfo groups q] {
                if {[dict get $x name] ne $g} continue
                set x
            }] 0]
            assert_equal [dict get $info pending] 0
            assert_equal [dict get $info last-delivered-id] [lindex $::queue_ids end]
            assert_equal [dict get $info entries-read] $::queue_jobs
            assert_equal [dict get $info lag] 0
            assert_equal [dict get $info consumers] 4
            foreach c [r xinfo consumers q $g] {
                assert_equal [dict get $c pending] 0 "consumer [dict get $c name] of $g"
            }
        }
        set info [r xinfo stream q]
        assert_equal [dict get $info length] [expr {$::queue_jobs - 2}]
        assert_equal [dict get $info entries-added] $::queue_jobs
        assert_equal [dict get $info max-deleted-entry-id] [lindex [lsort -command queue_cmp $cancelled] end]

        # The queue can now be trimmed up to what both groups consumed.
        assert_equal [r xtrim q minid [lindex $::queue_ids end]] [expr {$::queue_jobs - 3}]
        foreach p [array names ::queue_prod] { $::queue_prod($p) close }
        dict for {key cs} $consumers { [dict get $cs client] close }
        $rc close
        r xlen q
    } {1}

    test {Job queue: blocked consumers are woken in FIFO order and share a burst} {
        r del q
        r xgroup create q g 0 mkstream
        set workers {}
        foreach name {w1 w2 w3} {
            set rd [redis_deferring_client]
            $rd xreadgroup group g $name count 10 block 0 streams q >
            wait_for_blocked_clients_count [expr {[dict size $workers] + 1}]
            lappend workers $name $rd
        }
        # A pipelined burst of 300 jobs.
        set prod [redis_deferring_client]
        for {set i 0} {$i < 300} {incr i} { $prod xadd q * job $i }
        set ids {}
        for {set i 0} {$i < 300} {incr i} { lappend ids [$prod read] }
        # The first waiter got the first job.
        set first [lindex [[dict get $workers w1] read] 0 1]
        assert_equal [lindex $first 0 0] [lindex $ids 0]
        set got [dict create w1 [llength $first] w2 0 w3 0]
        set seen {}
        foreach e $first { dict set seen [lindex $e 0] w1 }
        foreach name {w2 w3} {
            foreach e [lindex [[dict get $workers $name] read] 0 1] {
                dict set seen [lindex $e 0] $name
                dict incr got $name
            }
        }
        # Then they loop until the queue is drained, acking as they go.
        set idle 0
        while {$idle < 3} {
            set idle 0
            dict for {name rd} $workers {
                $rd xreadgroup group g $name count 10 block 100 streams q >
            }
            dict for {name rd} $workers {
                set reply [$rd read]
                if {$reply eq {}} { incr idle; continue }
                foreach e [lindex $reply 0 1] {
                    set id [lindex $e 0]
                    if {[dict exists $seen $id]} { fail "$id delivered twice" }
                    dict set seen $id $name
                    dict incr got $name
                }
            }
        }
        assert_equal [lsort [dict keys $seen]] [lsort $ids]
        # Everything is pending, spread over the three workers.
        assert_equal [lindex [r xpending q g] 0] 300
        set total 0
        foreach c [r xinfo consumers q g] {
            assert_equal [dict get $c pending] [dict get $got [dict get $c name]]
            incr total [dict get $c pending]
        }
        assert_equal $total 300
        assert_equal [r xack q g {*}$ids] 300
        $prod close
        dict for {name rd} $workers { $rd close }
        set g [lindex [r xinfo groups q] 0]
        list [dict get $g pending] [dict get $g entries-read] [dict get $g lag]
    } {0 300 0}
}
