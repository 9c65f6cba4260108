package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// benchSpec writes a spec of n events with a few parameters each, some of
// them wrong, so that the schema and the reference checks have findings to
// place.
func benchSpec(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: bench\nmeasurement_id: G-BENCH01\nuser_properties:\n")
	for i := range n / 10 {
		fmt.Fprintf(&b, "  trait_%d: {from: \"datalayer:user.t%d\"}\n", i, i)
	}
	b.WriteString("events:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - name: event_%d\n    kind: micro\n    trigger: {datalayer: {event: e%d}}\n    params:\n", i, i)
		fmt.Fprintf(&b, "      value: {type: number, from: \"datalayer:v%d\"}\n      label: {from: \"const:x\"}\n", i)
		if i%5 == 0 {
			b.WriteString("      wrong: {type: bogus}\n")
		}
	}
	b.WriteString("funnels:\n  - name: f\n    steps: [event_0, event_1, missing]\n")
	return []byte(b.String())
}

// BenchmarkParse loads a spec of 500 events (1x) and of 5,000 (10x): the
// 10x case takes about ten times as long when the loader is linear.
func BenchmarkParse(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1x", 500}, {"10x", 5000}} {
		data := benchSpec(size.n)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			cpuclock.Measure(b, func() {
				s, ds, err := Parse("bench.yaml", data)
				if err != nil || len(s.Events) != size.n || len(ds) == 0 {
					b.Fatalf("%d events, %d findings, err %v", len(s.Events), len(ds), err)
				}
			})
		})
	}
}

// BenchmarkParseWide loads one mapping with many keys that each have a
// finding: placing every finding must not rescan the mapping from the
// start each time.
func BenchmarkParseWide(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1x", 1000}, {"10x", 10000}} {
		var sb strings.Builder
		sb.WriteString("version: 1\nevents:\n  - name: e\n    kind: micro\n    trigger: {page_view: {}}\n    params:\n")
		for i := range size.n {
			fmt.Fprintf(&sb, "      p%d: {type: bogus}\n", i)
		}
		data := []byte(sb.String())
		b.Run(size.name, func(b *testing.B) {
			cpuclock.Measure(b, func() {
				_, ds, err := Parse("wide.yaml", data)
				if err != nil || len(ds) < size.n {
					b.Fatalf("%d findings, err %v", len(ds), err)
				}
			})
		})
	}
}

// BenchmarkParseInvalid loads broken specs of 10 (1x) and 100 (10x)
// lines that are each a run of 4,000 list dashes: explaining where the
// mistake is must take time in step with the file. (Reading each line's
// key once, not once per dash, took the cost of one line from the square
// of its dashes down to nearly linear; what is left above linear as the
// lines grow is the YAML reader's own work on nesting thousands of levels
// deep, which it caps at 10,000.)
func BenchmarkParseInvalid(b *testing.B) {
	for _, size := range []struct {
		name  string
		lines int
	}{{"1x", 10}, {"10x", 100}} {
		data := []byte(strings.Repeat(strings.Repeat("- ", 4000)+"x\n", size.lines) + "   y: 1\n z\n")
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			cpuclock.Measure(b, func() {
				if _, _, err := Parse("broken.yaml", data); err == nil || !strings.Contains(err.Error(), "indented 3 spaces") {
					b.Fatalf("err = %v", err)
				}
			})
		})
	}
}
