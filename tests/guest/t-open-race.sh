# Opens and closes from several processes at once keep the count exact;
# rmmod racing with them either waits for the last close or wins cleanly.
. tests/guest/lib.sh

load
"$PROGS/open_race" --procs=4 --iters=3000
unload

for round in 1 2 3; do
	load
	"$PROGS/open_race" --procs=2 --unload-ok &
	racer=$!
	# rmmod fails while a descriptor is open; keep trying until it wins.
	for _ in $(seq 1 2000); do
		rmmod fgprof 2>/dev/null && break
	done
	# The openers stop only when the device is gone: never wait forever.
	loaded && kill $racer
	loaded && fail "round $round: rmmod never won against the openers"
	wait $racer || fail "round $round: openers saw an unexpected error"
done
