// SPDX-License-Identifier: GPL-2.0
/* Tracepoint ids and record layouts from tracefs. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracefs.h"

const char *tracefs_root(void)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	const char *env = getenv("FGPROF_TRACEFS");
	char path[PATH_MAX];
	size_t i;

	if (env && *env)
		return env;
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events", roots[i]);
		if (!access(path, R_OK))
			return roots[i];
	}
	return NULL;
}

/* Names come from the command line: no path tricks. */
static bool plain_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static FILE *open_event_file(const char *root, const char *subsys,
			     const char *event, const char *file)
{
	char path[PATH_MAX];

	if (!plain_name(subsys) || !plain_name(event)) {
		errno = ENOENT;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/events/%s/%s/%s", root, subsys, event,
		 file);
	return fopen(path, "re");
}

int tracefs_event_id(const char *root, const char *subsys, const char *event,
		     uint64_t *id)
{
	FILE *f = open_event_file(root, subsys, event, "id");
	int ok;

	if (!f)
		return -errno;
	ok = fscanf(f, "%" SCNu64, id) == 1;
	fclose(f);
	return ok ? 0 : -EINVAL;
}

/* The value after "key:" up to ';' in line, or NULL. */
static const char *value_of(const char *line, const char *key, char *buf,
			    size_t len)
{
	const char *p = strstr(line, key), *end;

	if (!p)
		return NULL;
	p += strlen(key);
	end = strchr(p, ';');
	if (!end || (size_t)(end - p) >= len)
		return NULL;
	memcpy(buf, p, end - p);
	buf[end - p] = '\0';
	return buf;
}

int tracefs_parse_field(const char *line, struct tp_field *f)
{
	char decl[256], num[32];
	char *name, *end, *br;
	unsigned long v;

	memset(f, 0, sizeof(*f));
	if (!value_of(line, "field:", decl, sizeof(decl)))
		return -EINVAL;
	/* The name is the declaration's last word, less any [N]. */
	end = decl + strlen(decl);
	while (end > decl && isspace((unsigned char)end[-1]))
		*--end = '\0';
	br = strrchr(decl, '[');
	if (br && end > decl && end[-1] == ']') {
		f->is_array = true;
		*br = '\0';
		end = br;
	}
	name = end;
	while (name > decl && (isalnum((unsigned char)name[-1]) ||
			       name[-1] == '_'))
		name--;
	if (name == end || strlen(name) >= sizeof(f->name))
		return -EINVAL;
	strcpy(f->name, name);
	if (strstr(decl, "__data_loc"))
		f->is_array = true;
	if (!value_of(line, "offset:", num, sizeof(num)) ||
	    (v = strtoul(num, &end, 10), *end) || v > UINT32_MAX)
		return -EINVAL;
	f->offset = v;
	if (!value_of(line, "size:", num, sizeof(num)) ||
	    (v = strtoul(num, &end, 10), *end) || v > UINT32_MAX)
		return -EINVAL;
	f->size = v;
	if (value_of(line, "signed:", num, sizeof(num)))
		f->is_signed = !strcmp(num, "1");
	return 0;
}

int tracefs_fields(const char *root, const char *subsys, const char *event,
		   struct tp_field **out, size_t *nr)
{
	FILE *f = open_event_file(root, subsys, event, "format");
	struct tp_field *v = NULL, fld;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t len = 0;
	int err = 0;

	*out = NULL;
	*nr = 0;
	if (!f)
		return -errno;
	while (getline(&line, &len, f) > 0) {
		if (!strstr(line, "field:") || tracefs_parse_field(line, &fld))
			continue;
		if (n == cap) {
			struct tp_field *m;

			cap = cap ? cap * 2 : 16;
			m = realloc(v, cap * sizeof(*m));
			if (!m) {
				err = -ENOMEM;
				break;
			}
			v = m;
		}
		v[n++] = fld;
	}
	free(line);
	fclose(f);
	if (err) {
		free(v);
		return err;
	}
	*out = v;
	*nr = n;
	return 0;
}
