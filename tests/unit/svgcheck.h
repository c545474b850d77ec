/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading back what user/output/svg.c writes, for the tests of the SVG outputs:
 * xmllint (libxml2-utils, a real XML parser) for well-formedness, and the
 * frames (<g fg:x ...>) with what each says. Needs unit.h first.
 */
#ifndef FGPROF_SVGCHECK_H
#define FGPROF_SVGCHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "folded.h"

#define SVGCHECK_UNUSED __attribute__((unused))

/*
 * NULL when xmllint parses svg without a complaint, else what it said
 * (or why it could not run: tests/deps.sh installs libxml2-utils).
 */
static SVGCHECK_UNUSED const char *xmllint_check(const char *svg)
{
	static char msg[1024];
	char path[] = "/tmp/fgprof-svgcheck-XXXXXX", cmd[128];
	size_t n = 0, len = strlen(svg);
	int fd = mkstemp(path), status;
	FILE *p;

	if (fd < 0)
		return "mkstemp failed";
	if (write(fd, svg, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return "writing the SVG failed";
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "xmllint --noout --nonet %s 2>&1", path);
	p = popen(cmd, "r");
	if (!p) {
		unlink(path);
		return "cannot run xmllint";
	}
	n = fread(msg, 1, sizeof(msg) - 1, p);
	msg[n] = '\0';
	status = pclose(p);
	unlink(path);
	if (status == 0 && n == 0)
		return NULL;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return "xmllint not found: install libxml2-utils (tests/deps.sh)";
	if (!n)
		snprintf(msg, sizeof(msg), "xmllint exited with %d", status);
	return msg;
}

#define CHECK_XML(svg)							\
	do {								\
		const char *_e = xmllint_check(svg);			\
		if (_e) {						\
			fprintf(stderr, "%s:%d: xmllint: %s\n",	\
				__FILE__, __LINE__, _e);		\
			unit_current_failed = 1;			\
		}							\
	} while (0)

/* What one frame (<g fg:x ...>) says. */
struct frame {
	uint64_t fx, fw;
	char title[512];	/* as written, escaped */
	char label[512];
	double x, w;
	int y, h;
	unsigned int r, g, b;
};

static SVGCHECK_UNUSED void copy_until(char *dst, size_t cap, const char *src,
		       const char *end)
{
	const char *e = strstr(src, end);
	size_t n = e ? (size_t)(e - src) : 0;

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Every frame of an SVG, in the order written; *nr of them. Each is
 * parsed from a copy of its line: sscanf on the whole rest of the file
 * would measure it every time.
 */
static SVGCHECK_UNUSED struct frame *frames_of(const char *svg, size_t *nr)
{
	const char *g = svg;
	struct frame *v = NULL;
	size_t n = 0, cap = 0;
	char *line, *p;

	while ((g = strstr(g, "<g fg:x="))) {
		struct frame *f;

		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof(*v));
		}
		f = &v[n++];
		memset(f, 0, sizeof(*f));
		line = strndup(g, strchrnul(g, '\n') - g);
		g += strlen(line);
		CHECK(sscanf(line, "<g fg:x=\"%" SCNu64 "\" fg:w=\"%" SCNu64 "\"><title>",
			     &f->fx, &f->fw) == 2);
		p = strstr(line, "<title>");
		CHECK(p);
		if (!p)
			goto next;
		copy_until(f->title, sizeof(f->title), p + 7, "</title>");
		p = strstr(p, "<rect ");
		CHECK(p && sscanf(p, "<rect x=\"%lf\" y=\"%d\" width=\"%lf\" height=\"%d\" fill=\"rgb(%u,%u,%u)\"",
				  &f->x, &f->y, &f->w, &f->h, &f->r, &f->g,
				  &f->b) == 7);
		p = p ? strstr(p, "<text ") : NULL;
		CHECK(p);
		if (p)
			copy_until(f->label, sizeof(f->label),
				   strchr(p, '>') + 1, "</text>");
next:
		free(line);
	}
	*nr = n;
	return v;
}

/* The frame whose title starts "NAME (", the first of them. */
static SVGCHECK_UNUSED const struct frame *frame_named(const struct frame *v, size_t nr,
				       const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < nr; i++)
		if (!strncmp(v[i].title, name, n) &&
		    !strncmp(v[i].title + n, " (", 2))
			return &v[i];
	return NULL;
}

static SVGCHECK_UNUSED size_t frames_named(const struct frame *v, size_t nr,
			   const char *name)
{
	size_t i, n = strlen(name), c = 0;

	for (i = 0; i < nr; i++)
		c += !strncmp(v[i].title, name, n) &&
		     !strncmp(v[i].title + n, " (", 2);
	return c;
}

/* Folded text ("a;b 3\n...") as the stacks folded_collect would give. */
static SVGCHECK_UNUSED struct folded_stacks stacks_of(const char *text)
{
	struct folded_stacks fs = { 0 };
	const char *p = text, *nl, *sp;

	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		sp = nl;
		while (sp[-1] != ' ')
			sp--;
		fs.v = realloc(fs.v, (fs.nr + 1) * sizeof(*fs.v));
		fs.v[fs.nr].text = strndup(p, sp - 1 - p);
		fs.v[fs.nr].count = strtoull(sp, NULL, 10);
		fs.nr++;
	}
	return fs;
}

#endif
