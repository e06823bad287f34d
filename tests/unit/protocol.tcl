# The request protocol (multibulk and inline), its limits and errors, and the
# exact bytes of RESP2 and RESP3 replies.
#
# Most tests talk to the server over raw sockets so that what is sent and
# what comes back can be checked byte for byte.


# Send `data` on a new connection and collect everything the server sends
# back until it closes the connection, giving up after `maxwait` ms.
# Returns {bytes closed}: closed is 1 when the server closed the connection.
proc proto_until_close {data {maxwait 5000}} {
    set fd [raw_connect 0]
    fconfigure $fd -blocking 0
    catch {puts -nonewline $fd $data}
    set out ""
    set closed 0
    set deadline [expr {[clock milliseconds] + $maxwait}]
    while {[clock milliseconds] < $deadline} {
        if {[catch {read $fd} chunk]} {
            set closed 1
            break
        }
        append out $chunk
        if {[eof $fd]} {
            set closed 1
            break
        }
        after 5
    }
    catch {close $fd}
    return [list $out $closed]
}

# Read one complete reply from a blocking binary channel and return its
# exact bytes (nested aggregates and attributes included).
proc read_raw_reply {fd} {
    set line [gets $fd]
    if {$line eq "" && [eof $fd]} { error "connection closed by server" }
    set out "$line\n"
    set type [string index $line 0]
    set n [string range [string trimright $line "\r"] 1 end]
    switch -exact -- $type {
        $ - = - ! {
            if {$n >= 0} { append out [read $fd [expr {$n + 2}]] }
        }
        * - ~ - > {
            for {set i 0} {$i < $n} {incr i} { append out [read_raw_reply $fd] }
        }
        % {
            for {set i 0} {$i < 2 * $n} {incr i} { append out [read_raw_reply $fd] }
        }
        | {
            for {set i 0} {$i < 2 * $n} {incr i} { append out [read_raw_reply $fd] }
            # The attribute decorates the reply that follows.
            append out [read_raw_reply $fd]
        }
    }
    return $out
}

# Send a command (as a multibulk request) on raw channel fd, return the
# reply bytes.
proc raw_cmd {fd args} {
    puts -nonewline $fd [::redis::encode_command $args]
    flush $fd
    read_raw_reply $fd
}

# Send raw bytes, return the bytes of one reply.
proc raw_send {fd data} {
    puts -nonewline $fd $data
    flush $fd
    read_raw_reply $fd
}

# The connection must have been closed by the server.
proc assert_closed {fd} {
    set data ""
    if {[catch {
        set data [read $fd]
    } err]} {
        return
    }
    assert_equal $data "" "no data after the error"
    assert {[eof $fd]}
}

start_server {tags {"protocol"}} {
    test {Empty lines between requests are ignored} {
        set fd [raw_connect]
        set reply [raw_send $fd "\r\n\r\n\n\r\nPING\r\n"]
        close $fd
        set reply
    } "+PONG\r\n"

    test {Inline requests: words separated by spaces, CRLF or LF} {
        set fd [raw_connect]
        assert_equal [raw_send $fd "SET   inline:key   hello\r\n"] "+OK\r\n"
        assert_equal [raw_send $fd "GET inline:key\n"] "\$5\r\nhello\r\n"
        # Lowercase command names and tabs between words work too.
        assert_equal [raw_send $fd "echo\tword\r\n"] "\$4\r\nword\r\n"
        close $fd
    }

    test {Inline requests: double quotes and escapes} {
        set fd [raw_connect]
        assert_equal [raw_send $fd "SET \"key with spaces\" \"a\\x41\\n\\t\\\"z\"\r\n"] "+OK\r\n"
        assert_equal [raw_cmd $fd GET "key with spaces"] "\$6\r\naA\n\t\"z\r\n"
        assert_equal [raw_send $fd "ECHO \"\"\r\n"] "\$0\r\n\r\n"
        close $fd
    }

    test {Inline requests: single quotes keep backslashes except before a quote} {
        set fd [raw_connect]
        assert_equal [raw_send $fd "ECHO 'it\\'s \\n raw'\r\n"] "\$11\r\nit's \\n raw\r\n"
        close $fd
    }

    test {Inline requests: unbalanced quotes are a protocol error} {
        lassign [proto_until_close "ECHO \"no end\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: unbalanced quotes in request\r\n"
        assert_equal $closed 1
    }

    test {Inline requests: a closing quote must be followed by a space} {
        lassign [proto_until_close "ECHO \"word\"tail\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: unbalanced quotes in request\r\n"
        assert_equal $closed 1
        lassign [proto_until_close "ECHO 'word'tail\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: unbalanced quotes in request\r\n"
        assert_equal $closed 1
    }

    test {Multibulk requests with zero or negative counts are ignored} {
        set fd [raw_connect]
        assert_equal [raw_send $fd "*0\r\n*-1\r\n*-10\r\nPING\r\n"] "+PONG\r\n"
        assert_equal [raw_send $fd "*0\r\n*1\r\n\$4\r\nPING\r\n"] "+PONG\r\n"
        close $fd
    }

    test {Multibulk and inline requests can be mixed on one connection} {
        set fd [raw_connect]
        puts -nonewline $fd "*3\r\n\$3\r\nSET\r\n\$5\r\nmixed\r\n\$1\r\n1\r\nINCR mixed\r\n*2\r\n\$4\r\nINCR\r\n\$5\r\nmixed\r\n"
        flush $fd
        assert_equal [read_raw_reply $fd] "+OK\r\n"
        assert_equal [read_raw_reply $fd] ":2\r\n"
        assert_equal [read_raw_reply $fd] ":3\r\n"
        close $fd
    }

    test {Invalid multibulk length: not a number} {
        lassign [proto_until_close "*abc\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: invalid multibulk length\r\n"
        assert_equal $closed 1
        lassign [proto_until_close "*1x\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: invalid multibulk length\r\n"
        assert_equal $closed 1
    }

    test {Invalid multibulk length: more than 2^31-1 arguments} {
        lassign [proto_until_close "*3000000000\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: invalid multibulk length\r\n"
        assert_equal $closed 1
    }

    test {A multibulk count of 2^31-1 is accepted (and costs nothing until sent)} {
        set fd [raw_connect]
        puts -nonewline $fd "*2147483647\r\n\$4\r\nPING\r\n"
        flush $fd
        # The request is not complete: the server keeps waiting for more.
        assert_equal [r ping] PONG
        close $fd
    }

    test {Expected '$' error names the byte found instead} {
        lassign [proto_until_close "*1\r\nfoo\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: expected '\$', got 'f'\r\n"
        assert_equal $closed 1
        lassign [proto_until_close "*2\r\n\$4\r\nECHO\r\n:12\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: expected '\$', got ':'\r\n"
        assert_equal $closed 1
    }

    test {Invalid bulk length: negative, not a number, empty} {
        foreach bad {{$-1} {$-100} {$abc} {$12x} {$}} {
            lassign [proto_until_close "*1\r\n$bad\r\n"] reply closed
            assert_equal $reply "-ERR Protocol error: invalid bulk length\r\n" "bulk length '$bad'"
            assert_equal $closed 1
        }
    }

    test {Invalid bulk length: over proto-max-bulk-len} {
        # The default limit is 512mb.
        lassign [proto_until_close "*1\r\n\$536870913\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: invalid bulk length\r\n"
        assert_equal $closed 1
        r config set proto-max-bulk-len 1mb
        try {
            lassign [proto_until_close "*2\r\n\$4\r\nECHO\r\n\$1048577\r\n"] reply closed
            assert_equal $reply "-ERR Protocol error: invalid bulk length\r\n"
            assert_equal $closed 1
            # Exactly at the limit is fine.
            set fd [raw_connect]
            set big [string repeat x 1048576]
            set reply [raw_send $fd "*2\r\n\$4\r\nECHO\r\n\$1048576\r\n$big\r\n"]
            assert_equal $reply "\$1048576\r\n$big\r\n"
            close $fd
        } finally {
            r config set proto-max-bulk-len 512mb
        }
    }

    test {Too big inline request (no newline within 64k)} {
        lassign [proto_until_close [string repeat a 70000]] reply closed
        assert_equal $reply "-ERR Protocol error: too big inline request\r\n"
        assert_equal $closed 1
    }

    test {An inline request just under 64k without newline is still awaited} {
        set fd [raw_connect]
        puts -nonewline $fd "ECHO [string repeat b 60000]"
        flush $fd
        assert_equal [r ping] PONG
        set reply [raw_send $fd "\r\n"]
        assert_equal $reply "\$60000\r\n[string repeat b 60000]\r\n"
        close $fd
    }

    test {Too big multibulk count string} {
        lassign [proto_until_close "*[string repeat 1 70000]"] reply closed
        assert_equal $reply "-ERR Protocol error: too big mbulk count string\r\n"
        assert_equal $closed 1
    }

    test {Too big bulk count string} {
        lassign [proto_until_close "*1\r\n\$[string repeat 1 70000]"] reply closed
        assert_equal $reply "-ERR Protocol error: too big bulk count string\r\n"
        assert_equal $closed 1
    }

    test {Replies already due are sent before the protocol error} {
        lassign [proto_until_close "PING\r\n*1\r\n\$4\r\nPING\r\n*x\r\nPING\r\n"] reply closed
        assert_equal $reply "+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n"
        assert_equal $closed 1
    }

    test {Protocol errors are counted in errorstats and logged} {
        r config resetstat
        proto_until_close "*1\r\n\$x\r\n"
        assert_match "*errorstat_ERR:count=1*" [r info errorstats]
        wait_for_log_pattern "*Protocol error (invalid bulk length) from client*"
    } {} {external:skip}

    test {The server survives every protocol error and keeps serving} {
        r ping
    } {PONG}

    test {Pipelining: many commands in one write} {
        set fd [raw_connect]
        set req ""
        r del pipe:counter
        for {set i 0} {$i < 1000} {incr i} {
            append req "*2\r\n\$4\r\nINCR\r\n\$12\r\npipe:counter\r\n"
        }
        append req "GET pipe:counter\r\n"
        puts -nonewline $fd $req
        flush $fd
        for {set i 1} {$i <= 1000} {incr i} {
            set reply [read_raw_reply $fd]
            if {$reply ne ":$i\r\n"} {
                fail "reply $i was '$reply'"
            }
        }
        assert_equal [read_raw_reply $fd] "\$4\r\n1000\r\n"
        close $fd
    }

    test {Pipelining: replies come back in order for a deferring client} {
        set rd [redis_deferring_client]
        for {set i 0} {$i < 200} {incr i} {
            $rd echo "message $i"
        }
        for {set i 0} {$i < 200} {incr i} {
            assert_equal [$rd read] "message $i"
        }
        $rd close
    }

    test {A request written one byte at a time} {
        set fd [raw_connect]
        set req "*3\r\n\$3\r\nSET\r\n\$9\r\nbyte:wise\r\n\$11\r\nhello world\r\n"
        append req "GET byte:wise\r\n"
        foreach ch [split $req ""] {
            puts -nonewline $fd $ch
            flush $fd
            after 1
        }
        assert_equal [read_raw_reply $fd] "+OK\r\n"
        assert_equal [read_raw_reply $fd] "\$11\r\nhello world\r\n"
        close $fd
    }

    test {Requests split at every possible position} {
        set fd [raw_connect]
        set req "*2\r\n\$4\r\nECHO\r\n\$5\r\nsplit\r\n"
        for {set i 1} {$i < [string length $req]} {incr i} {
            puts -nonewline $fd [string range $req 0 [expr {$i - 1}]]
            flush $fd
            after 2
            puts -nonewline $fd [string range $req $i end]
            flush $fd
            assert_equal [read_raw_reply $fd] "\$5\r\nsplit\r\n" "split at $i"
        }
        close $fd
    }

    test {A big argument (1MB) round-trips} {
        set value [string repeat "0123456789abcdef" 65536]
        r set big:1mb $value
        assert_equal [r strlen big:1mb] 1048576
        assert_equal [r get big:1mb] $value
    }

    test {A big argument (10MB) sent in pieces round-trips} {
        set value [string repeat "abcdefghij" 1048576]
        set fd [raw_connect]
        set req "*3\r\n\$3\r\nSET\r\n\$8\r\nbig:10mb\r\n\$[string length $value]\r\n$value\r\n"
        set len [string length $req]
        for {set i 0} {$i < $len} {incr i 1000000} {
            puts -nonewline $fd [string range $req $i [expr {$i + 999999}]]
            flush $fd
        }
        assert_equal [read_raw_reply $fd] "+OK\r\n"
        close $fd
        assert_equal [r strlen big:10mb] 10485760
        set got [r get big:10mb]
        assert {$got eq $value}
        r del big:10mb
    } {1}

    test {Big and small arguments mixed in one request} {
        set big [string repeat Z 100000]
        r mset mix:a 1 mix:b $big mix:c 3
        assert_equal [r mget mix:a mix:b mix:c] [list 1 $big 3]
    }

    test {Many arguments in one request} {
        set args {}
        for {set i 0} {$i < 5000} {incr i} { lappend args many:$i $i }
        r mset {*}$args
        assert_equal [r get many:4999] 4999
        assert_equal [r get many:0] 0
    }

    test {Binary safety: every byte value in keys and values} {
        set all ""
        for {set i 0} {$i < 256} {incr i} { append all [format %c $i] }
        r set $all $all
        assert_equal [r get $all] $all
        assert_equal [r strlen $all] 256
        # CR LF and NUL inside a value are plain data.
        r set "bin\r\nkey\x00" "\r\n\x00\r\n"
        assert_equal [r get "bin\r\nkey\x00"] "\r\n\x00\r\n"
        set fd [raw_connect]
        assert_equal [raw_cmd $fd GET $all] "\$256\r\n$all\r\n"
        close $fd
    }

    test {Unknown command names with binary bytes are reported safely} {
        set fd [raw_connect]
        set reply [raw_cmd $fd "bad\r\ncmd"]
        assert_equal $reply "-ERR unknown command 'bad  cmd', with args beginning with: \r\n"
        close $fd
    }

    test {RESP2: replies of every kind} {
        set fd [raw_connect]
        r del resp:nokey
        assert_equal [raw_cmd $fd GET resp:nokey] "\$-1\r\n"
        assert_equal [raw_cmd $fd SET resp:k 1] "+OK\r\n"
        assert_equal [raw_cmd $fd INCR resp:k] ":2\r\n"
        assert_equal [raw_cmd $fd GET resp:k] "\$1\r\n2\r\n"
        assert_equal [raw_cmd $fd MGET resp:k resp:nokey] "*2\r\n\$1\r\n2\r\n\$-1\r\n"
        assert_equal [raw_cmd $fd CONFIG GET maxmemory-policy] \
            "*2\r\n\$16\r\nmaxmemory-policy\r\n\$10\r\nnoeviction\r\n"
        assert_equal [raw_cmd $fd CONFIG GET no-such-config-name] "*0\r\n"
        # INFO and CLIENT INFO are plain bulk strings in RESP2.
        assert_match "\$*\r\n# Server\r\n*" [raw_cmd $fd INFO server]
        assert_match "\$*\r\nid=*\n\r\n" [raw_cmd $fd CLIENT INFO]
        assert_equal [raw_cmd $fd CLIENT GETNAME] "\$-1\r\n"
        assert_equal [raw_cmd $fd NOSUCH a] \
            "-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n"
        close $fd
    }

    test {RESP3: HELLO 3 switches the connection} {
        set fd [raw_connect]
        set reply [raw_cmd $fd HELLO 3]
        assert_match "%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$*\r\n*\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:*\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n*0\r\n" $reply
        r del resp:nokey
        assert_equal [raw_cmd $fd GET resp:nokey] "_\r\n"
        assert_equal [raw_cmd $fd MGET resp:nokey resp:nokey] "*2\r\n_\r\n_\r\n"
        assert_equal [raw_cmd $fd CONFIG GET maxmemory-policy] \
            "%1\r\n\$16\r\nmaxmemory-policy\r\n\$10\r\nnoeviction\r\n"
        assert_equal [raw_cmd $fd CONFIG GET no-such-config-name] "%0\r\n"
        assert_equal [raw_cmd $fd CLIENT GETNAME] "_\r\n"
        # Verbatim strings carry a "txt:" format prefix.
        set info [raw_cmd $fd INFO server]
        assert_match "=*\r\ntxt:# Server\r\n*\r\n" $info
        regexp {^=(\d+)\r\n} $info -> len
        set body [string range $info [expr {[string first "\n" $info] + 1}] end-2]
        assert_equal [string length $body] $len
        set ci [raw_cmd $fd CLIENT INFO]
        assert_match "=*\r\ntxt:id=*resp=3\n\r\n" $ci
        # Errors are the same in both protocols.
        assert_match "-ERR wrong number of arguments for 'get' command\r\n" [raw_cmd $fd GET]
        # And back to RESP2.
        assert_match "\*14\r\n*" [raw_cmd $fd HELLO 2]
        assert_equal [raw_cmd $fd GET resp:nokey] "\$-1\r\n"
        close $fd
    }

    test {RESP3: the Tcl client maps replies to Tcl values} {
        set c [redis_client]
        set reply [$c hello 3]
        assert_equal [dict get $reply proto] 3
        assert_equal [$c config get maxmemory-policy] {maxmemory-policy noeviction}
        assert_equal [$c get resp:nokey] {}
        assert_match "# Server*" [$c info server]
        $c close
    }

    tags {"needs:debug"} {
        test {DEBUG PROTOCOL in RESP2} {
            set fd [raw_connect]
            assert_equal [raw_cmd $fd DEBUG PROTOCOL string] "\$11\r\nHello World\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL integer] ":12345\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL double] "\$5\r\n3.141\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL bignum] \
                "\$37\r\n1234567999999999999999999999999999999\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL null] "\$-1\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL array] "*3\r\n:0\r\n:1\r\n:2\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL set] "*3\r\n:0\r\n:1\r\n:2\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL map] \
                "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL attrib] \
                "\$39\r\nSome real reply following the attribute\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL push] \
                "-ERR RESP2 is not supported by this command\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL verbatim] \
                "\$25\r\nThis is a verbatim\nstring\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL true] ":1\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL false] ":0\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL nosuchtype] \
                "-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n"
            close $fd
        }

        test {DEBUG PROTOCOL in RESP3} {
            set fd [raw_connect]
            raw_cmd $fd HELLO 3
            assert_equal [raw_cmd $fd DEBUG PROTOCOL string] "\$11\r\nHello World\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL integer] ":12345\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL double] ",3.141\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL bignum] \
                "(1234567999999999999999999999999999999\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL null] "_\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL array] "*3\r\n:0\r\n:1\r\n:2\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL set] "~3\r\n:0\r\n:1\r\n:2\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL map] \
                "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL attrib] \
                "|1\r\n\$14\r\nkey-popularity\r\n*2\r\n\$7\r\nkey:123\r\n:90\r\n\$39\r\nSome real reply following the attribute\r\n"
            # A push message comes first, then the real reply.
            assert_equal [raw_cmd $fd DEBUG PROTOCOL push] \
                ">2\r\n\$16\r\nserver-cpu-usage\r\n:42\r\n"
            assert_equal [read_raw_reply $fd] \
                "\$40\r\nSome real reply following the push reply\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL verbatim] \
                "=29\r\ntxt:This is a verbatim\nstring\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL true] "#t\r\n"
            assert_equal [raw_cmd $fd DEBUG PROTOCOL false] "#f\r\n"
            close $fd
        }

        test {RESP3 values through the Tcl client} {
            set c [redis_client]
            $c hello 3
            assert_equal [$c debug protocol double] 3.141
            assert_equal [$c debug protocol true] 1
            assert_equal [$c debug protocol false] 0
            assert_equal [$c debug protocol map] {0 0 1 1 2 0}
            assert_equal [$c debug protocol attrib] {Some real reply following the attribute}
            assert_equal [$c attributes] {key-popularity {key:123 90}}
            assert_equal [$c debug protocol verbatim] "This is a verbatim\nstring"
            $c close
        }
    }
}

# The server must answer the harness' PING at start-up, so the password is
# set once it runs; the default client stays authenticated.
start_server {tags {"protocol"}} {
    r config set requirepass proto-secret

    test {Unauthenticated clients may not send more than 10 arguments} {
        lassign [proto_until_close "*11\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: unauthenticated multibulk length\r\n"
        assert_equal $closed 1
    }

    test {Unauthenticated clients may send up to 10 arguments} {
        set fd [raw_connect 0]
        set reply [raw_send $fd "*10\r\n\$3\r\nDEL\r\n[string repeat "\$1\r\nx\r\n" 9]"]
        assert_equal $reply "-NOAUTH Authentication required.\r\n"
        # Unknown commands and arity are checked before authentication.
        set reply [raw_send $fd "*10\r\n[string repeat "\$1\r\nx\r\n" 10]"]
        assert_equal $reply "-ERR unknown command 'x', with args beginning with: 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' \r\n"
        assert_equal [raw_cmd $fd GET] "-ERR wrong number of arguments for 'get' command\r\n"
        close $fd
    }

    test {Unauthenticated clients may not send bulks over 16k} {
        lassign [proto_until_close "*1\r\n\$16385\r\n"] reply closed
        assert_equal $reply "-ERR Protocol error: unauthenticated bulk length\r\n"
        assert_equal $closed 1
        set fd [raw_connect 0]
        set reply [raw_send $fd "*2\r\n\$4\r\nECHO\r\n\$16384\r\n[string repeat y 16384]\r\n"]
        assert_equal $reply "-NOAUTH Authentication required.\r\n"
        close $fd
    }

    test {After AUTH the limits no longer apply} {
        set fd [raw_connect 0]
        assert_equal [raw_cmd $fd AUTH proto-secret] "+OK\r\n"
        set value [string repeat v 20000]
        assert_equal [raw_cmd $fd ECHO $value] "\$20000\r\n$value\r\n"
        set args {}
        for {set i 0} {$i < 20} {incr i} { lappend args k$i $i }
        assert_equal [raw_cmd $fd MSET {*}$args] "+OK\r\n"
        close $fd
    }

    test {Inline requests of unauthenticated clients get NOAUTH} {
        set fd [raw_connect 0]
        assert_equal [raw_send $fd "GET foo\r\n"] "-NOAUTH Authentication required.\r\n"
        close $fd
    }
}
