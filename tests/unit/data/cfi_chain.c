// SPDX-License-Identifier: GPL-2.0
/*
 * For tests/unit/test_cfi.c, compiled by the test with -O2
 * -fomit-frame-pointer: main calls f1 .. f20 (no inlining, no tail
 * calls, frames of different shapes: plain, callee-saved registers
 * including rbp used as a general register, a VLA that makes gcc use rbp
 * as a frame pointer), and f20 saves its pc, rsp, rbp, the stack from rsp
 * up, and where the program and libc are loaded into the file argv[1].
 * The test then unwinds that stack with the compiled tables only.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOIPA __attribute__((noinline, noclone, noipa))

struct cfi_dump_mod {
	uint64_t bias, lo, hi;		/* runtime = vaddr + bias; [lo, hi) */
	char path[256];
};

struct cfi_dump {
	uint64_t magic;			/* "cfichain" */
	uint64_t pc, sp, bp;
	struct cfi_dump_mod mod[2];	/* the program, libc */
	uint64_t size;			/* stack bytes that follow */
};

static const char *out_path;
static struct cfi_dump dump;
static unsigned char stack_copy[1 << 20];
volatile int sink;

static int mod_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct cfi_dump_mod *m = NULL;
	int *n = arg, i;

	(void)size;
	if (*n == 0)
		m = &dump.mod[0];
	else if (strstr(info->dlpi_name, "/libc.so"))
		m = &dump.mod[1];
	(*n)++;
	if (!m)
		return 0;
	m->bias = info->dlpi_addr;
	m->lo = UINT64_MAX;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (info->dlpi_addr + ph->p_vaddr < m->lo)
			m->lo = info->dlpi_addr + ph->p_vaddr;
		if (info->dlpi_addr + ph->p_vaddr + ph->p_memsz > m->hi)
			m->hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
	}
	if (m == &dump.mod[0]) {
		ssize_t l = readlink("/proc/self/exe", m->path,
				     sizeof(m->path) - 1);
		m->path[l > 0 ? l : 0] = '\0';
	} else {
		snprintf(m->path, sizeof(m->path), "%s", info->dlpi_name);
	}
	return 0;
}

static uint64_t stack_end(void)
{
	unsigned long lo, hi, end = 0;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			end = hi;
	if (f)
		fclose(f);
	return end;
}

NOIPA static int f20(int x)
{
	uint64_t pc, sp, bp, end;
	FILE *f;
	int n = 0;

	__asm__ volatile("lea 0(%%rip), %0\n\tmov %%rsp, %1\n\tmov %%rbp, %2"
			 : "=r"(pc), "=r"(sp), "=r"(bp));
	dump.magic = 0x6e69616863696663ull;
	dump.pc = pc;
	dump.sp = sp;
	dump.bp = bp;
	end = stack_end();
	dump.size = end > sp && end - sp <= sizeof(stack_copy) ? end - sp : 0;
	memcpy(stack_copy, (void *)sp, dump.size);
	dl_iterate_phdr(mod_cb, &n);
	f = fopen(out_path, "w");
	if (!f || fwrite(&dump, sizeof(dump), 1, f) != 1 ||
	    fwrite(stack_copy, 1, dump.size, f) != dump.size || fclose(f))
		exit(3);
	return x + sink;
}

/* Plain frames: the call and an add after it. */
#define PLAIN(n, next)							\
	NOIPA static int f##n(int x)					\
	{								\
		return next(x + 1) + n;					\
	}

/* Many values live across the call: rbx, rbp, r12-r15 pushed. */
#define SAVER(n, next)							\
	NOIPA static int f##n(int x)					\
	{								\
		int a = x * 3, b = x * 5, c = x * 7, d = x * 11;	\
		int e = x * 13, g = x * 17, h = x * 19;			\
		sink = a ^ b ^ c ^ d ^ e ^ g ^ h;			\
		return next(x + sink) + a + b + c + d + e + g + h;	\
	}

/* A VLA: gcc keeps rbp as a frame pointer, the CFA is rbp+16. */
#define VLA(n, next)							\
	NOIPA static int f##n(int x)					\
	{								\
		volatile char buf[(x & 7) + 16];			\
		buf[0] = (char)x;					\
		return next(x + buf[0]) + n;				\
	}

/* A frame with a big array (sub $N, %rsp). */
#define ARRAY(n, next)							\
	NOIPA static int f##n(int x)					\
	{								\
		volatile int arr[300];					\
		arr[x & 255] = x;					\
		return next(arr[x & 255]) + n;				\
	}

PLAIN(19, f20)
SAVER(18, f19)
VLA(17, f18)
ARRAY(16, f17)
PLAIN(15, f16)
SAVER(14, f15)
PLAIN(13, f14)
VLA(12, f13)
SAVER(11, f12)
ARRAY(10, f11)
PLAIN(9, f10)
VLA(8, f9)
PLAIN(7, f8)
SAVER(6, f7)
PLAIN(5, f6)
ARRAY(4, f5)
VLA(3, f4)
SAVER(2, f3)
PLAIN(1, f2)

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	out_path = argv[1];
	return f1(argc) == 12345 ? 1 : 0;
}
