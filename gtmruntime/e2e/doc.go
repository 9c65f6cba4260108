// Package e2e holds the end-to-end proof of the container runtime: a
// starter template's spec goes through templates.Generate, the container
// runs in Chromium through gtmruntime and crawler.Options.InitScripts on the
// example site (package examplesite) served without tracking code of its
// own (examplesite.Options.NoTracking: only the consent banner and the
// dataLayer pushes the starters ask the site to make), and the crawler's
// verdict must be that every journey of every starter passes. A stand-in
// YouTube embed (testdata/youtube-embed.html) answers in the browser for the
// b2b-saas demo video. Broken variants of the same site and spec (a wrong
// selector, a missing dataLayer key, a tag gated on consent the visitor
// never gives, the last two as examplesite.Options.Faults) must give each
// expected finding exactly once.
//
// The package has no code of its own; it exists so the crawl's browser is
// the only one its test binary starts.
package e2e
