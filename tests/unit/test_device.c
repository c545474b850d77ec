// SPDX-License-Identifier: GPL-2.0
/* user/device.c without a module: paths, errors and hints. */
#include <errno.h>
#include <stdlib.h>

#include "device.h"
#include "unit.h"

static void path_defaults_to_dev_fgprof_and_honours_env(void)
{
	unsetenv("FGPROF_DEVICE");
	CHECK_STR(device_path(), "/dev/fgprof");
	setenv("FGPROF_DEVICE", "/tmp/x", 1);
	CHECK_STR(device_path(), "/tmp/x");
	setenv("FGPROF_DEVICE", "", 1);
	CHECK_STR(device_path(), "/dev/fgprof");
	unsetenv("FGPROF_DEVICE");
}

static void missing_device_says_module_not_loaded(void)
{
	int fd = device_open("/nonexistent/fgprof");

	CHECK(fd == -ENOENT);
	CHECK(device_hint(fd) && strstr(device_hint(fd), "not loaded"));
}

static void other_device_is_refused_with_enotty(void)
{
	struct fgprof_version v;
	int fd = device_open_checked("/dev/null", &v);

	CHECK(fd == -ENOTTY);
	CHECK(device_hint(fd) && strstr(device_hint(fd), "not an fgprof device"));
}

static void abi_mismatch_and_permission_have_hints(void)
{
	CHECK(strstr(device_hint(-EPROTO), "ABI"));
	CHECK(strstr(device_hint(-EACCES), "root-only"));
	CHECK(device_hint(-EINVAL) == NULL);
}

static void state_names_are_bounded(void)
{
	CHECK_STR(device_state_name(FGPROF_STATE_IDLE), "idle");
	CHECK_STR(device_state_name(FGPROF_STATE_STOPPED), "stopped");
	CHECK_STR(device_state_name(FGPROF_STATE_NR), "invalid");
	CHECK_STR(device_state_name(0xffffffffu), "invalid");
}

int main(void)
{
	RUN(path_defaults_to_dev_fgprof_and_honours_env);
	RUN(missing_device_says_module_not_loaded);
	RUN(other_device_is_refused_with_enotty);
	RUN(abi_mismatch_and_permission_have_hints);
	RUN(state_names_are_bounded);
	return UNIT_EXIT();
}
