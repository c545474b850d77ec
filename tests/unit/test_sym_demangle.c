// SPDX-License-Identifier: GPL-2.0
/*
 * user/symbols/sym_demangle.c on known names, and C++ names end to end:
 * tests/symbols/widget.cc built here, its inlined method demangled.
 */
#include <stdlib.h>

#include "sym_demangle.h"
#include "symbolize.h"
#include "symtest.h"

static void check_demangle(const char *mangled, const char *want)
{
	char *got = sym_demangle(mangled);

	if (want)
		CHECK_STR(got, want);
	else
		CHECK(got == NULL);
	free(got);
}

static void known_names(void)
{
	check_demangle("_ZN6shapes4spinERNS_6WidgetEi",
		       "shapes::spin(shapes::Widget&, int)");
	check_demangle("_ZNSt6vectorIiSaIiEE9push_backERKi",
		       "std::vector<int, std::allocator<int> >::push_back(int const&)");
	/* Compiler clones keep their suffix, readable. */
	check_demangle("_Z3fooi.constprop.0", "foo(int) [clone .constprop.0]");
	/* Rust legacy: the hash is dropped, $-escapes decoded. */
	check_demangle("_ZN4core3fmt5write17h0123456789abcdefE",
		       "core::fmt::write");
	check_demangle("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h9d62c2b3e3b3e3a1E",
		       "std::rt::lang_start::{{closure}}");
	/* Rust v0. */
	check_demangle("_RNvCs1234_7mycrate3foo", "mycrate::foo");
	/* C names and garbage stay as they are (NULL: keep the raw name). */
	check_demangle("main", NULL);
	check_demangle("_start", NULL);
	check_demangle("_Zgarbage", NULL);
	check_demangle(NULL, NULL);
}

static void cxx_inline_chain(void)
{
	char bin[256], src[4096];
	struct sym_frame f[SYM_MAX_FRAMES];
	struct symtest_elf e;
	struct symbolizer *s;
	struct profile *p;
	int n = 0;

	snprintf(src, sizeof(src), "%s", symtest_src("widget.cc"));
	snprintf(bin, sizeof(bin), "%s/widget", symtest_dir);
	if (symtest_sh("command -v g++ >/dev/null")) {
		fprintf(stderr, "# no g++: skipped\n");
		return;
	}
	CHECK(symtest_sh("g++ -O2 -g -o '%s' '%s'", bin, src) == 0);
	CHECK(symtest_read_elf(bin, "_ZN6shapes4spinERNS_6WidgetEi", &e) == 0);
	p = symtest_profile(bin, &e, e.build_id);
	s = symbolizer_new(p, NULL);
	n = symbolize_user_frames(s, SYMTEST_PID, SYMTEST_BASE + e.sym_value,
				  false, f, SYM_MAX_FRAMES);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(f[0].name, "shapes::Widget::poke(int)");
		CHECK(f[0].inlined);
		CHECK(f[0].line == symtest_marker_line(src, "// POKE"));
		CHECK_STR(f[1].name, "shapes::spin(shapes::Widget&, int)");
		CHECK(!f[1].inlined);
		CHECK(f[1].line == symtest_marker_line(src, "// SPIN"));
	}
	symbolizer_free(s);
	profile_free(p);
}

int main(void)
{
	symtest_setup();
	RUN(known_names);
	RUN(cxx_inline_chain);
	symtest_cleanup();
	return UNIT_EXIT();
}
