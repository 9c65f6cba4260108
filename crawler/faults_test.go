package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

const faultSpec = `version: 1
name: faults
events:
  - name: signup
    kind: micro
    trigger:
      datalayer: { event: signup }
journeys:
  - name: server error
    start: /ok
    steps:
      - visit: /broken
  - name: redirect loop
    start: /ok
    steps:
      - visit: /loop/a
  - name: script errors
    start: /throws
    steps:
      - click: "#later"
      - expect_none: signup
`

// faultSite serves a healthy page, one that answers 500, a redirect loop
// and a page whose scripts throw, once while loading and once on a click.
func faultSite(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>ok</title><p>fine</p>")
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "<!doctype html><title>oops</title><p>database down</p>")
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	})
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a", http.StatusFound)
	})
	mux.HandleFunc("/throws", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>throws</title>
<button id="later" onclick="later()">later</button>
<script>
function later() { setTimeout(function () { null.track(); }, 0); }
throw new Error("checkout widget failed to start");
</script>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestFaultFindings crawls a site with broken pages: a 500 and a redirect
// loop fail their step with a finding that says what the server did, and
// uncaught script exceptions are warnings with their message that do not
// fail the journey; the crawl goes on past each fault.
func TestFaultFindings(t *testing.T) {
	base := faultSite(t)
	s := parse(t, "faults.yaml", faultSpec)
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	type finding struct {
		Rule     string
		Severity spec.Severity
		Step     int
		Message  string
	}
	got := map[string][]finding{}
	passed := map[string]bool{}
	for _, j := range r.Journeys {
		passed[j.Journey] = j.Passed
		for _, f := range j.Findings {
			got[j.Journey] = append(got[j.Journey], finding{f.Rule, f.Severity, f.Step, strings.ReplaceAll(f.Message, base, "$BASE")})
		}
	}
	want := map[string][]finding{
		"server error": {{validator.RuleStepFailed, spec.SeverityError, 0,
			"visit /broken failed: $BASE/broken answered HTTP 500 Internal Server Error"}},
		"redirect loop": {{validator.RuleStepFailed, spec.SeverityError, 0,
			"visit /loop/a failed: page load error net::ERR_TOO_MANY_REDIRECTS"}},
		"script errors": {
			{RulePageError, spec.SeverityWarning, validator.NoStep,
				"uncaught JavaScript exception: Error: checkout widget failed to start at $BASE/throws:5:7"},
			{RulePageError, spec.SeverityWarning, 0,
				"uncaught JavaScript exception: TypeError: Cannot read properties of null (reading 'track') at $BASE/throws:4:50"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"server error": false, "redirect loop": false, "script errors": true}, passed); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
}
