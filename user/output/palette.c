// SPDX-License-Identifier: GPL-2.0
/*
 * Frame colours. The families are flamegraph.pl's, so that graphs read
 * alike; which family a frame gets comes from its name's suffix (_[k]
 * kernel, _[i] inlined, _[w] waker) and the palette asked for.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "htab.h"
#include "palette.h"

static const char *const names[] = {
	[PALETTE_HOT] = "hot",
	[PALETTE_MEM] = "mem",
	[PALETTE_IO] = "io",
	[PALETTE_WAKEUP] = "wakeup",
	[PALETTE_CHAIN] = "chain",
};

int palette_parse(const char *name, enum palette *out)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(name, names[i])) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *palette_name(enum palette p)
{
	return names[p];
}

static bool has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

static bool is(const char *s, size_t len, const char *what)
{
	return len == strlen(what) && !memcmp(s, what, len);
}

/* "[unknown]" or "[truncated]", with or without a frame-kind suffix. */
static bool placeholder(const char *s, size_t len)
{
	if (has_suffix(s, len, "_[k]") || has_suffix(s, len, "_[i]") ||
	    has_suffix(s, len, "_[w]"))
		len -= 4;
	return is(s, len, "[unknown]") || is(s, len, "[truncated]");
}

static void set(unsigned int rgb[3], unsigned int r, unsigned int g,
		unsigned int b)
{
	rgb[0] = r;
	rgb[1] = g;
	rgb[2] = b;
}

/* flamegraph.pl's families, v1..v3 in 0..255 from the name's hash. */
static void blue(unsigned int rgb[3], unsigned int v1, unsigned int v2)
{
	set(rgb, 80 + 60 * v1 / 255, 80 + 60 * v1 / 255, 190 + 55 * v2 / 255);
}

static void aqua(unsigned int rgb[3], unsigned int v1)
{
	set(rgb, 50 + 60 * v1 / 255, 165 + 55 * v1 / 255, 165 + 55 * v1 / 255);
}

void palette_fill(enum palette p, const char *name, size_t len, bool off_cpu,
		  unsigned int rgb[3])
{
	uint32_t h = hash_bytes(name, len, 0);
	unsigned int a, b, c;

	/* FNV's low bits are weak: mix them (murmur3's finalizer). */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	a = h & 0xff;
	b = (h >> 8) & 0xff;
	c = (h >> 16) & 0xff;

	/* What every palette shows the same way. */
	if (placeholder(name, len) || is(name, len, "--")) {
		set(rgb, 170 + 40 * a / 255, 170 + 40 * a / 255,
		    170 + 40 * a / 255);
		return;
	}
	if (has_suffix(name, len, "_[w]")) {
		aqua(rgb, a);
		return;
	}
	if (is(name, len, "[off-cpu]")) {
		set(rgb, 60, 60, 230);
		return;
	}
	switch (p) {
	case PALETTE_MEM:
		set(rgb, 0, 190 + 50 * b / 255, 210 * a / 255);
		return;
	case PALETTE_IO:
	case PALETTE_CHAIN:
		blue(rgb, a, b);
		return;
	case PALETTE_WAKEUP:
		aqua(rgb, a);
		return;
	case PALETTE_HOT:
		break;
	}
	/*
	 * "hot", kept to its red end so that kernel frames, in orange to
	 * yellow, stand apart; purple for inlined frames (aqua is the
	 * wakers').
	 */
	if (off_cpu)
		blue(rgb, a, b);
	else if (has_suffix(name, len, "_[k]"))
		set(rgb, 235 + 20 * a / 255, 170 + 55 * a / 255, 45 * b / 255);
	else if (has_suffix(name, len, "_[i]"))
		set(rgb, 190 + 65 * a / 255, 80 + 60 * a / 255,
		    190 + 65 * a / 255);
	else
		set(rgb, 205 + 50 * c / 255, 90 * a / 255, 55 * b / 255);
}

void palette_diff(double delta, double max, unsigned int rgb[3])
{
	double r = max > 0 ? (delta < 0 ? -delta : delta) / max : 0;
	unsigned int fade = 255 - (unsigned int)(r > 1 ? 255 : 255 * r + 0.5);

	/* flamegraph.pl stops at 210; all the way keeps small changes visible. */
	if (delta > 0)
		set(rgb, 255, fade, fade);
	else if (delta < 0)
		set(rgb, fade, fade, 255);
	else
		set(rgb, 255, 255, 255);
}
