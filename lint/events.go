package lint

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/spec"
)

// schemaNameLimit is the longest event, parameter or user property name
// the spec schema accepts. Beyond it the schema reports the length, and the
// name rules stay quiet so that one name gives one error.
const schemaNameLimit = 100

// checkEvents runs the per-event rules: names, parameters and the shape of
// recommended events.
func (c *checker) checkEvents() {
	// firstByFold maps a case-folded event name to the first event with it,
	// so that case variants are found in one pass.
	firstByFold := make(map[string]int, len(c.s.Events))
	c.renamed = make(map[string]bool)
	for i := range c.s.Events {
		e := &c.s.Events[i]
		if e.Name == "" {
			continue // the schema reports a missing or empty name
		}
		fold := strings.ToLower(e.Name)
		collided := false
		if j, ok := firstByFold[fold]; !ok {
			firstByFold[fold] = i
		} else if first := &c.s.Events[j]; first.Name != e.Name {
			collided = true
			c.renamed["e"+e.Name] = true
			c.report(c.eventNameAt(e), RuleEventNameCaseCollision,
				"event %q differs only in letter case from event %q at %s; GA4 names are case sensitive and reports them as two events: use one spelling",
				e.Name, first.Name, posShort(c.eventNamePos(first)))
		}
		if utf8.RuneCountInString(e.Name) <= schemaNameLimit {
			c.checkEventName(e, collided) // longer names are the schema's finding
		}
		c.checkParams(e)
		c.checkRecommended(e)
	}
}

// checkEventName applies the name rules to one event.
func (c *checker) checkEventName(e *spec.Event, collided bool) {
	pos := c.eventNameAt(e)
	name := e.Name

	if n := len(url.QueryEscape(name)); n > maxEventNameLen {
		c.report(pos, RuleEventNameLength,
			"event %q: name is %d characters long (counted URL-encoded), GA4 allows %d: shorten it",
			name, n, maxEventNameLen)
	}
	if bad := invalidNameChars(name); bad != "" {
		c.report(pos, RuleEventNameChars,
			"event %q: name contains %s; use only letters, digits and underscores%s",
			name, bad, forExample(nameEvent, sanitizeName(name)))
	}
	if r := name[0]; r == '_' || (r >= '0' && r <= '9') {
		c.report(pos, RuleEventNameFirstChar,
			"event %q: name must start with a letter: rename it%s", name, forExample(nameEvent, "event_"+strings.TrimLeft(name, "_")))
	}

	switch {
	case automaticEvents[name] != "":
		c.report(pos, RuleEventShadowsAutomatic,
			"event %q: GA4 already collects %s through %s; a custom event of the same name mixes with it and double-counts: give it a name that says what it measures, or rely on the automatic event",
			name, name, automaticEvents[name])
	case reservedEvents[name]:
		c.report(pos, RuleEventNameReserved,
			"event %q: name is reserved by GA4 and the event will be rejected: rename it", name)
	default:
		for _, p := range reservedEventPrefixes {
			if strings.HasPrefix(name, p) {
				c.report(pos, RuleEventNameReservedPrefix,
					"event %q: the prefix %q is reserved by GA4: rename it without the prefix", name, p)
				break
			}
		}
	}

	if _, ok := recommendedEvents[name]; ok || collided {
		return
	}
	if rec, ok := eventSynonyms[normaliseName(name)]; ok {
		c.renamed["e"+name] = true
		c.report(pos, RuleRecommendedEventName,
			"event %q looks like the GA4 recommended event %q: name it %q so GA4's standard reports and parameter checks apply",
			name, rec, rec)
	}
}

// checkRecommended checks that a recommended event declares the parameters
// GA4 requires, and that value travels with currency: an error on the
// ecommerce and lead events whose reference requires currency with value,
// a warning on the others.
func (c *checker) checkRecommended(e *spec.Event) {
	rec, isRec := recommendedEvents[e.Name]
	if isRec {
		for _, req := range rec.required {
			if _, ok := e.Param(req); !ok {
				c.report(c.eventNameAt(e), RuleRecommendedEventParam,
					"event %q: GA4 requires param %q on this recommended event: add it under params (%s)",
					e.Name, req, paramHint(rec, req))
			}
		}
		if _, ok := e.Param("value"); !ok && rec.revenue {
			add := "params value (type: number) and currency"
			if _, ok := e.Param("currency"); ok {
				add = "a value param (type: number)"
			}
			c.report(c.eventNameAt(e), RuleRecommendedEventValue,
				"event %q: add %s so GA4 can report the revenue of this event", e.Name, add)
		}
	}
	if v, ok := e.Param("value"); ok && !virtualCurrencyEvents[e.Name] {
		if _, ok := e.Param("currency"); !ok {
			const fix = "add a currency param (an ISO 4217 code, for example from: \"const:EUR\")"
			if isRec && rec.revenue {
				// GA4's reference makes currency required once value is set.
				c.report(c.paramAt(v), RuleCurrencyWithValue,
					"event %q: sends value without currency, which GA4 requires on this recommended event to compute revenue: "+fix, e.Name)
			} else {
				// GA4 accepts the hit; only its revenue is lost.
				c.reportAs(spec.SeverityWarning, c.paramAt(v), RuleCurrencyWithValue,
					"event %q: sends value without currency, so GA4 keeps the event but reports no revenue for it: "+fix, e.Name)
			}
		}
	}
}

// paramHint suggests how to declare a required parameter of a recommended
// event; ecommerce events read theirs from the dataLayer's ecommerce object.
func paramHint(rec recommended, name string) string {
	key := name
	if slices.Contains(rec.required, "items") || slices.Contains(rec.params, "items") {
		key = "ecommerce." + name
	}
	if name == "items" {
		return fmt.Sprintf(`for example items: {type: items, from: "datalayer:%s"}`, key)
	}
	return fmt.Sprintf(`for example %s: {from: "datalayer:%s"}`, name, key)
}

// invalidNameChars lists, quoted and without repeats, the characters of
// name that GA4 does not allow in event and parameter names.
func invalidNameChars(name string) string {
	var bad []string
	for _, r := range name {
		if isNameChar(r) {
			continue
		}
		q := fmt.Sprintf("%q", string(r))
		if r == ' ' {
			q = "a space"
		}
		if !slices.Contains(bad, q) {
			bad = append(bad, q)
		}
	}
	return strings.Join(bad, ", ")
}

func isNameChar(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

func isLetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// sanitizeName replaces every run of characters GA4 does not allow with an
// underscore.
func sanitizeName(name string) string {
	var b strings.Builder
	under := false
	for _, r := range name {
		if isNameChar(r) {
			b.WriteRune(r)
			under = r == '_'
			continue
		}
		if !under {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.Trim(b.String(), "_")
}

// validName reports whether name starts with a letter and has only
// letters, digits and underscores.
func validName(name string) bool {
	if name == "" || !isLetter(name[0]) {
		return false
	}
	for _, r := range name {
		if !isNameChar(r) {
			return false
		}
	}
	return true
}

// normaliseName folds case and drops separators, so that SignUp, sign-up
// and sign_up compare equal.
func normaliseName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Kinds of names a suggestion can be, each with its own GA4 rules.
const (
	nameEvent        = "event"
	nameParam        = "param"
	nameUserProperty = "user property"
)

// forExample formats a suggested name of the given kind for the end of a
// message, or nothing when the suggestion would break a rule itself: a
// "did you mean" must never lead to another finding.
func forExample(kind, name string) string {
	if !acceptableName(kind, name) {
		return ""
	}
	return fmt.Sprintf(" (for example %q)", name)
}

// acceptableName reports whether name passes every rule for names of its
// kind: shape, length, reserved names and reserved prefixes.
func acceptableName(kind, name string) bool {
	if !validName(name) {
		return false
	}
	switch kind {
	case nameEvent:
		return len(url.QueryEscape(name)) <= maxEventNameLen && !reservedEvents[name] &&
			automaticEvents[name] == "" && reservedPrefix(name, reservedEventPrefixes) == ""
	case nameParam:
		return len(name) <= maxParamNameLen && !reservedParams[name] && reservedPrefix(name, reservedParamPrefixes) == ""
	case nameUserProperty:
		return len(name) <= maxUserPropNameLen && !reservedUserProps[strings.ToLower(name)] &&
			reservedPrefix(name, reservedUserPropPrefixes) == ""
	}
	return false
}

// posShort formats a position for a message: line:col, or "line N".
func posShort(p spec.Pos) string {
	switch {
	case p.Line == 0:
		return "an unknown position"
	case p.Col == 0:
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}
