package discover_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/tagspec/tagspec/discover"
)

// A staging site with a sitemap, a page that links on, a broken link and a
// PDF.
func Example() {
	pages := map[string]string{
		"/":        `<a href="/pricing">Pricing</a> <a href="/guide.pdf">Guide</a> <a href="/old-offer">Offer</a>`,
		"/pricing": `<a href="/contact#form">Contact</a>`,
		"/contact": `<form id="form"></form>`,
		"/blog":    `<h1>Blog</h1>`,
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch body, ok := pages[r.URL.Path]; {
		case ok:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!DOCTYPE html>"+body)
		case r.URL.Path == "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<urlset><url><loc>http://%s/blog</loc></url></urlset>`, r.Host)
		case r.URL.Path == "/guide.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4")
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()

	res, err := discover.Discover(context.Background(), discover.Options{Start: []string{site.URL + "/"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Pages {
		line := fmt.Sprintf("%-10s depth %d, HTTP %d", strings.TrimPrefix(p.URL, site.URL), p.Depth, p.Status)
		if p.Sitemap {
			line += ", in the sitemap"
		}
		if p.Problem != "" {
			line += ", problem: " + p.Problem
		}
		fmt.Println(line)
	}
	fmt.Println("skipped:", res.Skipped)
	// Output:
	// /          depth 0, HTTP 200
	// /blog      depth 0, HTTP 200, in the sitemap
	// /pricing   depth 1, HTTP 200
	// /old-offer depth 1, HTTP 404, problem: answered HTTP 404
	// /contact   depth 2, HTTP 200
	// skipped: 1
}
