// SPDX-License-Identifier: GPL-2.0
/*
 * --time-range: a profile cut down to a window of its timeline, built as
 * a profile of its own so that no output format needs to know about it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "htab.h"
#include "timerange.h"

int time_range_parse(const char *arg, struct time_range *r)
{
	char *end;

	errno = 0;
	r->start = strtod(arg, &end);
	if (errno || end == arg || *end != ',')
		return -EINVAL;
	arg = end + 1;
	r->end = strtod(arg, &end);
	if (errno || end == arg || *end)
		return -EINVAL;
	if (!isfinite(r->start) || !isfinite(r->end) || r->start < 0 ||
	    r->end <= r->start)
		return -EINVAL;
	return 0;
}

/* The sample entries by (pid, kstack, ustack), for a record's details. */
struct sample_key {
	uint32_t pid, kstack, ustack;
};

static bool key_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct profile_sample *s =
		&((const struct profile *)ctx)->samples[idx];
	const struct sample_key *k = key;

	return s->pid == k->pid && s->kstack == k->kstack &&
	       s->ustack == k->ustack && s->kind == PROFILE_ON_CPU;
}

static uint32_t key_hash(const struct sample_key *k)
{
	return hash_bytes(k, sizeof(*k), 0);
}

static bool pid_eq(const void *ctx, uint32_t idx, const void *key)
{
	return ((const struct profile *)ctx)->samples[idx].pid ==
	       *(const uint32_t *)key;
}

int tl_lookup_init(struct tl_lookup *l, const struct profile *p)
{
	struct htab *by_key = &l->by_key, *by_pid = &l->by_pid;
	size_t i;

	memset(l, 0, sizeof(*l));
	l->p = p;

	for (i = 0; i < p->nr_samples; i++) {
		const struct profile_sample *s = &p->samples[i];
		struct sample_key k = { s->pid, s->kstack, s->ustack };
		uint32_t h = key_hash(&k);

		/* Timeline records are on-CPU samples; the first entry wins. */
		if (s->kind == PROFILE_ON_CPU &&
		    htab_find(by_key, h, key_eq, p, &k) < 0 &&
		    htab_insert(by_key, h, i))
			return -ENOMEM;
		h = hash_bytes(&s->pid, sizeof(s->pid), 0);
		if (htab_find(by_pid, h, pid_eq, p, &s->pid) < 0 &&
		    htab_insert(by_pid, h, i))
			return -ENOMEM;
	}
	return 0;
}

void tl_lookup_free(struct tl_lookup *l)
{
	htab_free(&l->by_key);
	htab_free(&l->by_pid);
}

void tl_lookup_sample(const struct tl_lookup *l, const struct profile_tl *t,
		      struct profile_sample *out)
{
	const struct profile *p = l->p;
	struct sample_key k = { t->pid, t->kstack, t->ustack };
	long i = htab_find(&l->by_key, key_hash(&k), key_eq, p, &k);

	memset(out, 0, sizeof(*out));
	out->pid = t->pid;
	out->tid = t->tid;
	out->count = 1;
	out->kstack = t->kstack;
	out->ustack = t->ustack;
	out->kind = PROFILE_ON_CPU;
	if (i >= 0) {
		const struct profile_sample *s = &p->samples[i];

		/* Thread ids only where the recording kept them (--per-thread). */
		out->tid = s->tid ? t->tid : 0;
		out->period = s->count ? s->period / s->count : 0;
		memcpy(out->comm, s->comm, sizeof(out->comm));
		return;
	}
	/* Its sample entry was dropped (a full table): the comm of its pid. */
	i = htab_find(&l->by_pid, hash_bytes(&t->pid, sizeof(t->pid), 0), pid_eq,
		      p, &t->pid);
	if (i >= 0) {
		out->tid = p->samples[i].tid ? t->tid : 0;
		memcpy(out->comm, p->samples[i].comm, sizeof(out->comm));
	}
}

static int copy_base(const struct profile *p, struct profile *n)
{
	size_t i;
	int err = 0;

	err = profile_copy_meta(n, p);
	for (i = 0; !err && i < p->nr_stacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		uint32_t id;

		err = profile_add_stack(n, s->kernel, s->truncated,
					profile_stack_ips(p, s), s->nr, &id);
		/* Ids must stay what the records say. */
		if (!err && id != i + 1)
			err = -EINVAL;
	}
	return err;
}

int profile_time_range(const struct profile *p, const struct time_range *r,
		       struct profile **out, char *err, size_t errlen)
{
	uint64_t base = p->hdr.start_monotonic_ns;
	uint64_t from = base + (uint64_t)llround(r->start * 1e9);
	uint64_t to = base + (uint64_t)llround(r->end * 1e9);
	struct tl_lookup l = { 0 };
	struct profile *n;
	size_t i;
	int e;

	*out = NULL;
	if (!p->nr_timeline) {
		snprintf(err, errlen,
			 "--time-range needs timeline records: this profile has none (record it with --timeline)");
		return -EINVAL;
	}
	n = profile_new();
	if (!n)
		return -ENOMEM;
	e = copy_base(p, n) ?: tl_lookup_init(&l, p);
	for (i = 0; !e && i < p->nr_timeline; i++) {
		const struct profile_tl *t = &p->timeline[i];
		struct profile_sample s;

		if (t->time_ns < from || t->time_ns >= to)
			continue;
		tl_lookup_sample(&l, t, &s);
		e = profile_add_sample(n, &s) ?: profile_add_timeline(n, t);
	}
	tl_lookup_free(&l);
	if (e) {
		profile_free(n);
		return e;
	}
	/* The window is the profile now: time 0 is its start. */
	n->hdr.start_monotonic_ns = from;
	n->hdr.start_realtime_ns += from - base;
	n->hdr.duration_ns = to - from;
	if (p->hdr.duration_ns && from - base + n->hdr.duration_ns >
				  p->hdr.duration_ns)
		n->hdr.duration_ns = from - base < p->hdr.duration_ns ?
				     p->hdr.duration_ns - (from - base) : 0;
	*out = n;
	return 0;
}
