// SPDX-License-Identifier: GPL-2.0
/*
 * perf-script text: fgprof's timeline in the shape of `perf script`
 * output, so that the tools built around perf (stackcollapse-perf.pl,
 * FlameScope, speedscope's importer...) read fgprof recordings.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"
#include "perfscript.h"
#include "timerange.h"

struct ps {
	const struct profile *p;
	const struct perfscript_opts *o;
	struct symbolizer *sym;
	struct map_lookup ml;
	struct frames fr;
	FILE *out;
};

/* perf's name for a frame's object: no spaces, the parsers split on them. */
static void put_dso(FILE *out, const char *path)
{
	for (; *path; path++)
		fputc(*path == ' ' || *path == '(' || *path == ')' ? '_' : *path,
		      out);
}

/*
 * One address's function in perf's spelling: "[unknown]" for what it
 * cannot name (stackcollapse-perf.pl then writes "[DSO]", as for perf's
 * own output), an inline chain on one line from the real function in,
 * "real->inlined->...", which stackcollapse-perf.pl splits into frames
 * marked "_[i]" (perf's "NAME (inlined)" lines would lose the mark).
 */
static void put_function(struct ps *ps)
{
	int j;

	for (j = ps->fr.nr; j-- > 0;) {
		const struct sym_frame *f = &ps->fr.v[j];

		fprintf(ps->out, "%s%s", j < ps->fr.nr - 1 ? "->" : "",
			f->resolved ? f->name : SYM_UNKNOWN);
	}
}

static void put_frames(struct ps *ps, uint32_t id, uint32_t pid)
{
	const struct profile_stack *st = profile_stack(ps->p, id);
	const uint64_t *ips;
	uint32_t i;

	if (!st)
		return;
	ips = profile_stack_ips(ps->p, st);
	for (i = 0; i < st->nr; i++) {
		const struct profile_map *m = st->kernel ? NULL :
			map_lookup_find(&ps->ml, pid, ips[i]);

		frames_of(ps->sym, st->kernel, pid, ips[i], i > 0,
			  ps->o->no_inline, &ps->fr);
		fprintf(ps->out, "\t%16" PRIx64 " ", ips[i]);
		put_function(ps);
		fputs(" (", ps->out);
		if (st->kernel)
			fputs(FRAMES_KERNEL_DSO, ps->out);
		else
			put_dso(ps->out, m ? m->path : SYM_UNKNOWN);
		fputs(")\n", ps->out);
	}
	if (st->truncated)
		fprintf(ps->out, "\t%16x [truncated] (%s)\n", 0,
			st->kernel ? FRAMES_KERNEL_DSO : SYM_UNKNOWN);
}

static const struct profile *cmp_p;

/* Time order, ties in recorded order: the ring drains per CPU. */
static int cmp_time(const void *a, const void *b)
{
	const struct profile_tl *x = &cmp_p->timeline[*(const size_t *)a];
	const struct profile_tl *y = &cmp_p->timeline[*(const size_t *)b];

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

int perfscript_write(FILE *out, const struct profile *p, struct symbolizer *s,
		     const struct perfscript_opts *o, char *err,
		     size_t errlen)
{
	struct ps *ps;
	struct tl_lookup l = { 0 };
	size_t *order, i;
	int e;

	if (!p->nr_timeline) {
		snprintf(err, errlen,
			 "--format perf-script needs timeline records: this profile has none (record it with --timeline)");
		return -EINVAL;
	}
	ps = calloc(1, sizeof(*ps));
	order = calloc(p->nr_timeline, sizeof(*order));
	e = !ps || !order ? -ENOMEM : 0;
	if (!e) {
		ps->p = p;
		ps->o = o;
		ps->sym = s;
		ps->out = out;
		e = map_lookup_init(&ps->ml, p) ?: tl_lookup_init(&l, p);
	}
	if (e) {
		tl_lookup_free(&l);
		if (ps)
			map_lookup_free(&ps->ml);
		free(ps);
		free(order);
		return e;
	}
	for (i = 0; i < p->nr_timeline; i++)
		order[i] = i;
	cmp_p = p;
	qsort(order, p->nr_timeline, sizeof(*order), cmp_time);
	cmp_p = NULL;
	for (i = 0; i < p->nr_timeline; i++) {
		const struct profile_tl *t = &p->timeline[order[i]];
		struct profile_sample smp;

		tl_lookup_sample(&l, t, &smp);
		fprintf(out, "%s %u/%u [%03u] %" PRIu64 ".%06" PRIu64 ": %" PRIu64 " %s:\n",
			smp.comm[0] ? smp.comm : "[unnamed]", t->pid,
			t->tid ?: t->pid, t->cpu, t->time_ns / 1000000000,
			t->time_ns % 1000000000 / 1000, smp.period,
			p->hdr.event[0] ? p->hdr.event : "cpu-clock");
		if (!o->user_only)
			put_frames(ps, t->kstack, t->pid);
		if (!o->kernel_only)
			put_frames(ps, t->ustack, t->pid);
		fputc('\n', out);
	}
	tl_lookup_free(&l);
	map_lookup_free(&ps->ml);
	free(ps);
	free(order);
	return fflush(out) || ferror(out) ? -EIO : 0;
}
