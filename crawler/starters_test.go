package crawler

import (
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// TestStarterJourneys crawls the journeys of every starter template
// against the example site, which provides the pages, selectors and
// dataLayer pushes each template documents: every journey must pass. The
// site sends to its own measurement ID, passed the way --env or
// --measurement-id would.
func TestStarterJourneys(t *testing.T) {
	for _, name := range starters.Names() {
		t.Run(name, func(t *testing.T) {
			src, err := starters.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, diags, err := spec.Parse(name+".yaml", src)
			if err != nil || diag.HasErrors(diags) {
				t.Fatalf("starter %s does not load: %v %v", name, err, diags)
			}
			r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: testSite.URL, Concurrency: 2, MeasurementID: examplesite.MeasurementID})
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range r.Journeys {
				if !j.Passed {
					t.Errorf("journey %q failed:\n%s", j.Journey, summarize(r))
					break
				}
			}
		})
	}
}
