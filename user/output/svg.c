// SPDX-License-Identifier: GPL-2.0
/*
 * Flame graphs as SVG, laid out the way flamegraph.pl lays them out so
 * that they read the same: same geometry, a warm palette, labels cut to
 * fit with "..". What makes them interactive is in svg_script.c.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flametree.h"
#include "numfmt.h"
#include "svg.h"
#include "svg_script.h"
#include "valfmt.h"

#define XPAD		10	/* left and right */
#define FONT_SIZE	12
#define FONT_WIDTH	0.59	/* average glyph width / size, Verdana */
#define FRAME_PAD	1	/* px between a frame and the one above */
#define YPAD_TOP	(FONT_SIZE * 5)		/* title and subtitle */
#define YPAD_BOTTOM	(FONT_SIZE * 2 + 10)	/* the details line */

struct svg {
	FILE *out;
	const struct svg_opts *o;
	const struct flame_tree *t;
	double wpt;		/* px per unit of value */
	double minpx;		/* narrower frames are left out */
	double maxdelta;	/* differential: the largest |self delta| */
	unsigned int width, height;
	bool inverted;
	char *buf;		/* a name made fit for XML */
	size_t cap;
};

/*
 * XML takes valid UTF-8 only, and no control characters; names come from
 * binaries and comm, which promise neither. Each byte of anything else
 * becomes '?'. Returns the code points written to out (len + 1 bytes).
 */
static size_t xml_clean(const char *s, size_t len, char *out)
{
	static const uint32_t min_cp[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t i = 0, o = 0, cps = 0, n, j;
	unsigned char c;
	uint32_t cp;
	bool ok;

	while (i < len) {
		c = s[i];
		n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
		    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		cp = n == 1 ? c : c & (0x7f >> n);
		ok = n && i + n <= len;
		for (j = 1; ok && j < n; j++) {
			ok = ((unsigned char)s[i + j] & 0xc0) == 0x80;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		ok = ok && cp >= min_cp[n] && cp <= 0x10ffff &&
		     (cp < 0xd800 || cp > 0xdfff) && cp != 0xfffe &&
		     cp != 0xffff && cp >= 0x20 && (cp < 0x7f || cp > 0x9f);
		if (ok) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else {
			out[o++] = '?';
			i++;
		}
		cps++;
	}
	out[o] = '\0';
	return cps;
}

/* Escaped for element text and attribute values alike. */
static void xml_put(FILE *out, const char *s, size_t n)
{
	const char *e;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&apos;";
			break;
		default:
			fputc(s[i], out);
			continue;
		}
		fputs(e, out);
	}
}

/* text, then v in decimal. */
static void put_num(FILE *out, const char *text, uint64_t v)
{
	char buf[24];

	fputs(text, out);
	fwrite(buf, 1, numfmt_u64(buf, v) - buf, out);
}

/* name cleaned into g->buf; its code points in *cps. */
static int clean(struct svg *g, const char *name, size_t len, size_t *cps)
{
	if (len + 1 > g->cap) {
		size_t cap = len + 1 > 256 ? len + 1 : 256;
		char *b = realloc(g->buf, cap);

		if (!b)
			return -ENOMEM;
		g->buf = b;
		g->cap = cap;
	}
	*cps = xml_clean(name, len, g->buf);
	return 0;
}

static int put_text(struct svg *g, const char *s)
{
	size_t cps;
	int err = clean(g, s, strlen(s), &cps);

	if (!err)
		xml_put(g->out, g->buf, strlen(g->buf));
	return err;
}

static bool drawn(const struct svg *g, uint32_t i)
{
	return g->t->n[i].count && g->t->n[i].count * g->wpt >= g->minpx;
}

int svg_parse_minwidth(const char *arg, struct svg_opts *o)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	o->minwidth_pct = *end == '%';
	if (o->minwidth_pct)
		end++;
	if (errno || end == arg || *end || !isfinite(v) || v < 0 ||
	    (o->minwidth_pct && v > 100))
		return -EINVAL;
	o->minwidth = v;
	return 0;
}

/* B - A of what node i holds itself, whichever of them is drawn. */
static double self_delta(const struct svg *g, uint32_t i)
{
	double shape = flame_tree_self(g->t, i, false);
	double other = flame_tree_self(g->t, i, true);

	return g->o->shape_is_a ? other - shape : shape - other;
}

static void frame_fill(const struct svg *g, uint32_t i, unsigned int rgb[3])
{
	const struct flame_node *n = &g->t->n[i];

	if (g->o->other)
		palette_diff(self_delta(g, i), g->maxdelta, rgb);
	else
		palette_fill(g->o->palette, n->name, n->len,
			     n->off > n->count / 2, rgb);
}

/*
 * The next frame to draw, in preorder, 0 after the last: a frame too
 * narrow is left out with its callees, which are no wider.
 */
static uint32_t next_drawn(const struct svg *g, uint32_t i)
{
	i = flame_tree_next(g->t, i, false);
	while (i && !drawn(g, i))
		i = flame_tree_next(g->t, i, true);
	return i;
}

/* The bytes of the first cps code points of valid UTF-8. */
static size_t utf8_prefix(const char *s, size_t cps)
{
	size_t n = 0;

	while (cps-- && s[n])
		while (((unsigned char)s[++n] & 0xc0) == 0x80)
			;
	return n;
}

static unsigned int frame_y(const struct svg *g, uint32_t depth)
{
	if (g->inverted)
		return YPAD_TOP + depth * SVG_FRAME_HEIGHT;
	return g->height - YPAD_BOTTOM - (depth + 1) * SVG_FRAME_HEIGHT +
	       FRAME_PAD;
}

static double pct(const struct svg *g, double v)
{
	return 100.0 * v / g->t->n[0].count;
}

/*
 * What a tooltip says after the name, in parentheses that hold no " ("
 * (the script finds the name by the last one): the value and its share;
 * in a differential graph A's, B's, their difference and the frame's own.
 */
static void put_values(const struct svg *g, uint32_t i)
{
	const struct flame_node *n = &g->t->n[i];
	const char *unit = g->o->unit;
	char va[VALFMT_LEN], vb[VALFMT_LEN], d[VALFMT_LEN], sd[VALFMT_LEN];
	uint64_t a = n->count, b = n->other;
	double self;

	if (!g->o->other) {
		fputs(" (", g->out);
		fputs(valfmt(n->count, unit, va), g->out);
		fputs(", ", g->out);
		numfmt_fixed(g->out, pct(g, n->count), 2);
		fputs("%)", g->out);
		return;
	}
	if (!g->o->shape_is_a) {
		a = n->other;
		b = n->count;
	}
	self = self_delta(g, i);
	fprintf(g->out, " (A %s, B %s; %s, %+.2f%%; self %s, %+.2f%%)",
		valfmt_short(a, unit, va), valfmt(b, unit, vb),
		valfmt_delta((int64_t)(b - a), unit, d), pct(g, (double)b - a),
		valfmt_delta((int64_t)self, unit, sd), pct(g, self));
}

/*
 * One frame: a <g> whose fg:x and fg:w (first sample, samples) let the
 * script zoom, a <title> the browser shows as a tooltip and the script
 * reads the name back from, the box, and the name cut to fit.
 */
static int put_frame(struct svg *g, uint32_t i)
{
	const struct flame_node *n = &g->t->n[i];
	double x = XPAD + n->start * g->wpt, w = n->count * g->wpt;
	unsigned int y = frame_y(g, n->depth), rgb[3];
	size_t cps, chars = (size_t)(w / (FONT_SIZE * FONT_WIDTH));
	int err;

	err = clean(g, n->name, n->len, &cps);
	if (err)
		return err;
	frame_fill(g, i, rgb);
	/* As fprintf("...%.1f...") would, without its cost: see numfmt.h. */
	put_num(g->out, "<g fg:x=\"", n->start);
	put_num(g->out, "\" fg:w=\"", n->count);
	fputs("\"><title>", g->out);
	xml_put(g->out, g->buf, strlen(g->buf));
	put_values(g, i);
	fputs("</title><rect x=\"", g->out);
	numfmt_fixed(g->out, x, 1);
	put_num(g->out, "\" y=\"", y);
	fputs("\" width=\"", g->out);
	numfmt_fixed(g->out, w, 1);
	put_num(g->out, "\" height=\"", SVG_FRAME_HEIGHT - FRAME_PAD);
	put_num(g->out, "\" fill=\"rgb(", rgb[0]);
	put_num(g->out, ",", rgb[1]);
	put_num(g->out, ",", rgb[2]);
	fputs(")\" rx=\"2\" ry=\"2\"/><text x=\"", g->out);
	numfmt_fixed(g->out, x + 3, 1);
	fputs("\" y=\"", g->out);
	numfmt_fixed(g->out, y + (SVG_FRAME_HEIGHT - FRAME_PAD) / 2.0 + 3, 1);
	fputs("\">", g->out);
	if (chars >= 3 && cps <= chars) {
		xml_put(g->out, g->buf, strlen(g->buf));
	} else if (chars >= 3) {
		xml_put(g->out, g->buf, utf8_prefix(g->buf, chars - 2));
		fputs("..", g->out);
	}
	fputs("</text></g>\n", g->out);
	return 0;
}

/* The document, its background, and all it needs to be interactive. */
static void put_head(struct svg *g)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
	      g->out);
	fprintf(g->out, "<svg version=\"1.1\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:fg=\"urn:x-fgprof:flamegraph\" onload=\"fg_init(evt)\">\n",
		g->width, g->height, g->width, g->height);
	fputs("<!-- A flame graph by fgprof. Hover for details, click to zoom, Ctrl-F to search. -->\n",
	      g->out);
	fputs("<defs><linearGradient id=\"background\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"><stop stop-color=\"#eeeeee\" offset=\"5%\"/><stop stop-color=\"#eeeeb0\" offset=\"95%\"/></linearGradient></defs>\n",
	      g->out);
	fprintf(g->out, "<style type=\"text/css\"><![CDATA[\n%s]]></style>\n",
		svg_style);
	fprintf(g->out, "<script type=\"text/ecmascript\"><![CDATA[\n%s", svg_script);
	fprintf(g->out, "var fg_xpad = %u, fg_width = %u, fg_fontsize = %u, fg_fontwidth = %.2f, fg_inverted = %s;\n]]></script>\n",
		XPAD, g->width - 2 * XPAD, FONT_SIZE, FONT_WIDTH,
		g->inverted ? "true" : "false");
	fprintf(g->out, "<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" fill=\"url(#background)\"/>\n",
		g->width, g->height);
}

static int put_labels(struct svg *g, const struct svg_opts *o)
{
	const char *title = o->title ?: o->other ?
		(g->inverted ? "Differential Icicle Graph" :
			       "Differential Flame Graph") :
		(g->inverted ? "Icicle Graph" : "Flame Graph");
	unsigned int bottom = g->height - YPAD_BOTTOM / 2;
	char num[VALFMT_LEN];
	int err;

	fprintf(g->out, "<text id=\"title\" x=\"%u\" y=\"%u\">",
		g->width / 2, FONT_SIZE * 2);
	err = put_text(g, title);
	fprintf(g->out, "</text>\n<text id=\"subtitle\" x=\"%u\" y=\"%u\">",
		g->width / 2, FONT_SIZE * 4);
	if (!err && o->subtitle) {
		err = put_text(g, o->subtitle);
	} else if (!err) {
		if (o->event && o->event[0]) {
			err = put_text(g, o->event);
			fputs(", ", g->out);
		}
		fputs(valfmt(g->t->n[0].count, o->unit, num), g->out);
		if (o->quality) {
			fputs("; ", g->out);
			err = put_text(g, o->quality);
		}
	}
	fputs("</text>\n", g->out);
	fprintf(g->out, "<text id=\"details\" x=\"%u\" y=\"%u\"> </text>\n",
		XPAD, bottom);
	fprintf(g->out, "<text id=\"unzoom\" class=\"hide\" x=\"%u\" y=\"%u\">Reset Zoom</text>\n",
		XPAD, FONT_SIZE * 2);
	fprintf(g->out, "<text id=\"search\" x=\"%u\" y=\"%u\">Search</text>\n",
		g->width - XPAD, FONT_SIZE * 2);
	fprintf(g->out, "<text id=\"matched\" class=\"hide\" x=\"%u\" y=\"%u\"> </text>\n",
		g->width - XPAD, bottom);
	if (!g->t->n[0].count)
		fprintf(g->out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">No samples</text>\n",
			g->width / 2, YPAD_TOP + SVG_FRAME_HEIGHT);
	return err;
}

int svg_write(FILE *out, const struct folded_stacks *fs,
	      const struct svg_opts *o)
{
	struct svg g = { .out = out, .o = o, .inverted = o->inverted };
	struct flame_tree t;
	uint32_t i, depth = 0;
	double d;
	int err;

	g.width = o->width ?: SVG_DEFAULT_WIDTH;
	if (g.width < SVG_MIN_WIDTH || g.width > SVG_MAX_WIDTH)
		return -EINVAL;
	g.minpx = o->minwidth_pct ? o->minwidth / 100 * (g.width - 2 * XPAD) :
		  o->minwidth ?: SVG_MIN_FRAME_WIDTH;
	err = o->other ? flame_tree_build_diff(&t, fs, o->other) :
			 flame_tree_build(&t, fs);
	if (err)
		goto out;
	g.t = &t;
	if (t.n[0].count)
		g.wpt = (double)(g.width - 2 * XPAD) / t.n[0].count;

	/*
	 * Only drawn frames make the graph taller, and set the scale of a
	 * differential graph's colours.
	 */
	i = 0;
	if (t.n[0].count)
		do {
			if (t.n[i].depth > depth)
				depth = t.n[i].depth;
			d = o->other ? fabs(self_delta(&g, i)) : 0;
			if (d > g.maxdelta)
				g.maxdelta = d;
		} while ((i = next_drawn(&g, i)));
	g.height = YPAD_TOP + (depth + 1) * SVG_FRAME_HEIGHT + YPAD_BOTTOM;

	put_head(&g);
	err = put_labels(&g, o);
	fputs("<g id=\"frames\">\n", out);
	i = 0;
	if (!err && t.n[0].count)
		do {
			err = put_frame(&g, i);
		} while (!err && (i = next_drawn(&g, i)));
	fputs("</g>\n</svg>\n", out);
	if (!err && (fflush(out) || ferror(out)))
		err = -EIO;
out:
	flame_tree_free(&t);
	free(g.buf);
	return err;
}
