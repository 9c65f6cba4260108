package gtagstandin

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/crawler"
)

// subject is a tag under test: the stand-in, or a real build.
type subject struct {
	name   string
	id     string // the measurement ID the build is for
	script []byte
}

// TestContract checks the stand-in against every clause of the contract in
// Chromium. The same checks run against Google's real builds with the
// conformance build tag (realtags_test.go).
func TestContract(t *testing.T) {
	checkContract(t, subject{name: "stand-in", id: "G-TAGSPEC01", script: Script()})
}

// TestContractIsChecked keeps the contract data and the checks together.
func TestContractIsChecked(t *testing.T) {
	for _, c := range Contract {
		if checks[c.ID] == nil {
			t.Errorf("clause %s has no check", c.ID)
		}
	}
	if len(checks) != len(Contract) {
		t.Errorf("%d checks for %d clauses", len(checks), len(Contract))
	}
}

func checkContract(t *testing.T, s subject) {
	b := startBrowser(t)
	for _, c := range Contract {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			tp := openTagPage(t, b, s, c.ID == "consent-update-sends")
			checks[c.ID](t, tp)
		})
	}
}

// Deadlines are generous: a check waits for a condition and fails only
// when it has not come true long after any timer of the tag would have run.
const (
	// arrival bounds the wait for a hit that must come.
	arrival = 30 * time.Second
	// tagTimer is the real builds' queue timer; a hit that the timer must
	// not have sent arrives well before it.
	tagTimer = 5 * time.Second
)

var checks = map[string]func(t *testing.T, tp *tagPage){
	"page-view-at-once": func(t *testing.T, tp *tagPage) {
		h := tp.waitEvent(t, "page_view")
		if h.method != "POST" || h.body != "" {
			t.Errorf("page_view: %s with body %q, want a POST with an empty body", h.method, h.body)
		}
		for k, want := range map[string]string{"en": "page_view", "_s": "1", "_fv": "1", "_ss": "1", "_nsi": "1", "seg": "0", "v": "2", "tid": tp.subject.id} {
			if got := h.query.Get(k); got != want {
				t.Errorf("page_view %s=%q, want %q", k, got, want)
			}
		}
		want := strings.Replace(tp.url, ":"+tp.port, "", 1)
		if got := h.query.Get("dl"); got != want {
			t.Errorf("dl=%q, want the page URL without its port %q", got, want)
		}
	},
	"event-waits-for-timer": func(t *testing.T, tp *tagPage) {
		tp.waitEvent(t, "page_view")
		pushed := tp.eval(t, `gtag('event', 'contract_event', {text: 'x', num: 5})`)
		h := tp.waitEvent(t, "contract_event")
		if d := h.at.Sub(pushed); d < tagTimer-500*time.Millisecond {
			t.Errorf("the queued event left %s after its push, before the tag's timer", d.Round(time.Millisecond))
		}
		ev := h.event("contract_event")
		for k, want := range map[string]string{"ep.text": "x", "epn.num": "5"} {
			if got := ev.Get(k); got != want {
				t.Errorf("%s=%q, want %q", k, got, want)
			}
		}
		if s := h.query.Get("_s"); s == "" || s == "1" || ev.Get("_et") == "" {
			t.Errorf("_s=%q _et=%q, want the request counter past 1 and an _et", s, ev.Get("_et"))
		}
	},
	"visibilitychange-ignored": func(t *testing.T, tp *tagPage) {
		tp.waitEvent(t, "page_view")
		tp.eval(t, `gtag('event', 'contract_event', {text: 'x'})`)
		hidden := tp.eval(t, `(function () {
  var d = document;
  Object.defineProperty(d, 'visibilityState', { configurable: true, get: function () { return 'hidden'; } });
  Object.defineProperty(d, 'hidden', { configurable: true, get: function () { return true; } });
  d.dispatchEvent(new Event('visibilitychange'));
}())`)
		h := tp.waitEvent(t, "contract_event")
		if d := h.at.Sub(hidden); d < tagTimer-1500*time.Millisecond {
			t.Errorf("the queue left %s after visibilitychange, before the tag's timer", d.Round(time.Millisecond))
		}
	},
	"pagehide-sends": func(t *testing.T, tp *tagPage) {
		tp.waitEvent(t, "page_view")
		pushed := tp.eval(t, `gtag('event', 'contract_event', {text: 'x'})`)
		tp.eval(t, `window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: false}))`)
		h := tp.waitEvent(t, "contract_event")
		if d := h.at.Sub(pushed); d >= tagTimer-500*time.Millisecond {
			t.Errorf("the queue left %s after the push: pagehide did not send it", d.Round(time.Millisecond))
		}
	},
	"tag-clock-sends": func(t *testing.T, tp *tagPage) {
		tp.waitEvent(t, "page_view")
		pushed := tp.eval(t, `gtag('event', 'contract_event', {text: 'x'})`)
		tp.evalAwait(t, fmt.Sprintf(`window.__tagspecFlushTags(%d)`, crawler.TagClockBudget.Milliseconds()))
		h := tp.waitEvent(t, "contract_event")
		d := h.at.Sub(pushed)
		if d >= tagTimer-500*time.Millisecond {
			t.Errorf("the queue left %s after the push: the tag clock did not send it", d.Round(time.Millisecond))
		}
		t.Logf("sent %s after the push", d.Round(time.Millisecond))
	},
	"batch-in-one-request": func(t *testing.T, tp *tagPage) {
		tp.waitEvent(t, "page_view")
		tp.eval(t, `gtag('event', 'first_event', {a: '1'}); gtag('event', 'second_event', {b: 2})`)
		tp.evalAwait(t, fmt.Sprintf(`window.__tagspecFlushTags(%d)`, crawler.TagClockBudget.Milliseconds()))
		h := tp.waitEvent(t, "second_event")
		var names []string
		for _, e := range h.events {
			names = append(names, e.Get("en"))
		}
		if !slices.Equal(names, []string{"first_event", "second_event"}) {
			t.Errorf("request events %v, want [first_event second_event] in one request", names)
		}
		if !strings.Contains(h.body, "\r\n") || h.query.Get("en") != "" {
			t.Errorf("body %q, URL en=%q: want one event per body line, joined by CR LF, none in the URL", h.body, h.query.Get("en"))
		}
		for _, k := range []string{"tid", "cid", "sid", "dl"} {
			if h.query.Get(k) == "" {
				t.Errorf("shared param %s is not in the URL", k)
			}
		}
	},
	"full-queue-leaves": func(t *testing.T, tp *tagPage) {
		tp.waitEvent(t, "page_view")
		tp.eval(t, `for (var i = 0; i < 25; i++) { gtag('event', 'burst_' + i, {i: i}); }`)
		tp.evalAwait(t, fmt.Sprintf(`window.__tagspecFlushTags(%d)`, crawler.TagClockBudget.Milliseconds()))
		h := tp.waitEvent(t, "burst_0")
		if len(h.events) < 10 || len(h.events) > 20 {
			var sizes []string
			for _, h := range tp.all() {
				sizes = append(sizes, fmt.Sprintf("%s:%d events, %d body bytes", h.events[0].Get("en"), len(h.events), len(h.body)))
			}
			t.Errorf("the first batch holds %d events, want a batch of 10 to 20 (requests: %s)", len(h.events), strings.Join(sizes, "; "))
		}
		for _, h := range tp.all() {
			if len(h.events) > 20 {
				t.Errorf("a request holds %d events, more than 20", len(h.events))
			}
		}
	},
	"consent-update-sends": func(t *testing.T, tp *tagPage) {
		pv := tp.waitEvent(t, "page_view")
		if got := pv.query.Get("gcs"); got != "G100" {
			t.Errorf("page_view under a denied default: gcs=%q, want G100", got)
		}
		tp.eval(t, `gtag('event', 'before_grant', {a: '1'})`)
		tp.eval(t, `gtag('consent', 'update', {analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted'})`)
		tp.evalAwait(t, fmt.Sprintf(`window.__tagspecFlushTags(%d)`, crawler.TagClockBudget.Milliseconds()))
		h := tp.waitEvent(t, "before_grant")
		if got := h.query.Get("gcs"); got != "G100" {
			t.Errorf("the event queued before the update: gcs=%q, want G100", got)
		}
		tp.eval(t, `gtag('event', 'after_grant', {a: '1'})`)
		tp.evalAwait(t, fmt.Sprintf(`window.__tagspecFlushTags(%d)`, crawler.TagClockBudget.Milliseconds()))
		if got := tp.waitEvent(t, "after_grant").query.Get("gcs"); got != "G111" {
			t.Errorf("the event after the update: gcs=%q, want G111", got)
		}
	},
}

// startBrowser starts one headless Chromium for a test and its subtests.
// A test that cannot start it fails; it never skips.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("TAGSPEC_BROWSER")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("the contract tests need Chromium (%s): %v", path, err)
	}
	return ctx
}

// A hit is one captured collection request.
type hit struct {
	at     time.Time
	method string
	query  url.Values
	body   string
	events []url.Values // the event of the URL, or one per body line
}

// tagPage is a test page that loads the subject the way a site loads
// gtag.js, in a fresh browser context with the crawler's page hook.
type tagPage struct {
	subject subject
	ctx     context.Context
	url     string
	port    string

	mu   sync.Mutex
	hits []hit
}

const pageHTML = `<!doctype html><html><head><meta charset="utf-8"><title>Contract page</title>
<script>
window.dataLayer = window.dataLayer || [];
function gtag() { dataLayer.push(arguments); }
%s
gtag('js', new Date());
gtag('config', %q, {advanced_consent: true});
</script>
<script async src="https://www.googletagmanager.com/gtag/js?id=%s"></script>
</head><body style="min-height: 5000px"><h1>Contract page</h1></body></html>`

func openTagPage(t *testing.T, browserCtx context.Context, s subject, denied bool) *tagPage {
	t.Helper()
	consent := ""
	if denied {
		consent = `gtag('consent', 'default', {analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied'});`
	}
	html := fmt.Sprintf(pageHTML, consent, s.id, s.id)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	tp := &tagPage{subject: s, url: "http://127.0.0.1:" + port + "/contract", port: port}

	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tp.ctx = ctx
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	target := chromedp.FromContext(ctx).Target
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			tp.answer(ctx, target, &ev)
		}
	}()
	if _, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: crawler.PageHook()}); err != nil {
		t.Fatal(err)
	}
	if _, err := cdp.Call(ctx, target, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(tp.url)); err != nil {
		t.Fatal(err)
	}
	return tp
}

// answer serves the subject for gtag.js, records /g/collect hits (answered
// with 204, nothing leaves the machine), lets the test page through and
// answers everything else with 204.
func (tp *tagPage) answer(ctx context.Context, target *chromedp.Target, ev *fetch.EventRequestPaused) {
	u := ev.Request.URL
	switch {
	case strings.HasPrefix(u, "http://127.0.0.1:"+tp.port+"/"):
		_, _ = cdp.Call(ctx, target, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	case strings.Contains(u, "googletagmanager.com/gtag/js"):
		_, _ = cdp.Call(ctx, target, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 200,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/javascript"}}, Body: tp.subject.script})
		return
	}
	if p, err := url.Parse(u); err == nil && strings.HasSuffix(p.Path, "/g/collect") && p.Query().Get("v") == "2" && !strings.HasSuffix(p.Host, "doubleclick.net") {
		var body []byte
		for _, e := range ev.Request.PostDataEntries {
			body = append(body, e.Bytes...)
		}
		h := hit{at: time.Now(), method: ev.Request.Method, query: p.Query(), body: string(body)}
		if h.query.Get("en") != "" {
			h.events = []url.Values{h.query}
		}
		for _, line := range strings.Split(h.body, "\r\n") {
			if line == "" {
				continue
			}
			if v, err := url.ParseQuery(line); err == nil {
				h.events = append(h.events, v)
			}
		}
		tp.mu.Lock()
		tp.hits = append(tp.hits, h)
		tp.mu.Unlock()
	}
	_, _ = cdp.Call(ctx, target, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
}

// eval runs js in the page and returns the time just before it ran.
func (tp *tagPage) eval(t *testing.T, js string) time.Time {
	t.Helper()
	at := time.Now()
	if _, err := chromedp.Run(tp.ctx, chromedp.Evaluate[any](js)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return at
}

func (tp *tagPage) evalAwait(t *testing.T, js string) {
	t.Helper()
	if _, err := chromedp.Run(tp.ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

func (tp *tagPage) all() []hit {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return slices.Clone(tp.hits)
}

// event returns the request's event of that name (an empty set when it
// carries none).
func (h hit) event(name string) url.Values {
	for _, e := range h.events {
		if e.Get("en") == name {
			return e
		}
	}
	return url.Values{}
}

// waitEvent waits for the first request that carries the event name.
func (tp *tagPage) waitEvent(t *testing.T, name string) hit {
	t.Helper()
	deadline := time.Now().Add(arrival)
	for {
		for _, h := range tp.all() {
			for _, e := range h.events {
				if e.Get("en") == name {
					return h
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no request carried %s within %s; requests: %d", name, arrival, len(tp.all()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
