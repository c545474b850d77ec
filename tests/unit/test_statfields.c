// SPDX-License-Identifier: GPL-2.0
/* user/collect/statfields.c: every field of struct fgprof_stats has a name. */
#include "statfields.h"
#include "unit.h"

static void every_field_is_listed_once(void)
{
	size_t i, j, bytes = 0;

	for (i = 0; i < stat_nr_fields; i++) {
		bytes += stat_fields[i].size;
		CHECK(stat_fields[i].size == 4 || stat_fields[i].size == 8);
		if (i)
			CHECK(stat_fields[i].offset > stat_fields[i - 1].offset);
		for (j = 0; j < i; j++)
			CHECK(strcmp(stat_fields[i].name, stat_fields[j].name));
	}
	/* Everything but the trailing pad: a new counter fails here. */
	CHECK(bytes + sizeof(((struct fgprof_stats *)0)->pad) ==
	      sizeof(struct fgprof_stats));
}

static void values_round_trip_by_name(void)
{
	struct fgprof_stats st;
	size_t i;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < stat_nr_fields; i++)
		stat_set(&st, &stat_fields[i], 1000 + i);
	for (i = 0; i < stat_nr_fields; i++)
		CHECK(stat_get(&st, &stat_fields[i]) == 1000 + i);
	CHECK(st.samples == 1000);
	CHECK(st.cpu_event_errors == 1000 + stat_nr_fields - 1);
	CHECK(st.pad == 0);
	CHECK(stat_field_find("drop_nested") &&
	      stat_field_find("drop_nested")->loss);
	CHECK(stat_field_find("recorded") && !stat_field_find("recorded")->loss);
	CHECK(stat_field_find("pad") == NULL);
	CHECK(stat_field_find("nonsense") == NULL);
}

int main(void)
{
	RUN(every_field_is_listed_once);
	RUN(values_round_trip_by_name);
	return UNIT_EXIT();
}
