/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Profiles built by hand whose user frames are this test binary's own
 * functions (self_inner called from self_outer), found through its own
 * maps, so the symbolizer names them as it would a real process's.
 */
#ifndef FGPROF_UNIT_SELFPROF_H
#define FGPROF_UNIT_SELFPROF_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "mapsnap.h"
#include "profile.h"
#include "unit.h"

static volatile int self_sink;

__attribute__((noinline)) int self_inner(int n)
{
	int i;

	for (i = 0; i < n; i++)
		self_sink += i ^ n;
	return self_sink;
}

__attribute__((noinline)) int self_outer(int n)
{
	int i;

	for (i = 0; i < n; i++)
		self_sink += self_inner(i) * 3;
	return self_sink + 1;
}

static inline uint32_t self_stack(struct profile *p, bool kernel,
				  bool truncated, const uint64_t *ips,
				  uint32_t nr)
{
	uint32_t id = 0;

	CHECK(profile_add_stack(p, kernel, truncated, ips, nr, &id) == 0);
	return id;
}

/* COUNT on-CPU samples of period 1 each. */
static inline void self_sample(struct profile *p, uint32_t pid, uint32_t tid,
			       const char *comm, uint32_t k, uint32_t u,
			       uint64_t count)
{
	struct profile_sample s = { .pid = pid, .tid = tid, .count = count,
				    .period = count, .kstack = k, .ustack = u };

	snprintf(s.comm, sizeof(s.comm), "%s", comm);
	CHECK(profile_add_sample(p, &s) == 0);
}

/* A new profile holding this process's maps. */
static inline struct profile *self_profile(void)
{
	struct profile *p = profile_new();
	struct mapsnap s;

	mapsnap_init(&s, p);
	CHECK(mapsnap_take(&s, getpid()) == 0);
	mapsnap_free(&s);
	return p;
}

#endif
