/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_CLOCK_H
#define FGPROF_USER_CLOCK_H

#include <stdint.h>
#include <time.h>

/* clock_gettime(id) in nanoseconds. */
uint64_t clock_ns(clockid_t id);

/*
 * CLOCK_REALTIME and CLOCK_MONOTONIC as of one instant: a profile's and
 * each interval file's wall-clock start is stamped with the pair, and
 * two reads with a preemption between them put that start off its
 * monotonic span (by 8 ms, seen on a loaded emulator). The realtime
 * read is bracketed by two monotonic ones; of up to CLOCK_PAIR_TRIES
 * tries the tightest bracket is kept (the first under
 * CLOCK_PAIR_GOOD_NS ends the search) and *mono is its midpoint.
 * Returns that bracket's width.
 */
#define CLOCK_PAIR_TRIES	8
#define CLOCK_PAIR_GOOD_NS	20000ull
uint64_t clock_pair(uint64_t *real, uint64_t *mono);

#endif
