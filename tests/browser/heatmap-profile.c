// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the unit tests' synthetic profile (tests/unit/synth.h) to a file,
 * for the heat map page test (run.sh): a 2 s timeline whose first half of
 * each second is synth_hot_a only, its second half synth_hot_b. Its user
 * frames are this binary's functions (its own maps are in the profile),
 * so `fgprof report` symbolizes them from this binary: keep it in place.
 *
 * With --off-cpu, the profile speedscope is checked with (run.sh): the
 * same stacks as blocked time, the first with a waker, and one more
 * whose synth_main is at another line (one function, two lines).
 *
 *   usage: heatmap-profile FILE [--off-cpu]
 */
#include <errno.h>

#include "synth.h"

static void off_cpu(struct profile *p)
{
	struct symbolizer *s = symbolizer_new(p, NULL);
	uint64_t wk[] = { 0xffffffff81001010 };
	uint64_t wu[] = { (uintptr_t)synth_hot_b + 1,
			  (uintptr_t)synth_main + 4 };
	uint64_t other[] = { (uintptr_t)synth_hot_b + 1,
			     synth_main_other_line(s) };
	struct profile_sample smp = { .pid = getpid(), .count = 4,
				      .period = 4 * SYNTH_PERIOD,
				      .kind = PROFILE_OFF_CPU };
	size_t i;

	symbolizer_free(s);
	CHECK(other[1] != 0);
	strcpy(p->hdr.unit, PROFILE_UNIT_NS);
	for (i = 0; i < p->nr_samples; i++)
		p->samples[i].kind = PROFILE_OFF_CPU;
	p->samples[0].wkstack = synth_stack(p, true, wk, 1);
	p->samples[0].wustack = synth_stack(p, false, wu, 2);
	strcpy(smp.comm, "app");
	smp.ustack = synth_stack(p, false, other, 2);
	CHECK(profile_add_sample(p, &smp) == 0);
}

int main(int argc, char **argv)
{
	struct profile *p;
	int err;

	if (argc < 2 || argc > 3 ||
	    (argc == 3 && strcmp(argv[2], "--off-cpu"))) {
		fprintf(stderr, "usage: %s FILE [--off-cpu]\n", argv[0]);
		return 2;
	}
	p = synth_profile();
	if (argc == 3)
		off_cpu(p);
	err = profile_save(p, argv[1]);
	profile_free(p);
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	return UNIT_EXIT();
}
