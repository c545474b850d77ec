# A profile reported where it was not recorded (issue 20, point 1). The
# recording's kernel symbols travel in the file: with this machine's
# kallsyms hidden from everyone (kptr_restrict=2, as on a laptop running
# another kernel), the report names the same kernel frames, and a copy
# of the file without its ksym lines does not. The user binary, gone
# after `fgprof archive`, is named from the archive.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

private_copies offcpu_sleep
restrict=$(cat /proc/sys/kernel/kptr_restrict)
trap 'echo "$restrict" >/proc/sys/kernel/kptr_restrict' EXIT

load
record /tmp/ar.data --off-cpu -- "$PROGS/offcpu_sleep"
unload
stored=$(grep -c '^ksym ' /tmp/ar.data) || fail "no ksym line in the profile"
total=$(awk '$2 ~ /^[tTwW]$/' /proc/kallsyms | wc -l)
kaddrs=$(awk '$1 == "stack" && $3 == "k" { print $5 }' /tmp/ar.data |
	tr , '\n' | sort -u | wc -l)
figure archive_ksyms "$stored"
figure archive_kernel_addresses "$kaddrs"
figure archive_kallsyms_text_symbols "$total"
# Only what the stacks need: at most two symbols per distinct address.
[ "$stored" -le $((2 * kaddrs)) ] || fail "$stored ksym lines for $kaddrs kernel addresses"
# Named by this machine's own kallsyms, as asked: the reference.
folded /tmp/ar.data --kallsyms /proc/kallsyms >/tmp/ar.here
# Which kernel those names came from.
want=$(od -An -tx1 -v /sys/kernel/notes | tr -d ' \n')
kbuild=$(awk '$1 == "kbuild" && $3 == "vmlinux" { print $2 }' /tmp/ar.data)
[ -n "$kbuild" ] || fail "no kbuild line for vmlinux"
case $want in *"$kbuild"*) ;; *) fail "kbuild $kbuild is not in /sys/kernel/notes" ;; esac

# "Another machine": no kernel address readable here.
echo 2 >/proc/sys/kernel/kptr_restrict
awk '$1 != "0000000000000000"' /proc/kallsyms | any . &&
	fail "kptr_restrict=2 left kallsyms addresses readable"
"$FGPROF" report -i /tmp/ar.data >/tmp/ar.there 2>/tmp/ar.err ||
	fail "report with kallsyms hidden exited $?"
cat /tmp/ar.err
any 'kernel symbols' </tmp/ar.err && fail "a kernel symbols warning: $(cat /tmp/ar.err)"
cmp /tmp/ar.here /tmp/ar.there || fail "the report changed when kallsyms was hidden"
sleep_ns=$(samples_matching 'sleep_here' </tmp/ar.there)
named=$(samples_matching 'main;sleep_here;.*nanosleep.*_\[k\]' </tmp/ar.there)
ratio_at_least "$named" "$sleep_ns" 95 ||
	fail "sleep_here's kernel frames not named with kallsyms hidden"
unknown=$(samples_matching '\[unknown\]_\[k\]' </tmp/ar.there)
all=$(samples_matching . </tmp/ar.there)
figure archive_unknown_kernel_pct "$(pct "$unknown" "$all")"

# The same file without its symbols: what fgprof did before.
grep -v '^ksym ' /tmp/ar.data >/tmp/ar-bare.data
"$FGPROF" report -i /tmp/ar-bare.data >/tmp/ar.bare 2>/tmp/ar.err ||
	fail "report of the bare file exited $?"
any 'kptr_restrict' </tmp/ar.err || fail "no hidden-symbols warning: $(cat /tmp/ar.err)"
bare=$(samples_matching '\[unknown\]_\[k\]' </tmp/ar.bare)
figure archive_bare_unknown_kernel_pct "$(pct "$bare" "$all")"
ratio_at_least "$bare" "$all" 95 || fail "the bare file's kernel frames were named: $bare of $all"

# --kallsyms that names nothing says so.
"$FGPROF" report -i /tmp/ar.data --kallsyms /dev/null >/dev/null 2>/tmp/ar.err ||
	fail "report --kallsyms /dev/null exited $?"
any -- '--kallsyms /dev/null named none of the' </tmp/ar.err ||
	fail "--kallsyms /dev/null: no warning: $(cat /tmp/ar.err)"

# Recorded with kernel addresses hidden even from root: none stored, said
# so; and record --archive packs the binaries as it writes the file.
load
"$FGPROF" record -o /tmp/ar-h.data --archive --off-cpu -- sleep 0.3 2>/tmp/ar.err ||
	fail "record with kallsyms hidden exited $?"
unload
cat /tmp/ar.err
any 'kernel symbols not stored in the profile' </tmp/ar.err ||
	fail "record did not say it stored no kernel symbols"
awk '$1 == "stack" && $3 == "k"' /tmp/ar-h.data | any . ||
	fail "no kernel stack recorded: nothing was tested"
any '^ksym ' </tmp/ar-h.data && fail "ksym lines stored from hidden kallsyms"
any 'files copied' </tmp/ar.err || fail "record --archive: no archive summary"
find /tmp/ar-h.data.archive/.build-id -type f | any . ||
	fail "record --archive made no archive"
echo "$restrict" >/proc/sys/kernel/kptr_restrict

# User code: archived, then the binary removed.
"$FGPROF" archive /tmp/ar.data 2>/tmp/ar.err || fail "fgprof archive exited $?"
cat /tmp/ar.err
any 'files copied' </tmp/ar.err || fail "no archive summary"
figure archive_mib "$(du -sm /tmp/ar.data.archive | cut -f1)"
rm "$PROGS/offcpu_sleep"
"$FGPROF" report -i /tmp/ar.data >/tmp/ar.gone 2>/tmp/ar.err ||
	fail "report with the binary gone exited $?"
any 'frames named from [1-9][0-9]* of its files' </tmp/ar.err ||
	fail "report did not say it used the archive: $(cat /tmp/ar.err)"
cmp /tmp/ar.here /tmp/ar.gone || fail "the report changed when the binary was gone"
mv /tmp/ar.data.archive /tmp/ar.moved
folded /tmp/ar.data >/tmp/ar.noarch
any 'sleep_here' </tmp/ar.noarch && fail "sleep_here named with neither binary nor archive"
folded /tmp/ar.data --archive /tmp/ar.moved | any 'main;sleep_here' ||
	fail "--archive DIR not used"
