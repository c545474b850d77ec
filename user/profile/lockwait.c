// SPDX-License-Identifier: GPL-2.0
/*
 * Which blocked time is a lock wait: the kernel functions a task sleeps
 * in while it waits for a lock, and the filter that keeps only the
 * off-CPU samples whose kernel stack passes through one of them.
 *
 * Why in the tool and not in the module: the module would have to name
 * frames in the sched_switch probe (no kallsyms lookups there), and the
 * cheap test it could make, "the task is in the futex syscall", misses
 * kernel mutex and rwsem waits (mmap_lock in a page fault is no syscall
 * at all). Here the kernel frames are named once per distinct stack, so
 * the cost is a kallsyms load at the end of the recording.
 *
 * User-space locks need no user frames: pthread mutexes, rwlocks,
 * condition variables and semaphores all sleep in the futex syscall, so
 * the kernel stack shows them too (which also means a futex-based wait
 * that is no lock, a condition variable or a thread join, counts).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockwait.h"

/*
 * The patterns, one place: "name" is that function (with any
 * ".constprop.0"-style suffix), "prefix*" any function starting so.
 * Only tasks that blocked (not preempted ones) are recorded, so a frame
 * that merely can block means the task blocked there.
 */
static const char *const lock_functions[] = {
	/* futex: user-space locks; 5.10 futex_wait_queue_me, 6.x
	   futex_wait_queue, __futex_wait, futex_wait_multiple (waitv) */
	"futex_wait*",
	"__futex_wait*",
	"futex_do_wait",
	"futex_lock_pi*",	/* PI mutexes (and rt_mutex_wait_proxy_lock) */
	"futex_q_lock",		/* the hash bucket lock (sleeps on RT) */
	"do_futex",		/* when the inner frames were inlined */
	"__x64_sys_futex*",
	"__ia32_sys_futex*",
	"__ia32_compat_sys_futex*",
	/* kernel mutexes (ww_mutex goes through __mutex_lock_common) */
	"__mutex_lock*",
	"mutex_lock*",
	"__ww_mutex_lock*",
	"ww_mutex_lock*",
	/* read-write semaphores, percpu ones (e.g. cgroup_threadgroup_rwsem) */
	"rwsem_down_*",
	"down_read*",
	"down_write*",
	"percpu_rwsem_wait",
	"__percpu_down_read*",
	"percpu_down_write",
	/* counting semaphores */
	"__down*",
	"down",
	"down_interruptible",
	"down_killable",
	"down_timeout",
	/* PREEMPT_RT: sleeping spinlocks, rt mutexes, rwsems and rwlocks */
	"rt_mutex_slowlock*",
	"__rt_mutex_slowlock*",
	"rtlock_slowlock*",
	"rt_spin_lock*",
	"__rwbase_read_lock",
	"rwbase_write_lock",
	/* the socket lock, a sleeping lock of its own */
	"__lock_sock",
};

/* The end of the function's own name: before ".suffix" or " [module]". */
static size_t base_len(const char *name)
{
	size_t n = strcspn(name, " ");
	const char *dot = memchr(name, '.', n);

	return dot ? (size_t)(dot - name) : n;
}

bool lockwait_function(const char *name)
{
	size_t len, i;

	if (!name)
		return false;
	len = base_len(name);
	for (i = 0; i < sizeof(lock_functions) / sizeof(lock_functions[0]);
	     i++) {
		const char *pat = lock_functions[i];
		size_t pl = strlen(pat);

		if (pat[pl - 1] == '*') {
			if (len >= pl - 1 && !strncmp(name, pat, pl - 1))
				return true;
		} else if (len == pl && !strncmp(name, pat, pl)) {
			return true;
		}
	}
	return false;
}

bool lockwait_stack(const struct profile *p, uint32_t kstack,
		    const struct kallsyms *ks)
{
	const struct profile_stack *s = profile_stack(p, kstack);
	const uint64_t *ips;
	uint32_t i;

	if (!s || !s->kernel)
		return false;
	ips = profile_stack_ips(p, s);
	for (i = 0; i < s->nr; i++) {
		/* Outer frames are return addresses: look up the call. */
		uint64_t addr = ips[i] - (i ? 1 : 0);

		if (lockwait_function(kallsyms_lookup(ks, addr, NULL)))
			return true;
	}
	return false;
}

/* A stack of p as a stack of n: its id there, 0 for none. */
static int copy_stack(const struct profile *p, struct profile *n,
		      uint32_t id, uint32_t *out)
{
	const struct profile_stack *s = profile_stack(p, id);

	*out = 0;
	if (!s)
		return 0;
	return profile_add_stack(n, s->kernel, s->truncated,
				 profile_stack_ips(p, s), s->nr, out);
}

/* The kept samples into a new profile, which then trades places with p. */
int lockwait_filter(struct profile *p, const struct kallsyms *ks,
		    struct lockwait_result *res)
{
	struct profile *n = profile_new(), tmp;
	size_t i;
	int err = 0;

	memset(res, 0, sizeof(*res));
	if (!n)
		return -ENOMEM;
	err = profile_copy_meta(n, p);
	for (i = 0; !err && i < p->nr_samples; i++) {
		struct profile_sample s = p->samples[i];

		if (s.kind != PROFILE_OFF_CPU || !lockwait_stack(p, s.kstack, ks)) {
			res->dropped += s.count;
			res->dropped_ns += s.period;
			continue;
		}
		res->kept += s.count;
		res->kept_ns += s.period;
		err = copy_stack(p, n, p->samples[i].kstack, &s.kstack) ?:
		      copy_stack(p, n, p->samples[i].ustack, &s.ustack) ?:
		      copy_stack(p, n, p->samples[i].wkstack, &s.wkstack) ?:
		      copy_stack(p, n, p->samples[i].wustack, &s.wustack) ?:
		      profile_add_sample(n, &s);
	}
	if (!err) {
		tmp = *p;
		*p = *n;
		*n = tmp;
	}
	profile_free(n);
	return err;
}

int lockwait_apply(struct profile *p, const struct kallsyms *ks, bool quiet)
{
	struct lockwait_result res;
	int err = lockwait_filter(p, ks, &res);

	if (!err && !quiet)
		fprintf(stderr, "fgprof: lock wait: kept %" PRIu64 " of %" PRIu64 " blocked intervals (%.3f s of %.3f s)\n",
			res.kept, res.kept + res.dropped, res.kept_ns / 1e9,
			(res.kept_ns + res.dropped_ns) / 1e9);
	return err;
}
