// SPDX-License-Identifier: GPL-2.0
/*
 * user/collect/collect.c: per-CPU stack ids become one profile's ids, identical
 * stacks from different CPUs become one stack, and identical keys one
 * sample.
 */
#include <errno.h>
#include <stdlib.h>

#include "collect.h"
#include "unit.h"

static void feed_stack(struct collector *c, unsigned int cpu, uint32_t id,
		       bool kernel, bool truncated, const __u64 *ips,
		       unsigned int nr)
{
	size_t len = sizeof(struct fgprof_stack_rec) + nr * sizeof(__u64);
	struct fgprof_stack_rec *r = calloc(1, len);

	r->id = id;
	r->nr = nr;
	r->flags = (kernel ? FGPROF_SF_KERNEL : 0) |
		   (truncated ? FGPROF_SF_TRUNCATED : 0);
	memcpy(r->ips, ips, nr * sizeof(__u64));
	CHECK(collector_stack(c, cpu, r, len) == 0);
	free(r);
}

static void feed_count(struct collector *c, unsigned int cpu, uint32_t tgid,
		       uint32_t tid, uint32_t k, uint32_t u, uint64_t count,
		       const char *comm)
{
	struct fgprof_count_rec r = { .tgid = tgid, .tid = tid, .kstack = k,
				      .ustack = u, .count = count,
				      .period = count * 1000 };

	memcpy(r.comm, comm, strlen(comm));	/* a full 16 bytes, no NUL, too */
	CHECK(collector_count(c, cpu, &r, sizeof(r)) == 0);
}

static const struct profile_sample *find(const struct profile *p,
					 uint32_t pid, uint32_t k, uint32_t u)
{
	size_t i;

	for (i = 0; i < p->nr_samples; i++)
		if (p->samples[i].pid == pid && p->samples[i].kstack == k &&
		    p->samples[i].ustack == u)
			return &p->samples[i];
	return NULL;
}

static void same_stack_on_two_cpus_is_one_stack_and_one_sample(void)
{
	static const __u64 kab[] = { 0xffffffff81000010, 0xffffffff81000020 };
	static const __u64 uxy[] = { 0x401000, 0x402000 };
	static const __u64 uz[] = { 0x403000 };
	struct profile *p = profile_new();
	const struct profile_sample *s;
	struct collector c;

	CHECK(collector_init(&c, p, 2) == 0);
	/* CPU 0 names them 5 and 9; CPU 1 names the same stacks 3 and 4. */
	feed_stack(&c, 0, 5, true, false, kab, 2);
	feed_stack(&c, 0, 9, false, false, uxy, 2);
	feed_stack(&c, 1, 7, false, false, uz, 1);
	feed_stack(&c, 1, 3, true, false, kab, 2);
	feed_stack(&c, 1, 4, false, false, uxy, 2);
	/* Same content, truncated: another stack. */
	feed_stack(&c, 1, 8, false, true, uxy, 2);
	CHECK(p->nr_stacks == 4);

	feed_count(&c, 0, 100, 0, 5, 9, 3, "app");
	feed_count(&c, 1, 100, 0, 3, 4, 4, "app");
	feed_count(&c, 1, 100, 0, 0, 7, 2, "app");
	feed_count(&c, 1, 100, 0, 3, 4, 1, "renamed");
	feed_count(&c, 1, 100, 0, 3, 8, 1, "app");
	feed_count(&c, 0, 200, 0, 5, 0, 6, "sixteen-chars-xx");

	CHECK(p->nr_samples == 5);
	s = find(p, 100, 1, 2);		/* global ids: kab 1, uxy 2, uz 3 */
	CHECK(s && s->count == 7 && s->period == 7000);
	CHECK(s && !strcmp(s->comm, "app"));
	s = find(p, 100, 0, 3);
	CHECK(s && s->count == 2);
	s = find(p, 100, 1, 4);
	CHECK(s && s->count == 1 && profile_stack(p, 4)->truncated);
	s = find(p, 200, 1, 0);
	CHECK(s && s->count == 6 && !strcmp(s->comm, "sixteen-chars-x"));
	CHECK(profile_total_samples(p) == 3 + 4 + 2 + 1 + 1 + 6);
	CHECK(profile_stack(p, 1)->kernel && !profile_stack(p, 2)->kernel);
	CHECK(c.missing_stacks == 0);
	collector_free(&c);
	profile_free(p);
}

static void unknown_ids_are_counted_not_invented(void)
{
	static const __u64 k[] = { 0xffffffff81000010 };
	struct profile *p = profile_new();
	struct collector c;

	CHECK(collector_init(&c, p, 2) == 0);
	feed_stack(&c, 0, 1, true, false, k, 1);
	feed_count(&c, 1, 100, 0, 1, 0, 5, "app");	/* id 1 of CPU 1: none */
	feed_count(&c, 0, 100, 0, 1, 2, 3, "app");
	CHECK(p->nr_samples == 0);
	CHECK(c.missing_stacks == 8);
	collector_free(&c);
	profile_free(p);
}

static void timeline_is_translated_and_time_ordered(void)
{
	static const __u64 k[] = { 0xffffffff81000010 };
	static const __u64 u[] = { 0x401000 };
	struct fgprof_timeline_rec t = { 0 };
	struct profile *p = profile_new();
	struct collector c;

	CHECK(collector_init(&c, p, 2) == 0);
	/* Drained before the stacks are known, as while recording. */
	t.time_ns = 300; t.tgid = 1; t.tid = 2; t.kstack = 4; t.ustack = 6;
	CHECK(collector_timeline(&c, 1, &t, sizeof(t)) == 0);
	t.time_ns = 100; t.kstack = 2; t.ustack = 0; t.cpu = 7;
	CHECK(collector_timeline(&c, 0, &t, sizeof(t)) == 0);
	t.time_ns = 200; t.kstack = 99;
	CHECK(collector_timeline(&c, 0, &t, sizeof(t)) == 0);
	feed_stack(&c, 0, 2, true, false, k, 1);
	feed_stack(&c, 1, 4, true, false, k, 1);
	feed_stack(&c, 1, 6, false, false, u, 1);
	CHECK(collector_finish(&c) == 0);

	CHECK(p->nr_timeline == 2);
	CHECK(p->timeline[0].time_ns == 100 && p->timeline[0].cpu == 0);
	CHECK(p->timeline[0].kstack == 1 && p->timeline[0].ustack == 0);
	CHECK(p->timeline[1].time_ns == 300 && p->timeline[1].cpu == 1);
	CHECK(p->timeline[1].kstack == 1 && p->timeline[1].ustack == 2);
	CHECK(p->timeline[1].pid == 1 && p->timeline[1].tid == 2);
	CHECK(c.missing_stacks == 1);
	collector_free(&c);
	profile_free(p);
}

static void malformed_records_are_refused(void)
{
	struct fgprof_stack_rec r = { .id = 1, .nr = 2 };
	struct fgprof_count_rec cr = { 0 };
	struct profile *p = profile_new();
	struct collector c;

	CHECK(collector_init(&c, p, 2) == 0);
	CHECK(collector_stack(&c, 0, &r, sizeof(r)) == -EPROTO);
	CHECK(collector_stack(&c, 2, &r, sizeof(r) + 16) == -EPROTO);
	r.nr = 0;
	CHECK(collector_stack(&c, 0, &r, sizeof(r)) == -EPROTO);
	CHECK(collector_count(&c, 0, &cr, sizeof(cr) - 1) == -EPROTO);
	CHECK(collector_count(&c, 0, &cr, sizeof(cr)) == 0);	/* count 0 */
	CHECK(p->nr_samples == 0);
	collector_free(&c);
	profile_free(p);
}

int main(void)
{
	RUN(same_stack_on_two_cpus_is_one_stack_and_one_sample);
	RUN(unknown_ids_are_counted_not_invented);
	RUN(timeline_is_translated_and_time_ordered);
	RUN(malformed_records_are_refused);
	return UNIT_EXIT();
}
