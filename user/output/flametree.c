// SPDX-License-Identifier: GPL-2.0
/* Folded stacks merged into the tree a flame graph draws. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "flametree.h"

#define ROOT_NAME	"all"

struct child_key {
	uint32_t parent;
	const char *name;
	uint32_t len;
};

static bool child_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct flame_node *n = &((const struct flame_tree *)ctx)->n[idx];
	const struct child_key *k = key;

	return n->parent == k->parent && n->len == k->len &&
	       !memcmp(n->name, k->name, k->len);
}

/* The child of parent with this name, made if new. */
static int child_of(struct flame_tree *t, uint32_t parent, const char *name,
		    uint32_t len, uint32_t *out)
{
	struct child_key k = { parent, name, len };
	uint32_t h = hash_mem(name, len, parent);
	long found = htab_find(&t->index, h, child_eq, t, &k);
	struct flame_node *n;

	if (found >= 0) {
		*out = found;
		return 0;
	}
	if (t->nr == t->cap) {
		size_t cap = t->cap * 2;

		if (cap > UINT32_MAX)
			return -ENOMEM;
		n = realloc(t->n, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		t->n = n;
		t->cap = cap;
	}
	if (htab_insert(&t->index, h, t->nr))
		return -ENOMEM;
	n = &t->n[t->nr];
	*n = (struct flame_node){
		.name = name, .len = len, .parent = parent,
		.next = t->n[parent].child, .depth = t->n[parent].depth + 1,
	};
	t->n[parent].child = t->nr;
	*out = t->nr++;
	return 0;
}

/*
 * Off-CPU samples carry an "[off-cpu]" frame (folded.c puts it at the
 * leaf; --reverse moves it to the root): a whole frame, not a substring.
 */
static bool off_cpu(const char *s)
{
	static const char mark[] = OFF_CPU_FRAME;
	const size_t n = sizeof(mark) - 1;
	const char *p = s;

	while ((p = strstr(p, mark))) {
		if ((p == s || p[-1] == ';') && (!p[n] || p[n] == ';'))
			return true;
		p += n;
	}
	return false;
}

static void add_value(struct flame_node *n, uint64_t v, bool other, bool off)
{
	if (other) {
		n->other += v;
	} else {
		n->count += v;
		if (off)
			n->off += v;
	}
}

/*
 * How many frames s shares with prev, the stack before it, and where its
 * others start in *rest (NULL: none). Stacks come sorted, so most of one
 * is its predecessor's, and those frames' nodes need no lookup.
 */
static uint32_t common_frames(const char *prev, const char *s,
			      const char **rest)
{
	uint32_t k = 0;
	size_t i = 0, after = 0;

	for (; prev[i] && prev[i] == s[i]; i++)
		if (s[i] == ';') {
			k++;
			after = i + 1;
		}
	/* Both end a frame here (or the texts are equal): one more. */
	if ((!prev[i] || prev[i] == ';') && (!s[i] || s[i] == ';')) {
		*rest = s[i] ? s + i + 1 : NULL;
		return k + 1;
	}
	*rest = s + after;
	return k;
}

/* The nodes (root first) of the stack added last. */
struct path {
	const char *text;	/* NULL: none yet */
	uint32_t *v;		/* v[0] is the root */
	size_t nr, cap;
};

static int add_stack(struct flame_tree *t, struct path *pa,
		     const struct folded_stack *st, bool other)
{
	const char *s = st->text, *end;
	bool off = off_cpu(s);
	uint32_t common = 0, at;
	size_t d;
	int err;

	if (pa->text)
		common = common_frames(pa->text, st->text, &s);
	pa->text = st->text;
	pa->nr = common + 1;
	at = pa->v[common];
	while (s) {
		end = strchrnul(s, ';');
		if ((size_t)(end - s) > UINT32_MAX)
			return -ENOMEM;
		err = child_of(t, at, s, end - s, &at);
		if (err)
			return err;
		if (pa->nr == pa->cap) {
			size_t cap = pa->cap * 2;
			uint32_t *v = realloc(pa->v, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			pa->v = v;
			pa->cap = cap;
		}
		pa->v[pa->nr++] = at;
		s = *end ? end + 1 : NULL;
	}
	for (d = 0; d < pa->nr; d++)
		add_value(&t->n[pa->v[d]], st->count, other, off);
	return 0;
}

static int cmp_name(const struct flame_node *a, const struct flame_node *b)
{
	int c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int cmp_index(const void *a, const void *b, void *nodes)
{
	const struct flame_node *n = nodes;

	return cmp_name(&n[*(const uint32_t *)a], &n[*(const uint32_t *)b]);
}

/*
 * Children were linked as they came; flamegraph.pl orders them by name,
 * which keeps a function at the same place in graphs of the same program.
 * Then each one starts where its previous sibling ended, from the parent's
 * left edge; parents come before children in the array, so one pass
 * in index order sees every parent placed before its children.
 */
static int sort_and_place(struct flame_tree *t)
{
	uint32_t *v = NULL, i, c;
	size_t cap = 0, nr, j;

	for (i = 0; i < t->nr; i++) {
		uint64_t start = t->n[i].start;

		nr = 0;
		for (c = t->n[i].child; c; c = t->n[c].next) {
			if (nr == cap) {
				uint32_t *m;

				cap = cap ? cap * 2 : 64;
				m = realloc(v, cap * sizeof(*v));
				if (!m) {
					free(v);
					return -ENOMEM;
				}
				v = m;
			}
			v[nr++] = c;
		}
		if (!nr)
			continue;
		if (nr > 1)	/* most nodes have one child */
			qsort_r(v, nr, sizeof(*v), cmp_index, t->n);
		t->n[i].child = v[0];
		for (j = 0; j < nr; j++) {
			t->n[v[j]].next = j + 1 < nr ? v[j + 1] : 0;
			t->n[v[j]].start = start;
			start += t->n[v[j]].count;
		}
	}
	free(v);
	return 0;
}

static int build(struct flame_tree *t, const struct folded_stacks *fs,
		 const struct folded_stacks *other)
{
	struct path pa = { .cap = 64 };
	size_t i;
	int err = 0;

	memset(t, 0, sizeof(*t));
	t->cap = 256;
	t->n = calloc(t->cap, sizeof(*t->n));
	if (!t->n)
		return -ENOMEM;
	t->n[0].name = ROOT_NAME;
	t->n[0].len = strlen(ROOT_NAME);
	t->nr = 1;
	pa.v = malloc(pa.cap * sizeof(*pa.v));
	if (!pa.v)
		return -ENOMEM;
	pa.v[0] = 0;
	for (i = 0; !err && i < fs->nr; i++)
		err = add_stack(t, &pa, &fs->v[i], false);
	for (i = 0; !err && other && i < other->nr; i++)
		err = add_stack(t, &pa, &other->v[i], true);
	free(pa.v);
	return err ?: sort_and_place(t);
}

int flame_tree_build(struct flame_tree *t, const struct folded_stacks *fs)
{
	return build(t, fs, NULL);
}

int flame_tree_build_diff(struct flame_tree *t,
			  const struct folded_stacks *shape,
			  const struct folded_stacks *other)
{
	return build(t, shape, other);
}

uint64_t flame_tree_self(const struct flame_tree *t, uint32_t i, bool other)
{
	uint64_t v = other ? t->n[i].other : t->n[i].count;
	uint32_t c;

	for (c = t->n[i].child; c; c = t->n[c].next)
		v -= other ? t->n[c].other : t->n[c].count;
	return v;
}

void flame_tree_free(struct flame_tree *t)
{
	free(t->n);
	htab_free(&t->index);
	memset(t, 0, sizeof(*t));
}

uint32_t flame_tree_next(const struct flame_tree *t, uint32_t i,
			 bool skip_children)
{
	if (!skip_children && t->n[i].child)
		return t->n[i].child;
	while (i && !t->n[i].next)
		i = t->n[i].parent;
	return i ? t->n[i].next : 0;
}
