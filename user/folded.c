// SPDX-License-Identifier: GPL-2.0
/*
 * The profile model's samples, symbolized and merged into distinct stacks
 * (what every flame-graph-like output draws), and those stacks as folded
 * text (Brendan Gregg's format).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "folded.h"
#include "htab.h"

/* A growable string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static int sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		char *m;

		while (cap < b->len + n + 1)
			cap *= 2;
		m = realloc(b->s, cap);
		if (!m)
			return -ENOMEM;
		b->s = m;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

/*
 * One frame: ';' separates frames and a line ends in " COUNT", so a ';'
 * inside a name becomes ':' and control characters become '?'.
 */
static int sb_frame(struct sbuf *b, const char *name, const char *suffix)
{
	size_t start, i;
	int err = 0;

	if (b->len)
		err = sb_add(b, ";", 1);
	start = b->len;
	err = err ?: sb_add(b, name, strlen(name));
	err = err ?: sb_add(b, suffix, strlen(suffix));
	for (i = start; !err && i < b->len; i++) {
		if (b->s[i] == ';')
			b->s[i] = ':';
		else if ((unsigned char)b->s[i] < 0x20 || b->s[i] == 0x7f)
			b->s[i] = '?';
	}
	return err;
}

/* A stack's frames, root side first, symbolized once and remembered. */
struct part {
	char *text;		/* NULL until made */
	bool unresolved;
	bool truncated;
};

struct upart_key {
	uint32_t pid;
	uint32_t id;
};

struct folder {
	const struct profile *p;
	struct symbolizer *sym;
	const struct folded_opts *o;
	struct part *kparts;		/* by kernel stack id */
	struct part *uparts;		/* by (pid, user stack id) */
	struct upart_key *ukeys;
	size_t nr_uparts, cap_uparts;
	struct htab uindex;
	struct folded_stack *lines;
	size_t nr_lines, cap_lines;
	struct htab lindex;
};

static int make_part(struct folder *f, const struct profile_stack *st,
		     uint32_t pid, struct part *out)
{
	const uint64_t *ips = profile_stack_ips(f->p, st);
	const char *suffix = st->kernel ? "_[k]" : "";
	struct sbuf b = { 0 };
	uint32_t i;
	int err = 0;

	out->truncated = st->truncated;
	if (st->truncated)
		err = sb_frame(&b, "[truncated]", suffix);
	for (i = st->nr; !err && i-- > 0;) {
		bool ok;
		const char *name = st->kernel ?
			symbolize_kernel(f->sym, ips[i], i > 0, &ok) :
			symbolize_user(f->sym, pid, ips[i], i > 0, &ok);

		if (!ok)
			out->unresolved = true;
		err = sb_frame(&b, name, suffix);
	}
	if (err) {
		free(b.s);
		return err;
	}
	out->text = b.s;
	return 0;
}

static bool ukey_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct upart_key *a = &((const struct folder *)ctx)->ukeys[idx];
	const struct upart_key *b = key;

	return a->pid == b->pid && a->id == b->id;
}

static int kernel_part(struct folder *f, uint32_t id, struct part **out)
{
	struct part *pt = &f->kparts[id - 1];

	*out = pt;
	return pt->text ? 0 : make_part(f, profile_stack(f->p, id), 0, pt);
}

/* User addresses mean something only within their process. */
static int user_part(struct folder *f, uint32_t pid, uint32_t id,
		     struct part **out)
{
	struct upart_key k = { pid, id };
	uint32_t h = hash_bytes(&k, sizeof(k), 0);
	long found = htab_find(&f->uindex, h, ukey_eq, f, &k);
	int err;

	if (found >= 0) {
		*out = &f->uparts[found];
		return 0;
	}
	if (f->nr_uparts == f->cap_uparts) {
		size_t cap = f->cap_uparts ? f->cap_uparts * 2 : 256;
		struct part *np = realloc(f->uparts, cap * sizeof(*np));
		struct upart_key *nk;

		if (!np)
			return -ENOMEM;
		f->uparts = np;
		nk = realloc(f->ukeys, cap * sizeof(*nk));
		if (!nk)
			return -ENOMEM;
		f->ukeys = nk;
		f->cap_uparts = cap;
	}
	memset(&f->uparts[f->nr_uparts], 0, sizeof(struct part));
	err = make_part(f, profile_stack(f->p, id), pid,
			&f->uparts[f->nr_uparts]);
	if (err)
		return err;
	f->ukeys[f->nr_uparts] = k;
	if (htab_insert(&f->uindex, h, f->nr_uparts))
		return -ENOMEM;
	*out = &f->uparts[f->nr_uparts++];
	return 0;
}

static bool line_eq(const void *ctx, uint32_t idx, const void *key)
{
	return !strcmp(((const struct folder *)ctx)->lines[idx].text, key);
}

/* Lines that symbolize alike are one line. */
static int add_line(struct folder *f, struct sbuf *b, uint64_t count)
{
	uint32_t h = hash_bytes(b->s, b->len, 0);
	long found = htab_find(&f->lindex, h, line_eq, f, b->s);

	if (found >= 0) {
		f->lines[found].count += count;
		free(b->s);
		return 0;
	}
	if (f->nr_lines == f->cap_lines) {
		size_t cap = f->cap_lines ? f->cap_lines * 2 : 256;
		struct folded_stack *n = realloc(f->lines, cap * sizeof(*n));

		if (!n)
			goto nomem;
		f->lines = n;
		f->cap_lines = cap;
	}
	if (htab_insert(&f->lindex, h, f->nr_lines))
		goto nomem;
	f->lines[f->nr_lines].text = b->s;
	f->lines[f->nr_lines].count = count;
	f->nr_lines++;
	return 0;
nomem:
	free(b->s);
	return -ENOMEM;
}

static int root_frame(struct folder *f, const struct profile_sample *smp,
		      struct sbuf *b, struct folded_summary *sum)
{
	const char *comm = smp->comm[0] ? smp->comm : "[unnamed]";
	char name[FGPROF_COMM_LEN + 32];

	if (f->o->tid && smp->tid)
		snprintf(name, sizeof(name), "%s-%u/%u", comm, smp->pid,
			 smp->tid);
	else if (f->o->tid || f->o->pid)
		snprintf(name, sizeof(name), "%s-%u", comm, smp->pid);
	else
		snprintf(name, sizeof(name), "%s", comm);
	if (f->o->tid && !smp->tid)
		sum->no_tids = true;
	return sb_frame(b, name, "");
}

static int fold_sample(struct folder *f, const struct profile_sample *smp,
		       struct folded_summary *sum)
{
	struct sbuf b = { 0 };
	bool unresolved = false, truncated = false;
	struct part *pt;
	int err;

	err = root_frame(f, smp, &b, sum);
	if (!err && smp->ustack && !f->o->kernel_only) {
		err = user_part(f, smp->pid, smp->ustack, &pt);
		if (!err) {
			unresolved |= pt->unresolved;
			truncated |= pt->truncated;
			err = sb_add(&b, ";", 1) ?: sb_add(&b, pt->text,
							   strlen(pt->text));
		}
	}
	if (!err && smp->kstack && !f->o->user_only) {
		err = kernel_part(f, smp->kstack, &pt);
		if (!err) {
			unresolved |= pt->unresolved;
			truncated |= pt->truncated;
			err = sb_add(&b, ";", 1) ?: sb_add(&b, pt->text,
							   strlen(pt->text));
		}
	}
	if (err) {
		free(b.s);
		return err;
	}
	sum->samples += smp->count;
	if (unresolved)
		sum->unresolved += smp->count;
	if (truncated)
		sum->truncated += smp->count;
	return add_line(f, &b, smp->count);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(((const struct folded_stack *)a)->text,
		      ((const struct folded_stack *)b)->text);
}

/* The lines, if any, are the caller's now. */
static void folder_free(struct folder *f)
{
	size_t i;

	for (i = 0; f->kparts && i < f->p->nr_stacks; i++)
		free(f->kparts[i].text);
	for (i = 0; i < f->nr_uparts; i++)
		free(f->uparts[i].text);
	free(f->kparts);
	free(f->uparts);
	free(f->ukeys);
	htab_free(&f->uindex);
	htab_free(&f->lindex);
}

int folded_collect(const struct profile *p, struct symbolizer *s,
		   const struct folded_opts *o, struct folded_stacks *out,
		   struct folded_summary *sum)
{
	struct folder f = { .p = p, .sym = s, .o = o };
	size_t i;
	int err = 0;

	memset(sum, 0, sizeof(*sum));
	f.kparts = calloc(p->nr_stacks + 1, sizeof(*f.kparts));
	if (!f.kparts)
		err = -ENOMEM;
	for (i = 0; !err && i < p->nr_samples; i++)
		err = fold_sample(&f, &p->samples[i], sum);
	if (!err)
		qsort(f.lines, f.nr_lines, sizeof(*f.lines), cmp_line);
	sum->lines = f.nr_lines;
	out->v = f.lines;
	out->nr = f.nr_lines;
	folder_free(&f);
	return err;
}

void folded_stacks_free(struct folded_stacks *fs)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		free(fs->v[i].text);
	free(fs->v);
	fs->v = NULL;
	fs->nr = 0;
}

int folded_print(FILE *out, const struct folded_stacks *fs)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		fprintf(out, "%s %" PRIu64 "\n", fs->v[i].text, fs->v[i].count);
	return fflush(out) || ferror(out) ? -EIO : 0;
}

int folded_write(FILE *out, const struct profile *p, struct symbolizer *s,
		 const struct folded_opts *o, struct folded_summary *sum)
{
	struct folded_stacks fs;
	int err;

	err = folded_collect(p, s, o, &fs, sum);
	if (!err && out)
		err = folded_print(out, &fs);
	folded_stacks_free(&fs);
	return err;
}
