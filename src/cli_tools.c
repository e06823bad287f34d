/* cli_tools.c - the special modes of redis-cli.  Each runs on the already
 * open connection (context) and exits the process when it is done:
 *
 *   --latency / --latency-history / --latency-dist   PING round trips
 *   --intrinsic-latency N    how long this machine stalls a busy loop
 *   --pipe                   mass insertion of raw protocol from stdin
 *   --scan                   SCAN the keyspace and list the keys
 *   --stat                   one line of INFO figures per interval
 *   --bigkeys / --memkeys / --hotkeys   sample the keyspace
 *   --replica, --rdb, --functions-rdb   speak the replication protocol
 *   --lru-test N             a cache workload with an 80-20 distribution */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_common.h"
#include "util.h"
#include "zmalloc.h"

/* ------------------------------------------------------------- latency */

#define LATENCY_SAMPLE_RATE 10               /* ms between PINGs */
#define LATENCY_HISTORY_DEFAULT_INTERVAL 15000 /* ms */

static cliReply *pingOrExit(void) {
    cliReply *r = cliConnCommand(context, 1, "PING");
    if (!r) {
        fprintf(stderr, "\nI/O error\n");
        exit(1);
    }
    return r;
}

static void latencyPrint(long long min, long long max, double avg, long long count) {
    switch (config.output) {
    case CLI_OUTPUT_STANDARD:
        printf("min: %lld, max: %lld, avg: %.2f (%lld samples)", min, max, avg, count);
        fflush(stdout);
        break;
    case CLI_OUTPUT_CSV:
        printf("%lld,%lld,%.2f,%lld\n", min, max, avg, count);
        break;
    case CLI_OUTPUT_RAW:
        printf("%lld %lld %.2f %lld\n", min, max, avg, count);
        break;
    default:
        printf("{\"min\": %lld, \"max\": %lld, \"avg\": %.2f, \"count\": %lld}\n",
               min, max, avg, count);
    }
}

void cliLatencyMode(void) {
    long long min = 0, max = 0, tot = 0, count = 0;
    long long history_interval = config.interval ? config.interval / 1000
                                                 : LATENCY_HISTORY_DEFAULT_INTERVAL;
    /* Without a terminal, one figure after the interval (1 s by default). */
    long long once_after = config.interval ? config.interval / 1000 : 1000;
    long long history_start = mstime();
    while (1) {
        long long start = mstime();
        cliReplyFree(pingOrExit());
        long long latency = mstime() - start;
        count++;
        if (count == 1) {
            min = max = tot = latency;
        } else {
            if (latency < min) min = latency;
            if (latency > max) max = latency;
            tot += latency;
        }
        double avg = (double)tot / (double)count;
        if (config.output == CLI_OUTPUT_STANDARD) {
            printf("\x1b[0G\x1b[2K"); /* back to column 0, clear the line */
            latencyPrint(min, max, avg, count);
        } else if (config.latency_history) {
            latencyPrint(min, max, avg, count);
        } else if (mstime() - history_start > once_after) {
            latencyPrint(min, max, avg, count);
            exit(0);
        }
        if (config.latency_history && mstime() - history_start > history_interval) {
            printf(" -- %.2f seconds range\n", (float)(mstime() - history_start) / 1000);
            history_start = mstime();
            min = max = tot = count = 0;
        }
        usleep(LATENCY_SAMPLE_RATE * 1000);
    }
}

/* --latency-dist: every interval, one row of the latency spectrum.  Each
 * character is a latency bucket (legend below); its background color goes
 * from black (no sample) to red (every sample) through the palette. */
static const struct {
    long long max_us;   /* upper bound of the bucket, 0 for the last */
    char sym;
} distBuckets[] = {
    {10, '.'}, {125, '-'}, {250, '*'}, {500, '#'},
    {1000, '1'}, {2000, '2'}, {3000, '3'}, {4000, '4'}, {5000, '5'},
    {6000, '6'}, {7000, '7'}, {8000, '8'}, {9000, '9'},
    {10000, 'A'}, {20000, 'B'}, {30000, 'C'}, {40000, 'D'}, {50000, 'E'},
    {100000, 'F'}, {200000, 'G'}, {300000, 'H'}, {400000, 'I'}, {500000, 'J'},
    {1000000, 'K'}, {2000000, 'L'}, {4000000, 'M'}, {8000000, 'N'},
    {16000000, 'O'}, {30000000, 'P'}, {60000000, 'Q'}, {0, '?'},
};
#define DIST_BUCKETS (sizeof(distBuckets) / sizeof(distBuckets[0]))
static const int distPalette[] = {0, 233, 234, 235, 237, 239, 241, 243, 245, 247,
                                  144, 143, 142, 184, 226, 214, 208, 202, 196};
#define DIST_PALETTE (sizeof(distPalette) / sizeof(distPalette[0]))

void cliLatencyDistMode(void) {
    long long interval = config.interval ? config.interval / 1000 : 1000;
    long long counts[DIST_BUCKETS];
    printf("---------------------------------------------\n");
    printf(". - * #          .01 .125 .25 .5 milliseconds\n");
    printf("1,2,3,...,9      from 1 to 9     milliseconds\n");
    printf("A,B,C,D,E        10,20,30,40,50  milliseconds\n");
    printf("F,G,H,I,J        .1,.2,.3,.4,.5       seconds\n");
    printf("K,L,M,N,O,P,Q,?  1,2,4,8,16,30,60,>60 seconds\n");
    printf("From 0 to 100%%: ");
    for (size_t j = 0; j < DIST_PALETTE; j++) printf("\x1b[48;5;%dm ", distPalette[j]);
    printf("\x1b[0m\n");
    printf("---------------------------------------------\n");
    fflush(stdout);
    while (1) {
        memset(counts, 0, sizeof(counts));
        long long samples = 0, start = mstime();
        while (mstime() - start < interval) {
            long long t = ustime();
            cliReplyFree(pingOrExit());
            long long lat = ustime() - t;
            size_t b = 0;
            while (b < DIST_BUCKETS - 1 && lat > distBuckets[b].max_us) b++;
            counts[b]++;
            samples++;
            usleep(LATENCY_SAMPLE_RATE * 1000);
        }
        printf("\x1b[38;5;0m"); /* black symbols on the colored cells */
        for (size_t b = 0; b < DIST_BUCKETS; b++) {
            int idx = samples ? (int)ceil((double)counts[b] / (double)samples * (DIST_PALETTE - 1)) : 0;
            printf("\x1b[48;5;%dm%c", distPalette[idx], distBuckets[b].sym);
        }
        printf("\x1b[0m\n");
        fflush(stdout);
    }
}

/* Something the CPU cannot skip, so that a stall shows as a slow run. */
static unsigned long busyWork(void) {
    static unsigned long state = 0x12345678;
    for (int i = 0; i < 100; i++) state = state * 1103515245 + 12345;
    return state;
}

void cliIntrinsicLatencyMode(void) {
    long long test_end = ustime() + (long long)config.intrinsic_latency_duration * 1000000;
    long long max_latency = 0, runs = 0, start = ustime();
    volatile unsigned long sink = 0;
    while (1) {
        long long t = ustime();
        sink += busyWork();
        long long end = ustime();
        long long latency = end - t;
        runs++;
        if (latency <= 0) continue;
        if (latency > max_latency) {
            max_latency = latency;
            printf("Max latency so far: %lld microseconds.\n", max_latency);
            fflush(stdout);
        }
        if (end > test_end) {
            double avg_us = (double)(end - start) / (double)runs;
            double avg_ns = avg_us * 1e3;
            printf("\n%lld total runs (avg latency: %.4f microseconds / %.2f nanoseconds per run).\n",
                   runs, avg_us, avg_ns);
            printf("Worst run took %.0fx longer than the average latency.\n",
                   (double)max_latency / avg_us);
            exit(0);
        }
    }
}

/* ------------------------------------------------------------ --pipe */

/* Count one reply without building it when it is a simple line ("+OK",
 * ":1"): the common case of mass insertion.  Returns 1 when one was
 * consumed. */
static int pipeSkipSimple(cliReader *rd) {
    if (rd->depth) return 0;
    size_t avail = sdslen(rd->buf) - rd->pos;
    if (avail < 3) return 0;
    char t = rd->buf[rd->pos];
    if (t != '+' && t != ':') return 0;
    char *nl = memchr(rd->buf + rd->pos, '\n', avail);
    if (!nl) return 0;
    rd->pos = (size_t)(nl - rd->buf) + 1;
    if (rd->pos == sdslen(rd->buf)) {
        sdsclear(rd->buf);
        rd->pos = 0;
    }
    return 1;
}

void cliPipeMode(void) {
    int fd = context->fd;
    long long errors = 0, replies = 0, obuf_len = 0, obuf_pos = 0;
    char obuf[65536];
    char ibuf[65536];
    char magic[20];
    int eof = 0, done = 0, last_sent = 0;
    long long last_read_time = mstime();
    static const char hexchars[] = "0123456789abcdef";

    /* The last command is an ECHO of a random marker: its reply tells that
     * every earlier reply has arrived. */
    unsigned char rnd[20];
    getRandomBytes(rnd, sizeof(rnd));
    for (int i = 0; i < 20; i++) magic[i] = hexchars[rnd[i] & 15];

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    cliReader *rd = &context->rd;
    while (!done) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (!last_sent) pfd.events |= POLLOUT;
        int rv = poll(&pfd, 1, 1000);
        if (rv == -1 && errno != EINTR) {
            fprintf(stderr, "Error: %s\n", strerror(errno));
            exit(1);
        }
        if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
            while (1) {
                ssize_t n = read(fd, ibuf, sizeof(ibuf));
                if (n > 0) {
                    cliReaderFeed(rd, ibuf, (size_t)n);
                    last_read_time = mstime();
                    continue;
                }
                if (n == 0) {
                    fprintf(stderr, "Error reading from the server: Connection reset by peer\n");
                    exit(1);
                }
                if (errno == EAGAIN || errno == EWOULDBLOCK) break;
                if (errno == EINTR) continue;
                fprintf(stderr, "Error reading from the server: %s\n", strerror(errno));
                exit(1);
            }
            while (1) {
                if (pipeSkipSimple(rd)) {
                    replies++;
                    continue;
                }
                cliReply *r;
                int prv = cliReaderParse(rd, &r);
                if (prv == CLI_ERR) {
                    fprintf(stderr, "Error reading replies from server\n");
                    exit(1);
                }
                if (prv == CLI_AGAIN) break;
                if (r->type == CLI_REPLY_ERROR) {
                    fprintf(stderr, "%s\n", r->str);
                    errors++;
                } else if (eof && r->type == CLI_REPLY_STRING && sdslen(r->str) == 20 &&
                           !memcmp(r->str, magic, 20)) {
                    printf("Last reply received from server.\n");
                    done = 1;
                    replies--; /* the marker is not one of the user's */
                }
                replies++;
                cliReplyFree(r);
                if (done) break;
            }
        }
        if ((pfd.revents & POLLOUT) && !last_sent) {
            while (1) {
                if (obuf_len) {
                    ssize_t n = write(fd, obuf + obuf_pos, (size_t)obuf_len);
                    if (n == -1) {
                        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
                        if (errno == EINTR) continue;
                        fprintf(stderr, "Error writing to the server: %s\n", strerror(errno));
                        exit(1);
                    }
                    obuf_len -= n;
                    obuf_pos += n;
                    if (obuf_len) break; /* the socket is full */
                }
                if (eof) {
                    last_sent = 1;
                    break;
                }
                ssize_t n = read(STDIN_FILENO, obuf, sizeof(obuf));
                if (n == -1 && errno == EINTR) continue;
                if (n > 0) {
                    obuf_len = n;
                    obuf_pos = 0;
                    continue;
                }
                /* stdin is done: queue the marker and stop reading it. */
                char echo[] = "*2\r\n$4\r\nECHO\r\n$20\r\n01234567890123456789\r\n";
                memcpy(echo + sizeof(echo) - 1 - 22, magic, 20);
                memcpy(obuf, echo, sizeof(echo) - 1);
                obuf_len = (long long)sizeof(echo) - 1;
                obuf_pos = 0;
                eof = 1;
                printf("All data transferred. Waiting for the last reply...\n");
            }
        }
        if (last_sent && !done && config.pipe_timeout > 0 &&
            mstime() - last_read_time > (long long)config.pipe_timeout * 1000) {
            fprintf(stderr, "No replies for %d seconds: exiting.\n", config.pipe_timeout);
            errors++;
            break;
        }
    }
    printf("errors: %lld, replies: %lld\n", errors, replies);
    exit(errors ? 1 : 0);
}

/* ------------------------------------------------------------ --scan */

/* SCAN one step; *cursor is updated.  Exits on errors. */
static cliReply *scanStep(unsigned long long *cursor, int with_pattern, int count) {
    char cur[32], cnt[32];
    char *argv[6];
    int argc = 0;
    snprintf(cur, sizeof(cur), "%llu", *cursor);
    argv[argc++] = "SCAN";
    argv[argc++] = cur;
    if (with_pattern) {
        argv[argc++] = "MATCH";
        argv[argc++] = config.pattern;
    }
    if (count > 0) {
        snprintf(cnt, sizeof(cnt), "%d", count);
        argv[argc++] = "COUNT";
        argv[argc++] = cnt;
    }
    size_t lens[6];
    for (int i = 0; i < argc; i++) lens[i] = i == 3 && with_pattern ? sdslen(config.pattern) : strlen(argv[i]);
    cliReply *r = cliConnCommandArgv(context, argc, argv, lens);
    if (!r) {
        fprintf(stderr, "\nI/O error\n");
        exit(1);
    }
    if (r->type == CLI_REPLY_ERROR) {
        fprintf(stderr, "SCAN error: %s\n", r->str);
        exit(1);
    }
    if (r->type != CLI_REPLY_ARRAY) {
        fprintf(stderr, "Non ARRAY response from SCAN!\n");
        exit(1);
    }
    if (r->elements != 2 || !r->element[0]->str || !cliReplyIsAggregate(r->element[1])) {
        fprintf(stderr, "Invalid element count from SCAN!\n");
        exit(1);
    }
    *cursor = strtoull(r->element[0]->str, NULL, 10);
    return r;
}

void cliScanMode(void) {
    unsigned long long cursor = 0;
    int with_pattern = config.pattern != NULL && strcmp(config.pattern, "*") != 0;
    do {
        cliReply *r = scanStep(&cursor, with_pattern, config.count);
        cliReply *keys = r->element[1];
        for (size_t j = 0; j < keys->elements; j++) {
            sds k = keys->element[j]->str;
            if (!k) continue;
            if (config.output == CLI_OUTPUT_STANDARD) {
                sds q = sdscatrepr(sdsempty(), k, sdslen(k));
                printf("%s\n", q);
                sdsfree(q);
            } else {
                fwrite(k, 1, sdslen(k), stdout);
                putchar('\n');
            }
        }
        cliReplyFree(r);
        if (config.interval) usleep((useconds_t)config.interval);
    } while (cursor != 0);
    exit(0);
}

/* ------------------------------------------------------------ --stat */

static void bytesToHuman(char *s, size_t len, long long n) {
    const char *units = "KMGTP";
    if (n < 0) {
        *s++ = '-';
        len--;
        n = -n;
    }
    if (n < 1024) {
        snprintf(s, len, "%lldB", n);
        return;
    }
    double d = (double)n;
    int u = -1;
    while (d >= 1024 && u < 4) {
        d /= 1024;
        u++;
    }
    snprintf(s, len, "%.2f%c", d, units[u]);
}

/* A numeric INFO field, LONG_MIN when absent. */
static long infoField(const char *info, const char *field) {
    size_t flen = strlen(field);
    const char *p = info;
    while ((p = strstr(p, field)) != NULL) {
        if ((p == info || p[-1] == '\n') && p[flen] == ':') return strtol(p + flen + 1, NULL, 10);
        p += flen;
    }
    return LONG_MIN;
}

static long keyspaceKeys(const char *info) {
    long total = 0;
    const char *p = info;
    while ((p = strstr(p, "\ndb")) != NULL) {
        p++;
        const char *k = strstr(p, ":keys=");
        const char *eol = strchr(p, '\n');
        if (k && (!eol || k < eol)) total += strtol(k + 6, NULL, 10);
    }
    return total;
}

void cliStatMode(void) {
    long requests = 0;
    for (long i = 0;; i++) {
        cliReply *r = cliCommandFmt(1, "INFO");
        if (r->type == CLI_REPLY_ERROR) {
            printf("ERROR: %s\n", r->str);
            exit(1);
        }
        const char *info = r->str ? r->str : "";
        char buf[64];
        if (i % 20 == 0) {
            printf("------- data ------ --------------------- load -------------------- - child -\n"
                   "keys       mem      clients blocked requests            connections          \n");
        }
        snprintf(buf, sizeof(buf), "%ld", keyspaceKeys(info));
        printf("%-11s", buf);
        bytesToHuman(buf, sizeof(buf), infoField(info, "used_memory"));
        printf("%-8s", buf);
        snprintf(buf, sizeof(buf), "%ld", infoField(info, "connected_clients"));
        printf(" %-8s", buf);
        snprintf(buf, sizeof(buf), "%ld", infoField(info, "blocked_clients"));
        printf("%-8s", buf);
        long req = infoField(info, "total_commands_processed");
        snprintf(buf, sizeof(buf), "%ld (+%ld)", req, i == 0 ? 0 : req - requests);
        requests = req;
        printf("%-19s", buf);
        snprintf(buf, sizeof(buf), "%ld", infoField(info, "total_connections_received"));
        printf(" %-12s", buf);
        if (infoField(info, "rdb_bgsave_in_progress") == 1) printf("SAVE");
        if (infoField(info, "aof_rewrite_in_progress") == 1) printf("AOF");
        if (infoField(info, "loading") == 1) printf("LOAD");
        printf("\n");
        fflush(stdout);
        cliReplyFree(r);
        usleep((useconds_t)config.interval);
    }
}

/* ------------------------------------------------ --bigkeys / --memkeys */

typedef struct keyType {
    const char *name;       /* as TYPE returns it */
    const char *sizecmd;    /* element count command */
    const char *unit;
    unsigned long long biggest, count, totalsize;
    sds biggest_key;
} keyType;

/* The order of the summary lines. */
static keyType keyTypes[] = {
    {"list", "LLEN", "items", 0, 0, 0, NULL},
    {"hash", "HLEN", "fields", 0, 0, 0, NULL},
    {"string", "STRLEN", "bytes", 0, 0, 0, NULL},
    {"stream", "XLEN", "entries", 0, 0, 0, NULL},
    {"set", "SCARD", "members", 0, 0, 0, NULL},
    {"zset", "ZCARD", "members", 0, 0, 0, NULL},
};
#define NUM_KEY_TYPES (sizeof(keyTypes) / sizeof(keyTypes[0]))

static long long dbSize(void) {
    cliReply *r = cliCommandFmt(1, "DBSIZE");
    if (r->type != CLI_REPLY_INTEGER) {
        fprintf(stderr, "Couldn't determine DBSIZE!\n");
        exit(1);
    }
    long long n = r->integer;
    cliReplyFree(r);
    return n;
}

/* Send one command per key, then read all the replies: one round trip per
 * SCAN batch instead of one per key. */
static cliReply **pipelinePerKey(cliReply *keys, const char **cmds, const char *extra1,
                                 const char *extra2) {
    sds out = sdsempty();
    for (size_t i = 0; i < keys->elements; i++) {
        if (!cmds[i]) continue;
        char *argv[5];
        size_t lens[5];
        int argc = 0;
        /* "MEMORY USAGE" and "OBJECT FREQ" are two words. */
        const char *sp = strchr(cmds[i], ' ');
        if (sp) {
            argv[argc] = (char *)cmds[i];
            lens[argc++] = (size_t)(sp - cmds[i]);
            argv[argc] = (char *)sp + 1;
            lens[argc++] = strlen(sp + 1);
        } else {
            argv[argc] = (char *)cmds[i];
            lens[argc++] = strlen(cmds[i]);
        }
        argv[argc] = keys->element[i]->str;
        lens[argc++] = sdslen(keys->element[i]->str);
        if (extra1) {
            argv[argc] = (char *)extra1;
            lens[argc++] = strlen(extra1);
            argv[argc] = (char *)extra2;
            lens[argc++] = strlen(extra2);
        }
        out = cliFormatCommand(out, argc, argv, lens);
    }
    if (cliConnWrite(context, out, sdslen(out)) != CLI_OK) {
        fprintf(stderr, "\nI/O error\n");
        exit(1);
    }
    sdsfree(out);
    cliReply **replies = zcalloc(sizeof(cliReply *) * (keys->elements + 1));
    for (size_t i = 0; i < keys->elements; i++) {
        if (!cmds[i]) continue;
        replies[i] = cliConnReadReply(context);
        if (!replies[i]) {
            fprintf(stderr, "\nI/O error\n");
            exit(1);
        }
    }
    return replies;
}

static void freeReplies(cliReply **r, size_t n) {
    for (size_t i = 0; i < n; i++) cliReplyFree(r[i]);
    zfree(r);
}

static void printScanHeader(const char *what) {
    printf("\n# Scanning the entire keyspace to find %s as well as\n", what);
    printf("# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n");
    printf("# per 100 SCAN commands (not usually needed).\n\n");
}

void cliFindBigKeys(int memkeys, unsigned memkeys_samples) {
    unsigned long long sampled = 0, totlen = 0, cursor = 0;
    long long total_keys = dbSize();
    int with_pattern = strcmp(config.pattern, "*") != 0;
    char samples[32];
    snprintf(samples, sizeof(samples), "%u", memkeys_samples);
    printScanHeader("biggest keys");
    do {
        double pct = total_keys ? 100 * (double)sampled / (double)total_keys : 0;
        cliReply *r = scanStep(&cursor, with_pattern, 0);
        cliReply *keys = r->element[1];
        size_t n = keys->elements;
        const char **cmds = zcalloc(sizeof(char *) * (n + 1));
        for (size_t i = 0; i < n; i++) cmds[i] = "TYPE";
        cliReply **types = pipelinePerKey(keys, cmds, NULL, NULL);
        keyType **kt = zcalloc(sizeof(keyType *) * (n + 1));
        for (size_t i = 0; i < n; i++) {
            cmds[i] = NULL;
            if (types[i]->type == CLI_REPLY_ERROR) {
                fprintf(stderr, "TYPE returned an error: %s\n", types[i]->str);
                exit(1);
            }
            for (size_t t = 0; t < NUM_KEY_TYPES && types[i]->str; t++) {
                if (!strcmp(types[i]->str, keyTypes[t].name)) {
                    kt[i] = &keyTypes[t];
                    cmds[i] = memkeys ? "MEMORY USAGE" : keyTypes[t].sizecmd;
                }
            }
        }
        cliReply **sizes = pipelinePerKey(keys, cmds,
                                          memkeys && memkeys_samples ? "SAMPLES" : NULL, samples);
        for (size_t i = 0; i < n; i++) {
            keyType *t = kt[i];
            /* Keys deleted between SCAN and TYPE are skipped. */
            if (!t || !sizes[i]) continue;
            unsigned long long size = 0;
            if (sizes[i]->type == CLI_REPLY_INTEGER) size = (unsigned long long)sizes[i]->integer;
            else if (sizes[i]->type == CLI_REPLY_ERROR) {
                fprintf(stderr, "Error getting size for key '%s' (%s: %s)\n",
                        keys->element[i]->str, cmds[i], sizes[i]->str);
            }
            totlen += sdslen(keys->element[i]->str);
            sampled++;
            if (t->biggest < size) {
                sdsfree(t->biggest_key);
                t->biggest_key = sdscatrepr(sdsempty(), keys->element[i]->str,
                                            sdslen(keys->element[i]->str));
                printf("[%05.2f%%] Biggest %-6s found so far '%s' with %llu %s\n",
                       pct, t->name, t->biggest_key, size, memkeys ? "bytes" : t->unit);
                t->biggest = size;
            }
            if (sampled % 1000000 == 0)
                printf("[%05.2f%%] Sampled %llu keys so far\n", pct, sampled);
            t->totalsize += size;
            t->count++;
        }
        if (sampled && sampled % 100 == 0 && config.interval) usleep((useconds_t)config.interval);
        freeReplies(types, n);
        freeReplies(sizes, n);
        zfree(kt);
        zfree(cmds);
        cliReplyFree(r);
    } while (cursor != 0);

    printf("\n-------- summary -------\n\n");
    printf("Sampled %llu keys in the keyspace!\n", sampled);
    printf("Total key length in bytes is %llu (avg len %.2f)\n\n",
           totlen, totlen ? (double)totlen / (double)sampled : 0);
    for (size_t t = 0; t < NUM_KEY_TYPES; t++) {
        keyType *k = &keyTypes[t];
        if (k->biggest_key)
            printf("Biggest %6s found '%s' has %llu %s\n", k->name, k->biggest_key,
                   k->biggest, memkeys ? "bytes" : k->unit);
    }
    printf("\n");
    for (size_t t = 0; t < NUM_KEY_TYPES; t++) {
        keyType *k = &keyTypes[t];
        printf("%llu %ss with %llu %s (%05.2f%% of keys, avg size %.2f)\n",
               k->count, k->name, k->totalsize, memkeys ? "bytes" : k->unit,
               sampled ? 100 * (double)k->count / (double)sampled : 0,
               k->count ? (double)k->totalsize / (double)k->count : 0);
    }
    exit(0);
}

#define HOTKEYS_SAMPLE 16

void cliFindHotKeys(void) {
    unsigned long long counters[HOTKEYS_SAMPLE] = {0};
    sds hotkeys[HOTKEYS_SAMPLE] = {NULL};
    unsigned long long sampled = 0, cursor = 0;
    long long total_keys = dbSize();
    int with_pattern = strcmp(config.pattern, "*") != 0;
    printScanHeader("hot keys");
    do {
        double pct = total_keys ? 100 * (double)sampled / (double)total_keys : 0;
        cliReply *r = scanStep(&cursor, with_pattern, 0);
        cliReply *keys = r->element[1];
        size_t n = keys->elements;
        const char **cmds = zcalloc(sizeof(char *) * (n + 1));
        for (size_t i = 0; i < n; i++) cmds[i] = "OBJECT FREQ";
        cliReply **freqs = pipelinePerKey(keys, cmds, NULL, NULL);
        for (size_t i = 0; i < n; i++) {
            if (freqs[i]->type == CLI_REPLY_ERROR) {
                fprintf(stderr, "Error: %s\n", freqs[i]->str);
                exit(1);
            }
            unsigned long long f = freqs[i]->type == CLI_REPLY_INTEGER
                                   ? (unsigned long long)freqs[i]->integer : 0;
            sampled++;
            if (sampled % 1000000 == 0)
                printf("[%05.2f%%] Sampled %llu keys so far\n", pct, sampled);
            /* counters[] is kept ascending: find the slot below which f
             * ranks, dropping the smallest entry to make room. */
            int k = 0;
            while (k < HOTKEYS_SAMPLE && f > counters[k]) k++;
            if (k == 0) continue;
            k--;
            if (k == 0 || counters[k] == 0) {
                sdsfree(hotkeys[k]);
            } else {
                sdsfree(hotkeys[0]);
                memmove(counters, counters + 1, sizeof(counters[0]) * (size_t)k);
                memmove(hotkeys, hotkeys + 1, sizeof(hotkeys[0]) * (size_t)k);
            }
            counters[k] = f;
            hotkeys[k] = sdscatrepr(sdsempty(), keys->element[i]->str,
                                    sdslen(keys->element[i]->str));
            printf("[%05.2f%%] Hot key '%s' found so far with counter %llu\n", pct, hotkeys[k], f);
        }
        if (sampled && sampled % 100 == 0 && config.interval) usleep((useconds_t)config.interval);
        freeReplies(freqs, n);
        zfree(cmds);
        cliReplyFree(r);
    } while (cursor != 0);

    printf("\n-------- summary -------\n\n");
    printf("Sampled %llu keys in the keyspace!\n", sampled);
    for (int i = HOTKEYS_SAMPLE - 1; i >= 0; i--) {
        if (counters[i] > 0)
            printf("hot key found with counter: %llu\tkeyname: %s\n", counters[i], hotkeys[i]);
        sdsfree(hotkeys[i]);
    }
    exit(0);
}

/* ------------------------------------------------------ replication */

static void sendReplconf(const char *a1, const char *a2) {
    fprintf(stderr, "sending REPLCONF %s %s\n", a1, a2);
    cliReply *r = cliConnCommand(context, 3, "REPLCONF", a1, a2);
    if (!r) {
        fprintf(stderr, "\nI/O error\n");
        exit(1);
    }
    if (r->type == CLI_REPLY_ERROR) fprintf(stderr, "REPLCONF %s error: %s\n", a1, r->str);
    cliReplyFree(r);
}

/* Read exactly len bytes, taking first what the reader already buffered. */
static ssize_t readRaw(char *buf, size_t len) {
    cliReader *rd = &context->rd;
    size_t avail = sdslen(rd->buf) - rd->pos;
    if (avail) {
        size_t n = avail < len ? avail : len;
        memcpy(buf, rd->buf + rd->pos, n);
        rd->pos += n;
        if (rd->pos == sdslen(rd->buf)) {
            sdsclear(rd->buf);
            rd->pos = 0;
        }
        return (ssize_t)n;
    }
    while (1) {
        ssize_t n = read(context->fd, buf, len);
        if (n == -1 && errno == EINTR) continue;
        return n;
    }
}

#define RDB_EOF_MARK_SIZE 40

/* Send SYNC (unless the caller already did) and read the bulk header.  Returns the payload size, or 0 with
 * eofmark filled for a diskless transfer ended by a 40 byte marker. */
static unsigned long long sendSync(int send, char *eofmark) {
    if (send && cliConnWrite(context, "SYNC\r\n", 6) != CLI_OK) {
        fprintf(stderr, "Error writing to master\n");
        exit(1);
    }
    char line[256];
    size_t len = 0;
    while (1) {
        char c;
        if (readRaw(&c, 1) <= 0) {
            fprintf(stderr, "Error reading bulk length while SYNCing\n");
            exit(1);
        }
        if (c == '\n') {
            if (len == 0) continue; /* the master's keepalive newlines */
            break;
        }
        if (len < sizeof(line) - 1) line[len++] = c;
    }
    line[len] = '\0';
    if (len && line[len - 1] == '\r') line[--len] = '\0';
    if (line[0] == '-') {
        fprintf(stderr, "SYNC with master failed: %s\n", line);
        exit(1);
    }
    if (!strncmp(line + 1, "EOF:", 4) && strlen(line + 5) >= RDB_EOF_MARK_SIZE) {
        memcpy(eofmark, line + 5, RDB_EOF_MARK_SIZE);
        return 0;
    }
    return strtoull(line + 1, NULL, 10);
}

/* Stream the RDB payload to fd (-1 discards it).  Returns its size. */
static unsigned long long transferRdb(int fd, unsigned long long payload, const char *eofmark) {
    char buf[16384];
    char lastbytes[RDB_EOF_MARK_SIZE];
    int usemark = payload == 0;
    unsigned long long total = 0;
    memset(lastbytes, 0, sizeof(lastbytes));
    while (usemark || payload > 0) {
        size_t want = usemark ? sizeof(buf) : (payload > sizeof(buf) ? sizeof(buf) : (size_t)payload);
        ssize_t n = readRaw(buf, want);
        if (n <= 0) {
            fprintf(stderr, "I/O Error during SYNC\n");
            exit(1);
        }
        size_t nw = (size_t)n;
        if (usemark) {
            /* Keep the last 40 bytes seen to spot the marker. */
            if ((size_t)n >= RDB_EOF_MARK_SIZE) {
                memcpy(lastbytes, buf + n - RDB_EOF_MARK_SIZE, RDB_EOF_MARK_SIZE);
            } else {
                size_t keep = RDB_EOF_MARK_SIZE - (size_t)n;
                memmove(lastbytes, lastbytes + n, keep);
                memcpy(lastbytes + keep, buf, (size_t)n);
            }
        }
        if (fd != -1) {
            size_t off = 0;
            while (off < nw) {
                ssize_t w = write(fd, buf + off, nw - off);
                if (w == -1) {
                    if (errno == EINTR) continue;
                    fprintf(stderr, "Error writing data to file: %s\n", strerror(errno));
                    exit(1);
                }
                off += (size_t)w;
            }
        }
        total += nw;
        if (!usemark) payload -= nw;
        if (usemark && total >= RDB_EOF_MARK_SIZE &&
            !memcmp(lastbytes, eofmark, RDB_EOF_MARK_SIZE))
            break;
    }
    if (usemark) {
        total -= RDB_EOF_MARK_SIZE;
        /* The marker was written too: cut it off a regular file. */
        if (fd != -1 && fd != STDOUT_FILENO && ftruncate(fd, (off_t)total) == -1) {
            fprintf(stderr, "Error truncating the RDB file: %s\n", strerror(errno));
            exit(1);
        }
    }
    return total;
}

void cliGetRDB(void) {
    char eofmark[RDB_EOF_MARK_SIZE];
    const char *filename = config.rdb_filename;
    sendReplconf("capa", "eof");
    sendReplconf("rdb-only", "1");
    if (config.get_functions_rdb_mode) sendReplconf("rdb-filter-only", "functions");
    unsigned long long payload = sendSync(1, eofmark);
    if (payload)
        fprintf(stderr, "SYNC sent to master, writing %llu bytes to '%s'\n", payload, filename);
    else
        fprintf(stderr, "SYNC sent to master, writing bytes of bulk transfer until EOF marker to '%s'\n",
                filename);
    int fd = !strcmp(filename, "-") ? STDOUT_FILENO
                                    : open(filename, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd == -1) {
        fprintf(stderr, "Error opening '%s': %s\n", filename, strerror(errno));
        exit(1);
    }
    unsigned long long total = transferRdb(fd, payload, eofmark);
    if (fd != STDOUT_FILENO && fsync(fd) == -1) {
        fprintf(stderr, "Fail to fsync '%s': %s\n", filename, strerror(errno));
        exit(1);
    }
    if (fd != STDOUT_FILENO) close(fd);
    if (payload) fprintf(stderr, "Transfer finished with success.\n");
    else fprintf(stderr, "Transfer finished with success after %llu bytes\n", total);
    cliConnClose(context);
    context = NULL;
    exit(0);
}

/* --replica and SYNC typed at the prompt: show what the master sends. */
void cliSlaveMode(int send_sync) {
    char eofmark[RDB_EOF_MARK_SIZE];
    if (send_sync) {
        sendReplconf("capa", "eof");
        /* Ask for an empty RDB: only the command stream is of interest. */
        sendReplconf("rdb-filter-only", "");
    }
    unsigned long long payload = sendSync(send_sync, eofmark);
    if (payload) {
        if (send_sync) printf("Entering replica output mode...  (press Ctrl-C to quit)\n");
        fflush(stdout);
        fprintf(stderr, "SYNC with master, discarding %llu bytes of bulk transfer...\n", payload);
        transferRdb(-1, payload, eofmark);
        fprintf(stderr, "SYNC done. Logging commands from master.\n");
    } else {
        fprintf(stderr, "SYNC with master, discarding bytes of bulk transfer until EOF marker...\n");
        unsigned long long total = transferRdb(-1, payload, eofmark);
        fprintf(stderr, "SYNC done after %llu bytes. Logging commands from master.\n",
                total + RDB_EOF_MARK_SIZE);
        /* A diskless transfer: the master streams the commands once the
         * replica acknowledges the payload.  REPLCONF ACK has no reply. */
        fprintf(stderr, "sending REPLCONF ACK 0\n");
        char *argv[3] = {"REPLCONF", "ACK", "0"};
        if (cliConnSendArgv(context, 3, argv, NULL) != CLI_OK) {
            fprintf(stderr, "\nI/O error\n");
            exit(1);
        }
        /* The master ignores an ACK that arrives before it has noticed the
         * end of the transfer: repeat it every second, as a replica does,
         * until the stream starts. */
        while (sdslen(context->rd.buf) == context->rd.pos) {
            struct pollfd pfd = {context->fd, POLLIN, 0};
            if (poll(&pfd, 1, 1000) == 1) break;
            cliConnSendArgv(context, 3, argv, NULL);
        }
        /* 7.0's cli waits for a reply to that ACK, and so takes the first
         * command of the stream (the SELECT) for it: skip it likewise. */
        cliReplyFree(cliConnReadReply(context));
    }
    while (1) {
        cliReply *r = cliConnReadReply(context);
        if (!r) break;
        sds out = cliFormatReply(r, CLI_OUTPUT_CSV, 0, config.mb_delim, config.cmd_delim);
        fwrite(out, 1, sdslen(out), stdout);
        fflush(stdout);
        sdsfree(out);
        cliReplyFree(r);
    }
    if (send_sync) exit(1);
}

/* ------------------------------------------------------------ --lru-test */

#define LRU_CYCLE_PERIOD 1000 /* ms */
#define LRU_CYCLE_PIPELINE_SIZE 250

void cliLRUTestMode(void) {
    long long start = mstime();
    unsigned long long hits = 0, misses = 0;
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    while (1) {
        /* 80% of the accesses go to 20% of the keys. */
        sds out = sdsempty();
        long long keys[LRU_CYCLE_PIPELINE_SIZE];
        for (int j = 0; j < LRU_CYCLE_PIPELINE_SIZE; j++) {
            long long k;
            if (rand() % 1000 < 800)
                k = rand() % (config.lru_test_sample_size / 5 + 1);
            else
                k = rand() % (config.lru_test_sample_size + 1);
            keys[j] = k;
            char kbuf[64];
            snprintf(kbuf, sizeof(kbuf), "lru:%lld", k);
            char *argv[2] = {"GET", kbuf};
            out = cliFormatCommand(out, 2, argv, NULL);
        }
        if (cliConnWrite(context, out, sdslen(out)) != CLI_OK) {
            fprintf(stderr, "\nI/O error\n");
            exit(1);
        }
        sdsfree(out);
        sds sets = sdsempty();
        int nsets = 0;
        for (int j = 0; j < LRU_CYCLE_PIPELINE_SIZE; j++) {
            cliReply *r = cliConnReadReply(context);
            if (!r) {
                fprintf(stderr, "\nI/O error\n");
                exit(1);
            }
            if (r->type == CLI_REPLY_NIL) {
                misses++;
                char kbuf[64];
                snprintf(kbuf, sizeof(kbuf), "lru:%lld", keys[j]);
                char *argv[3] = {"SET", kbuf, "val"};
                sets = cliFormatCommand(sets, 3, argv, NULL);
                nsets++;
            } else if (r->type == CLI_REPLY_ERROR) {
                fprintf(stderr, "Unexpected error reply: %s\n", r->str);
                exit(1);
            } else {
                hits++;
            }
            cliReplyFree(r);
        }
        /* Fill the misses, as a cache would. */
        if (nsets) {
            cliConnWrite(context, sets, sdslen(sets));
            for (int j = 0; j < nsets; j++) {
                cliReply *r = cliConnReadReply(context);
                if (!r) exit(1);
                cliReplyFree(r);
            }
        }
        sdsfree(sets);
        if (mstime() - start > LRU_CYCLE_PERIOD) {
            unsigned long long tot = hits + misses;
            printf("%llu Gets/sec | Hits: %llu (%.2f%%) | Misses: %llu (%.2f%%)\n",
                   tot, hits, tot ? (double)hits * 100 / (double)tot : 0,
                   misses, tot ? (double)misses * 100 / (double)tot : 0);
            fflush(stdout);
            hits = misses = 0;
            start = mstime();
        }
    }
}
