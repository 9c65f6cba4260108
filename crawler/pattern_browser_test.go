package crawler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/hits"
)

// blockedByClient is the network error of a request the interceptor
// refused with Fetch.failRequest BlockedByClient.
const blockedByClient = "net::ERR_BLOCKED_BY_CLIENT"

// TestPatternsAgreeWithBrowser checks, in headless Chromium, that a --block
// pattern blocks exactly the requests tagspec's own matcher says it
// matches: for many (pattern, URL) pairs, random and hand-picked, the page
// requests the URL with the crawler's interception (its Fetch.enable
// patterns and its handler) set up for the pattern, and the browser's
// verdict (the request failed as blocked by the client, or not) must equal
// hits.MatchPattern on the URL as the browser requested it. Every host name
// resolves to a local server, so nothing leaves the machine.
//
// The random pairs come from a fixed seed; TAGSPEC_PATTERN_SEED picks
// another, and a failure names the seed.
func TestPatternsAgreeWithBrowser(t *testing.T) {
	seed := uint64(18)
	if s := os.Getenv("TAGSPEC_PATTERN_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("TAGSPEC_PATTERN_SEED=%q: want a whole number", s)
		}
		seed = n
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, "<!doctype html><title>pattern test</title>")
	}))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	// Every host and port goes to the local server: https URLs reach it
	// too and fail their TLS handshake, which is not a block.
	b, err := StartBrowser(t.Context(), BrowserOptions{
		ExecPath: os.Getenv("TAGSPEC_BROWSER"),
		Flags:    []string{"host-resolver-rules=MAP * 127.0.0.1:" + port, "disable-site-isolation-trials"},
	})
	if err != nil {
		t.Fatalf("browser tests need Chromium: %v", err)
	}
	defer b.Close()

	rng := rand.New(rand.NewPCG(seed, 0x7a95))
	patterns := append(slicesClone(trickyPatterns), make([]string, 0, 40)...)
	for range 20 {
		patterns = append(patterns, randomPattern(rng))
	}
	urls := slicesClone(trickyURLs)
	for range 40 {
		urls = append(urls, randomURL(rng))
	}
	home := srv.URL + "/"
	var checked, ran atomic.Int64
	// A tab per pattern, two at a time (t.Parallel); the group returns
	// when every pattern is done, before the browser closes.
	t.Run("patterns", func(t *testing.T) {
		for _, pattern := range patterns {
			t.Run(pattern, func(t *testing.T) {
				t.Parallel()
				ran.Add(1)
				checked.Add(int64(checkPatternInBrowser(t, b, home, pattern, urls, seed)))
			})
		}
	})
	// Most URLs must have been requested for every pattern that ran (-run
	// may pick a few): a test that requests nothing proves nothing.
	if checked.Load() < ran.Load()*int64(len(urls))/2 {
		t.Errorf("only %d (pattern, URL) pairs were checked for %d patterns", checked.Load(), ran.Load())
	}
	t.Logf("%d patterns, %d (pattern, URL) pairs checked in Chromium (seed %d)", ran.Load(), checked.Load(), seed)
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// trickyPatterns are patterns at the edges of the pattern language.
var trickyPatterns = []string{
	"https://*",
	"http://*",
	"*://*",
	"*",
	"0",
	"a.test",
	"A.TEST/x",
	"*.test",
	"*.example.com",
	"www.example.com/*",
	"*example*",
	"a.test:8080",
	"a.test:80",
	"a.test:443",
	"*:443",
	"localhost:*",
	"[::1]",
	"[::1]:8080/*",
	"127.0.0.1/x*",
	"a.test/",
	"a.test/*",
	"a.test/x",
	"a.test/x/*",
	"a.test/*/c",
	"a.test/a%20b",
	"a.test/x y",
	"a.test/x?y",
	"a.test/?",
	"a.t?st",
	"a.test/??",
	"*?*",
	"h*p://a.test",
	"ht?p://a.test",
	"HTTP://a.test",
	"://a.test",
	"http://",
	"a.test/x*",
	"*/x",
	"**",
	`a.test/\*`,
	"u@a.test",
	"a.test/%",
	"a.test/é",
	"a.test/%C3%A9",
	"a.test:*/x",
}

// navigationPatterns are the patterns also checked with navigations.
var navigationPatterns = map[string]bool{
	"https://*":         true,
	"http://*":          true,
	"a.test":            true,
	"u@a.test":          true,
	"*.example.com":     true,
	"www.example.com/*": true,
	"[::1]:8080/*":      true,
	"*:443":             true,
}

// trickyURLs are URLs a page can request that the patterns above treat
// differently: user information, ports, IPv6 hosts, queries, fragments,
// percent-encoding, upper case, both schemes.
var trickyURLs = []string{
	"http://a.test/",
	"https://a.test/",
	"http://a.test",
	"http://A.TEST/x",
	"http://a.test/x",
	"http://a.test/X",
	"http://a.test/x/",
	"http://a.test/x/y",
	"http://a.test/a/b/c",
	"http://a.test/a%20b",
	"http://a.test/x y",
	"http://a.test/x?y",
	"http://a.test/x?y#z",
	"http://a.test/#x",
	"http://a.test/?x=a.test/x",
	"http://a.test:8080/x",
	"http://a.test:80/x",
	"https://a.test:443/x",
	"https://a.test:8443/x",
	"http://b.a.test/x",
	"http://a.testx/x",
	"http://www.example.com/",
	"https://www.example.com/x",
	"http://example.com/",
	"http://[::1]/",
	"http://[::1]:8080/x",
	"http://[0:0::1]:8080/x",
	"http://127.0.0.1/x",
	"http://127.1/x",
	"http://localhost/x",
	"http://localhost:9999/x",
	"http://0/",
	"http://a.test/é",
	"http://a.test/%C3%A9",
	"http://a.test/%",
	"http://a.test/*",
	"http://a.test/\\x",
	"http://a.test/x/../y",
	"http://a.test//x",
	"http://xn--bcher-kva.test/",
	"http://bücher.test/",
	"http://a.test./x",
	// User information: only a navigation may carry it.
	"http://u@a.test/x",
	"http://u:p@a.test/x",
	"https://u:p@www.example.com/",
	"http://a.test@b.test/",
	"http://u:p@[::1]:8080/x",
}

// randomPattern builds a pattern from the parts the URLs use, with "*" and
// "?" in odd places.
func randomPattern(rng *rand.Rand) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	p := pick("", "", "http://", "https://", "*://", "h*://", "http?://") +
		wild(rng, pick("a.test", "www.example.com", "example.com", "b.a.test", "[::1]", "127.0.0.1", "localhost", "*", "*.test")) +
		pick("", "", ":80", ":443", ":8080", ":*", ":80?0") +
		pick("", "", "/", "/x", "/x/*", "/*", "/a/*/c", "/a%20b", "/%C3%A9", "*")
	if p == "" {
		return "*"
	}
	return p
}

// wild replaces a character or two of s with "*" or "?".
func wild(rng *rand.Rand, s string) string {
	b := []byte(s)
	for range rng.IntN(3) {
		if len(b) == 0 {
			break
		}
		i := rng.IntN(len(b))
		b[i] = "*?"[rng.IntN(2)]
	}
	return string(b)
}

// randomURL builds a URL from random parts.
func randomURL(rng *rand.Rand) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	return pick("http://", "https://") +
		pick("a.test", "www.example.com", "example.com", "b.a.test", "[::1]", "127.0.0.1", "localhost", "A.Test", "x.test") +
		pick("", "", ":80", ":443", ":8080", ":8443") +
		pick("", "/", "/x", "/x/y", "/a/b/c", "/a%20b", "/é", "/X") +
		pick("", "", "?", "?q=1", "?x=/a.test/x") +
		pick("", "", "#", "#f")
}

// requestOutcome is what became of one request the page made.
type requestOutcome struct {
	done    bool
	blocked bool
	err     string
}

// checkPatternInBrowser requests every URL in a fresh tab that blocks
// pattern, and fails t for each URL where the browser and tagspec
// disagree. It returns how many URLs it compared.
func checkPatternInBrowser(t *testing.T, b *Browser, home, pattern string, urls []string, seed uint64) int {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	// Bounds only a broken run: a request whose outcome never arrives
	// fails the test instead of hanging it.
	ctx, cancelWait := context.WithTimeout(ctx, time.Minute)
	defer cancelWait()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	tgt := chromedp.FromContext(ctx).Target

	// The outcome of each request the page's fetch() calls made, by the
	// URL it was first sent to.
	var mu sync.Mutex
	changed := make(chan struct{}, 1)
	firstURL := map[network.RequestID]string{}
	outcome := map[string]*requestOutcome{}
	finish := func(id network.RequestID, errText string) {
		u, ok := firstURL[id]
		if !ok {
			return
		}
		o := outcome[u]
		if o == nil {
			o = &requestOutcome{}
			outcome[u] = o
		}
		o.done, o.blocked, o.err = true, errText == blockedByClient || strings.HasPrefix(errText, blockedByClient+"."), errText
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Type == network.ResourceTypeFetch {
				if _, ok := firstURL[ev.RequestID]; !ok {
					firstURL[ev.RequestID] = ev.Request.URL
				}
			}
		case *network.EventLoadingFinished:
			finish(ev.RequestID, "")
		case *network.EventLoadingFailed:
			finish(ev.RequestID, ev.ErrorText)
		}
	}); err != nil {
		t.Fatal(err)
	}
	in := &interceptor{block: []string{pattern}}
	go in.serve(ctx, tgt, newCapture(time.Now), chromedp.Events(ctx, fetch.RequestPaused))
	if _, err := cdp.Call(ctx, tgt, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	// The page that makes the requests loads before interception starts,
	// so a pattern that matches it does not stop the test.
	if err := navigate(ctx, home); err != nil {
		t.Fatalf("opening the test page: %v", err)
	}
	if _, err := cdp.Call(ctx, tgt, fetch.Enable, fetch.EnableParams{Patterns: in.patterns()}); err != nil {
		t.Fatal(err)
	}

	// The URLs as the browser requests them (its URL parser; a fragment is
	// never sent), and whether a page script may fetch them (a URL with
	// user information only a navigation may request).
	type target struct {
		Raw, Href string
		Fetch     bool
	}
	targets, err := call[[]target](ctx, `(function (urls) {
  return urls.map(function (u) {
    try {
      var x = new URL(u);
      var fetchable = x.username === '' && x.password === '';
      x.hash = '';
      return { Raw: u, Href: x.href, Fetch: fetchable };
    } catch (e) { return { Raw: u, Href: '', Fetch: false }; }
  });
})`, urls)
	if err != nil {
		t.Fatal(err)
	}
	var fetches []string
	seen := map[string]bool{}
	for _, tg := range targets {
		if tg.Fetch && tg.Href != "" && !seen[tg.Href] {
			seen[tg.Href] = true
			fetches = append(fetches, tg.Href)
		}
	}
	errs, err := call[[]string](ctx, `(function (urls) {
  return Promise.all(urls.map(function (u) {
    return fetch(u, { mode: 'no-cors', cache: 'no-store' }).then(function () { return ''; }, function (e) { return String(e); });
  }));
})`, fetches)
	if err != nil {
		t.Fatal(err)
	}
	_ = errs // a failed fetch is a TypeError whatever the reason; the network events say which
	for {
		mu.Lock()
		missing := ""
		for _, u := range fetches {
			if o := outcome[u]; o == nil || !o.done {
				missing = u
				break
			}
		}
		mu.Unlock()
		if missing == "" {
			break
		}
		select {
		case <-changed:
		case <-ctx.Done():
			t.Fatalf("pattern %q: no outcome in the browser for the request to %s", pattern, missing)
		}
	}
	checked := 0
	mu.Lock()
	for _, u := range fetches {
		browser, own := outcome[u].blocked, hits.MatchPattern(pattern, u)
		if browser != own {
			t.Errorf("pattern %q, URL %s (fetch): the browser blocked=%v (%s), tagspec's matcher says match=%v (seed %d)", pattern, u, browser, outcome[u].err, own, seed)
		}
		checked++
	}
	mu.Unlock()

	// Navigations, for the patterns where they can differ from fetches:
	// the URLs with user information (a page script cannot request them),
	// and http URLs of a public-looking host (where Chromium could try
	// https first). A navigation costs far more than a fetch.
	if !navigationPatterns[pattern] {
		return checked
	}
	for _, tg := range targets {
		if tg.Href == "" || (tg.Fetch && !strings.HasPrefix(tg.Href, "http://www.example.com")) {
			continue
		}
		res, err := cdp.Call(ctx, tgt, page.Navigate, page.NavigateParams{URL: tg.Raw})
		if err != nil {
			t.Fatalf("navigating to %s: %v", tg.Raw, err)
		}
		browser, own := res.ErrorText == blockedByClient, hits.MatchPattern(pattern, tg.Href)
		if browser != own {
			t.Errorf("pattern %q, URL %s (navigation to %s): the browser blocked=%v (%q), tagspec's matcher says match=%v (seed %d)", pattern, tg.Href, tg.Raw, browser, res.ErrorText, own, seed)
		}
		checked++
	}
	return checked
}
