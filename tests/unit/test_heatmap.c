// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/heatmap.c on the synthetic profile (synth.h): which cell each
 * record lands in, the idle task left out, a selection of cells (the
 * first half of each second has only synth_hot_a), --time-range before
 * the heat map, and the page: self-contained, its data valid JSON that
 * says the same. Where node is installed, the page's own script runs on
 * a stand-in DOM and must build the same flame graph for a selection.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "heatmap.h"
#include "json.h"
#include "synth.h"
#include "timerange.h"
#include "unit.h"

static void cells(void)
{
	uint64_t s = SYNTH_START_MONO;
	uint32_t c, r;

	CHECK(heatmap_cell(s, s, 50, &c, &r) && c == 0 && r == 0);
	CHECK(heatmap_cell(s, s + 19999999, 50, &c, &r) && c == 0 && r == 0);
	CHECK(heatmap_cell(s, s + 20000000, 50, &c, &r) && c == 0 && r == 1);
	CHECK(heatmap_cell(s, s + 999999999, 50, &c, &r) && c == 0 && r == 49);
	CHECK(heatmap_cell(s, s + 1000000000, 50, &c, &r) && c == 1 && r == 0);
	CHECK(heatmap_cell(s, s + 2550000000ull, 10, &c, &r) && c == 2 && r == 5);
	CHECK(!heatmap_cell(s, s - 1, 50, &c, &r));
	CHECK(!heatmap_cell(s, s, 0, &c, &r));
}

static const char *stack_name(const struct heatmap *h, size_t i)
{
	static char buf[1024];
	size_t j, len = 0;

	buf[0] = '\0';
	for (j = h->first[i]; j < h->first[i + 1]; j++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				j > h->first[i] ? ";" : "",
				h->names[h->frames[j]]);
	return buf;
}

static void build_and_bin(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct heatmap_opts o = { 0 };
	bool inl = synth_has_inline(s);
	struct heatmap h;
	uint64_t per[8];
	char err[256];
	size_t i;

	CHECK(heatmap_build(p, s, &o, &h, err, sizeof(err)) == 0);
	CHECK(h.rows == HEATMAP_DEFAULT_ROWS && h.cols == 2);
	CHECK(h.records == 16 && h.idle == 2 && h.outside == 0);
	CHECK(h.nr_stacks == 2 && h.max == 1);
	CHECK_STR(stack_name(&h, 0), inl ? "app;synth_main;synth_hot_a;synth_inl_[i]" :
					   "app;synth_main;synth_hot_a");
	CHECK_STR(stack_name(&h, 1),
		  "app;synth_main;synth_hot_b;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k]");
	/* 0.05 s is row 2 of 50, 0.55 s row 27; every record its own cell. */
	CHECK(h.counts[0 * 50 + 2] == 1 && h.counts[1 * 50 + 2] == 1);
	CHECK(h.counts[0 * 50 + 27] == 1 && h.counts[0 * 50 + 0] == 0);
	CHECK(h.counts[0 * 50 + 45] == 0);	/* idle, 0.90 s */
	CHECK(h.nr_entries == 16);
	for (i = 1; i < h.nr_entries; i++)
		CHECK(h.entries[i - 1].col * 50 + h.entries[i - 1].row <
		      h.entries[i].col * 50 + h.entries[i].row);
	/* The first half of each second: synth_hot_a alone. */
	CHECK(heatmap_select(&h, 0, 0, 0, 24, per) == 5);
	CHECK(per[0] == 5 && per[1] == 0);
	CHECK(heatmap_select(&h, 1, 24, 1, 0, per) == 5 && per[1] == 0);
	/* Its second half: synth_hot_b alone. */
	CHECK(heatmap_select(&h, 0, 25, 0, 49, per) == 3 && per[0] == 0);
	/* Across the seconds' boundary: 0.55 s to 1.45 s. */
	CHECK(heatmap_select(&h, 0, 27, 1, 22, per) == 8);
	CHECK(per[0] == 5 && per[1] == 3);
	heatmap_free(&h);
	/* 10 rows: 0.05 .. 0.45 s are rows 0 to 4, 0.55 .. 0.75 rows 5 to 7. */
	o.rows = 10;
	CHECK(heatmap_build(p, s, &o, &h, err, sizeof(err)) == 0);
	CHECK(h.counts[4] == 1 && h.counts[5] == 1 && h.counts[8] == 0);
	heatmap_free(&h);
	symbolizer_free(s);
	profile_free(p);
}

static void time_range_first(void)
{
	struct profile *p = synth_profile(), *n;
	struct symbolizer *s = synth_symbolizer(p);
	struct time_range r = { 1.0, 1.5 };
	struct heatmap_opts o = { 0 };
	struct heatmap h;
	char err[256];

	CHECK(profile_time_range(p, &r, &n, err, sizeof(err)) == 0);
	CHECK(heatmap_build(n, s, &o, &h, err, sizeof(err)) == 0);
	/* The window starts at 0: one column, hot_a only. */
	CHECK(h.cols == 1 && h.records == 5 && h.nr_stacks == 1);
	CHECK(strstr(stack_name(&h, 0), "synth_hot_a"));
	heatmap_free(&h);
	profile_free(n);
	symbolizer_free(s);
	profile_free(p);
}

static void errors(void)
{
	struct profile *p = profile_new();
	struct heatmap_opts o = { 0 };
	struct heatmap h;
	char err[256] = "";

	CHECK(heatmap_build(p, NULL, &o, &h, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "--timeline"));
	o.rows = HEATMAP_MAX_ROWS + 1;
	CHECK(heatmap_build(p, NULL, &o, &h, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "--rows"));
	profile_free(p);
}

static char *page(const struct profile *p, const struct heatmap_opts *o)
{
	struct symbolizer *s = synth_symbolizer(p);
	struct heatmap h;
	char *buf = NULL, err[256];
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(heatmap_build(p, s, o, &h, err, sizeof(err)) == 0);
	CHECK(heatmap_write(f, &h, o, p) == 0);
	fclose(f);
	heatmap_free(&h);
	symbolizer_free(s);
	return buf;
}

static void page_is_self_contained(void)
{
	struct profile *p = synth_profile();
	struct heatmap_opts o = { .title = "t<i>tle",
				  .quality = "stacks: 99.5% <ok>" };
	char *html = page(p, &o), *a, *z, *json;
	const char *err, *at;
	struct jval *d;

	CHECK(!strncmp(html, "<!DOCTYPE html>", 15));
	CHECK(strstr(html, "<title>t&lt;i&gt;tle</title>"));
	/* The stack-quality line, as text. */
	CHECK(strstr(html, "<p class=\"sub\">stacks: 99.5% &lt;ok&gt;</p>"));
	/* Nothing fetched: no src=, href= or url(. */
	CHECK(!strstr(html, "src=") && !strstr(html, "href=") &&
	      !strstr(html, "url(") && !strstr(html, "http://"));
	a = strstr(html, "<script type=\"application/json\" id=\"hm-data\">");
	CHECK(a);
	if (!a)
		goto out;
	a = strchr(a, '>') + 1;
	z = strstr(a, "</script>");
	json = strndup(a, z - a);
	d = jparse(json, &err, &at);
	CHECK(d);
	if (d) {
		CHECK(jget(d, "cols")->num == 2 && jget(d, "rows")->num == 50);
		CHECK(jget(d, "entries")->n == 16 * 4);
		CHECK(jget(d, "stacks")->n == 2);
		CHECK(jstr_is(jget(d, "unit"), "cpu-clock"));
		jfree(d);
	}
	free(json);
out:
	free(html);
	profile_free(p);
}

/*
 * The page's script on a stand-in DOM: select 0.00 .. 0.50 s (first
 * cell, then last, found where the map says its plot is), read back the
 * flame graph's frames and the span it names.
 */
static const char dom_stub[] =
	"const fs = require('fs');\n"
	"const html = fs.readFileSync(process.argv[2], 'utf8');\n"
	"const data = html.match(/id=\"hm-data\">([\\s\\S]*?)<\\/script>/)[1];\n"
	"const code = html.match(/<script>\\n([\\s\\S]*?)<\\/script>/)[1];\n"
	"function el(id) { return { id: id, textContent: data, style: {},\n"
	"  children: [], innerHTML: '', clientWidth: 1000, listeners: {},\n"
	"  dataset: {}, offsetWidth: 0, offsetHeight: 0,\n"
	"  getContext: () => ({ fillRect() {}, set fillStyle(v) {} }),\n"
	"  getBoundingClientRect: () => ({ left: 0, top: 0 }),\n"
	"  addEventListener(t, f) { this.listeners[t] = f; },\n"
	"  appendChild(c) { this.children.push(c); } }; }\n"
	"const els = {};\n"
	"global.document = { getElementById: (id) => els[id] || (els[id] = el(id)),\n"
	"  createElement: () => el('div') };\n"
	"global.window = { addEventListener() {} };\n"
	"eval(code);\n"
	"const m = els['hm-map'];\n"
	"const x = +m.dataset.plotLeft + 1, y = +m.dataset.plotTop + 1;\n"
	"m.listeners.click({ clientX: x, clientY: y });\n"
	"m.listeners.click({ clientX: x, clientY: y + 24 * m.dataset.cellHeight });\n"
	"for (const d of els['fg'].children) console.log(d.title);\n"
	"console.log(els['fg-info'].textContent);\n";

static void script_builds_the_selection(void)
{
	struct profile *p = synth_profile();
	struct heatmap_opts o = { 0 };
	char html_path[] = "/tmp/fgprof-hm-XXXXXX";
	char js_path[] = "/tmp/fgprof-hm-js-XXXXXX", cmd[256];
	char out[4096] = "";
	char *html;
	size_t n;
	FILE *f;
	int fd;

	if (system("command -v node >/dev/null 2>&1")) {
		printf("# skipped: node not installed (the page's script not run)\n");
		profile_free(p);
		return;
	}
	html = page(p, &o);
	fd = mkstemp(html_path);
	CHECK(fd >= 0 && write(fd, html, strlen(html)) == (ssize_t)strlen(html));
	close(fd);
	fd = mkstemp(js_path);
	CHECK(fd >= 0 && write(fd, dom_stub, strlen(dom_stub)) ==
			 (ssize_t)strlen(dom_stub));
	close(fd);
	snprintf(cmd, sizeof(cmd), "node %s %s 2>&1", js_path, html_path);
	f = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	CHECK(pclose(f) == 0);
	CHECK(strstr(out, "all (5 samples, 100.00%)"));
	CHECK(strstr(out, "synth_hot_a (5 samples, 100.00%)"));
	CHECK(!strstr(out, "synth_hot_b"));
	/* Rows 0-24: from the first's start to the last's end. */
	CHECK(strstr(out, "From 0.000 s to 0.500 s: 5 samples"));
	if (!strstr(out, "synth_hot_a (5 samples"))
		fprintf(stderr, "  node said:\n%s\n", out);
	unlink(html_path);
	unlink(js_path);
	free(html);
	profile_free(p);
}

/* A profile with more than samples says the map shows its samples only. */
static void off_cpu_time_is_said_missing(void)
{
	struct profile *p = synth_profile();
	struct heatmap_opts o = { 0 };
	char *html = page(p, &o);

	CHECK(strstr(html, "16 samples of cpu-clock in 2 s"));
	CHECK(!strstr(html, "is not in this map"));
	free(html);
	strcpy(p->hdr.unit, PROFILE_UNIT_NS);
	p->samples[1].kind = PROFILE_OFF_CPU;
	html = page(p, &o);
	CHECK(strstr(html, "The profile's wall-clock time is not in this map: the timeline holds on-CPU samples only."));
	free(html);
	profile_free(p);
}

int main(void)
{
	RUN(cells);
	RUN(build_and_bin);
	RUN(time_range_first);
	RUN(errors);
	RUN(page_is_self_contained);
	RUN(script_builds_the_selection);
	RUN(off_cpu_time_is_said_missing);
	return UNIT_EXIT();
}
