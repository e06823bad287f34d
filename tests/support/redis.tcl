# A small Redis client written in plain Tcl for the test suite.
#
#   set r [redis 127.0.0.1 6379]      ;# blocking client
#   $r set foo bar                    ;# -> OK
#   $r get foo                        ;# -> bar
#   catch {$r nosuchcmd} e            ;# e -> "ERR unknown command ..."
#
# Handle methods (everything else is sent to the server as a command):
#   $r deferred 0|1   in deferred mode commands are only written (and
#                     flushed); replies are fetched later with `$r read`
#   $r read           read one reply
#   $r write DATA     write raw bytes (not flushed); `$r flush` sends them
#   $r readraw 0|1    `$r read` (and commands) return one raw protocol line
#                     at a time, e.g. "+OK", "$3", "foo", "*2"
#   $r protocol       2 or 3: follows successful HELLO commands
#   $r attributes     the last RESP3 attribute map seen (flat list)
#   $r close          close the connection and destroy the handle
#   $r reconnect      open a new connection to the same address
#   $r channel        the underlying Tcl socket
#   $r host / $r port
#
# Reply mapping: simple strings, bulk strings, integers, doubles and big
# numbers become plain Tcl strings; nulls become {}; booleans 1/0; arrays,
# sets and push messages become lists; maps become flat key/value lists;
# verbatim strings lose their "txt:" prefix; attributes are remembered and
# skipped.  Errors (- and !) are raised as Tcl errors whose message is the
# error text.  An error nested inside an aggregate (e.g. in an EXEC reply)
# is raised only after the whole aggregate was read, so the connection
# stays in sync.
#
# Arguments are sent as raw bytes (chars 0-255).  An argument containing
# characters above \u00ff is sent UTF-8 encoded.  Replies are returned as
# raw bytes.

namespace eval ::redis {
    variable next_id 0
    variable state   ;# array: $id,field -> value
    array set state {}
}

proc redis {{host 127.0.0.1} {port 6379} {deferred 0}} {
    set id [incr ::redis::next_id]
    set ::redis::state($id,host) $host
    set ::redis::state($id,port) $port
    set ::redis::state($id,deferred) $deferred
    set ::redis::state($id,readraw) 0
    set ::redis::state($id,protocol) 2
    set ::redis::state($id,attributes) {}
    set ::redis::state($id,fd) [::redis::connect $host $port]
    set handle ::redis::handle$id
    interp alias {} $handle {} ::redis::dispatch $id
    return $handle
}

proc ::redis::connect {host port} {
    set fd [socket $host $port]
    # A large buffer: a big argument goes out in one write, not in 4 KB
    # pieces that Nagle and delayed ACKs would hold back.
    fconfigure $fd -translation binary -blocking 1 -buffering full -buffersize 1048576
    return $fd
}

proc ::redis::dispatch {id method args} {
    variable state
    if {![info exists state($id,fd)]} {
        error "redis client $id is closed"
    }
    set fd $state($id,fd)
    switch -exact -- $method {
        deferred   { set state($id,deferred) [lindex $args 0]; return }
        readraw    { set state($id,readraw) [lindex $args 0]; return }
        protocol   { return $state($id,protocol) }
        attributes { return $state($id,attributes) }
        channel    { return $fd }
        host       { return $state($id,host) }
        port       { return $state($id,port) }
        read       { return [read_reply $id] }
        write      { puts -nonewline $fd [lindex $args 0]; return }
        flush      { flush $fd; return }
        close {
            catch {close $fd}
            array unset state $id,*
            interp alias {} ::redis::handle$id {}
            return
        }
        reconnect {
            catch {close $fd}
            set state($id,fd) [connect $state($id,host) $state($id,port)]
            set state($id,protocol) 2
            return
        }
    }
    # Anything else is a command for the server.
    set cmd [encode_command [linsert $args 0 $method]]
    if {[catch {puts -nonewline $fd $cmd; flush $fd} err]} {
        error "I/O error writing command: $err"
    }
    if {$state($id,deferred)} return
    set reply [read_reply $id]
    # Track the protocol selected by HELLO.
    if {[string equal -nocase $method hello] && [llength $args] > 0 &&
        [string is integer -strict [lindex $args 0]]} {
        set state($id,protocol) [lindex $args 0]
    }
    return $reply
}

# Build the RESP array of bulk strings for a command.
proc ::redis::encode_command {argv} {
    set out "*[llength $argv]\r\n"
    foreach a $argv {
        if {[regexp {[^\u0000-\u00ff]} $a]} {
            set a [encoding convertto utf-8 $a]
        }
        append out "\$[string length $a]\r\n$a\r\n"
    }
    return $out
}

proc ::redis::read_line {fd} {
    if {[gets $fd line] < 0} {
        if {[eof $fd]} {
            error "I/O error reading reply: connection closed by server"
        }
        error "I/O error reading reply"
    }
    return [string trimright $line "\r"]
}

proc ::redis::read_bulk {fd len} {
    set data [read $fd [expr {$len + 2}]]
    if {[string length $data] != $len + 2} {
        error "I/O error reading reply: short bulk payload"
    }
    return [string range $data 0 end-2]
}

proc ::redis::read_reply {id} {
    variable state
    set fd $state($id,fd)
    if {$state($id,readraw)} {
        return [read_line $fd]
    }
    # parse_reply returns {kind value}; kind is "ok" or "err".
    lassign [parse_reply $id $fd] kind value
    if {$kind eq "err"} {
        return -code error $value
    }
    return $value
}

# Parse one reply.  Errors are returned as {err message} (never raised) so
# that aggregates can always be read to the end.
proc ::redis::parse_reply {id fd} {
    variable state
    set line [read_line $fd]
    set type [string index $line 0]
    set rest [string range $line 1 end]
    switch -exact -- $type {
        + - : - ( { return [list ok $rest] }
        , { return [list ok $rest] }
        - { return [list err $rest] }
        _ { return [list ok {}] }
        # { return [list ok [expr {$rest eq "t" ? 1 : 0}]] }
        $ {
            if {$rest < 0} { return [list ok {}] }
            return [list ok [read_bulk $fd $rest]]
        }
        ! { return [list err [read_bulk $fd $rest]] }
        = {
            set s [read_bulk $fd $rest]
            # Verbatim strings start with a 3 letter format and a colon.
            if {[string index $s 3] eq ":"} { set s [string range $s 4 end] }
            return [list ok $s]
        }
        * - ~ - > {
            if {$rest < 0} { return [list ok {}] }
            return [parse_aggregate $id $fd $rest]
        }
        % { return [parse_aggregate $id $fd [expr {$rest * 2}]] }
        | {
            lassign [parse_aggregate $id $fd [expr {$rest * 2}]] kind attrs
            set state($id,attributes) $attrs
            # The attribute decorates the reply that follows it.
            return [parse_reply $id $fd]
        }
        default {
            error "Protocol error: unexpected reply line '$line'"
        }
    }
}

proc ::redis::parse_aggregate {id fd count} {
    set items {}
    set firsterr {}
    set failed 0
    for {set i 0} {$i < $count} {incr i} {
        lassign [parse_reply $id $fd] kind value
        if {$kind eq "err" && !$failed} {
            set failed 1
            set firsterr $value
        }
        lappend items $value
    }
    if {$failed} { return [list err $firsterr] }
    return [list ok $items]
}
