# The README's recipes, run as written: every ```sh recipe block of
# README.md is extracted and run by bash -e, with only its durations
# shortened (the substitutions below), against stand-ins for the reader's
# programs: ./app is the demo workload (hot_ab, 0.5 s), myservice a shell
# loop that mostly waits (a ping-pong would cost the emulated guest ten
# seconds more). Each block must exit 0 and write every file it names with -o
# (and --out DIR its interval files). The ```sh recipe-upload block runs
# with stand-ins for profilecli and parca-push that only check they are
# handed complete pprof files: Pyroscope and Parca themselves are not here.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

private_copies hot_ab
load
trap '[ -z "${svc:-}" ] || kill "$svc" 2>/dev/null || true' EXIT

work=$(mktemp -d /tmp/docs.XXXXXX)
readme=$PWD/README.md
cd "$work"
mkdir bin
ln -s "$FGPROF" bin/fgprof
printf '#!/bin/sh\nexec %s 0.5\n' "$PROGS/hot_ab" >app
printf '#!/bin/sh\nwhile :; do sleep 0.05; done\n' >myservice
for tool in profilecli parca-push; do
	# A stand-in: its last argument must be a whole gzipped file.
	cat >"bin/$tool" <<EOF
#!/bin/sh
for f; do :; done
gzip -t "\$f" || { echo "$tool: \$f is not a whole gzip file" >&2; exit 1; }
echo "\$f" >>"$work/$tool.calls"
EOF
done
chmod +x app myservice bin/*
PATH=$work/bin:$PATH

# blocks KIND: README's ```sh KIND blocks, each into block-N.sh.
blocks() {
	awk -v kind="$1" -v dir="$work" '
		$0 == "```sh " kind { n++; f = dir "/" kind "-" n ".sh"; next }
		f && /^```/ { close(f); f = ""; next }
		f { print > f }
		END { print n + 0 }' "$readme"
}
# Shorter durations for the guest: 30 s of recording becomes 1, and the
# continuous recording (stopped by Ctrl-C in the README) gets 500 ms
# intervals and an end.
shorten() {
	sed -e 's/ -d 30 / -d 1 /' \
		-e 's/--interval 10s/--interval 500ms -d 1.8/' "$1"
}

n=$(blocks recipe)
expect_match "$n" '^5$'
for i in $(seq "$n"); do
	shorten "recipe-$i.sh" >run.sh
	echo "== recipe $i:"
	cat run.sh
	if grep -q myservice run.sh; then	# the slow service, for this one
		./myservice &
		svc=$!
		sleep 0.5
	fi
	start=$(date +%s)
	status=0
	# -x with a clock: each command's start, in the log kept on the host
	# (set in the script: bash run as root takes no PS4 from outside).
	{ echo "PS4='+ \${EPOCHREALTIME} '; set -x"; cat run.sh; } >traced.sh
	bash -e traced.sh >"out-$i.txt" 2>&1 || status=$?
	keep_in_log "out-$i.txt"
	if [ "$status" -ne 0 ]; then
		cat "out-$i.txt"
		fail "recipe $i exited $status"
	fi
	figure "docs_recipe_${i}_s" "$(($(date +%s) - start))"
	# Every file it names with -o is there and not empty.
	for f in $(grep -o -- '-o [^ ]*' run.sh | cut -c4-); do
		[ -s "$f" ] || fail "recipe $i: no $f"
	done
	if grep -q -- '--out ' run.sh; then
		dir=$(grep -o -- '--out [^ ]*' run.sh | cut -c7-)
		ls "$dir"/fgprof-*Z.pb.gz | any . ||
			fail "recipe $i: no interval file in $dir"
	fi
	if [ -n "${svc:-}" ]; then
		kill "$svc"
		wait "$svc" 2>/dev/null || true
		svc=
	fi
done

# What the recipes are for: the CPU profile names the demo's hot function,
# the off-CPU one the service's pipe wait, the top table spin.
grep -q 'hot_a' app.svg || fail "app.svg has no hot_a"
grep -q 'myservice' offcpu.svg || fail "offcpu.svg has no myservice"
any -w spin out-1.txt || fail "recipe 1's top table has no spin"
grep -q 'hot_a' diff.svg || fail "diff.svg has no hot_a"

expect_match "$(blocks recipe-upload)" '^1$'
cat recipe-upload-1.sh
bash -e recipe-upload-1.sh || fail "the upload recipe exited $?"
files=$(ls profiles/fgprof-*Z.pb.gz | wc -l)
for tool in profilecli parca-push; do
	expect_eq "$(wc -l <"$tool.calls")" "$files" "$tool calls, one per file"
done
echo "ok: $n recipes and the upload loop ($files interval files)"
