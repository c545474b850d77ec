#!/bin/bash
# Install the Debian packages fgprof's build and tests need.
# Cheap when everything is present: one dpkg-query, no apt, no network.
set -euo pipefail

pkgs=(
	build-essential pkg-config libelf-dev libdw-dev zlib1g-dev  # user/ tool
	libiberty-dev                   # user/symbols/sym_demangle.c (C++, Rust names)
	elfutils                        # eu-addr2line: tests' reference for inline chains
	libxml2-utils                   # xmllint: unit tests parse every SVG
	golang-go                       # go tool pprof: test_pprof reads our pprof files (~80 MB download)
	kmod dwarves bc                 # out-of-tree module builds (depmod, pahole for BTF)
	qemu-system-x86 busybox-static cpio xz-utils zstd  # guest kernels and initramfs
	debootstrap                     # the sid chroot that builds modules for the
	                                # `latest` guest kernel (tests/guest/chroot.sh)
	linux-perf                      # side-by-side peer for comparisons
	time                            # /usr/bin/time: bench/host/render.sh's peak memory
	tmux                            # t-top.sh drives fgprof top in a terminal
	dkms                            # tests/guest/t-dkms.sh, fgprof-dkms (186 KB installed, no new deps)
	chromium                        # tests/browser: the SVG and heat map pages, headless
	                                # (~190 MB download, 156 packages, ~670 MB installed)
)
# npm: tests/speedscope.sh fetches speedscope (its page and schema) for
# tests/browser. A nodejs that brings its own npm (NodeSource's) needs no
# Debian npm, which would conflict with it; a python3 that has jsonschema
# (tests/browser checks the export against speedscope's schema) no
# python3-jsonschema.
command -v npm >/dev/null || pkgs+=(npm)
python3 -c 'import jsonschema' 2>/dev/null || pkgs+=(python3-jsonschema)

missing=()
for p in "${pkgs[@]}"; do
	# db:Status-Abbrev is "ii " only for fully installed packages;
	# half-configured ones from an interrupted run count as missing.
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ $st == ii* ]] || missing+=("$p")
done
((${#missing[@]})) || exit 0

[[ $(id -u) == 0 ]] || { echo "deps.sh: need root to install: ${missing[*]}" >&2; exit 1; }
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt/dpkg may be running (e.g. a provisioning step): wait for its
# lock instead of failing.
apt_opts=(-q -y -o DPkg::Lock::Timeout=900 -o Dpkg::Use-Pty=0)
apt-get "${apt_opts[@]}" update >/dev/null
apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
