/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_DEVICE_H
#define FGPROF_USER_DEVICE_H

#include <stddef.h>

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

int device_configure(int fd, const struct fgprof_config *cfg);
int device_start(int fd);
int device_stop(int fd);
int device_reset(int fd);
int device_stats(int fd, struct fgprof_stats *st);

/*
 * Reading one CPU's table: the reader owns a buffer that grows (doubling)
 * whenever the module says a record does not fit, and is kept for the
 * next table so steady-state reads allocate nothing.
 */
typedef int (*device_record_fn)(void *ctx, unsigned int cpu,
				const void *rec, size_t len);

struct device_reader {
	int fd;
	/* The READ ioctl, or a fake in unit tests: 0 or a negative errno. */
	int (*read)(int fd, struct fgprof_read *req, void *priv);
	void *priv;
	void *buf;
	size_t len;		/* bytes of buf (allocated on first use) */
	size_t max;		/* growth stops here: -ENOSPC */
};

void device_reader_init(struct device_reader *r, int fd);
void device_reader_free(struct device_reader *r);

/*
 * Hands every record of one CPU's table to fn (a stack record with its
 * frames, len bytes in all). Stacks and counts are walked with the cursor
 * to FGPROF_CURSOR_END; the timeline is drained until a read brings
 * nothing. Returns the number of records, a negative errno, or fn's
 * non-zero return, which stops the walk.
 */
long device_read_table(struct device_reader *r, unsigned int table,
		       unsigned int cpu, device_record_fn fn, void *ctx);

#endif
