// SPDX-License-Identifier: GPL-2.0
/*
 * user/profile/timerange.c on the synthetic profile (synth.h): parsing, the
 * window's samples rebuilt from the timeline, and the profile without a
 * timeline refused.
 */
#include <errno.h>
#include <stdlib.h>

#include "folded.h"
#include "synth.h"
#include "timerange.h"
#include "unit.h"

static void parse(void)
{
	struct time_range r;

	CHECK(time_range_parse("0,1", &r) == 0 && r.start == 0 && r.end == 1);
	CHECK(time_range_parse("1.25,2.5", &r) == 0 && r.start == 1.25 &&
	      r.end == 2.5);
	CHECK(time_range_parse("2,1", &r) == -EINVAL);
	CHECK(time_range_parse("1,1", &r) == -EINVAL);
	CHECK(time_range_parse("-1,1", &r) == -EINVAL);
	CHECK(time_range_parse("1", &r) == -EINVAL);
	CHECK(time_range_parse("1,", &r) == -EINVAL);
	CHECK(time_range_parse("a,b", &r) == -EINVAL);
	CHECK(time_range_parse("0,inf", &r) == -EINVAL);
	CHECK(time_range_parse("0,1x", &r) == -EINVAL);
}

static char *fold(const struct profile *p)
{
	struct folded_opts o = { .user_only = true, .no_inline = true };

	return synth_folded(p, &o);
}

static void window(const struct profile *p, double a, double b,
		   const char *want)
{
	struct time_range r = { a, b };
	struct profile *n;
	char err[256], *text;

	CHECK(profile_time_range(p, &r, &n, err, sizeof(err)) == 0);
	if (!n)
		return;
	text = fold(n);
	CHECK_STR(text, want);
	free(text);
	profile_free(n);
}

static void windows(void)
{
	struct profile *p = synth_profile();
	struct time_range r = { 1.0, 1.5 };
	struct profile *n;
	char err[256];
	size_t i;

	/* The first half of the first second: hot_a only. */
	window(p, 0, 0.5, "app;synth_main;synth_hot_a 5\n");
	/* Both seconds' second halves: hot_b and idle. */
	window(p, 0.5, 1, "app;synth_main;synth_hot_b 3\nswapper/0 1\n");
	window(p, 0, 2, "app;synth_main;synth_hot_a 10\n"
			"app;synth_main;synth_hot_b 6\nswapper/0 2\n");
	window(p, 5, 6, "");
	/* A window's header, samples, timeline and kernel symbols. */
	CHECK(kallsyms_add(&p->ksyms, 0xffffffff81002000, 0xffffffff81002100,
			   "__x64_sys_read") == 0);
	CHECK(profile_add_kbuild(p, "vmlinux", "abcd") == 0);
	CHECK(profile_time_range(p, &r, &n, err, sizeof(err)) == 0);
	CHECK(n->ksyms.nr == 1 && n->ksyms.syms[0].end == 0xffffffff81002100);
	CHECK(n->nr_kbuilds == 1 && !strcmp(n->kbuilds[0].build_id, "abcd"));
	CHECK(n->hdr.start_monotonic_ns == SYNTH_START_MONO + 1000000000ull);
	CHECK(n->hdr.start_realtime_ns == SYNTH_START_REAL + 1000000000ull);
	CHECK(n->hdr.duration_ns == 500000000ull);
	CHECK(n->nr_stacks == p->nr_stacks && n->nr_timeline == 5);
	CHECK(n->nr_samples == 1 && n->samples[0].count == 5);
	CHECK(n->samples[0].period == 5 * SYNTH_PERIOD);
	CHECK(!strcmp(n->samples[0].comm, "app"));
	for (i = 0; i < n->nr_timeline; i++)
		CHECK(n->timeline[i].time_ns >= n->hdr.start_monotonic_ns);
	profile_free(n);
	/* A window past the end: its duration stops at the recording's. */
	r.start = 1.5;
	r.end = 10;
	CHECK(profile_time_range(p, &r, &n, err, sizeof(err)) == 0);
	CHECK(n->hdr.duration_ns == 500000000ull);
	profile_free(n);
	profile_free(p);
}

static void record_without_its_sample_entry(void)
{
	struct profile *p = synth_profile();
	struct profile_tl t = p->timeline[0];
	struct time_range r = { 1.95, 2 };
	struct profile *n;
	char err[256];

	/* A record whose entry was dropped: its process's comm, no period. */
	t.time_ns = SYNTH_START_MONO + 1960000000ull;
	t.ustack = 0;
	CHECK(profile_add_timeline(p, &t) == 0);
	CHECK(profile_time_range(p, &r, &n, err, sizeof(err)) == 0);
	CHECK(n->nr_samples == 1 && !strcmp(n->samples[0].comm, "app"));
	CHECK(n->samples[0].period == 0 && n->samples[0].count == 1);
	profile_free(n);
	profile_free(p);
}

static void no_timeline_is_an_error(void)
{
	struct profile *p = profile_new();
	struct time_range r = { 0, 1 };
	struct profile *n = (void *)1;
	char err[256] = "";

	CHECK(profile_time_range(p, &r, &n, err, sizeof(err)) == -EINVAL);
	CHECK(n == NULL);
	CHECK(strstr(err, "--timeline"));
	profile_free(p);
}

int main(void)
{
	RUN(parse);
	RUN(windows);
	RUN(record_without_its_sample_entry);
	RUN(no_timeline_is_an_error);
	return UNIT_EXIT();
}
