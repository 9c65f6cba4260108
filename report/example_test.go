package report_test

import (
	"os"
	"time"

	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// Write prints a report in one of the formats; here the text summary of a
// journey whose expected event never came.
func ExampleWrite() {
	j := &spec.Journey{Name: "contact form", Steps: []spec.Step{
		{Kind: spec.StepSubmit, Selector: "form#contact"},
		{Kind: spec.StepExpect, Event: "generate_lead", Pos: spec.Pos{File: "tagspec.yaml", Line: 40, Col: 9}},
	}}
	s := &spec.Spec{Name: "Example shop", Events: []spec.Event{{Name: "generate_lead"}}}
	start := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	obs := &validator.Observation{Journey: j.Name, Steps: []validator.Step{
		{Index: 0, Kind: "submit", Start: start, End: start.Add(800 * time.Millisecond)},
		{Index: 1, Kind: "expect", Start: start.Add(800 * time.Millisecond), End: start.Add(time.Second)},
	}}
	r := &report.Report{Name: s.Name, Journeys: []report.Journey{
		report.NewJourney(j, obs, validator.Check(s, j, obs, validator.Options{})),
	}}
	_ = report.Write("text", os.Stdout, r)
	// Output:
	// tagspec crawl: Example shop
	// FAIL  contact form  (2 steps, 0 hit events, 0 dataLayer events, 1s)
	//       tagspec.yaml:40:9: error: step 2: expects "generate_lead" from the start to step 2, but no GA4 hit carried it [event-missing]
	//
	// 1 journey, 1 failed; 1 error, 0 warnings
}
