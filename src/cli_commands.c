/* cli_commands.c - the command docs compiled into redis-cli, for HELP, hints
 * and completion when no server answers COMMAND DOCS.
 *
 * The data is commands.def itself, the server's one table of commands,
 * included here as commands.c includes it (the command handlers are weak
 * symbols, absent from the cli).  cliOfflineCommandDocs() turns the table
 * into the reply COMMAND DOCS would give, so that cli_help.c reads both the
 * same way. */

#include "server.h"

#include "commands.def"

#include "cli_commands.h"

/* The names COMMAND DOCS uses, in the order of the server.h enums. */
static const char *groupNames[] = {"generic", "string", "list", "set", "sorted-set", "hash",
                                   "pubsub", "transactions", "connection", "server", "scripting",
                                   "hyperloglog", "cluster", "sentinel", "geo", "stream", "bitmap",
                                   "module"};
static const char *argTypeNames[] = {"string", "integer", "double", "key", "pattern",
                                     "unix-time", "pure-token", "oneof", "block"};

static cliReply *newReply(int type) {
    cliReply *r = zcalloc(sizeof(*r));
    r->type = type;
    return r;
}

static void push(cliReply *agg, cliReply *item) {
    agg->element = zrealloc(agg->element, sizeof(cliReply *) * (agg->elements + 1));
    agg->element[agg->elements++] = item;
}

static void pushString(cliReply *agg, const char *s) {
    cliReply *r = newReply(CLI_REPLY_STRING);
    r->str = sdsnew(s);
    push(agg, r);
}

static void pushField(cliReply *map, const char *key, const char *value) {
    if (!value) return;
    pushString(map, key);
    pushString(map, value);
}

static cliReply *argsReply(const redisCommandArg *args) {
    cliReply *arr = newReply(CLI_REPLY_ARRAY);
    for (const redisCommandArg *a = args; a && a->name; a++) {
        cliReply *m = newReply(CLI_REPLY_MAP);
        pushField(m, "name", a->name);
        if ((unsigned)a->type < sizeof(argTypeNames) / sizeof(argTypeNames[0]))
            pushField(m, "type", argTypeNames[a->type]);
        pushField(m, "token", a->token);
        if (a->flags) {
            cliReply *flags = newReply(CLI_REPLY_ARRAY);
            if (a->flags & CMD_ARG_OPTIONAL) pushString(flags, "optional");
            if (a->flags & CMD_ARG_MULTIPLE) pushString(flags, "multiple");
            if (a->flags & CMD_ARG_MULTIPLE_TOKEN) pushString(flags, "multiple_token");
            pushString(m, "flags");
            push(m, flags);
        }
        if (a->subargs) {
            pushString(m, "arguments");
            push(m, argsReply(a->subargs));
        }
        push(arr, m);
    }
    return arr;
}

static cliReply *docReply(const redisCommand *cmd, const char *parent) {
    cliReply *m = newReply(CLI_REPLY_MAP);
    pushField(m, "summary", cmd->summary);
    pushField(m, "since", cmd->since);
    if ((unsigned)cmd->group < sizeof(groupNames) / sizeof(groupNames[0]))
        pushField(m, "group", groupNames[cmd->group]);
    if (cmd->args) {
        pushString(m, "arguments");
        push(m, argsReply(cmd->args));
    }
    if (cmd->subcommands && !parent) {
        cliReply *subs = newReply(CLI_REPLY_MAP);
        for (const redisCommand *sub = cmd->subcommands; sub->declared_name; sub++) {
            sds name = sdscatprintf(sdsempty(), "%s|%s", cmd->declared_name, sub->declared_name);
            pushString(subs, name);
            sdsfree(name);
            push(subs, docReply(sub, cmd->declared_name));
        }
        pushString(m, "subcommands");
        push(m, subs);
    }
    return m;
}

cliReply *cliOfflineCommandDocs(void) {
    cliReply *docs = newReply(CLI_REPLY_MAP);
    for (const redisCommand *cmd = redisCommandTable; cmd->declared_name; cmd++) {
        pushString(docs, cmd->declared_name);
        push(docs, docReply(cmd, NULL));
    }
    return docs;
}
