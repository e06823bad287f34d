# String commands: SET and its options, GET/GETEX/GETDEL/GETSET, the
# SETNX/SETEX/PSETEX shortcuts, MSET/MSETNX/MGET, APPEND, STRLEN,
# GETRANGE/SUBSTR, SETRANGE, the integer and float counters, LCS, and the
# string encodings reported by OBJECT.  Every error reply is checked with
# its exact text, as Redis 7.0 gives it.


start_server {tags {"string"}} {
    # ------------------------------------------------------------ SET / GET

    test {SET and GET a simple value} {
        r del foo
        assert_equal [r set foo bar] OK
        r get foo
    } {bar}

    test {GET of a missing key is nil} {
        r del nokey
        r get nokey
    } {}

    test {SET and GET an empty value} {
        r set empty ""
        assert_equal [r exists empty] 1
        assert_equal [r strlen empty] 0
        r get empty
    } {}

    test {SET and GET are binary safe in keys and values} {
        set key "k\x00e\r\ny \xff"
        set val "\x00\x01\r\n\xfe\xff and more"
        r set $key $val
        assert_equal [r get $key] $val
        assert_equal [r strlen $key] [string length $val]
        r del $key
    } {1}

    test {SET and GET a 1 MB value} {
        set val [string repeat "0123456789abcdef" 65536]
        r set big $val
        assert_equal [r strlen big] 1048576
        assert_equal [r get big] $val
        r del big
    } {1}

    test {SET replaces values of every string encoding} {
        r set over 12345
        assert_equal [r get over] 12345
        r set over short
        assert_equal [r get over] short
        set long [string repeat x 100]
        r set over $long
        assert_equal [r get over] $long
        r set over 7
        r get over
    } {7}

    test {Many keys: SET then GET each one} {
        for {set i 0} {$i < 500} {incr i} {
            r set many:$i "value $i"
        }
        set bad 0
        for {set i 0} {$i < 500} {incr i} {
            if {[r get many:$i] ne "value $i"} { incr bad }
        }
        for {set i 0} {$i < 500} {incr i} { r del many:$i }
        set bad
    } {0}

    test {SET NX creates a missing key but leaves an existing one alone} {
        r del nxkey
        assert_equal [r set nxkey first nx] OK
        assert_equal [r set nxkey second nx] {}
        r get nxkey
    } {first}

    test {SET XX replaces an existing key but never creates one} {
        r del xxkey
        assert_equal [r set xxkey v xx] {}
        assert_equal [r exists xxkey] 0
        r set xxkey old
        assert_equal [r set xxkey new xx] OK
        r get xxkey
    } {new}

    test {SET GET returns the old value, nil for a missing key} {
        r del getkey
        assert_equal [r set getkey one get] {}
        assert_equal [r get getkey] one
        assert_equal [r set getkey two get] one
        assert_equal [r get getkey] two
        r set getkey 42
        assert_equal [r set getkey three GET] 42
        r get getkey
    } {three}

    test {SET GET combined with NX and XX} {
        r del gk
        # NX on a missing key sets it and returns nil.
        assert_equal [r set gk v1 nx get] {}
        assert_equal [r get gk] v1
        # NX on an existing key returns the value and does not set.
        assert_equal [r set gk v2 nx get] v1
        assert_equal [r get gk] v1
        # XX on an existing key returns the old value and sets.
        assert_equal [r set gk v3 xx get] v1
        assert_equal [r get gk] v3
        # XX on a missing key returns nil and does not create it.
        r del gk
        assert_equal [r set gk v4 xx get] {}
        r exists gk
    } {0}

    test {SET GET against a non-string key is WRONGTYPE and changes nothing} {
        r del listkey
        r rpush listkey a
        assert_error "WRONGTYPE Operation against a key holding the wrong kind of value" {
            r set listkey v get
        }
        assert_equal [r type listkey] list
        # Without GET the key is simply overwritten.
        assert_equal [r set listkey v] OK
        r type listkey
    } {string}

    test {SET options are case insensitive} {
        r del ci
        assert_equal [r set ci v Ex 100 nX] OK
        assert_range [r ttl ci] 1 100
        assert_equal [r set ci w xX kEePtTl] OK
        assert_range [r ttl ci] 1 100
        assert_equal [r set ci x pX 100000 gEt] w
        r get ci
    } {x}

    test {SET with a repeated option is accepted} {
        r del rep
        assert_equal [r set rep v nx nx] OK
        assert_equal [r set rep w xx xx] OK
        assert_equal [r set rep x get get] w
        assert_equal [r set rep y keepttl keepttl] OK
        # Even a repeated expire option: the last one counts.
        assert_equal [r set rep z ex 10 ex 1000] OK
        assert_range [r ttl rep] 11 1000
        assert_equal [r set rep z px 10000 px 1000000] OK
        assert_range [r pttl rep] 10001 1000000
        r get rep
    } {z}

    test {SET EX, PX, EXAT and PXAT set the time to live} {
        r set ttlk v ex 100
        assert_range [r ttl ttlk] 1 100
        assert_range [r pttl ttlk] 1 100000
        r set ttlk v px 100000
        assert_range [r pttl ttlk] 1 100000
        set at [expr {[clock seconds] + 1000}]
        r set ttlk v exat $at
        assert_equal [r expiretime ttlk] $at
        assert_equal [r pexpiretime ttlk] [expr {$at * 1000}]
        set pat [expr {[clock milliseconds] + 1000000}]
        r set ttlk v pxat $pat
        assert_equal [r pexpiretime ttlk] $pat
        r get ttlk
    } {v}

    test {SET with EXAT or PXAT in the past leaves no key} {
        r set past v exat 1
        assert_equal [r exists past] 0
        r set past v pxat 1
        assert_equal [r exists past] 0
        r set past old
        assert_equal [r set past new pxat 1 get] old
        r exists past
    } {0}

    test {SET without KEEPTTL clears the TTL, with KEEPTTL keeps it} {
        r set keep v ex 100
        r set keep v2
        assert_equal [r ttl keep] -1
        r set keep v ex 100
        r set keep v3 keepttl
        assert_range [r ttl keep] 1 100
        assert_equal [r get keep] v3
        # KEEPTTL on a key without TTL leaves it persistent.
        r set keep2 v
        r set keep2 v2 keepttl
        r ttl keep2
    } {-1}

    test {SET with an invalid expire time} {
        foreach option {ex px exat pxat} {
            foreach bad {0 -1 -100} {
                assert_error "ERR invalid expire time in 'set' command" {
                    r set badexp v $option $bad
                }
            }
            assert_error "ERR value is not an integer or out of range" {
                r set badexp v $option abc
            }
            assert_error "ERR value is not an integer or out of range" {
                r set badexp v $option 1.5
            }
            assert_error "ERR value is not an integer or out of range" {
                r set badexp v $option 9223372036854775808
            }
        }
        # Out of range once converted to milliseconds or added to now.
        foreach {option val} {ex 9223372036854775807 ex 9223372036854775
                           px 9223372036854775807 px 9223372036854775806
                           exat 9223372036854775807} {
            assert_error "ERR invalid expire time in 'set' command" {
                r set badexp v $option $val
            }
        }
        assert_equal [r exists badexp] 0
        # Absolute times far in the future are fine as long as they fit.
        assert_equal [r set badexp v pxat 9223372036854775807] OK
        assert_equal [r pexpiretime badexp] 9223372036854775807
        assert_equal [r set badexp v exat 9223372036854775] OK
        r pexpiretime badexp
    } {9223372036854775000}

    test {SET with illegal combinations of options is a syntax error} {
        r set combo orig
        foreach opts {
            {nx xx} {xx nx} {ex 10 px 10000} {px 10000 ex 10}
            {ex 10 exat 2000000000} {exat 2000000000 pxat 2000000000000}
            {px 10 pxat 2000000000000} {ex 10 keepttl} {keepttl ex 10}
            {keepttl px 10} {pxat 2000000000000 keepttl} {exat 2000000000 keepttl}
            {persist} {ex} {px} {exat} {pxat} {nx ex}
            {foo} {ex 10 foo} {nxx} {keepttl nx xx get}
        } {
            assert_error "ERR syntax error" {r set combo new {*}$opts}
        }
        r get combo
    } {orig}

    test {SET with an expire error does not touch the key} {
        r set untouched v
        catch {r set untouched w nx ex 0}
        catch {r set untouched w get px -1}
        r get untouched
    } {v}

    test {SET arity errors} {
        assert_error "ERR wrong number of arguments for 'set' command" {r set}
        assert_error "ERR wrong number of arguments for 'set' command" {r set onlykey}
    }

    # ------------------------------------------------------- SETNX family

    test {SETNX sets a missing key only} {
        r del snx
        assert_equal [r setnx snx a] 1
        assert_equal [r setnx snx b] 0
        r get snx
    } {a}

    test {SETNX does not touch the TTL of an existing key} {
        r set snxttl v ex 100
        assert_equal [r setnx snxttl other] 0
        assert_range [r ttl snxttl] 1 100
        r get snxttl
    } {v}

    test {SETNX against a logically expired key sets it} {
        r debug set-active-expire 0
        try {
            r set snxexp old px 1
            after 5
            assert_equal [r setnx snxexp new] 1
        } finally {
            r debug set-active-expire 1
        }
        assert_equal [r ttl snxexp] -1
        r get snxexp
    } {new} {needs:debug}

    test {SETEX and PSETEX set a value and a TTL} {
        assert_equal [r setex sx 100 hello] OK
        assert_equal [r get sx] hello
        assert_range [r ttl sx] 1 100
        assert_equal [r psetex sx 100000 world] OK
        assert_equal [r get sx] world
        assert_range [r pttl sx] 1 100000
        # SETEX replaces an existing TTL.
        r setex sx 1000 again
        assert_range [r ttl sx] 101 1000
    }

    test {SETEX and PSETEX with an invalid expire time} {
        r del sxbad
        foreach bad {0 -1} {
            assert_error "ERR invalid expire time in 'setex' command" {r setex sxbad $bad v}
            assert_error "ERR invalid expire time in 'psetex' command" {r psetex sxbad $bad v}
        }
        assert_error "ERR invalid expire time in 'setex' command" {
            r setex sxbad 9223372036854775807 v
        }
        assert_error "ERR invalid expire time in 'psetex' command" {
            r psetex sxbad 9223372036854775807 v
        }
        assert_error "ERR value is not an integer or out of range" {r setex sxbad abc v}
        assert_error "ERR value is not an integer or out of range" {r psetex sxbad 1.5 v}
        assert_error "ERR wrong number of arguments for 'setex' command" {r setex sxbad 10}
        assert_error "ERR wrong number of arguments for 'psetex' command" {r psetex sxbad 10 v x}
        assert_error "ERR wrong number of arguments for 'setnx' command" {r setnx sxbad}
        r exists sxbad
    } {0}

    # ------------------------------------------------------------- GETEX

    test {GETEX without options is a GET} {
        r set gx v ex 100
        assert_equal [r getex gx] v
        assert_range [r ttl gx] 1 100
        r del gx
        r getex gx
    } {}

    test {GETEX EX, PX, EXAT and PXAT set the TTL} {
        r set gx value
        assert_equal [r getex gx ex 100] value
        assert_range [r ttl gx] 1 100
        assert_equal [r getex gx px 200000] value
        assert_range [r pttl gx] 100001 200000
        set at [expr {[clock seconds] + 500}]
        assert_equal [r getex gx exat $at] value
        assert_equal [r expiretime gx] $at
        set pat [expr {[clock milliseconds] + 600000}]
        assert_equal [r getex gx PXAT $pat] value
        assert_equal [r pexpiretime gx] $pat
    }

    test {GETEX PERSIST removes the TTL} {
        r set gx v px 100000
        assert_equal [r getex gx persist] v
        assert_equal [r ttl gx] -1
        # On a persistent key it changes nothing.
        assert_equal [r getex gx persist] v
        r ttl gx
    } {-1}

    test {GETEX keeps an integer encoded value} {
        r set gxint 123
        assert_equal [r getex gxint ex 100] 123
        r object encoding gxint
    } {int}

    test {GETEX with a time in the past returns the value and deletes the key} {
        r set gxpast v
        assert_equal [r getex gxpast exat 1] v
        assert_equal [r exists gxpast] 0
        r set gxpast w
        assert_equal [r getex gxpast pxat 1] w
        r exists gxpast
    } {0}

    test {GETEX on a missing key is nil, even with options} {
        r del gxnone
        assert_equal [r getex gxnone ex 100] {}
        assert_equal [r getex gxnone persist] {}
        # The expire time is only validated when the key exists.
        assert_equal [r getex gxnone ex 0] {}
        r exists gxnone
    } {0}

    test {GETEX errors} {
        r set gxerr v
        foreach opts {{ex 10 px 10000} {ex 10 persist} {persist ex 10}
                      {exat 2000000000 pxat 2000000000000} {px} {ex}
                      {nx} {xx} {keepttl} {get} {foo}} {
            assert_error "ERR syntax error" {r getex gxerr {*}$opts}
        }
        # Syntax errors come before the key lookup.
        assert_error "ERR syntax error" {r getex gxnone2 foo}
        foreach option {ex px exat pxat} {
            assert_error "ERR invalid expire time in 'getex' command" {r getex gxerr $option 0}
            assert_error "ERR invalid expire time in 'getex' command" {r getex gxerr $option -5}
            assert_error "ERR value is not an integer or out of range" {r getex gxerr $option x}
        }
        assert_error "ERR invalid expire time in 'getex' command" {
            r getex gxerr ex 9223372036854775807
        }
        assert_error "ERR wrong number of arguments for 'getex' command" {r getex}
        assert_equal [r ttl gxerr] -1
        r get gxerr
    } {v}

    # ----------------------------------------------------- GETDEL, GETSET

    test {GETDEL returns the value and deletes the key} {
        r set gd hello
        assert_equal [r getdel gd] hello
        assert_equal [r exists gd] 0
        r getdel gd
    } {}

    test {GETDEL of a volatile key removes its TTL too} {
        r set gd v ex 100
        assert_equal [r getdel gd] v
        r set gd w
        r ttl gd
    } {-1}

    test {GETSET returns the old value and sets the new one} {
        r del gs
        assert_equal [r getset gs first] {}
        assert_equal [r getset gs second] first
        r get gs
    } {second}

    test {GETSET clears the TTL} {
        r set gs v ex 100
        assert_equal [r getset gs w] v
        r ttl gs
    } {-1}

    test {GETDEL and GETSET arity errors} {
        assert_error "ERR wrong number of arguments for 'getdel' command" {r getdel}
        assert_error "ERR wrong number of arguments for 'getdel' command" {r getdel a b}
        assert_error "ERR wrong number of arguments for 'getset' command" {r getset a}
        assert_error "ERR wrong number of arguments for 'getset' command" {r getset a b c}
        assert_error "ERR wrong number of arguments for 'get' command" {r get a b}
    }

    # ------------------------------------------------- MSET, MSETNX, MGET

    test {MSET sets every pair, the last one wins for a repeated key} {
        assert_equal [r mset m1 a m2 b m3 c m1 d] OK
        r mget m1 m2 m3
    } {d b c}

    test {MSET clears the TTL of keys it overwrites} {
        r set m1 v ex 100
        r mset m1 w
        r ttl m1
    } {-1}

    test {MSET with binary values} {
        set v1 "a\x00b"
        set v2 "\r\n\xff"
        r mset bin1 $v1 bin2 $v2
        assert_equal [r get bin1] $v1
        r get bin2
    } "\r\n\xff"

    test {MGET returns nil for missing keys} {
        r mset g1 one g2 two
        r del g3
        r mget g1 g3 g2 g3
    } {one {} two {}}

    test {MGET returns nil for keys of another type} {
        r del mgl
        r rpush mgl x
        r set mgs str
        r mget mgs mgl mgs
    } {str {} str}

    test {MSETNX sets all keys when none exists} {
        r del nx1 nx2 nx3
        assert_equal [r msetnx nx1 a nx2 b nx3 c] 1
        r mget nx1 nx2 nx3
    } {a b c}

    test {MSETNX sets nothing when one key exists} {
        r del nx4 nx5
        r set nx2 existing
        assert_equal [r msetnx nx4 a nx2 b nx5 c] 0
        assert_equal [r exists nx4 nx5] 0
        r get nx2
    } {existing}

    test {MSETNX with the same new key twice sets the last value} {
        r del nx6
        assert_equal [r msetnx nx6 first nx6 second] 1
        r get nx6
    } {second}

    test {MSETNX does not touch the TTL of existing keys} {
        r set nx7 v ex 100
        assert_equal [r msetnx nx7 w] 0
        assert_range [r ttl nx7] 1 100
        r get nx7
    } {v}

    test {MSET, MSETNX and MGET arity errors} {
        assert_error "ERR wrong number of arguments for 'mset' command" {r mset}
        assert_error "ERR wrong number of arguments for 'mset' command" {r mset a}
        assert_error "ERR wrong number of arguments for 'mset' command" {r mset a 1 b}
        assert_error "ERR wrong number of arguments for 'msetnx' command" {r msetnx}
        assert_error "ERR wrong number of arguments for 'msetnx' command" {r msetnx a}
        assert_error "ERR wrong number of arguments for 'msetnx' command" {r msetnx a 1 b}
        assert_error "ERR wrong number of arguments for 'mget' command" {r mget}
        # Nothing was set by the failed calls.
        r exists a b
    } {0}

    # ------------------------------------------------------ APPEND, STRLEN

    test {APPEND to a missing key creates it} {
        r del ap
        assert_equal [r append ap hello] 5
        r get ap
    } {hello}

    test {APPEND to an existing key} {
        r set ap hello
        assert_equal [r append ap " world"] 11
        assert_equal [r append ap ""] 11
        r get ap
    } {hello world}

    test {APPEND of an empty string to a missing key creates an empty key} {
        r del apempty
        assert_equal [r append apempty ""] 0
        assert_equal [r exists apempty] 1
        r get apempty
    } {}

    test {APPEND to an integer encoded value} {
        r set apint 10
        assert_encoding int apint
        assert_equal [r append apint 0] 3
        assert_encoding raw apint
        assert_equal [r get apint] 100
        # The result is still a number INCR accepts.
        r incr apint
    } {101}

    test {APPEND is binary safe} {
        r del apbin
        r append apbin "\x00\x01"
        r append apbin "\r\n\xff"
        r get apbin
    } "\x00\x01\r\n\xff"

    test {APPEND keeps the TTL} {
        r set apttl v ex 100
        r append apttl w
        assert_range [r ttl apttl] 1 100
        r get apttl
    } {vw}

    test {APPEND many times builds the whole string} {
        r del apmany
        set expected ""
        for {set i 0} {$i < 200} {incr i} {
            set piece [randstring 0 10 alpha]
            append expected $piece
            assert_equal [r append apmany $piece] [string length $expected]
        }
        assert_equal [r get apmany] $expected
        assert_equal [r strlen apmany] [string length $expected]
    }

    test {STRLEN of missing, empty and regular values} {
        r del sl
        assert_equal [r strlen sl] 0
        r set sl ""
        assert_equal [r strlen sl] 0
        r set sl hello
        assert_equal [r strlen sl] 5
        r set sl [string repeat x 1000]
        r strlen sl
    } {1000}

    test {STRLEN of integer encoded values} {
        foreach {val len} {0 1 7 1 -1 2 12345 5 -12345 6
                           9223372036854775807 19 -9223372036854775808 20} {
            r set slint $val
            assert_encoding int slint
            assert_equal [r strlen slint] $len "strlen of $val"
        }
    }

    test {String commands against a non-string key are WRONGTYPE} {
        r del wt
        r rpush wt a
        set err "WRONGTYPE Operation against a key holding the wrong kind of value"
        foreach cmd {
            {get wt} {getex wt} {getex wt ex 10} {getdel wt} {getset wt v}
            {append wt v} {strlen wt} {getrange wt 0 1} {substr wt 0 1}
            {setrange wt 0 v} {incr wt} {decr wt} {incrby wt 1}
            {decrby wt 1} {incrbyfloat wt 1}
        } {
            assert_error $err {r {*}$cmd}
        }
        # Nothing happened to the list.
        assert_equal [r type wt] list
        # The type is checked even when there is nothing to write.
        assert_error $err {r setrange wt 0 ""}
        assert_error $err {r append wt ""}
        assert_error "ERR The specified keys must contain string values" {r lcs wt wt}
        r llen wt
    } {1}

    # ----------------------------------------------------- GETRANGE / SUBSTR

    test {GETRANGE with positive and negative indexes} {
        r set gr "Hello World"
        assert_equal [r getrange gr 0 4] Hello
        assert_equal [r getrange gr 0 -1] "Hello World"
        assert_equal [r getrange gr -5 -1] World
        assert_equal [r getrange gr 6 -1] World
        assert_equal [r getrange gr -1 -1] d
        assert_equal [r getrange gr 0 0] H
        r getrange gr 3 -3
    } {lo Wor}

    test {GETRANGE out of range and empty ranges} {
        r set gr hello
        assert_equal [r getrange gr 0 100] hello
        assert_equal [r getrange gr 10 20] {}
        assert_equal [r getrange gr 3 1] {}
        assert_equal [r getrange gr -1 -3] {}
        assert_equal [r getrange gr 4 -2] {}
        assert_equal [r getrange gr -100 1] he
        # A start before the string is clamped to 0, and so is an end
        # before it: the first byte is returned.
        assert_equal [r getrange gr -100 -50] h
        assert_equal [r getrange gr 0 -100] h
        assert_equal [r getrange gr 9223372036854775807 9223372036854775807] {}
        r getrange gr -9223372036854775808 9223372036854775807
    } {hello}

    test {GETRANGE of a missing key or an empty string} {
        r del grnone
        assert_equal [r getrange grnone 0 -1] {}
        assert_equal [r getrange grnone 5 10] {}
        r set grempty ""
        assert_equal [r getrange grempty 0 -1] {}
        assert_equal [r getrange grempty -1 0] {}
        r getrange grempty 0 0
    } {}

    test {GETRANGE of an integer encoded value} {
        r set grint 1234567
        assert_encoding int grint
        assert_equal [r getrange grint 0 2] 123
        assert_equal [r getrange grint -3 -1] 567
        r set grint -42
        r getrange grint 0 0
    } {-}

    test {SUBSTR is GETRANGE} {
        r set sub "Hello World"
        assert_equal [r substr sub 0 4] Hello
        assert_equal [r substr sub -5 -1] World
        r substr sub 20 30
    } {}

    test {GETRANGE against random strings agrees with string range} {
        set bad 0
        for {set i 0} {$i < 100} {incr i} {
            set s [randstring 0 30 alpha]
            r set grrand $s
            set len [string length $s]
            set start [randomRange -40 40]
            set end [randomRange -40 40]
            # Work out the expected reply the way the command defines it.
            set a [expr {$start < 0 ? $len + $start : $start}]
            set b [expr {$end < 0 ? $len + $end : $end}]
            if {$a < 0} { set a 0 }
            if {$b < 0} { set b 0 }
            if {$b >= $len} { set b [expr {$len - 1}] }
            if {$start < 0 && $end < 0 && $start > $end} {
                set expected ""
            } elseif {$a > $b || $len == 0} {
                set expected ""
            } else {
                set expected [string range $s $a $b]
            }
            set got [r getrange grrand $start $end]
            if {$got ne $expected} {
                incr bad
                puts "getrange '$s' $start $end: got '$got' expected '$expected'"
            }
        }
        set bad
    } {0}

    test {GETRANGE errors} {
        r set gr hello
        assert_error "ERR value is not an integer or out of range" {r getrange gr a 1}
        assert_error "ERR value is not an integer or out of range" {r getrange gr 0 1.5}
        assert_error "ERR value is not an integer or out of range" {
            r getrange gr 0 9223372036854775808
        }
        assert_error "ERR wrong number of arguments for 'getrange' command" {r getrange gr 0}
        assert_error "ERR wrong number of arguments for 'getrange' command" {r getrange gr 0 1 2}
        assert_error "ERR wrong number of arguments for 'substr' command" {r substr gr 0}
    }

    # ------------------------------------------------------------ SETRANGE

    test {SETRANGE on a missing key} {
        r del sr
        assert_equal [r setrange sr 0 hello] 5
        r get sr
    } {hello}

    test {SETRANGE with a gap pads with zero bytes} {
        r del sr
        assert_equal [r setrange sr 3 abc] 6
        assert_equal [r get sr] "\x00\x00\x00abc"
        assert_equal [r setrange sr 8 z] 9
        r get sr
    } "\x00\x00\x00abc\x00\x00z"

    test {SETRANGE overwrites in the middle and extends at the end} {
        r set sr "Hello World"
        assert_equal [r setrange sr 6 Redis] 11
        assert_equal [r get sr] "Hello Redis"
        assert_equal [r setrange sr 6 "Tcl and more"] 18
        assert_equal [r get sr] "Hello Tcl and more"
        assert_equal [r setrange sr 0 J] 18
        r get sr
    } {Jello Tcl and more}

    test {SETRANGE with an empty value does not create a missing key} {
        r del sr
        assert_equal [r setrange sr 0 ""] 0
        assert_equal [r setrange sr 100 ""] 0
        # Even an offset beyond the size limit is fine: nothing is written.
        assert_equal [r setrange sr 9223372036854775807 ""] 0
        r exists sr
    } {0}

    test {SETRANGE with an empty value returns the length of an existing key} {
        r set sr hello
        assert_equal [r setrange sr 0 ""] 5
        assert_equal [r setrange sr 100 ""] 5
        r get sr
    } {hello}

    test {SETRANGE on an integer encoded value} {
        r set srint 1234
        assert_encoding int srint
        assert_equal [r setrange srint 1 9] 4
        assert_equal [r get srint] 1934
        assert_encoding raw srint
        r set srint 1234
        assert_equal [r setrange srint 4 5] 5
        assert_equal [r get srint] 12345
        # An empty SETRANGE changes nothing, not even the encoding.
        r set srint 1234
        assert_equal [r setrange srint 2 ""] 4
        assert_encoding int srint
    }

    test {SETRANGE keeps the TTL} {
        r set srttl hello ex 100
        r setrange srttl 0 J
        assert_range [r ttl srttl] 1 100
        r get srttl
    } {Jello}

    test {SETRANGE errors} {
        r set sr hello
        assert_error "ERR offset is out of range" {r setrange sr -1 x}
        assert_error "ERR offset is out of range" {r setrange sr -1 ""}
        assert_error "ERR offset is out of range" {r setrange srmissing -1 x}
        assert_error "ERR value is not an integer or out of range" {r setrange sr abc x}
        assert_error "ERR value is not an integer or out of range" {r setrange sr 1.5 x}
        assert_error "ERR wrong number of arguments for 'setrange' command" {r setrange sr 0}
        r get sr
    } {hello}

    test {SETRANGE beyond the maximum string size} {
        r del srbig
        set err "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
        assert_error $err {r setrange srbig 536870912 x}
        assert_error $err {r setrange srbig 536870911 xy}
        # Offsets so large that offset + length would overflow.
        assert_error $err {r setrange srbig 9223372036854775807 x}
        assert_error $err {r setrange srbig 9223372036854775806 xyz}
        assert_error $err {r setrange srbig 4611686018427387904 x}
        r set srbig hello
        assert_error $err {r setrange srbig 9223372036854775807 x}
        assert_equal [r get srbig] hello
        r exists srmissing
    } {0}

    test {SETRANGE up to exactly 512 MB works} {
        r del srmax
        assert_equal [r setrange srmax 536870911 x] 536870912
        assert_equal [r strlen srmax] 536870912
        assert_equal [r getrange srmax 536870910 -1] "\x00x"
        assert_equal [r getrange srmax 0 3] "\x00\x00\x00\x00"
        # Now nothing more fits.
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r append srmax y
        }
        r del srmax
    } {1} {large-memory}

    test {SETRANGE and APPEND obey a lowered proto-max-bulk-len} {
        r config set proto-max-bulk-len 1048576
        try {
            set err "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
            r del lim
            assert_error $err {r setrange lim 1048576 x}
            assert_equal [r setrange lim 1048575 x] 1048576
            assert_error $err {r append lim y}
            assert_equal [r strlen lim] 1048576
        } finally {
            r config set proto-max-bulk-len 536870912
        }
        r del lim
    } {1}

    # --------------------------------------------------------- INCR / DECR

    test {INCR of a missing key starts from 0} {
        r del cnt
        assert_equal [r incr cnt] 1
        assert_equal [r incr cnt] 2
        r get cnt
    } {2}

    test {DECR, INCRBY and DECRBY} {
        r set cnt 10
        assert_equal [r decr cnt] 9
        assert_equal [r incrby cnt 100] 109
        assert_equal [r decrby cnt 10] 99
        assert_equal [r incrby cnt -200] -101
        assert_equal [r decrby cnt -1] -100
        r del cnt
        assert_equal [r decr cnt] -1
        r del cnt
        assert_equal [r decrby cnt 5] -5
        r del cnt
        r incrby cnt 7
    } {7}

    test {INCR result is integer encoded} {
        r set cnt 100
        r incr cnt
        assert_encoding int cnt
        r set cnt 5000000000
        r incr cnt
        assert_encoding int cnt
        r get cnt
    } {5000000001}

    test {INCR of a raw encoded number} {
        # A number stored as a raw string (after APPEND) still counts.
        r set cnt 1
        r append cnt 7
        assert_encoding raw cnt
        assert_equal [r incr cnt] 18
        assert_encoding int cnt
        r get cnt
    } {18}

    test {INCR of numbers near the 64-bit limits} {
        r set cnt 9223372036854775806
        assert_equal [r incr cnt] 9223372036854775807
        r set cnt -9223372036854775807
        assert_equal [r decr cnt] -9223372036854775808
        r set cnt 17179869184
        assert_equal [r incrby cnt 17179869184] 34359738368
        r set cnt -1
        r incrby cnt 9223372036854775807
    } {9223372036854775806}

    test {INCR, DECR, INCRBY and DECRBY overflow errors} {
        set err "ERR increment or decrement would overflow"
        r set cnt 9223372036854775807
        assert_error $err {r incr cnt}
        assert_error $err {r incrby cnt 1}
        assert_error $err {r decrby cnt -1}
        assert_equal [r get cnt] 9223372036854775807
        r set cnt -9223372036854775808
        assert_error $err {r decr cnt}
        assert_error $err {r incrby cnt -1}
        assert_error $err {r decrby cnt 1}
        assert_equal [r get cnt] -9223372036854775808
        r set cnt 1
        assert_error $err {r incrby cnt 9223372036854775807}
        r set cnt -2
        assert_error $err {r incrby cnt -9223372036854775807}
        # DECRBY cannot negate the smallest 64-bit number.
        r set cnt 0
        assert_error "ERR decrement would overflow" {r decrby cnt -9223372036854775808}
        r get cnt
    } {0}

    test {INCR against values that are not integers} {
        set err "ERR value is not an integer or out of range"
        foreach val {abc 1.5 "" " 1" "1 " "+1" "1a" 0x10 "1e3"
                     9223372036854775808 -9223372036854775809
                     99999999999999999999 "1\x00"} {
            r set notint $val
            assert_error $err {r incr notint}
            assert_error $err {r decrby notint 1}
            assert_equal [r get notint] $val
        }
    }

    test {Leading zeros and negative zero are not integers} {
        r set lz 007
        assert_error "ERR value is not an integer or out of range" {r incr lz}
        r set lz -0
        assert_error "ERR value is not an integer or out of range" {r incr lz}
        r set lz 0
        r incr lz
    } {1}

    test {INCRBY and DECRBY with an invalid increment} {
        set err "ERR value is not an integer or out of range"
        r set cnt 1
        foreach inc {abc 1.0 "" " 1" +1 9223372036854775808 01} {
            assert_error $err {r incrby cnt $inc}
            assert_error $err {r decrby cnt $inc}
        }
        assert_equal [r incrby cnt -9223372036854775808] -9223372036854775807
        r get cnt
    } {-9223372036854775807}

    test {INCR keeps the TTL} {
        r set cnt 1 ex 100
        r incr cnt
        r incrby cnt 10
        assert_range [r ttl cnt] 1 100
        r get cnt
    } {12}

    test {INCR and DECR arity errors} {
        assert_error "ERR wrong number of arguments for 'incr' command" {r incr}
        assert_error "ERR wrong number of arguments for 'incr' command" {r incr a b}
        assert_error "ERR wrong number of arguments for 'decr' command" {r decr}
        assert_error "ERR wrong number of arguments for 'incrby' command" {r incrby a}
        assert_error "ERR wrong number of arguments for 'decrby' command" {r decrby a 1 2}
    }

    # -------------------------------------------------------- INCRBYFLOAT

    test {INCRBYFLOAT of a missing key} {
        r del fl
        assert_equal [r incrbyfloat fl 1] 1
        r del fl
        r incrbyfloat fl 10.5
    } {10.5}

    test {INCRBYFLOAT output is shortest and without trailing zeros} {
        r set fl 10
        assert_equal [r incrbyfloat fl 0.1] 10.1
        assert_equal [r incrbyfloat fl 1.1e-3] 10.1011
        r set fl 5
        assert_equal [r incrbyfloat fl -5] 0
        r set fl 3.0
        assert_equal [r incrbyfloat fl 0] 3
        r set fl 1.10
        assert_equal [r incrbyfloat fl 0] 1.1
        r set fl 0.1
        assert_equal [r incrbyfloat fl 0.2] 0.3
        r set fl -0.0
        r incrbyfloat fl 0
    } {0}

    test {INCRBYFLOAT with exponent formats} {
        foreach {start inc expected} {
            5 3.0e3 3005
            1 5.0E3 5001
            1 1e+3 1001
            1 2e-3 1.002
            1 0.1e2 11
            0 5.0e3 5000
            0 1e-5 0.00001
            0 1e-17 0.00000000000000001
            1 1e17 100000000000000001
            10000000000 1.5 10000000001.5
        } {
            r set fl $start
            assert_equal [r incrbyfloat fl $inc] $expected "$start + $inc"
        }
        # Stored values in exponent form are accepted too.
        r set fl 5.0e3
        assert_equal [r incrbyfloat fl 0] 5000
        r set fl 1.5e1
        r incrbyfloat fl 0.5
    } {15.5}

    test {INCRBYFLOAT on integer encoded and raw values} {
        r set fl 100
        assert_encoding int fl
        assert_equal [r incrbyfloat fl 0.5] 100.5
        r set fl 1
        r append fl 0
        assert_equal [r incrbyfloat fl 1.25] 11.25
        # The result is stored as a string, even when it is integral.
        r set fl 2
        r incrbyfloat fl 1
        assert_equal [r get fl] 3
        assert_encoding embstr fl
    }

    test {INCRBYFLOAT with numbers longer than 17 digits} {
        r del fl
        assert_equal [r incrbyfloat fl 12345678901234567890] 12345678901234567890
        r del fl
        assert_equal [r incrbyfloat fl 1.23456789012345678901234] 1.23456789012345679
        r set fl 0x10
        r incrbyfloat fl 1
    } {17}

    test {INCRBYFLOAT of a non-number value} {
        set err "ERR value is not a valid float"
        foreach val {abc "" " 1" "1 " "1.5 " "1,5" nan 1e 0x} {
            r set fl $val
            assert_error $err {r incrbyfloat fl 1}
            assert_equal [r get fl] $val
        }
        # "inf" itself reads as a number, but any sum with it is refused.
        r set fl inf
        assert_error "ERR increment would produce NaN or Infinity" {r incrbyfloat fl 1}
        r get fl
    } {inf}

    test {INCRBYFLOAT with an invalid increment} {
        set err "ERR value is not a valid float"
        r set fl 1
        foreach inc {abc "" " 1" "1 " nan NaN 1..2 1e} {
            assert_error $err {r incrbyfloat fl $inc}
        }
        r get fl
    } {1}

    test {INCRBYFLOAT refuses to produce infinity} {
        set err "ERR increment would produce NaN or Infinity"
        r set fl 1
        assert_error $err {r incrbyfloat fl inf}
        assert_error $err {r incrbyfloat fl -inf}
        assert_error $err {r incrbyfloat fl +inf}
        r del flmissing
        assert_error $err {r incrbyfloat flmissing inf}
        assert_equal [r exists flmissing] 0
        r get fl
    } {1}

    test {INCRBYFLOAT with very large magnitudes} {
        # Beyond double precision but within long double range.
        r set fl 1e308
        set v [r incrbyfloat fl 1e308]
        assert_match {19999999999999999999*} $v
        assert_equal [string length $v] 309
        r set fl 0
        set v [r incrbyfloat fl 1e400]
        assert_equal [string length $v] 401
        assert_match {1000000000*} $v
    }

    test {INCRBYFLOAT up to the long double limit} {
        r set fl 0
        set v [r incrbyfloat fl 1e4932]
        assert_equal [string length $v] 4933
        assert_equal [r strlen fl] 4933
        assert_error "ERR increment would produce NaN or Infinity" {r incrbyfloat fl 1e4932}
        assert_equal [r get fl] $v
        # Subnormal increments are too small to change it.
        assert_equal [r incrbyfloat fl -1e-4950] $v
    }

    test {INCRBYFLOAT keeps the TTL} {
        r set fl 1 ex 100
        r incrbyfloat fl 0.5
        assert_range [r ttl fl] 1 100
        r get fl
    } {1.5}

    test {INCRBYFLOAT arity errors} {
        assert_error "ERR wrong number of arguments for 'incrbyfloat' command" {r incrbyfloat fl}
        assert_error "ERR wrong number of arguments for 'incrbyfloat' command" {r incrbyfloat fl 1 2}
    }

    # ----------------------------------------------------------- encodings

    test {Small integers and negative numbers are int encoded} {
        foreach val {0 1 -1 100 9999 10000 -10000 123456789
                     9223372036854775807 -9223372036854775808} {
            r set enc $val
            assert_encoding int enc
            assert_equal [r get enc] $val
        }
    }

    test {Strings that only look like integers are not int encoded} {
        foreach val {0123 " 1" "1 " +1 -0 1.0 1e3 0x10
                     9223372036854775808 -9223372036854775809
                     12345678901234567890} {
            r set enc $val
            assert_encoding embstr enc
            assert_equal [r get enc] $val
        }
    }

    test {Strings up to 44 bytes are embstr, longer ones raw} {
        r set enc [string repeat a 1]
        assert_encoding embstr enc
        r set enc [string repeat a 44]
        assert_encoding embstr enc
        r set enc [string repeat a 45]
        assert_encoding raw enc
        r set enc [string repeat a 1000]
        assert_encoding raw enc
        r set enc ""
        assert_encoding embstr enc
    }

    test {APPEND and SETRANGE turn a value raw} {
        r set enc abc
        r append enc d
        assert_encoding raw enc
        r set enc abc
        r setrange enc 0 x
        assert_encoding raw enc
        # APPEND to a missing key stores the argument like SET would; the
        # second APPEND makes it raw.
        r del enc
        r append enc hello
        assert_encoding embstr enc
        r append enc ""
        assert_encoding raw enc
        r del enc
        r setrange enc 0 hello
        assert_encoding raw enc
        r get enc
    } {hello}

    test {APPEND of an integer to a missing key is int encoded} {
        r del enc
        r append enc 12
        assert_encoding int enc
        r del enc
        r append enc ""
        assert_encoding embstr enc
    }

    test {Integer values stay integers across SET, GETEX and INCR} {
        r set enc 41
        r incr enc
        assert_encoding int enc
        r getex enc ex 100
        assert_encoding int enc
        r set enc 1 keepttl
        assert_encoding int enc
        r get enc
    } {1}

    test {OBJECT REFCOUNT of a string value is at least 1} {
        r set rc [string repeat x 100]
        assert_equal [r object refcount rc] 1
        r set rc short
        assert_equal [r object refcount rc] 1
        r set rc 42
        assert {[r object refcount rc] >= 1}
    }

    test {OBJECT REFCOUNT of a small integer is 1 here (no shared objects)} {
        r set rc 42
        r object refcount rc
    } {1} {needs:our-server}

    # ---------------------------------------------------------------- LCS

    test {LCS of two strings} {
        r mset lcs1 ohmytext lcs2 mynewtext
        assert_equal [r lcs lcs1 lcs2] mytext
        assert_equal [r lcs lcs2 lcs1] mytext
        assert_equal [r lcs lcs1 lcs2 len] 6
        r lcs lcs1 lcs1
    } {ohmytext}

    test {LCS with missing keys is empty} {
        r del lcsnone lcsnone2
        assert_equal [r lcs lcs1 lcsnone] {}
        assert_equal [r lcs lcsnone lcsnone2] {}
        assert_equal [r lcs lcsnone lcsnone2 len] 0
        r lcs lcsnone lcsnone2 idx
    } {matches {} len 0}

    test {LCS IDX lists the matching ranges, last first} {
        r mset lcs1 ohmytext lcs2 mynewtext
        r lcs lcs1 lcs2 idx
    } {matches {{{4 7} {5 8}} {{2 3} {0 1}}} len 6}

    test {LCS IDX WITHMATCHLEN and MINMATCHLEN} {
        r mset lcs1 ohmytext lcs2 mynewtext
        assert_equal [r lcs lcs1 lcs2 idx withmatchlen] \
            {matches {{{4 7} {5 8} 4} {{2 3} {0 1} 2}} len 6}
        assert_equal [r lcs lcs1 lcs2 idx minmatchlen 4] \
            {matches {{{4 7} {5 8}}} len 6}
        assert_equal [r lcs lcs1 lcs2 IDX MINMATCHLEN 4 WITHMATCHLEN] \
            {matches {{{4 7} {5 8} 4}} len 6}
        # A negative MINMATCHLEN counts as 0: every range.
        assert_equal [r lcs lcs1 lcs2 minmatchlen -5 idx] \
            {matches {{{4 7} {5 8}} {{2 3} {0 1}}} len 6}
        # Without IDX, these options change nothing.
        assert_equal [r lcs lcs1 lcs2 withmatchlen] mytext
        assert_equal [r lcs lcs1 lcs2 minmatchlen 2] mytext
        r lcs lcs1 lcs2 len withmatchlen
    } {6}

    test {LCS of integer encoded values} {
        r set lcsi1 12345
        r set lcsi2 2345
        assert_equal [r lcs lcsi1 lcsi2] 2345
        r lcs lcsi1 lcsi2 idx withmatchlen
    } {matches {{{1 4} {0 3} 4}} len 4}

    test {LCS of strings with nothing in common} {
        r mset lcs3 abc lcs4 xyz
        assert_equal [r lcs lcs3 lcs4] {}
        assert_equal [r lcs lcs3 lcs4 len] 0
        r lcs lcs3 lcs4 idx
    } {matches {} len 0}

    test {LCS against a longer random pair agrees with its LEN} {
        set a [randstring 50 100 compr]
        set b [randstring 50 100 compr]
        r mset lcs5 $a lcs6 $b
        set s [r lcs lcs5 lcs6]
        assert_equal [string length $s] [r lcs lcs5 lcs6 len]
        assert_equal [dict get [r lcs lcs5 lcs6 idx] len] [string length $s]
        # The result is a subsequence of both strings.
        foreach str [list $a $b] {
            set pos 0
            foreach ch [split $s ""] {
                set pos [string first $ch $str $pos]
                assert {$pos >= 0}
                incr pos
            }
        }
    }

    test {LCS errors} {
        r mset lcs1 ohmytext lcs2 mynewtext
        set both "ERR If you want both the length and indexes, please just use IDX."
        assert_error $both {r lcs lcs1 lcs2 idx len}
        assert_error $both {r lcs lcs1 lcs2 len idx}
        assert_error "ERR syntax error" {r lcs lcs1 lcs2 foo}
        assert_error "ERR syntax error" {r lcs lcs1 lcs2 minmatchlen}
        assert_error "ERR value is not an integer or out of range" {
            r lcs lcs1 lcs2 minmatchlen abc
        }
        assert_error "ERR wrong number of arguments for 'lcs' command" {r lcs lcs1}
        assert_error "ERR wrong number of arguments for 'lcs' command" {r lcs}
    }

    test {LCS refuses a table larger than proto-max-bulk-len} {
        r set lcsbig [string repeat a 600]
        r config set proto-max-bulk-len 1048576
        # (600+1) * (600+1) cells of 4 bytes is more than 1 MB.
        catch {r lcs lcsbig lcsbig len} err
        r config set proto-max-bulk-len 536870912
        assert_equal $err "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
        r lcs lcsbig lcsbig len
    } {600}

    test {LCS against a non-string key} {
        r del lcsl
        r rpush lcsl a
        r set lcss a
        set err "ERR The specified keys must contain string values"
        assert_error $err {r lcs lcss lcsl}
        assert_error $err {r lcs lcsl lcss}
        assert_error $err {r lcs lcsl lcsnone len}
    }

    # -------------------------------------------------------------- misc

    test {GET of a missing key is a RESP3 null} {
        set c [redis_client]
        $c hello 3
        $c readraw 1
        assert_equal [$c get nokey-resp3] "_"
        assert_equal [$c set k3 v nx get] "_"
        $c readraw 0
        $c close
    }

    test {MGET of missing keys in RESP3} {
        set c [redis_client]
        $c hello 3
        r del r3a r3b
        r set r3a x
        $c readraw 1
        set reply [list [$c mget r3a r3b]]
        lappend reply [$c read] [$c read] [$c read]
        $c close
        set reply
    } {*2 {$1} x _}

    test {Overwriting a key cycles through every encoding and keeps the TTL rules} {
        r del ow
        # Same-size values, growing, shrinking, numbers, long strings.
        foreach v {abc xyz 123 -7 abcdefghijklmnopqrstuvwxyz
                   aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa q 9223372036854775807 {} z} {
            r set ow $v
            assert_equal $v [r get ow]
            assert_equal [string length $v] [r strlen ow]
            assert_equal -1 [r ttl ow]
        }
        r set ow short EX 100
        r set ow other KEEPTTL
        assert_range [r ttl ow] 90 100
        assert_equal other [r get ow]
        r set ow 42 KEEPTTL
        assert_range [r ttl ow] 90 100
        assert_encoding int ow
        r set ow again
        assert_equal -1 [r ttl ow]
        assert_equal again [r get ow]
        r set ow v1 PX 100000
        r set ow v2 EX 200
        assert_range [r ttl ow] 190 200
        r incr counter
        r set counter 10
        r incr counter
        assert_equal 11 [r get counter]
        assert_equal 0 [r exists nothing-else]
    }
}
