# Sorted set commands: ZADD and its options, ZINCRBY, ZREM, ZCARD, ZSCORE,
# ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, the ZRANGE family (by rank,
# score and member, REV, LIMIT, WITHSCORES, ZRANGESTORE), ZREMRANGEBY*,
# the pops (ZPOPMIN/MAX, ZMPOP, BZPOPMIN/MAX, BZMPOP), ZRANDMEMBER, ZSCAN,
# ZUNION/ZINTER/ZDIFF and their STORE forms, ZINTERCARD.
#
# Most tests run twice, once per encoding: zset-max-listpack-entries 128
# keeps the small sets of these tests as listpacks, 0 makes every sorted
# set a skiplist.  Then: conversion points, every error reply word for
# word, score formatting and reply shapes in RESP2 and RESP3 (raw bytes),
# blocking pops, COPY and DEBUG DIGEST-VALUE, and last the plain set
# inputs of the set-algebra commands.

# Build key from a flat {score member ...} list.
proc zset_create {key items} {
    r del $key
    foreach {score member} $items { r zadd $key $score $member }
}

# Send one command on a raw-reading client and return the reply lines
# joined by spaces: a PING sent after it marks the end, so a wrong-sized
# reply cannot hang the test.
proc zset_raw {c args} {
    $c write [::redis::encode_command $args]
    $c write [::redis::encode_command {ping}]
    $c flush
    set lines {}
    while {[set line [$c read]] ne "+PONG"} { lappend lines $line }
    join $lines " "
}

# A client in RESP2 or RESP3 that returns raw reply lines.
proc zset_raw_client {proto} {
    set c [redis_client]
    if {$proto == 3} { $c hello 3 }
    $c readraw 1
    return $c
}

# The model order of a sorted set: by score, then by member bytes.
proc zset_model_cmp {a b} {
    set sa [lindex $a 1]
    set sb [lindex $b 1]
    if {$sa < $sb} { return -1 }
    if {$sa > $sb} { return 1 }
    string compare [lindex $a 0] [lindex $b 0]
}

# The id of the one blocked client, from CLIENT LIST.
proc zset_blocked_id {} {
    foreach line [split [string trim [r client list]] "\n"] {
        if {[regexp {^id=(\d+) .* flags=b } $line -> id]} { return $id }
    }
    return ""
}

# The next reply of a deferring client, or the error it carries.
proc zset_read {rd} {
    if {[catch {$rd read} reply]} { return "error: $reply" }
    return $reply
}

start_server {tags {"zset"}} {
    foreach {encoding entries} {listpack 128 skiplist 0} {
        r config set zset-max-listpack-entries $entries

        # ----------------------------------------------------- ZADD basics

        test "ZADD adds members, updates scores, replies the number added - $encoding" {
            r del z
            assert_equal 3 [r zadd z 1 a 2 b 3 c]
            assert_encoding $encoding z
            assert_equal 1 [r zadd z 10 a 4 d]
            assert_equal 0 [r zadd z 5 a]
            assert_equal 4 [r zcard z]
            r zrange z 0 -1 withscores
        } {b 2 c 3 d 4 a 5}

        test "ZADD with the same member twice keeps the last score - $encoding" {
            r del z
            assert_equal 1 [r zadd z 1 a 2 a]
            assert_equal 0 [r zadd z ch 2 a 2 a]
            assert_equal 2 [r zadd z ch 3 a 2 a]
            r zscore z a
        } {2}

        test "ZADD orders equal scores by member bytes - $encoding" {
            r del z
            r zadd z 0 b 0 a 0 ab 0 aa 0 B 0 {} 0 10 0 9 1 0
            r zrange z 0 -1
        } {{} 10 9 B a aa ab b 0}

        test "ZADD XX only updates, never adds - $encoding" {
            r del z
            assert_equal 0 [r zadd z xx 1 a]
            assert_equal 0 [r exists z]
            r zadd z 1 a
            assert_equal 0 [r zadd z xx 5 a 6 b]
            assert_equal {a 5} [r zrange z 0 -1 withscores]
            assert_equal 1 [r zadd z xx ch 7 a 6 b]
            r zrange z 0 -1 withscores
        } {a 7}

        test "ZADD NX only adds, never updates - $encoding" {
            r del z
            r zadd z 1 a
            assert_equal 1 [r zadd z nx 5 a 2 b]
            assert_equal 1 [r zadd z NX CH 5 a 3 c]
            r zrange z 0 -1 withscores
        } {a 1 b 2 c 3}

        test "ZADD GT and LT update only in their direction, and always add - $encoding" {
            r del z
            r zadd z 10 a 10 b
            assert_equal 2 [r zadd z gt ch 5 a 20 b 1 c]
            assert_equal {c 1 a 10 b 20} [r zrange z 0 -1 withscores]
            assert_equal 2 [r zadd z lt ch 5 a 30 b 0 d]
            assert_equal {d 0 c 1 a 5 b 20} [r zrange z 0 -1 withscores]
            assert_equal 0 [r zadd z gt xx ch 5 a 1 newm]
            assert_equal {} [r zscore z newm]
            assert_equal 1 [r zadd z lt xx ch 4 a]
            r zscore z a
        } {4}

        test "ZADD CH counts added and changed members, not unchanged ones - $encoding" {
            r del z
            assert_equal 2 [r zadd z ch 1 a 2 b]
            assert_equal 2 [r zadd z ch 1 a 3 b 4 c]
            assert_equal 0 [r zadd z ch 1 a 3 b 4 c]
        } {}

        test "ZADD INCR acts like ZINCRBY and replies the new score - $encoding" {
            r del z
            assert_equal 1.5 [r zadd z incr 1.5 a]
            assert_equal 4 [r zadd z incr 2.5 a]
            assert_equal {} [r zadd z nx incr 1 a]
            assert_equal {} [r zadd z xx incr 1 b]
            assert_equal 0 [r zcard nokey]
            assert_equal {} [r zadd z gt incr -1 a]
            assert_equal 3 [r zadd z lt incr -1 a]
            assert_equal {} [r zadd z lt incr 1 a]
            assert_equal 10 [r zadd z gt incr 7 a]
            r zrange z 0 -1 withscores
        } {a 10}

        test "ZADD INCR XX on a missing key replies nil and creates nothing - $encoding" {
            r del z
            assert_equal {} [r zadd z xx incr 1 a]
            r exists z
        } {0}

        test "ZADD accepts inf, -inf, exponents and hex, rejects NaN - $encoding" {
            r del z
            r zadd z inf a -inf b 1e3 c 0x10 d +5 e
            assert_equal {b -inf e 5 d 16 c 1000 a inf} [r zrange z 0 -1 withscores]
            assert_error "ERR value is not a valid float" {r zadd z nan x}
            assert_error "ERR value is not a valid float" {r zadd z abc x}
            assert_error "ERR value is not a valid float" {r zadd z 1 x " 1" y}
            assert_error "ERR value is not a valid float" {r zadd z {} x}
            assert_error "ERR value is not a valid float" {r zadd z 1e400 x}
            # Nothing was added by the failing calls.
            r zcard z
        } {5}

        test "ZADD with INCR giving NaN fails and changes nothing - $encoding" {
            r del z
            r zadd z inf a
            assert_error "ERR resulting score is not a number (NaN)" {r zadd z incr -inf a}
            assert_error "ERR resulting score is not a number (NaN)" {r zincrby z -inf a}
            r zscore z a
        } {inf}

        # ------------------------------------------------------ ZINCRBY

        test "ZINCRBY creates the key and the member, then increments - $encoding" {
            r del z
            assert_equal 5 [r zincrby z 5 a]
            assert_encoding $encoding z
            assert_equal 3.5 [r zincrby z -1.5 a]
            assert_equal 1 [r zincrby z 1 b]
            assert_equal {b 1 a 3.5} [r zrange z 0 -1 withscores]
            assert_error "ERR value is not a valid float" {r zincrby z abc a}
            assert_error "ERR value is not a valid float" {r zincrby z nan a}
            r zscore z a
        } {3.5}

        test "ZINCRBY moves a member to its new place - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d}
            r zincrby z 10 a
            r zincrby z -10 d
            r zrange z 0 -1
        } {d b c a}

        # ------------------------------------------------- ZREM, ZCARD, ZSCORE

        test "ZREM removes members, replies the count, deletes an emptied key - $encoding" {
            zset_create z {1 a 2 b 3 c}
            assert_equal 2 [r zrem z a nope c a]
            assert_equal {b} [r zrange z 0 -1]
            assert_equal 0 [r zrem z nope]
            assert_equal 0 [r zrem nokey a]
            assert_equal 1 [r zrem z b x]
            r exists z
        } {0}

        test "ZCARD, ZSCORE and ZMSCORE - $encoding" {
            zset_create z {1.5 a -2 b 1e300 c}
            assert_equal 3 [r zcard z]
            assert_equal 0 [r zcard nokey]
            assert_equal 1.5 [r zscore z a]
            assert_equal -2 [r zscore z b]
            assert_equal 1.0000000000000001e+300 [r zscore z c]
            assert_equal {} [r zscore z nope]
            assert_equal {} [r zscore nokey a]
            assert_equal {1.5 {} -2} [r zmscore z a nope b]
            r zmscore nokey a b
        } {{} {}}

        test "ZRANK and ZREVRANK - $encoding" {
            zset_create z {1 a 2 b 3 c 3 d}
            assert_equal {0 1 2 3} [list [r zrank z a] [r zrank z b] [r zrank z c] [r zrank z d]]
            assert_equal {3 2 1 0} [list [r zrevrank z a] [r zrevrank z b] [r zrevrank z c] [r zrevrank z d]]
            assert_equal {} [r zrank z nope]
            assert_equal {} [r zrevrank z nope]
            r zrank nokey a
        } {}

        # ------------------------------------------------------ by rank

        test "ZRANGE and ZREVRANGE by rank, negative and out of range indexes - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d}
            assert_equal {a b c d} [r zrange z 0 -1]
            assert_equal {a b c} [r zrange z 0 -2]
            assert_equal {b c d} [r zrange z 1 -1]
            assert_equal {c d} [r zrange z -2 -1]
            assert_equal {d} [r zrange z -1 -1]
            assert_equal {a b c d} [r zrange z -10 10]
            assert_equal {} [r zrange z 5 10]
            assert_equal {} [r zrange z 2 1]
            assert_equal {} [r zrange z 0 -10]
            assert_equal {d c b a} [r zrevrange z 0 -1]
            assert_equal {c b} [r zrevrange z 1 2]
            assert_equal {a} [r zrevrange z -1 -1]
            assert_equal {d 4 c 3} [r zrevrange z 0 1 withscores]
            assert_equal {d c} [r zrange z 0 1 rev]
            assert_equal {} [r zrange nokey 0 -1]
            r zrange z 1 2 withscores
        } {b 2 c 3}

        # ----------------------------------------------------- by score

        test "ZRANGEBYSCORE inclusive and exclusive bounds, infinities - $encoding" {
            zset_create z {-inf ninf 1 a 2 b 3 c 4 d inf pinf}
            assert_equal {a b c} [r zrangebyscore z 1 3]
            assert_equal {b c} [r zrangebyscore z (1 3]
            assert_equal {a b} [r zrangebyscore z 1 (3]
            assert_equal {b} [r zrangebyscore z (1 (3]
            assert_equal {} [r zrangebyscore z (1 (1]
            assert_equal {a} [r zrangebyscore z 1 1]
            assert_equal {} [r zrangebyscore z 3 1]
            assert_equal {ninf a b c d pinf} [r zrangebyscore z -inf +inf]
            assert_equal {a b c d} [r zrangebyscore z (-inf (+inf]
            assert_equal {pinf} [r zrangebyscore z inf inf]
            assert_equal {d pinf} [r zrangebyscore z 4 inf]
            assert_equal {} [r zrangebyscore z (inf +inf]
            assert_equal {c 3 d 4} [r zrangebyscore z 2.5 4 withscores]
            assert_equal {} [r zrangebyscore nokey -inf +inf]
        } {}

        test "ZREVRANGEBYSCORE takes max then min - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d}
            assert_equal {c b a} [r zrevrangebyscore z 3 1]
            assert_equal {c b} [r zrevrangebyscore z 3 (1]
            assert_equal {b} [r zrevrangebyscore z (3 (1]
            assert_equal {} [r zrevrangebyscore z 1 3]
            r zrevrangebyscore z +inf -inf withscores
        } {d 4 c 3 b 2 a 1}

        test "ZRANGEBYSCORE LIMIT: offset, count, negative count, negative offset - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d 5 e}
            assert_equal {b c} [r zrangebyscore z -inf +inf limit 1 2]
            assert_equal {b c d e} [r zrangebyscore z -inf +inf limit 1 -1]
            assert_equal {b c d e} [r zrangebyscore z -inf +inf limit 1 -5]
            assert_equal {} [r zrangebyscore z -inf +inf limit 1 0]
            assert_equal {} [r zrangebyscore z -inf +inf limit -1 2]
            assert_equal {} [r zrangebyscore z -inf +inf limit 5 2]
            assert_equal {e} [r zrangebyscore z -inf +inf limit 4 10]
            assert_equal {c 3 d 4} [r zrangebyscore z (1 +inf withscores limit 1 2]
            assert_equal {d c} [r zrevrangebyscore z +inf -inf limit 1 2]
            assert_equal {c b a} [r zrevrangebyscore z (4 -inf limit 0 -1]
        } {}

        test "ZCOUNT - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d inf e}
            assert_equal 5 [r zcount z -inf +inf]
            assert_equal 3 [r zcount z 1 3]
            assert_equal 1 [r zcount z (1 (3]
            assert_equal 0 [r zcount z (1 (2]
            assert_equal 0 [r zcount z 3 1]
            assert_equal 1 [r zcount z inf inf]
            assert_equal 2 [r zcount z 4 +inf]
            r zcount nokey -inf +inf
        } {0}

        # ----------------------------------------------------- by member

        test "ZRANGEBYLEX with \[ ( - + bounds and LIMIT - $encoding" {
            zset_create z {0 a 0 b 0 c 0 d 0 e 0 f 0 g 0 aa 0 ab}
            assert_equal {a aa ab b c d e f g} [r zrangebylex z - +]
            assert_equal {b c d} [r zrangebylex z {[b} {[d}]
            assert_equal {c} [r zrangebylex z (b (d]
            assert_equal {a aa ab b} [r zrangebylex z - (c]
            assert_equal {aa ab} [r zrangebylex z (a (b]
            assert_equal {f g} [r zrangebylex z (e +]
            assert_equal {a} [r zrangebylex z {[a} {[a}]
            assert_equal {} [r zrangebylex z (a (a]
            assert_equal {} [r zrangebylex z + -]
            assert_equal {} [r zrangebylex z - -]
            assert_equal {} [r zrangebylex z {[d} {[b}]
            assert_equal {aa ab} [r zrangebylex z - + limit 1 2]
            assert_equal {e f g} [r zrangebylex z {[e} + limit 0 -1]
            assert_equal {} [r zrangebylex z - + limit -1 2]
            assert_equal {g f e} [r zrevrangebylex z + {[e}]
            assert_equal {d c} [r zrevrangebylex z (e (b]
            assert_equal {f e} [r zrevrangebylex z + - limit 1 2]
            assert_equal {} [r zrangebylex nokey - +]
        } {}

        test "ZLEXCOUNT - $encoding" {
            zset_create z {0 a 0 b 0 c 0 d 0 e}
            assert_equal 5 [r zlexcount z - +]
            assert_equal 3 [r zlexcount z {[b} {[d}]
            assert_equal 1 [r zlexcount z (b (d]
            assert_equal 0 [r zlexcount z (b (c]
            assert_equal 0 [r zlexcount z + -]
            assert_equal 2 [r zlexcount z (c (zzz]
            r zlexcount nokey - +
        } {0}

        # --------------------------------------------- ZRANGE's full syntax

        test "ZRANGE BYSCORE, BYLEX, REV and LIMIT - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d 5 e}
            assert_equal {b c d} [r zrange z (1 4 byscore]
            assert_equal {d c b} [r zrange z 4 (1 byscore rev]
            assert_equal {c 3 d 4} [r zrange z (1 4 byscore limit 1 2 withscores]
            assert_equal {c b} [r zrange z 4 (1 BYSCORE REV LIMIT 1 -1]
            assert_equal {e 5 d 4} [r zrange z 0 1 rev withscores]
            zset_create l {0 a 0 b 0 c 0 d}
            assert_equal {b c} [r zrange l {[b} {(d} bylex]
            assert_equal {c b} [r zrange l {(d} {[b} bylex rev]
            assert_equal {c} [r zrange l - + bylex limit 2 1]
            assert_equal {b} [r zrange l + - bylex rev limit 2 1]
            # LIMIT 0 -1 is the same as no LIMIT, even by rank.
            r zrange z 0 1 limit 0 -1
        } {a b}

        test "ZRANGESTORE stores every kind of range - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d 5 e}
            assert_equal 3 [r zrangestore dst z 1 3]
            assert_equal {b 2 c 3 d 4} [r zrange dst 0 -1 withscores]
            assert_equal 3 [r zrangestore dst z 1 3 rev]
            assert_equal {b c d} [r zrange dst 0 -1]
            assert_equal 2 [r zrangestore dst z (2 +inf byscore limit 1 2]
            assert_equal {d 4 e 5} [r zrange dst 0 -1 withscores]
            assert_equal 2 [r zrangestore dst z 3 -inf byscore rev limit 1 5]
            assert_equal {a 1 b 2} [r zrange dst 0 -1 withscores]
            zset_create l {0 a 0 b 0 c}
            assert_equal 2 [r zrangestore dst l {(a} + bylex]
            assert_equal {b c} [r zrange dst 0 -1]
            assert_equal 1 [r zrangestore dst l + - bylex rev limit 0 1]
            r zrange dst 0 -1
        } {c}

        test "ZRANGESTORE with an empty result deletes the destination - $encoding" {
            zset_create z {1 a 2 b}
            r set dst old
            assert_equal 0 [r zrangestore dst z 5 10]
            assert_equal 0 [r exists dst]
            r set dst old
            assert_equal 0 [r zrangestore dst nokey 0 -1]
            assert_equal 0 [r exists dst]
            assert_equal 0 [r zrangestore dst z (2 +inf byscore]
            r exists dst
        } {0}

        test "ZRANGESTORE replaces a value of another type and drops its TTL - $encoding" {
            zset_create z {1 a 2 b}
            r set dst old ex 1000
            assert_equal 2 [r zrangestore dst z 0 -1]
            assert_equal zset [r type dst]
            assert_equal -1 [r ttl dst]
            # The source itself as destination.
            assert_equal 1 [r zrangestore z z 1 1]
            r zrange z 0 -1 withscores
        } {b 2}

        # ------------------------------------------------------ ZREMRANGE

        test "ZREMRANGEBYRANK - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d 5 e}
            assert_equal 2 [r zremrangebyrank z 1 2]
            assert_equal {a d e} [r zrange z 0 -1]
            assert_equal 1 [r zremrangebyrank z -1 -1]
            assert_equal 0 [r zremrangebyrank z 5 10]
            assert_equal 0 [r zremrangebyrank z 1 0]
            assert_equal 0 [r zremrangebyrank nokey 0 -1]
            assert_equal {a d} [r zrange z 0 -1]
            assert_equal 2 [r zremrangebyrank z -100 100]
            r exists z
        } {0}

        test "ZREMRANGEBYSCORE - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d 5 e}
            assert_equal 2 [r zremrangebyscore z (1 3]
            assert_equal {a d e} [r zrange z 0 -1]
            assert_equal 0 [r zremrangebyscore z (5 +inf]
            assert_equal 0 [r zremrangebyscore z 4 1]
            assert_equal 1 [r zremrangebyscore z -inf (4]
            assert_equal 0 [r zremrangebyscore nokey -inf +inf]
            assert_equal 2 [r zremrangebyscore z -inf +inf]
            r exists z
        } {0}

        test "ZREMRANGEBYLEX - $encoding" {
            zset_create z {0 a 0 b 0 c 0 d 0 e}
            assert_equal 2 [r zremrangebylex z (a {[c}]
            assert_equal {a d e} [r zrange z 0 -1]
            assert_equal 0 [r zremrangebylex z (e +]
            assert_equal 0 [r zremrangebylex z + -]
            assert_equal 1 [r zremrangebylex z - {(d}]
            assert_equal 0 [r zremrangebylex nokey - +]
            assert_equal 2 [r zremrangebylex z - +]
            r exists z
        } {0}

        # ----------------------------------------------------------- pops

        test "ZPOPMIN and ZPOPMAX with and without a count - $encoding" {
            zset_create z {1 a 2 b 3 c 4 d 5 e}
            assert_equal {a 1} [r zpopmin z]
            assert_equal {e 5} [r zpopmax z]
            assert_equal {b 2 c 3} [r zpopmin z 2]
            assert_equal {} [r zpopmin z 0]
            assert_equal {d 4} [r zpopmax z 10]
            assert_equal 0 [r exists z]
            assert_equal {} [r zpopmin nokey]
            assert_equal {} [r zpopmax nokey 3]
        } {}

        test "ZMPOP picks the first key holding a sorted set - $encoding" {
            r del z1 z2
            zset_create z2 {1 a 2 b 3 c}
            assert_equal {z2 {{a 1}}} [r zmpop 2 z1 z2 min]
            assert_equal {z2 {{c 3} {b 2}}} [r zmpop 2 z1 z2 MAX COUNT 10]
            assert_equal 0 [r exists z2]
            r zmpop 2 z1 z2 min
        } {}

        test "BZPOPMIN, BZPOPMAX and BZMPOP serve a non-empty set at once - $encoding" {
            r del z1 z2
            zset_create z2 {1 a 2 b 3 c 4 d}
            assert_equal {z2 a 1} [r bzpopmin z1 z2 0]
            assert_equal {z2 d 4} [r bzpopmax z1 z2 0]
            assert_equal {z2 {{b 2} {c 3}}} [r bzmpop 0 2 z1 z2 min count 2]
            r exists z2
        } {0}

        # ---------------------------------------------------- ZRANDMEMBER

        test "ZRANDMEMBER without a count - $encoding" {
            zset_create z {1 a 2 b 3 c}
            for {set i 0} {$i < 50} {incr i} {
                assert {[r zrandmember z] in {a b c}}
            }
            r zrandmember nokey
        } {}

        test "ZRANDMEMBER with a count: distinct members, or repeats when negative - $encoding" {
            set items {}
            for {set i 0} {$i < 60} {incr i} { lappend items $i m$i }
            zset_create z $items
            foreach count {1 5 20 50 59} {
                set res [r zrandmember z $count]
                assert_equal $count [llength $res]
                assert_equal $count [llength [lsort -unique $res]]
                foreach m $res { assert_match {m[0-9]*} $m }
            }
            assert_equal 60 [llength [lsort -unique [r zrandmember z 60]]]
            assert_equal 60 [llength [lsort -unique [r zrandmember z 1000]]]
            set res [r zrandmember z -200]
            assert_equal 200 [llength $res]
            foreach m $res { assert {[r zscore z $m] ne {}} }
            # Over many picks, every member shows up.
            assert_equal 60 [llength [lsort -unique [r zrandmember z -3000]]]
            assert_equal {} [r zrandmember z 0]
            assert_equal {} [r zrandmember nokey 5]
            r zrandmember nokey -5
        } {}

        test "ZRANDMEMBER WITHSCORES pairs each member with its own score - $encoding" {
            zset_create z {1 a 2.5 b -3 c inf d}
            foreach count {2 4 10 -10} {
                set res [r zrandmember z $count withscores]
                assert_equal 0 [expr {[llength $res] % 2}]
                foreach {m s} $res { assert_equal [r zscore z $m] $s }
            }
            r zrandmember z 1 withscores
        } {*}

        # ---------------------------------------------------------- ZSCAN

        test "ZSCAN returns every member with its score - $encoding" {
            r del z
            set expected {}
            for {set i 0} {$i < 100} {incr i} {
                r zadd z $i.5 member:$i
                lappend expected member:$i $i.5
            }
            set cursor 0
            set seen {}
            while 1 {
                lassign [r zscan z $cursor count 10] cursor items
                foreach {m s} $items { dict set seen $m $s }
                if {$cursor == 0} break
            }
            assert_equal 100 [dict size $seen]
            dict for {m s} $seen { assert_equal [dict get $expected $m] $s }
            # MATCH filters on the member and keeps the pairs together.
            set cursor 0
            set matched {}
            while 1 {
                lassign [r zscan z $cursor match member:1?] cursor items
                lappend matched {*}$items
                if {$cursor == 0} break
            }
            assert_equal 20 [llength $matched]
            foreach {m s} $matched { assert_match member:1? $m }
            r zscan nokey 0
        } {0 {}}

        # ------------------------------------------ ZUNION, ZINTER, ZDIFF

        test "ZUNIONSTORE with WEIGHTS and AGGREGATE - $encoding" {
            zset_create s1 {1 a 2 b 3 c}
            zset_create s2 {10 b 20 c 30 d}
            assert_equal 4 [r zunionstore u 2 s1 s2]
            assert_equal {a 1 b 12 c 23 d 30} [r zrange u 0 -1 withscores]
            assert_equal 4 [r zunionstore u 2 s1 s2 weights 2 -1]
            assert_equal {d -30 c -14 b -6 a 2} [r zrange u 0 -1 withscores]
            r zunionstore u 2 s1 s2 aggregate min
            assert_equal {a 1 b 2 c 3 d 30} [r zrange u 0 -1 withscores]
            r zunionstore u 2 s1 s2 AGGREGATE MAX WEIGHTS 1 0.5
            assert_equal {a 1 b 5 c 10 d 15} [r zrange u 0 -1 withscores]
            assert_equal 3 [r zunionstore u 2 s1 nokey]
            r zrange u 0 -1 withscores
        } {a 1 b 2 c 3}

        test "ZINTERSTORE with WEIGHTS and AGGREGATE - $encoding" {
            zset_create s1 {1 a 2 b 3 c}
            zset_create s2 {10 b 20 c 30 d}
            assert_equal 2 [r zinterstore i 2 s1 s2]
            assert_equal {b 12 c 23} [r zrange i 0 -1 withscores]
            r zinterstore i 2 s1 s2 weights 3 1 aggregate max
            assert_equal {b 10 c 20} [r zrange i 0 -1 withscores]
            r zinterstore i 2 s1 s2 aggregate min
            assert_equal {b 2 c 3} [r zrange i 0 -1 withscores]
            # The same key twice is intersected with itself.
            r zinterstore i 2 s1 s1 weights 1 -1
            assert_equal {a 0 b 0 c 0} [r zrange i 0 -1 withscores]
            r set i old
            assert_equal 0 [r zinterstore i 2 s1 nokey]
            r exists i
        } {0}

        test "ZDIFFSTORE keeps the first set's members found in no other - $encoding" {
            zset_create s1 {1 a 2 b 3 c 4 d}
            zset_create s2 {10 b}
            zset_create s3 {30 d}
            assert_equal 2 [r zdiffstore d 3 s1 s2 s3]
            assert_equal {a 1 c 3} [r zrange d 0 -1 withscores]
            assert_equal 4 [r zdiffstore d 2 s1 nokey]
            assert_equal 0 [r zdiffstore d 2 s1 s1]
            assert_equal 0 [r exists d]
            assert_equal 0 [r zdiffstore d 2 nokey s1]
            r exists d
        } {0}

        test "ZUNION, ZINTER and ZDIFF reply, with or without scores - $encoding" {
            zset_create s1 {1 a 2 b 3 c}
            zset_create s2 {10 b 20 c 30 d}
            assert_equal {a b c d} [r zunion 2 s1 s2]
            assert_equal {a 1 b 12 c 23 d 30} [r zunion 2 s1 s2 withscores]
            assert_equal {a 2 b 20 c 40 d 60} [r zunion 2 s1 s2 weights 2 2 aggregate max withscores]
            assert_equal {b c} [r zinter 2 s1 s2]
            assert_equal {b 12 c 23} [r zinter 2 s1 s2 withscores]
            assert_equal {a 1} [r zdiff 2 s1 s2 withscores]
            assert_equal {d} [r zdiff 2 s2 s1]
            assert_equal {} [r zinter 2 s1 nokey]
            assert_equal {} [r zdiff 1 nokey]
            r zunion 2 nokey nokey2
        } {}

        test "inf + -inf is 0 when summing, and NaN products count as 0 - $encoding" {
            zset_create s1 {inf a -inf b 1 c}
            zset_create s2 {-inf a -inf b 1 c}
            assert_equal {b -inf a 0 c 2} [r zunion 2 s1 s2 withscores]
            assert_equal {b -inf a 0 c 2} [r zinter 2 s1 s2 withscores]
            # inf * 0 is NaN: taken as 0.
            assert_equal {a 0 b 0 c 0} [r zunion 1 s1 weights 0 withscores]
            assert_equal {b -inf c 1 a inf} [r zinter 2 s1 s1 weights 1 0 aggregate max withscores]
        } {}

        test "ZINTERCARD counts the intersection, up to LIMIT - $encoding" {
            zset_create s1 {1 a 2 b 3 c 4 d}
            zset_create s2 {1 b 2 c 3 d 4 e}
            assert_equal 3 [r zintercard 2 s1 s2]
            assert_equal 2 [r zintercard 2 s1 s2 limit 2]
            assert_equal 3 [r zintercard 2 s1 s2 limit 0]
            assert_equal 3 [r zintercard 2 s1 s2 limit 10]
            assert_equal 4 [r zintercard 1 s1]
            r zintercard 2 s1 nokey
        } {0}

        # --------------------------------------------- a randomized model

        test "Random ZADD/ZINCRBY/ZREM agree with a model on order, rank and score - $encoding" {
            r del z
            set model [dict create]
            # At most 100 members: a listpack stays a listpack.
            for {set i 0} {$i < 400} {incr i} {
                set m [randstring 0 6 alpha]
                switch [randomInt 4] {
                    0 - 1 {
                        set s [randpath {randomRange -20 20} {expr {[randomRange -2000 2000] / 8.0}}]
                        if {[dict size $model] < 100 || [dict exists $model $m]} {
                            r zadd z $s $m
                            dict set model $m $s
                        }
                    }
                    2 {
                        if {[dict exists $model $m]} {
                            set s [r zincrby z 1.25 $m]
                            dict set model $m [expr {[dict get $model $m] + 1.25}]
                            assert {[dict get $model $m] == $s}
                        }
                    }
                    3 {
                        set k [dict keys $model]
                        if {[llength $k]} {
                            set m [lindex $k [randomInt [llength $k]]]
                            assert_equal 1 [r zrem z $m]
                            dict unset model $m
                        }
                    }
                }
            }
            assert_encoding $encoding z
            set pairs {}
            dict for {m s} $model { lappend pairs [list $m $s] }
            set sorted [lsort -command zset_model_cmp $pairs]
            set got [r zrange z 0 -1 withscores]
            assert_equal [llength $sorted] [r zcard z]
            set rank 0
            foreach pair $sorted {m s} $got {
                assert_equal [lindex $pair 0] $m
                assert {[lindex $pair 1] == $s}
                assert_equal $rank [r zrank z $m]
                incr rank
            }
            # Random score ranges against the model.
            for {set i 0} {$i < 30} {incr i} {
                set min [randomRange -30 30]
                set max [expr {$min + [randomInt 20]}]
                set exp {}
                foreach pair $sorted {
                    set s [lindex $pair 1]
                    if {$s > $min && $s <= $max} { lappend exp [lindex $pair 0] }
                }
                assert_equal $exp [r zrangebyscore z ($min $max]
                assert_equal [llength $exp] [r zcount z ($min $max]
                assert_equal [lreverse $exp] [r zrevrangebyscore z $max ($min]
            }
        } {}

        test "ZRANGEBYLEX agrees with a model on random ranges - $encoding" {
            r del z
            set members {}
            for {set i 0} {$i < 80} {incr i} {
                set m [randstring 0 4 alpha]
                r zadd z 0 $m
                lappend members $m
            }
            set members [lsort -unique $members]
            assert_equal $members [r zrangebylex z - +]
            for {set i 0} {$i < 50} {incr i} {
                set a [randstring 0 3 alpha]
                set b [randstring 0 3 alpha]
                if {[string compare $a $b] > 0} { lassign [list $b $a] a b }
                set exp {}
                foreach m $members {
                    if {[string compare $m $a] >= 0 && [string compare $m $b] < 0} { lappend exp $m }
                }
                assert_equal $exp [r zrangebylex z "\[$a" "($b"]
                assert_equal [llength $exp] [r zlexcount z "\[$a" "($b"]
                assert_equal [lreverse $exp] [r zrevrangebylex z "($b" "\[$a"]
            }
            set before [r zcard z]
            set removed [r zremrangebylex z "\[$a" "($b"]
            assert_equal [llength $exp] $removed
            assert_equal [expr {$before - $removed}] [r zcard z]
        } {}
    }
    r config set zset-max-listpack-entries 128

    # ============================================================ encodings

    test {A listpack becomes a skiplist past zset-max-listpack-entries, and stays one} {
        r config set zset-max-listpack-entries 4
        r del z
        r zadd z 1 a 2 b 3 c 4 d
        assert_encoding listpack z
        r zadd z 5 e
        assert_encoding skiplist z
        r zrem z a b c d
        assert_encoding skiplist z
        r config set zset-max-listpack-entries 128
        r zrange z 0 -1 withscores
    } {e 5}

    test {A member longer than zset-max-listpack-value makes a skiplist} {
        r config set zset-max-listpack-entries 128
        set m64 [string repeat x 64]
        set m65 [string repeat y 65]
        r del z1 z2 z3 z4
        r zadd z1 1 $m64
        assert_encoding listpack z1
        r zadd z1 2 $m65
        assert_encoding skiplist z1
        # A first member too long: a skiplist from the start.
        r zadd z2 1 $m65
        assert_encoding skiplist z2
        r zincrby z3 1 $m65
        assert_encoding skiplist z3
        # Updating an existing member never converts.
        r zadd z4 1 a
        r zadd z4 2 a
        assert_encoding listpack z4
        r zrange z1 0 -1
    } [list [string repeat x 64] [string repeat y 65]]

    test {zset-max-listpack-entries 0 and zset-max-listpack-value 0} {
        r config set zset-max-listpack-entries 0
        r del z
        r zadd z 1 a
        assert_encoding skiplist z
        r config set zset-max-listpack-entries 128
        r config set zset-max-listpack-value 0
        r del z
        r zadd z 1 {}
        assert_encoding listpack z
        r zadd z 1 b
        assert_encoding skiplist z
        r config set zset-max-listpack-value 64
        r zrange z 0 -1
    } {{} b}

    test {Converting keeps members, scores and order} {
        r config set zset-max-listpack-entries 128
        r del z
        set items {}
        for {set i 0} {$i < 128} {incr i} {
            set s [expr {($i * 7919 % 1000) / 7.0}]
            r zadd z $s m$i
        }
        assert_encoding listpack z
        set before [r zrange z 0 -1 withscores]
        r zadd z 1e300 last
        assert_encoding skiplist z
        r zrem z last
        assert_equal $before [r zrange z 0 -1 withscores]
        r zcard z
    } {128}

    test {Store commands give a listpack to a small result, even from skiplists} {
        r config set zset-max-listpack-entries 128
        set long [string repeat x 100]
        r del big s1 s2
        r zadd big 1 a 2 b 3 $long
        assert_encoding skiplist big
        r zadd s1 1 a
        r zunionstore u 2 big s1
        assert_encoding skiplist u
        r zrem big $long
        assert_encoding skiplist big
        assert_equal 2 [r zunionstore u 2 big s1]
        assert_encoding listpack u
        assert_equal 1 [r zinterstore i 2 big s1]
        assert_encoding listpack i
        assert_equal 1 [r zdiffstore d 2 big s1]
        assert_encoding listpack d
        r config set zset-max-listpack-entries 1
        assert_equal 2 [r zunionstore u 2 big s1]
        assert_encoding skiplist u
        r config set zset-max-listpack-entries 128
        r zrange u 0 -1 withscores
    } {a 2 b 2}

    test {ZRANGESTORE picks the encoding from the size of its result} {
        r config set zset-max-listpack-entries 4
        r del src
        r zadd src 1 a 2 b 3 c 4 d 5 e 6 f
        assert_encoding skiplist src
        r zrangestore dst src 0 3
        assert_encoding listpack dst
        r zrangestore dst src 0 4
        assert_encoding skiplist dst
        r zrangestore dst src -inf +inf byscore limit 0 4
        assert_encoding listpack dst
        r zrangestore dst src -inf +inf byscore limit 0 5
        assert_encoding skiplist dst
        r zrangestore dst src - + bylex limit 1 4
        assert_encoding listpack dst
        r config set zset-max-listpack-entries 128
        r zrange dst 0 -1
    } {b c d e}

    test {COPY duplicates a sorted set in either encoding} {
        foreach entries {128 0} enc {listpack skiplist} {
            r config set zset-max-listpack-entries $entries
            r del z zcopy
            r zadd z 1 a 2.5 b -inf c 7 d
            assert_equal 1 [r copy z zcopy]
            assert_encoding $enc zcopy
            assert_equal [r zrange z 0 -1 withscores] [r zrange zcopy 0 -1 withscores]
            r zadd z 100 a
            r zrem z b
            assert_equal {c -inf a 1 b 2.5 d 7} [r zrange zcopy 0 -1 withscores]
            assert_equal 2 [r zrank zcopy b]
            assert_equal 2.5 [r zscore zcopy b]
        }
        r config set zset-max-listpack-entries 128
        r zcard zcopy
    } {4}

    test {DEBUG DIGEST-VALUE does not depend on the encoding} {
        r config set zset-max-listpack-entries 128
        r del zl zs
        r zadd zl 1 a 2.5 b -3 c inf d 0.1 e
        r config set zset-max-listpack-entries 0
        r zadd zs 0.1 e inf d -3 c 2.5 b 1 a
        r config set zset-max-listpack-entries 128
        assert_encoding listpack zl
        assert_encoding skiplist zs
        set d1 [r debug digest-value zl]
        assert_equal $d1 [r debug digest-value zs]
        r zadd zs 2.6 b
        assert_not_equal $d1 [r debug digest-value zs]
        r zadd zs 2.5 b
        assert_equal $d1 [r debug digest-value zs]
        r zadd zs 2.5 bb
        assert_not_equal $d1 [r debug digest-value zs]
    } {} {needs:debug}

    # ============================================= score formatting, RESP

    test {Scores are replied with 17 significant digits, inf and -inf (RESP2)} {
        set c [zset_raw_client 2]
        r del z
        r zadd z 1.5 a 0.1 b 1e300 c inf d -inf e 3 f -2 g 123456789012345678 h
        assert_equal {$3 1.5} [zset_raw $c zscore z a]
        assert_equal {$19 0.10000000000000001} [zset_raw $c zscore z b]
        assert_equal {$23 1.0000000000000001e+300} [zset_raw $c zscore z c]
        assert_equal {$3 inf} [zset_raw $c zscore z d]
        assert_equal {$4 -inf} [zset_raw $c zscore z e]
        assert_equal {$1 3} [zset_raw $c zscore z f]
        assert_equal {$2 -2} [zset_raw $c zscore z g]
        assert_equal {$22 1.2345678901234568e+17} [zset_raw $c zscore z h]
        assert_equal {$-1} [zset_raw $c zscore z nope]
        assert_equal {$3 2.5} [zset_raw $c zincrby z 1 a]
        $c close
    }

    test {Scores are RESP3 doubles} {
        set c [zset_raw_client 3]
        r del z
        r zadd z 1.5 a 0.1 b 1e300 c inf d -inf e 3 f
        assert_equal {,1.5} [zset_raw $c zscore z a]
        assert_equal {,0.10000000000000001} [zset_raw $c zscore z b]
        assert_equal {,1.0000000000000001e+300} [zset_raw $c zscore z c]
        assert_equal {,inf} [zset_raw $c zscore z d]
        assert_equal {,-inf} [zset_raw $c zscore z e]
        assert_equal {,3} [zset_raw $c zscore z f]
        assert_equal {_} [zset_raw $c zscore z nope]
        assert_equal {*2 ,1.5 _} [zset_raw $c zmscore z a nope]
        assert_equal {,4} [zset_raw $c zadd z incr 1 f]
        assert_equal {_} [zset_raw $c zadd z nx incr 1 f]
        $c close
    }

    test {-0: kept by a skiplist, stored as 0 by a listpack} {
        set c [zset_raw_client 2]
        r config set zset-max-listpack-entries 0
        r del z
        r zadd z -0 a
        assert_equal {$2 -0} [zset_raw $c zscore z a]
        r config set zset-max-listpack-entries 128
        r del z
        r zadd z -0 a
        assert_equal {$1 0} [zset_raw $c zscore z a]
        $c close
    }

    test {ZSCAN gives listpack scores as stored and skiplist scores as %.17g} {
        r config set zset-max-listpack-entries 128
        r del z
        r zadd z 1e17 a 0.5 b 5e18 c
        assert_equal {0 {b 0.5 a 100000000000000000 c 5e+18}} [r zscan z 0]
        r config set zset-max-listpack-entries 0
        r del z
        r zadd z 1e17 a
        r config set zset-max-listpack-entries 128
        r zscan z 0
    } {0 {a 1e+17}}

    test {Reply shapes of the range commands in RESP2 and RESP3} {
        r del z
        r zadd z 1 a 2 b
        set c2 [zset_raw_client 2]
        set c3 [zset_raw_client 3]
        assert_equal {*4 $1 a $1 1 $1 b $1 2} [zset_raw $c2 zrange z 0 -1 withscores]
        assert_equal {*2 *2 $1 a ,1 *2 $1 b ,2} [zset_raw $c3 zrange z 0 -1 withscores]
        assert_equal {*2 *2 $1 b ,2 *2 $1 a ,1} [zset_raw $c3 zrevrangebyscore z +inf -inf withscores]
        assert_equal {*2 $1 a $1 b} [zset_raw $c3 zrange z 0 -1]
        assert_equal {*0} [zset_raw $c3 zrange nokey 0 -1]
        assert_equal {*0} [zset_raw $c3 zrangebyscore z 5 6 withscores]
        assert_equal {*1 *2 $1 b ,2} [zset_raw $c3 zrangebyscore z 2 2 withscores]
        assert_equal {*2 *2 $1 a ,1 *2 $1 b ,2} [zset_raw $c3 zunion 1 z withscores]
        assert_equal {*2 *2 $1 a ,1 *2 $1 b ,2} [zset_raw $c3 zdiff 1 z withscores]
        assert_equal {*4 $1 a $1 1 $1 b $1 2} [zset_raw $c2 zinter 1 z withscores]
        $c2 close
        $c3 close
    } {}

    test {Reply shapes of the pops in RESP2 and RESP3} {
        set c2 [zset_raw_client 2]
        set c3 [zset_raw_client 3]
        r del z
        r zadd z 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h
        # Without a count: a flat pair in both protocols.
        assert_equal {*2 $1 a $1 1} [zset_raw $c2 zpopmin z]
        assert_equal {*2 $1 h ,8} [zset_raw $c3 zpopmax z]
        # With a count: flat in RESP2, nested pairs in RESP3.
        assert_equal {*2 $1 b $1 2} [zset_raw $c2 zpopmin z 1]
        assert_equal {*1 *2 $1 c ,3} [zset_raw $c3 zpopmin z 1]
        assert_equal {*0} [zset_raw $c3 zpopmin z 0]
        assert_equal {*0} [zset_raw $c3 zpopmin nokey]
        assert_equal {*0} [zset_raw $c2 zpopmax nokey 2]
        # ZMPOP / BZMPOP: key and nested pairs, in both protocols.
        assert_equal {*2 $1 z *1 *2 $1 d $1 4} [zset_raw $c2 zmpop 1 z min]
        assert_equal {*2 $1 z *1 *2 $1 g ,7} [zset_raw $c3 zmpop 1 z max]
        assert_equal {*-1} [zset_raw $c2 zmpop 1 nokey min]
        assert_equal {_} [zset_raw $c3 zmpop 1 nokey min]
        assert_equal {*2 $1 z *1 *2 $1 f ,6} [zset_raw $c3 bzmpop 0 1 z max]
        # BZPOPMIN / BZPOPMAX: key, member, score, flat.
        assert_equal {*3 $1 z $1 e $1 5} [zset_raw $c2 bzpopmin z 0]
        r zadd z 9 i
        assert_equal {*3 $1 z $1 i ,9} [zset_raw $c3 bzpopmax z 0]
        $c2 close
        $c3 close
    }

    test {Reply shapes of ZRANDMEMBER and ZADD in RESP2 and RESP3} {
        set c2 [zset_raw_client 2]
        set c3 [zset_raw_client 3]
        r del z
        r zadd z 1.5 a
        assert_equal {$1 a} [zset_raw $c3 zrandmember z]
        assert_equal {_} [zset_raw $c3 zrandmember nokey]
        assert_equal {$-1} [zset_raw $c2 zrandmember nokey]
        assert_equal {*0} [zset_raw $c3 zrandmember nokey 2]
        assert_equal {*2 $1 a $1 a} [zset_raw $c3 zrandmember z -2]
        assert_equal {*4 $1 a $3 1.5 $1 a $3 1.5} [zset_raw $c2 zrandmember z -2 withscores]
        assert_equal {*2 *2 $1 a ,1.5 *2 $1 a ,1.5} [zset_raw $c3 zrandmember z -2 withscores]
        assert_equal {*1 *2 $1 a ,1.5} [zset_raw $c3 zrandmember z 5 withscores]
        assert_equal {:1} [zset_raw $c3 zadd z 1 b]
        assert_equal {$-1} [zset_raw $c2 zadd z nx incr 1 b]
        assert_equal {*-1} [zset_raw $c2 bzpopmin nokey 0.01]
        assert_equal {_} [zset_raw $c3 bzmpop 0.01 1 nokey min]
        assert_equal {*2 $1 0 *0} [zset_raw $c3 zscan nokey 0]
        $c2 close
        $c3 close
    }

    # ================================================================ errors

    test {ZADD option and argument errors} {
        r del z
        r zadd z 1 a
        assert_error "ERR XX and NX options at the same time are not compatible" {r zadd z xx nx 1 a}
        assert_error "ERR GT, LT, and/or NX options at the same time are not compatible" {r zadd z gt lt 1 a}
        assert_error "ERR GT, LT, and/or NX options at the same time are not compatible" {r zadd z nx gt 1 a}
        assert_error "ERR GT, LT, and/or NX options at the same time are not compatible" {r zadd z lt nx 1 a}
        assert_error "ERR INCR option supports a single increment-element pair" {r zadd z incr 1 a 2 b}
        assert_error "ERR syntax error" {r zadd z 1 a 2}
        assert_error "ERR syntax error" {r zadd z foo 1 a}
        assert_error "ERR syntax error" {r zadd z nx ch incr}
        assert_error "ERR syntax error" {r zincrby z nx a}
        assert_error "ERR wrong number of arguments for 'zadd' command" {r zadd z 1}
        assert_error "ERR wrong number of arguments for 'zincrby' command" {r zincrby z 1}
        r zrange z 0 -1 withscores
    } {a 1}

    test {Range argument errors, checked before the key} {
        r del z
        r set str x
        foreach cmd {zrangebyscore zrevrangebyscore zcount zremrangebyscore} {
            assert_error "ERR min or max is not a float" [list r $cmd z a 1]
            assert_error "ERR min or max is not a float" [list r $cmd z 1 {[2}]
            assert_error "ERR min or max is not a float" [list r $cmd z (1 nan]
            assert_error "ERR min or max is not a float" [list r $cmd str a 1]
        }
        foreach cmd {zrangebylex zrevrangebylex zlexcount zremrangebylex} {
            assert_error "ERR min or max not valid string range item" [list r $cmd z a b]
            assert_error "ERR min or max not valid string range item" [list r $cmd z {[a} {}]
            assert_error "ERR min or max not valid string range item" [list r $cmd z -- +]
            assert_error "ERR min or max not valid string range item" [list r $cmd str a b]
        }
        assert_error "ERR value is not an integer or out of range" {r zremrangebyrank z a 1}
        assert_error "ERR value is not an integer or out of range" {r zrange z 1 x}
        assert_error "ERR value is not an integer or out of range" {r zrange str 1 x}
        assert_error "ERR value is not an integer or out of range" {r zrangebyscore z 0 1 limit x 1}
    } {}

    test {ZRANGE option errors} {
        r del z
        r zadd z 1 a
        assert_error "ERR syntax error, WITHSCORES not supported in combination with BYLEX" {r zrangebylex z - + withscores}
        assert_error "ERR syntax error, WITHSCORES not supported in combination with BYLEX" {r zrange z - + bylex withscores}
        assert_error "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" {r zrange z 0 1 limit 0 1}
        assert_error "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" {r zrevrange z 0 1 limit 0 1}
        assert_error "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" {r zrangestore d z 0 1 limit 0 1}
        assert_error "ERR syntax error" {r zrange z 0 1 foo}
        assert_error "ERR syntax error" {r zrange z 0 1 byscore bylex}
        assert_error "ERR syntax error" {r zrange z 0 1 rev rev}
        assert_error "ERR syntax error" {r zrange z 0 1 limit 0}
        assert_error "ERR syntax error" {r zrangebyscore z 0 1 rev}
        assert_error "ERR syntax error" {r zrangebyscore z 0 1 byscore}
        assert_error "ERR syntax error" {r zrevrange z 0 1 rev}
        assert_error "ERR syntax error" {r zrangestore d z 0 1 withscores}
        assert_error "ERR wrong number of arguments for 'zrange' command" {r zrange z 0}
    } {}

    test {Pop and random member argument errors} {
        r del z
        r zadd z 1 a
        assert_error "ERR value is out of range, must be positive" {r zpopmin z -1}
        assert_error "ERR value is out of range, must be positive" {r zpopmax z x}
        assert_error "ERR syntax error" {r zpopmin z 1 2}
        assert_error "ERR numkeys should be greater than 0" {r zmpop 0 z min}
        assert_error "ERR numkeys should be greater than 0" {r zmpop x z min}
        assert_error "ERR syntax error" {r zmpop 1 z foo}
        assert_error "ERR syntax error" {r zmpop 2 z min}
        assert_error "ERR syntax error" {r zmpop 1 z min count 1 count 2}
        assert_error "ERR syntax error" {r zmpop 1 z min foo}
        assert_error "ERR count should be greater than 0" {r zmpop 1 z min count 0}
        assert_error "ERR count should be greater than 0" {r zmpop 1 z min count -1}
        assert_error "ERR count should be greater than 0" {r zmpop 1 z min count x}
        assert_error "ERR timeout is negative" {r bzpopmin z -1}
        assert_error "ERR timeout is not a float or out of range" {r bzpopmax z x}
        assert_error "ERR timeout is negative" {r bzmpop -1 1 z min}
        assert_error "ERR numkeys should be greater than 0" {r bzmpop 0 0 z min}
        assert_error "ERR syntax error" {r zrandmember z 1 foo}
        assert_error "ERR syntax error" {r zrandmember z 1 withscores x}
        assert_error "ERR value is not an integer or out of range" {r zrandmember z x}
        assert_error "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807" {r zrandmember z -9223372036854775808}
        assert_error "ERR value is out of range" {r zrandmember z 4611686018427387904 withscores}
        assert_error "ERR value is out of range" {r zrandmember z -4611686018427387904 withscores}
        r zrange z 0 -1
    } {a}

    test {Set algebra argument errors} {
        r del z d
        r zadd z 1 a
        foreach cmd {zunionstore zinterstore zdiffstore} {
            assert_error "ERR at least 1 input key is needed for '$cmd' command" [list r $cmd d 0 z]
            assert_error "ERR at least 1 input key is needed for '$cmd' command" [list r $cmd d -1 z]
            assert_error "ERR value is not an integer or out of range" [list r $cmd d x z]
            assert_error "ERR syntax error" [list r $cmd d 3 z]
            assert_error "ERR syntax error" [list r $cmd d 1 z withscores]
        }
        foreach cmd {zunion zinter zdiff zintercard} {
            assert_error "ERR at least 1 input key is needed for '$cmd' command" [list r $cmd 0 z]
            assert_error "ERR syntax error" [list r $cmd 2 z]
        }
        assert_error "ERR weight value is not a float" {r zunion 1 z weights nan}
        assert_error "ERR weight value is not a float" {r zinterstore d 1 z weights x}
        assert_error "ERR syntax error" {r zunion 1 z weights 1 2}
        assert_error "ERR syntax error" {r zunion 2 z z weights 1}
        assert_error "ERR syntax error" {r zunion 1 z aggregate foo}
        assert_error "ERR syntax error" {r zunion 1 z aggregate}
        assert_error "ERR syntax error" {r zdiff 1 z weights 1}
        assert_error "ERR syntax error" {r zdiffstore d 1 z aggregate min}
        assert_error "ERR syntax error" {r zintercard 1 z withscores}
        assert_error "ERR syntax error" {r zintercard 1 z weights 1}
        assert_error "ERR LIMIT can't be negative" {r zintercard 1 z limit -1}
        assert_error "ERR LIMIT can't be negative" {r zintercard 1 z limit x}
        assert_error "ERR syntax error" {r zintercard 1 z limit}
        # Nothing was stored by the failed calls.
        r exists d
    } {0}

    test {ZSCAN argument errors} {
        r del z
        r zadd z 1 a
        assert_error "ERR invalid cursor" {r zscan z x}
        assert_error "ERR syntax error" {r zscan z 0 count 0}
        assert_error "ERR syntax error" {r zscan z 0 foo}
        assert_error "ERR value is not an integer or out of range" {r zscan z 0 count x}
    } {}

    test {Every sorted set command against another type is WRONGTYPE} {
        r del str
        r set str x
        set err "WRONGTYPE Operation against a key holding the wrong kind of value"
        foreach cmd {
            {zadd str 1 a} {zincrby str 1 a} {zrem str a} {zcard str} {zscore str a}
            {zmscore str a} {zrank str a} {zrevrank str a} {zcount str 0 1}
            {zlexcount str - +} {zrange str 0 -1} {zrevrange str 0 -1}
            {zrangebyscore str 0 1} {zrevrangebyscore str 1 0} {zrangebylex str - +}
            {zrevrangebylex str + -} {zrangestore d str 0 -1}
            {zremrangebyrank str 0 -1} {zremrangebyscore str 0 1} {zremrangebylex str - +}
            {zpopmin str} {zpopmax str 2} {zmpop 1 str min} {bzpopmin str 0}
            {bzpopmax str 0} {bzmpop 0 1 str min} {zrandmember str} {zrandmember str 2}
            {zscan str 0} {zunion 1 str} {zinter 1 str} {zdiff 1 str} {zintercard 1 str}
            {zunionstore d 1 str} {zinterstore d 1 str} {zdiffstore d 1 str}
        } {
            assert_error $err [list r {*}$cmd]
        }
        r get str
    } {x}

    # ============================================================= blocking

    test {BZPOPMIN waits and is woken up by ZADD} {
        r del z
        set rd [redis_deferring_client]
        $rd bzpopmin z 0
        wait_for_blocked_clients_count 1
        r zadd z 2 b 1 a
        assert_equal {z a 1} [$rd read]
        wait_for_blocked_clients_count 0
        $rd close
        r zrange z 0 -1
    } {b}

    test {BZPOPMAX on several keys is served by the one that gets a member} {
        r del z1 z2 z3
        set rd [redis_deferring_client]
        $rd bzpopmax z1 z2 z3 0
        wait_for_blocked_clients_count 1
        r zadd z2 1 a 5 b
        assert_equal {z2 b 5} [$rd read]
        $rd close
        r zrange z2 0 -1
    } {a}

    test {Clients waiting on one key are served first come, first served} {
        r del z
        set rd1 [redis_deferring_client]
        set rd2 [redis_deferring_client]
        set rd3 [redis_deferring_client]
        $rd1 bzpopmin z 0
        wait_for_blocked_clients_count 1
        $rd2 bzpopmax z 0
        wait_for_blocked_clients_count 2
        $rd3 bzmpop 0 1 z min count 10
        wait_for_blocked_clients_count 3
        r zadd z 1 a
        assert_equal {z a 1} [$rd1 read]
        wait_for_blocked_clients_count 2
        r zadd z 1 b 2 c 3 d
        assert_equal {z d 3} [$rd2 read]
        assert_equal {z {{b 1} {c 2}}} [$rd3 read]
        wait_for_blocked_clients_count 0
        $rd1 close
        $rd2 close
        $rd3 close
        r exists z
    } {0}

    test {A waiting client stays blocked while the key holds another type} {
        r del z
        set rd [redis_deferring_client]
        $rd bzpopmin z 0
        wait_for_blocked_clients_count 1
        r set z notazset
        r del z
        assert_equal 1 [s blocked_clients]
        r zadd z 7 a
        assert_equal {z a 7} [$rd read]
        $rd close
    }

    test {ZINCRBY, ZUNIONSTORE, ZRANGESTORE and RENAME wake up waiting clients} {
        r del z src other
        r zadd src 1 a 2 b
        set rd [redis_deferring_client]
        $rd bzpopmin z 0
        wait_for_blocked_clients_count 1
        r zincrby z 3 x
        assert_equal {z x 3} [$rd read]
        $rd bzpopmin z 0
        wait_for_blocked_clients_count 1
        assert_equal 2 [r zunionstore z 1 src]
        assert_equal {z a 1} [$rd read]
        r del z
        $rd bzpopmax z 0
        wait_for_blocked_clients_count 1
        assert_equal 1 [r zrangestore z src 0 0]
        assert_equal {z a 1} [$rd read]
        $rd bzmpop 0 1 z max
        wait_for_blocked_clients_count 1
        r zadd other 9 y
        r rename other z
        assert_equal {z {{y 9}}} [$rd read]
        $rd close
        r exists z other
    } {0}

    test {Blocking pops time out with a null array, sub-second timeouts too} {
        r del z z2
        set rd [redis_deferring_client]
        $rd bzpopmin z 0.05
        assert_equal {} [$rd read]
        # Fractions of a millisecond round up: never "wait forever".
        $rd bzpopmin z 0.001
        assert_equal {} [$rd read]
        $rd bzpopmax z 0.0001
        assert_equal {} [$rd read]
        $rd bzmpop 0.05 2 z z2 max count 3
        assert_equal {} [$rd read]
        $rd close
        set c3 [zset_raw_client 3]
        assert_equal {_} [zset_raw $c3 bzpopmax z 0.05]
        $c3 close
        s blocked_clients
    } {0}

    test {CLIENT UNBLOCK ends a blocking pop with a timeout or an error} {
        r del z
        set rd [redis_deferring_client]
        $rd bzpopmin z 0
        wait_for_blocked_clients_count 1
        assert_equal 1 [r client unblock [zset_blocked_id]]
        assert_equal {} [$rd read]
        $rd bzmpop 0 1 z min
        wait_for_blocked_clients_count 1
        assert_equal 1 [r client unblock [zset_blocked_id] error]
        assert_match "*UNBLOCKED client unblocked via CLIENT UNBLOCK*" [zset_read $rd]
        $rd close
        s blocked_clients
    } {0}

    test {A blocking pop inside MULTI does not block} {
        r del nokey
        r multi
        r bzpopmin nokey 0
        r bzmpop 0 1 nokey min
        r bzpopmax nokey 0
        assert_equal {{} {} {}} [r exec]
        s blocked_clients
    } {0}

    # ================================================ plain sets as inputs

    test {ZUNION, ZINTER, ZDIFF and ZINTERCARD take sets as members with score 1} {
        foreach setentries {512 0} {
            r config set set-max-intset-entries $setentries
            r del s1 s2 z
            r sadd s1 a b c 1 2
            r sadd s2 b 2 x
            r zadd z 5 a 6 b 7 x 8 y
            assert_equal {1 1 2 2 a 6 b 8 c 1 x 8 y 8} \
                [lsort -stride 2 -index 0 [r zunion 3 s1 s2 z withscores]]
            assert_equal {1 2 2 5 a 7 b 11 c 2 x 10 y 8} \
                [lsort -stride 2 -index 0 [r zunion 3 s1 s2 z weights 2 3 1 withscores]]
            assert_equal {a 1 b 1} [r zinter 2 s1 z withscores aggregate min]
            assert_equal {2 2 b 2} [r zinter 2 s1 s2 withscores]
            assert_equal 2 [r zintercard 2 s1 s2]
            assert_equal 1 [r zintercard 3 s1 s2 z]
            assert_equal {1 1 2 1 c 1} [r zdiff 2 s1 z withscores]
            assert_equal {x 7 y 8} [r zdiff 2 z s1 withscores]
            assert_equal 5 [r zunionstore d 2 s1 s1 weights 1 -1]
            assert_equal {1 0 2 0 a 0 b 0 c 0} [r zrange d 0 -1 withscores]
            assert_equal 5 [r zinterstore d 2 s1 s1 weights 2 3]
            assert_equal {1 5 2 5 a 5 b 5 c 5} [r zrange d 0 -1 withscores]
            assert_equal 3 [r zdiffstore d 2 s1 s2]
            assert_equal {1 1 a 1 c 1} [r zrange d 0 -1 withscores]
            assert_encoding listpack d
        }
        r config set set-max-intset-entries 512
        r zcard d
    } {3}
}
