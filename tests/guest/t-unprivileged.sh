# A user who is not root gets EACCES from the default 0600 device, and the
# tool says why. A user the admin lets in (here mode=0666) reads the
# tables but no kernel address: kernel stacks come back withheld, through
# the READ ioctl and in the text view, while root sees them.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

load
if out=$(nobody "$FGPROF" status 2>&1); then
	fail "nobody could open $DEV: $out"
fi
expect_match "$out" "Permission denied"
expect_match "$out" "root-only"
unload

load mode=0666
"$FGPROF" record -o /tmp/up.data -F 499 -d 600 &
rec=$!
"$PROGS/zero_reader" 1
"$PROGS/hot_ab" 1
# While it runs: the tables are live, readable by any opener.
root=$("$PROGS/stack_census") || fail "stack_census as root"
other=$(nobody "$PROGS/stack_census") || fail "stack_census as nobody"
cat $DEV >/tmp/root.txt
nobody cat $DEV >/tmp/nobody.txt || fail "nobody could not read the text view"
kill -TERM $rec
wait $rec || fail "record exited $? after SIGTERM"
echo "root: $root; nobody: $other"
expect_match "$root" "^user [1-9][0-9]* kernel [1-9][0-9]* hidden 0$"
expect_match "$other" "^user [1-9][0-9]* kernel 0 hidden [1-9][0-9]*$"
awk '$6 ~ /^ffff/' /tmp/root.txt | any . || fail "root's text view has no kernel stack"
grep -v '^#' /tmp/nobody.txt | any -E 'ffff[0-9a-f]{12}' &&
	fail "a kernel address in nobody's text view: $(grep -m1 ffff /tmp/nobody.txt)"
any '^# kernel stacks hidden' </tmp/nobody.txt || fail "no 'hidden' line for nobody"
any '^# kernel stacks hidden' </tmp/root.txt && fail "'hidden' line for root"
# A session whose owner closed is nobody's to start again (or, for an
# unprivileged opener, to reset).
"$PROGS/steer_orphan" leave || fail "steer_orphan leave"
nobody "$PROGS/steer_orphan" || fail "nobody could steer root's orphaned session"
# Configuring stays privileged whatever the mode.
d=$(mktemp -d)
chmod 777 "$d"
nobody "$FGPROF" record -o "$d/nobody.data" -d 1 2>/tmp/err && fail "nobody could record"
any -i 'perfmon\|permitted\|EPERM' </tmp/err || fail "no reason given: $(cat /tmp/err)"
unload
