// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/diff.c, foldparse.c and fgprof diff: two profiles compared as
 * difffolded.pl's text and as a differential flame graph.
 */
#include <errno.h>
#include <stdlib.h>

#include "unit.h"
#include "svgcheck.h"
#include "runcmd.h"
#include "diff.h"
#include "foldparse.h"
#include "palette.h"

static const char *write_file(const char *name, const char *text)
{
	const char *path = runcmd_path(name);
	FILE *f = fopen(path, "w");

	CHECK(f && fputs(text, f) >= 0);
	if (f)
		fclose(f);
	return path;
}

static int parse(const char *text, struct folded_stacks *fs, char *err,
		 size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret = folded_parse(f, "in", fs, err, len);

	fclose(f);
	return ret;
}

static void folded_text_read(void)
{
	struct folded_stacks fs;
	char err[256];

	CHECK(parse("b;c 2\n\na;java Thread;run 3\r\nb;c 5\nx 1.6\n", &fs,
		    err, sizeof(err)) == 0);
	CHECK(fs.nr == 3);
	if (fs.nr == 3) {
		CHECK_STR(fs.v[0].text, "a;java Thread;run");
		CHECK(fs.v[0].count == 3);
		CHECK_STR(fs.v[1].text, "b;c");
		CHECK(fs.v[1].count == 7);
		CHECK_STR(fs.v[2].text, "x");
		CHECK(fs.v[2].count == 2);
	}
	folded_stacks_free(&fs);
	CHECK(parse("a 1\nno count here\n", &fs, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "in:2: not a folded stack"));
	folded_stacks_free(&fs);
	CHECK(parse("a -3\n", &fs, err, sizeof(err)) == -EINVAL);
	folded_stacks_free(&fs);
	CHECK(parse(" 3\n", &fs, err, sizeof(err)) == -EINVAL);
	folded_stacks_free(&fs);
	CHECK(folded_parse_is_profile("fgprof-profile 2\n"));
	CHECK(!folded_parse_is_profile("fgprof-profiler;x 2\n"));
	CHECK(!folded_parse_is_profile("app;main 3\n"));
}

static char *diff_text(const char *a, const char *b, bool normalize)
{
	struct folded_stacks fa = stacks_of(a), fb = stacks_of(b);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (normalize)
		diff_normalize(&fa, &fb);
	CHECK(diff_print(f, &fa, &fb) == 0);
	fclose(f);
	folded_stacks_free(&fa);
	folded_stacks_free(&fb);
	return buf;
}

static void difffolded_lines(void)
{
	char *s = diff_text("a;b 3\na;c 1\n", "a;b 9\na;d 6\n", false);

	CHECK_STR(s, "a;b 3 9\na;c 1 0\na;d 0 6\n");
	free(s);
	/* B's 15 scaled to A's 4: 9 -> 2.4 -> 2, 6 -> 1.6 -> 2. */
	s = diff_text("a;b 3\na;c 1\n", "a;b 9\na;d 6\n", true);
	CHECK_STR(s, "a;b 3 2\na;c 1 0\na;d 0 2\n");
	free(s);
	/* Nothing to scale against: left as it is. */
	s = diff_text("", "a 5\n", true);
	CHECK_STR(s, "a 0 5\n");
	free(s);
}

/* Big values: scaling goes through 128 bits. */
static void normalize_large_values(void)
{
	struct folded_stacks a = stacks_of("x 6000000000000\n");
	struct folded_stacks b = stacks_of("x 18000000000000\ny 6000000000000\n");

	diff_normalize(&a, &b);
	CHECK(b.v[0].count == 4500000000000ull);
	CHECK(b.v[1].count == 1500000000000ull);
	CHECK(diff_total(&b) == diff_total(&a));
	folded_stacks_free(&a);
	folded_stacks_free(&b);
}

/*
 * B scaled sums to A's total exactly, each count its share's floor or
 * ceiling: rounding each to the nearest made 3,051 of 3,044, so the root
 * of an unchanged profile showed +7.
 */
static void normalize_total_is_exact(void)
{
	uint64_t seed = 12345, ta, tb, orig[64];
	unsigned __int128 exact;
	char *s;
	int round, i, bad = 0, off = 0;

	/* Two thirds each: 1, 1, 0, not 1, 1, 1. */
	s = diff_text("x 2\n", "a 1\nb 1\nc 1\n", true);
	CHECK_STR(s, "a 0 1\nb 0 1\nc 0 0\nx 2 0\n");
	free(s);
	for (round = 0; round < 200; round++) {
		struct folded_stacks a = { 0 }, b = { 0 };
		char text[64 * 16], *t = text;
		int n = 1 + round % 60;

		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ull +
			       1442695040888963407ull;
			orig[i] = (seed >> 33) % (round % 3 ? 50 : 100000);
			t += sprintf(t, "s%02d %" PRIu64 "\n", i, orig[i]);
		}
		b = stacks_of(text);
		sprintf(text, "x %" PRIu64 "\n", 1 + (seed >> 40) % 5000);
		a = stacks_of(text);
		ta = diff_total(&a);
		tb = diff_total(&b);
		CHECK(diff_normalize(&a, &b) == 0);
		if (tb && diff_total(&b) != ta) {
			if (!off++)
				printf("# %d stacks: %" PRIu64 " scaled to %" PRIu64 " sum to %" PRIu64 "\n",
				       n, tb, ta, diff_total(&b));
			bad++;
		}
		for (i = 0; tb && i < n; i++) {
			/* b.v is sorted by text: s00, s01, ... as made. */
			unsigned __int128 got = b.v[i].count;

			exact = (unsigned __int128)orig[i] * ta;
			if (got * tb + tb <= exact || got * tb >= exact + tb)
				bad++;
		}
		folded_stacks_free(&a);
		folded_stacks_free(&b);
	}
	CHECK(bad == 0);
}

static const char profile_a[] =
	"app;main;parse;lex 30\napp;main;parse 10\napp;main;eval 45\n"
	"app;main;eval;gc 15\nd;x 1\n";

/* A profile and the same profile 3x: the same shares. */
static void scaled_copy_normalized_is_all_zero(void)
{
	const char *a = write_file("a.folded", profile_a);
	const char *b = write_file("b.folded",
		"app;main;parse;lex 90\napp;main;parse 30\napp;main;eval 135\n"
		"app;main;eval;gc 45\nd;x 3\n");
	const char *args[] = { "diff", "-q", a, b, NULL, NULL };
	struct frame *v;
	size_t nr, i;
	char *out;
	int rc;

	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	CHECK_XML(out);
	CHECK(strstr(out, ">Differential Flame Graph</text>"));
	CHECK(strstr(out, "B scaled by 0.3333 to A&apos;s total"));
	v = frames_of(out, &nr);
	CHECK(nr == 9);
	for (i = 0; i < nr; i++) {
		CHECK(v[i].r == 255 && v[i].g == 255 && v[i].b == 255);
		CHECK(strstr(v[i].title, "; +0, +0.00%; self +0, +0.00%)"));
	}
	free(v);
	free(out);

	args[1] = "--format=folded";
	args[2] = "-q";
	args[3] = a;
	args[4] = b;
	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	CHECK_STR(out, "app;main;eval 45 45\napp;main;eval;gc 15 15\n"
		       "app;main;parse 10 10\napp;main;parse;lex 30 30\n"
		       "d;x 1 1\n");
	free(out);
}

static void scaled_copy_not_normalized_grows(void)
{
	const char *a = write_file("a.folded", profile_a);
	const char *b = write_file("b.folded",
		"app;main;parse;lex 90\napp;main;parse 30\napp;main;eval 135\n"
		"app;main;eval;gc 45\nd;x 3\n");
	const char *args[] = { "diff", "-q", "--no-normalize", a, b, NULL };
	const struct frame *f;
	struct frame *v;
	size_t nr;
	char *out;
	int rc;

	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	CHECK_XML(out);
	CHECK(!strstr(out, "scaled by"));
	v = frames_of(out, &nr);
	/* eval: 45 -> 135 itself, the largest growth: full red. */
	CHECK((f = frame_named(v, nr, "eval")) &&
	      !strcmp(f->title, "eval (A 60, B 180 samples; +120, +39.60%; self +90, +29.70%)"));
	CHECK(f && f->r == 255 && f->g == 0 && f->b == 0);
	/* lex: +60 of 90, two thirds as deep. */
	CHECK((f = frame_named(v, nr, "lex")) && f->r == 255 && f->g == 85 &&
	      f->b == 85);
	/* main holds nothing itself: no change. */
	CHECK((f = frame_named(v, nr, "main")) && f->g == 255 && f->b == 255);
	free(v);
	free(out);
}

/* Unequal totals, shares moved: red where B spends more of its time. */
static void shares_moved(void)
{
	const char *a = write_file("a.folded", "app;fast 50\napp;slow 50\n");
	const char *b = write_file("b.folded",
				   "app;fast 100\napp;slow 300\napp;new 400\n");
	const char *args[] = { "diff", "-q", a, b, NULL, NULL };
	const struct frame *f;
	struct frame *v;
	size_t nr;
	char *out;
	int rc;

	/*
	 * B scaled by 100/800: fast 12.5, slow 37.5, new 50, to A's 100
	 * exactly: the half unit goes to the first in order, fast 13,
	 * slow 37 (rounding each would make 101, the root +1).
	 */
	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	v = frames_of(out, &nr);
	CHECK((f = frame_named(v, nr, "fast")) && f->b == 255 && f->r < 255);
	CHECK((f = frame_named(v, nr, "app")) &&
	      strstr(f->title, "(A 100, B 100 samples; +0, "));
	CHECK((f = frame_named(v, nr, "slow")) && f->b == 255 && f->r < 255);
	CHECK((f = frame_named(v, nr, "new")) && f->r == 255 && f->g == 0);
	CHECK((f = frame_named(v, nr, "fast")) &&
	      !strcmp(f->title, "fast (A 50, B 13 samples; -37, -37.00%; self -37, -37.00%)"));
	free(v);
	free(out);

	/* On A's shape: "new" is not drawn, "slow" is. */
	args[1] = "--base=a";
	args[2] = "-q";
	args[3] = a;
	args[4] = b;
	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	CHECK_XML(out);
	v = frames_of(out, &nr);
	CHECK(!frame_named(v, nr, "new"));
	CHECK((f = frame_named(v, nr, "slow")) && f->fw == 50 && f->b == 255);
	CHECK((f = frame_named(v, nr, "app")) && f->fw == 100);
	free(v);
	free(out);
}

/* Profile files, and a profile against folded text. */
static void profiles_and_mixed(void)
{
	static const uint64_t irq_read[] = { K_SYS_READ, K_IRQ };
	static const uint64_t irq[] = { K_IRQ };
	struct profile *p = kprofile_new(PROFILE_UNIT_SAMPLES);
	const char *pa = runcmd_path("a.data"), *pb = runcmd_path("b.data");
	const char *ft = write_file("t.folded",
		"app;asm_sysvec_apic_timer_interrupt_[k] 4\n");
	const char *args[] = { "diff", "-q", "--format=folded",
			       "--kallsyms", unit_data("kallsyms"), pa, pb,
			       NULL };
	char *out;
	int rc;

	ksample(p, "app", irq_read, 2, PROFILE_ON_CPU, 6, 6);
	ksample(p, "app", irq, 1, PROFILE_ON_CPU, 2, 2);
	CHECK(profile_save(p, pa) == 0);
	profile_free(p);
	p = kprofile_new(PROFILE_UNIT_SAMPLES);
	ksample(p, "app", irq_read, 2, PROFILE_ON_CPU, 18, 18);
	ksample(p, "app", irq, 1, PROFILE_ON_CPU, 6, 6);
	CHECK(profile_save(p, pb) == 0);
	profile_free(p);

	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	CHECK_STR(out, "app;asm_sysvec_apic_timer_interrupt_[k] 2 2\n"
		       "app;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 6 6\n");
	free(out);

	args[6] = ft;
	out = runcmd(cmd_diff, args, &rc);
	CHECK(rc == 0);
	CHECK_STR(out, "app;asm_sysvec_apic_timer_interrupt_[k] 2 8\n"
		       "app;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 6 0\n");
	free(out);

	/* Samples against nanoseconds: nothing to compare. */
	p = kprofile_new(PROFILE_UNIT_NS);
	ksample(p, "app", irq, 1, PROFILE_OFF_CPU, 1, 1000);
	CHECK(profile_save(p, pb) == 0);
	profile_free(p);
	args[6] = pb;
	free(runcmd(cmd_diff, args, &rc));
	CHECK(rc == 1);
	unlink(pa);
	unlink(pb);
}

static void refusals(void)
{
	const char *a = write_file("a.folded", "a 1\n");
	const char *bad = write_file("bad.folded", "a 1\nb\n");
	const char *one[] = { "diff", a, NULL };
	const char *fmt[] = { "diff", "--format=png", a, a, NULL };
	const char *base[] = { "diff", "--format=folded", "--base=a", a, a,
			       NULL };
	const char *broken[] = { "diff", a, bad, NULL };
	const char *missing[] = { "diff", a, "/nonexistent/x", NULL };
	int rc;

	free(runcmd(cmd_diff, one, &rc));
	CHECK(rc == 2);
	free(runcmd(cmd_diff, fmt, &rc));
	CHECK(rc == 2);
	free(runcmd(cmd_diff, base, &rc));
	CHECK(rc == 2);
	free(runcmd(cmd_diff, broken, &rc));
	CHECK(rc == 1);
	free(runcmd(cmd_diff, missing, &rc));
	CHECK(rc == 1);
}

static void diff_colour_scale(void)
{
	unsigned int rgb[3];

	palette_diff(0, 10, rgb);
	CHECK(rgb[0] == 255 && rgb[1] == 255 && rgb[2] == 255);
	palette_diff(10, 10, rgb);
	CHECK(rgb[0] == 255 && rgb[1] == 0 && rgb[2] == 0);
	palette_diff(-5, 10, rgb);
	CHECK(rgb[0] == 127 && rgb[1] == 127 && rgb[2] == 255);
	palette_diff(1, 0, rgb);
	CHECK(rgb[0] == 255 && rgb[1] == 255 && rgb[2] == 255);
}

int main(void)
{
	RUN(folded_text_read);
	RUN(difffolded_lines);
	RUN(normalize_large_values);
	RUN(normalize_total_is_exact);
	RUN(scaled_copy_normalized_is_all_zero);
	RUN(scaled_copy_not_normalized_grows);
	RUN(shares_moved);
	RUN(profiles_and_mixed);
	RUN(refusals);
	RUN(diff_colour_scale);
	return UNIT_EXIT();
}
