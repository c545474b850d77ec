// SPDX-License-Identifier: GPL-2.0
/* user/collect/device.c without a module: paths, errors and hints. */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "device.h"
#include "unit.h"

static void path_defaults_to_dev_fgprof_and_honours_env(void)
{
	unsetenv("FGPROF_DEVICE");
	CHECK_STR(device_path(), "/dev/fgprof");
	setenv("FGPROF_DEVICE", "/tmp/x", 1);
	CHECK_STR(device_path(), "/tmp/x");
	setenv("FGPROF_DEVICE", "", 1);
	CHECK_STR(device_path(), "/dev/fgprof");
	unsetenv("FGPROF_DEVICE");
}

static void missing_device_says_module_not_loaded(void)
{
	int fd = device_open("/nonexistent/fgprof");

	CHECK(fd == -ENOENT);
	CHECK(device_hint(fd) && strstr(device_hint(fd), "not loaded"));
}

static void other_device_is_refused_with_enotty(void)
{
	struct fgprof_version v;
	int fd = device_open_checked("/dev/null", &v);

	CHECK(fd == -ENOTTY);
	CHECK(device_hint(fd) && strstr(device_hint(fd), "not an fgprof device"));
}

static void abi_mismatch_and_permission_have_hints(void)
{
	CHECK(strstr(device_hint(-EPROTO), "ABI"));
	CHECK(strstr(device_hint(-EACCES), "root-only"));
	CHECK(device_hint(-EINVAL) == NULL);
}

static void state_names_are_bounded(void)
{
	CHECK_STR(device_state_name(FGPROF_STATE_IDLE), "idle");
	CHECK_STR(device_state_name(FGPROF_STATE_STOPPED), "stopped");
	CHECK_STR(device_state_name(FGPROF_STATE_NR), "invalid");
	CHECK_STR(device_state_name(0xffffffffu), "invalid");
}

/*
 * A fake READ with the module's semantics (kmod/stacks.c, counts.c,
 * timeline.c): records copied whole from the cursor on; a first record
 * that does not fit is -ENOSPC; the timeline is a queue that drains.
 */
struct fake_table {
	unsigned int table;
	size_t nr;			/* slots */
	size_t lens[64];		/* record length per slot, 0 = empty */
	unsigned char data[64][1024];
	size_t drained;			/* timeline: records consumed */
	unsigned int calls, enospc;
	int break_bytes;		/* report a wrong byte count */
	int stall;			/* return no record, no end */
};

static int fake_read(int fd, struct fgprof_read *req, void *priv)
{
	struct fake_table *t = priv;
	unsigned char *buf = (unsigned char *)(uintptr_t)req->buf;
	size_t idx;

	(void)fd;
	t->calls++;
	CHECK(req->table == t->table);
	req->nr_records = 0;
	req->bytes = 0;
	if (t->stall)
		return 0;
	if (t->table == FGPROF_TABLE_TIMELINE) {
		if (req->buf_len < sizeof(struct fgprof_timeline_rec)) {
			t->enospc++;
			return -ENOSPC;
		}
		while (t->drained < t->nr &&
		       req->bytes + t->lens[t->drained] <= req->buf_len) {
			memcpy(buf + req->bytes, t->data[t->drained],
			       t->lens[t->drained]);
			req->bytes += t->lens[t->drained++];
			req->nr_records++;
		}
		req->cursor = t->drained == t->nr ? FGPROF_CURSOR_END : 0;
		return 0;
	}
	for (idx = req->cursor; idx < t->nr; idx++) {
		if (!t->lens[idx])
			continue;
		if (req->bytes + t->lens[idx] > req->buf_len) {
			req->cursor = idx;
			if (req->nr_records)
				return 0;
			t->enospc++;
			return -ENOSPC;
		}
		memcpy(buf + req->bytes, t->data[idx], t->lens[idx]);
		req->bytes += t->lens[idx];
		req->nr_records++;
	}
	req->cursor = FGPROF_CURSOR_END;
	if (t->break_bytes)
		req->bytes -= 8;
	return 0;
}

static void add_stack(struct fake_table *t, size_t slot, unsigned int nr)
{
	struct fgprof_stack_rec rec = { .id = slot + 1, .nr = nr };
	__u64 ip;
	unsigned int i;

	memcpy(t->data[slot], &rec, sizeof(rec));
	for (i = 0; i < nr; i++) {
		ip = 0x1000 * (slot + 1) + i;
		memcpy(t->data[slot] + sizeof(rec) + i * sizeof(ip), &ip,
		       sizeof(ip));
	}
	t->lens[slot] = sizeof(rec) + nr * sizeof(ip);
	if (slot >= t->nr)
		t->nr = slot + 1;
}

struct seen {
	unsigned int n;
	uint32_t ids[64];
	size_t lens[64];
	int stop_after;
};

static int collect(void *ctx, unsigned int cpu, const void *rec, size_t len)
{
	struct seen *s = ctx;
	const struct fgprof_stack_rec *st = rec;

	CHECK(cpu == 3);
	if (s->n < 64) {
		s->ids[s->n] = st->id;	/* the first u32 of every record */
		s->lens[s->n] = len;
	}
	s->n++;
	return s->stop_after && (int)s->n == s->stop_after ? -ECANCELED : 0;
}

static void reader_with(struct device_reader *r, struct fake_table *t,
			size_t start)
{
	device_reader_init(r, -1);
	r->read = fake_read;
	r->priv = t;
	r->len = start;
}

static void stack_reader_grows_buffer_and_follows_cursor(void)
{
	static struct fake_table t = { .table = FGPROF_TABLE_STACKS };
	struct device_reader r;
	struct seen s = { 0 };
	long n;

	add_stack(&t, 0, 1);		/* 16 bytes */
	add_stack(&t, 2, 127);		/* 1024 bytes: forces growth */
	add_stack(&t, 3, 2);
	add_stack(&t, 7, 5);
	reader_with(&r, &t, 16);
	n = device_read_table(&r, FGPROF_TABLE_STACKS, 3, collect, &s);
	CHECK(n == 4);
	CHECK(s.n == 4);
	CHECK(s.ids[0] == 1 && s.ids[1] == 3 && s.ids[2] == 4 && s.ids[3] == 8);
	CHECK(s.lens[1] == 8 + 127 * 8);
	CHECK(s.lens[3] == 8 + 5 * 8);
	CHECK(r.len >= 1024 && r.len < 2048);	/* doubled up to the need */
	CHECK(t.enospc >= 1);

	/* The grown buffer is kept: a second read needs no growth. */
	t.enospc = 0;
	s.n = 0;
	CHECK(device_read_table(&r, FGPROF_TABLE_STACKS, 3, collect, &s) == 4);
	CHECK(t.enospc == 0);
	device_reader_free(&r);
}

static void growth_stops_at_the_cap(void)
{
	static struct fake_table t = { .table = FGPROF_TABLE_STACKS };
	struct device_reader r;
	struct seen s = { 0 };

	add_stack(&t, 0, 127);
	reader_with(&r, &t, 64);
	r.max = 512;
	CHECK(device_read_table(&r, FGPROF_TABLE_STACKS, 3, collect, &s) ==
	      -ENOSPC);
	CHECK(s.n == 0);
	device_reader_free(&r);
}

static void counts_are_read_in_several_calls(void)
{
	static struct fake_table t = { .table = FGPROF_TABLE_COUNTS };
	struct device_reader r;
	struct seen s = { 0 };
	size_t i;

	for (i = 0; i < 10; i++) {
		struct fgprof_count_rec c = { .tgid = 100 + i, .count = 1 };

		if (i == 4)
			continue;	/* an empty slot */
		memcpy(t.data[i], &c, sizeof(c));
		t.lens[i] = sizeof(c);
	}
	t.nr = 10;
	reader_with(&r, &t, 2 * sizeof(struct fgprof_count_rec));
	CHECK(device_read_table(&r, FGPROF_TABLE_COUNTS, 3, collect, &s) == 9);
	CHECK(s.n == 9);
	CHECK(s.ids[0] == 100 && s.ids[4] == 105 && s.ids[8] == 109);
	CHECK(t.calls == 5);
	CHECK(r.len == 2 * sizeof(struct fgprof_count_rec));
	device_reader_free(&r);
}

static void timeline_drains_until_an_empty_read(void)
{
	static struct fake_table t = { .table = FGPROF_TABLE_TIMELINE };
	struct device_reader r;
	struct seen s = { 0 };
	size_t i;

	for (i = 0; i < 7; i++) {
		struct fgprof_timeline_rec tl = { .time_ns = i };

		memcpy(t.data[i], &tl, sizeof(tl));
		t.lens[i] = sizeof(tl);
	}
	t.nr = 7;
	reader_with(&r, &t, 4);		/* smaller than one record */
	CHECK(device_read_table(&r, FGPROF_TABLE_TIMELINE, 3, collect, &s) == 7);
	CHECK(s.n == 7);
	/* 4 -> 8 -> 16 -> 32 bytes: one 32-byte record a call, then empty. */
	CHECK(t.enospc == 3);
	CHECK(r.len == sizeof(struct fgprof_timeline_rec));
	CHECK(t.calls == t.enospc + 7 + 1);
	CHECK(device_read_table(&r, FGPROF_TABLE_TIMELINE, 3, collect, &s) == 0);
	device_reader_free(&r);
}

static void bad_replies_and_callback_errors_stop_the_walk(void)
{
	static struct fake_table t = { .table = FGPROF_TABLE_STACKS };
	struct device_reader r;
	struct seen s = { 0 };

	add_stack(&t, 0, 3);
	add_stack(&t, 1, 3);
	add_stack(&t, 2, 3);
	reader_with(&r, &t, 4096);
	s.stop_after = 2;
	CHECK(device_read_table(&r, FGPROF_TABLE_STACKS, 3, collect, &s) ==
	      -ECANCELED);
	CHECK(s.n == 2);

	s.n = 0;
	s.stop_after = 0;
	t.break_bytes = 1;
	CHECK(device_read_table(&r, FGPROF_TABLE_STACKS, 3, collect, &s) ==
	      -EPROTO);
	t.break_bytes = 0;
	t.stall = 1;
	CHECK(device_read_table(&r, FGPROF_TABLE_STACKS, 3, collect, &s) ==
	      -EPROTO);
	CHECK(device_read_table(&r, FGPROF_TABLE_NR, 3, collect, &s) == -EINVAL);
	device_reader_free(&r);
}

static void lifecycle_calls_fail_cleanly_without_a_module(void)
{
	struct fgprof_config cfg = { 0 };
	struct fgprof_stats st;
	struct device_reader r;
	struct seen s = { 0 };
	int fd = open("/dev/null", O_RDWR);

	CHECK(fd >= 0);
	CHECK(device_configure(fd, &cfg) == -ENOTTY);
	CHECK(device_start(fd) == -ENOTTY);
	CHECK(device_stop(fd) == -ENOTTY);
	CHECK(device_reset(fd) == -ENOTTY);
	CHECK(device_stats(fd, &st) == -ENOTTY);
	device_reader_init(&r, fd);
	CHECK(device_read_table(&r, FGPROF_TABLE_COUNTS, 3, collect, &s) ==
	      -ENOTTY);
	device_reader_free(&r);
	close(fd);
}

int main(void)
{
	RUN(path_defaults_to_dev_fgprof_and_honours_env);
	RUN(missing_device_says_module_not_loaded);
	RUN(other_device_is_refused_with_enotty);
	RUN(abi_mismatch_and_permission_have_hints);
	RUN(state_names_are_bounded);
	RUN(stack_reader_grows_buffer_and_follows_cursor);
	RUN(growth_stops_at_the_cap);
	RUN(counts_are_read_in_several_calls);
	RUN(timeline_drains_until_an_empty_read);
	RUN(bad_replies_and_callback_errors_stop_the_walk);
	RUN(lifecycle_calls_fail_cleanly_without_a_module);
	return UNIT_EXIT();
}
