package gtmruntime

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// everyTriggerSpec has one event per spec trigger kind, so its container
// uses every tag, trigger and variable type tagspec generates.
func everyTriggerSpec() *spec.Spec {
	return &spec.Spec{Name: "every trigger", MeasurementID: mid, Consent: &spec.Consent{Required: []string{"analytics_storage"}},
		UserProperties: []spec.UserProperty{{Name: "plan_tier"}},
		Events: []spec.Event{
			ev("pricing_view", spec.Trigger{Kind: spec.TriggerPageView, PathPrefix: "/pricing"}, from("page", "url:path"), from("q", "url:query:q")),
			ev("cta_click", spec.Trigger{Kind: spec.TriggerClick, Selector: ".cta", Text: "Start"}, from("plan", "element:data-plan")),
			ev("pdf_click", spec.Trigger{Kind: spec.TriggerClick, URL: ".pdf"}, from("url", "builtin:Click URL")),
			ev("form_start", spec.Trigger{Kind: spec.TriggerFormStart, Selector: "form"}),
			ev("form_submit", spec.Trigger{Kind: spec.TriggerFormSubmit, Selector: "form"}, from("id", "element:id")),
			ev("form_abandon", spec.Trigger{Kind: spec.TriggerFormAbandon, Selector: "form"}),
			ev("scroll", spec.Trigger{Kind: spec.TriggerScroll, Percent: []int{50}}),
			ev("yt", spec.Trigger{Kind: spec.TriggerVideo, Provider: "youtube", Percent: []int{50}}),
			ev("html5", spec.Trigger{Kind: spec.TriggerVideo, Provider: "html5", Percent: []int{50}}),
			ev("seen", spec.Trigger{Kind: spec.TriggerVisibility, Selector: "#x", Ratio: 0.5, Seconds: 1}),
			ev("timer", spec.Trigger{Kind: spec.TriggerTimer, Seconds: 30}),
			ev("on_element", spec.Trigger{Kind: spec.TriggerTimer, Seconds: 30, Selector: "#calc"}),
			ev("lead", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "lead", Pages: "^/demo"}, from("v", "const:1"), from("e", "datalayer:a.b")),
			ev("spa", spec.Trigger{Kind: spec.TriggerHistoryChange}, from("src", "builtin:History Source")),
		}}
}

// TestScriptGeneratedContainerIsFullySupported: everything tagspec
// generates runs in the runtime, so a generated container has no
// unsupported entity.
func TestScriptGeneratedContainerIsFullySupported(t *testing.T) {
	js, un, err := Script(containerFor(t, everyTriggerSpec()))
	if err != nil {
		t.Fatal(err)
	}
	if len(un) != 0 {
		t.Errorf("unsupported entities in a generated container: %v", un)
	}
	if strings.Contains(js, containerMarker) || !strings.Contains(js, `"publicId":"GTM-XXXXXXX"`) {
		t.Errorf("the container is not embedded in the script")
	}
}

// TestScriptStarterTemplates: the containers generated from the starter
// templates (golden files of the templates package) are fully supported.
func TestScriptStarterTemplates(t *testing.T) {
	for _, name := range []string{"b2b-saas", "content", "ecommerce", "lead-gen"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("../templates/testdata/golden/starter-" + name + ".gtm.json")
			if err != nil {
				t.Fatal(err)
			}
			_, un, err := Script(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(un) != 0 {
				t.Errorf("unsupported: %v", un)
			}
		})
	}
}

// TestScriptDeterministic: the same container gives the same script.
func TestScriptDeterministic(t *testing.T) {
	c := containerFor(t, everyTriggerSpec())
	a, _, err := Script(c)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, _, _ := Script(c)
		if a != b {
			t.Fatal("Script output differs between runs")
		}
	}
}

// TestScriptUnsupported lists each entity the runtime does not emulate,
// once, in container order. The expected list is the golden file
// testdata/unknown-entities.unsupported.txt (TAGSPEC_UPDATE=1 rewrites it).
func TestScriptUnsupported(t *testing.T) {
	data, err := os.ReadFile("testdata/unknown-entities.json")
	if err != nil {
		t.Fatal(err)
	}
	_, un, err := Script(data)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, u := range un {
		b.WriteString(u.String() + "\n")
	}
	golden.CheckString(t, "testdata/unknown-entities.unsupported.txt", b.String())
	// Each entity is named once: the unsupported variable is not reported
	// again as an undefined reference.
	if n := strings.Count(b.String(), "Lookup - method"); n != 1 {
		t.Errorf("the remm variable is named %d times, want once", n)
	}
}

// TestScriptUnsupportedParts covers what a known entity may carry that
// the runtime does not emulate, and references to undefined variables.
func TestScriptUnsupportedParts(t *testing.T) {
	c, err := templates.Build(&spec.Spec{Name: "parts", MeasurementID: mid, Events: []spec.Event{
		ev("a", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "a"}, from("x", "datalayer:x")),
	}}, templates.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := &c.Version
	v.Tags[1].Unknown = []byte(`{"setupTag":[{"tagName":"GA4 - Google tag"}]}`)
	v.Tags[1].Parameter = append(v.Tags[1].Parameter, templates.Parameter{Type: "TEMPLATE", Key: "extra", Value: "{{Nowhere}} and {{Error Message}}"})
	v.Triggers[0].Filter = append(v.Triggers[0].Filter, templates.Condition{Type: "URL_MATCHES"})
	v.Triggers = append(v.Triggers, templates.Trigger{TriggerID: "99", Name: "group", Type: "TRIGGER_GROUP"})
	v.Tags = append(v.Tags, templates.Tag{TagID: "98", Name: "HTML", Type: "html", FiringTriggerID: []string{"99", "404"},
		Parameter: []templates.Parameter{{Type: "TEMPLATE", Key: "html", Value: "<b>hi</b>"}, {Type: "BOOLEAN", Key: "supportDocumentWrite", Value: "true"}}})
	v.Variables[0].Unknown = []byte(`{"formatValue":{"caseConversionType":"LOWERCASE"}}`)
	v.Tags[0].Parameter = append(v.Tags[0].Parameter, templates.Parameter{Type: "LIST", Key: "configSettingsTable", List: []templates.Parameter{
		{Type: "MAP", Map: []templates.Parameter{{Type: "TEMPLATE", Key: "parameter", Value: "server_container_url"}, {Type: "TEMPLATE", Key: "parameterValue", Value: "https://sgtm.example.com"}}}}})
	_, un, err := ScriptFor(c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range un {
		got = append(got, u.String())
	}
	want := []string{
		`tag "GA4 - Google tag" (googtag): config setting server_container_url is not emulated; hits go to https://www.google-analytics.com/g/collect`,
		`tag "GA4 - a" (gaawe): tag sequencing (setup or cleanup tags) is not emulated; the tag fires on its own triggers only`,
		`tag "HTML" (html): document.write support is not emulated`,
		`condition "tagspec - a" (URL_MATCHES): condition type URL_MATCHES is not emulated; the trigger never fires`,
		`trigger "group" (TRIGGER_GROUP): trigger type TRIGGER_GROUP is not emulated; it never fires`,
		`trigger "404": tag "HTML" refers to trigger ID 404, which the container does not define`,
		`variable "tagspec - Measurement ID" (c): value formatting (formatValue) is not applied`,
		`variable reference "Nowhere": {{Nowhere}} (used by tag "GA4 - a") is neither a supported variable of the container nor an enabled built-in; it reads as undefined`,
		`variable reference "Error Message": built-in variable {{Error Message}} (used by tag "GA4 - a") is not emulated; it reads as undefined`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unsupported (-want +got):\n%s", diff)
	}
}

// TestScriptBadInput: input that is not a container gives an error that
// says where, never a panic.
func TestScriptBadInput(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"empty":     {"", "empty file"},
		"not json":  {"<html>", "container:1:1: not a GTM container export"},
		"truncated": {`{"exportFormatVersion": 2, "containerVersion": {"tag": [`, "container:1:"},
		"wrong type": {`{"exportFormatVersion": 2, "containerVersion": {"tag": {}}}`,
			"container:1:"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Script([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func FuzzScript(f *testing.F) {
	for _, p := range []string{"testdata/unknown-entities.json", "../templates/testdata/golden/starter-b2b-saas.gtm.json"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"exportFormatVersion":2,"containerVersion":{"tag":[{"name":"x","type":"gaawe","parameter":[{"type":"LIST","key":"eventSettingsTable","list":[{"type":"MAP"}]}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			js, un, err := Script(data)
			if err != nil {
				return
			}
			if !strings.Contains(js, `"tags":`) {
				t.Fatalf("script lacks the container model")
			}
			for _, u := range un {
				if u.Entity == "" || u.Detail == "" {
					t.Fatalf("unsupported entry without entity or detail: %+v", u)
				}
			}
		})
	})
}

func TestUnsupportedFinding(t *testing.T) {
	u := Unsupported{Entity: EntityTag, Name: "Ads - conversion", Type: "awct", Detail: "tag type awct is not emulated"}
	f := u.Finding("out/container.json")
	want := `out/container.json: error: tag "Ads - conversion" (awct): tag type awct is not emulated [gtm/container-unsupported]`
	if got := f.String(); got != want {
		t.Errorf("Finding().String() = %q, want %q", got, want)
	}
}
