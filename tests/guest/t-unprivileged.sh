# A user who is not root gets EACCES from the default 0600 device, and the
# tool says why.
. tests/guest/lib.sh

load
if out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$FGPROF" status 2>&1); then
	fail "nobody could open $DEV: $out"
fi
expect_match "$out" "Permission denied"
expect_match "$out" "root-only"
unload
