package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// notNames are values that fill name fields without naming anyone.
var notNames = setOf("true", "false", "null", "undefined", "none", "nil", "anonymous", "guest", "unknown", "test",
	"n/a", "na", "yes", "no", "submit", "send", "name", "first name", "last name", "your name", "full name")

// stopWords rule out a person's name under a bare "name": names of forms,
// pages, lists and products use them, people's names do not.
var stopWords = setOf("a", "an", "the", "of", "and", "for", "to", "in", "on", "with", "our", "your", "my", "us",
	"request", "demo", "form", "page", "list", "guide", "download", "sign", "signup", "newsletter", "contact",
	"quote", "free", "trial", "offer", "sale", "new", "subscribe", "checkout", "cart", "search", "product",
	"products", "plan", "pricing", "home", "blog", "menu", "button", "link", "banner", "popup", "footer", "header",
	"returning", "customer", "customers", "existing", "member", "vip", "everyone", "there", "all", "team", "back", "world",
	"order", "purchase", "you", "thank", "thanks", "welcome", "happy", "birthday", "congratulations", "dear", "friend",
	"friends", "mum", "mom", "dad", "love", "from", "best", "wishes", "anniversary", "christmas", "merry", "gift")

// isPersonName reports whether v, sent under a name field, reads as a
// person's name: one to five words of letters (two to four capitalised
// words under a bare "name").
func isPersonName(v string, weak bool) bool {
	v = trimSpace(v)
	if len(v) < 2 || len(v) > 80 || notNames[strings.ToLower(v)] {
		return false
	}
	words := 0
	for _, w := range strings.Fields(v) {
		words++
		if words > 5 || weak && words > 4 {
			return false
		}
		letters := 0
		for i, r := range w {
			switch {
			case unicode.IsLetter(r):
				letters++
				if i == 0 && weak && unicode.IsLower(r) {
					return false
				}
			case r == '\'' || r == '-' || r == '.' || r == '’' || r == ',':
			default:
				return false
			}
		}
		if letters == 0 {
			return false
		}
		if weak && stopWords[strings.ToLower(strings.Trim(w, ",."))] && !(words > 1 && len(w) == 2 && len(strings.Fields(v)) == words) {
			// A short capitalised last word may be a name (Nguyễn Văn An);
			// other common words make a title, not a name.
			return false
		}
	}
	return words > 0 && (!weak || words >= 2)
}

// isAddressValue reports whether v, sent under an address field, reads as
// a street address: letters and a house number, or two words or more.
func isAddressValue(v string, p profile) bool {
	v = trimSpace(v)
	if len(v) < 5 || notNames[strings.ToLower(v)] {
		return false
	}
	return p.digits > 0 || strings.IndexByte(v, ' ') > 0
}

// Street words, lower case. suffixWords follow the street's name after a
// house number (12 High Street); endings end a one-word street name before
// the number (Hauptstraße 5); prefixWords start the name, with the number
// after it (Calle Mayor 12, Via Roma 10) or before it (12 rue de la Paix).
var (
	suffixWords = setOf("street", "st", "road", "rd", "avenue", "ave", "av", "lane", "ln", "drive", "dr", "boulevard",
		"blvd", "way", "court", "ct", "place", "pl", "terrace", "close", "crescent", "square", "sq", "parkway", "pkwy",
		"highway", "hwy", "circle", "cir", "trail", "row", "mews", "grove", "gardens", "hill", "walk", "parade")
	streetEndings = []string{"straße", "strasse", "str.", "str", "weg", "gasse", "platz", "allee", "damm", "ufer",
		"laan", "straat", "gracht", "plein", "kade", "dreef", "singel", "steeg", "vej", "gatan", "gata"}
	prefixWords = setOf("rue", "avenue", "av.", "boulevard", "bd", "chemin", "allée", "allee", "impasse", "place",
		"calle", "c/", "avenida", "avda", "avda.", "paseo", "plaza", "via", "viale", "piazza", "corso", "largo", "rua",
		"travessa", "praça", "carrer", "quai", "cours")
)

// findAddress returns a street address written in text, or "".
func findAddress(v string) string {
	if !mayHoldAddress(v) {
		return ""
	}
	var spans [24][2]int
	n := 0
	for i := 0; i < len(v) && n < len(spans); {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n') {
			i++
		}
		j := i
		for j < len(v) && v[j] != ' ' && v[j] != '\t' && v[j] != '\n' {
			j++
		}
		if j > i {
			spans[n] = [2]int{i, j}
			n++
		}
		i = j
	}
	word := func(k int) string { return v[spans[k][0]:spans[k][1]] }
	phrase := func(a, b int) string { return v[spans[a][0]:spans[b][1]] }
	for i := 0; i < n; i++ {
		w := word(i)
		if houseNumber(w) {
			// 12 High Street, 1600 Amphitheatre Parkway, 221B Baker St.
			for k := i + 2; k < n && k <= i+5; k++ {
				sw := strings.TrimRight(word(k), ",.")
				if !suffixWords[strings.ToLower(sw)] || !capitalised(sw) {
					continue
				}
				if !capitalised(word(k - 1)) {
					break
				}
				if k == n-1 || strings.HasSuffix(word(k), ",") || strings.HasSuffix(word(k), ".") ||
					capitalised(word(k+1)) || houseNumber(word(k+1)) {
					return phrase(i, k)
				}
			}
			// 12 rue de la Paix, 10, avenue Foch
			if i+2 < n && prefixWords[strings.ToLower(strings.TrimRight(word(i+1), ","))] {
				return phrase(i, min(i+3, n-1))
			}
		}
		lw := strings.ToLower(strings.TrimRight(w, ","))
		// Hauptstraße 5, Keizersgracht 123
		if i+1 < n && houseNumber(strings.TrimRight(word(i+1), ",")) && capitalised(w) {
			for _, e := range streetEndings {
				if strings.HasSuffix(lw, e) && len(lw) > len(e)+2 {
					return w + " " + strings.TrimRight(word(i+1), ",")
				}
			}
		}
		// Calle Mayor 12, Via Roma 10, Rua Augusta, 1500
		if prefixWords[lw] && i+1 < n && capitalised(word(i+1)) {
			for k := i + 2; k < n && k <= i+5; k++ {
				if houseNumber(strings.TrimRight(word(k), ",")) {
					return phrase(i, k)
				}
			}
		}
	}
	return ""
}

// mayHoldAddress is a cheap test that rules out most text: an address
// has a capital letter and a house number standing alone (1 to 5 digits,
// maybe one letter, between spaces or commas).
func mayHoldAddress(v string) bool {
	upper, number := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isUpper(c) || c >= 0x80 {
			upper = true
		}
		if number || !isDigit(c) || i > 0 && v[i-1] != ' ' && v[i-1] != ',' {
			continue
		}
		j := i
		for j < len(v) && v[j] != ' ' && v[j] != ',' {
			j++
		}
		number = houseNumber(v[i:j])
	}
	return upper && number
}

// houseNumber reports whether w is a house number: 1 to 5 digits and at
// most one letter (221B), maybe followed by a comma.
func houseNumber(w string) bool {
	w = strings.TrimSuffix(w, ",")
	d := 0
	for d < len(w) && isDigit(w[d]) {
		d++
	}
	if d == 0 || d > 5 {
		return false
	}
	rest := w[d:]
	switch {
	case rest == "" || len(rest) == 1 && isLetter(rest[0]):
		return true
	case rest[0] == '-' && len(rest) <= 4:
		// 311-II, 5-7, 12-A: a range or a floor
		for i := 1; i < len(rest); i++ {
			if !isAlnum(rest[i]) {
				return false
			}
		}
		return len(rest) > 1
	}
	return false
}

// capitalised reports whether w starts with an upper-case letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// findNameRun returns the first run of two to four capitalised words in v
// that are not common words: the names in "Happy 40th Sarah Jenkins!".
func findNameRun(v string) string {
	start, count, end := -1, 0, 0
	for i := 0; i <= len(v); {
		// read a word
		j := i
		for j < len(v) && v[j] != ' ' && v[j] != ',' && v[j] != '!' && v[j] != '&' && v[j] != '|' && v[j] != '\n' {
			j++
		}
		w := v[i:j]
		ok := len(w) >= 2 && capitalised(w) && wordOfLetters(w) && !stopWords[strings.ToLower(strings.TrimRight(w, "."))]
		if ok {
			if start < 0 {
				start, count = i, 0
			}
			count++
			end = j
			if count == 4 {
				return v[start:end]
			}
		} else {
			if count >= 2 {
				return v[start:end]
			}
			start, count = -1, 0
		}
		if j >= len(v) {
			break
		}
		i = j + 1
	}
	if count >= 2 {
		return v[start:end]
	}
	return ""
}

func wordOfLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '\'' && r != '-' && r != '.' && r != '’' {
			return false
		}
	}
	return true
}

// introductions are the words after which text names a person: greetings
// in page titles ("Welcome, Saoirse"), introductions in messages ("this is
// Rebecca Thornton"). comma says the greeting must be followed by a comma.
var introductions = []struct {
	words string
	comma bool
}{
	{"welcome back", true}, {"welcome", true}, {"thanks", true}, {"thank you", true}, {"hi", false},
	{"hello", false}, {"hey", false}, {"dear", false}, {"this is", false}, {"my name is", false},
	{"i am", false}, {"i'm", false}, {"signed in as", false}, {"logged in as", false},
	{"happy birthday", false}, {"love from", false}, {"love,", false}, {"engraving:", false}, {"monogram:", false},
	{"hallo", false}, {"hola", false}, {"bonjour", false}, {"ciao", false}, {"olá", false}, {"hej", false},
	{"witaj", false}, {"welkom", true}, {"bienvenue", true}, {"bienvenido", true}, {"bienvenida", true},
	{"willkommen", true}, {"benvenuto", true}, {"benvenuta", true}, {"bem-vindo", true}, {"bem-vinda", true},
}

// findIntroducedName returns a person's name that text introduces, or "".
func findIntroducedName(v string) string {
	for i := 0; i < len(v); i++ {
		if i > 0 && v[i-1] != ' ' && v[i-1] != ',' && v[i-1] != '|' && v[i-1] != '-' {
			continue
		}
		switch lowerByte(v[i]) {
		case 'w', 't', 'h', 'd', 'm', 'i', 's', 'l', 'e', 'b', 'c', 'o':
		default:
			continue
		}
		for _, in := range introductions {
			n := len(in.words)
			if i+n >= len(v) || !strings.EqualFold(v[i:i+n], in.words) {
				continue
			}
			j := i + n
			if j < len(v) && (v[j] == ',' || v[j] == '!') {
				j++
			} else if in.comma && !strings.HasSuffix(in.words, ",") && !strings.HasSuffix(in.words, ":") || j < len(v) && isAlnum(v[j]) {
				continue
			}
			if j >= len(v) || v[j] != ' ' {
				continue
			}
			if t := leadingName(v[j+1:]); t != "" {
				return t
			}
		}
	}
	return ""
}

// leadingName returns the one to three capitalised words at the start of
// v that read as a name.
func leadingName(v string) string {
	end, count := 0, 0
	for count < 3 {
		j := end
		for j < len(v) && v[j] == ' ' && count > 0 {
			j++
		}
		k := j
		for k < len(v) && v[k] != ' ' && v[k] != ',' && v[k] != '!' && v[k] != '|' && v[k] != '.' {
			k++
		}
		w := v[j:k]
		if len(w) < 2 || !capitalised(w) || !wordOfLetters(w) || stopWords[strings.ToLower(w)] {
			break
		}
		end = k
		count++
	}
	if count == 0 {
		return ""
	}
	return v[:end]
}
