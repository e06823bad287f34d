# FUNCTION and FCALL: loading libraries (metadata, the load-time sandbox,
# redis.register_function and every error it raises, the load timeout),
# calling functions (FCALL, FCALL_RO, flags, runtime errors), FUNCTION
# LIST / STATS / DELETE / FLUSH / DUMP / RESTORE / KILL / HELP, busy
# functions, and persistence (DEBUG RELOAD, restart, the AOF).  Every
# expected text is what Redis 7.0.15 answers.

# Raw replies of one command on a fresh client, protocol `proto`: the
# first line, then `more` further lines.
proc fn_raw {proto more args} {
    set c [redis_client]
    if {$proto == 3} { $c hello 3 }
    $c readraw 1
    set res [list [$c {*}$args]]
    for {set j 0} {$j < $more} {incr j} { lappend res [$c read] }
    $c close
    return $res
}

# The error of FUNCTION LOAD for a library whose code after the shebang
# line is `body`.
proc fn_load_error {body {name lib}} {
    if {![catch {r function load "#!lua name=$name\n$body"} e]} {
        r function delete $name
    }
    return $e
}

# A library's entry of FUNCTION LIST as a dict, its functions sorted by
# name, each function a dict too.
proc fn_list_lib {name args} {
    set lib [lindex [r function list libraryname $name {*}$args] 0]
    set funcs {}
    foreach f [dict get $lib functions] { lappend funcs $f }
    dict set lib functions [lsort -index 1 $funcs]
    return $lib
}

start_server {tags {"functions"}} {
    # ------------------------------------------------------ FUNCTION LOAD

    test {FUNCTION LOAD replies the library name, FCALL gets keys and args} {
        r function flush
        assert_equal [r function load "#!lua name=mylib\nredis.register_function('echo', function(keys, args) return {keys, args, #keys, #args} end)"] mylib
        r fcall echo 2 k1 k2 a1 a2 a3
    } {{k1 k2} {a1 a2 a3} 2 3}

    test {FCALL with no keys and no args} {
        r fcall echo 0
    } {{} {} 0 0}

    test {Function names are case-insensitive, library names are not} {
        assert_equal [r fcall ECHO 1 x] {x {} 1 0}
        assert_error {ERR Function ECHO already exists} {
            r function load "#!lua name=other\nredis.register_function('ECHO', function() return 1 end)"
        }
        # Another library name in another case is another library.
        assert_equal [r function load "#!lua name=MYLIB\nredis.register_function('echo2', function() return 2 end)"] MYLIB
        assert_error {ERR Library not found} {r function delete Mylib}
        r function delete MYLIB
    } {OK}

    test {FUNCTION LOAD metadata errors} {
        set res {}
        foreach code [list "return 1" "#!lua" "#!lua name=a" "#!lua name=a foo=bar\nx" \
                          "#!lua name=a name=b\nx" "#!lux name=a\nx" "#!lua name=a-b\nx" \
                          "#!lua name=\nx" "#!  lua name=x\nx" "#!lux name=a-b\nx" \
                          "#!lua name=\"ab\nx" "#!lua\nx" "#!lua name=\"a b\"\nx"] {
            catch {r function load $code} e
            lappend res $e
        }
        set res
    } [list {ERR Missing library metadata} \
            {ERR Invalid library metadata} \
            {ERR Invalid library metadata} \
            {ERR Invalid metadata value given: foo=bar} \
            {ERR Invalid metadata value, name argument was given multiple times} \
            {ERR Engine 'lux' not found} \
            {ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long} \
            {ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long} \
            {ERR Invalid metadata value given: lua} \
            {ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long} \
            {ERR Invalid library metadata} \
            {ERR Library name was not given} \
            {ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long}]

    test {The shebang's engine and name= are case-insensitive} {
        assert_equal [r function load "#!LUA NAME=CaseLib\nredis.register_function('casefn', function() return 'c' end)"] CaseLib
        r fcall casefn 0
    } {c}

    test {FUNCTION LOAD options: REPLACE, unknown options} {
        assert_error {ERR Unknown option given: foo} {r function load foo "#!lua name=x\nx"}
        assert_error {ERR Library 'mylib' already exists} {
            r function load "#!lua name=mylib\nredis.register_function('echo', function() return 1 end)"
        }
        assert_equal [r function load replace "#!lua name=mylib\nredis.register_function('echo', function() return 'new' end)"] mylib
        assert_equal [r fcall echo 0] new
        # REPLACE may be repeated.
        r function load REPLACE replace "#!lua name=mylib\nredis.register_function('echo', function() return 'newer' end)"
        r fcall echo 0
    } {newer}

    test {A failed REPLACE keeps the old library} {
        assert_error {ERR No functions registered} {r function load replace "#!lua name=mylib\nlocal x = 1"}
        assert_error {ERR Function casefn already exists} {
            r function load replace "#!lua name=mylib\nredis.register_function('casefn', function() return 1 end)"
        }
        r fcall echo 0
    } {newer}

    test {A library that registers nothing, or compiles with errors} {
        list [fn_load_error {local x = 1}] [fn_load_error {x(}] [fn_load_error "\n\nreturn +"]
    } {{ERR No functions registered} {ERR Error compiling function: user_function:2: unexpected symbol near '<eof>'} {ERR Error compiling function: user_function:4: unexpected symbol near '+'}}

    test {redis.register_function argument errors} {
        set res {}
        foreach body {
            {redis.register_function('f$', function() return 1 end)}
            {redis.register_function('', function() return 1 end)}
            {redis.register_function('g', 1)}
            {redis.register_function(1.5, 'x')}
            {redis.register_function({}, function() end)}
            {redis.register_function('g')}
            {redis.register_function('g', function() end, 3)}
            {redis.register_function()}
            {redis.register_function{function_name='g'}}
            {redis.register_function{callback=function() end}}
            {redis.register_function{}}
            {redis.register_function{function_name='g', callback=function() end, flags='x'}}
            {redis.register_function{function_name='g', callback=function() end, flags={'x'}}}
            {redis.register_function{function_name='g', callback=function() end, flags={1}}}
            {redis.register_function{function_name='g', callback=function() end, description={}}}
            {redis.register_function{function_name='g', callback=function() end, foo=1}}
            {redis.register_function{function_name={}, callback=function() end}}
            {redis.register_function{function_name='g', callback=1}}
            {redis.register_function{[1]='g', callback=function() end}}
            {redis.register_function{[true]='g', callback=function() end}}
            {redis.register_function('g', function() end) redis.register_function('g', function() end)}
        } {
            lappend res [fn_load_error $body]
        }
        set res
    } [list \
        {ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long} \
        {ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long} \
        {ERR Error registering functions: ERR second argument to redis.register_function must be a function} \
        {ERR Error registering functions: ERR second argument to redis.register_function must be a function} \
        {ERR Error registering functions: ERR first argument to redis.register_function must be a string} \
        {ERR Error registering functions: ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).} \
        {ERR Error registering functions: ERR wrong number of arguments to redis.register_function} \
        {ERR Error registering functions: ERR wrong number of arguments to redis.register_function} \
        {ERR Error registering functions: ERR redis.register_function must get a callback argument} \
        {ERR Error registering functions: ERR redis.register_function must get a function name argument} \
        {ERR Error registering functions: ERR redis.register_function must get a function name argument} \
        {ERR Error registering functions: ERR flags argument to redis.register_function must be a table representing function flags} \
        {ERR Error registering functions: ERR unknown flag given} \
        {ERR Error registering functions: ERR unknown flag given} \
        {ERR Error registering functions: ERR description argument given to redis.register_function must be a string} \
        {ERR Error registering functions: ERR unknown argument given to redis.register_function} \
        {ERR Error registering functions: ERR function_name argument given to redis.register_function must be a string} \
        {ERR Error registering functions: ERR callback argument given to redis.register_function must be a function} \
        {ERR Error registering functions: ERR unknown argument given to redis.register_function} \
        {ERR Error registering functions: ERR named argument key given to redis.register_function is not a string} \
        {ERR Error registering functions: ERR Function already exists in the library}]

    test {Numbers are accepted as function names and descriptions} {
        r function load "#!lua name=numlib\nredis.register_function{function_name=7, callback=function() return 'seven' end, description=42}"
        list [r fcall 7 0] [dict get [lindex [dict get [lindex [r function list libraryname numlib] 0] functions] 0] description]
    } {seven 42}

    test {The load-time sandbox: only register_function, log and the version} {
        set res {}
        foreach body {
            {redis.call('ping')}
            {redis.pcall('ping')}
            {redis.setresp(3)}
            {redis.set_repl(redis.REPL_ALL)}
            {return math.random()}
            {return string.len('a')}
            {return cjson}
            {error('boom')}
            {print(1)}
            {a = 1}
            {_G.x = 1}
            {redis.x = 1}
            {redis.math.random()}
            {local a = 1 return pairs}
        } {
            lappend res [fn_load_error $body]
        }
        set res
    } [list \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'pcall'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'setresp'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'set_repl'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'math'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'string'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'cjson'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'error'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'print'} \
        {ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable '_G'} \
        {ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'math'} \
        {ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'pairs'}]

    test {redis.log and the version constants work at load time} {
        r function load replace "#!lua name=loglib
local v = redis.REDIS_VERSION
local n = redis.REDIS_VERSION_NUM
redis.log(redis.LOG_WARNING, 'loading loglib for ' .. v)
redis.register_function('ver', function() return {v, n} end)"
        wait_for_log_pattern "*loading loglib for 7.0.15*"
        r fcall ver 0
    } [list 7.0.15 [expr {7 * 65536 + 0 * 256 + 15}]]

    test {FUNCTION LOAD timeout} {
        fn_load_error {local a = 1 while 1 do a = a + 1 end}
    } {ERR Error registering functions: ERR FUNCTION LOAD timeout}

    test {FUNCTION LOAD arity} {
        assert_error {ERR wrong number of arguments for 'function|load' command} {r function load}
    }

    # --------------------------------------------------------------- FCALL

    test {FCALL errors: unknown function, bad numkeys, arity} {
        set res {}
        foreach args {{nosuch 0} {echo x} {echo -1} {echo 5 a} {nosuch x} {echo 1.5 a}} {
            catch {r fcall {*}$args} e
            lappend res $e
        }
        catch {r fcall echo} e
        lappend res $e
        catch {r fcall_ro} e
        lappend res $e
    } {{ERR Function not found} {ERR Bad number of keys provided} {ERR Number of keys can't be negative} {ERR Number of keys can't be greater than number of args} {ERR Function not found} {ERR Bad number of keys provided} {ERR wrong number of arguments for 'fcall' command} {ERR wrong number of arguments for 'fcall_ro' command}}

    test {Runtime errors name the function and the line} {
        r function load replace {#!lua name=errlib
redis.register_function('e_raise', function() error('boom') end)
redis.register_function('e_cmd', function() return redis.call('nosuch') end)
redis.register_function('e_global', function() return undefined_var end)
redis.register_function('e_setglobal', function() a = 1 end)
redis.register_function('e_table', function() error({err='XYZ custom'}) end)
redis.register_function('e_reply', function() return redis.error_reply('MY err') end)
redis.register_function('e_pcall', function() return redis.pcall('incr', 'fn:str') end)
redis.register_function('e_register', function() return redis.register_function('zz', function() end) end)
redis.register_function('e_arity', function() return redis.call('get') end)
}
        r set fn:str abc
        set res {}
        foreach f {e_raise e_cmd e_global e_setglobal e_table e_reply e_pcall e_register e_arity} {
            catch {r fcall $f 0} e
            lappend res $e
        }
        set res
    } [list \
        {ERR user_function:2: boom script: e_raise, on @user_function:2.} \
        {ERR Unknown Redis command called from script script: e_cmd, on @user_function:3.} \
        {ERR user_function:4: Script attempted to access nonexistent global variable 'undefined_var' script: e_global, on @user_function:4.} \
        {ERR user_function:5: Attempt to modify a readonly table script: e_setglobal, on @user_function:5.} \
        {XYZ custom script: e_table, on @user_function:6.} \
        {MY err} \
        {ERR value is not an integer or out of range} \
        {ERR user_function:9: attempt to call field 'register_function' (a nil value) script: e_register, on @user_function:9.} \
        {ERR Wrong number of args calling Redis command from script script: e_arity, on @user_function:10.}]

    test {A load-time redis table kept by a function cannot register later} {
        r function load replace {#!lua name=sneaky
local lib = redis
lib.register_function('f_sneaky', function()
    return lib.register_function('f_other', function() return 1 end)
end)
lib.register_function('f_modify', function() lib.redis = 1 end)
}
        assert_error {*redis.register_function can only be called on FUNCTION LOAD command*} {r fcall f_sneaky 0}
        assert_error {*Attempt to modify a readonly table*} {r fcall f_modify 0}
        r function delete sneaky
    } {OK}

    test {Functions see the full API and the libraries at run time} {
        r function load replace {#!lua name=apilib
local function helper(x) return x * 2 end
redis.register_function('api', function(keys, args)
    redis.call('set', keys[1], args[1])
    return {redis.call('get', keys[1]), helper(21), string.len('abc'), cjson.encode({1}), type(math.random()), bit.band(7, 3)}
end)
}
        r fcall api 1 fn:k hello
    } {hello 42 3 {[1]} number 3}

    test {FCALL_RO and the no-writes flag} {
        r function load replace {#!lua name=flaglib
redis.register_function('w', function(keys) return redis.call('set', keys[1], 'w') end)
redis.register_function{function_name='ro', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}
redis.register_function{function_name='ro_writes', callback=function(keys) return redis.call('set', keys[1], 'x') end, flags={'no-writes'}}
}
        set res {}
        lappend res [r fcall w 1 fn:flag]
        lappend res [r fcall_ro ro 1 fn:flag]
        lappend res [r fcall ro 1 fn:flag]
        catch {r fcall_ro w 1 fn:flag} e
        lappend res $e
        catch {r fcall ro_writes 1 fn:flag} e
        lappend res $e
        catch {r fcall_ro ro_writes 1 fn:flag} e
        lappend res $e
    } [list OK w w \
        {ERR Can not execute a script with write flag using *_ro command.} \
        {ERR Write commands are not allowed from read-only scripts. script: ro_writes, on @user_function:4.} \
        {ERR Write commands are not allowed from read-only scripts. script: ro_writes, on @user_function:4.}]

    test {Write functions are refused over maxmemory unless allow-oom} {
        r function load replace {#!lua name=oomlib
redis.register_function('oom_w', function(keys) return redis.call('set', keys[1], 'v') end)
redis.register_function{function_name='oom_allow', callback=function(keys) return redis.call('set', keys[1], 'v') end, flags={'allow-oom'}}
redis.register_function{function_name='oom_ro', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}
}
        r set fn:oom before
        r config set maxmemory 1
        set res {}
        catch {r fcall oom_w 1 fn:oom} e
        lappend res $e
        lappend res [r fcall oom_ro 1 fn:oom]
        lappend res [r fcall oom_allow 1 fn:oom]
        r config set maxmemory 0
        lappend res [r get fn:oom]
    } {{OOM command not allowed when used memory > 'maxmemory'.} before OK v}

    test {redis.setresp(3) inside a function: RESP3 replies to a RESP3 client} {
        r del fn:h
        r hset fn:h a 1
        r function load replace {#!lua name=resplib
redis.register_function('hgetall3', function(keys) redis.setresp(3) return redis.call('hgetall', keys[1]) end)
redis.register_function('dbl', function() redis.setresp(3) return {double=1.5} end)
redis.register_function('bad_resp', function() redis.setresp(4) end)
}
        list [fn_raw 3 4 fcall hgetall3 1 fn:h] [fn_raw 2 4 fcall hgetall3 1 fn:h] [fn_raw 3 0 fcall dbl 0] \
             [fn_raw 2 1 fcall dbl 0] [catch {r fcall bad_resp 0} e] $e
    } {{%1 {$1} a {$1} 1} {*2 {$1} a {$1} 1} ,1.5 {{$3} 1.5} 1 {ERR RESP version must be 2 or 3. script: bad_resp, on @user_function:4.}}

    test {FCALL inside MULTI/EXEC} {
        r multi
        r fcall echo 1 a
        r fcall echo 0
        r exec
    } {newer newer}

    # --------------------------------------------------------------- FUNCTION LIST

    test {FUNCTION LIST: one library, its functions, descriptions and flags} {
        r function flush
        r function load {#!lua name=listlib
redis.register_function{function_name='b_all', callback=function() return 1 end, flags={'allow-cross-slot-keys', 'no-cluster', 'allow-stale', 'allow-oom', 'no-writes'}, description='all flags'}
redis.register_function('a_plain', function() return 1 end)
}
        fn_list_lib listlib
    } {library_name listlib engine LUA functions {{name a_plain description {} flags {}} {name b_all description {all flags} flags {no-writes allow-oom allow-stale no-cluster allow-cross-slot-keys}}}}

    test {FUNCTION LIST WITHCODE, LIBRARYNAME patterns (any case)} {
        r function load "#!lua name=otherlib\nredis.register_function('o', function() return 1 end)"
        set res {}
        lappend res [lsort [lmap l [r function list] {dict get $l library_name}]]
        lappend res [lmap l [r function list libraryname LIST*] {dict get $l library_name}]
        lappend res [lmap l [r function list libraryname *her*] {dict get $l library_name}]
        lappend res [r function list libraryname nomatch*]
        lappend res [dict get [lindex [r function list withcode libraryname otherlib] 0] library_code]
        lappend res [dict keys [lindex [r function list libraryname otherlib withcode] 0]]
    } [list {listlib otherlib} listlib otherlib {} "#!lua name=otherlib\nredis.register_function('o', function() return 1 end)" {library_name engine functions library_code}]

    test {FUNCTION LIST argument errors} {
        set res {}
        foreach args {{libraryname} {foo} {withcode withcode} {libraryname a libraryname b} {withcode libraryname}} {
            catch {r function list {*}$args} e
            lappend res $e
        }
        set res
    } {{ERR library name argument was not given} {ERR Unknown argument foo} {ERR Unknown argument withcode} {ERR Unknown argument libraryname} {ERR library name argument was not given}}

    test {FUNCTION LIST reply types in RESP2 and RESP3} {
        r function flush
        r function load {#!lua name=rawlib
redis.register_function{function_name='g', callback=function() return 1 end, flags={'no-writes'}, description='d'}
}
        list [fn_raw 2 28 function list withcode] [fn_raw 3 28 function list withcode]
    } [list \
        [list *1 *8 {$12} library_name {$6} rawlib {$6} engine {$3} LUA {$9} functions *1 *6 {$4} name {$1} g {$11} description {$1} d {$5} flags *1 +no-writes {$12} library_code {$133}] \
        [list *1 %4 {$12} library_name {$6} rawlib {$6} engine {$3} LUA {$9} functions *1 %3 {$4} name {$1} g {$11} description {$1} d {$5} flags ~1 +no-writes {$12} library_code {$133}]]

    test {FUNCTION LIST: flags as a set, no description as null} {
        r function load replace {#!lua name=rawlib
redis.register_function{function_name='g', callback=function() return 1 end, flags={'no-writes'}}
}
        list [lrange [fn_raw 2 24 function list] 18 end] [lrange [fn_raw 3 24 function list] 18 end]
    } [list {{$11} description {$-1} {$5} flags *1 +no-writes} {{$11} description _ {$5} flags ~1 +no-writes}]

    # --------------------------------------------------------------- DELETE, FLUSH, STATS

    test {FUNCTION DELETE} {
        r function load "#!lua name=dellib\nredis.register_function('delfn', function() return 1 end)"
        assert_equal [r fcall delfn 0] 1
        assert_equal [r function delete dellib] OK
        assert_error {ERR Function not found} {r fcall delfn 0}
        assert_error {ERR Library not found} {r function delete dellib}
        # Its function name is free again.
        r function load "#!lua name=dellib2\nredis.register_function('delfn', function() return 2 end)"
        r fcall delfn 0
    } {2}

    test {FUNCTION FLUSH [SYNC|ASYNC] and its errors; FLUSHALL keeps functions} {
        r flushall
        assert_equal [r fcall delfn 0] 2
        assert_error {ERR FUNCTION FLUSH only supports SYNC|ASYNC option} {r function flush foo}
        assert_error {ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.} {r function flush sync async}
        assert_equal [r function flush async] OK
        assert_equal [r function list] {}
        r function load "#!lua name=f1\nredis.register_function('f1', function() return 1 end)"
        assert_equal [r function flush SYNC] OK
        assert_equal [r function flush] OK
        r function list
    } {}

    test {FUNCTION STATS when idle, RESP2 and RESP3} {
        r function load "#!lua name=s1\nredis.register_function('s1a', function() return 1 end) redis.register_function('s1b', function() return 1 end)"
        r function load "#!lua name=s2\nredis.register_function('s2a', function() return 1 end)"
        list [r function stats] [fn_raw 2 15 function stats] [fn_raw 3 15 function stats]
    } [list {running_script {} engines {LUA {libraries_count 2 functions_count 3}}} \
        [list *4 {$14} running_script {$-1} {$7} engines *2 {$3} LUA *4 {$15} libraries_count :2 {$15} functions_count :3] \
        [list %2 {$14} running_script _ {$7} engines %1 {$3} LUA %2 {$15} libraries_count :2 {$15} functions_count :3]]

    test {INFO counts libraries and functions} {
        list [s number_of_libraries] [s number_of_functions] [expr {[s used_memory_vm_functions] > 0}] \
             [expr {[s used_memory_vm_total] >= [s used_memory_vm_functions] + [s used_memory_vm_eval]}]
    } {2 3 1 1}

    test {FUNCTION KILL with nothing running, FUNCTION HELP} {
        assert_error {NOTBUSY No scripts in execution right now.} {r function kill}
        set help [r function help]
        list [lindex $help 0] [lindex $help 1] [llength $help] [lindex $help end]
    } {{FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:} {LOAD [REPLACE] <FUNCTION CODE>} 40 {    Prints this help.}}

    test {FUNCTION with an unknown subcommand} {
        catch {r function foo} e
        set e
    } {ERR unknown subcommand 'foo'. Try FUNCTION HELP.}

    # --------------------------------------------------------------- DUMP and RESTORE

    test {FUNCTION DUMP / RESTORE round trip with FLUSH} {
        r function flush
        r function load "#!lua name=d1\nredis.register_function('d1f', function() return 'd1' end)"
        r function load "#!lua name=d2\nredis.register_function{function_name='d2f', callback=function() return 'd2' end, flags={'no-writes'}, description='dd'}"
        set dump [r function dump]
        set before [list [fn_list_lib d1 withcode] [fn_list_lib d2 withcode]]
        r function flush
        assert_equal [r function restore $dump] OK
        assert_equal [list [fn_list_lib d1 withcode] [fn_list_lib d2 withcode]] $before
        r function load "#!lua name=d3\nredis.register_function('d3f', function() return 'd3' end)"
        assert_equal [r function restore $dump FLUSH] OK
        list [lsort [lmap l [r function list] {dict get $l library_name}]] [r fcall d1f 0] [r fcall_ro d2f 0]
    } {{d1 d2} d1 d2}

    test {FUNCTION RESTORE policies: APPEND (default) aborts on a library collision, REPLACE replaces} {
        set dump [r function dump]
        # Which colliding library is named depends on the table order.
        assert_error {ERR Library d? already exists} {r function restore $dump}
        assert_error {ERR Library d? already exists} {r function restore $dump append}
        r function load replace "#!lua name=d1\nredis.register_function('d1f', function() return 'changed' end)"
        assert_equal [r fcall d1f 0] changed
        assert_equal [r function restore $dump replace] OK
        r fcall d1f 0
    } {d1}

    test {Flag names given to register_function are case-insensitive} {
        r function load "#!lua name=caseflags\nredis.register_function{function_name='cf', callback=function() return 1 end, flags={'NO-WRITES', 'Allow-Stale'}}"
        set f [lindex [dict get [lindex [r function list libraryname caseflags] 0] functions] 0]
        r function delete caseflags
        list [dict get $f flags]
    } {{no-writes allow-stale}}

    test {FUNCTION RESTORE aborts whole on a function name collision} {
        set dump [r function dump]
        r function flush
        r function load "#!lua name=x\nredis.register_function('d2f', function() return 'x' end)"
        assert_error {ERR Function d2f already exists} {r function restore $dump}
        assert_error {ERR Function d2f already exists} {r function restore $dump replace}
        list [lmap l [r function list] {dict get $l library_name}] [r fcall d2f 0]
    } {x x}

    test {FUNCTION RESTORE errors: payload, policy, arguments} {
        set dump [r function dump]
        set res {}
        catch {r function restore foo} e
        lappend res $e
        catch {r function restore $dump foo} e
        lappend res $e
        catch {r function restore $dump append foo} e
        lappend res $e
        # One flipped byte: the checksum no longer matches.
        set bad [string replace $dump 5 5 [expr {[string index $dump 5] eq "a" ? "b" : "a"}]]
        catch {r function restore $bad} e
        lappend res $e
        # A key's DUMP payload is not a function payload.
        r set fn:dumped v
        catch {r function restore [r dump fn:dumped]} e
        lappend res $e
    } {{ERR DUMP payload version or checksum are wrong} {ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.} {ERR unknown subcommand or wrong number of arguments for 'restore'. Try FUNCTION HELP.} {ERR DUMP payload version or checksum are wrong} {ERR given type is not a function}}

    test {FUNCTION DUMP with no libraries, and restoring it} {
        r function flush
        set dump [r function dump]
        list [string length $dump] [r function restore $dump] [r function list]
    } {10 OK {}}

    test {FUNCTION DUMP payload layout: FUNCTION2 entries, version 10, CRC64} {
        r function load "#!lua name=p\nredis.register_function('pf', function() return 1 end)"
        set dump [r function dump]
        binary scan $dump cu type
        binary scan [string range $dump end-9 end-8] s ver
        list $type $ver [string first "#!lua name=p" $dump]
    } {245 10 3}
}

# ------------------------------------------------------------------ busy functions

start_server {tags {"functions"}} {
    r function load {#!lua name=busylib
redis.register_function('spin', function() local i = 0 while true do i = i + 1 end end)
redis.register_function('spin_write', function(keys) redis.call('set', keys[1], 1) local i = 0 while true do i = i + 1 end end)
}
    r config set busy-reply-threshold 50

    test {A busy function: -BUSY for others, FUNCTION STATS, SCRIPT KILL refused, FUNCTION KILL} {
        set rd [redis_deferring_client]
        $rd fcall spin 0 arg1
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the function never became busy"
        }
        set busy {BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.}
        assert_error $busy {$other get x}
        assert_error $busy {$other function list}
        assert_error $busy {$other script kill}
        set stats [$other function stats]
        set running [dict get $stats running_script]
        assert_equal [dict get $running name] spin
        assert_equal [dict get $running command] {fcall spin 0 arg1}
        assert_morethan [dict get $running duration_ms] 0
        assert_equal [dict get $stats engines] {LUA {libraries_count 1 functions_count 2}}
        assert_equal [$other function kill] OK
        # Redis 7.0 names SCRIPT KILL here even when FUNCTION KILL did it.
        assert_error {ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.} {$rd read}
        wait_for_log_pattern "*Slow script detected: still in execution after * milliseconds. You can try killing the script using the FUNCTION KILL command. Script name is: spin.*"
        wait_for_log_pattern "*Lua script killed by user with SCRIPT KILL.*"
        assert_equal [$other ping] PONG
        assert_equal [dict get [$other function stats] running_script] {}
        $rd close
        $other close
    }

    test {A busy EVAL is not killed by FUNCTION KILL} {
        set rd [redis_deferring_client]
        $rd eval {local i = 0 while true do i = i + 1 end} 0
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the script never became busy"
        }
        assert_error {BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.} {$other function kill}
        # FUNCTION STATS runs while a function is busy, not while EVAL is.
        assert_error {BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.} {$other function stats}
        assert_equal [$other script kill] OK
        assert_error {ERR Script killed by user with SCRIPT KILL...*} {$rd read}
        $rd close
        $other close
    }

    test {UNKILLABLE once the function wrote; SHUTDOWN NOSAVE ends it} {
        set rd [redis_deferring_client]
        $rd fcall spin_write 1 fn:w
        set other [redis_client]
        wait_for_condition 200 20 {
            [catch {$other ping} e] && [string match "BUSY*" $e]
        } else {
            fail "the function never became busy"
        }
        assert_error {UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.} {
            $other function kill
        }
        catch {$other shutdown nosave}
        set pid [srv 0 pid]
        wait_for_condition 100 50 {![pid_alive $pid]} else { fail "the server did not exit" }
        $rd close
        $other close
    }
}

# ------------------------------------------------------------------ persistence

start_server {tags {"functions" "needs:debug"}} {
    test {Libraries survive DEBUG RELOAD (and are not doubled)} {
        r function flush
        r function load "#!lua name=plib\nredis.register_function{function_name='pf', callback=function() return 'persisted' end, flags={'no-writes'}, description='p'}"
        r function load "#!lua name=plib2\nredis.register_function('pf2', function() return 2 end)"
        set before [list [fn_list_lib plib withcode] [fn_list_lib plib2 withcode]]
        r debug reload
        assert_equal [list [fn_list_lib plib withcode] [fn_list_lib plib2 withcode]] $before
        list [r fcall pf 0] [r fcall pf2 0] [s number_of_libraries]
    } {persisted 2 2}

    test {DEBUG RELOAD drops libraries that are not in the file} {
        r save
        r function load "#!lua name=unsaved\nredis.register_function('uf', function() return 1 end)"
        r debug reload nosave
        list [lsort [lmap l [r function list] {dict get $l library_name}]] [catch {r fcall uf 0} e] $e
    } {{plib plib2} 1 {ERR Function not found}}

    test {DEBUG RELOAD NOFLUSH refuses a library already loaded; MERGE replaces it} {
        r save
        assert_error {ERR Error trying to load the RDB dump} {r debug reload noflush nosave}
        assert_equal [r ping] PONG
        r function load replace "#!lua name=plib2\nredis.register_function('pf2', function() return 'in memory' end)"
        assert_equal [r debug reload noflush merge nosave] OK
        r fcall pf2 0
    } {2}

    test {Libraries survive a restart} {
        r save
        restart_server
        list [r fcall pf 0] [r fcall pf2 0] [lsort [lmap l [r function list] {dict get $l library_name}]]
    } {persisted 2 {plib plib2}}

    test {A file with functions written by Redis 7.0.15 loads} {
        file copy -force [file join $::assets_dir rdb-oracle-function.rdb] \
            [file join [lindex [r config get dir] 1] [lindex [r config get dbfilename] 1]]
        r debug reload nosave
        r select 0
        set v [r get fn:key]
        r select 9
        list [r fcall rdbtestfn 0] $v [lmap l [r function list] {dict get $l library_name}]
    } {42 {with a function library} rdbtestlib}
}

start_server {tags {"functions"} overrides {appendonly yes appendfsync always}} {
    test {FUNCTION commands reach the AOF as written; FCALL as its effects} {
        set code "#!lua name=aoflib\nredis.register_function('aw', function(keys) redis.call('set', keys\[1\], 1) redis.call('incr', keys\[1\]) end)\nredis.register_function('ar', function(keys) return redis.call('get', keys\[1\]) end)"
        aof_appended {
            r function load $code
            r fcall aw 1 fn:a
            r fcall ar 1 fn:a
            r function delete aoflib
            r function load replace $code
            r function flush async
            r function load $code
        } 0 1
    } [list [list function load "#!lua name=aoflib\nredis.register_function('aw', function(keys) redis.call('set', keys\[1\], 1) redis.call('incr', keys\[1\]) end)\nredis.register_function('ar', function(keys) return redis.call('get', keys\[1\]) end)"] \
        {MULTI} {set fn:a 1} {incr fn:a} {EXEC} \
        {function delete aoflib} \
        [list function load replace "#!lua name=aoflib\nredis.register_function('aw', function(keys) redis.call('set', keys\[1\], 1) redis.call('incr', keys\[1\]) end)\nredis.register_function('ar', function(keys) return redis.call('get', keys\[1\]) end)"] \
        {function flush async} \
        [list function load "#!lua name=aoflib\nredis.register_function('aw', function(keys) redis.call('set', keys\[1\], 1) redis.call('incr', keys\[1\]) end)\nredis.register_function('ar', function(keys) return redis.call('get', keys\[1\]) end)"]]

    test {Failed FUNCTION commands and FCALL_RO do not reach the AOF} {
        aof_appended {
            catch {r function load "#!lua name=aoflib\nx"}
            catch {r function delete nosuch}
            catch {r fcall_ro ar 1 fn:a}
            r fcall ar 1 fn:a
        } 0 1
    } {}

    foreach preamble {no yes} {
        test "Libraries survive BGREWRITEAOF and DEBUG LOADAOF (aof-use-rdb-preamble $preamble)" {
            r config set aof-use-rdb-preamble $preamble
            r bgrewriteaof
            wait_for_condition 100 50 {
                [s aof_rewrite_in_progress] == 0 && [s aof_rewrite_scheduled] == 0
            } else {
                fail "the AOF rewrite did not finish"
            }
            r function load "#!lua name=after_rewrite\nredis.register_function('arw', function() return 'after' end)"
            r debug loadaof
            set res [list [r fcall aw 1 fn:b] [r get fn:b] [r fcall arw 0]]
            r function delete after_rewrite
            set res
        } {{} 2 after}
    }

    test {The AOF rewritten without preamble starts with FUNCTION LOAD} {
        r config set aof-use-rdb-preamble no
        r bgrewriteaof
        wait_for_condition 100 50 {
            [s aof_rewrite_in_progress] == 0 && [s aof_rewrite_scheduled] == 0
        } else {
            fail "the AOF rewrite did not finish"
        }
        set dir [file join [lindex [r config get dir] 1] [lindex [r config get appenddirname] 1]]
        set base [lindex [lsearch -inline -glob [split [read_file_text [file join $dir appendonly.aof.manifest]] "\n"] "*type b*"] 1]
        set fd [open [file join $dir $base] rb]
        set data [read $fd]
        close $fd
        string range $data 0 [expr {[string length "*3\r\n\$8\r\nFUNCTION\r\n\$4\r\nLOAD\r\n\$"] - 1}]
    } "*3\r\n\$8\r\nFUNCTION\r\n\$4\r\nLOAD\r\n\$"
}
