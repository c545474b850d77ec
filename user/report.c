// SPDX-License-Identifier: GPL-2.0
/* fgprof report: a profile file, symbolized, in one of the output formats. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "folded.h"
#include "profile.h"
#include "statfields.h"
#include "svg.h"
#include "symbolize.h"

static const char usage_text[] =
"usage: fgprof report [-i FILE] [-o FILE] [--format folded|svg] [--pid | --tid]\n"
"                     [--kernel-only | --user-only] [--stats] [-q]\n"
"                     [--title TEXT] [--width PX] [--inverted]\n"
"\n"
"Writes the profile, symbolized, to stdout (or -o FILE); on stderr, the\n"
"share of samples with unresolved frames or truncated stacks and the\n"
"losses the recording counted.\n"
"\n"
"  -i, --input FILE       profile file (default fgprof.data)\n"
"  -o, --output FILE      write there instead of stdout\n"
"      --format folded    folded stacks for flamegraph.pl (the default)\n"
"      --format svg       an interactive flame graph (hover, click to zoom,\n"
"                         Ctrl-F to search), self-contained\n"
"      --title TEXT       svg: the title (default \"Flame Graph\")\n"
"      --width PX         svg: the width, 100-100000 (default 1200)\n"
"      --inverted         svg: an icicle graph, the root at the top\n"
"      --pid              root frame comm-PID\n"
"      --tid              root frame comm-PID/TID (needs record --per-thread)\n"
"      --kernel-only      kernel frames only\n"
"      --user-only        user frames only\n"
"      --stats            instead: every counter of the file, 'name value'\n"
"      --kallsyms FILE    kernel symbols (default /proc/kallsyms)\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n";

enum {
	OPT_FORMAT = 256,
	OPT_PID,
	OPT_TID,
	OPT_KERNEL_ONLY,
	OPT_USER_ONLY,
	OPT_STATS,
	OPT_KALLSYMS,
	OPT_TITLE,
	OPT_WIDTH,
	OPT_INVERTED,
};

enum format { FORMAT_FOLDED, FORMAT_SVG };

static const struct option long_opts[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "pid", no_argument, NULL, OPT_PID },
	{ "tid", no_argument, NULL, OPT_TID },
	{ "kernel-only", no_argument, NULL, OPT_KERNEL_ONLY },
	{ "user-only", no_argument, NULL, OPT_USER_ONLY },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "kallsyms", required_argument, NULL, OPT_KALLSYMS },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "inverted", no_argument, NULL, OPT_INVERTED },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
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
	size_t i;

	fprintf(out, "fgprof: %" PRIu64 " samples, %zu lines; %.1f%% with unresolved frames, %.1f%% with truncated stacks\n",
		sum->samples, sum->lines, pct(sum->unresolved, sum->samples),
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

static int parse_width(const char *arg, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' ||
	    v < SVG_MIN_WIDTH || v > SVG_MAX_WIDTH) {
		fprintf(stderr, "fgprof report: --width takes %u to %u pixels, not '%s'\n",
			SVG_MIN_WIDTH, SVG_MAX_WIDTH, arg);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* What goes to stdout or -o: the stacks in the format asked, or --stats. */
static int write_output(FILE *out, enum format format, bool stats,
			const struct profile *p,
			const struct folded_stacks *stacks,
			const struct folded_summary *sum, struct svg_opts *svo)
{
	if (stats) {
		print_stats(out, p, sum);
		return fflush(out) || ferror(out) ? -EIO : 0;
	}
	if (format == FORMAT_SVG) {
		svo->event = p->hdr.event;
		return svg_write(out, stacks, svo);
	}
	return folded_print(out, stacks);
}

int cmd_report(int argc, char **argv)
{
	const char *input = PROFILE_DEFAULT_PATH, *output = NULL, *warning;
	const char *svg_only = NULL;
	enum format format = FORMAT_FOLDED;
	struct folded_opts fo = { 0 };
	struct svg_opts svo = { 0 };
	struct folded_stacks stacks;
	struct folded_summary sum;
	struct sym_opts so = { 0 };
	struct symbolizer *sym;
	struct profile *p;
	bool stats = false, quiet = false;
	char err_msg[512];
	FILE *out = stdout;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "i:o:qh", long_opts, NULL)) != -1) {
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
			} else {
				fprintf(stderr, "fgprof report: unknown format '%s' (known: folded, svg)\n",
					optarg);
				return 2;
			}
			break;
		case OPT_TITLE:
			svo.title = optarg;
			svg_only = "--title";
			break;
		case OPT_WIDTH:
			if (parse_width(optarg, &svo.width))
				return 2;
			svg_only = "--width";
			break;
		case OPT_INVERTED:
			svo.inverted = true;
			svg_only = "--inverted";
			break;
		case OPT_PID:
			fo.pid = true;
			break;
		case OPT_TID:
			fo.tid = true;
			break;
		case OPT_KERNEL_ONLY:
			fo.kernel_only = true;
			break;
		case OPT_USER_ONLY:
			fo.user_only = true;
			break;
		case OPT_STATS:
			stats = true;
			break;
		case OPT_KALLSYMS:
			so.kallsyms = optarg;
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
	if (fo.kernel_only && fo.user_only) {
		fprintf(stderr, "fgprof report: --kernel-only and --user-only are exclusive\n");
		return 2;
	}
	if (svg_only && format != FORMAT_SVG) {
		fprintf(stderr, "fgprof report: %s is for --format svg\n",
			svg_only);
		return 2;
	}

	err = profile_load(input, &p, err_msg, sizeof(err_msg));
	if (err) {
		fprintf(stderr, "fgprof: %s\n", err_msg);
		return 1;
	}
	sym = symbolizer_new(p, &so);
	if (!sym) {
		profile_free(p);
		report_error("report", -ENOMEM);
		return 1;
	}
	err = folded_collect(p, sym, &fo, &stacks, &sum);
	if (err) {
		report_error("report", err);
		goto out;
	}
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
	err = write_output(out, format, stats, p, &stacks, &sum, &svo);
	if (output && fclose(out) && !err)
		err = -EIO;
	if (err) {
		snprintf(err_msg, sizeof(err_msg), "writing %s",
			 output ?: "stdout");
		report_error(err == -EIO ? err_msg : "report", err);
		goto out;
	}
	warning = symbolizer_kernel_warning(sym);
	if (!quiet && warning)
		fprintf(stderr, "fgprof: %s\n", warning);
	if (!quiet && sum.no_tids)
		fprintf(stderr, "fgprof: recorded without --per-thread: no thread ids, comm-PID shown\n");
	if (!stats && !quiet)
		print_summary(stderr, p, &sum);
out:
	folded_stacks_free(&stacks);
	symbolizer_free(sym);
	profile_free(p);
	return err ? 1 : 0;
}
