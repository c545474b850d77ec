/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels fgprof builds for (5.10 to 6.12 and
 * later) lives here as a small inline shim, the LTTng-modules way: no
 * LINUX_VERSION_CODE test appears in any other file. Each shim names the
 * kernel release that changed the interface.
 */
#ifndef FGPROF_COMPAT_H
#define FGPROF_COMPAT_H

#include <linux/version.h>
#include <linux/fs.h>

/*
 * compat_ptr_ioctl() exists from 5.5; all supported kernels have it, so a
 * 32-bit caller's pointer is converted the same way everywhere.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 5, 0)
#error "fgprof needs Linux 5.5 or later"
#endif

#endif /* FGPROF_COMPAT_H */
