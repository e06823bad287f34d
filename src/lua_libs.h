/* lua_libs.h - the libraries a Lua script sees besides redis.*.
 *
 * luaLibsOpen() installs, as Redis 7.0 does, the globals
 *   cjson     JSON encode/decode (Debian's lua-cjson 2.1.0)
 *   cmsgpack  MessagePack pack/unpack (lua_cmsgpack.c)
 *   struct    binary pack/unpack (lua_struct.c)
 *   bit       bitwise operations (Debian's lua-bitop 1.0.2)
 * and replaces math.random / math.randomseed with versions over the
 * deterministic generator of rand.h.  Call it after opening the standard
 * libraries (it needs the math table) and before protecting the globals.
 *
 * THE RANDOM SEQUENCE, as measured on Redis 7.0.15: the generator is never
 * reseeded between scripts.  At start-up it is in drand48's initial state,
 * and every math.random call of every script (EVAL, FCALL) draws the next
 * number: two identical EVALs in a row get different numbers, SCRIPT FLUSH
 * and FUNCTION FLUSH do not restart the sequence, math.randomseed(n) inside
 * a script changes it for all later scripts too.  So to match the oracle do
 * NOT call luaLibsResetRandom() before each EVAL.  luaLibsResetRandom()
 * puts the generator back to its start-up state: the server need not call
 * it at all (the state starts there); tests use it. */
#ifndef LUA_LIBS_H
#define LUA_LIBS_H

#include <lua.h>

void luaLibsOpen(lua_State *L);
void luaLibsResetRandom(void);

/* Internal to lua_libs.c: the entry points of the two libraries written
 * here.  Each leaves its library table on the stack and returns 1. */
int luaLibsOpenCmsgpack(lua_State *L);
int luaLibsOpenStruct(lua_State *L);

#endif
