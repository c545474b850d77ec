// SPDX-License-Identifier: GPL-2.0
/* Intervals of a running session: counts now minus counts at the last cut. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "snapdiff.h"

int snapdiff_init(struct snapdiff *d, unsigned int nr_cpus)
{
	memset(d, 0, sizeof(*d));
	d->nr_cpus = nr_cpus;
	d->cpus = calloc(nr_cpus ? nr_cpus : 1, sizeof(*d->cpus));
	return d->cpus ? 0 : -ENOMEM;
}

void snapdiff_free(struct snapdiff *d)
{
	unsigned int i;

	for (i = 0; d->cpus && i < d->nr_cpus; i++) {
		free(d->cpus[i].v);
		htab_free(&d->cpus[i].index);
	}
	free(d->cpus);
	free(d->buf);
	free(d->deltas);
	free(d->want);
	memset(d, 0, sizeof(*d));
}

static bool same_key(const struct fgprof_count_rec *a,
		     const struct fgprof_count_rec *b)
{
	return a->tgid == b->tgid && a->tid == b->tid &&
	       a->kstack == b->kstack && a->ustack == b->ustack &&
	       a->wkstack == b->wkstack && a->wustack == b->wustack &&
	       a->kind == b->kind && !memcmp(a->comm, b->comm, sizeof(a->comm));
}

static uint32_t key_hash(const struct fgprof_count_rec *r)
{
	uint32_t h = hash_bytes(&r->tgid, sizeof(r->tgid), 0);

	h = hash_bytes(&r->tid, sizeof(r->tid), h);
	h = hash_bytes(&r->kstack, sizeof(r->kstack), h);
	h = hash_bytes(&r->ustack, sizeof(r->ustack), h);
	h = hash_bytes(&r->wkstack, sizeof(r->wkstack), h);
	h = hash_bytes(&r->wustack, sizeof(r->wustack), h);
	h = hash_bytes(&r->kind, sizeof(r->kind), h);
	return hash_bytes(r->comm, sizeof(r->comm), h);
}

static bool entry_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct snapdiff_cpu *c = ctx;

	return same_key(&c->v[idx], key);
}

int snapdiff_step(struct snapdiff *d, unsigned int cpu,
		  const struct fgprof_count_rec *r,
		  struct fgprof_count_rec *out)
{
	struct snapdiff_cpu *c;
	struct fgprof_count_rec *last;
	uint32_t h;
	long i;

	if (cpu >= d->nr_cpus)
		return -EINVAL;
	c = &d->cpus[cpu];
	h = key_hash(r);
	*out = *r;
	i = htab_find(&c->index, h, entry_eq, c, r);
	if (i < 0) {
		if (c->nr == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 256;
			struct fgprof_count_rec *v = realloc(c->v,
							     cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			c->v = v;
			c->cap = cap;
		}
		if (htab_insert(&c->index, h, c->nr))
			return -ENOMEM;
		c->v[c->nr++] = *r;
		return 0;
	}
	last = &c->v[i];
	if (r->count < last->count || r->period < last->period) {
		d->went_back++;
	} else {
		out->count -= last->count;
		out->period -= last->period;
	}
	last->count = r->count;
	last->period = r->period;
	return 0;
}

static int grow(void **v, size_t *cap, size_t need, size_t size)
{
	size_t n;
	void *m;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	m = realloc(*v, n * size);
	if (!m)
		return -ENOMEM;
	*v = m;
	*cap = n;
	return 0;
}

static int keep_count(void *ctx, unsigned int cpu, const void *rec, size_t len)
{
	struct snapdiff *d = ctx;

	(void)cpu;
	if (len != sizeof(*d->buf))
		return -EPROTO;
	if (grow((void **)&d->buf, &d->cap_buf, d->nr_buf + 1,
		 sizeof(*d->buf)))
		return -ENOMEM;
	memcpy(&d->buf[d->nr_buf++], rec, len);
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int want_id(struct snapdiff *d, uint32_t id)
{
	if (!id)
		return 0;
	if (grow((void **)&d->want, &d->cap_want, d->nr_want + 1,
		 sizeof(*d->want)))
		return -ENOMEM;
	d->want[d->nr_want++] = id;
	return 0;
}

struct stack_sink {
	struct snapdiff *d;
	struct collector *delta, *total;
};

static int take_stack(void *ctx, unsigned int cpu, const void *rec,
		      size_t len)
{
	const struct stack_sink *s = ctx;
	const struct fgprof_stack_rec *st = rec;
	int err = 0;

	if (len < sizeof(*st))
		return -EPROTO;
	if (s->total)
		err = collector_stack(s->total, cpu, rec, len);
	/* The interval's file holds only the stacks its samples name. */
	if (!err && bsearch(&st->id, s->d->want, s->d->nr_want,
			    sizeof(*s->d->want), cmp_u32))
		err = collector_stack(s->delta, cpu, rec, len);
	return err;
}

/* One CPU: counts (diffed), then stacks, then the counts into profiles. */
static int cut_cpu(struct snapdiff *d, struct device_reader *rd,
		   unsigned int cpu, struct stack_sink *sink)
{
	size_t i, nr_deltas = 0;
	long n;
	int err;

	d->nr_buf = d->nr_want = 0;
	n = device_read_table(rd, FGPROF_TABLE_COUNTS, cpu, keep_count, d);
	if (n == -EINVAL)	/* not a CPU id of this machine */
		return 0;
	if (n < 0)
		return n;
	if (grow((void **)&d->deltas, &d->cap_deltas, d->nr_buf,
		 sizeof(*d->deltas)))
		return -ENOMEM;
	for (i = 0; i < d->nr_buf; i++) {
		struct fgprof_count_rec *o = &d->deltas[nr_deltas];

		err = snapdiff_step(d, cpu, &d->buf[i], o);
		if (err)
			return err;
		if (!o->count)
			continue;
		nr_deltas++;
		err = want_id(d, o->kstack) ?: want_id(d, o->ustack) ?:
		      want_id(d, o->wkstack) ?: want_id(d, o->wustack);
		if (err)
			return err;
	}
	qsort(d->want, d->nr_want, sizeof(*d->want), cmp_u32);
	if (nr_deltas || sink->total) {
		n = device_read_table(rd, FGPROF_TABLE_STACKS, cpu, take_stack,
				      sink);
		if (n < 0)
			return n;
	}
	for (i = 0; i < nr_deltas; i++) {
		err = collector_count(sink->delta, cpu, &d->deltas[i],
				      sizeof(d->deltas[i]));
		if (err)
			return err;
	}
	for (i = 0; sink->total && i < d->nr_buf; i++) {
		err = collector_count(sink->total, cpu, &d->buf[i],
				      sizeof(d->buf[i]));
		if (err)
			return err;
	}
	return 0;
}

int snapdiff_cut(struct snapdiff *d, struct device_reader *rd,
		 struct profile *delta, struct profile *total,
		 uint64_t *missing)
{
	struct collector cd, ct;
	struct stack_sink sink = { .d = d, .delta = &cd,
				   .total = total ? &ct : NULL };
	unsigned int cpu;
	int err;

	err = collector_init(&cd, delta, d->nr_cpus);
	if (err)
		return err;
	if (total) {
		err = collector_init(&ct, total, d->nr_cpus);
		if (err) {
			collector_free(&cd);
			return err;
		}
	}
	for (cpu = 0; !err && cpu < d->nr_cpus; cpu++)
		err = cut_cpu(d, rd, cpu, &sink);
	err = err ?: collector_finish(&cd);
	if (total)
		err = err ?: collector_finish(&ct);
	if (missing)
		*missing = cd.missing_stacks;
	collector_free(&cd);
	if (total)
		collector_free(&ct);
	return err;
}
