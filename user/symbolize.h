/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYMBOLIZE_H
#define FGPROF_USER_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"

#define SYM_UNKNOWN	"[unknown]"

/*
 * Addresses of a profile to function names: user addresses through each
 * process's recorded mappings and libdwfl (one module per distinct file,
 * opened once), kernel addresses through kallsyms. Names only for now;
 * inline chains and source lines will extend what one address yields.
 */
struct symbolizer;

struct sym_opts {
	const char *kallsyms;	/* NULL: /proc/kallsyms */
};

struct symbolizer *symbolizer_new(const struct profile *p,
				  const struct sym_opts *o);
void symbolizer_free(struct symbolizer *s);

/*
 * The name for one frame. ret says addr is a return address (every frame
 * but the innermost), looked up one byte back so that a call at the very
 * end of a function is not credited to the next one. *resolved is false
 * for "[unknown]" and for "file+0xOFF" (a known file without a symbol
 * there; OFF is the ELF address in that file, or its file offset when
 * the file could not be opened). The string is valid until the next call.
 */
const char *symbolize_user(struct symbolizer *s, uint32_t pid, uint64_t addr,
			   bool ret, bool *resolved);
const char *symbolize_kernel(struct symbolizer *s, uint64_t addr, bool ret,
			     bool *resolved);

/* Why kernel frames are not named (hidden, other kernel), or NULL. */
const char *symbolizer_kernel_warning(struct symbolizer *s);

#endif
