package pii

import (
	"strings"
	"unicode/utf8"
)

// Match is one piece of personal data found in a value.
type Match struct {
	Kind Kind
	// Text is the personal data as found (after percent-decoding), for
	// masking and for allow lists; never print it unmasked.
	Text string
	// Key is the URL query key the data was found under, when it was
	// found in a URL's query.
	Key string
	// Part is where in a URL the data was found: "path", "query" or
	// "fragment"; empty for values that are not URLs.
	Part string
}

// Byte classes for the one-pass scan that decides which shapes a value may
// hold.
const (
	cDigit uint16 = 1 << iota
	cUpper
	cLower
	cAt
	cPct
	cSpace
	cDot
	cColon
	cPlus
	cParen
	cDash
	cSlash
	cHigh // a byte of a multi-byte UTF-8 sequence
	cOther
)

var class = func() (t [256]uint16) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = cDigit
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper
		case c >= 'a' && c <= 'z':
			t[c] = cLower
		case c == '@':
			t[c] = cAt
		case c == '%':
			t[c] = cPct
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			t[c] = cSpace
		case c == '.':
			t[c] = cDot
		case c == ':':
			t[c] = cColon
		case c == '+':
			t[c] = cPlus
		case c == '(' || c == ')':
			t[c] = cParen
		case c == '-':
			t[c] = cDash
		case c == '/':
			t[c] = cSlash
		case c >= 0x80:
			t[c] = cHigh
		default:
			t[c] = cOther
		}
	}
	return
}()

var digitCount = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	return
}()

// profile is what the one-pass scan learned about a value.
type profile struct {
	mask   uint16
	digits int
}

func scanProfile(v string) profile {
	var m uint16
	d := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		m |= class[c]
		d += int(digitCount[c])
	}
	return profile{mask: m, digits: d}
}

// MaxValueBytes is the most of one value the detector reads: Value
// looks for personal data in the first MaxValueBytes bytes of a longer
// value (cut back to a whole character) and ignores the rest. It is 64
// KiB, far more than GA4 keeps of a parameter (100 characters) or of a
// page location (1,000); callers that see longer values can say so with
// [Cut].
const MaxValueBytes = 64 << 10

// Cut returns the part of v that Value reads, and whether that is less
// than all of v.
func Cut(v string) (read string, cut bool) {
	if len(v) <= MaxValueBytes {
		return v, false
	}
	i := MaxValueBytes
	for i > 0 && !utf8.RuneStart(v[i]) {
		i--
	}
	return v[:i], true
}

// Value appends to dst the personal data found in v, a value sent under a
// name that says h. A percent-encoded value is also read decoded (twice
// at most, for values encoded twice). Only the first [MaxValueBytes] of v
// are read.
func Value(dst []Match, v string, h Hint) []Match {
	if len(v) < 2 {
		return dst
	}
	v, _ = Cut(v)
	p := scanProfile(v)
	switch {
	case h.Kind == None && p.digits == 0 && p.mask&(cAt|cPct|cSpace|cHigh|cColon) == 0:
		// One word of letters under a name that says nothing.
		return dst
	case h.NotPersonal && p.mask&(cAt|cPct|cPlus) == 0 && p.digits < 13 && !ibanStart(v):
		// An id, a price, a version: without an @, a +, an escape, as
		// many digits as a card number or the start of an IBAN, nothing
		// under that name is personal.
		return dst
	}
	n := len(dst)
	if p.mask&cHigh != 0 && strings.Contains(v, "\xef\xbc") {
		// Full-width forms (０９０－１２３４－５６７８) as Japanese and
		// Chinese keyboards type them.
		if w := narrow(v); w != v {
			v, p = w, scanProfile(w)
		}
	}
	dst = value(dst, v, p, h)
	if p.mask&cPct != 0 {
		// seen holds the kind and text of every match of v so far, so that
		// a decoded form adds only what is new at one lookup per match (a
		// scan of the matches per match grew with their square).
		var seen map[matchKey]struct{}
		d := v
		for i := 0; i < 2; i++ {
			u, ok := unescape(d)
			if !ok {
				break
			}
			d = u
			found := value(nil, d, scanProfile(d), h)
			if len(found) > 0 && seen == nil {
				seen = make(map[matchKey]struct{}, len(dst)-n+len(found))
				for _, x := range dst[n:] {
					seen[matchKey{x.Kind, x.Text}] = struct{}{}
				}
			}
			for _, m := range found {
				k := matchKey{m.Kind, m.Text}
				if _, dup := seen[k]; !dup {
					seen[k] = struct{}{}
					dst = append(dst, m)
				}
			}
		}
	}
	return dst
}

// matchKey is what makes two matches the same finding.
type matchKey struct {
	kind Kind
	text string
}

// value runs the checks the profile allows.
func value(dst []Match, v string, p profile, h Hint) []Match {
	letters := p.mask&(cUpper|cLower|cHigh) != 0
	if p.mask&cAt != 0 {
		if m := findEmail(v); m != "" {
			dst = append(dst, Match{Kind: Email, Text: m})
		}
	}
	switch h.Kind {
	case PersonName:
		if p.digits == 0 && p.mask&cAt == 0 && isPersonName(v, h.Weak) {
			dst = append(dst, Match{Kind: PersonName, Text: trimSpace(v)})
		} else if !h.Weak || h.InText {
			if t := findNameRun(v); t != "" {
				dst = append(dst, Match{Kind: PersonName, Text: t})
			}
		}
	case Address:
		if letters && isAddressValue(v, p) {
			dst = append(dst, Match{Kind: Address, Text: trimSpace(v)})
			return dst
		}
	case NationalID, Card:
		if t := idValue(v); t != "" && (h.Kind == NationalID || indianPAN(t)) {
			dst = append(dst, Match{Kind: NationalID, Text: t})
			return dst
		}
	case BirthDate:
		if t := birthValue(v); t != "" {
			dst = append(dst, Match{Kind: BirthDate, Text: t})
			return dst
		}
	case Postcode:
		if p.digits > 0 {
			if t := postcodeValue(v); t != "" {
				dst = append(dst, Match{Kind: Postcode, Text: t})
				return dst
			}
		}
	}
	if h.NotPersonal && p.mask&cPlus == 0 {
		// Under an id's or a price's name only a card number counts.
		if p.digits >= 13 {
			dst = numbers(dst, v, h)
		}
	} else if p.digits >= 7 || p.digits >= 5 && p.mask&cDot != 0 || p.digits >= 5 && h.Kind != None {
		dst = numbers(dst, v, h)
	} else if p.digits >= 2 && (h.Kind == BirthDate || p.mask&(cSpace|cColon) != 0 || h.Kind == IP) {
		// short dates (1/2/85) under a birth-date name, IPv6 with few digits
		dst = numbers(dst, v, h)
	}
	if letters && p.digits >= 1 && !h.NotPersonal {
		if h.Kind != Postcode && p.digits >= 2 && (p.mask&cUpper != 0 || len(v) <= 8) {
			if t := findPostcodeShape(v); t != "" {
				dst = append(dst, Match{Kind: Postcode, Text: t})
			}
		}
		if p.mask&cSpace != 0 && h.Kind != Address {
			if t := findAddress(v); t != "" {
				dst = append(dst, Match{Kind: Address, Text: t})
			}
		}
	}
	if p.mask&(cUpper|cHigh) != 0 && p.mask&cSpace != 0 && h.Kind != PersonName && len(v) >= 6 {
		if t := findIntroducedName(v); t != "" {
			dst = append(dst, Match{Kind: PersonName, Text: t})
		}
	}
	if p.digits >= 6 && (p.mask&cUpper != 0 || p.mask&cLower != 0 && (h.Kind == IBAN || h.Kind == NationalID)) {
		dst = findIDs(dst, v, h)
	}
	if p.mask&cColon != 0 && (h.Kind == IP || !h.NotPersonal) {
		if t := findIPv6(v); t != "" {
			dst = append(dst, Match{Kind: IP, Text: t})
		}
	}
	return dst
}

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\n' || s[j-1] == '\r') {
		j--
	}
	return s[i:j]
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// unescape percent-decodes s (and turns + into a space, as form encoding
// does). It reports false when s has no valid escape.
func unescape(s string) (string, bool) {
	n := 0
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && isHex(s[i+1]) && isHex(s[i+2]) {
			n++
		}
	}
	if n == 0 {
		return s, false
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+':
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// narrow turns full-width digits, letters and punctuation into their ASCII
// forms, and the ideographic space into a space.
func narrow(v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for _, r := range v {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteByte(byte(r - 0xFEE0))
		case r == 0x3000:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ibanStart reports whether v starts as an IBAN does: two capital letters
// and two digits.
func ibanStart(v string) bool {
	return len(v) >= 15 && isUpper(v[0]) && isUpper(v[1]) && isDigit(v[2]) && isDigit(v[3])
}
