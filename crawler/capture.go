package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// rawHit is one captured collection request.
type rawHit struct {
	method string
	url    string
	body   []byte
	at     time.Time
	step   int
	page   string
}

// capture collects what one tab sends while a journey runs. The CDP
// listeners write to it; the step runner reads it.
//
// Before the first page script of every document runs, hookScript wraps
// window.dataLayer (an array the page creates itself or assigns later
// included) and reports every push, gtag() argument lists included,
// through a CDP binding. GA4 hits are caught in the network layer with
// the Fetch domain: every request whose path ends in /g/collect (any
// host) or that matches a configured collection endpoint is recorded with
// its method, URL and body and answered locally with 204, so nothing
// reaches Google unless Options.Forward is set. Routes serve a local file
// for matching requests and block patterns refuse them; the browser
// pauses only the requests a pattern might match (cdpPatterns), and
// hits.MatchPattern decides which of them it does.
type capture struct {
	now func() time.Time

	mu       sync.Mutex
	step     int
	hits     []rawHit
	seen     []string // URLs of every /g/collect request answered, hits or not
	issued   []string // URLs of every /g/collect request the pages reported issuing
	pushes   []validator.Push
	lastHit  time.Time
	page     string // URL of the main frame's current document
	navSeq   int    // main-frame loads started
	loading  bool   // a main-frame load is in progress
	loadDone chan struct{}
	// pageErrors are the warnings of uncaught page exceptions.
	pageErrors []validator.Finding
	// stepMarks are the wall-clock start times of the steps, so that an
	// exception whose event arrives late is still credited to the step that
	// was running when it was thrown.
	stepMarks []stepMark
	// crashed is set when the tab's renderer crashed; onCrash, when set,
	// is called once when it does (it stops the tab's waits).
	crashed bool
	onCrash func()
	// inflight holds the tab's requests that have started and not yet
	// finished or failed; lastNet is when one last started or ended.
	inflight map[network.RequestID]bool
	lastNet  time.Time
}

// quietSince reports whether no request is in flight, and since when.
func (c *capture) quietSince() (bool, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.inflight) == 0 && !c.loading, c.lastNet
}

// netEvent notes a request starting (start) or ending.
func (c *capture) netEvent(id network.RequestID, start bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight == nil {
		c.inflight = map[network.RequestID]bool{}
	}
	if start {
		c.inflight[id] = true
	} else {
		delete(c.inflight, id)
	}
	c.lastNet = time.Now()
}

// hasCrashed reports whether the tab's renderer crashed.
func (c *capture) hasCrashed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.crashed
}

// stepMark is the wall-clock time a step started.
type stepMark struct {
	step int
	at   time.Time
}

func newCapture(now func() time.Time) *capture {
	return &capture{now: now, step: validator.NoStep}
}

func (c *capture) setStep(i int) {
	c.mu.Lock()
	c.step = i
	// Wall clock, not c.now: it is compared with the browser's timestamps.
	c.stepMarks = append(c.stepMarks, stepMark{step: i, at: time.Now()})
	c.mu.Unlock()
}

// stepAt returns the step that was running at wall-clock time t, or
// validator.NoStep before the first step. The caller holds c.mu.
func (c *capture) stepAt(t time.Time) int {
	step := validator.NoStep
	for _, m := range c.stepMarks {
		if m.at.After(t) {
			break
		}
		step = m.step
	}
	return step
}

// hitCount returns how many hits were captured and when the last arrived.
func (c *capture) hitCount() (int, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.hits), c.lastHit
}

// forgetIssued drops the record of issued and answered requests, after a
// wait gave up on requests that never arrived (a pixel cancelled by a
// navigation, say), so later waits do not wait for them again.
func (c *capture) forgetIssued() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.issued, c.seen = nil, nil
}

// allIssuedCaptured reports whether every /g/collect request the pages
// reported issuing has been answered.
func (c *capture) allIssuedCaptured() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.capturedLocked(c.issued)
}

// capturedLocked reports whether every URL of issued (a multiset) is among
// the /g/collect requests answered so far. The caller holds c.mu.
func (c *capture) capturedLocked(issued []string) bool {
	if len(issued) == 0 {
		return true
	}
	if len(c.seen) < len(issued) {
		return false
	}
	need := map[string]int{}
	for _, u := range issued {
		need[u]++
	}
	for _, u := range c.seen {
		if need[u] > 0 {
			need[u]--
		}
	}
	for _, n := range need {
		if n > 0 {
			return false
		}
	}
	return true
}

func (c *capture) addHit(method, url string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	at := c.now()
	c.hits = append(c.hits, rawHit{method: method, url: url, body: body, at: at, step: c.step, page: c.page})
	c.seen = append(c.seen, url)
	c.lastHit = at
}

// addSeen notes a /g/collect request that is not a GA4 hit.
func (c *capture) addSeen(url string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, url)
}

// queuedUnsent reports whether the pages called gtag('event', event, ...)
// more often than the captured hits carry the event.
func (c *capture) queuedUnsent(event string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	pushed := 0
	for _, p := range c.pushes {
		var call []json.RawMessage
		if json.Unmarshal(p.Value, &call) != nil || len(call) < 2 {
			continue
		}
		var cmd, name string
		if json.Unmarshal(call[0], &cmd) == nil && cmd == "event" && json.Unmarshal(call[1], &name) == nil && name == event {
			pushed++
		}
	}
	if pushed == 0 {
		return false
	}
	sent := 0
	for _, h := range c.hits {
		sent += countEvent(h, event)
	}
	return sent < pushed
}

// countEvent counts the events of a raw hit named event: the en parameter
// of its URL and of each body line.
func countEvent(h rawHit, event string) int {
	n := 0
	parts := strings.Split(string(h.body), "\r\n")
	if i := strings.IndexByte(h.url, '?'); i >= 0 {
		parts = append(parts, h.url[i+1:])
	}
	for _, part := range parts {
		if q, err := url.ParseQuery(part); err == nil && q.Get("en") == event {
			n++
		}
	}
	return n
}

// pushPayload is what the page hook sends through the binding: a
// dataLayer push (Page and Value), or the URL of a collection request the
// page issued (Issued).
type pushPayload struct {
	Page   string `json:"page"`
	Value  string `json:"value"`
	Issued string `json:"issued"`
}

// MaxPushPayloadBytes is the largest binding payload (one dataLayer
// push, as the page hook serializes it: the page URL and the push's JSON
// text as a string) the crawler reads. The push itself is bounded by
// validator.MaxPushBytes and validator.MaxPushDepth; escaping its text as
// a string at most doubles it, so every push within those bounds fits,
// with room for the page URL. A larger payload is reported as a
// RulePushRefused warning instead.
const MaxPushPayloadBytes = 2*validator.MaxPushBytes + 64<<10

// addPush records what the page hook sent through the binding. The
// payload comes from the page, so it is outside input: what it cannot use
// is reported as a warning, never kept half-read or dropped unseen.
func (c *capture) addPush(payload string) {
	if len(payload) > MaxPushPayloadBytes {
		c.refusePush(fmt.Sprintf("the page sent a dataLayer push of %d bytes, more than the %d bytes tagspec reads (a push of at most %d bytes of JSON, with its page URL); it was not checked", len(payload), MaxPushPayloadBytes, validator.MaxPushBytes), "")
		return
	}
	var p pushPayload
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		c.refusePush(fmt.Sprintf("the page sent a dataLayer push tagspec cannot read (%v); it was not checked", err), "")
		return
	}
	if p.Issued != "" {
		c.mu.Lock()
		c.issued = append(c.issued, p.Issued)
		c.mu.Unlock()
		return
	}
	// The bounds first: a value nested past what encoding/json reads is
	// refused for its depth, which is what the user can act on.
	if err := validator.CheckPush(validator.Push{Value: json.RawMessage(p.Value)}); err != nil {
		c.refusePush(err.Error()+"; it was not checked", p.Page)
		return
	}
	if !json.Valid([]byte(p.Value)) {
		c.refusePush("the page sent a dataLayer push whose value is not JSON; it was not checked", p.Page)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pushes = append(c.pushes, validator.Push{Time: c.now(), Step: c.step, Page: p.Page, Value: json.RawMessage(p.Value)})
}

// refusePush records a push the crawler could not check as a warning of
// the step that is running, on page (the current page when empty).
func (c *capture) refusePush(msg, page string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if page == "" {
		page = c.page
	}
	step := validator.NoStep
	if c.step >= 0 {
		step = c.step
	}
	c.pageErrors = append(c.pageErrors, validator.Finding{
		Rule:       RulePushRefused,
		Severity:   spec.SeverityWarning,
		Step:       step,
		Message:    msg,
		Page:       page,
		EventIndex: -1,
	})
}

// listen is the ordered CDP listener of the tab: page state and dataLayer
// pushes. It runs in the tab's message loop, so it only records.
func (c *capture) listen(mainFrame cdp.FrameID) func(ev any) {
	return func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventBindingCalled:
			if ev.Name == bindingName {
				c.addPush(ev.Payload)
			}
		case *page.EventFrameStartedLoading:
			if ev.FrameID == mainFrame {
				c.mu.Lock()
				c.navSeq++
				c.loading = true
				c.mu.Unlock()
			}
		case *page.EventFrameNavigated:
			if ev.Frame != nil && ev.Frame.ParentID == "" {
				c.mu.Lock()
				c.page = ev.Frame.URL + ev.Frame.URLFragment
				c.mu.Unlock()
			}
		case *page.EventNavigatedWithinDocument:
			if ev.FrameID == mainFrame {
				c.mu.Lock()
				c.page = ev.URL
				c.loading = false
				c.mu.Unlock()
			}
		case *page.EventFrameStoppedLoading:
			// Same-document navigations (history.pushState) and navigations
			// that go nowhere (tel:, a download) stop without a load event.
			if ev.FrameID == mainFrame {
				c.mu.Lock()
				c.loading = false
				c.mu.Unlock()
			}
		case *network.EventRequestWillBeSent:
			c.netEvent(ev.RequestID, true)
		case *network.EventLoadingFinished:
			c.netEvent(ev.RequestID, false)
		case *network.EventLoadingFailed:
			c.netEvent(ev.RequestID, false)
		case *inspector.EventTargetCrashed:
			c.mu.Lock()
			first := !c.crashed
			c.crashed = true
			onCrash := c.onCrash
			c.mu.Unlock()
			if first && onCrash != nil {
				onCrash()
			}
		case *page.EventLoadEventFired:
			c.mu.Lock()
			c.loading = false
			c.mu.Unlock()
		}
	}
}

// navState returns the number of main-frame loads started and whether one
// is in progress.
func (c *capture) navState() (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.navSeq, c.loading
}

func (c *capture) currentPage() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.page
}

// interceptor answers the requests the Fetch domain pauses: GA4 hits are
// recorded and answered with 204 (or forwarded), blocked URLs fail, routed
// URLs get their local file, the rest continue.
type interceptor struct {
	collect []string // extra collection endpoint patterns
	block   []string
	routes  []route
	forward bool
}

// patterns returns the Fetch.enable patterns that cover every request the
// interceptor may act on.
func (in *interceptor) patterns() []*fetch.RequestPattern {
	ps := []*fetch.RequestPattern{{URLPattern: "*/g/collect*"}}
	for _, group := range [][]string{in.collect, in.block} {
		for _, p := range group {
			for _, cp := range cdpPatterns(p) {
				ps = append(ps, &fetch.RequestPattern{URLPattern: cp})
			}
		}
	}
	for _, r := range in.routes {
		for _, cp := range cdpPatterns(r.pattern) {
			ps = append(ps, &fetch.RequestPattern{URLPattern: cp})
		}
	}
	return ps
}

// serve handles paused requests until ctx ends.
func (in *interceptor) serve(ctx context.Context, t *chromedp.Target, c *capture, events iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range events {
		if err != nil {
			return
		}
		in.handle(ctx, t, c, &ev)
	}
}

func (in *interceptor) handle(ctx context.Context, t *chromedp.Target, c *capture, ev *fetch.EventRequestPaused) {
	req := ev.Request
	url := req.URL
	if hits.IsCollect(url, in.collect) {
		c.addHit(req.Method, url, postData(req))
		if in.forward {
			_, _ = cdp.Call(ctx, t, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			return
		}
		_, _ = cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID:       ev.RequestID,
			ResponseCode:    204,
			ResponseHeaders: corsHeaders(req),
		})
		return
	}
	if strings.Contains(url, "/g/collect") {
		c.addSeen(url)
	}
	if strings.Contains(url, "/g/collect") && !in.forward {
		// Other /g/collect pings (not GA4 hits) stay on the machine too.
		_, _ = cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204, ResponseHeaders: corsHeaders(req)})
		return
	}
	for _, p := range in.block {
		if hits.MatchPattern(p, url) {
			_, _ = cdp.Call(ctx, t, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			return
		}
	}
	for _, r := range in.routes {
		if hits.MatchPattern(r.pattern, url) {
			_, _ = cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID:    ev.RequestID,
				ResponseCode: 200,
				ResponseHeaders: append(corsHeaders(req),
					&fetch.HeaderEntry{Name: "Content-Type", Value: r.contentType},
					&fetch.HeaderEntry{Name: "Cache-Control", Value: "no-store"}),
				Body: r.body,
			})
			return
		}
	}
	_, _ = cdp.Call(ctx, t, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
}

// postData joins the body entries of a request.
func postData(req *network.Request) []byte {
	var body []byte
	for _, e := range req.PostDataEntries {
		if e != nil {
			body = append(body, e.Bytes...)
		}
	}
	return body
}

// corsHeaders lets cross-origin fetch and XHR senders read the answer, as
// Google's collector does.
func corsHeaders(req *network.Request) []*fetch.HeaderEntry {
	origin := ""
	for k, v := range req.Headers {
		if strings.EqualFold(k, "origin") {
			if s, ok := v.(string); ok {
				origin = s
			}
		}
	}
	if origin == "" {
		return nil
	}
	return []*fetch.HeaderEntry{
		{Name: "Access-Control-Allow-Origin", Value: origin},
		{Name: "Access-Control-Allow-Credentials", Value: "true"},
	}
}
