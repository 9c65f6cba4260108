// Package e2e holds the end-to-end proof of the container runtime: a
// starter template's spec goes through templates.Generate, the container
// runs in Chromium through gtmruntime and crawler.Options.InitScripts on a
// site that has no tracking code of its own (only the consent banner and the
// dataLayer pushes the spec asks the site to make), and the crawler's
// verdict must be that every journey passes. testdata/<starter> holds one
// such site per starter, built from the "What the site must provide"
// header of the template (b2b-saas, content, ecommerce and lead-gen; a
// stand-in YouTube embed answers in the browser for the b2b-saas demo
// video). Broken variants of the same
// site and spec (a wrong selector, a missing dataLayer key, a tag gated on
// consent the visitor never gives) must give exactly the expected findings.
//
// The package has no code of its own; it exists so the crawl's browser is
// the only one its test binary starts.
package e2e
