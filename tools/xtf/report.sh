# Part of tools/xtf-run (sourced): runs each planned run, reads its
# verdict, prints KTAP, XTF's "Combined test results" and the counts, and
# exits with the status. POSIX sh (busybox too).
# shellcheck shell=sh disable=SC2154 # the main script's variables

# rank VERDICT: XTF's order, worst last.
rank() {
	case $1 in
	SUCCESS) echo 0 ;; SKIP) echo 1 ;; ERROR) echo 2 ;; FAILURE) echo 3 ;; *) echo 4 ;;
	esac
}

# console_reason: what the guest said before its result (two lines when
# the first opened a parenthesis the second closes).
console_reason() {
	sed -n '/Test result:/q; p' "$tmp/out" | tail -n 2 | awk '
		NR == 1 { prev = $0; next }
		{ open = gsub(/\(/, "(", prev) - gsub(/\)/, ")", prev) }
		open > 0 { print prev " " $0; done = 1 }
		END { if (!done) print (NR == 1 ? prev : $0) }'
}

# crash_reason: xhvm's exit code and first "xhvm:" line, the guest's
# PANIC line, and the code bytes where a faulting vCPU stood.
crash_reason() {
	cr=$(sed -n 's/^xhvm: //p' "$tmp/err" | sed -n 1p)
	cr=${cr%:}
	cr_panic=$(sed -n 's/^PANIC: //p' "$tmp/out" | sed -n 1p)
	[ -z "$cr_panic" ] || cr="$cr; PANIC: $cr_panic $(sed -n '/^PANIC: /{n;p;q;}' "$tmp/out")"
	# (Unless xhvm named the instruction already: "... (0f 22 c0 ...) ...")
	case $cr in *" ...)"*) cr_code='' ;; *)
		cr_code=$(sed -n 's/^ *code at linear \(0x[0-9a-f]*\): \(.. .. .. ..\).*/\1: \2/p' "$tmp/err" | sed -n 1p) ;;
	esac
	[ -z "$cr_code" ] || cr="$cr; code at $cr_code"
	echo "exit $rc${cr:+: $cr}"
}

# run_one BACKEND IMAGE MEM VCPUS: runs it; sets rc, verdict and why.
run_one() {
	"$xhvm" run --timeout "$timeout" --msr-backend "$1" --mem "${3}M" \
		--vcpus "$4" "$2" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ro_line=$(grep 'Test result:' "$tmp/out" | tail -n 1)
	verdict=''
	for ro_v in SUCCESS SKIP ERROR FAILURE CRASH; do
		case $ro_line in *"$ro_v"*) verdict=$ro_v; break ;; esac
	done
	if [ "$rc" = 77 ]; then
		verdict=n/a
		why=$(sed -n 's/^xhvm: //p' "$tmp/err" | sed -n 1p)
	elif [ -z "$verdict" ]; then
		verdict=CRASH why=$(crash_reason)
	elif [ "$rc" != 0 ]; then
		why="$(crash_reason) after 'Test result: $verdict'"
		verdict=CRASH
	else
		why=$(console_reason)
	fi
}

# details: the run's console, and what xhvm said besides, as KTAP
# diagnostics.
details() {
	sed 's/^/# /' "$tmp/out"
	grep -vxF -f "$tmp/out" "$tmp/err" | head -n 40 | sed "s/^/# stderr: /"
}

# judge NAME EXPECTED REASON: prints the KTAP line for $verdict; sets mark
# (! when the run is not as expected, counted) and bad (a "not ok" line).
judge() {
	mark='' bad=0
	if [ "$verdict" = n/a ]; then
		echo "ok $n $1 # SKIP $why"
	elif [ -z "$2" ]; then
		case $verdict in
		SUCCESS) echo "ok $n $1" ;;
		SKIP) echo "ok $n $1 # SKIP $why" ;;
		*) echo "not ok $n $1 # $verdict: $why"; bad=1 ;;
		esac
	elif [ "$verdict" = "$2" ]; then
		case $verdict in
		SUCCESS) echo "ok $n $1" ;;
		SKIP) echo "ok $n $1 # SKIP $3" ;;
		*) echo "ok $n $1 # XFAIL $verdict, as expected: $3" ;;
		esac
	elif [ "$(rank "$verdict")" -gt "$(rank "$2")" ]; then
		echo "not ok $n $1 # got $verdict, expected $2: $why"
		mark='!'
	else
		echo "not ok $n $1 # got $verdict, better than expected ($2): update $table_name"
		mark='!'
	fi
	[ -z "$mark" ] || { unexpected=$((unexpected + 1)); bad=1; }
}

run_all() {
	n=0 unexpected=0 worst=0 start=$(date +%s)
	table_name=$expect
	case $expect in */tests/xtf.txt | tests/xtf.txt | */xtf.txt) table_name=tests/xtf.txt ;; esac
	echo "KTAP version 1"
	echo "1..$(wc -l <"$tmp/runs" | tr -d ' ')"
	: >"$tmp/results"
	while IFS='|' read -r b env name _cat img mem vcpus want reason; do
		n=$((n + 1))
		if [ -f "$tmp/na.$b" ]; then
			# xhvm said the backend is missing: no use asking again.
			echo "ok $n $b.$env.$name # SKIP $(cat "$tmp/na.$b")"
			echo "$b|$env|$name|n/a|" >>"$tmp/results"
			continue
		elif [ "$want" = NOTRUN ]; then
			echo "ok $n $b.$env.$name # SKIP not run on $host: $reason"
			echo "$b|$env|$name|not run|" >>"$tmp/results"
			continue
		fi
		run_one "$b" "$img" "$mem" "$vcpus" </dev/null
		[ "$verdict" != n/a ] || echo "$why" >"$tmp/na.$b"
		judge "$b.$env.$name" "$want" "$reason"
		if [ "$bad" = 1 ] || [ "$verbose" = 1 ]; then details; fi
		echo "$b|$env|$name|$verdict|$mark" >>"$tmp/results"
		rv=1
		[ "$verdict" = n/a ] || rv=$(rank "$verdict")
		[ "$rv" -le "$worst" ] || worst=$rv
	done <"$tmp/runs"
	summary
	[ "$unexpected" -eq 0 ] || echo "($unexpected marked !: not what $table_name expects)"
	echo "$me: $n runs in $(($(date +%s) - start)) s"
	if [ -n "$expect" ]; then
		echo "$me: $((n - unexpected)) as $table_name expects on '$host', $unexpected not"
		if ! grep -qvE '\|(n/a|not run)\|[^|]*$' "$tmp/results"; then
			echo "SKIP: nothing ran: $(cat "$tmp"/na.* 2>/dev/null | sed -n 1p)"
			exit 77
		fi
		[ "$unexpected" -eq 0 ] || exit 1
		exit 0
	fi
	set -- 0 3 4 5 6
	shift "$worst"
	exit "$1"
}

# summary: XTF's "Combined test results" (one line per image, a column per
# backend; ! marks a verdict the table did not expect), then the counts.
summary() {
	echo
	awk -F'|' -v backends="$backends" '
		BEGIN { nb = split(backends, bs, " ") }
		{ key = "test-" $2 "-" $3; if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
		  cell[key "|" $1] = $4 $5
		  if ($4 != "n/a") count[$1 "|" $2 "|" $4]++
		  if ($4 != "n/a" && $4 != "not run") ran[$1] = 1 }
		END {
			printf "%-40s", "Combined test results:"
			for (i = 1; i <= nb; i++) printf " %-9s", bs[i]
			print ""
			# xtf-runner sorts by name, then environment.
			for (i = 1; i <= nk; i++) sorted[i] = keys[i]
			for (i = 2; i <= nk; i++) for (j = i; j > 1 && sorted[j-1] > sorted[j]; j--) {
				t = sorted[j]; sorted[j] = sorted[j-1]; sorted[j-1] = t }
			for (i = 1; i <= nk; i++) {
				printf "%-40s", sorted[i]
				for (j = 1; j <= nb; j++) printf " %-9s", cell[sorted[i] "|" bs[j]]
				print ""
			}
			print ""
			split("hvm32 hvm32pse hvm32pae hvm64", envs, " ")
			nv = split("SUCCESS SKIP ERROR FAILURE CRASH not_run", vs, " ")
			vs[nv] = "not run"
			for (i = 1; i <= nb; i++) {
				if (!(bs[i] in ran)) { printf "%-10s n/a: xhvm has no such backend here\n", bs[i]; continue }
				for (e = 1; e <= 4; e++) {
					line = ""
					for (v = 1; v <= nv; v++) if ((bs[i] "|" envs[e] "|" vs[v]) in count)
						line = line sprintf("%s%d %s", line == "" ? "" : ", ", count[bs[i] "|" envs[e] "|" vs[v]], vs[v])
					if (line != "") printf "%-10s %-9s %s\n", bs[i], envs[e], line
				}
			}
		}' "$tmp/results"
}
