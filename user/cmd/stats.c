// SPDX-License-Identifier: GPL-2.0
/* fgprof stats: the module's counters now, "name value" per line. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "device.h"
#include "statfields.h"

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = device_path();
	struct fgprof_version v;
	struct fgprof_stats st;
	size_t i;
	int c, fd, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "D:h", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			path = optarg;
			break;
		case 'h':
			printf("usage: fgprof stats [--device PATH]\n\n"
			       "The module's counters since the last configure or reset,\n"
			       "one 'name value' per line (state: 0 idle, 1 configured,\n"
			       "2 running, 3 stopped).\n");
			return 0;
		default:
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fgprof stats: unexpected '%s'\n", argv[optind]);
		return 2;
	}
	fd = device_open_checked(path, &v);
	if (fd < 0) {
		if (fd == -EPROTO)
			fprintf(stderr, "fgprof: module abi %u, tool abi %u\n",
				v.abi_version, FGPROF_ABI_VERSION);
		report_error(path, fd);
		return 1;
	}
	err = device_stats(fd, &st);
	close(fd);
	if (err) {
		report_error("stats", err);
		return 1;
	}
	for (i = 0; i < stat_nr_fields; i++)
		printf("%s %" PRIu64 "\n", stat_fields[i].name,
		       stat_get(&st, &stat_fields[i]));
	return 0;
}
