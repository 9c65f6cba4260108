package validator

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tagspec/tagspec/hits"
)

// Kinds of personal data the validator looks for.
const (
	piiEmail    = "an email address"
	piiPhone    = "a phone number"
	piiPostcode = "a postcode"
)

type piiProblem struct {
	param   string
	message string
}

// piiSeen remembers what was already reported in a journey, so that a
// page URL carrying an email address is reported once, not for every hit.
type piiSeen map[string]bool

// piiLoc says where in an event a value sits; it is only turned into
// text when something is found.
type piiLoc struct {
	kind  string // "page location (dl)", "param", "user property", "item"
	name  string // param, user property or item field name
	item  int    // 1-based item number for kind "item"
	query string // query parameter name, for postcodes in URLs
}

// String describes the location for a finding message.
func (l piiLoc) String() string {
	var s string
	switch {
	case l.item > 0:
		s = fmt.Sprintf("item %d %s", l.item, l.name)
	case l.name != "":
		s = fmt.Sprintf("%s %q", l.kind, l.name)
	default:
		s = l.kind
	}
	if l.query != "" {
		s += fmt.Sprintf(" query parameter %q", l.query)
	}
	return s
}

// scan returns the personal data found in an event's page location,
// referrer, title, user id, string params, user properties and items.
func (seen *piiSeen) scan(e *Event) []piiProblem {
	var out []piiProblem
	for _, u := range [...]struct {
		kind, value string
	}{{"page location (dl)", e.PageLocation}, {"page referrer (dr)", e.PageReferrer}} {
		out = seen.scanURL(out, e, piiLoc{kind: u.kind}, "", u.value)
	}
	if e.Source == SourceHit && e.URL != "" && e.PageLocation == "" {
		out = seen.scanURL(out, e, piiLoc{kind: "the hit URL"}, "", e.URL)
	}
	out = seen.check(out, e, piiLoc{kind: "page title (dt)"}, "", e.PageTitle, false)
	out = seen.check(out, e, piiLoc{kind: "user id (uid)"}, "", e.UserID, false)
	for i := range e.Params {
		p := &e.Params[i]
		if looksLikeURL(p.Value) {
			out = seen.scanURL(out, e, piiLoc{kind: "param", name: p.Name}, p.Name, p.Value)
			continue
		}
		out = seen.check(out, e, piiLoc{kind: "param", name: p.Name}, p.Name, p.Value, true)
	}
	for i := range e.UserProps {
		p := &e.UserProps[i]
		out = seen.check(out, e, piiLoc{kind: "user property", name: p.Name}, p.Name, p.Value, true)
	}
	for i := range e.Items {
		for _, fs := range [...][]hits.Field{e.Items[i].Fields, e.Items[i].Custom} {
			for _, f := range fs {
				out = seen.check(out, e, piiLoc{kind: "item", name: f.Name, item: i + 1}, "items", f.Value, true)
			}
		}
	}
	return out
}

// report records one finding unless the same value at the same place was
// already reported in this journey.
func (seen *piiSeen) report(out []piiProblem, e *Event, kind string, loc piiLoc, param, value string) []piiProblem {
	where := loc.String()
	key := kind + "\x00" + where + "\x00" + value
	if *seen == nil {
		*seen = piiSeen{}
	}
	if (*seen)[key] {
		return out
	}
	(*seen)[key] = true
	return append(out, piiProblem{param, fmt.Sprintf("event %q carries %s in %s (%s)", e.Name, kind, where, mask(value))})
}

// check looks for email addresses and phone numbers in v, and in v
// percent-decoded. useHint lets the location's name hint at a phone number.
func (seen *piiSeen) check(out []piiProblem, e *Event, loc piiLoc, param, v string, useHint bool) []piiProblem {
	if !maybePII(v) {
		return out
	}
	hinted := useHint && phoneHint(loc.name)
	for i, d := 0, v; i < 3; i++ {
		if m := findEmail(d); m != "" {
			out = seen.report(out, e, piiEmail, loc, param, m)
		}
		if m := findPhone(d, hinted); m != "" {
			out = seen.report(out, e, piiPhone, loc, param, m)
		}
		if strings.IndexByte(d, '%') < 0 {
			break
		}
		u, err := url.QueryUnescape(d)
		if err != nil || u == d {
			break
		}
		d = u
	}
	return out
}

// scanURL checks a URL for email addresses, phone numbers and postcodes in
// its query.
func (seen *piiSeen) scanURL(out []piiProblem, e *Event, loc piiLoc, param, u string) []piiProblem {
	if u == "" {
		return out
	}
	out = seen.check(out, e, loc, param, u, false)
	if strings.IndexByte(u, '?') >= 0 {
		if key, m := findPostcodeInURL(u); m != "" {
			loc.query = key
			out = seen.report(out, e, piiPostcode, loc, param, m)
		}
	}
	return out
}

// maybePII is a cheap filter: a value can only hold an email address if it
// has an "@" (or an escape), and a phone number if it has 9 digits.
func maybePII(v string) bool {
	if len(v) < 5 {
		return false
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '@' || c == '%':
			return true
		case c >= '0' && c <= '9':
			digits++
		}
	}
	return digits >= 9
}

func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// mask hides the middle of a value so that reports do not repeat the
// personal data they warn about.
func mask(s string) string {
	if i := strings.IndexByte(s, '@'); i > 0 {
		return s[:1] + "***" + s[i:]
	}
	r := []rune(s)
	if len(r) <= 4 {
		return "***"
	}
	return string(r[:2]) + "***" + string(r[len(r)-2:])
}

func isEmailLocal(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._%+-'", c) >= 0
}

func isDomainChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// findEmail returns the first email address in s, or "".
func findEmail(s string) string {
	for off := 0; off < len(s); {
		i := strings.IndexByte(s[off:], '@')
		if i < 0 {
			return ""
		}
		at := off + i
		off = at + 1
		start := at
		for start > 0 && isEmailLocal(s[start-1]) {
			start--
		}
		end := at + 1
		for end < len(s) && isDomainChar(s[end]) {
			end++
		}
		local, domain := s[start:at], strings.TrimRight(s[at+1:end], ".-")
		if local == "" || strings.Trim(local, ".") == "" {
			continue
		}
		dot := strings.LastIndexByte(domain, '.')
		if dot <= 0 || len(domain)-dot-1 < 2 {
			continue
		}
		tld := domain[dot+1:]
		letters := true
		for j := 0; j < len(tld); j++ {
			if !(tld[j] >= 'a' && tld[j] <= 'z' || tld[j] >= 'A' && tld[j] <= 'Z') {
				letters = false
				break
			}
		}
		if letters {
			return s[start : at+1+len(domain)]
		}
	}
	return ""
}

// phoneHint reports whether a parameter name says it holds a phone number.
func phoneHint(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "phone") || strings.Contains(n, "mobile") || n == "tel" || strings.HasPrefix(n, "tel_") || strings.HasSuffix(n, "_tel")
}

// findPhone returns the first phone number in s: 9 to 15 digits with
// optional separators, written in international form (+ or 00) or
// national form with separators (a leading 0). When hinted (the param name
// says phone), any such run of digits counts.
func findPhone(s string, hinted bool) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '+' && (c < '0' || c > '9') {
			continue
		}
		if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '.' || s[i-1] == '-' || s[i-1] == '_') {
			continue
		}
		j, digits, seps := i, 0, 0
		if c == '+' {
			j++
		}
		for j < len(s) {
			d := s[j]
			if d >= '0' && d <= '9' {
				digits++
			} else if d == ' ' || d == '-' || d == '(' || d == ')' || d == '.' || d == '/' {
				if j+1 >= len(s) || !(s[j+1] >= '0' && s[j+1] <= '9' || s[j+1] == '(') {
					break
				}
				seps++
			} else {
				break
			}
			j++
		}
		if j < len(s) && isAlnum(s[j]) {
			i = j
			continue
		}
		run := s[i:j]
		ok := digits >= 9 && digits <= 15
		switch {
		case !ok:
		case c == '+' && digits >= 9:
			return run
		case strings.HasPrefix(run, "00") && digits >= 11:
			return run
		case c == '0' && seps > 0:
			return run
		case hinted:
			return run
		}
		i = j
	}
	return ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// postcodeKeys are query parameter names that hold a postcode.
var postcodeKeys = []string{"zip", "zipcode", "zip_code", "postcode", "post_code", "postal", "postalcode", "postal_code", "plz"}

// ukPostcode matches a UK postcode, the most common free-form one.
var ukPostcode = regexp.MustCompile(`(?i)^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)

// findPostcodeInURL returns a query parameter of u that holds a postcode:
// any non-empty value under a postcode-like key, or a value shaped like a
// UK postcode under any key.
func findPostcodeInURL(u string) (key, value string) {
	_, q, ok := strings.Cut(u, "?")
	if !ok {
		return "", ""
	}
	if i := strings.IndexByte(q, '#'); i >= 0 {
		q = q[:i]
	}
	for q != "" {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			continue
		}
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue
		}
		lk := strings.ToLower(dk)
		for _, pk := range postcodeKeys {
			if lk == pk {
				return dk, dv
			}
		}
		if len(dv) >= 5 && len(dv) <= 8 && ukPostcode.MatchString(dv) {
			return dk, dv
		}
	}
	return "", ""
}
