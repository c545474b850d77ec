/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_HEATMAP_SCRIPT_H
#define FGPROF_USER_HEATMAP_SCRIPT_H

/* heatmap.c's embedded style, body elements and script (see heatmap_script.c). */
extern const char heatmap_style[];
extern const char heatmap_body[];
extern const char heatmap_script[];

#endif
