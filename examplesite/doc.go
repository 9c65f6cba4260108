// Package examplesite is the tagspec example site: a small web site embedded
// in the binary (B2B SaaS pages, a shop, a blog and lead-generation landing
// pages: everything the four starter templates describe), whose pages
// measure themselves with tagspec's stand-in for gtag.js (package
// gtagstandin, served at /gtag/js where real sites load Google's). Every
// journey of every starter template passes against it.
//
// In the tagspec pipeline it is the target that proves the loop works: the
// crawler's browser tests, the CLI's scripts, the crawl benchmark and
// `tagspec demo` serve it on loopback ([Serve], [ServeOptions]) and crawl
// the journeys of the example spec ([Spec]). The pages under /broken/ each
// reproduce one tracking bug, so every validator rule has a page that must
// trigger it. With [Options.NoTracking] the same pages carry no tracking
// code, for a generated GTM container to run on. The audit site
// ([ServeAudit], [AuditSpec]) is a second, generated site for `tagspec
// crawl --discover`, with seeded problems; [AuditPages] and [AuditSeeds]
// are the ground truth a correct discovery must report.
//
// The site sends its hits to https://www.google-analytics.com/g/collect;
// the crawler answers them inside the browser, so nothing leaves the
// machine. It may import gtagstandin and the standard library only.
package examplesite
