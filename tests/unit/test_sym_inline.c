// SPDX-License-Identifier: GPL-2.0
/*
 * Inline chains, source lines, separate debug info and changed files:
 * tests/symbols/inline_chain.c built here with -O2 -g, its addresses fed
 * through a profile that maps it, the answers checked against the source
 * markers and against eu-addr2line -i -f where it is installed.
 */
#include <stdint.h>
#include <stdlib.h>

#include "folded.h"
#include "symbolize.h"
#include "symtest.h"

static char bin[256], src[4096];
static struct symtest_elf elf;
static int leaf_line, mid_line, outer_line;
static uint64_t leaf_vaddr;	/* an address of chain_leaf's code */

static int frames_at(struct symbolizer *s, uint64_t vaddr, bool ret,
		     struct sym_frame *out, int max)
{
	return symbolize_user_frames(s, SYMTEST_PID, SYMTEST_BASE + vaddr,
				     ret, out, max);
}

static const char *base(const char *path)
{
	const char *b = path ? strrchr(path, '/') : NULL;

	return b ? b + 1 : path;
}

/* The known chain, innermost first, with the lines of the markers. */
static void check_chain(const struct sym_frame *f, int n)
{
	CHECK(n == 3);
	if (n != 3)
		return;
	CHECK_STR(f[0].name, "chain_leaf");
	CHECK_STR(f[1].name, "chain_mid");
	CHECK_STR(f[2].name, "chain_outer");
	CHECK(f[0].inlined && f[1].inlined && !f[2].inlined);
	CHECK(f[0].resolved && f[1].resolved && f[2].resolved);
	CHECK(f[0].line == leaf_line);
	CHECK(f[1].line == mid_line);
	CHECK(f[2].line == outer_line);
	CHECK_STR(base(f[0].file), "inline_chain.c");
	CHECK_STR(base(f[2].file), "inline_chain.c");
}

/* Builds the program and finds an address inside the inlined leaf. */
static int setup(void)
{
	struct symbolizer *s;
	struct profile *p;
	struct sym_frame f[SYM_MAX_FRAMES];
	uint64_t a;

	snprintf(src, sizeof(src), "%s", symtest_src("inline_chain.c"));
	snprintf(bin, sizeof(bin), "%s/inline_chain", symtest_dir);
	leaf_line = symtest_marker_line(src, "LEAF */");
	mid_line = symtest_marker_line(src, "MID */");
	outer_line = symtest_marker_line(src, "OUTER */");
	if (symtest_sh("gcc -O2 -g -o '%s' '%s'", bin, src) ||
	    symtest_read_elf(bin, "chain_outer", &elf))
		return -1;
	p = symtest_profile(bin, &elf, elf.build_id);
	s = symbolizer_new(p, NULL);
	for (a = elf.sym_value; a < elf.sym_value + elf.sym_size; a++)
		if (frames_at(s, a, false, f, SYM_MAX_FRAMES) == 3) {
			leaf_vaddr = a;
			break;
		}
	symbolizer_free(s);
	profile_free(p);
	return leaf_vaddr ? 0 : -1;
}

static void chain_is_innermost_first_with_lines(void)
{
	struct profile *p = symtest_profile(bin, &elf, elf.build_id);
	struct symbolizer *s = symbolizer_new(p, NULL);
	struct sym_frame f[SYM_MAX_FRAMES];
	struct sym_stats st;
	bool ok;

	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	/* Again: from the cache, same answer, same strings. */
	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	symbolizer_stats(s, &st);
	CHECK(st.lookups == 2 && st.cache_hits == 1 && st.files_opened == 1);
	/* Fewer slots keep the outer frames: the real function stays. */
	CHECK(frames_at(s, leaf_vaddr, false, f, 2) == 2);
	CHECK_STR(f[0].name, "chain_mid");
	CHECK_STR(f[1].name, "chain_outer");
	/* The names-only call names the real function. */
	CHECK_STR(symbolize_user(s, SYMTEST_PID, SYMTEST_BASE + leaf_vaddr,
				 false, &ok), "chain_outer");
	CHECK(ok);
	symbolizer_free(s);
	profile_free(p);
}

/* Our chain for an address, as eu-addr2line -i -f prints it. */
static void same_as_eu_addr2line(void)
{
	struct profile *p = symtest_profile(bin, &elf, elf.build_id);
	struct symbolizer *s = symbolizer_new(p, NULL);
	struct sym_frame f[SYM_MAX_FRAMES];
	char out[256], line[1024], want[1024];
	int n, i = 0, compared = 0;
	uint64_t a;
	FILE *in;

	if (symtest_sh("command -v eu-addr2line >/dev/null")) {
		fprintf(stderr, "# eu-addr2line missing (tests/deps.sh installs elfutils): skipped\n");
		goto out;
	}
	snprintf(out, sizeof(out), "%s/addr2line.txt", symtest_dir);
	for (a = elf.sym_value; a < elf.sym_value + elf.sym_size; a += 3) {
		CHECK(symtest_sh("eu-addr2line -i -f -e '%s' %#llx > '%s'", bin,
				 (unsigned long long)a, out) == 0);
		n = frames_at(s, a, false, f, SYM_MAX_FRAMES);
		in = fopen(out, "r");
		CHECK(in != NULL);
		/* Pairs of lines: "NAME[ inlined at ...]", "FILE:LINE[:COL]". */
		for (i = 0; in && fgets(line, sizeof(line), in); i++) {
			char *sp = strpbrk(line, " \n"), *colon;

			if (sp)
				*sp = '\0';
			CHECK(i < n);
			if (i >= n)
				break;
			CHECK_STR(f[i].name, line);
			if (!fgets(line, sizeof(line), in))
				break;
			line[strcspn(line, "\n")] = '\0';
			/* "file:line:col" or "file:line": drop the column. */
			colon = strrchr(line, ':');
			if (colon && strchr(line, ':') != colon &&
			    !strchr(colon, '/'))
				*colon = '\0';
			snprintf(want, sizeof(want), "%s:%d", f[i].file ?: "??",
				 f[i].line);
			CHECK_STR(want, line);
		}
		CHECK(i == n);
		if (in)
			fclose(in);
		compared++;
	}
	CHECK(compared > 3);
out:
	symbolizer_free(s);
	profile_free(p);
}

/* A return address is looked up inside the call, one byte back. */
static void return_address_is_the_call(void)
{
	struct profile *p = symtest_profile(bin, &elf, elf.build_id);
	struct symbolizer *s = symbolizer_new(p, NULL);
	struct sym_frame f[SYM_MAX_FRAMES];

	check_chain(f, frames_at(s, leaf_vaddr + 1, true, f, SYM_MAX_FRAMES));
	symbolizer_free(s);
	profile_free(p);
}

static char *fold(struct profile *p, const struct sym_opts *so,
		  bool no_inline)
{
	struct symbolizer *s = symbolizer_new(p, so);
	struct folded_opts o = { .no_inline = no_inline };
	struct folded_summary sum;
	struct profile_sample smp = { .pid = SYMTEST_PID, .count = 2,
				      .period = 2, .kind = PROFILE_ON_CPU };
	uint64_t ips[] = { SYMTEST_BASE + leaf_vaddr };
	char *buf = NULL;
	size_t len;
	FILE *out = open_memstream(&buf, &len);

	CHECK(profile_add_stack(p, false, false, ips, 1, &smp.ustack) == 0);
	snprintf(smp.comm, sizeof(smp.comm), "app");
	CHECK(profile_add_sample(p, &smp) == 0);
	CHECK(folded_write(out, p, s, &o, &sum) == 0);
	fclose(out);
	symbolizer_free(s);
	return buf;
}

static void folded_marks_inlined_frames(void)
{
	struct profile *p = symtest_profile(bin, &elf, elf.build_id);
	char *text = fold(p, NULL, false);

	CHECK_STR(text, "app;chain_outer;chain_mid_[i];chain_leaf_[i] 2\n");
	free(text);
	profile_free(p);
	p = symtest_profile(bin, &elf, elf.build_id);
	text = fold(p, NULL, true);
	CHECK_STR(text, "app;chain_outer 2\n");
	free(text);
	profile_free(p);
}

/*
 * The installed layout: a stripped binary, its debug info in
 * DIR/.build-id/xx/yyyy.debug (here a test directory, not /usr/lib/debug).
 */
static void stripped_binary_with_debug_file_by_build_id(void)
{
	char dbg[512], stripped[512];
	struct sym_opts so = { 0 };
	struct sym_frame f[SYM_MAX_FRAMES];
	struct symbolizer *s;
	struct profile *p;
	int n;

	snprintf(stripped, sizeof(stripped), "%s/stripped/inline_chain",
		 symtest_dir);
	snprintf(dbg, sizeof(dbg), "%s/debug", symtest_dir);
	CHECK(symtest_sh("mkdir -p '%s/stripped' '%s/.build-id/%.2s' && "
			 "objcopy --only-keep-debug '%s' '%s/.build-id/%.2s/%s.debug' && "
			 "strip --strip-all -o '%s' '%s'", symtest_dir, dbg,
			 elf.build_id, bin, dbg, elf.build_id,
			 elf.build_id + 2, stripped, bin) == 0);
	p = symtest_profile(stripped, &elf, elf.build_id);

	/* Without the debug directory: no symbol there, never a guess. */
	so.debug_dir = "/nonexistent";
	s = symbolizer_new(p, &so);
	n = frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES);
	CHECK(n == 1 && !f[0].resolved);
	CHECK(!strncmp(f[0].name, "inline_chain+0x", 15));
	symbolizer_free(s);

	so.debug_dir = dbg;
	s = symbolizer_new(p, &so);
	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	symbolizer_free(s);

	/* The same through the environment. */
	setenv("FGPROF_DEBUG_DIR", dbg, 1);
	s = symbolizer_new(p, NULL);
	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	symbolizer_free(s);
	unsetenv("FGPROF_DEBUG_DIR");
	profile_free(p);
}

/* .gnu_debuglink: NAME.debug in the binary's .debug/ directory. */
static void stripped_binary_with_debuglink(void)
{
	char dir[512], path[600];
	struct sym_opts so = { .debug_dir = "/nonexistent" };
	struct sym_frame f[SYM_MAX_FRAMES];
	struct symbolizer *s;
	struct profile *p;

	snprintf(dir, sizeof(dir), "%s/linked", symtest_dir);
	snprintf(path, sizeof(path), "%s/inline_chain", dir);
	CHECK(symtest_sh("mkdir -p '%s/.debug' && cd '%s' && "
			 "objcopy --only-keep-debug '%s' .debug/inline_chain.debug && "
			 "strip --strip-all -o inline_chain '%s' && "
			 "cd .debug && objcopy --add-gnu-debuglink=inline_chain.debug ../inline_chain",
			 dir, dir, bin, bin) == 0);
	p = symtest_profile(path, &elf, elf.build_id);
	s = symbolizer_new(p, &so);
	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	symbolizer_free(s);
	profile_free(p);
}

/*
 * Recorded, then rebuilt at the same path with other code: the new file's
 * names would be wrong, so it is not used; the recorded build's debug
 * file, found by build-id, still names it right.
 */
static void rebuilt_binary_is_never_used(void)
{
	char path[512], dbg[512];
	struct sym_opts so = { .debug_dir = "/nonexistent" };
	struct sym_frame f[SYM_MAX_FRAMES];
	struct symtest_elf now;
	struct symbolizer *s;
	struct profile *p;
	bool ok = true;
	int n;

	snprintf(path, sizeof(path), "%s/rebuilt", symtest_dir);
	snprintf(dbg, sizeof(dbg), "%s/debug2", symtest_dir);
	CHECK(symtest_sh("cp '%s' '%s' && mkdir -p '%s/.build-id/%.2s' && "
			 "objcopy --only-keep-debug '%s' '%s/.build-id/%.2s/%s.debug' && "
			 "gcc -O2 -g -DVARIANT -o '%s' '%s'", bin, path, dbg,
			 elf.build_id, bin, dbg, elf.build_id,
			 elf.build_id + 2, path, src) == 0);
	CHECK(symtest_read_elf(path, "chain_outer", &now) == 0);
	CHECK(strcmp(now.build_id, elf.build_id) != 0);
	CHECK(now.sym_value != elf.sym_value);	/* the names moved */

	p = symtest_profile(path, &elf, elf.build_id);
	s = symbolizer_new(p, &so);
	n = frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES);
	CHECK(n == 1 && !f[0].resolved);
	CHECK(!strncmp(f[0].name, "rebuilt+0x", 10));
	CHECK(!strncmp(symbolize_user(s, SYMTEST_PID,
				      SYMTEST_BASE + elf.sym_value, false, &ok),
		       "rebuilt+0x", 10));
	CHECK(!ok);
	symbolizer_free(s);

	/* Only its debug file is left: placed by the executable segment. */
	so.debug_dir = dbg;
	s = symbolizer_new(p, &so);
	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	CHECK_STR(symbolize_user(s, SYMTEST_PID, SYMTEST_BASE + elf.sym_value,
				 false, &ok), "chain_outer");
	symbolizer_free(s);
	profile_free(p);

	/* No build-id was recorded, but the file has one now: not it. */
	p = symtest_profile(path, &elf, NULL);
	s = symbolizer_new(p, &so);
	n = frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES);
	CHECK(n == 1 && !f[0].resolved);
	symbolizer_free(s);
	profile_free(p);
}

/* Deleted after recording: a copy kept by build-id, or file+offset. */
static void deleted_binary(void)
{
	char path[600], dbg[512], mapped[700];
	struct sym_opts so = { .debug_dir = "/nonexistent" };
	struct sym_frame f[SYM_MAX_FRAMES];
	struct symbolizer *s;
	struct profile *p;
	int n;

	snprintf(path, sizeof(path), "%s/gone", symtest_dir);
	snprintf(mapped, sizeof(mapped), "%s (deleted)", path);
	snprintf(dbg, sizeof(dbg), "%s/cache", symtest_dir);
	CHECK(symtest_sh("mkdir -p '%s/.build-id/%.2s' && cp '%s' '%s/.build-id/%.2s/%s'",
			 dbg, elf.build_id, bin, dbg, elf.build_id,
			 elf.build_id + 2) == 0);
	p = symtest_profile(mapped, &elf, elf.build_id);
	s = symbolizer_new(p, &so);
	n = frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES);
	CHECK(n == 1 && !f[0].resolved);
	CHECK(!strncmp(f[0].name, "gone (deleted)+0x", 17));
	symbolizer_free(s);

	so.debug_dir = dbg;
	s = symbolizer_new(p, &so);
	check_chain(f, frames_at(s, leaf_vaddr, false, f, SYM_MAX_FRAMES));
	symbolizer_free(s);
	profile_free(p);
}

int main(void)
{
	symtest_setup();
	if (setup()) {
		fprintf(stderr, "could not build or read %s\n", bin);
		printf("not ok - setup\n");
		symtest_cleanup();
		return 1;
	}
	RUN(chain_is_innermost_first_with_lines);
	RUN(same_as_eu_addr2line);
	RUN(return_address_is_the_call);
	RUN(folded_marks_inlined_frames);
	RUN(stripped_binary_with_debug_file_by_build_id);
	RUN(stripped_binary_with_debuglink);
	RUN(rebuilt_binary_is_never_used);
	RUN(deleted_binary);
	symtest_cleanup();
	return UNIT_EXIT();
}
