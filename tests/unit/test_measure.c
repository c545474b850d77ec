// SPDX-License-Identifier: GPL-2.0
/*
 * The name of what a profile measured (graphkind.c's graph_measure), as
 * each output of `fgprof report` gives it: the SVG's subtitle, the top
 * table's header, speedscope's profile name, and pprof's comment, sample
 * type and period as `go tool pprof -raw` (golang-go) reads them. An
 * off-CPU profile is recorded with the default event, cpu-clock: no
 * output may call it that.
 */
#include "unit.h"
#include "runcmd.h"
#include "lockwait.h"

struct kind {
	const char *what;		/* the test's name for it */
	const char *unit, *event;	/* the header's */
	enum profile_kind sk;
	bool also_on;			/* and an on-CPU sample: wall */
	const char *label;		/* what every output must say */
	const char *pprof_type;		/* pprof's "TYPE/UNIT" */
	bool period;			/* a sampling period in pprof */
};

static const struct kind kinds[] = {
	{ "on-CPU", PROFILE_UNIT_SAMPLES, "cpu-clock", PROFILE_ON_CPU, false,
	  "cpu-clock", "cpu/nanoseconds", true },
	{ "off-CPU", PROFILE_UNIT_NS, "cpu-clock", PROFILE_OFF_CPU, false,
	  "off-CPU time", "off_cpu/nanoseconds", false },
	{ "wall", PROFILE_UNIT_NS, "cpu-clock", PROFILE_OFF_CPU, true,
	  "wall-clock time", "wall/nanoseconds", false },
	{ "lock wait", PROFILE_UNIT_NS, LOCKWAIT_EVENT, PROFILE_OFF_CPU, false,
	  "lock wait", "lock_wait/nanoseconds", false },
	{ "alloc", PROFILE_UNIT_BYTES, "alloc", PROFILE_ALLOC, false,
	  "allocations", "alloc/bytes", false },
	{ "tracepoint", "bytes_alloc", "kmem:kmalloc", PROFILE_ON_CPU, false,
	  "kmem:kmalloc bytes_alloc", "kmem:kmalloc/bytes_alloc", true },
};

static struct profile *kind_profile(const struct kind *k)
{
	static const uint64_t st[] = { K_SYS_READ, K_IRQ };
	struct profile *p = kprofile_new(k->unit);

	snprintf(p->hdr.event, sizeof(p->hdr.event), "%s", k->event);
	p->hdr.event_type = strchr(k->event, ':') ? 2 : 1;
	p->hdr.event_config = 0;
	if (strchr(k->event, ':')) {
		p->hdr.freq = false;
		p->hdr.rate = 1;
	}
	ksample(p, "app", st, 2, k->sk, 3, 3000000);
	if (k->also_on)
		ksample(p, "app", st, 1, PROFILE_ON_CPU, 1, 10101010);
	return p;
}

static char *report(const struct profile *p, const char *format)
{
	const char *path = runcmd_path("m.data");
	const char *args[] = { "report", "-i", path, "--format", format,
			       "-q", "--kallsyms", unit_data("kallsyms"),
			       NULL };
	char *out;
	int rc;

	CHECK(profile_save(p, path) == 0);
	out = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0);
	return out;
}

static char *go_raw(const struct profile *p)
{
	char cmd[512], *out = NULL;
	size_t len = 0;
	FILE *f, *o;
	char buf[4096];
	size_t n;

	free(report(p, "pprof"));
	snprintf(cmd, sizeof(cmd),
		 "HOME=${HOME:-/tmp} go tool pprof -symbolize=none -raw %s 2>&1",
		 runcmd_path("out"));
	f = popen(cmd, "r");
	o = open_memstream(&out, &len);
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, o);
	CHECK(f && pclose(f) == 0);
	fclose(o);
	return out;
}

static void every_output_names_the_measure(void)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct kind *k = &kinds[i];
		struct profile *p = kind_profile(k);
		char want[128], *out;

		printf("# %s: \"%s\"\n", k->what, k->label);
		out = report(p, "svg");
		snprintf(want, sizeof(want), "<text id=\"subtitle\" x=\"600\" y=\"48\">%s, ",
			 k->label);
		CHECK(strstr(out, "id=\"subtitle\"") && strstr(out, want));
		if (!strstr(out, want))
			printf("# no '%s' in the SVG\n", want);
		free(out);
		out = report(p, "top");
		snprintf(want, sizeof(want), " of %s", k->label);
		CHECK(strstr(out, want));
		free(out);
		out = report(p, "speedscope");
		snprintf(want, sizeof(want), "\"name\":\"%s\"", k->label);
		CHECK(strstr(out, want));
		snprintf(want, sizeof(want), "\"type\":\"sampled\",\"name\":\"%s\"",
			 k->label);
		CHECK(strstr(out, want));
		free(out);
		out = go_raw(p);
		snprintf(want, sizeof(want), "Comment: %s\n", k->label);
		CHECK(strstr(out, want));
		snprintf(want, sizeof(want), "PeriodType: %s", k->pprof_type);
		for (char *c = strchr(want, '/'); c; c = NULL)
			*c = ' ';
		CHECK(strstr(out, want));
		CHECK(strstr(out, "\nPeriod: 0\n") ? !k->period : k->period);
		if (!strstr(out, want))
			printf("# pprof -raw:\n%s\n", out);
		free(out);
		if (!k->also_on && k->sk == PROFILE_OFF_CPU) {
			out = report(p, "svg");
			CHECK(!strstr(out, "cpu-clock"));
			free(out);
		}
		profile_free(p);
	}
}

int main(void)
{
	if (system("command -v go >/dev/null 2>&1")) {
		printf("not ok - go tool pprof: golang-go not installed (tests/deps.sh)\n");
		return 1;
	}
	RUN(every_output_names_the_measure);
	return UNIT_EXIT();
}
