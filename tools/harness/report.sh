# Part of tools/kernel-harness (sourced): reading the console QEMU
# recorded, and saying what passed, what failed and why.
# shellcheck shell=bash disable=SC2154,SC2034 # the variables are the main script's

# --- Results ------------------------------------------------------------------

# The console with carriage returns and kernel messages ("[   1.23] ...")
# taken out.
clean_console() {
	tr -d '\r' <"$log" | grep -Ev '^\[ *[0-9]+\.[0-9]+\]' || true
}

# marker PREFIX: the rest of the first "xhvm-harness: PREFIX..." line. (sed
# reads to the end: head would risk a SIGPIPE that pipefail reports.)
marker() { clean_console | sed -n "s/^xhvm-harness: $1//p" | sed -n 1p; }

report() {
	local uname ktap status plan passed failed skipped results why=()
	uname=$(marker 'kernel ')
	status=$(marker 'suite exit ')
	# Everything between the markers: KTAP, and any error the shell printed.
	ktap=$(clean_console | sed -n '/^xhvm-harness: begin suite$/,/^xhvm-harness: suite exit /p' |
		sed '1d;/^xhvm-harness: suite exit /d')
	[[ -z $ktap ]] || printf '%s\n' "$ktap"

	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$ktap" | sed -n 1p)
	skipped=$(grep -cE '^ok [0-9]+ .*# SKIP' <<<"$ktap" || true)
	passed=$(($(grep -cE '^ok [0-9]+' <<<"$ktap" || true) - skipped))
	failed=$(grep -cE '^not ok [0-9]+' <<<"$ktap" || true)
	results=$((passed + failed + skipped))
	echo "kernel ${uname:-$kver}: $passed passed, $failed failed, $skipped skipped$(
		[[ -n $status && -n $plan && $results -eq $plan ]] || echo ", suite incomplete")"

	# What the kernel says about KVM's Xen support (xhvm caps), and timing.
	clean_console | sed -n -e 's/^xhvm-harness: caps: \(KVM_CAP_XEN_HVM .*\)/\1/p' \
		-e 's/^xhvm-harness: timing: //p' | sed "s/^/$me: /" >&2

	grep -q '^xhvm-harness: no /dev/kvm' <(clean_console) &&
		why+=("no /dev/kvm in the booted kernel")
	[[ $qemu_status -ne 124 && $qemu_status -ne 137 ]] ||
		why+=("QEMU was killed after ${timeout}s (--timeout)")
	if [[ -z $status ]]; then
		why+=("the kernel never reached the suite's end (QEMU exit $qemu_status)")
	elif [[ $status -ne 0 ]]; then
		why+=("the suite exited $status")
	fi
	[[ -z $plan || $results -eq $plan ]] || why+=("$results results for a plan of $plan tests")
	[[ -n $status && -z $plan ]] && why+=("no KTAP plan on the console")
	[[ $failed -eq 0 ]] || why+=("$failed failed: $(awk '/^not ok / && ++n <= 12 { printf "%s%s", sep, $4; sep = " " }
		END { if (n > 12) printf " ..." }' <<<"$ktap")")

	if [[ ${#why[@]} -eq 0 ]]; then
		say "passed in ${boot_seconds}s of QEMU"
		return 0
	fi
	keep=1
	local w
	for w in "${why[@]}"; do say "FAILED: $w"; done
	# What /init said before the suite (modules, /dev/kvm, dmesg), but caps.
	clean_console | sed -n '/^xhvm-harness: begin suite$/q; /^xhvm-harness: caps: /d; s/^xhvm-harness: /    /p' >&2
	if [[ -z $status ]]; then
		say "console tail:"
		tr -d '\r' <"$log" | tail -n 30 | sed 's/^/    /' >&2
	fi
	if [[ -s $qemu_err ]]; then
		say "QEMU said:"
		sed 's/^/    /' "$qemu_err" >&2
	fi
	say "console log: $log"
	say "boot again: sh $work/boot.sh"
	return 1
}
