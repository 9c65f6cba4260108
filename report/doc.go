// Package report holds the crawl report model and its printers.
//
// In the tagspec pipeline it is the last stage: it takes what was judged,
// journey by journey (NewJourney builds an entry from a spec journey, its
// observation and the validator's findings), and gives a [Report] that
// [Write] prints in any of [Formats]. The tagspec CLI builds the report of
// a crawl from the crawler's result and of check-hits from HAR files
// ([Report.Recorded]); [ReadJSON] reads a JSON report back and [Merge]
// combines the reports of a sharded crawl. Entries with [Journey.Page]
// set are pages a crawl with discovery checked; [Report.Site] tabulates
// them. Live progress is not here: it is the CLI's.
//
// It may import spec, validator, hits and pii; it imports neither the
// crawler nor the CLI, and holds no terminal code (internal/cli's
// boundary test checks all three).
package report
