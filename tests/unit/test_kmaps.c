// SPDX-License-Identifier: GPL-2.0
/*
 * user/collect/kmaps.c, the MAPS table in device.c and mapsnap_add_kernel(): the
 * module's own mapping records stand in for processes /proc lost, and
 * only while the file is still the one that was mapped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "buildid.h"
#include "device.h"
#include "kmaps.h"
#include "mapsnap.h"
#include "unit.h"

#define GONE_PID	0x3ffffff0u	/* no such process */

/* A record as the module lays it out: header, path, NUL padding to 8. */
static size_t make_rec(void *out, uint32_t tgid, uint64_t start, uint64_t end,
		       uint64_t pgoff, const char *path, dev_t dev, ino_t ino)
{
	struct fgprof_map_rec *r = out;
	size_t len = (sizeof(*r) + strlen(path) + 1 + 7) & ~(size_t)7;

	memset(r, 0, len);
	r->tgid = tgid;
	r->len = len;
	r->start = start;
	r->end = end;
	r->pgoff = pgoff;
	r->inode = ino;
	r->dev_major = major(dev);
	r->dev_minor = minor(dev);
	memcpy(r->path, path, strlen(path));
	return len;
}

static const char *self_exe(void)
{
	static char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	return exe;
}

static void records_decode_and_bad_ones_are_refused(void)
{
	uint64_t buf[64];
	struct fgprof_map_rec *r = (void *)buf;
	struct procmap m;
	uint32_t pid = 0;
	size_t len;

	CHECK(sizeof(struct fgprof_map_rec) == 72);
	len = make_rec(buf, 42, 0x1000, 0x3000, 0x2000, "/usr/bin/x y",
		       makedev(8, 1), 77);
	CHECK(len == 88 && len % 8 == 0);
	r->size = 12345;
	r->mtime_sec = 1700000000;
	r->mtime_nsec = 999999999;
	CHECK(kmaps_decode(buf, len, &pid, &m));
	CHECK(m.size == 12345 && m.mtime_sec == 1700000000 &&
	      m.mtime_nsec == 999999999);
	CHECK(pid == 42 && m.start == 0x1000 && m.end == 0x3000);
	CHECK(m.offset == 0x2000 && m.inode == 77 && m.exec);
	CHECK(m.dev_major == 8 && m.dev_minor == 1);
	CHECK_STR(m.path, "/usr/bin/x y");
	CHECK(!kmaps_decode(buf, len - 8, &pid, &m));	/* len disagrees */
	CHECK(!kmaps_decode(buf, 40, &pid, &m));	/* shorter than a header */

	len = make_rec(buf, 1, 0x1000, 0x2000, 0, "[vdso]", 0, 0);
	CHECK(kmaps_decode(buf, len, &pid, &m));
	CHECK_STR(m.path, "[vdso]");
	len = make_rec(buf, 1, 0x1000, 0x2000, 0, "[heap]", 0, 0);
	CHECK(!kmaps_decode(buf, len, &pid, &m));	/* not a file */
	len = make_rec(buf, 1, 0x1000, 0x2000, 0, "rel/path", 0, 0);
	CHECK(!kmaps_decode(buf, len, &pid, &m));
	len = make_rec(buf, 1, 0x2000, 0x2000, 0, "/x", 0, 0);
	CHECK(!kmaps_decode(buf, len, &pid, &m));	/* empty range */
	len = make_rec(buf, 1, 0x1000, 0x2000, 0, "/abcdefghijklmno", 0, 0);
	memset(r->path, 'a', len - sizeof(*r));	/* no NUL inside */
	CHECK(!kmaps_decode(buf, len, &pid, &m));
}

static void the_same_file_is_trusted_and_a_replaced_one_is_not(void)
{
	struct procmap m = { .path = self_exe() };
	struct stat st;

	CHECK(stat(m.path, &st) == 0);
	m.dev_major = major(st.st_dev);
	m.dev_minor = minor(st.st_dev);
	m.inode = st.st_ino;
	CHECK(kmaps_same_file(&m));
	m.inode++;
	CHECK(!kmaps_same_file(&m));
	m.inode--;
	m.dev_minor++;
	CHECK(!kmaps_same_file(&m));
	m.path = "/nonexistent/lib.so";
	CHECK(!kmaps_same_file(&m));
	m.path = "[vdso]";
	CHECK(kmaps_same_file(&m));
}

/*
 * On overlayfs the module names the layer's file, whose device stat() of
 * the overlay path does not show: the same size and mtime are the same
 * file; either one different is not.
 */
static void an_overlay_layer_file_is_known_by_size_and_mtime(void)
{
	struct procmap m = { .path = self_exe() };
	struct stat st;

	CHECK(stat(m.path, &st) == 0);
	m.dev_major = major(st.st_dev) + 1;	/* the layer's device */
	m.dev_minor = minor(st.st_dev);
	m.inode = st.st_ino;
	CHECK(!kmaps_same_file(&m));		/* no size or mtime: unknown */
	m.size = st.st_size;
	m.mtime_sec = st.st_mtim.tv_sec;
	m.mtime_nsec = st.st_mtim.tv_nsec;
	CHECK(kmaps_same_file(&m));
	m.mtime_nsec ^= 1;
	CHECK(!kmaps_same_file(&m));		/* rewritten since */
	m.mtime_nsec ^= 1;
	m.size++;
	CHECK(!kmaps_same_file(&m));
}

/* The module's READ of the MAPS table: a byte cursor, whole records. */
struct fake_maps {
	uint64_t bytes[512];
	uint32_t used;
	unsigned int calls;
};

static int fake_maps_read(int fd, struct fgprof_read *req, void *priv)
{
	struct fake_maps *f = priv;
	uint32_t pos = req->cursor;

	(void)fd;
	f->calls++;
	if (req->table != FGPROF_TABLE_MAPS || req->cpu)
		return -EINVAL;
	req->nr_records = 0;
	req->bytes = 0;
	while (pos < f->used) {
		const struct fgprof_map_rec *r =
			(const void *)((const char *)f->bytes + pos);

		if (r->len > req->buf_len - req->bytes)
			break;
		memcpy((char *)(uintptr_t)req->buf + req->bytes, r, r->len);
		req->bytes += r->len;
		req->nr_records++;
		pos += r->len;
	}
	if (!req->nr_records && pos < f->used)
		return -ENOSPC;
	req->cursor = pos < f->used ? pos : FGPROF_CURSOR_END;
	return 0;
}

struct seen_recs {
	unsigned int n;
	uint32_t pids[16];
};

static int note_rec(void *ctx, unsigned int cpu, const void *rec, size_t len)
{
	struct seen_recs *s = ctx;
	struct procmap m;
	uint32_t pid;

	(void)cpu;
	if (!kmaps_decode(rec, len, &pid, &m))
		return -EPROTO;
	if (s->n < 16)
		s->pids[s->n] = pid;
	s->n++;
	return 0;
}

static void the_table_is_read_whole_records_at_a_time(void)
{
	static struct fake_maps f;
	struct device_reader rd;
	struct seen_recs got = { 0 };
	char path[300];
	size_t first = 0;
	unsigned int i;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < 10; i++) {
		size_t len;

		/* Long paths: one record fills the reader's buffer. */
		snprintf(path, sizeof(path), "/lib/%0250u.so", i);
		len = make_rec((char *)f.bytes + f.used, 100 + i,
			       0x1000, 0x2000, 0, path, 0, 1);
		first = first ?: len;
		f.used += len;
	}
	device_reader_init(&rd, -1);
	rd.read = fake_maps_read;
	rd.priv = &f;
	rd.len = 512;	/* room for one record a call */
	CHECK(device_read_table(&rd, FGPROF_TABLE_MAPS, 0, note_rec, &got) == 10);
	CHECK(got.n == 10 && got.pids[0] == 100 && got.pids[9] == 109);
	CHECK(f.calls >= 10);

	/* A record whose path runs to its end unterminated: a protocol error. */
	((char *)f.bytes)[first - 1] = 'x';
	got.n = 0;
	CHECK(device_read_table(&rd, FGPROF_TABLE_MAPS, 0, note_rec, &got) == -EPROTO);
	device_reader_free(&rd);
}

static void records_stand_in_only_for_processes_proc_lost(void)
{
	struct profile *p = profile_new();
	char hex[BUILDID_HEX_LEN];
	uint32_t me = getpid();
	struct procmap m = { 0 };
	struct mapsnap s;
	struct stat st;
	size_t nr, i;
	bool found = false;

	CHECK(stat(self_exe(), &st) == 0);
	CHECK(mapsnap_init(&s, p) == 0);
	CHECK(mapsnap_take(&s, me) == 0);		/* alive: /proc */
	CHECK(mapsnap_take(&s, GONE_PID) == 0);		/* gone first */
	CHECK(s.gone == 1 && mapsnap_uncovered(&s) == 1);
	nr = p->nr_maps;

	m.start = 0x7f0000000000;
	m.end = 0x7f0000010000;
	m.offset = 0x1000;
	m.dev_major = major(st.st_dev);
	m.dev_minor = minor(st.st_dev);
	m.inode = st.st_ino;
	m.exec = true;
	m.path = self_exe();
	/* A live process keeps /proc as its source. */
	CHECK(mapsnap_add_kernel(&s, me, &m) == 0);
	/* A pid never looked at is not ours to fill either. */
	CHECK(mapsnap_add_kernel(&s, 12345678, &m) == 0);
	CHECK(p->nr_maps == nr);

	/* A replaced file is skipped and counted. */
	m.inode++;
	CHECK(mapsnap_add_kernel(&s, GONE_PID, &m) == 0);
	CHECK(s.stale == 1 && p->nr_maps == nr);
	m.inode--;
	CHECK(mapsnap_add_kernel(&s, GONE_PID, &m) == 1);
	CHECK(mapsnap_add_kernel(&s, GONE_PID, &m) == 1);	/* no duplicate */
	CHECK(p->nr_maps == nr + 1);
	CHECK(s.covered == 1 && mapsnap_uncovered(&s) == 0);
	CHECK(buildid_read(self_exe(), hex, sizeof(hex)) > 0);
	for (i = 0; i < p->nr_maps; i++) {
		const struct profile_map *pm = &p->maps[i];

		if (pm->pid != GONE_PID)
			continue;
		found = pm->start == m.start && pm->end == m.end &&
			pm->offset == 0x1000 && !strcmp(pm->path, self_exe()) &&
			pm->build_id && !strcmp(pm->build_id, hex);
	}
	CHECK(found);
	mapsnap_free(&s);
	profile_free(p);
}

/*
 * Read while it lived (e.g. the shell's child before its exec), gone at
 * the last look: /proc's maps may be the old image's, the module's
 * records are added beside them.
 */
static void a_process_gone_after_its_read_gets_the_records_too(void)
{
	char dir[] = "/tmp/fgprof-kmaps-XXXXXX", path[256];
	struct profile *p = profile_new();
	struct procmap m = { 0 };
	struct mapsnap s;
	struct stat st;
	size_t nr;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/77", dir);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/77/maps", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fprintf(f, "1000-2000 r-xp 00000000 00:00 5 /bin/sh-before-exec\n");
		fclose(f);
	}
	CHECK(mapsnap_init(&s, p) == 0);
	s.proc = dir;
	CHECK(mapsnap_take(&s, 77) == 0);
	nr = p->nr_maps;
	CHECK(nr == 1);
	CHECK(unlink(path) == 0);
	CHECK(mapsnap_retake_all(&s) == 0);	/* gone now, not at first */
	CHECK(s.gone == 0 && mapsnap_uncovered(&s) == 0);

	CHECK(stat(self_exe(), &st) == 0);
	m.start = 0x5000;
	m.end = 0x6000;
	m.dev_major = major(st.st_dev);
	m.dev_minor = minor(st.st_dev);
	m.inode = st.st_ino;
	m.exec = true;
	m.path = self_exe();
	CHECK(mapsnap_add_kernel(&s, 77, &m) == 1);
	CHECK(p->nr_maps == nr + 1 && s.covered == 1);
	CHECK(mapsnap_uncovered(&s) == 0);
	mapsnap_free(&s);
	profile_free(p);
	snprintf(path, sizeof(path), "%s/77", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	RUN(records_decode_and_bad_ones_are_refused);
	RUN(the_same_file_is_trusted_and_a_replaced_one_is_not);
	RUN(an_overlay_layer_file_is_known_by_size_and_mtime);
	RUN(the_table_is_read_whole_records_at_a_time);
	RUN(records_stand_in_only_for_processes_proc_lost);
	RUN(a_process_gone_after_its_read_gets_the_records_too);
	return UNIT_EXIT();
}
