/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_HTAB_H
#define FGPROF_USER_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A hash index over entries the caller keeps in its own array: the index
 * stores (hash, array index) pairs and asks the caller to compare keys, so
 * one small piece of code dedups stacks, merges samples and remembers pids
 * without a generic container of keys and values.
 */
struct htab_slot {
	uint32_t hash;
	uint32_t idx;		/* array index + 1; 0 = empty */
};

struct htab {
	struct htab_slot *slots;
	size_t mask;
	size_t used;
};

/* Is entry idx of the caller's array equal to key? */
typedef bool (*htab_eq_fn)(const void *ctx, uint32_t idx, const void *key);

/* The index of the entry equal to key, or -1. */
long htab_find(const struct htab *h, uint32_t hash, htab_eq_fn eq,
	       const void *ctx, const void *key);
/* Adds an entry the caller knows is not there yet: 0 or -ENOMEM. */
int htab_insert(struct htab *h, uint32_t hash, uint32_t idx);
void htab_free(struct htab *h);

/* FNV-1a: cheap, and good enough for keys that are not adversarial. */
static inline uint32_t hash_bytes(const void *p, size_t n, uint32_t h)
{
	const unsigned char *b = p;

	if (!h)
		h = 2166136261u;
	while (n--) {
		h ^= *b++;
		h *= 16777619u;
	}
	return h;
}

#endif
