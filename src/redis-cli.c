/* redis-cli.c - the command line client: options, the connection, one-shot
 * mode and the interactive prompt.
 *
 * A run is one of three things, chosen from the command line:
 *   - a special mode (--pipe, --scan, --stat, --latency*, --bigkeys, --rdb,
 *     --replica...), implemented in cli_tools.c, which exits when done;
 *   - one-shot mode: the arguments after the options are one command, sent
 *     -r times (with -i seconds between), its replies printed;
 *   - interactive mode when no command is given: a prompt with line
 *     editing (cli_lineedit.c), hints and completion from the server's
 *     COMMAND DOCS (cli_help.c), reconnecting when the link is lost.
 *
 * Output follows redis-cli 7.0: the human form when stdout is a terminal,
 * raw otherwise (--raw / --no-raw override), or --csv / --json. */

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_common.h"
#include "cli_lineedit.h"
#include "util.h"
#include "zmalloc.h"

#define CLI_HISTFILE_ENV "REDISCLI_HISTFILE"
#define CLI_HISTFILE_DEFAULT ".rediscli_history"
#define CLI_RCFILE_ENV "REDISCLI_RCFILE"
#define CLI_RCFILE_DEFAULT ".redisclirc"
#define CLI_AUTH_ENV "REDISCLI_AUTH"

cliConfig config;
cliConn *context = NULL;
static volatile sig_atomic_t interrupted = 0;

/* ------------------------------------------------------------ connection */

void cliPrintContextError(void) {
    if (context) fprintf(stderr, "Error: %s\n", context->err);
}

static void cliRefreshPrompt(void) {
    if (config.eval_ldb) return; /* "lua debugger> " stays */
    sds p = sdsempty();
    if (config.hostsocket) {
        p = sdscatprintf(p, "redis %s", config.hostsocket);
    } else if (strchr(config.hostip, ':')) {
        p = sdscatprintf(p, "[%s]:%d", config.hostip, config.hostport);
    } else {
        p = sdscatprintf(p, "%s:%d", config.hostip, config.hostport);
    }
    if (config.dbnum != 0) p = sdscatprintf(p, "[%d]", config.dbnum);
    if (config.in_multi) p = sdscat(p, "(TX)");
    p = sdscat(p, "> ");
    snprintf(config.prompt, sizeof(config.prompt), "%s", p);
    sdsfree(p);
}

/* AUTH with the configured credentials; a failure is reported but the
 * session goes on, as the server's NOAUTH replies will tell the rest. */
static int cliAuth(void) {
    if (config.auth == NULL) return CLI_OK;
    cliReply *r = config.user ? cliConnCommand(context, 3, "AUTH", config.user, config.auth)
                              : cliConnCommand(context, 2, "AUTH", config.auth);
    if (!r) {
        fprintf(stderr, "\nI/O error\n");
        return CLI_ERR;
    }
    int rv = CLI_OK;
    if (r->type == CLI_REPLY_ERROR) {
        fprintf(stderr, "AUTH failed: %s\n", r->str);
        rv = CLI_ERR;
    }
    cliReplyFree(r);
    return rv;
}

static int cliSelect(void) {
    if (config.input_dbnum == config.dbnum) return CLI_OK;
    char num[32];
    snprintf(num, sizeof(num), "%d", config.input_dbnum);
    cliReply *r = cliConnCommand(context, 2, "SELECT", num);
    if (!r) {
        fprintf(stderr, "\nI/O error\n");
        return CLI_ERR;
    }
    int rv = CLI_OK;
    if (r->type == CLI_REPLY_ERROR) {
        config.input_dbnum = config.dbnum;
        fprintf(stderr, "SELECT %s failed: %s\n", num, r->str);
        rv = CLI_ERR;
    } else {
        config.dbnum = config.input_dbnum;
        cliRefreshPrompt();
    }
    cliReplyFree(r);
    return rv;
}

/* RESP3 when asked with -3, or implied by --json unless -2 was given. */
static int cliSwitchProto(void) {
    if (config.resp2 || config.resp3 == 0) return CLI_OK;
    cliReply *r = cliConnCommand(context, 2, "HELLO", "3");
    if (!r) {
        fprintf(stderr, "\nI/O error\n");
        return CLI_ERR;
    }
    int rv = CLI_OK;
    if (r->type == CLI_REPLY_ERROR) {
        fprintf(stderr, "HELLO 3 failed: %s\n", r->str);
        if (config.resp3 == 1) rv = CLI_ERR;
    }
    cliReplyFree(r);
    return rv;
}

int cliConnectServer(int flags) {
    if (context && !(flags & CC_FORCE)) return CLI_OK;
    if (context) cliConnClose(context);
    context = NULL;

    char err[256];
    context = cliConnect(config.hostip, config.hostport, config.hostsocket, err, sizeof(err));
    if (!context) {
        if (!(flags & CC_QUIET)) {
            fprintf(stderr, "Could not connect to Redis at ");
            if (config.hostsocket) fprintf(stderr, "%s: %s\n", config.hostsocket, err);
            else fprintf(stderr, "%s:%d: %s\n", config.hostip, config.hostport, err);
        }
        return CLI_ERR;
    }
    /* The db of a fresh connection is 0 until SELECT succeeds. */
    config.dbnum = 0;
    config.in_multi = 0;
    /* Each step needs the previous one: after a failed AUTH or SELECT the
     * session goes on as it is, the server's replies will tell. */
    if (cliAuth() == CLI_OK && cliSelect() == CLI_OK) cliSwitchProto();
    cliRefreshPrompt();
    return CLI_OK;
}

cliReply *cliCommandOrExit(int argc, char **argv) {
    cliReply *r = cliConnCommandArgv(context, argc, argv, NULL);
    if (!r) {
        cliPrintContextError();
        exit(1);
    }
    return r;
}

cliReply *cliCommandFmt(int argc, ...) {
    char *argv[16];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc && i < 16; i++) argv[i] = va_arg(ap, char *);
    va_end(ap);
    return cliCommandOrExit(argc, argv);
}

/* ------------------------------------------------------------ replies */

/* Commands whose reply is text meant to be read as is even in TTY mode. */
static int isRawOutputCommand(int argc, char **argv) {
    const char *cmd = argv[0];
    const char *sub = argc >= 2 ? argv[1] : "";
    if (!strcasecmp(cmd, "info") || !strcasecmp(cmd, "lolwut")) return 1;
    if (argc >= 2 && !strcasecmp(cmd, "debug"))
        return !strcasecmp(sub, "htstats") || !strcasecmp(sub, "htstats-key") ||
               !strcasecmp(sub, "client-eviction");
    if (argc >= 2 && !strcasecmp(cmd, "memory"))
        return !strcasecmp(sub, "malloc-stats") || !strcasecmp(sub, "doctor");
    if (argc == 2 && !strcasecmp(cmd, "cluster"))
        return !strcasecmp(sub, "nodes") || !strcasecmp(sub, "info");
    if (argc >= 2 && !strcasecmp(cmd, "client"))
        return !strcasecmp(sub, "list") || !strcasecmp(sub, "info");
    if (argc == 3 && !strcasecmp(cmd, "latency")) return !strcasecmp(sub, "graph");
    if (argc == 2 && !strcasecmp(cmd, "latency")) return !strcasecmp(sub, "doctor");
    if (argc >= 2 && !strcasecmp(cmd, "proxy")) return !strcasecmp(sub, "info");
    return 0;
}

/* The Lua debugger answers with arrays of status lines, printed as they
 * are; "<endsession>" ends the session and is not shown. */
static sds ldbFormat(sds out, const cliReply *r) {
    if (r->type == CLI_REPLY_STATUS && !strncmp(r->str, "<endsession>", 12)) {
        config.enable_ldb_on_eval = 0;
        config.eval_ldb = 0;
        config.eval_ldb_end = 1;
        config.output = CLI_OUTPUT_STANDARD;
        cliRefreshPrompt();
        return out;
    }
    if (cliReplyIsAggregate(r)) {
        for (size_t i = 0; i < r->elements; i++) {
            if (i) out = sdscat(out, config.mb_delim);
            out = ldbFormat(out, r->element[i]);
        }
        return out;
    }
    const char *term = getenv("TERM");
    if (r->type != CLI_REPLY_STATUS || !term || !strstr(term, "xterm"))
        return cliFormatRaw(out, r, config.mb_delim);
    /* On an xterm the debugger's lines are colored by what they are. */
    const char *color = "0;37";
    const char *t = r->str;
    if (!strncmp(t, "<error>", 7)) color = "0;31";
    else if (!strncmp(t, "<redis>", 7)) color = "0;32";
    else if (!strncmp(t, "<reply>", 7)) color = "0;36";
    else if (!strncmp(t, "<value>", 7) || !strncmp(t, "<retval>", 8)) color = "0;35";
    else if (!strncmp(t, "<debug>", 7) || !strncmp(t, "  #", 3)) color = "1;37";
    else if (!strncmp(t, "->", 2)) color = "0;33";
    out = sdscatprintf(out, "\x1b[%s;49m", color);
    out = sdscatsds(out, r->str);
    return sdscat(out, "\x1b[0m");
}

static void printReply(const cliReply *r, int raw_strings) {
    sds out;
    if (config.eval_ldb) {
        out = ldbFormat(sdsempty(), r);
        out = sdscat(out, config.cmd_delim);
    } else {
        out = cliFormatReply(r, config.output, raw_strings, config.mb_delim, config.cmd_delim);
    }
    fwrite(out, 1, sdslen(out), stdout);
    fflush(stdout);
    sdsfree(out);
}

/* A RESP3 push that arrives while waiting for a reply: client tracking
 * invalidations get a one line summary, anything else the normal form. */
static void printPush(const cliReply *r) {
    if (!config.push_output) return;
    if (config.output == CLI_OUTPUT_STANDARD && r->elements == 2 &&
        r->element[0]->type != CLI_REPLY_NIL && r->element[0]->str &&
        !strcmp(r->element[0]->str, "invalidate") &&
        cliReplyIsAggregate(r->element[1])) {
        sds out = sdsnew("-> invalidate: ");
        for (size_t i = 0; i < r->element[1]->elements; i++) {
            cliReply *k = r->element[1]->element[i];
            if (k->str) out = sdscatprintf(out, "'%s'", k->str);
            if (i + 1 < r->element[1]->elements) out = sdscat(out, ", ");
        }
        out = sdscat(out, "\n");
        fwrite(out, 1, sdslen(out), stdout);
        sdsfree(out);
        return;
    }
    printReply(r, 0);
}

/* Read one reply, skipping (and showing) pushes unless they are what we
 * wait for.  NULL on a lost connection. */
static cliReply *readReply(int accept_push) {
    while (1) {
        cliReply *r = cliConnReadReply(context);
        if (!r) return NULL;
        if (r->type == CLI_REPLY_PUSH && !accept_push) {
            printPush(r);
            cliReplyFree(r);
            continue;
        }
        return r;
    }
}

/* MOVED / ASK: point the connection at the node that owns the slot. */
static void handleRedirect(const cliReply *r) {
    char *copy = sdsdup(r->str);
    char *sp1 = strchr(copy, ' ');
    char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    char *colon = sp2 ? strrchr(sp2 + 1, ':') : NULL;
    if (colon) {
        *sp2 = '\0';
        *colon = '\0';
        int slot = atoi(sp1 + 1);
        zfree(config.hostip);
        config.hostip = zstrdup(sp2 + 1);
        config.hostport = atoi(colon + 1);
        config.hostsocket = NULL;
        if (config.interactive)
            printf("-> Redirected to slot [%d] located at %s:%d\n",
                   slot, config.hostip, config.hostport);
        config.cluster_reissue_command = 1;
        if (!strncmp(r->str, "ASK ", 4)) config.cluster_send_asking = 1;
        cliRefreshPrompt();
    }
    sdsfree(copy);
}

/* Returns CLI_ERR when the connection was lost (interactive mode then
 * reconnects); exits in one-shot mode. */
static int cliReadReply(int raw_strings, int accept_push) {
    cliReply *r = readReply(accept_push);
    if (!r) {
        if (config.shutdown) {
            cliConnClose(context);
            context = NULL;
            return CLI_OK;
        }
        if (config.interactive) return CLI_ERR;
        cliPrintContextError();
        exit(1);
    }
    config.last_cmd_type = r->type;
    int print = 1;
    if (config.cluster_mode && r->type == CLI_REPLY_ERROR &&
        (!strncmp(r->str, "MOVED ", 6) || !strncmp(r->str, "ASK ", 4))) {
        handleRedirect(r);
        print = 0;
    } else if (!config.interactive && config.set_errcode && r->type == CLI_REPLY_ERROR) {
        fprintf(stderr, "%s\n", r->str);
        cliReplyFree(r);
        exit(1);
    }
    if (print) printReply(r, raw_strings);
    cliReplyFree(r);
    return CLI_OK;
}

/* ------------------------------------------------------------ commands */

static int isSensitiveCommand(int argc, char **argv) {
    if (argc == 0) return 0;
    if (!strcasecmp(argv[0], "auth")) return 1;
    if (argc > 1 && !strcasecmp(argv[0], "acl") && !strcasecmp(argv[1], "setuser")) return 1;
    if (argc > 2 && !strcasecmp(argv[0], "config") && !strcasecmp(argv[1], "set")) {
        for (int j = 2; j < argc; j += 2)
            if (!strcasecmp(argv[j], "masterauth") || !strcasecmp(argv[j], "masteruser") ||
                !strcasecmp(argv[j], "requirepass"))
                return 1;
        return 0;
    }
    if (argc > 2 && !strcasecmp(argv[0], "hello")) {
        for (int j = 2; j < argc; j++)
            if (!strcasecmp(argv[j], "auth") && j + 2 < argc) return 1;
        return 0;
    }
    if (argc > 7 && !strcasecmp(argv[0], "migrate")) {
        for (int j = 6; j < argc; j++)
            if (!strcasecmp(argv[j], "auth") || !strcasecmp(argv[j], "auth2")) return 1;
    }
    return 0;
}

/* After a successful reply, keep the prompt's view of the session right. */
static void trackSessionState(int argc, char **argv) {
    int ok = config.last_cmd_type != CLI_REPLY_ERROR;
    const char *cmd = argv[0];
    if (!strcasecmp(cmd, "select") && argc == 2 && ok) {
        config.input_dbnum = config.dbnum = atoi(argv[1]);
        cliRefreshPrompt();
    } else if (!strcasecmp(cmd, "auth") && (argc == 2 || argc == 3)) {
        cliSelect();
    } else if (!strcasecmp(cmd, "multi") && argc == 1 && ok) {
        config.in_multi = 1;
        config.pre_multi_dbnum = config.dbnum;
        cliRefreshPrompt();
    } else if (!strcasecmp(cmd, "exec") && argc == 1 && config.in_multi) {
        config.in_multi = 0;
        if (!ok || config.last_cmd_type == CLI_REPLY_NIL)
            config.input_dbnum = config.dbnum = config.pre_multi_dbnum;
        cliRefreshPrompt();
    } else if (!strcasecmp(cmd, "discard") && argc == 1 && ok) {
        config.in_multi = 0;
        config.input_dbnum = config.dbnum = config.pre_multi_dbnum;
        cliRefreshPrompt();
    } else if (!strcasecmp(cmd, "reset") && argc == 1 && ok) {
        config.in_multi = 0;
        config.dbnum = config.input_dbnum = 0;
        config.resp3 = 0;
        cliRefreshPrompt();
    }
}

/* Ctrl-C ended MONITOR or SUBSCRIBE: the connection was shut down to
 * wake the read up; back to the prompt on a new one. */
static int abortStreaming(void) {
    interrupted = 0;
    return cliConnectServer(CC_FORCE);
}

static int cliSendCommand(int argc, char **argv, long repeat) {
    if (!context) return CLI_ERR;
    const char *cmd = argv[0];
    int raw = isRawOutputCommand(argc, argv);
    size_t *lens = zmalloc(sizeof(size_t) * (size_t)argc);
    for (int j = 0; j < argc; j++) lens[j] = sdslen(argv[j]);

    if (!strcasecmp(cmd, "shutdown")) config.shutdown = 1;
    if (!strcasecmp(cmd, "monitor")) config.monitor_mode = 1;
    if (!strcasecmp(cmd, "subscribe") || !strcasecmp(cmd, "psubscribe") ||
        !strcasecmp(cmd, "ssubscribe"))
        config.pubsub_mode = 1;
    if (!strcasecmp(cmd, "sync") || !strcasecmp(cmd, "psync")) config.slave_mode = 1;
    if (argc == 3 && !strcasecmp(cmd, "script") && !strcasecmp(argv[1], "debug"))
        config.enable_ldb_on_eval = !strcasecmp(argv[2], "yes") || !strcasecmp(argv[2], "sync");
    if (!strcasecmp(cmd, "eval") && config.enable_ldb_on_eval) {
        config.eval_ldb = 1;
        config.output = CLI_OUTPUT_RAW;
    }

    int rv = CLI_OK;
    /* A negative repeat count runs forever (with -i, a poor man's watch). */
    while (repeat < 0 || repeat-- > 0) {
        if (cliConnSendArgv(context, argc, argv, lens) != CLI_OK) {
            rv = CLI_ERR;
            break;
        }
        if (config.monitor_mode) {
            /* Stream until the connection drops or Ctrl-C. */
            do {
                if (cliReadReply(raw, 0) != CLI_OK) {
                    if (interrupted) break;
                    cliPrintContextError();
                    exit(1);
                }
                if (config.last_cmd_type == CLI_REPLY_ERROR) config.monitor_mode = 0;
            } while (config.monitor_mode);
            config.monitor_mode = 0;
            if (interrupted) rv = abortStreaming();
            break;
        }
        if (config.pubsub_mode) {
            if (config.output != CLI_OUTPUT_RAW)
                printf("Reading messages... (press Ctrl-C to quit)\n");
            while (config.pubsub_mode) {
                if (cliReadReply(raw, 1) != CLI_OK) {
                    if (interrupted) break;
                    cliPrintContextError();
                    exit(1);
                }
                if (config.last_cmd_type == CLI_REPLY_ERROR) config.pubsub_mode = 0;
            }
            if (interrupted) {
                config.pubsub_mode = 0;
                rv = abortStreaming();
                break;
            }
            continue;
        }
        if (config.slave_mode) {
            printf("Entering replica output mode...  (press Ctrl-C to quit)\n");
            cliSlaveMode(0);
            config.slave_mode = 0;
            rv = CLI_ERR;
            break;
        }
        if (cliReadReply(raw, 0) != CLI_OK) {
            rv = CLI_ERR;
            break;
        }
        trackSessionState(argc, argv);
        if (config.cluster_reissue_command) break;
        if (config.interval) usleep((useconds_t)config.interval);
        fflush(stdout);
    }
    zfree(lens);
    return rv;
}

static int issueCommandRepeat(int argc, char **argv, long repeat) {
    /* HELP is answered locally (the Lua debugger has its own). */
    if (!config.eval_ldb && (!strcasecmp(argv[0], "help") || !strcasecmp(argv[0], "?"))) {
        cliOutputHelp(argc - 1, argv + 1);
        return CLI_OK;
    }
    while (1) {
        if (config.cluster_reissue_command || context == NULL) {
            if (cliConnectServer(CC_FORCE) != CLI_OK) {
                config.cluster_reissue_command = 0;
                return CLI_ERR;
            }
        }
        config.cluster_reissue_command = 0;
        if (config.cluster_send_asking) {
            config.cluster_send_asking = 0;
            cliReply *r = cliConnCommand(context, 1, "ASKING");
            if (!r) {
                cliPrintContextError();
                return CLI_ERR;
            }
            cliReplyFree(r);
        }
        if (cliSendCommand(argc, argv, repeat) != CLI_OK) {
            if (context && !interrupted && !config.shutdown) cliPrintContextError();
            cliConnClose(context);
            context = NULL;
            return CLI_ERR;
        }
        if (config.cluster_mode && config.cluster_reissue_command) continue;
        return CLI_OK;
    }
}

/* ------------------------------------------------------------ arguments */

/* --quoted-input: every argument is parsed like a line of the prompt. */
static sds *argvToSds(int argc, char **argv, int quoted) {
    sds *res = zmalloc(sizeof(sds) * (size_t)(argc + 1));
    for (int j = 0; j < argc; j++) {
        if (!quoted) {
            res[j] = sdsnew(argv[j]);
            continue;
        }
        int n;
        sds *split = sdssplitargs(argv[j], &n);
        if (!split || n != 1) {
            if (split) sdsfreesplitres(split, n);
            for (int k = 0; k < j; k++) sdsfree(res[k]);
            zfree(res);
            return NULL;
        }
        res[j] = split[0];
        zfree(split);
    }
    return res;
}

static sds readStdinArg(void) {
    char buf[4096];
    sds arg = sdsempty();
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) arg = sdscatlen(arg, buf, n);
    return arg;
}

static void freeArgs(sds *args, int argc) {
    for (int j = 0; j < argc; j++) sdsfree(args[j]);
    zfree(args);
}

static int noninteractive(int argc, char **argv) {
    sds *args = argvToSds(argc, argv, config.quoted_input);
    if (!args) {
        printf("Invalid quoted string\n");
        return 1;
    }
    if (config.stdin_lastarg) {
        args[argc++] = readStdinArg();
    } else if (config.stdin_tag_arg) {
        int j;
        for (j = 0; j < argc; j++) {
            if (strcmp(config.stdin_tag_name, args[j]) == 0) {
                sdsfree(args[j]);
                args[j] = readStdinArg();
                break;
            }
        }
        if (j == argc) {
            freeArgs(args, argc);
            fprintf(stderr, "Using -X option but stdin tag not match.\n");
            return 1;
        }
    }
    int rv = issueCommandRepeat(argc, args, config.repeat);
    freeArgs(args, argc);
    return rv == CLI_OK ? 0 : 1;
}

static void repl(void);

/* --eval file key1 key2 , arg1 arg2.  With --ldb the script runs under the
 * server's Lua debugger: the prompt then sends debugger commands until the
 * session ends, and "restart" runs the script again. */
static int evalMode(int argc, char **argv) {
    int rv = CLI_OK;
    while (1) {
        FILE *fp = fopen(config.eval, "r");
        if (!fp) {
            fprintf(stderr, "Can't open file '%s': %s\n", config.eval, strerror(errno));
            exit(1);
        }
        sds script = sdsempty();
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) script = sdscatlen(script, buf, n);
        fclose(fp);
        /* A leading "#!lua" line is for the shell, not for Lua. */
        if (!strncmp(script, "#!lua", 5)) {
            char *nl = strchr(script, '\n');
            sdsrange(script, nl ? nl - script : (ssize_t)sdslen(script), -1);
        }

        if (config.eval_ldb) {
            printf("Lua debugging session started, please use:\n"
                   "quit    -- End the session.\n"
                   "restart -- Restart the script in debug mode again.\n"
                   "help    -- Show Lua script debugging commands.\n\n");
            cliReply *r = cliConnCommand(context, 3, "SCRIPT", "DEBUG", config.eval_ldb_sync ? "sync" : "yes");
            if (r) cliReplyFree(r);
        }

        /* EVAL script numkeys key... arg...: the keys are the arguments
         * before the first lone comma. */
        int numkeys = 0, got_comma = 0, k = 0;
        sds *args = zmalloc(sizeof(sds) * (size_t)(argc + 3));
        args[k++] = sdsnew("eval");
        args[k++] = script;
        args[k++] = NULL;
        for (int j = 0; j < argc; j++) {
            if (!got_comma && !strcmp(argv[j], ",")) {
                got_comma = 1;
                continue;
            }
            args[k++] = sdsnew(argv[j]);
            if (!got_comma) numkeys++;
        }
        args[2] = sdsfromlonglong(numkeys);
        int ldb = config.eval_ldb;
        rv = issueCommandRepeat(k, args, 1);
        freeArgs(args, k);
        if (!ldb) break;
        if (!config.eval_ldb) {
            /* Ended at once: the script does not compile. */
            printf("Eval debugging session can't start:\n");
            cliReadReply(0, 0);
            break;
        }
        snprintf(config.prompt, sizeof(config.prompt), "lua debugger> ");
        repl();
        /* repl() returns on "restart": a new session on a new connection. */
        cliConnectServer(CC_FORCE);
        printf("\n");
    }
    return rv == CLI_OK ? 0 : 1;
}

/* ------------------------------------------------------------ interactive */

static sds dotfilePath(const char *env, const char *dflt) {
    const char *p = getenv(env);
    if (p) {
        if (!strcmp(p, "-") || !strcmp(p, "/dev/null")) return NULL;
        return sdsnew(p);
    }
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    return sdscatprintf(sdsempty(), "%s/%s", home, dflt);
}

static void cliSetPreferences(sds *argv, int argc, int interactive) {
    if (!strcasecmp(argv[0], ":set") && argc >= 2) {
        if (!strcasecmp(argv[1], "hints")) config.hints = 1;
        else if (!strcasecmp(argv[1], "nohints")) config.hints = 0;
        else {
            printf("%sunknown redis-cli preference '%s'\n",
                   interactive ? "" : ".redisclirc: ", argv[1]);
        }
    } else {
        printf("%sunknown redis-cli internal command '%s'\n",
               interactive ? "" : ".redisclirc: ", argv[0]);
    }
}

static void cliLoadPreferences(void) {
    sds path = dotfilePath(CLI_RCFILE_ENV, CLI_RCFILE_DEFAULT);
    if (!path) return;
    FILE *fp = fopen(path, "r");
    sdsfree(path);
    if (!fp) return;
    char line[1024];
    while (fgets(line, sizeof(line), fp)) {
        int argc;
        sds *argv = sdssplitargs(line, &argc);
        if (argv && argc > 0) cliSetPreferences(argv, argc, 0);
        if (argv) sdsfreesplitres(argv, argc);
    }
    fclose(fp);
}

static char *hintsCallback(const char *buf) {
    if (!config.hints) return NULL;
    return cliHintFor(buf);
}

/* In the Lua debugger "eval <code>" (or "e <code>") takes the rest of the
 * line as one argument: Lua code is not split on spaces. */
static sds *cliSplitArgs(const char *line, int *argc) {
    if (config.eval_ldb && (!strncmp(line, "eval ", 5) || !strncmp(line, "e ", 2))) {
        sds *argv = zmalloc(sizeof(sds) * 2);
        const char *sp = strchr(line, ' ');
        argv[0] = sdsnewlen(line, (size_t)(sp - line));
        argv[1] = sdsnew(sp + 1);
        *argc = 2;
        return argv;
    }
    return sdssplitargs(line, argc);
}

static void repl(void) {
    int tty = isatty(fileno(stdin));
    sds histfile = NULL;
    config.interactive = 1;
    if (tty) {
        /* The debugger has its own help; the commands' comes after it. */
        if (!config.eval_ldb) cliInitHelp();
        leSetCompletion(cliCompletionsFor);
        leSetHints(hintsCallback);
        histfile = dotfilePath(CLI_HISTFILE_ENV, CLI_HISTFILE_DEFAULT);
        if (histfile) leHistoryLoad(histfile);
        cliLoadPreferences();
    }
    cliRefreshPrompt();
    while (1) {
        interrupted = 0;
        sds line = leReadLine(context || config.eval_ldb ? config.prompt : "not connected> ");
        if (!line) break;
        if (line[0] == '\0') {
            sdsfree(line);
            continue;
        }
        int argc;
        sds *argv = cliSplitArgs(line, &argc);
        if (!argv) {
            printf("Invalid argument(s)\n");
            fflush(stdout);
            if (tty) leHistoryAdd(line);
            if (histfile) leHistorySave(histfile);
            sdsfree(line);
            continue;
        }
        if (argc == 0) {
            sdsfreesplitres(argv, argc);
            sdsfree(line);
            continue;
        }
        /* "3 incr x" runs the command three times. */
        long repeat = 1;
        int skip = 0;
        char *end = NULL;
        errno = 0;
        long r = strtol(argv[0], &end, 10);
        if (argc > 1 && *end == '\0') {
            if (errno == ERANGE || errno == EINVAL || r <= 0) {
                fputs("Invalid redis-cli repeat command option value.\n", stdout);
                sdsfreesplitres(argv, argc);
                sdsfree(line);
                continue;
            }
            repeat = r;
            skip = 1;
        }
        if (!isSensitiveCommand(argc - skip, argv + skip)) {
            if (tty) leHistoryAdd(line);
            if (histfile) leHistorySave(histfile);
        }

        if (!strcasecmp(argv[0], "quit") || !strcasecmp(argv[0], "exit")) {
            exit(0);
        } else if (argv[0][0] == ':') {
            cliSetPreferences(argv, argc, 1);
        } else if (!strcasecmp(argv[0], "restart")) {
            if (config.eval) {
                config.eval_ldb = 1;
                config.output = CLI_OUTPUT_RAW;
                sdsfreesplitres(argv, argc);
                sdsfree(line);
                sdsfree(histfile);
                return; /* evalMode starts the session again */
            }
            printf("Use 'restart' only in Lua debugging mode.\n");
            fflush(stdout);
        } else if (argc == 3 && !strcasecmp(argv[0], "connect")) {
            zfree(config.hostip);
            config.hostip = zstrdup(argv[1]);
            config.hostport = atoi(argv[2]);
            config.hostsocket = NULL;
            cliRefreshPrompt();
            cliConnectServer(CC_FORCE);
        } else if (argc == 1 && !strcasecmp(argv[0], "clear")) {
            leClearScreen();
        } else {
            long long start = mstime();
            issueCommandRepeat(argc - skip, argv + skip, repeat);
            if (config.eval_ldb_end) {
                /* The debugger is done: EVAL's own reply follows. */
                config.eval_ldb_end = 0;
                cliReadReply(0, 0);
                printf("\n(Lua debugging session ended%s)\n\n",
                       config.eval_ldb_sync ? "" : " -- dataset changes rolled back");
                /* The server closes the connection after the final reply:
                 * start a fresh one for the prompt. */
                cliConnectServer(CC_FORCE | CC_QUIET);
                cliInitHelp();
            }
            long long elapsed = mstime() - start;
            if (elapsed >= 500 && config.output == CLI_OUTPUT_STANDARD)
                printf("(%.2fs)\n", (double)elapsed / 1000);
        }
        sdsfreesplitres(argv, argc);
        sdsfree(line);
    }
    sdsfree(histfile);
    exit(0);
}

/* ------------------------------------------------------------ options */

static void usage(int err) {
    /* One string per line: ISO C caps the length of a single literal. */
    static const char *lines[] = {
        "redis-cli " CLI_VERSION "\n",
        "\n",
        "Usage: redis-cli [OPTIONS] [cmd [arg [arg ...]]]\n",
        "  -h <hostname>      Server hostname (default: 127.0.0.1).\n",
        "  -p <port>          Server port (default: 6379).\n",
        "  -s <socket>        Server socket (overrides hostname and port).\n",
        "  -a <password>      Password to use when connecting to the server.\n",
        "                     The REDISCLI_AUTH environment variable passes it more\n",
        "                     safely (this option wins when both are given).\n",
        "  --user <username>  Username for ACL style 'AUTH username pass'. Needs -a.\n",
        "  --pass <password>  Same as -a.\n",
        "  --askpass          Read the password from STDIN, masked; -a and\n",
        "                     REDISCLI_AUTH are then ignored.\n",
        "  -u <uri>           Server URI: redis://[user[:password]@]host[:port][/db]\n",
        "  -r <repeat>        Run the command N times (a negative N: forever).\n",
        "  -i <interval>      With -r, wait <interval> seconds between commands\n",
        "                     (sub-second values like -i 0.1 work). Also the pause\n",
        "                     per cycle of --scan and --stat, and per 100 cycles of\n",
        "                     --bigkeys, --memkeys and --hotkeys.\n",
        "  -n <db>            Database number.\n",
        "  -2                 Use the RESP2 protocol.\n",
        "  -3                 Use the RESP3 protocol.\n",
        "  -x                 Read the last argument from STDIN.\n",
        "  -X                 Read the <tag> argument from STDIN.\n",
        "  -d <delimiter>     Delimiter between the bulks of a raw reply (default: \\n).\n",
        "  -D <delimiter>     Delimiter between raw replies (default: \\n).\n",
        "  -c                 Cluster mode: follow -ASK and -MOVED redirections.\n",
        "  -e                 Exit with an error code when a command fails.\n",
        "  --tls              Use TLS (not built in this redis-cli).\n",
        "  --sni <host>       TLS server name indication.\n",
        "  --cacert <file>    TLS CA certificate file.\n",
        "  --cacertdir <dir>  TLS CA certificates directory.\n",
        "  --insecure         Skip TLS certificate validation.\n",
        "  --cert <file>      TLS client certificate.\n",
        "  --key <file>       TLS client private key.\n",
        "  --tls-ciphers <list> TLSv1.2 and older cipher preferences.\n",
        "  --tls-ciphersuites <list> TLSv1.3 ciphersuite preferences.\n",
        "  --raw              Raw replies (the default when STDOUT is not a tty).\n",
        "  --no-raw           Formatted replies even when STDOUT is not a tty.\n",
        "  --quoted-input     Arguments are quoted strings (\"a\\x00b\").\n",
        "  --csv              Output in CSV format.\n",
        "  --json             Output in JSON format (RESP3 unless -2 is given).\n",
        "  --quoted-json      Like --json, with ASCII-only quoted strings.\n",
        "  --show-pushes <yn> Print RESP3 PUSH messages (default: yes on a tty).\n",
        "  --stat             Rolling server statistics: memory, clients, ...\n",
        "  --latency          Sample the latency continuously. Without a tty, or\n",
        "                     with --raw or --csv, sample for 1 second (or -i)\n",
        "                     and print one line.\n",
        "  --latency-history  Like --latency, one line every 15 seconds (or -i).\n",
        "  --latency-dist     Latency spectrum (needs 256 colors), every 1 second (-i).\n",
        "  --lru-test <keys>  Simulate a cache workload with an 80-20 distribution.\n",
        "  --replica          Act as a replica and show the commands received.\n",
        "  --rdb <filename>   Save an RDB dump of the server to a file (\"-\": stdout).\n",
        "  --functions-rdb <filename> Like --rdb, with the functions only.\n",
        "  --pipe             Send raw Redis protocol from STDIN to the server.\n",
        "  --pipe-timeout <n> With --pipe, give up when no reply arrives for <n>\n",
        "                     seconds after all data was sent (default 30, 0: never).\n",
        "  --bigkeys          Sample the keys looking for the ones with most elements.\n",
        "  --memkeys          Sample the keys looking for the ones using most memory.\n",
        "  --memkeys-samples <n> Like --memkeys, sampling <n> elements per key.\n",
        "  --hotkeys          Sample the keys looking for the most used ones\n",
        "                     (needs an LFU maxmemory-policy).\n",
        "  --scan             List the keys with SCAN.\n",
        "  --pattern <pat>    Keys pattern for --scan, --bigkeys, --hotkeys (default: *).\n",
        "  --quoted-pattern <pat> Same as --pattern, as a quoted string.\n",
        "  --count <count>    COUNT hint for --scan.\n",
        "  --intrinsic-latency <sec> Measure the latency of this system for <sec>\n",
        "                     seconds.\n",
        "  --eval <file>      Run the Lua script in <file> with EVAL.\n",
        "  --ldb              With --eval, use the Lua debugger.\n",
        "  --ldb-sync-mode    Like --ldb with the synchronous debugger (blocks the\n",
        "                     server, keeps the script's changes).\n",
        "  --cluster <command> [args...] [opts...]\n",
        "                     Cluster manager (not built in this redis-cli).\n",
        "  --verbose          Verbose mode.\n",
        "  --no-auth-warning  No warning about a password on the command line.\n",
        "  --help             This help.\n",
        "  --version          The version.\n",
        "\n",
        "Examples:\n",
        "  cat /etc/passwd | redis-cli -x set mypasswd\n",
        "  redis-cli -D \"\" --raw dump key > key.dump && redis-cli -X dump_tag restore key2 0 dump_tag replace < key.dump\n",
        "  redis-cli -r 100 lpush mylist x\n",
        "  redis-cli -r 100 -i 1 info | grep used_memory_human:\n",
        "  redis-cli --quoted-input set '\"null-\\x00-separated\"' value\n",
        "  redis-cli --eval myscript.lua key1 key2 , arg1 arg2 arg3\n",
        "  redis-cli --scan --pattern '*:12345*'\n",
        "\n",
        "  (with --eval a comma separates the KEYS[] from the ARGV[] items)\n",
        "\n",
        "Without a command redis-cli starts in interactive mode; type \"help\"\n",
        "there for the commands and settings.\n",
        "\n",
    };
    FILE *fp = err ? stderr : stdout;
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) fputs(lines[i], fp);
    exit(err);
}

static int percentDecodeChar(const char *p) {
    char hex[3] = {p[0], p[1], 0};
    if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1])) return -1;
    return (int)strtol(hex, NULL, 16);
}

static char *percentDecode(const char *p, size_t len) {
    sds out = sdsempty();
    for (size_t i = 0; i < len; i++) {
        int c = -1;
        if (p[i] == '%' && i + 2 < len) c = percentDecodeChar(p + i + 1);
        if (c >= 0) {
            char ch = (char)c;
            out = sdscatlen(out, &ch, 1);
            i += 2;
        } else {
            out = sdscatlen(out, p + i, 1);
        }
    }
    char *res = zstrdup(out);
    sdsfree(out);
    return res;
}

/* redis://[[user][:password]@]host[:port][/db] */
static void parseRedisUri(const char *uri) {
    const char *scheme = "redis://";
    const char *tlsscheme = "rediss://";
    const char *p = uri;
    if (!strncasecmp(p, tlsscheme, strlen(tlsscheme))) {
        fprintf(stderr, "TLS is not supported by this redis-cli\n");
        exit(1);
    } else if (!strncasecmp(p, scheme, strlen(scheme))) {
        p += strlen(scheme);
    } else {
        fprintf(stderr, "Invalid URI scheme\n");
        exit(1);
    }
    const char *end = p + strlen(p);
    const char *at = strchr(p, '@');
    const char *path = strchr(p, '/');
    if (at && (!path || at < path)) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        if (colon) {
            /* "user:pass@": an empty user is sent as such. */
            config.user = percentDecode(p, (size_t)(colon - p));
            config.auth = percentDecode(colon + 1, (size_t)(at - colon - 1));
        } else {
            config.auth = percentDecode(p, (size_t)(at - p));
        }
        p = at + 1;
    }
    const char *hostend = path ? path : end;
    const char *port = memchr(p, ':', (size_t)(hostend - p));
    if (port) {
        config.hostport = atoi(port + 1);
        hostend = port;
    }
    if (hostend > p) {
        zfree(config.hostip);
        config.hostip = percentDecode(p, (size_t)(hostend - p));
    }
    if (path && path[1]) config.input_dbnum = atoi(path + 1);
}

static int parseOptions(int argc, char **argv) {
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
#define OPT(name) (!strcmp(a, name))
#define OPTARG(name) (!strcmp(a, name) && more)
        if (OPTARG("-h")) {
            zfree(config.hostip);
            config.hostip = zstrdup(argv[++i]);
        } else if (OPT("-h") && !more) {
            usage(0);
        } else if (OPT("--help")) {
            usage(0);
        } else if (OPT("-x")) {
            config.stdin_lastarg = 1;
        } else if (OPTARG("-X")) {
            config.stdin_tag_arg = 1;
            config.stdin_tag_name = argv[++i];
        } else if (OPTARG("-p")) {
            config.hostport = atoi(argv[++i]);
        } else if (OPTARG("-s")) {
            config.hostsocket = argv[++i];
        } else if (OPTARG("-r")) {
            config.repeat = strtoll(argv[++i], NULL, 10);
        } else if (OPTARG("-i")) {
            double seconds = atof(argv[++i]);
            config.interval = (long long)(seconds * 1000000);
        } else if (OPTARG("-n")) {
            config.input_dbnum = atoi(argv[++i]);
        } else if (OPT("--no-auth-warning")) {
            config.no_auth_warning = 1;
        } else if (OPT("--askpass")) {
            config.askpass = 1;
        } else if ((OPTARG("-a") || OPTARG("--pass"))) {
            config.auth = zstrdup(argv[++i]);
        } else if (OPTARG("--user")) {
            config.user = zstrdup(argv[++i]);
        } else if (OPTARG("-u")) {
            parseRedisUri(argv[++i]);
        } else if (OPT("--raw")) {
            config.output = CLI_OUTPUT_RAW;
        } else if (OPT("--no-raw")) {
            config.output = CLI_OUTPUT_STANDARD;
        } else if (OPT("--quoted-input")) {
            config.quoted_input = 1;
        } else if (OPT("--csv")) {
            config.output = CLI_OUTPUT_CSV;
        } else if (OPT("--json") || OPT("--quoted-json")) {
            /* JSON maps read best from RESP3; -3 or -2 given stays. */
            if (config.resp3 == 0) config.resp3 = 2;
            config.output = OPT("--json") ? CLI_OUTPUT_JSON : CLI_OUTPUT_QUOTED_JSON;
        } else if (OPT("--latency")) {
            config.latency_mode = 1;
        } else if (OPT("--latency-dist")) {
            config.latency_dist_mode = 1;
        } else if (OPT("--mono")) {
            /* accepted for compatibility: --latency-dist colors */
        } else if (OPT("--latency-history")) {
            config.latency_mode = 1;
            config.latency_history = 1;
        } else if (OPTARG("--lru-test")) {
            config.lru_test_mode = 1;
            config.lru_test_sample_size = strtoll(argv[++i], NULL, 10);
        } else if (OPT("--slave")) {
            config.slave_mode = 1;
        } else if (OPT("--replica")) {
            config.slave_mode = 1;
        } else if (OPT("--stat")) {
            config.stat_mode = 1;
        } else if (OPT("--scan")) {
            config.scan_mode = 1;
        } else if (OPTARG("--pattern")) {
            sdsfree(config.pattern);
            config.pattern = sdsnew(argv[++i]);
        } else if (OPTARG("--quoted-pattern")) {
            int n;
            sds *split = sdssplitargs(argv[++i], &n);
            if (!split || n != 1) {
                fprintf(stderr, "Invalid quoted string specified for --quoted-pattern.\n");
                if (split) sdsfreesplitres(split, n);
                exit(1);
            }
            sdsfree(config.pattern);
            config.pattern = split[0];
            zfree(split);
        } else if (OPTARG("--count")) {
            config.count = atoi(argv[++i]);
        } else if (OPTARG("--intrinsic-latency")) {
            config.intrinsic_latency_mode = 1;
            config.intrinsic_latency_duration = atoi(argv[++i]);
        } else if (OPTARG("--rdb")) {
            config.getrdb_mode = 1;
            config.rdb_filename = argv[++i];
        } else if (OPTARG("--functions-rdb")) {
            config.get_functions_rdb_mode = 1;
            config.rdb_filename = argv[++i];
        } else if (OPT("--pipe")) {
            config.pipe_mode = 1;
        } else if (OPTARG("--pipe-timeout")) {
            config.pipe_timeout = atoi(argv[++i]);
        } else if (OPT("--bigkeys")) {
            config.bigkeys = 1;
        } else if (OPT("--memkeys")) {
            config.memkeys = 1;
            config.memkeys_samples = 0;
        } else if (OPTARG("--memkeys-samples")) {
            config.memkeys = 1;
            config.memkeys_samples = (unsigned)atoi(argv[++i]);
        } else if (OPT("--hotkeys")) {
            config.hotkeys = 1;
        } else if (OPTARG("--eval")) {
            config.eval = argv[++i];
        } else if (OPT("--ldb")) {
            config.eval_ldb = 1;
            config.output = CLI_OUTPUT_RAW;
        } else if (OPT("--ldb-sync-mode")) {
            config.eval_ldb = 1;
            config.eval_ldb_sync = 1;
            config.output = CLI_OUTPUT_RAW;
        } else if (OPTARG("-d")) {
            sdsfree(config.mb_delim);
            config.mb_delim = sdsnew(argv[++i]);
        } else if (OPTARG("-D")) {
            sdsfree(config.cmd_delim);
            config.cmd_delim = sdsnew(argv[++i]);
        } else if (OPT("-e")) {
            config.set_errcode = 1;
        } else if (OPT("--verbose")) {
            config.verbose = 1;
        } else if (OPT("--cluster")) {
            fprintf(stderr, "The cluster manager (--cluster) is not built in this redis-cli.\n");
            exit(1);
        } else if (OPT("--tls") || OPTARG("--sni") || OPTARG("--cacert") ||
                   OPTARG("--cacertdir") || OPT("--insecure") || OPTARG("--cert") ||
                   OPTARG("--key") || OPTARG("--tls-ciphers") || OPTARG("--tls-ciphersuites")) {
            fprintf(stderr, "TLS is not supported by this redis-cli\n");
            exit(1);
        } else if (OPT("-v") || OPT("--version")) {
            printf("redis-cli %s\n", CLI_VERSION);
            exit(0);
        } else if (OPT("-2")) {
            config.resp2 = 1;
        } else if (OPT("-3")) {
            config.resp3 = 1;
        } else if (OPT("-c")) {
            config.cluster_mode = 1;
        } else if (OPTARG("--show-pushes")) {
            const char *v = argv[++i];
            if (!strcasecmp(v, "yes") || !strcasecmp(v, "y") || !strcmp(v, "1")) {
                config.push_output = 1;
            } else if (!strcasecmp(v, "no") || !strcasecmp(v, "n") || !strcmp(v, "0")) {
                config.push_output = 0;
            } else {
                fprintf(stderr, "Unknown --show-pushes value '%s' "
                        "(valid: '[y]es', '[n]o')\n", v);
            }
        } else {
            if (a[0] == '-') {
                fprintf(stderr, "Unrecognized option or bad number of args for: '%s'\n", a);
                exit(1);
            }
            break; /* the command starts here */
        }
#undef OPT
#undef OPTARG
    }

    if (config.eval_ldb && config.eval == NULL) {
        fprintf(stderr, "Options --ldb and --ldb-sync-mode require --eval.\n");
        fprintf(stderr, "Try %s --help for more information.\n", argv[0]);
        exit(1);
    }
    if (!config.no_auth_warning && config.auth != NULL) {
        fputs("Warning: Using a password with '-a' or '-u' option on the command"
              " line interface may not be safe.\n", stderr);
    }
    if (config.get_functions_rdb_mode && config.getrdb_mode) {
        fprintf(stderr, "Option --functions-rdb and --rdb are mutually exclusive.\n");
        exit(1);
    }
    if (config.stdin_lastarg && config.stdin_tag_arg) {
        fprintf(stderr, "Options -x and -X are mutually exclusive.\n");
        exit(1);
    }
    return i;
}

static void sigIntHandler(int s) {
    (void)s;
    if (config.monitor_mode || config.pubsub_mode) {
        /* Leave the streaming mode: the blocked read returns EINTR and the
         * prompt reconnects. */
        interrupted = 1;
        if (context) shutdown(context->fd, SHUT_RDWR);
        return;
    }
    _exit(1);
}

int main(int argc, char **argv) {
    memset(&config, 0, sizeof(config));
    config.hostip = zstrdup("127.0.0.1");
    config.hostport = 6379;
    config.repeat = 1;
    config.pipe_timeout = 30;
    config.output = isatty(fileno(stdout)) ? CLI_OUTPUT_STANDARD : CLI_OUTPUT_RAW;
    config.push_output = isatty(fileno(stdout));
    config.mb_delim = sdsnew("\n");
    config.cmd_delim = sdsnew("\n");
    config.pattern = sdsnew("*");
    config.hints = 1;
    config.memkeys_samples = 0;

    int first = parseOptions(argc, argv);
    argc -= first;
    argv += first;

    if (config.auth == NULL && getenv(CLI_AUTH_ENV)) config.auth = zstrdup(getenv(CLI_AUTH_ENV));
    if (config.askpass) {
        zfree(config.auth);
        sds pw = leReadMasked("Please input password: ");
        config.auth = zstrdup(pw ? pw : "");
        sdsfree(pw);
    }

    if (config.latency_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliLatencyMode();
    }
    if (config.latency_dist_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliLatencyDistMode();
    }
    if (config.slave_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliSlaveMode(1);
    }
    if (config.getrdb_mode || config.get_functions_rdb_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliGetRDB();
    }
    if (config.pipe_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliPipeMode();
    }
    if (config.bigkeys) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliFindBigKeys(0, 0);
    }
    if (config.memkeys) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliFindBigKeys(1, config.memkeys_samples);
    }
    if (config.hotkeys) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliFindHotKeys();
    }
    if (config.stat_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        if (config.interval == 0) config.interval = 1000000;
        cliStatMode();
    }
    if (config.scan_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliScanMode();
    }
    if (config.lru_test_mode) {
        if (cliConnectServer(0) != CLI_OK) exit(1);
        cliLRUTestMode();
    }
    if (config.intrinsic_latency_mode) cliIntrinsicLatencyMode();

    if (argc == 0 && !config.eval) {
        /* A lost connection shows up as a failed write, not a signal. */
        signal(SIGPIPE, SIG_IGN);
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = sigIntHandler;
        sigaction(SIGINT, &sa, NULL);
        cliConnectServer(0);
        repl();
    }

    /* HELP needs no server when it cannot reach one. */
    if (argc > 0 && (!strcasecmp(argv[0], "help") || !strcasecmp(argv[0], "?"))) {
        cliConnectServer(CC_QUIET);
        cliInitHelp();
        cliOutputHelp(argc - 1, argv + 1);
        return 0;
    }
    if (cliConnectServer(0) != CLI_OK) exit(1);
    if (config.eval) return evalMode(argc, argv);
    return noninteractive(argc, argv);
}
