// SPDX-License-Identifier: GPL-2.0
/*
 * fgprof diff: two profiles (or folded files) as a differential flame
 * graph or difffolded.pl's three-column text.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "commands.h"
#include "diff.h"
#include "folded.h"
#include "foldparse.h"
#include "graph_opts.h"
#include "profile.h"
#include "stackops.h"
#include "svg.h"
#include "symbolize.h"

static const char usage_text[] =
"usage: fgprof diff [options] A B\n"
"\n"
"Compares profile B with profile A (each an fgprof profile file or folded\n"
"text, told apart by content): by default an SVG flame graph shaped like B,\n"
"each frame coloured by how much more (red) or less (blue) time it spent\n"
"itself in B than in A.\n"
"\n"
"  -o, --output FILE      write there instead of stdout\n"
"      --format svg       the differential flame graph (the default)\n"
"      --format folded    difffolded.pl's lines: 'STACK COUNT_A COUNT_B'\n"
"      --no-normalize     compare amounts; by default B is scaled to A's\n"
"                         total, so shares are compared\n"
"      --base a|b         svg: draw A's stacks instead of B's (default b)\n"
"      --title TEXT, --subtitle TEXT, --width PX, --minwidth PX|N%,\n"
"      --inverted         svg: as fgprof report's (--colors is accepted, but\n"
"                         a differential graph is coloured by its deltas)\n"
"      --reverse, --fold-recursion   as fgprof report's\n"
"      --pid, --tid, --kernel-only, --user-only, --kallsyms FILE,\n"
"      --no-inline, --debug-dir DIR, --archive DIR\n"
"                         for profile files: as fgprof report's\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n";

enum {
	OPT_FORMAT = 256,
	OPT_NO_NORMALIZE,
	OPT_BASE,
};

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "no-normalize", no_argument, NULL, OPT_NO_NORMALIZE },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	GRAPH_LONG_OPTS,
	{ 0 }
};

/* One side of the comparison, whatever file it came from. */
struct side {
	const char *path;
	struct folded_stacks stacks;
	char unit[PROFILE_UNIT_LEN];	/* "" for folded text: unknown */
};

static int load_profile(struct side *s, const struct graph_opts *g,
			bool quiet)
{
	struct sym_opts so = g->so;
	struct folded_summary sum;
	struct symbolizer *sym;
	struct profile *p;
	char err_msg[512], archive[4200];
	const char *warning;
	int err;

	err = profile_load(s->path, &p, err_msg, sizeof(err_msg));
	if (err) {
		fprintf(stderr, "fgprof: %s\n", err_msg);
		return err;
	}
	snprintf(s->unit, sizeof(s->unit), "%s", p->hdr.unit);
	so.archive = archive_find(s->path, g->archive, archive,
				  sizeof(archive), &err);
	if (err) {
		profile_free(p);
		return -EINVAL;
	}
	sym = symbolizer_new(p, &so);
	err = sym ? folded_collect(p, sym, &g->fo, &s->stacks, &sum) : -ENOMEM;
	if (err)
		report_error(s->path, err);
	warning = sym ? symbolizer_kernel_warning(sym) : NULL;
	if (!err && !quiet && warning)
		fprintf(stderr, "fgprof: %s: %s\n", s->path, warning);
	if (!err && !quiet && so.archive)
		archive_print_use(stderr, so.archive, sym);
	symbolizer_free(sym);
	profile_free(p);
	return err;
}

/* A profile file or folded text: its first line tells. */
static int load(struct side *s, const struct graph_opts *g, bool quiet)
{
	char first[64] = "", err_msg[512];
	FILE *f = fopen(s->path, "r");
	int err;

	if (!f) {
		err = -errno;
		fprintf(stderr, "fgprof: %s: %s\n", s->path, strerror(-err));
		return err;
	}
	if (!fgets(first, sizeof(first), f))
		first[0] = '\0';
	if (folded_parse_is_profile(first)) {
		fclose(f);
		return load_profile(s, g, quiet);
	}
	rewind(f);
	err = folded_parse(f, s->path, &s->stacks, err_msg, sizeof(err_msg));
	fclose(f);
	if (err == -EINVAL)
		fprintf(stderr, "fgprof: %s\n", err_msg);
	else if (err)
		report_error(s->path, err);
	return err;
}

static int write_svg(FILE *out, struct side *a, struct side *b,
		     struct svg_opts *o, double scale)
{
	char sub[128];

	if (!o->subtitle) {
		if (scale != 1.0)
			snprintf(sub, sizeof(sub), "red: more in B, blue: less; B scaled by %.4g to A's total",
				 scale);
		else
			snprintf(sub, sizeof(sub), "red: more in B, blue: less");
		o->subtitle = sub;
	}
	o->other = o->shape_is_a ? &b->stacks : &a->stacks;
	return svg_write(out, o->shape_is_a ? &a->stacks : &b->stacks, o);
}

int cmd_diff(int argc, char **argv)
{
	struct side a = { 0 }, b = { 0 };
	struct graph_opts g = { 0 };
	const char *output = NULL;
	bool folded = false, normalize = true, quiet = false;
	uint64_t ta, tb;
	double scale = 1.0;
	FILE *out = stdout;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:qh", long_opts, NULL)) != -1) {
		int r = graph_opt(&g, c, optarg, "diff");

		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "svg") && strcmp(optarg, "folded")) {
				fprintf(stderr, "fgprof diff: unknown format '%s' (known: svg, folded)\n",
					optarg);
				return 2;
			}
			folded = !strcmp(optarg, "folded");
			break;
		case OPT_NO_NORMALIZE:
			normalize = false;
			break;
		case OPT_BASE:
			if (strcmp(optarg, "a") && strcmp(optarg, "b")) {
				fprintf(stderr, "fgprof diff: --base is a or b, not '%s'\n",
					optarg);
				return 2;
			}
			g.svo.shape_is_a = !strcmp(optarg, "a");
			g.svg_only = "--base";
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs("(fgprof diff --help lists the options)\n", stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "fgprof diff: two inputs expected, A and B (fgprof diff --help)\n");
		return 2;
	}
	if (g.fo.kernel_only && g.fo.user_only) {
		fprintf(stderr, "fgprof diff: --kernel-only and --user-only are exclusive\n");
		return 2;
	}
	if (g.svg_only && folded) {
		fprintf(stderr, "fgprof diff: %s is for --format svg\n", g.svg_only);
		return 2;
	}
	a.path = argv[optind];
	b.path = argv[optind + 1];
	err = load(&a, &g, quiet) ?: load(&b, &g, quiet);
	if (err)
		goto out;
	/* Folded text says nothing of its unit: it takes the other's. */
	if (a.unit[0] && b.unit[0] && strcmp(a.unit, b.unit)) {
		fprintf(stderr, "fgprof diff: %s counts %s but %s counts %s: nothing to compare\n",
			a.path, a.unit, b.path, b.unit);
		err = -EINVAL;
		goto out;
	}
	g.svo.unit = a.unit[0] ? a.unit : b.unit[0] ? b.unit : NULL;
	err = stackops_apply(&a.stacks, &g.sop) ?:
	      stackops_apply(&b.stacks, &g.sop);
	if (err) {
		report_error("diff", err);
		goto out;
	}
	ta = diff_total(&a.stacks);
	tb = diff_total(&b.stacks);
	if (normalize && ta && tb) {
		scale = (double)ta / tb;
		err = diff_normalize(&a.stacks, &b.stacks);
		if (err) {
			report_error("diff", err);
			goto out;
		}
	}
	if (output) {
		out = fopen(output, "w");
		if (!out) {
			err = -errno;
			fprintf(stderr, "fgprof: %s: %s\n", output, strerror(-err));
			goto out;
		}
	}
	err = folded ? diff_print(out, &a.stacks, &b.stacks) :
		       write_svg(out, &a, &b, &g.svo, scale);
	if (output && fclose(out) && !err)
		err = -EIO;
	if (err) {
		report_error(output ?: "stdout", err);
		goto out;
	}
	if (!quiet) {
		fprintf(stderr, "fgprof diff: A %zu stacks, total %" PRIu64 "; B %zu stacks, total %" PRIu64,
			a.stacks.nr, ta, b.stacks.nr, tb);
		if (scale != 1.0)
			fprintf(stderr, ", scaled by %.4g to A's total", scale);
		fputc('\n', stderr);
	}
out:
	folded_stacks_free(&a.stacks);
	folded_stacks_free(&b.stacks);
	return err ? 1 : 0;
}
