/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_KALLSYMS_H
#define FGPROF_USER_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KALLSYMS_PATH	"/proc/kallsyms"
#define KALLSYMS_HIDDEN_MSG \
	"kernel symbols hidden (kptr_restrict): run as root or set kernel.kptr_restrict=0"

struct ksym {
	uint64_t addr;
	uint64_t end;		/* first address past it, 0: unknown */
	uint32_t name;		/* offset in names */
};

/* Kernel and module text symbols, sorted by address. */
struct kallsyms {
	struct ksym *syms;
	size_t nr;
	char *names;		/* "func" or "func [module]", NUL-separated */
	size_t names_len;
	size_t cap, names_cap;	/* allocated entries, bytes */
	bool hidden;		/* every address read as 0: kptr_restrict */
	uint64_t text;		/* _text, 0 when absent or hidden */
};

/* Loads text symbols (t, T, w, W) from path (NULL: /proc/kallsyms). */
int kallsyms_load(struct kallsyms *ks, const char *path);
void kallsyms_free(struct kallsyms *ks);

/*
 * Appends a symbol [addr, end) named name ("func" or "func [module]"),
 * above every one before it: 0, -EINVAL (out of order, empty) or -ENOMEM.
 */
int kallsyms_add(struct kallsyms *ks, uint64_t addr, uint64_t end,
		 const char *name);

/*
 * Into to (empty): the symbols of from that name any of addrs[n], each
 * as from names it, ending where it ends there (at the next symbol, or
 * the gap limit): lookups of those addresses in to give from's answers.
 */
int kallsyms_subset(const struct kallsyms *from, const uint64_t *addrs,
		    size_t n, struct kallsyms *to);

/*
 * The name of the symbol addr falls in and the offset into it, or NULL
 * when addr is below the first symbol, past its end when known, or
 * implausibly far past the last one before it (kallsyms has no sizes).
 */
const char *kallsyms_lookup(const struct kallsyms *ks, uint64_t addr,
			    uint64_t *off);

/* _text of path's kernel without loading every symbol: 0 if unknown. */
uint64_t kallsyms_text(const char *path);

#endif
