#!/bin/sh
# The three places a user reads about xhvm's command line must agree with
# the binary: every exit code in README.md's table is in `xhvm run --help`
# and in the man page, and every option `xhvm run --help` lists is in the
# README's option table and in the man page (and the other way round).
#
#   docs-check.sh XHVM README.md xhvm.1
set -u
xhvm=$1 readme=$2 man=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

"$xhvm" run --help >"$tmp/help" || { echo "FAIL: xhvm run --help"; exit 1; }

# Exit codes: README's table rows "| N | ...", --help's "Exit status:"
# block (two columns), the man page's EXIT STATUS section (.B N, .BR N ", " M).
sed -n '/^### Exit codes/,/^#/p' "$readme" |
	sed -n 's/^| \([0-9][0-9]*\) |.*/\1/p' | sort -un >"$tmp/codes.readme"
sed -n '/^Exit status:/,$p' "$tmp/help" |
	grep -oE '(^|  )[0-9]+  ' | tr -d ' ' | sort -un >"$tmp/codes.help"
sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$man" | grep -E '^\.BR? ' |
	grep -oE '[0-9]+' | sort -un >"$tmp/codes.man"

# Long options: --help's, README's option table's, the man page's.
sed -n '/^Options:/,/^Exit status:/p' "$tmp/help" |
	grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >"$tmp/opts.help"
sed -n '/^| option | meaning |/,/^$/p' "$readme" |
	grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >"$tmp/opts.readme"
sed -n '/^\.SH OPTIONS/,/^\.SH EXIT/p' "$man" | sed 's/\\-/-/g' |
	grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >"$tmp/opts.man"

failed=0
same() { # same WHAT A B
	if [ ! -s "$2" ]; then
		echo "FAIL: found no $1 in $2"; failed=1
	elif cmp -s "$2" "$3"; then
		echo "ok: $1 agree: $(tr '\n' ' ' <"$2")"
	else
		echo "FAIL: $1 differ (< ${2##*/}, > ${3##*/}):"
		diff "$2" "$3" | grep '^[<>]'; failed=1
	fi
}
same "exit codes (README, --help)" "$tmp/codes.readme" "$tmp/codes.help"
same "exit codes (README, man page)" "$tmp/codes.readme" "$tmp/codes.man"
same "options (--help, README)" "$tmp/opts.help" "$tmp/opts.readme"
same "options (--help, man page)" "$tmp/opts.help" "$tmp/opts.man"
exit $failed
