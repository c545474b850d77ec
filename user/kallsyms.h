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
	uint32_t name;		/* offset in names */
};

/* Kernel and module text symbols, sorted by address. */
struct kallsyms {
	struct ksym *syms;
	size_t nr;
	char *names;		/* "func" or "func [module]", NUL-separated */
	size_t names_len;
	bool hidden;		/* every address read as 0: kptr_restrict */
	uint64_t text;		/* _text, 0 when absent or hidden */
};

/* Loads text symbols (t, T, w, W) from path (NULL: /proc/kallsyms). */
int kallsyms_load(struct kallsyms *ks, const char *path);
void kallsyms_free(struct kallsyms *ks);

/*
 * The name of the symbol addr falls in and the offset into it, or NULL
 * when addr is below the first symbol or implausibly far past the last
 * one before it (kallsyms has no sizes).
 */
const char *kallsyms_lookup(const struct kallsyms *ks, uint64_t addr,
			    uint64_t *off);

/* _text of path's kernel without loading every symbol: 0 if unknown. */
uint64_t kallsyms_text(const char *path);

#endif
