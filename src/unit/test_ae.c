/* test_ae.c - unit tests of the event loop (ae) and the monotonic clock.
 *
 * Build by hand (any backend; add -DAE_FORCE_SELECT for select):
 *   gcc -std=gnu11 -I src -o /tmp/test_ae src/unit/test_ae.c src/ae.c \
 *       src/anet.c src/monotonic.c src/zmalloc.c */
#include "../ae.h"
#include "../anet.h"
#include "../monotonic.h"
#include "../zmalloc.h"
#include "test_help.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

/* A record of what the callbacks did, shared by most tests. */
#define LOG_MAX 64
static int log_buf[LOG_MAX];
static int log_len;
static int finalized;
static void log_reset(void) {
    log_len = 0;
    finalized = 0;
}
static void log_add(int v) {
    if (log_len < LOG_MAX) log_buf[log_len++] = v;
}

static void count_finalizer(aeEventLoop *el, void *data) {
    (void)el;
    (void)data;
    finalized++;
}

/* Timer that logs its tag (clientData) and stops. */
static int once_proc(aeEventLoop *el, long long id, void *data) {
    (void)el;
    (void)id;
    log_add((int)(long)data);
    return AE_NOMORE;
}

static void count_write_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)el;
    (void)fd;
    (void)data;
    (void)mask;
}

static int stop_proc(aeEventLoop *el, long long id, void *data) {
    (void)id;
    (void)data;
    aeStop(el);
    return AE_NOMORE;
}

/* ------------------------------------------------------------------------
 * Monotonic clock
 * ------------------------------------------------------------------------ */

static void test_monotonic(void) {
    const char *desc = monotonicInit();
    TEST_ASSERT(desc != NULL && strlen(desc) > 0);
    monotime a = getMonotonicUs();
    monotime start;
    elapsedStart(&start);
    sleep_ms(20);
    monotime b = getMonotonicUs();
    TEST_ASSERT(b >= a);
    TEST_ASSERT(b - a >= 20000);
    TEST_ASSERT(elapsedUs(start) >= 20000);
    TEST_ASSERT(elapsedMs(start) >= 20);
    TEST_ASSERT(elapsedMs(start) < 5000);
}

/* ------------------------------------------------------------------------
 * Loop basics
 * ------------------------------------------------------------------------ */

static void test_create_delete(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    TEST_ASSERT(el != NULL);
    if (!el) return;
    TEST_ASSERT(aeGetSetSize(el) == 64);
    const char *name = aeGetApiName();
    TEST_ASSERT(name != NULL && strlen(name) > 0);
#ifdef AE_FORCE_SELECT
    TEST_ASSERT(strcmp(name, "select") == 0);
#elif defined(__linux__) && !defined(HAVE_KQUEUE)
    TEST_ASSERT(strcmp(name, "epoll") == 0);
#endif
    TEST_ASSERT(aeGetFileEvents(el, 3) == AE_NONE);
    TEST_ASSERT(aeGetFileClientData(el, 3) == NULL);
    TEST_ASSERT(aeGetFileEvents(el, -1) == AE_NONE);
    TEST_ASSERT(aeGetFileEvents(el, 1000) == AE_NONE);
    /* With nothing registered, file-only and non-blocking calls return. */
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS) == 0);
    TEST_ASSERT(aeProcessEvents(el, AE_ALL_EVENTS | AE_DONT_WAIT) == 0);
    TEST_ASSERT(aeProcessEvents(el, 0) == 0);
    aeDeleteEventLoop(el);
    TEST_ASSERT(aeCreateEventLoop(0) == NULL);
}

/* ------------------------------------------------------------------------
 * Timers
 * ------------------------------------------------------------------------ */

static void test_timers_fire_in_order(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    aeCreateTimeEvent(el, 30, once_proc, (void *)30L, count_finalizer);
    aeCreateTimeEvent(el, 10, once_proc, (void *)10L, count_finalizer);
    aeCreateTimeEvent(el, 20, once_proc, (void *)20L, count_finalizer);
    aeCreateTimeEvent(el, 60, stop_proc, NULL, count_finalizer);
    monotime start;
    elapsedStart(&start);
    aeMain(el);
    uint64_t ms = elapsedMs(start);
    TEST_ASSERT(log_len == 3);
    TEST_ASSERT(log_buf[0] == 10 && log_buf[1] == 20 && log_buf[2] == 30);
    TEST_ASSERT(finalized == 4);
    TEST_ASSERT_MSG(ms >= 59 && ms < 2000, "aeMain should sleep until the stop timer");
    TEST_ASSERT(el->timeEventHead == NULL);
    aeDeleteEventLoop(el);
}

/* Overdue timers all run in one call, soonest first; timers due at the
 * same time run in creation order. */
static void test_timers_batch_order(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    aeCreateTimeEvent(el, 6, once_proc, (void *)3L, NULL);
    aeCreateTimeEvent(el, 0, once_proc, (void *)1L, NULL);
    aeCreateTimeEvent(el, 0, once_proc, (void *)2L, NULL);
    aeCreateTimeEvent(el, 3, once_proc, (void *)4L, NULL); /* before 3 */
    sleep_ms(15);
    int n = aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(n == 4);
    TEST_ASSERT(log_len == 4);
    TEST_ASSERT(log_buf[0] == 1 && log_buf[1] == 2 && log_buf[2] == 4 && log_buf[3] == 3);
    aeDeleteEventLoop(el);
}

/* Many due timers at once: more than the batch kept on the stack. */
static void test_timers_large_batch(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    for (long i = 0; i < 40; i++) aeCreateTimeEvent(el, 0, once_proc, (void *)i, count_finalizer);
    int n = aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(n == 40);
    TEST_ASSERT(log_len == 40);
    int ordered = 1;
    for (int i = 0; i < log_len; i++)
        if (log_buf[i] != i) ordered = 0;
    TEST_ASSERT(ordered);
    TEST_ASSERT(finalized == 40);
    aeDeleteEventLoop(el);
}

static int repeat_calls;
static int repeat_proc(aeEventLoop *el, long long id, void *data) {
    (void)id;
    (void)data;
    repeat_calls++;
    if (repeat_calls == 3) {
        aeStop(el);
        return AE_NOMORE;
    }
    return 5;
}

static void test_timer_repeats_until_nomore(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    repeat_calls = 0;
    monotime start;
    elapsedStart(&start);
    long long id = aeCreateTimeEvent(el, 5, repeat_proc, NULL, count_finalizer);
    TEST_ASSERT(id >= 0);
    aeMain(el);
    TEST_ASSERT(repeat_calls == 3);
    TEST_ASSERT(finalized == 1);
    TEST_ASSERT(elapsedMs(start) >= 14);
    /* Gone: deleting it again fails, and nothing runs any more. */
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_ERR);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 0);
    aeDeleteEventLoop(el);
}

/* A timer created by a callback waits for the next iteration. */
static int creator_proc(aeEventLoop *el, long long id, void *data) {
    (void)id;
    (void)data;
    log_add(1);
    aeCreateTimeEvent(el, 0, once_proc, (void *)2L, count_finalizer);
    return AE_NOMORE;
}

/* Reschedules itself at 0 ms: must run once per iteration, not loop. */
static int zero_calls;
static int zero_proc(aeEventLoop *el, long long id, void *data) {
    (void)el;
    (void)id;
    (void)data;
    zero_calls++;
    return 0;
}

static void test_timer_created_in_callback(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    aeCreateTimeEvent(el, 0, creator_proc, NULL, count_finalizer);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(log_len == 1 && log_buf[0] == 1);
    TEST_ASSERT(finalized == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(log_len == 2 && log_buf[1] == 2);
    TEST_ASSERT(finalized == 2);

    zero_calls = 0;
    long long id = aeCreateTimeEvent(el, 0, zero_proc, NULL, NULL);
    aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(zero_calls == 1);
    aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(zero_calls == 2);
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_OK);
    aeDeleteEventLoop(el);
}

/* Deleting timers from callbacks. */
static long long victim_id;
static int self_delete_calls;
static int self_delete_proc(aeEventLoop *el, long long id, void *data) {
    (void)data;
    self_delete_calls++;
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_OK);
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_ERR); /* already gone */
    TEST_ASSERT(finalized == 0);                      /* not while running */
    return 10;                                        /* ignored: deleted */
}

static int killer_proc(aeEventLoop *el, long long id, void *data) {
    (void)id;
    (void)data;
    log_add(100);
    TEST_ASSERT(aeDeleteTimeEvent(el, victim_id) == AE_OK);
    return AE_NOMORE;
}

static void test_timer_delete_in_callback(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    self_delete_calls = 0;
    aeCreateTimeEvent(el, 0, self_delete_proc, NULL, count_finalizer);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(self_delete_calls == 1);
    TEST_ASSERT(finalized == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 0);
    TEST_ASSERT(self_delete_calls == 1);
    TEST_ASSERT(el->timeEventHead == NULL);

    /* A callback deletes a timer due in the same batch: it must not run,
     * and its finalizer runs once. */
    log_reset();
    aeCreateTimeEvent(el, 0, killer_proc, NULL, count_finalizer);
    victim_id = aeCreateTimeEvent(el, 0, once_proc, (void *)7L, count_finalizer);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(log_len == 1 && log_buf[0] == 100);
    TEST_ASSERT(finalized == 2);
    TEST_ASSERT(el->timeEventHead == NULL);

    /* Deleting a timer not in any batch runs its finalizer at once. */
    log_reset();
    long long id = aeCreateTimeEvent(el, 1000, once_proc, NULL, count_finalizer);
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_OK);
    TEST_ASSERT(finalized == 1);
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_ERR);
    TEST_ASSERT(aeDeleteTimeEvent(el, 123456) == AE_ERR);
    TEST_ASSERT(aeDeleteTimeEvent(el, -1) == AE_ERR);
    aeDeleteEventLoop(el);
}

/* A callback that runs the loop again from inside itself. */
static int nested_calls;
static int nested_proc(aeEventLoop *el, long long id, void *data) {
    (void)id;
    (void)data;
    nested_calls++;
    /* Must neither re-run this timer nor free it under us; it does run
     * the other due timer. */
    aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT);
    return AE_NOMORE;
}

static void test_timer_nested_process(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    nested_calls = 0;
    aeCreateTimeEvent(el, 0, nested_proc, NULL, count_finalizer);
    aeCreateTimeEvent(el, 0, once_proc, (void *)5L, count_finalizer);
    aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(nested_calls == 1);
    TEST_ASSERT(log_len == 1 && log_buf[0] == 5);
    TEST_ASSERT(finalized == 2);
    TEST_ASSERT(el->timeEventHead == NULL);
    aeDeleteEventLoop(el);
}

/* A timer far in the future neither wraps around nor breaks the wait. */
static void test_timer_far_future(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    long long id = aeCreateTimeEvent(el, LLONG_MAX, once_proc, (void *)1L, count_finalizer);
    TEST_ASSERT(aeProcessEvents(el, AE_TIME_EVENTS | AE_DONT_WAIT) == 0);
    TEST_ASSERT(log_len == 0);
    /* A blocking wait with that timer and a ready fd returns at once. */
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    TEST_ASSERT(aeCreateFileEvent(el, fds[1], AE_WRITABLE, count_write_proc, NULL) == AE_OK);
    monotime start;
    elapsedStart(&start);
    TEST_ASSERT(aeProcessEvents(el, AE_ALL_EVENTS) == 1);
    TEST_ASSERT(elapsedMs(start) < 1000);
    TEST_ASSERT(log_len == 0);
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_OK);
    TEST_ASSERT(finalized == 1);
    aeDeleteFileEvent(el, fds[1], AE_WRITABLE);
    close(fds[0]);
    close(fds[1]);
    aeDeleteEventLoop(el);
}

/* A blocking call with no fds sleeps until the nearest timer. */
static void test_timer_wait_timeout(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    aeCreateTimeEvent(el, 500, once_proc, (void *)2L, count_finalizer);
    aeCreateTimeEvent(el, 40, once_proc, (void *)1L, count_finalizer);
    monotime start;
    elapsedStart(&start);
    int n = 0;
    while (n == 0) n = aeProcessEvents(el, AE_ALL_EVENTS);
    uint64_t ms = elapsedMs(start);
    TEST_ASSERT(n == 1);
    TEST_ASSERT(log_len == 1 && log_buf[0] == 1);
    TEST_ASSERT_MSG(ms >= 39 && ms < 400, "woke for the 40 ms timer");
    /* Deleting the loop finalizes the timer still pending. */
    aeDeleteEventLoop(el);
    TEST_ASSERT(finalized == 2);
}

/* ------------------------------------------------------------------------
 * Sleep hooks and aeSetDontWait
 * ------------------------------------------------------------------------ */

static int before_calls, after_calls;
static void before_hook(aeEventLoop *el) {
    before_calls++;
    TEST_ASSERT(after_calls == before_calls - 1);
    (void)el;
}
static void after_hook(aeEventLoop *el) {
    after_calls++;
    (void)el;
}
static void before_hook_no_wait(aeEventLoop *el) {
    before_calls++;
    aeSetDontWait(el, 1); /* work pending: don't block this time */
}

static void test_sleep_hooks_and_dont_wait(void) {
    aeEventLoop *el = aeCreateEventLoop(16);
    log_reset();
    before_calls = after_calls = 0;
    aeSetBeforeSleepProc(el, before_hook);
    aeSetAfterSleepProc(el, after_hook);
    aeCreateTimeEvent(el, 0, stop_proc, NULL, NULL);
    aeMain(el);
    TEST_ASSERT(before_calls == 1 && after_calls == 1);

    /* Hooks only run when the flags ask. */
    aeProcessEvents(el, AE_ALL_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(before_calls == 1 && after_calls == 1);

    /* aeSetDontWait makes a blocking call return at once though a timer
     * is a second away. */
    long long id = aeCreateTimeEvent(el, 1000, once_proc, NULL, NULL);
    aeSetDontWait(el, 1);
    monotime start;
    elapsedStart(&start);
    aeProcessEvents(el, AE_ALL_EVENTS | AE_CALL_BEFORE_SLEEP | AE_CALL_AFTER_SLEEP);
    TEST_ASSERT(elapsedMs(start) < 500);
    TEST_ASSERT(before_calls == 2 && after_calls == 2);
    aeSetDontWait(el, 0);
    TEST_ASSERT((el->flags & AE_DONT_WAIT) == 0);

    /* The beforesleep hook may set it itself. */
    aeSetBeforeSleepProc(el, before_hook_no_wait);
    aeSetAfterSleepProc(el, NULL);
    elapsedStart(&start);
    aeProcessEvents(el, AE_ALL_EVENTS | AE_CALL_BEFORE_SLEEP | AE_CALL_AFTER_SLEEP);
    TEST_ASSERT(elapsedMs(start) < 500);
    TEST_ASSERT(before_calls == 3 && after_calls == 2);
    TEST_ASSERT(log_len == 0);
    TEST_ASSERT(aeDeleteTimeEvent(el, id) == AE_OK);
    aeDeleteEventLoop(el);
}

/* ------------------------------------------------------------------------
 * File events
 * ------------------------------------------------------------------------ */

/* Per-test record of file handler calls: 'R'ead, 'W'rite, 'B'oth-proc. */
static char calls[32];
static int ncalls;
static int last_mask;
static void calls_reset(void) {
    ncalls = 0;
    memset(calls, 0, sizeof(calls));
}
static void calls_add(char c) {
    if (ncalls < (int)sizeof(calls) - 1) calls[ncalls++] = c;
}

static void drain(int fd) {
    char buf[256];
    while (read(fd, buf, sizeof(buf)) > 0) {}
}

static void read_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)el;
    (void)data;
    last_mask = mask;
    calls_add('R');
    drain(fd);
}
static void write_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)el;
    (void)fd;
    (void)data;
    last_mask = mask;
    calls_add('W');
}
static void both_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)el;
    (void)data;
    last_mask = mask;
    calls_add('B');
    if (mask & AE_READABLE) drain(fd);
}

static void test_file_events_pipe(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    int tag = 42;
    calls_reset();

    TEST_ASSERT(aeCreateFileEvent(el, fds[0], AE_READABLE, read_proc, &tag) == AE_OK);
    TEST_ASSERT(aeGetFileEvents(el, fds[0]) == AE_READABLE);
    TEST_ASSERT(aeGetFileClientData(el, fds[0]) == &tag);
    TEST_ASSERT(el->maxfd == fds[0]);

    /* Nothing to read yet. */
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 0);
    TEST_ASSERT(ncalls == 0);

    TEST_ASSERT(write(fds[1], "x", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "R") == 0);
    TEST_ASSERT(last_mask == AE_READABLE);

    /* The write end of a pipe with room is writable. */
    calls_reset();
    TEST_ASSERT(aeCreateFileEvent(el, fds[1], AE_WRITABLE, write_proc, NULL) == AE_OK);
    TEST_ASSERT(el->maxfd == (fds[0] > fds[1] ? fds[0] : fds[1]));
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "W") == 0);
    TEST_ASSERT(last_mask == AE_WRITABLE);

    /* A blocking wait returns as soon as the fd is ready, timers aside. */
    calls_reset();
    aeDeleteFileEvent(el, fds[1], AE_WRITABLE);
    TEST_ASSERT(aeGetFileEvents(el, fds[1]) == AE_NONE);
    TEST_ASSERT(aeGetFileClientData(el, fds[1]) == NULL);
    TEST_ASSERT(el->maxfd == fds[0]);
    TEST_ASSERT(write(fds[1], "y", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS) == 1);
    TEST_ASSERT(strcmp(calls, "R") == 0);

    /* Deleted: no more calls, maxfd back to -1. */
    calls_reset();
    aeDeleteFileEvent(el, fds[0], AE_READABLE);
    TEST_ASSERT(aeGetFileEvents(el, fds[0]) == AE_NONE);
    TEST_ASSERT(el->maxfd == -1);
    TEST_ASSERT(write(fds[1], "z", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 0);
    TEST_ASSERT(ncalls == 0);
    /* Deleting what is not registered is harmless. */
    aeDeleteFileEvent(el, fds[0], AE_READABLE | AE_WRITABLE);
    aeDeleteFileEvent(el, -1, AE_READABLE);
    aeDeleteFileEvent(el, 100000, AE_READABLE);

    close(fds[0]);
    close(fds[1]);
    aeDeleteEventLoop(el);
}

static void test_file_event_out_of_range(void) {
    aeEventLoop *el = aeCreateEventLoop(8);
    errno = 0;
    TEST_ASSERT(aeCreateFileEvent(el, 8, AE_READABLE, read_proc, NULL) == AE_ERR);
    TEST_ASSERT(errno == ERANGE);
    errno = 0;
    TEST_ASSERT(aeCreateFileEvent(el, 1000, AE_WRITABLE, read_proc, NULL) == AE_ERR);
    TEST_ASSERT(errno == ERANGE);
    TEST_ASSERT(aeCreateFileEvent(el, -1, AE_READABLE, read_proc, NULL) == AE_ERR);
    TEST_ASSERT(el->maxfd == -1);
    aeDeleteEventLoop(el);
}

/* Same proc for both directions fires once with the whole mask; different
 * procs fire read then write, or write then read with AE_BARRIER. */
static void test_file_events_both_and_barrier(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    int sv[2];
    TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    anetNonBlock(NULL, sv[0]);
    anetNonBlock(NULL, sv[1]);

    /* Same proc. */
    calls_reset();
    TEST_ASSERT(write(sv[1], "a", 1) == 1);
    TEST_ASSERT(aeCreateFileEvent(el, sv[0], AE_READABLE | AE_WRITABLE, both_proc, NULL) == AE_OK);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "B") == 0);
    TEST_ASSERT(last_mask == (AE_READABLE | AE_WRITABLE));
    aeDeleteFileEvent(el, sv[0], AE_READABLE | AE_WRITABLE);

    /* Different procs, no barrier: read first. */
    calls_reset();
    TEST_ASSERT(write(sv[1], "b", 1) == 1);
    TEST_ASSERT(aeCreateFileEvent(el, sv[0], AE_READABLE, read_proc, NULL) == AE_OK);
    TEST_ASSERT(aeCreateFileEvent(el, sv[0], AE_WRITABLE, write_proc, NULL) == AE_OK);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "RW") == 0);

    /* Barrier: write first. */
    calls_reset();
    TEST_ASSERT(write(sv[1], "c", 1) == 1);
    TEST_ASSERT(aeCreateFileEvent(el, sv[0], AE_WRITABLE | AE_BARRIER, write_proc, NULL) == AE_OK);
    TEST_ASSERT(aeGetFileEvents(el, sv[0]) == (AE_READABLE | AE_WRITABLE | AE_BARRIER));
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "WR") == 0);

    /* Removing the writable side drops the barrier too. */
    aeDeleteFileEvent(el, sv[0], AE_WRITABLE);
    TEST_ASSERT(aeGetFileEvents(el, sv[0]) == AE_READABLE);

    /* Barrier with the same proc for both: still a single call. */
    aeDeleteFileEvent(el, sv[0], AE_READABLE);
    calls_reset();
    TEST_ASSERT(write(sv[1], "d", 1) == 1);
    TEST_ASSERT(aeCreateFileEvent(el, sv[0], AE_READABLE | AE_WRITABLE | AE_BARRIER, both_proc, NULL) ==
                AE_OK);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "B") == 0);
    aeDeleteFileEvent(el, sv[0], AE_READABLE | AE_WRITABLE);
    TEST_ASSERT(aeGetFileEvents(el, sv[0]) == AE_NONE);

    /* Only writable registered while data is also readable: only W. */
    calls_reset();
    TEST_ASSERT(write(sv[1], "e", 1) == 1);
    TEST_ASSERT(aeCreateFileEvent(el, sv[0], AE_WRITABLE, write_proc, NULL) == AE_OK);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "W") == 0);
    aeDeleteFileEvent(el, sv[0], AE_WRITABLE);

    close(sv[0]);
    close(sv[1]);
    aeDeleteEventLoop(el);
}

/* Two ready fds whose handlers each remove the other one: whichever runs
 * first, the other must not be called. */
static int pair_fd[2];
static void mutual_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)mask;
    int other = (int)(long)data;
    calls_add(fd == pair_fd[0] ? 'a' : 'b');
    aeDeleteFileEvent(el, other, AE_READABLE);
    aeDeleteFileEvent(el, fd, AE_READABLE);
}

/* A read handler that removes its own write side: the write handler,
 * though the fd is writable, is not called. */
static void read_kills_write_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)data;
    (void)mask;
    calls_add('R');
    drain(fd);
    aeDeleteFileEvent(el, fd, AE_WRITABLE);
}

static void test_file_events_removed_by_handler(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    int a[2], b[2];
    TEST_ASSERT(anetPipe(a, O_NONBLOCK, 0) == 0);
    TEST_ASSERT(anetPipe(b, O_NONBLOCK, 0) == 0);
    pair_fd[0] = a[0];
    pair_fd[1] = b[0];
    calls_reset();
    TEST_ASSERT(write(a[1], "1", 1) == 1);
    TEST_ASSERT(write(b[1], "1", 1) == 1);
    aeCreateFileEvent(el, a[0], AE_READABLE, mutual_proc, (void *)(long)b[0]);
    aeCreateFileEvent(el, b[0], AE_READABLE, mutual_proc, (void *)(long)a[0]);
    aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(ncalls == 1);
    TEST_ASSERT(el->maxfd == -1);

    int sv[2];
    TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    anetNonBlock(NULL, sv[0]);
    calls_reset();
    TEST_ASSERT(write(sv[1], "x", 1) == 1);
    aeCreateFileEvent(el, sv[0], AE_READABLE, read_kills_write_proc, NULL);
    aeCreateFileEvent(el, sv[0], AE_WRITABLE, write_proc, NULL);
    aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT);
    TEST_ASSERT(strcmp(calls, "R") == 0);
    TEST_ASSERT(aeGetFileEvents(el, sv[0]) == AE_READABLE);
    aeDeleteFileEvent(el, sv[0], AE_READABLE);

    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    close(sv[0]);
    close(sv[1]);
    aeDeleteEventLoop(el);
}

static void test_resize_set_size(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    calls_reset();
    TEST_ASSERT(aeCreateFileEvent(el, fds[0], AE_READABLE, read_proc, NULL) == AE_OK);

    /* Cannot shrink below a registered fd. */
    TEST_ASSERT(aeResizeSetSize(el, fds[0]) == AE_ERR);
    TEST_ASSERT(aeGetSetSize(el) == 64);
    TEST_ASSERT(aeResizeSetSize(el, 0) == AE_ERR);
    TEST_ASSERT(aeResizeSetSize(el, 64) == AE_OK);

    /* Grow, then use a slot that did not exist before. */
    TEST_ASSERT(aeResizeSetSize(el, 200) == AE_OK);
    TEST_ASSERT(aeGetSetSize(el) == 200);
    TEST_ASSERT(aeGetFileEvents(el, fds[0]) == AE_READABLE);
    TEST_ASSERT(aeGetFileEvents(el, 150) == AE_NONE);
    int high = dup2(fds[1], 150);
    TEST_ASSERT(high == 150);
    TEST_ASSERT(aeCreateFileEvent(el, 150, AE_WRITABLE, write_proc, NULL) == AE_OK);
    TEST_ASSERT(el->maxfd == 150);
    TEST_ASSERT(aeResizeSetSize(el, 150) == AE_ERR);
    TEST_ASSERT(write(fds[1], "q", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 2);
    TEST_ASSERT(ncalls == 2 && strchr(calls, 'R') && strchr(calls, 'W'));

    /* Shrink once the high fd is gone. */
    aeDeleteFileEvent(el, 150, AE_WRITABLE);
    close(150);
    TEST_ASSERT(el->maxfd == fds[0]);
    TEST_ASSERT(aeResizeSetSize(el, fds[0] + 1) == AE_OK);
    TEST_ASSERT(aeGetSetSize(el) == fds[0] + 1);
    calls_reset();
    TEST_ASSERT(write(fds[1], "r", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "R") == 0);
    errno = 0;
    TEST_ASSERT(aeCreateFileEvent(el, fds[0] + 1, AE_READABLE, read_proc, NULL) == AE_ERR);
    TEST_ASSERT(errno == ERANGE);

    close(fds[0]);
    close(fds[1]);
    aeDeleteEventLoop(el);
}

/* A handler that grows the loop while the poller's results are being
 * dispatched. */
static void resizing_proc(aeEventLoop *el, int fd, void *data, int mask) {
    (void)data;
    (void)mask;
    calls_add('Z');
    drain(fd);
    aeResizeSetSize(el, aeGetSetSize(el) * 4);
}

static void test_resize_inside_handler(void) {
    aeEventLoop *el = aeCreateEventLoop(32);
    int a[2], b[2];
    TEST_ASSERT(anetPipe(a, O_NONBLOCK, 0) == 0);
    TEST_ASSERT(anetPipe(b, O_NONBLOCK, 0) == 0);
    calls_reset();
    aeCreateFileEvent(el, a[0], AE_READABLE, resizing_proc, NULL);
    aeCreateFileEvent(el, b[0], AE_READABLE, resizing_proc, NULL);
    TEST_ASSERT(write(a[1], "1", 1) == 1);
    TEST_ASSERT(write(b[1], "1", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 2);
    TEST_ASSERT(strcmp(calls, "ZZ") == 0);
    TEST_ASSERT(aeGetSetSize(el) == 32 * 16);
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    aeDeleteEventLoop(el);
}

static void test_ae_wait(void) {
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    monotime start;
    elapsedStart(&start);
    TEST_ASSERT(aeWait(fds[0], AE_READABLE, 30) == 0);
    TEST_ASSERT(elapsedMs(start) >= 29);
    TEST_ASSERT(aeWait(fds[1], AE_WRITABLE, 0) == AE_WRITABLE);
    TEST_ASSERT(write(fds[1], "w", 1) == 1);
    TEST_ASSERT(aeWait(fds[0], AE_READABLE, -1) == AE_READABLE);
    /* Hangup: the reader is told to read (and will find EOF). */
    drain(fds[0]);
    close(fds[1]);
    TEST_ASSERT(aeWait(fds[0], AE_READABLE, 100) & AE_READABLE);
    close(fds[0]);
    TEST_ASSERT(aeWait(fds[0], AE_READABLE, 0) == -1);
}

/* An fd closed without being removed from the loop, then removed. */
static void test_close_then_delete(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    TEST_ASSERT(aeCreateFileEvent(el, fds[0], AE_READABLE, read_proc, NULL) == AE_OK);
    close(fds[0]);
    aeDeleteFileEvent(el, fds[0], AE_READABLE);
    TEST_ASSERT(el->maxfd == -1);
    close(fds[1]);
    /* The slot can be used again by a new fd with the same number. */
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    TEST_ASSERT(aeCreateFileEvent(el, fds[0], AE_READABLE, read_proc, NULL) == AE_OK);
    calls_reset();
    TEST_ASSERT(write(fds[1], "n", 1) == 1);
    TEST_ASSERT(aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT) == 1);
    TEST_ASSERT(strcmp(calls, "R") == 0);
    aeDeleteFileEvent(el, fds[0], AE_READABLE);
    close(fds[0]);
    close(fds[1]);
    aeDeleteEventLoop(el);
}

/* Timers and file events together in aeMain. */
static int ticks;
static int tick_proc(aeEventLoop *el, long long id, void *data) {
    (void)id;
    int *wfd = data;
    ticks++;
    if (write(*wfd, "t", 1) != 1) TEST_ASSERT(0);
    return ticks < 5 ? 2 : AE_NOMORE;
}
static int reads_seen;
static void tick_reader(aeEventLoop *el, int fd, void *data, int mask) {
    (void)data;
    (void)mask;
    char buf[16];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n > 0) reads_seen += (int)n;
    if (reads_seen >= 5) aeStop(el);
}

static void test_main_mixed(void) {
    aeEventLoop *el = aeCreateEventLoop(64);
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, O_NONBLOCK) == 0);
    ticks = reads_seen = 0;
    aeCreateFileEvent(el, fds[0], AE_READABLE, tick_reader, NULL);
    aeCreateTimeEvent(el, 1, tick_proc, &fds[1], NULL);
    long long guard = aeCreateTimeEvent(el, 5000, stop_proc, NULL, NULL);
    aeMain(el);
    TEST_ASSERT(ticks == 5);
    TEST_ASSERT(reads_seen == 5);
    TEST_ASSERT(aeDeleteTimeEvent(el, guard) == AE_OK);
    aeDeleteFileEvent(el, fds[0], AE_READABLE);
    close(fds[0]);
    close(fds[1]);
    aeDeleteEventLoop(el);
}

int main(void) {
    printf("ae backend: %s, clock: %s\n", aeGetApiName(), monotonicInit());
    size_t used_before = zmalloc_used_memory();
    RUN_TEST(test_monotonic);
    RUN_TEST(test_create_delete);
    RUN_TEST(test_timers_fire_in_order);
    RUN_TEST(test_timers_batch_order);
    RUN_TEST(test_timers_large_batch);
    RUN_TEST(test_timer_repeats_until_nomore);
    RUN_TEST(test_timer_created_in_callback);
    RUN_TEST(test_timer_delete_in_callback);
    RUN_TEST(test_timer_nested_process);
    RUN_TEST(test_timer_far_future);
    RUN_TEST(test_timer_wait_timeout);
    RUN_TEST(test_sleep_hooks_and_dont_wait);
    RUN_TEST(test_file_events_pipe);
    RUN_TEST(test_file_event_out_of_range);
    RUN_TEST(test_file_events_both_and_barrier);
    RUN_TEST(test_file_events_removed_by_handler);
    RUN_TEST(test_resize_set_size);
    RUN_TEST(test_resize_inside_handler);
    RUN_TEST(test_ae_wait);
    RUN_TEST(test_close_then_delete);
    RUN_TEST(test_main_mixed);
    if (zmalloc_used_memory() != used_before) {
        fprintf(stderr, "leak: %zu bytes still allocated\n", zmalloc_used_memory() - used_before);
        test_failed_++;
    }
    return TEST_REPORT();
}
