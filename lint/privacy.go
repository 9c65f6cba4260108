package lint

import (
	"regexp"
	"strings"

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
}

// checkPersonalData reports a name or source key that suggests personal
// data (once per subject), and a constant value that contains some.
func (c *checker) checkPersonalData(s personalDataSubject) {
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
		if kind := personalDataValue(s.from.Value); kind != "" {
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

// Words that mark personal data in a name, matched on whole words after
// splitting the name at separators, dots and camelCase humps.
var (
	emailWords    = setOf("email", "emailaddress", "emails")
	phoneWords    = setOf("phone", "phonenumber", "telephone", "tel", "msisdn", "cellphone", "mobilenumber")
	addressWords  = setOf("address", "streetaddress", "street", "addressline", "addressline1", "addressline2")
	postcodeWords = setOf("postcode", "postalcode", "zip", "zipcode", "postcodes", "plz")
	nameWords     = setOf("firstname", "lastname", "fullname", "surname", "givenname", "familyname", "username", "middlename")
	// personQualifiers turn a following "name" into a person's name.
	personQualifiers = setOf("first", "last", "full", "given", "family", "middle", "customer", "user", "contact", "person", "sur", "maiden", "client", "billing", "shipping")
)

// personalDataKind says which kind of personal data name suggests, or "".
func personalDataKind(name string) string {
	words := splitWords(name)
	for i, w := range words {
		switch {
		case emailWords[w]:
			return "an email address"
		case w == "e" && i+1 < len(words) && words[i+1] == "mail":
			return "an email address"
		case phoneWords[w]:
			return "a phone number"
		case postcodeWords[w] || (w == "postal" && i+1 < len(words) && words[i+1] == "code"):
			return "a postcode"
		case w == "address" && i > 0 && words[i-1] == "ip":
			return "an IP address"
		case addressWords[w]:
			return "a postal address"
		case nameWords[w]:
			return "a person's name"
		case w == "name" && (len(words) == 1 || (i > 0 && personQualifiers[words[i-1]])):
			return "a person's name"
		}
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

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// phoneRE is a whole value made of digits and the usual phone
	// separators, optionally starting with + for an international number.
	phoneRE = regexp.MustCompile(`^\+?\(?[0-9][0-9 ().\-/]*[0-9]$`)
	dateRE  = regexp.MustCompile(`^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}$|^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}$`)
	ipv4RE  = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`)
	// thousandsRE is a number written with thousands separators (1 000 000).
	thousandsRE = regexp.MustCompile(`^[0-9]{1,3}([ ,.][0-9]{3})+$`)
)

// personalDataValue says which kind of personal data a constant value
// contains, or "".
func personalDataValue(v string) string {
	if emailRE.MatchString(v) {
		return "an email address"
	}
	if looksLikePhone(strings.TrimSpace(v)) {
		return "a phone number"
	}
	return ""
}

// looksLikePhone reports whether v is a phone number: 7 to 15 digits,
// written either with a leading + or in at least three groups of digits,
// and not a date, an IPv4 address or a number with thousands separators.
func looksLikePhone(v string) bool {
	if !phoneRE.MatchString(v) || dateRE.MatchString(v) || ipv4RE.MatchString(v) || thousandsRE.MatchString(v) {
		return false
	}
	digits, groups := 0, 0
	inGroup := false
	for _, r := range v {
		if r >= '0' && r <= '9' {
			digits++
			if !inGroup {
				groups++
			}
			inGroup = true
		} else {
			inGroup = false
		}
	}
	if digits < 7 || digits > 15 {
		return false
	}
	return strings.HasPrefix(v, "+") || groups >= 3
}
