/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_TEXTVIEW_H
#define FGPROF_TEXTVIEW_H

struct file;

/* The text view that read() on /dev/fgprof gives (cat /dev/fgprof). */
int fg_textview_open(struct file *file);
int fg_textview_release(struct file *file);

#endif
