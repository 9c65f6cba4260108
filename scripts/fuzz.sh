#!/usr/bin/env bash
# Fuzzes tagspec's parsers and checkers of outside input.
#
# Usage:
#   scripts/fuzz.sh [DURATION]                 every target, one after another (default 15s each)
#   scripts/fuzz.sh -t 10m -j 4 -p 1           every target, 4 at a time, 1 worker each
#   scripts/fuzz.sh --rotate 7 -t 30s          CI: the share of 7 targets whose turn it is
#   scripts/fuzz.sh -t 5m FuzzCheckHit templates.FuzzImport   named targets only
#   scripts/fuzz.sh --list                     the targets, one "package target" per line
#                                              (with --rotate or names: the chosen ones)
#
# Options:
#   -t DURATION   fuzz time per target (go test -fuzztime); a bare DURATION
#                 as the first argument means the same
#   -j N          targets fuzzed at the same time (default 1)
#   -p N          fuzz workers per target (go test -parallel; default: cores)
#   --rotate N    fuzz only the N targets whose turn it is. The turn moves
#                 by one share per commit (git rev-list --count HEAD; by
#                 day in a shallow clone), so successive CI runs cover
#                 every target in turn; TAGSPEC_FUZZ_SLOT chooses by hand.
#   --logs DIR    keep each target's output in DIR (default: a temporary folder)
#
# Each input is held to a CPU budget (internal/fuzzbudget; 1 s, or
# TAGSPEC_FUZZ_BUDGET), so a slow input fails like a crash. When a target
# fails, the script prints the failing input and the command that replays
# it, and exits 1 after every chosen target has run. A table of targets,
# time, executions and result ends the output.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=15s
jobs=1
parallel=""
rotate=0
logs=""
list=0
names=()
if [[ $# -gt 0 && "$1" =~ ^[0-9]+(ms|s|m|h|x)$ ]]; then
  fuzztime="$1"
  shift
fi
while [[ $# -gt 0 ]]; do
  case "$1" in
  -t) fuzztime="$2"; shift 2 ;;
  -j) jobs="$2"; shift 2 ;;
  -p) parallel="$2"; shift 2 ;;
  --rotate) rotate="$2"; shift 2 ;;
  --logs) logs="$2"; shift 2 ;;
  --list) list=1; shift ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  Fuzz* | *.Fuzz*) names+=("$1"); shift ;;
  *) echo "fuzz.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
  esac
done

# Every target: "import/path FuzzName", in a fixed order.
targets=()
while IFS= read -r line; do
  targets+=("$line")
done < <(
  go list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do
    { grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null || true; } | sed 's/^func //' | sort -u | sed "s|^|$pkg |"
  done | sort
)

chosen=()
if [[ ${#names[@]} -gt 0 ]]; then
  for n in "${names[@]}"; do
    found=0
    for t in "${targets[@]}"; do
      pkg="${t% *}"
      if [[ "${t##* }" == "$n" || "${pkg##*/}.${t##* }" == "$n" ]]; then chosen+=("$t"); found=1; fi
    done
    if [[ $found == 0 ]]; then echo "fuzz.sh: no fuzz target named $n (see --list)" >&2; exit 2; fi
  done
elif [[ $rotate -gt 0 ]]; then
  total=${#targets[@]}
  shares=$(((total + rotate - 1) / rotate))
  slot="${TAGSPEC_FUZZ_SLOT:-}"
  if [[ -z "$slot" ]]; then
    # A shallow clone has one commit: the day of the year moves the share.
    if [[ "$(git rev-parse --is-shallow-repository 2>/dev/null)" == false ]]; then
      slot="$(git rev-list --count HEAD)"
    else
      slot="$(date +%j)"
    fi
  fi
  share=$((10#$slot % shares))
  echo "== fuzzing share $((share + 1)) of $shares ($rotate of $total targets; slot $slot)" >&2
  for ((i = share * rotate; i < (share + 1) * rotate && i < total; i++)); do
    chosen+=("${targets[$i]}")
  done
else
  chosen=("${targets[@]}")
fi

if [[ $list == 1 ]]; then
  printf '%s\n' "${chosen[@]}"
  exit 0
fi

# Go 1.26's fuzz coordinator can report "context deadline exceeded" when
# -fuzztime ends while a starved worker is still busy (golang/go#75804,
# fixed in Go 1.27): a failure with no input behind it. The fuzzers run
# on Go 1.27.3, which the go command takes from the module proxy (about
# 76 MB, once per machine); TAGSPEC_FUZZ_TOOLCHAIN=local keeps the
# machine's Go. On the machine's Go, such a stop is told apart from a
# find below: a find always writes its input to testdata/fuzz.
toolchain="${TAGSPEC_FUZZ_TOOLCHAIN:-go1.27.3}"
if [[ "$toolchain" != local ]]; then
  if GOTOOLCHAIN="$toolchain" go version >/dev/null 2>&1; then
    export GOTOOLCHAIN="$toolchain"
    # Go 1.27 turns encoding/json/v2 on, and go-json-experiment (read by
    # ga4export) then builds against it and fails: off, the code under
    # fuzz is the code the machine's Go 1.26 builds.
    export GOEXPERIMENT="${GOEXPERIMENT:-nojsonv2}"
  else
    echo "fuzz.sh: could not get Go $toolchain; fuzzing with $(go env GOVERSION)" >&2
  fi
fi

if [[ -z "$logs" ]]; then
  logs="$(mktemp -d "${TMPDIR:-/tmp}/tagspec-fuzz.XXXXXX")"
fi
mkdir -p "$logs"

# fuzz_one PKG TARGET: fuzzes one target, output in $logs/PKG.TARGET.log
# (PKG's last element: two packages may have targets of one name), and
# its exit status and seconds in $logs/PKG.TARGET.rc.
fuzz_one() {
  local pkg="$1" target="$2" log="$logs/${1##*/}.$2.log"
  # Shrinking a new interesting input may take 10 s, not Go's default
  # minute: on a busy machine the default stalls a target for minutes.
  local args=(-run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 10s)
  if [[ -n "$parallel" ]]; then args+=(-parallel "$parallel"); fi
  local start rc=0
  start=$(date +%s)
  go test "${args[@]}" "$pkg" >"$log" 2>&1 || rc=$?
  # A package that does not build on the fuzz toolchain is fuzzed on the
  # machine's Go instead: chromedp's cdproto needs json/v2 on Go 1.27,
  # which go-json-experiment cannot build beside, so the packages that
  # import cdproto (templates, gtmruntime, gtmapi, jobsummary, benchmark)
  # fall back; a deadline stop there is told apart from a find below.
  if [[ $rc != 0 && -n "${GOTOOLCHAIN:-}" ]] && grep -q '\[setup failed\]\|\[build failed\]' "$log"; then
    echo "fuzz.sh: $pkg does not build on $GOTOOLCHAIN; fuzzing it on the machine's Go" >"$log"
    rc=0
    GOTOOLCHAIN=local go test "${args[@]}" "$pkg" >>"$log" 2>&1 || rc=$?
  fi
  echo "$rc $(($(date +%s) - start))" >"$logs/${pkg##*/}.$target.rc"
}

# toolchain_stop LOG: the run ended only by the coordinator's own
# deadline error, with no input written and no other failure.
toolchain_stop() {
  grep -q '^    context deadline exceeded$' "$1" &&
    ! grep -q 'Failing input written to' "$1" &&
    ! grep -qE 'panic:|fuzzbudget:|--- FAIL: [^ ]+/' "$1" &&
    [[ "$(grep -c -- '--- FAIL' "$1")" == 1 ]]
}

running=0
for t in "${chosen[@]}"; do
  pkg="${t% *}"
  target="${t##* }"
  echo "-- $pkg $target ($fuzztime)"
  fuzz_one "$pkg" "$target" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

status=0
printf '\n%-60s %8s %14s  %s\n' "target" "seconds" "execs" "result"
for t in "${chosen[@]}"; do
  pkg="${t% *}"
  target="${t##* }"
  key="${pkg##*/}.$target"
  read -r rc secs <"$logs/$key.rc"
  execs="$(grep -o 'execs: [0-9]*' "$logs/$key.log" | tail -1 | cut -d' ' -f2 || true)"
  result=ok
  if [[ "$rc" != 0 ]]; then
    if toolchain_stop "$logs/$key.log"; then
      result="ok (stopped by golang/go#75804 at the deadline; no failing input)"
      echo 0 "$secs" >"$logs/$key.rc"
    else
      result=FAIL
      status=1
    fi
  fi
  printf '%-60s %8s %14s  %s\n' "${pkg#github.com/tagspec/tagspec/} $target" "$secs" "${execs:-?}" "$result"
done

for t in "${chosen[@]}"; do
  pkg="${t% *}"
  target="${t##* }"
  key="${pkg##*/}.$target"
  read -r rc _ <"$logs/$key.rc"
  [[ "$rc" == 0 ]] && continue
  dir="$(go list -f '{{.Dir}}' "$pkg")"
  echo
  echo "== $target failed; its output:"
  grep -v '^fuzz: elapsed' "$logs/$key.log" | tail -40
  input="$(grep -o "testdata/fuzz/$target/[0-9a-f]*" "$logs/$key.log" | tail -1 || true)"
  if [[ -n "$input" && -f "$dir/$input" ]]; then
    echo "== the failing input ($dir/$input):"
    cat "$dir/$input"
    echo "== replay it with:  go test -run '^$target/${input##*/}\$' $pkg"
    echo "== keep it as a seed: commit $dir/$input with the fix"
  fi
done
echo
echo "logs: $logs"
exit $status
