/* zmalloc: the one allocation API of the project.
 *
 * A thin layer over the process allocator (jemalloc by default, libc with
 * MALLOC=libc) that keeps an exact count of the bytes the program holds, so
 * INFO and maxmemory can report and bound it.  Counting uses the allocator's
 * usable size, so the figure matches what the allocator really spends. */
#ifndef ZMALLOC_H
#define ZMALLOC_H

#include <stddef.h>

#if defined(USE_JEMALLOC)
#define ZMALLOC_LIB "jemalloc"
#else
#define ZMALLOC_LIB "libc"
#endif

void *zmalloc(size_t size);
void *zcalloc(size_t size);
void *zrealloc(void *ptr, size_t size);
void *ztrymalloc(size_t size);          /* NULL on failure instead of abort */
void *ztryrealloc(void *ptr, size_t size);
void zfree(void *ptr);
char *zstrdup(const char *s);
size_t zmalloc_size(void *ptr);         /* usable size of an allocation */
size_t zmalloc_used_memory(void);
void zmalloc_set_oom_handler(void (*handler)(size_t));
size_t zmalloc_get_rss(void);
const char *zmalloc_lib_name(void);
/* Allocator statistics (jemalloc only; zeros with libc). */
int zmalloc_get_allocator_info(size_t *allocated, size_t *active, size_t *resident);
size_t zmalloc_total_system_memory(void);

#endif
