#!/usr/bin/env bash
# Runs every tagspec test, browser tests included, with the race detector.
# Installs Chromium first when it is missing (see install-chromium.sh), and
# the TypeScript compiler the codegen tests run (npm ci in
# codegen/testdata/tsc, pinned by its package-lock.json).
# Progress shows as packages finish (internal/testprogress reads the
# stream of `go test -json`); arguments go to `go test` (e.g. -run Crawl).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-chromium.sh
if [[ ! -x codegen/testdata/tsc/node_modules/.bin/tsc ]]; then
  if ! command -v npm >/dev/null; then
    echo "the codegen tests compile the generated helpers with tsc: install Node.js and npm (Debian/Ubuntu: apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "== installing the pinned TypeScript compiler (npm ci in codegen/testdata/tsc)"
  (cd codegen/testdata/tsc && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "== running every test (race detector, real Chromium): packages are listed as they finish"
go build -o "${TMPDIR:-/tmp}/tagspec-testprogress" ./internal/testprogress
go test -race -count=1 -timeout 30m -json "$@" ./... 2>&1 | "${TMPDIR:-/tmp}/tagspec-testprogress"
