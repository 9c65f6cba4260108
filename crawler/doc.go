// Package crawler runs a spec's journeys, and the site's pages that
// discovery finds, in headless Chromium, and returns what the pages sent
// and what the validator found in it.
//
// In the tagspec pipeline it takes a parsed spec (package spec) and
// [Options], and gives a [Result]: per journey the observation (the steps
// that ran, screenshots of failed ones, the GA4 events of the hits it
// caught, the dataLayer pushes), the findings, the verdict and the
// attempts. [Run] starts a browser for one crawl; [Browser.Crawl] and
// [Browser.Observe] reuse one. Live progress goes to [Options.Progress]. It
// builds no report: the tagspec CLI turns a Result into a report.Report.
//
// Each journey runs in a browser context of its own, at most
// [Options.Concurrency] ([DefaultConcurrency]) at a time. Hits are answered inside the browser and
// never reach Google unless [Options.Forward] is set, and each is credited
// to the step that caused it: the crawler runs the tags' own timers early
// ([TagClockBudget]) instead of waiting for them. [Options.Timeout],
// [Options.Retries] and [Options.Shard] bound, repeat and split a crawl.
//
// It may import spec, hits, validator, discover and chromedp; it is the
// only tagspec package that drives the browser, and it imports neither
// report nor the CLI (internal/cli's boundary test checks both).
package crawler
