# redis-cli's interactive prompt, driven through a terminal: the cli runs in
# a detached tmux session (120x30), keys are sent with `tmux send-keys` and
# the screen is read back with `tmux capture-pane`.  Checked: the prompt
# (host:port, [db], (TX), "not connected> "), hints from COMMAND DOCS shown
# after the cursor, TAB completion and its cycling, line editing keys,
# history (Up, Ctrl-R, the history file, AUTH kept out of it), the output
# of commands, and :set nohints.
#
# The screens expected here are what Debian's redis-cli 7.0.15 shows for the
# same keys (REDIS_CLI_BINARY=/usr/bin/redis-cli runs this file with it).

if {[catch {exec which tmux}]} {
    puts "cli-interactive: skipped, tmux is not installed (deps/install-deps.sh installs it)"
} else {

if {[info exists ::env(REDIS_CLI_BINARY)]} {
    set ::icli_bin $::env(REDIS_CLI_BINARY)
} else {
    set ::icli_bin $::root/src/redis-cli
}
set ::icli_session "clitest[pid]"
set ::icli_home [file join $::tmp_dir cli-home.[pid]]

# Start the cli in a fresh tmux session with a private HOME and history.
proc icli_start {args} {
    catch {exec tmux kill-session -t $::icli_session}
    file delete -force $::icli_home
    file mkdir $::icli_home
    set cmd "env HOME=$::icli_home REDISCLI_HISTFILE=$::icli_home/history TERM=xterm $::icli_bin $args"
    exec tmux new-session -d -s $::icli_session -x 120 -y 30 $cmd
}

proc icli_stop {} {
    catch {exec tmux kill-session -t $::icli_session}
}

proc icli_keys {args} {
    exec tmux send-keys -t $::icli_session {*}$args
}

# Literal text (no key names).
proc icli_type {text} {
    exec tmux send-keys -t $::icli_session -l $text
}

proc icli_screen {} {
    exec tmux capture-pane -t $::icli_session -p
}

# The screen's last non-empty line.
proc icli_last_line {} {
    set lines [split [string trimright [icli_screen] "\n"] "\n"]
    lindex $lines end
}

# Wait until the screen (or its last line) matches the glob pattern.
proc icli_wait_screen {pattern} {
    wait_for_condition 100 20 {[string match $pattern [icli_screen]]} else {
        fail "screen never matched '$pattern':\n[icli_screen]"
    }
}

# Wait for the prompt to be back: keys typed while a command runs may be
# dropped when the editor takes the terminal again.
proc icli_wait_prompt {} {
    icli_wait_last "*>"
}

proc icli_wait_last {pattern} {
    wait_for_condition 100 20 {[string match $pattern [icli_last_line]]} else {
        fail "last line never matched '$pattern':\n[icli_screen]"
    }
}

start_server {tags {"cli"}} {
    set port [srv 0 port]
    set prompt "127.0.0.1:$port>"

    test {Interactive: the prompt shows host:port} {
        icli_start -p $port
        icli_wait_last "$prompt"
        icli_last_line
    } "127.0.0.1:$port>"

    # The hint is cut at the terminal's 120 columns (where depends on the
    # port's width in the prompt).
    test {Interactive: a hint follows a partial command} {
        icli_type "set foo "
        icli_wait_last "$prompt set foo value*"
        icli_last_line
    } [string range "$prompt set foo value \[NX|XX\] \[GET\] \[EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL\]" 0 119]

    test {Interactive: the hint shrinks as arguments are typed} {
        icli_type "bar "
        icli_wait_last "$prompt set foo bar \\\[NX|XX\\\]*"
        icli_keys C-u
        icli_type "hget"
        icli_wait_last "$prompt hget key field"
        icli_last_line
    } "$prompt hget key field"

    test {Interactive: TAB completes, TAB again cycles} {
        icli_keys C-u
        icli_type "hge"
        icli_keys Tab
        icli_wait_last "$prompt HGET key field"
        icli_keys Tab
        icli_wait_last "$prompt HGETALL key"
        icli_last_line
    } "$prompt HGETALL key"

    test {Interactive: a key after TAB keeps the completion} {
        icli_type " h1"
        icli_keys Enter
        icli_wait_screen "*HGETALL h1\n(empty array)\n$prompt*"
    }

    test {Interactive: run a command and see its reply} {
        r select 0
        icli_type "rpush mylist a b"
        icli_keys Enter
        icli_wait_screen "*$prompt rpush mylist a b\n(integer) 2\n*"
        icli_wait_prompt
        icli_type "lrange mylist 0 -1"
        icli_keys Enter
        icli_wait_screen "*$prompt lrange mylist 0 -1\n1) \"a\"\n2) \"b\"\n$prompt*"
        r lrange mylist 0 -1
    } {a b}

    test {Interactive: SELECT shows the db in the prompt, MULTI shows (TX)} {
        icli_type "select 2"
        icli_keys Enter
        icli_wait_last "127.0.0.1:$port\\\[2\\\]>"
        icli_type "multi"
        icli_keys Enter
        icli_wait_last "127.0.0.1:$port\\\[2\\\](TX)>"
        icli_type "ping"
        icli_keys Enter
        icli_wait_screen "*QUEUED\n*"
        icli_wait_prompt
        icli_type "exec"
        icli_keys Enter
        icli_wait_screen "*exec\n1) PONG\n127.0.0.1:$port\\\[2\\\]>*"
        icli_last_line
    } "127.0.0.1:$port\[2\]>"

    test {Interactive: Up recalls the history, editing keys change the line} {
        icli_keys Up Up
        icli_wait_last "127.0.0.1:$port\\\[2\\\]> ping*"
        icli_keys Up
        icli_wait_last "127.0.0.1:$port\\\[2\\\]> multi"
        icli_keys Up Up
        icli_wait_last "*> lrange mylist 0 -1"
        icli_keys Down
        icli_wait_last "*> select 2*"
        # Ctrl-A, Ctrl-D: delete the first char; Ctrl-E, Backspace; Ctrl-K
        icli_keys C-u
        icli_type "xget kk"
        icli_keys C-a C-d C-e BSpace
        # "get k": the hint has nothing left to show
        icli_wait_last "*> get k"
        icli_keys Left Left C-k
        icli_wait_last "*> get key"
        icli_keys C-w
        # (capture-pane drops the trailing space of the prompt)
        icli_wait_last "*\\\]>"
        icli_last_line
    } "127.0.0.1:$port\[2\]>"

    test {Interactive: Ctrl-R searches the history (ours: 7.0 has no Ctrl-R)} {
        if {[string match */usr/bin/* $::icli_bin]} { return }
        icli_keys C-r
        icli_type "rpu"
        icli_wait_last "(reverse-i-search)`rpu': rpush mylist a b*"
        icli_keys C-g
        icli_wait_last "127.0.0.1:$port\\\[2\\\]>"
    }

    test {Interactive: Ctrl-C ends SUBSCRIBE and MONITOR, back to the prompt} {
        icli_type "subscribe clich"
        icli_keys Enter
        icli_wait_screen "*Reading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"clich\"\n3) (integer) 1\n*"
        icli_keys C-c
        # a new connection: in db 2 again (7.0 leaves the terminal's "^C"
        # before the prompt)
        icli_wait_last "*127.0.0.1:$port\\\[2\\\]>"
        icli_type "monitor"
        icli_keys Enter
        icli_wait_screen "*> monitor\nOK\n*"
        icli_keys C-c
        icli_wait_last "*127.0.0.1:$port\\\[2\\\]>"
        icli_type "echo back"
        icli_keys Enter
        icli_wait_screen "*> echo back\n\"back\"\n127.0.0.1:$port\\\[2\\\]>*"
    }

    test {Interactive: :set nohints hides the hints} {
        icli_type ":set nohints"
        icli_keys Enter
        icli_wait_prompt
        icli_type "set foo "
        icli_wait_last "*> set foo"
        # give a hint the time to show up (it must not)
        after 200
        icli_wait_last "*> set foo"
        icli_keys C-u
        icli_type ":set hints"
        icli_keys Enter
        icli_wait_prompt
        icli_type "get "
        icli_wait_last "*> get key"
        icli_keys C-u
    }

    test {Interactive: HELP inside the prompt} {
        icli_type "help get"
        icli_keys Enter
        icli_wait_screen "*  GET key\n  summary: Get the value of a key\n  since: 1.0.0\n  group: string\n*"
        icli_wait_prompt
    }

    test {Interactive: quit, and the history file without AUTH} {
        icli_type "auth nosuchpass"
        icli_keys Enter
        icli_wait_screen "*(error) *"
        icli_wait_prompt
        icli_type "quit"
        icli_keys Enter
        wait_for_condition 100 20 {[string match "*quit*" [read_file_text $::icli_home/history]]} else {
            fail "no quit in the history"
        }
        # The session ends with the cli.
        wait_for_condition 100 20 {[catch {exec tmux has-session -t $::icli_session}]} else {
            fail "the cli did not quit"
        }
        set hist [read_file_text $::icli_home/history]
        assert_equal -1 [string first "auth" $hist]
        assert_match "*rpush mylist a b\nlrange mylist 0 -1\nselect 2\nmulti\nping\nexec\n*" $hist
        icli_stop
    }

    test {Interactive: history is loaded from REDISCLI_HISTFILE at start} {
        icli_start -p $port
        icli_wait_last "$prompt"
        # icli_start clears the directory: write a history and restart.
        icli_stop
        set fd [open $::icli_home/history w]
        puts $fd "echo from-history"
        close $fd
        exec tmux new-session -d -s $::icli_session -x 120 -y 30 \
            "env HOME=$::icli_home REDISCLI_HISTFILE=$::icli_home/history TERM=xterm $::icli_bin -p $port"
        icli_wait_last "$prompt"
        icli_keys Up
        icli_wait_last "$prompt echo from-history"
        icli_keys Enter
        icli_wait_screen "*\"from-history\"\n$prompt*"
        icli_stop
    }

    test {Interactive: "not connected>" when the server is unreachable} {
        set dead [next_free_port]
        icli_start -p $dead
        icli_wait_last "not connected>"
        icli_type "ping"
        icli_keys Enter
        icli_wait_screen "*not connected> ping\nCould not connect to Redis at 127.0.0.1:$dead: Connection refused\nnot connected>*"
        icli_stop
    }
}
file delete -force $::icli_home

}
