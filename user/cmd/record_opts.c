// SPDX-License-Identifier: GPL-2.0
/* fgprof record's command line: options, their checks, the configuration. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/perf_event.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argunits.h"
#include "device.h"
#include "lockwait.h"
#include "record.h"
#include "tracefs.h"

#define NSEC_PER_SEC	1000000000ull

static const char usage_text[] =
"usage: fgprof record [options] [--] [COMMAND [ARGS...]]\n"
"\n"
"Samples on-CPU stacks (kernel and user), or measures off-CPU (blocked)\n"
"time by stack, into a profile file. Without\n"
"-p, -t or COMMAND it samples every process (-a) for -d seconds (10).\n"
"With COMMAND it samples that process from its exec to its exit (or -d,\n"
"which then ends it with SIGTERM) and exits with the command's status.\n"
"Ctrl-C stops early and still writes the file.\n"
"\n"
"  -e, --event EVENT      event to sample on (default cpu-clock); see below\n"
"  -F, --freq HZ          samples per second per CPU (default 99)\n"
"  -c, --period N         one sample every N events (ns for cpu-clock)\n"
"  -a, --all-cpus         every process (the default without -p/-t/COMMAND)\n"
"  -p, --pid PID[,PID...] only these processes (at most 64)\n"
"  -t, --tid TID[,TID...] only these threads (at most 64)\n"
"  -G, --cgroup DIR       only tasks under this cgroup v2 directory\n"
"                         (a path, or one relative to /sys/fs/cgroup)\n"
"      --kernel-only      kernel stacks only\n"
"      --user-only        user stacks only\n"
"      --lbr              user stacks from the LBR call stack (Intel; needs a\n"
"                         hardware event such as -e cycles; no frame pointers\n"
"                         needed, 16-32 calls deep)\n"
"      --off-cpu          off-CPU time instead of samples: the nanoseconds\n"
"                         each stack spent switched out (blocked, sleeping,\n"
"                         waiting for a CPU), like BCC's offcputime\n"
"      --wall             on-CPU samples and off-CPU time together, both in\n"
"                         ns (wall-clock time; needs -e cpu-clock or task-clock)\n"
"      --lock-wait        off-CPU time spent waiting for locks only: futex\n"
"                         waits (pthread mutexes...) and kernel mutex, rwsem\n"
"                         and semaphore waits, by the waiter's stack\n"
"      --alloc[=PATH]     allocations instead of samples: the bytes each stack\n"
"                         asked malloc, calloc, realloc, memalign & co. for,\n"
"                         by uprobes on the target's libc (or the ELF file\n"
"                         PATH); unit bytes\n"
"      --alloc-count      with --alloc: count calls instead of bytes\n"
"      --wakeups          with --off-cpu/--wall: the waker's stacks too\n"
"  -m, --min-block US     off-CPU: leave out blocks shorter than US microseconds\n"
"  -M, --max-block US     off-CPU: leave out blocks longer than US microseconds\n"
"      --state LIST       off-CPU: which switch-outs count, a comma list of\n"
"                         runnable (preempted), interruptible (sleeping),\n"
"                         uninterruptible (D state), blocked (both), all\n"
"                         (the default)\n"
"      --user-threads-only    off-CPU: threads of user processes only\n"
"      --kernel-threads-only  off-CPU: kernel threads only\n"
"      --inflight-slots N tasks off-CPU at once, whole machine (16384)\n"
"      --weight FIELD     with -e SUBSYS:EVENT: weigh each hit by this field\n"
"                         of the tracepoint's record (e.g. bytes of\n"
"                         block:block_rq_issue, count of\n"
"                         syscalls:sys_enter_write; order counts 1 << order\n"
"                         pages); the profile's unit is the field's name\n"
"      --per-thread       count per thread, not only per process\n"
"      --idle             keep the idle task's samples\n"
"      --kernel-depth N   kernel frames per stack, 1-127\n"
"      --user-depth N     user frames per stack, 1-127\n"
"      --stack-slots N    distinct stacks per CPU (power of two)\n"
"      --stack-frames N   frames stored per CPU, all stacks together\n"
"      --count-slots N    distinct process/stack keys per CPU (power of two)\n"
"      --timeline[=N]     keep each sample's time too, N per CPU (65536)\n"
"      --no-maps          record only: the module does not capture the\n"
"                         mappings of sampled processes (short-lived ones\n"
"                         then stay unsymbolized)\n"
"      --user-unwind=HOW  user stacks by auto (the default: .eh_frame\n"
"                         unwind tables loaded into the module, one\n"
"                         frame-pointer step where no table covers the\n"
"                         pc; none with --lbr or --kernel-only), tables\n"
"                         (the same, asked for: an error with --lbr or\n"
"                         --kernel-only) or fp (frame pointers only: for\n"
"                         code known to keep them)\n"
"  -d, --duration SECS    stop after SECS (fractions allowed)\n"
"  -o, --output FILE      profile file (default fgprof.data)\n"
"      --archive          also copy the sampled processes' binaries into\n"
"                         FILE.archive, as fgprof archive does, to report\n"
"                         the profile on another machine\n"
"  -q, --quiet            no summary\n"
"      --continuous       a pprof file per interval in --out DIR, sampling\n"
"                         without a pause, until Ctrl-C/SIGTERM or -d; -o\n"
"                         also writes the whole run's profile at the end\n"
"      --interval TIME    the interval: 10s (default), 500ms, 2m, 1h\n"
"      --out DIR          where the interval files go (created if need be)\n"
"      --keep N           keep the newest N interval files (default 60; 0:\n"
"                         all)\n"
"      --max-bytes SIZE   ... and at most SIZE bytes of them (e.g. 100M)\n"
"  -D, --device PATH      the device (default $FGPROF_DEVICE or /dev/fgprof)\n"
"  -h, --help             this help\n"
"\n"
"Depths and table sizes of 0 (the default) take the module's defaults.\n"
"\n"
"Events:\n";

enum {
	OPT_KERNEL_ONLY = 256,
	OPT_USER_ONLY,
	OPT_PER_THREAD,
	OPT_IDLE,
	OPT_KERNEL_DEPTH,
	OPT_USER_DEPTH,
	OPT_STACK_SLOTS,
	OPT_STACK_FRAMES,
	OPT_COUNT_SLOTS,
	OPT_TIMELINE,
	OPT_LBR,
	OPT_OFF_CPU,
	OPT_WALL,
	OPT_WAKEUPS,
	OPT_STATE,
	OPT_USER_THREADS,
	OPT_KERNEL_THREADS,
	OPT_INFLIGHT_SLOTS,
	OPT_CONTINUOUS,
	OPT_INTERVAL,
	OPT_OUT_DIR,
	OPT_KEEP,
	OPT_MAX_BYTES,
	OPT_WEIGHT,
	OPT_ALLOC,
	OPT_ALLOC_COUNT,
	OPT_LOCK_WAIT,
	OPT_ARCHIVE,
	OPT_NO_MAPS,
	OPT_USER_UNWIND,
};

static const struct option long_opts[] = {
	{ "event", required_argument, NULL, 'e' },
	{ "freq", required_argument, NULL, 'F' },
	{ "period", required_argument, NULL, 'c' },
	{ "all-cpus", no_argument, NULL, 'a' },
	{ "pid", required_argument, NULL, 'p' },
	{ "tid", required_argument, NULL, 't' },
	{ "cgroup", required_argument, NULL, 'G' },
	{ "kernel-only", no_argument, NULL, OPT_KERNEL_ONLY },
	{ "user-only", no_argument, NULL, OPT_USER_ONLY },
	{ "per-thread", no_argument, NULL, OPT_PER_THREAD },
	{ "idle", no_argument, NULL, OPT_IDLE },
	{ "kernel-depth", required_argument, NULL, OPT_KERNEL_DEPTH },
	{ "user-depth", required_argument, NULL, OPT_USER_DEPTH },
	{ "stack-slots", required_argument, NULL, OPT_STACK_SLOTS },
	{ "stack-frames", required_argument, NULL, OPT_STACK_FRAMES },
	{ "count-slots", required_argument, NULL, OPT_COUNT_SLOTS },
	{ "timeline", optional_argument, NULL, OPT_TIMELINE },
	{ "no-maps", no_argument, NULL, OPT_NO_MAPS },
	{ "user-unwind", required_argument, NULL, OPT_USER_UNWIND },
	{ "lbr", no_argument, NULL, OPT_LBR },
	{ "off-cpu", no_argument, NULL, OPT_OFF_CPU },
	{ "wall", no_argument, NULL, OPT_WALL },
	{ "lock-wait", no_argument, NULL, OPT_LOCK_WAIT },
	{ "archive", no_argument, NULL, OPT_ARCHIVE },
	{ "wakeups", no_argument, NULL, OPT_WAKEUPS },
	{ "alloc", optional_argument, NULL, OPT_ALLOC },
	{ "alloc-count", no_argument, NULL, OPT_ALLOC_COUNT },
	{ "min-block", required_argument, NULL, 'm' },
	{ "max-block", required_argument, NULL, 'M' },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "user-threads-only", no_argument, NULL, OPT_USER_THREADS },
	{ "kernel-threads-only", no_argument, NULL, OPT_KERNEL_THREADS },
	{ "inflight-slots", required_argument, NULL, OPT_INFLIGHT_SLOTS },
	{ "weight", required_argument, NULL, OPT_WEIGHT },
	{ "continuous", no_argument, NULL, OPT_CONTINUOUS },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "out", required_argument, NULL, OPT_OUT_DIR },
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
	{ "duration", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "device", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("fgprof record: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n(fgprof record --help lists the options)\n", stderr);
	return -1;
}

static int parse_u64_arg(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || !strchr("0123456789", s[0]))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -EINVAL : 0;
}

static int parse_u32_arg(const char *opt, const char *s, uint32_t *v)
{
	uint64_t x;

	if (parse_u64_arg(s, &x) || x > UINT32_MAX)
		return usage_error("%s: '%s' is not a number", opt, s);
	*v = x;
	return 0;
}

static bool pow2(uint32_t n)
{
	return n && !(n & (n - 1));
}

static int parse_slots(const char *opt, const char *s, uint32_t *v)
{
	if (parse_u32_arg(opt, s, v))
		return -1;
	if (*v && (!pow2(*v) || *v < 16))
		return usage_error("%s: %u is not a power of two of 16 or more",
				   opt, *v);
	return 0;
}

static int parse_depth(const char *opt, const char *s, uint32_t *v)
{
	if (parse_u32_arg(opt, s, v))
		return -1;
	if (*v > FGPROF_MAX_DEPTH)
		return usage_error("%s: at most %d frames", opt,
				   FGPROF_MAX_DEPTH);
	return 0;
}

static int parse_pids(const char *opt, const char *s, struct record_opts *o)
{
	char *copy = strdup(s), *rest = copy, *tok;
	int ret = 0;

	if (!copy)
		return usage_error("out of memory");
	while (!ret && (tok = strsep(&rest, ",")) != NULL) {
		uint64_t v;

		if (parse_u64_arg(tok, &v) || !v || v > INT32_MAX)
			ret = usage_error("%s: '%s' is not a process id", opt,
					  tok);
		else if (o->nr_pids == FGPROF_MAX_PIDS)
			ret = usage_error("%s: at most %d ids", opt,
					  FGPROF_MAX_PIDS);
		else
			o->pids[o->nr_pids++] = v;
	}
	if (!ret && !o->nr_pids)
		ret = usage_error("%s: no id given", opt);
	free(copy);
	return ret;
}

static int parse_duration(const char *s, uint64_t *ns)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (errno || *end || end == s || !isfinite(d) || d <= 0 || d > 1e7)
		return usage_error("-d: '%s' is not a duration in seconds", s);
	*ns = (uint64_t)(d * NSEC_PER_SEC);
	return *ns ? 0 : usage_error("-d: '%s' is too short", s);
}

static int parse_block(const char *opt, const char *s, uint64_t *ns)
{
	uint64_t us;

	if (parse_u64_arg(s, &us) || us > UINT64_MAX / 1000)
		return usage_error("%s: '%s' is not a number of microseconds",
				   opt, s);
	*ns = us * 1000;
	return 0;
}

static int parse_states(const char *s, uint32_t *flags)
{
	static const struct {
		const char *name;
		uint32_t bits;
	} names[] = {
		{ "runnable", FGPROF_OF_RUNNABLE },
		{ "interruptible", FGPROF_OF_INTERRUPTIBLE },
		{ "uninterruptible", FGPROF_OF_UNINTERRUPTIBLE },
		{ "blocked", FGPROF_OF_INTERRUPTIBLE | FGPROF_OF_UNINTERRUPTIBLE },
		{ "all", FGPROF_OF_STATES },
	};
	char *copy = strdup(s), *rest = copy, *tok;
	int ret = 0;
	size_t i;

	if (!copy)
		return usage_error("out of memory");
	*flags &= ~FGPROF_OF_STATES;
	while (!ret && (tok = strsep(&rest, ",")) != NULL) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			ret = usage_error("--state: '%s' is not one of runnable, interruptible, uninterruptible, blocked, all",
					  tok);
		else
			*flags |= names[i].bits;
	}
	free(copy);
	return ret;
}

/* SUBSYS:EVENT into its perf id, --weight into its record field. */
static int resolve_tracepoint(struct record_opts *o)
{
	char subsys[EVENT_NAME_LEN], *event;
	const char *root = tracefs_root();
	struct tp_field *f;
	size_t nr, i;
	int err;

	if (!root)
		return usage_error("-e %s: tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)",
				   o->event.name);
	snprintf(subsys, sizeof(subsys), "%s", o->event.name);
	event = strchr(subsys, ':');
	*event++ = '\0';
	err = tracefs_event_id(root, subsys, event, &o->event.config);
	if (err)
		return usage_error("-e %s: no such tracepoint in %s/events (%s)",
				   o->event.name, root, strerror(-err));
	if (!o->weight)
		return 0;
	err = tracefs_fields(root, subsys, event, &f, &nr);
	if (err)
		return usage_error("-e %s: cannot read its format (%s)",
				   o->event.name, strerror(-err));
	for (i = 0; i < nr && strcmp(f[i].name, o->weight); i++)
		;
	if (i == nr) {
		fprintf(stderr, "fgprof record: --weight %s: %s has no such field; its fields:",
			o->weight, o->event.name);
		for (i = 0; i < nr; i++)
			if (strncmp(f[i].name, "common_", 7))
				fprintf(stderr, " %s", f[i].name);
		fputc('\n', stderr);
		free(f);
		return -1;
	}
	if (f[i].is_array || (f[i].size != 1 && f[i].size != 2 &&
			      f[i].size != 4 && f[i].size != 8)) {
		err = usage_error("--weight %s: a %u-byte%s field is not a number: pick an integer field",
				  o->weight, f[i].size,
				  f[i].is_array ? " array" : "");
		free(f);
		return err;
	}
	o->weight_offset = f[i].offset;
	o->weight_size = f[i].size;
	o->weight_flags = (f[i].is_signed ? FGPROF_WF_SIGNED : 0) |
			  (!strcmp(o->weight, "order") ? FGPROF_WF_POW2 : 0);
	o->flags |= FGPROF_CF_WEIGHT;
	free(f);
	return 0;
}

void record_unit(const struct record_opts *o, char *buf, size_t len)
{
	const char *u = PROFILE_UNIT_SAMPLES;

	if (o->alloc)
		u = o->alloc_count ? PROFILE_UNIT_CALLS : PROFILE_UNIT_BYTES;
	else if (o->flags & FGPROF_CF_OFFCPU)
		u = PROFILE_UNIT_NS;
	else if (o->event.type == PERF_TYPE_TRACEPOINT)
		u = !o->weight ? "hits" :
		    (o->weight_flags & FGPROF_WF_POW2) ? "pages" : o->weight;
	else if (o->event.type == PERF_TYPE_SOFTWARE)
		switch (o->event.config) {
		case PERF_COUNT_SW_PAGE_FAULTS:
		case PERF_COUNT_SW_PAGE_FAULTS_MIN:
		case PERF_COUNT_SW_PAGE_FAULTS_MAJ:
			u = "faults";
			break;
		case PERF_COUNT_SW_CONTEXT_SWITCHES:
			u = "switches";
			break;
		case PERF_COUNT_SW_CPU_MIGRATIONS:
			u = "migrations";
			break;
		}
	snprintf(buf, len, "%s", u);
}

/* Off-CPU options make sense only with --off-cpu or --wall. */
static int check_offcpu(struct record_opts *o, bool have_offcpu_opt)
{
	uint32_t threads = FGPROF_OF_USER_THREADS | FGPROF_OF_KERNEL_THREADS;

	if (!(o->flags & FGPROF_CF_OFFCPU)) {
		if (have_offcpu_opt || (o->flags & FGPROF_CF_WAKEUPS))
			return usage_error("--wakeups, -m, -M, --state, --*-threads-only and --inflight-slots need --off-cpu or --wall");
		return 0;
	}
	if ((o->flags & FGPROF_CF_NO_ONCPU) && (o->flags & FGPROF_CF_LBR))
		return usage_error("--lbr comes with samples: not with --off-cpu");
	if ((o->offcpu_flags & threads) == threads)
		return usage_error("--user-threads-only and --kernel-threads-only are exclusive");
	if (o->max_block_ns && o->min_block_ns > o->max_block_ns)
		return usage_error("-m is above -M: nothing would be left");
	/* Samples and blocked time add up only when both are nanoseconds. */
	if (!(o->flags & FGPROF_CF_NO_ONCPU) &&
	    (o->event.type != PERF_TYPE_SOFTWARE ||
	     (o->event.config != PERF_COUNT_SW_CPU_CLOCK &&
	      o->event.config != PERF_COUNT_SW_TASK_CLOCK)))
		return usage_error("--wall adds samples' periods to blocked ns: it needs -e cpu-clock or -e task-clock");
	return 0;
}

/*
 * --lock-wait is --off-cpu restricted to blocked tasks (a preempted one
 * waits for a CPU, not a lock), filtered by kernel frame after reading
 * (lockwait.c): the kernel stack is needed, and the interval files and
 * the timeline would bypass the filter.
 */
static int check_lock_wait(struct record_opts *o, bool user_only)
{
	if (!o->lock_wait)
		return 0;
	if (strcmp(o->event.name, EVENT_DEFAULT))
		return usage_error("--lock-wait takes no samples: -e %s does not apply",
				   o->event.name);
	if ((o->flags & FGPROF_CF_OFFCPU) && !(o->flags & FGPROF_CF_NO_ONCPU))
		return usage_error("--lock-wait is off-CPU time only: not with --wall");
	if (user_only)
		return usage_error("--lock-wait picks lock waits by kernel frame: not with --user-only");
	if (o->continuous || o->tables.timeline_slots)
		return usage_error("--lock-wait filters the whole profile at the end: not with --continuous or --timeline");
	o->flags |= FGPROF_CF_OFFCPU | FGPROF_CF_NO_ONCPU;
	if (!(o->offcpu_flags & FGPROF_OF_STATES))
		o->offcpu_flags |= FGPROF_OF_INTERRUPTIBLE |
				   FGPROF_OF_UNINTERRUPTIBLE;
	/* The profile's event names what it measured, and its graph. */
	snprintf(o->event.name, sizeof(o->event.name), "%s", LOCKWAIT_EVENT);
	return 0;
}

/*
 * --alloc counts allocator calls through uprobes, with no perf event:
 * nothing else may be asked of the same recording.
 */
static int check_alloc(struct record_opts *o)
{
	if (!o->alloc)
		return o->alloc_count ?
		       usage_error("--alloc-count goes with --alloc") : 0;
	if (o->flags & (FGPROF_CF_OFFCPU | FGPROF_CF_LBR | FGPROF_CF_WAKEUPS) ||
	    o->weight || o->tables.timeline_slots || o->continuous)
		return usage_error("--alloc records allocations only: not with --off-cpu, --wall, --lbr, --wakeups, --weight, --timeline or --continuous");
	o->flags |= FGPROF_CF_ALLOC | FGPROF_CF_NO_ONCPU;
	return 0;
}

static void print_usage(void)
{
	fputs(usage_text, stdout);
	event_list(stdout);
}

/* The checks that need every option: exclusive pairs, defaults. */
static int check_opts(struct record_opts *o, bool have_F, bool have_c,
		      bool kernel_only, bool user_only, bool have_p,
		      bool have_t, bool have_d, bool have_offcpu_opt,
		      bool have_rotation)
{
	if (check_lock_wait(o, user_only) || check_offcpu(o, have_offcpu_opt) ||
	    check_alloc(o))
		return -1;
	if (o->event.type == PERF_TYPE_TRACEPOINT) {
		if (have_F)
			return usage_error("-e %s: a tracepoint is counted hit by hit: use -c N (default 1), not -F",
					   o->event.name);
		if (!have_c) {
			o->freq = false;
			o->rate = 1;
		}
		if (resolve_tracepoint(o))
			return -1;
	} else if (o->weight) {
		return usage_error("--weight reads a tracepoint's record: it needs -e SUBSYS:EVENT");
	}
	if (have_F && have_c)
		return usage_error("-F and -c are exclusive");
	if (kernel_only && user_only)
		return usage_error("--kernel-only and --user-only are exclusive");
	if (kernel_only && o->alloc)
		return usage_error("--alloc records user stacks: not with --kernel-only");
	if (have_p && have_t)
		return usage_error("-p and -t are exclusive");
	if (o->system_wide && (have_p || have_t))
		return usage_error("-a and -p/-t are exclusive");
	if (o->command && (have_p || have_t))
		return usage_error("-p/-t and a command are exclusive: the command is the target");
	if (!o->rate)
		return usage_error("%s 0", have_c ? "-c" : "-F");
	if ((o->flags & FGPROF_CF_LBR) && kernel_only)
		return usage_error("--lbr gives user stacks: not with --kernel-only");
	if (o->user_unwind == RECORD_UNWIND_TABLES &&
	    (kernel_only || (o->flags & FGPROF_CF_LBR)))
		return usage_error("--user-unwind=tables walks user stacks: not with --kernel-only or --lbr");
	if ((o->flags & FGPROF_CF_LBR) && o->event.type != PERF_TYPE_HARDWARE &&
	    o->event.type != PERF_TYPE_RAW)
		return usage_error("--lbr needs a hardware event, e.g. -e cycles (LBR records come with PMU samples only)");
	if (!o->command && !have_p && !have_t)
		o->system_wide = true;
	if (o->continuous && !o->out_dir)
		return usage_error("--continuous needs --out DIR");
	if (o->archive && !o->output)
		return usage_error("--archive goes beside the profile file: with --continuous, give -o FILE");
	if (!o->continuous && (o->out_dir || have_rotation))
		return usage_error("--out, --keep and --max-bytes go with --continuous");
	o->duration_set = have_d;
	if (o->continuous && !o->interval_ns)
		o->interval_ns = RECORD_DEFAULT_INTERVAL_NS;
	/* A continuous recording runs until it is stopped. */
	if (!have_d && !o->command && !o->continuous)
		o->duration_ns = RECORD_DEFAULT_SECS * NSEC_PER_SEC;
	o->tids = have_t;
	o->flags |= user_only ? 0 : FGPROF_CF_KERNEL_STACK;
	o->flags |= kernel_only ? 0 : FGPROF_CF_USER_STACK;
	return 0;
}

int record_parse_args(int argc, char **argv, struct record_opts *o)
{
	bool have_F = false, have_c = false, have_p = false, have_t = false;
	bool have_d = false, kernel_only = false, user_only = false;
	bool have_offcpu_opt = false, have_o = false, have_rotation = false;
	const char *why;
	int c;

	memset(o, 0, sizeof(*o));
	o->freq = true;
	/* Tables where a file has CFI: fp stacks re-parent most code. */
	o->user_unwind = RECORD_UNWIND_AUTO;
	o->rate = RECORD_DEFAULT_FREQ;
	o->output = PROFILE_DEFAULT_PATH;
	o->device = device_path();
	o->keep = RECORD_DEFAULT_KEEP;
	if (event_parse(EVENT_DEFAULT, &o->event, &why))
		return usage_error("default event: %s", why);

	optind = 0;	/* a fresh scan, for callers that parse twice */
	while ((c = getopt_long(argc, argv, "+e:F:c:ap:t:G:d:o:qD:hm:M:",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (event_parse(optarg, &o->event, &why))
				return usage_error("-e %s: %s", optarg, why);
			break;
		case 'F':
			have_F = true;
			o->freq = true;
			if (parse_u64_arg(optarg, &o->rate))
				return usage_error("-F: '%s' is not a number",
						   optarg);
			break;
		case 'c':
			have_c = true;
			o->freq = false;
			if (parse_u64_arg(optarg, &o->rate))
				return usage_error("-c: '%s' is not a number",
						   optarg);
			break;
		case 'a':
			o->system_wide = true;
			break;
		case 'p':
		case 't':
			*(c == 'p' ? &have_p : &have_t) = true;
			if (parse_pids(c == 'p' ? "-p" : "-t", optarg, o))
				return -1;
			break;
		case 'G':
			o->cgroup = optarg;
			break;
		case OPT_KERNEL_ONLY:
			kernel_only = true;
			break;
		case OPT_USER_ONLY:
			user_only = true;
			break;
		case OPT_LBR:
			o->flags |= FGPROF_CF_LBR;
			break;
		case OPT_OFF_CPU:
			o->flags |= FGPROF_CF_OFFCPU | FGPROF_CF_NO_ONCPU;
			break;
		case OPT_WALL:
			o->flags |= FGPROF_CF_OFFCPU;
			break;
		case OPT_LOCK_WAIT:
			o->lock_wait = true;
			break;
		case OPT_ARCHIVE:
			o->archive = true;
			break;
		case OPT_WAKEUPS:
			o->flags |= FGPROF_CF_WAKEUPS;
			break;
		case OPT_ALLOC:
			if (optarg && !*optarg)
				return usage_error("--alloc=: empty file name");
			o->alloc = true;
			o->alloc_path = optarg;
			break;
		case OPT_NO_MAPS:
			o->no_maps = true;
			break;
		case OPT_USER_UNWIND:
			if (!strcmp(optarg, "fp"))
				o->user_unwind = RECORD_UNWIND_FP;
			else if (!strcmp(optarg, "tables"))
				o->user_unwind = RECORD_UNWIND_TABLES;
			else if (!strcmp(optarg, "auto"))
				o->user_unwind = RECORD_UNWIND_AUTO;
			else
				return usage_error("--user-unwind: fp, tables or auto, not %s",
						   optarg);
			break;
		case OPT_ALLOC_COUNT:
			o->alloc_count = true;
			break;
		case 'm':
		case 'M':
			have_offcpu_opt = true;
			if (parse_block(c == 'm' ? "-m" : "-M", optarg,
					c == 'm' ? &o->min_block_ns :
						   &o->max_block_ns))
				return -1;
			break;
		case OPT_STATE:
			have_offcpu_opt = true;
			if (parse_states(optarg, &o->offcpu_flags))
				return -1;
			break;
		case OPT_USER_THREADS:
		case OPT_KERNEL_THREADS:
			have_offcpu_opt = true;
			o->offcpu_flags |= c == OPT_USER_THREADS ?
				FGPROF_OF_USER_THREADS : FGPROF_OF_KERNEL_THREADS;
			break;
		case OPT_INFLIGHT_SLOTS:
			have_offcpu_opt = true;
			if (parse_slots("--inflight-slots", optarg,
					&o->inflight_slots))
				return -1;
			break;
		case OPT_WEIGHT:
			if (!*optarg)
				return usage_error("--weight: empty field name");
			o->weight = optarg;
			break;
		case OPT_PER_THREAD:
			o->flags |= FGPROF_CF_PER_THREAD;
			break;
		case OPT_IDLE:
			o->flags |= FGPROF_CF_IDLE;
			break;
		case OPT_KERNEL_DEPTH:
			if (parse_depth("--kernel-depth", optarg,
					&o->tables.kernel_depth))
				return -1;
			break;
		case OPT_USER_DEPTH:
			if (parse_depth("--user-depth", optarg,
					&o->tables.user_depth))
				return -1;
			break;
		case OPT_STACK_SLOTS:
			if (parse_slots("--stack-slots", optarg,
					&o->tables.stack_slots))
				return -1;
			break;
		case OPT_STACK_FRAMES:
			if (parse_u32_arg("--stack-frames", optarg,
					  &o->tables.stack_frames))
				return -1;
			if (o->tables.stack_frames &&
			    o->tables.stack_frames < FGPROF_MAX_DEPTH)
				return usage_error("--stack-frames: at least %d",
						   FGPROF_MAX_DEPTH);
			break;
		case OPT_COUNT_SLOTS:
			if (parse_slots("--count-slots", optarg,
					&o->tables.count_slots))
				return -1;
			break;
		case OPT_TIMELINE:
			o->tables.timeline_slots = RECORD_TIMELINE_SLOTS;
			if (optarg && (parse_slots("--timeline", optarg,
						   &o->tables.timeline_slots)))
				return -1;
			if (!o->tables.timeline_slots)
				return usage_error("--timeline=0: leave --timeline out instead");
			break;
		case 'd':
			have_d = true;
			if (parse_duration(optarg, &o->duration_ns))
				return -1;
			break;
		case 'o':
			if (!*optarg)
				return usage_error("-o: empty file name");
			o->output = optarg;
			have_o = true;
			break;
		case OPT_CONTINUOUS:
			o->continuous = true;
			break;
		case OPT_INTERVAL:
			if (argunits_time(optarg, &o->interval_ns) ||
			    o->interval_ns < RECORD_MIN_INTERVAL_NS)
				return usage_error("--interval: '%s' is not a time of 10ms or more (e.g. 10s, 500ms, 2m)",
						   optarg);
			break;
		case OPT_OUT_DIR:
			if (!*optarg)
				return usage_error("--out: empty directory name");
			o->out_dir = optarg;
			break;
		case OPT_KEEP:
			have_rotation = true;
			if (parse_u32_arg("--keep", optarg, &o->keep))
				return -1;
			break;
		case OPT_MAX_BYTES:
			have_rotation = true;
			if (argunits_size(optarg, &o->max_bytes))
				return usage_error("--max-bytes: '%s' is not a size (e.g. 100M, 1G)",
						   optarg);
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'D':
			o->device = optarg;
			break;
		case 'h':
			print_usage();
			return 1;
		default:
			fputs("(fgprof record --help lists the options)\n",
			      stderr);
			return -1;
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	/* The interval files are the output; the whole run's on request. */
	if (o->continuous && !have_o)
		o->output = NULL;
	return check_opts(o, have_F, have_c, kernel_only, user_only, have_p,
			  have_t, have_d, have_offcpu_opt, have_rotation);
}

int record_open_cgroup(const char *dir)
{
	char path[PATH_MAX];
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 || dir[0] == '/')
		return fd >= 0 ? fd : -errno;
	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", dir);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

void record_config(const struct record_opts *o, int32_t child,
		   int cgroup_fd, struct fgprof_config *cfg)
{
	uint32_t i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->flags = o->flags;
	if (o->freq)
		cfg->flags |= FGPROF_CF_FREQ;
	cfg->event_type = o->event.type;
	cfg->event_config = o->event.config;
	cfg->sample_rate = o->rate;
	cfg->precise_ip = o->event.precise_ip;
	cfg->kernel_depth = o->tables.kernel_depth;
	cfg->user_depth = o->tables.user_depth;
	cfg->stack_slots = o->tables.stack_slots;
	cfg->stack_frames = o->tables.stack_frames;
	cfg->count_slots = o->tables.count_slots;
	cfg->timeline_slots = o->tables.timeline_slots;
	if (o->flags & FGPROF_CF_OFFCPU) {
		cfg->offcpu_flags = o->offcpu_flags;
		cfg->inflight_slots = o->inflight_slots;
		cfg->min_block_ns = o->min_block_ns;
		cfg->max_block_ns = o->max_block_ns;
	}
	if (o->flags & FGPROF_CF_WEIGHT) {
		cfg->weight_offset = o->weight_offset;
		cfg->weight_size = o->weight_size;
		cfg->weight_flags = o->weight_flags;
	}
	cfg->cgroup_fd = -1;
	if (cgroup_fd >= 0) {
		cfg->flags |= FGPROF_CF_CGROUP;
		cfg->cgroup_fd = cgroup_fd;
	}
	if (o->tids)
		cfg->flags |= FGPROF_CF_TIDS;
	/* Tables for user stacks; the LBR needs none. */
	if (o->user_unwind != RECORD_UNWIND_FP &&
	    (cfg->flags & FGPROF_CF_USER_STACK) && !(cfg->flags & FGPROF_CF_LBR))
		cfg->flags |= FGPROF_CF_USER_CFI;
	for (i = 0; i < o->nr_pids; i++)
		cfg->pids[i] = o->pids[i];
	cfg->nr_pids = o->nr_pids;
	if (child > 0 && !o->system_wide) {
		cfg->pids[0] = child;
		cfg->nr_pids = 1;
	}
}
