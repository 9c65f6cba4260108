package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/spec"
)

// checkUserProperties applies the user property rules.
func (c *checker) checkUserProperties() {
	ups := c.s.UserProperties
	if n := len(ups); n > maxUserProperties {
		extra := &ups[maxUserProperties]
		c.report(c.keyAt(extra.Path, extra.Pos), RuleUserPropertyCount,
			"user property %q: the spec declares %d user properties, GA4 keeps at most %d: remove %d",
			extra.Name, n, maxUserProperties, n-maxUserProperties)
	}
	for i := range ups {
		up := &ups[i]
		pos := c.keyAt(up.Path, up.Pos)
		name := up.Name
		if utf8.RuneCountInString(name) > schemaNameLimit {
			continue // the schema reports the length
		}
		what := "user property " + quote(name)
		switch {
		case reservedUserProps[strings.ToLower(name)]:
			c.report(pos, RuleUserPropertyReserved,
				"%s: name is reserved by GA4: rename it", what)
		case reservedPrefix(name, reservedUserPropPrefixes) != "":
			c.report(pos, RuleUserPropertyReservedPrefix,
				"%s: the prefix %q is reserved by GA4: rename it without the prefix", what, reservedPrefix(name, reservedUserPropPrefixes))
		case !validName(name):
			c.report(pos, RuleUserPropertyNameFormat,
				"%s: names must start with a letter and use only letters, digits and underscores%s",
				what, forExample(nameUserProperty, suggestParamName(name)))
		}
		if n := utf8.RuneCountInString(name); n > maxUserPropNameLen {
			c.report(pos, RuleUserPropertyNameLength,
				"%s: name is %d characters long, GA4 allows %d: shorten it", what, n, maxUserPropNameLen)
		}
		valPos := c.fieldAt(up.Path, "from", pos)
		if up.From.Kind == spec.SourceConst {
			if n := utf8.RuneCountInString(up.From.Value); n > maxUserPropValueLen {
				c.report(valPos, RuleUserPropertyValueLength,
					"%s: constant value is %d characters long, GA4 keeps only %d: shorten it", what, n, maxUserPropValueLen)
			}
		}
		c.checkPersonalData(personalDataSubject{what: what, name: name, from: up.From, pos: pos, valPos: valPos, allowed: up.PIIAllow})
	}
}

// checkCustomDimensions reports, once, a spec whose events use more
// distinct custom parameters than a standard GA4 property can register as
// event-scoped custom dimensions. Parameters GA4 defines itself do not need
// a custom dimension and are not counted.
func (c *checker) checkCustomDimensions() {
	seen := make(map[string]bool)
	for i := range c.s.Events {
		e := &c.s.Events[i]
		for j := range e.Params {
			p := &e.Params[j]
			if seen[p.Name] || knownGA4Params[p.Name] || reservedParams[p.Name] {
				continue
			}
			seen[p.Name] = true
			if len(seen) == maxCustomDimensions+1 {
				c.report(c.paramAt(p), RuleCustomDimensionCount,
					"event %q: param %q is custom parameter number %d of the spec, but a standard GA4 property registers at most %d event-scoped custom dimensions: reuse parameter names across events, or drop the ones nobody reports on",
					e.Name, p.Name, maxCustomDimensions+1, maxCustomDimensions)
				return
			}
		}
	}
}

// checkKeyEvents reports, once, a spec with more macro (key) events than a
// GA4 property can mark.
func (c *checker) checkKeyEvents() {
	n := 0
	var over *spec.Event
	for i := range c.s.Events {
		if !c.s.Events[i].IsMacro() {
			continue
		}
		n++
		if n == maxKeyEvents+1 {
			over = &c.s.Events[i]
		}
	}
	if over == nil {
		return
	}
	c.report(c.fieldAt(over.Path, "kind", c.eventNameAt(over)), RuleKeyEventCount,
		"event %q: the spec has %d macro events, but a GA4 property can mark at most %d key events: make %d of them micro events",
		over.Name, n, maxKeyEvents, n-maxKeyEvents)
}
