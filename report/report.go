package report

import (
	"fmt"
	"io"
	"time"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// Report is the result of one crawl: every journey with its steps, the
// events it captured and the findings against the spec.
type Report struct {
	Name     string        // the spec's name
	Spec     string        // path of the spec file
	BaseURL  string        // base URL the journeys ran against
	Started  time.Time     // when the crawl began
	Duration time.Duration // how long the whole crawl took
	Journeys []Journey     // in spec order
	// Findings are the crawl's findings that belong to no journey, in the
	// order they were found: e.g. the parts of a --container GTM export
	// the container runtime does not emulate. They count like journey
	// findings (Count, HasErrors) and every printer shows them.
	Findings []validator.Finding
	// Discovery describes the site-wide page discovery of a crawl run with
	// discovery; nil otherwise. The pages it checked are entries of
	// Journeys with Page set.
	Discovery *Discovery
	// Recorded is set when the report checks recordings made outside
	// tagspec (tagspec check-hits on HAR files) rather than a crawl: each
	// entry of Journeys is one recording, with no steps. Printers then
	// speak of HAR files, hits and events instead of journeys and steps.
	Recorded bool
	// Retries is the crawl's --retries setting: a journey or page that
	// fails runs again, up to Retries+1 attempts in all. Printers use it
	// to say "attempt 2 of 3"; 0 when the crawl did not retry.
	Retries int
}

// Discovery summarises how a crawl found the site's pages.
type Discovery struct {
	Start    []string // the URLs discovery started from
	Sitemaps []string // the sitemap files read
	// Found is how many pages discovery reached (every shard finds them
	// all); Checked is how many of them this report checks.
	Found   int
	Checked int
	// Limited is set when --max-pages stopped discovery before it had
	// followed every link.
	Limited bool
	// Shard is the share of the pages this report checks ("" for all).
	Shard string
}

// Page says where a report entry that is a discovered page (not a spec
// journey) came from.
type Page struct {
	URL     string // the page's absolute URL, without fragment
	Depth   int    // links followed from a start URL (0 for start and sitemap pages)
	From    string // the page whose link led here first; "" for start and sitemap pages
	Sitemap bool   // the page is listed in a sitemap
	Status  int    // HTTP status of the page's document, 0 when none arrived
}

// Journey is the outcome of one journey.
type Journey struct {
	Name string
	// Passed is true when no finding of the journey is an error.
	Passed   bool
	Steps    []Step
	Findings []validator.Finding
	Events   []validator.Event
	// Expectations lists the journey's expect and expect_none steps, the
	// ones that never ran included.
	Expectations []Expectation
	// Incomplete is set when the journey did not finish; Reason says why.
	Incomplete bool
	Reason     string
	Pos        spec.Pos // where the journey is declared
	// Page is set when the entry is a page found by discovery rather than
	// a spec journey; Name is then the page's URL.
	Page *Page
	// Attempts is how many times the journey or page ran (more than 1 when
	// --retries repeated it); 0 means once. Retried says, for every
	// attempt but the last, why it was repeated.
	Attempts int
	Retried  []string
}

// Step is one executed journey step, with a human description taken from
// the spec ("click a[href='/pricing']").
type Step struct {
	validator.Step
	Description string
	Pos         spec.Pos
}

// Failed reports how many entries (spec journeys and discovered pages)
// did not pass.
func (r *Report) Failed() int {
	n := 0
	for i := range r.Journeys {
		if !r.Journeys[i].Passed {
			n++
		}
	}
	return n
}

// HasErrors reports whether any journey has an error finding; the crawl
// command exits 1 when it does.
func (r *Report) HasErrors() bool {
	if diag.HasErrors(r.Findings) {
		return true
	}
	for i := range r.Journeys {
		if diag.HasErrors(r.Journeys[i].Findings) {
			return true
		}
	}
	return false
}

// entryWord is what the report's entries are, for messages: "journey", or
// "HAR file" for a Recorded report.
func (r *Report) entryWord() string {
	if r.Recorded {
		return "HAR file"
	}
	return "journey"
}

// Write prints r in the given format (any of diag.Formats) to w: text (for
// people), json (one document for tools), junit (one test case per
// journey and per expectation, and a testsuite of their own for
// discovered pages), github (workflow-command annotations), html (one
// self-contained file with inline CSS and SVG and embedded screenshots)
// or sarif (SARIF 2.1.0 for code-scanning dashboards; its log lists the
// rules of the catalogue with their help, and the CLI passes every rule of
// tagspec; the other formats do not use it). The text and HTML printers
// show the site table (Report.Site) with the discovery summary and the
// failing pages' findings, one row per passing page however large the
// site; GitHub annotations and SARIF results locate a page finding at its
// spec line or else at the page's URL. Printers never range over maps and
// take all times from the model, so the same report always prints the
// same bytes.
func Write(format diag.Format, w io.Writer, r *Report, rules *diag.Catalog) error {
	switch format {
	case diag.FormatText:
		return writeText(w, r)
	case diag.FormatJSON:
		return writeJSON(w, r)
	case diag.FormatJUnit:
		return writeJUnit(w, r)
	case diag.FormatGitHub:
		return writeGitHub(w, r)
	case diag.FormatHTML:
		return writeHTML(w, r)
	case diag.FormatSARIF:
		return writeSARIF(w, r, rules)
	}
	return fmt.Errorf("unknown report format %q (want %s)", format, diag.FormatList(diag.Formats))
}
