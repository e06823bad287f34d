# SLOWLOG: which commands are logged (slowlog-log-slower-than), what an entry
# holds (id, unix time, duration, arguments, client address and name), how
# arguments are trimmed, the slowlog-max-len cap and when it applies, ids
# across RESET, GET counts, redaction of passwords, errors and HELP, and the
# RESP3 reply.  Slow commands are made with DEBUG SLEEP; the only assertion
# on a duration is that a DEBUG SLEEP lasted at least what it asked for.

# The argument vectors of the whole log, newest first.
proc slowlog_argvs {} {
    lmap e [r slowlog get -1] {lindex $e 3}
}

# DEL with n arguments after the command name: k1 k2 ... kn.
proc slowlog_keys {n} {
    set keys {}
    for {set i 1} {$i <= $n} {incr i} { lappend keys k$i }
    return $keys
}

start_server {tags {"slowlog"} overrides {slowlog-log-slower-than 1000000}} {
    test {SLOWLOG - the configuration directives} {
        assert_equal [r config get slowlog-log-slower-than] {slowlog-log-slower-than 1000000}
        assert_equal [r config get slowlog-max-len] {slowlog-max-len 128}
        assert_error "*argument must be between -1 and 9223372036854775807 inclusive*" \
            {r config set slowlog-log-slower-than -2}
        assert_error "*argument must be between 0 and 9223372036854775807 inclusive*" \
            {r config set slowlog-max-len -1}
        assert_error "*argument couldn't be parsed into an integer*" {r config set slowlog-max-len 1k}
        r config set slowlog-max-len 64
        assert_equal [r config get slowlog-max-len] {slowlog-max-len 64}
        r config set slowlog-max-len 128
    }

    test {SLOWLOG - fast commands stay out of the log} {
        r slowlog reset
        r ping
        r set foo bar
        r get foo
        r slowlog len
    } {0}

    test {SLOWLOG - a command slower than slowlog-log-slower-than is logged} {
        r config set slowlog-log-slower-than 100000
        r ping
        assert_equal [r slowlog len] 0
        r debug sleep 0.2
        assert_equal [r slowlog len] 1
        set e [lindex [r slowlog get] 0]
        assert_equal [lindex $e 3] {debug sleep 0.2}
        assert {[lindex $e 2] >= 200000}
    } {} {needs:debug}

    test {SLOWLOG - 0 logs every command, -1 logs none} {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        r ping
        r echo hi
        # SLOWLOG RESET itself is logged once it has emptied the log, and
        # SLOWLOG LEN answers before it is logged.
        assert_equal [r slowlog len] 3
        assert_equal [slowlog_argvs] {{slowlog len} {echo hi} ping {slowlog reset}}
        r config set slowlog-log-slower-than -1
        set before [r slowlog len]
        r ping
        r echo again
        assert_equal [r slowlog len] $before
    }

    test {SLOWLOG - an entry: id, time, duration, arguments, address, name} {
        r config set slowlog-log-slower-than 0
        r client setname slowlog-tester
        r slowlog reset
        set t0 [clock seconds]
        r set foo bar
        set t1 [clock seconds]
        lassign [r slowlog get 2] e reset
        assert_equal [llength $e] 6
        lassign $e id time duration argv addr name
        assert_equal $id [expr {[lindex $reset 0] + 1}]
        assert_range $time $t0 $t1
        assert {[string is integer -strict $duration] && $duration >= 0}
        assert_equal $argv {set foo bar}
        regexp { addr=(\S+) } [r client info] -> myaddr
        assert_equal $addr $myaddr
        assert_equal $name slowlog-tester
    }

    test {SLOWLOG - the client name is the one after the command ran} {
        r config set slowlog-log-slower-than 0
        r client setname before
        r client setname after
        set e [lindex [r slowlog get 1] 0]
        assert_equal [lindex $e 3] {client setname after}
        assert_equal [lindex $e 5] after
        r client setname ""
        set e [lindex [r slowlog get 1] 0]
        assert_equal [lindex $e 5] ""
    }

    test {SLOWLOG - commands that fail to start are not logged} {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        catch {r nosuchcommand}
        catch {r get}
        catch {r slowlog nosuchsubcommand}
        slowlog_argvs
    } {{slowlog reset}}

    test {SLOWLOG - at most 32 arguments are logged} {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        r del {*}[slowlog_keys 40]
        set argv [lindex [r slowlog get 1] 0 3]
        assert_equal [llength $argv] 32
        assert_equal [lrange $argv 0 30] [list del {*}[slowlog_keys 30]]
        assert_equal [lindex $argv 31] "... (10 more arguments)"

        # 32 arguments in all: logged as they are; 33: the last two folded.
        r del {*}[slowlog_keys 31]
        assert_equal [lindex [r slowlog get 1] 0 3] [list del {*}[slowlog_keys 31]]
        r del {*}[slowlog_keys 32]
        set argv [lindex [r slowlog get 1] 0 3]
        assert_equal [llength $argv] 32
        assert_equal [lindex $argv 30] k30
        assert_equal [lindex $argv 31] "... (2 more arguments)"
    }

    test {SLOWLOG - strings longer than 128 bytes are trimmed} {
        r config set slowlog-log-slower-than 0
        r set k [string repeat x 200]
        assert_equal [lindex [r slowlog get 1] 0 3] [list set k "[string repeat x 128]... (72 more bytes)"]
        r set k [string repeat y 128]
        assert_equal [lindex [r slowlog get 1] 0 3] [list set k [string repeat y 128]]
        r set k [string repeat z 129]
        assert_equal [lindex [r slowlog get 1] 0 3] [list set k "[string repeat z 128]... (1 more bytes)"]
        r set [string repeat w 300] v
        assert_equal [lindex [r slowlog get 1] 0 3 1] "[string repeat w 128]... (172 more bytes)"
    }

    test {SLOWLOG - the logged arguments do not change with the key's value} {
        r config set slowlog-log-slower-than 0
        # SET may keep its argument object as the value, which APPEND and
        # INCR then change in place: the log must hold a copy.
        r set counter 10
        r append counter 5
        r incr counter
        assert_equal [r get counter] 106
        set argvs [lmap e [r slowlog get 4] {lindex $e 3}]
        assert_equal $argvs {{get counter} {incr counter} {append counter 5} {set counter 10}}
    }

    test {SLOWLOG - slowlog-max-len caps the log} {
        r config set slowlog-log-slower-than 0
        r config set slowlog-max-len 10
        for {set i 0} {$i < 20} {incr i} { r ping }
        assert_equal [r slowlog len] 10
        assert_equal [llength [r slowlog get -1]] 10
        r config set slowlog-max-len 128
    }

    test {SLOWLOG - a lower slowlog-max-len applies from the next command on} {
        r config set slowlog-log-slower-than 0
        r config set slowlog-max-len 10
        for {set i 0} {$i < 10} {incr i} { r ping }
        # The CONFIG SET is logged, then the log is cut to the new length.
        r config set slowlog-max-len 3
        assert_equal [r slowlog len] 3
        assert_equal [lindex [r slowlog get 1] 0 3] {slowlog len}

        # With the log off nothing is logged and nothing is cut...
        r config set slowlog-max-len 10
        for {set i 0} {$i < 10} {incr i} { r ping }
        r config set slowlog-log-slower-than -1
        r config set slowlog-max-len 2
        assert_equal [r slowlog len] 10
        # ...until a command is considered again, even one not logged.
        r config set slowlog-log-slower-than 1000000
        assert_equal [r slowlog len] 2
        r config set slowlog-max-len 128
    }

    test {SLOWLOG - ids keep growing across RESET, and max-len 0 still uses them} {
        r config set slowlog-log-slower-than 0
        r echo a
        set id [lindex [r slowlog get 1] 0 0]
        r slowlog reset
        r echo b
        assert_equal [lindex [r slowlog get 1] 0 0] [expr {$id + 3}]
        r config set slowlog-max-len 0
        r echo c
        assert_equal [r slowlog len] 0
        r config set slowlog-max-len 128
        set e [lindex [r slowlog get 1] 0]
        assert_equal [lindex $e 3] {config set slowlog-max-len 128}
        assert_equal [lindex $e 0] [expr {$id + 8}]
    }

    test {SLOWLOG GET - count: 10 by default, -1 for all, newest first} {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        for {set i 0} {$i < 15} {incr i} { r echo $i }
        assert_equal [llength [r slowlog get]] 10
        # reset, 15 ECHOs and the GET above
        set all [r slowlog get -1]
        assert_equal [llength $all] 17
        assert_equal [lindex $all 0 3] {slowlog get}
        assert_equal [lindex $all 1 3] {echo 14}
        assert_equal [lindex $all end 3] {slowlog reset}
        set ids [lmap e $all {lindex $e 0}]
        assert_equal $ids [lsort -integer -decreasing $ids]
        assert_equal [llength [lsort -unique $ids]] 17
        assert_equal [r slowlog get 0] {}
        assert_equal [llength [r slowlog get 5]] 5
        assert_equal [lindex [r slowlog get 5] 0 3] {slowlog get 5}
        assert_equal [llength [r slowlog get 1000]] 21
    }

    test {SLOWLOG RESET and LEN} {
        r config set slowlog-log-slower-than 0
        r ping
        assert_morethan [r slowlog len] 0
        assert_equal [r slowlog reset] OK
        assert_equal [r slowlog len] 1
        r config set slowlog-log-slower-than -1
        r slowlog reset
        assert_equal [r slowlog len] 0
        r slowlog get -1
    } {}

    test {SLOWLOG - errors} {
        assert_error "ERR count should be greater than or equal to -1" {r slowlog get -2}
        assert_error "ERR count should be greater than or equal to -1" {r slowlog get abc}
        assert_error "ERR count should be greater than or equal to -1" {r slowlog get 1.5}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP." \
            {r slowlog get 1 2}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'GeT'. Try SLOWLOG HELP." \
            {r slowlog GeT 1 2}
        assert_error "ERR wrong number of arguments for 'slowlog|len' command" {r slowlog len x}
        assert_error "ERR wrong number of arguments for 'slowlog|reset' command" {r slowlog reset x}
        assert_error "ERR wrong number of arguments for 'slowlog|help' command" {r slowlog help x}
        assert_error "ERR unknown subcommand 'foo'. Try SLOWLOG HELP." {r slowlog foo}
        assert_error "ERR wrong number of arguments for 'slowlog' command" {r slowlog}
    }

    test {SLOWLOG HELP} {
        set help [r slowlog help]
        assert_equal [llength $help] 12
        assert_equal [lindex $help 0] {SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:}
        assert_equal [lindex $help 1] {GET [<count>]}
        assert_equal [lindex $help 2] \
            {    Return top <count> entries from the slowlog (default: 10, -1 mean all).}
        assert_equal [lindex $help 6] LEN
        assert_equal [lindex $help 8] RESET
        assert_equal [lindex $help 10] HELP
        assert_equal [lindex $help 11] {    Prints this help.}
    }

    test {SLOWLOG - passwords given to AUTH and HELLO are redacted} {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        catch {r auth nopass}
        catch {r auth someuser somepass}
        catch {r hello 2 auth someuser somepass setname x}
        assert_equal [lrange [slowlog_argvs] 0 2] [list {hello 2 auth (redacted) (redacted) setname x} \
            {auth (redacted) (redacted)} {auth (redacted)}]
    }

    test {SLOWLOG - CONFIG SET of a password is redacted} {
        r config set slowlog-log-slower-than 0
        r config set masterauth secret
        r config set masteruser someone maxmemory 0
        assert_equal [lrange [slowlog_argvs] 0 1] [list \
            {config set masteruser (redacted) maxmemory 0} {config set masterauth (redacted)}]
        r config set masterauth "" masteruser ""
    }

    test {SLOWLOG GET - RESP3 reply} {
        r config set slowlog-log-slower-than 0
        set c [redis_client]
        $c hello 3
        $c client setname resp3
        $c echo hello
        $c readraw 1
        set lines {}
        lappend lines [$c slowlog get 1]
        for {set i 0} {$i < 10} {incr i} { lappend lines [$c read] }
        $c close
        assert_equal [lindex $lines 0] {*1}
        assert_equal [lindex $lines 1] {*6}
        assert_match {:[0-9]*} [lindex $lines 2]
        assert_match {:[0-9]*} [lindex $lines 3]
        assert_match {:[0-9]*} [lindex $lines 4]
        assert_equal [lrange $lines 5 7] [list *2 {$4} echo]
        assert_equal [lrange $lines 8 9] [list {$5} hello]
        assert_match {$*} [lindex $lines 10]
    }
}

start_server {tags {"slowlog"} overrides {slowlog-log-slower-than 0 slowlog-max-len 5}} {
    test {SLOWLOG - the directives can be set at start-up} {
        assert_equal [r config get slowlog-log-slower-than] {slowlog-log-slower-than 0}
        for {set i 0} {$i < 10} {incr i} { r ping }
        r slowlog len
    } {5}
}
