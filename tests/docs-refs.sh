#!/bin/sh
# The prose must name real things: every repository path written in
# backticks in README.md and docs/*.md (vmm/..., guest/..., tests/...,
# tools/..., include/..., cmake/..., blobs/..., docs/...) exists, and every
# C identifier a document calls a function (`name`, with an underscore,
# in docs/walkthrough.md and docs/architecture.md) is defined or used in
# the sources. Catches documents left behind when code moves.
#
#   docs-refs.sh REPO
set -u
repo=$1
cd "$repo" || exit 2
failed=0 paths=0 names=0

docs="README.md docs/walkthrough.md docs/architecture.md docs/guests.md"
for doc in $docs; do
	[ -f "$doc" ] || { echo "FAIL: $doc is missing"; failed=1; continue; }
	# Paths: backticked words starting with a top-level folder.
	for p in $(grep -oE '`(vmm|guest|tests|tools|include|cmake|blobs|docs)/[A-Za-z0-9_./*-]*`' "$doc" |
		tr -d '`' | sort -u); do
		paths=$((paths + 1))
		# A glob (tests/unit/xen_abi/*.c) must match something.
		# shellcheck disable=SC2086
		set -- $p
		if [ ! -e "$1" ]; then
			echo "FAIL: $doc names $p, which does not exist"
			failed=1
		fi
	done
done

# Functions and other identifiers: `snake_case` words with an
# underscore, not paths, not constants (upper case).
for doc in docs/walkthrough.md docs/architecture.md; do
	[ -f "$doc" ] || continue
	for n in $(grep -oE '`[a-z][a-z0-9]*_[a-z0-9_]*`' "$doc" | tr -d '`' | sort -u); do
		names=$((names + 1))
		if ! grep -rqw -- "$n" vmm guest include blobs cmake tests/unit; then
			echo "FAIL: $doc names $n, which no source defines or uses"
			failed=1
		fi
	done
done
[ $failed -eq 0 ] && echo "ok: $paths paths and $names identifiers in the docs exist"
exit $failed
