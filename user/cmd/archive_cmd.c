// SPDX-License-Identifier: GPL-2.0
/* fgprof archive: a profile's user binaries, packed beside it. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "archive.h"
#include "commands.h"
#include "profile.h"

static const char usage_text[] =
"usage: fgprof archive [-o DIR] [-q] [FILE]\n"
"\n"
"Copies the user binaries profile FILE (default fgprof.data) maps, each\n"
"checked by build-id, into DIR/.build-id/xx/yyyy (default FILE.archive), so\n"
"that `fgprof report` names their frames where they are missing: on another\n"
"machine, or after they were upgraded. Copy FILE and FILE.archive together.\n"
"Kernel frames need nothing: the profile names them itself.\n"
"\n"
"  -o, --output DIR   the archive directory (report: --archive DIR)\n"
"  -q, --quiet        no summary on stderr (what was not archived still is)\n"
"  -h, --help         this help\n";

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

int cmd_archive(int argc, char **argv)
{
	const char *input = PROFILE_DEFAULT_PATH, *dir = NULL;
	char err_msg[512], def[4200];
	struct archive_result res;
	struct profile *p;
	bool quiet = false;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:qh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs("(fgprof archive --help lists the options)\n",
			      stderr);
			return 2;
		}
	}
	if (optind < argc)
		input = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "fgprof archive: unexpected '%s'\n", argv[optind]);
		return 2;
	}
	if (!dir) {
		snprintf(def, sizeof(def), "%s%s", input, ARCHIVE_SUFFIX);
		dir = def;
	}
	err = profile_load(input, &p, err_msg, sizeof(err_msg));
	if (err) {
		fprintf(stderr, "fgprof: %s\n", err_msg);
		return 1;
	}
	err = archive_write(p, dir, stderr, &res);
	profile_free(p);
	if (err) {
		report_error(dir, err);
		return 1;
	}
	archive_print_result(dir, &res, quiet);
	return 0;
}
