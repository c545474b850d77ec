// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "htab.h"

static void place(struct htab_slot *slots, size_t mask, uint32_t hash,
		  uint32_t idx1)
{
	size_t i = hash & mask;

	while (slots[i].idx)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].idx = idx1;
}

/* Kept at most half full, so probes stay short and always find a hole. */
static int grow(struct htab *h)
{
	size_t n = h->slots ? (h->mask + 1) * 2 : 64;
	struct htab_slot *slots = calloc(n, sizeof(*slots));
	size_t i;

	if (!slots)
		return -ENOMEM;
	for (i = 0; h->slots && i <= h->mask; i++)
		if (h->slots[i].idx)
			place(slots, n - 1, h->slots[i].hash, h->slots[i].idx);
	free(h->slots);
	h->slots = slots;
	h->mask = n - 1;
	return 0;
}

int htab_insert(struct htab *h, uint32_t hash, uint32_t idx)
{
	if (!h->slots || (h->used + 1) * 2 > h->mask + 1) {
		int err = grow(h);

		if (err)
			return err;
	}
	place(h->slots, h->mask, hash, idx + 1);
	h->used++;
	return 0;
}

void htab_free(struct htab *h)
{
	free(h->slots);
	h->slots = NULL;
	h->mask = 0;
	h->used = 0;
}
