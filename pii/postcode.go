package pii

import "strings"

// postcodeValue returns v when, sent under a postcode field, it reads as a
// postcode: 3 to 10 letters, digits, spaces and dashes with two digits or
// more (SW1A 1AA, 94103-1234, K1A 0B1, 1012 AB, 100-0001, 01310-100).
func postcodeValue(v string) string {
	v = trimSpace(v)
	// A leading mark such as Japan's 〒.
	for len(v) > 0 && v[0] >= 0x80 {
		v = v[1:]
	}
	return codeValue(trimSpace(v), 3, 10, 2, " -")
}

// codeValue returns v when it is minLen to maxLen letters, digits and
// bytes of seps, with minDigits digits or more: the shape of a code that
// a field named for it holds (a postcode, an id number).
func codeValue(v string, minLen, maxLen, minDigits int, seps string) string {
	if len(v) < minLen || len(v) > maxLen {
		return ""
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isDigit(c):
			digits++
		case isLetter(c) || strings.IndexByte(seps, c) >= 0:
		default:
			return ""
		}
	}
	if digits < minDigits {
		return ""
	}
	return v
}

// findPostcodeShape returns a UK or Canadian postcode in v: the whole
// value in any case, or inside text in capitals.
func findPostcodeShape(v string) string {
	whole := trimSpace(v)
	if len(whole) >= 5 && len(whole) <= 8 {
		if ukPostcode(whole, true) || caPostcode(whole, true) {
			return whole
		}
	}
	// Inside text: find an inward code (digit, two letters) at the end of
	// a word and read the outward code before it.
	for k := 1; k+2 < len(v); k++ {
		if !isDigit(v[k]) || !isUpper(v[k+1]) || !isUpper(v[k+2]) || k+3 < len(v) && isAlnum(v[k+3]) {
			continue
		}
		for _, start := range [...]int{k - 5, k - 4, k - 3, k - 2} {
			if start < 0 || start > 0 && isAlnum(v[start-1]) {
				continue
			}
			if s := v[start : k+3]; ukPostcode(s, false) {
				return s
			}
		}
	}
	for k := 0; k+7 <= len(v); k++ {
		if (k == 0 || !isAlnum(v[k-1])) && (k+7 == len(v) || !isAlnum(v[k+7])) && caPostcode(v[k:k+7], false) {
			return v[k : k+7]
		}
	}
	return ""
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// ukPostcode reports whether s is a full UK postcode: an outward code (A9,
// A99, AA9, AA99, A9A, AA9A), an optional space, and an inward code (9AA).
func ukPostcode(s string, anyCase bool) bool {
	n := len(s)
	if n < 5 || n > 8 {
		return false
	}
	up := func(c byte) byte {
		if anyCase {
			return lowerByte(c) - 'a' + 'A'
		}
		return c
	}
	in := s[n-3:]
	if !isDigit(in[0]) || !isUpper(up(in[1])) || !isUpper(up(in[2])) {
		return false
	}
	for _, c := range []byte{up(in[1]), up(in[2])} {
		switch c {
		case 'C', 'I', 'K', 'M', 'O', 'V':
			return false
		}
	}
	out := s[:n-3]
	if out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	if len(out) < 2 || len(out) > 4 || !isUpper(up(out[0])) {
		return false
	}
	switch up(out[0]) {
	case 'Q', 'V', 'X':
		return false
	}
	shape := make([]byte, 0, 4)
	for i := 0; i < len(out); i++ {
		switch c := up(out[i]); {
		case isUpper(c):
			shape = append(shape, 'A')
		case isDigit(c):
			shape = append(shape, '9')
		default:
			return false
		}
	}
	switch string(shape) {
	case "A9", "A99", "AA9", "AA99", "A9A", "AA9A":
		return true
	}
	return false
}

// caPostcode reports whether s is a Canadian postal code: A9A 9A9 (with
// or without the space).
func caPostcode(s string, anyCase bool) bool {
	if len(s) == 7 && s[3] == ' ' {
		s = s[:3] + s[4:]
	}
	if len(s) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		c := s[i]
		if anyCase {
			c = lowerByte(c) - 'a' + 'A'
			if isDigit(s[i]) {
				c = s[i]
			}
		}
		if i%2 == 0 && !isUpper(c) || i%2 == 1 && !isDigit(c) {
			return false
		}
	}
	switch c := s[0] &^ 0x20; c {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'W', 'Z':
		return false
	}
	return true
}

// idValue returns v when, sent under a national id field, it reads as an
// id number: 5 to 24 letters, digits, spaces, dashes, dots and slashes
// with five digits or more (or four, for ids such as India's PAN).
func idValue(v string) string {
	return codeValue(trimSpace(v), 5, 24, 4, " -./")
}

// indianPAN reports whether s is shaped like India's permanent account
// number: five letters, four digits, a letter.
func indianPAN(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := 0; i < 10; i++ {
		if (i < 5 || i == 9) != isLetter(s[i]) {
			return false
		}
	}
	return true
}

// birthValue returns v when, sent under a date-of-birth field, it holds a
// date: a year from 1900 to 2099 with a day and month (in digits or
// words), or a short date (3/7/85).
func birthValue(v string) string {
	v = trimSpace(v)
	if len(v) < 6 || len(v) > 40 {
		return ""
	}
	digits, runs, year := 0, 0, false
	for i := 0; i < len(v); {
		if !isDigit(v[i]) {
			i++
			continue
		}
		j := i
		n := 0
		for j < len(v) && isDigit(v[j]) {
			n = n*10 + int(v[j]-'0')
			j++
		}
		runs++
		digits += j - i
		if j-i == 4 && n >= 1900 && n <= 2099 {
			year = true
		}
		i = j
	}
	if year && runs >= 1 && digits >= 5 || runs >= 3 && digits >= 4 && digits <= 8 {
		return v
	}
	return ""
}
