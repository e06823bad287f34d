/* functions.c - libraries of functions, FUNCTION and FCALL, independent of
 * the engine that compiles and runs them.  See functions.h for the model.
 *
 * Ownership.  A library owns its functions (lib->functions frees them); a
 * context owns its libraries (ctx->libraries frees them) and indexes every
 * function of every library by name (ctx->functions, not owning).  Moving a
 * library between contexts, or out of one while it is replaced, is
 * "unlink" / "link": no copy, no free.
 *
 * Payloads of FUNCTION DUMP / RESTORE are laid out like DUMP's (dump.c):
 *
 *     FUNCTION2 entries (rdb.c) | RDB version (2 bytes LE) | CRC64 (8 bytes LE)
 *
 * so they move between this server and Redis 7.0 in both directions. */
#include "functions.h"
#include "function_lua.h"
#include "debug.h"
#include "rdb.h"

struct functionLib {
    sds name;
    sds code; /* the whole code, shebang line included: what is saved */
    const functionsEngine *engine;
    dict *functions; /* functionInfo by name (case-insensitive), owned */
};

struct functionsLibCtx {
    dict *libraries; /* functionLib by name (case-sensitive), owned */
    dict *functions; /* functionInfo by name, every library's */
};

/* FUNCTION LOAD may run a library's top-level code this long. */
#define FUNCTIONS_LOAD_TIMEOUT_MS 500

static functionsLibCtx *curr_ctx = NULL;

/* The engines, by name (case-insensitive).  Only Lua for now. */
static const functionsEngine *engines[] = {NULL, NULL};

/* ===========================================================================
 * Dictionaries
 * ======================================================================== */

static const void *functionGetKey(const void *elem) { return ((const functionInfo *)elem)->name; }

static const void *libraryGetKey(const void *elem) { return ((const functionLib *)elem)->name; }

static void functionFree(void *elem) {
    functionInfo *fi = elem;
    fi->lib->engine->free_function(fi);
    sdsfree(fi->name);
    sdsfree(fi->desc);
    zfree(fi);
}

static void libraryFree(void *elem) {
    functionLib *lib = elem;
    dictRelease(lib->functions);
    sdsfree(lib->name);
    sdsfree(lib->code);
    zfree(lib);
}

/* A library's own functions: freed with it. */
static dictType libFunctionsDictType = {
    .hashFunction = dictSdsCaseHash,
    .entryGetKey = functionGetKey,
    .keyCompare = dictSdsKeyCaseCompare,
    .entryDestructor = functionFree,
};

/* A context's index of all functions: owns nothing. */
static dictType ctxFunctionsDictType = {
    .hashFunction = dictSdsCaseHash,
    .entryGetKey = functionGetKey,
    .keyCompare = dictSdsKeyCaseCompare,
};

static dictType librariesDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = libraryGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = libraryFree,
};

/* ===========================================================================
 * Library contexts
 * ======================================================================== */

functionsLibCtx *functionsLibCtxCreate(void) {
    functionsLibCtx *ctx = zmalloc(sizeof(*ctx));
    ctx->libraries = dictCreate(&librariesDictType);
    ctx->functions = dictCreate(&ctxFunctionsDictType);
    return ctx;
}

void functionsLibCtxFree(functionsLibCtx *ctx) {
    /* The index first: it points into the libraries. */
    dictRelease(ctx->functions);
    dictRelease(ctx->libraries);
    zfree(ctx);
}

/* Created on demand too: a harness that loads RDB images without the whole
 * server start-up (the fuzzers) has no engines, so its libraries fail to
 * load instead of crashing. */
functionsLibCtx *functionsLibCtxGetCurrent(void) {
    if (curr_ctx == NULL) curr_ctx = functionsLibCtxCreate();
    return curr_ctx;
}

void functionsClearCurrent(void) {
    if (curr_ctx) functionsLibCtxFree(curr_ctx);
    curr_ctx = functionsLibCtxCreate();
}

static void libraryLink(functionsLibCtx *ctx, functionLib *lib) {
    dictAdd(ctx->libraries, lib);
    dictIterator di;
    dictInitIterator(&di, lib->functions);
    functionInfo *fi;
    while ((fi = dictNext(&di)) != NULL) dictAdd(ctx->functions, fi);
    dictResetIterator(&di);
}

static void libraryUnlink(functionsLibCtx *ctx, functionLib *lib) {
    dictIterator di;
    dictInitIterator(&di, lib->functions);
    functionInfo *fi;
    while ((fi = dictNext(&di)) != NULL) dictUnlink(ctx->functions, fi->name);
    dictResetIterator(&di);
    dictUnlink(ctx->libraries, lib->name);
}

/* The first function of lib whose name is already taken in ctx, or NULL. */
static functionInfo *libraryCollision(functionsLibCtx *ctx, functionLib *lib) {
    dictIterator di;
    dictInitIterator(&di, lib->functions);
    functionInfo *fi;
    while ((fi = dictNext(&di)) != NULL)
        if (dictFind(ctx->functions, fi->name)) break;
    dictResetIterator(&di);
    return fi;
}

/* ===========================================================================
 * Creating libraries
 * ======================================================================== */

/* Library and function names: letters, digits and '_', at least one. */
static int functionsValidName(const char *s, size_t len) {
    if (len == 0) return 0;
    for (size_t j = 0; j < len; j++) {
        char ch = s[j];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return 0;
    }
    return 1;
}

int functionLibRegister(functionLib *lib, const char *name, size_t len, long engine_fn, sds desc, uint64_t flags,
                        sds *err) {
    /* Redis 7.0 words a bad function name as a bad library name: kept. */
    if (!functionsValidName(name, len)) {
        *err = sdsnew("Library names can only contain letters, numbers, or underscores(_) and must be at least one "
                      "character long");
        return C_ERR;
    }
    sds fname = sdsnewlen(name, len);
    if (dictFind(lib->functions, fname)) {
        sdsfree(fname);
        *err = sdsnew("Function already exists in the library");
        return C_ERR;
    }
    functionInfo *fi = zmalloc(sizeof(*fi));
    fi->name = fname;
    fi->desc = desc;
    fi->flags = flags;
    fi->engine_fn = engine_fn;
    fi->lib = lib;
    dictAdd(lib->functions, fi);
    return C_OK;
}

static const functionsEngine *functionsFindEngine(const char *name) {
    for (int j = 0; engines[j]; j++)
        if (!strcasecmp(engines[j]->name, name)) return engines[j];
    return NULL;
}

/* The shebang line: "#!<engine> name=<library>", split as the command line
 * of redis-cli is (quotes allowed).  On success *engine and *name are new
 * sds strings and *code_off is where the line's newline is: the engine
 * compiles from there, so that line numbers stay those of the whole code. */
static int functionsParseMetadata(const char *code, size_t len, sds *engine, sds *name, size_t *code_off,
                                  sds *err) {
    *engine = *name = NULL;
    if (len < 2 || code[0] != '#' || code[1] != '!') {
        *err = sdsnew("Missing library metadata");
        return C_ERR;
    }
    const char *nl = memchr(code, '\n', len);
    if (nl == NULL) {
        *err = sdsnew("Invalid library metadata");
        return C_ERR;
    }
    sds line = sdsnewlen(code, nl - code);
    int nparts = 0;
    sds *parts = sdssplitargs(line, &nparts);
    sdsfree(line);
    if (parts == NULL || nparts == 0) {
        if (parts) sdsfreesplitres(parts, nparts);
        *err = sdsnew("Invalid library metadata");
        return C_ERR;
    }
    for (int j = 1; j < nparts; j++) {
        if (!strncasecmp(parts[j], "name=", 5)) {
            if (*name) {
                *err = sdsnew("Invalid metadata value, name argument was given multiple times");
                goto error;
            }
            *name = sdsnew(parts[j] + 5);
            continue;
        }
        *err = sdscatprintf(sdsempty(), "Invalid metadata value given: %s", parts[j]);
        goto error;
    }
    if (*name == NULL) {
        *err = sdsnew("Library name was not given");
        goto error;
    }
    /* parts[0] is "#!engine" (the line starts with "#!"). */
    *engine = sdsnew(sdslen(parts[0]) >= 2 ? parts[0] + 2 : "");
    *code_off = nl - code;
    sdsfreesplitres(parts, nparts);
    return C_OK;
error:
    sdsfree(*name);
    *name = NULL;
    sdsfreesplitres(parts, nparts);
    return C_ERR;
}

const char *functionsCreateWithLibraryCtx(const char *code, size_t len, int replace, sds *err,
                                          functionsLibCtx *ctx, long long timeout_ms) {
    sds engine_name, name;
    size_t code_off;
    functionLib *lib = NULL, *old = NULL;
    if (functionsParseMetadata(code, len, &engine_name, &name, &code_off, err) != C_OK) return NULL;
    if (!functionsValidName(name, sdslen(name))) {
        *err = sdsnew("Library names can only contain letters, numbers, or underscores(_) and must be at least one "
                      "character long");
        goto error;
    }
    const functionsEngine *engine = functionsFindEngine(engine_name);
    if (engine == NULL) {
        *err = sdscatprintf(sdsempty(), "Engine '%s' not found", engine_name);
        goto error;
    }
    old = dictFind(ctx->libraries, name);
    if (old && !replace) {
        old = NULL;
        *err = sdscatprintf(sdsempty(), "Library '%s' already exists", name);
        goto error;
    }
    /* The library being replaced steps aside while the new one loads (its
     * function names are free for the new one), and comes back on failure. */
    if (old) libraryUnlink(ctx, old);

    lib = zmalloc(sizeof(*lib));
    lib->name = name;
    name = NULL;
    lib->code = sdsnewlen(code, len);
    lib->engine = engine;
    lib->functions = dictCreate(&libFunctionsDictType);
    if (engine->create(lib, code + code_off, len - code_off, timeout_ms, err) != C_OK) goto error;
    if (dictSize(lib->functions) == 0) {
        *err = sdsnew("No functions registered");
        goto error;
    }
    functionInfo *clash = libraryCollision(ctx, lib);
    if (clash) {
        *err = sdscatprintf(sdsempty(), "Function %s already exists", clash->name);
        goto error;
    }
    if (old) libraryFree(old);
    libraryLink(ctx, lib);
    sdsfree(engine_name);
    return lib->name;

error:
    if (lib) libraryFree(lib);
    if (old) libraryLink(ctx, old);
    sdsfree(engine_name);
    sdsfree(name);
    return NULL;
}

/* Move every library of src into dst (RESTORE APPEND / REPLACE).  A name
 * clash aborts the whole join and leaves both contexts as they were. */
static int functionsJoin(functionsLibCtx *dst, functionsLibCtx *src, int replace, sds *err) {
    list *replaced = listCreate();
    dictIterator di;
    functionLib *lib;
    int ret = C_ERR;

    dictInitIterator(&di, src->libraries);
    while ((lib = dictNext(&di)) != NULL) {
        functionLib *old = dictFind(dst->libraries, lib->name);
        if (old == NULL) continue;
        if (!replace) {
            *err = sdscatprintf(sdsempty(), "Library %s already exists", lib->name);
            dictResetIterator(&di);
            goto done;
        }
        libraryUnlink(dst, old);
        listAddNodeTail(replaced, old);
    }
    dictResetIterator(&di);

    dictInitIterator(&di, src->libraries);
    while ((lib = dictNext(&di)) != NULL) {
        functionInfo *clash = libraryCollision(dst, lib);
        if (clash) {
            *err = sdscatprintf(sdsempty(), "Function %s already exists", clash->name);
            dictResetIterator(&di);
            goto done;
        }
    }
    dictResetIterator(&di);

    /* No failure past this point: move the libraries over. */
    dictInitSafeIterator(&di, src->libraries);
    while ((lib = dictNext(&di)) != NULL) {
        libraryUnlink(src, lib);
        libraryLink(dst, lib);
    }
    dictResetIterator(&di);
    ret = C_OK;

done:;
    listIter li;
    listNode *ln;
    listRewind(replaced, &li);
    while ((ln = listNext(&li)) != NULL) {
        if (ret == C_OK) libraryFree(listNodeValue(ln));
        else libraryLink(dst, listNodeValue(ln));
    }
    listRelease(replaced);
    return ret;
}

int functionsForEachLibraryCode(int (*fn)(void *privdata, const char *code, size_t len), void *privdata) {
    if (curr_ctx == NULL) return 0;
    dictIterator di;
    dictInitIterator(&di, curr_ctx->libraries);
    functionLib *lib;
    int ret = 0;
    while ((lib = dictNext(&di)) != NULL)
        if ((ret = fn(privdata, lib->code, sdslen(lib->code))) != 0) break;
    dictResetIterator(&di);
    return ret;
}

/* ===========================================================================
 * Start-up, INFO
 * ======================================================================== */

void functionsInit(void) {
    engines[0] = luaEngineInit();
    functionsLibCtxGetCurrent();
}

unsigned long functionsCount(void) { return curr_ctx ? dictSize(curr_ctx->functions) : 0; }

unsigned long functionsLibCount(void) { return curr_ctx ? dictSize(curr_ctx->libraries) : 0; }

size_t functionsVmMemory(void) {
    size_t total = 0;
    for (int j = 0; engines[j]; j++) total += engines[j]->vm_memory();
    return total;
}

/* The bookkeeping around the code: the context's tables, every library
 * with its code and function entries. */
size_t functionsMemoryOverhead(void) {
    if (!curr_ctx) return 0;
    size_t total = zmalloc_size(curr_ctx) + dictMemUsage(curr_ctx->libraries) + dictMemUsage(curr_ctx->functions);
    dictIterator di;
    dictInitIterator(&di, curr_ctx->libraries);
    functionLib *lib;
    while ((lib = dictNext(&di)) != NULL) {
        total += zmalloc_size(lib) + sdsAllocSize(lib->name) + sdsAllocSize(lib->code) + dictMemUsage(lib->functions);
        total += dictSize(lib->functions) * sizeof(functionInfo);
    }
    dictResetIterator(&di);
    return total;
}

/* ===========================================================================
 * FCALL
 * ======================================================================== */

/* The function an argument names (any case), or NULL. */
static functionInfo *functionsLookup(robj *name) {
    robj *decoded = getDecodedObject(name);
    functionInfo *fi = dictFind(curr_ctx->functions, decoded->ptr);
    decrRefCount(decoded);
    return fi;
}

uint64_t fcallGetCommandFlags(client *c, uint64_t cmd_flags) {
    if (c->cmd == NULL || (c->cmd->proc != fcallCommand && c->cmd->proc != fcallRoCommand) || c->argc < 2)
        return cmd_flags;
    functionInfo *fi = functionsLookup(c->argv[1]);
    if (fi == NULL) return cmd_flags;
    return scriptFlagsToCmdFlags(cmd_flags, fi->flags);
}

static void fcallGenericCommand(client *c, int ro) {
    /* FCALL never reaches the AOF: the commands it runs do. */
    preventCommandPropagation(c);
    /* FCALL skips the usual after-the-call MONITOR feed: monitors see it
     * before the commands it runs, as in Redis. */
    if (listLength(server.monitors)) replicationFeedMonitors(c, c->db->id, c->argv, c->argc);
    functionInfo *fi = functionsLookup(c->argv[1]);
    if (fi == NULL) {
        addReplyError(c, "Function not found");
        return;
    }
    long long numkeys;
    if (getLongLongFromObject(c->argv[2], &numkeys) != C_OK) {
        addReplyError(c, "Bad number of keys provided");
        return;
    }
    if (numkeys > c->argc - 3) {
        addReplyError(c, "Number of keys can't be greater than number of args");
        return;
    }
    if (numkeys < 0) {
        addReplyError(c, "Number of keys can't be negative");
        return;
    }
    const functionsEngine *engine = fi->lib->engine;
    scriptRunCtx rctx;
    if (scriptPrepareForRun(&rctx, engine->get_client(), c, fi->name, fi->flags, ro, 0) != C_OK) return;
    engine->call(&rctx, fi, c->argv + 3, numkeys, c->argv + 3 + numkeys, c->argc - 3 - numkeys);
    scriptResetRun(&rctx);
}

void fcallCommand(client *c) { fcallGenericCommand(c, 0); }

void fcallRoCommand(client *c) { fcallGenericCommand(c, 1); }

/* ===========================================================================
 * FUNCTION LOAD, DELETE, FLUSH, LIST, STATS, KILL, HELP
 * ======================================================================== */

void functionLoadCommand(client *c) {
    int replace = 0;
    int j;
    /* Options come before the code, which is always the last argument. */
    for (j = 2; j < c->argc - 1; j++) {
        if (!strcasecmp(c->argv[j]->ptr, "replace")) {
            replace = 1;
            continue;
        }
        addReplyErrorFormat(c, "Unknown option given: %s", (char *)c->argv[j]->ptr);
        return;
    }
    robj *code = getDecodedObject(c->argv[c->argc - 1]);
    sds err = NULL;
    const char *name = functionsCreateWithLibraryCtx(code->ptr, sdslen(code->ptr), replace, &err, curr_ctx,
                                                     FUNCTIONS_LOAD_TIMEOUT_MS);
    decrRefCount(code);
    if (name == NULL) {
        addReplyErrorSds(c, err);
        return;
    }
    server.dirty++;
    addReplyBulkCString(c, name);
}

void functionDeleteCommand(client *c) {
    functionLib *lib = dictFind(curr_ctx->libraries, c->argv[2]->ptr);
    if (lib == NULL) {
        addReplyError(c, "Library not found");
        return;
    }
    libraryUnlink(curr_ctx, lib);
    libraryFree(lib);
    server.dirty++;
    addReply(c, shared.ok);
}

/* ASYNC and SYNC both free at once: the libraries are small next to a
 * dataset, and their callbacks live in the engine, not in bio's reach. */
void functionFlushCommand(client *c) {
    if (c->argc > 3) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    if (c->argc == 3 && strcasecmp(c->argv[2]->ptr, "sync") && strcasecmp(c->argv[2]->ptr, "async")) {
        addReplyError(c, "FUNCTION FLUSH only supports SYNC|ASYNC option");
        return;
    }
    functionsClearCurrent();
    server.dirty++;
    addReply(c, shared.ok);
}

static void functionListReplyFunction(client *c, functionInfo *fi) {
    addReplyMapLen(c, 3);
    addReplyBulkCString(c, "name");
    addReplyBulkCBuffer(c, fi->name, sdslen(fi->name));
    addReplyBulkCString(c, "description");
    if (fi->desc) addReplyBulkCBuffer(c, fi->desc, sdslen(fi->desc));
    else addReplyNull(c);
    addReplyBulkCString(c, "flags");
    int nflags = 0;
    for (const scriptFlagName *f = scriptFlagNames; f->name; f++)
        if (fi->flags & f->flag) nflags++;
    addReplySetLen(c, nflags);
    for (const scriptFlagName *f = scriptFlagNames; f->name; f++)
        if (fi->flags & f->flag) addReplyStatus(c, f->name);
}

void functionListCommand(client *c) {
    int with_code = 0;
    sds pattern = NULL;
    for (int j = 2; j < c->argc; j++) {
        const char *arg = c->argv[j]->ptr;
        if (!with_code && !strcasecmp(arg, "withcode")) {
            with_code = 1;
            continue;
        }
        if (!pattern && !strcasecmp(arg, "libraryname")) {
            if (j == c->argc - 1) {
                addReplyError(c, "library name argument was not given");
                return;
            }
            pattern = c->argv[++j]->ptr;
            continue;
        }
        addReplyErrorFormat(c, "Unknown argument %s", arg);
        return;
    }
    void *len = addReplyDeferredLen(c);
    long count = 0;
    dictIterator di;
    dictInitIterator(&di, curr_ctx->libraries);
    functionLib *lib;
    while ((lib = dictNext(&di)) != NULL) {
        if (pattern && !stringmatchlen(pattern, sdslen(pattern), lib->name, sdslen(lib->name), 1)) continue;
        count++;
        addReplyMapLen(c, with_code ? 4 : 3);
        addReplyBulkCString(c, "library_name");
        addReplyBulkCBuffer(c, lib->name, sdslen(lib->name));
        addReplyBulkCString(c, "engine");
        addReplyBulkCString(c, lib->engine->name);
        addReplyBulkCString(c, "functions");
        addReplyArrayLen(c, dictSize(lib->functions));
        dictIterator fdi;
        dictInitIterator(&fdi, lib->functions);
        functionInfo *fi;
        while ((fi = dictNext(&fdi)) != NULL) functionListReplyFunction(c, fi);
        dictResetIterator(&fdi);
        if (with_code) {
            addReplyBulkCString(c, "library_code");
            addReplyBulkCBuffer(c, lib->code, sdslen(lib->code));
        }
    }
    dictResetIterator(&di);
    setDeferredArrayLen(c, len, count);
}

/* Allowed while a script is busy: tells what runs, for how long. */
void functionStatsCommand(client *c) {
    /* A busy EVAL is not a function: Redis answers as to other commands. */
    if (scriptIsRunning() && scriptIsEval()) {
        addReplyError(c, "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
        return;
    }
    addReplyMapLen(c, 2);
    addReplyBulkCString(c, "running_script");
    if (!scriptIsRunning()) {
        addReplyNull(c);
    } else {
        client *caller = scriptGetCaller();
        addReplyMapLen(c, 3);
        addReplyBulkCString(c, "name");
        addReplyBulkCString(c, scriptCurrFunction());
        addReplyBulkCString(c, "command");
        addReplyArrayLen(c, caller->argc);
        for (int j = 0; j < caller->argc; j++) addReplyBulk(c, caller->argv[j]);
        addReplyBulkCString(c, "duration_ms");
        addReplyLongLong(c, scriptRunDuration());
    }
    addReplyBulkCString(c, "engines");
    int nengines = 0;
    while (engines[nengines]) nengines++;
    addReplyMapLen(c, nengines);
    for (int j = 0; j < nengines; j++) {
        long libs = 0, funcs = 0;
        dictIterator di;
        dictInitIterator(&di, curr_ctx->libraries);
        functionLib *lib;
        while ((lib = dictNext(&di)) != NULL) {
            if (lib->engine != engines[j]) continue;
            libs++;
            funcs += dictSize(lib->functions);
        }
        dictResetIterator(&di);
        addReplyBulkCString(c, engines[j]->name);
        addReplyMapLen(c, 2);
        addReplyBulkCString(c, "libraries_count");
        addReplyLongLong(c, libs);
        addReplyBulkCString(c, "functions_count");
        addReplyLongLong(c, funcs);
    }
}

void functionKillCommand(client *c) { scriptKill(c, 0); }

void functionHelpCommand(client *c) {
    const char *help[] = {
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
        "RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
        NULL};
    addReplyHelp(c, help);
}

/* ===========================================================================
 * FUNCTION DUMP and RESTORE
 * ======================================================================== */

void functionDumpCommand(client *c) {
    rio payload;
    rioInitWithBuffer(&payload, sdsempty());
    if (rdbSaveFunctions(&payload) == -1) {
        sdsfree(payload.io.buffer.ptr);
        addReplyError(c, "Failed dumping the functions");
        return;
    }
    addReplyBulkSds(c, dumpPayloadAddFooter(payload.io.buffer.ptr));
}

/* Load every FUNCTION2 entry of a verified payload into ctx. */
static int functionsLoadPayload(sds data, functionsLibCtx *ctx, sds *err) {
    rio r;
    rioInitWithBuffer(&r, data);
    off_t total = (off_t)sdslen(data) - 10;
    r.privdata = &total;
    while (sdslen(data) - r.io.buffer.pos > 10) {
        int type = rdbLoadType(&r);
        if (type == -1) {
            *err = sdsnew("can not read data type");
            return C_ERR;
        }
        if (type != RDB_OPCODE_FUNCTION2) {
            *err = sdsnew("given type is not a function");
            return C_ERR;
        }
        sds code = rdbLoadSds(&r);
        rdbLoadErrorClear();
        if (code == NULL) {
            *err = sdsnew("Failed loading library payload");
            return C_ERR;
        }
        const char *name = functionsCreateWithLibraryCtx(code, sdslen(code), 0, err, ctx, 0);
        sdsfree(code);
        if (name == NULL) return C_ERR;
    }
    return C_OK;
}

void functionRestoreCommand(client *c) {
    enum { RESTORE_APPEND, RESTORE_REPLACE, RESTORE_FLUSH } policy = RESTORE_APPEND;
    if (c->argc > 4) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    if (c->argc == 4) {
        const char *p = c->argv[3]->ptr;
        if (!strcasecmp(p, "append")) policy = RESTORE_APPEND;
        else if (!strcasecmp(p, "replace")) policy = RESTORE_REPLACE;
        else if (!strcasecmp(p, "flush")) policy = RESTORE_FLUSH;
        else {
            addReplyError(c, "Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            return;
        }
    }
    robj *payload = getDecodedObject(c->argv[2]);
    sds data = payload->ptr;
    if (dumpPayloadVerify((unsigned char *)data, sdslen(data)) != C_OK) {
        decrRefCount(payload);
        addReplyError(c, "DUMP payload version or checksum are wrong");
        return;
    }
    functionsLibCtx *ctx = functionsLibCtxCreate();
    sds err = NULL;
    if (functionsLoadPayload(data, ctx, &err) != C_OK) goto done;
    if (policy == RESTORE_FLUSH) {
        functionsLibCtx *old = curr_ctx;
        curr_ctx = ctx;
        ctx = old;
    } else if (functionsJoin(curr_ctx, ctx, policy == RESTORE_REPLACE, &err) != C_OK) {
        goto done;
    }
    server.dirty++;
done:
    decrRefCount(payload);
    functionsLibCtxFree(ctx);
    if (err) addReplyErrorSds(c, err);
    else addReply(c, shared.ok);
}
