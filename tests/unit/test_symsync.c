// SPDX-License-Identifier: GPL-2.0
/*
 * symbolizer_sync_maps (user/symbols/symbolize.c), as fgprof top and record
 * --continuous use it: one symbolizer for a live session whose profile
 * gains maps as processes appear. A process added later is symbolized
 * after the sync, the ones known before still are, and the strings
 * handed out before stay the same (files and cache kept).
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "mapsnap.h"
#include "symbolize.h"
#include "unit.h"

static volatile int sink;

__attribute__((noinline)) int unit_synced_function(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i * n;
	return sink;
}

static void new_process_maps_after_sync(void)
{
	struct profile *p = profile_new();
	uintptr_t fn = (uintptr_t)unit_synced_function;
	uint32_t me = getpid(), other = getpid() + 100000;
	struct symbolizer *s;
	struct mapsnap snap;
	const char *before, *after;
	size_t i, n;
	bool ok = false;

	mapsnap_init(&snap, p);
	CHECK(mapsnap_take(&snap, me) == 0);
	mapsnap_free(&snap);
	s = symbolizer_new(p, NULL);
	CHECK(s != NULL);
	before = symbolize_user(s, me, fn, false, &ok);
	CHECK_STR(before, "unit_synced_function");
	CHECK(ok);
	CHECK_STR(symbolize_user(s, other, fn, false, &ok), "[unknown]");

	/* The same files mapped by another process, seen later. */
	n = p->nr_maps;
	for (i = 0; i < n; i++) {
		struct profile_map m = p->maps[i];

		m.pid = other;
		CHECK(profile_add_map(p, &m) == 0);
	}
	CHECK(symbolizer_sync_maps(s) == 0);
	after = symbolize_user(s, other, fn, false, &ok);
	CHECK_STR(after, "unit_synced_function");
	CHECK(ok);
	CHECK(after == before);		/* interned once: the cache was kept */
	CHECK(symbolize_user(s, me, fn, false, &ok) == before);
	/* Nothing new: a sync changes nothing. */
	CHECK(symbolizer_sync_maps(s) == 0);
	CHECK(symbolize_user(s, other, fn, false, &ok) == before);
	symbolizer_free(s);
	profile_free(p);
}

int main(void)
{
	RUN(new_process_maps_after_sync);
	return UNIT_EXIT();
}
