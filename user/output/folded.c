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
#include "frames.h"
#include "htab.h"

/* A growable string, always NUL-terminated once anything was added. */
struct sbuf {
	char *s;
	size_t len, cap;
};

/* Room for n more bytes and the NUL. */
static int sb_room(struct sbuf *b, size_t n)
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
	return 0;
}

static int sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (sb_room(b, n))
		return -ENOMEM;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

/* ";" then n bytes of s: frames already made. */
static int sb_join(struct sbuf *b, const char *s, size_t n)
{
	if (sb_room(b, n + 1))
		return -ENOMEM;
	b->s[b->len] = ';';
	memcpy(b->s + b->len + 1, s, n);
	b->len += n + 1;
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

/*
 * A stack's text for a sample, by stack id: kept (in the folder's ptext)
 * only from its second use on, as most stacks of a large profile serve
 * one sample, and keeping all of them was a large part of the memory.
 * One entry per id: a stack read for another process or the other way
 * (waker) is made again.
 */
struct part {
	size_t off;		/* its text, once kept */
	size_t len;
	uint32_t pid;		/* whose it is; 0 for a kernel stack */
	uint8_t uses;		/* 0, 1, or PART_KEPT: the text is in ptext */
	bool waker;
	bool unresolved;
	bool truncated;
};

#define PART_KEPT	2

/*
 * One address's frames as text (in the folder's ftext), named and
 * cleaned once: stacks repeat the same few thousand addresses millions
 * of times, and naming every frame again was most of the folding. An
 * address is text for a process (kernel ones use pid 0), and how it is
 * read: kernel, return address, waker.
 */
struct frag_key {
	uint64_t ip;
	uint32_t pid;
	uint32_t how;		/* FRAG_* */
};

#define FRAG_KERNEL	1u
#define FRAG_RET	2u
#define FRAG_WAKER	4u

struct frag {
	struct frag_key k;
	size_t off, len;
	bool unresolved;
	/*
	 * A frame reads "" (a nameless symbol): whether the next frame gets
	 * its ';' then depends on what came before, so a stack with such an
	 * address is made frame by frame, as stacks always were.
	 */
	bool empty_frame;
};

struct folder {
	const struct profile *p;
	struct symbolizer *sym;
	const struct folded_opts *o;
	bool mixed;			/* on- and off-CPU samples: wall-clock */
	struct part *parts;		/* by stack id - 1 */
	struct sbuf ptext;		/* the texts of parts used twice */
	struct frag *frags;
	size_t nr_frags, cap_frags;
	struct htab findex;
	struct sbuf ftext;		/* every frag's text */
	struct sbuf pbuf;		/* a part being made */
	struct sbuf tmp;		/* a frag being made */
	struct sbuf line;		/* the sample being folded */
	struct folded_stack *lines;
	size_t nr_lines, cap_lines;
	struct htab lindex;
};

#define SUFFIX_KERNEL	"_[k]"
#define SUFFIX_INLINE	"_[i]"
#define SUFFIX_WAKER	FRAMES_WAKER_SUFFIX

/*
 * One address's frames, root side first (or leaf side first, waker);
 * *empty_frame set when one of them reads "".
 */
static int add_address(struct folder *f, struct sbuf *b, bool kernel,
		       uint32_t pid, uint64_t ip, bool ret, bool waker,
		       bool *unresolved, bool *empty_frame)
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
			*unresolved = true;
		suffix = waker ? SUFFIX_WAKER : kernel ? SUFFIX_KERNEL :
			 x->inlined ? SUFFIX_INLINE : "";
		if (!x->name[0] && !suffix[0])
			*empty_frame = true;
		err = sb_frame(b, x->name, suffix);
	}
	return err;
}

static bool fkey_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct frag_key *a = &((const struct folder *)ctx)->frags[idx].k;
	const struct frag_key *b = key;

	return a->ip == b->ip && a->pid == b->pid && a->how == b->how;
}

static int get_frag(struct folder *f, const struct frag_key *k,
		    struct frag **out)
{
	uint32_t h = hash_mix64(k->ip ^ ((uint64_t)k->pid << 3 | k->how) *
				HASH_MUL);
	long found = htab_find(&f->findex, h, fkey_eq, f, k);
	struct frag *fr;
	int err;

	if (found >= 0) {
		*out = &f->frags[found];
		return 0;
	}
	if (f->nr_frags == f->cap_frags) {
		size_t cap = f->cap_frags ? f->cap_frags * 2 : 256;

		fr = realloc(f->frags, cap * sizeof(*fr));
		if (!fr)
			return -ENOMEM;
		f->frags = fr;
		f->cap_frags = cap;
	}
	fr = &f->frags[f->nr_frags];
	memset(fr, 0, sizeof(*fr));
	fr->k = *k;
	f->tmp.len = 0;
	err = add_address(f, &f->tmp, k->how & FRAG_KERNEL, k->pid, k->ip,
			  k->how & FRAG_RET, k->how & FRAG_WAKER,
			  &fr->unresolved, &fr->empty_frame);
	fr->off = f->ftext.len;
	fr->len = f->tmp.len;
	err = err ?: sb_add(&f->ftext, f->tmp.s, f->tmp.len);
	if (err || htab_insert(&f->findex, h, f->nr_frags))
		return err ?: -ENOMEM;
	*out = &f->frags[f->nr_frags++];
	return 0;
}

/*
 * The address's frames from its frag, each after a ';'; *alone set
 * instead for a frag with a frame of no text (see make_part).
 */
static int add_frag(struct folder *f, struct sbuf *b, bool kernel,
		    uint32_t pid, uint64_t ip, bool ret, bool waker,
		    struct part *out, bool *alone)
{
	struct frag_key k = {
		ip, kernel ? 0 : pid,
		(kernel ? FRAG_KERNEL : 0) | (ret ? FRAG_RET : 0) |
		(waker ? FRAG_WAKER : 0),
	};
	struct frag *fr;
	int err = get_frag(f, &k, &fr);

	if (err)
		return err;
	if (fr->empty_frame) {
		*alone = true;
		return 0;
	}
	out->unresolved |= fr->unresolved;
	return sb_join(b, f->ftext.s + fr->off, fr->len);
}

/* The part's text the way it always was made: alone, then joined. */
static int make_part_alone(struct folder *f, const struct profile_stack *st,
			   uint32_t pid, bool waker, struct part *out)
{
	const uint64_t *ips = profile_stack_ips(f->p, st);
	const char *trunc_suffix = waker ? SUFFIX_WAKER :
				   st->kernel ? SUFFIX_KERNEL : "";
	struct sbuf *b = &f->pbuf;
	bool empty = false;
	uint32_t i;
	int err = 0;

	b->len = 0;
	if (st->truncated && !waker)
		err = sb_frame(b, "[truncated]", trunc_suffix);
	/* Forwards: outermost first. A waker's: innermost first. */
	for (i = 0; !err && i < st->nr; i++) {
		uint32_t at = waker ? i : st->nr - 1 - i;

		err = add_address(f, b, st->kernel, pid, ips[at], at > 0,
				  waker, &out->unresolved, &empty);
	}
	if (!err && st->truncated && waker)
		err = sb_frame(b, "[truncated]", trunc_suffix);
	return err;
}

/*
 * ";" and the part's text, made from its addresses' frags right into b
 * (*text: where the text is). b holds the root frame already, so every
 * frame gets its ';' there just as every one after the part's first did
 * when parts were made alone; frag frames all have text. A frame of no
 * text changes that: then the part is made alone as it always was, and
 * joined only if it has text at all.
 */
static int make_part(struct folder *f, struct sbuf *b,
		     const struct profile_stack *st, uint32_t pid, bool waker,
		     struct part *out, const char **text)
{
	const uint64_t *ips = profile_stack_ips(f->p, st);
	const char *trunc_suffix = waker ? SUFFIX_WAKER :
				   st->kernel ? SUFFIX_KERNEL : "";
	size_t start = b->len;
	bool alone = false;
	uint32_t i;
	int err = 0;

	out->truncated = st->truncated;
	out->unresolved = false;
	if (st->truncated && !waker)
		err = sb_frame(b, "[truncated]", trunc_suffix);
	/* Forwards: outermost first. A waker's: innermost first. */
	for (i = 0; !err && !alone && i < st->nr; i++) {
		uint32_t at = waker ? i : st->nr - 1 - i;

		err = add_frag(f, b, st->kernel, pid, ips[at], at > 0, waker,
			       out, &alone);
	}
	if (!err && !alone && st->truncated && waker)
		err = sb_frame(b, "[truncated]", trunc_suffix);
	if (err)
		return err;
	if (!alone) {
		*text = b->s + start + 1;
		out->len = b->len - start - 1;
		return 0;
	}
	b->len = start;
	b->s[start] = '\0';
	out->unresolved = false;
	err = make_part_alone(f, st, pid, waker, out);
	*text = f->pbuf.s;
	out->len = f->pbuf.len;
	if (err || !out->len)
		return err;
	return sb_join(b, f->pbuf.s, f->pbuf.len);
}

static bool line_eq(const void *ctx, uint32_t idx, const void *key)
{
	return !strcmp(((const struct folder *)ctx)->lines[idx].text, key);
}

/* Lines that symbolize alike are one line: f->line, copied if new. */
static int add_line(struct folder *f, uint64_t count)
{
	const struct sbuf *b = &f->line;
	uint32_t h = hash_mem(b->s, b->len, 0);
	long found = htab_find(&f->lindex, h, line_eq, f, b->s);
	char *text;

	if (found >= 0) {
		f->lines[found].count += count;
		return 0;
	}
	if (f->nr_lines == f->cap_lines) {
		size_t cap = f->cap_lines ? f->cap_lines * 2 : 256;
		struct folded_stack *n = realloc(f->lines, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		f->lines = n;
		f->cap_lines = cap;
	}
	text = malloc(b->len + 1);
	if (!text)
		return -ENOMEM;
	memcpy(text, b->s, b->len + 1);
	if (htab_insert(&f->lindex, h, f->nr_lines)) {
		free(text);
		return -ENOMEM;
	}
	f->lines[f->nr_lines].text = text;
	f->lines[f->nr_lines].count = count;
	f->nr_lines++;
	return 0;
}

static int root_frame(struct folder *f, const struct profile_sample *smp,
		      struct sbuf *b, struct folded_summary *sum)
{
	const char *comm = smp->comm[0] ? smp->comm : "[unnamed]";
	char name[FGPROF_COMM_LEN + 32];

	if (f->o->tid && !smp->tid)
		sum->no_tids = true;
	if (f->o->tid && smp->tid)
		snprintf(name, sizeof(name), "%s-%u/%u", comm, smp->pid,
			 smp->tid);
	else if (f->o->tid || f->o->pid)
		snprintf(name, sizeof(name), "%s-%u", comm, smp->pid);
	else
		return sb_frame(b, comm, "");
	return sb_frame(b, name, "");
}

/* Appends stack id (0: none) of the sample, read as asked. */
static int add_part(struct folder *f, struct sbuf *b, uint32_t pid,
		    uint32_t id, bool waker, bool *unresolved, bool *truncated)
{
	const struct profile_stack *st = profile_stack(f->p, id);
	struct part *pt, made = { 0 };
	const char *text;
	int err;

	if (!id)
		return 0;
	if (!st)
		return -EINVAL;
	pt = &f->parts[id - 1];
	made.pid = st->kernel ? 0 : pid;
	made.waker = waker;
	if (pt->uses == PART_KEPT && pt->pid == made.pid &&
	    pt->waker == waker) {
		made = *pt;
		err = made.len ? sb_join(b, f->ptext.s + made.off,
					 made.len) : 0;
	} else {
		if (pt->uses && pt->pid == made.pid && pt->waker == waker)
			made.uses = pt->uses;
		err = make_part(f, b, st, pid, waker, &made, &text);
		if (err)
			return err;
		if (++made.uses == PART_KEPT) {
			made.off = f->ptext.len;
			err = sb_add(&f->ptext, made.len ? text : "", made.len);
		}
		*pt = made;
	}
	if (err || !made.len)
		return err;
	*unresolved |= made.unresolved;
	*truncated |= made.truncated;
	return 0;
}

static int fold_sample(struct folder *f, const struct profile_sample *smp,
		       struct folded_summary *sum)
{
	bool unresolved = false, truncated = false;
	bool user = !f->o->kernel_only, kernel = !f->o->user_only;
	bool off = smp->kind == PROFILE_OFF_CPU;
	uint64_t value = profile_sample_value(f->p, smp);
	struct sbuf *b = &f->line;
	int err;

	b->len = 0;
	err = root_frame(f, smp, b, sum);
	if (!err && user)
		err = add_part(f, b, smp->pid, smp->ustack, false,
			       &unresolved, &truncated);
	if (!err && kernel)
		err = add_part(f, b, smp->pid, smp->kstack, false,
			       &unresolved, &truncated);
	if (!err && off && f->mixed)
		err = sb_frame(b, "[off-cpu]", "");
	if (!err && off && ((user && smp->wustack) || (kernel && smp->wkstack)))
		err = sb_frame(b, FRAMES_WAKER_SEP, "");
	/* No waker pid in the profile: see folded.h. */
	if (!err && off && kernel)
		err = add_part(f, b, smp->pid, smp->wkstack, true,
			       &unresolved, &truncated);
	if (!err && off && user)
		err = add_part(f, b, smp->pid, smp->wustack, true,
			       &unresolved, &truncated);
	if (err)
		return err;
	sum->samples += value;
	if (unresolved)
		sum->unresolved += value;
	if (truncated)
		sum->truncated += value;
	return add_line(f, value);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(((const struct folded_stack *)a)->text,
		      ((const struct folded_stack *)b)->text);
}

/* The lines, if any, are the caller's now. */
static void folder_free(struct folder *f)
{
	free(f->parts);
	free(f->ptext.s);
	free(f->frags);
	htab_free(&f->findex);
	free(f->ftext.s);
	free(f->pbuf.s);
	free(f->tmp.s);
	free(f->line.s);
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
	f.parts = calloc(p->nr_stacks + 1, sizeof(*f.parts));
	if (!f.parts)
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
