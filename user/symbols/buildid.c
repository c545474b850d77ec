// SPDX-License-Identifier: GPL-2.0
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <string.h>
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

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int buildid_read_notes(const char *path, char *hex, size_t len)
{
	unsigned char buf[4096];
	size_t n, off = 0, i;
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* Elf64_Nhdr and Elf32_Nhdr alike: three 32-bit words. */
	while (off + sizeof(Elf64_Nhdr) <= n) {
		Elf64_Nhdr h;
		size_t name = off + sizeof(h), desc;

		memcpy(&h, buf + off, sizeof(h));
		desc = name + align4(h.n_namesz);
		if (h.n_namesz > n || h.n_descsz > n || desc + h.n_descsz > n)
			break;
		if (h.n_type == NT_GNU_BUILD_ID && h.n_namesz == 4 &&
		    !memcmp(buf + name, "GNU", 4)) {
			if (!h.n_descsz || h.n_descsz * 2 + 1 > len)
				return 0;
			for (i = 0; i < h.n_descsz; i++)
				snprintf(hex + 2 * i, 3, "%02x", buf[desc + i]);
			return h.n_descsz;
		}
		off = desc + align4(h.n_descsz);
	}
	return 0;
}
