# Unknown and malformed ioctls, bad pointers, unsupported file operations
# and 100,000 random ioctl numbers: clean errnos only (dmesg is checked by
# the runner).
. tests/guest/lib.sh

load
"$PROGS/ioctl_abuse" 100000
unload
