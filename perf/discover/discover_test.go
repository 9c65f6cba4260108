// Package discover benchmarks `tagspec crawl --discover` on the audit site
// of package examplesite: 333 generated pages behind links and a sitemap
// index, each with the consent banner and the example tagging script.
//
// Run it with perf/discover/run.sh, or:
//
//	go test ./perf/discover -run '^$' -bench . -benchtime 1x -timeout 60m
//
// Each sub-benchmark discovers and checks the whole site at one
// concurrency (1, 2, 4): discovery over HTTP, then every page in a fresh
// browser context, with the wait for network idle, the flush of queued
// hits, the consent click and the page rules. It reports pages/s. For
// scale, bare/concurrency-N opens the same pages the cheapest way a
// fresh-visitor check can: a new browser context per page, one navigation
// to the load event, nothing captured or waited for.
package discover

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
)

func BenchmarkDiscover(b *testing.B) {
	ctx := context.Background()
	srv, err := examplesite.ServeAudit(ctx, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	s, diags, err := spec.Parse("audit.yaml", examplesite.AuditSpec())
	if err != nil || diag.HasErrors(diags) {
		b.Fatal(err, diags)
	}
	br, err := crawler.StartBrowser(ctx, crawler.BrowserOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	want := len(examplesite.AuditPages())
	for _, c := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("tagspec/concurrency-%d", c), func(b *testing.B) {
			pages := 0
			start := time.Now()
			for b.Loop() {
				r, err := br.Crawl(ctx, s, crawler.Options{BaseURL: srv.URL, Discover: &discover.Options{}, Concurrency: c})
				if err != nil {
					b.Fatal(err)
				}
				if len(r.Journeys) != want {
					b.Fatalf("checked %d pages, want %d", len(r.Journeys), want)
				}
				pages += len(r.Journeys)
			}
			b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
		})
	}
	urls := make([]string, 0, want)
	for _, p := range examplesite.AuditPages() {
		urls = append(urls, srv.URL+p)
	}
	for _, c := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("bare/concurrency-%d", c), func(b *testing.B) {
			allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
				chromedp.ExecPath(br.Path), chromedp.NoSandbox)...)
			defer cancelAlloc()
			bctx, cancel := chromedp.NewContext(allocCtx)
			defer cancel()
			if err := chromedp.Do(bctx); err != nil {
				b.Fatal(err)
			}
			pages := 0
			start := time.Now()
			for b.Loop() {
				if err := bare(bctx, urls, c); err != nil {
					b.Fatal(err)
				}
				pages += len(urls)
			}
			b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
		})
	}
}

// bare opens every URL in a new browser context of its own, concurrency
// at a time, and waits for its load event.
func bare(bctx context.Context, urls []string, concurrency int) error {
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, u := range urls {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			tab, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
			defer cancel()
			if _, err := chromedp.Run(tab, chromedp.NavigateResponse(u)); err != nil {
				mu.Lock()
				if first == nil {
					first = fmt.Errorf("%s: %w", u, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}
