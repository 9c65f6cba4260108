// Package gtmruntime runs a Google Tag Manager web container in the
// browser, without GTM: a runtime of tagspec's own, in JavaScript embedded
// in this package, that executes the part of GTM that tagspec generates.
//
// In the tagspec pipeline it closes the loop
//
//	spec -> templates.Generate -> container -> gtmruntime -> Chromium -> crawler -> validator
//
// so the GA4 hits the crawler judges are produced by the generated
// container itself, not by tracking code written to mirror the spec, and a
// marketer can check a container against a staging site before importing
// it. It takes a container export (or a parsed templates.Container) and
// gives, from [Script], one JavaScript source to evaluate before any page
// script (the crawler's Options.InitScripts), which sends its hits to
// [CollectURL], and every part of the container the runtime does not
// emulate as [Unsupported] values: nothing is ignored silently; what the
// runtime cannot run is a finding, and it never runs. What the runtime
// emulates and the choices it makes where GTM leaves room are documented
// on the embedded script (runtimeJS in script.go).
//
// It may import templates and validator; it never imports cobra, viper
// or chromedp (its browser tests do).
package gtmruntime
