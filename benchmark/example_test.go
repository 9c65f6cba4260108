package benchmark_test

import (
	"context"
	"fmt"

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
	// Output: newsletter_signup: 17 of 619 sessions, range 1%-3% (high performer 5%+): not enough data
}
