/* lua_struct.c - binary packing for Lua scripts (the struct global).
 *
 *   struct.pack(fmt, v1, v2, ...)   -> a string
 *   struct.unpack(fmt, s [, pos])   -> v1, v2, ..., next position
 *   struct.size(fmt)                -> the length pack would produce
 *
 * The API is Roberto Ierusalimschy's struct library as Redis 7.0 bundles it,
 * and the answers (including errors, and what happens at the edges: values
 * out of range, integer sizes above 8 bytes) are that library's on x86-64.
 *
 * Format options:
 *   >  <       big / little endian from here on (default: the machine's)
 *   ![n]       maximum alignment n, a power of 2 (default 8 when n is
 *              omitted; until a '!' there is no alignment at all)
 *   x          a zero byte (pack) / one byte skipped (unpack)
 *   b B h H l L T   signed/unsigned char, short, long, size_t
 *   i[n] I[n]  signed/unsigned integer of n bytes (default 4, at most 32)
 *   c[n]       n raw bytes (default 1); c0: pack takes the whole string,
 *              unpack takes the length from the previous value unpacked
 *   s          a zero-terminated string
 *   f d        float, double
 *   space      ignored
 * An item is aligned to min(its size, the maximum alignment); c and s are
 * never aligned. */
#include "lua_libs.h"

#include <ctype.h>
#include <lauxlib.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define STRUCT_MAX_INT_SIZE 32
/* The alignment '!' alone asks for: the strictest a double needs here. */
#define STRUCT_MAX_ALIGN 8

enum { STRUCT_BIG = 0, STRUCT_LITTLE = 1 };

typedef struct structState {
    int endian;
    int align;
} structState;

static int structNativeEndian(void) {
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1 ? STRUCT_LITTLE : STRUCT_BIG;
}

static void structInitState(structState *st) {
    st->endian = structNativeEndian();
    st->align = 1;
}

/* A decimal count after an option, or dflt when there is none. */
static int structGetCount(lua_State *L, const char **fmt, int dflt) {
    if (!isdigit((unsigned char)**fmt)) return dflt;
    int n = 0;
    do {
        int digit = **fmt - '0';
        if (n > INT_MAX / 10 || n * 10 > INT_MAX - digit) luaL_error(L, "integral size overflow");
        n = n * 10 + digit;
        (*fmt)++;
    } while (isdigit((unsigned char)**fmt));
    return n;
}

/* The size in bytes of option opt, reading its count if it takes one; 0 for
 * the options without a fixed size and for the control options. */
static size_t structOptionSize(lua_State *L, int opt, const char **fmt) {
    switch (opt) {
    case 'b': case 'B': return sizeof(char);
    case 'h': case 'H': return sizeof(short);
    case 'l': case 'L': return sizeof(long);
    case 'T': return sizeof(size_t);
    case 'f': return sizeof(float);
    case 'd': return sizeof(double);
    case 'x': return 1;
    case 'c': return (size_t)structGetCount(L, fmt, 1);
    case 'i': case 'I': {
        int size = structGetCount(L, fmt, sizeof(int));
        if (size > STRUCT_MAX_INT_SIZE)
            luaL_error(L, "integral size %d is larger than limit of %d", size, STRUCT_MAX_INT_SIZE);
        return (size_t)size;
    }
    default: return 0;
    }
}

/* Padding bytes needed at offset pos before an item of this size.  The mask
 * arithmetic is the original's: for a size that is not a power of 2 it
 * gives an odd but well-defined padding that scripts may rely on. */
static size_t structPadding(size_t pos, const structState *st, int opt, size_t size) {
    if (size == 0 || opt == 'c') return 0;
    if (size > (size_t)st->align) size = (size_t)st->align;
    return (size - (pos & (size - 1))) & (size - 1);
}

/* Options that do not produce or consume data: endianness, alignment,
 * spaces.  Anything else is not an option at all. */
static void structControlOption(lua_State *L, int opt, const char **fmt, structState *st) {
    switch (opt) {
    case ' ': return;
    case '>': st->endian = STRUCT_BIG; return;
    case '<': st->endian = STRUCT_LITTLE; return;
    case '!': {
        int align = structGetCount(L, fmt, STRUCT_MAX_ALIGN);
        if (align <= 0 || (align & (align - 1)) != 0) luaL_error(L, "alignment %d is not a power of 2", align);
        st->align = align;
        return;
    }
    default: {
        const char *msg = lua_pushfstring(L, "invalid format option '%c'", opt);
        luaL_argerror(L, 1, msg);
    }
    }
}

/* The conversions of a number to a 64-bit integer as the x86-64 build of
 * the original performs them: out of range (and NaN) to signed gives
 * INT64_MIN; to unsigned, values from 2^63 up are converted after
 * subtracting 2^63.  Written out so that no C conversion is undefined. */
static int64_t structToInt64(lua_Number n) {
    if (n >= -9223372036854775808.0 && n < 9223372036854775808.0) return (int64_t)n;
    return INT64_MIN;
}

static uint64_t structToUint64(lua_Number n) {
    if (!(n >= 9223372036854775808.0)) return (uint64_t)structToInt64(n);
    return (uint64_t)structToInt64(n - 9223372036854775808.0) ^ (UINT64_C(1) << 63);
}

static void structReverse(unsigned char *p, size_t size) {
    for (size_t i = 0; i < size / 2; i++) {
        unsigned char t = p[i];
        p[i] = p[size - 1 - i];
        p[size - 1 - i] = t;
    }
}

/* Put a float or double (native bytes in p) in the requested byte order. */
static void structFixOrder(unsigned char *p, size_t size, int endian) {
    if (endian != structNativeEndian()) structReverse(p, size);
}

static void structPackInteger(lua_State *L, luaL_Buffer *b, int arg, int endian, size_t size) {
    lua_Number n = luaL_checknumber(L, arg);
    uint64_t v = n < 0 ? (uint64_t)structToInt64(n) : structToUint64(n);
    unsigned char out[STRUCT_MAX_INT_SIZE];
    /* Least significant byte first; beyond 8 bytes the value is 0 (no sign
     * extension: that is what the original writes). */
    for (size_t i = 0; i < size; i++) {
        out[i] = (unsigned char)(v & 0xff);
        v = i < 7 ? v >> 8 : 0;
    }
    if (endian == STRUCT_BIG) structReverse(out, size);
    luaL_addlstring(b, (const char *)out, size);
}

static int structPack(lua_State *L) {
    const char *fmt = luaL_checkstring(L, 1);
    structState st;
    structInitState(&st);
    int arg = 2;
    size_t total = 0;
    luaL_Buffer b;
    lua_pushnil(L); /* separates the arguments from the buffer's stack use */
    luaL_buffinit(L, &b);
    while (*fmt != '\0') {
        int opt = (unsigned char)*fmt++;
        size_t size = structOptionSize(L, opt, &fmt);
        size_t pad = structPadding(total, &st, opt, size);
        total += pad;
        while (pad-- > 0) luaL_addchar(&b, '\0');
        switch (opt) {
        case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
            structPackInteger(L, &b, arg++, st.endian, size);
            break;
        case 'x': luaL_addchar(&b, '\0'); break;
        case 'f': {
            float f = (float)luaL_checknumber(L, arg++);
            structFixOrder((unsigned char *)&f, sizeof(f), st.endian);
            luaL_addlstring(&b, (const char *)&f, sizeof(f));
            break;
        }
        case 'd': {
            double d = (double)luaL_checknumber(L, arg++);
            structFixOrder((unsigned char *)&d, sizeof(d), st.endian);
            luaL_addlstring(&b, (const char *)&d, sizeof(d));
            break;
        }
        case 'c': case 's': {
            size_t len;
            const char *s = luaL_checklstring(L, arg++, &len);
            if (size == 0) size = len;
            /* The original names the argument after the string's. */
            luaL_argcheck(L, len >= size, arg, "string too short");
            luaL_addlstring(&b, s, size);
            if (opt == 's') {
                luaL_addchar(&b, '\0');
                size++;
            }
            break;
        }
        default: structControlOption(L, opt, &fmt, &st); break;
        }
        total += size;
    }
    luaL_pushresult(&b);
    return 1;
}

/* An integer of `size` bytes at p.  Only the 8 least significant bytes are
 * kept, and for signed values the sign bit is looked for at bit
 * (size*8 - 1) mod 64, as the shift of the x86-64 original does. */
static lua_Number structUnpackInteger(const unsigned char *p, int endian, int issigned, size_t size) {
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++) {
        size_t idx = endian == STRUCT_BIG ? i : size - 1 - i;
        v = (v << 8) | p[idx];
    }
    if (!issigned) return (lua_Number)v;
    uint64_t mask = ~UINT64_C(0) << ((size * 8 - 1) & 63);
    if (v & mask) v |= mask; /* extend the sign */
    return (lua_Number)(int64_t)v;
}

static int structUnpack(lua_State *L) {
    const char *fmt = luaL_checkstring(L, 1);
    size_t len;
    const unsigned char *data = (const unsigned char *)luaL_checklstring(L, 2, &len);
    size_t pos = (size_t)luaL_optinteger(L, 3, 1);
    luaL_argcheck(L, pos > 0, 3, "offset must be 1 or greater");
    pos--; /* 0-based from here */
    structState st;
    structInitState(&st);
    int n = 0;
    while (*fmt) {
        int opt = (unsigned char)*fmt++;
        size_t size = structOptionSize(L, opt, &fmt);
        pos += structPadding(pos, &st, opt, size);
        luaL_argcheck(L, size <= len && pos <= len - size, 2, "data string too short");
        /* Room for this item and the final position. */
        luaL_checkstack(L, 2, "too many results");
        switch (opt) {
        case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
            lua_pushnumber(L, structUnpackInteger(data + pos, st.endian, islower(opt), size));
            n++;
            break;
        case 'x': break;
        case 'f': {
            float f;
            memcpy(&f, data + pos, sizeof(f));
            structFixOrder((unsigned char *)&f, sizeof(f), st.endian);
            lua_pushnumber(L, (lua_Number)f);
            n++;
            break;
        }
        case 'd': {
            double d;
            memcpy(&d, data + pos, sizeof(d));
            structFixOrder((unsigned char *)&d, sizeof(d), st.endian);
            lua_pushnumber(L, (lua_Number)d);
            n++;
            break;
        }
        case 'c':
            if (size == 0) {
                /* The length is the value just unpacked, which c0 consumes. */
                if (n == 0 || !lua_isnumber(L, -1)) luaL_error(L, "format 'c0' needs a previous size");
                size = (size_t)structToUint64(lua_tonumber(L, -1));
                lua_pop(L, 1);
                n--;
                luaL_argcheck(L, size <= len && pos <= len - size, 2, "data string too short");
            }
            lua_pushlstring(L, (const char *)data + pos, size);
            n++;
            break;
        case 's': {
            const unsigned char *end = memchr(data + pos, '\0', len - pos);
            if (end == NULL) luaL_error(L, "unfinished string in data");
            size = (size_t)(end - (data + pos)) + 1;
            lua_pushlstring(L, (const char *)data + pos, size - 1);
            n++;
            break;
        }
        default: structControlOption(L, opt, &fmt, &st); break;
        }
        pos += size;
    }
    lua_pushinteger(L, (lua_Integer)pos + 1);
    return n + 1;
}

static int structSize(lua_State *L) {
    const char *fmt = luaL_checkstring(L, 1);
    structState st;
    structInitState(&st);
    size_t pos = 0;
    while (*fmt) {
        int opt = (unsigned char)*fmt++;
        size_t size = structOptionSize(L, opt, &fmt);
        pos += structPadding(pos, &st, opt, size);
        if (opt == 's') luaL_argerror(L, 1, "option 's' has no fixed size");
        else if (opt == 'c' && size == 0) luaL_argerror(L, 1, "option 'c0' has no fixed size");
        /* Letters and digits that are not options count for nothing here. */
        if (!isalnum(opt)) structControlOption(L, opt, &fmt, &st);
        pos += size;
    }
    lua_pushinteger(L, (lua_Integer)pos);
    return 1;
}

static const luaL_Reg structFunctions[] = {
    {"pack", structPack},
    {"unpack", structUnpack},
    {"size", structSize},
    {NULL, NULL},
};

int luaLibsOpenStruct(lua_State *L) {
    lua_newtable(L);
    luaL_register(L, NULL, structFunctions);
    return 1;
}
