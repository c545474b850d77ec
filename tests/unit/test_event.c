// SPDX-License-Identifier: GPL-2.0
/* user/collect/event.c: perf-style event specs, good and bad, and their errors. */
#include <errno.h>
#include <linux/perf_event.h>

#include "event.h"
#include "unit.h"

static struct event ev;

static int parse(const char *spec)
{
	const char *why;
	int err = event_parse(spec, &ev, &why);

	if (err)
		CHECK(why && *why);
	return err;
}

static void default_is_cpu_clock(void)
{
	CHECK(parse(EVENT_DEFAULT) == 0);
	CHECK(ev.type == PERF_TYPE_SOFTWARE);
	CHECK(ev.config == PERF_COUNT_SW_CPU_CLOCK);
	CHECK(ev.precise_ip == 0);
	CHECK_STR(ev.name, "cpu-clock");
	CHECK(!event_is_hardware(&ev));
}

static void software_names_and_aliases(void)
{
	CHECK(parse("task-clock") == 0 && ev.config == PERF_COUNT_SW_TASK_CLOCK);
	CHECK(parse("page-faults") == 0 && ev.config == PERF_COUNT_SW_PAGE_FAULTS);
	CHECK(parse("faults") == 0 && ev.config == PERF_COUNT_SW_PAGE_FAULTS);
	CHECK_STR(ev.name, "page-faults");
	CHECK(parse("minor-faults") == 0 &&
	      ev.config == PERF_COUNT_SW_PAGE_FAULTS_MIN);
	CHECK(parse("major-faults") == 0 &&
	      ev.config == PERF_COUNT_SW_PAGE_FAULTS_MAJ);
	CHECK(parse("cs") == 0 && ev.config == PERF_COUNT_SW_CONTEXT_SWITCHES);
	CHECK_STR(ev.name, "context-switches");
	CHECK(parse("context-switches") == 0 &&
	      ev.config == PERF_COUNT_SW_CONTEXT_SWITCHES);
	CHECK(parse("migrations") == 0 &&
	      ev.config == PERF_COUNT_SW_CPU_MIGRATIONS);
	CHECK_STR(ev.name, "cpu-migrations");
	CHECK(ev.type == PERF_TYPE_SOFTWARE);
}

static void hardware_names_and_precision(void)
{
	static const struct { const char *name; unsigned long long config; } hw[] = {
		{ "cycles", PERF_COUNT_HW_CPU_CYCLES },
		{ "instructions", PERF_COUNT_HW_INSTRUCTIONS },
		{ "cache-references", PERF_COUNT_HW_CACHE_REFERENCES },
		{ "cache-misses", PERF_COUNT_HW_CACHE_MISSES },
		{ "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
		{ "branch-misses", PERF_COUNT_HW_BRANCH_MISSES },
		{ "ref-cycles", PERF_COUNT_HW_REF_CPU_CYCLES },
		{ "bus-cycles", PERF_COUNT_HW_BUS_CYCLES },
	};
	size_t i;

	for (i = 0; i < sizeof(hw) / sizeof(hw[0]); i++) {
		CHECK(parse(hw[i].name) == 0);
		CHECK(ev.type == PERF_TYPE_HARDWARE);
		CHECK(ev.config == hw[i].config);
		CHECK_STR(ev.name, hw[i].name);
		CHECK(event_is_hardware(&ev));
	}
	CHECK(parse("cycles:p") == 0 && ev.precise_ip == 1);
	CHECK(parse("instructions:pp") == 0 && ev.precise_ip == 2);
	CHECK_STR(ev.name, "instructions:pp");
	CHECK(parse("cpu-cycles:ppp") == 0 && ev.precise_ip == 3);
	CHECK_STR(ev.name, "cycles:ppp");
}

static void raw_and_numeric(void)
{
	CHECK(parse("r1c2") == 0);
	CHECK(ev.type == PERF_TYPE_RAW && ev.config == 0x1c2);
	CHECK_STR(ev.name, "r1c2");
	CHECK(parse("r01C2:pp") == 0 && ev.config == 0x1c2 && ev.precise_ip == 2);
	CHECK_STR(ev.name, "r1c2:pp");
	CHECK(event_is_hardware(&ev));

	CHECK(parse("4:0x1c2") == 0);
	CHECK(ev.type == 4 && ev.config == 0x1c2 && ev.precise_ip == 0);
	CHECK_STR(ev.name, "4:0x1c2");
	CHECK(parse("4:450") == 0 && ev.config == 450);
	CHECK_STR(ev.name, "4:0x1c2");
	CHECK(parse("4:0x1c2:p") == 0 && ev.precise_ip == 1);
	CHECK_STR(ev.name, "4:0x1c2:p");
	CHECK(parse("1:0") == 0 && ev.type == PERF_TYPE_SOFTWARE);
	CHECK(!event_is_hardware(&ev));
}

static void tracepoints_wait_for_tracefs(void)
{
	CHECK(parse("block:block_rq_issue") == 0);
	CHECK(ev.type == PERF_TYPE_TRACEPOINT && ev.config == 0);
	CHECK_STR(ev.name, "block:block_rq_issue");
	CHECK(parse("9p:9p_client_req") == 0 && ev.type == PERF_TYPE_TRACEPOINT);
	CHECK(!event_is_hardware(&ev));
	/* A named event with a modifier stays what it was. */
	CHECK(parse("cycles:pp") == 0 && ev.type == PERF_TYPE_HARDWARE);
}

static void bad_specs_are_refused(void)
{
	static const char *const bad[] = {
		"", "foo", "cycles:", "cycles:x", "cycles:pppp", "cycles:pp:p",
		"cycles:u", "cpu-clock:p", "cs:pp", "r", "rxyz", "r0x1c2",
		"r1c2:", "4", "4:", "x:1", "4:zz", "4:0x", "99999999999:1",
		"4:1:", "4:-1", "-4:1", " cycles", "cycles ", "CYCLES",
		"block:", ":block", "block:rq/x", "block:rq issue", "a:b:c",
		"foo:pp",
		"a-very-long-event-name-that-goes-on-and-on-past-the-limit-of-sixty-four",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i]) != -EINVAL)
			fprintf(stderr, "accepted bad spec '%s'\n", bad[i]);
		CHECK(parse(bad[i]) == -EINVAL);
	}
	CHECK(event_parse(NULL, &ev, &(const char *){ NULL }) == -EINVAL);
}

static void missing_hardware_event_is_explained(void)
{
	char buf[512];
	const char *msg;

	parse("cycles");
	msg = event_explain_error(&ev, -ENOENT, buf, sizeof(buf));
	CHECK(msg && strstr(msg, "'cycles'"));
	CHECK(msg && strstr(msg, "no such hardware event"));
	CHECK(msg && strstr(msg, "-e cpu-clock"));
	CHECK(event_explain_error(&ev, -EOPNOTSUPP, buf, sizeof(buf)));
	CHECK(event_explain_error(&ev, -ENODEV, buf, sizeof(buf)));
	CHECK(event_explain_error(&ev, -EINVAL, buf, sizeof(buf)) == NULL);
	CHECK(event_explain_error(&ev, -EPERM, buf, sizeof(buf)) == NULL);

	parse("r1c2:pp");
	msg = event_explain_error(&ev, -EOPNOTSUPP, buf, sizeof(buf));
	CHECK(msg && strstr(msg, "'r1c2:pp'") && strstr(msg, ":p"));

	parse("task-clock");
	msg = event_explain_error(&ev, -ENOENT, buf, sizeof(buf));
	CHECK(msg && strstr(msg, "'task-clock'") && strstr(msg, "cpu-clock"));
	CHECK(msg && !strstr(msg, "hardware"));
}

int main(void)
{
	RUN(default_is_cpu_clock);
	RUN(software_names_and_aliases);
	RUN(hardware_names_and_precision);
	RUN(raw_and_numeric);
	RUN(tracepoints_wait_for_tracefs);
	RUN(bad_specs_are_refused);
	RUN(missing_hardware_event_is_explained);
	return UNIT_EXIT();
}
