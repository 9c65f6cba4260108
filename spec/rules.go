package spec

import "github.com/tagspec/tagspec/diag"

// Rule ids of the spec loader: the JSON Schema checks and the references
// between events, funnels and journeys. They are stable: users refer to
// them in CI logs and issues.
const (
	RuleSchemaInvalid     = "schema/invalid"
	RuleSchemaUnknownKey  = "schema/unknown-key"
	RuleSchemaRequired    = "schema/required"
	RuleSchemaType        = "schema/type"
	RuleSchemaTriggerKind = "schema/trigger-kind"
	RuleSchemaStepKind    = "schema/step-kind"
	RuleSchemaVersion     = "schema/version"
	RuleSchemaEnum        = "schema/enum"
	RuleSchemaConst       = "schema/const"
	RuleSchemaPattern     = "schema/pattern"
	RuleDuplicateEvent    = "spec/duplicate-event"
	RuleUnknownEvent      = "spec/unknown-event"
	RuleUnknownParam      = "spec/unknown-param"
	RuleConsentSelector   = "spec/consent-selector"
	RulePatternMacroStep  = "spec/pattern-macro-step"
)

// schemaRulePrefix starts the rule id of a JSON Schema failure that keeps
// its keyword as its name (schema/<keyword>).
const schemaRulePrefix = "schema/"

// schemaBoundKeywords are the JSON Schema keywords of the spec schema whose
// failures keep the keyword as their rule id (schema/<keyword>).
var schemaBoundKeywords = []string{"exclusiveMinimum", "maxItems", "maxLength", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum"}

// Rules returns every rule of the spec loader in a stable order: the JSON
// Schema's, then the references between parts of the spec. The slice is a
// new copy on every call.
func Rules() []diag.Rule {
	const fixSchema = " Every later step (lint, generate, crawl) needs a spec the schema accepts. The message names the key and the value; `tagspec lint` lists every such problem at once, and an editor with the JSON Schema (spec/schema/tagspec-v1.schema.json) flags them as you type."
	rules := []diag.Rule{
		{ID: RuleSchemaInvalid, Severity: diag.SeverityError, Summary: "The spec is a YAML document the JSON Schema can check at all.",
			Help: "The document could not be checked against the spec schema at all, so no other rule ran. Make the file a YAML mapping with version, events and the other top-level keys of the format."},
		{ID: RuleSchemaVersion, Severity: diag.SeverityError, Summary: "version names a spec format this build of tagspec reads.",
			Help: "A spec written for another format version may mean something else by the same keys. Set version: 1, or use the tagspec release that reads the version the file names."},
		{ID: RuleSchemaUnknownKey, Severity: diag.SeverityError, Summary: "Every key is one the spec format defines (with a \"did you mean\" for a misspelt one).",
			Help: "A misspelt key is silently ignored by most tools, so the setting it was meant to carry never applies." + fixSchema},
		{ID: RuleSchemaRequired, Severity: diag.SeverityError, Summary: "Required keys are present (name, kind and trigger of an event, steps of a journey, ...).",
			Help: "Without the key, tagspec cannot build the tag, trigger or journey it belongs to. Add the key the message names."},
		{ID: RuleSchemaType, Severity: diag.SeverityError, Summary: "Every value has the type the format asks for (text, number, list, mapping, ...).",
			Help: "A value of the wrong type (a list where a mapping belongs, a number quoted as text) would be read as something else than you meant." + fixSchema},
		{ID: RuleSchemaEnum, Severity: diag.SeverityError, Summary: "Values from a fixed list (kind, category, signal, stage, param type, ...) are one of its entries.",
			Help: "These values select behaviour (how a trigger fires, how a parameter is checked), so only the listed ones mean anything. Use one of the values the message lists."},
		{ID: RuleSchemaConst, Severity: diag.SeverityError, Summary: "Values the format fixes have that value.",
			Help: "The format allows exactly one value here. Write the value the message names."},
		{ID: RuleSchemaPattern, Severity: diag.SeverityError, Summary: "Names, measurement IDs, parameter sources and paths have the shape the format asks for.",
			Help: "A measurement ID, a parameter source or a name in another shape cannot be turned into a working tag. The message says which shape is expected, with an example."},
		{ID: RuleSchemaTriggerKind, Severity: diag.SeverityError, Summary: "An event has exactly one trigger kind.",
			Help: "The trigger decides when the tag fires; with none it never fires, with two it is ambiguous. Keep exactly one of the trigger kinds the message lists."},
		{ID: RuleSchemaStepKind, Severity: diag.SeverityError, Summary: "A journey step has exactly one action.",
			Help: "The crawler performs one action per step (visit, click, fill, expect, ...). Split a step with two actions into two steps, or add the missing action."},
	}
	for _, kw := range schemaBoundKeywords {
		rules = append(rules, diag.Rule{ID: schemaRulePrefix + kw, Severity: diag.SeverityError,
			Summary: "Values keep within the bound the JSON Schema sets with " + kw + " (lengths, counts, numbers).",
			Help:    "The spec format bounds this value so that the generated tags stay within what GA4 and GTM accept. Shorten the text, change the number or the count of entries to keep within the bound the message names."})
	}
	return append(rules,
		diag.Rule{ID: RuleDuplicateEvent, Severity: diag.SeverityError, Summary: "Event names are unique in the spec.",
			Help: "Two definitions of one event would generate two tags that send the same event name with different rules. Merge them into one definition, or rename one (the finding points at both)."},
		diag.Rule{ID: RuleUnknownEvent, Severity: diag.SeverityError, Summary: "Funnel steps, pattern steps and journey expectations name events the spec defines.",
			Help: "A funnel step, a momentum pattern step or an expectation that names no defined event can never be met. Fix the spelling (the message suggests the closest name) or define the event."},
		diag.Rule{ID: RuleUnknownParam, Severity: diag.SeverityError, Summary: "Journey expectations check parameters their event declares.",
			Help: "An expectation on a parameter the event does not declare checks something no tag sends. Declare the parameter on the event, or fix its name in the expectation."},
		diag.Rule{ID: RuleConsentSelector, Severity: diag.SeverityError, Summary: "Journeys that accept or refuse consent have the consent selectors they need.",
			Help: "The crawler clicks the consent banner's accept or refuse button through these selectors; without them the journey cannot give or refuse consent. Add consent.accept_selector or consent.deny_selector to the spec."},
		diag.Rule{ID: RulePatternMacroStep, Severity: diag.SeverityError, Summary: "Momentum pattern steps name micro-conversions, which come before the macro-conversion.",
			Help: "A momentum pattern describes what users do before they convert; bench counts a converter's events only up to the first macro-conversion, so a step that names a macro-conversion can never match. Name a micro-conversion, or remove the step."},
	)
}
