// SPDX-License-Identifier: GPL-2.0
/*
 * user/collect/snapdiff.c: intervals cut from cumulative per-CPU counts. A fake
 * device (two CPUs, whose counts only grow, as the module's) is read at
 * every cut: each interval holds exactly what was added since the last
 * one, keys are per CPU, and the intervals add up to the final counts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "snapdiff.h"
#include "unit.h"

#define NR_CPUS		2
#define MAX_RECS	64

struct fake_cpu {
	struct fgprof_count_rec counts[MAX_RECS];
	size_t nr_counts;
	/* stacks: id N has N frames 0x1000 * N + i, user stacks */
	uint32_t stack_ids[MAX_RECS];
	size_t nr_stacks;
};

struct fake_dev {
	struct fake_cpu cpus[NR_CPUS];
	unsigned int reads[FGPROF_TABLE_NR];
};

/* Everything in one call, as the module does when the buffer is big. */
static int fake_read(int fd, struct fgprof_read *req, void *priv)
{
	struct fake_dev *d = priv;
	struct fake_cpu *c;
	char *buf = (char *)(uintptr_t)req->buf;
	size_t off = 0, i;

	(void)fd;
	if (req->cpu >= NR_CPUS || req->table > FGPROF_TABLE_COUNTS)
		return -EINVAL;
	c = &d->cpus[req->cpu];
	d->reads[req->table]++;
	req->nr_records = 0;
	if (req->table == FGPROF_TABLE_COUNTS) {
		for (i = 0; i < c->nr_counts; i++) {
			if (off + sizeof(c->counts[i]) > req->buf_len)
				return -ENOSPC;
			memcpy(buf + off, &c->counts[i], sizeof(c->counts[i]));
			off += sizeof(c->counts[i]);
			req->nr_records++;
		}
	} else {
		for (i = 0; i < c->nr_stacks; i++) {
			struct fgprof_stack_rec s = { .id = c->stack_ids[i],
						      .nr = c->stack_ids[i] };
			__u64 ip;
			uint32_t f;

			if (off + sizeof(s) + s.nr * 8 > req->buf_len)
				return -ENOSPC;
			memcpy(buf + off, &s, sizeof(s));
			off += sizeof(s);
			for (f = 0; f < s.nr; f++) {
				ip = 0x1000ull * s.id + f + 0x100000ull * req->cpu;
				memcpy(buf + off, &ip, sizeof(ip));
				off += sizeof(ip);
			}
			req->nr_records++;
		}
	}
	req->bytes = off;
	req->cursor = FGPROF_CURSOR_END;
	return 0;
}

static void reader(struct device_reader *r, struct fake_dev *d)
{
	device_reader_init(r, -1);
	r->read = fake_read;
	r->priv = d;
}

static void add_stack(struct fake_dev *d, unsigned int cpu, uint32_t id)
{
	struct fake_cpu *c = &d->cpus[cpu];
	size_t i;

	for (i = 0; i < c->nr_stacks; i++)
		if (c->stack_ids[i] == id)
			return;
	c->stack_ids[c->nr_stacks++] = id;
}

/* The module's count for a key grows by n (the key made if new). */
static void bump(struct fake_dev *d, unsigned int cpu, uint32_t tgid,
		 uint32_t ustack, const char *comm, uint64_t n)
{
	struct fake_cpu *c = &d->cpus[cpu];
	size_t i;

	add_stack(d, cpu, ustack);
	for (i = 0; i < c->nr_counts; i++) {
		struct fgprof_count_rec *r = &c->counts[i];

		if (r->tgid == tgid && r->ustack == ustack &&
		    !strcmp(r->comm, comm)) {
			r->count += n;
			r->period += n * 1000;
			return;
		}
	}
	c->counts[c->nr_counts] = (struct fgprof_count_rec){
		.tgid = tgid, .ustack = ustack, .count = n, .period = n * 1000,
	};
	strcpy(c->counts[c->nr_counts].comm, comm);
	c->nr_counts++;
}

static uint64_t pid_samples(const struct profile *p, uint32_t pid)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < p->nr_samples; i++)
		if (p->samples[i].pid == pid)
			n += p->samples[i].count;
	return n;
}

static void step_gives_deltas_per_cpu_key(void)
{
	struct fgprof_count_rec r = { .tgid = 7, .ustack = 3, .count = 10,
				      .period = 100 }, out;
	struct snapdiff d;

	CHECK(snapdiff_init(&d, 2) == 0);
	strcpy(r.comm, "app");
	CHECK(snapdiff_step(&d, 0, &r, &out) == 0);
	CHECK(out.count == 10 && out.period == 100);
	r.count = 15;
	r.period = 160;
	CHECK(snapdiff_step(&d, 0, &r, &out) == 0);
	CHECK(out.count == 5 && out.period == 60 && out.tgid == 7);
	/* Same numbers on another CPU: another key (ids are per CPU). */
	CHECK(snapdiff_step(&d, 1, &r, &out) == 0);
	CHECK(out.count == 15);
	/* A comm is part of the module's key. */
	strcpy(r.comm, "app2");
	CHECK(snapdiff_step(&d, 0, &r, &out) == 0);
	CHECK(out.count == 15);
	/* Unchanged: nothing new. */
	CHECK(snapdiff_step(&d, 0, &r, &out) == 0);
	CHECK(out.count == 0 && out.period == 0);
	/* Gone down: tables reset under us, the value is new. */
	r.count = 2;
	r.period = 20;
	CHECK(snapdiff_step(&d, 0, &r, &out) == 0);
	CHECK(out.count == 2 && d.went_back == 1);
	CHECK(snapdiff_step(&d, 2, &r, &out) == -EINVAL);
	snapdiff_free(&d);
}

static void many_keys_grow_the_maps(void)
{
	struct fgprof_count_rec r = { .count = 1 }, out;
	struct snapdiff d;
	uint32_t i;
	bool ok = true;

	CHECK(snapdiff_init(&d, 1) == 0);
	for (i = 0; i < 5000; i++) {
		r.tgid = i;
		r.count = 1;
		ok &= !snapdiff_step(&d, 0, &r, &out) && out.count == 1;
	}
	for (i = 0; i < 5000; i++) {
		r.tgid = i;
		r.count = 1 + i;
		ok &= !snapdiff_step(&d, 0, &r, &out) && out.count == i;
	}
	CHECK(ok);
	snapdiff_free(&d);
}

static void cuts_hold_each_interval_once(void)
{
	static struct fake_dev dev;
	struct device_reader rd;
	struct snapdiff d;
	struct profile *p, *total;
	uint64_t missing = 1;

	memset(&dev, 0, sizeof(dev));
	reader(&rd, &dev);
	CHECK(snapdiff_init(&d, NR_CPUS) == 0);

	bump(&dev, 0, 100, 2, "a", 10);
	bump(&dev, 1, 100, 2, "a", 4);	/* same ids, other CPU */
	bump(&dev, 1, 200, 5, "b", 3);
	p = profile_new();
	total = profile_new();
	CHECK(snapdiff_cut(&d, &rd, p, total, &missing) == 0);
	CHECK(missing == 0);
	CHECK(pid_samples(p, 100) == 14 && pid_samples(p, 200) == 3);
	CHECK(profile_total_samples(total) == 17);
	/* CPU 0's stack 2 and CPU 1's are different addresses here. */
	CHECK(p->nr_stacks == 3);
	profile_free(p);
	profile_free(total);

	/* Nothing new: an empty interval, no stacks in it. */
	p = profile_new();
	CHECK(snapdiff_cut(&d, &rd, p, NULL, NULL) == 0);
	CHECK(p->nr_samples == 0 && p->nr_stacks == 0);
	profile_free(p);

	bump(&dev, 0, 100, 2, "a", 1);
	bump(&dev, 0, 300, 7, "c", 5);	/* a new key and stack */
	p = profile_new();
	total = profile_new();
	CHECK(snapdiff_cut(&d, &rd, p, total, NULL) == 0);
	CHECK(pid_samples(p, 100) == 1 && pid_samples(p, 200) == 0 &&
	      pid_samples(p, 300) == 5);
	CHECK(p->nr_samples == 2);
	/* Only the stacks the interval's samples name. */
	CHECK(p->nr_stacks == 2);
	CHECK(p->samples[0].period == p->samples[0].count * 1000);
	CHECK(profile_total_samples(total) == 23);
	CHECK(total->nr_stacks == 4);
	profile_free(p);
	profile_free(total);
	snapdiff_free(&d);
	device_reader_free(&rd);
}

/* Random growth between random cuts: the intervals sum to the end. */
static void intervals_add_up_to_the_final_counts(void)
{
	static struct fake_dev dev;
	struct device_reader rd;
	struct snapdiff d;
	uint64_t sum = 0, final = 0;
	unsigned int cut, i;
	size_t k;

	memset(&dev, 0, sizeof(dev));
	reader(&rd, &dev);
	CHECK(snapdiff_init(&d, NR_CPUS) == 0);
	srand(7);
	for (cut = 0; cut < 50; cut++) {
		struct profile *p = profile_new();
		uint64_t missing = 0;

		for (i = rand() % 20; i > 0; i--)
			bump(&dev, rand() % NR_CPUS, 1 + rand() % 5,
			     1 + rand() % 6, rand() % 2 ? "x" : "y",
			     1 + rand() % 100);
		CHECK(snapdiff_cut(&d, &rd, p, NULL, &missing) == 0);
		CHECK(missing == 0);
		sum += profile_total_samples(p);
		profile_free(p);
	}
	for (i = 0; i < NR_CPUS; i++)
		for (k = 0; k < dev.cpus[i].nr_counts; k++)
			final += dev.cpus[i].counts[k].count;
	CHECK(final > 0);
	CHECK(sum == final);
	snapdiff_free(&d);
	device_reader_free(&rd);
}

int main(void)
{
	RUN(step_gives_deltas_per_cpu_key);
	RUN(many_keys_grow_the_maps);
	RUN(cuts_hold_each_interval_once);
	RUN(intervals_add_up_to_the_final_counts);
	return UNIT_EXIT();
}
