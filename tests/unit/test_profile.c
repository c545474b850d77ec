// SPDX-License-Identifier: GPL-2.0
/* user/profile/profile.c: the model, the file's round trip, and malformed files. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "profile.h"
#include "statfields.h"
#include "unit.h"

static struct profile *sample_profile(void)
{
	static const uint64_t k1[] = { 0xffffffff81002010, 0xffffffff81005005 };
	static const uint64_t u1[] = { 0x55d0c0a01234, 0x7f0012345678, 0x55d0c0a00100 };
	static const uint64_t u2[] = { 0x55d0c0a01234 };
	struct profile *p = profile_new();
	struct profile_header *h = &p->hdr;
	struct profile_map m = {
		.pid = 1234, .start = 0x55d0c0a02000, .end = 0x55d0c0a21000,
		.offset = 0x2000, .build_id = "3f2a00e1", .path = "/usr/bin/my app",
	};
	struct profile_sample s = { .pid = 1234, .tid = 0, .count = 17,
				    .period = 171717171, .comm = "my app" };
	struct profile_tl t = { .time_ns = 5000, .cpu = 1, .pid = 1234,
				.tid = 1235 };
	uint32_t id;
	size_t i;

	snprintf(h->tool, sizeof(h->tool), "0.1.0");
	snprintf(h->kernel, sizeof(h->kernel), "6.1.0-18-amd64");
	h->kernel_text = 0xffffffff81000000;
	snprintf(h->event, sizeof(h->event), "cycles:pp");
	h->event_type = 0;
	h->event_config = 0;
	h->precise_ip = 2;
	h->freq = true;
	h->rate = 99;
	h->flags = FGPROF_CF_FREQ | FGPROF_CF_KERNEL_STACK | FGPROF_CF_USER_STACK;
	h->tables.kernel_depth = 64;
	h->tables.timeline_slots = 65536;
	h->start_realtime_ns = 1700000000123456789ull;
	h->start_monotonic_ns = 123456789000ull;
	h->duration_ns = 10001234567ull;
	h->nr_cpus = 4;
	for (i = 0; i < stat_nr_fields; i++)
		stat_set(&p->stats, &stat_fields[i], 10 + i);
	/* Fixed, whatever the number of counters before it: a case edits it. */
	p->stats.state = 44;

	CHECK(profile_add_map(p, &m) == 0);
	m.build_id = NULL;
	m.start = 0x7f0012000000;
	m.end = 0x7f0012100000;
	m.offset = 0;
	m.path = "/lib/weird\\name\nwith newline";
	CHECK(profile_add_map(p, &m) == 0);

	CHECK(kallsyms_add(&p->ksyms, 0xffffffff81002000, 0xffffffff81002100,
			   "__x64_sys_read") == 0);
	CHECK(kallsyms_add(&p->ksyms, 0xffffffff81005000, 0xffffffff81005040,
			   "nf_hook_slow [nf_tables]") == 0);
	CHECK(profile_add_kbuild(p, "vmlinux", "2401ab") == 0);
	CHECK(profile_add_kbuild(p, "nf_tables", "77aa") == 0);
	CHECK(profile_add_kbuild(p, "vmlinux", "9999") == 0);	/* kept once */
	CHECK(p->nr_kbuilds == 2);
	CHECK(profile_add_stack(p, true, false, k1, 2, &id) == 0 && id == 1);
	CHECK(profile_add_stack(p, false, false, u1, 3, &id) == 0 && id == 2);
	CHECK(profile_add_stack(p, false, true, u2, 1, &id) == 0 && id == 3);

	s.kstack = 1;
	s.ustack = 2;
	CHECK(profile_add_sample(p, &s) == 0);
	s.kstack = 0;
	s.ustack = 3;
	s.count = 1;
	s.period = 1;
	snprintf(s.comm, sizeof(s.comm), "%s", "");
	CHECK(profile_add_sample(p, &s) == 0);
	s.pid = 0;
	s.kstack = 1;
	s.ustack = 0;
	snprintf(s.comm, sizeof(s.comm), "%s", " swapper/0 ");
	CHECK(profile_add_sample(p, &s) == 0);
	s.kind = PROFILE_OFF_CPU;
	s.wkstack = 1;
	s.wustack = 3;
	CHECK(profile_add_sample(p, &s) == 0);

	t.kstack = 1;
	t.ustack = 2;
	CHECK(profile_add_timeline(p, &t) == 0);
	t.time_ns = 6000;
	t.kstack = 0;
	CHECK(profile_add_timeline(p, &t) == 0);
	return p;
}

static char *to_text(const struct profile *p, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	CHECK(f != NULL);
	CHECK(profile_write(p, f) == 0);
	fclose(f);
	return buf;
}

static struct profile *from_text(const char *text, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct profile *p = NULL;
	int ret;

	ret = profile_parse(f, "test.data", &p, err, errlen);
	fclose(f);
	CHECK((ret == 0) == (p != NULL));
	return p;
}

static void round_trip_keeps_everything(void)
{
	struct profile *a = sample_profile(), *b;
	char err[256], *t1, *t2;
	size_t l1, l2, i;

	t1 = to_text(a, &l1);
	b = from_text(t1, err, sizeof(err));
	if (!b) {
		fprintf(stderr, "%s\n%s", err, t1);
		goto out;
	}
	CHECK(!memcmp(&a->hdr, &b->hdr, sizeof(a->hdr)));
	CHECK(!memcmp(&a->stats, &b->stats, sizeof(a->stats)));
	CHECK(b->nr_maps == 2 && b->nr_stacks == 3 && b->nr_samples == 4 &&
	      b->nr_timeline == 2);
	CHECK_STR(b->maps[0].path, "/usr/bin/my app");
	CHECK_STR(b->maps[0].build_id, "3f2a00e1");
	CHECK(b->maps[1].build_id == NULL);
	CHECK_STR(b->maps[1].path, "/lib/weird\\name\nwith newline");
	CHECK(b->maps[0].offset == 0x2000 && b->maps[0].start == 0x55d0c0a02000);
	CHECK(b->ksyms.nr == 2);
	CHECK(b->nr_kbuilds == 2);
	if (b->nr_kbuilds == 2) {
		CHECK_STR(b->kbuilds[0].name, "vmlinux");
		CHECK_STR(b->kbuilds[0].build_id, "2401ab");
		CHECK_STR(b->kbuilds[1].name, "nf_tables");
		CHECK_STR(b->kbuilds[1].build_id, "77aa");
	}
	for (i = 0; i < b->ksyms.nr && i < a->ksyms.nr; i++) {
		CHECK(a->ksyms.syms[i].addr == b->ksyms.syms[i].addr &&
		      a->ksyms.syms[i].end == b->ksyms.syms[i].end);
		CHECK_STR(b->ksyms.names + b->ksyms.syms[i].name,
			  a->ksyms.names + a->ksyms.syms[i].name);
	}
	for (i = 0; i < 3; i++) {
		const struct profile_stack *x = profile_stack(a, i + 1);
		const struct profile_stack *y = profile_stack(b, i + 1);

		CHECK(x->nr == y->nr && x->kernel == y->kernel &&
		      x->truncated == y->truncated);
		CHECK(!memcmp(profile_stack_ips(a, x), profile_stack_ips(b, y),
			      x->nr * sizeof(uint64_t)));
	}
	for (size_t i = 0; i < 4; i++) {
		const struct profile_sample *x = &a->samples[i], *y = &b->samples[i];

		CHECK(x->pid == y->pid && x->tid == y->tid &&
		      x->count == y->count && x->period == y->period &&
		      x->kstack == y->kstack && x->ustack == y->ustack &&
		      x->wkstack == y->wkstack && x->wustack == y->wustack &&
		      x->kind == y->kind && !strcmp(x->comm, y->comm));
	}
	CHECK_STR(b->samples[1].comm, "");
	CHECK_STR(b->samples[2].comm, " swapper/0 ");
	CHECK(!memcmp(a->timeline, b->timeline, 2 * sizeof(*a->timeline)));

	/* Written again, byte for byte the same file. */
	t2 = to_text(b, &l2);
	CHECK(l1 == l2 && !strcmp(t1, t2));
	free(t2);
out:
	free(t1);
	profile_free(a);
	profile_free(b);
}

static void file_text_is_as_documented(void)
{
	struct profile *p = sample_profile();
	size_t len;
	char *t = to_text(p, &len);

	CHECK(!strncmp(t, "fgprof-profile 3\ntool 0.1.0\nkernel 6.1.0-18-amd64\n", 49));
	CHECK(strstr(t, "\nevent 0 0 2 cycles:pp\n"));
	CHECK(strstr(t, "\nrate freq 99\n"));
	CHECK(strstr(t, "\nflags 0x7\n"));
	CHECK(strstr(t, "\ntables 64 0 0 0 0 65536\n"));
	CHECK(strstr(t, "\nstart 1700000000123456789 123456789000\n"));
	CHECK(strstr(t, "\nstat samples 10\n"));
	CHECK(strstr(t, "\nmap 1234 55d0c0a02000 55d0c0a21000 2000 3f2a00e1 /usr/bin/my app\n"));
	CHECK(strstr(t, "\nkbuild 2401ab vmlinux\nkbuild 77aa nf_tables\n"));
	CHECK(strstr(t, "\nksym ffffffff81005000 ffffffff81005040 nf_hook_slow [nf_tables]\n"));
	CHECK(strstr(t, "\nmap 1234 7f0012000000 7f0012100000 0 - /lib/weird\\x5cname\\x0awith newline\n"));
	CHECK(strstr(t, "\nstack 1 k 0 ffffffff81002010,ffffffff81005005\n"));
	CHECK(strstr(t, "\nstack 3 u 1 55d0c0a01234\n"));
	CHECK(strstr(t, "\nsample on 1234 0 17 171717171 1 2 0 0 my app\n"));
	CHECK(strstr(t, "\nsample on 1234 0 1 1 0 3 0 0 \n"));
	CHECK(strstr(t, "\ntl 5000 1 1234 1235 1 2\n"));
	CHECK(strstr(t, "\nunit samples\n"));
	CHECK(strstr(t, "\nsample off 0 0 1 1 1 0 1 3  swapper/0 \n"));
	CHECK(len > 4 && !strcmp(t + len - 4, "end\n"));
	free(t);
	profile_free(p);
}

static void stacks_dedup_by_content_and_kind(void)
{
	static const uint64_t a[] = { 1, 2, 3 }, b[] = { 1, 2, 3 };
	struct profile *p = profile_new();
	uint32_t id1, id2, id3, id4, id5;

	CHECK(profile_add_stack(p, false, false, a, 3, &id1) == 0);
	CHECK(profile_add_stack(p, false, false, b, 3, &id2) == 0);
	CHECK(profile_add_stack(p, true, false, b, 3, &id3) == 0);
	CHECK(profile_add_stack(p, false, true, b, 3, &id4) == 0);
	CHECK(profile_add_stack(p, false, false, b, 2, &id5) == 0);
	CHECK(id1 == 1 && id2 == 1 && id3 == 2 && id4 == 3 && id5 == 4);
	CHECK(p->nr_stacks == 4 && p->nr_frames == 11);
	CHECK(profile_add_stack(p, false, false, a, 0, &id1) == -EINVAL);
	CHECK(profile_stack(p, 0) == NULL && profile_stack(p, 5) == NULL);
	profile_free(p);
}

static void samples_merge_by_key(void)
{
	struct profile *p = profile_new();
	struct profile_sample s = { .pid = 1, .tid = 2, .count = 3,
				    .period = 30, .kstack = 0, .ustack = 0,
				    .comm = "x" };

	CHECK(profile_add_sample(p, &s) == 0);
	CHECK(profile_add_sample(p, &s) == 0);
	s.tid = 3;
	CHECK(profile_add_sample(p, &s) == 0);
	s.tid = 2;
	snprintf(s.comm, sizeof(s.comm), "y");
	CHECK(profile_add_sample(p, &s) == 0);
	CHECK(p->nr_samples == 3);
	CHECK(p->samples[0].count == 6 && p->samples[0].period == 60);
	CHECK(profile_total_samples(p) == 12);
	profile_free(p);
}

static void maps_dedup_across_snapshots(void)
{
	struct profile *p = profile_new();
	struct profile_map m = { .pid = 1, .start = 0x1000, .end = 0x2000,
				 .path = "/bin/x" };

	CHECK(profile_add_map(p, &m) == 0);
	CHECK(profile_add_map(p, &m) == 0);
	CHECK(p->nr_maps == 1);
	m.build_id = "abcd";
	CHECK(profile_add_map(p, &m) == 0);
	m.pid = 2;
	CHECK(profile_add_map(p, &m) == 0);
	CHECK(p->nr_maps == 3);
	m.end = m.start;
	CHECK(profile_add_map(p, &m) == -EINVAL);
	profile_free(p);
}

static void save_replaces_the_file_atomically(void)
{
	struct profile *a = sample_profile(), *b = NULL;
	char dir[] = "/tmp/fgprof-unit-XXXXXX", path[64], tmp[80], err[256];

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/fgprof.data", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	CHECK(profile_save(a, path) == 0);
	CHECK(access(tmp, F_OK) != 0);
	CHECK(profile_load(path, &b, err, sizeof(err)) == 0);
	CHECK(b && b->nr_samples == 4);
	profile_free(b);
	unlink(path);
	rmdir(dir);

	CHECK(profile_load("/nonexistent/fgprof.data", &b, err, sizeof(err)) ==
	      -ENOENT);
	CHECK(strstr(err, "/nonexistent/fgprof.data") != NULL);
	CHECK(profile_save(a, "/nonexistent/dir/fgprof.data") == -ENOENT);
	profile_free(a);
}

/* Replaces the first occurrence of from in the sample file with to. */
static char *mutate(const char *from, const char *to)
{
	struct profile *p = sample_profile();
	size_t len;
	char *t = to_text(p, &len), *at = strstr(t, from), *out;

	profile_free(p);
	CHECK(at != NULL);
	if (!at)
		return t;
	out = malloc(len + strlen(to) + 1);
	memcpy(out, t, at - t);
	strcpy(out + (at - t), to);
	strcat(out, at + strlen(from));
	free(t);
	return out;
}

/* record --alloc's samples: kind "alloc", calls and bytes, both ways. */
static void alloc_samples_round_trip(void)
{
	char *t = mutate("\nsample on 1234 0 17 171717171 1 2 0 0 ",
			 "\nsample alloc 1234 0 17 4096 0 2 0 0 "), err[256];
	struct profile *p = from_text(t, err, sizeof(err));
	size_t i, len, n = 0;
	char *back;

	CHECK(p != NULL);
	for (i = 0; p && i < p->nr_samples; i++) {
		if (p->samples[i].kind != PROFILE_ALLOC)
			continue;
		n++;
		CHECK(p->samples[i].count == 17 && p->samples[i].period == 4096);
	}
	CHECK(n == 1);
	if (p) {
		back = to_text(p, &len);
		CHECK(strstr(back, "\nsample alloc 1234 0 17 4096 0 2 0 0 "));
		free(back);
		profile_free(p);
	}
	free(t);
}

static void malformed_files_name_the_line(void)
{
	static const struct {
		const char *from, *to, *want;
	} cases[] = {
		{ "fgprof-profile 3", "perf-data 3", "test.data:1: not an fgprof profile" },
		{ "fgprof-profile 3", "fgprof-profile 1", "test.data:1: profile format 1; this fgprof reads formats 2 to 3" },
		{ "fgprof-profile 3", "fgprof-profile 4", "test.data:1: profile format 4; this fgprof reads formats 2 to 3" },
		{ "fgprof-profile 3", "fgprof-profile x", "test.data:1: bad format version" },
		{ "fgprof-profile 3", "fgprof-profile 2", "ksym line in a format 2 file" },
		{ "\nkbuild 77aa nf_tables\n", "\nkbuild 77aa vmlinux\n", "kbuild 'vmlinux' given twice" },
		{ "\nkbuild 77aa nf_tables\n", "\nkbuild 77AA nf_tables\n", "bad build-id '77AA'" },
		{ "\nkbuild 77aa nf_tables\n", "\nkbuild 77aa\n", "kbuild name missing" },
		{ "\nksym ffffffff81005000 ", "\nksym ffffffff81001000 ", "ksym empty, out of order or overlapping" },
		{ "\nksym ffffffff81005000 ffffffff81005040", "\nksym ffffffff81005000 ffffffff81005000", "ksym empty" },
		{ "\nksym ffffffff81005000 ffffffff81005040", "\nksym ffffffff81002080 ffffffff81005040", "overlapping the one before" },
		{ "\nksym ffffffff81005000 ffffffff81005040 nf_hook_slow [nf_tables]", "\nksym ffffffff81005000 ffffffff81005040", "ksym name missing" },
		{ "\nend\n", "\n", "no 'end' line: the file is incomplete" },
		{ "\nend\n", "\nend\nstat samples 1\n", "data after 'end'" },
		{ "\nend\n", "\nend x\n", "unexpected 'x' at end of line" },
		{ "\ncpus 4\n", "\ncpus 4\ncpus 4\n", "test.data:12: 'cpus' given twice" },
		{ "\ncpus 4\n", "\n", "test.data:12: header incomplete: no 'cpus' line" },
		{ "\ncpus 4\n", "\ncpus 0\n", "test.data:11: cpus 0" },
		{ "\nstat samples 10\n", "\nstat samples 10\ncpus 4\n", "header line 'cpus' after the records" },
		{ "\nstat samples 10\n", "\nstat samples ten\n", "test.data:13: bad samples 'ten'" },
		{ "\nstat samples 10\n", "\nstat samples 10\nstat samples 1\n", "stat 'samples' given twice" },
		{ "\nstat samples 10\n", "\nstat bogus 1\n", "unknown stat 'bogus'" },
		{ "\nstat state 44\n", "\nstat state 99999999999\n", "stat 'state' out of range" },
		{ "\nrate freq 99\n", "\nrate often 99\n", "test.data:6: rate: expected 'freq' or 'period'" },
		{ "\nrate freq 99\n", "\nrate freq 0\n", "rate 0" },
		{ "\nrate freq 99\n", "\nrate freq -1\n", "bad rate '-1'" },
		{ "\nflags 0x7\n", "\nflags 0x40000000\n", "unknown flags 0x40000000" },
		{ "\nevent 0 0 2 ", "\nevent 0 0 4 ", "precise level 4 > 3" },
		{ "\nevent 0 0 2 cycles:pp", "\nevent 0 0 2", "event name missing" },
		{ "\ntables 64 0 0 0 0 65536\n", "\ntables 64 0 0 0 0\n", "timeline slots missing" },
		{ "\ntool 0.1.0\n", "\ntool 0.1.0\nfrobnicate 1\n", "test.data:3: unknown line 'frobnicate'" },
		{ "\nmap 1234 55d0c0a02000 55d0c0a21000", "\nmap 1234 55d0c0a21000 55d0c0a02000", "map start is not below its end" },
		{ " 3f2a00e1 /usr", " 3F2A00E1 /usr", "bad build-id '3F2A00E1'" },
		{ " 3f2a00e1 /usr", " 3f2a00e /usr", "bad build-id" },
		{ " 3f2a00e1 /usr/bin/my app", " 3f2a00e1 ", "path missing" },
		{ "/lib/weird\\x5cname", "/lib/weird\\qname", "path: bad escape" },
		{ "\nstack 1 k 0 ", "\nstack 2 k 0 ", "stack id 2 out of order (expected 1)" },
		{ "\nstack 1 k 0 ", "\nstack 1 x 0 ", "stack kind: expected 'k' or 'u'" },
		{ "\nstack 1 k 0 ", "\nstack 1 k 2 ", "stack truncated flag: expected 0 or 1" },
		{ "ffffffff81002010,ffffffff81005005", "ffffffff81002010,,ffffffff81005005", "bad address ''" },
		{ "ffffffff81002010,ffffffff81005005", "ffffffff8100201g", "bad address 'ffffffff8100201g'" },
		{ "ffffffff81002010,ffffffff81005005\n", "\n", "stack has no addresses" },
		{ "\nstack 3 u 1 55d0c0a01234\n", "\nstack 3 u 1 55d0c0a01234\nstack 4 u 1 55d0c0a01234\n", "stack 4 repeats stack 3" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample on 1234 0 17 171717171 1 9 0 0 ", "no stack 9 (stacks come before their use)" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample on 1234 0 17 171717171 2 2 0 0 ", "stack 2 is not a kernel stack" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample on 1234 0 17 171717171 1 1 0 0 ", "stack 1 is not a user stack" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample on 1234 0 0 171717171 1 2 0 0 ", "sample with count 0" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 my app\n", "\nsample on 1234 0 17 171717171 1\n", "user stack id missing" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 my app", "\nsample on 1234 0 17 171717171 1 2 0 0 a-comm-of-sixteen", "comm too long" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 my app", "\nsample on 1234 0 17 171717171 1 2 0 0 my\tapp", "comm: raw control character" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 my app", "\nsample on 1234 0 17 171717171 1 2 0 0 my\\x00", "comm: NUL byte" },
		{ "\nsample on 1234 0 17", "\nsample on 4294967296 0 17", "bad pid '4294967296'" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample maybe 1234 0 17 171717171 1 2 0 0 ", "sample kind: expected 'on', 'off' or 'alloc'" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample off 1234 0 17 171717171 1 2 2 0 ", "stack 2 is not a kernel stack" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 ", "\nsample off 1234 0 17 171717171 1 2 0 1 ", "stack 1 is not a user stack" },
		{ "\nsample on 1234 0 17 171717171 1 2 0 0 my app", "\nsample on 1234 0 17 171717171 1 2 0", "waker user stack id missing" },
		{ "\nunit samples\n", "\nunit two words\n", "one word expected" },
		{ "\nunit samples\n", "\n", "no 'unit' line" },
		{ "\ntl 5000 1 ", "\ntl 5000 4 ", "cpu 4, but the profile has 4" },
		{ "\ntl 5000 1 1234 1235 1 2\n", "\ntl 5000 1 1234 1235 1 2 3\n", "unexpected '3' at end of line" },
		{ "\ntl 5000 1 1234 1235 1 2\n", "\ntl 5000 1 1234 1235  1 2\n", "bad kernel stack id ''" },
	};
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = mutate(cases[i].from, cases[i].to);
		struct profile *p = from_text(text, err, sizeof(err));

		if (p)
			fprintf(stderr, "case %zu accepted\n", i);
		else if (!strstr(err, cases[i].want))
			fprintf(stderr, "case %zu: want '%s', got '%s'\n", i,
				cases[i].want, err);
		CHECK(p == NULL);
		CHECK(strstr(err, cases[i].want) != NULL);
		profile_free(p);
		free(text);
	}
	CHECK(from_text("", err, sizeof(err)) == NULL);
	CHECK(strstr(err, "empty file"));
}

/*
 * Stack addresses are read 8 digits a step where the line has 8 bytes
 * left, one at a time near its end: both read every spelling alike.
 */
static void addresses_read_alike_anywhere_on_the_line(void)
{
	static const struct {
		const char *text;
		uint64_t want;
	} good[] = {
		{ "0", 0 }, { "7", 7 }, { "0x7", 7 }, { "0X7f", 0x7f },
		{ "ABCDEF", 0xabcdef }, { "aBcDeF01", 0xabcdef01 },
		{ "123456789", 0x123456789 }, { "7f11b30f2ad7", 0x7f11b30f2ad7 },
		{ "ffffffff81002010", 0xffffffff81002010 },
		{ "FFFFFFFFFFFFFFFF", UINT64_MAX },
		{ "00000000000000000000ffffffff81002010", 0xffffffff81002010 },
		{ "0x00000000000000000001", 1 },
	};
	static const char *const bad[] = {
		"10000000000000000", "fffffffffffffffff", "0x", "x1", "-1",
		"1234567g", "12345678g", "123456789abcdefg", "12\xc3\xa9",
		"0x0x1", " 1",
	};
	/* Alone (at the line's end), first, and last after a long one. */
	static const char *const where[] = { "%s", "%s,1,2", "1234567890,%s" };
	char addrs[128], err[256], *t;
	struct profile *p;
	size_t i, w;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		for (w = 0; w < sizeof(where) / sizeof(where[0]); w++) {
			snprintf(addrs, sizeof(addrs), where[w], good[i].text);
			t = mutate("ffffffff81002010,ffffffff81005005", addrs);
			p = from_text(t, err, sizeof(err));
			CHECK(p != NULL);
			if (p && p->frames[p->stacks[0].first + (w == 2)] !=
				 good[i].want)
				fprintf(stderr, "'%s' read wrong\n", addrs);
			CHECK(p && p->frames[p->stacks[0].first + (w == 2)] ==
			      good[i].want);
			profile_free(p);
			free(t);
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (w = 0; w < sizeof(where) / sizeof(where[0]); w++) {
			snprintf(addrs, sizeof(addrs), where[w], bad[i]);
			t = mutate("ffffffff81002010,ffffffff81005005", addrs);
			p = from_text(t, err, sizeof(err));
			if (p)
				fprintf(stderr, "'%s' accepted\n", addrs);
			CHECK(p == NULL);
			profile_free(p);
			free(t);
		}
	}
}

static void a_counter_not_given_reads_zero(void)
{
	char *text = mutate("\nstat samples 10\n", "\n");
	char err[256];
	struct profile *p = from_text(text, err, sizeof(err));

	CHECK(p != NULL);
	CHECK(p && p->stats.samples == 0 && p->stats.recorded != 0);
	profile_free(p);
	free(text);
}

/* A format 2 file (before ksym lines) still reads, with no symbols. */
static void format_2_files_still_read(void)
{
	struct profile *p = sample_profile(), *b;
	char err[256], *t, *k;
	size_t len;

	kallsyms_free(&p->ksyms);
	while (p->nr_kbuilds) {
		p->nr_kbuilds--;
		free(p->kbuilds[p->nr_kbuilds].name);
		free(p->kbuilds[p->nr_kbuilds].build_id);
	}
	t = to_text(p, &len);
	profile_free(p);
	CHECK(!strncmp(t, "fgprof-profile 3\n", 17));
	t[15] = '2';
	CHECK(!strstr(t, "\nksym "));
	b = from_text(t, err, sizeof(err));
	CHECK(b != NULL);
	if (b) {
		CHECK(b->nr_stacks == 3 && b->nr_samples == 4 && !b->ksyms.nr);
		k = to_text(b, &len);
		/* Written back as the current format. */
		CHECK(!strncmp(k, "fgprof-profile 3\n", 17));
		free(k);
	}
	profile_free(b);
	free(t);
}

static void comments_and_blank_lines_are_ignored(void)
{
	char *text = mutate("\nstat samples 10\n",
			    "\n# a comment\n\nstat samples 10\n");
	char err[256];
	struct profile *p = from_text(text, err, sizeof(err));

	CHECK(p != NULL);
	profile_free(p);
	free(text);
}

int main(void)
{
	RUN(round_trip_keeps_everything);
	RUN(file_text_is_as_documented);
	RUN(stacks_dedup_by_content_and_kind);
	RUN(samples_merge_by_key);
	RUN(maps_dedup_across_snapshots);
	RUN(save_replaces_the_file_atomically);
	RUN(malformed_files_name_the_line);
	RUN(addresses_read_alike_anywhere_on_the_line);
	RUN(a_counter_not_given_reads_zero);
	RUN(comments_and_blank_lines_are_ignored);
	RUN(alloc_samples_round_trip);
	RUN(format_2_files_still_read);
	return UNIT_EXIT();
}
