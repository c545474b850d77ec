// SPDX-License-Identifier: GPL-2.0
/*
 * A profile reported where it was not recorded: kernel frames named by
 * the symbols the profile holds (user/profile/profile_ksyms.c), user frames by
 * the binaries `fgprof archive` packed beside it (user/profile/archive.c), when
 * this machine's /proc/kallsyms and the recorded files cannot.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "unit.h"
#include "runcmd.h"
#include "symtest.h"
#include "archive.h"
#include "kallsyms.h"
#include "profile_ksyms.h"
#include "symbolize.h"

static volatile int sink;

__attribute__((noinline)) int unit_archived_function(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i * n;
	return sink;
}

/* Runs cmd with argv; what it wrote on stderr, to free. */
static char *stderr_of(int (*cmd)(int, char **), const char **args, int *rc,
		       char **out)
{
	const char *path = runcmd_path("stderr");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), saved;

	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	close(fd);
	*out = runcmd(cmd, args, rc);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return slurp(path);
}

/*
 * Recorded on a boot whose _text this machine's kallsyms cannot have:
 * only the profile's own symbols can name its frames.
 */
static void kernel_frames_named_by_the_profile(void)
{
	static const uint64_t k1[] = { K_SYS_READ, K_IRQ };
	static const uint64_t k2[] = { K_KSYS_READ, 0xffffffff80000000ull };
	const char *path = runcmd_path("k.data"), *empty = runcmd_path("empty");
	const char *args[] = { "report", "-i", path, NULL, NULL, NULL };
	struct profile *p = kprofile_new(PROFILE_UNIT_SAMPLES);
	struct kallsyms ks;
	char *out, *err;
	FILE *f;
	int rc;

	p->hdr.kernel_text = 0xffffffff9a000000ull;
	ksample(p, "app", k1, 2, PROFILE_ON_CPU, 5, 5);
	ksample(p, "app", k2, 2, PROFILE_ON_CPU, 2, 2);
	CHECK(kallsyms_load(&ks, unit_data("kallsyms")) == 0);
	CHECK(profile_store_ksyms(p, &ks) == 0);
	kallsyms_free(&ks);
	/* Three functions of the fixture's thirteen: no more is kept. */
	CHECK(p->ksyms.nr == 3);
	CHECK(profile_save(p, path) == 0);
	profile_free(p);

	err = stderr_of(cmd_report, args, &rc, &out);
	CHECK(rc == 0);
	CHECK(strstr(out, "app;asm_sysvec_apic_timer_interrupt_[k];__x64_sys_read_[k] 5\n"));
	CHECK(strstr(out, "app;[unknown]_[k];ksys_read_[k] 2\n"));
	CHECK(!strstr(err, "kernel symbols"));
	free(out);
	free(err);

	/* A --kallsyms file is used as asked: one naming nothing says so. */
	f = fopen(empty, "w");
	CHECK(f && fclose(f) == 0);
	args[3] = "--kallsyms";
	args[4] = empty;
	err = stderr_of(cmd_report, args, &rc, &out);
	CHECK(rc == 0);
	CHECK(!strstr(out, "__x64_sys_read"));
	CHECK(strstr(err, "named none of the"));
	CHECK(strstr(err, empty));
	free(out);
	free(err);
}

static void put_note(FILE *f, uint32_t type, const char *name,
		     const unsigned char *desc, uint32_t descsz)
{
	uint32_t h[3] = { strlen(name) + 1, descsz, type };
	static const char pad[4];

	fwrite(h, sizeof(h), 1, f);
	fwrite(name, h[0], 1, f);
	fwrite(pad, (4 - h[0] % 4) % 4, 1, f);
	fwrite(desc, descsz, 1, f);
	fwrite(pad, (4 - descsz % 4) % 4, 1, f);
}

/* Raw notes as /sys/kernel/notes has them: the GNU build-id among them. */
static void kernel_build_ids_from_notes(void)
{
	static const unsigned char id[] = { 0x24, 0x01, 0x38, 0x18, 0xab };
	static const unsigned char other[] = { 1, 2, 3, 4, 5, 6 };
	const char *path = runcmd_path("notes");
	char hex[BUILDID_HEX_LEN] = "";
	FILE *f = fopen(path, "w");

	put_note(f, 6, "Linux", other, sizeof(other));
	put_note(f, NT_GNU_BUILD_ID, "GNU", id, sizeof(id));
	fclose(f);
	CHECK(buildid_read_notes(path, hex, sizeof(hex)) == 5);
	CHECK_STR(hex, "24013818ab");
	/* Cut inside the build-id: none, not a wrong one. */
	CHECK(truncate(path, 12 + 8 + 8 + 12 + 4 + 2) == 0);
	CHECK(buildid_read_notes(path, hex, sizeof(hex)) == 0);
	CHECK(buildid_read_notes("/nonexistent", hex, sizeof(hex)) == -ENOENT);
	if (!access("/sys/kernel/notes", R_OK))
		CHECK(buildid_read_notes("/sys/kernel/notes", hex,
					 sizeof(hex)) > 0);
}

/* The test binary's copy, its function at an address of pid SYMTEST_PID. */
static struct profile *copied_binary_profile(const char *bin,
					     uint64_t *addr)
{
	struct profile_sample s = { .pid = SYMTEST_PID, .count = 3,
				    .period = 3, .comm = "app" };
	struct symtest_elf e;
	struct profile *p;
	uint32_t id = 0;

	CHECK(symtest_sh("cp /proc/%d/exe '%s'", getpid(), bin) == 0);
	CHECK(symtest_read_elf(bin, "unit_archived_function", &e) == 0);
	CHECK(e.build_id[0] != '\0');
	p = symtest_profile(bin, &e, e.build_id);
	p->hdr.nr_cpus = 1;
	p->hdr.rate = 99;
	snprintf(p->hdr.tool, sizeof(p->hdr.tool), "0.1.0");
	snprintf(p->hdr.event, sizeof(p->hdr.event), "cpu-clock");
	*addr = SYMTEST_BASE + e.sym_value + 4;
	CHECK(profile_add_stack(p, false, false, addr, 1, &id) == 0);
	s.ustack = id;
	CHECK(profile_add_sample(p, &s) == 0);
	return p;
}

static void user_frames_named_from_the_archive(void)
{
	const char *dir = symtest_setup();
	char bin[128], data[128], copy[256], abs[4200], *out, *err, *msg;
	const char *args[] = { "report", "-i", data, NULL };
	struct archive_result res;
	struct symbolizer *s;
	struct profile *p;
	struct sym_opts o = { 0 };
	struct sym_stats st;
	size_t len;
	uint64_t addr;
	bool ok = true;
	FILE *warn;
	int rc, e;

	snprintf(bin, sizeof(bin), "%s/app", dir);
	snprintf(data, sizeof(data), "%s/fgprof.data", dir);
	p = copied_binary_profile(bin, &addr);
	CHECK(profile_save(p, data) == 0);
	/* As `fgprof archive DATA`: DATA.archive. */
	{
		const char *av[] = { "archive", "-q", data, NULL };

		CHECK(cmd_archive(3, (char **)av) == 0);
	}
	snprintf(copy, sizeof(copy), "%s.archive/.build-id/%.2s/%s", data,
		 p->maps[0].build_id, p->maps[0].build_id + 2);
	CHECK(access(copy, R_OK) == 0);

	/* The binary gone: only the archive names its function. */
	CHECK(unlink(bin) == 0);
	s = symbolizer_new(p, &o);
	CHECK(strstr(symbolize_user(s, SYMTEST_PID, addr, false, &ok),
		     "app+0x") != NULL);
	CHECK(!ok);
	symbolizer_free(s);
	o.archive = archive_find(data, NULL, abs, sizeof(abs), &e);
	CHECK(o.archive != NULL && e == 0 && o.archive[0] == '/');
	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_user(s, SYMTEST_PID, addr, false, &ok),
		  "unit_archived_function");
	CHECK(ok);
	symbolizer_stats(s, &st);
	CHECK(st.files_from_archive == 1 && st.archive_frames == 1);
	symbolizer_free(s);

	/* End to end: report finds DATA.archive itself and says so. */
	err = stderr_of(cmd_report, args, &rc, &out);
	CHECK(rc == 0);
	CHECK(strstr(out, "app;unit_archived_function 3\n"));
	CHECK(strstr(err, "frames named from 1 of its files"));
	free(out);
	free(err);

	/* Archived again: already there; another file of that path, too. */
	CHECK(symtest_sh("echo not-elf > '%s'", bin) == 0);
	CHECK(archive_write(p, o.archive, NULL, &res) == 0);
	CHECK(res.present == 1 && res.copied == 0 && res.missing == 0);
	s = symbolizer_new(p, &o);
	CHECK_STR(symbolize_user(s, SYMTEST_PID, addr, false, &ok),
		  "unit_archived_function");
	symbolizer_free(s);

	/* Into a new archive: the changed file is not copied, and said so. */
	snprintf(copy, sizeof(copy), "%s/other", dir);
	warn = open_memstream(&msg, &len);
	CHECK(archive_write(p, copy, warn, &res) == 0);
	fclose(warn);
	CHECK(res.missing == 1 && res.copied == 0);
	CHECK(strstr(msg, "changed since the recording"));
	free(msg);
	CHECK(unlink(bin) == 0);
	warn = open_memstream(&msg, &len);
	CHECK(archive_write(p, copy, warn, &res) == 0);
	fclose(warn);
	CHECK(res.missing == 1 && strstr(msg, "gone"));
	free(msg);

	/* A file without build-id (twice mapped) is counted, not copied. */
	{
		struct profile_map m = { .pid = 1, .start = 0x1000,
					 .end = 0x2000, .path = "/bin/sh" };

		CHECK(profile_add_map(p, &m) == 0);
		m.pid = 2;
		CHECK(profile_add_map(p, &m) == 0);
		m.path = "[vdso]";
		CHECK(profile_add_map(p, &m) == 0);
	}
	CHECK(archive_write(p, copy, NULL, &res) == 0);
	CHECK(res.no_build_id == 1 && res.missing == 1 && res.copied == 0);

	/* --archive that is no directory is an error, not a silent skip. */
	CHECK(archive_find(data, bin, abs, sizeof(abs), &e) == NULL && e);
	profile_free(p);
	symtest_cleanup();
}

int main(void)
{
	sink = unit_archived_function(2);
	RUN(kernel_frames_named_by_the_profile);
	RUN(kernel_build_ids_from_notes);
	RUN(user_frames_named_from_the_archive);
	return UNIT_EXIT();
}
