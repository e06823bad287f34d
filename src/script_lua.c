/* script_lua.c - the Lua side of scripting: the sandboxed state, the redis.*
 * API, conversions between RESP and Lua values, error tables, and calling a
 * script under the interrupt hook.  See script_lua.h for the overview. */
#include "script_lua.h"
#include "lua_libs.h"
#include "script_ldb.h"
#include "sha1.h"

#include <ctype.h>
#include <math.h>

/* Registry keys are the addresses of these statics (light userdata): unique
 * without string hashing. */
static char reg_proxy_to_real;  /* weak-keyed table: proxy -> real table */
static char reg_real_to_proxy;  /* weak-keyed table: real table -> its proxy */
static char reg_real_globals;   /* the real globals table */
static char reg_err_handler;    /* __redis__err__handler */
static char reg_orig_funcs;     /* the base library functions we wrap (and tostring) */

#define LUA_HOOK_INSTRUCTIONS 100000

/* ===========================================================================
 * Errors
 * ======================================================================== */

/* An error table {err="CODE message"}.  A message given as "-CODE message"
 * (a RESP error, as commands and shared objects write them) keeps its
 * code; a plain message gets "ERR".  A "-" form without a space has no
 * code: the whole text is the message, under ERR. */
static void luaPushErrorTable(lua_State *L, const char *msg, size_t len) {
    sds text;
    if (len && msg[0] == '-') {
        const char *space = memchr(msg, ' ', len);
        if (space) text = sdsnewlen(msg + 1, len - 1);
        else text = sdscatlen(sdsnew("ERR "), msg + 1, len - 1);
    } else {
        text = sdscatlen(sdsnew("ERR "), msg, len);
    }
    /* The ready-made error replies end with CRLF: not part of the message. */
    while (sdslen(text) && (text[sdslen(text) - 1] == '\n' || text[sdslen(text) - 1] == '\r')) sdsIncrLen(text, -1);
    lua_newtable(L);
    lua_pushliteral(L, "err");
    lua_pushlstring(L, text, sdslen(text));
    lua_rawset(L, -3);
    sdsfree(text);
}

/* A debugger user stepping through the script sees every error as it is
 * pushed (script_ldb.h). */
static void luaLogError(const char *msg, size_t len) {
    if (!ldbIsStepping()) return;
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r')) len--;
    ldbLogError(msg, len);
}

static void luaPushErrorLen(lua_State *L, const char *msg, size_t len) {
    luaLogError(msg, len);
    luaPushErrorTable(L, msg, len);
}

void luaPushError(lua_State *L, const char *msg) { luaPushErrorLen(L, msg, strlen(msg)); }

/* Errors of redis.call and redis.pcall were counted (INFO errorstats) when
 * the command failed or was refused: their table says so, and the script's
 * error reply made of them is not counted again. */
#define LUA_ERR_COUNTED_FIELD "ignore_error_stats_update"

static void luaMarkErrorCounted(lua_State *L) {
    lua_pushliteral(L, LUA_ERR_COUNTED_FIELD);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
}

/* Is the error table at idx marked as already counted? */
static int luaErrorIsCounted(lua_State *L, int idx) {
    lua_pushliteral(L, LUA_ERR_COUNTED_FIELD);
    lua_rawget(L, idx < 0 ? idx - 1 : idx);
    int counted = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return counted;
}

/* Reply an error ("-CODE message", CR and LF made spaces), counting it in
 * the error statistics unless it was counted already; the command still
 * counts as failed. */
static void luaAddReplyError(client *c, sds msg, int counted) {
    if (!counted) {
        addReplyErrorSds(c, msg);
        return;
    }
    for (size_t j = 0; j < sdslen(msg); j++)
        if (msg[j] == '\r' || msg[j] == '\n') msg[j] = ' ';
    addReplyProto(c, msg, sdslen(msg));
    addReplyProto(c, "\r\n", 2);
    if (c->cmd && (c->flags & CLIENT_EXECUTING_COMMAND)) c->cmd->failed_calls++;
    sdsfree(msg);
}

int luaRaiseError(lua_State *L) { return lua_error(L); }

/* The error handler of every script call: turns whatever was raised into
 * an error table and records where it happened (the Lua function that
 * raised it, or called the C function that did). */
static void luaRegistryGet(lua_State *L, void *key);

/* tostring(v) of the value at idx, pushed: as Lua's own (metamethods,
 * "true", "nil", "table: 0x..."). */
static void luaPushToString(lua_State *L, int idx) {
    if (idx < 0) idx = lua_gettop(L) + idx + 1;
    luaRegistryGet(L, &reg_orig_funcs);
    lua_getfield(L, -1, "tostring");
    lua_remove(L, -2);
    lua_pushvalue(L, idx);
    lua_call(L, 1, 1);
}

static int luaErrorHandler(lua_State *L) {
    int is_table_err = 0;
    if (lua_type(L, 1) == LUA_TTABLE) {
        lua_pushliteral(L, "err");
        lua_rawget(L, 1);
        is_table_err = !lua_isnil(L, -1);
        lua_pop(L, 1);
    }
    lua_newtable(L);
    lua_pushliteral(L, "err");
    if (is_table_err) {
        /* {err=...}: the text as given (Redis's own errors carry a code). */
        lua_pushliteral(L, "err");
        lua_rawget(L, 1);
        luaPushToString(L, -1);
        lua_remove(L, -2);
    } else {
        luaPushToString(L, 1);
        lua_pushliteral(L, "ERR ");
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    lua_rawset(L, -3);
    if (is_table_err && luaErrorIsCounted(L, 1)) luaMarkErrorCounted(L);
    lua_Debug ar;
    int found = lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar);
    if (found && !strcmp(ar.what, "C")) found = lua_getstack(L, 2, &ar) && lua_getinfo(L, "Sl", &ar);
    if (found) {
        lua_pushliteral(L, "source");
        lua_pushstring(L, ar.source);
        lua_rawset(L, -3);
        lua_pushliteral(L, "line");
        lua_pushinteger(L, ar.currentline);
        lua_rawset(L, -3);
    }
    return 1;
}

/* ===========================================================================
 * Read-only tables (see the top of script_lua.h)
 * ======================================================================== */

static void luaRegistryGet(lua_State *L, void *key) {
    lua_pushlightuserdata(L, key);
    lua_rawget(L, LUA_REGISTRYINDEX);
}

/* If the value at idx is a proxy, push its real table and return 1. */
static int luaProxyTarget(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
    luaRegistryGet(L, &reg_proxy_to_real);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    lua_remove(L, -2);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}

static int luaReadOnlyNewIndex(lua_State *L) { return luaL_error(L, "Attempt to modify a readonly table"); }

/* Raised from the wrappers of rawset and setmetatable: Redis reports these
 * without a position. */
static int luaReadOnlyRawError(lua_State *L) {
    lua_pushliteral(L, "Attempt to modify a readonly table");
    return lua_error(L);
}

void luaMakeReadOnly(lua_State *L) {
    int real = lua_gettop(L);
    luaRegistryGet(L, &reg_real_to_proxy);
    lua_pushvalue(L, real);
    lua_rawget(L, -2);
    if (!lua_isnil(L, -1)) { /* already has a proxy */
        lua_replace(L, real);
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_newtable(L); /* the proxy */
    int proxy = lua_gettop(L);
    lua_newtable(L); /* its metatable */
    lua_pushliteral(L, "__index");
    lua_pushvalue(L, real);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__newindex");
    lua_pushcfunction(L, luaReadOnlyNewIndex);
    lua_rawset(L, -3);
    lua_setmetatable(L, proxy);
    lua_pushvalue(L, real);
    lua_pushvalue(L, proxy);
    lua_rawset(L, -4); /* real_to_proxy[real] = proxy */
    luaRegistryGet(L, &reg_proxy_to_real);
    lua_pushvalue(L, proxy);
    lua_pushvalue(L, real);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_replace(L, real); /* the proxy takes the real table's slot */
    lua_pop(L, 1);        /* real_to_proxy */
}

/* A table that has a proxy is shown to scripts as that proxy. */
static void luaShowAsProxy(lua_State *L) {
    if (lua_type(L, -1) != LUA_TTABLE) return;
    luaRegistryGet(L, &reg_real_to_proxy);
    lua_pushvalue(L, -2);
    lua_rawget(L, -2);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 2);
        return;
    }
    lua_replace(L, -3);
    lua_pop(L, 1);
}

/* Call the original base function saved under 'name' with the current
 * arguments (after any replacement made by the wrapper). */
static int luaCallOriginal(lua_State *L, const char *name) {
    int n = lua_gettop(L);
    luaRegistryGet(L, &reg_orig_funcs);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static int luaRawgetWrapper(lua_State *L) {
    if (luaProxyTarget(L, 1)) lua_replace(L, 1);
    return luaCallOriginal(L, "rawget");
}

static int luaRawsetWrapper(lua_State *L) {
    if (luaProxyTarget(L, 1)) return luaReadOnlyRawError(L);
    return luaCallOriginal(L, "rawset");
}

static int luaSetmetatableWrapper(lua_State *L) {
    if (luaProxyTarget(L, 1)) return luaReadOnlyRawError(L);
    return luaCallOriginal(L, "setmetatable");
}

static int luaGetmetatableWrapper(lua_State *L) {
    if (luaProxyTarget(L, 1)) {
        /* The real table's metatable, itself read-only. */
        if (!lua_getmetatable(L, -1)) {
            lua_pushnil(L);
            return 1;
        }
        luaShowAsProxy(L);
        return 1;
    }
    int n = luaCallOriginal(L, "getmetatable");
    if (n >= 1) {
        lua_settop(L, 1);
        luaShowAsProxy(L);
    }
    return n;
}

static int luaNextWrapper(lua_State *L) {
    if (luaProxyTarget(L, 1)) lua_replace(L, 1);
    return luaCallOriginal(L, "next");
}

/* pairs(proxy) iterates the real table, through our next. */
static int luaPairsWrapper(lua_State *L) {
    luaL_checkany(L, 1);
    if (lua_type(L, 1) == LUA_TTABLE && luaProxyTarget(L, 1)) {
        lua_pop(L, 1);
        lua_pushcfunction(L, luaNextWrapper);
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        return 3;
    }
    return luaCallOriginal(L, "pairs");
}

/* pcall as scripts see it: an error table raised by Redis (redis.call,
 * error({err=...})) is caught as its message, so that scripts cannot keep
 * or alter Redis's error objects. */
static int luaPcallWrapper(lua_State *L) {
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (status != 0 && lua_type(L, -1) == LUA_TTABLE) {
        lua_pushliteral(L, "err");
        lua_rawget(L, -2);
        if (!lua_isnil(L, -1)) lua_replace(L, -2);
        else lua_pop(L, 1);
    }
    lua_pushboolean(L, status == 0);
    lua_insert(L, 1);
    return lua_gettop(L);
}

/* ===========================================================================
 * Loading chunks without bytecode
 * ======================================================================== */

/* Redis's Lua refuses precompiled chunks by parsing them as text.  Stock
 * Lua decides on the first byte, so a chunk starting with ESC is preceded
 * by a space: the parser then reports the same error Redis's does. */
typedef struct {
    const char *buf;
    size_t len;
    int stage; /* 0: the leading space, 1: the chunk, 2: done */
} textReader;

static const char *luaTextReader(lua_State *L, void *ud, size_t *size) {
    textReader *r = ud;
    (void)L;
    if (r->stage == 0) {
        r->stage = 1;
        *size = 1;
        return " ";
    }
    if (r->stage == 1) {
        r->stage = 2;
        *size = r->len;
        return r->buf;
    }
    *size = 0;
    return NULL;
}

int luaLoadBufferNoBytecode(lua_State *L, const char *buf, size_t len, const char *chunkname) {
    if (len == 0 || buf[0] != LUA_SIGNATURE[0]) return luaL_loadbuffer(L, buf, len, chunkname);
    textReader r = {buf, len, 0};
    return lua_load(L, luaTextReader, &r, chunkname);
}

/* loadstring(s [, chunkname]) */
static int luaLoadstring(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, s);
    if (luaLoadBufferNoBytecode(L, s, len, name) == 0) return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

/* load(func [, chunkname]): the pieces are gathered first, so the first
 * byte can be checked. */
static int luaLoad(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    const char *name = luaL_optstring(L, 2, "=(load)");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (;;) {
        lua_pushvalue(L, 1);
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            break;
        }
        if (!lua_isstring(L, -1)) {
            lua_pop(L, 1);
            luaL_pushresult(&b);
            lua_pushnil(L);
            lua_pushliteral(L, "reader function must return a string");
            return 2;
        }
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t len;
    const char *chunk = lua_tolstring(L, -1, &len);
    if (luaLoadBufferNoBytecode(L, chunk, len, name) == 0) return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

/* ===========================================================================
 * The state: libraries and sandbox
 * ======================================================================== */

static void luaOpenLib(lua_State *L, const char *name, lua_CFunction fn) {
    lua_pushcfunction(L, fn);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

void luaSetGlobalRaw(lua_State *L, const char *name) {
    luaRegistryGet(L, &reg_real_globals);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushvalue(L, LUA_GLOBALSINDEX);
    }
    lua_pushstring(L, name);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 2);
}

static void luaSetField(lua_State *L, const char *name, lua_CFunction fn) {
    lua_pushstring(L, name);
    lua_pushcfunction(L, fn);
    lua_rawset(L, -3);
}

void luaLoadLibraries(lua_State *L) {
    luaOpenLib(L, "", luaopen_base);
    luaOpenLib(L, LUA_TABLIBNAME, luaopen_table);
    luaOpenLib(L, LUA_STRLIBNAME, luaopen_string);
    luaOpenLib(L, LUA_MATHLIBNAME, luaopen_math);
    luaLibsOpen(L);

    /* No files, no output, no environments, no userdata factories. */
    const char *removed[] = {"dofile", "loadfile", "print", "getfenv", "setfenv", "newproxy", "module", "require", NULL};
    for (int j = 0; removed[j]; j++) {
        lua_pushnil(L);
        lua_setglobal(L, removed[j]);
    }

    /* Keep the originals of what the sandbox wraps. */
    lua_pushlightuserdata(L, &reg_orig_funcs);
    lua_newtable(L);
    const char *wrapped[] = {"rawget", "rawset", "setmetatable", "getmetatable", "next", "pairs", "tostring", NULL};
    for (int j = 0; wrapped[j]; j++) {
        lua_getglobal(L, wrapped[j]);
        lua_setfield(L, -2, wrapped[j]);
    }
    lua_rawset(L, LUA_REGISTRYINDEX);

    lua_pushvalue(L, LUA_GLOBALSINDEX);
    luaSetField(L, "loadstring", luaLoadstring);
    luaSetField(L, "load", luaLoad);
    luaSetField(L, "pcall", luaPcallWrapper);
    luaSetField(L, "rawget", luaRawgetWrapper);
    luaSetField(L, "rawset", luaRawsetWrapper);
    luaSetField(L, "setmetatable", luaSetmetatableWrapper);
    luaSetField(L, "getmetatable", luaGetmetatableWrapper);
    luaSetField(L, "next", luaNextWrapper);
    luaSetField(L, "pairs", luaPairsWrapper);
    lua_pop(L, 1);

    /* Weak-keyed maps between proxies and real tables. */
    void *maps[] = {&reg_proxy_to_real, &reg_real_to_proxy};
    for (int j = 0; j < 2; j++) {
        lua_pushlightuserdata(L, maps[j]);
        lua_newtable(L);
        lua_newtable(L);
        lua_pushliteral(L, "k");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
        lua_rawset(L, LUA_REGISTRYINDEX);
    }
}

/* _G's metatable: reading a global that does not exist is an error. */
static int luaGlobalsIndex(lua_State *L) {
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", name ? name : "?");
}

void luaSetSandbox(lua_State *L) {
    lua_pushvalue(L, LUA_GLOBALSINDEX);
    int real_g = lua_gettop(L);
    lua_pushlightuserdata(L, &reg_real_globals);
    lua_pushvalue(L, real_g);
    lua_rawset(L, LUA_REGISTRYINDEX);

    /* Every library table becomes read-only, in place in the globals. */
    lua_pushnil(L);
    while (lua_next(L, real_g)) {
        if (lua_type(L, -1) == LUA_TTABLE && lua_type(L, -2) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -2);
            if (strcmp(k, "_G") && strcmp(k, "KEYS") && strcmp(k, "ARGV")) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                luaMakeReadOnly(L);
                lua_rawset(L, real_g); /* replacing an existing key: safe during lua_next */
                continue;
            }
        }
        lua_pop(L, 1);
    }
    /* Strings index the read-only string library, and their metatable is
     * read-only too. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "__index");
    lua_getfield(L, real_g, "string");
    lua_rawset(L, -3);
    luaMakeReadOnly(L);
    lua_pop(L, 2);

    /* The globals: missing names raise, and scripts see a proxy. */
    lua_newtable(L);
    lua_pushcfunction(L, luaGlobalsIndex);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, -1);
    lua_setmetatable(L, real_g);
    luaMakeReadOnly(L); /* getmetatable(_G) shows it read-only */
    lua_pop(L, 1);
    lua_pushvalue(L, real_g);
    luaMakeReadOnly(L);
    lua_pushliteral(L, "_G");
    lua_pushvalue(L, -2);
    lua_rawset(L, real_g);
    /* Chunks loaded from now on, and this thread, see only the proxy. */
    lua_replace(L, LUA_GLOBALSINDEX);
    lua_pop(L, 1);
}

/* ===========================================================================
 * RESP replies to Lua values (redis.call results)
 * ======================================================================== */

/* Length of the line starting at p (up to CR), and where the next begins. */
static const char *respLine(const char *p, const char **next) {
    const char *cr = strchr(p, '\r');
    *next = cr + 2;
    return cr;
}

static const char *luaPushRespValue(lua_State *L, const char *p);

static const char *luaPushRespAggregate(lua_State *L, const char *p, int kind) {
    const char *next;
    const char *end = respLine(p, &next);
    long long n = strtoll(p + 1, NULL, 10);
    (void)end;
    p = next;
    if (n < 0) { /* RESP2 null array */
        lua_pushboolean(L, 0);
        return p;
    }
    lua_checkstack(L, 4);
    if (kind == '*' || kind == '>') {
        lua_createtable(L, n, 0);
        for (long long j = 1; j <= n; j++) {
            p = luaPushRespValue(L, p);
            lua_rawseti(L, -2, j);
        }
        return p;
    }
    /* {map={k=v}} or {set={k=true}} */
    lua_newtable(L);
    lua_pushstring(L, kind == '%' ? "map" : "set");
    lua_newtable(L);
    for (long long j = 0; j < n; j++) {
        p = luaPushRespValue(L, p);
        if (kind == '%') p = luaPushRespValue(L, p);
        else lua_pushboolean(L, 1);
        lua_rawset(L, -3);
    }
    lua_rawset(L, -3);
    return p;
}

static const char *luaPushRespValue(lua_State *L, const char *p) {
    const char *next;
    const char *end = respLine(p, &next);
    switch (*p) {
    case '+':
        lua_newtable(L);
        lua_pushliteral(L, "ok");
        lua_pushlstring(L, p + 1, end - p - 1);
        lua_rawset(L, -3);
        return next;
    case '-':
        luaPushErrorLen(L, p, end - p);
        luaMarkErrorCounted(L); /* the command's error reply counted it */
        return next;
    case ':':
        lua_pushnumber(L, (lua_Number)strtoll(p + 1, NULL, 10));
        return next;
    case '$': {
        long long len = strtoll(p + 1, NULL, 10);
        if (len < 0) {
            lua_pushboolean(L, 0);
            return next;
        }
        lua_pushlstring(L, next, len);
        return next + len + 2;
    }
    case '=': { /* verbatim: "fmt:text" */
        long long len = strtoll(p + 1, NULL, 10);
        lua_newtable(L);
        lua_pushliteral(L, "verbatim_string");
        lua_newtable(L);
        lua_pushliteral(L, "string");
        lua_pushlstring(L, next + 4, len - 4);
        lua_rawset(L, -3);
        lua_pushliteral(L, "format");
        lua_pushlstring(L, next, 3);
        lua_rawset(L, -3);
        lua_rawset(L, -3);
        return next + len + 2;
    }
    case '_':
        lua_pushnil(L);
        return next;
    case '#':
        lua_pushboolean(L, p[1] == 't');
        return next;
    case ',': {
        char buf[128];
        size_t len = (size_t)(end - p - 1) < sizeof(buf) - 1 ? (size_t)(end - p - 1) : sizeof(buf) - 1;
        memcpy(buf, p + 1, len);
        buf[len] = '\0';
        lua_newtable(L);
        lua_pushliteral(L, "double");
        lua_pushnumber(L, strtod(buf, NULL));
        lua_rawset(L, -3);
        return next;
    }
    case '(':
        lua_newtable(L);
        lua_pushliteral(L, "big_number");
        lua_pushlstring(L, p + 1, end - p - 1);
        lua_rawset(L, -3);
        return next;
    case '|': { /* attributes: skipped, the value follows */
        long long n = strtoll(p + 1, NULL, 10);
        p = next;
        for (long long j = 0; j < 2 * n; j++) {
            p = luaPushRespValue(L, p);
            lua_pop(L, 1);
        }
        return luaPushRespValue(L, p);
    }
    case '*':
    case '>':
    case '%':
    case '~':
        return luaPushRespAggregate(L, p, *p);
    default:
        lua_pushnil(L);
        return next;
    }
}

size_t luaPushRespReply(lua_State *L, const char *reply, size_t len) {
    (void)len;
    return luaPushRespValue(L, reply) - reply;
}

/* ===========================================================================
 * Lua values to replies (a script's result)
 * ======================================================================== */

/* Field 'name' of the table on top of the stack, pushed if it has the type
 * wanted (returns 1), else nothing pushed. */
static int luaGetTypedField(lua_State *L, const char *name, int type) {
    lua_pushstring(L, name);
    lua_rawget(L, -2);
    if (lua_type(L, -1) == type) return 1;
    lua_pop(L, 1);
    return 0;
}

/* Status and error lines cannot carry CR or LF: each becomes a space. */
static sds luaSingleLine(const char *s, size_t len) {
    sds out = sdsnewlen(s, len);
    for (size_t j = 0; j < len; j++)
        if (out[j] == '\r' || out[j] == '\n') out[j] = ' ';
    return out;
}

static void luaReplyTable(client *c, int resp, lua_State *L) {
    if (luaGetTypedField(L, "err", LUA_TSTRING)) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        sds line = luaSingleLine(s, len);
        sds err = sdscatsds(sdsnew("-"), line);
        sdsfree(line);
        lua_pop(L, 1);
        luaAddReplyError(c, err, luaErrorIsCounted(L, -1));
        return;
    }
    if (luaGetTypedField(L, "ok", LUA_TSTRING)) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        sds st = luaSingleLine(s, len);
        addReplyStatusLength(c, st, sdslen(st));
        sdsfree(st);
        lua_pop(L, 1);
        return;
    }
    if (luaGetTypedField(L, "double", LUA_TNUMBER)) {
        addReplyDouble(c, lua_tonumber(L, -1));
        lua_pop(L, 1);
        return;
    }
    if (luaGetTypedField(L, "big_number", LUA_TSTRING)) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        sds num = luaSingleLine(s, len);
        if (c->resp == 2) {
            addReplyBulkCBuffer(c, num, sdslen(num));
        } else {
            addReplyProto(c, "(", 1);
            addReplyProto(c, num, sdslen(num));
            addReplyProto(c, "\r\n", 2);
        }
        sdsfree(num);
        lua_pop(L, 1);
        return;
    }
    if (luaGetTypedField(L, "verbatim_string", LUA_TTABLE)) {
        lua_pushliteral(L, "format");
        lua_rawget(L, -2);
        lua_pushliteral(L, "string");
        lua_rawget(L, -3);
        size_t flen = 0, slen = 0;
        int ok = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING;
        const char *fmt = ok ? lua_tolstring(L, -2, &flen) : NULL;
        const char *s = ok ? lua_tolstring(L, -1, &slen) : NULL;
        if (ok && flen == 3) {
            addReplyVerbatim(c, s, slen, fmt);
            lua_pop(L, 3);
            return;
        }
        lua_pop(L, 3);
    }
    if (luaGetTypedField(L, "map", LUA_TTABLE)) {
        void *len = addReplyDeferredLen(c);
        long n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2); /* the key, replied first */
            luaReplyToRedisReply(c, resp, L);
            lua_pop(L, 1);
            luaReplyToRedisReply(c, resp, L);
            lua_pop(L, 1);
            n++;
        }
        setDeferredMapLen(c, len, n);
        lua_pop(L, 1);
        return;
    }
    if (luaGetTypedField(L, "set", LUA_TTABLE)) {
        void *len = addReplyDeferredLen(c);
        long n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            luaReplyToRedisReply(c, resp, L);
            lua_pop(L, 1);
            n++;
        }
        setDeferredSetLen(c, len, n);
        lua_pop(L, 1);
        return;
    }
    /* An array, up to the first nil. */
    void *len = addReplyDeferredLen(c);
    long n = 0;
    for (int j = 1;; j++) {
        lua_rawgeti(L, -1, j);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            break;
        }
        luaReplyToRedisReply(c, resp, L);
        lua_pop(L, 1);
        n++;
    }
    setDeferredArrayLen(c, len, n);
}

void luaReplyToRedisReply(client *c, int resp, lua_State *L) {
    if (!lua_checkstack(L, 4)) {
        /* Nested too deep for the Lua stack: Redis answers this way. */
        addReplyError(c, "reached lua stack limit");
        return;
    }
    switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        addReplyBulkCBuffer(c, s, len);
        break;
    }
    case LUA_TBOOLEAN:
        /* Only a RESP3 script has booleans; in RESP2 false means nil. */
        if (resp == 2) {
            if (lua_toboolean(L, -1)) addReply(c, shared.cone);
            else addReplyNull(c);
        } else {
            addReplyBool(c, lua_toboolean(L, -1));
        }
        break;
    case LUA_TNUMBER:
        addReplyLongLong(c, (long long)lua_tonumber(L, -1));
        break;
    case LUA_TTABLE:
        luaReplyTable(c, resp, L);
        break;
    default:
        addReplyNull(c);
    }
}

/* ===========================================================================
 * The redis.* API
 * ======================================================================== */

static scriptRunCtx *luaGetRunCtx(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_REGISTRY_RUN_CTX);
    scriptRunCtx *rctx = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return rctx;
}

/* Raise an API error: an error table with the message (plain messages get
 * ERR), which the error handler reports with the script's position. */
static int luaApiError(lua_State *L, const char *msg) {
    luaPushError(L, msg);
    return luaRaiseError(L);
}

/* redis.call and redis.pcall.  Returns the number of Lua results, or -1
 * with an error table pushed (raise_errors decides what the caller does). */
static int luaRedisGenericCommand(lua_State *L, int raise_errors) {
    scriptRunCtx *rctx = luaGetRunCtx(L);
    int argc = lua_gettop(L);
    if (rctx == NULL) {
        luaPushError(L, "redis.call/pcall can only be called inside a script invocation");
        return -1;
    }
    if (argc == 0) {
        luaPushError(L, "Please specify at least one argument for this redis lib call");
        return -1;
    }
    /* The engine client's argv becomes the command (commands may rewrite
     * it: it is the client's to free). */
    client *c = rctx->c;
    if (c->argv_len < argc) {
        c->argv = zrealloc(c->argv, sizeof(robj *) * argc);
        c->argv_len = argc;
    }
    for (int j = 0; j < argc; j++) {
        int t = lua_type(L, j + 1);
        if (t != LUA_TSTRING && t != LUA_TNUMBER) {
            c->argc = j;
            freeClientArgv(c);
            luaPushError(L, "Lua redis lib command arguments must be strings or integers");
            return -1;
        }
        size_t len;
        const char *s = lua_tolstring(L, j + 1, &len);
        c->argv[j] = createStringObject(s, len);
    }
    c->argc = argc;
    if (ldbIsStepping()) ldbLogRedisCommand(c->argv, c->argc);
    sds err = NULL;
    scriptCall(rctx, &err);
    freeClientArgv(c);
    lua_settop(L, 0);
    if (err) {
        /* The debugger shows a refusal as 7.0 words it: without "-ERR ". */
        if (!strncmp(err, "-ERR ", 5)) luaLogError(err + 5, sdslen(err) - 5);
        else luaLogError(err, sdslen(err));
        luaPushErrorTable(L, err, sdslen(err));
        luaMarkErrorCounted(L); /* scriptCall counted the refusal */
        sdsfree(err);
        /* Only whole replies are left: drop anything partial. */
        c->bufpos = 0;
        return -1;
    }
    /* The reply is in the fake client's buffer, maybe continued in blocks. */
    const char *reply = c->buf;
    sds joined = NULL;
    if (c->reply_head) {
        joined = sdsnewlen(c->buf, c->bufpos);
        for (clientReplyBlock *b = c->reply_head; b; b = b->next) joined = sdscatlen(joined, b->buf, b->used);
        reply = joined;
        while (c->reply_head) {
            clientReplyBlock *b = c->reply_head;
            c->reply_head = b->next;
            zfree(b);
        }
        c->reply_tail = NULL;
        c->reply_blocks = 0;
        c->reply_bytes = 0;
    } else {
        /* Terminate the buffer for the parser's line scans. */
        if (c->bufpos == c->buf_usable_size) {
            joined = sdsnewlen(c->buf, c->bufpos);
            reply = joined;
        } else {
            c->buf[c->bufpos] = '\0';
        }
    }
    if (c->bufpos == 0 && joined == NULL) {
        /* A command that replied nothing (cannot happen for a finished
         * command, but never parse garbage). */
        lua_pushnil(L);
    } else {
        luaPushRespValue(L, reply);
        if (ldbIsStepping()) ldbLogRedisReply(reply);
    }
    c->bufpos = 0;
    sdsfree(joined);
    if (raise_errors && lua_type(L, -1) == LUA_TTABLE) {
        lua_pushliteral(L, "err");
        lua_rawget(L, -2);
        int is_err = lua_type(L, -1) == LUA_TSTRING;
        lua_pop(L, 1);
        if (is_err) return -1;
    }
    return 1;
}

static int luaRedisCall(lua_State *L) {
    int n = luaRedisGenericCommand(L, 1);
    if (n < 0) return luaRaiseError(L);
    return n;
}

static int luaRedisPcall(lua_State *L) {
    int n = luaRedisGenericCommand(L, 0);
    return n < 0 ? 1 : n;
}

static int luaRedisSha1hex(lua_State *L) {
    if (lua_gettop(L) != 1) return luaApiError(L, "wrong number of arguments");
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    char hex[SHA1_HEX_LEN + 1];
    sha1hex(hex, s ? s : "", s ? len : 0);
    lua_pushstring(L, hex);
    return 1;
}

static int luaRedisErrorReply(lua_State *L) {
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        luaPushError(L, "wrong number or type of arguments");
        return 1;
    }
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    /* Always the "-CODE msg" form: a text without a code gets ERR. */
    sds err = s[0] == '-' ? sdsnewlen(s, len) : sdscatlen(sdsnew("-"), s, len);
    luaPushErrorLen(L, err, sdslen(err));
    sdsfree(err);
    return 1;
}

static int luaRedisStatusReply(lua_State *L) {
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        luaPushError(L, "wrong number or type of arguments");
        return 1;
    }
    lua_newtable(L);
    lua_pushliteral(L, "ok");
    lua_pushvalue(L, 1);
    lua_rawset(L, -3);
    return 1;
}

static int luaRedisLog(lua_State *L) {
    int argc = lua_gettop(L);
    if (argc < 2) return luaApiError(L, "redis.log() requires two arguments or more.");
    if (!lua_isnumber(L, 1)) return luaApiError(L, "First argument must be a number (log level).");
    int level = lua_tointeger(L, 1);
    if (level < LL_DEBUG || level > LL_WARNING) return luaApiError(L, "Invalid debug level.");
    if (level < server.verbosity) return 0;
    sds msg = sdsempty();
    for (int j = 2; j <= argc; j++) {
        size_t len;
        const char *s = lua_tolstring(L, j, &len);
        if (!s) continue;
        if (j != 2) msg = sdscatlen(msg, " ", 1);
        msg = sdscatlen(msg, s, len);
    }
    serverLogRaw(level, msg);
    sdsfree(msg);
    return 0;
}

static int luaRedisSetResp(lua_State *L) {
    scriptRunCtx *rctx = luaGetRunCtx(L);
    if (lua_gettop(L) != 1) return luaApiError(L, "redis.setresp() requires one argument.");
    int resp = lua_tointeger(L, 1);
    if (!rctx || scriptSetResp(rctx, resp) != C_OK) return luaApiError(L, "RESP version must be 2 or 3.");
    return 0;
}

static int luaRedisSetRepl(lua_State *L) {
    scriptRunCtx *rctx = luaGetRunCtx(L);
    if (lua_gettop(L) != 1) return luaApiError(L, "redis.set_repl() requires two arguments.");
    int flags = lua_tointeger(L, 1);
    if (!rctx || scriptSetRepl(rctx, flags) != C_OK)
        return luaApiError(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
    return 0;
}

/* Effects replication is always on since 7.0. */
static int luaRedisReplicateCommands(lua_State *L) {
    lua_pushboolean(L, 1);
    return 1;
}

/* Without ACL users every command is allowed to the default user; the
 * command must exist. */
static int luaRedisAclCheckCmd(lua_State *L) {
    int argc = lua_gettop(L);
    if (argc == 0) return luaApiError(L, "Please specify at least one argument for this redis lib call");
    robj **argv = zmalloc(sizeof(robj *) * argc);
    for (int j = 0; j < argc; j++) {
        size_t len;
        const char *s = lua_tolstring(L, j + 1, &len);
        if (!s) {
            for (int k = 0; k < j; k++) decrRefCount(argv[k]);
            zfree(argv);
            return luaApiError(L, "Lua redis lib command arguments must be strings or integers");
        }
        argv[j] = createStringObject(s, len);
    }
    redisCommand *cmd = lookupCommand(argv, argc);
    for (int j = 0; j < argc; j++) decrRefCount(argv[j]);
    zfree(argv);
    if (!cmd || !cmd->proc) return luaApiError(L, "Invalid command passed to redis.acl_check_cmd()");
    lua_pushboolean(L, 1);
    return 1;
}

static void luaSetNumber(lua_State *L, const char *name, lua_Number n) {
    lua_pushstring(L, name);
    lua_pushnumber(L, n);
    lua_rawset(L, -3);
}

void luaRegisterRedisAPI(lua_State *L) {
    lua_newtable(L);
    luaSetField(L, "call", luaRedisCall);
    luaSetField(L, "pcall", luaRedisPcall);
    luaSetField(L, "log", luaRedisLog);
    luaSetField(L, "setresp", luaRedisSetResp);
    luaSetField(L, "set_repl", luaRedisSetRepl);
    luaSetField(L, "replicate_commands", luaRedisReplicateCommands);
    luaSetField(L, "sha1hex", luaRedisSha1hex);
    luaSetField(L, "error_reply", luaRedisErrorReply);
    luaSetField(L, "status_reply", luaRedisStatusReply);
    /* Both do nothing outside a debugging session (script_ldb.c). */
    luaSetField(L, "breakpoint", ldbRedisBreakpoint);
    luaSetField(L, "debug", ldbRedisDebug);
    luaSetField(L, "acl_check_cmd", luaRedisAclCheckCmd);
    luaSetNumber(L, "LOG_DEBUG", LL_DEBUG);
    luaSetNumber(L, "LOG_VERBOSE", LL_VERBOSE);
    luaSetNumber(L, "LOG_NOTICE", LL_NOTICE);
    luaSetNumber(L, "LOG_WARNING", LL_WARNING);
    luaSetNumber(L, "REPL_NONE", PROPAGATE_NONE);
    luaSetNumber(L, "REPL_AOF", PROPAGATE_AOF);
    luaSetNumber(L, "REPL_SLAVE", PROPAGATE_REPL);
    luaSetNumber(L, "REPL_REPLICA", PROPAGATE_REPL);
    luaSetNumber(L, "REPL_ALL", PROPAGATE_AOF | PROPAGATE_REPL);
    lua_pushliteral(L, "REDIS_VERSION");
    lua_pushliteral(L, REDIS_VERSION);
    lua_rawset(L, -3);
    luaSetNumber(L, "REDIS_VERSION_NUM", REDIS_VERSION_NUM);
    luaSetGlobalRaw(L, "redis");

    lua_pushcfunction(L, luaErrorHandler);
    lua_pushlightuserdata(L, &reg_err_handler);
    lua_pushvalue(L, -2);
    lua_rawset(L, LUA_REGISTRYINDEX);
    luaSetGlobalRaw(L, "__redis__err__handler");
}

/* ===========================================================================
 * Calling a script
 * ======================================================================== */

/* The instruction-count hook: lets the server breathe while a script runs
 * long, and stops it when killed.  Once killed, the hook runs on every
 * line and raises again, so a pcall in the script cannot swallow it. */
static void luaInterruptHook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    scriptRunCtx *rctx = luaGetRunCtx(L);
    if (!rctx) return;
    if (scriptInterrupt(rctx) != SCRIPT_KILL) return;
    /* 7.0 names SCRIPT KILL here even when FUNCTION KILL stopped a
     * function, in the log and in the error alike. */
    if (!(rctx->flags & SCRIPT_RUN_KILL_LOGGED)) {
        serverLog(LL_WARNING, "Lua script killed by user with SCRIPT KILL.");
        rctx->flags |= SCRIPT_RUN_KILL_LOGGED;
    }
    lua_sethook(L, luaInterruptHook, LUA_MASKLINE, 0);
    luaPushError(L, "Script killed by user with SCRIPT KILL...");
    luaRaiseError(L);
}

static void luaPushArgTable(lua_State *L, robj **elems, size_t n) {
    lua_createtable(L, n, 0);
    for (size_t j = 0; j < n; j++) {
        robj *o = elems[j];
        if (sdsEncodedObject(o)) {
            lua_pushlstring(L, o->ptr, sdslen(o->ptr));
        } else {
            char buf[LONG_STR_SIZE];
            size_t len = ll2string(buf, sizeof(buf), (long)o->ptr);
            lua_pushlstring(L, buf, len);
        }
        lua_rawseti(L, -2, j + 1);
    }
}

void luaCallFunction(scriptRunCtx *rctx, lua_State *L, robj **keys, size_t nkeys, robj **args, size_t nargs) {
    client *caller = rctx->caller;
    lua_pushlightuserdata(L, rctx);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_REGISTRY_RUN_CTX);
    /* In a debugging session the debugger's hook stops at lines; it does
     * its own timing (a session is not a busy script: KILL cannot reach it). */
    if (ldbIsActive()) lua_sethook(L, ldbLineHook, LUA_MASKLINE | LUA_MASKCOUNT, LUA_HOOK_INSTRUCTIONS);
    else lua_sethook(L, luaInterruptHook, LUA_MASKCOUNT, LUA_HOOK_INSTRUCTIONS);

    /* Stack: handler, function, keys, args. */
    luaRegistryGet(L, &reg_err_handler);
    lua_insert(L, -2);
    int base = lua_gettop(L) - 1; /* the handler's index */
    /* EVAL scripts read the globals KEYS and ARGV; functions get the two
     * tables as arguments. */
    int nargs_lua = 0;
    luaPushArgTable(L, keys, nkeys);
    if (rctx->flags & SCRIPT_RUN_EVAL_MODE) luaSetGlobalRaw(L, "KEYS");
    else nargs_lua++;
    luaPushArgTable(L, args, nargs);
    if (rctx->flags & SCRIPT_RUN_EVAL_MODE) luaSetGlobalRaw(L, "ARGV");
    else nargs_lua++;
    int status = lua_pcall(L, nargs_lua, 1, base);

    lua_sethook(L, NULL, 0, 0);
    if (status != 0) {
        sds msg = NULL;
        int counted = 0;
        if (lua_type(L, -1) == LUA_TTABLE) {
            counted = luaErrorIsCounted(L, -1);
            lua_getfield(L, -1, "err");
            const char *err = lua_tostring(L, -1);
            msg = sdscatfmt(sdsempty(), "-%s", err ? err : "ERR unknown error");
            lua_pop(L, 1);
            lua_getfield(L, -1, "source");
            lua_getfield(L, -2, "line");
            if (lua_isstring(L, -2) && lua_isnumber(L, -1))
                msg = sdscatprintf(msg, " script: %s, on %s:%d.", rctx->funcname, lua_tostring(L, -2),
                                   (int)lua_tointeger(L, -1));
            lua_pop(L, 2);
        } else {
            /* Only a failure of the handler itself (out of memory). */
            const char *err = lua_tostring(L, -1);
            msg = sdscatfmt(sdsempty(), "Error running script (call to %s): %s", rctx->funcname,
                            err ? err : "unknown error");
        }
        luaAddReplyError(caller, msg, counted);
    } else {
        luaReplyToRedisReply(caller, rctx->c->resp, L);
    }
    lua_settop(L, base - 1);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_REGISTRY_RUN_CTX);
}

size_t luaMemory(lua_State *L) { return (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + lua_gc(L, LUA_GCCOUNTB, 0); }
