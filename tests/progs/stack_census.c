// SPDX-License-Identifier: GPL-2.0
/*
 * Reads every CPU's STACKS table through FGPROF_IOC_READ and prints one
 * line: "user U kernel K hidden H". A kernel record is one that carries
 * kernel addresses (FGPROF_SF_KERNEL with frames); a hidden one is a
 * kernel stack the module withheld from this reader (FGPROF_SF_HIDDEN).
 * Exits 1 on a malformed record or a failed read.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"
#include "fgprof.h"

int main(void)
{
	static unsigned char buf[1 << 16];
	unsigned long user = 0, kernel = 0, hidden = 0;
	struct fgprof_version v;
	unsigned int cpu;
	int fd;

	fd = open(FGPROF_DEVICE_PATH, O_RDONLY);
	if (fd < 0 || ioctl(fd, FGPROF_IOC_VERSION, &v)) {
		perror(FGPROF_DEVICE_PATH);
		return 1;
	}
	for (cpu = 0; cpu < v.nr_cpus; cpu++) {
		struct fgprof_read r = { .table = FGPROF_TABLE_STACKS, .cpu = cpu };

		do {
			size_t off = 0;

			r.buf = (uintptr_t)buf;
			r.buf_len = sizeof(buf);
			if (ioctl(fd, FGPROF_IOC_READ, &r)) {
				perror("FGPROF_IOC_READ");
				return 1;
			}
			while (off < r.bytes) {
				struct fgprof_stack_rec s;

				memcpy(&s, buf + off, sizeof(s));
				if (s.flags & FGPROF_SF_HIDDEN) {
					EXPECT(s.nr == 0 && (s.flags & FGPROF_SF_KERNEL),
					       "hidden record %u with %u frames, flags %#x",
					       s.id, s.nr, s.flags);
					hidden++;
				} else if (s.flags & FGPROF_SF_KERNEL) {
					kernel++;
				} else {
					user++;
				}
				off += sizeof(s) + s.nr * sizeof(uint64_t);
			}
			EXPECT(off == r.bytes, "records overran the bytes read");
		} while (r.cursor != FGPROF_CURSOR_END);
	}
	printf("user %lu kernel %lu hidden %lu\n", user, kernel, hidden);
	return check_failures ? 1 : 0;
}
