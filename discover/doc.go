// Package discover finds the pages of a site from its sitemaps and links,
// without a browser.
//
// In the tagspec pipeline it runs before the crawler when a crawl is asked
// to check a whole site (tagspec crawl SPEC --discover): Discover lists
// every page reachable from the start URLs, and the crawler then opens each
// of them in headless Chromium. Discovery itself only speaks HTTP (net/http)
// and tokenizes HTML (golang.org/x/net/html), so it is fast and cheap
// enough to run on every CI build.
//
// # What is a page
//
// Discovery stays on the origins (scheme, host and port) of its start
// URLs. It reads the Sitemap: lines of each origin's robots.txt and
// /sitemap.xml (a <urlset> or a <sitemapindex>, nested up to three levels,
// gzip-compressed or not), then follows <a href> and <area href> links,
// resolved against the document URL and its <base href>. URLs are
// normalized (fragment dropped, host lower-cased, default port dropped) and
// each is requested once. Only answers with an HTML Content-Type are pages;
// others (PDFs, images) are counted in Result.Skipped, as are links that
// Include or Exclude filter out and links beyond Depth.
//
// # Order
//
// The walk is breadth first. Level 0 holds the start URLs, then the URLs
// the sitemaps list, in sitemap order; level n+1 holds the new links of
// level n's pages, page by page, each page's links in document order.
// Every level is requested concurrently, but the result is assembled in
// that order, so the same site always gives the same Result whatever the
// timing or Concurrency. MaxPages cuts the ordered list and sets
// Result.Limited.
//
// # Broken sites
//
// A broken site is what discovery is for, so it never makes Discover fail:
// each page carries a Problem instead (an HTTP error status, a redirect
// loop, a redirect to another site, more than MaxRedirects redirects, a
// time-out, a connection error). Redirects are followed by Discover itself,
// within the page's origin, and recorded in Page.Redirects; a page whose
// final URL is already listed is a duplicate and dropped. Time-outs,
// connection errors and 5xx or 429 answers are retried up to
// Options.Retries times, after a short pause. Every request has a time
// limit and every body is read up to a bound (4 MB for a page, 50 MB for a
// sitemap), so a hanging or endless answer cannot stall discovery. A
// sitemap that cannot be used is ignored and named in
// Result.SitemapProblems with the line and column where reading stopped.
package discover
