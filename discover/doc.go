// Package discover finds the pages of a site from its sitemaps and links,
// without a browser.
//
// In the tagspec pipeline it runs before the crawler when a crawl is asked
// to check a whole site (tagspec crawl SPEC --discover). It takes
// [Options] (start URLs and bounds) and gives a [Result]: every page
// reachable from the start URLs, in an order that depends only on what
// the site answers, each with its status or its [Page.Problem]; the
// crawler then opens each page in headless Chromium. A broken site is
// what discovery is for, so it never makes [Discover] fail. Discovery
// only speaks HTTP and tokenizes HTML, so it is fast and cheap enough to
// run on every CI build.
//
// It may import only the standard library and golang.org/x/net/html: no
// other tagspec package, no browser.
package discover
