package validator

import (
	"fmt"

	"github.com/tagspec/tagspec/spec"
)

// Rule ids. They are stable: CI configurations and dashboards key on them.
const (
	RuleEventMissing       = "event-missing"        // an expected event was not sent
	RuleEventDuplicate     = "event-duplicate"      // an event was sent more often than expected for one action
	RuleEventUnexpected    = "event-unexpected"     // an event the spec does not define, or one expect_none forbids
	RuleParamMissing       = "param-missing"        // a required parameter is absent
	RuleParamType          = "param-type"           // a parameter was sent with the wrong type
	RuleParamValue         = "param-value"          // a parameter is outside its enum, pattern, range or length, or differs from what a step expects
	RuleConsentBeforeGrant = "consent-before-grant" // a hit was sent before the journey granted consent
	RuleConsentDeniedHit   = "consent-denied-hit"   // a hit claimed granted storage while consent was denied
	RulePII                = "pii"                  // personal data in a hit
	RuleWireLimit          = "wire-limit"           // a GA4 collection limit is exceeded
	RuleMeasurementID      = "measurement-id"       // a hit went to another GA4 property than the spec's
	RuleStepFailed         = "step-failed"          // a journey step could not be performed
	RuleJourneyIncomplete  = "journey-incomplete"   // the journey did not finish (timeout or cancellation)
	RuleSpecInvalid        = "spec-invalid"         // a spec rule cannot be applied (for example a bad pattern)
)

// Rules lists every rule id in a stable order, for documentation and for
// printers that need the full set.
var Rules = []string{
	RuleEventMissing, RuleEventDuplicate, RuleEventUnexpected,
	RuleParamMissing, RuleParamType, RuleParamValue,
	RuleConsentBeforeGrant, RuleConsentDeniedHit, RulePII, RuleWireLimit,
	RuleMeasurementID, RuleStepFailed, RuleJourneyIncomplete, RuleSpecInvalid,
}

// ruleSummaries says in one line what each rule checks.
var ruleSummaries = map[string]string{
	RuleEventMissing:       "An expected event was not sent.",
	RuleEventDuplicate:     "An event was sent more often than expected for one action.",
	RuleEventUnexpected:    "An event the spec does not define, or one an expect_none step forbids, was sent.",
	RuleParamMissing:       "A required parameter was not sent.",
	RuleParamType:          "A parameter was sent with the wrong type.",
	RuleParamValue:         "A parameter value is outside its enum, pattern, range or length, or differs from what a step expects.",
	RuleConsentBeforeGrant: "A hit was sent before the visitor granted consent.",
	RuleConsentDeniedHit:   "A hit was sent after the visitor denied consent.",
	RulePII:                "Personal data (email address, phone number, postcode, name, street address, date of birth, national id, IBAN, card number, IP address) was sent to GA4, or pushed to the data layer.",
	RuleWireLimit:          "A GA4 collection limit was exceeded.",
	RuleMeasurementID:      "Hits went to another GA4 property than the spec's.",
	RuleStepFailed:         "A journey step could not be performed.",
	RuleJourneyIncomplete:  "A journey did not finish.",
	RuleSpecInvalid:        "A spec parameter rule cannot be applied.",
}

// RuleSummary returns a one-line description of a rule id, or "" for an
// unknown id.
func RuleSummary(rule string) string { return ruleSummaries[rule] }

// Finding is one problem the validator found in what a journey sent.
type Finding struct {
	Rule     string        // one of the Rule* ids
	Severity spec.Severity // error findings fail the build
	Journey  string        // journey name
	Step     int           // index of the journey step the finding belongs to, or NoStep
	Event    string        // event name involved, if any
	Param    string        // parameter name involved, if any
	Message  string        // what is wrong, for people
	Page     string        // page URL where it was observed, if any
	// Pos is where in the spec the violated expectation is declared (the
	// step, event or param); zero when the spec is not involved.
	Pos spec.Pos
	// EventIndex is the index in Observation.Events of the event concerned,
	// or -1.
	EventIndex int
	// Personal is the personal data a pii finding is about, as found, so
	// that reports can mask it wherever else it appears (page URLs, event
	// params). It is never printed or written.
	Personal string `json:"-"`
}

// String formats the finding on one line, the way compilers do:
//
//	tagspec.yaml:45:9: error: step 3: expects "newsletter_signup" during step 2, but no GA4 hit carried it [event-missing]
//
// The journey name stands in for the position when the spec is not involved.
func (f Finding) String() string {
	where := f.Pos.String()
	if where == "" {
		where = f.Journey
	}
	step := ""
	if f.Step != NoStep {
		step = fmt.Sprintf("step %d: ", f.Step+1)
	}
	return fmt.Sprintf("%s: %s: %s%s [%s]", where, f.Severity, step, f.Message, f.Rule)
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == spec.SeverityError {
			return true
		}
	}
	return false
}
