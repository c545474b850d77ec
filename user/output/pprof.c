// SPDX-License-Identifier: GPL-2.0
/*
 * pprof output: the profile model as a gzipped profile.proto message,
 * encoded with pbwriter.c. Field numbers are profile.proto's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "array.h"
#include "frames.h"
#include "graphkind.h"
#include "htab.h"
#include "pprof.h"

/* message Profile */
#define PROFILE_SAMPLE_TYPE	1
#define PROFILE_SAMPLE		2
#define PROFILE_MAPPING		3
#define PROFILE_LOCATION	4
#define PROFILE_FUNCTION	5
#define PROFILE_STRING_TABLE	6
#define PROFILE_TIME_NANOS	9
#define PROFILE_DURATION_NANOS	10
#define PROFILE_PERIOD_TYPE	11
#define PROFILE_PERIOD		12
#define PROFILE_COMMENT		13
#define PROFILE_DEFAULT_TYPE	14
/* message ValueType */
#define VT_TYPE			1
#define VT_UNIT			2
/* message Sample */
#define SAMPLE_LOCATION_ID	1
#define SAMPLE_VALUE		2
#define SAMPLE_LABEL		3
/* message Label */
#define LABEL_KEY		1
#define LABEL_STR		2
#define LABEL_NUM		3
/* message Mapping */
#define MAP_ID			1
#define MAP_START		2
#define MAP_LIMIT		3
#define MAP_OFFSET		4
#define MAP_FILENAME		5
#define MAP_BUILD_ID		6
#define MAP_HAS_FUNCTIONS	7
#define MAP_HAS_FILENAMES	8
#define MAP_HAS_LINES		9
#define MAP_HAS_INLINES		10
/* message Location */
#define LOC_ID			1
#define LOC_MAPPING_ID		2
#define LOC_ADDRESS		3
#define LOC_LINE		4
/* message Line */
#define LINE_FUNCTION_ID	1
#define LINE_LINE		2
/* message Function */
#define FUNC_ID			1
#define FUNC_NAME		2
#define FUNC_SYSTEM_NAME	3
#define FUNC_FILENAME		4

struct strtab {
	char **v;
	size_t nr, cap;
	struct htab index;
};

struct func {
	uint64_t name, file;	/* string table indexes */
};

struct loc {
	uint32_t pid;		/* 0 for kernel addresses */
	uint64_t addr;
	bool kernel, ret;
	bool waker;		/* in a waker stack: its functions are "_[w]" */
};

struct umap {
	const struct profile_map *m;
};

/* Everything a profile.proto message is made of, deduplicated. */
struct pprof {
	const struct profile *p;
	struct symbolizer *sym;
	const struct pprof_opts *o;
	struct map_lookup ml;
	struct strtab st;
	struct func *funcs;
	size_t nr_funcs, cap_funcs;
	struct htab func_index;
	struct loc *locs;
	size_t nr_locs, cap_locs;
	struct htab loc_index;
	struct umap *maps;	/* mapping id N is maps[N - 1], NULL: kernel */
	size_t nr_maps, cap_maps;
	struct htab map_index;
	struct pb_buf body;	/* Locations, Functions, Mappings, Samples */
	struct pb_buf msg, sub;	/* scratch messages */
	struct frames fr;
	uint64_t truncated_loc[2]; /* "[truncated]", its waker's; 0 = none yet */
	uint64_t sep_loc;	/* the "--" before a waker stack, 0 = none yet */
	uint64_t kernel_map;	/* the kernel's Mapping id, 0 = none yet */
};

static bool str_eq(const void *ctx, uint32_t idx, const void *key)
{
	return !strcmp(((const struct strtab *)ctx)->v[idx], key);
}

/* The string table index of s; "" is always 0, as pprof requires. */
static int64_t intern(struct strtab *st, const char *s)
{
	uint32_t h = hash_bytes(s, strlen(s), 0);
	long found = htab_find(&st->index, h, str_eq, st, s);
	char *copy;

	if (found >= 0)
		return found;
	if (array_grow((void **)&st->v, &st->cap, st->nr, sizeof(*st->v)))
		return -ENOMEM;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	if (htab_insert(&st->index, h, st->nr)) {
		free(copy);
		return -ENOMEM;
	}
	st->v[st->nr] = copy;
	return st->nr++;
}

static bool func_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct func *a = &((const struct pprof *)ctx)->funcs[idx];
	const struct func *b = key;

	return a->name == b->name && a->file == b->file;
}

/* The Function id of (name, file), written to the body when new. */
static int64_t function_id(struct pprof *pp, const char *name,
			   const char *file)
{
	int64_t n = intern(&pp->st, name), f = intern(&pp->st, file ?: "");
	struct func k;
	uint32_t h;
	long found;

	if (n < 0 || f < 0)
		return -ENOMEM;
	k.name = n;
	k.file = f;
	h = hash_bytes(&k, sizeof(k), 0);
	found = htab_find(&pp->func_index, h, func_eq, pp, &k);
	if (found >= 0)
		return found + 1;
	if (array_grow((void **)&pp->funcs, &pp->cap_funcs, pp->nr_funcs,
		       sizeof(*pp->funcs)) ||
	    htab_insert(&pp->func_index, h, pp->nr_funcs))
		return -ENOMEM;
	pp->funcs[pp->nr_funcs++] = k;
	pb_reset(&pp->sub);
	pb_uint64(&pp->sub, FUNC_ID, pp->nr_funcs);
	pb_uint64(&pp->sub, FUNC_NAME, n);
	pb_uint64(&pp->sub, FUNC_SYSTEM_NAME, n);
	pb_uint64(&pp->sub, FUNC_FILENAME, f);
	pb_message(&pp->body, PROFILE_FUNCTION, &pp->sub);
	return pp->body.err ?: (int64_t)pp->nr_funcs;
}

static bool map_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct profile_map *a = ((const struct pprof *)ctx)->maps[idx].m;
	const struct profile_map *b = key;

	if (!a)
		return false;
	return a->start == b->start && a->end == b->end &&
	       a->offset == b->offset && !strcmp(a->path, b->path) &&
	       !strcmp(a->build_id ?: "", b->build_id ?: "");
}

static int write_mapping(struct pprof *pp, uint64_t id, uint64_t start,
			 uint64_t limit, uint64_t offset, const char *file,
			 const char *build_id)
{
	int64_t f = intern(&pp->st, file), b = intern(&pp->st, build_id ?: "");

	if (f < 0 || b < 0)
		return -ENOMEM;
	pb_reset(&pp->sub);
	pb_uint64(&pp->sub, MAP_ID, id);
	pb_uint64(&pp->sub, MAP_START, start);
	pb_uint64(&pp->sub, MAP_LIMIT, limit);
	pb_uint64(&pp->sub, MAP_OFFSET, offset);
	pb_uint64(&pp->sub, MAP_FILENAME, f);
	pb_uint64(&pp->sub, MAP_BUILD_ID, b);
	/* Symbolized here: pprof must not try again (or go to the network). */
	pb_bool(&pp->sub, MAP_HAS_FUNCTIONS, true);
	pb_bool(&pp->sub, MAP_HAS_FILENAMES, true);
	pb_bool(&pp->sub, MAP_HAS_LINES, true);
	pb_bool(&pp->sub, MAP_HAS_INLINES, true);
	pb_message(&pp->body, PROFILE_MAPPING, &pp->sub);
	return pp->body.err;
}

/*
 * The Mapping id for a user address: one per distinct file mapping
 * (processes forked from one parent share theirs), 0 when none holds it.
 */
static int64_t mapping_id(struct pprof *pp, uint32_t pid, uint64_t addr)
{
	const struct profile_map *m = map_lookup_find(&pp->ml, pid, addr);
	uint32_t h;
	long found;
	int err;

	if (!m)
		return 0;
	h = hash_bytes(&m->start, sizeof(m->start), 0);
	h = hash_bytes(m->path, strlen(m->path), h);
	found = htab_find(&pp->map_index, h, map_eq, pp, m);
	if (found >= 0)
		return found + 1;
	if (array_grow((void **)&pp->maps, &pp->cap_maps, pp->nr_maps,
		       sizeof(*pp->maps)) ||
	    htab_insert(&pp->map_index, h, pp->nr_maps))
		return -ENOMEM;
	pp->maps[pp->nr_maps++].m = m;
	err = write_mapping(pp, pp->nr_maps, m->start, m->end, m->offset,
			    m->path, m->build_id);
	return err ?: (int64_t)pp->nr_maps;
}

/*
 * The kernel's Mapping: the upper half of the address space, made when
 * first needed, so that pprof's "File:" (its first mapping) is a program
 * when user code comes first.
 */
static int64_t kernel_mapping_id(struct pprof *pp)
{
	int err;

	if (pp->kernel_map)
		return pp->kernel_map;
	if (array_grow((void **)&pp->maps, &pp->cap_maps, pp->nr_maps,
		       sizeof(*pp->maps)))
		return -ENOMEM;
	pp->maps[pp->nr_maps++].m = NULL;
	err = write_mapping(pp, pp->nr_maps, 0xffff800000000000ull,
			    UINT64_MAX, 0, FRAMES_KERNEL_DSO, NULL);
	if (err)
		return err;
	pp->kernel_map = pp->nr_maps;
	return pp->kernel_map;
}

static bool loc_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct loc *a = &((const struct pprof *)ctx)->locs[idx];
	const struct loc *b = key;

	return a->pid == b->pid && a->addr == b->addr &&
	       a->kernel == b->kernel && a->ret == b->ret &&
	       a->waker == b->waker;
}

/*
 * The Location id of an address. User addresses mean something only in
 * their process, hence (pid, address); a return address is looked up one
 * byte back, so it is a location of its own even where a leaf has the
 * same address. A waker's address is one too: its functions are named
 * "_[w]" and its inline chain reads the other way, as its stack does.
 */
static int64_t location_id(struct pprof *pp, bool kernel, uint32_t pid,
			   uint64_t addr, bool ret, bool waker)
{
	struct loc k = { .pid = kernel ? 0 : pid, .addr = addr,
			 .kernel = kernel, .ret = ret, .waker = waker };
	uint32_t h = hash_bytes(&k.pid, sizeof(k.pid), 0);
	int64_t map, fn[SYM_MAX_FRAMES];
	char name[FRAMES_NAME_MAX];
	struct sym_frame t;
	int i;
	long found;

	h = hash_bytes(&k.addr, sizeof(k.addr), h);
	h = hash_bytes(&k.kernel, sizeof(k.kernel), h);
	h = hash_bytes(&k.ret, sizeof(k.ret), h);
	h = hash_bytes(&k.waker, sizeof(k.waker), h);
	found = htab_find(&pp->loc_index, h, loc_eq, pp, &k);
	if (found >= 0)
		return found + 1;
	map = kernel ? kernel_mapping_id(pp) : mapping_id(pp, pid, addr);
	if (map < 0)
		return map;
	frames_of(pp->sym, kernel, pid, addr, ret, pp->o->no_inline,
		  &pp->fr);
	for (i = 0; waker && i < pp->fr.nr / 2; i++) {
		t = pp->fr.v[i];
		pp->fr.v[i] = pp->fr.v[pp->fr.nr - 1 - i];
		pp->fr.v[pp->fr.nr - 1 - i] = t;
	}
	for (i = 0; i < pp->fr.nr; i++) {
		const char *n = pp->fr.v[i].name;

		fn[i] = function_id(pp, waker ? frames_waker_name(name, n) : n,
				    pp->fr.v[i].file);
		if (fn[i] < 0)
			return fn[i];
	}
	if (array_grow((void **)&pp->locs, &pp->cap_locs, pp->nr_locs,
		       sizeof(*pp->locs)) ||
	    htab_insert(&pp->loc_index, h, pp->nr_locs))
		return -ENOMEM;
	pp->locs[pp->nr_locs++] = k;
	pb_reset(&pp->msg);
	pb_uint64(&pp->msg, LOC_ID, pp->nr_locs);
	pb_uint64(&pp->msg, LOC_MAPPING_ID, map);
	pb_uint64(&pp->msg, LOC_ADDRESS, addr);
	/* Innermost first: the last Line is the function they inline into. */
	for (i = 0; i < pp->fr.nr; i++) {
		pb_reset(&pp->sub);
		pb_uint64(&pp->sub, LINE_FUNCTION_ID, fn[i]);
		pb_int64(&pp->sub, LINE_LINE, pp->fr.v[i].line);
		pb_message(&pp->msg, LOC_LINE, &pp->sub);
	}
	pb_message(&pp->body, PROFILE_LOCATION, &pp->msg);
	return pp->body.err ?: (int64_t)pp->nr_locs;
}

/* A location of its own for a frame with no address. */
static int64_t named_id(struct pprof *pp, const char *name, uint64_t *id)
{
	int64_t fn;

	if (*id)
		return *id;
	fn = function_id(pp, name, NULL);
	if (fn < 0)
		return fn;
	if (array_grow((void **)&pp->locs, &pp->cap_locs, pp->nr_locs,
		       sizeof(*pp->locs)))
		return -ENOMEM;
	/* Never matched by loc_eq lookups: pid ~0 is no process. */
	pp->locs[pp->nr_locs++] = (struct loc){ .pid = UINT32_MAX };
	pb_reset(&pp->msg);
	pb_uint64(&pp->msg, LOC_ID, pp->nr_locs);
	pb_reset(&pp->sub);
	pb_uint64(&pp->sub, LINE_FUNCTION_ID, fn);
	pb_message(&pp->msg, LOC_LINE, &pp->sub);
	pb_message(&pp->body, PROFILE_LOCATION, &pp->msg);
	*id = pp->nr_locs;
	return pp->body.err ?: (int64_t)pp->nr_locs;
}

/* A cut stack's outermost frame, as in the folded output. */
static int64_t truncated_id(struct pprof *pp, bool waker)
{
	return named_id(pp, waker ? "[truncated]" FRAMES_WAKER_SUFFIX :
			"[truncated]", &pp->truncated_loc[waker]);
}

/*
 * A stack's locations appended to ids[], innermost first; a waker's
 * outermost first, as it reads from the sleeper's leaf on (folded's
 * order, turned leaf first).
 */
static int add_stack(struct pprof *pp, uint32_t id, uint32_t pid,
		     bool waker, uint64_t *ids, size_t *nr)
{
	const struct profile_stack *st = profile_stack(pp->p, id);
	const uint64_t *ips;
	uint32_t i, at;
	int64_t loc;

	if (!st)
		return 0;
	ips = profile_stack_ips(pp->p, st);
	if (st->truncated && waker) {
		loc = truncated_id(pp, true);
		if (loc < 0)
			return loc;
		ids[(*nr)++] = loc;
	}
	for (i = 0; i < st->nr; i++) {
		at = waker ? st->nr - 1 - i : i;
		loc = location_id(pp, st->kernel, pid, ips[at], at > 0, waker);
		if (loc < 0)
			return loc;
		ids[(*nr)++] = loc;
	}
	if (st->truncated && !waker) {
		loc = truncated_id(pp, false);
		if (loc < 0)
			return loc;
		ids[(*nr)++] = loc;
	}
	return 0;
}

/*
 * An off-CPU sample's waker stacks, then "--", before its own: they are
 * the leaf side in pprof, where folded puts them last. No waker pid is
 * recorded: its user stack is read in the sleeper's process (folded.h).
 */
static int add_waker(struct pprof *pp, const struct profile_sample *smp,
		     uint64_t *ids, size_t *nr)
{
	bool user = smp->wustack && !pp->o->kernel_only;
	bool kernel = smp->wkstack && !pp->o->user_only;
	int64_t sep;
	int err = 0;

	if (smp->kind != PROFILE_OFF_CPU || (!user && !kernel))
		return 0;
	if (user)
		err = add_stack(pp, smp->wustack, smp->pid, true, ids, nr);
	if (!err && kernel)
		err = add_stack(pp, smp->wkstack, smp->pid, true, ids, nr);
	if (err)
		return err;
	sep = named_id(pp, FRAMES_WAKER_SEP, &pp->sep_loc);
	if (sep < 0)
		return sep;
	ids[(*nr)++] = sep;
	return 0;
}

static void label_num(struct pb_buf *b, struct pb_buf *sub, int64_t key,
		      uint64_t num)
{
	pb_reset(sub);
	pb_uint64(sub, LABEL_KEY, key);
	pb_uint64_always(sub, LABEL_NUM, num);
	pb_message(b, SAMPLE_LABEL, sub);
}

static void label_str(struct pb_buf *b, struct pb_buf *sub, int64_t key,
		      int64_t str)
{
	pb_reset(sub);
	pb_uint64(sub, LABEL_KEY, key);
	pb_uint64(sub, LABEL_STR, str);
	pb_message(b, SAMPLE_LABEL, sub);
}

static int add_sample(struct pprof *pp, const struct profile_sample *smp,
		      uint64_t *ids)
{
	int64_t k_pid = intern(&pp->st, "pid"), k_tid = intern(&pp->st, "tid");
	int64_t k_comm = intern(&pp->st, "comm");
	int64_t k_kind = intern(&pp->st, "kind");
	int64_t comm = intern(&pp->st, smp->comm);
	int64_t kind = intern(&pp->st, smp->kind == PROFILE_OFF_CPU ?
					       "off-cpu" : smp->kind == PROFILE_ALLOC ?
					       "alloc" : "on-cpu");
	uint64_t values[2] = { smp->count, smp->period };
	size_t nr = 0;
	int err = 0;

	if (k_pid < 0 || k_tid < 0 || k_comm < 0 || k_kind < 0 || comm < 0 ||
	    kind < 0)
		return -ENOMEM;
	/* Leaf first: the kernel part sits on top of the user part. */
	err = add_waker(pp, smp, ids, &nr);
	if (!err && smp->kstack && !pp->o->user_only)
		err = add_stack(pp, smp->kstack, smp->pid, false, ids, &nr);
	if (!err && smp->ustack && !pp->o->kernel_only)
		err = add_stack(pp, smp->ustack, smp->pid, false, ids, &nr);
	if (err)
		return err;
	pb_reset(&pp->msg);
	pb_packed_uint64(&pp->msg, SAMPLE_LOCATION_ID, ids, nr);
	pb_packed_uint64(&pp->msg, SAMPLE_VALUE, values, 2);
	label_num(&pp->msg, &pp->sub, k_pid, smp->pid);
	if (smp->tid)
		label_num(&pp->msg, &pp->sub, k_tid, smp->tid);
	label_str(&pp->msg, &pp->sub, k_comm, comm);
	label_str(&pp->msg, &pp->sub, k_kind, kind);
	pb_message(&pp->body, PROFILE_SAMPLE, &pp->msg);
	return pp->body.err;
}

static int value_type(struct pprof *pp, struct pb_buf *b, uint32_t field,
		      const char *type, const char *unit)
{
	int64_t t = intern(&pp->st, type), u = intern(&pp->st, unit);

	if (t < 0 || u < 0)
		return -ENOMEM;
	pb_reset(&pp->sub);
	pb_uint64(&pp->sub, VT_TYPE, t);
	pb_uint64(&pp->sub, VT_UNIT, u);
	pb_message(b, field, &pp->sub);
	return b->err;
}

/*
 * Two values per sample, always: its count, and its period sum in what
 * that period measures (graph_measure): cpu nanoseconds for a clock
 * event, another event's count, off_cpu, wall or lock_wait nanoseconds,
 * allocated bytes... The comment names the measure in words; the period
 * is a sample's worth only where samples were taken at one.
 */
static int header(struct pprof *pp, struct pb_buf *b)
{
	const struct profile_header *h = &pp->p->hdr;
	struct measure m;
	int64_t comment, type;
	int err;

	graph_measure(pp->p, &m);
	err = value_type(pp, b, PROFILE_SAMPLE_TYPE, "samples", "count") ?:
	      value_type(pp, b, PROFILE_SAMPLE_TYPE, m.type, m.unit) ?:
	      value_type(pp, b, PROFILE_PERIOD_TYPE, m.type, m.unit);
	if (err)
		return err;
	pb_int64(b, PROFILE_TIME_NANOS, h->start_realtime_ns);
	pb_int64(b, PROFILE_DURATION_NANOS, h->duration_ns);
	pb_int64(b, PROFILE_PERIOD, m.period);
	comment = intern(&pp->st, m.label);
	type = intern(&pp->st, m.type);
	if (comment < 0 || type < 0)
		return -ENOMEM;
	pb_uint64(b, PROFILE_COMMENT, comment);
	pb_uint64(b, PROFILE_DEFAULT_TYPE, type);
	return b->err;
}

struct exe_weight {
	uint32_t pid;
	const struct profile_map *exe;
	uint64_t w;
};

static int cmp_pid(const void *a, const void *b)
{
	uint32_t x = ((const struct exe_weight *)a)->pid;
	uint32_t y = ((const struct exe_weight *)b)->pid;

	return x < y ? -1 : x > y;
}

static int cmp_exe(const void *a, const void *b)
{
	return strcmp(((const struct exe_weight *)a)->exe->path,
		      ((const struct exe_weight *)b)->exe->path);
}

/*
 * A process's executable: its lowest file mapping, as the kernel maps a
 * program (PIE or not) below its heap, the libraries and ld.so high.
 */
static const struct profile_map *exe_of(const struct profile *p,
					uint32_t pid)
{
	const struct profile_map *m, *low = NULL;
	size_t i;

	for (i = 0; i < p->nr_maps; i++) {
		m = &p->maps[i];
		if (m->pid == pid && m->path[0] != '[' &&
		    (!low || m->start < low->start))
			low = m;
	}
	return low;
}

/*
 * pprof takes the first Mapping for the program ("File:", "Build ID:"):
 * the executable with the most user samples (over all its processes)
 * goes first, not whatever the first sample's leaf lies in (the kernel,
 * ld.so).
 */
static int main_mapping(struct pprof *pp)
{
	const struct profile *p = pp->p;
	struct exe_weight *v = calloc(p->nr_samples + 1, sizeof(*v));
	const struct profile_map *best = NULL;
	uint64_t most = 0, sum = 0;
	size_t i, nr = 0, n = 0;
	int64_t id = 0;

	if (!v)
		return -ENOMEM;
	for (i = 0; !pp->o->kernel_only && i < p->nr_samples; i++)
		if (p->samples[i].ustack)
			v[nr++] = (struct exe_weight){
				.pid = p->samples[i].pid,
				.w = profile_sample_value(p, &p->samples[i]) };
	/* Per process, then per executable. */
	qsort(v, nr, sizeof(*v), cmp_pid);
	for (i = 0; i < nr; i++) {
		if (n && v[n - 1].pid == v[i].pid) {
			v[n - 1].w += v[i].w;
			continue;
		}
		v[n] = v[i];
		v[n].exe = exe_of(p, v[i].pid);
		n += v[n].exe != NULL;
	}
	qsort(v, n, sizeof(*v), cmp_exe);
	for (i = 0; i < n; i++) {
		sum = (i && !cmp_exe(&v[i], &v[i - 1]) ? sum : 0) + v[i].w;
		if (!best || sum > most) {
			most = sum;
			best = v[i].exe;
		}
	}
	if (best)
		id = mapping_id(pp, best->pid, best->start);
	free(v);
	return id < 0 ? id : 0;
}

static void pprof_free(struct pprof *pp)
{
	size_t i;

	for (i = 0; i < pp->st.nr; i++)
		free(pp->st.v[i]);
	free(pp->st.v);
	htab_free(&pp->st.index);
	free(pp->funcs);
	htab_free(&pp->func_index);
	free(pp->locs);
	htab_free(&pp->loc_index);
	free(pp->maps);
	htab_free(&pp->map_index);
	map_lookup_free(&pp->ml);
	pb_free(&pp->body);
	pb_free(&pp->msg);
	pb_free(&pp->sub);
	free(pp);
}

int pprof_encode(const struct profile *p, struct symbolizer *s,
		 const struct pprof_opts *o, struct pb_buf *out)
{
	struct pprof *pp = calloc(1, sizeof(*pp));
	uint64_t *ids = NULL;
	size_t i;
	int err;

	if (!pp)
		return -ENOMEM;
	pp->p = p;
	pp->sym = s;
	pp->o = o;
	err = map_lookup_init(&pp->ml, p);
	if (!err && intern(&pp->st, "") != 0)
		err = -ENOMEM;
	/* Four stacks (with the waker's), each maybe [truncated], and "--". */
	ids = calloc(4 * (PROFILE_MAX_FRAMES + 1) + 1, sizeof(*ids));
	if (!ids)
		err = -ENOMEM;
	if (!err)
		err = main_mapping(pp);
	for (i = 0; !err && i < p->nr_samples; i++)
		err = add_sample(pp, &p->samples[i], ids);
	if (!err)
		err = header(pp, out);
	for (i = 0; !err && i < pp->st.nr; i++)
		pb_string(out, PROFILE_STRING_TABLE, pp->st.v[i]);
	if (!err)
		pb_raw(out, pp->body.data, pp->body.len);
	err = err ?: out->err;
	free(ids);
	pprof_free(pp);
	return err;
}

/* gzip, as pprof reads it (it also takes raw protobuf, but nobody else). */
static int gzip_to(FILE *out, const struct pb_buf *b)
{
	unsigned char chunk[65536];
	z_stream z = { 0 };
	int ret;

	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	z.next_in = b->data;
	z.avail_in = b->len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		ret = deflate(&z, Z_FINISH);
		if (ret == Z_STREAM_ERROR)
			break;
		fwrite(chunk, 1, sizeof(chunk) - z.avail_out, out);
	} while (ret != Z_STREAM_END);
	deflateEnd(&z);
	if (ret != Z_STREAM_END)
		return -EIO;
	return fflush(out) || ferror(out) ? -EIO : 0;
}

int pprof_write(FILE *out, const struct profile *p, struct symbolizer *s,
		const struct pprof_opts *o)
{
	struct pb_buf b = { 0 };
	int err = pprof_encode(p, s, o, &b);

	if (!err)
		err = gzip_to(out, &b);
	pb_free(&b);
	return err;
}
