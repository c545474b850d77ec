// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel symbols a profile carries (its ksym lines): only those its
 * kernel stacks need, a few hundred of kallsyms' hundred thousand, so
 * that a profile reported on a laptop, or after the recording machine
 * rebooted (KASLR), names the same kernel functions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockwait.h"
#include "profile_ksyms.h"

int profile_store_ksyms(struct profile *p, const struct kallsyms *ks)
{
	uint64_t *addrs;
	size_t i, j, n = 0;
	int err;

	addrs = malloc((2 * p->nr_frames + 1) * sizeof(*addrs));
	if (!addrs)
		return -ENOMEM;
	for (i = 0; i < p->nr_stacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		const uint64_t *ips = profile_stack_ips(p, s);

		for (j = 0; s->kernel && j < s->nr; j++) {
			addrs[n++] = ips[j];
			addrs[n++] = ips[j] - 1;
		}
	}
	kallsyms_free(&p->ksyms);
	err = kallsyms_subset(ks, addrs, n, &p->ksyms);
	free(addrs);
	return err;
}

static bool has_kernel_stacks(const struct profile *p)
{
	size_t i;

	for (i = 0; i < p->nr_stacks; i++)
		if (p->stacks[i].kernel)
			return true;
	return false;
}

int profile_record_ksyms(struct profile *p, bool lock_wait, bool quiet)
{
	struct kallsyms ks;
	int err;

	if (!lock_wait && !has_kernel_stacks(p))
		return 0;
	err = kallsyms_load(&ks, NULL);
	if (err && !lock_wait) {
		if (!quiet)
			fprintf(stderr, "fgprof: kernel symbols not stored in the profile: %s: %s\n",
				KALLSYMS_PATH, strerror(-err));
		return 0;
	}
	if (err)
		return err;
	if (ks.hidden) {
		kallsyms_free(&ks);
		if (lock_wait) {
			fprintf(stderr, "fgprof: --lock-wait: %s\n",
				KALLSYMS_HIDDEN_MSG);
			return -EACCES;
		}
		if (!quiet && has_kernel_stacks(p))
			fprintf(stderr, "fgprof: kernel symbols not stored in the profile (only this boot's /proc/kallsyms will name them): %s\n",
				KALLSYMS_HIDDEN_MSG);
		return 0;
	}
	err = lock_wait ? lockwait_apply(p, &ks, quiet) : 0;
	err = err ?: profile_store_ksyms(p, &ks);
	kallsyms_free(&ks);
	return err;
}
