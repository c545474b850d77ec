/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYMBOLIZE_H
#define FGPROF_USER_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"

#define SYM_UNKNOWN	"[unknown]"

/* Enough for any inline chain met in practice; longer ones are cut. */
#define SYM_MAX_FRAMES	64

/*
 * Addresses of a profile to functions: user addresses through each
 * process's recorded mappings and libdwfl (one Dwfl per distinct file,
 * keyed by build-id, else by path, opened once), with inline chains and
 * source lines from DWARF, separate debug info (build-id, debuglink,
 * debuginfod) and demangled C++/Rust names; kernel addresses through
 * kallsyms. A file whose build-id is not the recorded one is never used
 * (see symbolize_user_frames).
 */
struct symbolizer;

struct sym_opts {
	const char *kallsyms;	/* NULL: /proc/kallsyms */
	/*
	 * Colon-separated directories holding .build-id/xx/yyyy.debug
	 * trees and debuglink targets. NULL: $FGPROF_DEBUG_DIR, else
	 * /usr/lib/debug. debuginfod is asked too when DEBUGINFOD_URLS is
	 * set (by libdw itself).
	 */
	const char *debug_dir;
	/*
	 * An absolute build-id tree made by `fgprof archive` (archive.h),
	 * tried before debug_dir for a file gone or changed since the
	 * recording. NULL: none.
	 */
	const char *archive;
};

/*
 * One function at an address. Every string stays valid, unchanged, until
 * symbolizer_free, and equal strings are the same pointer (interned), so
 * an exporter may key its tables on them.
 */
struct sym_frame {
	const char *name;	/* demangled function name; when !resolved,
				   "[unknown]" or "file+0xOFF" */
	const char *file;	/* source file (as DWARF has it, usually
				   absolute), NULL when unknown */
	int line;		/* source line, 0 when unknown */
	bool inlined;		/* inlined into the next frame, out[i + 1] */
	bool resolved;		/* name is a real function name */
};

struct symbolizer *symbolizer_new(const struct profile *p,
				  const struct sym_opts *o);
void symbolizer_free(struct symbolizer *s);

/*
 * The profile given to symbolizer_new gained maps (a live session's
 * snapshots of new processes): index them too, keeping every file
 * opened, the kernel symbols and the answers cached. 0 or -ENOMEM (the
 * symbolizer then only serves symbolizer_free).
 */
int symbolizer_sync_maps(struct symbolizer *s);

/*
 * The functions at a user address of process pid, innermost first, as
 * `eu-addr2line -i -f` shows them: out[0] is the innermost inlined callee
 * with the line of addr itself; each next frame is the function the
 * previous one was inlined into, with the line of that (inlined) call;
 * the last frame is the real (not inlined) function, named by its ELF
 * symbol, or without one "file+0xENTRY", the start of the .eh_frame FDE
 * holding addr (the function's entry), so a stripped function is one name. Without DWARF there is that one frame, without a line.
 *
 * ret says addr is a return address (every frame of a stack but the
 * innermost): it is looked up one byte back, inside the call, so that a
 * call at the very end of a function is not credited to the next one and
 * the lines are those of the call.
 *
 * Returns the number of frames, 1 to max (max >= 1; SYM_MAX_FRAMES holds
 * every chain): a longer chain keeps its outer max frames. An address
 * outside the recorded mappings is one unresolved "[unknown]" frame; in a
 * file that cannot be used (gone, unreadable, [vdso], or not the recorded
 * build-id and no copy found by build-id) it is "file+0xOFF" with OFF the
 * file offset, and in a usable file without a symbol there "file+0xADDR"
 * with ADDR the function's entry as above (the ELF address of addr
 * itself where no FDE holds it).
 */
int symbolize_user_frames(struct symbolizer *s, uint32_t pid, uint64_t addr,
			  bool ret, struct sym_frame *out, int max);

/*
 * Whether the code at a user address is an outermost frame by its own
 * CFI: .eh_frame says the return address is undefined there (_start,
 * clone, clone3: the ABI's mark of a stack's first frame).
 */
bool symbolize_user_outermost(struct symbolizer *s, uint32_t pid,
			      uint64_t addr, bool ret);

/* The file of a user address, for the stack-quality report. */
struct sym_file_info {
	const char *path;	/* as mapped; NULL: outside every mapping */
	bool dwarf;		/* DWARF found (own or separate debug info) */
	bool cfi;		/* .eh_frame FDEs: unwind tables */
};

/* False when addr is in no mapping of pid. */
bool symbolize_user_file(struct symbolizer *s, uint32_t pid, uint64_t addr,
			 struct sym_file_info *fi);

/* The same for a kernel address: always one frame, no source line. */
int symbolize_kernel_frames(struct symbolizer *s, uint64_t addr, bool ret,
			    struct sym_frame *out, int max);

/*
 * The name alone: the real function (the outermost frame of
 * symbolize_user_frames), *resolved false for "[unknown]" and
 * "file+0xOFF". Kernel names of module functions read "func [module]".
 * The strings live until symbolizer_free.
 */
const char *symbolize_user(struct symbolizer *s, uint32_t pid, uint64_t addr,
			   bool ret, bool *resolved);
const char *symbolize_kernel(struct symbolizer *s, uint64_t addr, bool ret,
			     bool *resolved);

/* Why kernel frames are not named (hidden, other kernel), or NULL. */
const char *symbolizer_kernel_warning(struct symbolizer *s);

/* Work done so far, for benchmarks and tests. */
struct sym_stats {
	uint64_t lookups;	/* user addresses asked for */
	uint64_t cache_hits;	/* ... answered from the address cache */
	uint64_t files;		/* distinct mapped files */
	uint64_t files_opened;	/* ... opened with libdwfl */
	uint64_t files_by_build_id; /* ... found by build-id, not path */
	uint64_t files_from_archive; /* ... in opts.archive */
	uint64_t archive_frames; /* lookups named from those */
};

void symbolizer_stats(const struct symbolizer *s, struct sym_stats *st);

#endif
