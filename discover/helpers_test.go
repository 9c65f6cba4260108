package discover

import (
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// answer is what a test site answers for one path and query.
type answer struct {
	status   int    // 0 means 200
	ctype    string // "" means text/html; "-" sends no Content-Type
	body     string
	location string
	gzip     bool             // compress the body with gzip
	handler  http.HandlerFunc // when set, answers instead of the fields above
}

// site maps a path and query ("/a?p=1") to its answer; anything else is a
// 404 page. "BASE" in a body or location is replaced by the server's
// origin ("http://127.0.0.1:PORT").
type site map[string]answer

// page is an HTML page linking to each href, in order.
func page(hrefs ...string) answer {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html><head><title>t</title></head><body>\n")
	for _, h := range hrefs {
		fmt.Fprintf(&b, "<p><a href=%q>link</a></p>\n", h)
	}
	b.WriteString("</body></html>\n")
	return answer{body: b.String()}
}

// redirect answers 302 to location.
func redirect(location string) answer {
	return answer{status: http.StatusFound, location: location}
}

// serve starts s on a loopback test server closed when the test ends.
func serve(t testing.TB, s site) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

// ServeHTTP answers from the site's table.
func (s site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := s[r.URL.RequestURI()]
	if !ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!doctype html><p>not found</p>")
		return
	}
	if a.handler != nil {
		a.handler(w, r)
		return
	}
	switch a.ctype {
	case "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	case "-":
		w.Header()["Content-Type"] = nil
	default:
		w.Header().Set("Content-Type", a.ctype)
	}
	base := "http://" + r.Host
	if a.location != "" {
		w.Header().Set("Location", strings.ReplaceAll(a.location, "BASE", base))
	}
	status := a.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	body := strings.ReplaceAll(a.body, "BASE", base)
	if a.gzip {
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, body)
		zw.Close()
		return
	}
	fmt.Fprint(w, body)
}

// relative rewrites every URL of res on base (the test server) as a path,
// so that expectations do not depend on the server's port.
func relative(res *Result, base string) *Result {
	if res == nil {
		return nil
	}
	strip := func(s string) string { return strings.ReplaceAll(s, base, "") }
	out := *res
	out.Pages = nil
	for _, p := range res.Pages {
		p.URL, p.From, p.Problem = strip(p.URL), strip(p.From), strip(p.Problem)
		var r []string
		for _, x := range p.Redirects {
			r = append(r, strip(x))
		}
		p.Redirects = r
		out.Pages = append(out.Pages, p)
	}
	out.Sitemaps, out.SitemapProblems = nil, nil
	for _, x := range res.Sitemaps {
		out.Sitemaps = append(out.Sitemaps, strip(x))
	}
	for _, x := range res.SitemapProblems {
		out.SitemapProblems = append(out.SitemapProblems, strip(x))
	}
	return &out
}

// ok is a listed page at depth 0 that answered 200 at the first attempt.
func ok(path string) Page {
	return Page{URL: path, Status: 200, Attempts: 1}
}

// linked is a page reached by a link from from.
func linked(path string, depth int, from string) Page {
	return Page{URL: path, Depth: depth, From: from, Status: 200, Attempts: 1}
}

// inSitemap is a page listed in a sitemap.
func inSitemap(path string) Page {
	return Page{URL: path, Sitemap: true, Status: 200, Attempts: 1}
}
