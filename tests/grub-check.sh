#!/bin/sh
# Debian's GRUB for Xen PVH guests (grub-i386-xen_pvh.bin, package
# grub-xen-host) under xhvm, unmodified, from a pipe and from a terminal:
#
#   pipe      `printf 'echo hi\r\nhalt\r\n' | xhvm run --mem 256M GRUB`
#             prints GRUB's banner and "hi", and `halt` exits 0
#   terminal  on a pseudo-terminal: raw mode while GRUB runs (GRUB, not
#             the terminal, echoes what is typed), Ctrl-] detaches with
#             exit 10, and the terminal is as it was afterwards
#
# Where GRUB comes from: $XHVM_GRUB, else /usr/lib/grub-xen/, else the
# package fetched with `apt-get download` into ~/.cache/xhvm/grub (no
# install). Without one it SKIPs (77) and says how to get it.
#
#   grub-check.sh XHVM pipe [BACKEND]   (an MSR backend; default: xhvm's)
#   grub-check.sh XHVM terminal
#   grub-check.sh - find                 print where GRUB is (fetching it)
#
# POSIX sh: tools/kernel-harness --grub runs the pipe check under busybox,
# on every backend of the booted kernel.
set -u
xhvm=$1 mode=${2:-pipe} backend=${3:-}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/xhvm/grub
image=/usr/lib/grub-xen/grub-i386-xen_pvh.bin

# The package, downloaded (not installed) and unpacked into the cache; as
# root, package lists a day old or missing are refreshed first.
fetch() {
	mkdir -p "$cache" && cd "$cache" || return
	if ! apt-get download grub-xen-host >/dev/null 2>&1 &&
		[ "$(id -u)" = 0 ]; then
		apt-get update -qq >/dev/null 2>&1
		apt-get download grub-xen-host >/dev/null 2>&1
	fi
	for deb in grub-xen-host_*.deb; do
		[ -f "$deb" ] && dpkg-deb -x "$deb" "$cache" && rm -f "$deb"
	done
	cd - >/dev/null || exit 2
}

find_grub() {
	if [ -n "${XHVM_GRUB:-}" ]; then
		grub=$XHVM_GRUB
	elif [ -f "$image" ]; then
		grub=$image
	elif [ -f "$cache$image" ]; then
		grub=$cache$image
	else
		fetch
		grub=$cache$image
	fi
	if [ ! -f "$grub" ]; then
		echo "SKIP: no grub-i386-xen_pvh.bin: install grub-xen-host," \
		     "or set XHVM_GRUB to the file"
		exit 77
	fi
	[ "$mode" = find ] || echo "GRUB: $grub"
}

pipe() {
	out=$(printf 'echo hi\r\nhalt\r\n' |
		"$xhvm" run --timeout 120 ${backend:+--msr-backend "$backend"} \
			--mem 256M "$grub" 2>&1)
	code=$?
	[ $code -eq 77 ] && { echo "SKIP: $out"; exit 77; }
	failed=0
	[ $code -eq 0 ] && echo "ok: halt exits 0" ||
		{ echo "FAIL: exit $code, expected 0"; failed=1; }
	printf '%s' "$out" | grep -q 'GNU GRUB' && echo "ok: GRUB's banner" ||
		{ echo "FAIL: no GRUB banner"; failed=1; }
	printf '%s\n' "$out" | tr -d '\r' | grep -qx 'hi' &&
		echo "ok: echo hi printed hi" ||
		{ echo "FAIL: no line 'hi'"; failed=1; }
	[ $failed -eq 0 ] || printf '%s\n' "$out" | tail -n 20
	exit $failed
}

terminal() {
	exec python3 - "$xhvm" "$grub" <<'PY'
import os, pty, select, sys, termios, time
xhvm, grub = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(xhvm, [xhvm, "run", "--timeout", "120", "--mem", "256M", grub])
before = termios.tcgetattr(fd)
buf, failed = b"", 0
def read_until(token, seconds):
    global buf
    end = time.time() + seconds
    # GRUB writes "\r\n\r" between lines: tokens match without the \r.
    while time.time() < end and token not in buf.replace(b"\r", b""):
        if select.select([fd], [], [], 0.2)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            buf += data
def check(ok, what):
    global failed
    print(("ok: " if ok else "FAIL: ") + what)
    failed |= not ok
read_until(b"grub>", 90)
check(b"grub>" in buf, "GRUB's prompt on the terminal")
now = termios.tcgetattr(fd)
check(not (now[3] & (termios.ICANON | termios.ECHO)),
      "the terminal is raw while GRUB reads it")
os.write(fd, b"echo typed\r")
read_until(b"\ntyped", 30)
check(b"\ntyped" in buf.replace(b"\r", b""), "what is typed reaches GRUB")
os.write(fd, b"\x1d")
read_until(b"detached", 30)
_, status = os.waitpid(pid, 0)
check(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 10,
      "Ctrl-] detaches: exit %d" % os.WEXITSTATUS(status))
check(termios.tcgetattr(fd)[3] == before[3], "the terminal is restored")
if failed:
    sys.stdout.write(buf[-600:].decode(errors="replace") + "\n")
sys.exit(1 if failed else 0)
PY
}

find_grub
case $mode in
pipe) pipe ;;
terminal) terminal ;;
find) echo "$grub" ;;
*) echo "usage: grub-check.sh XHVM pipe [BACKEND] | XHVM terminal | - find"; exit 2 ;;
esac
