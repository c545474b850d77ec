// SPDX-License-Identifier: GPL-2.0
/* The fgprof command line: subcommands and help, nothing else. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fgprof.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "record", cmd_record, "sample on-CPU stacks into a profile file" },
	{ "report", cmd_report, "print a profile file as folded stacks or an SVG flame graph" },
	{ "archive", cmd_archive, "copy a profile's user binaries beside it, to report it elsewhere" },
	{ "diff", cmd_diff, "compare two profiles: a differential flame graph or folded counts" },
	{ "top", cmd_top, "sample and show the hottest functions live, refreshed every second" },
	{ "stats", cmd_stats, "print the module's counters, one 'name value' per line" },
	{ "status", cmd_status, "show the loaded module's ABI version and state" },
	{ "cfi", cmd_cfi, "debugging: print the unwind table compiled from a file's CFI" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: fgprof <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n'fgprof <command> --help' shows a command's options.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("fgprof %s (abi %u)\n", FGPROF_RELEASE, FGPROF_ABI_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "fgprof: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
