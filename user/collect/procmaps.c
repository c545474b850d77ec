// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procmaps.h"

/* "start-end perms offset major:minor inode [path]" */
bool procmaps_parse_line(char *line, struct procmap *m)
{
	char perms[5];
	int path_at = 0;
	size_t n;

	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %"
		   SCNu64 " %n", &m->start, &m->end, perms, &m->offset,
		   &m->dev_major, &m->dev_minor, &m->inode, &path_at) != 7 ||
	    !path_at || strlen(perms) != 4 || m->start >= m->end)
		return false;
	m->exec = perms[2] == 'x';
	m->path = line + path_at;
	n = strlen(m->path);
	if (n && m->path[n - 1] == '\n')
		line[path_at + n - 1] = '\0';
	return true;
}

int procmaps_read(const char *maps_path, procmaps_fn fn, void *ctx)
{
	FILE *f = fopen(maps_path, "re");
	char *line = NULL;
	size_t len = 0;
	int ret = 0;

	if (!f)
		return errno == ESRCH ? -ENOENT : -errno;
	while (!ret && getline(&line, &len, f) > 0) {
		struct procmap m;

		if (!procmaps_parse_line(line, &m) || !m.exec)
			continue;
		if (m.path[0] == '/' || !strcmp(m.path, "[vdso]"))
			ret = fn(ctx, &m);
	}
	free(line);
	fclose(f);
	return ret;
}
