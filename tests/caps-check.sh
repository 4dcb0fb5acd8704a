#!/bin/sh
# Checks `xhvm caps`: the text form names every backend and what auto picks;
# the JSON form parses and agrees with the text; and a real run with the
# default backend tells its guest the backend caps said auto would pick.
#
#   caps-check.sh XHVM MSR_RULES_GUEST
set -u
xhvm=$1 guest=$2
failed=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; failed=1; }

text=$("$xhvm" caps) || { s=$?; [ $s -eq 77 ] && { echo "SKIP: no KVM"; exit 77; }; bad "caps exited $s"; exit 1; }
echo "$text"
for b in kernel intercept user; do
	echo "$text" | grep -Eq "^  $b +(yes|no: needs .+)$" && ok "caps lists backend $b" || bad "caps lists backend $b"
done
auto=$(echo "$text" | sed -n 's/^auto picks *//p')
[ -n "$auto" ] && ok "caps says auto picks '$auto'" || bad "caps names auto's pick"

json=$("$xhvm" caps --json) || bad "caps --json exits 0"
echo "$json"
if command -v python3 >/dev/null; then
	jauto=$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["auto"])') \
		&& ok "caps --json is valid JSON" || bad "caps --json is valid JSON"
	[ "$jauto" = "$auto" ] && ok "JSON auto '$jauto' matches the text" || bad "JSON auto '$jauto' matches the text '$auto'"
else
	echo "SKIP: no python3 to parse the JSON"
fi

out=$("$xhvm" run "$guest") && ok "a default run exits 0" || bad "a default run exits 0 (got $?)"
ran=$(printf '%s\n' "$out" | sed -n 's/^backend \([a-z]*\),.*/\1/p')
[ "$ran" = "$auto" ] && ok "a default run uses backend '$ran', as caps said" \
	|| bad "a default run uses backend '$ran', caps said '$auto'"
exit $failed
