# Crash safety of the append only file.  With appendfsync always a reply is
# sent only after the write it acknowledges reached the disk, so a server
# killed with SIGKILL at any moment and restarted must hold every write a
# client saw acknowledged.  Two writers pipeline INCRs and RPUSHes; after a
# random number of replies has been read the server is killed, restarted
# from its AOF, and checked, twenty times over, with the data piling up
# across the kills.

proc aof_crash_pipeline {rd key list n} {
    for {set j 0} {$j < $n} {incr j} {
        $rd incr $key
        $rd rpush $list x
    }
}

start_server {tags {"aof" "crash"} overrides {appendonly yes appendfsync always}} {
    test {appendfsync always: every acknowledged write survives SIGKILL (20 kills under load)} {
        r del c1 c2 l1 l2
        array set crash_acked {c1 0 c2 0 l1 0 l2 0}
        for {set round 0} {$round < 20} {incr round} {
            set rd1 [redis_deferring_client]
            set rd2 [redis_deferring_client]
            aof_crash_pipeline $rd1 c1 l1 300
            aof_crash_pipeline $rd2 c2 l2 300
            # Read a random share of the replies, interleaving the two
            # writers, then kill the server while the rest are in flight.
            set want [expr {1 + [randomInt 250]}]
            for {set j 0} {$j < $want} {incr j} {
                set crash_acked(c1) [$rd1 read]
                set crash_acked(l1) [$rd1 read]
                set crash_acked(c2) [$rd2 read]
                set crash_acked(l2) [$rd2 read]
            }
            set pid [srv 0 pid]
            exec kill -KILL $pid
            catch {$rd1 close}
            catch {$rd2 close}
            # Restart only once the killed server is gone and its port is
            # free again; if something else holds the port, say what.
            wait_for_condition 500 10 {![pid_alive $pid] && [port_is_free [srv 0 port]]} else {
                catch {exec ss -ltnp} listeners
                fail "port [srv 0 port] still busy after the kill of $pid:\n$listeners"
            }
            # A start that finds the port taken after all (seen once on a
            # loaded CI machine, cause unknown) is retried; the durability
            # checks below are what this test is about.
            for {set try 0} {1} {incr try} {
                if {![catch {restart_server} err]} break
                if {$try == 3 || ![string match "*is in use*" $err]} { error $err }
                after 500
            }
            # INCR and RPUSH replies carry the value they acknowledge: the
            # counter and the list length after the restart are at least
            # those (more if the server ran commands whose replies were
            # not read before the kill).
            foreach k {c1 c2} l {l1 l2} {
                assert {[r get $k] >= $crash_acked($k)}
                assert {[r llen $l] >= $crash_acked($l)}
            }
        }
    }

    test {appendfsync always: the AOF after the kills loads cleanly and matches the data} {
        set digest [r debug digest]
        restart_server
        assert_equal $digest [r debug digest]
    }
}
