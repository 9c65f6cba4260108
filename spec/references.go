package spec

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// checkReferences applies the rules the loader enforces beyond the schema:
// event names are unique, funnels and journeys name defined events,
// expectations name parameters the event has, and a journey that sets
// consent has the selector it needs.
func checkReferences(s *Spec) []Diagnostic {
	var ds []Diagnostic
	add := func(pos Pos, rule, format string, args ...any) {
		ds = append(ds, Diagnostic{Pos: pos, Severity: SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	names := make(map[string]int, len(s.Events))
	var defined []string
	for i, e := range s.Events {
		if e.Name == "" {
			continue
		}
		if first, dup := names[e.Name]; dup {
			add(s.Position(e.Path+"/name"), "spec/duplicate-event",
				"event %q is defined twice (first at line %d); give each event one definition", e.Name, s.Position(s.Events[first].Path+"/name").Line)
			continue
		}
		names[e.Name] = i
		defined = append(defined, e.Name)
	}
	unknown := func(ptr, what, name string) {
		msg := fmt.Sprintf("%s names event %q, which the spec does not define", what, name)
		if sug := Suggest(name, defined); sug != "" {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		}
		add(s.Position(ptr), "spec/unknown-event", "%s", msg)
	}
	for _, f := range s.Funnels {
		for i, step := range f.Steps {
			if _, ok := names[step]; !ok && step != "" {
				unknown(fmt.Sprintf("%s/steps/%d", f.Path, i), fmt.Sprintf("funnel %q step %d", f.Name, i+1), step)
			}
		}
	}
	for _, j := range s.Journeys {
		for i, st := range j.Steps {
			if st.Kind != StepExpect && st.Kind != StepExpectNone {
				if st.Kind == StepConsent && s.Consent != nil {
					if st.Action == "accept" && s.Consent.AcceptSelector == "" {
						add(st.Pos, "spec/consent-selector", "journey %q step %d accepts consent, but consent.accept_selector is not set", j.Name, i+1)
					}
					if st.Action == "deny" && s.Consent.DenySelector == "" {
						add(st.Pos, "spec/consent-selector", "journey %q step %d refuses consent, but consent.deny_selector is not set", j.Name, i+1)
					}
				} else if st.Kind == StepConsent {
					add(st.Pos, "spec/consent-selector", "journey %q step %d uses consent, but the spec has no consent section with accept_selector/deny_selector", j.Name, i+1)
				}
				continue
			}
			if st.Event == "" {
				continue
			}
			ptr := st.Path + "/" + st.Kind
			if st.Kind == StepExpect {
				ptr += "/event" // resolves to the scalar itself for the short form
			}
			idx, ok := names[st.Event]
			if !ok {
				unknown(ptr, fmt.Sprintf("journey %q step %d (%s)", j.Name, i+1, st.Kind), st.Event)
				continue
			}
			ev := s.Events[idx]
			for _, pname := range sortedKeys(st.Params) {
				if _, ok := ev.Param(pname); !ok {
					var have []string
					for _, p := range ev.Params {
						have = append(have, p.Name)
					}
					msg := fmt.Sprintf("journey %q step %d expects param %q, but event %q has no such param", j.Name, i+1, pname, st.Event)
					if sug := Suggest(pname, have); sug != "" {
						msg += fmt.Sprintf("; did you mean %q?", sug)
					} else if len(have) > 0 {
						msg += "; it has " + strings.Join(have, ", ")
					}
					add(s.KeyPosition(st.Path+"/expect/params/"+escapePointer(pname)), "spec/unknown-param", "%s", msg)
				}
			}
		}
		if j.Consent == ConsentGranted || j.Consent == ConsentDenied {
			need, field := "", ""
			if s.Consent != nil {
				if j.Consent == ConsentGranted {
					need, field = s.Consent.AcceptSelector, "accept_selector"
				} else {
					need, field = s.Consent.DenySelector, "deny_selector"
				}
			}
			if need == "" {
				if field == "" {
					field = map[string]string{ConsentGranted: "accept_selector", ConsentDenied: "deny_selector"}[j.Consent]
				}
				add(s.Position(j.Path+"/consent"), "spec/consent-selector",
					"journey %q sets consent: %s, but consent.%s is not set; add it so the crawler knows what to click", j.Name, j.Consent, field)
			}
		}
	}
	return ds
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}
