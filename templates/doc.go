// Package templates turns a tagspec spec into a Google Tag Manager
// container and back. It is the "GTM container" step of the pipeline
//
//	spec (tagspec.yaml) -> lint -> GTM container -> crawl in Chromium -> verdict -> benchmark
//
// It takes a parsed spec (package spec) and gives a web container in
// GTM's export format 2 ([Generate], [Build]), deterministic byte for
// byte; it is also the bridge to teams that already have a container:
// [Import] and [ContainerSpec] read a container of any age into a spec,
// with a warning for everything a spec cannot express; [Diff] reports
// drift between a spec and a container; [Docs] writes the tracking plan
// for web developers (Markdown and HTML); [ValidateContainer] checks a
// container against the container JSON Schema
// (schema/gtm-container.schema.json) and semantic rules. The listener
// tags it generates (listeners/*.js) are tested in headless Chromium.
//
// It may import spec; it never imports cobra, viper or chromedp (its
// browser tests do).
package templates
