// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/svg.c (with flametree.c): flame graphs from folded stacks, made
 * here by hand for exact geometry and from a synthetic profile through
 * folded_collect, as fgprof report does. Every SVG goes through xmllint
 * (a real XML parser) and through a small strict checker of our own,
 * which also refuses what XML allows but svg.c never writes.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "folded.h"
#include "selfprof.h"
#include "svg.h"
#include "unit.h"
#include "svgcheck.h"
#include "runcmd.h"

/* Well-formed XML, for what svg.c writes: NULL, or what is wrong. */
static const char *xml_check(const char *s)
{
	char stack[32][32], attrs[16][32];
	int depth = 0, roots = 0, nattrs, i;
	const char *p = s, *e;
	size_t n;

	if (!strncmp(p, "<?xml ", 6)) {
		p = strstr(p, "?>");
		if (!p)
			return "unterminated XML declaration";
		p += 2;
	}
	while (*p) {
		if (!strncmp(p, "<!--", 4)) {
			e = strstr(p + 4, "--");
			if (!e || e[2] != '>')
				return "bad comment";
			p = e + 3;
		} else if (!strncmp(p, "<![CDATA[", 9)) {
			if (!depth)
				return "CDATA outside the root";
			e = strstr(p, "]]>");
			if (!e)
				return "unterminated CDATA";
			p = e + 3;
		} else if (!strncmp(p, "</", 2)) {
			p += 2;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.");
			if (!depth || strlen(stack[depth - 1]) != n ||
			    strncmp(stack[depth - 1], p, n))
				return "end tag does not match";
			p += n;
			while (isspace((unsigned char)*p))
				p++;
			if (*p++ != '>')
				return "bad end tag";
			depth--;
		} else if (*p == '<') {
			p++;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.");
			if (!n || n >= sizeof(stack[0]) || isdigit((unsigned char)*p))
				return "bad element name";
			if (!depth && ++roots > 1)
				return "more than one root";
			if (depth == (int)(sizeof(stack) / sizeof(stack[0])))
				return "too deep";
			memcpy(stack[depth], p, n);
			stack[depth][n] = '\0';
			p += n;
			nattrs = 0;
			for (;;) {
				bool space = isspace((unsigned char)*p);
				char q;

				while (isspace((unsigned char)*p))
					p++;
				if (!strncmp(p, "/>", 2)) {
					p += 2;
					break;
				}
				if (*p == '>') {
					p++;
					depth++;
					break;
				}
				n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.");
				if (!space || !n || n >= sizeof(attrs[0]) ||
				    nattrs == 16 || p[n] != '=' ||
				    (p[n + 1] != '"' && p[n + 1] != '\''))
					return "bad attribute";
				for (i = 0; i < nattrs; i++)
					if (strlen(attrs[i]) == n &&
					    !strncmp(attrs[i], p, n))
						return "attribute repeated";
				memcpy(attrs[nattrs], p, n);
				attrs[nattrs++][n] = '\0';
				q = p[n + 1];
				for (p += n + 2; *p != q; p++) {
					if (!*p || *p == '<')
						return "bad attribute value";
					if (*p == '&' && !strchr("alqg#", p[1]))
						return "bare & in attribute";
				}
				p++;
			}
		} else if (*p == '&') {
			static const char *const ents[] = {
				"&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
			};

			for (i = 0; i < 5; i++)
				if (!strncmp(p, ents[i], strlen(ents[i])))
					break;
			if (i == 5)
				return "bad entity";
			p += strlen(ents[i]);
		} else if (!strncmp(p, "]]>", 3)) {
			return "]]> in text";
		} else if (!depth && !isspace((unsigned char)*p)) {
			return "text outside the root";
		} else {
			p++;
		}
	}
	if (depth)
		return "unclosed element";
	return roots == 1 ? NULL : "no root element";
}

#define CHECK_WELL_FORMED(svg)						\
	do {								\
		CHECK(xml_check(svg) == NULL);				\
		CHECK_XML(svg);						\
	} while (0)

/* Valid UTF-8, and no control character XML refuses. */
static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n, i;

	while (*p) {
		if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
			return false;
		n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 :
		    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		if (!n || (n == 2 && *p < 0xc2) ||
		    (n == 3 && *p == 0xed && p[1] >= 0xa0))
			return false;
		for (i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

static char *render(const struct folded_stacks *fs, const struct svg_opts *o)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(svg_write(f, fs, o) == 0);
	fclose(f);
	return buf;
}

static char *render_text(const char *folded, const struct svg_opts *o)
{
	struct folded_stacks fs = stacks_of(folded);
	char *svg = render(&fs, o);

	folded_stacks_free(&fs);
	return svg;
}

/* The palette's families, as svg.c's frame_fill defines them. */
static bool kernel_fill(const struct frame *f)
{
	return f->r >= 235 && f->g >= 170 && f->g <= 225 && f->b <= 45;
}

static bool user_fill(const struct frame *f)
{
	return f->r >= 205 && f->g <= 90 && f->b <= 55;
}

static bool grey_fill(const struct frame *f)
{
	return f->r == f->g && f->g == f->b && f->r >= 170 && f->r <= 210;
}

static bool aqua_fill(const struct frame *f)
{
	return f->r >= 50 && f->r <= 110 && f->g == f->b && f->g >= 165;
}

static bool purple_fill(const struct frame *f)
{
	return f->r == f->b && f->r >= 190 && f->g >= 80 && f->g <= 140;
}

static bool blue_fill(const struct frame *f)
{
	return f->r == f->g && f->r >= 40 && f->r <= 140 && f->b >= 190;
}

static bool green_fill(const struct frame *f)
{
	return f->r == 0 && f->g >= 190 && f->g <= 240 && f->b <= 210;
}

static void two_levels_exact(void)
{
	struct svg_opts o = { 0 };
	char *svg = render_text("b 3\nc 1\n", &o);
	const struct frame *all, *b, *c;
	struct frame *v;
	size_t nr;

	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK(nr == 3);
	/* 1200 - 2 * 10 px for 4 samples; two levels, 16 px each. */
	CHECK(strstr(svg, "<svg version=\"1.1\" width=\"1200\" height=\"126\" viewBox=\"0 0 1200 126\""));
	all = frame_named(v, nr, "all");
	b = frame_named(v, nr, "b");
	c = frame_named(v, nr, "c");
	CHECK(all && b && c);
	if (all && b && c) {
		CHECK_STR(all->title, "all (4 samples, 100.00%)");
		CHECK_STR(b->title, "b (3 samples, 75.00%)");
		CHECK_STR(c->title, "c (1 samples, 25.00%)");
		CHECK(all->x == 10.0 && all->w == 1180.0);
		CHECK(b->x == 10.0 && b->w == 885.0);
		CHECK(c->x == 895.0 && c->w == 295.0);
		CHECK(all->y == 126 - 34 - 16 + 1 && all->h == 15);
		CHECK(b->y == all->y - 16 && c->y == b->y);
		CHECK(b->fx == 0 && b->fw == 3 && c->fx == 3 && c->fw == 1);
		CHECK_STR(b->label, "b");
	}
	free(v);
	free(svg);

	o.width = 600;
	svg = render_text("a;b 3\na;c 1\n", &o);
	v = frames_of(svg, &nr);
	CHECK(nr == 4);
	b = frame_named(v, nr, "b");
	c = frame_named(v, nr, "c");
	CHECK(frame_named(v, nr, "a") && frame_named(v, nr, "a")->w == 580.0);
	CHECK(b && b->x == 10.0 && b->w == 435.0);
	CHECK(c && c->x == 445.0 && c->w == 145.0);
	free(v);
	free(svg);
}

/* flamegraph.pl's order is by name, whatever order the stacks come in. */
static void children_merged_and_sorted(void)
{
	struct svg_opts o = { 0 };
	char *svg = render_text("x;foo+1 2\nx;foo;bar 1\nx;foo 3\nx;e 1\n",
				&o);
	const struct frame *e, *foo, *foo1, *bar;
	struct frame *v;
	size_t nr;

	v = frames_of(svg, &nr);
	CHECK(nr == 6);
	CHECK(frames_named(v, nr, "foo") == 1);
	e = frame_named(v, nr, "e");
	foo = frame_named(v, nr, "foo");
	foo1 = frame_named(v, nr, "foo+1");
	bar = frame_named(v, nr, "bar");
	CHECK(e && foo && foo1 && bar);
	if (e && foo && foo1 && bar) {
		CHECK(foo->fw == 4 && foo->fx == 1 && foo1->fx == 5);
		CHECK(e->x == 10.0);
		CHECK(e->x < foo->x && foo->x < foo1->x);
		CHECK(bar->x == foo->x && bar->y == foo->y - 16);
	}
	free(v);
	free(svg);
}

static void names_are_escaped(void)
{
	struct svg_opts o = { .title = "T<&>\"'", .event = "ev<&>" };
	char *svg = render_text("app;<&>\"'x 2\nq 1\n", &o);
	struct frame *v;
	size_t nr;

	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK(frame_named(v, nr, "&lt;&amp;&gt;&quot;&apos;x"));
	CHECK(strstr(svg, ">&lt;&amp;&gt;&quot;&apos;x</text>"));
	CHECK(strstr(svg, ">T&lt;&amp;&gt;&quot;&apos;</text>"));
	CHECK(strstr(svg, ">ev&lt;&amp;&gt;, 3 samples</text>"));
	CHECK(!strstr(svg, "<&>"));
	free(v);
	free(svg);
}

/* XML takes neither invalid UTF-8 nor control characters. */
static void bad_bytes_become_question_marks(void)
{
	struct svg_opts o = { 0 };
	char *svg = render_text("bad\xff\xfe;ctl\x01x\x7f;ok\xc3\xa9;"
				"long\xc0\xaf;sur\xed\xa0\x80 1\n", &o);
	struct frame *v;
	size_t nr;

	CHECK_WELL_FORMED(svg);
	CHECK(utf8_ok(svg));
	v = frames_of(svg, &nr);
	CHECK(frame_named(v, nr, "bad??"));
	CHECK(frame_named(v, nr, "ctl?x?"));
	CHECK(frame_named(v, nr, "ok\xc3\xa9"));
	CHECK(frame_named(v, nr, "long??"));
	CHECK(frame_named(v, nr, "sur???"));
	free(v);
	free(svg);
}

static void colour_families(void)
{
	struct svg_opts o = { 0 };
	char *svg = render_text("app;main;sys_read_[k];vfs_read_[k] 5\n"
				"app;[unknown] 1\napp;[truncated]_[k] 1\n"
				"app;main;inl_[i] 1\n", &o);
	const struct frame *f;
	struct frame *v;
	size_t nr;

	v = frames_of(svg, &nr);
	CHECK(nr == 8);
	f = frame_named(v, nr, "sys_read_[k]");
	CHECK(f && kernel_fill(f) && !user_fill(f));
	f = frame_named(v, nr, "vfs_read_[k]");
	CHECK(f && kernel_fill(f));
	f = frame_named(v, nr, "main");
	CHECK(f && user_fill(f) && !kernel_fill(f));
	f = frame_named(v, nr, "app");
	CHECK(f && user_fill(f));
	f = frame_named(v, nr, "[unknown]");
	CHECK(f && grey_fill(f));
	f = frame_named(v, nr, "[truncated]_[k]");
	CHECK(f && grey_fill(f));
	f = frame_named(v, nr, "inl_[i]");
	CHECK(f && purple_fill(f));
	free(v);
	free(svg);
}

static void inverted_puts_the_root_on_top(void)
{
	struct svg_opts o = { .inverted = true };
	char *svg = render_text("a;b 3\na;c 1\n", &o);
	const struct frame *all, *b;
	struct frame *v;
	size_t nr, i;

	CHECK_WELL_FORMED(svg);
	CHECK(strstr(svg, ">Icicle Graph</text>"));
	CHECK(strstr(svg, "fg_inverted = true;"));
	v = frames_of(svg, &nr);
	all = frame_named(v, nr, "all");
	b = frame_named(v, nr, "b");
	CHECK(all && b);
	if (all && b) {
		CHECK(all->y == 60);	/* under the title and subtitle */
		CHECK(b->y == 60 + 2 * 16);
		for (i = 0; i < nr; i++)
			CHECK(v[i].y >= all->y);
		CHECK(b->x == 10.0 && b->w == 885.0);
	}
	free(v);
	free(svg);

	o.inverted = false;
	svg = render_text("a;b 3\na;c 1\n", &o);
	v = frames_of(svg, &nr);
	all = frame_named(v, nr, "all");
	CHECK(all);
	for (i = 0; all && i < nr; i++)
		CHECK(v[i].y <= all->y);
	free(v);
	free(svg);
}

static void narrow_frames_are_left_out(void)
{
	struct svg_opts o = { 0 };
	/* 1180 px / 20003 samples: 1 sample is 0.059 px, 2 are 0.118 px. */
	char *svg = render_text("big 20000\ntiny;t1;t2;t3;t4;t5 1\ntwo 2\n",
				&o);
	const struct frame *all, *two;
	struct frame *v;
	size_t nr;

	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK(nr == 3);
	CHECK(!frame_named(v, nr, "tiny") && !frame_named(v, nr, "t1"));
	all = frame_named(v, nr, "all");
	two = frame_named(v, nr, "two");
	CHECK(all && two);
	if (all && two) {
		/* Still counted in the root, which still spans it. */
		CHECK_STR(all->title, "all (20,003 samples, 100.00%)");
		CHECK(all->w == 1180.0);
		CHECK(two->fx == 20001 && two->w == 0.1);
	}
	/* Left-out frames do not make the graph taller. */
	CHECK(strstr(svg, " height=\"126\" "));
	free(v);
	free(svg);
}

static void labels_are_cut_to_fit(void)
{
	struct svg_opts o = { 0 };
	char name[512], text[1200], want[256];
	const struct frame *f;
	struct frame *v;
	size_t nr, i;
	char *svg;

	/* 295 px hold 41 characters of 7.08 px: 39 and "..". */
	memset(name, 'n', 200);
	name[200] = '\0';
	strcpy(text, "b 3\n");
	strcat(text, name);
	strcat(text, " 1\n");
	svg = render_text(text, &o);
	v = frames_of(svg, &nr);
	f = frame_named(v, nr, name);
	CHECK(f);
	memset(want, 'n', 39);
	strcpy(want + 39, "..");
	CHECK(f && !strcmp(f->label, want));
	free(v);
	free(svg);

	/* Cut by characters, never inside one. */
	strcpy(text, "b 3\n");
	for (i = 0; i < 100; i++)
		strcat(text, "\xc3\xa9");
	strcat(text, " 1\n");
	svg = render_text(text, &o);
	CHECK(utf8_ok(svg));
	v = frames_of(svg, &nr);
	want[0] = '\0';
	for (i = 0; i < 39; i++)
		strcat(want, "\xc3\xa9");
	strcat(want, "..");
	CHECK(nr == 3 && !strcmp(v[2].label, want));
	free(v);
	free(svg);

	/* Under three characters' room: no label. */
	svg = render_text("b 1000\nc 1\n", &o);
	v = frames_of(svg, &nr);
	f = frame_named(v, nr, "c");
	CHECK(f && f->label[0] == '\0');
	free(v);
	free(svg);
}

static void script_is_embedded_and_self_contained(void)
{
	struct svg_opts o = { .event = "cpu-clock" };
	char *svg = render_text("a;b 3\na;c 1\n", &o);
	const char *cdata, *end;

	CHECK(strstr(svg, "onload=\"fg_init(evt)\""));
	cdata = strstr(svg, "<script type=\"text/ecmascript\"><![CDATA[");
	CHECK(cdata);
	if (cdata) {
		end = strstr(cdata, "]]>");
		CHECK(end && !strncmp(end, "]]></script>", 12));
	}
	CHECK(strstr(svg, "function fg_init("));
	CHECK(strstr(svg, "function fg_zoom("));
	CHECK(strstr(svg, "function fg_find("));
	CHECK(strstr(svg, "e.ctrlKey"));
	CHECK(strstr(svg, ">Reset Zoom</text>"));
	CHECK(strstr(svg, ">Search</text>"));
	CHECK(strstr(svg, "id=\"details\""));
	CHECK(strstr(svg, "id=\"matched\""));
	CHECK(strstr(svg, ">cpu-clock, 4 samples</text>"));
	/* Nothing outside the file: the SVG namespace is a name only. */
	CHECK(strstr(svg, "http") == strstr(svg, "http://www.w3.org/2000/svg"));
	CHECK(!strstr(strstr(svg, "http") + 1, "http"));
	CHECK(!strstr(svg, "href") && !strstr(svg, "@import") &&
	      !strstr(svg, "<image") && !strstr(svg, "<!DOCTYPE"));
	free(svg);
}

static void same_input_same_bytes(void)
{
	struct svg_opts o = { .event = "cycles" };
	char *a = render_text("a;b 3\na;c 1\nk;x_[k] 2\n", &o);
	char *b = render_text("a;b 3\na;c 1\nk;x_[k] 2\n", &o);
	char *c = render_text("z;y;b 7\n", &o);
	const struct frame *fa, *fc;
	struct frame *va, *vc;
	size_t na, nc;

	CHECK(!strcmp(a, b));
	/* A function keeps its colour from one graph to another. */
	va = frames_of(a, &na);
	vc = frames_of(c, &nc);
	fa = frame_named(va, na, "b");
	fc = frame_named(vc, nc, "b");
	CHECK(fa && fc && fa->r == fc->r && fa->g == fc->g && fa->b == fc->b);
	free(va);
	free(vc);
	free(a);
	free(b);
	free(c);
}

static void nothing_to_draw(void)
{
	struct folded_stacks fs = { 0 };
	struct svg_opts o = { 0 };
	char *svg = render(&fs, &o);
	size_t nr;

	CHECK_WELL_FORMED(svg);
	free(frames_of(svg, &nr));
	CHECK(nr == 0);
	CHECK(strstr(svg, ">No samples</text>"));
	CHECK(strstr(svg, ">0 samples</text>"));
	free(svg);
}

static void width_bounds(void)
{
	struct folded_stacks fs = stacks_of("a 1\n");
	struct svg_opts o = { .width = SVG_MIN_WIDTH - 1 };
	FILE *f = fopen("/dev/null", "w");

	CHECK(svg_write(f, &fs, &o) == -EINVAL);
	o.width = SVG_MAX_WIDTH + 1;
	CHECK(svg_write(f, &fs, &o) == -EINVAL);
	o.width = SVG_MIN_WIDTH;
	CHECK(svg_write(f, &fs, &o) == 0);
	fclose(f);
	folded_stacks_free(&fs);
}

/* Random stacks, one 5000 frames deep: still well-formed and in bounds. */
static void large_random_profile(void)
{
	static const char *const names[] = {
		"main", "run", "parse", "a<b>", "x&y", "q\"uote", "it's",
		"do_syscall_64_[k]", "vfs_read_[k]", "[unknown]",
		"[truncated]_[k]", "inl_[i]", "libc.so.6+0x1234",
		"std::vector<int>::push_back", "\xc3\xa9t\xc3\xa9",
	};
	const size_t nn = sizeof(names) / sizeof(names[0]);
	struct folded_stacks fs = { 0 };
	struct svg_opts o = { .event = "cpu-clock" };
	uint64_t total = 0;
	unsigned int seed = 42;
	struct frame *v;
	size_t i, j, depth, nr, cap = 0, len;
	char *svg, *t;
	int pass, height;

	fs.v = calloc(3001, sizeof(*fs.v));
	for (i = 0; i < 3001; i++) {
		depth = i < 3000 ? 1 + rand_r(&seed) % 40 : 5000;
		cap = depth * 40;
		t = malloc(cap);
		len = 0;
		for (j = 0; j < depth; j++)
			len += snprintf(t + len, cap - len, "%s%s", j ? ";" : "",
					names[rand_r(&seed) % nn]);
		fs.v[i].text = t;
		fs.v[i].count = 1 + rand_r(&seed) % 1000;
		total += fs.v[i].count;
	}
	fs.nr = 3001;

	for (pass = 0; pass < 2; pass++) {
		o.inverted = pass;
		svg = render(&fs, &o);
		CHECK_WELL_FORMED(svg);
		CHECK(utf8_ok(svg));
		CHECK(sscanf(strstr(svg, " height=\""), " height=\"%d\"",
			     &height) == 1);
		v = frames_of(svg, &nr);
		CHECK(nr > 1000);
		CHECK(nr && strncmp(v[0].title, "all (", 5) == 0 &&
		      v[0].fw == total);
		for (i = 0; i < nr; i++) {
			CHECK(v[i].x >= 10.0 && v[i].x + v[i].w <= 1190.05);
			CHECK(v[i].w >= 0.1);
			CHECK(v[i].fx + v[i].fw <= total);
			CHECK(v[i].y >= 60 && v[i].y + v[i].h <= height - 34);
		}
		free(v);
		free(svg);
	}
	folded_stacks_free(&fs);
}


/* Each palette's family, and what every palette shows the same way. */
static void palettes(void)
{
	static const char folded[] =
		"app;main;work 5\napp;main;read_[k] 3\napp;main;inl_[i] 1\n"
		"app;main;wait;[off-cpu];--;wake_[w] 2\napp;[unknown] 1\n";
	struct svg_opts o = { 0 };
	const struct frame *f;
	struct frame *v;
	size_t nr;
	char *svg;

	o.palette = PALETTE_MEM;
	svg = render_text(folded, &o);
	v = frames_of(svg, &nr);
	CHECK((f = frame_named(v, nr, "work")) && green_fill(f));
	CHECK((f = frame_named(v, nr, "read_[k]")) && green_fill(f));
	CHECK((f = frame_named(v, nr, "[unknown]")) && grey_fill(f));
	CHECK((f = frame_named(v, nr, "wake_[w]")) && aqua_fill(f));
	CHECK((f = frame_named(v, nr, "--")) && grey_fill(f));
	free(v);
	free(svg);

	o.palette = PALETTE_IO;
	svg = render_text(folded, &o);
	v = frames_of(svg, &nr);
	CHECK((f = frame_named(v, nr, "work")) && blue_fill(f));
	CHECK((f = frame_named(v, nr, "read_[k]")) && blue_fill(f));
	free(v);
	free(svg);

	o.palette = PALETTE_CHAIN;
	svg = render_text(folded, &o);
	v = frames_of(svg, &nr);
	CHECK((f = frame_named(v, nr, "wait")) && blue_fill(f));
	CHECK((f = frame_named(v, nr, "wake_[w]")) && aqua_fill(f));
	free(v);
	free(svg);

	o.palette = PALETTE_WAKEUP;
	svg = render_text(folded, &o);
	v = frames_of(svg, &nr);
	CHECK((f = frame_named(v, nr, "work")) && aqua_fill(f));
	free(v);
	free(svg);
}

/*
 * A wall-clock graph in the warm palette: what is mostly blocked (under
 * an "[off-cpu]" frame) is blue, what runs stays warm.
 */
static void wall_clock_colours_apart(void)
{
	struct svg_opts o = { .unit = PROFILE_UNIT_NS };
	char *svg = render_text("app;main;compute 3000000\n"
				"app;main;sleep;nanosleep_[k];[off-cpu] 9000000\n"
				"app;idle;[off-cpu] 1000000\n", &o);
	const struct frame *f;
	struct frame *v;
	size_t nr;

	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK((f = frame_named(v, nr, "compute")) && user_fill(f));
	CHECK((f = frame_named(v, nr, "sleep")) && blue_fill(f));
	CHECK((f = frame_named(v, nr, "nanosleep_[k]")) && blue_fill(f));
	CHECK((f = frame_named(v, nr, "[off-cpu]")) && blue_fill(f));
	/* main: 9 ms of 12 blocked: blue; app likewise (10 of 13). */
	CHECK((f = frame_named(v, nr, "main")) && blue_fill(f));
	/* Times, not samples, in the tooltips and the subtitle. */
	CHECK((f = frame_named(v, nr, "compute")) &&
	      !strcmp(f->title, "compute (3.00 ms, 23.08%)"));
	CHECK((f = frame_named(v, nr, "sleep")) &&
	      !strcmp(f->title, "sleep (9.00 ms, 69.23%)"));
	CHECK(strstr(svg, ">13.0 ms</text>"));
	for (f = v; f < v + nr; f++)
		CHECK(!strstr(f->title, "samples"));
	free(v);
	free(svg);
}

static void subtitle_given_or_made(void)
{
	struct svg_opts o = { .subtitle = "run 7 <fast>", .event = "cycles" };
	char *svg = render_text("a;b 3\n", &o);

	CHECK_WELL_FORMED(svg);
	CHECK(strstr(svg, "<text id=\"subtitle\" x=\"600\" y=\"48\">run 7 &lt;fast&gt;</text>"));
	CHECK(!strstr(svg, ">cycles, 3 samples<"));
	free(svg);
	o.subtitle = NULL;
	o.unit = "bytes";
	svg = render_text("a;b 4096\n", &o);
	CHECK(strstr(svg, ">cycles, 4,096 bytes</text>"));
	CHECK(strstr(svg, "<title>b (4,096 bytes, 100.00%)</title>"));
	free(svg);
}

static void minwidth_parse(void)
{
	struct svg_opts o = { 0 };

	CHECK(svg_parse_minwidth("2.5", &o) == 0 && o.minwidth == 2.5 &&
	      !o.minwidth_pct);
	CHECK(svg_parse_minwidth("1%", &o) == 0 && o.minwidth == 1 &&
	      o.minwidth_pct);
	CHECK(svg_parse_minwidth("0", &o) == 0 && !o.minwidth_pct);
	CHECK(svg_parse_minwidth("", &o) == -EINVAL);
	CHECK(svg_parse_minwidth("-1", &o) == -EINVAL);
	CHECK(svg_parse_minwidth("101%", &o) == -EINVAL);
	CHECK(svg_parse_minwidth("3px", &o) == -EINVAL);
	CHECK(svg_parse_minwidth("nan", &o) == -EINVAL);
	CHECK(svg_parse_minwidth("1%%", &o) == -EINVAL);
}

/*
 * Frames under the minimum width go, with their callees; what they held
 * still widens their parents, so the root keeps the whole total.
 */
static void minwidth_leaves_out_narrow_frames(void)
{
	/* 1180 px for 1000: 1 is 1.18 px. */
	static const char folded[] =
		"app;big;x 900\napp;mid;y 60\napp;small;z;zz 30\n"
		"app;tiny;t 10\n";
	struct svg_opts o = { 0 };
	const struct frame *all, *app;
	struct frame *v;
	size_t nr;
	char *svg;

	svg = render_text(folded, &o);
	v = frames_of(svg, &nr);
	CHECK(nr == 11);
	free(v);
	free(svg);

	o.minwidth = 20;	/* px: 10 (11.8 px) goes, 30 (35.4 px) stays */
	svg = render_text(folded, &o);
	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK(nr == 9);
	CHECK(!frame_named(v, nr, "tiny") && !frame_named(v, nr, "t"));
	CHECK(frame_named(v, nr, "zz"));
	all = frame_named(v, nr, "all");
	app = frame_named(v, nr, "app");
	CHECK(all && all->fw == 1000 && all->w == 1180.0);
	CHECK(app && app->fw == 1000);
	free(v);
	free(svg);

	o.minwidth = 5;		/* % of the total: 30 and 10 go */
	o.minwidth_pct = true;
	svg = render_text(folded, &o);
	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK(nr == 6);
	CHECK(frame_named(v, nr, "mid") && frame_named(v, nr, "y"));
	CHECK(!frame_named(v, nr, "small") && !frame_named(v, nr, "zz"));
	/* Shallower: the deepest frame left is at depth 3. */
	CHECK(strstr(svg, " height=\"158\" "));
	free(v);
	free(svg);
}

/*
 * 100,000 distinct stacks, 8 to 40 frames of 5,000 names: the default
 * minimum width keeps the file to what can be seen. Size and time are
 * printed for the record.
 */
static void hundred_thousand_stacks(void)
{
	struct folded_stacks fs = { 0 };
	struct svg_opts o = { 0 };
	unsigned int seed = 7;
	struct timespec t0, t1;
	size_t i, j, depth, len, cap, nr, bytes;
	struct frame *v;
	char *svg, *t;
	double ms;

	fs.v = calloc(100000, sizeof(*fs.v));
	for (i = 0; i < 100000; i++) {
		depth = 8 + rand_r(&seed) % 33;
		cap = depth * 24 + 32;
		t = malloc(cap);
		len = snprintf(t, cap, "app;main");
		for (j = 2; j < depth; j++)
			len += snprintf(t + len, cap - len, ";fn_%u",
					/* Skewed: a few hot names, many rare. */
					(rand_r(&seed) % 70) * (rand_r(&seed) % 71) +
					(unsigned int)j);
		/* Distinct whatever the draw. */
		snprintf(t + len, cap - len, ";leaf_%zu", i);
		fs.v[i].text = t;
		fs.v[i].count = 1 + rand_r(&seed) % 100;
	}
	fs.nr = 100000;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	svg = render(&fs, &o);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	bytes = strlen(svg);
	v = frames_of(svg, &nr);
	fprintf(stderr, "# 100000 stacks, default minwidth: %zu frames drawn, %zu bytes, %.0f ms\n",
		nr, bytes, ms);
	CHECK_XML(svg);
	CHECK(bytes < 4 * 1024 * 1024);
	CHECK(ms < 20000 * speed_scale());
	for (i = 0; i < nr; i++)
		CHECK(v[i].w >= 0.1);
	free(v);
	free(svg);

	o.minwidth = 1;
	o.minwidth_pct = false;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	svg = render(&fs, &o);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	v = frames_of(svg, &nr);
	fprintf(stderr, "# 100000 stacks, --minwidth 1: %zu frames drawn, %zu bytes, %.0f ms\n",
		nr, strlen(svg), ms);
	CHECK(strlen(svg) < bytes);
	free(v);
	free(svg);
	folded_stacks_free(&fs);
}

/* Through folded_collect, as fgprof report does, from a profile. */
static void from_a_profile(void)
{
	uint64_t in = (uintptr_t)self_inner, out = (uintptr_t)self_outer;
	uint64_t u1[] = { in + 1, out + 4 };
	uint64_t u2[] = { out + 4 };
	uint64_t k1[] = { 0xffffffff81002010, 0xffffffff81005005 };
	struct sym_opts so = { .kallsyms = unit_data("kallsyms") };
	struct profile *p = self_profile();
	struct folded_opts fo = { 0 };
	struct svg_opts o = { .event = "cpu-clock" };
	struct folded_summary sum, sum2;
	struct folded_stacks fs;
	struct symbolizer *s;
	const struct frame *f;
	char *svg, *a = NULL, *b = NULL;
	uint32_t me = getpid();
	struct frame *v;
	size_t nr, la, lb;
	FILE *fa, *fb;

	p->hdr.kernel_text = 0xffffffff81000000ull;
	self_sample(p, me, me, "app", self_stack(p, true, false, k1, 2),
		    self_stack(p, false, false, u1, 2), 6);
	self_sample(p, me, me, "app", 0, self_stack(p, false, true, u2, 1), 2);
	self_sample(p, 7, 7, "x<y>&z", 0, 0, 1);
	s = symbolizer_new(p, &so);

	CHECK(folded_collect(p, s, &fo, &fs, &sum) == 0);
	svg = render(&fs, &o);
	CHECK_WELL_FORMED(svg);
	v = frames_of(svg, &nr);
	CHECK(nr > 0 && !strcmp(v[0].title, "all (9 samples, 100.00%)"));
	f = frame_named(v, nr, "self_outer");
	CHECK(f && user_fill(f));
	f = frame_named(v, nr, "self_inner");
	CHECK(f && f->fw == 6);
	f = frame_named(v, nr, "__x64_sys_read_[k]");
	CHECK(f && kernel_fill(f) && f->fw == 6);
	f = frame_named(v, nr, "[truncated]");
	CHECK(f && grey_fill(f) && f->fw == 2);
	CHECK(frame_named(v, nr, "x&lt;y&gt;&amp;z"));
	CHECK(strstr(svg, ">cpu-clock, 9 samples</text>"));

	/* The folded text from the same stacks is folded_write's. */
	fa = open_memstream(&a, &la);
	CHECK(folded_print(fa, &fs) == 0);
	fclose(fa);
	fb = open_memstream(&b, &lb);
	CHECK(folded_write(fb, p, s, &fo, &sum2) == 0);
	fclose(fb);
	CHECK_STR(a, b);
	CHECK(sum.samples == sum2.samples && sum.lines == sum2.lines);

	free(a);
	free(b);
	free(v);
	free(svg);
	folded_stacks_free(&fs);
	symbolizer_free(s);
	profile_free(p);
}


/* fgprof report on a saved profile: the title and colours by its kind. */
static char *report_svg(struct profile *p, const char *extra)
{
	const char *path = runcmd_path("kinds.data");
	const char *args[16] = { "report", "-i", path, "--format", "svg", "-q",
				 "--kallsyms", unit_data("kallsyms") };
	char *svg;
	int rc, n = 8;

	CHECK(profile_save(p, path) == 0);
	if (extra)
		args[n++] = extra;
	svg = runcmd(cmd_report, args, &rc);
	CHECK(rc == 0);
	CHECK_WELL_FORMED(svg);
	unlink(path);
	return svg;
}

static void report_titles_by_kind(void)
{
	static const uint64_t run[] = { K_SYS_READ, K_IRQ };
	static const uint64_t wait[] = { K_KSYS_READ, K_SYS_READ };
	struct profile *p = kprofile_new(PROFILE_UNIT_SAMPLES);
	const struct frame *f;
	struct frame *v;
	size_t nr;
	char *svg;

	ksample(p, "app", run, 2, PROFILE_ON_CPU, 6, 6000000);
	svg = report_svg(p, NULL);
	CHECK(strstr(svg, "<text id=\"title\" x=\"600\" y=\"24\">Flame Graph</text>"));
	/* Kernel stacks only: the stack-quality line says so. */
	CHECK(strstr(svg, ">cpu-clock, 6 samples; no user stacks</text>"));
	free(svg);
	profile_free(p);

	/* Off-CPU only: time, blues. */
	p = kprofile_new(PROFILE_UNIT_NS);
	ksample(p, "app", wait, 2, PROFILE_OFF_CPU, 2, 9000000);
	svg = report_svg(p, NULL);
	CHECK(strstr(svg, ">Off-CPU Time Flame Graph</text>"));
	v = frames_of(svg, &nr);
	CHECK(nr >= 3);
	for (f = v; f < v + nr; f++) {
		CHECK(!strstr(f->title, "samples"));
		CHECK(blue_fill(f) || grey_fill(f));
	}
	free(v);
	free(svg);
	svg = report_svg(p, "--inverted");
	CHECK(strstr(svg, ">Off-CPU Time Icicle Graph</text>"));
	free(svg);
	svg = report_svg(p, "--colors=hot");
	v = frames_of(svg, &nr);
	CHECK((f = frame_named(v, nr, "app")) && (user_fill(f) || blue_fill(f)));
	free(v);
	free(svg);

	/* Both kinds: wall-clock. */
	ksample(p, "app", run, 2, PROFILE_ON_CPU, 6, 6000000);
	svg = report_svg(p, NULL);
	CHECK(strstr(svg, ">Wall-Clock Flame Graph</text>"));
	free(svg);
	svg = report_svg(p, "--title=Mine");
	CHECK(strstr(svg, ">Mine</text>") && !strstr(svg, "Wall-Clock"));
	free(svg);
	profile_free(p);
}

int main(void)
{
	self_sink = self_outer(2);
	RUN(two_levels_exact);
	RUN(children_merged_and_sorted);
	RUN(names_are_escaped);
	RUN(bad_bytes_become_question_marks);
	RUN(colour_families);
	RUN(inverted_puts_the_root_on_top);
	RUN(narrow_frames_are_left_out);
	RUN(labels_are_cut_to_fit);
	RUN(script_is_embedded_and_self_contained);
	RUN(same_input_same_bytes);
	RUN(nothing_to_draw);
	RUN(width_bounds);
	RUN(large_random_profile);
	RUN(from_a_profile);
	RUN(palettes);
	RUN(wall_clock_colours_apart);
	RUN(subtitle_given_or_made);
	RUN(minwidth_parse);
	RUN(minwidth_leaves_out_narrow_frames);
	RUN(hundred_thousand_stacks);
	RUN(report_titles_by_kind);
	return UNIT_EXIT();
}
