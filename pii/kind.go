package pii

// Kind is a kind of personal data.
type Kind uint8

// Kinds of personal data, in the order findings about one value list them.
const (
	None Kind = iota
	Email
	Phone
	Postcode
	PersonName
	Address
	BirthDate
	NationalID
	IBAN
	Card
	IP
	numKinds
)

var kindText = [numKinds]string{
	None:       "nothing personal",
	Email:      "an email address",
	Phone:      "a phone number",
	Postcode:   "a postcode",
	PersonName: "a person's name",
	Address:    "a street address",
	BirthDate:  "a date of birth",
	NationalID: "a national id number",
	IBAN:       "a bank account number (IBAN)",
	Card:       "a payment card number",
	IP:         "an IP address",
}

var kindLabel = [numKinds]string{
	None: "none", Email: "email", Phone: "phone", Postcode: "postcode", PersonName: "name",
	Address: "address", BirthDate: "dob", NationalID: "national_id", IBAN: "iban", Card: "card", IP: "ip",
}

// String describes the kind in a sentence: "an email address".
func (k Kind) String() string {
	if k >= numKinds {
		return "personal data"
	}
	return kindText[k]
}

// Label is the kind's short name: email, phone, postcode, name, address,
// dob, national_id, iban, card, ip.
func (k Kind) Label() string {
	if k >= numKinds {
		return "unknown"
	}
	return kindLabel[k]
}

// Kinds lists every kind of personal data the detector knows.
func Kinds() []Kind {
	out := make([]Kind, 0, numKinds-1)
	for k := Email; k < numKinds; k++ {
		out = append(out, k)
	}
	return out
}

// KindByLabel returns the kind with the given label.
func KindByLabel(label string) (Kind, bool) {
	for k := Email; k < numKinds; k++ {
		if kindLabel[k] == label {
			return k, true
		}
	}
	return None, false
}
