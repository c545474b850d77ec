/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_TERM_H
#define FGPROF_USER_TERM_H

#include <stdbool.h>

/*
 * The terminal of a full-screen view (fgprof top): keys read one at a
 * time without echo, the alternate screen, the cursor hidden; and the
 * terminal as it was on every way out: a normal return, exit(), a
 * fatal signal (restored, then the signal's default action), and
 * Ctrl-Z (restored while stopped, taken again on SIGCONT). Ctrl-C still
 * makes SIGINT (ISIG stays on), which the caller handles. One terminal
 * per process: the signal handlers need it in a static.
 */

/*
 * Takes the terminal on fd (a tty) and writes the screen setup there.
 * 0, or a negative errno (not a tty: -ENOTTY) with nothing changed.
 */
int term_enter(int fd);

/* Gives the terminal back; harmless when not taken. */
void term_leave(void);

/* Set by SIGCONT and SIGWINCH: the caller should redraw the whole screen. */
bool term_redraw_due(void);

/* The terminal's size, or 24x80 when it cannot tell. */
void term_size(int fd, unsigned int *rows, unsigned int *cols);

#endif
