// Package report holds the crawl report model and its printers.
//
// In the tagspec pipeline it is the last stage of a crawl: the crawler
// builds a Report from each journey's observation and the validator's
// findings, and Write prints it as text (for people), json (one document
// for tools), junit (one test case per journey and per expectation, for CI
// dashboards), github (workflow-command annotations), html (one
// self-contained file with inline CSS and SVG and embedded screenshots) or
// sarif (SARIF 2.1.0 for code-scanning dashboards). Report.Findings holds
// the crawl's findings that belong to no journey (the parts of a
// --container export the runtime does not emulate); every printer shows
// them, ReadJSON reads them back and Merge keeps them once.
//
// A crawl with discovery (tagspec crawl --discover) also checks the pages
// it found on the site: they are entries of Report.Journeys with Page set
// (named by their URL), after the spec journeys and sorted by URL, and
// Report.Discovery says how they were found. Report.Site builds the
// site-wide table of pages by the events their GA4 hits carried; the text
// and HTML printers show it with the discovery summary and the failing
// pages' findings, one row per passing page however large the site.
// JUnit gives pages a testsuite of their own, GitHub annotations and SARIF
// results locate a page finding at its spec line or else at the page's
// URL. Merge sorts the pages of all shards by URL, so merged shards equal
// the unsharded crawl. A journey or page that --retries ran more than once
// carries Attempts and Retried, and every printer says how its retries
// went ("passed on attempt 2 of 3"). A report of recordings (tagspec
// check-hits on HAR files) is Recorded: its entries are files with no
// steps, and the printers speak of HAR files and of hits and the events
// they carried.
// Printers never range over maps and take all times from the model, so the
// same report always prints the same bytes.
package report
