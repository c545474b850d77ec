# Twenty load/unload cycles in a row leave no trace (dmesg checked by the
# runner; the device comes and goes every time).
. tests/guest/lib.sh

for _ in $(seq 1 20); do
	load
	"$FGPROF" status >/dev/null || fail "status failed after reload"
	unload
done
