#!/usr/bin/env bash
# Crawl benchmark: tagspec's crawler versus a bare chromedp navigation loop on
# 200 generated pages of the example site, at concurrency 1, 2 and 4.
# TAGSPEC_BENCH_PAGES changes the page count (at least 8).
set -euo pipefail
cd "$(dirname "$0")/../.."
go test ./perf/crawl -run '^$' -bench BenchmarkCrawl -benchtime 1x -count "${COUNT:-1}" -timeout 30m
