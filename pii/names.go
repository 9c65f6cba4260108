package pii

import "strings"

// Hint is what the name a value was sent under says about it.
type Hint struct {
	// Kind is the personal data the name says the value holds, or None.
	Kind Kind
	// Weak is set when the name only may hold that kind: a bare "name"
	// is a person's name in a form, but often a product's or a list's.
	Weak bool
	// InText is set when the name says the value is free text that may
	// name people (an engraving, a gift message): names are looked for
	// inside it.
	InText bool
	// NotPersonal is set when the name says the value identifies a thing,
	// not a person: an order or transaction id, a SKU, a price, a version,
	// a timestamp. Only unambiguous shapes count under such a name.
	NotPersonal bool
}

// Words that mark personal data in a name, matched on whole words after
// the name is split at separators, dots and camelCase humps.
var kindWords = map[string]Kind{
	"email": Email, "emailaddress": Email, "emails": Email, "mail": Email, "courriel": Email,
	"phone": Phone, "phonenumber": Phone, "telephone": Phone, "tel": Phone, "msisdn": Phone,
	"cellphone": Phone, "mobile": Phone, "mobilenumber": Phone, "whatsapp": Phone,
	"fax": Phone, "portable": Phone, "movil": Phone, "celular": Phone, "cellulare": Phone, "telefon": Phone, "telefono": Phone, "telefone": Phone, "telefoon": Phone, "phones": Phone,
	"postcode": Postcode, "postalcode": Postcode, "zip": Postcode, "zipcode": Postcode, "postcodes": Postcode,
	"plz": Postcode, "cp": Postcode, "cap": Postcode, "postal": Postcode, "pincode": Postcode, "cep": Postcode, "eircode": Postcode, "postnummer": Postcode, "pocztowy": Postcode,
	"postnr": Postcode, "postleitzahl": Postcode, "zip4": Postcode,
	"firstname": PersonName, "lastname": PersonName, "fullname": PersonName, "surname": PersonName,
	"givenname": PersonName, "familyname": PersonName, "username": PersonName, "middlename": PersonName,
	"fname": PersonName, "lname": PersonName, "forename": PersonName, "vorname": PersonName, "nachname": PersonName,
	"prenom": PersonName, "nombre": PersonName, "apellido": PersonName, "apellidos": PersonName, "cognome": PersonName,
	"address": Address, "streetaddress": Address, "street": Address, "addressline": Address, "addressline1": Address,
	"addressline2": Address, "address1": Address, "address2": Address, "addr": Address, "addr1": Address, "addr2": Address,
	"strasse": Address, "straat": Address, "jusho": Address, "adres": Address, "adresa": Address, "adresse": Address, "direccion": Address, "indirizzo": Address, "endereco": Address, "housenumber": Address,
	"dob": BirthDate, "birthdate": BirthDate, "birthday": BirthDate, "bday": BirthDate, "birth": BirthDate,
	"dateofbirth": BirthDate, "geburtsdatum": BirthDate, "birthdt": BirthDate, "nacimiento": BirthDate, "nascita": BirthDate,
	"naissance": BirthDate, "geboortedatum": BirthDate, "fodelsedatum": BirthDate, "geburtstag": BirthDate,
	"ssn": NationalID, "nino": NationalID, "nationalid": NationalID, "socialsecurity": NationalID, "taxid": NationalID,
	"passport": NationalID, "nif": NationalID, "nie": NationalID, "dni": NationalID, "cpf": NationalID, "aadhaar": NationalID,
	"bsn": NationalID, "codicefiscale": NationalID, "steuerid": NationalID, "sin": NationalID, "tfn": NationalID,
	"personnummer": NationalID, "pesel": NationalID, "secu": NationalID, "nss": NationalID, "rut": NationalID,
	"steuer": NationalID, "steueridentifikationsnummer": NationalID, "mynumber": NationalID, "nir": NationalID, "curp": NationalID,
	"iban": IBAN, "bankaccount": IBAN, "sortcode": IBAN,
	"cardnumber": Card, "ccnumber": Card, "creditcard": Card, "cc": Card, "ccnum": Card, "pan": Card,
	"ip": IP, "ipaddress": IP, "ipv4": IP, "ipv6": IP, "clientip": IP, "remoteaddr": IP, "userip": IP,
}

// notPersonalWords mark a name whose value identifies a thing, a time or
// an amount.
var notPersonalWords = setOf("id", "ids", "sku", "skus", "order", "orders", "transaction", "txn", "ref", "reference",
	"invoice", "coupon", "promo", "promotion", "voucher", "session", "sid", "cid", "uuid", "guid", "hash", "sha256", "sha1",
	"md5", "token", "version", "ver", "build", "release", "timestamp", "time", "ts", "date", "price", "amount",
	"revenue", "tax", "shipping", "quantity", "qty", "count", "total", "index", "tracking", "gclid", "gbraid", "wbraid",
	"fbclid", "dclid", "msclkid", "item", "items", "product", "products", "page", "percent", "ean", "gtin", "isbn", "upc",
	"mpn", "model", "batch", "lot", "serial", "experiment", "variant", "campaign", "utm", "content", "list", "position",
	"step", "duration", "seconds", "ms", "size", "width", "height", "screen", "resolution", "currency", "lang", "language",
	"locale", "country", "discount", "score", "rating", "sku_id", "article", "catalog", "category", "offset", "limit",
	"start", "end", "created", "updated", "year", "month", "day", "week", "hour", "minute", "number", "no", "num", "nr",
	"code", "key", "slot", "unit", "brand", "shipment", "parcel", "awb", "waybill", "confirmation", "booking", "ticket",
	"policy", "plan", "tier", "level", "affiliation", "location", "store", "branch", "warehouse", "vin", "imei")

// nameTextWords name free text that often carries people's names.
var nameTextWords = setOf("engraving", "personalisation", "personalization", "inscription", "monogram", "dedication")

// personWords name a person without saying "name": their value is a
// person's name when it reads as one.
var personWords = setOf("customer", "recipient", "attendee", "patient", "applicant", "cardholder", "signatory", "addressee")

// personQualifiers turn a following "name" into a person's name.
var personQualifiers = setOf("first", "last", "full", "given", "family", "middle", "customer", "user", "contact", "person",
	"sur", "maiden", "client", "billing", "shipping", "holder", "cardholder", "account", "your", "my", "member", "patient",
	"guest", "applicant", "recipient", "sender", "buyer", "owner", "parent", "child", "student", "employee", "lead", "attendee")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// NameHint reads what a parameter, user property, item field or query key
// name says about its value.
func NameHint(name string) Hint {
	var words [12]string
	ws := splitWords(name, words[:0])
	notPersonal := false
	for i, w := range ws {
		if k, ok := kindWords[w]; ok {
			switch {
			case k == Address && i > 0 && ws[i-1] == "ip":
				return Hint{Kind: IP}
			case k == Address && i > 0 && (ws[i-1] == "email" || ws[i-1] == "e" || ws[i-1] == "mail"):
				return Hint{Kind: Email}
			case k == Address && i > 0 && (ws[i-1] == "web" || ws[i-1] == "url" || ws[i-1] == "mac" || ws[i-1] == "wallet"):
				return Hint{NotPersonal: true}
			case k == Card && w != "cardnumber" && w != "creditcard" && w != "ccnumber" && w != "ccnum" && len(ws) > 1 && !hasWord(ws, "number", "num", "no"):
				// "cc" and "pan" alone are card fields; "cc_recipient" and
				// "pan_id" are not.
				continue
			case k == BirthDate && w == "birth" && i > 0 && ws[i-1] == "place":
				continue
			}
			return Hint{Kind: k}
		}
		switch {
		case w == "e" && i+1 < len(ws) && ws[i+1] == "mail":
			return Hint{Kind: Email}
		case w == "post" && i+1 < len(ws) && ws[i+1] == "code", w == "pin" && i+1 < len(ws) && ws[i+1] == "code":
			return Hint{Kind: Postcode}
		case w == "social" && i+1 < len(ws) && ws[i+1] == "security", w == "securite" && i+1 < len(ws) && ws[i+1] == "sociale":
			return Hint{Kind: NationalID}
		case w == "my" && i+1 < len(ws) && ws[i+1] == "number", w == "emirates" && i+1 < len(ws) && ws[i+1] == "id":
			return Hint{Kind: NationalID}
		case w == "national" && i+1 < len(ws) && (ws[i+1] == "id" || ws[i+1] == "insurance"):
			return Hint{Kind: NationalID}
		case w == "ni" && i+1 < len(ws) && (ws[i+1] == "number" || ws[i+1] == "no"):
			return Hint{Kind: NationalID}
		case w == "card" && i+1 < len(ws) && (ws[i+1] == "number" || ws[i+1] == "num" || ws[i+1] == "no"):
			return Hint{Kind: Card}
		case w == "contact" && i+1 < len(ws) && (ws[i+1] == "number" || ws[i+1] == "no"):
			return Hint{Kind: Phone}
		case w == "date" && i+2 < len(ws) && ws[i+1] == "of" && ws[i+2] == "birth":
			return Hint{Kind: BirthDate}
		case w == "name" && i > 0 && personQualifiers[ws[i-1]]:
			return Hint{Kind: PersonName}
		case w == "tax" && i+1 < len(ws) && (ws[i+1] == "id" || ws[i+1] == "number" || ws[i+1] == "no"):
			return Hint{Kind: NationalID}
		case w == "codice" && i+1 < len(ws) && ws[i+1] == "fiscale", w == "fiscal" && i+1 < len(ws) && ws[i+1] == "code":
			return Hint{Kind: NationalID}
		case w == "name" && len(ws) == 1, personWords[w] && i+1 == len(ws):
			return Hint{Kind: PersonName, Weak: true}
		case nameTextWords[w] && !(i > 0 && ws[i-1] == "ad"):
			// ad_personalization is a consent type, not a message.
			return Hint{Kind: PersonName, Weak: true, InText: true}
		case notPersonalWords[w] || notPersonalWords[strings.TrimRight(w, "0123456789")]:
			notPersonal = true
		}
	}
	return Hint{NotPersonal: notPersonal}
}

func hasWord(ws []string, words ...string) bool {
	for _, w := range ws {
		for _, x := range words {
			if w == x {
				return true
			}
		}
	}
	return false
}

// splitWords splits a name into lower-case words at every character that
// is not a letter or digit and before an upper-case letter that follows a
// lower-case one (camelCase). It appends to dst and allocates only for
// names with upper-case letters.
func splitWords(name string, dst []string) []string {
	start := -1
	lower := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if start < 0 {
				start = i
			}
		case c >= 'A' && c <= 'Z':
			lower = false
			if start >= 0 && i > start {
				if p := name[i-1]; p >= 'a' && p <= 'z' || p >= '0' && p <= '9' {
					dst = appendWord(dst, name[start:i])
					start = i
				}
			}
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				dst = appendWord(dst, name[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		dst = appendWord(dst, name[start:])
	}
	if !lower {
		for i, w := range dst {
			dst[i] = strings.ToLower(w)
		}
	}
	return dst
}

func appendWord(dst []string, w string) []string {
	if len(dst) == cap(dst) && cap(dst) >= 12 {
		return dst // a name of more than 12 words: the first 12 decide
	}
	return append(dst, w)
}

// Hints remembers what names say, for callers that read the same names
// again and again (the params of every hit of a crawl). The zero value is
// ready to use; it is not safe for concurrent use.
type Hints struct {
	// recent is a small direct-mapped cache in front of m: a crawl sends
	// few names, and comparing one string is cheaper than hashing it.
	recent [32]struct {
		name string
		hint Hint
	}
	m map[string]Hint
}

// Of returns NameHint(name), read once per name.
func (hs *Hints) Of(name string) Hint {
	slot := 0
	if len(name) > 0 {
		slot = (len(name)*7 + int(name[0]) + int(name[len(name)-1])*3) & 31
	}
	if r := &hs.recent[slot]; r.name == name && name != "" {
		return r.hint
	}
	h, ok := hs.m[name]
	if !ok {
		h = hs.miss(name)
	}
	hs.recent[slot].name, hs.recent[slot].hint = name, h
	return h
}

func (hs *Hints) miss(name string) Hint {
	if hs.m == nil {
		hs.m = make(map[string]Hint, 64)
	}
	h := NameHint(name)
	if len(hs.m) < 4096 {
		hs.m[name] = h
	}
	return h
}
