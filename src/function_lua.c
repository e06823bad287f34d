/* function_lua.c - the Lua engine of FUNCTION: loading a library's code in
 * the load-time sandbox where redis.register_function exists, and calling
 * the functions it registered.  See function_lua.h for the environments. */
#include "function_lua.h"
#include "script_lua.h"
#include "lua_libs.h"

/* Instructions between two checks of the load timeout. */
#define LUA_LOAD_HOOK_INSTRUCTIONS 100000
/* Every so many calls, a step of incremental garbage collection. */
#define LUA_FUNCTIONS_GC_PERIOD 50

static struct {
    lua_State *L;
    client *c;             /* the engine client (CLIENT_LUA) */
    int env_ref;           /* the environment table of all library code */
    int load_globals_ref;  /* what that environment shows while loading */
    int run_globals_ref;   /* ... and otherwise: the sandboxed globals */
    functionLib *loading;  /* the library whose code runs now, or NULL */
    monotime load_start;
    long long load_timeout_ms;
    long calls_since_gc;
} flua;

/* ===========================================================================
 * Environments
 * ======================================================================== */

static int luaEnvReadOnlyError(lua_State *L) { return luaL_error(L, "Attempt to modify a readonly table"); }

static int luaEnvMissingGlobal(lua_State *L) {
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", name ? name : "?");
}

/* Give the table on top of the stack a metatable whose __index raises the
 * nonexistent-global error. */
static void luaEnvSetMissingGlobalError(lua_State *L) {
    lua_newtable(L);
    lua_pushcfunction(L, luaEnvMissingGlobal);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

/* Point the shared environment at the globals kept under ref. */
static void luaEnvShow(int ref) {
    lua_State *L = flua.L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, flua.env_ref);
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "__index");
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_rawset(L, -3);
    lua_pop(L, 2);
}

/* Copy field 'name' of the table at idx (read through proxies) into the
 * table on top of the stack. */
static void luaCopyField(lua_State *L, int idx, const char *name) {
    lua_getfield(L, idx, name);
    lua_setfield(L, -2, name);
}

static int luaRegisterFunction(lua_State *L);

/* The load-time globals: { redis = { register_function, log, LOG_*,
 * REDIS_VERSION, REDIS_VERSION_NUM } }, both read-only, both raising on a
 * missing name (so redis.call at load time is a "nonexistent global"). */
static void luaCreateLoadGlobals(lua_State *L) {
    lua_getglobal(L, "redis"); /* the full API, read-only proxy */
    int api = lua_gettop(L);
    lua_newtable(L); /* the load-time globals */
    lua_newtable(L); /* its redis table */
    lua_pushcfunction(L, luaRegisterFunction);
    lua_setfield(L, -2, "register_function");
    const char *copied[] = {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                            "REDIS_VERSION", "REDIS_VERSION_NUM", NULL};
    for (int j = 0; copied[j]; j++) luaCopyField(L, api, copied[j]);
    luaEnvSetMissingGlobalError(L);
    luaMakeReadOnly(L);
    lua_setfield(L, -2, "redis");
    luaEnvSetMissingGlobalError(L);
    luaMakeReadOnly(L);
    flua.load_globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1); /* api */
}

/* ===========================================================================
 * redis.register_function
 * ======================================================================== */

static int luaRegisterError(lua_State *L, const char *msg) {
    luaPushError(L, msg);
    return luaRaiseError(L);
}

/* The flags table of the named form: every value a known flag name, in
 * any case (Redis 7.0 compares them case-insensitively here, unlike EVAL's
 * shebang). */
static uint64_t luaRegisterParseFlags(lua_State *L, int idx) {
    uint64_t flags = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        const scriptFlagName *f = scriptFlagNames;
        while (s && f->name && strcasecmp(f->name, s)) f++;
        if (s == NULL || f->name == NULL) luaRegisterError(L, "unknown flag given");
        flags |= f->flag;
        lua_pop(L, 1);
    }
    return flags;
}

/* redis.register_function(name, callback) or
 * redis.register_function{function_name=, callback=, flags=, description=}.
 * Errors are raised before anything is kept, so nothing leaks. */
static int luaRegisterFunction(lua_State *L) {
    functionLib *lib = flua.loading;
    if (lib == NULL) return luaRegisterError(L, "redis.register_function can only be called on FUNCTION LOAD command");
    int argc = lua_gettop(L);
    if (argc < 1 || argc > 2) return luaRegisterError(L, "wrong number of arguments to redis.register_function");
    int name_idx = 0, callback_idx = 0, desc_idx = 0;
    uint64_t flags = 0;
    if (argc == 1) {
        if (!lua_istable(L, 1))
            return luaRegisterError(L, "calling redis.register_function with a single argument is only applicable to "
                                       "Lua table (representing named arguments).");
        /* Each named argument is copied to a stack slot of its own. */
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            if (lua_type(L, -2) == LUA_TNUMBER)
                return luaRegisterError(L, "unknown argument given to redis.register_function");
            if (lua_type(L, -2) != LUA_TSTRING)
                return luaRegisterError(L, "named argument key given to redis.register_function is not a string");
            const char *key = lua_tostring(L, -2);
            if (!strcmp(key, "function_name")) {
                if (!lua_isstring(L, -1))
                    return luaRegisterError(L, "function_name argument given to redis.register_function must be a "
                                               "string");
                lua_pushvalue(L, -1);
                lua_insert(L, 2);
                name_idx = 2;
                if (callback_idx) callback_idx++;
                if (desc_idx) desc_idx++;
            } else if (!strcmp(key, "description")) {
                if (!lua_isstring(L, -1))
                    return luaRegisterError(L, "description argument given to redis.register_function must be a "
                                               "string");
                lua_pushvalue(L, -1);
                lua_insert(L, 2);
                desc_idx = 2;
                if (callback_idx) callback_idx++;
                if (name_idx) name_idx++;
            } else if (!strcmp(key, "callback")) {
                if (!lua_isfunction(L, -1))
                    return luaRegisterError(L, "callback argument given to redis.register_function must be a "
                                               "function");
                lua_pushvalue(L, -1);
                lua_insert(L, 2);
                callback_idx = 2;
                if (name_idx) name_idx++;
                if (desc_idx) desc_idx++;
            } else if (!strcmp(key, "flags")) {
                if (!lua_istable(L, -1))
                    return luaRegisterError(L, "flags argument to redis.register_function must be a table "
                                               "representing function flags");
                flags = luaRegisterParseFlags(L, lua_gettop(L));
            } else {
                return luaRegisterError(L, "unknown argument given to redis.register_function");
            }
            lua_pop(L, 1);
        }
        if (!name_idx) return luaRegisterError(L, "redis.register_function must get a function name argument");
        if (!callback_idx) return luaRegisterError(L, "redis.register_function must get a callback argument");
    } else {
        if (!lua_isstring(L, 1))
            return luaRegisterError(L, "first argument to redis.register_function must be a string");
        if (!lua_isfunction(L, 2))
            return luaRegisterError(L, "second argument to redis.register_function must be a function");
        name_idx = 1;
        callback_idx = 2;
    }

    size_t name_len;
    const char *name = lua_tolstring(L, name_idx, &name_len);
    sds desc = NULL;
    if (desc_idx) {
        size_t len;
        const char *d = lua_tolstring(L, desc_idx, &len);
        desc = sdsnewlen(d, len);
    }
    lua_pushvalue(L, callback_idx);
    int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    sds err = NULL;
    if (functionLibRegister(lib, name, name_len, ref, desc, flags, &err) != C_OK) {
        luaL_unref(L, LUA_REGISTRYINDEX, ref);
        sdsfree(desc);
        luaPushError(L, err);
        sdsfree(err);
        return luaRaiseError(L);
    }
    return 0;
}

/* ===========================================================================
 * The engine
 * ======================================================================== */

/* FUNCTION LOAD's timeout: once past it, the hook runs on every line and
 * raises again, so that nothing can swallow the error. */
static void luaLoadHook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    if (flua.load_timeout_ms <= 0) return;
    long long elapsed = (long long)((getMonotonicUs() - flua.load_start) / 1000);
    if (elapsed <= flua.load_timeout_ms) return;
    lua_sethook(L, luaLoadHook, LUA_MASKLINE, 0);
    luaPushError(L, "FUNCTION LOAD timeout");
    luaRaiseError(L);
}

static int luaEngineCreate(functionLib *lib, const char *code, size_t len, long long timeout_ms, sds *err) {
    lua_State *L = flua.L;
    if (luaLoadBufferNoBytecode(L, code, len, "@user_function") != 0) {
        *err = sdscatprintf(sdsempty(), "Error compiling function: %s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return C_ERR;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, flua.env_ref);
    lua_setfenv(L, -2);

    luaEnvShow(flua.load_globals_ref);
    flua.loading = lib;
    flua.load_start = getMonotonicUs();
    flua.load_timeout_ms = timeout_ms;
    lua_sethook(L, luaLoadHook, LUA_MASKCOUNT, LUA_LOAD_HOOK_INSTRUCTIONS);
    int status = lua_pcall(L, 0, 0, 0);
    lua_sethook(L, NULL, 0, 0);
    flua.loading = NULL;
    luaEnvShow(flua.run_globals_ref);

    if (status == 0) return C_OK;
    /* Errors raised by Redis are tables {err=...}; Lua's own are strings. */
    if (lua_type(L, -1) == LUA_TTABLE) {
        lua_getfield(L, -1, "err");
        const char *msg = lua_tostring(L, -1);
        *err = sdscatprintf(sdsempty(), "Error registering functions: %s", msg ? msg : "unknown error");
        lua_pop(L, 1);
    } else {
        const char *msg = lua_tostring(L, -1);
        *err = sdscatprintf(sdsempty(), "Error registering functions: ERR %s", msg ? msg : "unknown error");
    }
    lua_pop(L, 1);
    return C_ERR;
}

static void luaEngineCall(scriptRunCtx *rctx, functionInfo *fi, robj **keys, size_t nkeys, robj **args,
                          size_t nargs) {
    lua_State *L = flua.L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, (int)fi->engine_fn);
    luaCallFunction(rctx, L, keys, nkeys, args, nargs);
    if (++flua.calls_since_gc >= LUA_FUNCTIONS_GC_PERIOD) {
        lua_gc(L, LUA_GCSTEP, LUA_FUNCTIONS_GC_PERIOD);
        flua.calls_since_gc = 0;
    }
}

static void luaEngineFreeFunction(functionInfo *fi) { luaL_unref(flua.L, LUA_REGISTRYINDEX, (int)fi->engine_fn); }

static client *luaEngineGetClient(void) { return flua.c; }

static size_t luaEngineMemory(void) { return flua.L ? luaMemory(flua.L) : 0; }

static const functionsEngine luaEngine = {
    .name = "LUA",
    .create = luaEngineCreate,
    .call = luaEngineCall,
    .free_function = luaEngineFreeFunction,
    .get_client = luaEngineGetClient,
    .vm_memory = luaEngineMemory,
};

const functionsEngine *luaEngineInit(void) {
    lua_State *L = lua_open();
    luaLoadLibraries(L);
    luaRegisterRedisAPI(L);
    luaSetSandbox(L);
    flua.L = L;

    lua_pushvalue(L, LUA_GLOBALSINDEX); /* the sandboxed globals (a proxy) */
    flua.run_globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    luaCreateLoadGlobals(L);

    /* The shared environment: empty, writes refused, reads switched. */
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, luaEnvReadOnlyError);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -2);
    flua.env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    luaEnvShow(flua.run_globals_ref);

    flua.c = createClient(-1);
    flua.c->flags |= CLIENT_LUA | CLIENT_DENY_BLOCKING;
    return &luaEngine;
}
