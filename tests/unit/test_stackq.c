// SPDX-License-Identifier: GPL-2.0
/*
 * user/profile/stackq.c, the stack-quality report, on a program built here and a
 * stripped copy of it (symbols gone, .eh_frame kept): which stacks reach
 * an entry point, by name and by CFI; the shares it prints against
 * sample counts chosen here; and the naming of stripped code by the
 * start of its FDE (issue #17 point 5).
 */
#include <stdlib.h>

#include "stackq.h"
#include "symbolize.h"
#include "symtest.h"
#include "unit.h"

static const char prog_src[] =
	"__attribute__((noinline)) int leaf_a(int x) { return x * 3 + 1; }\n"
	"__attribute__((noinline)) int leaf_b(int x)\n"
	"{ int i, s = 0; for (i = 0; i < x; i++) s += leaf_a(i); return s; }\n"
	"int main(int argc, char **argv) { (void)argv; return leaf_b(argc); }\n";

static char prog[128], stripped[128], noeh[128];
static struct symtest_elf e_start, e_main, e_a, e_b;

/* The program and its stripped copy; false when gcc or strip failed. */
static bool build(void)
{
	char src[128];
	FILE *f;

	snprintf(src, sizeof(src), "%s/prog.c", symtest_dir);
	snprintf(prog, sizeof(prog), "%s/prog", symtest_dir);
	snprintf(stripped, sizeof(stripped), "%s/prog.stripped", symtest_dir);
	snprintf(noeh, sizeof(noeh), "%s/prog.noeh", symtest_dir);
	f = fopen(src, "w");
	if (!f)
		return false;
	fputs(prog_src, f);
	fclose(f);
	return !symtest_sh("gcc -O1 -o %s %s", prog, src) &&
	       !symtest_sh("strip -o %s %s", stripped, prog) &&
	       !symtest_sh("objcopy -R .eh_frame -R .eh_frame_hdr %s %s",
			   prog, noeh) &&
	       !symtest_read_elf(prog, "_start", &e_start) &&
	       !symtest_read_elf(prog, "main", &e_main) &&
	       !symtest_read_elf(prog, "leaf_a", &e_a) &&
	       !symtest_read_elf(prog, "leaf_b", &e_b);
}

static uint64_t at(const struct symtest_elf *e, uint64_t off)
{
	return SYMTEST_BASE + e->sym_value + off;
}

static void entry_names(void)
{
	CHECK(stackq_entry_name("_start"));
	CHECK(stackq_entry_name("main"));
	CHECK(stackq_entry_name("__libc_start_call_main"));
	CHECK(stackq_entry_name("clone3"));
	CHECK(stackq_entry_name("start_thread"));
	CHECK(stackq_entry_name("_dl_start_user"));
	CHECK(stackq_entry_name("__libc_start_main@@GLIBC_2.34"));
	CHECK(stackq_entry_name("clone@GLIBC_2.2.5"));
	CHECK(!stackq_entry_name("clone_file@GLIBC_2.2.5"));
	CHECK(!stackq_entry_name("@main"));
	CHECK(!stackq_entry_name("mainloop"));
	CHECK(!stackq_entry_name("leaf_a"));
	CHECK(!stackq_entry_name(""));
}

/* A sample of count n on the user stack ips[nr]. */
static void add(struct profile *p, const uint64_t *ips, uint32_t nr,
		bool truncated, uint64_t n)
{
	struct profile_sample s = { .pid = SYMTEST_PID, .tid = 0, .count = n,
				    .period = n, .kind = PROFILE_ON_CPU };

	CHECK(profile_add_stack(p, false, truncated, ips, nr, &s.ustack) == 0);
	snprintf(s.comm, sizeof(s.comm), "prog");
	CHECK(profile_add_sample(p, &s) == 0);
}

/* q of p, through a new symbolizer (returned, for done()). */
static struct symbolizer *collected(const struct profile *p, struct stackq *q)
{
	struct symbolizer *s = symbolizer_new(p, &(struct sym_opts){ 0 });

	memset(q, 0, sizeof(*q));
	CHECK(s && stackq_collect(p, s, q) == 0);
	return s;
}

static void done(struct profile *p, struct stackq *q, struct symbolizer *s)
{
	stackq_free(q);
	symbolizer_free(s);
	profile_free(p);
}

static char *printed(const struct profile *p, const struct stackq *q)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	stackq_print(f, p, q);
	fclose(f);
	return buf;
}

/*
 * Known shares: 60 samples reach main, 25 reach _start, 10 end in leaf_b
 * (a walk cut short), 5 are truncated, 4 hold an address in no mapping.
 */
static void shares_of_a_known_profile(void)
{
	struct profile *p = symtest_profile(prog, &e_main, e_main.build_id);
	uint64_t to_main[] = { at(&e_a, 2), at(&e_b, 8), at(&e_main, 4) };
	uint64_t to_start[] = { at(&e_a, 2), at(&e_start, 0x10) };
	uint64_t cut[] = { at(&e_a, 2), at(&e_b, 8) };
	uint64_t trunc[] = { at(&e_a, 2), at(&e_b, 8), at(&e_main, 4) };
	uint64_t lost[] = { 0x1000, at(&e_main, 4) };
	struct symbolizer *s;
	struct stackq q;
	char line[256], *out;

	add(p, to_main, 3, false, 60);
	add(p, to_start, 2, false, 25);
	add(p, cut, 2, false, 10);
	add(p, trunc, 3, true, 5);
	add(p, lost, 2, false, 4);
	s = collected(p, &q);
	CHECK(q.total == 104 && q.user == 104);
	/* The lost address's stack ends in main: it reaches, unnamed. */
	CHECK(q.reached == 60 + 25 + 4);
	CHECK(q.truncated == 5);
	CHECK(q.unnamed == 4);
	CHECK(q.nr_files == 2);
	CHECK_STR(q.files[0].path, prog);
	CHECK(q.files[0].value == 104 && q.files[0].unnamed == 0);
	CHECK_STR(q.files[1].path, SYM_UNKNOWN);
	CHECK(q.files[1].value == 4 && q.files[1].unnamed == 4);
	out = printed(p, &q);
	CHECK(out && strstr(out, "85.6% of the user-stack samples reach"));
	CHECK(out && strstr(out, "warning: 14.4% end before one"));
	CHECK(out && strstr(out, "frame pointers only"));
	CHECK(out && strstr(out, "4.8% truncated"));
	CHECK(out && strstr(out, "by file: [unknown] 3.8%"));
	free(out);
	stackq_line(p, &q, line, sizeof(line));
	CHECK(strstr(line, "WARNING") && strstr(line, "85.6% reach"));
	done(p, &q, s);
}

/* Every stack whole: no warning, in the report or in its one line. */
static void whole_stacks_no_warning(void)
{
	struct profile *p = symtest_profile(prog, &e_main, e_main.build_id);
	uint64_t to_main[] = { at(&e_a, 2), at(&e_main, 4) };
	struct symbolizer *s;
	struct stackq q;
	char line[256], *out;

	p->hdr.flags |= FGPROF_CF_USER_CFI;
	add(p, to_main, 2, false, 7);
	s = collected(p, &q);
	CHECK(q.user == 7 && q.reached == 7 && !q.truncated && !q.unnamed);
	CHECK(q.nr_files == 1 && q.files[0].cfi);
	out = printed(p, &q);
	CHECK(out && strstr(out, "100.0% of the user-stack"));
	CHECK(out && !strstr(out, "warning"));
	CHECK(out && strstr(out, "by unwind table"));
	free(out);
	stackq_line(p, &q, line, sizeof(line));
	CHECK(!strstr(line, "WARNING"));
	done(p, &q, s);
}

/*
 * A copy without .eh_frame, recorded with tables: the report names it as
 * walked by frame pointers, its callers maybe skipped.
 */
static void file_without_tables_named(void)
{
	struct profile *p = symtest_profile(noeh, &e_main, e_main.build_id);
	uint64_t to_main[] = { at(&e_a, 2), at(&e_main, 4) };
	struct symbolizer *s;
	struct stackq q;
	char *out;

	p->hdr.flags |= FGPROF_CF_USER_CFI;
	add(p, to_main, 2, false, 9);
	s = collected(p, &q);
	CHECK(q.nr_files == 1 && !q.files[0].cfi && q.files[0].value == 9);
	out = printed(p, &q);
	CHECK(out && strstr(out, "warning: without unwind tables"));
	CHECK(out && strstr(out, "prog.noeh 100.0%"));
	free(out);
	done(p, &q, s);
}

/*
 * The stripped copy: _start is found by its CFI (return address
 * undefined), not by a name; every address of a function reads as one
 * name, the function's entry.
 */
static void stripped_code_by_cfi(void)
{
	struct profile *p = symtest_profile(stripped, &e_main,
					    e_main.build_id);
	struct symbolizer *s = symbolizer_new(p, &(struct sym_opts){ 0 });
	uint64_t to_start[] = { at(&e_a, 2), at(&e_start, 0x10) };
	uint64_t cut[] = { at(&e_a, 2), at(&e_b, 8) };
	char want_a[128], want_b[128];
	const char *n1, *n2, *n3;
	bool r1, r2, r3;

	CHECK(s);
	if (!s)
		return;
	CHECK(symbolize_user_outermost(s, SYMTEST_PID, at(&e_start, 0x10),
				       true));
	CHECK(!symbolize_user_outermost(s, SYMTEST_PID, at(&e_b, 8), true));
	CHECK(!symbolize_user_outermost(s, SYMTEST_PID, at(&e_main, 4), true));
	CHECK(stackq_reaches_entry(s, SYMTEST_PID, to_start, 2));
	CHECK(!stackq_reaches_entry(s, SYMTEST_PID, cut, 2));
	n1 = symbolize_user(s, SYMTEST_PID, at(&e_a, 1), false, &r1);
	n2 = symbolize_user(s, SYMTEST_PID, at(&e_a, e_a.sym_size - 1), false,
			    &r2);
	n3 = symbolize_user(s, SYMTEST_PID, at(&e_b, 2), false, &r3);
	snprintf(want_a, sizeof(want_a), "prog.stripped+%#llx",
		 (unsigned long long)e_a.sym_value);
	snprintf(want_b, sizeof(want_b), "prog.stripped+%#llx",
		 (unsigned long long)e_b.sym_value);
	CHECK(!r1 && !r2 && !r3);
	CHECK_STR(n1, want_a);
	CHECK_STR(n2, want_a);
	CHECK_STR(n3, want_b);
	symbolizer_free(s);
	profile_free(p);
}

int main(void)
{
	bool built;

	symtest_setup();
	built = build();
	RUN(entry_names);
	if (!built) {
		fprintf(stderr, "could not build the test program\n");
		printf("not ok - build\n");
		symtest_cleanup();
		return 1;
	}
	RUN(shares_of_a_known_profile);
	RUN(whole_stacks_no_warning);
	RUN(file_without_tables_named);
	RUN(stripped_code_by_cfi);
	symtest_cleanup();
	return UNIT_EXIT();
}
