package pii

import "strings"

// numToken is a run of digit groups with the separators people type
// between them: "+44 (0)20 7946-0958", "4111 1111 1111 1111", "1985-04-12".
type numToken struct {
	start, end int // byte offsets in the value
	groups     [10]uint8
	seps       [10]byte // seps[i] is the separator before group i+1
	ng         int      // number of groups (at most len(groups); longer runs are not numbers people type)
	digits     int
	plus       bool // starts with +
	paren      bool // has a group in parentheses
	parenGroup int  // index of the first group in parentheses
}

func isSep(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')'
}

// numbers appends what the number-like runs of v hold.
func numbers(dst []Match, v string, h Hint) []Match {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(isDigit(c) || c == '+' || c == '(') {
			continue
		}
		if c == '(' && (i+1 >= len(v) || !isDigit(v[i+1])) {
			continue
		}
		if i > 0 {
			if p := v[i-1]; isAlnum(p) || p == '.' || p == '_' || p == '-' || p == '@' || p == '+' || p >= 0x80 {
				continue
			}
		}
		var t numToken
		ok := scanToken(&t, v, i)
		if !ok {
			i = t.end
			continue
		}
		if t.digits < 5 && h.Kind == None && !t.plus || h.NotPersonal && t.digits < 13 && !t.plus {
			// Too short for anything but a date of birth or a postcode,
			// which need a telling name.
			i = t.end
			continue
		}
		if k, text := classify(v, &t, h); k != None {
			dst = append(dst, Match{Kind: k, Text: text})
		}
		i = t.end
	}
	return dst
}

// scanToken reads a number token starting at i. It reports false for
// runs that are glued to letters ("256GB", "v2") or too long to be typed.
func scanToken(t *numToken, v string, i int) bool {
	t.start = i
	j := i
	if v[j] == '+' {
		t.plus = true
		j++
	}
	if j < len(v) && v[j] == '(' {
		t.paren = true
		j++
	}
	cur := 0 // digits in the current group
	for j < len(v) {
		c := v[j]
		if isDigit(c) {
			cur++
			t.digits++
			j++
			continue
		}
		if !isSep(c) {
			break
		}
		// One or two separator bytes (") ", " -", ". ") between groups.
		k := j + 1
		if k < len(v) && isSep(v[k]) && v[k] != c {
			k++
		}
		if k >= len(v) || !(isDigit(v[k]) || v[k] == '(' && k+1 < len(v) && isDigit(v[k+1])) {
			break
		}
		if (c == '(' || v[j+1] == '(') && !t.paren {
			t.paren = true
			t.parenGroup = t.ng
			if cur > 0 {
				t.parenGroup++
			}
		}
		if cur > 0 {
			if t.ng == len(t.groups) {
				t.end = j
				return false
			}
			t.groups[t.ng] = uint8(min(cur, 255))
			t.seps[t.ng] = sepOf(v[j:k])
			t.ng++
		}
		cur = 0
		j = k
	}
	if cur > 0 {
		if t.ng == len(t.groups) {
			t.end = j
			return false
		}
		t.groups[t.ng] = uint8(min(cur, 255))
		t.ng++
	}
	t.end = j
	if t.ng == 0 {
		return false
	}
	if j < len(v) && (isAlnum(v[j]) || v[j] == '@' || v[j] == '_' || v[j] >= 0x80) {
		// Glued to letters: "55inch", "2026-11-22T10:15", an email's local part.
		for t.end < len(v) && (isAlnum(v[t.end]) || v[t.end] == '-' || v[t.end] == '.' || v[t.end] == '/' || v[t.end] == '_') {
			t.end++
		}
		return false
	}
	return true
}

// sepOf names the separator between two groups by its most telling byte:
// a dash, a dot, a slash or a space (parentheses count as a space).
func sepOf(s string) byte {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '-', '.', '/':
			return s[i]
		}
	}
	return ' '
}

// onlyDigits returns the digits of s.
func onlyDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// sameSeps reports whether every separator of t is c.
func (t *numToken) sameSeps(c byte) bool {
	for i := 0; i+1 < t.ng; i++ {
		if t.seps[i] != c {
			return false
		}
	}
	return true
}

func (t *numToken) is(groups ...uint8) bool {
	if t.ng != len(groups) {
		return false
	}
	for i, g := range groups {
		if t.groups[i] != g {
			return false
		}
	}
	return true
}

// firstDigit returns the token's first digit.
func (t *numToken) firstDigit(v string) byte {
	for i := t.start; i < t.end; i++ {
		if isDigit(v[i]) {
			return v[i]
		}
	}
	return 0
}

var (
	birthWords = []string{"born", "dob", "d.o.b", "birth", "geb.", "geboren", "né le", "née le", "nacido", "nata il", "nato il"}
	phoneWords = []string{"call", "tel", "phone", "mobile", "whatsapp", "cell", "ring", "sms", "text me", "number", "contact", "fax", "reach me", "handy", "telefon", "móvil", "movil", "cellulare", "celular", "portable"}
)

// wordBefore reports whether one of words occurs, case-folded, in the 32
// bytes of v before i.
func wordBefore(v string, i int, words []string) bool {
	from := max(0, i-32)
	var buf [32]byte
	w := buf[:0]
	for k := from; k < i; k++ {
		w = append(w, lowerByte(v[k]))
	}
	s := string(w)
	for _, x := range words {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// classify says what a number token is.
func classify(v string, t *numToken, h Hint) (Kind, string) {
	text := strings.TrimRight(v[t.start:t.end], " ")
	fd := t.firstDigit(v)
	// Dates: dates of events are not personal; a date of birth is.
	if dateEnd := t.datePrefix(v); dateEnd > 0 {
		if h.Kind == BirthDate || wordBefore(v, t.start, birthWords) {
			return BirthDate, v[t.start:dateEnd]
		}
		return None, ""
	}
	if t.ng == 1 && h.Kind == BirthDate && t.digits == 8 && compactDate(text) {
		return BirthDate, text
	}
	// Dotted runs: IPv4 addresses, version strings, thousands.
	if t.ng >= 3 && t.sameSeps('.') && !t.plus && !t.paren {
		if t.ng == 4 && t.ipv4(v) {
			if h.Kind == IP || !h.NotPersonal && fd != '0' && octet(v, t.start) >= 10 {
				return IP, text
			}
			return None, ""
		}
		if h.Kind == Phone && t.digits >= 7 && t.digits <= 15 {
			return Phone, text
		}
		if !h.NotPersonal && t.digits >= 9 && t.digits <= 12 && (t.is(3, 3, 4) && fd >= '2' || fd == '0' && t.ng >= 4) {
			return Phone, text
		}
		return None, ""
	}
	// Payment cards.
	if t.digits >= 13 && t.digits <= 19 && !t.plus && !t.paren && (t.ng == 1 || t.ng >= 3 && t.cardGroups()) {
		if d := onlyDigits(text); cardIssuer(d) && luhn(d) && (t.ng > 1 || !h.NotPersonal) {
			return Card, text
		}
	}
	// US social security numbers, Brazilian CPF.
	if t.is(3, 2, 4) && (t.sameSeps('-') || t.sameSeps(' ')) && !h.NotPersonal {
		if ssnValid(onlyDigits(text)) {
			return NationalID, text
		}
	}
	if t.is(3, 3, 3, 2) && t.seps[0] == '.' && t.seps[1] == '.' && t.seps[2] == '-' && cpfValid(onlyDigits(text)) {
		return NationalID, text
	}
	if h.Kind == NationalID && t.digits >= 6 && t.digits <= 14 {
		return NationalID, text
	}
	// Postcodes written as numbers: US ZIP+4 anywhere a person's data may
	// be, other shapes under a postcode name (handled by postcodeValue).
	if t.is(5, 4) && t.seps[0] == '-' && !h.NotPersonal {
		return Postcode, text
	}
	// Phone numbers.
	if t.digits < 7 || t.digits > 15 {
		return None, ""
	}
	switch {
	case h.Kind == Phone:
		return Phone, text
	case t.plus && t.digits >= 8:
		return Phone, text
	case h.NotPersonal:
		return None, ""
	case fd == '0' && v[t.start] == '0' && t.start+1 < len(v) && v[t.start+1] == '0' && t.digits >= 11:
		return Phone, text // 00 44 20 7946 0958
	case t.paren && t.digits >= 8 && t.parenGroup < t.ng-1 && (t.parenGroup == 0 || t.parenGroup == 1 && t.groups[0] <= 3):
		// (415) 555-0132, +44 (0)20 7946 0958: the area code in
		// parentheses, not a year after a price: $1000 (2024).
		return Phone, text
	case t.ng == 1 && fd == '0' && (t.digits == 10 || t.digits == 11) && mobilePrefix(v[t.start+1]):
		// 07700900123, 0612345678, 0412345678, 09012345678: a mobile
		// number typed without spaces.
		return Phone, text
	case fd == '0' && t.ng >= 2 && t.digits >= 9 && t.digits <= 12:
		return Phone, text
	case t.ng >= 3 && t.digits >= 9 && t.digits <= 13 && t.phoneGroups() && !t.thousands() && !t.is(3, 2, 4):
		return Phone, text
	case t.is(5, 5) && fd >= '6':
		return Phone, text // Indian mobile numbers: 98765 43210
	case t.digits >= 9 && t.digits <= 13 && wordBefore(v, t.start, phoneWords):
		return Phone, text
	}
	return None, ""
}

// phoneGroups reports whether every group has 1 to 5 digits.
func (t *numToken) phoneGroups() bool {
	for i := 0; i < t.ng; i++ {
		if t.groups[i] > 5 {
			return false
		}
	}
	return true
}

// thousands reports whether t reads as a number with thousands separators:
// a first group of one or two digits, then groups of three.
func (t *numToken) thousands() bool {
	if t.groups[0] > 2 {
		return false
	}
	for i := 1; i < t.ng; i++ {
		if t.groups[i] != 3 {
			return false
		}
	}
	return true
}

// cardGroups reports whether t is grouped as card numbers are printed.
func (t *numToken) cardGroups() bool {
	for i := 0; i+1 < t.ng; i++ {
		if t.seps[i] != ' ' && t.seps[i] != '-' {
			return false
		}
	}
	switch {
	case t.is(4, 4, 4, 4), t.is(4, 4, 4, 4, 3), t.is(4, 6, 5), t.is(4, 6, 4), t.is(4, 4, 4, 4, 2), t.is(4, 4, 4, 4, 1), t.is(4, 4, 4, 2), t.is(4, 4, 4, 3), t.is(4, 4, 5):
		return true
	}
	return false
}

// ipv4 reports whether t is four dotted octets of at most 255.
func (t *numToken) ipv4(v string) bool {
	for i := 0; i < 4; i++ {
		if t.groups[i] > 3 {
			return false
		}
	}
	n := 0
	for i := t.start; i <= t.end; i++ {
		if i == t.end || v[i] == '.' {
			if n > 255 {
				return false
			}
			n = 0
			continue
		}
		n = n*10 + int(v[i]-'0')
	}
	return true
}

func octet(v string, i int) int {
	n := 0
	for ; i < len(v) && isDigit(v[i]); i++ {
		n = n*10 + int(v[i]-'0')
	}
	return n
}

// datePrefix returns the end of a date the token starts with (2026-11-22,
// 22/11/2026, 12.04.85, 1985/4/12), or 0.
func (t *numToken) datePrefix(v string) int {
	if t.ng < 3 || t.plus || t.paren {
		return 0
	}
	s1, s2 := t.seps[0], t.seps[1]
	if s1 != s2 || s1 == ' ' && t.groups[2] != 4 {
		return 0
	}
	var n [3]int
	i := t.start
	for g := 0; g < 3; g++ {
		for i < t.end && !isDigit(v[i]) {
			i++
		}
		for i < t.end && isDigit(v[i]) {
			n[g] = n[g]*10 + int(v[i]-'0')
			i++
		}
	}
	g := t.groups
	switch {
	case g[0] == 4 && g[1] <= 2 && g[2] <= 2: // year first
		if n[0] >= 1900 && n[0] <= 2100 && n[1] >= 1 && n[1] <= 12 && n[2] >= 1 && n[2] <= 31 {
			return i
		}
	case g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2 && s1 != '-'): // day or month first
		a, b := n[0], n[1]
		if a >= 1 && b >= 1 && (a <= 12 && b <= 31 || a <= 31 && b <= 12) && (g[2] == 2 || n[2] >= 1900 && n[2] <= 2100) {
			return i
		}
	}
	return 0
}

// compactDate reports whether eight digits are a date: yyyymmdd or
// ddmmyyyy.
func compactDate(d string) bool {
	n := func(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }
	y1 := n(d[:2])*100 + n(d[2:4])
	if y1 >= 1900 && y1 <= 2100 && n(d[4:6]) >= 1 && n(d[4:6]) <= 12 && n(d[6:]) >= 1 && n(d[6:]) <= 31 {
		return true
	}
	y2 := n(d[4:6])*100 + n(d[6:])
	return y2 >= 1900 && y2 <= 2100 && n(d[2:4]) >= 1 && n(d[2:4]) <= 12 && n(d[:2]) >= 1 && n(d[:2]) <= 31
}

// mobilePrefix reports whether the digit after a leading 0 starts mobile
// numbers in the countries that write them that way (UK 07, France and the
// Netherlands 06/07, Australia 04, Japan 070/080/090).
func mobilePrefix(c byte) bool {
	return c == '4' || c == '6' || c == '7' || c == '8' || c == '9'
}
