package lint

import "github.com/tagspec/tagspec/spec"

// Rule describes one lint rule: its stable id, the severity of what it
// reports and a one-line summary for documentation and `lint --list-rules`.
type Rule struct {
	ID       string        // stable id, e.g. "ga4/event-name-length"
	Severity spec.Severity // severity of the rule's diagnostics; where some are milder, Summary says when
	Summary  string        // what the rule checks, in one sentence
}

// Rule ids. They are stable: users refer to them in CI logs and issues.
const (
	RuleEventNameLength            = "ga4/event-name-length"
	RuleEventNameChars             = "ga4/event-name-chars"
	RuleEventNameFirstChar         = "ga4/event-name-first-char"
	RuleEventNameReserved          = "ga4/event-name-reserved"
	RuleEventNameReservedPrefix    = "ga4/event-name-reserved-prefix"
	RuleEventNameCaseCollision     = "ga4/event-name-case-collision"
	RuleEventShadowsAutomatic      = "ga4/event-shadows-automatic"
	RuleRecommendedEventName       = "ga4/recommended-event-name"
	RuleRecommendedEventParam      = "ga4/recommended-event-param"
	RuleRecommendedEventValue      = "ga4/recommended-event-value"
	RuleCurrencyWithValue          = "ga4/currency-with-value"
	RuleParamCount                 = "ga4/param-count"
	RuleParamNameFormat            = "ga4/param-name-format"
	RuleParamNameLength            = "ga4/param-name-length"
	RuleParamNameReservedPrefix    = "ga4/param-name-reserved-prefix"
	RuleParamNameReserved          = "ga4/param-name-reserved"
	RuleParamValueLength           = "ga4/param-value-length"
	RuleNumericParamType           = "ga4/numeric-param-type"
	RuleRequiredParamNoSource      = "ga4/required-param-no-source"
	RuleKeyEventCount              = "ga4/key-event-count"
	RuleCustomDimensionCount       = "ga4/custom-dimension-count"
	RuleUserPropertyCount          = "ga4/user-property-count"
	RuleUserPropertyNameFormat     = "ga4/user-property-name-format"
	RuleUserPropertyNameLength     = "ga4/user-property-name-length"
	RuleUserPropertyReserved       = "ga4/user-property-reserved"
	RuleUserPropertyReservedPrefix = "ga4/user-property-reserved-prefix"
	RuleUserPropertyValueLength    = "ga4/user-property-value-length"
	RulePersonalDataName           = "privacy/personal-data-name"
	RulePersonalDataValue          = "privacy/personal-data-value"
	RuleNamingStyle                = "style/naming-style"
	RuleConstOutsideRules          = "consistency/const-outside-rules"
	RuleExpectOutsideRules         = "consistency/expect-outside-rules"
	RuleNoEvents                   = "gtm/no-events"
	RuleNoMeasurementID            = "gtm/no-measurement-id"
	RulePlaceholderMeasurementID   = "gtm/placeholder-measurement-id"
)

// rules is the catalogue in the order Rules returns it: event names first,
// then recommended events, parameters, key events, user properties,
// privacy, style, the spec's agreement with itself and what a container
// needs.
var rules = []Rule{
	{RuleEventNameLength, spec.SeverityError, "Event names are at most 40 characters, counted on the URL-encoded name."},
	{RuleEventNameChars, spec.SeverityError, "Event names use only ASCII letters, digits and underscores."},
	{RuleEventNameFirstChar, spec.SeverityError, "Event names start with a letter."},
	{RuleEventNameReserved, spec.SeverityError, "Event names reserved by GA4 (web, app and Measurement Protocol lists) are not used; automatic events are left to ga4/event-shadows-automatic."},
	{RuleEventNameReservedPrefix, spec.SeverityError, "Event names do not start with the reserved prefixes firebase_, google_, ga_ or query_id."},
	{RuleEventNameCaseCollision, spec.SeverityWarning, "No two events differ only in letter case (GA4 reports them as separate events)."},
	{RuleEventShadowsAutomatic, spec.SeverityWarning, "Custom events do not reuse the name of an automatically collected or enhanced-measurement event."},
	{RuleRecommendedEventName, spec.SeverityWarning, "Events that mean a GA4 recommended event use its exact name (sign_up, add_to_cart, generate_lead, ...)."},
	{RuleRecommendedEventParam, spec.SeverityError, "Recommended events declare the parameters GA4 requires for them (items, transaction_id, search_term, ...)."},
	{RuleRecommendedEventValue, spec.SeverityInfo, "Ecommerce and lead events declare value (and currency) so GA4 can report revenue."},
	{RuleCurrencyWithValue, spec.SeverityError, "An event that sends value also sends currency: an error on the ecommerce and lead events whose GA4 reference requires it, a warning on the others (GA4 keeps the hit, not its revenue)."},
	{RuleParamCount, spec.SeverityError, "An event has at most 25 parameters."},
	{RuleParamNameFormat, spec.SeverityError, "Parameter names use ASCII letters, digits and underscores and start with a letter."},
	{RuleParamNameLength, spec.SeverityError, "Parameter names are at most 40 characters."},
	{RuleParamNameReservedPrefix, spec.SeverityError, "Parameter names do not start with the reserved prefixes _, firebase_, ga_, google_ or gtag."},
	{RuleParamNameReserved, spec.SeverityWarning, "Custom parameters do not use names GA4 reserves for custom dimensions (gclid, session_id, user_id, ...)."},
	{RuleParamValueLength, spec.SeverityWarning, "Constant parameter values are at most 100 characters (page_title 300, page_referrer 420, page_location 1000)."},
	{RuleNumericParamType, spec.SeverityWarning, "value, price, quantity, tax, shipping and discount are declared as numbers."},
	{RuleRequiredParamNoSource, spec.SeverityError, "A required parameter has a source (from:) unless its trigger is a dataLayer event that carries it."},
	{RuleKeyEventCount, spec.SeverityWarning, "A property has at most 30 key events (macro conversions)."},
	{RuleCustomDimensionCount, spec.SeverityWarning, "A spec uses at most 50 distinct custom parameters, the event-scoped custom dimensions of a standard property."},
	{RuleUserPropertyCount, spec.SeverityError, "A spec declares at most 25 user properties."},
	{RuleUserPropertyNameFormat, spec.SeverityError, "User property names use ASCII letters, digits and underscores and start with a letter."},
	{RuleUserPropertyNameLength, spec.SeverityError, "User property names are at most 24 characters."},
	{RuleUserPropertyReserved, spec.SeverityError, "User property names reserved by GA4 (user_id, first_visit_time, ...) are not used."},
	{RuleUserPropertyReservedPrefix, spec.SeverityError, "User property names do not start with the reserved prefixes _, firebase_, ga_ or google_."},
	{RuleUserPropertyValueLength, spec.SeverityError, "Constant user property values are at most 36 characters."},
	{RulePersonalDataName, spec.SeverityWarning, "Parameter and user property names and sources do not suggest personal data (email, phone, name, address, postcode)."},
	{RulePersonalDataValue, spec.SeverityError, "Constant values do not contain personal data such as an email address or a phone number."},
	{RuleNamingStyle, spec.SeverityWarning, "Event, parameter and user property names follow one naming style across the spec."},
	{RuleConstOutsideRules, spec.SeverityError, "A constant parameter value (from: const:...) passes the same param's type, enum, pattern, min/max and max_length."},
	{RuleExpectOutsideRules, spec.SeverityError, "A value a journey expects (expect: {params: ...}) passes that event's own rules for the param."},
	{RuleNoEvents, spec.SeverityError, "A spec lists at least one event."},
	{RuleNoMeasurementID, spec.SeverityError, "A spec has a measurement_id, at the top level or in every environment, so that generate gtm can build a container."},
	{RulePlaceholderMeasurementID, spec.SeverityWarning, "measurement_id is a real GA4 measurement ID, not a placeholder such as G-XXXXXXXXXX (generate gtm --env production refuses one)."},
}

// Rules returns every lint rule in a stable order. The slice is a copy; the
// caller may modify it.
func Rules() []Rule {
	return append([]Rule(nil), rules...)
}

// severityOf returns the severity of a rule id. Every id passed to it is in
// the catalogue; an unknown id is reported as an error so it cannot go
// unnoticed.
func severityOf(id string) spec.Severity {
	for _, r := range rules {
		if r.ID == id {
			return r.Severity
		}
	}
	return spec.SeverityError
}
