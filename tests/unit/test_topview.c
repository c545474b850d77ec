// SPDX-License-Identifier: GPL-2.0
/*
 * user/cmd/topview.c: a screen of fgprof top from a top table: the rate over
 * the last interval, the non-zero losses by name, the hottest functions
 * first, and nothing beyond the screen's rows and columns.
 */
#include <stdlib.h>

#include "topview.h"
#include "unit.h"

static char *render(const struct topview *v, const struct top_table *t)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CHECK(topview_write(f, v, t) == 0);
	fclose(f);
	return text;
}

static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static unsigned int widest(const char *s)
{
	unsigned int w = 0, cur = 0;

	for (; *s; s++) {
		cur = *s == '\n' ? 0 : cur + 1;
		if (cur > w)
			w = cur;
	}
	return w;
}

static void screen(void)
{
	struct folded_stack st[] = {
		{ "app;main;hot_a;spin", 300 },
		{ "app;main;hot_b;spin", 100 },
		{ "app;main;cold", 10 },
	};
	struct folded_stacks fs = { st, 3 };
	struct fgprof_stats last = { .samples = 1000, .recorded = 900 };
	struct fgprof_stats now = { .samples = 1400, .recorded = 1300,
				    .drop_nested = 3, .user_truncated = 2 };
	struct top_table t;
	struct topview v = {
		.event = "cpu-clock", .unit = "samples", .rate = 99,
		.freq = true, .elapsed_s = 5, .interval_s = 2,
		.now = &now, .last = &last,
	};
	char *text;

	CHECK(top_table_build(&fs, &t) == 0);
	text = render(&v, &t);
	CHECK(strstr(text, "fgprof top: cpu-clock, -F 99 Hz, 5 s; showing the last interval") != NULL);
	CHECK(strstr(text, "200.0/s recorded of 200.0/s taken; 1300 recorded in all") != NULL);
	CHECK(strstr(text, "losses: drop_nested 3, user_truncated 2\n") != NULL);
	/* spin is the hottest leaf (400), main the widest (410). */
	CHECK(strstr(text, "spin") && strstr(text, "spin") < strstr(text, "cold"));
	CHECK(strstr(text, "  main\n") != NULL);
	free(text);

	now.drop_nested = now.user_truncated = 0;
	v.rows = 7;
	v.cols = 30;
	v.cumulative = true;
	text = render(&v, &t);
	CHECK(strstr(text, "losses: none\n") != NULL);
	CHECK(lines(text) == 7);
	CHECK(widest(text) == 30);
	free(text);
	top_table_free(&t);
}

int main(void)
{
	RUN(screen);
	return UNIT_EXIT();
}
