// SPDX-License-Identifier: GPL-2.0
/* The clocks record and top stamp time with. */
#include <stdint.h>
#include <time.h>

#include "clock.h"

uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

uint64_t clock_pair(uint64_t *real, uint64_t *mono)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < CLOCK_PAIR_TRIES && best > CLOCK_PAIR_GOOD_NS; i++) {
		uint64_t a = clock_ns(CLOCK_MONOTONIC);
		uint64_t r = clock_ns(CLOCK_REALTIME);
		uint64_t b = clock_ns(CLOCK_MONOTONIC);

		if (b - a < best) {
			best = b - a;
			*real = r;
			*mono = a + (b - a) / 2;
		}
	}
	return best;
}
