package starters

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
)

// One browser and one example site for the whole test binary; each crawl
// gets its own browser contexts.
var (
	testBrowser *crawler.Browser
	testSite    *examplesite.Server
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	ctx := context.Background()
	site, err := examplesite.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "example site:", err)
		return 1
	}
	defer site.Close()
	testSite = site
	// The browser test fails, never skips, when Chromium cannot start.
	b, err := crawler.StartBrowser(ctx, crawler.BrowserOptions{ExecPath: os.Getenv("TAGSPEC_BROWSER")})
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: the starter site test needs Chromium:", err)
		return 1
	}
	testBrowser = b
	code := m.Run()
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "closing the browser:", err)
	}
	return code
}

// TestB2BSaaSJourneysPassOnExampleSite crawls the b2b-saas template's own
// journeys in Chromium against tagspec's example site, which is built to
// the template's header (paths, selectors, dataLayer pushes). Every journey
// must pass with no finding: the template's journeys describe a site that
// can exist, and the header is enough to build it.
func TestB2BSaaSJourneysPassOnExampleSite(t *testing.T) {
	data, err := Get("b2b-saas")
	if err != nil {
		t.Fatal(err)
	}
	s, diags, err := spec.Parse("b2b-saas.yaml", data)
	if err != nil || len(diags) > 0 {
		t.Fatalf("spec.Parse: %v %v", err, diags)
	}
	// The example site sends to its own property; the template has a
	// placeholder ID that users replace.
	site, _, err := spec.Parse("example.yaml", examplesite.Spec())
	if err != nil {
		t.Fatalf("example site spec: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	rep, err := testBrowser.Crawl(ctx, s, crawler.Options{
		BaseURL:       testSite.URL,
		MeasurementID: site.MeasurementID,
		Timeout:       90 * time.Second,
		// Other packages' browser tests may run at the same time on a small
		// CI machine; give a flushed hit time to arrive under that load.
		FlushQuiet: 750 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if len(rep.Journeys) != len(s.Journeys) {
		t.Fatalf("crawled %d journeys, the template has %d", len(rep.Journeys), len(s.Journeys))
	}
	for _, j := range rep.Journeys {
		if j.Incomplete {
			t.Errorf("journey %q did not finish: %s", j.Journey, j.Reason)
		}
		for _, st := range j.Steps {
			if st.Error != "" {
				t.Errorf("journey %q: step %d (%s): %s", j.Journey, st.Index+1, st.Kind, st.Error)
			}
		}
		for _, f := range j.Findings {
			t.Errorf("journey %q: %s: %s", j.Journey, f.Rule, f.Message)
		}
		if !j.Passed {
			t.Errorf("journey %q did not pass", j.Journey)
		}
	}
}
