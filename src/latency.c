/* latency.c - the latency monitor and the LATENCY command.
 *
 * The monitor answers "when did the server stall, doing what, for how
 * long?".  Code that may stall (a command, the active expire cycle, later
 * fork, AOF writes, eviction...) measures itself and reports the time in
 * milliseconds under an event name (latency.h).  A report under
 * latency-monitor-threshold, or any report while the threshold is 0, is
 * dropped.
 *
 * Per event the monitor keeps a ring of the last 160 samples, at most one
 * per second: a second spike in the same second only raises that second's
 * sample to the larger of the two.  160 one-second slots are therefore
 * between 160 seconds and forever of history, depending on how often the
 * event fires.  Next to the ring, the event keeps its all-time maximum, which
 * only LATENCY RESET clears.
 *
 *   event "command"
 *   +---------------------------------------------+
 *   | max: 200 (all time)    next: 4              |
 *   | ring: [t1 20][t2 40][t3 60][t4 200][0 0]... |   t = unix seconds,
 *   +---------------------------------------------+   0 = never written
 *
 * LATEST shows each event's newest sample, HISTORY an event's ring oldest
 * first, GRAPH draws the ring as the ASCII chart Redis draws (below), and
 * DOCTOR turns the rings into a report with advice.  HISTOGRAM is a different
 * thing that shares the command's name: the per-command latency
 * distribution that latency-tracking keeps for INFO latencystats (info.c),
 * read at power-of-two thresholds. */
#include "server.h"
#include "latency.h"
#include "slowlog.h"

#include <stdio.h>

#define LATENCY_TS_LEN 160     /* samples kept per event */
#define LATENCY_GRAPH_COLS 80  /* chart width: one column per sample */
#define LATENCY_GRAPH_ROWS 4   /* chart height */

long long latency_monitor_threshold = 0;

typedef struct latencySample {
    int32_t time;     /* unix seconds; 0 for a slot never written */
    uint32_t latency; /* milliseconds */
} latencySample;

typedef struct latencyEvent {
    char *name;
    int next;     /* ring slot the next new second goes to */
    uint32_t max; /* all-time maximum */
    latencySample samples[LATENCY_TS_LEN];
} latencyEvent;

/* The events, in the order they first fired.  There are a couple of dozen
 * event names in the whole server, so a plain array searched linearly is
 * all the index needed. */
static latencyEvent **events;
static int events_count, events_size;

static latencyEvent *latencyFindEvent(const char *name) {
    for (int j = 0; j < events_count; j++)
        if (!strcmp(events[j]->name, name)) return events[j];
    return NULL;
}

static latencyEvent *latencyCreateEvent(const char *name) {
    if (events_count == events_size) {
        events_size = events_size ? events_size * 2 : 8;
        events = zrealloc(events, sizeof(*events) * events_size);
    }
    latencyEvent *ev = zcalloc(sizeof(*ev));
    ev->name = zstrdup(name);
    events[events_count++] = ev;
    return ev;
}

void latencyAddSample(const char *event, long long ms) {
    latencyEvent *ev = latencyFindEvent(event);
    if (!ev) ev = latencyCreateEvent(event);
    if (ms < 0) ms = 0;
    if (ms > UINT32_MAX) ms = UINT32_MAX;
    if ((uint32_t)ms > ev->max) ev->max = (uint32_t)ms;

    int32_t now = (int32_t)time(NULL);
    latencySample *last = &ev->samples[(ev->next + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN];
    if (last->time == now) {
        if ((uint32_t)ms > last->latency) last->latency = (uint32_t)ms;
        return;
    }
    ev->samples[ev->next].time = now;
    ev->samples[ev->next].latency = (uint32_t)ms;
    ev->next = (ev->next + 1) % LATENCY_TS_LEN;
}

/* Forget an event (NULL: all of them).  Returns how many were forgotten. */
static int latencyResetEvent(const char *name) {
    int removed = 0;
    for (int j = 0; j < events_count;) {
        if (name && strcmp(events[j]->name, name)) {
            j++;
            continue;
        }
        zfree(events[j]->name);
        zfree(events[j]);
        memmove(events + j, events + j + 1, sizeof(*events) * (events_count - j - 1));
        events_count--;
        removed++;
    }
    return removed;
}

int latencyResetAll(void) { return latencyResetEvent(NULL); }

/* The samples of an event oldest first; returns how many. */
static int latencyEventSamples(latencyEvent *ev, latencySample *out) {
    int n = 0;
    for (int j = 0; j < LATENCY_TS_LEN; j++) {
        latencySample *s = &ev->samples[(ev->next + j) % LATENCY_TS_LEN];
        if (s->time) out[n++] = *s;
    }
    return n;
}

/* ===========================================================================
 * LATENCY GRAPH: the chart
 *
 * One column per sample, oldest on the left, 80 columns to a block (a full
 * ring makes two blocks, separated by an empty line).  The vertical scale
 * runs from the lowest to the highest sample in the ring: four rows of three
 * levels each, the three levels of a cell drawn '_', 'o' and '#', and the
 * cells under a column's top drawn '|'.  Under the chart, after an empty
 * line, each column carries the sample's age written top-down ("12s", "3m",
 * "2h", "1d").  So a sample at the lowest value is a lone '_' on the bottom
 * row and the highest is a full bar topped with '#':
 *
 *     command - high 200 ms, low 20 ms (all time high 200 ms)
 *     --------------------------------------------------------------------------------
 *        #
 *        |
 *        |
 *     _o#|
 *
 *     4310
 *     ssss
 * ======================================================================== */

static const char latency_graph_cells[] = "_o#";

static sds latencyGraphBlock(sds out, const latencySample *s, char labels[][24], int n, long long low, long long high) {
    long long span = high - low ? high - low : 1;
    int levels = LATENCY_GRAPH_ROWS * 3;
    char line[LATENCY_GRAPH_COLS];
    int level[LATENCY_GRAPH_COLS];

    for (int j = 0; j < n; j++) {
        level[j] = (int)(((long long)s[j].latency - low) * levels / span);
        if (level[j] >= levels) level[j] = levels - 1;
        if (level[j] < 0) level[j] = 0;
    }
    for (int row = 0; row < LATENCY_GRAPH_ROWS; row++) {
        int base = (LATENCY_GRAPH_ROWS - 1 - row) * 3; /* lowest level of this row */
        for (int j = 0; j < n; j++) {
            int in_cell = level[j] - base;
            line[j] = in_cell < 0 ? ' ' : in_cell < 3 ? latency_graph_cells[in_cell] : '|';
        }
        out = sdscatlen(out, line, n);
        out = sdscatlen(out, "\n", 1);
    }
    memset(line, ' ', n); /* the margin between the chart and the labels */
    out = sdscatlen(out, line, n);
    out = sdscatlen(out, "\n", 1);
    for (int k = 0;; k++) {
        int any = 0;
        for (int j = 0; j < n; j++) {
            if ((size_t)k < strlen(labels[j])) {
                line[j] = labels[j][k];
                any = 1;
            } else {
                line[j] = ' ';
            }
        }
        if (!any) break;
        out = sdscatlen(out, line, n);
        out = sdscatlen(out, "\n", 1);
    }
    return out;
}

static sds latencyGraph(latencyEvent *ev) {
    latencySample s[LATENCY_TS_LEN];
    char labels[LATENCY_TS_LEN][24];
    int n = latencyEventSamples(ev, s);
    long long low = 0, high = 0;
    time_t now = time(NULL);

    for (int j = 0; j < n; j++) {
        if (j == 0 || s[j].latency < low) low = s[j].latency;
        if (j == 0 || s[j].latency > high) high = s[j].latency;
        long long age = (long long)now - s[j].time;
        if (age < 60) snprintf(labels[j], sizeof(labels[j]), "%llds", age);
        else if (age < 3600) snprintf(labels[j], sizeof(labels[j]), "%lldm", age / 60);
        else if (age < 86400) snprintf(labels[j], sizeof(labels[j]), "%lldh", age / 3600);
        else snprintf(labels[j], sizeof(labels[j]), "%lldd", age / 86400);
    }
    sds out = sdscatprintf(sdsempty(), "%s - high %lld ms, low %lld ms (all time high %lu ms)\n", ev->name, high, low,
                           (unsigned long)ev->max);
    for (int j = 0; j < LATENCY_GRAPH_COLS; j++) out = sdscatlen(out, "-", 1);
    out = sdscatlen(out, "\n", 1);
    for (int j = 0; j < n; j += LATENCY_GRAPH_COLS) {
        int len = n - j < LATENCY_GRAPH_COLS ? n - j : LATENCY_GRAPH_COLS;
        if (j) out = sdscatlen(out, "\n", 1);
        out = latencyGraphBlock(out, s + j, labels + j, len, low, high);
    }
    return out;
}

/* ===========================================================================
 * LATENCY DOCTOR: the report
 *
 * The fixed sentences (monitor disabled, nothing observed, the heading, one
 * numbered line per event, the heading of the advice) are Redis's, since
 * tools read them.  The advice itself is ours: each event name raises one or
 * more advice flags and every raised flag prints one paragraph, once.
 * ======================================================================== */

typedef struct latencyStats {
    int samples;
    long long avg, mad;  /* average and mean absolute deviation, ms */
    long long period;    /* seconds since the oldest sample (at least 1) */
} latencyStats;

static void latencyAnalyze(latencyEvent *ev, latencyStats *st) {
    latencySample s[LATENCY_TS_LEN];
    int n = latencyEventSamples(ev, s);
    long long sum = 0, oldest = 0;
    memset(st, 0, sizeof(*st));
    for (int j = 0; j < n; j++) {
        sum += s[j].latency;
        if (!oldest || s[j].time < oldest) oldest = s[j].time;
    }
    st->samples = n;
    if (!n) return;
    st->avg = sum / n;
    st->period = (long long)time(NULL) - oldest;
    if (st->period <= 0) st->period = 1;
    long long dev = 0;
    for (int j = 0; j < n; j++) dev += llabs((long long)s[j].latency - st->avg);
    st->mad = dev / n;
}

/* Bytes of transparent huge pages this process holds: with them, a fork
 * copies 2MB for every page written afterwards. */
static long long latencyAnonHugePages(void) {
    FILE *fp = fopen("/proc/self/smaps_rollup", "r");
    if (!fp) fp = fopen("/proc/self/smaps", "r");
    if (!fp) return 0;
    char line[256];
    long long total = 0, kb;
    while (fgets(line, sizeof(line), fp))
        if (sscanf(line, "AnonHugePages: %lld kB", &kb) == 1) total += kb * 1024;
    fclose(fp);
    return total;
}

enum {
    ADVICE_SLOWLOG_ENABLE,
    ADVICE_SLOWLOG_THRESHOLD,
    ADVICE_SLOWLOG_READ,
    ADVICE_BIG_OBJECTS,
    ADVICE_CPU_STARVED,
    ADVICE_EXPIRES,
    ADVICE_EVICTION,
    ADVICE_FORK,
    ADVICE_DISK,
    ADVICE_FSYNC_ALWAYS,
    ADVICE_THP,
    ADVICE_COUNT
};

/* The paragraph of each advice; %lld in ADVICE_SLOWLOG_THRESHOLD is the
 * monitor threshold in microseconds. */
static const char *latency_advice[ADVICE_COUNT] = {
    [ADVICE_SLOWLOG_ENABLE] =
        "The slow log is off (slowlog-log-slower-than is negative or slowlog-max-len is 0), so the slow commands "
        "behind the 'command' spikes cannot be identified. Turn it on, for instance with CONFIG SET "
        "slowlog-log-slower-than 10000 and CONFIG SET slowlog-max-len 128.",
    [ADVICE_SLOWLOG_THRESHOLD] =
        "The slow log only records commands slower than slowlog-log-slower-than, which is above the latency "
        "monitor threshold: some of the slow commands behind the spikes are missing from it. Lower it to match, "
        "with CONFIG SET slowlog-log-slower-than %lld.",
    [ADVICE_SLOWLOG_READ] =
        "Read SLOWLOG GET to find which commands are slow. Commands that walk a whole collection or the whole "
        "keyspace (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1, SORT, large ZRANGE or SUNION...) grow with the data; "
        "prefer incremental SCAN, SSCAN, HSCAN and ZSCAN, or smaller ranges.",
    [ADVICE_BIG_OBJECTS] =
        "Freeing a very large value (DEL, an expiry, an overwrite, an eviction) takes time proportional to its "
        "number of elements. Split huge collections into smaller keys, or let them be freed in the background "
        "with UNLINK and the lazyfree-lazy-* settings.",
    [ADVICE_CPU_STARVED] =
        "Commands of constant or logarithmic cost were slow, which points outside the server: the process did "
        "not get the CPU (an overloaded host, a noisy neighbour on a virtual machine, swapping, or CPU "
        "throttling). Measure the host with redis-cli --intrinsic-latency and check that the memory is not "
        "swapped out.",
    [ADVICE_EXPIRES] =
        "The active expire cycle was slow: many keys expiring in the same second (for example keys created "
        "together with the same EXPIRE) make it work hard. Spread the expire times with some randomness.",
    [ADVICE_EVICTION] =
        "Evicting keys to stay under maxmemory took long, usually because memory use jumped far above the limit "
        "at once (maxmemory lowered a lot, or a burst of large writes). Lower maxmemory in small steps and keep "
        "headroom for bursts.",
    [ADVICE_FORK] =
        "fork() stalls the server while the page tables are copied, longer with a larger dataset and much longer "
        "on some virtual machines. Prefer hosts where fork is fast, keep the dataset per instance smaller, or "
        "persist less often.",
    [ADVICE_DISK] =
        "Writes to the append only file were slow: the disk is too slow or shared with other heavy writers. Use a "
        "faster or dedicated disk, or consider no-appendfsync-on-rewrite yes so that rewrites do not compete with "
        "fsync.",
    [ADVICE_FSYNC_ALWAYS] =
        "appendfsync always waits for the disk on every write. Unless every single write must survive a power "
        "loss, appendfsync everysec costs at most one second of writes and far less latency.",
    [ADVICE_THP] =
        "Transparent huge pages are in use by this process: after a fork every write copies a whole 2MB page. "
        "Disable them with: echo never > /sys/kernel/mm/transparent_hugepage/enabled (and set disable-thp yes).",
};

static void latencyAdviceForEvent(const char *name, int *advice) {
    if (!strcmp(name, "command")) {
        if (slowlog_log_slower_than < 0 || slowlog_max_len == 0)
            advice[ADVICE_SLOWLOG_ENABLE] = 1;
        else if (slowlog_log_slower_than / 1000 > latency_monitor_threshold)
            advice[ADVICE_SLOWLOG_THRESHOLD] = 1;
        advice[ADVICE_SLOWLOG_READ] = 1;
        advice[ADVICE_BIG_OBJECTS] = 1;
    } else if (!strcmp(name, "fast-command")) {
        advice[ADVICE_CPU_STARVED] = 1;
    } else if (!strcmp(name, "expire-cycle")) {
        advice[ADVICE_EXPIRES] = 1;
        advice[ADVICE_BIG_OBJECTS] = 1;
    } else if (!strcmp(name, "eviction-del")) {
        advice[ADVICE_BIG_OBJECTS] = 1;
    } else if (!strcmp(name, "eviction-cycle")) {
        advice[ADVICE_EVICTION] = 1;
    } else if (!strcmp(name, "fork")) {
        advice[ADVICE_FORK] = 1;
    } else if (!strcmp(name, "aof-fsync-always")) {
        advice[ADVICE_FSYNC_ALWAYS] = 1;
    } else if (!strncmp(name, "aof-", 4) || !strcmp(name, "rdb-unlink-temp-file")) {
        advice[ADVICE_DISK] = 1;
    }
}

static sds latencyReport(void) {
    if (events_count == 0 && latency_monitor_threshold == 0)
        return sdsnew("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You "
                      "may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we "
                      "weren't in a deep space mission I'd suggest to take a look at "
                      "https://redis.io/topics/latency-monitor.\n");

    sds out = sdsempty();
    int advice[ADVICE_COUNT] = {0}, advices = 0;
    for (int j = 0; j < events_count; j++) {
        latencyEvent *ev = events[j];
        latencyStats st;
        latencyAnalyze(ev, &st);
        if (j == 0)
            out = sdscat(out, "Dave, I have observed latency spikes in this Redis instance. You don't mind talking "
                              "about it, do you Dave?\n\n");
        out = sdscatprintf(out,
                           "%d. %s: %d latency spikes (average %lldms, mean deviation %lldms, period %.2f sec). "
                           "Worst all time event %lums.\n",
                           j + 1, ev->name, st.samples, st.avg, st.mad,
                           st.samples ? (double)st.period / st.samples : 0.0, (unsigned long)ev->max);
        latencyAdviceForEvent(ev->name, advice);
    }
    if (latencyAnonHugePages() > 0) advice[ADVICE_THP] = 1;
    for (int j = 0; j < ADVICE_COUNT; j++) advices += advice[j];

    if (events_count == 0 && advices == 0) {
        out = sdscat(out, "Dave, no latency spike was observed during the lifetime of this Redis instance, not in "
                          "the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and "
                          "think things over.\n");
    } else if (advices == 0) {
        out = sdscat(out, "\nNone of these events has a known remedy. LATENCY HISTORY <event> and LATENCY GRAPH "
                          "<event> show when the spikes happened: compare those times with the server log and "
                          "with what the host was doing then.\n");
    } else {
        out = sdscat(out, "\nI have a few advices for you:\n\n");
        for (int j = 0; j < ADVICE_COUNT; j++) {
            if (!advice[j]) continue;
            out = sdscat(out, "- ");
            if (j == ADVICE_SLOWLOG_THRESHOLD)
                out = sdscatprintf(out, latency_advice[j], latency_monitor_threshold * 1000);
            else
                out = sdscat(out, latency_advice[j]);
            out = sdscat(out, "\n");
        }
    }
    return out;
}

/* ===========================================================================
 * LATENCY HISTOGRAM: per-command latency distributions
 *
 * Read like an HDR histogram iterated on a log scale: thresholds at 1024ns,
 * 2048ns, 4096ns..., each reported as the highest value of the histogram
 * bucket that holds it (in microseconds) with the number of calls up to that
 * bucket.  Thresholds that add no calls are left out, and the walk stops
 * once every call is counted.
 * ======================================================================== */

#define LATENCY_HISTOGRAM_FIRST_NS 1024

static void latencyReplyHistogram(client *c, redisCommand *cmd) {
    struct latencyHistogram *h = cmd->latency_histogram;
    long long total = latencyHistogramTotal(h);
    long long usec[64], count[64];
    int points = 0;
    long long seen = 0;
    for (long long ns = LATENCY_HISTOGRAM_FIRST_NS; seen < total && points < 64; ns *= 2) {
        long long top;
        long long upto = latencyHistogramCountUpTo(h, ns, &top);
        if (upto > seen) {
            usec[points] = top / 1000;
            count[points] = upto;
            points++;
            seen = upto;
        }
    }
    addReplyBulkCBuffer(c, cmd->fullname, sdslen(cmd->fullname));
    addReplyMapLen(c, 2);
    addReplyBulkCString(c, "calls");
    addReplyLongLong(c, total);
    addReplyBulkCString(c, "histogram_usec");
    addReplyMapLen(c, points);
    for (int j = 0; j < points; j++) {
        addReplyLongLong(c, usec[j]);
        addReplyLongLong(c, count[j]);
    }
}

typedef struct {
    redisCommand **cmds;
    int count, size;
} latencyCommandSet;

static void latencyCommandSetAdd(latencyCommandSet *set, redisCommand *cmd) {
    if (!cmd->latency_histogram) return;
    if (set->count == set->size) {
        set->size = set->size ? set->size * 2 : 16;
        set->cmds = zrealloc(set->cmds, sizeof(*set->cmds) * set->size);
    }
    set->cmds[set->count++] = cmd;
}

static void latencyCommandSetAddCb(redisCommand *cmd, void *privdata) { latencyCommandSetAdd(privdata, cmd); }

/* ===========================================================================
 * The LATENCY command
 * ======================================================================== */

/* LATENCY LATEST: per event, its name, the time and value of its newest
 * sample, and its all-time maximum. */
void latencyLatestCommand(client *c) {
    addReplyArrayLen(c, events_count);
    for (int j = 0; j < events_count; j++) {
        latencyEvent *ev = events[j];
        latencySample *last = &ev->samples[(ev->next + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN];
        addReplyArrayLen(c, 4);
        addReplyBulkCString(c, ev->name);
        addReplyLongLong(c, last->time);
        addReplyLongLong(c, last->latency);
        addReplyLongLong(c, ev->max);
    }
}

/* LATENCY HISTORY <event>: the event's samples, oldest first. */
void latencyHistoryCommand(client *c) {
    latencyEvent *ev = latencyFindEvent(c->argv[2]->ptr);
    if (!ev) {
        addReplyArrayLen(c, 0);
        return;
    }
    latencySample s[LATENCY_TS_LEN];
    int n = latencyEventSamples(ev, s);
    addReplyArrayLen(c, n);
    for (int j = 0; j < n; j++) {
        addReplyArrayLen(c, 2);
        addReplyLongLong(c, s[j].time);
        addReplyLongLong(c, s[j].latency);
    }
}

void latencyGraphCommand(client *c) {
    latencyEvent *ev = latencyFindEvent(c->argv[2]->ptr);
    if (!ev) {
        addReplyErrorFormat(c, "No samples available for event '%s'", (char *)c->argv[2]->ptr);
        return;
    }
    sds graph = latencyGraph(ev);
    addReplyVerbatim(c, graph, sdslen(graph), "txt");
    sdsfree(graph);
}

void latencyDoctorCommand(client *c) {
    sds report = latencyReport();
    addReplyVerbatim(c, report, sdslen(report), "txt");
    sdsfree(report);
}

/* LATENCY RESET [event ...]: forget the named events (all without names);
 * replies with the number of events forgotten. */
void latencyResetCommand(client *c) {
    int removed = 0;
    if (c->argc == 2) {
        removed = latencyResetAll();
    } else {
        for (int j = 2; j < c->argc; j++) removed += latencyResetEvent(c->argv[j]->ptr);
    }
    addReplyLongLong(c, removed);
}

/* LATENCY HISTOGRAM [command ...]: the named commands (a container name
 * brings its subcommands along; unknown names are skipped), or every command
 * that has a histogram. */
void latencyHistogramCommand(client *c) {
    latencyCommandSet set = {NULL, 0, 0};
    if (c->argc == 2) {
        forEachCommand(latencyCommandSetAddCb, &set);
    } else {
        for (int j = 2; j < c->argc; j++) {
            robj *name = getDecodedObject(c->argv[j]);
            redisCommand *cmd = lookupCommandBySds(name->ptr);
            decrRefCount(name);
            if (!cmd) continue;
            latencyCommandSetAdd(&set, cmd);
            for (redisCommand *sub = cmd->subcommands; sub && sub->declared_name; sub++)
                if (sub->fullname) latencyCommandSetAdd(&set, sub);
        }
    }
    addReplyMapLen(c, set.count);
    for (int j = 0; j < set.count; j++) latencyReplyHistogram(c, set.cmds[j]);
    zfree(set.cmds);
}

void latencyHelpCommand(client *c) {
    const char *help[] = {
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command "
        "names.",
        "    If no commands are specified then all histograms are replied.",
        NULL};
    addReplyHelp(c, help);
}
