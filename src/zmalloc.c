/* zmalloc.c - counted allocation over jemalloc or libc. See zmalloc.h. */
#include "zmalloc.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#if defined(USE_JEMALLOC)
#include <jemalloc/jemalloc.h>
#define usable_size(p) malloc_usable_size(p)
#else
#define usable_size(p) malloc_usable_size(p)
#endif

/* The server is single threaded but background threads (lazy free, fsync)
 * may free memory too, so the counter is atomic with relaxed ordering. */
static _Atomic size_t used_memory = 0;

static void default_oom(size_t size) {
    fprintf(stderr, "zmalloc: Out of memory trying to allocate %zu bytes\n", size);
    fflush(stderr);
    abort();
}
static void (*oom_handler)(size_t) = default_oom;

void zmalloc_set_oom_handler(void (*handler)(size_t)) { oom_handler = handler; }

void *ztrymalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (p) atomic_fetch_add_explicit(&used_memory, usable_size(p), memory_order_relaxed);
    return p;
}

void *zmalloc(size_t size) {
    void *p = ztrymalloc(size);
    if (!p) oom_handler(size);
    return p;
}

void *zcalloc(size_t size) {
    void *p = calloc(1, size ? size : 1);
    if (!p) oom_handler(size);
    atomic_fetch_add_explicit(&used_memory, usable_size(p), memory_order_relaxed);
    return p;
}

void *ztryrealloc(void *ptr, size_t size) {
    if (ptr == NULL) return ztrymalloc(size);
    if (size == 0) { zfree(ptr); return NULL; }
    size_t old = usable_size(ptr);
    void *p = realloc(ptr, size);
    if (!p) return NULL;
    atomic_fetch_sub_explicit(&used_memory, old, memory_order_relaxed);
    atomic_fetch_add_explicit(&used_memory, usable_size(p), memory_order_relaxed);
    return p;
}

void *zrealloc(void *ptr, size_t size) {
    if (ptr != NULL && size == 0) { zfree(ptr); return NULL; }
    void *p = ztryrealloc(ptr, size);
    if (!p) oom_handler(size);
    return p;
}

void zfree(void *ptr) {
    if (ptr == NULL) return;
    atomic_fetch_sub_explicit(&used_memory, usable_size(ptr), memory_order_relaxed);
    free(ptr);
}

char *zstrdup(const char *s) {
    size_t l = strlen(s) + 1;
    char *p = zmalloc(l);
    memcpy(p, s, l);
    return p;
}

size_t zmalloc_size(void *ptr) { return usable_size(ptr); }

size_t zmalloc_used_memory(void) {
    return atomic_load_explicit(&used_memory, memory_order_relaxed);
}

const char *zmalloc_lib_name(void) {
#if defined(USE_JEMALLOC)
    static char name[64];
    if (!name[0]) {
        const char *v = NULL;
        size_t sz = sizeof(v);
        if (mallctl("version", &v, &sz, NULL, 0) == 0 && v)
            snprintf(name, sizeof(name), "jemalloc-%.40s", v);
        else
            snprintf(name, sizeof(name), "jemalloc");
        /* Keep only "jemalloc-X.Y.Z", drop the build suffix. */
        char *dash = strchr(name + 9, '-');
        if (dash) *dash = '\0';
    }
    return name;
#else
    return "libc";
#endif
}

int zmalloc_get_allocator_info(size_t *allocated, size_t *active, size_t *resident) {
    *allocated = *active = *resident = 0;
#if defined(USE_JEMALLOC)
    uint64_t epoch = 1;
    size_t sz = sizeof(epoch);
    mallctl("epoch", &epoch, &sz, &epoch, sz);
    sz = sizeof(size_t);
    mallctl("stats.allocated", allocated, &sz, NULL, 0);
    mallctl("stats.active", active, &sz, NULL, 0);
    mallctl("stats.resident", resident, &sz, NULL, 0);
    return 1;
#else
    return 0;
#endif
}

/* Resident set size, read from /proc/self/stat (field 24, in pages). */
size_t zmalloc_get_rss(void) {
    char buf[4096];
    int fd = open("/proc/self/stat", O_RDONLY);
    if (fd == -1) return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    char *p = buf;
    for (int field = 1; field < 24 && p; field++) {
        p = strchr(p, ' ');
        if (p) p++;
    }
    if (!p) return 0;
    return (size_t)strtoll(p, NULL, 10) * (size_t)sysconf(_SC_PAGESIZE);
}

size_t zmalloc_total_system_memory(void) {
    return (size_t)sysconf(_SC_PHYS_PAGES) * (size_t)sysconf(_SC_PAGESIZE);
}
