// SPDX-License-Identifier: GPL-2.0
/* Folded text read back: what fgprof report, perf or stackcollapse wrote. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "foldparse.h"
#include "profile.h"
#include "stackops.h"

bool folded_parse_is_profile(const char *first_line)
{
	size_t n = strlen(PROFILE_MAGIC);

	return !strncmp(first_line, PROFILE_MAGIC, n) &&
	       (first_line[n] == ' ' || first_line[n] == '\n' ||
		!first_line[n]);
}

static int add(struct folded_stacks *fs, size_t *cap, const char *text,
	       size_t len, uint64_t count)
{
	if (fs->nr == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		struct folded_stack *v = realloc(fs->v, c * sizeof(*v));

		if (!v)
			return -ENOMEM;
		fs->v = v;
		*cap = c;
	}
	fs->v[fs->nr].text = strndup(text, len);
	if (!fs->v[fs->nr].text)
		return -ENOMEM;
	fs->v[fs->nr++].count = count;
	return 0;
}

int folded_parse(FILE *f, const char *name, struct folded_stacks *out,
		 char *err, size_t errlen)
{
	char *line = NULL, *sp, *end;
	size_t lcap = 0, cap = 0, lineno = 0, len;
	ssize_t n;
	double v;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	while (!ret && (n = getline(&line, &lcap, f)) >= 0) {
		lineno++;
		len = n;
		while (len && strchr(" \t\r\n", line[len - 1]))
			len--;
		line[len] = '\0';
		if (!len)
			continue;
		sp = strrchr(line, ' ');
		errno = 0;
		v = sp ? strtod(sp + 1, &end) : 0;
		if (!sp || sp == line || end == sp + 1 || *end || errno ||
		    !(v >= 0 && v < 1.8e19)) {
			snprintf(err, errlen, "%s:%zu: not a folded stack ('frame;frame;... COUNT')",
				 name, lineno);
			ret = -EINVAL;
			break;
		}
		ret = add(out, &cap, line, sp - line, (uint64_t)(v + 0.5));
	}
	if (!ret && ferror(f))
		ret = -EIO;
	free(line);
	if (!ret)
		stackops_sort_merge(out);
	return ret;
}
