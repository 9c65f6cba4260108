package validator

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
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

// scan returns the personal data found in an event's page location,
// referrer, title, user id, string params, user properties and items.
func (seen *piiSeen) scan(e *Event) []piiProblem {
	if *seen == nil {
		*seen = piiSeen{}
	}
	var out []piiProblem
	report := func(kind, where, param, value string) {
		key := kind + "\x00" + where + "\x00" + value
		if (*seen)[key] {
			return
		}
		(*seen)[key] = true
		out = append(out, piiProblem{param, fmt.Sprintf("event %q carries %s in %s (%s)", e.Name, kind, where, mask(value))})
	}
	scanURL := func(where, u string) {
		if u == "" {
			return
		}
		for _, v := range decodings(u) {
			if m := findEmail(v); m != "" {
				report(piiEmail, where, "", m)
			}
			if m := findPhone(v, false); m != "" {
				report(piiPhone, where, "", m)
			}
		}
		if key, m := findPostcodeInURL(u); m != "" {
			report(piiPostcode, fmt.Sprintf("%s query parameter %q", where, key), "", m)
		}
	}
	scanText := func(where, param, name, v string) {
		if v == "" {
			return
		}
		for _, d := range decodings(v) {
			if m := findEmail(d); m != "" {
				report(piiEmail, where, param, m)
			}
			if m := findPhone(d, phoneHint(name)); m != "" {
				report(piiPhone, where, param, m)
			}
		}
	}
	scanURL("page location (dl)", e.PageLocation)
	scanURL("page referrer (dr)", e.PageReferrer)
	if e.Source == SourceHit && e.URL != "" && e.PageLocation == "" {
		scanURL("the hit URL", e.URL)
	}
	scanText("page title (dt)", "", "", e.PageTitle)
	scanText("user id (uid)", "", "", e.UserID)
	for _, p := range e.Params {
		if looksLikeURL(p.Value) {
			scanURL(fmt.Sprintf("param %q", p.Name), p.Value)
			continue
		}
		scanText(fmt.Sprintf("param %q", p.Name), p.Name, p.Name, p.Value)
	}
	for _, p := range e.UserProps {
		scanText(fmt.Sprintf("user property %q", p.Name), p.Name, p.Name, p.Value)
	}
	for i := range e.Items {
		for _, f := range e.Items[i].Fields {
			scanText(fmt.Sprintf("item %d %s", i+1, f.Name), "items", f.Name, f.Value)
		}
		for _, f := range e.Items[i].Custom {
			scanText(fmt.Sprintf("item %d %s", i+1, f.Name), "items", f.Name, f.Value)
		}
	}
	return out
}

func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// decodings returns s and, when it holds percent escapes, s unescaped
// (repeatedly, since URLs inside URLs are escaped twice).
func decodings(s string) []string {
	out := []string{s}
	for i := 0; i < 2 && strings.IndexByte(s, '%') >= 0; i++ {
		d, err := url.QueryUnescape(s)
		if err != nil || d == s {
			break
		}
		out = append(out, d)
		s = d
	}
	return out
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
