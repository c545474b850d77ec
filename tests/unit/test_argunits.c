// SPDX-License-Identifier: GPL-2.0
/*
 * user/cmd/argunits.c and the options that use it: --interval times, the
 * --max-bytes sizes, and record's --continuous checks.
 */
#include <errno.h>
#include <stdint.h>

#include "argunits.h"
#include "record.h"
#include "unit.h"

static bool time_is(const char *s, uint64_t ns)
{
	uint64_t v = 0;

	return !argunits_time(s, &v) && v == ns;
}

static bool time_bad(const char *s)
{
	uint64_t v;

	return argunits_time(s, &v) == -EINVAL;
}

static void times(void)
{
	CHECK(time_is("10s", 10000000000ull));
	CHECK(time_is("500ms", 500000000ull));
	CHECK(time_is("2m", 120000000000ull));
	CHECK(time_is("1h", 3600000000000ull));
	CHECK(time_is("1.5", 1500000000ull));
	CHECK(time_is("250us", 250000ull));
	CHECK(time_is("7ns", 7));
	CHECK(time_is(".5s", 500000000ull));
	CHECK(time_bad(""));
	CHECK(time_bad("s"));
	CHECK(time_bad("-1s"));
	CHECK(time_bad(" 1s"));
	CHECK(time_bad("0"));
	CHECK(time_bad("0s"));
	CHECK(time_bad("10 s"));
	CHECK(time_bad("10sec"));
	CHECK(time_bad("inf"));
	CHECK(time_bad("nan"));
	CHECK(time_bad("0x10"));
	CHECK(time_bad("9999h"));
}

static bool size_is(const char *s, uint64_t bytes)
{
	uint64_t v = 0;

	return !argunits_size(s, &v) && v == bytes;
}

static void sizes(void)
{
	uint64_t v;

	CHECK(size_is("4096", 4096));
	CHECK(size_is("64k", 65536));
	CHECK(size_is("64K", 65536));
	CHECK(size_is("100M", 100ull << 20));
	CHECK(size_is("1G", 1ull << 30));
	CHECK(size_is("1GiB", 1ull << 30));
	CHECK(size_is("2MB", 2ull << 20));
	CHECK(size_is("1T", 1ull << 40));
	CHECK(argunits_size("", &v) == -EINVAL);
	CHECK(argunits_size("1.5G", &v) == -EINVAL);
	CHECK(argunits_size("-1", &v) == -EINVAL);
	CHECK(argunits_size("1X", &v) == -EINVAL);
	CHECK(argunits_size("1Gb", &v) == -EINVAL);
	CHECK(argunits_size("99999999999T", &v) == -EINVAL);
}

static int parse(struct record_opts *o, const char *a, const char *b,
		 const char *c, const char *d)
{
	char *argv[] = { "record", (char *)a, (char *)b, (char *)c,
			 (char *)d, NULL };
	int argc = 1;

	while (argv[argc])
		argc++;
	return record_parse_args(argc, argv, o);
}

static void continuous_options(void)
{
	struct record_opts o;

	CHECK(parse(&o, "--continuous", "--out", "/tmp/x", NULL) == 0);
	CHECK(o.continuous && !strcmp(o.out_dir, "/tmp/x"));
	CHECK(o.interval_ns == RECORD_DEFAULT_INTERVAL_NS);
	CHECK(o.keep == RECORD_DEFAULT_KEEP && o.max_bytes == 0);
	/* Runs until stopped, and writes no fgprof.data unless asked. */
	CHECK(o.duration_ns == 0 && !o.duration_set && o.output == NULL);

	CHECK(parse(&o, "--continuous", "--out=/d", "--interval=500ms",
		    "--keep=5") == 0);
	CHECK(o.interval_ns == 500000000ull && o.keep == 5);
	CHECK(parse(&o, "--continuous", "--out=/d", "--max-bytes=1M",
		    NULL) == 0);
	CHECK(o.max_bytes == 1ull << 20);
	CHECK(parse(&o, "--continuous", "--out=/d", "-o", "all.data") == 0);
	CHECK_STR(o.output, "all.data");
	CHECK(parse(&o, "--continuous", "--out=/d", "-d", "5.5") == 0);
	CHECK(o.duration_ns == 5500000000ull && o.duration_set);

	fprintf(stderr, "(usage errors expected below)\n");
	CHECK(parse(&o, "--continuous", NULL, NULL, NULL) == -1);
	CHECK(parse(&o, "--out", "/d", NULL, NULL) == -1);
	CHECK(parse(&o, "--keep", "3", NULL, NULL) == -1);
	CHECK(parse(&o, "--continuous", "--out=/d", "--interval=5ms",
		    NULL) == -1);
	CHECK(parse(&o, "--continuous", "--out=/d", "--interval=10q",
		    NULL) == -1);
	CHECK(parse(&o, "--continuous", "--out=/d", "--max-bytes=lots",
		    NULL) == -1);
	CHECK(parse(&o, "--continuous", "--out=", NULL, NULL) == -1);

	/* Without --continuous nothing changes: 10 s into fgprof.data. */
	CHECK(parse(&o, NULL, NULL, NULL, NULL) == 0);
	CHECK(!o.continuous && o.interval_ns == 0 && o.output &&
	      o.duration_ns == 10000000000ull);
}

int main(void)
{
	RUN(times);
	RUN(sizes);
	RUN(continuous_options);
	return UNIT_EXIT();
}
