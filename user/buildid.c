// SPDX-License-Identifier: GPL-2.0
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <unistd.h>

#include "buildid.h"

int buildid_read_fd(int fd, char *hex, size_t len)
{
	const unsigned char *id;
	ssize_t n, i;
	Elf *elf;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EIO;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf)
		return -ENOEXEC;
	if (elf_kind(elf) != ELF_K_ELF) {
		elf_end(elf);
		return -ENOEXEC;
	}
	n = dwelf_elf_gnu_build_id(elf, (const void **)&id);
	if (n > 0 && (size_t)n * 2 + 1 <= len) {
		for (i = 0; i < n; i++)
			snprintf(hex + 2 * i, 3, "%02x", id[i]);
	} else {
		n = n < 0 ? -ENOEXEC : 0;
	}
	elf_end(elf);
	return n;
}

int buildid_read(const char *path, char *hex, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = buildid_read_fd(fd, hex, len);
	close(fd);
	return ret;
}
