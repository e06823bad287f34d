/* redis-benchmark: load generator, compatible with Redis 7.0's tool.
 *
 * How a run works.  A "test" is one request (RESP bytes, possibly holding
 * __rand_int__ placeholders) sent `-n` times in total by `-c` connections.
 * Every connection (benchClient) keeps an output buffer with the request
 * repeated `-P` times, preceded on its first round by the "prefix" commands
 * (AUTH, HELLO 3, SELECT, CLIENT TRACKING) whose replies are not counted.
 * A round: take P requests from the shared budget (requests_issued), fill
 * the placeholders with fresh random numbers in place, write the buffer
 * when the loop reports the socket writable, then watch it for reading
 * until the P replies are complete (the same event sequence as Redis 7.0's
 * tool, so that both put the same load on the server).  The latency of a round is the
 * time from the write to the first bytes of the reply (parsing is not part
 * of it), and it is recorded once per reply in a histogram of microseconds.
 * When requests_finished reaches -n every event loop is stopped.
 *
 * Threads.  Without --threads everything runs on the main thread's event
 * loop (the project's ae).  With --threads N there are N loops on N threads,
 * clients dealt round-robin; counters and histograms are updated with
 * atomics, and a pipe per loop lets whichever thread finishes wake the
 * others.  Thread 0 (or the only loop) prints the progress line.
 *
 * Output (the report, -q, --csv and the progress line) follows Redis 7.0's
 * formats byte for byte; percentile ladders come from bench_histogram.
 * Cluster mode and TLS are not part of this implementation. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ae.h"
#include "anet.h"
#include "bench_histogram.h"
#include "sds.h"
#include "util.h"

#define BENCH_VERSION "7.0.15"
#define PROGRESS_INTERVAL_MS 250
#define HIST_LOWEST_US 10           /* full precision from 10 us */
#define HIST_HIGHEST_US 3000000     /* up to 3 s */
#define DEFAULT_PRECISION 3
#define MAX_PRECISION 4
#define MAX_THREADS 500
#define RAND_DIGITS 12              /* strlen("__rand_int__") */
#define READ_CHUNK (16 * 1024)
#define RESP_MAX_DEPTH 64           /* nesting of replies we accept */

typedef struct benchThread benchThread;

typedef struct benchClient {
    int fd;
    benchThread *thread;
    struct benchClient *prev, *next; /* the thread's clients */
    sds obuf;               /* prefix commands (first round) + P requests */
    size_t prefixlen;       /* bytes of prefix still at the head of obuf */
    int prefix_pending;     /* prefix replies still expected */
    size_t *randpos;        /* offsets in obuf of each __rand_int__ */
    size_t randlen;
    size_t written;         /* bytes of obuf written this round */
    int pending;            /* replies still expected this round */
    long long start;        /* us, when this round was written */
    long long latency;      /* us, -1 until reply bytes arrive */
    char *rbuf;             /* reply bytes not parsed yet: [rpos, rlen) */
    size_t rpos, rlen, rcap;
    /* Where the scan of the reply at rpos stopped for want of bytes, so that
     * a large reply arriving in many reads is scanned once (respScan). */
    size_t spos;
    int sdepth;                          /* open aggregates */
    long long sleft[RESP_MAX_DEPTH + 1]; /* elements each still waits for */
} benchClient;

struct benchThread {
    int id;
    aeEventLoop *el;
    pthread_t tid;
    int wake[2];            /* a byte here stops the loop (from any thread) */
    int live;               /* clients on this loop */
    benchClient *clients;
    uint64_t rng;
};

static struct {
    /* Options. */
    const char *hostip;
    int hostport;
    const char *hostsocket;
    const char *auth;
    const char *user;
    int numclients;
    long long requests;
    int datasize;
    int dbnum;
    int resp3;
    int tracking;
    int keepalive;
    int randomkeys;
    long long keyspacelen;
    int pipeline;
    int quiet;
    int csv;
    int loop;
    int idlemode;
    int stdinarg;
    int showerrors;
    int precision;
    int num_threads;
    sds tests;              /* ",set,get," lowercase, NULL for all */
    int has_seed;
    unsigned long long seed;
    /* The server's configuration shown in the report. */
    int have_server_config;
    sds cfg_save, cfg_appendonly;
    /* The test being run. */
    const char *title;
    const char *cmd;
    size_t cmdlen;
    long long requests_issued;   /* atomic */
    long long requests_finished; /* atomic */
    int liveclients;             /* atomic */
    long long start, totlatency; /* ms */
    long long previous_tick, previous_finished;
    int last_printed_bytes;
    hist *latency;
    hist *current_sec;
    benchThread *threads;
    int nloops;             /* event loops of this run: max(1, num_threads) */
} config;

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

/* xorshift64*: one generator per loop, no locking on the hot path. */
static uint64_t benchRandom(benchThread *t) {
    uint64_t x = t->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    t->rng = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* RESP array of bulk strings for argv. */
static sds formatCommand(int argc, char **argv, size_t *argvlen) {
    sds s = sdscatprintf(sdsempty(), "*%d\r\n", argc);
    for (int i = 0; i < argc; i++) {
        size_t len = argvlen ? argvlen[i] : strlen(argv[i]);
        s = sdscatprintf(s, "$%zu\r\n", len);
        s = sdscatlen(s, argv[i], len);
        s = sdscatlen(s, "\r\n", 2);
    }
    return s;
}

/* Same, from a NULL-terminated list of words. */
static sds formatWords(const char *first, ...) {
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *w = first; w != NULL && argc < 32; w = va_arg(ap, const char *))
        argv[argc++] = (char *)w;
    va_end(ap);
    return formatCommand(argc, argv, NULL);
}

static double usToMs(int64_t us) {
    return (double)us / 1000.0;
}

/* ------------------------------------------------------------------------
 * Reply parsing: enough of RESP2 and RESP3 to find where a reply ends and
 * whether it is an error.
 * ------------------------------------------------------------------------ */

static int respNumber(const char *p, const char *end, long long *out) {
    int neg = 0;
    long long v = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p == end) return 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9' || v > LLONG_MAX / 10) return 0;
        v = v * 10 + (*p - '0');
    }
    *out = neg ? -v : v;
    return 1;
}

/* Skip one complete reply starting at *pos.  1 (and *pos moved past it),
 * 0 if the buffer ends inside it, -1 on a protocol error.  For an error
 * reply, *err and *errlen point at its text (top level only). */
static int respSkip(const char *buf, size_t len, size_t *pos, int depth, const char **err,
                    size_t *errlen) {
    if (depth > RESP_MAX_DEPTH) return -1;
    if (*pos >= len) return 0;
    char type = buf[*pos];
    const char *line = buf + *pos + 1;
    const char *cr = memchr(line, '\r', len - (*pos + 1));
    if (cr == NULL || (size_t)(cr + 1 - buf) >= len) return 0;
    if (cr[1] != '\n') return -1;
    size_t after = (size_t)(cr + 2 - buf);
    long long n;

    switch (type) {
    case '-':
        if (err) {
            *err = line;
            *errlen = (size_t)(cr - line);
        }
        /* fall through */
    case '+': case ':': case '_': case ',': case '#': case '(':
        *pos = after;
        return 1;
    case '$': case '=': case '!':
        if (!respNumber(line, cr, &n)) return -1;
        if (n < 0) {
            *pos = after;
            return 1;
        }
        if (len - after < (size_t)n + 2) return 0;
        if (type == '!' && err) {
            *err = buf + after;
            *errlen = (size_t)n;
        }
        *pos = after + (size_t)n + 2;
        return 1;
    case '*': case '~': case '>': case '%': case '|': {
        if (!respNumber(line, cr, &n)) return -1;
        if (n < 0) {
            *pos = after;
            return 1;
        }
        if (type == '%' || type == '|') n *= 2;
        size_t p = after;
        for (long long i = 0; i < n; i++) {
            int r = respSkip(buf, len, &p, depth + 1, NULL, NULL);
            if (r != 1) return r;
        }
        if (type == '|') /* attributes come before the reply they annotate */
            return respSkip(buf, len, &p, depth, err, errlen) == 1 ? (*pos = p, 1) : 0;
        *pos = p;
        return 1;
    }
    default:
        return -1;
    }
}

/* The header of one item at *pos: 1 with *pos past the whole item if it is
 * a scalar (*children = -1), or past its header line if it is an aggregate
 * (*children = its element count; an attribute counts the reply it
 * annotates as one more); 0 if incomplete; -1 on a protocol error. */
static int respScanItem(const char *buf, size_t len, size_t *pos, long long *children) {
    const char *line = buf + *pos + 1;
    if (*pos >= len) return 0;
    const char *cr = memchr(line, '\r', len - (*pos + 1));
    if (cr == NULL || (size_t)(cr + 1 - buf) >= len) return 0;
    if (cr[1] != '\n') return -1;
    size_t after = (size_t)(cr + 2 - buf);
    long long n;
    *children = -1;
    switch (buf[*pos]) {
    case '-': case '+': case ':': case '_': case ',': case '#': case '(':
        *pos = after;
        return 1;
    case '$': case '=': case '!':
        if (!respNumber(line, cr, &n)) return -1;
        if (n >= 0 && len - after < (size_t)n + 2) return 0;
        *pos = n < 0 ? after : after + (size_t)n + 2;
        return 1;
    case '*': case '~': case '>': case '%': case '|':
        if (!respNumber(line, cr, &n)) return -1;
        if (buf[*pos] == '%') n *= 2;
        if (buf[*pos] == '|') n = n * 2 + 1;
        *pos = after;
        if (n > 0) *children = n;
        return 1;
    default:
        return -1;
    }
}

/* Go on scanning the reply at c->rpos from where the last call stopped:
 * 1 when it is complete (it ends at c->spos), 0 if more bytes are needed,
 * -1 on a protocol error. */
static int respScan(benchClient *c) {
    if (c->sdepth == 0) c->spos = c->rpos; /* a new reply starts here */
    for (;;) {
        long long children;
        int r = respScanItem(c->rbuf, c->rlen, &c->spos, &children);
        if (r != 1) return r;
        if (children > 0) {
            if (c->sdepth == RESP_MAX_DEPTH) return -1;
            c->sleft[c->sdepth++] = children;
            continue;
        }
        /* An item is complete: so is every aggregate it was the last of. */
        while (c->sdepth > 0 && --c->sleft[c->sdepth - 1] == 0) c->sdepth--;
        if (c->sdepth == 0) return 1;
    }
}

/* ------------------------------------------------------------------------
 * Reply objects.  Every reply a benchmark reads is turned into objects, one
 * per element with its own copy of the string, then freed, as a client
 * library does and as Redis's redis-benchmark does through hiredis.  The
 * figures then say what an application reading those replies would see,
 * and they stay comparable with Redis's tool: a reader that only skipped
 * over replies would report two times the throughput of LRANGE_600, the
 * client rather than the server setting the pace.
 * ------------------------------------------------------------------------ */

typedef struct benchReply {
    char type;
    long long integer;
    char *str;
    size_t len;
    size_t elements;
    struct benchReply **element;
} benchReply;

static void benchReplyFree(benchReply *r) {
    if (r == NULL) return;
    for (size_t i = 0; i < r->elements; i++) benchReplyFree(r->element[i]);
    free(r->element);
    free(r->str);
    free(r);
}

/* The objects of the complete reply at buf[*pos] (respSkip accepted it, so
 * it is well formed); *pos moves past it. */
static benchReply *benchReplyCreate(const char *buf, size_t len, size_t *pos) {
    benchReply *r = calloc(1, sizeof(*r));
    const char *line = buf + *pos + 1;
    const char *cr = memchr(line, '\r', len - (*pos + 1));
    size_t after = (size_t)(cr + 2 - buf);
    long long n = 0;
    r->type = buf[*pos];
    switch (r->type) {
    case '$': case '=': case '!':
        respNumber(line, cr, &n);
        if (n < 0) {
            *pos = after;
            break;
        }
        r->len = (size_t)n;
        r->str = malloc(r->len + 1);
        memcpy(r->str, buf + after, r->len);
        r->str[r->len] = '\0';
        *pos = after + r->len + 2;
        break;
    case '*': case '~': case '>': case '%': case '|':
        respNumber(line, cr, &n);
        *pos = after;
        if (n <= 0) break;
        if (r->type == '%' || r->type == '|') n *= 2;
        r->elements = (size_t)n;
        r->element = malloc(sizeof(benchReply *) * r->elements);
        for (size_t i = 0; i < r->elements; i++) r->element[i] = benchReplyCreate(buf, len, pos);
        if (r->type == '|') { /* the annotated reply follows its attributes */
            benchReplyFree(r);
            return benchReplyCreate(buf, len, pos);
        }
        break;
    case ':':
        respNumber(line, cr, &r->integer);
        *pos = after;
        break;
    default: /* simple strings, errors, doubles, booleans, nulls, big numbers */
        r->len = (size_t)(cr - line);
        r->str = malloc(r->len + 1);
        memcpy(r->str, line, r->len);
        r->str[r->len] = '\0';
        *pos = after;
        break;
    }
    return r;
}

/* ------------------------------------------------------------------------
 * Connecting, and the server's configuration for the report
 * ------------------------------------------------------------------------ */

/* A blocking connection, or -1 with the reason in err (just the reason,
 * as in "Connection refused"). */
static int benchConnect(char *err, size_t errsize) {
    char aerr[256] = "";
    int fd;
    if (config.hostsocket)
        fd = anetUnixConnect(aerr, (char *)config.hostsocket);
    else
        fd = anetTcpConnect(aerr, config.hostip, config.hostport);
    if (fd == -1) {
        const char *why = aerr;
        if (strncmp(why, "connect: ", 9) == 0) why += 9;
        snprintf(err, errsize, "%s", why);
    }
    return fd;
}

static void printConnectError(const char *why) {
    if (config.hostsocket)
        fprintf(stderr, "Could not connect to Redis at %s: %s\n", config.hostsocket, why);
    else
        fprintf(stderr, "Could not connect to Redis at %s:%d: %s\n", config.hostip,
                config.hostport, why);
}

/* Send cmd on a blocking fd and read one reply into *reply (the raw bytes).
 * 0 on success. */
static int syncCommand(int fd, sds cmd, sds *reply) {
    size_t off = 0;
    while (off < sdslen(cmd)) {
        ssize_t n = write(fd, cmd + off, sdslen(cmd) - off);
        if (n <= 0) return -1;
        off += (size_t)n;
    }
    sds buf = sdsempty();
    for (;;) {
        char chunk[4096];
        size_t pos = 0;
        int r = respSkip(buf, sdslen(buf), &pos, 0, NULL, NULL);
        if (r == 1) break;
        if (r < 0) goto fail;
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n <= 0) goto fail;
        buf = sdscatlen(buf, chunk, (size_t)n);
    }
    *reply = buf;
    return 0;
fail:
    sdsfree(buf);
    return -1;
}

/* The value of a two-element CONFIG GET reply (*2 $name $value), or NULL. */
static sds configValue(const char *r) {
    const char *p = strstr(r, "\r\n");
    if (r[0] != '*' || p == NULL || atoi(r + 1) < 2) return NULL;
    for (int i = 0; i < 2; i++) {
        p += 2;
        if (*p != '$') return NULL;
        long long len = atoll(p + 1);
        p = strstr(p, "\r\n");
        if (p == NULL || len < 0) return NULL;
        if (i == 1) return sdsnewlen(p + 2, (size_t)len);
        p += 2 + len;
    }
    return NULL;
}

static void printNodeError(const char *reply) {
    const char *end = strstr(reply, "\r\n");
    int len = end ? (int)(end - reply - 1) : (int)strlen(reply + 1);
    if (config.hostsocket)
        fprintf(stderr, "Node %s replied with error:\n%.*s\n", config.hostsocket, len, reply + 1);
    else
        fprintf(stderr, "Node %s:%d replied with error:\n%.*s\n", config.hostip, config.hostport,
                len, reply + 1);
}

/* Fetch "save" and "appendonly" for the report header.  0 if they could not
 * be read (the report then leaves them out); exits when the server refuses
 * our credentials, since no benchmark could run. */
static int fetchServerConfig(void) {
    char why[256];
    int fd = benchConnect(why, sizeof(why));
    if (fd == -1) {
        printConnectError(why);
        return 0;
    }
    sds reply = NULL;
    if (config.auth) {
        sds cmd = config.user ? formatWords("AUTH", config.user, config.auth, NULL)
                              : formatWords("AUTH", config.auth, NULL);
        int r = syncCommand(fd, cmd, &reply);
        sdsfree(cmd);
        if (r != 0) goto fail;
        if (reply[0] == '-') {
            printNodeError(reply);
            exit(1);
        }
        sdsfree(reply);
    }
    const char *names[2] = {"save", "appendonly"};
    sds *values[2] = {&config.cfg_save, &config.cfg_appendonly};
    for (int i = 0; i < 2; i++) {
        sds cmd = formatWords("CONFIG", "GET", names[i], NULL);
        int r = syncCommand(fd, cmd, &reply);
        sdsfree(cmd);
        if (r != 0) goto fail;
        if (reply[0] == '-') {
            printNodeError(reply);
            if (!strncmp(reply, "-NOAUTH", 7) || !strncmp(reply, "-WRONGPASS", 10) ||
                !strncmp(reply, "-NOPERM", 7))
                exit(1);
            sdsfree(reply);
            goto fail;
        }
        sdsfree(*values[i]);
        *values[i] = configValue(reply);
        sdsfree(reply);
        if (*values[i] == NULL) goto fail;
    }
    close(fd);
    return 1;
fail:
    close(fd);
    return 0;
}

/* ------------------------------------------------------------------------
 * Clients
 * ------------------------------------------------------------------------ */

static void readHandler(aeEventLoop *el, int fd, void *privdata, int mask);
static void writeHandler(aeEventLoop *el, int fd, void *privdata, int mask);

static void stopAllLoops(void) {
    for (int i = 0; i < config.nloops; i++) {
        /* A pipe holds far more than the few bytes ever sent. */
        ssize_t ignored = write(config.threads[i].wake[1], "s", 1);
        (void)ignored;
    }
}

static void wakeHandler(aeEventLoop *el, int fd, void *privdata, int mask) {
    char b[16];
    (void)privdata;
    (void)mask;
    ssize_t ignored = read(fd, b, sizeof(b)); /* any byte means "stop" */
    (void)ignored;
    aeStop(el);
}

/* Append the command `words` (NULL-terminated) to p and count it. */
static sds catPrefix(sds p, int *count, const char **words) {
    int argc = 0;
    while (words[argc]) argc++;
    sds c = formatCommand(argc, (char **)words, NULL);
    p = sdscatlen(p, c, sdslen(c));
    sdsfree(c);
    (*count)++;
    return p;
}

/* The prefix commands every new connection sends before its requests. */
static sds prefixCommands(int *count) {
    sds p = sdsempty();
    char db[32];
    *count = 0;
    snprintf(db, sizeof(db), "%d", config.dbnum);
    if (config.auth && config.user)
        p = catPrefix(p, count, (const char *[]){"AUTH", config.user, config.auth, NULL});
    else if (config.auth)
        p = catPrefix(p, count, (const char *[]){"AUTH", config.auth, NULL});
    if (config.resp3) p = catPrefix(p, count, (const char *[]){"HELLO", "3", NULL});
    if (config.dbnum != 0) p = catPrefix(p, count, (const char *[]){"SELECT", db, NULL});
    if (config.tracking)
        p = catPrefix(p, count, (const char *[]){"CLIENT", "TRACKING", "on", NULL});
    return p;
}

static void linkClient(benchThread *t, benchClient *c) {
    c->prev = NULL;
    c->next = t->clients;
    if (t->clients) t->clients->prev = c;
    t->clients = c;
    t->live++;
    __atomic_fetch_add(&config.liveclients, 1, __ATOMIC_RELAXED);
}

static void freeClient(benchClient *c) {
    benchThread *t = c->thread;
    aeDeleteFileEvent(t->el, c->fd, AE_READABLE | AE_WRITABLE);
    close(c->fd);
    if (c->prev) c->prev->next = c->next;
    else t->clients = c->next;
    if (c->next) c->next->prev = c->prev;
    t->live--;
    /* No client left anywhere (the budget is spent): the run is over. */
    if (__atomic_sub_fetch(&config.liveclients, 1, __ATOMIC_RELAXED) == 0) {
        aeStop(t->el);
        stopAllLoops();
    }
    sdsfree(c->obuf);
    free(c->randpos);
    free(c->rbuf);
    free(c);
}

/* A connected client on loop t, ready to send its first round (idle mode:
 * connected only). */
static benchClient *createClient(benchThread *t) {
    char why[256];
    int fd = benchConnect(why, sizeof(why));
    if (fd == -1) {
        printConnectError(why);
        exit(1);
    }
    anetNonBlock(NULL, fd);
    if (!config.hostsocket) anetEnableTcpNoDelay(NULL, fd);

    benchClient *c = calloc(1, sizeof(*c));
    c->fd = fd;
    c->thread = t;
    c->latency = -1;
    linkClient(t, c);
    if (config.idlemode) {
        c->obuf = sdsempty();
        return c;
    }

    c->obuf = prefixCommands(&c->prefix_pending);
    c->prefixlen = sdslen(c->obuf);
    for (int i = 0; i < config.pipeline; i++) c->obuf = sdscatlen(c->obuf, config.cmd, config.cmdlen);
    /* Where the placeholders are, so that each round rewrites them in place. */
    if (config.randomkeys) {
        size_t cap = 0;
        const char *p = c->obuf + c->prefixlen;
        const char *end = c->obuf + sdslen(c->obuf);
        while ((p = memmem(p, (size_t)(end - p), "__rand_int__", RAND_DIGITS)) != NULL) {
            if (c->randlen == cap) {
                cap = cap ? cap * 2 : 8;
                c->randpos = realloc(c->randpos, cap * sizeof(size_t));
            }
            c->randpos[c->randlen++] = (size_t)(p - c->obuf);
            p += RAND_DIGITS;
        }
    }
    c->pending = config.pipeline + c->prefix_pending;
    aeCreateFileEvent(t->el, fd, AE_WRITABLE, writeHandler, c);
    return c;
}

/* Each placeholder becomes a 12-digit zero-padded number in [0, -r). */
static void randomizeClient(benchClient *c) {
    for (size_t i = 0; i < c->randlen; i++) {
        unsigned long long r =
            config.keyspacelen > 0 ? benchRandom(c->thread) % (unsigned long long)config.keyspacelen : 0;
        char *p = c->obuf + c->randpos[i];
        for (int j = RAND_DIGITS - 1; j >= 0; j--) {
            p[j] = (char)('0' + r % 10);
            r /= 10;
        }
    }
}

/* Write what is left of this round; starts a round when nothing is written
 * yet (or frees the client when the request budget is spent). */
static void writeHandler(aeEventLoop *el, int fd, void *privdata, int mask) {
    benchClient *c = privdata;
    (void)mask;
    if (c->written == 0) {
        long long issued =
            __atomic_fetch_add(&config.requests_issued, config.pipeline, __ATOMIC_RELAXED);
        if (issued >= config.requests) {
            freeClient(c);
            return;
        }
        if (config.randomkeys) randomizeClient(c);
        c->start = ustime();
        c->latency = -1;
    }
    size_t len = sdslen(c->obuf);
    while (c->written < len) {
        ssize_t n = write(fd, c->obuf + c->written, len - c->written);
        if (n == -1) {
            if (errno == EAGAIN || errno == EINTR) break;
            if (errno != EPIPE) fprintf(stderr, "Writing to socket: %s\n", strerror(errno));
            freeClient(c);
            if (__atomic_load_n(&config.liveclients, __ATOMIC_RELAXED) == 0) {
                fprintf(stderr, "All clients disconnected... aborting.\n");
                exit(1);
            }
            return;
        }
        c->written += (size_t)n;
    }
    if (c->written == len) { /* all sent: now wait for the replies */
        aeDeleteFileEvent(el, fd, AE_WRITABLE);
        aeCreateFileEvent(el, fd, AE_READABLE, readHandler, c);
    }
}

/* A round is complete: stop everything when the budget is met, else start
 * the next round (on a new connection with -k 0). */
static void clientDone(benchClient *c) {
    if (__atomic_load_n(&config.requests_finished, __ATOMIC_RELAXED) >= config.requests) {
        aeStop(c->thread->el); /* this loop at once, the others through their pipe */
        stopAllLoops();
        return;
    }
    if (!config.keepalive) {
        /* The new connection first, so that the count of clients never
         * drops to zero in between. */
        createClient(c->thread);
        freeClient(c);
        return;
    }
    /* The next round starts when the loop finds the socket writable, as in
     * Redis 7.0: that loop iteration is part of what it measures, so the
     * figures of the two tools stay comparable. */
    aeDeleteFileEvent(c->thread->el, c->fd, AE_READABLE | AE_WRITABLE);
    aeCreateFileEvent(c->thread->el, c->fd, AE_WRITABLE, writeHandler, c);
    c->written = 0;
    c->pending = config.pipeline;
}

static void recordLatency(long long latency) {
    if (latency > HIST_HIGHEST_US) latency = HIST_HIGHEST_US;
    if (config.num_threads) {
        histRecordAtomic(config.latency, latency);
        histRecordAtomic(config.current_sec, latency);
    } else {
        histRecord(config.latency, latency);
        histRecord(config.current_sec, latency);
    }
}

/* The prefix replies are in: later rounds send the requests only. */
static void dropPrefix(benchClient *c) {
    sdsrange(c->obuf, (ssize_t)c->prefixlen, -1);
    for (size_t i = 0; i < c->randlen; i++) c->randpos[i] -= c->prefixlen;
    c->prefixlen = 0;
}

static void readHandler(aeEventLoop *el, int fd, void *privdata, int mask) {
    benchClient *c = privdata;
    (void)el;
    (void)mask;
    /* The latency ends when the reply starts to arrive. */
    if (c->latency < 0) c->latency = ustime() - c->start;

    if (c->rcap - c->rlen < READ_CHUNK) {
        if (c->rpos > 0) { /* make room by moving the unparsed tail first */
            memmove(c->rbuf, c->rbuf + c->rpos, c->rlen - c->rpos);
            c->rlen -= c->rpos;
            c->spos -= c->spos >= c->rpos ? c->rpos : c->spos;
            c->rpos = 0;
        }
        if (c->rcap - c->rlen < READ_CHUNK) {
            c->rcap = c->rcap ? c->rcap * 2 : READ_CHUNK * 2;
            c->rbuf = realloc(c->rbuf, c->rcap);
        }
    }
    ssize_t n = read(fd, c->rbuf + c->rlen, c->rcap - c->rlen);
    if (n == 0) {
        fprintf(stderr, "Error: Server closed the connection\n");
        exit(1);
    }
    if (n == -1) {
        if (errno == EAGAIN || errno == EINTR) return;
        fprintf(stderr, "Error: %s\n", strerror(errno));
        exit(1);
    }
    c->rlen += (size_t)n;

    while (c->pending > 0) {
        int r = respScan(c);
        if (r == 0) break;
        if (r < 0) {
            fprintf(stderr, "Error: Protocol error\n");
            exit(1);
        }
        size_t pos = c->spos;
        const char *err = NULL;
        size_t errlen = 0;
        if (c->rbuf[c->rpos] == '-' || c->rbuf[c->rpos] == '!') {
            /* An error reply: its text, for the message below. */
            size_t epos = c->rpos;
            respSkip(c->rbuf, c->rlen, &epos, 0, &err, &errlen);
        }
        int push = c->rbuf[c->rpos] == '>';
        /* respSkip checked the reply is complete and well formed; now read
         * it as a client would (see benchReplyCreate). */
        size_t objpos = c->rpos;
        benchReplyFree(benchReplyCreate(c->rbuf, c->rlen, &objpos));
        c->rpos = pos;
        if (push) continue; /* out-of-band (tracking invalidations): not a reply */
        if (err) {
            /* Results with failed requests would be meaningless. */
            fprintf(stderr, "Error from server: %.*s\n", (int)errlen, err);
            exit(1);
        }
        if (c->prefix_pending > 0) {
            c->prefix_pending--;
            c->pending--;
            if (c->prefixlen > 0) dropPrefix(c);
            continue;
        }
        long long finished = __atomic_fetch_add(&config.requests_finished, 1, __ATOMIC_RELAXED);
        if (finished < config.requests) recordLatency(c->latency);
        if (--c->pending == 0) {
            if (c->rpos == c->rlen) c->rpos = c->rlen = c->spos = 0;
            clientDone(c);
            return;
        }
    }
    if (c->rpos == c->rlen) c->rpos = c->rlen = c->spos = 0;
}

/* ------------------------------------------------------------------------
 * Progress line and report
 * ------------------------------------------------------------------------ */

static int progressTick(aeEventLoop *el, long long id, void *privdata) {
    (void)el;
    (void)id;
    (void)privdata;
    if (config.idlemode) {
        printf("clients: %d\r", __atomic_load_n(&config.liveclients, __ATOMIC_RELAXED));
        fflush(stdout);
        return PROGRESS_INTERVAL_MS;
    }
    if (config.csv) return PROGRESS_INTERVAL_MS;
    long long now = mstime();
    long long finished = __atomic_load_n(&config.requests_finished, __ATOMIC_RELAXED);
    float dt = (float)(now - config.start) / 1000.0f;
    float rps = (float)finished / dt;
    float instant_dt = (float)(now - config.previous_tick) / 1000.0f;
    float instant_rps = (float)(finished - config.previous_finished) / instant_dt;
    config.previous_tick = now;
    config.previous_finished = finished;
    printf("%*s\r", config.last_printed_bytes, " ");
    config.last_printed_bytes =
        printf("%s: rps=%.1f (overall: %.1f) avg_msec=%.3f (overall: %.3f)\r", config.title,
               instant_rps, rps, histMean(config.current_sec) / 1000.0, histMean(config.latency) / 1000.0);
    histReset(config.current_sec);
    fflush(stdout);
    return PROGRESS_INTERVAL_MS;
}

static void printLatencyLadders(void) {
    const hist *h = config.latency;
    histIter it;
    long long previous = -1;

    printf("Latency by percentile distribution:\n");
    histIterPercentileInit(&it, h, 1);
    while (histIterNext(&it)) {
        if (it.cumulative != previous || it.cumulative == h->total)
            printf("%3.3f%% <= %.3f milliseconds (cumulative count %lld)\n", it.percentile,
                   usToMs(it.highest_equivalent), (long long)it.cumulative);
        previous = it.cumulative;
    }
    printf("\n");

    printf("Cumulative distribution of latencies:\n");
    histIterLinearInit(&it, h, 100);
    while (histIterNext(&it)) {
        double pct = ((double)it.cumulative / (double)h->total) * 100.0;
        if (it.cumulative != previous || it.cumulative == h->total)
            printf("%3.3f%% <= %.3f milliseconds (cumulative count %lld)\n", pct,
                   usToMs(it.highest_equivalent), (long long)it.cumulative);
        /* Past 2 ms, steps of 0.1 ms would only add noise. */
        if (it.highest_equivalent > 2000) histIterLinearSetUnits(&it, 1000);
        previous = it.cumulative;
    }
    printf("\n");
}

static void showLatencyReport(void) {
    const hist *h = config.latency;
    long long finished = config.requests_finished;
    float rps = (float)finished / ((float)config.totlatency / 1000.0f);
    double avg = histMean(h) / 1000.0;
    double min = usToMs(histMin(h));
    double p50 = usToMs(histValueAtPercentile(h, 50.0));
    double p95 = usToMs(histValueAtPercentile(h, 95.0));
    double p99 = usToMs(histValueAtPercentile(h, 99.0));
    double max = usToMs(histMax(h));

    if (config.csv) {
        printf("\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"\n", config.title,
               rps, avg, min, p50, p95, p99, max);
        return;
    }
    printf("%*s\r", config.last_printed_bytes, " ");
    if (config.quiet) {
        printf("%s: %.2f requests per second, p50=%.3f msec\n", config.title, rps, p50);
        return;
    }
    printf("====== %s ======\n", config.title);
    printf("  %lld requests completed in %.2f seconds\n", finished, (float)config.totlatency / 1000);
    printf("  %d parallel clients\n", config.numclients);
    printf("  %d bytes payload\n", config.datasize);
    printf("  keep alive: %d\n", config.keepalive);
    if (config.have_server_config) {
        printf("  host configuration \"save\": %s\n", config.cfg_save);
        printf("  host configuration \"appendonly\": %s\n", config.cfg_appendonly);
    }
    printf("  multi-thread: %s\n", config.num_threads ? "yes" : "no");
    if (config.num_threads) printf("  threads: %d\n", config.num_threads);
    printf("\n");
    printLatencyLadders();
    printf("Summary:\n");
    printf("  throughput summary: %.2f requests per second\n", rps);
    printf("  latency summary (msec):\n");
    printf("    %9s %9s %9s %9s %9s %9s\n", "avg", "min", "p50", "p95", "p99", "max");
    printf("    %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f\n", avg, min, p50, p95, p99, max);
}

/* ------------------------------------------------------------------------
 * Running one test
 * ------------------------------------------------------------------------ */

static void initLoops(void) {
    config.nloops = config.num_threads > 0 ? config.num_threads : 1;
    config.threads = calloc((size_t)config.nloops, sizeof(benchThread));
    for (int i = 0; i < config.nloops; i++) {
        benchThread *t = &config.threads[i];
        t->id = i;
        t->el = aeCreateEventLoop(config.numclients + 1024);
        if (t->el == NULL || anetPipe(t->wake, O_NONBLOCK, O_NONBLOCK) == -1) {
            fprintf(stderr, "Can't create the event loop: %s\n", strerror(errno));
            exit(1);
        }
        aeCreateFileEvent(t->el, t->wake[0], AE_READABLE, wakeHandler, NULL);
        uint64_t s = config.seed + 0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1);
        t->rng = s ? s : 1;
        /* The progress line is printed by the first loop only. */
        if (i == 0) aeCreateTimeEvent(t->el, 1, progressTick, NULL, NULL);
    }
}

static void freeLoops(void) {
    /* All clients first: freeing the last one writes to every wake pipe. */
    for (int i = 0; i < config.nloops; i++)
        while (config.threads[i].clients) freeClient(config.threads[i].clients);
    for (int i = 0; i < config.nloops; i++) {
        benchThread *t = &config.threads[i];
        aeDeleteEventLoop(t->el);
        close(t->wake[0]);
        close(t->wake[1]);
    }
    /* The seeds go on from where this run left them. */
    config.seed = config.threads[0].rng;
    free(config.threads);
    config.threads = NULL;
}

static void *loopThreadMain(void *arg) {
    benchThread *t = arg;
    aeMain(t->el);
    return NULL;
}

static void benchmark(const char *title, const char *cmd, size_t cmdlen) {
    config.title = title;
    config.cmd = cmd;
    config.cmdlen = cmdlen;
    config.requests_issued = 0;
    config.requests_finished = 0;
    config.liveclients = 0;
    config.previous_finished = 0;
    config.last_printed_bytes = 0;
    histReset(config.latency);
    histReset(config.current_sec);

    /* The first progress interval also covers connecting. */
    config.previous_tick = mstime();
    initLoops();
    for (int i = 0; i < config.numclients; i++) createClient(&config.threads[i % config.nloops]);

    config.start = mstime();
    if (config.num_threads == 0) {
        aeMain(config.threads[0].el);
    } else {
        for (int i = 0; i < config.nloops; i++)
            pthread_create(&config.threads[i].tid, NULL, loopThreadMain, &config.threads[i]);
        for (int i = 0; i < config.nloops; i++) pthread_join(config.threads[i].tid, NULL);
    }
    config.totlatency = mstime() - config.start;

    showLatencyReport();
    freeLoops();
}

/* Idle mode: open the connections and keep them open until killed. */
static void idleMode(void) {
    printf("Creating %d idle connections and waiting forever (Ctrl+C when done)\n", config.numclients);
    config.title = "idle";
    initLoops();
    for (int i = 0; i < config.numclients; i++) createClient(&config.threads[0]);
    aeMain(config.threads[0].el);
}

/* ------------------------------------------------------------------------
 * The default tests
 * ------------------------------------------------------------------------ */

static int testSelected(const char *name) {
    if (config.tests == NULL) return 1;
    char buf[64];
    snprintf(buf, sizeof(buf), ",%s,", name);
    return strstr(config.tests, buf) != NULL;
}

static void runOne(const char *title, sds cmd) {
    benchmark(title, cmd, sdslen(cmd));
    sdsfree(cmd);
}

/* The value of SET, LPUSH, HSET...: the same bytes as Redis 7.0's tool, a
 * fixed pseudo-random sequence of the 64 characters from '0' to 'o' (a
 * linear congruential generator seeded with 1234, bits 16-21 of each
 * state). */
static char *payloadData(int size) {
    char *data = malloc((size_t)size + 1);
    uint32_t state = 1234;
    for (int i = 0; i < size; i++) {
        state = state * 1103515245u + 12345u;
        data[i] = (char)('0' + ((state >> 16) & 63));
    }
    data[size] = '\0';
    return data;
}

static void runDefaultTests(void) {
    char *data = payloadData(config.datasize);
    /* Scores are random too with -r. */
    const char *score = config.randomkeys ? "__rand_int__" : "0";

    if (testSelected("ping_inline") || testSelected("ping")) runOne("PING_INLINE", sdsnew("PING\r\n"));
    if (testSelected("ping_mbulk") || testSelected("ping")) runOne("PING_MBULK", formatWords("PING", NULL));
    if (testSelected("set")) runOne("SET", formatWords("SET", "key:__rand_int__", data, NULL));
    if (testSelected("get")) runOne("GET", formatWords("GET", "key:__rand_int__", NULL));
    if (testSelected("incr")) runOne("INCR", formatWords("INCR", "counter:__rand_int__", NULL));
    if (testSelected("lpush")) runOne("LPUSH", formatWords("LPUSH", "mylist", data, NULL));
    if (testSelected("rpush")) runOne("RPUSH", formatWords("RPUSH", "mylist", data, NULL));
    if (testSelected("lpop")) runOne("LPOP", formatWords("LPOP", "mylist", NULL));
    if (testSelected("rpop")) runOne("RPOP", formatWords("RPOP", "mylist", NULL));
    if (testSelected("sadd")) runOne("SADD", formatWords("SADD", "myset", "element:__rand_int__", NULL));
    if (testSelected("hset"))
        runOne("HSET", formatWords("HSET", "myhash", "element:__rand_int__", data, NULL));
    if (testSelected("spop")) runOne("SPOP", formatWords("SPOP", "myset", NULL));
    if (testSelected("zadd"))
        runOne("ZADD", formatWords("ZADD", "myzset", score, "element:__rand_int__", NULL));
    if (testSelected("zpopmin")) runOne("ZPOPMIN", formatWords("ZPOPMIN", "myzset", NULL));

    int lrange100 = testSelected("lrange") || testSelected("lrange_100");
    int lrange300 = testSelected("lrange") || testSelected("lrange_300");
    int lrange500 = testSelected("lrange") || testSelected("lrange_500");
    int lrange600 = testSelected("lrange") || testSelected("lrange_600");
    if (lrange100 || lrange300 || lrange500 || lrange600)
        runOne("LPUSH (needed to benchmark LRANGE)", formatWords("LPUSH", "mylist", data, NULL));
    if (lrange100) runOne("LRANGE_100 (first 100 elements)", formatWords("LRANGE", "mylist", "0", "99", NULL));
    if (lrange300) runOne("LRANGE_300 (first 300 elements)", formatWords("LRANGE", "mylist", "0", "299", NULL));
    if (lrange500) runOne("LRANGE_500 (first 500 elements)", formatWords("LRANGE", "mylist", "0", "499", NULL));
    if (lrange600) runOne("LRANGE_600 (first 600 elements)", formatWords("LRANGE", "mylist", "0", "599", NULL));

    if (testSelected("mset")) {
        char *argv[21];
        argv[0] = "MSET";
        for (int i = 1; i < 21; i += 2) {
            argv[i] = "key:__rand_int__";
            argv[i + 1] = data;
        }
        runOne("MSET (10 keys)", formatCommand(21, argv, NULL));
    }
    free(data);
}

/* ------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------ */

static void usage(int status) {
    FILE *fp = stdout;
    fprintf(fp,
"Usage: redis-benchmark [OPTIONS] [COMMAND ARGS...]\n"
"\n"
"Options:\n"
" -h <hostname>      Host to connect to (default 127.0.0.1)\n"
" -p <port>          Port to connect to (default 6379)\n"
" -s <socket>        Unix socket to connect to (takes precedence over -h/-p)\n"
" -a <password>      Authenticate every connection with this password\n"
" --user <username>  Authenticate as this user (AUTH username password); needs -a\n"
" -u <uri>           redis://[[user][:password]@][host][:port][/db]\n"
" -c <clients>       Connections opened in parallel (default 50)\n"
" -n <requests>      Requests sent in each test (default 100000)\n"
" -d <size>          Size in bytes of the value of SET, GET and the like (default 3)\n"
" --dbnum <db>       Database each connection selects (default 0)\n"
" -3                 Switch every connection to RESP3 (HELLO 3)\n"
" --threads <num>    Drive the connections from this many threads\n"
" --enable-tracking  Turn on CLIENT TRACKING on every connection\n"
" -k <boolean>       1: keep connections open, 0: reconnect for each request (default 1)\n"
" -r <keyspacelen>   Replace each __rand_int__ in the commands by a random number\n"
"                    between 0 and keyspacelen-1, written with 12 digits and\n"
"                    drawn again for every request.  The default tests put it\n"
"                    in key names (SET/GET/INCR/MSET), set members (SADD),\n"
"                    hash fields (HSET) and zset members and scores (ZADD).\n"
"                    Without -r every request uses the same key.\n"
" -P <numreq>        Send <numreq> requests at once and wait for their replies\n"
"                    (pipelining; default 1)\n"
" -q                 Quiet: one line per test, requests per second and p50\n"
" --precision <n>    Significant digits of the latency histogram, 1-4 (default 3)\n"
" --csv              Print the results as CSV\n"
" -l                 Loop: run the tests again and again\n"
" -t <tests>         Run only these tests (comma separated names as printed in\n"
"                    the output, e.g. set,get,lrange); ignored when a command\n"
"                    is given on the command line\n"
" -I                 Idle mode: open the connections and wait forever\n"
" -x                 Use standard input as the command's last argument\n"
" -e                 Kept for compatibility: an error reply always stops the\n"
"                    benchmark and is printed\n"
" --seed <num>       Seed of the random numbers (default: time and pid)\n"
" --help             Print this help and exit\n"
" --version          Print the version and exit\n"
"\n"
"Examples:\n"
"\n"
" All default tests against 127.0.0.1:6379:\n"
"   $ redis-benchmark\n"
"\n"
" 20 connections, 100000 requests, another host:\n"
"   $ redis-benchmark -h 192.168.1.1 -p 6379 -n 100000 -c 20\n"
"\n"
" Only SET, over about a million random keys:\n"
"   $ redis-benchmark -t set -n 1000000 -r 100000000\n"
"\n"
" A few tests with CSV output:\n"
"   $ redis-benchmark -t ping,set,get -n 100000 --csv\n"
"\n"
" Any command, here pushing random numbers onto a list:\n"
"   $ redis-benchmark -r 10000 -n 10000 lpush mylist __rand_int__\n"
"\n");
    exit(status);
}

static void invalidOption(const char *opt) {
    printf("Invalid option \"%s\" or option argument missing\n\n", opt);
    usage(1);
}

static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* %XX escapes of a URI component. */
static sds uriDecode(const char *s, size_t len) {
    sds out = sdsempty();
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 2 < len && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            char c = (char)(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            out = sdscatlen(out, &c, 1);
            i += 2;
        } else {
            out = sdscatlen(out, s + i, 1);
        }
    }
    return out;
}

/* redis://[[user][:password]@][host][:port][/db] */
static void parseUri(const char *uri) {
    const char *scheme = "redis://";
    if (strncasecmp(uri, scheme, strlen(scheme)) != 0) {
        fprintf(stderr, "Invalid URI scheme\n");
        exit(1);
    }
    const char *p = uri + strlen(scheme);
    const char *end = p + strlen(p);
    const char *at = memchr(p, '@', (size_t)(end - p));
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        if (colon) {
            if (colon > p) config.user = uriDecode(p, (size_t)(colon - p));
            config.auth = uriDecode(colon + 1, (size_t)(at - colon - 1));
        } else {
            config.auth = uriDecode(p, (size_t)(at - p));
        }
        p = at + 1;
    }
    const char *slash = memchr(p, '/', (size_t)(end - p));
    const char *hostend = slash ? slash : end;
    const char *colon = memchr(p, ':', (size_t)(hostend - p));
    if (colon) {
        config.hostport = atoi(colon + 1);
        hostend = colon;
    }
    if (hostend > p) config.hostip = uriDecode(p, (size_t)(hostend - p));
    if (slash && slash[1] != '\0') config.dbnum = atoi(slash + 1);
}

/* Parse the options; returns the index of the first word of the command
 * (argc when there is none). */
static int parseOptions(int argc, char **argv) {
    int i;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];
        int lastarg = (i == argc - 1);
        const char *val = lastarg ? NULL : argv[i + 1];
#define NEED_ARG() do { if (lastarg) invalidOption(opt); i++; } while (0)
        if (!strcmp(opt, "-c")) {
            NEED_ARG();
            config.numclients = atoi(val);
            if (config.numclients < 1) config.numclients = 1;
        } else if (!strcmp(opt, "-n")) {
            NEED_ARG();
            config.requests = atoll(val);
        } else if (!strcmp(opt, "-k")) {
            NEED_ARG();
            config.keepalive = atoi(val);
        } else if (!strcmp(opt, "-h")) {
            NEED_ARG();
            config.hostip = val;
        } else if (!strcmp(opt, "-p")) {
            NEED_ARG();
            config.hostport = atoi(val);
        } else if (!strcmp(opt, "-s")) {
            NEED_ARG();
            config.hostsocket = val;
        } else if (!strcmp(opt, "-x")) {
            config.stdinarg = 1;
        } else if (!strcmp(opt, "-a")) {
            NEED_ARG();
            config.auth = val;
        } else if (!strcmp(opt, "--user")) {
            NEED_ARG();
            config.user = val;
        } else if (!strcmp(opt, "-u")) {
            NEED_ARG();
            parseUri(val);
        } else if (!strcmp(opt, "-3")) {
            config.resp3 = 1;
        } else if (!strcmp(opt, "-d")) {
            NEED_ARG();
            config.datasize = atoi(val);
            if (config.datasize < 1) config.datasize = 1;
            if (config.datasize > 1024 * 1024 * 1024) config.datasize = 1024 * 1024 * 1024;
        } else if (!strcmp(opt, "-P")) {
            NEED_ARG();
            config.pipeline = atoi(val);
            if (config.pipeline <= 0) config.pipeline = 1;
        } else if (!strcmp(opt, "-r")) {
            NEED_ARG();
            config.randomkeys = 1;
            config.keyspacelen = atoll(val);
            if (config.keyspacelen < 0) config.keyspacelen = 0;
        } else if (!strcmp(opt, "-q")) {
            config.quiet = 1;
        } else if (!strcmp(opt, "--csv")) {
            config.csv = 1;
        } else if (!strcmp(opt, "-l")) {
            config.loop = 1;
        } else if (!strcmp(opt, "-I")) {
            config.idlemode = 1;
        } else if (!strcmp(opt, "-e")) {
            config.showerrors = 1;
        } else if (!strcmp(opt, "-t")) {
            NEED_ARG();
            config.tests = sdscatprintf(sdsempty(), ",%s,", val);
            sdstolower(config.tests);
        } else if (!strcmp(opt, "--dbnum")) {
            NEED_ARG();
            config.dbnum = atoi(val);
        } else if (!strcmp(opt, "--precision")) {
            NEED_ARG();
            config.precision = atoi(val);
            if (config.precision < 0) config.precision = DEFAULT_PRECISION;
            if (config.precision < 1) config.precision = 1;
            if (config.precision > MAX_PRECISION) config.precision = MAX_PRECISION;
        } else if (!strcmp(opt, "--threads")) {
            NEED_ARG();
            config.num_threads = atoi(val);
            if (config.num_threads > MAX_THREADS) config.num_threads = MAX_THREADS;
            if (config.num_threads < 0) config.num_threads = 0;
        } else if (!strcmp(opt, "--seed")) {
            NEED_ARG();
            config.has_seed = 1;
            config.seed = strtoull(val, NULL, 10);
        } else if (!strcmp(opt, "--enable-tracking")) {
            config.tracking = 1;
        } else if (!strcmp(opt, "--cluster")) {
            fprintf(stderr, "Cluster mode is not supported by this redis-benchmark\n");
            exit(1);
        } else if (!strcmp(opt, "--help")) {
            usage(0);
        } else if (!strcmp(opt, "--version")) {
            printf("redis-benchmark %s\n", BENCH_VERSION);
            exit(0);
        } else if (opt[0] == '-') {
            invalidOption(opt);
        } else {
            break; /* the command starts here */
        }
#undef NEED_ARG
    }
    return i;
}

/* -x: the whole of standard input. */
static sds readStdin(void) {
    sds s = sdsempty();
    char buf[4096];
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0) s = sdscatlen(s, buf, (size_t)n);
    return s;
}

static void printCsvHeader(void) {
    printf("\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
           "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n");
}

/* A command given on the command line (plus standard input with -x): its
 * words, without the input, are the test's title. */
static void runCommandLine(int argc, char **argv) {
    sds title = sdsempty();
    for (int i = 0; i < argc; i++) {
        if (i) title = sdscatlen(title, " ", 1);
        title = sdscat(title, argv[i]);
    }
    char **args = malloc(sizeof(char *) * (size_t)(argc + 1));
    size_t *lens = malloc(sizeof(size_t) * (size_t)(argc + 1));
    for (int i = 0; i < argc; i++) {
        args[i] = argv[i];
        lens[i] = strlen(argv[i]);
    }
    int nargs = argc;
    sds input = NULL;
    if (config.stdinarg) {
        input = readStdin();
        args[nargs] = input;
        lens[nargs] = sdslen(input);
        nargs++;
    }
    sds cmd = formatCommand(nargs, args, lens);
    if (config.csv) printCsvHeader();
    do {
        benchmark(title, cmd, sdslen(cmd));
    } while (config.loop);
    sdsfree(cmd);
    sdsfree(input);
    sdsfree(title);
    free(args);
    free(lens);
}

int main(int argc, char **argv) {
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);

    config.hostip = "127.0.0.1";
    config.hostport = 6379;
    config.numclients = 50;
    config.requests = 100000;
    config.datasize = 3;
    config.keepalive = 1;
    config.pipeline = 1;
    config.precision = DEFAULT_PRECISION;

    int first = parseOptions(argc, argv);
    argc -= first;
    argv += first;

    if (!config.has_seed)
        config.seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 16);
    if (config.keepalive == 0)
        fprintf(stderr,
                "WARNING: Keepalive disabled. You probably need 'echo 1 > "
                "/proc/sys/net/ipv4/tcp_tw_reuse' for Linux and 'sudo sysctl -w "
                "net.inet.tcp.msl=1000' for Mac OS X in order to use a lot of clients/requests\n");
    if (config.showerrors)
        fprintf(stderr, "WARNING: -e option has no effect. We now immediately exit on error to "
                        "avoid false results.\n");

    config.latency = histCreate(HIST_LOWEST_US, HIST_HIGHEST_US, config.precision);
    config.current_sec = histCreate(HIST_LOWEST_US, HIST_HIGHEST_US, config.precision);

    config.have_server_config = fetchServerConfig();
    if (!config.have_server_config) fprintf(stderr, "WARNING: Could not fetch server CONFIG\n");

    if (config.idlemode) {
        idleMode();
    } else if (argc > 0) {
        runCommandLine(argc, argv);
    } else {
        if (config.csv) printCsvHeader();
        do {
            runDefaultTests();
            if (!config.csv) printf("\n");
        } while (config.loop);
    }
    histFree(config.latency);
    histFree(config.current_sec);
    sdsfree(config.tests);
    sdsfree(config.cfg_save);
    sdsfree(config.cfg_appendonly);
    return 0;
}
