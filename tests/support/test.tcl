# The `test` command, tag handling and assertions.
#
#   test {name} {code} ?expected? ?tags?
#       Runs code.  It passes when the code raises no error and, if
#       `expected` is given, its result equals `expected` (or matches it as
#       a glob pattern).  A failing assertion or any other Tcl error fails
#       only this test: the failure (file, name, message) is reported and
#       the file goes on with the next command after the test.
#   tags {list} {code}
#       Runs code with extra tags; tags also come from start_server blocks.
#
# Results are sent to the coordinator by `harness_report` (test_helper.tcl).

set ::tags {}           ;# tags of the enclosing blocks
set ::in_test 0         ;# 1 while a test body runs
set ::current_test {}
set ::test_location {}  ;# {file line} of the running test, if known

# Decide whether something carrying `tags` may run.  Returns {} when it may,
# otherwise a reason; the reason starts with "skip:" when it was explicitly
# excluded (counted as skipped) and "filter:" when it just does not match
# the --tags include list (not counted).
proc tags_verdict {tags} {
    foreach t $tags {
        if {$t in $::opt(deny_tags)} { return "skip: tag '$t' excluded" }
    }
    if {$::opt(external) && "external:skip" in $tags} {
        return "skip: not supported against an external server"
    }
    if {[llength $::opt(allow_tags)]} {
        foreach t $tags {
            if {$t in $::opt(allow_tags)} { return {} }
        }
        return "filter: no tag from --tags"
    }
    return {}
}

proc tags {tags code} {
    set saved $::tags
    lappend ::tags {*}[concat {*}$tags]
    set verdict [tags_verdict $::tags]
    if {[string match skip:* $verdict]} {
        set ::tags $saved
        harness_report skip "tags {$tags} block" [string range $verdict 6 end]
        return
    }
    set rc [catch {uplevel 1 $code} result options]
    set ::tags $saved
    return -options $options $result
}

proc test {name code {expected __no_expected_value__} {testtags {}}} {
    if {[llength $::opt(only)]} {
        set hit 0
        foreach pattern $::opt(only) {
            if {[string match $pattern $name]} { set hit 1; break }
        }
        if {!$hit} return
    }
    set verdict [tags_verdict [concat $::tags {*}$testtags]]
    if {[string match skip:* $verdict]} {
        harness_report skip $name [string range $verdict 6 end]
        return
    }
    if {$verdict ne {}} return

    harness_report testing $name
    set ::test_location [code_location]
    set ::in_test 1
    set ::current_test $name
    set start [clock milliseconds]
    set rc [catch {uplevel 1 $code} result options]
    set ::in_test 0
    set ::current_test {}
    set elapsed [expr {[clock milliseconds] - $start}]

    if {$rc == 1} {
        if {[lindex [dict get $options -errorcode] 0] eq "ASSERTION"} {
            harness_report err $name $result
        } else {
            set msg "Tcl error: $result"
            if {$::opt(verbose)} {
                append msg "\n[dict get $options -errorinfo]"
            } else {
                append msg " ([test_error_location $options])"
            }
            harness_report err $name $msg
        }
    } elseif {$rc == 0 || $rc == 2} {
        if {$expected eq "__no_expected_value__" || $expected eq $result ||
            [string match $expected $result]} {
            harness_report ok $name $elapsed
        } else {
            harness_report err $name \
                "Expected '$expected' but got '$result'"
        }
    } else {
        harness_report err $name "test body ended with break/continue"
    }
}

# A short "file:line" for where an unexpected error came from.
proc test_error_location {options} {
    set info [dict get $options -errorinfo]
    if {[llength $::test_location] &&
        [regexp {\("uplevel" body line (\d+)\)\n\s*invoked from within\n"uplevel 1 \$code"\s*$} $info -> n]} {
        lassign $::test_location f line
        return "$f:[expr {$line + $n - 1}]"
    }
    if {[regexp {\(file "([^"]+)" line (\d+)\)} $info -> f n]} {
        return "[file tail $f]:$n"
    }
    return "[lindex [split $info \n] 2]"
}

# ---------------------------------------------------------------- asserts

# Where in the test file the caller is, as {file line}, or {} if unknown.
# Tcl reports lines inside block bodies (start_server, tags, test) relative
# to the body, whose first line is the line of the block's command; so the
# innermost relative line of each nesting level is added up until a frame
# with a real file position is found.  Frames of the harness' own files
# separate nesting levels and are skipped.
proc code_location {} {
    set offset 0
    set need_line 1
    for {set level [expr {[info frame] - 1}]} {$level > 0} {incr level -1} {
        set frame [info frame $level]
        if {![dict exists $frame line]} continue
        set line [dict get $frame line]
        if {[dict exists $frame file]} {
            set f [file normalize [dict get $frame file]]
            if {[string first $::support_dir/ $f] == 0 ||
                [file tail $f] eq "test_helper.tcl"} {
                set need_line 1
                continue
            }
            return [list [file tail $f] [expr {$line + $offset}]]
        }
        if {$need_line && [dict get $frame type] eq "eval" &&
            [dict exists $frame proc] &&
            [dict get $frame proc] in {::test ::tags ::start_server}} {
            incr offset [expr {$line - 1}]
            set need_line 0
        }
    }
    return {}
}

proc assert_context {} {
    set loc [code_location]
    if {$loc eq {}} { return "" }
    return " ([join $loc :])"
}

proc fail {msg} {
    return -code error -errorcode ASSERTION "$msg[assert_context]"
}

proc assert {condition} {
    if {![uplevel 1 [list expr $condition]]} {
        fail "Expected \[$condition\] to be true"
    }
}

proc assert_equal {value expected {detail {}}} {
    if {$value ne $expected} {
        set msg "Expected '$value' to be equal to '$expected'"
        if {$detail ne {}} { append msg " ($detail)" }
        fail $msg
    }
}

proc assert_not_equal {value expected {detail {}}} {
    if {$value eq $expected} {
        set msg "Expected '$value' to be not equal to '$expected'"
        if {$detail ne {}} { append msg " ($detail)" }
        fail $msg
    }
}

proc assert_match {pattern value {detail {}}} {
    if {![string match $pattern $value]} {
        set msg "Expected '$value' to match '$pattern'"
        if {$detail ne {}} { append msg " ($detail)" }
        fail $msg
    }
}

proc assert_no_match {pattern value} {
    if {[string match $pattern $value]} {
        fail "Expected '$value' to not match '$pattern'"
    }
}

proc assert_error {pattern code} {
    if {[catch {uplevel 1 $code} error]} {
        if {![string match $pattern $error]} {
            fail "Expected an error matching '$pattern' but got '$error'"
        }
    } else {
        fail "Expected an error matching '$pattern' but got no error (result '$error')"
    }
}

proc assert_range {value min max} {
    if {!($value >= $min && $value <= $max)} {
        fail "Expected '$value' to be between '$min' and '$max'"
    }
}

proc assert_lessthan {value than} {
    if {!($value < $than)} { fail "Expected '$value' to be less than '$than'" }
}

proc assert_morethan {value than} {
    if {!($value > $than)} { fail "Expected '$value' to be more than '$than'" }
}

proc assert_encoding {enc key {level 0}} {
    set actual [r $level object encoding $key]
    if {$actual ne $enc} {
        fail "Expected encoding '$enc' for key '$key' but got '$actual'"
    }
}

proc assert_type {type key {level 0}} {
    assert_equal [r $level type $key] $type "type of key '$key'"
}

proc assert_refcount {ref key {level 0}} {
    assert_equal [r $level object refcount $key] $ref "refcount of key '$key'"
}
