# CLIENT KILL, REPLY, NO-EVICT, GETREDIR, TRACKINGINFO, UNBLOCK, PAUSE and
# UNPAUSE, and MONITOR.

# The id of a client by name, from CLIENT LIST.
proc client_id_by_name {name} {
    foreach line [split [string trim [r client list]] "\n"] {
        if {[regexp "^id=(\\d+) .* name=$name " $line -> id]} { return $id }
    }
    return ""
}

# The id of the (one) client blocked by a pause.
proc blocked_client_id {} {
    foreach line [split [string trim [r client list]] "\n"] {
        if {[regexp {^id=(\d+) .* flags=b } $line -> id]} { return $id }
    }
    return ""
}

# Has a reply (at least one byte) arrived for a deferring client?  Reads
# without waiting; only for checks that expect nothing.
proc reply_arrived {rd} {
    set fd [$rd channel]
    fconfigure $fd -blocking 0
    set data [read $fd 1]
    fconfigure $fd -blocking 1
    return [expr {$data ne ""}]
}

start_server {tags {"client"}} {
    test {CLIENT KILL old form: one address, OK or No such client} {
        set c [redis_client]
        $c client setname victim
        set addr [regexp -inline {addr=[^ ]+} [$c client info]]
        set addr [string range $addr 5 end]
        assert_equal OK [r client kill $addr]
        wait_for_condition 100 10 {[client_id_by_name victim] eq ""} else { fail "victim still connected" }
        assert_error "ERR No such client" {r client kill $addr}
        assert_error "ERR No such client" {r client kill 1.2.3.4:5}
        assert_error "ERR No such client" {r client kill addr}
    }

    test {CLIENT KILL ID and ADDR filters count what they killed} {
        set c1 [redis_client]
        set c2 [redis_client]
        set id1 [$c1 client id]
        set addr2 [string range [regexp -inline {addr=[^ ]+} [$c2 client info]] 5 end]
        assert_equal 1 [r client kill id $id1]
        assert_equal 0 [r client kill id $id1]
        assert_equal 1 [r client kill addr $addr2]
        assert_equal 0 [r client kill id 999999]
        assert_equal 0 [r client kill laddr 1.1.1.1:1]
        catch {$c1 ping} e1
        catch {$c2 ping} e2
        assert_match {*} $e1 ;# the connections are gone: any error text
        wait_for_condition 100 10 {[r client list id $id1] eq ""} else { fail "client still listed" }
    }

    test {CLIENT KILL LADDR matches the local address} {
        set c [redis_client]
        set id [$c client id]
        set laddr [string range [regexp -inline {laddr=[^ ]+} [$c client info]] 6 end]
        # Both r and c share this local address; SKIPME (default yes) spares r.
        assert {[r client kill laddr $laddr id $id] == 1}
    }

    test {CLIENT KILL TYPE and USER, SKIPME yes by default} {
        set c [redis_client]
        $c client setname other
        set n [r client kill type normal]
        assert {$n >= 1}
        assert_equal PONG [r ping]
        wait_for_condition 100 10 {[client_id_by_name other] eq ""} else { fail "other still connected" }
        assert_equal 0 [r client kill type master]
        assert_equal 0 [r client kill type replica]
        assert_equal 0 [r client kill type slave]
        assert_equal 0 [r client kill type pubsub]
        assert_equal 0 [r client kill user default]
    }

    test {CLIENT KILL with SKIPME no kills the caller after its reply} {
        set c [redis_client]
        set id [$c client id]
        assert_equal 1 [$c client kill id $id skipme no]
        wait_for_condition 100 10 {[r client list id $id] eq ""} else { fail "client still listed" }
        set c [redis_client]
        assert_equal 0 [$c client kill id [$c client id] skipme yes]
        assert_equal PONG [$c ping]
    }

    test {CLIENT KILL errors} {
        assert_error "ERR wrong number of arguments for 'client|kill' command" {r client kill}
        assert_error "ERR client-id should be greater than 0" {r client kill id abc}
        assert_error "ERR client-id should be greater than 0" {r client kill id 0}
        assert_error "ERR client-id should be greater than 0" {r client kill id -5}
        assert_error "ERR Unknown client type 'foo'" {r client kill type foo}
        assert_error "ERR syntax error" {r client kill type normal skipme maybe}
        assert_error "ERR syntax error" {r client kill foo bar}
        assert_error "ERR syntax error" {r client kill id 1 type}
        assert_error "ERR syntax error" {r client kill maxage 10}
        assert_error "ERR No such user 'nouser'" {r client kill user nouser}
    }

    test {CLIENT REPLY OFF, SKIP and ON} {
        set c [redis_client]
        $c readraw 1
        $c deferred 1
        $c client reply off
        $c set a 1
        $c client reply on
        assert_equal "+OK" [$c read]
        $c client reply skip
        $c set a 2
        $c get a
        assert_equal {$1} [$c read]
        assert_equal 2 [$c read]
        $c close
    }

    test {CLIENT REPLY errors} {
        assert_error "ERR syntax error" {r client reply foo}
        assert_error "ERR wrong number of arguments for 'client|reply' command" {r client reply}
    }

    test {CLIENT NO-EVICT sets the e flag; RESET keeps it} {
        assert_equal OK [r client no-evict on]
        assert_match "*flags=e *" [r client info]
        r reset
        r select 9
        assert_match "*flags=e *" [r client info]
        assert_equal OK [r client no-evict off]
        assert_match "*flags=N *" [r client info]
        assert_error "ERR syntax error" {r client no-evict maybe}
        assert_error "ERR wrong number of arguments for 'client|no-evict' command" {r client no-evict}
    }

    test {CLIENT GETREDIR and TRACKINGINFO without tracking} {
        assert_equal -1 [r client getredir]
        assert_equal {flags off redirect -1 prefixes {}} [r client trackinginfo]
        assert_error "ERR wrong number of arguments for 'client|getredir' command" {r client getredir x}
    }

    test {CLIENT UNBLOCK of a client that is not blocked, and its errors} {
        assert_equal 0 [r client unblock [r client id]]
        assert_equal 0 [r client unblock 999999]
        assert_error "ERR value is not an integer or out of range" {r client unblock x}
        assert_error "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR" {r client unblock 1 foo}
        assert_error "ERR wrong number of arguments for 'client|unblock' command" {r client unblock}
    }

    test {CLIENT PAUSE errors} {
        assert_error "ERR wrong number of arguments for 'client|pause' command" {r client pause}
        assert_error "ERR timeout is not an integer or out of range" {r client pause x}
        assert_error "ERR timeout is negative" {r client pause -1}
        assert_error "ERR CLIENT PAUSE mode must be WRITE or ALL" {r client pause 10 foo}
        assert_error "ERR wrong number of arguments for 'client|unpause' command" {r client unpause x}
    }

    test {CLIENT PAUSE WRITE holds back writes, not reads, until UNPAUSE} {
        r set k v0
        r client pause 100000 write
        set rd [redis_deferring_client]
        $rd set k v1
        wait_for_blocked_clients_count 1
        assert_match "*flags=b *cmd=set *" [r client list id [blocked_client_id]]
        assert_equal v0 [r get k]
        r client unpause
        assert_equal OK [$rd read]
        wait_for_blocked_clients_count 0
        assert_equal v1 [r get k]
        $rd close
    } {} {needs:our-server}

    test {Pipelined commands after a paused one keep their order} {
        r del list
        r set n 0
        r client pause 100000 write
        set rd [redis_deferring_client]
        $rd incr n
        $rd get n
        $rd incr n
        wait_for_blocked_clients_count 1
        r client unpause
        assert_equal {1 1 2} [list [$rd read] [$rd read] [$rd read]]
        $rd close
    }

    test {CLIENT PAUSE ALL holds back reads too, and ends by itself} {
        r set k v
        set rd [redis_deferring_client]
        # Every normal client waits, even for CLIENT UNPAUSE: keep it short.
        r client pause 2000 all
        $rd get k
        after 100
        assert_equal 0 [reply_arrived $rd]
        assert_equal v [$rd read]
        $rd close
    }

    test {A later CLIENT PAUSE sets the type and never shortens the end} {
        set rd [redis_deferring_client]
        r client pause 2000 write
        r client pause 10 all
        after 50
        # Still paused (the end was kept), now ALL: even PING waits.
        $rd ping
        after 100
        assert_equal 0 [reply_arrived $rd]
        assert_equal PONG [$rd read]
        $rd close
    }

    test {Keys do not expire while clients are paused} {
        r flushdb
        r set foo bar px 50
        r client pause 100000 write
        after 150
        assert_equal {} [r get foo]
        assert_equal 1 [r dbsize]
        r client unpause
        wait_for_condition 100 10 {[r dbsize] == 0} else { fail "key not expired after unpause" }
    }

    test {CLIENT UNBLOCK does not release a client held by a pause} {
        r client pause 100000 write
        set rd [redis_deferring_client]
        $rd set k 1
        wait_for_blocked_clients_count 1
        assert_equal 0 [r client unblock [blocked_client_id]]
        r client unpause
        assert_equal OK [$rd read]
        $rd close
    } {} {needs:our-server}

    test {A closed client held by a pause is forgotten} {
        r client pause 100000 write
        set rd [redis_deferring_client]
        $rd set k 1
        wait_for_blocked_clients_count 1
        $rd close
        wait_for_blocked_clients_count 0
        r client unpause
        assert_equal PONG [r ping]
    }
}

start_server {tags {"monitor"}} {
    test {MONITOR shows commands with time, db and address} {
        set m [redis_deferring_client]
        $m monitor
        assert_equal OK [$m read]
        r set foo bar
        r get foo
        r select 5
        r get foo
        r select 9
        assert_match {*"set" "foo" "bar"} [$m read]
        assert_match {*"get" "foo"} [$m read]
        assert_match {*"select" "5"} [$m read]
        assert_match {* \[5 127.0.0.1:*\] "get" "foo"} [$m read]
        assert_match {* \[9 127.0.0.1:*\] "select" "9"} [$m read]
        $m close
    }

    test {MONITOR line format: seconds.microseconds, quoting of binary arguments} {
        set m [redis_deferring_client]
        $m monitor
        $m read
        r set "a b" "\x00\xff\"x"
        set line [$m read]
        assert_match {[0-9]*.[0-9][0-9][0-9][0-9][0-9][0-9] \[9 127.0.0.1:*\] "set" "a b" "\\x00\\xff\\"x"} $line
        $m close
    }

    test {MONITOR hides admin commands and redacts passwords} {
        set m [redis_deferring_client]
        $m monitor
        $m read
        r config get maxmemory
        r client list
        catch {r auth secret} e
        catch {r hello 2 auth default secret2} e
        r ping
        assert_match {*"auth" "(redacted)"} [$m read]
        assert_match {*"hello" "2" "auth" "(redacted)" "(redacted)"} [$m read]
        assert_match {*"ping"} [$m read]
        $m close
    }

    test {MONITOR does not show rejected commands} {
        set m [redis_deferring_client]
        $m monitor
        $m read
        catch {r nosuchcommand} e
        catch {r get} e
        r echo marker
        assert_match {*"echo" "marker"} [$m read]
        $m close
    }

    test {A MONITOR client cannot touch keys; RESET ends monitoring} {
        set m [redis_client]
        assert_equal OK [$m monitor]
        assert_error "ERR Replica can't interact with the keyspace" {$m get foo}
        assert_error "ERR Replica can't interact with the keyspace" {$m set foo bar}
        assert_match "*flags=O *" [$m client info]
        $m readraw 1
        $m reset
        # Lines fed before RESET may precede its reply.
        while {[set line [$m read]] ne "+RESET"} {}
        $m readraw 0
        assert_equal {} [$m get nosuchkey]
        $m close
    }

    test {MONITOR twice gives no second reply} {
        set m [redis_deferring_client]
        $m monitor
        assert_equal OK [$m read]
        $m monitor
        r echo after
        # The next line is the monitor feed, not a second OK.
        assert_match {*"echo" "after"} [$m read]
        $m close
    }
}
