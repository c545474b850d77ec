// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/pprof.c on the synthetic profile (synth.h): the message decoded
 * here field by field, then the gzipped file read by a real consumer,
 * `go tool pprof` (Debian's golang-go, installed by tests/deps.sh): its
 * -top and -traces views must show the hot functions with their values
 * and the labels. Without go that test says "skipped: go not installed".
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "pprof.h"
#include "synth.h"
#include "unit.h"

/* A protobuf reader just big enough to check what pprof.c writes. */
struct pbr {
	const uint8_t *p, *end;
	bool bad;
};

static uint64_t pbr_varint(struct pbr *r)
{
	uint64_t v = 0;
	int shift = 0;

	while (r->p < r->end && shift < 64) {
		uint8_t b = *r->p++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
		shift += 7;
	}
	r->bad = true;
	return 0;
}

/* The next field: its number, and its value or bytes. false at the end. */
static bool pbr_next(struct pbr *r, uint32_t *field, uint64_t *v,
		     struct pbr *sub)
{
	uint64_t tag, len;

	if (r->bad || r->p >= r->end)
		return false;
	tag = pbr_varint(r);
	*field = tag >> 3;
	if ((tag & 7) == 0) {
		*v = pbr_varint(r);
	} else if ((tag & 7) == 2) {
		len = pbr_varint(r);
		if (len > (uint64_t)(r->end - r->p)) {
			r->bad = true;
			return false;
		}
		sub->p = r->p;
		sub->end = r->p + len;
		sub->bad = false;
		r->p += len;
		*v = len;
	} else {
		r->bad = true;
		return false;
	}
	return !r->bad;
}

struct decoded {
	char *strings[256];
	int nr_strings;
	int sample_types, samples, mappings, locations, functions;
	uint64_t values[8][2];		/* per sample */
	int nr_locs[8];
	int labels[8];
	uint64_t time_nanos, duration_nanos, period;
	bool kernel_mapping, binary_mapping;
};

static void decode(const struct pb_buf *b, struct decoded *d)
{
	struct pbr r = { b->data, b->data + b->len, false }, sub, sub2;
	uint32_t f, f2;
	uint64_t v, v2;

	memset(d, 0, sizeof(*d));
	while (pbr_next(&r, &f, &v, &sub)) {
		switch (f) {
		case 1:
			d->sample_types++;
			break;
		case 2:
			while (d->samples < 8 && pbr_next(&sub, &f2, &v2, &sub2)) {
				if (f2 == 2) {	/* packed values */
					d->values[d->samples][0] = pbr_varint(&sub2);
					d->values[d->samples][1] = pbr_varint(&sub2);
				} else if (f2 == 1) {
					while (sub2.p < sub2.end && !sub2.bad) {
						pbr_varint(&sub2);
						d->nr_locs[d->samples]++;
					}
				} else if (f2 == 3) {
					d->labels[d->samples]++;
				}
			}
			d->samples++;
			break;
		case 3:
			d->mappings++;
			while (pbr_next(&sub, &f2, &v2, &sub2)) {
				if (f2 == 5 && v2 < 256 && (int)v2 < d->nr_strings) {
					const char *s = d->strings[v2];

					d->kernel_mapping |= !strcmp(s, "[kernel.kallsyms]");
					d->binary_mapping |= strstr(s, "test_pprof") != NULL;
				}
			}
			break;
		case 4:
			d->locations++;
			break;
		case 5:
			d->functions++;
			break;
		case 6:
			if (d->nr_strings < 256)
				d->strings[d->nr_strings++] =
					strndup((const char *)sub.p, v);
			break;
		case 9:
			d->time_nanos = v;
			break;
		case 10:
			d->duration_nanos = v;
			break;
		case 12:
			d->period = v;
			break;
		}
	}
	CHECK(!r.bad);
}

static bool has_string(const struct decoded *d, const char *s)
{
	int i;

	for (i = 0; i < d->nr_strings; i++)
		if (!strcmp(d->strings[i], s))
			return true;
	return false;
}

static void free_decoded(struct decoded *d)
{
	int i;

	for (i = 0; i < d->nr_strings; i++)
		free(d->strings[i]);
}

static void message_fields(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct pprof_opts o = { 0 };
	struct pb_buf b = { 0 };
	struct decoded d;

	CHECK(pprof_encode(p, s, &o, &b) == 0);
	decode(&b, &d);
	CHECK(d.nr_strings > 0 && !strcmp(d.strings[0], ""));
	CHECK(d.sample_types == 2);
	CHECK(has_string(&d, "samples") && has_string(&d, "count"));
	CHECK(has_string(&d, "cpu") && has_string(&d, "nanoseconds"));
	CHECK(d.samples == 3);
	/* Sample entries in profile order: a, b, idle. */
	CHECK(d.values[0][0] == 10 && d.values[0][1] == 10 * SYNTH_PERIOD);
	CHECK(d.values[1][0] == 6 && d.values[1][1] == 6 * SYNTH_PERIOD);
	CHECK(d.values[2][0] == 2);
	CHECK(d.nr_locs[0] == 2 && d.nr_locs[1] == 4 && d.nr_locs[2] == 1);
	/* pid, tid, comm, kind */
	CHECK(d.labels[0] == 4 && d.labels[2] == 3);
	CHECK(has_string(&d, "synth_hot_a") && has_string(&d, "synth_main"));
	CHECK(has_string(&d, "__x64_sys_read"));
	CHECK(has_string(&d, "app") && has_string(&d, "on-cpu"));
	CHECK(d.kernel_mapping && d.binary_mapping);
	CHECK(d.time_nanos == SYNTH_START_REAL);
	CHECK(d.duration_nanos == 2000000000ull);
	CHECK(d.period == SYNTH_PERIOD);
	/* synth_main's return address is one location, shared by a and b. */
	CHECK(d.locations == 6);
	free_decoded(&d);
	pb_free(&b);
	symbolizer_free(s);
	profile_free(p);
}

static void off_cpu_sample_types(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct pprof_opts o = { .user_only = true };
	struct pb_buf b = { 0 };
	struct decoded d;
	size_t i;

	strcpy(p->hdr.unit, PROFILE_UNIT_NS);
	for (i = 0; i < p->nr_samples; i++)
		p->samples[i].kind = PROFILE_OFF_CPU;
	CHECK(pprof_encode(p, s, &o, &b) == 0);
	decode(&b, &d);
	CHECK(has_string(&d, "off_cpu") && has_string(&d, "off-cpu"));
	CHECK(!has_string(&d, "__x64_sys_read"));	/* --user-only */
	CHECK(d.nr_locs[1] == 2 && d.nr_locs[2] == 0);
	free_decoded(&d);
	pb_reset(&b);
	p->samples[0].kind = PROFILE_ON_CPU;
	CHECK(pprof_encode(p, s, &o, &b) == 0);
	decode(&b, &d);
	CHECK(has_string(&d, "wall"));
	free_decoded(&d);
	pb_free(&b);
	symbolizer_free(s);
	profile_free(p);
}

/* Runs cmd, returns its stdout (NULL on failure). */
static char *run(const char *cmd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f = popen(cmd, "r");

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n);
	buf[len] = '\0';
	if (pclose(f)) {
		fprintf(stderr, "  '%s' failed:\n%s\n", cmd, buf);
		free(buf);
		return NULL;
	}
	return buf;
}

/* The -top line of name: "flat flat% sum% cum cum% name". */
static bool top_has(const char *top, const char *name, const char *flat,
		    const char *cum)
{
	const char *line = top;

	while (line && *line) {
		char f[32], c[32], fn[256];

		if (sscanf(line, "%31s %*s %*s %31s %*s %255s", f, c, fn) == 3 &&
		    !strcmp(fn, name))
			return !strcmp(f, flat) && !strcmp(c, cum);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	fprintf(stderr, "  no '%s %s ... %s' in:\n%s\n", flat, cum, name, top);
	return false;
}

/* The profile as a pprof file in path (a mkstemp template). */
static void write_tmp(const struct profile *p, struct symbolizer *s,
		      char *path)
{
	struct pprof_opts o = { 0 };
	int fd = mkstemp(path);
	FILE *f;

	CHECK(fd >= 0);
	f = fdopen(fd, "w");
	CHECK(pprof_write(f, p, s, &o) == 0);
	fclose(f);
}

/*
 * `go tool pprof VIEW PATH`'s output. HOME: go wants one;
 * -symbolize=none: no network, no rereading.
 */
static char *view(const char *args, const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "HOME=${HOME:-/tmp} go tool pprof -symbolize=none %s %s 2>/dev/null",
		 args, path);
	return run(cmd);
}

/* The profile's pprof file read by `go tool pprof ARGS`, then removed. */
static char *go_pprof(const struct profile *p, struct symbolizer *s,
		      const char *args)
{
	char path[] = "/tmp/fgprof-pprof-XXXXXX", *out;

	write_tmp(p, s, path);
	out = view(args, path);
	unlink(path);
	return out;
}

static void read_by_go_tool_pprof(void)
{
	struct profile *p;
	struct symbolizer *s;
	char path[] = "/tmp/fgprof-pprof-XXXXXX";
	char *top, *traces;
	bool inl;

	if (system("command -v go >/dev/null 2>&1")) {
		printf("# skipped: go not installed\n");
		return;
	}
	p = synth_profile();
	s = synth_symbolizer(p);
	inl = synth_has_inline(s);
	if (!inl)
		printf("# no inline chains from the symbolizer: inline frames not checked\n");
	write_tmp(p, s, path);
	top = view("-sample_index=samples -top", path);
	CHECK(top);
	if (top) {
		CHECK(strstr(top, "Type: samples"));
		if (inl) {
			CHECK(top_has(top, "synth_inl", "10", "10"));
			CHECK(top_has(top, "synth_hot_a", "0", "10"));
		} else {
			CHECK(top_has(top, "synth_hot_a", "10", "10"));
		}
		CHECK(top_has(top, "synth_hot_b", "0", "6"));
		CHECK(top_has(top, "__x64_sys_read", "6", "6"));
		CHECK(top_has(top, "synth_main", "0", "16"));
		CHECK(top_has(top, "do_one_initcall", "2", "2"));
	}
	traces = view("-traces", path);
	CHECK(traces);
	if (traces) {
		/* The default sample type is cpu time: 6 x 10 ms. */
		CHECK(strstr(traces, "Type: cpu"));
		CHECK(strstr(traces, "comm:[app]") || strstr(traces, "comm:  [app]") ||
		      strstr(traces, "app"));
		CHECK(strstr(traces, "kind:[on-cpu]") || strstr(traces, "on-cpu"));
		CHECK(strstr(traces, "60ms"));
		CHECK(!inl || strstr(traces, "synth_inl (inline)"));
	}
	free(top);
	free(traces);
	/* UNIT_KEEP=1 keeps the file, to look at it by hand. */
	if (getenv("UNIT_KEEP"))
		printf("# kept %s\n", path);
	else
		unlink(path);
	symbolizer_free(s);
	profile_free(p);
}

/*
 * go tool pprof -traces as "f;g;h|..." (each trace's functions, leaf
 * first, "(inline)" marks dropped), so a stack reads in one strstr.
 */
static char *traces_text(const char *traces)
{
	char *out = calloc(1, strlen(traces) + 2), *o = out;
	const char *line = strstr(traces, "-----------+");

	while (line && *line) {
		const char *end = strchr(line, '\n') ?: line + strlen(line);
		const char *w = end, *tok;

		if (!strncmp(line, "-----------+", 12)) {
			*o++ = '|';
		} else {
			/* The last word, or the one before "(inline)". */
			while (w > line && w[-1] == ' ')
				w--;
			if (w - line > 9 && !strncmp(w - 8, "(inline)", 8))
				for (w -= 8; w > line && w[-1] == ' '; w--)
					;
			for (tok = w; tok > line && tok[-1] != ' '; tok--)
				;
			/* Labels ("comm:  app") are no frames. */
			if (tok < w && !memmem(line, end - line, ":  ", 3)) {
				memcpy(o, tok, w - tok);
				o += w - tok;
				*o++ = ';';
			}
		}
		line = *end ? end + 1 : end;
	}
	*o = '\0';
	return out;
}

/* An off-CPU sample's waker, as pprof reads it: after "--", leaf side. */
static void waker_read_by_go_tool_pprof(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	uint64_t wk[] = { 0xffffffff81001010 };
	uint64_t wu[] = { (uintptr_t)synth_hot_b + 1,
			  (uintptr_t)synth_main + 4 };
	char *traces, *seq = NULL, want[256];

	strcpy(p->hdr.unit, PROFILE_UNIT_NS);
	p->samples[0].kind = PROFILE_OFF_CPU;
	p->samples[0].wkstack = synth_stack(p, true, wk, 1);
	p->samples[0].wustack = synth_stack(p, false, wu, 2);
	traces = go_pprof(p, s, "-traces");
	CHECK(traces);
	if (traces)
		seq = traces_text(traces);
	snprintf(want, sizeof(want),
		 "|synth_main_[w];synth_hot_b_[w];do_one_initcall_[w];--;%ssynth_hot_a;synth_main;|",
		 synth_has_inline(s) ? "synth_inl;" : "");
	CHECK(seq && strstr(seq, want));
	if (seq && !strstr(seq, want))
		fprintf(stderr, "  want %s in:\n  %s\n", want, seq);
	free(seq);
	free(traces);
	symbolizer_free(s);
	profile_free(p);
}

/* go tool pprof -top's first line is "File: NAME"; frees p and s. */
static void file_is(struct profile *p, struct symbolizer *s,
		    const char *name)
{
	char *top = go_pprof(p, s, "-top"), want[64];

	snprintf(want, sizeof(want), "File: %s\n", name);
	CHECK(top && !strncmp(top, want, strlen(want)));
	if (top && strncmp(top, want, strlen(want)))
		fprintf(stderr, "  %.60s\n", top);
	free(top);
	symbolizer_free(s);
	profile_free(p);
}

/*
 * pprof's "File:" is its first Mapping: the program profiled, not the
 * kernel or the library of the first sample's leaf.
 */
static void program_is_the_first_mapping(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	uint64_t lib[] = { (uintptr_t)getppid + 1, (uintptr_t)synth_main + 4 };
	struct profile_sample first[2] = {
		{ .pid = 0, .count = 1, .kstack = p->samples[2].kstack },
		{ .pid = getpid(), .count = 1,
		  .ustack = synth_stack(p, false, lib, 2) },
	};
	struct profile_sample *v;

	/* The idle kernel's sample first, then one whose leaf is in libc. */
	strcpy(first[0].comm, "swapper/0");
	strcpy(first[1].comm, "app");
	v = calloc(p->nr_samples + 2, sizeof(*v));
	memcpy(v, first, sizeof(first));
	memcpy(v + 2, p->samples, p->nr_samples * sizeof(*v));
	free(p->samples);
	p->samples = v;
	p->nr_samples += 2;
	p->cap_samples = p->nr_samples;
	file_is(p, s, "test_pprof");
}

/*
 * For -a: the executable with the most samples over all its processes
 * (two small processes of /opt/a beat one bigger of /opt/b), whatever
 * the order of samples and mappings; a process's executable is its
 * lowest mapping (ld.so, mapped high, is not).
 */
static void busiest_executable_first(void)
{
	struct profile *p = profile_new();
	uint32_t pids[] = { 100, 101, 102 };
	const char *exe[] = { "/opt/a", "/opt/a", "/opt/b" };
	uint64_t counts[] = { 3, 3, 5 };
	struct profile_sample smp = { .count = 1 };
	uint64_t ip;
	int i;

	strcpy(p->hdr.unit, PROFILE_UNIT_SAMPLES);
	strcpy(p->hdr.event, "cpu-clock");
	for (i = 2; i >= 0; i--) {
		struct profile_map ld = { .pid = pids[i], .start = 0x7f0000000000,
					  .end = 0x7f0000010000,
					  .path = "/lib64/ld-linux-x86-64.so.2" };
		struct profile_map m = { .pid = pids[i], .start = 0x400000,
					 .end = 0x500000, .path = (char *)exe[i] };

		CHECK(profile_add_map(p, &ld) == 0);
		CHECK(profile_add_map(p, &m) == 0);
	}
	/* ld.so's samples first: "File: ld-linux-x86-64.so.2" before. */
	for (i = 2; i >= 0; i--) {
		smp.pid = pids[i];
		smp.count = i == 2 ? 1 : 0;
		ip = 0x7f0000000100;
		smp.ustack = synth_stack(p, false, &ip, 1);
		snprintf(smp.comm, sizeof(smp.comm), "p%d", i);
		if (smp.count)
			CHECK(profile_add_sample(p, &smp) == 0);
		smp.count = counts[i];
		ip = 0x400100;
		smp.ustack = synth_stack(p, false, &ip, 1);
		CHECK(profile_add_sample(p, &smp) == 0);
	}
	file_is(p, symbolizer_new(p, NULL), "a");
}

extern char _start[];

/*
 * A line only with its file, as go tool pprof -raw lists the Locations
 * ("NAME FILE:LINE s=0"): _start has neither (no line info), synth.h's
 * functions both.
 */
static void line_only_with_its_file(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	uint64_t ips[] = { (uintptr_t)_start + 4 };
	struct profile_sample smp = { .pid = getpid(), .count = 1 };
	char *raw, *at;
	int bad = 0, lines = 0;

	strcpy(smp.comm, "app");
	smp.ustack = synth_stack(p, false, ips, 1);
	CHECK(profile_add_sample(p, &smp) == 0);
	raw = go_pprof(p, s, "-raw");
	CHECK(raw && strstr(raw, " _start :0 s=0\n"));
	for (at = raw; at && (at = strstr(at, ":")); at++) {
		if (at[-1] == ' ' && at[1] != '0')
			bad++;	/* no file, a line */
		lines += !strncmp(at - 7, "synth.h", 7) && at[1] > '0' &&
			 at[1] <= '9';
	}
	CHECK(bad == 0);
	CHECK(lines > 0);
	if (raw && (bad || !lines))
		fprintf(stderr, "%s\n", raw);
	free(raw);
	symbolizer_free(s);
	profile_free(p);
}

int main(void)
{
	RUN(message_fields);
	RUN(off_cpu_sample_types);
	RUN(read_by_go_tool_pprof);
	RUN(waker_read_by_go_tool_pprof);
	RUN(program_is_the_first_mapping);
	RUN(busiest_executable_first);
	RUN(line_only_with_its_file);
	return UNIT_EXIT();
}
