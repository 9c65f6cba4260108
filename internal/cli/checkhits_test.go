package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/validator"
)

// harSpec is the spec the recorded sessions are judged against.
const harSpec = `version: 1
name: HAR check
measurement_id: G-HARTEST01
events:
  - name: newsletter_signup
    kind: micro
    trigger:
      form_submit: { selector: "form#newsletter" }
    params:
      form_location:
        type: string
        required: true
        enum: [footer, popup]
  - name: purchase
    kind: macro
    trigger:
      datalayer: { event: purchase }
    params:
      value: { type: number, required: true }
      currency: { type: string, required: true }
`

// harSitePage is the page served on loopback. Its small script sends GA4
// hits in the real wire format the three ways browsers send them: a GET
// (image request), a batched POST with one event per body line separated
// by \r\n (fetch with keepalive), and navigator.sendBeacon. The query
// string of the page picks the data: /clean sends correct events, /leaky
// sends a purchase without its currency and an email address in a param.
const harSitePage = `<!doctype html>
<html><head><title>%[1]s</title></head>
<body><h1>%[1]s</h1>
<script>
(function () {
  var endpoint = "https://www.google-analytics.com/g/collect";
  var shared = "v=2&tid=G-HARTEST01&cid=555.666&sid=1700000000&sct=1&_p=42&gcs=G111" +
    "&dl=" + encodeURIComponent(location.href) + "&dt=" + encodeURIComponent(document.title);
  var leaky = location.pathname === "/leaky";
  // page_view as a single-event GET.
  new Image().src = endpoint + "?" + shared + "&_s=1&en=page_view&_fv=1&_ss=1";
  setTimeout(function () {
    // A batch: two events, one per body line.
    var lines = [
      "en=newsletter_signup&ep.form_location=footer&_et=120",
      leaky
        ? "en=purchase&epn.value=49.99&ep.contact=jane.doe%%40example.com&_et=80"
        : "en=purchase&epn.value=49.99&ep.currency=EUR&_et=80"
    ];
    fetch(endpoint + "?" + shared + "&_s=2", {method: "POST", keepalive: true, mode: "no-cors", body: lines.join("\r\n")});
    // A beacon with one event in its body.
    navigator.sendBeacon(endpoint + "?" + shared + "&_s=3", "en=newsletter_signup&ep.form_location=popup&_et=40");
  }, 50);
})();
</script>
</body></html>`

// TestCheckHitsChromiumHAR records HAR files with real headless Chromium
// through the DevTools protocol (GA4 hits answered inside the browser, so
// nothing leaves the machine) and checks them with tagspec check-hits. It
// fails when Chromium cannot start.
func TestCheckHitsChromiumHAR(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		title := map[string]string{"/clean": "Clean page", "/leaky": "Leaky page"}[r.URL.Path]
		if title == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, harSitePage, title)
	}))
	defer site.Close()

	bctx := startTestBrowser(t)
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.har")
	leaky := filepath.Join(dir, "leaky.har")
	recordHAR(t, bctx, site.URL+"/clean", clean, 3)
	recordHAR(t, bctx, site.URL+"/leaky", leaky, 3)

	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(harSpec), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("clean", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, "check-hits", specPath, clean)
		if code != ExitOK {
			t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, "PASS  clean.har  (3 hits carrying 4 events)") {
			t.Errorf("stdout:\n%s", stdout)
		}
	})
	t.Run("both files", func(t *testing.T) {
		junit := filepath.Join(dir, "out", "har.xml")
		code, stdout, stderr := runCLI(t, "check-hits", specPath, clean, leaky, "--format", "json", "--report", "junit="+junit)
		if code != ExitFindings {
			t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		var doc struct {
			Journeys []struct {
				Name     string `json:"name"`
				Passed   bool   `json:"passed"`
				Findings []struct {
					Rule, Severity, Event, Message string
				} `json:"findings"`
				Events []struct {
					Name string `json:"name"`
				} `json:"events"`
			} `json:"journeys"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
		}
		var got []string
		for _, j := range doc.Journeys {
			var evs []string
			for _, e := range j.Events {
				evs = append(evs, e.Name)
			}
			got = append(got, fmt.Sprintf("%s passed=%v events=%s", j.Name, j.Passed, strings.Join(evs, ",")))
			for _, f := range j.Findings {
				got = append(got, fmt.Sprintf("  %s %s %s: %s", f.Severity, f.Rule, f.Event, f.Message))
			}
		}
		want := []string{
			"clean.har passed=true events=page_view,newsletter_signup,purchase,newsletter_signup",
			"leaky.har passed=false events=page_view,newsletter_signup,purchase,newsletter_signup",
			`  error journey/param-missing purchase: event "purchase": required param "currency" is missing`,
			`  error privacy/personal-data-hit purchase: event "purchase" carries an email address in param "contact" (j***@example.com)`,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("journeys and findings (-want +got):\n%s", diff)
		}
		if info, err := os.Stat(junit); err != nil || info.Size() == 0 {
			t.Errorf("JUnit report not written: %v", err)
		}
	})
	// With a spec that requires consent, a session whose consent choice is
	// unknown is judged as not granted; --consent granted says the visitor
	// accepted before the first hit.
	consentSpec := filepath.Join(dir, "consent.yaml")
	src := strings.Replace(harSpec, "events:\n", "consent:\n  required: [analytics_storage]\n  accept_selector: \"#ok\"\nevents:\n", 1) +
		"journeys:\n  - name: accepting visitor\n    start: /clean\n    consent: granted\n    steps:\n      - expect: newsletter_signup\n"
	if err := os.WriteFile(consentSpec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("consent untouched", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, "check-hits", consentSpec, clean)
		if code != ExitFindings || !strings.Contains(stdout, "[consent/before-grant]") {
			t.Errorf("exit %d, want 1 with consent-before-grant\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
	t.Run("journey consent", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, "check-hits", consentSpec, clean, "--journey", "accepting visitor")
		if code != ExitOK || !strings.Contains(stdout, "PASS  accepting visitor  (3 hits carrying 4 events)") {
			t.Errorf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
	t.Run("consent granted", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, "check-hits", consentSpec, clean, "--consent", "granted")
		if code != ExitOK {
			t.Errorf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
}

// TestCheckHitsHARSizeBound: a HAR file one byte past
// validator.MaxHARBytes is refused from its size (a sparse file, so the
// test costs no disk). The other bad HAR files are cases of
// testdata/script/check_hits_bad_input.txtar.
func TestCheckHitsHARSizeBound(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(harSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.har")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(validator.MaxHARBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, stdout, stderr := runCLI(t, "check-hits", specPath, huge)
	want := "tagspec: " + huge + ": read HAR: tagspec reads HAR files of at most 268435456 bytes (256 MiB), and this one is 268435457 bytes: record a shorter session\n"
	if code != ExitBadInput || stderr != want || stdout != "" {
		t.Errorf("exit %d, want %d\nstderr %q\n  want %q\nstdout:\n%s", code, ExitBadInput, stderr, want, stdout)
	}
}

// startTestBrowser starts headless Chromium for this test and returns the
// browser context; the browser stops when the test ends. It fails the
// test, never skips it, when Chromium cannot start.
func startTestBrowser(t *testing.T) context.Context {
	t.Helper()
	path := "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		p, lerr := exec.LookPath("chromium")
		if lerr != nil {
			t.Fatalf("no Chromium at %s or on PATH: install it with apt-get install chromium", path)
		}
		path = p
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	bctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Do starts the browser and ties it to bctx, so the start is
	// bounded by a timer rather than a derived context.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium %s: %v", path, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("start Chromium %s: no answer after 30s", path)
	}
	return bctx
}

// recordedRequest is one request of a tab, as the DevTools protocol
// reported it.
type recordedRequest struct {
	sent     *network.EventRequestWillBeSent
	response *network.Response
	body     []byte
}

// recordHAR opens pageURL in a new tab of the browser, answers GA4 hits
// with 204 inside the browser, records the tab's Network events until the
// page sent its three GA4 requests, and writes them as a HAR 1.2 file.
func recordHAR(t *testing.T, bctx context.Context, pageURL, harPath string, want int) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	deadline := time.AfterFunc(30*time.Second, cancel)
	defer deadline.Stop()

	var mu sync.Mutex
	var reqs []*recordedRequest
	byID := map[network.RequestID]*recordedRequest{}
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			r := &recordedRequest{sent: ev}
			reqs = append(reqs, r)
			byID[ev.RequestID] = r
		case *network.EventResponseReceived:
			if r, ok := byID[ev.RequestID]; ok {
				r.response = ev.Response
			}
		}
	}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatal(err)
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID:    ev.RequestID,
				ResponseCode: 204,
				ResponseHeaders: []*fetch.HeaderEntry{
					{Name: "Access-Control-Allow-Origin", Value: "*"},
				},
			})
		}
	}()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*google-analytics.com/*"}}}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatalf("open %s: %v", pageURL, err)
	}
	// Wait until the page's GA4 requests were sent and answered.
	for {
		mu.Lock()
		n := 0
		for _, r := range reqs {
			if strings.Contains(r.sent.Request.URL, "/g/collect") && r.response != nil {
				n++
			}
		}
		mu.Unlock()
		if n >= want {
			break
		}
		select {
		case <-ctx.Done():
			mu.Lock()
			for _, r := range reqs {
				t.Logf("%s %s %s response=%v", r.sent.Type, r.sent.Request.Method, r.sent.Request.URL, r.response != nil)
			}
			mu.Unlock()
			t.Fatalf("%s: only %d of %d GA4 requests seen: %v", pageURL, n, want, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	mu.Lock()
	recorded := append([]*recordedRequest(nil), reqs...)
	mu.Unlock()
	for _, r := range recorded {
		if !r.sent.Request.HasPostData {
			continue
		}
		res, err := chromedp.Call(ctx, network.GetRequestPostData, network.GetRequestPostDataParams{RequestID: r.sent.RequestID})
		if err != nil {
			t.Fatalf("post data of %s: %v", r.sent.Request.URL, err)
		}
		r.body = res.PostData
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(harPath, harJSON(t, title, recorded), 0o644); err != nil {
		t.Fatal(err)
	}
}

// harJSON writes recorded requests as a HAR 1.2 document.
func harJSON(t *testing.T, title string, reqs []*recordedRequest) []byte {
	t.Helper()
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	type postData struct {
		MimeType string `json:"mimeType"`
		Text     string `json:"text"`
	}
	type request struct {
		Method      string    `json:"method"`
		URL         string    `json:"url"`
		HTTPVersion string    `json:"httpVersion"`
		Cookies     []nv      `json:"cookies"`
		Headers     []nv      `json:"headers"`
		QueryString []nv      `json:"queryString"`
		PostData    *postData `json:"postData,omitempty"`
		HeadersSize int       `json:"headersSize"`
		BodySize    int       `json:"bodySize"`
	}
	type content struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
	}
	type response struct {
		Status      int64   `json:"status"`
		StatusText  string  `json:"statusText"`
		HTTPVersion string  `json:"httpVersion"`
		Cookies     []nv    `json:"cookies"`
		Headers     []nv    `json:"headers"`
		Content     content `json:"content"`
		RedirectURL string  `json:"redirectURL"`
		HeadersSize int     `json:"headersSize"`
		BodySize    int     `json:"bodySize"`
	}
	type entry struct {
		PageRef         string         `json:"pageref"`
		StartedDateTime string         `json:"startedDateTime"`
		Time            float64        `json:"time"`
		Request         request        `json:"request"`
		Response        response       `json:"response"`
		Cache           struct{}       `json:"cache"`
		Timings         map[string]int `json:"timings"`
	}
	type page struct {
		StartedDateTime string         `json:"startedDateTime"`
		ID              string         `json:"id"`
		Title           string         `json:"title"`
		PageTimings     map[string]int `json:"pageTimings"`
	}
	var doc struct {
		Log struct {
			Version string  `json:"version"`
			Creator nv      `json:"creator"`
			Pages   []page  `json:"pages"`
			Entries []entry `json:"entries"`
		} `json:"log"`
	}
	doc.Log.Version = "1.2"
	doc.Log.Creator = nv{Name: "tagspec test recorder", Value: ""}
	wall := func(ts cdp.TimeSinceEpoch) string {
		sec := float64(ts)
		return time.Unix(0, int64(sec*1e9)).UTC().Format(time.RFC3339Nano)
	}
	for i, r := range reqs {
		if i == 0 {
			doc.Log.Pages = append(doc.Log.Pages, page{StartedDateTime: wall(r.sent.WallTime), ID: "page_1", Title: title, PageTimings: map[string]int{}})
		}
		q := request{Method: r.sent.Request.Method, URL: r.sent.Request.URL, HTTPVersion: "HTTP/1.1", Cookies: []nv{}, Headers: []nv{}, QueryString: []nv{}, HeadersSize: -1, BodySize: len(r.body)}
		for _, k := range slices.Sorted(maps.Keys(r.sent.Request.Headers)) {
			q.Headers = append(q.Headers, nv{Name: k, Value: fmt.Sprint(r.sent.Request.Headers[k])})
		}
		if r.body != nil {
			q.PostData = &postData{MimeType: "text/plain;charset=UTF-8", Text: string(r.body)}
		}
		s := response{Status: 0, HTTPVersion: "HTTP/1.1", Cookies: []nv{}, Headers: []nv{}, HeadersSize: -1, BodySize: -1}
		if r.response != nil {
			s.Status, s.StatusText, s.Content.MimeType = r.response.Status, r.response.StatusText, r.response.MimeType
		}
		doc.Log.Entries = append(doc.Log.Entries, entry{PageRef: "page_1", StartedDateTime: wall(r.sent.WallTime), Time: 0,
			Request: q, Response: s, Timings: map[string]int{"send": 0, "wait": 0, "receive": 0}})
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}
