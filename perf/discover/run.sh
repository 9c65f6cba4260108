#!/usr/bin/env bash
# Discovery benchmark: `tagspec crawl --discover` on the 333-page audit site
# at concurrency 1, 2 and 4 (pages/s), next to the cheapest fresh-visitor
# loop (a new browser context and one navigation per page).
set -euo pipefail
cd "$(dirname "$0")/../.."
go test ./perf/discover -run '^$' -bench BenchmarkDiscover -benchtime 1x -count "${COUNT:-1}" -timeout 60m
