// SPDX-License-Identifier: GPL-2.0
/* Error lines every subcommand prints the same way. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "device.h"

void report_error(const char *what, int err)
{
	const char *hint = device_hint(err);

	fprintf(stderr, "fgprof: %s: %s\n", what, strerror(-err));
	if (hint)
		fprintf(stderr, "  %s\n", hint);
}
