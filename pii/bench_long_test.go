package pii

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// longValues are the shapes of long values that give the detector the
// most to look at: free text with digits, names, addresses and emails;
// digit runs; percent-encoded text; full-width forms; separators. (Each
// case also scans distinct percent-encoded phone numbers.)
var longValues = []struct{ name, unit, hint string }{
	{"text", "Call Jane Doe on 020 7946 0958 at 12 High Street, London SW1A 1AA or jane.doe@example.com, born 1/2/85. ", "message"},
	{"digits", "4111 1111 1111 1111 ", "note"},
	{"encoded", "jane%2Edoe%40example.com%20+44%2020%207946%200958%20", "q"},
	{"fullwidth", "０９０－１２３４－５６７８ 山田 ", "phone"},
	{"dots", "1.2.3.4.5.6.7.8.9.0.", "version"},
	{"ipv6", "2001:db8::ff00:42:8329 fe80::1 ", "ip"},
	{"ats", "a@b@c@d.e@", "email"},
	{"capitals", "Mr Smith Mrs Jones My name is Anna Lee ", "comment"},
}

// BenchmarkValueLong scans values of about 2 KiB (1x) and 20 KiB (10x)
// made of repeated shapes: the 10x case takes about ten times as long
// when the detector is linear in the value's length.
func BenchmarkValueLong(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int
	}{{"1x", 2 << 10}, {"10x", 20 << 10}} {
		b.Run(size.name, func(b *testing.B) {
			vals := make([]string, len(longValues))
			hints := make([]Hint, len(longValues))
			total := 0
			for i, lv := range longValues {
				vals[i] = strings.Repeat(lv.unit, size.bytes/len(lv.unit))
				hints[i] = NameHint(lv.hint)
				total += len(vals[i])
			}
			// Distinct encoded phone numbers: each decoded match is new.
			var phones strings.Builder
			for i := 0; phones.Len() < size.bytes; i++ {
				fmt.Fprintf(&phones, "%%2B1 555 %03d %04d ", i/10000%1000, i%10000)
			}
			vals = append(vals, phones.String())
			hints = append(hints, NameHint("note"))
			total += phones.Len()
			b.SetBytes(int64(total))
			var dst []Match
			cpuclock.Measure(b, func() {
				for i, v := range vals {
					dst = Value(dst[:0], v, hints[i])
				}
			})
		})
	}
}
