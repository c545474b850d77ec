# A cgroup v2 filter keeps only the tasks under that cgroup.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

root=/sys/fs/cgroup
grep -q cgroup2 /proc/mounts || mount -t cgroup2 none $root || fail "cannot mount cgroup2"
mkdir -p $root/fgprof-test
load
"$PROGS/hot_ab" 600 &	# killed below: no race with a slow guest
inside=$!
echo $inside >$root/fgprof-test/cgroup.procs
"$PROGS/five_hot" 600 &
outside=$!
sleep 0.5
record /tmp/cg.data -F 499 -d 2 -G $root/fgprof-test
kill $inside $outside 2>/dev/null || true
wait
folded /tmp/cg.data >/tmp/cg.folded
grep -q '^hot_ab;' /tmp/cg.folded || fail "nothing from inside the cgroup"
grep -v '^hot_ab;' /tmp/cg.folded && fail "samples from outside the cgroup"
if out=$("$FGPROF" record -o /tmp/bad.data -d 1 -G /proc 2>&1); then
	fail "-G /proc was accepted"
fi
echo "$out"
rmdir $root/fgprof-test
unload
