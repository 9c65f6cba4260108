#!/usr/bin/env bash
# The tagspec tour on the built-in example: spec -> lint -> GTM container ->
# crawl of the example site in headless Chromium -> verdict -> benchmark.
# Installs Chromium first when it is missing; writes everything to ./tagspec-demo.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-chromium.sh
go run ./cmd/tagspec demo --out tagspec-demo "$@"
