// SPDX-License-Identifier: GPL-2.0
/* fgprof status: is the module there, which ABI, what is it doing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "device.h"

static void print_version(FILE *out, const char *path,
			  const struct fgprof_version *v)
{
	fprintf(out, "device:  %s\n", path);
	fprintf(out, "module:  fgprof %.*s, abi %u (tool %s, abi %u)\n",
		(int)sizeof(v->release), v->release, v->abi_version,
		FGPROF_RELEASE, FGPROF_ABI_VERSION);
	fprintf(out, "kernel:  %.*s\n", (int)sizeof(v->kernel), v->kernel);
	fprintf(out, "state:   %s\n", device_state_name(v->state));
	fprintf(out, "cpus:    %u\n", v->nr_cpus);
	fprintf(out, "opened:  %u\n", v->open_count);
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = device_path();
	struct fgprof_version v;
	int c, fd;

	while ((c = getopt_long(argc, argv, "D:h", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			path = optarg;
			break;
		case 'h':
			printf("usage: fgprof status [--device PATH]\n");
			return 0;
		default:
			return 2;
		}
	}
	fd = device_open_checked(path, &v);
	if (fd < 0) {
		if (fd == -EPROTO)
			fprintf(stderr, "fgprof: module abi %u, tool abi %u\n",
				v.abi_version, FGPROF_ABI_VERSION);
		report_error(path, fd);
		return 1;
	}
	print_version(stdout, path, &v);
	close(fd);
	return 0;
}
