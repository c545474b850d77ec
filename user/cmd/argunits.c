// SPDX-License-Identifier: GPL-2.0
/* Times and sizes with units on the command line. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "argunits.h"

#define NSEC_PER_SEC	1000000000.0
#define MAX_TIME_NS	(366.0 * 24 * 3600 * NSEC_PER_SEC)

int argunits_time(const char *s, uint64_t *ns)
{
	static const struct {
		const char *suffix;
		double ns;
	} units[] = {
		{ "", NSEC_PER_SEC }, { "ns", 1 }, { "us", 1e3 },
		{ "ms", 1e6 }, { "s", NSEC_PER_SEC }, { "m", 60 * NSEC_PER_SEC },
		{ "h", 3600 * NSEC_PER_SEC },
	};
	char *end;
	double v;
	size_t i;

	/* strtod would take "inf", "0x10" and leading blanks: digits only. */
	if (!s || !s[0] || !strchr("0123456789.", s[0]) || strpbrk(s, "xX"))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v))
		return -EINVAL;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].suffix))
			continue;
		v *= units[i].ns;
		if (v < 1 || v > MAX_TIME_NS)
			return -EINVAL;
		*ns = (uint64_t)v;
		return 0;
	}
	return -EINVAL;
}

int argunits_size(const char *s, uint64_t *bytes)
{
	static const char shifts[] = "kMGT";
	const char *p;
	uint64_t v;
	char *end;
	int shift = 0;

	if (!s || !s[0] || !strchr("0123456789", s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	if (*end) {
		p = strchr(shifts, *end == 'K' ? 'k' : *end);
		if (!p)
			return -EINVAL;
		shift = 10 * (int)(p - shifts + 1);
		end++;
		if (strcmp(end, "") && strcmp(end, "B") && strcmp(end, "iB"))
			return -EINVAL;
	}
	if (v > (UINT64_MAX >> shift))
		return -EINVAL;
	*bytes = v << shift;
	return 0;
}
