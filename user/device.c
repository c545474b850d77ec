// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "device.h"

static const char *const state_names[FGPROF_STATE_NR] = FGPROF_STATE_NAMES;

/* FGPROF_DEVICE lets tests and unusual udev setups point elsewhere. */
const char *device_path(void)
{
	const char *p = getenv("FGPROF_DEVICE");

	return p && *p ? p : FGPROF_DEVICE_PATH;
}

int device_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int device_version(int fd, struct fgprof_version *v)
{
	if (ioctl(fd, FGPROF_IOC_VERSION, v) < 0)
		return -errno;
	if (v->abi_version != FGPROF_ABI_VERSION)
		return -EPROTO;
	return 0;
}

/* Open and make sure a module of our ABI answers behind the path. */
int device_open_checked(const char *path, struct fgprof_version *v)
{
	int fd = device_open(path);
	int err;

	if (fd < 0)
		return fd;
	err = device_version(fd, v);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

const char *device_hint(int err)
{
	switch (-err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "the fgprof module is not loaded (modprobe fgprof, or insmod fgprof.ko)";
	case EACCES:
	case EPERM:
		return "permission denied: /dev/fgprof is root-only unless the module's mode parameter or udev grants access";
	case ENOTTY:
		return "not an fgprof device (it does not answer fgprof's version ioctl)";
	case EPROTO:
		return "the loaded module speaks another ABI version: rebuild and reload fgprof.ko and the tool together";
	default:
		return NULL;
	}
}

const char *device_state_name(unsigned int state)
{
	return state < FGPROF_STATE_NR ? state_names[state] : "invalid";
}
