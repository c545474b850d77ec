// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol buffers wire format, written by hand: pprof output needs only
 * a few field kinds, and a library (and its code generator) for that would
 * be the tool's heaviest dependency.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pbwriter.h"

void pb_free(struct pb_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static bool pb_reserve(struct pb_buf *b, size_t more)
{
	size_t cap;
	uint8_t *n;

	if (b->err)
		return false;
	if (b->len + more <= b->cap)
		return true;
	cap = b->cap ? b->cap * 2 : 64;
	while (cap < b->len + more)
		cap *= 2;
	n = realloc(b->data, cap);
	if (!n) {
		b->err = -ENOMEM;
		return false;
	}
	b->data = n;
	b->cap = cap;
	return true;
}

void pb_raw(struct pb_buf *b, const void *data, size_t len)
{
	if (!len || !pb_reserve(b, len))
		return;
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

size_t pb_varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* Seven bits a byte, least significant first, high bit = more follow. */
void pb_raw_varint(struct pb_buf *b, uint64_t v)
{
	if (!pb_reserve(b, 10))
		return;
	while (v >= 0x80) {
		b->data[b->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b->data[b->len++] = (uint8_t)v;
}

void pb_tag(struct pb_buf *b, uint32_t field, uint32_t wire)
{
	pb_raw_varint(b, ((uint64_t)field << 3) | wire);
}

void pb_uint64_always(struct pb_buf *b, uint32_t field, uint64_t v)
{
	pb_tag(b, field, PB_WIRE_VARINT);
	pb_raw_varint(b, v);
}

void pb_uint64(struct pb_buf *b, uint32_t field, uint64_t v)
{
	if (v)
		pb_uint64_always(b, field, v);
}

/* int64 (not sint64): negative numbers are ten-byte varints, as protoc does. */
void pb_int64(struct pb_buf *b, uint32_t field, int64_t v)
{
	pb_uint64(b, field, (uint64_t)v);
}

void pb_bool(struct pb_buf *b, uint32_t field, bool v)
{
	pb_uint64(b, field, v);
}

void pb_bytes(struct pb_buf *b, uint32_t field, const void *data, size_t len)
{
	pb_tag(b, field, PB_WIRE_LEN);
	pb_raw_varint(b, len);
	pb_raw(b, data, len);
}

void pb_string(struct pb_buf *b, uint32_t field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

void pb_message(struct pb_buf *b, uint32_t field, const struct pb_buf *msg)
{
	if (msg->err && !b->err)
		b->err = msg->err;
	pb_bytes(b, field, msg->data, msg->len);
}

void pb_packed_uint64(struct pb_buf *b, uint32_t field, const uint64_t *v,
		      size_t n)
{
	size_t i, len = 0;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		len += pb_varint_len(v[i]);
	pb_tag(b, field, PB_WIRE_LEN);
	pb_raw_varint(b, len);
	for (i = 0; i < n; i++)
		pb_raw_varint(b, v[i]);
}

void pb_packed_int64(struct pb_buf *b, uint32_t field, const int64_t *v,
		     size_t n)
{
	size_t i, len = 0;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		len += pb_varint_len((uint64_t)v[i]);
	pb_tag(b, field, PB_WIRE_LEN);
	pb_raw_varint(b, len);
	for (i = 0; i < n; i++)
		pb_raw_varint(b, (uint64_t)v[i]);
}
