// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/speedscope.c on the synthetic profile (synth.h), read back with a
 * small JSON reader (json.h) and checked against speedscope's file format
 * (file-format-spec.ts, the source of its JSON schema): the document's
 * shape and types, every index in range, then what the samples say.
 */
#include <stdlib.h>

#include "json.h"
#include "speedscope.h"
#include "synth.h"
#include "unit.h"

static char *write_ss(const struct profile *p, const struct folded_opts *o)
{
	struct symbolizer *s = synth_symbolizer(p);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	CHECK(speedscope_write(f, p, s, o) == 0);
	fclose(f);
	symbolizer_free(s);
	return buf;
}

static bool is_uint(const struct jval *v, double below)
{
	return jis(v, J_NUM) && v->num >= 0 && v->num < below &&
	       v->num == (double)(uint64_t)v->num;
}

/* The schema's rules for a file of sampled profiles: NULL or what breaks. */
static const char *schema_check(const struct jval *doc)
{
	const struct jval *frames, *profiles, *v;
	size_t i, j, k;

	if (!jis(doc, J_OBJ))
		return "not an object";
	if (!jstr_is(jget(doc, "$schema"), SPEEDSCOPE_SCHEMA))
		return "$schema";
	frames = jget(jget(doc, "shared"), "frames");
	if (!jis(frames, J_ARR))
		return "shared.frames";
	for (i = 0; i < frames->n; i++) {
		const struct jval *f = frames->v[i];

		if (!jis(jget(f, "name"), J_STR))
			return "frame without a name";
		v = jget(f, "file");
		if (v && !jis(v, J_STR))
			return "frame file not a string";
		v = jget(f, "line");
		if (v && !is_uint(v, 1e9))
			return "frame line not a number";
		for (k = 0; k < f->n; k++)
			if (strcmp(f->keys[k], "name") && strcmp(f->keys[k], "file") &&
			    strcmp(f->keys[k], "line") && strcmp(f->keys[k], "col"))
				return "unknown frame key";
	}
	profiles = jget(doc, "profiles");
	if (!jis(profiles, J_ARR) || !profiles->n)
		return "profiles";
	v = jget(doc, "activeProfileIndex");
	if (v && !is_uint(v, profiles->n))
		return "activeProfileIndex";
	v = jget(doc, "name");
	if (v && !jis(v, J_STR))
		return "name";
	for (i = 0; i < profiles->n; i++) {
		const struct jval *pr = profiles->v[i], *smp, *w, *u;

		if (!jstr_is(jget(pr, "type"), "sampled"))
			return "profile type";
		if (!jis(jget(pr, "name"), J_STR))
			return "profile name";
		u = jget(pr, "unit");
		if (!jstr_is(u, "none") && !jstr_is(u, "nanoseconds") &&
		    !jstr_is(u, "microseconds") && !jstr_is(u, "milliseconds") &&
		    !jstr_is(u, "seconds") && !jstr_is(u, "bytes"))
			return "profile unit";
		if (!jis(jget(pr, "startValue"), J_NUM) ||
		    !jis(jget(pr, "endValue"), J_NUM) ||
		    jget(pr, "endValue")->num < jget(pr, "startValue")->num)
			return "startValue/endValue";
		smp = jget(pr, "samples");
		w = jget(pr, "weights");
		if (!jis(smp, J_ARR) || !jis(w, J_ARR) || smp->n != w->n)
			return "samples/weights";
		for (j = 0; j < smp->n; j++) {
			if (!jis(smp->v[j], J_ARR) || !jis(w->v[j], J_NUM))
				return "a sample";
			for (k = 0; k < smp->v[j]->n; k++)
				if (!is_uint(smp->v[j]->v[k], frames->n))
					return "a frame index out of range";
		}
	}
	return NULL;
}

static struct jval *parse_checked(const char *text)
{
	const char *err = NULL, *at = NULL, *why;
	struct jval *doc = jparse(text, &err, &at);

	if (!doc) {
		fprintf(stderr, "  JSON: %s at '%.40s'\n", err, at);
		CHECK(doc);
		return NULL;
	}
	why = schema_check(doc);
	if (why)
		fprintf(stderr, "  schema: %s\n", why);
	CHECK(!why);
	return doc;
}

/* Sample i's frames, root first, as "a;b;c". */
static char *stack_text(const struct jval *doc, size_t i)
{
	const struct jval *frames = jget(jget(doc, "shared"), "frames");
	const struct jval *smp = jat(jget(jat(jget(doc, "profiles"), 0),
					  "samples"), i);
	static char buf[1024];
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 0; smp && k < smp->n; k++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				k ? ";" : "",
				jget(jat(frames, smp->v[k]->num), "name")->str);
	return buf;
}

static double weight(const struct jval *doc, size_t i)
{
	return jat(jget(jat(jget(doc, "profiles"), 0), "weights"), i)->num;
}

static void samples_and_frames(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct folded_opts o = { 0 };
	bool inl = synth_has_inline(s);
	char *text = write_ss(p, &o);
	struct jval *doc = parse_checked(text), *pr;

	symbolizer_free(s);
	if (!doc)
		goto out;
	pr = jat(jget(doc, "profiles"), 0);
	CHECK(jstr_is(jget(pr, "unit"), "none"));
	CHECK(jget(pr, "endValue")->num == 18);
	CHECK(jget(jget(pr, "samples"), "x") == NULL);
	CHECK(jget(pr, "samples")->n == 3);
	CHECK_STR(stack_text(doc, 0), inl ? "app;synth_main;synth_hot_a;synth_inl" :
					    "app;synth_main;synth_hot_a");
	CHECK(weight(doc, 0) == 10);
	CHECK_STR(stack_text(doc, 1),
		  "app;synth_main;synth_hot_b;asm_sysvec_apic_timer_interrupt;__x64_sys_read");
	CHECK(weight(doc, 1) == 6);
	CHECK_STR(stack_text(doc, 2), "swapper/0;do_one_initcall");
	/* "app" and "synth_main" are one frame each, shared. */
	CHECK(jget(jget(doc, "shared"), "frames")->n == (inl ? 9u : 8u));
	jfree(doc);
out:
	free(text);
	profile_free(p);
}

static void nanoseconds_and_options(void)
{
	struct profile *p = synth_profile();
	struct folded_opts o = { .pid = true, .kernel_only = true };
	char *text;
	struct jval *doc;
	char want[64];

	strcpy(p->hdr.unit, PROFILE_UNIT_NS);
	text = write_ss(p, &o);
	doc = parse_checked(text);
	if (doc) {
		CHECK(jstr_is(jget(jat(jget(doc, "profiles"), 0), "unit"),
			      "nanoseconds"));
		CHECK(weight(doc, 0) == 10 * SYNTH_PERIOD);
		CHECK(jget(jat(jget(doc, "profiles"), 0), "endValue")->num ==
		      18 * SYNTH_PERIOD);
		snprintf(want, sizeof(want), "app-%d", getpid());
		CHECK_STR(stack_text(doc, 0), want);
		jfree(doc);
	}
	free(text);
	profile_free(p);
}

static void strings_are_escaped(void)
{
	struct profile *p = profile_new();
	struct profile_sample smp = { .pid = 1, .count = 1 };
	struct folded_opts o = { 0 };
	char *text;
	struct jval *doc;

	strcpy(smp.comm, "q\"b\\s\x01</script>");
	CHECK(profile_add_sample(p, &smp) == 0);
	text = write_ss(p, &o);
	CHECK(!strstr(text, "</script>"));
	doc = parse_checked(text);
	if (doc) {
		CHECK_STR(stack_text(doc, 0), "q\"b\\s\x01</script>");
		jfree(doc);
	}
	free(text);
	profile_free(p);
}

static void empty_profile(void)
{
	struct profile *p = profile_new();
	struct folded_opts o = { 0 };
	char *text = write_ss(p, &o);
	struct jval *doc = parse_checked(text);

	CHECK(doc && jget(jat(jget(doc, "profiles"), 0), "samples")->n == 0);
	jfree(doc);
	free(text);
	profile_free(p);
}

/*
 * speedscope merges by frame: one frame per function (name and file), or
 * its left-heavy view shows two sibling synth_main and its sandwich view
 * lists it twice.
 */
static void one_frame_per_function(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct folded_opts o = { 0 };
	uint64_t other = synth_main_other_line(s);
	uint64_t ips[] = { (uintptr_t)synth_hot_b + 1, other };
	struct profile_sample smp = { .pid = getpid(), .count = 4,
				      .kind = PROFILE_ON_CPU };
	const struct jval *frames;
	struct jval *doc;
	char *text;
	size_t i, mains = 0, with_line = 0;

	symbolizer_free(s);
	CHECK(other != 0);
	strcpy(smp.comm, "app");
	smp.ustack = synth_stack(p, false, ips, 2);
	CHECK(profile_add_sample(p, &smp) == 0);
	text = write_ss(p, &o);
	doc = parse_checked(text);
	frames = jget(jget(doc, "shared"), "frames");
	for (i = 0; frames && i < frames->n; i++) {
		mains += jstr_is(jget(frames->v[i], "name"), "synth_main");
		with_line += jget(frames->v[i], "line") != NULL;
	}
	CHECK(mains == 1);
	/* A frame is a function: no line of one of its addresses. */
	CHECK(with_line == 0);
	jfree(doc);
	free(text);
	profile_free(p);
}

/*
 * An off-CPU sample's waker follows "--", innermost first, "_[w]": the
 * folded line's frames, so that nothing --wakeups recorded is lost.
 */
/* The first sample's stack in the file written with o: want. */
static void first_stack_is(const struct profile *p,
			  const struct folded_opts *o, const char *fmt,
			  bool inl)
{
	char *text = write_ss(p, o), want[256];
	struct jval *doc = parse_checked(text);

	snprintf(want, sizeof(want), fmt, inl ? ";synth_inl" : "");
	if (doc)
		CHECK_STR(stack_text(doc, 0), want);
	jfree(doc);
	free(text);
}

static void waker_after_separator(void)
{
	struct profile *p = synth_profile();
	struct symbolizer *s = synth_symbolizer(p);
	struct folded_opts o = { 0 }, uo = { .user_only = true };
	uint64_t wk[] = { 0xffffffff81001010 };
	uint64_t wu[] = { (uintptr_t)synth_hot_b + 1,
			  (uintptr_t)synth_main + 4 };
	bool inl = synth_has_inline(s);
	char *text;

	symbolizer_free(s);
	strcpy(p->hdr.unit, PROFILE_UNIT_NS);
	p->samples[0].kind = PROFILE_OFF_CPU;
	p->samples[0].wkstack = synth_stack(p, true, wk, 1);
	p->samples[0].wustack = synth_stack(p, false, wu, 2);
	first_stack_is(p, &o, "app;synth_main;synth_hot_a%s;--;do_one_initcall_[w];synth_hot_b_[w];synth_main_[w]",
		       inl);
	/* --user-only keeps the waker's user part. */
	first_stack_is(p, &uo, "app;synth_main;synth_hot_a%s;--;synth_hot_b_[w];synth_main_[w]",
		       inl);
	/* An on-CPU sample has no waker, whatever its fields say. */
	p->samples[0].kind = PROFILE_ON_CPU;
	text = write_ss(p, &o);
	CHECK(!strstr(text, "_[w]"));
	free(text);
	profile_free(p);
}

int main(void)
{
	RUN(samples_and_frames);
	RUN(nanoseconds_and_options);
	RUN(strings_are_escaped);
	RUN(empty_profile);
	RUN(one_frame_per_function);
	RUN(waker_after_separator);
	return UNIT_EXIT();
}
