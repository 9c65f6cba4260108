package templates

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/spec"
)

// One headless Chromium for the whole test binary, started by the first
// browser test; every test gets its own tab in a fresh browser context.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel []context.CancelFunc
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(browserCancel) - 1; i >= 0; i-- {
		browserCancel[i]()
	}
	os.Exit(code)
}

func startBrowser() {
	dir, err := os.MkdirTemp("", "tagspec-templates-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(dir),
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		opts = append(opts, chromedp.ExecPath("/usr/bin/chromium"))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	browserCancel = append(browserCancel, cancelAlloc, cancelBrowser, func() { os.RemoveAll(dir) })
	// The first action starts the browser; it must run on the browser's own
	// context, since cancelling a derived context would close it again.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int]("1")); err != nil {
		browserErr = fmt.Errorf("starting headless Chromium: %w", err)
		return
	}
	browserCtx = ctx
}

// newTab opens a tab in a fresh browser context of the shared browser. A
// browser that cannot start fails the test; it never skips.
func newTab(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatalf("browser test needs Chromium: %v", browserErr)
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 45*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// listenerSpec has one event per listener kind, plus a time-on-element
// event for an element below the fold.
func listenerSpec() *spec.Spec {
	ev := func(name string, tr spec.Trigger) spec.Event {
		return spec.Event{Name: name, Kind: spec.KindMicro, Trigger: tr}
	}
	return &spec.Spec{Name: "listeners", MeasurementID: "G-LISTEN01", Events: []spec.Event{
		ev("contact_form_start", spec.Trigger{Kind: spec.TriggerFormStart, Selector: "form#contact"}),
		ev("contact_form_abandon", spec.Trigger{Kind: spec.TriggerFormAbandon, Selector: "form#contact"}),
		ev("roi_engaged", spec.Trigger{Kind: spec.TriggerTimer, Selector: "#roi-calculator", Seconds: 0.6}),
		ev("faq_read", spec.Trigger{Kind: spec.TriggerTimer, Selector: "#faq", Seconds: 0.3}),
		ev("tour_progress", spec.Trigger{Kind: spec.TriggerVideo, Provider: "html5", Selector: "video#tour", Percent: []int{25, 50, 100}}),
	}}
}

// listenerTagsHTML returns the Custom HTML of every listener tag of the
// container generated from the spec, in container order.
func listenerTagsHTML(t *testing.T, s *spec.Spec) string {
	t.Helper()
	c, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n := 0
	for _, tag := range c.Version.Tags {
		if tag.Type == "html" {
			b.WriteString(ParamValue(tag.Parameter, "html"))
			n++
		}
	}
	if n != 5 {
		t.Fatalf("want 5 listener tags, got %d", n)
	}
	return b.String()
}

// recorder collects the dataLayer pushes a test page reports with
// navigator.sendBeacon, which survives the page being unloaded.
type recorder struct {
	mu     sync.Mutex
	pushes []map[string]any
}

func (r *recorder) add(m map[string]any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pushes = append(r.pushes, m)
}

// events returns the pushes whose event is name.
func (r *recorder) events(name string) []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]any
	for _, p := range r.pushes {
		if p["event"] == name {
			out = append(out, p)
		}
	}
	return out
}

// waitFor polls until the recorder has n pushes of the event, or fails.
func (r *recorder) waitFor(t *testing.T, ctx context.Context, name string, n int) []map[string]any {
	t.Helper()
	for {
		if got := r.events(name); len(got) >= n {
			return got
		}
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %d dataLayer push(es) of %q; got %v", n, name, r.events(name))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

const pageHead = `<!doctype html>
<html><head><meta charset="utf-8"><title>listener test</title>
<script>
// Report every dataLayer push (its plain values) to the test server.
window.dataLayer = window.dataLayer || [];
(function () {
  var orig = window.dataLayer.push;
  window.dataLayer.push = function (msg) {
    var plain = {};
    for (var k in msg) {
      var v = msg[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') { plain[k] = v; }
    }
    navigator.sendBeacon('/record', JSON.stringify(plain));
    return orig.apply(window.dataLayer, arguments);
  };
})();
</script>
`

const pageBody = `</head><body style="margin:0">
<form id="contact" action="/thanks" method="get">
  <input name="company"><textarea name="message"></textarea>
  <button type="submit" id="send">Send</button>
</form>
<div id="roi-calculator" style="height:300px;background:#eee">ROI calculator</div>
<video id="tour" src="/clip.wav" muted preload="auto" title="Product tour"></video>
<div style="height:3000px"></div>
<div id="faq" style="height:200px">FAQ</div>
</body></html>`

// wavClip is a valid 2-second mono 8 kHz PCM WAV file of silence.
func wavClip() []byte {
	const rate, seconds = 8000, 2
	data := make([]byte, rate*seconds*2)
	var b []byte
	b = append(b, "RIFF"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(36+len(data)))
	b = append(b, "WAVEfmt "...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, 1) // PCM
	b = binary.LittleEndian.AppendUint16(b, 1) // mono
	b = binary.LittleEndian.AppendUint32(b, rate)
	b = binary.LittleEndian.AppendUint32(b, rate*2)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// listenerSite serves the test page with the generated listener tags in
// its head (where GTM's All Pages tags run, before the body is parsed).
func listenerSite(t *testing.T) (*httptest.Server, *recorder) {
	t.Helper()
	tags := listenerTagsHTML(t, listenerSpec())
	rec := &recorder{}
	clip := wavClip()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, pageHead+tags+pageBody)
	})
	mux.HandleFunc("/thanks", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<!doctype html><p>thanks</p>")
	})
	mux.HandleFunc("/clip.wav", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "clip.wav", time.Time{}, strings.NewReader(string(clip)))
	})
	mux.HandleFunc("/record", func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err == nil {
			rec.add(m)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, rec
}

func TestListenerFormStartAndAbandon(t *testing.T) {
	ctx := newTab(t)
	srv, rec := listenerSite(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "Acme"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=message]`), "Hello"),
	); err != nil {
		t.Fatal(err)
	}
	starts := rec.waitFor(t, ctx, "tagspec.contact_form_start", 1)
	if len(rec.events("tagspec.contact_form_abandon")) != 0 {
		t.Fatal("form_abandon fired while the visitor was still on the page")
	}
	// Leaving the page with the form unsent is an abandonment.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/thanks")); err != nil {
		t.Fatal(err)
	}
	ab := rec.waitFor(t, ctx, "tagspec.contact_form_abandon", 1)
	time.Sleep(200 * time.Millisecond)
	starts, ab = rec.events("tagspec.contact_form_start"), rec.events("tagspec.contact_form_abandon")
	if len(starts) != 1 || len(ab) != 1 {
		t.Fatalf("want one form_start and one form_abandon push, got %d and %d", len(starts), len(ab))
	}
	if ab[0]["tagspec.last_field"] != "message" || ab[0]["gtm.elementId"] != "contact" || ab[0]["tagspec.listener"] != "form_abandon" {
		t.Errorf("form_abandon push = %v, want last_field message on form #contact", ab[0])
	}
	if starts[0]["tagspec.field"] != "company" {
		t.Errorf("form_start push = %v, want the first field touched (company)", starts[0])
	}
}

func TestListenerFormSubmittedIsNotAbandoned(t *testing.T) {
	ctx := newTab(t)
	srv, rec := listenerSite(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=message]`), "Hello"),
		chromedp.Click(chromedp.CSS(`#send`)),
		chromedp.WaitReady(chromedp.CSS(`p`)),
	); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, ctx, "tagspec.contact_form_start", 1)
	// Leave the thank-you page too, so any late pagehide report arrives.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if got := rec.events("tagspec.contact_form_abandon"); len(got) != 0 {
		t.Fatalf("a submitted form was reported as abandoned: %v", got)
	}
}

func TestListenerTimeOnElement(t *testing.T) {
	ctx := newTab(t)
	srv, rec := listenerSite(t)
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	got := rec.waitFor(t, ctx, "tagspec.roi_engaged", 1)
	if el := time.Since(start); el < 500*time.Millisecond {
		t.Errorf("time on element fired after %v, before the 0.6 s the spec asks for", el)
	}
	if got[0]["gtm.elementId"] != "roi-calculator" || got[0]["tagspec.seconds"].(float64) < 0.6 {
		t.Errorf("push = %v", got[0])
	}
	// #faq is below the fold: no time counts until it is scrolled into view.
	time.Sleep(700 * time.Millisecond)
	if n := len(rec.events("tagspec.faq_read")); n != 0 {
		t.Fatalf("time on an element that was never visible fired %d time(s)", n)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("#faq"))); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, ctx, "tagspec.faq_read", 1)
	time.Sleep(400 * time.Millisecond)
	if n := len(rec.events("tagspec.roi_engaged")) + len(rec.events("tagspec.faq_read")); n != 2 {
		t.Errorf("each element must be reported once, got %d pushes", n)
	}
}

func TestListenerHTML5VideoProgress(t *testing.T) {
	ctx := newTab(t)
	srv, rec := listenerSite(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](
		`document.getElementById('tour').play()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("playing the video: %v", err)
	}
	got := rec.waitFor(t, ctx, "tagspec.tour_progress", 3)
	time.Sleep(300 * time.Millisecond)
	got = rec.events("tagspec.tour_progress")
	var pct []float64
	for _, p := range got {
		pct = append(pct, p["gtm.videoPercent"].(float64))
		if p["gtm.videoProvider"] != "html5" || !strings.HasSuffix(p["gtm.videoUrl"].(string), "/clip.wav") ||
			p["gtm.videoTitle"] != "Product tour" {
			t.Errorf("push = %v", p)
		}
	}
	if !slices.Equal(pct, []float64{25, 50, 100}) {
		t.Fatalf("video progress pushes at %v, want [25 50 100] once each", pct)
	}
	if got[2]["gtm.videoStatus"] != "complete" || got[0]["gtm.videoStatus"] != "progress" {
		t.Errorf("statuses: %v, %v", got[0]["gtm.videoStatus"], got[2]["gtm.videoStatus"])
	}
}
