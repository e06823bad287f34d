# Authentication: AUTH and HELLO AUTH with and without requirepass, what an
# unauthenticated client may do, and how failures are reported.
#
# The harness checks that a server is up with a PING, which a server with a
# password refuses, so most blocks set requirepass with CONFIG SET once the
# server runs; one test starts a server with the password in its
# configuration by itself.

# A new client of the innermost server that does not select a database
# (that would need authentication).
proc auth_client {} {
    set c [redis [srv host] [srv port]]
    lappend ::server_clients([srv id]) $c
    return $c
}

start_server {tags {"auth"}} {
    test {AUTH without a configured password} {
        assert_error "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?" {
            r auth some-password
        }
        # With a user name, the default user (which has no password)
        # accepts any password; other users do not exist.
        assert_equal [r auth default anything] OK
        assert_equal [r auth default ""] OK
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {r auth nosuchuser anything}
        r ping
    } {PONG}

    test {AUTH arity and syntax} {
        assert_error "ERR wrong number of arguments for 'auth' command" {r auth}
        assert_error "ERR syntax error" {r auth a b c}
        assert_error "ERR syntax error" {r auth a b c d}
    }

    test {requirepass: CONFIG SET and CONFIG GET} {
        assert_equal [r config get requirepass] {requirepass {}}
        r config set requirepass s3cret
        assert_equal [r config get requirepass] {requirepass s3cret}
        r config set requirepass ""
        r config get requirepass
    } {requirepass {}}
}

start_server {tags {"auth"}} {
    r config set requirepass foobar

    test {Connections made before requirepass was set stay authenticated} {
        r set authkey value
        r get authkey
    } {value}

    test {A new connection gets NOAUTH for everyday commands} {
        set c [auth_client]
        assert_error "NOAUTH Authentication required." {$c ping}
        assert_error "NOAUTH Authentication required." {$c get authkey}
        assert_error "NOAUTH Authentication required." {$c select 9}
        assert_error "NOAUTH Authentication required." {$c client id}
        assert_error "NOAUTH Authentication required." {$c config get maxmemory}
        $c close
    }

    test {Unknown commands and wrong arities are reported before NOAUTH} {
        set c [auth_client]
        assert_error "ERR unknown command 'nosuchcmd', with args beginning with: 'x' " {$c nosuchcmd x}
        assert_error "ERR wrong number of arguments for 'get' command" {$c get}
        assert_error "NOAUTH Authentication required." {$c get k}
        $c close
    }

    test {AUTH with a wrong password} {
        set c [auth_client]
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth wrong}
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth default wrong}
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth foobarx}
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth fooba}
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth ""}
        assert_error "NOAUTH Authentication required." {$c ping}
        $c close
    }

    test {AUTH with the password} {
        set c [auth_client]
        assert_equal [$c auth foobar] OK
        assert_equal [$c ping] PONG
        $c select 9
        assert_equal [$c get authkey] value
        $c close
    }

    test {AUTH default <password>} {
        set c [auth_client]
        assert_equal [$c auth default foobar] OK
        assert_equal [$c ping] PONG
        $c close
    }

    test {AUTH with a user other than default fails even with the right password} {
        set c [auth_client]
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth someone foobar}
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c auth DEFAULT foobar}
        assert_error "NOAUTH Authentication required." {$c ping}
        $c close
    }

    test {A failed AUTH after a successful one keeps the client authenticated} {
        set c [auth_client]
        $c auth foobar
        assert_error "WRONGPASS*" {$c auth wrong}
        assert_equal [$c ping] PONG
        $c close
    }

    test {HELLO without AUTH is refused before authentication} {
        set c [auth_client]
        set msg "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
        assert_error $msg {$c hello}
        assert_error $msg {$c hello 3}
        assert_error $msg {$c hello 2 SETNAME name}
        # Syntax is checked first.
        assert_error "ERR Syntax error in HELLO option 'AUTH'" {$c hello 3 AUTH default}
        assert_error "NOPROTO unsupported protocol version" {$c hello 5}
        assert_error "NOAUTH Authentication required." {$c ping}
        $c close
    }

    test {HELLO AUTH with a wrong password} {
        set c [auth_client]
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c hello 3 AUTH default wrong}
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {$c hello 3 AUTH other foobar}
        # Still RESP2 and still not authenticated.
        assert_error "NOAUTH Authentication required." {$c ping}
        $c readraw 1
        assert_equal [$c get x] "-NOAUTH Authentication required."
        $c close
    }

    test {HELLO AUTH authenticates and switches the protocol at once} {
        set c [auth_client]
        set reply [$c hello 3 AUTH default foobar]
        assert_equal [dict get $reply proto] 3
        assert_equal [$c ping] PONG
        $c select 9
        $c readraw 1
        assert_equal [$c get no-such-key] "_"
        $c close
    }

    test {HELLO AUTH with SETNAME} {
        set c [auth_client]
        set reply [$c hello 2 AUTH default foobar SETNAME authed-client]
        assert_equal [dict get $reply proto] 2
        assert_equal [$c client getname] authed-client
        $c close
    }

    test {An invalid SETNAME after a good HELLO AUTH still authenticates} {
        set c [auth_client]
        assert_error "ERR Client names cannot contain spaces, newlines or special characters." {
            $c hello 3 AUTH default foobar SETNAME "bad name"
        }
        # The password was checked before the name: the client is in,
        # but the protocol did not change.
        assert_equal [$c ping] PONG
        assert_match "* resp=2*" [$c client info]
        $c close
    }

    test {QUIT is allowed before authentication} {
        set fd [socket [srv host] [srv port]]
        fconfigure $fd -translation binary -buffering none
        puts -nonewline $fd "QUIT\r\n"
        set reply [gets $fd]
        close $fd
        set reply
    } "+OK\r"

    test {RESET logs the client out when a password is set} {
        set c [auth_client]
        $c auth foobar
        assert_equal [$c ping] PONG
        assert_equal [$c reset] RESET
        assert_error "NOAUTH Authentication required." {$c ping}
        # RESET itself is allowed before authentication.
        assert_equal [$c reset] RESET
        $c close
    }

    test {AUTH failures are counted in errorstats} {
        r config resetstat
        set c [auth_client]
        catch {$c auth wrong}
        catch {$c ping}
        catch {$c hello 3}
        set stats [r info errorstats]
        assert_match "*errorstat_WRONGPASS:count=1\r\n*" $stats
        assert_match "*errorstat_NOAUTH:count=2\r\n*" $stats
        assert_match "*cmdstat_auth:calls=1,*,rejected_calls=0,failed_calls=1*" [r info commandstats]
        $c close
    }

    test {Changing the password does not log out connected clients} {
        set c [auth_client]
        $c auth foobar
        r config set requirepass newpass
        assert_equal [$c ping] PONG
        set c2 [auth_client]
        assert_error "WRONGPASS*" {$c2 auth foobar}
        assert_equal [$c2 auth newpass] OK
        $c close
        $c2 close
        r config set requirepass foobar
    } {OK}

    test {Removing the password lets new clients in without AUTH} {
        r config set requirepass ""
        set c [auth_client]
        assert_equal [$c ping] PONG
        assert_error "ERR AUTH <password> called without any password configured*" {$c auth foobar}
        $c close
        r config set requirepass foobar
    } {OK}

    test {Binary passwords} {
        set pass "a\x00b\r\nc d\xff"
        r config set requirepass $pass
        set c [auth_client]
        assert_error "WRONGPASS*" {$c auth "a"}
        assert_equal [$c auth $pass] OK
        assert_equal [$c ping] PONG
        $c close
        r config set requirepass foobar
    } {OK}

    r config set requirepass ""
}

test {requirepass in the configuration applies from start-up} {
    lassign [start_bare_server --requirepass startpass] pid port dir
    set c [redis 127.0.0.1 $port]
    assert_error "NOAUTH Authentication required." {$c ping}
    assert_error "WRONGPASS*" {$c auth wrong}
    assert_equal [$c auth startpass] OK
    assert_equal [$c config get requirepass] {requirepass startpass}
    stop_bare_server $c $pid $dir
} {} {external:skip}
