// SPDX-License-Identifier: GPL-2.0
/*
 * Symbolization speed: addresses/s through symbolize_user_frames (inline
 * chains, lines, demangling), cold (a new symbolizer: file opened, debug
 * info found and indexed, every address resolved once) and warm (the same
 * addresses again, from the address cache).
 *
 *   make bench/symbolize && bench/symbolize [-n N] [ELF-FILE]
 *
 * The file (default libc.so.6; its debug info from /usr/lib/debug when
 * libc6-dbg is installed) is mapped into a made-up process the way a
 * recording would have captured it; the addresses are spread through its
 * functions (.symtab, else .dynsym) and looked up as return addresses.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buildid.h"
#include "profile.h"
#include "symbolize.h"

#define PID	4242
#define BASE	0x7f0000000000ull

struct target {
	uint64_t x_offset, x_vaddr, x_memsz;
	uint64_t *addrs;
	size_t nr, cap;
	size_t funcs;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int add_addr(struct target *t, uint64_t a)
{
	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;
		uint64_t *n = realloc(t->addrs, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		t->addrs = n;
		t->cap = cap;
	}
	t->addrs[t->nr++] = a;
	return 0;
}

/* Up to per_func addresses inside each function of the symbol table. */
static int read_target(const char *path, struct target *t, size_t want)
{
	int fd = open(path, O_RDONLY), type;
	Elf_Scn *scn = NULL;
	size_t n, i, k, per_func = 1;
	Elf *elf;

	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getphdrnum(elf, &n))
		return -ENOEXEC;
	for (i = 0; i < n; i++) {
		GElf_Phdr mem, *ph = gelf_getphdr(elf, i, &mem);

		if (ph && ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			t->x_offset = ph->p_offset;
			t->x_vaddr = ph->p_vaddr;
			t->x_memsz = ph->p_memsz;
		}
	}
	/* .symtab when there is one, else .dynsym; twice to size per_func. */
	for (type = SHT_SYMTAB; type; type = type == SHT_SYMTAB ? SHT_DYNSYM : 0) {
		for (scn = NULL; (scn = elf_nextscn(elf, scn));) {
			GElf_Shdr sh;
			Elf_Data *d;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != (unsigned)type)
				continue;
			d = elf_getdata(scn, NULL);
			for (i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
				GElf_Sym s;

				if (gelf_getsym(d, i, &s) &&
				    GELF_ST_TYPE(s.st_info) == STT_FUNC &&
				    s.st_size && s.st_value >= t->x_vaddr &&
				    s.st_value < t->x_vaddr + t->x_memsz)
					t->funcs++;
			}
			per_func = t->funcs ? (want + t->funcs - 1) / t->funcs : 1;
			for (i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
				GElf_Sym s;

				if (!gelf_getsym(d, i, &s) ||
				    GELF_ST_TYPE(s.st_info) != STT_FUNC ||
				    !s.st_size || s.st_value < t->x_vaddr ||
				    s.st_value >= t->x_vaddr + t->x_memsz)
					continue;
				for (k = 0; k < per_func && t->nr < want; k++)
					if (add_addr(t, s.st_value + 1 +
						     s.st_size * k / per_func))
						return -ENOMEM;
			}
		}
		if (t->funcs)
			break;
	}
	elf_end(elf);
	close(fd);
	return t->nr ? 0 : -ENOENT;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct addresses only: the cold pass must not hit the cache. */
static void uniq(struct target *t)
{
	size_t i, n = 0;

	qsort(t->addrs, t->nr, sizeof(*t->addrs), cmp_u64);
	for (i = 0; i < t->nr; i++)
		if (!n || t->addrs[n - 1] != t->addrs[i])
			t->addrs[n++] = t->addrs[i];
	t->nr = n;
}

struct pass {
	double secs;
	uint64_t frames, inlined, lines, resolved;
};

static void run(struct symbolizer *s, const struct target *t, struct pass *r)
{
	struct sym_frame f[SYM_MAX_FRAMES];
	double t0 = now();
	size_t i;
	int n, j;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < t->nr; i++) {
		n = symbolize_user_frames(s, PID, BASE + t->addrs[i], true, f,
					  SYM_MAX_FRAMES);
		r->frames += n;
		r->inlined += n > 1;
		r->lines += f[0].line > 0;
		for (j = 0; j < n; j++)
			r->resolved += f[j].resolved;
	}
	r->secs = now() - t0;
}

int main(int argc, char **argv)
{
	const char *path = "/usr/lib/x86_64-linux-gnu/libc.so.6";
	char bid[BUILDID_HEX_LEN] = "";
	struct target t = { 0 };
	struct pass cold, warm;
	struct symbolizer *s;
	struct sym_frame f;
	struct sym_stats st;
	struct profile *p;
	size_t want = 20000;
	double t0, first;
	int c, err;

	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n') {
			fprintf(stderr, "usage: %s [-n ADDRESSES] [ELF-FILE]\n",
				argv[0]);
			return 2;
		}
		want = strtoul(optarg, NULL, 10);
	}
	/* Mapped files have absolute paths: anything else is "[vdso]"-like. */
	if (optind < argc)
		path = realpath(argv[optind], NULL) ?: argv[optind];
	err = read_target(path, &t, want ? want : 1);
	if (err) {
		fprintf(stderr, "%s: %s\n", path, strerror(-err));
		return 1;
	}
	uniq(&t);
	buildid_read(path, bid, sizeof(bid));
	p = profile_new();
	{
		struct profile_map m = {
			.pid = PID,
			.start = BASE + (t.x_vaddr & ~0xfffull),
			.end = BASE + ((t.x_vaddr + t.x_memsz + 0xfff) &
				       ~0xfffull),
			.offset = t.x_offset & ~0xfffull,
			.build_id = bid[0] ? bid : NULL,
			.path = (char *)path,
		};

		if (profile_add_map(p, &m))
			return 1;
	}

	t0 = now();
	s = symbolizer_new(p, NULL);
	/* The first lookup opens the file and its debug info. */
	symbolize_user_frames(s, PID, BASE + t.addrs[0], true, &f, 1);
	first = now() - t0;
	symbolizer_free(s);

	t0 = now();
	s = symbolizer_new(p, NULL);
	run(s, &t, &cold);
	cold.secs = now() - t0;
	run(s, &t, &warm);
	symbolizer_stats(s, &st);

	printf("file %s (build-id %s)\n", path, bid[0] ? bid : "none");
	printf("distinct addresses %zu in %zu functions\n", t.nr, t.funcs);
	printf("first lookup (open file, find and index debug info) %.1f ms\n",
	       first * 1e3);
	printf("cold: %.3f s, %.0f addresses/s (first lookup included)\n",
	       cold.secs, t.nr / cold.secs);
	printf("warm: %.4f s, %.0f addresses/s (address cache)\n", warm.secs,
	       t.nr / warm.secs);
	printf("frames/address %.2f, with an inline chain %.1f%%, with a source line %.1f%%, frames resolved %.1f%%\n",
	       (double)cold.frames / t.nr, 100.0 * cold.inlined / t.nr,
	       100.0 * cold.lines / t.nr, 100.0 * cold.resolved / cold.frames);
	printf("lookups %" PRIu64 ", cache hits %" PRIu64 "\n", st.lookups,
	       st.cache_hits);
	symbolizer_free(s);
	profile_free(p);
	free(t.addrs);
	return 0;
}
