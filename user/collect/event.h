/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_EVENT_H
#define FGPROF_USER_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EVENT_NAME_LEN	64

/* What to sample on, as perf_event_attr wants it. */
struct event {
	char name[EVENT_NAME_LEN];	/* canonical spec, e.g. "cycles:pp" */
	uint32_t type;			/* PERF_TYPE_* */
	uint64_t config;
	uint32_t precise_ip;		/* 0-3 */
};

#define EVENT_DEFAULT	"cpu-clock"

/*
 * Parses a perf-style spec: a name (cpu-clock, cycles, cs, ...), raw rHEX,
 * or TYPE:CONFIG, each optionally followed by :p, :pp or :ppp. On error
 * returns -EINVAL and points *why at the reason.
 */
int event_parse(const char *spec, struct event *ev, const char **why);

/* Counted by a PMU (cycles, raw, ...), not by the kernel's software clock. */
bool event_is_hardware(const struct event *ev);

/*
 * The explanation for a CONFIGURE error caused by the event (the errno
 * perf_event_open would give), written into buf; NULL when err is not
 * about the event. The tool never switches to another event by itself.
 */
const char *event_explain_error(const struct event *ev, int err, char *buf,
				size_t len);

/* The names event_parse knows, one per line, for --help. */
void event_list(FILE *out);

#endif
