// Package conformance proves that tagspec's verdicts are right on Google's
// real tags. For each real gtag.js build, each GTM container paired with the
// gtag.js build it loads, and tagspec's own stand-in as a baseline, it runs
// the real CLI (`tagspec crawl`) in headless Chromium on test pages of its
// own (testdata/site), with the build routed in place of
// www.googletagmanager.com, and reads the JSON report journey by journey:
// every GOOD journey of testdata/spec.yaml must pass with no error finding,
// every BROKEN one must fail with the rule it names. A feature a build lacks
// (per its container data) is reported n/a with that evidence, never faked.
// It prints a table of build x case.
//
// The tests build only with `-tags conformance` and need TAGSPEC_REAL_TAGS, a
// folder of builds named gtag-<G-ID>-<label>.js and gtm-<GTM-ID>-<label>.js;
// scripts/conformance.sh runs them. Google's builds are never committed.
package conformance
