package discover

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// run discovers srv with opts (Start defaults to the server's root) and
// returns the result with the server's origin stripped from every URL.
func run(t *testing.T, srvURL string, opts Options) *Result {
	t.Helper()
	if opts.Start == nil {
		opts.Start = []string{srvURL + "/"}
	}
	res, err := Discover(t.Context(), opts)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return relative(res, srvURL)
}

// diff compares results, treating nil and empty slices alike.
func diff(want, got *Result) string {
	return cmp.Diff(want, got, cmpopts.EquateEmpty())
}

const robotsTxt = `User-agent: *
Disallow: /private/
# Sitemap: /commented-out.xml
Sitemap: BASE/sitemap_index.xml
sitemap: http://other.invalid/sitemap.xml
SITEMAP:   BASE/broken.xml   # trailing comment
`

const sitemapIndex = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>BASE/sm-pages.xml</loc><lastmod>2026-01-01</lastmod></sitemap>
  <sitemap><loc> BASE/sm-blog.xml.gz </loc></sitemap>
  <sitemap><loc>http://other.invalid/sm.xml</loc></sitemap>
</sitemapindex>
`

const sitemapPages = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>BASE/about</loc><priority>0.5</priority></url>
  <url><loc>BASE/pricing#plans</loc></url>
  <url><loc>BASE/</loc></url>
  <url><loc>http://other.invalid/p</loc></url>
</urlset>
`

const sitemapBlog = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>BASE/blog/a</loc></url>
<url><loc>BASE/blog/b</loc></url>
</urlset>`

const sitemapBroken = `<?xml version="1.0"?>
<urlset>
  <url><loc>BASE/x</loc></url>
  <url><loc>BASE/y</loc>
</urlset>
`

const sitemapImplicit = `<urlset><url><loc>BASE/contact</loc></url><url><loc>BASE/about</loc></url></urlset>`

func sitemapSite() site {
	return site{
		"/robots.txt":         {ctype: "text/plain", body: robotsTxt},
		"/sitemap_index.xml":  {ctype: "application/xml", body: sitemapIndex},
		"/sm-pages.xml":       {ctype: "application/xml", body: sitemapPages},
		"/sm-blog.xml.gz":     {ctype: "application/gzip", body: sitemapBlog, gzip: true},
		"/broken.xml":         {ctype: "text/xml", body: sitemapBroken},
		"/sitemap.xml":        {ctype: "application/xml", body: sitemapImplicit},
		"/":                   page("/about", "/news", "mailto:team@example.com"),
		"/about":              page("/"),
		"/pricing":            page(),
		"/blog/a":             page("/blog/b"),
		"/blog/b":             page(),
		"/contact":            page(),
		"/news":               page(),
		"/commented-out.xml":  {ctype: "application/xml", body: `<urlset><url><loc>BASE/secret</loc></url></urlset>`},
		"/private/never-seen": page(),
	}
}

func TestSitemaps(t *testing.T) {
	srv := serve(t, sitemapSite())
	got := run(t, srv.URL, Options{})
	root := ok("/")
	root.Sitemap = true
	want := &Result{
		Pages: []Page{
			root,
			inSitemap("/about"),
			inSitemap("/pricing"),
			inSitemap("/blog/a"),
			inSitemap("/blog/b"),
			inSitemap("/contact"),
			linked("/news", 1, "/"),
		},
		Sitemaps: []string{"/sitemap_index.xml", "/sm-pages.xml", "/sm-blog.xml.gz", "/broken.xml", "/sitemap.xml"},
		SitemapProblems: []string{
			"/broken.xml:5:1: element <url> closed by </urlset>",
		},
	}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestNoSitemap(t *testing.T) {
	srv := serve(t, sitemapSite())
	got := run(t, srv.URL, Options{NoSitemap: true})
	want := &Result{Pages: []Page{ok("/"), linked("/about", 1, "/"), linked("/news", 1, "/")}}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestCompressedSitemaps(t *testing.T) {
	urlset := `<urlset><url><loc>BASE/a</loc></url></urlset>`
	srv := serve(t, site{
		"/robots.txt": {ctype: "text/plain", body: "Sitemap: BASE/encoded.xml\nSitemap: BASE/file.xml.gz\nSitemap: BASE/bad.xml.gz\nSitemap: BASE/missing.xml\n"},
		"/encoded.xml": {handler: func(w http.ResponseWriter, r *http.Request) {
			// Sent compressed whatever the request asked for.
			w.Header().Set("Content-Type", "application/xml")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			fmt.Fprint(zw, strings.ReplaceAll(urlset, "BASE", "http://"+r.Host))
			zw.Close()
		}},
		"/file.xml.gz": {ctype: "application/x-gzip", body: `<urlset><url><loc>BASE/b</loc></url></urlset>`, gzip: true},
		"/bad.xml.gz":  {ctype: "application/x-gzip", body: "\x1f\x8b\x08\x00garbage"},
		"/":            page(),
		"/a":           page(),
		"/b":           page(),
	})
	for _, tc := range []struct {
		name   string
		client *http.Client
	}{
		{"default client", nil},
		{"client without compression", &http.Client{Transport: &http.Transport{DisableCompression: true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, srv.URL, Options{Client: tc.client})
			want := &Result{
				Pages:    []Page{ok("/"), inSitemap("/a"), inSitemap("/b")},
				Sitemaps: []string{"/encoded.xml", "/file.xml.gz", "/bad.xml.gz"},
				SitemapProblems: []string{
					"/bad.xml.gz:1:1: gzip: unexpected EOF",
					"/missing.xml: answered HTTP 404",
				},
			}
			if d := diff(want, got); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

func TestMissingSitemap(t *testing.T) {
	srv := serve(t, site{
		"/":  page("/a"),
		"/a": page(),
		// A single-page application answers every path with its shell.
		"/sitemap.xml": page(),
	})
	got := run(t, srv.URL, Options{})
	want := &Result{Pages: []Page{ok("/"), linked("/a", 1, "/")}}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestNestedSitemapIndex(t *testing.T) {
	s := site{"/": page()}
	// sitemap.xml -> i1 -> i2 -> i3 -> i4: i4 is one level too deep.
	s["/sitemap.xml"] = answer{ctype: "application/xml", body: `<sitemapindex><sitemap><loc>BASE/i1.xml</loc></sitemap><sitemap><loc>BASE/sitemap.xml</loc></sitemap></sitemapindex>`}
	for i := 1; i <= 4; i++ {
		s[fmt.Sprintf("/i%d.xml", i)] = answer{ctype: "application/xml", body: fmt.Sprintf(
			`<sitemapindex><sitemap><loc>BASE/i%d.xml</loc></sitemap><sitemap><loc>BASE/u%d.xml</loc></sitemap></sitemapindex>`, i+1, i)}
		s[fmt.Sprintf("/u%d.xml", i)] = answer{ctype: "application/xml", body: fmt.Sprintf(`<urlset><url><loc>BASE/p%d</loc></url></urlset>`, i)}
		s[fmt.Sprintf("/p%d", i)] = page()
	}
	srv := serve(t, s)
	got := run(t, srv.URL, Options{})
	want := &Result{
		Pages:           []Page{ok("/"), inSitemap("/p2"), inSitemap("/p1")},
		Sitemaps:        []string{"/sitemap.xml", "/i1.xml", "/i2.xml", "/i3.xml", "/u2.xml", "/u1.xml"},
		SitemapProblems: []string{"/i3.xml: sitemap indexes nested more than 3 deep; its entries are ignored"},
	}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

// chainSite is / -> /a -> /b -> /c -> /d, one link per page.
func chainSite() site {
	return site{"/": page("/a"), "/a": page("/b"), "/b": page("/c"), "/c": page("/d"), "/d": page()}
}

func TestDepth(t *testing.T) {
	srv := serve(t, chainSite())
	for _, tc := range []struct {
		name  string
		depth int
		want  *Result
	}{
		{"unlimited", 0, &Result{Pages: []Page{ok("/"), linked("/a", 1, "/"), linked("/b", 2, "/a"), linked("/c", 3, "/b"), linked("/d", 4, "/c")}}},
		{"two", 2, &Result{Pages: []Page{ok("/"), linked("/a", 1, "/"), linked("/b", 2, "/a")}, Skipped: 1}},
		{"one", 1, &Result{Pages: []Page{ok("/"), linked("/a", 1, "/")}, Skipped: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, srv.URL, Options{Depth: tc.depth, NoSitemap: true})
			if d := diff(tc.want, got); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

func TestMaxPages(t *testing.T) {
	srv := serve(t, site{
		"/":  page("/a", "/b", "/c"),
		"/a": page("/d"),
		"/b": page(),
		"/c": page(),
		"/d": page(),
	})
	for _, tc := range []struct {
		name string
		max  int
		want *Result
	}{
		{"cuts a level", 3, &Result{Pages: []Page{ok("/"), linked("/a", 1, "/"), linked("/b", 1, "/")}, Limited: true}},
		{"cuts the next level", 4, &Result{Pages: []Page{ok("/"), linked("/a", 1, "/"), linked("/b", 1, "/"), linked("/c", 1, "/")}, Limited: true}},
		{"exactly enough", 5, &Result{Pages: []Page{ok("/"), linked("/a", 1, "/"), linked("/b", 1, "/"), linked("/c", 1, "/"), linked("/d", 2, "/a")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, srv.URL, Options{MaxPages: tc.max, NoSitemap: true})
			if d := diff(tc.want, got); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

// TestMaxPagesRefill checks that duplicates found through redirects and
// answers that are not HTML leave room for the next candidates of the
// level.
func TestMaxPagesRefill(t *testing.T) {
	srv := serve(t, site{
		"/":      page("/r1", "/a", "/x.pdf", "/b", "/c"),
		"/r1":    redirect("/a"),
		"/a":     page(),
		"/b":     page(),
		"/c":     page(),
		"/x.pdf": {ctype: "application/pdf", body: "%PDF-1.4"},
	})
	got := run(t, srv.URL, Options{MaxPages: 3, NoSitemap: true})
	want := &Result{
		Pages:   []Page{ok("/"), {URL: "/r1", Depth: 1, From: "/", Status: 200, Redirects: []string{"/a"}, Attempts: 1}, linked("/b", 1, "/")},
		Limited: true,
		Skipped: 1,
	}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	got = run(t, srv.URL, Options{MaxPages: 4, NoSitemap: true})
	want = &Result{
		Pages:   []Page{ok("/"), {URL: "/r1", Depth: 1, From: "/", Status: 200, Redirects: []string{"/a"}, Attempts: 1}, linked("/b", 1, "/"), linked("/c", 1, "/")},
		Skipped: 1,
	}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestIncludeExclude(t *testing.T) {
	srv := serve(t, site{
		"/start":        page("/blog/a", "/blog/b?draft=1", "/shop/x", "/blog/c", "/blog/b?draft=1"),
		"/blog/a":       page("/blog/a?p=2"),
		"/blog/a?p=2":   page(),
		"/blog/b?draft": page(),
		"/blog/c":       page(),
		"/shop/x":       page(),
	})
	for _, tc := range []struct {
		name             string
		include, exclude []*regexp.Regexp
		want             *Result
	}{
		{"include", []*regexp.Regexp{regexp.MustCompile(`^/blog/`)}, nil, &Result{
			Pages: []Page{ok("/start"), linked("/blog/a", 1, "/start"), {URL: "/blog/b?draft=1", Depth: 1, From: "/start", Status: 404, Problem: "answered HTTP 404", Attempts: 1},
				linked("/blog/c", 1, "/start"), linked("/blog/a?p=2", 2, "/blog/a")},
			Skipped: 1,
		}},
		{"exclude", nil, []*regexp.Regexp{regexp.MustCompile(`draft=`), regexp.MustCompile(`^/start$`)}, &Result{
			Pages:   []Page{ok("/start"), linked("/blog/a", 1, "/start"), linked("/shop/x", 1, "/start"), linked("/blog/c", 1, "/start"), linked("/blog/a?p=2", 2, "/blog/a")},
			Skipped: 1,
		}},
		{"both", []*regexp.Regexp{regexp.MustCompile(`^/blog/`)}, []*regexp.Regexp{regexp.MustCompile(`\?`)}, &Result{
			Pages:   []Page{ok("/start"), linked("/blog/a", 1, "/start"), linked("/blog/c", 1, "/start")},
			Skipped: 3,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, srv.URL, Options{Start: []string{srv.URL + "/start"}, Include: tc.include, Exclude: tc.exclude, NoSitemap: true})
			if d := diff(tc.want, relative(got, srv.URL)); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

func TestLinksAndNormalization(t *testing.T) {
	srv := serve(t, site{
		"/": {body: `<!DOCTYPE html>
<html><head>
<base href="/docs/">
<link rel="alternate" hreflang="de" href="/de/">
<link rel="stylesheet" href="/style.css">
<script>document.write('<a href="/from-script">x</a>')</script>
</head><body>
<a href="intro#top">relative to base</a>
<A HREF="intro">same page, other case of tag</A>
<a href="BASE/docs/guide?">lone question mark</a>
<a href="  ../faq  ">white space</a>
<a href="javascript:void(0)">js</a>
<a href="tel:+4912345">tel</a>
<a href="data:text/html,hi">data</a>
<a href="http://other.invalid/">other site</a>
<a href="https://` + "127.0.0.1" + `/docs/secure">other scheme</a>
<a rel="nofollow" href="/docs/nofollow">nofollow</a>
<map name="m"><area href="/docs/area" shape="rect" coords="0,0,1,1"></map>
<a>no href</a>
<a href="#only-fragment">fragment</a>
</body></html>`},
		"/docs/intro":    page(),
		"/docs/guide":    page(),
		"/faq":           page(),
		"/docs/nofollow": page(),
		"/docs/area":     page(),
	})
	got := run(t, srv.URL, Options{NoSitemap: true})
	want := &Result{Pages: []Page{
		ok("/"),
		linked("/docs/intro", 1, "/"),
		linked("/docs/guide", 1, "/"),
		linked("/faq", 1, "/"),
		linked("/docs/nofollow", 1, "/"),
		linked("/docs/area", 1, "/"),
		{URL: "/docs/", Depth: 1, From: "/", Status: 404, Problem: "answered HTTP 404", Attempts: 1},
	}}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestNotHTML(t *testing.T) {
	srv := serve(t, site{
		"/":            page("/report.pdf", "/logo.png", "/sniffed", "/sniffed.png", "/feed", "/a", "/missing.pdf"),
		"/report.pdf":  {ctype: "application/pdf", body: "%PDF-1.7\n"},
		"/logo.png":    {ctype: "image/png", body: "\x89PNG\r\n\x1a\n"},
		"/sniffed":     {ctype: "-", body: "<!DOCTYPE html><html><body><a href=/b>b</a></body></html>"},
		"/sniffed.png": {ctype: "-", body: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
		"/feed":        {ctype: "application/rss+xml", body: "<rss/>"},
		"/a":           {ctype: "application/xhtml+xml", body: `<html xmlns="http://www.w3.org/1999/xhtml"><body><a href="/c">c</a></body></html>`},
		"/b":           page(),
		"/c":           page(),
		"/missing.pdf": {status: 404, ctype: "application/pdf"},
	})
	got := run(t, srv.URL, Options{NoSitemap: true})
	want := &Result{
		Pages: []Page{
			ok("/"),
			linked("/sniffed", 1, "/"),
			linked("/a", 1, "/"),
			{URL: "/missing.pdf", Depth: 1, From: "/", Status: 404, Problem: "answered HTTP 404", Attempts: 1},
			linked("/b", 2, "/sniffed"),
			linked("/c", 2, "/a"),
		},
		Skipped: 4,
	}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}

	// A start URL that is not HTML is listed with a problem.
	got = run(t, srv.URL, Options{Start: []string{srv.URL + "/report.pdf"}, NoSitemap: true})
	want = &Result{Pages: []Page{{URL: "/report.pdf", Status: 200, Problem: "not an HTML page (application/pdf)", Attempts: 1}}}
	if d := diff(want, got); d != "" {
		t.Errorf("PDF start URL (-want +got):\n%s", d)
	}
}

func TestRedirects(t *testing.T) {
	s := site{
		"/":            page("/old", "/loop1", "/away", "/r0", "/new", "/again", "/bare", "/to-old-step", "/relative"),
		"/old":         {status: http.StatusMovedPermanently, location: "/older"},
		"/older":       {status: http.StatusTemporaryRedirect, location: "BASE/new#section"},
		"/new":         page("/old", "/older", "/fresh"),
		"/fresh":       page(),
		"/loop1":       redirect("/loop2"),
		"/loop2":       redirect("/loop3"),
		"/loop3":       redirect("/loop2"),
		"/away":        redirect("https://elsewhere.invalid/landing"),
		"/again":       redirect("/"),
		"/bare":        {status: http.StatusFound},
		"/to-old-step": redirect("/older"),
		"/relative":    redirect("fresh"),
	}
	for i := range 11 {
		s[fmt.Sprintf("/r%d", i)] = redirect(fmt.Sprintf("/r%d", i+1))
	}
	s["/r11"] = page()
	srv := serve(t, s)
	got := run(t, srv.URL, Options{NoSitemap: true})
	var hops []string
	for i := 1; i <= 10; i++ {
		hops = append(hops, fmt.Sprintf("/r%d", i))
	}
	want := &Result{Pages: []Page{
		ok("/"),
		{URL: "/old", Depth: 1, From: "/", Status: 200, Redirects: []string{"/older", "/new"}, Attempts: 1},
		{URL: "/loop1", Depth: 1, From: "/", Status: 302, Redirects: []string{"/loop2", "/loop3", "/loop2"}, Problem: "redirect loop: /loop2 -> /loop3 -> /loop2", Attempts: 1},
		{URL: "/away", Depth: 1, From: "/", Status: 302, Problem: "redirects to another site: https://elsewhere.invalid/landing", Attempts: 1},
		{URL: "/r0", Depth: 1, From: "/", Status: 302, Redirects: hops, Problem: "too many redirects (more than 10)", Attempts: 1},
		// /new is /old's final URL, /again redirects to a listed page,
		// /to-old-step ends at /new.
		{URL: "/bare", Depth: 1, From: "/", Status: 302, Problem: "answered HTTP 302 without a Location header", Attempts: 1},
		{URL: "/relative", Depth: 1, From: "/", Status: 200, Redirects: []string{"/fresh"}, Attempts: 1},
	}}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestErrorStatus(t *testing.T) {
	srv := serve(t, site{
		"/":       page("/broken", "/gone", "/limit", "/ok"),
		"/broken": {status: 500, body: "<a href='/hidden'>x</a>"},
		"/gone":   {status: 410, ctype: "text/plain", body: "gone"},
		"/limit":  {status: 429},
		"/ok":     page(),
		"/hidden": page(),
	})
	got := run(t, srv.URL, Options{NoSitemap: true})
	want := &Result{Pages: []Page{
		ok("/"),
		{URL: "/broken", Depth: 1, From: "/", Status: 500, Problem: "answered HTTP 500", Attempts: 1},
		{URL: "/gone", Depth: 1, From: "/", Status: 410, Problem: "answered HTTP 410", Attempts: 1},
		{URL: "/limit", Depth: 1, From: "/", Status: 429, Problem: "answered HTTP 429", Attempts: 1},
		linked("/ok", 1, "/"),
	}}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

// flaky answers the given statuses in turn, then serves body.
func flaky(body string, statuses ...int) answer {
	var n atomic.Int64
	return answer{handler: func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		w.Header().Set("Content-Type", "text/html")
		if i < len(statuses) {
			w.WriteHeader(statuses[i])
			return
		}
		fmt.Fprint(w, body)
	}}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		retries  int
		statuses []int
		want     Page
	}{
		{"503 once, one retry", 1, []int{503}, Page{URL: "/flaky", Depth: 1, From: "/", Status: 200, Attempts: 2, Retried: []string{"answered HTTP 503"}}},
		{"503 once, no retry", 0, []int{503}, Page{URL: "/flaky", Depth: 1, From: "/", Status: 503, Problem: "answered HTTP 503", Attempts: 1}},
		{"always failing", 2, []int{503, 429, 502, 500}, Page{URL: "/flaky", Depth: 1, From: "/", Status: 502, Problem: "answered HTTP 502", Attempts: 3, Retried: []string{"answered HTTP 503", "answered HTTP 429"}}},
		{"404 is not retried", 3, []int{404}, Page{URL: "/flaky", Depth: 1, From: "/", Status: 404, Problem: "answered HTTP 404", Attempts: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, site{"/": page("/flaky"), "/flaky": flaky(`<a href="/after">after</a>`, tc.statuses...), "/after": page()})
			got := run(t, srv.URL, Options{NoSitemap: true, Retries: tc.retries})
			want := &Result{Pages: []Page{ok("/"), tc.want}}
			if tc.want.Problem == "" {
				want.Pages = append(want.Pages, linked("/after", 2, "/flaky"))
			}
			if d := diff(want, got); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

// hang never answers until the request is abandoned.
func hang(w http.ResponseWriter, r *http.Request) {
	<-r.Context().Done()
}

// trickle sends the start of a page and then stalls.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, `<!doctype html><a href="/partial-link">`)
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

func TestTimeout(t *testing.T) {
	srv := serve(t, site{
		"/":           page("/hang", "/trickle", "/ok"),
		"/hang":       {handler: hang},
		"/trickle":    {handler: trickle},
		"/ok":         page(),
		"/robots.txt": {handler: hang},
	})
	start := time.Now()
	got := run(t, srv.URL, Options{Timeout: time.Second, Retries: 1})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("discovery took %s; the time-out is 1s", d)
	}
	// The pages that answer are only checked for their outcome: on a busy
	// machine one of them may need its retry.
	fine := cmpopts.IgnoreFields(Page{}, "Attempts", "Retried")
	want := &Result{
		Pages: []Page{
			ok("/"),
			{URL: "/hang", Depth: 1, From: "/", Problem: "timed out after 1s", Attempts: 2, Retried: []string{"timed out after 1s"}},
			{URL: "/trickle", Depth: 1, From: "/", Status: 200, Problem: "timed out after 1s", Attempts: 2, Retried: []string{"timed out after 1s"}},
			linked("/ok", 1, "/"),
		},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty(), fine); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	for _, i := range []int{1, 2} {
		if i >= len(got.Pages) {
			break
		}
		if p := got.Pages[i]; p.Attempts != 2 || len(p.Retried) != 1 {
			t.Errorf("%s: %d attempts, retried %q; want 2 attempts", p.URL, p.Attempts, p.Retried)
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := serve(t, site{})
	addr := srv.URL
	srv.Close()
	res, err := Discover(t.Context(), Options{Start: []string{addr + "/"}, Retries: 1, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 1 {
		t.Fatalf("got %d pages, want the start page only: %+v", len(res.Pages), res.Pages)
	}
	p := res.Pages[0]
	if !strings.HasPrefix(p.Problem, "request failed: ") || !strings.Contains(p.Problem, "refused") || p.Attempts != 2 || len(p.Retried) != 1 || p.Status != 0 {
		t.Errorf("page = %+v, want a refused connection tried twice", p)
	}
	if len(res.Sitemaps) != 0 || len(res.SitemapProblems) != 1 || !strings.Contains(res.SitemapProblems[0], "/sitemap.xml: request failed") {
		t.Errorf("sitemaps %q, problems %q, want one connection problem for /sitemap.xml", res.Sitemaps, res.SitemapProblems)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"no start", Options{}, "discover: no start URL"},
		{"relative", Options{Start: []string{"/about"}}, `discover: start URL 1 "/about": want an absolute http or https URL such as https://staging.example.com/`},
		{"ftp", Options{Start: []string{"https://a.test/", "ftp://a.test/"}}, `discover: start URL 2 "ftp://a.test/": want an absolute http or https URL such as https://staging.example.com/`},
		{"unparsable", Options{Start: []string{"http://a b.test/"}}, `discover: start URL 1 "http://a b.test/": parse "http://a b.test/": invalid character " " in host name`},
		{"no host", Options{Start: []string{"http:///x"}}, `discover: start URL 1 "http:///x": want an absolute http or https URL such as https://staging.example.com/`},
		{"negative max", Options{Start: []string{"http://a.test/"}, MaxPages: -1}, "discover: MaxPages is -1, want 0 or more"},
		{"negative timeout", Options{Start: []string{"http://a.test/"}, Timeout: -time.Second}, "discover: Timeout is -1s, want 0 or more"},
		{"nil include", Options{Start: []string{"http://a.test/"}, Include: []*regexp.Regexp{nil}}, "discover: Include[0] is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Discover(t.Context(), tc.opts)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
			if res != nil {
				t.Errorf("result = %+v, want nil", res)
			}
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := serve(t, site{
		"/":  page("/a", "/slow"),
		"/a": page("/b"),
		"/b": page(),
		"/slow": {handler: func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		}},
	})
	res, err := Discover(ctx, Options{Start: []string{srv.URL + "/"}, NoSitemap: true, Concurrency: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	want := &Result{Pages: []Page{
		ok("/"),
		linked("/a", 1, "/"),
		{URL: "/slow", Depth: 1, From: "/", Problem: "not checked: discovery stopped (context canceled)", Attempts: 1},
	}}
	if d := diff(want, relative(res, srv.URL)); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

func TestSeveralOrigins(t *testing.T) {
	a := serve(t, site{"/": page("BASE/a", "/shared")})
	b := serve(t, site{"/": page("/b"), "/b": page(), "/shared": page()})
	// a links to an origin the test cannot know in advance, so its links
	// stay on a; b is a second start origin.
	res, err := Discover(t.Context(), Options{Start: []string{a.URL + "/", b.URL, b.URL + "/#dup"}, NoSitemap: true})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, p := range res.Pages {
		urls = append(urls, strings.NewReplacer(a.URL, "A", b.URL, "B").Replace(p.URL))
	}
	want := []string{"A/", "B/", "A/a", "A/shared", "B/b"}
	if d := cmp.Diff(want, urls); d != "" {
		t.Errorf("pages (-want +got):\n%s", d)
	}
}

// TestManyStartURLs gives more start URLs than a level holds, one of them
// listed in the sitemap: discovery keeps its bounds and lists the first.
func TestManyStartURLs(t *testing.T) {
	s := site{"/sitemap.xml": {ctype: "application/xml", body: `<urlset><url><loc>BASE/s/150</loc></url><url><loc>BASE/s/0</loc></url></urlset>`}}
	srv := serve(t, s)
	var start []string
	for i := range 200 {
		start = append(start, fmt.Sprintf("%s/s/%d", srv.URL, i))
	}
	got := run(t, srv.URL, Options{Start: start, MaxPages: 1})
	want := &Result{
		Pages:    []Page{{URL: "/s/0", Sitemap: true, Status: 404, Problem: "answered HTTP 404", Attempts: 1}},
		Sitemaps: []string{"/sitemap.xml"},
		Limited:  true,
	}
	if d := diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}
