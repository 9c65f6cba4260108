package pii

import (
	"fmt"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// find returns the kinds and texts found in v under name, as "kind:text".
func find(v, name string) []string {
	var out []string
	for _, m := range Value(nil, v, NameHint(name)) {
		out = append(out, m.Kind.Label()+":"+m.Text)
	}
	return out
}

func TestValue(t *testing.T) {
	cases := []struct {
		value, name string
		want        string // "" for nothing, else "kind:text" of the first match
	}{
		// Emails, as typed and as encoded.
		{"qa@example.test", "contact", "email:qa@example.test"},
		{"mail me: jane.doe+x@mail.co.uk.", "note", "email:jane.doe+x@mail.co.uk"},
		{"jane%40example.com", "x", "email:jane@example.com"},
		{"jane%2540example.com", "x", "email:jane@example.com"},
		{"@handle", "x", ""},
		{"a@b", "x", ""},
		{"user@host.c0m", "x", ""},
		{"price 10 @ 2.50", "x", ""},
		{"logo@2x.png", "image", ""},
		{"git@github.com", "x", ""},
		// Phones: international, national with separators, bare under a phone name.
		{"+44 20 7946 0958", "x", "phone:+44 20 7946 0958"},
		{"call 020 7946 0958 now", "x", "phone:020 7946 0958"},
		{"06 12 34 56 78", "x", "phone:06 12 34 56 78"},
		{"0049 30 1234567", "x", "phone:0049 30 1234567"},
		{"(415) 555-0132", "x", "phone:(415) 555-0132"},
		{"415.555.0132", "x", "phone:415.555.0132"},
		{"07700900123", "x", "phone:07700900123"},
		{"4155550132", "phone", "phone:4155550132"},
		{"4155550132", "x", ""},
		{"０９０－１２３４－５６７８", "tel", "phone:090-1234-5678"},
		{"Top 10 Laptops Under $1000 (2024)", "x", ""},
		{"1763800000123", "x", ""},
		{"T-20261122-0042", "x", ""},
		{"142.0.7444.59", "x", ""},
		{"SKU-0123456789", "x", ""},
		{"0123456789", "x", ""},
		{"2026-11-22", "phone", ""},
		{"01-02-2026 10:30", "x", ""},
		{"1 000 000", "x", ""},
		{"123456789.1700000000", "x", ""},
		// Postcodes: distinctive shapes anywhere, the rest under a postcode name.
		{"SW1A 1AA", "x", "postcode:SW1A 1AA"},
		{"Deliver to EC1A 1BB today", "x", "postcode:EC1A 1BB"},
		{"K1A 0B1", "x", "postcode:K1A 0B1"},
		{"94103-1234", "x", "postcode:94103-1234"},
		{"94103", "zip", "postcode:94103"},
		{"94103", "page", ""},
		{"〒150-0002", "zip", "postcode:150-0002"},
		// Names under name fields and in greetings.
		{"Jane Doe", "first_name", "name:Jane Doe"},
		{"Request a demo", "name", ""},
		{"denied", "ad_personalization", ""},
		{"Happy 40th Sarah Jenkins!", "engraving", "name:Sarah Jenkins"},
		{"Priya Venkataraman", "name", "name:Priya Venkataraman"},
		{"Welcome, Saoirse Ní Bhriain | My Account", "x", "name:Saoirse Ní Bhriain"},
		{"Welcome to Example Shop", "x", ""},
		// Addresses, dates of birth, national ids, IBANs, cards, IPs.
		{"221B Baker Street", "x", "address:221B Baker Street"},
		{"Hauptstraße 5, 10115 Berlin", "x", "address:Hauptstraße 5"},
		{"3 Drive modes", "x", ""},
		{"1985-04-12", "dob", "dob:1985-04-12"},
		{"April 12, 1987", "birthday", "dob:April 12, 1987"},
		{"2026-04-12", "event_date", ""},
		{"078-05-1120", "x", "national_id:078-05-1120"},
		{"666-05-1120", "x", ""},
		{"AB 12 34 56 C", "x", "national_id:AB 12 34 56 C"},
		{"GB82 WEST 1234 5698 7654 32", "x", "iban:GB82 WEST 1234 5698 7654 32"},
		{"GB82 WEST 1234 5698 7654 33", "x", ""},
		{"4111 1111 1111 1111", "x", "card:4111 1111 1111 1111"},
		{"4111 1111 1111 1112", "x", ""},
		{"4006381333931", "x", ""},
		{"203.0.113.5", "x", "ip:203.0.113.5"},
		{"2.0.10.1", "x", ""},
		{"2001:db8::1", "x", "ip:2001:db8::1"},
		{"10:30:00", "x", ""},
		// Ids keep only what cannot be anything else.
		{"ORD-4155550132", "order_id", ""},
		{"jane@example.com", "order_id", "email:jane@example.com"},
		{"550e8400-e29b-41d4-a716-446655440000", "x", ""},
		{"a3f1c9e7b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6", "x", ""},
	}
	for _, tc := range cases {
		got := find(tc.value, tc.name)
		first := ""
		if len(got) > 0 {
			first = got[0]
		}
		if first != tc.want {
			t.Errorf("Value(%q) under %q = %v, want %q", tc.value, tc.name, got, tc.want)
		}
	}
}

func TestURL(t *testing.T) {
	cases := []struct{ url, want string }{
		{"https://s.test/?postcode=SW1A+1AA", "postcode:SW1A 1AA query postcode"},
		{"https://s.test/?q=shoes&where=EC1A%201BB", "postcode:EC1A 1BB query where"},
		{"https://s.test/?ZIP=94103", "postcode:94103 query ZIP"},
		{"https://s.test/?q=AB12&page=12345", ""},
		{"https://s.test/account/jane.doe@example.com/orders", "email:jane.doe@example.com path "},
		{"https://s.test/#/signup?email=jane%40example.com", "email:jane@example.com fragment email"},
		{"https://s.test/p?tel=07700+900982", "phone:07700 900982 query tel"},
	}
	for _, tc := range cases {
		ms := URL(nil, tc.url)
		got := ""
		if len(ms) > 0 {
			got = fmt.Sprintf("%s:%s %s %s", ms[0].Kind.Label(), ms[0].Text, ms[0].Part, ms[0].Key)
		}
		if got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestNameHint(t *testing.T) {
	cases := map[string]Hint{
		"email": {Kind: Email}, "userEmail": {Kind: Email}, "e_mail": {Kind: Email}, "phone_number": {Kind: Phone},
		"first_name": {Kind: PersonName}, "customer_name": {Kind: PersonName}, "name": {Kind: PersonName, Weak: true},
		"postal_code": {Kind: Postcode}, "zipCode": {Kind: Postcode}, "ip_address": {Kind: IP}, "email_address": {Kind: Email},
		"date_of_birth": {Kind: BirthDate}, "ssn": {Kind: NationalID}, "tax_id": {Kind: NationalID}, "iban": {Kind: IBAN},
		"card_number": {Kind: Card}, "gift_recipient": {Kind: PersonName, Weak: true},
		"transaction_id": {NotPersonal: true}, "item_name": {NotPersonal: true}, "gtin14": {NotPersonal: true},
		"form_name": {}, "search_term": {}, "zipper_color": {}, "telemetry_level": {NotPersonal: true}, "hotel_name": {},
		"customer_lifetime_value_bucket": {}, "cc_recipient": {Kind: PersonName, Weak: true},
		"ad_personalization": {}, "engraving_text": {Kind: PersonName, Weak: true, InText: true},
	}
	for name, want := range cases {
		if got := NameHint(name); got != want {
			t.Errorf("NameHint(%q) = %+v, want %+v", name, got, want)
		}
	}
	var hs Hints
	for i := 0; i < 3; i++ {
		if hs.Of("phone") != (Hint{Kind: Phone}) || hs.Of("page") != (Hint{NotPersonal: true}) {
			t.Fatal("Hints.Of disagrees with NameHint")
		}
	}
}

func TestMask(t *testing.T) {
	cases := []struct {
		k        Kind
		in, want string
	}{
		{Email, "jane.doe@example.test", "j***@example.test"},
		{Card, "4111 1111 1111 1111", "****1111"},
		{Phone, "+44 20 7946 0958", "+4***58"},
		{Postcode, "SW1A 1AA", "S***A"},
		{PersonName, "Zoë", "***"},
	}
	for _, tc := range cases {
		if got := Mask(tc.k, tc.in); got != tc.want {
			t.Errorf("Mask(%v, %q) = %q, want %q", tc.k, tc.in, got, tc.want)
		}
	}
}

func TestChecksums(t *testing.T) {
	if !luhn("4111111111111111") || luhn("4111111111111112") {
		t.Error("luhn")
	}
	if !ibanValid("GB82WEST12345698765432") || ibanValid("GB82WEST12345698765433") || ibanValid("XX82WEST12345698765432") {
		t.Error("ibanValid")
	}
	if !ssnValid("078051120") || ssnValid("000123456") || ssnValid("666123456") || ssnValid("912345678") {
		t.Error("ssnValid")
	}
	if !ninoPrefixValid('A', 'B') || ninoPrefixValid('G', 'B') || ninoPrefixValid('Q', 'Q') {
		t.Error("ninoPrefixValid")
	}
	if !cpfValid("52998224725") || cpfValid("52998224726") || cpfValid("11111111111") {
		t.Error("cpfValid")
	}
}

// FuzzValue feeds arbitrary values and names: the detector must not panic,
// and every match must be text found in the value (or its decoded form).
func FuzzValue(f *testing.F) {
	for _, s := range []string{"jane%40example.com", "+44 20 7946 0958", "SW1A 1AA", "GB82 WEST 1234 5698 7654 32", "(((((", "０９０－１２３４", "1.2.3.4.5.6.7.8.9.0.1"} {
		f.Add(s, "phone")
	}
	f.Fuzz(func(t *testing.T, v, name string) {
		fuzzbudget.Run(t, []any{v, name}, func() {
			for _, m := range Value(nil, v, NameHint(name)) {
				if m.Text == "" || m.Kind == None {
					t.Fatalf("empty match %+v for %q", m, v)
				}
			}
			URL(nil, "https://s.test/"+v+"?"+name+"="+v)
		})
	})
}

func BenchmarkValue(b *testing.B) {
	vals := []struct{ v, n string }{
		{"T-20261122-1001", "transaction_id"}, {"lead-form-1001", "form_id"}, {"samsung 55 inch tv 1001", "search_term"},
		{"1763799950.1001", "session_ref"}, {"Request a demo", "form_name"}, {"Winter sale 30% off", "promotion_name"},
		{"jane.doe@example.com", "contact"}, {"+44 20 7946 0958", "note"},
	}
	var hs Hints
	var dst []Match
	for b.Loop() {
		for _, x := range vals {
			dst = Value(dst[:0], x.v, hs.Of(x.n))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(vals)), "ns/value")
}
