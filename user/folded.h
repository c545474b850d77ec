/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_FOLDED_H
#define FGPROF_USER_FOLDED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "symbolize.h"

struct folded_opts {
	bool pid;		/* root frame comm-PID */
	bool tid;		/* root frame comm-PID/TID */
	bool kernel_only;
	bool user_only;
};

/* What the lines were made of, for the report's summary. */
struct folded_summary {
	uint64_t samples;
	uint64_t unresolved;	/* samples with an unresolved frame shown */
	uint64_t truncated;	/* samples with a truncated stack shown */
	size_t lines;
	bool no_tids;		/* --tid on a profile without thread ids */
};

/*
 * Folded stacks as flamegraph.pl reads them, one line per distinct stack
 * after symbolization, sorted:
 *   comm;user outermost;...;user innermost;kernel outermost_[k];...;kernel innermost_[k] COUNT
 * A truncated stack starts with a "[truncated]" frame ("[truncated]_[k]"
 * for a kernel one). out may be NULL to fill only the summary.
 */
int folded_write(FILE *out, const struct profile *p, struct symbolizer *s,
		 const struct folded_opts *o, struct folded_summary *sum);

#endif
