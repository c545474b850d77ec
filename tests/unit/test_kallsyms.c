// SPDX-License-Identifier: GPL-2.0
/* user/symbols/kallsyms.c against fixtures in tests/unit/data/. */
#include <errno.h>
#include <string.h>

#include "kallsyms.h"
#include "unit.h"

static const char *lookup(const struct kallsyms *ks, uint64_t addr,
			  uint64_t *off)
{
	return kallsyms_lookup(ks, addr, off);
}

static void text_symbols_are_found_by_address(void)
{
	struct kallsyms ks;
	uint64_t off = 0;

	CHECK(kallsyms_load(&ks, unit_data("kallsyms")) == 0);
	CHECK(!ks.hidden);
	CHECK(ks.text == 0xffffffff81000000ull);
	/* _text, _stext and startup_64 share an address: the plain name. */
	CHECK_STR(lookup(&ks, 0xffffffff81000010, &off), "startup_64");
	CHECK(off == 0x10);
	CHECK_STR(lookup(&ks, 0xffffffff81001000, &off), "do_one_initcall");
	CHECK(off == 0);
	CHECK_STR(lookup(&ks, 0xffffffff81002010, NULL), "__x64_sys_read");
	CHECK_STR(lookup(&ks, 0xffffffff81002100, NULL), "weak_helper");
	/* Data symbols are not loaded: an address there is the text before. */
	CHECK_STR(lookup(&ks, 0xffffffff81003010, &off), "weak_helper");
	CHECK_STR(lookup(&ks, 0xffffffff81004fff, NULL), "ksys_read");
	/* The global name beats its __pfx_ padding alias. */
	CHECK_STR(lookup(&ks, 0xffffffff81005005, NULL),
		  "asm_sysvec_apic_timer_interrupt");
	CHECK_STR(lookup(&ks, 0xffffffffc0001010, NULL),
		  "ext4_file_read_iter [ext4]");
	CHECK_STR(lookup(&ks, 0xffffffffc0001800, NULL), "ext4_readdir [ext4]");
	CHECK_STR(lookup(&ks, 0xffffffffc0002001, NULL),
		  "nf_hook_slow [nf_tables]");
	kallsyms_free(&ks);
}

static void outside_addresses_are_unknown(void)
{
	struct kallsyms ks;

	CHECK(kallsyms_load(&ks, unit_data("kallsyms")) == 0);
	CHECK(lookup(&ks, 0xffffffff80ffffff, NULL) == NULL);
	CHECK(lookup(&ks, 0x1000, NULL) == NULL);	/* an 'A' symbol */
	/* Far past the last symbol: a gap, not a 3 MiB function. */
	CHECK(lookup(&ks, 0xffffffffc0302000, NULL) == NULL);
	kallsyms_free(&ks);
}

static void zeroed_addresses_mean_hidden(void)
{
	struct kallsyms ks;

	CHECK(kallsyms_load(&ks, unit_data("kallsyms-hidden")) == 0);
	CHECK(ks.hidden);
	CHECK(ks.nr == 0 && ks.text == 0);
	CHECK(lookup(&ks, 0, NULL) == NULL);
	CHECK(lookup(&ks, 0xffffffff81000010, NULL) == NULL);
	CHECK(strstr(KALLSYMS_HIDDEN_MSG, "kptr_restrict"));
	CHECK(strstr(KALLSYMS_HIDDEN_MSG, "kernel.kptr_restrict=0"));
	kallsyms_free(&ks);
}

static void text_is_read_without_loading(void)
{
	CHECK(kallsyms_text(unit_data("kallsyms")) == 0xffffffff81000000ull);
	CHECK(kallsyms_text(unit_data("kallsyms-hidden")) == 0);
	CHECK(kallsyms_text("/nonexistent") == 0);
}

static void missing_file_is_an_error(void)
{
	struct kallsyms ks;

	CHECK(kallsyms_load(&ks, "/nonexistent/kallsyms") == -ENOENT);
	CHECK(ks.nr == 0 && !ks.hidden);
	kallsyms_free(&ks);
}

/*
 * What a profile stores: only the symbols its addresses fall in, ending
 * where the full table stops naming them, so both answer alike for
 * those addresses and the subset names nothing else.
 */
static void a_subset_answers_as_the_whole_table(void)
{
	static const uint64_t addrs[] = {
		0xffffffff81002010, 0xffffffff81002010,	/* twice: once */
		0xffffffffc0001010,
		0xffffffffc0002001,		/* the last symbol */
		0xffffffff80000000,		/* named by none */
	};
	struct kallsyms ks, sub;
	uint64_t off = 0;
	size_t i;

	CHECK(kallsyms_load(&ks, unit_data("kallsyms")) == 0);
	CHECK(kallsyms_subset(&ks, addrs, 5, &sub) == 0);
	CHECK(sub.nr == 3);
	for (i = 0; i < 5; i++) {
		const char *a = lookup(&ks, addrs[i], NULL);
		const char *b = lookup(&sub, addrs[i], NULL);

		CHECK((!a && !b) || (a && b && !strcmp(a, b)));
	}
	CHECK_STR(lookup(&sub, 0xffffffffc0001010, &off),
		  "ext4_file_read_iter [ext4]");
	CHECK(off == 0x10);
	/* __x64_sys_read ends at weak_helper: not named past it. */
	CHECK(sub.syms[0].end == 0xffffffff81002100);
	CHECK(lookup(&sub, 0xffffffff81002100, NULL) == NULL);
	CHECK(lookup(&sub, 0xffffffff81004000, NULL) == NULL);
	/* The last one ends at the gap limit, as the whole table's does. */
	CHECK(lookup(&ks, 0xffffffffc0102000, NULL) == NULL);
	CHECK(lookup(&sub, 0xffffffffc0102000, NULL) == NULL);
	CHECK_STR(lookup(&sub, 0xffffffffc00ff000, NULL),
		  "nf_hook_slow [nf_tables]");
	kallsyms_free(&sub);
	kallsyms_free(&ks);
}

static void add_keeps_symbols_in_order(void)
{
	struct kallsyms ks = { 0 };

	CHECK(kallsyms_add(&ks, 0x1000, 0x1100, "a") == 0);
	CHECK(kallsyms_add(&ks, 0x1100, 0x1200, "b [m]") == 0);
	CHECK(kallsyms_add(&ks, 0x1180, 0x1300, "overlap") == -EINVAL);
	CHECK(kallsyms_add(&ks, 0x2000, 0x2000, "empty") == -EINVAL);
	CHECK(kallsyms_add(&ks, 0x0800, 0x0900, "before") == -EINVAL);
	CHECK(kallsyms_add(&ks, 0x3000, 0x3100, "") == -EINVAL);
	CHECK(ks.nr == 2);
	CHECK_STR(lookup(&ks, 0x11ff, NULL), "b [m]");
	CHECK(lookup(&ks, 0x1200, NULL) == NULL);
	kallsyms_free(&ks);
}

/* The machine's own, when readable: a sanity check on real data. */
static void proc_kallsyms_loads(void)
{
	struct kallsyms ks;

	if (kallsyms_load(&ks, NULL))
		return;
	if (!ks.hidden) {
		CHECK(ks.nr > 1000);
		CHECK(ks.text != 0);
		CHECK(lookup(&ks, ks.text, NULL) != NULL);
	}
	kallsyms_free(&ks);
}

int main(void)
{
	RUN(text_symbols_are_found_by_address);
	RUN(outside_addresses_are_unknown);
	RUN(zeroed_addresses_mean_hidden);
	RUN(text_is_read_without_loading);
	RUN(missing_file_is_an_error);
	RUN(proc_kallsyms_loads);
	RUN(a_subset_answers_as_the_whole_table);
	RUN(add_keeps_symbols_in_order);
	return UNIT_EXIT();
}
