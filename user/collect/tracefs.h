/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_TRACEFS_H
#define FGPROF_USER_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Kernel tracepoints as tracefs describes them: an event's perf id
 * (events/SUBSYS/EVENT/id) and the fields of its raw record
 * (events/SUBSYS/EVENT/format), which --weight reads.
 */
struct tp_field {
	char name[64];
	uint32_t offset;
	uint32_t size;
	bool is_signed;
	bool is_array;		/* "char comm[16]", "__data_loc ..." */
};

/*
 * The tracefs root: $FGPROF_TRACEFS, else /sys/kernel/tracing, else
 * /sys/kernel/debug/tracing, whichever has events/; NULL when none is
 * mounted.
 */
const char *tracefs_root(void);

/* 0, -ENOENT (no such tracepoint) or another negative errno. */
int tracefs_event_id(const char *root, const char *subsys, const char *event,
		     uint64_t *id);

/*
 * The event's fields, common_* ones included, in the format file's order:
 * *out is malloc'ed, *nr its length. 0 or a negative errno.
 */
int tracefs_fields(const char *root, const char *subsys, const char *event,
		   struct tp_field **out, size_t *nr);

/* Parses one "\tfield:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" line. */
int tracefs_parse_field(const char *line, struct tp_field *f);

#endif
