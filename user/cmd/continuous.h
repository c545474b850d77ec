/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_CONTINUOUS_H
#define FGPROF_USER_CONTINUOUS_H

#include <stdint.h>

#include "device.h"
#include "profile.h"
#include "record.h"
#include "snapdiff.h"
#include "symbolize.h"

/*
 * record --continuous: sampling never pauses; at each interval boundary
 * the tables are read, the counts since the last boundary (snapdiff.c)
 * become a profile, and that profile goes to --out DIR as a pprof file
 * named by the interval's start (rotate.c), written beside and renamed
 * into place so a reader never sees half a file. The oldest files go
 * beyond --keep / --max-bytes.
 */
struct continuous {
	const struct record_opts *o;
	struct device_reader *rd;
	const struct profile *base;	/* header and maps: the recorder's */
	struct snapdiff diff;
	struct symbolizer *sym;		/* on base, kept for the whole run */
	size_t sym_maps;		/* base->nr_maps it has indexed */
	uint64_t start_real;		/* the interval being recorded */
	uint64_t start_mono;
	uint64_t files;			/* written so far */
	uint64_t samples;		/* ... holding this many samples */
	uint64_t missing;		/* samples whose stacks never came */
	uint64_t pruned;		/* old files deleted */
	uint64_t write_errors;		/* intervals lost to a failed write */
};

/*
 * Creates --out DIR if need be and checks it is writable, before any
 * sampling. 0, or a negative errno already reported.
 */
int continuous_init(struct continuous *c, const struct record_opts *o,
		    struct device_reader *rd, unsigned int nr_cpus,
		    const struct profile *base);
void continuous_free(struct continuous *c);

/*
 * Before sampling: the symbolizer made and the kernel's symbols read now,
 * so that the first interval's file is not late (reading kallsyms takes
 * seconds on a slow machine). 0 or -ENOMEM.
 */
int continuous_prepare(struct continuous *c);

/* Sampling started at these clocks (CLOCK_REALTIME, CLOCK_MONOTONIC). */
void continuous_start(struct continuous *c, uint64_t real, uint64_t mono);

/*
 * The interval ends now: its file is written (and named on stderr unless
 * -q), and the next one starts. A file that cannot be written is
 * reported and counted, and recording goes on; 0, or a negative errno
 * when the tables cannot be read.
 */
int continuous_cut(struct continuous *c, uint64_t real, uint64_t mono);

#endif
