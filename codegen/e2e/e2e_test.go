package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tagspec/tagspec/codegen"
	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
	"github.com/tagspec/tagspec/validator"
)

// One browser for the whole test binary; each crawl gets its own browser
// contexts.
var testBrowser *crawler.Browser

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	// The loop test fails, never skips, when Chromium cannot start.
	b, err := crawler.StartBrowser(context.Background(), crawler.BrowserOptions{ExecPath: os.Getenv("TAGSPEC_BROWSER")})
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: the codegen loop test needs Chromium:", err)
		return 1
	}
	testBrowser = b
	code := m.Run()
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "closing the browser:", err)
	}
	return code
}

// servePage serves testdata/page.html at / and the generated JavaScript
// module at /tagspec-events.js.
func servePage(t *testing.T, module []byte) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})
	mux.HandleFunc("GET /tagspec-events.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(module)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestGeneratedHelpersPass is spec -> code -> hit in one loop: the page's
// only tracking code is the helpers generated from testdata/loop.yaml, the
// only tag manager the container generated from the same spec, and the
// crawl's validator must pass every event of the journey, each seen as a
// GA4 hit the container sent.
func TestGeneratedHelpersPass(t *testing.T) {
	s, diags, err := spec.Load(filepath.Join("testdata", "loop.yaml"))
	if err != nil || diag.HasErrors(diags) {
		t.Fatalf("loading the loop spec: %v %v", err, diags)
	}
	files, err := codegen.Generate(s, codegen.JavaScript)
	if err != nil {
		t.Fatal(err)
	}
	var module []byte
	for _, f := range files {
		if f.Name == codegen.ModuleName+".js" {
			module = f.Data
		}
	}
	if module == nil {
		t.Fatalf("Generate wrote no %s.js", codegen.ModuleName)
	}
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
		BaseURL:       servePage(t, module),
		MeasurementID: s.MeasurementID,
		InitScripts:   []string{js},
		// Bounds for a machine busy enough to make a step take tens of
		// seconds; on a quiet one the crawl takes a few seconds.
		Timeout:     5 * time.Minute,
		StepTimeout: time.Minute,
		FlushQuiet:  500 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if len(rep.Journeys) != 1 {
		t.Fatalf("crawled %d journeys, the spec has 1", len(rep.Journeys))
	}
	j := rep.Journeys[0]
	if j.Incomplete {
		t.Fatalf("journey %q did not finish: %s", j.Journey, j.Reason)
	}
	for _, st := range j.Steps {
		if st.Error != "" {
			t.Errorf("step %d (%s): %s", st.Index+1, st.Kind, st.Error)
		}
	}
	for _, f := range j.Findings {
		t.Errorf("finding: %s", f)
	}
	if !j.Passed {
		t.Errorf("journey %q did not pass", j.Journey)
	}
	hits := map[string]int{}
	for _, e := range j.Events {
		if e.Source == validator.SourceHit {
			hits[e.Name]++
		}
	}
	for _, e := range s.Events {
		if hits[e.Name] != 1 {
			t.Errorf("event %s: %d GA4 hits, want 1", e.Name, hits[e.Name])
		}
	}
	if t.Failed() {
		for _, e := range j.Events {
			t.Logf("  step %d %s %s %v", e.Step, e.Source, e.Name, e.Params)
		}
	}
}
