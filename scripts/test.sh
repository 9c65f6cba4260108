#!/usr/bin/env bash
# Runs every tagspec test, browser tests included, with the race detector.
# Installs Chromium first when it is missing (see install-chromium.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-chromium.sh
go test -race -count=1 -timeout 30m "$@" ./...
