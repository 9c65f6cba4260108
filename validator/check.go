package validator

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/tagspec/tagspec/hits"
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
	schemas map[string]*eventSchema // by event name
	// invalid holds findings about spec events whose schema did not compile.
	invalid []Finding

	// memo remembers schema results per parameter value (and per set of
	// present parameters): a crawl sends the same values again and again,
	// and each part's result depends only on its value. Bounded by maxMemo.
	mu   sync.Mutex
	memo map[string][]schemaProblem
}

// maxMemo bounds the schema result memo; it is cleared when full.
const maxMemo = 1024

// New compiles the spec's event parameters for checking. It never fails: a
// parameter rule that cannot be compiled (for example a bad pattern)
// becomes a spec-invalid finding reported by every Check.
func New(s *spec.Spec, opts Options) *Validator {
	v := &Validator{spec: s, opts: opts, schemas: make(map[string]*eventSchema, len(s.Events)), memo: map[string][]schemaProblem{}}
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

// validate checks an observed event's params against its spec event's
// schema: the presence of the required params, then each param's value on
// its own, reusing results for parts already judged. The findings are the
// same as validating the whole parameter object at once.
func (v *Validator) validate(sev *spec.Event, e *hits.Event, buf []byte) ([]schemaProblem, []byte) {
	es := v.schemas[sev.Name]
	if es == nil {
		return nil, buf
	}
	var out []schemaProblem
	// Presence of the required params.
	var presentArr [32]bool
	present := presentArr[:0]
	if len(sev.Params) > len(presentArr) {
		present = make([]bool, 0, len(sev.Params))
	}
	buf = append(buf[:0], sev.Name...)
	buf = append(buf, 0, '?')
	for i := range sev.Params {
		ok := paramPresent(&sev.Params[i], e)
		present = append(present, ok)
		if ok {
			buf = append(buf, '1')
		} else {
			buf = append(buf, '0')
		}
	}
	out = append(out, v.memoized(buf, func() []schemaProblem {
		if err := es.presence.Validate(instance(sev, e)); err != nil {
			return schemaProblems(sev, e, err, "")
		}
		return nil
	})...)
	// Each present param's value.
	for i := range sev.Params {
		if !present[i] {
			continue
		}
		sp := &sev.Params[i]
		buf = append(buf[:0], sev.Name...)
		buf = append(buf, 0)
		buf = append(buf, sp.Name...)
		buf = append(buf, 0)
		buf = appendValueKey(buf, sp, e)
		out = append(out, v.memoized(buf, func() []schemaProblem {
			val, _ := instanceValue(sp, e)
			if err := es.params[i].Validate(val); err != nil {
				return schemaProblems(sev, e, err, sp.Name)
			}
			return nil
		})...)
	}
	return out, buf
}

// paramPresent reports whether an observed event carries a spec param.
func paramPresent(sp *spec.Param, e *hits.Event) bool {
	if sp.Type == spec.TypeItems {
		return len(e.Items) > 0
	}
	if _, ok := e.Param(sp.Name); ok {
		return true
	}
	if key, alias := paramAliases[sp.Name]; alias {
		_, ok := e.Get(key)
		return ok
	}
	return false
}

// memoized returns the remembered result for key, or computes and
// remembers it.
func (v *Validator) memoized(key []byte, compute func() []schemaProblem) []schemaProblem {
	v.mu.Lock()
	ps, ok := v.memo[string(key)]
	v.mu.Unlock()
	if ok {
		return ps
	}
	ps = compute()
	v.mu.Lock()
	if len(v.memo) >= maxMemo {
		clear(v.memo)
	}
	v.memo[string(key)] = ps
	v.mu.Unlock()
	return ps
}

// appendValueKey appends what a param's result depends on: how it was
// sent (string or number, or through an alias key) and the raw value; the
// count for items.
func appendValueKey(buf []byte, sp *spec.Param, e *hits.Event) []byte {
	if sp.Type == spec.TypeItems {
		buf = append(buf, 'i')
		return strconv.AppendInt(buf, int64(len(e.Items)), 10)
	}
	if p, ok := e.Param(sp.Name); ok {
		if p.Type == hits.TypeNumber {
			buf = append(buf, 'n')
		} else {
			buf = append(buf, 's')
		}
		return append(buf, p.Value...)
	}
	if key, alias := paramAliases[sp.Name]; alias {
		if s, ok := e.Get(key); ok {
			buf = append(buf, 'a')
			return append(buf, s...)
		}
	}
	return append(buf, '-')
}
