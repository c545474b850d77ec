// SPDX-License-Identifier: GPL-2.0
/*
 * `fgprof cfi FILE [--addr ADDR] [--summary]`: a debugging aid that prints
 * the compact unwind table compiled from FILE's CFI (cfi_table.h), one row
 * per line as "VADDR RULE" (readelf --debug-dump=frames-interp's LOC and
 * CFA columns, plus where rbp is saved), then a summary in '#' lines:
 * rows, bytes, FDEs, and how much code has no or unusable information.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfi_step.h"
#include "cfi_table.h"
#include "commands.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fgprof cfi FILE [--addr ADDR] [--summary] [--debug-dir DIRS]\n"
		"  prints the unwind table compiled from FILE's .eh_frame/.debug_frame:\n"
		"  one 'VADDR RULE' row per line, then a '#' summary\n"
		"  -a, --addr ADDR       only the row holding ELF address ADDR, with its range\n"
		"  -s, --summary         only the summary\n"
		"      --debug-dir DIRS  where separate debug files are (.debug_frame)\n");
}

static void summary(const struct cfi_table *t, double ms)
{
	uint64_t bytes[5] = { 0 }, why[FGPROF_CFI_WHY_MAX + 1] = { 0 };
	uint32_t rows[5] = { 0 }, i;
	const struct fgprof_cfi_row *r;
	uint64_t len;

	for (i = 0; i + 1 < t->nr; i++) {
		r = &t->rows[i];
		len = t->rows[i + 1].start - r->start;
		if (r->kind > FGPROF_CFI_OUTERMOST)
			continue;
		rows[r->kind]++;
		bytes[r->kind] += len;
		if (r->kind == FGPROF_CFI_UNSUPPORTED &&
		    r->cfa_off <= FGPROF_CFI_WHY_MAX)
			why[r->cfa_off] += len;
	}
	printf("# rows %u bytes %zu base 0x%" PRIx64 " compiled in %.1f ms\n",
	       t->nr, (size_t)t->nr * sizeof(*t->rows), t->base, ms);
	printf("# fdes eh_frame %u debug_frame %u skipped %u plt_blocks %u\n",
	       t->fdes_eh, t->fdes_debug, t->fdes_skipped, t->plt_blocks);
	printf("# code bytes: unwindable %" PRIu64 " (rows %u) no_info %" PRIu64
	       " (gaps %u) unsupported %" PRIu64 " (rows %u) outermost %" PRIu64
	       " (rows %u)\n",
	       bytes[FGPROF_CFI_RSP] + bytes[FGPROF_CFI_RBP],
	       rows[FGPROF_CFI_RSP] + rows[FGPROF_CFI_RBP],
	       bytes[FGPROF_CFI_NONE], rows[FGPROF_CFI_NONE],
	       bytes[FGPROF_CFI_UNSUPPORTED], rows[FGPROF_CFI_UNSUPPORTED],
	       bytes[FGPROF_CFI_OUTERMOST], rows[FGPROF_CFI_OUTERMOST]);
	printf("# unsupported bytes: expression %" PRIu64 " cfa_register %" PRIu64
	       " signal %" PRIu64 " return_address %" PRIu64 " rbp %" PRIu64
	       " range %" PRIu64 "\n",
	       why[FGPROF_CFI_WHY_EXPR], why[FGPROF_CFI_WHY_CFA_REG],
	       why[FGPROF_CFI_WHY_SIGNAL], why[FGPROF_CFI_WHY_RA],
	       why[FGPROF_CFI_WHY_RBP], why[FGPROF_CFI_WHY_RANGE]);
}

int cmd_cfi(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "addr", required_argument, NULL, 'a' },
		{ "summary", no_argument, NULL, 's' },
		{ "debug-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *addr_arg = NULL, *dirs = NULL;
	const struct fgprof_cfi_row *r;
	struct timespec t0, t1;
	bool only_summary = false;
	struct cfi_table t;
	char buf[64], *end;
	uint64_t addr;
	uint32_t i;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "a:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			addr_arg = optarg;
			break;
		case 's':
			only_summary = true;
			break;
		case 'd':
			dirs = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = cfi_table_build(argv[optind], dirs, &t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (ret) {
		/* Not report_error(): its hints are about the device. */
		fprintf(stderr, "fgprof: cfi: %s: %s\n", argv[optind],
			ret == -ENOENT ? "no call frame information" :
			strerror(-ret));
		return 1;
	}
	if (addr_arg) {
		addr = strtoull(addr_arg, &end, 0);
		if (!*addr_arg || *end) {
			fprintf(stderr, "fgprof: cfi: bad address '%s'\n",
				addr_arg);
			cfi_table_free(&t);
			return 2;
		}
		/* The module's lookup, on the address as given. */
		r = addr >= t.base ? cfi_lookup(t.rows, t.nr, addr - t.base) :
				     NULL;
		if (!r) {
			printf("%016" PRIx64 " none\n", addr);
		} else {
			i = r - t.rows;
			printf("%016" PRIx64 "..", t.base + r->start);
			if (i + 1 < t.nr)
				printf("%016" PRIx64, t.base + t.rows[i + 1].start);
			printf(" %s\n", cfi_row_str(r, buf, sizeof(buf)));
		}
		cfi_table_free(&t);
		return 0;
	}
	for (i = 0; !only_summary && i < t.nr; i++)
		printf("%016" PRIx64 " %s\n", t.base + t.rows[i].start,
		       cfi_row_str(&t.rows[i], buf, sizeof(buf)));
	summary(&t, (t1.tv_sec - t0.tv_sec) * 1e3 +
		    (t1.tv_nsec - t0.tv_nsec) / 1e6);
	cfi_table_free(&t);
	return 0;
}
