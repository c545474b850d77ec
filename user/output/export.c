// SPDX-License-Identifier: GPL-2.0
/* report's interchange formats: the name of each, and the call. */
#include <errno.h>
#include <string.h>

#include "export.h"
#include "heatmap.h"
#include "perfscript.h"
#include "pprof.h"
#include "speedscope.h"

enum export_format export_format_parse(const char *name)
{
	if (!strcmp(name, "pprof"))
		return EXPORT_PPROF;
	if (!strcmp(name, "speedscope"))
		return EXPORT_SPEEDSCOPE;
	if (!strcmp(name, "perf-script"))
		return EXPORT_PERF_SCRIPT;
	if (!strcmp(name, "heatmap"))
		return EXPORT_HEATMAP;
	return EXPORT_NONE;
}

bool export_needs_timeline(enum export_format f)
{
	return f == EXPORT_PERF_SCRIPT || f == EXPORT_HEATMAP;
}

static int write_heatmap(FILE *out, const struct export_opts *x,
			 const struct profile *p, struct symbolizer *s,
			 const struct folded_opts *fo, char *err,
			 size_t errlen)
{
	struct heatmap_opts ho = {
		.rows = x->rows, .kernel_only = fo->kernel_only,
		.user_only = fo->user_only, .no_inline = fo->no_inline,
		.quality = x->quality,
	};
	struct heatmap h;
	int e;

	e = heatmap_build(p, s, &ho, &h, err, errlen);
	if (e)
		return e;
	e = heatmap_write(out, &h, &ho, p);
	heatmap_free(&h);
	return e;
}

int export_write(FILE *out, const struct export_opts *x,
		 const struct profile *p, struct symbolizer *s,
		 const struct folded_opts *fo, char *err, size_t errlen)
{
	struct pprof_opts po = { .kernel_only = fo->kernel_only,
				 .user_only = fo->user_only,
				 .no_inline = fo->no_inline };
	struct perfscript_opts so = { .kernel_only = fo->kernel_only,
				      .user_only = fo->user_only,
				      .no_inline = fo->no_inline };

	switch (x->format) {
	case EXPORT_PPROF:
		return pprof_write(out, p, s, &po);
	case EXPORT_SPEEDSCOPE:
		return speedscope_write(out, p, s, fo);
	case EXPORT_PERF_SCRIPT:
		return perfscript_write(out, p, s, &so, err, errlen);
	case EXPORT_HEATMAP:
		return write_heatmap(out, x, p, s, fo, err, errlen);
	default:
		snprintf(err, errlen, "no such format");
		return -EINVAL;
	}
}
