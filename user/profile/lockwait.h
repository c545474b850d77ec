/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_LOCKWAIT_H
#define FGPROF_USER_LOCKWAIT_H

#include <stdbool.h>
#include <stdint.h>

#include "kallsyms.h"
#include "profile.h"

/*
 * `fgprof record --lock-wait`: off-CPU time kept only where the blocked
 * task's kernel stack shows a lock wait (a futex wait, a kernel mutex,
 * rwsem, semaphore or RT mutex). The filter runs in the tool once the
 * tables are read, on kernel frames named through /proc/kallsyms: the
 * module records every blocked interval as for --off-cpu.
 */

/* The event name a lock-wait profile's header carries: it names its graph. */
#define LOCKWAIT_EVENT	"lock-wait"

/*
 * Is this kernel function one a task blocks in while it waits for a lock?
 * name as kallsyms gives it: "func", "func.constprop.0", "func [module]".
 */
bool lockwait_function(const char *name);

/* Does any frame of this kernel stack (ids of p) wait for a lock? */
bool lockwait_stack(const struct profile *p, uint32_t kstack,
		    const struct kallsyms *ks);

struct lockwait_result {
	uint64_t kept, dropped;		/* blocked intervals */
	uint64_t kept_ns, dropped_ns;
};

/*
 * Keeps p's off-CPU samples whose kernel stack waits for a lock and drops
 * every other sample (and the stacks only they used); p stays the same
 * object. 0 or -ENOMEM.
 */
int lockwait_filter(struct profile *p, const struct kallsyms *ks,
		    struct lockwait_result *res);

/*
 * lockwait_filter with this machine's kernel symbols (ks, not hidden:
 * see profile_record_ksyms), and a summary line on stderr unless quiet.
 * 0 or -ENOMEM.
 */
int lockwait_apply(struct profile *p, const struct kallsyms *ks, bool quiet);

#endif
