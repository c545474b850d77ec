// SPDX-License-Identifier: GPL-2.0
/*
 * The same samples for both tools: turns `perf script` text of a
 * perf.data into an fgprof profile file, so bench/render.sh can time
 * fgprof's report and perf's own on exactly the same stacks (fgprof
 * cannot record on a host whose kernel takes no modules).
 *
 *   perf script -F comm,pid,tid,ip,dso -i perf.data |
 *       bench/perf2fgprof MAPS-FILE OUT-FILE PERIOD
 *
 * MAPS-FILE is /proc/PID/maps of the recorded program (deep_tree -m),
 * taken as every recorded pid's mappings (forked children share them).
 * perf prints a user frame as a file offset within its dso, so each is
 * put back at the address that mapping gives it. Frames at or above
 * 0xffff800000000000 are the kernel stack, the rest the user stack;
 * the kernel's _text comes from this machine's /proc/kallsyms, which is
 * the machine perf recorded on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "buildid.h"
#include "kallsyms.h"
#include "profile.h"

#define KERNEL_START	0xffff800000000000ull
#define MAX_FRAMES	1024

struct xmap {
	uint64_t start, end, offset;
	char path[4096];
	char build_id[BUILDID_HEX_LEN];	/* "" if none: a map without one must be a file without one */
};

static struct xmap maps[64];
static size_t nr_maps;

static int read_maps(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[8192], perms[8];
	struct xmap m;
	int n;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && nr_maps < 64) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %n",
			   &m.start, &m.end, perms, &m.offset, &n) < 4 ||
		    perms[2] != 'x' || line[n] != '/')
			continue;
		snprintf(m.path, sizeof(m.path), "%s", line + n);
		m.path[strcspn(m.path, "\n")] = 0;
		if (buildid_read(m.path, m.build_id, sizeof(m.build_id)) <= 0)
			m.build_id[0] = 0;
		maps[nr_maps++] = m;
	}
	fclose(f);
	return 0;
}

/* A frame as perf printed it ("OFFSET (DSO)") back to an address. */
static uint64_t to_addr(uint64_t ip, const char *dso)
{
	if (ip >= KERNEL_START)
		return ip;
	for (size_t i = 0; i < nr_maps; i++)
		if (!strcmp(maps[i].path, dso) && ip >= maps[i].offset &&
		    ip < maps[i].offset + (maps[i].end - maps[i].start))
			return maps[i].start + ip - maps[i].offset;
	return ip;	/* [vdso], [unknown]: left as it came */
}

static int flush(struct profile *p, struct profile_sample *s, uint64_t *ips,
		 uint32_t nr)
{
	uint32_t k = 0;
	int err = 0;

	while (k < nr && ips[k] >= KERNEL_START)
		k++;
	s->kstack = s->ustack = 0;
	if (k)
		err = profile_add_stack(p, true, false, ips, k, &s->kstack);
	if (!err && nr > k)
		err = profile_add_stack(p, false, false, ips + k, nr - k,
					&s->ustack);
	if (!err)
		err = profile_add_sample(p, s);
	return err;
}

int main(int argc, char **argv)
{
	static uint64_t ips[MAX_FRAMES];
	struct profile_sample s = { .count = 1 };
	struct profile *p;
	struct utsname u;
	char line[8192], dso[4096];
	uint32_t nr = 0, pids[256];
	size_t nr_pids = 0, samples = 0;
	bool in = false;
	int err = 0;

	if (argc != 4 || !strtoull(argv[3], NULL, 0)) {
		fprintf(stderr, "usage: perf script -F comm,pid,tid,ip,dso | perf2fgprof MAPS-FILE OUT-FILE PERIOD\n");
		return 2;
	}
	if (read_maps(argv[1]) || !nr_maps) {
		fprintf(stderr, "perf2fgprof: no executable file mappings in %s\n", argv[1]);
		return 1;
	}
	p = profile_new();
	if (!p)
		return 1;
	uname(&u);
	snprintf(p->hdr.tool, sizeof(p->hdr.tool), "perf2fgprof");
	snprintf(p->hdr.kernel, sizeof(p->hdr.kernel), "%.63s", u.release);
	p->hdr.kernel_text = kallsyms_text(NULL);
	snprintf(p->hdr.event, sizeof(p->hdr.event), "cpu-clock");
	p->hdr.event_type = 1;	/* PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK */
	p->hdr.rate = strtoull(argv[3], NULL, 0);	/* perf record -c */
	s.period = p->hdr.rate;
	p->hdr.flags = FGPROF_CF_KERNEL_STACK | FGPROF_CF_USER_STACK;
	p->hdr.nr_cpus = 1;

	while (!err && fgets(line, sizeof(line), stdin)) {
		uint64_t ip;
		char comm[64];
		unsigned pid, tid;

		if (line[0] == '\n') {	/* a sample ends */
			if (in && nr)
				err = flush(p, &s, ips, nr);
			samples += in;
			in = false;
			nr = 0;
		} else if (line[0] != '\t' && line[0] != ' ' &&
			   sscanf(line, "%63s %u/%u", comm, &pid, &tid) == 3) {
			snprintf(s.comm, sizeof(s.comm), "%.15s", comm);
			s.pid = pid;
			in = true;
			for (size_t i = 0; i < nr_pids; i++)
				if (pids[i] == pid)
					goto known;
			if (nr_pids < 256)
				pids[nr_pids++] = pid;
known:;
		} else if (in && nr < MAX_FRAMES &&
			   sscanf(line, " %" SCNx64 " (%4095[^)])", &ip, dso) == 2) {
			ips[nr++] = to_addr(ip, dso);
		}
	}
	if (!err && in && nr)
		err = flush(p, &s, ips, nr);
	for (size_t i = 0; !err && i < nr_pids; i++)
		for (size_t j = 0; !err && j < nr_maps; j++) {
			struct profile_map m = {
				.pid = pids[i], .start = maps[j].start,
				.end = maps[j].end, .offset = maps[j].offset,
				.path = maps[j].path,
				.build_id = maps[j].build_id[0] ? maps[j].build_id : NULL,
			};

			err = profile_add_map(p, &m);
		}
	p->stats.samples = p->stats.recorded = samples;
	if (!err)
		err = profile_save(p, argv[2]);
	if (err) {
		fprintf(stderr, "perf2fgprof: %s\n", strerror(-err));
		return 1;
	}
	fprintf(stderr, "perf2fgprof: %zu samples, %zu stacks, %zu pids\n",
		samples, p->nr_stacks, nr_pids);
	profile_free(p);
	return 0;
}
