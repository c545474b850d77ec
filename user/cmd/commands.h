/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_COMMANDS_H
#define FGPROF_USER_COMMANDS_H

#include <stdio.h>

/* Each subcommand: argv[0] is the subcommand's name; returns the exit code. */
int cmd_status(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_cfi(int argc, char **argv);
int cmd_archive(int argc, char **argv);

/* Print "fgprof: <what>: <strerror>[\n  hint]" for a negative errno. */
void report_error(const char *what, int err);

#endif
