/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For tests that run a subcommand end to end: a small profile of kernel
 * stacks (symbolized with tests/unit/data/kallsyms, so the names are
 * known), saved to a file, and a command's output read back. Needs
 * unit.h first.
 */
#ifndef FGPROF_RUNCMD_H
#define FGPROF_RUNCMD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "profile.h"

#define RUNCMD_UNUSED __attribute__((unused))

/* In tests/unit/data/kallsyms. */
#define K_SYS_READ	0xffffffff81002010ull	/* __x64_sys_read */
#define K_KSYS_READ	0xffffffff81004010ull	/* ksys_read */
#define K_IRQ		0xffffffff81005005ull	/* asm_sysvec_apic_timer_interrupt */
#define K_INITCALL	0xffffffff81001010ull	/* do_one_initcall */

static RUNCMD_UNUSED struct profile *kprofile_new(const char *unit)
{
	struct profile *p = profile_new();

	snprintf(p->hdr.tool, sizeof(p->hdr.tool), "0.1.0");
	snprintf(p->hdr.kernel, sizeof(p->hdr.kernel), "6.1.0-test");
	snprintf(p->hdr.event, sizeof(p->hdr.event), "cpu-clock");
	snprintf(p->hdr.unit, sizeof(p->hdr.unit), "%s", unit);
	p->hdr.kernel_text = 0xffffffff81000000ull;
	p->hdr.freq = true;
	p->hdr.rate = 99;
	p->hdr.nr_cpus = 1;
	return p;
}

/* A sample of one kernel stack, innermost first. */
static RUNCMD_UNUSED void ksample(struct profile *p, const char *comm,
				  const uint64_t *ips, uint32_t nr,
				  enum profile_kind kind, uint64_t count,
				  uint64_t period)
{
	struct profile_sample s = { .pid = 10, .count = count,
				    .period = period, .kind = kind };
	uint32_t id = 0;

	CHECK(profile_add_stack(p, true, false, ips, nr, &id) == 0);
	s.kstack = id;
	snprintf(s.comm, sizeof(s.comm), "%s", comm);
	CHECK(profile_add_sample(p, &s) == 0);
}

static char runcmd_dir[64];

static void runcmd_cleanup(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", runcmd_dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", runcmd_dir);
}

/* A file name in a directory of the test's own, removed at exit. */
static RUNCMD_UNUSED const char *runcmd_path(const char *name)
{
	static char paths[8][128];
	static int next;
	char *p = paths[next++ % 8];

	if (!runcmd_dir[0]) {
		strcpy(runcmd_dir, "/tmp/fgprof-unit-XXXXXX");
		CHECK(mkdtemp(runcmd_dir) != NULL);
		atexit(runcmd_cleanup);
	}
	snprintf(p, 128, "%s/%s", runcmd_dir, name);
	return p;
}

static RUNCMD_UNUSED char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[65536];

	if (!f)
		return strdup("");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf = realloc(buf, len + n + 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		return strdup("");
	buf[len] = '\0';
	return buf;
}

/*
 * Runs a subcommand with argv (NULL-terminated, argv[0] its name) and
 * "-o OUT" added; its exit code in *rc; what it wrote, to free.
 */
static RUNCMD_UNUSED char *runcmd(int (*cmd)(int, char **), const char **args,
				  int *rc)
{
	const char *out = runcmd_path("out");
	char *argv[64];
	int argc = 0;

	while (*args && argc < 60)
		argv[argc++] = (char *)*args++;
	argv[argc++] = "-o";
	argv[argc++] = (char *)out;
	argv[argc] = NULL;
	unlink(out);
	*rc = cmd(argc, argv);
	return slurp(out);
}

#endif
