package examplesite

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/internal/golden"
	"golang.org/x/net/html"

	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// auditOrigin is the origin the tests send their requests to.
const auditOrigin = "http://audit.test"

// auditResponse is one answer of the audit handler.
type auditResponse struct {
	code        int
	contentType string
	body        []byte
}

func auditGet(t testing.TB, h http.Handler, target string) auditResponse {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return auditResponse{code: rec.Code, contentType: rec.Header().Get("Content-Type"), body: rec.Body.Bytes()}
}

func TestAuditSpecLintsClean(t *testing.T) {
	s, diags, err := spec.Parse("audit.yaml", AuditSpec())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("loader: %s", d)
	}
	for _, d := range lint.Check(s) {
		t.Errorf("lint: %s", d)
	}
	if s.MeasurementID != MeasurementID {
		t.Errorf("measurement_id = %q, want %q (the id boot.js sends)", s.MeasurementID, MeasurementID)
	}
	if len(s.Environments) != 1 || s.Environments[0].BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("environments = %+v, want one with base_url http://127.0.0.1:8080", s.Environments)
	}
	if len(s.Journeys) != 0 {
		t.Errorf("%d journeys, want none: the audit spec is for site-wide checks", len(s.Journeys))
	}
	c := s.Consent
	if c == nil || !slices.Equal(c.Required, []string{"analytics_storage"}) || c.AcceptSelector != "#cookie-accept" || c.DenySelector != "#cookie-deny" {
		t.Errorf("consent = %+v, want analytics_storage required and the banner's selectors", c)
	}
	var pageViews []string
	for _, e := range s.Events {
		if e.Trigger.Kind == spec.TriggerPageView {
			pageViews = append(pageViews, e.Name)
		}
	}
	if want := []string{"pricing_page_view", "docs_page_view", "product_page_view"}; !slices.Equal(pageViews, want) {
		t.Errorf("page_view-triggered events = %v, want %v", pageViews, want)
	}
	// AuditSpec hands out a copy.
	AuditSpec()[0] = 'X'
	if AuditSpec()[0] == 'X' {
		t.Error("AuditSpec returns the embedded bytes themselves")
	}
}

func TestAuditPagesAnswer(t *testing.T) {
	h := NewAuditHandler()
	pages := AuditPages()
	if len(pages) < 320 {
		t.Errorf("%d pages, want at least 320", len(pages))
	}
	if !slices.IsSorted(pages) || len(slices.Compact(slices.Clone(pages))) != len(pages) {
		t.Error("AuditPages is not sorted and free of duplicates")
	}
	failing := map[string]bool{}
	for _, s := range AuditSeeds() {
		if s.Rule == auditRuleStatus {
			failing[s.Path] = true
		}
	}
	for _, p := range pages {
		r := auditGet(t, h, auditOrigin+p)
		want := http.StatusOK
		if failing[p] {
			want = http.StatusInternalServerError
		}
		if r.code != want || r.contentType != "text/html; charset=utf-8" {
			t.Errorf("%s answers %d %q, want %d text/html", p, r.code, r.contentType, want)
		}
		for _, must := range []string{`id="cookie-accept"`, `id="cookie-deny"`, `<script src="/gtag/js?id=G-TAGSPEC01"></script>`, `<script src="/static/audit.js"></script>`} {
			if !bytes.Contains(r.body, []byte(must)) {
				t.Errorf("%s lacks %s", p, must)
			}
		}
	}
	for _, tc := range []struct{ path, contentType, contains string }{
		{"/static/boot.js", "text/javascript; charset=utf-8", "gtag('config'"},
		{"/gtag/js?id=G-TAGSPEC01", "text/javascript; charset=utf-8", "/g/collect"},
		{"/static/audit.js", "text/javascript; charset=utf-8", "cookie-accept"},
		{"/static/site.css", "text/css; charset=utf-8", "{"},
		{"/downloads/acme-analytics-datasheet.pdf", "application/pdf", "%PDF-"},
		{"/robots.txt", "text/plain; charset=utf-8", "Sitemap: " + auditOrigin + "/sitemaps/index.xml"},
	} {
		r := auditGet(t, h, auditOrigin+tc.path)
		if r.code != http.StatusOK || r.contentType != tc.contentType || !bytes.Contains(r.body, []byte(tc.contains)) {
			t.Errorf("%s answers %d %q (contains %q: %v)", tc.path, r.code, r.contentType, tc.contains, bytes.Contains(r.body, []byte(tc.contains)))
		}
	}
	for _, p := range []string{"/pricing", "/blog/81", "/blog/0", "/products/33", "/static/consent.js", "/static/site.js", "/sitemap.xml", "/sitemaps/pages-3.xml", "/downloads/other.pdf", "/docs/tracking/examples/"} {
		if r := auditGet(t, h, auditOrigin+p); r.code != http.StatusNotFound {
			t.Errorf("%s answers %d, want 404", p, r.code)
		}
	}
}

// auditLinks returns the href of every <a> of a page, in document order.
func auditLinks(t *testing.T, page string, body []byte) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("%s: %v", page, z.Err())
			}
			return out
		case html.StartTagToken:
			tok := z.Token()
			if tok.Data != "a" {
				continue
			}
			for _, a := range tok.Attr {
				if a.Key == "href" {
					out = append(out, a.Val)
				}
			}
		}
	}
}

// auditCrawl is what a link and sitemap crawl of the audit handler found.
type auditCrawl struct {
	depth     map[string]int // linked pages: links followed from "/"
	sitemap   []string       // paths the sitemaps list, in order
	nonPages  []string       // same-origin link targets that are not HTML pages
	external  []string       // links to other origins
	mailto    []string       // mailto: links
	fragments []string       // same-origin links with a fragment, fragment included
}

// crawlAudit follows every same-origin link from "/" breadth first, and
// robots.txt to the sitemap index and its urlsets.
func crawlAudit(t *testing.T, h http.Handler) *auditCrawl {
	t.Helper()
	c := &auditCrawl{depth: map[string]int{"/": 0}}
	base, _ := url.Parse(auditOrigin)
	seen := map[string]bool{}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		r := auditGet(t, h, auditOrigin+p)
		if !strings.HasPrefix(r.contentType, "text/html") {
			t.Fatalf("%s is not an HTML page", p)
		}
		for _, href := range auditLinks(t, p, r.body) {
			ref, err := url.Parse(href)
			if err != nil {
				t.Errorf("%s: link %q: %v", p, href, err)
				continue
			}
			u := base.ResolveReference(&url.URL{Path: p}).ResolveReference(ref)
			switch {
			case u.Scheme == "mailto":
				c.mailto = append(c.mailto, href)
				continue
			case u.Scheme+"://"+u.Host != auditOrigin:
				c.external = append(c.external, href)
				continue
			}
			if u.Fragment != "" && u.Path != p {
				c.fragments = append(c.fragments, u.Path+"#"+u.Fragment)
			}
			target := u.Path
			if seen[target] || target == p {
				continue
			}
			seen[target] = true
			if _, ok := c.depth[target]; ok {
				continue
			}
			tr := auditGet(t, h, auditOrigin+target)
			if !strings.HasPrefix(tr.contentType, "text/html") {
				c.nonPages = append(c.nonPages, target)
				continue
			}
			if tr.code == http.StatusNotFound {
				t.Errorf("%s links to %s, which answers 404", p, href)
				continue
			}
			c.depth[target] = c.depth[p] + 1
			queue = append(queue, target)
		}
	}
	robots := auditGet(t, h, auditOrigin+"/robots.txt")
	m := regexp.MustCompile(`(?m)^Sitemap: (\S+)$`).FindSubmatch(robots.body)
	if m == nil {
		t.Fatalf("robots.txt has no Sitemap line:\n%s", robots.body)
	}
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	decodeXML(t, auditGet(t, h, string(m[1])), &index)
	if len(index.Sitemaps) != 2 {
		t.Errorf("sitemap index lists %d sitemaps, want 2", len(index.Sitemaps))
	}
	for _, sm := range index.Sitemaps {
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		decodeXML(t, auditGet(t, h, sm.Loc), &set)
		for _, u := range set.URLs {
			if !strings.HasPrefix(u.Loc, auditOrigin+"/") {
				t.Errorf("sitemap %s lists %s, not an absolute URL on the site", sm.Loc, u.Loc)
				continue
			}
			c.sitemap = append(c.sitemap, strings.TrimPrefix(u.Loc, auditOrigin))
		}
	}
	return c
}

func decodeXML(t *testing.T, r auditResponse, v any) {
	t.Helper()
	if r.code != http.StatusOK || r.contentType != "application/xml; charset=utf-8" {
		t.Fatalf("sitemap answers %d %q", r.code, r.contentType)
	}
	if err := xml.Unmarshal(r.body, v); err != nil {
		t.Fatalf("sitemap: %v\n%s", err, r.body)
	}
}

func TestAuditPagesAreReachable(t *testing.T) {
	c := crawlAudit(t, NewAuditHandler())
	found := map[string]bool{}
	var linked []string
	for p := range c.depth {
		found[p] = true
		linked = append(linked, p)
	}
	slices.Sort(linked)
	inSitemap := map[string]bool{}
	var orphans []string
	for _, p := range c.sitemap {
		if inSitemap[p] {
			t.Errorf("the sitemaps list %s twice", p)
		}
		inSitemap[p] = true
		if !found[p] {
			orphans = append(orphans, p)
		}
		found[p] = true
	}
	var all []string
	for p := range found {
		all = append(all, p)
	}
	slices.Sort(all)
	if diff := cmp.Diff(AuditPages(), all); diff != "" {
		t.Errorf("pages reachable from / and the sitemaps differ from AuditPages (-want +got):\n%s", diff)
	}
	slices.Sort(orphans)
	if diff := cmp.Diff([]string{"/campaigns/analytics-audit", "/campaigns/partner-offer", "/campaigns/spring-webinar"}, orphans); diff != "" {
		t.Errorf("orphans (sitemap only) (-want +got):\n%s", diff)
	}
	var linkOnly []string
	for _, p := range linked {
		if !inSitemap[p] {
			linkOnly = append(linkOnly, p)
		}
	}
	wantLinkOnly := []string{
		"/company/careers/analytics-consultant", "/company/careers/data-engineer", "/company/careers/frontend-developer",
		"/company/careers/product-marketer", "/company/newsletter/confirmed", "/help/status",
	}
	if diff := cmp.Diff(wantLinkOnly, linkOnly); diff != "" {
		t.Errorf("link-only pages (-want +got):\n%s", diff)
	}
	maxDepth, deepest := 0, ""
	for _, p := range linked {
		if d := c.depth[p]; d > maxDepth {
			maxDepth, deepest = d, p
		}
	}
	if maxDepth != 6 {
		t.Errorf("deepest page %s is %d links from /, want 6", deepest, maxDepth)
	}
	if diff := cmp.Diff([]string{auditDatasheetPDF}, c.nonPages); diff != "" {
		t.Errorf("same-origin links that are not pages (-want +got):\n%s", diff)
	}
	if len(c.external) == 0 || len(c.mailto) == 0 {
		t.Errorf("external links %d, mailto links %d: want some of each", len(c.external), len(c.mailto))
	}
	if len(c.fragments) == 0 {
		t.Error("no link with a fragment to another page")
	}
	for _, f := range c.fragments {
		if p, _, _ := strings.Cut(f, "#"); !found[p] && p != auditDatasheetPDF {
			t.Errorf("fragment link %s points to no page", f)
		}
	}
}

// TestAuditSeedsMatchPages reads every page and predicts, from its
// markup alone, the error findings a site-wide check reports: how many
// page_view hits its tag configuration sends, which events its scripts
// send (against the spec's page_view triggers and event list), a tag that
// runs without a consent default, an email address written into the URL,
// an HTTP error. The prediction must be AuditSeeds, which proves every
// other page is clean.
func TestAuditSeedsMatchPages(t *testing.T) {
	s, _, err := spec.Parse("audit.yaml", AuditSpec())
	if err != nil {
		t.Fatal(err)
	}
	h := NewAuditHandler()
	var got []AuditSeed
	for _, p := range AuditPages() {
		r := auditGet(t, h, auditOrigin+p)
		got = append(got, predictFindings(t, s, p, r)...)
	}
	if diff := cmp.Diff(AuditSeeds(), got); diff != "" {
		t.Errorf("findings predicted from the pages differ from AuditSeeds (-want +got):\n%s", diff)
	}
}

var (
	eventCall  = regexp.MustCompile(`gtag\('event', '([a-z_]+)'`)
	configCall = regexp.MustCompile(`gtag\('config', '[^']*'(, \{[^}]*\})?\)`)
)

func predictFindings(t *testing.T, s *spec.Spec, path string, r auditResponse) []AuditSeed {
	t.Helper()
	pageViews, noConsentDefault, emailInURL := 0, false, false
	sent := map[string]int{}
	var inline strings.Builder
	z := html.NewTokenizer(bytes.NewReader(r.body))
	for inScript := false; ; {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken:
			tok := z.Token()
			inScript = tok.Data == "script"
			if !inScript {
				continue
			}
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Key] = a.Val
			}
			if attrs["src"] == "/static/boot.js" {
				// boot.js runs one config command; without data-consent
				// it sets a consent default first.
				pageViews++
				if attrs["data-consent"] == "none" {
					noConsentDefault = true
				}
			}
		case html.TextToken:
			if inScript {
				inline.Write(z.Text())
			}
		case html.EndTagToken:
			inScript = false
		}
	}
	code := inline.String()
	for _, m := range configCall.FindAllStringSubmatch(code, -1) {
		if !strings.Contains(m[1], "send_page_view: false") {
			pageViews++
		}
	}
	for _, m := range eventCall.FindAllStringSubmatch(code, -1) {
		sent[m[1]]++
	}
	pageViews += sent["page_view"]
	if strings.Contains(code, "history.replaceState") && strings.Contains(code, "@") {
		emailInURL = true
	}

	var out []AuditSeed
	add := func(rule, event string) { out = append(out, AuditSeed{path, rule, event}) }
	if r.code != http.StatusOK {
		add(auditRuleStatus, "")
	}
	switch {
	case pageViews == 0:
		add(auditRuleMissing, "page_view")
	case pageViews > 1:
		add(auditRuleDuplicate, "page_view")
	}
	if noConsentDefault {
		add(auditRuleConsent, "page_view")
	}
	if emailInURL {
		add(auditRulePII, "page_view")
	}
	for _, e := range s.Events {
		if e.Trigger.Kind != spec.TriggerPageView {
			continue
		}
		tr := e.Trigger
		match := tr.PathExact == path ||
			tr.PathPrefix != "" && strings.HasPrefix(path, tr.PathPrefix) ||
			tr.PathRegex != "" && regexp.MustCompile(tr.PathRegex).MatchString(path)
		switch n := sent[e.Name]; {
		case match && n == 0:
			add(auditRuleMissing, e.Name)
		case !match && n > 0:
			add(auditRuleUnexpected, e.Name)
		case n > 1:
			add(auditRuleDuplicate, e.Name)
		}
	}
	var names []string
	for name := range sent {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := s.Event(name); !ok && !validator.IsAutomatic(name) {
			add(auditRuleUnexpected, name)
		}
	}
	slices.SortFunc(out, cmpSeed)
	return out
}

func TestAuditSeeds(t *testing.T) {
	seeds := AuditSeeds()
	if !slices.IsSortedFunc(seeds, cmpSeed) {
		t.Error("AuditSeeds is not sorted by path, rule and event")
	}
	pages := AuditPages()
	perPage := map[string]int{}
	count := map[string]int{}
	for _, s := range seeds {
		if _, ok := slices.BinarySearch(pages, s.Path); !ok {
			t.Errorf("seed %+v is on a page AuditPages does not list", s)
		}
		perPage[s.Path]++
		count[s.Rule+" "+s.Event]++
	}
	for p, n := range perPage {
		if n != 1 {
			t.Errorf("%s has %d seeds, want one", p, n)
		}
	}
	want := map[string]int{
		"journey/event-missing page_view":            3,
		"journey/event-duplicate page_view":          3,
		"privacy/personal-data-hit page_view":        1,
		"consent/before-grant page_view":             1,
		"journey/event-missing pricing_page_view":    1,
		"journey/event-unexpected pricing_page_view": 1,
		"journey/event-unexpected chat_widget_open":  1,
		"page/status ": 1,
	}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("seeds per rule and event (-want +got):\n%s", diff)
	}
	// The rule ids are the validator's.
	for _, r := range []struct{ ours, theirs string }{
		{auditRuleMissing, validator.RuleEventMissing},
		{auditRuleDuplicate, validator.RuleEventDuplicate},
		{auditRuleUnexpected, validator.RuleEventUnexpected},
		{auditRulePII, validator.RulePII},
		{auditRuleConsent, validator.RuleConsentBeforeGrant},
		{auditRuleStatus, crawler.RulePageStatus},
	} {
		if r.ours != r.theirs {
			t.Errorf("rule %q is %q in the validator", r.ours, r.theirs)
		}
	}
}

func TestAuditSiteIsDeterministic(t *testing.T) {
	a, b := buildAuditSite(), buildAuditSite()
	if len(a.pages) != len(b.pages) {
		t.Fatalf("%d pages, then %d", len(a.pages), len(b.pages))
	}
	for i := range a.pages {
		if a.pages[i].path != b.pages[i].path || !bytes.Equal(a.pages[i].html, b.pages[i].html) {
			t.Errorf("page %d (%s) differs between two builds", i, a.pages[i].path)
		}
	}
	h1, h2 := NewAuditHandler(), NewAuditHandler()
	targets := []string{"/robots.txt", "/sitemaps/index.xml", "/sitemaps/pages-1.xml", "/sitemaps/pages-2.xml"}
	for _, p := range AuditPages() {
		targets = append(targets, p)
	}
	for _, p := range targets {
		r1, r2 := auditGet(t, h1, auditOrigin+p), auditGet(t, h2, auditOrigin+p)
		if r1.code != r2.code || !bytes.Equal(r1.body, r2.body) {
			t.Errorf("%s differs between two handlers", p)
		}
	}
}

// TestAuditGolden keeps the shape of the site reviewable: every page with
// its status, sitemap and link depth, robots.txt, the sitemap index and
// two pages in full. TAGSPEC_UPDATE=1 rewrites the files.
func TestAuditGolden(t *testing.T) {
	h := NewAuditHandler()
	c := crawlAudit(t, h)
	inSitemap := map[string]bool{}
	for _, p := range c.sitemap {
		inSitemap[p] = true
	}
	var summary strings.Builder
	summary.WriteString("# path status sitemap depth (links from /; - when only the sitemap lists it)\n")
	for _, p := range AuditPages() {
		depth := "-"
		if d, ok := c.depth[p]; ok {
			depth = fmt.Sprint(d)
		}
		sm := "no"
		if inSitemap[p] {
			sm = "yes"
		}
		fmt.Fprintf(&summary, "%s %d %s %s\n", p, auditGet(t, h, auditOrigin+p).code, sm, depth)
	}
	for _, g := range []struct {
		name string
		got  []byte
	}{
		{"audit/pages.txt", []byte(summary.String())},
		{"audit/robots.txt", auditGet(t, h, auditOrigin+"/robots.txt").body},
		{"audit/sitemap-index.xml", auditGet(t, h, auditOrigin+"/sitemaps/index.xml").body},
		{"audit/home.html", auditGet(t, h, auditOrigin+"/").body},
		{"audit/company-newsletter-confirmed.html", auditGet(t, h, auditOrigin+"/company/newsletter/confirmed").body},
	} {
		name, got := g.name, g.got
		t.Run(name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", name), got)
		})
	}
}

func TestServeAudit(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	srv, err := ServeAudit(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/robots.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if want := "Sitemap: " + srv.URL + "/sitemaps/index.xml\n"; !strings.Contains(string(body), want) {
		t.Errorf("robots.txt = %q, want a line %q", body, want)
	}
	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/", nil)
		resp, err := client.Do(req)
		if err != nil {
			break
		}
		resp.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("the audit site still answers after its context ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close after the context ended: %v", err)
	}
	if _, err := ServeAudit(t.Context(), "127.0.0.1:-1"); err == nil || !strings.Contains(err.Error(), "audit site: listen on 127.0.0.1:-1") {
		t.Errorf("ServeAudit on a bad address: err = %v", err)
	}
}

// FuzzAuditHandler sends the handler arbitrary request paths: it answers
// every one with a page, a file or 404, never panics, and serves only the
// pages AuditPages lists.
func FuzzAuditHandler(f *testing.F) {
	for _, s := range []string{"/", "/blog/42", "/help/status", "/sitemaps/index.xml", "/static/../site.go", "/%2e%2e/", "/pricing//", "/products/7/specs?x=1#y", "/\x00"} {
		f.Add(s)
	}
	h := NewAuditHandler()
	pages := AuditPages()
	f.Fuzz(func(t *testing.T, path string) {
		fuzzbudget.Run(t, path, func() {
			u, err := url.Parse(auditOrigin + path)
			if err != nil || u.Host != "audit.test" {
				return
			}
			req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, auditOrigin+"/", nil)
			req.URL = u
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			switch rec.Code {
			case http.StatusOK, http.StatusNotFound, http.StatusInternalServerError, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			default:
				t.Fatalf("%q answers %d", path, rec.Code)
			}
			if rec.Code == http.StatusOK && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				if _, ok := slices.BinarySearch(pages, u.Path); !ok {
					t.Fatalf("%q serves a page AuditPages does not list", path)
				}
			}
		})
	})
}

// BenchmarkAuditHandler measures serving every audit page once.
func BenchmarkAuditHandler(b *testing.B) {
	h := NewAuditHandler()
	pages := AuditPages()
	reqs := make([]*http.Request, len(pages))
	for i, p := range pages {
		reqs[i] = httptest.NewRequest(http.MethodGet, auditOrigin+p, nil)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, req := range reqs {
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	b.ReportMetric(float64(len(pages)), "pages/op")
}

// ExampleAuditSeeds lists what a site-wide check of the audit site must
// report.
func ExampleAuditSeeds() {
	fmt.Println(len(AuditPages()), "pages")
	for _, s := range AuditSeeds() {
		fmt.Println(strings.TrimSpace(s.Path + " " + s.Rule + " " + s.Event))
	}
	// Output:
	// 333 pages
	// /blog/17 journey/event-duplicate page_view
	// /blog/30 journey/event-unexpected pricing_page_view
	// /blog/42 journey/event-missing page_view
	// /campaigns/partner-offer consent/before-grant page_view
	// /company/careers/data-engineer journey/event-missing page_view
	// /company/newsletter/confirmed privacy/personal-data-hit page_view
	// /docs/tracking/examples journey/event-duplicate page_view
	// /help/billing/exports journey/event-missing page_view
	// /help/status page/status
	// /help/troubleshooting/contact-support journey/event-unexpected chat_widget_open
	// /pricing/enterprise journey/event-missing pricing_page_view
	// /products/7 journey/event-duplicate page_view
}
