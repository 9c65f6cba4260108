package templates

import (
	"strings"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// TestValidateContainerCatches breaks a generated container in the ways
// GTM import rejects and checks that each is reported.
func TestValidateContainerCatches(t *testing.T) {
	s := &specForValidation
	tests := []struct {
		name  string
		edit  func(c *Container)
		rule  string
		inMsg string
	}{
		{"unknown firing trigger", func(c *Container) { c.Version.Tags[1].FiringTriggerID = []string{"999"} }, "gtm/unknown-trigger", "999"},
		{"unknown variable", func(c *Container) {
			c.Version.Tags[1].Parameter[len(c.Version.Tags[1].Parameter)-1].Value = "{{No Such Var}}"
		}, "gtm/unknown-variable", "{{No Such Var}}"},
		{"built-in not listed", func(c *Container) { c.Version.BuiltInVariables = nil }, "gtm/unknown-variable", "{{Form Element}}"},
		{"duplicate tag id", func(c *Container) { c.Version.Tags[1].TagID = c.Version.Tags[0].TagID }, "gtm/duplicate-id", "tagId"},
		{"two custom event conditions", func(c *Container) {
			for i := range c.Version.Triggers {
				if c.Version.Triggers[i].Type == "CUSTOM_EVENT" {
					c.Version.Triggers[i].CustomEventFilter = append(c.Version.Triggers[i].CustomEventFilter, c.Version.Triggers[i].CustomEventFilter[0])
				}
			}
		}, "gtm/custom-event-filter", "exactly one"},
		{"API enum spelling", func(c *Container) { c.Version.Tags[0].TagFiringOption = "oncePerEvent" }, "schema/enum", ""},
		{"lowercase trigger type", func(c *Container) { c.Version.Triggers[0].Type = "formSubmission" }, "schema/enum", ""},
		{"boolean not a string", func(c *Container) { c.Version.Triggers[0].WaitForTags.Value = "yes" }, "schema/enum", ""},
		{"unknown folder", func(c *Container) { c.Version.Tags[1].ParentFolderID = "777" }, "gtm/unknown-folder", "777"},
		{"keyed list item", func(c *Container) {
			c.Version.Tags[0].ConsentSettings = consentFor([]string{"analytics_storage"}, false)
			c.Version.Tags[0].ConsentSettings.ConsentType.List[0].Key = "x"
		}, "schema/not", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Build(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			clean, err := c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if ps, err := ValidateContainer(clean); err != nil || len(ps) != 0 {
				t.Fatalf("clean container: %v %v", ps, err)
			}
			tc.edit(c)
			data, err := c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			ps, err := ValidateContainer(data)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range ps {
				if p.Rule == tc.rule && strings.Contains(p.Message, tc.inMsg) && p.Pointer != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("want a %s problem mentioning %q, got %v", tc.rule, tc.inMsg, ps)
			}
		})
	}
}

func TestValidateContainerBareStringParameter(t *testing.T) {
	// GTM answers "Argument is not an object" for a bare string here.
	data := []byte(`{"exportFormatVersion": 2, "containerVersion": {"container": {}, "trigger": [
	  {"triggerId": "1", "name": "t", "type": "LINK_CLICK", "uniqueTriggerId": "305"}]}}`)
	ps, err := ValidateContainer(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 || !strings.Contains(ps[0].Pointer, "/uniqueTriggerId") {
		t.Fatalf("bare string uniqueTriggerId not reported: %v", ps)
	}
	if _, err := ValidateContainer([]byte("{")); err == nil {
		t.Error("truncated JSON gives no error")
	}
}

var specForValidation = func() spec.Spec {
	return spec.Spec{Name: "v", MeasurementID: "G-V1", Events: []spec.Event{
		{Name: "signup", Kind: spec.KindMicro, Stage: "awareness", Trigger: spec.Trigger{Kind: spec.TriggerFormSubmit, Selector: "form#s"}},
		{Name: "lead", Kind: spec.KindMacro, Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "lead"}},
	}}
}()
