# SORT and SORT_RO over lists, sets and sorted sets: numeric and ALPHA
# order, BY patterns (string keys and hash fields, "nosort"), GET patterns
# ("#", missing keys), LIMIT windows, DESC, STORE, and every error.

start_server {tags {"sort"}} {
    proc setup_weights {} {
        r flushall
        r rpush l 3 1 2 10
        r rpush la b a c
        r mset w_1 30 w_2 20 w_3 10 w_10 5
        r hset h_1 f 3
        r hset h_2 f 1
        r hset h_3 f 2
        r hset h_10 f 0
    }

    test {SORT a list numerically, ascending and descending} {
        setup_weights
        assert_equal {1 2 3 10} [r sort l]
        assert_equal {1 2 3 10} [r sort l asc]
        assert_equal {10 3 2 1} [r sort l desc]
        # Options are case-insensitive, and the last ASC/DESC wins.
        assert_equal {10 3 2 1} [r sort l ASC DESC]
    }

    test {SORT refuses elements that are not numbers unless ALPHA} {
        setup_weights
        assert_error "ERR One or more scores can't be converted into double" {r sort la}
        assert_equal {a b c} [r sort la alpha]
        assert_equal {c b a} [r sort la alpha desc]
        r rpush nan 1 nan 2
        assert_error "ERR One or more scores can't be converted into double" {r sort nan}
    }

    test {SORT of numbers in every form strtod accepts} {
        r del nums
        r rpush nums 1e3 -2.5 0x10 inf -inf 7
        r sort nums
    } {-inf -2.5 7 0x10 1e3 inf}

    test {SORT ties between equal scores are broken by the elements} {
        r del ties
        r rpush ties b 1 a 1.0 01
        # All of 1, 1.0 and 01 score 1: they come in byte order.
        r sort ties by nokey_*
    } {01 1 1.0 a b}

    test {SORT of a set and of a sorted set} {
        r del s z
        r sadd s 5 3 10
        assert_equal {3 5 10} [r sort s]
        r sadd s2 b c a
        assert_equal {a b c} [r sort s2 alpha]
        r zadd z 3 a 1 b 2 c
        assert_equal {a b c} [r sort z alpha]
        assert_error "ERR One or more scores can't be converted into double" {r sort z}
    }

    test {SORT BY a string key pattern} {
        setup_weights
        assert_equal {10 3 2 1} [r sort l by w_*]
        assert_equal {1 2 3 10} [r sort l by w_* desc]
    }

    test {SORT BY a hash field pattern} {
        setup_weights
        assert_equal {10 2 3 1} [r sort l by h_*->f]
    }

    test {SORT BY a pattern whose keys are missing keeps numeric ties in element order} {
        setup_weights
        r sort la by nokey_*
    } {a b c}

    test {SORT ALPHA BY missing keys keeps the loading order} {
        setup_weights
        assert_equal {b a c} [r sort la by nokey_* alpha]
        assert_equal {b a c} [r sort la alpha by w_*]
    }

    test {SORT BY a pattern with non-numeric values fails unless ALPHA} {
        setup_weights
        r set w_1 abc
        assert_error "ERR One or more scores can't be converted into double" {r sort l by w_*}
        r set w_1 zzz
        r set w_2 aaa
        r set w_3 mmm
        r set w_10 bbb
        r sort l by w_* alpha
    } {2 10 3 1}

    test {SORT BY nosort keeps the order of a list, reversed by DESC} {
        setup_weights
        assert_equal {3 1 2 10} [r sort l by nosort]
        assert_equal {10 2 1 3} [r sort l by nosort desc]
        assert_equal {1 2} [r sort l by nosort limit 1 2]
        assert_equal {2 1} [r sort l by nosort desc limit 1 2]
    }

    test {SORT BY nosort of a sorted set follows the scores} {
        r del z
        r zadd z 3 a 1 b 2 c
        assert_equal {b c a} [r sort z by nosort]
        assert_equal {a c b} [r sort z by nosort desc]
        assert_equal {c} [r sort z by nosort limit 1 1]
        assert_equal {c b} [r sort z by nosort desc limit 1 5]
    }

    test {SORT converts a small sorted set to a skiplist, as Redis does} {
        r del z
        r zadd z 1 a 2 b
        assert_encoding listpack z
        r sort_ro z by nosort
        assert_encoding skiplist z
        assert_equal {a b} [r zrange z 0 -1]
    }

    test {SORT BY nosort of a big sorted set (skiplist) with LIMIT} {
        r del bigz
        for {set i 0} {$i < 300} {incr i} { r zadd bigz $i m$i }
        assert_equal {m10 m11 m12} [r sort bigz by nosort limit 10 3]
        assert_equal {m289 m288 m287} [r sort bigz by nosort desc limit 10 3]
        assert_equal 300 [llength [r sort bigz by nosort]]
    }

    test {SORT GET patterns: the element, string keys, hash fields, missing} {
        setup_weights
        assert_equal {10 5 3 10 2 20 1 30} [r sort l by w_* get # get w_*]
        assert_equal {0 1 2 3} [r sort l by h_*->f get h_*->f]
        # Not '#' alone, no '*', or an arrow with no field: all missing.
        assert_equal {{} {} {} {}} [r sort l get #x]
        assert_equal {{} {} {} {}} [r sort l get w_]
        assert_equal {{} {} {} {}} [r sort l get w_*->]
    }

    test {SORT GET of a hash field through a key of another type is missing} {
        setup_weights
        assert_equal {{} {} {} {}} [r sort l get w_*->f]
        assert_equal {{} {} {} {}} [r sort l get h_*]
    }

    test {SORT GET returns nulls in RESP3 too} {
        setup_weights
        r hello 3
        set res [r sort l get nokey_* limit 0 1]
        r hello 2
        set res
    } {{}}

    test {SORT LIMIT windows} {
        setup_weights
        assert_equal {2 3} [r sort l limit 1 2]
        assert_equal {1 2} [r sort l limit -1 2]
        assert_equal {2 3 10} [r sort l limit 1 -1]
        assert_equal {} [r sort l limit 10 2]
        assert_equal {} [r sort l limit 0 0]
        assert_equal {10} [r sort l limit 3 100]
        assert_equal {2 3 10} [r sort l limit 1 9223372036854775807]
        assert_equal {} [r sort l limit 9223372036854775807 9223372036854775807]
        assert_equal {3} [r sort l by nosort limit 0 1]
        assert_error "ERR value is not an integer or out of range" {r sort l limit a 1}
        assert_error "ERR value is not an integer or out of range" {r sort l limit 0 b}
    }

    test {SORT of a missing key is empty} {
        r del nokey
        r sort nokey
    } {}

    test {SORT of a key of another type is WRONGTYPE} {
        r set str 1
        assert_error "WRONGTYPE*" {r sort str}
        r hset hash a 1
        assert_error "WRONGTYPE*" {r sort hash}
        assert_error "WRONGTYPE*" {r sort_ro str}
    }

    test {SORT syntax errors} {
        setup_weights
        assert_error "ERR syntax error" {r sort l foo}
        assert_error "ERR syntax error" {r sort l store}
        assert_error "ERR syntax error" {r sort l get}
        assert_error "ERR syntax error" {r sort l by}
        assert_error "ERR syntax error" {r sort l limit 1}
        assert_error "ERR syntax error" {r sort l 1}
        assert_error "ERR wrong number of arguments for 'sort' command" {r sort}
        assert_error "ERR wrong number of arguments for 'sort_ro' command" {r sort_ro}
    }

    test {SORT STORE writes a list and replies with its length} {
        setup_weights
        r set dst old
        r expire dst 100
        assert_equal 4 [r sort l store dst]
        assert_equal {1 2 3 10} [r lrange dst 0 -1]
        assert_equal -1 [r ttl dst]
        assert_equal list [r type dst]
        assert_encoding quicklist dst
    }

    test {SORT STORE with GET stores missing values as empty strings} {
        setup_weights
        r del w_3
        assert_equal 8 [r sort l get # get w_* store dst]
        r lrange dst 0 -1
    } {1 30 2 20 3 {} 10 5}

    test {SORT STORE of an empty result deletes the destination} {
        r del nokey
        r rpush dst a
        assert_equal 0 [r sort nokey store dst]
        assert_equal 0 [r exists dst]
        assert_equal 0 [r sort nokey store dst]
    }

    test {SORT STORE can overwrite its own source} {
        setup_weights
        assert_equal 4 [r sort l desc store l]
        r lrange l 0 -1
    } {10 3 2 1}

    test {SORT STORE of a set BY nosort sorts anyway, alphabetically} {
        r del s dst
        r sadd s 5 3 x 10
        assert_equal 4 [r sort s by nosort store dst]
        r lrange dst 0 -1
    } {10 3 5 x}

    test {SORT STORE wakes a client blocked on the destination} {
        setup_weights
        r del dst
        set rd [redis_deferring_client]
        $rd blpop dst 0
        wait_for_blocked_clients_count 1
        r sort l store dst
        assert_equal {dst 1} [$rd read]
        $rd close
        r lrange dst 0 -1
    } {2 3 10}

    test {SORT_RO sorts but cannot STORE} {
        setup_weights
        assert_equal {1 2 3 10} [r sort_ro l]
        assert_equal {10 5 3 10} [r sort_ro l by w_* get # get w_* limit 0 2]
        assert_error "ERR syntax error" {r sort_ro l store dst}
    }

    test {COMMAND GETKEYS finds SORT's STORE destination, the last one} {
        assert_equal {a d} [r command getkeys sort a limit 0 1 store b get c store d]
        assert_equal {a} [r command getkeys sort a by x get y]
        assert_equal {{a {RO access}} {d {OW update}}} [r command getkeysandflags sort a store d]
        assert_equal {a} [r command getkeys sort_ro a by x]
    }

    test {SORT of a big list and a big set agrees with Tcl's sort} {
        r del biglist bigset
        set vals {}
        for {set i 0} {$i < 1000} {incr i} {
            set v [expr {[randomInt 100000] - 50000}]
            lappend vals $v
            r rpush biglist $v
        }
        assert_equal [lsort -integer $vals] [r sort biglist]
        assert_equal [lsort -integer -decreasing $vals] [r sort biglist desc]
        foreach v $vals { r sadd bigset "m$v" }
        assert_equal [lsort -unique [lmap v $vals {set _ "m$v"}]] [r sort bigset alpha]
    }
}
