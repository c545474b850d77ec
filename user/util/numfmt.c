// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>

#include "numfmt.h"

static const uint64_t pow10[] = { 1, 10, 100, 1000 };

char *numfmt_u64(char *p, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*p++ = digits[--n];
	*p = '\0';
	return p;
}

/*
 * v * 10^d to the nearest integer, ties to even, as printf rounds in the
 * default rounding mode: exact, from v's binary mantissa and exponent.
 * false for what this does not take: negative (-0 too), not finite, or
 * 2^53 and above, where m * 10^d would not fit in 64 bits.
 */
static bool scaled(double v, int d, uint64_t *q)
{
	uint64_t bits, m, n, rem, half;
	int e;

	memcpy(&bits, &v, sizeof(bits));
	e = (bits >> 52) & 0x7ff;
	m = bits & ((1ull << 52) - 1);
	if (bits >> 63 || e == 0x7ff)
		return false;
	if (e)
		m |= 1ull << 52;
	else
		e = 1;			/* subnormal */
	e -= 1075;			/* v = m * 2^e */
	if (e > 0)
		return false;
	n = m * pow10[d];		/* below 2^63 */
	if (e <= -64) {
		*q = 0;			/* n * 2^e is below 1/2 */
		return true;
	}
	if (!e) {
		*q = n;
		return true;
	}
	*q = n >> -e;
	rem = n & ((1ull << -e) - 1);
	half = 1ull << (-e - 1);
	if (rem > half || (rem == half && (*q & 1)))
		(*q)++;
	return true;
}

void numfmt_fixed(FILE *out, double v, int decimals)
{
	char buf[40], *p;
	uint64_t q, frac;
	int i;

	if (decimals < 0 || decimals > 3 || !scaled(v, decimals, &q)) {
		fprintf(out, "%.*f", decimals, v);
		return;
	}
	p = numfmt_u64(buf, q / pow10[decimals]);
	if (decimals) {
		frac = q % pow10[decimals];
		*p++ = '.';
		for (i = decimals; i-- > 0; frac /= 10)
			p[i] = '0' + frac % 10;
		p += decimals;
	}
	fwrite(buf, 1, p - buf, out);
}
