/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_JSONW_H
#define FGPROF_USER_JSONW_H

#include <stdio.h>

/*
 * s as a JSON string literal, quotes included: ", \ and control bytes
 * escaped, and < > & as \u003c... so that the same text can sit inside
 * an HTML <script> element. Bytes >= 0x80 pass through (UTF-8 names).
 */
void json_string(FILE *out, const char *s);

#endif
