/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PROFILE_H
#define FGPROF_USER_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fgprof.h"
#include "htab.h"
#include "kallsyms.h"

/*
 * The profile: what `fgprof record` wrote and every report reads, in
 * memory (this header, profile.c) and on disk (profile_file.c, whose top
 * comment is the format's specification). Stack ids here are the file's own, global to the
 * profile: 1..nr_stacks, 0 meaning "no stack".
 */
#define PROFILE_MAGIC		"fgprof-profile"
#define PROFILE_FORMAT		3
#define PROFILE_FORMAT_MIN	2	/* the oldest one still read */
#define PROFILE_DEFAULT_PATH	"fgprof.data"
#define PROFILE_NAME_LEN	64
#define PROFILE_MAX_FRAMES	4096	/* per stack, a sanity bound */
#define PROFILE_UNIT_LEN	16

/*
 * What a sample's value is. "samples": its count (on-CPU profiles);
 * anything else ("ns", "bytes", "pages", ...): its summed period, e.g.
 * the nanoseconds of an off-CPU or wall-clock profile.
 */
#define PROFILE_UNIT_SAMPLES	"samples"
#define PROFILE_UNIT_NS		"ns"
#define PROFILE_UNIT_BYTES	"bytes"		/* --alloc: bytes asked for */
#define PROFILE_UNIT_CALLS	"calls"		/* --alloc-count: a sample's COUNT */

struct profile_tables {			/* as asked; 0 = module default */
	uint32_t kernel_depth;
	uint32_t user_depth;
	uint32_t stack_slots;
	uint32_t stack_frames;
	uint32_t count_slots;
	uint32_t timeline_slots;
};

struct profile_header {
	char tool[PROFILE_NAME_LEN];	/* release of the fgprof that recorded */
	char kernel[PROFILE_NAME_LEN];	/* uname -r of the recorded machine */
	uint64_t kernel_text;		/* _text from kallsyms then, 0 = unknown */
	char event[PROFILE_NAME_LEN];	/* e.g. "cpu-clock", "cycles:pp" */
	uint32_t event_type;
	uint64_t event_config;
	uint32_t precise_ip;
	bool freq;			/* rate is in Hz, else a period */
	uint64_t rate;
	uint32_t flags;			/* FGPROF_CF_* */
	struct profile_tables tables;
	uint64_t start_realtime_ns;	/* CLOCK_REALTIME when sampling began */
	uint64_t start_monotonic_ns;	/* CLOCK_MONOTONIC then: timeline base */
	uint64_t duration_ns;
	uint32_t nr_cpus;
	char unit[PROFILE_UNIT_LEN];	/* see PROFILE_UNIT_*; never empty */
};

/* An executable file mapping of a process, from /proc/PID/maps. */
struct profile_map {
	uint32_t pid;
	uint64_t start;
	uint64_t end;
	uint64_t offset;	/* file offset of start */
	char *build_id;		/* lowercase hex, NULL when unknown */
	char *path;
};

/*
 * A build-id of the recorded kernel (name "vmlinux") or of a module its
 * ksyms name, as /sys/kernel/notes and /sys/module/NAME/notes had them.
 */
struct profile_kbuild {
	char *name;
	char *build_id;		/* lowercase hex */
};

struct profile_stack {
	size_t first;		/* index of its first frame in frames[] */
	uint32_t nr;		/* frames, innermost first */
	bool kernel;
	bool truncated;		/* the walk hit the depth limit */
};

/* Where a sample's time was spent: a wall-clock profile holds both. */
enum profile_kind {
	PROFILE_ON_CPU,
	PROFILE_OFF_CPU,	/* blocked: count intervals, period ns */
	PROFILE_ALLOC,		/* allocator calls: count calls, period bytes */
};

struct profile_sample {
	uint32_t pid;
	uint32_t tid;		/* 0 unless recorded with --per-thread */
	uint64_t count;
	uint64_t period;
	uint32_t kstack;	/* profile stack ids, 0 = none */
	uint32_t ustack;
	uint32_t wkstack;	/* the waker's stacks (off-CPU), 0 = none */
	uint32_t wustack;
	uint32_t kind;		/* enum profile_kind */
	char comm[FGPROF_COMM_LEN];	/* NUL-terminated */
};

struct profile_tl {
	uint64_t time_ns;	/* CLOCK_MONOTONIC */
	uint32_t cpu;
	uint32_t pid;
	uint32_t tid;
	uint32_t kstack;
	uint32_t ustack;
};

struct profile {
	struct profile_header hdr;
	struct fgprof_stats stats;
	struct profile_map *maps;
	size_t nr_maps;
	struct profile_stack *stacks;	/* stack id N is stacks[N - 1] */
	size_t nr_stacks;
	uint64_t *frames;
	size_t nr_frames;
	struct profile_sample *samples;
	size_t nr_samples;
	struct profile_tl *timeline;
	size_t nr_timeline;
	/*
	 * The kernel symbols of the kernel stacks' addresses, as the
	 * recorder's /proc/kallsyms named them (nr 0: none stored, e.g.
	 * kptr_restrict or a format 2 file): report names kernel frames
	 * with them on any machine.
	 */
	struct kallsyms ksyms;
	struct profile_kbuild *kbuilds;
	size_t nr_kbuilds;

	/* private to profile.c */
	size_t cap_kbuilds;
	size_t cap_maps, cap_stacks, cap_frames, cap_samples, cap_timeline;
	struct htab map_index, stack_index, sample_index;
};

struct profile *profile_new(void);
void profile_free(struct profile *p);

/* Each returns 0 or -ENOMEM (-EINVAL for a malformed entry). */
int profile_add_map(struct profile *p, const struct profile_map *m);
/*
 * Into to (new, empty): what from says about the recording besides its
 * samples: header, counters, maps, kernel symbols and build-ids. For
 * the profiles made from another (a time range, a filter). 0 or -ENOMEM.
 */
int profile_copy_meta(struct profile *to, const struct profile *from);

/* A kernel or module build-id; one already there for name is kept. */
int profile_add_kbuild(struct profile *p, const char *name,
		       const char *build_id);
/* The id of the stack with this content, added if new: dedup by content. */
int profile_add_stack(struct profile *p, bool kernel, bool truncated,
		      const uint64_t *ips, uint32_t nr, uint32_t *id);
/* A sample whose key (pid, tid, comm, stacks) exists is summed into it. */
int profile_add_sample(struct profile *p, const struct profile_sample *s);
int profile_add_timeline(struct profile *p, const struct profile_tl *t);

/* NULL for 0 or an id the profile does not have. */
const struct profile_stack *profile_stack(const struct profile *p,
					  uint32_t id);

static inline const uint64_t *profile_stack_ips(const struct profile *p,
						const struct profile_stack *s)
{
	return p->frames + s->first;
}

/* Total samples over every sample entry. */
uint64_t profile_total_samples(const struct profile *p);

/* A sample's weight in the profile's unit (hdr.unit). */
static inline bool profile_unit_is_samples(const struct profile *p)
{
	return !strcmp(p->hdr.unit, PROFILE_UNIT_SAMPLES);
}

static inline uint64_t profile_sample_value(const struct profile *p,
					    const struct profile_sample *s)
{
	/* --alloc-count's calls are counts too; its period is bytes. */
	return profile_unit_is_samples(p) ||
	       !strcmp(p->hdr.unit, PROFILE_UNIT_CALLS) ? s->count : s->period;
}

int profile_write(const struct profile *p, FILE *f);
/* Written beside path and renamed over it: never a half-written file. */
int profile_save(const struct profile *p, const char *path);

/*
 * Reads and validates a profile. On a malformed file returns -EINVAL with
 * "NAME:LINE: what is wrong" in err; other failures are a negative errno.
 */
int profile_parse(FILE *f, const char *name, struct profile **out,
		  char *err, size_t errlen);
int profile_load(const char *path, struct profile **out, char *err,
		 size_t errlen);

#endif
