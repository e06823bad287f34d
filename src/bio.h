/* bio.h - background I/O: jobs the main thread hands to worker threads
 * because they may block or take long (see bio.c).
 *
 * There is one thread per job type, each with its own FIFO queue, so a slow
 * fsync never delays a lazy free and jobs of one type run in the order they
 * were created:
 *
 *   BIO_CLOSE_FILE  close(2) a file, optionally fsync'ing it first: closing
 *                   the last descriptor of an unlinked file frees its blocks,
 *                   which can take long on some file systems.
 *   BIO_AOF_FSYNC   fsync the append only file; the outcome goes to
 *                   server.aof_bio_fsync_status / aof_bio_fsync_errno.
 *   BIO_LAZY_FREE   call a free function with the arguments given (lazyfree.c
 *                   frees big values, whole databases).
 *
 * A job's arguments belong to the job: the main thread must not touch them
 * once the job is created. */
#ifndef BIO_H
#define BIO_H

#define BIO_CLOSE_FILE 0
#define BIO_AOF_FSYNC 1
#define BIO_LAZY_FREE 2
#define BIO_NUM_OPS 3

/* A lazy free job's function: args are those given to bioCreateLazyFreeJob. */
typedef void lazy_free_fn(void *args[]);

/* Start the threads (exits the process if it cannot).  Until then, and in a
 * forked child (which has no threads), jobs run at once in the caller. */
void bioInit(void);

void bioCreateCloseJob(int fd, int need_fsync);
void bioCreateFsyncJob(int fd);
/* arg_count pointers follow. */
void bioCreateLazyFreeJob(lazy_free_fn *free_fn, int arg_count, ...);

/* Jobs of a type created and not yet finished (the running one included). */
unsigned long bioPendingJobsOfType(int type);
/* Wait until the job of that type being run now has finished (returns at
 * once when there is none); returns the number still pending. */
unsigned long bioWaitStepOfType(int type);
/* Wait until every job of that type created so far has finished. */
void bioDrainWorker(int type);

/* Stop the threads, for a dying process: an idle thread stops at once, a
 * busy one when its job reaches a cancellation point or ends.  The calling
 * thread is spared if it is a bio thread.  Jobs still queued are dropped. */
void bioKillThreads(void);

#endif
