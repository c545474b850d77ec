/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test harness for host unit tests: one binary per user/ file,
 * one "ok - name" / "not ok - name" line per test function (tests/run.sh
 * counts them), the failing expression and line on stderr.
 */
#ifndef FGPROF_UNIT_H
#define FGPROF_UNIT_H

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int unit_current_failed;
static int unit_failures;

/*
 * How many times slower than a quiet machine the host runs now
 * (FGPROF_SPEED_SCALE, measured by tests/run.sh before each test binary
 * with tests/speed.sh): bounds on time grow by it.
 */
static inline unsigned int speed_scale(void)
{
	const char *s = getenv("FGPROF_SPEED_SCALE");
	int n = s ? atoi(s) : 1;

	return n > 1 ? n : 1;
}

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			unit_current_failed = 1;			\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (!_a || !_b || strcmp(_a, _b)) {			\
			fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n",	\
				__FILE__, __LINE__, _a ? _a : "(null)",	\
				_b ? _b : "(null)");			\
			unit_current_failed = 1;			\
		}							\
	} while (0)

#define RUN(fn)								\
	do {								\
		unit_current_failed = 0;				\
		fn();							\
		printf("%s - %s\n", unit_current_failed ? "not ok" : "ok", #fn); \
		unit_failures += unit_current_failed;			\
	} while (0)

#define UNIT_EXIT() (unit_failures ? 1 : 0)

/*
 * tests/unit/DIR/NAME, found from the test binary whatever the cwd (DIR
 * relative to tests/unit). The result lives until the next call.
 */
static inline const char *unit_path(const char *dir, const char *name)
{
	static char path[4096];
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n < 0)
		return name;
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/%s/%s", dirname(exe), dir, name);
	return path;
}

/* tests/unit/data/NAME. */
static inline const char *unit_data(const char *name)
{
	return unit_path("data", name);
}

#endif
