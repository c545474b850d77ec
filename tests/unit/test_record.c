// SPDX-License-Identifier: GPL-2.0
/*
 * fgprof record end to end against a fake module: this binary defines
 * ioctl(), so device.c's calls on the fake device file land here (every
 * other fd goes to the real syscall). The fake answers like fgprof.ko:
 * two CPUs that saw the same stacks under different ids, a timeline that
 * drains, and the configuration kept for the test to check.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "folded.h"
#include "profile.h"
#include "unit.h"

static volatile int sink;

__attribute__((noinline)) int fake_inner(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i ^ n;
	return sink;
}

__attribute__((noinline)) int fake_outer(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += fake_inner(i) * 3;
	return sink + 1;
}

static struct {
	dev_t dev;
	ino_t ino;
	uint32_t state;
	struct fgprof_config cfg;
	int configure_err;
	unsigned int configures, starts, stops, resets, reads;
	unsigned int timeline_drains;
	uint32_t tgid;			/* whose samples the tables hold */
} fake;

static char dir[] = "/tmp/fgprof-rec-XXXXXX";
static char dev_path[64], out_path[64];

static bool is_fake(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && st.st_dev == fake.dev &&
	       st.st_ino == fake.ino;
}

static size_t put_stack(unsigned char *buf, uint32_t id, uint16_t flags,
			const uint64_t *ips, uint16_t nr)
{
	struct fgprof_stack_rec r = { .id = id, .nr = nr, .flags = flags };

	memcpy(buf, &r, sizeof(r));
	memcpy(buf + sizeof(r), ips, nr * sizeof(*ips));
	return sizeof(r) + nr * sizeof(*ips);
}

/* CPU 0 calls the stacks 1 and 2, CPU 1 calls them 5 and 6. */
static int fake_read(struct fgprof_read *r)
{
	uint64_t k[] = { 0xffffffff81002010, 0xffffffff81005005 };
	uint64_t u[] = { (uintptr_t)fake_inner + 1, (uintptr_t)fake_outer + 4 };
	unsigned char *buf = (unsigned char *)(uintptr_t)r->buf;
	uint32_t base = r->cpu ? 4 : 0;

	fake.reads++;
	r->nr_records = 0;
	r->bytes = 0;
	if (r->cpu >= 2)
		return -EINVAL;
	if (fake.state == FGPROF_STATE_IDLE)
		return -ENODATA;
	if (r->buf_len < 1024)
		return -ENOSPC;
	switch (r->table) {
	case FGPROF_TABLE_STACKS:
		r->bytes += put_stack(buf, base + 1, FGPROF_SF_KERNEL, k, 2);
		r->bytes += put_stack(buf + r->bytes, base + 2, 0, u, 2);
		r->nr_records = 2;
		break;
	case FGPROF_TABLE_COUNTS: {
		struct fgprof_count_rec c = {
			.tgid = fake.tgid, .tid = 0, .kstack = base + 1,
			.ustack = base + 2, .count = r->cpu ? 5 : 10,
			.period = r->cpu ? 5000 : 10000, .comm = "fake-app",
		};

		memcpy(buf, &c, sizeof(c));
		r->bytes = sizeof(c);
		r->nr_records = 1;
		break;
	}
	case FGPROF_TABLE_TIMELINE: {
		struct fgprof_timeline_rec t = {
			.tgid = fake.tgid, .tid = fake.tgid, .kstack = base + 1,
			.ustack = base + 2, .cpu = r->cpu,
		};

		/* Two records per CPU on each of the first drains. */
		if (!fake.cfg.timeline_slots || fake.timeline_drains >= 8)
			break;
		fake.timeline_drains++;
		t.time_ns = 1000 * fake.timeline_drains;
		memcpy(buf, &t, sizeof(t));
		t.time_ns += 1;
		memcpy(buf + sizeof(t), &t, sizeof(t));
		r->bytes = 2 * sizeof(t);
		r->nr_records = 2;
		break;
	}
	case FGPROF_TABLE_MAPS:
		/* One table for the machine; nobody exited here. */
		if (r->cpu)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	r->cursor = FGPROF_CURSOR_END;
	return 0;
}

static int fake_ioctl(unsigned long req, void *arg)
{
	struct utsname u;

	switch (req) {
	case FGPROF_IOC_VERSION: {
		struct fgprof_version *v = arg;

		memset(v, 0, sizeof(*v));
		v->abi_version = FGPROF_ABI_VERSION;
		v->state = fake.state;
		v->nr_cpus = 2;
		v->open_count = 1;
		snprintf(v->release, sizeof(v->release), "%s", FGPROF_RELEASE);
		uname(&u);
		memcpy(v->kernel, u.release,
		       strnlen(u.release, sizeof(v->kernel) - 1));
		return 0;
	}
	case FGPROF_IOC_CONFIGURE:
		fake.configures++;
		if (fake.configure_err)
			return fake.configure_err;
		fake.cfg = *(struct fgprof_config *)arg;
		fake.state = FGPROF_STATE_CONFIGURED;
		return 0;
	case FGPROF_IOC_START:
		fake.starts++;
		fake.state = FGPROF_STATE_RUNNING;
		return 0;
	case FGPROF_IOC_STOP:
		fake.stops++;
		fake.state = FGPROF_STATE_STOPPED;
		return 0;
	case FGPROF_IOC_RESET:
		fake.resets++;
		fake.state = FGPROF_STATE_IDLE;
		return 0;
	case FGPROF_IOC_STATS: {
		struct fgprof_stats *st = arg;

		memset(st, 0, sizeof(*st));
		st->samples = 17;
		st->recorded = 15;
		st->idle = 2;
		st->kernel_truncated = 1;
		st->user_read_faults = 4;
		st->state = fake.state;
		st->nr_cpus_sampling = 2;
		return 0;
	}
	case FGPROF_IOC_READ:
		return fake_read(arg);
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int err;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!is_fake(fd))
		return syscall(SYS_ioctl, fd, req, arg);
	err = fake_ioctl(req, arg);
	if (err) {
		errno = -err;
		return -1;
	}
	return 0;
}

static void fake_reset(void)
{
	struct stat st;

	memset(&fake, 0, sizeof(fake));
	CHECK(stat(dev_path, &st) == 0);
	fake.dev = st.st_dev;
	fake.ino = st.st_ino;
	fake.tgid = getpid();
	unlink(out_path);
}

/* Runs `fgprof record ARGS...` in this process; stderr to a file. */
static int record(char *err_out, size_t len, ...)
{
	char *argv[32] = { "record", "-D", dev_path, "-o", out_path };
	char errfile[96];
	int argc = 5, ret, saved, fd;
	const char *a;
	va_list ap;
	FILE *f;

	va_start(ap, len);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	snprintf(errfile, sizeof(errfile), "%s/stderr", dir);
	fflush(stderr);
	saved = dup(2);
	fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	ret = cmd_record(argc, argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	err_out[0] = '\0';
	f = fopen(errfile, "r");
	if (f) {
		size_t n = fread(err_out, 1, len - 1, f);

		err_out[n] = '\0';
		fclose(f);
	}
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct profile *load_output(void)
{
	struct profile *p = NULL;
	char err[256];

	if (profile_load(out_path, &p, err, sizeof(err)))
		fprintf(stderr, "%s\n", err);
	return p;
}

static void command_is_profiled_and_its_status_returned(void)
{
	char err[1024], line[256];
	struct profile *p;

	fake_reset();
	CHECK(record(err, sizeof(err), "--timeline=1024", "--",
		     "/bin/sh", "-c", "sleep 0.2; exit 3", NULL) == 3);
	/* The child, not us, is the target; then the module is freed. */
	CHECK(fake.cfg.nr_pids == 1 && fake.cfg.pids[0] != (int)getpid() &&
	      fake.cfg.pids[0] > 0);
	CHECK(fake.cfg.flags == (FGPROF_CF_FREQ | FGPROF_CF_KERNEL_STACK |
				 FGPROF_CF_USER_STACK | FGPROF_CF_MAPS |
				 FGPROF_CF_USER_CFI));
	CHECK(fake.cfg.timeline_slots == 1024 && fake.cfg.sample_rate == 99);
	CHECK(fake.starts == 1 && fake.stops == 1 && fake.resets == 1);
	CHECK(fake.timeline_drains == 8);

	snprintf(line, sizeof(line),
		 "fgprof: 17 samples, 15 recorded, 0 dropped (counts full 0, stacks full 0, nested 0), 1 truncated, 4 user-read faults, 2 stacks, timeline 16 (0 dropped) -> %s\n",
		 out_path);
	CHECK(strstr(err, line) != NULL);
	if (!strstr(err, line))
		fprintf(stderr, "stderr was: %s", err);

	p = load_output();
	CHECK(p != NULL);
	if (!p)
		return;
	/* The fake has 2 CPUs; ids past them (this host's) read as none. */
	CHECK(p->hdr.nr_cpus >= 2 && p->hdr.freq && p->hdr.rate == 99);
	CHECK_STR(p->hdr.event, "cpu-clock");
	CHECK(p->hdr.duration_ns >= 150000000ull);
	CHECK(p->hdr.start_realtime_ns > 1600000000ull * 1000000000ull);
	/* Two CPUs, one stack pair and one key: merged. */
	CHECK(p->nr_stacks == 2 && p->nr_samples == 1);
	CHECK(p->samples[0].count == 15 && p->samples[0].period == 15000);
	CHECK(p->samples[0].pid == (uint32_t)getpid());
	CHECK_STR(p->samples[0].comm, "fake-app");
	CHECK(p->stats.samples == 17 && p->stats.user_read_faults == 4);
	CHECK(p->nr_timeline == 16);
	CHECK(p->nr_timeline && p->timeline[0].kstack == 1 &&
	      p->timeline[0].ustack == 2);
	/* Our own mappings were captured when our tgid showed up. */
	CHECK(p->nr_maps > 0);
	profile_free(p);
}

static void folded_report_of_the_recording(void)
{
	struct folded_opts o = { .user_only = true };
	struct folded_summary sum;
	struct symbolizer *s;
	struct profile *p;
	char *buf = NULL, err[1024];
	size_t len;
	FILE *f;

	fake_reset();
	CHECK(record(err, sizeof(err), "-q", "-d", "0.1", NULL) == 0);
	p = load_output();
	CHECK(p != NULL);
	if (!p)
		return;
	s = symbolizer_new(p, NULL);
	f = open_memstream(&buf, &len);
	CHECK(folded_write(f, p, s, &o, &sum) == 0);
	fclose(f);
	CHECK_STR(buf, "fake-app;fake_outer;fake_inner 15\n");
	CHECK(sum.unresolved == 0);
	free(buf);
	symbolizer_free(s);
	profile_free(p);
}

static void system_wide_for_a_duration(void)
{
	char err[1024];
	double t0 = now_s(), dt;

	fake_reset();
	CHECK(record(err, sizeof(err), "-d", "0.3", "-F", "1000",
		     "--per-thread", NULL) == 0);
	dt = now_s() - t0;
	CHECK(dt >= 0.29 && dt < 2.0);
	CHECK(fake.cfg.nr_pids == 0 && fake.cfg.sample_rate == 1000);
	CHECK(fake.cfg.flags & FGPROF_CF_PER_THREAD);
	CHECK(access(out_path, F_OK) == 0);
	CHECK(strstr(err, "17 samples"));
	CHECK(strstr(err, "mappings captured in-process: "));
}

/* --no-maps: the module captures no mappings, the summary says nothing. */
static void no_maps_leaves_the_capture_off(void)
{
	char err[1024];

	fake_reset();
	CHECK(record(err, sizeof(err), "-d", "0.1", NULL) == 0);
	CHECK(fake.cfg.flags & FGPROF_CF_MAPS);
	fake_reset();
	CHECK(record(err, sizeof(err), "-d", "0.1", "--no-maps", NULL) == 0);
	CHECK(!(fake.cfg.flags & FGPROF_CF_MAPS) && !fake.cfg.maps_kb);
	CHECK(!strstr(err, "mappings captured"));
	fake_reset();
	CHECK(record(err, sizeof(err), "-d", "0.1", "--kernel-only", NULL) == 0);
	CHECK(!(fake.cfg.flags & FGPROF_CF_MAPS));
}

static void duration_ends_a_long_command(void)
{
	char err[1024];
	double t0 = now_s(), dt;

	fake_reset();
	CHECK(record(err, sizeof(err), "-q", "-d", "0.3", "--",
		     "sleep", "30", NULL) == 128 + SIGTERM);
	dt = now_s() - t0;
	CHECK(dt < 3.0);
	CHECK(access(out_path, F_OK) == 0);
	CHECK(err[0] == '\0');		/* -q */
}

static void sigint_stops_early_and_still_writes(void)
{
	double t0 = now_s(), dt;
	int status = 0;
	pid_t pid;

	fake_reset();
	pid = fork();
	if (!pid) {
		char err[1024];

		_exit(record(err, sizeof(err), "-d", "30", NULL));
	}
	usleep(300 * 1000);
	kill(pid, SIGINT);
	CHECK(waitpid(pid, &status, 0) == pid);
	dt = now_s() - t0;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(dt < 3.0);
	CHECK(access(out_path, F_OK) == 0);
}

static void exec_failure_is_127_and_writes_nothing(void)
{
	char err[1024];

	fake_reset();
	CHECK(record(err, sizeof(err), "--", "/nonexistent/prog", NULL) == 127);
	CHECK(strstr(err, "cannot run /nonexistent/prog") != NULL);
	CHECK(access(out_path, F_OK) != 0);
	CHECK(fake.resets == 1);
}

static void missing_hardware_event_is_explained(void)
{
	char err[1024];

	fake_reset();
	fake.configure_err = -ENOENT;
	CHECK(record(err, sizeof(err), "-e", "cycles", "--", "true", NULL) == 1);
	CHECK(strstr(err, "'cycles'") && strstr(err, "no such hardware event"));
	CHECK(strstr(err, "-e cpu-clock") != NULL);
	CHECK(fake.starts == 0);
	CHECK(access(out_path, F_OK) != 0);

	fake_reset();
	fake.configure_err = -EBUSY;
	CHECK(record(err, sizeof(err), "-d", "1", NULL) == 1);
	CHECK(strstr(err, "another fgprof session") != NULL);
}

static void bad_targets_fail_before_the_device(void)
{
	char err[1024];

	fake_reset();
	CHECK(record(err, sizeof(err), "-p", "1073741808", NULL) == 1);
	CHECK(strstr(err, "no such process") != NULL);
	CHECK(fake.configures == 0);
	CHECK(record(err, sizeof(err), "-G", "/nonexistent/cgroup", NULL) == 1);
	CHECK(strstr(err, "/nonexistent/cgroup") != NULL);
	CHECK(fake.configures == 0);
	CHECK(record(err, sizeof(err), "-o", "/nonexistent/dir/out.data",
		     NULL) == 1);
	CHECK(strstr(err, "/nonexistent/dir/out.data") != NULL);
	CHECK(fake.configures == 0);
}

int main(void)
{
	int fd;

	sink = fake_outer(2);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(dev_path, sizeof(dev_path), "%s/fgprof", dir);
	snprintf(out_path, sizeof(out_path), "%s/fgprof.data", dir);
	fd = open(dev_path, O_RDWR | O_CREAT, 0600);
	CHECK(fd >= 0);
	close(fd);

	RUN(command_is_profiled_and_its_status_returned);
	RUN(folded_report_of_the_recording);
	RUN(system_wide_for_a_duration);
	RUN(no_maps_leaves_the_capture_off);
	RUN(duration_ends_a_long_command);
	RUN(sigint_stops_early_and_still_writes);
	RUN(exec_failure_is_127_and_writes_nothing);
	RUN(missing_hardware_event_is_explained);
	RUN(bad_targets_fail_before_the_device);

	unlink(out_path);
	unlink(dev_path);
	{
		char errfile[96];

		snprintf(errfile, sizeof(errfile), "%s/stderr", dir);
		unlink(errfile);
	}
	rmdir(dir);
	return UNIT_EXIT();
}
