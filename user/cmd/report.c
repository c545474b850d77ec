// SPDX-License-Identifier: GPL-2.0
/* fgprof report: a profile file, symbolized, in one of the output formats. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "commands.h"
#include "export.h"
#include "folded.h"
#include "graph_opts.h"
#include "graphkind.h"
#include "heatmap.h"
#include "profile.h"
#include "stackops.h"
#include "stackq.h"
#include "statfields.h"
#include "svg.h"
#include "symbolize.h"
#include "timerange.h"
#include "toptable.h"

static const char usage_text[] =
"usage: fgprof report [-i FILE] [-o FILE] [--format folded|svg] [--pid | --tid]\n"
"                     [--kernel-only | --user-only] [--stats]\n"
"                     [--stack-quality] [-q]\n"
"                     [--title TEXT] [--subtitle TEXT] [--width PX]\n"
"                     [--minwidth PX|N%] [--colors PALETTE] [--inverted]\n"
"                     [--reverse] [--fold-recursion] [--limit N]\n"
"                     [--time-range START,END] [--rows N]\n"
"\n"
"Writes the profile, symbolized, to stdout (or -o FILE); on stderr, the\n"
"share of samples with unresolved frames or truncated stacks, the\n"
"losses the recording counted, and the stack-quality report: how far\n"
"the stacks can be trusted (user stacks reaching an entry point, how\n"
"they were walked, truncation, unnamed frames and files without debug\n"
"info, lost samples, skid), each with its fix.\n"
"\n"
"  -i, --input FILE       profile file (default fgprof.data)\n"
"  -o, --output FILE      write there instead of stdout\n"
"      --format folded    folded stacks for flamegraph.pl (the default)\n"
"      --format svg       an interactive flame graph (hover, click to zoom,\n"
"                         Ctrl-F to search), self-contained\n"
"      --title TEXT       svg: the title (default \"Flame Graph\")\n"
"      --width PX         svg: the width, 100-100000 (default 1200)\n"
"      --format top       a table of functions by self (flat) value, with\n"
"                         their cumulative value, like pprof -top\n"
"      --subtitle TEXT    svg: the line under the title (default: the\n"
"                         event and the total)\n"
"      --minwidth PX|N%   svg: leave out frames narrower than PX pixels or\n"
"                         N% of the total (default 0.1 px)\n"
"      --colors PALETTE   svg: hot (default; io for off-CPU time), mem, io,\n"
"                         wakeup or chain, as flamegraph.pl's\n"
"      --inverted         svg: an icicle graph, the root at the top\n"
"      --reverse          folded, svg: stacks leaf first, so callers merge\n"
"                         under the functions they called\n"
"      --fold-recursion   folded, svg: a frame repeated right above itself\n"
"                         is drawn once\n"
"      --limit N          top: the first N functions only\n"
"      --format pprof     gzipped profile.proto for go tool pprof (use -o)\n"
"      --format speedscope  JSON for speedscope.app (one sampled profile)\n"
"      --format perf-script  the timeline as `perf script` text, for\n"
"                         stackcollapse-perf.pl and FlameScope\n"
"      --format heatmap   a subsecond heat map of the timeline as an HTML\n"
"                         page; select cells to see their flame graph\n"
"      --rows N           heatmap: cells per second, 1-1000 (default 50)\n"
"      --time-range S,E   only the timeline records from S to E seconds\n"
"                         after the start (needs record --timeline)\n"
"      --pid              root frame comm-PID\n"
"      --tid              root frame comm-PID/TID (needs record --per-thread)\n"
"      --kernel-only      kernel frames only\n"
"      --user-only        user frames only\n"
"      --stats            instead: every counter of the file, 'name value'\n"
"      --stack-quality    instead: the stack-quality report alone, on stdout\n"
"      --kallsyms FILE    kernel symbols (default: those the profile holds,\n"
"                         else /proc/kallsyms if the same kernel and boot)\n"
"      --archive DIR      user binaries by build-id, from fgprof archive, for\n"
"                         files gone or changed (default FILE.archive if any)\n"
"      --no-inline        real functions only, no inlined frames (_[i])\n"
"      --debug-dir DIRS   separate debug info: DIR/.build-id/xx/yyyy.debug\n"
"                         and debuglink files, ':'-separated (default\n"
"                         $FGPROF_DEBUG_DIR, else /usr/lib/debug)\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n";

enum {
	OPT_FORMAT = 256,
	OPT_STATS,
	OPT_LIMIT,
	OPT_TIME_RANGE,
	OPT_ROWS,
	OPT_STACK_QUALITY,
};

/* FORMAT_EXPORT: one of export.h's, named in struct export_opts. */
enum format { FORMAT_FOLDED, FORMAT_SVG, FORMAT_TOP, FORMAT_EXPORT };

static const struct option long_opts[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "time-range", required_argument, NULL, OPT_TIME_RANGE },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "stack-quality", no_argument, NULL, OPT_STACK_QUALITY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	GRAPH_LONG_OPTS,
	{ 0 }
};

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

static void print_stats(FILE *out, const struct profile *p,
			const struct folded_summary *sum)
{
	size_t i;

	for (i = 0; i < stat_nr_fields; i++)
		fprintf(out, "%s %" PRIu64 "\n", stat_fields[i].name,
			stat_get(&p->stats, &stat_fields[i]));
	fprintf(out, "profile_samples %" PRIu64 "\n", sum->samples);
	fprintf(out, "profile_stacks %zu\n", p->nr_stacks);
	fprintf(out, "profile_timeline %zu\n", p->nr_timeline);
	fprintf(out, "unresolved_samples %" PRIu64 "\n", sum->unresolved);
	fprintf(out, "unresolved_pct %.2f\n", pct(sum->unresolved, sum->samples));
	fprintf(out, "truncated_samples %" PRIu64 "\n", sum->truncated);
	fprintf(out, "truncated_pct %.2f\n", pct(sum->truncated, sum->samples));
}

static void print_summary(FILE *out, const struct profile *p,
			  const struct folded_summary *sum)
{
	const char *sep = "";
	char human[48] = "";
	size_t i;

	/* Lines count values in the profile's unit: samples, ns, bytes... */
	if (!strcmp(p->hdr.unit, PROFILE_UNIT_BYTES))
		snprintf(human, sizeof(human), " (%.2f MiB)",
			 sum->samples / (1024.0 * 1024.0));
	fprintf(out, "fgprof: %" PRIu64 " %s%s, %zu lines; %.1f%% with unresolved frames, %.1f%% with truncated stacks\n",
		sum->samples, p->hdr.unit, human, sum->lines,
		pct(sum->unresolved, sum->samples),
		pct(sum->truncated, sum->samples));
	fputs("fgprof: losses:", out);
	for (i = 0; i < stat_nr_fields; i++) {
		if (!stat_fields[i].loss)
			continue;
		fprintf(out, "%s %s %" PRIu64, sep, stat_fields[i].name,
			stat_get(&p->stats, &stat_fields[i]));
		sep = ",";
	}
	fputc('\n', out);
}

/* The top table of the stacks, in the profile's unit. */
static int write_top(FILE *out, const struct profile *p,
		     const struct folded_stacks *stacks, size_t limit)
{
	struct top_opts to = { .limit = limit, .unit = p->hdr.unit };
	struct top_table t;
	struct measure m;
	int err;

	graph_measure(p, &m);
	to.event = m.label;

	err = top_table_build(stacks, &t);
	if (!err)
		err = top_table_print(out, &t, &to);
	top_table_free(&t);
	return err;
}

/*
 * What goes to stdout or -o: the stacks in the format asked, or --stats.
 * An SVG's title and palette not given follow what the samples measured.
 */
static int write_output(FILE *out, enum format format, bool stats,
			const struct profile *p,
			const struct folded_stacks *stacks,
			const struct folded_summary *sum, struct svg_opts *svo,
			bool palette_set, size_t limit)
{
	enum graph_kind kind = graph_kind_of(p);
	struct measure m;

	if (stats) {
		print_stats(out, p, sum);
		return fflush(out) || ferror(out) ? -EIO : 0;
	}
	if (format == FORMAT_SVG) {
		graph_measure(p, &m);
		svo->event = m.label;
		svo->unit = p->hdr.unit;
		if (!svo->title)
			svo->title = graph_title(kind, svo->inverted);
		if (!palette_set)
			svo->palette = graph_palette(kind);
		return svg_write(out, stacks, svo);
	}
	if (format == FORMAT_TOP)
		return write_top(out, p, stacks, limit);
	return folded_print(out, stacks);
}

/*
 * --time-range: the profile of that window replaces the whole one, so
 * every format shows the window without knowing about it.
 */
static int restrict_to_range(struct profile **p, const struct time_range *r,
			     char *err, size_t errlen)
{
	struct profile *n;
	int e = profile_time_range(*p, r, &n, err, errlen);

	if (e == -ENOMEM)
		snprintf(err, errlen, "--time-range: %s", strerror(ENOMEM));
	if (e)
		return e;
	profile_free(*p);
	*p = n;
	return 0;
}

int cmd_report(int argc, char **argv)
{
	const char *input = PROFILE_DEFAULT_PATH, *output = NULL, *warning;
	enum format format = FORMAT_FOLDED;
	struct export_opts xo = { 0 };
	struct time_range range = { 0 };
	bool ranged = false;
	unsigned long rows;
	unsigned long limit = 0;
	char *end;
	struct graph_opts g = { 0 };
	struct folded_stacks stacks;
	struct folded_summary sum;
	struct symbolizer *sym;
	struct profile *p;
	bool stats = false, quiet = false, quality_only = false;
	char err_msg[512], archive[4200];
	char quality[256];
	struct stackq q = { 0 };
	FILE *out = stdout;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "i:o:qh", long_opts, NULL)) != -1) {
		int r = graph_opt(&g, c, optarg, "report");

		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "folded")) {
				format = FORMAT_FOLDED;
			} else if (!strcmp(optarg, "svg")) {
				format = FORMAT_SVG;
			} else if (!strcmp(optarg, "top")) {
				format = FORMAT_TOP;
			} else if ((xo.format = export_format_parse(optarg))) {
				format = FORMAT_EXPORT;
			} else {
				fprintf(stderr, "fgprof report: unknown format '%s' (known: folded, svg, top, "
					EXPORT_NAMES ")\n", optarg);
				return 2;
			}
			break;
		case OPT_TIME_RANGE:
			if (time_range_parse(optarg, &range)) {
				fprintf(stderr, "fgprof report: --time-range takes START,END in seconds (0 <= START < END), not '%s'\n",
					optarg);
				return 2;
			}
			ranged = true;
			break;
		case OPT_ROWS:
			errno = 0;
			rows = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' ||
			    !rows || rows > HEATMAP_MAX_ROWS) {
				fprintf(stderr, "fgprof report: --rows takes 1 to %u, not '%s'\n",
					HEATMAP_MAX_ROWS, optarg);
				return 2;
			}
			xo.rows = rows;
			break;
		case OPT_LIMIT:
			errno = 0;
			limit = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-') {
				fprintf(stderr, "fgprof report: --limit takes a number of rows, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case OPT_STATS:
			stats = true;
			break;
		case OPT_STACK_QUALITY:
			quality_only = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs("(fgprof report --help lists the options)\n",
			      stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fgprof report: unexpected '%s'\n", argv[optind]);
		return 2;
	}
	if (g.fo.kernel_only && g.fo.user_only) {
		fprintf(stderr, "fgprof report: --kernel-only and --user-only are exclusive\n");
		return 2;
	}
	if (g.svg_only && format != FORMAT_SVG) {
		fprintf(stderr, "fgprof report: %s is for --format svg\n",
			g.svg_only);
		return 2;
	}
	/* A top table has no stacks to rewrite: it counts each function. */
	if (g.reshape && format == FORMAT_TOP) {
		fprintf(stderr, "fgprof report: %s is for --format folded or svg\n",
			g.reshape);
		return 2;
	}
	if (limit && format != FORMAT_TOP) {
		fprintf(stderr, "fgprof report: --limit is for --format top\n");
		return 2;
	}
	if (g.reshape && format == FORMAT_EXPORT) {
		fprintf(stderr, "fgprof report: %s is for --format folded or svg\n",
			g.reshape);
		return 2;
	}
	if (xo.rows && xo.format != EXPORT_HEATMAP) {
		fprintf(stderr, "fgprof report: --rows is for --format heatmap\n");
		return 2;
	}

	err = profile_load(input, &p, err_msg, sizeof(err_msg));
	if (!err && ranged)
		err = restrict_to_range(&p, &range, err_msg, sizeof(err_msg));
	if (!err && format == FORMAT_EXPORT && !stats &&
	    export_needs_timeline(xo.format) && !p->nr_timeline) {
		snprintf(err_msg, sizeof(err_msg),
			 "--format %s needs timeline records: this profile has none (record it with --timeline)",
			 xo.format == EXPORT_HEATMAP ? "heatmap" : "perf-script");
		err = -EINVAL;
	}
	if (err) {
		fprintf(stderr, "fgprof: %s\n", err_msg);
		profile_free(p);
		return 1;
	}
	g.so.archive = archive_find(input, g.archive, archive, sizeof(archive),
				    &err);
	if (err) {
		profile_free(p);
		return 1;
	}
	sym = symbolizer_new(p, &g.so);
	if (!sym) {
		profile_free(p);
		report_error("report", -ENOMEM);
		return 1;
	}
	memset(&stacks, 0, sizeof(stacks));
	err = stackq_collect(p, sym, &q);
	if (!err && quality_only) {
		stackq_print(stdout, p, &q);
		err = fflush(stdout) || ferror(stdout) ? -EIO : 0;
		if (err)
			report_error("writing stdout", err);
		goto out;
	}
	if (!err)
		err = folded_collect(p, sym, &g.fo, &stacks, &sum);
	if (!err)
		err = stackops_apply(&stacks, &g.sop);
	if (err) {
		report_error("report", err);
		goto out;
	}
	/* The graphs say in one line how far their stacks can be trusted. */
	stackq_line(p, &q, quality, sizeof(quality));
	g.svo.quality = quality;
	xo.quality = quality;
	/* Opened only now: a profile that fails to load clobbers nothing. */
	if (output) {
		out = fopen(output, "w");
		if (!out) {
			/* Not report_error: its hints are the device's. */
			err = -errno;
			fprintf(stderr, "fgprof: %s: %s\n", output,
				strerror(-err));
			goto out;
		}
	}
	err_msg[0] = '\0';
	if (format == FORMAT_EXPORT && !stats)
		err = export_write(out, &xo, p, sym, &g.fo, err_msg,
				   sizeof(err_msg));
	else
		err = write_output(out, format, stats, p, &stacks, &sum, &g.svo,
				   g.palette_set, limit);
	if (output && fclose(out) && !err)
		err = -EIO;
	if (err == -EINVAL && err_msg[0]) {
		fprintf(stderr, "fgprof: %s\n", err_msg);
		goto out;
	}
	if (err) {
		snprintf(err_msg, sizeof(err_msg), "writing %s",
			 output ?: "stdout");
		report_error(err == -EIO ? err_msg : "report", err);
		goto out;
	}
	warning = symbolizer_kernel_warning(sym);
	if (!quiet && warning)
		fprintf(stderr, "fgprof: %s\n", warning);
	if (!quiet && g.so.archive)
		archive_print_use(stderr, g.so.archive, sym);
	if (!quiet && sum.no_tids)
		fprintf(stderr, "fgprof: recorded without --per-thread: no thread ids, comm-PID shown\n");
	if (!stats && !quiet) {
		print_summary(stderr, p, &sum);
		stackq_print(stderr, p, &q);
	}
out:
	stackq_free(&q);
	folded_stacks_free(&stacks);
	symbolizer_free(sym);
	profile_free(p);
	return err ? 1 : 0;
}
