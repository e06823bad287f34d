/* cli_help.c - HELP, hints and TAB completion for redis-cli.
 *
 * Everything comes from the server's COMMAND DOCS, fetched once when the
 * prompt starts (or when HELP is asked in one-shot mode): one entry per
 * command and per subcommand ("CLIENT LIST"), sorted by name, plus one
 * entry per command group ("@string") for "help <TAB>".  An entry's params
 * string is the argument syntax built from the documented arguments:
 *
 *     key value [NX|XX] [GET] [EX seconds|PX milliseconds|...]
 *
 * (a token then its value, "|" between the choices of a oneof, spaces
 * between the parts of a block, [ ] around optional arguments and
 * "x [x ...]" for repeated ones).  Without a server the same docs come from
 * commands.def, compiled into the cli (cli_commands.c). */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_commands.h"
#include "cli_common.h"
#include "zmalloc.h"

#define HELP_COMMAND 1
#define HELP_GROUP 2

typedef struct helpEntry {
    int type;
    int argc;
    sds *argv;          /* the words of the name, e.g. {"CLIENT", "LIST"} */
    sds full;           /* "CLIENT LIST" or "@string" */
    sds params;
    sds summary;
    sds since;
    sds group;
} helpEntry;

static helpEntry *entries = NULL;
static int entries_len = 0;
static int help_loaded = 0;

/* Field of a documentation map (flat key/value list in RESP2 and RESP3). */
static cliReply *docField(const cliReply *map, const char *name) {
    if (!map || !cliReplyIsAggregate(map)) return NULL;
    for (size_t i = 0; i + 1 < map->elements; i += 2) {
        const cliReply *k = map->element[i];
        if (k->str && !strcmp(k->str, name)) return map->element[i + 1];
    }
    return NULL;
}

static const char *docString(const cliReply *map, const char *name) {
    cliReply *v = docField(map, name);
    return v && v->str ? v->str : NULL;
}

static sds addArgument(sds params, const cliReply *arg);

static sds joinArguments(sds params, const cliReply *args, const char *sep) {
    if (!args) return params;
    for (size_t j = 0; j < args->elements; j++) {
        if (j) params = sdscat(params, sep);
        params = addArgument(params, args->element[j]);
    }
    return params;
}

static sds addArgument(sds params, const cliReply *arg) {
    const char *name = docString(arg, "name");
    const char *type = docString(arg, "type");
    const char *token = docString(arg, "token");
    cliReply *flags = docField(arg, "flags");
    int optional = 0, multiple = 0, multiple_token = 0;
    if (!name || !type) return params;
    for (size_t j = 0; flags && j < flags->elements; j++) {
        const char *f = flags->element[j]->str;
        if (!f) continue;
        if (!strcmp(f, "optional")) optional = 1;
        else if (!strcmp(f, "multiple")) multiple = 1;
        else if (!strcmp(f, "multiple_token")) multiple_token = 1;
    }

    /* The part that repeats, and the token that introduces it. */
    sds value = sdsempty();
    if (!strcmp(type, "oneof")) value = joinArguments(value, docField(arg, "arguments"), "|");
    else if (!strcmp(type, "block")) value = joinArguments(value, docField(arg, "arguments"), " ");
    else if (strcmp(type, "pure-token")) value = sdscat(value, name);
    sds tok = sdsnew(token ? token : "");
    sdstoupper(tok);
    /* An empty token (MIGRATE's "" for no key) is shown quoted. */
    if (token && !token[0]) tok = sdscat(tok, "\"\"");
    if (sdslen(tok) && strcmp(type, "pure-token")) tok = sdscat(tok, " ");

    if (optional) params = sdscat(params, "[");
    params = sdscatsds(params, tok);
    params = sdscatsds(params, value);
    if (multiple) {
        params = sdscat(params, " [");
        if (multiple_token) params = sdscatsds(params, tok);
        params = sdscatsds(params, value);
        params = sdscat(params, " ...]");
    }
    if (optional) params = sdscat(params, "]");
    sdsfree(value);
    sdsfree(tok);
    return params;
}

static void addEntry(const char *name, const cliReply *doc) {
    entries = zrealloc(entries, sizeof(helpEntry) * (size_t)(entries_len + 1));
    helpEntry *e = &entries[entries_len++];
    memset(e, 0, sizeof(*e));
    e->type = HELP_COMMAND;
    /* Subcommands are named "container|sub". */
    sds full = sdsnew(name);
    sdstoupper(full);
    sdsmapchars(full, "|", " ", 1);
    e->full = full;
    e->argv = sdssplitlen(full, (ssize_t)sdslen(full), " ", 1, &e->argc);
    e->params = joinArguments(sdsempty(), docField(doc, "arguments"), " ");
    const char *s;
    e->summary = sdsnew((s = docString(doc, "summary")) ? s : "");
    e->since = (s = docString(doc, "since")) ? sdsnew(s) : NULL;
    e->group = sdsnew((s = docString(doc, "group")) ? s : "");
}

static int entryCompare(const void *a, const void *b) {
    return strcmp(((const helpEntry *)a)->full, ((const helpEntry *)b)->full);
}

static void addGroups(void) {
    int n = entries_len;
    for (int i = 0; i < n; i++) {
        sds g = sdscatprintf(sdsempty(), "@%s", entries[i].group);
        int seen = 0;
        for (int j = n; j < entries_len; j++)
            if (!strcasecmp(entries[j].full, g)) seen = 1;
        if (seen || sdslen(g) == 1) {
            sdsfree(g);
            continue;
        }
        entries = zrealloc(entries, sizeof(helpEntry) * (size_t)(entries_len + 1));
        helpEntry *e = &entries[entries_len++];
        memset(e, 0, sizeof(*e));
        e->type = HELP_GROUP;
        e->full = g;
        e->argc = 1;
        e->argv = zmalloc(sizeof(sds));
        e->argv[0] = sdsdup(g);
        e->params = sdsempty();
        e->summary = sdsempty();
        e->group = sdsnew(g + 1);
    }
}

/* From the server's COMMAND DOCS, or from the copy of commands.def built
 * into the cli when no server answers. */
void cliInitHelp(void) {
    if (help_loaded) return;
    cliReply *r = context ? cliConnCommand(context, 2, "COMMAND", "DOCS") : NULL;
    if (!r || !cliReplyIsAggregate(r) || r->elements == 0) {
        cliReplyFree(r);
        r = cliOfflineCommandDocs();
    }
    help_loaded = 1;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
        const cliReply *name = r->element[i], *doc = r->element[i + 1];
        if (!name->str) continue;
        addEntry(name->str, doc);
        cliReply *subs = docField(doc, "subcommands");
        for (size_t j = 0; subs && j + 1 < subs->elements; j += 2)
            if (subs->element[j]->str) addEntry(subs->element[j]->str, subs->element[j + 1]);
    }
    addGroups();
    qsort(entries, (size_t)entries_len, sizeof(helpEntry), entryCompare);
    cliReplyFree(r);
}

static void outputGenericHelp(void) {
    printf("redis-cli %s\n"
           "To get help about Redis commands type:\n"
           "      \"help @<group>\" to get a list of commands in <group>\n"
           "      \"help <command>\" for help on <command>\n"
           "      \"help <tab>\" to get a list of possible help topics\n"
           "      \"quit\" to exit\n"
           "\n"
           "To set redis-cli preferences:\n"
           "      \":set hints\" enable online hints\n"
           "      \":set nohints\" disable online hints\n"
           "Set your preferences in ~/.redisclirc\n",
           CLI_VERSION);
}

static void outputEntry(const helpEntry *e, int with_group) {
    printf("\r\n  \x1b[1m%s\x1b[0m \x1b[90m%s\x1b[0m\r\n", e->full, e->params);
    printf("  \x1b[33msummary:\x1b[0m %s\r\n", e->summary);
    if (e->since) printf("  \x1b[33msince:\x1b[0m %s\r\n", e->since);
    if (with_group) printf("  \x1b[33mgroup:\x1b[0m %s\r\n", e->group);
}

void cliOutputHelp(int argc, char **argv) {
    if (argc == 0) {
        outputGenericHelp();
        return;
    }
    if (!help_loaded) cliInitHelp();
    const char *group = argv[0][0] == '@' ? argv[0] + 1 : NULL;
    for (int i = 0; i < entries_len; i++) {
        const helpEntry *e = &entries[i];
        if (e->type != HELP_COMMAND) continue;
        if (group) {
            if (!strcasecmp(group, e->group)) outputEntry(e, 0);
            continue;
        }
        /* "help client" shows CLIENT and all its subcommands. */
        if (argc > e->argc) continue;
        int j;
        for (j = 0; j < argc; j++)
            if (strcasecmp(argv[j], e->argv[j])) break;
        if (j == argc) outputEntry(e, 1);
    }
    printf("\r\n");
}

/* The hint shown after what was typed: the params of the longest matching
 * command name, minus the arguments already typed (up to the first
 * optional one, whose presence cannot be told). */
char *cliHintFor(const char *buf) {
    int argc;
    sds *argv = sdssplitargs(buf, &argc);
    if (!argv) return NULL;
    if (argc == 0) {
        sdsfreesplitres(argv, argc);
        return NULL;
    }
    size_t buflen = strlen(buf);
    int endspace = buflen && isspace((unsigned char)buf[buflen - 1]);
    const helpEntry *best = NULL;
    int matchlen = 0;
    for (int i = 0; i < entries_len; i++) {
        const helpEntry *e = &entries[i];
        if (e->type != HELP_COMMAND || e->argc > argc) continue;
        int j;
        for (j = 0; j < e->argc; j++)
            if (strcasecmp(e->argv[j], argv[j])) break;
        if (j == e->argc && e->argc > matchlen) {
            matchlen = e->argc;
            best = e;
        }
    }
    sdsfreesplitres(argv, argc);
    if (!best) return NULL;

    sds hint = sdsdup(best->params);
    int toremove = argc - matchlen;
    size_t p = 0;
    while (toremove > 0 && p < sdslen(hint)) {
        if (hint[p] == '[') break;
        if (hint[p] == ' ') toremove--;
        p++;
    }
    sdsrange(hint, (ssize_t)p, -1);
    if (!endspace) {
        sds h = sdsnew(" ");
        h = sdscatsds(h, hint);
        sdsfree(hint);
        hint = h;
    }
    return hint;
}

/* Command names (and "help" topics) starting with what was typed. */
void cliCompletionsFor(const char *buf, sds **out, int *count) {
    size_t start = 0;
    int mask = HELP_COMMAND;
    if (!strncasecmp(buf, "help ", 5)) {
        start = 5;
        while (isspace((unsigned char)buf[start])) start++;
        mask = HELP_COMMAND | HELP_GROUP;
    }
    *out = NULL;
    *count = 0;
    size_t len = strlen(buf + start);
    for (int i = 0; i < entries_len; i++) {
        if (!(entries[i].type & mask)) continue;
        if (strncasecmp(buf + start, entries[i].full, len)) continue;
        sds c = sdsnewlen(buf, start);
        c = sdscatsds(c, entries[i].full);
        *out = zrealloc(*out, sizeof(sds) * (size_t)(*count + 1));
        (*out)[(*count)++] = c;
    }
}
