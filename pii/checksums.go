package pii

// luhn reports whether the digits in s (other bytes ignored) pass the Luhn
// check that payment card numbers carry.
func luhn(s string) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if !isDigit(c) {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n > 0 && sum%10 == 0
}

// cardIssuer reports whether digits (only digits) start with the prefix
// of a card scheme that issues numbers of that length: Visa, Mastercard,
// American Express, Discover, JCB, Diners Club, UnionPay, Maestro.
func cardIssuer(d string) bool {
	n := len(d)
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	switch {
	case d[0] == '4':
		return n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011 || p2 == 65 || p4 >= 6440 && p4 <= 6499:
		return n >= 16 && n <= 19
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16 && n <= 19
	case p2 == 36 || p2 == 38 || p2 == 39 || p4 >= 3000 && p4 <= 3059:
		return n >= 14 && n <= 19
	case p2 == 62:
		return n >= 16 && n <= 19
	case p2 == 50 || p2 >= 56 && p2 <= 58 || d[0] == '6':
		return n >= 12 && n <= 19
	}
	return false
}

// ibanLength is the length of an IBAN in each country that issues them.
var ibanLength = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
	"MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
	"RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// ibanValid reports whether s (upper-case letters and digits only) is an
// IBAN of the right length for its country with a valid mod-97 check.
func ibanValid(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	if n, ok := ibanLength[s[:2]]; !ok || n != len(s) {
		return false
	}
	rem := 0
	for i := 0; i < len(s); i++ {
		c := s[(i+4)%len(s)]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// ssnValid reports whether the nine digits of d could be a US social
// security number: area not 000, 666 or 900-999, group not 00, serial not
// 0000.
func ssnValid(d string) bool {
	if len(d) != 9 {
		return false
	}
	area := d[:3]
	return area != "000" && area != "666" && d[0] != '9' && d[3:5] != "00" && d[5:] != "0000"
}

// ninoPrefixValid reports whether two upper-case letters can start a UK
// National Insurance number.
func ninoPrefixValid(a, b byte) bool {
	bad := func(c byte) bool { return c == 'D' || c == 'F' || c == 'I' || c == 'Q' || c == 'U' || c == 'V' }
	if bad(a) || bad(b) || b == 'O' {
		return false
	}
	switch string([]byte{a, b}) {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return true
}

// cpfValid reports whether the 11 digits of d carry a valid Brazilian CPF
// check.
func cpfValid(d string) bool {
	if len(d) != 11 {
		return false
	}
	same := true
	for i := 1; i < 11; i++ {
		if d[i] != d[0] {
			same = false
		}
	}
	if same {
		return false
	}
	for k := 9; k <= 10; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += int(d[i]-'0') * (k + 1 - i)
		}
		r := sum * 10 % 11
		if r == 10 {
			r = 0
		}
		if r != int(d[k]-'0') {
			return false
		}
	}
	return true
}
