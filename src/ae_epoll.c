/* ae_epoll.c - Linux epoll backend for ae.c.
 *
 * Not a compilation unit of its own: ae.c #includes it.  Compiled alone it
 * reduces to nothing.
 *
 * One epoll instance per loop, level triggered, holding each watched fd
 * once with the union of its directions; ae keeps the per-fd mask, so
 * adding or removing a direction is an EPOLL_CTL_MOD (or ADD/DEL at the
 * ends). */
#ifdef AE_BACKEND_FROM_AE_C

#include <sys/epoll.h>
#include <fcntl.h>

typedef struct aeApiState {
    int epfd;
    struct epoll_event *events; /* setsize slots for epoll_wait */
} aeApiState;

static int aeApiCreate(aeEventLoop *eventLoop) {
    aeApiState *state = zmalloc(sizeof(*state));
    state->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (state->epfd == -1) {
        zfree(state);
        return -1;
    }
    state->events = zmalloc(sizeof(struct epoll_event) * (size_t)eventLoop->setsize);
    eventLoop->apidata = state;
    return 0;
}

static int aeApiResize(aeEventLoop *eventLoop, int setsize) {
    aeApiState *state = eventLoop->apidata;
    state->events = zrealloc(state->events, sizeof(struct epoll_event) * (size_t)setsize);
    return 0;
}

static void aeApiFree(aeEventLoop *eventLoop) {
    aeApiState *state = eventLoop->apidata;
    close(state->epfd);
    zfree(state->events);
    zfree(state);
}

static uint32_t aeEpollBits(int mask) {
    uint32_t bits = 0;
    if (mask & AE_READABLE) bits |= EPOLLIN;
    if (mask & AE_WRITABLE) bits |= EPOLLOUT;
    return bits;
}

static int aeApiAddEvent(aeEventLoop *eventLoop, int fd, int mask) {
    aeApiState *state = eventLoop->apidata;
    int old = eventLoop->events[fd].mask & (AE_READABLE | AE_WRITABLE);
    struct epoll_event ee;
    memset(&ee, 0, sizeof(ee));
    ee.events = aeEpollBits(old | mask);
    ee.data.fd = fd;
    return epoll_ctl(state->epfd, old == AE_NONE ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ee);
}

static void aeApiDelEvent(aeEventLoop *eventLoop, int fd, int delmask) {
    aeApiState *state = eventLoop->apidata;
    int left = eventLoop->events[fd].mask & (AE_READABLE | AE_WRITABLE) & ~delmask;
    struct epoll_event ee;
    memset(&ee, 0, sizeof(ee));
    ee.events = aeEpollBits(left);
    ee.data.fd = fd;
    /* Errors are ignored: the fd may already be closed, which removed it
     * from the epoll set anyway. */
    if (left != AE_NONE)
        epoll_ctl(state->epfd, EPOLL_CTL_MOD, fd, &ee);
    else
        epoll_ctl(state->epfd, EPOLL_CTL_DEL, fd, &ee);
}

static int aeApiPoll(aeEventLoop *eventLoop, long long timeout_us) {
    aeApiState *state = eventLoop->apidata;
    int timeout_ms;
    if (timeout_us < 0)
        timeout_ms = -1;
    else if (timeout_us >= (long long)INT_MAX * 1000)
        timeout_ms = INT_MAX;
    else /* round up: waking early would only spin until the timer is due */
        timeout_ms = (int)((timeout_us + 999) / 1000);

    int n = epoll_wait(state->epfd, state->events, eventLoop->setsize, timeout_ms);
    if (n == -1) {
        if (errno == EINTR) return 0;
        fprintf(stderr, "aeApiPoll: epoll_wait: %s\n", strerror(errno));
        abort();
    }
    for (int j = 0; j < n; j++) {
        struct epoll_event *e = &state->events[j];
        int mask = AE_NONE;
        if (e->events & EPOLLIN) mask |= AE_READABLE;
        if (e->events & EPOLLOUT) mask |= AE_WRITABLE;
        /* Errors and hangups wake both sides so the handlers see them. */
        if (e->events & (EPOLLERR | EPOLLHUP)) mask |= AE_READABLE | AE_WRITABLE;
        eventLoop->fired[j].fd = e->data.fd;
        eventLoop->fired[j].mask = mask;
    }
    return n;
}

static char *aeApiName(void) {
    return "epoll";
}

#else
typedef int ae_epoll_is_included_by_ae_c;
#endif
