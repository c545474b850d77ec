/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_STATFIELDS_H
#define FGPROF_USER_STATFIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fgprof.h"

/*
 * Every field of struct fgprof_stats by name, in struct order: `fgprof
 * stats`, the profile file and `fgprof report --stats` all print from this
 * one table, so a counter the module adds is missing nowhere once it is
 * listed here (tests/unit/test_statfields.c fails until it is).
 */
struct stat_field {
	const char *name;	/* the struct member's name */
	size_t offset;
	size_t size;		/* 4 or 8 */
	bool loss;		/* lost samples, or lost/cut stack frames */
};

extern const struct stat_field stat_fields[];
extern const size_t stat_nr_fields;

const struct stat_field *stat_field_find(const char *name);
uint64_t stat_get(const struct fgprof_stats *st, const struct stat_field *f);
void stat_set(struct fgprof_stats *st, const struct stat_field *f, uint64_t v);

#endif
