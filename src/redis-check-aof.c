/* redis-check-aof.c - check an append only file offline, and repair a
 * truncated tail.
 *
 *     redis-check-aof [--fix|--truncate-to-timestamp <ts>] <file.manifest|file.aof>
 *
 * Given a manifest (see aof.h), every file it names is checked in order:
 * the base (an RDB image, checked by redis-check-rdb's walk, or commands),
 * then each incr file.  Given any other file, it is an "old-style" single
 * AOF, possibly starting with an RDB preamble.
 *
 * A file of commands is read as the server loads it: "*<argc>" then argc
 * "$<len>" bulk strings, with "#..." annotation lines in between (the
 * "#TS:<unix time>" of aof-timestamp-enabled).  A MULTI must be closed by
 * its EXEC.  The report names the offset of the last complete command
 * (ok_up_to): what follows it is damaged or cut short, and --fix truncates
 * the file there after asking "Continue? [y/N]:".  Only the last file of a
 * manifest may be truncated: cutting an earlier one would lose the writes
 * after it.  --truncate-to-timestamp cuts the last file at the first
 * annotation later than the time given, to recover the dataset as it was.
 *
 * The messages and exit codes follow Redis 7.0's redis-check-aof. */
#include "server.h"
#include "redis-check.h"

#include <libgen.h>
#include <sys/stat.h>

/* What one file's check found. */
typedef struct {
    const char *name;   /* as shown in most messages */
    const char *path;   /* as opened (Redis names it in MULTI/EXEC errors) */
    off_t ok_up_to;     /* end of the last complete command */
    off_t err_pos;      /* where the failing read began, for the error line */
    char error[1024];   /* "" or what went wrong */
    off_t ts_cut;       /* --truncate-to-timestamp: where to cut, -1: nowhere */
} aofCheck;

static int fix = 0;
static long long truncate_ts = 0; /* 0: not given */
/* Lines of commands read, counted from 1 across all the files checked (an
 * annotation is not counted): Redis's ok_up_to_line. */
static long long line = 1;
/* Command counts and annotations are read into this buffer, never
 * cleared: an "Expected \\r\\n" error about a count line cut short shows
 * what the line before left after it, as Redis's report does. */
static char linebuf[128];

static void aofCheckError(aofCheck *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void aofCheckError(aofCheck *ck, const char *fmt, ...) {
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(ck->error, sizeof(ck->error), "0x%16llx: %s", (unsigned long long)ck->err_pos, msg);
}

/* The "\r\n" after a number or a bulk string; it ends a line. */
static int aofCheckNewline(aofCheck *ck, const char *p) {
    if (p[0] != '\r' || p[1] != '\n') {
        /* Bytes above 0x7f print sign-extended (ffffff8d), as Redis
         * shows them: reports compare equal. */
        aofCheckError(ck, "Expected \\r\\n, got: %02x%02x", (unsigned)(int)(signed char)p[0],
                      (unsigned)(int)(signed char)p[1]);
        return 0;
    }
    line++;
    return 1;
}

/* "<prefix><number>\r\n" from a line already read into buf. */
static int aofCheckNumber(aofCheck *ck, const char *buf, char prefix, long *out) {
    if (buf[0] != prefix) {
        aofCheckError(ck, "Expected prefix '%c', got: '%c'", prefix, buf[0]);
        return 0;
    }
    char *end;
    *out = strtol(buf + 1, &end, 10);
    return aofCheckNewline(ck, end);
}

/* One bulk string argument: "$<len>\r\n<bytes>\r\n".  Returns it (sds) or
 * NULL with ck->error set (left empty at a clean end of file). */
static sds aofCheckBulk(aofCheck *ck, FILE *fp) {
    char buf[128] = {0}; /* a line cut short shows zeros after it */
    long len;
    ck->err_pos = ftello(fp);
    if (fgets(buf, sizeof(buf), fp) == NULL) return NULL;
    if (!aofCheckNumber(ck, buf, '$', &len)) return NULL;
    if (len < 0 || len > LONG_MAX - 2) {
        aofCheckError(ck, "Expected to read string of %ld bytes, which is not in the suitable range", len);
        return NULL;
    }
    ck->err_pos = ftello(fp);
    sds s = sdsnewlen(SDS_NOINIT, (size_t)len + 2);
    size_t got = fread(s, 1, (size_t)len + 2, fp);
    if (got != (size_t)len + 2) {
        aofCheckError(ck, "Expected to read %ld bytes, got %zu bytes", len + 2, got);
        sdsfree(s);
        return NULL;
    }
    if (!aofCheckNewline(ck, s + len)) {
        sdsfree(s);
        return NULL;
    }
    sdssetlen(s, (size_t)len);
    s[len] = '\0';
    return s;
}

/* Read commands from fp's position to the end.  Sets ck->ok_up_to; a
 * problem leaves ck->error set (and printed), or "AOF ... format error" for
 * a line that is not a command at all. */
static void aofCheckCommands(aofCheck *ck, FILE *fp) {
    int multi = 0;
    char *buf = linebuf;
    for (;;) {
        /* Inside MULTI the last safe point stays before the MULTI: a
         * transaction is replayed whole or not at all. */
        if (!multi) ck->ok_up_to = ftello(fp);
        /* At the end of the file, err_pos stays where the last bulk
         * string began, as Redis reports it. */
        off_t linestart = ftello(fp);
        if (fgets(buf, sizeof(linebuf), fp) == NULL) break;
        ck->err_pos = linestart;
        if (buf[0] == '#') {
            /* An annotation; long ones span several fgets chunks. */
            long long ts = 0;
            int is_ts = !strncmp(buf, "#TS:", 4);
            if (is_ts) ts = strtoll(buf + 4, NULL, 10);
            while (strchr(buf, '\n') == NULL && fgets(buf, sizeof(linebuf), fp) != NULL) {
            }
            if (truncate_ts && is_ts && ts > truncate_ts && ck->ts_cut == -1) {
                ck->ts_cut = linestart;
                return;
            }
            continue;
        }
        if (buf[0] != '*') {
            printf("AOF %s format error\n", ck->name);
            return;
        }
        long argc;
        if (!aofCheckNumber(ck, buf, '*', &argc)) break;
        long j;
        for (j = 0; j < argc; j++) {
            sds arg = aofCheckBulk(ck, fp);
            if (arg == NULL) break;
            int bad = 0;
            if (j == 0 && !strcasecmp(arg, "multi")) {
                if (multi++) {
                    aofCheckError(ck, "Unexpected MULTI in AOF %s", ck->path);
                    bad = 1;
                }
            } else if (j == 0 && !strcasecmp(arg, "exec")) {
                if (--multi) {
                    aofCheckError(ck, "Unexpected EXEC in AOF %s", ck->path);
                    bad = 1;
                }
            }
            sdsfree(arg);
            if (bad) break;
        }
        if (j < argc) break;
    }
    if (feof(fp) && multi && ck->error[0] == '\0')
        aofCheckError(ck, "Reached EOF before reading EXEC for MULTI");
    if (ck->error[0]) printf("%s\n", ck->error);
}

static void aofTruncate(const char *path, aofCheck *ck, off_t to) {
    if (truncate(path, to) == -1) {
        printf("Failed to truncate AOF %s\n", ck->name);
        exit(1);
    }
}

/* Whether the file holds an RDB image: it starts with the signature and
 * is at least 8 bytes long (shorter, Redis checks it as commands). */
static int aofStartsWithRdb(FILE *fp, off_t size) {
    char sig[5];
    int rdb = size >= 8 && fread(sig, 1, 5, fp) == 5 && !memcmp(sig, "REDIS", 5);
    rewind(fp);
    return rdb;
}

/* The kinds of file, for the messages. */
#define AOF_FILE_OLD 0  /* a single-file AOF */
#define AOF_FILE_BASE 1 /* a manifest's base */
#define AOF_FILE_INCR 2 /* a manifest's incr file */

/* Check one file (path to open, name to show).  Returns when it is valid
 * (or was repaired); exits with status 1 otherwise. */
static void aofCheckFile(const char *path, const char *name, int kind, int last) {
    FILE *fp = fopen(path, "r+");
    if (fp == NULL) {
        printf("Cannot open file %s: %s\n", path, strerror(errno));
        exit(1);
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) == -1) {
        printf("Cannot stat file: %s, aborting...\n", path);
        exit(1);
    }
    off_t size = sb.st_size;
    const char *what = kind == AOF_FILE_BASE ? "BASE AOF" : kind == AOF_FILE_INCR ? "INCR AOF" : "AOF";
    if (size == 0) {
        printf("%s %s is empty\n", what, name);
        fclose(fp);
        return;
    }
    aofCheck ck = {.name = name, .path = path, .ts_cut = -1};

    /* An RDB image first: the preamble of an old-style AOF (or its whole
     * content) or a manifest's RDB base. */
    if (aofStartsWithRdb(fp, size)) {
        if (redisCheckRdbStream(fp, name) != 0) {
            printf("RDB preamble of AOF file is not sane, aborting.\n");
            exit(1);
        }
        printf("RDB preamble is OK, proceeding with AOF tail...\n");
    }
    aofCheckCommands(&ck, fp);
    fclose(fp);

    if (truncate_ts && ck.ts_cut != -1) {
        if (!last) {
            printf("Failed to truncate AOF %s to timestamp %lld because it is not the last file.\n", name, truncate_ts);
            exit(1);
        }
        if (ck.ts_cut == 0) {
            printf("AOF %s has nothing before timestamp %lld, aborting...\n", name, truncate_ts);
            exit(1);
        }
        aofTruncate(path, &ck, ck.ts_cut);
        printf("Successfully truncated AOF %s to timestamp %lld\n", name, truncate_ts);
        return;
    }

    off_t diff = size - ck.ok_up_to;
    if (truncate_ts && diff == 0) {
        printf("Truncate nothing in AOF %s to timestamp %lld\n", name, truncate_ts);
        printf("%s %s is valid\n", what, name);
        return;
    }
    printf("AOF analyzed: filename=%s, size=%lld, ok_up_to=%lld, ok_up_to_line=%lld, diff=%lld\n", name,
           (long long)size, (long long)ck.ok_up_to, line, (long long)diff);
    if (diff == 0) {
        printf("%s %s is valid\n", what, name);
        return;
    }
    if (!fix) {
        printf("AOF %s is not valid. Use the --fix option to try fixing it.\n", name);
        exit(1);
    }
    if (!last) {
        printf("Failed to truncate AOF %s because it is not the last file\n", name);
        exit(1);
    }
    printf("This will shrink the AOF %s from %lld bytes, with %lld bytes, to %lld bytes\n", name, (long long)size,
           (long long)diff, (long long)ck.ok_up_to);
    printf("Continue? [y/N]: ");
    fflush(stdout);
    char answer[16];
    if (fgets(answer, sizeof(answer), stdin) == NULL || strncasecmp(answer, "y", 1) != 0) {
        printf("Aborting...\n");
        exit(1);
    }
    aofTruncate(path, &ck, ck.ok_up_to);
    printf("Successfully truncated AOF %s\n", name);
}

/* ---- Manifests ----------------------------------------------------------- */

typedef struct {
    sds name;
    char type; /* 'b', 'h' or 'i' */
} manifestEntry;

/* Whether the file is a manifest: its first line that is not a comment
 * names a file. */
static int aofIsManifest(const char *path) {
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        printf("Cannot open file %s: %s\n", path, strerror(errno));
        exit(1);
    }
    char buf[1024];
    int is = 0;
    while (fgets(buf, sizeof(linebuf), fp) != NULL) {
        if (buf[0] == '#') continue;
        is = !strncmp(buf, "file ", 5);
        break;
    }
    fclose(fp);
    return is;
}

/* Parse the manifest: the base (if any) first, then the incr files in
 * order; history files are skipped.  Exits on a malformed one. */
static manifestEntry *aofReadManifest(const char *path, int *count) {
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        printf("Cannot open file %s: %s\n", path, strerror(errno));
        exit(1);
    }
    manifestEntry *entries = NULL;
    int n = 0, has_base = 0;
    char buf[1024];
    while (fgets(buf, sizeof(linebuf), fp) != NULL) {
        if (buf[0] == '#') continue;
        if (strchr(buf, '\n') == NULL && !feof(fp)) {
            printf("The AOF manifest file contains too long line\n");
            exit(1);
        }
        int argc;
        sds *argv = sdssplitargs(buf, &argc);
        if (argv == NULL || argc < 6 || argc % 2) {
            printf("Invalid AOF manifest file format\n");
            exit(1);
        }
        sds name = NULL;
        char type = 0;
        for (int j = 0; j < argc; j += 2) {
            if (!strcmp(argv[j], "file")) name = sdsdup(argv[j + 1]);
            else if (!strcmp(argv[j], "type")) type = argv[j + 1][0];
        }
        sdsfreesplitres(argv, argc);
        if (name == NULL || (type != 'b' && type != 'h' && type != 'i')) {
            printf("Invalid AOF manifest file format\n");
            exit(1);
        }
        if (type == 'h') {
            sdsfree(name);
            continue;
        }
        if (type == 'b') {
            if (has_base) {
                printf("Found duplicate base file information\n");
                exit(1);
            }
            has_base = 1;
        }
        entries = zrealloc(entries, sizeof(*entries) * (n + 1));
        entries[n].name = name;
        entries[n].type = type;
        /* The base goes first whatever its line's place. */
        if (type == 'b' && n > 0) {
            manifestEntry base = entries[n];
            memmove(entries + 1, entries, sizeof(*entries) * n);
            entries[0] = base;
        }
        n++;
    }
    fclose(fp);
    if (n == 0) {
        printf("Found an empty AOF manifest\n");
        exit(1);
    }
    *count = n;
    return entries;
}

static void aofCheckMultiPart(const char *manifest_path) {
    printf("Start checking Multi Part AOF\n");
    int n;
    manifestEntry *entries = aofReadManifest(manifest_path, &n);
    char *copy = zstrdup(manifest_path);
    sds dir = sdsnew(dirname(copy));
    zfree(copy);
    int incr_started = 0;
    for (int j = 0; j < n; j++) {
        sds path = sdscatfmt(sdsempty(), "%S/%S", dir, entries[j].name);
        int last = j == n - 1;
        if (entries[j].type == 'b') {
            FILE *fp = fopen(path, "r");
            if (fp == NULL) {
                printf("Cannot open file %s: %s\n", path, strerror(errno));
                exit(1);
            }
            struct stat sb;
            int rdb = fstat(fileno(fp), &sb) == 0 && aofStartsWithRdb(fp, sb.st_size);
            fclose(fp);
            printf("Start to check BASE AOF (%s format).\n", rdb ? "RDB" : "RESP");
            aofCheckFile(path, entries[j].name, AOF_FILE_BASE, last);
        } else {
            if (!incr_started) printf("Start to check INCR files.\n");
            incr_started = 1;
            aofCheckFile(path, entries[j].name, AOF_FILE_INCR, last);
        }
        sdsfree(path);
    }
    for (int j = 0; j < n; j++) sdsfree(entries[j].name);
    zfree(entries);
    sdsfree(dir);
    printf("All AOF files and manifest are valid\n");
}

void redisCheckAofMain(int argc, char **argv) {
    server.verbosity = LL_WARNING + 1; /* no server log lines in the report */
    const char *path;
    if (argc == 2) {
        path = argv[1];
    } else if (argc == 3 && !strcmp(argv[1], "--fix")) {
        fix = 1;
        path = argv[2];
    } else if (argc == 4 && !strcmp(argv[1], "--truncate-to-timestamp")) {
        char *end;
        errno = 0;
        truncate_ts = strtoll(argv[2], &end, 10);
        if (errno || *end || end == argv[2]) {
            printf("Invalid timestamp, aborting...\n");
            exit(1);
        }
        path = argv[3];
    } else {
        printf("Usage: %s [--fix|--truncate-to-timestamp $timestamp] <file.manifest|file.aof>\n", argv[0]);
        exit(1);
    }
    if (aofIsManifest(path)) {
        aofCheckMultiPart(path);
    } else {
        printf("Start checking Old-Style AOF\n");
        aofCheckFile(path, path, AOF_FILE_OLD, 1);
    }
    exit(0);
}
