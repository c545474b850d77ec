// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "buildid.h"
#include "kmaps.h"
#include "mapsnap.h"
#include "procmaps.h"

int mapsnap_init(struct mapsnap *s, struct profile *p)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->proc = "/proc";
	return 0;
}

void mapsnap_free(struct mapsnap *s)
{
	size_t i;

	for (i = 0; i < s->nr_bids; i++)
		free(s->bids[i].build_id);
	free(s->bids);
	free(s->seen);
	free(s->gone_pids);
	htab_free(&s->bid_index);
	htab_free(&s->seen_index);
	htab_free(&s->gone_index);
	memset(s, 0, sizeof(*s));
}

static bool pid_eq(const void *ctx, uint32_t idx, const void *key)
{
	return ((const struct mapsnap *)ctx)->seen[idx] == *(const uint32_t *)key;
}

static uint32_t pid_hash(uint32_t pid)
{
	return hash_bytes(&pid, sizeof(pid), 0);
}

bool mapsnap_seen(const struct mapsnap *s, uint32_t pid)
{
	return htab_find(&s->seen_index, pid_hash(pid), pid_eq, s, &pid) >= 0;
}

static int mark_seen(struct mapsnap *s, uint32_t pid)
{
	if (s->nr_seen == s->cap_seen) {
		size_t cap = s->cap_seen ? s->cap_seen * 2 : 64;
		uint32_t *n = realloc(s->seen, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->seen = n;
		s->cap_seen = cap;
	}
	if (htab_insert(&s->seen_index, pid_hash(pid), s->nr_seen))
		return -ENOMEM;
	s->seen[s->nr_seen++] = pid;
	return 0;
}

struct file_id {
	uint64_t dev;
	uint64_t inode;
};

static bool bid_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct bid_entry *e = &((const struct mapsnap *)ctx)->bids[idx];
	const struct file_id *k = key;

	return e->dev == k->dev && e->inode == k->inode;
}

/*
 * The mapped file itself when we may (map_files), else the path as the
 * process sees it (own: below its root) through its root, else those
 * paths from ours.
 */
static int open_mapped(const struct mapsnap *s, uint32_t pid,
		       const struct procmap *m, const char *own)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%u/map_files/%" PRIx64 "-%" PRIx64,
		 s->proc, pid, m->start, m->end);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	snprintf(path, sizeof(path), "%s/%u/root%s", s->proc, pid, own);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	fd = open(own, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 || own == m->path)
		return fd;
	return open(m->path, O_RDONLY | O_CLOEXEC);
}

/*
 * The file's build-id, read the first time the file is opened. A file
 * we could not open (its process exited between the read of its maps
 * and ours of the file) is not remembered: the next mapping of it, by
 * this process's record from the module or by another process, tries
 * again, so that one lost race does not leave every later mapping of
 * the file without a build-id (and so unnamed at report time).
 */
static int lookup_build_id(struct mapsnap *s, uint32_t pid,
			   const struct procmap *m, const char *own,
			   const char **out)
{
	struct file_id k = { makedev(m->dev_major, m->dev_minor), m->inode };
	uint32_t h = hash_bytes(&k, sizeof(k), 0);
	char hex[BUILDID_HEX_LEN];
	struct bid_entry *e;
	long found;
	int fd;

	*out = NULL;
	if (!m->inode)
		return 0;
	found = htab_find(&s->bid_index, h, bid_eq, s, &k);
	if (found >= 0) {
		*out = s->bids[found].build_id;
		return 0;
	}
	fd = open_mapped(s, pid, m, own);
	if (fd < 0)
		return 0;
	if (s->nr_bids == s->cap_bids) {
		size_t cap = s->cap_bids ? s->cap_bids * 2 : 64;
		struct bid_entry *n = realloc(s->bids, cap * sizeof(*n));

		if (!n) {
			close(fd);
			return -ENOMEM;
		}
		s->bids = n;
		s->cap_bids = cap;
	}
	e = &s->bids[s->nr_bids];
	e->dev = k.dev;
	e->inode = k.inode;
	e->build_id = NULL;
	if (buildid_read_fd(fd, hex, sizeof(hex)) > 0)
		e->build_id = strdup(hex);
	close(fd);
	if (htab_insert(&s->bid_index, h, s->nr_bids)) {
		free(e->build_id);
		return -ENOMEM;
	}
	s->nr_bids++;
	*out = e->build_id;
	return 0;
}

static bool gone_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct mapsnap *s = ctx;

	return s->gone_pids[idx].pid == *(const uint32_t *)key;
}

static long find_gone(const struct mapsnap *s, uint32_t pid)
{
	return htab_find(&s->gone_index, pid_hash(pid), gone_eq, s, &pid);
}

/* A pid a read found gone: the module's records may stand in. */
static int mark_gone(struct mapsnap *s, uint32_t pid, bool first)
{
	if (first)
		s->gone++;
	if (find_gone(s, pid) >= 0)
		return 0;
	if (s->nr_gone == s->cap_gone) {
		size_t cap = s->cap_gone ? s->cap_gone * 2 : 64;
		struct gone_pid *n = realloc(s->gone_pids, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->gone_pids = n;
		s->cap_gone = cap;
	}
	if (htab_insert(&s->gone_index, pid_hash(pid), s->nr_gone))
		return -ENOMEM;
	s->gone_pids[s->nr_gone].pid = pid;
	s->gone_pids[s->nr_gone].first = first;
	s->gone_pids[s->nr_gone].covered = false;
	s->nr_gone++;
	return 0;
}

struct take_ctx {
	struct mapsnap *s;
	uint32_t pid;
	char root[4096];	/* the process's root as we see it; "" if ours */
	unsigned int added;	/* mappings this read gave */
};

/*
 * A process in a mount namespace of its own (a container) shows in
 * /proc/PID/maps the paths from that namespace's root, with its own root
 * (chroot, or a container's root mounted there) as a prefix we may not
 * reach. Below that root, the path is the one the process itself sees,
 * as the module's in-process capture records it: keep that one where it
 * names the same file from our root (the same ids, or on an overlay the
 * same size and mtime).
 */
static const char *own_path(const struct take_ctx *t, const struct procmap *m)
{
	size_t n = strlen(t->root);
	char mapped[128];
	struct stat want, got;

	if (!n || strncmp(m->path, t->root, n) || m->path[n] != '/')
		return m->path;
	snprintf(mapped, sizeof(mapped), "%s/%u/map_files/%" PRIx64 "-%" PRIx64,
		 t->s->proc, t->pid, m->start, m->end);
	if (stat(mapped, &want) || stat(m->path + n, &got))
		return m->path;
	if ((want.st_dev == got.st_dev && want.st_ino == got.st_ino) ||
	    (want.st_size == got.st_size &&
	     want.st_mtim.tv_sec == got.st_mtim.tv_sec &&
	     want.st_mtim.tv_nsec == got.st_mtim.tv_nsec))
		return m->path + n;
	return m->path;
}

static int add_mapping(void *ctx, const struct procmap *m)
{
	struct take_ctx *t = ctx;
	struct profile_map pm = {
		.pid = t->pid,
		.start = m->start,
		.end = m->end,
		.offset = m->offset,
		.path = (char *)own_path(t, m),
	};
	const char *bid;
	int err;

	err = lookup_build_id(t->s, t->pid, m, pm.path, &bid);
	if (err)
		return err;
	pm.build_id = (char *)bid;
	t->added++;
	return profile_add_map(t->s->p, &pm);
}

/*
 * A kernel thread (PF_KTHREAD in /proc/PID/stat's flags): no mappings,
 * ever. False for a process whose maps read empty because it is exiting
 * (its address space already released), and for one that is gone.
 */
static bool kernel_thread(const struct mapsnap *s, uint32_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long flags;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%u/stat", s->proc, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* After the comm's ")": state ppid pgrp session tty tpgid flags. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return false;
	return flags & 0x00200000;	/* PF_KTHREAD */
}

static int take(struct mapsnap *s, uint32_t pid, bool first)
{
	struct take_ctx t = { .s = s, .pid = pid };
	char path[64];
	ssize_t n;
	int err;

	snprintf(path, sizeof(path), "%s/%u/root", s->proc, pid);
	n = readlink(path, t.root, sizeof(t.root) - 1);
	t.root[n > 1 ? n : 0] = '\0';	/* "/": the paths are ours already */
	snprintf(path, sizeof(path), "%s/%u/maps", s->proc, pid);
	err = procmaps_read(path, add_mapping, &t);
	if (err == -ENOMEM)
		return err;
	/*
	 * Gone, or exiting (its maps read empty once the address space is
	 * released, yet it was sampled with user frames): the module's
	 * in-process records stand in. Keep going; count the first miss.
	 */
	if (err || (!t.added && !kernel_thread(s, pid)))
		return mark_gone(s, pid, first);
	return 0;
}

int mapsnap_take(struct mapsnap *s, uint32_t pid)
{
	bool first = !mapsnap_seen(s, pid);
	int err;

	if (!pid)
		return 0;	/* the idle task has no /proc entry */
	if (first) {
		err = mark_seen(s, pid);
		if (err)
			return err;
	}
	return take(s, pid, first);
}

int mapsnap_retake_all(struct mapsnap *s)
{
	size_t i;
	int err;

	for (i = 0; i < s->nr_seen; i++) {
		err = take(s, s->seen[i], false);
		if (err)
			return err;
	}
	return 0;
}

int mapsnap_add_kernel(struct mapsnap *s, uint32_t pid,
		       const struct procmap *m)
{
	struct take_ctx t = { .s = s, .pid = pid };
	long i = find_gone(s, pid);
	int err;

	if (i < 0)
		return 0;
	if (!kmaps_same_file(m)) {
		s->stale++;
		return 0;
	}
	err = add_mapping(&t, m);
	if (err)
		return err;
	if (!s->gone_pids[i].covered) {
		s->gone_pids[i].covered = true;
		s->covered++;
		s->first_covered += s->gone_pids[i].first;
	}
	return 1;
}

unsigned long mapsnap_uncovered(const struct mapsnap *s)
{
	return s->gone - s->first_covered;
}
