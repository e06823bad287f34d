# A fake server for testing the Tcl client's protocol parser.
#
#   tclsh tests/helpers/resp_replay.tcl PORT FILE
#
# Listens on 127.0.0.1:PORT; every connecting client is sent the bytes of
# FILE once, and whatever it sends is ignored until it disconnects.

lassign $argv port path
set fd [open $path r]
fconfigure $fd -translation binary
set payload [read $fd]
close $fd

proc accept {sock addr port} {
    fconfigure $sock -translation binary -blocking 0
    puts -nonewline $sock $::payload
    flush $sock
    fileevent $sock readable [list drain $sock]
}

proc drain {sock} {
    read $sock
    if {[eof $sock]} { close $sock }
}

socket -server accept -myaddr 127.0.0.1 $port
vwait forever
