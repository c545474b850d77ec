// SPDX-License-Identifier: GPL-2.0
/* record --continuous: one pprof file per interval, rotated. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "continuous.h"
#include "pprof.h"
#include "rotate.h"
#include "symbolize.h"

/* mkdir -p: the parents too, as a service's first start needs. */
static int make_dirs(const char *dir)
{
	char *path = strdup(dir), *s;
	int err = 0;

	if (!path)
		return -ENOMEM;
	for (s = path + 1; !err; s++) {
		bool last = !*s;

		if (*s != '/' && !last)
			continue;
		*s = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			err = -errno;
		if (last)
			break;
		*s = '/';
	}
	free(path);
	return err;
}

int continuous_init(struct continuous *c, const struct record_opts *o,
		    struct device_reader *rd, unsigned int nr_cpus,
		    const struct profile *base)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->rd = rd;
	c->base = base;
	err = make_dirs(o->out_dir);
	if (!err && access(o->out_dir, W_OK | X_OK))
		err = -errno;
	if (err) {
		report_error(o->out_dir, err);
		return err;
	}
	err = snapdiff_init(&c->diff, nr_cpus);
	if (err)
		report_error("record", err);
	return err;
}

void continuous_free(struct continuous *c)
{
	snapdiff_free(&c->diff);
	symbolizer_free(c->sym);
	c->sym = NULL;
}

int continuous_prepare(struct continuous *c)
{
	bool resolved;

	c->sym = symbolizer_new(c->base, &(struct sym_opts){ 0 });
	if (!c->sym)
		return -ENOMEM;
	c->sym_maps = c->base->nr_maps;
	/* Any kernel address reads /proc/kallsyms, once for the run. */
	symbolize_kernel(c->sym, c->base->hdr.kernel_text, false, &resolved);
	return 0;
}

void continuous_start(struct continuous *c, uint64_t real, uint64_t mono)
{
	c->start_real = real;
	c->start_mono = mono;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The recorded mappings of the interval's processes only. */
static int copy_maps(const struct profile *from, struct profile *to)
{
	uint32_t *pids = malloc((to->nr_samples + 1) * sizeof(*pids));
	size_t i;
	int err = 0;

	if (!pids)
		return -ENOMEM;
	for (i = 0; i < to->nr_samples; i++)
		pids[i] = to->samples[i].pid;
	qsort(pids, to->nr_samples, sizeof(*pids), cmp_u32);
	for (i = 0; !err && i < from->nr_maps; i++)
		if (bsearch(&from->maps[i].pid, pids, to->nr_samples,
			    sizeof(*pids), cmp_u32))
			err = profile_add_map(to, &from->maps[i]);
	free(pids);
	return err;
}

/*
 * One symbolizer for the whole run, on the recorder's maps: files stay
 * open and kernel symbols loaded from interval to interval (a new one
 * each time re-read /proc/kallsyms and every ELF file: seconds under
 * emulation), and new processes' maps are added as they come.
 */
static int symbolizer_for(struct continuous *c)
{
	if (!c->sym) {
		c->sym = symbolizer_new(c->base, &(struct sym_opts){ 0 });
		c->sym_maps = c->base->nr_maps;
		return c->sym ? 0 : -ENOMEM;
	}
	if (c->sym_maps == c->base->nr_maps)
		return 0;
	c->sym_maps = c->base->nr_maps;
	return symbolizer_sync_maps(c->sym);
}

/* pprof to a hidden file beside the final one, then renamed over it. */
static int write_file(const struct profile *p, struct symbolizer *sym,
		      const char *dir, const char *name)
{
	struct pprof_opts po = { 0 };
	char *tmp = NULL, *path = NULL;
	FILE *f = NULL;
	int err = 0;

	if (asprintf(&tmp, "%s/.%s.tmp", dir, name) < 0 ||
	    asprintf(&path, "%s/%s", dir, name) < 0) {
		free(tmp);
		return -ENOMEM;
	}
	f = fopen(tmp, "we");
	if (!f)
		err = -errno;
	if (!err)
		err = pprof_write(f, p, sym, &po);
	if (f) {
		if (!err && (fflush(f) || fsync(fileno(f))))
			err = -errno;
		if (fclose(f) && !err)
			err = -EIO;
	}
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	free(path);
	return err;
}

int continuous_cut(struct continuous *c, uint64_t real, uint64_t mono)
{
	const struct record_opts *o = c->o;
	struct profile *p = profile_new();
	char name[ROTATE_NAME_LEN];
	uint64_t missing = 0, samples, duration = mono - c->start_mono;
	long pruned;
	int err;

	if (!p)
		return -ENOMEM;
	p->hdr = c->base->hdr;
	p->hdr.start_realtime_ns = c->start_real;
	p->hdr.start_monotonic_ns = c->start_mono;
	p->hdr.duration_ns = duration;
	err = snapdiff_cut(&c->diff, c->rd, p, NULL, &missing);
	err = err ?: copy_maps(c->base, p);
	err = err ?: symbolizer_for(c);
	if (err) {
		profile_free(p);
		return err;
	}
	rotate_name(name, c->start_real, o->interval_ns < 1000000000ull);
	samples = profile_total_samples(p);
	/* A full disk loses this interval, not the recording. */
	err = write_file(p, c->sym, o->out_dir, name);
	profile_free(p);
	if (err) {
		report_error(name, err);
		c->write_errors++;
	} else {
		c->files++;
		c->samples += samples;
	}
	/* The next interval starts where this one's counts were read. */
	c->start_real = real;
	c->start_mono = mono;
	c->missing += missing;
	pruned = rotate_prune(o->out_dir, o->keep, o->max_bytes);
	if (pruned < 0)
		report_error(o->out_dir, pruned);
	else
		c->pruned += pruned;
	if (!o->quiet && !err)
		fprintf(stderr, "fgprof: %s/%s: %" PRIu64 " samples in %.3f s%s\n",
			o->out_dir, name, samples, duration / 1e9,
			pruned > 0 ? ", oldest file(s) removed" : "");
	return 0;
}
