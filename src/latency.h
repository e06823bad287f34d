/* latency.h - the latency monitor: per event, the recent latency spikes over
 * latency-monitor-threshold milliseconds.  See latency.c.
 *
 * A subsystem that can stall the server measures the stall and reports it:
 *
 *     mstime_t latency;
 *     latencyStartMonitor(latency);
 *     ... the work that may take long ...
 *     latencyEndMonitor(latency);
 *     latencyAddSampleIfNeeded("my-event", latency);
 *
 * Event names are Redis's where Redis has one ("command", "fast-command",
 * "expire-cycle", "eviction-del", "eviction-cycle", "fork", "aof-write",
 * "aof-fsync-always", "aof-rewrite-diff-write", "rdb-unlink-temp-file", ...)
 * so that LATENCY LATEST reads the same, and LATENCY DOCTOR knows what to
 * advise.  When the monitor is off (threshold 0) this costs one test. */
#ifndef LATENCY_H
#define LATENCY_H

#include "monotonic.h"

/* Bound to latency-monitor-threshold (config.c): milliseconds, 0 is off. */
extern long long latency_monitor_threshold;

/* Record a sample of `ms` milliseconds for the event, unconditionally. */
void latencyAddSample(const char *event, long long ms);

/* Record it when the monitor is on and the sample reaches the threshold. */
static inline void latencyAddSampleIfNeeded(const char *event, long long ms) {
    if (latency_monitor_threshold && ms >= latency_monitor_threshold) latencyAddSample(event, ms);
}

/* Time a piece of work in milliseconds, only when the monitor is on (the
 * result is 0 otherwise, which never makes a sample). */
#define latencyStartMonitor(var) \
    do { (var) = latency_monitor_threshold ? (long long)(getMonotonicUs() / 1000) : 0; } while (0)
#define latencyEndMonitor(var) \
    do { (var) = latency_monitor_threshold ? (long long)(getMonotonicUs() / 1000) - (var) : 0; } while (0)

/* Forget every event's samples; returns how many events there were. */
int latencyResetAll(void);

#endif
