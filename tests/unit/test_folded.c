// SPDX-License-Identifier: GPL-2.0
/*
 * user/folded.c from a synthetic profile: user frames in this binary (its
 * own maps), kernel frames from the kallsyms fixture.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "folded.h"
#include "mapsnap.h"
#include "unit.h"

static volatile int sink;

__attribute__((noinline)) int fold_inner(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i ^ n;
	return sink;
}

__attribute__((noinline)) int fold_outer(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += fold_inner(i) * 3;
	return sink + 1;
}

static uint32_t stack(struct profile *p, bool kernel, bool truncated,
		      const uint64_t *ips, uint32_t nr)
{
	uint32_t id = 0;

	CHECK(profile_add_stack(p, kernel, truncated, ips, nr, &id) == 0);
	return id;
}

static void sample(struct profile *p, uint32_t pid, uint32_t tid,
		   const char *comm, uint32_t k, uint32_t u, uint64_t count)
{
	struct profile_sample s = { .pid = pid, .tid = tid, .count = count,
				    .period = count, .kstack = k, .ustack = u };

	snprintf(s.comm, sizeof(s.comm), "%s", comm);
	CHECK(profile_add_sample(p, &s) == 0);
}

static struct profile *synthetic(void)
{
	uint64_t in = (uintptr_t)fold_inner, out = (uintptr_t)fold_outer;
	uint64_t u1[] = { in + 1, out + 4 };	/* innermost first */
	uint64_t u2[] = { in + 2, out + 4 };	/* other addresses, same names */
	uint64_t u3[] = { out + 4 };
	uint64_t u4[] = { 0x1234 };
	uint64_t k1[] = { 0xffffffff81002010, 0xffffffff81005005 };
	uint64_t k2[] = { 0xffffffff81001010 };
	struct profile *p = profile_new();
	uint32_t me = getpid();
	struct mapsnap s;

	mapsnap_init(&s, p);
	CHECK(mapsnap_take(&s, me) == 0);
	mapsnap_free(&s);
	p->hdr.kernel_text = 0xffffffff81000000ull;
	p->stats.drop_nested = 3;

	sample(p, me, me, "app", stack(p, true, false, k1, 2),
	       stack(p, false, false, u1, 2), 3);
	sample(p, me, me + 1, "app", stack(p, true, false, k1, 2),
	       stack(p, false, false, u2, 2), 2);
	sample(p, me, me, "app", 0, stack(p, false, true, u3, 1), 1);
	sample(p, 0x3ffffff0, 0, "other proc", 0, stack(p, false, false, u4, 1),
	       2);
	sample(p, 5, 5, "kworker/0:1", stack(p, true, true, k2, 1), 0, 4);
	sample(p, 6, 6, "a;b", 0, 0, 1);
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
		  "app;[truncated];fold_outer 1\n"
		  "app;fold_outer;fold_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n"
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
		 "\napp-%u;fold_outer;fold_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n",
		 me);
	CHECK(strstr(text, want) != NULL);
	CHECK(strstr(text, "\nother proc-1073741808;[unknown] 2\n"));
	free(text);

	o.pid = false;
	o.tid = true;
	text = fold(p, &o, "kallsyms", &sum);
	snprintf(want, sizeof(want),
		 "\napp-%u/%u;fold_outer;fold_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 3\n",
		 me, me);
	CHECK(strstr(text, want) != NULL);
	snprintf(want, sizeof(want),
		 "\napp-%u/%u;fold_outer;fold_inner;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 2\n",
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
		  "app;[truncated];fold_outer 1\n"
		  "app;fold_outer;fold_inner 5\n"
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

int main(void)
{
	sink = fold_outer(2);
	RUN(lines_are_merged_sorted_and_suffixed);
	RUN(pid_and_tid_roots);
	RUN(kernel_only_and_user_only);
	RUN(hidden_kernel_symbols_are_unknown_frames);
	RUN(summary_without_output);
	return UNIT_EXIT();
}
