/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A synthetic profile with a known shape, for the tests of the formats
 * (pprof, speedscope, perf-script, heatmap) and of --time-range: user
 * frames are this test binary's own functions (found through its own
 * maps), kernel frames the kallsyms fixture's. Two seconds of a
 * cpu-clock recording at 100 Hz, each second alike:
 *
 *   0.05 .. 0.45 s  5 records  app: synth_main -> synth_hot_a (in
 *                              synth_inl, inlined into it, when the
 *                              symbolizer reads inline chains)
 *   0.55 .. 0.75 s  3 records  app: synth_main -> synth_hot_b -> kernel
 *                              asm_sysvec_apic_timer_interrupt -> __x64_sys_read
 *   0.90 s          1 record   swapper/0 (pid 0): do_one_initcall (idle)
 *
 * so 10, 6 and 2 samples, each of 10 ms, whose sample entries match the
 * timeline.
 */
#ifndef FGPROF_UNIT_SYNTH_H
#define FGPROF_UNIT_SYNTH_H

#include <stdint.h>
#include <unistd.h>

#include "folded.h"
#include "mapsnap.h"
#include "profile.h"
#include "symbolize.h"
#include "unit.h"

#define SYNTH_START_MONO	1000000000000ull	/* 1000 s */
#define SYNTH_START_REAL	1700000000000000000ull
#define SYNTH_PERIOD		10000000ull		/* 10 ms */
#define SYNTH_CPU_CLOCK_TYPE	1			/* PERF_TYPE_SOFTWARE */

static volatile int synth_sink;

/*
 * An address inside an inlined function: the asm stores the address of
 * its nop (code of synth_inl, wherever gcc puts it in synth_hot_a) in
 * synth_inl_addr. synth_inl is inlined once, so the label is defined once.
 */
extern const uint64_t synth_inl_addr;

static inline __attribute__((always_inline)) int synth_inl(int n)
{
	asm volatile("1: nop\n\t"
		     ".pushsection .data\n\t"
		     ".balign 8\n\t"
		     ".globl synth_inl_addr\n"
		     "synth_inl_addr: .quad 1b\n\t"
		     ".popsection" ::: "memory");
	return n * 7;
}

__attribute__((noinline)) int synth_hot_a(int n)
{
	int i;

	for (i = 0; i < n; i++)
		synth_sink += i ^ synth_inl(n);
	return synth_sink;
}

__attribute__((noinline)) int synth_hot_b(int n)
{
	int i;

	for (i = 0; i < n; i++)
		synth_sink += i * n;
	return synth_sink;
}

__attribute__((noinline)) int synth_main(int n)
{
	int i;

	for (i = 0; i < n; i++)
		synth_sink += synth_hot_a(i) + synth_hot_b(i) * 3;
	return synth_sink + 1;
}

static inline uint32_t synth_stack(struct profile *p, bool kernel,
				   const uint64_t *ips, uint32_t nr)
{
	uint32_t id = 0;

	CHECK(profile_add_stack(p, kernel, false, ips, nr, &id) == 0);
	return id;
}

static inline void synth_add(struct profile *p, uint32_t pid,
			     const char *comm, uint32_t k, uint32_t u,
			     const double *offs, int n)
{
	struct profile_sample s = { .pid = pid, .tid = pid, .kstack = k,
				    .ustack = u, .kind = PROFILE_ON_CPU };
	int sec, i;

	snprintf(s.comm, sizeof(s.comm), "%s", comm);
	for (sec = 0; sec < 2; sec++) {
		for (i = 0; i < n; i++) {
			struct profile_tl t = {
				.time_ns = SYNTH_START_MONO +
					   (uint64_t)((sec + offs[i]) * 1e9),
				.cpu = i % 2, .pid = pid, .tid = pid,
				.kstack = k, .ustack = u,
			};

			CHECK(profile_add_timeline(p, &t) == 0);
			s.count++;
			s.period += SYNTH_PERIOD;
		}
	}
	CHECK(profile_add_sample(p, &s) == 0);
}

static inline struct profile *synth_profile(void)
{
	uint64_t ua[] = { synth_inl_addr, (uintptr_t)synth_main + 4 };
	uint64_t ub[] = { (uintptr_t)synth_hot_b + 1, (uintptr_t)synth_main + 4 };
	uint64_t k1[] = { 0xffffffff81002010, 0xffffffff81005005 };
	uint64_t k2[] = { 0xffffffff81001010 };
	const double a[] = { 0.05, 0.15, 0.25, 0.35, 0.45 };
	const double b[] = { 0.55, 0.65, 0.75 };
	const double idle[] = { 0.90 };
	struct profile *p = profile_new();
	uint32_t me = getpid();
	struct mapsnap s;

	mapsnap_init(&s, p);
	CHECK(mapsnap_take(&s, me) == 0);
	mapsnap_free(&s);
	snprintf(p->hdr.tool, sizeof(p->hdr.tool), "test");
	snprintf(p->hdr.kernel, sizeof(p->hdr.kernel), "6.1.0-test");
	snprintf(p->hdr.event, sizeof(p->hdr.event), "cpu-clock");
	snprintf(p->hdr.unit, sizeof(p->hdr.unit), PROFILE_UNIT_SAMPLES);
	p->hdr.event_type = SYNTH_CPU_CLOCK_TYPE;
	p->hdr.event_config = 0;
	p->hdr.freq = true;
	p->hdr.rate = 100;
	p->hdr.kernel_text = 0xffffffff81000000ull;
	p->hdr.start_realtime_ns = SYNTH_START_REAL;
	p->hdr.start_monotonic_ns = SYNTH_START_MONO;
	p->hdr.duration_ns = 2000000000ull;
	p->hdr.nr_cpus = 2;
	synth_add(p, me, "app", 0, synth_stack(p, false, ua, 2), a, 5);
	synth_add(p, me, "app", synth_stack(p, true, k1, 2),
		  synth_stack(p, false, ub, 2), b, 3);
	synth_add(p, 0, "swapper/0", synth_stack(p, true, k2, 1), 0, idle, 1);
	return p;
}

/* Does the symbolizer see synth_inl inlined in synth_hot_a? */
static inline bool synth_has_inline(struct symbolizer *s)
{
	struct sym_frame f[SYM_MAX_FRAMES];
	int n = symbolize_user_frames(s, getpid(), synth_inl_addr, false, f,
				      SYM_MAX_FRAMES);

	return n >= 2 && !strcmp(f[0].name, "synth_inl") &&
	       !strcmp(f[n - 1].name, "synth_hot_a");
}

static inline struct symbolizer *synth_symbolizer(const struct profile *p)
{
	struct sym_opts so = { .kallsyms = unit_data("kallsyms") };

	return symbolizer_new(p, &so);
}

/*
 * An address of synth_main on another source line than synth_main + 4
 * (the synthetic stacks' one), both as return addresses (looked up one
 * byte back, as a caller's frame is), 0 if none: for a function seen at
 * two lines.
 */
static inline uint64_t synth_main_other_line(struct symbolizer *s)
{
	struct sym_frame a[SYM_MAX_FRAMES], b[SYM_MAX_FRAMES];
	uint64_t base = (uintptr_t)synth_main;
	int na, nb, off;

	na = symbolize_user_frames(s, getpid(), base + 4, true, a,
				   SYM_MAX_FRAMES);
	for (off = 5; off < 128; off++) {
		nb = symbolize_user_frames(s, getpid(), base + off, true, b,
					   SYM_MAX_FRAMES);
		if (nb == 1 && na == 1 && b[0].name == a[0].name &&
		    b[0].line && b[0].line != a[0].line)
			return base + off;
	}
	return 0;
}

/* The folded output of p with o, as `fgprof report` prints it. */
static inline char *synth_folded(const struct profile *p,
				 const struct folded_opts *o)
{
	struct symbolizer *s = synth_symbolizer(p);
	struct folded_summary sum;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(folded_write(f, p, s, o, &sum) == 0);
	fclose(f);
	symbolizer_free(s);
	return buf;
}

#endif
