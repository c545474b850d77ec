#!/usr/bin/env bash
# Runs the kernel's checkpatch.pl over the module's sources. checkpatch is
# not packaged on its own: it is taken from Debian's linux-source-6.1 once
# and cached. compat.h may test LINUX_VERSION_CODE: that is its job.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${FGPROF_CACHE:-/var/cache/fgprof}/checkpatch
cp=$cache/scripts/checkpatch.pl
if [ ! -x "$cp" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -q linux-source-6.1 >/dev/null 2>&1)
	dpkg -x "$tmp"/linux-source-6.1_*.deb "$tmp/x"
	tar -xJf "$tmp"/x/usr/src/linux-source-6.1.tar.xz -C "$tmp" \
		--wildcards 'linux-source-6.1/scripts/checkpatch.pl' \
		'linux-source-6.1/scripts/spelling.txt' \
		'linux-source-6.1/scripts/const_structs.checkpatch'
	mkdir -p "$cache"
	rm -rf "$cache/scripts"
	mv "$tmp/linux-source-6.1/scripts" "$cache/scripts"
fi

opts=(--no-tree -f --terse --show-types --max-line-length=100)
status=0
for f in kmod/*.c kmod/*.h include/fgprof.h; do
	extra=()
	[ "$f" != kmod/compat.h ] || extra=(--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON)
	out=$("$cp" "${opts[@]}" "${extra[@]}" "$f" 2>&1) || status=1
	printf '%s\n' "$out" | grep -v -e '^total: 0 errors, 0 warnings' -e '^$' || true
done
# Version tests belong to compat.h alone.
if grep -n 'LINUX_VERSION_CODE\|KERNEL_VERSION' kmod/*.c kmod/*.h | grep -v '^kmod/compat.h:'; then
	echo "version checks outside kmod/compat.h" >&2
	status=1
fi
exit $status
