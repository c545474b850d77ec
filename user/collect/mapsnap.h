/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_MAPSNAP_H
#define FGPROF_USER_MAPSNAP_H

#include <stdbool.h>
#include <stdint.h>

#include "htab.h"
#include "profile.h"

/*
 * Snapshots of processes' executable mappings, taken while they live so
 * that their user stacks can be symbolized later: each file's build-id is
 * read once, and a process read again adds only mappings it did not have.
 */
struct mapsnap {
	struct profile *p;
	const char *proc;		/* "/proc"; tests point elsewhere */
	uint32_t *seen;			/* pids snapshotted at least once */
	size_t nr_seen, cap_seen;
	struct htab seen_index;
	struct bid_entry {
		uint64_t dev;
		uint64_t inode;
		char *build_id;		/* NULL: none, or unreadable */
	} *bids;
	size_t nr_bids, cap_bids;
	struct htab bid_index;
	unsigned long gone;		/* pids gone before their first snapshot */
	/*
	 * The pids found gone by a read, first or later (a process read
	 * before it exec'd and gone since has its old image's maps only),
	 * and which of them the module's own records covered.
	 */
	struct gone_pid {
		uint32_t pid;
		bool first;		/* gone at the first read: no /proc maps */
		bool covered;
	} *gone_pids;
	size_t nr_gone, cap_gone;
	struct htab gone_index;
	unsigned long covered;		/* gone pids with a module mapping used */
	unsigned long first_covered;	/* ... of those gone at the first read */
	unsigned long stale;		/* module mappings whose file changed since */
};

int mapsnap_init(struct mapsnap *s, struct profile *p);
void mapsnap_free(struct mapsnap *s);
bool mapsnap_seen(const struct mapsnap *s, uint32_t pid);
/* Reads pid's maps now; 0 also when it is gone (counted in gone). */
int mapsnap_take(struct mapsnap *s, uint32_t pid);
/* Reads every pid seen so far again (late dlopen()s, exec()s). */
int mapsnap_retake_all(struct mapsnap *s);

/*
 * A mapping the module captured inside pid (FGPROF_TABLE_MAPS). Used only
 * for a pid that a read of /proc found gone (while the process lives,
 * /proc is the source), and only while its path still names the same
 * file (else counted in stale). Returns 1 if added, 0 if not, -ENOMEM.
 */
struct procmap;
int mapsnap_add_kernel(struct mapsnap *s, uint32_t pid,
		       const struct procmap *m);
/* Gone pids that neither /proc nor the module's records covered. */
unsigned long mapsnap_uncovered(const struct mapsnap *s);

#endif
