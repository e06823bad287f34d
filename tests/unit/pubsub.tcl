# Pub/Sub: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH and
# PUBSUB introspection, as Redis 7.0 answers them.  Covers the replies of
# every command in RESP2 and RESP3 (push messages), the RESP2 subscriber
# mode restrictions, RESET and HELLO interplay, glob patterns, many
# subscribers, cleanup on disconnect, CLIENT LIST fields, INFO counters and
# the pubsub output buffer limits.

# Subscribe a deferring client and consume the confirmations; returns them.
proc ps_subscribe {rd verb names} {
    $rd $verb {*}$names
    set replies {}
    foreach n $names { lappend replies [$rd read] }
    return $replies
}

# Read n replies and return them sorted (unsubscribe order is not defined).
proc ps_read_sorted {rd n} {
    set replies {}
    for {set i 0} {$i < $n} {incr i} { lappend replies [$rd read] }
    return [lsort $replies]
}

# With readraw on, a command returns the first protocol line of its reply:
# send it and read the rest, n lines in all.
proc ps_raw {c n args} {
    set out [list [$c {*}$args]]
    for {set i 1} {$i < $n} {incr i} { lappend out [$c read] }
    return $out
}

# The next n raw lines (pushes that arrive without a command).
proc ps_raw_lines {c n} {
    set out {}
    for {set i 0} {$i < $n} {incr i} { lappend out [$c read] }
    return $out
}

start_server {tags {"pubsub"}} {
    # ------------------------------------------------------ basic delivery

    test {PUBLISH with no subscriber returns 0} {
        r publish nosuchchannel hello
    } {0}

    test {SUBSCRIBE confirms each channel with the running count} {
        set rd [redis_deferring_client]
        assert_equal [ps_subscribe $rd subscribe {c1 c2 c3}] {{subscribe c1 1} {subscribe c2 2} {subscribe c3 3}}
        # Subscribing again to a channel keeps the count.
        assert_equal [ps_subscribe $rd subscribe {c2}] {{subscribe c2 3}}
        $rd close
    }

    test {PUBLISH reaches the subscriber and returns the receiver count} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {chan}
        assert_equal [r publish chan hello] 1
        assert_equal [$rd read] {message chan hello}
        assert_equal [r publish chan ""] 1
        assert_equal [$rd read] {message chan {}}
        # Binary-safe message and channel.
        ps_subscribe $rd subscribe [list "a\x00b"]
        assert_equal [r publish "a\x00b" "x\r\ny"] 1
        assert_equal [$rd read] [list message "a\x00b" "x\r\ny"]
        $rd close
    }

    test {PUBLISH counts every subscriber of the channel} {
        set clients {}
        for {set i 0} {$i < 5} {incr i} {
            set rd [redis_deferring_client]
            ps_subscribe $rd subscribe {shared}
            lappend clients $rd
        }
        assert_equal [r publish shared msg] 5
        foreach rd $clients {
            assert_equal [$rd read] {message shared msg}
            $rd close
        }
    }

    test {Messages arrive in publish order} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {ordered}
        for {set i 0} {$i < 100} {incr i} { r publish ordered $i }
        for {set i 0} {$i < 100} {incr i} { assert_equal [$rd read] [list message ordered $i] }
        $rd close
    }

    test {A large message is delivered whole} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {big}
        set payload [string repeat abcdefghij 100000]
        assert_equal [r publish big $payload] 1
        assert_equal [$rd read] [list message big $payload]
        $rd close
    }

    test {Many subscribers on many channels} {
        set clients {}
        for {set i 0} {$i < 50} {incr i} {
            set rd [redis_deferring_client]
            ps_subscribe $rd subscribe [list many:[expr {$i % 5}] many:all]
            lappend clients $rd
        }
        assert_equal [r publish many:all x] 50
        assert_equal [r publish many:3 y] 10
        assert_equal [r pubsub numsub many:all many:0 many:9] {many:all 50 many:0 10 many:9 0}
        set i 0
        foreach rd $clients {
            assert_equal [$rd read] {message many:all x}
            if {$i % 5 == 3} { assert_equal [$rd read] {message many:3 y} }
            $rd close
            incr i
        }
        wait_for_condition 50 20 {[r pubsub numsub many:all] eq {many:all 0}} else {
            fail "subscribers not cleaned up"
        }
    }

    # ---------------------------------------------------------- unsubscribe

    test {UNSUBSCRIBE from given channels, subscribed or not} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {u1 u2 u3}
        $rd unsubscribe u1 nosuch u3
        assert_equal [$rd read] {unsubscribe u1 2}
        assert_equal [$rd read] {unsubscribe nosuch 2}
        assert_equal [$rd read] {unsubscribe u3 1}
        assert_equal [r publish u1 x] 0
        assert_equal [r publish u2 x] 1
        assert_equal [$rd read] {message u2 x}
        $rd close
    }

    test {UNSUBSCRIBE without arguments drops every channel} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {a b c}
        $rd unsubscribe
        set replies [ps_read_sorted $rd 3]
        assert_equal [lmap m $replies {lrange $m 0 1}] {{unsubscribe a} {unsubscribe b} {unsubscribe c}}
        assert_equal [lsort [lmap m $replies {lindex $m 2}]] {0 1 2}
        assert_equal [r publish a x] 0
        # Out of subscriber mode: normal commands work again.
        $rd ping
        assert_equal [$rd read] PONG
        $rd close
    }

    test {UNSUBSCRIBE and PUNSUBSCRIBE with nothing subscribed reply with a null channel} {
        set rd [redis_deferring_client]
        $rd unsubscribe
        assert_equal [$rd read] {unsubscribe {} 0}
        $rd punsubscribe
        assert_equal [$rd read] {punsubscribe {} 0}
        $rd unsubscribe x y
        assert_equal [$rd read] {unsubscribe x 0}
        assert_equal [$rd read] {unsubscribe y 0}
        $rd close
    }

    test {UNSUBSCRIBE with nothing subscribed: exact RESP2 and RESP3 bytes} {
        set c [redis_client]
        $c readraw 1
        assert_equal [ps_raw $c 5 unsubscribe] {*3 {$11} unsubscribe {$-1} :0}
        $c readraw 0
        $c hello 3
        $c readraw 1
        assert_equal [ps_raw $c 5 punsubscribe] {>3 {$12} punsubscribe _ :0}
        $c close
    }

    test {Unsubscribe counts include patterns, not shard channels} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {x}
        assert_equal [ps_subscribe $rd psubscribe {p*}] {{psubscribe p* 2}}
        assert_equal [ps_subscribe $rd ssubscribe {s}] {{ssubscribe s 1}}
        $rd unsubscribe x
        assert_equal [$rd read] {unsubscribe x 1}
        $rd punsubscribe p*
        assert_equal [$rd read] {punsubscribe p* 0}
        # Still in subscriber mode because of the shard channel.
        $rd get foo
        assert_error {*only (P|S)SUBSCRIBE*} {$rd read}
        $rd close
    }

    # ------------------------------------------------------------- patterns

    test {PSUBSCRIBE delivers pmessage for matching channels} {
        set rd [redis_deferring_client]
        assert_equal [ps_subscribe $rd psubscribe {news.* foo?}] {{psubscribe news.* 1} {psubscribe foo? 2}}
        assert_equal [r publish news.sport goal] 1
        assert_equal [$rd read] {pmessage news.* news.sport goal}
        assert_equal [r publish foox y] 1
        assert_equal [$rd read] {pmessage foo? foox y}
        assert_equal [r publish foo y] 0
        assert_equal [r publish news y] 0
        $rd close
    }

    test {A client subscribed to a channel and matching patterns gets each} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {ch.1}
        ps_subscribe $rd psubscribe {ch.* *}
        assert_equal [r publish ch.1 m] 3
        assert_equal [$rd read] {message ch.1 m}
        set rest [ps_read_sorted $rd 2]
        assert_equal $rest {{pmessage * ch.1 m} {pmessage ch.* ch.1 m}}
        $rd close
    }

    test {Glob patterns: classes, ranges, negation and escapes} {
        set rd [redis_deferring_client]
        ps_subscribe $rd psubscribe {{h[ae]llo} {r[a-c]t} {n[^x]y} {lit\*} {q\?}}
        assert_equal [r publish hello 1] 1
        assert_equal [$rd read] [list pmessage {h[ae]llo} hello 1]
        assert_equal [r publish hillo 1] 0
        assert_equal [r publish rbt 2] 1
        assert_equal [$rd read] [list pmessage {r[a-c]t} rbt 2]
        assert_equal [r publish rdt 2] 0
        assert_equal [r publish nay 3] 1
        assert_equal [$rd read] [list pmessage {n[^x]y} nay 3]
        assert_equal [r publish nxy 3] 0
        assert_equal [r publish lit* 4] 1
        assert_equal [$rd read] [list pmessage {lit\*} lit* 4]
        assert_equal [r publish litx 4] 0
        assert_equal [r publish q? 5] 1
        assert_equal [$rd read] [list pmessage {q\?} q? 5]
        assert_equal [r publish qa 5] 0
        $rd close
    }

    test {Pattern byte ranges match raw bytes} {
        set rd [redis_deferring_client]
        ps_subscribe $rd psubscribe [list "b\[\x80-\xff\]"]
        assert_equal [r publish "b\x90" x] 1
        assert_equal [$rd read] [list pmessage "b\[\x80-\xff\]" "b\x90" x]
        assert_equal [r publish "bA" x] 0
        $rd close
    }

    test {PUNSUBSCRIBE from given patterns and from all} {
        set rd [redis_deferring_client]
        ps_subscribe $rd psubscribe {a* b* c*}
        $rd punsubscribe b* nosuch
        assert_equal [$rd read] {punsubscribe b* 2}
        assert_equal [$rd read] {punsubscribe nosuch 2}
        assert_equal [r publish bx 1] 0
        $rd punsubscribe
        set replies [ps_read_sorted $rd 2]
        assert_equal [lmap m $replies {lrange $m 0 1}] {{punsubscribe a*} {punsubscribe c*}}
        assert_equal [r pubsub numpat] 0
        $rd close
    }

    # --------------------------------------------------- subscriber mode

    test {RESP2 subscriber mode allows only the pub/sub commands, PING, QUIT, RESET} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {m}
        foreach cmd {{get x} {set x y} {publish m x} {hello 3} {pubsub channels}} {
            $rd {*}$cmd
            set name [string tolower [lindex $cmd 0]]
            if {$name eq "pubsub"} { set name pubsub|channels }
            assert_error "ERR Can't execute '$name': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context" {$rd read}
        }
        $rd client info
        assert_error {*Can't execute 'client|info'*} {$rd read}
        $rd psubscribe z*
        assert_equal [$rd read] {psubscribe z* 2}
        $rd ssubscribe s
        assert_equal [$rd read] {ssubscribe s 1}
        $rd close
    }

    test {PING in RESP2 subscriber mode replies like a message} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {p}
        $rd ping
        assert_equal [$rd read] {pong {}}
        $rd ping hello
        assert_equal [$rd read] {pong hello}
        $rd ping a b
        assert_error {*wrong number of arguments for 'ping'*} {$rd read}
        $rd close
    }

    test {PING in RESP2 subscriber mode: exact bytes} {
        set c [redis_client]
        $c subscribe p
        $c readraw 1
        assert_equal [ps_raw $c 5 ping] {*2 {$4} pong {$0} {}}
        $c close
    }

    test {QUIT works in subscriber mode} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {q}
        $rd quit
        assert_equal [$rd read] OK
        wait_for_condition 50 20 {[r pubsub numsub q] eq {q 0}} else {
            fail "QUIT did not unsubscribe"
        }
        $rd close
    }

    test {RESET leaves subscriber mode and drops every subscription} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {r1 r2}
        ps_subscribe $rd psubscribe {r*}
        ps_subscribe $rd ssubscribe {rs}
        $rd reset
        assert_equal [$rd read] RESET
        assert_equal [r pubsub numsub r1 r2] {r1 0 r2 0}
        assert_equal [r pubsub numpat] 0
        assert_equal [r pubsub shardnumsub rs] {rs 0}
        assert_equal [r publish r1 x] 0
        $rd set k v
        assert_equal [$rd read] OK
        $rd ping
        assert_equal [$rd read] PONG
        $rd close
    }

    test {Subscriber mode ends when the last subscription goes} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {e}
        $rd unsubscribe e
        assert_equal [$rd read] {unsubscribe e 0}
        $rd ping
        assert_equal [$rd read] PONG
        $rd close
    }

    # ------------------------------------------------------------------ RESP3

    test {RESP3: confirmations and messages are push messages} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_equal [ps_raw $c 6 subscribe ch] {>3 {$9} subscribe {$2} ch :1}
        $c readraw 0
        assert_equal [r publish ch hi] 1
        $c readraw 1
        assert_equal [ps_raw_lines $c 7] {>3 {$7} message {$2} ch {$2} hi}
        $c close
    }

    test {RESP3: a subscribed client runs any command, pushes mixed with replies} {
        set rd [redis_deferring_client]
        $rd hello 3
        $rd read
        ps_subscribe $rd subscribe {mix}
        $rd set k v
        assert_equal [$rd read] OK
        $rd ping
        assert_equal [$rd read] PONG
        r publish mix m1
        $rd get k
        assert_equal [$rd read] {message mix m1}
        assert_equal [$rd read] v
        # PUBLISH from the subscriber itself: the message comes first.
        $rd publish mix m2
        assert_equal [$rd read] {message mix m2}
        assert_equal [$rd read] 1
        $rd close
    }

    test {RESP3: UNSUBSCRIBE with nothing subscribed has a RESP3 null} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_equal [ps_raw $c 5 unsubscribe] {>3 {$11} unsubscribe _ :0}
        $c close
    }

    test {HELLO 2 while subscribed in RESP3 enters the RESP2 restrictions} {
        set rd [redis_deferring_client]
        $rd hello 3
        $rd read
        ps_subscribe $rd subscribe {h}
        $rd hello 2
        $rd read
        $rd get x
        assert_error {*Can't execute 'get'*} {$rd read}
        $rd ping
        assert_equal [$rd read] {pong {}}
        $rd close
    }

    test {RESP3 pmessage and shard confirmations are push messages} {
        set c [redis_client]
        $c hello 3
        $c psubscribe p*
        $c readraw 1
        assert_equal [$c ping] {+PONG}
        $c readraw 0
        r publish px m
        $c readraw 1
        assert_equal [ps_raw_lines $c 9] {>4 {$8} pmessage {$2} p* {$2} px {$1} m}
        $c close
    }

    test {Messages are delivered even with CLIENT REPLY OFF} {
        set rd [redis_deferring_client]
        $rd client reply off
        $rd subscribe quiet
        assert_equal [$rd read] {subscribe quiet 1}
        r publish quiet m
        assert_equal [$rd read] {message quiet m}
        $rd close
    }

    # ----------------------------------------------------- PUBSUB command

    test {PUBSUB CHANNELS lists active channels, with or without a pattern} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {ps.a ps.b other}
        assert_equal [lsort [r pubsub channels ps.*]] {ps.a ps.b}
        assert_equal [lsort [r pubsub channels]] {other ps.a ps.b}
        assert_equal [r pubsub channels nomatch*] {}
        # Pattern subscriptions are not channels.
        set rd2 [redis_deferring_client]
        ps_subscribe $rd2 psubscribe {ps.*}
        assert_equal [lsort [r pubsub channels]] {other ps.a ps.b}
        $rd close
        $rd2 close
        wait_for_condition 50 20 {[r pubsub channels] eq {}} else {
            fail "channels still listed after disconnect"
        }
    }

    test {PUBSUB NUMSUB replies a flat list of channel and count} {
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        ps_subscribe $rd1 subscribe {n1 n2}
        ps_subscribe $rd2 subscribe {n1}
        assert_equal [r pubsub numsub n1 n2 n3] {n1 2 n2 1 n3 0}
        assert_equal [r pubsub numsub] {}
        assert_equal [r pubsub numsub n1 n1] {n1 2 n1 2}
        $rd1 close
        $rd2 close
    }

    test {PUBSUB NUMSUB in RESP3 is an array, not a map} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_equal [ps_raw $c 4 pubsub numsub x] {*2 {$1} x :0}
        $c close
    }

    test {PUBSUB NUMPAT counts unique patterns} {
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        ps_subscribe $rd1 psubscribe {np1* np2*}
        ps_subscribe $rd2 psubscribe {np1*}
        assert_equal [r pubsub numpat] 2
        $rd1 close
        $rd2 close
        wait_for_condition 50 20 {[r pubsub numpat] == 0} else {
            fail "patterns not cleaned up"
        }
    }

    test {PUBSUB errors and HELP} {
        assert_error {ERR wrong number of arguments for 'pubsub' command} {r pubsub}
        assert_error {ERR unknown subcommand 'foo'. Try PUBSUB HELP.} {r pubsub foo}
        assert_error {ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.} {r pubsub channels a b}
        assert_error {ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.} {r pubsub SHARDCHANNELS a b}
        assert_error {ERR wrong number of arguments for 'pubsub|numpat' command} {r pubsub numpat x}
        assert_error {ERR wrong number of arguments for 'pubsub|help' command} {r pubsub help x}
        set help [r pubsub help]
        assert_equal [lindex $help 0] {PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:}
        assert_equal [llength $help] 14
        assert_equal [lindex $help end-1] HELP
    }

    test {Arity errors of the pub/sub commands} {
        assert_error {ERR wrong number of arguments for 'subscribe' command} {r subscribe}
        assert_error {ERR wrong number of arguments for 'psubscribe' command} {r psubscribe}
        assert_error {ERR wrong number of arguments for 'publish' command} {r publish a}
        assert_error {ERR wrong number of arguments for 'publish' command} {r publish a b c}
    }

    # ------------------------------------------------ introspection

    test {INFO stats counts channels and patterns} {
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {i1 i2}
        ps_subscribe $rd psubscribe {i*}
        assert_equal [s pubsub_channels] 2
        assert_equal [s pubsub_patterns] 1
        assert_equal [s pubsubshard_channels] 0
        $rd close
        wait_for_condition 50 20 {[s pubsub_channels] == 0 && [s pubsub_patterns] == 0} else {
            fail "INFO counters not back to 0"
        }
    }

    test {CLIENT LIST shows sub, psub, ssub and the P flag} {
        set rd [redis_deferring_client]
        $rd client setname pslist
        $rd read
        ps_subscribe $rd subscribe {l1 l2}
        ps_subscribe $rd psubscribe {l*}
        ps_subscribe $rd ssubscribe {l3 l4 l5}
        set line [lsearch -inline [split [r client list] "\n"] *name=pslist*]
        assert_match {*flags=P *} $line
        assert_match {* sub=2 psub=1 ssub=3 *} $line
        assert_match {*name=pslist*} [r client list type pubsub]
        assert_no_match {*name=pslist*} [r client list type normal]
        $rd close
    }

    test {CLIENT KILL of a subscriber unsubscribes it} {
        set rd [redis_deferring_client]
        $rd client id
        set id [$rd read]
        ps_subscribe $rd subscribe {killed}
        assert_equal [r pubsub numsub killed] {killed 1}
        r client kill id $id
        wait_for_condition 50 20 {[r pubsub numsub killed] eq {killed 0}} else {
            fail "killed client still subscribed"
        }
        assert_equal [r publish killed x] 0
        $rd close
    }

    test {SUBSCRIBE inside MULTI is allowed, SSUBSCRIBE is not} {
        set rd [redis_deferring_client]
        $rd multi
        $rd read
        $rd subscribe tx
        $rd read
        $rd ssubscribe stx
        $rd read
        $rd exec
        # The EXEC reply holds the SUBSCRIBE confirmation and the error.
        assert_error {*SSUBSCRIBE isn't allowed for a DENY BLOCKING client*} {$rd read}
        assert_equal [r pubsub numsub tx] {tx 1}
        assert_equal [r pubsub shardnumsub stx] {stx 0}
        $rd close
    }
}

start_server {tags {"pubsub"}} {
    test {A slow subscriber past the pubsub hard limit is disconnected} {
        r config set client-output-buffer-limit "pubsub 100000 0 0"
        set before [count_log_lines {*scheduled to be closed ASAP for overcoming of output buffer limits*}]
        set rd [redis_deferring_client]
        ps_subscribe $rd subscribe {slow}
        set payload [string repeat x 10000]
        # The subscriber reads nothing: once the kernel buffers are full the
        # output buffer grows past the limit and the server drops it.
        set n 0
        while {[r publish slow $payload] == 1 && $n < 100000} { incr n }
        assert {$n < 100000}
        assert_equal [r pubsub numsub slow] {slow 0}
        assert_equal [count_log_lines {*scheduled to be closed ASAP for overcoming of output buffer limits*}] [expr {$before + 1}]
        assert_match {*cmd=subscribe*} [lindex [split [exec grep "overcoming of output buffer limits" [srv 0 stdout]] "\n"] end]
        $rd close
    }

    test {Normal clients are not held to the pubsub limit} {
        r config set client-output-buffer-limit "pubsub 1024 0 0"
        r set big [string repeat x 100000]
        string length [r get big]
    } {100000}

    test {CONFIG GET shows the pubsub output buffer limit} {
        r config set client-output-buffer-limit "pubsub 1mb 512kb 60"
        lindex [r config get client-output-buffer-limit] 1
    } {normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 60}
}
