# The mode parameter sets the device's permissions; bits beyond rw are refused.
. tests/guest/lib.sh

load mode=0640
expect_eq "$(stat -c '%a' $DEV)" "640"
unload

if insmod "$FGPROF_KO" mode=04777 2>/tmp/err; then
	fail "mode=04777 was accepted"
fi
loaded && fail "module stayed loaded after a refused mode"
[ ! -e $DEV ] || fail "$DEV exists after a failed load"
dmesg | tail -5 | any "only read/write bits" || fail "no reason in dmesg"
