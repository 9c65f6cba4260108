// Package crawl benchmarks tagspec's crawler against a bare chromedp loop
// on the example site's generated pages.
//
// Run it with perf/crawl/run.sh, or:
//
//	go test ./perf/crawl -run '^$' -bench BenchmarkCrawl -benchtime 1x -timeout 30m
//
// BenchmarkRealTag (realtag_test.go, run with perf/crawl/realtag.sh) is
// the other benchmark of the package: tagspec's CLI against a Playwright
// script and a bare chromedp loop on pages that run a real gtag.js build.
// It needs TAGSPEC_REAL_TAGS and fails without it, so `-bench .` needs it
// too.
//
// Each benchmark crawls 200 generated pages (TAGSPEC_BENCH_PAGES) at one
// concurrency, once with tagspec (hit capture, dataLayer hook, the wait for
// hits, validation, report) and once with a loop that only navigates the
// same pages in the same groups with the same concurrency on its own
// browser. To keep a busy machine from favouring either side, the pages are
// crawled in rounds of 40 (8 journeys of 5 pages, each in its own browser
// context on both sides) and the two sides alternate which goes first in
// each round. It reports both rates in pages/s over all rounds, the ratio
// of tagspec's total time to the bare loop's, and the median of the
// per-round ratios, which a load spike from other work on the machine moves
// less (target: at most 1.2).
package crawl

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
)

const (
	groups    = 8 // journeys per round
	perGroup  = 5 // pages per journey
	roundSize = groups * perGroup
)

// pages returns how many generated pages to crawl (TAGSPEC_BENCH_PAGES,
// default 200).
func pages() int {
	if n, err := strconv.Atoi(os.Getenv("TAGSPEC_BENCH_PAGES")); err == nil && n >= roundSize {
		return n / roundSize * roundSize
	}
	return 200
}

// roundSpec builds the spec of one round: one journey per group of pages.
func roundSpec(round int) *spec.Spec {
	s := &spec.Spec{Version: 1, Name: "generated site", MeasurementID: examplesite.MeasurementID}
	for g := range groups {
		first := round*roundSize + g*perGroup
		j := spec.Journey{Name: fmt.Sprintf("pages %d-%d", first, first+perGroup-1), Start: fmt.Sprintf("/gen/%d", first), Consent: spec.ConsentUntouched}
		for k := 1; k < perGroup; k++ {
			j.Steps = append(j.Steps, spec.Step{Kind: spec.StepVisit, URL: fmt.Sprintf("/gen/%d", first+k)})
		}
		s.Journeys = append(s.Journeys, j)
	}
	return s
}

// bareLoop navigates the same groups of pages as roundSpec, each group in
// a new browser context of its own browser, concurrency at a time, and does
// nothing else.
func bareLoop(browserCtx context.Context, base string, round, concurrency int) error {
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	errs := make([]error, groups)
	for g := range groups {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			tab, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
			defer cancel()
			for k := range perGroup {
				if err := chromedp.Do(tab, chromedp.Navigate(fmt.Sprintf("%s/gen/%d", base, round*roundSize+g*perGroup+k))); err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func startBare(b *testing.B) (context.Context, func()) {
	ctx, stop, err := startBareBrowser()
	if err != nil {
		b.Fatal(err)
	}
	return ctx, stop
}

// startBareBrowser starts a browser with tagspec's flags for the bare
// contenders, and returns its context and the function that stops it.
func startBareBrowser() (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(crawler.DefaultBrowser),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 800),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop := func() { cancel(); allocCancel() }
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

func BenchmarkCrawl(b *testing.B) {
	n := pages()
	site, err := examplesite.Serve(context.Background(), "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer site.Close()
	rounds := n / roundSize
	specs := make([]*spec.Spec, rounds)
	for r := range rounds {
		specs[r] = roundSpec(r)
	}
	for _, c := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("concurrency=%d", c), func(b *testing.B) {
			br, err := crawler.StartBrowser(context.Background(), crawler.BrowserOptions{})
			if err != nil {
				b.Fatal(err)
			}
			defer br.Close()
			bare, stop := startBare(b)
			defer stop()
			var tagspecTime, bareTime time.Duration
			var ratios []float64
			runBare := func(r int) time.Duration {
				start := time.Now()
				if err := bareLoop(bare, site.URL, r, c); err != nil {
					b.Fatal(err)
				}
				d := time.Since(start)
				bareTime += d
				return d
			}
			runTagspec := func(r int) time.Duration {
				start := time.Now()
				rep, err := br.Crawl(context.Background(), specs[r], crawler.Options{BaseURL: site.URL, Concurrency: c})
				if err != nil {
					b.Fatal(err)
				}
				d := time.Since(start)
				tagspecTime += d
				for _, j := range rep.Journeys {
					if !j.Passed || len(j.Steps) != perGroup-1 {
						b.Fatalf("journey %q: passed=%v, %d steps, findings %v", j.Journey, j.Passed, len(j.Steps), j.Findings)
					}
				}
				return d
			}
			b.ResetTimer()
			for range b.N {
				for r := range rounds {
					var bt, tt time.Duration
					if r%2 == 0 {
						bt = runBare(r)
						tt = runTagspec(r)
					} else {
						tt = runTagspec(r)
						bt = runBare(r)
					}
					ratios = append(ratios, tt.Seconds()/bt.Seconds())
				}
			}
			total := float64(n * b.N)
			b.ReportMetric(total/tagspecTime.Seconds(), "tagspec-pages/s")
			b.ReportMetric(total/bareTime.Seconds(), "bare-pages/s")
			b.ReportMetric(tagspecTime.Seconds()/bareTime.Seconds(), "ratio")
			slices.Sort(ratios)
			b.ReportMetric(ratios[len(ratios)/2], "median-round-ratio")
		})
	}
}
