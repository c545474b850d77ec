// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses to frames and mappings for the interchange formats: the
 * symbolizer's inline chains, and the recorded mapping of an address.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"

void frames_of(struct symbolizer *s, bool kernel, uint32_t pid,
	       uint64_t addr, bool ret, bool no_inline, struct frames *out)
{
	out->nr = kernel ?
		symbolize_kernel_frames(s, addr, ret, out->v, SYM_MAX_FRAMES) :
		symbolize_user_frames(s, pid, addr, ret, out->v, SYM_MAX_FRAMES);
	/* Never empty: an exporter always has a frame to show. */
	if (out->nr < 1) {
		out->v[0] = (struct sym_frame){ .name = SYM_UNKNOWN };
		out->nr = 1;
	}
	if (no_inline && out->nr > 1) {
		out->v[0] = out->v[out->nr - 1];
		out->nr = 1;
	}
}

const char *frames_waker_name(char *buf, const char *name)
{
	snprintf(buf, FRAMES_NAME_MAX, "%s" FRAMES_WAKER_SUFFIX, name);
	return buf;
}

static const struct profile *cmp_profile;

static int cmp_map(const void *a, const void *b)
{
	const struct profile_map *x = &cmp_profile->maps[*(const size_t *)a];
	const struct profile_map *y = &cmp_profile->maps[*(const size_t *)b];

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* Repeated snapshots: the first recorded wins, stably. */
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

int map_lookup_init(struct map_lookup *ml, const struct profile *p)
{
	size_t i;

	ml->p = p;
	ml->nr = p->nr_maps;
	ml->order = calloc(p->nr_maps + 1, sizeof(*ml->order));
	if (!ml->order)
		return -ENOMEM;
	for (i = 0; i < p->nr_maps; i++)
		ml->order[i] = i;
	cmp_profile = p;
	qsort(ml->order, ml->nr, sizeof(*ml->order), cmp_map);
	cmp_profile = NULL;
	return 0;
}

void map_lookup_free(struct map_lookup *ml)
{
	free(ml->order);
	ml->order = NULL;
	ml->nr = 0;
}

const struct profile_map *map_lookup_find(const struct map_lookup *ml,
					  uint32_t pid, uint64_t addr)
{
	size_t lo = 0, hi = ml->nr, i;
	const struct profile_map *m;

	/* The first mapping of pid starting above addr... */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		m = &ml->p->maps[ml->order[mid]];
		if (m->pid < pid || (m->pid == pid && m->start <= addr))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...so the candidates are before it; snapshots may overlap. */
	for (i = lo; i-- > 0;) {
		m = &ml->p->maps[ml->order[i]];
		if (m->pid != pid)
			break;
		if (addr >= m->start && addr < m->end)
			return m;
	}
	return NULL;
}
