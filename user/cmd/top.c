// SPDX-License-Identifier: GPL-2.0
/*
 * fgprof top: a session configured as record configures it, shown live:
 * every refresh reads the tables, takes what changed since the last one
 * (snapdiff.c), symbolizes it and draws the hottest functions, until q,
 * Ctrl-C, SIGTERM or -d.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "device.h"
#include "folded.h"
#include "kallsyms.h"
#include "cfi_tracker.h"
#include "mapsnap.h"
#include "record.h"
#include "snapdiff.h"
#include "symbolize.h"
#include "term.h"
#include "toptable.h"
#include "topview.h"

#define NSEC_PER_SEC		1000000000ull
#define TOP_DEFAULT_REFRESH_NS	NSEC_PER_SEC
#define TOP_PLAIN_ROWS		30	/* per refresh when not a terminal */

static const char usage_text[] =
"usage: fgprof top [record's sampling options] [--interval TIME] [-d SECS]\n"
"\n"
"Samples as fgprof record does and shows the hottest functions live,\n"
"refreshed every --interval (default 1s): by self (flat) and cumulative\n"
"value, with the sample rate and every loss counter. Keys: q quits, c\n"
"switches between the last interval and everything since the start.\n"
"Ctrl-C, SIGTERM and -d also end it; the terminal is restored.\n"
"\n"
"It takes fgprof record's options that choose what to sample: -e, -F,\n"
"-c, -a, -p, -t, -G, --kernel-only, --user-only, --per-thread, --idle,\n"
"--off-cpu, --wall, --wakeups, -m, -M, --state, depths and table sizes,\n"
"-D (see fgprof record --help). Not a COMMAND, --timeline or\n"
"--continuous. Not on a terminal, it prints one table per refresh.\n";

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

struct top {
	struct record_opts o;
	int fd;
	int cgroup_fd;
	struct fgprof_version ver;
	struct device_reader rd;
	struct profile *base;		/* header and maps of the session */
	struct mapsnap snap;
	bool cfi;			/* FGPROF_CF_USER_CFI: tables to keep */
	struct cfi_tracker tracker;	/* ... up to date */
	struct snapdiff diff;
	struct symbolizer *sym;
	size_t sym_maps;		/* base->nr_maps when sym was made */
	struct profile *delta, *total;	/* what the last refresh read */
	struct fgprof_stats now, last;	/* counters then and the time before */
	uint64_t start, cut, prev_cut;	/* CLOCK_MONOTONIC */
	bool cumulative;
	bool screen;			/* a terminal we drive */
	sigset_t wait_mask, orig_mask;
};

/* As record: signals land only while we sleep. */
static void setup_signals(struct top *t)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { 0 };
	sigset_t block;
	size_t i;

	sigemptyset(&block);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&block, sigs[i]);
		sigaction(sigs[i], &sa, NULL);
	}
	sigprocmask(SIG_BLOCK, &block, &t->orig_mask);
	t->wait_mask = t->orig_mask;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(&t->wait_mask, sigs[i]);
}

static void restore_signals(const struct top *t)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	sigprocmask(SIG_SETMASK, &t->orig_mask, NULL);
}

static void fill_header(struct top *t)
{
	struct profile_header *h = &t->base->hdr;
	const struct record_opts *o = &t->o;

	snprintf(h->tool, sizeof(h->tool), "%s", FGPROF_RELEASE);
	snprintf(h->kernel, sizeof(h->kernel), "%.*s",
		 (int)sizeof(t->ver.kernel), t->ver.kernel);
	h->kernel_text = kallsyms_text(NULL);
	snprintf(h->event, sizeof(h->event), "%s", o->event.name);
	h->event_type = o->event.type;
	h->event_config = o->event.config;
	h->precise_ip = o->event.precise_ip;
	h->freq = o->freq;
	h->rate = o->rate;
	h->flags = o->flags;
	h->nr_cpus = t->ver.nr_cpus;
	record_unit(o, h->unit, sizeof(h->unit));
}

static int draw(struct top *t)
{
	const struct profile *p = t->cumulative ? t->total : t->delta;
	struct folded_opts fo = { 0 };
	struct folded_summary sum;
	struct folded_stacks fs = { 0 };
	struct top_table tt = { 0 };
	struct topview v = {
		.event = t->o.event.name, .unit = t->base->hdr.unit,
		.rate = t->o.rate, .freq = t->o.freq,
		.cumulative = t->cumulative,
		.elapsed_s = (t->cut - t->start) / 1e9,
		.interval_s = (t->cut - t->prev_cut) / 1e9,
		.now = &t->now, .last = &t->last,
		.rows = TOP_PLAIN_ROWS,
	};
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	if (!p)
		return 0;
	if (t->screen) {
		term_size(STDOUT_FILENO, &v.rows, &v.cols);
		/* A newline on the last row would scroll the heading off. */
		v.rows = v.rows > 1 ? v.rows - 1 : 1;
	}
	err = folded_collect(p, t->sym, &fo, &fs, &sum);
	err = err ?: top_table_build(&fs, &tt);
	f = err ? NULL : open_memstream(&text, &len);
	if (!err && !f)
		err = -ENOMEM;
	if (f) {
		err = topview_write(f, &v, &tt);
		if (fclose(f) && !err)
			err = -ENOMEM;
	}
	top_table_free(&tt);
	folded_stacks_free(&fs);
	if (!err && t->screen) {
		const char *s = text, *nl;

		/* Home, each line then clear its rest, then the screen's. */
		fputs("\033[H", stdout);
		for (; *s; s = nl + 1) {
			nl = strchrnul(s, '\n');
			fprintf(stdout, "%.*s\033[K\n", (int)(nl - s), s);
			if (!*nl)
				break;
		}
		fputs("\033[J", stdout);
	} else if (!err) {
		fprintf(stdout, "%s\n", text);
	}
	free(text);
	if (!err && (fflush(stdout) || ferror(stdout)))
		err = -EIO;
	return err;
}

/*
 * New processes' maps and unwind tables, and a symbolizer that knows
 * them. The tables of a process come at its first refresh with samples,
 * as record's do at its first scan; a rescan follows libraries loaded.
 */
static int learn_processes(struct top *t)
{
	size_t i;
	int err = t->cfi ? cfi_tracker_rescan(&t->tracker) : 0;

	for (i = 0; !err && i < t->total->nr_samples; i++) {
		uint32_t pid = t->total->samples[i].pid;

		if (!t->total->samples[i].ustack)
			continue;
		if (t->cfi && !cfi_tracker_follows(&t->tracker, pid))
			err = cfi_tracker_scan(&t->tracker, pid);
		if (!err && !mapsnap_seen(&t->snap, pid))
			err = mapsnap_take(&t->snap, pid);
	}
	if (err)
		return err;
	if (t->sym && t->sym_maps == t->base->nr_maps)
		return 0;
	t->sym_maps = t->base->nr_maps;
	/* Files stay open and kernel symbols loaded: only maps are added. */
	if (t->sym)
		return symbolizer_sync_maps(t->sym);
	t->sym = symbolizer_new(t->base, &(struct sym_opts){ 0 });
	return t->sym ? 0 : -ENOMEM;
}

static int refresh(struct top *t)
{
	struct profile *delta = profile_new(), *total = profile_new();
	int err = delta && total ? 0 : -ENOMEM;

	if (!err) {
		delta->hdr = t->base->hdr;
		total->hdr = t->base->hdr;
		t->prev_cut = t->cut;
		t->cut = clock_ns(CLOCK_MONOTONIC);
		err = snapdiff_cut(&t->diff, &t->rd, delta, total, NULL);
	}
	if (!err) {
		t->last = t->now;
		err = device_stats(t->fd, &t->now);
	}
	if (err) {
		profile_free(delta);
		profile_free(total);
		return err;
	}
	profile_free(t->delta);
	profile_free(t->total);
	t->delta = delta;
	t->total = total;
	return learn_processes(t) ?: draw(t);
}

/* Keys: q quits (returns 1), c switches what is shown. */
static int read_keys(struct top *t)
{
	char buf[64];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf)), i;

	if (n == 0)
		return 1;	/* the terminal is gone */
	for (i = 0; i < n; i++) {
		if (buf[i] == 'q' || buf[i] == 'Q')
			return 1;
		if (buf[i] == 'c' || buf[i] == 'C') {
			t->cumulative = !t->cumulative;
			return draw(t);
		}
	}
	return 0;
}

static int loop(struct top *t)
{
	uint64_t interval = t->o.interval_ns ?: TOP_DEFAULT_REFRESH_NS;
	uint64_t deadline = t->o.duration_set ? t->start + t->o.duration_ns : 0;
	uint64_t next = t->start + interval;
	int err;

	for (;;) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		uint64_t now = clock_ns(CLOCK_MONOTONIC), wake;
		struct timespec ts;
		int n;

		if (stop_signal || (deadline && now >= deadline))
			return 0;
		if (now >= next) {
			err = refresh(t);
			if (err)
				return err;
			/*
			 * From the end of the refresh: a slow one (the first
			 * symbolizes everything) must not make the next
			 * interval a sliver.
			 */
			next = clock_ns(CLOCK_MONOTONIC) + interval;
		}
		if (t->screen && term_redraw_due()) {
			fputs("\033[2J", stdout);
			err = draw(t);
			if (err)
				return err;
		}
		wake = deadline && deadline < next ? deadline : next;
		now = clock_ns(CLOCK_MONOTONIC);
		wake = wake > now ? wake - now : 0;
		ts.tv_sec = wake / NSEC_PER_SEC;
		ts.tv_nsec = wake % NSEC_PER_SEC;
		n = ppoll(&pfd, t->screen ? 1 : 0, &ts, &t->wait_mask);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0 && (pfd.revents & (POLLHUP | POLLERR)))
			return 0;
		if (n > 0 && (pfd.revents & POLLIN)) {
			err = read_keys(t);
			if (err)
				return err > 0 ? 0 : err;
		}
	}
}

/* --user-unwind: the -p targets' tables before the first sample. */
static int start_tables(struct top *t)
{
	uint32_t i;
	int err = 0;

	cfi_tracker_init(&t->tracker, t->fd);
	for (i = 0; !err && !t->o.tids && i < t->o.nr_pids; i++)
		err = cfi_tracker_scan(&t->tracker, t->o.pids[i]);
	return err;
}

static int session(struct top *t)
{
	struct fgprof_config cfg;
	int err;

	t->fd = device_open_checked(t->o.device, &t->ver);
	if (t->fd < 0) {
		report_error(t->o.device, t->fd);
		return 1;
	}
	device_reader_init(&t->rd, t->fd);
	if (snapdiff_init(&t->diff, t->ver.nr_cpus)) {
		report_error("top", -ENOMEM);
		return 1;
	}
	if (t->o.cgroup) {
		t->cgroup_fd = record_open_cgroup(t->o.cgroup);
		if (t->cgroup_fd < 0) {
			report_error(t->o.cgroup, t->cgroup_fd);
			return 1;
		}
	}
	fill_header(t);
	record_config(&t->o, 0, t->cgroup_fd, &cfg);
	err = device_configure(t->fd, &cfg);
	if (err) {
		report_error("configure", err);
		return 1;
	}
	t->cfi = cfg.flags & FGPROF_CF_USER_CFI;
	if (t->cfi)
		err = start_tables(t);
	if (err) {
		report_error("loading unwind tables", err);
		device_reset(t->fd);
		return 1;
	}
	setup_signals(t);
	t->screen = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
		    !term_enter(STDOUT_FILENO);
	t->start = t->cut = clock_ns(CLOCK_MONOTONIC);
	err = device_start(t->fd);
	if (!err)
		err = loop(t);
	device_stop(t->fd);
	if (t->screen)
		term_leave();
	restore_signals(t);
	device_reset(t->fd);
	if (err) {
		report_error("top", err);
		return 1;
	}
	return 0;
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

int cmd_top(int argc, char **argv)
{
	struct top t;
	int ret;

	if (wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	memset(&t, 0, sizeof(t));
	t.fd = -1;
	t.cgroup_fd = -1;
	ret = record_parse_args(argc, argv, &t.o);
	if (ret)
		return ret > 0 ? 0 : 2;
	if (t.o.command || t.o.continuous || t.o.tables.timeline_slots ||
	    t.o.alloc || t.o.lock_wait || t.o.archive) {
		fprintf(stderr, "fgprof top: a COMMAND, --continuous, --timeline, --alloc, --lock-wait and --archive are record's, not top's\n");
		return 2;
	}
	if (!t.o.duration_set)
		t.o.duration_ns = 0;	/* until q */
	t.base = profile_new();
	if (!t.base || mapsnap_init(&t.snap, t.base)) {
		report_error("top", -ENOMEM);
		profile_free(t.base);
		return 1;
	}
	ret = session(&t);
	if (t.cfi)
		cfi_tracker_free(&t.tracker);
	symbolizer_free(t.sym);
	profile_free(t.delta);
	profile_free(t.total);
	snapdiff_free(&t.diff);
	mapsnap_free(&t.snap);
	profile_free(t.base);
	device_reader_free(&t.rd);
	if (t.cgroup_fd >= 0)
		close(t.cgroup_fd);
	if (t.fd >= 0)
		close(t.fd);
	return ret;
}
