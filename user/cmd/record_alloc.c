// SPDX-License-Identifier: GPL-2.0
/*
 * fgprof record --alloc: which file's allocator is probed, and one
 * FGPROF_IOC_UPROBE per function found in it, between configure and start.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "allocsyms.h"
#include "commands.h"
#include "record.h"
#include "record_alloc.h"

/*
 * --alloc=PATH, else the libc of the first -p process, else our own (a
 * command we launch runs on this system's libc, as we do).
 */
static int alloc_target(const struct record_opts *o, char *buf, size_t len)
{
	int err;

	if (o->alloc_path) {
		snprintf(buf, len, "%s", o->alloc_path);
		return 0;
	}
	err = allocsyms_libc_of(o->nr_pids && !o->tids ? o->pids[0] : 0, buf,
				len);
	if (err)
		fprintf(stderr, "fgprof: --alloc: %s maps no libc (a static binary?): name the file holding malloc with --alloc=PATH\n",
			o->nr_pids && !o->tids ? "the -p process" : "fgprof");
	return err;
}

static void explain_uprobe(const char *path, const char *fn, int err)
{
	switch (err) {
	case ENOSYS:
	case EOPNOTSUPP:
		fprintf(stderr, "fgprof: --alloc: this kernel has no uprobes (CONFIG_UPROBES): allocations cannot be recorded here\n");
		break;
	case EINVAL:
		fprintf(stderr, "fgprof: --alloc: the module refused a probe on %s in %s (%s): an fgprof.ko without --alloc support, or not a regular file\n",
			fn, path, strerror(err));
		break;
	default:
		fprintf(stderr, "fgprof: --alloc: probe on %s in %s: %s\n", fn,
			path, strerror(err));
		break;
	}
}

int record_alloc_probes(int dev, const struct record_opts *o)
{
	struct alloc_sym syms[FGPROF_MAX_UPROBES];
	char path[4096];
	int fd, nr, i, err = 0;

	if (alloc_target(o, path, sizeof(path)))
		return -1;
	nr = allocsyms_find(path, syms);
	if (nr < 0) {
		fprintf(stderr, "fgprof: --alloc=%s: %s\n", path,
			nr == -ENOEXEC ? "not an ELF file" : strerror(-nr));
		return -1;
	}
	if (!nr) {
		fprintf(stderr, "fgprof: --alloc=%s: no allocator function (malloc, calloc, realloc, memalign, aligned_alloc, posix_memalign, valloc, pvalloc) in its symbol tables\n",
			path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		report_error(path, -errno);
		return -1;
	}
	for (i = 0; i < nr && !err; i++) {
		struct fgprof_uprobe up = {
			.fd = fd,
			.size_arg = syms[i].size_arg,
			.offset = syms[i].offset,
			.flags = syms[i].flags,
		};

		if (ioctl(dev, FGPROF_IOC_UPROBE, &up) < 0) {
			err = errno;
			explain_uprobe(path, syms[i].name, err);
		}
	}
	/* The module holds the inode now; the descriptor is not needed. */
	close(fd);
	if (!err && !o->quiet) {
		fprintf(stderr, "fgprof: --alloc: %d probes on %s:", nr, path);
		for (i = 0; i < nr; i++)
			fprintf(stderr, " %s", syms[i].name);
		fputc('\n', stderr);
	}
	return err ? -1 : 0;
}

/* START is where uprobe_register() runs: its errors are explained here. */
void record_alloc_explain_start(int err)
{
	explain_uprobe("the probed file", "an allocator", -err);
}

void record_alloc_summary(const struct fgprof_stats *st, bool count)
{
	double mib = st->uprobe_bytes / (1024.0 * 1024.0);

	fprintf(stderr, "fgprof: allocations: %llu calls, %llu bytes (%.2f MiB) recorded, %llu filtered; dropped %llu (stacks full %llu, counts full %llu, nested %llu); unit %s\n",
		st->uprobe_recorded, st->uprobe_bytes, mib,
		st->uprobe_filtered,
		st->uprobe_drop_stacks_full + st->uprobe_drop_counts_full +
		st->uprobe_drop_nested,
		st->uprobe_drop_stacks_full, st->uprobe_drop_counts_full,
		st->uprobe_drop_nested, count ? "calls" : "bytes");
}
