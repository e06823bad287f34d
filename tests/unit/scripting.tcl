# Lua scripting: EVAL, EVALSHA and their _RO forms, the script cache and
# SCRIPT LOAD/EXISTS/FLUSH/KILL/HELP/DEBUG, the redis.* API, conversions
# between replies and Lua values in RESP2 and RESP3, the error formats of
# 7.0, the sandbox, shebang flags, effects replication (seen in the AOF),
# and busy scripts: -BUSY, SCRIPT KILL, UNKILLABLE, SHUTDOWN NOSAVE.
# The default client has db 9 selected.

# The raw reply (its protocol lines) of one command on a fresh client
# speaking RESP `proto`.
proc script_raw {proto args} {
    set c [redis_client]
    if {$proto == 3} { $c hello 3 }
    $c readraw 1
    set res [raw_reply_lines $c [$c {*}$args]]
    $c close
    return $res
}

start_server {tags {"scripting"}} {
    # ---------------------------------------------------- EVAL and EVALSHA

    test {EVAL returns values, KEYS and ARGV} {
        r eval {return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}} 2 k1 k2 a1 a2
    } {k1 k2 a1 a2 2 2}

    test {EVAL with no keys and no arguments sees empty KEYS and ARGV} {
        list [r eval {return #KEYS + #ARGV} 0] [r eval {return ARGV} 0 x y]
    } {0 {x y}}

    test {EVAL numkeys errors} {
        assert_error "ERR Number of keys can't be greater than number of args" {r eval {return 1} 2 a}
        assert_error "ERR Number of keys can't be negative" {r eval {return 1} -1}
        assert_error "ERR value is not an integer or out of range" {r eval {return 1} x}
        assert_error "ERR value is not an integer or out of range" {r eval {return 1} 99999999999999999999}
        assert_error "ERR wrong number of arguments for 'eval' command" {r eval {return 1}}
        assert_error "ERR wrong number of arguments for 'evalsha' command" {r evalsha abc}
    }

    test {EVAL caches the script: EVALSHA runs it, in any case of the SHA} {
        r script flush
        set sha [r script load {return 'cached'}]
        assert_equal $sha [string tolower $sha]
        assert_equal 40 [string length $sha]
        r script flush
        assert_error "NOSCRIPT No matching script. Please use EVAL." {r evalsha $sha 0}
        r eval {return 'cached'} 0
        list [r evalsha $sha 0] [r evalsha [string toupper $sha] 0] [r evalsha_ro $sha 0]
    } {cached cached cached}

    test {EVALSHA of a wrong-length or unknown SHA} {
        assert_error "NOSCRIPT No matching script. Please use EVAL." {r evalsha abc 0}
        assert_error "NOSCRIPT No matching script. Please use EVAL." {r evalsha ffffffffffffffffffffffffffffffffffffffff 0}
        assert_error "NOSCRIPT No matching script. Please use EVAL." {r evalsha_ro abc 0}
    }

    test {The SHA1 of a script is redis.sha1hex of its body} {
        set body {return redis.sha1hex(ARGV[1])}
        assert_equal [r script load $body] [r eval $body 0 $body]
        list [r eval {return redis.sha1hex('')} 0] [r eval {return redis.sha1hex(12)} 0]
    } {da39a3ee5e6b4b0d3255bfef95601890afd80709 7b52009b64fd0a2a49e6d8a939753077792b0554}

    # ------------------------------------------------------------- SCRIPT

    test {SCRIPT LOAD, EXISTS and FLUSH} {
        r script flush
        set sha [r script load {return 2}]
        assert_equal [r script exists $sha [string toupper $sha] abc] {1 1 0}
        assert_equal [r script load {return 2}] $sha
        assert_equal [r script flush async] OK
        assert_equal [r script exists $sha] 0
        r script load {return 2}
        assert_equal [r script flush sync] OK
        assert_equal [r script exists $sha] 0
        assert_error "ERR SCRIPT FLUSH only support SYNC|ASYNC option" {r script flush x}
        assert_error "ERR SCRIPT FLUSH only support SYNC|ASYNC option" {r script flush sync async}
        assert_error "ERR wrong number of arguments for 'script|exists' command" {r script exists}
        assert_error "ERR wrong number of arguments for 'script|load' command" {r script load}
    }

    test {SCRIPT LOAD of a script that does not compile} {
        assert_error {ERR Error compiling script (new function): user_script:1: *} {r script load {return +}}
        assert_error {ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'} {
            r eval {return 1 +} 0
        }
    }

    test {SCRIPT HELP, SCRIPT KILL with nothing running, SCRIPT DEBUG} {
        set help [r script help]
        assert_match "SCRIPT <subcommand> *" [lindex $help 0]
        assert {[lsearch -exact $help "FLUSH \[ASYNC|SYNC\]"] > 0}
        assert_error "NOTBUSY No scripts in execution right now." {r script kill}
        assert_equal [r script debug no] OK
        assert_error "ERR Use SCRIPT DEBUG YES/SYNC/NO" {r script debug maybe}
        assert_error "ERR unknown subcommand 'nosuch'. Try SCRIPT HELP." {r script nosuch}
    }

    test {SCRIPT FLUSH resets the Lua state and the cache counters} {
        r script flush
        r eval {return 1} 0
        r script load {return 2}
        assert_equal [s number_of_cached_scripts] 2
        assert {[s used_memory_scripts_eval] > 0}
        assert {[s used_memory_lua] > 0}
        assert_equal [s used_memory_lua] [s used_memory_vm_eval]
        r script flush
        list [s number_of_cached_scripts] [s used_memory_scripts_eval]
    } {0 0}

    # ------------------------------------------------- Lua values to replies

    test {Lua values to RESP2 replies} {
        assert_equal [script_raw 2 eval {return 3.99} 0] {:3}
        assert_equal [script_raw 2 eval {return -3.99} 0] {:-3}
        assert_equal [script_raw 2 eval {return true} 0] {:1}
        assert_equal [script_raw 2 eval {return false} 0] {{$-1}}
        assert_equal [script_raw 2 eval {return nil} 0] {{$-1}}
        assert_equal [script_raw 2 eval {return {}} 0] {*0}
        assert_equal [script_raw 2 eval {return 'x'} 0] {{$1} x}
        assert_equal [script_raw 2 eval {return redis.status_reply('FINE')} 0] {+FINE}
        # An array ends at its first nil; floats and booleans inside convert too.
        assert_equal [script_raw 2 eval {return {1, 'x', true, false, nil, 4}} 0] {*4 :1 {$1} x :1 {$-1}}
        assert_equal [script_raw 2 eval {return {err=1}} 0] {*0}
        assert_equal [script_raw 2 eval {return {ok=1}} 0] {*0}
        # Nested arrays
        r eval {return {1, {2, {3}}, 'a'}} 0
    } {1 {2 3} a}

    test {Status and error tables lose their CR and LF} {
        list [script_raw 2 eval {return {ok='a\r\nb'}} 0] [script_raw 2 eval {return {err='x\r\ny'}} 0]
    } [list [list "+a  b"] [list "-x  y"]]

    test {Error tables as replies: the text is sent as is} {
        assert_error "-x y" {r eval {return {err='-x y'}} 0}
        assert_error "MY bad" {r eval {return redis.error_reply('MY bad')} 0}
        assert_error "My Error" {r eval {return redis.error_reply('-My Error')} 0}
        assert_equal [script_raw 2 eval {return {err=''}} 0] {-}
        assert_equal [script_raw 2 eval {return redis.error_reply('')} 0] {{-ERR }}
    }

    test {RESP3 types from a script, to a RESP2 and to a RESP3 caller} {
        set res {}
        foreach proto {2 3} {
            lappend res [script_raw $proto eval {return {map={a=1}}} 0]
            lappend res [script_raw $proto eval {return {double=1.5}} 0]
            lappend res [script_raw $proto eval {return {set={a=1}}} 0]
            lappend res [script_raw $proto eval {redis.setresp(3) return {big_number='123'}} 0]
            lappend res [script_raw $proto eval {redis.setresp(3) return {verbatim_string={format='txt', string='hi'}}} 0]
        }
        set res
    } [list {*2 {$1} a :1} {{$3} 1.5} {*1 {$1} a} {{$3} 123} {{$2} hi} \
            {%1 {$1} a :1} {,1.5} {~1 {$1} a} {(123} {=6 txt:hi}]

    test {Booleans: only a RESP3 script returns them as booleans} {
        set res {}
        foreach proto {2 3} {
            lappend res [script_raw $proto eval {return false} 0] [script_raw $proto eval {return true} 0]
            lappend res [script_raw $proto eval {redis.setresp(3) return false} 0]
            lappend res [script_raw $proto eval {redis.setresp(3) return true} 0]
            lappend res [script_raw $proto eval {redis.setresp(3) return nil} 0]
        }
        set res
    } [list [list {$-1}] :1 :0 :1 [list {$-1}] _ :1 [list #f] [list #t] _]

    # ------------------------------------------------- replies to Lua values

    test {Replies to Lua values in RESP2} {
        r del h l nokey
        r hset h a 1
        r rpush l a b
        list [r eval {return type(redis.call('get', 'nokey'))} 0] \
             [r eval {return type(redis.call('ping'))} 0] \
             [r eval {return redis.call('ping')} 0] \
             [r eval {return redis.call('ping').ok} 0] \
             [r eval {return redis.call('hgetall', 'h')} 0] \
             [r eval {return redis.call('lrange', 'l', 0, -1)} 0] \
             [r eval {return redis.call('exists', 'h')} 0] \
             [r eval {return type(redis.call('lpop', 'nokey'))} 0]
    } {boolean table PONG PONG {a 1} {a b} 1 boolean}

    test {Replies to Lua values in RESP3 (redis.setresp(3))} {
        r del h z st nokey
        r hset h a 1
        r zadd z 1.5 a
        r sadd st x
        list [r eval {redis.setresp(3) return redis.call('hgetall', 'h').map.a} 0] \
             [r eval {redis.setresp(3) return tostring(redis.call('zscore', 'z', 'a').double * 2)} 0] \
             [r eval {redis.setresp(3) return tostring(redis.call('smembers', 'st').set.x)} 0] \
             [r eval {redis.setresp(3) return type(redis.call('get', 'nokey'))} 0] \
             [r eval {redis.setresp(3) return type(redis.call('lpop', 'nokey', 1))} 0]
    } {1 3 true nil nil}

    test {A RESP3 reply given back by the script keeps its type for a RESP3 caller} {
        r del h z
        r hset h a 1
        r zadd z 1.5 a
        set res [list [script_raw 3 eval {redis.setresp(3) return redis.call('hgetall', 'h')} 0]]
        lappend res [script_raw 2 eval {redis.setresp(3) return redis.call('hgetall', 'h')} 0]
        lappend res [script_raw 3 eval {redis.setresp(3) return redis.call('zscore', 'z', 'a')} 0]
        lappend res [script_raw 2 eval {redis.setresp(3) return redis.call('zscore', 'z', 'a')} 0]
    } [list {%1 {$1} a {$1} 1} {*2 {$1} a {$1} 1} {,1.5} {{$3} 1.5}]

    test {redis.call arguments: strings and numbers only} {
        assert_equal [r eval {return redis.call('echo', 1.5)} 0] 1.5
        assert_equal [r eval {return redis.call('echo', 10)} 0] 10
        assert_equal [r eval {return redis.call('echo', 1e20)} 0] 1e+20
        assert_error {ERR Lua redis lib command arguments must be strings or integers script: *, on @user_script:1.} {
            r eval {return redis.call('echo', true)} 0
        }
        assert_error {ERR Lua redis lib command arguments must be strings or integers script: *, on @user_script:1.} {
            r eval {return redis.call({})} 0
        }
        assert_error {ERR Please specify at least one argument for this redis lib call script: *, on @user_script:1.} {
            r eval {return redis.call()} 0
        }
        assert_error {ERR Please specify at least one argument for this redis lib call} {r eval {return redis.pcall()} 0}
    }

    # --------------------------------------------------------------- errors

    test {redis.call errors carry the script and line} {
        r set s a
        assert_error {ERR Unknown Redis command called from script script: *, on @user_script:1.} {
            r eval {return redis.call('nosuch')} 0
        }
        assert_error {ERR Wrong number of args calling Redis command from script script: *, on @user_script:1.} {
            r eval {return redis.call('incr', 'x', 'y')} 0
        }
        assert_error {ERR value is not an integer or out of range script: *, on @user_script:1.} {
            r eval {return redis.call('incr', 's')} 0
        }
        assert_error {WRONGTYPE Operation against a key holding the wrong kind of value script: *} {
            r eval {return redis.call('lpush', 's', 1)} 0
        }
        assert_error {ERR Unknown Redis command called from script script: *, on @user_script:2.} {
            r eval "local function f()\n return redis.call('nosuch')\nend\nreturn f()" 0
        }
    }

    test {redis.pcall returns the error table} {
        r set s a
        assert_error {ERR value is not an integer or out of range} {r eval {return redis.pcall('incr', 's')} 0}
        assert_error {ERR Unknown Redis command called from script} {r eval {return redis.pcall('nosuch')} 0}
        r eval {return redis.pcall('nosuch').err} 0
    } {ERR Unknown Redis command called from script}

    test {Commands not allowed from scripts} {
        foreach cmd {{multi} {subscribe ch} {script load x} {eval {return 1} 0} {client list} {blpop l 0}
                     {brpoplpush a b 0} {bzpopmin z 0}} {
            assert_error {ERR This Redis command is not allowed from script script: *} {
                r eval "return redis.call('[join $cmd "','"]')" 0
            }
        }
    }

    test {XREAD and XREADGROUP with BLOCK are refused from scripts, without BLOCK they run} {
        r del s
        r xadd s 1-1 f v
        r xgroup create s g 0
        assert_error {ERR xread command is not allowed with BLOCK option from scripts script: *} {
            r eval "return redis.call('xread','block','0','streams','s','\$')" 0
        }
        assert_error {ERR xreadgroup command is not allowed with BLOCK option from scripts script: *} {
            r eval "return redis.call('xreadgroup','group','g','c','block','0','streams','s','>')" 0
        }
        # Refused before the timeout is even read, as in 7.0.
        assert_error {ERR xread command is not allowed with BLOCK option from scripts script: *} {
            r eval "return redis.call('xread','block','x','streams','s','\$')" 0
        }
        assert_equal {{s {{1-1 {f v}}}}} [r eval "return redis.call('xread','streams','s','0')" 0]
        assert_equal {{s {{1-1 {f v}}}}} [r eval "return redis.call('xreadgroup','group','g','c','streams','s','>')" 0]
        # Inside MULTI the same BLOCK is accepted and simply does not block.
        r multi
        r xread block 0 streams s $
        assert_equal {{}} [r exec]
    }
    test {error() with strings, numbers, nil and tables} {
        assert_error {ERR user_script:1: boom script: *, on @user_script:1.} {r eval {return error('boom')} 0}
        assert_error {ERR boom script: *, on @user_script:1.} {r eval {error('boom', 0)} 0}
        assert_error {ERR ERR boom script: *} {r eval {error('ERR boom', 0)} 0}
        assert_error {ERR user_script:1: 123 script: *} {r eval {return error(123)} 0}
        assert_error {ERR nil script: *} {r eval {return error()} 0}
        assert_error {ERR true script: *} {r eval {error(true)} 0}
        assert_error {ERR function: 0x* script: *} {r eval {error(function() end)} 0}
        assert_error {5 script: *, on @user_script:1.} {r eval {error({err=5})} 0}
        assert_error {My Error script: *, on @user_script:1.} {r eval {return error({err='My Error'})} 0}
        # The position is where the error was raised, whatever the table says.
        assert_error {FOO x script: *, on @user_script:1.} {r eval {error({err='FOO x', source='s', line=5})} 0}
        assert_error {ERR user_script:2: x script: *, on @user_script:2.} {r eval "local a = 1\nerror('x')" 0}
    }

    test {pcall in a script catches Redis errors as their message} {
        list [r eval {return {pcall(redis.call, 'nosuch')}} 0] \
             [r eval {local ok, e = pcall(error, {err='FOO x'}) return type(e)} 0] \
             [r eval {local ok, e = pcall(error, {}) return type(e)} 0] \
             [r eval {local ok, e = xpcall(function() error({err='X y'}) end, function(e) return e end) return type(e)} 0] \
             [r eval {local ok, e = pcall(error, 'x') return e} 0]
    } {{{} {ERR Unknown Redis command called from script}} string table table x}

    test {A caught redis.call error raised again is a plain error} {
        assert_error {ERR ERR Unknown Redis command called from script script: *} {
            r eval {local ok, e = pcall(redis.call, 'nosuch') error(e, 0)} 0
        }
    }

    # ------------------------------------------------------------ redis.*

    test {redis.* API argument errors} {
        assert_error {ERR RESP version must be 2 or 3. script: *} {r eval {redis.setresp(4)} 0}
        assert_error {ERR redis.setresp() requires one argument. script: *} {r eval {redis.setresp()} 0}
        assert_error {ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE. script: *} {
            r eval {redis.set_repl(99)} 0
        }
        assert_error {ERR redis.set_repl() requires two arguments. script: *} {r eval {redis.set_repl()} 0}
        assert_error {ERR redis.log() requires two arguments or more. script: *} {r eval {redis.log()} 0}
        assert_error {ERR redis.log() requires two arguments or more. script: *} {r eval {redis.log(redis.LOG_WARNING)} 0}
        assert_error {ERR Invalid debug level. script: *} {r eval {redis.log(99, 'x')} 0}
        assert_error {ERR wrong number of arguments script: *} {r eval {return redis.sha1hex()} 0}
        assert_error {ERR wrong number of arguments script: *} {r eval {return redis.sha1hex(1, 2)} 0}
        assert_error {ERR wrong number or type of arguments} {r eval {return redis.error_reply()} 0}
        assert_error {ERR wrong number or type of arguments} {r eval {return redis.error_reply(1)} 0}
        assert_error {ERR wrong number or type of arguments} {r eval {return redis.status_reply({})} 0}
        assert_error {ERR Invalid command passed to redis.acl_check_cmd() script: *} {r eval {return redis.acl_check_cmd('nosuch')} 0}
    }

    test {redis.* constants and the calls that do nothing outside the debugger} {
        list [r eval {return redis.REDIS_VERSION} 0] [r eval {return redis.REDIS_VERSION_NUM} 0] \
             [r eval {return redis.REPL_ALL .. redis.REPL_AOF .. redis.REPL_NONE .. redis.REPL_REPLICA .. redis.REPL_SLAVE} 0] \
             [r eval {return redis.LOG_DEBUG .. redis.LOG_VERBOSE .. redis.LOG_NOTICE .. redis.LOG_WARNING} 0] \
             [r eval {return redis.replicate_commands()} 0] [r eval {return redis.breakpoint()} 0] \
             [r eval {return redis.debug('x')} 0] [r eval {return redis.acl_check_cmd('get', 'x')} 0]
    } {7.0.15 458767 31022 0123 1 {} {} 1}

    test {redis.log writes to the server log at its level} {
        r eval {redis.log(redis.LOG_WARNING, 'scripting-log-test', 'two', 3)} 0
        r eval {redis.log(redis.LOG_DEBUG, 'scripting-log-hidden')} 0
        wait_for_log_pattern "*# scripting-log-test two 3*"
        count_log_lines "*scripting-log-hidden*"
    } {0}

    test {The redis table lists its API} {
        r eval {local t = {} for k, v in pairs(redis) do t[#t+1] = k end table.sort(t) return t} 0
    } {LOG_DEBUG LOG_NOTICE LOG_VERBOSE LOG_WARNING REDIS_VERSION REDIS_VERSION_NUM REPL_ALL REPL_AOF REPL_NONE REPL_REPLICA REPL_SLAVE acl_check_cmd breakpoint call debug error_reply log pcall replicate_commands set_repl setresp sha1hex status_reply}

    # -------------------------------------------------------------- sandbox

    test {Globals: reading a missing one or creating one is an error} {
        assert_error {ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: *} {r eval {return x} 0}
        assert_error {ERR user_script:1: Attempt to modify a readonly table script: *} {r eval {x = 1} 0}
        assert_error {ERR user_script:1: Attempt to modify a readonly table script: *} {r eval {_G.x = 1} 0}
        assert_error {ERR Attempt to modify a readonly table script: *, on @user_script:1.} {r eval {rawset(_G, 'x', 1)} 0}
        assert_error {ERR Attempt to modify a readonly table script: *} {r eval {setmetatable(_G, nil)} 0}
        assert_error {ERR user_script:1: Attempt to modify a readonly table script: *} {r eval {local m = getmetatable(_G); m.__index = nil} 0}
        r eval {local t = {} t.x = 1 return t.x} 0
    } {1}

    test {Libraries and redis are read-only} {
        foreach stmt {{redis.call = nil} {redis.x = 1} {string.x = 1} {math.x = 1} {table.x = 1}
                      {cjson.x = 1} {bit.x = 1} {coroutine.x = 1} {getmetatable('').__index = 1}} {
            assert_error {ERR user_script:1: Attempt to modify a readonly table script: *} {r eval $stmt 0}
        }
        list [r eval {return getmetatable('').__index == string} 0] [r eval {return ('x'):upper()} 0] \
             [r eval {return rawget(_G, 'redis') ~= nil} 0] [r eval {return type(getmetatable(redis))} 0] \
             [r eval {return #string} 0]
    } {1 X 1 nil 0}

    test {Only the allowed globals exist} {
        foreach name {os io require loadfile dofile module print debug getfenv setfenv newproxy} {
            assert_error "ERR user_script:1: Script attempted to access nonexistent global variable '$name' script: *" {
                r eval "return type($name)" 0
            }
        }
        r eval {local t = {} for k, v in pairs(_G) do t[#t+1] = k end table.sort(t) return t} 1 k
    } {ARGV KEYS _G _VERSION __redis__err__handler assert bit cjson cmsgpack collectgarbage coroutine error gcinfo getmetatable ipairs load loadstring math next pairs pcall rawequal rawget rawset redis select setmetatable string struct table tonumber tostring type unpack xpcall}

    test {Chunks loaded by a script are sandboxed too, and bytecode is refused} {
        assert_error {ERR *Attempt to modify a readonly table script: *} {r eval {loadstring('x=1')()} 0}
        assert_equal [r eval {return loadstring('return 1')()} 0] 1
        assert_equal [r eval {local f = loadstring('return 5', 'name') return f()} 0] 5
        assert_match {*:1: unexpected symbol near 'char(27)'} \
            [r eval {local f, e = loadstring(string.dump(function() return 1 end)) return e} 0]
        assert_match {*:1: unexpected symbol near 'char(27)'} [r eval {local f, e = loadstring('\27LuaQ') return e} 0]
        r eval {local n = 0; local f, e = load(function() n = n + 1; if n == 1 then return '\27Lua' end end) return {type(f), e}} 0
    } {nil {(load):1: unexpected symbol near 'char(27)'}}

    test {A bytecode script body is refused} {
        assert_error {ERR Error compiling script (new function): user_script:1: unexpected symbol near 'char(27)'} {
            r eval "\x1bLuaQ\x00" 0
        }
    }

    test {Coroutines share the read-only globals} {
        r eval {local co = coroutine.create(function() x = 1 end) local ok, e = coroutine.resume(co) return {tostring(ok), e}} 0
    } {false {user_script:1: Attempt to modify a readonly table}}

    test {The libraries are there} {
        list [r eval {return cjson.encode({1, 2})} 0] [r eval {return bit.band(7, 3)} 0] \
             [r eval {return struct.unpack('>I2', struct.pack('>I2', 5))} 0] \
             [r eval {return cmsgpack.unpack(cmsgpack.pack('abc'))} 0] [r eval {return _VERSION} 0]
    } {{[1,2]} 3 5 abc {Lua 5.1}}

    test {math.random continues its sequence from one script to the next} {
        set a [r eval {return {math.random(1000000), math.random(1000000)}} 0]
        set b [r eval {return {math.random(1000000), math.random(1000000)}} 0]
        set c [r eval {math.randomseed(7) return {math.random(1000000), math.random(1000000)}} 0]
        set d [r eval {math.randomseed(7) return {math.random(1000000), math.random(1000000)}} 0]
        assert_equal $c $d
        assert {$a ne $b}
    }

    # ----------------------------------------------------- running commands

    test {SELECT inside a script changes only the script's database} {
        r select 9
        r del k
        r eval {redis.call('select', 10) redis.call('set', 'k', 'in10') return redis.call('get', 'k')} 0
        set res [list [r exists k]]
        r select 10
        lappend res [r get k]
        r del k
        r select 9
        set res
    } {0 in10}

    test {A script inside MULTI/EXEC} {
        r del cnt
        r multi
        r eval {return redis.call('incr', KEYS[1])} 1 cnt
        r eval {return redis.call('lpop', 'nolist')} 0
        r incr cnt
        r exec
    } {1 {} 2}

    test {Time stands still for keys during a script: a key expiring meanwhile is still there} {
        r set ek v px 50
        set res [r eval {local t = redis.call('time') local start = t[1] * 1000000 + t[2]
                         while true do
                             t = redis.call('time')
                             if t[1] * 1000000 + t[2] - start > 120000 then break end
                         end
                         return {redis.call('get', 'ek'), redis.call('exists', 'ek')}} 0]
        list $res [r exists ek]
    } {{v 1} 0}

    test {Commands called from scripts are counted in INFO commandstats} {
        r config resetstat
        r eval {redis.call('set', 'statkey', 1) redis.call('set', 'statkey', 2) return redis.call('get', 'statkey')} 0
        list [string match {*cmdstat_set:calls=2,*} [r info commandstats]] \
             [string match {*cmdstat_eval:calls=1,*} [r info commandstats]] \
             [string match {*cmdstat_get:calls=1,*} [r info commandstats]]
    } {1 1 1}

    test {Errors of redis.call and redis.pcall are counted once in INFO errorstats} {
        r config resetstat
        r set s a
        catch {r eval {return redis.call('incr', 's')} 0}
        catch {r eval {return redis.pcall('incr', 's')} 0}
        catch {r eval {return redis.call('nosuch')} 0}
        catch {r eval {return redis.call('set')} 0}
        catch {r eval {error('x')} 0}
        catch {r eval {return redis.error_reply('MY err')} 0}
        r eval {local ok, e = pcall(redis.call, 'incr', 's') return 1} 0
        set info [r info errorstats]
        assert_match {*errorstat_ERR:count=6*} $info
        assert_match {*errorstat_MY:count=1*} $info
        assert_equal [s total_error_replies] 7
        set stats [r info commandstats]
        assert_match {*cmdstat_incr:calls=3,*rejected_calls=0,failed_calls=3*} $stats
        assert_match {*cmdstat_set:*rejected_calls=1,failed_calls=0*} $stats
        assert_match {*cmdstat_eval:calls=7,*rejected_calls=0,failed_calls=6*} $stats
        r eval {local t = redis.pcall('incr', 's') return tostring(t.ignore_error_stats_update)} 0
    } {true}

    test {MONITOR shows EVAL, then the commands the script ran} {
        set rd [redis_deferring_client]
        $rd monitor
        assert_equal [$rd read] OK
        r eval {redis.call('set', 'monkey', 1) return redis.call('get', 'monkey')} 0
        set lines {}
        for {set j 0} {$j < 3} {incr j} { lappend lines [$rd read] }
        $rd close
        assert_match {*\[9 127.0.0.1:*\] "eval" "redis.call('set', 'monkey', 1) return redis.call('get', 'monkey')" "0"} [lindex $lines 0]
        assert_match {*\[9 lua\] "set" "monkey" "1"} [lindex $lines 1]
        assert_match {*\[9 lua\] "get" "monkey"} [lindex $lines 2]
    }

    # ---------------------------------------------------- flags and EVAL_RO

    test {Shebang errors} {
        assert_error {ERR Invalid script shebang} {r eval {#!lua} 0}
        assert_error {ERR Unexpected engine in script shebang: #!luax} {r eval "#!luax\nreturn 1" 0}
        assert_error {ERR Unexpected engine in script shebang: #!} {r eval "#! lua\nreturn 1" 0}
        assert_error {ERR Unexpected flag in script shebang: bad} {r eval "#!lua flags=bad\nreturn 1" 0}
        assert_error {ERR Unexpected flag in script shebang: } {r eval "#!lua flags=no-writes,\nreturn 1" 0}
        assert_error {ERR Unknown lua shebang option: foo=bar} {r eval "#!lua foo=bar\nreturn 1" 0}
        assert_error {ERR Unknown lua shebang option: name=x} {r script load "#!lua name=x\nreturn 1"}
    }

    test {Shebang flags are accepted, the line counts for line numbers} {
        assert_error {ERR user_script:2: x script: *, on @user_script:2.} {r eval "#!lua\nreturn error('x')" 0}
        list [r eval "#!lua\nreturn 1" 0] [r eval "#!lua flags=\nreturn 2" 0] \
             [r eval "#!lua  flags=no-writes,allow-oom\nreturn 3" 0] \
             [r eval "#!lua flags=allow-stale,allow-cross-slot-keys,no-cluster\nreturn 4" 0]
    } {1 2 3 4}

    test {no-writes scripts and EVAL_RO refuse writes} {
        r del x
        assert_error {ERR Write commands are not allowed from read-only scripts. script: *, on @user_script:2.} {
            r eval "#!lua flags=no-writes\nreturn redis.call('set','x',1)" 0
        }
        assert_error {ERR Write commands are not allowed from read-only scripts. script: *, on @user_script:1.} {
            r eval_ro {return redis.call('set','x',1)} 0
        }
        assert_error {ERR Can not execute a script with write flag using \*_ro command.} {r eval_ro "#!lua\nreturn 1" 0}
        set sha [r script load "#!lua\nreturn 1"]
        assert_error {ERR Can not execute a script with write flag using \*_ro command.} {r evalsha_ro $sha 0}
        r set x v
        list [r eval_ro {return redis.call('get','x')} 0] [r eval_ro "#!lua flags=no-writes\nreturn redis.call('get','x')" 0] \
             [r eval "#!lua\nreturn redis.call('set','x',2)" 0] [r get x]
    } {v v OK 2}

    test {CLIENT PAUSE WRITE holds scripts that may write, not read-only ones} {
        r del pausekey
        r client pause 100000 write
        set rd [redis_deferring_client]
        $rd eval {return redis.call('incr', 'pausekey')} 0
        set sha [r script load "#!lua\nreturn redis.call('incr', 'pausekey')"]
        set rd2 [redis_deferring_client]
        $rd2 evalsha $sha 0
        # Read-only scripts run during the pause.
        set res [list [r eval_ro {return redis.call('get', 'pausekey')} 0] \
                      [r eval "#!lua flags=no-writes\nreturn redis.call('exists', 'pausekey')" 0]]
        r client unpause
        lappend res [$rd read] [$rd2 read] [r get pausekey]
        $rd close
        $rd2 close
        set res
    } {{} 0 1 2 2}

    test {OOM: compatibility scripts fail at their first write, shebang scripts before running} {
        r set oomkey v
        r config set maxmemory 1
        catch {r eval {return redis.call('set', 'oomkey', 'w')} 0} e1
        set read [r eval {return redis.call('get', 'oomkey')} 0]
        catch {r eval "#!lua\nreturn redis.call('get', 'oomkey')" 0} e2
        set ro [r eval "#!lua flags=no-writes\nreturn redis.call('get', 'oomkey')" 0]
        set allowed [r eval "#!lua flags=allow-oom\nreturn redis.call('set', 'oomkey', 'w')" 0]
        r config set maxmemory 0
        assert_match {OOM command not allowed when used memory > 'maxmemory'. script: *, on @user_script:1.} $e1
        assert_equal $e2 {OOM command not allowed when used memory > 'maxmemory'.}
        list $read $ro $allowed [r get oomkey]
    } {v v OK w}
}

start_server {tags {"scripting"} overrides {appendonly yes appendfsync always}} {
    test {Effects replication: the commands a script ran, wrapped in MULTI/EXEC} {
        set got [aof_appended {
            r eval {redis.call('set', 'a', 1) redis.call('incr', 'a')} 0
            r eval {redis.call('set', 'b', 1)} 0
            r eval {return redis.call('get', 'a')} 0
        }]
        set got
    } {MULTI {set a 1} {incr a} EXEC {set b 1}}

    test {redis.set_repl decides what reaches the AOF} {
        aof_appended {
            r eval {redis.set_repl(redis.REPL_NONE) redis.call('set', 'c', 1) redis.set_repl(redis.REPL_ALL) redis.call('set', 'd', 1)} 0
            r eval {redis.set_repl(redis.REPL_REPLICA) redis.call('set', 'e', 1)} 0
            r eval {redis.set_repl(redis.REPL_AOF) redis.call('set', 'f', 1)} 0
        }
    } {{set d 1} {set f 1}}

    test {Determinism rewrites of script commands reach the AOF} {
        set got [aof_appended {
            r eval {redis.call('set', 'g', 1, 'EX', 100) redis.call('lpush', 'l', 'a') redis.call('rpop', 'l')} 0
        }]
        assert_equal [llength $got] 5
        list [lindex $got 0] [string match {SET g 1 PXAT *} [lindex $got 1]] [lrange $got 2 end]
    } {MULTI 1 {{lpush l a} {rpop l} EXEC}}
}

start_server {tags {"scripting"}} {
    test {A busy script: -BUSY for others, SCRIPT KILL stops it, the server serves on} {
        r config set busy-reply-threshold 50
        set rd [redis_deferring_client]
        $rd eval {local i = 0 while true do i = i + 1 end} 0
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        assert_error {BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.} {$other get x}
        assert_error {BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.} {$other shutdown}
        assert_error {BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.} {$other client list}
        assert_equal [$other script kill] OK
        assert_error {ERR Script killed by user with SCRIPT KILL... script: *, on @user_script:1.} {$rd read}
        wait_for_log_pattern "*Slow script detected: still in execution after * milliseconds. You can try killing the script using the SCRIPT KILL command. Script name is: *"
        wait_for_log_pattern "*Lua script killed by user with SCRIPT KILL.*"
        assert_equal [$other ping] PONG
        assert_equal [r ping] PONG
        $rd close
        $other close
    }

    test {A pcall in the script cannot catch SCRIPT KILL} {
        set rd [redis_deferring_client]
        $rd eval {while true do pcall(function() local i = 0 while true do i = i + 1 end end) end} 0
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        assert_equal [$other script kill] OK
        assert_error {ERR Script killed by user with SCRIPT KILL...*} {$rd read}
        assert_equal [$other ping] PONG
        $rd close
        $other close
    }

    test {A busy script inside MULTI/EXEC, killed: EXEC answers, the transaction goes on} {
        set rd [redis_deferring_client]
        $rd multi
        $rd read
        $rd set before 1
        $rd read
        $rd eval {local i = 0 while true do i = i + 1 end} 0
        $rd read
        $rd set after 1
        $rd read
        # Connected (and in db 9) before the server is busy.
        set other [redis_client]
        $rd exec
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        assert_equal [$other script kill] OK
        $rd readraw 1
        set res [raw_reply_lines $rd]
        assert_equal [lindex $res 0] *3
        assert_equal [lindex $res 1] +OK
        assert_match {-ERR Script killed by user with SCRIPT KILL...*} [lindex $res 2]
        assert_equal [lindex $res 3] +OK
        assert_equal [$other mget before after] {1 1}
        $rd close
        $other close
    }

    test {The caller's pipelined commands wait for the busy script} {
        set rd [redis_deferring_client]
        $rd eval {local i = 0 while true do i = i + 1 end} 0
        $rd ping
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        $other script kill
        assert_error {ERR Script killed by user*} {$rd read}
        assert_equal [$rd read] PONG
        $rd close
        $other close
    }

    test {A busy script that ends by itself answers its caller; clients that left meanwhile are gone} {
        set rd [redis_deferring_client]
        $rd eval {local t = redis.call('time') local start = t[1] * 1000000 + t[2]
                  local n = 0
                  while true do
                      n = n + 1
                      if n % 10000 == 0 then
                          t = redis.call('time')
                          if t[1] * 1000000 + t[2] - start > 300000 then break end
                      end
                  end
                  return 'finished'} 0
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        # A client that connects and leaves while the server is busy.
        set gone [redis_client]
        $gone close
        assert_equal [$rd read] finished
        assert_equal [$other ping] PONG
        $rd ping
        assert_equal [$rd read] PONG
        $rd close
        $other close
    }

    test {UNKILLABLE once the script wrote} {
        set rd [redis_deferring_client]
        $rd eval {redis.call('set', 'w', 1) local n = 0 while true do n = n + 1 end} 0
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        assert_error {UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.} {
            $other script kill
        }
        $rd close
        $other close
    }

    test {SHUTDOWN NOSAVE ends a server stuck in a script that wrote} {
        set other [redis_client]
        catch {$other shutdown nosave}
        set pid [srv 0 pid]
        wait_for_condition 100 50 {![pid_alive $pid]} else { fail "the server is still running" }
        $other close
    }
}
