// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/perfscript.c on the synthetic profile (synth.h): the exact text of
 * a record, then the whole output read by the parsers it is made for,
 * with their own regular expressions run by perl: stackcollapse-perf.pl's
 * (FlameGraph) must fold it into the expected stacks, FlameScope's must
 * find every record's time and every frame.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <unistd.h>

#include "perfscript.h"
#include "synth.h"
#include "unit.h"

static char *write_ps(const struct profile *p,
		      const struct perfscript_opts *o, int *ret)
{
	struct symbolizer *s = synth_symbolizer(p);
	char *buf = NULL, err[256] = "";
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	*ret = perfscript_write(f, p, s, o, err, sizeof(err));
	fclose(f);
	symbolizer_free(s);
	return buf;
}

static void first_records(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct perfscript_opts o = { 0 };
	bool inl = synth_has_inline(s);
	char want[8192], inl_line[2048] = "", *text, self[1024];
	uint32_t me = getpid();
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int ret;

	symbolizer_free(s);
	self[n > 0 ? n : 0] = '\0';
	/* As perf spells an object: no spaces, the parsers split on them. */
	for (char *c = self; *c; c++)
		if (strchr(" ()", *c))
			*c = '_';
	text = write_ps(p, &o, &ret);
	CHECK(ret == 0);
	/*
	 * Records in time order; hot_a's leaf is its inline chain, on one
	 * line from the real function in.
	 */
	if (inl)
		snprintf(inl_line, sizeof(inl_line), "->synth_inl");
	snprintf(want, sizeof(want),
		 "app %u/%u [000] 1000.050000: 10000000 cpu-clock:\n"
		 "\t%16" PRIx64 " synth_hot_a%s (%s)\n"
		 "\t%16" PRIx64 " synth_main (%s)\n"
		 "\n"
		 "app %u/%u [001] 1000.150000: 10000000 cpu-clock:\n",
		 me, me, synth_inl_addr, inl_line, self,
		 (uint64_t)(uintptr_t)synth_main + 4, self, me, me);
	CHECK(!strncmp(text, want, strlen(want)));
	if (strncmp(text, want, strlen(want)))
		fprintf(stderr, "  got:\n%.600s\n  want:\n%s\n", text, want);
	/* A kernel frame and the idle task's record. */
	CHECK(strstr(text, "\tffffffff81002010 __x64_sys_read ([kernel.kallsyms])\n"));
	CHECK(strstr(text, "swapper/0 0/0 [000] 1000.900000: 10000000 cpu-clock:\n"
			   "\tffffffff81001010 do_one_initcall ([kernel.kallsyms])\n\n"));
	free(text);
	profile_free(p);
}

/* Runs a perl program on text, returns its stdout. */
static char *perl(const char *prog, const char *text)
{
	char in[] = "/tmp/fgprof-ps-XXXXXX", cmd[4096], *buf = NULL;
	size_t len = 0, cap = 0, n;
	int fd = mkstemp(in);
	FILE *f;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return NULL;
	close(fd);
	snprintf(cmd, sizeof(cmd), "perl -e '%s' %s", prog, in);
	f = popen(cmd, "r");
	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap)
			buf = realloc(buf, cap = cap ? cap * 2 : 8192);
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n);
	buf[len] = '\0';
	CHECK(pclose(f) == 0);
	unlink(in);
	return buf;
}

/*
 * stackcollapse-perf.pl's parsing loop (FlameGraph's current one, run
 * with --all: kernel frames "_[k]"), reduced to what decides the stacks:
 * its event-line and stack-line expressions, verbatim, its "[unknown]"
 * rule, its split of "a->b" inline chains ("_[i]") and its name tidying.
 * Unrecognized lines are printed, so that they fail.
 */
static const char collapse[] =
	"my (@s, $p, %c);"
	"while (<>) { chomp;"
	" if (/^$/) { unshift @s, $p; $c{join(\";\", @s)}++; @s = (); next; }"
	" if (/^(\\S+\\s*?\\S*?)\\s+(\\d+)\\s/) { $p = $1; }"
	" elsif (/^(\\S+\\s*?\\S*?)\\s+(\\d+)\\/(\\d+)/) { $p = $1; }"
	" elsif (/^\\s*(\\w+)\\s*(.+) \\((\\S*)\\)/) {"
	"  my ($pc, $raw, $mod) = ($1, $2, $3); my @in;"
	"  $raw =~ s/\\+0x[\\da-f]+$//;"
	"  for (split /\\->/, $raw) { my $f = $_;"
	"   if ($f eq \"[unknown]\") {"
	"    if ($mod ne \"[unknown]\") { $f = $mod; $f =~ s/.*\\///; }"
	"    else { $f = \"unknown\"; }"
	"    $f = \"\\[$f\\]\"; }"
	"   $f =~ s/;/:/g; $f =~ s/\\((?!anonymous namespace\\)).*//;"
	"   $f =~ tr/\"\\x27//d;"
	"   if (scalar(@in) > 0) { $f .= \"_[i]\"; }"
	"   elsif ($mod =~ m/(^\\[|vmlinux$)/ && $mod !~ /unknown/) { $f .= \"_[k]\"; }"
	"   push @in, $f; }"
	"  unshift @s, @in; }"
	" else { print \"UNRECOGNIZED $_\\n\"; } }"
	"print \"$_ $c{$_}\\n\" for sort keys %c;";

/* FlameScope's event and frame expressions (app/perf/regexp.py). */
static const char flamescope[] =
	"my ($ev, $fr, $bad) = (0, 0, 0);"
	"while (<>) { chomp; next if /^$/;"
	" if (/ +([0-9.]+): .+?:/) { $ev++; }"
	" elsif (/^[\\t ]*[0-9a-fA-F]+ (.+) \\((.*?)\\)$/) { $fr++; }"
	" else { $bad++; } }"
	"print \"events $ev frames $fr bad $bad\\n\";";

static void read_by_stackcollapse_and_flamescope(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct perfscript_opts o = { 0 };
	bool inl = synth_has_inline(s);
	struct folded_opts fo = { 0 };
	char *text, *folded, *fs, *fold, want[512];
	int ret;

	symbolizer_free(s);
	if (system("command -v perl >/dev/null 2>&1")) {
		printf("# skipped: perl not installed\n");
		profile_free(p);
		return;
	}
	text = write_ps(p, &o, &ret);
	folded = perl(collapse, text);
	/* fgprof's own folded output, "_[i]" and "_[k]" marks included. */
	snprintf(want, sizeof(want),
		 "app;synth_main;synth_hot_a%s 10\n"
		 "app;synth_main;synth_hot_b;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 6\n"
		 "swapper/0;do_one_initcall_[k] 2\n", inl ? ";synth_inl_[i]" : "");
	CHECK_STR(folded, want);
	fold = synth_folded(p, &fo);
	CHECK_STR(folded, fold);
	free(fold);
	fs = perl(flamescope, text);
	/* An inline chain is one frame line. */
	snprintf(want, sizeof(want), "events 18 frames %d bad 0\n",
		 10 * 2 + 6 * 4 + 2);
	CHECK_STR(fs, want);
	free(folded);
	free(fs);
	free(text);
	profile_free(p);
}

/*
 * What fgprof cannot name is "[unknown]", as perf spells it, so that
 * stackcollapse-perf.pl names it by its object as it does perf's:
 * "[[kernel.kallsyms]]", "[libgone.so]", "[unknown]" without a mapping.
 */
static void unknown_as_perf_spells_it(void)
{
	struct profile *p = profile_new();
	struct profile_map gone = { .pid = 7, .start = 0x7f0000000000,
				    .end = 0x7f0000100000, .offset = 0x2000,
				    .path = "/nonexistent/libgone.so" };
	struct perfscript_opts o = { 0 };
	uint64_t k[] = { 0xffffffff80000010 };
	uint64_t u[] = { 0x7f0000000123, 0x10 };
	const double at[] = { 0.5 };
	char *text, *folded;
	int ret;

	CHECK(profile_add_map(p, &gone) == 0);
	snprintf(p->hdr.event, sizeof(p->hdr.event), "cpu-clock");
	snprintf(p->hdr.unit, sizeof(p->hdr.unit), PROFILE_UNIT_SAMPLES);
	p->hdr.kernel_text = 0xffffffff81000000ull;
	p->hdr.start_monotonic_ns = SYNTH_START_MONO;
	synth_add(p, 7, "app", synth_stack(p, true, k, 1),
		  synth_stack(p, false, u, 2), at, 1);
	text = write_ps(p, &o, &ret);
	CHECK(ret == 0);
	CHECK(strstr(text, " [unknown] ([kernel.kallsyms])\n"));
	CHECK(strstr(text, " [unknown] (/nonexistent/libgone.so)\n"));
	CHECK(strstr(text, " [unknown] ([unknown])\n"));
	folded = perl(collapse, text);
	CHECK_STR(folded, "app;[unknown];[libgone.so];[[kernel.kallsyms]]_[k] 2\n");
	free(folded);
	free(text);
	profile_free(p);
}

static void options_and_errors(void)
{
	struct profile *p = synth_profile();
	struct perfscript_opts o = { .kernel_only = true };
	char *text;
	int ret;

	text = write_ps(p, &o, &ret);
	CHECK(ret == 0 && !strstr(text, "synth_main"));
	CHECK(strstr(text, "__x64_sys_read"));
	free(text);
	o.kernel_only = false;
	o.user_only = true;
	text = write_ps(p, &o, &ret);
	CHECK(ret == 0 && strstr(text, "synth_main"));
	CHECK(!strstr(text, "kallsyms"));
	free(text);
	profile_free(p);
	p = profile_new();
	text = write_ps(p, &o, &ret);
	CHECK(ret == -EINVAL);
	free(text);
	profile_free(p);
}

int main(void)
{
	RUN(first_records);
	RUN(read_by_stackcollapse_and_flamescope);
	RUN(unknown_as_perf_spells_it);
	RUN(options_and_errors);
	return UNIT_EXIT();
}
