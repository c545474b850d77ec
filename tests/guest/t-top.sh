# fgprof top in a terminal, driven through tmux: the known hot functions
# on screen within a few refreshes, with the rate and losses lines; c
# switches to everything since the start; q quits with status 0 and
# Ctrl-C too; each time the terminal is given back
# as it was (same stty settings, the normal screen, the cursor shown).
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

command -v tmux >/dev/null || fail "tmux is not installed (tests/deps.sh installs it)"
export TMUX_TMPDIR=/tmp
tm() {
	tmux -L fgtop "$@"
}

# wait_for REGEX: until the pane shows it (30 s at most, times the
# guest's slowness); the pane in $screen.
wait_for() {
	local end=$((SECONDS + $(scaled 30)))
	while :; do
		screen=$(tm capture-pane -p -t top)
		grep -Eq -- "$1" <<<"$screen" && return 0
		[ $SECONDS -lt $end ] || break
		sleep 0.5
	done
	fail "never saw /$1/ on screen in $(scaled 30) s: $screen"
}

# run_top KEYS: top in the pane, ended by KEYS; checks what it left.
run_top() {
	local keys=$1
	rm -f /tmp/stty.before /tmp/stty.after
	# (The path quoted for the pane's bash: a checkout's may hold a space.)
	tm send-keys -t top "clear; stty -g >/tmp/stty.before; $(printf %q "$FGPROF") top -F 499 --interval 500ms -p $hot; echo TOP-EXIT=\$?; stty -g >/tmp/stty.after" Enter
	wait_for 'hot_a'
	echo "$screen"
	expect_match "$screen" 'fgprof top: cpu-clock, -F 499 Hz'
	expect_match "$screen" 'samples: [0-9.]+/s recorded of [0-9.]+/s taken'
	expect_match "$screen" 'losses: '
	expect_match "$screen" 'flat +flat% +sum% +cum +cum% +function'
	expect_match "$screen" ' spin$'
	[ "$(tm display -p -t top '#{alternate_on}')" = 1 ] || fail "top is not on the alternate screen"
	tm send-keys -t top c
	wait_for 'showing everything since the start'
	expect_match "$screen" ' hot_a$'
	tm send-keys -t top $keys
	wait_for 'TOP-EXIT=[0-9]+'
	expect_match "$screen" 'TOP-EXIT=0'
	local end=$((SECONDS + $(scaled 4)))
	until [ -s /tmp/stty.after ] || [ $SECONDS -ge $end ]; do
		sleep 0.2
	done
	[ "$(cat /tmp/stty.before)" = "$(cat /tmp/stty.after)" ] ||
		fail "terminal settings changed: $(cat /tmp/stty.before) -> $(cat /tmp/stty.after)"
	[ "$(tm display -p -t top '#{alternate_on}')" = 0 ] || fail "still on the alternate screen after $keys"
	[ "$(tm display -p -t top '#{cursor_flag}')" = 1 ] || fail "cursor left hidden after $keys"
	grep -q "state idle" $DEV || fail "the session was not reset: $(head -1 $DEV)"
}

load
# Alive for both runs of top: 120 s, longer on a slow guest (6.1-debug
# took over 120 s for the first).
"$PROGS/hot_ab" "$(scaled 120)" &
hot=$!
# No top left holding the device, nor hot_ab running: at the end, and on
# a failure too (the runner unloads the module before the next test).
stop_top() {
	tm kill-server 2>/dev/null || true
	kill "$hot" 2>/dev/null || true
	wait "$hot" 2>/dev/null || true
}
trap stop_top EXIT
tm kill-server 2>/dev/null || true
# Tall enough for every function of hot_ab's: in the "since the start"
# view, sorted by flat samples, hot_a (no flat samples of its own) comes
# after all the kernel's, 165 functions on the debug kernel.
tm new-session -d -s top -x 150 -y 200 "bash --norc --noprofile"
run_top q
run_top C-c
figure top_exit "q and Ctrl-C: terminal restored"
tm kill-server		# the server is still there to kill
stop_top
unload
