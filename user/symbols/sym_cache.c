// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sym_cache.h"

struct addr_key {
	uint64_t addr;
	uint32_t file;
};

static uint32_t addr_hash(uint32_t file, uint64_t addr)
{
	return hash_mix64(addr ^ (file + 1) * HASH_MUL);
}

static bool addr_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct sym_cache *c = ctx;
	const struct sym_cache_entry *e = &c->entries[idx];
	const struct addr_key *k = key;

	return e->addr == k->addr && e->file == k->file;
}

static bool str_eq(const void *ctx, uint32_t idx, const void *key)
{
	return !strcmp(((const struct sym_cache *)ctx)->strs[idx], key);
}

/* Room for one more of size bytes in *v, doubling. */
static int grow(void **v, size_t *cap, size_t nr, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *m;

	if (nr + need <= *cap)
		return 0;
	while (c < nr + need)
		c *= 2;
	m = realloc(*v, c * size);
	if (!m)
		return -ENOMEM;
	*v = m;
	*cap = c;
	return 0;
}

void sym_cache_free(struct sym_cache *c)
{
	size_t i;

	for (i = 0; i < c->nr_strs; i++)
		free(c->strs[i]);
	free(c->strs);
	free(c->entries);
	free(c->frames);
	htab_free(&c->index);
	htab_free(&c->str_index);
	memset(c, 0, sizeof(*c));
}

const struct sym_frame *sym_cache_get(const struct sym_cache *c,
				      uint32_t file, uint64_t addr, int *nr)
{
	struct addr_key k = { addr, file };
	long i = htab_find(&c->index, addr_hash(file, addr), addr_eq, c, &k);

	if (i < 0)
		return NULL;
	*nr = c->entries[i].nr;
	return &c->frames[c->entries[i].first];
}

int sym_cache_put(struct sym_cache *c, uint32_t file, uint64_t addr,
		  const struct sym_frame *f, int nr)
{
	struct sym_cache_entry *e;

	if (grow((void **)&c->entries, &c->cap, c->nr, 1, sizeof(*e)) ||
	    grow((void **)&c->frames, &c->cap_frames, c->nr_frames, nr,
		 sizeof(*f)))
		return -ENOMEM;
	if (htab_insert(&c->index, addr_hash(file, addr), c->nr))
		return -ENOMEM;
	e = &c->entries[c->nr++];
	e->addr = addr;
	e->file = file;
	e->nr = nr;
	e->first = c->nr_frames;
	memcpy(&c->frames[c->nr_frames], f, nr * sizeof(*f));
	c->nr_frames += nr;
	return 0;
}

const char *sym_intern(struct sym_cache *c, const char *s)
{
	uint32_t h;
	long i;
	char *copy;

	if (!s)
		return NULL;
	h = hash_bytes(s, strlen(s), 0);
	i = htab_find(&c->str_index, h, str_eq, c, s);
	if (i >= 0)
		return c->strs[i];
	if (grow((void **)&c->strs, &c->cap_strs, c->nr_strs, 1,
		 sizeof(*c->strs)))
		return NULL;
	copy = strdup(s);
	if (!copy || htab_insert(&c->str_index, h, c->nr_strs)) {
		free(copy);
		return NULL;
	}
	c->strs[c->nr_strs++] = copy;
	return copy;
}
