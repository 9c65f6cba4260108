package validator_test

import (
	"fmt"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// Check judges what a journey sent: here a newsletter signup whose
// form_location is outside the spec's enum, and a purchase that never came.
func ExampleCheck() {
	s := &spec.Spec{Name: "shop", Events: []spec.Event{
		{Name: "newsletter_signup", Params: []spec.Param{{Name: "form_location", Required: true, Enum: []any{"footer", "popup"}}}},
		{Name: "purchase"},
	}}
	j := &spec.Journey{Name: "signup", Steps: []spec.Step{
		{Kind: spec.StepSubmit, Selector: "form#newsletter"},
		{Kind: spec.StepExpect, Event: "newsletter_signup"},
		{Kind: spec.StepExpect, Event: "purchase"},
	}}
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	h, err := hits.Decode("POST", "https://www.google-analytics.com/g/collect?v=2&tid=G-1&cid=1.2&dl=https%3A%2F%2Fshop.test%2F",
		[]byte("en=newsletter_signup&ep.form_location=header\r\n"), at)
	if err != nil {
		fmt.Println(err)
		return
	}
	obs := &validator.Observation{
		Journey: j.Name,
		Steps:   []validator.Step{{Index: 0, Kind: "submit"}, {Index: 1, Kind: "expect"}, {Index: 2, Kind: "expect"}},
		Events:  validator.EventsFromHit(h, 0, 0, ""),
	}
	for _, f := range validator.Check(s, j, obs, validator.Options{}) {
		fmt.Println(f)
	}
	// Output:
	// signup: error: step 1: event "newsletter_signup": param "form_location": value must be one of "footer", "popup" [journey/param-value]
	// signup: error: step 3: expects "purchase" from the start to step 3, but no GA4 hit carried it [journey/event-missing]
}
