# DUMP and RESTORE: the payload format (Redis 7.0.15's, byte for byte), every
# type and encoding, every option and error, and corrupt payloads (which must
# be refused without harming the server, with sanitize-dump-payload yes).

# Every type in every encoding.
proc dump_fill_all_types {} {
    r flushall
    r set s:emb "hello"
    r set s:int 12345
    r set s:neg -42
    r set s:raw [string repeat x 100]
    r set s:bin "a\x00b\r\nc"
    r rpush l:small a b 1 2
    for {set i 0} {$i < 300} {incr i} { r rpush l:big "element-$i" }
    r sadd set:int 1 2 3
    r sadd set:str a b c
    for {set i 0} {$i < 600} {incr i} { r sadd set:bigint $i }
    r zadd z:lp 1 a 2 b -1.5 c
    for {set i 0} {$i < 200} {incr i} { r zadd z:sl $i m$i }
    r hset h:lp f1 v1 f2 2
    for {set i 0} {$i < 600} {incr i} { r hset h:ht f$i v$i }
    dump_fill_stream st
}

# A stream with deleted entries, a group with two consumers and pending
# entries, and a group with no consumer.
proc dump_fill_stream {key} {
    for {set i 1} {$i <= 10} {incr i} { r xadd $key 1-$i f $i }
    r xadd $key 2-0 other field
    r xdel $key 1-3 1-4
    r xgroup create $key g1 0
    r xgroup create $key g2 $
    r xreadgroup group g1 alice count 2 streams $key >
    r xreadgroup group g1 bob count 1 streams $key >
}

# The value of a key read back completely, whatever its type.
proc dump_read_value {key} {
    switch [r type $key] {
        string { return [r get $key] }
        list { return [r lrange $key 0 -1] }
        set { return [lsort [r smembers $key]] }
        zset { return [r zrange $key 0 -1 withscores] }
        hash { return [lsort [r hgetall $key]] }
        stream { return [r xinfo stream $key full] }
        none { return {} }
    }
}

# A payload with its footer: RDB version 10 and a zero checksum (for use
# with DEBUG SET-SKIP-CHECKSUM-VALIDATION 1).
proc dump_payload {body} {
    return "$body\x0a\x00[string repeat \x00 8]"
}

start_server {tags {"dump"}} {
    test {DUMP of a string is Redis 7.0.15's payload, byte for byte} {
        r set foo bar
        r dump foo
    } "\x00\x03bar\x0a\x00\xe6\xbeI`\xeef\xfd\x17"

    test {DUMP of a missing key is a null} {
        r del nokey
        r dump nokey
    } {}

    test {DUMP of a missing key is a RESP3 null} {
        r hello 3
        r readraw 1
        set reply [r dump nokey]
        r readraw 0
        r hello 2
        set reply
    } {_}

    test {DUMP / RESTORE round trip of every type and encoding} {
        dump_fill_all_types
        foreach key [lsort [r keys *]] {
            set value [dump_read_value $key]
            set enc [r object encoding $key]
            set payload [r dump $key]
            r del $key
            assert_equal [r restore $key 0 $payload] OK
            assert_equal [dump_read_value $key] $value "value of $key"
            assert_equal [r object encoding $key] $enc "encoding of $key"
            assert_equal [r ttl $key] -1
        }
    }

    test {DUMP / RESTORE of compressed list nodes} {
        r config set list-compress-depth 1
        r del l
        for {set i 0} {$i < 1000} {incr i} { r rpush l "element-number-$i" }
        set payload [r dump l]
        r del l
        r restore l 0 $payload
        r config set list-compress-depth 0
        list [r llen l] [r lindex l 500] [r lindex l -1]
    } {1000 element-number-500 element-number-999}

    test {DUMP of a stream is Redis 7.0.15's payload, byte for byte} {
        r del s
        r xadd s 1-1 a 1
        r xadd s 1-2 a 2 b x
        set full [r dump s]
        r xdel s 1-1 1-2
        list $full [r dump s]
    } [list "\x13\x01\x10\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\xc3+1\x101\x00\x00\x00\x13\x00\x02\x01\x00\x01\x01\x01\x81a\x02\x00\x01@\x0a@\x0c\x00\x04\x20\x05@\x07\x00\x02@\x16\x20\x04\x07b\x02\x81x\x02\x08\x01\xff\x02\x01\x02\x01\x01\x00\x00\x02\x00\x0a\x00\xba\xe2\xf3f\xf9s\x5d9" \
            "\x13\x00\x00\x01\x02\x00\x00\x01\x02\x02\x00\x0a\x00b\xed\xbej\xeb\x9c\x0aV"]

    test {DUMP / RESTORE of a stream keeps entries, groups, consumers and pending entries} {
        r del st st2
        dump_fill_stream st
        r xclaim st g1 alice 0 1-5 TIME 1700000000000 RETRYCOUNT 9
        set info [r xinfo stream st full]
        set payload [r dump st]
        r restore st2 0 $payload
        assert_equal [r xinfo stream st2 full] $info
        assert_equal [r xpending st2 g1] [r xpending st g1]
        assert_equal [r object encoding st2] stream
        # The restored value dumps to the same bytes.
        assert_equal [r dump st2] $payload
        # Groups keep working: alice acknowledges, bob reads on.
        assert_equal [r xack st2 g1 1-1 1-2] 2
        assert_equal [r xreadgroup group g1 bob count 1 streams st2 >] {{st2 {{1-6 {f 6}}}}}
        lindex [r xpending st2 g1 - + 10 alice] 0
    } {1-5 alice * 9}

    test {DUMP / RESTORE of many-node streams, XSETID and emptied streams} {
        r config set stream-node-max-entries 3
        r del m e t x
        for {set i 1} {$i <= 20} {incr i} { r xadd m 1-$i f $i }
        r xdel m 1-4 1-5 1-6 1-20
        r xadd e 1-1 a 1
        r xdel e 1-1
        for {set i 1} {$i <= 5} {incr i} { r xadd t 2-$i f $i }
        r xgroup create t g 0
        r xreadgroup group g c count 2 streams t >
        r xtrim t maxlen 0
        r xadd x 3-1 a b
        r xsetid x 99-7 entriesadded 40 maxdeletedid 50-0
        r config set stream-node-max-entries 100
        foreach key {m e t x} {
            set info [r xinfo stream $key full]
            set payload [r dump $key]
            r del $key
            r restore $key 0 $payload
            assert_equal [r xinfo stream $key full] $info "stream $key"
            assert_equal [r dump $key] $payload "payload of $key"
        }
        list [r xlen m] [dict get [r xinfo stream m] radix-tree-keys] [r xlen e] [r exists e] \
            [dict get [r xinfo stream t full] length] [r xpending t g] \
            [dict get [r xinfo stream x] last-generated-id] [dict get [r xinfo stream x] entries-added]
    } {16 6 0 1 0 {2 2-1 2-2 {{c 2}}} 99-7 40}

    test {RESTORE of a stream of Redis 5 to 6.2 (STREAM_LISTPACKS): the 7.0 fields are derived} {
        # One node (master 100-1, fields a b): 100-1 with the master fields,
        # 100-2 deleted, 101-0 with its own field (a negative seq delta);
        # group g1 at 100-1 where consumer c1 owns 100-1 (delivered 3 times),
        # group g2 at 101-0 with no consumer.
        set body "\x0f\x01\x10\x00\x00\x00\x00\x00\x00\x00d\x00\x00\x00\x00\x00\x00\x00\x01@DD\x00\x00\x00\x19\x00\x02\x01\x01\x01\x02\x01\x81a\x02\x81b\x02\x00\x01\x02\x01\x00\x01\x00\x01\x81x\x02\x81y\x02\x05\x01\x03\x01\x00\x01\x01\x01\x82x2\x03\x82y2\x03\x05\x01\x00\x01\x01\x01\xdf\xff\x02\x01\x01\x81c\x02\x81z\x02\x06\x01\xff\x02@e\x00\x02\x02g1@d\x01\x01\x00\x00\x00\x00\x00\x00\x00d\x00\x00\x00\x00\x00\x00\x00\x01\x00h\xe5\xcf\x8b\x01\x00\x00\x03\x01\x02c1\x01h\xe5\xcf\x8b\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00d\x00\x00\x00\x00\x00\x00\x00\x01\x02g2@e\x00\x00\x00"
        r debug set-skip-checksum-validation 1
        r del old
        r restore old 0 [dump_payload $body]
        r debug set-skip-checksum-validation 0
        set info [r xinfo stream old]
        set groups [r xinfo groups old]
        list [r xrange old - +] [dict get $info entries-added] [dict get $info max-deleted-entry-id] \
            [dict get $info recorded-first-entry-id] \
            [dict get [lindex $groups 0] entries-read] [dict get [lindex $groups 0] lag] \
            [dict get [lindex $groups 1] entries-read] [dict get [lindex $groups 1] lag] \
            [lindex [r xpending old g1 - + 10] 0]
    } {{{100-1 {a x b y}} {101-0 {c z}}} 2 0-0 100-1 1 1 2 0 {100-1 c1 * 3}}

    test {RESTORE refuses streams that cannot be right, whatever sanitize-dump-payload says} {
        r debug set-skip-checksum-validation 1
        set node "\x10\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x1c\x1c\x00\x00\x00\x0a\x00\x01\x01\x00\x01\x01\x01\x81a\x02\x00\x01\x02\x01\x00\x01\x00\x01\x01\x01\x04\x01\xff"
        set tail "\x01\x01\x01\x01\x01\x00\x00\x01\x00"
        set bad {}
        # Two nodes with the same master ID.
        lappend bad "\x13\x02$node$node$tail"
        # A node key that is not 16 bytes.
        lappend bad "\x13\x01\x0f[string range $node 1 15][string range $node 17 end]$tail"
        # An empty node.
        lappend bad "\x13\x01[string range $node 0 16]\x07\x07\x00\x00\x00\x00\x00\xff$tail"
        # A length with no node.
        lappend bad "\x13\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00"
        # A consumer owning 1-2, which the group's PEL does not hold.
        set group "\x01\x02g1\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01[string repeat \x00 8]\x01"
        set consumer "\x01\x02c1[string repeat \x00 8]\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x02"
        lappend bad "\x13\x01$node[string range $tail 0 end-1]$group$consumer"
        # The same group twice.
        set nogroup "\x02g1\x01\x01\x01\x00\x00"
        lappend bad "\x13\x01$node[string range $tail 0 end-1]\x02$nogroup$nogroup"
        set res {}
        foreach v {no yes} {
            r config set sanitize-dump-payload $v
            # The well formed value is accepted.
            r del k
            lappend res [r restore k 0 [dump_payload "\x13\x01$node$tail"]] [r xrange k - +]
            r del k
            foreach p $bad {
                assert_error {ERR Bad data format} {r restore k 0 [dump_payload $p]}
            }
        }
        r config set sanitize-dump-payload no
        r debug set-skip-checksum-validation 0
        lappend res [r exists k]
    } {OK {{1-1 {a 1}}} OK {{1-1 {a 1}}} 0}

    test {RESTORE of an existing key: BUSYKEY, or REPLACE} {
        r set k old
        set payload [r dump k]
        r set k new
        assert_error {BUSYKEY Target key name already exists.} {r restore k 0 $payload}
        assert_equal [r get k] new
        assert_equal [r restore k 0 $payload replace] OK
        r get k
    } {old}

    test {RESTORE with a TTL, relative or absolute} {
        r set k v
        set payload [r dump k]
        r del k
        r restore k 100000 $payload
        assert_range [r pttl k] 90000 100000
        r del k
        set when [expr {[clock milliseconds] + 200000}]
        r restore k $when $payload absttl
        assert_equal [r pexpiretime k] $when
        r del k
        r restore k 0 $payload
        r ttl k
    } {-1}

    test {RESTORE with an ABSTTL in the past does not create the key} {
        r set k v
        set payload [r dump k]
        r del k
        assert_equal [r restore k 1 $payload absttl] OK
        assert_equal [r exists k] 0
        # With REPLACE the old value is deleted all the same.
        r set k other
        assert_equal [r restore k 1 $payload absttl replace] OK
        r exists k
    } {0}

    test {RESTORE TTL errors} {
        r set k v
        set payload [r dump k]
        r del k
        assert_error {ERR Invalid TTL value, must be >= 0} {r restore k -1 $payload}
        assert_error {ERR value is not an integer or out of range} {r restore k abc $payload}
        r exists k
    } {0}

    test {RESTORE IDLETIME sets the idle time} {
        r set k v
        set payload [r dump k]
        r del k
        r restore k 0 $payload idletime 1000
        assert_range [r object idletime k] 1000 1010
        assert_error {ERR Invalid IDLETIME value, must be >= 0} {r restore k2 0 $payload idletime -1}
        assert_error {ERR value is not an integer or out of range} {r restore k2 0 $payload idletime x}
        r exists k2
    } {0}

    test {RESTORE FREQ sets the LFU counter} {
        r config set maxmemory-policy allkeys-lfu
        r set k v
        set payload [r dump k]
        r del k
        r restore k 0 $payload freq 100
        set freq [r object freq k]
        assert_error {ERR Invalid FREQ value, must be >= 0 and <= 255} {r restore k2 0 $payload freq 256}
        assert_error {ERR Invalid FREQ value, must be >= 0 and <= 255} {r restore k2 0 $payload freq -1}
        r config set maxmemory-policy noeviction
        set freq
    } {100}

    test {RESTORE option syntax} {
        r set k v
        set payload [r dump k]
        r del k
        assert_error {ERR syntax error} {r restore k 0 $payload foo}
        assert_error {ERR syntax error} {r restore k 0 $payload idletime}
        assert_error {ERR syntax error} {r restore k 0 $payload freq}
        # IDLETIME and FREQ exclude each other.
        assert_error {ERR syntax error} {r restore k 0 $payload idletime 1 freq 1}
        assert_error {ERR syntax error} {r restore k 0 $payload freq 1 idletime 1}
        assert_error {*wrong number of arguments*} {r restore k 0}
        r exists k
    } {0}

    test {RESTORE refuses a payload with a wrong checksum or a newer version} {
        r set k v
        set payload [r dump k]
        r del k
        set bad [string replace $payload end end "\x00"]
        assert_error {ERR DUMP payload version or checksum are wrong} {r restore k 0 $bad}
        set newer "\x00\x01v\x0b\x00[string range $payload end-7 end]"
        assert_error {ERR DUMP payload version or checksum are wrong} {r restore k 0 $newer}
        assert_error {ERR DUMP payload version or checksum are wrong} {r restore k 0 short}
        assert_error {ERR DUMP payload version or checksum are wrong} {r restore k 0 ""}
        r exists k
    } {0}

    test {RESTORE of a payload that does not decode: Bad data format} {
        r debug set-skip-checksum-validation 1
        set bad {}
        # An unknown type, a truncated string, module and stream types.
        lappend bad [dump_payload "\x63\x01a"] [dump_payload "\x00\x3fab"]
        lappend bad [dump_payload "\x06\x00"] [dump_payload "\x07\x00"]
        # Empty values: a set, a list, a hash, a sorted set, an empty quicklist.
        lappend bad [dump_payload "\x02\x00"] [dump_payload "\x01\x00"] [dump_payload "\x04\x00"]
        lappend bad [dump_payload "\x05\x00"] [dump_payload "\x12\x00"]
        # Duplicates: set members, sorted set members, hash fields.
        lappend bad [dump_payload "\x02\x02\x01a\x01a"]
        lappend bad [dump_payload "\x05\x02\x01a[binary format q 1.0]\x01a[binary format q 2.0]"]
        # A NaN score.
        lappend bad [dump_payload "\x05\x01\x01a[binary format q nan]"]
        foreach p $bad {
            assert_error {ERR Bad data format} {r restore k 0 $p}
        }
        r debug set-skip-checksum-validation 0
        r exists k
    } {0}

    test {RESTORE reads the encodings of old versions: ziplists and zipmaps} {
        r del h l z bad
        r debug set-skip-checksum-validation 1
        # Hash ziplist f1 v1 f2 2 (the 2 as an immediate integer).
        set zl "\x19\x00\x00\x00\x16\x00\x00\x00\x04\x00"
        append zl "\x00\x02f1" "\x04\x02v1" "\x04\x02f2" "\x04\xf3" "\xff"
        r restore h 0 [dump_payload "\x0d\x19$zl"]
        # List ziplist a 1.
        set zl "\x10\x00\x00\x00\x0d\x00\x00\x00\x02\x00\x00\x01a\x03\xf2\xff"
        r restore l 0 [dump_payload "\x0a\x10$zl"]
        # Hash zipmap name redis.
        set zm "\x01\x04name\x05\x00redis\xff"
        r restore z 0 [dump_payload "\x09\x0e$zm"]
        # A ziplist whose length field lies is refused.
        set zl "\xff\x00\x00\x00\x0d\x00\x00\x00\x02\x00\x00\x01a\x03\xf2\xff"
        assert_error {ERR Bad data format} {r restore bad 0 [dump_payload "\x0a\x10$zl"]}
        r debug set-skip-checksum-validation 0
        list [r hgetall h] [r object encoding h] [r lrange l 0 -1] [r hgetall z]
    } {{f1 v1 f2 2} listpack {a 1} {name redis}}

    test {RESTORE ignores bytes between the value and the footer} {
        r debug set-skip-checksum-validation 1
        r restore k 0 [dump_payload "\x00\x03bar\x00\x00"]
        r debug set-skip-checksum-validation 0
        r get k
    } {bar}

    test {RESTORE and DUMP in RESP3} {
        r set k v
        set payload [r dump k]
        r del k
        r hello 3
        r readraw 1
        set res [r restore k 0 $payload]
        r readraw 0
        set again [r dump k]
        r hello 2
        list $res [expr {$again eq $payload}]
    } {+OK 1}

    test {RESTORE counts as a change} {
        r set k v
        set payload [r dump k]
        r del k
        set before [s rdb_changes_since_last_save]
        r restore k 0 $payload
        expr {[s rdb_changes_since_last_save] - $before}
    } {1}

    test {sanitize-dump-payload is yes, no or clients} {
        foreach v {yes clients no} {
            r config set sanitize-dump-payload $v
            assert_equal [lindex [r config get sanitize-dump-payload] 1] $v
        }
        assert_error {*argument(s) must be one of the following*} {r config set sanitize-dump-payload maybe}
    }
}

# Flip every byte of a few payloads, one at a time, and RESTORE the result
# with deep sanitization: each must be refused or give a value that can be
# read and changed, and the server must keep answering.
start_server {tags {"dump"} overrides {sanitize-dump-payload yes}} {
    proc dump_exercise {key} {
        set type [r type $key]
        dump_read_value $key
        switch $type {
            list { r rpush $key x; r lpop $key; r lrange $key 0 -1 }
            set { r sadd $key 12345 newmember; r srem $key 12345; r smembers $key }
            zset { r zadd $key 5 newmember; r zrem $key newmember; r zrange $key 0 -1 withscores }
            hash { r hset $key newfield v; r hdel $key newfield; r hgetall $key }
            string { r append $key x }
            stream {
                # Writes may be refused (an ID below the top): not a crash.
                catch {r xadd $key * new field}
                r xrange $key - +
                r xrevrange $key + - count 3
                r xinfo stream $key full
                foreach g [r xinfo groups $key] {
                    set name [dict get $g name]
                    r xpending $key $name
                    r xpending $key $name - + 100
                    catch {r xreadgroup group $name fuzzer count 2 streams $key >}
                    catch {r xreadgroup group $name fuzzer streams $key 0}
                    r xautoclaim $key $name claimer 0 0-0 count 5
                    r xinfo consumers $key $name
                }
                catch {r xtrim $key maxlen 1}
                r xlen $key
            }
        }
        r debug digest-value $key
    }

    test {Corrupt payloads are refused or harmless: every byte flipped} {
        r flushall
        r hset h:lp f1 v1 f2 2 field3 value3
        r zadd z:lp 1 a 2 b 3.5 c
        r sadd set:int 1 2 300 70000
        r rpush l:lp a b 1 2 hello
        r sadd set:str a b c
        r hset h:ht2 f1 v1
        r xadd st:plain 1-1 a 1 b 2
        r xadd st:plain 1-2 a 3 b 4
        r xadd st:plain 2-0 c 5
        r xdel st:plain 1-2
        r xadd st:groups 5-1 f v
        r xadd st:groups 5-2 g w
        r xgroup create st:groups g 0
        r xreadgroup group g alice count 1 streams st:groups >
        r xgroup createconsumer st:groups g bob
        r debug set-skip-checksum-validation 1
        set accepted 0
        set refused 0
        foreach src {h:lp z:lp set:int l:lp set:str h:ht2 st:plain st:groups} {
            set payload [r dump $src]
            set body_len [expr {[string length $payload] - 10}]
            for {set i 0} {$i < $body_len} {incr i} {
                foreach mask {0xff 0x01 0x80} {
                    binary scan [string index $payload $i] cu byte
                    set bad [string replace $payload $i $i [binary format c [expr {$byte ^ $mask}]]]
                    r del fuzz
                    if {[catch {r restore fuzz 0 $bad} err]} {
                        assert_match {*Bad data format*} $err
                        incr refused
                    } else {
                        dump_exercise fuzz
                        incr accepted
                    }
                }
            }
        }
        r debug set-skip-checksum-validation 0
        assert_morethan $refused 0
        r ping
    } {PONG}

    test {Deep sanitization refuses listpacks with duplicate fields} {
        r debug set-skip-checksum-validation 1
        # A hash listpack whose field "a" appears twice: built by hand.
        set lp "\x0f\x00\x00\x00\x04\x00\x81a\x02\x01\x01\x81a\x02\x02\x01\xff"
        set payload [dump_payload "\x10\x0f$lp"]
        assert_error {ERR Bad data format} {r restore k 0 $payload}
        set payload [dump_payload "\x11\x0f$lp"]
        assert_error {ERR Bad data format} {r restore k 0 $payload}
        r debug set-skip-checksum-validation 0
        r exists k
    } {0}

    # A one-node stream with master ID 1-1 holding the listpack lp: length
    # entries, last ID 1-last_seq, first ID 1-1, nothing deleted, no group.
    proc dump_stream_node {lp {length 1} {last_seq 1}} {
        set len [binary format c [string length $lp]]
        set head "\x13\x01\x10\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01$len$lp"
        return "$head[binary format ccc $length 1 $last_seq]\x01\x01\x00\x00[binary format c $length]\x00"
    }
    # A listpack of small elements: integers 0..127 or strings under 64 bytes.
    proc dump_listpack {args} {
        set body {}
        foreach v $args {
            if {[string is integer -strict $v] && $v >= 0 && $v < 128} {
                append body [binary format cc $v 1]
            } else {
                append body [binary format c [expr {0x80 | [string length $v]}]] $v \
                    [binary format c [expr {1 + [string length $v]}]]
            }
        }
        set total [expr {6 + [string length $body] + 1}]
        return "[binary format is $total [llength $args]]$body\xff"
    }

    test {Deep sanitization checks the structure of stream nodes and group ownership} {
        r debug set-skip-checksum-validation 1
        r del k
        # The reference node: live 1, deleted 0, master field a, then the
        # entry (same fields, delta 0-0, value 1, lp-count 4).
        assert_equal [r restore k 0 [dump_payload [dump_stream_node [dump_listpack 1 0 1 a 0 2 0 0 1 4]]]] OK
        assert_equal [r xrange k - +] {{1-1 {a 1}}}
        set bad {}
        # lp-count wrong; live count above the entries; an element after
        # the last entry; the master terminator not 0; a field count beyond
        # the node.
        lappend bad [dump_listpack 1 0 1 a 0 2 0 0 1 5]
        lappend bad [dump_listpack 2 0 1 a 0 2 0 0 1 4]
        lappend bad [dump_listpack 1 0 1 a 0 2 0 0 1 4 7]
        lappend bad [dump_listpack 1 0 1 a 9 2 0 0 1 4]
        lappend bad [dump_listpack 1 0 1 a 0 0 0 0 100 a 1 4]
        foreach lp $bad {
            r del k
            assert_error {ERR Bad data format} {r restore k 0 [dump_payload [dump_stream_node $lp]]}
        }
        # A pending entry of the group that no consumer owns.
        set group "\x01\x02g1\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01[string repeat \x00 8]\x01\x00"
        set p [string range [dump_stream_node [dump_listpack 1 0 1 a 0 2 0 0 1 4]] 0 end-1]
        assert_error {ERR Bad data format} {r restore k 0 [dump_payload $p$group]}
        r debug set-skip-checksum-validation 0
        r exists k
    } {0}

    test {Deep sanitization: stream IDs in order, known flags, length and last ID consistent} {
        # Stricter than Redis 7.0.15, which stores these and may misbehave
        # on them later.
        r debug set-skip-checksum-validation 1
        set bad {}
        # An entry ID below the master ID (seq delta -1, 13-bit form).
        lappend bad [dump_stream_node "[binary format is 29 10]\x01\x01\x00\x01\x01\x01\x81a\x02\x00\x01\x02\x01\x00\x01\xdf\xff\x02\x01\x01\x04\x01\xff"]
        # Unknown flags.
        lappend bad [dump_stream_node [dump_listpack 1 0 1 a 0 6 0 0 1 4]]
        # Two entries, the second one not above the first (1-2 twice; the
        # same with 1-2 and 1-3 is accepted).
        r del k
        assert_equal [r restore k 0 [dump_payload [dump_stream_node [dump_listpack 2 0 1 a 0 2 0 1 1 4 2 0 2 2 4] 2 3]]] OK
        lappend bad [dump_stream_node [dump_listpack 2 0 1 a 0 2 0 1 1 4 2 0 1 2 4] 2 2]
        set node [dump_stream_node [dump_listpack 1 0 1 a 0 2 0 0 1 4]]
        # The length says 3; the last ID 1-0 is below the entry 1-1.
        lappend bad "[string range $node 0 end-9]\x03[string range $node end-7 end]"
        lappend bad "[string range $node 0 end-8]\x01\x00[string range $node end-5 end]"
        foreach p $bad {
            r del k
            assert_error {ERR Bad data format} {r restore k 0 [dump_payload $p]}
        }
        r debug set-skip-checksum-validation 0
        r exists k
    } {0} {needs:our-server}
}
