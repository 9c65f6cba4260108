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
// Printers never range over maps and take all times from the model, so the
// same report always prints the same bytes.
package report
