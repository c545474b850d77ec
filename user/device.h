/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_DEVICE_H
#define FGPROF_USER_DEVICE_H

#include "fgprof.h"

/*
 * The only code that talks to /dev/fgprof. Every call returns 0 (or an fd)
 * on success and a negative errno on failure; device_hint() turns that
 * errno into advice a user can act on.
 */
const char *device_path(void);
int device_open(const char *path);
int device_version(int fd, struct fgprof_version *v);
int device_open_checked(const char *path, struct fgprof_version *v);
const char *device_hint(int err);
const char *device_state_name(unsigned int state);

#endif
