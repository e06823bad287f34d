# Set commands: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS,
# SRANDMEMBER, SPOP, SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION,
# SUNIONSTORE, SDIFF, SDIFFSTORE and SSCAN, over both encodings (intset and
# hashtable) and across the conversion points, with the error replies
# word for word as Redis 7.0 gives them.

# Fill key with members: every element of the list.
proc set_fill {key members} {
    r del $key
    foreach chunk [set_chunks $members] { r sadd $key {*}$chunk }
}

proc set_chunks {members} {
    set out {}
    for {set i 0} {$i < [llength $members]} {incr i 1000} {
        lappend out [lrange $members $i [expr {$i + 999}]]
    }
    return $out
}

# The integers first..last as a list.
proc set_range {first last {prefix {}}} {
    set out {}
    for {set i $first} {$i <= $last} {incr i} { lappend out $prefix$i }
    return $out
}

# Every member a complete SSCAN returns, duplicates included.
proc set_scan_all {key args} {
    set cursor 0
    set out {}
    set calls 0
    while 1 {
        lassign [r sscan $key $cursor {*}$args] cursor batch
        lappend out {*}$batch
        if {[incr calls] > 100000} { error "SSCAN did not finish" }
        if {$cursor == 0} break
    }
    return $out
}

start_server {tags {"set"}} {
    # ------------------------------------------------------------ SADD & co

    test {SADD, SCARD, SISMEMBER, SMEMBERS on an intset} {
        r del s
        assert_equal [r sadd s 3 1 2] 3
        assert_encoding intset s
        assert_equal [r sadd s 2 3 4] 1
        assert_equal [r scard s] 4
        assert_equal [r sismember s 1] 1
        assert_equal [r sismember s 5] 0
        assert_equal [r sismember s one] 0
        assert_type set s
        lsort [r smembers s]
    } {1 2 3 4}

    test {SADD, SCARD, SISMEMBER, SMEMBERS on a hashtable} {
        r del s
        assert_equal [r sadd s foo bar foo] 2
        assert_encoding hashtable s
        assert_equal [r sadd s bar baz] 1
        assert_equal [r scard s] 3
        assert_equal [r sismember s foo] 1
        assert_equal [r sismember s nope] 0
        lsort [r smembers s]
    } {bar baz foo}

    test {SADD counts repeated arguments once} {
        r del s
        assert_equal [r sadd s a a a b] 2
        assert_equal [r sadd s 1 1] 1
        r scard s
    } {3}

    test {Members are binary safe and may be empty} {
        r del s
        set weird "a\x00b\r\n\xff"
        assert_equal [r sadd s $weird "" [string repeat x 1000]] 3
        assert_equal [r sismember s $weird] 1
        assert_equal [r sismember s ""] 1
        assert_equal [r sismember s "a"] 0
        assert_equal [lsort [r smembers s]] [lsort [list $weird "" [string repeat x 1000]]]
        r scard s
    } {3}

    test {SADD of a non-integer converts an intset to a hashtable} {
        r del s
        r sadd s 1 2 3
        assert_encoding intset s
        assert_equal [r sadd s a] 1
        assert_encoding hashtable s
        assert_equal [r sismember s 2] 1
        lsort [r smembers s]
    } {1 2 3 a}

    test {A set whose first member is not an integer starts as a hashtable} {
        r del s
        r sadd s a 1 2
        assert_encoding hashtable s
        # Conversions are one way: removing the string keeps the table.
        r srem s a
        assert_encoding hashtable s
        lsort [r smembers s]
    } {1 2}

    test {Only canonical integers go to an intset} {
        foreach v {+1 01 { 1} {1 } -0 0x1 1.0 1e3 {} 9223372036854775808 -9223372036854775809 --1 1a} {
            r del s
            r sadd s $v
            assert_encoding hashtable s
            assert_equal [r smembers s] [list $v]
        }
        foreach v {0 -1 7 9223372036854775807 -9223372036854775808 1000000} {
            r del s
            r sadd s $v
            assert_encoding intset s
            assert_equal [r smembers s] [list $v]
        }
        # A canonical integer is a different member from its variants.
        r del s
        r sadd s 1 01 +1
        assert_encoding hashtable s
        lsort [r smembers s]
    } {+1 01 1}

    test {An intset widens to 64 bit integers} {
        r del s
        r sadd s 1 -9223372036854775808 9223372036854775807 32768 -2147483649
        assert_encoding intset s
        lsort -integer [r smembers s]
    } {-9223372036854775808 -2147483649 1 32768 9223372036854775807}

    test {An intset holds 512 members by default, the 513th converts it} {
        set_fill s [set_range 1 512]
        assert_encoding intset s
        # Adding an existing member does not convert.
        assert_equal [r sadd s 512] 0
        assert_encoding intset s
        assert_equal [r sadd s 513] 1
        assert_encoding hashtable s
        assert_equal [r scard s] 513
        # And it does not convert back.
        r srem s {*}[set_range 1 510]
        assert_encoding hashtable s
        lsort [r smembers s]
    } {511 512 513}

    test {set-max-intset-entries decides the conversion point} {
        r config set set-max-intset-entries 4
        r del s
        r sadd s 1 2 3 4
        assert_encoding intset s
        r sadd s 5
        assert_encoding hashtable s
        # One SADD going past the limit converts too.
        r del s
        r sadd s 1 2 3 4 5 6
        assert_encoding hashtable s
        # With 0, the first member already converts.
        r config set set-max-intset-entries 0
        r del s
        r sadd s 1
        assert_encoding hashtable s
        r config set set-max-intset-entries 512
        r del s
        r sadd s 1 2 3 4 5 6
        assert_encoding intset s
    } {} {needs:config}

    test {SADD against a key of another type} {
        r set str foo
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r sadd str a}
        r get str
    } {foo}

    test {SCARD, SISMEMBER, SMEMBERS of a missing key} {
        r del nokey
        assert_equal [r scard nokey] 0
        assert_equal [r sismember nokey a] 0
        r smembers nokey
    } {}

    test {Read commands against a key of another type} {
        r set str foo
        foreach cmd {{scard str} {sismember str a} {smismember str a} {smembers str} {srandmember str}
                     {srandmember str 3} {sscan str 0} {sinter str} {sunion str} {sdiff str}
                     {sintercard 1 str}} {
            assert_error {WRONGTYPE*} {r {*}$cmd}
        }
    }

    test {Wrong number of arguments} {
        foreach cmd {{sadd} {sadd s} {srem s} {scard} {scard a b} {sismember s} {sismember s a b}
                     {smismember s} {smembers} {smembers a b} {srandmember} {spop} {smove a b}
                     {smove a b c d} {sinter} {sunion} {sdiff} {sinterstore d} {sunionstore d}
                     {sdiffstore d} {sintercard} {sintercard 1} {sscan s}} {
            set name [string tolower [lindex $cmd 0]]
            assert_error "ERR wrong number of arguments for '$name' command" {r {*}$cmd}
        }
    }

    # ----------------------------------------------------------- SMISMEMBER

    foreach enc {intset hashtable} {
        test "SMISMEMBER on a $enc" {
            r del s
            if {$enc eq "intset"} { r sadd s 1 2 3 } else { r sadd s 1 2 3 x }
            assert_encoding $enc s
            assert_equal [r smismember s 1] {1}
            assert_equal [r smismember s 1 4 3 x y] [expr {$enc eq "intset" ? {1 0 1 0 0} : {1 0 1 1 0}}]
            r smismember s 2 2 01
        } {1 1 0}
    }

    test {SMISMEMBER of a missing key is all zeroes} {
        r del nokey
        r smismember nokey a b c
    } {0 0 0}

    # ----------------------------------------------------------------- SREM

    foreach enc {intset hashtable} {
        test "SREM on a $enc" {
            r del s
            if {$enc eq "intset"} { r sadd s 1 2 3 4 } else { r sadd s 1 2 3 4 x }
            assert_encoding $enc s
            assert_equal [r srem s 1 5 1] 1
            assert_equal [r srem s 2 3 nope] 2
            assert_equal [r srem s 01] 0
            assert_equal [r sismember s 4] 1
            assert_equal [r sismember s 2] 0
            r scard s
        } [expr {$enc eq "intset" ? 1 : 2}]
    }

    test {SREM deletes the key when the set becomes empty} {
        r del s
        r sadd s a b
        assert_equal [r srem s a b c] 2
        assert_equal [r exists s] 0
        r sadd s 1
        assert_equal [r srem s 1] 1
        r exists s
    } {0}

    test {SREM of a missing key or member} {
        r del nokey
        assert_equal [r srem nokey a] 0
        r sadd s a
        r srem s b
    } {0}

    test {SREM against a key of another type} {
        r set str foo
        assert_error {WRONGTYPE*} {r srem str foo}
    }

    # ---------------------------------------------------------------- SMOVE

    test {SMOVE between two intsets} {
        r del src dst
        r sadd src 1 2 3
        r sadd dst 4 5
        assert_equal [r smove src dst 2] 1
        assert_encoding intset src
        assert_encoding intset dst
        assert_equal [lsort [r smembers src]] {1 3}
        lsort [r smembers dst]
    } {2 4 5}

    test {SMOVE of a string member converts an intset destination} {
        r del src dst
        r sadd src a b
        r sadd dst 1 2
        assert_equal [r smove src dst a] 1
        assert_encoding hashtable dst
        lsort [r smembers dst]
    } {1 2 a}

    test {SMOVE creates the destination with the encoding of its member} {
        r del src dst dst2
        r sadd src 1 a
        assert_encoding hashtable src
        assert_equal [r smove src dst 1] 1
        assert_encoding intset dst
        assert_equal [r smove src dst2 a] 1
        assert_encoding hashtable dst2
        # src emptied: deleted.
        r exists src
    } {0}

    test {SMOVE of a member already in the destination} {
        r del src dst
        r sadd src a b
        r sadd dst a
        assert_equal [r smove src dst a] 1
        assert_equal [r smembers src] {b}
        r smembers dst
    } {a}

    test {SMOVE of a missing member or from a missing key} {
        r del src dst nokey
        r sadd src a
        r sadd dst b
        assert_equal [r smove src dst nope] 0
        assert_equal [r smove nokey dst a] 0
        assert_equal [r smembers dst] {b}
        # A missing source answers 0 before the destination type is checked.
        r set str foo
        r smove nokey str a
    } {0}

    test {SMOVE with the same source and destination} {
        r del s
        r sadd s a b
        assert_equal [r smove s s a] 1
        assert_equal [r smove s s nope] 0
        lsort [r smembers s]
    } {a b}

    test {SMOVE against keys of another type} {
        r del s
        r sadd s a b
        r set str foo
        assert_error {WRONGTYPE*} {r smove str s a}
        assert_error {WRONGTYPE*} {r smove s str a}
        # Nothing moved.
        assert_equal [r get str] foo
        lsort [r smembers s]
    } {a b}

    # ----------------------------------------------------------------- SPOP

    foreach enc {intset hashtable} {
        test "SPOP pops every member once from a $enc" {
            if {$enc eq "intset"} { set members [set_range 1 50] } else { set members [set_range 1 50 m] }
            set_fill s $members
            assert_encoding $enc s
            set popped {}
            for {set i 0} {$i < 50} {incr i} { lappend popped [r spop s] }
            assert_equal [lsort $popped] [lsort $members]
            assert_equal [r exists s] 0
            r spop s
        } {}

        test "SPOP with a count from a $enc: small, close to the size, all" {
            if {$enc eq "intset"} { set members [set_range 1 300] } else { set members [set_range 1 300 m] }
            set_fill s $members
            assert_encoding $enc s
            # Few members (pop one by one) ...
            set a [r spop s 10]
            assert_equal [llength [lsort -unique $a]] 10
            # ... most of what is left (keep the rest) ...
            set b [r spop s 280]
            assert_equal [llength [lsort -unique $b]] 280
            assert_equal [r scard s] 10
            # ... more than is left: everything, and the key goes.
            set c [r spop s 1000]
            assert_equal [llength $c] 10
            assert_equal [r exists s] 0
            assert_equal [lsort [concat $a $b $c]] [lsort $members]
        }
    }

    test {SPOP with count 0, of a missing key, count equal to the size} {
        r del s nokey
        r sadd s a b c
        assert_equal [r spop s 0] {}
        assert_equal [r scard s] 3
        assert_equal [r spop nokey 5] {}
        assert_equal [r spop nokey] {}
        assert_equal [lsort [r spop s 3]] {a b c}
        r exists s
    } {0}

    test {SPOP leaving few integers of a hashtable gives an intset} {
        set_fill s [set_range 1 600]
        assert_encoding hashtable s
        r spop s 595
        assert_equal [r scard s] 5
        assert_encoding intset s
        # The same with a string left in, or a few members popped.
        set_fill s [concat [set_range 1 600] x]
        r spop s 10
        assert_encoding hashtable s
    }

    test {SPOP with a count keeps the TTL} {
        set_fill s [set_range 1 100 m]
        r expire s 1000
        r spop s 98
        assert_equal [r scard s] 2
        assert_range [r ttl s] 900 1000
        r spop s 1
        assert_range [r ttl s] 900 1000
    }

    test {SPOP errors} {
        r del s
        r sadd s a b
        assert_error {ERR value is out of range, must be positive} {r spop s -1}
        assert_error {ERR value is out of range, must be positive} {r spop s abc}
        assert_error {ERR value is out of range, must be positive} {r spop s 9223372036854775808}
        assert_error {ERR syntax error} {r spop s 1 2}
        r set str foo
        assert_error {WRONGTYPE*} {r spop str}
        assert_error {WRONGTYPE*} {r spop str 2}
        r scard s
    } {2}

    # ---------------------------------------------------------- SRANDMEMBER

    foreach enc {intset hashtable} {
        test "SRANDMEMBER of a $enc: every count strategy" {
            if {$enc eq "intset"} { set members [set_range 1 300] } else { set members [set_range 1 300 m] }
            set_fill s $members
            assert_encoding $enc s
            # One member, then distinct members for a positive count: few
            # (sampling), close to the size (subtracting), all of them.
            assert_not_equal [lsearch -exact $members [r srandmember s]] -1
            foreach count {1 5 50 99 100 101 200 299 300 301 10000} {
                set res [r srandmember s $count]
                set expected [expr {$count < 300 ? $count : 300}]
                assert_equal [llength $res] $expected "count $count"
                assert_equal [llength [lsort -unique $res]] $expected "distinct for count $count"
                foreach m $res { assert_not_equal [lsearch -exact $members $m] -1 }
            }
            assert_equal [lsort [r srandmember s 300]] [lsort $members]
            # Negative counts repeat members: exactly |count| of them.
            set res [r srandmember s -1000]
            assert_equal [llength $res] 1000
            foreach m [lsort -unique $res] { assert_not_equal [lsearch -exact $members $m] -1 }
            assert_equal [r scard s] 300
        }

        test "SRANDMEMBER and SPOP reach every member of a $enc" {
            if {$enc eq "intset"} { set members [set_range 1 20] } else { set members [set_range 1 20 m] }
            set_fill s $members
            # 2000 picks of 20 members: missing one has odds of about 1e-43.
            assert_equal [lsort -unique [r srandmember s -2000]] [lsort $members]
            set seen {}
            for {set i 0} {$i < 400} {incr i} { lappend seen [r srandmember s] }
            assert_equal [lsort -unique $seen] [lsort $members]
            # SPOP picks any member too, not always the same first ones.
            set firsts {}
            for {set i 0} {$i < 400} {incr i} {
                set_fill t $members
                lappend firsts [r spop t]
            }
            assert_equal [lsort -unique $firsts] [lsort $members]
            # Distinct samples of 5 (sampling strategy) cover the set too.
            set seen {}
            for {set i 0} {$i < 200} {incr i} { lappend seen {*}[r srandmember s 5] }
            assert_equal [lsort -unique $seen] [lsort $members]
        }
    }

    test {SRANDMEMBER with count 0, of a missing key, of a one member set} {
        r del nokey s
        assert_equal [r srandmember nokey] {}
        assert_equal [r srandmember nokey 5] {}
        assert_equal [r srandmember nokey -5] {}
        r sadd s a
        assert_equal [r srandmember s 0] {}
        assert_equal [r srandmember s -3] {a a a}
        r srandmember s 3
    } {a}

    test {SRANDMEMBER errors} {
        r del s
        r sadd s a
        assert_error {ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807} \
            {r srandmember s -9223372036854775808}
        assert_error {ERR value is not an integer or out of range} {r srandmember s 9223372036854775808}
        assert_error {ERR value is not an integer or out of range} {r srandmember s 1.5}
        assert_error {ERR value is not an integer or out of range} {r srandmember s abc}
        assert_error {ERR syntax error} {r srandmember s 1 2}
    }

    # -------------------------------------------------- SINTER, SUNION, SDIFF

    proc set_setup_algebra {enc} {
        r del a b c d
        if {$enc eq "intset"} {
            r sadd a 1 2 3 4 5 6
            r sadd b 4 5 6 7 8
            r sadd c 5 6 9
        } else {
            r sadd a 1 2 3 4 5 6 x y
            r sadd b 4 5 6 7 8 y z
            r sadd c 5 6 9 y
        }
    }

    foreach enc {intset hashtable} {
        test "SINTER, SUNION, SDIFF of ${enc}s" {
            set_setup_algebra $enc
            assert_encoding $enc a
            set extra [expr {$enc eq "intset" ? {} : {y}}]
            assert_equal [lsort [r sinter a b]] [lsort [concat 4 5 6 $extra]]
            assert_equal [lsort [r sinter a b c]] [lsort [concat 5 6 $extra]]
            assert_equal [lsort [r sinter c b a]] [lsort [concat 5 6 $extra]]
            set u [lsort [r sunion a b c]]
            assert_equal $u [lsort [concat 1 2 3 4 5 6 7 8 9 [expr {$enc eq "intset" ? {} : {x y z}}]]]
            assert_equal [lsort [r sdiff a b]] [lsort [concat 1 2 3 [expr {$enc eq "intset" ? {} : {x}}]]]
            assert_equal [lsort [r sdiff a b c]] [lsort [concat 1 2 3 [expr {$enc eq "intset" ? {} : {x}}]]]
            assert_equal [lsort [r sdiff b a]] [lsort [concat 7 8 [expr {$enc eq "intset" ? {} : {z}}]]]
            assert_equal [lsort [r sdiff c]] [lsort [r smembers c]]
        }

        test "SINTERSTORE, SUNIONSTORE, SDIFFSTORE of ${enc}s" {
            set_setup_algebra $enc
            assert_equal [r sinterstore d a b c] [expr {$enc eq "intset" ? 2 : 3}]
            assert_equal [lsort [r smembers d]] [lsort [r sinter a b c]]
            assert_equal [r sunionstore d a b] [llength [r sunion a b]]
            assert_equal [lsort [r smembers d]] [lsort [r sunion a b]]
            assert_equal [r sdiffstore d a b] [llength [r sdiff a b]]
            lsort [r smembers d]
        } [expr {"intset" eq $enc ? {1 2 3} : {1 2 3 x}}]
    }

    test {Set algebra across encodings} {
        r del i h
        r sadd i 1 2 3 4
        r sadd h 3 4 5 a
        assert_encoding intset i
        assert_encoding hashtable h
        assert_equal [lsort [r sinter i h]] {3 4}
        assert_equal [lsort [r sinter h i]] {3 4}
        assert_equal [lsort [r sunion i h]] {1 2 3 4 5 a}
        assert_equal [lsort [r sdiff i h]] {1 2}
        assert_equal [lsort [r sdiff h i]] {5 a}
        # Non canonical spellings never match an integer member.
        r del h2
        r sadd h2 01 +2 3 z
        assert_equal [lsort [r sinter i h2]] {3}
        lsort [r sdiff i h2]
    } {1 2 4}

    test {Set algebra: missing keys are empty sets} {
        r del a nokey
        r sadd a 1 2 x
        assert_equal [r sinter a nokey] {}
        assert_equal [r sinter nokey a] {}
        assert_equal [lsort [r sunion a nokey]] {1 2 x}
        assert_equal [lsort [r sunion nokey a]] {1 2 x}
        assert_equal [lsort [r sdiff a nokey]] {1 2 x}
        assert_equal [r sdiff nokey a] {}
        assert_equal [r sunion nokey nokey2] {}
        r sintercard 2 a nokey
    } {0}

    test {Set algebra: the same key more than once} {
        r del a b
        r sadd a 1 2 3 x
        r sadd b 2 3
        assert_equal [lsort [r sinter a a]] {1 2 3 x}
        assert_equal [lsort [r sinter a b a b]] {2 3}
        assert_equal [lsort [r sunion a a b]] {1 2 3 x}
        assert_equal [r sdiff a a] {}
        assert_equal [r sdiff a b a] {}
        assert_equal [lsort [r sdiff b a]] {}
        r sintercard 2 a a
    } {4}

    test {Set algebra: a key of another type fails the command} {
        r del a nokey dst
        r sadd a 1 2
        r set str foo
        foreach cmd {sinter sunion sdiff} {
            assert_error {WRONGTYPE*} {r $cmd a str}
            assert_error {WRONGTYPE*} {r $cmd str a}
            # Even after a missing key, which alone makes SINTER empty.
            assert_error {WRONGTYPE*} {r $cmd nokey str}
            assert_error {WRONGTYPE*} {r ${cmd}store dst a str}
        }
        assert_error {WRONGTYPE*} {r sintercard 2 nokey str}
        r exists dst
    } {0}

    test {SDIFF with many sets to subtract, and big ones} {
        set_fill big [set_range 1 2000 m]
        set_fill big2 [set_range 1000 3000 m]
        r del small
        r sadd small m1 m1500 m2500 m5000 x
        # A small first set: each member is looked up in the others.
        assert_equal [lsort [r sdiff small big]] {m2500 m5000 x}
        assert_equal [lsort [r sdiff small big big2 nokey]] {m5000 x}
        # A big first set: the others' members are removed from a copy.
        assert_equal [r scard big] 2000
        assert_equal [llength [r sdiff big small]] 1998
        assert_equal [lsort [r sdiff big big2 small]] [lsort [lrange [set_range 2 999 m] 0 end]]
        assert_equal [r sdiffstore d big big2] 999
        assert_equal [r sdiffstore d big big2 big] 0
        r exists d
    } {0}

    test {STORE results get the encoding their members call for} {
        r del i1 i2 h1 h2 d
        r sadd i1 1 2 3 4
        r sadd i2 3 4 5
        r sadd h1 3 4 x
        r sadd h2 1 2 3 4 5 x
        r srem h2 x
        assert_encoding hashtable h2
        # Integer results are intsets, whatever the sources' encodings.
        r sinterstore d i1 h1
        assert_encoding intset d
        r sinterstore d h2 i1
        assert_encoding intset d
        r sunionstore d i1 h2
        assert_encoding intset d
        r sunionstore d i1 h1
        assert_encoding hashtable d
        r sdiffstore d i1 h1
        assert_encoding intset d
        # Many sets to subtract: the difference is built by removing their
        # members from a copy of the first set, which keeps the encoding its
        # strings called for even when only integers are left.
        r del first
        r sadd first 1 2 {*}[set_range 1 10 s]
        set others {}
        foreach m [set_range 1 10 s] {
            r del other$m
            r sadd other$m $m
            lappend others other$m
        }
        assert_equal [r sdiffstore d first {*}$others] 2
        assert_encoding hashtable d
        # Few sets: members of the first set are looked up in the others and
        # only the survivors are added.
        assert_equal [r sdiffstore d first others1 others2] 10
        assert_encoding hashtable d
        r del small
        r sadd small 7 s1
        set_fill big [set_range 1 100 s]
        assert_equal [r sdiffstore d small big] 1
        assert_encoding intset d
        # Past set-max-intset-entries the result is a hashtable.
        set_fill a [set_range 1 300]
        set_fill b [set_range 301 600]
        r sunionstore d a b
        assert_encoding hashtable d
        r sinterstore d a a
        assert_encoding intset d
        r scard d
    } {300}

    test {STORE commands replace the destination, its type and its TTL} {
        r del a b
        r sadd a 1 2 x
        r sadd b 2 x y
        r set dst foo
        r expire dst 1000
        assert_equal [r sinterstore dst a b] 2
        assert_type set dst
        assert_equal [r ttl dst] -1
        r expire dst 1000
        assert_equal [r sunionstore dst a b] 4
        assert_equal [r ttl dst] -1
        assert_equal [r sdiffstore dst a b] 1
        r smembers dst
    } {1}

    test {STORE commands with an empty result delete the destination} {
        r del a b nokey
        r sadd a 1 2
        r sadd b 3 4
        foreach {cmd args} {sinterstore {a b} sinterstore {a nokey} sunionstore {nokey nokey2}
                            sdiffstore {a a} sdiffstore {nokey a} sdiffstore {a b a}} {
            r set dst foo
            assert_equal [r $cmd dst {*}$args] 0 "$cmd $args"
            assert_equal [r exists dst] 0 "$cmd $args"
        }
        r set dst foo
        assert_equal [r sinterstore dst a b] 0
        r exists dst
    } {0}

    test {STORE commands with the destination among the sources} {
        r del a b
        r sadd a 1 2 3
        r sadd b 2 3 4
        assert_equal [r sinterstore a a b] 2
        assert_equal [lsort [r smembers a]] {2 3}
        assert_equal [r sunionstore b a b] 3
        assert_equal [lsort [r smembers b]] {2 3 4}
        assert_equal [r sdiffstore b b a] 1
        r smembers b
    } {4}

    # ------------------------------------------------------------ SINTERCARD

    test {SINTERCARD counts the intersection, up to LIMIT} {
        r del a b
        r sadd a 1 2 3 4 5 x
        r sadd b 2 3 4 5 6 x
        assert_equal [r sintercard 1 a] 6
        assert_equal [r sintercard 2 a b] 5
        assert_equal [r sintercard 2 a b limit 0] 5
        assert_equal [r sintercard 2 a b LIMIT 3] 3
        assert_equal [r sintercard 2 a b limit 5] 5
        assert_equal [r sintercard 2 a b limit 100] 5
        assert_equal [r sintercard 2 a b limit 1 limit 2] 2
        r sintercard 2 a nokey
    } {0}

    test {SINTERCARD errors} {
        r del a
        r sadd a 1
        assert_error {ERR numkeys should be greater than 0} {r sintercard 0 a}
        assert_error {ERR numkeys should be greater than 0} {r sintercard -1 a}
        assert_error {ERR numkeys should be greater than 0} {r sintercard x a}
        assert_error {ERR Number of keys can't be greater than number of args} {r sintercard 2 a}
        assert_error {ERR Number of keys can't be greater than number of args} {r sintercard 9223372036854775807 a}
        assert_error {ERR LIMIT can't be negative} {r sintercard 1 a limit -1}
        assert_error {ERR LIMIT can't be negative} {r sintercard 1 a limit x}
        assert_error {ERR syntax error} {r sintercard 1 a limit}
        assert_error {ERR syntax error} {r sintercard 1 a foo 1}
        assert_error {ERR syntax error} {r sintercard 1 a limit 1 extra}
    }

    # ----------------------------------------------------------------- SSCAN

    test {SSCAN of an intset returns every member in one call} {
        set_fill s [set_range 1 300]
        assert_encoding intset s
        lassign [r sscan s 0] cursor members
        assert_equal $cursor 0
        assert_equal [lsort -integer $members] [set_range 1 300]
        lassign [r sscan s 0 count 5 match 1*] cursor members
        assert_equal $cursor 0
        assert_equal [lsort -integer $members] [concat 1 [set_range 10 19] [set_range 100 199]]
    }

    test {SSCAN of a hashtable walks every member} {
        set members [set_range 1 1000 m]
        set_fill s $members
        assert_encoding hashtable s
        foreach count {1 10 100 5000} {
            set got [set_scan_all s count $count]
            assert_equal [lsort -unique $got] [lsort $members] "count $count"
        }
        # A small COUNT takes several calls.
        lassign [r sscan s 0 count 5] cursor batch
        assert_not_equal $cursor 0
        assert_lessthan [llength $batch] 100
        lsort -unique [set_scan_all s match m99*]
    } {m99 m990 m991 m992 m993 m994 m995 m996 m997 m998 m999}

    test {SSCAN with MATCH over a hashtable of integers} {
        set_fill s [concat [set_range 1 600] x]
        assert_encoding hashtable s
        lsort -integer [set_scan_all s match 5?? count 50]
    } [set_range 500 599]

    test {SSCAN of a missing key, and errors} {
        r del nokey
        assert_equal [r sscan nokey 0] {0 {}}
        r del s
        r sadd s a b c
        assert_error {ERR invalid cursor} {r sscan s x}
        assert_error {ERR invalid cursor} {r sscan s 1.5}
        assert_error {ERR syntax error} {r sscan s 0 count 0}
        assert_error {ERR syntax error} {r sscan s 0 count -1}
        assert_error {ERR value is not an integer or out of range} {r sscan s 0 count x}
        assert_error {ERR syntax error} {r sscan s 0 match}
        assert_error {ERR syntax error} {r sscan s 0 type string}
        assert_error {ERR syntax error} {r sscan s 0 foo bar}
        lsort [lindex [r sscan s 0 MATCH * COUNT 100] 1]
    } {a b c}

    # ------------------------------------------------------ RESP2 and RESP3

    test {Set replies are sets in RESP3 and arrays in RESP2} {
        r del s i nokey
        r sadd s a b c
        r sadd i 1 2
        set c [redis_client]
        foreach proto {2 3} {
            $c hello $proto
            $c readraw 1
            set agg [expr {$proto == 3 ? "~" : "*"}]
            set null [expr {$proto == 3 ? "_" : "\$-1"}]
            foreach {cmd header} [list \
                    {smembers s} ${agg}3 {smembers i} ${agg}2 {sinter s s} ${agg}3 {sunion s i} ${agg}5 \
                    {sdiff s i} ${agg}3 {smembers nokey} ${agg}0 {sinter s nokey} ${agg}0 \
                    {sunion nokey} ${agg}0 {sdiff nokey s} ${agg}0 {spop nokey 2} ${agg}0 {spop s 0} ${agg}0 \
                    {srandmember s 2} *2 {srandmember s -4} *4 {srandmember nokey 2} *0 {srandmember s 0} *0 \
                    {smismember s a z} *2 {spop nokey} $null {srandmember nokey} $null \
                    {sscan nokey 0} *2 {sintercard 1 s} :3 {scard s} :3 {sismember s a} :1] {
                $c write [::redis::encode_command $cmd]
                $c flush
                set reply [raw_reply_lines $c]
                assert_equal [lindex $reply 0] $header "$cmd in RESP$proto"
            }
            # SPOP with a count is a set too, including when it takes all.
            $c write [::redis::encode_command {spop i 1}]
            $c flush
            assert_equal [lindex [raw_reply_lines $c] 0] ${agg}1
            $c write [::redis::encode_command {spop i 5}]
            $c flush
            assert_equal [lindex [raw_reply_lines $c] 0] ${agg}1
            assert_equal [r exists i] 0
            r sadd i 1 2
            $c readraw 0
        }
        $c close
    }

    test {SINTER and SUNION in RESP3 through the client} {
        r del a b
        r sadd a x y
        r sadd b y z
        r hello 3
        set res [list [lsort [r sinter a b]] [lsort [r sunion a b]] [lsort [r spop a 5]]]
        r hello 2
        set res
    } {y {x y z} {x y}}

    # ------------------------------------------------------- COPY and DIGEST

    foreach enc {intset hashtable} {
        test "COPY of a $enc keeps the encoding and is independent" {
            r del s c
            if {$enc eq "intset"} { r sadd s 1 2 3 } else { r sadd s 1 2 x }
            assert_equal [r copy s c] 1
            assert_encoding $enc c
            assert_equal [lsort [r smembers c]] [lsort [r smembers s]]
            r sadd c 4
            r srem c 1
            assert_equal [r sismember s 1] 1
            assert_equal [r sismember s 4] 0
            r scard s
        } {3}
    }

    test {DEBUG DIGEST-VALUE of a set does not depend on encoding or order} {
        r del i h o
        r sadd i 1 2 3
        r sadd h x 3 2 1
        r srem h x
        assert_encoding intset i
        assert_encoding hashtable h
        set d [r debug digest-value i]
        assert_equal [r debug digest-value h] $d
        r sadd o 3 1 2
        assert_equal [r debug digest-value o] $d
        r sadd o 4
        assert_not_equal [r debug digest-value o] $d
        # Big ones, built in opposite orders.
        r del b1 b2
        foreach chunk [set_chunks [set_range 1 3000 e]] { r sadd b1 {*}$chunk }
        foreach chunk [lreverse [set_chunks [lreverse [set_range 1 3000 e]]]] { r sadd b2 {*}$chunk }
        assert_equal [r debug digest-value b1] [r debug digest-value b2]
        r copy b1 b3
        assert_equal [r debug digest-value b3] [r debug digest-value b1]
        r srem b3 e1
        assert_not_equal [r debug digest-value b3] [r debug digest-value b1]
        assert_not_equal [r debug digest-value i] [r debug digest-value nokey]
    } {} {needs:debug}

    test {Big sets: SADD, SISMEMBER, SCARD, SREM on many members} {
        set members [set_range 1 20000 member:]
        set_fill big $members
        assert_equal [r scard big] 20000
        assert_encoding hashtable big
        foreach i {1 777 20000} { assert_equal [r sismember big member:$i] 1 }
        assert_equal [r sismember big member:20001] 0
        r srem big {*}[lrange $members 0 18999]
        assert_equal [r scard big] 1000
        assert_equal [lsort [r smembers big]] [lsort [lrange $members 19000 end]]
        assert_equal [lsort [set_scan_all big count 7]] [lsort [lrange $members 19000 end]]
        r del big
    } {1}
}
