package pii

import "net/netip"

// findIDs appends the IBANs and UK National Insurance numbers in v.
func findIDs(dst []Match, v string, h Hint) []Match {
	for i := 0; i+3 < len(v); i++ {
		a, b := v[i], v[i+1]
		if i > 0 && isAlnum(v[i-1]) {
			continue
		}
		up := h.Kind == IBAN || h.Kind == NationalID
		if !(isUpper(a) || up && isLetter(a)) || !(isUpper(b) || up && isLetter(b)) {
			continue
		}
		A, B := lowerByte(a)-'a'+'A', lowerByte(b)-'a'+'A'
		if isDigit(v[i+2]) && isDigit(v[i+3]) {
			if text, n := readIBAN(v, i); n > 0 {
				dst = append(dst, Match{Kind: IBAN, Text: text})
				i += n - 1
				continue
			}
		}
		if !h.NotPersonal && ninoPrefixValid(A, B) {
			if text, n := readNINO(v, i); n > 0 {
				dst = append(dst, Match{Kind: NationalID, Text: text})
				i += n - 1
			}
		}
	}
	return dst
}

// readIBAN reads an IBAN (groups of alphanumerics with single spaces) at
// v[i:] and returns it and its length in v when the check holds.
func readIBAN(v string, i int) (string, int) {
	var buf [34]byte
	b := buf[:0]
	j := i
	end := i
	for j < len(v) && len(b) < 34 {
		c := v[j]
		if isAlnum(c) {
			b = append(b, lowerByte(c)-'a'+'A')
			if isDigit(c) {
				b[len(b)-1] = c
			}
			j++
			end = j
			if len(b) >= 15 {
				if n, ok := ibanLength[string(b[:2])]; ok && n == len(b) && (j == len(v) || !isAlnum(v[j])) && ibanValid(string(b)) {
					return v[i:end], end - i
				}
			}
			continue
		}
		if c == ' ' && j+1 < len(v) && isAlnum(v[j+1]) {
			j++
			continue
		}
		break
	}
	return "", 0
}

// readNINO reads a UK National Insurance number at v[i:]: two letters,
// six digits in pairs maybe spaced, a letter A to D.
func readNINO(v string, i int) (string, int) {
	j := i + 2
	digits := 0
	for j < len(v) && digits < 6 {
		if v[j] == ' ' && digits%2 == 0 {
			j++
			continue
		}
		if !isDigit(v[j]) {
			return "", 0
		}
		digits++
		j++
	}
	if digits != 6 {
		return "", 0
	}
	if j < len(v) && v[j] == ' ' {
		j++
	}
	if j >= len(v) {
		return "", 0
	}
	switch v[j] | 0x20 {
	case 'a', 'b', 'c', 'd':
	default:
		return "", 0
	}
	j++
	if j < len(v) && isAlnum(v[j]) {
		return "", 0
	}
	return v[i:j], j - i
}

// findIPv6 returns an IPv6 address written in v, or "".
func findIPv6(v string) string {
	for i := 0; i < len(v); i++ {
		if !(isHex(v[i]) || v[i] == ':') || i > 0 && (isHex(v[i-1]) || v[i-1] == ':' || isLetter(v[i-1])) {
			continue
		}
		j, colons := i, 0
		for j < len(v) && (isHex(v[j]) || v[j] == ':' || v[j] == '.') {
			if v[j] == ':' {
				colons++
			}
			j++
		}
		if colons >= 2 && (j == len(v) || !isAlnum(v[j])) {
			s := v[i:j]
			if a, err := netip.ParseAddr(s); err == nil && a.Is6() && (colons == 7 || containsDouble(s)) && len(s) >= 6 {
				return s
			}
		}
		i = j
	}
	return ""
}

func containsDouble(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ':' && s[i+1] == ':' {
			return true
		}
	}
	return false
}
