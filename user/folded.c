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

/* A stack's frames as text, symbolized once and remembered. */
struct part {
	char *text;		/* NULL until made */
	bool unresolved;
	bool truncated;
};

/*
 * A stack is text for a process (user addresses mean something only
 * within theirs; kernel stacks use pid 0), read forwards or, for a
 * waker, backwards with "_[w]" frames.
 */
struct part_key {
	uint32_t pid;
	uint32_t id;
	uint32_t waker;
};

struct folder {
	const struct profile *p;
	struct symbolizer *sym;
	const struct folded_opts *o;
	bool mixed;			/* on- and off-CPU samples: wall-clock */
	struct part *parts;
	struct part_key *keys;
	size_t nr_parts, cap_parts;
	struct htab pindex;
	struct folded_stack *lines;
	size_t nr_lines, cap_lines;
	struct htab lindex;
};

#define SUFFIX_KERNEL	"_[k]"
#define SUFFIX_INLINE	"_[i]"
#define SUFFIX_WAKER	"_[w]"

/* One address's frames, root side first (or leaf side first, waker). */
static int add_address(struct folder *f, struct sbuf *b, bool kernel,
		       uint32_t pid, uint64_t ip, bool ret, bool waker,
		       struct part *out)
{
	struct sym_frame fr[SYM_MAX_FRAMES];
	const char *suffix;
	int n, j, k, err = 0;

	n = kernel ? symbolize_kernel_frames(f->sym, ip, ret, fr, 1) :
		     symbolize_user_frames(f->sym, pid, ip, ret, fr,
					   SYM_MAX_FRAMES);
	/* The real function is the last frame: keep it alone. */
	k = f->o->no_inline ? n - 1 : 0;
	for (j = k; !err && j < n; j++) {
		const struct sym_frame *x = &fr[waker ? j : n - 1 - (j - k)];

		if (!x->resolved)
			out->unresolved = true;
		suffix = waker ? SUFFIX_WAKER : kernel ? SUFFIX_KERNEL :
			 x->inlined ? SUFFIX_INLINE : "";
		err = sb_frame(b, x->name, suffix);
	}
	return err;
}

static int make_part(struct folder *f, const struct profile_stack *st,
		     uint32_t pid, bool waker, struct part *out)
{
	const uint64_t *ips = profile_stack_ips(f->p, st);
	const char *trunc_suffix = waker ? SUFFIX_WAKER :
				   st->kernel ? SUFFIX_KERNEL : "";
	struct sbuf b = { 0 };
	uint32_t i;
	int err = 0;

	out->truncated = st->truncated;
	if (st->truncated && !waker)
		err = sb_frame(&b, "[truncated]", trunc_suffix);
	/* Forwards: outermost first. A waker's: innermost first. */
	for (i = 0; !err && i < st->nr; i++) {
		uint32_t at = waker ? i : st->nr - 1 - i;

		err = add_address(f, &b, st->kernel, pid, ips[at], at > 0,
				  waker, out);
	}
	if (!err && st->truncated && waker)
		err = sb_frame(&b, "[truncated]", trunc_suffix);
	if (err) {
		free(b.s);
		return err;
	}
	out->text = b.s;
	return 0;
}

static bool pkey_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct part_key *a = &((const struct folder *)ctx)->keys[idx];
	const struct part_key *b = key;

	return a->pid == b->pid && a->id == b->id && a->waker == b->waker;
}

static int get_part(struct folder *f, uint32_t pid, uint32_t id, bool waker,
		    struct part **out)
{
	const struct profile_stack *st = profile_stack(f->p, id);
	struct part_key k = { st && st->kernel ? 0 : pid, id, waker };
	uint32_t h = hash_bytes(&k, sizeof(k), 0);
	long found = htab_find(&f->pindex, h, pkey_eq, f, &k);
	int err;

	if (!st)
		return -EINVAL;
	if (found >= 0) {
		*out = &f->parts[found];
		return 0;
	}
	if (f->nr_parts == f->cap_parts) {
		size_t cap = f->cap_parts ? f->cap_parts * 2 : 256;
		struct part *np = realloc(f->parts, cap * sizeof(*np));
		struct part_key *nk;

		if (!np)
			return -ENOMEM;
		f->parts = np;
		nk = realloc(f->keys, cap * sizeof(*nk));
		if (!nk)
			return -ENOMEM;
		f->keys = nk;
		f->cap_parts = cap;
	}
	memset(&f->parts[f->nr_parts], 0, sizeof(struct part));
	err = make_part(f, st, pid, waker, &f->parts[f->nr_parts]);
	if (err)
		return err;
	f->keys[f->nr_parts] = k;
	if (htab_insert(&f->pindex, h, f->nr_parts))
		return -ENOMEM;
	*out = &f->parts[f->nr_parts++];
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

/* Appends stack id (0: none) of the sample, read as asked. */
static int add_part(struct folder *f, struct sbuf *b, uint32_t pid,
		    uint32_t id, bool waker, bool *unresolved, bool *truncated)
{
	struct part *pt;
	int err;

	if (!id)
		return 0;
	err = get_part(f, pid, id, waker, &pt);
	if (err || !pt->text || !pt->text[0])
		return err;
	*unresolved |= pt->unresolved;
	*truncated |= pt->truncated;
	return sb_add(b, ";", 1) ?: sb_add(b, pt->text, strlen(pt->text));
}

static int fold_sample(struct folder *f, const struct profile_sample *smp,
		       struct folded_summary *sum)
{
	bool unresolved = false, truncated = false;
	bool user = !f->o->kernel_only, kernel = !f->o->user_only;
	bool off = smp->kind == PROFILE_OFF_CPU;
	uint64_t value = profile_sample_value(f->p, smp);
	struct sbuf b = { 0 };
	int err;

	err = root_frame(f, smp, &b, sum);
	if (!err && user)
		err = add_part(f, &b, smp->pid, smp->ustack, false,
			       &unresolved, &truncated);
	if (!err && kernel)
		err = add_part(f, &b, smp->pid, smp->kstack, false,
			       &unresolved, &truncated);
	if (!err && off && f->mixed)
		err = sb_frame(&b, "[off-cpu]", "");
	if (!err && off && ((user && smp->wustack) || (kernel && smp->wkstack)))
		err = sb_frame(&b, "--", "");
	/* No waker pid in the profile: see folded.h. */
	if (!err && off && kernel)
		err = add_part(f, &b, smp->pid, smp->wkstack, true,
			       &unresolved, &truncated);
	if (!err && off && user)
		err = add_part(f, &b, smp->pid, smp->wustack, true,
			       &unresolved, &truncated);
	if (err) {
		free(b.s);
		return err;
	}
	sum->samples += value;
	if (unresolved)
		sum->unresolved += value;
	if (truncated)
		sum->truncated += value;
	return add_line(f, &b, value);
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

	for (i = 0; i < f->nr_parts; i++)
		free(f->parts[i].text);
	free(f->parts);
	free(f->keys);
	htab_free(&f->pindex);
	htab_free(&f->lindex);
}

/* Running and blocked samples together: a wall-clock profile. */
static bool is_mixed(const struct profile *p)
{
	bool on = false, off = false;
	size_t i;

	for (i = 0; i < p->nr_samples && !(on && off); i++) {
		if (p->samples[i].kind == PROFILE_OFF_CPU)
			off = true;
		else
			on = true;
	}
	return on && off;
}

int folded_collect(const struct profile *p, struct symbolizer *s,
		   const struct folded_opts *o, struct folded_stacks *out,
		   struct folded_summary *sum)
{
	struct folder f = { .p = p, .sym = s, .o = o };
	size_t i;
	int err = 0;

	memset(sum, 0, sizeof(*sum));
	f.mixed = is_mixed(p);
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
