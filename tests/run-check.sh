#!/bin/sh
# Runs one command and checks what it did: its exit status, and patterns
# that must (or must not) appear in its stdout and stderr. Prints each check.
# POSIX sh, so it also runs under busybox in the kernel harness.
#
#   run-check.sh [--code N] [--out ERE]... [--err ERE]... [--no-out ERE]...
#                [--skip-if ERE] [--max-seconds N] [--timeout SECONDS]
#                [--stdin FILE]
#                -- COMMAND [ARGS...]
#
# Exit 0 when every check passes, 1 when one fails, and 77 (CTest's SKIP)
# when the command itself exits 77, the monitor's "a needed capability is
# missing", unless 77 was the status expected, or when its stdout matches
# --skip-if (a guest saying this host cannot do what it tests) and has no
# FAIL line. The SKIP line gives the reason. --max-seconds bounds the command's wall time.
# --timeout (default 90 s) outlasts xhvm's own 60 s watchdog, so a stuck
# guest ends with xhvm's dump of each vCPU rather than a bare kill.
set -u

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/checks"

code=0 timeout=90 skip_if='' max_seconds='' stdin=/dev/null
while [ $# -gt 0 ]; do
	case "$1" in
	--code) code=$2; shift 2 ;;
	--skip-if) skip_if=$2; shift 2 ;;
	--max-seconds) max_seconds=$2; shift 2 ;;
	--stdin) stdin=$2; shift 2 ;;
	--out | --err | --no-out)
		printf '%s %s\n' "${1#--}" "$2" >>"$tmp/checks"
		shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "run-check.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "run-check.sh: no command" >&2; exit 2; }

# Centiseconds since boot: busybox's date has no %N.
now_cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}"; }

echo "command: $*"
start=$(now_cs)
timeout "$timeout" "$@" <"$stdin" >"$tmp/out" 2>"$tmp/err"
status=$?
elapsed_ms=$((($(now_cs) - start) * 10))
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
echo "---"

if [ "$status" -eq 77 ] && [ "$code" -ne 77 ]; then
	reason=$(grep -m1 'xhvm: ' "$tmp/err" | sed 's/^xhvm: //')
	echo "SKIP: ${reason:-the command exited 77: a capability is missing}"
	exit 77
fi

# A guest that cannot test one thing here may still fail another: a FAIL
# line outranks the skip.
if [ -n "$skip_if" ] && grep -Eq -- "$skip_if" "$tmp/out" &&
	! grep -q '^FAIL' "$tmp/out"; then
	echo "SKIP: $(grep -Em1 -- "$skip_if" "$tmp/out")"
	exit 77
fi

failed=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failed=1; }

if [ "$status" -eq 124 ] || [ "$status" -eq 143 ]; then
	fail "finished within ${timeout}s (it was killed)"
fi
if [ "$status" -eq "$code" ]; then
	pass "exit status $status"
else
	fail "exit status $status, expected $code"
fi
if [ -n "$max_seconds" ]; then
	if [ "$elapsed_ms" -le $((max_seconds * 1000)) ]; then
		pass "finished in ${elapsed_ms} ms, within ${max_seconds} s"
	else
		fail "finished in ${elapsed_ms} ms, within ${max_seconds} s"
	fi
fi
# Each line is "KIND PATTERN"; the pattern keeps its spaces.
while IFS= read -r line; do
	kind=${line%% *} re=${line#* }
	case "$kind" in
	out) if grep -Eq -- "$re" "$tmp/out"; then pass "stdout matches /$re/"
	     else fail "stdout matches /$re/"; fi ;;
	err) if grep -Eq -- "$re" "$tmp/err"; then pass "stderr matches /$re/"
	     else fail "stderr matches /$re/"; fi ;;
	no-out) if grep -Eq -- "$re" "$tmp/out"; then fail "stdout lacks /$re/"
		else pass "stdout lacks /$re/"; fi ;;
	esac
done <"$tmp/checks"
exit $failed
