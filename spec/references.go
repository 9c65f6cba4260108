package spec

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/diag"
)

// checkReferences applies the rules the loader enforces beyond the schema:
// event names are unique, funnels, patterns and journeys name defined
// events, pattern steps are micro-conversions,
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
			firstPos := s.Position(s.Events[first].Path + "/name")
			add(s.Position(e.Path+"/name"), RuleDuplicateEvent,
				"event %q is defined twice (first at line %d); give each event one definition", e.Name, firstPos.Line)
			ds[len(ds)-1].Related = []diag.Related{{Pos: firstPos, Label: "first definition"}}
			continue
		}
		names[e.Name] = i
		defined = append(defined, e.Name)
	}
	// Every reference to an event the spec does not define is collected
	// first, so that one misspelt name gives one error (at its first use,
	// listing the others) however many funnels and journeys repeat it.
	type use struct {
		ptr, what string
	}
	var unknownNames []string
	uses := map[string][]use{}
	unknown := func(ptr, what, name string) {
		if _, seen := uses[name]; !seen {
			unknownNames = append(unknownNames, name)
		}
		uses[name] = append(uses[name], use{ptr, what})
	}
	for _, f := range s.Funnels {
		for i, step := range f.Steps {
			if _, ok := names[step]; !ok && step != "" {
				unknown(fmt.Sprintf("%s/steps/%d", f.Path, i), fmt.Sprintf("funnel %q step %d", f.Name, i+1), step)
			}
		}
	}
	for _, p := range s.Patterns {
		for i, st := range p.Steps {
			if st.Event == "" {
				continue
			}
			idx, ok := names[st.Event]
			if !ok {
				unknown(st.Path+"/event", fmt.Sprintf("pattern %q step %d", p.Name, i+1), st.Event)
				continue
			}
			if s.Events[idx].IsMacro() {
				add(s.Position(st.Path+"/event"), RulePatternMacroStep,
					"pattern %q step %d names %q, a macro-conversion: a pattern is the micro-conversions that come before the macro-conversion, so this step would never match; name a micro-conversion", p.Name, i+1, st.Event)
			}
		}
	}
	for _, j := range s.Journeys {
		for i, st := range j.Steps {
			if st.Kind != StepExpect && st.Kind != StepExpectNone {
				if st.Kind == StepConsent && s.Consent != nil {
					if st.Action == "accept" && s.Consent.AcceptSelector == "" {
						add(st.Pos, RuleConsentSelector, "journey %q step %d accepts consent, but consent.accept_selector is not set", j.Name, i+1)
					}
					if st.Action == "deny" && s.Consent.DenySelector == "" {
						add(st.Pos, RuleConsentSelector, "journey %q step %d refuses consent, but consent.deny_selector is not set", j.Name, i+1)
					}
				} else if st.Kind == StepConsent {
					add(st.Pos, RuleConsentSelector, "journey %q step %d uses consent, but the spec has no consent section with accept_selector/deny_selector", j.Name, i+1)
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
					if sug := Suggest(pname, validNames(have)); sug != "" {
						msg += fmt.Sprintf("; did you mean %q?", sug)
					} else if len(have) > 0 {
						msg += "; it has " + strings.Join(have, ", ")
					}
					add(s.KeyPosition(st.Path+"/expect/params/"+escapePointer(pname)), RuleUnknownParam, "%s", msg)
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
				add(s.Position(j.Path+"/consent"), RuleConsentSelector,
					"journey %q sets consent: %s, but consent.%s is not set; add it so the crawler knows what to click", j.Name, j.Consent, field)
			}
		}
	}
	for _, name := range unknownNames {
		first := uses[name][0]
		msg := fmt.Sprintf("%s names event %q, which the spec does not define", first.what, clip(name))
		if rest := uses[name][1:]; len(rest) > 0 {
			var lines []string
			for _, u := range rest {
				lines = append(lines, fmt.Sprint(s.Position(u.ptr).Line))
			}
			lines = slices.Compact(lines)
			word := "line"
			if len(lines) > 1 {
				word = "lines"
			}
			msg += fmt.Sprintf(" (also used on %s %s)", word, strings.Join(lines, ", "))
		}
		if sug := Suggest(name, validNames(defined)); sug != "" {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			msg += "; define it under events or correct the name"
		}
		add(s.Position(first.ptr), RuleUnknownEvent, "%s", msg)
	}
	return ds
}

// validNames keeps the names that GA4 accepts as event or parameter names
// (a letter first, then letters, digits and underscores, at most 40
// characters), so that "did you mean" never proposes a name that is wrong
// itself.
func validNames(names []string) []string {
	var out []string
	for _, n := range names {
		if ValidName(n) {
			out = append(out, n)
		}
	}
	return out
}

// ValidName reports whether name has the shape GA4 requires of event and
// parameter names: it starts with a letter, uses only ASCII letters, digits
// and underscores, and is at most 40 characters long. Reserved names and
// prefixes are lint's business; this is the shape only.
func ValidName(name string) bool {
	if name == "" || len(name) > 40 {
		return false
	}
	for i, r := range name {
		letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if i == 0 && !letter {
			return false
		}
		if !letter && r != '_' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// clip shortens a long value for a message: a message quotes what the
// user wrote, but a value of a megabyte would drown the line.
func clip(s string) string {
	const keep = 60
	if len(s) <= 200 {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d characters)", utf8.RuneCountInString(s))
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}
