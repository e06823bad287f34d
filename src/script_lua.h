/* script_lua.h - the Lua side of scripting, shared by EVAL (eval.c) and
 * FUNCTION's Lua engine (function_lua.c).
 *
 * A Lua state for scripts is built in three steps:
 *
 *     lua_State *L = lua_open();
 *     luaLoadLibraries(L);          // base, table, string, math, coroutine +
 *                                   // cjson, cmsgpack, struct, bit (lua_libs.h);
 *                                   // no io, os, package, debug; loaders that
 *                                   // refuse precompiled (bytecode) chunks
 *     luaRegisterRedisAPI(L);       // the global 'redis' table and the global
 *                                   // error handler __redis__err__handler
 *     ... engine specific globals (eval.c: nothing; functions: its own) ...
 *     luaSetSandbox(L);             // from here on the globals, the libraries
 *                                   // and 'redis' are read-only
 *
 * The sandbox.  Redis patches its Lua to have read-only tables; we use the
 * stock liblua5.1, so a read-only table is an empty PROXY whose metatable
 * reads through to the real table and refuses writes with "Attempt to modify
 * a readonly table".  After luaSetSandbox the thread's globals table IS the
 * proxy of the real globals, so every chunk loaded afterwards (the script
 * body, loadstring) sees the protected globals, and reading a global that
 * does not exist raises "Script attempted to access nonexistent global
 * variable 'x'".  rawget, rawset, next, pairs, getmetatable and setmetatable
 * are replaced by versions that see through proxies (pairs(redis) works) and
 * refuse to change them.  Engine code that must store into the real globals
 * (eval.c's KEYS and ARGV) uses luaSetGlobalRaw.
 *
 * Calling a script: push the function, then
 *     luaCallFunction(&rctx, L, keys, nkeys, args, nargs);
 * which passes two tables (keys, args) to it (EVAL scripts, flagged
 * SCRIPT_RUN_EVAL_MODE, get them as the globals KEYS and ARGV instead),
 * runs it under the instruction
 * count hook (busy script detection, SCRIPT/FUNCTION KILL), and converts what
 * it returned, or the error it raised, into the reply to rctx.caller.  The
 * function is popped.
 *
 * Errors inside scripts are tables {err="CODE message"}, possibly with
 * source/line fields added by __redis__err__handler; redis.call raises
 * them, redis.pcall returns them.  A raised error reaches the caller as
 * "<err> script: <funcname>, on <source>:<line>." */
#ifndef SCRIPT_LUA_H
#define SCRIPT_LUA_H

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "script.h"

/* Registry slot holding the running scriptRunCtx (light userdata, NULL when
 * nothing runs): redis.call & co find their context there.  Set by
 * luaCallFunction. */
#define LUA_REGISTRY_RUN_CTX "__redis_run_ctx"

void luaLoadLibraries(lua_State *L);
void luaRegisterRedisAPI(lua_State *L);
void luaSetSandbox(lua_State *L);

/* Store or read a global in the real globals table, bypassing the
 * read-only proxy (works before and after luaSetSandbox).  Pops the value. */
void luaSetGlobalRaw(lua_State *L, const char *name);
/* Make a table (the value on top of the stack) read-only: replaces it on
 * the stack by its proxy.  For engines that add their own library tables. */
void luaMakeReadOnly(lua_State *L);

/* Load a chunk refusing bytecode: like luaL_loadbuffer (0 and the function
 * pushed, or an error code and the message pushed), with "attempt to load
 * a binary chunk" style refusal for chunks starting with "\033". */
int luaLoadBufferNoBytecode(lua_State *L, const char *buf, size_t len, const char *chunkname);

/* The Lua value of a RESP reply: used for redis.call's result.  'reply'
 * points at one complete reply (as in a client's reply buffer); pushes its
 * value and returns the number of bytes it used. */
size_t luaPushRespReply(lua_State *L, const char *reply, size_t len);

/* Reply to c with the value on top of the stack (not popped), as Redis
 * converts a script's result: numbers truncated to integers, strings as
 * bulks, true -> 1, false/nil -> null, arrays up to the first nil, {ok=},
 * {err=}, and with resp == 3 (the script called redis.setresp(3)) also
 * {map=}, {set=}, {double=}, {big_number=}, {verbatim_string=}, booleans. */
void luaReplyToRedisReply(client *c, int resp, lua_State *L);

/* Push an error table {err=msg} (msg without a code gets "ERR "). */
void luaPushError(lua_State *L, const char *msg);
/* Raise the error table on top of the stack (does not return). */
int luaRaiseError(lua_State *L);

/* Call the function on top of the stack with a keys table and an args
 * table and reply the result or the error to rctx->caller.  rctx must be
 * prepared (scriptPrepareForRun); the function is popped. */
void luaCallFunction(scriptRunCtx *rctx, lua_State *L, robj **keys, size_t nkeys, robj **args, size_t nargs);

/* Memory used by a Lua state, in bytes. */
size_t luaMemory(lua_State *L);

#endif
