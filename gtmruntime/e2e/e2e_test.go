package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
	"github.com/tagspec/tagspec/templates"
)

// One browser for the whole test binary; each crawl gets its own browser
// contexts.
var testBrowser *crawler.Browser

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	// The end-to-end test fails, never skips, when Chromium cannot start.
	b, err := crawler.StartBrowser(context.Background(), crawler.BrowserOptions{ExecPath: os.Getenv("TAGSPEC_BROWSER")})
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: the container runtime end-to-end test needs Chromium:", err)
		return 1
	}
	testBrowser = b
	code := m.Run()
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "closing the browser:", err)
	}
	return code
}

// serveSite serves the example site without tracking code of its own
// (examplesite.Options.NoTracking) with the given site faults turned on.
func serveSite(t *testing.T, faults ...string) string {
	t.Helper()
	h, err := examplesite.NewHandler(t.Context().Done(), examplesite.Options{NoTracking: true, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// starter parses a starter template.
func starter(t *testing.T, name string) *spec.Spec {
	t.Helper()
	data, err := starters.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s, diags, err := spec.Parse(name+".yaml", data)
	if err != nil || diag.HasErrors(diags) {
		t.Fatalf("spec.Parse: %v %v", err, diags)
	}
	return s
}

// crawlWithContainer generates the spec's container, turns it into the
// runtime script and crawls every journey with it.
func crawlWithContainer(t *testing.T, s *spec.Spec, base string) *crawler.Result {
	t.Helper()
	container, err := templates.Generate(s, templates.Options{})
	if err != nil {
		t.Fatalf("generate gtm: %v", err)
	}
	js, unsupported, err := gtmruntime.Script(container)
	if err != nil {
		t.Fatal(err)
	}
	if len(unsupported) > 0 {
		t.Fatalf("the generated container has parts the runtime does not emulate: %v", unsupported)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 6*time.Minute)
	defer cancel()
	rep, err := testBrowser.Crawl(ctx, s, crawler.Options{
		BaseURL:       base,
		MeasurementID: s.MeasurementID,
		InitScripts:   []string{js},
		Routes:        []crawler.Route{{Pattern: "www.youtube.com/embed/*", File: filepath.Join("testdata", "youtube-embed.html")}},
		// Bounds for a machine busy enough to make a step take tens of
		// seconds; on a quiet one the crawl takes a few seconds.
		Timeout:     5 * time.Minute,
		StepTimeout: time.Minute,
		// Other packages' browser tests may share this small machine.
		FlushQuiet: 500 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if len(rep.Journeys) != len(s.Journeys) {
		t.Fatalf("crawled %d journeys, the spec has %d", len(rep.Journeys), len(s.Journeys))
	}
	for _, j := range rep.Journeys {
		if j.Incomplete {
			t.Errorf("journey %q did not finish: %s", j.Journey, j.Reason)
		}
	}
	return rep
}

// findings lists every finding of the report as "journey: line N: rule
// event", N being the spec line the finding points at.
func findings(rep *crawler.Result) []string {
	var out []string
	for _, j := range rep.Journeys {
		for _, f := range j.Findings {
			out = append(out, fmt.Sprintf("%s: line %d: %s %s", j.Journey, f.Pos.Line, f.Rule, f.Event))
		}
	}
	return out
}

// TestStartersPassWithGeneratedContainer is the loop the product
// promises: a starter template -> generate gtm -> a site with no tracking
// code of its own -> crawl with the container running -> every journey
// passes, every GA4 hit produced by the generated container.
func TestStartersPassWithGeneratedContainer(t *testing.T) {
	for _, tc := range []struct {
		name string
	}{
		{name: "b2b-saas"}, {name: "content"}, {name: "ecommerce"}, {name: "lead-gen"},
	} {
		name := tc.name
		t.Run(name, func(t *testing.T) {
			s := starter(t, name)
			rep := crawlWithContainer(t, s, serveSite(t))
			for _, j := range rep.Journeys {
				for _, st := range j.Steps {
					if st.Error != "" {
						t.Errorf("journey %q: step %d (%s): %s", j.Journey, st.Index+1, st.Kind, st.Error)
					}
				}
				for _, f := range j.Findings {
					t.Errorf("journey %q: %s", j.Journey, f)
				}
				if !j.Passed {
					t.Errorf("journey %q did not pass", j.Journey)
					for _, e := range j.Events {
						t.Logf("  step %d %s %s %s", e.Step, e.Source, e.Name, e.Time.Format("15:04:05.000"))
					}
				}
			}
		})
	}
}

// TestBrokenVariantsGiveTheirFindingOnce: a selector that matches nothing,
// a dataLayer push that lacks a key and a tag gated on consent the visitor
// never gives each give exactly the expected findings, once.
func TestBrokenVariantsGiveTheirFindingOnce(t *testing.T) {
	const proof = "researcher downloads proof and starts a trial"
	for _, tc := range []struct {
		name   string
		faults []string
		edit   func(s *spec.Spec)
		want   []string
	}{
		{
			name: "selector matches nothing",
			edit: func(s *spec.Spec) {
				event(t, s, "case_study_download").Trigger.Selector = "a.case-study-link"
			},
			// The journey's expect step (line 208) finds no hit.
			want: []string{proof + ": line 208: journey/event-missing case_study_download"},
		},
		{
			name:   "dataLayer key missing",
			faults: []string{"drop-trial-days"},
			// One mistake, one finding: the journey's expect step (line
			// 214) reports the missing trial_days; the event's required
			// param (line 152) does not repeat it for the same hit.
			want: []string{proof + ": line 215: journey/param-missing free_trial_start"},
		},
		{
			name:   "tag waits for consent never given",
			faults: []string{"analytics-only-consent"},
			edit: func(s *spec.Spec) {
				event(t, s, "free_trial_start").Consent = []string{"analytics_storage", "ad_storage"}
			},
			want: []string{proof + ": line 215: journey/event-missing free_trial_start"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := starter(t, "b2b-saas")
			if tc.edit != nil {
				tc.edit(s)
			}
			rep := crawlWithContainer(t, s, serveSite(t, tc.faults...))
			got := findings(rep)
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				for _, j := range rep.Journeys {
					for _, f := range j.Findings {
						t.Logf("%s: %s", j.Journey, f)
					}
				}
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// event returns the spec's event called name.
func event(t *testing.T, s *spec.Spec, name string) *spec.Event {
	t.Helper()
	for i := range s.Events {
		if s.Events[i].Name == name {
			return &s.Events[i]
		}
	}
	t.Fatalf("the spec has no event %q", name)
	return nil
}
