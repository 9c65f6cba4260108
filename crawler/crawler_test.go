package crawler

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// TestExampleJourneysPass crawls the example spec against the example site:
// every journey (they use every step kind) must pass without a finding.
func TestExampleJourneysPass(t *testing.T) {
	s := parse(t, "example.yaml", string(examplesite.Spec()))
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: testSite.URL, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Journeys) != len(s.Journeys) {
		t.Fatalf("%d journeys reported, want %d", len(r.Journeys), len(s.Journeys))
	}
	kinds := map[string]bool{}
	for i, j := range r.Journeys {
		if j.Journey != s.Journeys[i].Name {
			t.Errorf("journey %d is %q, want %q (spec order)", i, j.Journey, s.Journeys[i].Name)
		}
		if !j.Passed || len(j.Findings) > 0 || j.Incomplete {
			t.Errorf("journey %q did not pass:\n%s", j.Journey, summarize(r))
		}
		if len(j.Steps) < len(s.Journeys[i].Steps) {
			t.Errorf("journey %q ran %d steps, want %d", j.Journey, len(j.Steps), len(s.Journeys[i].Steps))
		}
		for _, st := range j.Steps {
			kinds[st.Kind] = true
		}
	}
	for _, k := range spec.StepKinds {
		if !kinds[k] {
			t.Errorf("no example journey uses the step kind %s", k)
		}
	}
	// The hover and scroll steps of the third journey reach the page: the
	// card's mouseenter handler pushes card_hover, and scrolling to the
	// bottom makes the tag send its automatic scroll event.
	var hover, scroll bool
	for _, e := range r.Journeys[2].Events {
		hover = hover || (e.Source == validator.SourceDataLayer && e.Name == "card_hover")
		scroll = scroll || (e.Source == validator.SourceHit && e.Name == "scroll")
	}
	if !hover || !scroll {
		t.Errorf("journey %q: card_hover push %v, scroll hit %v", r.Journeys[2].Journey, hover, scroll)
	}
	got := strings.Join(hitEvents(r.Journeys[0].Events), " ")
	want := "page_view page_view pricing_page_view page_view demo_video_75 page_view demo_request page_view"
	if got != want {
		t.Errorf("hits of %q:\n got %s\nwant %s", r.Journeys[0].Journey, got, want)
	}
}

// TestBrokenJourneys crawls one journey per broken page; each must fail
// with exactly the findings in testdata/broken.golden.
func TestBrokenJourneys(t *testing.T) {
	s := exampleWith(t, readTestdata(t, "broken-journeys.yaml"))
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: testSite.URL, Concurrency: 2, StepTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range r.Journeys {
		if j.Passed {
			t.Errorf("journey %q passed; it must fail", j.Journey)
		}
	}
	golden.CheckString(t, "testdata/broken.golden", summarize(r))

	// Every validator rule is shown, except journey-incomplete (TestTimeout)
	// and spec-invalid (a spec problem, not something a page does).
	seen := map[string]bool{}
	for _, j := range r.Journeys {
		for _, f := range j.Findings {
			seen[f.Rule] = true
		}
	}
	for _, r := range validator.Rules {
		rule := r.ID
		if rule != validator.RuleJourneyIncomplete && rule != validator.RuleSpecInvalid && !seen[rule] {
			t.Errorf("no broken journey produces a %s finding", rule)
		}
	}
}

// TestFailedStepStopsJourneyWithScreenshot checks that a failed step is
// recorded with its error and a PNG, and that the journey stops there.
func TestFailedStepStopsJourneyWithScreenshot(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: renamed button
    start: /pricing
    steps:
      - click: "#start-trial-button"
      - visit: /trial
`)
	dir := t.TempDir()
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: testSite.URL, StepTimeout: 3 * time.Second, ScreenshotDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	o := obs[0]
	if len(o.Steps) != 1 {
		t.Fatalf("%d steps ran, want 1 (the journey stops at the failed step)", len(o.Steps))
	}
	st := o.Steps[0]
	if st.Error != "no element matches #start-trial-button" {
		t.Errorf("error %q", st.Error)
	}
	if !bytes.HasPrefix(st.ScreenshotPNG, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("no PNG screenshot (%d bytes)", len(st.ScreenshotPNG))
	}
	if b, err := os.ReadFile(st.Screenshot); err != nil || !bytes.Equal(b, st.ScreenshotPNG) {
		t.Errorf("screenshot file %q: %v", st.Screenshot, err)
	}
}

// TestTimeout runs a journey on a page that never finishes loading next
// to one that passes: a 30 s crawl timeout (room for the quick journey on
// a busy machine) ends the run in time, with the finished journey reported
// in full and the other incomplete.
func TestTimeout(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: quick pricing check
    start: /pricing
    consent: granted
    steps:
      - expect: pricing_page_view
  - name: page that never finishes
    start: /broken/never-finishes
    steps:
      - expect: pricing_page_view
`)
	start := time.Now()
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: testSite.URL, Timeout: 30 * time.Second, StepTimeout: 3 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	// The hanging page would hold the crawl for the 3-minute step
	// timeout; ending well before that shows the 30 s timeout cut it
	// short, with room for a busy machine.
	if took := time.Since(start); took > 2*time.Minute {
		t.Errorf("the crawl took %s with a 30s timeout; without it the hanging page would hold it for the 3m step timeout", took)
	}
	quick, hang := r.Journeys[0], r.Journeys[1]
	if !quick.Passed || quick.Incomplete {
		t.Errorf("the finished journey is not reported as passed:\n%s", summarize(r))
	}
	if !hang.Incomplete || hang.Passed || !strings.Contains(hang.Reason, "timeout") {
		t.Errorf("the hanging journey: incomplete=%v passed=%v reason=%q", hang.Incomplete, hang.Passed, hang.Reason)
	}
	found := false
	for _, f := range hang.Findings {
		found = found || f.Rule == validator.RuleJourneyIncomplete
	}
	if !found {
		t.Errorf("no %s finding:\n%s", validator.RuleJourneyIncomplete, summarize(r))
	}
}

// TestBrowserMissing checks the error for a browser that cannot start.
func TestBrowserMissing(t *testing.T) {
	_, err := StartBrowser(t.Context(), BrowserOptions{ExecPath: "/nonexistent/chromium"})
	var be *BrowserError
	if !errors.As(err, &be) {
		t.Fatalf("error %v is not a *BrowserError", err)
	}
	if !strings.Contains(err.Error(), "apt-get install chromium") || !strings.Contains(err.Error(), "/nonexistent/chromium") {
		t.Errorf("error does not say what and how to fix: %v", err)
	}
}

// TestVisitErrorPage fails a visit to a page that answers 404.
func TestVisitErrorPage(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: typo in a path
    start: /pricing
    steps:
      - visit: /pricng
`)
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: testSite.URL})
	if err != nil {
		t.Fatal(err)
	}
	st := obs[0].Steps
	if len(st) != 1 || !strings.HasSuffix(st[0].Error, "/pricng answered HTTP 404 Not Found") {
		t.Errorf("steps %+v", st)
	}
}

// TestJourneysAreIsolated runs a journey that accepts consent (stored in
// localStorage and a cookie by the site) before one that never answers
// the banner: the second must start with fresh storage, so the site holds
// its hits.
func TestJourneysAreIsolated(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: accepts
    start: /pricing
    consent: granted
    steps:
      - expect: pricing_page_view
  - name: never answers
    start: /pricing
    steps:
      - expect_none: pricing_page_view
`)
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: testSite.URL, Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range r.Journeys {
		if !j.Passed {
			t.Errorf("journey %q failed:\n%s", j.Journey, summarize(r))
		}
	}
}
