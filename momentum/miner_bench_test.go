package momentum_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
	"github.com/tagspec/tagspec/momentum"
	"github.com/tagspec/tagspec/momentum/momentumtest"
)

// rowsPerUser is about how many rows a generated journey has (first_visit
// included), to size the benchmarks' user counts.
const rowsPerUser = 7.3

// BenchmarkMine measures Analyze (mining with DefaultBounds, the declared
// patterns none, velocities and early signals) on timelines of about 1M
// and 10M events in the generator's mix, built in memory. Building the
// timelines is not timed.
func BenchmarkMine(b *testing.B) {
	for _, events := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("events=%dM", events/1_000_000), func(b *testing.B) {
			users := int(float64(events) / rowsPerUser)
			var d *momentumtest.Data
			var builder *momentum.Builder
			rows := 0
			d = momentumtest.Generate(1, users, func(r momentumtest.Row) {
				if builder == nil {
					builder = momentum.NewBuilder([]string{momentumtest.Blog, momentumtest.Newsletter, momentumtest.Pricing,
						momentumtest.ROI, momentumtest.CaseStudy, momentumtest.Webinar, momentumtest.Demo}, []string{momentumtest.FirstVisit})
				}
				builder.Add(r.User, r.Event, r.Time)
				rows++
			})
			tl := builder.Build()
			cfg := d.Config()
			b.ReportMetric(float64(rows), "events")
			b.ReportAllocs()
			b.ResetTimer()
			var res *momentum.Result
			cpu0 := cpuclock.Now()
			for b.Loop() {
				res = momentum.Analyze(tl, cfg)
			}
			b.StopTimer()
			// CPU seconds of the process per op: on a shared, loaded
			// machine the wall time says more about the load than the miner.
			b.ReportMetric((cpuclock.Now()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			if len(res.Mined) == 0 || !slices.ContainsFunc(res.Mined, func(f momentum.Finding) bool { return f.Text == d.Truth.Pattern.String() }) {
				b.Fatalf("the planted pattern was not mined: %+v", res.Mined)
			}
		})
	}
}
