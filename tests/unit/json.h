/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader for the tests of the formats that write JSON
 * (speedscope, the heatmap's data): strict RFC 8259 syntax, a tree of
 * values, lookups by key and index. Not fast, not for untrusted input.
 */
#ifndef FGPROF_UNIT_JSON_H
#define FGPROF_UNIT_JSON_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	double num;
	bool b;
	char *str;		/* J_STR */
	struct jval **v;	/* J_ARR elements, J_OBJ values */
	char **keys;		/* J_OBJ */
	size_t n;
};

struct jparse {
	const char *p;
	const char *err;
};

static inline void jskip(struct jparse *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static inline struct jval *jvalue(struct jparse *j, int depth);

static inline char *jstring(struct jparse *j)
{
	size_t cap = 16, len = 0;
	char *s = malloc(cap);

	j->p++;			/* the opening quote */
	while (*j->p != '"') {
		unsigned char c = *j->p;

		if (!c || c < 0x20) {
			j->err = "bad character in string";
			free(s);
			return NULL;
		}
		if (len + 8 > cap)
			s = realloc(s, cap *= 2);
		if (c == '\\') {
			j->p++;
			switch (*j->p) {
			case '"':
			case '\\':
			case '/':
				s[len++] = *j->p;
				break;
			case 'b':
				s[len++] = '\b';
				break;
			case 'f':
				s[len++] = '\f';
				break;
			case 'n':
				s[len++] = '\n';
				break;
			case 'r':
				s[len++] = '\r';
				break;
			case 't':
				s[len++] = '\t';
				break;
			case 'u': {
				unsigned int u;

				if (sscanf(j->p + 1, "%4x", &u) != 1 ||
				    !isxdigit((unsigned char)j->p[4])) {
					j->err = "bad \\u escape";
					free(s);
					return NULL;
				}
				/* Enough for the tests: ASCII, else '?'. */
				s[len++] = u < 0x80 ? (char)u : '?';
				j->p += 4;
				break;
			}
			default:
				j->err = "bad escape";
				free(s);
				return NULL;
			}
			j->p++;
		} else {
			s[len++] = c;
			j->p++;
		}
	}
	j->p++;
	s[len] = '\0';
	return s;
}

static inline struct jval *jnew(enum jtype t)
{
	struct jval *v = calloc(1, sizeof(*v));

	v->type = t;
	return v;
}

static inline void jfree(struct jval *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		jfree(v->v[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->v);
	free(v->keys);
	free(v->str);
	free(v);
}

static inline bool jadd(struct jval *c, char *key, struct jval *e)
{
	if (!e) {
		free(key);
		return false;
	}
	c->v = realloc(c->v, (c->n + 1) * sizeof(*c->v));
	if (c->type == J_OBJ)
		c->keys = realloc(c->keys, (c->n + 1) * sizeof(*c->keys));
	c->v[c->n] = e;
	if (c->type == J_OBJ)
		c->keys[c->n] = key;
	c->n++;
	return true;
}

static inline struct jval *jcontainer(struct jparse *j, int depth, bool obj)
{
	struct jval *c = jnew(obj ? J_OBJ : J_ARR);
	char close = obj ? '}' : ']';

	j->p++;
	jskip(j);
	if (*j->p == close) {
		j->p++;
		return c;
	}
	for (;;) {
		char *key = NULL;

		jskip(j);
		if (obj) {
			if (*j->p != '"') {
				j->err = "expected a key";
				break;
			}
			key = jstring(j);
			if (!key)
				break;
			jskip(j);
			if (*j->p != ':') {
				free(key);
				j->err = "expected ':'";
				break;
			}
			j->p++;
		}
		if (!jadd(c, key, jvalue(j, depth + 1)))
			break;
		jskip(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == close) {
			j->p++;
			return c;
		}
		j->err = "expected ',' or a closing bracket";
		break;
	}
	jfree(c);
	return NULL;
}

static inline struct jval *jvalue(struct jparse *j, int depth)
{
	struct jval *v;
	char *end;

	jskip(j);
	if (depth > 64) {
		j->err = "too deep";
		return NULL;
	}
	switch (*j->p) {
	case '{':
		return jcontainer(j, depth, true);
	case '[':
		return jcontainer(j, depth, false);
	case '"':
		v = jnew(J_STR);
		v->str = jstring(j);
		if (!v->str) {
			free(v);
			return NULL;
		}
		return v;
	}
	if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "false", 5)) {
		v = jnew(J_BOOL);
		v->b = *j->p == 't';
		j->p += v->b ? 4 : 5;
		return v;
	}
	if (!strncmp(j->p, "null", 4)) {
		j->p += 4;
		return jnew(J_NULL);
	}
	/* JSON numbers: no leading '+', no hex, no "inf"/"nan", no ".5". */
	if (*j->p == '-' || isdigit((unsigned char)*j->p)) {
		const char *q = j->p + (*j->p == '-');

		if (!isdigit((unsigned char)*q) ||
		    (q[0] == '0' && isdigit((unsigned char)q[1]))) {
			j->err = "bad number";
			return NULL;
		}
		v = jnew(J_NUM);
		v->num = strtod(j->p, &end);
		j->p = end;
		return v;
	}
	j->err = "unexpected character";
	return NULL;
}

/* The document, or NULL with *err set (and *at where it stopped). */
static inline struct jval *jparse(const char *text, const char **err,
			   const char **at)
{
	struct jparse j = { text, NULL };
	struct jval *v = jvalue(&j, 0);

	if (v) {
		jskip(&j);
		if (*j.p) {
			j.err = "trailing text";
			jfree(v);
			v = NULL;
		}
	}
	*err = j.err;
	if (at)
		*at = j.p;
	return v;
}

static inline struct jval *jget(const struct jval *o, const char *key)
{
	size_t i;

	if (!o || o->type != J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->v[i];
	return NULL;
}

static inline struct jval *jat(const struct jval *a, size_t i)
{
	return a && a->type == J_ARR && i < a->n ? a->v[i] : NULL;
}

static inline bool jis(const struct jval *v, enum jtype t)
{
	return v && v->type == t;
}

static inline bool jstr_is(const struct jval *v, const char *s)
{
	return jis(v, J_STR) && !strcmp(v->str, s);
}

#endif
