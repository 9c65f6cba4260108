#!/usr/bin/env bash
# Runs the SQL of `tagspec bench --bigquery` on a BigQuery engine and checks
# that its report equals the local engine's (`tagspec bench --data`) over the
# same GA4 export rows. The engine is goccy's bigquery-emulator, which runs
# GoogleSQL through ZetaSQL; it is built from the Go module cache into a
# directory outside the repository (never vendored or committed).
#
#   bash scripts/bigquery-check.sh [EMULATOR_DIR]
#
# EMULATOR_DIR (default $TAGSPEC_BQEMU_DIR, else /work/bqemu) holds
# bin/bigquery-emulator, or gets it: the build compiles ZetaSQL's C++ and
# takes 20-60 minutes on a small machine (needs clang++). Not part of CI.
#
# For every case written by `go run ./scripts/bqcheck gen` (example data with
# edge cases, and realistic days of two starter specs) it loads the case's
# daily NDJSON files, unchanged, into events_YYYYMMDD tables of the emulator,
# runs `tagspec bench --bigquery` against it (TAGSPEC_BIGQUERY_ENDPOINT), runs
# `tagspec bench --data` on the NDJSON files and on Parquet copies, and
# compares the JSON reports without their source and inputs fields, over the
# whole data, over a --from/--to range, and comparing groups of users
# (--compare-by device, --compare-by source/medium, and --compare of the
# first half of the days with the rest: CompareSQL). Exit 0 when all are
# EQUAL.
# TAGSPEC_BQCHECK_PORT sets the emulator's HTTP port (default 19050; the gRPC
# port is one higher). TAGSPEC_BQCHECK_OUT keeps the data and reports there.
set -euo pipefail

emu_dir=${1:-${TAGSPEC_BQEMU_DIR:-/work/bqemu}}
port=${TAGSPEC_BQCHECK_PORT:-19050}
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${TAGSPEC_BQCHECK_OUT:-$(mktemp -d -t tagspec-bqcheck.XXXXXX)}
mkdir -p "$emu_dir" "$out"
emu_dir=$(cd "$emu_dir" && pwd)
case "$emu_dir/" in
"$repo"/*) echo "bigquery-check: $emu_dir is inside the repository; build the emulator elsewhere" >&2; exit 2 ;;
esac
emulator=$emu_dir/bin/bigquery-emulator

if [[ ! -x $emulator ]]; then
	echo "bigquery-check: building bigquery-emulator v0.6.6 in $emu_dir (ZetaSQL's C++: 20-60 minutes; log in $emu_dir/build.log)" >&2
	command -v clang++ >/dev/null || { echo "bigquery-check: clang++ is needed (apt-get install -y clang)" >&2; exit 2; }
	(
		cd "$emu_dir"
		# A module of its own, so go does not ask the proxy for the
		# emulator's version list (go install pkg@version does).
		[[ -f go.mod ]] || printf 'module bqemu\n\ngo 1.24\n' >go.mod
		printf '//go:build tools\n\npackage bqemu\n\nimport _ "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator"\n' >tools.go
		GOFLAGS=-mod=mod go get github.com/goccy/bigquery-emulator@v0.6.6
		CGO_ENABLED=1 CXX=clang++ CC=clang GOFLAGS=-mod=mod nice -n 10 \
			go build -o bin/bigquery-emulator github.com/goccy/bigquery-emulator/cmd/bigquery-emulator
	) >"$emu_dir/build.log" 2>&1 || { echo "bigquery-check: the emulator build failed; see $emu_dir/build.log" >&2; exit 3; }
fi

cd "$repo"
go build -o "$out/tagspec" ./cmd/tagspec
go build -o "$out/bqcheck" ./scripts/bqcheck
rm -rf "$out/data"
"$out/bqcheck" gen "$out/data"

"$emulator" --project=tagspec-check --host=127.0.0.1 --port="$port" --grpc-port=$((port + 1)) >"$out/emulator.log" 2>&1 &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true' EXIT
endpoint=http://127.0.0.1:$port
# Wait until the emulator answers (or has died), not for a fixed time.
until curl -sf -o /dev/null "$endpoint/discovery/v1/apis/bigquery/v2/rest"; do
	if ! kill -0 "$emu_pid" 2>/dev/null; then
		echo "bigquery-check: the emulator exited:" >&2
		cat "$out/emulator.log" >&2
		exit 3
	fi
	sleep 0.2
done
echo "bigquery-check: bigquery-emulator v0.6.6 at $endpoint; data and reports in $out"

status=0
for dir in "$out"/data/*/; do
	name=$(basename "$dir")
	dataset=tagspec-check.${name//-/_}
	"$out/bqcheck" load -endpoint "$endpoint" -dataset "$dataset" "$dir/json"
	days=("$dir"/json/events_*.json)
	first=$(basename "${days[1]}" .json) last=$(basename "${days[${#days[@]} - 2]}" .json)
	# Two periods for --compare: the first half of the days and the rest.
	half=$((${#days[@]} / 2))
	p1a=$(basename "${days[0]}" .json) p1b=$(basename "${days[half - 1]}" .json)
	p2a=$(basename "${days[half]}" .json) p2b=$(basename "${days[${#days[@]} - 1]}" .json)
	periods=${p1a#events_}..${p1b#events_},${p2a#events_}..${p2b#events_}
	for range in all "${first#events_}-${last#events_}" by-device by-source-medium periods; do
		case $range in
		all) flags=() ;;
		by-device) flags=(--compare-by device) ;;
		by-source-medium) flags=(--compare-by source/medium) ;;
		periods) flags=(--compare "$periods") ;;
		*) flags=(--from "${range%-*}" --to "${range#*-}") ;;
		esac
		r=$out/$name-$range
		start=$(date +%s.%N)
		TAGSPEC_BIGQUERY_ENDPOINT=$endpoint "$out/tagspec" bench "$dir/spec.yaml" --bigquery "$dataset" ${flags[@]+"${flags[@]}"} --format json >"$r-bigquery.json"
		bq_s=$(echo "$(date +%s.%N) - $start" | bc)
		"$out/tagspec" bench "$dir/spec.yaml" --data "$dir/json" ${flags[@]+"${flags[@]}"} --format json >"$r-ndjson.json"
		"$out/tagspec" bench "$dir/spec.yaml" --data "$dir/parquet" ${flags[@]+"${flags[@]}"} --format json >"$r-parquet.json"
		rows=$(grep -m1 '"rows"' "$r-ndjson.json" | tr -dc 0-9)
		echo "== $name, $range: $rows rows (bigquery query ${bq_s}s)"
		"$out/bqcheck" compare bigquery="$r-bigquery.json" local-ndjson="$r-ndjson.json" local-parquet="$r-parquet.json" || status=1
	done
done
if [[ $status -eq 0 ]]; then
	echo "bigquery-check: ALL EQUAL"
else
	echo "bigquery-check: DIFFERENCES (reports in $out)"
fi
exit $status
