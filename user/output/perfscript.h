/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PERFSCRIPT_H
#define FGPROF_USER_PERFSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "profile.h"
#include "symbolize.h"

struct perfscript_opts {
	bool kernel_only;
	bool user_only;
	bool no_inline;		/* one line per address: the real function */
};

/*
 * The timeline as `perf script` prints a callchain recording, what
 * stackcollapse-perf.pl and FlameScope read: per record, in time order,
 *
 *   COMM PID/TID [CPU] SECS.USECS: PERIOD EVENT:
 *   \t ADDR SYM (DSO)        one line per frame, innermost first
 *   (blank line)
 *
 * SECS.USECS on CLOCK_MONOTONIC, like perf's own clock; kernel frames
 * first, DSO "[kernel.kallsyms]", then user frames with their mapping's
 * path; an inline chain is one line per function, same address; a cut
 * stack ends with a "[truncated]" frame. 0, -ENOMEM, -EIO, or -EINVAL
 * with the reason in err for a profile without timeline records.
 */
int perfscript_write(FILE *out, const struct profile *p, struct symbolizer *s,
		     const struct perfscript_opts *o, char *err,
		     size_t errlen);

#endif
