// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "graph_opts.h"
#include "palette.h"

static int parse_width(const char *arg, unsigned int *out, const char *cmd)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' ||
	    v < SVG_MIN_WIDTH || v > SVG_MAX_WIDTH) {
		fprintf(stderr, "fgprof %s: --width takes %u to %u pixels, not '%s'\n",
			cmd, SVG_MIN_WIDTH, SVG_MAX_WIDTH, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int graph_opt(struct graph_opts *g, int opt, const char *arg, const char *cmd)
{
	switch (opt) {
	case GOPT_PID:
		g->fo.pid = true;
		return 1;
	case GOPT_TID:
		g->fo.tid = true;
		return 1;
	case GOPT_KERNEL_ONLY:
		g->fo.kernel_only = true;
		return 1;
	case GOPT_USER_ONLY:
		g->fo.user_only = true;
		return 1;
	case GOPT_KALLSYMS:
		g->so.kallsyms = arg;
		return 1;
	case GOPT_NO_INLINE:
		g->fo.no_inline = true;
		return 1;
	case GOPT_DEBUG_DIR:
		g->so.debug_dir = arg;
		return 1;
	case GOPT_ARCHIVE:
		g->archive = arg;
		return 1;
	case GOPT_TITLE:
		g->svo.title = arg;
		g->svg_only = "--title";
		return 1;
	case GOPT_SUBTITLE:
		g->svo.subtitle = arg;
		g->svg_only = "--subtitle";
		return 1;
	case GOPT_WIDTH:
		g->svg_only = "--width";
		return parse_width(arg, &g->svo.width, cmd) ? -1 : 1;
	case GOPT_MINWIDTH:
		g->svg_only = "--minwidth";
		if (!svg_parse_minwidth(arg, &g->svo))
			return 1;
		fprintf(stderr, "fgprof %s: --minwidth takes pixels or a percentage (0.5, 1%%), not '%s'\n",
			cmd, arg);
		return -1;
	case GOPT_INVERTED:
		g->svo.inverted = true;
		g->svg_only = "--inverted";
		return 1;
	case GOPT_COLORS:
		g->svg_only = "--colors";
		g->palette_set = true;
		if (!palette_parse(arg, &g->svo.palette))
			return 1;
		fprintf(stderr, "fgprof %s: unknown palette '%s' (known: hot, mem, io, wakeup, chain)\n",
			cmd, arg);
		return -1;
	case GOPT_REVERSE:
		g->sop.reverse = true;
		g->reshape = "--reverse";
		return 1;
	case GOPT_FOLD_RECURSION:
		g->sop.fold_recursion = true;
		g->reshape = "--fold-recursion";
		return 1;
	default:
		return 0;
	}
}
