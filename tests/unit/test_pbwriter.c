// SPDX-License-Identifier: GPL-2.0
/*
 * user/output/pbwriter.c: byte-exact encodings from the protocol buffers
 * encoding guide (field 1 = 150 is 08 96 01, "testing" in field 2, a
 * nested message in field 3, packed 3, 270, 86942 in field 4), varint
 * edges, and the sticky error.
 */
#include <stdint.h>
#include <stdlib.h>

#include "pbwriter.h"
#include "unit.h"

static bool bytes_are(const struct pb_buf *b, const uint8_t *want, size_t n)
{
	size_t i;

	if (b->err || b->len != n) {
		fprintf(stderr, "  len %zu, want %zu (err %d)\n", b->len, n,
			b->err);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (b->data[i] != want[i]) {
			fprintf(stderr, "  byte %zu: %02x, want %02x\n", i,
				b->data[i], want[i]);
			return false;
		}
	}
	return true;
}

static void varint_field_150(void)
{
	struct pb_buf b = { 0 };
	const uint8_t want[] = { 0x08, 0x96, 0x01 };

	pb_uint64(&b, 1, 150);
	CHECK(bytes_are(&b, want, sizeof(want)));
	pb_free(&b);
}

static void varint_edges(void)
{
	struct pb_buf b = { 0 };
	const uint8_t max[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				0xff, 0xff, 0x01 };
	const uint8_t edge[] = { 0x7f, 0x80, 0x01, 0x00 };

	pb_raw_varint(&b, UINT64_MAX);
	CHECK(bytes_are(&b, max, sizeof(max)));
	pb_reset(&b);
	pb_int64(&b, 1, -1);	/* int64: ten bytes after the tag */
	CHECK(b.len == 11 && b.data[0] == 0x08 && b.data[10] == 0x01);
	pb_reset(&b);
	pb_raw_varint(&b, 127);
	pb_raw_varint(&b, 128);
	pb_raw_varint(&b, 0);
	CHECK(bytes_are(&b, edge, sizeof(edge)));
	CHECK(pb_varint_len(0) == 1 && pb_varint_len(127) == 1 &&
	      pb_varint_len(128) == 2 && pb_varint_len(UINT64_MAX) == 10);
	pb_free(&b);
}

static void zero_is_left_out_unless_asked(void)
{
	struct pb_buf b = { 0 };
	const uint8_t want[] = { 0x10, 0x00 };

	pb_uint64(&b, 1, 0);
	pb_bool(&b, 3, false);
	CHECK(b.len == 0);
	pb_uint64_always(&b, 2, 0);
	CHECK(bytes_are(&b, want, sizeof(want)));
	pb_free(&b);
}

static void string_and_nested_message(void)
{
	struct pb_buf b = { 0 }, m = { 0 };
	const uint8_t str[] = { 0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g' };
	const uint8_t nested[] = { 0x1a, 0x03, 0x08, 0x96, 0x01 };
	const uint8_t empty[] = { 0x32, 0x00 };

	pb_string(&b, 2, "testing");
	CHECK(bytes_are(&b, str, sizeof(str)));
	pb_reset(&b);
	pb_uint64(&m, 1, 150);
	pb_message(&b, 3, &m);
	CHECK(bytes_are(&b, nested, sizeof(nested)));
	pb_reset(&b);
	pb_string(&b, 6, "");	/* the string table's first entry is "" */
	CHECK(bytes_are(&b, empty, sizeof(empty)));
	pb_free(&b);
	pb_free(&m);
}

static void packed_repeated(void)
{
	struct pb_buf b = { 0 };
	const uint64_t v[] = { 3, 270, 86942 };
	const int64_t s[] = { 1, 2 };
	const uint8_t want[] = { 0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7,
				 0x05 };
	const uint8_t want_s[] = { 0x12, 0x02, 0x01, 0x02 };

	pb_packed_uint64(&b, 4, v, 3);
	CHECK(bytes_are(&b, want, sizeof(want)));
	pb_reset(&b);
	pb_packed_uint64(&b, 4, v, 0);
	CHECK(b.len == 0);
	pb_packed_int64(&b, 2, s, 2);
	CHECK(bytes_are(&b, want_s, sizeof(want_s)));
	pb_free(&b);
}

static void big_field_numbers_and_growth(void)
{
	struct pb_buf b = { 0 };
	size_t i;

	pb_uint64(&b, 16, 1);	/* tag 16 << 3 = 128: a two-byte tag */
	CHECK(b.len == 3 && b.data[0] == 0x80 && b.data[1] == 0x01);
	pb_reset(&b);
	for (i = 0; i < 100000; i++)
		pb_uint64(&b, 1, 1);
	CHECK(!b.err && b.len == 200000);
	pb_free(&b);
}

static void errors_are_sticky(void)
{
	struct pb_buf b = { 0 }, m = { .err = -12 };

	pb_message(&b, 1, &m);
	CHECK(b.err == -12);
	pb_uint64(&b, 1, 5);
	CHECK(b.len == 0);
	pb_free(&b);
}

int main(void)
{
	RUN(varint_field_150);
	RUN(varint_edges);
	RUN(zero_is_left_out_unless_asked);
	RUN(string_and_nested_message);
	RUN(packed_repeated);
	RUN(big_field_numbers_and_growth);
	RUN(errors_are_sticky);
	return UNIT_EXIT();
}
