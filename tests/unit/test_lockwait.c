// SPDX-License-Identifier: GPL-2.0
/*
 * The --lock-wait filter (user/profile/lockwait.c): which kernel function names
 * are lock waits, and which samples of a synthetic off-CPU profile, whose
 * kernel frames come from the kallsyms-lockwait fixture, survive.
 */
#include <stdio.h>

#include "kallsyms.h"
#include "lockwait.h"
#include "profile.h"
#include "record.h"
#include "unit.h"

#define K(off)	(0xffffffff81000000ull + (off))

static void test_function_names(void)
{
	/* futex, kernel mutex, rwsem, semaphore, RT: all the families */
	CHECK(lockwait_function("futex_wait_queue"));
	CHECK(lockwait_function("futex_wait_queue_me"));	/* 5.10 */
	CHECK(lockwait_function("__futex_wait"));		/* 6.7+ */
	CHECK(lockwait_function("futex_lock_pi"));
	CHECK(lockwait_function("__x64_sys_futex"));
	CHECK(lockwait_function("__mutex_lock.constprop.0"));
	CHECK(lockwait_function("__mutex_lock_slowpath"));
	CHECK(lockwait_function("rwsem_down_write_slowpath"));
	CHECK(lockwait_function("percpu_rwsem_wait"));
	CHECK(lockwait_function("__down_interruptible"));
	CHECK(lockwait_function("down"));
	CHECK(lockwait_function("rt_mutex_slowlock_block.constprop.0"));
	CHECK(lockwait_function("rtlock_slowlock_locked"));
	CHECK(lockwait_function("__down_common [xfs]"));
	/* waits that are no lock, and near misses of the patterns */
	CHECK(!lockwait_function("do_nanosleep"));
	CHECK(!lockwait_function("pipe_read"));
	CHECK(!lockwait_function("futex_wake"));
	CHECK(!lockwait_function("schedule"));
	CHECK(!lockwait_function("downgrade_write"));
	CHECK(!lockwait_function("download"));
	CHECK(!lockwait_function("percpu_rwsem_wait_x"));
	CHECK(!lockwait_function("do_futex_x"));
	CHECK(!lockwait_function("my_mutex_lock"));
	CHECK(!lockwait_function(""));
	CHECK(!lockwait_function(NULL));
}

static uint32_t stack(struct profile *p, bool kernel, const uint64_t *ips,
		      uint32_t nr)
{
	uint32_t id = 0;

	CHECK(profile_add_stack(p, kernel, false, ips, nr, &id) == 0);
	return id;
}

static void sample(struct profile *p, uint32_t pid, uint32_t kind,
		   uint64_t ns, uint32_t kstack, uint32_t ustack)
{
	struct profile_sample s = {
		.pid = pid, .count = 1, .period = ns, .kind = kind,
		.kstack = kstack, .ustack = ustack,
	};

	snprintf(s.comm, sizeof(s.comm), "t%u", pid);
	CHECK(profile_add_sample(p, &s) == 0);
}

/* Returns addresses inside each function, as an unwinder gives them. */
static void test_filter(void)
{
	/* innermost first: schedule <- futex_wait_queue <- futex_wait ... */
	static const uint64_t futex[] = {
		K(0x1010), K(0x2010), K(0x3010), K(0x4010), K(0x5010),
		K(0x6010), K(0x7010),
	};
	static const uint64_t nanosleep[] = {
		K(0x1010), K(0x2010), K(0x8010), K(0x9010), K(0xa010),
		K(0x7010),
	};
	static const uint64_t mutex[] = {	/* a page fault's mmap_lock */
		K(0x1010), K(0x2010), K(0xd010), K(0xe010),
	};
	static const uint64_t pipe[] = {
		K(0x1010), K(0x2010), K(0xf010), K(0x10010), K(0x7010),
	};
	static const uint64_t sem[] = {
		K(0x1010), K(0x2010), 0xffffffffc0002010ull,
		0xffffffffc0001010ull,
	};
	/* a return address just past the end of futex_wake is futex_wake's */
	static const uint64_t ret_edge[] = { K(0x1010), K(0x13000) };
	static const uint64_t user[] = { 0x401000, 0x402000 };
	struct profile *p = profile_new();
	struct lockwait_result res;
	struct kallsyms ks;
	uint32_t kf, kn, km, kp, ks_, ke, u, pipe_only;
	size_t i;

	CHECK(kallsyms_load(&ks, unit_data("kallsyms-lockwait")) == 0);
	CHECK(!ks.hidden);
	kf = stack(p, true, futex, 7);
	kn = stack(p, true, nanosleep, 6);
	km = stack(p, true, mutex, 4);
	kp = stack(p, true, pipe, 5);
	ks_ = stack(p, true, sem, 4);
	ke = stack(p, true, ret_edge, 2);
	u = stack(p, false, user, 2);
	pipe_only = stack(p, false, user, 1);

	CHECK(lockwait_stack(p, kf, &ks));
	CHECK(!lockwait_stack(p, kn, &ks));
	CHECK(lockwait_stack(p, km, &ks));
	CHECK(!lockwait_stack(p, kp, &ks));
	CHECK(lockwait_stack(p, ks_, &ks));
	/* K(0x13000) - 1 is in futex_wake, not a lock */
	CHECK(!lockwait_stack(p, ke, &ks));
	CHECK(!lockwait_stack(p, u, &ks));	/* a user stack: never */
	CHECK(!lockwait_stack(p, 0, &ks));

	sample(p, 10, PROFILE_OFF_CPU, 1000, kf, u);	/* kept */
	sample(p, 11, PROFILE_OFF_CPU, 2000, kn, u);	/* sleep: dropped */
	sample(p, 12, PROFILE_OFF_CPU, 4000, km, 0);	/* kept */
	sample(p, 13, PROFILE_OFF_CPU, 8000, kp, pipe_only);	/* dropped */
	sample(p, 14, PROFILE_OFF_CPU, 16000, ks_, 0);	/* kept */
	sample(p, 15, PROFILE_OFF_CPU, 32000, 0, u);	/* no kernel stack */
	sample(p, 16, PROFILE_ON_CPU, 64000, kf, u);	/* on-CPU: dropped */

	CHECK(lockwait_filter(p, &ks, &res) == 0);
	CHECK(res.kept == 3 && res.dropped == 4);
	CHECK(res.kept_ns == 21000);
	CHECK(res.dropped_ns == 2000 + 8000 + 32000 + 64000);
	CHECK(p->nr_samples == 3);
	/* only the kept samples' stacks are left, renumbered */
	CHECK(p->nr_stacks == 4);
	for (i = 0; i < p->nr_samples; i++) {
		const struct profile_sample *s = &p->samples[i];

		CHECK(s->kind == PROFILE_OFF_CPU);
		CHECK(s->pid == 10 || s->pid == 12 || s->pid == 14);
		CHECK(lockwait_stack(p, s->kstack, &ks));
		CHECK(s->pid != 10 || (s->ustack &&
				       profile_stack(p, s->ustack)->nr == 2));
		CHECK(s->pid == 10 || !s->ustack);
	}
	/* the filtered profile is a profile: new samples still merge */
	sample(p, 10, PROFILE_OFF_CPU, 1, p->samples[0].kstack,
	       p->samples[0].ustack);
	CHECK(p->nr_samples == 3 && p->samples[0].period == 1001);
	kallsyms_free(&ks);
	profile_free(p);
}

static int parse(struct record_opts *o, char *a1, char *a2)
{
	char *argv[] = { "record", a1, a2, NULL };
	int argc = a2 ? 3 : 2, ret;
	FILE *saved = stderr;

	stderr = fopen("/dev/null", "w");	/* usage errors are expected */
	ret = record_parse_args(argc, argv, o);
	fclose(stderr);
	stderr = saved;
	return ret;
}

/* --lock-wait is blocked off-CPU time, kernel stacks on, named lock-wait. */
static void test_options(void)
{
	struct record_opts o;
	uint32_t blocked = FGPROF_OF_INTERRUPTIBLE | FGPROF_OF_UNINTERRUPTIBLE;

	CHECK(parse(&o, "--lock-wait", NULL) == 0);
	CHECK((o.flags & (FGPROF_CF_OFFCPU | FGPROF_CF_NO_ONCPU)) ==
	      (FGPROF_CF_OFFCPU | FGPROF_CF_NO_ONCPU));
	CHECK(o.flags & FGPROF_CF_KERNEL_STACK);
	CHECK((o.offcpu_flags & FGPROF_OF_STATES) == blocked);
	CHECK_STR(o.event.name, LOCKWAIT_EVENT);
	CHECK(parse(&o, "--lock-wait", "--state=all") == 0);
	CHECK((o.offcpu_flags & FGPROF_OF_STATES) == FGPROF_OF_STATES);
	CHECK(parse(&o, "--lock-wait", "--wakeups") == 0);
	CHECK(parse(&o, "--lock-wait", "--off-cpu") == 0);
	CHECK(parse(&o, "--lock-wait", "--wall") < 0);
	CHECK(parse(&o, "--lock-wait", "--user-only") < 0);
	CHECK(parse(&o, "--lock-wait", "--timeline") < 0);
	CHECK(parse(&o, "--lock-wait", "-ecycles") < 0);
	CHECK(parse(&o, "--off-cpu", NULL) == 0);
	CHECK_STR(o.event.name, "cpu-clock");
}

int main(void)
{
	RUN(test_function_names);
	RUN(test_filter);
	RUN(test_options);
	return UNIT_EXIT();
}
