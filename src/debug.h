/* debug.h - the DEBUG command's settings, and the crash report.
 *
 * Two things live in debug.c:
 *
 *   - DEBUG, the test hooks inside the server (gated by enable-debug-command).
 *     A few of its subcommands change settings that other modules read; they
 *     are grouped in debugSettings below, owned and written by debug.c only.
 *
 *   - The crash report: what the server writes to its log when it dies of a
 *     fatal signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), a failed
 *     serverAssert or a serverPanic, between the markers
 *       === REDIS BUG REPORT START: Cut & paste starting from here ===
 *       === REDIS BUG REPORT END. Make sure to include from START to END. ===
 *     that people and tools search logs for. */
#ifndef DEBUG_H
#define DEBUG_H

#include "server.h"

#define DEBUG_REPLY_BUFFER_PEAK_RESET_DEFAULT 5000 /* ms */
#define DEBUG_QUICKLIST_PACKED_THRESHOLD_DEFAULT (1ULL << 30)

struct debugSettings {
    /* DEBUG PAUSE-CRON: serverCron returns at once while set. */
    int pause_cron;
    /* DEBUG REPLYBUFFER PEAK-RESET-TIME: how often clientsCron forgets a
     * client's reply buffer peak, in ms; negative: never. */
    long long reply_buffer_peak_reset_time;
    /* DEBUG REPLYBUFFER RESIZING: whether reply buffers may be resized.  Our
     * clients keep a fixed 16k reply buffer, so nothing reads it yet. */
    int reply_buffer_resizing;
    /* DEBUG SET-SKIP-CHECKSUM-VALIDATION: for RDB loading and RESTORE. */
    int skip_checksum_validation;
    /* DEBUG SET-DISABLE-DENY-SCRIPTS: let scripts run no-script commands. */
    int disable_deny_scripts;
    /* DEBUG QUICKLIST-PACKED-THRESHOLD: list elements at least this big go
     * to plain quicklist nodes; for the list type. */
    unsigned long long quicklist_packed_threshold;
};

extern struct debugSettings debugSettings;

/* DEBUG DIGEST helpers for the types' digest functions (see debug.c).
 * digestMix: digest = SHA1(digest || data).  Ordered values mix their parts
 * in order; unordered ones (sets, hashes, sorted sets) digest each element
 * from a zeroed digest, XOR those together, and mix the result once.
 * Numbers are mixed by their decimal string, whatever the encoding. */
#define DIGEST_LEN 20
void digestMix(unsigned char *digest, const void *data, size_t len);
void digestMixLongLong(unsigned char *digest, long long v);
void digestXor(unsigned char *dst, const unsigned char *src);

/* The crash report.  setupCrashHandlers() installs the fatal signal
 * handlers and the out-of-memory handler of zmalloc.  serverAssert and
 * serverPanic (server.c) frame their own messages with bugReportStart() and
 * bugReportEnd(), calling printCrashReport() in between. */
void setupCrashHandlers(void);
void bugReportStart(void);
void printCrashReport(void);
void bugReportEnd(int killViaSignal, int sig) __attribute__((noreturn));

/* serverAssert that also logs a client's command and an object. */
void _serverAssertWithInfo(const client *c, const robj *o, const char *estr, const char *file, int line)
    __attribute__((noreturn));
#define serverAssertWithInfo(_c, _o, _e) \
    ((_e) ? (void)0 : (_serverAssertWithInfo(_c, _o, #_e, __FILE__, __LINE__), __builtin_unreachable()))

#endif
