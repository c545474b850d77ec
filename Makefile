# fgprof: the kernel module (via Kbuild) and the user-space tool.
#
#   make                 module for KDIR + tool
#   make module | tool   one half
#   make test            host unit tests + guest integration tests (6.1)
#   make test-kernels    guest integration tests on 6.1, 6.1-rt, 5.10, 6.12, latest
#   make test-stress     the reliability suite at full length on 6.1 (fuzz, storm, hotplug)
#   make test-debug      guest tests + stress on a KASAN/lockdep/kmemleak 6.1
#                        (builds that kernel once: ~45 min on 2 cores)
#   make test-debug-short  the device's interface and the shortened stress
#                        tests on that kernel (CI runs it when it is cached)
#   make demo            record the demo workload (in a guest if need be)
#   make deps            install build/test dependencies (Debian)
#   make bench           benchmarks, guest and host (not a test; ~20 min)
#   make install         tool, man page, examples and fgprof.ko (DESTDIR, PREFIX)
#   make uninstall       removes what install put there
#   make deb             fgprof and fgprof-dkms .deb packages in build/deb/

KDIR ?= /lib/modules/$(shell uname -r)/build
PKG_CONFIG ?= pkg-config
CC ?= gcc

CFLAGS ?= -O2 -g
# user/ by stage (docs/design.md): one -I per directory, so that a file
# names a header by its name alone.
USER_DIRS := $(sort $(dir $(wildcard user/*/*.c user/*/*.h)))
FG_CPPFLAGS := -Iinclude $(patsubst %/,-I%,$(USER_DIRS))
FG_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	$(shell $(PKG_CONFIG) --cflags libdw libelf zlib 2>/dev/null)
FG_LDLIBS := $(shell $(PKG_CONFIG) --libs libdw libelf zlib 2>/dev/null) -lm \
	-liberty	# sym_demangle.c: C++ and Rust names (libiberty-dev, static)

TOOL := user/fgprof
TOOL_SRCS := $(filter-out user/cmd/main.c,$(wildcard user/*/*.c))
TOOL_OBJS := $(TOOL_SRCS:.c=.o)
HDRS := $(wildcard include/*.h user/*/*.h)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:.c=)
PROG_SRCS := $(wildcard tests/progs/*.c)
PROG_BINS := $(PROG_SRCS:.c=)

.PHONY: all module tool progs unit clean deps test test-unit test-kernels test-debug test-debug-short test-stress demo bench \
	install install-tool install-module uninstall deb

all: module tool

module:
	@test -d "$(KDIR)" || { echo "no kernel build tree at KDIR=$(KDIR):" \
		"install linux-headers-$$(uname -r) or pass KDIR=..." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool: $(TOOL)

$(TOOL): user/cmd/main.o $(TOOL_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(FG_LDLIBS)

user/%.o: user/%.c $(HDRS)
	$(CC) $(FG_CPPFLAGS) $(FG_CFLAGS) $(CFLAGS) -c -o $@ $<

# Unit tests link the tool's objects (all but main.o) and test one job each.
tests/unit/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(TOOL_OBJS) $(HDRS)
	$(CC) $(FG_CPPFLAGS) -Itests/unit $(FG_CFLAGS) $(CFLAGS) -o $@ $< \
		$(TOOL_OBJS) $(FG_LDLIBS)

unit: $(UNIT_BINS)

# Writes the unit tests' synthetic profile for the heat map page test
# (tests/browser/run.sh builds it), so built like them.
tests/browser/heatmap-profile: tests/browser/heatmap-profile.c $(wildcard tests/unit/*.h) $(TOOL_OBJS) $(HDRS)
	$(CC) $(FG_CPPFLAGS) -Itests/unit $(FG_CFLAGS) $(CFLAGS) -o $@ $< \
		$(TOOL_OBJS) $(FG_LDLIBS)

# Measuring tools that link the tool's objects, e.g. bench/symbolize
# (symbolization speed); each prints its numbers, none is a test.
bench/%: bench/%.c $(TOOL_OBJS) $(HDRS)
	$(CC) $(FG_CPPFLAGS) $(FG_CFLAGS) $(CFLAGS) -o $@ $< \
		$(TOOL_OBJS) $(FG_LDLIBS)

# Test workloads: frame pointers kept so user stacks walk. gcc still sets
# up no frame in a function that uses no stack, so the workloads' hot
# leaves keep a volatile local.
tests/progs/%: tests/progs/%.c $(wildcard tests/progs/*.h) $(HDRS)
	$(CC) $(FG_CPPFLAGS) -std=gnu11 -Wall -Wextra -Werror -O1 -g \
		-fno-omit-frame-pointer -o $@ $< -lpthread

# Issue #10's workloads: built as distributions build, without frame
# pointers, so that only unwind tables walk them (tests/guest/t-cfi-unwind.sh).
NOFP_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -g -fomit-frame-pointer
NOFP_BINS := tests/progs/nofp/libnofpchain.so tests/progs/nofp/chain \
	tests/progs/nofp/qsort_cb

tests/progs/nofp/libnofpchain.so: tests/progs/nofp/libchain.c
	$(CC) $(NOFP_CFLAGS) -fPIC -shared -o $@ $<

tests/progs/nofp/chain: tests/progs/nofp/chain.c tests/progs/nofp/libnofpchain.so
	$(CC) $(NOFP_CFLAGS) -o $@ $< -Ltests/progs/nofp -lnofpchain \
		-Wl,-rpath,'$$ORIGIN'

tests/progs/nofp/qsort_cb: tests/progs/nofp/qsort_cb.c
	$(CC) $(NOFP_CFLAGS) -o $@ $<

progs: $(PROG_BINS) $(NOFP_BINS)

deps:
	tests/deps.sh

# Two guests at once, each with half of the tests (balanced by their
# last durations): TCG is one thread, so each takes one core of two.
test:
	tests/run.sh --kernels 6.1 --shards 2

test-unit: unit
	tests/run.sh --unit-only

# The reliability suite at full length on 6.1: 1,000,000 fuzzed calls,
# 200 load/unload cycles in a fork and context-switch storm, 200 CPU
# hotplug rounds while sampling (make test runs them shortened). Prints
# the figures measured.
STRESS_TESTS := fuzz storm hotplug-loop
test-stress:
	FGPROF_STRESS=full FGPROF_GUEST_TIMEOUT=7200 tests/run.sh --kernels 6.1 \
		--no-unit --no-selftest --only "$(STRESS_TESTS)"; status=$$?; \
	cat build/test-logs$${FGPROF_BUILD_TAG:+-$$FGPROF_BUILD_TAG}/guest-6.1/figures; \
	exit $$status

KERNELS ?= 6.1 6.1-rt 5.10 6.12 latest
# The DKMS install and the reliability suite (fuzz, storm, hotplug loop)
# run in make test on 6.1 and, at full length, in test-stress and
# test-debug: the matrix leaves them out to fit CI's time.
# Tests of user space alone (the README's recipes, the archive, the export
# formats, the live view, the stack-quality report's figures) cannot
# differ by kernel API: make test runs them on 6.1, the matrix does not.
MATRIX_SKIP := dkms $(STRESS_TESTS) docs archive outputs top stack-quality
# With 6.1-debug among KERNELS (CI, when it is cached) that kernel runs
# test-debug-short's list in the same pool of guests.
test-kernels:
	tests/run.sh --kernels "$(KERNELS)" --no-unit --no-selftest --skip "$(MATRIX_SKIP)" \
		--only-on 6.1-debug "$(DEBUG_SHORT_TESTS)"

# Every guest test on the debug kernel (tests/guest/debug-kernel.sh builds
# it into the cache the first time): any KASAN, lockdep, atomic-sleep
# report or a kmemleak leak of fgprof's fails.  The stress tests run at
# make test's lengths (20 load/unload cycles, 100,000 fuzzed calls, 20
# hotplug rounds: the whole run takes 71-85 minutes); DEBUG_STRESS=full
# gives them test-stress's (200, 1,000,000, 200: measured 12 minutes for
# the fuzzing, 34 for the storm, 81 for the hotplug rounds).  DKMS is
# left out: a module build under KASAN and emulation is slow, and make
# test covers it.
DEBUG_STRESS ?=
test-debug:
	FGPROF_STRESS=$(DEBUG_STRESS) FGPROF_GUEST_TIMEOUT=86400 tests/run.sh --kernels 6.1-debug \
		--no-unit --no-selftest --skip dkms

# A part of test-debug that fits CI's time next to make test and the
# matrix: what user space can do to the device (load, bad input, sessions,
# the mode and permissions, fuzzing), load/unload cycles and CPU hotplug,
# with the same dmesg and kmemleak verdicts. CI runs it when the debug
# kernel is already cached (building it takes longer than CI has).
DEBUG_SHORT_TESTS := load bad-input session mode-param unprivileged fuzz storm hotplug
test-debug-short:
	tests/run.sh --kernels 6.1-debug \
		--no-unit --no-selftest --only "$(DEBUG_SHORT_TESTS)"

demo:
	scripts/demo.sh

# Benchmarks in the guest, tables printed and kept in bench/results/.
bench:
	bench/run.sh

# Installing. PREFIX and DESTDIR as usual (DESTDIR for staging: nothing
# is run against it). The module goes to /lib/modules/KVER/extra, KVER
# being the kernel it was built for (its vermagic), and depmod runs only
# for a real install (no DESTDIR). The udev rule and modprobe.d file are
# opt-in, so they are installed as examples, not in /etc or rules.d.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/fgprof
KO ?= fgprof.ko
KVER ?= $(shell modinfo -F vermagic $(KO) 2>/dev/null | cut -d' ' -f1)
MODDIR = /lib/modules/$(KVER)/extra
EXAMPLES := packaging/60-fgprof.rules packaging/fgprof.conf

install: install-tool install-module

install-tool: $(TOOL)
	install -D -m 755 $(TOOL) $(DESTDIR)$(BINDIR)/fgprof
	install -D -m 644 packaging/fgprof.1 $(DESTDIR)$(MANDIR)/man1/fgprof.1
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/

install-module:
	@test -f "$(KO)" || { echo "no $(KO): run make module first (or pass KO=...)" >&2; exit 1; }
	@test -n "$(KVER)" || { echo "cannot tell which kernel $(KO) is for: pass KVER=..." >&2; exit 1; }
	install -D -m 644 $(KO) $(DESTDIR)$(MODDIR)/fgprof.ko
	$(if $(DESTDIR),,depmod -a $(KVER))

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fgprof $(DESTDIR)$(MANDIR)/man1/fgprof.1
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(EXAMPLES)))
	rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	$(if $(KVER),rm -f $(DESTDIR)$(MODDIR)/fgprof.ko)
	$(if $(and $(KVER),$(if $(DESTDIR),,y)),depmod -a $(KVER) || true)

# Debian packages (packaging/mkdeb.sh): fgprof-dkms and fgprof in build/deb/.
deb: $(TOOL)
	packaging/mkdeb.sh build/deb

clean:
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f $(TOOL) user/*/*.o $(UNIT_BINS) $(PROG_BINS) $(NOFP_BINS) bench/symbolize \
		bench/perf2fgprof tests/browser/heatmap-profile
	rm -f kmod/*.o kmod/.*.cmd .*.cmd *.ko *.mod *.mod.c *.o Module.symvers modules.order
	rm -rf build
