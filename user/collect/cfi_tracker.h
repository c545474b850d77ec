/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --user-unwind=tables (issue #10): keeps the module's unwind tables in
 * step with the processes being profiled. Each executable file mapping
 * is compiled once (cfi_table.c, cached by device and inode in memory
 * and by build-id on disk: cfi_cache.h), loaded
 * with FGPROF_IOC_CFI_LOAD, and every process's set of mappings is sent
 * with FGPROF_IOC_CFI_MAP whenever a rescan finds it changed (a library
 * loaded, an exec) and cleared when the process is gone.
 */
#ifndef FGPROF_USER_CFI_TRACKER_H
#define FGPROF_USER_CFI_TRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cfi_file;
struct cfi_proc;

struct cfi_tracker {
	int fd;				/* the device */
	const char *cache_dir;		/* compiled tables on disk; NULL: none */
	struct cfi_file *files;
	size_t nr_files, cap_files;
	struct cfi_proc *procs;
	size_t nr_procs, cap_procs;
	/* For the summary. */
	unsigned long tables;		/* tables loaded */
	unsigned long cached;		/* ... of those read from the cache */
	uint64_t bytes;			/* bytes of rows loaded */
	unsigned long no_cfi;		/* files without usable CFI */
	unsigned long load_errors;	/* loads refused (cap reached...) */
	unsigned long map_errors;	/* mapping updates refused */
	int last_error;			/* errno of the last refusal */
};

void cfi_tracker_init(struct cfi_tracker *t, int fd);
void cfi_tracker_free(struct cfi_tracker *t);

/* Follow pid from now on (if new) and bring its mappings up to date. */
int cfi_tracker_scan(struct cfi_tracker *t, pid_t pid);
/* Rescan every process followed; forget those that are gone. */
int cfi_tracker_rescan(struct cfi_tracker *t);
bool cfi_tracker_follows(const struct cfi_tracker *t, pid_t pid);
/*
 * Load the tables of the libc and dynamic loader this tool maps, before a
 * command starts: it maps the same files, and its first scan then finds
 * them loaded instead of compiling libc's while its samples go by.
 */
int cfi_tracker_prewarm(struct cfi_tracker *t);

/*
 * The same for the program a command will exec (name as execvp takes it),
 * so that its first scan, right after the exec, only maps its tables:
 * a short command's samples are walked by tables from its start.
 */
int cfi_tracker_prewarm_command(struct cfi_tracker *t, const char *name);

#endif
