// Package examplesite is the tagspec example site: a small web site embedded
// in the binary (B2B SaaS pages, a shop, a blog and lead-generation landing
// pages: everything the four starter templates describe), whose pages
// measure themselves with tagspec's stand-in for gtag.js (package
// gtagstandin, served at /gtag/js where real sites load Google's), which
// sends the real GA4 /g/collect wire format with the real builds' timing:
// the five-second queue, batched POST bodies, sending on pagehide and not
// on visibilitychange, and consent mode. Every journey of every starter
// template passes against it.
//
// In the tagspec pipeline it is the target that proves the loop works: the
// crawler's browser tests, the crawl benchmark and `tagspec demo` serve it on
// loopback with Serve and crawl the journeys of the example spec (Spec). The
// pages under /broken/ each reproduce one tracking bug (a duplicated tag, a
// renamed parameter, an email in the page URL, hits before consent, ...), so
// every validator rule has a page that must trigger it.
//
// Served with Options.NoTracking (NewHandler, ServeOptions), the same pages
// carry no tracking code: the Google tag snippet and the gtag.js stand-in are replaced by
// a consent default pushed to the dataLayer, and site.js keeps the site's
// behaviour and dataLayer pushes but sends no event. That is the site a
// generated GTM container runs on in the container runtime's end-to-end
// test (gtmruntime/e2e); Options.Faults turn on the site mistakes that test
// expects findings for.
//
// The audit site (NewAuditHandler, ServeAudit, AuditSpec) is a second,
// generated site of 333 pages for `tagspec crawl --discover`: sections
// linked up to six levels deep, robots.txt pointing at a sitemap index,
// pages only the sitemap lists and pages only links reach, a PDF, external
// and mailto links. Twelve of its pages each carry one seeded problem
// (page_view missing or sent twice, an email address in the page URL, a
// hit before consent, a page-view event missing or sent on the wrong page,
// an event outside the spec, an HTTP 500); AuditPages and AuditSeeds are
// the ground truth a correct discovery must report, no more and no less.
//
// The site sends its hits to https://www.google-analytics.com/g/collect; the
// crawler answers them inside the browser, so nothing leaves the machine.
package examplesite
