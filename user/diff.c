// SPDX-License-Identifier: GPL-2.0
/* Two profiles' stacks side by side: the differential flame graph's input. */
#include <errno.h>
#include <inttypes.h>
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

void diff_normalize(const struct folded_stacks *a, struct folded_stacks *b)
{
	uint64_t ta = diff_total(a), tb = diff_total(b);
	size_t i;

	if (!ta || !tb || ta == tb)
		return;
	/* 128 bits: nanosecond totals times nanosecond counts overflow 64. */
	for (i = 0; i < b->nr; i++)
		b->v[i].count = ((unsigned __int128)b->v[i].count * ta +
				 tb / 2) / tb;
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
