package gtmruntime

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// session is one tab running a container on loopback test pages, with
// every GA4 hit intercepted (answered 204 in the browser) and decoded.
type session struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu     sync.Mutex
	hits   []*hits.Hit
	errs   []error
	notify chan struct{}
}

// containerFor generates the GTM container of a spec with templates.Build.
func containerFor(t *testing.T, s *spec.Spec) []byte {
	t.Helper()
	b, err := templates.Generate(s, templates.Options{})
	if err != nil {
		t.Fatalf("generate container: %v", err)
	}
	return b
}

// openSession serves pages (path -> HTML) on loopback and opens a tab with
// the runtime of container installed before any page script.
func openSession(t *testing.T, container []byte, pages map[string]string) *session {
	t.Helper()
	return openSessionWith(t, container, pages, nil)
}

// openSessionWith is openSession with routes: HTML answered in the browser
// for third-party URLs that start with a route's key (such as a YouTube
// embed), so no request leaves the machine.
func openSessionWith(t *testing.T, container []byte, pages map[string]string, routes map[string]string) *session {
	t.Helper()
	js, _, err := Script(container)
	if err != nil {
		t.Fatalf("Script: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		html, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasSuffix(r.URL.Path, ".wav") {
			w.Header().Set("Content-Type", "audio/wav")
			http.ServeContent(w, r, "clip.wav", time.Time{}, strings.NewReader(html))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	ctx := newTab(t)
	s := &session{t: t, ctx: ctx, base: srv.URL, notify: make(chan struct{}, 1)}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	target := chromedp.FromContext(ctx).Target
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if !hits.IsCollect(ev.Request.URL, nil) {
				_, _ = cdp.Call(ctx, target, fetch.FulfillRequest, routeAnswer(ev.RequestID, ev.Request.URL, routes))
				continue
			}
			s.capture(ev.Request)
			_, _ = cdp.Call(ctx, target, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
		t.Fatalf("install runtime: %v", err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*google-analytics.com/*"}, {URLPattern: "*youtube.com/*"}}}); err != nil {
		t.Fatalf("intercept hits: %v", err)
	}
	return s
}

// routeAnswer serves the route whose key prefixes url, or a 404.
func routeAnswer(id fetch.RequestID, url string, routes map[string]string) fetch.FulfillRequestParams {
	for prefix, html := range routes {
		if strings.HasPrefix(url, prefix) {
			return fetch.FulfillRequestParams{RequestID: id, ResponseCode: 200, Body: []byte(html),
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}}
		}
	}
	return fetch.FulfillRequestParams{RequestID: id, ResponseCode: 404}
}

func (s *session) capture(req *network.Request) {
	var body []byte
	for _, e := range req.PostDataEntries {
		if e != nil {
			body = append(body, e.Bytes...)
		}
	}
	h, err := hits.Decode(req.Method, req.URL, body, time.Now())
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errs = append(s.errs, fmt.Errorf("%s %s: %w", req.Method, req.URL, err))
	} else {
		s.hits = append(s.hits, h)
	}
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// visit opens a test page by path.
func (s *session) visit(path string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.Navigate(s.base+path)); err != nil {
		s.t.Fatalf("visit %s: %v", path, err)
	}
}

// do runs browser actions.
func (s *session) do(actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, actions...); err != nil {
		s.t.Fatalf("browser action: %v", err)
	}
}

// eval runs JavaScript in the page.
func (s *session) eval(js string) {
	s.t.Helper()
	if _, err := chromedp.Run(s.ctx, chromedp.Evaluate[any](js)); err != nil {
		s.t.Fatalf("eval %s: %v", js, err)
	}
}

// events returns every event captured so far, in capture order.
func (s *session) events() []hits.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errs) > 0 {
		s.t.Errorf("undecodable hits: %v", s.errs)
		s.errs = nil
	}
	var out []hits.Event
	for _, h := range s.hits {
		out = append(out, h.Events...)
	}
	return out
}

// hitList returns every hit captured so far.
func (s *session) hitList() []*hits.Hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.hits)
}

// names lists the names of events captured so far.
func names(evs []hits.Event) []string {
	out := make([]string, 0, len(evs))
	for _, e := range evs {
		out = append(out, e.Name)
	}
	return out
}

// count returns how many captured events are called name.
func count(evs []hits.Event, name string) int {
	n := 0
	for _, e := range evs {
		if e.Name == name {
			n++
		}
	}
	return n
}

// waitFor waits until the named event has been captured at least n times
// and returns all events; it fails the test after 15 seconds.
func (s *session) waitFor(name string, n int) []hits.Event {
	s.t.Helper()
	deadline := time.NewTimer(eventWait)
	defer deadline.Stop()
	for {
		evs := s.events()
		if count(evs, name) >= n {
			return evs
		}
		select {
		case <-s.notify:
		case <-deadline.C:
			s.t.Fatalf("want %d %s event(s) within %s, got events %v; runtime log:\n%s", n, name, eventWait, names(evs), s.runtimeLog())
			return nil
		case <-s.ctx.Done():
			s.t.Fatalf("tab closed while waiting for %s: %v", name, s.ctx.Err())
			return nil
		}
	}
}

// eventWait bounds every wait for an event. Events come within
// milliseconds on a quiet machine; the bound is for a machine so busy that
// a page load takes many seconds, and only a broken runtime reaches it.
const eventWait = time.Minute

// settleAfter waits until at least n events arrived (the ones a test
// expects, the last of which may come from a page still loading), then
// settles for d so that any extra event would show, and returns all events.
func (s *session) settleAfter(n int, d time.Duration) []hits.Event {
	s.t.Helper()
	deadline := time.NewTimer(eventWait)
	defer deadline.Stop()
	for len(s.events()) < n {
		select {
		case <-s.notify:
		case <-deadline.C:
			s.t.Fatalf("want %d events within %s, got %v; runtime log:\n%s", n, eventWait, names(s.events()), s.runtimeLog())
			return nil
		case <-s.ctx.Done():
			s.t.Fatalf("tab closed while waiting for %d events: %v", n, s.ctx.Err())
			return nil
		}
	}
	return s.settle(d)
}

// settle waits d (so that any late hit would arrive) and returns all events.
func (s *session) settle(d time.Duration) []hits.Event {
	s.t.Helper()
	select {
	case <-time.After(d):
	case <-s.ctx.Done():
	}
	return s.events()
}

// runtimeLog returns the runtime's own log of the current page, for
// failure messages.
func (s *session) runtimeLog() string {
	out, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](`JSON.stringify((window.__tagspecRuntime || {}).log || null)`))
	if err != nil {
		return err.Error()
	}
	return strings.ReplaceAll(out, `},{`, "},\n{")
}

// param returns the wire value of an event parameter ("ep." or "epn.")
// and whether it was numeric.
func param(t *testing.T, e hits.Event, name string) (string, bool) {
	t.Helper()
	if v, ok := e.Get("epn." + name); ok {
		return v, true
	}
	v, ok := e.Get("ep." + name)
	if !ok {
		t.Errorf("event %s has no param %s; params %v", e.Name, name, e.All())
	}
	return v, false
}

// find returns the first event called name.
func find(t *testing.T, evs []hits.Event, name string) hits.Event {
	t.Helper()
	for _, e := range evs {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no %s event in %v", name, names(evs))
	return hits.Event{}
}

// ev builds a spec event.
func ev(name string, tr spec.Trigger, params ...spec.Param) spec.Event {
	return spec.Event{Name: name, Kind: spec.KindMicro, Trigger: tr, Params: params}
}

// from builds a spec param reading a source such as "datalayer:plan".
func from(name, src string) spec.Param {
	kind, value, _ := strings.Cut(src, ":")
	return spec.Param{Name: name, From: spec.Source{Kind: kind, Value: value}}
}

// pageHTML wraps a body in a minimal HTML document with no tracking code.
func pageHTML(title, head, body string) string {
	return "<!doctype html><html><head><meta charset=utf-8><title>" + title + "</title>" + head +
		"</head><body>" + body + "</body></html>"
}
