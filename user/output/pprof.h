/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PPROF_H
#define FGPROF_USER_PPROF_H

#include <stdbool.h>
#include <stdio.h>

#include "pbwriter.h"
#include "profile.h"
#include "symbolize.h"

struct pprof_opts {
	bool kernel_only;
	bool user_only;
	bool no_inline;		/* one Line per Location: the real function */
};

/*
 * The profile as pprof's profile.proto (github.com/google/pprof, proto/
 * profile.proto): sample types by the profile's unit, one Mapping per
 * distinct recorded file mapping plus "[kernel.kallsyms]", one Location
 * per (process, address) whose Lines are its inline chain innermost
 * first, Functions by (name, file), and labels pid, tid, comm and kind
 * (on-cpu / off-cpu) on every sample. pprof_encode gives the raw message
 * (0 or -ENOMEM), pprof_write gzips it to out as pprof expects (0,
 * -ENOMEM or -EIO).
 */
int pprof_encode(const struct profile *p, struct symbolizer *s,
		 const struct pprof_opts *o, struct pb_buf *out);
int pprof_write(FILE *out, const struct profile *p, struct symbolizer *s,
		const struct pprof_opts *o);

#endif
