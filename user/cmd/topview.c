// SPDX-License-Identifier: GPL-2.0
/* One screen of fgprof top, as text. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "statfields.h"
#include "topview.h"

#define HEAD_LINES	4	/* before the table's own heading */

static double per_sec(uint64_t now, uint64_t last, double secs)
{
	return secs > 0 && now >= last ? (now - last) / secs : 0;
}

static void write_losses(FILE *f, const struct fgprof_stats *st)
{
	const char *sep = " ";
	size_t i;

	fputs("losses:", f);
	for (i = 0; i < stat_nr_fields; i++) {
		uint64_t v = stat_get(st, &stat_fields[i]);

		if (!stat_fields[i].loss || !v)
			continue;
		fprintf(f, "%s%s %" PRIu64, sep, stat_fields[i].name, v);
		sep = ", ";
	}
	fputs(*sep == ' ' ? " none\n" : "\n", f);
}

/* The text, then its lines cut to the screen. */
static int clip(FILE *out, const char *text, unsigned int rows,
		unsigned int cols)
{
	const char *s = text, *nl;
	unsigned int row = 0;

	for (; *s && (!rows || row < rows); s = *nl ? nl + 1 : nl, row++) {
		size_t len;

		nl = strchrnul(s, '\n');
		len = nl - s;
		if (cols && len > cols)
			len = cols;
		fprintf(out, "%.*s\n", (int)len, s);
	}
	return ferror(out) ? -EIO : 0;
}

int topview_write(FILE *out, const struct topview *v,
		  const struct top_table *t)
{
	const struct fgprof_stats *now = v->now, *last = v->last;
	struct top_opts to = { .unit = v->unit, .event = v->event };
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "fgprof top: %s, %s %" PRIu64 "%s, %.0f s; showing %s (c: %s, q: quit)\n",
		v->event, v->freq ? "-F" : "-c", v->rate, v->freq ? " Hz" : "",
		v->elapsed_s,
		v->cumulative ? "everything since the start" : "the last interval",
		v->cumulative ? "last interval" : "since the start");
	fprintf(f, "samples: %.1f/s recorded of %.1f/s taken; %" PRIu64 " recorded in all",
		per_sec(now->recorded, last->recorded, v->interval_s),
		per_sec(now->samples, last->samples, v->interval_s),
		(uint64_t)now->recorded);
	if (now->offcpu_switch_outs)
		fprintf(f, "; off-CPU %.1f intervals/s",
			per_sec(now->offcpu_recorded, last->offcpu_recorded,
				v->interval_s));
	fputc('\n', f);
	write_losses(f, now);
	fputc('\n', f);
	/* The table's own heading and rows, as many as fit. */
	if (v->rows > HEAD_LINES + 2)
		to.limit = v->rows - HEAD_LINES - 2;
	else if (v->rows)
		to.limit = 1;
	err = top_table_print(f, t, &to);
	if (fclose(f) && !err)
		err = -ENOMEM;
	if (!err)
		err = clip(out, text, v->rows, v->cols);
	free(text);
	return err;
}
