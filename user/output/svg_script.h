/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SVG_SCRIPT_H
#define FGPROF_USER_SVG_SCRIPT_H

/* svg.c's embedded style sheet and script (svg_script.c says what they need). */
extern const char svg_style[];
extern const char svg_script[];

#endif
