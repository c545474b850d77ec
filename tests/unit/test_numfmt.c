// SPDX-License-Identifier: GPL-2.0
/*
 * user/util/numfmt.c and valfmt.c's counts: byte for byte what printf writes,
 * since flame graphs made before and after must not differ.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "numfmt.h"
#include "unit.h"
#include "valfmt.h"

static uint64_t rnd(void)
{
	static uint64_t x = 88172645463325252ull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* numfmt_fixed's text against fprintf's; a few first misses named. */
static int fixed_differs(double v, int decimals)
{
	static int told;
	char *mine = NULL, want[400];
	size_t len;
	FILE *f = open_memstream(&mine, &len);
	int differs;

	numfmt_fixed(f, v, decimals);
	fclose(f);
	snprintf(want, sizeof(want), "%.*f", decimals, v);
	differs = strcmp(mine, want) != 0;
	if (differs && told++ < 5)
		fprintf(stderr, "%.17g, %d decimals: '%s', printf '%s'\n", v,
			decimals, mine, want);
	free(mine);
	return differs;
}

static void fixed_rounds_as_printf(void)
{
	/* Ties (exact in binary), near-ties, the edges of the fast path. */
	static const double edge[] = {
		0, -0.0, 0.5, 1.5, 2.5, 0.25, 0.75, 0.125, 0.375, 0.05, 0.15,
		0.35, 0.45, 9.95, 99.95, 99.995, 0.0005, 0.0015, 0.0025,
		1e-300, 5e-324, 4503599627370496.5, 9007199254740991.0,
		9007199254740992.0, 1e20, -1.5, -0.04, 1199.95, 10.5,
		0.49999999999999994, 100, 1e300,
	};
	int d, bad = 0;
	size_t i;

	for (d = 0; d <= 3; d++)
		for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
			bad += fixed_differs(edge[i], d);
	bad += fixed_differs(INFINITY, 1) + fixed_differs(NAN, 1);
	for (i = 0; i < 300000; i++) {
		uint64_t r = rnd();
		double v;

		switch (i % 4) {
		case 0:		/* what a 1200 px graph places */
			v = 10 + (double)(r % 1000000) * (1180.0 / 1000000.0);
			break;
		case 1:		/* binary fractions: exact ties */
			v = (double)(r % (1ull << 40)) / (double)(1ull << (rnd() % 50));
			break;
		case 2:		/* shares, in % */
			v = 100.0 * (double)(r % 1000003) / 1000003.0;
			break;
		default:	/* any bits at all */
			memcpy(&v, &r, sizeof(v));
			break;
		}
		bad += fixed_differs(v, (int)(i % 4));
	}
	CHECK(bad == 0);
}

static void integers_as_printf(void)
{
	char mine[24], want[24];
	uint64_t v;
	int i, bad = 0;

	for (i = 0; i < 100000; i++) {
		v = i < 64 ? (i < 32 ? (uint64_t)i : UINT64_MAX - (i - 32)) :
		    rnd() >> (i % 64);
		snprintf(want, sizeof(want), "%" PRIu64, v);
		CHECK(numfmt_u64(mine, v) == mine + strlen(want));
		bad += strcmp(mine, want) != 0;
	}
	CHECK(bad == 0);
}

static void counts_keep_their_commas_and_unit(void)
{
	char buf[VALFMT_LEN];

	CHECK_STR(valfmt(0, "samples", buf), "0 samples");
	CHECK_STR(valfmt(999, NULL, buf), "999 samples");
	CHECK_STR(valfmt(1000, "", buf), "1,000 samples");
	CHECK_STR(valfmt(1234567, "bytes", buf), "1,234,567 bytes");
	CHECK_STR(valfmt(UINT64_MAX, "a-unit-name-of-26-letters", buf),
		  "18,446,744,073,709,551,615 a-unit-name-of-26-le");
	CHECK_STR(valfmt_commas(100000, buf), "100,000");
}

int main(void)
{
	RUN(fixed_rounds_as_printf);
	RUN(integers_as_printf);
	RUN(counts_keep_their_commas_and_unit);
	return UNIT_EXIT();
}
