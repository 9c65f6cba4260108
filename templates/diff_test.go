package templates

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
)

// TestDiffReportsEachDriftOnce edits the spec after generating its
// container: one event added, one parameter removed, one trigger changed.
func TestDiffReportsEachDriftOnce(t *testing.T) {
	data, err := os.ReadFile("testdata/specs/every-trigger.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := parseSpec(t, "every-trigger.yaml", data)
	c, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The container as GTM would export it: encoded and read back.
	raw, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	exported, err := ParseContainer(raw, "container.json")
	if err != nil {
		t.Fatal(err)
	}

	edited := parseSpec(t, "every-trigger.yaml", data)
	edited.Events = append(edited.Events, spec.Event{Name: "trial_started", Kind: spec.KindMacro,
		Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "trial_started"},
		Pos:     spec.Pos{File: "every-trigger.yaml", Line: 200, Col: 5}})
	pv, _ := edited.Event("pricing_view")
	pv.Params = slices.DeleteFunc(pv.Params, func(p spec.Param) bool { return p.Name == "utm_campaign" })
	cta, _ := edited.Event("cta_click")
	cta.Trigger.Selector = "button.cta"

	changes := Diff(edited, exported)
	got := sortedChangeKinds(changes)
	want := []string{
		"event_added trial_started ",
		"param_removed pricing_view utm_campaign",
		"trigger_changed cta_click ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("changes (-want +got):\n%s\nall: %v", diff, changes)
	}

	var text, js bytes.Buffer
	if err := WriteDiffText(&text, changes, "every-trigger.yaml", "container.json"); err != nil {
		t.Fatal(err)
	}
	if err := WriteDiffJSON(&js, changes); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Drift   bool     `json:"drift"`
		Changes []Change `json:"changes"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || !doc.Drift || len(doc.Changes) != 3 {
		t.Fatalf("JSON report does not read back: %v %+v", err, doc)
	}
	golden(t, "diff-every-trigger.txt", text.Bytes())
	golden(t, "diff-every-trigger.json", js.Bytes())

	if changes := Diff(s, exported); len(changes) != 0 {
		t.Errorf("unchanged spec shows drift: %v", changes)
	}
	text.Reset()
	if err := WriteDiffText(&text, nil, "a.yaml", "b.json"); err != nil || !bytes.HasPrefix(text.Bytes(), []byte("no drift")) {
		t.Errorf("no-drift report: %q", text.String())
	}
}

func TestDiffParamSourceConsentAndMeasurementID(t *testing.T) {
	base := func() *spec.Spec {
		return &spec.Spec{MeasurementID: "G-A1", Consent: &spec.Consent{Required: []string{"analytics_storage"}},
			Events: []spec.Event{{Name: "lead", Kind: spec.KindMacro,
				Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "lead"},
				Params:  []spec.Param{{Name: "value", From: spec.Source{Kind: "datalayer", Value: "lead.value"}}}}}}
	}
	c, err := Build(base(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := base()
	s.MeasurementID = "G-B2"
	s.Events[0].Params[0].From = spec.Source{Kind: "const", Value: "10"}
	s.Events[0].Params = append(s.Events[0].Params, spec.Param{Name: "currency", From: spec.Source{Kind: "const", Value: "EUR"}})
	s.Events[0].Consent = []string{"analytics_storage", "ad_storage"}
	got := sortedChangeKinds(Diff(s, c))
	want := []string{"consent_changed lead ", "measurement_id  ", "param_added lead currency", "param_changed lead value"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// TestDiffInexpressibleTrigger: an event the container sends on a trigger
// a spec cannot express is a changed trigger, not a missing event.
func TestDiffInexpressibleTrigger(t *testing.T) {
	s := &spec.Spec{MeasurementID: "G-A1", Events: []spec.Event{{Name: "js_error", Kind: spec.KindMicro,
		Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "js_error"}}}}
	c, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Version.Triggers {
		c.Version.Triggers[i].Type = "JS_ERROR"
		c.Version.Triggers[i].CustomEventFilter = nil
	}
	changes := Diff(s, c)
	if len(changes) != 1 || changes[0].Kind != ChangeTriggerChanged || changes[0].Container != `JS_ERROR trigger "tagspec - js_error" (not expressible in a spec)` {
		t.Fatalf("changes = %v", changes)
	}
}
