// SPDX-License-Identifier: GPL-2.0
/* user/collect/procmaps.c, buildid.c, mapsnap.c: reading processes' mappings. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

/* PROC/PID/NAME holding text: a /proc entry of a made-up process. */
static void fake_proc_file(const char *proc, uint32_t pid, const char *name,
			   const char *text)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%u", proc, pid);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%u/%s", proc, pid, name);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

/* A fake /proc/PID/maps of one mapping of path with file's ids. */
static void fake_maps(const char *proc, uint32_t pid, const char *path,
		      const struct stat *st)
{
	char line[4300];

	snprintf(line, sizeof(line), "400000-401000 r-xp 00000000 %x:%02x %lu %s\n",
		 major(st->st_dev), minor(st->st_dev),
		 (unsigned long)st->st_ino, path);
	fake_proc_file(proc, pid, "maps", line);
}

/*
 * A process that exits between the read of its maps and the open of its
 * file: no build-id for that one, but the next process mapping the same
 * file (same ids) must get it; before, the miss was remembered for the
 * file and every later mapping of it went unnamed.
 */
static void a_file_not_opened_is_tried_again(void)
{
	char proc[] = "/tmp/test_mapsnap.XXXXXX", exe[4096], hex[64];
	struct profile *p = profile_new();
	struct mapsnap s;
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;
	int with = 0, without = 0;

	CHECK(n > 0 && mkdtemp(proc));
	exe[n > 0 ? n : 0] = '\0';
	CHECK(!stat(exe, &st) && buildid_read(exe, hex, sizeof(hex)) > 0);
	fake_maps(proc, 100, "/nonexistent/gone/exe", &st);
	fake_maps(proc, 200, exe, &st);
	CHECK(mapsnap_init(&s, p) == 0);
	s.proc = proc;
	CHECK(mapsnap_take(&s, 100) == 0);
	CHECK(mapsnap_take(&s, 200) == 0);
	for (i = 0; i < p->nr_maps; i++) {
		if (p->maps[i].pid == 100)
			without += !p->maps[i].build_id;
		if (p->maps[i].pid == 200)
			with += p->maps[i].build_id &&
				!strcmp(p->maps[i].build_id, hex);
	}
	CHECK(without == 1);
	CHECK(with == 1);
	mapsnap_free(&s);
	profile_free(p);
	snprintf(exe, sizeof(exe), "rm -rf %s", proc);
	CHECK(system(exe) == 0);
}

/* A fake /proc/PID/stat with the given flags and empty maps. */
static void fake_empty(const char *proc, uint32_t pid, unsigned long flags)
{
	char line[256];

	snprintf(line, sizeof(line), "%u (a) b) Z 1 %u %u 0 -1 %lu 0 0 0 0\n",
		 pid, pid, pid, flags);
	fake_proc_file(proc, pid, "maps", "");
	fake_proc_file(proc, pid, "stat", line);
}

/*
 * An exiting process reads empty maps (its address space is gone) and
 * succeeds: it is gone for us, so that the module's records of it stand
 * in. A kernel thread reads empty too, and is not.
 */
static void an_exiting_process_is_gone(void)
{
	char proc[] = "/tmp/test_mapsnap.XXXXXX", exe[4096];
	struct profile *p = profile_new();
	struct procmap m = { 0 };
	struct mapsnap s;
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	CHECK(n > 0 && mkdtemp(proc));
	exe[n > 0 ? n : 0] = '\0';
	CHECK(!stat(exe, &st));
	fake_empty(proc, 300, 0x00400100);		/* exiting */
	fake_empty(proc, 301, 0x00208040);		/* a kthread */
	CHECK(mapsnap_init(&s, p) == 0);
	s.proc = proc;
	CHECK(mapsnap_take(&s, 300) == 0);
	CHECK(mapsnap_take(&s, 301) == 0);
	CHECK(s.gone == 1);
	m.start = 0x400000;
	m.end = 0x401000;
	m.dev_major = major(st.st_dev);
	m.dev_minor = minor(st.st_dev);
	m.inode = st.st_ino;
	m.exec = true;
	m.path = exe;
	CHECK(mapsnap_add_kernel(&s, 300, &m) == 1);
	CHECK(mapsnap_add_kernel(&s, 301, &m) == 0);
	CHECK(p->nr_maps == 1 && p->maps[0].pid == 300 && p->maps[0].build_id);
	mapsnap_free(&s);
	profile_free(p);
	snprintf(exe, sizeof(exe), "rm -rf %s", proc);
	CHECK(system(exe) == 0);
}

int main(void)
{
	RUN(maps_lines_parse);
	RUN(only_executable_file_and_vdso_mappings_are_kept);
	RUN(build_id_of_this_binary);
	RUN(snapshot_of_this_process);
	RUN(a_file_not_opened_is_tried_again);
	RUN(an_exiting_process_is_gone);
	return UNIT_EXIT();
}
