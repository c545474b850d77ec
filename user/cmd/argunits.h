/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_ARGUNITS_H
#define FGPROF_USER_ARGUNITS_H

#include <stdint.h>

/*
 * Command-line quantities with units, as people type them.
 * A time: a number (decimals allowed) with ns, us, ms, s, m or h, or none
 * for seconds: "10s", "500ms", "2m", "1.5". Positive, at most a year.
 * A size: a whole number of bytes, or with k, M, G, T (powers of 1024,
 * optionally followed by "B" or "iB"): "64M", "1G", "4096".
 * Each returns 0 or -EINVAL.
 */
int argunits_time(const char *s, uint64_t *ns);
int argunits_size(const char *s, uint64_t *bytes);

#endif
