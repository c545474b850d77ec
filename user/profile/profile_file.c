// SPDX-License-Identifier: GPL-2.0
/*
 * The profile file: writing, reading, validating (the model is in
 * profile.c).
 *
 * Format 3: UTF-8/ASCII text, one record per line, fields separated by
 * one space. The first word of a line says what it is. Numbers are
 * decimal unless marked HEX (lowercase hex digits, "0x" optional on
 * input). A free-text field (NAME, PATH, COMM, ...) is always last on its
 * line and runs to the end of it, spaces included; a backslash and bytes
 * below 0x20 or equal to 0x7f are written as \xHH. Blank lines and lines
 * starting with '#' are ignored.
 *
 *   fgprof-profile 3                  first line: magic and format version
 *                                     (format 2 is read too: the same
 *                                     without ksym lines)
 *
 * Header: every key exactly once, all before the first record.
 *   tool RELEASE                      fgprof release that recorded
 *   kernel RELEASE                    uname -r of the recorded machine
 *   kernel_text HEX                   _text in /proc/kallsyms then, 0 unknown
 *   event TYPE CONFIG-HEX PRECISE NAME  perf type, config, precise_ip, spec
 *   rate freq|period N                -F N (Hz) or -c N (events per sample)
 *   flags HEX                         FGPROF_CF_* of the recording
 *   tables KDEPTH UDEPTH STACK_SLOTS STACK_FRAMES COUNT_SLOTS TIMELINE_SLOTS
 *                                     as asked (0 = module default), per CPU
 *   start REALTIME_NS MONOTONIC_NS    when sampling began, on both clocks
 *   duration_ns N                     start to stop
 *   cpus N                            possible CPUs of the recorded machine
 *   unit NAME                         what a sample's value is: "samples"
 *                                     (its COUNT) or a unit of its PERIOD
 *                                     ("ns" for off-CPU and wall-clock)
 *
 * Records:
 *   stat NAME VALUE                   a struct fgprof_stats field, at most once
 *                                     (one not given reads 0)
 *   map PID START-HEX END-HEX OFFSET-HEX BUILDID|- PATH
 *                                     an executable file mapping of PID;
 *                                     several snapshots may repeat a pid
 *   ksym START-HEX END-HEX NAME       a kernel text symbol [START, END) as
 *                                     the recorder's /proc/kallsyms had it,
 *                                     NAME "func" or "func [module]"; only
 *                                     those naming an address of a kernel
 *                                     stack (or the byte before it), END
 *                                     the next symbol's start (at most
 *                                     1 MiB on). In address order, none
 *                                     overlapping. Report prefers them to
 *                                     this machine's /proc/kallsyms.
 *   kbuild BUILDID NAME               the build-id of the recorded kernel
 *                                     (NAME "vmlinux") or of a module the
 *                                     ksym lines name, at most once each
 *   stack ID k|u 0|1 HEX[,HEX...]     a distinct stack: kernel or user,
 *                                     truncated or not, addresses innermost
 *                                     first. IDs are 1, 2, 3... in order,
 *                                     global to the file (the module's ids
 *                                     are per CPU), no two stacks alike.
 *   sample on|off|alloc PID TID COUNT PERIOD KSTACK USTACK WKSTACK WUSTACK COMM
 *                                     on-CPU: COUNT samples of this key,
 *                                     PERIOD their summed period (ns for
 *                                     the clock events); off-CPU: COUNT
 *                                     blocked intervals, PERIOD their ns,
 *                                     WKSTACK/WUSTACK the waker's stacks;
 *                                     alloc: COUNT allocator calls, PERIOD
 *                                     the bytes they asked for.
 *                                     TID 0 unless --per-thread; stack ids
 *                                     0 = none, else a stack above of the
 *                                     right kind
 *   tl TIME_NS CPU PID TID KSTACK USTACK
 *                                     one timeline sample (CLOCK_MONOTONIC)
 *   end                               last line: a file without it was cut
 *
 * The reader refuses anything else, naming the line.
 */
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildid.h"
#include "profile.h"
#include "statfields.h"

/* A sample line's kind word, by enum profile_kind. */
static const char *const sample_kind_names[] = {
	[PROFILE_ON_CPU] = "on",
	[PROFILE_OFF_CPU] = "off",
	[PROFILE_ALLOC] = "alloc",
};

static void put_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == 0x7f || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void write_header(const struct profile_header *h, FILE *f)
{
	const struct profile_tables *t = &h->tables;

	fprintf(f, "%s %d\n", PROFILE_MAGIC, PROFILE_FORMAT);
	fputs("tool ", f);
	put_text(f, h->tool);
	fputs("\nkernel ", f);
	put_text(f, h->kernel);
	fprintf(f, "\nkernel_text %" PRIx64 "\n", h->kernel_text);
	fprintf(f, "event %u %#" PRIx64 " %u ", h->event_type,
		h->event_config, h->precise_ip);
	put_text(f, h->event);
	fprintf(f, "\nrate %s %" PRIu64 "\n", h->freq ? "freq" : "period",
		h->rate);
	fprintf(f, "flags %#x\n", h->flags);
	fprintf(f, "tables %u %u %u %u %u %u\n", t->kernel_depth,
		t->user_depth, t->stack_slots, t->stack_frames,
		t->count_slots, t->timeline_slots);
	fprintf(f, "start %" PRIu64 " %" PRIu64 "\n", h->start_realtime_ns,
		h->start_monotonic_ns);
	fprintf(f, "duration_ns %" PRIu64 "\n", h->duration_ns);
	fprintf(f, "cpus %u\n", h->nr_cpus);
	fputs("unit ", f);
	put_text(f, h->unit);
	fputc('\n', f);
}

int profile_write(const struct profile *p, FILE *f)
{
	size_t i, j;

	write_header(&p->hdr, f);
	for (i = 0; i < stat_nr_fields; i++)
		fprintf(f, "stat %s %" PRIu64 "\n", stat_fields[i].name,
			stat_get(&p->stats, &stat_fields[i]));
	for (i = 0; i < p->nr_maps; i++) {
		const struct profile_map *m = &p->maps[i];

		fprintf(f, "map %u %" PRIx64 " %" PRIx64 " %" PRIx64 " %s ",
			m->pid, m->start, m->end, m->offset,
			m->build_id ? m->build_id : "-");
		put_text(f, m->path);
		fputc('\n', f);
	}
	for (i = 0; i < p->ksyms.nr; i++) {
		const struct ksym *k = &p->ksyms.syms[i];

		fprintf(f, "ksym %" PRIx64 " %" PRIx64 " ", k->addr, k->end);
		put_text(f, p->ksyms.names + k->name);
		fputc('\n', f);
	}
	for (i = 0; i < p->nr_kbuilds; i++) {
		fprintf(f, "kbuild %s ", p->kbuilds[i].build_id);
		put_text(f, p->kbuilds[i].name);
		fputc('\n', f);
	}
	for (i = 0; i < p->nr_stacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		const uint64_t *ips = profile_stack_ips(p, s);

		fprintf(f, "stack %zu %c %d ", i + 1, s->kernel ? 'k' : 'u',
			s->truncated);
		for (j = 0; j < s->nr; j++)
			fprintf(f, "%s%" PRIx64, j ? "," : "", ips[j]);
		fputc('\n', f);
	}
	for (i = 0; i < p->nr_samples; i++) {
		const struct profile_sample *s = &p->samples[i];

		fprintf(f, "sample %s %u %u %" PRIu64 " %" PRIu64 " %u %u %u %u ",
			sample_kind_names[s->kind], s->pid,
			s->tid, s->count, s->period, s->kstack, s->ustack,
			s->wkstack, s->wustack);
		put_text(f, s->comm);
		fputc('\n', f);
	}
	for (i = 0; i < p->nr_timeline; i++) {
		const struct profile_tl *t = &p->timeline[i];

		fprintf(f, "tl %" PRIu64 " %u %u %u %u %u\n", t->time_ns,
			t->cpu, t->pid, t->tid, t->kstack, t->ustack);
	}
	fputs("end\n", f);
	return ferror(f) ? -EIO : 0;
}

int profile_save(const struct profile *p, const char *path)
{
	char *tmp;
	FILE *f;
	int err;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "we");
	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	err = profile_write(p, f);
	if (!err && (fflush(f) || fsync(fileno(f))))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

/* Reading. */

enum header_key {
	H_TOOL, H_KERNEL, H_KERNEL_TEXT, H_EVENT, H_RATE, H_FLAGS, H_TABLES,
	H_START, H_DURATION, H_CPUS, H_UNIT, H_NR
};

static const char *const header_keys[H_NR] = {
	[H_TOOL] = "tool",
	[H_KERNEL] = "kernel",
	[H_KERNEL_TEXT] = "kernel_text",
	[H_EVENT] = "event",
	[H_RATE] = "rate",
	[H_FLAGS] = "flags",
	[H_TABLES] = "tables",
	[H_START] = "start",
	[H_DURATION] = "duration_ns",
	[H_CPUS] = "cpus",
	[H_UNIT] = "unit",
};

struct parser {
	const char *name;
	unsigned long line;
	const char *nul;		/* the end of the line being read */
	char *err;
	size_t errlen;
	struct profile *p;
	uint32_t version;		/* the file's format */
	unsigned int header_seen;	/* bit per enum header_key */
	bool in_records;
	bool ended;
	unsigned char *stats_seen;	/* per stat field */
};

static int fail(struct parser *ps, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = snprintf(ps->err, ps->errlen, "%s:%lu: ", ps->name, ps->line);
	if (n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Splits off the next field; NULL when the line has no more. */
static char *field(char **s)
{
	char *f = *s, *sp;

	if (!f)
		return NULL;
	sp = strchr(f, ' ');
	if (sp) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = NULL;
	}
	return f;
}

/* A hex digit's value + 1; 0 for any other byte. */
static const unsigned char hex_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/*
 * The digits at s, to the first other character (*end): by hand, as a
 * profile holds millions of addresses and strtoull (locale, sign, blanks,
 * errno) with the digit check before it was a third of loading one.
 * -EINVAL for no digit or a value past 64 bits. Hex takes "0x" before.
 */
static int scan_u64(const char *s, int base, const char **end, uint64_t *v)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t x = 0;
	unsigned int d;

	if (base == 16) {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		s = (const char *)p;
		for (; (d = hex_value[*p] - 1u) < 16; p++) {
			if (x >> 60)
				return -EINVAL;
			x = x << 4 | d;
		}
	} else {
		for (; (d = *p - (unsigned int)'0') < 10u; p++) {
			if (x > (UINT64_MAX - d) / 10)
				return -EINVAL;
			x = x * 10 + d;
		}
	}
	*end = (const char *)p;
	if (*end == s)
		return -EINVAL;
	*v = x;
	return 0;
}

#define BYTES(b)	(0x0101010101010101ull * (b))

/*
 * The hex digits that begin the 8 bytes at p, all at once (SWAR): their
 * value, and how many there are (0 to 8) in *n.
 */
static uint64_t hex8(const char *p, unsigned int *n)
{
	uint64_t w, a, l, digit, letter, other, v;

	memcpy(&w, p, 8);
	w = le64toh(w);			/* p[0] in the low byte */
	a = w & ~BYTES(0x80);		/* 7 bits: sums stay in their byte */
	l = a | BYTES(0x20);		/* 'A'-'F' as 'a'-'f' */
	/* A byte's top bit in x + 0x80 - k: x >= k. */
	digit = (a + BYTES(0x80 - '0')) & ~(a + BYTES(0x80 - '9' - 1));
	letter = (l + BYTES(0x80 - 'a')) & ~(l + BYTES(0x80 - 'f' - 1));
	other = (~(digit | letter) | w) & BYTES(0x80);
	*n = other ? __builtin_ctzll(other) / 8 : 8;
	if (!*n)
		return 0;
	/* Nibbles: '0'-'9' are 0-9 already, 'a'-'f' 1-6 before the 9. */
	v = (a & BYTES(0x0f)) + (letter >> 7 & BYTES(1)) * 9;
	if (*n < 8)
		v &= (1ull << 8 * *n) - 1;
	/* Packed, p[0]'s nibble the most significant. */
	v = __builtin_bswap64(v);
	v = (v | v >> 4) & 0x00ff00ff00ff00ffull;
	v = (v | v >> 8) & 0x0000ffff0000ffffull;
	v = (v | v >> 16) & 0x00000000ffffffffull;
	return v >> 4 * (8 - *n);
}

/*
 * scan_u64(s, 16, ...) for a stack's addresses, 8 digits a step while
 * 8 bytes are there to read before the line's NUL (at nul); the rare
 * cases (a "0x", no digit, past 16 digits) are left to scan_u64.
 */
static int scan_hex(const char *s, const char *nul, const char **end,
		    uint64_t *v)
{
	unsigned int n = 8, digits = 0, d;
	const char *p = s;
	uint64_t x = 0, y;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return scan_u64(s, 16, end, v);
	while (n == 8 && nul - p >= 7) {
		y = hex8(p, &n);
		x = n ? (n == 8 ? x << 32 : x << 4 * n) | y : x;
		digits += n;
		p += n;
	}
	for (; n == 8 && (d = hex_value[(unsigned char)*p] - 1u) < 16; p++) {
		x = x << 4 | d;
		digits++;
	}
	if (!digits || digits > 16)
		return scan_u64(s, 16, end, v);
	*end = p;
	*v = x;
	return 0;
}

/* A whole field of digits, "0x" allowed before hex ones. */
static int parse_u64(const char *s, int base, uint64_t *v)
{
	const char *end;

	if (!s || scan_u64(s, base, &end, v) || *end)
		return -EINVAL;
	return 0;
}

static int parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;

	if (parse_u64(s, 10, &x) || x > UINT32_MAX)
		return -EINVAL;
	*v = x;
	return 0;
}

/* Fixed numeric fields: "name" is what the error message calls each. */
static int num_field(struct parser *ps, char **s, const char *what,
		     int base, uint64_t *v)
{
	char *f = field(s);

	if (!f)
		return fail(ps, "%s missing", what);
	if (parse_u64(f, base, v))
		return fail(ps, "bad %s '%s'", what, f);
	return 0;
}

static int u32_field(struct parser *ps, char **s, const char *what,
		     uint32_t *v)
{
	char *f = field(s);

	if (!f)
		return fail(ps, "%s missing", what);
	if (parse_u32(f, v))
		return fail(ps, "bad %s '%s'", what, f);
	return 0;
}

static int line_end(struct parser *ps, char *s)
{
	return s ? fail(ps, "unexpected '%s' at end of line", s) : 0;
}

/* Undoes put_text() into out (at most len - 1 bytes). */
static int unescape(struct parser *ps, const char *what, const char *s,
		    char *out, size_t len)
{
	size_t n = 0;

	for (s = s ? s : ""; *s; s++) {
		unsigned char c = *s;

		if (c == '\\') {
			unsigned int x;

			if (s[1] != 'x' || !isxdigit((unsigned char)s[2]) ||
			    !isxdigit((unsigned char)s[3]) ||
			    sscanf(s + 2, "%2x", &x) != 1)
				return fail(ps, "%s: bad escape", what);
			c = x;
			s += 3;
		} else if (c < 0x20 || c == 0x7f) {
			return fail(ps, "%s: raw control character", what);
		}
		if (!c)
			return fail(ps, "%s: NUL byte", what);
		if (n + 1 >= len)
			return fail(ps, "%s too long", what);
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

static int text_field(struct parser *ps, const char *what, const char *s,
		      char *out, size_t len, bool empty_ok)
{
	int err = unescape(ps, what, s, out, len);

	if (!err && !empty_ok && !*out)
		return fail(ps, "%s missing", what);
	return err;
}

static int parse_header(struct parser *ps, enum header_key k, char *s)
{
	struct profile_header *h = &ps->p->hdr;
	struct profile_tables *t = &h->tables;
	uint64_t v;
	char *f;
	int err;

	if (ps->header_seen & (1u << k))
		return fail(ps, "'%s' given twice", header_keys[k]);
	ps->header_seen |= 1u << k;
	switch (k) {
	case H_TOOL:
		return text_field(ps, "tool", s, h->tool, sizeof(h->tool),
				  false);
	case H_KERNEL:
		return text_field(ps, "kernel", s, h->kernel,
				  sizeof(h->kernel), false);
	case H_KERNEL_TEXT:
		err = num_field(ps, &s, "kernel_text", 16, &h->kernel_text);
		return err ?: line_end(ps, s);
	case H_EVENT:
		err = u32_field(ps, &s, "event type", &h->event_type);
		err = err ?: num_field(ps, &s, "event config", 16,
				       &h->event_config);
		err = err ?: u32_field(ps, &s, "precise level", &h->precise_ip);
		if (!err && h->precise_ip > 3)
			return fail(ps, "precise level %u > 3", h->precise_ip);
		return err ?: text_field(ps, "event name", s, h->event,
					 sizeof(h->event), false);
	case H_RATE:
		f = field(&s);
		if (!f || (strcmp(f, "freq") && strcmp(f, "period")))
			return fail(ps, "rate: expected 'freq' or 'period'");
		h->freq = !strcmp(f, "freq");
		err = num_field(ps, &s, "rate", 10, &h->rate);
		if (!err && !h->rate)
			return fail(ps, "rate 0");
		return err ?: line_end(ps, s);
	case H_FLAGS:
		err = num_field(ps, &s, "flags", 16, &v);
		if (!err && v > FGPROF_CF_ALL)
			return fail(ps, "unknown flags %#" PRIx64, v);
		h->flags = v;
		return err ?: line_end(ps, s);
	case H_TABLES:
		err = u32_field(ps, &s, "kernel depth", &t->kernel_depth);
		err = err ?: u32_field(ps, &s, "user depth", &t->user_depth);
		err = err ?: u32_field(ps, &s, "stack slots", &t->stack_slots);
		err = err ?: u32_field(ps, &s, "stack frames", &t->stack_frames);
		err = err ?: u32_field(ps, &s, "count slots", &t->count_slots);
		err = err ?: u32_field(ps, &s, "timeline slots",
				       &t->timeline_slots);
		return err ?: line_end(ps, s);
	case H_START:
		err = num_field(ps, &s, "start time", 10, &h->start_realtime_ns);
		err = err ?: num_field(ps, &s, "start monotonic time", 10,
				       &h->start_monotonic_ns);
		return err ?: line_end(ps, s);
	case H_DURATION:
		err = num_field(ps, &s, "duration", 10, &h->duration_ns);
		return err ?: line_end(ps, s);
	case H_CPUS:
		err = u32_field(ps, &s, "cpus", &h->nr_cpus);
		if (!err && !h->nr_cpus)
			return fail(ps, "cpus 0");
		return err ?: line_end(ps, s);
	case H_UNIT:
		err = text_field(ps, "unit", s, h->unit, sizeof(h->unit), false);
		if (!err && strpbrk(h->unit, " ;"))
			return fail(ps, "unit '%s': one word expected", h->unit);
		return err;
	default:
		return fail(ps, "internal: header key %d", k);
	}
}

static int parse_stat(struct parser *ps, char *s)
{
	char *name = field(&s);
	const struct stat_field *f = name ? stat_field_find(name) : NULL;
	uint64_t v;
	int err;

	if (!f)
		return fail(ps, "unknown stat '%s' (a file from a newer fgprof?)",
			    name ? name : "");
	if (ps->stats_seen[f - stat_fields]++)
		return fail(ps, "stat '%s' given twice", name);
	err = num_field(ps, &s, name, 10, &v);
	if (!err && f->size == 4 && v > UINT32_MAX)
		return fail(ps, "stat '%s' out of range", name);
	stat_set(&ps->p->stats, f, v);
	return err ?: line_end(ps, s);
}

/* Lowercase hex, whole bytes, into out[BUILDID_HEX_LEN]. */
static int build_id_field(struct parser *ps, const char *f, char *out)
{
	size_t n = strlen(f);

	if (n < 2 || n >= BUILDID_HEX_LEN || n % 2 ||
	    strspn(f, "0123456789abcdef") != n)
		return fail(ps, "bad build-id '%s'", f);
	memcpy(out, f, n + 1);
	return 0;
}

static int parse_map(struct parser *ps, char *s)
{
	char path[4096], build_id[BUILDID_HEX_LEN], *f;
	struct profile_map m = { 0 };
	int err;

	err = u32_field(ps, &s, "pid", &m.pid);
	err = err ?: num_field(ps, &s, "map start", 16, &m.start);
	err = err ?: num_field(ps, &s, "map end", 16, &m.end);
	err = err ?: num_field(ps, &s, "map offset", 16, &m.offset);
	if (err)
		return err;
	if (m.start >= m.end)
		return fail(ps, "map start is not below its end");
	f = field(&s);
	if (!f)
		return fail(ps, "build-id missing");
	if (strcmp(f, "-")) {
		err = build_id_field(ps, f, build_id);
		if (err)
			return err;
		m.build_id = build_id;
	}
	err = text_field(ps, "path", s, path, sizeof(path), false);
	if (err)
		return err;
	m.path = path;
	return profile_add_map(ps->p, &m) ? -ENOMEM : 0;
}

static int parse_stack(struct parser *ps, char *s)
{
	uint64_t ips[PROFILE_MAX_FRAMES];
	uint32_t id, nr = 0, got;
	bool kernel, truncated;
	const char *end;
	char *f, *a;
	int err;

	err = u32_field(ps, &s, "stack id", &id);
	if (err)
		return err;
	if (id != ps->p->nr_stacks + 1)
		return fail(ps, "stack id %u out of order (expected %zu)", id,
			    ps->p->nr_stacks + 1);
	f = field(&s);
	if (!f || (strcmp(f, "k") && strcmp(f, "u")))
		return fail(ps, "stack kind: expected 'k' or 'u'");
	kernel = *f == 'k';
	f = field(&s);
	if (!f || (strcmp(f, "0") && strcmp(f, "1")))
		return fail(ps, "stack truncated flag: expected 0 or 1");
	truncated = *f == '1';
	f = field(&s);
	if (!f || !*f)
		return fail(ps, "stack has no addresses");
	err = line_end(ps, s);
	if (err)
		return err;
	for (a = f;; a = (char *)end + 1) {
		if (nr == PROFILE_MAX_FRAMES)
			return fail(ps, "stack deeper than %d frames",
				    PROFILE_MAX_FRAMES);
		if (scan_hex(a, ps->nul, &end, &ips[nr]) ||
		    (*end && *end != ',')) {
			*strchrnul(a, ',') = '\0';
			return fail(ps, "bad address '%s'", a);
		}
		nr++;
		if (!*end)
			break;
	}
	err = profile_add_stack(ps->p, kernel, truncated, ips, nr, &got);
	if (err)
		return err == -EINVAL ? fail(ps, "bad stack") : err;
	if (got != id)
		return fail(ps, "stack %u repeats stack %u", id, got);
	return 0;
}

static int parse_ksym(struct parser *ps, char *s)
{
	char name[512];
	uint64_t start, end;
	int err;

	if (ps->version < 3)
		return fail(ps, "ksym line in a format %u file", ps->version);
	err = num_field(ps, &s, "ksym start", 16, &start);
	err = err ?: num_field(ps, &s, "ksym end", 16, &end);
	err = err ?: text_field(ps, "ksym name", s, name, sizeof(name), false);
	if (err)
		return err;
	err = kallsyms_add(&ps->p->ksyms, start, end, name);
	if (err == -EINVAL)
		return fail(ps, "ksym empty, out of order or overlapping the one before");
	return err;
}

static int parse_kbuild(struct parser *ps, char *s)
{
	char name[PROFILE_NAME_LEN], build_id[BUILDID_HEX_LEN], *f;
	size_t i;
	int err;

	if (ps->version < 3)
		return fail(ps, "kbuild line in a format %u file", ps->version);
	f = field(&s);
	if (!f)
		return fail(ps, "build-id missing");
	err = build_id_field(ps, f, build_id);
	err = err ?: text_field(ps, "kbuild name", s, name, sizeof(name),
				false);
	if (err)
		return err;
	for (i = 0; i < ps->p->nr_kbuilds; i++)
		if (!strcmp(ps->p->kbuilds[i].name, name))
			return fail(ps, "kbuild '%s' given twice", name);
	return profile_add_kbuild(ps->p, name, build_id);
}

static int check_stack_ref(struct parser *ps, uint32_t id, bool kernel)
{
	const struct profile_stack *st = profile_stack(ps->p, id);

	if (!id)
		return 0;
	if (!st)
		return fail(ps, "no stack %u (stacks come before their use)", id);
	if (st->kernel != kernel)
		return fail(ps, "stack %u is not a %s stack", id,
			    kernel ? "kernel" : "user");
	return 0;
}

static int parse_sample(struct parser *ps, char *s)
{
	struct profile_sample smp = { 0 };
	char *kind = field(&s);
	int err;

	for (smp.kind = 0; kind && smp.kind < sizeof(sample_kind_names) /
	     sizeof(sample_kind_names[0]); smp.kind++)
		if (!strcmp(kind, sample_kind_names[smp.kind]))
			break;
	if (!kind || smp.kind == sizeof(sample_kind_names) /
	    sizeof(sample_kind_names[0]))
		return fail(ps, "sample kind: expected 'on', 'off' or 'alloc'");
	err = u32_field(ps, &s, "pid", &smp.pid);
	err = err ?: u32_field(ps, &s, "tid", &smp.tid);
	err = err ?: num_field(ps, &s, "count", 10, &smp.count);
	err = err ?: num_field(ps, &s, "period", 10, &smp.period);
	err = err ?: u32_field(ps, &s, "kernel stack id", &smp.kstack);
	err = err ?: u32_field(ps, &s, "user stack id", &smp.ustack);
	err = err ?: u32_field(ps, &s, "waker kernel stack id", &smp.wkstack);
	err = err ?: u32_field(ps, &s, "waker user stack id", &smp.wustack);
	err = err ?: check_stack_ref(ps, smp.kstack, true);
	err = err ?: check_stack_ref(ps, smp.ustack, false);
	err = err ?: check_stack_ref(ps, smp.wkstack, true);
	err = err ?: check_stack_ref(ps, smp.wustack, false);
	err = err ?: text_field(ps, "comm", s, smp.comm, sizeof(smp.comm),
				true);
	if (err)
		return err;
	if (!smp.count)
		return fail(ps, "sample with count 0");
	return profile_add_sample(ps->p, &smp);
}

static int parse_tl(struct parser *ps, char *s)
{
	struct profile_tl t;
	int err;

	err = num_field(ps, &s, "time", 10, &t.time_ns);
	err = err ?: u32_field(ps, &s, "cpu", &t.cpu);
	err = err ?: u32_field(ps, &s, "pid", &t.pid);
	err = err ?: u32_field(ps, &s, "tid", &t.tid);
	err = err ?: u32_field(ps, &s, "kernel stack id", &t.kstack);
	err = err ?: u32_field(ps, &s, "user stack id", &t.ustack);
	err = err ?: check_stack_ref(ps, t.kstack, true);
	err = err ?: check_stack_ref(ps, t.ustack, false);
	err = err ?: line_end(ps, s);
	if (err)
		return err;
	if (t.cpu >= ps->p->hdr.nr_cpus)
		return fail(ps, "cpu %u, but the profile has %u", t.cpu,
			    ps->p->hdr.nr_cpus);
	return profile_add_timeline(ps->p, &t);
}

/* The header is complete before the first record, so records can use it. */
static int enter_records(struct parser *ps)
{
	int k;

	if (ps->in_records)
		return 0;
	for (k = 0; k < H_NR; k++)
		if (!(ps->header_seen & (1u << k)))
			return fail(ps, "header incomplete: no '%s' line",
				    header_keys[k]);
	ps->in_records = true;
	return 0;
}

/*
 * A counter the file does not name reads 0: a file written before the
 * module counted it is still whole ("end" says so), and 0 is what that
 * module would have reported.
 */
static int parse_end(struct parser *ps, char *s)
{
	ps->ended = true;
	return line_end(ps, s);
}

static int parse_line(struct parser *ps, char *line)
{
	char *s = line, *kw;
	int k;

	if (!*line || *line == '#')
		return 0;
	if (ps->ended)
		return fail(ps, "data after 'end'");
	kw = field(&s);
	/* Nearly every line: no header key to try first. */
	if (!strcmp(kw, "stack"))
		return enter_records(ps) ?: parse_stack(ps, s);
	if (!strcmp(kw, "sample"))
		return enter_records(ps) ?: parse_sample(ps, s);
	for (k = 0; k < H_NR; k++) {
		if (strcmp(kw, header_keys[k]))
			continue;
		if (ps->in_records)
			return fail(ps, "header line '%s' after the records",
				    kw);
		return parse_header(ps, k, s);
	}
	if (!strcmp(kw, "stat"))
		return enter_records(ps) ?: parse_stat(ps, s);
	if (!strcmp(kw, "map"))
		return enter_records(ps) ?: parse_map(ps, s);
	if (!strcmp(kw, "tl"))
		return enter_records(ps) ?: parse_tl(ps, s);
	if (!strcmp(kw, "ksym"))
		return enter_records(ps) ?: parse_ksym(ps, s);
	if (!strcmp(kw, "kbuild"))
		return enter_records(ps) ?: parse_kbuild(ps, s);
	if (!strcmp(kw, "end"))
		return enter_records(ps) ?: parse_end(ps, s);
	return fail(ps, "unknown line '%s'", kw);
}

static int parse_magic(struct parser *ps, char *line)
{
	char *s = line, *magic = field(&s), *ver = field(&s);
	uint32_t v;

	if (!magic || strcmp(magic, PROFILE_MAGIC))
		return fail(ps, "not an fgprof profile");
	if (!ver || parse_u32(ver, &v) || s)
		return fail(ps, "bad format version line");
	if (v < PROFILE_FORMAT_MIN || v > PROFILE_FORMAT)
		return fail(ps, "profile format %u; this fgprof reads formats %d to %d",
			    v, PROFILE_FORMAT_MIN, PROFILE_FORMAT);
	ps->version = v;
	return 0;
}

int profile_parse(FILE *f, const char *name, struct profile **out,
		  char *err, size_t errlen)
{
	struct parser ps = {
		.name = name, .err = err, .errlen = errlen,
	};
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	ps.p = profile_new();
	ps.stats_seen = calloc(stat_nr_fields, 1);
	if (!ps.p || !ps.stats_seen) {
		ret = -ENOMEM;
		goto out;
	}
	while (!ret && (n = getline(&line, &cap, f)) >= 0) {
		ps.line++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		ps.nul = line + n;
		if (strlen(line) != (size_t)n)
			ret = fail(&ps, "NUL byte in line");
		else if (ps.line == 1)
			ret = parse_magic(&ps, line);
		else
			ret = parse_line(&ps, line);
	}
	if (!ret && ferror(f))
		ret = -EIO;
	if (!ret && !ps.line)
		ret = fail(&ps, "empty file");
	if (!ret && !ps.ended)
		ret = fail(&ps, "no 'end' line: the file is incomplete");
out:
	free(line);
	free(ps.stats_seen);
	if (ret)
		profile_free(ps.p);
	else
		*out = ps.p;
	return ret;
}

int profile_load(const char *path, struct profile **out, char *err,
		 size_t errlen)
{
	FILE *f = fopen(path, "re");
	int ret;

	if (!f) {
		*out = NULL;
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = profile_parse(f, path, out, err, errlen);
	fclose(f);
	if (ret && ret != -EINVAL)
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
	return ret;
}
