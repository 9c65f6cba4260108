package discover

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// generated is a site of n pages /p/0 ... /p/{n-1}. Page i links to the
// site's navigation, to its children 2i+1 and 2i+2 (a binary tree, so that
// breadth-first order is numeric order), to its parent and to extra pages
// chosen by a fixed pattern. With faults, some pages fail once, redirect
// or are PDFs, and every answer is delayed by a random pause so that
// requests finish in a different order on every run.
type generated struct {
	n      int
	extra  int  // extra links per page
	faults bool // flaky, redirecting and PDF pages, random delays
	filler int  // bytes of text per page

	mu     sync.Mutex
	failed map[int]bool
}

func (g *generated) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	num, ok := strings.CutPrefix(r.URL.Path, "/p/")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < 0 || i >= g.n || r.URL.RawQuery != "" {
		http.NotFound(w, r)
		return
	}
	if g.faults {
		time.Sleep(time.Duration(rand.IntN(1500)) * time.Microsecond)
		switch {
		case i%47 == 5:
			g.mu.Lock()
			first := !g.failed[i]
			g.failed[i] = true
			g.mu.Unlock()
			if first {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
		case i%23 == 7:
			http.Redirect(w, r, fmt.Sprintf("/p/%d", (i*3)%g.n), http.StatusFound)
			return
		case i%31 == 11:
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.7")
			return
		case i%41 == 13:
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>page</title>\n")
	b.WriteString("<link rel=\"stylesheet\" href=\"/style.css\"><script src=\"/app.js\"></script></head>\n<body><nav>")
	for _, nav := range []string{"/p/0", "/p/1", "/p/2", "/p/0#top", "mailto:team@example.com", "https://social.invalid/share"} {
		fmt.Fprintf(&b, "<a class=\"nav\" href=%q>nav</a>", nav)
	}
	b.WriteString("</nav>\n<main>")
	for _, c := range []int{2*i + 1, 2*i + 2, (i - 1) / 2} {
		if c < g.n && c >= 0 {
			fmt.Fprintf(&b, "<p>See <a href=\"/p/%d\">page %d</a>.</p>\n", c, c)
		}
	}
	for k := range g.extra {
		fmt.Fprintf(&b, "<p><a href=\"/p/%d?\">related</a></p>\n", (i*7919+k*104729+13)%g.n)
	}
	for b.Len() < g.filler {
		b.WriteString("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n")
	}
	b.WriteString("</main></body></html>\n")
	fmt.Fprint(w, b.String())
}

func serveGenerated(t testing.TB, g *generated) *httptest.Server {
	t.Helper()
	g.failed = map[int]bool{}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return srv
}

func TestLargeSite(t *testing.T) {
	const n = 2000
	srv := serveGenerated(t, &generated{n: n})
	res, err := Discover(t.Context(), Options{Start: []string{srv.URL + "/p/0"}, MaxPages: 5000, Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	got := relative(res, srv.URL)
	if len(got.Pages) != n || got.Limited || got.Skipped != 0 {
		t.Fatalf("%d pages, limited %v, skipped %d; want %d pages", len(got.Pages), got.Limited, got.Skipped, n)
	}
	for i, p := range got.Pages {
		want := Page{URL: fmt.Sprintf("/p/%d", i), Depth: bits.Len(uint(i+1)) - 1, Status: 200, Attempts: 1}
		if i > 0 {
			want.From = fmt.Sprintf("/p/%d", (i-1)/2)
		}
		if d := cmp.Diff(want, p); d != "" {
			t.Fatalf("page %d (-want +got):\n%s", i, d)
		}
	}
}

func TestDeterministic(t *testing.T) {
	var results []*Result
	for _, c := range []int{1, 8, 3} {
		srv := serveGenerated(t, &generated{n: 400, extra: 3, faults: true})
		res, err := Discover(t.Context(), Options{Start: []string{srv.URL + "/p/0"}, MaxPages: 300, Concurrency: c, Retries: 1})
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, relative(res, srv.URL))
	}
	first := results[0]
	if len(first.Pages) != 300 || !first.Limited || first.Skipped == 0 {
		t.Fatalf("%d pages, limited %v, skipped %d: the site should fill MaxPages and skip PDFs", len(first.Pages), first.Limited, first.Skipped)
	}
	var redirected, retried, broken int
	for _, p := range first.Pages {
		if len(p.Redirects) > 0 {
			redirected++
		}
		if p.Attempts == 2 {
			retried++
		}
		if p.Problem != "" {
			broken++
		}
	}
	if redirected == 0 || retried == 0 || broken == 0 {
		t.Fatalf("redirected %d, retried %d, broken %d: the faults did not show", redirected, retried, broken)
	}
	for i, r := range results[1:] {
		if d := diff(first, r); d != "" {
			t.Errorf("run %d differs from the run with Concurrency 1 (-first +run):\n%s", i+2, d)
		}
	}
}
