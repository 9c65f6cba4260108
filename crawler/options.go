package crawler

import (
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/validator"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultConcurrency = 2
	DefaultStepTimeout = 10 * time.Second
	DefaultFlushQuiet  = 20 * time.Millisecond
	// endpointFlushQuiet is the quiet period when extra collection
	// endpoints are configured: the page hook does not see requests to
	// them, so only silence says they are all in.
	endpointFlushQuiet = 150 * time.Millisecond
	// maxFlushWait bounds the wait for the hits a flush made the page
	// issue.
	maxFlushWait = 3 * time.Second
	// TagClockBudget is how far a flush moves the tags' own clock: the tag
	// timers due within it run at once. Every real gtag.js and gtm.js build
	// measured sends its event queue from a 5,000 ms timer started by the
	// first queued event (docs/real-tags.md); enhanced measurement and GTM
	// listeners start that timer from timers of their own (a 50 ms scroll
	// debounce, a 1,000 ms history-change interval), so the budget covers
	// such a chain and the queue timer after it.
	TagClockBudget = 10 * time.Second
	// maxQueuedWait bounds how long an expect step keeps flushing for an
	// event the page handed to gtag() that no hit carried yet.
	maxQueuedWait = 5 * time.Second
	// navigationGrace is how long an action may take to start a navigation
	// before the crawler decides it started none.
	navigationGrace = 100 * time.Millisecond
)

// Route serves a local file for every request whose URL matches Pattern
// (a URL pattern as in the spec's crawl settings, see hits.MatchPattern:
// [scheme://]host[:port][/path], "*" any run of characters, "?" one). The file is answered inside
// the browser, so the host need not exist. Chromium treats a document served
// this way as a public page: its requests to loopback addresses are refused
// by the browser's local-network protection.
type Route struct {
	Pattern string
	File    string
}

// ParseRoute parses the PATTERN=FILE form of --route.
func ParseRoute(s string) (Route, error) {
	pattern, file, ok := strings.Cut(s, "=")
	if !ok || pattern == "" || file == "" {
		return Route{}, fmt.Errorf("route %q: want PATTERN=FILE, e.g. www.youtube.com/iframe_api=testdata/iframe_api.js", s)
	}
	return Route{Pattern: pattern, File: file}, nil
}

// Options tune a crawl. The zero value crawls every journey against the
// spec's only environment with DefaultConcurrency.
type Options struct {
	// BaseURL is the site the journeys run against. When empty the base URL
	// of environment Env is used (Env may be empty when the spec has exactly
	// one environment).
	BaseURL string
	Env     string
	// Journeys limits the run to these journey names (in spec order).
	Journeys []string
	// Shard, when set, limits the run to one share of the journeys and of
	// the discovered pages (see Shard); it applies after Journeys.
	Shard Shard
	// Discover, when set, also finds the site's pages (links and sitemaps,
	// see package discover) and checks each one with no script: it is
	// opened in a fresh browser context, consent is accepted when the
	// spec has a banner, and validator.CheckPage judges what it sent.
	// Start defaults to the base URL; relative start URLs resolve against
	// it. Discovery shares the run's Timeout.
	Discover *discover.Options
	// Retries repeats a journey whose step failed, or a page that could
	// not be loaded (timeout, HTTP 5xx or 429, crashed tab), up to this
	// many more times; the report keeps the last attempt and says why
	// each earlier one was repeated.
	Retries int
	// IdleTimeout bounds the wait for a discovered page to go network
	// idle (DefaultIdleTimeout when 0).
	IdleTimeout time.Duration
	// Concurrency is how many journeys run at once (DefaultConcurrency when 0).
	Concurrency int
	// Timeout bounds the whole run; 0 means no bound. Journeys that have not
	// finished when it expires are stopped and reported as incomplete.
	Timeout time.Duration
	// StepTimeout bounds each step, including the wait for its element
	// (DefaultStepTimeout when 0).
	StepTimeout time.Duration
	// FlushQuiet is how long the crawler waits without a new hit, once every
	// collection request the page reported has been captured, before it
	// considers a flushed queue sent (DefaultFlushQuiet when 0, or 150 ms
	// when extra collection endpoints are configured).
	FlushQuiet time.Duration
	// Forward lets captured hits continue to their real endpoint after they
	// are recorded. Off by default: hits are answered locally with 204.
	Forward bool
	// CollectEndpoints are extra URL patterns that receive GA4 hits, added
	// to the spec's crawl.collect_endpoints.
	CollectEndpoints []string
	// Routes serve local files for matching requests.
	Routes []Route
	// Block refuses requests matching these URL patterns, added to the
	// spec's crawl.block.
	Block []string
	// InitScripts are JavaScript sources run in every document of every
	// journey before the page's own scripts, after the crawler's capture
	// hook (so their dataLayer pushes are captured), in order. A GTM
	// container runtime, for example, is injected this way.
	InitScripts []string
	// Strict makes automatic GA4 events count as unexpected (see validator).
	Strict bool
	// MeasurementID, when set, is the GA4 property hits must go to.
	MeasurementID string
	// ScreenshotDir, when set, receives a PNG of every failed step; the
	// screenshots are kept in the report in any case.
	ScreenshotDir string
	// Browser configures the browser Run starts (ignored by Browser.Crawl).
	Browser BrowserOptions
	// Progress, when set, is called as journeys start, steps finish and
	// journeys end. Calls are serialized.
	Progress func(Progress)
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
}

// ProgressKind says what a Progress call reports.
type ProgressKind int

// Progress kinds.
const (
	JourneyStarted ProgressKind = iota
	StepFinished
	JourneyFinished
)

// Progress is one live progress notice.
type Progress struct {
	Kind    ProgressKind
	Journey string // journey name, or the page URL when Page is set
	// Page is set when the notice is about a discovered page.
	Page  bool
	Index int // journey index in the run, 0-based
	Total int // number of journeys in the run
	Done  int // journeys finished so far, this one included (JourneyFinished only)
	// Step is the finished step (StepFinished only).
	Step validator.Step
	// Description says what the step did, as the spec writes it
	// (StepFinished only), e.g. `click "a[href='/pricing']"`.
	Description string
	// Judged is set when the finished step is a journey step that ran
	// without error (StepFinished only): Findings then holds its verdict.
	Judged bool
	// Findings are the error findings of a judged step: the validator's
	// findings of that step on what was captured when it ended (a hit
	// belongs to the step that sent it: a click that sends a bad event has
	// the finding, an expect step the ones of its expectation). Empty when
	// the step passes.
	Findings []validator.Finding
	// Result is the finished journey (JourneyFinished only).
	Result *JourneyResult
}

// Shard is the K-th of N shares of a spec's journeys, so that N CI jobs
// each crawl one share and `tagspec report merge` combines their reports.
// The journey at 0-based index i in the spec's journeys list belongs to
// shard i%N + 1: the split depends only on the spec's order, never on the
// machine, the order of flags or the concurrency. The zero value is no
// sharding.
type Shard struct {
	K, N int
}

// IsZero reports whether s is the zero value (no sharding).
func (s Shard) IsZero() bool { return s == Shard{} }

// String returns the K/N form.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Has reports whether the journey at 0-based spec index i is in shard s.
// Every journey is in the zero shard.
func (s Shard) Has(i int) bool {
	if s.IsZero() {
		return true
	}
	return i%s.N == s.K-1
}

// validate checks 1 <= K <= N.
func (s Shard) validate() error {
	if s.IsZero() {
		return nil
	}
	if s.N < 1 || s.K < 1 || s.K > s.N {
		return fmt.Errorf("shard %d/%d: want K/N with 1 <= K <= N, e.g. 1/4", s.K, s.N)
	}
	return nil
}

// ParseShard parses the K/N form of --shard, e.g. "2/4".
func ParseShard(v string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(v), "/")
	k, errK := strconv.Atoi(ks)
	n, errN := strconv.Atoi(ns)
	if !ok || errK != nil || errN != nil {
		return Shard{}, fmt.Errorf("shard %q: want K/N, two whole numbers with 1 <= K <= N, e.g. 1/4", v)
	}
	// Checked here, not with validate: the zero Shard means "no sharding"
	// in Options, but a user who types 0/0 has made a mistake.
	if n < 1 || k < 1 || k > n {
		return Shard{}, fmt.Errorf("shard %q: want K/N with 1 <= K <= N, e.g. 1/4", v)
	}
	return Shard{K: k, N: n}, nil
}

// route is a Route with its file read.
type route struct {
	pattern     string
	body        []byte
	contentType string
}

func loadRoutes(rs []Route) ([]route, error) {
	out := make([]route, 0, len(rs))
	for _, r := range rs {
		b, err := os.ReadFile(r.File)
		if err != nil {
			return nil, fmt.Errorf("route %s=%s: %w", r.Pattern, r.File, err)
		}
		ct := mime.TypeByExtension(filepath.Ext(r.File))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out = append(out, route{pattern: r.Pattern, body: b, contentType: ct})
	}
	return out, nil
}

// cdpPatterns turns a tagspec URL pattern (see hits.MatchPattern) into
// Fetch.enable URL patterns that together match at least every URL the
// tagspec pattern matches: the browser pauses those requests and the
// interceptor decides each one with hits.MatchPattern, so what a pattern
// blocks or routes is what tagspec's own matcher says, never the
// browser's glob. A Fetch pattern is a glob over the whole URL ("*" any
// run, "?" one character or none, backslash an escape), so the port and
// the text after the host are left to hits.MatchPattern (a URL on the
// scheme's default port names none), a backslash of the tagspec pattern
// (a plain character there) becomes "?", and a second pattern lets user
// information ("user@") come before the host.
func cdpPatterns(p string) []string {
	scheme := "*"
	if i := strings.Index(p, "://"); i >= 0 {
		scheme, p = p[:i], p[i+3:]
	}
	host, path, hasPath := strings.Cut(p, "/")
	host, _, _ = hits.SplitHostPattern(host)
	// Chromium's URLs carry lower-case schemes and hosts; the tagspec
	// matcher ignores their case.
	esc := strings.NewReplacer(`\`, `?`)
	scheme, host = esc.Replace(strings.ToLower(scheme)), esc.Replace(strings.ToLower(host))
	rest := "*"
	if hasPath && strings.Trim(path, "*") != "" {
		// A path of stars also matches a URL with no path at all.
		rest = "*/" + esc.Replace(path) + "*"
	}
	return []string{scheme + "://" + host + rest, scheme + "://*@" + host + rest}
}
