#!/bin/sh
# Runs BenchmarkScan and prints, per dialect, the time to read the same
# 100,000-row result through a plain database/sql loop and through Gobi's
# execution path (readonly.Run), and their ratio. Target: gobi ≤ 1.2× plain.
#
# PostgreSQL and MySQL run when GOBI_TEST_POSTGRES_DSN and
# GOBI_TEST_MYSQL_DSN are set. The benchmark runs ROUNDS times (default 5)
# with BENCHTIME iterations each (default 5x); plain and gobi alternate
# within a round, and the table keeps each side's fastest round, the one
# least disturbed by other load on the machine. The cpu columns are this
# process's CPU time per scan (the client side, GC included), which other
# load disturbs far less than wall time.
set -eu
cd "$(dirname "$0")/.."
go test -c -o /tmp/gobi-bench.test ./bench/
trap 'rm -f /tmp/gobi-bench.test' EXIT
out=""
i=0
while [ "$i" -lt "${ROUNDS:-5}" ]; do
	out="$out
$(cd bench && /tmp/gobi-bench.test -test.run '^$' -test.bench '^BenchmarkScan$' -test.benchtime "${BENCHTIME:-5x}" -test.benchmem)"
	i=$((i + 1))
done
printf '%s\n' "$out" | awk '
/^BenchmarkScan\// {
	split($1, p, "/"); d = p[2]; side = p[3]; sub(/-[0-9]+$/, "", side)
	cpu = ""
	for (i = 2; i < NF; i++) { if ($(i+1) == "ns/op") ns = $i; if ($(i+1) == "cpu-ms/op") cpu = $i }
	key = d SUBSEP side
	if (!(key in best) || ns + 0 < best[key] + 0) best[key] = ns
	if (cpu != "" && (!(key in bcpu) || cpu + 0 < bcpu[key] + 0)) bcpu[key] = cpu
	if (!(d in seen)) { seen[d] = 1; order[++n] = d }
}
END {
	printf "%-9s %10s %10s %7s   %13s %12s %9s\n", "dialect", "plain_ms", "gobi_ms", "ratio", "plain_cpu_ms", "gobi_cpu_ms", "cpu_ratio"
	for (i = 1; i <= n; i++) {
		d = order[i]; pl = best[d, "plain"]; gb = best[d, "gobi"]
		if (pl == "" || gb == "") continue
		pc = bcpu[d, "plain"]; gc = bcpu[d, "gobi"]
		printf "%-9s %10.1f %10.1f %6.2fx   %13.1f %12.1f %8.2fx\n", d, pl / 1e6, gb / 1e6, gb / pl, pc, gc, (pc > 0 ? gc / pc : 0)
	}
}'
