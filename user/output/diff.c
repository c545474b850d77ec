// SPDX-License-Identifier: GPL-2.0
/* Two profiles' stacks side by side: the differential flame graph's input. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

uint64_t diff_total(const struct folded_stacks *fs)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < fs->nr; i++)
		t += fs->v[i].count;
	return t;
}

struct share {
	size_t i;
	uint64_t rem;	/* of count * ta / tb, in 1/tb */
};

/* Largest remainder first; ties in stack order, for one answer. */
static int cmp_rem(const void *a, const void *b)
{
	const struct share *x = a, *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int diff_normalize(const struct folded_stacks *a, struct folded_stacks *b)
{
	uint64_t ta = diff_total(a), tb = diff_total(b), sum = 0;
	struct share *v;
	size_t i;

	if (!ta || !tb || ta == tb)
		return 0;
	v = calloc(b->nr, sizeof(*v));
	if (!v)
		return -ENOMEM;
	/* 128 bits: nanosecond totals times nanosecond counts overflow 64. */
	for (i = 0; i < b->nr; i++) {
		unsigned __int128 x = (unsigned __int128)b->v[i].count * ta;

		b->v[i].count = x / tb;
		v[i] = (struct share){ i, x % tb };
		sum += b->v[i].count;
	}
	/*
	 * Largest remainders: the floors fall short of ta by less than one
	 * per stack; those closest to the next unit get it, so the total is
	 * exactly ta and an unchanged profile diffs to zero at the root.
	 */
	qsort(v, b->nr, sizeof(*v), cmp_rem);
	for (i = 0; sum < ta && i < b->nr; i++, sum++)
		b->v[v[i].i].count++;
	free(v);
	return 0;
}

int diff_print(FILE *out, const struct folded_stacks *a,
	       const struct folded_stacks *b)
{
	size_t i = 0, j = 0;
	int c;

	while (i < a->nr || j < b->nr) {
		c = i == a->nr ? 1 : j == b->nr ? -1 :
		    strcmp(a->v[i].text, b->v[j].text);
		if (c < 0) {
			fprintf(out, "%s %" PRIu64 " 0\n", a->v[i].text,
				a->v[i].count);
			i++;
		} else if (c > 0) {
			fprintf(out, "%s 0 %" PRIu64 "\n", b->v[j].text,
				b->v[j].count);
			j++;
		} else {
			fprintf(out, "%s %" PRIu64 " %" PRIu64 "\n",
				a->v[i].text, a->v[i].count, b->v[j].count);
			i++;
			j++;
		}
	}
	return fflush(out) || ferror(out) ? -EIO : 0;
}
