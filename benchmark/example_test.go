package benchmark_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/spec"
)

// ExampleExampleReport benchmarks a spec against generated example data,
// as `tagspec demo` does.
func ExampleExampleReport() {
	s := &spec.Spec{
		Name: "Newsletter site",
		Events: []spec.Event{
			{Name: "newsletter_signup", Kind: spec.KindMicro, Benchmark: "newsletter_signup"},
			{Name: "generate_lead", Kind: spec.KindMacro},
		},
	}
	rep, err := benchmark.ExampleReport(context.Background(), s, nil, benchmark.ExampleOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rep.Rates[0]
	fmt.Printf("%s: %d of %d sessions, range %s: %s\n", r.Event, r.Numerator, r.Denominator, benchmark.RangeText(r.Range), r.Verdict)
	// Output: newsletter_signup: 17 of 619 sessions, range 1%-3% (high performer 5%+): inconclusive
}

// ExamplePlan_SQL prints the BigQuery query for a spec; its counters are
// the ones the local engine evaluates.
func ExamplePlan_SQL() {
	s := &spec.Spec{
		Name: "Newsletter site",
		Events: []spec.Event{
			{Name: "newsletter_signup", Kind: spec.KindMicro, Benchmark: "newsletter_signup"},
		},
	}
	sql, err := benchmark.NewPlan(s, nil).SQL("my-project.analytics_123456789", benchmark.Options{From: "20250301", To: "20250331"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(sql, "\n") {
		if strings.Contains(line, "COUNTIF(t0") || strings.Contains(line, "_TABLE_SUFFIX") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// WHERE _TABLE_SUFFIX BETWEEN '20250301' AND '20250331'
	// COUNTIF(t0 IS NOT NULL) AS c2 -- sessions with newsletter_signup
}
