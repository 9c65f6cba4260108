package pii

import (
	"strings"
	"unicode/utf8"
)

// Mask hides most of a piece of personal data so that a report can say
// what it found without repeating it: j***@example.com for an email
// address, ****1111 for a card number, ***20 for an id number, the first
// and last characters for the rest (+4***58 for long values, J***e for
// short ones).
func Mask(k Kind, s string) string {
	switch k {
	case Email:
		if i := strings.IndexByte(s, '@'); i > 0 {
			r, _ := utf8.DecodeRuneInString(s)
			return string(r) + "***" + s[i:]
		}
	case Card:
		d := onlyDigits(s)
		if len(d) >= 4 {
			return "****" + d[len(d)-4:]
		}
	case NationalID:
		if r := []rune(s); len(r) > 6 {
			return "***" + string(r[len(r)-2:])
		}
		return "***"
	}
	r := []rune(s)
	switch {
	case len(r) <= 4:
		return "***"
	case len(r) <= 10:
		return string(r[:1]) + "***" + string(r[len(r)-1:])
	}
	return string(r[:2]) + "***" + string(r[len(r)-2:])
}

// Canonical folds the ways one value is written (case, spaces, dashes,
// dots, parentheses, slashes), so that an allow list entry
// "+44 20 7946 0000" also matches "+442079460000".
func Canonical(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '-', '.', '(', ')', '/':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
