#!/bin/sh
# Throughput and memory benchmark of `tagspec bench` on a synthetic GA4
# BigQuery export: 1,000,000 rows (1x) and 10,000,000 rows (10x), each as
# daily NDJSON files and daily Parquet files. Reports wall time, CPU time,
# rows per second (wall and per CPU-second) and peak resident memory
# (/usr/bin/time -v). Peak memory must stay flat from 1x to 10x: rows
# stream, sessions are closed two days after their last row, and the user
# pool is fixed (more rows mean more days, as with a longer date range).
#
# Usage: perf/benchmark/run.sh [WORKDIR]    (default: a new temporary directory)
# Needs about 9 GB of free disk in WORKDIR for the 10x data.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cd "$root"
go build -o "$work/tagspec" ./cmd/tagspec
go build -o "$work/gendata" ./perf/benchmark/gendata
"$work/tagspec" init -t b2b-saas -o "$work/spec.yaml" --force >/dev/null 2>&1
for scale in 1 10; do
	rows=$((scale * 1000000))
	dir="$work/${scale}x"
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		"$work/gendata" -events "$rows" -out "$dir" -format both
		touch "$dir/.done"
	fi
done
printf '%-6s %-8s %10s %8s %8s %12s %14s %12s\n' scale format rows wall_s cpu_s rows/s rows/cpu_s peak_rss_MB
for scale in 1 10; do
	rows=$((scale * 1000000))
	for format in json parquet; do
		t="$work/time_${scale}x_$format.txt"
		/usr/bin/time -v "$work/tagspec" bench "$work/spec.yaml" --data "$work/${scale}x/*.$format" --format json \
			>"$work/report_${scale}x_$format.json" 2>"$t"
		awk -v scale="${scale}x" -v format="$format" -v rows="$rows" '
			/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
			/User time/ { cpu += $NF }
			/System time/ { cpu += $NF }
			/Maximum resident set size/ { rss = $NF / 1024 }
			END { printf "%-6s %-8s %10d %8.1f %8.1f %12.0f %14.0f %12.1f\n", scale, format, rows, wall, cpu, rows / wall, rows / cpu, rss }
		' "$t"
	done
done
