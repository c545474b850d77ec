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

#include "buildid.h"
#include "lockwait.h"
#include "profile_ksyms.h"

#define KERNEL_NOTES	"/sys/kernel/notes"
#define MODULE_NOTES	"/sys/module/%s/notes/.note.gnu.build-id"

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

/*
 * The build-ids of the kernel and of the modules the stored symbols
 * name ("func [module]"): which binaries those names came from. One
 * that cannot be read is left out (a kernel without notes).
 */
static int store_kbuilds(struct profile *p)
{
	char hex[BUILDID_HEX_LEN], path[PROFILE_NAME_LEN + 64];
	const struct kallsyms *ks = &p->ksyms;
	char mod[PROFILE_NAME_LEN];
	size_t i;
	int err = 0;

	if (buildid_read_notes(KERNEL_NOTES, hex, sizeof(hex)) > 0)
		err = profile_add_kbuild(p, "vmlinux", hex);
	for (i = 0; !err && i < ks->nr; i++) {
		const char *name = ks->names + ks->syms[i].name;
		const char *m = strstr(name, " [");
		size_t n = m ? strlen(m + 2) : 0;

		if (!n || m[n + 1] != ']' || n > sizeof(mod))
			continue;
		snprintf(mod, sizeof(mod), "%.*s", (int)n - 1, m + 2);
		snprintf(path, sizeof(path), MODULE_NOTES, mod);
		if (buildid_read_notes(path, hex, sizeof(hex)) > 0)
			err = profile_add_kbuild(p, mod, hex);
	}
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
	err = err ?: store_kbuilds(p);
	kallsyms_free(&ks);
	return err;
}
