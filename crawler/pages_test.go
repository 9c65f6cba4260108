package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/discover"
)

const pagesSpec = `version: 1
name: page faults
events:
  - name: signup
    kind: micro
    trigger:
      datalayer: { event: signup }
journeys: []
`

// pageViewScript sends one page_view hit in the GA4 wire format, the way
// a tag does on load.
const pageViewScript = `<script>
navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=2&tid=G-PAGES&cid=1.2&_p=' + Date.now() +
  '&en=page_view&dl=' + encodeURIComponent(location.href));
</script>`

// faultPagesSite serves a hub that links to one page per fault: a page
// whose image never finishes (its load event never fires), one that keeps
// a long poll open forever, a 500, a redirect loop, a page whose scripts throw,
// and a page that answers 503 to the first browser that asks. Discovery's
// own requests are told apart by their user agent.
func faultPagesSite(t *testing.T) (string, *flakyCounter) {
	t.Helper()
	flaky := &flakyCounter{}
	quit := make(chan struct{})
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>page</title>%s%s", pageViewScript, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		page(w, `<a href="/ok">ok</a> <a href="/stuck">stuck</a> <a href="/busy">busy</a> <a href="/boom">boom</a>
<a href="/loop/a">loop</a> <a href="/throws">throws</a> <a href="/flaky">flaky</a> <a href="/silent">silent</a>`)
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { page(w, "<p>fine</p>") })
	mux.HandleFunc("/stuck", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<p>an image that never arrives</p><img src="/never.png">`)
	})
	mux.HandleFunc("/never.png", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	})
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		// A long poll: there is always a request in flight.
		page(w, `<p>polls forever</p><script>var n = 0; (function poll() { fetch('/poll?n=' + (n++)).then(poll, poll); })();</script>`)
	})
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		// Not even the headers arrive.
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	})
	mux.HandleFunc("/poll", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
		case <-quit:
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "<!doctype html><title>oops</title><p>database down</p>")
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("/throws", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<script>throw new Error("carousel failed to start");</script>`)
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.UserAgent(), "Chrome") && flaky.first() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, "<!doctype html><title>busy</title><p>try again</p>")
			return
		}
		page(w, "<p>fine the second time</p>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { close(quit); srv.Close() })
	return srv.URL, flaky
}

// flakyCounter answers true once.
type flakyCounter struct {
	mu    sync.Mutex
	calls int
}

func (f *flakyCounter) first() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.calls == 1
}

// pageSummary is what a test compares of a checked page.
type pageSummary struct {
	Passed   bool
	Attempts int
	Retried  []string
	Findings []string // "severity rule: message"
}

func summarizePages(r *Result, base string) map[string]pageSummary {
	out := map[string]pageSummary{}
	for _, j := range r.Journeys {
		if j.Page == nil {
			continue
		}
		ps := pageSummary{Passed: j.Passed, Attempts: j.Attempts}
		for _, why := range j.Retried {
			ps.Retried = append(ps.Retried, strings.ReplaceAll(why, base, "$BASE"))
		}
		for _, f := range j.Findings {
			ps.Findings = append(ps.Findings, fmt.Sprintf("%s %s: %s", f.Severity, f.Rule, strings.ReplaceAll(f.Message, base, "$BASE")))
		}
		out[strings.TrimPrefix(j.Page.URL, base)] = ps
	}
	return out
}

// TestPageFaults discovers a site where every page but two has a fault:
// each becomes a finding on its page, the crawl goes on past all of them,
// and the page that fails once passes on its second attempt, with the
// first attempt's error in the report.
func TestPageFaults(t *testing.T) {
	base, _ := faultPagesSite(t)
	s := parse(t, "pages.yaml", pagesSpec)
	r, err := testBrowser.Crawl(t.Context(), s, Options{
		BaseURL: base,
		// Bounds with room for a busy machine: the pages that never load,
		// never answer or never go idle take them in full, the others a
		// fraction of a second on a quiet machine.
		Discover:    &discover.Options{NoSitemap: true, Timeout: 10 * time.Second},
		Retries:     1,
		StepTimeout: 20 * time.Second,
		IdleTimeout: 10 * time.Second,
		Concurrency: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := summarizePages(r, base)
	want := map[string]pageSummary{
		"/":     {Passed: true},
		"/ok":   {Passed: true},
		"/boom": {Attempts: 2, Retried: []string{"answered HTTP 500"}, Findings: []string{"error page/status: the page cannot be checked: answered HTTP 500 (linked from $BASE/)"}},
		"/busy": {Passed: true, Findings: []string{
			"warning page/not-idle: the page still had requests in flight 10s after its load event: only the hits sent until then are checked"}},
		"/flaky":  {Passed: true, Attempts: 2, Retried: []string{"the page answered HTTP 503 (linked from $BASE/)"}},
		"/loop/a": {Findings: []string{"error page/status: the page cannot be checked: redirect loop: /loop/a -> /loop/b -> /loop/a (linked from $BASE/)"}},
		"/stuck": {Attempts: 2, Retried: []string{"the page did not finish loading within 20s"},
			Findings: []string{"error page/timeout: the page did not finish loading within 20s"}},
		"/silent": {Attempts: 2, Retried: []string{"timed out after 10s"},
			Findings: []string{"error page/timeout: the page cannot be checked: timed out after 10s (linked from $BASE/)"}},
		"/throws": {Passed: true, Findings: []string{
			"warning page/script-error: uncaught JavaScript exception: Error: carousel failed to start at $BASE/throws:4:24"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if r.Discovery == nil || r.Discovery.Found != 9 || r.Discovery.Checked != 9 {
		t.Errorf("discovery summary = %+v, want 9 found and checked", r.Discovery)
	}
}

// TestPageTabCrash runs a page that allocates memory until its renderer
// dies, in a browser whose tabs have a small JavaScript heap: the crash is
// a finding on that page and the next page is still checked.
func TestPageTabCrash(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><title>hub</title>%s<a href="/hog">hog</a> <a href="/calm">calm</a>`, pageViewScript)
	})
	mux.HandleFunc("/calm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><title>calm</title>%s`, pageViewScript)
	})
	mux.HandleFunc("/hog", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><title>hog</title>%s<script>
var keep = [];
(function grow() { for (var i = 0; i < 50; i++) { keep.push(new Array(1 << 20).fill(i)); } setTimeout(grow, 0); })();
</script>`, pageViewScript)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b, err := StartBrowser(t.Context(), BrowserOptions{Flags: []string{"js-flags=--max-old-space-size=32"}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s := parse(t, "pages.yaml", pagesSpec)
	r, err := b.Crawl(t.Context(), s, Options{BaseURL: srv.URL, Discover: &discover.Options{NoSitemap: true}, Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := summarizePages(r, srv.URL)
	hog := got["/hog"]
	if hog.Passed || len(hog.Findings) != 1 || !strings.HasPrefix(hog.Findings[0], "error "+RuleTabCrashed+": the browser tab crashed") {
		t.Errorf("/hog = %+v, want one page/tab-crashed error", hog)
	}
	if !got["/calm"].Passed || !got["/"].Passed {
		t.Errorf("pages after the crash: %+v", got)
	}
}

// TestJourneyRetries repeats a journey whose visit failed once.
func TestJourneyRetries(t *testing.T) {
	base, _ := faultPagesSite(t)
	s := parse(t, "pages.yaml", strings.Replace(pagesSpec, "journeys: []", `journeys:
  - name: flaky page
    start: /ok
    steps:
      - visit: /flaky
`, 1))
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: base, Retries: 2})
	if err != nil {
		t.Fatal(err)
	}
	j := r.Journeys[0]
	want := []string{"step 1 (visit) failed: " + base + "/flaky answered HTTP 503 Service Unavailable"}
	if !j.Passed || j.Attempts != 2 || !cmp.Equal(j.Retried, want) {
		t.Errorf("journey passed=%v attempts=%d retried=%q; want passed on attempt 2 after %q", j.Passed, j.Attempts, j.Retried, want)
	}
}

// TestTimeoutBeforeBrowserStart: a run whose timeout expires while the
// browser is still starting reports every journey incomplete instead of
// failing to start.
func TestTimeoutBeforeBrowserStart(t *testing.T) {
	s := parse(t, "pages.yaml", strings.Replace(pagesSpec, "journeys: []", `journeys:
  - name: never started
    start: /
    steps:
      - expect_none: signup
`, 1))
	r, err := Run(t.Context(), s, Options{BaseURL: "http://127.0.0.1:9", Timeout: time.Nanosecond, Discover: &discover.Options{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Journeys) != 1 || !r.Journeys[0].Incomplete || r.Journeys[0].Passed ||
		!strings.Contains(r.Journeys[0].Reason, "stopped by the 1ns crawl timeout") {
		t.Errorf("report journeys %+v", r.Journeys)
	}
	if r.Discovery == nil || r.Discovery.Found != 0 {
		t.Errorf("discovery %+v, want an empty one", r.Discovery)
	}
}

// TestSitemapProblem: a sitemap that does not parse is a warning of the
// run that says which file and where, and the pages links reach are still
// checked.
func TestSitemapProblem(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><title>home</title>%s`, pageViewScript)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nSitemap: /sitemaps/pages.xml\n")
	})
	mux.HandleFunc("/sitemaps/pages.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<url><loc>/a</loc></url>\n<url><loc>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s := parse(t, "pages.yaml", pagesSpec)
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: srv.URL, Discover: &discover.Options{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Rule != RuleSitemap || !strings.Contains(r.Findings[0].Message, "/sitemaps/pages.xml") {
		t.Errorf("run findings %v, want one sitemap warning naming the file", r.Findings)
	}
	if got := summarizePages(r, srv.URL); len(got) != 1 || !got["/"].Passed {
		t.Errorf("pages %+v, want / checked and passing", got)
	}
}
