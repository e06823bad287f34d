/* ae.c - the event loop: a reactor over epoll, kqueue or select.
 *
 * How one iteration (aeProcessEvents) goes:
 *
 *   1. beforesleep hook (if asked for).  It may call aeSetDontWait() when it
 *      leaves work pending, so it runs before the timeout is chosen.
 *   2. Choose how long to wait: zero when not allowed to block, otherwise
 *      until the soonest timer is due, or forever when there is no timer.
 *   3. Ask the backend (aeApiPoll) which fds are ready; it fills
 *      eventLoop->fired with one entry per fd.
 *   4. aftersleep hook (if asked for).
 *   5. Dispatch each ready fd: readable handler, then writable handler (the
 *      other way round with AE_BARRIER).  When the same function is
 *      registered for both directions it is called once, with the whole
 *      ready mask.  Handlers may add or remove any event, close fds or
 *      resize the loop; every slot is re-read after each call.
 *   6. Run the timers that are due.  They are picked up as a batch first, so
 *      a timer created or rescheduled by a callback waits for a later
 *      iteration, and they run soonest first.
 *
 * Timers are kept in a list sorted by due time, so the soonest one is at
 * the head and the wait timeout costs nothing to compute; creating one walks
 * back from the tail, which is where new timers usually belong.  A server
 * has a handful of timers, so a list beats a heap here.
 *
 * Removing a timer while a batch holds it (its own callback deleting it, or
 * a callback deleting a timer further down the batch) only marks it with
 * AE_DELETED_EVENT_ID; the batch frees it, and runs its finalizer, when it
 * lets go.  A timer nobody holds is freed at once.
 *
 * The backend is a .c file #included below, chosen at compile time: epoll
 * on Linux, kqueue on the BSDs and macOS, select elsewhere or when
 * AE_FORCE_SELECT is defined.  Each backend provides the same static
 * functions: aeApiCreate, aeApiResize, aeApiFree, aeApiAddEvent,
 * aeApiDelEvent, aeApiPoll and aeApiName. */
#include "ae.h"
#include "zmalloc.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#if !defined(AE_FORCE_SELECT) && !defined(HAVE_EPOLL) && !defined(HAVE_KQUEUE)
#if defined(__linux__)
#define HAVE_EPOLL 1
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
#define HAVE_KQUEUE 1
#endif
#endif

/* Lets the backend files tell they are being included from here. */
#define AE_BACKEND_FROM_AE_C 1

#if defined(AE_FORCE_SELECT)
#include "ae_select.c"
#elif defined(HAVE_EPOLL)
#include "ae_epoll.c"
#elif defined(HAVE_KQUEUE)
#include "ae_kqueue.c"
#else
#include "ae_select.c"
#endif

/* ------------------------------------------------------------------------
 * Loop lifetime
 * ------------------------------------------------------------------------ */

static void aeRemoveTimer(aeEventLoop *eventLoop, aeTimeEvent *te);

aeEventLoop *aeCreateEventLoop(int setsize) {
    if (setsize <= 0) return NULL;
    aeEventLoop *el = zcalloc(sizeof(*el));
    /* zcalloc leaves every mask at AE_NONE. */
    el->events = zcalloc(sizeof(aeFileEvent) * (size_t)setsize);
    el->fired = zcalloc(sizeof(aeFiredEvent) * (size_t)setsize);
    el->setsize = setsize;
    el->maxfd = -1;
    el->timeEventNextId = 0;
    if (aeApiCreate(el) == -1) {
        zfree(el->events);
        zfree(el->fired);
        zfree(el);
        return NULL;
    }
    return el;
}

void aeDeleteEventLoop(aeEventLoop *eventLoop) {
    if (eventLoop == NULL) return;
    /* Take the timers off one at a time from the head: a finalizer may
     * remove other timers, which unlinks them, so no pointer into the list
     * is kept across a finalizer call. */
    while (eventLoop->timeEventHead) {
        aeTimeEvent *te = eventLoop->timeEventHead;
        te->refcount = 0;
        aeRemoveTimer(eventLoop, te);
    }
    aeApiFree(eventLoop);
    zfree(eventLoop->events);
    zfree(eventLoop->fired);
    zfree(eventLoop);
}

void aeStop(aeEventLoop *eventLoop) {
    eventLoop->stop = 1;
}

int aeGetSetSize(aeEventLoop *eventLoop) {
    return eventLoop->setsize;
}

int aeResizeSetSize(aeEventLoop *eventLoop, int setsize) {
    if (setsize <= 0) return AE_ERR;
    if (setsize == eventLoop->setsize) return AE_OK;
    if (eventLoop->maxfd >= setsize) return AE_ERR;
    if (aeApiResize(eventLoop, setsize) == -1) return AE_ERR;

    eventLoop->events = zrealloc(eventLoop->events, sizeof(aeFileEvent) * (size_t)setsize);
    eventLoop->fired = zrealloc(eventLoop->fired, sizeof(aeFiredEvent) * (size_t)setsize);
    for (int i = eventLoop->setsize; i < setsize; i++) {
        memset(&eventLoop->events[i], 0, sizeof(aeFileEvent));
        eventLoop->events[i].mask = AE_NONE;
    }
    eventLoop->setsize = setsize;
    return AE_OK;
}

void aeSetDontWait(aeEventLoop *eventLoop, int noWait) {
    if (noWait)
        eventLoop->flags |= AE_DONT_WAIT;
    else
        eventLoop->flags &= ~AE_DONT_WAIT;
}

void aeSetBeforeSleepProc(aeEventLoop *eventLoop, aeBeforeSleepProc *beforesleep) {
    eventLoop->beforesleep = beforesleep;
}

void aeSetAfterSleepProc(aeEventLoop *eventLoop, aeBeforeSleepProc *aftersleep) {
    eventLoop->aftersleep = aftersleep;
}

char *aeGetApiName(void) {
    return aeApiName();
}

/* ------------------------------------------------------------------------
 * File events
 * ------------------------------------------------------------------------ */

int aeCreateFileEvent(aeEventLoop *eventLoop, int fd, int mask, aeFileProc *proc, void *clientData) {
    if (fd < 0) {
        errno = EBADF;
        return AE_ERR;
    }
    if (fd >= eventLoop->setsize) {
        errno = ERANGE;
        return AE_ERR;
    }
    mask &= AE_READABLE | AE_WRITABLE | AE_BARRIER;
    if (!(mask & (AE_READABLE | AE_WRITABLE))) return AE_OK; /* nothing to watch */
    aeFileEvent *fe = &eventLoop->events[fd];

    /* The backend reads the old mask from the slot, so update it after. */
    if (aeApiAddEvent(eventLoop, fd, mask & (AE_READABLE | AE_WRITABLE)) == -1) return AE_ERR;
    fe->mask |= mask;
    if (mask & AE_READABLE) fe->rfileProc = proc;
    if (mask & AE_WRITABLE) fe->wfileProc = proc;
    fe->clientData = clientData;
    if (fd > eventLoop->maxfd) eventLoop->maxfd = fd;
    return AE_OK;
}

void aeDeleteFileEvent(aeEventLoop *eventLoop, int fd, int mask) {
    if (fd < 0 || fd >= eventLoop->setsize) return;
    aeFileEvent *fe = &eventLoop->events[fd];
    if (fe->mask == AE_NONE) return;

    /* A barrier only means something for the writable side. */
    if (mask & AE_WRITABLE) mask |= AE_BARRIER;
    int io = fe->mask & mask & (AE_READABLE | AE_WRITABLE);
    if (io) aeApiDelEvent(eventLoop, fd, io);
    fe->mask &= ~mask;
    if (!(fe->mask & AE_READABLE)) fe->rfileProc = NULL;
    if (!(fe->mask & AE_WRITABLE)) fe->wfileProc = NULL;
    if ((fe->mask & (AE_READABLE | AE_WRITABLE)) == AE_NONE) fe->mask = AE_NONE;

    if (fe->mask == AE_NONE) {
        fe->clientData = NULL;
        if (fd == eventLoop->maxfd) {
            int j = fd - 1;
            while (j >= 0 && eventLoop->events[j].mask == AE_NONE) j--;
            eventLoop->maxfd = j;
        }
    }
}

int aeGetFileEvents(aeEventLoop *eventLoop, int fd) {
    if (fd < 0 || fd >= eventLoop->setsize) return AE_NONE;
    return eventLoop->events[fd].mask;
}

void *aeGetFileClientData(aeEventLoop *eventLoop, int fd) {
    if (fd < 0 || fd >= eventLoop->setsize) return NULL;
    aeFileEvent *fe = &eventLoop->events[fd];
    return fe->mask == AE_NONE ? NULL : fe->clientData;
}

/* ------------------------------------------------------------------------
 * Time events
 * ------------------------------------------------------------------------ */

static void aeUnlinkTimer(aeEventLoop *eventLoop, aeTimeEvent *te) {
    if (te->prev)
        te->prev->next = te->next;
    else
        eventLoop->timeEventHead = te->next;
    if (te->next)
        te->next->prev = te->prev;
    else
        eventLoop->timeEventTail = te->prev;
    te->prev = te->next = NULL;
}

/* Link te at its place by due time, after any timer due at the same time,
 * so that timers due together run in creation order. */
static void aeLinkTimer(aeEventLoop *eventLoop, aeTimeEvent *te) {
    aeTimeEvent *after = eventLoop->timeEventTail;
    while (after && after->when > te->when) after = after->prev;
    te->prev = after;
    if (after) {
        te->next = after->next;
        after->next = te;
    } else {
        te->next = eventLoop->timeEventHead;
        eventLoop->timeEventHead = te;
    }
    if (te->next)
        te->next->prev = te;
    else
        eventLoop->timeEventTail = te;
}

/* Mark te removed; free it now unless a batch still holds it. */
static void aeRemoveTimer(aeEventLoop *eventLoop, aeTimeEvent *te) {
    te->id = AE_DELETED_EVENT_ID;
    if (te->refcount > 0) return;
    aeUnlinkTimer(eventLoop, te);
    if (te->finalizerProc) te->finalizerProc(eventLoop, te->clientData);
    zfree(te);
}

/* Now plus `milliseconds`, saturating instead of wrapping around. */
static monotime aeDueTime(long long milliseconds) {
    monotime now = getMonotonicUs();
    if (milliseconds <= 0) return now;
    if ((monotime)milliseconds > (UINT64_MAX - now) / 1000u) return UINT64_MAX;
    return now + (monotime)milliseconds * 1000u;
}

long long aeCreateTimeEvent(aeEventLoop *eventLoop, long long milliseconds, aeTimeProc *proc,
                            void *clientData, aeEventFinalizerProc *finalizerProc) {
    aeTimeEvent *te = zcalloc(sizeof(*te));
    te->id = eventLoop->timeEventNextId++;
    te->when = aeDueTime(milliseconds);
    te->timeProc = proc;
    te->finalizerProc = finalizerProc;
    te->clientData = clientData;
    aeLinkTimer(eventLoop, te);
    return te->id;
}

int aeDeleteTimeEvent(aeEventLoop *eventLoop, long long id) {
    if (id < 0) return AE_ERR;
    for (aeTimeEvent *te = eventLoop->timeEventHead; te; te = te->next) {
        if (te->id == id) {
            aeRemoveTimer(eventLoop, te);
            return AE_OK;
        }
    }
    return AE_ERR;
}

/* Microseconds until the soonest timer that could run, 0 if overdue, -1 if
 * there is none.  Timers whose callback is on the stack are skipped: they
 * cannot run until it returns. */
static long long aeUsUntilEarliestTimer(aeEventLoop *eventLoop) {
    for (aeTimeEvent *te = eventLoop->timeEventHead; te; te = te->next) {
        if (te->id == AE_DELETED_EVENT_ID || te->running) continue;
        monotime now = getMonotonicUs();
        if (te->when <= now) return 0;
        monotime us = te->when - now;
        return us > (monotime)LLONG_MAX ? LLONG_MAX : (long long)us;
    }
    return -1;
}

#define AE_TIMER_BATCH_ON_STACK 16

static int aeProcessTimeEvents(aeEventLoop *eventLoop) {
    aeTimeEvent *onstack[AE_TIMER_BATCH_ON_STACK];
    aeTimeEvent **batch = onstack;
    monotime now = getMonotonicUs();
    int count = 0, processed = 0;

    /* The list is sorted, so the due timers come first.  Count, then take
     * a reference on each: no callback runs in between, so the list cannot
     * change under the two walks. */
    for (aeTimeEvent *te = eventLoop->timeEventHead; te && te->when <= now; te = te->next)
        if (te->id != AE_DELETED_EVENT_ID && !te->running) count++;
    if (count == 0) return 0;
    if (count > AE_TIMER_BATCH_ON_STACK) batch = zmalloc(sizeof(*batch) * (size_t)count);
    int n = 0;
    for (aeTimeEvent *te = eventLoop->timeEventHead; te && n < count && te->when <= now; te = te->next) {
        if (te->id == AE_DELETED_EVENT_ID || te->running) continue;
        te->refcount++;
        batch[n++] = te;
    }

    for (int i = 0; i < n; i++) {
        aeTimeEvent *te = batch[i];
        /* An earlier callback may have removed it, or (from a nested
         * aeProcessEvents) already run and rescheduled it. */
        if (te->id == AE_DELETED_EVENT_ID || te->running || te->when > now) continue;

        te->running = 1;
        int ret = te->timeProc(eventLoop, te->id, te->clientData);
        te->running = 0;
        processed++;

        if (te->id == AE_DELETED_EVENT_ID) continue; /* removed itself */
        if (ret == AE_NOMORE) {
            aeRemoveTimer(eventLoop, te); /* held: freed below */
        } else {
            aeUnlinkTimer(eventLoop, te);
            te->when = aeDueTime(ret);
            aeLinkTimer(eventLoop, te);
        }
    }

    /* Let go; timers removed meanwhile are freed here, finalizer and all. */
    for (int i = 0; i < n; i++) {
        aeTimeEvent *te = batch[i];
        te->refcount--;
        if (te->refcount == 0 && te->id == AE_DELETED_EVENT_ID) aeRemoveTimer(eventLoop, te);
    }
    if (batch != onstack) zfree(batch);
    return processed;
}

/* ------------------------------------------------------------------------
 * The loop
 * ------------------------------------------------------------------------ */

int aeProcessEvents(aeEventLoop *eventLoop, int flags) {
    int processed = 0;

    if (!(flags & (AE_FILE_EVENTS | AE_TIME_EVENTS))) return 0;

    /* Poll when there are fds to watch, and also with none when we may
     * sleep until the next timer. */
    if (eventLoop->maxfd != -1 || ((flags & AE_TIME_EVENTS) && !(flags & AE_DONT_WAIT))) {
        if ((flags & AE_CALL_BEFORE_SLEEP) && eventLoop->beforesleep)
            eventLoop->beforesleep(eventLoop);

        long long timeout_us;
        if ((flags & AE_DONT_WAIT) || (eventLoop->flags & AE_DONT_WAIT))
            timeout_us = 0;
        else if (flags & AE_TIME_EVENTS)
            timeout_us = aeUsUntilEarliestTimer(eventLoop);
        else
            timeout_us = -1;

        int numevents = aeApiPoll(eventLoop, timeout_us);

        if ((flags & AE_CALL_AFTER_SLEEP) && eventLoop->aftersleep)
            eventLoop->aftersleep(eventLoop);

        /* Polled only to sleep: ignore what came. */
        if (!(flags & AE_FILE_EVENTS)) numevents = 0;

        for (int j = 0; j < numevents; j++) {
            /* A handler may have shrunk the loop (and the fired array). */
            if (j >= eventLoop->setsize) break;
            int fd = eventLoop->fired[j].fd;
            int mask = eventLoop->fired[j].mask;
            if (fd >= eventLoop->setsize) continue;

            aeFileEvent *fe = &eventLoop->events[fd];
            int barrier = fe->mask & AE_BARRIER;
            aeFileProc *called = NULL; /* the handler already run for fd */

            if (!barrier && (fe->mask & mask & AE_READABLE)) {
                called = fe->rfileProc;
                called(eventLoop, fd, fe->clientData, mask);
                if (fd >= eventLoop->setsize) continue;
                fe = &eventLoop->events[fd]; /* may have moved */
            }
            if ((fe->mask & mask & AE_WRITABLE) && fe->wfileProc != called) {
                called = fe->wfileProc;
                called(eventLoop, fd, fe->clientData, mask);
                if (fd >= eventLoop->setsize) continue;
                fe = &eventLoop->events[fd];
            }
            if (barrier && (fe->mask & mask & AE_READABLE) && fe->rfileProc != called)
                fe->rfileProc(eventLoop, fd, fe->clientData, mask);
            processed++;
        }
    }

    if (flags & AE_TIME_EVENTS) processed += aeProcessTimeEvents(eventLoop);
    return processed;
}

int aeWait(int fd, int mask, long long milliseconds) {
    struct pollfd pfd;
    memset(&pfd, 0, sizeof(pfd));
    pfd.fd = fd;
    if (mask & AE_READABLE) pfd.events |= POLLIN;
    if (mask & AE_WRITABLE) pfd.events |= POLLOUT;

    int timeout = milliseconds < 0 ? -1 : milliseconds > INT_MAX ? INT_MAX : (int)milliseconds;
    int res = poll(&pfd, 1, timeout);
    if (res <= 0) return res; /* 0: timed out, -1: errno says why */
    if (pfd.revents & POLLNVAL) {
        errno = EBADF;
        return -1;
    }
    int ready = 0;
    if (pfd.revents & POLLIN) ready |= AE_READABLE;
    if (pfd.revents & POLLOUT) ready |= AE_WRITABLE;
    /* An error or hangup makes the next read or write fail, which is how
     * the caller learns of it: report whatever it waited for. */
    if (pfd.revents & (POLLERR | POLLHUP)) ready |= mask & (AE_READABLE | AE_WRITABLE);
    return ready;
}

void aeMain(aeEventLoop *eventLoop) {
    eventLoop->stop = 0;
    while (!eventLoop->stop)
        aeProcessEvents(eventLoop, AE_ALL_EVENTS | AE_CALL_BEFORE_SLEEP | AE_CALL_AFTER_SLEEP);
}
