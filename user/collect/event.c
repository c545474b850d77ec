// SPDX-License-Identifier: GPL-2.0
/* Event specs, perf's syntax: what -e accepts and how its failures read. */
#include <ctype.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

struct named_event {
	const char *name;
	uint32_t type;
	uint64_t config;
};

/* The first name of each event is the one profiles and messages use. */
static const struct named_event named[] = {
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
	{ "bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
};

#define NR_NAMED (sizeof(named) / sizeof(named[0]))

static const struct named_event *find_named(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NR_NAMED; i++)
		if (strlen(named[i].name) == len &&
		    !strncmp(named[i].name, name, len))
			return &named[i];
	return NULL;
}

/* The canonical name of a named event: the first entry with its config. */
static const char *canonical(const struct named_event *e)
{
	size_t i;

	for (i = 0; i < NR_NAMED; i++)
		if (named[i].type == e->type && named[i].config == e->config)
			return named[i].name;
	return e->name;
}

/* Strict numbers: no sign, no blanks, no trailing junk. */
static int parse_num(const char *s, size_t len, int base, uint64_t *out)
{
	char buf[32], *end;

	if (!len || len >= sizeof(buf) || !isxdigit((unsigned char)s[0]))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoull(buf, &end, base);
	return errno || *end ? -EINVAL : 0;
}

static int parse_modifiers(const char *mod, struct event *ev,
			   const char **why)
{
	size_t n = strlen(mod);

	if (!n || n > 3 || strspn(mod, "p") != n) {
		*why = "unknown modifier: only :p, :pp and :ppp (precision) are supported";
		return -EINVAL;
	}
	ev->precise_ip = n;
	return 0;
}

/*
 * "block:block_rq_issue", "9p:9p_client_req": two names, the second
 * neither a number (TYPE:CONFIG) nor a :p modifier.
 */
static bool is_tracepoint_spec(const char *spec, const char *colon)
{
	const char *ev = colon + 1;
	size_t a = colon - spec, b = strlen(ev);
	const char *ident = "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

	return a && b && strspn(spec, ident) == a && strspn(ev, ident) == b &&
	       spec[0] != '-' && ev[0] != '-' &&
	       strspn(ev, "0123456789") != b && strspn(ev, "p") != b;
}

int event_parse(const char *spec, struct event *ev, const char **why)
{
	const char *colon, *mods = NULL;
	size_t base_len;
	uint64_t v;
	int err;

	memset(ev, 0, sizeof(*ev));
	*why = NULL;
	if (!spec || !*spec) {
		*why = "empty event";
		return -EINVAL;
	}
	if (strlen(spec) >= EVENT_NAME_LEN) {
		*why = "event spec too long";
		return -EINVAL;
	}

	colon = strchr(spec, ':');
	if (colon && strspn(spec, "0123456789") != (size_t)(colon - spec) &&
	    !find_named(spec, colon - spec) && is_tracepoint_spec(spec, colon)) {
		/* SUBSYS:EVENT: the id comes from tracefs later. */
		ev->type = PERF_TYPE_TRACEPOINT;
		snprintf(ev->name, sizeof(ev->name), "%s", spec);
		return 0;
	}
	if (isdigit((unsigned char)spec[0])) {
		/* TYPE:CONFIG[:MODS] */
		if (!colon) {
			*why = "a numeric event is TYPE:CONFIG, e.g. 4:0x1c2";
			return -EINVAL;
		}
		if (parse_num(spec, colon - spec, 10, &v) || v > UINT32_MAX) {
			*why = "bad event type number";
			return -EINVAL;
		}
		ev->type = v;
		mods = strchr(colon + 1, ':');
		base_len = mods ? (size_t)(mods - colon - 1) :
				  strlen(colon + 1);
		if (parse_num(colon + 1, base_len, 0, &ev->config)) {
			*why = "bad event config number";
			return -EINVAL;
		}
	} else {
		const struct named_event *e;

		base_len = colon ? (size_t)(colon - spec) : strlen(spec);
		mods = colon;
		e = find_named(spec, base_len);
		if (e) {
			ev->type = e->type;
			ev->config = e->config;
		} else if (spec[0] == 'r' && base_len > 1 &&
			   !parse_num(spec + 1, base_len - 1, 16, &v) &&
			   strspn(spec + 1, "0123456789abcdefABCDEF") ==
				base_len - 1) {
			ev->type = PERF_TYPE_RAW;
			ev->config = v;
		} else {
			*why = "unknown event (try cpu-clock, cycles, instructions, ... or rNNNN, TYPE:CONFIG, SUBSYS:TRACEPOINT)";
			return -EINVAL;
		}
	}
	if (mods) {
		err = parse_modifiers(mods + 1, ev, why);
		if (err)
			return err;
		if (ev->type == PERF_TYPE_SOFTWARE) {
			*why = "precision (:p) applies to hardware events only";
			return -EINVAL;
		}
	}

	/* The name profiles and messages show: aliases spelled one way. */
	if (isdigit((unsigned char)spec[0]))
		snprintf(ev->name, sizeof(ev->name), "%u:%#llx", ev->type,
			 (unsigned long long)ev->config);
	else if (ev->type == PERF_TYPE_RAW)
		snprintf(ev->name, sizeof(ev->name), "r%llx",
			 (unsigned long long)ev->config);
	else
		snprintf(ev->name, sizeof(ev->name), "%s",
			 canonical(find_named(spec, base_len)));
	if (ev->precise_ip)
		snprintf(ev->name + strlen(ev->name),
			 sizeof(ev->name) - strlen(ev->name), ":%.*s",
			 (int)ev->precise_ip, "ppp");
	return 0;
}

bool event_is_hardware(const struct event *ev)
{
	switch (ev->type) {
	case PERF_TYPE_SOFTWARE:
	case PERF_TYPE_TRACEPOINT:
	case PERF_TYPE_BREAKPOINT:
		return false;
	default:
		return true;	/* hardware, cache, raw and dynamic PMUs */
	}
}

const char *event_explain_error(const struct event *ev, int err, char *buf,
				size_t len)
{
	switch (-err) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		if (ev->precise_ip)
			snprintf(buf, len,
				 "event '%s': this machine does not support it at precision level %u: drop the :p modifier, or use -e cpu-clock",
				 ev->name, ev->precise_ip);
		else if (event_is_hardware(ev))
			snprintf(buf, len,
				 "event '%s': this machine has no such hardware event (a VM without a virtual PMU, or a CPU without this counter): use -e cpu-clock",
				 ev->name);
		else
			snprintf(buf, len,
				 "event '%s': the kernel does not support it as a sampling event: use -e cpu-clock",
				 ev->name);
		return buf;
	default:
		return NULL;
	}
}

void event_list(FILE *out)
{
	size_t i;

	for (i = 0; i < NR_NAMED; i++) {
		const char *c = canonical(&named[i]);

		if (c == named[i].name)
			fprintf(out, "  %-20s %s\n", c,
				named[i].type == PERF_TYPE_SOFTWARE ?
				"software" : "hardware");
		else
			fprintf(out, "  %-20s alias of %s\n", named[i].name, c);
	}
	fprintf(out, "  %-20s raw PMU event (hex)\n", "rNNNN");
	fprintf(out, "  %-20s perf_event_attr type and config\n", "TYPE:CONFIG");
	fprintf(out, "  %-20s a kernel tracepoint (tracefs events/), each hit a\n"
		"  %-20s sample unless -c N; --weight FIELD weighs it\n",
		"SUBSYS:EVENT", "");
	fprintf(out, "  hardware events take :p, :pp or :ppp (precise_ip 1-3)\n");
}
