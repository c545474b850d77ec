/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_KMAPS_H
#define FGPROF_USER_KMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procmaps.h"

/*
 * The mapping records the module captured inside each sampled process
 * (FGPROF_TABLE_MAPS): the fallback for a process that exited before its
 * /proc/PID/maps could be read.
 */

/*
 * One record as device_read_table hands it (len bytes) into *pid and *m
 * (m->path points into rec). False when it is malformed.
 */
bool kmaps_decode(const void *rec, size_t len, uint32_t *pid,
		  struct procmap *m);

/*
 * Whether m->path still names the file the process had mapped: a stat()
 * of it gives the recorded device and inode, or (an overlay's file, whose
 * layer's ids stat() does not show) the recorded size and mtime. [vdso]
 * has no file: true.
 */
bool kmaps_same_file(const struct procmap *m);

#endif
