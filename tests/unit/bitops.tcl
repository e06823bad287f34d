# Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP over string
# values (BITFIELD has its own file, unit/bitfield.tcl).  Bit 0 is the most
# significant bit of the first byte.  Every error reply is checked word for
# word as Redis 7.0 gives it, ranges are tried in bytes and in bits with
# negative, inverted and out of range indexes, and the counting, searching
# and combining commands are compared with a plain Tcl model over random
# strings.

# ------------------------------------------------------------ Tcl model

# The string as a list of 0/1, bit 0 first.
proc bitmap_bits {s} {
    set bits {}
    foreach ch [split $s ""] {
        set b [scan $ch %c]
        for {set i 7} {$i >= 0} {incr i -1} { lappend bits [expr {($b >> $i) & 1}] }
    }
    return $bits
}

# Indexes as BITCOUNT and BITPOS normalize them: from the end when negative,
# then clamped into 0..total-1.  Returns {} for an empty range.
proc bitmap_range {start end total} {
    if {$start < 0} { set start [expr {$total + $start}] }
    if {$end < 0} { set end [expr {$total + $end}] }
    if {$start < 0} { set start 0 }
    if {$end < 0} { set end 0 }
    if {$end >= $total} { set end [expr {$total - 1}] }
    if {$start > $end} { return {} }
    list $start $end
}

# The bit range first..last covered by start..end in 'unit' (byte or bit).
proc bitmap_bit_range {s start end unit} {
    set total [string length $s]
    if {$unit eq "bit"} { set total [expr {$total * 8}] }
    set r [bitmap_range $start $end $total]
    if {$r eq {}} { return {} }
    lassign $r start end
    if {$unit eq "bit"} { return [list $start $end] }
    list [expr {$start * 8}] [expr {$end * 8 + 7}]
}

proc model_bitcount {s {start 0} {end -1} {unit byte}} {
    if {$start < 0 && $end < 0 && $start > $end} { return 0 }
    set r [bitmap_bit_range $s $start $end $unit]
    if {$r eq {}} { return 0 }
    set n 0
    foreach b [lrange [bitmap_bits $s] {*}$r] { incr n $b }
    return $n
}

# BITPOS: with no explicit end, a string with no clear bit is taken as
# followed by zeros.
proc model_bitpos {s bit {start 0} {end {}} {unit byte}} {
    set end_given [expr {$end ne {}}]
    if {!$end_given} { set end -1 }
    set r [bitmap_bit_range $s $start $end $unit]
    if {$r eq {}} { return -1 }
    lassign $r first last
    set bits [bitmap_bits $s]
    for {set i $first} {$i <= $last} {incr i} {
        if {[lindex $bits $i] == $bit} { return $i }
    }
    if {$bit == 0 && !$end_given} { return [expr {$last + 1}] }
    return -1
}

# BITOP on Tcl strings, shorter operands padded with zero bytes.
proc model_bitop {op args} {
    set maxlen 0
    foreach s $args { if {[string length $s] > $maxlen} { set maxlen [string length $s] } }
    set res ""
    for {set i 0} {$i < $maxlen} {incr i} {
        set acc {}
        foreach s $args {
            set b [expr {$i < [string length $s] ? [scan [string index $s $i] %c] : 0}]
            if {$acc eq {}} {
                set acc $b
            } else {
                switch $op {
                    and { set acc [expr {$acc & $b}] }
                    or { set acc [expr {$acc | $b}] }
                    xor { set acc [expr {$acc ^ $b}] }
                }
            }
        }
        if {$op eq "not"} { set acc [expr {~$acc & 255}] }
        append res [format %c $acc]
    }
    return $res
}

# A random binary string of 0..maxlen bytes.  Palettes make long runs of
# zero or 0xff bytes likely, so that the word-at-a-time paths (skipping
# whole words, partial words at both ends) get exercised.
proc bitmap_random_string {maxlen} {
    set len [randomInt [expr {$maxlen + 1}]]
    set palette [lindex {{0 255} {0 0 0 1 128} {255 255 254 127} {}} [randomInt 4]]
    set s ""
    for {set i 0} {$i < $len} {incr i} {
        if {$palette eq {}} {
            append s [format %c [randomInt 256]]
        } else {
            append s [format %c [lindex $palette [randomInt [llength $palette]]]]
        }
    }
    return $s
}

proc rdb_changes {} { s rdb_changes_since_last_save }

start_server {tags {"bitops"}} {
    # ------------------------------------------------------------ SETBIT / GETBIT

    test {SETBIT creates the key and returns the previous bit} {
        r del bk
        assert_equal [r setbit bk 1 1] 0
        assert_equal [r setbit bk 1 1] 1
        assert_equal [r get bk] "\x40"
        assert_equal [r setbit bk 1 0] 1
        r get bk
    } "\x00"

    test {SETBIT orders bits from the most significant bit of each byte} {
        r del bk
        r setbit bk 0 1
        r setbit bk 7 1
        r setbit bk 8 1
        r setbit bk 23 1
        r get bk
    } "\x81\x80\x01"

    test {SETBIT grows the string with zero bytes up to the bit} {
        r set bk "a"
        assert_equal [r setbit bk 39 1] 0
        assert_equal [r strlen bk] 5
        r get bk
    } "a\x00\x00\x00\x01"

    test {SETBIT of a clear bit on a missing key still creates it} {
        r del bk
        assert_equal [r setbit bk 20 0] 0
        assert_equal [r exists bk] 1
        r get bk
    } "\x00\x00\x00"

    test {SETBIT makes int and embstr values raw} {
        r set bk 12345
        assert_encoding int bk
        assert_equal [r setbit bk 0 0] 0
        assert_encoding raw bk
        assert_equal [r get bk] 12345
        r set bk2 "short"
        assert_encoding embstr bk2
        r setbit bk2 2 0
        assert_encoding raw bk2
        r get bk2
    } {Short}

    test {SETBIT on an int value sees its decimal digits} {
        r set bk 1
        # "1" is 0x31: bits 2, 3 and 7 are set.
        assert_equal [r setbit bk 7 0] 1
        r get bk
    } {0}

    test {SETBIT keeps the TTL} {
        r set bk "abc" ex 100
        r setbit bk 100 1
        assert_range [r ttl bk] 90 100
    }

    test {SETBIT counts as a change only when it changes something} {
        r del bk
        set before [rdb_changes]
        r setbit bk 3 0
        assert_equal [rdb_changes] [expr {$before + 1}]
        # Same bit, same value, no growth: not a change.
        r setbit bk 3 0
        assert_equal [rdb_changes] [expr {$before + 1}]
        r setbit bk 3 1
        assert_equal [rdb_changes] [expr {$before + 2}]
        r setbit bk 3 1
        assert_equal [rdb_changes] [expr {$before + 2}]
        # Growing the string is a change even if the bit stays clear.
        r setbit bk 100 0
        assert_equal [rdb_changes] [expr {$before + 3}]
    }

    test {SETBIT and GETBIT offset errors} {
        r del bk
        foreach off {-1 x 1.5 "" 4294967296 99999999999999999999 " 1"} {
            assert_error "ERR bit offset is not an integer or out of range" {r setbit bk $off 1}
            assert_error "ERR bit offset is not an integer or out of range" {r getbit bk $off}
        }
        r exists bk
    } {0}

    test {SETBIT bit value errors} {
        r del bk
        foreach v {2 -1 x 1.0 "" 9999999999999999999999} {
            assert_error "ERR bit is not an integer or out of range" {r setbit bk 0 $v}
        }
        # The offset is checked first.
        assert_error "ERR bit offset *" {r setbit bk -1 2}
        r exists bk
    } {0}

    test {GETBIT reads the highest offset allowed without allocating} {
        r del bk
        assert_equal [r getbit bk 4294967295] 0
        r set bk "\xff"
        assert_equal [r getbit bk 4294967295] 0
        r getbit bk 7
    } {1}

    test {SETBIT up to the last bit proto-max-bulk-len allows} {
        set old [lindex [r config get proto-max-bulk-len] 1]
        r config set proto-max-bulk-len 1048576
        r del bk
        # 1 MB holds bits 0..8388607.
        assert_equal [r setbit bk 8388607 1] 0
        assert_equal [r strlen bk] 1048576
        assert_equal [r getbit bk 8388607] 1
        assert_error "ERR bit offset is not an integer or out of range" {r setbit bk 8388608 1}
        assert_error "ERR bit offset is not an integer or out of range" {r getbit bk 8388608}
        r config set proto-max-bulk-len $old
        r del bk
    } {1}

    test {GETBIT of a missing key and past the end is 0} {
        r del bk
        assert_equal [r getbit bk 0] 0
        r set bk "\x80"
        list [r getbit bk 0] [r getbit bk 1] [r getbit bk 8] [r getbit bk 1000]
    } {1 0 0 0}

    test {GETBIT on an int-encoded value} {
        r set bk 12
        # "12" is 0x31 0x32.
        set bits {}
        for {set i 0} {$i < 16} {incr i} { lappend bits [r getbit bk $i] }
        assert_encoding int bk
        set bits
    } {0 0 1 1 0 0 0 1 0 0 1 1 0 0 1 0}

    test {SETBIT/GETBIT against a key of another type} {
        r del lk
        r rpush lk a
        assert_error "WRONGTYPE*" {r setbit lk 0 1}
        assert_error "WRONGTYPE*" {r getbit lk 0}
        # Argument errors come before the type check.
        assert_error "ERR bit is not an integer or out of range" {r setbit lk 0 2}
        assert_error "ERR bit offset *" {r getbit lk x}
        r lrange lk 0 -1
    } {a}

    test {SETBIT/GETBIT wrong number of arguments} {
        assert_error "ERR wrong number of arguments for 'setbit' command" {r setbit bk 0}
        assert_error "ERR wrong number of arguments for 'setbit' command" {r setbit bk 0 1 1}
        assert_error "ERR wrong number of arguments for 'getbit' command" {r getbit bk}
    }

    test {SETBIT then GETBIT agree with a Tcl model} {
        r del bk
        set model {}
        for {set i 0} {$i < 500} {incr i} {
            set off [randomInt 300]
            set v [randomInt 2]
            set old [expr {[dict exists $model $off] ? [dict get $model $off] : 0}]
            assert_equal [r setbit bk $off $v] $old
            dict set model $off $v
        }
        for {set off 0} {$off < 310} {incr off} {
            set want [expr {[dict exists $model $off] ? [dict get $model $off] : 0}]
            assert_equal [r getbit bk $off] $want "bit $off"
        }
    }

    # ------------------------------------------------------------ BITCOUNT

    test {BITCOUNT of a missing and an empty key} {
        r del bk
        r set empty ""
        list [r bitcount bk] [r bitcount empty] [r bitcount empty 0 -1] [r bitcount empty 0 -1 bit]
    } {0 0 0 0}

    test {BITCOUNT of the documentation's example} {
        r set bk foobar
        list [r bitcount bk] [r bitcount bk 0 0] [r bitcount bk 1 1] [r bitcount bk 1 1 byte] \
            [r bitcount bk 5 30 bit] [r bitcount bk 0 -1 BiT] [r bitcount bk 1 -2 BYTE]
    } {26 4 6 6 17 26 18}

    test {BITCOUNT with negative, inverted and huge indexes} {
        r set bk foobar
        assert_equal [r bitcount bk -1 -1] [model_bitcount foobar -1 -1]
        assert_equal [r bitcount bk -100 100] 26
        assert_equal [r bitcount bk 0 9223372036854775807] 26
        assert_equal [r bitcount bk -9223372036854775808 -1] 26
        assert_equal [r bitcount bk 3 2] 0
        assert_equal [r bitcount bk 6 10] 0
        assert_equal [r bitcount bk 48 100 bit] 0
        # Both from the end and start past end: empty, even though clamping
        # would have made them both 0.
        assert_equal [r bitcount bk -100 -200] 0
        assert_equal [r bitcount bk -2 -3 bit] 0
        # Only end negative: clamped to the first byte.
        r bitcount bk 0 -200
    } {4}

    test {BITCOUNT in bits within a single byte and across bytes} {
        r set bk "\xff\xff\xff"
        list [r bitcount bk 1 1 bit] [r bitcount bk 1 6 bit] [r bitcount bk 7 8 bit] \
            [r bitcount bk 3 20 bit] [r bitcount bk -3 -1 bit] [r bitcount bk 0 23 bit]
    } {1 6 2 18 3 24}

    test {BITCOUNT of an int-encoded value counts its digits' bits} {
        r set bk 12345
        assert_encoding int bk
        list [r bitcount bk] [r bitcount bk 1 1] [r bitcount bk 0 3 bit]
    } {17 3 2}

    test {BITCOUNT of a long string (word at a time path) matches the model} {
        # Lengths around multiples of 8 and 32 bytes.
        foreach len {7 8 9 31 32 33 63 64 65 100 257} {
            set s ""
            for {set i 0} {$i < $len} {incr i} { append s [format %c [randomInt 256]] }
            r set bk $s
            assert_equal [r bitcount bk] [model_bitcount $s] "len $len"
            assert_equal [r bitcount bk 1 -2] [model_bitcount $s 1 -2] "len $len"
            assert_equal [r bitcount bk 3 [expr {$len * 8 - 5}] bit] [model_bitcount $s 3 [expr {$len * 8 - 5}] bit]
        }
    }

    test {BITCOUNT of a 1 MB string of 0xff} {
        r set bk [string repeat "\xff" 1048576]
        list [r bitcount bk] [r bitcount bk 1 -1] [r bitcount bk 1 -1 bit]
    } {8388608 8388600 8388607}

    test {BITCOUNT syntax and value errors} {
        r set bk foobar
        assert_error "ERR syntax error" {r bitcount bk 0}
        assert_error "ERR syntax error" {r bitcount bk 0 1 2 3}
        assert_error "ERR syntax error" {r bitcount bk 0 1 bits}
        assert_error "ERR syntax error" {r bitcount bk 0 1 bit x}
        assert_error "ERR value is not an integer or out of range" {r bitcount bk x 1}
        assert_error "ERR value is not an integer or out of range" {r bitcount bk 1 x}
        assert_error "ERR value is not an integer or out of range" {r bitcount bk x y foo}
        assert_error "ERR value is not an integer or out of range" {r bitcount bk 0 99999999999999999999}
        assert_error "ERR wrong number of arguments for 'bitcount' command" {r bitcount}
        # Negative, inverted indexes end the command before the unit is read.
        r bitcount bk -1 -2 foo
    } {0}

    test {BITCOUNT of a missing key replies 0 before parsing its arguments} {
        r del bk
        list [r bitcount bk x y] [r bitcount bk 0] [r bitcount bk 0 1 foo]
    } {0 0 0}

    test {BITCOUNT against a key of another type} {
        r del lk
        r rpush lk a
        assert_error "WRONGTYPE*" {r bitcount lk}
        assert_error "WRONGTYPE*" {r bitcount lk 0 -1}
    }

    # ------------------------------------------------------------ BITPOS

    test {BITPOS of a missing key: all zeros} {
        r del bk
        list [r bitpos bk 0] [r bitpos bk 1] [r bitpos bk 0 10 20] [r bitpos bk 1 5] [r bitpos bk 0 x]
    } {0 -1 0 -1 0}

    test {BITPOS of an empty string finds nothing} {
        r set bk ""
        list [r bitpos bk 0] [r bitpos bk 1] [r bitpos bk 0 0] [r bitpos bk 0 0 -1 bit]
    } {-1 -1 -1 -1}

    test {BITPOS of the documentation's examples} {
        r set bk "\xff\xf0\x00"
        assert_equal [r bitpos bk 0] 12
        r set bk "\x00\xff\xf0"
        assert_equal [r bitpos bk 1 0] 8
        assert_equal [r bitpos bk 1 2] 16
        assert_equal [r bitpos bk 1 2 -1 byte] 16
        assert_equal [r bitpos bk 1 7 15 bit] 8
        r set bk "\x00\x00\x00"
        assert_equal [r bitpos bk 1] -1
        r bitpos bk 1 7 -3 bit
    } {-1}

    test {BITPOS for a clear bit in an all-ones string} {
        r set bk "\xff\xff\xff"
        # No end given: the string continues with zeros after its end.
        assert_equal [r bitpos bk 0] 24
        assert_equal [r bitpos bk 0 1] 24
        # An explicit end: the range is exactly what was asked.
        assert_equal [r bitpos bk 0 0 -1] -1
        assert_equal [r bitpos bk 0 0 2] -1
        assert_equal [r bitpos bk 0 0 100] -1
        assert_equal [r bitpos bk 0 3 20 bit] -1
        r bitpos bk 0 1 1
    } {-1}

    test {BITPOS for a set bit in an all-zeros string} {
        r set bk [string repeat "\x00" 100]
        list [r bitpos bk 1] [r bitpos bk 1 0] [r bitpos bk 1 0 -1] [r bitpos bk 1 5 500 bit]
    } {-1 -1 -1 -1}

    test {BITPOS with bit ranges inside one byte} {
        r set bk "\x5a"
        # 0101 1010
        list [r bitpos bk 1 0 0 bit] [r bitpos bk 1 2 2 bit] [r bitpos bk 1 2 3 bit] \
            [r bitpos bk 0 1 3 bit] [r bitpos bk 0 4 4 bit] [r bitpos bk 0 4 5 bit] \
            [r bitpos bk 1 6 7 bit] [r bitpos bk 0 7 7 bit] [r bitpos bk 0 3 3 bit]
    } {-1 -1 3 2 -1 5 6 7 -1}

    test {BITPOS with negative, inverted and huge indexes} {
        r set bk "\x00\x0f\x00\xf0"
        assert_equal [r bitpos bk 1 -1] 24
        assert_equal [r bitpos bk 1 -2 -1] 24
        assert_equal [r bitpos bk 1 2 1] -1
        assert_equal [r bitpos bk 1 -1 -3] -1
        assert_equal [r bitpos bk 1 0 9223372036854775807] 12
        assert_equal [r bitpos bk 1 -9223372036854775808] 12
        assert_equal [r bitpos bk 1 100] -1
        assert_equal [r bitpos bk 0 100] -1
        # Both negative and inverted, unlike BITCOUNT, still clamp to byte 0.
        assert_equal [r bitpos bk 0 -100 -200] 0
        r bitpos bk 1 -100 -200
    } {-1}

    test {BITPOS past long runs (word at a time path)} {
        set s "[string repeat "\x00" 77]\x01[string repeat "\x00" 20]"
        r set bk $s
        assert_equal [r bitpos bk 1] [expr {77 * 8 + 7}]
        assert_equal [r bitpos bk 1 0 76] -1
        assert_equal [r bitpos bk 1 3 [expr {77 * 8 + 6}] bit] -1
        assert_equal [r bitpos bk 1 3 [expr {77 * 8 + 7}] bit] [expr {77 * 8 + 7}]
        set s "[string repeat "\xff" 65]\xfe[string repeat "\xff" 9]"
        r set bk $s
        assert_equal [r bitpos bk 0] [expr {65 * 8 + 7}]
        assert_equal [r bitpos bk 0 66] [expr {75 * 8}]
        r bitpos bk 0 66 -1
    } {-1}

    test {BITPOS of an int-encoded value} {
        r set bk 12
        # "12" is 0x31 0x32.
        list [r bitpos bk 1] [r bitpos bk 0] [r bitpos bk 1 1] [r bitpos bk 0 3 7 bit]
    } {2 0 10 4}

    test {BITPOS errors} {
        r set bk "\xff"
        assert_error "ERR The bit argument must be 1 or 0." {r bitpos bk 2}
        assert_error "ERR The bit argument must be 1 or 0." {r bitpos bk -1}
        assert_error "ERR value is not an integer or out of range" {r bitpos bk x}
        assert_error "ERR value is not an integer or out of range" {r bitpos bk 01}
        assert_error "ERR value is not an integer or out of range" {r bitpos bk 1 x}
        assert_error "ERR value is not an integer or out of range" {r bitpos bk 1 0 x}
        assert_error "ERR value is not an integer or out of range" {r bitpos bk 1 x 0 foo}
        assert_error "ERR syntax error" {r bitpos bk 1 0 x foo}
        assert_error "ERR syntax error" {r bitpos bk 1 0 1 bits}
        assert_error "ERR syntax error" {r bitpos bk 1 0 1 bit 3}
        assert_error "ERR wrong number of arguments for 'bitpos' command" {r bitpos bk}
        # The bit is checked even for a missing key.
        r del bk
        assert_error "ERR The bit argument must be 1 or 0." {r bitpos bk 5}
    }

    test {BITPOS against a key of another type} {
        r del lk
        r rpush lk a
        assert_error "WRONGTYPE*" {r bitpos lk 1}
        assert_error "ERR The bit argument must be 1 or 0." {r bitpos lk 3}
    }

    # ------------------------------------------------------------ BITOP

    test {BITOP AND, OR, XOR of equal length strings} {
        r set a "\xf0\x0f\xaa"
        r set b "\xcc\xcc\xff"
        assert_equal [r bitop and d a b] 3
        assert_equal [r get d] "\xc0\x0c\xaa"
        assert_equal [r bitop or d a b] 3
        assert_equal [r get d] "\xfc\xcf\xff"
        assert_equal [r bitop xor d a b] 3
        r get d
    } "\x3c\xc3\x55"

    test {BITOP NOT} {
        r set a "\xf0\x0f\x00"
        assert_equal [r bitop not d a] 3
        r get d
    } "\x0f\xf0\xff"

    test {BITOP pads shorter operands and missing keys with zeros} {
        r set a "\xff\xff\xff"
        r set b "\x0f"
        r del nokey
        assert_equal [r bitop and d a b] 3
        assert_equal [r get d] "\x0f\x00\x00"
        assert_equal [r bitop or d b a] 3
        assert_equal [r get d] "\xff\xff\xff"
        assert_equal [r bitop xor d b a] 3
        assert_equal [r get d] "\xf0\xff\xff"
        assert_equal [r bitop and d a nokey] 3
        assert_equal [r get d] "\x00\x00\x00"
        assert_equal [r bitop or d nokey b] 1
        r get d
    } "\x0f"

    test {BITOP operator names are case insensitive} {
        r set a "\x0f"
        r set b "\xf0"
        list [r bitop OR d a b] [r get d] [r bitop Xor d a b] [r bitop aNd d a b] [r get d] [r bitop NoT d a] [r get d]
    } [list 1 "\xff" 1 1 "\x00" 1 "\xf0"]

    test {BITOP with a single source copies (or inverts) it} {
        r set a "hello"
        foreach op {and or xor} {
            assert_equal [r bitop $op d a] 5
            assert_equal [r get d] hello
        }
    }

    test {BITOP with the destination among the sources} {
        r set a "\x01\x02"
        r set b "\x10"
        assert_equal [r bitop or a a b] 2
        r get a
    } "\x11\x02"

    test {BITOP with an empty result deletes the destination} {
        r set d "old"
        r del nokey nokey2
        assert_equal [r bitop and d nokey nokey2] 0
        assert_equal [r exists d] 0
        r set d "old"
        r set empty ""
        assert_equal [r bitop not d empty] 0
        assert_equal [r exists d] 0
        r set d "old"
        assert_equal [r bitop or d nokey empty] 0
        r exists d
    } {0}

    test {BITOP with an empty result and no destination does nothing} {
        r del d nokey
        set before [rdb_changes]
        assert_equal [r bitop xor d nokey] 0
        assert_equal [rdb_changes] $before
        r exists d
    } {0}

    test {BITOP result replaces any destination type and its TTL} {
        r del d
        r rpush d x
        r set a "abc"
        assert_equal [r bitop or d a] 3
        assert_equal [r type d] string
        r set d "old" ex 100
        r bitop or d a
        assert_equal [r get d] abc
        r ttl d
    } {-1}

    test {BITOP result is a raw string} {
        r set a 12
        assert_encoding int a
        r bitop or d a
        assert_equal [r get d] 12
        assert_encoding raw d
        r set a [string repeat x 100]
        r bitop and d a a
        assert_encoding raw d
    }

    test {BITOP on int-encoded operands uses their digits} {
        r set a 12
        r set b 3
        r bitop xor d a b
        # "12" ^ "3" = 0x31^0x33, 0x32
        r get d
    } "\x02\x32"

    test {BITOP of long operands of different lengths (word at a time path)} {
        foreach op {and or xor} {
            # x and y are longer than z (at most 30 bytes) and differ in
            # length, so the result takes the longest length and the short
            # operands run out part-way through the word loop.
            set x "[bitmap_random_string 100][string repeat U 40]"
            set y "[bitmap_random_string 100]abcdefghijklmnopq"
            set z [bitmap_random_string 30]
            r set x $x
            r set y $y
            r set z $z
            set want [model_bitop $op $x $y $z]
            assert_equal [r bitop $op d x y z] [string length $want]
            assert_equal [string length $want] \
                [tcl::mathfunc::max [string length $x] [string length $y] [string length $z]]
            assert_equal [r get d] $want "$op"
        }
        r set x [string repeat "\x55" 1000]
        r bitop not d x
        r get d
    } [string repeat "\xaa" 1000]

    test {BITOP errors} {
        r set a "x"
        assert_error "ERR syntax error" {r bitop nand d a}
        assert_error "ERR syntax error" {r bitop "" d a}
        assert_error "ERR BITOP NOT must be called with a single source key." {r bitop not d a a}
        assert_error "ERR wrong number of arguments for 'bitop' command" {r bitop not d}
        assert_error "ERR wrong number of arguments for 'bitop' command" {r bitop and d}
        assert_error "ERR wrong number of arguments for 'bitop' command" {r bitop}
    }

    test {BITOP with a source of another type leaves the destination alone} {
        r del lk
        r rpush lk a
        r set a "x"
        r set d "keep"
        assert_error "WRONGTYPE*" {r bitop and d a lk}
        assert_error "WRONGTYPE*" {r bitop or d lk a}
        assert_error "WRONGTYPE*" {r bitop not d lk}
        r get d
    } {keep}

    test {BITOP may overwrite a destination of another type} {
        r del lk
        r rpush lk a
        r set a "x"
        r bitop or lk a
        r get lk
    } {x}

    # ------------------------------------------------------------ RESP3

    test {Bitmap commands reply with plain integers in RESP3 too} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        $c del bk
        assert_equal [$c setbit bk 3 1] {:0}
        assert_equal [$c getbit bk 3] {:1}
        assert_equal [$c bitcount bk] {:1}
        assert_equal [$c bitcount bk 0 -1 bit] {:1}
        assert_equal [$c bitpos bk 1] {:3}
        assert_equal [$c bitpos nokey 1] {:-1}
        assert_equal [$c bitop or d bk] {:1}
        assert_equal [$c bitcount nokey] {:0}
        $c close
    }

    # ------------------------------------------------------------ random vs model

    test {BITCOUNT over random strings and ranges matches the Tcl model} {
        for {set i 0} {$i < 300} {incr i} {
            set s [bitmap_random_string 40]
            r set bk $s
            set len [string length $s]
            assert_equal [r bitcount bk] [model_bitcount $s] "whole of [string length $s] bytes"
            foreach unit {byte bit} {
                set span [expr {$unit eq "bit" ? $len * 8 + 10 : $len + 3}]
                set start [expr {[randomInt [expr {2 * $span + 1}]] - $span}]
                set end [expr {[randomInt [expr {2 * $span + 1}]] - $span}]
                assert_equal [r bitcount bk $start $end $unit] [model_bitcount $s $start $end $unit] \
                    "bitcount $start $end $unit of [string length $s] bytes"
            }
        }
    }

    test {BITPOS over random strings and ranges matches the Tcl model} {
        for {set i 0} {$i < 300} {incr i} {
            set s [bitmap_random_string 40]
            r set bk $s
            set len [string length $s]
            foreach bit {0 1} {
                assert_equal [r bitpos bk $bit] [model_bitpos $s $bit] "bitpos $bit of [string length $s] bytes"
                foreach unit {byte bit} {
                    set span [expr {$unit eq "bit" ? $len * 8 + 10 : $len + 3}]
                    set start [expr {[randomInt [expr {2 * $span + 1}]] - $span}]
                    set end [expr {[randomInt [expr {2 * $span + 1}]] - $span}]
                    assert_equal [r bitpos bk $bit $start] [model_bitpos $s $bit $start] \
                        "bitpos $bit $start of [string length $s] bytes"
                    assert_equal [r bitpos bk $bit $start $end $unit] [model_bitpos $s $bit $start $end $unit] \
                        "bitpos $bit $start $end $unit of [string length $s] bytes"
                }
            }
        }
    }

    test {BITOP over random strings matches the Tcl model} {
        for {set i 0} {$i < 200} {incr i} {
            set op [lindex {and or xor not} [randomInt 4]]
            set n [expr {$op eq "not" ? 1 : 1 + [randomInt 4]}]
            set keys {}
            set vals {}
            for {set j 0} {$j < $n} {incr j} {
                if {[randomInt 8] == 0} {
                    r del src$j
                    lappend vals ""
                } else {
                    set v [bitmap_random_string 50]
                    r set src$j $v
                    lappend vals $v
                }
                lappend keys src$j
            }
            set want [model_bitop $op {*}$vals]
            assert_equal [r bitop $op dest {*}$keys] [string length $want]
            if {$want eq ""} {
                assert_equal [r exists dest] 0
            } else {
                assert_equal [r get dest] $want "$op of [llength $keys] keys"
            }
        }
    }
}
