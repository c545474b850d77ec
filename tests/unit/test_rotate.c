// SPDX-License-Identifier: GPL-2.0
/*
 * user/cmd/rotate.c: interval file names (UTC, sortable, ours recognised and
 * nothing else), which of the oldest go under --keep and --max-bytes,
 * and pruning a real directory without touching other files.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rotate.h"
#include "unit.h"

/* 2026-01-02 03:04:05.678 UTC */
#define T0	(1767323045ull * 1000000000ull + 678000000ull)

static void names_are_utc_and_ours(void)
{
	char a[ROTATE_NAME_LEN], b[ROTATE_NAME_LEN];

	rotate_name(a, T0, false);
	CHECK_STR(a, "fgprof-20260102T030405Z.pb.gz");
	rotate_name(b, T0, true);
	CHECK_STR(b, "fgprof-20260102T030405.678Z.pb.gz");
	CHECK(rotate_is_ours(a));
	CHECK(rotate_is_ours(b));
	rotate_name(b, T0 + 1000000000ull, false);
	CHECK(strcmp(a, b) < 0);	/* later sorts after */
	CHECK(!rotate_is_ours("fgprof-20260102T030405Z.pb.gz.tmp"));
	CHECK(!rotate_is_ours(".fgprof-20260102T030405Z.pb.gz.tmp"));
	CHECK(!rotate_is_ours("fgprof-2026010xT030405Z.pb.gz"));
	CHECK(!rotate_is_ours("fgprof-20260102T030405.67Z.pb.gz"));
	CHECK(!rotate_is_ours("cpu.pb.gz"));
	CHECK(!rotate_is_ours("fgprof.data"));
}

static void excess_by_count_and_bytes(void)
{
	struct rotate_file f[5] = {
		{ "1", 100 }, { "2", 100 }, { "3", 100 }, { "4", 100 },
		{ "5", 100 },
	};

	CHECK(rotate_excess(f, 5, 0, 0) == 0);
	CHECK(rotate_excess(f, 5, 5, 0) == 0);
	CHECK(rotate_excess(f, 5, 3, 0) == 2);
	CHECK(rotate_excess(f, 5, 1, 0) == 4);
	CHECK(rotate_excess(f, 5, 0, 500) == 0);
	CHECK(rotate_excess(f, 5, 0, 499) == 1);
	CHECK(rotate_excess(f, 5, 0, 250) == 3);
	/* The newest stays even alone over the cap. */
	CHECK(rotate_excess(f, 5, 0, 50) == 4);
	/* Both limits: the stricter wins. */
	CHECK(rotate_excess(f, 5, 4, 250) == 3);
	CHECK(rotate_excess(f, 5, 2, 450) == 3);
	CHECK(rotate_excess(f, 0, 2, 10) == 0);
	f[3].size = 1000;	/* a big one in the middle cuts there */
	CHECK(rotate_excess(f, 5, 0, 1100) == 3);
}

static void touch(const char *dir, const char *name, size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	while (size--)
		fputc('x', f);
	fclose(f);
}

static bool exists(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !access(path, F_OK);
}

static void prune_deletes_the_oldest_of_ours_only(void)
{
	char dir[] = "/tmp/fgprof-rotate-XXXXXX";
	char name[ROTATE_NAME_LEN];
	int i;

	CHECK(mkdtemp(dir) != NULL);
	for (i = 0; i < 6; i++) {
		rotate_name(name, T0 + i * 60 * 1000000000ull, false);
		touch(dir, name, 10);
	}
	touch(dir, "fgprof.data", 5000);
	touch(dir, "notes.txt", 5000);
	touch(dir, ".fgprof-20200101T000000Z.pb.gz.tmp", 10);
	CHECK(rotate_prune(dir, 4, 0) == 2);
	rotate_name(name, T0, false);
	CHECK(!exists(dir, name));
	rotate_name(name, T0 + 60 * 1000000000ull, false);
	CHECK(!exists(dir, name));
	rotate_name(name, T0 + 2 * 60 * 1000000000ull, false);
	CHECK(exists(dir, name));
	CHECK(exists(dir, "fgprof.data") && exists(dir, "notes.txt"));
	CHECK(exists(dir, ".fgprof-20200101T000000Z.pb.gz.tmp"));
	/* 4 left of 10 bytes each: a 25-byte cap keeps the newest 2. */
	CHECK(rotate_prune(dir, 0, 25) == 2);
	rotate_name(name, T0 + 5 * 60 * 1000000000ull, false);
	CHECK(exists(dir, name));
	CHECK(rotate_prune(dir, 4, 0) == 0);
	CHECK(rotate_prune("/nonexistent/fgprof", 4, 0) < 0);
	CHECK(!system("rm -rf /tmp/fgprof-rotate-*"));
}

int main(void)
{
	RUN(names_are_utc_and_ours);
	RUN(excess_by_count_and_bytes);
	RUN(prune_deletes_the_oldest_of_ours_only);
	return UNIT_EXIT();
}
