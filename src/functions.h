/* functions.h - FUNCTION and FCALL: named functions grouped in libraries,
 * independent of the language they are written in.
 *
 * A library is loaded from its whole code, which starts with a shebang
 * line naming its engine and itself:
 *
 *     #!lua name=mylib
 *     redis.register_function('myfunc', function(keys, args) ... end)
 *
 * Loading runs the code once; while it runs, the code registers its
 * functions (name, callback, flags, description).  A library that
 * registers none, or one whose function names collide with another
 * library's, is refused as a whole.  Function names are case-insensitive
 * and unique across all libraries; library names are case-sensitive.
 *
 * The set of loaded libraries is a "library context".  The server has one
 * current context; FUNCTION RESTORE loads a payload into a fresh context
 * first and then joins it to the current one (or swaps it in for FLUSH), so
 * that a payload is taken whole or not at all.
 *
 * Engines (only LUA, function_lua.c) compile a library's code and call its
 * functions; everything else (names, collisions, the commands, DUMP and
 * RESTORE payloads, persistence) is here.
 *
 * Persistence: each library is saved as its code (RDB FUNCTION2 entry, see
 * rdb.h; FUNCTION LOAD commands in an AOF rewritten without RDB preamble),
 * and recreated by loading the code again. */
#ifndef FUNCTIONS_H
#define FUNCTIONS_H

#include "script.h"

typedef struct functionLib functionLib;
typedef struct functionsLibCtx functionsLibCtx;

/* One registered function.  'engine_fn' is the engine's handle on the
 * callback (for Lua: a registry reference). */
typedef struct functionInfo {
    sds name;
    sds desc;              /* NULL: no description */
    uint64_t flags;        /* SCRIPT_FLAG_* */
    long engine_fn;
    functionLib *lib;
} functionInfo;

/* An engine: compiles libraries and runs their functions. */
typedef struct functionsEngine {
    const char *name; /* as FUNCTION LIST / STATS show it ("LUA") */
    /* Run 'code' (the library's code after its shebang line: keep the
     * newline so that line numbers match) letting it register functions
     * into lib through functionLibRegister().  timeout_ms 0: no limit.
     * C_OK, or C_ERR with *err set. */
    int (*create)(functionLib *lib, const char *code, size_t len, long long timeout_ms, sds *err);
    /* Call fi with the run context prepared (script.h); replies to the
     * caller. */
    void (*call)(scriptRunCtx *rctx, functionInfo *fi, robj **keys, size_t nkeys, robj **args, size_t nargs);
    /* Forget a function's callback. */
    void (*free_function)(functionInfo *fi);
    /* The engine's client that runs the commands its functions call. */
    client *(*get_client)(void);
    /* Memory used by the engine's virtual machine, in bytes. */
    size_t (*vm_memory)(void);
} functionsEngine;

/* Server start-up: create the engines and the empty current context. */
void functionsInit(void);

/* Called by an engine's create(): add a function to the library being
 * loaded.  The name is checked (letters, digits, '_') and must not repeat
 * within the library.  On C_ERR, *err is the message and engine_fn is not
 * kept (the engine frees it). */
int functionLibRegister(functionLib *lib, const char *name, size_t len, long engine_fn, sds desc, uint64_t flags,
                        sds *err);

/* Library contexts. */
functionsLibCtx *functionsLibCtxGetCurrent(void);
functionsLibCtx *functionsLibCtxCreate(void);
void functionsLibCtxFree(functionsLibCtx *ctx);
/* Drop every library of the current context (DEBUG RELOAD, DEBUG LOADAOF). */
void functionsClearCurrent(void);

/* Create a library from its whole code (shebang included) in ctx; replace:
 * a library of the same name is replaced.  Returns the library's name
 * (owned by the library), or NULL with *err set. */
const char *functionsCreateWithLibraryCtx(const char *code, size_t len, int replace, sds *err,
                                          functionsLibCtx *ctx, long long timeout_ms);

/* The libraries' code, in the current context: calls fn for each until it
 * returns non-zero (then returns that value); 0 when all were visited. */
int functionsForEachLibraryCode(int (*fn)(void *privdata, const char *code, size_t len), void *privdata);

/* processCommand: the command flags FCALL / FCALL_RO behave as, from the
 * flags the function declared.  Other commands keep cmd_flags. */
uint64_t fcallGetCommandFlags(client *c, uint64_t cmd_flags);

/* INFO and MEMORY STATS. */
unsigned long functionsCount(void);
unsigned long functionsLibCount(void);
size_t functionsVmMemory(void);       /* used_memory_vm_functions */
size_t functionsMemoryOverhead(void); /* used_memory_functions */

void fcallCommand(client *c);
void fcallRoCommand(client *c);
void functionDeleteCommand(client *c);
void functionDumpCommand(client *c);
void functionFlushCommand(client *c);
void functionHelpCommand(client *c);
void functionKillCommand(client *c);
void functionListCommand(client *c);
void functionLoadCommand(client *c);
void functionRestoreCommand(client *c);
void functionStatsCommand(client *c);

#endif
