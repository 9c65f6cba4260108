package validator

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
)

type checker struct {
	v   *Validator
	j   *spec.Journey
	obs *Observation
	out []Finding
	// wins caches windows().
	wins map[int]int
	// buf is scratch space for memo keys.
	buf []byte
	// byExpect holds the param findings expect steps made, so that the
	// event's own schema check does not report the same mistake again.
	byExpect map[paramFinding]bool
	// page is set when the observation is a page check (CheckPage), not
	// a journey.
	page bool
}

// beforeFirstStep says when something captured before any step happened.
func (c *checker) beforeFirstStep() string {
	if c.page {
		return "while the page loaded"
	}
	if c.obs.Recorded {
		return "in the recording"
	}
	return "before the first step"
}

// paramFinding identifies one param finding: the observed event (index in
// Observation.Events), the param and the rule.
type paramFinding struct {
	event       int
	param, rule string
}

func (c *checker) add(f Finding) {
	f.Journey = c.j.Name
	if f.Severity == "" {
		f.Severity = spec.SeverityError
	}
	c.out = append(c.out, f)
}

func (c *checker) specStep(i int) *spec.Step {
	if i >= 0 && i < len(c.j.Steps) {
		return &c.j.Steps[i]
	}
	return nil
}

// checkSteps reports failed steps and an unfinished journey.
func (c *checker) checkSteps() {
	for _, st := range c.obs.Steps {
		if st.Error == "" || c.obs.Incomplete && st.Error == c.obs.Reason {
			// A step cut short by the end of the run is the journey's
			// journey-incomplete finding, not a step failure.
			continue
		}
		f := Finding{Rule: RuleStepFailed, Step: st.Index, EventIndex: -1,
			Message: fmt.Sprintf("%s failed: %s", st.Kind, st.Error)}
		if sp := c.specStep(st.Index); sp != nil {
			f.Pos = sp.Pos
			f.Message = fmt.Sprintf("%s failed: %s", DescribeStep(sp), st.Error)
		}
		c.add(f)
	}
	if c.obs.Incomplete {
		reason := c.obs.Reason
		if reason == "" {
			reason = "it was stopped"
		}
		done := 0
		for _, st := range c.obs.Steps {
			if st.Index >= 0 && st.Error == "" {
				done++
			}
		}
		c.add(Finding{Rule: RuleJourneyIncomplete, Step: NoStep, EventIndex: -1, Pos: c.j.Pos,
			Message: fmt.Sprintf("journey %q did not finish (%d of %d steps ran): %s", c.j.Name, done, len(c.j.Steps), reason)})
	}
}

// executed reports whether spec step i ran without error.
func (c *checker) executed(i int) bool {
	for _, st := range c.obs.Steps {
		if st.Index == i {
			return st.Error == ""
		}
	}
	return false
}

func isExpectation(kind string) bool { return kind == spec.StepExpect || kind == spec.StepExpectNone }

// windows returns, for each expectation step, the first step index of its
// window: the step after the last step of the previous run of consecutive
// expectation steps, or NoStep for the first run (so that events captured
// while the start page loaded count). So in
//
//	visit /  ; submit form ; expect a ; expect_none b ; click x ; expect c
//
// "expect a" and "expect_none b" both see what the start page, the visit
// and the submit sent (and anything captured while the expectations ran),
// and "expect c" sees what the click sent. A capturer should flush pending
// hits during an expectation step so that they land in its window.
func (c *checker) windows() map[int]int {
	w := map[int]int{}
	from := NoStep
	for i := 0; i < len(c.j.Steps); i++ {
		if !isExpectation(c.j.Steps[i].Kind) {
			continue
		}
		end := i
		for end+1 < len(c.j.Steps) && isExpectation(c.j.Steps[end+1].Kind) {
			end++
		}
		for k := i; k <= end; k++ {
			w[k] = from
		}
		from = end + 1
		i = end
	}
	return w
}

// inWindow reports whether an event captured during step s belongs to the
// window [from, last] where last is the last step of the expectation run
// containing step k.
func (c *checker) runEnd(k int) int {
	for k+1 < len(c.j.Steps) && isExpectation(c.j.Steps[k+1].Kind) {
		k++
	}
	return k
}

// checkExpectations judges every expect and expect_none step that ran on
// the hits of its window (see windows): expect passes when at least one
// hit carries the event with the step's params (exactly Count such hits
// when Count is set); expect_none fails when any hit carries the event.
// Only hits count: an event pushed to the dataLayer that no tag sent is
// still missing, and the finding says so. Steps that did not run (the
// journey stopped earlier) are not judged.
func (c *checker) checkExpectations() {
	wins := c.windows()
	for k := range c.j.Steps {
		sp := &c.j.Steps[k]
		if !isExpectation(sp.Kind) || !c.executed(k) {
			continue
		}
		from, to := wins[k], c.runEnd(k)
		// Only the steps of the run that actually ran close the window.
		for to > k && !c.executed(to) {
			to--
		}
		var hitsIdx, pushIdx []int
		for i := range c.obs.Events {
			e := &c.obs.Events[i]
			if e.Name != sp.Event || e.Step < from || e.Step > to {
				continue
			}
			if e.Source == SourceHit {
				hitsIdx = append(hitsIdx, i)
			} else {
				pushIdx = append(pushIdx, i)
			}
		}
		window := describeWindow(from, to)
		if sp.Kind == spec.StepExpectNone {
			if len(hitsIdx) > 0 {
				e := &c.obs.Events[hitsIdx[0]]
				c.add(Finding{Rule: RuleEventUnexpected, Step: k, Event: sp.Event, Page: e.Page, Pos: sp.Pos, EventIndex: hitsIdx[0],
					Message: fmt.Sprintf("expects no %q %s, but it was sent %s", sp.Event, window, times(len(hitsIdx)))})
			}
			continue
		}
		if len(hitsIdx) == 0 {
			msg := fmt.Sprintf("expects %q %s, but no GA4 hit carried it", sp.Event, window)
			page := ""
			if len(pushIdx) > 0 {
				msg += " (it was pushed to the dataLayer, so no tag sent it)"
				page = c.obs.Events[pushIdx[0]].Page
			}
			c.add(Finding{Rule: RuleEventMissing, Step: k, Event: sp.Event, Pos: sp.Pos, Page: page, EventIndex: -1, Message: msg})
			continue
		}
		keys := sortedKeys(sp.Params)
		var matching []int
		for _, i := range hitsIdx {
			if len(paramMismatches(&c.obs.Events[i].Event, sp.Params, keys)) == 0 {
				matching = append(matching, i)
			}
		}
		if len(matching) == 0 {
			first := &c.obs.Events[hitsIdx[0]]
			for _, m := range paramMismatches(&first.Event, sp.Params, keys) {
				if c.byExpect == nil {
					c.byExpect = map[paramFinding]bool{}
				}
				c.byExpect[paramFinding{hitsIdx[0], m.param, m.rule}] = true
				c.add(Finding{Rule: m.rule, Step: k, Event: sp.Event, Param: m.param, Page: first.Page, Pos: sp.Pos, EventIndex: hitsIdx[0],
					Message: fmt.Sprintf("expects %q with %s, but %s", sp.Event, m.want, m.got)})
			}
			continue
		}
		if sp.Count > 0 && len(matching) != sp.Count {
			rule, idx := RuleEventMissing, -1
			if len(matching) > sp.Count {
				rule, idx = RuleEventDuplicate, matching[sp.Count]
			}
			page := c.obs.Events[matching[0]].Page
			c.add(Finding{Rule: rule, Step: k, Event: sp.Event, Page: page, Pos: sp.Pos, EventIndex: idx,
				Message: fmt.Sprintf("expects %q exactly %s %s, but it was sent %s", sp.Event, times(sp.Count), window, times(len(matching)))})
		}
	}
}

func describeWindow(from, to int) string {
	if from == NoStep || from == 0 {
		if to == 0 {
			return "by step 1"
		}
		return fmt.Sprintf("from the start to step %d", to+1)
	}
	if from == to {
		return fmt.Sprintf("during step %d", to+1)
	}
	return fmt.Sprintf("during steps %d-%d", from+1, to+1)
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type mismatch struct {
	rule, param, want, got string
}

// paramMismatches compares an event's params with the values an expect
// step requires.
func paramMismatches(e *hits.Event, want map[string]any, keys []string) []mismatch {
	var out []mismatch
	for _, k := range keys {
		w := want[k]
		wantStr := fmt.Sprintf("%s=%s", k, formatValue(w))
		p, ok := e.Param(k)
		if !ok {
			if alias, isAlias := paramAliases[k]; isAlias {
				if v, ok := e.Get(alias); ok && v == formatValue(w) {
					continue
				} else if ok {
					out = append(out, mismatch{RuleParamValue, k, wantStr, fmt.Sprintf("%s was %q (%s)", k, v, alias)})
					continue
				}
			}
			out = append(out, mismatch{RuleParamMissing, k, wantStr, fmt.Sprintf("param %q was not sent", k)})
			continue
		}
		switch wv := w.(type) {
		case int, int64, uint64, float64:
			n := toFloat(wv)
			if p.Type != hits.TypeNumber {
				if f, err := strconv.ParseFloat(p.Value, 64); err == nil && f == n {
					out = append(out, mismatch{RuleParamType, k, wantStr, fmt.Sprintf("it was sent as the string %q (ep.%s)", p.Value, k)})
				} else {
					out = append(out, mismatch{RuleParamValue, k, wantStr, fmt.Sprintf("%s was %q", k, p.Value)})
				}
				continue
			}
			if !p.NumberOK || p.Number != n {
				out = append(out, mismatch{RuleParamValue, k, wantStr, fmt.Sprintf("%s was %s", k, p.Value)})
			}
		default:
			ws := formatValue(w)
			if p.Value != ws {
				got := fmt.Sprintf("%s was %q", k, p.Value)
				if p.Type == hits.TypeNumber {
					got = fmt.Sprintf("%s was the number %s", k, p.Value)
				}
				out = append(out, mismatch{RuleParamValue, k, wantStr, got})
			}
		}
	}
	return out
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	case float64:
		return n
	}
	return math.NaN()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// checkEvents runs the per-event rules on every hit event: unexpected
// events, parameter schemas, wire limits, measurement id and personal data.
//
// Parameter types are the wire types: epn. is a number, ep. a string, so
// a value pushed as the string "49.99" is a type finding for a number
// param. One mistake gives one finding: when an expect step reports a
// param finding on a hit, the event's schema check does not report the
// same rule for the same param on the same hit again. The expect step's
// finding is the one kept, because it names the journey step where the
// hit was sent. Other hits of the event, and other rules on the same
// param, are still checked against the schema. A wrong property is
// reported once per property and journey.
func (c *checker) checkEvents() {
	v := c.v
	type firstSeen struct{ at, n int }
	unexpected := map[string]*firstSeen{} // name -> index of its finding in c.out, times sent
	var unexpectedOrder []string
	pii := piiScan{allow: &v.piiAllow}
	once := map[string]bool{}
	for i := range c.obs.Events {
		e := &c.obs.Events[i]
		if e.Source != SourceHit {
			continue
		}
		sev, defined := v.spec.Event(e.Name)
		var pp *paramPII
		if !v.opts.NoPII {
			pii.pp.covered, pii.pp.found = 0, pii.pp.found[:0]
			pp = &pii.pp
		}
		if !defined && (v.opts.Strict || !IsAutomatic(e.Name)) {
			if fs, seen := unexpected[e.Name]; seen {
				fs.n++
			} else {
				unexpected[e.Name] = &firstSeen{at: len(c.out), n: 1}
				unexpectedOrder = append(unexpectedOrder, e.Name)
				c.add(Finding{Rule: RuleEventUnexpected, Step: e.Step, Event: e.Name, Page: e.Page, EventIndex: i})
			}
		}
		if defined {
			var problems []schemaProblem
			problems, c.buf = v.validate(sev, &e.Event, c.buf, pp)
			for _, p := range problems {
				if c.byExpect[paramFinding{i, p.param, p.rule}] {
					// An expect step already reported this mistake on
					// this hit; one mistake gives one finding.
					continue
				}
				pos := sev.Pos
				if sp, ok := sev.Param(p.param); ok {
					pos = sp.Pos
				}
				c.add(Finding{Rule: p.rule, Step: e.Step, Event: e.Name, Param: p.param, Page: e.Page, Pos: pos, EventIndex: i, Message: p.message})
			}
		}
		if v.opts.MeasurementID != "" {
			if tid, ok := e.Get("tid"); ok && tid != v.opts.MeasurementID && !once[RuleMeasurementID+"\x00"+tid] {
				// Reported once per property: every hit of a misconfigured
				// tag goes to the same wrong place.
				once[RuleMeasurementID+"\x00"+tid] = true
				c.add(Finding{Rule: RuleMeasurementID, Step: e.Step, Event: e.Name, Page: e.Page, EventIndex: i,
					Message: fmt.Sprintf("hits went to GA4 property %s, not %s (first: event %q)", tid, v.opts.MeasurementID, e.Name)})
			}
		}
		for _, l := range wireLimits(&e.Event) {
			// The same limit broken by the same event (a long page
			// location on every hit of a page) is reported once.
			if key := RuleWireLimit + "\x00" + l.message; !once[key] {
				once[key] = true
				c.add(Finding{Rule: RuleWireLimit, Step: e.Step, Event: e.Name, Param: l.param, Page: e.Page, EventIndex: i, Message: l.message})
			}
		}
		if !v.opts.NoPII {
			for _, p := range pii.scan(e, pp) {
				c.add(Finding{Rule: RulePII, Step: e.Step, Event: e.Name, Param: p.param, Page: e.Page, EventIndex: i, Message: p.message, Personal: p.text})
			}
		}
	}
	if !v.opts.NoPII && len(c.obs.DataLayer) > 0 {
		// What reached the data layer is a warning: no tag may have sent
		// it, but any tag can. Data a hit carried is reported once, as
		// the hit's error.
		sent := map[string]bool{}
		for _, f := range c.out {
			if f.Rule == RulePII {
				sent[f.Personal] = true
			}
		}
		for i := range c.obs.DataLayer {
			p := &c.obs.DataLayer[i]
			if err := CheckPush(*p); err != nil {
				// Too large to read: say so rather than pass it as clean.
				c.add(Finding{Rule: RulePII, Severity: spec.SeverityWarning, Step: p.Step, Page: p.Page, EventIndex: -1,
					Message: fmt.Sprintf("%s, so it was not read for personal data", err)})
				continue
			}
			for _, pr := range pii.scanPush(p, sent) {
				c.add(Finding{Rule: RulePII, Severity: spec.SeverityWarning, Step: p.Step, Param: pr.param, Page: p.Page, EventIndex: -1, Message: pr.message, Personal: pr.text})
			}
		}
	}
	for _, name := range unexpectedOrder {
		fs := unexpected[name]
		f := &c.out[fs.at]
		what := "is not in the spec"
		if IsAutomatic(f.Event) {
			what = "is a GA4 automatic event the spec does not define (crawl.strict is on)"
		}
		f.Message = fmt.Sprintf("event %q %s; it was sent %s", f.Event, what, times(fs.n))
	}
}

// checkDuplicates reports spec events sent more than once for one action:
// the same event with the same parameters during the same step of the same
// page load.
func (c *checker) checkDuplicates() {
	type key struct {
		name, page, loadID string
		sig                uint64
		step               int
	}
	first := map[key]int{}
	count := map[key]int{}
	var order []key
	for i := range c.obs.Events {
		e := &c.obs.Events[i]
		if e.Source != SourceHit {
			continue
		}
		if _, ok := c.v.spec.Event(e.Name); !ok {
			continue
		}
		pl, _ := e.Get("_p")
		k := key{name: e.Name, page: e.PageLocation, loadID: pl, sig: signature(&e.Event), step: e.Step}
		if _, ok := first[k]; !ok {
			first[k] = i
			order = append(order, k)
		}
		count[k]++
	}
	for _, k := range order {
		n := count[k]
		if n < 2 {
			continue
		}
		e := &c.obs.Events[first[k]]
		// An expect step with an explicit count has already judged it.
		if c.countedByExpect(k.name, k.step) {
			continue
		}
		when := c.beforeFirstStep()
		if k.step != NoStep {
			when = fmt.Sprintf("during step %d", k.step+1)
			if sp := c.specStep(k.step); sp != nil {
				when += " (" + DescribeStep(sp) + ")"
			}
		}
		c.add(Finding{Rule: RuleEventDuplicate, Step: k.step, Event: k.name, Page: e.Page, EventIndex: first[k],
			Message: fmt.Sprintf("event %q was sent %s with the same params %s on one page load", k.name, times(n), when)})
	}
}

// countedByExpect reports whether an expect step with a count covers
// events captured during step s.
func (c *checker) countedByExpect(name string, s int) bool {
	if c.wins == nil {
		c.wins = c.windows()
	}
	wins := c.wins
	for k := range c.j.Steps {
		sp := &c.j.Steps[k]
		if sp.Kind == spec.StepExpect && sp.Event == name && sp.Count > 0 && s >= wins[k] && s <= c.runEnd(k) {
			return true
		}
	}
	return false
}

// signature is a 64-bit FNV-1a hash of an event's params and items, used
// to tell a repeated send from a different event.
func signature(e *hits.Event) uint64 {
	h := uint64(fnvOffset)
	for _, p := range e.Params {
		h = fnvString(h, p.Name)
		h = fnvString(h, "=")
		h = fnvString(h, p.Value)
		h = fnvString(h, "&")
	}
	for _, it := range e.Items {
		for _, f := range it.Fields {
			h = fnvString(h, f.Name)
			h = fnvString(h, "=")
			h = fnvString(h, f.Value)
			h = fnvString(h, "~")
		}
		h = fnvString(h, "|")
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
