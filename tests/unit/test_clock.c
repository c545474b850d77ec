// SPDX-License-Identifier: GPL-2.0
/*
 * user/collect/clock.c: the realtime/monotonic pair is of one instant, so
 * interval files stamped with it tile wall-clock time.
 */
#include <stdint.h>

#include "clock.h"
#include "unit.h"

/* The pair's monotonic time falls between reads taken around the call. */
static void pair_is_inside_the_call(void)
{
	for (int i = 0; i < 1000; i++) {
		uint64_t before = clock_ns(CLOCK_MONOTONIC), real = 0, mono = 0;
		uint64_t width = clock_pair(&real, &mono);
		uint64_t after = clock_ns(CLOCK_MONOTONIC);

		CHECK(mono >= before && mono <= after);
		CHECK(width <= after - before);
		CHECK(real > 0);
	}
}

/*
 * Pairs a few milliseconds apart give the same realtime-monotonic offset
 * to within their brackets' widths (plus a little for the clocks' own
 * steps): two plain reads across a preemption would not.
 */
static void pairs_agree_on_the_offset(void)
{
	struct timespec ms = { 0, 3000000 };
	uint64_t r0, m0, r1, m1, w0, w1;
	int64_t drift;

	w0 = clock_pair(&r0, &m0);
	nanosleep(&ms, NULL);
	w1 = clock_pair(&r1, &m1);
	drift = (int64_t)((r1 - r0) - (m1 - m0));
	if (drift < 0)
		drift = -drift;
	CHECK((uint64_t)drift <= w0 + w1 + 10000);
}

int main(void)
{
	RUN(pair_is_inside_the_call);
	RUN(pairs_agree_on_the_offset);
	return UNIT_EXIT();
}
