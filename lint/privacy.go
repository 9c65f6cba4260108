package lint

import (
	"strings"

	"github.com/tagspec/tagspec/pii"
	"github.com/tagspec/tagspec/spec"
)

// personalDataSubject is a parameter or user property checked for personal
// data: its name, where its value comes from and the positions to report.
type personalDataSubject struct {
	what   string // e.g. `event "x": param "y"`
	name   string
	from   spec.Source
	pos    where // the name
	valPos where // the from: value
	// allowed is the reason of the subject's pii: {allow: reason}.
	allowed string
}

// piiAllowed reports whether crawl.pii_allow lists v, written however
// (the validator matches the list the same way).
func (c *checker) piiAllowed(v string) bool {
	for _, a := range c.s.Crawl.PIIAllow {
		if pii.Canonical(a.Value) == pii.Canonical(v) {
			return true
		}
	}
	return false
}

// checkPersonalData reports a name or source key that suggests personal
// data (once per subject), and a constant value that contains some.
func (c *checker) checkPersonalData(s personalDataSubject) {
	if s.allowed != "" {
		// pii: {allow: reason}: a person reviewed it.
		return
	}
	if kind := personalDataKind(s.name); kind != "" {
		c.report(s.pos, RulePersonalDataName,
			"%s: the name suggests personal data (%s), which GA4's terms forbid sending: remove it, or send something that does not identify a person",
			s.what, kind)
	} else if key := sourceKey(s.from); key != "" {
		if kind := personalDataKind(key); kind != "" {
			c.report(s.valPos, RulePersonalDataName,
				"%s: reads %s, which suggests personal data (%s), which GA4's terms forbid sending: read a value that does not identify a person",
				s.what, s.from, kind)
		}
	}
	if s.from.Kind == spec.SourceConst {
		if kind := personalDataValue(s.name, s.from.Value); kind != "" && !c.piiAllowed(s.from.Value) {
			c.report(s.valPos, RulePersonalDataValue,
				"%s: the constant value contains %s; GA4's terms forbid sending personal data: remove it",
				s.what, kind)
		}
	}
}

// sourceKey returns the part of a source that names the data it reads: the
// dataLayer key, the element attribute or the URL query key.
func sourceKey(s spec.Source) string {
	switch s.Kind {
	case spec.SourceDataLayer, spec.SourceElement:
		return s.Value
	case spec.SourceURL:
		if k, ok := strings.CutPrefix(s.Value, "query:"); ok {
			return k
		}
	}
	return ""
}

// personalDataKind says which kind of personal data a name suggests, or
// "": the personal-data detector's reading of names, which the validator
// uses on every hit too.
func personalDataKind(name string) string {
	// A weak hint ("customer", "recipient") says what a value may be,
	// not that the name is wrong; a bare "name" is.
	if h := pii.NameHint(name); h.Kind != pii.None && (!h.Weak || strings.EqualFold(name, "name")) {
		return h.Kind.String()
	}
	return ""
}

// splitWords splits a name into lower-case words at every character that
// is not a letter or digit and before an upper-case letter that follows a
// lower-case one (camelCase).
func splitWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range name {
		switch {
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			cur = append(cur, r)
		case r >= 'A' && r <= 'Z':
			if (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') {
				flush()
			}
			cur = append(cur, r)
		default:
			flush()
		}
		prev = r
	}
	flush()
	return words
}

// constantKinds are the personal data a constant can hold: a value that is
// the same for every visitor is personal only when it names someone (an
// address, an IP or a postcode written into a spec is the company's own).
var constantKinds = map[pii.Kind]bool{pii.Email: true, pii.Phone: true, pii.PersonName: true, pii.BirthDate: true,
	pii.NationalID: true, pii.IBAN: true, pii.Card: true}

// personalDataValue says which kind of personal data a constant value
// sent under name contains, or "".
func personalDataValue(name, v string) string {
	for _, m := range pii.Value(nil, v, pii.NameHint(name)) {
		if constantKinds[m.Kind] {
			return m.Kind.String()
		}
	}
	return ""
}
