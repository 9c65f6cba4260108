package gtmapi_test

import (
	"encoding/json"
	"io"
	"testing"

	tagmanager "google.golang.org/api/tagmanager/v2"

	"github.com/tagspec/tagspec/gtmapi"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// FuzzPlan feeds arbitrary workspace listings (what the API's list calls
// return) to ComputePlan: it must return a plan or an error, never panic,
// and a plan may only update or delete entities tagspec owns.
func FuzzPlan(f *testing.F) {
	s, _, err := spec.Load("testdata/spec.yaml")
	if err != nil {
		f.Fatal(err)
	}
	want, err := templates.Build(s, templates.Options{AccountID: "1", ContainerID: "2"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"tag":[{"name":"GA4 - pricing_view","type":"gaawe","notes":"managed by tagspec","path":"p/1","firingTriggerId":["9"],"parentFolderId":"8"}],"trigger":[{"triggerId":"9","name":"tagspec - pricing_view","type":"pageview","notes":"x\nmanaged by tagspec"}],"folder":[{"folderId":"8","name":"Stage - decision"}]}`))
	f.Add([]byte(`{"variable":[{"name":"DLV - form_location","type":"v","notes":"managed by tagspec","parameter":[{"type":"list","list":[{"type":"map"}]}]}],"builtInVariable":[{"type":"pageUrl"}]}`))
	f.Add([]byte(`{"tag":[null,{"name":"GA4 - cta_click","notes":"managed by tagspec"},{"name":"GA4 - cta_click","notes":"managed by tagspec"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var in struct {
			Tag             []*tagmanager.Tag
			Trigger         []*tagmanager.Trigger
			Variable        []*tagmanager.Variable
			Folder          []*tagmanager.Folder
			BuiltInVariable []*tagmanager.BuiltInVariable
		}
		if json.Unmarshal(data, &in) != nil {
			return
		}
		fuzzbudget.Run(t, data, func() {
			ws := &gtmapi.Workspace{Path: "accounts/1/containers/2/workspaces/3", Tags: in.Tag, Triggers: in.Trigger,
				Variables: in.Variable, Folders: in.Folder, BuiltIns: in.BuiltInVariable}
			p, err := gtmapi.ComputePlan(ws, want)
			if err != nil {
				return
			}
			owned := map[string]bool{}
			for _, e := range in.Tag {
				if e != nil && gtmapi.Owned(e.Notes) {
					owned[e.Path] = true
				}
			}
			for _, e := range in.Trigger {
				if e != nil && gtmapi.Owned(e.Notes) {
					owned[e.Path] = true
				}
			}
			for _, e := range in.Variable {
				if e != nil && gtmapi.Owned(e.Notes) {
					owned[e.Path] = true
				}
			}
			for _, e := range in.Folder {
				if e != nil && gtmapi.Owned(e.Notes) {
					owned[e.Path] = true
				}
			}
			for _, c := range p.Changes {
				if c.Action != gtmapi.Create && !owned[c.Path] {
					t.Fatalf("plan would %s %s %q at %q, which tagspec does not own", c.Action, c.Kind, c.Name, c.Path)
				}
			}
			_ = p.Write(io.Discard)
		})
	})
}
