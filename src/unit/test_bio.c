/* Unit tests for bio.c, the background job threads.
 *
 * bio.c belongs to the server (it logs, and records the AOF fsync outcome
 * in the server state), so this program provides stand-ins for the little
 * of the server it uses: the server struct, serverLog and the assert hooks.
 *
 * Jobs are made to wait on a "gate" (a flag under a mutex the test opens)
 * so that the tests can look at the queues while a job is known to be
 * running, without any sleep or timing assumption. */
#include "../server.h"
#include "../bio.h"
#include "test_help.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>

/* ---------------------------------------------------------------------------
 * Stand-ins for the server
 * ------------------------------------------------------------------------ */

struct redisServer server;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_log[1024];
static int log_count = 0;

void serverLog(int level, const char *fmt, ...) {
    (void)level;
    va_list ap;
    pthread_mutex_lock(&log_lock);
    va_start(ap, fmt);
    vsnprintf(last_log, sizeof(last_log), fmt, ap);
    va_end(ap);
    log_count++;
    pthread_mutex_unlock(&log_lock);
}

void _serverAssert(const char *estr, const char *file, int line) {
    fprintf(stderr, "assert failed: %s %s:%d\n", estr, file, line);
    abort();
}

void _serverPanic(const char *file, int line, const char *msg, ...) {
    fprintf(stderr, "panic: %s %s:%d\n", msg, file, line);
    abort();
}

/* ---------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int open;
    int entered; /* jobs that reached the gate */
} gate;

static void gateInit(gate *g) {
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cond, NULL);
    g->open = 0;
    g->entered = 0;
}

static void gateOpen(gate *g) {
    pthread_mutex_lock(&g->lock);
    g->open = 1;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

/* Wait until n jobs have reached the gate. */
static void gateWaitEntered(gate *g, int n) {
    pthread_mutex_lock(&g->lock);
    while (g->entered < n) pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);
}

/* A job: announce itself at the gate, wait for it to open. */
static void gateJob(void *args[]) {
    gate *g = args[0];
    pthread_mutex_lock(&g->lock);
    g->entered++;
    pthread_cond_broadcast(&g->cond);
    while (!g->open) pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);
}

/* A job: append its number to a log of completed jobs. */
static int done_order[64];
static _Atomic int done_count = 0;
static pthread_t done_thread;

static void recordJob(void *args[]) {
    int n = atomic_load(&done_count);
    done_order[n] = (int)(intptr_t)args[0];
    done_thread = pthread_self();
    atomic_store(&done_count, n + 1);
}

/* A job with several arguments: sums them into *args[0]. */
static void sumJob(void *args[]) {
    long *out = args[0];
    *out = (long)(intptr_t)args[1] + (long)(intptr_t)args[2] + (long)(intptr_t)args[3];
}

static void resetRecord(void) { atomic_store(&done_count, 0); }

/* ---------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

/* Before bioInit there are no threads: jobs run at once in the caller. */
static void test_inline_before_init(void) {
    resetRecord();
    bioCreateLazyFreeJob(recordJob, 1, (void *)(intptr_t)7);
    TEST_ASSERT(atomic_load(&done_count) == 1);
    TEST_ASSERT(done_order[0] == 7);
    TEST_ASSERT(pthread_equal(done_thread, pthread_self()));
    TEST_ASSERT(bioPendingJobsOfType(BIO_LAZY_FREE) == 0);
}

/* Jobs run in another thread, in the order they were created, with their
 * arguments. */
static void test_fifo_order_in_worker(void) {
    resetRecord();
    for (int j = 0; j < 32; j++) bioCreateLazyFreeJob(recordJob, 1, (void *)(intptr_t)j);
    bioDrainWorker(BIO_LAZY_FREE);
    TEST_ASSERT(atomic_load(&done_count) == 32);
    int inorder = 1;
    for (int j = 0; j < 32; j++)
        if (done_order[j] != j) inorder = 0;
    TEST_ASSERT(inorder);
    TEST_ASSERT(!pthread_equal(done_thread, pthread_self()));
    TEST_ASSERT(bioPendingJobsOfType(BIO_LAZY_FREE) == 0);

    long sum = 0;
    bioCreateLazyFreeJob(sumJob, 4, &sum, (void *)(intptr_t)1, (void *)(intptr_t)20, (void *)(intptr_t)300);
    bioDrainWorker(BIO_LAZY_FREE);
    TEST_ASSERT(sum == 321);
}

/* The running job counts as pending; a step wait returns once it is done. */
static void test_pending_and_step(void) {
    gate g;
    gateInit(&g);
    resetRecord();
    bioCreateLazyFreeJob(gateJob, 1, &g);
    bioCreateLazyFreeJob(recordJob, 1, (void *)(intptr_t)1);
    bioCreateLazyFreeJob(recordJob, 1, (void *)(intptr_t)2);
    gateWaitEntered(&g, 1);
    TEST_ASSERT(bioPendingJobsOfType(BIO_LAZY_FREE) == 3);
    TEST_ASSERT(atomic_load(&done_count) == 0);
    /* Other types are not held up by a busy lazy free worker. */
    TEST_ASSERT(bioPendingJobsOfType(BIO_CLOSE_FILE) == 0);
    TEST_ASSERT(bioPendingJobsOfType(BIO_AOF_FSYNC) == 0);
    gateOpen(&g);
    unsigned long left = bioWaitStepOfType(BIO_LAZY_FREE);
    TEST_ASSERT(left <= 2);
    bioDrainWorker(BIO_LAZY_FREE);
    TEST_ASSERT(bioPendingJobsOfType(BIO_LAZY_FREE) == 0);
    TEST_ASSERT(atomic_load(&done_count) == 2);
    TEST_ASSERT(done_order[0] == 1 && done_order[1] == 2);
    /* Nothing pending: the step wait returns at once. */
    TEST_ASSERT(bioWaitStepOfType(BIO_LAZY_FREE) == 0);
}

/* A close job closes the descriptor, while the lazy free worker is busy. */
static void test_close_job_independent(void) {
    gate g;
    gateInit(&g);
    bioCreateLazyFreeJob(gateJob, 1, &g);
    gateWaitEntered(&g, 1);

    int fds[2];
    TEST_ASSERT(pipe(fds) == 0);
    bioCreateCloseJob(fds[1], 0);
    bioDrainWorker(BIO_CLOSE_FILE);
    char c;
    /* Every write end closed: the read end sees end of file. */
    TEST_ASSERT(read(fds[0], &c, 1) == 0);
    close(fds[0]);
    TEST_ASSERT(bioPendingJobsOfType(BIO_LAZY_FREE) == 1);

    /* With fsync requested on a pipe (which cannot be synced) the file is
     * still closed, and no error is logged. */
    TEST_ASSERT(pipe(fds) == 0);
    int before = log_count;
    bioCreateCloseJob(fds[1], 1);
    bioDrainWorker(BIO_CLOSE_FILE);
    TEST_ASSERT(read(fds[0], &c, 1) == 0);
    TEST_ASSERT(log_count == before);
    close(fds[0]);

    gateOpen(&g);
    bioDrainWorker(BIO_LAZY_FREE);
}

/* The fsync job records its outcome; a success clears an earlier failure. */
static void test_fsync_status(void) {
    char path[] = "/tmp/test_bio_XXXXXX";
    int fd = mkstemp(path);
    TEST_ASSERT(fd != -1);
    TEST_ASSERT(write(fd, "data", 4) == 4);
    atomic_store(&server.aof_bio_fsync_status, C_ERR);
    atomic_store(&server.aof_bio_fsync_errno, EIO);
    bioCreateFsyncJob(fd);
    bioDrainWorker(BIO_AOF_FSYNC);
    TEST_ASSERT(atomic_load(&server.aof_bio_fsync_status) == C_OK);
    /* A descriptor closed meanwhile (EBADF) says nothing about the disk. */
    int bad = open("/dev/null", O_RDONLY);
    close(bad);
    bioCreateFsyncJob(bad);
    bioDrainWorker(BIO_AOF_FSYNC);
    TEST_ASSERT(atomic_load(&server.aof_bio_fsync_status) == C_OK);
    close(fd);
    unlink(path);
}

/* A forked child has no bio threads: its jobs run inline, and counting
 * never touches the locks it inherited. */
static void test_child_runs_inline(void) {
    gate g;
    gateInit(&g);
    bioCreateLazyFreeJob(gateJob, 1, &g);
    gateWaitEntered(&g, 1);
    pid_t pid = fork();
    if (pid == 0) {
        resetRecord();
        bioCreateLazyFreeJob(recordJob, 1, (void *)(intptr_t)5);
        int ok = atomic_load(&done_count) == 1 && done_order[0] == 5 && bioPendingJobsOfType(BIO_LAZY_FREE) == 0;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    TEST_ASSERT(pid > 0);
    TEST_ASSERT(waitpid(pid, &status, 0) == pid);
    TEST_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    gateOpen(&g);
    bioDrainWorker(BIO_LAZY_FREE);
}

/* Killed threads run no more jobs; later jobs run inline. */
static void test_kill_threads(void) {
    bioKillThreads();
    TEST_ASSERT(strstr(last_log, "terminated") != NULL);
    resetRecord();
    bioCreateLazyFreeJob(recordJob, 1, (void *)(intptr_t)9);
    TEST_ASSERT(atomic_load(&done_count) == 1);
    TEST_ASSERT(pthread_equal(done_thread, pthread_self()));
    bioDrainWorker(BIO_LAZY_FREE); /* returns: nobody left to wait for */
}

int main(void) {
    RUN_TEST(test_inline_before_init);
    bioInit();
    RUN_TEST(test_fifo_order_in_worker);
    RUN_TEST(test_pending_and_step);
    RUN_TEST(test_close_job_independent);
    RUN_TEST(test_fsync_status);
    RUN_TEST(test_child_runs_inline);
    RUN_TEST(test_kill_threads);
    return TEST_REPORT();
}
