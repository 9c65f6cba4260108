package validator

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/tagspec/tagspec/spec"
)

// Options tune Check.
type Options struct {
	// Strict counts GA4 automatic and enhanced-measurement events the spec
	// does not define as unexpected. It is on when either this or the
	// spec's crawl.strict is set.
	Strict bool
	// MeasurementID, when set, is the GA4 property hits must go to (the
	// environment's id); otherwise the spec's measurement_id is used. When
	// both are empty the property is not checked.
	MeasurementID string
	// NoPII turns the personal-data scan off.
	NoPII bool
}

// Validator holds a spec with every event's parameters compiled into a
// JSON Schema once, ready to check any number of observations. It is safe
// for concurrent use.
type Validator struct {
	spec    *spec.Spec
	opts    Options
	schemas map[string]*jsonschema.Schema // by event name
	// invalid holds findings about spec events whose schema did not compile.
	invalid []Finding
}

// New compiles the spec's event parameters for checking. It never fails: a
// parameter rule that cannot be compiled (for example a bad pattern)
// becomes a spec-invalid finding reported by every Check.
func New(s *spec.Spec, opts Options) *Validator {
	v := &Validator{spec: s, opts: opts, schemas: make(map[string]*jsonschema.Schema, len(s.Events))}
	if v.opts.MeasurementID == "" {
		v.opts.MeasurementID = s.MeasurementID
	}
	v.opts.Strict = v.opts.Strict || s.Crawl.Strict
	for i := range s.Events {
		ev := &s.Events[i]
		if len(ev.Params) == 0 {
			continue
		}
		sch, err := compileEvent(i, ev)
		if err != nil {
			v.invalid = append(v.invalid, Finding{
				Rule: RuleSpecInvalid, Severity: spec.SeverityError, Step: NoStep, Event: ev.Name,
				Message: fmt.Sprintf("event %q: its params cannot be checked: %v", ev.Name, err),
				Pos:     ev.Pos, EventIndex: -1,
			})
			continue
		}
		v.schemas[ev.Name] = sch
	}
	return v
}

// Check compares what was observed during journey j with the spec and
// returns every finding, ordered by step, then capture order, then rule.
// It compiles the spec's schemas on each call; use New and
// Validator.Check to check many journeys against one spec.
func Check(s *spec.Spec, j *spec.Journey, obs *Observation, opts Options) []Finding {
	return New(s, opts).Check(j, obs)
}

// Check compares what was observed during journey j with the spec.
func (v *Validator) Check(j *spec.Journey, obs *Observation) []Finding {
	c := &checker{v: v, j: j, obs: obs}
	for _, f := range v.invalid {
		f.Journey = j.Name
		c.out = append(c.out, f)
	}
	c.checkSteps()
	c.checkExpectations()
	c.checkEvents()
	c.checkDuplicates()
	c.checkConsent()
	return sortFindings(c.out)
}

// sortFindings orders findings by step, event index, rule, param and
// message, and removes exact repeats.
func sortFindings(fs []Finding) []Finding {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Step, b.Step),
			cmp.Compare(a.EventIndex, b.EventIndex),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Param, b.Param),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return a.Rule == b.Rule && a.Step == b.Step && a.Event == b.Event && a.Param == b.Param && a.Message == b.Message
	})
}
