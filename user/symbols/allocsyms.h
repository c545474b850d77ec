/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_ALLOCSYMS_H
#define FGPROF_USER_ALLOCSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "fgprof.h"

/*
 * The allocator entry points of an ELF file, for `fgprof record --alloc`:
 * each function's file offset (what a uprobe is placed by) and which
 * argument holds the size (enum fgprof_uprobe_size).
 */
struct alloc_sym {
	const char *name;	/* "malloc", "calloc", ... (static storage) */
	uint64_t offset;	/* file offset of its first instruction */
	uint32_t size_arg;	/* FGPROF_US_* */
	uint32_t flags;		/* FGPROF_UF_* */
};

/*
 * Fills syms (room for FGPROF_MAX_UPROBES) with the allocator functions
 * path defines, from .dynsym, else .symtab; two names of one address
 * (glibc's aligned_alloc is memalign) give one entry. In glibc the calls
 * it hands on to malloc are flagged, left to malloc's probe. Returns how
 * many (0: none), or a negative errno (-ENOEXEC: not an ELF file).
 */
int allocsyms_find(const char *path, struct alloc_sym *syms);

/* A virtual address of the file's image as a file offset, via PT_LOAD. */
int allocsyms_vaddr_to_offset(const char *path, uint64_t vaddr,
			      uint64_t *offset);

/*
 * The C library process pid maps (0: this process), from /proc/PID/maps,
 * into buf: for a pid, as /proc/PID/map_files/RANGE (a container's own
 * libc, whatever path its namespace gives it).
 * Returns 0, or -ENOENT when it maps none (static binary).
 */
int allocsyms_libc_of(int pid, char *buf, size_t len);

#endif
