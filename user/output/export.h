/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_EXPORT_H
#define FGPROF_USER_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "folded.h"
#include "profile.h"
#include "symbolize.h"

/*
 * The report formats made for other tools or for a browser page of their
 * own, each in its own file: pprof.c, speedscope.c, perfscript.c,
 * heatmap.c. This file is only the dispatch, so that report.c names them
 * once.
 */
enum export_format {
	EXPORT_NONE,
	EXPORT_PPROF,
	EXPORT_SPEEDSCOPE,
	EXPORT_PERF_SCRIPT,
	EXPORT_HEATMAP,
};

#define EXPORT_NAMES	"pprof, speedscope, perf-script, heatmap"

struct export_opts {
	enum export_format format;
	unsigned int rows;		/* heatmap: cells per second, 0 = default */
	const char *quality;		/* heatmap: the stack-quality line */
};

/* The format called name, or EXPORT_NONE. */
enum export_format export_format_parse(const char *name);

/* Made from the timeline records: refused for a profile without them. */
bool export_needs_timeline(enum export_format f);

/*
 * The profile in format x->format, honouring fo's kernel_only, user_only,
 * no_inline (and pid/tid for speedscope's root frames). 0, -ENOMEM, -EIO,
 * or -EINVAL with the reason in err.
 */
int export_write(FILE *out, const struct export_opts *x,
		 const struct profile *p, struct symbolizer *s,
		 const struct folded_opts *fo, char *err, size_t errlen);

#endif
