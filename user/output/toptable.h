/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_TOPTABLE_H
#define FGPROF_USER_TOPTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "folded.h"

/* One function: what it spent itself, and with its callees. */
struct top_entry {
	const char *name;	/* len bytes inside a stack's text */
	uint32_t len;
	uint64_t self;		/* stacks it is the leaf of */
	uint64_t cum;		/* stacks it is in, each counted once */
	size_t last;		/* private: the last stack that counted it */
};

struct top_table {
	struct top_entry *v;	/* sorted: self, then cum, down; then name */
	size_t nr;
	uint64_t total;		/* every stack's value: the 100% */
};

/*
 * The functions of folded stacks as pprof -top and perf report
 * --no-children list them. A stack's first frame is its process (comm),
 * not a function, and is left out; so are an off-CPU stack's
 * "[off-cpu]" frame and its waker's frames (from "--" on), so blocked
 * time is the blocked function's. fs must outlive the table. 0 or
 * -ENOMEM; free with top_table_free either way.
 */
int top_table_build(const struct folded_stacks *fs, struct top_table *t);
void top_table_free(struct top_table *t);

struct top_opts {
	size_t limit;		/* rows at most, 0 = all */
	const char *unit;	/* the values' (profile.h); NULL = samples */
	const char *event;	/* named in the heading; NULL or "" = none */
};

/* The table as text: a heading, then a row per function. 0 or -EIO. */
int top_table_print(FILE *out, const struct top_table *t,
		    const struct top_opts *o);

#endif
