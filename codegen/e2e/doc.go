// Package e2e holds the codegen loop test: a spec -> the generated
// dataLayer helpers -> a page that calls them -> the GTM container
// generated from the same spec, run by package gtmruntime -> a crawl in
// Chromium -> every journey passes. It has no code of its own.
package e2e
