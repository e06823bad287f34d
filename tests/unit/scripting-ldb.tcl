# The Lua debugger: SCRIPT DEBUG YES|SYNC|NO and the debugging session.
#
# A session is a dialogue on the debugged client's connection: each stop
# and each console command answers with one array of status replies (the
# log lines), the end of the script sends "<endsession>" and then the
# EVAL's own reply, and the server closes the connection.  Console
# commands are ordinary RESP arrays, so the test client can send them as
# commands ("$c s", "$c print a") and read the arrays back as lists.

# Start a session on a fresh client: SCRIPT DEBUG <mode>, EVAL body with
# the given keys/args.  Returns the client; the lines of the first stop are
# stored in the caller's variable 'first'.
proc ldb_start {mode body args} {
    upvar 1 first first
    set c [redis_client]
    assert_equal OK [$c script debug $mode]
    set first [$c eval $body {*}$args]
    return $c
}

# Continue to the end: the final log lines (ending with <endsession>) in
# the caller's 'last', the EVAL's reply (or "ERROR: msg") returned; the
# connection is closed by the server, and by us.
proc ldb_finish {c {cmd c}} {
    upvar 1 last last
    set last [$c $cmd]
    if {[catch {$c read} reply]} { set reply "ERROR: $reply" }
    $c close
    return $reply
}

# In raw mode: one array of status replies, as its protocol lines.
proc ldb_raw_read {c {first {}}} {
    set line [expr {$first eq {} ? [$c read] : $first}]
    set out [list $line]
    if {[string index $line 0] eq "*"} {
        for {set j 0} {$j < [string range $line 1 end]} {incr j} { lappend out [$c read] }
    }
    return $out
}

# The lines of a session's first stop, as the oracle sends them.
proc ldb_stop {line reason code} {
    list "* Stopped at $line, stop reason = $reason" [format {-> %-3d %s} $line $code]
}

start_server {tags {"scripting"}} {
    test {SCRIPT DEBUG modes and refusals} {
        assert_equal OK [r script debug yes]
        assert_equal OK [r script debug sync]
        assert_equal OK [r script debug no]
        assert_error "ERR Use SCRIPT DEBUG YES/SYNC/NO" {r script debug maybe}
        assert_error "ERR wrong number of arguments for 'script|debug' command" {r script debug}
        # Replies still queued on the connection (EXEC's header here) would
        # be mixed with the session's own dialogue.
        r multi
        r script debug sync
        assert_error "ERR SCRIPT DEBUG must be called outside a pipeline" {r exec}
        # EVALSHA cannot be debugged: the debugger shows the source.
        set sha [r script load {return 1}]
        assert_equal OK [r script debug sync]
        assert_error "ERR Please use EVAL instead of EVALSHA for debugging" {r evalsha $sha 0}
        assert_error "ERR Please use EVAL instead of EVALSHA for debugging" {r evalsha_ro $sha 0}
        # NO leaves debug mode: the next EVAL runs normally.
        assert_equal OK [r script debug no]
        r eval {return 7} 0
    } {7}

    test {Outside a session redis.breakpoint() is false and redis.debug() does nothing} {
        r eval {redis.debug('x', 1); return redis.breakpoint()} 0
    } {}

    test {LDB: the first stop, raw: an array of status replies} {
        set c [redis_client]
        $c script debug sync
        $c readraw 1
        set lines [ldb_raw_read $c [$c eval "local a = 1\nreturn a" 0]]
        $c readraw 0
        set reply [ldb_finish $c]
        list $lines $last $reply
    } [list {*2 {+* Stopped at 1, stop reason = step over} {+-> 1   local a = 1}} <endsession> 1]

    test {LDB: step and next, redis.call logging, the end of the session} {
        r del x
        set c [ldb_start sync "local a = 1\nredis.call('set','x','y')\nreturn redis.call('get','x')" 0]
        assert_equal [ldb_stop 1 {step over} {local a = 1}] $first
        assert_equal [ldb_stop 2 {step over} {redis.call('set','x','y')}] [$c s]
        assert_equal [list {<redis> set x y} {<reply> "+OK"} {*}[ldb_stop 3 {step over} {return redis.call('get','x')}]] [$c next]
        set reply [ldb_finish $c step]
        assert_equal {{<redis> get x} {<reply> "y"} <endsession>} $last
        assert_equal y $reply
        # SYNC sessions keep their changes.
        r get x
    } {y}

    test {LDB: the connection is closed after the session} {
        set c [ldb_start sync {return 1} 0]
        assert_equal {<endsession>} [$c c]
        assert_equal 1 [$c read]
        assert_error "*" {$c ping}
        $c close
        r ping
    } {PONG}

    test {LDB: how replies are shown (integers, strings, arrays, nulls, errors)} {
        r del l
        set c [ldb_start sync "redis.call('rpush','l','a','b')
local x = redis.call('lrange','l',0,-1)
local n = redis.call('get','nokey')
local z = redis.pcall('incr','l')
local u = redis.pcall('nosuchcommand')
local e = redis.pcall('get')
return 1" 0]
        assert_equal {{<redis> rpush l a b} {<reply> 2}} [lrange [$c s] 0 1]
        assert_equal {{<redis> lrange l 0 -1} {<reply> ["a","b"]}} [lrange [$c s] 0 1]
        set out [$c s]
        assert_equal {{<redis> get nokey} {<reply> NULL}} [lrange $out 0 1]
        set out [$c s]
        assert_equal [list {<redis> incr l} \
            {<error> -WRONGTYPE Operation against a key holding the wrong kind of value} \
            {<reply> "-WRONGTYPE Operation against a key holding the wrong kind of value"}] [lrange $out 0 2]
        set out [$c s]
        assert_equal {{<redis> nosuchcommand} {<error> Unknown Redis command called from script}} [lrange $out 0 1]
        set out [$c s]
        assert_equal {{<redis> get} {<error> Wrong number of args calling Redis command from script}} [lrange $out 0 1]
        ldb_finish $c
    } {1}

    test {LDB: an array reply and a long command line} {
        r del l
        r rpush l a b
        set c [ldb_start sync "local x = redis.call('lrange','l',0,-1)
redis.pcall('mset','a','1','b','2','c','3','d','4','e','5','f','6')
return 1" 0]
        set out [$c s]
        assert_equal {{<redis> lrange l 0 -1} {<reply> ["a","b"]}} [lrange $out 0 1]
        set out [$c s]
        # Ten words, then how many more (counted as 7.0 counts them).
        assert_equal {<redis> mset a 1 b 2 c 3 d 4 e ... (2 more)} [lindex $out 0]
        ldb_finish $c
    } {1}

    test {LDB: RESP3 replies (redis.setresp(3))} {
        r del h s z
        r hset h f v
        r sadd s m
        r zadd z 1.5 a
        set c [ldb_start sync "redis.setresp(3)
local a = redis.call('hgetall','h')
local b = redis.call('smembers','s')
local c = redis.call('zscore','z','a')
local d = redis.call('get','nokey')
return 1" 0]
        $c s
        assert_equal {<reply> {"f" => "v"}} [lindex [$c s] 1]
        assert_equal {<reply> ~("m")} [lindex [$c s] 1]
        assert_equal {<reply> (double) 1.5} [lindex [$c s] 1]
        assert_equal {<reply> (null)} [lindex [$c s] 1]
        ldb_finish $c
    } {1}

    test {LDB: list, whole, list around a line with a context} {
        set body "local a = 1\nlocal b = 2\nlocal c = 3\nlocal d = 4\nreturn a"
        set c [ldb_start sync $body 0]
        $c s
        set whole {{   1   local a = 1} {-> 2   local b = 2} {   3   local c = 3} {   4   local d = 4} {   5   return a}}
        assert_equal $whole [$c list]
        assert_equal $whole [$c whole]
        assert_equal $whole [$c w]
        assert_equal {{   4   local d = 4} {   5   return a}} [$c l 5 1]
        assert_equal {{-> 2   local b = 2}} [$c l 0 0]
        assert_equal {{   1   local a = 1} {-> 2   local b = 2}} [$c list 1 1]
        ldb_finish $c
    } {1}

    test {LDB: breakpoints: set, list, hit, remove} {
        set body "local s = 0\nfor i=1,3 do\n  s = s + i\nend\nreturn s"
        set c [ldb_start sync $body 0]
        assert_equal {{No breakpoints set. Use 'b <line>' to add one.}} [$c b]
        assert_equal {{   2   for i=1,3 do} {  #3     s = s + i} {   4   end}} [$c break 3]
        assert_equal {{1 breakpoints set:} {  #3     s = s + i}} [$c b]
        assert_equal {{Wrong line number.}} [$c b 99]
        assert_equal {{Wrong line number.}} [$c b 3]
        assert_equal {{Invalid argument:'x'}} [$c b x]
        assert_equal {{No breakpoint in the specified line.}} [$c b -2]
        # The loop stops at the breakpoint on every pass.
        assert_equal {{* Stopped at 3, stop reason = break point} {->#3     s = s + i}} [$c c]
        assert_equal {{<value> 0}} [$c p s]
        $c c
        assert_equal {{<value> 1}} [$c print s]
        assert_equal {{Breakpoint removed.}} [$c b -3]
        $c b 3
        assert_equal {{All breakpoints removed.}} [$c b 0]
        assert_equal {{No breakpoints set. Use 'b <line>' to add one.}} [$c b]
        ldb_finish $c
    } {6}

    test {LDB: print, locals of the current function, KEYS and ARGV} {
        set body "local function f(x)\n  local y = x * 2\n  return y\nend\nlocal r = f(3)\nlocal t = {1, 'two', {3}}\nlocal m = {k = true}\nreturn r"
        set c [ldb_start sync $body 1 key1 arg1]
        # Creating the function is the first instruction: of its last line.
        assert_equal [ldb_stop 4 {step over} end] $first
        assert_equal {{No local variables in the current context.}} [$c p]
        assert_equal [ldb_stop 5 {step over} {local r = f(3)}] [$c s]
        assert_match {<value> f = "function@0x*"} [lindex [$c p] 0]
        assert_equal [ldb_stop 2 {step over} {  local y = x * 2}] [$c s]
        $c s
        assert_equal {{<value> x = 3} {<value> y = 6}} [$c p]
        assert_equal {{<value> 3}} [$c p x]
        assert_equal {{No such variable.}} [$c p r]
        assert_equal {{<value> {"key1"}}} [$c p KEYS]
        assert_equal {{<value> {"arg1"}}} [$c p ARGV]
        assert_equal {{In f:} {-> 3     return y} {From top level:} {   5   local r = f(3)}} [$c t]
        $c s
        $c s
        assert_equal [ldb_stop 8 {step over} {return r}] [$c s]
        assert_equal {{<value> {1; "two"; {3}}}} [$c p t]
        assert_equal {{<value> {["k"]=true}}} [$c p m]
        assert_equal {{<value> 6}} [$c p r]
        assert_equal {{In top level:} {-> 8   return r}} [$c trace]
        ldb_finish $c
    } {6}

    test {LDB: nested tables are printed to a limited depth} {
        set c [ldb_start sync "local a = {{{{{{{{{{{{1}}}}}}}}}}}}\nreturn 1" 0]
        $c s
        set v [lindex [$c p a] 0]
        ldb_finish $c
        set v
    } "<value> [string repeat \{ 10]<max recursion level reached! Nested table?>[string repeat \} 10]"

    test {LDB: eval runs Lua in another frame, redis runs a command} {
        r del k
        set c [ldb_start sync "local a = 5\nreturn a" 0]
        $c s
        assert_equal {{<retval> 3}} [$c eval 1 + 2]
        assert_equal {{<retval> {1; 2}}} [$c e {{1,2}}]
        assert_equal {{<retval> nil}} [$c e {local q = 1}]
        assert_equal {{<error> ldb_eval:1: unexpected symbol near '<eof>'}} [$c e {local q =}]
        assert_equal {{<error> ldb_eval:1: Script attempted to access nonexistent global variable 'a'}} [$c e {a + 1}]
        assert_equal {{<retval> {["ok"]="OK"}}} [$c e {redis.call('set','k','fromeval')}]
        assert_equal {{<redis> get k} {<reply> "fromeval"}} [$c redis get k]
        assert_equal {{<redis> set k v2} {<reply> "+OK"}} [$c r set k v2]
        ldb_finish $c
    } {5}

    test {LDB: help, unknown commands and wrong arity} {
        set c [ldb_start sync {return 1} 0]
        set help [$c help]
        assert_equal 30 [llength $help]
        assert_equal {Redis Lua debugger help:} [lindex $help 0]
        assert_equal $help [$c h]
        set unknown {{<error> Unknown Redis Lua debugger command or wrong number of arguments.}}
        assert_equal $unknown [$c nosuch]
        # redis needs a command.
        assert_equal $unknown [$c r]
        ldb_finish $c
    } {1}

    test {LDB: redis.debug and redis.breakpoint} {
        set body "local a = 1\nredis.debug('hi', a, {1,'x'})\nredis.debug()\nredis.breakpoint()\nlocal b = 2\nreturn redis.breakpoint()"
        set c [ldb_start sync $body 0]
        # Logged lines wait for the next stop.
        assert_equal [list {<debug> line 2: "hi", 1, {1; "x"}} {<debug> line 3: } \
            {* Stopped at 5, stop reason = redis.breakpoint() called} {-> 5   local b = 2}] [$c c]
        assert_equal [ldb_stop 6 {step over} {return redis.breakpoint()}] [$c s]
        # Inside a session redis.breakpoint() is true.
        ldb_finish $c
    } {1}

    test {LDB: maxlen trims logged replies and values} {
        set body "local q = string.rep('x', 300)\nreturn 1"
        set c [ldb_start sync $body 0]
        $c s
        assert_equal {{<value> replies are truncated at 256 bytes.}} [$c maxlen]
        set out [$c p q]
        assert_equal 2 [llength $out]
        assert_equal "<value> \"[string repeat x 247] ..." [lindex $out 0]
        assert_equal {<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.} [lindex $out 1]
        # The hint is given once.
        assert_equal 1 [llength [$c p q]]
        assert_equal {{<value> replies are truncated at 60 bytes.}} [$c m 10]
        assert_equal "<value> \"[string repeat x 51] ..." [lindex [$c p q] 0]
        assert_equal {{<value> replies are unlimited.}} [$c m 0]
        assert_equal "<value> \"[string repeat x 300]\"" [lindex [$c p q] 0]
        assert_equal {{<redis> get nokey} {<reply> NULL}} [$c r get nokey]
        ldb_finish $c
    } {1}

    test {LDB: the hint is not given after maxlen was used} {
        set c [ldb_start sync "local q = string.rep('y', 300)\nreturn 1" 0]
        $c s
        $c m 100
        set out [$c p q]
        ldb_finish $c
        llength $out
    } {1}

    test {LDB: abort ends the script with an error, SYNC keeps its changes} {
        r del k
        set c [ldb_start sync "redis.call('set','k','kept')\nreturn 1" 0]
        $c s
        set reply [ldb_finish $c abort]
        assert_equal {<endsession>} $last
        assert_match {ERROR: ERR script aborted for user request script: *, on @user_script:2.} $reply
        r get k
    } {kept}

    test {LDB: errors of the script end the session with the error reply} {
        set c [ldb_start sync "local t = {}\nt.x.y = 1\nreturn 1" 0]
        $c s
        set reply [ldb_finish $c s]
        assert_equal {<endsession>} $last
        assert_match {ERROR: ERR user_script:2: attempt to index field 'x' (a nil value) script: *} $reply
        set c [ldb_start sync "return redis.call('nosuchcommand')" 0]
        set reply [ldb_finish $c s]
        assert_equal {{<redis> nosuchcommand} {<error> Unknown Redis command called from script} <endsession>} $last
        assert_match {ERROR: ERR Unknown Redis command called from script script: *} $reply
    }

    test {LDB: a script that does not compile, bad numkeys} {
        set c [redis_client]
        $c script debug sync
        assert_equal {<endsession>} [$c eval {local x = 1 +} 0]
        assert_error {ERR Error compiling script*} {$c read}
        $c close
        set c [redis_client]
        $c script debug sync
        assert_equal {<endsession>} [$c eval {return 1} x]
        assert_error {ERR value is not an integer or out of range} {$c read}
        $c close
    }

    test {LDB: malformed console input ends the script with protocol error} {
        foreach bad [list "hello\r\n" "*0\r\n" "*1\r\n\$0\r\n\r\n" "*1\r\nx\r\n" "*1\r\n\$1\r\nsX\r\n" "*2000\r\n" "*1\r\n\$2000\r\n"] {
            set c [ldb_start sync {return 1} 0]
            $c write $bad
            $c flush
            assert_equal {<endsession>} [$c read]
            assert_error {ERR protocol error script: *} {$c read}
            $c close
        }
    }

    test {LDB: a command split across writes is assembled} {
        set c [ldb_start sync "local a = 1\nreturn a" 0]
        $c write "*1\r\n\$1\r\n"
        $c flush
        after 50
        $c write "s\r\n"
        $c flush
        set out [$c read]
        ldb_finish $c
        set out
    } [list {* Stopped at 2, stop reason = step over} {-> 2   return a}]

    test {LDB: console input is bounded (max client buffer reached)} {
        set c [ldb_start sync {return 1} 0]
        # An argument that never ends: just over 1MB, all of it read.
        $c write "*1\r\n\$[string repeat x [expr {(1 << 20) + 1 - 5}]]"
        $c flush
        assert_equal {<endsession>} [$c read]
        assert_error {ERR max client buffer reached script: *} {$c read}
        $c close
    }

    test {LDB: a client that disconnects mid-session lets the script finish} {
        r del done
        set c [ldb_start sync "redis.breakpoint()\nlocal x = 1\nredis.call('set','done','yes')\nreturn 1" 0]
        $c close
        wait_for_condition 50 20 {[r get done] eq {yes}} else { fail "the script did not finish" }
        r ping
    } {PONG}

    test {LDB: busy-reply-threshold stops a runaway script, not the time at the prompt} {
        r config set busy-reply-threshold 100
        set c [ldb_start sync "local i = 0\nwhile true do\n  i = i + 1\nend" 0]
        assert_equal {{* Stopped at 3, stop reason = timeout reached, infinite loop?} {-> 3     i = i + 1}} [$c c]
        # At the prompt the script is not busy: a slow user is not a timeout.
        after 300
        assert_equal [ldb_stop 3 {step over} {  i = i + 1}] [$c s]
        set reply [ldb_finish $c abort]
        r config set busy-reply-threshold 5000
        set reply
    } {ERROR: ERR script aborted for user request script: *} 

    test {LDB: a runaway script whose client disconnects is ended} {
        r config set busy-reply-threshold 100
        set c [ldb_start sync "local i = 0\nwhile true do\n  i = i + 1\nend" 0]
        $c close
        wait_for_condition 100 20 {[catch {r ping} e] == 0 && $e eq {PONG}} else { fail "server stuck" }
        r config set busy-reply-threshold 5000
        r ping
    } {PONG}

    test {LDB YES: forked session, changes rolled back, others served} {
        r set k orig
        set c [ldb_start yes "redis.call('set','k','changed')\nreturn redis.call('get','k')" 0]
        assert_equal {{<redis> set k changed} {<reply> "+OK"}} [lrange [$c s] 0 1]
        # The server serves others while the session is stopped.
        assert_equal orig [r get k]
        assert_equal {{<redis> get k} {<reply> "changed"}} [$c r get k]
        set reply [ldb_finish $c]
        assert_equal {<endsession>} $last
        assert_equal changed $reply
        # The child's changes are gone with it.
        r get k
    } {orig}

    test {LDB YES: the child exits and is reaped, not counted as a save} {
        set c [ldb_start yes {return 1} 0]
        wait_for_log_pattern {*Redis forked for debugging eval*}
        set line [lindex [lsearch -all -inline [split [read_file_text [srv stdout]] "\n"] {*Redis forked for debugging eval*}] end]
        set pid [lindex [split $line :] 0]
        assert_equal 0 [s rdb_bgsave_in_progress]
        assert_equal 0 [s aof_rewrite_in_progress]
        assert_equal {Background saving started} [r bgsave]
        ldb_finish $c
        wait_for_condition 100 50 {![file exists /proc/$pid]} else { fail "the debugging child was not reaped" }
        wait_for_condition 100 50 {[s rdb_bgsave_in_progress] == 0} else { fail "bgsave did not end" }
        r ping
    } {PONG}

    test {LDB YES: a client that disconnects ends its child} {
        set before [count_log_lines {*Lua debugging session child exiting*}]
        set c [ldb_start yes "redis.breakpoint()\nreturn 1" 0]
        $c close
        wait_for_condition 100 20 {[count_log_lines {*Lua debugging session child exiting*}] > $before} else {
            fail "the child did not exit"
        }
        r ping
    } {PONG}
}

start_server {tags {"scripting"}} {
    test {LDB YES: SHUTDOWN kills the debugging children} {
        set c [ldb_start yes "redis.breakpoint()\nreturn 1" 0]
        wait_for_log_pattern {*Redis forked for debugging eval*}
        set line [lindex [lsearch -all -inline [split [read_file_text [srv stdout]] "\n"] {*Redis forked for debugging eval*}] end]
        set pid [lindex [split $line :] 0]
        assert {[pid_alive $pid]}
        catch {r shutdown nosave}
        wait_for_condition 100 50 {![pid_alive $pid]} else { fail "the debugging child survived SHUTDOWN" }
        $c close
    }
}
