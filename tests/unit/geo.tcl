# GEO commands: GEOADD (NX, XX, CH), GEOPOS, GEODIST, GEOHASH, GEOSEARCH and
# GEOSEARCHSTORE (FROMMEMBER/FROMLONLAT, BYRADIUS/BYBOX, ASC/DESC, COUNT
# [ANY], WITH*, STOREDIST), GEORADIUS and GEORADIUSBYMEMBER with their _RO
# variants (STORE, STOREDIST).
#
# A geo set is a sorted set whose scores are 52-bit geohashes, so most
# tests run once per sorted set encoding.  Expected digits (coordinates
# with 17 decimals, distances with 4) are Redis 7.0's.  Then: every error
# word for word, reply shapes in RESP2 and RESP3 (raw bytes), and a
# randomized comparison of searches with a brute-force computation in Tcl.

# Send one command on a raw-reading client and return the reply lines
# joined by spaces (a PING after it marks the end of the reply).
proc geo_raw {c args} {
    $c write [::redis::encode_command $args]
    $c write [::redis::encode_command {ping}]
    $c flush
    set lines {}
    while {[set line [$c read]] ne "+PONG"} { lappend lines $line }
    join $lines " "
}

proc geo_raw_client {proto} {
    set c [redis_client]
    if {$proto == 3} { $c hello 3 }
    $c readraw 1
    return $c
}

# A coordinate in a raw reply: a bulk string in RESP2, a double in RESP3.
proc geo_coord {proto v} {
    if {$proto == 2} { return "\$[string length $v] $v" }
    return ",$v"
}

proc geo_deg_rad {deg} { expr {$deg * (atan(1) * 8 / 360)} }

# Great-circle distance in meters, with the Earth radius GEO uses.
proc geo_distance {lon1 lat1 lon2 lat2} {
    set lat1r [geo_deg_rad $lat1]
    set lat2r [geo_deg_rad $lat2]
    set u [expr {sin(([geo_deg_rad $lat2] - $lat1r) / 2)}]
    set v [expr {sin(([geo_deg_rad $lon2] - [geo_deg_rad $lon1]) / 2)}]
    expr {2.0 * 6372797.560856 * asin(sqrt($u * $u + cos($lat1r) * cos($lat2r) * $v * $v))}
}

# The Sicily example: two cities and two points near the edge of a 280 km
# circle around (15, 37).
proc geo_sicily {key} {
    r del $key
    r geoadd $key 13.361389 38.115556 Palermo 15.087269 37.502669 Catania \
        12.758489 38.788135 edge1 17.241510 38.788135 edge2
}

start_server {tags {"geo"}} {
    foreach {encoding entries} {listpack 128 skiplist 0} {
        r config set zset-max-listpack-entries $entries

        # ------------------------------------------------------------ GEOADD

        test "GEOADD adds members with geohash scores - $encoding" {
            r del Sicily
            assert_equal 2 [r geoadd Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania]
            assert_encoding $encoding Sicily
            assert_equal 0 [r geoadd Sicily 13.361389 38.115556 Palermo]
            r zrange Sicily 0 -1 withscores
        } {Palermo 3479099956230698 Catania 3479447370796909}

        test "GEOADD updates a position and CH counts it - $encoding" {
            geo_sicily Sicily
            assert_equal 0 [r geoadd Sicily 13 38 Palermo]
            assert_equal 3479065152021743 [r zscore Sicily Palermo]
            assert_equal 2 [r geoadd Sicily ch 13.361389 38.115556 Palermo 1 1 new 15.087269 37.502669 Catania]
            assert_equal 3479099956230698 [r zscore Sicily Palermo]
            r zcard Sicily
        } {5}

        test "GEOADD NX adds only new members, XX only updates - $encoding" {
            geo_sicily Sicily
            assert_equal 1 [r geoadd Sicily nx 1 1 Palermo 2 2 fresh]
            assert_equal 3479099956230698 [r zscore Sicily Palermo]
            assert_equal 0 [r geoadd Sicily xx 1 1 Palermo 3 3 other]
            assert_equal {} [r zscore Sicily other]
            assert_equal 3377822707026402 [r zscore Sicily Palermo]
            assert_equal 2 [r geoadd Sicily xx ch 13.361389 38.115556 Palermo 1 1 edge1]
            assert_equal 0 [r geoadd nokey xx 1 1 a]
            assert_equal 0 [r exists nokey]
            r geopos Sicily edge1
        } {{0.99999994039535522 0.99999945914297683}}

        test "GEOADD accepts the limits of longitude and latitude - $encoding" {
            r del poles
            assert_equal 4 [r geoadd poles -180 -85.05112878 sw 180 85.05112878 ne 0 0 zero -0.5 0.5 near]
            r geopos poles sw ne zero near
        } {{-179.99999731779098511 -85.05112751263942528} {180 85.0511287799999991} {0.00000268220901489 0.00000126736058093} {-0.49999862909317017 0.50000036325177888}}
    }

    test "GEOADD errors" {
        r del k
        assert_error {ERR syntax error} {r geoadd k nx xx 1 1 a}
        assert_error {ERR syntax error} {r geoadd k 1 1 a 2}
        assert_error {ERR syntax error} {r geoadd k ch 1 1 a 2 2}
        assert_error {ERR syntax error} {r geoadd k gt 1 1 a}
        assert_error {ERR wrong number of arguments for 'geoadd' command} {r geoadd k 1 1}
        assert_error {ERR value is not a valid float} {r geoadd k 1 abc a}
        assert_error {ERR value is not a valid float} {r geoadd k nan 1 a}
        assert_error {ERR invalid longitude,latitude pair 200.000000,100.000000} {r geoadd k 200 100 a}
        assert_error {ERR invalid longitude,latitude pair -180.000000,0.000000} {r geoadd k -180.0000001 0 a}
        assert_error {ERR invalid longitude,latitude pair 0.000000,85.051129} {r geoadd k 0 85.05112879 a}
        assert_error {ERR invalid longitude,latitude pair 0.000000,-85.051129} {r geoadd k 0 -85.05112879 a}
        assert_error {ERR invalid longitude,latitude pair 0.000000,inf} {r geoadd k 0 inf a}
        # A bad triplet anywhere adds nothing.
        assert_error {ERR invalid longitude,latitude pair*} {r geoadd k 1 1 a 2 2 b 300 1 c}
        assert_equal 0 [r exists k]
        r set str x
        assert_error {WRONGTYPE*} {r geoadd str 1 1 a}
    }

    foreach {encoding entries} {listpack 128 skiplist 0} {
        r config set zset-max-listpack-entries $entries

        # ------------------------------------------------ GEOPOS, GEOHASH

        test "GEOPOS returns the decoded positions, nil for missing - $encoding" {
            geo_sicily Sicily
            assert_equal {{} {}} [r geopos nokey a b]
            r geopos Sicily Palermo nope Catania
        } {{13.36138933897018433 38.11555639549629859} {} {15.08726745843887329 37.50266842333162032}}

        test "GEOPOS decodes any score, as Redis does - $encoding" {
            r del weird
            r zadd weird 0 zero 1e20 huge
            r geopos weird zero huge
        } {{-179.99999731779098511 -85.05112751263942528} {-179.99999731779098511 -85.05112751263942528}}

        test "GEOHASH returns 11-character standard geohashes - $encoding" {
            geo_sicily Sicily
            assert_equal {{} {}} [r geohash nokey a b]
            r geohash Sicily Palermo Catania edge1 nope edge2
        } {sqc8b49rny0 sqdtr74hyu0 sqchdm4mq20 {} squk8m4vk20}

        test "GEOHASH of the corners of the map - $encoding" {
            r del poles
            r geoadd poles -180 -85.05112878 sw 180 85.05112878 ne 0 0 zero
            r geohash poles sw ne zero
        } {00bh0hbj200 bp05b5048p0 s0000000000}

        # ----------------------------------------------------------- GEODIST

        test "GEODIST in every unit - $encoding" {
            geo_sicily Sicily
            list [r geodist Sicily Palermo Catania] [r geodist Sicily Palermo Catania m] \
                [r geodist Sicily Palermo Catania KM] [r geodist Sicily Palermo Catania mi] \
                [r geodist Sicily Palermo Catania ft] [r geodist Sicily Catania Palermo km]
        } {166274.1516 166274.1516 166.2742 103.3182 545518.8700 166.2742}

        test "GEODIST of a member to itself and along a meridian - $encoding" {
            r del g
            r geoadd g 10 20 a 10 30 b 10 -40 c
            list [r geodist g a a] [r geodist g a b km] [r geodist g b c km]
        } {0.0000 1112.2630 7785.8410}

        test "GEODIST is nil for a missing member or key - $encoding" {
            geo_sicily Sicily
            list [r geodist Sicily Palermo nope] [r geodist Sicily nope Palermo] [r geodist nokey a b km]
        } {{} {} {}}
    }

    test "GEODIST, GEOPOS, GEOHASH errors" {
        geo_sicily Sicily
        assert_error {ERR unsupported unit provided. please use M, KM, FT, MI} {r geodist Sicily Palermo Catania yd}
        assert_error {ERR unsupported unit provided. please use M, KM, FT, MI} {r geodist nokey a b yd}
        assert_error {ERR syntax error} {r geodist Sicily Palermo Catania km extra}
        assert_error {ERR wrong number of arguments for 'geodist' command} {r geodist Sicily Palermo}
        assert_error {ERR wrong number of arguments for 'geopos' command} {r geopos}
        assert_error {ERR wrong number of arguments for 'geohash' command} {r geohash}
        r set str x
        assert_error {WRONGTYPE*} {r geodist str a b}
        assert_error {WRONGTYPE*} {r geopos str a}
        assert_error {WRONGTYPE*} {r geohash str a}
        # GEOPOS and GEOHASH without members reply an empty array.
        list [r geopos Sicily] [r geohash Sicily]
    } {{} {}}

    foreach {encoding entries} {listpack 128 skiplist 0} {
        r config set zset-max-listpack-entries $entries

        # --------------------------------------------------------- GEOSEARCH

        test "GEOSEARCH BYRADIUS from coordinates, in cell order or sorted - $encoding" {
            geo_sicily Sicily
            assert_equal {Palermo Catania} [r geosearch Sicily fromlonlat 15 37 byradius 200 km]
            assert_equal {Catania Palermo} [r geosearch Sicily fromlonlat 15 37 byradius 200 km asc]
            assert_equal {Palermo Catania} [r geosearch Sicily fromlonlat 15 37 byradius 200 km desc]
            r geosearch Sicily fromlonlat 15 37 byradius 400 km withdist
        } {{Palermo 190.4424} {edge1 279.7405} {Catania 56.4413} {edge2 279.7403}}

        test "GEOSEARCH BYRADIUS from a member - $encoding" {
            geo_sicily Sicily
            assert_equal {Palermo} [r geosearch Sicily frommember Palermo byradius 0 km]
            assert_equal {Palermo edge1} [r geosearch Sicily frommember Palermo byradius 100 km asc]
            r geosearch Sicily frommember Palermo byradius 400 km desc
        } {edge2 Catania edge1 Palermo}

        test "GEOSEARCH WITHDIST WITHHASH WITHCOORD - $encoding" {
            geo_sicily Sicily
            r geosearch Sicily fromlonlat 15 37 byradius 200 km asc withcoord withhash withdist
        } {{Catania 56.4413 3479447370796909 {15.08726745843887329 37.50266842333162032}} {Palermo 190.4424 3479099956230698 {13.36138933897018433 38.11555639549629859}}}

        test "GEOSEARCH distances follow the unit - $encoding" {
            geo_sicily Sicily
            list [r geosearch Sicily fromlonlat 15 37 byradius 200000 m asc withdist] \
                [r geosearch Sicily fromlonlat 15 37 byradius 200 mi asc withdist] \
                [r geosearch Sicily fromlonlat 15 37 byradius 200000 ft asc withdist]
        } {{{Catania 56441.2579} {Palermo 190442.4298}} {{Catania 35.0711} {Palermo 118.3357} {edge2 173.8230} {edge1 173.8231}} {{Catania 185174.7305}}}

        test "GEOSEARCH BYBOX - $encoding" {
            geo_sicily Sicily
            # The corners of a box reach further than its sides.
            assert_equal {{Catania 56.4413} {Palermo 190.4424} {edge2 279.7403} {edge1 279.7405}} \
                [r geosearch Sicily fromlonlat 15 37 bybox 400 400 km asc withdist]
            # A box is narrower than the circle through its corners...
            assert_equal {Catania} [r geosearch Sicily fromlonlat 15 37 bybox 200 200 km]
            # ...and its sides are tested separately.
            assert_equal {} [r geosearch Sicily fromlonlat 15 37 bybox 1000 100 km]
            assert_equal {Catania} [r geosearch Sicily fromlonlat 15 37 bybox 1000 150 km]
            assert_equal {Catania} [r geosearch Sicily fromlonlat 15 37 bybox 200 1000 km asc]
            assert_equal {Catania Palermo edge2 edge1} [r geosearch Sicily fromlonlat 15 37 bybox 400 1000 km asc]
            r geosearch Sicily frommember Palermo bybox 0 0 km withdist
        } {{Palermo 0.0000}}

        test "GEOSEARCH COUNT gives the nearest, ANY the first found - $encoding" {
            geo_sicily Sicily
            assert_equal {{Catania 56.4413} {Palermo 190.4424}} \
                [r geosearch Sicily fromlonlat 15 37 byradius 400 km count 2 withdist]
            assert_equal {{edge1 279.7405} {edge2 279.7403}} \
                [r geosearch Sicily fromlonlat 15 37 byradius 400 km count 2 desc withdist]
            assert_equal {Catania Palermo edge2 edge1} \
                [r geosearch Sicily fromlonlat 15 37 byradius 400 km count 100]
            assert_equal {Palermo} [r geosearch Sicily fromlonlat 15 37 byradius 400 km count 1 any]
            assert_equal {Palermo edge1 Catania} [r geosearch Sicily fromlonlat 15 37 byradius 400 km count 3 any]
            r geosearch Sicily fromlonlat 15 37 byradius 400 km count 3 any desc
        } {edge1 Palermo Catania}

        test "GEOSEARCH repeated options: the last one counts - $encoding" {
            geo_sicily Sicily
            assert_equal {Catania} [r geosearch Sicily frommember Palermo frommember Catania byradius 1 km]
            assert_equal {Palermo edge1} \
                [r geosearch Sicily frommember Palermo byradius 1 km byradius 100 km count 5 count 2 desc asc]
            r geosearch Sicily fromlonlat 0 0 fromlonlat 15 37 byradius 100 km
        } {Catania}

        test "GEOSEARCH finds nothing: empty array - $encoding" {
            geo_sicily Sicily
            list [r geosearch Sicily fromlonlat 0 0 byradius 100 km] \
                [r geosearch nokey fromlonlat 0 0 byradius 100 km] \
                [r geosearch nokey frommember x bybox 1 1 km withdist]
        } {{} {} {}}

        test "GEOSEARCH near the poles and across the antimeridian - $encoding" {
            r del g
            r geoadd g 179.9 10 east -179.9 10 west 0 84 north1 120 84 north2 60 -84.9 south
            assert_equal {{east 9.8584} {west 12.0491}} [r geosearch g fromlonlat 179.99 10 byradius 20 km asc withdist]
            assert_equal {{east 9.8584} {west 12.0491}} [r geosearch g fromlonlat 179.99 10 bybox 30 30 km asc withdist]
            assert_equal {{north1 0.0000} {north2 1155.3680}} [r geosearch g frommember north1 byradius 1500 km asc withdist]
            r geosearch g fromlonlat 0 -85 byradius 3000 km withdist
        } {{south 561.2299}}

        test "GEOSEARCH over a whole hemisphere finds every member once - $encoding" {
            r del g
            for {set i 0} {$i < 60} {incr i} {
                r geoadd g [expr {-170 + $i * 5.7}] [expr {-80 + $i * 2.7}] m$i
            }
            set res [r geosearch g fromlonlat 0 0 byradius 40000 km]
            assert_equal 60 [llength $res]
            assert_equal 60 [llength [lsort -unique $res]]
            llength [r geosearch g fromlonlat 0 0 bybox 80000 80000 km]
        } {60}

        # ---------------------------------------------------- GEOSEARCHSTORE

        test "GEOSEARCHSTORE stores geohash scores - $encoding" {
            geo_sicily Sicily
            assert_equal 2 [r geosearchstore dst Sicily fromlonlat 15 37 byradius 200 km]
            assert_encoding [expr {$entries ? "listpack" : "skiplist"}] dst
            r zrange dst 0 -1 withscores
        } {Palermo 3479099956230698 Catania 3479447370796909}

        test "GEOSEARCHSTORE STOREDIST stores distances in the unit - $encoding" {
            geo_sicily Sicily
            assert_equal 2 [r geosearchstore dst Sicily fromlonlat 15 37 byradius 200 km storedist]
            set res [r zrange dst 0 -1 withscores]
            assert_equal {Catania Palermo} [list [lindex $res 0] [lindex $res 2]]
            assert_range [lindex $res 1] 56.4412 56.4414
            assert_range [lindex $res 3] 190.4423 190.4425
            assert_equal 1 [r geosearchstore dst Sicily frommember Palermo bybox 500 500 km count 1 desc storedist]
            assert_equal {Catania} [r zrange dst 0 -1]
            assert_range [r zscore dst Catania] 166.27 166.28
        }

        test "GEOSEARCHSTORE replaces the destination and its TTL - $encoding" {
            geo_sicily Sicily
            r set dst string
            r expire dst 1000
            assert_equal 1 [r geosearchstore dst Sicily fromlonlat 15 37 byradius 100 km]
            assert_equal -1 [r ttl dst]
            assert_equal zset [r type dst]
            # The source may be the destination.
            assert_equal 2 [r geosearchstore Sicily Sicily frommember Palermo byradius 100 km]
            r zrange Sicily 0 -1
        } {Palermo edge1}

        test "GEOSEARCHSTORE with no match deletes the destination - $encoding" {
            geo_sicily Sicily
            r set dst x
            assert_equal 0 [r geosearchstore dst Sicily fromlonlat 0 0 byradius 1 km]
            assert_equal 0 [r exists dst]
            r set dst x
            assert_equal 0 [r geosearchstore dst nokey fromlonlat 0 0 byradius 1 km]
            r exists dst
        } {0}

        test "GEOSEARCHSTORE result encoding follows the zset limits - $encoding" {
            r del g
            for {set i 0} {$i < 200} {incr i} { r geoadd g [expr {$i * 0.001}] 0 m$i }
            assert_equal 200 [r geosearchstore dst g fromlonlat 0 0 byradius 100 km]
            assert_encoding skiplist dst
            assert_equal 10 [r geosearchstore dst g fromlonlat 0 0 byradius 100 km count 10]
            assert_encoding [expr {$entries ? "listpack" : "skiplist"}] dst
            r zrange dst 0 2
        } {m0 m1 m2}

        # ------------------------------------------ GEORADIUS and variants

        test "GEORADIUS and GEORADIUS_RO - $encoding" {
            geo_sicily Sicily
            assert_equal {Palermo Catania} [r georadius Sicily 15 37 200 km]
            assert_equal {{Catania 56.4413 {15.08726745843887329 37.50266842333162032}}} \
                [r georadius_ro Sicily 15 37 100 km withdist withcoord]
            assert_equal {{Palermo 3479099956230698} {Catania 3479447370796909}} \
                [r georadius Sicily 15 37 200 km withhash desc]
            r georadius_ro Sicily 15 37 400 km count 1 desc
        } {edge1}

        test "GEORADIUSBYMEMBER and GEORADIUSBYMEMBER_RO - $encoding" {
            geo_sicily Sicily
            assert_equal {{Palermo 0.0000} {edge1 91.4007}} [r georadiusbymember Sicily Palermo 100 km withdist asc]
            assert_equal {Palermo edge1 Catania} [r georadiusbymember_ro Sicily Palermo 200 km asc]
            r georadiusbymember_ro nokey nope 100 km
        } {}

        test "GEORADIUS STORE and STOREDIST - $encoding" {
            geo_sicily Sicily
            assert_equal 2 [r georadius Sicily 15 37 200 km store dst]
            assert_equal {Palermo 3479099956230698 Catania 3479447370796909} [r zrange dst 0 -1 withscores]
            assert_equal 1 [r georadiusbymember Sicily Catania 100 km storedist dst2]
            assert_equal {Catania 0} [r zrange dst2 0 -1 withscores]
            assert_equal 1 [r georadius Sicily 15 37 400 km count 1 desc store dst]
            assert_equal {edge1} [r zrange dst 0 -1]
            # STORE and STOREDIST: the last one counts.
            assert_equal 2 [r georadius Sicily 15 37 200 km store x storedist dst]
            assert_equal 0 [r exists x]
            assert_range [r zscore dst Catania] 56.44 56.45
            # No match, or no source: the destination is deleted.
            assert_equal 0 [r georadius Sicily 0 0 1 km store dst]
            assert_equal 0 [r exists dst]
            assert_equal 0 [r georadiusbymember nokey x 1 km storedist dst2]
            r exists dst2
        } {0}
    }

    # ------------------------------------------------------------- errors

    test "GEOSEARCH and GEOSEARCHSTORE errors" {
        geo_sicily Sicily
        assert_error {ERR wrong number of arguments for 'geosearch' command} {r geosearch Sicily frommember Palermo}
        assert_error {ERR wrong number of arguments for 'geosearchstore' command} {r geosearchstore d Sicily frommember Palermo}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo fromlonlat 1 1 byradius 1 km}
        assert_error {ERR syntax error} {r geosearch Sicily fromlonlat 1 1 frommember Palermo byradius 1 km}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo byradius 1 km bybox 1 1 km}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo bybox 1 1 km byradius 1 km}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo byradius 1 km store x}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo byradius 1 km storedist}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo byradius 1 km count}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo byradius 1 km foo}
        assert_error {ERR syntax error} {r geosearch Sicily frommember Palermo bybox 1 1}
        assert_error {ERR syntax error} {r geosearchstore d Sicily frommember Palermo byradius 1 km store x}
        assert_error {ERR could not decode requested zset member} {r geosearch Sicily frommember nope byradius 1 km}
        assert_error {ERR the ANY argument requires COUNT argument} {r geosearch Sicily frommember Palermo byradius 1 km any}
        assert_error {ERR COUNT must be > 0} {r geosearch Sicily frommember Palermo byradius 1 km count 0}
        assert_error {ERR COUNT must be > 0} {r geosearch Sicily frommember Palermo byradius 1 km count -1}
        assert_error {ERR value is not an integer or out of range} {r geosearch Sicily frommember Palermo byradius 1 km count x}
        assert_error {ERR need numeric radius} {r geosearch Sicily frommember Palermo byradius x km}
        assert_error {ERR radius cannot be negative} {r geosearch Sicily frommember Palermo byradius -1 km}
        assert_error {ERR need numeric width} {r geosearch Sicily frommember Palermo bybox x 1 km}
        assert_error {ERR need numeric height} {r geosearch Sicily frommember Palermo bybox 1 x km}
        assert_error {ERR height or width cannot be negative} {r geosearch Sicily frommember Palermo bybox 1 -1 km}
        assert_error {ERR unsupported unit provided. please use M, KM, FT, MI} {r geosearch Sicily frommember Palermo bybox 1 1 yd}
        assert_error {ERR unsupported unit provided. please use M, KM, FT, MI} {r geosearch nokey frommember x byradius 1 yd}
        assert_error {ERR invalid longitude,latitude pair 200.000000,1.000000} {r geosearch Sicily fromlonlat 200 1 byradius 1 km}
        assert_error {ERR exactly one of BYRADIUS and BYBOX can be specified for geosearch} {r geosearch Sicily fromlonlat 1 1 asc desc}
        assert_error {ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch} {r geosearch Sicily byradius 1 km asc withdist}
        assert_error {ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearchstore} {r geosearchstore d Sicily asc desc asc desc asc}
        assert_error {ERR exactly one of BYRADIUS and BYBOX can be specified for geosearchstore} {r geosearchstore d Sicily fromlonlat 1 1 asc desc}
        assert_error {ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options} {r geosearchstore d Sicily frommember Palermo byradius 1 km withdist}
        assert_error {ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options} {r geosearchstore d Sicily asc withcoord asc asc asc}
        # The combination errors come in a fixed order.
        assert_error {ERR the ANY argument requires COUNT argument} {r geosearch Sicily fromlonlat 1 1 bybox 1 1 km withdist any}
        r set str x
        assert_error {WRONGTYPE*} {r geosearch str fromlonlat 1 1 byradius 1 km}
        assert_error {WRONGTYPE*} {r geosearchstore d str fromlonlat 1 1 byradius 1 km}
    }

    test "GEORADIUS and GEORADIUSBYMEMBER errors" {
        geo_sicily Sicily
        assert_error {ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options} {r georadius Sicily 15 37 100 km store d withdist}
        assert_error {ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options} {r georadiusbymember Sicily Palermo 100 km withhash storedist d}
        assert_error {ERR syntax error} {r georadius_ro Sicily 15 37 100 km store d}
        assert_error {ERR syntax error} {r georadius_ro Sicily 15 37 100 km storedist d}
        assert_error {ERR syntax error} {r georadiusbymember_ro Sicily Palermo 100 km store d}
        assert_error {ERR syntax error} {r georadius Sicily 15 37 100 km store}
        assert_error {ERR syntax error} {r georadius Sicily 15 37 100 km storedist}
        assert_error {ERR syntax error} {r georadius Sicily 15 37 100 km frommember Palermo}
        assert_error {ERR syntax error} {r georadius Sicily 15 37 100 km byradius 1 km}
        assert_error {ERR syntax error} {r georadius Sicily 15 37 100 km foo}
        assert_error {ERR the ANY argument requires COUNT argument} {r georadius Sicily 15 37 100 km store d any}
        assert_error {ERR could not decode requested zset member} {r georadiusbymember Sicily nope 100 km}
        assert_error {ERR could not decode requested zset member} {r georadiusbymember_ro Sicily nope 100 km}
        assert_error {ERR unsupported unit provided. please use M, KM, FT, MI} {r georadius nokey 15 37 100 yd}
        assert_error {ERR need numeric radius} {r georadius Sicily 15 37 x km}
        assert_error {ERR invalid longitude,latitude pair 15.000000,-87.000000} {r georadius Sicily 15 -87 1 km}
        assert_error {ERR wrong number of arguments for 'georadius' command} {r georadius Sicily 15 37 100}
        assert_error {ERR wrong number of arguments for 'georadiusbymember' command} {r georadiusbymember Sicily Palermo 100}
        # Without a source, the member and radius are not even looked at.
        assert_equal {} [r georadiusbymember nokey nope 100 yd]
        r set str x
        assert_error {WRONGTYPE*} {r georadius str 1 1 1 km}
        assert_error {WRONGTYPE*} {r georadiusbymember_ro str a 1 km}
    }

    # -------------------------------------------------------- reply shapes

    foreach proto {2 3} {
        test "GEO reply shapes - RESP$proto" {
            geo_sicily Sicily
            set c [geo_raw_client $proto]
            if {$proto == 2} {
                set null "\$-1"
                set nullarr "*-1"
            } else {
                set null "_"
                set nullarr "_"
            }
            set palermo "*2 [geo_coord $proto 13.36138933897018433] [geo_coord $proto 38.11555639549629859]"
            set catania "*2 [geo_coord $proto 15.08726745843887329] [geo_coord $proto 37.50266842333162032]"
            assert_equal "*2 $palermo $nullarr" [geo_raw $c geopos Sicily Palermo nope]
            assert_equal "*2 \$11 sqc8b49rny0 $null" [geo_raw $c geohash Sicily Palermo nope]
            assert_equal {$8 166.2742} [geo_raw $c geodist Sicily Palermo Catania km]
            assert_equal $null [geo_raw $c geodist Sicily Palermo nope]
            assert_equal {*0} [geo_raw $c geosearch Sicily fromlonlat 0 0 byradius 1 km]
            assert_equal {*2 $7 Catania $7 Palermo} [geo_raw $c geosearch Sicily fromlonlat 15 37 byradius 200 km asc]
            assert_equal "*2 *4 \$7 Catania \$7 56.4413 :3479447370796909 $catania *4 \$7 Palermo \$8 190.4424 :3479099956230698 $palermo" \
                [geo_raw $c geosearch Sicily fromlonlat 15 37 byradius 200 km asc withdist withhash withcoord]
            assert_equal "*1 *2 \$7 Catania $catania" [geo_raw $c georadius_ro Sicily 15 37 100 km withcoord]
            assert_equal {:2} [geo_raw $c geosearchstore dst Sicily fromlonlat 15 37 byradius 200 km]
            assert_equal {:0} [geo_raw $c georadius Sicily 0 0 1 km store dst]
            r del g
            assert_equal {:2} [geo_raw $c geoadd g 1 1 a 2 2 b]
            $c close
        }
    }

    # ---------------------------------------------- randomized comparison

    # Points around a random center (sometimes near a pole or the
    # antimeridian), searched by radius and by box with random sizes; the
    # reply must hold every point the brute force finds well inside the
    # shape and none well outside it (positions are stored with about a
    # meter of precision, so points on the edge may go either way).
    foreach {encoding entries} {listpack 128 skiplist 0} {
        test "GEOSEARCH matches a brute-force search - $encoding" {
            r config set zset-max-listpack-entries $entries
            set errors {}
            for {set round 0} {$round < 40} {incr round} {
                r del rand
                set clon [expr {rand() * 360 - 180}]
                set clat [expr {rand() * 160 - 80}]
                if {$round % 5 == 0} { set clat [expr {$clat > 0 ? 80 + rand() * 4 : -80 - rand() * 4}] }
                if {$round % 7 == 0} { set clon [expr {$clon > 0 ? 179.5 : -179.5}] }
                set spread [lindex {0.1 1 5 20} [expr {$round % 4}]]
                set points {}
                set args {}
                set n [expr {$entries ? 100 : 400}]
                for {set i 0} {$i < $n} {incr i} {
                    set lon [expr {$clon + (rand() * 2 - 1) * $spread}]
                    set lat [expr {$clat + (rand() * 2 - 1) * $spread / 2}]
                    if {$lon > 180} { set lon [expr {$lon - 360}] }
                    if {$lon < -180} { set lon [expr {$lon + 360}] }
                    if {$lat > 85} { set lat 85 }
                    if {$lat < -85} { set lat -85 }
                    lappend points p$i $lon $lat
                    lappend args $lon $lat p$i
                }
                r geoadd rand {*}$args
                set radius_km [expr {$spread * 111 * rand()}]
                set w_km [expr {$radius_km * (0.5 + rand())}]
                set h_km [expr {$radius_km * (0.5 + rand())}]

                # By radius.
                set in {}
                set out {}
                foreach {name lon lat} $points {
                    set d [geo_distance $clon $clat $lon $lat]
                    set tol [expr {2.0 + $d * 1e-6}]
                    if {$d < $radius_km * 1000 - $tol} { lappend in $name }
                    if {$d > $radius_km * 1000 + $tol} { lappend out $name }
                }
                set res [r geosearch rand fromlonlat $clon $clat byradius $radius_km km]
                foreach name $in { if {$name ni $res} { lappend errors "radius round $round: missing $name" } }
                foreach name $out { if {$name in $res} { lappend errors "radius round $round: extra $name" } }
                if {[llength $res] != [llength [lsort -unique $res]]} { lappend errors "radius round $round: duplicates" }

                # By box: north-south along the meridian, east-west along
                # the point's parallel.
                set in {}
                set out {}
                foreach {name lon lat} $points {
                    set dy [expr {6372797.560856 * abs([geo_deg_rad $lat] - [geo_deg_rad $clat])}]
                    set dx [geo_distance $lon $lat $clon $lat]
                    set tol 2.0
                    if {$dy < $h_km * 500 - $tol && $dx < $w_km * 500 - $tol} { lappend in $name }
                    if {$dy > $h_km * 500 + $tol || $dx > $w_km * 500 + $tol} { lappend out $name }
                }
                set res [r geosearch rand fromlonlat $clon $clat bybox $w_km $h_km km]
                foreach name $in { if {$name ni $res} { lappend errors "box round $round: missing $name" } }
                foreach name $out { if {$name in $res} { lappend errors "box round $round: extra $name" } }

                # Sorted by distance, and COUNT gives a prefix of it.
                set withdist [r geosearch rand fromlonlat $clon $clat byradius $radius_km km asc withdist]
                set dists {}
                foreach item $withdist { lappend dists [lindex $item 1] }
                if {$dists ne [lsort -real $dists]} { lappend errors "round $round: not sorted" }
                if {[llength $withdist] > 3} {
                    set top [r geosearch rand fromlonlat $clon $clat byradius $radius_km km count 3 withdist]
                    set topd {}
                    foreach item $top { lappend topd [lindex $item 1] }
                    if {$topd ne [lrange $dists 0 2]} { lappend errors "round $round: COUNT $topd vs $dists" }
                }
            }
            set errors
        } {}
    }

    test "GEOSEARCH over a big set" {
        r config set zset-max-listpack-entries 128
        r del big
        set args {}
        for {set i 0} {$i < 20000} {incr i} {
            lappend args [expr {($i % 200) * 0.001}] [expr {($i / 200) * 0.001}] m$i
        }
        r geoadd big {*}$args
        assert_equal 20000 [llength [r geosearch big fromlonlat 0.1 0.05 bybox 100 100 km]]
        assert_equal {m0 m1} [r geosearch big fromlonlat 0.0004 0 byradius 200 km count 2]
        assert_equal 5 [llength [r geosearch big fromlonlat 0.1 0.05 byradius 100 km count 5 any]]
        r geosearchstore dst big fromlonlat 0.1 0.05 byradius 100 km
    } {20000}
}
