#!/usr/bin/env bash
# Runs tagspec's conformance suite against Google's real tag builds: the
# verdict checks of package conformance and the stand-in's contract tests
# (examplesite/gtagstandin), in headless Chromium.
#
#   bash scripts/conformance.sh DIR
#
# DIR holds the real builds, named gtag-<G-ID>-<label>.js and
# gtm-<GTM-ID>-<label>.js. They are Google's code: keep them outside the
# repository and never commit them. TAGSPEC_CONFORMANCE_OUT=FILE names where
# the table of verdicts goes (default: a new temporary folder, printed).
set -euo pipefail

if [[ $# -ne 1 || -z "${1:-}" || ! -d "${1:-}" ]]; then
	echo "usage: bash scripts/conformance.sh DIR" >&2
	echo "  DIR: a folder of real Google builds (gtag-<G-ID>-<label>.js, gtm-<GTM-ID>-<label>.js), outside the repository" >&2
	exit 2
fi
dir=$(cd "$1" && pwd)

cd "$(dirname "$0")/.."
TAGSPEC_REAL_TAGS="$dir" go test -tags conformance -count=1 -timeout 60m -v \
	./conformance ./examplesite/gtagstandin \
	-run 'TestConformance|TestContractRealBuilds'
