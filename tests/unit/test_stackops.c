// SPDX-License-Identifier: GPL-2.0
/* user/profile/stackops.c: --reverse and --fold-recursion on known stacks. */
#include <stdlib.h>

#include "unit.h"
#include "svgcheck.h"
#include "runcmd.h"
#include "stackops.h"

/* The stacks as folded text again, for comparing whole results. */
static char *text(const struct folded_stacks *fs)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(folded_print(f, fs) == 0);
	fclose(f);
	return buf;
}

static char *apply(const char *folded, bool reverse, bool fold)
{
	struct folded_stacks fs = stacks_of(folded);
	struct stackops_opts o = { .reverse = reverse,
				   .fold_recursion = fold };
	char *s;

	CHECK(stackops_apply(&fs, &o) == 0);
	s = text(&fs);
	folded_stacks_free(&fs);
	return s;
}

static void nothing_asked_nothing_changes(void)
{
	char *s = apply("b;a 1\na;b 2\n", false, false);

	/* Not even sorted: the caller's order stays. */
	CHECK_STR(s, "b;a 1\na;b 2\n");
	free(s);
}

/* flamegraph.pl --reverse: leaves become roots, and merge there. */
static void reverse_merges_leaves(void)
{
	char *s = apply("app;main;a;spin 3\napp;main;b;spin 4\n"
			"app;main;a 2\nsolo 1\n", true, false);

	CHECK_STR(s, "a;main;app 2\nsolo 1\nspin;a;main;app 3\n"
		     "spin;b;main;app 4\n");
	free(s);
	/* Twice is the identity (once sorted). */
	s = apply("spin;a;main;app 3\nspin;b;main;app 4\n", true, false);
	CHECK_STR(s, "app;main;a;spin 3\napp;main;b;spin 4\n");
	free(s);
}

static void fold_recursion_collapses_adjacent(void)
{
	char *s = apply("app;f;f;f;g;f 2\napp;f;g;f 3\napp;g;g 1\n"
			"x;x 1\nlong;longer;longer 1\n", false, true);

	/* Only adjacent repeats: f;g;f stays, and merges. */
	CHECK_STR(s, "app;f;g;f 5\napp;g 1\nlong;longer 1\nx 1\n");
	free(s);
}

static void both_together(void)
{
	char *s = apply("app;main;rec;rec;rec;leaf 4\napp;main;rec;leaf 1\n",
			true, true);

	CHECK_STR(s, "leaf;rec;main;app 5\n");
	free(s);
}

static void empty_and_single(void)
{
	struct folded_stacks fs = { 0 };
	struct stackops_opts o = { .reverse = true, .fold_recursion = true };
	char *s;

	CHECK(stackops_apply(&fs, &o) == 0 && fs.nr == 0);
	s = apply("only 7\n", true, true);
	CHECK_STR(s, "only 7\n");
	free(s);
}

/* Through fgprof report: folded and svg both take them. */
static void from_report(void)
{
	static const uint64_t rec[] = { K_SYS_READ, K_SYS_READ, K_IRQ };
	struct profile *p = kprofile_new(PROFILE_UNIT_SAMPLES);
	const char *path = runcmd_path("ops.data");
	const char *args[] = { "report", "-i", path, "-q", "--kallsyms",
			       unit_data("kallsyms"), NULL, NULL, NULL };
	char *out;
	int rc;

	ksample(p, "app", rec, 3, PROFILE_ON_CPU, 5, 5);
	CHECK(profile_save(p, path) == 0);
	out = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0);
	CHECK_STR(out, "app;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k];__x64_sys_read_[k] 5\n");
	free(out);
	args[6] = "--fold-recursion";
	args[7] = "--reverse";
	out = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0);
	CHECK_STR(out, "__x64_sys_read_[k];asm_sysvec_apic_timer_interrupt_[k];app 5\n");
	free(out);
	args[7] = "--format=svg";
	out = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0);
	CHECK_XML(out);
	CHECK(strstr(out, "<title>__x64_sys_read_[k] (5 samples, 100.00%)</title>"));
	CHECK(!strstr(strstr(out, "__x64_sys_read_[k] (") + 1,
		      "__x64_sys_read_[k] ("));
	free(out);
	unlink(path);
	profile_free(p);
}

int main(void)
{
	RUN(nothing_asked_nothing_changes);
	RUN(reverse_merges_leaves);
	RUN(fold_recursion_collapses_adjacent);
	RUN(both_together);
	RUN(empty_and_single);
	RUN(from_report);
	return UNIT_EXIT();
}
