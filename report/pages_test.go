package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

const shop = "https://shop.example.test"

// sitePage describes one discovered page for siteReport: the query
// strings of the hits it sent (one per hit, the event lines of a batch
// separated by \r\n in body) and how it was found.
type sitePage struct {
	page     Page
	hits     []string // "en=page_view" or a POST body of event lines
	loaded   bool
	attempts int
	retried  []string
}

// pageEntry builds a page's report entry the way a crawl with discovery
// does: real-format hits decoded, judged by validator.CheckPage.
func pageEntry(t testing.TB, v *validator.Validator, sp sitePage, at time.Time) Journey {
	t.Helper()
	obs := &validator.Observation{Journey: sp.page.URL, Steps: []validator.Step{
		{Index: validator.NoStep, Kind: spec.StepVisit, Start: at, End: at.Add(700 * time.Millisecond)},
	}}
	for i, body := range sp.hits {
		base := "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&_p=21&cid=3.4&gcs=G111&dl=" + url.QueryEscape(sp.page.URL) + "&dt=Shop"
		method, u, payload := "GET", base+"&"+body, ""
		if strings.Contains(body, "\r\n") {
			method, u, payload = "POST", base, body
		}
		h, err := hits.Decode(method, u, []byte(payload), at.Add(time.Duration(300+100*i)*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		obs.Events = append(obs.Events, validator.EventsFromHit(h, i, validator.NoStep, sp.page.URL)...)
	}
	j := &spec.Journey{Name: sp.page.URL, Start: sp.page.URL}
	rj := NewJourney(j, obs, v.CheckPage(validator.Page{URL: sp.page.URL, Loaded: sp.loaded}, obs))
	rj.Page = &sp.page
	rj.Attempts, rj.Retried = sp.attempts, sp.retried
	return rj
}

// sitePages are the discovered pages of siteReport, sorted by URL as a
// crawl reports them.
func sitePages() []sitePage {
	return []sitePage{
		{page: Page{URL: "https://cdn.example.test/landing", Depth: 1, From: shop + "/", Status: 200}, loaded: true,
			hits: []string{"en=page_view"}},
		{page: Page{URL: shop + "/", Sitemap: true, Status: 200}, loaded: true,
			hits: []string{"en=page_view&_et=3", "en=newsletter_signup&ep.form_location=footer\r\nen=scroll&epn.percent_scrolled=90\r\n"}},
		{page: Page{URL: shop + "/blog?page=2", Depth: 1, From: shop + "/", Status: 200}, loaded: true,
			hits: []string{"en=page_view"}, attempts: 2, retried: []string{"answered HTTP 503"}},
		{page: Page{URL: shop + "/cart", Depth: 1, From: shop + "/", Sitemap: true, Status: 200}, loaded: true,
			hits: []string{"en=page_view", "en=page_view"}},
		{page: Page{URL: shop + "/old-offer", Depth: 2, From: shop + "/blog?page=2", Status: 500},
			attempts: 3, retried: []string{"answered HTTP 500", "attempt 2: answered HTTP 500"}},
	}
}

// siteReport is sampleReport crawled with discovery and --retries 2: the
// spec journeys (one passed on its second attempt), then the discovered
// pages.
func siteReport(t testing.TB) *Report {
	r := sampleReport(t)
	r.Retries = 2
	r.Journeys[0].Attempts = 2
	r.Journeys[0].Retried = []string{`step 2 (submit) failed: no element matches "form#newsletter" within 10s`}
	s := &spec.Spec{File: "tagspec.yaml", Name: "Example shop", MeasurementID: "G-TEST01",
		Events: []spec.Event{{Name: "newsletter_signup", Pos: pos(10), Params: []spec.Param{{Name: "form_location", Type: spec.TypeString, Required: true, Pos: pos(12)}}}},
	}
	v := validator.New(s, validator.Options{})
	for i, sp := range sitePages() {
		r.Journeys = append(r.Journeys, pageEntry(t, v, sp, t0.Add(time.Duration(20+i)*time.Second)))
	}
	// The crawler fails a page whose document did not load.
	old := &r.Journeys[len(r.Journeys)-1]
	old.Passed = false
	old.Findings = append(old.Findings, validator.Finding{
		Rule: "page/script-error", Severity: spec.SeverityError, Step: validator.NoStep, EventIndex: -1,
		Journey: shop + "/old-offer", Page: shop + "/old-offer", Message: "the page answered HTTP 500"})
	r.Discovery = &Discovery{Start: []string{shop + "/"}, Sitemaps: []string{shop + "/sitemap.xml", shop + "/sitemap-blog.xml"},
		Found: 7, Checked: 5, Limited: true}
	return r
}

func TestSitePrintersGolden(t *testing.T) {
	r := siteReport(t)
	for _, format := range diag.Formats {
		t.Run(string(format), func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(format, &b, r, testRules); err != nil {
				t.Fatal(err)
			}
			golden.CheckString(t, goldenPath(string(format), "site"), b.String())
		})
	}
}

func TestSiteTable(t *testing.T) {
	got := siteReport(t).Site()
	want := SiteTable{
		Events: []string{"page_view", "newsletter_signup", "scroll"},
		Rows: []SiteRow{
			{URL: "https://cdn.example.test/landing", Entry: 2, Status: 200, Counts: []int{1, 0, 0}, Passed: true},
			{URL: shop + "/", Entry: 3, Status: 200, Counts: []int{1, 1, 1}, Passed: true},
			{URL: shop + "/blog?page=2", Entry: 4, Status: 200, Counts: []int{1, 0, 0}, Passed: true},
			{URL: shop + "/cart", Entry: 5, Status: 200, Counts: []int{2, 0, 0}, Errors: 1},
			{URL: shop + "/old-offer", Entry: 6, Status: 500, Counts: []int{0, 0, 0}, Errors: 1},
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("site table (-want +got):\n%s", d)
	}
	// dataLayer events are not hits, and a report without pages has an
	// empty table.
	r := &Report{Journeys: []Journey{{Name: "p", Page: &Page{URL: "p"}, Passed: true, Events: []validator.Event{
		{Source: validator.SourceDataLayer, Event: hits.Event{Name: "add_to_cart"}},
		{Source: validator.SourceHit, Event: hits.Event{Name: "add_to_cart"}},
		{Source: validator.SourceHit, Event: hits.Event{Name: "abandon"}},
	}}}}
	if d := cmp.Diff(SiteTable{Events: []string{"abandon", "add_to_cart"}, Rows: []SiteRow{{URL: "p", Counts: []int{1, 1}, Passed: true}}}, r.Site()); d != "" {
		t.Errorf("site table of dataLayer and hit events (-want +got):\n%s", d)
	}
	if d := cmp.Diff(SiteTable{}, sampleReport(t).Site()); d != "" {
		t.Errorf("site table of a report without pages (-want +got):\n%s", d)
	}
}

// TestSiteJSONRoundTrip: every discovery, page and attempt field survives
// the JSON report, and printing what was read gives the same bytes.
func TestSiteJSONRoundTrip(t *testing.T) {
	r := siteReport(t)
	r.Discovery.Shard = "2/3"
	r.Journeys[2].Page.Sitemap = true
	r.Journeys[3].Page.Depth = 3
	doc := jsonOf(t, r)
	back := readJSONString(t, doc)
	if d := cmp.Diff(r.Discovery, back.Discovery); d != "" {
		t.Errorf("discovery (-want +got):\n%s", d)
	}
	if back.Retries != 2 {
		t.Errorf("retries = %d, want 2", back.Retries)
	}
	type entry struct {
		Name     string
		Page     *Page
		Attempts int
		Retried  []string
	}
	var want, got []entry
	for _, j := range r.Journeys {
		want = append(want, entry{j.Name, j.Page, j.Attempts, j.Retried})
	}
	for _, j := range back.Journeys {
		got = append(got, entry{j.Name, j.Page, j.Attempts, j.Retried})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pages and attempts (-want +got):\n%s", d)
	}
	if d := cmp.Diff(doc, jsonOf(t, back)); d != "" {
		t.Errorf("round trip changed the JSON (-printed +re-printed):\n%s", d)
	}
	// The pages' table is the same after the round trip.
	if d := cmp.Diff(r.Site(), back.Site()); d != "" {
		t.Errorf("site table after a round trip (-want +got):\n%s", d)
	}
}

func TestReadJSONPageErrors(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"discovery not an object", "{\"discovery\": [],\n \"journeys\": []}", "read JSON report: line 1, column 15: discovery is a JSON array, want an object"},
		{"found not a number", "{\"discovery\": {\"found\": \"7\"}, \"journeys\": []}", "read JSON report: line 1, column 25: discovery.found is a JSON string, want a number"},
		{"negative found", `{"discovery": {"found": -1}, "journeys": []}`, "read JSON report: discovery.found: -1 is negative"},
		{"negative checked", `{"discovery": {"checked": -2}, "journeys": []}`, "read JSON report: discovery.checked: -2 is negative"},
		{"empty start", `{"discovery": {"start": ["https://a.test/", ""]}, "journeys": []}`, "read JSON report: discovery.start[1]: empty URL"},
		{"empty sitemap", `{"discovery": {"sitemaps": [""]}, "journeys": []}`, "read JSON report: discovery.sitemaps[0]: empty URL"},
		{"start not strings", `{"discovery": {"start": [1]}, "journeys": []}`, "read JSON report: line 1, column 26: discovery.start is a JSON number, want a string"},
		{"negative retries", `{"retries": -1, "journeys": []}`, "read JSON report: retries: -1 is negative"},
		{"page not an object", "{\"journeys\": [\n  {\"name\": \"a\", \"page\": \"/x\"}]}", "read JSON report: line 2, column 25: journeys.page is a JSON string, want an object"},
		{"page without url", `{"journeys": [{"name": "a"}, {"name": "b", "page": {"depth": 1}}]}`, "read JSON report: journeys[1].page: no url"},
		{"negative depth", `{"journeys": [{"name": "a", "page": {"url": "a", "depth": -1}}]}`, "read JSON report: journeys[0].page.depth: -1 is negative"},
		{"odd status", `{"journeys": [{"name": "a", "page": {"url": "a", "status": 1000}}]}`, "read JSON report: journeys[0].page.status: 1000 is not an HTTP status"},
		{"sitemap not a bool", `{"journeys": [{"name": "a", "page": {"url": "a", "sitemap": "yes"}}]}`, "read JSON report: line 1, column 61: journeys.page.sitemap is a JSON string, want true or false"},
		{"negative attempts", `{"journeys": [{"name": "a", "attempts": -3}]}`, "read JSON report: journeys[0].attempts: -3 is negative"},
		{"too many reasons", `{"journeys": [{"name": "a", "attempts": 2, "retried": ["x", "y"]}]}`, "read JSON report: journeys[0].retried: 2 reasons for 2 attempts (want one for every attempt but the last)"},
		{"reasons without attempts", `{"journeys": [{"name": "a", "retried": ["x"]}]}`, "read JSON report: journeys[0].retried: 1 reasons for 1 attempts"},
		{"escaped quotes", "{\"journeys\": [{\"name\": \"a\",\n \"passed\": \"say \\\"hi\\\"\"}]}", "read JSON report: line 2, column 12: journeys.passed is a JSON string, want true or false"},
		{"retried not strings", `{"journeys": [{"name": "a", "retried": [{}]}]}`, "read JSON report: line 1, column 41: journeys.retried is a JSON object, want a string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadJSON(t.Context(), strings.NewReader(c.doc), testRules)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %v\nwant prefix %s", err, c.want)
			}
		})
	}
}

// shardsOf splits a crawl report with pages into two shard reports the
// way `tagspec crawl --shard K/2` makes them: spec journeys by index, the
// pages alternately, each shard with its own discovery figures.
func shardsOf(t testing.TB, whole *Report) (*Report, *Report) {
	t.Helper()
	a, b := *whole, *whole
	a.Journeys, b.Journeys = nil, nil
	np := 0
	for i, j := range whole.Journeys {
		dst := &a
		if j.Page == nil && i%2 == 1 || j.Page != nil && np%2 == 1 {
			dst = &b
		}
		if j.Page != nil {
			np++
		}
		dst.Journeys = append(dst.Journeys, j)
	}
	da, db := *whole.Discovery, *whole.Discovery
	da.Checked, db.Checked = 3, 2
	da.Limited, db.Limited = false, true
	da.Shard, db.Shard = "1/2", "2/2"
	a.Discovery, b.Discovery = &da, &db
	return &a, &b
}

// TestMergePagesEqualsUnsharded: merging the shards of a crawl with
// discovery gives the unsharded crawl's report: the same findings, pages,
// table, discovery figures and printed output, whether the shards come
// from memory or from their JSON reports, in either order for the pages.
func TestMergePagesEqualsUnsharded(t *testing.T) {
	whole := siteReport(t)
	a, b := shardsOf(t, whole)
	if len(a.Journeys) != 4 || len(b.Journeys) != 3 {
		t.Fatalf("shards of %d and %d entries, want 4 and 3", len(a.Journeys), len(b.Journeys))
	}
	merged, err := Merge([]Shard{{"shard-1.json", a}, {"shard-2.json", b}})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range diag.Formats {
		var w, m bytes.Buffer
		if err := Write(format, &w, whole, testRules); err != nil {
			t.Fatal(err)
		}
		if err := Write(format, &m, merged, testRules); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(w.String(), m.String()); d != "" {
			t.Errorf("%s of the merged shards differs from the unsharded crawl's (-whole +merged):\n%s", format, d)
		}
	}
	if d := cmp.Diff(whole.Site(), merged.Site()); d != "" {
		t.Errorf("site table (-whole +merged):\n%s", d)
	}
	if got, want := merged.Count(), whole.Count(); got != want {
		t.Errorf("merged counts %+v, want %+v", got, want)
	}

	// From the shards' JSON reports, the second shard first: journeys
	// come in shard order, pages still sorted by URL.
	fromJSON, err := Merge([]Shard{
		{"shard-2.json", readJSONString(t, jsonOf(t, b))},
		{"shard-1.json", readJSONString(t, jsonOf(t, a))},
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, j := range fromJSON.Journeys {
		names = append(names, j.Name)
	}
	want := []string{whole.Journeys[1].Name, whole.Journeys[0].Name}
	for _, sp := range sitePages() {
		want = append(want, sp.page.URL)
	}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("entries of the merge (-want +got):\n%s", d)
	}
	if d := cmp.Diff(whole.Discovery, fromJSON.Discovery); d != "" {
		t.Errorf("merged discovery (-whole +merged):\n%s", d)
	}
	if fromJSON.Retries != whole.Retries {
		t.Errorf("merged retries %d, want %d", fromJSON.Retries, whole.Retries)
	}
}

func TestMergePageDiscovery(t *testing.T) {
	cases := []struct {
		name   string
		shards []*Discovery
		want   *Discovery
	}{
		{"none", []*Discovery{nil, nil}, nil},
		{"one shard", []*Discovery{nil, {Start: []string{"s"}, Found: 4, Checked: 2, Shard: "2/2"}}, &Discovery{Start: []string{"s"}, Found: 4, Checked: 2}},
		{"first with lists wins", []*Discovery{{Found: 3, Checked: 1}, {Start: []string{"s"}, Sitemaps: []string{"m"}, Found: 5, Checked: 2, Limited: true}, {Start: []string{"t"}, Sitemaps: []string{"n"}, Found: 4, Checked: 1}},
			&Discovery{Start: []string{"s"}, Sitemaps: []string{"m"}, Found: 5, Checked: 4, Limited: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var in []Shard
			for i, d := range c.shards {
				in = append(in, Shard{Source: fmt.Sprint(i), Report: &Report{Discovery: d}})
			}
			m, err := Merge(in)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.want, m.Discovery); d != "" {
				t.Errorf("merged discovery (-want +got):\n%s", d)
			}
		})
	}
}

func TestMergeDuplicatePage(t *testing.T) {
	page := func(u string) Journey { return Journey{Name: u, Page: &Page{URL: u}} }
	cases := []struct {
		name   string
		shards []Shard
		want   string
	}{
		{"two shards", []Shard{{"out/shard-1.json", &Report{Journeys: []Journey{page("https://a.test/x")}}}, {"out/shard-2.json", &Report{Journeys: []Journey{page("https://a.test/x")}}}},
			"page https://a.test/x is in both out/shard-1.json and out/shard-2.json: shards of one crawl check each page once"},
		{"one shard", []Shard{{"out/x.json", &Report{Journeys: []Journey{page("https://a.test/"), page("https://a.test/")}}}},
			"page https://a.test/ occurs twice in out/x.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Merge(c.shards)
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v\nwant %s", err, c.want)
			}
		})
	}
	// A journey named like a page URL is not a duplicate of the page.
	r := &Report{Journeys: []Journey{{Name: "https://a.test/"}, page("https://a.test/")}}
	if _, err := Merge([]Shard{{"x.json", r}}); err != nil {
		t.Errorf("journey and page of one name: %v", err)
	}
}

// TestAttachSpecKeepsPagesLast: the spec's journeys get their positions
// and retries back, pages stay after them, untouched.
func TestAttachSpecKeepsPagesLast(t *testing.T) {
	whole := siteReport(t)
	a, b := shardsOf(t, whole)
	m, err := Merge([]Shard{{"b.json", readJSONString(t, jsonOf(t, b))}, {"a.json", readJSONString(t, jsonOf(t, a))}})
	if err != nil {
		t.Fatal(err)
	}
	s := &spec.Spec{File: "tagspec.yaml"}
	for _, j := range whole.Journeys[:2] {
		sj := spec.Journey{Name: j.Name, Pos: j.Pos}
		for _, e := range j.Expectations {
			for len(sj.Steps) < e.Index {
				sj.Steps = append(sj.Steps, spec.Step{Kind: spec.StepWait, Pos: pos(90)})
			}
			sj.Steps = append(sj.Steps, spec.Step{Kind: spec.StepExpect, Event: "x", Pos: e.Pos})
		}
		s.Journeys = append(s.Journeys, sj)
	}
	// A page URL that is also a journey name of the spec stays a page.
	s.Journeys = append(s.Journeys, spec.Journey{Name: shop + "/cart", Pos: pos(99)})
	AttachSpec(m, s)
	if d := cmp.Diff(jsonOf(t, whole), jsonOf(t, m)); d != "" {
		t.Errorf("JSON after AttachSpec differs (-whole +merged):\n%s", d)
	}
	if m.Journeys[0].Attempts != 2 || len(m.Journeys[0].Retried) != 1 || m.Journeys[0].Pos != whole.Journeys[0].Pos {
		t.Errorf("journey after AttachSpec: attempts %d, retried %q, pos %s", m.Journeys[0].Attempts, m.Journeys[0].Retried, m.Journeys[0].Pos)
	}
	if p := m.Journeys[5]; p.Page == nil || p.Name != shop+"/cart" || p.Pos != (spec.Pos{}) {
		t.Errorf("page /cart after AttachSpec: %+v at %s", p.Page, p.Pos)
	}
}

func TestPageLabel(t *testing.T) {
	origin, _ := url.Parse("https://shop.example.test/en/")
	cases := []struct{ page, want string }{
		{"https://shop.example.test/", "/"},
		{"https://shop.example.test", "/"},
		{"https://shop.example.test/a/b?x=1&y=%20", "/a/b?x=1&y=%20"},
		{"https://shop.example.test/caf%C3%A9", "/caf%C3%A9"},
		{"https://shop.example.test/search?", "/search?"},
		{"http://shop.example.test/", "http://shop.example.test/"},
		{"https://shop.example.test:8443/", "https://shop.example.test:8443/"},
		{"https://cdn.example.test/x", "https://cdn.example.test/x"},
		{"::not a url", "::not a url"},
	}
	for _, c := range cases {
		if got := pageLabel(origin, c.page); got != c.want {
			t.Errorf("pageLabel(%q) = %q, want %q", c.page, got, c.want)
		}
	}
	if got := pageLabel(nil, "https://a.test/x"); got != "https://a.test/x" {
		t.Errorf("without an origin: %q", got)
	}
	// Without a base URL, discovery's first start URL is the origin; an
	// unparsable base URL shows URLs in full.
	r := &Report{Discovery: &Discovery{Start: []string{"https://a.test/start", "https://b.test/"}}}
	if got := pageLabel(r.siteOrigin(), "https://a.test/x"); got != "/x" {
		t.Errorf("origin from discovery: %q", got)
	}
	r.BaseURL = "%zz"
	if o := r.siteOrigin(); o != nil {
		t.Errorf("origin of a bad base URL = %v", o)
	}
}

func TestDiscoverySummary(t *testing.T) {
	cases := []struct {
		name  string
		d     *Discovery
		pages int
		want  string
	}{
		{"no discovery", nil, 3, "checked 3 pages"},
		{"sharded", &Discovery{Start: []string{"http://shop.test/"}, Sitemaps: []string{"a", "b"}, Found: 324, Checked: 162, Shard: "1/2"}, 0,
			"discovered 324 pages from http://shop.test/, 2 sitemaps; checked 162 (shard 1/2)"},
		{"one sitemap, limited", &Discovery{Start: []string{"http://shop.test/"}, Sitemaps: []string{"a"}, Found: 1, Checked: 1, Limited: true}, 0,
			"discovered 1 page from http://shop.test/, 1 sitemap; checked 1; --max-pages stopped discovery before every link was followed"},
		{"many starts", &Discovery{Start: []string{"a", "b", "c", "d", "e"}, Found: 9, Checked: 9}, 0,
			"discovered 9 pages from a, b, c and 2 more; checked 9"},
		{"nothing", &Discovery{}, 0, "discovered 0 pages; checked 0"},
	}
	for _, c := range cases {
		if got := discoverySummary(c.d, c.pages); got != c.want {
			t.Errorf("%s: got  %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestAttemptNote(t *testing.T) {
	cases := []struct {
		name    string
		retries int
		j       Journey
		note    string
		junit   string
	}{
		{"ran once", 2, Journey{Passed: true}, "", ""},
		{"ran once, counted", 2, Journey{Passed: true, Attempts: 1}, "", ""},
		{"passed on a retry", 2, Journey{Passed: true, Attempts: 2, Retried: []string{"answered HTTP 503"}},
			"passed on attempt 2 of 3 (retried: attempt 1: answered HTTP 503)",
			"attempt 1 failed: answered HTTP 503\nattempt 2 passed (of at most 3)\n"},
		{"failed every time", 1, Journey{Attempts: 2, Retried: []string{"attempt 1: step 1 (click) failed: gone"}},
			"failed on attempt 2 of 2 (retried: attempt 1: step 1 (click) failed: gone)",
			"attempt 1 failed: step 1 (click) failed: gone\nattempt 2 failed (of at most 2)\n"},
		{"retries not recorded", 0, Journey{Passed: true, Attempts: 3, Retried: []string{"x", "y"}},
			"passed on attempt 3 (retried: attempt 1: x; attempt 2: y)",
			"attempt 1 failed: x\nattempt 2 failed: y\nattempt 3 passed\n"},
	}
	for _, c := range cases {
		r := &Report{Retries: c.retries}
		if got := r.attemptNote(&c.j); got != c.note {
			t.Errorf("%s: note\ngot  %q\nwant %q", c.name, got, c.note)
		}
		if got := r.retryLines(&c.j); got != c.junit {
			t.Errorf("%s: JUnit lines\ngot  %q\nwant %q", c.name, got, c.junit)
		}
	}
}

func TestJUnitPagesSuite(t *testing.T) {
	var b bytes.Buffer
	if err := Write("junit", &b, siteReport(t), testRules); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Classname string    `xml:"classname,attr"`
				Name      string    `xml:"name,attr"`
				Failure   *struct{} `xml:"failure"`
				SystemOut string    `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 2 || doc.Suites[1].Name != "pages" {
		t.Fatalf("suites = %+v", doc.Suites)
	}
	pages := doc.Suites[1]
	if doc.Tests != 6+5 || doc.Failures != 2+2 || pages.Tests != 5 || pages.Failures != 2 {
		t.Errorf("tests=%d failures=%d, pages tests=%d failures=%d; want 11, 4, 5, 2", doc.Tests, doc.Failures, pages.Tests, pages.Failures)
	}
	var got []string
	for _, c := range pages.Cases {
		got = append(got, fmt.Sprintf("%s|%s|failed=%v|%q", c.Classname, c.Name, c.Failure != nil, c.SystemOut))
	}
	want := []string{
		`Example shop|https://cdn.example.test/landing|failed=false|""`,
		`Example shop|https://shop.example.test/|failed=false|""`,
		`Example shop|https://shop.example.test/blog?page=2|failed=false|"attempt 1 failed: answered HTTP 503\nattempt 2 passed (of at most 3)\n"`,
		`Example shop|https://shop.example.test/cart|failed=true|""`,
		`Example shop|https://shop.example.test/old-offer|failed=true|"attempt 1 failed: answered HTTP 500\nattempt 2 failed: answered HTTP 500\nattempt 3 failed (of at most 3)\n"`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("page test cases (-want +got):\n%s", d)
	}
	// Without a spec name the class is "pages"; a page that failed with
	// no error finding (it did not finish) still fails its case.
	r := &Report{Journeys: []Journey{{Name: "https://a.test/", Page: &Page{URL: "https://a.test/"}, Incomplete: true, Reason: "interrupted"}}}
	b.Reset()
	if err := Write("junit", &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<testsuite name="pages" tests="1" failures="1"`, `<testcase classname="pages" name="https://a.test/"`, `<failure message="did not finish: interrupted" type="page">`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("JUnit lacks %s:\n%s", want, b.String())
		}
	}
}

// TestPageAnnotations: a page finding with a spec position points at the
// spec in GitHub and SARIF; one without is titled (GitHub) or located
// (SARIF) at the page's URL.
func TestPageAnnotations(t *testing.T) {
	u := "https://a.test/p?q=1,2"
	r := &Report{Spec: "tagspec.yaml", Journeys: []Journey{{Name: u, Page: &Page{URL: u}, Findings: []validator.Finding{
		{Rule: validator.RuleParamType, Severity: spec.SeverityWarning, Step: validator.NoStep, EventIndex: 0, Page: u, Pos: spec.Pos{File: "tagspec.yaml", Line: 9, Col: 5}, Message: "param x"},
		{Rule: "page/script-error", Severity: spec.SeverityError, Step: validator.NoStep, EventIndex: -1, Page: u, Message: "boom\nline 2"},
		{Rule: validator.RulePII, Severity: spec.SeverityInfo, Step: validator.NoStep, EventIndex: -1, Page: "https://a.test/next", Message: "mail"},
	}}}}
	var gh bytes.Buffer
	if err := Write("github", &gh, r, testRules); err != nil {
		t.Fatal(err)
	}
	wantGH := "::warning file=tagspec.yaml,line=9,col=5,title=tagspec journey/param-type (page https%3A//a.test/p?q=1%2C2)::param x on https://a.test/p?q=1,2\n" +
		"::error title=https%3A//a.test/p?q=1%2C2::boom%0Aline 2 [page/script-error]\n" +
		"::notice title=https%3A//a.test/p?q=1%2C2::mail on https://a.test/next [privacy/personal-data-hit]\n"
	if d := cmp.Diff(wantGH, gh.String()); d != "" {
		t.Errorf("GitHub annotations (-want +got):\n%s", d)
	}
	var sb bytes.Buffer
	if err := Write("sarif", &sb, r, testRules); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sb.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, res := range log.Runs[0].Results {
		loc := res.Locations[0].PhysicalLocation
		line := 0
		if loc.Region != nil {
			line = loc.Region.StartLine
		}
		got = append(got, fmt.Sprintf("%s %s %s:%d %s", res.Level, res.RuleID, loc.ArtifactLocation.URI, line, res.Message.Text))
	}
	want := []string{
		"warning journey/param-type tagspec.yaml:9 page https://a.test/p?q=1,2: param x",
		"error page/script-error https://a.test/p?q=1,2:0 page https://a.test/p?q=1,2: boom\nline 2",
		"note privacy/personal-data-hit https://a.test/p?q=1,2:0 page https://a.test/p?q=1,2: mail on https://a.test/next",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("SARIF results (-want +got):\n%s", d)
	}
	var ids []string
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		ids = append(ids, rule.ID)
	}
	if !slices.Contains(ids, "page/script-error") {
		t.Errorf("SARIF rules lack page/script-error: %v", ids)
	}
}

// TestLargeSiteText: a crawl of 400 pages prints one table row per page,
// the failing pages' findings and nothing per step.
func TestLargeSiteText(t *testing.T) {
	r := largeSite(t, 400)
	var b bytes.Buffer
	if err := Write("text", &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	_, section, ok := strings.Cut(out, "\nPAGES  ")
	if !ok {
		t.Fatalf("no pages section:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(section, "\n"), "\n")
	// Summary, table header, 400 rows, then for each of the 8 failing
	// pages a blank line, a header and its finding, then a blank line and
	// the verdict.
	if want := 1 + 1 + 400 + 8*3 + 2; len(lines) != want {
		t.Errorf("pages section has %d lines, want %d", len(lines), want)
	}
	if !strings.HasPrefix(lines[0], "discovered 400 pages from https://big.example.test/; checked 400") {
		t.Errorf("summary = %q", lines[0])
	}
	width := len(lines[2]) - len(strings.Fields(lines[2])[5])
	for _, l := range lines[2:402] {
		f := strings.Fields(l)
		if len(f) != 6 || len(l)-len(f[5]) != width {
			t.Fatalf("row %q is not aligned with %q", l, lines[2])
		}
	}
	if strings.Contains(out, "step 1") {
		t.Error("the pages section prints step detail")
	}
	if !strings.HasSuffix(out, "400 pages, 8 failed; 8 errors, 0 warnings\n") {
		t.Errorf("verdict: %q", out[len(out)-60:])
	}
}

// largeSite builds a report of n discovered pages, every 50th failing on
// a duplicate page_view.
func largeSite(t testing.TB, n int) *Report {
	v := validator.New(&spec.Spec{File: "tagspec.yaml", MeasurementID: "G-TEST01"}, validator.Options{})
	base := "https://big.example.test"
	r := &Report{BaseURL: base, Discovery: &Discovery{Start: []string{base + "/"}, Found: n, Checked: n}}
	for i := range n {
		sp := sitePage{page: Page{URL: fmt.Sprintf("%s/p/%04d?ref=%d", base, i, i%7), Depth: 1 + i%3, From: base + "/", Status: 200}, loaded: true,
			hits: []string{"en=page_view", "en=scroll&epn.percent_scrolled=90"}}
		if i%50 == 7 {
			sp.hits = append(sp.hits, "en=page_view")
		}
		r.Journeys = append(r.Journeys, pageEntry(t, v, sp, t0))
	}
	return r
}
