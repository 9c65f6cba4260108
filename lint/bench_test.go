package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
	"github.com/tagspec/tagspec/spec"
)

// benchSpecYAML generates a spec of n events in the shape real specs have:
// a mix of trigger kinds, 0 to 6 parameters per event (some const, some
// required, some personal-looking), a tenth of them macro, a few case
// variants and lookalikes so that every rule has work to do.
func benchSpecYAML(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: generated\nuser_properties:\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  trait_%02d: { from: \"datalayer:user.trait_%02d\" }\n", i, i)
	}
	b.WriteString("events:\n")
	triggers := []string{
		`datalayer: { event: "e%d" }`,
		`click: { selector: "#cta-%d" }`,
		`page_view: { path: "/page-%d" }`,
		`form_submit: { selector: "form#f%d" }`,
	}
	for i := range n {
		name := fmt.Sprintf("event_%05d", i)
		switch i % 50 {
		case 7:
			name = fmt.Sprintf("Event_%05d", i-1) // case variant of the previous event
		case 13:
			name = fmt.Sprintf("signUp%d", i)
		}
		kind := "micro"
		if i%10 == 0 {
			kind = "macro"
		}
		fmt.Fprintf(&b, "  - name: %s\n    kind: %s\n    trigger:\n      %s\n", name, kind, fmt.Sprintf(triggers[i%len(triggers)], i))
		if np := i % 7; np > 0 {
			b.WriteString("    params:\n")
			for j := range np {
				switch j {
				case 0:
					fmt.Fprintf(&b, "      value: { type: number, from: \"datalayer:v%d\" }\n", i)
				case 1:
					b.WriteString("      currency: { from: \"const:EUR\" }\n")
				case 2:
					fmt.Fprintf(&b, "      form_location: { from: \"datalayer:loc\", required: true }\n")
				case 3:
					b.WriteString("      user_email: { from: \"datalayer:user.email\" }\n")
				default:
					fmt.Fprintf(&b, "      detail_%d: { from: \"const:%s\" }\n", j, strings.Repeat("x", 20*j))
				}
			}
		}
	}
	return []byte(b.String())
}

// benchSizes are the 1x and 10x spec sizes, in events.
var benchSizes = []struct {
	name string
	n    int
}{{"1x", 200}, {"10x", 2000}}

// BenchmarkCheck lints generated specs of 200 (1x) and 2,000 (10x)
// events, parsed once outside the timer. ns/event stays flat, and
// cpu-ns/op grows about tenfold, when every rule is linear.
func BenchmarkCheck(b *testing.B) {
	for _, size := range benchSizes {
		n := size.n
		data := benchSpecYAML(n)
		s, _, err := spec.Parse("bench.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Events) != n {
			b.Fatalf("generated spec has %d events, want %d", len(s.Events), n)
		}
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			cpuclock.Measure(b, func() {
				if len(Check(s)) == 0 {
					b.Fatal("no findings on a spec seeded with mistakes")
				}
			})
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/event")
		})
	}
}

// BenchmarkParseAndCheck includes spec.Parse (1x and 10x as above), i.e. what `tagspec lint`
// costs end to end minus reading the file.
func BenchmarkParseAndCheck(b *testing.B) {
	for _, size := range benchSizes {
		n := size.n
		data := benchSpecYAML(n)
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			cpuclock.Measure(b, func() {
				s, _, err := spec.Parse("bench.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				Check(s)
			})
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/event")
		})
	}
}
