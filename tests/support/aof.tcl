# Reading the append only file of the server under test (`r`): its
# directory and manifest, the incr file new writes go to, and the commands
# a piece of test code appended to it.  Used by unit/aof.tcl,
# check-tools.tcl, scripting.tcl and functions.tcl.

proc aof_dir {} {
    file join [lindex [r config get dir] 1] [lindex [r config get appenddirname] 1]
}

proc aof_read_bytes {path} {
    set fd [open $path rb]
    set data [read $fd]
    close $fd
    return $data
}

proc aof_write_bytes {path data {mode wb}} {
    set fd [open $path $mode]
    puts -nonewline $fd $data
    close $fd
}

# The manifest's lines.
proc aof_manifest {} {
    set prefix [lindex [r config get appendfilename] 1]
    split [string trimright [aof_read_bytes [file join [aof_dir] $prefix.manifest]] "\n"] "\n"
}

# The path of the incr file new writes go to (the manifest's last line).
proc aof_current_incr {} {
    set last [lindex [aof_manifest] end]
    file join [aof_dir] [lindex $last 1]
}

# Parse RESP commands: a list of commands, each a list of arguments.
proc aof_parse {data} {
    set cmds {}
    set pos 0
    set len [string length $data]
    while {$pos < $len} {
        set eol [string first "\r\n" $data $pos]
        set n [string range $data [expr {$pos + 1}] [expr {$eol - 1}]]
        set pos [expr {$eol + 2}]
        set cmd {}
        for {set j 0} {$j < $n} {incr j} {
            set eol [string first "\r\n" $data $pos]
            set blen [string range $data [expr {$pos + 1}] [expr {$eol - 1}]]
            set pos [expr {$eol + 2}]
            lappend cmd [string range $data $pos [expr {$pos + $blen - 1}]]
            set pos [expr {$pos + $blen + 2}]
        }
        lappend cmds $cmd
    }
    return $cmds
}

# Run `script` and return the commands it appended to the AOF, each joined
# with spaces (or each a list of its arguments with as_lists), SELECTs left
# out unless keep_select.
proc aof_appended {script {keep_select 0} {as_lists 0}} {
    set path [aof_current_incr]
    set before [file size $path]
    uplevel 1 $script
    set data [string range [aof_read_bytes $path] $before end]
    set out {}
    foreach cmd [aof_parse $data] {
        if {!$keep_select && [string equal -nocase [lindex $cmd 0] select]} continue
        lappend out [expr {$as_lists ? $cmd : [join $cmd " "]}]
    }
    return $out
}

# Each command of `got` must match the glob pattern at the same place.
proc assert_aof_match {patterns got} {
    assert_equal [llength $got] [llength $patterns] "commands: $got"
    foreach p $patterns g $got { assert_match $p $g }
}
