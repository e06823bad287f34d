# Introspection and connection commands: PING, ECHO, SELECT, TIME, DBSIZE,
# HELLO, CLIENT, CONFIG, INFO (with errorstats and commandstats), COMMAND,
# error texts of unknown commands and wrong arities, DEBUG gating, SHUTDOWN,
# and what a server says at start-up.

# The lines of CLIENT LIST, as a list of dicts (field -> value).
proc client_list_dicts {{client r}} {
    set out {}
    foreach line [split [string trim [$client client list]] "\n"] {
        lappend out [client_line_dict $line]
    }
    return $out
}

proc client_line_dict {line} {
    set d {}
    foreach field [split [string trim $line] " "] {
        set eq [string first = $field]
        dict set d [string range $field 0 [expr {$eq - 1}]] [string range $field [expr {$eq + 1}] end]
    }
    return $d
}

# The field names of a CLIENT LIST / CLIENT INFO line, in order.
proc client_line_fields {line} {
    lmap field [split [string trim $line] " "] {
        string range $field 0 [expr {[string first = $field] - 1}]
    }
}

# A field of a given INFO section.
proc info_field {section field {client r}} {
    if {[regexp -line "^$field:(.*?)\r?$" [$client info $section] -> value]} {
        return $value
    }
    return ""
}

# The headers ("# Name") of an INFO reply, in order.
proc info_headers {text} {
    regexp -all -inline -line {^# [A-Za-z]+} $text
}

set ::client_fields [list id addr laddr fd name age idle flags db sub psub ssub \
    multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events \
    cmd user redir resp]

start_server {tags {"introspection"}} {
    test {PING and PING with a message} {
        assert_equal [r ping] PONG
        assert_equal [r ping "hello world"] "hello world"
        assert_equal [r ping ""] ""
        assert_error "ERR wrong number of arguments for 'ping' command" {r ping a b}
    }

    test {ECHO, and its arity} {
        assert_equal [r echo "some text"] "some text"
        assert_equal [r echo ""] ""
        assert_error "ERR wrong number of arguments for 'echo' command" {r echo}
        assert_error "ERR wrong number of arguments for 'echo' command" {r echo a b}
    }

    test {SELECT: valid, out of range and invalid indexes} {
        assert_equal [r select 0] OK
        assert_equal [r select 15] OK
        assert_error "ERR DB index is out of range" {r select 16}
        assert_error "ERR DB index is out of range" {r select -1}
        assert_error "ERR value is not an integer or out of range" {r select abc}
        assert_error "ERR value is not an integer or out of range" {r select 1.5}
        assert_error "ERR value is out of range, value must between -2147483648 and 2147483647" {
            r select 2147483648
        }
        assert_error "ERR wrong number of arguments for 'select' command" {r select}
        r select 9
    } {OK}

    test {SELECT keeps databases apart and CLIENT INFO shows the db} {
        r select 3
        r set intro:db three
        assert_match "* db=3 *" [r client info]
        r select 9
        assert_equal [r exists intro:db] 0
        assert_match "* db=9 *" [r client info]
        r select 3
        r del intro:db
        r select 9
    } {OK}

    test {TIME returns seconds and microseconds} {
        set t [r time]
        assert_equal [llength $t] 2
        lassign $t secs usecs
        assert {[string is integer -strict $secs] && [string is integer -strict $usecs]}
        assert_range $usecs 0 999999
        # Same clock as ours, within a generous margin.
        assert {abs($secs - [clock seconds]) < 600}
        assert_error "ERR wrong number of arguments for 'time' command" {r time x}
    }

    test {DBSIZE counts the keys of the selected database} {
        r flushdb
        assert_equal [r dbsize] 0
        r set a 1
        r set b 2
        r set c 3
        assert_equal [r dbsize] 3
        r select 10
        assert_equal [r dbsize] 0
        r select 9
        r del a b c
        assert_equal [r dbsize] 0
        assert_error "ERR wrong number of arguments for 'dbsize' command" {r dbsize x}
    }

    test {HELLO without arguments describes the connection} {
        set c [redis_client]
        set reply [$c hello]
        assert_equal [dict keys $reply] {server version proto id mode role modules}
        assert_equal [dict get $reply server] redis
        assert_equal [dict get $reply version] [info_field server redis_version]
        assert_equal [dict get $reply proto] 2
        assert_equal [dict get $reply id] [$c client id]
        assert_equal [dict get $reply mode] standalone
        assert_equal [dict get $reply role] master
        assert_equal [dict get $reply modules] {}
        $c close
    }

    test {HELLO 3 switches to RESP3, HELLO then reports 3, HELLO 2 goes back} {
        set c [redis_client]
        assert_equal [dict get [$c hello 3] proto] 3
        assert_equal [dict get [$c hello] proto] 3
        assert_match "* resp=3*" [$c client info]
        assert_equal [dict get [$c hello 2] proto] 2
        assert_match "* resp=2*" [$c client info]
        $c close
    }

    test {HELLO with an unsupported or invalid protocol version} {
        assert_error "NOPROTO unsupported protocol version" {r hello 4}
        assert_error "NOPROTO unsupported protocol version" {r hello 1}
        assert_error "NOPROTO unsupported protocol version" {r hello 0}
        assert_error "NOPROTO unsupported protocol version" {r hello -3}
        assert_error "ERR Protocol version is not an integer or out of range" {r hello abc}
        assert_error "ERR Protocol version is not an integer or out of range" {r hello 3.0}
        # Without a version, the first word is read as one.
        assert_error "ERR Protocol version is not an integer or out of range" {r hello auth default pass}
        # The connection is still in RESP2.
        r get intro:nokey
    } {}

    test {HELLO option syntax errors} {
        assert_error "ERR Syntax error in HELLO option 'FOO'" {r hello 2 FOO}
        assert_error "ERR Syntax error in HELLO option 'AUTH'" {r hello 2 AUTH}
        assert_error "ERR Syntax error in HELLO option 'AUTH'" {r hello 2 AUTH default}
        assert_error "ERR Syntax error in HELLO option 'SETNAME'" {r hello 2 SETNAME}
        assert_error "ERR Syntax error in HELLO option 'bar'" {r hello 2 SETNAME foo bar}
    }

    test {HELLO SETNAME names the connection; an invalid name changes nothing} {
        set c [redis_client]
        set reply [$c hello 2 SETNAME hello-name]
        assert_equal [dict get $reply proto] 2
        assert_equal [$c client getname] hello-name
        assert_error "ERR Client names cannot contain spaces, newlines or special characters." {
            $c hello 3 SETNAME "bad name"
        }
        # Neither the name nor the protocol changed.
        assert_equal [$c client getname] hello-name
        assert_match "* resp=2*" [$c client info]
        # An empty name removes it.
        $c hello 2 SETNAME ""
        assert_equal [$c client getname] {}
        $c close
    }

    test {HELLO AUTH without a configured password} {
        set c [redis_client]
        # The default user has no password: any password is accepted.
        assert_equal [dict get [$c hello 3 AUTH default whatever] proto] 3
        assert_error "WRONGPASS invalid username-password pair or user is disabled." {
            $c hello 2 AUTH nosuchuser whatever
        }
        $c close
    }

    test {RESET puts the connection back in its initial state} {
        set c [redis_client]
        set id [$c client id]
        $c hello 3
        $c client setname before-reset
        $c select 5
        assert_equal [$c reset] RESET
        assert_equal [$c client getname] {}
        set d [client_line_dict [$c client info]]
        assert_equal [dict get $d db] 0
        assert_equal [dict get $d resp] 2
        assert_equal [dict get $d name] ""
        # Same connection, same id.
        assert_equal [$c client id] $id
        assert_error "ERR wrong number of arguments for 'reset' command" {$c reset now}
        $c close
    }

    test {CLIENT ID is an integer, different for every connection} {
        set id [r client id]
        assert {[string is integer -strict $id] && $id > 0}
        set c [redis_client]
        set id2 [$c client id]
        assert {$id2 > $id}
        assert_equal [$c client id] $id2
        $c close
        assert_error "ERR wrong number of arguments for 'client|id' command" {r client id x}
    }

    test {CLIENT SETNAME and GETNAME} {
        set c [redis_client]
        assert_equal [$c client getname] {}
        assert_equal [$c client setname my-name] OK
        assert_equal [$c client getname] my-name
        assert_match "* name=my-name *" [$c client info]
        # Any printable character but the space is allowed.
        assert_equal [$c client setname {~!@#$%^&*()}] OK
        assert_equal [$c client getname] {~!@#$%^&*()}
        # An empty name removes the name.
        assert_equal [$c client setname ""] OK
        assert_equal [$c client getname] {}
        assert_match "* name= *" [$c client info]
        $c close
    }

    test {CLIENT SETNAME rejects spaces, newlines and special characters} {
        set c [redis_client]
        $c client setname keep-me
        foreach bad [list "with space" "new\nline" "tab\there" "\x01ctrl" "del\x7f" "hi\xe9"] {
            assert_error "ERR Client names cannot contain spaces, newlines or special characters." {
                $c client setname $bad
            }
        }
        assert_equal [$c client getname] keep-me
        $c close
    }

    test {CLIENT SETNAME and GETNAME arity errors} {
        assert_error "ERR wrong number of arguments for 'client|setname' command" {r client setname}
        assert_error "ERR wrong number of arguments for 'client|setname' command" {r client setname a b}
        assert_error "ERR wrong number of arguments for 'client|getname' command" {r client getname x}
    }

    test {CLIENT INFO: the fields, in order, and their values} {
        set c [redis_client]
        $c client setname info-test
        set line [$c client info]
        assert_equal [string index $line end] "\n"
        assert_equal [client_line_fields $line] $::client_fields
        set d [client_line_dict $line]
        assert_equal [dict get $d id] [$c client id]
        assert_equal [dict get $d name] info-test
        assert_equal [dict get $d db] 9
        assert_equal [dict get $d flags] N
        assert_equal [dict get $d sub] 0
        assert_equal [dict get $d psub] 0
        assert_equal [dict get $d ssub] 0
        assert_equal [dict get $d multi] -1
        assert_equal [dict get $d cmd] client|info
        assert_equal [dict get $d user] default
        assert_equal [dict get $d redir] -1
        assert_equal [dict get $d resp] 2
        assert_equal [dict get $d events] r
        assert_match "127.0.0.1:*" [dict get $d addr]
        assert_equal [dict get $d laddr] "127.0.0.1:[srv port]"
        foreach f {fd age idle qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem} {
            assert {[string is integer -strict [dict get $d $f]]}
        }
        assert_error "ERR wrong number of arguments for 'client|info' command" {$c client info x}
        $c close
    }

    test {CLIENT INFO and CLIENT LIST are verbatim strings in RESP3} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_match "=*" [$c client info]
        assert_match "txt:id=*resp=3" [$c read]
        $c close
    }

    test {CLIENT LIST: one line per client, same fields as CLIENT INFO} {
        set c1 [redis_client]
        set c2 [redis_client]
        $c1 client setname list-one
        set list [r client list]
        assert_equal [string index $list end] "\n"
        set lines [split [string trimright $list "\n"] "\n"]
        wait_for_condition 100 10 {
            [llength [split [string trim [r client list]] "\n"]] == [s connected_clients]
        } else {
            fail "CLIENT LIST does not list every client"
        }
        foreach line $lines {
            assert_equal [client_line_fields $line] $::client_fields
        }
        set names [lmap d [client_list_dicts] {dict get $d name}]
        assert {"list-one" in $names}
        # The client that asks sees its own command.
        set me [r client id]
        foreach d [client_list_dicts] {
            if {[dict get $d id] == $me} { assert_equal [dict get $d cmd] client|list }
        }
        $c1 close
        $c2 close
    }

    test {CLIENT LIST TYPE} {
        # Clients closed by earlier tests may still be going away: retry.
        wait_for_condition 100 10 {
            [llength [split [string trim [r client list type normal]] "\n"]] == [s connected_clients]
        } else {
            fail "CLIENT LIST TYPE normal does not list every client"
        }
        assert_equal [r client list type NORMAL] [r client list type normal]
        assert_equal [r client list type master] ""
        assert_equal [r client list type replica] ""
        assert_equal [r client list type slave] ""
        assert_equal [r client list type pubsub] ""
        assert_error "ERR Unknown client type 'foo'" {r client list type foo}
        assert_error "ERR syntax error" {r client list type}
    }

    test {CLIENT LIST ID} {
        set c [redis_client]
        set id [$c client id]
        set me [r client id]
        set line [r client list id $id]
        assert_equal [llength [split [string trim $line] "\n"]] 1
        assert_match "id=$id *" $line
        set two [r client list id $id $me]
        assert_equal [lsort -integer [lmap l [split [string trim $two] "\n"] {dict get [client_line_dict $l] id}]] \
            [lsort -integer [list $id $me]]
        # Unknown ids are skipped.
        assert_equal [r client list id 99999999] ""
        assert_equal [r client list id -1] ""
        assert_error "ERR Invalid client ID" {r client list id abc}
        assert_error "ERR syntax error" {r client list id}
        $c close
    }

    test {CLIENT LIST with other arguments is a syntax error} {
        assert_error "ERR syntax error" {r client list foo bar}
        assert_error "ERR syntax error" {r client list foo}
    }

    test {CLIENT HELP} {
        set help [r client help]
        assert_equal [lindex $help 0] "CLIENT <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:"
        foreach entry {GETNAME ID INFO {LIST [options ...]} {SETNAME <name>}} {
            assert {$entry in $help}
        }
        assert_equal [lrange $help end-1 end] {HELP {    Prints this help.}}
        assert_error "ERR wrong number of arguments for 'client|help' command" {r client help x}
    }

    test {CLIENT without or with an unknown subcommand} {
        assert_error "ERR wrong number of arguments for 'client' command" {r client}
        assert_error "ERR unknown subcommand 'FOO'. Try CLIENT HELP." {r client FOO}
        assert_error "ERR unknown subcommand 'foo'. Try CLIENT HELP." {r client foo bar}
    }

    test {A closed connection disappears from CLIENT LIST} {
        set c [redis_client]
        set id [$c client id]
        assert_match "id=$id *" [r client list id $id]
        $c close
        wait_for_condition 100 10 {
            [r client list id $id] eq ""
        } else {
            fail "the client was not freed"
        }
    }
}

start_server {tags {"introspection config"}} {
    test {CONFIG GET with a glob pattern} {
        set cfg [r config get maxmemory*]
        foreach name {maxmemory maxmemory-policy maxmemory-samples} {
            assert {[dict exists $cfg $name]}
        }
        foreach name [dict keys $cfg] {
            assert_match "maxmemory*" $name
        }
        assert_equal [dict get $cfg maxmemory] 0
        assert_equal [dict get $cfg maxmemory-policy] noeviction
        assert_equal [dict get $cfg maxmemory-samples] 5
    }

    test {CONFIG GET of a name without wildcards answers with the name as given} {
        assert_equal [r config get maxmemory] {maxmemory 0}
        assert_equal [r config get MAXMEMORY] {MAXMEMORY 0}
        assert_equal [r config get MaxMemory-Policy] {MaxMemory-Policy noeviction}
    }

    test {CONFIG GET with several patterns reports each parameter once} {
        set cfg [r config get maxmemory maxmemory-policy timeout]
        assert_equal [lsort [dict keys $cfg]] {maxmemory maxmemory-policy timeout}
        set cfg [r config get maxmemory maxmemory MAXMEMORY]
        assert_equal $cfg {maxmemory 0}
        set a [r config get maxmemory*]
        set b [r config get maxmemory* maxmemory maxmemory-pol*]
        assert_equal [lsort [dict keys $a]] [lsort [dict keys $b]]
    }

    test {CONFIG GET with no match, and the arity} {
        assert_equal [r config get no-such-parameter] {}
        assert_equal [r config get nosuch*] {}
        assert_error "ERR wrong number of arguments for 'config|get' command" {r config get}
    }

    test {CONFIG GET shows old names (aliases) too} {
        assert_equal [r config get slave-read-only] {slave-read-only yes}
        set cfg [r config get *read-only*]
        assert_equal [dict get $cfg replica-read-only] yes
        assert_equal [dict get $cfg slave-read-only] yes
        r config set slave-read-only no
        assert_equal [r config get replica-read-only] {replica-read-only no}
        r config set replica-read-only yes
        r config get slave-read-only
    } {slave-read-only yes}

    test {CONFIG GET of typical parameters} {
        set cfg [r config get *]
        foreach {name value} {
            databases 16 maxmemory-policy noeviction timeout 0 tcp-keepalive 300
            bind 127.0.0.1 protected-mode yes proto-max-bulk-len 536870912
            client-query-buffer-limit 1073741824 hz 10 requirepass {}
            enable-debug-command yes save {} appendonly no
        } {
            assert_equal [dict get $cfg $name] $value "value of $name"
        }
        assert_equal [dict get $cfg port] [srv port]
        assert_equal [dict get $cfg loglevel] verbose
    }

    test {CONFIG GET is a map in RESP3} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_equal [$c config get maxmemory] "%1"
        assert_equal [$c read] "\$9"
        assert_equal [$c read] maxmemory
        assert_equal [$c read] "\$1"
        assert_equal [$c read] 0
        assert_equal [$c config get no-such-parameter] "%0"
        $c close
    }

    test {CONFIG SET of several parameters at once} {
        assert_equal [r config set maxmemory 10mb maxmemory-policy allkeys-lru timeout 7] OK
        assert_equal [r config get maxmemory] {maxmemory 10485760}
        assert_equal [r config get maxmemory-policy] {maxmemory-policy allkeys-lru}
        assert_equal [r config get timeout] {timeout 7}
        r config set maxmemory 0 maxmemory-policy noeviction timeout 0
    } {OK}

    test {CONFIG SET is all or nothing: one bad value and nothing changes} {
        r config set maxmemory 10mb maxmemory-policy allkeys-lru
        assert_error "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction" {
            r config set maxmemory 20mb maxmemory-policy nosuch
        }
        assert_equal [r config get maxmemory] {maxmemory 10485760}
        assert_equal [r config get maxmemory-policy] {maxmemory-policy allkeys-lru}
        assert_error "ERR Unknown option or number of arguments for CONFIG SET - 'no-such-parameter'" {
            r config set maxmemory 30mb no-such-parameter 1
        }
        assert_equal [r config get maxmemory] {maxmemory 10485760}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer" {
            r config set maxmemory 40mb hz 20 timeout abc
        }
        assert_equal [r config get maxmemory] {maxmemory 10485760}
        assert_equal [r config get hz] {hz 10}
        r config set maxmemory 0 maxmemory-policy noeviction
    } {OK}

    test {CONFIG SET: unknown parameter} {
        assert_error "ERR Unknown option or number of arguments for CONFIG SET - 'no-such-parameter'" {
            r config set no-such-parameter 1
        }
        # Directives that are not parameters are unknown too.
        assert_error "ERR Unknown option or number of arguments for CONFIG SET - 'include'" {
            r config set include /dev/null
        }
        assert_error "ERR Unknown option or number of arguments for CONFIG SET - 'rename-command'" {
            r config set rename-command x
        }
    }

    test {CONFIG SET: immutable parameters} {
        foreach {name value} {daemonize yes databases 4 unixsocket /tmp/x.sock logfile x.log
                enable-debug-command no tcp-backlog 10} {
            assert_error "ERR CONFIG SET failed (possibly related to argument '$name') - can't set immutable config" {
                r config set $name $value
            }
        }
        assert_equal [r config get databases] {databases 16}
    }

    test {CONFIG SET: protected parameters} {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config" {
            r config set dir /tmp
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config" {
            r config set dbfilename other.rdb
        }
    }

    test {CONFIG SET: the same parameter twice} {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter" {
            r config set timeout 10 timeout 20
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter" {
            r config set maxmemory 1mb MAXMEMORY 2mb
        }
        # An old name and the new name of a parameter are not duplicates.
        assert_equal [r config set slave-read-only yes replica-read-only yes] OK
        r config get timeout
    } {timeout 0}

    test {CONFIG SET: argument count} {
        assert_error "ERR wrong number of arguments for 'config|set' command" {r config set}
        assert_error "ERR wrong number of arguments for 'config|set' command" {r config set timeout}
        assert_error "ERR syntax error" {r config set timeout 1 hz}
    }

    test {CONFIG SET: boolean values} {
        r config set lazyfree-lazy-user-del YES
        assert_equal [r config get lazyfree-lazy-user-del] {lazyfree-lazy-user-del yes}
        r config set lazyfree-lazy-user-del No
        assert_equal [r config get lazyfree-lazy-user-del] {lazyfree-lazy-user-del no}
        foreach bad {maybe 1 0 true ""} {
            assert_error "ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'" {
                r config set protected-mode $bad
            }
        }
        r config get protected-mode
    } {protected-mode yes}

    test {CONFIG SET: enumerations} {
        r config set loglevel WARNING
        assert_equal [r config get loglevel] {loglevel warning}
        r config set loglevel verbose
        assert_error "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning" {
            r config set loglevel loud
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction" {
            r config set maxmemory-policy lru
        }
        r config get loglevel
    } {loglevel verbose}

    test {CONFIG SET: integers, parse errors and bounds} {
        set prefix "ERR CONFIG SET failed (possibly related to argument"
        assert_error "$prefix 'timeout') - argument couldn't be parsed into an integer" {r config set timeout abc}
        assert_error "$prefix 'timeout') - argument couldn't be parsed into an integer" {r config set timeout 1.5}
        assert_error "$prefix 'timeout') - argument couldn't be parsed into an integer" {r config set timeout 1kb}
        assert_error "$prefix 'timeout') - argument must be between 0 and 2147483647 inclusive" {r config set timeout -1}
        assert_error "$prefix 'timeout') - argument must be between 0 and 2147483647 inclusive" {r config set timeout 2147483648}
        assert_error "$prefix 'maxmemory-samples') - argument must be between 1 and 2147483647 inclusive" {r config set maxmemory-samples 0}
        assert_error "$prefix 'active-expire-effort') - argument must be between 1 and 10 inclusive" {r config set active-expire-effort 11}
        # Unsigned parameters report negative numbers as out of range.
        assert_error "$prefix 'maxclients') - argument must be between 1 and 4294967295 inclusive" {r config set maxclients -1}
        assert_error "$prefix 'maxclients') - argument couldn't be parsed into an integer" {r config set maxclients 99999999999999999999}
        r config set maxmemory-samples 10
        assert_equal [r config get maxmemory-samples] {maxmemory-samples 10}
        r config set maxmemory-samples 5
    } {OK}

    test {CONFIG SET: hz is kept between 1 and 500} {
        r config set hz 0
        assert_equal [r config get hz] {hz 1}
        r config set hz 1000
        assert_equal [r config get hz] {hz 500}
        assert_equal [info_field server configured_hz] 500
        assert_error "ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 and 2147483647 inclusive" {
            r config set hz -1
        }
        r config set hz 10
        r config get hz
    } {hz 10}

    test {CONFIG SET: memory values, parse errors and bounds} {
        set prefix "ERR CONFIG SET failed (possibly related to argument"
        try {
            foreach {value bytes} {1000 1000 1k 1000 1kb 1024 2m 2000000 2MB 2097152 1g 1000000000 1Gb 1073741824 5b 5} {
                r config set maxmemory $value
                assert_equal [r config get maxmemory] [list maxmemory $bytes] "maxmemory $value"
            }
        } finally {
            r config set maxmemory 0
        }
        foreach bad {abc -1 1.5mb 1tb {10 kb} 10kbb} {
            assert_error "$prefix 'maxmemory') - argument must be a memory value" {r config set maxmemory $bad}
        }
        assert_error "$prefix 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive" {
            r config set proto-max-bulk-len 100
        }
        assert_error "$prefix 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive" {
            r config set proto-max-bulk-len 99999999999999999999
        }
        assert_error "$prefix 'client-query-buffer-limit') - argument must be between 1048576 and 9223372036854775807 inclusive" {
            r config set client-query-buffer-limit 18446744073709551615
        }
        # maxmemory takes the whole unsigned range.
        r config set maxmemory 18446744073709551615
        assert_equal [r config get maxmemory] {maxmemory 18446744073709551615}
        r config set maxmemory 0
    } {OK}

    test {CONFIG SET save} {
        r config set save "100 10 20 30"
        assert_equal [r config get save] {save {100 10 20 30}}
        r config set save ""
        assert_equal [r config get save] {save {}}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters" {
            r config set save "100"
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters" {
            r config set save "a b"
        }
        r config get save
    } {save {}}

    test {CONFIG SET save: numbers are normalised, seconds must be positive} {
        r config set save "+5 1 6 002"
        assert_equal [r config get save] {save {5 1 6 2}}
        # Values are separated by single spaces: an empty value reads as 0.
        r config set save "1 "
        assert_equal [r config get save] {save {1 0}}
        foreach bad {"0 1" "1 -1" " 5 1" "5  1" "1x 1"} {
            assert_error "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters" {
                r config set save $bad
            }
        }
        r config set save ""
        r config get save
    } {save {}}

    test {CONFIG SET client-output-buffer-limit "" changes nothing} {
        assert_equal [r config set client-output-buffer-limit ""] OK
        lindex [r config get client-output-buffer-limit] 1
    } {normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60}

    test {Parameters of subsystems not built yet are checked like the others} {
        set prefix "ERR CONFIG SET failed (possibly related to argument"
        # Immutable ones.
        foreach {name value} {cluster-enabled yes io-threads 4 appendfilename x.aof supervised systemd
                rdbchecksum no aclfile /tmp/users.acl} {
            assert_error "$prefix '$name') - can't set immutable config" {r config set $name $value}
        }
        # Booleans, enumerations, integers, memory values.
        assert_error "$prefix 'appendonly') - argument must be 'yes' or 'no'" {r config set appendonly maybe}
        assert_error "$prefix 'appendfsync') - argument(s) must be one of the following: everysec, always, no" {
            r config set appendfsync sometimes
        }
        r config set appendfsync ALWAYS
        assert_equal [r config get appendfsync] {appendfsync always}
        r config set appendfsync everysec
        assert_error "$prefix 'slowlog-max-len') - argument must be between 0 and 9223372036854775807 inclusive" {
            r config set slowlog-max-len -1
        }
        assert_error "$prefix 'slowlog-max-len') - argument couldn't be parsed into an integer" {
            r config set slowlog-max-len 1kb
        }
        assert_error "$prefix 'maxmemory-eviction-tenacity') - argument must be between 0 and 100 inclusive" {
            r config set maxmemory-eviction-tenacity 101
        }
        r config set hash-max-listpack-value 1kb
        assert_equal [r config get hash-max-listpack-value] {hash-max-listpack-value 1024}
        r config set hash-max-listpack-value 64
        assert_error "$prefix 'hash-max-listpack-value') - argument must be a memory value" {
            r config set hash-max-listpack-value -1
        }
        assert_error "$prefix 'repl-backlog-size') - argument must be between 1 and 9223372036854775807 inclusive" {
            r config set repl-backlog-size 0
        }
        # The backlog is at least 16kb.
        r config set repl-backlog-size 100
        assert_equal [r config get repl-backlog-size] {repl-backlog-size 16384}
        r config set repl-backlog-size 1mb
        r config get repl-backlog-size
    } {repl-backlog-size 1048576}

    test {maxmemory-clients takes memory values and percentages} {
        set prefix "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients')"
        r config set maxmemory-clients 5%
        assert_equal [r config get maxmemory-clients] {maxmemory-clients 5%}
        r config set maxmemory-clients 1mb
        assert_equal [r config get maxmemory-clients] {maxmemory-clients 1048576}
        assert_error "$prefix - percentage argument must be less or equal to 100" {r config set maxmemory-clients 101%}
        assert_error "$prefix - argument must be a memory or percent value" {r config set maxmemory-clients -5%}
        assert_error "$prefix - argument must be a memory or percent value" {r config set maxmemory-clients lots}
        r config set maxmemory-clients 0
        r config get maxmemory-clients
    } {maxmemory-clients 0}

    test {notify-keyspace-events is checked and shown in a canonical order} {
        foreach {given shown} {KEA AKE Kx$ {$xK} ExKm xKEm g$lshzxetdKE AKE lz lz KEn nKE "" ""} {
            r config set notify-keyspace-events $given
            assert_equal [r config get notify-keyspace-events] [list notify-keyspace-events $shown] "from '$given'"
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag\$lshzxeKEtmdn'." {
            r config set notify-keyspace-events Kq
        }
        r config get notify-keyspace-events
    } {notify-keyspace-events {}}

    test {Multi-value parameters of subsystems not built yet} {
        set prefix "ERR CONFIG SET failed (possibly related to argument"
        r config set oom-score-adj-values "10 -20 2000"
        assert_equal [r config get oom-score-adj-values] {oom-score-adj-values {10 -20 2000}}
        assert_error "$prefix 'oom-score-adj-values') - wrong number of arguments" {r config set oom-score-adj-values "1 2"}
        assert_error "$prefix 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000." {
            r config set oom-score-adj-values "1 2 2001"
        }
        r config set oom-score-adj-values "0 200 800"
        r config set shutdown-on-sigterm "now nosave"
        assert_equal [r config get shutdown-on-sigterm] {shutdown-on-sigterm {nosave now}}
        assert_error "$prefix 'shutdown-on-sigterm') - shutdown options SAVE and NOSAVE can't be used simultaneously" {
            r config set shutdown-on-sigterm "save nosave"
        }
        r config set shutdown-on-sigterm default
        r config set latency-tracking-info-percentiles "50.5 99 100"
        assert_equal [r config get latency-tracking-info-percentiles] {latency-tracking-info-percentiles {50.5 99 100}}
        assert_error "$prefix 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between \\\[0.0,100.0\\\]" {
            r config set latency-tracking-info-percentiles "50 101"
        }
        assert_error "$prefix 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters" {
            r config set latency-tracking-info-percentiles "50 abc"
        }
        r config set latency-tracking-info-percentiles "50 99 99.9"
        r config get latency-tracking-info-percentiles
    } {latency-tracking-info-percentiles {50 99 99.9}}

    test {Old and new names of a pending parameter are one parameter} {
        r config set slave-priority 42
        assert_equal [r config get replica-priority] {replica-priority 42}
        r config set cluster-slave-validity-factor 7
        assert_equal [r config get cluster-replica-validity-factor] {cluster-replica-validity-factor 7}
        r config set replica-priority 100 cluster-replica-validity-factor 10
    } {OK}

    test {CONFIG SET bind moves the listeners} {
        assert_equal [r config get bind] {bind 127.0.0.1}
        assert_equal [r config set bind "127.0.0.1 -::1"] OK
        assert_equal [r config get bind] {bind {127.0.0.1 -::1}}
        set c [redis_client]
        assert_equal [$c ping] PONG
        $c close
        # An address that is not ours fails, and the old one stays.
        assert_error "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses." {
            r config set bind 192.0.2.1
        }
        assert_equal [r config get bind] {bind {127.0.0.1 -::1}}
        set c [redis_client]
        assert_equal [$c ping] PONG
        $c close
        assert_error "ERR CONFIG SET failed (possibly related to argument 'bind') - Too many bind addresses specified." {
            r config set bind "a b c d e f g h i j k l m n o p q"
        }
        r config set bind 127.0.0.1
        r config get bind
    } {bind 127.0.0.1} {external:skip}

    test {CONFIG SET port moves the listening socket} {
        set old [srv port]
        set new [next_free_port]
        assert_equal [r config set port $new] OK
        try {
            set c [redis 127.0.0.1 $new]
            assert_equal [$c ping] PONG
            assert_equal [$c config get port] [list port $new]
            assert_equal [info_field server tcp_port $c] $new
            # The old port no longer accepts connections.
            assert {[catch {close [socket 127.0.0.1 $old]}]}
            # The default client, connected before, keeps working.
            assert_equal [r ping] PONG
        } finally {
            r config set port $old
            catch {$c close}
        }
        assert_equal [r config get port] [list port $old]
        set c [redis_client]
        $c ping
    } {PONG} {external:skip}

    test {CONFIG SET port to a port in use fails and keeps the old one} {
        set busy [next_free_port]
        set listener [socket -server intro_ignore_accept -myaddr 127.0.0.1 $busy]
        try {
            assert_error "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs." {
                r config set port $busy
            }
        } finally {
            close $listener
        }
        assert_equal [r config get port] [list port [srv port]]
        set c [redis_client]
        $c ping
    } {PONG} {external:skip}

    test {CONFIG RESETSTAT resets the statistics} {
        r set reset:key 1
        r get reset:key
        r get reset:nokey
        catch {r nosuchcommand}
        assert {[info_field stats total_commands_processed] > 3}
        assert_equal [r config resetstat] OK
        # Only the INFO call itself was counted since.
        assert_equal [info_field stats total_commands_processed] 1
        assert_equal [info_field stats keyspace_hits] 0
        assert_equal [info_field stats keyspace_misses] 0
        assert_equal [info_field stats total_error_replies] 0
        assert_equal [r info errorstats] "# Errorstats\r\n"
        set cmdstats [r info commandstats]
        assert_no_match "*cmdstat_set:*" $cmdstats
        assert_no_match "*cmdstat_get:*" $cmdstats
        assert_error "ERR wrong number of arguments for 'config|resetstat' command" {r config resetstat x}
    }

    test {CONFIG HELP} {
        set help [r config help]
        assert_equal [lindex $help 0] "CONFIG <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:"
        foreach entry {{GET <pattern>} {SET <directive> <value>} RESETSTAT HELP} {
            assert {$entry in $help}
        }
        assert_equal [lindex $help end] "    Prints this help."
    }

    test {CONFIG without or with an unknown subcommand} {
        assert_error "ERR wrong number of arguments for 'config' command" {r config}
        assert_error "ERR unknown subcommand 'FOO'. Try CONFIG HELP." {r config FOO}
        assert_error "ERR unknown subcommand 'nosuch'. Try CONFIG HELP." {r config nosuch a b}
    }
}

proc intro_ignore_accept {sock args} { close $sock }

start_server {tags {"introspection info"}} {
    test {INFO: the default sections, in order} {
        set headers [info_headers [r info]]
        assert_equal $headers {{# Server} {# Clients} {# Memory} {# Persistence} {# Stats} {# Replication} {# CPU} {# Modules} {# Errorstats} {# Cluster} {# Keyspace}}
        assert_equal [info_headers [r info default]] $headers
    }

    test {INFO: chosen sections, any case, in the server's order} {
        assert_equal [info_headers [r info server]] {{# Server}}
        assert_equal [info_headers [r info SERVER]] {{# Server}}
        assert_equal [info_headers [r info clients server]] {{# Server} {# Clients}}
        assert_equal [info_headers [r info Clients CLIENTS]] {{# Clients}}
        assert_equal [info_headers [r info cpu keyspace]] {{# CPU} {# Keyspace}}
        assert_equal [info_headers [r info modules]] {{# Modules}}
    }

    test {INFO: sections are separated by one empty line} {
        set text [r info server clients]
        assert_match "# Server\r\n*\r\n\r\n# Clients\r\n*" $text
        assert_equal [string range $text end-1 end] "\r\n"
    }

    test {INFO all and INFO everything add commandstats and latencystats} {
        foreach arg {all everything} {
            assert_equal [info_headers [r info $arg]] \
                {{# Server} {# Clients} {# Memory} {# Persistence} {# Stats} {# Replication} {# CPU} {# Modules} {# Commandstats} {# Errorstats} {# Latencystats} {# Cluster} {# Keyspace}}
        }
        assert_equal [info_headers [r info all no-such-section]] [info_headers [r info all]]
        assert_equal [info_headers [r info default commandstats]] \
            {{# Server} {# Clients} {# Memory} {# Persistence} {# Stats} {# Replication} {# CPU} {# Modules} {# Commandstats} {# Errorstats} {# Cluster} {# Keyspace}}
    }

    test {INFO of an unknown section is empty} {
        assert_equal [r info no-such-section] ""
        assert_equal [info_headers [r info no-such-section keyspace]] {{# Keyspace}}
    }

    test {INFO: field names of the main sections} {
        set info [r info all]
        foreach field {
            redis_version redis_mode os arch_bits multiplexing_api process_id run_id
            tcp_port server_time_usec uptime_in_seconds uptime_in_days hz
            configured_hz lru_clock executable config_file
            connected_clients maxclients blocked_clients
            used_memory used_memory_human used_memory_rss used_memory_peak
            used_memory_peak_human total_system_memory maxmemory maxmemory_human
            maxmemory_policy mem_fragmentation_ratio mem_allocator
            loading rdb_changes_since_last_save aof_enabled
            total_connections_received total_commands_processed
            instantaneous_ops_per_sec total_net_input_bytes total_net_output_bytes
            rejected_connections expired_keys evicted_keys keyspace_hits
            keyspace_misses total_error_replies
            role connected_slaves master_replid
            used_cpu_sys used_cpu_user cluster_enabled
        } {
            assert_match "*\r\n$field:*" $info
        }
    }

    test {INFO: values of some fields} {
        assert_equal [info_field server redis_version] 7.0.15
        assert_equal [info_field server redis_mode] standalone
        assert_equal [info_field server tcp_port] [srv port]
        assert_equal [info_field clients maxclients] 10000
        assert_equal [info_field memory maxmemory] 0
        assert_equal [info_field memory maxmemory_human] 0B
        assert_equal [info_field memory maxmemory_policy] noeviction
        assert_match {*[BKMG]} [info_field memory used_memory_human]
        assert_equal [info_field replication role] master
        assert_equal [info_field cluster cluster_enabled] 0
        r config set maxmemory 10mb maxmemory-policy allkeys-lru
        assert_equal [info_field memory maxmemory] 10485760
        assert_equal [info_field memory maxmemory_human] 10.00M
        assert_equal [info_field memory maxmemory_policy] allkeys-lru
        r config set maxmemory 0 maxmemory-policy noeviction
    } {OK}

    test {INFO: keyspace_hits and keyspace_misses} {
        r config resetstat
        r set hits:key v
        r get hits:key
        r get hits:key
        r get hits:nokey
        assert_equal [info_field stats keyspace_hits] 2
        assert_equal [info_field stats keyspace_misses] 1
    }

    test {INFO: expired_keys counts keys removed by expiry} {
        r config resetstat
        r set exp:key v px 1
        wait_for_condition 100 10 {
            [r exists exp:key] == 0
        } else {
            fail "the key did not expire"
        }
        info_field stats expired_keys
    } {1}

    test {INFO keyspace: one line per non-empty database} {
        r flushall
        assert_equal [r info keyspace] "# Keyspace\r\n"
        r set k1 v
        r set k2 v
        r set k3 v ex 1000
        r select 10
        r set other v
        r select 9
        set text [r info keyspace]
        assert_match "*\r\ndb9:keys=3,expires=1,avg_ttl=*\r\n*" $text
        assert_match "*\r\ndb10:keys=1,expires=0,avg_ttl=0\r\n*" $text
        assert {[regexp {db9:keys=3,expires=1,avg_ttl=(\d+)\r\n} $text]}
        assert {[string first db9: $text] < [string first db10: $text]}
        r flushall
    } {OK}

    test {INFO clients: connected_clients follows connections} {
        # Wait for clients of earlier tests to be gone.
        wait_for_condition 100 10 {
            [info_field clients connected_clients] == 1
        } else {
            fail "unexpected clients: [r client list]"
        }
        set c [redis_client]
        assert_equal [info_field clients connected_clients] 2
        $c close
        wait_for_condition 100 10 {
            [info_field clients connected_clients] == 1
        } else {
            fail "connected_clients did not go back"
        }
    }

    test {INFO is a verbatim string in RESP3} {
        set c [redis_client]
        $c hello 3
        assert_match "# Server\r\n*" [$c info server]
        $c close
    }

    test {latencystats: percentiles of every command called} {
        r config resetstat
        for {set i 0} {$i < 10} {incr i} {
            r set lat:key $i
        }
        r get lat:key
        r config get maxmemory
        set text [r info latencystats]
        assert_match "# Latencystats\r\n*" $text
        set num {[0-9]+\.[0-9]{3}}
        assert {[regexp "\r\nlatency_percentiles_usec_set:p50=$num,p99=$num,p99\\.9=$num\r\n" $text]}
        assert {[regexp "\r\nlatency_percentiles_usec_get:p50=$num,p99=$num,p99\\.9=$num\r\n" $text]}
        assert {[regexp "\r\nlatency_percentiles_usec_config\\|get:p50=$num,p99=$num,p99\\.9=$num\r\n" $text]}
        # Percentiles never decrease.
        regexp {latency_percentiles_usec_set:p50=([0-9.]+),p99=([0-9.]+),p99.9=([0-9.]+)} $text -> p50 p99 p999
        assert {$p50 <= $p99 && $p99 <= $p999}
        assert_no_match "*latency_percentiles_usec_incr:*" $text
        # CONFIG RESETSTAT forgets them.
        r config resetstat
        assert_no_match "*latency_percentiles_usec_set:*" [r info latencystats]
    }

    test {latencystats: the percentiles shown follow latency-tracking-info-percentiles} {
        r config set latency-tracking-info-percentiles "0 50.5 100"
        r set lat:key v
        assert {[regexp {latency_percentiles_usec_set:p0=[0-9.]+,p50\.5=[0-9.]+,p100=[0-9.]+\r\n} [r info latencystats]]}
        r config set latency-tracking-info-percentiles ""
        assert_match "*\r\nlatency_percentiles_usec_set:\r\n*" [r info latencystats]
        r config set latency-tracking-info-percentiles "50 99 99.9"
        r config get latency-tracking-info-percentiles
    } {latency-tracking-info-percentiles {50 99 99.9}}

    test {latencystats: nothing is tracked with latency-tracking no} {
        r config set latency-tracking no
        assert_equal [r info latencystats] "# Latencystats\r\n"
        r config resetstat
        r set lat:key v
        r config set latency-tracking yes
        assert_no_match "*latency_percentiles_usec_set:*" [r info latencystats]
        r set lat:key v
        assert_match "*latency_percentiles_usec_set:*" [r info latencystats]
    }

    test {errorstats: error codes are counted} {
        r config resetstat
        catch {r nosuchcommand}
        assert_match "*\r\nerrorstat_ERR:count=1\r\n*" [r info errorstats]
        catch {r get}
        catch {r hello 4}
        set text [r info errorstats]
        assert_match "*errorstat_ERR:count=2\r\n*" $text
        assert_match "*errorstat_NOPROTO:count=1\r\n*" $text
        catch {r auth nosuchuser pass}
        assert_match "*errorstat_WRONGPASS:count=1\r\n*" [r info errorstats]
        assert_equal [info_field stats total_error_replies] 4
    }

    test {errorstats: codes from DEBUG ERROR are not counted} {
        r config resetstat
        assert_error "WRONGTYPE my own text" {r debug error "WRONGTYPE my own text"}
        assert_error "MYCODE x y" {r debug error "MYCODE x y"}
        assert_equal [r info errorstats] "# Errorstats\r\n"
        assert_equal [info_field stats total_error_replies] 0
    } {} {needs:debug}

    test {commandstats: calls, rejected calls and failed calls} {
        r config resetstat
        r set cs:a 1
        r set cs:b 2
        r get cs:a
        catch {r get}
        catch {r get a b}
        r set cs:str abc
        catch {r incr cs:str}
        set text [r info commandstats]
        assert_match "*\r\ncmdstat_set:calls=3,usec=*,usec_per_call=*,rejected_calls=0,failed_calls=0\r\n*" $text
        assert_match "*\r\ncmdstat_get:calls=1,usec=*,usec_per_call=*,rejected_calls=2,failed_calls=0\r\n*" $text
        assert_match "*\r\ncmdstat_incr:calls=1,usec=*,usec_per_call=*,rejected_calls=0,failed_calls=1\r\n*" $text
        assert {[regexp {cmdstat_set:calls=3,usec=(\d+),usec_per_call=(\d+\.\d\d),} $text]}
    }

    test {commandstats: subcommands are counted under their full name} {
        r config resetstat
        r config get maxmemory
        r client id
        catch {r config get}
        set text [r info commandstats]
        assert_match "*\r\ncmdstat_config|get:calls=1,*rejected_calls=1,failed_calls=0\r\n*" $text
        assert_match "*\r\ncmdstat_client|id:calls=1,*" $text
        assert_match "*\r\ncmdstat_config|resetstat:calls=1,*" $text
        # Unknown commands have no entry.
        catch {r nosuchcommand}
        assert_no_match "*nosuchcommand*" [r info commandstats]
    }

    test {commandstats: commands rejected before authentication} {
        r config resetstat
        r config set requirepass stats-pass
        try {
            set c [redis_client]
            catch {$c ping}
            assert_match "*\r\nerrorstat_NOAUTH:count=*" [r info errorstats]
            assert_match "*\r\ncmdstat_ping:calls=0,*,rejected_calls=1,failed_calls=0*" [r info commandstats]
            $c close
        } finally {
            r config set requirepass ""
        }
    }
}

start_server {tags {"introspection command"}} {
    test {COMMAND COUNT is the number of top-level commands} {
        set count [r command count]
        assert {[string is integer -strict $count] && $count > 0}
        set list [r command list]
        set toplevel [lsearch -all -inline -not $list "*|*"]
        assert_equal [llength $toplevel] $count
        assert_equal [llength [r command]] $count
        assert_error "ERR wrong number of arguments for 'command|count' command" {r command count x}
    }

    test {COMMAND INFO of GET} {
        r command info get
    } {{get 2 {readonly fast} 1 1 1 {@read @string @fast} {} {{flags {RO access} begin_search {type index spec {index 1}} find_keys {type range spec {lastkey 0 keystep 1 limit 0}}}} {}}}

    test {COMMAND INFO of SET, with its key spec notes} {
        r command info set
    } {{set -3 {write denyoom} 1 1 1 {@write @string @slow} {} {{notes {RW and ACCESS due to the optional `GET` argument} flags {RW access update variable_flags} begin_search {type index spec {index 1}} find_keys {type range spec {lastkey 0 keystep 1 limit 0}}}} {}}}

    test {COMMAND INFO of MSET, with tips and a key step} {
        r command info mset
    } {{mset -3 {write denyoom} 1 -1 2 {@write @string @slow} {request_policy:multi_shard response_policy:all_succeeded} {{flags {OW update} begin_search {type index spec {index 1}} find_keys {type range spec {lastkey -1 keystep 2 limit 0}}}} {}}}

    test {COMMAND INFO of connection commands} {
        assert_equal [r command info echo] {{echo 2 {loading stale fast} 0 0 0 {@fast @connection} {} {} {}}}
        assert_equal [r command info hello] {{hello -1 {noscript loading stale fast no_auth allow_busy} 0 0 0 {@fast @connection} {} {} {}}}
    }

    test {COMMAND INFO of a subcommand, by its full name} {
        assert_equal [r command info config|get] {{config|get -3 {admin noscript loading stale} 0 0 0 {@admin @slow @dangerous} {} {} {}}}
        assert_equal [r command info CONFIG|GET] [r command info config|get]
    }

    test {COMMAND INFO of a container command lists its subcommands} {
        set info [lindex [r command info config] 0]
        assert_equal [lrange $info 0 8] {config -2 {} 0 0 0 @slow {} {}}
        set subs {}
        foreach sub [lindex $info 9] { dict set subs [lindex $sub 0] $sub }
        assert_equal [dict get $subs config|set] {config|set -4 {admin noscript loading stale} 0 0 0 {@admin @slow @dangerous} {request_policy:all_nodes response_policy:all_succeeded} {} {}}
        assert_equal [dict get $subs config|help] {config|help 2 {loading stale} 0 0 0 @slow {} {} {}}
        foreach name {config|get config|set config|resetstat config|help} {
            assert {[dict exists $subs $name]}
        }
    }

    test {COMMAND INFO of unknown names gives nulls in place} {
        assert_equal [r command info nosuch] {{}}
        assert_equal [r command info config|nosuch] {{}}
        assert_equal [r command info get|x] {{}}
        set reply [r command info get nosuch echo]
        assert_equal [llength $reply] 3
        assert_equal [lindex $reply 1] {}
        assert_equal [lindex [lindex $reply 2] 0] echo
    }

    test {COMMAND INFO without names describes every command} {
        assert_equal [llength [r command info]] [r command count]
    }

    test {COMMAND DOCS of GET} {
        r command docs get
    } {get {summary {Get the value of a key} since 1.0.0 group string complexity O(1) arguments {{name key type key key_spec_index 0}}}}

    test {COMMAND DOCS of SET: history and nested arguments} {
        r command docs set
    } {set {summary {Set the string value of a key} since 1.0.0 group string complexity O(1) history {{2.6.12 {Added the `EX`, `PX`, `NX` and `XX` options.}} {6.0.0 {Added the `KEEPTTL` option.}} {6.2.0 {Added the `GET`, `EXAT` and `PXAT` option.}} {7.0.0 {Allowed the `NX` and `GET` options to be used together.}}} arguments {{name key type key key_spec_index 0} {name value type string} {name condition type oneof since 2.6.12 flags optional arguments {{name nx type pure-token token NX} {name xx type pure-token token XX}}} {name get type pure-token token GET since 6.2.0 flags optional} {name expiration type oneof flags optional arguments {{name seconds type integer token EX since 2.6.12} {name milliseconds type integer token PX since 2.6.12} {name unix-time-seconds type unix-time token EXAT since 6.2.0} {name unix-time-milliseconds type unix-time token PXAT since 6.2.0} {name keepttl type pure-token token KEEPTTL since 6.0.0}}}}}}

    test {COMMAND DOCS of connection commands} {
        assert_equal [r command docs ping] {ping {summary {Ping the server} since 1.0.0 group connection complexity O(1) arguments {{name message type string flags optional}}}}
        assert_equal [r command docs hello] {hello {summary {Handshake with Redis} since 6.0.0 group connection complexity O(1) history {{6.2.0 {`protover` made optional; when called without arguments the command reports the current connection's context.}}} arguments {{name arguments type block flags optional arguments {{name protover type integer} {name username_password type block token AUTH flags optional arguments {{name username type string} {name password type string}}} {name clientname type string token SETNAME flags optional}}}}}}
        assert_equal [r command docs config|set] {config|set {summary {Set configuration parameters to the given values} since 2.0.0 group server complexity {O(N) when N is the number of configuration parameters provided} history {{7.0.0 {Added the ability to set multiple parameters in one call.}}} arguments {{name parameter_value type block flags multiple arguments {{name parameter type string} {name value type string}}}}}}
    }

    test {COMMAND DOCS skips unknown names; several names give a map} {
        assert_equal [r command docs nosuch] {}
        set docs [r command docs get nosuch echo]
        assert_equal [dict keys $docs] {get echo}
        assert_equal [dict get $docs echo] {summary {Echo the given string} since 1.0.0 group connection complexity O(1) arguments {{name message type string}}}
    }

    test {COMMAND DOCS of a container lists its subcommands' docs} {
        set docs [dict get [r command docs config] config]
        assert_equal [dict get $docs summary] {A container for server configuration commands}
        assert_equal [dict get $docs group] server
        set subs [dict get $docs subcommands]
        assert_equal [dict get $subs config|help] {summary {Show helpful text about the different subcommands} since 5.0.0 group server complexity O(1)}
        assert {[dict exists $subs config|get]}
    }

    test {COMMAND DOCS is a map in RESP3} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_equal [$c command docs get] "%1"
        assert_equal [$c read] "\$3"
        assert_equal [$c read] get
        assert_equal [$c read] "%5"
        $c close
    }

    test {COMMAND LIST FILTERBY PATTERN} {
        assert_equal [lsort [r command list filterby pattern {config|[gs]et}]] {config|get config|set}
        assert_equal [r command list filterby pattern ping] {ping}
        assert_equal [r command list filterby pattern PING] {ping}
        set all [r command list filterby pattern *]
        assert_equal [lsort $all] [lsort [r command list]]
        assert {"client|setname" in $all}
        assert_equal [r command list filterby pattern no-such-*] {}
    }

    test {COMMAND LIST FILTERBY ACLCAT} {
        set conn [r command list filterby aclcat connection]
        foreach cmd {ping echo hello auth select client|id client|setname command|info} {
            assert {$cmd in $conn}
        }
        assert {"get" ni $conn}
        set strings [r command list filterby aclcat string]
        foreach cmd {get set incr mget} {
            assert {$cmd in $strings}
        }
        assert_equal [lsort [r command list filterby aclcat STRING]] [lsort $strings]
        assert_equal [r command list filterby aclcat no-such-category] {}
    }

    test {COMMAND LIST FILTERBY MODULE and syntax errors} {
        assert_equal [r command list filterby module no-such-module] {}
        assert_error "ERR syntax error" {r command list filterby}
        assert_error "ERR syntax error" {r command list filterby pattern}
        assert_error "ERR syntax error" {r command list filterby foo bar}
        assert_error "ERR syntax error" {r command list filterby pattern a b}
        assert_error "ERR syntax error" {r command list foo}
    }

    test {COMMAND GETKEYS} {
        assert_equal [r command getkeys set k v] {k}
        assert_equal [r command getkeys set k v ex 10] {k}
        assert_equal [r command getkeys mset a 1 b 2 c 3] {a b c}
        assert_equal [r command getkeys get k] {k}
        assert_equal [r command getkeys mget a b c] {a b c}
        assert_equal [r command getkeys GET k] {k}
    }

    test {COMMAND GETKEYS errors} {
        assert_error "ERR wrong number of arguments for 'command|getkeys' command" {r command getkeys}
        assert_error "ERR wrong number of arguments for 'command|getkeys' command" {r command getkeys get}
        assert_error "ERR Invalid number of arguments specified for command" {r command getkeys get a b}
        assert_error "ERR Invalid number of arguments specified for command" {r command getkeys set a}
        assert_error "ERR Invalid command specified" {r command getkeys nosuch a}
        assert_error "ERR Invalid command specified" {r command getkeys config nosuch}
        assert_error "ERR The command has no key arguments" {r command getkeys echo a}
        assert_error "ERR The command has no key arguments" {r command getkeys config get maxmemory}
    }

    test {COMMAND GETKEYSANDFLAGS} {
        assert_equal [r command getkeysandflags get k] {{k {RO access}}}
        assert_equal [r command getkeysandflags set k v] {{k {OW update}}}
        assert_equal [r command getkeysandflags set k v get] {{k {RW access update}}}
        assert_equal [r command getkeysandflags set k v GET ex 10] {{k {RW access update}}}
        assert_equal [r command getkeysandflags mset a 1 b 2] {{a {OW update}} {b {OW update}}}
        assert_error "ERR The command has no key arguments" {r command getkeysandflags ping x}
    }

    test {COMMAND HELP} {
        set help [r command help]
        assert_equal [lindex $help 0] "COMMAND <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:"
        foreach entry {COUNT LIST {GETKEYS <full-command>} {GETKEYSANDFLAGS <full-command>} HELP} {
            assert {$entry in $help}
        }
        assert_equal [lindex $help end] "    Prints this help."
    }

    test {COMMAND with an unknown subcommand} {
        assert_error "ERR unknown subcommand 'FOO'. Try COMMAND HELP." {r command FOO}
    }

    test {Unknown commands: the error quotes the name and the first arguments} {
        assert_error "ERR unknown command 'nosuchcmd', with args beginning with: " {r nosuchcmd}
        assert_error "ERR unknown command 'NoSuchCmd', with args beginning with: 'a' 'b c' " {r NoSuchCmd a "b c"}
        # At most 128 characters of arguments are quoted.
        set err ""
        catch {r nosuchcmd [string repeat a 100] [string repeat b 100] [string repeat c 10]} err
        assert_equal $err "ERR unknown command 'nosuchcmd', with args beginning with: '[string repeat a 100]' '[string repeat b 25]' "
        catch {r nosuchcmd [string repeat z 300]} err
        assert_equal $err "ERR unknown command 'nosuchcmd', with args beginning with: '[string repeat z 128]' "
        # Long names are cut too.
        catch {r [string repeat y 200] arg} err
        assert_equal $err "ERR unknown command '[string repeat y 128]', with args beginning with: 'arg' "
    }

    test {Wrong number of arguments: commands and subcommands} {
        assert_error "ERR wrong number of arguments for 'get' command" {r get}
        assert_error "ERR wrong number of arguments for 'get' command" {r get a b}
        assert_error "ERR wrong number of arguments for 'set' command" {r set a}
        assert_error "ERR wrong number of arguments for 'mset' command" {r mset a}
        assert_error "ERR wrong number of arguments for 'config|get' command" {r config get}
        assert_error "ERR wrong number of arguments for 'config|set' command" {r config set x}
        assert_error "ERR wrong number of arguments for 'client|setname' command" {r client setname}
        assert_error "ERR wrong number of arguments for 'command|getkeys' command" {r command getkeys}
    }

    test {Wrong number of arguments: names are reported in lowercase} {
        assert_error "ERR wrong number of arguments for 'get' command" {r GET}
        assert_error "ERR wrong number of arguments for 'config|get' command" {r CONFIG GET}
        assert_error "ERR wrong number of arguments for 'client|setname' command" {r Client SetName}
    }
}

start_server {tags {"introspection needs:debug"}} {
    test {DEBUG HELP and unknown subcommands} {
        set help [r debug help]
        assert_equal [lindex $help 0] "DEBUG <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:"
        assert {"PROTOCOL <type>" in $help}
        assert {"SLEEP <seconds>" in $help}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'NOSUCH'. Try DEBUG HELP." {r debug NOSUCH}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'protocol'. Try DEBUG HELP." {r debug protocol}
        assert_error "ERR wrong number of arguments for 'debug' command" {r debug}
    }

    test {DEBUG LOG writes to the server log} {
        r debug log "a line from the introspection test"
        wait_for_log_pattern "*DEBUG LOG: a line from the introspection test*"
    } {} {external:skip}
}

start_server {tags {"introspection external:skip"} overrides {enable-debug-command no}} {
    test {DEBUG is refused when enable-debug-command is no} {
        assert_error "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server." {
            r debug help
        }
        assert_equal [r config get enable-debug-command] {enable-debug-command no}
        # Refusals are counted as rejected calls.
        assert_match "*cmdstat_debug:calls=0,*rejected_calls=1,*" [r info commandstats]
    }
}

start_server {tags {"introspection external:skip"} overrides {enable-debug-command local}} {
    test {DEBUG is allowed from a local connection with enable-debug-command local} {
        r debug protocol integer
    } {12345}
}

start_server {tags {"introspection external:skip"} overrides {enable-protected-configs local}} {
    test {Protected configs can be set from a local connection with enable-protected-configs local} {
        set dir [lindex [r config get dir] 1]
        assert_equal [r config set dir $dir] OK
        assert_equal [r config set dbfilename other.rdb] OK
        r config get dbfilename
    } {dbfilename other.rdb}
}

start_server {tags {"introspection external:skip"} overrides {enable-protected-configs yes}} {
    test {Protected configs can be set with enable-protected-configs yes} {
        assert_equal [r config set dbfilename again.rdb] OK
        assert_error "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory" {
            r config set dir /no/such/directory/here
        }
        r config get dbfilename
    } {dbfilename again.rdb}
}

start_server {tags {"introspection external:skip"}} {
    test {Start-up log lines} {
        foreach line {
            "*Redis version=7.0.15*"
            "*Configuration loaded*"
            "*Server initialized*"
            "*Ready to accept connections*"
        } {
            wait_for_log_pattern $line
        }
    }

    test {SHUTDOWN argument errors leave the server running} {
        assert_error "ERR syntax error" {r shutdown foo}
        assert_error "ERR syntax error" {r shutdown nosave save}
        assert_error "ERR No shutdown in progress." {r shutdown abort}
        r ping
    } {PONG}

    test {SHUTDOWN stops the server} {
        set pid [srv pid]
        catch {r shutdown nosave} err
        # No reply: the connection is simply closed.
        assert_match "*connection closed*" $err
        wait_for_condition 100 50 {
            ![pid_alive $pid]
        } else {
            fail "the server did not exit"
        }
        wait_for_log_pattern "*User requested shutdown...*"
        wait_for_log_pattern "*Redis is now ready to exit, bye bye...*"
    }
}

test {bind "" with no unix socket leaves nothing to listen on: start-up fails} {
    catch {exec $::opt(server_binary) --port 21999 --bind "" --save "" 2>@1} out
    assert_match "*Configured to not listen anywhere, exiting.*" $out
} {} {external:skip}

test {A bad directive at start-up fails with the line and the reason} {
    catch {
        start_server {overrides {no-such-directive yes}} {
            fail "the server must not start"
        }
    } err
    assert_match "*failed to start the server*" $err
    assert_match "*FATAL CONFIG FILE ERROR*" $err
    assert_match "*>>> 'no-such-directive yes'*" $err
    assert_match "*Bad directive or wrong number of arguments*" $err
} {} {external:skip}

test {A bad value at start-up fails with the parameter's error} {
    catch {
        start_server {overrides {maxmemory lots}} {
            fail "the server must not start"
        }
    } err
    assert_match "*>>> 'maxmemory lots'*" $err
    assert_match "*argument must be a memory value*" $err
    catch {
        start_server {overrides {maxmemory-policy nosuch}} {
            fail "the server must not start"
        }
    } err
    assert_match "*argument(s) must be one of the following: volatile-lru*" $err
} {} {external:skip}

start_server {tags {"introspection external:skip"} args {--maxmemory 5mb --maxmemory-policy allkeys-lru --timeout 123}} {
    test {Command line arguments (--name value) override the config file} {
        set cfg [r config get *]
        assert_equal [dict get $cfg maxmemory] 5242880
        assert_equal [dict get $cfg maxmemory-policy] allkeys-lru
        assert_equal [dict get $cfg timeout] 123
    }
}

test {--port on the command line, without a config file} {
    lassign [start_bare_server] pid port dir
    set c [redis 127.0.0.1 $port]
    assert_equal [$c config get port] [list port $port]
    assert_equal [info_field server tcp_port $c] $port
    assert_equal [info_field server config_file $c] ""
    stop_bare_server $c $pid $dir
} {} {external:skip}
