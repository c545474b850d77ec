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

#include "commands.h"
#include "diff.h"
#include "folded.h"
#include "foldparse.h"
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
"      --inverted         svg: as fgprof report's\n"
"      --reverse, --fold-recursion   as fgprof report's\n"
"      --pid, --tid, --kernel-only, --user-only, --kallsyms FILE\n"
"                         for profile files: as fgprof report's\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n";

enum {
	OPT_FORMAT = 256,
	OPT_NO_NORMALIZE,
	OPT_BASE,
	OPT_TITLE,
	OPT_SUBTITLE,
	OPT_WIDTH,
	OPT_MINWIDTH,
	OPT_INVERTED,
	OPT_REVERSE,
	OPT_FOLD_RECURSION,
	OPT_PID,
	OPT_TID,
	OPT_KERNEL_ONLY,
	OPT_USER_ONLY,
	OPT_KALLSYMS,
};

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "no-normalize", no_argument, NULL, OPT_NO_NORMALIZE },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "minwidth", required_argument, NULL, OPT_MINWIDTH },
	{ "inverted", no_argument, NULL, OPT_INVERTED },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "fold-recursion", no_argument, NULL, OPT_FOLD_RECURSION },
	{ "pid", no_argument, NULL, OPT_PID },
	{ "tid", no_argument, NULL, OPT_TID },
	{ "kernel-only", no_argument, NULL, OPT_KERNEL_ONLY },
	{ "user-only", no_argument, NULL, OPT_USER_ONLY },
	{ "kallsyms", required_argument, NULL, OPT_KALLSYMS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

/* One side of the comparison, whatever file it came from. */
struct side {
	const char *path;
	struct folded_stacks stacks;
	char unit[PROFILE_UNIT_LEN];	/* "" for folded text: unknown */
};

static int load_profile(struct side *s, const struct folded_opts *fo,
			const struct sym_opts *so)
{
	struct folded_summary sum;
	struct symbolizer *sym;
	struct profile *p;
	char err_msg[512];
	int err;

	err = profile_load(s->path, &p, err_msg, sizeof(err_msg));
	if (err) {
		fprintf(stderr, "fgprof: %s\n", err_msg);
		return err;
	}
	snprintf(s->unit, sizeof(s->unit), "%s", p->hdr.unit);
	sym = symbolizer_new(p, so);
	err = sym ? folded_collect(p, sym, fo, &s->stacks, &sum) : -ENOMEM;
	if (err)
		report_error(s->path, err);
	symbolizer_free(sym);
	profile_free(p);
	return err;
}

/* A profile file or folded text: its first line tells. */
static int load(struct side *s, const struct folded_opts *fo,
		const struct sym_opts *so)
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
		return load_profile(s, fo, so);
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

static int parse_width(const char *arg, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' ||
	    v < SVG_MIN_WIDTH || v > SVG_MAX_WIDTH) {
		fprintf(stderr, "fgprof diff: --width takes %u to %u pixels, not '%s'\n",
			SVG_MIN_WIDTH, SVG_MAX_WIDTH, arg);
		return -EINVAL;
	}
	*out = v;
	return 0;
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
	struct folded_opts fo = { 0 };
	struct stackops_opts sop = { 0 };
	struct svg_opts svo = { 0 };
	struct sym_opts so = { 0 };
	const char *output = NULL, *svg_only = NULL;
	bool folded = false, normalize = true, quiet = false;
	uint64_t ta, tb;
	double scale = 1.0;
	FILE *out = stdout;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:qh", long_opts, NULL)) != -1) {
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
			svo.shape_is_a = !strcmp(optarg, "a");
			svg_only = "--base";
			break;
		case OPT_TITLE:
			svo.title = optarg;
			svg_only = "--title";
			break;
		case OPT_SUBTITLE:
			svo.subtitle = optarg;
			svg_only = "--subtitle";
			break;
		case OPT_WIDTH:
			if (parse_width(optarg, &svo.width))
				return 2;
			svg_only = "--width";
			break;
		case OPT_MINWIDTH:
			if (svg_parse_minwidth(optarg, &svo)) {
				fprintf(stderr, "fgprof diff: --minwidth takes pixels or a percentage (0.5, 1%%), not '%s'\n",
					optarg);
				return 2;
			}
			svg_only = "--minwidth";
			break;
		case OPT_INVERTED:
			svo.inverted = true;
			svg_only = "--inverted";
			break;
		case OPT_REVERSE:
			sop.reverse = true;
			break;
		case OPT_FOLD_RECURSION:
			sop.fold_recursion = true;
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
			fputs("(fgprof diff --help lists the options)\n", stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "fgprof diff: two inputs expected, A and B (fgprof diff --help)\n");
		return 2;
	}
	if (fo.kernel_only && fo.user_only) {
		fprintf(stderr, "fgprof diff: --kernel-only and --user-only are exclusive\n");
		return 2;
	}
	if (svg_only && folded) {
		fprintf(stderr, "fgprof diff: %s is for --format svg\n", svg_only);
		return 2;
	}
	a.path = argv[optind];
	b.path = argv[optind + 1];
	err = load(&a, &fo, &so) ?: load(&b, &fo, &so);
	if (err)
		goto out;
	/* Folded text says nothing of its unit: it takes the other's. */
	if (a.unit[0] && b.unit[0] && strcmp(a.unit, b.unit)) {
		fprintf(stderr, "fgprof diff: %s counts %s but %s counts %s: nothing to compare\n",
			a.path, a.unit, b.path, b.unit);
		err = -EINVAL;
		goto out;
	}
	svo.unit = a.unit[0] ? a.unit : b.unit[0] ? b.unit : NULL;
	err = stackops_apply(&a.stacks, &sop) ?: stackops_apply(&b.stacks, &sop);
	if (err) {
		report_error("diff", err);
		goto out;
	}
	ta = diff_total(&a.stacks);
	tb = diff_total(&b.stacks);
	if (normalize && ta && tb) {
		scale = (double)ta / tb;
		diff_normalize(&a.stacks, &b.stacks);
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
		       write_svg(out, &a, &b, &svo, scale);
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
