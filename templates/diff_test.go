package templates

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/internal/golden"
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
	golden.Check(t, "testdata/golden/diff-every-trigger.txt", text.Bytes())
	golden.Check(t, "testdata/golden/diff-every-trigger.json", js.Bytes())

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

// TestDiffTriggerTypeChanged diffs a spec against two containers: the one
// generated from it, and a copy where one trigger was switched to another
// GTM type that reads back as the same spec trigger. The second shows one
// changed trigger, on the trigger's line in the spec.
func TestDiffTriggerTypeChanged(t *testing.T) {
	data := []byte(`version: 1
measurement_id: G-A1B2C3D4
events:
  - name: cta_click
    kind: micro
    trigger:
      click: { selector: a.cta }
  - name: partner_link
    kind: micro
    trigger:
      click: { url: partner.example }
  - name: pricing_view
    kind: micro
    trigger:
      page_view: { path: /pricing }
`)
	s := parseSpec(t, "tagspec.yaml", data)
	c, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	generated, err := ParseContainer(raw, "generated.json")
	if err != nil {
		t.Fatal(err)
	}
	if changes := Diff(s, generated); len(changes) != 0 {
		t.Fatalf("the generated container shows drift: %v", changes)
	}

	cases := []struct {
		name     string
		event    string
		from, to string // GTM trigger types
		want     string // the text line
	}{
		{"click to link click", "cta_click", "CLICK", "LINK_CLICK",
			`tagspec.yaml:7:7: ~ event "cta_click" trigger: spec click: {selector: a.cta} (GTM CLICK trigger), container click: {selector: a.cta} (GTM LINK_CLICK trigger)`},
		{"link click to click", "partner_link", "LINK_CLICK", "CLICK",
			`tagspec.yaml:11:7: ~ event "partner_link" trigger: spec click: {url: partner.example} (GTM LINK_CLICK trigger), container click: {url: partner.example} (GTM CLICK trigger)`},
		{"page view to DOM ready", "pricing_view", "PAGEVIEW", "DOM_READY",
			`tagspec.yaml:15:7: ~ event "pricing_view" trigger: spec page_view: {path: /pricing} (GTM PAGEVIEW trigger), container page_view: {path: /pricing} (GTM DOM_READY trigger)`},
	}
	var text bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			edited, err := ParseContainer(raw, "edited.json")
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for i := range edited.Version.Triggers {
				tr := &edited.Version.Triggers[i]
				if tr.Name == triggerPrefix+tc.event {
					if tr.Type != tc.from {
						t.Fatalf("generated trigger of %s is %s, want %s", tc.event, tr.Type, tc.from)
					}
					tr.Type, found = tc.to, true
				}
			}
			if !found {
				t.Fatalf("no trigger for %s", tc.event)
			}
			changes := Diff(s, edited)
			if len(changes) != 1 || changes[0].Kind != ChangeTriggerChanged || changes[0].Event != tc.event {
				t.Fatalf("changes = %v, want one trigger_changed of %s", changes, tc.event)
			}
			if got := changes[0].String(); got != tc.want {
				t.Errorf("line:\n got %s\nwant %s", got, tc.want)
			}
			if err := WriteDiffText(&text, changes, "tagspec.yaml", "edited.json"); err != nil {
				t.Fatal(err)
			}
		})
	}
	golden.Check(t, "testdata/golden/diff-trigger-type.txt", text.Bytes())
}

// TestGTMTriggerTypeMatchesGenerator: the type Diff expects for a spec
// trigger is the type Build writes, for every trigger of every test spec.
func TestGTMTriggerTypeMatchesGenerator(t *testing.T) {
	for _, sc := range specCases(t) {
		s := parseSpec(t, sc.file, sc.data)
		c, err := Build(s, Options{})
		if err != nil {
			t.Fatalf("%s: %v", sc.name, err)
		}
		for i := range s.Events {
			e := &s.Events[i]
			j := slices.IndexFunc(c.Version.Triggers, func(tr Trigger) bool { return tr.Name == triggerPrefix+e.Name })
			if j < 0 {
				t.Errorf("%s: event %q has no trigger", sc.name, e.Name)
				continue
			}
			if got, want := gtmTriggerType(&e.Trigger), c.Version.Triggers[j].Type; got != want {
				t.Errorf("%s: event %q: gtmTriggerType = %s, Build writes %s", sc.name, e.Name, got, want)
			}
		}
	}
}
