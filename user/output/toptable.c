// SPDX-License-Identifier: GPL-2.0
/* The flat and cumulative cost of each function: a "top" table. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "flametree.h"
#include "htab.h"
#include "toptable.h"
#include "valfmt.h"

struct builder {
	struct top_table *t;
	size_t cap;
	struct htab index;
};

struct name_key {
	const char *name;
	uint32_t len;
};

static bool entry_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct top_entry *e = &((const struct builder *)ctx)->t->v[idx];
	const struct name_key *k = key;

	return e->len == k->len && !memcmp(e->name, k->name, k->len);
}

static int entry_of(struct builder *b, const char *name, uint32_t len,
		    struct top_entry **out)
{
	struct name_key k = { name, len };
	uint32_t h = hash_bytes(name, len, 0);
	long found = htab_find(&b->index, h, entry_eq, b, &k);
	struct top_table *t = b->t;

	if (found >= 0) {
		*out = &t->v[found];
		return 0;
	}
	if (t->nr == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct top_entry *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->v = v;
		b->cap = cap;
	}
	if (htab_insert(&b->index, h, t->nr))
		return -ENOMEM;
	t->v[t->nr] = (struct top_entry){ .name = name, .len = len,
					  .last = SIZE_MAX };
	*out = &t->v[t->nr++];
	return 0;
}

static bool is(const char *s, size_t len, const char *what)
{
	return len == strlen(what) && !memcmp(s, what, len);
}

/* Stack number idx: every function in it once, its leaf's self. */
static int add_stack(struct builder *b, const struct folded_stack *st,
		     size_t idx)
{
	const char *s = st->text, *end;
	struct top_entry *e, *leaf = NULL;
	bool first = true;
	int err;

	b->t->total += st->count;
	for (;; s = end + 1) {
		end = strchrnul(s, ';');
		if (is(s, end - s, "--"))
			break;
		if (!first && !is(s, end - s, OFF_CPU_FRAME)) {
			err = entry_of(b, s, end - s, &e);
			if (err)
				return err;
			/* Recursion: a function is counted once a stack. */
			if (e->last != idx) {
				e->cum += st->count;
				e->last = idx;
			}
			leaf = e;
		}
		first = false;
		if (!*end)
			break;
	}
	if (leaf)
		leaf->self += st->count;
	return 0;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct top_entry *a = pa, *b = pb;
	int c;

	if (a->self != b->self)
		return a->self < b->self ? 1 : -1;
	if (a->cum != b->cum)
		return a->cum < b->cum ? 1 : -1;
	c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

int top_table_build(const struct folded_stacks *fs, struct top_table *t)
{
	struct builder b = { .t = t };
	size_t i;
	int err = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; !err && i < fs->nr; i++)
		err = add_stack(&b, &fs->v[i], i);
	htab_free(&b.index);
	if (!err)
		qsort(t->v, t->nr, sizeof(*t->v), cmp_entry);
	return err;
}

void top_table_free(struct top_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static double pct(uint64_t v, uint64_t total)
{
	return total ? 100.0 * v / total : 0;
}

int top_table_print(FILE *out, const struct top_table *t,
		    const struct top_opts *o)
{
	size_t i, rows = o->limit && o->limit < t->nr ? o->limit : t->nr;
	char total[VALFMT_LEN], self[VALFMT_LEN], cum[VALFMT_LEN];
	uint64_t sum = 0;

	fprintf(out, "# %zu of %zu functions, %s", rows, t->nr,
		valfmt(t->total, o->unit, total));
	if (o->event && o->event[0])
		fprintf(out, " of %s", o->event);
	fputs("; flat: in the function itself, cum: with its callees\n", out);
	fprintf(out, "%12s %7s %7s %12s %7s  %s\n", "flat", "flat%", "sum%",
		"cum", "cum%", "function");
	for (i = 0; i < rows; i++) {
		const struct top_entry *e = &t->v[i];

		sum += e->self;
		fprintf(out, "%12s %6.2f%% %6.2f%% %12s %6.2f%%  %.*s\n",
			valfmt_short(e->self, o->unit, self),
			pct(e->self, t->total), pct(sum, t->total),
			valfmt_short(e->cum, o->unit, cum),
			pct(e->cum, t->total), (int)e->len, e->name);
	}
	return fflush(out) || ferror(out) ? -EIO : 0;
}
