#!/bin/sh
# Drives gdb in batch mode against `xhvm run --gdb`: the learner's path.
# Stop at _start, break on xen_init (before the Xen MSR write), see the
# hypercall page still empty, `finish` past the write and see stub 0
# appear (mov $0,%eax; out %eax,$0xe5; ret), write and read a register
# and guest memory, step, see a fifth breakpoint refused (there are four
# debug registers), continue to a normal exit.
#
#   gdb-check.sh XHVM GUEST.elf
set -u
xhvm=$1 guest=$2
command -v gdb >/dev/null || { echo "SKIP: no gdb (apt-get install gdb)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; kill $pid 2>/dev/null' EXIT
port=$((40000 + $$ % 20000))

"$xhvm" run --gdb $port --timeout 60 "$guest" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	grep -q "waiting for gdb" "$tmp/err" && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
done
grep -q "waiting for gdb" "$tmp/err" || {
	cat "$tmp/err"
	[ "$(sed -n 's/.*\(KVM lacks\|no KVM\).*/x/p' "$tmp/err")" ] && exit 77
	echo "FAIL: xhvm never listened"; exit 1; }

timeout 60 gdb -nx -batch "$guest" \
	-ex "target remote 127.0.0.1:$port" \
	-ex 'info registers rip' \
	-ex 'break xen_init' -ex 'continue' \
	-ex 'x/8xb &hypercall_page' \
	-ex 'finish' \
	-ex 'x/8xb &hypercall_page' \
	-ex 'set $r12 = 0x1234abcd' -ex 'p/x $r12' \
	-ex 'set {unsigned char}&hypercall_page[4095] = 0x5a' \
	-ex 'x/1xb &hypercall_page[4095]' \
	-ex 'stepi' -ex 'info registers rip' \
	-ex 'delete' \
	-ex 'break *0x100001' -ex 'break *0x100002' -ex 'break *0x100003' \
	-ex 'break *0x100004' -ex 'break *0x100005' -ex 'continue' \
	-ex 'delete 6' -ex 'continue' >"$tmp/gdb" 2>&1
wait $pid
status=$?
cat "$tmp/gdb"; echo "--- xhvm stdout"; cat "$tmp/out"; echo "--- xhvm stderr"; cat "$tmp/err"

failed=0
expect() { # expect DESCRIPTION ERE FILE
	if grep -Eq -- "$2" "$3"; then echo "ok: $1"; else echo "FAIL: $1"; failed=1; fi
}
expect "stopped at the entry" "^rip +0x100000 +0x100000 <_start>" "$tmp/gdb"
expect "the breakpoint on xen_init hit" "^Breakpoint 1, xen_init" "$tmp/gdb"
expect "the page is empty before the MSR write" "^0x[0-9a-f]+ <hypercall_page>:(\s+0x00){8}$" "$tmp/gdb"
expect "stub 0 appeared after it" "^0x[0-9a-f]+ <hypercall_page>:\s+0xb8\s+0x00\s+0x00\s+0x00\s+0x00\s+0xe7\s+0xe5\s+0xc3$" "$tmp/gdb"
expect "a register written and read back" "^\\\$[0-9]+ = 0x1234abcd$" "$tmp/gdb"
expect "guest memory written and read back" "<hypercall_page\+4095>:\s+0x5a$" "$tmp/gdb"
expect "a fifth breakpoint refused: four debug registers" "^Cannot insert breakpoint 6" "$tmp/gdb"
expect "the guest ran to a normal exit" "exited normally" "$tmp/gdb"
expect "the guest printed its line" "^Hello from a Xen HVM guest$" "$tmp/out"
[ $status -eq 0 ] && echo "ok: xhvm exit status 0" || { echo "FAIL: xhvm exit status $status"; failed=1; }
exit $failed
