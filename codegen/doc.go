// Package codegen writes typed dataLayer helpers from a tagspec spec: the
// "site code" step of the pipeline
//
//	spec (tagspec.yaml) -> GTM container + typed helpers -> site -> crawl -> verdict
//
// Generate returns, for TypeScript, one .ts module and, for JavaScript, an
// ES module with JSDoc types plus its .d.ts. Each event whose data the site
// provides gets one function: track<Event> for an event fired by a dataLayer
// push (the push carries the custom event name the spec's trigger listens
// for), set<Event> for an event GTM fires on its own trigger (a click, a page
// view) but whose parameters GTM reads from the data layer. Parameters are
// typed from the spec (enums as unions of literals, required parameters
// required, numbers as numbers, items as typed GA4 item arrays), and each
// value is pushed at the data layer key its GTM variable reads. Output is
// deterministic: the same spec gives byte-identical files.
//
// This package never imports cobra, viper or chromedp.
package codegen
