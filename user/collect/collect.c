// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"

int collector_init(struct collector *c, struct profile *p,
		   unsigned int nr_cpus)
{
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->nr_cpus = nr_cpus;
	c->cpus = calloc(nr_cpus ? nr_cpus : 1, sizeof(*c->cpus));
	return c->cpus ? 0 : -ENOMEM;
}

void collector_free(struct collector *c)
{
	unsigned int i;

	for (i = 0; c->cpus && i < c->nr_cpus; i++)
		free(c->cpus[i].pairs);
	free(c->cpus);
	free(c->tl);
	memset(c, 0, sizeof(*c));
}

static int cmp_pair(const void *a, const void *b)
{
	const struct id_pair *x = a, *y = b;

	return x->local < y->local ? -1 : x->local > y->local;
}

int collector_stack(void *ctx, unsigned int cpu, const void *rec, size_t len)
{
	struct collector *c = ctx;
	const struct fgprof_stack_rec *s = rec;
	uint64_t ips[PROFILE_MAX_FRAMES];
	struct cpu_ids *ids;
	uint32_t global;
	int err;

	if (cpu >= c->nr_cpus || len < sizeof(*s) || !s->id ||
	    s->nr > PROFILE_MAX_FRAMES ||
	    len != sizeof(*s) + s->nr * sizeof(s->ips[0]))
		return -EPROTO;
	if (s->flags & FGPROF_SF_HIDDEN) {
		/* Kernel addresses withheld from this reader: no kernel part. */
		c->hidden_stacks++;
		global = 0;
	} else {
		if (!s->nr)
			return -EPROTO;
		/* __u64 and uint64_t are different types to the aliasing rules. */
		memcpy(ips, s->ips, s->nr * sizeof(ips[0]));
		err = profile_add_stack(c->p, s->flags & FGPROF_SF_KERNEL,
					s->flags & FGPROF_SF_TRUNCATED, ips,
					s->nr, &global);
		if (err)
			return err;
	}
	ids = &c->cpus[cpu];
	if (ids->nr == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 256;
		struct id_pair *n = realloc(ids->pairs, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		ids->pairs = n;
		ids->cap = cap;
	}
	/* The module hands out slots in order: usually already sorted. */
	ids->sorted = !ids->nr || (ids->sorted &&
				   ids->pairs[ids->nr - 1].local < s->id);
	ids->pairs[ids->nr].local = s->id;
	ids->pairs[ids->nr].global = global;
	ids->nr++;
	return 0;
}

/* The profile id of a CPU's stack id: 0 for none, -1 for an unknown id. */
static int64_t translate(struct collector *c, unsigned int cpu, uint32_t id)
{
	struct cpu_ids *ids = &c->cpus[cpu];
	struct id_pair key = { .local = id }, *found;

	if (!id)
		return 0;
	if (!ids->sorted) {
		qsort(ids->pairs, ids->nr, sizeof(*ids->pairs), cmp_pair);
		ids->sorted = true;
	}
	found = bsearch(&key, ids->pairs, ids->nr, sizeof(key), cmp_pair);
	return found ? (int64_t)found->global : -1;
}

int collector_count(void *ctx, unsigned int cpu, const void *rec, size_t len)
{
	struct collector *c = ctx;
	const struct fgprof_count_rec *r = rec;
	struct profile_sample s = { 0 };
	int64_t k, u, wk, wu;

	if (cpu >= c->nr_cpus || len != sizeof(*r) ||
	    r->kind > FGPROF_KIND_ALLOC)
		return -EPROTO;
	if (!r->count)
		return 0;
	k = translate(c, cpu, r->kstack);
	u = translate(c, cpu, r->ustack);
	wk = translate(c, cpu, r->wkstack);
	wu = translate(c, cpu, r->wustack);
	/* Never seen, but a sample pointing nowhere must not be invented. */
	if (k < 0 || u < 0 || wk < 0 || wu < 0) {
		c->missing_stacks += r->count;
		return 0;
	}
	s.pid = r->tgid;
	s.tid = r->tid;
	s.count = r->count;
	s.period = r->period;
	s.kstack = k;
	s.ustack = u;
	s.wkstack = wk;
	s.wustack = wu;
	s.kind = r->kind == FGPROF_KIND_OFFCPU ? PROFILE_OFF_CPU :
		 r->kind == FGPROF_KIND_ALLOC ? PROFILE_ALLOC : PROFILE_ON_CPU;
	memcpy(s.comm, r->comm, sizeof(s.comm) - 1);
	s.comm[sizeof(s.comm) - 1] = '\0';
	return profile_add_sample(c->p, &s);
}

int collector_timeline(void *ctx, unsigned int cpu, const void *rec,
		       size_t len)
{
	struct collector *c = ctx;
	struct fgprof_timeline_rec r;

	if (cpu >= c->nr_cpus || len != sizeof(r))
		return -EPROTO;
	memcpy(&r, rec, sizeof(r));
	/* Ids belong to the table of the CPU whose ring we read. */
	r.cpu = cpu;
	if (c->nr_tl == c->cap_tl) {
		size_t cap = c->cap_tl ? c->cap_tl * 2 : 4096;
		struct fgprof_timeline_rec *n = realloc(c->tl, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->tl = n;
		c->cap_tl = cap;
	}
	c->tl[c->nr_tl++] = r;
	return 0;
}

static int cmp_tl(const void *a, const void *b)
{
	const struct fgprof_timeline_rec *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

int collector_finish(struct collector *c)
{
	size_t i;
	int err;

	/* Drained CPU by CPU: one time order makes the file easy to use. */
	qsort(c->tl, c->nr_tl, sizeof(*c->tl), cmp_tl);
	for (i = 0; i < c->nr_tl; i++) {
		const struct fgprof_timeline_rec *r = &c->tl[i];
		struct profile_tl t = {
			.time_ns = r->time_ns,
			.cpu = r->cpu,
			.pid = r->tgid,
			.tid = r->tid,
		};
		int64_t k = translate(c, r->cpu, r->kstack);
		int64_t u = translate(c, r->cpu, r->ustack);

		if (k < 0 || u < 0) {
			c->missing_stacks++;
			continue;
		}
		t.kstack = k;
		t.ustack = u;
		err = profile_add_timeline(c->p, &t);
		if (err)
			return err;
	}
	free(c->tl);
	c->tl = NULL;
	c->nr_tl = c->cap_tl = 0;
	return 0;
}
