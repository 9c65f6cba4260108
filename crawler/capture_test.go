package crawler

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/validator"
)

// fakeOrigin is a site that exists only through routes: every request to
// it is answered by the crawler from local files, so these tests also show
// that routes work for a host that does not resolve.
const fakeOrigin = "http://tagspec.test"

func testRoutes(extra ...Route) []Route {
	return append([]Route{
		{Pattern: "tagspec.test/gtag/js*", File: "../examplesite/gtagstandin/gtag.js"},
		{Pattern: "tagspec.test/static/boot.js", File: "../examplesite/site/static/boot.js"},
		{Pattern: "tagspec.test/wire", File: "testdata/pages/wire.html"},
		{Pattern: "tagspec.test/datalayer", File: "testdata/pages/datalayer.html"},
		{Pattern: "tagspec.test/youtube", File: "testdata/pages/youtube.html"},
		{Pattern: "www.youtube.com/embed/*", File: "testdata/pages/youtube-embed.html"},
	}, extra...)
}

// TestWireFormats checks the hits of every transport of the gtag.js
// stand-in as the crawler captures them: a single-event GET, a batched
// fetch POST of the events one click queued (sent when the step ends, by
// the tag clock, not 5 s later), a batch and a single event sent with
// sendBeacon, and items with an escaped "~". The stand-in's own timing is
// checked by its contract (examplesite/gtagstandin).
func TestWireFormats(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: image GET
    start: /wire?transport=image
    steps:
      - wait: { ms: 100 }
  - name: a batch of three
    start: /wire?transport=fetch
    steps:
      - click: "#three"
  - name: beacon batches, one per step
    start: /wire?transport=beacon
    steps:
      - click: { selector: "button", text: "Send three" }
      - click: "#one"
`)
	res, err := testBrowser.observe(t.Context(), s, Options{BaseURL: fakeOrigin, Routes: testRoutes(), Concurrency: 3}, false)
	if err != nil {
		t.Fatal(err)
	}
	raws := res.raws
	type hit struct {
		Method string
		Events []string
		Lines  int
	}
	summary := func(rs []rawHit) []hit {
		var out []hit
		for _, r := range rs {
			h, err := hits.Decode(r.method, r.url, r.body, r.at)
			if err != nil {
				t.Fatalf("captured hit does not decode: %v\n%s %s\n%s", err, r.method, r.url, r.body)
			}
			var names []string
			for _, e := range h.Events {
				names = append(names, e.Name)
			}
			lines := 0
			if len(r.body) > 0 {
				lines = strings.Count(string(r.body), "\r\n") + 1
			}
			out = append(out, hit{Method: r.method, Events: names, Lines: lines})
		}
		return out
	}
	want := [][]hit{
		{{Method: "GET", Events: []string{"page_view"}}},
		{{Method: "POST", Events: []string{"page_view"}}, {Method: "POST", Events: []string{"wire_a", "wire_b", "wire_c"}, Lines: 3}},
		{{Method: "POST", Events: []string{"page_view"}}, {Method: "POST", Events: []string{"wire_a", "wire_b", "wire_c"}, Lines: 3}, {Method: "POST", Events: []string{"wire_one"}}},
	}
	for i := range want {
		if diff := cmp.Diff(want[i], summary(raws[i])); diff != "" {
			t.Errorf("journey %q hits (-want +got):\n%s", s.Journeys[i].Name, diff)
		}
	}

	// Parameters and items decode with their types and escapes.
	rs := raws[2]
	if len(rs) < 3 {
		t.Fatalf("beacon journey captured %d hits", len(rs))
	}
	h, _ := hits.Decode(rs[2].method, rs[2].url, rs[2].body, rs[2].at)
	one := h.Events[0]
	if p, ok := one.Param("label"); !ok || p.Value != "a~b c" || p.Type != hits.TypeString {
		t.Errorf("label = %+v", p)
	}
	if p, ok := one.Param("count"); !ok || p.Type != hits.TypeNumber || p.Number != 3 {
		t.Errorf("count = %+v", p)
	}
	if one.Currency != "EUR" || len(one.Items) != 1 {
		t.Fatalf("currency %q, %d items", one.Currency, len(one.Items))
	}
	if id, _ := one.Items[0].Get("item_id"); id != "SKU~1" {
		t.Errorf("item_id = %q, want SKU~1 (escaped as SKU~~1 on the wire)", id)
	}
	if c, _ := one.Items[0].Get("color"); c != "blue" {
		t.Errorf("custom item param color = %q", c)
	}
	if h.MeasurementID != "G-TAGSPEC01" || !strings.HasPrefix(rs[2].url, "https://www.google-analytics.com/g/collect?v=2&") {
		t.Errorf("hit went to %s", rs[2].url)
	}
}

// TestNothingLeaves sends hits to a first-party collector on loopback: by
// default the crawler answers them itself and the collector sees nothing;
// with Forward the collector receives them.
func TestNothingLeaves(t *testing.T) {
	var received atomic.Int64
	site := examplesite.Handler(nil)
	// One loopback server is both the site and its first-party collector
	// (Chromium refuses requests from a routed, public-looking page to
	// loopback, so the page must come from a real loopback server).
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/g/collect":
			received.Add(1)
			w.WriteHeader(http.StatusNoContent)
		case "/first-party":
			fmt.Fprintf(w, `<!doctype html><html><head><title>first party</title>
<script src="/static/boot.js" data-consent="none" data-transport-url="http://%s"></script>
<script src="/gtag/js?id=G-TAGSPEC01"></script></head><body><button id="go" onclick="gtag('event','first_party_test')">go</button></body></html>`, r.Host)
		default:
			site.ServeHTTP(w, r)
		}
	}))
	defer collector.Close()
	s := exampleWith(t, `journeys:
  - name: first-party collection
    start: /first-party
    steps:
      - click: "#go"
`)
	opts := Options{BaseURL: collector.URL}

	obs, err := testBrowser.Observe(t.Context(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitNames(obs[0]); !cmp.Equal(got, []string{"page_view", "first_party_test"}) {
		t.Errorf("captured %v", got)
	}
	if n := received.Load(); n != 0 {
		t.Errorf("the collector received %d hits; the crawler must answer them itself", n)
	}
	for _, e := range obs[0].Events {
		if e.Source == validator.SourceHit && !strings.HasPrefix(e.URL, collector.URL+"/g/collect?") {
			t.Errorf("hit URL %s", e.URL)
		}
	}

	opts.Forward = true
	obs, err = testBrowser.Observe(t.Context(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitNames(obs[0]); len(got) != 2 {
		t.Errorf("with Forward captured %v", got)
	}
	if n := received.Load(); n != 2 {
		t.Errorf("with Forward the collector received %d hits, want 2", n)
	}
}

func hitNames(o *validator.Observation) []string {
	var out []string
	for _, e := range o.Events {
		if e.Source == validator.SourceHit {
			out = append(out, e.Name)
		}
	}
	return out
}

// TestBlock refuses the tag library: no hit is sent, but the page's own
// dataLayer pushes (made before the library would load) are captured.
func TestBlock(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: tag blocked
    start: /wire
    steps:
      - click: "#one"
`)
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: fakeOrigin, Routes: testRoutes(), Block: []string{"tagspec.test/gtag/js*"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitNames(obs[0]); len(got) != 0 {
		t.Errorf("hits %v sent with the tag library blocked", got)
	}
	var cmds []string
	for _, p := range obs[0].DataLayer {
		var args []any
		if json.Unmarshal(p.Value, &args) == nil && len(args) > 0 {
			cmds = append(cmds, fmt.Sprint(args[0]))
		}
	}
	if diff := cmp.Diff([]string{"js", "config", "event"}, cmds); diff != "" {
		t.Errorf("gtag() calls captured (-want +got):\n%s", diff)
	}
}

// TestDataLayerCapture checks that every push is captured in order, from
// before any tag library exists, across re-assignments of
// window.dataLayer, with gtag() arguments as arrays and DOM nodes and
// cycles serialized safely.
func TestDataLayerCapture(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: dataLayer
    start: /datalayer
    steps:
      - wait: { ms: 50 }
`)
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: fakeOrigin, Routes: testRoutes()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range obs[0].DataLayer {
		got = append(got, string(p.Value))
		if p.Page != fakeOrigin+"/datalayer" {
			t.Errorf("push page %q", p.Page)
		}
	}
	want := []string{
		`{"event":"first","n":1}`,
		`{"event":"second","when":"before any library"}`,
		`{"event":"third"}`,
		`{"event":"fourth"}`,
		`["event","fifth",{"value":5}]`,
		`{"event":"sixth"}`,
		`{"event":"seventh","el":"<body>"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pushes (-want +got):\n%s", diff)
	}
}

// TestYouTubePlayVideo drives a YouTube embed through the iframe API's
// postMessage protocol (the player is a local stand-in served by a route).
func TestYouTubePlayVideo(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: youtube
    start: /youtube
    steps:
      - play_video: { selector: "#tour", percent: 80 }
`)
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: fakeOrigin, Routes: testRoutes(), StepTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if st := obs[0].Steps; len(st) != 1 || st[0].Error != "" {
		t.Fatalf("steps %+v", st)
	}
	if got := hitNames(obs[0]); !cmp.Equal(got, []string{"page_view", "video_progress"}) {
		t.Errorf("hits %v", got)
	}
}

// TestInitScripts injects a script into every page after the capture
// hook: its dataLayer push, made before any page script, is captured.
func TestInitScripts(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: injected
    start: /wire
    steps:
      - visit: /datalayer
`)
	script := `window.dataLayer = window.dataLayer || []; window.dataLayer.push({event: 'injected', path: location.pathname});`
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: fakeOrigin, Routes: testRoutes(), InitScripts: []string{script}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range obs[0].DataLayer {
		if strings.Contains(string(p.Value), "injected") {
			got = append(got, string(p.Value))
		}
	}
	want := []string{`{"event":"injected","path":"/wire"}`, `{"event":"injected","path":"/datalayer"}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("injected pushes (-want +got):\n%s", diff)
	}
}

// TestCollectEndpoints captures hits sent to a first-party endpoint whose
// path is not /g/collect, configured in the spec's crawl settings.
func TestCollectEndpoints(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: custom endpoint
    start: /wire
    steps:
      - wait: { ms: 10 }
`)
	s.Crawl.CollectEndpoints = []string{"metrics.tagspec.test/track"}
	script := `addEventListener('load', function () {
  navigator.sendBeacon('https://metrics.tagspec.test/track?v=2&tid=G-TAGSPEC01&cid=1.2&en=custom_endpoint_event&ep.origin=first_party');
});`
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: fakeOrigin, Routes: testRoutes(), InitScripts: []string{script}})
	if err != nil {
		t.Fatal(err)
	}
	got := hitNames(obs[0])
	if !cmp.Equal(got, []string{"page_view", "custom_endpoint_event"}) {
		t.Errorf("hits %v, want page_view and the custom endpoint's event", got)
	}
}

// TestPatternsNamingAPort checks --block, --route and collection endpoint
// patterns that name a port against the example site on its random port:
// they act on that port and leave the same host on another port alone. A
// script in the page fetches the site's stylesheet and says whether it
// was served, routed or blocked; it also sends a hit to a first-party
// path.
func TestPatternsNamingAPort(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: pricing
    start: /pricing
    steps:
      - wait: { selector: "#probe-done" }
`)
	hostPort := strings.TrimPrefix(testSite.URL, "http://") // 127.0.0.1:PORT
	host, port, _ := strings.Cut(hostPort, ":")
	otherPort := host + ":1" + port // the same host, another port
	// The beacon's path contains /g/collect (but does not end in it) so
	// that the crawler waits for the request to be captured, not for
	// silence.
	probe := `addEventListener('load', function () {
  navigator.sendBeacon(location.origin + '/first-party/g/collect/track?v=2&tid=G-TAGSPEC01&cid=1.2&en=first_party_event');
  function done(result) {
    (window.dataLayer = window.dataLayer || []).push({ event: 'probe', result: result });
    var m = document.createElement('div');
    m.id = 'probe-done';
    document.body.appendChild(m);
  }
  fetch(location.origin + '/static/site.css', { cache: 'no-store' })
    .then(function (r) { return r.text(); })
    .then(function (t) { done(t.indexOf('routed by tagspec') >= 0 ? 'routed' : 'served'); }, function () { done('blocked'); });
});`
	route := "testdata/pages/routed.css"
	cases := []struct {
		name  string
		opts  Options
		probe string // what became of the stylesheet request
		hit   bool   // whether the first-party request counts as a hit
	}{
		{"block on the port", Options{Block: []string{hostPort + "/static/site.css"}}, "blocked", false},
		{"block with scheme on the port", Options{Block: []string{"http://" + hostPort + "/static/*"}}, "blocked", false},
		{"block with a port wildcard", Options{Block: []string{host + ":*/static/site.css"}}, "blocked", false},
		{"block on another port", Options{Block: []string{otherPort + "/static/site.css"}}, "served", false},
		{"block without a port", Options{Block: []string{host + "/static/site.css"}}, "blocked", false},
		{"route on the port", Options{Routes: []Route{{Pattern: hostPort + "/static/site.css", File: route}}}, "routed", false},
		{"route on another port", Options{Routes: []Route{{Pattern: otherPort + "/static/site.css", File: route}}}, "served", false},
		{"collect endpoint on the port", Options{CollectEndpoints: []string{"http://" + hostPort + "/first-party/*"}}, "served", true},
		{"collect endpoint on another port", Options{CollectEndpoints: []string{"http://" + otherPort + "/first-party/*"}}, "served", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			opts.BaseURL = testSite.URL
			opts.InitScripts = []string{probe}
			obs, err := testBrowser.Observe(t.Context(), s, opts)
			if err != nil {
				t.Fatal(err)
			}
			o := obs[0]
			if o.Incomplete || len(o.Steps) == 0 || o.Steps[len(o.Steps)-1].Error != "" {
				t.Fatalf("journey did not run: %+v", o.Steps)
			}
			var results []string
			hit := false
			for _, e := range o.Events {
				if e.Source == validator.SourceDataLayer && e.Name == "probe" {
					if p, ok := e.Param("result"); ok {
						results = append(results, p.Value)
					}
				}
				hit = hit || (e.Source == validator.SourceHit && e.Name == "first_party_event")
			}
			if !slices.Equal(results, []string{c.probe}) {
				t.Errorf("stylesheet %v, want %s", results, c.probe)
			}
			if hit != c.hit {
				t.Errorf("first-party request captured as a hit: %v, want %v", hit, c.hit)
			}
		})
	}
}

// TestHitPageKeepsPort crawls the example site, which serves on a random
// port, with a tag that sends dl the way Google's gtag.js builds do:
// the page URL without its port. The hit's page must still be the page
// it was sent from, port included, the same URL as the page of the
// dataLayer push made with it; dl itself stays as sent.
func TestHitPageKeepsPort(t *testing.T) {
	s := exampleWith(t, `journeys:
  - name: pricing
    start: /pricing
    consent: granted
    steps:
      - wait: { selector: "#plans" }
`)
	script := `addEventListener('load', function () {
  var u = new URL(location.href);
  u.port = '';
  window.dataLayer.push({ event: 'port_probe' });
  navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=2&tid=G-TAGSPEC01&cid=1.2&en=port_probe&dl=' + encodeURIComponent(u.href));
});`
	obs, err := testBrowser.Observe(t.Context(), s, Options{BaseURL: testSite.URL, InitScripts: []string{script}})
	if err != nil {
		t.Fatal(err)
	}
	want := testSite.URL + "/pricing" // http://127.0.0.1:PORT/pricing
	var hitPage, pushPage, dl string
	for _, e := range obs[0].Events {
		if !strings.HasPrefix(e.Page, testSite.URL+"/") {
			t.Errorf("%s event %q: page %q is not on %s", e.Source, e.Name, e.Page, testSite.URL)
		}
		if e.Name != "port_probe" {
			continue
		}
		if e.Source == validator.SourceHit {
			hitPage, dl = e.Page, e.PageLocation
		} else {
			pushPage = e.Page
		}
	}
	if pushPage != want {
		t.Fatalf("the push's page is %q, want %q", pushPage, want)
	}
	if hitPage != pushPage {
		t.Errorf("the hit's page is %q, the push's %q: want the same URL, port included", hitPage, pushPage)
	}
	if wantDL := strings.Replace(want, testSite.URL, "http://127.0.0.1", 1); dl != wantDL {
		t.Errorf("dl = %q, want it as sent, %q", dl, wantDL)
	}
}
