package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/hits"
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
	_ = report.Write(diag.FormatText, os.Stdout, r, nil)
	// Output:
	// tagspec crawl: Example shop
	// FAIL  contact form  (2 steps, 0 hit events, 0 dataLayer events, 1s)
	//       tagspec.yaml:40:9: error: step 2: expects "generate_lead" from the start to step 2, but no GA4 hit carried it [journey/event-missing]
	//
	// 1 journey, 1 failed; 1 error, 0 warnings
}

// Site tabulates the pages a crawl with discovery checked against the
// events their GA4 hits carried: page_view first, then the others in
// alphabetical order.
func ExampleReport_Site() {
	hit := func(name string) validator.Event {
		return validator.Event{Source: validator.SourceHit, Event: hits.Event{Name: name}}
	}
	r := &report.Report{Journeys: []report.Journey{
		{Name: "https://shop.example.test/", Passed: true, Page: &report.Page{URL: "https://shop.example.test/", Status: 200},
			Events: []validator.Event{hit("page_view"), hit("view_promotion"), hit("scroll")}},
		{Name: "https://shop.example.test/cart", Page: &report.Page{URL: "https://shop.example.test/cart", Status: 200},
			Events:   []validator.Event{hit("page_view"), hit("page_view")},
			Findings: []validator.Finding{{Rule: validator.RuleEventDuplicate, Severity: spec.SeverityError}}},
	}}
	t := r.Site()
	fmt.Println(t.Events)
	for _, row := range t.Rows {
		fmt.Println(row.URL, row.Counts, row.Passed, row.Errors)
	}
	// Output:
	// [page_view scroll view_promotion]
	// https://shop.example.test/ [1 1 1] true 0
	// https://shop.example.test/cart [2 0 0] false 1
}
