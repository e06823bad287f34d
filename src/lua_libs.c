/* lua_libs.c - install the libraries scripts see besides redis.*.
 *
 * Redis 7.0 gives every script four extra globals: cjson, cmsgpack, struct
 * and bit.  cjson and bit are Debian's lua-cjson 2.1.0 and lua-bitop 1.0.2,
 * opened through their luaopen_* entry points; cmsgpack and struct are
 * written here (lua_cmsgpack.c, lua_struct.c).
 *
 * math.random and math.randomseed are replaced by versions over rand.h's
 * 48-bit generator, so a script draws the same numbers on every platform.
 * The float in [0,1) and the integer ranges are derived exactly as 7.0.15
 * does (and as Lua 5.1's own math.random does from its float): the sequence
 * a script sees must equal the oracle's, number for number. */
#include "lua_libs.h"
#include "rand.h"

#include <lauxlib.h>
#include <lua-bitop.h>
#include <lua-cjson.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* A float in [0, 1).  The generator returns [0, RAND48_MAX]; the modulo
 * folds RAND48_MAX itself onto 0 so that 1.0 can never come out. */
static lua_Number luaLibsRandomFloat(void) {
    return (lua_Number)(rand48Next() % RAND48_MAX) / (lua_Number)RAND48_MAX;
}

/* math.random([m [, n]]): no argument gives a float in [0,1), one gives an
 * integer in [1,m], two an integer in [m,n].  Bounds are truncated to C
 * ints (luaL_checkint), and the width n-m+1 is computed in int arithmetic
 * that wraps as it does in the interpreter Redis ships, so that even the
 * extreme ranges give the oracle's numbers. */
static int luaLibsMathRandom(lua_State *L) {
    lua_Number r = luaLibsRandomFloat();
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, r);
        break;
    case 1: {
        int upper = luaL_checkint(L, 1);
        luaL_argcheck(L, 1 <= upper, 1, "interval is empty");
        lua_pushnumber(L, floor(r * upper) + 1);
        break;
    }
    case 2: {
        int lower = luaL_checkint(L, 1);
        int upper = luaL_checkint(L, 2);
        luaL_argcheck(L, lower <= upper, 2, "interval is empty");
        int width = (int)((unsigned)upper - (unsigned)lower + 1u);
        lua_pushnumber(L, floor(r * width) + lower);
        break;
    }
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    return 1;
}

/* math.randomseed(n): restart the sequence from n, truncated to an int. */
static int luaLibsMathRandomseed(lua_State *L) {
    rand48Seed((int32_t)luaL_checkint(L, 1));
    return 0;
}

/* A bit library argument as LuaBitOp reads it: the number rounded (half to
 * even) and wrapped to 32 bits by adding 2^52 + 2^51 and taking the low
 * word of the double; only a non-number that converts to 0 is an error. */
static uint32_t luaLibsBitArg(lua_State *L, int idx) {
    double d = (double)lua_tonumber(L, idx) + 6755399441055744.0;
    uint64_t bits;
    memcpy(&bits, &d, sizeof(bits));
    uint32_t b = (uint32_t)bits;
    if (b == 0 && !lua_isnumber(L, idx)) luaL_typerror(L, idx, "number");
    return b;
}

/* bit.tohex(x [, n]): the low |n| hex digits of x (default 8, at most 8),
 * upper case when n < 0.  Replaces Debian's lua-bitop 1.0.2 version, which
 * reads outside its buffer for n = -2^31 (it negates n, which stays
 * negative); Redis's copy treats that n as -(2^31 - 1), as done here. */
static int luaLibsBitTohex(lua_State *L) {
    uint32_t b = luaLibsBitArg(L, 1);
    int32_t n = lua_isnone(L, 2) ? 8 : (int32_t)luaLibsBitArg(L, 2);
    const char *digits = "0123456789abcdef";
    char buf[8];
    if (n == INT32_MIN) n = INT32_MIN + 1;
    if (n < 0) {
        n = -n;
        digits = "0123456789ABCDEF";
    }
    if (n > 8) n = 8;
    for (int i = n - 1; i >= 0; i--) {
        buf[i] = digits[b & 15];
        b >>= 4;
    }
    lua_pushlstring(L, buf, (size_t)n);
    return 1;
}

/* Open a library whose luaopen_* leaves its table on the stack, and make
 * that table the global `name`. */
static void luaLibsSetGlobalLib(lua_State *L, const char *name, lua_CFunction open) {
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    lua_setglobal(L, name);
}

void luaLibsOpen(lua_State *L) {
    luaLibsSetGlobalLib(L, "cjson", luaopen_cjson);
    luaLibsSetGlobalLib(L, "cmsgpack", luaLibsOpenCmsgpack);
    luaLibsSetGlobalLib(L, "struct", luaLibsOpenStruct);
    luaLibsSetGlobalLib(L, "bit", luaopen_bit);
    lua_getglobal(L, "bit");
    lua_pushcfunction(L, luaLibsBitTohex);
    lua_setfield(L, -2, "tohex");
    lua_pop(L, 1);

    /* The math library must already be open: replace two of its entries. */
    lua_getglobal(L, "math");
    if (lua_istable(L, -1)) {
        lua_pushcfunction(L, luaLibsMathRandom);
        lua_setfield(L, -2, "random");
        lua_pushcfunction(L, luaLibsMathRandomseed);
        lua_setfield(L, -2, "randomseed");
    }
    lua_pop(L, 1);
}

void luaLibsResetRandom(void) {
    rand48Restart();
}
