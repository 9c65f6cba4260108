package crawl

// BenchmarkRealTag: crawl throughput on a real gtag.js build, tagspec's CLI
// against a plain Playwright (Node) script and a bare chromedp loop. See
// README.md ("Real gtag.js") and realtag.sh.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/crawler"
)

// gtagPattern is the URL pattern every contender serves the build for.
const gtagPattern = "www.googletagmanager.com/gtag/js*"

// realBuildName is the file name of a real build: gtag-<G-ID>-<label>.js.
var realBuildName = regexp.MustCompile(`^gtag-(G-[A-Z0-9]+)-(.*)\.js$`)

type realTag struct {
	path, id string
	script   []byte
}

// chooseRealTag picks the build: TAGSPEC_REAL_TAG_FILE (a path, or a file
// name in TAGSPEC_REAL_TAGS), else the newest 2025 gtag build of the
// folder (by commit date in its SOURCES.tsv when there is one, else by
// name).
func chooseRealTag(b *testing.B) realTag {
	dir := os.Getenv("TAGSPEC_REAL_TAGS")
	if dir == "" {
		b.Fatal("BenchmarkRealTag needs real gtag.js builds: set TAGSPEC_REAL_TAGS to a folder of gtag-<G-ID>-<label>.js files " +
			"(never committed), optionally TAGSPEC_REAL_TAG_FILE to pick one, and run perf/crawl/realtag.sh")
	}
	path := os.Getenv("TAGSPEC_REAL_TAG_FILE")
	if path != "" && !strings.ContainsRune(path, filepath.Separator) {
		path = filepath.Join(dir, path)
	}
	if path == "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		dates := sourceDates(filepath.Join(dir, "SOURCES.tsv"))
		var best string
		for _, e := range entries {
			m := realBuildName.FindStringSubmatch(e.Name())
			if m == nil || !strings.HasPrefix(m[2], "2025") {
				continue
			}
			if best == "" || dates[e.Name()] > dates[best] || (dates[e.Name()] == dates[best] && e.Name() > best) {
				best = e.Name()
			}
		}
		if best == "" {
			b.Fatalf("no gtag-<G-ID>-2025*.js build in %s: set TAGSPEC_REAL_TAG_FILE", dir)
		}
		path = filepath.Join(dir, best)
	}
	m := realBuildName.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		b.Fatalf("%s: the file name must be gtag-<G-ID>-<label>.js (the measurement ID comes from it)", path)
	}
	script, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return realTag{path: path, id: m[1], script: script}
}

// sourceDates reads the commit_date column of a SOURCES.tsv (RFC 3339
// dates compare as strings only in one zone, so they are parsed).
func sourceDates(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	col := -1
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if col < 0 {
			col = slices.Index(fields, "commit_date")
			if col < 0 {
				return out
			}
			continue
		}
		if col < len(fields) {
			if t, err := time.Parse(time.RFC3339, fields[col]); err == nil {
				out[fields[0]] = t.UTC().Format(time.RFC3339)
			}
		}
	}
	return out
}

func envInt(name string, def, min int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n >= min {
		return n
	}
	return def
}

// realTagPage is one page of the site: the standard gtag snippet, then one
// custom event on load.
func realTagPage(id string, n int) string {
	return fmt.Sprintf(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Article %[2]d</title>
<script async src="https://www.googletagmanager.com/gtag/js?id=%[1]s"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', '%[1]s');
  window.addEventListener('load', function () {
    gtag('event', 'content_view', {content_id: 'page-%[2]d', position: %[2]d});
  });
</script>
</head>
<body>
<h1>Article %[2]d</h1>
<p>Generated page %[2]d of the real-tag benchmark site.</p>
<p><a href="/p/%[3]d">Next article</a></p>
</body>
</html>
`, id, n, n+1)
}

// serveRealTagSite serves /p/0 .. /p/pages-1 on a loopback port.
func serveRealTagSite(b *testing.B, id string, pages int) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if !strings.HasPrefix(r.URL.Path, "/p/") || err != nil || n < 0 || n >= pages {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, realTagPage(id, n))
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// realTagSpec is the spec tagspec crawls: one journey per page, which
// opens it and expects content_view with that page's params.
func realTagSpec(id string, pages int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, `version: 1
name: real gtag.js crawl benchmark
measurement_id: %s
events:
  - name: content_view
    kind: micro
    category: engagement
    description: An article was shown (gtag('event', 'content_view', ...) on load).
    trigger:
      datalayer: { event: content_view }
    params:
      content_id: { type: string, required: true, pattern: "^page-[0-9]+$" }
      position: { type: integer, required: true, min: 0 }
journeys:
`, id)
	for n := range pages {
		fmt.Fprintf(&sb, `  - name: page %[1]d
    start: /p/%[1]d
    steps:
      - expect: { event: content_view, params: { content_id: page-%[1]d, position: %[1]d } }
`, n)
	}
	return sb.String()
}

// A realTagRun is one contender's crawl of every page: the whole run
// (process or browser start to exit) and the crawl alone (browser start
// excluded, as the contender itself measures it).
type realTagRun struct {
	whole, crawl time.Duration
}

type realTagEnv struct {
	tag         realTag
	base        string
	pages       int
	dir         string // temporary files
	bin         string // the tagspec CLI
	specPath    string
	playwright  string // perf/crawl/playwright
	reportIndex atomic.Int64
}

// runTagspec runs `tagspec crawl` and checks that every page passed.
func (e *realTagEnv) runTagspec(concurrency int) (realTagRun, error) {
	rep := filepath.Join(e.dir, fmt.Sprintf("report-%d.json", e.reportIndex.Add(1)))
	cmd := exec.Command(e.bin, "crawl", e.specPath,
		"--base-url", e.base,
		"--route", gtagPattern+"="+e.tag.path,
		"--concurrency", strconv.Itoa(concurrency),
		"--report", "json="+rep)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	whole := time.Since(start)
	if err != nil {
		return realTagRun{}, fmt.Errorf("tagspec crawl: %w\n%s", err, tail(out.String(), 4000))
	}
	b, err := os.ReadFile(rep)
	if err != nil {
		return realTagRun{}, err
	}
	var r struct {
		Duration float64 `json:"duration_seconds"`
		Journeys []struct {
			Name   string            `json:"name"`
			Passed bool              `json:"passed"`
			Steps  []json.RawMessage `json:"steps"`
		} `json:"journeys"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return realTagRun{}, err
	}
	if len(r.Journeys) != e.pages {
		return realTagRun{}, fmt.Errorf("tagspec crawl reported %d journeys, want %d", len(r.Journeys), e.pages)
	}
	for _, j := range r.Journeys {
		if !j.Passed || len(j.Steps) != 1 {
			return realTagRun{}, fmt.Errorf("tagspec crawl: journey %q passed=%v with %d steps", j.Name, j.Passed, len(j.Steps))
		}
	}
	return realTagRun{whole: whole, crawl: time.Duration(r.Duration * float64(time.Second))}, nil
}

// runPlaywright runs playwright/crawl.mjs and checks that every page passed.
func (e *realTagEnv) runPlaywright(concurrency int) (realTagRun, error) {
	cmd := exec.Command("node", "crawl.mjs",
		"--base", e.base,
		"--pages", strconv.Itoa(e.pages),
		"--concurrency", strconv.Itoa(concurrency),
		"--tag", e.tag.path,
		"--browser", crawler.DefaultBrowser)
	cmd.Dir = e.playwright
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	whole := time.Since(start)
	var r struct {
		Pages, Passed int
		Seconds       float64
		Failures      []string
	}
	if jerr := json.Unmarshal(stdout.Bytes(), &r); jerr != nil || err != nil {
		return realTagRun{}, fmt.Errorf("playwright crawl.mjs: %v\n%s%s", errors.Join(err, jerr), stdout.String(), tail(stderr.String(), 4000))
	}
	if r.Passed != e.pages {
		return realTagRun{}, fmt.Errorf("playwright crawl.mjs: %d of %d pages passed: %v", r.Passed, e.pages, r.Failures)
	}
	return realTagRun{whole: whole, crawl: time.Duration(r.Seconds * float64(time.Second))}, nil
}

// runBare starts a browser (same flags as tagspec's), and for each page
// opens a tab in a new browser context (as tagspec does for each journey),
// serves the build and answers /g/collect with 204 through Fetch,
// navigates, and waits for the hit that carries content_view. Nothing else:
// no page hook, no parameter check, no report.
func (e *realTagEnv) runBare(concurrency int) (realTagRun, error) {
	start := time.Now()
	browserCtx, stop, err := startBareBrowser()
	if err != nil {
		return realTagRun{}, err
	}
	defer stop()
	crawlStart := time.Now()
	var next atomic.Int64
	errs := make([]error, e.pages)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for {
				n := int(next.Add(1) - 1)
				if n >= e.pages {
					return
				}
				errs[n] = barePage(browserCtx, fmt.Sprintf("%s/p/%d", e.base, n), e.tag.script)
			}
		})
	}
	wg.Wait()
	crawl := time.Since(crawlStart)
	if err := chromedp.Cancel(browserCtx); err != nil {
		return realTagRun{}, err
	}
	whole := time.Since(start)
	for n, err := range errs {
		if err != nil {
			return realTagRun{}, fmt.Errorf("bare loop, /p/%d: %w", n, err)
		}
	}
	return realTagRun{whole: whole, crawl: crawl}, nil
}

func barePage(browserCtx context.Context, pageURL string, tag []byte) error {
	tab, closeTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return err
	}
	t := chromedp.FromContext(ctx).Target
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	got := make(chan struct{})
	go func() {
		var once sync.Once
		for ev, err := range paused {
			if err != nil {
				return
			}
			if strings.Contains(ev.Request.URL, "/g/collect") {
				if carries(ev.Request, "content_view") {
					once.Do(func() { close(got) })
				}
				_, _ = cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
				continue
			}
			_, _ = cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID: ev.RequestID, ResponseCode: 200, Body: tag,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/javascript"}},
			})
		}
	}()
	if _, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: "*/g/collect*"}, {URLPattern: "*://" + gtagPattern},
	}}); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return err
	}
	select {
	case <-got:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("no content_view hit: %w", ctx.Err())
	}
}

// carries reports whether a GA4 hit holds the event: en= in its URL, or in
// one of its body lines.
func carries(req *network.Request, event string) bool {
	if u, err := url.Parse(req.URL); err == nil && u.Query().Get("en") == event {
		return true
	}
	var body []byte
	for _, e := range req.PostDataEntries {
		if e != nil {
			body = append(body, e.Bytes...)
		}
	}
	for line := range strings.SplitSeq(string(body), "\n") {
		if q, err := url.ParseQuery(strings.TrimSpace(line)); err == nil && q.Get("en") == event {
			return true
		}
	}
	return false
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// BenchmarkRealTag crawls a site of TAGSPEC_REALTAG_PAGES pages (default
// 40), each running a real gtag.js build and sending one custom event on
// load, with three contenders in turn: the tagspec CLI, a Playwright (Node)
// script and a bare chromedp loop. Each round runs every contender over
// every page at the same concurrency; the order of the contenders reverses
// from one round to the next. TAGSPEC_REALTAG_ROUNDS (default 2) rounds at
// each concurrency of TAGSPEC_REALTAG_CONCURRENCY (default "1,2");
// TAGSPEC_REALTAG_CONTENDERS (default "tagspec,playwright,bare") limits
// the contenders, for profiling one of them.
func BenchmarkRealTag(b *testing.B) {
	tag := chooseRealTag(b)
	pages := envInt("TAGSPEC_REALTAG_PAGES", 40, 1)
	rounds := envInt("TAGSPEC_REALTAG_ROUNDS", 2, 1)
	var concurrencies []int
	for f := range strings.SplitSeq(orDefault(os.Getenv("TAGSPEC_REALTAG_CONCURRENCY"), "1,2"), ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			b.Fatalf("TAGSPEC_REALTAG_CONCURRENCY: %q is not a concurrency", f)
		}
		concurrencies = append(concurrencies, c)
	}
	contenders := strings.Split(orDefault(os.Getenv("TAGSPEC_REALTAG_CONTENDERS"), "tagspec,playwright,bare"), ",")
	for _, c := range contenders {
		if !slices.Contains([]string{"tagspec", "playwright", "bare"}, c) {
			b.Fatalf("TAGSPEC_REALTAG_CONTENDERS: unknown contender %q", c)
		}
	}

	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	e := &realTagEnv{tag: tag, pages: pages, dir: b.TempDir(), playwright: filepath.Join(wd, "playwright")}
	if slices.Contains(contenders, "playwright") {
		if _, err := os.Stat(filepath.Join(e.playwright, "node_modules", "playwright-core")); err != nil {
			b.Fatal("playwright-core is not installed in perf/crawl/playwright: run perf/crawl/realtag.sh (npm ci there)")
		}
	}
	e.bin = filepath.Join(e.dir, "tagspec")
	build := exec.Command("go", "build", "-o", e.bin, "./cmd/tagspec")
	build.Dir = filepath.Join(wd, "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build ./cmd/tagspec: %v\n%s", err, out)
	}
	e.specPath = filepath.Join(e.dir, "tagspec.yaml")
	if err := os.WriteFile(e.specPath, []byte(realTagSpec(tag.id, pages)), 0o644); err != nil {
		b.Fatal(err)
	}
	e.base = serveRealTagSite(b, tag.id, pages)
	fmt.Printf("real tag %s (%s, %d bytes), %d pages at %s, %d rounds, contenders %s\n",
		filepath.Base(tag.path), tag.id, len(tag.script), pages, e.base, rounds, strings.Join(contenders, ", "))

	run := map[string]func(int) (realTagRun, error){
		"tagspec": e.runTagspec, "playwright": e.runPlaywright, "bare": e.runBare,
	}
	for _, c := range concurrencies {
		b.Run(fmt.Sprintf("concurrency=%d", c), func(b *testing.B) {
			totals := map[string]realTagRun{}
			var perRound []map[string]realTagRun
			for range b.N {
				for r := range rounds {
					order := slices.Clone(contenders)
					if r%2 == 1 {
						slices.Reverse(order)
					}
					got := map[string]realTagRun{}
					for _, name := range order {
						res, err := run[name](c)
						if err != nil {
							b.Fatal(err)
						}
						got[name] = res
						t := totals[name]
						t.whole += res.whole
						t.crawl += res.crawl
						totals[name] = t
						fmt.Printf("  concurrency %d round %d %-10s %6.2f pages/s (%6.2fs whole run), %6.2f pages/s (%6.2fs without the browser's start)\n",
							c, r+1, name, rate(pages, res.whole), res.whole.Seconds(), rate(pages, res.crawl), res.crawl.Seconds())
					}
					perRound = append(perRound, got)
				}
			}
			n := pages * len(perRound)
			for _, name := range contenders {
				b.ReportMetric(rate(n, totals[name].whole), name+"-pages/s")
			}
			if t, ok := totals["tagspec"]; ok {
				for _, other := range []string{"playwright", "bare"} {
					if o, ok := totals[other]; ok {
						// A throughput ratio: above 1, tagspec crawls more pages per second.
						b.ReportMetric(o.whole.Seconds()/t.whole.Seconds(), "tagspec/"+other)
					}
				}
			}
			printRealTagTable(c, pages, contenders, perRound, totals)
		})
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func rate(pages int, d time.Duration) float64 { return float64(pages) / d.Seconds() }

// printRealTagTable prints pages/s per contender and the throughput ratios
// of tagspec, per round and overall, for the whole run and for the crawl
// without the browser's start.
func printRealTagTable(c, pages int, contenders []string, perRound []map[string]realTagRun, totals map[string]realTagRun) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "concurrency\tround\t"
	for _, name := range contenders {
		head += name + " p/s\t"
	}
	var pairs []string
	if slices.Contains(contenders, "tagspec") {
		for _, o := range []string{"playwright", "bare"} {
			if slices.Contains(contenders, o) {
				pairs = append(pairs, o)
				head += "tagspec/" + o + "\t"
			}
		}
	}
	fmt.Println()
	for _, part := range []struct {
		title string
		pick  func(realTagRun) time.Duration
	}{
		{"whole run (process and browser start included)", func(r realTagRun) time.Duration { return r.whole }},
		{"crawl only (browser start excluded)", func(r realTagRun) time.Duration { return r.crawl }},
	} {
		fmt.Fprintf(tw, "%s\n", part.title)
		fmt.Fprintln(tw, head)
		row := func(label string, n int, got map[string]realTagRun) {
			line := fmt.Sprintf("%d\t%s\t", c, label)
			for _, name := range contenders {
				line += fmt.Sprintf("%.2f\t", rate(n, part.pick(got[name])))
			}
			for _, o := range pairs {
				line += fmt.Sprintf("%.2fx\t", part.pick(got[o]).Seconds()/part.pick(got["tagspec"]).Seconds())
			}
			fmt.Fprintln(tw, line)
		}
		for r, got := range perRound {
			row(strconv.Itoa(r+1), pages, got)
		}
		row("all", pages*len(perRound), totals)
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
