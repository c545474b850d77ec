/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_ARRAY_H
#define FGPROF_USER_ARRAY_H

#include <errno.h>
#include <stdlib.h>

/*
 * Room for element nr of the array *v (capacity *cap, elements of size
 * bytes), doubling as it fills: 0 or -ENOMEM, the array untouched then.
 */
static inline int array_grow(void **v, size_t *cap, size_t nr, size_t size)
{
	size_t n;
	void *m;

	if (nr < *cap)
		return 0;
	n = *cap ? *cap * 2 : 64;
	m = realloc(*v, n * size);
	if (!m)
		return -ENOMEM;
	*v = m;
	*cap = n;
	return 0;
}

#endif
