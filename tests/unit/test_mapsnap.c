// SPDX-License-Identifier: GPL-2.0
/* user/collect/procmaps.c, buildid.c, mapsnap.c: reading processes' mappings. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "buildid.h"
#include "mapsnap.h"
#include "procmaps.h"
#include "unit.h"

static void maps_lines_parse(void)
{
	char l1[] = "55d0c0a02000-55d0c0a21000 r-xp 00002000 fd:01 1048602                    /usr/bin/my app\n";
	char l2[] = "7f00121b0000-7f00121b1000 rw-p 00000000 00:00 0 \n";
	char l3[] = "7f00121a0000-7f00121a1000 r-xp 0001f000 103:02 99 /tmp/libgone.so (deleted)";
	char bad1[] = "55d0c0a02000 r-xp 00002000 fd:01 1 /x\n";
	char bad2[] = "2000-1000 r-xp 0 fd:01 1 /x\n";
	struct procmap m;

	CHECK(procmaps_parse_line(l1, &m));
	CHECK(m.start == 0x55d0c0a02000 && m.end == 0x55d0c0a21000);
	CHECK(m.offset == 0x2000 && m.exec);
	CHECK(m.dev_major == 0xfd && m.dev_minor == 1 && m.inode == 1048602);
	CHECK_STR(m.path, "/usr/bin/my app");
	CHECK(procmaps_parse_line(l2, &m));
	CHECK(!m.exec && m.inode == 0);
	CHECK_STR(m.path, "");
	CHECK(procmaps_parse_line(l3, &m));
	CHECK(m.dev_major == 0x103 && m.dev_minor == 2 && m.offset == 0x1f000);
	CHECK_STR(m.path, "/tmp/libgone.so (deleted)");
	CHECK(!procmaps_parse_line(bad1, &m));
	CHECK(!procmaps_parse_line(bad2, &m));
}

struct got {
	unsigned int n;
	char paths[16][128];
	uint64_t offsets[16];
};

static int keep(void *ctx, const struct procmap *m)
{
	struct got *g = ctx;

	if (g->n < 16) {
		snprintf(g->paths[g->n], sizeof(g->paths[0]), "%s", m->path);
		g->offsets[g->n] = m->offset;
	}
	g->n++;
	return 0;
}

static void only_executable_file_and_vdso_mappings_are_kept(void)
{
	struct got g = { 0 };

	CHECK(procmaps_read(unit_data("maps"), keep, &g) == 0);
	CHECK(g.n == 4);
	CHECK_STR(g.paths[0], "/usr/bin/my app");
	CHECK(g.offsets[0] == 0x2000);
	CHECK_STR(g.paths[1], "/usr/lib/x86_64-linux-gnu/libc.so.6");
	CHECK_STR(g.paths[2], "/tmp/libgone.so (deleted)");
	CHECK_STR(g.paths[3], "[vdso]");
	CHECK(procmaps_read("/nonexistent/maps", keep, &g) == -ENOENT);
}

static void build_id_of_this_binary(void)
{
	char hex[BUILDID_HEX_LEN], again[BUILDID_HEX_LEN];
	int n = buildid_read("/proc/self/exe", hex, sizeof(hex));

	/* Debian's toolchain always links one in. */
	CHECK(n >= 16);
	CHECK(n > 0 && strlen(hex) == (size_t)n * 2);
	CHECK(n > 0 && strspn(hex, "0123456789abcdef") == strlen(hex));
	CHECK(buildid_read("/proc/self/exe", again, sizeof(again)) == n);
	CHECK_STR(hex, again);
	CHECK(buildid_read(unit_data("kallsyms"), hex, sizeof(hex)) == -ENOEXEC);
	CHECK(buildid_read("/nonexistent", hex, sizeof(hex)) == -ENOENT);
	CHECK(buildid_read("/proc/self/exe", hex, 8) == 0);	/* no room */
}

static const struct profile_map *exe_map(const struct profile *p,
					 uint32_t pid)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	if (n < 0)
		return NULL;
	exe[n] = '\0';
	for (i = 0; i < p->nr_maps; i++)
		if (p->maps[i].pid == pid && !strcmp(p->maps[i].path, exe))
			return &p->maps[i];
	return NULL;
}

static void snapshot_of_this_process(void)
{
	struct profile *p = profile_new();
	const struct profile_map *m;
	char hex[BUILDID_HEX_LEN];
	struct mapsnap s;
	uint32_t me = getpid();
	size_t nr;

	CHECK(mapsnap_init(&s, p) == 0);
	CHECK(!mapsnap_seen(&s, me));
	CHECK(mapsnap_take(&s, me) == 0);
	CHECK(mapsnap_seen(&s, me));
	m = exe_map(p, me);
	CHECK(m != NULL);
	CHECK(buildid_read("/proc/self/exe", hex, sizeof(hex)) > 0);
	CHECK(m && m->build_id && !strcmp(m->build_id, hex));
	CHECK(m && m->start <= (uintptr_t)snapshot_of_this_process &&
	      (uintptr_t)snapshot_of_this_process < m->end);
	/* Read again: nothing new, nothing twice. */
	nr = p->nr_maps;
	CHECK(mapsnap_retake_all(&s) == 0);
	CHECK(p->nr_maps == nr);
	CHECK(s.nr_bids >= 2);		/* this binary and libc, at least */
	CHECK(s.gone == 0);

	/* A pid that does not exist: counted once, never an error. */
	CHECK(mapsnap_take(&s, 0x3ffffff0) == 0);
	CHECK(mapsnap_take(&s, 0x3ffffff0) == 0);
	CHECK(s.gone == 1);
	CHECK(mapsnap_take(&s, 0) == 0);	/* the idle task */
	CHECK(!mapsnap_seen(&s, 0));
	mapsnap_free(&s);
	profile_free(p);
}

int main(void)
{
	RUN(maps_lines_parse);
	RUN(only_executable_file_and_vdso_mappings_are_kept);
	RUN(build_id_of_this_binary);
	RUN(snapshot_of_this_process);
	return UNIT_EXIT();
}
