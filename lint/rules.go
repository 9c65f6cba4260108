package lint

import "github.com/tagspec/tagspec/diag"

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
var rules = []diag.Rule{
	{ID: RuleEventNameLength, Severity: diag.SeverityError, Summary: "Event names are at most 40 characters, counted on the URL-encoded name.",
		Help: "GA4 drops events whose name is longer than 40 characters, so nothing of them reaches the reports. Shorten the name (the message gives the length)."},
	{ID: RuleEventNameChars, Severity: diag.SeverityError, Summary: "Event names use only ASCII letters, digits and underscores.",
		Help: "GA4 rejects event names with other characters, and GTM may send them mangled. Replace hyphens, spaces and accents with underscores or plain letters."},
	{ID: RuleEventNameFirstChar, Severity: diag.SeverityError, Summary: "Event names start with a letter.",
		Help: "GA4 rejects event names that start with a digit or an underscore. Start the name with a letter."},
	{ID: RuleEventNameReserved, Severity: diag.SeverityError, Summary: "Event names reserved by GA4 (web, app and Measurement Protocol lists) are not used; automatic events are left to ga4/event-shadows-automatic.",
		Help: "GA4 drops events sent under a reserved name, or mixes them with its own. Choose another name, for example with a prefix of your own."},
	{ID: RuleEventNameReservedPrefix, Severity: diag.SeverityError, Summary: "Event names do not start with the reserved prefixes firebase_, google_, ga_ or query_id.",
		Help: "GA4 reserves these prefixes for its own and Firebase's events and drops custom events that use them. Rename the event without the prefix."},
	{ID: RuleEventNameCaseCollision, Severity: diag.SeverityWarning, Summary: "No two events differ only in letter case (GA4 reports them as separate events).",
		Help: "GA4 treats names that differ only in case as two events, which splits one count in two in every report. Keep one spelling."},
	{ID: RuleEventShadowsAutomatic, Severity: diag.SeverityWarning, Summary: "Custom events do not reuse the name of an automatically collected or enhanced-measurement event.",
		Help: "GA4 already sends this event by itself (automatically or through enhanced measurement), so yours would be counted together with, or twice as, its own. Rename the event, or drop it and rely on the automatic one."},
	{ID: RuleRecommendedEventName, Severity: diag.SeverityWarning, Summary: "Events that mean a GA4 recommended event use its exact name (sign_up, add_to_cart, generate_lead, ...).",
		Help: "GA4's reports and audiences understand recommended events by their exact name only. Rename the event to the recommended name the message suggests."},
	{ID: RuleRecommendedEventParam, Severity: diag.SeverityError, Summary: "Recommended events declare the parameters GA4 requires for them (items, transaction_id, search_term, ...).",
		Help: "Without these parameters, GA4's built-in reports for the recommended event (ecommerce, lead, search) stay empty. Declare the parameters the message names."},
	{ID: RuleRecommendedEventValue, Severity: diag.SeverityInfo, Summary: "Ecommerce and lead events declare value (and currency) so GA4 can report revenue.",
		Help: "Without value and currency GA4 cannot report revenue or lead value for the event. Declare them if the event has a value; otherwise this note can be ignored."},
	{ID: RuleCurrencyWithValue, Severity: diag.SeverityError, Summary: "An event that sends value also sends currency: an error on the ecommerce and lead events whose GA4 reference requires it, a warning on the others (GA4 keeps the hit, not its revenue).",
		Help: "GA4 ignores a value sent without currency, so revenue reports miss it. Send currency (an ISO 4217 code such as EUR) wherever value is sent."},
	{ID: RuleParamCount, Severity: diag.SeverityError, Summary: "An event has at most 25 parameters.",
		Help: "GA4 drops parameters past the 25th of an event. Move rarely used parameters to another event or drop them."},
	{ID: RuleParamNameFormat, Severity: diag.SeverityError, Summary: "Parameter names use ASCII letters, digits and underscores and start with a letter.",
		Help: "GA4 rejects parameter names in another shape. Use letters, digits and underscores, starting with a letter."},
	{ID: RuleParamNameLength, Severity: diag.SeverityError, Summary: "Parameter names are at most 40 characters.",
		Help: "GA4 drops parameters whose name is longer than 40 characters. Shorten the name."},
	{ID: RuleParamNameReservedPrefix, Severity: diag.SeverityError, Summary: "Parameter names do not start with the reserved prefixes _, firebase_, ga_, google_ or gtag.",
		Help: "GA4 reserves these prefixes and drops parameters that use them. Rename the parameter without the prefix."},
	{ID: RuleParamNameReserved, Severity: diag.SeverityWarning, Summary: "Custom parameters do not use names GA4 reserves for custom dimensions (gclid, session_id, user_id, ...).",
		Help: "GA4 uses these names itself and will not let you register them as custom dimensions, so the parameter cannot be reported on. Rename it."},
	{ID: RuleParamValueLength, Severity: diag.SeverityWarning, Summary: "Constant parameter values are at most 100 characters (page_title 300, page_referrer 420, page_location 1000).",
		Help: "GA4 truncates longer values, so reports show cut-off text. Shorten the constant value."},
	{ID: RuleNumericParamType, Severity: diag.SeverityWarning, Summary: "value, price, quantity, tax, shipping and discount are declared as numbers.",
		Help: "GA4 only sums and averages numbers; a value, price or quantity sent as text is not counted in revenue or ecommerce metrics. Declare the parameter with type: number."},
	{ID: RuleRequiredParamNoSource, Severity: diag.SeverityError, Summary: "A required parameter has a source (from:) unless its trigger is a dataLayer event that carries it.",
		Help: "A required parameter without a source cannot be filled by the generated tag, so every hit misses it. Add a from: source, or trigger the event from a dataLayer push that carries the parameter."},
	{ID: RuleKeyEventCount, Severity: diag.SeverityWarning, Summary: "A property has at most 30 key events (macro conversions).",
		Help: "A standard GA4 property allows 30 key events; the ones past the limit cannot be marked. Keep the key events to the conversions that matter."},
	{ID: RuleCustomDimensionCount, Severity: diag.SeverityWarning, Summary: "A spec uses at most 50 distinct custom parameters, the event-scoped custom dimensions of a standard property.",
		Help: "A standard GA4 property registers at most 50 event-scoped custom dimensions, so the parameters past that cannot be reported on. Reuse parameters across events or drop some."},
	{ID: RuleUserPropertyCount, Severity: diag.SeverityError, Summary: "A spec declares at most 25 user properties.",
		Help: "A GA4 property registers at most 25 user properties; the ones past the limit are not reported. Drop or merge user properties."},
	{ID: RuleUserPropertyNameFormat, Severity: diag.SeverityError, Summary: "User property names use ASCII letters, digits and underscores and start with a letter.",
		Help: "GA4 rejects user property names in another shape. Use letters, digits and underscores, starting with a letter."},
	{ID: RuleUserPropertyNameLength, Severity: diag.SeverityError, Summary: "User property names are at most 24 characters.",
		Help: "GA4 drops user properties whose name is longer than 24 characters. Shorten the name."},
	{ID: RuleUserPropertyReserved, Severity: diag.SeverityError, Summary: "User property names reserved by GA4 (user_id, first_visit_time, ...) are not used.",
		Help: "GA4 sets these user properties itself and ignores yours. Choose another name."},
	{ID: RuleUserPropertyReservedPrefix, Severity: diag.SeverityError, Summary: "User property names do not start with the reserved prefixes _, firebase_, ga_ or google_.",
		Help: "GA4 reserves these prefixes and drops user properties that use them. Rename the user property without the prefix."},
	{ID: RuleUserPropertyValueLength, Severity: diag.SeverityError, Summary: "Constant user property values are at most 36 characters.",
		Help: "GA4 truncates longer user property values. Shorten the constant value."},
	{ID: RulePersonalDataName, Severity: diag.SeverityWarning, Summary: "Parameter and user property names and sources do not suggest personal data (email, phone, name, address, postcode).",
		Help: "Google's terms forbid sending personal data to GA4, and a parameter named like one likely carries it. Rename the parameter if it carries no personal data, or send a hashed or coarse value instead (a country, not an address)."},
	{ID: RulePersonalDataValue, Severity: diag.SeverityError, Summary: "Constant values do not contain personal data such as an email address or a phone number.",
		Help: "Google's terms forbid sending personal data to GA4; a property that receives it may have to be deleted. Remove the value from the spec."},
	{ID: RuleNamingStyle, Severity: diag.SeverityWarning, Summary: "Event, parameter and user property names follow one naming style across the spec.",
		Help: "Mixed naming styles (snake_case next to camelCase) make reports hard to read and invite near-duplicate events. Rename the odd ones to the spec's main style, which the message names."},
	{ID: RuleConstOutsideRules, Severity: diag.SeverityError, Summary: "A constant parameter value (from: const:...) passes the same param's type, enum, pattern, min/max and max_length.",
		Help: "The generated tag would send a constant value that the spec's own rules for the parameter reject, so every crawl of it fails. Fix the constant or the rule."},
	{ID: RuleExpectOutsideRules, Severity: diag.SeverityError, Summary: "A value a journey expects (expect: {params: ...}) passes that event's own rules for the param.",
		Help: "The journey expects a value the event's own rules for the parameter reject, so the expectation can never be met by a correct tag. Fix the expected value or the rule."},
	{ID: RuleNoEvents, Severity: diag.SeverityError, Summary: "A spec lists at least one event.",
		Help: "A spec without events generates an empty container and checks nothing. Add the events the site sends."},
	{ID: RuleNoMeasurementID, Severity: diag.SeverityError, Summary: "A spec has a measurement_id, at the top level or in every environment, so that generate gtm can build a container.",
		Help: "generate gtm needs a GA4 measurement ID to build the configuration tag. Set measurement_id at the top level, in every environment, in the config file or with TAGSPEC_MEASUREMENT_ID."},
	{ID: RulePlaceholderMeasurementID, Severity: diag.SeverityWarning, Summary: "measurement_id is a real GA4 measurement ID, not a placeholder such as G-XXXXXXXXXX (generate gtm --env production refuses one).",
		Help: "A placeholder ID sends hits to no property. Replace it with your property's ID (Admin > Data streams in GA4) before publishing the container."},
}

// Rules returns every lint rule in a stable order. The slice is a copy; the
// caller may modify it.
func Rules() []diag.Rule {
	return append([]diag.Rule(nil), rules...)
}

// severityOf returns the severity of a rule id. Every id passed to it is in
// the catalogue; an unknown id is reported as an error so it cannot go
// unnoticed.
func severityOf(id string) diag.Severity {
	for _, r := range rules {
		if r.ID == id {
			return r.Severity
		}
	}
	return diag.SeverityError
}
