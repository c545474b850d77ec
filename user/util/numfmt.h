/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_NUMFMT_H
#define FGPROF_USER_NUMFMT_H

#include <stdint.h>
#include <stdio.h>

/*
 * Numbers as printf writes them, without printf: a flame graph writes
 * hundreds of thousands, and vfprintf with glibc's multi-precision
 * floating point conversion was over half of writing its frames.
 */

/* printf("%" PRIu64): the digits at p, NUL-terminated; returns the NUL. */
char *numfmt_u64(char *p, uint64_t v);

/*
 * fprintf(out, "%.*f", decimals, v), decimals 0 to 3: exactly rounded
 * (to nearest, ties to even) like glibc's, by integer arithmetic for a
 * finite v from 0 to 2^53, through fprintf otherwise.
 */
void numfmt_fixed(FILE *out, double v, int decimals);

#endif
