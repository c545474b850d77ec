// SPDX-License-Identifier: GPL-2.0
/*
 * The subsecond heat map (FlameScope's idea, without its server): the
 * timeline binned into cells of (second, offset within the second), each
 * cell's records kept by stack, written as one HTML page whose script
 * (heatmap_script.c) draws the map and the flame graph of a selected
 * range of cells.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "frames.h"
#include "graphkind.h"
#include "heatmap.h"
#include "heatmap_script.h"
#include "htab.h"
#include "jsonw.h"
#include "timerange.h"

#define NS_PER_SEC 1000000000ull

bool heatmap_cell(uint64_t start, uint64_t time_ns, uint32_t rows,
		  uint32_t *col, uint32_t *row)
{
	uint64_t rel;

	if (time_ns < start || !rows)
		return false;
	rel = time_ns - start;
	*col = rel / NS_PER_SEC;
	*row = (rel % NS_PER_SEC) * rows / NS_PER_SEC;
	return true;
}

struct stack_key {
	uint32_t pid, kstack, ustack;
	char comm[FGPROF_COMM_LEN];
};

/* What building a heat map needs besides the heat map. */
struct builder {
	const struct profile *p;
	struct symbolizer *sym;
	const struct heatmap_opts *o;
	struct heatmap *h;
	struct htab names, stacks, entries;
	struct stack_key *keys;
	size_t cap_names, cap_keys, cap_frames, nr_frames, cap_entries;
	struct frames fr;
};

static bool name_eq(const void *ctx, uint32_t idx, const void *key)
{
	return !strcmp(((const struct heatmap *)ctx)->names[idx], key);
}

/* Appends the frame NAME+suffix to the stack being built. */
static int add_frame(struct builder *b, const char *name, const char *suffix)
{
	struct heatmap *h = b->h;
	char buf[1024];
	uint32_t hash;
	long found;

	snprintf(buf, sizeof(buf), "%s%s", name, suffix);
	hash = hash_bytes(buf, strlen(buf), 0);
	found = htab_find(&b->names, hash, name_eq, h, buf);
	if (found < 0) {
		if (array_grow((void **)&h->names, &b->cap_names, h->nr_names,
			       sizeof(*h->names)))
			return -ENOMEM;
		h->names[h->nr_names] = strdup(buf);
		if (!h->names[h->nr_names] ||
		    htab_insert(&b->names, hash, h->nr_names))
			return -ENOMEM;
		found = h->nr_names++;
	}
	if (array_grow((void **)&h->frames, &b->cap_frames, b->nr_frames,
		       sizeof(*h->frames)))
		return -ENOMEM;
	h->frames[b->nr_frames++] = found;
	return 0;
}

/* A stack's frames from its outermost address, inline chains outside in. */
static int add_part(struct builder *b, uint32_t id, uint32_t pid)
{
	const struct profile_stack *st = profile_stack(b->p, id);
	const char *suffix;
	const uint64_t *ips;
	uint32_t i;
	int j, err = 0;

	if (!st)
		return 0;
	suffix = st->kernel ? "_[k]" : "";
	ips = profile_stack_ips(b->p, st);
	if (st->truncated)
		err = add_frame(b, "[truncated]", suffix);
	for (i = st->nr; !err && i-- > 0;) {
		frames_of(b->sym, st->kernel, pid, ips[i], i > 0,
			  b->o->no_inline, &b->fr);
		for (j = b->fr.nr; !err && j-- > 0;)
			err = add_frame(b, b->fr.v[j].name,
					b->fr.v[j].inlined ? "_[i]" : suffix);
	}
	return err;
}

static bool key_eq(const void *ctx, uint32_t idx, const void *key)
{
	return !memcmp(&((const struct builder *)ctx)->keys[idx], key,
		       sizeof(struct stack_key));
}

/* The index of a record's stack, made when first seen. */
static long stack_of(struct builder *b, const struct profile_tl *t,
		     const struct profile_sample *smp)
{
	struct heatmap *h = b->h;
	struct stack_key k;
	uint32_t hash;
	long found;
	int err;

	memset(&k, 0, sizeof(k));
	k.pid = t->pid;
	k.kstack = b->o->user_only ? 0 : t->kstack;
	k.ustack = b->o->kernel_only ? 0 : t->ustack;
	memcpy(k.comm, smp->comm, sizeof(k.comm));
	hash = hash_bytes(&k, sizeof(k), 0);
	found = htab_find(&b->stacks, hash, key_eq, b, &k);
	if (found >= 0)
		return found;
	if (array_grow((void **)&b->keys, &b->cap_keys, h->nr_stacks,
		       sizeof(*b->keys)) ||
	    htab_insert(&b->stacks, hash, h->nr_stacks))
		return -ENOMEM;
	b->keys[h->nr_stacks] = k;
	h->first[h->nr_stacks] = b->nr_frames;
	err = add_frame(b, k.comm[0] ? k.comm : "[unnamed]", "") ?:
	      add_part(b, k.ustack, k.pid) ?: add_part(b, k.kstack, k.pid);
	if (err)
		return err;
	h->nr_stacks++;
	h->first[h->nr_stacks] = b->nr_frames;
	return h->nr_stacks - 1;
}

static bool entry_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct heatmap_entry *a = &((const struct heatmap *)ctx)->entries[idx];
	const struct heatmap_entry *k = key;

	return a->col == k->col && a->row == k->row && a->stack == k->stack;
}

static int add_entry(struct builder *b, uint32_t col, uint32_t row,
		     uint32_t stack)
{
	struct heatmap *h = b->h;
	struct heatmap_entry k = { col, row, stack, 1 };
	uint32_t hash = hash_bytes(&k, offsetof(struct heatmap_entry, count), 0);
	long found = htab_find(&b->entries, hash, entry_eq, h, &k);

	if (found >= 0) {
		h->entries[found].count++;
		return 0;
	}
	if (array_grow((void **)&h->entries, &b->cap_entries, h->nr_entries,
		       sizeof(*h->entries)) ||
	    htab_insert(&b->entries, hash, h->nr_entries))
		return -ENOMEM;
	h->entries[h->nr_entries++] = k;
	return 0;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct heatmap_entry *a = x, *b = y;

	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->stack < b->stack ? -1 : a->stack > b->stack;
}

static int fill(struct builder *b)
{
	const struct profile *p = b->p;
	struct heatmap *h = b->h;
	struct tl_lookup l = { 0 };
	size_t i;
	int err;

	/* At most one new stack per record: first[] sized once. */
	h->first = calloc(p->nr_timeline + 1, sizeof(*h->first));
	if (!h->first)
		return -ENOMEM;
	err = tl_lookup_init(&l, p);
	for (i = 0; !err && i < p->nr_timeline; i++) {
		const struct profile_tl *t = &p->timeline[i];
		struct profile_sample smp;
		uint32_t col, row;
		long st;

		if (!t->pid) {
			h->idle++;
			continue;
		}
		if (!heatmap_cell(p->hdr.start_monotonic_ns, t->time_ns,
				  h->rows, &col, &row) ||
		    col >= HEATMAP_MAX_COLS) {
			h->outside++;
			continue;
		}
		tl_lookup_sample(&l, t, &smp);
		st = stack_of(b, t, &smp);
		if (st < 0) {
			err = st;
			break;
		}
		err = add_entry(b, col, row, st);
		if (col >= h->cols)
			h->cols = col + 1;
		h->records++;
	}
	tl_lookup_free(&l);
	return err;
}

int heatmap_build(const struct profile *p, struct symbolizer *s,
		  const struct heatmap_opts *o, struct heatmap *h, char *err,
		  size_t errlen)
{
	struct builder b = { .p = p, .sym = s, .o = o, .h = h };
	uint64_t secs = (p->hdr.duration_ns + NS_PER_SEC - 1) / NS_PER_SEC;
	size_t i;
	int e;

	memset(h, 0, sizeof(*h));
	h->rows = o->rows ?: HEATMAP_DEFAULT_ROWS;
	if (h->rows > HEATMAP_MAX_ROWS) {
		snprintf(err, errlen, "--rows takes 1 to %u", HEATMAP_MAX_ROWS);
		return -EINVAL;
	}
	if (!p->nr_timeline) {
		snprintf(err, errlen,
			 "--format heatmap needs timeline records: this profile has none (record it with --timeline)");
		return -EINVAL;
	}
	e = fill(&b);
	/* The recording's length even when its end was quiet. */
	if (!e && secs > h->cols)
		h->cols = secs < HEATMAP_MAX_COLS ? secs : HEATMAP_MAX_COLS;
	if (!e && !h->cols)
		h->cols = 1;
	if (!e) {
		h->counts = calloc((size_t)h->cols * h->rows,
				   sizeof(*h->counts));
		if (!h->counts)
			e = -ENOMEM;
	}
	for (i = 0; !e && i < h->nr_entries; i++) {
		const struct heatmap_entry *en = &h->entries[i];
		uint64_t *c = &h->counts[(size_t)en->col * h->rows + en->row];

		*c += en->count;
		if (*c > h->max)
			h->max = *c;
	}
	if (!e)
		qsort(h->entries, h->nr_entries, sizeof(*h->entries),
		      cmp_entry);
	htab_free(&b.names);
	htab_free(&b.stacks);
	htab_free(&b.entries);
	free(b.keys);
	if (e)
		heatmap_free(h);
	return e;
}

void heatmap_free(struct heatmap *h)
{
	size_t i;

	for (i = 0; i < h->nr_names; i++)
		free(h->names[i]);
	free(h->names);
	free(h->frames);
	free(h->first);
	free(h->entries);
	free(h->counts);
	memset(h, 0, sizeof(*h));
}

uint64_t heatmap_select(const struct heatmap *h, uint32_t c0, uint32_t r0,
			uint32_t c1, uint32_t r1, uint64_t *per_stack)
{
	uint64_t a = (uint64_t)c0 * h->rows + r0, z = (uint64_t)c1 * h->rows + r1;
	uint64_t total = 0, t;
	size_t i;

	if (a > z) {
		t = a;
		a = z;
		z = t;
	}
	memset(per_stack, 0, h->nr_stacks * sizeof(*per_stack));
	for (i = 0; i < h->nr_entries; i++) {
		const struct heatmap_entry *e = &h->entries[i];
		uint64_t cell = (uint64_t)e->col * h->rows + e->row;

		if (cell < a || cell > z)
			continue;
		per_stack[e->stack] += e->count;
		total += e->count;
	}
	return total;
}

/*
 * The data the page's script reads: frame names, stacks as name indexes
 * root first, and the entries flattened as col,row,stack,count.
 */
static void write_data(FILE *out, const struct heatmap *h,
		       const struct profile *p)
{
	size_t i, j;

	fprintf(out, "{\"cols\":%u,\"rows\":%u,\"max\":%" PRIu64 ",\"unit\":",
		h->cols, h->rows, h->max);
	json_string(out, p->hdr.event[0] ? p->hdr.event : "samples");
	fputs(",\n\"names\":[", out);
	for (i = 0; i < h->nr_names; i++) {
		if (i)
			fputs(i % 8 ? "," : ",\n", out);
		json_string(out, h->names[i]);
	}
	fputs("],\n\"stacks\":[", out);
	for (i = 0; i < h->nr_stacks; i++) {
		fputs(i ? ",\n[" : "\n[", out);
		for (j = h->first[i]; j < h->first[i + 1]; j++)
			fprintf(out, "%s%u", j > h->first[i] ? "," : "",
				h->frames[j]);
		fputc(']', out);
	}
	fputs("],\n\"entries\":[", out);
	for (i = 0; i < h->nr_entries; i++) {
		const struct heatmap_entry *e = &h->entries[i];

		fprintf(out, "%s%u,%u,%u,%" PRIu64, i ? (i % 8 ? "," : ",\n") : "",
			e->col, e->row, e->stack, e->count);
	}
	fputs("]}", out);
}

static void html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

int heatmap_write(FILE *out, const struct heatmap *h,
		  const struct heatmap_opts *o, const struct profile *p)
{
	const char *title = o->title ?: "Subsecond Heatmap";
	struct measure m;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
	      out);
	html_text(out, title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
		heatmap_style);
	html_text(out, title);
	fprintf(out, "</h1>\n<p class=\"sub\">%" PRIu64 " samples of ",
		h->records);
	html_text(out, p->hdr.event[0] ? p->hdr.event : "?");
	fprintf(out, " in %u s (%u rows per second, %" PRIu64 " idle left out).",
		h->cols, h->rows, h->idle);
	/* The timeline holds samples alone: say what the map leaves out. */
	if (graph_kind_of(p) != GRAPH_ON_CPU) {
		graph_measure(p, &m);
		fputs(" The profile's ", out);
		html_text(out, m.label);
		fputs(" is not in this map: the timeline holds on-CPU samples only.",
		      out);
	}
	fputs(" Click a first cell, then a last one: the flame graph of the samples between them appears below. Esc clears.</p>\n",
	      out);
	if (o->quality) {
		fputs("<p class=\"sub\">", out);
		html_text(out, o->quality);
		fputs("</p>\n", out);
	}
	fputs(heatmap_body, out);
	/* JSON with <, > and & escaped: it cannot end the script element. */
	fputs("<script type=\"application/json\" id=\"hm-data\">", out);
	write_data(out, h, p);
	fprintf(out, "</script>\n<script>\n%s</script>\n</body>\n</html>\n",
		heatmap_script);
	return fflush(out) || ferror(out) ? -EIO : 0;
}
