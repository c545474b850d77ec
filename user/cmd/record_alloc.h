/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_RECORD_ALLOC_H
#define FGPROF_USER_RECORD_ALLOC_H

#include <stdbool.h>

#include "fgprof.h"

struct record_opts;

/*
 * --alloc: finds the allocator functions of the target's libc (or
 * --alloc=PATH) and adds one probe each to the configured session dev.
 * Returns 0, or -1 after printing why.
 */
int record_alloc_probes(int dev, const struct record_opts *o);

/* Why START (which registers the probes) failed with err (negative). */
void record_alloc_explain_start(int err);

/* The summary's allocation line. */
void record_alloc_summary(const struct fgprof_stats *st, bool count);

#endif
