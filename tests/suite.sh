#!/bin/sh
# Runs xhvm's guest suite (suite.txt) on one or more MSR backends.
# POSIX sh: CTest runs it on the host, the kernel harness under busybox.
#
#   suite.sh [--xhvm PATH] [--guests DIR] [--blobs DIR] [--suite FILE]
#            [--backend all|kernel|intercept|user] [--only NAME] [--ktap]
#            [EXTRA_GUEST.elf ...]
#
# Each EXTRA_GUEST runs on every backend and must power off (exit 0).
# Without --ktap, prints each test's checks; with it, KTAP (one result per
# test per backend, skips with their reason, details as "# " lines).
# Exit: 0 if nothing failed, 1 if anything failed; with --only, that one
# test's status (0 pass, 1 fail, 77 skip).
set -u

here=$(cd "$(dirname "$0")" && pwd)
xhvm=xhvm guests=. blobs=. suite=$here/suite.txt
backends="kernel intercept user" only='' ktap=0
while [ $# -gt 0 ]; do
	case "$1" in
	--xhvm) xhvm=$2; shift 2 ;;
	--guests) guests=$2; shift 2 ;;
	--blobs) blobs=$2; shift 2 ;;
	--suite) suite=$2; shift 2 ;;
	--backend)
		case "$2" in
		all) backends="kernel intercept user" ;;
		kernel | intercept | user) backends=$2 ;;
		*) echo "suite.sh: unknown backend '$2'" >&2; exit 2 ;;
		esac
		shift 2 ;;
	--only) only=$2; shift 2 ;;
	--ktap) ktap=1; shift ;;
	--) shift; break ;;
	-*) echo "suite.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

trim() { echo "$1" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'; }

# Flatten the suite and the extra guests into the list of runs:
#   backend|name|code|args|out|err|skip
for b in $backends; do
	while IFS='|' read -r name which code args out err skip; do
		name=$(trim "$name")
		case "$name" in '' | '#'*) continue ;; esac
		which=$(trim "$which")
		case ",$which," in *",all,"* | *",$b,"*) ;; *) continue ;; esac
		[ -z "$only" ] || [ "$only" = "$name" ] || continue
		skip=$(trim "${skip:-}")
		printf '%s|%s|%s|%s|%s|%s|%s\n' "$b" "$name" "$(trim "$code")" \
			"$(trim "$args")" "$(trim "$out")" "$(trim "$err")" \
			"${skip:--}"
	done <"$suite"
	for g in "$@"; do
		printf '%s|extra.%s|0|%s|-|-|-\n' "$b" "$(basename "$g" .elf)" "$g"
	done
done >"$tmp/runs"

total=$(wc -l <"$tmp/runs" | tr -d ' ')
if [ "$total" -eq 0 ]; then
	echo "suite.sh: no test matches" >&2
	exit 2
fi
[ "$ktap" = 1 ] && { echo "KTAP version 1"; echo "1..$total"; }

n=0 failed=0 last=0
while IFS='|' read -r b name code args out err skip; do
	n=$((n + 1))
	[ "$args" = - ] && args=
	args=$(echo "$args" | sed "s|\\\$G|$guests|g; s|\\\$B|$blobs|g")
	set -- --code "$code" --no-out '^FAIL'
	[ "$out" = - ] || set -- "$@" --out "$out"
	[ "$err" = - ] || set -- "$@" --err "$err"
	[ "$skip" = - ] || set -- "$@" --skip-if "$skip"
	# shellcheck disable=SC2086 # args are split on purpose
	"$here/run-check.sh" "$@" -- "$xhvm" run --msr-backend "$b" $args \
		</dev/null >"$tmp/log" 2>&1
	last=$?
	if [ "$ktap" = 1 ]; then
		sed 's/^/# /' "$tmp/log"
		case $last in
		0) echo "ok $n $b.$name" ;;
		77) echo "ok $n $b.$name # SKIP $(sed -n 's/^SKIP: //p' "$tmp/log" | head -n1)" ;;
		*) echo "not ok $n $b.$name"; failed=1 ;;
		esac
	else
		echo "=== $b.$name"
		cat "$tmp/log"
		[ $last -eq 0 ] || [ $last -eq 77 ] || failed=1
	fi
done <"$tmp/runs"

[ -n "$only" ] && [ "$total" -eq 1 ] && exit $last
exit $failed
