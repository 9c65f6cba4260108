package starters

import (
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// TestTemplatesParse loads every template with the spec loader, as
// `tagspec init` users will, and requires zero diagnostics of any severity.
func TestTemplatesParse(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, diags, err := spec.Parse(name+".yaml", data)
			if err != nil {
				t.Fatalf("spec.Parse: %v", err)
			}
			for _, d := range diags {
				t.Errorf("%s", d)
			}
			if s == nil {
				t.Fatal("spec.Parse returned no spec")
			}
			if len(s.Events) == 0 || len(s.Journeys) < 2 || len(s.Funnels) == 0 {
				t.Errorf("loaded spec has %d events, %d journeys, %d funnels", len(s.Events), len(s.Journeys), len(s.Funnels))
			}
		})
	}
}

// TestTemplateContents pins the events each template promises its users:
// the micro- and macro-conversions named in its description, with the
// trigger that measures them.
func TestTemplateContents(t *testing.T) {
	type want struct {
		event   string
		kind    string // micro or macro
		trigger string
		check   func(tr spec.Trigger) bool // extra trigger facts; nil for none
	}
	tests := map[string][]want{
		"b2b-saas": {
			{"pricing_page_view", spec.KindMicro, spec.TriggerPageView, func(tr spec.Trigger) bool { return tr.PathExact == "/pricing" }},
			{"roi_calculator_engaged", spec.KindMicro, spec.TriggerTimer, func(tr spec.Trigger) bool {
				return tr.Seconds == 180 && tr.Selector == "#roi-calculator"
			}},
			{"case_study_download", spec.KindMicro, spec.TriggerClick, nil},
			{"whitepaper_download", spec.KindMicro, spec.TriggerClick, nil},
			{"demo_video_75", spec.KindMicro, spec.TriggerVideo, func(tr spec.Trigger) bool {
				return tr.Provider == "youtube" && len(tr.Percent) == 1 && tr.Percent[0] == 75
			}},
			{"free_trial_start", spec.KindMacro, spec.TriggerDataLayer, nil},
			{"demo_request", spec.KindMacro, spec.TriggerFormSubmit, nil},
		},
		"ecommerce": {
			{"view_item", spec.KindMicro, spec.TriggerDataLayer, nil},
			{"add_to_cart", spec.KindMicro, spec.TriggerDataLayer, nil},
			{"begin_checkout", spec.KindMicro, spec.TriggerDataLayer, nil},
			{"purchase", spec.KindMacro, spec.TriggerDataLayer, nil},
			{"restock_alert_signup", spec.KindMicro, spec.TriggerFormSubmit, nil},
			{"add_to_wishlist", spec.KindMicro, spec.TriggerDataLayer, nil},
		},
		"content": {
			{"article_scroll_90", spec.KindMicro, spec.TriggerScroll, func(tr spec.Trigger) bool {
				return len(tr.Percent) == 1 && tr.Percent[0] == 90
			}},
			{"newsletter_signup", spec.KindMacro, spec.TriggerFormSubmit, nil},
			{"content_download", spec.KindMicro, spec.TriggerClick, nil},
			{"video_completion", spec.KindMicro, spec.TriggerVideo, func(tr spec.Trigger) bool { return tr.Provider == "html5" }},
			{"return_visit", spec.KindMicro, spec.TriggerDataLayer, nil},
		},
		"lead-gen": {
			{"lead_form_start", spec.KindMicro, spec.TriggerFormStart, nil},
			{"lead_form_abandon", spec.KindMicro, spec.TriggerFormAbandon, nil},
			{"lead_form_submit", spec.KindMicro, spec.TriggerFormSubmit, nil},
			{"generate_lead", spec.KindMacro, spec.TriggerDataLayer, nil},
			{"qualify_lead", spec.KindMacro, spec.TriggerDataLayer, nil},
		},
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			wants, ok := tests[name]
			if !ok {
				t.Fatalf("no expected contents for template %q", name)
			}
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := spec.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range wants {
				e, ok := s.Event(w.event)
				if !ok {
					t.Errorf("event %q missing", w.event)
					continue
				}
				if e.Kind != w.kind {
					t.Errorf("event %q: kind %q, want %q", w.event, e.Kind, w.kind)
				}
				if e.Trigger.Kind != w.trigger {
					t.Errorf("event %q: trigger %q, want %q", w.event, e.Trigger.Kind, w.trigger)
				}
				if w.check != nil && !w.check(e.Trigger) {
					t.Errorf("event %q: trigger %+v does not measure what the template promises", w.event, e.Trigger)
				}
			}
		})
	}
}

// TestJourneysCoverEveryEvent checks that every event of a template is named
// by at least one journey step (expect or expect_none), so that a crawl of
// a site built to the template checks every event the template defines.
func TestJourneysCoverEveryEvent(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := spec.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			named := map[string]bool{}
			for _, j := range s.Journeys {
				for _, st := range j.Steps {
					if st.Kind == spec.StepExpect || st.Kind == spec.StepExpectNone {
						named[st.Event] = true
					}
				}
			}
			for _, e := range s.Events {
				if !named[e.Name] {
					t.Errorf("event %q is not checked by any journey", e.Name)
				}
			}
		})
	}
}
