/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PBWRITER_H
#define FGPROF_USER_PBWRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A protocol buffers wire-format encoder, just what pprof's profile.proto
 * needs: varint fields (wire type 0), length-delimited fields (type 2:
 * strings, bytes, nested messages) and packed repeated varints. A nested
 * message is built in its own pb_buf and appended with pb_message, so no
 * length has to be guessed or patched.
 *
 * Errors are sticky: the first allocation failure sets err and makes every
 * later call a no-op, so callers check once at the end.
 */
struct pb_buf {
	uint8_t *data;
	size_t len, cap;
	int err;		/* 0 or -ENOMEM */
};

#define PB_WIRE_VARINT	0
#define PB_WIRE_LEN	2

void pb_free(struct pb_buf *b);
/* Empties b, keeping its memory and its error. */
static inline void pb_reset(struct pb_buf *b)
{
	b->len = 0;
}

void pb_raw(struct pb_buf *b, const void *data, size_t len);
void pb_raw_varint(struct pb_buf *b, uint64_t v);
/* Field number and wire type: (field << 3) | wire. */
void pb_tag(struct pb_buf *b, uint32_t field, uint32_t wire);

/* A varint field; proto3 leaves zero out, so do these. */
void pb_uint64(struct pb_buf *b, uint32_t field, uint64_t v);
/* int64 as protoc writes it: a negative value is a ten-byte varint. */
void pb_int64(struct pb_buf *b, uint32_t field, int64_t v);
void pb_bool(struct pb_buf *b, uint32_t field, bool v);
/* The same, written even when zero (a repeated element, a meaningful 0). */
void pb_uint64_always(struct pb_buf *b, uint32_t field, uint64_t v);

/* Length-delimited: always written, even when empty. */
void pb_bytes(struct pb_buf *b, uint32_t field, const void *data, size_t len);
void pb_string(struct pb_buf *b, uint32_t field, const char *s);
void pb_message(struct pb_buf *b, uint32_t field, const struct pb_buf *msg);

/* Packed repeated varints: one length-delimited field; nothing if n is 0. */
void pb_packed_uint64(struct pb_buf *b, uint32_t field, const uint64_t *v,
		      size_t n);
void pb_packed_int64(struct pb_buf *b, uint32_t field, const int64_t *v,
		     size_t n);

/* Bytes a varint of v takes. */
size_t pb_varint_len(uint64_t v);

#endif
