// SPDX-License-Identifier: GPL-2.0
/*
 * speedscope output: frames deduplicated into shared.frames, each sample
 * entry a list of frame indexes from the root, written once every frame
 * is known.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"
#include "graphkind.h"
#include "htab.h"
#include "jsonw.h"
#include "speedscope.h"

/*
 * A function: speedscope merges call-tree nodes by frame, so a frame
 * keyed by its line too would split one function into siblings (two
 * `main` in left-heavy, `spin` twice in sandwich). Lines stay in pprof.
 */
struct ss_frame {
	char *name;
	const char *file;	/* the symbolizer's, or FRAMES_KERNEL_DSO */
};

struct ss {
	const struct profile *p;
	struct symbolizer *sym;
	const struct folded_opts *o;
	struct ss_frame *frames;
	size_t nr_frames, cap_frames;
	struct htab index;
	uint32_t *stacks;	/* every sample's frame indexes, back to back */
	size_t nr_stacks, cap_stacks;
	size_t *first;		/* sample i: stacks[first[i] .. first[i + 1]) */
	struct frames fr;
};

static bool frame_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct ss_frame *a = &((const struct ss *)ctx)->frames[idx];
	const struct ss_frame *b = key;

	return !strcmp(a->name, b->name) &&
	       !strcmp(a->file ?: "", b->file ?: "");
}

static int push(struct ss *ss, uint32_t idx)
{
	if (ss->nr_stacks == ss->cap_stacks) {
		size_t cap = ss->cap_stacks ? ss->cap_stacks * 2 : 1024;
		uint32_t *n = realloc(ss->stacks, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		ss->stacks = n;
		ss->cap_stacks = cap;
	}
	ss->stacks[ss->nr_stacks++] = idx;
	return 0;
}

/* Appends the frame (name, file), added to the table if new. */
static int add_frame(struct ss *ss, const char *name, const char *file)
{
	struct ss_frame k = { (char *)name, file };
	uint32_t h = hash_bytes(name, strlen(name), 0);
	long found;

	h = hash_bytes(file ?: "", strlen(file ?: ""), h);
	found = htab_find(&ss->index, h, frame_eq, ss, &k);
	if (found >= 0)
		return push(ss, found);
	if (ss->nr_frames == ss->cap_frames) {
		size_t cap = ss->cap_frames ? ss->cap_frames * 2 : 256;
		struct ss_frame *n = realloc(ss->frames, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		ss->frames = n;
		ss->cap_frames = cap;
	}
	k.name = strdup(name);
	if (!k.name || htab_insert(&ss->index, h, ss->nr_frames)) {
		free(k.name);
		return -ENOMEM;
	}
	ss->frames[ss->nr_frames] = k;
	return push(ss, ss->nr_frames++);
}

/* One address's frames, outside in; a waker's inside out, "_[w]". */
static int add_address(struct ss *ss, const struct profile_stack *st,
		       uint32_t pid, uint64_t ip, bool ret, bool waker)
{
	char name[FRAMES_NAME_MAX];
	int i, j, err = 0;

	frames_of(ss->sym, st->kernel, pid, ip, ret, ss->o->no_inline,
		  &ss->fr);
	for (i = 0; !err && i < ss->fr.nr; i++) {
		const struct sym_frame *f;

		j = waker ? i : ss->fr.nr - 1 - i;
		f = &ss->fr.v[j];
		err = add_frame(ss, waker ? frames_waker_name(name, f->name) :
				f->name,
				st->kernel ? FRAMES_KERNEL_DSO : f->file);
	}
	return err;
}

/*
 * A stack's frames from its outermost address, or a waker's from its
 * innermost (folded's order: the two leaves meet at "--").
 */
static int add_stack(struct ss *ss, uint32_t id, uint32_t pid, bool waker)
{
	const struct profile_stack *st = profile_stack(ss->p, id);
	const char *dso, *trunc = waker ? "[truncated]" FRAMES_WAKER_SUFFIX :
				  "[truncated]";
	const uint64_t *ips;
	uint32_t i, at;
	int err = 0;

	if (!st)
		return 0;
	ips = profile_stack_ips(ss->p, st);
	dso = st->kernel ? FRAMES_KERNEL_DSO : NULL;
	if (st->truncated && !waker)
		err = add_frame(ss, trunc, dso);
	for (i = 0; !err && i < st->nr; i++) {
		at = waker ? i : st->nr - 1 - i;
		err = add_address(ss, st, pid, ips[at], at > 0, waker);
	}
	if (!err && st->truncated && waker)
		err = add_frame(ss, trunc, dso);
	return err;
}

/* An off-CPU sample's waker, after "--"; see frames.h. */
static int add_waker(struct ss *ss, const struct profile_sample *smp)
{
	bool user = smp->wustack && !ss->o->kernel_only;
	bool kernel = smp->wkstack && !ss->o->user_only;
	int err;

	if (smp->kind != PROFILE_OFF_CPU || (!user && !kernel))
		return 0;
	err = add_frame(ss, FRAMES_WAKER_SEP, NULL);
	if (!err && kernel)
		err = add_stack(ss, smp->wkstack, smp->pid, true);
	if (!err && user)
		err = add_stack(ss, smp->wustack, smp->pid, true);
	return err;
}

static int add_sample(struct ss *ss, const struct profile_sample *smp)
{
	const char *comm = smp->comm[0] ? smp->comm : "[unnamed]";
	char root[FGPROF_COMM_LEN + 32];
	int err;

	/* The root frame, as folded.c names it. */
	if (ss->o->tid && smp->tid)
		snprintf(root, sizeof(root), "%s-%u/%u", comm, smp->pid,
			 smp->tid);
	else if (ss->o->tid || ss->o->pid)
		snprintf(root, sizeof(root), "%s-%u", comm, smp->pid);
	else
		snprintf(root, sizeof(root), "%s", comm);
	err = add_frame(ss, root, NULL);
	if (!err && smp->ustack && !ss->o->kernel_only)
		err = add_stack(ss, smp->ustack, smp->pid, false);
	if (!err && smp->kstack && !ss->o->user_only)
		err = add_stack(ss, smp->kstack, smp->pid, false);
	return err ?: add_waker(ss, smp);
}

static void write_json(FILE *out, struct ss *ss)
{
	const struct profile *p = ss->p;
	bool samples = profile_unit_is_samples(p);
	bool ns = !strcmp(p->hdr.unit, PROFILE_UNIT_NS);
	uint64_t total = 0;
	struct measure m;
	size_t i, j;

	graph_measure(p, &m);
	fprintf(out, "{\"$schema\":\"%s\",\n\"exporter\":\"fgprof\",\n",
		SPEEDSCOPE_SCHEMA);
	fputs("\"name\":", out);
	json_string(out, m.label);
	fputs(",\n\"activeProfileIndex\":0,\n\"shared\":{\"frames\":[", out);
	for (i = 0; i < ss->nr_frames; i++) {
		const struct ss_frame *f = &ss->frames[i];

		fputs(i ? ",\n{\"name\":" : "\n{\"name\":", out);
		json_string(out, f->name);
		if (f->file) {
			fputs(",\"file\":", out);
			json_string(out, f->file);
		}
		fputc('}', out);
	}
	fputs("]},\n\"profiles\":[{\"type\":\"sampled\",\"name\":", out);
	json_string(out, m.label);
	fprintf(out, ",\"unit\":\"%s\",\"startValue\":0,\n\"samples\":[",
		samples ? "none" : ns ? "nanoseconds" :
		!strcmp(p->hdr.unit, PROFILE_UNIT_BYTES) ? "bytes" : "none");
	for (i = 0; i < p->nr_samples; i++) {
		fputs(i ? ",\n[" : "\n[", out);
		for (j = ss->first[i]; j < ss->first[i + 1]; j++)
			fprintf(out, "%s%" PRIu32, j > ss->first[i] ? "," : "",
				ss->stacks[j]);
		fputc(']', out);
	}
	fputs("],\n\"weights\":[", out);
	for (i = 0; i < p->nr_samples; i++) {
		uint64_t w = profile_sample_value(p, &p->samples[i]);

		fprintf(out, "%s%" PRIu64, i ? "," : "", w);
		total += w;
	}
	fprintf(out, "],\n\"endValue\":%" PRIu64 "}]}\n", total);
}

int speedscope_write(FILE *out, const struct profile *p,
		     struct symbolizer *s, const struct folded_opts *o)
{
	struct ss ss = { .p = p, .sym = s, .o = o };
	size_t i;
	int err = 0;

	ss.first = calloc(p->nr_samples + 1, sizeof(*ss.first));
	if (!ss.first)
		err = -ENOMEM;
	for (i = 0; !err && i < p->nr_samples; i++) {
		ss.first[i] = ss.nr_stacks;
		err = add_sample(&ss, &p->samples[i]);
		ss.first[i + 1] = ss.nr_stacks;
	}
	if (!err) {
		write_json(out, &ss);
		err = fflush(out) || ferror(out) ? -EIO : 0;
	}
	for (i = 0; i < ss.nr_frames; i++)
		free(ss.frames[i].name);
	free(ss.frames);
	free(ss.stacks);
	free(ss.first);
	htab_free(&ss.index);
	return err;
}
