// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "device.h"

static const char *const state_names[FGPROF_STATE_NR] = FGPROF_STATE_NAMES;

/* FGPROF_DEVICE lets tests and unusual udev setups point elsewhere. */
const char *device_path(void)
{
	const char *p = getenv("FGPROF_DEVICE");

	return p && *p ? p : FGPROF_DEVICE_PATH;
}

int device_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int device_version(int fd, struct fgprof_version *v)
{
	if (ioctl(fd, FGPROF_IOC_VERSION, v) < 0)
		return -errno;
	if (v->abi_version != FGPROF_ABI_VERSION)
		return -EPROTO;
	return 0;
}

/* Open and make sure a module of our ABI answers behind the path. */
int device_open_checked(const char *path, struct fgprof_version *v)
{
	int fd = device_open(path);
	int err;

	if (fd < 0)
		return fd;
	err = device_version(fd, v);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

const char *device_hint(int err)
{
	switch (-err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "the fgprof module is not loaded (modprobe fgprof, or insmod fgprof.ko)";
	case EACCES:
	case EPERM:
		return "permission denied: /dev/fgprof is root-only unless the module's mode parameter or udev grants access";
	case ENOTTY:
		return "not an fgprof device (it does not answer fgprof's version ioctl)";
	case EPROTO:
		return "the loaded module speaks another ABI version: rebuild and reload fgprof.ko and the tool together";
	default:
		return NULL;
	}
}

const char *device_state_name(unsigned int state)
{
	return state < FGPROF_STATE_NR ? state_names[state] : "invalid";
}

static int ioc(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

int device_configure(int fd, const struct fgprof_config *cfg)
{
	return ioc(fd, FGPROF_IOC_CONFIGURE, (void *)cfg);
}

int device_start(int fd)
{
	return ioc(fd, FGPROF_IOC_START, NULL);
}

int device_stop(int fd)
{
	return ioc(fd, FGPROF_IOC_STOP, NULL);
}

int device_reset(int fd)
{
	return ioc(fd, FGPROF_IOC_RESET, NULL);
}

int device_stats(int fd, struct fgprof_stats *st)
{
	return ioc(fd, FGPROF_IOC_STATS, st);
}

static int read_ioctl(int fd, struct fgprof_read *req, void *priv)
{
	(void)priv;
	return ioc(fd, FGPROF_IOC_READ, req);
}

/* A stack record is at most 1 KiB: the first buffer never needs to grow. */
#define READER_START	(64u * 1024)
#define READER_MAX	(64u * 1024 * 1024)

void device_reader_init(struct device_reader *r, int fd)
{
	r->fd = fd;
	r->read = read_ioctl;
	r->priv = NULL;
	r->buf = NULL;
	r->len = READER_START;
	r->max = READER_MAX;
}

void device_reader_free(struct device_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

static int reader_grow(struct device_reader *r)
{
	size_t len = r->buf ? r->len * 2 : r->len;
	void *buf;

	if (len > r->max || len > UINT32_MAX)
		return -ENOSPC;
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	free(r->buf);
	r->buf = buf;
	r->len = len;
	return 0;
}

static size_t fixed_size(unsigned int table)
{
	return table == FGPROF_TABLE_COUNTS ? sizeof(struct fgprof_count_rec) :
	       sizeof(struct fgprof_timeline_rec);
}

/* Splits what one READ returned; the module's lengths are checked, not trusted. */
static int split_records(const struct device_reader *r,
			 const struct fgprof_read *req, unsigned int cpu,
			 device_record_fn fn, void *ctx)
{
	const char *p = r->buf, *end = p + req->bytes;
	unsigned int n = 0;
	int ret;

	if (req->bytes > r->len)
		return -EPROTO;
	while (p < end) {
		size_t len;

		if (req->table == FGPROF_TABLE_STACKS) {
			const struct fgprof_stack_rec *s = (const void *)p;

			if ((size_t)(end - p) < sizeof(*s))
				return -EPROTO;
			len = sizeof(*s) + (size_t)s->nr * sizeof(s->ips[0]);
		} else if (req->table == FGPROF_TABLE_MAPS) {
			const struct fgprof_map_rec *m = (const void *)p;

			if ((size_t)(end - p) < sizeof(*m))
				return -EPROTO;
			len = m->len;
			/* Its path must end inside it, and the next be aligned. */
			if (len < sizeof(*m) + 1 || len % 8 ||
			    (size_t)(end - p) < len || p[len - 1])
				return -EPROTO;
		} else {
			len = fixed_size(req->table);
		}
		if ((size_t)(end - p) < len)
			return -EPROTO;
		ret = fn(ctx, cpu, p, len);
		if (ret)
			return ret;
		p += len;
		n++;
	}
	return n == req->nr_records ? 0 : -EPROTO;
}

long device_read_table(struct device_reader *r, unsigned int table,
		       unsigned int cpu, device_record_fn fn, void *ctx)
{
	uint32_t cursor = 0;
	long total = 0;
	int err;

	if (table >= FGPROF_TABLE_NR)
		return -EINVAL;
	if (!r->buf) {
		err = reader_grow(r);
		if (err)
			return err;
	}
	for (;;) {
		struct fgprof_read req = {
			.table = table,
			.cpu = cpu,
			.cursor = cursor,
			.buf = (uintptr_t)r->buf,
			.buf_len = r->len,
		};

		err = r->read(r->fd, &req, r->priv);
		if (err == -ENOSPC) {
			err = reader_grow(r);
			if (err)
				return err;
			continue;
		}
		if (err)
			return err;
		err = split_records(r, &req, cpu, fn, ctx);
		if (err)
			return err;
		total += req.nr_records;
		/* The timeline is a queue: its cursor means nothing. */
		if (table == FGPROF_TABLE_TIMELINE) {
			if (!req.nr_records)
				break;
			continue;
		}
		if (req.cursor == FGPROF_CURSOR_END)
			break;
		/* No record and no end: the same call would loop forever. */
		if (!req.nr_records || req.cursor <= cursor)
			return -EPROTO;
		cursor = req.cursor;
	}
	return total;
}
