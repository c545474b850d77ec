/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_BUILDID_H
#define FGPROF_USER_BUILDID_H

#include <stddef.h>

/* Room for the longest build-id we accept (64 bytes) in hex, and a NUL. */
#define BUILDID_HEX_LEN	129

/*
 * The GNU build-id note of an ELF file as lowercase hex in hex[]: returns
 * its length in bytes, 0 when the file has no build-id, or a negative
 * errno (-ENOEXEC: not ELF).
 */
int buildid_read_fd(int fd, char *hex, size_t len);
int buildid_read(const char *path, char *hex, size_t len);

/*
 * The GNU build-id in a file of raw ELF notes, as the kernel exports
 * its own (/sys/kernel/notes) and each module's
 * (/sys/module/NAME/notes/.note.gnu.build-id): as buildid_read.
 */
int buildid_read_notes(const char *path, char *hex, size_t len);

#endif
