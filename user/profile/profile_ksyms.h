/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PROFILE_KSYMS_H
#define FGPROF_USER_PROFILE_KSYMS_H

#include <stdbool.h>

#include "kallsyms.h"
#include "profile.h"

/*
 * Stores in p->ksyms the symbols of ks that name an address of p's
 * kernel stacks, or the byte before it (where a return address is
 * looked up), replacing any stored before: a profile that names its own
 * kernel frames on another machine or after a reboot. 0 or -ENOMEM.
 */
int profile_store_ksyms(struct profile *p, const struct kallsyms *ks);

/*
 * At the end of a recording: /proc/kallsyms read once, for --lock-wait's
 * filter (lockwait_apply) when lock_wait, then stored as above with the
 * build-ids of the kernel and of the modules named (kbuilds). Hidden
 * symbols (kptr_restrict) are said on stderr unless quiet and store
 * nothing; with lock_wait they are an error (-EACCES).
 */
int profile_record_ksyms(struct profile *p, bool lock_wait, bool quiet);

#endif
