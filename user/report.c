// SPDX-License-Identifier: GPL-2.0
/* fgprof report: a profile file, symbolized, in one of the output formats. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "folded.h"
#include "profile.h"
#include "statfields.h"
#include "symbolize.h"

static const char usage_text[] =
"usage: fgprof report [-i FILE] [--format folded] [--pid | --tid]\n"
"                     [--kernel-only | --user-only] [--stats] [-q]\n"
"\n"
"Writes the profile, symbolized, to stdout; on stderr, the share of\n"
"samples with unresolved frames or truncated stacks and the losses the\n"
"recording counted.\n"
"\n"
"  -i, --input FILE       profile file (default fgprof.data)\n"
"      --format folded    folded stacks for flamegraph.pl (the default)\n"
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
};

static const struct option long_opts[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "pid", no_argument, NULL, OPT_PID },
	{ "tid", no_argument, NULL, OPT_TID },
	{ "kernel-only", no_argument, NULL, OPT_KERNEL_ONLY },
	{ "user-only", no_argument, NULL, OPT_USER_ONLY },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "kallsyms", required_argument, NULL, OPT_KALLSYMS },
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

int cmd_report(int argc, char **argv)
{
	const char *input = PROFILE_DEFAULT_PATH, *warning;
	struct folded_opts fo = { 0 };
	struct folded_summary sum;
	struct sym_opts so = { 0 };
	struct symbolizer *sym;
	struct profile *p;
	bool stats = false, quiet = false;
	char err_msg[512];
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "i:qh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "folded")) {
				fprintf(stderr, "fgprof report: unknown format '%s' (known: folded)\n",
					optarg);
				return 2;
			}
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
	err = folded_write(stats ? NULL : stdout, p, sym, &fo, &sum);
	if (err)
		report_error(err == -EIO ? "writing stdout" : "report", err);
	warning = symbolizer_kernel_warning(sym);
	if (!err && !quiet && warning)
		fprintf(stderr, "fgprof: %s\n", warning);
	if (!err && !quiet && sum.no_tids)
		fprintf(stderr, "fgprof: recorded without --per-thread: no thread ids, comm-PID shown\n");
	if (!err && stats)
		print_stats(stdout, p, &sum);
	else if (!err && !quiet)
		print_summary(stderr, p, &sum);
	symbolizer_free(sym);
	profile_free(p);
	return err ? 1 : 0;
}
