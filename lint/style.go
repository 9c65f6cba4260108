package lint

import (
	"strings"
)

// Naming styles, in the order that breaks ties (GA4's own names are
// snake_case, so it wins a tie).
const (
	styleSnake     = "snake_case"
	styleCamel     = "camelCase"
	stylePascal    = "PascalCase"
	styleScreaming = "SCREAMING_SNAKE_CASE"
	styleUpper     = "UPPERCASE"
	styleMixed     = "Mixed_Case"
)

var styleOrder = []string{styleSnake, styleCamel, stylePascal, styleScreaming, styleUpper, styleMixed}

// styleOf classifies a valid name. A single lower-case word fits every
// style and is not classified ("").
func styleOf(name string) string {
	if !validName(name) {
		return ""
	}
	hasUnder := strings.Contains(name, "_")
	hasUpper := strings.ToLower(name) != name
	hasLower := strings.ToUpper(name) != name
	switch {
	case !hasUpper && hasUnder:
		return styleSnake
	case !hasUpper:
		return ""
	case hasUnder && !hasLower:
		return styleScreaming
	case hasUnder:
		return styleMixed
	case !hasLower:
		return styleUpper
	case name[0] >= 'a' && name[0] <= 'z':
		return styleCamel
	}
	return stylePascal
}

// namedThing is one name in the spec that the style rule looks at, at its
// first occurrence.
type namedThing struct {
	name  string
	what  string
	style string
	at    where
}

// checkNamingStyle finds the style most names of the spec follow and
// reports, once each, the names written in another style. Names whose
// spelling GA4 fixes, and names another finding already asks to rename,
// are left out.
func (c *checker) checkNamingStyle() {
	var things []namedThing
	seen := make(map[string]bool)
	add := func(name, what string, at where) {
		key := what[:1] + name // events and params are separate name spaces
		if seen[key] {
			return
		}
		seen[key] = true
		if st := styleOf(name); st != "" && !c.renamed[key] {
			things = append(things, namedThing{name: name, what: what, style: st, at: at})
		}
	}
	for i := range c.s.Events {
		e := &c.s.Events[i]
		if _, ok := recommendedEvents[e.Name]; !ok && !reservedEvents[e.Name] {
			add(e.Name, "event", c.eventNameAt(e))
		}
		for j := range e.Params {
			p := &e.Params[j]
			if !knownGA4Params[p.Name] && !reservedParams[p.Name] {
				add(p.Name, "param", c.paramAt(p))
			}
		}
	}
	for i := range c.s.UserProperties {
		up := &c.s.UserProperties[i]
		add(up.Name, "user property", c.keyAt(up.Path, up.Pos))
	}

	counts := make(map[string]int, len(styleOrder))
	for _, t := range things {
		counts[t.style]++
	}
	major := ""
	for _, st := range styleOrder {
		if counts[st] > counts[major] {
			major = st
		}
	}
	if major == "" || counts[major] == len(things) {
		return
	}
	for _, t := range things {
		if t.style == major {
			continue
		}
		c.report(t.at, RuleNamingStyle,
			"%s %q is %s, but %d of the %d styled names in this spec are %s: rename it%s",
			t.what, t.name, t.style, counts[major], len(things), major, restyleHint(t.what, t.name, major))
	}
}

// restyleHint suggests the name in the target style where there is one
// obvious spelling.
func restyleHint(kind, name, style string) string {
	words := splitWords(name)
	if len(words) == 0 {
		return ""
	}
	var out string
	switch style {
	case styleSnake:
		out = strings.Join(words, "_")
	case styleCamel, stylePascal:
		var b strings.Builder
		for i, w := range words {
			if i == 0 && style == styleCamel {
				b.WriteString(w)
				continue
			}
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
		out = b.String()
	case styleScreaming:
		out = strings.ToUpper(strings.Join(words, "_"))
	default:
		return ""
	}
	if out == name {
		return ""
	}
	return forExample(kind, out)
}
