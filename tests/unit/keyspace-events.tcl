# Keyspace notifications: notify-keyspace-events parsing and its CONFIG GET
# form, delivery on __keyspace@<db>__:<key> and __keyevent@<db>__:<event>,
# each event class with a representative event per data type, key-miss and
# new-key events, and expired events from lazy and active expiry.
#
# A listener subscribes to every keyspace channel plus a marker channel.
# After the commands under test, the marker is published: everything read
# before it is what the commands notified, so "no event" is checked without
# waiting on time.

proc ke_listener {} {
    set rd [redis_deferring_client]
    $rd psubscribe __key*__:*
    $rd read
    $rd subscribe ke-marker
    $rd read
    return $rd
}

# The events read up to the marker, as {channel message} pairs.
proc ke_events {rd} {
    r publish ke-marker end
    set events {}
    while 1 {
        set m [$rd read]
        if {[lindex $m 0] eq "message" && [lindex $m 1] eq "ke-marker"} break
        lappend events [list [lindex $m 2] [lindex $m 3]]
    }
    return $events
}

# Only the keyevent event names, for compact checks.
proc ke_names {events} {
    set names {}
    foreach e $events {
        if {[string match __keyevent@* [lindex $e 0]]} {
            lappend names [lindex [split [lindex $e 0] :] 1]
        }
    }
    return $names
}

start_server {tags {"keyspace-events"}} {
    # Channel names carry the db number: work in db 0.
    r select 0
    # ------------------------------------------------------- configuration

    test {notify-keyspace-events is empty by default} {
        lindex [r config get notify-keyspace-events] 1
    } {}

    test {CONFIG GET shows notify-keyspace-events normalised} {
        set cases {
            KEA AKE   AKE AKE   Ex xE   g$lshzxetd A   gA A
            KEAmn AKEm   m m   n n   Kx xK   gn gn   nA A   dn dn
            E E   K K   lz lz   zl lz   $ $   Kt tK   {} {}
        }
        foreach {in out} $cases {
            r config set notify-keyspace-events $in
            assert_equal [lindex [r config get notify-keyspace-events] 1] $out "for '$in'"
        }
        r config set notify-keyspace-events ""
    }

    test {notify-keyspace-events rejects unknown class characters} {
        r config set notify-keyspace-events KEl
        assert_error {ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.} {
            r config set notify-keyspace-events KEx1
        }
        assert_error {*Invalid event class character*} {r config set notify-keyspace-events "A K"}
        # The old value stays.
        set v [lindex [r config get notify-keyspace-events] 1]
        r config set notify-keyspace-events ""
        set v
    } {lKE}

    # ------------------------------------------------------------- delivery

    test {Keyspace (K) and keyevent (E) channels} {
        set rd [ke_listener]
        r config set notify-keyspace-events KE$
        r set foo bar
        assert_equal [ke_events $rd] {{__keyspace@0__:foo set} {__keyevent@0__:set foo}}
        r config set notify-keyspace-events K$
        r set foo bar
        assert_equal [ke_events $rd] {{__keyspace@0__:foo set}}
        r config set notify-keyspace-events E$
        r set foo bar
        assert_equal [ke_events $rd] {{__keyevent@0__:set foo}}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Nothing is delivered without K or E, or without the class} {
        set rd [ke_listener]
        r config set notify-keyspace-events A
        r set foo bar
        assert_equal [ke_events $rd] {}
        r config set notify-keyspace-events KEl
        r set foo bar
        r lpush mylist a
        assert_equal [ke_events $rd] {{__keyspace@0__:mylist lpush} {__keyevent@0__:lpush mylist}}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Channels carry the database number} {
        set rd [ke_listener]
        r config set notify-keyspace-events KEg
        r select 9
        r set k v
        r del k
        r select 0
        assert_equal [ke_events $rd] {{__keyspace@9__:k del} {__keyevent@9__:del k}}
        $rd close
        r config set notify-keyspace-events ""
    } {OK} {needs:debug}

    test {A subscriber to one key's channel only hears that key} {
        r config set notify-keyspace-events KA
        set rd [redis_deferring_client]
        $rd subscribe __keyspace@0__:watched
        $rd read
        r set other 1
        r set watched 1
        r incr watched
        assert_equal [$rd read] {message __keyspace@0__:watched set}
        assert_equal [$rd read] {message __keyspace@0__:watched incrby}
        $rd close
        r config set notify-keyspace-events ""
    }

    # -------------------------------------------------- classes and types

    test {Generic events (g): del, rename, move, copy, expire, persist} {
        set rd [ke_listener]
        r config set notify-keyspace-events Eg
        r flushall
        r set a 1
        r del a nokey
        r set b 1
        r rename b c
        r expire c 100
        r persist c
        r copy c d
        r move d 5
        r expire c 0
        assert_equal [ke_names [ke_events $rd]] {del rename_from rename_to expire persist copy_to move_from move_to del}
        $rd close
        r config set notify-keyspace-events ""
    } {OK} {needs:debug}

    test {String events ($)} {
        set rd [ke_listener]
        r config set notify-keyspace-events E$
        r set s 1
        r incr s
        r incrbyfloat s 1.5
        r append s x
        r setrange s 0 y
        r getset s z
        r mset m1 1 m2 2
        r setbit b 1 1
        r pfadd h a
        assert_equal [ke_names [ke_events $rd]] {set incrby incrbyfloat append setrange set set set setbit pfadd}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {String commands that also set or remove a TTL} {
        set rd [ke_listener]
        r config set notify-keyspace-events {E$g}
        r set s 1 EX 100
        r getex s PERSIST
        r getex s EX 50
        r getdel s
        assert_equal [ke_names [ke_events $rd]] {set expire persist expire del}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {List events (l) and the del of an emptied list} {
        set rd [ke_listener]
        r config set notify-keyspace-events Elg
        r del l
        r rpush l a b c
        r lpush l z
        r linsert l before a x
        r lset l 0 y
        r lrem l 1 y
        r ltrim l 0 1
        r rpop l
        r lpop l
        assert_equal [ke_names [ke_events $rd]] {rpush lpush linsert lset lrem ltrim rpop lpop del}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Set events (s)} {
        set rd [ke_listener]
        r config set notify-keyspace-events Esg
        r del s1 s2 d
        r sadd s1 a b c
        r srem s1 a
        r smove s1 s2 b
        r sadd s2 x
        r sinterstore d s1 s2
        r sunionstore d s1 s2
        r sdiffstore d s1 s2
        r spop s1
        assert_equal [ke_names [ke_events $rd]] {sadd srem srem sadd sadd sunionstore sdiffstore spop del}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Hash events (h)} {
        set rd [ke_listener]
        r config set notify-keyspace-events Ehg
        r del hh
        r hset hh f v
        r hincrby hh n 1
        r hincrbyfloat hh x 1.5
        r hdel hh f n x
        set events [ke_events $rd]
        assert_equal [lindex $events 0] {__keyevent@0__:hset hh}
        assert_equal [ke_names $events] {hset hincrby hincrbyfloat hdel del}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Sorted set events (z)} {
        set rd [ke_listener]
        r config set notify-keyspace-events Ezg
        r del zz zd
        r zadd zz 1 a 2 b 3 c 4 d
        r zincrby zz 1 a
        r zrem zz d
        r zremrangebyscore zz 3 3
        r zunionstore zd 1 zz
        r zpopmin zz
        r zpopmax zz
        assert_equal [ke_names [ke_events $rd]] {zadd zincr zrem zremrangebyscore zunionstore zpopmin zpopmax del}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Stream events (t)} {
        set rd [ke_listener]
        r config set notify-keyspace-events Et
        r del st
        r xadd st 1-1 f v
        r xdel st 1-1
        assert_equal [ke_names [ke_events $rd]] {xadd xdel}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {Blocked clients served by a push notify the pop} {
        set rd [ke_listener]
        r config set notify-keyspace-events Elg
        r del bl
        set blocked [redis_deferring_client]
        $blocked select 0
        $blocked read
        $blocked blpop bl 0
        wait_for_blocked_client
        r rpush bl a
        assert_equal [$blocked read] {bl a}
        assert_equal [ke_names [ke_events $rd]] {rpush lpop del}
        $blocked close
        $rd close
        r config set notify-keyspace-events ""
    }

    # ------------------------------------------------- key miss and new key

    test {Key-miss events (m) come from reads of missing keys only} {
        set rd [ke_listener]
        r config set notify-keyspace-events KEm
        r del nokey
        r get nokey
        r hget nokey f
        r exists nokey
        r set present 1
        r get present
        # Writes to a missing key are not misses.
        r lpush newlist a
        set events [ke_events $rd]
        assert_equal $events {{__keyspace@0__:nokey keymiss} {__keyevent@0__:keymiss nokey} {__keyspace@0__:nokey keymiss} {__keyevent@0__:keymiss nokey} {__keyspace@0__:nokey keymiss} {__keyevent@0__:keymiss nokey}}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {New-key events (n) when a key is created} {
        set rd [ke_listener]
        r config set notify-keyspace-events KEn
        r del n1 n2 n3
        r set n1 1
        r set n1 2
        r rpush n2 a
        r rename n2 n3
        assert_equal [ke_names [ke_events $rd]] {new new new}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {A does not include key-miss and new-key events} {
        set rd [ke_listener]
        r config set notify-keyspace-events EA
        r del k
        r get k
        r set k v
        r del k
        assert_equal [ke_names [ke_events $rd]] {set del}
        $rd close
        r config set notify-keyspace-events ""
    }

    # -------------------------------------------------------------- expiry

    test {Expired events (x) from lazy expiry} {
        r debug set-active-expire 0
        set rd [ke_listener]
        r config set notify-keyspace-events KEx
        r set lazy v PX 1
        after 20
        assert_equal [r get lazy] {}
        assert_equal [ke_events $rd] {{__keyspace@0__:lazy expired} {__keyevent@0__:expired lazy}}
        $rd close
        r config set notify-keyspace-events ""
        r debug set-active-expire 1
    } {OK} {needs:debug}

    test {Expired events (x) from the active expire cycle} {
        set rd [ke_listener]
        r config set notify-keyspace-events Ex
        r set active v PX 10
        # Nobody touches the key: the server expires it by itself.
        assert_equal [$rd read] {pmessage __key*__:* __keyevent@0__:expired active}
        assert_equal [r exists active] 0
        $rd close
        r config set notify-keyspace-events ""
    }

    test {EXPIRE in the past deletes the key with a del event, not expired} {
        set rd [ke_listener]
        r config set notify-keyspace-events Egx
        r del past
        r set past v
        r pexpireat past 1
        assert_equal [ke_names [ke_events $rd]] {del}
        $rd close
        r config set notify-keyspace-events ""
    }

    test {A RESP3 subscriber gets the event push before its own command's reply} {
        r config set notify-keyspace-events KA
        set rd [redis_deferring_client]
        $rd hello 3
        $rd read
        $rd select 0
        $rd read
        $rd subscribe __keyspace@0__:self
        $rd read
        $rd set self v
        assert_equal [$rd read] {message __keyspace@0__:self set}
        assert_equal [$rd read] OK
        $rd close
        r config set notify-keyspace-events ""
    }
}
