package benchmark

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// BenchmarkAccumulate measures rows per second through the local engine
// alone (no decoding): sessionisation, counters, durations and checks.
func BenchmarkAccumulate(b *testing.B) {
	d := generate(11, 7, 300)
	p := NewPlan(testSpec(), nil)
	var n int
	for _, day := range d.rows {
		n += len(day)
	}
	b.ReportAllocs()
	cpu0 := cpuclock.Now().Seconds()
	for b.Loop() {
		acc := p.NewAccumulator(Options{})
		for _, day := range d.rows {
			for i := range day {
				acc.Add(&day[i])
			}
		}
		_ = acc.Counts()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(n*b.N)/(cpuclock.Now().Seconds()-cpu0), "rows/cpu-s")
}

// rangesOfSize is a ranges file of n ranges with distinct keys.
func rangesOfSize(n int) []byte {
	var b bytes.Buffer
	b.WriteString("version: 1\nranges:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - key: range_%d\n    name: Range %d\n    unit: sessions\n    numerator: sessions with event %d\n    denominator: sessions\n    average_low_pct: 1\n    average_high_pct: 3\n    high_performer_pct: 5\n    source: benchmark\n    year: 2024\n", i, i, i)
	}
	return b.Bytes()
}

// BenchmarkParseRanges parses ranges files of 500 (1x) and 5,000 (10x)
// ranges: the 10x case must take about ten times as long, not more.
func BenchmarkParseRanges(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1x", 500}, {"10x", 5000}} {
		b.Run(size.name, func(b *testing.B) {
			data := rangesOfSize(size.n)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now().Seconds()
			for b.Loop() {
				rs, err := ParseRanges("ranges.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				if len(rs.List()) != size.n {
					b.Fatalf("%d ranges, want %d", len(rs.List()), size.n)
				}
			}
			b.ReportMetric((cpuclock.Now().Seconds()-cpu0)*1e9/float64(b.N), "cpu-ns/op")
		})
	}
}
