/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stack-quality report (issue #17): how far a profile's graph can be
 * trusted, by category, with the fix for each. record prints it after
 * its summary, report on stderr (and one line of it in the SVG's subtitle
 * and the heat map page), `report --stack-quality` alone.
 */
#ifndef FGPROF_USER_STACKQ_H
#define FGPROF_USER_STACKQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "symbolize.h"

/* Below this share of user stacks reaching an entry point: a warning. */
#define STACKQ_REACH_OK		99.0

/* A file that user frames were in. Values in the profile's unit. */
struct stackq_file {
	const char *path;	/* as mapped; "[unknown]": in no mapping */
	uint64_t value;		/* samples with a frame in it */
	uint64_t unnamed;	/* ... with an unnamed frame in it */
	bool dwarf;		/* debug info found: inline frames, lines */
	bool cfi;		/* .eh_frame found: unwind tables */
};

struct stackq {
	uint64_t total;		/* every sample's value */
	uint64_t user;		/* ... of those with a user stack */
	uint64_t reached;	/* ... whose user stack reaches an entry */
	uint64_t truncated;	/* ... whose user stack was cut at depth */
	uint64_t unnamed;	/* ... with an unnamed user frame */
	struct stackq_file *files;	/* by value, largest first */
	size_t nr_files;
};

/*
 * A function name that starts a stack: a program's (_start, main, the
 * libc start chain, the dynamic loader's _dl_start_user) or a thread's (clone, clone3, start_thread), with
 * or without a symbol version ("@@GLIBC_2.34").
 */
bool stackq_entry_name(const char *name);

/*
 * Whether a user stack (ips innermost first, nr >= 1) of process pid
 * reaches an entry point: its outermost frame is in a function named as
 * above, or in code whose CFI marks it outermost (the return address
 * undefined: _start and clone in a stripped libc or program).
 */
bool stackq_reaches_entry(struct symbolizer *s, uint32_t pid,
			  const uint64_t *ips, uint32_t nr);

/* q from every sample of p: 0 or -ENOMEM; free with stackq_free. */
int stackq_collect(const struct profile *p, struct symbolizer *s,
		   struct stackq *q);
void stackq_free(struct stackq *q);

/* The report, "fgprof: stack quality: ..." lines. */
void stackq_print(FILE *out, const struct profile *p, const struct stackq *q);

/* Its gist in one line (an SVG subtitle, the heat map page). */
void stackq_line(const struct profile *p, const struct stackq *q, char *buf,
		 size_t len);

#endif
