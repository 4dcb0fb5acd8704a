# Part of tools/xtf-run: reads the expectations table (tests/xtf.txt) and
# appends to each run of the run list its expected verdict and the reason.
#
#   awk -v host=NAME -f expect.awk TABLE RUNS
#
# RUNS lines: backend|env|test|...; out: the same line + |verdict|reason.
# A run the table does not cover is expected to succeed, and says so. An
# error in the table is reported with its line number, and exits 2.

function fail(msg) {
	printf "xtf-run: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
	exit 2
}

BEGIN {
	FS = "[ \t]+"
	col["hvm32"] = 3; col["hvm32pse"] = 4; col["hvm32pae"] = 5; col["hvm64"] = 6
	split("SUCCESS SKIP ERROR FAILURE CRASH NOTRUN", v, " ")
	for (i in v) verdicts[v[i]] = 1
}

# The table.
FILENAME == ARGV[1] {
	sub(/^[ \t]+/, "")
	if ($0 == "" || $0 ~ /^#/) next
	if ($1 ~ /^:/) {
		tag = substr($1, 2)
		if (tag in reason) fail("reason '" tag "' defined twice")
		text = $0
		sub(/^:[^ \t]+[ \t]*/, "", text)
		if (text == "") fail("reason '" tag "' has no text")
		if (index(text, "|")) fail("reason '" tag "' has a '|'")
		reason[tag] = text
		next
	}
	if (NF != 6) fail("want 6 fields (test host hvm32 hvm32pse hvm32pae hvm64), got " NF)
	key = $1 "|" $2
	if (key in row) fail("'" $1 "' on '" $2 "' given twice")
	row[key] = FNR
	for (c = 3; c <= 6; c++) {
		cell = $c
		if (cell == "-") continue
		verdict = cell; tag = ""
		if (index(cell, ":")) {
			verdict = substr(cell, 1, index(cell, ":") - 1)
			tag = substr(cell, index(cell, ":") + 1)
		}
		if (!(verdict in verdicts)) fail("'" verdict "' is not a verdict")
		if (verdict != "SUCCESS" && tag == "") fail(verdict " without a reason tag")
		if (tag != "") { used[tag] = FNR; }
		want[key "|" c] = cell
	}
	next
}

# The runs: host/backend first, then host.
{
	if (!checked) {
		for (t in used) if (!(t in reason)) {
			printf "xtf-run: %s:%d: no ':%s' line gives that reason\n",
				ARGV[1], used[t], t > "/dev/stderr"
			bad = 1
			exit 2
		}
		checked = 1
	}
	split($0, f, "|")
	c = col[f[2]]
	cell = ""
	if ((f[3] "|" host "/" f[1] "|" c) in want) cell = want[f[3] "|" host "/" f[1] "|" c]
	else if ((f[3] "|" host "|" c) in want) cell = want[f[3] "|" host "|" c]
	if (cell == "") { print $0 "|SUCCESS|not in the table: expected to succeed"; next }
	verdict = cell; text = ""
	if (index(cell, ":")) {
		verdict = substr(cell, 1, index(cell, ":") - 1)
		text = reason[substr(cell, index(cell, ":") + 1)]
	}
	print $0 "|" verdict "|" text
}

END { if (bad) exit 2 }
