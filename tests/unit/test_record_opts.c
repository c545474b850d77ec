// SPDX-License-Identifier: GPL-2.0
/* user/cmd/record_opts.c: fgprof record's options and the config they make. */
#include <fcntl.h>
#include <stdarg.h>
#include <linux/perf_event.h>
#include <unistd.h>

#include "record.h"
#include "unit.h"

static struct record_opts o;

/* Parses a NULL-terminated list, with usage errors kept off the log. */
static int parse(const char *first, ...)
{
	char *argv[32] = { "record" };
	int argc = 1, ret, saved, null;
	const char *a;
	va_list ap;

	va_start(ap, first);
	for (a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	ret = record_parse_args(argc, argv, &o);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);
	return ret;
}

static void defaults_are_system_wide_99hz_10s(void)
{
	struct fgprof_config cfg;

	CHECK(parse(NULL) == 0);
	CHECK(o.system_wide && !o.command && o.nr_pids == 0);
	CHECK(o.freq && o.rate == 99);
	CHECK(o.duration_ns == 10000000000ull);
	CHECK_STR(o.output, "fgprof.data");
	CHECK_STR(o.event.name, "cpu-clock");
	CHECK(o.flags == (FGPROF_CF_KERNEL_STACK | FGPROF_CF_USER_STACK));
	CHECK(o.tables.timeline_slots == 0 && !o.quiet && !o.archive);

	record_config(&o, 0, -1, &cfg);
	CHECK(cfg.flags == (FGPROF_CF_FREQ | FGPROF_CF_KERNEL_STACK |
			    FGPROF_CF_USER_STACK | FGPROF_CF_USER_CFI));
	CHECK(cfg.event_type == PERF_TYPE_SOFTWARE);
	CHECK(cfg.event_config == PERF_COUNT_SW_CPU_CLOCK);
	CHECK(cfg.sample_rate == 99 && cfg.nr_pids == 0 && cfg.pad == 0);
	CHECK(cfg.cgroup_fd == -1 && cfg.stack_slots == 0);
}

static void every_option_lands_in_the_config(void)
{
	struct fgprof_config cfg;

	CHECK(parse("-e", "cycles:pp", "-c", "100000", "-t", "10,11",
		    "--per-thread", "--idle", "--kernel-only",
		    "--kernel-depth", "32", "--user-depth", "16",
		    "--stack-slots", "1024", "--stack-frames", "4096",
		    "--count-slots", "2048", "--timeline=4096", "-d", "0.25",
		    "-o", "out.data", "-q", "-D", "/tmp/dev", "-G", "grp",
		    NULL) == 0);
	CHECK(!o.freq && o.rate == 100000);
	CHECK(o.tids && o.nr_pids == 2 && o.pids[1] == 11);
	CHECK(!o.system_wide);
	CHECK(o.duration_ns == 250000000ull);
	CHECK_STR(o.output, "out.data");
	CHECK_STR(o.device, "/tmp/dev");
	CHECK_STR(o.cgroup, "grp");
	CHECK(o.quiet);

	record_config(&o, 0, 7, &cfg);
	CHECK(cfg.flags == (FGPROF_CF_KERNEL_STACK | FGPROF_CF_PER_THREAD |
			    FGPROF_CF_IDLE | FGPROF_CF_TIDS |
			    FGPROF_CF_CGROUP));
	CHECK(cfg.event_type == PERF_TYPE_HARDWARE && cfg.precise_ip == 2);
	CHECK(cfg.sample_rate == 100000);
	CHECK(cfg.kernel_depth == 32 && cfg.user_depth == 16);
	CHECK(cfg.stack_slots == 1024 && cfg.stack_frames == 4096);
	CHECK(cfg.count_slots == 2048 && cfg.timeline_slots == 4096);
	CHECK(cfg.cgroup_fd == 7);
	CHECK(cfg.nr_pids == 2 && cfg.pids[0] == 10 && cfg.pids[1] == 11);

	CHECK(parse("--timeline", "--user-only", "-p", "5", NULL) == 0);
	CHECK(o.tables.timeline_slots == 65536);
	CHECK(o.flags == FGPROF_CF_USER_STACK && !o.tids && o.nr_pids == 1);
	CHECK(o.duration_ns == 10000000000ull);	/* -p: still 10 s */
}

static void a_command_is_the_target(void)
{
	struct fgprof_config cfg;

	CHECK(parse("-F", "999", "--", "sleep", "1", NULL) == 0);
	CHECK(o.command && !strcmp(o.command[0], "sleep") &&
	      !strcmp(o.command[1], "1") && !o.command[2]);
	CHECK(!o.system_wide && o.duration_ns == 0 && o.rate == 999);
	record_config(&o, 4242, -1, &cfg);
	CHECK(cfg.nr_pids == 1 && cfg.pids[0] == 4242);

	/* Options after the command are the command's. */
	CHECK(parse("-a", "ls", "-l", "-d", "3", NULL) == 0);
	CHECK(o.system_wide && !strcmp(o.command[1], "-l"));
	CHECK(o.duration_ns == 0);
	record_config(&o, 4242, -1, &cfg);
	CHECK(cfg.nr_pids == 0);

	CHECK(parse("-d", "2", "--", "true", NULL) == 0);
	CHECK(o.duration_ns == 2000000000ull);
}

static void lbr_asks_for_hardware_user_stacks(void)
{
	CHECK(parse("--lbr", "-e", "cycles", NULL) == 0);
	CHECK(o.flags & FGPROF_CF_LBR);
	CHECK(o.flags & FGPROF_CF_USER_STACK);
	CHECK(parse("--lbr", "-e", "r00c0", "--user-only", NULL) == 0);
	CHECK((o.flags & (FGPROF_CF_LBR | FGPROF_CF_KERNEL_STACK)) == FGPROF_CF_LBR);
	CHECK(parse("-e", "cycles", NULL) == 0);
	CHECK(!(o.flags & FGPROF_CF_LBR));
}

/*
 * --user-unwind (issues #10, #17): tables by default in every mode that
 * walks user stacks, none where no user stack is walked; fp on request.
 */
static void user_unwind_picks_tables_or_frame_pointers(void)
{
	struct fgprof_config cfg;

	CHECK(parse("-p", "1", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(o.user_unwind == RECORD_UNWIND_AUTO && (cfg.flags & FGPROF_CF_USER_CFI));
	CHECK(parse("-a", "--off-cpu", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(cfg.flags & FGPROF_CF_USER_CFI);
	CHECK(parse("--wall", "--wakeups", "-p", "1", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(cfg.flags & FGPROF_CF_USER_CFI);
	CHECK(parse("--alloc", "-p", "1", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(cfg.flags & FGPROF_CF_USER_CFI);
	CHECK(parse("--kernel-only", "-a", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(!(cfg.flags & FGPROF_CF_USER_CFI));
	CHECK(parse("--lbr", "-e", "cycles", "-a", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(!(cfg.flags & FGPROF_CF_USER_CFI));
	CHECK(parse("--user-unwind=fp", "-a", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(o.user_unwind == RECORD_UNWIND_FP && !(cfg.flags & FGPROF_CF_USER_CFI));
	CHECK(parse("--user-unwind=tables", "-p", "1", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(cfg.flags & FGPROF_CF_USER_CFI);
	CHECK(parse("--user-unwind=auto", "--kernel-only", "-p", "1", NULL) == 0);
	record_config(&o, 0, -1, &cfg);
	CHECK(!(cfg.flags & FGPROF_CF_USER_CFI));
	CHECK(parse("--user-unwind=fp", "-p", "1", NULL) == 0);
	CHECK(o.user_unwind == RECORD_UNWIND_FP);
	CHECK(parse("--user-unwind=dwarf", NULL) == -1);
	CHECK(parse("--user-unwind=tables", "--kernel-only", NULL) == -1);
	CHECK(parse("--user-unwind=tables", "--lbr", "-e", "cycles", NULL) == -1);
}

static void alloc_has_no_event_and_counts_bytes_or_calls(void)
{
	struct fgprof_config cfg;
	char unit[PROFILE_UNIT_LEN];

	CHECK(parse("--alloc", "-p", "5", NULL) == 0);
	CHECK(o.alloc && !o.alloc_path && !o.alloc_count);
	record_config(&o, 0, -1, &cfg);
	CHECK(cfg.flags & FGPROF_CF_ALLOC);
	CHECK(cfg.flags & FGPROF_CF_NO_ONCPU);
	CHECK(!(cfg.flags & FGPROF_CF_OFFCPU));
	record_unit(&o, unit, sizeof(unit));
	CHECK_STR(unit, "bytes");
	CHECK(parse("--alloc=/lib/libfoo.so", "--alloc-count", "--", "ls",
		    NULL) == 0);
	CHECK_STR(o.alloc_path, "/lib/libfoo.so");
	record_unit(&o, unit, sizeof(unit));
	CHECK_STR(unit, "calls");
	CHECK(parse("--alloc-count", NULL) == -1);
	CHECK(parse("--alloc=", NULL) == -1);
	CHECK(parse("--alloc", "--off-cpu", NULL) == -1);
	CHECK(parse("--alloc", "--timeline", NULL) == -1);
	CHECK(parse("--alloc", "--kernel-only", NULL) == -1);
}

/* --archive packs beside the profile file: there must be one. */
static void archive_goes_with_the_profile_file(void)
{
	CHECK(parse("--archive", "-o", "x.data", NULL) == 0);
	CHECK(o.archive);
	CHECK_STR(o.output, "x.data");
	CHECK(parse("--archive", "--continuous", "--out", "/tmp", "-o",
		    "all.data", NULL) == 0);
	CHECK(o.archive && o.continuous);
}

static void help_and_bad_input(void)
{
	static const char *const bad[][6] = {
		{ "-F", "99", "-c", "1000" },
		{ "-F", "0" },
		{ "-c", "0" },
		{ "-F", "x" },
		{ "-F", "-5" },
		{ "-e", "nonsense" },
		{ "-p", "1", "-t", "2" },
		{ "-a", "-p", "1" },
		{ "-p", "1", "--", "true" },
		{ "-p", "0" },
		{ "-p", "1,,2" },
		{ "-p", "abc" },
		{ "-p", "99999999999" },
		{ "--kernel-only", "--user-only" },
		{ "--lbr" },
		{ "--lbr", "-e", "task-clock" },
		{ "--lbr", "-e", "cycles", "--kernel-only" },
		{ "--kernel-depth", "128" },
		{ "--stack-slots", "1000" },
		{ "--count-slots", "8" },
		{ "--stack-frames", "100" },
		{ "--timeline=0" },
		{ "--timeline=100" },
		{ "-d", "0" },
		{ "-d", "-1" },
		{ "-d", "soon" },
		{ "-o", "" },
		{ "--no-such-option" },
		{ "--archive", "--continuous", "--out", "/tmp" },
	};
	char pids[FGPROF_MAX_PIDS * 4 + 8] = "1";
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = parse(bad[i][0], bad[i][1], bad[i][2], bad[i][3],
				bad[i][4], NULL);

		if (ret != -1)
			fprintf(stderr, "accepted: %s %s %s %s\n", bad[i][0],
				bad[i][1] ? bad[i][1] : "",
				bad[i][2] ? bad[i][2] : "",
				bad[i][3] ? bad[i][3] : "");
		CHECK(ret == -1);
	}
	for (i = 2; i <= FGPROF_MAX_PIDS + 1; i++)
		snprintf(pids + strlen(pids), sizeof(pids) - strlen(pids),
			 ",%zu", i);
	CHECK(parse("-p", pids, NULL) == -1);	/* 65 pids */

	fflush(stdout);
	{
		int saved = dup(1), null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		CHECK(parse("--help", NULL) == 1);
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
		close(null);
	}
}

int main(void)
{
	RUN(defaults_are_system_wide_99hz_10s);
	RUN(every_option_lands_in_the_config);
	RUN(a_command_is_the_target);
	RUN(lbr_asks_for_hardware_user_stacks);
	RUN(user_unwind_picks_tables_or_frame_pointers);
	RUN(alloc_has_no_event_and_counts_bytes_or_calls);
	RUN(archive_goes_with_the_profile_file);
	RUN(help_and_bad_input);
	return UNIT_EXIT();
}
