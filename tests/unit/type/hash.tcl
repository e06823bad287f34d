# Hash commands: HSET/HMSET/HSETNX, HGET/HMGET, HDEL, HLEN, HSTRLEN,
# HEXISTS, HKEYS/HVALS/HGETALL, HINCRBY/HINCRBYFLOAT, HRANDFIELD and HSCAN,
# over both encodings (listpack and hashtable), the points where a listpack
# becomes a hash table, the configuration of those limits, RESP2 and RESP3
# reply shapes, COPY and DEBUG DIGEST-VALUE.  Error replies are checked
# word for word, as Redis 7.0 gives them.

# The pairs of a flat field/value list, sorted, to compare hashes whatever
# their order.
proc hash_sorted_pairs {flat} {
    set pairs {}
    foreach {f v} $flat { lappend pairs [list $f $v] }
    lsort $pairs
}

# Fill key with n fields f0..f(n-1) whose values are v0..v(n-1); returns the
# same content as a Tcl dict.
proc hash_fill {key n} {
    r del $key
    set d [dict create]
    set args {}
    for {set i 0} {$i < $n} {incr i} {
        lappend args f$i v$i
        dict set d f$i v$i
        if {[llength $args] >= 200} {
            r hset $key {*}$args
            set args {}
        }
    }
    if {[llength $args]} { r hset $key {*}$args }
    return $d
}

# Walk a whole HSCAN with the given extra options; returns the flat list of
# every pair returned (fields may repeat in a hash table walk).
proc hscan_all {key args} {
    set cursor 0
    set all {}
    set calls 0
    while 1 {
        lassign [r hscan $key $cursor {*}$args] cursor items
        lappend all {*}$items
        incr calls
        if {$cursor == 0} break
        if {$calls > 100000} { error "HSCAN does not terminate" }
    }
    return $all
}

start_server {tags {"hash"}} {
    # ------------------------------------------------ both encodings

    # Small hashes stay listpacks under the default limits (512 entries,
    # 64 bytes); 600 fields make a hash table.
    foreach {enc n} {listpack 20 hashtable 600} {
        test "HSET creates a hash of $n fields ($enc)" {
            set ::ref [hash_fill h $n]
            assert_encoding $enc h
            assert_equal [r type h] hash
            r hlen h
        } $n

        test "HGET of every field, and of missing fields ($enc)" {
            dict for {f v} $::ref {
                assert_equal [r hget h $f] $v
            }
            assert_equal [r hget h nosuchfield] {}
            assert_equal [r hget h f$n] {}
            r hget h f0
        } {v0}

        test "HMGET of present and missing fields ($enc)" {
            r hmget h f0 nosuch f1 f0 {}
        } {v0 {} v1 v0 {}}

        test "HGETALL, HKEYS and HVALS return the whole content ($enc)" {
            assert_equal [hash_sorted_pairs [r hgetall h]] [hash_sorted_pairs $::ref]
            assert_equal [lsort [r hkeys h]] [lsort [dict keys $::ref]]
            assert_equal [lsort [r hvals h]] [lsort [dict values $::ref]]
            # HKEYS and HVALS walk in the same order as HGETALL.
            set flat [r hgetall h]
            set keys {}
            set vals {}
            foreach {f v} $flat { lappend keys $f; lappend vals $v }
            assert_equal [r hkeys h] $keys
            assert_equal [r hvals h] $vals
            llength $flat
        } [expr {2 * $n}]

        test "HEXISTS and HSTRLEN ($enc)" {
            assert_equal [r hexists h f0] 1
            assert_equal [r hexists h nosuch] 0
            assert_equal [r hstrlen h f0] 2
            assert_equal [r hstrlen h f[expr {$n - 1}]] [string length v[expr {$n - 1}]]
            assert_equal [r hstrlen h nosuch] 0
            # Numbers (stored as integers in a listpack) count their digits.
            r hset h num -12345 zero 0
            assert_equal [r hstrlen h num] 6
            assert_equal [r hstrlen h zero] 1
            r hdel h num zero
        } {2}

        test "HSET counts only the fields it adds ($enc)" {
            assert_equal [r hset h f0 new0 f1 new1 brandnew x] 1
            assert_equal [r hget h f0] new0
            assert_equal [r hget h brandnew] x
            assert_equal [r hlen h] [expr {$n + 1}]
            # The same field twice in one call: added once, last value wins.
            assert_equal [r hset h dup 1 dup 2] 1
            assert_equal [r hget h dup] 2
            r hdel h brandnew dup
            r hset h f0 v0 f1 v1
        } {0}

        test "HMSET answers OK ($enc)" {
            assert_equal [r hmset h f0 x extra y] OK
            assert_equal [r hmget h f0 extra] {x y}
            r hmset h f0 v0
            r hdel h extra
        } {1}

        test "HSETNX sets only missing fields ($enc)" {
            assert_equal [r hsetnx h f0 other] 0
            assert_equal [r hget h f0] v0
            assert_equal [r hsetnx h nxfield value] 1
            assert_equal [r hget h nxfield] value
            r hdel h nxfield
        } {1}

        test "HDEL counts the fields it removes ($enc)" {
            r hset h d1 x d2 y
            assert_equal [r hdel h d1 nosuch d2 d1] 2
            assert_equal [r hdel h d1] 0
            assert_equal [r hexists h d1] 0
            r hlen h
        } $n

        test "HINCRBY and HINCRBYFLOAT on existing and new fields ($enc)" {
            r hset h counter 10 fcounter 10.5
            assert_equal [r hincrby h counter 5] 15
            assert_equal [r hincrby h counter -20] -5
            assert_equal [r hincrby h newcounter 7] 7
            assert_equal [r hincrbyfloat h fcounter 0.1] 10.6
            assert_equal [r hincrbyfloat h counter 1.5] -3.5
            assert_equal [r hincrbyfloat h newfcounter 2.25] 2.25
            assert_equal [r hget h newfcounter] 2.25
            r hdel h counter fcounter newcounter newfcounter
        } {4}

        test "HRANDFIELD without count returns a field ($enc)" {
            for {set i 0} {$i < 20} {incr i} {
                assert {[dict exists $::ref [r hrandfield h]]}
            }
        }

        test "HRANDFIELD with a positive count returns distinct fields ($enc)" {
            foreach count [list 1 2 5 [expr {$n / 2}] [expr {$n - 1}]] {
                set res [r hrandfield h $count]
                assert_equal [llength $res] $count
                assert_equal [llength [lsort -unique $res]] $count
                foreach f $res { assert {[dict exists $::ref $f]} }
            }
            # With values: pairs that match the hash.
            set res [r hrandfield h 5 withvalues]
            assert_equal [llength $res] 10
            foreach {f v} $res { assert_equal [dict get $::ref $f] $v }
        }

        test "HRANDFIELD with a count of the size or more returns every field ($enc)" {
            foreach count [list $n [expr {$n + 1}] [expr {$n * 10}]] {
                set res [r hrandfield h $count]
                assert_equal [lsort $res] [lsort [dict keys $::ref]]
            }
            set res [r hrandfield h [expr {$n + 5}] withvalues]
            assert_equal [hash_sorted_pairs $res] [hash_sorted_pairs $::ref]
        }

        test "HRANDFIELD with a negative count may repeat fields ($enc)" {
            set res [r hrandfield h -1000]
            assert_equal [llength $res] 1000
            foreach f $res { assert {[dict exists $::ref $f]} }
            if {$n < 100} {
                # 1000 picks out of 20 fields: every field shows up (the
                # chance that one is missed is below 1e-20).
                assert_equal [lsort -unique $res] [lsort [dict keys $::ref]]
            } else {
                # More picks than fields: repetitions are unavoidable.
                set res [r hrandfield h [expr {-2 * $n}]]
                assert_equal [llength $res] [expr {2 * $n}]
                assert {[llength [lsort -unique $res]] < 2 * $n}
            }
            set res [r hrandfield h -30 withvalues]
            assert_equal [llength $res] 60
            foreach {f v} $res { assert_equal [dict get $::ref $f] $v }
        }

        test "HRANDFIELD with count 1, called often, reaches every field ($enc)" {
            if {$n < 100} {
                set seen [dict create]
                for {set i 0} {$i < 2000 && [dict size $seen] < $n} {incr i} {
                    dict set seen [r hrandfield h 1] 1
                }
                assert_equal [lsort [dict keys $seen]] [lsort [dict keys $::ref]]
            } else {
                # Distinct sampling of most of a big hash: all different.
                set res [r hrandfield h [expr {$n - 10}]]
                assert_equal [llength [lsort -unique $res]] [expr {$n - 10}]
            }
        }

        test "HRANDFIELD with count 0 is an empty array ($enc)" {
            list [r hrandfield h 0] [r hrandfield h 0 withvalues]
        } {{} {}}

        test "HSCAN returns every field with its value ($enc)" {
            foreach count {1 5 10 1000} {
                set all [hscan_all h count $count]
                set got [dict create]
                foreach {f v} $all {
                    assert_equal [dict get $::ref $f] $v
                    dict set got $f $v
                }
                assert_equal [dict size $got] $n
            }
        }

        test "HSCAN MATCH filters on fields only ($enc)" {
            set all [hscan_all h match f1* count 7]
            set got [dict create]
            foreach {f v} $all {
                assert_match f1* $f
                dict set got $f $v
            }
            set expected [dict create]
            dict for {f v} $::ref {
                if {[string match f1* $f]} { dict set expected $f $v }
            }
            assert_equal [lsort [dict keys $got]] [lsort [dict keys $expected]]
            # A pattern that matches values only finds nothing.
            assert_equal [hscan_all h match v*] {}
        }

        test "HSCAN COUNT bounds the fields per call, not the values ($enc)" {
            lassign [r hscan h 0 count 5] cursor items
            if {$enc eq "listpack"} {
                # A listpack is returned whole, with the final cursor.
                assert_equal $cursor 0
                assert_equal [llength $items] [expr {2 * $n}]
            } else {
                assert {$cursor != 0}
                assert {[llength $items] % 2 == 0}
                assert {[llength $items] < 2 * $n}
            }
        }

        test "HDEL of every field deletes the key ($enc)" {
            set fields [dict keys $::ref]
            assert_equal [r hdel h {*}$fields nosuch] $n
            list [r exists h] [r hlen h] [r hgetall h]
        } {0 0 {}}
    }

    # ------------------------------------------------ values of every size

    test {Hash table values of every length survive updates} {
        r del big
        r config set hash-max-listpack-entries 1
        r hset big a 1 b 2
        assert_encoding hashtable big
        # Lengths across the one-byte / nine-byte length prefix (254/255)
        # and across allocation size classes, growing then shrinking.
        set lens {0 1 7 31 32 100 253 254 255 256 1000 70000 300 5 0 65536 2}
        foreach len $lens {
            set v [string repeat x $len]
            r hset big a $v
            assert_equal [r hget big a] $v
            assert_equal [r hstrlen big a] $len
            assert_equal [r hget big b] 2
        }
        # A long field name too.
        set f [string repeat F 300]
        r hset big $f [string repeat y 400]
        assert_equal [r hstrlen big $f] 400
        assert_equal [r hdel big $f] 1
        r config set hash-max-listpack-entries 512
        r hlen big
    } {2}

    test {Fields and values are binary safe in both encodings} {
        set f "a\x00b\r\n\xff"
        set v "\x00\x01\x02 value \xfe"
        foreach limit {512 0} {
            r config set hash-max-listpack-entries $limit
            r del bin
            r hset bin $f $v plain x
            assert_encoding [expr {$limit ? "listpack" : "hashtable"}] bin
            assert_equal [r hget bin $f] $v
            assert_equal [r hstrlen bin $f] [string length $v]
            assert_equal [hash_sorted_pairs [r hgetall bin]] [hash_sorted_pairs [list $f $v plain x]]
            assert_equal [r hexists bin "a"] 0
        }
        r config set hash-max-listpack-entries 512
        r hdel bin $f
    } {1}

    test {Fields that look like numbers are kept as written} {
        r del nums
        r hset nums 1 a 01 b -1 c 1.0 d 9223372036854775808 e
        assert_equal [r hmget nums 1 01 -1 1.0 9223372036854775808] {a b c d e}
        assert_equal [lsort [r hkeys nums]] [lsort {1 01 -1 1.0 9223372036854775808}]
        r hset nums v1 007 v2 -0 v3 123
        r hmget nums v1 v2 v3
    } {007 -0 123}

    # ------------------------------------------------ encoding conversions

    test {A listpack becomes a hash table when an entry is added past the limit} {
        r config set hash-max-listpack-entries 4
        r del h
        assert_equal [r hset h a 1 b 2 c 3 d 4] 4
        assert_encoding listpack h
        # Replacing values of a full listpack does not convert it.
        r hset h d 5 a 9
        assert_encoding listpack h
        # Four distinct fields out of five pairs: still fits.
        r del h2
        r hset h2 a 1 b 2 c 3 d 4 a 5
        assert_encoding listpack h2
        r hset h e 5
        assert_encoding hashtable h
        # Deleting never converts back.
        r hdel h a b c d
        assert_encoding hashtable h
        r config set hash-max-listpack-entries 512
        r hgetall h
    } {e 5}

    test {HSETNX, HINCRBY and HINCRBYFLOAT convert on the entry limit too} {
        r config set hash-max-listpack-entries 4
        foreach {cmd arg} {hsetnx x hincrby 1 hincrbyfloat 1.5} {
            r del h
            r hset h a 1 b 2 c 3 d 4
            r $cmd h e $arg
            assert_encoding hashtable h
        }
        r config set hash-max-listpack-entries 512
    } {OK}

    test {A value or field longer than hash-max-listpack-value converts} {
        r config set hash-max-listpack-value 8
        set long [string repeat x 9]
        set fits [string repeat x 8]
        r del h
        r hset h a 1
        r hset h a $fits $fits 1
        assert_encoding listpack h
        r hset h a $long
        assert_encoding hashtable h
        r del h
        r hset h a 1
        r hset h $long 1
        assert_encoding hashtable h
        # A new key with a long value is a hash table from the start.
        r del h
        r hset h a $long
        assert_encoding hashtable h
        r config set hash-max-listpack-value 64
        r hget h a
    } {xxxxxxxxx}

    test {HSET checks every argument before writing: a long field value converts even if unchanged} {
        r config set hash-max-listpack-value 8
        r del h
        r hset h a 1
        # The long string is an existing field's new value...
        r hset h a [string repeat y 20]
        assert_encoding hashtable h
        # ...or comes with fields that are too short to matter.
        r del h
        r hset h a 1 b 2
        r hset h c 3 d [string repeat z 9]
        assert_encoding hashtable h
        r config set hash-max-listpack-value 64
    } {OK}

    test {HSETNX does not convert when the field already exists} {
        r config set hash-max-listpack-value 8
        r del h
        r hset h a 1
        assert_equal [r hsetnx h a [string repeat x 20]] 0
        assert_encoding listpack h
        assert_equal [r hsetnx h b [string repeat x 20]] 1
        assert_encoding hashtable h
        r config set hash-max-listpack-value 64
    } {OK}

    test {A hash left over the entry limit by CONFIG SET converts on its next update} {
        foreach update {{hset h a 9} {hmset h a 9} {hincrby h a 1} {hincrbyfloat h a 1.5}} {
            r config set hash-max-listpack-entries 512
            r del h
            r hset h a 1 b 2 c 3
            r config set hash-max-listpack-entries 2
            assert_encoding listpack h
            # Reads and HSETNX on an existing field do not write.
            r hget h a
            assert_equal 0 [r hsetnx h a 5]
            assert_encoding listpack h
            r {*}$update
            assert_encoding hashtable h
            assert_equal 3 [r hlen h]
        }
        r config set hash-max-listpack-entries 512
    } {OK}

    test {HINCRBY with a long field, HINCRBYFLOAT with a long result convert} {
        r config set hash-max-listpack-value 8
        r del h
        r hset h a 1
        r hincrby h [string repeat f 9] 1
        assert_encoding hashtable h
        r del h
        r hset h a 1
        r hincrby h a 123456
        assert_encoding listpack h
        # 1e10 + 1 has 11 digits.
        r hincrbyfloat h a 1e10
        assert_encoding hashtable h
        r config set hash-max-listpack-value 64
        r hget h a
    } {10000123457}

    test {Limits of zero: every hash is a hash table, or only empty strings fit} {
        r config set hash-max-listpack-entries 0
        r del h
        r hset h a 1
        assert_encoding hashtable h
        r config set hash-max-listpack-entries 10
        r config set hash-max-listpack-value 0
        r del h h2
        r hset h "" ""
        assert_encoding listpack h
        r hset h2 a ""
        assert_encoding hashtable h2
        r del h
        r hincrby h "" 1
        assert_encoding hashtable h
        r config set hash-max-listpack-entries 512
        r config set hash-max-listpack-value 64
    } {OK}

    test {The ziplist names of the limits are aliases of the listpack ones} {
        r config set hash-max-ziplist-entries 3
        r config set hash-max-ziplist-value 5
        assert_equal [r config get hash-max-listpack-entries] {hash-max-listpack-entries 3}
        assert_equal [r config get hash-max-listpack-value] {hash-max-listpack-value 5}
        assert_equal [r config get hash-max-ziplist-entries] {hash-max-ziplist-entries 3}
        r del h
        r hset h a 1 b 2 c 3
        assert_encoding listpack h
        r hset h d 4
        assert_encoding hashtable h
        r del h
        r hset h a 12345
        assert_encoding listpack h
        r hset h a 123456
        assert_encoding hashtable h
        r config set hash-max-listpack-entries 512
        r config set hash-max-listpack-value 64
        assert_equal [r config get hash-max-ziplist-entries] {hash-max-ziplist-entries 512}
        r config get hash-max-ziplist-value
    } {hash-max-ziplist-value 64}

    test {Conversion keeps the content, numbers included} {
        r config set hash-max-listpack-entries 8
        r del h
        set ref [dict create]
        foreach {f v} {a 1 b -2 c 3.5 d {} 10 9223372036854775807 e -9223372036854775808 f 007} {
            r hset h $f $v
            dict set ref $f $v
        }
        assert_encoding listpack h
        set before [hash_sorted_pairs [r hgetall h]]
        r hset h g x h y
        dict set ref g x
        dict set ref h y
        assert_encoding hashtable h
        r config set hash-max-listpack-entries 512
        assert_equal [hash_sorted_pairs [r hgetall h]] [hash_sorted_pairs $ref]
        assert_equal [hash_sorted_pairs [r hgetall h]] [lsort [concat $before {{g x} {h y}}]]
        r hincrby h e 1
    } {-9223372036854775807}

    # ------------------------------------------------ HINCRBY / HINCRBYFLOAT

    test {HINCRBY on a new key creates it} {
        r del h
        list [r hincrby h f 3] [r hget h f] [r type h]
    } {3 3 hash}

    test {HINCRBY errors: not an integer, overflow, bad increment} {
        r del h
        r hset h str abc float 1.5 spaced " 1" big 9223372036854775807 small -9223372036854775808 lead 01
        assert_error "ERR hash value is not an integer" {r hincrby h str 1}
        assert_error "ERR hash value is not an integer" {r hincrby h float 1}
        assert_error "ERR hash value is not an integer" {r hincrby h spaced 1}
        assert_error "ERR hash value is not an integer" {r hincrby h lead 1}
        assert_error "ERR increment or decrement would overflow" {r hincrby h big 1}
        assert_error "ERR increment or decrement would overflow" {r hincrby h small -1}
        assert_error "ERR value is not an integer or out of range" {r hincrby h new x}
        assert_error "ERR value is not an integer or out of range" {r hincrby h new 1.5}
        assert_error "ERR value is not an integer or out of range" {r hincrby h new 9223372036854775808}
        assert_error "ERR value is not an integer or out of range" {r hincrby h new ""}
        # Nothing was written.
        assert_equal [r hexists h new] 0
        list [r hincrby h big -1] [r hincrby h small 1] [r hget h str]
    } {9223372036854775806 -9223372036854775807 abc}

    test {HINCRBY reaches the extremes exactly} {
        r del h
        r hset h a 9223372036854775806 b -9223372036854775807
        list [r hincrby h a 1] [r hincrby h b -1] [r hincrby h c -9223372036854775808]
    } {9223372036854775807 -9223372036854775808 -9223372036854775808}

    test {HINCRBYFLOAT formats its result like INCRBYFLOAT} {
        r del h
        set res {}
        lappend res [r hincrbyfloat h a 10.5]
        lappend res [r hincrbyfloat h a 0.1]
        lappend res [r hincrbyfloat h b 3.0000000000000000001]
        lappend res [r hincrbyfloat h b -3]
        lappend res [r hincrbyfloat h c 5.0e3]
        lappend res [r hincrbyfloat h c 2.0e2]
        lappend res [r hincrbyfloat h d 1e-20]
        lappend res [r hincrbyfloat h e 0x10]
        lappend res [r hincrbyfloat h f -1.5]
        r hset h g 7
        lappend res [r hincrbyfloat h g 0.5]
        set res
    } {10.5 10.6 3 0 5000 5200 0 16 -1.5 7.5}

    test {HINCRBYFLOAT works on very large values} {
        r del h
        set v [r hincrbyfloat h a 1e300]
        assert_equal [string length $v] 301
        assert_match 1000000000000000* $v
        r hset h b 1e4932
        set v [r hincrbyfloat h b 0]
        assert_equal [string length $v] 4933
        assert_match 1000000000000000* $v
        # Past the long double range: refused, and the value is kept.
        assert_error "ERR increment would produce NaN or Infinity" {r hincrbyfloat h b 1e4932}
        assert_equal [r hget h b] $v
        r hset h c 1e4932
        assert_error "ERR increment would produce NaN or Infinity" {r hincrbyfloat h c 1e4932}
        r hget h c
    } {1e4932}

    test {HINCRBYFLOAT errors} {
        r del h
        r hset h str abc spaced " 1" trailing "1 " num 1
        assert_error "ERR hash value is not a float" {r hincrbyfloat h str 1}
        assert_error "ERR hash value is not a float" {r hincrbyfloat h spaced 1}
        assert_error "ERR hash value is not a float" {r hincrbyfloat h trailing 1}
        assert_error "ERR value is not a valid float" {r hincrbyfloat h num abc}
        assert_error "ERR value is not a valid float" {r hincrbyfloat h num nan}
        assert_error "ERR value is not a valid float" {r hincrbyfloat h num ""}
        assert_error "ERR value is NaN or Infinity" {r hincrbyfloat h num inf}
        assert_error "ERR value is NaN or Infinity" {r hincrbyfloat h num -inf}
        # A bad increment is refused before the key is even looked at.
        assert_error "ERR value is not a valid float" {r hincrbyfloat nokey f abc}
        assert_equal [r exists nokey] 0
        r hget h num
    } {1}

    # ------------------------------------------------ errors

    test {Every hash command refuses a key of another type} {
        r del s
        r set s value
        set cmds {
            {hset s a b} {hmset s a b} {hsetnx s a b} {hget s a} {hmget s a b}
            {hdel s a} {hlen s} {hstrlen s a} {hexists s a} {hkeys s} {hvals s}
            {hgetall s} {hincrby s a 1} {hincrbyfloat s a 1} {hrandfield s}
            {hrandfield s 1} {hrandfield s 0} {hrandfield s -1 withvalues} {hscan s 0}
        }
        foreach cmd $cmds {
            assert_error "WRONGTYPE Operation against a key holding the wrong kind of value" {r {*}$cmd}
        }
        r get s
    } {value}

    test {Wrong number of arguments} {
        r del h
        assert_error "ERR wrong number of arguments for 'hset' command" {r hset h}
        assert_error "ERR wrong number of arguments for 'hset' command" {r hset h a}
        assert_error "ERR wrong number of arguments for 'hset' command" {r hset h a b c}
        assert_error "ERR wrong number of arguments for 'hmset' command" {r hmset h a}
        assert_error "ERR wrong number of arguments for 'hmset' command" {r hmset h a b c}
        assert_error "ERR wrong number of arguments for 'hsetnx' command" {r hsetnx h a}
        assert_error "ERR wrong number of arguments for 'hget' command" {r hget h}
        assert_error "ERR wrong number of arguments for 'hmget' command" {r hmget h}
        assert_error "ERR wrong number of arguments for 'hdel' command" {r hdel h}
        assert_error "ERR wrong number of arguments for 'hlen' command" {r hlen h x}
        assert_error "ERR wrong number of arguments for 'hstrlen' command" {r hstrlen h}
        assert_error "ERR wrong number of arguments for 'hexists' command" {r hexists h}
        assert_error "ERR wrong number of arguments for 'hkeys' command" {r hkeys}
        assert_error "ERR wrong number of arguments for 'hvals' command" {r hvals h x}
        assert_error "ERR wrong number of arguments for 'hgetall' command" {r hgetall}
        assert_error "ERR wrong number of arguments for 'hincrby' command" {r hincrby h a}
        assert_error "ERR wrong number of arguments for 'hincrbyfloat' command" {r hincrbyfloat h a}
        assert_error "ERR wrong number of arguments for 'hrandfield' command" {r hrandfield}
        assert_error "ERR wrong number of arguments for 'hscan' command" {r hscan h}
        # No command above created the key.
        r exists h
    } {0}

    test {Missing keys read as empty hashes} {
        r del nokey
        list [r hget nokey a] [r hmget nokey a b] [r hlen nokey] [r hstrlen nokey a] \
            [r hexists nokey a] [r hkeys nokey] [r hvals nokey] [r hgetall nokey] \
            [r hdel nokey a] [r hrandfield nokey] [r hrandfield nokey 5] \
            [r hrandfield nokey -5 withvalues] [r hscan nokey 0] [r exists nokey]
    } {{} {{} {}} 0 0 0 {} {} {} 0 {} {} {} {0 {}} 0}

    test {HRANDFIELD errors} {
        r del h
        r hset h a 1 b 2
        assert_error "ERR value is not an integer or out of range" {r hrandfield h x}
        assert_error "ERR value is not an integer or out of range" {r hrandfield nokey 1.5}
        assert_error "ERR syntax error" {r hrandfield h 1 withvalue}
        assert_error "ERR syntax error" {r hrandfield h 1 withvalues extra}
        assert_error "ERR syntax error" {r hrandfield nokey 1 foo}
        assert_error "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807" \
            {r hrandfield h -9223372036854775808}
        # Pairs double the length of the reply: it must stay representable.
        assert_error "ERR value is out of range" {r hrandfield h -9223372036854775807 withvalues}
        assert_error "ERR value is out of range" {r hrandfield h -4611686018427387904 withvalues}
        assert_error "ERR value is out of range" {r hrandfield nokey -4611686018427387904 withvalues}
        assert_error "ERR value is out of range" {r hrandfield h 4611686018427387904 withvalues}
        assert_error "ERR value is out of range" {r hrandfield h 9223372036854775807 withvalues}
        # Up to those bounds, a count above the size is the whole hash.
        assert_equal [lsort [r hrandfield h 9223372036854775807]] {a b}
        lsort [r hrandfield h 4611686018427387903 WITHVALUES]
    } {1 2 a b}

    test {HSCAN errors} {
        r del h
        r hset h a 1
        assert_error "ERR invalid cursor" {r hscan h x}
        assert_error "ERR invalid cursor" {r hscan nokey x}
        assert_error "ERR syntax error" {r hscan h 0 count 0}
        assert_error "ERR syntax error" {r hscan h 0 count -1}
        assert_error "ERR syntax error" {r hscan h 0 foo}
        assert_error "ERR syntax error" {r hscan h 0 match}
        assert_error "ERR syntax error" {r hscan h 0 type string}
        assert_error "ERR value is not an integer or out of range" {r hscan h 0 count x}
        # A missing key answers the empty scan before looking at options.
        r hscan nokey 0 count 0
    } {0 {}}

    # ------------------------------------------------ RESP3 and raw replies

    test {HGETALL is a map in RESP3, an array in RESP2} {
        r del h
        r hset h a 1
        set c [redis_client]
        $c readraw 1
        set res [list [$c hgetall h] [$c read] [$c read] [$c read] [$c read]]
        $c close
        set c [redis_client]
        $c hello 3
        $c readraw 1
        lappend res [$c hgetall h] [$c read] [$c read] [$c read] [$c read]
        lappend res [$c hgetall nokey] [$c hkeys h] [$c read] [$c read] [$c hkeys nokey]
        $c close
        set res
    } {*2 {$1} a {$1} 1 %1 {$1} a {$1} 1 %0 *1 {$1} a *0}

    test {Nulls in RESP2 and RESP3} {
        r del h
        r hset h a 1
        set c [redis_client]
        $c readraw 1
        set res [list [$c hget h nosuch] [$c hrandfield nokey] [$c hmget nokey x] [$c read]]
        $c close
        set c [redis_client]
        $c hello 3
        $c readraw 1
        lappend res [$c hget h nosuch] [$c hrandfield nokey] [$c hmget h x] [$c read]
        $c close
        set res
    } {{$-1} {$-1} *1 {$-1} _ _ *1 _}

    test {HRANDFIELD WITHVALUES: flat in RESP2, pairs in RESP3, in both encodings} {
        foreach limit {512 0} {
            r config set hash-max-listpack-entries $limit
            r del h
            r hset h a 1 b 2 c 3
            # RESP2: field, value, field, value.
            set c [redis_client]
            $c readraw 1
            foreach count {2 -2 10} len {4 4 6} {
                assert_equal [$c hrandfield h $count withvalues] "*$len"
                for {set i 0} {$i < $len} {incr i} { $c read; $c read }
            }
            $c close
            # RESP3: an array of [field, value] arrays.
            set c [redis_client]
            $c hello 3
            $c readraw 1
            foreach count {2 -2 10} len {2 2 3} {
                assert_equal [$c hrandfield h $count withvalues] "*$len"
                for {set i 0} {$i < $len} {incr i} {
                    assert_equal [$c read] "*2"
                    assert_equal [$c read] {$1}
                    set f [$c read]
                    assert_equal [$c read] {$1}
                    set v [$c read]
                    assert_equal [dict get {a 1 b 2 c 3} $f] $v
                }
            }
            # Without WITHVALUES: a flat array of fields.
            assert_equal [$c hrandfield h -3] "*3"
            for {set i 0} {$i < 3} {incr i} { $c read; $c read }
            assert_equal [$c hrandfield h 1] "*1"
            $c read; $c read
            # Without count: a bulk.
            assert_equal [$c hrandfield h] {$1}
            $c read
            $c close
        }
        r config set hash-max-listpack-entries 512
    } {OK}

    test {HRANDFIELD WITHVALUES in RESP3 as seen by the client: pairs} {
        r del h
        r hset h a 1 b 2 c 3
        set c [redis_client]
        $c hello 3
        set res [$c hrandfield h 3 withvalues]
        $c close
        lsort $res
    } {{a 1} {b 2} {c 3}}

    # ------------------------------------------------ COPY and DIGEST

    test {COPY of a hash keeps content and encoding, and is independent} {
        foreach limit {512 1} enc {listpack hashtable} {
            r config set hash-max-listpack-entries $limit
            r del src dst
            r hset src a 1 b [string repeat x 60] c -5
            r config set hash-max-listpack-entries 512
            assert_encoding $enc src
            assert_equal [r copy src dst] 1
            assert_encoding $enc dst
            assert_equal [hash_sorted_pairs [r hgetall dst]] [hash_sorted_pairs [r hgetall src]]
            r hset dst a changed
            r hdel dst c
            assert_equal [r hget src a] 1
            assert_equal [r hget src c] -5
            assert_equal [r hlen src] 3
        }
        r config set hash-max-listpack-entries 512
    } {OK}

    test {DEBUG DIGEST-VALUE is the same for the same content in both encodings} {
        r config set hash-max-listpack-entries 512
        r del lp ht other swapped htcopy
        r hset lp a 1 b 2 c hello num 12345
        r config set hash-max-listpack-entries 1
        r hset ht num 12345 c hello b 2 a 1
        r config set hash-max-listpack-entries 512
        assert_encoding listpack lp
        assert_encoding hashtable ht
        set d1 [r debug digest-value lp]
        assert_equal [r debug digest-value ht] $d1
        # A different value, or field and value swapped, changes it.
        r hset other a 1 b 2 c hello num 12346
        assert_not_equal [r debug digest-value other] $d1
        r hset swapped 1 a b 2 c hello num 12345
        assert_not_equal [r debug digest-value swapped] $d1
        r copy ht htcopy
        assert_equal [r debug digest-value htcopy] $d1
        # The digest follows the content through a conversion.
        r hset lp big [string repeat z 100]
        r hset ht big [string repeat z 100]
        assert_encoding hashtable lp
        assert_equal [r debug digest-value lp] [r debug digest-value ht]
    } {} {needs:debug}

    test {DEBUG HTSTATS-KEY and LISTPACK follow the encoding} {
        r del lp ht
        r hset lp a 1
        r config set hash-max-listpack-entries 1
        r hset ht a 1 b 2
        r config set hash-max-listpack-entries 512
        assert_error "ERR The value stored at the specified key is not represented using an hash table" \
            {r debug htstats-key lp}
        assert_match "*number of elements: 2*" [r debug htstats-key ht]
        r debug listpack lp
    } {Listpack structure printed on stdout} {needs:debug}

    # ------------------------------------------------ a randomized model

    foreach {enc limit} {listpack 512 hashtable 0} {
        test "Random operations agree with a model ($enc)" {
            r config set hash-max-listpack-entries $limit
            # Values up to 300 bytes: the listpack run must stay a listpack.
            r config set hash-max-listpack-value 1024
            r del h
            set model [dict create]
            for {set i 0} {$i < 2000} {incr i} {
                set f [randomInt 40]
                switch [randomInt 6] {
                    0 - 1 {
                        set v [randstring 0 [expr {[randomInt 10] ? 20 : 300}] alpha]
                        set added [expr {![dict exists $model $f]}]
                        assert_equal [r hset h $f $v] $added
                        dict set model $f $v
                    }
                    2 {
                        set existed [dict exists $model $f]
                        assert_equal [r hdel h $f] $existed
                        dict unset model $f
                    }
                    3 {
                        # Not [expr {... ? ... : ...}]: expr would turn a
                        # value like "02" into the number 2.
                        set expected {}
                        if {[dict exists $model $f]} { set expected [dict get $model $f] }
                        assert_equal [r hget h $f] $expected
                    }
                    4 {
                        set cur 0
                        if {[dict exists $model $f]} { set cur [dict get $model $f] }
                        # Redis's integers: no sign but '-', no leading zero.
                        if {[regexp {^(0|-?[1-9][0-9]{0,8})$} $cur]} {
                            assert_equal [r hincrby h $f 3] [expr {$cur + 3}]
                            dict set model $f [expr {$cur + 3}]
                        } else {
                            assert_error "ERR hash value is not an integer" {r hincrby h $f 3}
                        }
                    }
                    5 {
                        set v [randomInt 1000]
                        set added [expr {![dict exists $model $f]}]
                        assert_equal [r hsetnx h $f $v] $added
                        if {$added} { dict set model $f $v }
                    }
                }
            }
            assert_equal [r hlen h] [dict size $model]
            if {[dict size $model]} {
                assert_equal [hash_sorted_pairs [r hgetall h]] [hash_sorted_pairs $model]
                assert_encoding $enc h
            }
            r config set hash-max-listpack-value 64
            r config set hash-max-listpack-entries 512
        } {OK}
    }
}
