/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SPEEDSCOPE_H
#define FGPROF_USER_SPEEDSCOPE_H

#include <stdio.h>

#include "folded.h"
#include "profile.h"
#include "symbolize.h"

#define SPEEDSCOPE_SCHEMA "https://www.speedscope.app/file-format-schema.json"

/*
 * The profile as a speedscope file (https://www.speedscope.app, its
 * file-format-spec.ts): one "sampled" profile whose samples are the
 * profile's sample entries, root first, rooted like the folded output
 * (comm, comm-PID or comm-PID/TID per o), inline frames as frames of
 * their own, kernel frames with file "[kernel.kallsyms]"; frames shared
 * in shared.frames. Weights are counts (unit "none") for a profile of
 * samples, nanoseconds (unit "nanoseconds") for an "ns" one. 0, -ENOMEM
 * or -EIO.
 */
int speedscope_write(FILE *out, const struct profile *p,
		     struct symbolizer *s, const struct folded_opts *o);

#endif
