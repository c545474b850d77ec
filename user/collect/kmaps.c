// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fgprof.h"
#include "kmaps.h"

bool kmaps_decode(const void *rec, size_t len, uint32_t *pid,
		  struct procmap *m)
{
	const struct fgprof_map_rec *r = rec;
	size_t room;

	if (len < sizeof(*r) + 1 || r->len != len)
		return false;
	room = len - sizeof(*r);
	/* The path ends inside the record, and is not empty. */
	if (!memchr(r->path, '\0', room) || !r->path[0] ||
	    r->start >= r->end)
		return false;
	memset(m, 0, sizeof(*m));
	m->start = r->start;
	m->end = r->end;
	m->offset = r->pgoff;
	m->dev_major = r->dev_major;
	m->dev_minor = r->dev_minor;
	m->inode = r->inode;
	m->size = r->size;
	m->mtime_sec = r->mtime_sec;
	m->mtime_nsec = r->mtime_nsec;
	m->exec = true;
	m->path = r->path;
	*pid = r->tgid;
	/* A file's absolute path, or the one special mapping kept. */
	return m->path[0] == '/' || !strcmp(m->path, "[vdso]");
}

bool kmaps_same_file(const struct procmap *m)
{
	struct stat st;

	if (m->path[0] != '/')
		return true;
	if (stat(m->path, &st))
		return false;
	if (st.st_dev == makedev(m->dev_major, m->dev_minor) &&
	    st.st_ino == m->inode)
		return true;
	/*
	 * The module names the layer's file of an overlay (a container's
	 * root), whose st_dev stat() does not show: the same size and
	 * modification time, to the nanosecond, say the same contents (a
	 * rewritten file has a new mtime; a copy that kept the old one has
	 * the same symbols).
	 */
	return (m->size || m->mtime_sec) && (uint64_t)st.st_size == m->size &&
	       st.st_mtim.tv_sec == m->mtime_sec &&
	       (uint32_t)st.st_mtim.tv_nsec == m->mtime_nsec;
}
