// Package rules collects the rule catalogues of every tagspec package that
// reports findings into one diag.Catalog: the spec loader's (schema/,
// spec/), lint's (ga4/, privacy/, style/, consistency/, gtm/), the
// validator's (journey/, consent/, privacy/, ga4/, spec/), the crawler's
// (page/, hit/, datalayer/), the container runtime's (gtm/) and the
// container importer's (import/) and the benchmark's data problems
// (data/). `tagspec rules`, `tagspec lint
// --list-rules` and the SARIF printers read it.
package rules

import (
	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
	"github.com/tagspec/tagspec/validator"
)

// Lists returns the rule list of every library package, in pipeline order.
func Lists() [][]diag.Rule {
	return [][]diag.Rule{spec.Rules(), lint.Rules(), validator.Rules, crawler.Rules, gtmruntime.Rules, templates.ImportRules, benchmark.Rules}
}

// Catalog collects every library package's rules, and extra lists (the
// command line's own rules), into one catalogue sorted by id. It fails on
// a duplicate id or an incomplete rule (see diag.NewCatalog).
func Catalog(extra ...[]diag.Rule) (*diag.Catalog, error) {
	return diag.NewCatalog(append(Lists(), extra...)...)
}
