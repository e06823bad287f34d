/* ae_select.c - portable select(2) backend for ae.c.
 *
 * Not a compilation unit of its own: ae.c #includes it (when nothing better
 * exists, or with -DAE_FORCE_SELECT).  Compiled alone it reduces to nothing.
 *
 * select() cannot watch fds >= FD_SETSIZE, so loops larger than that are
 * refused.  Readiness is found by scanning 0..maxfd, which is fine for the
 * small sets this fallback is meant for. */
#ifdef AE_BACKEND_FROM_AE_C

#include <sys/select.h>

typedef struct aeApiState {
    fd_set rfds, wfds;          /* what is registered */
    fd_set rready, wready;      /* scratch copies handed to select() */
} aeApiState;

static int aeApiCreate(aeEventLoop *eventLoop) {
    if (eventLoop->setsize > FD_SETSIZE) {
        errno = EINVAL;
        return -1;
    }
    aeApiState *state = zmalloc(sizeof(*state));
    FD_ZERO(&state->rfds);
    FD_ZERO(&state->wfds);
    eventLoop->apidata = state;
    return 0;
}

static int aeApiResize(aeEventLoop *eventLoop, int setsize) {
    (void)eventLoop;
    if (setsize > FD_SETSIZE) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

static void aeApiFree(aeEventLoop *eventLoop) {
    zfree(eventLoop->apidata);
}

static int aeApiAddEvent(aeEventLoop *eventLoop, int fd, int mask) {
    aeApiState *state = eventLoop->apidata;
    if (mask & AE_READABLE) FD_SET(fd, &state->rfds);
    if (mask & AE_WRITABLE) FD_SET(fd, &state->wfds);
    return 0;
}

static void aeApiDelEvent(aeEventLoop *eventLoop, int fd, int delmask) {
    aeApiState *state = eventLoop->apidata;
    if (delmask & AE_READABLE) FD_CLR(fd, &state->rfds);
    if (delmask & AE_WRITABLE) FD_CLR(fd, &state->wfds);
}

static int aeApiPoll(aeEventLoop *eventLoop, long long timeout_us) {
    aeApiState *state = eventLoop->apidata;
    struct timeval tv, *tvp = NULL;
    if (timeout_us >= 0) {
        /* Some systems reject huge timeouts (EINVAL); waking up once a day
         * with nothing to do is harmless. */
        if (timeout_us > 86400LL * 1000000) timeout_us = 86400LL * 1000000;
        tv.tv_sec = (time_t)(timeout_us / 1000000);
        tv.tv_usec = (suseconds_t)(timeout_us % 1000000);
        tvp = &tv;
    }

    memcpy(&state->rready, &state->rfds, sizeof(fd_set));
    memcpy(&state->wready, &state->wfds, sizeof(fd_set));
    int res = select(eventLoop->maxfd + 1, &state->rready, &state->wready, NULL, tvp);
    if (res == -1) {
        if (errno == EINTR) return 0;
        fprintf(stderr, "aeApiPoll: select: %s\n", strerror(errno));
        abort();
    }
    if (res == 0) return 0;

    int n = 0;
    for (int fd = 0; fd <= eventLoop->maxfd; fd++) {
        int registered = eventLoop->events[fd].mask;
        int mask = AE_NONE;
        if (registered == AE_NONE) continue;
        if ((registered & AE_READABLE) && FD_ISSET(fd, &state->rready)) mask |= AE_READABLE;
        if ((registered & AE_WRITABLE) && FD_ISSET(fd, &state->wready)) mask |= AE_WRITABLE;
        if (mask == AE_NONE) continue;
        eventLoop->fired[n].fd = fd;
        eventLoop->fired[n].mask = mask;
        n++;
    }
    return n;
}

static char *aeApiName(void) {
    return "select";
}

#else
typedef int ae_select_is_included_by_ae_c;
#endif
