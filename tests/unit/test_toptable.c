// SPDX-License-Identifier: GPL-2.0
/* user/output/toptable.c: flat and cumulative values of a known profile. */
#include <stdlib.h>

#include "unit.h"
#include "svgcheck.h"
#include "runcmd.h"
#include "toptable.h"
#include "valfmt.h"

static const struct top_entry *entry(const struct top_table *t,
				     const char *name)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (t->v[i].len == strlen(name) &&
		    !memcmp(t->v[i].name, name, t->v[i].len))
			return &t->v[i];
	return NULL;
}

/*
 * main calls a (which calls b) and c; b also recurses into itself. The
 * process frame (app) is no function; main's self is the stack ending
 * in it.
 */
static void known_values(void)
{
	struct folded_stacks fs = stacks_of("app;main;a;b 40\n"
					    "app;main;a;b;b;b 20\n"
					    "app;main;c 25\n"
					    "app;main 10\n"
					    "other;c 5\n");
	struct top_table t;
	const struct top_entry *e;

	CHECK(top_table_build(&fs, &t) == 0);
	CHECK(t.total == 100);
	CHECK(t.nr == 4);
	CHECK(!entry(&t, "app") && !entry(&t, "other"));
	/* Sorted by self: b 60, c 30, main 10, a 0. */
	CHECK(t.nr == 4 && t.v[0].len == 1 && t.v[0].name[0] == 'b');
	CHECK((e = entry(&t, "b")) && e->self == 60 && e->cum == 60);
	CHECK((e = entry(&t, "c")) && e->self == 30 && e->cum == 30);
	CHECK((e = entry(&t, "main")) && e->self == 10 && e->cum == 95);
	CHECK((e = entry(&t, "a")) && e->self == 0 && e->cum == 60);
	CHECK(t.v[1].name[0] == 'c' && t.v[2].name[0] == 'm' &&
	      t.v[3].name[0] == 'a');
	top_table_free(&t);
	folded_stacks_free(&fs);
}

/* Blocked time is the blocked function's, not the marker's or the waker's. */
static void off_cpu_frames(void)
{
	struct folded_stacks fs = stacks_of(
		"app;main;read;[off-cpu];--;irq_[w];wake_up_[w] 30\n"
		"app;main;sleep;[off-cpu] 70\n");
	struct top_table t;
	const struct top_entry *e;

	CHECK(top_table_build(&fs, &t) == 0);
	CHECK(t.nr == 3);
	CHECK(!entry(&t, "[off-cpu]") && !entry(&t, "wake_up_[w]") &&
	      !entry(&t, "--"));
	CHECK((e = entry(&t, "sleep")) && e->self == 70);
	CHECK((e = entry(&t, "read")) && e->self == 30);
	CHECK((e = entry(&t, "main")) && e->self == 0 && e->cum == 100);
	top_table_free(&t);
	folded_stacks_free(&fs);
}

static char *print(const char *folded, const struct top_opts *o)
{
	struct folded_stacks fs = stacks_of(folded);
	struct top_table t;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(top_table_build(&fs, &t) == 0);
	CHECK(top_table_print(f, &t, o) == 0);
	fclose(f);
	top_table_free(&t);
	folded_stacks_free(&fs);
	return buf;
}

static void printed_rows(void)
{
	struct top_opts o = { .event = "cycles" };
	char *s = print("app;main;a;b 40\napp;main;c 25\napp;main 35\n", &o);

	CHECK_STR(s,
		"# 4 of 4 functions, 100 samples of cycles; flat: in the function itself, cum: with its callees\n"
		"        flat   flat%    sum%          cum    cum%  function\n"
		"          40  40.00%  40.00%           40  40.00%  b\n"
		"          35  35.00%  75.00%          100 100.00%  main\n"
		"          25  25.00% 100.00%           25  25.00%  c\n"
		"           0   0.00% 100.00%           40  40.00%  a\n");
	free(s);

	o.limit = 2;
	o.unit = PROFILE_UNIT_NS;
	o.event = NULL;
	s = print("app;main;a 1500000\napp;main 2500000000\napp;z 1\n", &o);
	CHECK_STR(s,
		"# 2 of 3 functions, 2.50 s; flat: in the function itself, cum: with its callees\n"
		"        flat   flat%    sum%          cum    cum%  function\n"
		"      2.50 s  99.94%  99.94%       2.50 s 100.00%  main\n"
		"     1.50 ms   0.06% 100.00%      1.50 ms   0.06%  a\n");
	free(s);
}

static void values_as_read(void)
{
	char b[VALFMT_LEN];

	CHECK_STR(valfmt(1234567, NULL, b), "1,234,567 samples");
	CHECK_STR(valfmt(999, PROFILE_UNIT_NS, b), "999 ns");
	CHECK_STR(valfmt(12345, PROFILE_UNIT_NS, b), "12.3 us");
	CHECK_STR(valfmt(12345678, PROFILE_UNIT_NS, b), "12.3 ms");
	CHECK_STR(valfmt(123456789012ull, PROFILE_UNIT_NS, b), "123 s");
	CHECK_STR(valfmt(4096, "bytes", b), "4,096 bytes");
	CHECK_STR(valfmt_short(4096, "bytes", b), "4,096");
	CHECK_STR(valfmt_delta(-1500, NULL, b), "-1,500");
	CHECK_STR(valfmt_delta(0, NULL, b), "+0");
	CHECK_STR(valfmt_delta(2500000, PROFILE_UNIT_NS, b), "+2.50 ms");
}

/* fgprof report --format top on a saved profile, and its refusals. */
static void from_report(void)
{
	static const uint64_t irq_read[] = { K_SYS_READ, K_IRQ };
	static const uint64_t irq[] = { K_IRQ };
	static const uint64_t init_read[] = { K_KSYS_READ, K_INITCALL };
	struct profile *p = kprofile_new(PROFILE_UNIT_SAMPLES);
	const char *path = runcmd_path("top.data");
	const char *args[] = { "report", "-i", path, "--format", "top", "-q",
			       "--kallsyms", unit_data("kallsyms"), NULL, NULL };
	char *out;
	int rc;

	ksample(p, "app", irq_read, 2, PROFILE_ON_CPU, 6, 6);
	ksample(p, "app", irq, 1, PROFILE_ON_CPU, 3, 3);
	ksample(p, "init", init_read, 2, PROFILE_ON_CPU, 1, 1);
	CHECK(profile_save(p, path) == 0);
	out = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0);
	CHECK(strstr(out, "# 4 of 4 functions, 10 samples of cpu-clock;"));
	CHECK(strstr(out, "\n           6  60.00%  60.00%            6  60.00%  __x64_sys_read_[k]\n"
			  "           3  30.00%  90.00%            9  90.00%  asm_sysvec_apic_timer_interrupt_[k]\n"));
	free(out);

	args[8] = "--limit=1";
	out = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0 && strstr(out, "# 1 of 4 functions"));
	CHECK(!strstr(out, "asm_sysvec"));
	free(out);

	args[8] = "--reverse";
	free(runcmd(cmd_report, args, &rc));
	CHECK(rc == 2);
	args[4] = "folded";
	args[8] = "--limit=1";
	free(runcmd(cmd_report, args, &rc));
	CHECK(rc == 2);
	unlink(path);
	profile_free(p);
}

int main(void)
{
	RUN(known_values);
	RUN(off_cpu_frames);
	RUN(printed_rows);
	RUN(values_as_read);
	RUN(from_report);
	return UNIT_EXIT();
}
