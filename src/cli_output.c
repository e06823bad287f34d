/* cli_output.c - reply formatting for redis-cli (see cli_output.h).
 *
 * The human form numbers the elements of an aggregate and indents nested
 * ones so that their numbers line up under the parent's element:
 *
 *     1) "a"
 *     2) 1) "nested"
 *        2) (integer) 3
 *
 * The first line of a nested aggregate continues the parent's "N) " line,
 * every following line starts with the accumulated indentation.  Maps use
 * "N# key => value" (a value that takes several lines starts on the next
 * line, indented), sets "N~ ". */

#include <stdio.h>
#include <string.h>

#include "cli_output.h"

static const char *emptyAggregateName(int type) {
    switch (type) {
    case CLI_REPLY_ARRAY: return "(empty array)\n";
    case CLI_REPLY_MAP: return "(empty hash)\n";
    case CLI_REPLY_SET: return "(empty set)\n";
    case CLI_REPLY_PUSH: return "(empty push)\n";
    default: return "(empty aggregate type)\n";
    }
}

static sds formatAggregateTTY(sds out, const cliReply *r, const char *prefix) {
    if (r->elements == 0) return sdscat(out, emptyAggregateName(r->type));

    int is_map = r->type == CLI_REPLY_MAP;
    size_t count = is_map ? r->elements / 2 : r->elements;
    int width = 0;
    size_t n = count;
    do {
        width++;
        n /= 10;
    } while (n);
    char mark = is_map ? '#' : r->type == CLI_REPLY_SET ? '~' : ')';

    /* Children are indented by the width of "N) " at this level. */
    sds child_prefix = sdsnew(prefix);
    for (int i = 0; i < width + 2; i++) child_prefix = sdscatlen(child_prefix, " ", 1);

    for (size_t i = 0; i < count; i++) {
        out = sdscatprintf(out, "%s%*zu%c ", i == 0 ? "" : prefix, width, i + 1, mark);
        if (is_map) {
            out = cliFormatTTY(out, r->element[i * 2], child_prefix);
            sdsrange(out, 0, -2); /* the key's newline */
            out = sdscat(out, " => ");
            /* A value that takes several lines starts on its own line. */
            sds v = cliFormatTTY(sdsempty(), r->element[i * 2 + 1], child_prefix);
            char *nl = strchr(v, '\n');
            if (nl && nl[1] != '\0') {
                out = sdscatlen(out, "\n", 1);
                out = sdscatsds(out, child_prefix);
            }
            out = sdscatsds(out, v);
            sdsfree(v);
        } else {
            out = cliFormatTTY(out, r->element[i], child_prefix);
        }
    }
    sdsfree(child_prefix);
    return out;
}

sds cliFormatTTY(sds out, const cliReply *r, const char *prefix) {
    switch (r->type) {
    case CLI_REPLY_ERROR:
        return sdscatprintf(out, "(error) %s\n", r->str);
    case CLI_REPLY_STATUS:
        out = sdscatsds(out, r->str);
        return sdscatlen(out, "\n", 1);
    case CLI_REPLY_INTEGER:
        return sdscatprintf(out, "(integer) %lld\n", r->integer);
    case CLI_REPLY_DOUBLE:
        return sdscatprintf(out, "(double) %s\n", r->str);
    case CLI_REPLY_BIGNUM:
        return sdscatprintf(out, "(big number) %s\n", r->str);
    case CLI_REPLY_STRING:
        out = sdscatrepr(out, r->str, sdslen(r->str));
        return sdscatlen(out, "\n", 1);
    case CLI_REPLY_VERB:
        /* Verbatim text is meant to be shown as is. */
        out = sdscatsds(out, r->str);
        return sdscatlen(out, "\n", 1);
    case CLI_REPLY_NIL:
        return sdscat(out, "(nil)\n");
    case CLI_REPLY_BOOL:
        return sdscat(out, r->integer ? "(true)\n" : "(false)\n");
    default:
        return formatAggregateTTY(out, r, prefix);
    }
}

sds cliFormatRaw(sds out, const cliReply *r, const char *mb_delim) {
    switch (r->type) {
    case CLI_REPLY_NIL:
        return out;
    case CLI_REPLY_ERROR:
        out = sdscatsds(out, r->str);
        return sdscatlen(out, "\n", 1);
    case CLI_REPLY_STATUS: case CLI_REPLY_STRING: case CLI_REPLY_VERB:
    case CLI_REPLY_DOUBLE: case CLI_REPLY_BIGNUM:
        return sdscatsds(out, r->str);
    case CLI_REPLY_INTEGER:
        return sdscatprintf(out, "%lld", r->integer);
    case CLI_REPLY_BOOL:
        return sdscat(out, r->integer ? "(true)" : "(false)");
    case CLI_REPLY_MAP:
        for (size_t i = 0; i + 1 < r->elements; i += 2) {
            if (i) out = sdscat(out, mb_delim);
            out = cliFormatRaw(out, r->element[i], mb_delim);
            out = sdscatlen(out, " ", 1);
            out = cliFormatRaw(out, r->element[i + 1], mb_delim);
        }
        return out;
    default:
        for (size_t i = 0; i < r->elements; i++) {
            if (i) out = sdscat(out, mb_delim);
            out = cliFormatRaw(out, r->element[i], mb_delim);
        }
        return out;
    }
}

sds cliFormatCSV(sds out, const cliReply *r) {
    switch (r->type) {
    case CLI_REPLY_ERROR:
        out = sdscat(out, "ERROR,");
        return sdscatrepr(out, r->str, sdslen(r->str));
    case CLI_REPLY_STATUS: case CLI_REPLY_STRING: case CLI_REPLY_VERB:
        return sdscatrepr(out, r->str, sdslen(r->str));
    case CLI_REPLY_INTEGER:
        return sdscatprintf(out, "%lld", r->integer);
    case CLI_REPLY_DOUBLE: case CLI_REPLY_BIGNUM:
        return sdscatsds(out, r->str);
    case CLI_REPLY_NIL:
        return sdscat(out, "NULL");
    case CLI_REPLY_BOOL:
        return sdscat(out, r->integer ? "true" : "false");
    default:
        for (size_t i = 0; i < r->elements; i++) {
            if (i) out = sdscatlen(out, ",", 1);
            out = cliFormatCSV(out, r->element[i]);
        }
        return out;
    }
}

/* JSON strings: the bytes as they are (UTF-8 passes through), with quotes,
 * backslashes and control characters escaped.  The quoted variant is the
 * escaped form of sdscatrepr (\xNN for every non printable byte), which
 * keeps the output ASCII. */
sds cliJsonString(sds out, const char *p, size_t len, int quoted) {
    if (quoted) {
        sds repr = sdscatrepr(sdsempty(), p, len);
        for (size_t i = 0; i < sdslen(repr); i++) {
            if (repr[i] == '\\') out = sdscatlen(out, "\\\\", 2);
            else out = sdscatlen(out, repr + i, 1);
        }
        sdsfree(repr);
        return out;
    }
    out = sdscatlen(out, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (c) {
        case '"': out = sdscatlen(out, "\\\"", 2); break;
        case '\\': out = sdscatlen(out, "\\\\", 2); break;
        case '\b': out = sdscatlen(out, "\\b", 2); break;
        case '\f': out = sdscatlen(out, "\\f", 2); break;
        case '\n': out = sdscatlen(out, "\\n", 2); break;
        case '\r': out = sdscatlen(out, "\\r", 2); break;
        case '\t': out = sdscatlen(out, "\\t", 2); break;
        default:
            if (c < 0x20) out = sdscatprintf(out, "\\u%04x", c);
            else out = sdscatlen(out, p + i, 1);
        }
    }
    return sdscatlen(out, "\"", 1);
}

static int isStringLike(const cliReply *r) {
    return r->type == CLI_REPLY_ERROR || r->type == CLI_REPLY_STATUS ||
           r->type == CLI_REPLY_STRING || r->type == CLI_REPLY_VERB;
}

sds cliFormatJSON(sds out, const cliReply *r, int quoted) {
    switch (r->type) {
    case CLI_REPLY_ERROR:
        out = sdscat(out, "error:");
        return cliJsonString(out, r->str, sdslen(r->str), quoted);
    case CLI_REPLY_STATUS: case CLI_REPLY_STRING: case CLI_REPLY_VERB:
        return cliJsonString(out, r->str, sdslen(r->str), quoted);
    case CLI_REPLY_INTEGER:
        return sdscatprintf(out, "%lld", r->integer);
    case CLI_REPLY_DOUBLE: case CLI_REPLY_BIGNUM:
        return sdscatsds(out, r->str);
    case CLI_REPLY_BOOL:
        return sdscat(out, r->integer ? "true" : "false");
    case CLI_REPLY_NIL:
        return sdscat(out, "null");
    case CLI_REPLY_MAP:
        out = sdscatlen(out, "{", 1);
        for (size_t i = 0; i + 1 < r->elements; i += 2) {
            const cliReply *key = r->element[i];
            if (isStringLike(key)) {
                out = cliJsonString(out, key->str, sdslen(key->str), quoted);
            } else {
                /* JSON keys are strings: quote what another type prints. */
                sds k = cliFormatJSON(sdsempty(), key, quoted);
                if (k[0] == '"') out = sdscatsds(out, k);
                else out = sdscatfmt(out, "\"%S\"", k);
                sdsfree(k);
            }
            out = sdscatlen(out, ":", 1);
            out = cliFormatJSON(out, r->element[i + 1], quoted);
            if (i + 2 < r->elements) out = sdscatlen(out, ",", 1);
        }
        return sdscatlen(out, "}", 1);
    default:
        out = sdscatlen(out, "[", 1);
        for (size_t i = 0; i < r->elements; i++) {
            if (i) out = sdscatlen(out, ",", 1);
            out = cliFormatJSON(out, r->element[i], quoted);
        }
        return sdscatlen(out, "]", 1);
    }
}

sds cliFormatReply(const cliReply *r, int mode, int raw_strings,
                   const char *mb_delim, const char *cmd_delim) {
    sds out = sdsempty();
    if (raw_strings) return cliFormatRaw(out, r, mb_delim);
    switch (mode) {
    case CLI_OUTPUT_STANDARD:
        return cliFormatTTY(out, r, "");
    case CLI_OUTPUT_RAW:
        out = cliFormatRaw(out, r, mb_delim);
        return sdscat(out, cmd_delim);
    case CLI_OUTPUT_CSV:
        out = cliFormatCSV(out, r);
        return sdscatlen(out, "\n", 1);
    default:
        out = cliFormatJSON(out, r, mode == CLI_OUTPUT_QUOTED_JSON);
        return sdscatlen(out, "\n", 1);
    }
}
