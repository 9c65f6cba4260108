#!/usr/bin/env bash
# Real gtag.js crawl benchmark (BenchmarkRealTag, see README.md): tagspec's CLI
# against a plain Playwright (Node) script and a bare chromedp loop on a site of
# 40 pages, each running a real gtag.js build and sending one custom event on
# load, at concurrency 1 and 2, alternating the order of the contenders.
#
#   TAGSPEC_REAL_TAGS=/work/realtags bash perf/crawl/realtag.sh
#
# TAGSPEC_REAL_TAGS names a folder of real builds, gtag-<G-ID>-<label>.js, kept
# OUTSIDE the repository (never commit Google's code). Optional:
# TAGSPEC_REAL_TAG_FILE (a file name in that folder, or a path; default the
# newest 2025 build), TAGSPEC_REALTAG_PAGES (40), TAGSPEC_REALTAG_ROUNDS (2),
# TAGSPEC_REALTAG_CONCURRENCY ("1,2"), TAGSPEC_REALTAG_CONTENDERS
# ("tagspec,playwright,bare").
set -euo pipefail
: "${TAGSPEC_REAL_TAGS:?set TAGSPEC_REAL_TAGS to a folder of real gtag.js builds (gtag-<G-ID>-<label>.js), kept outside the repository}"
# go test runs in perf/crawl: make the paths absolute first.
TAGSPEC_REAL_TAGS=$(cd "$TAGSPEC_REAL_TAGS" && pwd)
export TAGSPEC_REAL_TAGS
if [[ "${TAGSPEC_REAL_TAG_FILE:-}" == */* ]]; then
	TAGSPEC_REAL_TAG_FILE=$(cd "$(dirname "$TAGSPEC_REAL_TAG_FILE")" && pwd)/$(basename "$TAGSPEC_REAL_TAG_FILE")
	export TAGSPEC_REAL_TAG_FILE
fi
cd "$(dirname "$0")"
# playwright-core at the version package-lock.json pins; it drives the
# system's Chromium (/usr/bin/chromium), so no browser download.
(cd playwright && npm ci --no-audit --no-fund --loglevel=error)
cd ../..
echo "load before: $(uptime)"
go test ./perf/crawl -run '^$' -bench BenchmarkRealTag -benchtime 1x -count 1 -timeout 90m
echo "load after: $(uptime)"
