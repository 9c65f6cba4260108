package codegen_test

import (
	"fmt"
	"strings"

	"github.com/tagspec/tagspec/codegen"
	"github.com/tagspec/tagspec/spec"
)

// Generate writes one function per event the site pushes data for.
func ExampleGenerate() {
	s, _, err := spec.Parse("tagspec.yaml", []byte(`version: 1
name: Trial sign-ups
measurement_id: G-TAGSPEC01
events:
  - name: free_trial_start
    kind: macro
    trigger: { datalayer: { event: trial_started } }
    params:
      plan: { from: "datalayer:plan", required: true, enum: [starter, growth] }
      trial_days: { type: integer, from: "datalayer:trial_days" }
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	files, err := codegen.Generate(s, codegen.TypeScript)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f.Name)
		for _, l := range strings.Split(string(f.Data), "\n") {
			if strings.HasPrefix(l, "export ") || strings.HasPrefix(l, "  plan") || strings.HasPrefix(l, "  trial_days") || strings.HasPrefix(l, "    ") {
				fmt.Println(l)
			}
		}
	}
	// Output:
	// tagspec-events.ts
	// export interface FreeTrialStartParams {
	//   plan: "starter" | "growth";
	//   trial_days?: number;
	// export function trackFreeTrialStart(params: FreeTrialStartParams): void {
	//     event: "trial_started",
	//     plan: params.plan,
	//     trial_days: params.trial_days,
}
