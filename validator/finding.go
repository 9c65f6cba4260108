package validator

import "github.com/tagspec/tagspec/diag"

// Rule ids. They are stable: CI configurations and dashboards key on them.
const (
	RuleEventMissing       = "journey/event-missing"     // an expected event was not sent
	RuleEventDuplicate     = "journey/event-duplicate"   // an event was sent more often than expected for one action
	RuleEventUnexpected    = "journey/event-unexpected"  // an event the spec does not define, or one expect_none forbids
	RuleParamMissing       = "journey/param-missing"     // a required parameter is absent
	RuleParamType          = "journey/param-type"        // a parameter was sent with the wrong type
	RuleParamValue         = "journey/param-value"       // a parameter is outside its enum, pattern, range or length, or differs from what a step expects
	RuleConsentBeforeGrant = "consent/before-grant"      // a hit was sent before the journey granted consent
	RuleConsentDeniedHit   = "consent/denied-hit"        // a hit claimed granted storage while consent was denied
	RulePII                = "privacy/personal-data-hit" // personal data in a hit
	RuleWireLimit          = "ga4/wire-limit"            // a GA4 collection limit is exceeded
	RuleMeasurementID      = "journey/measurement-id"    // a hit went to another GA4 property than the spec's
	RuleStepFailed         = "journey/step-failed"       // a journey step could not be performed
	RuleJourneyIncomplete  = "journey/incomplete"        // the journey did not finish (timeout or cancellation)
	RuleSpecInvalid        = "spec/invalid-rule"         // a spec rule cannot be applied (for example a bad pattern)
)

// Rules lists every rule of the validator in a stable order, with the ids
// tagspec gave them before rule ids had family prefixes.
var Rules = []diag.Rule{
	{ID: RuleEventMissing, Severity: diag.SeverityError, Summary: "An expected event was not sent.", Formerly: []string{"event-missing"},
		Help: "The tag for the event did not fire when the journey performed the action, so GA4 never counts it. Check the event's trigger (selector, URL, dataLayer event) against the page, and that the container with the tag is published."},
	{ID: RuleEventDuplicate, Severity: diag.SeverityError, Summary: "An event was sent more often than expected for one action.", Formerly: []string{"event-duplicate"},
		Help: "Duplicate hits inflate counts and conversions. Look for two tags or two triggers for the event, or a trigger that fires on every history change or click bubbling."},
	{ID: RuleEventUnexpected, Severity: diag.SeverityError, Summary: "An event the spec does not define, or one an expect_none step forbids, was sent.", Formerly: []string{"event-unexpected"},
		Help: "An undeclared event is tracking the spec does not know about, and one an expect_none step forbids fired when it must not. Add the event to the spec, or remove or narrow the tag or trigger that sends it."},
	{ID: RuleParamMissing, Severity: diag.SeverityError, Summary: "A required parameter was not sent.", Formerly: []string{"param-missing"},
		Help: "Reports and audiences that need the parameter stay empty for these hits. Check the parameter's source (dataLayer key, DOM element, URL part) on the page the message names."},
	{ID: RuleParamType, Severity: diag.SeverityError, Summary: "A parameter was sent with the wrong type.", Formerly: []string{"param-type"},
		Help: "GA4 only sums numbers; a number sent as text is not counted in metrics. Send the value as the type the spec declares (for example push a number, not a quoted string, to the dataLayer)."},
	{ID: RuleParamValue, Severity: diag.SeverityError, Summary: "A parameter value is outside its enum, pattern, range or length, or differs from what a step expects.", Formerly: []string{"param-value"},
		Help: "Values outside the agreed set split or pollute reports. Fix the value where the page produces it, or widen the rule in the spec if the value is right."},
	{ID: RuleConsentBeforeGrant, Severity: diag.SeverityError, Summary: "A hit was sent before the visitor granted consent.", Formerly: []string{"consent-before-grant"},
		Help: "Sending hits before consent breaks the consent the visitor is asked for, and the law in many countries. Make the tag wait for consent (consent mode settings or a consent trigger)."},
	{ID: RuleConsentDeniedHit, Severity: diag.SeverityError, Summary: "A hit was sent after the visitor denied consent.", Formerly: []string{"consent-denied-hit"},
		Help: "A hit that claims granted storage after the visitor refused consent sets or reads cookies they refused. Update consent mode to denied when the visitor refuses, before any tag fires."},
	{ID: RulePII, Severity: diag.SeverityError, Summary: "Personal data (email address, phone number, postcode, name, street address, date of birth, national id, IBAN, card number, IP address) was sent to GA4, or pushed to the data layer.", Formerly: []string{"pii"},
		Help: "Google's terms forbid sending personal data to GA4, and a property that receives it may have to be deleted. Remove the value from the hit (often it comes in through the page URL or a form field), or hash or coarsen it. A pushed value that reaches no hit is a warning."},
	{ID: RuleWireLimit, Severity: diag.SeverityError, Summary: "A GA4 collection limit was exceeded.", Formerly: []string{"wire-limit"},
		Help: "GA4 truncates or drops what is past its collection limits (name and value lengths, parameter counts), so the data arrives incomplete. Shorten the value or send fewer parameters."},
	{ID: RuleMeasurementID, Severity: diag.SeverityError, Summary: "Hits went to another GA4 property than the spec's.", Formerly: []string{"measurement-id"},
		Help: "Hits sent to another property are missing from yours, or mix test traffic into production. Check the measurement ID of the container or gtag config on the page against the spec's environment."},
	{ID: RuleStepFailed, Severity: diag.SeverityError, Summary: "A journey step could not be performed.", Formerly: []string{"step-failed"},
		Help: "The journey stopped at this step, so what follows was not checked. Check the step's selector or URL against the page (the message says what went wrong; a screenshot is saved for the HTML report)."},
	{ID: RuleJourneyIncomplete, Severity: diag.SeverityError, Summary: "A journey did not finish.", Formerly: []string{"journey-incomplete"},
		Help: "The journey ran out of time or was cancelled, so its later steps were not checked. Raise the step or journey timeout if the site is slow, or look for the step that hangs."},
	{ID: RuleSpecInvalid, Severity: diag.SeverityError, Summary: "A spec parameter rule cannot be applied.", Formerly: []string{"spec-invalid"},
		Help: "A rule of the spec (for example a pattern that is not a valid regular expression) cannot check anything. Fix the rule in the spec; tagspec lint shows the same problem."},
}

// Finding is one problem the validator found in what a journey sent: the
// finding type every tagspec check shares.
type Finding = diag.Finding
