# BITFIELD and BITFIELD_RO: signed (i1..i64) and unsigned (u1..u63) integer
# fields at any bit offset of a string, most significant bit first; "#N"
# offsets counted in fields; the WRAP, SAT and FAIL overflow policies and how
# they apply to the operations that follow them; string growth, encodings,
# every error word for word as Redis 7.0 gives it, RESP2 and RESP3 reply
# shapes, and a comparison with a Tcl model over random operations.

# ------------------------------------------------------------ Tcl model
#
# The value is a list of byte values.  Fields are read and written bit by
# bit; Tcl's integers have no size limit, so sums are exact.

proc bfm_getbit {bytes i} {
    set b [lindex $bytes [expr {$i >> 3}]]
    if {$b eq {}} { return 0 }
    expr {($b >> (7 - ($i & 7))) & 1}
}

proc bfm_get {bytes offset bits sign} {
    set v 0
    for {set i 0} {$i < $bits} {incr i} { set v [expr {($v << 1) | [bfm_getbit $bytes [expr {$offset + $i}]]}] }
    if {$sign && $v >= (1 << ($bits - 1))} { set v [expr {$v - (1 << $bits)}] }
    return $v
}

proc bfm_set {bytesvar offset bits value} {
    upvar $bytesvar bytes
    for {set i 0} {$i < $bits} {incr i} {
        set pos [expr {$offset + $i}]
        set byte [expr {$pos >> 3}]
        set mask [expr {1 << (7 - ($pos & 7))}]
        set bit [expr {($value >> ($bits - 1 - $i)) & 1}]
        set b [lindex $bytes $byte]
        lset bytes $byte [expr {$bit ? ($b | $mask) : ($b & ~$mask & 255)}]
    }
}

# One SET or INCRBY: returns {reply newvalue} where newvalue is {} when the
# FAIL policy refuses the overflow (and reply is then {} too).
proc bfm_write {old opcode sign bits owtype arg} {
    if {$sign} {
        set max [expr {(1 << ($bits - 1)) - 1}]
        set min [expr {-$max - 1}]
    } else {
        set max [expr {(1 << $bits) - 1}]
        set min 0
    }
    if {$opcode eq "incrby"} {
        set sum [expr {$old + $arg}]
    } elseif {!$sign && $arg < 0} {
        # An unsigned SET takes its argument as a 64-bit unsigned number.
        set sum [expr {$arg + (1 << 64)}]
    } else {
        set sum $arg
    }
    set dir [expr {$sum > $max ? 1 : ($sum < $min ? -1 : 0)}]
    # Redis 7.0 reports a signed SET value far below the range (where its
    # 64-bit max - value wraps) as an overflow upwards.
    if {$sign && $bits < 64 && $opcode eq "set" && $arg < $max - 9223372036854775807} { set dir 1 }
    if {$dir == 0} {
        set new $sum
    } elseif {$owtype eq "fail"} {
        return {{} {}}
    } elseif {$owtype eq "sat"} {
        set new [expr {$dir > 0 ? $max : $min}]
    } else {
        set new [expr {$sum & ((1 << $bits) - 1)}]
        if {$sign && $new > $max} { set new [expr {$new - (1 << $bits)}] }
    }
    list [expr {$opcode eq "incrby" ? $new : $old}] $new
}

# Run a parsed BITFIELD on the model: ops is a list of {opcode type offset
# arg}, opcode among get set incrby overflow.  'exists' says whether the key
# exists.  Returns {reply bytes exists}.
proc bfm_run {bytes exists ops} {
    # Writes make room for the farthest field first, creating the key.
    set maxbit -1
    foreach op $ops {
        lassign $op opcode type offset
        if {$opcode eq "set" || $opcode eq "incrby"} {
            set end [expr {$offset + [string range $type 1 end] - 1}]
            if {$end > $maxbit} { set maxbit $end }
        }
    }
    if {$maxbit >= 0} {
        set exists 1
        while {[llength $bytes] <= ($maxbit >> 3)} { lappend bytes 0 }
    }
    set owtype wrap
    set reply {}
    foreach op $ops {
        lassign $op opcode type offset arg
        if {$opcode eq "overflow"} { set owtype $type; continue }
        set sign [expr {[string index $type 0] eq "i"}]
        set bits [string range $type 1 end]
        set old [bfm_get $bytes $offset $bits $sign]
        if {$opcode eq "get"} { lappend reply $old; continue }
        lassign [bfm_write $old $opcode $sign $bits $owtype $arg] r new
        lappend reply $r
        if {$new ne {}} { bfm_set bytes $offset $bits $new }
    }
    list $reply $bytes $exists
}

proc bfm_bytes_to_string {bytes} {
    set s ""
    foreach b $bytes { append s [format %c $b] }
    return $s
}

proc bfm_string_to_bytes {s} {
    set bytes {}
    foreach ch [split $s ""] { lappend bytes [scan $ch %c] }
    return $bytes
}

proc bf_rdb_changes {} { s rdb_changes_since_last_save }

start_server {tags {"bitfield"}} {
    # ------------------------------------------------------------ GET / SET

    test {BITFIELD GET of a missing key reads zeros and creates nothing} {
        r del bf
        assert_equal [r bitfield bf get u8 0 get i64 100 get u63 4294967295] {0 0 0}
        r exists bf
    } {0}

    test {BITFIELD SET returns the old value, GET the stored one} {
        r del bf
        assert_equal [r bitfield bf set u8 0 200] {0}
        assert_equal [r bitfield bf set u8 0 100 get u8 0] {200 100}
        r get bf
    } {d}

    test {BITFIELD fields are big-endian, at any bit offset} {
        r del bf
        r bitfield bf set u16 0 4660
        assert_equal [r get bf] "\x12\x34"
        r del bf
        r bitfield bf set u8 4 255
        assert_equal [r get bf] "\x0f\xf0"
        assert_equal [r bitfield bf get u4 0 get u8 4 get u4 8 get u12 0 get u3 3] {0 255 15 255 3}
        r del bf
        r bitfield bf set i5 3 -1
        r get bf
    } "\x1f"

    test {BITFIELD the same bits as signed and unsigned} {
        r set bf "\xff\x80"
        r bitfield bf get u8 0 get i8 0 get i4 0 get u4 4 get i1 0 get u1 0 get i16 0 get u16 0 get i9 0
    } {255 -1 -1 15 -1 1 -128 65408 -1}

    test {BITFIELD #N offsets count in fields of the type's width} {
        r del bf
        r bitfield bf set u8 #2 200 set i5 #1 -3 set u4 #0 5
        assert_equal [r bitfield bf get u8 16 get i5 5 get u4 0 get u8 #2 get i5 #1] {200 -3 5 200 -3}
        # #0 is offset 0, and a plain number is still bits: 0101 0111.
        r bitfield bf get u8 #0 get u8 0
    } {87 87}

    test {BITFIELD extreme widths: i64, u63, i1, u1} {
        r del bf
        assert_equal [r bitfield bf set i64 0 -9223372036854775808 get i64 0] {0 -9223372036854775808}
        assert_equal [r bitfield bf set i64 0 9223372036854775807 get i64 0 get u63 1] \
            {-9223372036854775808 9223372036854775807 9223372036854775807}
        assert_equal [r bitfield bf set u63 0 9223372036854775807 get u63 0] {4611686018427387903 9223372036854775807}
        r del bf
        r bitfield bf set i1 0 -1 set u1 1 1 get i1 0 get u1 1 get i2 0
    } {0 0 -1 1 -1}

    test {BITFIELD write grows the string to hold the whole field} {
        r set bf "a"
        assert_equal [r bitfield bf set u8 20 1] {0}
        # Field bits 20..27 need 4 bytes.
        assert_equal [r strlen bf] 4
        r bitfield bf set i64 64 0
        r strlen bf
    } {16}

    test {BITFIELD GET across the end of a string reads zeros past it} {
        r set bf "\xff"
        r bitfield bf get u16 0 get i16 0 get u8 4 get u63 0 get i64 0 get u8 8 get u8 1000
    } {65280 -256 240 9187343239835811840 -72057594037927936 0 0}

    test {BITFIELD INCRBY adds and returns the new value} {
        r del bf
        assert_equal [r bitfield bf incrby i5 100 1 get u4 0] {1 0}
        assert_equal [r bitfield bf incrby i5 100 5] {6}
        assert_equal [r bitfield bf incrby i5 100 -10] {-4}
        r bitfield bf incrby u8 0 255 incrby u8 0 -200
    } {255 55}

    test {BITFIELD makes an int-encoded value raw only when writing} {
        r set bf 12
        assert_equal [r bitfield bf get u8 0 get u16 0] {49 12594}
        assert_encoding int bf
        assert_equal [r bitfield_ro bf get u8 8] {50}
        assert_encoding int bf
        r bitfield bf set u8 0 51
        assert_encoding raw bf
        r get bf
    } {32}

    test {BITFIELD write on an embstr makes it raw} {
        r set bf "abc"
        assert_encoding embstr bf
        r bitfield bf incrby u8 0 1
        assert_encoding raw bf
        r get bf
    } {bbc}

    test {BITFIELD keeps the TTL} {
        r set bf "abc" ex 100
        r bitfield bf set u8 40 1
        assert_range [r ttl bf] 90 100
    }

    # ------------------------------------------------------------ OVERFLOW

    test {BITFIELD OVERFLOW WRAP is the default} {
        r del bf
        assert_equal [r bitfield bf incrby u2 0 5] {1}
        assert_equal [r bitfield bf incrby i4 8 7 incrby i4 8 1] {7 -8}
        assert_equal [r bitfield bf incrby i4 8 -1] {7}
        assert_equal [r bitfield bf overflow wrap incrby u8 16 -1] {255}
        r bitfield bf set i64 64 9223372036854775807 incrby i64 64 1
    } {0 -9223372036854775808}

    test {BITFIELD OVERFLOW SAT clamps to the type's limits} {
        r del bf
        assert_equal [r bitfield bf overflow sat incrby u2 0 5 incrby u2 0 -7] {3 0}
        assert_equal [r bitfield bf overflow sat incrby i4 8 100 incrby i4 8 -100] {7 -8}
        assert_equal [r bitfield bf overflow sat set i64 64 9223372036854775807 incrby i64 64 9223372036854775807] \
            {0 9223372036854775807}
        r bitfield bf overflow sat incrby i64 64 -9223372036854775808 incrby i64 64 -9223372036854775808 incrby i64 64 -9223372036854775808
    } {-1 -9223372036854775808 -9223372036854775808}

    test {BITFIELD OVERFLOW FAIL replies null and leaves the field alone} {
        r del bf
        r bitfield bf set u8 0 250
        assert_equal [r bitfield bf overflow fail incrby u8 0 10 get u8 0 incrby u8 0 5] {{} 250 255}
        r bitfield bf overflow fail incrby i8 8 -129 set i8 8 128 set u8 0 -1 get u8 0
    } {{} {} {} 255}

    test {BITFIELD repeated INCRBY under WRAP and SAT (documentation example)} {
        r del bf
        set res {}
        for {set i 0} {$i < 4} {incr i} {
            lappend res [r bitfield bf incrby u2 100 1 overflow sat incrby u2 102 1]
        }
        set res
    } {{1 1} {2 2} {3 3} {0 3}}

    test {BITFIELD OVERFLOW applies only to the operations after it} {
        r del bf
        r bitfield bf set u4 0 15 set u4 4 15 set u4 8 15
        r bitfield bf incrby u4 0 1 overflow sat incrby u4 4 1 overflow fail incrby u4 8 1 overflow wrap incrby u4 8 1
    } {0 15 {} 0}

    test {BITFIELD SET out of range values under each policy} {
        r del bf
        assert_equal [r bitfield bf set u8 0 256 get u8 0] {0 0}
        assert_equal [r bitfield bf set u8 0 -1 get u8 0] {0 255}
        assert_equal [r bitfield bf set i8 8 200 get i8 8] {0 -56}
        assert_equal [r bitfield bf set i8 8 -200 get i8 8] {-56 56}
        assert_equal [r bitfield bf overflow sat set u8 0 256 get u8 0 set u8 0 0] {255 255 255}
        # An unsigned SET takes a negative value as a huge one: SAT gives the
        # maximum, not 0.
        assert_equal [r bitfield bf overflow sat set u8 0 -1 get u8 0] {0 255}
        assert_equal [r bitfield bf overflow sat set i8 8 200 get i8 8 set i8 8 -200 get i8 8] {56 127 127 -128}
        r bitfield bf overflow fail set u8 0 256 set i8 8 128 set i8 8 -129 get u8 0 get i8 8
    } {{} {} {} 255 -128}

    test {BITFIELD signed SET of a value near the 64-bit minimum (as Redis 7.0)} {
        r del bf
        # Far below the range, Redis 7.0's range check wraps around and
        # reports an overflow upwards: SAT stores the maximum.
        assert_equal [r bitfield bf overflow sat set i8 0 -9223372036854775808 get i8 0] {0 127}
        assert_equal [r bitfield bf overflow sat set i8 0 -9223372036854775681 get i8 0] {127 127}
        assert_equal [r bitfield bf overflow sat set i8 0 -9223372036854775680 get i8 0] {127 -128}
        assert_equal [r bitfield bf overflow wrap set i8 0 -9223372036854775808 get i8 0] {-128 0}
        assert_equal [r bitfield bf overflow fail set i8 0 -9223372036854775808 get i8 0] {{} 0}
        r bitfield bf overflow sat set i64 0 -9223372036854775808 get i64 0
    } {0 -9223372036854775808}

    # ------------------------------------------------------------ replies

    test {BITFIELD with no operation replies an empty array} {
        r del bf
        assert_equal [r bitfield bf] {}
        assert_equal [r bitfield_ro bf] {}
        assert_equal [r bitfield bf overflow sat] {}
        r exists bf
    } {0}

    test {BITFIELD reply types in RESP2 and RESP3} {
        r del bf
        r bitfield bf set u8 0 255
        set c [redis_client]
        $c readraw 1
        assert_equal [$c bitfield bf get u8 0 overflow fail incrby u8 0 1 get i8 0] {*3}
        assert_equal [list [$c read] [$c read] [$c read]] [list :255 {$-1} :-1]
        assert_equal [$c bitfield bf] {*0}
        $c readraw 0
        $c hello 3
        $c readraw 1
        assert_equal [$c bitfield bf get u8 0 overflow fail incrby u8 0 1 get i8 0] {*3}
        assert_equal [list [$c read] [$c read] [$c read]] {:255 _ :-1}
        assert_equal [$c bitfield_ro bf get u4 0] {*1}
        assert_equal [$c read] {:15}
        $c close
    }

    # ------------------------------------------------------------ errors

    test {BITFIELD invalid types} {
        r del bf
        foreach t {u64 i65 i0 u0 I8 U8 x8 i u "" i08 i+8 i-1 i8x 8 i1.5} {
            assert_error "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is." \
                {r bitfield bf get $t 0}
            assert_error "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is." \
                {r bitfield bf set $t 0 1}
        }
        r exists bf
    } {0}

    test {BITFIELD invalid offsets} {
        r del bf
        foreach off {-1 x 1.0 # #-1 #x "" 4294967296 99999999999999999999 {# 1}} {
            assert_error "ERR bit offset is not an integer or out of range" {r bitfield bf get u8 $off}
            assert_error "ERR bit offset is not an integer or out of range" {r bitfield bf incrby u8 $off 1}
        }
        # The last field of each width within 512 MB is fine to read.
        assert_equal [r bitfield bf get u8 4294967295 get i8 #536870911 get i64 4294967295] {0 0 0}
        assert_error "ERR bit offset *" {r bitfield bf get i8 #536870912}
        assert_error "ERR bit offset *" {r bitfield bf get i64 #67108864}
        # "#N" times the width wraps in 64 bits, as in Redis 7.0: usually to
        # a negative offset.
        assert_error "ERR bit offset *" {r bitfield bf get i64 #9223372036854775807}
        assert_error "ERR bit offset *" {r bitfield bf get i64 #144115188075855872}
        r exists bf
    } {0}

    test {BITFIELD offset limit follows proto-max-bulk-len} {
        set old [lindex [r config get proto-max-bulk-len] 1]
        r config set proto-max-bulk-len 1048576
        r del bf
        assert_error "ERR bit offset *" {r bitfield bf set u8 8388608 1}
        # The field may start at the last bit and run past the limit.
        assert_equal [r bitfield bf set i64 8388607 -1 get u8 8388600] {0 1}
        assert_equal [r strlen bf] 1048584
        r config set proto-max-bulk-len $old
        r del bf
    } {1}

    test {BITFIELD syntax errors} {
        r del bf
        assert_error "ERR syntax error" {r bitfield bf foo}
        assert_error "ERR syntax error" {r bitfield bf get}
        assert_error "ERR syntax error" {r bitfield bf get u8}
        assert_error "ERR syntax error" {r bitfield bf set u8 0}
        assert_error "ERR syntax error" {r bitfield bf incrby u8 0}
        assert_error "ERR syntax error" {r bitfield bf overflow}
        assert_error "ERR syntax error" {r bitfield bf get u8 0 overflow}
        assert_error "ERR syntax error" {r bitfield bf get u8 0 get}
        assert_error "ERR Invalid OVERFLOW type specified" {r bitfield bf overflow saturate}
        assert_error "ERR Invalid OVERFLOW type specified" {r bitfield bf get u8 0 overflow "" get u8 0}
        assert_error "ERR value is not an integer or out of range" {r bitfield bf set u8 0 x}
        assert_error "ERR value is not an integer or out of range" {r bitfield bf incrby u8 0 1.5}
        assert_error "ERR value is not an integer or out of range" {r bitfield bf incrby i64 0 9223372036854775808}
        assert_error "ERR wrong number of arguments for 'bitfield' command" {r bitfield}
        r exists bf
    } {0}

    test {BITFIELD subcommand and policy names are case insensitive} {
        r del bf
        r bitfield bf SET u8 0 255 Overflow Sat INCRBY u8 0 1 OVERFLOW fail IncrBy u8 0 1 GeT u8 0
    } {0 255 {} 255}

    test {BITFIELD with an error anywhere writes nothing} {
        r set bf "\x01"
        assert_error "ERR syntax error" {r bitfield bf set u8 0 255 get u8}
        assert_error "ERR Invalid bitfield*" {r bitfield bf incrby u8 0 1 set u64 0 1}
        assert_error "ERR bit offset *" {r bitfield bf set u8 0 2 get u8 -5}
        r get bf
    } "\x01"

    test {BITFIELD against a key of another type} {
        r del lk
        r rpush lk a
        assert_error "WRONGTYPE*" {r bitfield lk get u8 0}
        assert_error "WRONGTYPE*" {r bitfield lk set u8 0 1}
        assert_error "WRONGTYPE*" {r bitfield lk}
        assert_error "WRONGTYPE*" {r bitfield lk overflow sat}
        # Argument errors come first.
        assert_error "ERR bit offset *" {r bitfield lk get u8 x}
        r lrange lk 0 -1
    } {a}

    # ------------------------------------------------------------ BITFIELD_RO

    test {BITFIELD_RO reads like BITFIELD GET} {
        r set bf "\xff\x00"
        assert_equal [r bitfield_ro bf get u8 0 get i4 4 get u8 #1 overflow fail get u16 4] {255 -1 0 61440}
        r del bf
        r bitfield_ro bf get i8 0
    } {0}

    test {BITFIELD_RO refuses SET and INCRBY} {
        r set bf "\x05"
        assert_error "ERR BITFIELD_RO only supports the GET subcommand" {r bitfield_ro bf set u8 0 1}
        assert_error "ERR BITFIELD_RO only supports the GET subcommand" {r bitfield_ro bf get u8 0 incrby u8 0 1}
        assert_error "ERR BITFIELD_RO only supports the GET subcommand" {r bitfield_ro nokey set u8 0 1}
        # Argument errors are found before.
        assert_error "ERR value is not an integer or out of range" {r bitfield_ro bf set u8 0 x}
        assert_error "ERR syntax error" {r bitfield_ro bf set u8 0 1 foo}
        assert_equal [r exists nokey] 0
        r get bf
    } "\x05"

    test {BITFIELD_RO against a key of another type} {
        r del lk
        r rpush lk a
        assert_error "WRONGTYPE*" {r bitfield_ro lk get u8 0}
        assert_error "WRONGTYPE*" {r bitfield_ro lk}
        assert_error "ERR wrong number of arguments for 'bitfield_ro' command" {r bitfield_ro}
    }

    # ------------------------------------------------------------ changes

    test {BITFIELD counts a change only when a field changes} {
        r del bf
        set before [bf_rdb_changes]
        # The key is created: one change per write.
        r bitfield bf set u8 0 0 set u8 8 0
        assert_equal [bf_rdb_changes] [expr {$before + 2}]
        # Same values, no growth: nothing changed.
        r bitfield bf set u8 0 0 incrby u8 8 0
        assert_equal [bf_rdb_changes] [expr {$before + 2}]
        r bitfield bf set u8 0 1 set u8 8 0 incrby u4 0 0
        assert_equal [bf_rdb_changes] [expr {$before + 3}]
        # Reads never count.
        r bitfield bf get u8 0
        assert_equal [bf_rdb_changes] [expr {$before + 3}]
    }

    test {BITFIELD FAIL on a missing key creates it zeroed but changes nothing} {
        r del bf
        set before [bf_rdb_changes]
        assert_equal [r bitfield bf overflow fail incrby u2 0 10] {{}}
        assert_equal [bf_rdb_changes] $before
        r get bf
    } "\x00"

    # ------------------------------------------------------------ random vs model

    test {BITFIELD over random operations matches the Tcl model} {
        set types {}
        foreach b {1 2 3 4 5 7 8 9 13 16 17 31 32 33 48 63} { lappend types i$b u$b }
        lappend types i64
        set edge {0 1 -1 127 128 -128 -129 255 256 32767 -32768 65535 2147483647 -2147483648 4294967295
                  9223372036854775807 -9223372036854775808 -9223372036854775000}
        foreach key {bfa bfb} { r del $key }
        set bf_model(bfa) {}
        set bf_model(bfb) {}
        set bf_exists(bfa) 0
        set bf_exists(bfb) 0
        for {set i 0} {$i < 400} {incr i} {
            set key [lindex {bfa bfb} [randomInt 2]]
            set ops {}
            set args {}
            set ro [expr {[randomInt 5] == 0}]
            set nops [expr {1 + [randomInt 4]}]
            for {set j 0} {$j < $nops} {incr j} {
                set type [lindex $types [randomInt [llength $types]]]
                set bits [string range $type 1 end]
                if {[randomInt 4] == 0} {
                    set n [randomInt 8]
                    set off "#$n"
                    set offset [expr {$n * $bits}]
                } else {
                    set offset [randomInt 80]
                    set off $offset
                }
                set arg [expr {[randomInt 2] ? [lindex $edge [randomInt [llength $edge]]] : [randomInt 600] - 300}]
                set what [expr {$ro ? 0 : [randomInt 7]}]
                if {$what < 2} {
                    lappend ops [list get $type $offset]
                    lappend args get $type $off
                } elseif {$what < 4} {
                    lappend ops [list set $type $offset $arg]
                    lappend args set $type $off $arg
                } elseif {$what < 6} {
                    lappend ops [list incrby $type $offset $arg]
                    lappend args incrby $type $off $arg
                } else {
                    set ow [lindex {wrap sat fail} [randomInt 3]]
                    lappend ops [list overflow $ow]
                    lappend args overflow $ow
                }
            }
            lassign [bfm_run $bf_model($key) $bf_exists($key) $ops] want bf_model($key) bf_exists($key)
            set cmd [expr {$ro ? "bitfield_ro" : "bitfield"}]
            assert_equal [r $cmd $key {*}$args] $want "$cmd $key $args"
            assert_equal [r exists $key] $bf_exists($key)
            if {$bf_exists($key)} {
                assert_equal [r get $key] [bfm_bytes_to_string $bf_model($key)] "$key after $args"
            }
        }
        # Test bodies share the global scope with other files' tests.
        unset bf_model bf_exists
    }
}
