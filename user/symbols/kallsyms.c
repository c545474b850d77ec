// SPDX-License-Identifier: GPL-2.0
/* Kernel symbols from /proc/kallsyms: text symbols, binary search. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"

/*
 * No sizes in kallsyms: an address this far past a symbol is in a gap
 * (between modules, say), and naming it after that symbol would mislead.
 */
#define KSYM_MAX_OFFSET	(1u << 20)

struct raw_sym {
	uint64_t addr;
	uint32_t name;
	uint32_t order;		/* line number: ties keep the file's order */
	int rank;		/* lower wins among aliases at one address */
};

static int rank(char type, const char *name)
{
	int r = type == 'T' ? 0 : type == 't' ? 1 : type == 'W' ? 2 : 3;

	/* Between aliases, a plain name beats a linker-made _marker. */
	return r * 4 + (name[0] == '_') + (name[0] == '_' && name[1] == '_');
}

static int cmp_raw(const void *a, const void *b)
{
	const struct raw_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int add_name(struct kallsyms *ks, const char *name,
		    const char *module, uint32_t *off)
{
	size_t n = strlen(name) + (module ? strlen(module) + 3 : 0) + 1;

	if (ks->names_len + n > ks->names_cap) {
		size_t c = ks->names_cap ? ks->names_cap * 2 : 1 << 12;
		char *m;

		while (c < ks->names_len + n)
			c *= 2;
		m = realloc(ks->names, c);
		if (!m)
			return -ENOMEM;
		ks->names = m;
		ks->names_cap = c;
	}
	if (ks->names_len + n > UINT32_MAX)
		return -E2BIG;
	*off = ks->names_len;
	if (module)
		snprintf(ks->names + ks->names_len, n, "%s [%s]", name, module);
	else
		memcpy(ks->names + ks->names_len, name, n);
	ks->names_len += n;
	return 0;
}

/* "ADDR TYPE NAME" or "ADDR TYPE NAME\t[MODULE]"; false for other lines. */
static bool parse_line(char *line, uint64_t *addr, char *type, char **name,
		       char **module)
{
	char *end, *p;

	*addr = strtoull(line, &end, 16);
	if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
		return false;
	*type = end[1];
	*name = end + 3;
	*module = NULL;
	p = strpbrk(*name, "\t\n");
	if (p && *p == '\t' && p[1] == '[') {
		*p = '\0';
		*module = p + 2;
		p = strchr(*module, ']');
		if (p)
			*p = '\0';
	} else if (p) {
		*p = '\0';
	}
	return **name != '\0';
}

int kallsyms_load(struct kallsyms *ks, const char *path)
{
	struct raw_sym *raw = NULL;
	size_t nr = 0, cap = 0, i;
	bool any_nonzero = false;
	char *line = NULL;
	size_t len = 0;
	uint32_t order = 0;
	FILE *f;
	int err = 0;

	memset(ks, 0, sizeof(*ks));
	f = fopen(path ? path : KALLSYMS_PATH, "re");
	if (!f)
		return -errno;
	while (getline(&line, &len, f) > 0) {
		char type, *name, *module;
		uint64_t addr;

		if (!parse_line(line, &addr, &type, &name, &module))
			continue;
		order++;
		if (addr)
			any_nonzero = true;
		if (!strcmp(name, "_text") && !module)
			ks->text = addr;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (nr == cap) {
			size_t c = cap ? cap * 2 : 65536;
			struct raw_sym *m = realloc(raw, c * sizeof(*m));

			if (!m) {
				err = -ENOMEM;
				break;
			}
			raw = m;
			cap = c;
		}
		raw[nr].addr = addr;
		raw[nr].order = order;
		raw[nr].rank = rank(type, name);
		err = add_name(ks, name, module, &raw[nr].name);
		if (err)
			break;
		nr++;
	}
	free(line);
	fclose(f);
	if (!err && order && !any_nonzero) {
		ks->hidden = true;
		nr = 0;
	}
	if (!err && nr) {
		qsort(raw, nr, sizeof(*raw), cmp_raw);
		ks->syms = malloc(nr * sizeof(*ks->syms));
		if (!ks->syms)
			err = -ENOMEM;
		ks->cap = nr;
	}
	/* One symbol per address: the first after sorting names it. */
	for (i = 0; !err && i < nr; i++) {
		if (ks->nr && ks->syms[ks->nr - 1].addr == raw[i].addr)
			continue;
		ks->syms[ks->nr].addr = raw[i].addr;
		ks->syms[ks->nr].end = 0;
		ks->syms[ks->nr].name = raw[i].name;
		ks->nr++;
	}
	free(raw);
	if (err)
		kallsyms_free(ks);
	return err;
}

void kallsyms_free(struct kallsyms *ks)
{
	free(ks->syms);
	free(ks->names);
	memset(ks, 0, sizeof(*ks));
}

int kallsyms_add(struct kallsyms *ks, uint64_t addr, uint64_t end,
		 const char *name)
{
	struct ksym *s;

	if (end <= addr || !*name ||
	    (ks->nr && addr < ks->syms[ks->nr - 1].end))
		return -EINVAL;
	if (ks->nr == ks->cap) {
		size_t c = ks->cap ? ks->cap * 2 : 64;

		s = realloc(ks->syms, c * sizeof(*s));
		if (!s)
			return -ENOMEM;
		ks->syms = s;
		ks->cap = c;
	}
	s = &ks->syms[ks->nr];
	s->addr = addr;
	s->end = end;
	if (add_name(ks, name, NULL, &s->name))
		return -ENOMEM;
	ks->nr++;
	return 0;
}

/* The index of the symbol addr falls in, or -1. */
static long find(const struct kallsyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->nr;
	const struct ksym *s;

	/* The last symbol at or below addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	s = &ks->syms[lo - 1];
	if (addr - s->addr >= KSYM_MAX_OFFSET || (s->end && addr >= s->end))
		return -1;
	return lo - 1;
}

const char *kallsyms_lookup(const struct kallsyms *ks, uint64_t addr,
			    uint64_t *off)
{
	long i = find(ks, addr);

	if (i < 0)
		return NULL;
	if (off)
		*off = addr - ks->syms[i].addr;
	return ks->names + ks->syms[i].name;
}

int kallsyms_subset(const struct kallsyms *from, const uint64_t *addrs,
		    size_t n, struct kallsyms *to)
{
	bool *want = calloc(from->nr + 1, sizeof(*want));
	size_t i;
	int err = 0;

	memset(to, 0, sizeof(*to));
	if (!want)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		long k = find(from, addrs[i]);

		if (k >= 0)
			want[k] = true;
	}
	for (i = 0; !err && i < from->nr; i++) {
		const struct ksym *s = &from->syms[i];
		uint64_t end = s->addr + KSYM_MAX_OFFSET;

		if (!want[i])
			continue;
		/* Where find() stops naming it: the same answers in to. */
		if (end < s->addr)
			end = UINT64_MAX;
		if (i + 1 < from->nr && from->syms[i + 1].addr < end)
			end = from->syms[i + 1].addr;
		if (s->end && s->end < end)
			end = s->end;
		err = kallsyms_add(to, s->addr, end, from->names + s->name);
	}
	free(want);
	if (err)
		kallsyms_free(to);
	return err;
}

uint64_t kallsyms_text(const char *path)
{
	char *line = NULL, type, *name, *module;
	uint64_t addr, text = 0;
	size_t len = 0;
	FILE *f = fopen(path ? path : KALLSYMS_PATH, "re");

	if (!f)
		return 0;
	while (getline(&line, &len, f) > 0)
		if (parse_line(line, &addr, &type, &name, &module) &&
		    !module && !strcmp(name, "_text")) {
			text = addr;
			break;
		}
	free(line);
	fclose(f);
	return text;
}
