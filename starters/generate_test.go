package starters

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// ga4EventTagType is GTM's tag type for a GA4 event tag.
const ga4EventTagType = "gaawe"

// TestTemplatesGenerateContainers turns every template into a GTM container,
// as `tagspec generate gtm` does right after `tagspec init`: the container
// must have one GA4 event tag per spec event, read back with ParseContainer
// and come out byte-identical when generated twice.
func TestTemplatesGenerateContainers(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, diags, err := spec.Parse(name+".yaml", data)
			if err != nil || diag.HasErrors(diags) {
				t.Fatalf("spec.Parse: %v %v", err, diags)
			}
			out, err := templates.Generate(s, templates.Options{})
			if err != nil {
				t.Fatalf("templates.Generate: %v", err)
			}
			again, err := templates.Generate(s, templates.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, again) {
				t.Error("two generations of the same template differ")
			}
			c, err := templates.ParseContainer(out, name+".json")
			if err != nil {
				t.Fatalf("generated container does not parse: %v", err)
			}
			var want, got []string
			for _, e := range s.Events {
				want = append(want, "GA4 - "+e.Name)
			}
			for _, tag := range c.Version.Tags {
				if tag.Type == ga4EventTagType {
					got = append(got, tag.Name)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("GA4 event tags (-spec events +container):\n%s", diff)
			}
		})
	}
}
