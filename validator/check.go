package validator

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/pii"
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
	// piiAllow is what the spec accepts from the personal-data check.
	piiAllow piiAllow

	// memo remembers schema results per parameter value (and per set of
	// present parameters): a crawl sends the same values again and again,
	// and each part's result depends only on its value. Bounded by maxMemo.
	mu   sync.Mutex
	memo map[string]memoEntry
	// piiMemo holds the personal data found in the values whose memo
	// entry says so (rare: most values hold none).
	piiMemo map[string][]pii.Match
}

// memoEntry is what the validator remembers about one parameter value: the
// schema's verdict, and whether the value holds personal data (then in
// piiMemo under the same key).
type memoEntry struct {
	problems []schemaProblem
	personal bool
}

// paramPII is what validate found about the personal data in the spec
// params of one event: the matches per param, and which of the event's
// params (by index, the first 64) it read, so the scan does not read them
// again.
type paramPII struct {
	covered uint64
	found   []paramMatches
}

type paramMatches struct {
	param   string
	matches []pii.Match
}

// maxMemo bounds the schema result memo; it is cleared when full.
const maxMemo = 1024

// New compiles the spec's event parameters for checking. It never fails: a
// parameter rule that cannot be compiled (for example a bad pattern)
// becomes a spec-invalid finding reported by every Check.
func New(s *spec.Spec, opts Options) *Validator {
	v := &Validator{spec: s, opts: opts, schemas: make(map[string]*eventSchema, len(s.Events)), memo: map[string]memoEntry{}, piiMemo: map[string][]pii.Match{}}
	if v.opts.MeasurementID == "" {
		v.opts.MeasurementID = s.MeasurementID
	}
	v.opts.Strict = v.opts.Strict || s.Crawl.Strict
	v.piiAllow = newPIIAllow(s)
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
//
// When pp is not nil, validate also reads each present string param (and
// each number param under a telling name) for personal data, remembered
// with the schema's verdict, so that a value seen before costs nothing
// more.
func (v *Validator) validate(sev *spec.Event, e *hits.Event, buf []byte, pp *paramPII) ([]schemaProblem, []byte) {
	es := v.schemas[sev.Name]
	if es == nil {
		return nil, buf
	}
	var out []schemaProblem
	// Presence of the required params.
	var presentArr [32]bool
	var atArr [32]int
	present, at := presentArr[:0], atArr[:0]
	if len(sev.Params) > len(presentArr) {
		present, at = make([]bool, 0, len(sev.Params)), make([]int, 0, len(sev.Params))
	}
	buf = append(buf[:0], sev.Name...)
	buf = append(buf, 0, '?')
	next := 0
	for i := range sev.Params {
		sp := &sev.Params[i]
		// Where the event carries the param: tags send params in the
		// order they were given, usually the spec's, so the search starts
		// after the last one found and one pass finds them all.
		k := -1
		if sp.Type != spec.TypeItems {
			k = findParam(e.Params, sp.Name, next)
			if k >= 0 {
				next = k + 1
			}
		}
		at = append(at, k)
		ok := k >= 0 || paramPresent(sp, e)
		present = append(present, ok)
		if ok {
			buf = append(buf, '1')
		} else {
			buf = append(buf, '0')
		}
	}
	presence, _ := v.memoized(buf, func() (memoEntry, []pii.Match) {
		if err := es.presence.Validate(instance(sev, e)); err != nil {
			return memoEntry{problems: schemaProblems(sev, e, err, "")}, nil
		}
		return memoEntry{}, nil
	})
	out = append(out, presence.problems...)
	// Each present param's value.
	for i := range sev.Params {
		if !present[i] {
			continue
		}
		sp := &sev.Params[i]
		// The param as sent, when it is an ep./epn. param (not an alias
		// key such as cu, which the scan reads with the page fields).
		var hp *hits.Param
		if at[i] >= 0 {
			hp = &e.Params[at[i]]
		}
		buf = append(buf[:0], sev.Name...)
		buf = append(buf, 0)
		buf = append(buf, sp.Name...)
		buf = append(buf, 0)
		buf = appendValueKey(buf, sp, hp, e)
		readPII := pp != nil && hp != nil && !es.piiAllow[i]
		m, found := v.memoized(buf, func() (memoEntry, []pii.Match) {
			var me memoEntry
			var found []pii.Match
			val, _ := instanceValue(sp, e)
			if err := es.params[i].Validate(val); err != nil {
				me.problems = schemaProblems(sev, e, err, sp.Name)
			}
			if readPII {
				found = scanParamValue(nil, hp, es.hints[i])
				me.personal = len(found) > 0
			}
			return me, found
		})
		out = append(out, m.problems...)
		if pp != nil && hp != nil && at[i] < 64 {
			pp.covered |= 1 << at[i]
			if readPII && m.personal {
				if found == nil {
					// Remembered from an earlier hit (or forgotten when
					// the memo was cleared: read it again).
					v.mu.Lock()
					found = v.piiMemo[string(buf)]
					v.mu.Unlock()
					if found == nil {
						found = scanParamValue(nil, hp, es.hints[i])
					}
				}
				pp.found = append(pp.found, paramMatches{param: sp.Name, matches: found})
			}
		}
	}
	return out, buf
}

// findParam returns the index of the param called name in ps, searching
// from start and wrapping around, or -1.
func findParam(ps []hits.Param, name string, start int) int {
	for k := start; k < len(ps); k++ {
		if ps[k].Name == name {
			return k
		}
	}
	for k := 0; k < start && k < len(ps); k++ {
		if ps[k].Name == name {
			return k
		}
	}
	return -1
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
// remembers it; found is what compute found of personal data, returned
// only when it ran.
func (v *Validator) memoized(key []byte, compute func() (memoEntry, []pii.Match)) (m memoEntry, found []pii.Match) {
	v.mu.Lock()
	m, ok := v.memo[string(key)]
	v.mu.Unlock()
	if ok {
		return m, nil
	}
	m, found = compute()
	v.mu.Lock()
	if len(v.memo) >= maxMemo {
		clear(v.memo)
		clear(v.piiMemo)
	}
	v.memo[string(key)] = m
	if len(found) > 0 {
		v.piiMemo[string(key)] = found
	}
	v.mu.Unlock()
	return m, found
}

// appendValueKey appends what a param's result depends on: how it was
// sent (string or number, or through an alias key) and the raw value; the
// count for items.
func appendValueKey(buf []byte, sp *spec.Param, p *hits.Param, e *hits.Event) []byte {
	if sp.Type == spec.TypeItems {
		buf = append(buf, 'i')
		return strconv.AppendInt(buf, int64(len(e.Items)), 10)
	}
	if p != nil {
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
