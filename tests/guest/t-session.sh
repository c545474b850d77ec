# The session ioctls without the tool: states, ownership, errnos, reads
# while sampling, stop and owner-close semantics.
. tests/guest/lib.sh

load
"$PROGS/session_abi"
unload
