/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * fgprof device ABI: the only contract between fgprof.ko and user space.
 *
 * Rules (see include/fgprof-abi.md):
 *  - every struct has fixed-size members and explicit padding, so 32- and
 *    64-bit callers see the same layout and the kernel never copies out an
 *    uninitialized byte;
 *  - the ioctl numbers encode each struct's size, so a caller built against
 *    another layout gets -ENOTTY rather than a misread struct;
 *  - FGPROF_ABI_VERSION changes whenever a layout or a meaning changes.
 */
#ifndef _UAPI_FGPROF_H
#define _UAPI_FGPROF_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define FGPROF_DEVICE_NAME	"fgprof"
#define FGPROF_DEVICE_PATH	"/dev/fgprof"

#define FGPROF_ABI_VERSION	1

/* The release both halves are built from (the tool prints its own). */
#define FGPROF_RELEASE		"0.1.0"

/*
 * 0xB7 is not listed in the kernel's ioctl-number.rst; a collision would
 * only matter if someone sent our numbers to another driver's node.
 */
#define FGPROF_IOC_MAGIC	0xB7

/* Lifecycle of the single profiling session the module holds. */
enum fgprof_state {
	FGPROF_STATE_IDLE = 0,		/* nothing configured */
	FGPROF_STATE_CONFIGURED = 1,	/* tables allocated, not sampling */
	FGPROF_STATE_RUNNING = 2,	/* sampling */
	FGPROF_STATE_STOPPED = 3,	/* stopped, aggregate still readable */
	FGPROF_STATE_NR
};

/* Names both halves print, as an initializer for a const char *[]. */
#define FGPROF_STATE_NAMES {					\
	[FGPROF_STATE_IDLE] = "idle",				\
	[FGPROF_STATE_CONFIGURED] = "configured",		\
	[FGPROF_STATE_RUNNING] = "running",			\
	[FGPROF_STATE_STOPPED] = "stopped",			\
}

#define FGPROF_RELEASE_LEN	32
#define FGPROF_KERNEL_LEN	64

/* FGPROF_IOC_VERSION: what module is behind the device, and its state. */
struct fgprof_version {
	__u32 abi_version;			/* FGPROF_ABI_VERSION of the module */
	__u32 state;				/* enum fgprof_state */
	__u32 nr_cpus;				/* possible CPUs */
	__u32 open_count;			/* open file descriptions */
	char release[FGPROF_RELEASE_LEN];	/* module version, NUL-terminated */
	char kernel[FGPROF_KERNEL_LEN];		/* uname -r it runs on */
};

#define FGPROF_IOC_VERSION	_IOR(FGPROF_IOC_MAGIC, 0x00, struct fgprof_version)

#endif /* _UAPI_FGPROF_H */
