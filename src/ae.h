/* ae.h - the event loop (reactor) the server runs on.
 *
 * One aeEventLoop multiplexes two kinds of events:
 *
 *   - file events: a descriptor became readable and/or writable.  Handlers
 *     are registered per fd (fd indexes an array of `setsize` slots), one
 *     handler for reading and one for writing.
 *   - time events: a callback due at a point of the monotonic clock.  The
 *     callback returns how many milliseconds later it wants to run again, or
 *     AE_NOMORE to be removed.
 *
 * The poller backend (epoll, kqueue or select) is chosen when ae.c is
 * compiled; see aeGetApiName().  The loop is single threaded: none of these
 * functions may be called on one loop from two threads at once. */
#ifndef AE_H
#define AE_H

#include "monotonic.h"

#define AE_OK 0
#define AE_ERR -1

/* File event masks. */
#define AE_NONE 0
#define AE_READABLE 1
#define AE_WRITABLE 2
/* With AE_BARRIER the writable handler of an fd runs before its readable
 * handler when both fire in one iteration (normally reads come first).  This
 * lets a handler persist state (e.g. fsync the AOF) before replying. */
#define AE_BARRIER 4

/* aeProcessEvents() flags. */
#define AE_FILE_EVENTS (1 << 0)
#define AE_TIME_EVENTS (1 << 1)
#define AE_ALL_EVENTS (AE_FILE_EVENTS | AE_TIME_EVENTS)
#define AE_DONT_WAIT (1 << 2)          /* poll without blocking */
#define AE_CALL_BEFORE_SLEEP (1 << 3)  /* run the beforesleep hook */
#define AE_CALL_AFTER_SLEEP (1 << 4)   /* run the aftersleep hook */

/* Returned by a time event callback to stop being called. */
#define AE_NOMORE -1
/* Id a removed time event carries until it is freed. */
#define AE_DELETED_EVENT_ID -1

struct aeEventLoop;

typedef void aeFileProc(struct aeEventLoop *eventLoop, int fd, void *clientData, int mask);
typedef int aeTimeProc(struct aeEventLoop *eventLoop, long long id, void *clientData);
typedef void aeEventFinalizerProc(struct aeEventLoop *eventLoop, void *clientData);
typedef void aeBeforeSleepProc(struct aeEventLoop *eventLoop);

/* A registered file event: one slot per fd. */
typedef struct aeFileEvent {
    int mask;                  /* AE_(READABLE|WRITABLE|BARRIER), or AE_NONE */
    aeFileProc *rfileProc;
    aeFileProc *wfileProc;
    void *clientData;
} aeFileEvent;

/* A timer.  Timers live in a doubly linked list sorted by due time. */
typedef struct aeTimeEvent {
    long long id;              /* AE_DELETED_EVENT_ID once removed */
    monotime when;             /* due time, monotonic microseconds */
    aeTimeProc *timeProc;
    aeEventFinalizerProc *finalizerProc;
    void *clientData;
    struct aeTimeEvent *prev;
    struct aeTimeEvent *next;
    int refcount;              /* batches of aeProcessEvents holding it */
    int running;               /* its callback is on the stack */
} aeTimeEvent;

/* An fd the poller reported ready, with what it is ready for. */
typedef struct aeFiredEvent {
    int fd;
    int mask;
} aeFiredEvent;

typedef struct aeEventLoop {
    int maxfd;                 /* highest fd with events, -1 if none */
    int setsize;               /* fds must be < setsize */
    long long timeEventNextId;
    aeFileEvent *events;       /* setsize slots, indexed by fd */
    aeFiredEvent *fired;       /* setsize slots, filled by the poller */
    aeTimeEvent *timeEventHead;  /* soonest first */
    aeTimeEvent *timeEventTail;
    int stop;                  /* set by aeStop(), ends aeMain() */
    void *apidata;             /* backend state */
    aeBeforeSleepProc *beforesleep;
    aeBeforeSleepProc *aftersleep;
    int flags;                 /* AE_DONT_WAIT from aeSetDontWait() */
} aeEventLoop;

/* Create a loop able to watch fds 0..setsize-1.  NULL on failure (the
 * backend could not be created, or setsize is not supported by it). */
aeEventLoop *aeCreateEventLoop(int setsize);
/* Free the loop.  Pending timers are removed, running their finalizers.
 * Registered fds are not closed. */
void aeDeleteEventLoop(aeEventLoop *eventLoop);
/* Make aeMain() return after the current iteration. */
void aeStop(aeEventLoop *eventLoop);

/* Watch fd for `mask` (AE_READABLE and/or AE_WRITABLE, optionally
 * AE_BARRIER), calling proc when ready.  Adds to what is already watched
 * for fd; clientData replaces the fd's previous one.  AE_ERR with errno
 * ERANGE if fd >= setsize, or the backend's errno. */
int aeCreateFileEvent(aeEventLoop *eventLoop, int fd, int mask, aeFileProc *proc, void *clientData);
/* Stop watching fd for `mask`.  Removing AE_WRITABLE removes AE_BARRIER. */
void aeDeleteFileEvent(aeEventLoop *eventLoop, int fd, int mask);
/* The mask registered for fd (AE_NONE if nothing). */
int aeGetFileEvents(aeEventLoop *eventLoop, int fd);
/* The clientData registered for fd, NULL if the fd has no events. */
void *aeGetFileClientData(aeEventLoop *eventLoop, int fd);

/* Run proc `milliseconds` from now; returns the timer id (>= 0).  The
 * finalizer, if any, runs once when the timer is removed, whichever way. */
long long aeCreateTimeEvent(aeEventLoop *eventLoop, long long milliseconds, aeTimeProc *proc,
                            void *clientData, aeEventFinalizerProc *finalizerProc);
/* Remove a timer; AE_ERR if no live timer has that id.  Safe from any
 * callback, including the timer's own. */
int aeDeleteTimeEvent(aeEventLoop *eventLoop, long long id);

/* One iteration: wait for file events (unless AE_DONT_WAIT, or there are no
 * fds and no timers to wait for), dispatch them, then run due timers.
 * Returns the number of file and time events processed. */
int aeProcessEvents(aeEventLoop *eventLoop, int flags);
/* Block until fd is ready for `mask` or `milliseconds` pass (-1: forever),
 * outside any loop.  Returns the ready mask, 0 on timeout, -1 on error. */
int aeWait(int fd, int mask, long long milliseconds);
/* Iterate until aeStop(), calling the sleep hooks around each wait. */
void aeMain(aeEventLoop *eventLoop);
/* Name of the backend: "epoll", "kqueue" or "select". */
char *aeGetApiName(void);

/* Hooks called before and after each wait (when the flags ask for them). */
void aeSetBeforeSleepProc(aeEventLoop *eventLoop, aeBeforeSleepProc *beforesleep);
void aeSetAfterSleepProc(aeEventLoop *eventLoop, aeBeforeSleepProc *aftersleep);

int aeGetSetSize(aeEventLoop *eventLoop);
/* Change setsize.  AE_ERR if an fd >= the new size has events (or the
 * backend refuses the size); the loop is unchanged then. */
int aeResizeSetSize(aeEventLoop *eventLoop, int setsize);
/* With noWait set, waits do not block (until cleared again): used while
 * there is work pending that must not wait for an event. */
void aeSetDontWait(aeEventLoop *eventLoop, int noWait);

#endif
