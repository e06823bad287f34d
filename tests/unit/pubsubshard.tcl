# Shard channels: SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH and PUBSUB
# SHARDCHANNELS / SHARDNUMSUB on a server without cluster mode, as Redis 7.0
# answers them.  Shard channels are a namespace of their own: PUBLISH and
# patterns never reach them, SPUBLISH never reaches plain channels.

proc shard_subscribe {rd verb names} {
    $rd $verb {*}$names
    set replies {}
    foreach n $names { lappend replies [$rd read] }
    return $replies
}

start_server {tags {"pubsubshard"}} {
    test {SPUBLISH with no subscriber returns 0} {
        r spublish nosuch hello
    } {0}

    test {SSUBSCRIBE confirms with the count of shard channels} {
        set rd [redis_deferring_client]
        assert_equal [shard_subscribe $rd ssubscribe {s1 s2}] {{ssubscribe s1 1} {ssubscribe s2 2}}
        assert_equal [shard_subscribe $rd ssubscribe {s1}] {{ssubscribe s1 2}}
        # Plain channel counts are separate.
        assert_equal [shard_subscribe $rd subscribe {c1}] {{subscribe c1 1}}
        $rd close
    }

    test {SPUBLISH delivers smessage and returns the receiver count} {
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        shard_subscribe $rd1 ssubscribe {news}
        shard_subscribe $rd2 ssubscribe {news}
        assert_equal [r spublish news hi] 2
        assert_equal [$rd1 read] {smessage news hi}
        assert_equal [$rd2 read] {smessage news hi}
        $rd1 close
        $rd2 close
    }

    test {Shard channels and plain channels do not mix} {
        set rd [redis_deferring_client]
        shard_subscribe $rd ssubscribe {both}
        shard_subscribe $rd psubscribe {*}
        assert_equal [r spublish both x] 1
        assert_equal [$rd read] {smessage both x}
        # PUBLISH reaches only the pattern, not the shard subscription.
        assert_equal [r publish both y] 1
        assert_equal [$rd read] {pmessage * both y}
        $rd close
        set rd [redis_deferring_client]
        shard_subscribe $rd subscribe {plain}
        assert_equal [r spublish plain x] 0
        $rd close
    }

    test {SUNSUBSCRIBE from given shard channels and from all} {
        set rd [redis_deferring_client]
        shard_subscribe $rd ssubscribe {a b c}
        $rd sunsubscribe b nosuch
        assert_equal [$rd read] {sunsubscribe b 2}
        assert_equal [$rd read] {sunsubscribe nosuch 2}
        $rd sunsubscribe
        set replies [lsort [list [$rd read] [$rd read]]]
        assert_equal [lmap m $replies {lrange $m 0 1}] {{sunsubscribe a} {sunsubscribe c}}
        assert_equal [lsort [lmap m $replies {lindex $m 2}]] {0 1}
        $rd sunsubscribe
        assert_equal [$rd read] {sunsubscribe {} 0}
        $rd ping
        assert_equal [$rd read] PONG
        $rd close
    }

    test {SSUBSCRIBE enters RESP2 subscriber mode} {
        set rd [redis_deferring_client]
        shard_subscribe $rd ssubscribe {m}
        $rd get x
        assert_error "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context" {$rd read}
        $rd spublish m x
        assert_error {*Can't execute 'spublish'*} {$rd read}
        $rd ping
        assert_equal [$rd read] {pong {}}
        $rd sunsubscribe m
        assert_equal [$rd read] {sunsubscribe m 0}
        $rd get x
        assert_equal [$rd read] {}
        $rd close
    }

    test {RESP3: shard confirmations and messages are push messages} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        set out [list [$c ssubscribe sh]]
        for {set i 0} {$i < 5} {incr i} { lappend out [$c read] }
        assert_equal $out {>3 {$10} ssubscribe {$2} sh :1}
        $c readraw 0
        r spublish sh m
        $c readraw 1
        set out {}
        for {set i 0} {$i < 7} {incr i} { lappend out [$c read] }
        assert_equal $out {>3 {$8} smessage {$2} sh {$1} m}
        set out [list [$c sunsubscribe sh]]
        for {set i 0} {$i < 5} {incr i} { lappend out [$c read] }
        assert_equal $out {>3 {$12} sunsubscribe {$2} sh :0}
        $c close
    }

    test {SSUBSCRIBE inside MULTI is refused at EXEC} {
        set rd [redis_deferring_client]
        $rd multi
        $rd read
        $rd ssubscribe inmulti
        assert_equal [$rd read] QUEUED
        $rd exec
        assert_error {ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client} {$rd read}
        assert_equal [r pubsub shardnumsub inmulti] {inmulti 0}
        $rd close
    }

    test {PUBSUB SHARDCHANNELS and SHARDNUMSUB} {
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        shard_subscribe $rd1 ssubscribe {sc.a sc.b x}
        shard_subscribe $rd2 ssubscribe {sc.a}
        shard_subscribe $rd2 subscribe {sc.plain}
        assert_equal [lsort [r pubsub shardchannels]] {sc.a sc.b x}
        assert_equal [lsort [r pubsub shardchannels sc.*]] {sc.a sc.b}
        assert_equal [r pubsub shardchannels nomatch] {}
        assert_equal [r pubsub shardnumsub sc.a sc.b sc.plain] {sc.a 2 sc.b 1 sc.plain 0}
        assert_equal [r pubsub shardnumsub] {}
        # Shard channels are not plain channels.
        assert_equal [r pubsub channels] {sc.plain}
        assert_equal [r pubsub numsub sc.a] {sc.a 0}
        assert_equal [s pubsubshard_channels] 3
        assert_equal [s pubsub_channels] 1
        $rd1 close
        $rd2 close
        wait_for_condition 50 20 {[s pubsubshard_channels] == 0} else {
            fail "shard channels not cleaned up on disconnect"
        }
        r pubsub shardchannels
    } {}

    test {Shard command errors} {
        assert_error {ERR wrong number of arguments for 'ssubscribe' command} {r ssubscribe}
        assert_error {ERR wrong number of arguments for 'spublish' command} {r spublish a}
        assert_error {ERR wrong number of arguments for 'spublish' command} {r spublish a b c}
        assert_error {ERR unknown subcommand or wrong number of arguments for 'shardchannels'. Try PUBSUB HELP.} {r pubsub shardchannels a b}
    }

    test {RESET drops shard subscriptions} {
        set rd [redis_deferring_client]
        shard_subscribe $rd ssubscribe {rs}
        $rd reset
        assert_equal [$rd read] RESET
        r pubsub shardnumsub rs
    } {rs 0}
}
