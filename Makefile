# fgprof: the kernel module (via Kbuild) and the user-space tool.
#
#   make                 module for KDIR + tool
#   make module | tool   one half
#   make test            host unit tests + guest integration tests (6.1)
#   make test-kernels    guest integration tests on 6.1, 6.1-rt, 5.10, 6.12
#   make demo            record the demo workload (in a guest if need be)
#   make deps            install build/test dependencies (Debian)
#   make bench           benchmarks in the guest (not a test; minutes)

KDIR ?= /lib/modules/$(shell uname -r)/build
PKG_CONFIG ?= pkg-config
CC ?= gcc

CFLAGS ?= -O2 -g
FG_CPPFLAGS := -Iinclude -Iuser
FG_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	$(shell $(PKG_CONFIG) --cflags libdw libelf zlib 2>/dev/null)
FG_LDLIBS := $(shell $(PKG_CONFIG) --libs libdw libelf zlib 2>/dev/null) -lm \
	-liberty	# sym_demangle.c: C++ and Rust names (libiberty-dev, static)

TOOL := user/fgprof
TOOL_SRCS := $(filter-out user/main.c,$(wildcard user/*.c))
TOOL_OBJS := $(TOOL_SRCS:.c=.o)
HDRS := $(wildcard include/*.h user/*.h)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:.c=)
PROG_SRCS := $(wildcard tests/progs/*.c)
PROG_BINS := $(PROG_SRCS:.c=)

.PHONY: all module tool progs unit clean deps test test-unit test-kernels demo bench

all: module tool

module:
	@test -d "$(KDIR)" || { echo "no kernel build tree at KDIR=$(KDIR):" \
		"install linux-headers-$$(uname -r) or pass KDIR=..." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool: $(TOOL)

$(TOOL): user/main.o $(TOOL_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(FG_LDLIBS)

user/%.o: user/%.c $(HDRS)
	$(CC) $(FG_CPPFLAGS) $(FG_CFLAGS) $(CFLAGS) -c -o $@ $<

# Unit tests link the tool's objects (all but main.o) and test one job each.
tests/unit/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(TOOL_OBJS) $(HDRS)
	$(CC) $(FG_CPPFLAGS) -Itests/unit $(FG_CFLAGS) $(CFLAGS) -o $@ $< \
		$(TOOL_OBJS) $(FG_LDLIBS)

unit: $(UNIT_BINS)

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

progs: $(PROG_BINS)

deps:
	tests/deps.sh

test:
	tests/run.sh --kernels 6.1

test-unit: unit
	tests/run.sh --unit-only

KERNELS ?= 6.1 6.1-rt 5.10 6.12
test-kernels:
	tests/run.sh --kernels "$(KERNELS)" --no-unit --no-selftest

demo:
	scripts/demo.sh

# Benchmarks in the guest, tables printed and kept in bench/results/.
bench:
	bench/run.sh

clean:
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f $(TOOL) user/*.o $(UNIT_BINS) $(PROG_BINS) bench/symbolize
	rm -f kmod/*.o kmod/.*.cmd .*.cmd *.ko *.mod *.mod.c *.o Module.symvers modules.order
	rm -rf build
