/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * fgprof device ABI: the only contract between fgprof.ko and user space.
 *
 * Rules (see include/fgprof-abi.md):
 *  - every struct has fixed-size members and explicit padding, so 32- and
 *    64-bit callers see the same layout and the kernel never copies out an
 *    uninitialized byte;
 *  - the ioctl numbers encode each struct's size, so a caller built against
 *    another layout gets -ENOTTY rather than a misread struct;
 *  - FGPROF_ABI_VERSION changes whenever a layout or a meaning changes.
 */
#ifndef _UAPI_FGPROF_H
#define _UAPI_FGPROF_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define FGPROF_DEVICE_NAME	"fgprof"
#define FGPROF_DEVICE_PATH	"/dev/fgprof"

#define FGPROF_ABI_VERSION	6

/* The release both halves are built from (the tool prints its own). */
#define FGPROF_RELEASE		"0.1.0"

/*
 * 0xB7 is not listed in the kernel's ioctl-number.rst; a collision would
 * only matter if someone sent our numbers to another driver's node.
 */
#define FGPROF_IOC_MAGIC	0xB7

/* Lifecycle of the single profiling session the module holds. */
enum fgprof_state {
	FGPROF_STATE_IDLE = 0,		/* nothing configured */
	FGPROF_STATE_CONFIGURED = 1,	/* tables allocated, not sampling */
	FGPROF_STATE_RUNNING = 2,	/* sampling */
	FGPROF_STATE_STOPPED = 3,	/* stopped, aggregate still readable */
	FGPROF_STATE_NR
};

/* Names both halves print, as an initializer for a const char *[]. */
#define FGPROF_STATE_NAMES {					\
	[FGPROF_STATE_IDLE] = "idle",				\
	[FGPROF_STATE_CONFIGURED] = "configured",		\
	[FGPROF_STATE_RUNNING] = "running",			\
	[FGPROF_STATE_STOPPED] = "stopped",			\
}

#define FGPROF_RELEASE_LEN	32
#define FGPROF_KERNEL_LEN	64

/* FGPROF_IOC_VERSION: what module is behind the device, and its state. */
struct fgprof_version {
	__u32 abi_version;			/* FGPROF_ABI_VERSION of the module */
	__u32 state;				/* enum fgprof_state */
	__u32 nr_cpus;				/* CPU ids are below this */
	__u32 open_count;			/* open file descriptions */
	char release[FGPROF_RELEASE_LEN];	/* module version, NUL-terminated */
	char kernel[FGPROF_KERNEL_LEN];		/* uname -r it runs on */
};

#define FGPROF_IOC_VERSION	_IOR(FGPROF_IOC_MAGIC, 0x00, struct fgprof_version)

#define FGPROF_MAX_DEPTH	127	/* frames per stack, kernel or user */
#define FGPROF_MAX_PIDS		64
#define FGPROF_COMM_LEN		16

/* fgprof_config.flags */
#define FGPROF_CF_FREQ		(1u << 0) /* sample_rate in Hz, else a period */
#define FGPROF_CF_KERNEL_STACK	(1u << 1) /* walk kernel stacks (ORC) */
#define FGPROF_CF_USER_STACK	(1u << 2) /* walk user stacks */
#define FGPROF_CF_PER_THREAD	(1u << 3) /* counts keyed by tid as well */
#define FGPROF_CF_IDLE		(1u << 4) /* keep samples of the idle task */
#define FGPROF_CF_TIDS		(1u << 5) /* pids[] are thread ids */
#define FGPROF_CF_LBR		(1u << 6) /* user stacks from the LBR call stack */
#define FGPROF_CF_CGROUP	(1u << 7) /* only tasks under cgroup_fd */
#define FGPROF_CF_OFFCPU	(1u << 8) /* blocked time by stack (sched_switch) */
#define FGPROF_CF_NO_ONCPU	(1u << 9) /* no perf event: off-CPU time only */
#define FGPROF_CF_WAKEUPS	(1u << 10) /* the waker's stacks (sched_waking) */
#define FGPROF_CF_WEIGHT	(1u << 11) /* tracepoint: weigh by a field of its record */
#define FGPROF_CF_MAPS		(1u << 12) /* capture mappings (FGPROF_TABLE_MAPS) */
#define FGPROF_CF_ALLOC		(1u << 13) /* allocations through FGPROF_IOC_UPROBE probes */
#define FGPROF_CF_USER_CFI	(1u << 14) /* user stacks by FGPROF_IOC_CFI_* tables */
#define FGPROF_CF_ALL		(0xfffu | FGPROF_CF_MAPS | FGPROF_CF_ALLOC | \
				 FGPROF_CF_USER_CFI)

/* fgprof_config.weight_flags */
#define FGPROF_WF_SIGNED	(1u << 0) /* the field is signed: a negative one is dropped */
#define FGPROF_WF_POW2		(1u << 1) /* weigh 1 << field (e.g. pages of an order) */
#define FGPROF_WF_ALL		0x3u

/*
 * fgprof_config.offcpu_flags: which switch-outs start an off-CPU interval.
 * No state bit means every state; no thread bit means every thread.
 */
#define FGPROF_OF_RUNNABLE	(1u << 0) /* preempted or yielded, still runnable */
#define FGPROF_OF_INTERRUPTIBLE	(1u << 1) /* sleeping (TASK_INTERRUPTIBLE) */
#define FGPROF_OF_UNINTERRUPTIBLE (1u << 2) /* D state: I/O, some locks */
#define FGPROF_OF_STATES	0x7u
#define FGPROF_OF_USER_THREADS	(1u << 3) /* only threads of user processes */
#define FGPROF_OF_KERNEL_THREADS (1u << 4) /* only kernel threads */
#define FGPROF_OF_ALL		0x1fu

/*
 * FGPROF_IOC_CONFIGURE: what to sample and how big the tables are. Sizes
 * are per CPU; zero picks the default, out-of-range values are -EINVAL and
 * a total beyond the module's memory cap is -E2BIG.
 */
struct fgprof_config {
	__u32 flags;		/* FGPROF_CF_* */
	__u32 event_type;	/* perf_event_attr.type (PERF_TYPE_*) */
	__u64 event_config;	/* perf_event_attr.config */
	__u64 sample_rate;	/* Hz with FGPROF_CF_FREQ, else events per sample */
	__u32 precise_ip;	/* 0-3, perf's :p levels */
	__u32 kernel_depth;	/* max kernel frames, 1..FGPROF_MAX_DEPTH */
	__u32 user_depth;	/* max user frames, 1..FGPROF_MAX_DEPTH */
	__u32 stack_slots;	/* distinct stacks per CPU (power of two) */
	__u32 stack_frames;	/* frames stored per CPU, all stacks together */
	__u32 count_slots;	/* distinct keys per CPU (power of two) */
	__u32 timeline_slots;	/* timeline records per CPU (power of two), 0 = off */
	__s32 cgroup_fd;	/* with FGPROF_CF_CGROUP: fd of a cgroup v2 dir */
	__u32 nr_pids;		/* entries used in pids[], 0 = every task */
	__u32 pad;		/* must be zero */
	__s32 pids[FGPROF_MAX_PIDS];
	/* Off-CPU (FGPROF_CF_OFFCPU); all zero otherwise. */
	__u32 offcpu_flags;	/* FGPROF_OF_* */
	__u32 inflight_slots;	/* tasks blocked at once, whole machine (power of two) */
	__u64 min_block_ns;	/* shorter intervals are not added; 0 = none */
	__u64 max_block_ns;	/* longer intervals are not added; 0 = none */
	/*
	 * FGPROF_CF_WEIGHT, with a PERF_TYPE_TRACEPOINT event: a sample's
	 * period is this field of the tracepoint's raw record (offset and
	 * size as its tracefs format file gives them) instead of the event's.
	 */
	__u32 weight_offset;
	__u16 weight_size;	/* 1, 2, 4 or 8 bytes */
	__u16 weight_flags;	/* FGPROF_WF_* */
	/*
	 * FGPROF_CF_MAPS: the bytes kept for mapping records, whole machine,
	 * in KiB (0 = 4096, at most 262144); zero without the flag.
	 */
	__u32 maps_kb;
	/*
	 * FGPROF_CF_USER_CFI: the bytes of unwind tables the module keeps,
	 * in MiB (0 = 64, at most 1024); zero without the flag.
	 */
	__u32 cfi_mb;
};

/*
 * FGPROF_IOC_STATS: counters summed over CPUs since the last configure or
 * reset. Every sample the handler saw ends in exactly one of recorded,
 * filtered, idle or one of the drop_* counters (drop_weight included).
 */
struct fgprof_stats {
	__u64 samples;		/* overflow handler calls */
	__u64 recorded;		/* samples added to the counts table */
	__u64 filtered;		/* not a selected pid/cgroup */
	__u64 idle;		/* the idle task, not recorded */
	__u64 drop_counts_full;	/* counts table full: sample dropped */
	__u64 drop_stacks_full;	/* stack table (slots or frames) full */
	__u64 drop_nested;	/* handler re-entered on the same CPU */
	__u64 timeline_records;	/* records written to the timeline */
	__u64 drop_timeline_full; /* timeline ring full (the sample still counts) */
	__u64 kernel_truncated;	/* kernel stacks cut at kernel_depth */
	__u64 user_truncated;	/* user stacks cut at user_depth */
	__u64 user_read_faults;	/* user-memory reads that failed, ending a walk */
	__u64 kernel_unwind_errors; /* ORC walks that ended in an error */
	__u64 handler_ns;	/* time spent in the handler, total */
	__u64 handler_ns_max;	/* longest single handler run */
	__u64 stack_slots_used;
	__u64 stack_frames_used;
	__u64 count_slots_used;
	/*
	 * Off-CPU. Every switch-out of a task ends in exactly one of
	 * offcpu_filtered, offcpu_tracked or an offcpu_drop_* counter; every
	 * tracked interval ends, at switch-in or at stop, in offcpu_recorded,
	 * offcpu_short, offcpu_long, offcpu_clock_skew or an offcpu_drop_*.
	 */
	__u64 offcpu_switch_outs;	/* switch-outs seen (not idle, not exiting) */
	__u64 offcpu_filtered;		/* task, state or thread-kind filters */
	__u64 offcpu_tracked;		/* intervals opened in the in-flight table */
	__u64 offcpu_recorded;		/* intervals added to the counts */
	__u64 offcpu_ns;		/* nanoseconds added */
	__u64 offcpu_short;		/* below min_block_ns: not added */
	__u64 offcpu_long;		/* above max_block_ns: not added */
	__u64 offcpu_clock_skew;	/* ended before they began: not added */
	__u64 offcpu_open_at_stop;	/* still blocked at stop: added up to then */
	__u64 offcpu_drop_inflight_full; /* no in-flight slot: interval lost */
	__u64 offcpu_drop_stacks_full;	/* stack table full */
	__u64 offcpu_drop_counts_full;	/* counts table full */
	__u64 offcpu_drop_nested;	/* a sample was running on the CPU */
	__u64 wakeups;			/* waker stacks attached to an interval */
	__u64 inflight_used;		/* in-flight slots in use now */
	__u64 drop_weight;	/* weight field missing or negative: sample dropped */
	/*
	 * Allocations (FGPROF_CF_ALLOC). Every probe hit ends in exactly one
	 * of uprobe_filtered, uprobe_recorded or a uprobe_drop_* counter.
	 */
	__u64 uprobe_hits;		/* allocator probe handler calls */
	__u64 uprobe_filtered;		/* not a selected task, or a skipped call */
	__u64 uprobe_recorded;		/* calls added to the counts */
	__u64 uprobe_bytes;		/* requested bytes added */
	__u64 uprobe_drop_nested;	/* a sample was running on the CPU */
	__u64 uprobe_drop_stacks_full;	/* stack table full */
	__u64 uprobe_drop_counts_full;	/* counts table full */
	/*
	 * Mappings (FGPROF_CF_MAPS). An address space (process and exec)
	 * with a user stack in a sample is queued for capture (again while
	 * its VMAs change, a few times), or counted in a maps_drop_*
	 * counter; a queued capture ends in maps_captured or maps_drop_gone.
	 */
	__u64 maps_queued;		/* captures queued */
	__u64 maps_captured;		/* captures whose mappings were stored */
	__u64 maps_records;		/* mapping records stored */
	__u64 maps_bytes;		/* bytes of records stored */
	__u64 maps_drop_pool_empty;	/* no free capture item: tried again later */
	__u64 maps_drop_seen_full;	/* seen table full: never captured */
	__u64 maps_drop_gone;		/* exited or exec'd before the capture ran */
	__u64 maps_drop_records;	/* records not stored: buffer full */
	/*
	 * User unwinding (FGPROF_CF_USER_CFI for the cfi_* ones). Frames
	 * found by an unwind table or by a frame-pointer step; a table walk
	 * that ends early ends in one cfi_stop_* counter.
	 */
	__u64 user_frames_cfi;		/* caller frames found by a table row */
	__u64 user_frames_fp;		/* caller frames found by frame pointers */
	__u64 cfi_stop_no_info;		/* no row and no frame pointer: end */
	__u64 cfi_stop_unsupported;	/* a row the module cannot follow */
	__u64 cfi_stop_fault;		/* a stack read failed */
	__u64 cfi_stop_bad_cfa;		/* the CFA was not above the frame */
	__u64 cfi_tables;		/* tables loaded now */
	__u64 cfi_bytes;		/* bytes of rows loaded now */
	__u64 cfi_tables_full;		/* loads refused: cfi_mb reached */
	__u64 cfi_map_full;		/* mappings refused: a process's limit */
	__u32 state;		/* enum fgprof_state */
	__u32 nr_cpus_sampling;	/* CPUs with a live event now */
	__u32 cpu_event_errors;	/* CPUs whose event could not be created */
	__u32 pad;
};

/* fgprof_read.table */
enum fgprof_table {
	FGPROF_TABLE_STACKS = 0,	/* struct fgprof_stack_rec + ips */
	FGPROF_TABLE_COUNTS = 1,	/* struct fgprof_count_rec */
	FGPROF_TABLE_TIMELINE = 2,	/* struct fgprof_timeline_rec, drained */
	FGPROF_TABLE_MAPS = 3,		/* struct fgprof_map_rec + path, cpu 0 */
	FGPROF_TABLE_NR
};

/*
 * FGPROF_IOC_READ: copy one CPU's table into buf, starting at cursor.
 * Tables are read without stopping sampling: a record is copied whole or
 * not at all. The call returns when buf is full or the table is done;
 * cursor then says where to go on (FGPROF_CURSOR_END: done). The timeline
 * is a queue: what is read is consumed, and cursor is unused.
 *
 * Read a CPU's COUNTS before its STACKS: a stack is published before any
 * count or timeline record that names it, so stacks read afterwards cover
 * every id seen. (The other order can miss stacks born in between.)
 */
struct fgprof_read {
	__u32 table;		/* enum fgprof_table */
	__u32 cpu;		/* < fgprof_version.nr_cpus */
	__u32 cursor;		/* in: first slot; out: next slot */
	__u32 nr_records;	/* out: records in buf */
	__u64 buf;		/* user pointer */
	__u32 buf_len;		/* bytes; too small for one record: -ENOSPC */
	__u32 bytes;		/* out: bytes written */
};

#define FGPROF_CURSOR_END	0xffffffffu

/* fgprof_stack_rec.flags */
#define FGPROF_SF_KERNEL	(1u << 0)	/* kernel addresses, else user */
#define FGPROF_SF_TRUNCATED	(1u << 1)	/* the walk hit the depth limit */
/*
 * A kernel stack withheld from a reader without CAP_PERFMON or
 * CAP_SYS_ADMIN (kernel addresses): nr is 0 and no ips follow.
 */
#define FGPROF_SF_HIDDEN	(1u << 2)

struct fgprof_stack_rec {
	__u32 id;		/* this CPU's stack id, never 0 */
	__u16 nr;		/* frames that follow, innermost first */
	__u16 flags;		/* FGPROF_SF_* */
	__u64 ips[];
};

/* fgprof_count_rec.kind */
#define FGPROF_KIND_ONCPU	0	/* samples of the perf event */
#define FGPROF_KIND_OFFCPU	1	/* blocked intervals */
#define FGPROF_KIND_ALLOC	2	/* allocator calls, period = requested bytes */

struct fgprof_count_rec {
	__u32 tgid;
	__u32 tid;		/* 0 unless FGPROF_CF_PER_THREAD */
	__u32 kstack;		/* this CPU's stack id, 0 = none */
	__u32 ustack;
	__u32 wkstack;		/* off-CPU: the waker's stacks, 0 = none */
	__u32 wustack;
	__u32 kind;		/* FGPROF_KIND_* */
	__u32 pad;
	__u64 count;		/* samples, or blocked intervals */
	__u64 period;		/* summed sample periods, or blocked ns */
	char comm[FGPROF_COMM_LEN];
};

struct fgprof_timeline_rec {
	__u64 time_ns;		/* CLOCK_MONOTONIC */
	__u32 tgid;
	__u32 tid;
	__u32 kstack;		/* this CPU's stack ids, as in the counts */
	__u32 ustack;
	__u32 cpu;
	__u32 pad;
};

/*
 * FGPROF_IOC_UPROBE: one allocator entry point to probe, added to a
 * configured FGPROF_CF_ALLOC session before START (at most
 * FGPROF_MAX_UPROBES; -EBUSY while running). START registers the probes,
 * STOP unregisters them. Each hit records the calling task's stacks with
 * count 1 and period = the requested bytes, read from the arguments as
 * size_arg says (x86-64 calling convention).
 */
#define FGPROF_MAX_UPROBES	16

enum fgprof_uprobe_size {
	FGPROF_US_ARG1 = 1,		/* malloc(n), valloc(n), pvalloc(n) */
	FGPROF_US_ARG2 = 2,		/* realloc(p, n), memalign(a, n), aligned_alloc(a, n) */
	FGPROF_US_ARG3 = 3,		/* posix_memalign(pp, a, n) */
	FGPROF_US_ARG1_X_ARG2 = 4,	/* calloc(k, n): k * n (0 on overflow) */
	FGPROF_US_NR
};

/*
 * fgprof_uprobe.flags: calls not counted because the allocator hands them
 * to malloc, whose probe counts them (glibc does both). SKIP_NULL_ARG1:
 * the first argument is 0 (realloc(NULL, n)). SKIP_ALIGN_LE16: the
 * alignment, the argument before the size (ARG2, ARG3 only), is 16 or
 * less (memalign, aligned_alloc, posix_memalign).
 */
#define FGPROF_UF_SKIP_NULL_ARG1 (1u << 0)
#define FGPROF_UF_SKIP_ALIGN_LE16 (1u << 1)
#define FGPROF_UF_ALL		0x3u

struct fgprof_uprobe {
	__s32 fd;		/* an open regular file: the ELF to probe */
	__u32 size_arg;		/* enum fgprof_uprobe_size */
	__u64 offset;		/* file offset of the function's first instruction */
	__u32 flags;		/* FGPROF_UF_* */
	__u32 pad;		/* must be zero */
};

/*
 * FGPROF_TABLE_MAPS: the executable file mappings (and [vdso]) of every
 * address space that had a user stack in a sample, captured in the
 * process itself when it returned to user mode, so that a process that
 * exits before the reader looks at /proc still has its mappings. One
 * table for the machine: cpu must be 0; cursor is a byte offset.
 */
struct fgprof_map_rec {
	__u32 tgid;
	__u32 len;		/* bytes of this record with its path, 8-aligned */
	__u64 start;
	__u64 end;
	__u64 pgoff;		/* file offset of start, bytes */
	/*
	 * The file whose pages are mapped; 0 for [vdso]. On overlayfs (a
	 * container's root) that is the layer's file: stat() of path shows
	 * another st_dev (and, with xino, st_ino), so a reader that finds
	 * other ids at path compares size and mtime, which overlayfs passes
	 * through unchanged.
	 */
	__u64 inode;
	__u32 dev_major;
	__u32 dev_minor;
	__u64 size;		/* bytes, when captured */
	__s64 mtime_sec;	/* last modification, when captured */
	__u32 mtime_nsec;
	__u32 pad;		/* zero */
	char path[];		/* NUL-terminated, NUL-padded to len */
};

/*
 * Unwind tables (FGPROF_CF_USER_CFI, issue #10): the tool compiles a
 * binary's .eh_frame/.debug_frame into rows (user/unwind/cfi_table.c), loads
 * them once per file with FGPROF_IOC_CFI_LOAD, and tells the module with
 * FGPROF_IOC_CFI_MAP which mappings of a process use which table. The
 * sample path then unwinds user code without frame pointers: per frame,
 * the process's mapping holding the pc, the row holding pc - bias (pc - 1
 * for every frame but the innermost), and one step (below); where no row
 * covers the pc, one frame-pointer step. Both ioctls work in a configured
 * or running session with the flag; the tables live until the next
 * configure or reset.
 *
 * A table is an array of rows sorted by start, without duplicates. Row i
 * covers [rows[i].start, rows[i + 1].start); the last row is a
 * FGPROF_CFI_NONE row at the end of the described code. start is an
 * address of the file minus the table's base (an ELF vaddr rounded down to
 * a page, the tool's choice); the mapping's bias is load bias + base.
 * The return address is always at CFA - 8 (x86-64). For a row of kind
 * RSP or RBP:
 *	cfa = (kind == RSP ? rsp : rbp) + cfa_off
 *	caller's pc  = *(u64 *)(cfa - 8)
 *	caller's rsp = cfa
 *	caller's rbp = rbp_off ? *(u64 *)(cfa + 8 * rbp_off) : rbp
 */
enum fgprof_cfi_kind {
	FGPROF_CFI_NONE = 0,		/* no CFI here: no information */
	FGPROF_CFI_RSP = 1,		/* CFA = rsp + cfa_off */
	FGPROF_CFI_RBP = 2,		/* CFA = rbp + cfa_off */
	/* A rule a row cannot hold: stop and count; cfa_off says why. */
	FGPROF_CFI_UNSUPPORTED = 3,
	/* Return address undefined (_start, thread entry): a clean end. */
	FGPROF_CFI_OUTERMOST = 4,
};

/* Why a row is FGPROF_CFI_UNSUPPORTED (in its cfa_off; for the tool). */
enum fgprof_cfi_why {
	FGPROF_CFI_WHY_EXPR = 1,	/* CFA is a DWARF expression */
	FGPROF_CFI_WHY_CFA_REG = 2,	/* CFA from a register not rsp/rbp */
	FGPROF_CFI_WHY_SIGNAL = 3,	/* a signal frame ('S' augmentation) */
	FGPROF_CFI_WHY_RA = 4,		/* return address not at CFA - 8 */
	/* rbp neither unchanged nor saved at CFA + 8k, -128 <= k < 128 */
	FGPROF_CFI_WHY_RBP = 5,
	FGPROF_CFI_WHY_RANGE = 6,	/* CFA offset not in 0..65535 */
	FGPROF_CFI_WHY_MAX = 6,
};

struct fgprof_cfi_row {
	__u32 start;	/* first address of the row, minus the table's base */
	__u16 cfa_off;	/* RSP/RBP: CFA offset in bytes; UNSUPPORTED: why */
	__u8 kind;	/* enum fgprof_cfi_kind */
	__s8 rbp_off;	/* caller's rbp at CFA + 8 * rbp_off; 0: unchanged */
};

/* Rows of one table at most; larger tables are -E2BIG. */
#define FGPROF_CFI_MAX_ROWS	(1u << 24)

/*
 * FGPROF_IOC_CFI_LOAD: rows (nr of them, user pointer) under key, a
 * number the tool picks per file (dev and inode, a build-id hash): a key
 * already loaded is not loaded again, its id comes back. Out: id (>= 1).
 * -ENOSPC when the session's cfi_mb would be exceeded (counted in
 * cfi_tables_full), -EINVAL for rows out of order or an unknown kind.
 */
struct fgprof_cfi_load {
	__u64 rows;		/* user pointer to struct fgprof_cfi_row[nr] */
	__u64 key;
	__u32 nr;
	__u32 id;		/* out */
};

/*
 * FGPROF_IOC_CFI_MAP: replaces every mapping the module knows for tgid by
 * maps[0..nr) (user pointer; nr = 0 forgets the process, at its exit or
 * exec). At most FGPROF_CFI_MAX_MAPS per process (-E2BIG, counted in
 * cfi_map_full); ranges must not overlap, ids must be loaded (-EINVAL).
 */
#define FGPROF_CFI_MAX_MAPS	1024

struct fgprof_cfi_mapping {
	__u64 start;		/* the mapping's [start, end) in the process */
	__u64 end;
	__u64 bias;		/* key of a pc = pc - bias: load bias + base */
	__u32 id;		/* a table from FGPROF_IOC_CFI_LOAD */
	__u32 pad;		/* must be zero */
};

struct fgprof_cfi_map {
	__u64 maps;		/* user pointer to struct fgprof_cfi_mapping[nr] */
	__u32 tgid;
	__u32 nr;
};

#define FGPROF_IOC_CONFIGURE	_IOW(FGPROF_IOC_MAGIC, 0x01, struct fgprof_config)
#define FGPROF_IOC_START	_IO(FGPROF_IOC_MAGIC, 0x02)
#define FGPROF_IOC_STOP		_IO(FGPROF_IOC_MAGIC, 0x03)
#define FGPROF_IOC_RESET	_IO(FGPROF_IOC_MAGIC, 0x04)
#define FGPROF_IOC_STATS	_IOR(FGPROF_IOC_MAGIC, 0x05, struct fgprof_stats)
#define FGPROF_IOC_READ		_IOWR(FGPROF_IOC_MAGIC, 0x06, struct fgprof_read)
#define FGPROF_IOC_UPROBE	_IOW(FGPROF_IOC_MAGIC, 0x07, struct fgprof_uprobe)
#define FGPROF_IOC_CFI_LOAD	_IOWR(FGPROF_IOC_MAGIC, 0x08, struct fgprof_cfi_load)
#define FGPROF_IOC_CFI_MAP	_IOW(FGPROF_IOC_MAGIC, 0x09, struct fgprof_cfi_map)

#endif /* _UAPI_FGPROF_H */
