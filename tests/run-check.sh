#!/bin/bash
# Runs one command and checks what it did: its exit status, and patterns
# that must (or must not) appear in its stdout and stderr. Prints each check.
#
#   run-check.sh [--code N] [--out ERE]... [--err ERE]... [--no-out ERE]...
#                [--timeout SECONDS] -- COMMAND [ARGS...]
#
# Exit 0 when every check passes, 1 when one fails, and 77 (CTest's SKIP)
# when the command itself exits 77, the monitor's "a needed capability is
# missing", unless 77 was the status expected.
set -u

code=0 timeout=60
outs=() errs=() no_outs=()
while [ $# -gt 0 ]; do
	case "$1" in
	--code) code=$2; shift 2 ;;
	--out) outs+=("$2"); shift 2 ;;
	--err) errs+=("$2"); shift 2 ;;
	--no-out) no_outs+=("$2"); shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "run-check.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "run-check.sh: no command" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "command: $*"
timeout --kill-after=5 "$timeout" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
status=$?
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
echo "---"

if [ "$status" -eq 77 ] && [ "$code" -ne 77 ]; then
	echo "SKIP: the command exited 77: this host lacks what it needs"
	exit 77
fi

failed=0
check() { # check PASSED DESCRIPTION
	if [ "$1" = 1 ]; then echo "ok: $2"; else echo "FAIL: $2"; failed=1; fi
}

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
	check 0 "finished within ${timeout}s (timed out)"
fi
check "$([ "$status" -eq "$code" ] && echo 1)" "exit status $status, expected $code"
for re in "${outs[@]+"${outs[@]}"}"; do
	check "$(grep -Eq -- "$re" "$tmp/out" && echo 1)" "stdout matches /$re/"
done
for re in "${errs[@]+"${errs[@]}"}"; do
	check "$(grep -Eq -- "$re" "$tmp/err" && echo 1)" "stderr matches /$re/"
done
for re in "${no_outs[@]+"${no_outs[@]}"}"; do
	check "$(grep -Eq -- "$re" "$tmp/out" || echo 1)" "stdout lacks /$re/"
done
exit $failed
