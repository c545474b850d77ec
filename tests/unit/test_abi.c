// SPDX-License-Identifier: GPL-2.0
/*
 * The device ABI's layout: what a script in another language or a 32-bit
 * caller relies on. A change here must bump FGPROF_ABI_VERSION.
 */
#include <stddef.h>
#include <sys/ioctl.h>

#include "fgprof.h"
#include "unit.h"

static void version_struct_has_no_hidden_padding(void)
{
	struct fgprof_version v;
	size_t members = sizeof(v.abi_version) + sizeof(v.state) +
			 sizeof(v.nr_cpus) + sizeof(v.open_count) +
			 sizeof(v.release) + sizeof(v.kernel);

	CHECK(sizeof(v) == members);
	CHECK(sizeof(v) == 112);
	CHECK(offsetof(struct fgprof_version, release) == 16);
	CHECK(offsetof(struct fgprof_version, kernel) == 48);
}

static void version_ioctl_encodes_magic_size_and_direction(void)
{
	CHECK(_IOC_TYPE(FGPROF_IOC_VERSION) == FGPROF_IOC_MAGIC);
	CHECK(_IOC_SIZE(FGPROF_IOC_VERSION) == sizeof(struct fgprof_version));
	CHECK(_IOC_DIR(FGPROF_IOC_VERSION) == _IOC_READ);
	CHECK(_IOC_NR(FGPROF_IOC_VERSION) == 0);
}

static void every_state_has_a_name(void)
{
	static const char *const names[FGPROF_STATE_NR] = FGPROF_STATE_NAMES;
	int i;

	for (i = 0; i < FGPROF_STATE_NR; i++)
		CHECK(names[i] && names[i][0]);
	CHECK_STR(names[FGPROF_STATE_IDLE], "idle");
	CHECK_STR(names[FGPROF_STATE_RUNNING], "running");
}

int main(void)
{
	RUN(version_struct_has_no_hidden_padding);
	RUN(version_ioctl_encodes_magic_size_and_direction);
	RUN(every_state_has_a_name);
	return UNIT_EXIT();
}
