/* lua_cmsgpack.c - MessagePack for Lua scripts (the cmsgpack global).
 *
 *   cmsgpack.pack(v1, v2, ...)          -> the encodings of v1, v2, ... concatenated
 *   cmsgpack.unpack(s)                  -> every value encoded in s
 *   cmsgpack.unpack_one(s [, offset])   -> next_offset, value
 *   cmsgpack.unpack_limit(s, limit [, offset]) -> next_offset, up to limit values
 *
 * next_offset is the byte offset after the values decoded, or -1 once the
 * whole string has been consumed.  The library answers exactly as the one
 * bundled with Redis 7.0 (lua-cmsgpack 0.4.0), which scripts may depend on:
 *
 * Encoding.  A number that is a whole 64-bit value is an integer in the
 * smallest MessagePack integer type (positive fixint, uint8..64 for n >= 0;
 * negative fixint, int8..64 for n < 0), any other number a float32 when
 * the float holds it exactly, else a float64.  A table is an array when its
 * keys are exactly the integers 1..n, else a map (pairs in lua_next order).
 * Tables nested deeper than CMSGPACK_MAX_NESTING, functions, userdata and
 * threads encode as nil.  There is no bin type: strings use fixstr/str8/
 * str16/str32.
 *
 * Decoding.  The str, int, uint, float, nil, boolean, array and map
 * families are understood; bin, ext and 0xc1 are "Bad data format in
 * input.", a truncated value is "Missing bytes in input.".  uint64 values
 * are read as int64 (0xcf ff..ff is -1).  Stack use is checked at every
 * value exactly where the original checks it, so the same inputs (too many
 * top-level values, too deep nesting) fail with the same messages. */
#include "lua_libs.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define CMSGPACK_MAX_NESTING 16

/* ------------------------------------------------------------------------
 * Encoding
 * --------------------------------------------------------------------- */

/* A growable output buffer.  Its memory is a Lua userdata kept in a fixed
 * stack slot: a bigger buffer replaces the smaller one there, and the
 * collector frees whichever is left, also when an error (out of memory)
 * unwinds the call half way. */
typedef struct cmpBuf {
    lua_State *L;
    int slot; /* stack index of the current userdata */
    unsigned char *data;
    size_t len, cap;
} cmpBuf;

static void cmpBufInit(cmpBuf *b, lua_State *L) {
    b->L = L;
    b->cap = 64;
    b->len = 0;
    b->data = lua_newuserdata(L, b->cap);
    b->slot = lua_gettop(L);
}

static void cmpBufAppend(cmpBuf *b, const void *p, size_t n) {
    if (b->cap - b->len < n) {
        size_t newcap = b->cap;
        while (newcap - b->len < n) newcap *= 2;
        unsigned char *nd = lua_newuserdata(b->L, newcap);
        memcpy(nd, b->data, b->len);
        lua_replace(b->L, b->slot);
        b->data = nd;
        b->cap = newcap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

/* Append the type byte followed by the low `width` bytes of v, big endian
 * as MessagePack wants. */
static void cmpPutTagged(cmpBuf *b, unsigned char tag, uint64_t v, int width) {
    unsigned char out[9];
    out[0] = tag;
    for (int i = 0; i < width; i++) out[1 + i] = (unsigned char)(v >> (8 * (width - 1 - i)));
    cmpBufAppend(b, out, 1 + (size_t)width);
}

static void cmpEncodeInt(cmpBuf *b, int64_t n) {
    if (n >= 0) {
        if (n <= 127) cmpPutTagged(b, (unsigned char)n, 0, 0);
        else if (n <= 0xff) cmpPutTagged(b, 0xcc, (uint64_t)n, 1);
        else if (n <= 0xffff) cmpPutTagged(b, 0xcd, (uint64_t)n, 2);
        else if (n <= 0xffffffffLL) cmpPutTagged(b, 0xce, (uint64_t)n, 4);
        else cmpPutTagged(b, 0xcf, (uint64_t)n, 8);
    } else {
        if (n >= -32) cmpPutTagged(b, (unsigned char)(0xe0 | (n & 0x1f)), 0, 0);
        else if (n >= -128) cmpPutTagged(b, 0xd0, (uint64_t)n, 1);
        else if (n >= -32768) cmpPutTagged(b, 0xd1, (uint64_t)n, 2);
        else if (n >= INT32_MIN) cmpPutTagged(b, 0xd2, (uint64_t)n, 4);
        else cmpPutTagged(b, 0xd3, (uint64_t)n, 8);
    }
}

static void cmpEncodeNumber(cmpBuf *b, lua_Number n) {
    /* Whole and within int64 (2^63 itself is not: it goes out as a float). */
    if (n >= -9223372036854775808.0 && n < 9223372036854775808.0 && n == floor(n)) {
        cmpEncodeInt(b, (int64_t)n);
        return;
    }
    float f = (float)n;
    if ((lua_Number)f == n) {
        uint32_t bits;
        memcpy(&bits, &f, sizeof(bits));
        cmpPutTagged(b, 0xca, bits, 4);
    } else {
        /* Also NaN, which is never equal to its float32 conversion. */
        uint64_t bits;
        memcpy(&bits, &n, sizeof(bits));
        cmpPutTagged(b, 0xcb, bits, 8);
    }
}

static void cmpEncodeString(cmpBuf *b, const char *s, size_t len) {
    if (len < 32) cmpPutTagged(b, (unsigned char)(0xa0 | len), 0, 0);
    else if (len <= 0xff) cmpPutTagged(b, 0xd9, len, 1);
    else if (len <= 0xffff) cmpPutTagged(b, 0xda, len, 2);
    else cmpPutTagged(b, 0xdb, len, 4);
    cmpBufAppend(b, s, len);
}

/* The header of an array (fix: 0x90) or a map (fix: 0x80) of n items. */
static void cmpEncodeContainer(cmpBuf *b, int ismap, size_t n) {
    if (n <= 15) cmpPutTagged(b, (unsigned char)((ismap ? 0x80 : 0x90) | n), 0, 0);
    else if (n <= 0xffff) cmpPutTagged(b, ismap ? 0xde : 0xdc, n, 2);
    else cmpPutTagged(b, ismap ? 0xdf : 0xdd, n, 4);
}

/* Is the table on top of the stack an array: keys exactly 1..n?  Every key
 * must be a positive number that is a whole C int; with distinct keys, the
 * largest equal to their count means no gap.  Sets *count. */
static int cmpTableIsArray(lua_State *L, size_t *count) {
    size_t n = 0;
    lua_Number max = 0;
    int isarray = 1;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1); /* the value */
        n++;
        if (isarray) {
            lua_Number k = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
            if (k <= 0 || k > INT_MAX || k != floor(k)) isarray = 0;
            else if (k > max) max = k;
        }
    }
    *count = n;
    return isarray && max == (lua_Number)n;
}

static void cmpEncodeValue(cmpBuf *b, lua_State *L, int level);

/* Encode the table on top of the stack (left there). */
static void cmpEncodeTable(cmpBuf *b, lua_State *L, int level) {
    size_t n;
    /* Room for the key, the value and a nested table's iteration. */
    luaL_checkstack(L, 3, "too many nested tables");
    if (cmpTableIsArray(L, &n)) {
        cmpEncodeContainer(b, 0, n);
        for (size_t i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, (int)i);
            cmpEncodeValue(b, L, level + 1);
            lua_pop(L, 1);
        }
    } else {
        cmpEncodeContainer(b, 1, n);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2); /* the key, encoded first */
            cmpEncodeValue(b, L, level + 1);
            lua_pop(L, 1);
            cmpEncodeValue(b, L, level + 1);
            lua_pop(L, 1); /* the value: the key stays for lua_next */
        }
    }
}

/* Encode the value on top of the stack (left there).  level is the number
 * of tables around it. */
static void cmpEncodeValue(cmpBuf *b, lua_State *L, int level) {
    switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        cmpEncodeString(b, s, len);
        break;
    }
    case LUA_TBOOLEAN: cmpPutTagged(b, lua_toboolean(L, -1) ? 0xc3 : 0xc2, 0, 0); break;
    case LUA_TNUMBER: cmpEncodeNumber(b, lua_tonumber(L, -1)); break;
    case LUA_TTABLE:
        if (level < CMSGPACK_MAX_NESTING) {
            cmpEncodeTable(b, L, level);
            break;
        }
        /* Too deep: nil, like the values MessagePack cannot express. */
        /* fall through */
    default: cmpPutTagged(b, 0xc0, 0, 0); break;
    }
}

static int cmpPack(lua_State *L) {
    int nargs = lua_gettop(L);
    if (nargs == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
    cmpBuf b;
    cmpBufInit(&b, L);
    for (int i = 1; i <= nargs; i++) {
        lua_pushvalue(L, i);
        cmpEncodeValue(&b, L, 0);
        lua_pop(L, 1);
    }
    lua_pushlstring(L, (const char *)b.data, b.len);
    return 1;
}

/* ------------------------------------------------------------------------
 * Decoding
 * --------------------------------------------------------------------- */

typedef enum { CMP_OK = 0, CMP_EOF, CMP_BADFMT } cmpErr;

/* A read cursor over the input. */
typedef struct cmpCur {
    const unsigned char *p;
    size_t left;
    cmpErr err;
} cmpCur;

/* The big endian unsigned integer in the `width` bytes after the type byte,
 * or CMP_EOF if the input ends before them.  Consumes the type byte and
 * the integer. */
static int cmpReadTagged(cmpCur *c, int width, uint64_t *v) {
    if (c->left < 1 + (size_t)width) {
        c->err = CMP_EOF;
        return 0;
    }
    uint64_t x = 0;
    for (int i = 1; i <= width; i++) x = (x << 8) | c->p[i];
    c->p += 1 + width;
    c->left -= 1 + (size_t)width;
    *v = x;
    return 1;
}

static void cmpDecodeValue(lua_State *L, cmpCur *c);

static void cmpDecodeString(lua_State *L, cmpCur *c, uint64_t len) {
    if (c->left < len) {
        c->err = CMP_EOF;
        return;
    }
    lua_pushlstring(L, (const char *)c->p, (size_t)len);
    c->p += len;
    c->left -= len;
}

static void cmpDecodeArray(lua_State *L, cmpCur *c, uint64_t n) {
    luaL_checkstack(L, 2, "in function mp_decode_to_lua_array");
    lua_newtable(L);
    for (uint64_t i = 1; i <= n; i++) {
        lua_pushnumber(L, (lua_Number)i);
        cmpDecodeValue(L, c);
        if (c->err) return;
        lua_settable(L, -3);
    }
}

static void cmpDecodeMap(lua_State *L, cmpCur *c, uint64_t n) {
    lua_newtable(L);
    while (n--) {
        cmpDecodeValue(L, c); /* key */
        if (c->err) return;
        cmpDecodeValue(L, c); /* value */
        if (c->err) return;
        lua_settable(L, -3); /* a nil or NaN key raises Lua's own error */
    }
}

static lua_Number cmpFloat32(uint64_t bits) {
    uint32_t b32 = (uint32_t)bits;
    float f;
    memcpy(&f, &b32, sizeof(f));
    return (lua_Number)f;
}

static lua_Number cmpFloat64(uint64_t bits) {
    double d;
    memcpy(&d, &bits, sizeof(d));
    return (lua_Number)d;
}

/* Decode one value onto the stack; on error set c->err (whatever was pushed
 * is left for the error to unwind). */
static void cmpDecodeValue(lua_State *L, cmpCur *c) {
    luaL_checkstack(L, 1, "too many return values at once; use unpack_one or unpack_limit instead.");
    if (c->left == 0) {
        c->err = CMP_EOF;
        return;
    }
    unsigned char tag = c->p[0];
    uint64_t v;

    /* The fix families carry their value in the type byte. */
    if (tag <= 0x7f || tag >= 0xe0) {
        cmpReadTagged(c, 0, &v);
        lua_pushnumber(L, (lua_Number)(int8_t)tag);
        return;
    }
    if ((tag & 0xe0) == 0xa0) {
        cmpReadTagged(c, 0, &v);
        cmpDecodeString(L, c, tag & 0x1f);
        return;
    }
    if ((tag & 0xf0) == 0x90) {
        cmpReadTagged(c, 0, &v);
        cmpDecodeArray(L, c, tag & 0x0f);
        return;
    }
    if ((tag & 0xf0) == 0x80) {
        cmpReadTagged(c, 0, &v);
        cmpDecodeMap(L, c, tag & 0x0f);
        return;
    }

    switch (tag) {
    case 0xc0: cmpReadTagged(c, 0, &v); lua_pushnil(L); break;
    case 0xc2: cmpReadTagged(c, 0, &v); lua_pushboolean(L, 0); break;
    case 0xc3: cmpReadTagged(c, 0, &v); lua_pushboolean(L, 1); break;
    case 0xcc: if (cmpReadTagged(c, 1, &v)) lua_pushnumber(L, (lua_Number)v); break;
    case 0xcd: if (cmpReadTagged(c, 2, &v)) lua_pushnumber(L, (lua_Number)v); break;
    case 0xce: if (cmpReadTagged(c, 4, &v)) lua_pushnumber(L, (lua_Number)v); break;
    /* uint64 goes through int64: values above INT64_MAX come out negative. */
    case 0xcf: if (cmpReadTagged(c, 8, &v)) lua_pushnumber(L, (lua_Number)(int64_t)v); break;
    case 0xd0: if (cmpReadTagged(c, 1, &v)) lua_pushnumber(L, (lua_Number)(int8_t)v); break;
    case 0xd1: if (cmpReadTagged(c, 2, &v)) lua_pushnumber(L, (lua_Number)(int16_t)v); break;
    case 0xd2: if (cmpReadTagged(c, 4, &v)) lua_pushnumber(L, (lua_Number)(int32_t)v); break;
    case 0xd3: if (cmpReadTagged(c, 8, &v)) lua_pushnumber(L, (lua_Number)(int64_t)v); break;
    case 0xca: if (cmpReadTagged(c, 4, &v)) lua_pushnumber(L, cmpFloat32(v)); break;
    case 0xcb: if (cmpReadTagged(c, 8, &v)) lua_pushnumber(L, cmpFloat64(v)); break;
    case 0xd9: if (cmpReadTagged(c, 1, &v)) cmpDecodeString(L, c, v); break;
    case 0xda: if (cmpReadTagged(c, 2, &v)) cmpDecodeString(L, c, v); break;
    case 0xdb: if (cmpReadTagged(c, 4, &v)) cmpDecodeString(L, c, v); break;
    case 0xdc: if (cmpReadTagged(c, 2, &v)) cmpDecodeArray(L, c, v); break;
    case 0xdd: if (cmpReadTagged(c, 4, &v)) cmpDecodeArray(L, c, v); break;
    case 0xde: if (cmpReadTagged(c, 2, &v)) cmpDecodeMap(L, c, v); break;
    case 0xdf: if (cmpReadTagged(c, 4, &v)) cmpDecodeMap(L, c, v); break;
    default: c->err = CMP_BADFMT; break; /* bin, ext, 0xc1 */
    }
}

/* The three unpack functions.  With limit and offset both 0 (plain unpack,
 * or unpack_limit(s, 0)), every value is returned and no offset; otherwise
 * at most `limit` values (0: none) preceded by the next offset.  Only the
 * input string is on the stack under the values, as in the original: the
 * stack checks (and so the largest number of values returned) count it. */
static int cmpUnpackFull(lua_State *L, lua_Integer limit, lua_Integer offset) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    int all = (limit == 0 && offset == 0);

    /* The messages print the input length where they say "limit". */
    if (offset < 0 || limit < 0)
        return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.", (int)offset, (int)len);
    if ((size_t)offset > len)
        return luaL_error(L, "Start offset %d greater than input length %d.", (int)offset, (int)len);
    if (all) limit = INT_MAX;

    int base = lua_gettop(L);
    cmpCur c = {(const unsigned char *)s + offset, len - (size_t)offset, CMP_OK};
    int count = 0;
    while (c.left > 0 && count < limit) {
        cmpDecodeValue(L, &c);
        if (c.err == CMP_EOF) return luaL_error(L, "Missing bytes in input.");
        if (c.err == CMP_BADFMT) return luaL_error(L, "Bad data format in input.");
        count++;
    }
    if (all) return count;

    luaL_checkstack(L, 1, "in function mp_unpack_full");
    lua_pushinteger(L, c.left == 0 ? -1 : (lua_Integer)(len - c.left));
    lua_insert(L, base + 1); /* the offset comes before the values */
    return count + 1;
}

/* Drop the arguments after the input (never adding one: a missing input
 * must still be reported as "no value"). */
static void cmpKeepOnlyInput(lua_State *L) {
    if (lua_gettop(L) > 1) lua_settop(L, 1);
}

static int cmpUnpack(lua_State *L) {
    return cmpUnpackFull(L, 0, 0);
}

static int cmpUnpackOne(lua_State *L) {
    lua_Integer offset = luaL_optinteger(L, 2, 0);
    cmpKeepOnlyInput(L);
    return cmpUnpackFull(L, 1, offset);
}

static int cmpUnpackLimit(lua_State *L) {
    lua_Integer limit = luaL_checkinteger(L, 2);
    lua_Integer offset = luaL_optinteger(L, 3, 0);
    cmpKeepOnlyInput(L);
    return cmpUnpackFull(L, limit, offset);
}

static const luaL_Reg cmpFunctions[] = {
    {"pack", cmpPack},
    {"unpack", cmpUnpack},
    {"unpack_one", cmpUnpackOne},
    {"unpack_limit", cmpUnpackLimit},
    {NULL, NULL},
};

int luaLibsOpenCmsgpack(lua_State *L) {
    lua_newtable(L);
    luaL_register(L, NULL, cmpFunctions);
    lua_pushliteral(L, "cmsgpack");
    lua_setfield(L, -2, "_NAME");
    lua_pushliteral(L, "lua-cmsgpack 0.4.0");
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, "Copyright (C) 2012, Salvatore Sanfilippo");
    lua_setfield(L, -2, "_COPYRIGHT");
    lua_pushliteral(L, "MessagePack C implementation for Lua");
    lua_setfield(L, -2, "_DESCRIPTION");
    return 1;
}
