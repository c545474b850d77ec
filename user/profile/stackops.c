// SPDX-License-Identifier: GPL-2.0
/* Folded stacks rewritten before they are drawn or printed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stackops.h"

/* Drops each frame equal to the one before it; never longer. */
static void fold_recursion(char *s)
{
	const char *prev = NULL, *f = s, *end;
	size_t prev_len = 0, len;
	char *o = s;

	for (;;) {
		end = strchrnul(f, ';');
		len = end - f;
		if (!prev || len != prev_len || memcmp(prev, f, len)) {
			if (o != s)
				*o++ = ';';
			memmove(o, f, len);
			prev = o;
			prev_len = len;
			o += len;
		}
		if (!*end)
			break;
		f = end + 1;
	}
	*o = '\0';
}

/* The frames in the other order: the same length, so in place via a copy. */
static int reverse(char *s)
{
	size_t n = strlen(s), at = 0;
	char *copy = malloc(n + 1), *end, *f;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, s, n + 1);
	/* Each frame of the copy, from the end, goes to the front of s. */
	end = copy + n;
	while (end > copy) {
		f = end;
		while (f > copy && f[-1] != ';')
			f--;
		if (at)
			s[at++] = ';';
		memcpy(s + at, f, end - f);
		at += end - f;
		end = f > copy ? f - 1 : copy;
	}
	s[at] = '\0';
	free(copy);
	return 0;
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(((const struct folded_stack *)a)->text,
		      ((const struct folded_stack *)b)->text);
}

void stackops_sort_merge(struct folded_stacks *fs)
{
	size_t i, o = 0;

	qsort(fs->v, fs->nr, sizeof(*fs->v), cmp_text);
	for (i = 0; i < fs->nr; i++) {
		if (o && !strcmp(fs->v[o - 1].text, fs->v[i].text)) {
			fs->v[o - 1].count += fs->v[i].count;
			free(fs->v[i].text);
			continue;
		}
		fs->v[o++] = fs->v[i];
	}
	fs->nr = o;
}

int stackops_apply(struct folded_stacks *fs, const struct stackops_opts *o)
{
	size_t i;
	int err;

	if (!o->reverse && !o->fold_recursion)
		return 0;
	for (i = 0; i < fs->nr; i++) {
		if (o->fold_recursion)
			fold_recursion(fs->v[i].text);
		if (o->reverse) {
			err = reverse(fs->v[i].text);
			if (err)
				return err;
		}
	}
	stackops_sort_merge(fs);
	return 0;
}
