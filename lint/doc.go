// Package lint checks a loaded spec against GA4's rules and tagspec's own
// conventions: the step after the loader (package spec), before any
// container is generated or any site is crawled.
//
// It takes a *spec.Spec and gives diag findings, each with the file:line:col
// of the value or key to change and a message that says how to fix it.
// The rule families are ga4/ (what GA4 would reject, mangle or misreport),
// privacy/, style/, consistency/ (values the spec's own rules reject) and
// gtm/ (what generate gtm cannot do without); [Rules] lists them with
// their severities, summaries and help. The GA4 facts behind them
// (reserved names, limits, recommended events) are those of tagspec's
// GA4 rules reference.
//
// Findings are printed by package diag's printers, so lint's output looks
// like every other command's. It may import spec, pii and diag.
package lint
