package spec

// Rule describes one rule: its stable id, the severity of what it reports
// and a one-line summary for documentation and `tagspec lint --list-rules`.
// The lint package catalogues its rules with a type of the same shape.
type Rule struct {
	ID       string   // stable id, e.g. "schema/type" or "ga4/event-name-length"
	Severity Severity // severity of every diagnostic the rule reports
	Summary  string   // what the rule checks, in one sentence
}

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

// schemaBoundKeywords are the JSON Schema keywords of the spec schema whose
// failures keep the keyword as their rule id (schema/<keyword>).
var schemaBoundKeywords = []string{"exclusiveMinimum", "maxItems", "maxLength", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum"}

// Rules returns every rule of the spec loader in a stable order: the JSON
// Schema's, then the references between parts of the spec. The slice is a
// new copy on every call.
func Rules() []Rule {
	rules := []Rule{
		{RuleSchemaInvalid, SeverityError, "The spec is a YAML document the JSON Schema can check at all."},
		{RuleSchemaVersion, SeverityError, "version names a spec format this build of tagspec reads."},
		{RuleSchemaUnknownKey, SeverityError, "Every key is one the spec format defines (with a \"did you mean\" for a misspelt one)."},
		{RuleSchemaRequired, SeverityError, "Required keys are present (name, kind and trigger of an event, steps of a journey, ...)."},
		{RuleSchemaType, SeverityError, "Every value has the type the format asks for (text, number, list, mapping, ...)."},
		{RuleSchemaEnum, SeverityError, "Values from a fixed list (kind, category, signal, stage, param type, ...) are one of its entries."},
		{RuleSchemaConst, SeverityError, "Values the format fixes have that value."},
		{RuleSchemaPattern, SeverityError, "Names, measurement IDs, parameter sources and paths have the shape the format asks for."},
		{RuleSchemaTriggerKind, SeverityError, "An event has exactly one trigger kind."},
		{RuleSchemaStepKind, SeverityError, "A journey step has exactly one action."},
	}
	for _, kw := range schemaBoundKeywords {
		rules = append(rules, Rule{"schema/" + kw, SeverityError, "Values keep within the bound the JSON Schema sets with " + kw + " (lengths, counts, numbers)."})
	}
	return append(rules,
		Rule{RuleDuplicateEvent, SeverityError, "Event names are unique in the spec."},
		Rule{RuleUnknownEvent, SeverityError, "Funnel steps, pattern steps and journey expectations name events the spec defines."},
		Rule{RuleUnknownParam, SeverityError, "Journey expectations check parameters their event declares."},
		Rule{RuleConsentSelector, SeverityError, "Journeys that accept or refuse consent have the consent selectors they need."},
		Rule{RulePatternMacroStep, SeverityError, "Momentum pattern steps name micro-conversions, which come before the macro-conversion."},
	)
}
