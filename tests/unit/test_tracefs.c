// SPDX-License-Identifier: GPL-2.0
/* user/collect/tracefs.c: tracepoint ids and fields, on a made-up tracefs tree. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tracefs.h"
#include "unit.h"

/* block_rq_issue's format on 6.1, as tracefs prints it. */
static const char format[] =
"name: block_rq_issue\n"
"ID: 1234\n"
"format:\n"
"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
"\n"
"\tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;\n"
"\tfield:sector_t sector;\toffset:16;\tsize:8;\tsigned:0;\n"
"\tfield:unsigned int nr_sector;\toffset:24;\tsize:4;\tsigned:0;\n"
"\tfield:unsigned int bytes;\toffset:28;\tsize:4;\tsigned:0;\n"
"\tfield:char rwbs[8];\toffset:32;\tsize:8;\tsigned:1;\n"
"\tfield:char comm[16];\toffset:40;\tsize:16;\tsigned:1;\n"
"\tfield:__data_loc char[] cmd;\toffset:56;\tsize:4;\tsigned:1;\n"
"\n"
"print fmt: \"%d,%d %s %u (%s) %llu + %u [%s]\", ...\n";

static char root[] = "/tmp/fgprof-tracefs-XXXXXX";

static void make_tree(void)
{
	char path[256];
	FILE *f;

	CHECK(mkdtemp(root) != NULL);
	snprintf(path, sizeof(path), "%s/events", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/block", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/block/block_rq_issue", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/block/block_rq_issue/id", root);
	f = fopen(path, "w");
	fputs("1234\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/events/block/block_rq_issue/format",
		 root);
	f = fopen(path, "w");
	fputs(format, f);
	fclose(f);
}

static void ids_come_from_the_id_file(void)
{
	uint64_t id = 0;

	CHECK(tracefs_event_id(root, "block", "block_rq_issue", &id) == 0);
	CHECK(id == 1234);
	CHECK(tracefs_event_id(root, "block", "nope", &id) == -ENOENT);
	CHECK(tracefs_event_id(root, "..", "block", &id) == -ENOENT);
	CHECK(tracefs_event_id(root, "block", "a/b", &id) == -ENOENT);
}

static void fields_with_offsets_sizes_and_signs(void)
{
	struct tp_field *f;
	size_t n;

	CHECK(tracefs_fields(root, "block", "block_rq_issue", &f, &n) == 0);
	CHECK(n == 11);
	if (n != 11) {
		free(f);
		return;
	}
	CHECK_STR(f[3].name, "common_pid");
	CHECK(f[3].is_signed && f[3].size == 4 && f[3].offset == 4);
	CHECK_STR(f[7].name, "bytes");
	CHECK(f[7].offset == 28 && f[7].size == 4 && !f[7].is_signed &&
	      !f[7].is_array);
	CHECK_STR(f[8].name, "rwbs");
	CHECK(f[8].is_array);
	CHECK_STR(f[10].name, "cmd");
	CHECK(f[10].is_array);
	free(f);
}

static void malformed_lines_are_refused(void)
{
	struct tp_field f;

	CHECK(tracefs_parse_field("\tfield:int x;\toffset:4;\tsize:4;\tsigned:1;", &f) == 0);
	CHECK_STR(f.name, "x");
	CHECK(tracefs_parse_field("\tfield:int x;\toffset:four;\tsize:4;", &f) == -EINVAL);
	CHECK(tracefs_parse_field("\tfield:int x;\tsize:4;", &f) == -EINVAL);
	CHECK(tracefs_parse_field("\tfield:;\toffset:1;\tsize:4;", &f) == -EINVAL);
	CHECK(tracefs_parse_field("print fmt: \"x\"", &f) == -EINVAL);
}

int main(void)
{
	make_tree();
	RUN(ids_come_from_the_id_file);
	RUN(fields_with_offsets_sizes_and_signs);
	RUN(malformed_lines_are_refused);
	return UNIT_EXIT();
}
