# The libraries Lua scripts see besides redis.*: cmsgpack, struct, cjson and
# bit, and the deterministic math.random.  Every expected value and error
# text here is what Redis 7.0.15 answers to the same EVAL.
#
# Binary results are compared as hex, made by the hex() helper that
# every script below starts with (on the script's first line, so that error
# positions read "user_script:1:").  Lua numbers become integer replies, so
# fractional results are returned through tostring().

set ::libs_helpers {local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end }

proc lua {body} {
    r eval "$::libs_helpers $body" 0
}

start_server {tags {"scripting"}} {
    # ------------------------------------------------------------ globals

    test {Scripts see cjson, cmsgpack, struct and bit as tables} {
        lua {return {type(cjson), type(cmsgpack), type(struct), type(bit), type(cjson.null)}}
    } {table table table table userdata}

    test {The library tables hold what Redis 7.0 exposes} {
        lua {
            local out = {}
            for _, lib in ipairs({cmsgpack, struct, bit, cjson}) do
                local t = {}
                for k, v in pairs(lib) do t[#t + 1] = k .. ':' .. type(v) end
                table.sort(t)
                out[#out + 1] = table.concat(t, ',')
            end
            return out
        }
    } [list \
        {_COPYRIGHT:string,_DESCRIPTION:string,_NAME:string,_VERSION:string,pack:function,unpack:function,unpack_limit:function,unpack_one:function} \
        {pack:function,size:function,unpack:function} \
        {arshift:function,band:function,bnot:function,bor:function,bswap:function,bxor:function,lshift:function,rol:function,ror:function,rshift:function,tobit:function,tohex:function} \
        {_NAME:string,_VERSION:string,decode:function,decode_invalid_numbers:function,decode_max_depth:function,encode:function,encode_invalid_numbers:function,encode_keep_buffer:function,encode_max_depth:function,encode_number_precision:function,encode_sparse_array:function,new:function,null:userdata}]

    test {Library versions} {
        lua {return {cmsgpack._NAME, cmsgpack._VERSION, cjson._NAME, cjson._VERSION}}
    } {cmsgpack {lua-cmsgpack 0.4.0} cjson 2.1.0}

    # ------------------------------------------------------------ cmsgpack.pack

    test {cmsgpack.pack: integers in the smallest type} {
        list [lua {return hex(cmsgpack.pack(1, -1, 0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296))}] \
             [lua {return hex(cmsgpack.pack(-32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649))}]
    } {01ff007fcc80ccffcd0100cdffffce00010000ceffffffffcf0000000100000000 e0d0dfd080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffff}

    test {cmsgpack.pack: float32 when exact, else float64} {
        list [lua {return hex(cmsgpack.pack(1.5, 0.1, -1.5, 3.5e38))}] \
             [lua {return hex(cmsgpack.pack(math.huge, -math.huge, 0/0))}]
    } {ca3fc00000cb3fb999999999999acabfc00000cb47f074f8c4d3cd7b ca7f800000caff800000cbfff8000000000000}

    test {cmsgpack.pack: whole numbers out of the int64 range are floats} {
        lua {return hex(cmsgpack.pack(2^63, 2^64, -2^63, 2^53, -0.0))}
    } {ca5f000000ca5f800000d38000000000000000cf002000000000000000}

    test {cmsgpack.pack: string sizes at the fixstr/str8/str16/str32 boundaries} {
        lua {
            local r = {}
            for _, n in ipairs({0, 31, 32, 255, 256, 65535, 65536}) do
                local p = cmsgpack.pack(string.rep('a', n))
                r[#r + 1] = hex(p:sub(1, 5)) .. ':' .. #p
            end
            return r
        }
    } {a0:1 bf61616161:32 d920616161:34 d9ff616161:257 da01006161:259 daffff6161:65538 db00010000:65541}

    test {cmsgpack.pack: booleans, nil, and types MessagePack has not} {
        lua {return hex(cmsgpack.pack(true, false, nil, hex, coroutine.create(hex)))}
    } {c3c2c0c0c0}

    test {cmsgpack.pack: tables are arrays only when keyed 1..n} {
        lua {
            return {hex(cmsgpack.pack({})), hex(cmsgpack.pack({1, 2, 3})),
                    hex(cmsgpack.pack({1, nil, 3})), hex(cmsgpack.pack({[2] = 5})),
                    hex(cmsgpack.pack({[0] = 1})), hex(cmsgpack.pack({a = 1})),
                    hex(cmsgpack.pack({[true] = 1})), hex(cmsgpack.pack({[2^40] = 1}))}
        }
    } {90 93010203 8201010303 810205 810001 81a16101 81c301 81cf000001000000000001}

    test {cmsgpack.pack: array and map header sizes} {
        lua {
            local a15, a16, a65536, m15, m16 = {}, {}, {}, {}, {}
            for i = 1, 15 do a15[i] = 0; m15['k' .. i] = 0 end
            for i = 1, 16 do a16[i] = 0; m16['k' .. i] = 0 end
            for i = 1, 65536 do a65536[i] = 0 end
            return {hex(cmsgpack.pack(a15):sub(1, 1)), hex(cmsgpack.pack(a16):sub(1, 3)),
                    hex(cmsgpack.pack(a65536):sub(1, 5)), hex(cmsgpack.pack(m15):sub(1, 1)),
                    hex(cmsgpack.pack(m16):sub(1, 3))}
        }
    } {9f dc0010 dd00010000 8f de0010}

    test {cmsgpack.pack: tables nested deeper than 16 become nil} {
        lua {
            local t = {} local c = t
            for i = 1, 20 do c[1] = {} c = c[1] end
            local loop = {} loop[1] = loop
            return {hex(cmsgpack.pack(t)), hex(cmsgpack.pack(loop))}
        }
    } {91919191919191919191919191919191c0 91919191919191919191919191919191c0}

    test {cmsgpack.pack: several values are concatenated} {
        lua {return hex(cmsgpack.pack({a = 1, b = {1, 2}}, 'x', 7))}
    } {82a16101a162920102a17807}

    test {cmsgpack.pack: without input is an error} {
        catch {lua {return cmsgpack.pack()}} e
        set e
    } {*bad argument #0 to 'pack' (MessagePack pack needs input.)*}

    # ------------------------------------------------------------ cmsgpack.unpack

    test {cmsgpack.unpack: round trip of every type} {
        lua {
            local a, b, c, d, e, f = cmsgpack.unpack(cmsgpack.pack(-1.5, 'x', {1, {k = true}}, false, 2^53, -2^63))
            return {tostring(a), b, c[1], tostring(c[2].k), tostring(d), tostring(e), tostring(f)}
        }
    } {-1.5 x 1 true false 9.007199254741e+15 -9.2233720368548e+18}

    test {cmsgpack.unpack: decoding details} {
        lua {
            local r = {}
            for _, s in ipairs({'\207\255\255\255\255\255\255\255\255', '\206\255\255\255\255',
                                '\202\61\204\204\205', '\208\128', '\209\128\0', '\224', '\217\2ab',
                                '\218\0\1a', '\219\0\0\0\1a'}) do
                r[#r + 1] = tostring(cmsgpack.unpack(s))
            end
            return r
        }
    } {-1 4294967295 0.10000000149012 -128 -32768 -32 ab a a}

    test {cmsgpack.unpack: arrays with nil and maps} {
        lua {
            local a = cmsgpack.unpack('\146\192\1')
            local m = cmsgpack.unpack('\222\0\1\161a\1')
            return {tostring(a[1]), a[2], m.a}
        }
    } {nil 1 1}

    test {cmsgpack.unpack: an empty string gives no values} {
        lua {return select('#', cmsgpack.unpack(''))}
    } {0}

    test {cmsgpack.unpack: truncated input} {
        set errs {}
        foreach s {{\217\3ab} {\145} {\219\255\255\255\255a} {\208}} {
            catch {lua "return cmsgpack.unpack('$s')"} e
            lappend errs [string match {*user_script:1: Missing bytes in input.*} $e]
        }
        set errs
    } {1 1 1 1}

    test {cmsgpack.unpack: bin, ext and 0xc1 are a bad format} {
        set errs {}
        foreach s {{\196\1a} {\199\1\1a} {\212\1\1} {\193} {\1\193}} {
            catch {lua "return cmsgpack.unpack('$s')"} e
            lappend errs [string match {*user_script:1: Bad data format in input.*} $e]
        }
        set errs
    } {1 1 1 1 1}

    test {cmsgpack.unpack: nil and NaN map keys} {
        list [lua {return select(2, pcall(cmsgpack.unpack, '\129\192\1'))}] \
             [lua {return select(2, pcall(cmsgpack.unpack, '\129\203\127\248\0\0\0\0\0\0\1'))}]
    } {{table index is nil} {table index is NaN}}

    test {cmsgpack.unpack: argument errors} {
        catch {lua {return cmsgpack.unpack()}} e1
        catch {lua {return cmsgpack.unpack({})}} e2
        list [string match {*bad argument #1 to 'unpack' (string expected, got no value)*} $e1] \
             [string match {*bad argument #1 to 'unpack' (string expected, got table)*} $e2]
    } {1 1}

    test {cmsgpack.unpack: too many values or too deep} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            return {select('#', cmsgpack.unpack(string.rep('\1', 7999))),
                    err(cmsgpack.unpack, string.rep('\1', 8000)),
                    type(cmsgpack.unpack(string.rep('\145', 3999) .. '\1')),
                    err(cmsgpack.unpack, string.rep('\145', 4000) .. '\1'),
                    type(cmsgpack.unpack(string.rep('\129\1', 3999) .. '\1')),
                    err(cmsgpack.unpack, string.rep('\129\1', 4000) .. '\1')}
        }
    } {7999 {stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)} table {stack overflow (in function mp_decode_to_lua_array)} table {stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)}}

    test {cmsgpack.unpack_one: next offset then the value, -1 at the end} {
        lua {
            local s = cmsgpack.pack(1, 2, 3)
            local r = {}
            for _, off in ipairs({0, 1, 2, 3}) do
                r[#r + 1] = table.concat({cmsgpack.unpack_one(s, off)}, ' ')
            end
            r[#r + 1] = table.concat({cmsgpack.unpack_one(s)}, ' ')
            r[#r + 1] = table.concat({cmsgpack.unpack_one('')}, ' ')
            return r
        }
    } {{1 1} {2 2} {-1 3} -1 {1 1} -1}

    test {cmsgpack.unpack_limit: at most limit values; 0 without offset means all} {
        lua {
            local s = cmsgpack.pack(1, 2, 3)
            return {table.concat({cmsgpack.unpack_limit(s, 2)}, ' '),
                    table.concat({cmsgpack.unpack_limit(s, 2, 1)}, ' '),
                    table.concat({cmsgpack.unpack_limit(s, 0)}, ' '),
                    table.concat({cmsgpack.unpack_limit(s, 0, 1)}, ' '),
                    table.concat({cmsgpack.unpack_limit(s, 5, 3)}, ' '),
                    table.concat({cmsgpack.unpack_limit('\1\193\1', 1)}, ' ')}
        }
    } {{2 1 2} {-1 2 3} {1 2 3} 1 -1 {1 1}}

    test {cmsgpack.unpack_one and unpack_limit: offset and limit errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            local s = cmsgpack.pack(1, 2, 3)
            return {err(cmsgpack.unpack_one, s, 4), err(cmsgpack.unpack_one, s, -1),
                    err(cmsgpack.unpack_limit, s, -1), err(cmsgpack.unpack_limit, s, 1, -1),
                    err(cmsgpack.unpack_one, s, 'x'), err(cmsgpack.unpack_limit, s)}
        }
    } {{Start offset 4 greater than input length 3.} {Invalid request to unpack with offset of -1 and limit of 3.} {Invalid request to unpack with offset of 0 and limit of 3.} {Invalid request to unpack with offset of -1 and limit of 3.} {bad argument #2 to '?' (number expected, got string)} {bad argument #2 to '?' (number expected, got no value)}}

    test {cmsgpack.unpack_limit: stack limits} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            return {select('#', cmsgpack.unpack_limit(string.rep('\1', 7998), 7998)),
                    err(cmsgpack.unpack_limit, string.rep('\1', 7999), 7999)}
        }
    } {7999 {stack overflow (in function mp_unpack_full)}}

    # ------------------------------------------------------------ struct

    test {struct.pack: integers, endianness and alignment} {
        lua {
            return {hex(struct.pack('>i3<i3', 1, 2)), hex(struct.pack('!4bi', 1, 2)),
                    hex(struct.pack('!bd', 1, 2)), hex(struct.pack('hHlL', -2, 65535, -3, 7)),
                    hex(struct.pack('>hHlL', -2, 65535, -3, 7)), hex(struct.pack('T', 5))}
        }
    } {000001020000 0100000002000000 01000000000000000000000000000040 fefffffffdffffffffffffff0700000000000000 fffefffffffffffffffffffd0000000000000007 0500000000000000}

    test {struct.pack: out of range values wrap as in Redis} {
        lua {
            return {hex(struct.pack('b', 300)), hex(struct.pack('B', -1)), hex(struct.pack('i', 1.9)),
                    hex(struct.pack('i', -1.9)), hex(struct.pack('L', 2^64)), hex(struct.pack('l', 0/0)),
                    hex(struct.pack('i16', -2)), hex(struct.pack('>i16', -2))}
        }
    } {2c ff 01000000 ffffffff 0000000000000000 0000000000000080 feffffffffffffff0000000000000000 0000000000000000fffffffffffffffe}

    test {struct.pack: floats, strings and padding} {
        lua {
            return {hex(struct.pack('f', 1.5)), hex(struct.pack('>d', 1.5)), hex(struct.pack('s', 'a\0b')),
                    hex(struct.pack('c0', 'abc')), hex(struct.pack('c2', 'abc')), hex(struct.pack('!i2c3', 1, 'abc')),
                    hex(struct.pack('bxb', 1, 2)), hex(struct.pack('i0', 5))}
        }
    } {0000c03f 3ff8000000000000 61006200 616263 6162 0100616263 010002 {}}

    test {struct.unpack: values then the next position} {
        lua {
            local function all(...) local t = {} for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end return table.concat(t, ' ') end
            return {all(struct.unpack('>c2 x s <h', 'ab\0cd\0\1\0')), all(struct.unpack('!4 b i', '\1\0\0\0\2\0\0\0')),
                    all(struct.unpack('i3', '\255\255\255')), all(struct.unpack('I3', '\255\255\255')),
                    all(struct.unpack('bc0', '\1ab')), all(struct.unpack('c1c0', '3abcde')),
                    all(struct.unpack('i', '\1\0\0\0\2', 2)), all(struct.unpack('f', struct.pack('f', 0.1))),
                    all(struct.unpack('i9', '\0\0\0\0\0\0\0\128\255')), all(struct.unpack('I16', string.rep('\255', 16)))}
        }
    } {{ab cd 1 9} {1 2 9} {-1 4} {16777215 4} {a 3} {abc 5} {33554432 6} {0.10000000149012 5} {-128 10} {1.844674407371e+19 17}}

    test {struct.size} {
        lua {return {struct.size('!8bd'), struct.size('bi3d'), struct.size('!2bi16'), struct.size('b!2h'), struct.size('q'), struct.size('c2147483647c2147483647')}}
    } {16 12 18 4 0 4294967294}

    test {struct errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            return {err(struct.pack, 'c5', 'ab'), err(struct.pack, 'i33', 1), err(struct.pack, 'i99999999999', 1),
                    err(struct.pack, '!3i', 1), err(struct.pack, 'q', 1), err(struct.pack, 'i'),
                    err(struct.size, 's'), err(struct.size, 'c0'), err(struct.size, '<>='),
                    err(struct.unpack, 'i', 'ab'), err(struct.unpack, 'c0', 'ab'), err(struct.unpack, 's', 'ab'),
                    err(struct.unpack, 'b', 'ab', 0), err(struct.unpack, 'b', 'ab', -1),
                    err(struct.unpack, string.rep('b', 7998), string.rep('\1', 7998))}
        }
    } {{bad argument #3 to '?' (string too short)} {integral size 33 is larger than limit of 32} {integral size overflow} {alignment 3 is not a power of 2} {bad argument #1 to '?' (invalid format option 'q')} {bad argument #2 to '?' (number expected, got nil)} {bad argument #1 to '?' (option 's' has no fixed size)} {bad argument #1 to '?' (option 'c0' has no fixed size)} {bad argument #1 to '?' (invalid format option '=')} {bad argument #2 to '?' (data string too short)} {format 'c0' needs a previous size} {unfinished string in data} {bad argument #3 to '?' (offset must be 1 or greater)} {bad argument #2 to '?' (data string too short)} {stack overflow (too many results)}}

    test {struct error names the function when called directly} {
        catch {lua {return struct.pack('q', 1)}} e
        set e
    } {*bad argument #1 to 'pack' (invalid format option 'q')*}

    # ------------------------------------------------------------ cjson

    test {cjson.encode: values, escapes and 14 significant digits} {
        lua {
            return {cjson.encode({1, 2, 3}), cjson.encode({a = 1}), cjson.encode({}), cjson.encode('a"b\\c/d\1\31'),
                    cjson.encode(1/3), cjson.encode(0.1), cjson.encode(1e15), cjson.encode(123456789012345678),
                    cjson.encode(cjson.null), cjson.encode({1, nil, 3}), cjson.encode(true)}
        }
    } {{[1,2,3]} {{"a":1}} {{}} {"a\"b\\c\/d\u0001\u001f"} 0.33333333333333 0.1 1e+15 1.2345678901235e+17 null {[1,null,3]} true}

    test {cjson.encode: sparse arrays} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and e or 'error: ' .. e end
            return {err(cjson.encode, {[3] = 1}), err(cjson.encode, {[10] = 1}), err(cjson.encode, {[11] = 1}),
                    err(cjson.encode, {[0] = 1}), err(cjson.encode, {[1] = 1, x = 2})}
        }
    } {{[null,null,1]} {[null,null,null,null,null,null,null,null,null,1]} {error: Cannot serialise table: excessively sparse array} {{"0":1}} {{"1":1,"x":2}}}

    test {cjson.encode: errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            local deep = {} local c = deep
            for i = 1, 1001 do c[1] = {} c = c[1] end
            return {err(cjson.encode, 0/0), err(cjson.encode, math.huge), err(cjson.encode, hex),
                    err(cjson.encode, {[true] = 1}), err(cjson.encode, deep), err(cjson.encode)}
        }
    } {{Cannot serialise number: must not be NaN or Inf} {Cannot serialise number: must not be NaN or Inf} {Cannot serialise function: type not supported} {Cannot serialise boolean: table key must be a number or string} {Cannot serialise, excessive nesting (1001)} {bad argument #1 to '?' (expected 1 argument)}}

    test {cjson.encode: nesting of 1000 is allowed} {
        lua {
            local t = {} local c = t
            for i = 1, 999 do c[1] = {} c = c[1] end
            return #cjson.encode(t)
        }
    } {2000}

    test {cjson.decode: values, null and unicode escapes} {
        lua {
            local t = cjson.decode('{"a":1,"b":[true,false,null]}')
            return {t.a, tostring(t.b[1]), tostring(t.b[2]), tostring(t.b[3] == cjson.null),
                    hex(cjson.decode('"\\u00e9\\u20ac\\ud83d\\ude00"')), tostring(cjson.decode('1e400')),
                    tostring(cjson.decode('NaN')), tostring(cjson.decode('0x10')), tostring(cjson.decode('  12.5  '))}
        }
    } {1 true false true c3a9e282acf09f9880 inf nan 16 12.5}

    test {cjson.decode: errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            return {err(cjson.decode, '[1,2'), err(cjson.decode, ''), err(cjson.decode, '"\\ud83d"'),
                    err(cjson.decode, '{1:2}'), err(cjson.decode, '[1,]'), err(cjson.decode, '1 2'),
                    err(cjson.decode, string.rep('[', 1001) .. string.rep(']', 1001))}
        }
    } {{Expected comma or array end but found T_END at character 5} {Expected value but found T_END at character 1} {Expected value but found invalid unicode escape code at character 2} {Expected object key string but found T_NUMBER at character 2} {Expected value but found T_ARR_END at character 4} {Expected the end but found T_NUMBER at character 3} {Found too many nested data structures (1001) at character 1001}}

    test {cjson settings: defaults, changes, and range errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            local r = {cjson.encode_number_precision(), tostring(cjson.encode_keep_buffer()), cjson.encode_max_depth(),
                       cjson.decode_max_depth(), table.concat({tostring(cjson.encode_sparse_array())}, ' '),
                       tostring(cjson.encode_invalid_numbers()), tostring(cjson.decode_invalid_numbers()),
                       err(cjson.encode_number_precision, 15), err(cjson.encode_number_precision, 0)}
            cjson.encode_number_precision(3)
            r[#r + 1] = cjson.encode(1/3)
            cjson.encode_number_precision(14)
            cjson.encode_invalid_numbers('null')
            r[#r + 1] = cjson.encode({0/0, math.huge})
            cjson.encode_invalid_numbers(false)
            cjson.encode_max_depth(2)
            r[#r + 1] = err(cjson.encode, {{{1}}})
            cjson.encode_max_depth(1000)
            return r
        }
    } {14 true 1000 1000 false false true {bad argument #1 to '?' (expected integer between 1 and 14)} {bad argument #1 to '?' (expected integer between 1 and 14)} 0.333 {[null,null]} {Cannot serialise, excessive nesting (3)}}

    # ------------------------------------------------------------ bit

    test {bit: conversions and hex} {
        lua {
            return {bit.tobit(0xffffffff), bit.tobit(2^32 + 5), bit.tobit(2.5), bit.tobit(3.5), bit.tohex(65535),
                    bit.tohex(-1), bit.tohex(255, -2), bit.tohex(0x12345678, 4), bit.tohex(1, 0), bit.tohex(1, 2^31)}
        }
    } {-1 5 2 4 0000ffff ffffffff FF 5678 {} 00000001}

    test {bit: logic, shifts and rotations} {
        lua {
            return {bit.bnot(0), bit.band(0xff, 0x0f, 0x3), bit.bor(1, 2, 4, 8), bit.bxor(0xff, 0x0f),
                    bit.lshift(1, 31), bit.lshift(1, 33), bit.rshift(-1, 28), bit.arshift(-256, 4),
                    bit.rol(0x12345678, 12), bit.ror(0x12345678, 12), bit.bswap(0x12345678)}
        }
    } {-1 3 15 240 -2147483648 2 15 -16 1164411171 1736516421 2018915346}

    test {bit: argument errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            return {err(bit.tobit, 'x'), err(bit.tobit), err(bit.band, 1, {}), err(bit.tohex, 1, nil)}
        }
    } {{bad argument #1 to '?' (number expected, got string)} {bad argument #1 to '?' (number expected, got no value)} {bad argument #2 to '?' (number expected, got table)} {bad argument #2 to '?' (number expected, got nil)}}

    # ------------------------------------------------------------ math.random

    test {math.randomseed fixes the numbers that follow} {
        lua {
            math.randomseed(42)
            return {tostring(math.random()), math.random(10), math.random(5, 9), math.random(1000000)}
        }
    } {0.74452500033403 4 5 422339}

    test {math.random ranges, including the int wrap-around of wide ones} {
        lua {
            math.randomseed(7)
            return {math.random(-2147483648, 2147483647), math.random(-2147483648, 0), math.random(-5, 2147483647),
                    math.random(2147483647), math.random(1.5)}
        }
    } {-2147483648 -3612143152 -570136712 277263437 1}

    test {A call that fails on its arguments still draws a number} {
        lua {
            math.randomseed(1)
            pcall(math.random, 0) pcall(math.random, 1, 2, 3) pcall(math.random, 'x')
            return tostring(math.random())
        }
    } {0.33598602997884}

    test {The sequence carries over from one script to the next} {
        set a [lua {math.randomseed(42) return math.random(1000000)}]
        set b [lua {return math.random(1000000)}]
        list $a $b
    } {744526 342702}

    test {Two identical scripts draw different numbers} {
        lua {math.randomseed(5) return 0}
        set a [lua {return tostring(math.random())}]
        set b [lua {return tostring(math.random())}]
        expr {$a ne $b}
    } {1}

    test {math.random errors} {
        lua {
            local function err(...) local ok, e = pcall(...) return ok and 'ok' or e end
            return {err(math.random, 0), err(math.random, 3, 1), err(math.random, 1, 2, 3), err(math.random, 'x'),
                    err(math.random, 0, 4294967295), err(math.randomseed)}
        }
    } {{bad argument #1 to '?' (interval is empty)} {bad argument #2 to '?' (interval is empty)} {wrong number of arguments} {bad argument #1 to '?' (number expected, got string)} {bad argument #2 to '?' (interval is empty)} {bad argument #1 to '?' (number expected, got no value)}}
}

start_server {tags {"scripting external:skip"}} {
    # Nothing has drawn a number in this new server: the generator is in its
    # initial state, the same after every restart.
    test {A new server's first script draws the same numbers} {
        lua {return {tostring(math.random()), math.random(10), math.random(5, 9), math.random(1000000)}}
    } {0.39646477363839 9 6 446584}

    test {SCRIPT FLUSH does not restart the sequence} {
        r script flush
        lua {return math.random(1000000)}
    } {318693}
}
