/* bio.c - background I/O threads (see bio.h for the job types).
 *
 * Each job type has a worker: a thread, a mutex, a FIFO of jobs and two
 * condition variables.  The main thread appends a job and signals
 * 'newjob'; the worker takes the head, runs it WITHOUT holding the lock
 * (so the main thread never waits for a job to run, only for the queue
 * operation), then removes it, and broadcasts 'step' for whoever waits in
 * bioWaitStepOfType / bioDrainWorker.  A job stays at the head of its queue
 * while it runs, so 'pending' counts the running job too: a caller that sees
 * zero pending knows every job it created has completed.
 *
 *      main thread                       worker (one per type)
 *      -----------                       ---------------------
 *      lock; append; pending++           lock
 *      signal newjob; unlock ------->    while queue empty: wait newjob
 *                                        job = head; unlock
 *                                        run job
 *                                        lock; pop head; pending--
 *      bioWaitStepOfType waits  <-----   broadcast step
 *
 * Threads are cancelled only at their cancellation points (the wait, and
 * the system calls of file jobs): an asynchronous cancel could stop a thread
 * inside the allocator with its locks held, and wedge everything after.
 *
 * Worker threads block the asynchronous signals the server handles, so
 * SIGTERM, SIGINT, SIGUSR1 and SIGCHLD always land on the main thread. */
#include "server.h"
#include "bio.h"

#include <pthread.h>
#include <stdatomic.h>

/* A queued job.  Lazy free jobs carry their arguments in args[]. */
typedef struct bioJob {
    struct bioJob *next;
    union {
        struct {
            int fd;
            int need_fsync;
        } file;
        struct {
            lazy_free_fn *fn;
            int argc;
        } free;
    } u;
    void *args[];
} bioJob;

typedef struct bioWorker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t newjob; /* a job was queued */
    pthread_cond_t step;   /* a job finished */
    bioJob *head, *tail;
    unsigned long pending;
    int running;           /* the thread exists */
} bioWorker;

static bioWorker workers[BIO_NUM_OPS];

/* Thread names, as `ps -T` and /proc/<pid>/task/<tid>/comm show them; the
 * same as Redis's so that operators find them. */
static const char *const worker_names[BIO_NUM_OPS] = {"bio_close_file", "bio_aof_fsync", "bio_lazy_free"};

/* The process that started the threads.  Threads do not survive fork():
 * a child that creates a job runs it itself. */
static pid_t bio_pid = -1;

/* fdatasync where there is one: the file's data, not every metadata update,
 * is what durability needs. */
static int bioFsync(int fd) {
#if defined(__linux__)
    return fdatasync(fd);
#else
    return fsync(fd);
#endif
}

/* ===========================================================================
 * Running a job
 * ======================================================================== */

static void bioRunCloseJob(bioJob *job) {
    /* EBADF/EINVAL: not a file that can be synced (a pipe, a socket);
     * closing it is still the job. */
    if (job->u.file.need_fsync && bioFsync(job->u.file.fd) == -1 && errno != EBADF && errno != EINVAL)
        serverLog(LL_WARNING, "Background fsync before closing a file failed: %s", strerror(errno));
    if (close(job->u.file.fd) == -1 && errno != EINTR)
        serverLog(LL_WARNING, "Background close of a file failed: %s", strerror(errno));
}

/* The AOF code reads the outcome: it must stop accepting writes when the
 * disk fails, and recovers when a later fsync succeeds.  The failure is
 * logged once, not on every second's retry. */
static void bioRunFsyncJob(bioJob *job) {
    /* The main thread may have closed the descriptor (and the number may
     * already name another file, socket or pipe): EBADF and EINVAL say
     * nothing about the AOF's disk. */
    if (bioFsync(job->u.file.fd) == -1 && errno != EBADF && errno != EINVAL) {
        int err = errno;
        int was = atomic_exchange(&server.aof_bio_fsync_status, C_ERR);
        atomic_store(&server.aof_bio_fsync_errno, err);
        if (was == C_OK) serverLog(LL_WARNING, "Fail to fsync the AOF file: %s", strerror(err));
    } else {
        atomic_store(&server.aof_bio_fsync_status, C_OK);
    }
}

static void bioRunJob(int type, bioJob *job) {
    switch (type) {
    case BIO_CLOSE_FILE: bioRunCloseJob(job); break;
    case BIO_AOF_FSYNC: bioRunFsyncJob(job); break;
    case BIO_LAZY_FREE: job->u.free.fn(job->args); break;
    default: serverPanic("Wrong job type in bioRunJob(): %d", type);
    }
}

/* ===========================================================================
 * The workers
 * ======================================================================== */

static void bioUnlockOnCancel(void *arg) { pthread_mutex_unlock(arg); }

static void *bioWorkerMain(void *arg) {
    int type = (int)(intptr_t)arg;
    bioWorker *w = &workers[type];

#if defined(__linux__)
    pthread_setname_np(pthread_self(), worker_names[type]);
#endif
    if (setCpuAffinity(server.bio_cpulist) != 0)
        serverLog(LL_WARNING, "Could not set the CPU affinity of %s to bio_cpulist '%s'", worker_names[type],
                  server.bio_cpulist);
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGALRM);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    sigaddset(&sigs, SIGUSR1);
    sigaddset(&sigs, SIGUSR2);
    sigaddset(&sigs, SIGCHLD);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, NULL);

    for (;;) {
        /* Cancelled inside pthread_cond_wait, the thread owns the mutex
         * again: the cleanup handler lets it go, or bioPendingJobsOfType
         * would wait forever. */
        bioJob *job;
        pthread_mutex_lock(&w->lock);
        pthread_cleanup_push(bioUnlockOnCancel, &w->lock);
        while (w->head == NULL) pthread_cond_wait(&w->newjob, &w->lock);
        job = w->head;
        pthread_cleanup_pop(1);

        /* Run without the lock: a cancel here (in close or fsync) leaves
         * the queue consistent, only this job is lost. */
        bioRunJob(type, job);

        pthread_mutex_lock(&w->lock);
        w->head = job->next;
        if (w->head == NULL) w->tail = NULL;
        w->pending--;
        pthread_cond_broadcast(&w->step);
        pthread_mutex_unlock(&w->lock);
        zfree(job);
    }
    return NULL;
}

void bioInit(void) {
    atomic_store(&server.aof_bio_fsync_status, C_OK);
    atomic_store(&server.aof_bio_fsync_errno, 0);
    for (int j = 0; j < BIO_NUM_OPS; j++) {
        bioWorker *w = &workers[j];
        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->newjob, NULL);
        pthread_cond_init(&w->step, NULL);
        w->head = w->tail = NULL;
        w->pending = 0;
        w->running = 0;
    }
    bio_pid = getpid();
    for (int j = 0; j < BIO_NUM_OPS; j++) {
        int err = pthread_create(&workers[j].thread, NULL, bioWorkerMain, (void *)(intptr_t)j);
        if (err != 0) {
            serverLog(LL_WARNING, "Fatal: Can't initialize Background Jobs. Error message: %s", strerror(err));
            exit(1);
        }
        workers[j].running = 1;
    }
}

/* Queue a job, or run it right here when there is no thread to run it. */
static void bioSubmit(int type, bioJob *job) {
    bioWorker *w = &workers[type];
    if (bio_pid == -1 || bio_pid != getpid() || !w->running) {
        bioRunJob(type, job);
        zfree(job);
        return;
    }
    job->next = NULL;
    pthread_mutex_lock(&w->lock);
    if (w->tail) w->tail->next = job;
    else w->head = job;
    w->tail = job;
    w->pending++;
    pthread_cond_signal(&w->newjob);
    pthread_mutex_unlock(&w->lock);
}

void bioCreateCloseJob(int fd, int need_fsync) {
    bioJob *job = zmalloc(sizeof(*job));
    job->u.file.fd = fd;
    job->u.file.need_fsync = need_fsync;
    bioSubmit(BIO_CLOSE_FILE, job);
}

void bioCreateFsyncJob(int fd) {
    bioJob *job = zmalloc(sizeof(*job));
    job->u.file.fd = fd;
    job->u.file.need_fsync = 1;
    bioSubmit(BIO_AOF_FSYNC, job);
}

void bioCreateLazyFreeJob(lazy_free_fn *free_fn, int arg_count, ...) {
    serverAssert(arg_count >= 0);
    bioJob *job = zmalloc(sizeof(*job) + sizeof(void *) * arg_count);
    job->u.free.fn = free_fn;
    job->u.free.argc = arg_count;
    va_list ap;
    va_start(ap, arg_count);
    for (int j = 0; j < arg_count; j++) job->args[j] = va_arg(ap, void *);
    va_end(ap);
    bioSubmit(BIO_LAZY_FREE, job);
}

/* ===========================================================================
 * Waiting and counting
 * ======================================================================== */

/* In a process without the threads nothing is ever pending (jobs run
 * inline), and the locks may have been copied held by a thread that does
 * not exist here: do not touch them. */
static int bioHasThreads(void) { return bio_pid != -1 && bio_pid == getpid(); }

unsigned long bioPendingJobsOfType(int type) {
    if (!bioHasThreads()) return 0;
    bioWorker *w = &workers[type];
    pthread_mutex_lock(&w->lock);
    unsigned long pending = w->pending;
    pthread_mutex_unlock(&w->lock);
    return pending;
}

unsigned long bioWaitStepOfType(int type) {
    if (!bioHasThreads()) return 0;
    bioWorker *w = &workers[type];
    pthread_mutex_lock(&w->lock);
    if (w->pending != 0 && w->running) pthread_cond_wait(&w->step, &w->lock);
    unsigned long pending = w->pending;
    pthread_mutex_unlock(&w->lock);
    return pending;
}

void bioDrainWorker(int type) {
    if (!bioHasThreads()) return;
    bioWorker *w = &workers[type];
    pthread_mutex_lock(&w->lock);
    while (w->pending != 0 && w->running) pthread_cond_wait(&w->step, &w->lock);
    pthread_mutex_unlock(&w->lock);
}

void bioKillThreads(void) {
    if (!bioHasThreads()) return;
    for (int j = 0; j < BIO_NUM_OPS; j++) {
        bioWorker *w = &workers[j];
        if (!w->running || pthread_equal(w->thread, pthread_self())) continue;
        if (pthread_cancel(w->thread) == 0) {
            int err = pthread_join(w->thread, NULL);
            if (err != 0) serverLog(LL_WARNING, "Bio thread for job type #%d can not be joined: %s", j, strerror(err));
            else serverLog(LL_WARNING, "Bio thread for job type #%d terminated", j);
        }
        w->running = 0;
    }
}
