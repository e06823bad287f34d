/* function_lua.h - the Lua engine of FUNCTION (functions.h).
 *
 * All libraries share one Lua state, separate from EVAL's, built like it
 * (script_lua.h: libraries, redis.* API, sandbox).  Every library's code,
 * and so every function it defines, runs with one shared environment
 * table: empty, read-only, whose metatable's __index is switched
 *
 *   - while a library loads: to the load-time globals, which hold only a
 *     small 'redis' table (register_function, log, the LOG_* levels and the
 *     version); anything else is a nonexistent global;
 *   - otherwise: to the sandboxed globals that EVAL scripts see (redis.call,
 *     the libraries...).
 *
 * Lua functions keep the environment they were created in, so a callback
 * defined at load time sees the full API when it is called later, and code
 * at load time cannot call redis.call. */
#ifndef FUNCTION_LUA_H
#define FUNCTION_LUA_H

#include "functions.h"

/* Create the Lua state and the engine's client; returns the engine. */
const functionsEngine *luaEngineInit(void);

#endif
