# List commands without blocking: LPUSH/RPUSH(X), LPOP/RPOP with and
# without a count, LLEN, LINDEX, LSET, LINSERT, LRANGE, LTRIM, LREM, LPOS,
# LMOVE/RPOPLPUSH and LMPOP; the quicklist encoding with its fill and
# compression settings and plain nodes for big elements; COPY and DEBUG
# DIGEST-VALUE of lists.  Every error reply is checked with its exact text
# as Redis 7.0 gives it.  The blocking commands are in list-blocking.tcl.

# The raw reply lines of one command sent on a fresh connection using
# protocol `proto` (2 or 3), joined by spaces, e.g. "*-1" or "*2 $1 a $1 b".  `nlines` is how
# many lines the reply has.
proc list_raw_reply {proto nlines args} {
    set c [redis_client]
    if {$proto == 3} { $c hello 3 }
    $c readraw 1
    set lines [list [$c {*}$args]]
    for {set i 1} {$i < $nlines} {incr i} { lappend lines [$c read] }
    $c close
    return [join $lines " "]
}

# Check a list key against a Tcl list: LLEN, LRANGE and every LINDEX.
proc list_assert_content {key expected} {
    assert_equal [r llen $key] [llength $expected] "LLEN $key"
    assert_equal [r lrange $key 0 -1] $expected "LRANGE $key"
    if {[llength $expected] == 0} {
        assert_equal [r exists $key] 0 "an empty list must not exist"
    }
}

start_server {tags {"list"}} {
    # ----------------------------------------------------------------- push

    test {LPUSH and RPUSH reply with the new length and keep the order} {
        r del l
        assert_equal [r rpush l a] 1
        assert_equal [r rpush l b c] 3
        assert_equal [r lpush l x] 4
        assert_equal [r lpush l y z] 6
        list_assert_content l {z y x a b c}
        assert_type list l
        assert_encoding quicklist l
    }

    test {LPUSH of several elements pushes them one after another} {
        r del l
        r lpush l 1 2 3 4
        r lrange l 0 -1
    } {4 3 2 1}

    test {LPUSHX and RPUSHX only push onto an existing list} {
        r del l
        assert_equal [r lpushx l a] 0
        assert_equal [r rpushx l a b] 0
        assert_equal [r exists l] 0
        r rpush l m
        assert_equal [r lpushx l a b] 3
        assert_equal [r rpushx l y z] 5
        r lrange l 0 -1
    } {b a m y z}

    test {Elements are binary safe, empty ones included} {
        r del l
        set bin "a\x00b\r\n\xff\xfe"
        r rpush l $bin "" "x y"
        assert_equal [r lindex l 0] $bin
        assert_equal [r lindex l 1] ""
        assert_equal [r llen l] 3
        assert_equal [r lpop l] $bin
        assert_equal [r lpop l] ""
        r lpop l
    } {x y}

    test {Elements that look like numbers come back exactly as pushed} {
        r del l
        set vals {0 1 -1 12345 -9223372036854775808 9223372036854775807
                  9223372036854775808 -9223372036854775809 18446744073709551616
                  01 +1 { 1} {1 } 0x10 1.5 -0 00 1e3 {} -}
        set vals [list {*}$vals]
        r rpush l {*}$vals
        assert_equal [r lrange l 0 -1] $vals
        for {set i 0} {$i < [llength $vals]} {incr i} {
            assert_equal [r lindex l $i] [lindex $vals $i]
        }
        assert_equal [r lpos l 12345] 3
        assert_equal [r lpos l 01] 9
        assert_equal [r lrem l 0 9223372036854775807] 1
        assert_equal [r lrange l 0 2] {0 1 -1}
        assert_equal [r rpop l 3] [list - {} 1e3]
    }

    test {A list of 10000 elements} {
        r del l
        set expected {}
        for {set i 0} {$i < 10000} {incr i} {
            lappend expected "element:$i"
        }
        r rpush l {*}$expected
        assert_equal [r llen l] 10000
        assert_equal [r lindex l 5000] element:5000
        assert_equal [r lindex l -1] element:9999
        assert_equal [r lrange l 0 -1] $expected
        assert_encoding quicklist l
    }

    # ------------------------------------------------------------------ pop

    test {LPOP and RPOP take one element from either end} {
        r del l
        r rpush l a b c d
        assert_equal [r lpop l] a
        assert_equal [r rpop l] d
        assert_equal [r lrange l 0 -1] {b c}
        assert_equal [r rpop l] c
        assert_equal [r lpop l] b
        assert_equal [r exists l] 0
        assert_equal [r lpop l] {}
        r rpop l
    } {}

    test {LPOP and RPOP with a count} {
        r del l
        r rpush l a b c d e f
        assert_equal [r lpop l 2] {a b}
        assert_equal [r rpop l 2] {f e}
        assert_equal [r lpop l 1] {c}
        assert_equal [r rpop l 10] {d}
        assert_equal [r exists l] 0
        r rpush l x y
        assert_equal [r lpop l 9223372036854775807] {x y}
        r exists l
    } {0}

    test {LPOP and RPOP with count 0: an empty array on a list, nil on a missing key} {
        r del l
        r rpush l a
        assert_equal [r lpop l 0] {}
        assert_equal [r rpop l 0] {}
        assert_equal [r llen l] 1
        assert_equal [list_raw_reply 2 1 lpop l 0] {*0}
        assert_equal [list_raw_reply 3 1 rpop l 0] {*0}
        r del l
        assert_equal [list_raw_reply 2 1 lpop l 0] {*-1}
        assert_equal [list_raw_reply 2 1 rpop l 0] {*-1}
        assert_equal [list_raw_reply 3 1 lpop l 0] {_}
        assert_equal [list_raw_reply 3 1 rpop l 0] {_}
    }

    test {LPOP and RPOP replies: nulls and arrays in RESP2 and RESP3} {
        r del l
        assert_equal [list_raw_reply 2 1 lpop l] {$-1}
        assert_equal [list_raw_reply 3 1 lpop l] {_}
        assert_equal [list_raw_reply 2 1 rpop l 2] {*-1}
        assert_equal [list_raw_reply 3 1 rpop l 2] {_}
        r rpush l a b c 42
        assert_equal [list_raw_reply 2 2 lpop l] {$1 a}
        assert_equal [list_raw_reply 3 2 rpop l] {$2 42}
        assert_equal [list_raw_reply 3 5 rpop l 5] {*2 $1 c $1 b}
    }

    test {LPOP and RPOP count errors} {
        r del l
        r rpush l a
        assert_error "ERR value is out of range, must be positive" {r lpop l -1}
        assert_error "ERR value is out of range, must be positive" {r rpop l -1}
        assert_error "ERR value is out of range, must be positive" {r lpop l abc}
        assert_error "ERR value is out of range, must be positive" {r lpop l 1.5}
        assert_error "ERR value is out of range, must be positive" {r lpop l 9223372036854775808}
        # The count is checked before the key is looked up.
        assert_error "ERR value is out of range, must be positive" {r lpop nokey -1}
        assert_error "ERR wrong number of arguments for 'lpop' command" {r lpop l 1 2}
        assert_error "ERR wrong number of arguments for 'rpop' command" {r rpop l 1 2}
        assert_error "ERR wrong number of arguments for 'lpop' command" {r lpop}
        r lrange l 0 -1
    } {a}

    # ------------------------------------------------------ LLEN and LINDEX

    test {LLEN of a missing key is 0} {
        r del l
        r llen l
    } {0}

    test {LINDEX with positive, negative and out of range indexes} {
        r del l
        r rpush l a b c
        assert_equal [r lindex l 0] a
        assert_equal [r lindex l 2] c
        assert_equal [r lindex l -1] c
        assert_equal [r lindex l -3] a
        assert_equal [r lindex l 3] {}
        assert_equal [r lindex l -4] {}
        assert_equal [r lindex l 9223372036854775807] {}
        assert_equal [r lindex l -9223372036854775808] {}
        assert_equal [list_raw_reply 2 1 lindex l 5] {$-1}
        assert_equal [list_raw_reply 3 1 lindex l 5] {_}
        assert_equal [r lindex nokey 0] {}
        assert_equal [list_raw_reply 3 1 lindex nokey 0] {_}
    }

    test {LINDEX checks the key before the index} {
        r del l
        # A missing key is nil whatever the index.
        assert_equal [r lindex l abc] {}
        r rpush l a
        assert_error "ERR value is not an integer or out of range" {r lindex l abc}
        assert_error "ERR value is not an integer or out of range" {r lindex l 1.0}
        assert_error "ERR value is not an integer or out of range" {r lindex l 9223372036854775808}
    }

    # ----------------------------------------------------------------- LSET

    test {LSET replaces by positive and negative index} {
        r del l
        r rpush l a b c
        assert_equal [r lset l 0 x] OK
        assert_equal [r lset l -1 z] OK
        assert_equal [r lset l 1 12] OK
        r lrange l 0 -1
    } {x 12 z}

    test {LSET errors: out of range, no such key, bad index} {
        r del l
        assert_error "ERR no such key" {r lset l 0 x}
        # The key is looked up before the index is parsed.
        assert_error "ERR no such key" {r lset l abc x}
        r rpush l a b
        assert_error "ERR index out of range" {r lset l 2 x}
        assert_error "ERR index out of range" {r lset l -3 x}
        assert_error "ERR index out of range" {r lset l 9223372036854775807 x}
        assert_error "ERR index out of range" {r lset l -9223372036854775808 x}
        assert_error "ERR value is not an integer or out of range" {r lset l abc x}
        assert_error "ERR value is not an integer or out of range" {r lset l 9223372036854775808 x}
        r lrange l 0 -1
    } {a b}

    # -------------------------------------------------------------- LINSERT

    test {LINSERT BEFORE and AFTER a pivot} {
        r del l
        r rpush l a b c
        assert_equal [r linsert l before b x] 4
        assert_equal [r linsert l after c y] 5
        assert_equal [r linsert l BEFORE a first] 6
        assert_equal [r linsert l After x 12] 7
        r lrange l 0 -1
    } {first a x 12 b c y}

    test {LINSERT uses the first match of the pivot} {
        r del l
        r rpush l p 1 p 2
        r linsert l after p new
        r lrange l 0 -1
    } {p new 1 p 2}

    test {LINSERT with a missing pivot, a missing key, a bad position} {
        r del l
        assert_equal [r linsert l before a b] 0
        assert_equal [r exists l] 0
        r rpush l a
        assert_equal [r linsert l before zz b] -1
        assert_equal [r linsert l after zz b] -1
        assert_error "ERR syntax error" {r linsert l middle a b}
        # The position is parsed before the key is looked up.
        assert_error "ERR syntax error" {r linsert nokey middle a b}
        r lrange l 0 -1
    } {a}

    # --------------------------------------------------------------- LRANGE

    test {LRANGE with positive, negative and out of range indexes} {
        r del l
        r rpush l a b c d e
        assert_equal [r lrange l 0 -1] {a b c d e}
        assert_equal [r lrange l 1 3] {b c d}
        assert_equal [r lrange l -3 -1] {c d e}
        assert_equal [r lrange l -100 1] {a b}
        assert_equal [r lrange l 3 100] {d e}
        assert_equal [r lrange l 4 4] {e}
        assert_equal [r lrange l 0 -5] {a}
        assert_equal [r lrange l 0 -6] {}
        assert_equal [r lrange l 2 1] {}
        assert_equal [r lrange l 5 10] {}
        assert_equal [r lrange l -1 -2] {}
        assert_equal [r lrange l -9223372036854775808 9223372036854775807] {a b c d e}
        assert_equal [r lrange l 9223372036854775807 -9223372036854775808] {}
        assert_equal [r lrange nokey 0 -1] {}
    }

    test {LRANGE parses the indexes before looking up the key} {
        r del l
        assert_error "ERR value is not an integer or out of range" {r lrange l abc 1}
        assert_error "ERR value is not an integer or out of range" {r lrange l 0 1.5}
        assert_error "ERR value is not an integer or out of range" {r lrange l 0 9223372036854775808}
    }

    test {LRANGE replies: arrays in RESP2 and RESP3} {
        r del l
        assert_equal [list_raw_reply 2 1 lrange l 0 -1] {*0}
        assert_equal [list_raw_reply 3 1 lrange l 0 -1] {*0}
        r rpush l a 7
        assert_equal [list_raw_reply 3 5 lrange l 0 -1] {*2 $1 a $1 7}
    }

    # ---------------------------------------------------------------- LTRIM

    test {LTRIM keeps a range} {
        r del l
        r rpush l a b c d e
        assert_equal [r ltrim l 1 -2] OK
        assert_equal [r lrange l 0 -1] {b c d}
        r ltrim l -100 100
        assert_equal [r lrange l 0 -1] {b c d}
        r ltrim l -1 -1
        r lrange l 0 -1
    } {d}

    test {LTRIM to an empty range deletes the key} {
        foreach {start end} {5 10 2 1 0 -4 -1 -2 9223372036854775807 -9223372036854775808} {
            r del l
            r rpush l a b c
            assert_equal [r ltrim l $start $end] OK
            assert_equal [r exists l] 0 "LTRIM $start $end"
        }
    }

    test {LTRIM of a missing key is OK, bad indexes are errors} {
        r del l
        assert_equal [r ltrim l 0 1] OK
        assert_equal [r exists l] 0
        assert_error "ERR value is not an integer or out of range" {r ltrim l abc 1}
        assert_error "ERR value is not an integer or out of range" {r ltrim l 0 x}
    }

    # ----------------------------------------------------------------- LREM

    test {LREM from the head, from the tail, and all matches} {
        r del l
        r rpush l a b a c a d a
        assert_equal [r lrem l 2 a] 2
        assert_equal [r lrange l 0 -1] {b c a d a}
        assert_equal [r lrem l -1 a] 1
        assert_equal [r lrange l 0 -1] {b c a d}
        assert_equal [r lrem l 0 zz] 0
        assert_equal [r lrem l 0 a] 1
        r lrange l 0 -1
    } {b c d}

    test {LREM with huge counts and integer elements} {
        r del l
        r rpush l 1 x 1 1 y 1
        assert_equal [r lrem l 9223372036854775807 1] 4
        assert_equal [r lrange l 0 -1] {x y}
        assert_equal [r lrem l -9223372036854775808 y] 1
        assert_equal [r lrem l -9223372036854775808 x] 1
        r exists l
    } {0}

    test {LREM of the last elements deletes the key; missing key and bad count} {
        r del l
        r rpush l v v
        assert_equal [r lrem l 0 v] 2
        assert_equal [r exists l] 0
        assert_equal [r lrem l 0 v] 0
        assert_error "ERR value is not an integer or out of range" {r lrem l abc v}
        assert_error "ERR value is not an integer or out of range" {r lrem l 9223372036854775808 v}
    }

    # ----------------------------------------------------------------- LPOS

    test {LPOS finds the first match, RANK picks a later one} {
        r del l
        r rpush l a b c a b c a
        assert_equal [r lpos l a] 0
        assert_equal [r lpos l c] 2
        assert_equal [r lpos l a rank 2] 3
        assert_equal [r lpos l a rank 3] 6
        assert_equal [r lpos l a rank 4] {}
        assert_equal [r lpos l a rank -1] 6
        assert_equal [r lpos l a rank -2] 3
        assert_equal [r lpos l b rank -1] 4
        assert_equal [r lpos l zz] {}
        assert_equal [r lpos l a rank 9223372036854775807] {}
        assert_equal [r lpos l a rank -9223372036854775807] {}
        # The last option given wins.
        r lpos l a rank 1 rank 2
    } {3}

    test {LPOS COUNT returns an array of positions} {
        r del l
        r rpush l a b c a b c a
        assert_equal [r lpos l a count 0] {0 3 6}
        assert_equal [r lpos l a count 2] {0 3}
        assert_equal [r lpos l a count 1 count 2] {0 3}
        assert_equal [r lpos l a rank 2 count 0] {3 6}
        assert_equal [r lpos l a rank -1 count 2] {6 3}
        assert_equal [r lpos l b rank -2 count 5] {1}
        assert_equal [r lpos l zz count 2] {}
        assert_equal [r lpos l a rank 9223372036854775807 count 0] {}
        assert_equal [list_raw_reply 2 1 lpos l zz count 2] {*0}
        assert_equal [list_raw_reply 3 3 lpos l b count 0] {*2 :1 :4}
    }

    test {LPOS MAXLEN limits the compared elements} {
        r del l
        r rpush l a b c a b c a
        assert_equal [r lpos l c maxlen 2] {}
        assert_equal [r lpos l c maxlen 3] 2
        assert_equal [r lpos l a maxlen 2 count 0] {0}
        assert_equal [r lpos l a rank -1 count 2 maxlen 3] {6}
        assert_equal [r lpos l a rank -2 count 2 maxlen 3] {}
        assert_equal [r lpos l a rank 2 count 2 maxlen 5] {3}
        assert_equal [r lpos l a maxlen 0 count 0] {0 3 6}
        r lpos l a rank 1 maxlen 9223372036854775807
    } {0}

    test {LPOS with RANK -9223372036854775808 acts as Redis 7.0 does} {
        # Redis 7.0 negates the rank and overflows: every match from the
        # tail qualifies and COUNT never stops the search.
        r del l
        r rpush l a b c a b c a
        assert_equal [r lpos l a rank -9223372036854775808] 6
        assert_equal [r lpos l a rank -9223372036854775808 count 0] {6 3 0}
        assert_equal [r lpos l a rank -9223372036854775808 count 1] {6 3 0}
        assert_equal [r lpos l a rank -9223372036854775808 count 2 maxlen 3] {6}
    }

    test {LPOS on a missing key: nil, or an empty array with COUNT} {
        r del l
        assert_equal [r lpos l a] {}
        assert_equal [r lpos l a count 0] {}
        assert_equal [list_raw_reply 2 1 lpos l a] {$-1}
        assert_equal [list_raw_reply 3 1 lpos l a] {_}
        assert_equal [list_raw_reply 2 1 lpos l a count 1] {*0}
        assert_equal [list_raw_reply 3 1 lpos l a count 1] {*0}
    }

    test {LPOS errors} {
        r del l
        r rpush l a
        set rankerr "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
        assert_error $rankerr {r lpos l a rank 0}
        # Options are parsed before the key is looked up.
        assert_error $rankerr {r lpos nokey a rank 0}
        assert_error "ERR COUNT can't be negative" {r lpos l a count -1}
        assert_error "ERR COUNT can't be negative" {r lpos l a count abc}
        assert_error "ERR MAXLEN can't be negative" {r lpos l a maxlen -1}
        assert_error "ERR MAXLEN can't be negative" {r lpos l a maxlen abc}
        assert_error "ERR value is not an integer or out of range" {r lpos l a rank x}
        assert_error "ERR value is not an integer or out of range" {r lpos l a rank 1.5}
        assert_error "ERR syntax error" {r lpos l a foo}
        assert_error "ERR syntax error" {r lpos l a count}
        assert_error "ERR syntax error" {r lpos l a rank 1 maxlen}
        assert_error "ERR wrong number of arguments for 'lpos' command" {r lpos l}
    }

    # ------------------------------------------------- LMOVE and RPOPLPUSH

    test {LMOVE in every direction} {
        r del src dst
        r rpush src a b c d
        r rpush dst x
        assert_equal [r lmove src dst left left] a
        assert_equal [r lmove src dst left right] b
        assert_equal [r lmove src dst right left] d
        assert_equal [r lmove src dst RIGHT Right] c
        assert_equal [r exists src] 0
        r lrange dst 0 -1
    } {d a x b c}

    test {LMOVE creates the destination and deletes an emptied source} {
        r del src dst
        r rpush src only
        assert_equal [r lmove src dst left right] only
        assert_equal [r exists src] 0
        assert_equal [r lrange dst 0 -1] {only}
        assert_encoding quicklist dst
    }

    test {LMOVE and RPOPLPUSH with the same key rotate the list} {
        r del l
        r rpush l a b c
        assert_equal [r lmove l l left right] a
        assert_equal [r lrange l 0 -1] {b c a}
        assert_equal [r lmove l l right left] a
        assert_equal [r rpoplpush l l] c
        assert_equal [r lrange l 0 -1] {c a b}
        assert_equal [r lmove l l left left] c
        assert_equal [r lrange l 0 -1] {c a b}
        r del one
        r rpush one x
        assert_equal [r lmove one one left right] x
        assert_equal [r rpoplpush one one] x
        r lrange one 0 -1
    } {x}

    test {RPOPLPUSH moves from the tail to the head} {
        r del src dst
        r rpush src a b 3
        assert_equal [r rpoplpush src dst] 3
        assert_equal [r rpoplpush src dst] b
        assert_equal [r rpoplpush src dst] a
        assert_equal [r exists src] 0
        assert_equal [r rpoplpush src dst] {}
        r lrange dst 0 -1
    } {a b 3}

    test {LMOVE and RPOPLPUSH: a missing source, a wrong destination} {
        r del src dst
        assert_equal [r lmove src dst left left] {}
        assert_equal [list_raw_reply 2 1 lmove src dst left left] {$-1}
        assert_equal [list_raw_reply 3 1 rpoplpush src dst] {_}
        r set dst string
        # A missing source answers nil before the destination is checked.
        assert_equal [r lmove src dst left left] {}
        r rpush src a b
        assert_error "WRONGTYPE*" {r lmove src dst left left}
        assert_error "WRONGTYPE*" {r rpoplpush src dst}
        # Nothing moved.
        assert_equal [r lrange src 0 -1] {a b}
        assert_equal [r get dst] string
        assert_error "ERR syntax error" {r lmove src dst left middle}
        assert_error "ERR syntax error" {r lmove src dst up left}
        assert_error "ERR syntax error" {r lmove nokey dst up left}
    }

    # ---------------------------------------------------------------- LMPOP

    test {LMPOP pops from the first key holding a list} {
        r del l1 l2 l3
        r rpush l2 a b c
        r rpush l3 x
        assert_equal [r lmpop 3 l1 l2 l3 left] {l2 a}
        assert_equal [r lmpop 3 l1 l2 l3 right count 5] {l2 {c b}}
        assert_equal [r exists l2] 0
        assert_equal [r lmpop 2 l1 l3 LEFT COUNT 1] {l3 x}
        assert_equal [r lmpop 2 l1 l3 left] {}
        assert_equal [list_raw_reply 2 1 lmpop 2 l1 l3 left] {*-1}
        assert_equal [list_raw_reply 3 1 lmpop 2 l1 l3 left] {_}
        r rpush l1 a b
        assert_equal [list_raw_reply 3 8 lmpop 1 l1 right count 2] {*2 $2 l1 *2 $1 b $1 a}
        r rpush l1 a b
        r lmpop 1 l1 left count 9223372036854775807
    } {l1 {a b}}

    test {LMPOP stops at a key of another type} {
        r del l s
        r set s str
        assert_error "WRONGTYPE*" {r lmpop 2 l s left}
        r rpush l a
        # The list comes first: served without looking at the string.
        assert_equal [r lmpop 2 l s left] {l a}
        assert_error "WRONGTYPE*" {r lmpop 2 s l left}
    }

    test {LMPOP errors} {
        r del l
        set numkeys "ERR numkeys should be greater than 0"
        assert_error $numkeys {r lmpop 0 l left}
        assert_error $numkeys {r lmpop -1 l left}
        assert_error $numkeys {r lmpop a l left}
        assert_error "ERR syntax error" {r lmpop 2 l left}
        assert_error "ERR syntax error" {r lmpop 9223372036854775807 l left}
        assert_error "ERR syntax error" {r lmpop 1 l middle}
        assert_error "ERR syntax error" {r lmpop 1 l middle count 0}
        set counterr "ERR count should be greater than 0"
        assert_error $counterr {r lmpop 1 l left count 0}
        assert_error $counterr {r lmpop 1 l left count -1}
        assert_error $counterr {r lmpop 1 l left count a}
        assert_error "ERR syntax error" {r lmpop 1 l left count 1 count 2}
        assert_error "ERR syntax error" {r lmpop 1 l left foo}
        assert_error "ERR syntax error" {r lmpop 1 l left count}
        assert_error "ERR wrong number of arguments for 'lmpop' command" {r lmpop 1 l}
    }

    # ------------------------------------------- wrong types, arity, args

    test {Every list command on a string key is WRONGTYPE and changes nothing} {
        r del s
        r set s value
        foreach cmd {
            {lpush s a} {rpush s a} {lpushx s a} {rpushx s a} {lpop s} {rpop s}
            {lpop s 0} {rpop s 2} {llen s} {lindex s 0} {lindex s abc} {lset s 0 a}
            {lset s abc a} {linsert s before a b} {lrange s 0 -1} {ltrim s 0 1}
            {lrem s 0 a} {lpos s a} {lpos s a count 0} {lmove s d left left}
            {rpoplpush s d} {lmpop 1 s left} {blpop s 0} {brpop s 0}
            {blmove s d left left 0} {brpoplpush s d 0} {blmpop 0 1 s left}
        } {
            assert_error "WRONGTYPE Operation against a key holding the wrong kind of value" [list r {*}$cmd]
        }
        assert_equal [r get s] value
        assert_equal [r exists d] 0
    }

    test {Arity errors of the list commands} {
        foreach {cmd args} {
            lpush {l} rpush {l} lpushx {l} rpushx {l} lpop {} rpop {} llen {}
            lindex {l} lset {l 0} linsert {l before a} lrange {l 0} ltrim {l 0}
            lrem {l 0} lpos {l} lmove {a b left} rpoplpush {a} lmpop {1 l}
            blpop {l} brpop {l} blmove {a b left left} brpoplpush {a b}
            blmpop {0 1 l}
        } {
            assert_error "ERR wrong number of arguments for '$cmd' command" [list r $cmd {*}$args]
        }
        assert_error "ERR wrong number of arguments for 'llen' command" {r llen a b}
    }

    # ------------------------------------------------------ encoding, config

    test {Every list is a quicklist, small or large} {
        r del small large
        r rpush small a
        assert_encoding quicklist small
        for {set i 0} {$i < 1000} {incr i} { r rpush large [string repeat x 100] }
        assert_encoding quicklist large
        assert_equal [r object encoding nokey] {}
    } {}

    test {DEBUG QUICKLIST works on a list, DEBUG LISTPACK refuses it} {
        r del l
        r rpush l a b
        assert_equal [r debug quicklist l] "Quicklist structure printed on stdout"
        assert_equal [r debug quicklist l 1] "Quicklist structure printed on stdout"
        assert_error "ERR Not a listpack encoded object." {r debug listpack l}
        assert_match "*encoding:quicklist *ql_nodes:1 *" [r debug object l]
    } {} {needs:debug}

    test {list-max-listpack-size N puts at most N elements in a node} {
        set old [lindex [r config get list-max-listpack-size] 1]
        r config set list-max-listpack-size 4
        r del l
        r rpush l 1 2 3 4 5 6 7 8 9 10
        assert_match "*ql_nodes:3 *ql_listpack_max:4 *" [r debug object l]
        list_assert_content l {1 2 3 4 5 6 7 8 9 10}
        r config set list-max-listpack-size 1
        r del l
        r rpush l a b c
        assert_match "*ql_nodes:3 *" [r debug object l]
        r config set list-max-listpack-size $old
    } {OK} {needs:debug}

    test {list-max-listpack-size -N bounds the node bytes} {
        set old [lindex [r config get list-max-listpack-size] 1]
        r config set list-max-listpack-size -1
        r del l
        set expected {}
        for {set i 0} {$i < 100} {incr i} { lappend expected "[string repeat x 100]$i" }
        r rpush l {*}$expected
        # 100 elements of about 104 bytes, 4k per node.
        assert_match "*ql_nodes:3 *ql_listpack_max:-1 *" [r debug object l]
        list_assert_content l $expected
        r config set list-max-listpack-size -5
        r del l
        r rpush l {*}$expected
        assert_match "*ql_nodes:1 *" [r debug object l]
        list_assert_content l $expected
        r config set list-max-listpack-size $old
    } {OK} {needs:debug}

    test {The list settings apply to lists created afterwards} {
        set old [lindex [r config get list-max-listpack-size] 1]
        r del old new
        r rpush old a
        r config set list-max-listpack-size 7
        r rpush new a
        assert_match "*ql_listpack_max:$old *" [r debug object old]
        assert_match "*ql_listpack_max:7 *" [r debug object new]
        r config set list-max-listpack-size $old
    } {OK} {needs:debug}

    test {list-compress-depth keeps data intact through every command} {
        set oldfill [lindex [r config get list-max-listpack-size] 1]
        r config set list-max-listpack-size 4
        r config set list-compress-depth 1
        r del l
        set expected {}
        for {set i 0} {$i < 200} {incr i} {
            lappend expected "[string repeat abcd 20]$i"
        }
        r rpush l {*}$expected
        assert_match "*ql_compressed:1 *" [r debug object l]
        list_assert_content l $expected
        # Reads and changes in the compressed middle of the list.
        assert_equal [r lindex l 100] [lindex $expected 100]
        assert_equal [r lindex l -101] [lindex $expected 99]
        r lset l 100 changed
        lset expected 100 changed
        r linsert l before [lindex $expected 50] inserted
        set expected [linsert $expected 50 inserted]
        assert_equal [r lrem l 0 [lindex $expected 150]] 1
        set expected [lreplace $expected 150 150]
        assert_equal [r lpos l changed] 101
        assert_equal [r lrange l 98 103] [lrange $expected 98 103]
        r ltrim l 10 -10
        set expected [lrange $expected 10 end-9]
        list_assert_content l $expected
        assert_equal [r lpop l 3] [lrange $expected 0 2]
        assert_equal [r rpop l 3] [lreverse [lrange $expected end-2 end]]
        set expected [lrange $expected 3 end-3]
        list_assert_content l $expected
        r config set list-compress-depth 0
        r config set list-max-listpack-size $oldfill
    } {OK} {needs:debug}

    test {Elements over the packed threshold go to plain nodes, data intact} {
        r config set list-max-listpack-size -2
        r debug quicklist-packed-threshold 100
        r del l
        set big1 [string repeat A 300]
        set big2 [string repeat B 150]
        set big3 [string repeat C 1000]
        r rpush l a $big1 b
        r lpush l $big2
        assert_match "*ql_nodes:4 *" [r debug object l]
        list_assert_content l [list $big2 a $big1 b]
        assert_encoding quicklist l
        # A plain element replaced by a small one and the other way round.
        r lset l 2 small
        r lset l 1 $big3
        list_assert_content l [list $big2 $big3 small b]
        r linsert l after small $big1
        r linsert l before b x
        list_assert_content l [list $big2 $big3 small $big1 x b]
        assert_equal [r lpos l $big1] 3
        assert_equal [r lindex l -3] $big1
        assert_equal [r lrem l 0 $big3] 1
        assert_equal [r lpop l] $big2
        r lmove l l left right
        list_assert_content l [list $big1 x b small]
        assert_equal [r rpoplpush l other] small
        assert_equal [r lmove l other left left] $big1
        assert_equal [r lrange other 0 -1] [list $big1 small]
        assert_equal [r rpop l 5] {b x}
        r debug quicklist-packed-threshold 0
        r exists l
    } {0} {needs:debug}

    test {Plain nodes and compression together} {
        r config set list-compress-depth 1
        r config set list-max-listpack-size 2
        r debug quicklist-packed-threshold 60
        r del l
        set expected {}
        for {set i 0} {$i < 60} {incr i} {
            if {$i % 3 == 0} {
                lappend expected "[string repeat xyz 40]$i"
            } else {
                lappend expected "e$i"
            }
        }
        r rpush l {*}$expected
        list_assert_content l $expected
        r lset l 30 [string repeat q 200]
        lset expected 30 [string repeat q 200]
        r lset l 31 tiny
        lset expected 31 tiny
        list_assert_content l $expected
        r debug quicklist-packed-threshold 0
        r config set list-compress-depth 0
        r config set list-max-listpack-size -2
    } {OK} {needs:debug}

    # ------------------------------------------------ randomized vs a model

    test {Random operations agree with a model under many settings} {
        expr {srand(4242)}
        set configs {{-2 0 0} {4 1 0} {1 2 0} {-1 1 0} {3 0 0} {2 1 40} {-2 0 40}}
        foreach cfg $configs {
            lassign $cfg fill depth threshold
            r config set list-max-listpack-size $fill
            r config set list-compress-depth $depth
            r debug quicklist-packed-threshold $threshold
            r del l
            set model {}
            for {set op 0} {$op < 1500} {incr op} {
                set n [llength $model]
                set v [randpath {randomInt 20} {randstring 0 8} \
                           {string repeat [randomInt 10] [randomRange 30 80]}]
                set idx [expr {$n ? [randomInt $n] : 0}]
                set nidx [expr {$idx - $n}]
                set what [randomInt 12]
                switch $what {
                    0 { r lpush l $v; set model [linsert $model 0 $v] }
                    1 { r rpush l $v; lappend model $v }
                    2 {
                        assert_equal [r lpop l] [lindex $model 0]
                        set model [lrange $model 1 end]
                    }
                    3 {
                        set cnt [randomInt 4]
                        if {$n} {
                            assert_equal [r rpop l $cnt] [lreverse [lrange $model end-[expr {$cnt - 1}] end]]
                        }
                        set model [lrange $model 0 end-$cnt]
                    }
                    4 {
                        if {$n} {
                            set pivot [lindex $model $idx]
                            set pos [lsearch -exact $model $pivot]
                            set where [expr {[randomInt 2] ? "before" : "after"}]
                            assert_equal [r linsert l $where $pivot $v] [expr {$n + 1}]
                            if {$where eq "after"} { incr pos }
                            set model [linsert $model $pos $v]
                        }
                    }
                    5 {
                        if {$n} {
                            r lset l [expr {[randomInt 2] ? $idx : $nidx}] $v
                            lset model $idx $v
                        }
                    }
                    6 {
                        if {$n} {
                            set e [lindex $model $idx]
                            set cnt [expr {[randomInt 5] - 2}]
                            set hits [lsearch -all -exact $model $e]
                            if {$cnt < 0} { set hits [lreverse $hits] }
                            if {$cnt != 0} { set hits [lrange $hits 0 [expr {abs($cnt) - 1}]] }
                            assert_equal [r lrem l $cnt $e] [llength $hits]
                            foreach h [lsort -integer -decreasing $hits] {
                                set model [lreplace $model $h $h]
                            }
                        }
                    }
                    7 {
                        if {$n > 20} {
                            r ltrim l 1 -2
                            set model [lrange $model 1 end-1]
                        }
                    }
                    8 {
                        assert_equal [r lindex l $nidx] [lindex $model $idx]
                        if {$n} {
                            set e [lindex $model $idx]
                            assert_equal [r lpos l $e] [lsearch -exact $model $e]
                        }
                    }
                    9 {
                        if {$n} {
                            r lmove l l right left
                            set model [linsert [lrange $model 0 end-1] 0 [lindex $model end]]
                        }
                    }
                    10 {
                        set s [expr {$idx < 2 ? 0 : $idx - 2}]
                        set e [expr {$idx + 3}]
                        assert_equal [r lrange l $s $e] [lrange $model $s $e]
                    }
                    11 {
                        r rpush l $v $v
                        lappend model $v $v
                    }
                }
            }
            list_assert_content l $model
        }
        r config set list-max-listpack-size -2
        r config set list-compress-depth 0
        r debug quicklist-packed-threshold 0
    } {OK} {needs:debug}

    # ------------------------------------------------------ COPY and DIGEST

    test {COPY of a list is a deep copy} {
        r del src dst
        r rpush src a b 3 [string repeat z 100]
        assert_equal [r copy src dst] 1
        assert_equal [r lrange dst 0 -1] [r lrange src 0 -1]
        assert_encoding quicklist dst
        r rpush dst more
        r lset dst 0 changed
        assert_equal [r lrange src 0 -1] [list a b 3 [string repeat z 100]]
        assert_equal [r lrange dst 0 -1] [list changed b 3 [string repeat z 100] more]
        r del src
        assert_equal [r llen dst] 5
        assert_equal [r copy dst src db 10] 1
        r select 10
        set copied [r lrange src 0 -1]
        r del src
        r select 9
        set copied
    } [list changed b 3 [string repeat z 100] more]

    test {COPY of a compressed list with plain nodes} {
        r config set list-compress-depth 1
        r config set list-max-listpack-size 2
        r debug quicklist-packed-threshold 50
        r del src dst
        set expected {}
        for {set i 0} {$i < 50} {incr i} {
            lappend expected [expr {$i % 5 ? "v$i" : "[string repeat big 30]$i"}]
        }
        r rpush src {*}$expected
        r copy src dst
        list_assert_content dst $expected
        assert_equal [r debug digest-value src] [r debug digest-value dst]
        r debug quicklist-packed-threshold 0
        r config set list-compress-depth 0
        r config set list-max-listpack-size -2
    } {OK} {needs:debug}

    test {DEBUG DIGEST-VALUE depends on the content and order only} {
        r del a b c d
        r rpush a x y 1 2
        r lpush b 2 1 y x
        assert_equal [r debug digest-value a] [r debug digest-value b]
        r rpush c y x 1 2
        assert_not_equal [r debug digest-value a] [r debug digest-value c]
        # Other node layouts and compression, same content.
        r config set list-max-listpack-size 1
        r config set list-compress-depth 1
        r rpush d x y 1 2
        assert_equal [r debug digest-value a] [r debug digest-value d]
        r del d
        r debug quicklist-packed-threshold 1
        r rpush d x y 1 2
        assert_equal [r debug digest-value a] [r debug digest-value d]
        r debug quicklist-packed-threshold 0
        r config set list-compress-depth 0
        r config set list-max-listpack-size -2
        # A changed element changes the digest; changing it back restores it.
        set before [r debug digest]
        r lset a 0 other
        assert_not_equal [r debug digest] $before
        r lset a 0 x
        assert_equal [r debug digest] $before
    } {} {needs:debug}

    test {RENAME and EXPIRE work on lists} {
        r del l l2
        r rpush l a b
        r rename l l2
        assert_equal [r lrange l2 0 -1] {a b}
        r pexpire l2 100000
        r rpush l2 c
        assert_range [r pttl l2] 1 100000
        r lpop l2 3
        # Popped empty: gone, TTL included.
        assert_equal [r ttl l2] -2
        r exists l2
    } {0}
}
