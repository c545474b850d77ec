/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_HEATMAP_H
#define FGPROF_USER_HEATMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "symbolize.h"

#define HEATMAP_DEFAULT_ROWS	50
#define HEATMAP_MAX_ROWS	1000
#define HEATMAP_MAX_COLS	86400	/* seconds: a day of recording */

struct heatmap_opts {
	unsigned int rows;	/* cells per second, 0 = HEATMAP_DEFAULT_ROWS */
	bool kernel_only;
	bool user_only;
	bool no_inline;		/* real functions only, no "_[i]" frames */
	const char *title;	/* NULL: "Subsecond Heatmap" */
	const char *quality;	/* the stack-quality line, NULL: none */
};

/* The samples of one stack in one cell. */
struct heatmap_entry {
	uint32_t col, row;
	uint32_t stack;		/* index into the stacks */
	uint64_t count;
};

/*
 * FlameScope's subsecond-offset heat map of a profile's timeline: column
 * = second since the start, row = offset within that second (rows per
 * second), a cell's value the number of timeline records in it. The idle
 * task (pid 0) is left out. Each record's stack (comm, then user frames
 * root first with their inline chains, inlined ones suffixed "_[i]",
 * then kernel frames suffixed "_[k]", as in the folded output) is kept
 * per cell, so that a range of cells can be drawn as a flame graph.
 */
struct heatmap {
	uint32_t cols, rows;
	uint64_t *counts;	/* counts[col * rows + row] */
	uint64_t max;		/* the largest cell */
	uint64_t records;	/* records in cells */
	uint64_t idle;		/* idle records left out */
	uint64_t outside;	/* records before the start or past the cap */
	char **names;		/* frame names */
	size_t nr_names;
	uint32_t *frames;	/* stack i: frames[first[i] .. first[i + 1]) */
	size_t *first;
	size_t nr_stacks;
	struct heatmap_entry *entries;	/* by cell (time order), then stack */
	size_t nr_entries;
};

/*
 * The cell of a time (CLOCK_MONOTONIC ns) in a profile started at start
 * (ns): false before the start.
 */
bool heatmap_cell(uint64_t start, uint64_t time_ns, uint32_t rows,
		  uint32_t *col, uint32_t *row);

/*
 * Every record of the profile's timeline in its cell. 0, -ENOMEM, or
 * -EINVAL with the reason in err (no timeline records, rows out of
 * range).
 */
int heatmap_build(const struct profile *p, struct symbolizer *s,
		  const struct heatmap_opts *o, struct heatmap *h, char *err,
		  size_t errlen);
void heatmap_free(struct heatmap *h);

/*
 * The samples per stack (per_stack[nr_stacks], zeroed first) of the cells
 * from (c0, r0) to (c1, r1) in time order, either end first, both
 * included: what the page draws when those two cells are clicked.
 * Returns their total.
 */
uint64_t heatmap_select(const struct heatmap *h, uint32_t c0, uint32_t r0,
			uint32_t c1, uint32_t r1, uint64_t *per_stack);

/*
 * A self-contained HTML page: the heat map (hover for a cell's time and
 * count), and the flame graph of the cells selected (click a first cell,
 * then a last one), drawn by the page's own script from the stacks
 * embedded as JSON. No network, no other file. 0, -EIO.
 */
int heatmap_write(FILE *out, const struct heatmap *h,
		  const struct heatmap_opts *o, const struct profile *p);

#endif
