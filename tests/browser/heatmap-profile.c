// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the unit tests' synthetic profile (tests/unit/synth.h) to a file,
 * for the heat map page test (run.sh): a 2 s timeline whose first half of
 * each second is synth_hot_a only, its second half synth_hot_b. Its user
 * frames are this binary's functions (its own maps are in the profile),
 * so `fgprof report` symbolizes them from this binary: keep it in place.
 *
 *   usage: heatmap-profile FILE
 */
#include <errno.h>

#include "synth.h"

int main(int argc, char **argv)
{
	struct profile *p;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	p = synth_profile();
	err = profile_save(p, argv[1]);
	profile_free(p);
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	return UNIT_EXIT();
}
