// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes /dev/fgprof from several processes and threads at once: random
 * ioctls (our magic with random numbers, sizes and directions; the real
 * ones with random struct contents and bad pointers; other drivers'
 * numbers), read with random lengths, pread, write, poll, mmap, lseek,
 * open and close, a thread blocked in poll or reading while another
 * closes its descriptor, and now and then a whole valid session
 * (configure, start, read every table, stop, check the counters) so the
 * calls also reach the running and stopped states. Every failed call's
 * errno must be one include/fgprof-abi.md documents for that call; any
 * other is printed with the call and fails the run. Prints the seed
 * (--seed=S makes the same random choices; threads interleave anew) and,
 * at the end, "calls N, errnos {...}".
 *   usage: fuzz_dev [--calls=N] [--procs=P] [--threads=T] [--seed=S]
 *          fuzz_dev --session=MS [--stop]   one valid on+off-CPU session
 * Load the module with a small max_mb: random configurations ask for
 * tables up to the cap, and the test guest has 1 GiB.
 */
#define _GNU_SOURCE		/* strerrorname_np, SEEK_DATA */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fgprof.h"

#define SCRATCH		(64 * 1024)	/* per-thread buffer, a guard page after it */
#define MAX_FDS		4		/* open descriptors per thread */
#define MAX_ERRNO	160
#define MAX_REPORTS	20		/* failures printed per process */
#ifdef FGPROF_KIND_ALLOC		/* being added: uprobe allocations */
#define MAX_KIND	FGPROF_KIND_ALLOC
#else
#define MAX_KIND	FGPROF_KIND_OFFCPU
#endif

enum call {
	C_OPEN, C_CLOSE, C_VERSION, C_CONFIGURE, C_START, C_STOP, C_RESET,
	C_STATS, C_READTAB, C_IOC_OURS, C_IOC_OTHER, C_READ, C_PREAD, C_WRITE,
	C_POLL, C_MMAP, C_LSEEK, C_RACE_POLL, C_RACE_READ, C_NR
};

static const char *const call_names[C_NR] = {
	"open", "close", "VERSION", "CONFIGURE", "START", "STOP", "RESET",
	"STATS", "READ", "ioctl-0xB7-random", "ioctl-other", "read", "pread",
	"write", "poll", "mmap", "lseek", "poll-while-closed",
	"read-while-closed",
};

/*
 * The errnos include/fgprof-abi.md gives each call, 0-terminated. The
 * perf errors of CONFIGURE and START are those it names (ENOENT,
 * EOPNOTSUPP, ENODEV) plus ENOMEM; EBADF/ENOTDIR come from a bad cgroup fd.
 * VFS-level ones the ABI page does not repeat are marked.
 */
static const int ok_none[] = { 0 };
static const int ok_fault[] = { EFAULT, 0 };
static const int ok_configure[] = {
	EPERM, EFAULT, EINVAL, E2BIG, ENOENT, EOPNOTSUPP, ENODEV, EBADF,
	ENOTDIR, EBUSY, ENOMEM, 0
};
/* EPERM: a session nobody owns any more (its owner closed) is not steered. */
static const int ok_start[] = { EINVAL, EBUSY, EPERM, ENOENT, EOPNOTSUPP, ENODEV, ENOMEM, 0 };
static const int ok_stop[] = { EINVAL, EBUSY, EPERM, 0 };
static const int ok_reset[] = { EBUSY, EPERM, 0 };
static const int ok_readtab[] = { EINVAL, ENOSPC, ENODATA, EBUSY, EFAULT, 0 };
static const int ok_enotty[] = { ENOTTY, 0 };
static const int ok_espipe[] = { ESPIPE, 0 };
/* write: EINVAL; EBADF (VFS) on a descriptor opened read-only. */
static const int ok_write[] = { EINVAL, EBADF, 0 };
/* mmap: ENODEV; EACCES (VFS) for a shared writable map of a read-only open. */
static const int ok_mmap[] = { ENODEV, EACCES, 0 };
/* The descriptor was closed (or its number reused) under the call. */
static const int ok_raced[] = { EBADF, EFAULT, 0 };

static const int *const allowed[C_NR] = {
	[C_OPEN] = ok_none, [C_CLOSE] = ok_none, [C_VERSION] = ok_fault,
	[C_CONFIGURE] = ok_configure, [C_START] = ok_start,
	[C_STOP] = ok_stop, [C_RESET] = ok_reset, [C_STATS] = ok_fault,
	[C_READTAB] = ok_readtab, [C_IOC_OURS] = ok_enotty,
	[C_IOC_OTHER] = ok_enotty, [C_READ] = ok_fault, [C_PREAD] = ok_espipe,
	[C_WRITE] = ok_write, [C_POLL] = ok_none, [C_MMAP] = ok_mmap,
	[C_LSEEK] = ok_espipe, [C_RACE_POLL] = ok_none,
	[C_RACE_READ] = ok_raced,
};

/* Shared by all processes (MAP_SHARED): what was called and how it ended. */
struct totals {
	unsigned long calls[C_NR];
	unsigned long errs[C_NR][MAX_ERRNO];	/* [0]: success */
	unsigned long failures;
	unsigned long sessions, sessions_started, sessions_checked;
	unsigned long samples_checked;
};

static struct totals *tot;
static uint64_t seed;
static const char *dev;
static int nr_cpus;
static void *unmapped;		/* an address range known to be unmapped */
static void *ro_page;		/* readable, not writable */

struct worker {
	uint64_t rng;
	int proc, thread;
	int fds[MAX_FDS];
	int fd_rdonly[MAX_FDS];
	int nfds;
	int owner_fd;		/* a descriptor of ours that configured, or -1 */
	char *scratch;		/* SCRATCH bytes, then a PROT_NONE page */
	unsigned long n;	/* this worker's call number */
};

static uint64_t rnd(struct worker *w)
{
	/* xorshift64*: fast, and the same sequence for the same seed. */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ull;
}

static unsigned int below(struct worker *w, unsigned int n)
{
	return n ? rnd(w) % n : 0;
}

static int errno_in(int e, const int *set)
{
	for (; *set; set++)
		if (*set == e)
			return 1;
	return 0;
}

/* Counts one call's outcome; an undocumented errno is a failure, printed. */
static void outcome(struct worker *w, enum call c, long ret, int err,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void outcome(struct worker *w, enum call c, long ret, int err,
		    const char *fmt, ...)
{
	int e = ret < 0 ? err : 0;
	va_list ap;

	w->n++;
	__atomic_fetch_add(&tot->calls[c], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&tot->errs[c][e < MAX_ERRNO ? e : MAX_ERRNO - 1], 1,
			   __ATOMIC_RELAXED);
	if (!e || errno_in(e, allowed[c]))
		return;
	if (__atomic_fetch_add(&tot->failures, 1, __ATOMIC_RELAXED) >= MAX_REPORTS)
		return;
	fprintf(stderr, "FAIL seed %" PRIu64 " proc %d thread %d call %lu: %s(",
		seed, w->proc, w->thread, w->n, call_names[c]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ") = %ld, errno %s (%s): not documented for %s\n", ret,
		strerrorname_np(e) ?: "?", strerror(e), call_names[c]);
}

/* A failed check of what a successful call returned. */
#define BAD(w, ...)							\
	do {								\
		if (__atomic_fetch_add(&tot->failures, 1, __ATOMIC_RELAXED) < \
		    MAX_REPORTS) {					\
			fprintf(stderr, "FAIL seed %" PRIu64 " proc %d thread %d: ", \
				seed, (w)->proc, (w)->thread);		\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
		}							\
	} while (0)

/*
 * A pointer for the kernel to read or write `size` bytes at: mostly the
 * thread's scratch buffer, else misaligned, cut short by the guard page,
 * NULL, unmapped, read-only, kernel or non-canonical. Never memory the
 * fuzzer itself uses: a valid pointer the kernel writes to is scratch.
 */
static void *rnd_ptr(struct worker *w, size_t size)
{
	char *end = w->scratch + SCRATCH;

	switch (below(w, 16)) {
	case 0:
		return w->scratch + 1 + below(w, 7);
	case 1:
		return end - 1 - below(w, size ? size : 1);	/* runs into the guard */
	case 2:
		return NULL;
	case 3:
		return (void *)(uintptr_t)(1 + below(w, 4095));
	case 4:
		return (char *)unmapped + below(w, 4096);
	case 5:
		return ro_page;
	case 6:
		return (void *)(uintptr_t)(0xffffffff81000000ull + below(w, 1 << 24));
	case 7:
		return (void *)(uintptr_t)0xffff888000000000ull;
	case 8:
		return (void *)(uintptr_t)(0x0000800000000000ull + (rnd(w) & 0xffff000));
	case 9:
		return (void *)(uintptr_t)rnd(w);
	default:
		return w->scratch + (below(w, 64) * 8);
	}
}

static void fill_random(struct worker *w, void *p, size_t n)
{
	unsigned char *b = p;

	while (n--)
		*b++ = rnd(w);
}

static int open_dev(int flags)
{
	return open(dev, flags | O_CLOEXEC);
}

static int worker_fd(struct worker *w, int *rdonly)
{
	int i;

	if (!w->nfds) {
		int ro = !below(w, 8);
		int fd = open_dev(ro ? O_RDONLY : O_RDWR);
		int e = errno;

		outcome(w, C_OPEN, fd, e, "%s", dev);
		if (fd < 0)
			return -1;
		w->fd_rdonly[0] = ro;
		w->fds[w->nfds++] = fd;
	}
	i = below(w, w->nfds);
	*rdonly = w->fd_rdonly[i];
	return w->fds[i];
}

static void close_slot(struct worker *w, int i)
{
	int r = close(w->fds[i]), e = errno;

	outcome(w, C_CLOSE, r, e, "%d", w->fds[i]);
	if (w->owner_fd == w->fds[i])
		w->owner_fd = -1;
	w->fds[i] = w->fds[--w->nfds];
	w->fd_rdonly[i] = w->fd_rdonly[w->nfds];
}

/* Event types safe to open thousands of times under emulation. */
static uint32_t safe_event_type(struct worker *w)
{
	/*
	 * No tracepoint, breakpoint, kprobe or uprobe types: each accepted
	 * one patches kernel text, which thousands of times over crashed
	 * TCG's vCPUs once (see session_abi.c). 0x7fff has no PMU: ENOENT.
	 */
	static const uint32_t types[] = {
		PERF_TYPE_SOFTWARE, PERF_TYPE_SOFTWARE, PERF_TYPE_SOFTWARE,
		PERF_TYPE_HARDWARE, PERF_TYPE_RAW, PERF_TYPE_HW_CACHE, 0x7fff,
	};

	return types[below(w, sizeof(types) / sizeof(types[0]))];
}

/* A configuration the module accepts, with small tables. */
static void valid_config(struct worker *w, struct fgprof_config *c, int offcpu)
{
	static const uint64_t events[] = {
		PERF_COUNT_SW_CPU_CLOCK, PERF_COUNT_SW_CPU_CLOCK,
		PERF_COUNT_SW_TASK_CLOCK, PERF_COUNT_SW_CONTEXT_SWITCHES,
		PERF_COUNT_SW_PAGE_FAULTS,
	};
	int ev = below(w, 5);

	memset(c, 0, sizeof(*c));
	c->flags = FGPROF_CF_KERNEL_STACK | FGPROF_CF_USER_STACK;
	if (below(w, 4))
		c->flags &= ~(below(w, 2) ? FGPROF_CF_KERNEL_STACK : FGPROF_CF_USER_STACK);
	if (!below(w, 3))
		c->flags |= FGPROF_CF_PER_THREAD;
	if (!below(w, 4))
		c->flags |= FGPROF_CF_IDLE;
	c->event_type = PERF_TYPE_SOFTWARE;
	c->event_config = events[ev];
	if (ev < 3) {			/* clocks: a rate in Hz */
		c->flags |= FGPROF_CF_FREQ;
		c->sample_rate = 99 + below(w, 900);
	} else {			/* counted events: one sample per N */
		c->sample_rate = 1 + below(w, 50);
	}
	c->kernel_depth = below(w, 2) ? 0 : 1 + below(w, FGPROF_MAX_DEPTH);
	c->user_depth = below(w, 2) ? 0 : 1 + below(w, FGPROF_MAX_DEPTH);
	c->stack_slots = 16u << below(w, 6);
	c->stack_frames = 1024u << below(w, 4);
	c->count_slots = 16u << below(w, 6);
	c->timeline_slots = below(w, 2) ? 0 : 16u << below(w, 6);
	if (offcpu) {
		c->flags |= FGPROF_CF_OFFCPU;
		if (below(w, 2))
			c->flags |= FGPROF_CF_WAKEUPS;
		if (!below(w, 4)) {
			c->flags |= FGPROF_CF_NO_ONCPU;
			c->flags &= ~FGPROF_CF_FREQ;
			c->sample_rate = 0;
			c->event_config = 0;
		}
		c->inflight_slots = 64u << below(w, 6);
		c->offcpu_flags = below(w, 2) ? 0 : below(w, FGPROF_OF_USER_THREADS);
	}
}

/* Random, nearly valid, or valid: the whole range of CONFIGURE inputs. */
static void rnd_config(struct worker *w, struct fgprof_config *c)
{
	unsigned int i, n;

	switch (below(w, 4)) {
	case 0:			/* noise */
		fill_random(w, c, sizeof(*c));
		if (below(w, 2))
			c->flags &= FGPROF_CF_ALL;
		if (below(w, 2))
			c->pad = 0;
		c->event_type = safe_event_type(w);
		break;
	case 1:			/* valid */
		valid_config(w, c, !below(w, 3));
		break;
	default:		/* valid but for a few fields */
		valid_config(w, c, !below(w, 3));
		for (n = 1 + below(w, 3), i = 0; i < n; i++) {
			uint64_t v = below(w, 2) ? rnd(w) : below(w, 3) ?
				     below(w, 256) : 1ull << below(w, 32);

			switch (below(w, 16)) {
			case 0: c->flags ^= 1u << below(w, 13); break;
			case 1: c->event_type = safe_event_type(w); break;
			case 2: c->event_config = below(w, 16); break;
			case 3: c->sample_rate = v; break;
			case 4: c->precise_ip = below(w, 5); break;
			case 5: c->kernel_depth = v; break;
			case 6: c->user_depth = v; break;
			case 7: c->stack_slots = v; break;
			case 8: c->stack_frames = v; break;
			case 9: c->count_slots = v; break;
			case 10: c->timeline_slots = v; break;
			case 11: c->cgroup_fd = below(w, 12) - 2; break;
			case 12: c->nr_pids = below(w, 70);
				 fill_random(w, c->pids, sizeof(c->pids)); break;
			case 13: c->offcpu_flags = v; c->inflight_slots = v >> 3; break;
			case 14: c->min_block_ns = v; c->max_block_ns = rnd(w) >> 30; break;
			default: c->weight_offset = v; c->weight_size = below(w, 9);
				 c->weight_flags = below(w, 4); break;
			}
		}
		break;
	}
	/*
	 * Keep the guest alive: a clock sampled every few microseconds would
	 * spend an emulated CPU in the handler. (Huge rates are EINVAL.)
	 */
	if (c->event_type == PERF_TYPE_SOFTWARE && c->event_config <= 1) {
		if (!(c->flags & FGPROF_CF_FREQ) && c->sample_rate &&
		    c->sample_rate < 1000000)
			c->sample_rate += 1000000;
		if ((c->flags & FGPROF_CF_FREQ) && c->sample_rate > 5000 &&
		    c->sample_rate < 1000000)
			c->sample_rate = 5000;
	}
	/* Counted events: not every event a sample (page faults in a storm). */
	if (c->event_type == PERF_TYPE_SOFTWARE && c->event_config > 1 &&
	    !(c->flags & FGPROF_CF_FREQ) && c->sample_rate &&
	    c->sample_rate < 10)
		c->sample_rate = 10;
}

static const unsigned long real_cmds[] = {
	FGPROF_IOC_VERSION, FGPROF_IOC_CONFIGURE, FGPROF_IOC_START,
	FGPROF_IOC_STOP, FGPROF_IOC_RESET, FGPROF_IOC_STATS, FGPROF_IOC_READ,
#ifdef FGPROF_IOC_UPROBE	/* being added: never sent as a "random" number */
	FGPROF_IOC_UPROBE,
#endif
};

static int is_real_cmd(unsigned long cmd)
{
	size_t i;

	for (i = 0; i < sizeof(real_cmds) / sizeof(real_cmds[0]); i++)
		if (cmd == real_cmds[i])
			return 1;
	return 0;
}

static void do_ioc_ours_random(struct worker *w, int fd)
{
	/* Half the time a real ioctl's nr, with the wrong size or direction. */
	unsigned int nr = below(w, 2) ? below(w, 8) : below(w, 256);
	unsigned int size = below(w, 2) ? below(w, 0x4000) :
			    below(w, 2) ? sizeof(struct fgprof_config) + below(w, 9) - 4 :
			    sizeof(struct fgprof_read) + below(w, 9) - 4;
	unsigned long cmd = _IOC(below(w, 4), FGPROF_IOC_MAGIC, nr, size);
	void *arg = rnd_ptr(w, 64);
	long r;

	if (is_real_cmd(cmd))
		return;
	errno = 0;
	r = ioctl(fd, cmd, arg);
	outcome(w, C_IOC_OURS, r, errno, "%d, %#lx, %p", fd, cmd, arg);
}

/*
 * Another driver's number. The VFS answers some itself before any driver
 * (FIOCLEX, FIONBIO, FIFREEZE on the devtmpfs, FICLONE, ...): their
 * magics are left out, so every one sent here must be the module's ENOTTY.
 */
static void do_ioc_other(struct worker *w, int fd)
{
	unsigned long cmd;
	unsigned int type;
	void *arg = rnd_ptr(w, 64);
	long r;

	do {
		cmd = (uint32_t)rnd(w);
		type = _IOC_TYPE(cmd);
	} while (type == FGPROF_IOC_MAGIC || type == 0 || type == 0x15 ||
		 type == 'T' || type == 'X' || type == 'f' || type == 0x94);
	errno = 0;
	r = ioctl(fd, cmd, arg);
	outcome(w, C_IOC_OTHER, r, errno, "%d, %#lx, %p", fd, cmd, arg);
}

static void do_configure(struct worker *w, int fd)
{
	struct fgprof_config *c;
	void *arg;
	long r;

	/* The struct lives in scratch, so an edge pointer cuts it short. */
	if (below(w, 8)) {
		c = (void *)(w->scratch + SCRATCH - sizeof(*c) - 8 * below(w, 4));
		rnd_config(w, c);
		arg = below(w, 10) ? (void *)c : (char *)c + 8 * below(w, 4) + 1;
	} else {
		arg = rnd_ptr(w, sizeof(*c));
	}
	errno = 0;
	r = ioctl(fd, FGPROF_IOC_CONFIGURE, arg);
	outcome(w, C_CONFIGURE, r, errno, "%d, CONFIGURE, %p", fd, arg);
	if (!r)
		w->owner_fd = fd;
}

static void do_readtab(struct worker *w, int fd)
{
	struct fgprof_read *rd = (void *)(w->scratch + SCRATCH - 4096);
	void *arg = rd;
	long r;

	memset(rd, 0, sizeof(*rd));
	rd->table = below(w, 8) ? below(w, FGPROF_TABLE_NR) : rnd(w);
	rd->cpu = below(w, 8) ? below(w, nr_cpus) : rnd(w);
	rd->cursor = below(w, 2) ? 0 : below(w, 2) ? below(w, 64) : rnd(w);
	/* The records land in scratch, or at a bad pointer. */
	rd->buf = (uintptr_t)rnd_ptr(w, 4096);
	rd->buf_len = below(w, 3) ? below(w, SCRATCH - 4096) : below(w, 200);
	/* Records that land in scratch stop short of *rd itself. */
	if ((char *)(uintptr_t)rd->buf >= w->scratch &&
	    (char *)(uintptr_t)rd->buf < (char *)rd)
		rd->buf_len = below(w, (char *)rd - (char *)(uintptr_t)rd->buf + 1);
	if (!below(w, 8))
		arg = rnd_ptr(w, sizeof(*rd));
	errno = 0;
	r = ioctl(fd, FGPROF_IOC_READ, arg);
	outcome(w, C_READTAB, r, errno, "%d, READ table %u cpu %u cursor %u buf %#llx len %u",
		fd, rd->table, rd->cpu, rd->cursor, (unsigned long long)rd->buf,
		rd->buf_len);
}

static void do_simple_ioctl(struct worker *w, int fd)
{
	static const struct { enum call c; unsigned long cmd; size_t size; } t[] = {
		{ C_VERSION, FGPROF_IOC_VERSION, sizeof(struct fgprof_version) },
		{ C_START, FGPROF_IOC_START, 0 },
		{ C_STOP, FGPROF_IOC_STOP, 0 },
		{ C_RESET, FGPROF_IOC_RESET, 0 },
		{ C_STATS, FGPROF_IOC_STATS, sizeof(struct fgprof_stats) },
	};
	unsigned int i = below(w, 5);
	void *arg = rnd_ptr(w, t[i].size);
	long r;

	errno = 0;
	r = ioctl(fd, t[i].cmd, arg);
	outcome(w, t[i].c, r, errno, "%d, %s, %p", fd, call_names[t[i].c], arg);
	if (!r && t[i].c == C_RESET && fd == w->owner_fd)
		w->owner_fd = -1;
	if (!r && t[i].c == C_STATS && arg == w->scratch) {
		const struct fgprof_stats *st = arg;

		if (st->pad || st->state >= FGPROF_STATE_NR)
			BAD(w, "STATS: pad %u state %u", st->pad, st->state);
	}
}

static void do_fileop(struct worker *w, int fd, int rdonly)
{
	size_t len = below(w, 2) ? below(w, 256) : below(w, 3) ? below(w, SCRATCH) :
		     rnd(w) >> below(w, 64);
	char *p = rnd_ptr(w, len);
	long r;

	/* A buffer in scratch must not run past it into the fuzzer's memory. */
	if (p >= w->scratch && p < w->scratch + SCRATCH && len > SCRATCH + 4096)
		len = SCRATCH + 4096;
	errno = 0;
	switch (below(w, 6)) {
	case 0:
		r = read(fd, p, len);
		outcome(w, C_READ, r, errno, "%d, %p, %zu", fd, p, len);
		break;
	case 1:
		r = pread(fd, p, len, below(w, 3) ? below(w, 100000) : (off_t)(rnd(w) >> 1));
		outcome(w, C_PREAD, r, errno, "%d, %p, %zu", fd, p, len);
		break;
	case 2:
		r = write(fd, p, len);
		outcome(w, C_WRITE, r, errno, "%d, %p, %zu", fd, p, len);
		break;
	case 3: {
		struct pollfd pfd = { .fd = fd, .events = (short)rnd(w) };
		int timeout = below(w, 8) ? 0 : below(w, 20);

		r = poll(&pfd, 1, timeout);
		outcome(w, C_POLL, r, errno, "%d, %#x, %d", fd, pfd.events, timeout);
		if (r > 0 && (pfd.revents & ~(POLLIN | POLLRDNORM | POLLHUP)))
			BAD(w, "poll: revents %#x", pfd.revents);
		break;
	}
	case 4: {
		size_t mlen = 1 + below(w, 1 << 20);
		int prot = below(w, 4) & (PROT_READ | PROT_WRITE);
		int shared = below(w, 2);
		void *m = mmap(NULL, mlen, prot, shared ? MAP_SHARED : MAP_PRIVATE,
			       fd, 4096 * below(w, 16));

		r = m == MAP_FAILED ? -1 : 0;
		outcome(w, C_MMAP, r, errno, "%zu, %#x, %s, %d (%s)", mlen, prot,
			shared ? "shared" : "private", fd, rdonly ? "ro" : "rw");
		if (m != MAP_FAILED) {
			BAD(w, "mmap of the device succeeded");
			munmap(m, mlen);
		}
		break;
	}
	default: {
		static const int whence[] = { SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA };
		off_t off = below(w, 2) ? 0 : (off_t)rnd(w);

		r = lseek(fd, off, whence[below(w, 4)]);
		outcome(w, C_LSEEK, r, errno, "%d, %lld", fd, (long long)off);
		break;
	}
	}
}

static void spin_ms(unsigned int ms)
{
	struct timespec a, b;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 10000; i++)
			x += i;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Reads one CPU's table whole into scratch, checking every record; for
 * COUNTS returns the on-CPU samples it holds, else 0; -1 on an error.
 */
static long read_table(struct worker *w, int fd, unsigned int table, int cpu)
{
	struct fgprof_read rd;
	long samples = 0;
	int guard = 0;

	memset(&rd, 0, sizeof(rd));
	rd.table = table;
	rd.cpu = cpu;
	do {
		char *p = w->scratch, *end;
		long r;

		rd.buf = (uintptr_t)p;
		rd.buf_len = SCRATCH - 4096;
		errno = 0;
		r = ioctl(fd, FGPROF_IOC_READ, &rd);
		outcome(w, C_READTAB, r, errno, "%d, READ table %u cpu %d (session)",
			fd, table, cpu);
		if (r)
			return -1;
		end = p + rd.bytes;
		while (p < end) {
			if (table == FGPROF_TABLE_COUNTS) {
				const struct fgprof_count_rec *c = (void *)p;
				size_t l = strnlen(c->comm, FGPROF_COMM_LEN);

				if (c->pad || c->kind > MAX_KIND || !c->count)
					BAD(w, "count record: pad %u kind %u count %llu",
					    c->pad, c->kind, (unsigned long long)c->count);
				for (; l < FGPROF_COMM_LEN; l++)
					if (c->comm[l]) {
						BAD(w, "count record (kind %u, %.16s): comm tail not zero",
						    c->kind, c->comm);
						break;
					}
				if (c->kind == FGPROF_KIND_ONCPU)
					samples += c->count;
				p += sizeof(*c);
			} else if (table == FGPROF_TABLE_STACKS) {
				const struct fgprof_stack_rec *s = (void *)p;

				if (!s->id || !s->nr || s->nr > FGPROF_MAX_DEPTH ||
				    s->flags & ~(FGPROF_SF_KERNEL | FGPROF_SF_TRUNCATED))
					BAD(w, "stack record: id %u nr %u flags %#x",
					    s->id, s->nr, s->flags);
				p += sizeof(*s) + s->nr * sizeof(uint64_t);
			} else {
				const struct fgprof_timeline_rec *t = (void *)p;

				if (t->pad || (int)t->cpu != cpu)
					BAD(w, "timeline record: pad %u cpu %u on %d",
					    t->pad, t->cpu, cpu);
				p += sizeof(*t);
			}
		}
		if (p != end)
			BAD(w, "table %u: records overrun the %u bytes", table, rd.bytes);
	} while (rd.cursor != FGPROF_CURSOR_END && ++guard < 100000);
	return samples;
}

static long stats_of(struct worker *w, int fd, struct fgprof_stats *st)
{
	long r;

	errno = 0;
	r = ioctl(fd, FGPROF_IOC_STATS, st);
	outcome(w, C_STATS, r, errno, "%d, STATS (session)", fd);
	return r;
}

/* Stops and resets the session one of our descriptors owns. */
static void give_up_session(struct worker *w)
{
	int fd = w->owner_fd;
	long r;

	errno = 0;
	r = ioctl(fd, FGPROF_IOC_STOP, 0);
	outcome(w, C_STOP, r, errno, "%d, STOP (owner)", fd);
	errno = 0;
	r = ioctl(fd, FGPROF_IOC_RESET, 0);
	outcome(w, C_RESET, r, errno, "%d, RESET (owner)", fd);
	if (!r)
		w->owner_fd = -1;
}

/*
 * A whole valid session on a new descriptor (off-CPU too if offcpu is 1,
 * on- and off-CPU with wakers if 2): configure, start, run a
 * little (spin and sleep, for on- and off-CPU), read every table, and
 * mostly stop and check that the counters add up; sometimes the
 * descriptor stays open (the random calls then meet a live session) or is
 * closed while running (the owner's close stops it).
 */
static void session(struct worker *w, int offcpu, unsigned int ms, int stop)
{
	struct fgprof_config c;
	struct fgprof_stats st;
	long r, samples = 0, n;
	int fd, cpu, e, tries;

	__atomic_fetch_add(&tot->sessions, 1, __ATOMIC_RELAXED);
	fd = open_dev(O_RDWR);
	e = errno;
	outcome(w, C_OPEN, fd, e, "%s (session)", dev);
	if (fd < 0)
		return;
	if (w->owner_fd >= 0)
		give_up_session(w);
	valid_config(w, &c, offcpu);
	if (offcpu == 2) {	/* the storm's: on- and off-CPU, with wakers */
		c.flags = FGPROF_CF_FREQ | FGPROF_CF_KERNEL_STACK |
			  FGPROF_CF_USER_STACK | FGPROF_CF_OFFCPU |
			  FGPROF_CF_WAKEUPS;
		c.event_config = PERF_COUNT_SW_CPU_CLOCK;
		c.sample_rate = 999;
		c.offcpu_flags = 0;
	}
	/* Another thread's descriptor may own the session for a while yet. */
	for (tries = 0; tries < 20; tries++) {
		errno = 0;
		r = ioctl(fd, FGPROF_IOC_CONFIGURE, &c);
		outcome(w, C_CONFIGURE, r, errno, "%d, CONFIGURE (valid: flags %#x event %u/%llu rate %llu)",
			fd, c.flags, c.event_type, (unsigned long long)c.event_config,
			(unsigned long long)c.sample_rate);
		if (!r || errno != EBUSY)
			break;
		sleep_ms(2);
	}
	if (r) {
		if (errno != EBUSY)
			BAD(w, "a valid configuration refused: %s", strerror(errno));
		goto out;
	}
	errno = 0;
	r = ioctl(fd, FGPROF_IOC_START, 0);
	outcome(w, C_START, r, errno, "%d, START (session)", fd);
	if (r)
		goto out;
	__atomic_fetch_add(&tot->sessions_started, 1, __ATOMIC_RELAXED);
	spin_ms(ms / 2);
	sleep_ms(ms / 2);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		read_table(w, fd, FGPROF_TABLE_COUNTS, cpu);
		read_table(w, fd, FGPROF_TABLE_STACKS, cpu);
		if (c.timeline_slots)
			read_table(w, fd, FGPROF_TABLE_TIMELINE, cpu);
	}
	if (!stop) {
		if (below(w, 2) && w->nfds < MAX_FDS) {	/* left to the random calls */
			w->fd_rdonly[w->nfds] = 0;
			w->fds[w->nfds++] = fd;
			w->owner_fd = fd;
			return;
		}
		goto out;			/* closed while running */
	}
	errno = 0;
	r = ioctl(fd, FGPROF_IOC_STOP, 0);
	outcome(w, C_STOP, r, errno, "%d, STOP (session)", fd);
	if (r || stats_of(w, fd, &st))
		goto out;
	/* Stopped: nothing changes now. Every sample ended in one place. */
	n = st.recorded + st.filtered + st.idle + st.drop_counts_full +
	    st.drop_stacks_full + st.drop_nested + st.drop_weight;
	if ((long)st.samples != n || st.state != FGPROF_STATE_STOPPED ||
	    st.inflight_used)
		BAD(w, "stopped session: samples %llu, accounted %ld, state %u, inflight %llu",
		    (unsigned long long)st.samples, n, st.state,
		    (unsigned long long)st.inflight_used);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		n = read_table(w, fd, FGPROF_TABLE_COUNTS, cpu);
		samples += n > 0 ? n : 0;
	}
	if (samples != (long)st.recorded)
		BAD(w, "counts read sum to %ld samples, recorded %llu", samples,
		    (unsigned long long)st.recorded);
	__atomic_fetch_add(&tot->sessions_checked, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&tot->samples_checked, st.samples, __ATOMIC_RELAXED);
	if (below(w, 2)) {
		errno = 0;
		r = ioctl(fd, FGPROF_IOC_RESET, 0);
		outcome(w, C_RESET, r, errno, "%d, RESET (session)", fd);
	}
out:
	r = close(fd);
	outcome(w, C_CLOSE, r, errno, "%d (session)", fd);
}

/* A thread blocked in poll (or reading) on a descriptor another closes. */
struct racer {
	struct worker *w;
	int fd, read;
	long ret;
	int err;
	short revents;
};

static void *race_thread(void *arg)
{
	struct racer *r = arg;

	if (r->read) {
		r->ret = read(r->fd, r->w->scratch + SCRATCH / 2, SCRATCH / 2);
	} else {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };

		r->ret = poll(&pfd, 1, 200);
		r->revents = pfd.revents;
	}
	r->err = errno;
	return NULL;
}

static void close_race(struct worker *w)
{
	struct racer r = { .w = w, .read = below(w, 3) == 0 };
	struct fgprof_config c;
	pthread_t t;
	int owner = below(w, 2);

	r.fd = open_dev(O_RDWR);
	if (r.fd < 0)
		return;
	/* Half the time the closed descriptor owns a running session. */
	if (owner) {
		valid_config(w, &c, below(w, 2));
		c.timeline_slots = 64;
		owner = !ioctl(r.fd, FGPROF_IOC_CONFIGURE, &c) &&
			!ioctl(r.fd, FGPROF_IOC_START, 0);
	}
	if (pthread_create(&t, NULL, race_thread, &r)) {
		close(r.fd);
		return;
	}
	sleep_ms(below(w, 40));
	close(r.fd);
	pthread_join(t, NULL);
	if (r.read)
		outcome(w, C_RACE_READ, r.ret, r.err, "%d (closed by another thread%s)",
			r.fd, owner ? ", owner" : "");
	else
		outcome(w, C_RACE_POLL, r.ret, r.err, "%d (closed by another thread%s)",
			r.fd, owner ? ", owner" : "");
	if (!r.read && r.ret > 0 &&
	    (r.revents & ~(POLLIN | POLLRDNORM | POLLHUP | POLLNVAL)))
		BAD(w, "poll while closed: revents %#x", r.revents);
}

static void one_call(struct worker *w)
{
	unsigned int op = below(w, 1000);
	int fd, rdonly;

	/*
	 * An owner gives the session up soon (another descriptor of ours
	 * may have closed and reused its number: then RESET is EBUSY or a
	 * no-op, both fine), so that whole sessions get their turn.
	 */
	if (w->owner_fd >= 0 && !below(w, 16)) {
		give_up_session(w);
		return;
	}
	if (op < 5) {
		session(w, below(w, 3) == 0, 20 + below(w, 40), below(w, 4) != 0);
		return;
	}
	if (op < 6) {
		close_race(w);
		return;
	}
	if (op < 80) {
		if (w->nfds < MAX_FDS && (below(w, 2) || !w->nfds)) {
			int ro = !below(w, 8);

			fd = open_dev(ro ? O_RDONLY : O_RDWR);
			outcome(w, C_OPEN, fd, errno, "%s", dev);
			if (fd >= 0) {
				w->fd_rdonly[w->nfds] = ro;
				w->fds[w->nfds++] = fd;
			}
		} else {
			close_slot(w, below(w, w->nfds));
		}
		return;
	}
	fd = worker_fd(w, &rdonly);
	if (fd < 0)
		return;
	if (op < 230)
		do_configure(w, fd);
	else if (op < 480)
		do_simple_ioctl(w, fd);
	else if (op < 620)
		do_readtab(w, fd);
	else if (op < 720)
		do_ioc_ours_random(w, fd);
	else if (op < 770)
		do_ioc_other(w, fd);
	else
		do_fileop(w, fd, rdonly);
}

struct thread_arg {
	int proc, thread;
	unsigned long calls;
};

static void *worker_main(void *p)
{
	struct thread_arg *a = p;
	struct worker w;

	memset(&w, 0, sizeof(w));
	w.owner_fd = -1;
	w.proc = a->proc;
	w.thread = a->thread;
	w.rng = seed ^ ((uint64_t)(a->proc * 64 + a->thread + 1) * 0x9e3779b97f4a7c15ull);
	if (!w.rng)
		w.rng = 1;
	w.scratch = mmap(NULL, SCRATCH + 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w.scratch == MAP_FAILED || mprotect(w.scratch + SCRATCH, 4096, PROT_NONE)) {
		perror("scratch");
		exit(2);
	}
	while (w.n < a->calls)
		one_call(&w);
	while (w.nfds)
		close_slot(&w, 0);
	return NULL;
}

static int run_process(int proc, unsigned int threads, unsigned long calls)
{
	pthread_t t[64];
	struct thread_arg a[64];
	unsigned int i;

	for (i = 0; i < threads; i++) {
		a[i] = (struct thread_arg){ proc, i, calls };
		if (pthread_create(&t[i], NULL, worker_main, &a[i])) {
			perror("pthread_create");
			return 2;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static void print_totals(double secs)
{
	unsigned long all = 0, errs[MAX_ERRNO] = { 0 };
	int c, e, first = 1;

	for (c = 0; c < C_NR; c++) {
		all += tot->calls[c];
		for (e = 0; e < MAX_ERRNO; e++)
			errs[e] += tot->errs[c][e];
	}
	printf("calls %lu, errnos {", all);
	for (e = 0; e < MAX_ERRNO; e++) {
		if (!errs[e])
			continue;
		printf("%s%s: %lu", first ? "" : ", ", e ? strerrorname_np(e) : "ok",
		       errs[e]);
		first = 0;
	}
	printf("}\n");
	for (c = 0; c < C_NR; c++) {
		if (!tot->calls[c])
			continue;
		printf("  %-18s %8lu:", call_names[c], tot->calls[c]);
		for (e = 0; e < MAX_ERRNO; e++)
			if (tot->errs[c][e])
				printf(" %s %lu", e ? strerrorname_np(e) : "ok",
				       tot->errs[c][e]);
		printf("\n");
	}
	printf("sessions %lu, started %lu, checked %lu (%lu samples accounted)\n",
	       tot->sessions, tot->sessions_started, tot->sessions_checked,
	       tot->samples_checked);
	printf("fuzz_dev: seed %" PRIu64 ", %.1f s, %.0f calls/s, %lu failures\n",
	       seed, secs, secs > 0 ? all / secs : 0, tot->failures);
}

static void setup(void)
{
	struct fgprof_version v;
	int fd = open_dev(O_RDWR);

	if (fd < 0 || ioctl(fd, FGPROF_IOC_VERSION, &v)) {
		perror(dev);
		exit(2);
	}
	nr_cpus = v.nr_cpus;
	close(fd);
	/* Reserved, never accessible: unlike an unmapped hole, nothing
	 * (a thread's stack) can be mapped there later. */
	unmapped = mmap(NULL, 1 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
			MAP_NORESERVE, -1, 0);
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tot = mmap(NULL, sizeof(*tot), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (unmapped == MAP_FAILED || ro_page == MAP_FAILED || tot == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
}

/* --session=MS: one on+off-CPU session for the load/unload storm. */
static int one_session(unsigned int ms, int stop)
{
	struct worker w;

	memset(&w, 0, sizeof(w));
	w.owner_fd = -1;
	w.rng = seed | 1;
	w.scratch = mmap(NULL, SCRATCH + 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w.scratch == MAP_FAILED || mprotect(w.scratch + SCRATCH, 4096, PROT_NONE))
		return 2;
	session(&w, 2, ms, stop);
	if (tot->sessions_started != 1)
		BAD(&w, "the session did not start");
	if (stop && tot->sessions_checked != 1)
		BAD(&w, "the session was not checked");
	printf("session: %lu samples accounted, %lu failures\n",
	       tot->samples_checked, tot->failures);
	return tot->failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long calls = 100000;
	unsigned int procs = 3, threads = 2, i, session_ms = 0;
	int status, failed = 0, stop = 0;
	struct timespec a, b;

	dev = getenv("FGPROF_DEVICE") ?: FGPROF_DEVICE_PATH;
	clock_gettime(CLOCK_REALTIME, &a);
	seed = a.tv_nsec ^ ((uint64_t)a.tv_sec << 20) ^ getpid();
	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strncmp(argv[i], "--calls=", 8))
			calls = strtoul(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "--procs=", 8))
			procs = strtoul(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "--threads=", 10))
			threads = strtoul(argv[i] + 10, NULL, 0);
		else if (!strncmp(argv[i], "--seed=", 7))
			seed = strtoull(argv[i] + 7, NULL, 0);
		else if (!strncmp(argv[i], "--session=", 10))
			session_ms = strtoul(argv[i] + 10, NULL, 0);
		else if (!strcmp(argv[i], "--stop"))
			stop = 1;
		else {
			fprintf(stderr, "usage: %s [--calls=N] [--procs=P] [--threads=T] [--seed=S] | --session=MS [--stop]\n",
				argv[0]);
			return 2;
		}
	}
	if (!procs || !threads || threads > 64) {
		fprintf(stderr, "fuzz_dev: 1..64 threads, at least one process\n");
		return 2;
	}
	setup();
	if (session_ms)
		return one_session(session_ms, stop);
	printf("fuzz_dev: seed %" PRIu64 ", %lu calls, %u processes x %u threads, %s\n",
	       seed, calls, procs, threads, dev);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (!pid)
			_exit(run_process(i, threads, calls / procs / threads + 1));
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	clock_gettime(CLOCK_MONOTONIC, &b);
	print_totals((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	if (failed)
		fprintf(stderr, "FAIL: %d processes died or exited non-zero\n", failed);
	return failed || tot->failures ? 1 : 0;
}
