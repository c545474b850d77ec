/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_GRAPH_OPTS_H
#define FGPROF_USER_GRAPH_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "folded.h"
#include "stackops.h"
#include "svg.h"
#include "symbolize.h"

/*
 * The options fgprof report and fgprof diff share: how addresses become
 * frames, how stacks are folded and reshaped, how the SVG looks. One
 * parser, so the two commands cannot drift apart.
 */
struct graph_opts {
	struct folded_opts fo;
	struct sym_opts so;
	struct svg_opts svo;
	struct stackops_opts sop;
	const char *archive;	/* --archive DIR, or NULL: FILE.archive */
	const char *svg_only;	/* the last SVG-only option given, or NULL */
	const char *reshape;	/* --reverse or --fold-recursion, or NULL */
	bool palette_set;	/* --colors given */
};

/* Values getopt_long returns for them, clear of each command's own. */
enum {
	GOPT_PID = 0x1000,
	GOPT_TID,
	GOPT_KERNEL_ONLY,
	GOPT_USER_ONLY,
	GOPT_KALLSYMS,
	GOPT_NO_INLINE,
	GOPT_DEBUG_DIR,
	GOPT_ARCHIVE,
	GOPT_TITLE,
	GOPT_SUBTITLE,
	GOPT_WIDTH,
	GOPT_MINWIDTH,
	GOPT_INVERTED,
	GOPT_COLORS,
	GOPT_REVERSE,
	GOPT_FOLD_RECURSION,
};

/* The struct option entries, for a command's long_opts[]. */
#define GRAPH_LONG_OPTS							\
	{ "pid", no_argument, NULL, GOPT_PID },				\
	{ "tid", no_argument, NULL, GOPT_TID },				\
	{ "kernel-only", no_argument, NULL, GOPT_KERNEL_ONLY },		\
	{ "user-only", no_argument, NULL, GOPT_USER_ONLY },		\
	{ "kallsyms", required_argument, NULL, GOPT_KALLSYMS },		\
	{ "no-inline", no_argument, NULL, GOPT_NO_INLINE },		\
	{ "debug-dir", required_argument, NULL, GOPT_DEBUG_DIR },	\
	{ "archive", required_argument, NULL, GOPT_ARCHIVE },		\
	{ "title", required_argument, NULL, GOPT_TITLE },		\
	{ "subtitle", required_argument, NULL, GOPT_SUBTITLE },		\
	{ "width", required_argument, NULL, GOPT_WIDTH },		\
	{ "minwidth", required_argument, NULL, GOPT_MINWIDTH },		\
	{ "inverted", no_argument, NULL, GOPT_INVERTED },		\
	{ "colors", required_argument, NULL, GOPT_COLORS },		\
	{ "reverse", no_argument, NULL, GOPT_REVERSE },			\
	{ "fold-recursion", no_argument, NULL, GOPT_FOLD_RECURSION }

/*
 * Takes getopt_long's opt and optarg: 1 when it was one of these (and
 * stored), 0 when it is the command's own, -1 after printing why the
 * value is bad ("fgprof CMD: ...").
 */
int graph_opt(struct graph_opts *g, int opt, const char *arg, const char *cmd);

#endif
