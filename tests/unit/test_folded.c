// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/folded.c from a synthetic profile: user frames in this binary (its
 * own maps), kernel frames from the kallsyms fixture.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "folded.h"
#include "foldparse.h"
#include "selfprof.h"
#include "unit.h"

static struct profile *synthetic(void)
{
	uint64_t in = (uintptr_t)self_inner, out = (uintptr_t)self_outer;
	uint64_t u1[] = { in + 1, out + 4 };	/* innermost first */
	uint64_t u2[] = { in + 2, out + 4 };	/* other addresses, same names */
	uint64_t u3[] = { out + 4 };
	uint64_t u4[] = { 0x1234 };
	uint64_t k1[] = { 0xffffffff81002010, 0xffffffff81005005 };
	uint64_t k2[] = { 0xffffffff81001010 };
	struct profile *p = self_profile();
	uint32_t me = getpid();

	p->hdr.kernel_text = 0xffffffff81000000ull;
	p->stats.drop_nested = 3;

	self_sample(p, me, me, "app", self_stack(p, true, false, k1, 2),
	       self_stack(p, false, false, u1, 2), 3);
	self_sample(p, me, me + 1, "app", self_stack(p, true, false, k1, 2),
	       self_stack(p, false, false, u2, 2), 2);
	self_sample(p, me, me, "app", 0, self_stack(p, false, true, u3, 1), 1);
	self_sample(p, 0x3ffffff0, 0, "other proc", 0, self_stack(p, false, false, u4, 1),
	       2);
	self_sample(p, 5, 5, "kworker/0:1", self_stack(p, true, true, k2, 1), 0, 4);
	self_sample(p, 6, 6, "a;b", 0, 0, 1);
	return p;
}

static char *fold(const struct profile *p, const struct folded_opts *o,
		  const char *kallsyms, struct folded_summary *sum)
{
	struct sym_opts so = { .kallsyms = unit_data(kallsyms) };
	struct symbolizer *s = symbolizer_new(p, &so);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(folded_write(f, p, s, o, sum) == 0);
	fclose(f);
	symbolizer_free(s);
	return buf;
}

static void lines_are_merged_sorted_and_suffixed(void)
{
	struct profile *p = synthetic();
	struct folded_opts o = { 0 };
	struct folded_summary sum;
	char *text = fold(p, &o, "kallsyms", &sum);

	CHECK_STR(text,
		  "a:b 1\n"
		  "app;[truncated];self_outer 1\n"
		  "app;self_outer;self_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n"
		  "kworker/0:1;[truncated]_[k];do_one_initcall_[k] 4\n"
		  "other proc;[unknown] 2\n");
	CHECK(sum.samples == 13);
	CHECK(sum.unresolved == 2);
	CHECK(sum.truncated == 5);
	CHECK(sum.lines == 5);
	CHECK(!sum.no_tids);
	free(text);
	profile_free(p);
}

static void pid_and_tid_roots(void)
{
	struct profile *p = synthetic();
	struct folded_opts o = { .pid = true };
	struct folded_summary sum;
	char want[256], *text;
	uint32_t me = getpid();

	text = fold(p, &o, "kallsyms", &sum);
	snprintf(want, sizeof(want),
		 "\napp-%u;self_outer;self_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n",
		 me);
	CHECK(strstr(text, want) != NULL);
	CHECK(strstr(text, "\nother proc-1073741808;[unknown] 2\n"));
	free(text);

	o.pid = false;
	o.tid = true;
	text = fold(p, &o, "kallsyms", &sum);
	snprintf(want, sizeof(want),
		 "\napp-%u/%u;self_outer;self_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 3\n",
		 me, me);
	CHECK(strstr(text, want) != NULL);
	snprintf(want, sizeof(want),
		 "\napp-%u/%u;self_outer;self_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 2\n",
		 me, me + 1);
	CHECK(strstr(text, want) != NULL);
	/* No thread id recorded: comm-PID, and the report says so. */
	CHECK(strstr(text, "\nother proc-1073741808;[unknown] 2\n"));
	CHECK(sum.no_tids);
	CHECK(sum.lines == 6);
	free(text);
	profile_free(p);
}

static void kernel_only_and_user_only(void)
{
	struct profile *p = synthetic();
	struct folded_opts o = { .kernel_only = true };
	struct folded_summary sum;
	char *text = fold(p, &o, "kallsyms", &sum);

	CHECK_STR(text,
		  "a:b 1\n"
		  "app 1\n"
		  "app;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n"
		  "kworker/0:1;[truncated]_[k];do_one_initcall_[k] 4\n"
		  "other proc 2\n");
	CHECK(sum.unresolved == 0 && sum.truncated == 4);
	free(text);

	o.kernel_only = false;
	o.user_only = true;
	text = fold(p, &o, "kallsyms", &sum);
	CHECK_STR(text,
		  "a:b 1\n"
		  "app;[truncated];self_outer 1\n"
		  "app;self_outer;self_inner 5\n"
		  "kworker/0:1 4\n"
		  "other proc;[unknown] 2\n");
	CHECK(sum.unresolved == 2 && sum.truncated == 1);
	free(text);
	profile_free(p);
}

static void hidden_kernel_symbols_are_unknown_frames(void)
{
	struct profile *p = synthetic();
	struct folded_opts o = { .kernel_only = true };
	struct folded_summary sum;
	char *text = fold(p, &o, "kallsyms-hidden", &sum);

	CHECK(strstr(text, "\napp;[unknown]_[k];[unknown]_[k] 5\n"));
	CHECK(sum.unresolved == 5 + 4);
	free(text);
	profile_free(p);
}

static void summary_without_output(void)
{
	struct profile *p = synthetic();
	struct sym_opts so = { .kallsyms = unit_data("kallsyms") };
	struct symbolizer *s = symbolizer_new(p, &so);
	struct folded_opts o = { 0 };
	struct folded_summary sum;

	CHECK(folded_write(NULL, p, s, &o, &sum) == 0);
	CHECK(sum.samples == 13 && sum.lines == 5);
	symbolizer_free(s);
	profile_free(p);
}

static void add(struct profile *p, const struct profile_sample *tmpl,
		const char *comm)
{
	struct profile_sample s = *tmpl;

	snprintf(s.comm, sizeof(s.comm), "%s", comm);
	CHECK(profile_add_sample(p, &s) == 0);
}

/* A profile in ns weighs each line by its samples' summed period. */
static void values_are_in_the_profile_unit(void)
{
	struct profile *p = synthetic();
	struct folded_opts o = { .user_only = true };
	struct folded_summary sum;
	char *text;
	size_t i;

	snprintf(p->hdr.unit, sizeof(p->hdr.unit), "%s", PROFILE_UNIT_NS);
	for (i = 0; i < p->nr_samples; i++)
		p->samples[i].period = p->samples[i].count * 1000;
	text = fold(p, &o, "kallsyms", &sum);
	CHECK_STR(text,
		  "a:b 1000\n"
		  "app;[truncated];self_outer 1000\n"
		  "app;self_outer;self_inner 5000\n"
		  "kworker/0:1 4000\n"
		  "other proc;[unknown] 2000\n");
	CHECK(sum.samples == 13000 && sum.unresolved == 2000 &&
	      sum.truncated == 1000);
	free(text);
	profile_free(p);
}

/*
 * Wall-clock: on- and off-CPU samples together; blocked stacks end in
 * "[off-cpu]", then "--" and the waker's stacks leaf first, "_[w]".
 */
static void off_cpu_stacks_and_wakers(void)
{
	uint64_t in = (uintptr_t)self_inner, out = (uintptr_t)self_outer;
	uint64_t u1[] = { in + 1, out + 4 };
	uint64_t ksched[] = { 0xffffffffc0001010, 0xffffffff81002010 };
	uint64_t kwake[] = { 0xffffffff81002010, 0xffffffff81005005 };
	struct profile *p = synthetic();
	struct profile_sample s = { .pid = getpid(), .count = 1,
				    .kind = PROFILE_OFF_CPU };
	struct folded_opts o = { 0 };
	struct folded_summary sum;
	char *text;

	snprintf(p->hdr.unit, sizeof(p->hdr.unit), "%s", PROFILE_UNIT_NS);
	s.ustack = self_stack(p, false, false, u1, 2);
	s.kstack = self_stack(p, true, false, ksched, 2);
	s.period = 7000;
	add(p, &s, "sleeper");			/* no waker known */
	s.wkstack = self_stack(p, true, false, kwake, 2);
	s.wustack = s.ustack;
	s.period = 9000;
	add(p, &s, "woken");
	text = fold(p, &o, "kallsyms", &sum);
	CHECK(strstr(text, "\nsleeper;self_outer;self_inner;__x64_sys_read_[k];ext4_file_read_iter [ext4]_[k];[off-cpu] 7000\n"));
	CHECK(strstr(text, "\nwoken;self_outer;self_inner;__x64_sys_read_[k];ext4_file_read_iter [ext4]_[k];[off-cpu];--;"
			   "__x64_sys_read_[w];asm_sysvec_apic_timer_interrupt_[w];self_inner_[w];self_outer_[w] 9000\n"));
	/* On-CPU lines keep their shape (synthetic's periods: counts). */
	CHECK(strstr(text, "\napp;self_outer;self_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n"));
	free(text);

	/* --user-only drops the kernel halves, the waker's too. */
	o.user_only = true;
	text = fold(p, &o, "kallsyms", &sum);
	CHECK(strstr(text, "\nwoken;self_outer;self_inner;[off-cpu];--;self_inner_[w];self_outer_[w] 9000\n"));
	free(text);
	profile_free(p);

	/* Off-CPU only: no "[off-cpu]" leaf, every stack is off-CPU. */
	p = profile_new();
	snprintf(p->hdr.unit, sizeof(p->hdr.unit), "%s", PROFILE_UNIT_NS);
	p->hdr.kernel_text = 0xffffffff81000000ull;
	s.ustack = 0;
	s.kstack = self_stack(p, true, false, ksched, 2);
	s.wkstack = self_stack(p, true, true, kwake, 2);
	s.wustack = 0;
	o.user_only = false;
	add(p, &s, "woken");
	text = fold(p, &o, "kallsyms", &sum);
	CHECK_STR(text, "woken;__x64_sys_read_[k];ext4_file_read_iter [ext4]_[k];--;"
			"__x64_sys_read_[w];asm_sysvec_apic_timer_interrupt_[w];[truncated]_[w] 9000\n");
	CHECK(sum.truncated == 9000);
	free(text);
	profile_free(p);
}

/* What folded_print writes, folded_parse reads back the same. */
static void folded_text_round_trips(void)
{
	struct profile *p = synthetic();
	struct folded_opts o = { .pid = true };
	struct folded_summary sum;
	struct folded_stacks fs;
	char *text = fold(p, &o, "kallsyms", &sum), *again = NULL, err[256];
	size_t len;
	FILE *in = fmemopen(text, strlen(text), "r");
	FILE *out = open_memstream(&again, &len);

	CHECK(folded_parse(in, "test", &fs, err, sizeof(err)) == 0);
	CHECK(fs.nr == sum.lines);
	CHECK(folded_print(out, &fs) == 0);
	fclose(out);
	fclose(in);
	CHECK_STR(again, text);
	folded_stacks_free(&fs);
	free(again);
	free(text);
	profile_free(p);
}

int main(void)
{
	self_sink = self_outer(2);
	RUN(lines_are_merged_sorted_and_suffixed);
	RUN(pid_and_tid_roots);
	RUN(kernel_only_and_user_only);
	RUN(hidden_kernel_symbols_are_unknown_frames);
	RUN(summary_without_output);
	RUN(values_are_in_the_profile_unit);
	RUN(off_cpu_stacks_and_wakers);
	RUN(folded_text_round_trips);
	return UNIT_EXIT();
}
