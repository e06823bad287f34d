# Self-tests of the test harness: the Tcl client against a server, using
# only commands from the core every server version has (PING, ECHO, SET,
# GET, INCR, DEL, EXISTS, SELECT, HELLO), plus the client's parser of every
# RESP2/RESP3 reply type fed by a fake server.

start_server {tags {"harness"}} {
    test {PING and ECHO} {
        assert_equal [r ping] PONG
        r echo "hello world"
    } {hello world}

    test {SET and GET, binary safe} {
        r set foo bar
        assert_equal [r get foo] bar
        set blob "a\x00b\r\nc\xff\x80 end"
        r set blob $blob
        assert_equal [r get blob] $blob
        assert_equal [r get no-such-key] {}
    }

    test {INCR, DEL and EXISTS} {
        r del counter
        assert_equal [r incr counter] 1
        assert_equal [r incr counter] 2
        assert_equal [r exists counter] 1
        assert_equal [r del counter no-such-key] 1
        r exists counter
    } {0}

    test {SELECT keeps databases apart} {
        r select 9
        r set dbkey nine
        r select 10
        assert_equal [r exists dbkey] 0
        r set dbkey ten
        r select 9
        r get dbkey
    } {nine}

    test {Errors are raised with the server's message} {
        assert_error "*wrong number of arguments for 'get' command*" {r get}
        assert_error "ERR unknown command*" {r nosuchcommand}
        r set notanumber abc
        catch {r incr notanumber} e
        assert_match "ERR *not an integer*" $e
        # The connection is still usable after errors.
        r ping
    } {PONG}

    test {Pipelining with a deferring client} {
        set rd [redis_deferring_client]
        for {set i 0} {$i < 100} {incr i} {
            $rd set key:$i $i
        }
        for {set i 0} {$i < 100} {incr i} {
            $rd incr key:$i
        }
        for {set i 0} {$i < 100} {incr i} {
            assert_equal [$rd read] OK
        }
        for {set i 0} {$i < 100} {incr i} {
            assert_equal [$rd read] [expr {$i + 1}]
        }
        $rd close
    }

    test {Raw writes are flushed and answered in order} {
        set rd [redis_deferring_client]
        $rd write "*1\r\n\$4\r\nPING\r\n"
        $rd write "*2\r\n\$4\r\nECHO\r\n\$3\r\nabc\r\n"
        $rd flush
        assert_equal [$rd read] PONG
        assert_equal [$rd read] abc
        $rd close
    }

    test {readraw returns protocol lines} {
        set c [redis_client]
        $c readraw 1
        assert_equal [$c set rawkey hello] "+OK"
        assert_equal [$c get rawkey] "\$5"
        assert_equal [$c read] "hello"
        assert_equal [$c get no-such-key] "\$-1"
        assert_equal [$c incr rawcounter] ":1"
        assert_match "-ERR unknown command*" [$c nosuchcommand]
        $c readraw 0
        $c get rawkey
    } {hello}

    test {HELLO 3 switches to RESP3 and replies with a map} {
        set c [redis_client]
        assert_equal [$c protocol] 2
        set reply [$c hello 3]
        assert_equal [dict get $reply proto] 3
        assert_equal [dict get $reply server] redis
        assert_equal [$c protocol] 3
        $c readraw 1
        assert_equal [$c get no-such-key] "_"
        assert_match "%*" [$c hello 3]
        $c readraw 0
        # Drain the rest of the raw map (key/value lines) by reconnecting.
        $c reconnect
        assert_equal [$c protocol] 2
        assert_equal [dict get [$c hello 3] proto] 3
        assert_equal [$c set k v] OK
        assert_equal [$c get k] v
        assert_equal [dict get [$c hello 2] proto] 2
        $c protocol
    } {2}

    test {A test with an expected result compares it} {
        r echo 12345
    } {12345}

    test {Glob patterns are accepted as the expected result} {
        r echo "some long reply"
    } {some*reply}

    tags {extra-tag} {
        test {tags blocks add to the current tags} {
            assert {"harness" in $::tags}
            assert {"extra-tag" in $::tags}
        }
    }

    test {srv knows the server address} {
        assert_equal [srv 0 host] [srv host]
        assert {[srv 0 port] > 0}
        set c [redis [srv 0 host] [srv 0 port]]
        set reply [$c ping]
        $c close
        set reply
    } {PONG}
}

# The client parser, checked against canned replies of every type.
test {Client parses every RESP2 and RESP3 reply type} {
    set payload ""
    append payload "+OK\r\n" "-ERR something bad\r\n" ":42\r\n"
    append payload "\$5\r\nhello\r\n" "\$-1\r\n" "\$0\r\n\r\n"
    append payload "*3\r\n:1\r\n\$1\r\na\r\n*-1\r\n" "*0\r\n" "*-1\r\n"
    append payload "_\r\n" ",3.14\r\n" ",inf\r\n" "#t\r\n" "#f\r\n"
    append payload "!21\r\nSYNTAX invalid syntax\r\n"
    append payload "=15\r\ntxt:Some string\r\n"
    append payload "(3492890328409238509324850943850943825024385\r\n"
    append payload "%2\r\n+key1\r\n:1\r\n\$4\r\nkey2\r\n*2\r\n:2\r\n:3\r\n"
    append payload "~2\r\n+a\r\n+b\r\n"
    append payload ">3\r\n\$7\r\nmessage\r\n\$2\r\nch\r\n\$3\r\nhi!\r\n"
    append payload "|1\r\n+ttl\r\n:3600\r\n:7\r\n"
    append payload "*3\r\n+OK\r\n-WRONGTYPE bad\r\n:5\r\n" "+AFTER\r\n"
    append payload "\$5\r\n\x00\r\n\xff\xfe\r\n"

    set dir [file join $::tmp_dir replay.[pid]]
    file mkdir $dir
    set fd [open $dir/payload w]
    fconfigure $fd -translation binary
    puts -nonewline $fd $payload
    close $fd
    set port [next_free_port]
    set pid [exec [info nameofexecutable] $::tests_dir/helpers/resp_replay.tcl \
        $port $dir/payload &]
    wait_for_condition 100 20 {
        ![catch {socket 127.0.0.1 $port} probe] && ![catch {close $probe}]
    } else {
        fail "the fake server did not start"
    }
    set c [redis 127.0.0.1 $port 1]
    set results {}
    try {
        assert_equal [$c read] OK
        assert_error "ERR something bad" {$c read}
        assert_equal [$c read] 42
        assert_equal [$c read] hello
        assert_equal [$c read] {}
        assert_equal [$c read] {}
        assert_equal [$c read] {1 a {}}
        assert_equal [$c read] {}
        assert_equal [$c read] {}
        assert_equal [$c read] {}
        assert_equal [$c read] 3.14
        assert_equal [$c read] inf
        assert_equal [$c read] 1
        assert_equal [$c read] 0
        assert_error "SYNTAX invalid syntax" {$c read}
        assert_equal [$c read] "Some string"
        assert_equal [$c read] 3492890328409238509324850943850943825024385
        assert_equal [$c read] {key1 1 key2 {2 3}}
        assert_equal [$c read] {a b}
        assert_equal [$c read] {message ch hi!}
        assert_equal [$c read] 7
        assert_equal [$c attributes] {ttl 3600}
        assert_error "WRONGTYPE bad" {$c read}
        assert_equal [$c read] AFTER
        assert_equal [$c read] "\x00\r\n\xff\xfe"
    } finally {
        $c close
        catch {exec kill $pid}
        file delete -force $dir
    }
}

test {Assertions report what went wrong} {
    catch {assert_equal 1 2} e
    assert_match "Expected '1' to be equal to '2'*" $e
    catch {assert_error "*" {set x 1}} e
    assert_match "Expected an error*got no error*" $e
    catch {assert_match "a*" "bcd"} e
    assert_match "Expected 'bcd' to match 'a*'*" $e
    catch {assert {1 == 2}} e
    assert_match "Expected*1 == 2*to be true*" $e
    assert_range 5 1 10
    catch {assert_range 11 1 10} e
    assert_match "*between*" $e
    set n 0
    wait_for_condition 50 1 {[incr n] >= 3} else { fail "never reached" }
    assert_equal $n 3
    catch {wait_for_condition 3 1 {0} else { fail "gave up" }} e
    assert_match "gave up*" $e
}

test {Random helpers} {
    for {set i 0} {$i < 50} {incr i} {
        set s [randstring 3 8 alpha]
        assert_range [string length $s] 3 8
        assert {[string is alnum $s]}
        assert_range [randomInt 10] 0 9
    }
    assert_match {[01234]*} [randstring 5 5 compr]
    set v [randpath {return a} {return b}]
    assert {$v eq "a" || $v eq "b"}
}
