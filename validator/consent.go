package validator

import (
	"fmt"
	"strings"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
)

// consentTimeline returns the journey's consent decisions in order.
func (c *checker) consentTimeline() []ConsentChange {
	if len(c.obs.Consent) > 0 {
		return c.obs.Consent
	}
	var out []ConsentChange
	if a := journeyAction(c.j.Consent); a != "" {
		// A capturer that records the journey-level decision as a consent
		// step before the first spec step (index NoStep) tells us when it
		// clicked; otherwise the decision is taken to precede step 1.
		ch := ConsentChange{Step: 0, Action: a}
		recorded := false
		for _, st := range c.obs.Steps {
			if st.Index == NoStep && st.Kind == spec.StepConsent {
				if st.Error != "" {
					ch.Action = ""
				}
				ch.Step, ch.Time, recorded = NoStep, st.Start, true
				break
			}
		}
		if !recorded {
			for _, st := range c.obs.Steps {
				if st.Index >= 0 {
					ch.Time = st.Start
					break
				}
			}
		}
		if ch.Action != "" {
			out = append(out, ch)
		}
	}
	for _, st := range c.obs.Steps {
		sp := c.specStep(st.Index)
		if sp == nil || sp.Kind != spec.StepConsent || st.Error != "" {
			continue
		}
		a := sp.Action
		if a != ConsentAccept && a != ConsentDeny {
			continue
		}
		out = append(out, ConsentChange{Time: st.Start, Step: st.Index, Action: a})
	}
	return out
}

func journeyAction(mode string) string {
	switch mode {
	case spec.ConsentGranted:
		return ConsentAccept
	case spec.ConsentDenied:
		return ConsentDeny
	}
	return ""
}

// stateAt returns the consent action in force when e was captured ("" when
// the visitor had not decided yet).
func stateAt(timeline []ConsentChange, e *Event) string {
	state := ""
	for _, ch := range timeline {
		var after bool
		if !ch.Time.IsZero() && !e.Time.IsZero() {
			after = !e.Time.Before(ch.Time)
		} else {
			after = ch.Step != NoStep && e.Step >= ch.Step || ch.Step == NoStep && e.Step != NoStep
		}
		if after {
			state = ch.Action
		}
	}
	return state
}

// requiredConsent returns the consent types an event needs.
func (c *checker) requiredConsent(name string) []string {
	if ev, ok := c.v.spec.Event(name); ok && len(ev.Consent) > 0 {
		return ev.Consent
	}
	if c.v.spec.Consent != nil {
		return c.v.spec.Consent.Required
	}
	return nil
}

// claimsDenied reports whether a hit's own consent state says every
// required type is denied: a cookieless ping of consent mode.
func claimsDenied(cs hits.Consent, required []string) bool {
	for _, r := range required {
		if cs.State(r) != hits.ConsentDenied {
			return false
		}
	}
	return true
}

// hitConsent says what consent state the first of n hits carried, in
// words (see hits.Consent.Describe).
func hitConsent(n int, cs hits.Consent) string {
	who := "the hit"
	if n > 1 {
		who = "the first hit"
	}
	if d := cs.Describe(); d != "no consent state" {
		return who + " said " + d
	}
	return who + " carried no consent state"
}

// checkConsent reports hits sent before consent was granted or after it
// was denied. A hit that itself says the required storage is denied (a
// consent-mode cookieless ping) gives a warning; any other gives an error.
// Findings are grouped per rule, severity and step.
//
// The consent types an event needs are the spec's consent.required, or
// the event's own consent list. A journey that never decides (consent:
// untouched, no consent step) is judged as not granted. Messages give a
// hit's consent state in words (hits.Consent.Describe), its gcs and gcd
// in brackets.
func (c *checker) checkConsent() {
	timeline := c.consentTimeline()
	type group struct {
		rule     string
		severity spec.Severity
		step     int
		first    int
		hits     map[int]bool
		names    []string
		required []string
		consent  hits.Consent
	}
	var groups []*group
	find := func(rule string, sev spec.Severity, step int) *group {
		for _, g := range groups {
			if g.rule == rule && g.severity == sev && g.step == step {
				return g
			}
		}
		g := &group{rule: rule, severity: sev, step: step, first: -1, hits: map[int]bool{}}
		groups = append(groups, g)
		return g
	}
	for i := range c.obs.Events {
		e := &c.obs.Events[i]
		if e.Source != SourceHit {
			continue
		}
		required := c.requiredConsent(e.Name)
		if len(required) == 0 {
			continue
		}
		state := stateAt(timeline, e)
		if state == ConsentAccept {
			continue
		}
		rule := RuleConsentBeforeGrant
		if state == ConsentDeny {
			rule = RuleConsentDeniedHit
		}
		sev := spec.SeverityError
		if claimsDenied(e.Consent, required) {
			sev = spec.SeverityWarning
		}
		g := find(rule, sev, e.Step)
		if g.first < 0 {
			g.first, g.required, g.consent = i, required, e.Consent
		}
		hk := e.Hit
		if hk < 0 {
			hk = -1 - i
		}
		g.hits[hk] = true
		if !containsString(g.names, e.Name) {
			g.names = append(g.names, e.Name)
		}
	}
	for _, g := range groups {
		e := &c.obs.Events[g.first]
		when := c.beforeFirstStep()
		if g.step != NoStep {
			when = fmt.Sprintf("during step %d", g.step+1)
			if sp := c.specStep(g.step); sp != nil {
				when += " (" + DescribeStep(sp) + ")"
			}
		}
		n := len(g.hits)
		what := fmt.Sprintf("%d hits", n)
		if n == 1 {
			what = "1 hit"
		}
		names := strings.Join(quoteAll(g.names), ", ")
		pings := "cookieless pings"
		if n == 1 {
			pings = "a cookieless ping"
		}
		var msg string
		switch {
		case g.rule == RuleConsentBeforeGrant && g.severity == spec.SeverityError:
			msg = fmt.Sprintf("%s (%s) sent %s, before %s was granted; %s", what, names, when, strings.Join(g.required, " and "), hitConsent(n, g.consent))
		case g.rule == RuleConsentBeforeGrant:
			msg = fmt.Sprintf("%s (%s) sent %s, before consent was given, as %s: %s", what, names, when, pings, g.consent.Describe())
		case g.severity == spec.SeverityError:
			msg = fmt.Sprintf("%s (%s) sent %s, after consent was denied; %s", what, names, when, hitConsent(n, g.consent))
		default:
			msg = fmt.Sprintf("%s (%s) sent %s, after consent was denied, as %s: %s", what, names, when, pings, g.consent.Describe())
		}
		f := Finding{Rule: g.rule, Severity: g.severity, Step: g.step, Event: e.Name, Page: e.Page, EventIndex: g.first, Message: msg}
		if c.v.spec.Consent != nil {
			f.Pos = c.v.spec.Consent.Pos
		}
		c.add(f)
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
