// SPDX-License-Identifier: GPL-2.0
/*
 * user/symbols/symbolize.c: this test binary's own functions, found through its
 * own /proc/self/maps as `fgprof record` would have saved them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "buildid.h"
#include "kallsyms.h"
#include "mapsnap.h"
#include "symbolize.h"
#include "unit.h"

static volatile int sink;

int main(void);

__attribute__((noinline)) int unit_known_function(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i * n;
	return sink;
}

static struct profile *self_profile(void)
{
	struct profile *p = profile_new();
	struct mapsnap s;

	mapsnap_init(&s, p);
	CHECK(mapsnap_take(&s, getpid()) == 0);
	mapsnap_free(&s);
	snprintf(p->hdr.kernel, sizeof(p->hdr.kernel), "test");
	p->hdr.kernel_text = 0xffffffff81000000ull;	/* the fixture's */
	return p;
}

static void own_function_by_address(void)
{
	struct profile *p = self_profile();
	struct symbolizer *s = symbolizer_new(p, NULL);
	uintptr_t fn = (uintptr_t)unit_known_function;
	bool ok = false;

	CHECK_STR(symbolize_user(s, getpid(), fn, false, &ok),
		  "unit_known_function");
	CHECK(ok);
	CHECK_STR(symbolize_user(s, getpid(), fn + 3, false, &ok),
		  "unit_known_function");
	/* A return address one past the function's start is still in it. */
	CHECK_STR(symbolize_user(s, getpid(), fn + 1, true, &ok),
		  "unit_known_function");
	CHECK_STR(symbolize_user(s, getpid(), (uintptr_t)main, false, &ok),
		  "main");
	symbolizer_free(s);
	profile_free(p);
}

static void shared_library_function(void)
{
	struct profile *p = self_profile();
	struct symbolizer *s = symbolizer_new(p, NULL);
	bool ok = false;
	const char *name = symbolize_user(s, getpid(), (uintptr_t)getppid,
					  false, &ok);

	CHECK(ok);
	CHECK(strstr(name, "getppid") != NULL);
	symbolizer_free(s);
	profile_free(p);
}

static void unmapped_and_unknown_pids_are_unknown(void)
{
	struct profile *p = self_profile();
	struct symbolizer *s = symbolizer_new(p, NULL);
	bool ok = true;

	CHECK_STR(symbolize_user(s, getpid(), 0x10, false, &ok), "[unknown]");
	CHECK(!ok);
	ok = true;
	CHECK_STR(symbolize_user(s, getpid() + 1,
				 (uintptr_t)unit_known_function, false, &ok),
		  "[unknown]");
	CHECK(!ok);
	symbolizer_free(s);
	profile_free(p);
}

static void file_without_symbols_is_name_plus_offset(void)
{
	struct profile *p = profile_new();
	struct profile_map gone = { .pid = 7, .start = 0x7f0000000000,
				    .end = 0x7f0000100000, .offset = 0x2000,
				    .path = "/nonexistent/libgone.so" };
	struct profile_map vdso = { .pid = 7, .start = 0x7ffd00000000,
				    .end = 0x7ffd00002000, .path = "[vdso]" };
	struct symbolizer *s;
	bool ok = true;

	CHECK(profile_add_map(p, &gone) == 0);
	CHECK(profile_add_map(p, &vdso) == 0);
	s = symbolizer_new(p, NULL);
	/* The file cannot be read: its file offset. */
	CHECK_STR(symbolize_user(s, 7, 0x7f0000000123, false, &ok),
		  "libgone.so+0x2123");
	CHECK(!ok);
	CHECK_STR(symbolize_user(s, 7, 0x7ffd00000abc, true, &ok),
		  "[vdso]+0xabc");
	CHECK(!ok);
	symbolizer_free(s);
	profile_free(p);
}

/* A file that is not the one recorded must not lend its names. */
static void build_id_mismatch_is_not_trusted(void)
{
	struct profile *p = self_profile();
	struct profile *q = profile_new();
	struct symbolizer *s;
	bool ok = true;
	size_t i;

	for (i = 0; i < p->nr_maps; i++) {
		struct profile_map m = p->maps[i];

		if (m.build_id)
			m.build_id = "00112233445566778899aabbccddeeff00112233";
		CHECK(profile_add_map(q, &m) == 0);
	}
	s = symbolizer_new(q, NULL);
	CHECK(strstr(symbolize_user(s, getpid(),
				    (uintptr_t)unit_known_function, false,
				    &ok), "test_symbolize+0x") != NULL);
	CHECK(!ok);
	symbolizer_free(s);
	profile_free(q);
	profile_free(p);
}

static void kernel_addresses_through_kallsyms(void)
{
	struct profile *p = self_profile();
	struct sym_opts o = { .kallsyms = unit_data("kallsyms") };
	struct symbolizer *s = symbolizer_new(p, &o);
	bool ok = false;

	CHECK(symbolizer_kernel_warning(s) == NULL);
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "__x64_sys_read");
	CHECK(ok);
	/* A return address right after a function's end is that function. */
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002100, true, &ok),
		  "__x64_sys_read");
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002100, false, &ok),
		  "weak_helper");
	CHECK_STR(symbolize_kernel(s, 0x1000, false, &ok), "[unknown]");
	CHECK(!ok);
	CHECK(symbolizer_kernel_warning(s) == NULL);
	symbolizer_free(s);
	profile_free(p);
}

static void hidden_or_foreign_kernel_symbols_are_not_used(void)
{
	struct profile *p = self_profile();
	struct sym_opts o = { .kallsyms = unit_data("kallsyms-hidden") };
	struct symbolizer *s = symbolizer_new(p, &o);
	bool ok = true;

	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "[unknown]");
	CHECK(!ok);
	CHECK_STR(symbolizer_kernel_warning(s), KALLSYMS_HIDDEN_MSG);
	symbolizer_free(s);

	/* Recorded on a boot where _text was elsewhere (KASLR). */
	p->hdr.kernel_text = 0xffffffff9a000000ull;
	o.kallsyms = unit_data("kallsyms");
	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "[unknown]");
	CHECK(symbolizer_kernel_warning(s) &&
	      strstr(symbolizer_kernel_warning(s), "another boot"));
	symbolizer_free(s);

	/* No _text recorded: the release must match this machine's. */
	p->hdr.kernel_text = 0;
	snprintf(p->hdr.kernel, sizeof(p->hdr.kernel), "0.0.1-not-this-one");
	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "[unknown]");
	CHECK(symbolizer_kernel_warning(s) &&
	      strstr(symbolizer_kernel_warning(s), "0.0.1-not-this-one"));
	symbolizer_free(s);

	o.kallsyms = "/nonexistent/kallsyms";
	p->hdr.kernel_text = 0xffffffff81000000ull;
	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "[unknown]");
	CHECK(symbolizer_kernel_warning(s) &&
	      strstr(symbolizer_kernel_warning(s), "/nonexistent/kallsyms"));
	symbolizer_free(s);
	profile_free(p);
}

/*
 * The profile's own symbols name its kernel frames whatever this machine
 * runs; --kallsyms FILE, given, is used instead, and says so when it
 * names none of them.
 */
static void profile_symbols_first_kallsyms_file_as_asked(void)
{
	struct profile *p = self_profile();
	struct sym_opts o = { .kallsyms = unit_data("kallsyms") };
	struct symbolizer *s;
	bool ok = false;

	CHECK(kallsyms_add(&p->ksyms, 0xffffffff81002000, 0xffffffff81002080,
			   "recorded_read [mod]") == 0);
	s = symbolizer_new(p, NULL);
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "recorded_read [mod]");
	CHECK(ok);
	/* Past its recorded end: not stretched over the next function. */
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002080, false, &ok),
		  "[unknown]");
	CHECK(symbolizer_kernel_warning(s) == NULL);
	symbolizer_free(s);

	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_kernel(s, 0xffffffff81002010, false, &ok),
		  "__x64_sys_read");
	CHECK(symbolizer_kernel_warning(s) == NULL);
	symbolizer_free(s);

	/* Same boot by _text, but not one address in its symbols. */
	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_kernel(s, 0xffffffff70000000, false, &ok),
		  "[unknown]");
	CHECK(symbolizer_kernel_warning(s) &&
	      strstr(symbolizer_kernel_warning(s),
		     "named none of the 1 kernel frames (another kernel"));
	CHECK(strstr(symbolizer_kernel_warning(s), "own kernel symbols"));
	symbolizer_free(s);
	profile_free(p);
}

/* Leaves a pattern where the next calls keep their locals. */
__attribute__((noinline)) static void dirty_stack(void)
{
	volatile int junk[16384];
	size_t i;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		junk[i] = 1418;
}

extern char _start[];

/*
 * A line number means something only with its file, as DWARF gave both:
 * code without line info (_start, libc without debug info, ld.so) has
 * neither, whatever the stack held before.
 */
static void line_only_with_its_file(void)
{
	struct profile *p = self_profile();
	struct symbolizer *s = symbolizer_new(p, NULL);
	struct sym_frame f[SYM_MAX_FRAMES];
	uintptr_t addrs[] = { (uintptr_t)_start, (uintptr_t)_start + 4,
			      (uintptr_t)getppid, (uintptr_t)getppid + 2,
			      (uintptr_t)unit_known_function + 3 };
	size_t i;
	int n, j, bad = 0, with_line = 0;

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		dirty_stack();
		n = symbolize_user_frames(s, getpid(), addrs[i], false, f,
					  SYM_MAX_FRAMES);
		for (j = 0; j < n; j++) {
			if (f[j].line && !f[j].file) {
				printf("# %s :%d has no file\n", f[j].name,
				       f[j].line);
				bad++;
			}
			with_line += f[j].line > 0;
		}
	}
	CHECK(bad == 0);
	/* This binary is built with -g: its own function has its line. */
	CHECK(with_line > 0);
	symbolizer_free(s);
	profile_free(p);
}

int main(void)
{
	sink = unit_known_function(3);
	RUN(own_function_by_address);
	RUN(shared_library_function);
	RUN(unmapped_and_unknown_pids_are_unknown);
	RUN(file_without_symbols_is_name_plus_offset);
	RUN(build_id_mismatch_is_not_trusted);
	RUN(kernel_addresses_through_kallsyms);
	RUN(hidden_or_foreign_kernel_symbols_are_not_used);
	RUN(profile_symbols_first_kallsyms_file_as_asked);
	RUN(line_only_with_its_file);
	return UNIT_EXIT();
}
