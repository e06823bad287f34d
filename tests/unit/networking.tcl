# Connection handling and the limits a server puts on its clients: query and
# output buffer limits, maxclients, idle timeout, unix sockets, keepalive,
# QUIT.


# Wait until the connection `fd` is closed by the server; fails the test if
# it stays open.  Returns the bytes received before the close.  The default
# client is pinged meanwhile, so that an idle timeout does not close it.
proc wait_for_close {fd {what "the connection"}} {
    fconfigure $fd -blocking 0
    set ::net_received ""
    wait_for_condition 500 10 {
        [r ping] eq "PONG" && [net_closed $fd]
    } else {
        fail "$what was not closed by the server"
    }
    catch {close $fd}
    return $::net_received
}

# The id the server gave to raw connection fd.
proc net_client_id {fd} {
    puts -nonewline $fd "CLIENT ID\r\n"
    flush $fd
    string range [string trimright [gets $fd] "\r"] 1 end
}

# Wait until the client with this id is gone from CLIENT LIST.
proc wait_for_client_gone {id} {
    wait_for_condition 100 10 {
        $id ni [client_ids]
    } else {
        fail "client $id was not freed"
    }
}

proc net_closed {fd} {
    if {[catch {read $fd} chunk]} { return 1 }
    append ::net_received $chunk
    return [eof $fd]
}

proc client_ids {} {
    set ids {}
    foreach line [split [r client list] "\n"] {
        if {[regexp {^id=(\d+) } $line -> id]} { lappend ids $id }
    }
    return $ids
}

start_server {tags {"networking"}} {
    test {CONFIG SET and GET of client-query-buffer-limit, with bounds} {
        assert_equal [r config get client-query-buffer-limit] {client-query-buffer-limit 1073741824}
        r config set client-query-buffer-limit 2mb
        assert_equal [r config get client-query-buffer-limit] {client-query-buffer-limit 2097152}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be between 1048576 and 9223372036854775807 inclusive" {
            r config set client-query-buffer-limit 1000
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be a memory value" {
            r config set client-query-buffer-limit 1zb
        }
        r config set client-query-buffer-limit 1gb
        r config get client-query-buffer-limit
    } {client-query-buffer-limit 1073741824}

    test {A client whose query buffer passes client-query-buffer-limit is closed} {
        r config set client-query-buffer-limit 1mb
        try {
            set fd [raw_connect]
            set id [net_client_id $fd]
            # A 3MB argument announced, then sent slowly past the limit.
            puts -nonewline $fd "*3\r\n\$3\r\nSET\r\n\$9\r\nqbuf:test\r\n\$3000000\r\n"
            flush $fd
            set chunk [string repeat x 100000]
            set write_failed 0
            for {set i 0} {$i < 25} {incr i} {
                if {[catch {puts -nonewline $fd $chunk; flush $fd}]} {
                    set write_failed 1
                    break
                }
            }
            if {!$write_failed} { wait_for_close $fd "the over-limit client" }
            catch {close $fd}
            wait_for_client_gone $id
            assert_equal [r exists qbuf:test] 0
        } finally {
            r config set client-query-buffer-limit 1gb
        }
        r ping
    } {PONG}

    test {The query buffer limit is logged with the client and the first bytes} {
        wait_for_log_pattern "*Closing client that reached max query buffer length: id=* (qbuf initial bytes: \"xxx*"
    } {} {external:skip}

    test {Requests under the query buffer limit are served} {
        r config set client-query-buffer-limit 1mb
        try {
            set value [string repeat y 500000]
            r set qbuf:ok $value
            assert_equal [r strlen qbuf:ok] 500000
        } finally {
            r config set client-query-buffer-limit 1gb
        }
    }

    test {client-output-buffer-limit: CONFIG GET shows every class} {
        r config get client-output-buffer-limit
    } {client-output-buffer-limit {normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60}}

    test {client-output-buffer-limit: CONFIG SET of some classes keeps the others} {
        r config set client-output-buffer-limit "normal 1mb 2kb 3 pubsub 1 2 3"
        assert_equal [lindex [r config get client-output-buffer-limit] 1] \
            {normal 1048576 2048 3 slave 268435456 67108864 60 pubsub 1 2 3}
        # "replica" is accepted as the name of the slave class.
        r config set client-output-buffer-limit "normal 0 0 0 replica 268435456 67108864 60 pubsub 33554432 8388608 60"
        lindex [r config get client-output-buffer-limit] 1
    } {normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60}

    test {client-output-buffer-limit: parse errors} {
        set prefix "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - "
        assert_error "${prefix}Wrong number of arguments in buffer limit configuration." {
            r config set client-output-buffer-limit "normal 1 2"
        }
        assert_error "${prefix}Invalid client class specified in buffer limit configuration." {
            r config set client-output-buffer-limit "nosuchclass 1 2 3"
        }
        assert_error "${prefix}Invalid client class specified in buffer limit configuration." {
            r config set client-output-buffer-limit "master 1 2 3"
        }
        assert_error "${prefix}Error in hard, soft or soft_seconds setting in buffer limit configuration." {
            r config set client-output-buffer-limit "normal x 2 3"
        }
        assert_error "${prefix}Error in hard, soft or soft_seconds setting in buffer limit configuration." {
            r config set client-output-buffer-limit "normal 1mb 2 -1"
        }
        # Nothing was changed by the failed attempts.
        lindex [r config get client-output-buffer-limit] 1
    } {normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60}

    test {A normal client over the hard output buffer limit is closed} {
        r set obuf:big [string repeat z 200000]
        r config set client-output-buffer-limit "normal 100k 0 0"
        try {
            set fd [raw_connect]
            set id [net_client_id $fd]
            puts -nonewline $fd "*2\r\n\$3\r\nGET\r\n\$8\r\nobuf:big\r\n"
            flush $fd
            # The reply never fits: the client is closed before any of it
            # is sent.
            assert_equal [wait_for_close $fd "the over-limit client"] ""
            wait_for_client_gone $id
        } finally {
            r config set client-output-buffer-limit "normal 0 0 0"
        }
        r ping
    } {PONG}

    test {The output buffer limit is logged} {
        wait_for_log_pattern "*Client id=* scheduled to be closed ASAP for overcoming of output buffer limits.*"
    } {} {external:skip}

    test {Pipelined replies piling up past the hard limit close the client} {
        r set obuf:mid [string repeat w 30000]
        r config set client-output-buffer-limit "normal 1mb 0 0"
        try {
            set fd [raw_connect]
            set req ""
            # Far more than the socket buffers take, never read.
            for {set i 0} {$i < 2000} {incr i} {
                append req "*2\r\n\$3\r\nGET\r\n\$8\r\nobuf:mid\r\n"
            }
            # The server may close the connection while it is being written.
            if {![catch {puts -nonewline $fd $req; flush $fd}]} {
                wait_for_close $fd "the client that never reads"
            }
            catch {close $fd}
        } finally {
            r config set client-output-buffer-limit "normal 0 0 0"
        }
        r ping
    } {PONG}

    test {A soft limit alone does not close a client at once} {
        r set obuf:big [string repeat z 200000]
        r config set client-output-buffer-limit "normal 0 100k 60"
        try {
            set c [redis_client]
            assert_equal [string length [$c get obuf:big]] 200000
            assert_equal [$c ping] PONG
            $c close
        } finally {
            r config set client-output-buffer-limit "normal 0 0 0"
        }
    }

    test {Big replies are delivered whole when there is no limit} {
        set value [string repeat "0123456789" 500000]
        r set obuf:huge $value
        set rd [redis_deferring_client]
        for {set i 0} {$i < 5} {incr i} { $rd get obuf:huge }
        for {set i 0} {$i < 5} {incr i} {
            assert_equal [string length [$rd read]] 5000000
        }
        $rd close
        r del obuf:huge
    } {1}

    test {QUIT replies +OK and closes the connection} {
        set fd [raw_connect]
        puts -nonewline $fd "QUIT\r\nPING\r\n"
        flush $fd
        # Nothing after QUIT is executed.
        wait_for_close $fd
    } "+OK\r\n"

    test {QUIT ignores its arguments} {
        set fd [raw_connect]
        puts -nonewline $fd "*2\r\n\$4\r\nQUIT\r\n\$3\r\nnow\r\n"
        flush $fd
        wait_for_close $fd
    } "+OK\r\n"

    test {Closing a connection frees the client} {
        set c [redis_client]
        set id [$c client id]
        assert {$id in [client_ids]}
        $c close
        wait_for_client_gone $id
        # connected_clients agrees with CLIENT LIST once things settle.
        wait_for_condition 100 10 {
            [s connected_clients] == [llength [client_ids]]
        } else {
            fail "connected_clients disagrees with CLIENT LIST"
        }
    }

    test {total_connections_received counts every accepted connection} {
        set before [s total_connections_received]
        for {set i 0} {$i < 5} {incr i} {
            set c [redis_client]
            $c ping
            $c close
        }
        expr {[s total_connections_received] - $before}
    } {5}

    test {tcp-keepalive: CONFIG GET and SET} {
        assert_equal [r config get tcp-keepalive] {tcp-keepalive 300}
        r config set tcp-keepalive 60
        assert_equal [r config get tcp-keepalive] {tcp-keepalive 60}
        # New connections still work with the new setting.
        set c [redis_client]
        assert_equal [$c ping] PONG
        $c close
        assert_error "ERR CONFIG SET failed (possibly related to argument 'tcp-keepalive') - argument must be between 0 and 2147483647 inclusive" {
            r config set tcp-keepalive -1
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'tcp-keepalive') - argument couldn't be parsed into an integer" {
            r config set tcp-keepalive abc
        }
        r config set tcp-keepalive 0
        assert_equal [r config get tcp-keepalive] {tcp-keepalive 0}
        r config set tcp-keepalive 300
        r config get tcp-keepalive
    } {tcp-keepalive 300}
}

start_server {tags {"networking"}} {
    test {maxclients: CONFIG GET and bounds} {
        assert_equal [r config get maxclients] {maxclients 10000}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive" {
            r config set maxclients 0
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer" {
            r config set maxclients many
        }
        s maxclients
    } {10000}

    test {maxclients: the connection past the limit gets an error and is closed} {
        # Only the default client is left once the harness' probe is gone.
        wait_for_condition 100 10 {
            [s connected_clients] == 1
        } else {
            fail "unexpected clients: [r client list]"
        }
        set n 1
        r config set maxclients [expr {$n + 1}]
        try {
            assert_equal [s maxclients] [expr {$n + 1}]
            set rejected [s rejected_connections]
            # One more client fits.
            set c [redis_client]
            assert_equal [$c ping] PONG
            # The next one is told why and dropped.
            set fd [raw_connect 0]
            assert_equal [wait_for_close $fd "the extra connection"] \
                "-ERR max number of clients reached\r\n"
            assert_equal [s rejected_connections] [expr {$rejected + 1}]
            # Once a slot is free, connecting works again.
            set id [$c client id]
            $c close
            wait_for_client_gone $id
            set c [redis_client]
            assert_equal [$c ping] PONG
            $c close
        } finally {
            r config set maxclients 10000
        }
    }
}

start_server {tags {"networking"}} {
    test {timeout: CONFIG GET and SET} {
        assert_equal [r config get timeout] {timeout 0}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive" {
            r config set timeout -1
        }
        r config get timeout
    } {timeout 0}

    test {timeout: an idle client is closed, an active one stays} {
        set idle [redis_client]
        set idle_id [$idle client id]
        set active [redis_client]
        set active_id [$active client id]
        r config set timeout 1
        try {
            # The default client and `active` keep talking; `idle` does not.
            wait_for_condition 200 50 {
                [$active ping] eq "PONG" && $idle_id ni [client_ids]
            } else {
                fail "the idle client was not closed"
            }
            assert {$active_id in [client_ids]}
            assert_error "*connection closed*" {$idle ping}
            assert_equal [$active ping] PONG
        } finally {
            r config set timeout 0
        }
        catch {$idle close}
        $active close
    }

    test {timeout: a client in the middle of a request is closed too} {
        set fd [raw_connect]
        puts -nonewline $fd "*2\r\n\$4\r\nECHO\r\n"
        flush $fd
        r config set timeout 1
        try {
            wait_for_close $fd "the half-sent request's client"
        } finally {
            r config set timeout 0
        }
    } {}

    test {timeout 0 never closes idle clients} {
        set c [redis_client]
        set id [$c client id]
        # Let a few seconds of cron runs pass: the client stays.
        after 2500
        assert {$id in [client_ids]}
        $c ping
    } {PONG}
}

# Unix sockets: the socket lives in a directory of its own; Tcl has no unix
# socket client, so redis-cli (or python3) talks through it.
proc unix_socket_tool {} {
    if {[auto_execok redis-cli] ne ""} { return redis-cli }
    if {[auto_execok python3] ne ""} { return python3 }
    return ""
}

# Send a command through the unix socket; returns the reply as text.
proc unix_cmd {path args} {
    if {[unix_socket_tool] eq "redis-cli"} {
        return [exec redis-cli -s $path {*}$args]
    }
    set script {
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
req = "*%d\r\n" % (len(sys.argv) - 2)
for a in sys.argv[2:]:
    req += "$%d\r\n%s\r\n" % (len(a.encode()), a)
s.sendall(req.encode())
s.settimeout(5)
data = s.recv(65536).decode()
lines = [l for l in data.split("\r\n") if l and l[0] not in "*$"]
print("\n".join(l[1:] if l[0] in "+:" else l for l in lines))
    }
    return [exec python3 -c $script $path {*}$args]
}

set ::unix_dir [file join $::tmp_dir unixsock.[pid]]
file mkdir $::unix_dir
start_server [list tags {"networking" "external:skip"} \
        overrides [list unixsocket $::unix_dir/redis.sock unixsocketperm 700]] {
    test {unixsocket: the socket file exists with the configured mode} {
        set path $::unix_dir/redis.sock
        assert {[file exists $path]}
        assert_equal [file type $path] socket
        string range [file attributes $path -permissions] end-2 end
    } {700}

    test {unixsocket: CONFIG GET shows the path and the mode} {
        set cfg [r config get unixsocket*]
        assert_equal [dict get $cfg unixsocket] $::unix_dir/redis.sock
        assert_equal [dict get $cfg unixsocketperm] 700
        assert_error "*can't set immutable config*" {r config set unixsocket /tmp/other.sock}
        assert_error "*can't set immutable config*" {r config set unixsocketperm 777}
    }

    test {unixsocket: commands work through the socket} {
        if {[unix_socket_tool] eq ""} {
            puts "skipped: neither redis-cli nor python3 is available"
            return
        }
        set path $::unix_dir/redis.sock
        assert_equal [unix_cmd $path ping] PONG
        r select 0
        r set unix:key "via tcp"
        r select 9
        assert_equal [unix_cmd $path get unix:key] "via tcp"
    }

    test {unixsocket: the client is listed with flag U and the socket address} {
        if {[unix_socket_tool] ne "redis-cli"} {
            return
        }
        set path $::unix_dir/redis.sock
        set line [unix_cmd $path client info]
        assert_match "id=* addr=$path:0 laddr=$path:0 fd=* flags=U *" $line
    }

    test {unixsocket: start-up logs the socket path} {
        wait_for_log_pattern "*The server is now ready to accept connections at $::unix_dir/redis.sock*"
    }
}

test {unixsocket: the socket file is removed at shutdown} {
    file exists $::unix_dir/redis.sock
} {0} {external:skip}
file delete -force $::unix_dir
