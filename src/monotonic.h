/* monotonic.h - a microsecond clock that never goes backwards.
 *
 * Everything that measures intervals (timers in the event loop, command
 * latency, timeouts) reads this clock rather than the wall clock, so that a
 * settimeofday() or an NTP step can neither fire timers early nor stall them.
 * The absolute value has no meaning; only differences between two readings
 * do. */
#ifndef MONOTONIC_H
#define MONOTONIC_H

#include <stdint.h>

typedef uint64_t monotime;

/* Prepare the clock and describe it ("POSIX clock_gettime").  Calling it is
 * optional (getMonotonicUs works without it); servers print the string at
 * startup.  Safe to call more than once. */
const char *monotonicInit(void);

/* Current reading of the clock, in microseconds. */
monotime getMonotonicUs(void);

/* Interval helpers: elapsedStart() records "now" into *start_time, and the
 * other two tell how much time went by since that reading. */
static inline void elapsedStart(monotime *start_time) {
    *start_time = getMonotonicUs();
}

static inline uint64_t elapsedUs(monotime start_time) {
    return getMonotonicUs() - start_time;
}

static inline uint64_t elapsedMs(monotime start_time) {
    return elapsedUs(start_time) / 1000;
}

#endif
