package crawler

import (
	"time"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// Result is what a crawl returns: every journey and discovered page with
// what the browser captured and what the validator found. The crawler
// builds no report; its caller turns a Result into one (the tagspec CLI
// builds a report.Report from it).
type Result struct {
	Spec     *spec.Spec    // the spec the crawl ran
	BaseURL  string        // the site the journeys ran against
	Started  time.Time     // when the crawl began (Options.Now)
	Duration time.Duration // how long the whole crawl took
	// Retries is Options.Retries: a failing journey or page ran up to
	// Retries+1 times.
	Retries int
	// Journeys are the spec's journeys in spec order, then the discovered
	// pages (Page set) in URL order.
	Journeys []JourneyResult
	// Findings belong to the run rather than to a journey, e.g. a
	// RuleSitemap warning for a sitemap discovery could not read.
	Findings []validator.Finding
	// Discovery says what page discovery did; nil without
	// Options.Discover.
	Discovery *Discovery
}

// JourneyResult is the outcome of one journey, or of one discovered page.
type JourneyResult struct {
	// Observation is what the browser captured: the steps that ran (with
	// their errors and the screenshots of failed ones), the events, the
	// dataLayer pushes, and whether the journey was cut short. Its
	// Journey field is the journey's name, or the page's URL.
	*validator.Observation
	// Spec is the spec journey that ran. For a discovered page it is a
	// journey made for the page: Name and Start are the page's URL, and
	// it has no steps and no position.
	Spec *spec.Journey
	// Findings are the validator's findings on the observation, followed
	// by the crawler's own: the pages' script errors (RulePageError),
	// hits that could not be read (RuleHitUnreadable), and for a page its
	// load faults (RulePageStatus and the other page rules). Nil for
	// Browser.Observe, which judges nothing.
	Findings []validator.Finding
	// Passed is set when no finding is an error and the journey finished.
	Passed bool
	// Attempts is how many times the journey or page ran when Retries
	// repeated it (0 when it ran once); Retried says, for every attempt
	// but the last, why it was repeated.
	Attempts int
	Retried  []string
	// Page is set when the entry is a page found by discovery.
	Page *Page
}

// Page says where a discovered page came from and how it answered.
type Page struct {
	URL     string // the page's absolute URL, without fragment
	Depth   int    // links followed from a start URL (0 for start and sitemap pages)
	From    string // the page whose link led here first; "" for start and sitemap pages
	Sitemap bool   // the page is listed in a sitemap
	Status  int    // HTTP status of the page's document, 0 when none arrived
}

// Discovery summarises how a crawl found the site's pages.
type Discovery struct {
	Start    []string // the absolute URLs discovery started from
	Sitemaps []string // the sitemap files read
	// Found is how many pages discovery reached (every shard finds them
	// all); Checked is how many of them this crawl checked.
	Found   int
	Checked int
	// Limited is set when discover.Options.MaxPages stopped discovery
	// before it had followed every link.
	Limited bool
	// Shard is the share of the pages this crawl checked (Options.Shard;
	// the zero Shard for all).
	Shard Shard
}
