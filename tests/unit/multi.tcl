# Transactions: MULTI, EXEC, DISCARD, WATCH and UNWATCH.  Queueing and the
# errors that doom a transaction (EXECABORT), errors at run time that do
# not, replies in RESP2 and RESP3, WATCH against every way a key can change
# (other clients, FLUSHDB, FLUSHALL, SWAPDB, expiry, other databases),
# blocking commands inside EXEC, and what INFO, CLIENT LIST, MONITOR and
# SLOWLOG show of a transaction.  The default client has db 9 selected.

# The fields of CLIENT LIST for the client named `name`, as a dict.
proc multi_client_fields {name} {
    foreach line [split [string trim [r client list]] "\n"] {
        if {[string match "* name=$name *" $line]} {
            set d {}
            foreach kv [split $line " "] {
                set eq [string first = $kv]
                dict set d [string range $kv 0 [expr {$eq - 1}]] [string range $kv [expr {$eq + 1}] end]
            }
            return $d
        }
    }
    error "no client named $name"
}

# One cmdstat line of INFO commandstats, without the timings.
proc multi_cmdstat {cmd} {
    if {[regexp "\r\ncmdstat_$cmd:calls=(\\d+),\[^\r\]*rejected_calls=(\\d+),failed_calls=(\\d+)" \
             [r info commandstats] -> calls rejected failed]} {
        return "calls=$calls rejected=$rejected failed=$failed"
    }
    return ""
}

# Send `cmds` (a list of commands) on a raw client and read `n` raw lines.
proc multi_raw {c cmds n} {
    $c readraw 1
    $c deferred 1
    foreach cmd $cmds { $c {*}$cmd }
    set lines {}
    for {set i 0} {$i < $n} {incr i} { lappend lines [$c read] }
    $c deferred 0
    $c readraw 0
    return $lines
}

start_server {tags {"multi"}} {
    # ------------------------------------------------------------ basics

    test {MULTI and EXEC: commands are queued, then run in order} {
        r del a b
        assert_equal OK [r multi]
        assert_equal QUEUED [r set a 1]
        assert_equal QUEUED [r incr a]
        assert_equal QUEUED [r rpush b x y]
        assert_equal QUEUED [r lrange b 0 -1]
        # Nothing ran yet.
        assert_equal 0 [[redis_client] exists a b]
        assert_equal {OK 2 2 {x y}} [r exec]
        list [r get a] [r llen b]
    } {2 2}

    test {An empty transaction answers an empty array} {
        r multi
        r exec
    } {}

    test {EXEC, DISCARD without MULTI; nested MULTI; WATCH inside MULTI} {
        assert_error {ERR EXEC without MULTI} {r exec}
        assert_error {ERR DISCARD without MULTI} {r discard}
        r del x
        r multi
        # Neither error dooms the transaction.
        assert_error {ERR MULTI calls can not be nested} {r multi}
        assert_error {ERR WATCH inside MULTI is not allowed} {r watch x}
        r set x 1
        assert_equal OK [r exec]
        r get x
    } {1}

    test {Arity errors of the transaction commands} {
        assert_error {ERR wrong number of arguments for 'multi' command} {r multi x}
        # A refused EXEC always answers EXECABORT, even outside MULTI.
        assert_error {EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command} {r exec x}
        assert_error {ERR wrong number of arguments for 'discard' command} {r discard x}
        assert_error {ERR wrong number of arguments for 'watch' command} {r watch}
        assert_error {ERR wrong number of arguments for 'unwatch' command} {r unwatch x}
    }

    test {DISCARD drops the queued commands} {
        r del x
        r multi
        r set x 1
        assert_equal OK [r discard]
        assert_error {ERR EXEC without MULTI} {r exec}
        r exists x
    } {0}

    test {SELECT inside a transaction changes the db of the commands after it} {
        r select 10
        r del x
        r select 9
        r set x nine
        r multi
        r select 10
        r set x ten
        r get x
        assert_equal {OK OK ten} [r exec]
        # The client stays in the db the transaction left it in.
        assert_equal ten [r get x]
        r select 9
        r get x
    } {nine}

    test {A long transaction} {
        r del l
        r multi
        for {set i 0} {$i < 1000} {incr i} { r rpush l $i }
        set replies [r exec]
        list [llength $replies] [lindex $replies end] [r llen l]
    } {1000 1000 1000}

    # ------------------------------------------------- doomed transactions

    test {An unknown command while queueing aborts the transaction} {
        r del x
        r multi
        r set x 1
        assert_error {ERR unknown command 'nosuchcommand', with args beginning with: 'a' } {r nosuchcommand a}
        r set x 2
        assert_error {EXECABORT Transaction discarded because of previous errors.} {r exec}
        # The transaction is over and nothing ran.
        assert_error {ERR EXEC without MULTI} {r exec}
        r exists x
    } {0}

    test {A wrong number of arguments while queueing aborts the transaction} {
        r del x
        r multi
        r set x 1
        assert_error {ERR wrong number of arguments for 'get' command} {r get a b}
        assert_error {EXECABORT*} {r exec}
        r exists x
    } {0}

    test {An unknown subcommand while queueing aborts the transaction} {
        r multi
        assert_error {ERR unknown subcommand 'nosuch'. Try OBJECT HELP.} {r object nosuch}
        assert_error {EXECABORT*} {r exec}
    }

    test {Commands flagged no-multi are refused inside MULTI} {
        r multi
        assert_error {ERR Command not allowed inside a transaction} {r save}
        assert_error {ERR Command not allowed inside a transaction} {r shutdown}
        assert_error {EXECABORT*} {r exec}
        # Outside MULTI SHUTDOWN is not refused this way (checked with a bad
        # option only, so that the server stays up).
        assert_error {ERR syntax error} {r shutdown badoption}
    }

    test {EXEC refused by its own arity check takes the transaction with it} {
        r del x
        r multi
        r set x 1
        assert_error {EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command} {r exec x}
        assert_error {ERR EXEC without MULTI} {r exec}
        r exists x
    } {0}

    test {Errors at run time do not stop the other commands} {
        r del a s
        r set s str
        set c [redis_client]
        $c multi
        $c set a 1
        $c lpush s x
        $c incr a
        $c get s
        assert_equal {*4 +OK {-WRONGTYPE Operation against a key holding the wrong kind of value} :2 {$3} str} \
            [multi_raw $c exec 6]
        $c close
        list [r get a] [r get s]
    } {2 str}

    test {The client's Tcl API raises the error of an EXEC reply after reading all of it} {
        r del a s
        r set s str
        r multi
        r lpush s x
        r set a 1
        catch {r exec} err
        list $err [r get a] [r ping]
    } {{WRONGTYPE Operation against a key holding the wrong kind of value} 1 PONG}

    # ------------------------------------------------------ RESP2 / RESP3

    test {EXEC's reply in RESP3: each command's own reply type} {
        r del h s z x
        r hset h f v
        r sadd s m
        set c [redis_client]
        $c hello 3
        $c multi
        $c hgetall h
        $c smembers s
        $c zscore z m
        $c get x
        $c incrbyfloat f 1.5
        set lines [multi_raw $c exec 13]
        $c close
        r del f
        set lines
    } {*5 %1 {$1} f {$1} v ~1 {$1} m _ _ {$3} 1.5}

    test {EXEC's reply in RESP2 for the same commands} {
        r del z x
        set c [redis_client]
        $c multi
        $c hgetall h
        $c smembers s
        $c zscore z m
        $c get x
        set lines [multi_raw $c exec 11]
        $c close
        set lines
    } {*4 *2 {$1} f {$1} v *1 {$1} m {$-1} {$-1}}

    test {A failed WATCH answers a null array: *-1 in RESP2, _ in RESP3} {
        set lines {}
        foreach proto {2 3} {
            set c [redis_client]
            $c hello $proto
            $c watch w
            r set w $proto
            $c multi
            $c ping
            lappend lines {*}[multi_raw $c exec 1]
            $c close
        }
        set lines
    } {*-1 _}

    test {EXECABORT is the same error in RESP3} {
        set c [redis_client]
        $c hello 3
        $c multi
        catch {$c nosuchcommand} err
        set lines [multi_raw $c exec 1]
        $c close
        set lines
    } {{-EXECABORT Transaction discarded because of previous errors.}}

    # ---------------------------------------------------------------- WATCH

    test {WATCH: an unchanged key lets EXEC run} {
        r set x 1
        r watch x
        r multi
        r incr x
        r exec
    } {2}

    test {WATCH: a key changed by another client makes EXEC answer nil} {
        r set x 1
        r watch x
        [redis_client] set x 2
        r multi
        r incr x
        assert_equal {} [r exec]
        r get x
    } {2}

    test {WATCH: a change between MULTI and EXEC counts too} {
        r set x 1
        r watch x
        r multi
        r incr x
        [redis_client] set x 5
        assert_equal {} [r exec]
        r get x
    } {5}

    test {WATCH: the client's own change before MULTI counts} {
        r set x 1
        r watch x
        r set x 2
        r multi
        r incr x
        r exec
    } {}

    test {WATCH: changes made by the transaction itself do not fail it} {
        r set x 1
        r watch x
        r multi
        r incr x
        r incr x
        r exec
    } {2 3}

    test {WATCH of a missing key: fine if it stays missing, nil once created} {
        r del nokey
        r watch nokey
        r multi
        r ping
        assert_equal PONG [r exec]
        r watch nokey
        [redis_client] set nokey 1
        r multi
        r ping
        r exec
    } {}

    test {WATCH: deleting the key counts; DEL of a missing key does not} {
        r set x 1
        r del y
        r watch x y
        [redis_client] del y
        r multi
        r ping
        assert_equal PONG [r exec]
        r watch x y
        [redis_client] del x
        r multi
        r ping
        r exec
    } {}

    test {WATCH: a failed write does not count, a write that changes nothing does} {
        r set x 1
        r watch x
        # A WRONGTYPE error changes nothing.
        catch {[redis_client] lpush x a}
        r multi
        r ping
        assert_equal PONG [r exec]
        r watch x
        [redis_client] set x 1
        r multi
        r ping
        r exec
    } {}

    test {WATCH: EXPIRE and PERSIST count as changes} {
        r set x 1
        r watch x
        [redis_client] expire x 100
        r multi
        r ping
        assert_equal {} [r exec]
        r watch x
        [redis_client] persist x
        r multi
        r ping
        r exec
    } {}

    test {WATCH several keys, one changes} {
        r mset a 1 b 2 c 3
        r watch a b
        r watch c
        [redis_client] incr c
        r multi
        r ping
        r exec
    } {}

    test {WATCH the same key twice is one watch} {
        r set x 1
        r watch x x
        r watch x
        r multi
        r incr x
        r exec
    } {2}

    test {UNWATCH forgets the keys, and a doomed state} {
        r set x 1
        r watch x
        r unwatch
        [redis_client] set x 2
        r multi
        r ping
        assert_equal PONG [r exec]
        r watch x
        r set x 3
        assert_equal OK [r unwatch]
        r multi
        r ping
        r exec
    } {PONG}

    test {EXEC and DISCARD forget the watched keys} {
        r set x 1
        r watch x
        r multi
        r ping
        r exec
        [redis_client] set x 2
        r multi
        r ping
        assert_equal PONG [r exec]
        r watch x
        r multi
        r discard
        [redis_client] set x 3
        r multi
        r ping
        r exec
    } {PONG}

    test {UNWATCH inside MULTI is queued} {
        r set x 1
        r watch x
        r multi
        assert_equal QUEUED [r unwatch]
        [redis_client] set x 2
        r exec
    } {}

    test {WATCH is bound to the key's database} {
        r select 10
        r set x 10
        r select 9
        r set x 9
        r watch x
        # The same name in another db is another key.
        set c [redis_client]
        $c select 10
        $c set x changed
        r multi
        r ping
        assert_equal PONG [r exec]
        # The watch stays on db 9 even when the client moves.
        r watch x
        r select 10
        r set x changed-again
        [redis_client] set x changed
        r multi
        r ping
        set res [r exec]
        r select 9
        $c close
        set res
    } {}

    test {WATCH: FLUSHDB touches the watched keys that exist} {
        r set x 1
        r watch x
        [redis_client] flushdb
        r multi
        r ping
        r exec
    } {}

    test {WATCH: FLUSHDB leaves a missing watched key alone} {
        r flushdb
        r watch x
        [redis_client] flushdb
        r multi
        r ping
        r exec
    } {PONG}

    test {WATCH: FLUSHDB of another db does not touch this one} {
        r set x 1
        r watch x
        set c [redis_client]
        $c select 10
        $c set x 1
        $c flushdb
        $c close
        r multi
        r ping
        r exec
    } {PONG}

    test {WATCH: FLUSHALL touches the watched keys that exist} {
        r set x 1
        r watch x
        [redis_client] flushall
        r multi
        r ping
        r exec
    } {}

    test {WATCH: FLUSHALL leaves missing watched keys alone} {
        r flushall
        r watch x
        [redis_client] flushall
        r multi
        r ping
        r exec
    } {PONG}

    test {WATCH: DEBUG RELOAD empties the dataset, so it touches the watched keys that exist} {
        r flushall
        r set x 1
        r watch x
        [redis_client] debug reload
        r multi
        r ping
        assert_equal {} [r exec]
        r watch nokey
        [redis_client] debug reload
        r multi
        r ping
        r exec
    } {PONG} {needs:debug}

    test {WATCH: SWAPDB touches a key that exists in either db} {
        r flushall
        r set x 1
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        assert_equal {} [r exec]
        # Now x is in db 10 only; db 9 will receive it.
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        r exec
    } {}

    test {WATCH: SWAPDB leaves a key missing in both dbs alone} {
        r flushall
        r set other 1
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        set res [r exec]
        r swapdb 9 10
        set res
    } {PONG}

    test {WATCH: SWAPDB of other dbs does not touch this one} {
        r flushall
        r set x 1
        r watch x
        [redis_client] swapdb 10 11
        r multi
        r ping
        r exec
    } {PONG}

    test {WATCH: a key that expires before EXEC fails it, even if not yet deleted} {
        r flushall
        r debug set-active-expire 0
        r set x 1 px 50
        r watch x
        after 120
        # Nothing accessed x: it is still stored, but logically gone.
        assert_equal 1 [r dbsize]
        r multi
        r ping
        set res [r exec]
        r debug set-active-expire 1
        set res
    } {} {needs:debug}

    test {WATCH: a key that expires and is reclaimed by active expiry fails EXEC} {
        r flushall
        r set x 1 px 20
        r watch x
        wait_for_condition 100 10 {[r dbsize] == 0} else { fail "x was not expired" }
        r multi
        r ping
        r exec
    } {}

    test {WATCH of an already expired key: its deletion is no change} {
        r flushall
        r debug set-active-expire 0
        r set x 1 px 1
        after 20
        r watch x
        # EXISTS deletes it lazily.
        assert_equal 0 [[redis_client] exists x]
        r multi
        r ping
        set res [r exec]
        r debug set-active-expire 1
        set res
    } {PONG} {needs:debug}

    test {WATCH of an already expired key: DEL and FLUSHDB are no change} {
        r flushall
        r debug set-active-expire 0
        r set x 1 px 1
        after 20
        r watch x
        [redis_client] del x
        r multi
        r ping
        assert_equal PONG [r exec]
        r set x 1 px 1
        after 20
        r watch x
        [redis_client] flushdb
        r multi
        r ping
        set res [r exec]
        r debug set-active-expire 1
        set res
    } {PONG} {needs:debug}

    test {WATCH of an already expired key: bringing it back is a change} {
        r flushall
        r debug set-active-expire 0
        r set x 1 px 1
        after 20
        r watch x
        [redis_client] set x 2
        r multi
        r ping
        set res [r exec]
        r debug set-active-expire 1
        set res
    } {} {needs:debug}

    test {WATCH and SWAPDB with expired keys on either side} {
        r flushall
        r debug set-active-expire 0
        set res {}
        # An expired key replaced by nothing: no change.
        r set x 1 px 1
        after 20
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        lappend res [r exec]
        # A missing key replaced by an expired one: no change.
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        lappend res [r exec]
        # An expired key replaced by another expired key: no change.
        r select 10
        r set x 1 px 1
        r select 9
        r set x 1 px 1
        after 20
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        lappend res [r exec]
        # An expired key replaced by a live one: a change.
        r select 10
        r set x live
        r select 9
        r watch x
        [redis_client] swapdb 9 10
        r multi
        r ping
        lappend res [r exec]
        r debug set-active-expire 1
        r flushall
        set res
    } {PONG PONG PONG {}} {needs:debug}

    test {The clock stands still during EXEC: no key expires half-way} {
        r del x
        r multi
        r set x v px 50
        r debug sleep 0.12
        r get x
        assert_equal {OK OK v} [r exec]
        r get x
    } {} {needs:debug}

    # ------------------------------------------------- blocking commands

    test {Blocking commands inside MULTI answer at once as on a timeout} {
        r del l d z
        set c [redis_client]
        $c multi
        foreach cmd {{blpop l 0} {brpop l 0} {blmove l d left left 0} {brpoplpush l d 0} {blmpop 0 1 l left}
                     {bzpopmin z 0} {bzpopmax z 0} {bzmpop 0 1 z min}} {
            assert_equal QUEUED [$c {*}$cmd]
        }
        set lines [multi_raw $c exec 9]
        $c close
        assert_equal 0 [s blocked_clients]
        set lines
    } {*8 *-1 *-1 {$-1} {$-1} *-1 *-1 *-1 *-1}

    test {Blocking commands inside MULTI serve what is there} {
        r del l z
        r rpush l a b
        r zadd z 1 m
        r multi
        r blpop l 0
        r bzpopmin z 0
        r blmpop 0 1 l right
        r exec
    } {{l a} {z m 1} {l b}}

    test {Blocking commands inside MULTI in RESP3 answer null} {
        r del l z
        set c [redis_client]
        $c hello 3
        $c multi
        $c blpop l 0
        $c bzmpop 0 1 z min
        $c blmove l d left left 0
        set lines [multi_raw $c exec 4]
        $c close
        set lines
    } {*3 _ _ _}

    test {Clients blocked on a key fed by EXEC are served after the whole transaction} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0
        wait_for_blocked_clients_count 1
        r multi
        r rpush l a b
        r lpop l
        # Had the waiting client been served mid-way it would have got a.
        assert_equal {2 a} [r exec]
        assert_equal {l b} [$rd read]
        $rd close
        r exists l
    } {0}

    test {A key created and deleted inside EXEC wakes nobody} {
        r del l
        set rd [redis_deferring_client]
        $rd blpop l 0
        wait_for_blocked_clients_count 1
        r multi
        r rpush l a
        r del l
        r exec
        assert_equal 1 [s blocked_clients]
        r rpush l z
        assert_equal {l z} [$rd read]
        $rd close
    }

    test {MONITOR inside MULTI is refused when EXEC runs it} {
        r multi
        r monitor
        r ping
        catch {r exec} err
        list $err [r ping]
    } {{ERR MONITOR isn't allowed for DENY BLOCKING client} PONG}

    # ----------------------------------------------- connection commands

    test {RESET inside MULTI ends the transaction and forgets the watched keys} {
        set c [redis_client]
        $c set x 1
        $c watch x
        $c multi
        $c set x 2
        assert_equal RESET [$c reset]
        $c select 9
        assert_error {ERR EXEC without MULTI} {$c exec}
        r set x 3
        $c multi
        $c get x
        set res [$c exec]
        $c close
        set res
    } {3}

    test {QUIT inside MULTI closes the connection without running anything} {
        r del x
        set c [redis_client]
        $c multi
        $c set x 1
        assert_equal OK [$c quit]
        $c close
        r exists x
    } {0}

    test {A client that disconnects in MULTI leaves nothing behind} {
        r set x 1
        set c [redis_client]
        $c client setname leaver
        $c watch x
        $c multi
        $c set x 2
        $c close
        wait_for_condition 50 10 {![string match {* name=leaver *} [r client list]]} else {
            fail "the client did not go"
        }
        r set x 3
        r get x
    } {3}

    test {CLIENT PAUSE WRITE holds back EXEC only when it has writes} {
        r set x 1
        set rd [redis_deferring_client]
        $rd multi
        assert_equal OK [$rd read]
        $rd get x
        assert_equal QUEUED [$rd read]
        r client pause 100000 write
        $rd exec
        assert_equal 1 [$rd read]
        $rd multi
        assert_equal OK [$rd read]
        # A write is held back already when it is queued.
        $rd set x 2
        wait_for_blocked_clients_count 1
        r client unpause
        assert_equal QUEUED [$rd read]
        r client pause 100000 write
        $rd exec
        wait_for_blocked_clients_count 1
        r client unpause
        assert_equal OK [$rd read]
        $rd close
        r get x
    } {2}

    # ------------------------------------------------ introspection

    test {CLIENT LIST: flags x in MULTI and d once a watched key changed; multi= and multi-mem=} {
        r del x
        set c [redis_client]
        $c client setname mx
        set f [multi_client_fields mx]
        assert_equal {N -1 0} [list [dict get $f flags] [dict get $f multi] [dict get $f multi-mem]]
        $c multi
        $c set x 1
        $c get x
        set f [multi_client_fields mx]
        # multi-mem: the argument bytes plus a pointer per argument:
        # (3+1+1) + 3*8 for SET, (3+1) + 2*8 for GET.
        assert_equal {x 2 49} [list [dict get $f flags] [dict get $f multi] [dict get $f multi-mem]]
        assert_equal get [dict get $f cmd]
        $c exec
        $c watch x
        set f [multi_client_fields mx]
        assert_equal {N -1} [list [dict get $f flags] [dict get $f multi]]
        r set x 2
        set f [multi_client_fields mx]
        assert_equal d [dict get $f flags]
        $c multi
        # A doomed transaction keeps nothing.
        $c set x 3
        set f [multi_client_fields mx]
        assert_equal {xd 0 0} [list [dict get $f flags] [dict get $f multi] [dict get $f multi-mem]]
        $c exec
        set f [multi_client_fields mx]
        $c close
        list [dict get $f flags] [dict get $f multi]
    } {N -1}

    test {CLIENT INFO inside EXEC sees the transaction} {
        set c [redis_client]
        $c multi
        $c ping
        $c client info
        set info [lindex [$c exec] 1]
        $c close
        assert_match {* flags=x *} $info
        assert_match {* multi=2 *} $info
        assert_match {* cmd=exec *} $info
    }

    test {INFO commandstats: EXEC once, the queued commands when they run} {
        r config resetstat
        r multi
        r set x 1
        r incr x
        r lpush x a
        catch {r exec}
        r multi
        catch {r set x}
        catch {r exec}
        r multi
        r set x 1 ;# queued, never run
        catch {r exec x}
        r set x 1
        r watch x
        r set x 2
        r multi
        r get x
        r exec
        list [multi_cmdstat exec] [multi_cmdstat multi] [multi_cmdstat set] [multi_cmdstat incr] \
            [multi_cmdstat lpush] [multi_cmdstat get]
    } {{calls=3 rejected=1 failed=1} {calls=4 rejected=0 failed=0} {calls=3 rejected=1 failed=0} {calls=1 rejected=0 failed=0} {calls=1 rejected=0 failed=1} {}}

    test {INFO: EXECABORT is counted in errorstats} {
        r config resetstat
        r multi
        catch {r nosuchcommand}
        catch {r exec}
        r multi
        catch {r exec x}
        set info [r info errorstats]
        assert_match "*errorstat_EXECABORT:count=2*" $info
        assert_match "*errorstat_ERR:count=1*" $info
        s total_error_replies
    } {3}

    test {MONITOR shows MULTI, the commands as they run, then EXEC} {
        set mon [redis_deferring_client]
        $mon monitor
        assert_equal OK [$mon read]
        r multi
        r set x 1
        r select 10
        r set y 2
        r exec
        r select 9
        r multi
        catch {r set x}
        catch {r exec}
        r multi
        catch {r exec extra}
        r multi
        r discard
        r ping
        set lines {}
        while 1 {
            set line [$mon read]
            if {[string match {*"ping"*} [string tolower $line]]} break
            regexp {^\d+\.\d+ \[(\d+) [^\]]+\] (.*)$} $line -> db cmd
            lappend lines "$db $cmd"
        }
        $mon close
        set lines
    } {{9 "multi"} {9 "set" "x" "1"} {10 "select" "10"} {10 "set" "y" "2"} {10 "exec"} {9 "select" "9"} {9 "multi"} {9 "exec"} {9 "multi"} {9 "exec" "extra"} {9 "multi"} {9 "discard"}}

    test {SLOWLOG logs the commands of a transaction, never EXEC} {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        r multi
        r set x 1
        r get x
        r exec
        set names [lmap e [r slowlog get -1] {lindex $e 3}]
        r config set slowlog-log-slower-than 10000
        # Newest first; SLOWLOG RESET itself is logged too.
        lrange $names 0 2
    } {{get x} {set x 1} multi}
}

start_server {tags {"multi"}} {
    test {Keyspace changes by other databases' FLUSHALL count once the key exists} {
        # FLUSHALL touches keys in every db: here the watched key lives in
        # db 9 and the flush comes from a client in db 0.
        r set x 1
        r watch x
        set c [redis_client]
        $c select 0
        $c flushall
        $c close
        r multi
        r ping
        r exec
    } {}
}
