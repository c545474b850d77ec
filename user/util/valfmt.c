// SPDX-License-Identifier: GPL-2.0
/* Values of a profile's unit, written the one way every output uses. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "valfmt.h"

const char *valfmt_commas(uint64_t v, char buf[VALFMT_LEN])
{
	char digits[24];
	int n = numfmt_u64(digits, v) - digits, i, o = 0;

	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/*
 * Three significant digits are what a reader compares; the unit steps so
 * the number stays between 1 and 1000.
 */
static const char *time_fmt(uint64_t ns, char buf[VALFMT_LEN])
{
	static const struct {
		double div;
		const char *name;
	} steps[] = { { 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" } };
	size_t i;
	double v;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (ns < steps[i].div)
			continue;
		v = ns / steps[i].div;
		snprintf(buf, VALFMT_LEN, v >= 100 ? "%.0f %s" : v >= 10 ?
			 "%.1f %s" : "%.2f %s", v, steps[i].name);
		return buf;
	}
	snprintf(buf, VALFMT_LEN, "%" PRIu64 " ns", ns);
	return buf;
}

const char *valfmt(uint64_t v, const char *unit, char buf[VALFMT_LEN])
{
	const char *name = unit && unit[0] ? unit : PROFILE_UNIT_SAMPLES;
	size_t n, len;

	if (valfmt_is_time(unit))
		return time_fmt(v, buf);
	/* "%s %.20s", by hand: a flame graph asks this for every frame. */
	n = strlen(valfmt_commas(v, buf));
	len = strnlen(name, 20);
	buf[n++] = ' ';
	memcpy(buf + n, name, len);
	buf[n + len] = '\0';
	return buf;
}

const char *valfmt_short(uint64_t v, const char *unit, char buf[VALFMT_LEN])
{
	if (valfmt_is_time(unit))
		return time_fmt(v, buf);
	return valfmt_commas(v, buf);
}

const char *valfmt_delta(int64_t v, const char *unit, char buf[VALFMT_LEN])
{
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	char num[VALFMT_LEN];

	snprintf(buf, VALFMT_LEN, "%c%s", v < 0 ? '-' : '+',
		 valfmt_short(mag, unit, num));
	return buf;
}
