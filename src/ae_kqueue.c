/* ae_kqueue.c - kqueue backend for ae.c (macOS and the BSDs).
 *
 * Not a compilation unit of its own: ae.c #includes it.  Compiled alone it
 * reduces to nothing.
 *
 * kqueue has one filter per direction, so an fd ready both ways comes back
 * as two kevents.  ae wants one fired entry per fd (so that a handler
 * registered for both directions runs once, and AE_BARRIER can order the
 * two), hence aeApiPoll merges them through a per-fd scratch mask. */
#ifdef AE_BACKEND_FROM_AE_C

#include <sys/types.h>
#include <sys/event.h>
#include <sys/time.h>
#include <fcntl.h>

typedef struct aeApiState {
    int kqfd;
    struct kevent *events;     /* 2 * setsize slots: two filters per fd */
    unsigned char *pending;    /* setsize slots, all zero between polls */
} aeApiState;

static int aeApiCreate(aeEventLoop *eventLoop) {
    aeApiState *state = zmalloc(sizeof(*state));
    state->kqfd = kqueue();
    if (state->kqfd == -1) {
        zfree(state);
        return -1;
    }
    fcntl(state->kqfd, F_SETFD, FD_CLOEXEC);
    state->events = zmalloc(sizeof(struct kevent) * 2 * (size_t)eventLoop->setsize);
    state->pending = zcalloc((size_t)eventLoop->setsize);
    eventLoop->apidata = state;
    return 0;
}

static int aeApiResize(aeEventLoop *eventLoop, int setsize) {
    aeApiState *state = eventLoop->apidata;
    state->events = zrealloc(state->events, sizeof(struct kevent) * 2 * (size_t)setsize);
    state->pending = zrealloc(state->pending, (size_t)setsize);
    memset(state->pending, 0, (size_t)setsize);
    return 0;
}

static void aeApiFree(aeEventLoop *eventLoop) {
    aeApiState *state = eventLoop->apidata;
    close(state->kqfd);
    zfree(state->events);
    zfree(state->pending);
    zfree(state);
}

static int aeApiAddEvent(aeEventLoop *eventLoop, int fd, int mask) {
    aeApiState *state = eventLoop->apidata;
    struct kevent changes[2];
    int n = 0;
    if (mask & AE_READABLE) {
        EV_SET(&changes[n], (uintptr_t)fd, EVFILT_READ, EV_ADD, 0, 0, 0);
        n++;
    }
    if (mask & AE_WRITABLE) {
        EV_SET(&changes[n], (uintptr_t)fd, EVFILT_WRITE, EV_ADD, 0, 0, 0);
        n++;
    }
    if (n == 0) return 0;
    return kevent(state->kqfd, changes, n, NULL, 0, NULL) == -1 ? -1 : 0;
}

static void aeApiDelEvent(aeEventLoop *eventLoop, int fd, int delmask) {
    aeApiState *state = eventLoop->apidata;
    struct kevent change;
    /* One change per call, so that a filter that is already gone (the fd
     * was closed) cannot keep the other one from being deleted. */
    if (delmask & AE_READABLE) {
        EV_SET(&change, (uintptr_t)fd, EVFILT_READ, EV_DELETE, 0, 0, 0);
        kevent(state->kqfd, &change, 1, NULL, 0, NULL);
    }
    if (delmask & AE_WRITABLE) {
        EV_SET(&change, (uintptr_t)fd, EVFILT_WRITE, EV_DELETE, 0, 0, 0);
        kevent(state->kqfd, &change, 1, NULL, 0, NULL);
    }
}

static int aeApiPoll(aeEventLoop *eventLoop, long long timeout_us) {
    aeApiState *state = eventLoop->apidata;
    struct timespec ts, *tsp = NULL;
    if (timeout_us >= 0) {
        /* Some systems reject huge timeouts (EINVAL); waking up once a day
         * with nothing to do is harmless. */
        if (timeout_us > 86400LL * 1000000) timeout_us = 86400LL * 1000000;
        ts.tv_sec = (time_t)(timeout_us / 1000000);
        ts.tv_nsec = (long)(timeout_us % 1000000) * 1000;
        tsp = &ts;
    }

    int res = kevent(state->kqfd, NULL, 0, state->events, 2 * eventLoop->setsize, tsp);
    if (res == -1) {
        if (errno == EINTR) return 0;
        fprintf(stderr, "aeApiPoll: kevent: %s\n", strerror(errno));
        abort();
    }

    /* Collect the directions per fd, listing each fd once, in the order
     * of its first kevent. */
    int n = 0;
    for (int j = 0; j < res; j++) {
        struct kevent *e = &state->events[j];
        if (e->flags & EV_ERROR) continue;
        if (e->ident >= (uintptr_t)eventLoop->setsize) continue;
        int fd = (int)e->ident;
        int mask = AE_NONE;
        if (e->filter == EVFILT_READ) mask = AE_READABLE;
        else if (e->filter == EVFILT_WRITE) mask = AE_WRITABLE;
        if (mask == AE_NONE) continue;
        if (state->pending[fd] == 0) eventLoop->fired[n++].fd = fd;
        state->pending[fd] |= (unsigned char)mask;
    }
    for (int j = 0; j < n; j++) {
        int fd = eventLoop->fired[j].fd;
        eventLoop->fired[j].mask = state->pending[fd];
        state->pending[fd] = 0;
    }
    return n;
}

static char *aeApiName(void) {
    return "kqueue";
}

#else
typedef int ae_kqueue_is_included_by_ae_c;
#endif
