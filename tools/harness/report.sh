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

# section NAME LABEL: prints the KTAP between "begin NAME" and "NAME exit"
# and a line of counts; adds to why[] what went wrong.
section() {
	local name=$1 label=$2 ktap status plan passed failed skipped xfail results
	status=$(marker "$name exit ")
	# Everything between the markers: KTAP, and any error the shell printed.
	ktap=$(clean_console | sed -n "/^xhvm-harness: begin $name\$/,/^xhvm-harness: $name exit /p" |
		sed "1d;/^xhvm-harness: $name exit /d")
	[[ -z $ktap ]] || printf '%s\n' "$ktap"

	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$ktap" | sed -n 1p)
	skipped=$(grep -cE '^ok [0-9]+ .*# SKIP' <<<"$ktap" || true)
	xfail=$(grep -cE '^ok [0-9]+ .*# XFAIL' <<<"$ktap" || true)
	passed=$(($(grep -cE '^ok [0-9]+' <<<"$ktap" || true) - skipped - xfail))
	failed=$(grep -cE '^not ok [0-9]+' <<<"$ktap" || true)
	results=$((passed + xfail + failed + skipped))
	echo "kernel ${uname:-$kver}: $label: $passed passed,$([[ $xfail -eq 0 ]] || echo " $xfail failed as expected,") $failed failed, $skipped skipped$(
		[[ -n $status && -n $plan && $results -eq $plan ]] || echo ", incomplete")"

	if [[ -z $status ]]; then
		why+=("the kernel never reached the $label's end (QEMU exit $qemu_status)")
	elif [[ $status -eq 77 ]]; then
		skipped_sections+=("$label")
	elif [[ $status -ne 0 ]]; then
		why+=("the $label exited $status")
	fi
	[[ -z $plan || $results -eq $plan ]] || why+=("$label: $results results for a plan of $plan tests")
	[[ -n $status && -z $plan ]] && why+=("$label: no KTAP plan on the console")
	[[ $failed -eq 0 ]] || why+=("$label: $failed failed: $(awk '/^not ok / && ++n <= 12 { printf "%s%s", sep, $4; sep = " " }
		END { if (n > 12) printf " ..." }' <<<"$ktap")")
}

# report: 0 when everything passed, 77 when the only section run was
# skipped whole (--linux-only on a kernel without the intercept), else 1.
report() {
	local uname why=() skipped_sections=() finished
	uname=$(marker 'kernel ')
	finished=$(clean_console | grep -c '^xhvm-harness: done$' || true)
	[[ $suite -eq 0 ]] || section suite suite
	[[ -z $xtf ]] || section xtf XTF
	[[ -z $linux ]] || section linux "Linux guest"
	[[ -z $grub ]] || section grub "GRUB guest"

	# What the kernel says about KVM's Xen support (xhvm caps), and timing.
	clean_console | sed -n -e 's/^xhvm-harness: caps: \(KVM_CAP_XEN_HVM .*\)/\1/p' \
		-e 's/^xhvm-harness: timing: //p' | sed "s/^/$me: /" >&2

	grep -q '^xhvm-harness: no /dev/kvm' <(clean_console) &&
		why+=("no /dev/kvm in the booted kernel")
	[[ $qemu_status -ne 124 && $qemu_status -ne 137 ]] ||
		why+=("QEMU was killed after ${timeout}s (--timeout)")

	if [[ ${#why[@]} -eq 0 && $linux_only -eq 1 && ${#skipped_sections[@]} -gt 0 ]]; then
		say "SKIP: the ${skipped_sections[*]} did not run: the booted kernel has no intercept backend (CONFIG_KVM_XEN)"
		return 77
	fi
	if [[ ${#why[@]} -eq 0 ]]; then
		say "passed in ${boot_seconds}s of QEMU"
		return 0
	fi
	keep=1
	local w
	for w in "${why[@]}"; do say "FAILED: $w"; done
	# What /init said before the suite (modules, /dev/kvm, dmesg), but caps.
	clean_console | sed -n '/^xhvm-harness: begin /q; /^xhvm-harness: caps: /d; s/^xhvm-harness: /    /p' >&2
	if [[ $finished -eq 0 ]]; then
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
