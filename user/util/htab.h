/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_HTAB_H
#define FGPROF_USER_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/*
 * The index of the entry equal to key, or -1. Inline: a caller's eq is
 * then inlined too, where the lookups of a report are millions.
 */
static inline long htab_find(const struct htab *h, uint32_t hash,
			     htab_eq_fn eq, const void *ctx, const void *key)
{
	size_t i;

	if (!h->slots)
		return -1;
	for (i = hash & h->mask;; i = (i + 1) & h->mask) {
		const struct htab_slot *s = &h->slots[i];

		if (!s->idx)
			return -1;
		if (s->hash == hash && eq(ctx, s->idx - 1, key))
			return s->idx - 1;
	}
}

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

/*
 * The hashes of the hot paths (profile loading, folding, flame trees),
 * where FNV's byte at a time was a tenth of a report: 8 bytes a step,
 * then murmur3's 64-bit finalizer so the low bits, which pick the slot,
 * depend on every input bit. Never for a value anyone sees: palette.c's
 * colours are hash_bytes's and must stay so.
 */
#define HASH_MUL	0x9e3779b97f4a7c15ull

static inline uint64_t hash_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

static inline uint32_t hash_mem(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = seed ^ (n * HASH_MUL), w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * HASH_MUL;
		h = h << 31 | h >> 33;
	}
	if (n) {
		w = 0;
		memcpy(&w, b, n);
		h = (h ^ w) * HASH_MUL;
	}
	return hash_mix64(h);
}

#endif
