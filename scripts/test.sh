#!/usr/bin/env bash
# Runs every tagspec test, browser tests included, with the race detector.
# Installs Chromium first when it is missing (see install-chromium.sh).
# Progress shows as packages finish (internal/testprogress reads the
# stream of `go test -json`); arguments go to `go test` (e.g. -run Crawl).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-chromium.sh
echo "== running every test (race detector, real Chromium): packages are listed as they finish"
go build -o "${TMPDIR:-/tmp}/tagspec-testprogress" ./internal/testprogress
go test -race -count=1 -timeout 30m -json "$@" ./... 2>&1 | "${TMPDIR:-/tmp}/tagspec-testprogress"
