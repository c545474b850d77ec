/* SPDX-License-Identifier: GPL-2.0 */
/* Assertions for the guest test programs: each failure is one line. */
#ifndef FGPROF_PROGS_CHECK_H
#define FGPROF_PROGS_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define EXPECT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			check_failures++;				\
		}							\
	} while (0)

/* A call that must fail with exactly this errno. */
#define EXPECT_ERRNO(call, want)					\
	do {								\
		long _r; int _e;					\
		errno = 0;						\
		_r = (long)(call);					\
		_e = errno;						\
		EXPECT(_r == -1 && _e == (want),			\
		       "%s: returned %ld errno %s, want %s", #call, _r,	\
		       strerror(_e), strerror(want));			\
	} while (0)

#endif
