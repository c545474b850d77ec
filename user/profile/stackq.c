// SPDX-License-Identifier: GPL-2.0
/*
 * The stack-quality report (stackq.h). Each distinct user stack is
 * looked at once (its outermost frame, the file and name of each frame)
 * and every sample naming it adds its value. A stack id is shared by
 * processes whose stacks hold the same addresses: it is read in the
 * process of its first sample, as the flame graph would name it there.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "stackq.h"

static const char *const entry_names[] = {
	"_start", "main", "__libc_start_main", "__libc_start_call_main",
	"__libc_start_main_impl", "clone", "__clone", "clone3", "__clone3",
	"start_thread", "__clone_internal",
	/* The dynamic loader's own start, before it jumps to the program's. */
	"_dl_start", "_dl_start_user",
};

bool stackq_entry_name(const char *name)
{
	/* A dynamic symbol's version: "__libc_start_main@@GLIBC_2.34". */
	size_t n = strcspn(name, "@"), i;

	for (i = 0; i < sizeof(entry_names) / sizeof(entry_names[0]); i++)
		if (strlen(entry_names[i]) == n &&
		    !strncmp(name, entry_names[i], n))
			return true;
	return false;
}

bool stackq_reaches_entry(struct symbolizer *s, uint32_t pid,
			  const uint64_t *ips, uint32_t nr)
{
	uint64_t ip = ips[nr - 1];
	bool ret = nr > 1, resolved;
	const char *name = symbolize_user(s, pid, ip, ret, &resolved);

	return (resolved && stackq_entry_name(name)) ||
	       symbolize_user_outermost(s, pid, ip, ret);
}

/* What a distinct stack holds, for every sample naming it. */
struct sq_stack {
	bool done;
	bool entry;
	bool unnamed;
	size_t first;		/* its files in refs[] */
	uint32_t nr;
};

/* A file of a stack: index in files[] << 1 | 1 if unnamed there. */
struct sq_build {
	struct stackq *q;
	struct sq_stack *st;
	uint32_t *refs;
	size_t nr_refs, cap_refs;
	size_t cap_files;
};

static int file_index(struct sq_build *b, const struct sym_file_info *fi,
		      uint32_t *idx)
{
	const char *path = fi->path ? fi->path : SYM_UNKNOWN;
	struct stackq *q = b->q;
	size_t i;

	/* A profile maps a few dozen files: a linear search will do. */
	for (i = 0; i < q->nr_files; i++)
		if (!strcmp(q->files[i].path, path))
			break;
	if (i == q->nr_files) {
		if (array_grow((void **)&q->files, &b->cap_files, q->nr_files,
			       sizeof(*q->files)))
			return -ENOMEM;
		q->files[i] = (struct stackq_file){ .path = path,
						    .dwarf = fi->dwarf,
						    .cfi = fi->cfi };
		q->nr_files++;
	}
	*idx = i;
	return 0;
}

/* Adds file idx (unnamed there or not) to the stack being read. */
static int add_ref(struct sq_build *b, struct sq_stack *st, uint32_t idx,
		   bool unnamed)
{
	uint32_t i;

	for (i = 0; i < st->nr; i++) {
		uint32_t *r = &b->refs[st->first + i];

		if (*r >> 1 == idx) {
			*r |= unnamed;
			return 0;
		}
	}
	if (array_grow((void **)&b->refs, &b->cap_refs, b->nr_refs,
		       sizeof(*b->refs)))
		return -ENOMEM;
	b->refs[b->nr_refs++] = idx << 1 | unnamed;
	st->nr++;
	return 0;
}

static int read_stack(struct sq_build *b, struct symbolizer *s, uint32_t pid,
		      const struct profile_stack *ps, const uint64_t *ips,
		      struct sq_stack *st)
{
	struct sym_frame fr[SYM_MAX_FRAMES];
	struct sym_file_info fi;
	uint32_t i, idx;
	int n, err = 0;

	st->done = true;
	st->first = b->nr_refs;
	st->entry = !ps->truncated && stackq_reaches_entry(s, pid, ips, ps->nr);
	for (i = 0; !err && i < ps->nr; i++) {
		n = symbolize_user_frames(s, pid, ips[i], i > 0, fr,
					  SYM_MAX_FRAMES);
		/* The real function is the last frame. */
		if (!fr[n - 1].resolved)
			st->unnamed = true;
		symbolize_user_file(s, pid, ips[i], &fi);
		err = file_index(b, &fi, &idx);
		if (!err)
			err = add_ref(b, st, idx, !fr[n - 1].resolved);
	}
	return err;
}

static int by_value(const void *a, const void *b)
{
	const struct stackq_file *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->path, y->path);
}

int stackq_collect(const struct profile *p, struct symbolizer *s,
		   struct stackq *q)
{
	struct sq_build b = { .q = q };
	const struct profile_stack *ps;
	struct sq_stack *st;
	uint64_t v;
	size_t i;
	uint32_t j;
	int err = 0;

	memset(q, 0, sizeof(*q));
	b.st = calloc(p->nr_stacks + 1, sizeof(*b.st));
	if (!b.st)
		return -ENOMEM;
	for (i = 0; !err && i < p->nr_samples; i++) {
		const struct profile_sample *sa = &p->samples[i];

		v = profile_sample_value(p, sa);
		q->total += v;
		ps = profile_stack(p, sa->ustack);
		if (!ps || !ps->nr)
			continue;
		st = &b.st[sa->ustack - 1];
		if (!st->done)
			err = read_stack(&b, s, sa->pid, ps,
					 profile_stack_ips(p, ps), st);
		q->user += v;
		q->reached += st->entry ? v : 0;
		q->truncated += ps->truncated ? v : 0;
		q->unnamed += st->unnamed ? v : 0;
		for (j = 0; !err && j < st->nr; j++) {
			uint32_t r = b.refs[st->first + j];

			q->files[r >> 1].value += v;
			q->files[r >> 1].unnamed += r & 1 ? v : 0;
		}
	}
	free(b.st);
	free(b.refs);
	if (err) {
		stackq_free(q);
		return err;
	}
	if (q->nr_files)
		qsort(q->files, q->nr_files, sizeof(*q->files), by_value);
	return 0;
}

void stackq_free(struct stackq *q)
{
	free(q->files);
	q->files = NULL;
	q->nr_files = 0;
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

static const char *base_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

#define P	"fgprof: stack quality: "

static void print_unwinder(FILE *out, const struct profile *p)
{
	const struct fgprof_stats *st = &p->stats;

	if (p->hdr.flags & FGPROF_CF_LBR) {
		fputs(P "user stacks from the LBR (call stacks of the last few calls only)\n",
		      out);
		return;
	}
	if (!(p->hdr.flags & FGPROF_CF_USER_CFI)) {
		fputs(P "user stacks walked by frame pointers only (--user-unwind=fp): code built without them (most distribution binaries and libc) loses its callers; fix: record without --user-unwind=fp (auto, the default, walks .eh_frame tables)\n",
		      out);
		return;
	}
	fprintf(out, P "user frames by unwind table %llu, by frame pointer (no table for the pc) %llu; walks ended early: no table and no frame pointer %llu, rule the module cannot follow %llu, stack read fault %llu, bad CFA %llu\n",
		st->user_frames_cfi, st->user_frames_fp, st->cfi_stop_no_info,
		st->cfi_stop_unsupported, st->cfi_stop_fault,
		st->cfi_stop_bad_cfa);
	if (st->cfi_tables_full || st->cfi_map_full)
		fprintf(out, P "warning: unwind tables refused: %llu loads (memory cap, fix: a larger cfi_mb), %llu mappings (a process's limit): their code was walked by frame pointers\n",
			st->cfi_tables_full, st->cfi_map_full);
}

/* A file that could be read, not [vdso] or an address in no mapping. */
static bool real_file(const struct stackq_file *f)
{
	return f->path[0] == '/';
}

static bool lacks_cfi(const struct stackq_file *f)
{
	return real_file(f) && !f->cfi;
}

static bool lacks_dwarf(const struct stackq_file *f)
{
	return real_file(f) && !f->dwarf;
}

static bool has_unnamed(const struct stackq_file *f)
{
	return f->unnamed;
}

/*
 * One line: head, then each file that pick() takes with its share
 * (unnamed: of its samples with an unnamed frame there, else of all its
 * samples), then fix. Nothing when no file is taken.
 */
static void print_file_list(FILE *out, const struct stackq *q,
			    bool (*pick)(const struct stackq_file *),
			    bool unnamed, const char *head, const char *fix)
{
	const char *sep = "";
	size_t i, shown = 0;

	for (i = 0; i < q->nr_files; i++) {
		const struct stackq_file *f = &q->files[i];

		if (!pick(f))
			continue;
		if (!shown++)
			fprintf(out, P "%s:", head);
		fprintf(out, "%s %s %.1f%%", sep,
			unnamed ? base_of(f->path) : f->path,
			pct(unnamed ? f->unnamed : f->value, q->user));
		sep = ",";
	}
	if (shown)
		fprintf(out, "; fix: %s\n", fix);
}

static void print_files(FILE *out, const struct profile *p,
			const struct stackq *q)
{
	char head[96];

	/*
	 * Code without tables is walked by a frame-pointer step: where it
	 * keeps no frame pointer, its caller is skipped (re-parented).
	 */
	if (p->hdr.flags & FGPROF_CF_USER_CFI)
		print_file_list(out, q, lacks_cfi, false,
				"warning: without unwind tables (.eh_frame), walked by frame pointers, callers skipped where they keep none",
				"build them with unwind tables (gcc's default on x86-64, -fasynchronous-unwind-tables) or with -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer");
	snprintf(head, sizeof(head),
		 "%.1f%% with an unnamed user frame; by file",
		 pct(q->unnamed, q->user));
	print_file_list(out, q, has_unnamed, true, head,
			"the files' symbols (on Debian the -dbgsym package of the package `dpkg -S FILE` names, or DEBUGINFOD_URLS=https://debuginfod.debian.net)");
	print_file_list(out, q, lacks_dwarf, false,
			"without debug info (no inline frames, no source lines)",
			"the same debug packages");
}

void stackq_print(FILE *out, const struct profile *p, const struct stackq *q)
{
	const struct fgprof_stats *st = &p->stats;
	uint64_t lost = st->drop_counts_full + st->drop_stacks_full +
			st->drop_nested + st->offcpu_drop_inflight_full +
			st->offcpu_drop_stacks_full +
			st->offcpu_drop_counts_full + st->offcpu_drop_nested +
			st->uprobe_drop_stacks_full +
			st->uprobe_drop_counts_full + st->uprobe_drop_nested;
	double reach = pct(q->reached, q->user);

	if (q->user) {
		fprintf(out, P "%.1f%% of the user-stack %s reach an entry point (_start, main, a thread start)\n",
			reach, p->hdr.unit);
		if (reach < STACKQ_REACH_OK)
			fprintf(out, P "warning: %.1f%% end before one: their time is drawn under the caller the walk stopped at, not under their real callers%s\n",
				100.0 - reach,
				p->hdr.flags & FGPROF_CF_USER_CFI ? "" :
				" (fix: record with --user-unwind=auto, the default)");
		print_unwinder(out, p);
		fprintf(out, P "%.1f%% truncated at the user depth%s\n",
			pct(q->truncated, q->user),
			q->truncated ? " (fix: a larger --user-depth, up to 127)" : "");
		print_files(out, p, q);
	}
	fprintf(out, P "%" PRIu64 " samples lost of %llu (%.2f%%)%s\n", lost,
		st->samples + st->offcpu_switch_outs + st->uprobe_hits,
		pct(lost, st->samples + st->offcpu_switch_outs +
			  st->uprobe_hits),
		lost ? " (fix: larger --stack-slots, --stack-frames, --count-slots, --inflight-slots)" : "");
	if (p->hdr.event_type == PERF_TYPE_HARDWARE && !p->hdr.precise_ip)
		fprintf(out, P "-e %s is imprecise: a sample's leaf can be an instruction or more past the one that caused it (skid); fix: -e %s:pp where the CPU has PEBS or IBS\n",
			p->hdr.event, p->hdr.event);
}

void stackq_line(const struct profile *p, const struct stackq *q, char *buf,
		 size_t len)
{
	double reach = pct(q->reached, q->user);

	if (!q->user) {
		snprintf(buf, len, "no user stacks");
		return;
	}
	snprintf(buf, len, "%sstacks: %.1f%% reach an entry point, %.1f%% truncated, %.1f%% with unnamed frames (%s)",
		 reach < STACKQ_REACH_OK ? "WARNING: callers may be wrong; " : "",
		 reach, pct(q->truncated, q->user), pct(q->unnamed, q->user),
		 p->hdr.flags & FGPROF_CF_LBR ? "LBR" :
		 p->hdr.flags & FGPROF_CF_USER_CFI ? "unwind tables" :
		 "frame pointers only");
}
