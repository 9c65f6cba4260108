#!/bin/sh
# tagspec bench against DuckDB on a synthetic GA4 BigQuery export with the
# full export schema (about 2.6 KB per NDJSON row): 1,000,000 rows in one
# daily file (1x) and 10,000,000 rows in ten daily files (10x), each as
# NDJSON and as Parquet. For each of the four cases it runs, alternately,
# `tagspec bench SPEC --data FILES --format json` and the same question in
# DuckDB (2 threads, from Node): rows, sessions (distinct user_pseudo_id and
# ga_session_id) and, for each session rate of the spec, the sessions that
# have the event (and its base event). It fails when the answers differ.
# Each run is timed with /usr/bin/time -v (wall, user+sys CPU, peak RSS; for
# DuckDB that is the node process DuckDB runs in). The table gives the
# fastest run of each tool (lowest wall time) with its CPU and RSS.
#
# Usage: perf/benchmark/run.sh [--install-duckdb] [--runs N] [--days N] [--per-day N] [--large-only] WORKDIR
#   WORKDIR           data, binaries and results; reused on the next run.
#                     Needs about 30 GB of free disk for --days 10.
#   --install-duckdb  when DuckDB is not found, install @duckdb/node-api
#                     with npm into WORKDIR/duckdb (nothing else is fetched)
#   --runs N          runs of each tool per case (default 2)
#   --days N          days of the large case (default 10)
#   --per-day N       rows per day (default 1000000; smaller for a quick check)
#   --large-only      measure the large case only (when time is short)
# DuckDB is looked for in $DUCKDB_NODE_DIR, then WORKDIR/duckdb (a folder
# where `npm install @duckdb/node-api` was run). Without it the script runs
# tagspec alone and says so.
set -eu
install=0
runs=2
days=10
perday=1000000
large_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--install-duckdb) install=1 ;;
	--runs) runs=$2; shift ;;
	--days) days=$2; shift ;;
	--per-day) perday=$2; shift ;;
	--large-only) large_only=1 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
if [ $# -ne 1 ]; then
	echo "usage: perf/benchmark/run.sh [--install-duckdb] [--runs N] [--days N] [--per-day N] [--large-only] WORKDIR" >&2
	exit 2
fi
case $runs$days$perday in *[!0-9]*) echo "run.sh: --runs, --days and --per-day take whole numbers" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] && [ "$days" -ge 1 ] && [ "$perday" -ge 1 ] || { echo "run.sh: --runs, --days and --per-day must be at least 1" >&2; exit 2; }
command -v jq >/dev/null || { echo "run.sh: jq is needed (apt-get install jq)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1"
work=$(cd "$1" && pwd)
case $work/ in "$root"/*) echo "run.sh: WORKDIR must be outside the repository ($root)" >&2; exit 2 ;; esac
cd "$root"
go build -o "$work/tagspec" ./cmd/tagspec
go build -o "$work/gendata" ./perf/benchmark/gendata
"$work/tagspec" init -t ecommerce -o "$work/spec.yaml" --force >/dev/null 2>&1

# DuckDB from Node: found, installed on request, or absent.
duck=${DUCKDB_NODE_DIR:-$work/duckdb}
if [ ! -d "$duck/node_modules/@duckdb/node-api" ] && [ "$install" = 1 ]; then
	command -v npm >/dev/null || { echo "run.sh: --install-duckdb needs npm (apt-get install npm)" >&2; exit 2; }
	mkdir -p "$duck"
	npm install --prefix "$duck" --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 >&2
fi
if [ -d "$duck/node_modules/@duckdb/node-api" ]; then
	have_duck=1
else
	have_duck=0
	echo "run.sh: DuckDB not found in $duck: measuring tagspec alone (--install-duckdb installs it with npm)" >&2
fi

# Data: the large case is generated; the 1x case is its first day (hard
# links: gendata is deterministic, so -events PERDAY with the same flags
# writes exactly these files). Directories are named after the days.
big="$work/${days}x"
want="-spec spec.yaml -events $((days * perday)) -per-day $perday -format both"
if [ ! -f "$big/.done" ] || [ "$(cat "$big/.done")" != "$want" ]; then
	rm -rf "$big"
	(cd "$work" && ./gendata $want -out "$big")
	echo "$want" >"$big/.done"
fi
if [ "$days" -gt 1 ]; then
	first=$(ls "$big"/events_*.json | head -n 1)
	rm -rf "$work/1x"
	mkdir -p "$work/1x"
	ln "$first" "${first%.json}.parquet" "$work/1x/"
fi

# seconds wall, seconds CPU (user+sys), MB peak RSS from a /usr/bin/time -v log.
measure() {
	awk '
		/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
		/User time/ { cpu += $NF }
		/System time/ { cpu += $NF }
		/Maximum resident set size/ { rss = $NF / 1024 }
		END { printf "%.2f %.2f %.1f\n", wall, cpu, rss }
	' "$1"
}

# best FILE "wall cpu rss": keep the run with the lowest wall time.
best() {
	if [ ! -f "$1" ] || [ "$(awk -v w="${2%% *}" '{ print (w < $1) }' "$1")" = 1 ]; then
		echo "$2" >"$1"
	fi
}

results="$work/results.txt"
{
	echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) cores; Go $(go env GOVERSION); runs per tool: $runs (table: fastest run)"
	echo "# load at start: $(uptime | sed "s/.*load average: //")"
} >"$results"
rm -f "$work"/best_*
scales=1
[ "$days" -gt 1 ] && scales="1 $days"
[ "$large_only" = 1 ] && scales=$days
for scale in $scales; do
	rows=$((scale * perday))
	for format in json parquet; do
		case=${scale}x_$format
		files=$(ls "$work/${scale}x"/events_*.$format)
		run=1
		while [ "$run" -le "$runs" ]; do
			/usr/bin/time -v "$work/tagspec" bench "$work/spec.yaml" --data "$work/${scale}x/*.$format" --format json \
				>"$work/report_$case.json" 2>"$work/time_tagspec_$case.txt" || {
				cat "$work/time_tagspec_$case.txt" >&2
				echo "run.sh: tagspec bench failed on $case" >&2
				exit 1
			}
			m=$(measure "$work/time_tagspec_$case.txt")
			echo "$case run $run: tagspec wall/cpu s, RSS MB: $m" >&2
			best "$work/best_tagspec_$case" "$m"
			# The question, from the report: every session rate of the spec,
			# with its base event when it has one.
			jq -c '[.rates[] | select(.unit == "sessions")
				| ((.definition | capture("^sessions with (?<b>[A-Za-z0-9_]+) and ")) // null) as $m
				| if $m then {cond: [$m.b, .event], want: .numerator}, {cond: [$m.b], want: .denominator}
				  else {cond: [.event], want: .numerator} end]' "$work/report_$case.json" >"$work/question_$case.json"
			if [ "$have_duck" = 1 ]; then
				# shellcheck disable=SC2086 # $files is a list of paths without spaces
				/usr/bin/time -v node "$root/perf/benchmark/duckdb/question.cjs" "$duck" "$format" 2 \
					"$(jq -c 'map(.cond)' "$work/question_$case.json")" $files \
					>"$work/duckdb_$case.json" 2>"$work/time_duckdb_$case.txt" || {
					cat "$work/time_duckdb_$case.txt" >&2
					echo "run.sh: DuckDB failed on $case" >&2
					exit 1
				}
				m=$(measure "$work/time_duckdb_$case.txt")
				echo "$case run $run: duckdb wall/cpu s, RSS MB: $m" >&2
				best "$work/best_duckdb_$case" "$m"
				tagspec_answer=$(jq -c --slurpfile q "$work/question_$case.json" '{rows, sessions, counts: ($q[0] | map(.want))}' "$work/report_$case.json")
				duckdb_answer=$(jq -c '{rows, sessions, counts}' "$work/duckdb_$case.json")
				if [ "$tagspec_answer" != "$duckdb_answer" ]; then
					echo "run.sh: $case: tagspec and DuckDB DISAGREE" >&2
					echo "  question: $(jq -c 'map(.cond)' "$work/question_$case.json")" >&2
					echo "  tagspec:  $tagspec_answer" >&2
					echo "  duckdb:   $duckdb_answer" >&2
					exit 1
				fi
				echo "$case run $run: same answer: $tagspec_answer" >&2
			fi
			run=$((run + 1))
		done
		[ "$(jq .rows "$work/report_$case.json")" = "$rows" ] || {
			echo "run.sh: $case: tagspec read $(jq .rows "$work/report_$case.json") rows, the files hold $rows" >&2
			exit 1
		}
	done
done
echo "# load at end: $(uptime | sed "s/.*load average: //")" >>"$results"
if [ "$have_duck" = 1 ]; then
	echo "# DuckDB $(jq -r .duckdb "$work/duckdb_${days}x_json.json") from Node $(node --version), 2 threads; RSS is the node process" >>"$results"
else
	echo "# DuckDB not found: tagspec alone" >>"$results"
fi
printf '%-5s %-8s %10s | %8s %8s %8s %11s | %8s %8s %8s %11s | %6s\n' \
	scale format events ts_wall ts_cpu ts_MB ts_ev/s dk_wall dk_cpu dk_MB dk_ev/s ratio >>"$results"
for scale in $scales; do
	for format in json parquet; do
		case=${scale}x_$format
		dk="- - -"
		[ "$have_duck" = 1 ] && dk=$(cat "$work/best_duckdb_$case")
		echo "$(cat "$work/best_tagspec_$case") $dk" | awk -v scale="${scale}x" -v format="$format" -v rows=$((scale * perday)) '
			{ tw = $1; tc = $2; tr = $3; dw = $4; dc = $5; dr = $6
			  tev = rows / tw
			  if (dw == "-") { printf "%-5s %-8s %10d | %8.1f %8.1f %8.0f %11.0f | %8s %8s %8s %11s | %6s\n", scale, format, rows, tw, tc, tr, tev, "-", "-", "-", "-", "-" }
			  else { dev = rows / dw; printf "%-5s %-8s %10d | %8.1f %8.1f %8.0f %11.0f | %8.1f %8.1f %8.0f %11.0f | %6.2f\n", scale, format, rows, tw, tc, tr, tev, dw, dc, dr, dev, tev / dev } }' >>"$results"
	done
done
cat "$results"
