// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input against /dev/fgprof: unknown and malformed ioctls, bad
 * pointers, unsupported file operations, and random ioctl numbers. Every
 * call must end in the documented errno and nothing else; the guest harness
 * checks dmesg afterwards.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "fgprof.h"

static const char *dev_path(void)
{
	const char *p = getenv("FGPROF_DEVICE");

	return p ? p : FGPROF_DEVICE_PATH;
}

/* Every byte after a string's NUL must be zero: nothing of the kernel leaks. */
static int tail_is_zero(const char *s, size_t len)
{
	size_t i = strnlen(s, len);

	if (i == len)
		return 0;	/* not terminated */
	for (; i < len; i++)
		if (s[i])
			return 0;
	return 1;
}

static void check_version(int fd)
{
	struct fgprof_version v;

	memset(&v, 0xaa, sizeof(v));
	EXPECT(ioctl(fd, FGPROF_IOC_VERSION, &v) == 0, "VERSION: %s",
	       strerror(errno));
	EXPECT(v.abi_version == FGPROF_ABI_VERSION, "abi %u", v.abi_version);
	EXPECT(v.state == FGPROF_STATE_IDLE, "state %u", v.state);
	EXPECT(v.nr_cpus >= 1 && v.nr_cpus < 8192, "nr_cpus %u", v.nr_cpus);
	EXPECT(v.open_count >= 1, "open_count %u", v.open_count);
	EXPECT(tail_is_zero(v.release, sizeof(v.release)), "release tail");
	EXPECT(tail_is_zero(v.kernel, sizeof(v.kernel)), "kernel tail");
	EXPECT(!strcmp(v.release, FGPROF_RELEASE), "release %s", v.release);
}

static void check_bad_ioctls(int fd)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char big[200];

	EXPECT_ERRNO(ioctl(fd, _IO(FGPROF_IOC_MAGIC, 0x7f)), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, _IOR(FGPROF_IOC_MAGIC, 0, char[100]), big), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, _IOW(FGPROF_IOC_MAGIC, 0, struct fgprof_version), big), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, _IO('T', 0x42)), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_VERSION, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_VERSION, (void *)1), EFAULT);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_VERSION, ro), EFAULT);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_VERSION, (void *)0xffffffff81000000ul), EFAULT);
	munmap(ro, 4096);
}

static void check_file_ops(int fd)
{
	char *volatile null_buf = NULL;	/* hides the NULL from -Wnonnull */
	char text[128], byte;
	ssize_t n, total = 0;

	EXPECT_ERRNO(read(fd, null_buf, 10), EFAULT);
	n = read(fd, text, sizeof(text) - 1);
	EXPECT(n > 0, "read: %s", strerror(errno));
	text[n > 0 ? n : 0] = 0;
	EXPECT(!strncmp(text, "# fgprof abi ", 13), "text view: %s", text);
	EXPECT(read(fd, text, sizeof(text)) == 0, "read at EOF");
	EXPECT_ERRNO(write(fd, "x", 1), EINVAL);
	EXPECT_ERRNO(lseek(fd, 0, SEEK_SET), ESPIPE);
	EXPECT(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
	       errno == ENODEV, "mmap: %s", strerror(errno));

	/* A byte at a time gives the same text as one read. */
	close(fd);
	fd = open(dev_path(), O_RDONLY);
	while (read(fd, &byte, 1) == 1 && total < (ssize_t)sizeof(text))
		EXPECT(byte == text[total++], "byte %zd differs", total);
	EXPECT(total == n, "bytewise length %zd, want %zd", total, n);
	close(fd);
}

static int is_fgprof_ioctl(unsigned long cmd)
{
	static const unsigned long known[] = {
		FGPROF_IOC_VERSION, FGPROF_IOC_CONFIGURE, FGPROF_IOC_START,
		FGPROF_IOC_STOP, FGPROF_IOC_RESET, FGPROF_IOC_STATS,
		FGPROF_IOC_READ,
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (cmd == known[i])
			return 1;
	return 0;
}

/* Random numbers in our own ioctl space: all but ours are ENOTTY. */
static void check_random_ioctls(int fd, unsigned int rounds)
{
	unsigned int i, bad = 0;
	char buf[4096];

	srand(1234);
	for (i = 0; i < rounds; i++) {
		unsigned long cmd = _IOC(rand() & 3, FGPROF_IOC_MAGIC,
					 rand() & 0xff, rand() & 0x3fff);
		void *arg = (rand() & 1) ? (void *)buf : (void *)(uintptr_t)rand();

		if (is_fgprof_ioctl(cmd))
			continue;
		if (ioctl(fd, cmd, arg) != -1 || errno != ENOTTY)
			bad++;
	}
	EXPECT(bad == 0, "%u of %u random ioctls did not give ENOTTY", bad, rounds);

	/* Other drivers' numbers: only that nothing breaks (dmesg is checked). */
	for (i = 0; i < rounds; i++)
		(void)ioctl(fd, ((unsigned long)rand() << 1) ^ rand(),
			    (void *)(uintptr_t)rand());
}

int main(int argc, char **argv)
{
	unsigned int rounds = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	int fd = open(dev_path(), O_RDWR);

	if (fd < 0) {
		perror(dev_path());
		return 1;
	}
	check_version(fd);
	check_bad_ioctls(fd);
	check_random_ioctls(fd, rounds);
	check_file_ops(fd);
	printf("ioctl_abuse: %d failures\n", check_failures);
	return check_failures ? 1 : 0;
}
