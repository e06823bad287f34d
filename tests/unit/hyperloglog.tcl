# HyperLogLog: PFADD, PFCOUNT (one key and unions), PFMERGE, PFDEBUG,
# PFSELFTEST, and the string format they share with Redis 7.0: the header,
# the dense registers, the sparse opcodes, the cached cardinality, the
# sparse to dense promotion, and the errors for values that are not valid
# HyperLogLogs (including randomly corrupted ones).
#
# Expected registers are computed here, in Tcl, from MurmurHash64A: the
# tests check the server's values against that model, not against replies
# recorded from another server.

# MurmurHash64A with Redis's HyperLogLog seed, over the bytes of 'data'.
proc hll_hash {data} {
    set mask 0xFFFFFFFFFFFFFFFF
    set m 0xc6a4a7935bd1e995
    set len [string length $data]
    binary scan $data cu* bytes
    set h [expr {0xadc83b19 ^ (($len * $m) & $mask)}]
    set nblocks [expr {$len / 8}]
    for {set i 0} {$i < $nblocks} {incr i} {
        set k 0
        for {set j 7} {$j >= 0} {incr j -1} {
            set k [expr {($k << 8) | [lindex $bytes [expr {$i * 8 + $j}]]}]
        }
        set k [expr {($k * $m) & $mask}]
        set k [expr {$k ^ ($k >> 47)}]
        set k [expr {($k * $m) & $mask}]
        set h [expr {(($h ^ $k) * $m) & $mask}]
    }
    set rest [expr {$len & 7}]
    if {$rest} {
        for {set j [expr {$rest - 1}]} {$j >= 0} {incr j -1} {
            set h [expr {$h ^ ([lindex $bytes [expr {$nblocks * 8 + $j}]] << (8 * $j))}]
        }
        set h [expr {($h * $m) & $mask}]
    }
    set h [expr {$h ^ ($h >> 47)}]
    set h [expr {($h * $m) & $mask}]
    return [expr {$h ^ ($h >> 47)}]
}

# {register rank} of an element: the low 14 bits, then the position of the
# first 1 bit in the remaining 50 (a sentinel bit bounds it to 51).
proc hll_index_rank {ele} {
    set h [hll_hash $ele]
    set index [expr {$h & 16383}]
    set rest [expr {($h >> 14) | (1 << 50)}]
    set rank 1
    while {($rest & 1) == 0} {
        incr rank
        set rest [expr {$rest >> 1}]
    }
    list $index $rank
}

# The 16384 registers after adding 'elements' to an empty HyperLogLog.
proc hll_model_registers {elements} {
    set regs [lrepeat 16384 0]
    foreach e $elements {
        lassign [hll_index_rank $e] i r
        if {$r > [lindex $regs $i]} {lset regs $i $r}
    }
    return $regs
}

# The registers of a dense value, read from its bytes.
proc hll_dense_registers {value} {
    binary scan $value @16cu* bytes
    set regs {}
    for {set i 0} {$i < 16384} {incr i} {
        set bit [expr {$i * 6}]
        set byte [expr {$bit / 8}]
        set shift [expr {$bit & 7}]
        set v [expr {[lindex $bytes $byte] >> $shift}]
        if {$shift > 2} {set v [expr {$v | ([lindex $bytes [expr {$byte + 1}]] << (8 - $shift))}]}
        lappend regs [expr {$v & 63}]
    }
    return $regs
}

# The opcodes of a sparse value, read from its bytes, in PFDEBUG DECODE's
# notation, and the number of registers they cover.
proc hll_sparse_decode {value} {
    binary scan $value @16cu* bytes
    set ops {}
    set total 0
    for {set p 0} {$p < [llength $bytes]} {incr p} {
        set b [lindex $bytes $p]
        if {($b & 0xc0) == 0} {
            set run [expr {($b & 0x3f) + 1}]
            lappend ops "z:$run"
        } elseif {($b & 0xc0) == 0x40} {
            incr p
            set run [expr {((($b & 0x3f) << 8) | [lindex $bytes $p]) + 1}]
            lappend ops "Z:$run"
        } else {
            set run [expr {($b & 3) + 1}]
            lappend ops "v:[expr {(($b >> 2) & 31) + 1}],$run"
        }
        incr total $run
    }
    list [join $ops " "] $total
}

# The canonical sparse form of registers in which no two non-zero registers
# are neighbours: zero gaps (ZERO up to 64, XZERO above) and single VALs.
proc hll_sparse_expected {regs} {
    set ops {}
    set gap 0
    foreach v $regs {
        if {$v == 0} {incr gap; continue}
        if {$gap} {lappend ops [expr {$gap > 64 ? "Z:$gap" : "z:$gap"}]}
        set gap 0
        lappend ops "v:$v,1"
    }
    if {$gap} {lappend ops [expr {$gap > 64 ? "Z:$gap" : "z:$gap"}]}
    join $ops " "
}

# Elements whose registers are pairwise neither equal nor adjacent.
proc hll_spread_elements {count prefix} {
    set used {}
    set out {}
    for {set i 0} {[llength $out] < $count} {incr i} {
        set e "$prefix:$i"
        lassign [hll_index_rank $e] idx
        if {[dict exists $used $idx] || [dict exists $used [expr {$idx - 1}]] ||
            [dict exists $used [expr {$idx + 1}]]} continue
        dict set used $idx 1
        lappend out $e
    }
    return $out
}

proc hll_card_bytes {key} {
    binary scan [r getrange $key 8 15] cu8 card
    return $card
}

proc hll_dirty {} {
    regexp {rdb_changes_since_last_save:(\d+)} [r info persistence] -> n
    return $n
}

# Within 'pct' percent of n (at least 'floor' away allowed).
proc assert_estimate {est n pct floor} {
    set allowed [expr {max($floor, $n * $pct / 100.0)}]
    if {abs($est - $n) > $allowed} {
        fail "estimate $est for $n distinct elements is off by more than $allowed"
    }
}

start_server {tags {"hll"}} {
    # --------------------------------------------------------- the format

    test {PFADD creates an empty sparse HyperLogLog of 18 bytes} {
        r del h
        assert_equal 1 [r pfadd h]
        set v [r get h]
        assert_equal 18 [string length $v]
        assert_equal "HYLL\x01\x00\x00\x00" [string range $v 0 7]
        # A cardinality of 0 marked for recount (PFADD changed the key by
        # creating it), then one XZERO of 16384.
        assert_equal "[string repeat "\x00" 7]\x80" [string range $v 8 15]
        assert_equal "\x7f\xff" [string range $v 16 17]
        assert_equal sparse [r pfdebug encoding h]
        assert_equal "Z:16384" [r pfdebug decode h]
        assert_encoding raw h
        r pfcount h
    } {0}

    test {PFADD without elements on an existing key changes nothing} {
        r del h
        r pfadd h a
        set before [r get h]
        assert_equal 0 [r pfadd h]
        assert_equal $before [r get h]
    }

    test {PFADD returns 1 only when a register changes} {
        r del h
        assert_equal 1 [r pfadd h a b c]
        assert_equal 0 [r pfadd h a b c]
        assert_equal 0 [r pfadd h c b]
        assert_equal 1 [r pfadd h a d]
        r pfcount h
    } {4}

    test {PFADD counts an element once, whatever its repetitions} {
        r del h
        r pfadd h x x x y y x
        r pfcount h
    } {2}

    test {PFADD is binary safe and hashes the element bytes} {
        r del h1 h2
        r pfadd h1 "a\x00b" "" "\xff\xfe" [string repeat z 100]
        assert_equal 4 [r pfcount h1]
        r pfadd h2 "a\x00c"
        assert_equal 0 [r pfadd h1 "a\x00b"]
        r pfcount h1 h2
    } {5}

    test {Sparse opcodes follow the registers of the Tcl MurmurHash64A model} {
        r del h
        set elements [hll_spread_elements 60 spread]
        r pfadd h {*}$elements
        set regs [hll_model_registers $elements]
        assert_equal [hll_sparse_expected $regs] [r pfdebug decode h]
        # The bytes say the same as PFDEBUG DECODE, and cover every register.
        lassign [hll_sparse_decode [r get h]] ops total
        assert_equal [r pfdebug decode h] $ops
        assert_equal 16384 $total
    }

    test {Sparse opcodes do not depend on how elements are batched} {
        r del h1 h2
        set elements [hll_spread_elements 40 batch]
        r pfadd h1 {*}$elements
        foreach e $elements {r pfadd h2 $e}
        assert_equal [r get h1] [r get h2]
    }

    test {Neighbouring registers of equal value merge into one VAL run} {
        # Find rank 1 elements for five consecutive registers i..i+4.
        set byidx {}
        set first -1
        for {set n 0} {$first < 0} {incr n} {
            lassign [hll_index_rank "nb:$n"] idx rank
            if {$rank != 1 || [dict exists $byidx $idx]} continue
            dict set byidx $idx "nb:$n"
            for {set i [expr {max(0, $idx - 4)}]} {$i <= $idx && $i + 4 < 16384} {incr i} {
                set all 1
                for {set j $i} {$j < $i + 5} {incr j} {
                    if {![dict exists $byidx $j]} {set all 0; break}
                }
                if {$all} {set first $i; break}
            }
        }
        r del h
        foreach off {0 2 1 3 4} {r pfadd h [dict get $byidx [expr {$first + $off}]]}
        # Five ones in a row: a VAL holds four at most.
        set regs [lrepeat 16384 0]
        for {set j $first} {$j < $first + 5} {incr j} {lset regs $j 1}
        lassign [hll_sparse_decode [r get h]] ops total
        assert_equal 16384 $total
        assert_equal [r pfdebug decode h] $ops
        set expected [string map {"v:1,1 v:1,1 v:1,1 v:1,1 v:1,1" "v:1,4 v:1,1"} [hll_sparse_expected $regs]]
        assert_equal $expected $ops
        assert_equal $regs [r pfdebug getreg h]
    }

    test {PFDEBUG GETREG after TODENSE equals the model registers} {
        r del h
        set elements {}
        for {set i 0} {$i < 300} {incr i} {lappend elements "getreg:$i"}
        r pfadd h {*}$elements
        assert_equal sparse [r pfdebug encoding h]
        assert_equal 1 [r pfdebug todense h]
        assert_equal 0 [r pfdebug todense h]
        assert_equal dense [r pfdebug encoding h]
        set v [r get h]
        assert_equal 12304 [string length $v]
        assert_equal "HYLL\x00" [string range $v 0 4]
        set model [hll_model_registers $elements]
        assert_equal $model [r pfdebug getreg h]
        assert_equal $model [hll_dense_registers $v]
    }

    test {Dense PFADD sets the registers of the model} {
        r del h
        r pfadd h
        r pfdebug todense h
        set elements {}
        for {set i 0} {$i < 200} {incr i} {lappend elements "dense:$i"}
        r pfadd h {*}$elements
        assert_equal [hll_model_registers $elements] [hll_dense_registers [r get h]]
    }

    test {PFDEBUG GETREG converts a sparse value to dense} {
        r del h
        r pfadd h a b c
        set regs [r pfdebug getreg h]
        assert_equal 16384 [llength $regs]
        assert_equal [hll_model_registers {a b c}] $regs
        r pfdebug encoding h
    } {dense}

    test {TODENSE keeps the header bytes and the estimate} {
        r del h
        r pfadd h a b c d e
        set count [r pfcount h]
        set hdr [r getrange h 0 15]
        r pfdebug todense h
        assert_equal "[string range $hdr 0 3]\x00[string range $hdr 5 15]" [r getrange h 0 15]
        assert_equal $count [r pfcount h]
    }

    # ------------------------------------------------ promotion to dense

    test {A sparse value stays within hll-sparse-max-bytes, then becomes dense} {
        foreach limit {50 200 3000} {
            r config set hll-sparse-max-bytes $limit
            r del h
            set last_sparse 0
            set promoted_at 0
            for {set i 0} {$i < 5000} {incr i} {
                set before [r strlen h]
                r pfadd h "promo:$i"
                if {[r pfdebug encoding h] eq "dense"} {
                    set promoted_at $i
                    break
                }
                assert {[r strlen h] <= $limit}
                set last_sparse [r strlen h]
            }
            assert {$promoted_at > 0}
            # The update that promoted would have grown the string by at
            # most 3 bytes past the limit.
            assert {$before + 3 > $limit}
            assert_equal 12304 [r strlen h]
        }
        r config set hll-sparse-max-bytes 3000
    } {OK}

    test {With hll-sparse-max-bytes 0 the first growing update promotes} {
        r config set hll-sparse-max-bytes 0
        r del h
        r pfadd h
        assert_equal sparse [r pfdebug encoding h]
        r pfadd h a
        set enc [r pfdebug encoding h]
        r config set hll-sparse-max-bytes 3000
        set enc
    } {dense}

    test {A rank above 32 promotes a sparse value to dense} {
        # This element's hash has 32 zero bits above the register index:
        # rank 33 does not fit a VAL opcode.
        set e "rank:1443189452"
        lassign [hll_index_rank $e] idx rank
        assert {$rank > 32}
        r del h
        r pfadd h a b
        assert_equal sparse [r pfdebug encoding h]
        assert_equal 1 [r pfadd h $e]
        assert_equal dense [r pfdebug encoding h]
        assert_equal $rank [lindex [r pfdebug getreg h] $idx]
        assert_equal [hll_model_registers [list a b $e]] [r pfdebug getreg h]
    }

    test {hll-sparse-max-bytes takes memory units and rejects negatives} {
        r config set hll-sparse-max-bytes 1kb
        assert_equal {hll-sparse-max-bytes 1024} [r config get hll-sparse-max-bytes]
        assert_error {*argument must be a memory value*} {r config set hll-sparse-max-bytes -1}
        r config set hll-sparse-max-bytes 3000
        r config get hll-sparse-max-bytes
    } {hll-sparse-max-bytes 3000}

    # ------------------------------------------------------- the estimate

    test {PFCOUNT of a missing key is 0} {
        r del nokey
        r pfcount nokey
    } {0}

    test {PFCOUNT is within 3% of the true cardinality up to 100000} {
        r del h
        set n 0
        foreach checkpoint {1 2 5 10 20 50 100 200 500 1000 2000 5000 10000 20000 50000 100000} {
            while {$n < $checkpoint} {
                set batch {}
                for {set j 0} {$j < 1000 && $n < $checkpoint} {incr j} {
                    lappend batch "card:$n"
                    incr n
                }
                r pfadd h {*}$batch
            }
            assert_estimate [r pfcount h] $n 3 1
        }
        r pfdebug encoding h
    } {dense}

    test {Sparse and dense values give the same estimate} {
        foreach n {10 100 1000} {
            r del s d
            r pfadd s
            r pfadd d
            r pfdebug todense d
            set batch {}
            for {set i 0} {$i < $n} {incr i} {lappend batch "same:$i"}
            r pfadd s {*}$batch
            r pfadd d {*}$batch
            assert_equal sparse [r pfdebug encoding s]
            assert_equal dense [r pfdebug encoding d]
            assert_equal [r pfcount s] [r pfcount d]
            assert_equal [r pfcount s] [r pfcount s d]
        }
    }

    test {Adding the same elements again does not change the estimate} {
        r del h
        set batch {}
        for {set i 0} {$i < 5000} {incr i} {lappend batch "again:$i"}
        r pfadd h {*}$batch
        set c [r pfcount h]
        assert_equal 0 [r pfadd h {*}$batch]
        assert_equal $c [r pfcount h]
    }

    # --------------------------------------------------- the cached value

    test {PFADD invalidates the cache, PFCOUNT stores it little endian} {
        r del h
        r pfadd h a b c d e f g
        assert_equal 128 [lindex [hll_card_bytes h] 7]
        set c [r pfcount h]
        set bytes [hll_card_bytes h]
        set cached 0
        foreach b [lreverse $bytes] {set cached [expr {($cached << 8) | $b}]}
        assert_equal $c $cached
        # No new register: the cache stays valid.
        r pfadd h a
        assert_equal $bytes [hll_card_bytes h]
        r pfadd h zzz
        lindex [hll_card_bytes h] 7
    } {128}

    test {PFCOUNT answers from a valid cache without recounting} {
        r del h
        r pfadd h a b c
        r pfcount h
        r setrange h 8 "\x39\x30\x00\x00\x00\x00\x00\x00"
        assert_equal 12345 [r pfcount h]
        r setrange h 15 "\x80"
        r pfcount h
    } {3}

    test {PFCOUNT writes the cache back as a change, only when it recounts} {
        r del h
        r pfadd h a b
        set d0 [hll_dirty]
        r pfcount h
        assert_equal [expr {$d0 + 1}] [hll_dirty]
        r pfcount h
        assert_equal [expr {$d0 + 1}] [hll_dirty]
        r pfcount h nokey
        assert_equal [expr {$d0 + 1}] [hll_dirty]
    }

    test {PFADD counts one change per updated register} {
        r del h
        set d0 [hll_dirty]
        r pfadd h a b c
        # Creating the key, then three registers.
        assert_equal [expr {$d0 + 4}] [hll_dirty]
        r pfadd h a
        assert_equal [expr {$d0 + 4}] [hll_dirty]
    }

    # --------------------------------------------------- unions and merges

    test {PFCOUNT of several keys counts the union and modifies none} {
        r del h1 h2 h3 u
        set a {}
        set b {}
        for {set i 0} {$i < 2000} {incr i} {lappend a "u:$i"}
        for {set i 1000} {$i < 4000} {incr i} {lappend b "u:$i"}
        r pfadd h1 {*}$a
        r pfadd h2 {*}$b
        r pfdebug todense h2
        set v1 [r get h1]
        set v2 [r get h2]
        set c [r pfcount h1 h2 h3]
        assert_estimate $c 4000 3 1
        assert_equal $v1 [r get h1]
        assert_equal $v2 [r get h2]
        assert_equal 0 [r exists h3]
        r pfmerge u h1 h2
        assert_equal $c [r pfcount u]
    }

    test {PFCOUNT of a key given twice is its own count} {
        r del h
        r pfadd h a b c d
        r pfcount h h
    } {4}

    test {PFMERGE creates the destination} {
        r del d s1 s2
        r pfadd s1 a b c
        r pfadd s2 c d e
        assert_equal OK [r pfmerge d s1 s2]
        assert_equal 5 [r pfcount d]
        r pfdebug encoding d
    } {sparse}

    test {PFMERGE includes the destination's own registers} {
        r del d s1
        r pfadd d x y
        r pfadd s1 a b
        r pfmerge d s1
        r pfcount d
    } {4}

    test {PFMERGE of missing sources, or of none, leaves an empty HyperLogLog} {
        r del d nokey1 nokey2
        assert_equal OK [r pfmerge d nokey1 nokey2]
        assert_equal 0 [r pfcount d]
        r del d
        assert_equal OK [r pfmerge d]
        assert_equal "Z:16384" [r pfdebug decode d]
        # Created, then marked for recount.
        lindex [hll_card_bytes d] 7
    } {128}

    test {PFMERGE is dense when any input is dense} {
        r del d s1 s2
        r pfadd s1 a b
        r pfadd s2 c
        r pfdebug todense s2
        r pfmerge d s1
        assert_equal sparse [r pfdebug encoding d]
        r pfmerge d s2
        assert_equal dense [r pfdebug encoding d]
        assert_equal [hll_model_registers {a b c}] [r pfdebug getreg d]
    }

    test {PFMERGE of sparse values gives the registers of the union} {
        r del d s1 s2
        set a [hll_spread_elements 30 m1]
        set b [hll_spread_elements 30 m2]
        r pfadd s1 {*}$a
        r pfadd s2 {*}$b
        r pfmerge d s1 s2
        assert_equal sparse [r pfdebug encoding d]
        assert_equal [hll_model_registers [concat $a $b]] [r pfdebug getreg d]
    }

    test {PFMERGE promotes a sparse destination that outgrows the limit} {
        r config set hll-sparse-max-bytes 100
        r del d s1
        set batch {}
        for {set i 0} {$i < 200} {incr i} {lappend batch "grow:$i"}
        r config set hll-sparse-max-bytes 3000
        r pfadd s1 {*}$batch
        assert_equal sparse [r pfdebug encoding s1]
        r config set hll-sparse-max-bytes 100
        r pfmerge d s1
        set enc [r pfdebug encoding d]
        r config set hll-sparse-max-bytes 3000
        assert_equal [r pfdebug getreg s1] [r pfdebug getreg d]
        set enc
    } {dense}

    # ------------------------------------------------ values moved around

    test {A value copied with GET and SET keeps working} {
        r del h copy
        set batch {}
        for {set i 0} {$i < 1000} {incr i} {lappend batch "copy:$i"}
        r pfadd h {*}$batch
        r set copy [r get h]
        assert_equal [r pfcount h] [r pfcount copy]
        assert_equal 0 [r pfadd copy {*}$batch]
        r pfadd h more
        r pfadd copy more
        assert_equal [r get h] [r get copy]
    }

    test {A value built by hand from the model is counted like PFADD's} {
        r del h built
        set elements {}
        for {set i 0} {$i < 500} {incr i} {lappend elements "built:$i"}
        r pfadd h {*}$elements
        r pfdebug todense h
        # Pack the model registers, 6 bits each from the low bit of byte 0.
        set regs [hll_model_registers $elements]
        set bytes [lrepeat 12289 0]
        for {set i 0} {$i < 16384} {incr i} {
            set bit [expr {$i * 6}]
            set byte [expr {$bit / 8}]
            set shift [expr {$bit & 7}]
            set v [expr {[lindex $regs $i] << $shift}]
            lset bytes $byte [expr {[lindex $bytes $byte] | ($v & 255)}]
            lset bytes [expr {$byte + 1}] [expr {[lindex $bytes [expr {$byte + 1}]] | ($v >> 8)}]
        }
        set value "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80[binary format cu12288 [lrange $bytes 0 12287]]"
        r set built $value
        assert_equal [r pfcount h] [r pfcount built]
        assert_equal [r pfdebug getreg h] [r pfdebug getreg built]
    }

    # --------------------------------------------------------- errors

    test {PF commands on a key of another type: WRONGTYPE} {
        r del l
        r rpush l a
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r pfadd l a}
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r pfcount l}
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r pfcount nokey l}
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r pfmerge l}
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r pfmerge d l}
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value} {r pfdebug getreg l}
    }

    test {Strings that are not HyperLogLogs are refused with their own WRONGTYPE} {
        set err {WRONGTYPE Key is not a valid HyperLogLog string value.}
        set valid [r get h]
        foreach value [list hello 12345 "" [string repeat x 100] \
                           "HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff" \
                           "HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff" \
                           "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" \
                           "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80[string repeat \x00 100]"] {
            r set bad $value
            assert_error $err {r pfcount bad}
            assert_error $err {r pfcount bad nokey}
            assert_error $err {r pfadd bad a}
            assert_error $err {r pfmerge bad}
            assert_error $err {r pfmerge d bad}
            assert_error $err {r pfdebug encoding bad}
            assert_equal $value [r get bad]
        }
    }

    test {A dense value one byte too long or too short is refused} {
        r del h
        r pfadd h a
        r pfdebug todense h
        set v [r get h]
        r set bad "$v\x00"
        assert_error {WRONGTYPE Key is not a valid HyperLogLog*} {r pfcount bad}
        r set bad [string range $v 0 end-1]
        assert_error {WRONGTYPE Key is not a valid HyperLogLog*} {r pfcount bad}
    }

    test {Sparse runs that do not cover 16384 registers: INVALIDOBJ} {
        set err {INVALIDOBJ Corrupted HLL object detected}
        set hdr "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"
        # Too few (16383), too many (16385), and many too many.
        foreach payload [list "\x7f\xfe" "\x7f\xff\x00" "\x7f\xff\x7f\xff" "\x7f\xfe\x83"] {
            r set bad "$hdr$payload"
            assert_error $err {r pfcount bad}
            assert_error $err {r pfcount bad nokey}
            assert_error $err {r pfmerge d bad}
            assert_error $err {r pfdebug getreg bad}
            assert_error $err {r pfdebug todense bad}
            assert_equal sparse [r pfdebug encoding bad]
            assert_equal "$hdr$payload" [r get bad]
        }
        # A register past the end cannot be found to be updated.
        r set bad "$hdr\x40\x00"
        set found 0
        for {set i 0} {$i < 100 && !$found} {incr i} {
            lassign [hll_index_rank "past:$i"] idx
            if {$idx > 0} {
                assert_error $err {r pfadd bad "past:$i"}
                set found 1
            }
        }
        set found
    } {1}

    test {PFCOUNT of several keys ignores the cached estimates} {
        # A corrupted value with a valid cache: one key answers from the
        # cache, a union reads the registers and finds the corruption.
        set hdr "HYLL\x01\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00"
        r set bad "$hdr\x7f\xfe"
        assert_equal 5 [r pfcount bad]
        assert_error {INVALIDOBJ*} {r pfcount bad nokey}
    }

    test {Randomly corrupted values are refused or counted, never crash} {
        set patterns {{WRONGTYPE Key is not a valid HyperLogLog*} {INVALIDOBJ Corrupted HLL object detected}}
        r del s d
        set batch {}
        for {set i 0} {$i < 200} {incr i} {lappend batch "corrupt:$i"}
        r pfadd s {*}$batch
        r pfadd d {*}$batch
        r pfdebug todense d
        set sources [list [r get s] [r get d]]
        for {set iter 0} {$iter < 1000} {incr iter} {
            set v [lindex $sources [expr {$iter % 2}]]
            r set bad $v
            for {set k 0} {$k <= [randomInt 3]} {incr k} {
                set len [r strlen bad]
                if {[randomInt 4] == 0} {
                    set off [randomInt 16]
                } else {
                    set off [randomInt [expr {$len + 2}]]
                }
                r setrange bad $off [binary format c [randomInt 256]]
            }
            if {[randomInt 5] == 0} {
                set cut [randomInt [r strlen bad]]
                r set bad [r getrange bad 0 $cut]
            }
            foreach cmd {
                {pfcount bad} {pfcount bad nokey} {pfadd bad x y z} {pfmerge m bad}
                {pfdebug decode bad} {pfdebug todense bad} {pfadd bad w} {pfcount bad}
            } {
                if {[catch {r {*}$cmd} reply]} {
                    set ok 0
                    foreach p $patterns {if {[string match $p $reply]} {set ok 1}}
                    if {!$ok && [lindex $cmd 0] eq "pfdebug"} {
                        set ok [string match {ERR HLL encoding is not sparse} $reply]
                    }
                    if {!$ok} {fail "unexpected reply to $cmd: $reply"}
                }
            }
            r del m
        }
        r ping
    } {PONG}

    # ----------------------------------------------------------- PFDEBUG

    test {PFDEBUG errors} {
        r del nokey h
        r pfadd h a
        assert_error {ERR The specified key does not exist} {r pfdebug getreg nokey}
        assert_error {ERR Unknown PFDEBUG subcommand 'foo'} {r pfdebug foo h}
        r pfdebug todense h
        assert_error {ERR HLL encoding is not sparse} {r pfdebug decode h}
        assert_error {ERR wrong number of arguments for 'pfdebug' command} {r pfdebug getreg}
        assert_error {ERR wrong number of arguments for 'pfdebug' command} {r pfdebug getreg h extra}
    }

    test {PFDEBUG subcommands are case insensitive} {
        r del h
        r pfadd h a
        assert_equal sparse [r pfdebug ENCODING h]
        assert_equal [r pfdebug decode h] [r pfdebug DeCoDe h]
        r pfdebug ToDense h
    } {1}

    test {Arity errors} {
        assert_error {ERR wrong number of arguments for 'pfadd' command} {r pfadd}
        assert_error {ERR wrong number of arguments for 'pfcount' command} {r pfcount}
        assert_error {ERR wrong number of arguments for 'pfmerge' command} {r pfmerge}
        assert_error {ERR wrong number of arguments for 'pfselftest' command} {r pfselftest x}
    }

    test {PFSELFTEST} {
        r pfselftest
    } {OK}

    # ------------------------------------------------------- reply types

    test {Reply types in RESP2 and RESP3} {
        r del h
        r pfadd h a b
        set decoded [hll_sparse_expected [hll_model_registers {a b}]]
        foreach proto {2 3} {
            r hello $proto
            r readraw 1
            assert_equal {:0} [r pfadd h a]
            assert_equal {:2} [r pfcount h]
            assert_equal {:2} [r pfcount h nokey]
            assert_equal {+OK} [r pfmerge h]
            assert_equal {+sparse} [r pfdebug encoding h]
            assert_equal "\$[string length $decoded]" [r pfdebug decode h]
            assert_equal $decoded [r read]
            assert_equal {-ERR Unknown PFDEBUG subcommand 'x'} [r pfdebug x h]
            r readraw 0
        }
        r readraw 1
        assert_equal {*16384} [r pfdebug getreg h]
        set regs {}
        for {set i 0} {$i < 16384} {incr i} {lappend regs [r read]}
        r readraw 0
        r hello 2
        assert_equal [lmap v [hll_model_registers {a b}] {string cat : $v}] $regs
        r ping
    } {PONG}
}
