// SPDX-License-Identifier: GPL-2.0
/* user/output/flametree.c: the tree, its self values, off-CPU and diff values. */
#include <stdlib.h>

#include "unit.h"
#include "svgcheck.h"
#include "flametree.h"

static uint32_t find(const struct flame_tree *t, uint32_t parent,
		     const char *name)
{
	uint32_t c;

	for (c = t->n[parent].child; c; c = t->n[c].next)
		if (t->n[c].len == strlen(name) &&
		    !memcmp(t->n[c].name, name, t->n[c].len))
			return c;
	return 0;
}

static void layout_and_self(void)
{
	struct folded_stacks fs = stacks_of("a;c 2\na;b 3\na 1\nz 4\n");
	struct flame_tree t;
	uint32_t a, b, c, z;

	CHECK(flame_tree_build(&t, &fs) == 0);
	CHECK(t.nr == 5 && t.n[0].count == 10);
	a = find(&t, 0, "a");
	b = find(&t, a, "b");
	c = find(&t, a, "c");
	z = find(&t, 0, "z");
	CHECK(a && b && c && z);
	CHECK(t.n[a].count == 6 && t.n[a].start == 0);
	CHECK(t.n[b].start == 0 && t.n[c].start == 3 && t.n[z].start == 6);
	CHECK(flame_tree_self(&t, a, false) == 1);
	CHECK(flame_tree_self(&t, 0, false) == 0);
	CHECK(flame_tree_self(&t, z, false) == 4);
	CHECK(t.n[a].off == 0 && t.n[a].other == 0);
	flame_tree_free(&t);
	folded_stacks_free(&fs);
}

/* What lies on a path with an "[off-cpu]" frame, wherever it is. */
static void off_cpu_share(void)
{
	struct folded_stacks fs = stacks_of("app;main;run 3\n"
					    "app;main;wait;[off-cpu] 5\n"
					    "[off-cpu];x;app 2\n"
					    "app;not[off-cpu]x 7\n");
	struct flame_tree t;
	uint32_t app, main_;

	CHECK(flame_tree_build(&t, &fs) == 0);
	app = find(&t, 0, "app");
	main_ = find(&t, app, "main");
	CHECK(t.n[0].off == 7 && t.n[0].count == 17);
	CHECK(t.n[app].off == 5 && t.n[main_].off == 5);
	CHECK(t.n[find(&t, main_, "wait")].off == 5);
	CHECK(t.n[find(&t, main_, "run")].off == 0);
	CHECK(t.n[find(&t, app, "not[off-cpu]x")].off == 0);
	flame_tree_free(&t);
	folded_stacks_free(&fs);
}

/* The other profile's values, in nodes of their own where shape has none. */
static void diff_values(void)
{
	struct folded_stacks shape = stacks_of("a;b 4\na;c 6\n");
	struct folded_stacks other = stacks_of("a;b 8\na;d 1\na 2\n");
	struct flame_tree t;
	uint32_t a, b, c, d;

	CHECK(flame_tree_build_diff(&t, &shape, &other) == 0);
	a = find(&t, 0, "a");
	b = find(&t, a, "b");
	c = find(&t, a, "c");
	d = find(&t, a, "d");
	CHECK(a && b && c && d);
	CHECK(t.n[0].count == 10 && t.n[0].other == 11);
	CHECK(t.n[b].count == 4 && t.n[b].other == 8);
	CHECK(t.n[c].count == 6 && t.n[c].other == 0);
	CHECK(t.n[d].count == 0 && t.n[d].other == 1);
	CHECK(flame_tree_self(&t, a, true) == 2);
	CHECK(flame_tree_self(&t, a, false) == 0);
	/* A node of count 0 takes no room: c starts where b ends. */
	CHECK(t.n[b].start == 0 && t.n[c].start == 4 && t.n[d].start == 10);
	flame_tree_free(&t);
	folded_stacks_free(&shape);
	folded_stacks_free(&other);
}

/*
 * A stack's first frames shared with the stack before it are not looked
 * up again, but walked from that one's path: any order of the same
 * stacks (repeats, empty frames, names that begin alike) is one tree.
 */
static void any_order_is_the_same_tree(void)
{
	static const char *const orders[] = {
		"; 7\n;;x 6\n;a 8\na 5\na;b 2\na;b 11\na;b;c 1\na;b;c;d 4\n"
		"a;b;cd 10\na;bc;d 3\nb;a;b 9\n",
		"a;b;c;d 4\na 5\n;;x 6\na;b 2\na;bc;d 3\nb;a;b 9\n; 7\n"
		"a;b;cd 10\n;a 8\na;b;c 1\na;b 11\n",
		"b;a;b 9\na;bc;d 3\na;b;cd 10\na;b;c;d 4\na;b;c 1\na;b 11\n"
		"a;b 2\na 5\n;a 8\n;;x 6\n; 7\n",
	};
	struct folded_stacks fs[3];
	struct flame_tree t[3];
	uint32_t i[3] = { 0 };
	size_t k, nodes = 0;

	for (k = 0; k < 3; k++) {
		fs[k] = stacks_of(orders[k]);
		CHECK(flame_tree_build(&t[k], &fs[k]) == 0);
	}
	CHECK(t[0].nr == t[1].nr && t[0].nr == t[2].nr);
	CHECK(t[0].n[0].count == 66);
	do {
		for (k = 1; k < 3; k++) {
			const struct flame_node *a = &t[0].n[i[0]];
			const struct flame_node *b = &t[k].n[i[k]];

			CHECK(a->len == b->len && !memcmp(a->name, b->name, a->len));
			CHECK(a->depth == b->depth && a->count == b->count &&
			      a->start == b->start);
		}
		nodes++;
		for (k = 0; k < 3; k++)
			i[k] = flame_tree_next(&t[k], i[k], false);
	} while (i[0] && i[1] && i[2]);
	CHECK(!i[0] && !i[1] && !i[2] && nodes == t[0].nr);
	CHECK(find(&t[0], find(&t[0], 0, ""), "") != 0);
	for (k = 0; k < 3; k++) {
		flame_tree_free(&t[k]);
		folded_stacks_free(&fs[k]);
	}
}

int main(void)
{
	RUN(layout_and_self);
	RUN(off_cpu_share);
	RUN(diff_values);
	RUN(any_order_is_the_same_tree);
	return UNIT_EXIT();
}
