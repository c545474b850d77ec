// SPDX-License-Identifier: GPL-2.0
/*
 * fgprof record: configure the device, sample, snapshot the mappings of
 * the processes seen while they still live, then read every CPU's tables
 * into a profile file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "cfi_tracker.h"
#include "child.h"
#include "clock.h"
#include "collect.h"
#include "commands.h"
#include "continuous.h"
#include "device.h"
#include "kallsyms.h"
#include "kmaps.h"
#include "mapsnap.h"
#include "profile_ksyms.h"
#include "record.h"
#include "record_alloc.h"
#include "stackq.h"
#include "symbolize.h"

#define NSEC_PER_MSEC	1000000ull
#define NSEC_PER_SEC	1000000000ull
#define DRAIN_NS	(100 * NSEC_PER_MSEC)	/* timeline drain period */
#define SCAN_NS		(250 * NSEC_PER_MSEC)	/* new-process scan period */

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t child_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_child(int sig)
{
	(void)sig;
	child_signal = 1;
}

struct recorder {
	const struct record_opts *o;
	int fd;
	int cgroup_fd;
	struct fgprof_version ver;
	unsigned int nr_cpu_ids;	/* CPU ids to read: 0 .. nr_cpu_ids - 1 */
	struct device_reader rd;
	struct profile *p;
	struct collector col;
	struct mapsnap snap;
	struct child child;
	struct continuous cont;		/* --continuous */
	bool have_child;
	bool maps;			/* FGPROF_CF_MAPS: the module's records */
	bool cfi;			/* FGPROF_CF_USER_CFI: tables to keep */
	struct cfi_tracker tracker;	/* ... up to date */
	bool signals_set;
	sigset_t wait_mask;		/* during ppoll: our signals let in */
	sigset_t orig_mask;
};

/*
 * Signals stay blocked except while we sleep, so a Ctrl-C lands between
 * two steps and never in the middle of reading tables or writing the file.
 */
static void setup_signals(struct recorder *r)
{
	struct sigaction sa = { 0 };
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &r->orig_mask);
	r->signals_set = true;
	r->wait_mask = r->orig_mask;
	sigdelset(&r->wait_mask, SIGINT);
	sigdelset(&r->wait_mask, SIGTERM);
	sigdelset(&r->wait_mask, SIGHUP);
	sigdelset(&r->wait_mask, SIGCHLD);

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

static void restore_signals(const struct recorder *r)
{
	if (!r->signals_set)
		return;
	/*
	 * A stop request that came while we were finishing (blocked, so
	 * still pending) asked for what is done already: ignoring discards
	 * it, instead of dying by it once unblocked, after the file and the
	 * summary were written, with its status instead of ours.
	 */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, &r->orig_mask, NULL);
}

static void explain_configure(const struct recorder *r, int err)
{
	const struct record_opts *o = r->o;
	char buf[512];
	const char *why;

	if ((o->flags & FGPROF_CF_LBR) &&
	    (err == -ENOENT || err == -EOPNOTSUPP || err == -ENODEV)) {
		fprintf(stderr, "fgprof: --lbr: %s\n  this machine gives no LBR call stacks with -e %s (LBR needs an Intel CPU and its PMU; a VM or an AMD CPU usually has none): record without --lbr (frame pointers)\n",
			strerror(-err), o->event.name);
		return;
	}
	why = event_explain_error(&o->event, err, buf, sizeof(buf));
	if (why) {
		fprintf(stderr, "fgprof: %s\n", why);
		return;
	}
	switch (-err) {
	case EPERM:
	case EACCES:
		fprintf(stderr, "fgprof: configure: %s\n  sampling needs root (CAP_PERFMON or CAP_SYS_ADMIN)\n",
			strerror(-err));
		break;
	case EBUSY:
		fprintf(stderr, "fgprof: configure: %s\n  another fgprof session owns the device or is sampling; 'fgprof stats' shows its state\n",
			strerror(-err));
		break;
	case E2BIG:
		fprintf(stderr, "fgprof: configure: %s\n  the tables exceed the module's memory cap (its max_mb parameter): lower --stack-slots, --stack-frames, --count-slots or --timeline\n",
			strerror(-err));
		break;
	case EBADF:
		if (o->cgroup) {
			fprintf(stderr, "fgprof: -G %s: not a cgroup v2 directory\n",
				o->cgroup);
			break;
		}
		report_error("configure", err);
		break;
	case EINVAL:
		fprintf(stderr, "fgprof: configure: %s\n  the module refused the settings: check the table sizes and depths, and -F against /proc/sys/kernel/perf_event_max_sample_rate\n",
			strerror(-err));
		break;
	default:
		report_error("configure", err);
		break;
	}
}

/* Reads one table of every CPU id (holes in the possible mask read empty). */
static int read_all(struct recorder *r, unsigned int table,
		    device_record_fn fn, void *ctx)
{
	unsigned int cpu;
	long n;

	for (cpu = 0; cpu < r->nr_cpu_ids; cpu++) {
		n = device_read_table(&r->rd, table, cpu, fn, ctx);
		if (n < 0)
			return n;
	}
	return 0;
}

static int drain_timeline(struct recorder *r)
{
	if (!r->o->tables.timeline_slots)
		return 0;
	return read_all(r, FGPROF_TABLE_TIMELINE, collector_timeline, &r->col);
}

/* A count record naming a process we have not snapshotted yet. */
static int note_process(void *ctx, unsigned int cpu, const void *rec,
			size_t len)
{
	struct recorder *r = ctx;
	const struct fgprof_count_rec *c = rec;

	(void)cpu;
	(void)len;
	/* Every process with samples gets its tables (-a: each one seen). */
	if (r->cfi && !cfi_tracker_follows(&r->tracker, c->tgid) &&
	    cfi_tracker_scan(&r->tracker, c->tgid))
		return -ENOMEM;
	if (mapsnap_seen(&r->snap, c->tgid))
		return 0;
	return mapsnap_take(&r->snap, c->tgid);
}

/* --user-unwind: the targets' tables, and changes since the last look. */
static int cfi_targets(struct recorder *r, bool child)
{
	uint32_t i;
	int err;

	if (!r->cfi)
		return 0;
	err = cfi_tracker_rescan(&r->tracker);
	if (!err && child && r->have_child &&
	    !cfi_tracker_follows(&r->tracker, r->child.pid))
		err = cfi_tracker_scan(&r->tracker, r->child.pid);
	for (i = 0; !err && !r->o->tids && i < r->o->nr_pids; i++)
		if (!cfi_tracker_follows(&r->tracker, r->o->pids[i]))
			err = cfi_tracker_scan(&r->tracker, r->o->pids[i]);
	return err;
}

/* The processes we were pointed at may load libraries at any time. */
static int retake_targets(struct recorder *r)
{
	uint32_t i;
	int err = cfi_targets(r, true);

	if (!err && r->have_child)
		err = mapsnap_take(&r->snap, r->child.pid);
	for (i = 0; !err && !r->o->tids && i < r->o->nr_pids; i++)
		err = mapsnap_take(&r->snap, r->o->pids[i]);
	return err;
}

static int scan_processes(struct recorder *r)
{
	int err = retake_targets(r);

	return err ?: read_all(r, FGPROF_TABLE_COUNTS, note_process, r);
}

static bool targets_gone(const struct recorder *r)
{
	char path[64];
	uint32_t i;

	if (!r->o->nr_pids)
		return false;
	for (i = 0; i < r->o->nr_pids; i++) {
		snprintf(path, sizeof(path), "/proc/%d", r->o->pids[i]);
		if (!access(path, F_OK))
			return false;
	}
	return true;
}

/* --continuous: the interval ends now; new processes' maps first. */
/* A mapping record of the module, for a process /proc could not give. */
static int kmap_record(void *ctx, unsigned int cpu, const void *rec,
		       size_t len)
{
	struct recorder *r = ctx;
	struct procmap m;
	uint32_t pid;
	int err;

	(void)cpu;
	if (!kmaps_decode(rec, len, &pid, &m))
		return -EPROTO;
	err = mapsnap_add_kernel(&r->snap, pid, &m);
	return err < 0 ? err : 0;
}

/* After the /proc snapshots: the exited processes' own records stand in. */
static int apply_kernel_maps(struct recorder *r)
{
	long n;

	if (!r->maps)
		return 0;
	r->snap.stale = 0;	/* each pass reads the whole table again */
	n = device_read_table(&r->rd, FGPROF_TABLE_MAPS, 0, kmap_record, r);
	return n < 0 ? n : 0;
}

static int cut_interval(struct recorder *r, bool scan)
{
	int err = scan ? scan_processes(r) : 0;
	uint64_t real, mono;

	err = err ?: apply_kernel_maps(r);
	if (err)
		return err;
	clock_pair(&real, &mono);
	return continuous_cut(&r->cont, real, mono);
}

/*
 * Until a signal, the deadline, the command's exit or the -p targets'
 * exits. A command is scanned soon after its exec (short-lived ones too),
 * and often while its loader maps its libraries (their samples walk by
 * frame pointers until a scan maps their tables), then every SCAN_NS.
 */
static int wait_loop(struct recorder *r, uint64_t start)
{
	static const uint64_t first_scans[] = {
		10 * NSEC_PER_MSEC, 10 * NSEC_PER_MSEC, 15 * NSEC_PER_MSEC,
		20 * NSEC_PER_MSEC, 25 * NSEC_PER_MSEC, 30 * NSEC_PER_MSEC,
		40 * NSEC_PER_MSEC, 50 * NSEC_PER_MSEC, 60 * NSEC_PER_MSEC,
	};
	uint64_t deadline = r->o->duration_ns ? start + r->o->duration_ns : 0;
	uint64_t next_drain = start + DRAIN_NS;
	uint64_t next_scan = start + first_scans[0];
	/* Boundaries at start + k * interval: no drift over a long run. */
	uint64_t next_cut = r->o->continuous ? start + r->o->interval_ns : 0;
	unsigned int scans = 0;
	int err;

	for (;;) {
		uint64_t now = clock_ns(CLOCK_MONOTONIC), wake;
		struct timespec ts;

		if (stop_signal || (deadline && now >= deadline))
			return 0;
		if (r->have_child && (child_signal || r->child.reaped)) {
			child_signal = 0;
			if (child_exited(&r->child))
				return 0;
		}
		if (now >= next_drain) {
			err = drain_timeline(r);
			if (err)
				return err;
			next_drain = now + DRAIN_NS;
		}
		if (now >= next_scan) {
			err = scan_processes(r);
			if (err)
				return err;
			scans++;
			next_scan = now + (scans < sizeof(first_scans) /
					   sizeof(first_scans[0]) ?
					   first_scans[scans] : SCAN_NS);
			if (targets_gone(r))
				return 0;
		}
		if (next_cut && now >= next_cut) {
			err = cut_interval(r, true);
			if (err)
				return err;
			/* A cut slower than an interval skips a boundary. */
			now = clock_ns(CLOCK_MONOTONIC);
			while (next_cut <= now)
				next_cut += r->o->interval_ns;
		}
		wake = next_scan;
		if (next_cut && next_cut < wake)
			wake = next_cut;
		if (r->o->tables.timeline_slots && next_drain < wake)
			wake = next_drain;
		if (deadline && deadline < wake)
			wake = deadline;
		now = clock_ns(CLOCK_MONOTONIC);
		wake = wake > now ? wake - now : 0;
		ts.tv_sec = wake / NSEC_PER_SEC;
		ts.tv_nsec = wake % NSEC_PER_SEC;
		if (ppoll(NULL, 0, &ts, &r->wait_mask) < 0 && errno != EINTR)
			return -errno;
	}
}

static int read_tables(struct recorder *r)
{
	unsigned int cpu;
	long n;

	/* Per CPU: its stacks first, so its counts can be translated. */
	for (cpu = 0; cpu < r->nr_cpu_ids; cpu++) {
		n = device_read_table(&r->rd, FGPROF_TABLE_STACKS, cpu,
				      collector_stack, &r->col);
		if (n == -EINVAL)
			continue;
		if (n >= 0)
			n = device_read_table(&r->rd, FGPROF_TABLE_COUNTS, cpu,
					      collector_count, &r->col);
		if (n < 0)
			return n;
	}
	return drain_timeline(r) ?: collector_finish(&r->col);
}

/* Processes that showed up late may still be alive after the stop. */
static int snapshot_stragglers(struct recorder *r)
{
	size_t i;
	int err;

	for (i = 0; i < r->p->nr_samples; i++) {
		uint32_t pid = r->p->samples[i].pid;

		if (!r->p->samples[i].ustack || mapsnap_seen(&r->snap, pid))
			continue;
		err = mapsnap_take(&r->snap, pid);
		if (err)
			return err;
	}
	return 0;
}

static void fill_header(struct recorder *r)
{
	struct profile_header *h = &r->p->hdr;
	const struct record_opts *o = r->o;

	snprintf(h->tool, sizeof(h->tool), "%s", FGPROF_RELEASE);
	snprintf(h->kernel, sizeof(h->kernel), "%.*s",
		 (int)sizeof(r->ver.kernel), r->ver.kernel);
	h->kernel_text = kallsyms_text(NULL);
	/* --alloc has no perf event: its probes are the event. */
	snprintf(h->event, sizeof(h->event), "%s",
		 o->alloc ? "alloc" : o->event.name);
	h->event_type = o->event.type;
	h->event_config = o->event.config;
	h->precise_ip = o->event.precise_ip;
	h->freq = o->freq;
	h->rate = o->rate;
	h->flags = o->flags | (o->freq ? FGPROF_CF_FREQ : 0) |
		   (o->tids ? FGPROF_CF_TIDS : 0) |
		   (r->cgroup_fd >= 0 ? FGPROF_CF_CGROUP : 0);
	h->tables = o->tables;
	/* How user stacks were walked, for the stack-quality report. */
	if (r->cfi)
		h->flags |= FGPROF_CF_USER_CFI;
	h->nr_cpus = r->nr_cpu_ids;
	record_unit(o, h->unit, sizeof(h->unit));
}

static void print_summary(const struct recorder *r)
{
	const struct fgprof_stats *st = &r->p->stats;
	char timeline[96] = "";

	if (r->o->tables.timeline_slots)
		snprintf(timeline, sizeof(timeline),
			 ", timeline %" PRIu64 " (%" PRIu64 " dropped)",
			 (uint64_t)r->p->nr_timeline,
			 (uint64_t)st->drop_timeline_full);
	fprintf(stderr, "fgprof: %llu samples, %llu recorded, %llu dropped (counts full %llu, stacks full %llu, nested %llu), %llu truncated, %llu user-read faults, %zu stacks%s -> %s\n",
		st->samples, st->recorded,
		st->drop_counts_full + st->drop_stacks_full + st->drop_nested,
		st->drop_counts_full, st->drop_stacks_full, st->drop_nested,
		st->kernel_truncated + st->user_truncated,
		st->user_read_faults, r->p->nr_stacks, timeline,
		r->o->output ?: r->o->out_dir);
	if (r->o->continuous)
		fprintf(stderr, "fgprof: %" PRIu64 " interval files, %" PRIu64 " samples in them, in %s\n",
			r->cont.files, r->cont.samples, r->o->out_dir);
	if (r->o->flags & FGPROF_CF_OFFCPU)
		fprintf(stderr, "fgprof: off-CPU: %llu switch-outs, %llu intervals recorded (%.3f s), %llu filtered, %llu short, %llu long, %llu still blocked at stop, %llu wakers; dropped %llu (in-flight full %llu, stacks full %llu, counts full %llu, nested %llu), %llu clock skew\n",
			st->offcpu_switch_outs, st->offcpu_recorded,
			st->offcpu_ns / 1e9, st->offcpu_filtered,
			st->offcpu_short, st->offcpu_long,
			st->offcpu_open_at_stop, st->wakeups,
			st->offcpu_drop_inflight_full +
			st->offcpu_drop_stacks_full +
			st->offcpu_drop_counts_full + st->offcpu_drop_nested,
			st->offcpu_drop_inflight_full,
			st->offcpu_drop_stacks_full,
			st->offcpu_drop_counts_full, st->offcpu_drop_nested,
			st->offcpu_clock_skew);
	if (r->o->alloc)
		record_alloc_summary(st, r->o->alloc_count);
	if (st->cpu_event_errors)
		fprintf(stderr, "fgprof: warning: %u CPUs could not create the event (see dmesg): their samples are missing\n",
			st->cpu_event_errors);
	if (r->col.hidden_stacks)
		fprintf(stderr, "fgprof: %lu kernel stacks withheld (this process lacks CAP_PERFMON): samples keep their user part only\n",
			(unsigned long)r->col.hidden_stacks);
	if (r->col.missing_stacks)
		fprintf(stderr, "fgprof: warning: %" PRIu64 " samples named stacks the module did not return: left out\n",
			r->col.missing_stacks);
	if (r->maps)
		fprintf(stderr, "fgprof: mappings captured in-process: %llu captures of %llu queued, %llu records (%llu bytes), used for %lu exited processes (%lu mappings skipped: file changed since); dropped %llu (pool empty %llu, seen table full %llu, gone first %llu, buffer full %llu)\n",
			st->maps_captured, st->maps_queued, st->maps_records,
			st->maps_bytes, r->snap.covered, r->snap.stale,
			st->maps_drop_pool_empty + st->maps_drop_seen_full +
			st->maps_drop_gone + st->maps_drop_records,
			st->maps_drop_pool_empty, st->maps_drop_seen_full,
			st->maps_drop_gone, st->maps_drop_records);
	if (r->cfi)
		fprintf(stderr, "fgprof: user unwinding by tables: %lu tables (%" PRIu64 " bytes, %lu compiled by an earlier run: %s) for %zu processes, %lu files without CFI, %lu loads and %lu mapping updates refused; frames by table %llu, by frame pointer %llu; walks ended early: no information %llu, unsupported rule %llu, read fault %llu, bad CFA %llu\n",
			r->tracker.tables, r->tracker.bytes,
			r->tracker.cached,
			r->tracker.cache_dir ? r->tracker.cache_dir : "no cache",
			r->tracker.nr_procs,
			r->tracker.no_cfi, r->tracker.load_errors,
			r->tracker.map_errors, st->user_frames_cfi,
			st->user_frames_fp, st->cfi_stop_no_info,
			st->cfi_stop_unsupported, st->cfi_stop_fault,
			st->cfi_stop_bad_cfa);
	if (mapsnap_uncovered(&r->snap))
		fprintf(stderr, "fgprof: %lu processes exited before their mappings were read: their user frames stay unsymbolized\n",
			mapsnap_uncovered(&r->snap));
}

/* The stack-quality report (stackq.h): the profile named as report will. */
static void print_quality(const struct recorder *r)
{
	struct sym_opts so = { 0 };
	struct symbolizer *s = symbolizer_new(r->p, &so);
	struct stackq q;

	if (s && !stackq_collect(r->p, s, &q)) {
		stackq_print(stderr, r->p, &q);
		stackq_free(&q);
	}
	symbolizer_free(s);
}

static int configure(struct recorder *r)
{
	struct fgprof_config cfg;
	int err;

	record_config(r->o, r->have_child ? r->child.pid : 0, r->cgroup_fd,
		      &cfg);
	/* Short-lived processes' mappings, unless asked not to. */
	r->maps = !r->o->no_maps && (cfg.flags & FGPROF_CF_USER_STACK);
	if (r->maps)
		cfg.flags |= FGPROF_CF_MAPS;
	err = device_configure(r->fd, &cfg);
	if (err)
		explain_configure(r, err);
	r->cfi = !err && (cfg.flags & FGPROF_CF_USER_CFI);
	if (r->cfi) {
		cfi_tracker_init(&r->tracker, r->fd);
		/*
		 * -p targets unwind by tables from the first sample on, and
		 * so does the command: until its exec it is a copy of us
		 * (its samples there walk our tables), then it is scanned
		 * right after the exec with its program's tables ready.
		 */
		err = cfi_targets(r, true);
		if (!err && r->have_child)
			err = cfi_tracker_prewarm(&r->tracker);
		if (!err && r->have_child)
			err = cfi_tracker_prewarm_command(&r->tracker,
							  r->o->command[0]);
		if (err)
			report_error("loading unwind tables", err);
	}
	if (!err && r->o->alloc && record_alloc_probes(r->fd, r->o)) {
		device_reset(r->fd);	/* no session left holding probes */
		err = -EINVAL;
	}
	return err;
}

/* --archive: the binaries beside the file, as `fgprof archive` does. */
static int save_archive(struct recorder *r)
{
	struct archive_result res;
	char *dir;
	int err;

	if (asprintf(&dir, "%s%s", r->o->output, ARCHIVE_SUFFIX) < 0) {
		report_error("--archive", -ENOMEM);
		return -ENOMEM;
	}
	err = archive_write(r->p, dir, stderr, &res);
	if (err)
		report_error(dir, err);
	else
		archive_print_result(dir, &res, r->o->quiet);
	free(dir);
	return err;
}

/* Everything after a successful START: returns the exit code. */
static int run(struct recorder *r)
{
	const struct record_opts *o = r->o;
	uint64_t start, real;
	int err;

	fill_header(r);
	if (o->continuous && continuous_prepare(&r->cont)) {
		report_error("record", -ENOMEM);
		return 1;
	}
	/*
	 * Until its exec the command is a copy of us, sampled too: its
	 * mappings read now name those samples' frames (the exec's are
	 * added at the scans; a pid keeps both). Before the start: the
	 * command waits for its release, its time not yet counted.
	 */
	if (r->have_child && mapsnap_take(&r->snap, r->child.pid)) {
		report_error("record", -ENOMEM);
		return 1;
	}
	clock_pair(&real, &start);
	err = device_start(r->fd);
	if (err) {
		if (o->alloc)
			record_alloc_explain_start(err);
		else
			report_error("start", err);
		return 1;
	}
	r->p->hdr.start_realtime_ns = real;
	r->p->hdr.start_monotonic_ns = start;
	if (o->continuous)
		continuous_start(&r->cont, real, start);
	if (r->have_child) {
		err = child_release(&r->child);
		if (err) {
			fprintf(stderr, "fgprof: cannot run %s: %s\n",
				o->command[0], strerror(-err));
			device_stop(r->fd);
			return 127;
		}
		/* The exec is done: its tables from its first samples on. */
		err = cfi_targets(r, true);
		if (err) {
			report_error("loading unwind tables", err);
			device_stop(r->fd);
			return 1;
		}
	}
	err = wait_loop(r, start);
	/* The last look before stopping, while the processes still live. */
	err = err ?: scan_processes(r);
	err = err ?: mapsnap_retake_all(&r->snap);
	device_stop(r->fd);
	r->p->hdr.duration_ns = clock_ns(CLOCK_MONOTONIC) - start;
	/* The last interval ends at the stop: its counts are final. */
	if (o->continuous)
		err = err ?: cut_interval(r, false);
	if (r->have_child)
		child_finish(&r->child, 2000);
	err = err ?: device_stats(r->fd, &r->p->stats);
	err = err ?: read_tables(r);
	/*
	 * Before the stragglers: only the lock waiters' maps are needed.
	 * The stacks are final from here: their kernel symbols are stored.
	 */
	err = err ?: profile_record_ksyms(r->p, o->lock_wait, o->quiet);
	err = err ?: snapshot_stragglers(r);
	err = err ?: apply_kernel_maps(r);
	if (err) {
		report_error("reading the profile", err);
		return 1;
	}
	err = o->output ? profile_save(r->p, o->output) : 0;
	if (err) {
		report_error(o->output, err);
		return 1;
	}
	if (o->archive && save_archive(r))
		return 1;
	if (!o->quiet) {
		print_summary(r);
		print_quality(r);
	}
	return 0;
}

static int record(struct recorder *r)
{
	const struct record_opts *o = r->o;
	int err, code;

	r->fd = device_open_checked(o->device, &r->ver);
	if (r->fd < 0) {
		if (r->fd == -EPROTO)
			fprintf(stderr, "fgprof: module abi %u, tool abi %u\n",
				r->ver.abi_version, FGPROF_ABI_VERSION);
		report_error(o->device, r->fd);
		return 1;
	}
	device_reader_init(&r->rd, r->fd);
	r->nr_cpu_ids = r->ver.nr_cpus;
	if (collector_init(&r->col, r->p, r->nr_cpu_ids)) {
		report_error("record", -ENOMEM);
		return 1;
	}
	if (o->continuous && continuous_init(&r->cont, o, &r->rd,
					     r->nr_cpu_ids, r->p))
		return 1;
	if (o->cgroup) {
		r->cgroup_fd = record_open_cgroup(o->cgroup);
		if (r->cgroup_fd < 0) {
			report_error(o->cgroup, r->cgroup_fd);
			return 1;
		}
	}
	setup_signals(r);
	if (o->command) {
		err = child_spawn(&r->child, o->command, &r->orig_mask);
		if (err) {
			report_error("fork", err);
			return 1;
		}
		r->have_child = true;
	}
	err = configure(r);
	if (err) {
		if (r->have_child)
			child_abort(&r->child);
		return 1;
	}
	code = run(r);
	if (r->have_child) {
		child_abort(&r->child);	/* no-op unless run() gave up early */
		if (!code)
			code = child_exit_code(r->child.status);
	}
	/* The profile is on disk: give the module its memory back. */
	device_reset(r->fd);
	if (r->cfi)
		cfi_tracker_free(&r->tracker);
	return code;
}

/* Before sampling, not after: a recording must not die at the last step. */
static int check_output(const char *path)
{
	char *tmp;
	int fd, err = 0;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		err = errno == EEXIST ? 0 : -errno;
	else {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	return err;
}

int cmd_record(int argc, char **argv)
{
	struct record_opts o;
	struct recorder r;
	uint32_t i;
	int ret;

	ret = record_parse_args(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : 2;
	for (i = 0; i < o.nr_pids; i++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d", o.pids[i]);
		if (access(path, F_OK)) {
			fprintf(stderr, "fgprof: %s %d: no such %s\n",
				o.tids ? "-t" : "-p", o.pids[i],
				o.tids ? "thread" : "process");
			return 1;
		}
	}

	ret = o.output ? check_output(o.output) : 0;
	if (ret) {
		report_error(o.output, ret);
		return 1;
	}

	memset(&r, 0, sizeof(r));
	r.o = &o;
	r.fd = -1;
	r.cgroup_fd = -1;
	r.p = profile_new();
	if (!r.p || mapsnap_init(&r.snap, r.p)) {
		report_error("record", -ENOMEM);
		profile_free(r.p);
		return 1;
	}
	ret = record(&r);
	restore_signals(&r);
	device_reader_free(&r.rd);
	collector_free(&r.col);
	continuous_free(&r.cont);
	mapsnap_free(&r.snap);
	profile_free(r.p);
	if (r.cgroup_fd >= 0)
		close(r.cgroup_fd);
	if (r.fd >= 0)
		close(r.fd);
	return ret;
}
