/* commands.c - the command table (data in commands.def) and the COMMAND
 * command, which reports it: COUNT, INFO, DOCS, LIST, GETKEYS,
 * GETKEYSANDFLAGS, HELP.  Key extraction from key specs lives here too, for
 * COMMAND GETKEYS now and cluster slot checks later. */
#include "server.h"

#include "commands.def"

const char *commandGroupName(redisCommandGroup g) {
    static const char *names[] = {"generic", "string", "list", "set", "sorted-set", "hash",
                                  "pubsub", "transactions", "connection", "server", "scripting",
                                  "hyperloglog", "cluster", "sentinel", "geo", "stream", "bitmap", "module"};
    return (unsigned)g < sizeof(names) / sizeof(names[0]) ? names[g] : "unknown";
}

/* ===========================================================================
 * COMMAND INFO
 * ======================================================================== */

static const struct {
    uint64_t flag;
    const char *name;
} cmd_flag_names[] = {
    {CMD_WRITE, "write"},
    {CMD_READONLY, "readonly"},
    {CMD_DENYOOM, "denyoom"},
    {CMD_MODULE, "module"},
    {CMD_ADMIN, "admin"},
    {CMD_PUBSUB, "pubsub"},
    {CMD_NOSCRIPT, "noscript"},
    {CMD_BLOCKING, "blocking"},
    {CMD_LOADING, "loading"},
    {CMD_STALE, "stale"},
    {CMD_SKIP_MONITOR, "skip_monitor"},
    {CMD_SKIP_SLOWLOG, "skip_slowlog"},
    {CMD_ASKING, "asking"},
    {CMD_FAST, "fast"},
    {CMD_NO_AUTH, "no_auth"},
    {CMD_MAY_REPLICATE, "may_replicate"},
    {CMD_NO_MANDATORY_KEYS, "no_mandatory_keys"},
    {CMD_NO_ASYNC_LOADING, "no_async_loading"},
    {CMD_NO_MULTI, "no_multi"},
    {CMD_MOVABLE_KEYS, "movablekeys"},
    {CMD_ALLOW_BUSY, "allow_busy"},
    {0, NULL},
};

static const char *acl_category_names[] = {
    "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
    "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
    "transaction", "scripting", NULL};

static const struct {
    uint64_t flag;
    const char *name;
} key_flag_names[] = {
    {CMD_KEY_RO, "RO"},
    {CMD_KEY_RW, "RW"},
    {CMD_KEY_OW, "OW"},
    {CMD_KEY_RM, "RM"},
    {CMD_KEY_ACCESS, "access"},
    {CMD_KEY_UPDATE, "update"},
    {CMD_KEY_INSERT, "insert"},
    {CMD_KEY_DELETE, "delete"},
    {CMD_KEY_NOT_KEY, "not_key"},
    {CMD_KEY_INCOMPLETE, "incomplete"},
    {CMD_KEY_VARIABLE_FLAGS, "variable_flags"},
    {0, NULL},
};

static void addReplyCommandFlags(client *c, redisCommand *cmd) {
    int count = 0;
    for (int j = 0; cmd_flag_names[j].name; j++)
        if (cmd->flags & cmd_flag_names[j].flag) count++;
    addReplySetLen(c, count);
    for (int j = 0; cmd_flag_names[j].name; j++)
        if (cmd->flags & cmd_flag_names[j].flag) addReplyStatus(c, cmd_flag_names[j].name);
}

static void addReplyCommandCategories(client *c, redisCommand *cmd) {
    int count = 0;
    for (int j = 0; acl_category_names[j]; j++)
        if (cmd->acl_categories & (1ULL << j)) count++;
    addReplySetLen(c, count);
    for (int j = 0; acl_category_names[j]; j++) {
        if (cmd->acl_categories & (1ULL << j)) {
            char buf[64];
            snprintf(buf, sizeof(buf), "@%s", acl_category_names[j]);
            addReplyStatus(c, buf);
        }
    }
}

static void addReplyCommandTips(client *c, redisCommand *cmd) {
    int count = 0;
    while (cmd->tips && cmd->tips[count]) count++;
    addReplySetLen(c, count);
    for (int j = 0; j < count; j++) addReplyBulkCString(c, cmd->tips[j]);
}

/* One half of a key spec: {type: <type>, spec: {name: value, ...}}.  All
 * values are integers except the first when 'str' is given (a keyword). */
static void addReplyKeySpecPart(client *c, const char *type, int n, const char **names, long long *vals,
                                const char *str) {
    addReplyMapLen(c, 2);
    addReplyBulkCString(c, "type");
    addReplyBulkCString(c, type);
    addReplyBulkCString(c, "spec");
    addReplyMapLen(c, n);
    for (int j = 0; j < n; j++) {
        addReplyBulkCString(c, names[j]);
        if (j == 0 && str) addReplyBulkCString(c, str);
        else addReplyLongLong(c, vals[j]);
    }
}

static void addReplyKeySpec(client *c, keySpec *ks) {
    int fields = 3 + (ks->notes != NULL);
    addReplyMapLen(c, fields);
    if (ks->notes) {
        addReplyBulkCString(c, "notes");
        addReplyBulkCString(c, ks->notes);
    }
    addReplyBulkCString(c, "flags");
    int count = 0;
    for (int j = 0; key_flag_names[j].name; j++)
        if (ks->flags & key_flag_names[j].flag) count++;
    addReplySetLen(c, count);
    for (int j = 0; key_flag_names[j].name; j++)
        if (ks->flags & key_flag_names[j].flag) addReplyStatus(c, key_flag_names[j].name);

    addReplyBulkCString(c, "begin_search");
    switch (ks->begin_search_type) {
    case KSPEC_BS_INDEX: {
        const char *names[] = {"index"};
        long long vals[] = {ks->bs.index.pos};
        addReplyKeySpecPart(c, "index", 1, names, vals, NULL);
        break;
    }
    case KSPEC_BS_KEYWORD: {
        const char *names[] = {"keyword", "startfrom"};
        long long vals[] = {0, ks->bs.keyword.startfrom};
        addReplyKeySpecPart(c, "keyword", 2, names, vals, ks->bs.keyword.keyword);
        break;
    }
    default: addReplyKeySpecPart(c, "unknown", 0, NULL, NULL, NULL);
    }
    addReplyBulkCString(c, "find_keys");
    switch (ks->find_keys_type) {
    case KSPEC_FK_RANGE: {
        const char *names[] = {"lastkey", "keystep", "limit"};
        long long vals[] = {ks->fk.range.lastkey, ks->fk.range.keystep, ks->fk.range.limit};
        addReplyKeySpecPart(c, "range", 3, names, vals, NULL);
        break;
    }
    case KSPEC_FK_KEYNUM: {
        const char *names[] = {"keynumidx", "firstkey", "keystep"};
        long long vals[] = {ks->fk.keynum.keynumidx, ks->fk.keynum.firstkey, ks->fk.keynum.keystep};
        addReplyKeySpecPart(c, "keynum", 3, names, vals, NULL);
        break;
    }
    default: addReplyKeySpecPart(c, "unknown", 0, NULL, NULL, NULL);
    }
}

static long countSubcommands(redisCommand *cmd) { return cmd->subcommands_dict ? (long)dictSize(cmd->subcommands_dict) : 0; }

/* Subcommands in table order (the order Redis lists them in is its own
 * hash order; clients must not depend on it). */
#define FOREACH_SUBCOMMAND(cmd, sub) \
    for (redisCommand *sub = (cmd)->subcommands; sub && sub->declared_name; sub++) \
        if (sub->proc && sub->fullname)

static void addReplyCommandInfo(client *c, redisCommand *cmd) {
    if (!cmd) {
        addReplyNull(c);
        return;
    }
    addReplyArrayLen(c, 10);
    addReplyBulkCBuffer(c, cmd->fullname, sdslen(cmd->fullname));
    addReplyLongLong(c, cmd->arity);
    addReplyCommandFlags(c, cmd);
    addReplyLongLong(c, cmd->legacy_first);
    addReplyLongLong(c, cmd->legacy_last);
    addReplyLongLong(c, cmd->legacy_step);
    addReplyCommandCategories(c, cmd);
    addReplyCommandTips(c, cmd);
    addReplySetLen(c, cmd->key_specs_num);
    for (int j = 0; j < cmd->key_specs_num; j++) addReplyKeySpec(c, &cmd->key_specs[j]);
    addReplySetLen(c, countSubcommands(cmd));
    FOREACH_SUBCOMMAND(cmd, sub) addReplyCommandInfo(c, sub);
}

/* ===========================================================================
 * COMMAND DOCS
 * ======================================================================== */

static const char *argTypeName(redisCommandArgType t) {
    switch (t) {
    case ARG_TYPE_STRING: return "string";
    case ARG_TYPE_INTEGER: return "integer";
    case ARG_TYPE_DOUBLE: return "double";
    case ARG_TYPE_KEY: return "key";
    case ARG_TYPE_PATTERN: return "pattern";
    case ARG_TYPE_UNIX_TIME: return "unix-time";
    case ARG_TYPE_PURE_TOKEN: return "pure-token";
    case ARG_TYPE_ONEOF: return "oneof";
    case ARG_TYPE_BLOCK: return "block";
    }
    return "unknown";
}

static void addReplyCommandArgList(client *c, redisCommandArg *args);

static void addReplyCommandArg(client *c, redisCommandArg *arg) {
    int fields = 2;
    if (arg->display_text) fields++;
    if (arg->type == ARG_TYPE_KEY) fields++;
    if (arg->token) fields++;
    if (arg->summary) fields++;
    if (arg->since) fields++;
    if (arg->deprecated_since) fields++;
    if (arg->flags) fields++;
    if (arg->subargs) fields++;
    addReplyMapLen(c, fields);
    addReplyBulkCString(c, "name");
    addReplyBulkCString(c, arg->name);
    addReplyBulkCString(c, "type");
    addReplyBulkCString(c, argTypeName(arg->type));
    if (arg->display_text) {
        addReplyBulkCString(c, "display_text");
        addReplyBulkCString(c, arg->display_text);
    }
    if (arg->type == ARG_TYPE_KEY) {
        addReplyBulkCString(c, "key_spec_index");
        addReplyLongLong(c, arg->key_spec_index);
    }
    if (arg->token) {
        addReplyBulkCString(c, "token");
        addReplyBulkCString(c, arg->token);
    }
    if (arg->summary) {
        addReplyBulkCString(c, "summary");
        addReplyBulkCString(c, arg->summary);
    }
    if (arg->since) {
        addReplyBulkCString(c, "since");
        addReplyBulkCString(c, arg->since);
    }
    if (arg->deprecated_since) {
        addReplyBulkCString(c, "deprecated_since");
        addReplyBulkCString(c, arg->deprecated_since);
    }
    if (arg->flags) {
        addReplyBulkCString(c, "flags");
        int n = !!(arg->flags & CMD_ARG_OPTIONAL) + !!(arg->flags & CMD_ARG_MULTIPLE) +
                !!(arg->flags & CMD_ARG_MULTIPLE_TOKEN);
        addReplySetLen(c, n);
        if (arg->flags & CMD_ARG_OPTIONAL) addReplyStatus(c, "optional");
        if (arg->flags & CMD_ARG_MULTIPLE) addReplyStatus(c, "multiple");
        if (arg->flags & CMD_ARG_MULTIPLE_TOKEN) addReplyStatus(c, "multiple_token");
    }
    if (arg->subargs) {
        addReplyBulkCString(c, "arguments");
        addReplyCommandArgList(c, arg->subargs);
    }
}

static void addReplyCommandArgList(client *c, redisCommandArg *args) {
    int n = 0;
    while (args[n].name) n++;
    addReplyArrayLen(c, n);
    for (int j = 0; j < n; j++) addReplyCommandArg(c, &args[j]);
}

static void addReplyCommandDocs(client *c, redisCommand *cmd) {
    int fields = 1; /* summary is always there for our table */
    if (cmd->since) fields++;
    fields++; /* group */
    if (cmd->complexity) fields++;
    if (cmd->doc_flags) fields++;
    if (cmd->deprecated_since) fields++;
    if (cmd->replaced_by) fields++;
    if (cmd->history) fields++;
    if (cmd->args) fields++;
    if (cmd->subcommands_dict) fields++;
    addReplyMapLen(c, fields);
    addReplyBulkCString(c, "summary");
    addReplyBulkCString(c, cmd->summary ? cmd->summary : "");
    if (cmd->since) {
        addReplyBulkCString(c, "since");
        addReplyBulkCString(c, cmd->since);
    }
    addReplyBulkCString(c, "group");
    addReplyBulkCString(c, commandGroupName(cmd->group));
    if (cmd->complexity) {
        addReplyBulkCString(c, "complexity");
        addReplyBulkCString(c, cmd->complexity);
    }
    if (cmd->doc_flags) {
        addReplyBulkCString(c, "doc_flags");
        int n = !!(cmd->doc_flags & CMD_DOC_DEPRECATED) + !!(cmd->doc_flags & CMD_DOC_SYSCMD);
        addReplySetLen(c, n);
        if (cmd->doc_flags & CMD_DOC_DEPRECATED) addReplyStatus(c, "deprecated");
        if (cmd->doc_flags & CMD_DOC_SYSCMD) addReplyStatus(c, "syscmd");
    }
    if (cmd->deprecated_since) {
        addReplyBulkCString(c, "deprecated_since");
        addReplyBulkCString(c, cmd->deprecated_since);
    }
    if (cmd->replaced_by) {
        addReplyBulkCString(c, "replaced_by");
        addReplyBulkCString(c, cmd->replaced_by);
    }
    if (cmd->history) {
        int n = 0;
        while (cmd->history[n * 2]) n++;
        addReplyBulkCString(c, "history");
        addReplySetLen(c, n);
        for (int j = 0; j < n; j++) {
            addReplyArrayLen(c, 2);
            addReplyBulkCString(c, cmd->history[j * 2]);
            addReplyBulkCString(c, cmd->history[j * 2 + 1]);
        }
    }
    if (cmd->args) {
        addReplyBulkCString(c, "arguments");
        addReplyCommandArgList(c, cmd->args);
    }
    if (cmd->subcommands_dict) {
        addReplyBulkCString(c, "subcommands");
        addReplyMapLen(c, countSubcommands(cmd));
        FOREACH_SUBCOMMAND(cmd, sub) {
            addReplyBulkCBuffer(c, sub->fullname, sdslen(sub->fullname));
            addReplyCommandDocs(c, sub);
        }
    }
}

/* ===========================================================================
 * Key extraction from key specs
 * ======================================================================== */

/* SET's key flags depend on its arguments: with GET the old value is read. */
static uint64_t setKeyFlags(robj **argv, int argc) {
    for (int i = 3; i < argc; i++)
        if (argv[i]->encoding != OBJ_ENCODING_INT && !strcasecmp(argv[i]->ptr, "get"))
            return CMD_KEY_RW | CMD_KEY_ACCESS | CMD_KEY_UPDATE;
    return CMD_KEY_OW | CMD_KEY_UPDATE;
}

/* SORT's STORE destination: its spec is "unknown" because the keyword may
 * come anywhere among the options.  Walk them as SORT parses them (LIMIT
 * takes two arguments, BY and GET one); the last STORE wins.  0 if none. */
static int sortStoreKeyIndex(robj **argv, int argc) {
    int found = 0;
    for (int i = 2; i < argc; i++) {
        if (argv[i]->encoding == OBJ_ENCODING_INT) continue;
        const char *a = argv[i]->ptr;
        if (!strcasecmp(a, "limit")) i += 2;
        else if (!strcasecmp(a, "get") || !strcasecmp(a, "by")) i += 1;
        else if (!strcasecmp(a, "store") && i + 1 < argc) found = ++i;
    }
    return found;
}

/* Fill keys[] with the argv indexes of the keys of a command, from its key
 * specs, and flags[] (when not NULL) with the flags of the spec that found
 * each key.  Returns the count, or -1 when the arguments are not valid for
 * the specs (e.g. a key count beyond argc). */
static int getKeysAndFlags(redisCommand *cmd, robj **argv, int argc, int *keys, uint64_t *flags, int maxkeys) {
    int count = 0;
    for (int s = 0; s < cmd->key_specs_num; s++) {
        keySpec *ks = &cmd->key_specs[s];
        int first = 0;
        if (ks->begin_search_type == KSPEC_BS_INDEX) {
            first = ks->bs.index.pos;
        } else if (ks->begin_search_type == KSPEC_BS_KEYWORD) {
            int start = ks->bs.keyword.startfrom;
            int end, step;
            if (start >= 0) {
                step = 1;
                end = argc - 1;
            } else {
                start = argc + start;
                step = -1;
                end = 0;
            }
            for (int i = start; step > 0 ? i <= end : i >= end; i += step) {
                if (i < 1 || i >= argc) break;
                if (argv[i]->encoding != OBJ_ENCODING_INT && !strcasecmp(argv[i]->ptr, ks->bs.keyword.keyword)) {
                    first = i + 1;
                    break;
                }
            }
            if (!first) continue;
        } else if (s == 2 && !strcmp(cmd->declared_name, "sort") && (first = sortStoreKeyIndex(argv, argc))) {
            if (count < maxkeys) {
                keys[count] = first;
                if (flags) flags[count] = ks->flags;
            }
            count++;
            continue;
        } else {
            continue;
        }
        if (first >= argc) continue;
        int last, step;
        if (ks->find_keys_type == KSPEC_FK_RANGE) {
            step = ks->fk.range.keystep;
            if (ks->fk.range.lastkey >= 0) {
                last = first + ks->fk.range.lastkey;
            } else if (ks->fk.range.limit <= 1) {
                last = argc + ks->fk.range.lastkey;
            } else {
                last = first + ((argc - first) / ks->fk.range.limit + ks->fk.range.lastkey);
            }
        } else if (ks->find_keys_type == KSPEC_FK_KEYNUM) {
            int idx = first + ks->fk.keynum.keynumidx;
            long long numkeys;
            if (idx >= argc || getLongLongFromObject(argv[idx], &numkeys) != C_OK || numkeys < 0) return -1;
            first = first + ks->fk.keynum.firstkey;
            step = ks->fk.keynum.keystep;
            last = first + (int)numkeys * step - 1;
            if (numkeys == 0) continue;
            if (last >= argc) return -1;
        } else {
            continue;
        }
        if (step < 1) step = 1;
        uint64_t ksflags = ks->flags;
        if ((ksflags & CMD_KEY_VARIABLE_FLAGS) && cmd->proc == setCommand) ksflags = setKeyFlags(argv, argc);
        for (int i = first; i <= last && i < argc; i += step) {
            if (count < maxkeys) {
                keys[count] = i;
                if (flags) flags[count] = ksflags;
            }
            count++;
        }
    }
    return count;
}

int getKeysFromCommand(redisCommand *cmd, robj **argv, int argc, int *keys, int maxkeys) {
    return getKeysAndFlags(cmd, argv, argc, keys, NULL, maxkeys);
}

static void getKeysSubcommandImpl(client *c, int with_flags) {
    redisCommand *cmd = lookupCommand(c->argv + 2, c->argc - 2);
    if (!cmd) {
        addReplyError(c, "Invalid command specified");
        return;
    }
    if ((cmd->arity > 0 && cmd->arity != c->argc - 2) || (c->argc - 2) < -cmd->arity) {
        addReplyError(c, "Invalid number of arguments specified for command");
        return;
    }
    int keys[256];
    uint64_t keyflags[256];
    int n = getKeysAndFlags(cmd, c->argv + 2, c->argc - 2, keys, keyflags, 256);
    if (n < 0) {
        addReplyError(c, "Invalid arguments specified for command");
        return;
    }
    if (n == 0) {
        addReplyError(c, cmd->key_specs_num ? "Invalid arguments specified for command"
                                            : "The command has no key arguments");
        return;
    }
    if (n > 256) n = 256;
    addReplyArrayLen(c, n);
    for (int j = 0; j < n; j++) {
        if (!with_flags) {
            addReplyBulk(c, c->argv[keys[j] + 2]);
            continue;
        }
        addReplyArrayLen(c, 2);
        addReplyBulk(c, c->argv[keys[j] + 2]);
        uint64_t flags = keyflags[j];
        int count = 0;
        for (int k = 0; key_flag_names[k].name; k++)
            if (flags & key_flag_names[k].flag) count++;
        addReplySetLen(c, count);
        for (int k = 0; key_flag_names[k].name; k++)
            if (flags & key_flag_names[k].flag) addReplyStatus(c, key_flag_names[k].name);
    }
}

/* ===========================================================================
 * The COMMAND command
 * ======================================================================== */

static void addReplyAllCommands(client *c, void (*reply)(client *, redisCommand *), int with_names) {
    if (with_names) addReplyMapLen(c, dictSize(server.commands));
    else addReplyArrayLen(c, dictSize(server.commands));
    for (redisCommand *cmd = redisCommandTable; cmd->declared_name; cmd++) {
        if (!cmd->table_name) continue;
        if (with_names) addReplyBulkCBuffer(c, cmd->fullname, sdslen(cmd->fullname));
        reply(c, cmd);
    }
}

void commandCommand(client *c) { addReplyAllCommands(c, addReplyCommandInfo, 0); }

void commandCountCommand(client *c) { addReplyLongLong(c, dictSize(server.commands)); }

void commandInfoCommand(client *c) {
    if (c->argc == 2) {
        addReplyAllCommands(c, addReplyCommandInfo, 0);
        return;
    }
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) addReplyCommandInfo(c, lookupCommandBySds(c->argv[j]->ptr));
}

void commandDocsCommand(client *c) {
    if (c->argc == 2) {
        addReplyAllCommands(c, addReplyCommandDocs, 1);
        return;
    }
    void *replylen = addReplyDeferredLen(c);
    long n = 0;
    for (int j = 2; j < c->argc; j++) {
        redisCommand *cmd = lookupCommandBySds(c->argv[j]->ptr);
        if (!cmd) continue;
        addReplyBulkCBuffer(c, cmd->fullname, sdslen(cmd->fullname));
        addReplyCommandDocs(c, cmd);
        n++;
    }
    setDeferredMapLen(c, replylen, n);
}

/* COMMAND LIST [FILTERBY MODULE name | ACLCAT cat | PATTERN pattern] */
void commandListCommand(client *c) {
    int filter = 0; /* 0 none, 1 module, 2 aclcat, 3 pattern */
    const char *arg = NULL;
    if (c->argc == 5 && !strcasecmp(c->argv[2]->ptr, "filterby")) {
        const char *by = c->argv[3]->ptr;
        arg = c->argv[4]->ptr;
        if (!strcasecmp(by, "module")) filter = 1;
        else if (!strcasecmp(by, "aclcat")) filter = 2;
        else if (!strcasecmp(by, "pattern")) filter = 3;
        else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    } else if (c->argc != 2) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    uint64_t catbit = 0;
    if (filter == 2) {
        int j;
        for (j = 0; acl_category_names[j]; j++)
            if (!strcasecmp(acl_category_names[j], arg)) break;
        if (!acl_category_names[j]) {
            addReplyArrayLen(c, 0);
            return;
        }
        catbit = 1ULL << j;
    }
    void *replylen = addReplyDeferredLen(c);
    long n = 0;
    for (redisCommand *cmd = redisCommandTable; cmd->declared_name; cmd++) {
        if (!cmd->table_name) continue;
        redisCommand *list[1 + 64];
        int m = 0;
        list[m++] = cmd;
        FOREACH_SUBCOMMAND(cmd, sub) if (m < 65) list[m++] = sub;
        for (int k = 0; k < m; k++) {
            redisCommand *x = list[k];
            if (filter == 1) continue; /* no modules */
            if (filter == 2 && !(x->acl_categories & catbit)) continue;
            if (filter == 3 && !stringmatchlen(arg, strlen(arg), x->fullname, sdslen(x->fullname), 1)) continue;
            addReplyBulkCBuffer(c, x->fullname, sdslen(x->fullname));
            n++;
        }
    }
    setDeferredArrayLen(c, replylen, n);
}

void commandGetkeysCommand(client *c) { getKeysSubcommandImpl(c, 0); }
void commandGetkeysandflagsCommand(client *c) { getKeysSubcommandImpl(c, 1); }

void commandHelpCommand(client *c) {
    const char *help[] = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        NULL};
    addReplyHelp(c, help);
}
