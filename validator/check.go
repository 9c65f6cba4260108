package validator

import "github.com/tagspec/tagspec/spec"

// Options tune Check.
type Options struct {
	// Strict counts GA4 automatic and enhanced-measurement events the spec
	// does not define as unexpected. It is on when either this or the
	// spec's crawl.strict is set.
	Strict bool
	// MeasurementID, when set, is the GA4 property hits must go to (the
	// environment's id); otherwise the spec's measurement_id is used.
	MeasurementID string
	// NoPII turns the personal-data scan off.
	NoPII bool
}

// Check compares what was observed during journey j with the spec and
// returns every finding, ordered by step, then capture order, then rule.
func Check(s *spec.Spec, j *spec.Journey, obs *Observation, opts Options) []Finding {
	c := newChecker(s, j, obs, opts)
	return c.run()
}
