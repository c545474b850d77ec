# Load, query the device, unload: the device node, its default mode, the
# status command, the text view, and what the tool says once it is gone.
. tests/guest/lib.sh

load
expect_eq "$(stat -c '%F %a %U %G' $DEV)" "character special file 600 root root"

out=$("$FGPROF" status)
expect_match "$out" "abi ([0-9]+) \(tool [0-9.]+, abi \1\)"
expect_match "$out" "state: +idle"
expect_match "$out" "kernel: +$(uname -r | sed 's/[.+]/\\&/g')\$"
expect_match "$(cat $DEV)" "^# fgprof abi [0-9]+ state idle\$"
dmesg | any "fgprof: loaded, abi " || fail "no load message in dmesg"

unload
if out=$("$FGPROF" status 2>&1); then
	fail "status succeeded without the module: $out"
fi
expect_match "$out" "module is not loaded"
