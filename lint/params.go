package lint

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/spec"
)

// checkParams applies the parameter rules to one event.
func (c *checker) checkParams(e *spec.Event) {
	if n := len(e.Params); n > maxParamsPerEvent {
		extra := &e.Params[maxParamsPerEvent]
		c.report(c.paramAt(extra), RuleParamCount,
			"event %q: has %d parameters, GA4 keeps at most %d per event (automatically collected ones such as page_location come on top): remove %d, or move shared values to user properties",
			e.Name, n, maxParamsPerEvent, n-maxParamsPerEvent)
	}
	rec, isRec := recommendedEvents[e.Name]
	_, hasValue := e.Param("value")
	for i := range e.Params {
		p := &e.Params[i]
		pos := c.paramAt(p)
		name := p.Name
		if utf8.RuneCountInString(name) > schemaNameLimit {
			continue // the schema reports the length
		}

		if prefix := reservedPrefix(name, reservedParamPrefixes); prefix != "" {
			c.report(pos, RuleParamNameReservedPrefix,
				"event %q: param %q: the prefix %q is reserved by GA4: rename it without the prefix", e.Name, name, prefix)
		} else if !validName(name) {
			c.report(pos, RuleParamNameFormat,
				"event %q: param %q: names must start with a letter and use only letters, digits and underscores%s",
				e.Name, name, forExample(nameParam, suggestParamName(name)))
		}
		if n := utf8.RuneCountInString(name); n > maxParamNameLen {
			c.report(pos, RuleParamNameLength,
				"event %q: param %q: name is %d characters long, GA4 allows %d: shorten it", e.Name, name, n, maxParamNameLen)
		}
		if reservedParams[name] && !documentedRole(name, p, rec, isRec, hasValue) {
			c.report(pos, RuleParamNameReserved,
				"event %q: param %q: GA4 reserves this name and will not let you register it as a custom dimension: rename it%s, or drop it if GA4 collects it already",
				e.Name, name, forExample(nameParam, e.Name+"_"+strings.TrimLeft(name, "_")))
		}
		if p.From.Kind == spec.SourceConst {
			limit := maxParamValueLen
			if l, ok := longValueParams[name]; ok {
				limit = l
			}
			if n := utf8.RuneCountInString(p.From.Value); n > limit {
				c.report(c.fieldAt(p.Path, "from", pos), RuleParamValueLength,
					"event %q: param %q: constant value is %d characters long, GA4 keeps only %d: shorten it",
					e.Name, name, n, limit)
			}
		}
		if numericParams[name] && (p.Type == "" || p.Type == spec.TypeString) {
			c.report(c.fieldAt(p.Path, "type", pos), RuleNumericParamType,
				"event %q: param %q: GA4 reads %s as a number, but it is declared as a string and would be sent as text: declare type: number",
				e.Name, name, name)
		}
		if p.Required && p.From.Kind == "" && e.Trigger.Kind != spec.TriggerDataLayer {
			c.report(pos, RuleRequiredParamNoSource,
				"event %q: param %q is required but nothing fills it: without from:, only a dataLayer trigger carries values, and this event's trigger is %s: add from: (datalayer:<key>, element:<attribute>, url:<part>, builtin:<name> or const:<value>)",
				e.Name, name, triggerName(e.Trigger.Kind))
		}
		c.checkPersonalData(personalDataSubject{
			what:    "event " + quote(e.Name) + ": param " + quote(name),
			name:    name,
			from:    p.From,
			pos:     pos,
			valPos:  c.fieldAt(p.Path, "from", pos),
			allowed: p.PIIAllow,
		})
	}
}

// documentedRole reports whether a reserved parameter name is used in the
// role GA4 documents for it, where it is not a custom parameter.
func documentedRole(name string, p *spec.Param, rec recommended, isRec, hasValue bool) bool {
	switch name {
	case "currency":
		return hasValue || (isRec && rec.revenue)
	case "session_id", "session_number", "engagement_time_msec":
		return builtinRoleParams[name] && p.From.Kind == spec.SourceBuiltin
	}
	return false
}

// reservedPrefix returns the first prefix of list that name starts with.
func reservedPrefix(name string, list []string) string {
	for _, p := range list {
		if strings.HasPrefix(name, p) {
			return p
		}
	}
	return ""
}

// suggestParamName turns name into one GA4 accepts.
func suggestParamName(name string) string {
	s := sanitizeName(name)
	if s == "" || !isLetter(s[0]) {
		s = "param_" + s
	}
	return strings.TrimSuffix(s, "_")
}

func triggerName(kind string) string {
	if kind == "" {
		return "not set"
	}
	return kind
}

func quote(s string) string { return strconv.Quote(s) }
