package starters

import (
	"testing"

	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
)

// TestTemplatesLintClean runs every lint rule on every template: a user's
// first `tagspec lint` after `tagspec init` must report nothing, not even
// an info.
func TestTemplatesLintClean(t *testing.T) {
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
			if spec.HasErrors(diags) {
				t.Fatalf("spec.Parse reported errors: %v", diags)
			}
			for _, d := range lint.Check(s) {
				t.Errorf("%s", d)
			}
		})
	}
}
