// SPDX-License-Identifier: GPL-2.0
/*
 * The in-memory profile every report reads: stacks deduplicated by
 * content (so per-CPU ids from the module collapse into one id each),
 * samples merged by key, mappings kept once. The file format is in
 * profile_file.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

struct profile *profile_new(void)
{
	struct profile *p = calloc(1, sizeof(struct profile));

	if (p)
		strcpy(p->hdr.unit, PROFILE_UNIT_SAMPLES);
	return p;
}

void profile_free(struct profile *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nr_maps; i++) {
		free(p->maps[i].build_id);
		free(p->maps[i].path);
	}
	free(p->maps);
	free(p->stacks);
	free(p->frames);
	free(p->samples);
	free(p->timeline);
	kallsyms_free(&p->ksyms);
	for (i = 0; i < p->nr_kbuilds; i++) {
		free(p->kbuilds[i].name);
		free(p->kbuilds[i].build_id);
	}
	free(p->kbuilds);
	htab_free(&p->map_index);
	htab_free(&p->stack_index);
	htab_free(&p->sample_index);
	free(p);
}

/* Makes room for need more elements of size bytes in *arr. */
static int reserve(void *arr, size_t *cap, size_t used, size_t need,
		   size_t size)
{
	void **a = arr;
	size_t n = *cap ? *cap : 16;
	void *m;

	if (used + need <= *cap)
		return 0;
	while (n < used + need)
		n *= 2;
	m = realloc(*a, n * size);
	if (!m)
		return -ENOMEM;
	*a = m;
	*cap = n;
	return 0;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static uint32_t hash_str(const char *s, uint32_t h)
{
	return s ? hash_bytes(s, strlen(s), h) : h;
}

static uint32_t map_hash(const struct profile_map *m)
{
	uint32_t h = hash_bytes(&m->pid, sizeof(m->pid), 0);

	h = hash_bytes(&m->start, sizeof(m->start), h);
	h = hash_bytes(&m->end, sizeof(m->end), h);
	h = hash_bytes(&m->offset, sizeof(m->offset), h);
	return hash_str(m->path, hash_str(m->build_id, h));
}

static bool map_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct profile_map *a = &((const struct profile *)ctx)->maps[idx];
	const struct profile_map *b = key;

	return a->pid == b->pid && a->start == b->start && a->end == b->end &&
	       a->offset == b->offset && str_eq(a->build_id, b->build_id) &&
	       str_eq(a->path, b->path);
}

int profile_add_map(struct profile *p, const struct profile_map *m)
{
	uint32_t h = map_hash(m);
	struct profile_map *n;

	if (!m->path || !*m->path || m->start >= m->end)
		return -EINVAL;
	if (htab_find(&p->map_index, h, map_eq, p, m) >= 0)
		return 0;	/* the same mapping seen by an earlier snapshot */
	if (reserve(&p->maps, &p->cap_maps, p->nr_maps, 1, sizeof(*m)))
		return -ENOMEM;
	n = &p->maps[p->nr_maps];
	*n = *m;
	n->path = strdup(m->path);
	n->build_id = m->build_id ? strdup(m->build_id) : NULL;
	if (!n->path || (m->build_id && !n->build_id) ||
	    htab_insert(&p->map_index, h, p->nr_maps)) {
		free(n->path);
		free(n->build_id);
		return -ENOMEM;
	}
	p->nr_maps++;
	return 0;
}

int profile_add_kbuild(struct profile *p, const char *name,
		       const char *build_id)
{
	struct profile_kbuild *k;
	size_t i;

	if (!*name || !*build_id)
		return -EINVAL;
	for (i = 0; i < p->nr_kbuilds; i++)
		if (!strcmp(p->kbuilds[i].name, name))
			return 0;
	if (reserve(&p->kbuilds, &p->cap_kbuilds, p->nr_kbuilds, 1,
		    sizeof(*k)))
		return -ENOMEM;
	k = &p->kbuilds[p->nr_kbuilds];
	k->name = strdup(name);
	k->build_id = strdup(build_id);
	if (!k->name || !k->build_id) {
		free(k->name);
		free(k->build_id);
		return -ENOMEM;
	}
	p->nr_kbuilds++;
	return 0;
}

int profile_copy_meta(struct profile *to, const struct profile *from)
{
	const struct kallsyms *ks = &from->ksyms;
	size_t i;
	int err = 0;

	to->hdr = from->hdr;
	to->stats = from->stats;
	for (i = 0; !err && i < from->nr_maps; i++)
		err = profile_add_map(to, &from->maps[i]);
	for (i = 0; !err && i < ks->nr; i++)
		err = kallsyms_add(&to->ksyms, ks->syms[i].addr,
				   ks->syms[i].end, ks->names + ks->syms[i].name);
	for (i = 0; !err && i < from->nr_kbuilds; i++)
		err = profile_add_kbuild(to, from->kbuilds[i].name,
					 from->kbuilds[i].build_id);
	return err;
}

struct stack_key {
	const uint64_t *ips;
	uint32_t nr;
	bool kernel;
	bool truncated;
};

static uint32_t stack_hash(const struct stack_key *k)
{
	return hash_mem(k->ips, k->nr * sizeof(k->ips[0]),
			(uint64_t)k->kernel << 1 | k->truncated);
}

static bool stack_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct profile *p = ctx;
	const struct profile_stack *s = &p->stacks[idx];
	const struct stack_key *k = key;

	return s->nr == k->nr && s->kernel == k->kernel &&
	       s->truncated == k->truncated &&
	       !memcmp(p->frames + s->first, k->ips, k->nr * sizeof(k->ips[0]));
}

int profile_add_stack(struct profile *p, bool kernel, bool truncated,
		      const uint64_t *ips, uint32_t nr, uint32_t *id)
{
	struct stack_key k = { ips, nr, kernel, truncated };
	uint32_t h = stack_hash(&k);
	struct profile_stack *s;
	long found;

	if (!nr || nr > PROFILE_MAX_FRAMES)
		return -EINVAL;
	found = htab_find(&p->stack_index, h, stack_eq, p, &k);
	if (found >= 0) {
		*id = found + 1;
		return 0;
	}
	if (p->nr_stacks >= UINT32_MAX - 1 ||
	    reserve(&p->stacks, &p->cap_stacks, p->nr_stacks, 1, sizeof(*s)) ||
	    reserve(&p->frames, &p->cap_frames, p->nr_frames, nr,
		    sizeof(*ips)) ||
	    htab_insert(&p->stack_index, h, p->nr_stacks))
		return -ENOMEM;
	s = &p->stacks[p->nr_stacks++];
	s->first = p->nr_frames;
	s->nr = nr;
	s->kernel = kernel;
	s->truncated = truncated;
	memcpy(p->frames + p->nr_frames, ips, nr * sizeof(*ips));
	p->nr_frames += nr;
	*id = p->nr_stacks;
	return 0;
}

const struct profile_stack *profile_stack(const struct profile *p,
					  uint32_t id)
{
	return id && id <= p->nr_stacks ? &p->stacks[id - 1] : NULL;
}

static uint32_t sample_hash(const struct profile_sample *s)
{
	const uint32_t k[] = { s->pid, s->tid, s->kstack, s->ustack,
			       s->wkstack, s->wustack, s->kind };

	return hash_mem(s->comm, strlen(s->comm), hash_mem(k, sizeof(k), 0));
}

static bool sample_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct profile_sample *a =
		&((const struct profile *)ctx)->samples[idx];
	const struct profile_sample *b = key;

	return a->pid == b->pid && a->tid == b->tid &&
	       a->kstack == b->kstack && a->ustack == b->ustack &&
	       a->wkstack == b->wkstack && a->wustack == b->wustack &&
	       a->kind == b->kind && !strcmp(a->comm, b->comm);
}

int profile_add_sample(struct profile *p, const struct profile_sample *s)
{
	struct profile_sample *n;
	uint32_t h;
	long found;

	if (memchr(s->comm, '\0', sizeof(s->comm)) == NULL)
		return -EINVAL;
	h = sample_hash(s);
	found = htab_find(&p->sample_index, h, sample_eq, p, s);
	if (found >= 0) {
		p->samples[found].count += s->count;
		p->samples[found].period += s->period;
		return 0;
	}
	if (reserve(&p->samples, &p->cap_samples, p->nr_samples, 1,
		    sizeof(*s)) ||
	    htab_insert(&p->sample_index, h, p->nr_samples))
		return -ENOMEM;
	n = &p->samples[p->nr_samples++];
	*n = *s;
	/* Bytes after the NUL are whatever the caller had: zero them. */
	strncpy(n->comm, s->comm, sizeof(n->comm));
	return 0;
}

int profile_add_timeline(struct profile *p, const struct profile_tl *t)
{
	if (reserve(&p->timeline, &p->cap_timeline, p->nr_timeline, 1,
		    sizeof(*t)))
		return -ENOMEM;
	p->timeline[p->nr_timeline++] = *t;
	return 0;
}

uint64_t profile_total_samples(const struct profile *p)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < p->nr_samples; i++)
		n += p->samples[i].count;
	return n;
}
