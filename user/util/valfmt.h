/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_VALFMT_H
#define FGPROF_USER_VALFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"

#define VALFMT_LEN	48

/*
 * A value of a profile's unit (profile.h's PROFILE_UNIT_*) as people read
 * it, shared by the SVG tooltips, the top table and the differential
 * graph so they all say the same thing: "1,234 samples", "12.3 ms",
 * "4,096 bytes". NULL or "" means samples. Returns buf.
 */
const char *valfmt(uint64_t v, const char *unit, char buf[VALFMT_LEN]);

/* Without the unit's name for counts ("1,234"); times keep theirs. */
const char *valfmt_short(uint64_t v, const char *unit,
			 char buf[VALFMT_LEN]);

/* A signed difference, always with its sign: "+1,234", "-12.3 ms". */
const char *valfmt_delta(int64_t v, const char *unit, char buf[VALFMT_LEN]);

/* 1234567 as "1,234,567", as flamegraph.pl writes counts. */
const char *valfmt_commas(uint64_t v, char buf[VALFMT_LEN]);

static inline bool valfmt_is_time(const char *unit)
{
	return unit && !strcmp(unit, PROFILE_UNIT_NS);
}

#endif
