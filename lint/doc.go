// Package lint checks a loaded tagspec spec against the rules of Google
// Analytics 4 and against tagspec's own conventions, and prints diagnostics
// in the formats people and CI systems read.
//
// In the pipeline, lint sits right after the loader: spec.Load reads the
// YAML and reports schema and reference problems (rule ids spec/... and
// schema/...); Check then reports what GA4 would reject, mangle or
// misreport (ga4/...), personal data that must not be sent (privacy/...),
// inconsistent naming (style/...), values the spec's own rules reject
// (consistency/...) and what generate gtm cannot do without (gtm/...),
// before any container is generated or any site is crawled. Every finding carries the file:line:col of the value
// or key to change and a message that says how to fix it.
//
// The GA4 facts behind the rules (reserved names, the 40/25/100 limits,
// recommended events and their parameters) are the ones listed in tagspec's
// GA4 rules reference; Rules lists the rules with their ids and severities.
//
// WriteText, WriteJSON, WriteGitHub and WriteSARIF print any list of
// diagnostics (the loader's and the linter's together), sorted and
// de-duplicated, so that the same spec always gives byte-identical output.
package lint
