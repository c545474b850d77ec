/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_FLAMETREE_H
#define FGPROF_USER_FLAMETREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folded.h"
#include "htab.h"

/* The frame folded.c puts at the leaf of an off-CPU sample's stack. */
#ifndef OFF_CPU_FRAME
#define OFF_CPU_FRAME	"[off-cpu]"
#endif

/*
 * Folded stacks as the tree a flame graph draws: the root holds every
 * sample, a frame's children are the frames called from it, merged by
 * name and sorted by it (strcmp order), each laid out from its parent's
 * left edge in that order. Indices, not pointers, so the array can grow.
 */
struct flame_node {
	const char *name;	/* len bytes inside a stack's text, no NUL */
	uint32_t len;
	uint32_t parent;
	uint32_t child;		/* first child; 0 = none (0 is the root) */
	uint32_t next;		/* next sibling; 0 = none */
	uint32_t depth;		/* the root's is 0 */
	uint64_t count;		/* samples in this frame or its callees */
	uint64_t start;		/* samples left of it in the graph */
	uint64_t off;		/* of count, under an "[off-cpu]" frame */
	uint64_t other;		/* a differential graph's other profile */
};

struct flame_tree {
	struct flame_node *n;	/* n[0] is the root, "all" */
	size_t nr;

	/* private to flametree.c */
	size_t cap;
	struct htab index;
};

/*
 * Builds the tree of fs, whose texts it points into: fs must outlive it.
 * 0 or -ENOMEM; free with flame_tree_free either way.
 */
int flame_tree_build(struct flame_tree *t, const struct folded_stacks *fs);

/*
 * A differential graph's tree: shaped (count, start) by shape, with
 * other's values in each node's other. A stack only other has gets
 * nodes of count 0, which draw nothing but keep its values apart from
 * its parents' own. Same rules as flame_tree_build.
 */
int flame_tree_build_diff(struct flame_tree *t,
			  const struct folded_stacks *shape,
			  const struct folded_stacks *other);

/* What a node holds itself, not in its children: count, or other. */
uint64_t flame_tree_self(const struct flame_tree *t, uint32_t i, bool other);
void flame_tree_free(struct flame_tree *t);

/*
 * Preorder walk from the root (0): the node after i, not entering i's
 * children when skip_children; 0 when the walk is over.
 */
uint32_t flame_tree_next(const struct flame_tree *t, uint32_t i,
			 bool skip_children);

#endif
